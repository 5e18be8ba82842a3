// After a choice (session 23's sweep of the states after one, every engine
// unless named): a withdrawal holds again what it refuses that was released
// (lazy images and frames, media, pings, srcset candidates, moved frames and
// pixels had loaded the refused tracker after withdraw()); the engine reads
// the visitor's GPC signal as the guard found it, before page code; objects
// inheriting from a polluted Object.prototype neither widen a choice nor
// read as held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T, ENGINE } from './harness.mjs';

const FB = 'https://www.facebook.com/tr?id=1&ev=Lazy';
const YT = 'https://www.youtube.com/embed/lazy';
const SPACER = '<div style="height:5000px">top</div>';
const POLICY = { categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'targeting', services: ['meta-pixel'] },
] };
const after = (s, host, n) => s.hits(host).slice(n).map((r) => r.path);

async function acceptThenWithdraw(t, body) {
  const s = await launch(t);
  await s.open(dropIn({ body }));
  await s.call('acceptAll');
  await s.settle(400);
  await s.call('withdraw');
  assert.equal((await s.get('getConsent')).categories.targeting, false, 'setup: targeting withdrawn');
  return s;
}
// Frames refused again are parked in their placeholder: page code still
// holds the element (window.__f) and acts on it.
const frameHeld = (s) => s.page.evaluate(() => window.__f.getAttribute('data-consentry'));

test('withdraw(): a lazy image released while granted stays unloaded when scrolled into view', T, async (t) => {
  const s = await acceptThenWithdraw(t, `${SPACER}<script>
    var i = document.createElement('img'); i.loading = 'lazy'; i.id = 'lz'; i.width = 10; i.height = 10;
    i.src = ${JSON.stringify(FB)}; document.body.appendChild(i);
  </script>`);
  assert.equal(s.hits('www.facebook.com').length, 0, 'setup: not fetched while off-screen');
  await s.page.evaluate(() => document.getElementById('lz').scrollIntoView());
  await s.settle(800);
  assert.deepEqual(s.hits('www.facebook.com').map((r) => r.path), []);
});

test('withdraw(): a lazy frame released while granted is held again', T, async (t) => {
  const s = await acceptThenWithdraw(t, `${SPACER}<script>
    var f = window.__f = document.createElement('iframe'); f.loading = 'lazy';
    f.src = ${JSON.stringify(YT)}; document.body.appendChild(f);
  </script>`);
  assert.equal(s.hits('www.youtube.com').length, 0, 'setup: not fetched while off-screen');
  assert.ok(await frameHeld(s), 'held again');
  await s.page.evaluate(() => { window.scrollTo(0, 1e5); if (window.__f.isConnected) window.__f.scrollIntoView(); });
  await s.settle(800);
  assert.deepEqual(s.hits('www.youtube.com').map((r) => r.path), []);
});

test('withdraw(): media with preload=none released while granted fetches nothing on play()', T, async (t) => {
  const s = await acceptThenWithdraw(t, `<script>
    var v = document.createElement('video'); v.preload = 'none'; v.id = 'v'; v.muted = true;
    v.src = 'https://www.youtube.com/clip.mp4'; document.body.appendChild(v);
  </script>`);
  const before = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => { const v = document.getElementById('v'); v.load(); v.play().catch(() => {}); });
  await s.settle(800);
  assert.deepEqual(after(s, 'www.youtube.com', before), []);
});

test('withdraw(): a link\'s ping released while granted is not sent when the visitor follows it', T, async (t) => {
  if (ENGINE === 'firefox') return t.skip('Firefox sends no pings by default');
  const s = await acceptThenWithdraw(t, `<script>
    var a = document.createElement('a'); a.id = 'p'; a.textContent = 'go'; a.href = '#x';
    a.ping = ${JSON.stringify(FB)}; document.body.appendChild(a);
  </script>`);
  await s.page.evaluate(() => document.getElementById('p').focus());
  await s.page.keyboard.press('Enter');
  await s.settle(800);
  assert.deepEqual(s.hits('www.facebook.com').map((r) => r.path), []);
});

