// Runs the test channel under brs-engine's brs-cli, one process per launch, with a registry that lasts
// across launches like a device's.
//
// brs-cli 1.7.2 loads a registry with `--registry` from $XDG_DATA_HOME/brs-cli/registry.json (an object
// {"<devId>.<section>.<key>": "value"}), but never saves it in a form it can load back: it writes only in
// ECP mode (`--ecp`, which binds ports 8060 and 1900) and then as an array of pairs, which its loader skips.
// So the test channel prints its registry section after the kit ran (CTVGW-TEST-REGISTRY), and this
// harness writes that into registry.json for the next launch: the kit itself reads and writes only
// through roRegistrySection.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const kit = path.resolve(here, '..', 'CtvGateway.brs');
const brsCli = require.resolve('brs-engine/bin/brs.cli.js');

/** BrightScript source of an AA literal for `value` (strings, numbers, booleans, objects, arrays). */
function brs(value) {
  if (value === null || value === undefined) return 'invalid';
  if (Array.isArray(value)) return `[${value.map(brs).join(', ')}]`;
  if (typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${brs(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  return String(value);
}

/** A simulated Roku device: its registry survives from one launch to the next. */
export function rokuDevice() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ctvgw-roku-'));
  const registryFile = path.join(home, 'brs-cli', 'registry.json');
  fs.mkdirSync(path.dirname(registryFile));
  fs.writeFileSync(registryFile, '{}');
  return {
    /** The registry as brs-cli will load it on the next launch. */
    registry: () => JSON.parse(fs.readFileSync(registryFile, 'utf8')),
    /**
     * Launches the channel once with TestConfig() = {gateway, event}; resolves with the channel's output
     * and its CtvGateway registry section after the run.
     */
    async launch(config) {
      const channel = path.join(home, 'channel.zip');
      fs.writeFileSync(channel, zipSync({
        manifest: fs.readFileSync(path.join(here, 'channel', 'manifest')),
        source: {
          'main.brs': fs.readFileSync(path.join(here, 'channel', 'main.brs')),
          'CtvGateway.brs': fs.readFileSync(kit),
          'TestConfig.brs': strToU8(`function TestConfig() as Object\n  return ${brs(config)}\nend function\n`),
        },
      }));
      const { stdout, stderr, code } = await run(process.execPath, [brsCli, '--registry', channel], {
        ...process.env, XDG_DATA_HOME: home,
      });
      const dump = /^CTVGW-TEST-REGISTRY (.*)$/m.exec(stdout);
      if (code !== 0 || !dump || stderr.includes('BRIGHTSCRIPT: ERROR')) {
        throw new Error(`channel run failed (exit ${code}):\n${stdout}\n${stderr}`);
      }
      const { devId, section, values } = JSON.parse(dump[1]);
      const saved = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${devId}.${section}.${k}`, v]));
      fs.writeFileSync(registryFile, JSON.stringify(saved));
      return { output: stdout, values };
    },
    remove: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}
