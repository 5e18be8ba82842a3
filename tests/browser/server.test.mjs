// (i) consentry-server and the drop-in together: the axum example
// (crates/consentry-server/examples/axum_ssr.rs) renders a page with untagged
// trackers in its HTML (a preconnect, a script preload, async and ordered
// scripts, an iframe, a pixel): what Chromium's preload scanner fetches before
// any script can hold it. Its layer rewrites them inert for the visitor, and the
// drop-in first in <head> releases them in place when the visitor accepts.
//
// Needs the example built: `cargo build -p consentry-server --example axum_ssr`
// (`cargo xtask test` does it). www.shop.test is proxied to it; third parties
// stay on the harness's fake tracker server, so every request is logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { T, acceptAllCookie, launch, marker } from './harness.mjs';
import { startAxumSsr } from './axum-ssr.mjs';
/** Held tracker elements (UI hooks such as open-preferences also carry data-consentry). */
const HELD = ':is(script, iframe, img, link, source, embed, object)[data-consentry], [data-consentry="placeholder"]';

// What the example's page carries, in document order.
const PRECONNECT = 'https://www.google-analytics.com';
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-DEMO'; // async
const GA = 'https://www.google-analytics.com/analytics.js';
const YT = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
const PIXEL = 'https://www.facebook.com/tr?id=1&ev=PageView';
const FB = 'https://connect.facebook.net/en_US/fbevents.js'; // also preloaded in <head>
const INTERCOM = 'https://widget.intercom.io/widget/demo'; // async
const TRACKER_HOSTS = ['www.googletagmanager.com', 'www.google-analytics.com', 'connect.facebook.net',
  'www.youtube.com', 'www.facebook.com', 'widget.intercom.io'];
/** Every URL the page fetches once released (the preconnect opens a connection, no request). */
const FETCHED = [GTAG, GA, YT, PIXEL, FB, INTERCOM];
const SCRIPTS = [marker(GTAG), marker(GA), marker(FB), marker(INTERCOM)].sort();
/** The non-async scripts: they must run in this order (not the sorted one). */
const ORDERED = [marker(GA), marker(FB)];
/** The URL of every tag the server holds, in document order. */
const DOCUMENT_ORDER = [PRECONNECT, FB, GTAG, GA, YT, PIXEL, FB, INTERCOM];
const HELD_TAGS = DOCUMENT_ORDER.length;

let server;
let upstream;

before(async () => { server = await startAxumSsr(); ({ upstream } = server); });
after(() => server?.stop());

const trackerHits = (s) => s.hits((r) => TRACKER_HOSTS.includes(r.host));
/** `order` without the async scripts, whose turn depends on their download. */
const ordered = (order) => order.filter((m) => ORDERED.includes(m));
const thirdPartyHits = (s) => s.hits((r) => r.server === 'third');

/** The `consentry` cookie the drop-in writes on acceptAll (JS on, in its own context). */
const acceptedCookie = () => acceptAllCookie({ upstream });

