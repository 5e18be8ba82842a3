// The demo site (`cargo xtask demo`): crates/consentry-server/examples/demo.rs
// serving www/ behind the consent layer, with fake trackers on
// analytics/ads/video/chat.localhost of the same server.
//
// Needs the example built: `cargo build -p consentry-server --features records --example demo`
// (`cargo xtask test` does it) and pkg/dist/ (`cargo xtask dist`). The server's
// stdout logs every request (`[tracker] GET analytics.localhost/pulse.js → 200
// (script)`): that log is what "no request before consent" is checked against.
// No --host-resolver-rules mapping is needed: Chromium resolves *.localhost to
// loopback itself; every other name is made to fail, so nothing leaves the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DIST, RUNTIME, T, launchLocalChromium } from './harness.mjs';

const BIN = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples/demo');
const TRACKERS = ['analytics.localhost', 'ads.localhost', 'video.localhost', 'chat.localhost'];
const SERVICES = ['demo-analytics', 'demo-video', 'demo-chat', 'demo-ads'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
let origin; // http://localhost:PORT
let port;
const hits = []; // every request the demo server logged
let browser;
let context;
let page;
const consoleErrors = [];
const pageErrors = [];

function parseLine(line) {
  // [tracker] GET analytics.localhost/pulse.js?id=SI-DEMO → 200 (script)
  const m = /^\[(\w+)\]\s+(\S+) (\S+) → (\d+) \((.*)\)$/.exec(line);
  if (!m) return;
  const [, kind, method, target, status, dest] = m;
  const slash = kind === 'tracker' ? target.indexOf('/') : 0;
  hits.push({
    kind, method, status: Number(status), dest,
    host: kind === 'tracker' ? target.slice(0, slash) : 'localhost',
    path: target.slice(slash),
  });
}

before(async () => {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: run \`cargo build -p consentry-server --example demo\``);
  }
  if (!existsSync(RUNTIME)) throw new Error(`${RUNTIME} is missing: run \`cargo xtask dist\``);
  server = spawn(BIN, [], {
    env: { ...process.env, PORT: '0', CONSENTRY_DIST: DIST },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise((resolve, reject) => {
    let out = '';
    let found = null;
    const timer = setTimeout(() => reject(new Error(`demo printed no "listening on" line in 10 s: ${out}`)), 10_000);
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines) {
        parseLine(line);
        const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
        if (m && !found) { found = m[1]; clearTimeout(timer); resolve(Number(found)); }
      }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited (${code}) before listening: ${out}`)); });
  });
  origin = `http://localhost:${port}`;
  browser = await launchLocalChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
});

const trackerHits = (since = 0) => hits.slice(since).filter((h) => h.kind === 'tracker');
const hitsOf = (host, prefix = '/', since = 0) =>
  trackerHits(since).filter((h) => h.host === host && h.path.startsWith(prefix));
const showLog = () => hits.map((h) => `  ${h.kind} ${h.method} ${h.host}${h.path} ${h.status} (${h.dest})`).join('\n');

async function waitForHit(host, prefix, since = 0, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const found = hitsOf(host, prefix, since);
    if (found.length) return found;
    await sleep(25);
  }
  throw new Error(`no request to ${host}${prefix} within ${timeout} ms; the demo server saw:\n${showLog()}`);
}

const row = (key) => page.locator(`[data-demo-panel] [data-tracker="${key}"]`);
async function rowStates() {
  return page.$$eval('[data-demo-panel] [data-tracker]', (lis) =>
    Object.fromEntries(lis.filter((li) => !li.hidden).map((li) => [li.dataset.tracker, li.dataset.state])));
}
async function cookieNames() {
  return (await context.cookies([origin])).map((c) => c.name).sort();
}
/** GET from the demo server over 127.0.0.1 with a chosen Host header. */
function get(p, host) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

function noErrors() {
  assert.deepEqual([...consoleErrors, ...pageErrors], [], 'no console errors (CSP violations included) or page errors');
}

test('the server injects www/policy.json (the one copy) into the page and sends 127.0.0.1 to localhost', T, async () => {
  const res = await get('/pricing?x=1', `127.0.0.1:${port}`);
  assert.equal(res.status, 307);
  assert.equal(res.headers.location, `${origin}/pricing?x=1`);
  const html = (await get('/', `localhost:${port}`)).body;
  const config = /<script type="application\/json" id="consentry-config">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(config, 'the config element is there');
  assert.deepEqual(JSON.parse(config[1]), JSON.parse(readFileSync(path.join(ROOT, 'www/policy.json'), 'utf8')));
  assert.doesNotMatch(html, /\{\{\w+\}\}/, 'every placeholder filled');
});

test('before consent: no request reaches a fake tracker, the panel shows each one held', T, async () => {
  const mark = hits.length;
  const seen = [];
  const onRequest = (r) => seen.push(r.url());
  page.on('request', onRequest);
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.consentry && window.consentry.ready);
  await sleep(800);
  page.off('request', onRequest);

  assert.equal(hits.slice(mark).filter((h) => h.kind === 'site' && h.path === '/' && h.dest === 'document').length, 1,
    'the page was served');
  assert.deepEqual(trackerHits(mark), [], `no request reached a tracker host:\n${showLog()}`);
  assert.deepEqual(seen.filter((u) => TRACKERS.includes(new URL(u).hostname)), [], 'the browser requested no tracker URL');

  assert.equal(await page.locator('[data-consentry="banner"]').count(), 1, 'the banner is shown');
  assert.equal(await page.locator('[data-consentry="placeholder"][data-consentry-service="demo-video"]').count(), 1,
    'the video is a placeholder');
  assert.equal(await page.locator('[data-demo-chat]').count(), 0, 'no chat bubble');
  assert.deepEqual(await rowStates(), {
    'demo-analytics': 'held', 'demo-video': 'held', 'demo-chat': 'held', 'demo-ads': 'held', 'category:performance': 'held',
  });
  for (const key of SERVICES) assert.equal(await row(key).getAttribute('data-requests'), '0', `${key}: 0 requests`);
  assert.deepEqual(await cookieNames(), [], 'no cookie at all');
  noErrors();
});

