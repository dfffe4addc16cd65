// ctv-gateway.js on its webOS and Tizen paths, under Node's test runner: the platform services stubbed at
// their documented interfaces, the install sent with fetch to the real gateway (the packaged jar) and a
// fake Kochava behind it. Each launch is a fresh page; localStorage outlives it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { tizenServices, tv, webOSServices } from './tv.mjs';
import { startFakeKochava } from '../../test-support/fake-kochava.mjs';
import { startGateway } from '../../test-support/gateway.mjs';
import { useGatewayStack } from '../../test-support/stack.mjs';
import { eventually, refusedUrl, startTap } from '../../test-support/tap.mjs';

const APP_ID = 'koexample-web-app';

const PLATFORMS = [
  {
    name: 'webOS',
    id: 'lg-webos',
    services: () => webOSServices({ lgudid: randomUUID() }),
    sent: { os_version: '7.0.0', model: 'OLED55C1', app_version: '1.0.2' },
  },
  {
    name: 'Tizen',
    id: 'samsung-tizen',
    services: () => tizenServices({ tifa: randomUUID() }),
    sent: { os_version: '6.0', model: 'QN55Q80AAFXZA', app_version: '2.1.0', lat: false },
  },
];

/** The device's identifier as its platform service answers it. */
const deviceId = (services) => services.lgudid ?? services.tifa;
const installs = (tap, platform) => tap.requests.filter((r) => r.path === `/v1/${platform}/install`);
/** The installs Kochava accepted for the device with identifier `id` (whatever its device_ids key). */
const upstreamFor = (fake, id) => fake.accepted.filter((r) => Object.values(r.body.data.device_ids).includes(id));

/** A Kochava-down gateway whose backlog (max 1 record) is already full: it answers installs 503 until drain(). */
async function backlogGateway() {
  const fake = await startFakeKochava();
  fake.failing = true;
  const gateway = await startGateway({ upstreamUrl: fake.url, journal: { max_unsettled_records: 1 }, env: { CTVGW_LOG_LEVEL: 'DEBUG' } });
  const tap = await startTap(gateway.url);
  const filler = await fetch(`${gateway.url}/v1/lg-webos/install`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ app_id: 'ko-filler', ids: { lgudid: randomUUID() } }),
  });
  assert.equal(filler.status, 202);
  const { receipt } = await filler.json();
  return {
    fake,
    tap,
    async drain() {
      fake.failing = false;
      await gateway.waitForOutput(new RegExp(`event=delivered receipt=${receipt}`));
      await gateway.waitUntilReady(); // settled too: the backlog no longer refuses installs
    },
    async close() {
      await tap.close();
      await gateway.stop();
      await fake.close();
    },
  };
}

