// Consent records end to end on the demo (crates/consentry-server/examples/demo.rs),
// which records every choice into SQLite (`records.url` in www/policy.json):
// one receipt per choice with the right content, the outbox holding a receipt
// while the server is down and delivering it exactly once on the next page
// view, withdrawal recorded, and the visitor's receipt download.
//
// Needs `cargo build -p consentry-server --features records --example demo`
// and pkg/dist/ (`cargo xtask test` does both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, DIST, RUNTIME, launchLocalChromium } from './harness.mjs';

const BIN = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples/demo');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'consentry-records-e2e-'));
const DB = `sqlite:${path.join(tmp, 'records.db')}`;

let server;
let port = 0;
let origin;
let browser;
let context;
let page;
const pageErrors = [];

// A demo server; resolves with its port once it listens.
function spawnDemo(env) {
  const proc = spawn(BIN, [], {
    env: { ...process.env, CONSENTRY_DIST: DIST, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no "listening on" line in 10 s: ${out}`)), 10_000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited (${code}) before listening: ${out}`)); });
  });
  return { proc, listening };
}
// Starts the demo (on `port` once it is known, so a restart keeps the origin).
async function startDemo() {
  const d = spawnDemo({ PORT: String(port), CONSENTRY_DB: DB });
  server = d.proc;
  port = await d.listening;
  origin = `http://localhost:${port}`;
}
async function stopDemo() {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  await exited;
}

// The receipts the server stored for `id` ([] when none), read as a visitor would.
async function stored(id, at = origin) {
  const r = await fetch(`${at}/consentry/records/${id}`);
  if (r.status === 404) return [];
  assert.equal(r.status, 200, `GET receipts: ${r.status}`);
  return r.json();
}
async function waitStored(id, n, timeout = 5000, at = origin) {
  const end = Date.now() + timeout;
  let got = [];
  while (Date.now() < end) {
    got = await stored(id, at);
    if (got.length >= n) return got;
    await sleep(50);
  }
  throw new Error(`expected ${n} receipt(s) for ${id}, the server has ${got.length}`);
}
const outbox = () => page.evaluate(() => JSON.parse(localStorage.getItem('consentry-records') || 'null'));
const consentId = () => page.evaluate(() => window.consentry.engine.consentId);
async function ready() {
  await page.waitForFunction(() => window.consentry && window.consentry.ready === true);
}

