// The real gateway (target/ctv-gateway.jar, built by `mvn package`) as a child process, as the Java
// process tests start it: a config file with port 0, a temp data dir, its ready line read for the port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './tap.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const READY = /event=ready http_port=(\d+) admin_port=(\d+)/;

/**
 * Starts the jar against `upstreamUrl` and waits for its ready line. `journal` is merged into the journal
 * settings (e.g. {max_unsettled_records: 1} for a gateway that answers 503 early); `env` is added to its
 * environment (e.g. CTVGW_LOG_LEVEL); `apps` is the config's app registry (e.g. {'koctv-x': {client_keys: [...]}}),
 * and when it is given only those apps are served. Returns {url, output, waitForOutput, stop}.
 */
export async function startGateway({ upstreamUrl, journal = {}, env = {}, apps = {} }) {
  const jar = process.env.CTVGW_JAR || path.join(repo, 'target', 'ctv-gateway.jar');
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} is missing: run \`mvn -B -DskipTests package\` first (mvn -B verify does)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctvgw-clients-'));
  const config = {
    data_dir: path.join(dir, 'data'),
    profiles_dir: path.join(repo, 'device-profiles'),
    http: { host: '127.0.0.1', port: 0, instances: 1, shutdown_grace_ms: 1000 },
    admin: { port: 0 },
    upstream: { url: upstreamUrl, timeout_ms: 2000 },
    delivery: { initial_backoff_ms: 20, max_backoff_ms: 200, breaker_open_ms: 50, breaker_max_open_ms: 200 },
    journal: { checkpoint_interval_ms: 50, min_free_disk_bytes: 0, ...journal },
    access: { unknown_apps: Object.keys(apps).length ? 'reject' : 'accept' },
    apps,
  };
  const configFile = path.join(dir, 'gateway.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = spawn('java', ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar, '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const [port, adminPort] = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway not ready in 60 s:\n${output}`)), 60000);
    const read = (chunk) => {
      output += chunk;
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve([Number(ready[1]), Number(ready[2])]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    output: () => output,
    /** Resolves once the gateway's output matches `pattern`. */
    waitForOutput: (pattern) => eventually(`gateway output ${pattern}`, () => pattern.test(output)),
    /** Resolves once the gateway's readiness (admin /health/ready) is 200: it takes installs (backlog drained). */
    async waitUntilReady() {
      const deadline = Date.now() + 15000;
      for (;;) {
        const answer = await fetch(`http://127.0.0.1:${adminPort}/health/ready`).catch(() => null);
        if (answer && answer.status === 200) {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`gateway not ready again in 15 s:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