for (const platform of PLATFORMS) {
  describe(`${platform.name} path of ctv-gateway.js`, () => {
    let fake;
    let gateway;
    let tap;
    useGatewayStack((stack) => ({ fake, gateway, tap } = stack));

    test('first launch delivers one install upstream; the second launch sends nothing', async () => {
      const services = platform.services();
      const id = deviceId(services);
      const set = tv(services);
      tap.clear();

      const first = await set.launch({ url: `${tap.url}/`, appId: APP_ID });

      assert.equal(first.result.status, 'accepted', first.log);
      assert.equal(installs(tap, platform.id).length, 1);
      const sent = JSON.parse(installs(tap, platform.id)[0].body);
      assert.equal(sent.app_id, APP_ID);
      assert.deepEqual(Object.values(sent.ids), [id]);
      for (const [field, value] of Object.entries(platform.sent)) {
        assert.equal(sent[field], value, field);
      }
      assert.equal(typeof sent.usertime, 'number');
      await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
      const upstream = upstreamFor(fake, id)[0].body;
      assert.equal(upstream.kochava_app_id, APP_ID);
      assert.equal(upstream.data.app_version, platform.sent.app_version);
      assert.ok(upstream.data.device_ver.startsWith(`${platform.sent.model}-`), upstream.data.device_ver);
      assert.match(set.storage.getItem('ctvgw.install'), /^accepted [0-9A-Z]{26}$/);
      assert.ok(!first.log.includes(id), 'identifiers are not logged');

      tap.clear();
      const second = await set.launch({ url: tap.url, appId: APP_ID });

      assert.equal(second.result.status, 'reported-before');
      assert.equal(tap.requests.length, 0, second.log);
      assert.equal(upstreamFor(fake, id).length, 1);
    });

    test('consent passed to the kit reaches Kochava in its shape, with the install', async () => {
      const services = platform.services();
      const id = deviceId(services);
      const set = tv(services);
      const consent = { gdpr_applies: true, tc_string: 'CPzHq4APzHq4AAGABCENBcCgAP_AAH_AAAqIHWtf', ad_user_data: true,
        ad_personalization: false };
      const launched = await set.launch({ url: tap.url, appId: APP_ID, consent });
      assert.equal(launched.result.status, 'accepted', launched.log);
      await eventually('the install upstream', () => upstreamFor(fake, id).length === 1);
      assert.deepEqual(upstreamFor(fake, id)[0].body.data.gdpr_privacy_consent,
        { gdpr_applies: 1, tc_string: consent.tc_string, ad_user_data: 1, ad_personalization: 0 });
    });

    test('a network error on the first launch: delivered on the next launch', async () => {
      const services = platform.services();
      const set = tv(services);
      tap.clear();

      const first = await set.launch({ url: await refusedUrl(), appId: APP_ID });

      assert.equal(first.result.status, 'retry-later', first.log);
      assert.equal(set.storage.getItem('ctvgw.install'), null);
      const firstSeen = Number(set.storage.getItem('ctvgw.first_seen'));

      const second = await set.launch({ url: tap.url, appId: APP_ID });

      assert.equal(second.result.status, 'accepted', second.log);
      assert.equal(installs(tap, platform.id).length, 1);
      assert.equal(JSON.parse(installs(tap, platform.id)[0].body).usertime, firstSeen);
      await eventually('the install upstream', () => upstreamFor(fake, deviceId(services)).length === 1);
    });

    test('trackEvent posts event_name, event_data and the device fields to the event endpoint', async () => {
      const services = platform.services();
      const set = tv(services);
      tap.clear();

      const run = await set.launch({ url: tap.url, appId: APP_ID }, (kit) => kit.trackEvent('purchase', { sku: 'gold', price: 4.99 }));

      const events = tap.requests.filter((r) => r.path === `/v1/${platform.id}/event`);
      assert.equal(events.length, 1, run.log);
      assert.equal(events[0].headers['content-type'], 'application/json');
      const body = JSON.parse(events[0].body);
      assert.equal(body.event_name, 'purchase');
      assert.deepEqual(body.event_data, { sku: 'gold', price: 4.99 });
      assert.equal(body.app_id, APP_ID);
      assert.deepEqual(Object.values(body.ids), [deviceId(services)]);
      assert.equal(body.model, platform.sent.model);
      assert.equal(run.extra.status, 'sent', run.log);
      await eventually('the event upstream', () => upstreamFor(fake, deviceId(services))
        .some((r) => r.body.action === 'event' && r.body.data.event_name === 'purchase'));
    });
  });

  describe(`${platform.name} path against a gateway that answers 503 (backlog full)`, () => {
    test('a first launch that met a 503 delivers exactly one install on the next launch', async () => {
      const backlog = await backlogGateway();
      try {
        const services = platform.services();
        const set = tv(services);

        const first = await set.launch({ url: backlog.tap.url, appId: APP_ID });

        assert.equal(first.result.status, 'retry-later', first.log);
        assert.equal(first.result.httpStatus, 503);
        assert.equal(first.result.retryAfter, '30');
        assert.equal(set.storage.getItem('ctvgw.install'), null);

        await backlog.drain();
        backlog.tap.clear();
        const second = await set.launch({ url: backlog.tap.url, appId: APP_ID });

        assert.equal(second.result.status, 'accepted', second.log);
        assert.equal(installs(backlog.tap, platform.id).length, 1);
        await eventually('the install upstream', () => upstreamFor(backlog.fake, deviceId(services)).length === 1);

        backlog.tap.clear();
        const third = await set.launch({ url: backlog.tap.url, appId: APP_ID });
        assert.equal(third.result.status, 'reported-before');
        assert.equal(backlog.tap.requests.length, 0);
        assert.equal(upstreamFor(backlog.fake, deviceId(services)).length, 1);
      } finally {
        await backlog.close();
      }
    });
  });
}