before(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`cargo build -p consentry-server --features records --example demo\``);
  if (!existsSync(RUNTIME)) throw new Error(`${RUNTIME} is missing: run \`cargo xtask dist\``);
  await startDemo();
  browser = await launchLocalChromium();
  context = await browser.newContext({ acceptDownloads: true, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

let id;

test('Accept all on the banner: exactly one receipt, with what was chosen, where and under which policy', async () => {
  // The query (which can carry personal data) never reaches a receipt.
  await page.goto(`${origin}/?email=visitor%40example.com#frag`);
  await ready();
  await page.locator('[data-consentry="banner"] [data-consentry="accept-all"]').click();
  await page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  id = await consentId();
  assert.match(id, /^[0-9a-f]{32}$/);
  // The cookie holds the same id the receipt names.
  const [r, ...more] = await waitStored(id, 1);
  assert.equal(more.length, 0, 'one choice, one receipt');
  assert.equal(r.version, 1);
  assert.equal(r.consentId, id);
  assert.equal(r.seq, 1);
  assert.equal(r.action, 'accept-all');
  assert.equal(r.surface, 'banner');
  assert.equal(r.language, 'en');
  assert.equal(r.regime, 'opt-in');
  assert.equal(r.gpc, false);
  assert.deepEqual(r.page, { origin, path: '/' });
  assert.deepEqual(r.categories.refused, []);
  assert.deepEqual(r.categories.granted, ['mandatory', 'performance', 'functionality', 'targeting']);
  // The engine hashed the same canonical policy the server side does.
  const cli = path.join(path.dirname(path.dirname(BIN)), 'consentry');
  const check = execFileSync(cli, ['check', path.join(ROOT, 'www/policy.json')], { encoding: 'utf8' });
  assert.equal(r.policyHash, /policy hash: ([0-9a-f]{64})/.exec(check)?.[1], check);
  assert.match(r.textsHash, /^[0-9a-f]{64}$/);
  assert.equal(typeof r.receivedAt, 'number');
  assert.ok(Math.abs(r.receivedAt - r.clientTime) < 60_000, 'client and server clocks agree here');
  assert.equal(r.ipPrefix, undefined, 'no network stored by default');
  assert.equal(r.userAgent, undefined, 'no User-Agent stored by default');
  // Acknowledged, so gone from the outbox.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('consentry-records')).out.length === 0);
  const box = await outbox();
  assert.equal(box.id, id);
  assert.equal(box.seq, 1);
});

test('with the server down the receipt waits in the outbox and arrives exactly once on the next page view', async () => {
  await stopDemo();
  await page.evaluate(() => window.consentry.showPreferences());
  await page.locator('[data-consentry="overlay"] [data-consentry="reject-all"]').click();
  await page.waitForFunction(() => window.consentry.getConsent().categories.performance === false);
  assert.equal(await consentId(), id, 'a change keeps the consent id');
  // The post failed: the receipt is kept, numbered after the first.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('consentry-records')).out.length === 1);
  const box = await outbox();
  assert.equal(JSON.parse(box.out[0]).seq, 2);
  await startDemo(); // same port, same database
  assert.equal((await stored(id)).length, 1, 'nothing arrived while the server was down');
  await page.reload();
  await ready();
  const list = await waitStored(id, 2);
  assert.equal(list.length, 2);
  const r = list[1];
  assert.equal(r.seq, 2);
  assert.equal(r.action, 'reject-all');
  assert.equal(r.surface, 'dialog');
  assert.deepEqual(r.categories.granted, ['mandatory']);
  assert.deepEqual(r.categories.refused, ['performance', 'functionality', 'targeting']);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('consentry-records')).out.length === 0);
  // Further page views send nothing again.
  await page.reload();
  await ready();
  await sleep(300);
  assert.equal((await stored(id)).length, 2, 'delivered exactly once');
});

test('withdrawal is recorded', async () => {
  await page.evaluate(() => window.consentry.acceptAll());
  await waitStored(id, 3);
  await page.locator('footer [data-consentry="withdraw"]').click();
  const list = await waitStored(id, 4);
  assert.deepEqual(list.map((r) => [r.seq, r.action]), [[1, 'accept-all'], [2, 'reject-all'], [3, 'accept-all'], [4, 'withdraw']]);
  assert.equal(list[2].surface, 'api');
  assert.deepEqual(list[3].categories.granted, ['mandatory']);
});

