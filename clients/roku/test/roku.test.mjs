// CtvGateway.brs run by brs-engine's brs-cli against the real gateway (the packaged jar) and a fake Kochava.
// Each launch is one brs-cli process; the device's registry carries over between launches.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rokuDevice } from './brs-channel.mjs';
import { startFakeKochava } from '../../test-support/fake-kochava.mjs';
import { startGateway } from '../../test-support/gateway.mjs';
import { useGatewayStack } from '../../test-support/stack.mjs';
import { eventually, refusedUrl, startTap } from '../../test-support/tap.mjs';

// What brs-engine 1.7.2's roDeviceInfo reports (a device reports 32 alphanumerics as channel client id).
const SIM_CHANNEL_CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app = 0;
/** A fresh Kochava app id per test: installs are de-duplicated per app, and the simulator is one device. */
const appId = (name) => `ko-roku-${name}-${process.pid}-${++app}`;

const installs = (tap) => tap.requests.filter((r) => r.path === '/v1/roku/install');
const upstreamFor = (fake, id) => fake.accepted.filter((r) => r.body.kochava_app_id === id);

describe('Roku kit (CtvGateway.brs under brs-cli)', () => {
  let fake;
  let gateway;
  let tap;
  useGatewayStack((stack) => ({ fake, gateway, tap } = stack));

  test('first launch delivers one install upstream; the second launch sends nothing', async () => {
    const device = rokuDevice();
    const id = appId('first');
    tap.clear();

    const first = await device.launch({ gateway: { url: tap.url, appId: id } });

    assert.equal(installs(tap).length, 1, first.output);
    const sent = JSON.parse(installs(tap)[0].body);
    assert.equal(installs(tap)[0].status, 202);
    assert.equal(sent.app_id, id);
    assert.equal(sent.app_version, '3.3.0'); // from the manifest, through roAppInfo
    assert.match(sent.ids.channel_client_id, SIM_CHANNEL_CLIENT_ID);
    assert.equal(sent.lat, true); // brs-engine's IsRIDADisabled() is true...
    assert.equal(sent.ids.rida, undefined); // ...so the temporary RIDA is not sent
    assert.equal(sent.os_version, '11.5.0.4330'); // GetOSVersion(): GetVersion() is not a real legacy string
    assert.equal(sent.model, '3930X');
    assert.equal(typeof sent.usertime, 'number');
    await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
    const upstream = upstreamFor(fake, id)[0].body;
    assert.equal(upstream.action, 'install');
    assert.equal(upstream.data.device_ids.udid, sent.ids.channel_client_id.replaceAll('-', ''));
    assert.equal(upstream.data.device_ver, '3930X-RokuOS-11.5.0');
    assert.equal(upstream.data.usertime, String(sent.usertime));
    assert.match(first.values.install, /^accepted [0-9A-Z]{26}$/);
    assert.match(first.output, /\[CtvGateway\] install accepted receipt=/);

    tap.clear();
    const second = await device.launch({ gateway: { url: tap.url, appId: id } });

    assert.equal(tap.requests.length, 0, second.output);
    assert.match(second.output, /install reported before/);
    assert.equal(upstreamFor(fake, id).length, 1);
    device.remove();
  });

  test('consent passed to the kit reaches Kochava in its shape, with the install and with an event', async () => {
    const device = rokuDevice();
    const id = appId('consent');
    const consent = { tc_string: 'CPzHq4APzHq4AAGABCENBcCgAP_AAH_AAAqIHWtf', gdpr_applies: true };
    await device.launch({ gateway: { url: tap.url, appId: id, consent }, event: { name: 'play', data: { n: 1 } } });
    await eventually('the install and the event upstream', () => upstreamFor(fake, id).length === 2);
    for (const sent of upstreamFor(fake, id)) {
      assert.deepEqual(sent.body.data.gdpr_privacy_consent, { gdpr_applies: 1, tc_string: consent.tc_string },
        sent.body.action);
    }
    device.remove();
  });

  test('an unreachable gateway on the first launch: delivered on the next launch', async () => {
    const device = rokuDevice();
    const id = appId('unreachable');
    tap.clear();

    const first = await device.launch({ gateway: { url: await refusedUrl(), appId: id } });

    assert.equal(first.values.install, undefined);
    assert.match(first.output, /install not delivered .*next launch/);
    const firstSeen = first.values.first_seen;

    const second = await device.launch({ gateway: { url: tap.url, appId: id } });

    assert.equal(installs(tap).length, 1, second.output);
    assert.equal(JSON.parse(installs(tap)[0].body).usertime, Number(firstSeen)); // the first launch's time
    await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
    assert.match(second.values.install, /^accepted /);
    device.remove();
  });

  test('a 4xx answer is logged with its error body and not sent again', async () => {
    const device = rokuDevice();
    const id = 'not a valid app id!';
    tap.clear();

    const first = await device.launch({ gateway: { url: tap.url, appId: id } });

    assert.equal(installs(tap).length, 1);
    assert.equal(installs(tap)[0].status, 400);
    assert.match(first.output, /install rejected \(400\): \{"error":\{"code":"invalid_format"/);
    assert.equal(first.values.rejected_version, '3.3.0');

    tap.clear();
    const second = await device.launch({ gateway: { url: tap.url, appId: id } });

    assert.equal(tap.requests.length, 0, second.output);
    assert.match(second.output, /rejected for app version 3\.3\.0/);
    device.remove();
  });

  test('TrackEvent posts event_name, event_data and the device fields to /v1/roku/event', async () => {
    const device = rokuDevice();
    const id = appId('event');
    tap.clear();

    const run = await device.launch({
      gateway: { url: tap.url, appId: id },
      event: { name: 'purchase', data: { sku: 'gold', price: 4.99 } },
    });

    const events = tap.requests.filter((r) => r.path === '/v1/roku/event');
    assert.equal(events.length, 1, run.output);
    assert.equal(events[0].method, 'POST');
    assert.equal(events[0].headers['content-type'], 'application/json');
    const body = JSON.parse(events[0].body);
    assert.equal(body.event_name, 'purchase');
    assert.deepEqual(body.event_data, { sku: 'gold', price: 4.99 });
    assert.equal(body.app_id, id);
    assert.match(body.ids.channel_client_id, SIM_CHANNEL_CLIENT_ID);
    assert.equal(body.os_version, '11.5.0.4330');
    assert.equal(typeof body.usertime, 'number');
    assert.match(run.output, /\[CtvGateway\] event purchase accepted/);
    await eventually('the event upstream', () => upstreamFor(fake, id)
      .some((r) => r.body.action === 'event' && r.body.data.event_name === 'purchase'));
    device.remove();
  });
});

describe('Roku kit with a gateway that requires a client key for the app', () => {
  test('clientKey is sent as X-Ctvgw-Key and the install accepted; without it, 401 and not sent again', async () => {
    const KEY = 'roku-kit-key-0123456789';
    const id = appId('keyed');
    const fake = await startFakeKochava();
    const gateway = await startGateway({ upstreamUrl: fake.url, apps: { [id]: { client_keys: [KEY] } } });
    const tap = await startTap(gateway.url);
    try {
      const keyed = rokuDevice();
      const first = await keyed.launch({ gateway: { url: tap.url, appId: id, clientKey: KEY } });
      assert.equal(installs(tap).length, 1, first.output);
      assert.equal(installs(tap)[0].headers['x-ctvgw-key'], KEY);
      assert.equal(installs(tap)[0].status, 202, first.output);
      await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
      keyed.remove();

      tap.clear();
      const unkeyed = rokuDevice();
      const refused = await unkeyed.launch({ gateway: { url: tap.url, appId: id } });
      assert.equal(installs(tap)[0].status, 401, refused.output);
      assert.match(refused.output, /install rejected \(401\): \{"error":\{"code":"invalid_client_key"/);
      unkeyed.remove();
    } finally {
      await tap.close();
      await gateway.stop();
      await fake.close();
    }
  });
});

describe('Roku kit against a gateway that answers 503 (backlog full)', () => {
  test('a first launch that met a 503 delivers exactly one install on the next launch', async () => {
    const fake = await startFakeKochava();
    fake.failing = true; // Kochava down: the gateway's backlog of one record does not drain
    const gateway = await startGateway({
      upstreamUrl: fake.url,
      journal: { max_unsettled_records: 1 },
      env: { CTVGW_LOG_LEVEL: 'DEBUG' },
    });
    const tap = await startTap(gateway.url);
    const device = rokuDevice();
    const id = appId('backlog');
    try {
      // Another TV's install fills the backlog.
      const filler = await fetch(`${gateway.url}/v1/roku/install`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: 'ko-filler', ids: { channel_client_id: 'f'.repeat(32) } }),
      });
      assert.equal(filler.status, 202);
      const fillerReceipt = (await filler.json()).receipt;

      const first = await device.launch({ gateway: { url: tap.url, appId: id } });

      assert.equal(installs(tap).length, 1);
      assert.equal(installs(tap)[0].status, 503);
      assert.match(first.output, /install not delivered \(503 .*retry-after=30\): will try again on the next launch/);
      assert.equal(first.values.install, undefined);

      fake.failing = false; // Kochava back: the backlog drains
      await gateway.waitForOutput(new RegExp(`event=delivered receipt=${fillerReceipt}`));
      await gateway.waitUntilReady(); // settled too: the backlog no longer refuses installs
      tap.clear();

      const second = await device.launch({ gateway: { url: tap.url, appId: id } });

      assert.equal(installs(tap).length, 1, second.output);
      assert.equal(installs(tap)[0].status, 202);
      await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
      assert.match(second.values.install, /^accepted /);

      tap.clear();
      await device.launch({ gateway: { url: tap.url, appId: id } });
      assert.equal(tap.requests.length, 0);
      assert.equal(upstreamFor(fake, id).length, 1);
    } finally {
      device.remove();
      await tap.close();
      await gateway.stop();
      await fake.close();
    }
  });
});

describe('Roku kit OS version (CtvGateway_OsVersion under brs-cli)', () => {
  test('GetVersion() before Roku OS 9.2, GetOSVersion() from 9.2 on and for placeholders', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const cli = createRequire(import.meta.url).resolve('brs-engine/bin/brs.cli.js');
    const output = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, path.join(here, '..', 'CtvGateway.brs'), path.join(here, 'os-version.brs')]);
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const got = Object.fromEntries([...output.matchAll(/^OS (\S+) -> (\S+)$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(got, {
      '034.08E01185A': '034.08E01185A', // Roku OS 4.8: only GetVersion() exists
      '519.10E04111A': '519.10E04111A', // 9.1.0
      '529.20E04145A': '12.0.0.4186', // 9.2: GetOSVersion() exists
      '999.9999999': '12.0.0.4186', // the deprecated call's placeholder
      'BSC.50E04330A': '12.0.0.4186', // brs-engine's own string
    }, output);
  });
});
