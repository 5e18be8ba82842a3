// examples/node-ssr with the packed consentry installed: the app renders its
// trackers untagged (a preconnect, a script preload, scripts, an iframe, a
// pixel, and Meta's <noscript> pixel, which only a browser without
// JavaScript loads); the server decides per request (no cookie, consent cookie,
// Sec-GPC: 1) and its HTML rewriter holds the blocked ones in
// consentry-server's form; the drop-in it serves releases them in place on
// Accept all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import test from 'node:test';
import { installed, ROOT } from './pack.mjs';
import { acceptAllCookie, launch, marker, T } from '../browser/harness.mjs';

const dir = installed('node-ssr', path.join(ROOT, 'examples/node-ssr'));

// What the example's page carries (server.js), in document order.
const PRECONNECT = 'https://www.google-analytics.com';
const FB = 'https://connect.facebook.net/en_US/fbevents.js'; // also preloaded in <head>
const GA = 'https://www.google-analytics.com/analytics.js';
const YT = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
const PIXEL = 'https://www.facebook.com/tr?id=1&ev=PageView';
const PIXEL_HTML = 'https://www.facebook.com/tr?id=1&amp;ev=PageView';
const TRACKER_HOSTS = ['www.google-analytics.com', 'connect.facebook.net', 'www.youtube.com', 'www.facebook.com'];
/** The URL of every tracker tag, in document order. */
const DOCUMENT_ORDER = [PRECONNECT, FB, GA, YT, PIXEL, FB];
/** The tracker tags exactly as the app writes them. */
const AS_WRITTEN = [
  `<link rel="preconnect" href="${PRECONNECT}">`,
  `<link rel="preload" as="script" href="${FB}">`,
  `<script src="${GA}"></script>`,
  `<iframe src="${YT}" title="YouTube video" width="560" height="315"></iframe>`,
  `<img src="${PIXEL_HTML}" width="1" height="1" alt="">`,
  `<script src="${FB}"></script>`,
];
/** The same tags held as consentry-server's rewriter writes them (rewrite.rs), for each tag's reason. */
const held = (r = {}) => {
  const why = (service) => r[service] || 'no-consent';
  const mark = (service) => `data-consentry="${why(service)}" data-consentry-service="${service}"`;
  return [
    `<link rel="preconnect" data-consentry-href="${PRECONNECT}" ${mark('google-analytics')}>`,
    `<link rel="preload" as="script" data-consentry-href="${FB}" ${mark('meta-pixel')}>`,
    `<script src="${GA}" data-consentry-type="" type="text/plain" ${mark('google-analytics')}></script>`,
    `<iframe title="YouTube video" width="560" height="315" data-consentry-src="${YT}" ${mark('youtube')}></iframe>`,
    `<img width="1" height="1" alt="" data-consentry-src="${PIXEL_HTML}" ${mark('meta-pixel')}>`,
    `<script src="${FB}" data-consentry-type="" type="text/plain" ${mark('meta-pixel')}></script>`,
  ];
};
/** Meta's no-JavaScript fallback: only a browser without JavaScript loads it. */
const NOSCRIPT = `<noscript><img src="${PIXEL_HTML}&amp;noscript=1" width="1" height="1" alt=""></noscript>`;
const noscriptHeld = (why = 'no-consent') =>
  `<noscript><img width="1" height="1" alt="" data-consentry-src="${PIXEL_HTML}&amp;noscript=1" data-consentry="${why}" data-consentry-service="meta-pixel"></noscript>`;
/** The scripts the fake tracker server serves push their marker when they run. */
const SCRIPTS = [marker(GA), marker(FB)];

const server = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (b) => {
    out += b;
    const m = out.match(/listening on (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`server.js exited (${code}): ${out}`)));
});
test.after(() => server.kill());