test('withdraw(): a frame released while granted is held again; navigating or moving it loads nothing', T, async (t) => {
  const s = await acceptThenWithdraw(t, `<div id="a"></div><div id="b"></div><script>
    var f = window.__f = document.createElement('iframe'); f.src = ${JSON.stringify(YT)}; document.getElementById('a').appendChild(f);
  </script>`);
  const before = s.hits('www.youtube.com').length;
  assert.ok(before >= 1, 'setup: the frame loaded while granted');
  assert.ok(await frameHeld(s), 'held again');
  await s.page.evaluate(() => {
    const f = window.__f;
    if (f.contentWindow) f.contentWindow.location.href = 'https://www.youtube.com/embed/after';
    document.getElementById('b').appendChild(f);
  });
  await s.settle(800);
  assert.deepEqual(after(s, 'www.youtube.com', before), []);
});

test('withdraw(): a frame inserted while granted (never held) is held again when moved', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: '<div id="a"></div><div id="b"></div>' }));
  await s.call('acceptAll');
  await s.page.evaluate((u) => { const f = window.__f = document.createElement('iframe'); f.src = u; document.getElementById('a').appendChild(f); }, YT);
  await s.waitForHit('www.youtube.com');
  await s.settle(300);
  await s.call('withdraw');
  const before = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => { document.getElementById('b').appendChild(window.__f); });
  await s.settle(800);
  assert.deepEqual(after(s, 'www.youtube.com', before), []);
});

test('withdraw(): a srcset image released while granted picks no new candidate when its frame widens', T, async (t) => {
  if (ENGINE === 'webkit') return t.skip('WebKit does not pick a new candidate on resize');
  const s = await launch(t);
  s.site.page('/inner.html', `<!doctype html><html><body style="margin:0"><script>
    var i = document.createElement('img'); i.sizes = '100vw';
    i.srcset = 'https://www.facebook.com/tr?w=300 300w, https://www.facebook.com/tr?w=2000 2000w';
    document.body.appendChild(i);
  </script></body></html>`);
  await s.open(dropIn({ body: '<iframe id="fr" src="/inner.html" style="width:300px;height:200px;border:0"></iframe>' }));
  await s.call('acceptAll');
  await s.waitForHit('www.facebook.com/tr');
  await s.settle(400);
  await s.call('withdraw');
  const before = s.hits('www.facebook.com').length;
  await s.page.evaluate(() => { document.getElementById('fr').style.width = '1900px'; });
  await s.settle(1000);
  assert.deepEqual(after(s, 'www.facebook.com', before), []);
});

test('withdraw(): a pixel released while granted, moved into a same-origin frame, is not fetched again', T, async (t) => {
  const s = await acceptThenWithdraw(t, `<iframe id="fr"></iframe><script>
    var i = document.createElement('img'); i.id = 'px'; i.src = ${JSON.stringify(FB)}; document.body.appendChild(i);
  </script>`);
  const before = s.hits('www.facebook.com').length;
  assert.ok(before >= 1, 'setup: the pixel loaded while granted');
  await s.page.evaluate(() => { document.getElementById('fr').contentDocument.body.appendChild(document.getElementById('px')); });
  await s.settle(800);
  assert.deepEqual(after(s, 'www.facebook.com', before), []);
});

test('control: withdraw() leaves first-party images and frames as they are', T, async (t) => {
  const s = await acceptThenWithdraw(t, '<img id="own" src="/logo.png"><iframe id="of" src="/inner.html"></iframe>');
  const held = await s.page.evaluate(() => ['own', 'of'].map((id) => { const e = document.getElementById(id); return e ? e.getAttribute('data-consentry') : 'gone'; }));
  assert.deepEqual(held, [null, null]);
});

const GPC_ON = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
  { get() { return true; }, configurable: true, enumerable: true });`;
const BODY = `<script>
  [['fb', 'https://connect.facebook.net/en_US/fbevents.js'], ['ga', 'https://www.google-analytics.com/analytics.js']].forEach(function (p) {
    var e = document.createElement('script'); e.id = p[0]; e.src = p[1]; document.body.appendChild(e);
  });
