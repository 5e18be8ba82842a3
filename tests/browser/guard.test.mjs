// The two-stage drop-in: the guard (consentry.js, synchronous) holds what the
// engine might block until the engine (consentry-engine.js + its wasm,
// fetched asynchronously) answers. Here the engine is withheld or delayed by
// routing its script, to test the guard on its own and the hand-over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, dropIn, marker, trackerJs, T, ENGINE, DIST } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-9';
const FBQ = 'https://connect.facebook.net/en_US/fbevents.js';
const HOTJAR = 'https://static.hotjar.com/c/hotjar-1.js';
const LIB = 'https://cdn.allowed.example/lib.js';
const TRACKERS = ['www.googletagmanager.com', 'www.google-analytics.com', 'connect.facebook.net', 'www.facebook.com',
  'www.youtube.com', 'static.hotjar.com', 'widget.intercom.io', 'googleads.g.doubleclick.net'];
const push = (v) => `(window.__order=window.__order||[]).push(${JSON.stringify(v)})`;
// The parsed frame in ATTACKS is gap 1 (pkg/README.md): Chromium starts its
// navigation on insertion, before any observer can park it, and on a loaded
// machine that request can reach the server before the frame is parked (seen
// once in ~40 runs). Only the server or tagged markup gives zero requests for
// static markup, so that one request is not counted as a leak; page code's
// own are.
const early = (s, h) => s.hits(h).filter((r) => !(r.host === 'www.youtube.com' && r.path.startsWith('/embed/parsed')));

// Every way page code in this file reaches a tracker, plus first-party and
// unlisted third-party code that must run untouched.
const ATTACKS = `
<iframe id="yt" width="560" height="315" src="https://www.youtube.com/embed/parsed"></iframe>
<div id="slot"></div>
<script>
  var head = document.head, slot = document.getElementById('slot');
  var s = document.createElement('script'); s.src = '${GTAG}'; head.appendChild(s);
  var f = document.createElement('iframe'); f.src = 'https://www.youtube.com/embed/guard'; slot.appendChild(f);
  slot.insertAdjacentHTML('beforeend', '<img src="https://www.facebook.com/tr?id=guard&ev=PageView">');
  var h = document.createElement('script'); h.src = '${HOTJAR}'; head.insertBefore(h, head.firstChild);
  // never fetched nor run, with or without a consent manager: not held
  var d = document.createElement('div'); d.innerHTML = '<script src="https://widget.intercom.io/never.js"><\\/script>'; slot.append(d);
  new Image().src = 'https://www.google-analytics.com/collect?v=guard';
  var i = document.createElement('img'); i.setAttribute('srcset', '/a.png 1x, https://googleads.g.doubleclick.net/pagead/guard 2x'); slot.appendChild(i);
  var l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = 'https://widget.intercom.io/widget/guard'; head.appendChild(l);
  var fb = document.createElement('script'); fb.setAttribute('src', '${FBQ}'); head.prepend(fb);
  window.__fetch = fetch('https://www.google-analytics.com/g/collect?fetch').then(function () { return 'sent'; }, function () { return 'refused'; });
  navigator.sendBeacon('https://www.google-analytics.com/g/collect?beacon', 'x');
  var x = new XMLHttpRequest(); x.open('POST', 'https://www.google-analytics.com/g/collect?xhr'); x.send('x');
  // first party and an unlisted third party: never held
  var own = document.createElement('script'); own.src = '/own.js'; head.appendChild(own);
  var lib = document.createElement('script'); lib.src = '${LIB}'; head.appendChild(lib);
  window.__api = fetch('/api').then(function (r) { return r.status; });
</script>`;

function routes(s) {
  s.site.route('/own.js', { body: push('own'), type: 'text/javascript' });
  s.site.route('/api', { body: '{}', type: 'application/json' });
  s.thirdParty.route(LIB, { body: push('lib') });
  for (const u of [GTAG, FBQ, HOTJAR]) s.thirdParty.route(u, { body: trackerJs(u) });
}