test('JavaScript off, no consent: the server holds every tracker, zero requests to tracker hosts', T, async (t) => {
  const s = await launch(t, { upstream, javaScriptEnabled: false });
  const res = await s.goto('/');
  assert.equal(res.status(), 200);
  const html = await res.text();
  assert.equal(html.match(/ data-consentry="no-consent"/g)?.length, HELD_TAGS, 'every tracker tag held by the server');
  for (const [rel, href] of [['preconnect', PRECONNECT], ['preload', FB]]) {
    assert.match(html, new RegExp(`<link rel="${rel}" [^>]*data-consentry-href="${href}"`), `the ${rel} is held`);
  }
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
  for (const tag of [`<link rel="preconnect" href="${PRECONNECT}">`, `<link rel="preload" as="script" href="${FB}">`,
    `<script async src="${GTAG}"></script>`, `<script src="${GA}"></script>`, `<script src="${FB}"></script>`,
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
  const order = await s.waitForOrder(SCRIPTS.length);
  assert.deepEqual(order.slice().sort(), SCRIPTS);
  assert.deepEqual(ordered(order), ORDERED, 'the non-async scripts ran in document order');
  await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ');
  await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView');
  assert.equal(await s.page.locator(HELD).count(), 0, 'nothing held in the DOM');
  assert.equal((await s.get('getConsent')).stored, 'valid');
  assert.deepEqual([...s.errors(), ...s.pageErrors.map(String)], [], 'no console or page errors');
});

test('JavaScript on: acceptAll in the browser releases the server-held tags in place, without a reload', T, async (t) => {
  const s = await launch(t, { upstream });
  // The first ordered script arrives last (the second is preloaded too): only
  // the release's ordering can make it run first.
  s.thirdParty.route(GA, { delay: 400 });
  await s.recordHolds();
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
    ['google-analytics', 'google-analytics', 'google-analytics', 'intercom', 'meta-pixel', 'meta-pixel', 'meta-pixel', 'youtube'],
    'one blocked event per server-held tag');
  await s.page.evaluate(() => { window.__samePage = true; });
  await s.page.locator('[data-consentry="banner"] [data-consentry="accept-all"]').click();
  await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  assert.equal(await s.page.locator('[data-consentry="banner"]').count(), 0, 'the banner is gone after the choice');
  const order = await s.waitForOrder(SCRIPTS.length, 8000);
  assert.deepEqual(order.slice().sort(), SCRIPTS, 'the four tracker scripts executed');
  assert.deepEqual(ordered(order), ORDERED, 'the non-async scripts ran in document order');
  assert.deepEqual(await s.page.evaluate(() => window.__released), DOCUMENT_ORDER, 'released in document order, each once');
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
  assert.deepEqual(await s.page.evaluate(() => window.__released), DOCUMENT_ORDER, 'nothing released twice');
  // The released preload and the released script share one download.
  for (const url of FETCHED) assert.equal(s.hits((r) => r.url === url).length, 1, `${url} requested exactly once:\n${s.log()}`);
  assert.equal(trackerHits(s).length, FETCHED.length, `no other tracker request:\n${s.log()}`);
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

// A theme's <style> importing web fonts (/theme): the sheet would load them
// as the parser reads it, before any script could act.
const FONTS_CSS = 'https://fonts.googleapis.com/css2?family=Inter&display=swap';
const FONT = 'https://fonts.gstatic.com/s/brand/v1/brand.woff2';
const FONT_HOSTS = ['fonts.googleapis.com', 'fonts.gstatic.com'];
const fontHits = (s) => s.hits((r) => FONT_HOSTS.includes(r.host));
/** The page's colours: its own rule (h1), and the imported sheet's (h2). */
const colours = (s) => s.page.evaluate(() => ['brand', 'imported'].map((id) => getComputedStyle(document.getElementById(id)).color));

for (const javaScriptEnabled of [false, true]) {
  test(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}, no consent: a <style> importing web fonts loads none, and the site's own rules in it apply; the <noscript> pixel is held`, T, async (t) => {
    const s = await launch(t, { upstream, javaScriptEnabled });
    const html = await (await s.goto('/theme')).text();
    assert.match(html, /<style data-consentry="no-consent" data-consentry-service="google-fonts" data-consentry-css="@import url\(https:\/\/fonts\.googleapis\.com\/css2\?family=Inter&amp;display=swap\);/);
    assert.match(html, />@import url\(\);\n@font-face\{font-family:Brand;src:url\("data:,"\)/);
    assert.match(html, /<noscript><img width="1" height="1" alt="" data-consentry-src="https:\/\/www\.facebook\.com\/tr\?id=1&amp;ev=PageView&amp;noscript=1" data-consentry="no-consent" data-consentry-service="meta-pixel"><\/noscript>/,
      'the pixel of the <noscript> is held too');
    if (javaScriptEnabled) await s.ready();
    await s.settle(800);
    assert.deepEqual(fontHits(s), [], `a font host was requested:\n${s.log()}`);
    assert.deepEqual(thirdPartyHits(s), [], 'no third-party request at all');
    assert.deepEqual(await colours(s), ['rgb(1, 2, 3)', 'rgb(0, 0, 0)'], 'the site rule applies, the import does not');
  });
}

test('JavaScript on: Accept all puts a held <style> back as written, in place: the fonts load once, then Reject all keeps them out on the next view', T, async (t) => {
  const s = await launch(t, { upstream });
  s.thirdParty.route(FONTS_CSS, { type: 'text/css', body: `h2{color:rgb(4, 5, 6)}` });
  await s.recordHolds();
  await s.goto('/theme');
  await s.ready();
  await s.settle(500);
  assert.deepEqual(fontHits(s), []);
  assert.deepEqual(await s.page.evaluate(() => window.__blocked), ['google-fonts'], 'one blocked event for the sheet');
  const original = await s.page.evaluate(() => document.querySelector('style[data-consentry-css]').getAttribute('data-consentry-css'));
  await s.page.evaluate(() => { window.__sheet = document.querySelector('style[data-consentry-css]'); });
  await s.page.locator('[data-consentry="banner"] [data-consentry="accept-all"]').click();
  await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
  assert.equal((await s.waitForHit('fonts.googleapis.com/css2?family=Inter&display=swap'))[0].dest, 'style');
  assert.equal((await s.waitForHit('fonts.gstatic.com/s/brand/v1/brand.woff2'))[0].dest, 'font');
  await s.page.waitForFunction(() => getComputedStyle(document.getElementById('imported')).color === 'rgb(4, 5, 6)');
  assert.deepEqual(await colours(s), ['rgb(1, 2, 3)', 'rgb(4, 5, 6)']);
  const sheet = await s.page.evaluate(() => {
    const el = window.__sheet;
    return { same: el === document.querySelector('head style'), text: el.textContent,
      marks: el.getAttributeNames().filter((n) => n.startsWith('data-consentry')) };
  });
  assert.deepEqual(sheet, { same: true, text: original, marks: [] }, 'the same element, its text as written, unmarked');
  await s.settle(300);
  for (const url of [FONTS_CSS, FONT]) assert.equal(s.hits((r) => r.url === url).length, 1, `${url} requested once:\n${s.log()}`);
  // Firefox reports each font it could not use (the inert `data:,` one, the
  // harness's fake font) as an error: a font diagnostic, not a page error.
  const errors = s.errors().filter((e) => !/downloadable font:/.test(e));
  assert.deepEqual([...errors, ...s.pageErrors.map(String)], [], 'no console or page errors');

  // Withdrawn: from the next view on the server makes them inert again.
  await s.call('rejectAll');
  const before = fontHits(s).length;
  await s.reload();
  await s.ready();
  await s.settle(500);
  assert.equal(fontHits(s).length, before, `a font host was requested after Reject all:\n${s.log()}`);
  assert.equal(await s.page.locator('style[data-consentry="refused"][data-consentry-css]').count(), 1);
});