test('the dialog shows the consent id and downloads the receipts the server keeps', async () => {
  await page.evaluate(() => window.consentry.showPreferences());
  const row = page.locator('[data-consentry="receipt"]');
  await row.waitFor();
  assert.equal(await row.locator('.consentry-id').textContent(), id);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.locator('[data-consentry="download-receipt"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'consent-receipt.json');
  const file = await download.path();
  const list = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(list, await stored(id), 'the visitor gets what the server stored');
  assert.equal(list.length, 4);
  assert.deepEqual(pageErrors, []);
});

test('in an opt-out regime a GPC signal is stored as the opt-out, with one receipt', async () => {
  const d = spawnDemo({ PORT: '0', CONSENTRY_DB: `sqlite:${path.join(tmp, 'gpc.db')}`, REGION: 'US-CA' });
  try {
    const at = `http://localhost:${await d.listening}`;
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    const p = await ctx.newPage();
    await p.goto(`${at}/`);
    await p.waitForFunction(() => window.consentry && window.consentry.ready === true);
    await p.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
    const gpcId = await p.evaluate(() => window.consentry.engine.consentId);
    const [r, ...more] = await waitStored(gpcId, 1, 5000, at);
    assert.equal(more.length, 0);
    assert.equal(r.action, 'gpc');
    assert.equal(r.surface, 'api');
    assert.equal(r.gpc, true);
    assert.equal(r.regime, 'opt-out');
    assert.equal(r.region, 'US-CA');
    assert.ok(r.categories.refused.includes('targeting'), `targeting refused: ${JSON.stringify(r.categories)}`);
    assert.equal(await p.evaluate(() => window.consentry.allows('targeting')), false);
    // Not again on the next page view.
    await p.reload();
    await p.waitForFunction(() => window.consentry && window.consentry.ready === true);
    await sleep(300);
    assert.equal((await stored(gpcId, at)).length, 1);
    await ctx.close();
  } finally {
    d.proc.kill('SIGKILL');
  }
});

test('without storage consent still works and the receipt is posted once from memory', async () => {
  const ctx = await browser.newContext();
  // Storage that throws, as blocked storage does.
  await ctx.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  const p = await ctx.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(`${origin}/`);
  await p.waitForFunction(() => window.consentry && window.consentry.ready === true);
  await p.locator('[data-consentry="banner"] [data-consentry="accept-all"]').click();
  await p.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  assert.equal(await p.evaluate(() => window.consentry.allows('targeting')), true, 'the choice applies');
  const noStoreId = await p.evaluate(() => window.consentry.engine.consentId);
  const [r, ...more] = await waitStored(noStoreId, 1);
  assert.equal(more.length, 0);
  assert.equal(r.seq, 1);
  assert.equal(r.action, 'accept-all');
  // The next view reads the choice from the cookie; nothing is sent again.
  await p.reload();
  await p.waitForFunction(() => window.consentry && window.consentry.ready === true);
  assert.equal(await p.evaluate(() => window.consentry.getConsent().stored), 'valid');
  await sleep(300);
  assert.equal((await stored(noStoreId)).length, 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('choices made before the dialog data arrives are each recorded as made, on a later page when it never came', async () => {
  // A fresh visitor whose dialog data (needed for the receipt's policy hash) fails to load.
  const ctx = await browser.newContext({ locale: 'en-US' });
  const p = await ctx.newPage();
  await p.route('**/consentry-dialog.json', (r) => r.abort());
  await p.goto(`${origin}/`);
  await p.waitForFunction(() => window.consentry && window.consentry.ready === true);
  await p.evaluate(() => window.consentry.acceptAll());
  await p.evaluate(() => window.consentry.rejectAll());
  const box = await p.evaluate(() => JSON.parse(localStorage.getItem('consentry-records')));
  assert.deepEqual(box.pending.map((c) => c.action), ['accept-all', 'reject-all'], 'both choices wait');
  assert.equal(box.out.length, 0);
  const cid = await p.evaluate(() => window.consentry.engine.consentId);
  assert.deepEqual(await stored(cid), [], 'nothing could be sent');
  // The next page view gets the dialog data: each choice becomes the
  // receipt of what was chosen then, not of the state stored by then.
  await p.unroute('**/consentry-dialog.json');
  await p.reload();
  const list = await waitStored(cid, 2);
  assert.deepEqual(list.map((r) => [r.seq, r.action]), [[1, 'accept-all'], [2, 'reject-all']]);
  assert.deepEqual(list[0].categories.refused, []);
  assert.deepEqual(list[0].categories.granted, ['mandatory', 'performance', 'functionality', 'targeting']);
  assert.deepEqual(list[1].categories.granted, ['mandatory']);
  assert.ok(list[0].clientTime < list[1].clientTime, 'each at its own moment');
  await p.waitForFunction(() => JSON.parse(localStorage.getItem('consentry-records')).pending.length === 0);
  await ctx.close();
});