test('Accept all releases every tracker in place, without a reload', T, async () => {
  const mark = hits.length;
  await page.evaluate(() => { window.__samePage = true; });
  await page.click('[data-consentry="accept-all"]');

  assert.equal((await waitForHit('analytics.localhost', '/pulse.js', mark))[0].dest, 'script');
  await waitForHit('analytics.localhost', '/collect?', mark); // the page-view beacon
  assert.equal((await waitForHit('ads.localhost', '/pixel.gif', mark))[0].dest, 'image');
  assert.equal((await waitForHit('video.localhost', '/embed/si-tour', mark))[0].dest, 'iframe');
  assert.equal((await waitForHit('chat.localhost', '/widget.js', mark))[0].dest, 'script');
  await waitForHit('chat.localhost', '/widget.css', mark);
  await page.locator('.demo-chat-bubble').waitFor({ state: 'visible' });

  assert.equal(await page.evaluate(() => window.__samePage), true, 'same document');
  assert.equal(hits.slice(mark).filter((h) => h.kind === 'site' && h.dest === 'document').length, 0,
    'the page was not requested again');
  assert.equal(await page.locator('[data-consentry="banner"]').count(), 0, 'the banner is gone');
  assert.equal(await page.locator('iframe[src$="/embed/si-tour"]').count(), 1, 'the iframe is back in place');
  await page.waitForFunction(() => { const i = document.querySelector('img.pixel'); return i.complete && i.naturalWidth === 1; },
    null, { timeout: 5000 });
  await page.waitForFunction(() => /tagged performance script/.test(document.getElementById('perf-note').textContent),
    null, { timeout: 5000 });

  await page.waitForFunction(() => [...document.querySelectorAll('[data-demo-panel] [data-tracker]')]
    .every((li) => li.dataset.state === 'released'), null, { timeout: 5000 });
  await page.waitForFunction(() => {
    const li = document.querySelector('[data-demo-panel] [data-tracker="demo-analytics"]');
    return Number(li.dataset.beacons) >= 1 && Number(li.dataset.requests) >= 2;
  }, null, { timeout: 5000 });
  assert.ok((await cookieNames()).includes('_demo_ga'), 'the analytics cookie was set');
  assert.ok((await cookieNames()).includes('consentry'), 'the choice is stored');
  noErrors();
});

