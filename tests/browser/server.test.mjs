// (i) consentry-server and the drop-in together: the axum example
// (crates/consentry-server/examples/axum_ssr.rs) renders a page with untagged
// trackers in its HTML; its layer rewrites them inert for the visitor, and the
// drop-in first in <head> releases them in place when the visitor accepts.
//
// Needs the example built: `cargo build -p consentry-server --example axum_ssr`
// (`cargo xtask test` does it). www.shop.test is proxied to it; third parties
// stay on the harness's fake tracker server, so every request is logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launch, marker, ROOT, DIST, T } from './harness.mjs';
/** Held tracker elements (UI hooks such as open-preferences also carry data-consentry). */
const HELD = ':is(script, iframe, img, link, source, embed, object)[data-consentry], [data-consentry="placeholder"]';

const BIN = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples/axum_ssr');

// What the example's page carries.
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-DEMO'; // async
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const INTERCOM = 'https://widget.intercom.io/widget/demo'; // async
const YT = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
const PIXEL = 'https://www.facebook.com/tr?id=1&ev=PageView';
const TRACKER_HOSTS = ['www.googletagmanager.com', 'connect.facebook.net', 'www.youtube.com',
  'www.facebook.com', 'widget.intercom.io'];
const SCRIPTS = [marker(GTAG), marker(FB), marker(INTERCOM)].sort();

let server;
let upstream;

before(async () => {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: run \`cargo build -p consentry-server --example axum_ssr\``);
  }
  server = spawn(BIN, [], {
    env: { ...process.env, PORT: '0', CONSENTRY_DIST: DIST },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  upstream = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`axum_ssr printed no "listening on" line in 10 s: ${out}`)), 10_000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`axum_ssr exited (${code}) before listening: ${out}`)); });
  });
});
after(() => server?.kill());

const trackerHits = (s) => s.hits((r) => TRACKER_HOSTS.includes(r.host));
const thirdPartyHits = (s) => s.hits((r) => r.server === 'third');

/** The `consentry` cookie the drop-in writes on acceptAll (JS on, in its own context). */
async function acceptedCookie() {
  const s = await launch(null, { upstream });
  try {
    await s.goto('/');
    await s.ready();
    await s.call('acceptAll');
    const cookies = await s.cookie('consentry');
    assert.equal(cookies.length, 1, 'acceptAll wrote the consent cookie');
    return cookies;
  } finally {
    await s.close();
  }
}

test('JavaScript off, no consent: the server holds every tracker, zero requests to tracker hosts', T, async (t) => {
  const s = await launch(t, { upstream, javaScriptEnabled: false });
  const res = await s.goto('/');
  assert.equal(res.status(), 200);
  const html = await res.text();
  assert.equal(html.match(/ data-consentry="no-consent"/g)?.length, 5, 'five tags held by the server');
  assert.match(html, /<p>The video needs your consent to targeting cookies\.<\/p>/, 'the handler saw no consent');
  assert.equal(html.match(/data-consentry="banner"/g)?.length, 1, 'the server rendered the banner');
  assert.equal(await s.page.locator('[data-consentry="banner"]').isVisible(), true, 'visible without any script');
  await s.settle(800);
  assert.equal(await s.page.evaluate(() => typeof window.consentry), 'undefined', 'JavaScript is really off');
  for (const host of TRACKER_HOSTS) assert.deepEqual(s.hits(host), [], `${host} requested before consent`);
  assert.deepEqual(thirdPartyHits(s), [], 'no third-party request at all');
  assert.equal(await s.page.locator('iframe[src], img[src]').count(), 0, 'no iframe/img points anywhere');
});

test('JavaScript off, accept-all cookie: the page is served live, the iframe and pixel load', T, async (t) => {
  const cookies = await acceptedCookie();
  const s = await launch(t, { upstream, javaScriptEnabled: false });
  await s.addCookies(cookies);
  const res = await s.goto('/');
  const html = await res.text();
  assert.doesNotMatch(html, /data-consentry="(?!open-preferences")/, 'nothing held');
  assert.match(html, /<p>Enjoy the video\.<\/p>/, 'the handler saw the consent');
  for (const tag of [`<script async src="${GTAG}"></script>`, `<script src="${FB}"></script>`,
    `<script src="${INTERCOM}" async></script>`, `<iframe src="${YT}"`, `<img src="${PIXEL.replace('&', '&amp;')}"`]) {
    assert.ok(html.includes(tag), `served as written: ${tag}`);
  }
  // Scripts cannot run with JavaScript off (Chromium does not even fetch them);
  // the iframe and the pixel need no script.
  assert.equal((await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ'))[0].dest, 'iframe');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView'))[0].dest, 'image');
});

