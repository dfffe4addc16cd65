// The admin console in a real browser: Debian's Chromium driven by playwright-core, against the real jar (with an
// admin token) and a fake Kochava. Screenshots of every page go to target/console-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeKochava } from '../test-support/fake-kochava.mjs';
import { startGateway } from '../test-support/gateway.mjs';
import { eventually } from '../test-support/tap.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(here, '..', '..', 'target');
const TOKEN = 'console-test-token-0123456789';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function install(gateway, app, rida, extra = {}) {
  const response = await fetch(`${gateway.url}/v1/roku/install`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ app_id: app, ids: { rida }, os_version: '12.0.0.4186', model: '3920X', ...extra }),
  });
  return response.status;
}

const rida = () => crypto.randomUUID();

describe('admin console (Chromium)', () => {
  let fake;
  let gateway;
  let browser;
  let page;

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the console tests need Debian's chromium (apt-get install chromium; .ci/run does)`);
    }
    fake = await startFakeKochava();
    gateway = await startGateway({ upstreamUrl: fake.url, env: { CTVGW_ADMIN_TOKEN: TOKEN } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => dialog.accept());
    fs.mkdirSync(target, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await fake?.close();
  });

  const shot = (name) => page.screenshot({ path: path.join(target, `console-${name}.png`), fullPage: true });

  test('without the token it asks for it and shows nothing', async () => {
    await page.goto(`${gateway.adminUrl}/`);
    await page.waitForSelector('#login:not([hidden])');
    assert.equal(await page.isVisible('#status'), false);
    assert.equal(await page.isVisible('#tabs'), false);
    assert.equal(await page.textContent('#stat-accepted'), '–');
    await page.fill('#token', 'wrong-token');
    await page.click('#login-form button');
    await page.waitForSelector('#login-error:text("refused")');
    assert.equal(await page.isVisible('#status'), false);
    await shot('login');
    await page.fill('#token', TOKEN);
    await page.click('#login-form button');
    await page.waitForSelector('#status:not([hidden])');
  });

  test('the status page shows numbers that move after installs', async () => {
    await page.waitForFunction(() => document.querySelector('#stat-accepted').textContent !== '–');
    const before = Number(await page.textContent('#stat-accepted'));
    for (let i = 0; i < 5; i++) assert.equal(await install(gateway, 'ko-console-status', rida()), 202);
    await page.waitForFunction((b) => Number(document.querySelector('#stat-accepted').textContent) >= b + 5, before);
    await page.waitForFunction(() => Number(document.querySelector('#stat-delivered').textContent) >= 5);
    await page.waitForSelector('#chart .uplot');
    assert.match(await page.textContent('#stat-ledger'), /memory up/);
    await page.waitForTimeout(2500); // two more polls, so the chart has points
    await shot('status');
  });

  test('the tail shows an accepted install and a rejected one with its code', async () => {
    await page.click('#tabs button[data-tab="tail"]');
    await page.waitForSelector('#tail-state:text("live")');
    assert.equal(await install(gateway, 'ko-console-tail', rida()), 202);
    assert.equal(await install(gateway, 'ko-console-tail', 'not-a-rida'), 400);
    const accepted = page.locator('#tail-table tbody tr', { hasText: 'ko-console-tail' }).filter({ hasText: 'accepted' });
    await accepted.first().waitFor();
    const rejected = page.locator('#tail-table tbody tr', { hasText: 'invalid_format / ids.rida' });
    await rejected.first().waitFor();
    // Masked: the device column is a hash prefix; the RIDA sent is nowhere on the page.
    assert.equal((await page.content()).includes('not-a-rida'), false);
    await shot('tail');
  });

  test('a dead letter is requeued from the page and reaches Kochava', async () => {
    fake.rejectApp = 'ko-console-dead';
    const device = rida();
    assert.equal(await install(gateway, 'ko-console-dead', device), 202);
    await gateway.waitForOutput(/event=dead_lettered reason=rejected/);
    await page.click('#tabs button[data-tab="dead-letters"]');
    const row = page.locator('#dl-table tbody tr', { hasText: 'ko-console-dead' });
    await row.first().waitFor();
    await row.first().locator('button.dl-view').click();
    await page.waitForSelector('#dl-detail:not([hidden])');
    assert.match(await page.textContent('#dl-detail'), /"reason": "rejected"/);
    assert.match(await page.textContent('#dl-detail'), /original_request/);
    await shot('dead-letters');
    fake.rejectApp = null;
    await row.first().locator('button.dl-requeue').click();
    await page.waitForSelector('#dl-state:text("requeued 1")');
    await eventually('the requeued install at Kochava', () =>
      fake.accepted.some((r) => r.body.kochava_app_id === 'ko-console-dead' && r.body.data.device_ids.rida === device));
  });

  test('the playground shows the body for a Roku request and the error for a bad one', async () => {
    await page.click('#tabs button[data-tab="playground"]');
    await page.waitForFunction(() => document.querySelector('#pg-platform').value === 'roku');
    await page.fill('#pg-request', JSON.stringify({ app_id: 'koexample-app-id',
      ids: { rida: 'FA73D67D-F55C-5AF3-883A-726253DC7D0E' }, os_version: '12.0.0.4186', model: '3920X' }));
    await page.click('#pg-try');
    await page.waitForSelector('#pg-result:not([hidden])');
    assert.equal(await page.textContent('#pg-device-ver'), '3920X-RokuOS-12.0.0');
    assert.equal(await page.textContent('#pg-install-key'), 'rida/fa73d67d-f55c-5af3-883a-726253dc7d0e');
    assert.equal(await page.textContent('#pg-ua-source'), 'TEMPLATE');
    assert.match(await page.textContent('#pg-body'), /"device_ids":\{"rida":"fa73d67d-f55c-5af3-883a-726253dc7d0e"\}/);
    await shot('playground');

    await page.fill('#pg-request', JSON.stringify({ app_id: 'koexample-app-id', ids: { rida: 'abc' } }));
    await page.click('#pg-try');
    await page.waitForSelector('#pg-error:not([hidden])');
    assert.match(await page.textContent('#pg-error'), /^invalid_format \(ids\.rida\): /);
    await shot('playground-error');

    // A draft profile: never served, its examples run.
    const draft = JSON.parse(fs.readFileSync(path.resolve(here, '..', '..', 'device-profiles', 'lg-webos.json'), 'utf8'));
    draft.id = 'draft-tv';
    draft.examples[0].expect.device_ver = 'wrong';
    await page.check('#pg-use-draft');
    await page.fill('#pg-draft', JSON.stringify(draft));
    await page.fill('#pg-request', JSON.stringify({ app_id: 'koexample-app-id',
      ids: { lgudid: '095F142A-3E5B-AC5D-91D4-92C8BE18A1B2' }, os_version: '6.0.0' }));
    await page.click('#pg-try');
    await page.waitForSelector('#pg-examples:not([hidden])');
    assert.match(await page.textContent('#pg-examples'), /FAIL: examples\[0\] "sdkVersion 6\.0\.0 on an OLED55C1".*device_ver: expected "wrong"/);
    assert.equal(await page.textContent('#pg-device-ver'), 'LGTV-webOS-6.0.0');
    const served = await (await fetch(`${gateway.adminUrl}/profiles`)).json();
    assert.equal(served.profiles.includes('draft-tv'), false, 'a draft is never served');
    await page.uncheck('#pg-use-draft');
  });

  test('the profiles page lists the served set with its examples', async () => {
    await page.click('#tabs button[data-tab="profiles"]');
    const roku = page.locator('#profiles-table tbody tr', { hasText: 'roku' });
    await roku.first().waitFor();
    assert.match(await roku.first().textContent(), /roku\d+/);
    assert.match(await page.textContent('#refused-table'), /none/);
    await shot('profiles');
  });
});