async function get(headers = {}) {
  const res = await fetch(origin + '/', { headers });
  assert.equal(res.status, 200);
  return { html: await res.text(), res };
}
const decisionOf = (html, service) => html.match(new RegExp(`data-service="${service}">[^<]*<code>([^<]+)</code>`))?.[1];
/** Tracker tags in the HTML: each held one and each untouched one, in order. */
function assertTags(html, want, message) {
  let at = 0;
  for (const tag of want) {
    const i = html.indexOf(tag, at);
    assert.ok(i >= 0, `${message}: ${tag} not found (in order) in\n${html}`);
    at = i + tag.length;
  }
}
const trackerHits = (s) => s.hits((r) => TRACKER_HOSTS.includes(r.host));

/** A `consentry` cookie for Accept all, written by the drop-in (its own context). */
const acceptedCookie = () => acceptAllCookie({ runtime: false, upstream: origin });

test('no consent: every tracker tag is held in the server form, the rest passes untouched', async () => {
  const { html, res } = await get();
  assert.match(html, /data-regime="opt-in" data-banner="true"\s+data-stored="none" data-gpc="false"/);
  assertTags(html, [...held(), noscriptHeld()], 'held');
  assert.equal(html.match(/ data-consentry="no-consent"/g)?.length, DOCUMENT_ORDER.length + 1, 'no other tag held');
  for (const tag of AS_WRITTEN) assert.ok(!html.includes(tag), `not live: ${tag}`);
  assert.ok(html.includes('<script src="/consentry.js"></script>'), 'the drop-in itself is left alone');
  assert.ok(html.includes('<button type="button" data-consentry="open-preferences">'), 'a UI hook is no held tag');
  assert.equal(decisionOf(html, 'google-analytics'), 'block:no-consent');
  assert.match(html, /<script type="application\/json" id="consentry-server">\{"region":null,"regime":"opt-in","gpc":false,"banner":true\}<\/script>/);
  assert.match(res.headers.get('vary'), /Cookie/);
});

test('JavaScript off, no consent: Chromium makes no tracker request at all', T, async (t) => {
  const s = await launch(t, { runtime: false, upstream: origin, javaScriptEnabled: false });
  const res = await s.goto('/');
  assert.equal(res.status(), 200);
  assertTags(await res.text(), [...held(), noscriptHeld()], 'held, the <noscript> pixel too');
  await s.settle(800);
  assert.deepEqual(trackerHits(s).map((r) => r.url), [], 'a tracker was requested');
  assert.deepEqual(s.hits((r) => r.server === 'third').map((r) => r.url), [], 'no third-party request');
  assert.equal(await s.page.locator('iframe[src], img[src]').count(), 0, 'no iframe/img points anywhere');
});

test('Sec-GPC: 1 holds targeting by GPC', async () => {
  const { html } = await get({ 'Sec-GPC': '1' });
  assert.match(html, /data-gpc="true"/);
  assertTags(html, [...held({ 'meta-pixel': 'gpc', youtube: 'gpc' }), noscriptHeld('gpc')], 'held by GPC');
  assert.equal(decisionOf(html, 'meta-pixel'), 'block:gpc');
  assert.equal(decisionOf(html, 'google-analytics'), 'block:no-consent');
  const { html: zero } = await get({ 'Sec-GPC': '0' });
  assert.equal(decisionOf(zero, 'meta-pixel'), 'block:no-consent', 'only the value 1 counts');
  assertTags(zero, held(), 'held');
});