describe('ctv-gateway.js with a gateway that requires a client key for the app', () => {
  const KEY = 'web-kit-key-0123456789';
  let fake;
  let gateway;
  let tap;

  test('with clientKey the install is accepted and the key is sent as X-Ctvgw-Key; without it, 401', async () => {
    fake = await startFakeKochava();
    gateway = await startGateway({ upstreamUrl: fake.url, apps: { [APP_ID]: { client_keys: ['old-key-0123456789', KEY] } } });
    tap = await startTap(gateway.url);
    try {
      const keyed = tv(webOSServices({ lgudid: randomUUID() }));
      const accepted = await keyed.launch({ url: tap.url, appId: APP_ID, clientKey: KEY });
      assert.equal(accepted.result.status, 'accepted', accepted.log);
      assert.equal(installs(tap, 'lg-webos')[0].headers['x-ctvgw-key'], KEY);

      tap.clear();
      const unkeyed = tv(webOSServices({ lgudid: randomUUID() }));
      const refused = await unkeyed.launch({ url: tap.url, appId: APP_ID });
      assert.equal(refused.result.status, 'rejected', refused.log);
      assert.equal(refused.result.httpStatus, 401);
      assert.match(refused.result.error, /invalid_client_key/);
    } finally {
      await tap.close();
      await gateway.stop();
      await fake.close();
    }
  });
});

describe('platform specifics of ctv-gateway.js', () => {
  let fake;
  let gateway;
  let tap;
  useGatewayStack((stack) => ({ fake, gateway, tap } = stack));

  test('webOS asks the Luna services documented for LGUDID, model and SDK version', async () => {
    const services = webOSServices({ lgudid: randomUUID() });
    await tv(services).launch({ url: tap.url, appId: APP_ID });
    assert.deepEqual(services.calls, [
      { uri: 'luna://com.webos.service.sm', method: 'deviceid/getIDs', parameters: { idType: ['LGUDID'] } },
      { uri: 'luna://com.webos.service.tv.systemproperty', method: 'getSystemInfo', parameters: { keys: ['modelName', 'sdkVersion'] } },
    ]);
  });

  test("the webOS emulator's all-zero LGUDID is not sent and nothing is remembered", async () => {
    const set = tv(webOSServices({ emulator: true }));
    tap.clear();

    const run = await set.launch({ url: tap.url, appId: APP_ID });

    assert.deepEqual(run.result, { status: 'skipped', reason: 'placeholder_id' });
    assert.equal(tap.requests.length, 0);
    assert.equal(set.storage.getItem('ctvgw.install'), null);
    assert.match(run.log, /all zeros/);
  });

  test('a 4xx answer is logged (advertising id cut) and not sent again by the same app version', async () => {
    const tifa = 'not-a-tifa-0123456789abcdef';
    const set = tv(tizenServices({ tifa }));
    tap.clear();

    const first = await set.launch({ url: tap.url, appId: APP_ID });

    assert.equal(first.result.status, 'rejected');
    assert.equal(first.result.httpStatus, 400);
    assert.match(first.log, /install rejected \(400\): \{"error":\{"code":"invalid_format".*not-a-ti\.\.\./);
    assert.ok(!first.log.includes(tifa), first.log);
    assert.equal(set.storage.getItem('ctvgw.rejected_version'), '2.1.0');

    tap.clear();
    const second = await set.launch({ url: tap.url, appId: APP_ID });

    assert.equal(second.result.status, 'rejected-before');
    assert.equal(tap.requests.length, 0);
  });

  test('Tizen with limited ad tracking sends lat: true', async () => {
    const set = tv(tizenServices({ tifa: randomUUID(), lat: true }));
    tap.clear();

    await set.launch({ url: tap.url, appId: APP_ID });

    assert.equal(installs(tap, 'samsung-tizen').length, 1);
    assert.equal(JSON.parse(installs(tap, 'samsung-tizen')[0].body).lat, true);
  });
});