test('the guard alone, the engine withheld: zero tracker requests, first-party and unlisted code run', {
  ...T, skip: ENGINE === 'webkit' && 'WebKit\'s WebDriver runs no script while a load is held up (the engine is withheld); fail-closed is covered by the CSP test',
}, async (t) => {
  const s = await launch(t);
  routes(s);
  // Never answered while the test runs (an async script holds up `load`).
  s.site.route('/consentry-engine.js', { body: '', type: 'text/javascript', delay: 120_000 });
  s.site.page('/page.html', dropIn({ policy: { googleConsentMode: true }, body: ATTACKS }));
  await s.page.goto(s.site.url('/page.html'), { waitUntil: 'domcontentloaded' });
  await s.waitForOrder(2);
  await s.settle(800);
  for (const h of TRACKERS) assert.deepEqual(early(s, h), [], `${h} requested with the engine withheld:\n${s.log()}`);
  assert.deepEqual((await s.order()).sort(), ['lib', 'own']);
  assert.equal(await s.page.evaluate(() => window.__api), 200, 'first-party fetch answered');
  assert.equal(s.hits('cdn.allowed.example').length, 1);
  const held = await s.page.evaluate(() => [...document.querySelectorAll('[data-consentry]')].map((e) => e.localName + ':' + e.getAttribute('data-consentry')).sort());
  // The parsed frame is parked in an empty box of its size (its realm never
  // created); the one page code inserted stays, held (that code may use it).
  assert.deepEqual(held, ['iframe:pending', 'img:pending', 'img:pending', 'link:pending', 'script:pending', 'script:pending', 'script:pending', 'span:placeholder']);
  assert.equal(await s.page.evaluate(() => document.getElementById('yt')), null, 'the parsed frame left the document');
  assert.deepEqual(await s.page.evaluate(() => { var r = document.querySelector('span[data-consentry]').getBoundingClientRect(); return [r.width, r.height]; }), [560, 315]);
  assert.equal(await s.page.evaluate(() => document.querySelector('#slot div script').hasAttribute('data-consentry')), false,
    'a script parsed by innerHTML never runs: nothing to hold');
  assert.equal(await s.page.evaluate(() => window.consentry.ready), false);
  assert.deepEqual(await s.page.evaluate(() => window.consentry.getConsent()),
    { stored: 'pending', regime: 'pending', bannerNeeded: false, categories: {}, services: {} });
  // GCM: the most restrictive default is in place without the engine.
  const first = await s.page.evaluate(() => Array.prototype.slice.call(window.dataLayer[0]));
  assert.deepEqual(first.slice(0, 2), ['consent', 'default']);
  assert.equal(first[2].ad_storage, 'denied');
  assert.equal(first[2].analytics_storage, 'denied');
  assert.equal(first[2].security_storage, 'granted');
  assert.equal(first[2].wait_for_update, 500);
});

test('the engine arrives late: what the guard held is judged, refused stays held, Accept all releases each once in order', T, async (t) => {
  const s = await launch(t);
  routes(s);
  s.site.route('/consentry-engine.js', { delay: 700, type: 'text/javascript',
    body: (await import('node:fs')).readFileSync(path.join(DIST, 'consentry-engine.js')) });
  await s.open(dropIn({ body: ATTACKS }), { ready: false });
  await s.ready();
  await s.settle(400);
  for (const h of TRACKERS) assert.deepEqual(early(s, h), [], `${h} requested before consent:\n${s.log()}`);
  assert.equal(await s.page.evaluate(() => window.__fetch), 'refused', 'the held fetch is refused when the engine says so');
  const reasons = await s.page.evaluate(() => [...new Set([...document.querySelectorAll('[data-consentry]')].map((e) => e.getAttribute('data-consentry')))].sort());
  assert.ok(!reasons.includes('pending'), `every held element judged: ${reasons}`);
  assert.deepEqual((await s.order()).sort(), ['lib', 'own']);

  const accepted = s.mark();
  await s.call('acceptAll');
  await s.waitForOrder(5);
  await s.settle(300);
  const order = (await s.order()).filter((m) => m !== 'own' && m !== 'lib');
  // Document order of the held scripts: fbevents was prepended to <head>.
  assert.deepEqual(order, [marker(FBQ), marker(HOTJAR), marker(GTAG)]);
  assert.deepEqual(s.hits('widget.intercom.io/never.js'), [], 'the innerHTML script stays inert');
  for (const u of [GTAG, FBQ, HOTJAR]) assert.equal(s.hits(marker(u).split('?')[0]).length, 1, `${u} fetched once`);
  await s.waitForHit('www.youtube.com/embed/guard');
  await s.waitForHit('www.facebook.com/tr');
  // The parsed frame is back where it was, once, its box gone.
  await s.waitForHit('www.youtube.com/embed/parsed');
  assert.deepEqual(await s.page.evaluate(() => {
    var f = document.getElementById('yt');
    return [f && f.getAttribute('src'), f && f.nextElementSibling && f.nextElementSibling.id, document.querySelectorAll('[data-consentry="placeholder"]').length];
  }), ['https://www.youtube.com/embed/parsed', 'slot', 0]);
  assert.equal(s.since(accepted, 'www.youtube.com/embed/parsed').length, 1, 'the parsed frame is released once');
});