test('the second page: trackers run from the start, no banner', T, async () => {
  const mark = hits.length;
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/pricing' && r.request().isNavigationRequest()),
    page.click('.site-header nav a[href="/pricing"]'),
  ]);
  await page.waitForLoadState('load');
  assert.equal(new URL(page.url()).pathname, '/pricing');
  assert.doesNotMatch(await res.text(), /data-consentry="no-consent"/, 'the server held nothing');
  await page.waitForFunction(() => window.consentry && window.consentry.ready);
  assert.equal((await waitForHit('analytics.localhost', '/pulse.js', mark))[0].dest, 'script');
  await waitForHit('analytics.localhost', '/collect?', mark);
  await waitForHit('ads.localhost', '/pixel.gif', mark);
  await waitForHit('chat.localhost', '/widget.js', mark);
  await page.locator('.demo-chat-bubble').waitFor({ state: 'visible' });
  assert.equal(await page.locator('[data-consentry="banner"]').count(), 0, 'no banner');
  assert.equal((await page.evaluate(() => window.consentry.getConsent())).stored, 'valid');
  await page.waitForFunction(() => {
    const li = document.querySelector('[data-demo-panel] [data-tracker="demo-analytics"]');
    return li && li.dataset.state === 'released' && Number(li.dataset.beacons) >= 1;
  }, null, { timeout: 5000 });
  const states = await rowStates();
  for (const key of ['demo-analytics', 'demo-chat', 'demo-ads', 'category:performance']) {
    assert.equal(states[key], 'released', `${key} released`);
  }
  assert.equal(states['demo-video'], undefined, 'the video row is hidden: no video on this page');
  noErrors();
});

test('withdraw() deletes _demo_ga, and a later beacon is blocked and counted', T, async () => {
  assert.ok((await cookieNames()).includes('_demo_ga'));
  await page.evaluate(() => window.consentry.withdraw());
  const names = await cookieNames();
  assert.ok(!names.includes('_demo_ga'), `_demo_ga deleted (cookies now: ${names})`);
  assert.ok(!names.includes('_demo_chat'), '_demo_chat deleted');
  assert.ok(names.includes('consentry'), 'the refusal is remembered');
  await page.waitForFunction(() => document.querySelector('[data-demo-panel] [data-tracker="demo-analytics"]')
    .dataset.state === 'withdrawn', null, { timeout: 5000 });

  // The analytics script already ran (it stays in memory until the next page
  // load) and beacons on every click: the runtime now refuses the beacon.
  const mark = hits.length;
  await page.click('[data-demo-toggle]');
  await page.waitForFunction(() => Number(document.querySelector('[data-demo-panel] [data-tracker="demo-analytics"]')
    .dataset.blocked) >= 1, null, { timeout: 5000 });
  await sleep(300);
  assert.deepEqual(hitsOf('analytics.localhost', '/collect', mark), [], 'the beacon never left');
  assert.ok(!(await cookieNames()).includes('_demo_ga'), 'and _demo_ga was not written again');

  // Next page view: the server holds everything again, nothing reaches a tracker.
  const before = hits.length;
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => window.consentry && window.consentry.ready);
  await sleep(800);
  assert.deepEqual(trackerHits(before), [], `no tracker request after withdrawal:\n${showLog()}`);
  assert.equal(await page.locator('[data-consentry="banner"]').count(), 0, 'no banner: the refusal is a choice');
  assert.equal(await row('demo-analytics').getAttribute('data-state'), 'held');
  noErrors();
});