</script>`;
// The browser's own signal stands in as a page script before the drop-in
// (WebKit's driver has no init scripts).
const gpcFirst = (html) => html.replace('<script src="/consentry.js">', `<script>${GPC_ON}</script><script src="/consentry.js">`);

test('a GPC visitor in US-CA: page code shadowing navigator.globalPrivacyControl before the engine starts opts nothing back in', T, async (t) => {
  const s = await launch(t);
  await s.open(gpcFirst(dropIn({ policy: POLICY, server: { region: 'US-CA' },
    head: `<script>Object.defineProperty(navigator, 'globalPrivacyControl', { value: false });</script>`, body: BODY })));
  await s.waitForHit('www.google-analytics.com/analytics.js');
  await s.settle(800);
  assert.deepEqual(s.hits('connect.facebook.net').map((r) => r.path), []);
});

test('Object.prototype["data-consentry"] set by page code: a refused pixel and script are still held', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  await s.call('setConsent', { categories: ['performance'] });
  await s.page.evaluate(() => {
    Object.prototype['data-consentry'] = 'x';
    try {
      new Image().src = 'https://www.facebook.com/tr?id=1&ev=PageView';
      const e = document.createElement('script');
      e.src = 'https://connect.facebook.net/en_US/fbevents.js';
      document.head.appendChild(e);
    } finally { delete Object.prototype['data-consentry']; }
  });
  await s.settle(600);
  assert.deepEqual([...s.hits('www.facebook.com'), ...s.hits('connect.facebook.net')].map((r) => r.path), []);
});

test('setConsent() with an inherited category (Object.prototype.targeting) grants only what the call names', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  const c = await s.page.evaluate(async () => {
    Object.prototype.targeting = true;
    try { await window.consentry.setConsent({ categories: { performance: true }, services: { 'google-analytics': true } }); } finally { delete Object.prototype.targeting; }
    return window.consentry.getConsent().categories;
  });
  assert.deepEqual([c.performance, c.targeting], [true, false]);
});

test('the dialog\'s Save with Object.prototype.toJSON set grants only the switches the visitor turned on', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.waitForFunction(() => document.querySelector('input[type=checkbox],[role=switch]'));
  const c = await s.page.evaluate(async () => {
    const perf = [...document.querySelectorAll('input[type=checkbox],[role=switch]')].find((e) => /performance/i.test(e.outerHTML));
    if (perf && !perf.checked) perf.click();
    Object.prototype.toJSON = function () { return this && this.performance !== undefined ? Object.assign({}, this, { targeting: true }) : this; };
    try {
      const save = document.querySelector('[data-consentry="save"]') || [...document.querySelectorAll('button')].find((b) => /save/i.test(b.textContent));
      save.click();
      await new Promise((r) => setTimeout(r, 300));
    } finally { delete Object.prototype.toJSON; }
    return window.consentry.getConsent().categories;
  });
  assert.deepEqual([c.performance, c.targeting], [true, false]);
});

// WebKit writes each line of a cookie string as a cookie of its own
// (session 23's second sweep: `ok=1\n_ga=…` wrote `_ga` after a withdrawal,
// on a path of its own too): a string with a line break or NUL is refused.
test('withdraw(): a cookie string with a line break writes no refused cookie', T, async (t) => {
  const TRACK = /^(_ga|_ga_.*|_gid|_fbp|_fbc|fr|_gcl_.*|_hj.*)$/;
  const s = await launch(t);
  await s.open(dropIn({}));
  await s.call('acceptAll');
  await s.call('withdraw');
  await s.page.evaluate(() => { document.cookie = 'ok=1\n_ga=GA1.1.2.3; path=/'; document.cookie = 'ok=2\r\n_fbp=fb.1.2; path=/elsewhere; max-age=3600'; });
  await s.settle(300);
  assert.deepEqual((await s.cookies()).filter((c) => TRACK.test(c.name)).map((c) => c.name), []);
  await s.open('<!doctype html><p>elsewhere', { path: '/elsewhere', ready: false });
  assert.doesNotMatch(await s.page.evaluate(() => document.cookie), /_fbp/);
});
