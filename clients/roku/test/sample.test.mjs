// The sample channel of clients/roku/README.md ("Try it locally"), run as the README says (brs-cli with the
// sample's main.brs and CtvGateway.brs) against the real gateway; and a check brs-engine cannot make for us.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { useGatewayStack } from '../../test-support/stack.mjs';
import { eventually } from '../../test-support/tap.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const kit = path.resolve(here, '..', 'CtvGateway.brs');
const sample = path.resolve(here, '..', 'sample', 'source', 'main.brs');
const brsCli = require.resolve('brs-engine/bin/brs.cli.js');

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [brsCli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('Roku sample channel', () => {
  let fake;
  let tap;
  useGatewayStack((stack) => ({ fake, tap } = stack));

  test('runs under brs-cli as the README says and reports its install and its event', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ctvgw-sample-'));
    try {
      // The sample as shipped, pointed at this test's gateway instead of 127.0.0.1:8080.
      const source = fs.readFileSync(sample, 'utf8');
      assert.match(source, /return "http:\/\/127\.0\.0\.1:8080"/);
      const main = path.join(home, 'main.brs');
      fs.writeFileSync(main, source.replace('http://127.0.0.1:8080', tap.url));
      const { code, out } = await run([main, kit], { ...process.env, XDG_DATA_HOME: home });
      assert.equal(code, 0, out);
      assert.match(out, /\[CtvGateway\] install accepted receipt=/, out);
      assert.match(out, /sample done, busy=false/, out);
      await eventually('the sample install upstream', () =>
        fake.accepted.some((r) => r.body.kochava_app_id === 'koexample-app-id' && r.body.action === 'install'));
      await eventually('the sample event upstream', () =>
        fake.accepted.some((r) => r.body.kochava_app_id === 'koexample-app-id' && r.body.data?.event_name === 'sample_opened'));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test('every Val() in the kit has a radix', () => {
    // On a device Val(s) is a Float (too coarse for epoch seconds: 1764600001 comes back as 1764600064), while
    // brs-engine returns an Integer, so no run under brs-cli can show it: the source is checked instead.
    const code = fs.readFileSync(kit, 'utf8').split('\n').filter((line) => !line.trim().startsWith("'"));
    const oneArgument = code.filter((line) => /\bVal\((?:[^(),]|\([^()]*\))*\)/.test(line));
    assert.deepEqual(oneArgument, []);
  });
});