test('accept-all cookie: the tags are served as written and load; GPC still holds targeting; a tampered cookie holds all', T, async (t) => {
  const cookies = await acceptedCookie();
  const value = cookies[0].value;
  const { html } = await get({ Cookie: `theme=dark; consentry=${value}` });
  assert.match(html, /data-banner="false"\s+data-stored="valid"/);
  assertTags(html, [...AS_WRITTEN, NOSCRIPT], 'as written, the <noscript> content byte for byte');
  assert.doesNotMatch(html, /data-consentry="(?!open-preferences")/, 'nothing held');
  assert.equal(decisionOf(html, 'meta-pixel'), 'allow:granted');

  const s = await launch(t, { runtime: false, upstream: origin });
  await s.addCookies(cookies);
  await s.goto('/');
  await s.ready();
  assert.deepEqual(await s.waitForOrder(SCRIPTS.length), SCRIPTS, 'the scripts ran on load, in document order');
  assert.equal((await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ'))[0].dest, 'iframe');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView'))[0].dest, 'image');

  const { html: gpc } = await get({ Cookie: `consentry=${value}`, 'Sec-GPC': '1' });
  const mixed = held({ 'meta-pixel': 'gpc', youtube: 'gpc' });
  assertTags(gpc, [AS_WRITTEN[0], mixed[1], AS_WRITTEN[2], mixed[3], mixed[4], mixed[5]], 'GPC');
  assert.equal(decisionOf(gpc, 'meta-pixel'), 'block:gpc', 'a grant made without GPC yields to it');

  const { html: tampered } = await get({ Cookie: `consentry=${value.slice(0, -2)}` });
  assert.match(tampered, /data-stored="invalid"/);
  assertTags(tampered, held({ 'google-analytics': 'invalid-consent', 'meta-pixel': 'invalid-consent', youtube: 'invalid-consent' }), 'held');
});

test('JavaScript on: Accept all in the banner releases the held tags in place, without a reload', T, async (t) => {
  const s = await launch(t, { runtime: false, upstream: origin });
  await s.recordHolds();
  await s.goto('/');
  await s.ready();
  await s.settle(800);
  assert.deepEqual(trackerHits(s).map((r) => r.url), [], 'a tracker was requested before consent');
  assert.deepEqual(await s.order(), [], 'no tracker script ran');
  assert.deepEqual((await s.page.evaluate(() => window.__blocked)).slice().sort(),
    ['google-analytics', 'google-analytics', 'meta-pixel', 'meta-pixel', 'meta-pixel', 'youtube'], 'one blocked event per held tag');
  assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1,
    'the held iframe shows a placeholder');

  await s.page.evaluate(() => { window.__samePage = true; });
  await s.page.click('[data-consentry="banner"] [data-consentry="accept-all"]');
  assert.deepEqual(await s.waitForOrder(SCRIPTS.length, 8000), SCRIPTS, 'the scripts ran, in document order');
  await s.page.waitForFunction((n) => window.__released.length >= n, DOCUMENT_ORDER.length);
  assert.deepEqual(await s.page.evaluate(() => window.__released), DOCUMENT_ORDER, 'released in document order, each once');
  assert.equal((await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ'))[0].dest, 'iframe');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView'))[0].dest, 'image');
  await s.page.waitForFunction(() => { const i = document.querySelector('img[width="1"]'); return i && i.complete && i.naturalWidth === 1; });
  assert.equal(await s.page.locator(`iframe[src="${YT}"]`).count(), 1, 'the iframe is back with its src');
  assert.equal(await s.page.locator(':is(script, iframe, img, link)[data-consentry]').count(), 0, 'nothing left held');

  assert.equal(await s.page.evaluate(() => window.__samePage), true, 'no navigation');
  assert.equal(s.hits((r) => r.server === 'first' && r.path === '/').length, 1, 'the page was requested once');
  assert.deepEqual([...s.errors(), ...s.pageErrors.map(String)], [], 'no console or page errors');
  await s.settle(300);
  assert.deepEqual(await s.order(), SCRIPTS, 'each script ran once');
  // The released preload and the released script share one download.
  for (const url of [GA, YT, PIXEL, FB]) assert.equal(s.hits((r) => r.url === url).length, 1, `${url} requested once:\n${s.log()}`);
  assert.equal(trackerHits(s).length, 4, `no other tracker request:\n${s.log()}`);
  const [cookie] = await s.cookie('consentry');
  assert.ok(cookie, 'the drop-in stored the choice');
  const { html } = await get({ Cookie: `consentry=${cookie.value}` });
  assertTags(html, AS_WRITTEN, 'the next page is served as written');
});