test('a returning visitor who consented: held trackers run when the engine answers, tagged inline code after its library', T, async (t) => {
  const s = await launch(t);
  routes(s);
  const page = dropIn({ body: `
<iframe id="yt" src="https://www.youtube.com/embed/back"></iframe>
<script src="${GTAG}"></script>
<script type="text/plain" data-category="performance">${push('inline-after-gtag')}</script>
<script src="/own.js"></script>` });
  await s.open(page);
  await s.call('acceptAll');
  await s.settle(300);
  // Next page view, the engine slow to arrive.
  s.site.route('/consentry-engine.js', { delay: 600, type: 'text/javascript',
    body: (await import('node:fs')).readFileSync(path.join(DIST, 'consentry-engine.js')) });
  const mark = s.mark();
  await s.reload();
  await s.ready();
  await s.waitForOrder(3);
  await s.settle(300);
  // The known cost: the untagged synchronous tracker no longer runs in parse
  // order (own.js ran first), but the tagged inline code still follows it.
  assert.deepEqual(await s.order(), ['own', marker(GTAG), 'inline-after-gtag'], 'each ran exactly once');
  // Static untagged markup is also fetched by the preload scanner (the
  // documented gap that tagging or the server rewriter closes): at most twice.
  assert.ok(s.since(mark, 'www.googletagmanager.com').length <= 2);
  // A parsed frame (not parked: the visitor has a stored choice) loads in its place.
  await s.waitForHit('www.youtube.com/embed/back');
  assert.deepEqual(await s.page.evaluate(() => [!!document.querySelector('body > #yt + script'), document.getElementById('yt').getAttribute('src'),
    document.querySelectorAll('[data-consentry="placeholder"]').length]), [true, 'https://www.youtube.com/embed/back', 0]);
});

// A policy rule on the site's own host: a self-hosted analytics path, the
// way a first-party proxy or Matomo on the site is declared. The guard holds
// only that path, and never Consentry's own engine script (on the same host).
test('a policy rule with a path on the site\'s own host: the engine starts, the site\'s scripts run, only the path is held', T, async (t) => {
  const s = await launch(t);
  s.site.route('/app.js', { body: 'window.appLoaded = true;' + push('app'), type: 'text/javascript' });
  s.site.route('/matomo/matomo.js', { body: push('matomo'), type: 'text/javascript' });
  const policy = { categories: [{ id: 'performance', services: [{ id: 'matomo-self', name: 'Matomo', hosts: ['www.shop.test/matomo'] }] }] };
  await s.open(dropIn({ policy, body: `
<script src="/app.js"></script>
<script>${push('inline-after-app')}; window.appSeen = window.appLoaded === true;
  // As the site's tag code loads its analytics (static markup would be
  // fetched by the preload scanner first: gap 1).
  var m = document.createElement('script'); m.src = '/matomo/matomo.js'; document.head.appendChild(m);
  var i = document.createElement('img'); i.alt = ''; i.src = '/Matomo/piwik.php?rec=1'; document.body.appendChild(i);
</script>` }));
  await s.settle(300);
  assert.deepEqual(await s.order(), ['app', 'inline-after-app'], 'the site\'s own script ran in parse order');
  assert.equal(await s.page.evaluate(() => window.appSeen), true);
  assert.deepEqual(s.hits((r) => r.path.toLowerCase().startsWith('/matomo')), [], 'the declared path is held before consent');
  await s.call('acceptAll');
  await s.waitForOrder(3);
  await s.waitForHit((r) => r.path === '/Matomo/piwik.php?rec=1');
  assert.equal(s.hits((r) => r.path === '/matomo/matomo.js').length, 1);
});