test('JavaScript on, accept-all cookie: the tracker scripts execute on page load', T, async (t) => {
  const cookies = await acceptedCookie();
  const s = await launch(t, { upstream });
  await s.addCookies(cookies);
  await s.goto('/');
  await s.ready();
  assert.deepEqual((await s.waitForOrder(3)).slice().sort(), SCRIPTS);
  await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ');
  await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView');
  assert.equal(await s.page.locator(HELD).count(), 0, 'nothing held in the DOM');
  assert.equal((await s.get('getConsent')).stored, 'valid');
  assert.deepEqual([...s.errors(), ...s.pageErrors.map(String)], [], 'no console or page errors');
});

test('JavaScript on: acceptAll in the browser releases the server-held tags in place, without a reload', T, async (t) => {
  const s = await launch(t, { upstream });
  await s.page.addInitScript(() => {
    window.__blocked = [];
    document.addEventListener('consentry:blocked', (e) => window.__blocked.push(e.detail.service));
  });
  await s.goto('/');
  await s.ready();
  await s.settle(800);
  for (const host of TRACKER_HOSTS) assert.deepEqual(s.hits(host), [], `${host} requested before consent`);
  assert.deepEqual(thirdPartyHits(s), [], 'no third-party request at all');
  assert.deepEqual(await s.order(), [], 'no tracker script ran');
  assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1,
    'the held youtube iframe shows a placeholder');

  assert.equal(await s.page.locator('[data-consentry="banner"]').count(), 1, 'the drop-in adopted the server banner');
  assert.deepEqual((await s.page.evaluate(() => window.__blocked)).slice().sort(),
    ['google-analytics', 'intercom', 'meta-pixel', 'meta-pixel', 'youtube'], 'one blocked event per server-held tag');
  await s.page.evaluate(() => { window.__samePage = true; });
  await s.page.locator('[data-consentry="banner"] [data-consentry="accept-all"]').click();
  await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  assert.equal(await s.page.locator('[data-consentry="banner"]').count(), 0, 'the banner is gone after the choice');
  assert.deepEqual((await s.waitForOrder(3)).slice().sort(), SCRIPTS, 'the three tracker scripts executed');
  assert.equal((await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ'))[0].dest, 'iframe');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView'))[0].dest, 'image');

  // Same document: the marker survives, one navigation entry, the page was fetched once.
  assert.equal(await s.page.evaluate(() => window.__samePage), true, 'no navigation');
  assert.deepEqual(await s.page.evaluate(() => performance.getEntriesByType('navigation').map((n) => n.type)), ['navigate']);
  assert.equal(s.hits((r) => r.server === 'first' && r.path === '/').length, 1, 'the page was requested once');

  await s.page.waitForFunction(() => { const i = document.querySelector('img[width="1"]'); return i && i.complete && i.naturalWidth === 1; });
  assert.equal(await s.page.locator(`iframe[src="${YT}"]`).count(), 1, 'the iframe is back with its src');
  assert.ok(s.page.frames().some((f) => f.url() === YT), 'the youtube frame loaded');
  assert.equal(await s.page.locator(HELD).count(), 0, 'nothing left held');
  assert.deepEqual([...s.errors(), ...s.pageErrors.map(String)], [], 'no console or page errors');
  await s.settle(500);
  assert.deepEqual((await s.order()).slice().sort(), SCRIPTS, 'each script ran exactly once');
  for (const host of TRACKER_HOSTS) assert.equal(s.hits(host).length, 1, `${host} requested once`);
});

test('JavaScript on: Reject all, then reloads: the server neutralises the static trackers again, zero requests on every view', T, async (t) => {
  const s = await launch(t, { upstream });
  await s.goto('/');
  await s.ready();
  await s.page.locator('[data-consentry="banner"] [data-consentry="reject-all"]').click();
  await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  for (let i = 0; i < 4; i++) {
    await s.reload();
    await s.ready();
    await s.settle(300);
    assert.deepEqual(trackerHits(s).map((r) => r.host + r.path), [], `reload ${i + 1}: a tracker was requested`);
    assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1);
    assert.equal(await s.page.locator('[data-consentry="banner"]').count(), 0, 'the choice is remembered');
  }
});
