// The optional service worker (consentry-sw.js): with it controlling the
// page, the paths no page-side interception can see make zero tracker
// requests before consent (a worker, CSS url() and @import, static untagged
// markup on the second view, a module import()), a change of consent applies
// to the very next request, first-party and non-tracker requests pass
// untouched, and it works both as the site's only worker and imported into
// the site's own worker.
process.env.CONSENTRY_E2E_SECURE = '1'; // service workers need a secure context
const { test } = await import('node:test');
const { default: assert } = await import('node:assert/strict');
const { launch, dropIn, T } = await import('./harness.mjs');

const TRACKERS = ['www.facebook.com', 'connect.facebook.net', 'www.google-analytics.com', 'static.hotjar.com'];
const trackerHits = (s) => s.hits((r) => TRACKERS.includes(r.host));
const list = (hits) => hits.map((r) => r.host + r.path).join('\n  ');

/** Registers `script` and reloads until it controls the page. */
async function controlled(s, script, html) {
  s.site.page('/sw.html', html);
  await s.goto('/sw.html');
  await s.page.evaluate(async (url) => {
    await navigator.serviceWorker.register(url);
    await navigator.serviceWorker.ready;
  }, script);
  await s.goto('/sw.html');
  assert.ok(await s.page.evaluate(() => !!navigator.serviceWorker.controller), 'the worker controls the page');
}

// What no page-side interception sees: a same-origin worker, CSS, static markup, import().
function routes(s) {
  s.site.route('/w.js', { type: 'text/javascript', body: `
    onmessage = function (e) {
      fetch(e.data).then(function (r) { postMessage(r.status + ' ' + r.headers.get('x-consentry')); }, function (x) { postMessage('error ' + x); });
    };` });
  s.site.route('/s.css', { type: 'text/css', body: `@import url("https://www.facebook.com/tr?v=css-import");
    body { background: url("https://www.facebook.com/tr?v=css-url"); }` });
  s.site.route('/fp.txt', { type: 'text/plain', body: 'first party' });
  s.site.route('/site-sw.js', { type: 'text/javascript', body: `
    importScripts('/consentry-sw.js');
    self.addEventListener('install', function () { self.skipWaiting(); });
    self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
    self.addEventListener('fetch', function (e) {
      if (new URL(e.request.url).pathname === '/site-sw-hello') e.respondWith(new Response('hello from the site worker'));
    });` });
}
const PAGE = dropIn({
  head: '<link rel="stylesheet" href="/s.css">',
  body: `<img alt="" src="https://www.facebook.com/tr?v=static">
<script src="https://connect.facebook.net/en_US/fbevents.js?v=static-script"></script>
<script type="module">import('https://connect.facebook.net/en_US/fbevents.js?v=import').catch(function () {});</script>
<script>
  window.ask = function (url) {
    return new Promise(function (ok) { var w = new Worker('/w.js'); w.onmessage = function (e) { ok(e.data); w.terminate(); }; w.postMessage(url); });
  };
</script>`,
});

for (const [mode, script] of [['the site\'s only worker', '/consentry-sw.js'], ['imported into the site\'s worker', '/site-sw.js']]) {
  test(`service worker (${mode}): zero tracker requests on every path before consent, released by the next request after it`, T, async (t) => {
    const s = await launch(t);
    routes(s);
    await controlled(s, script, PAGE);
    const mark = s.requests.length;
    await s.goto('/sw.html'); // a second view: static markup goes through the worker
    await s.ready();
    assert.match(await s.page.evaluate(() => window.ask('https://www.facebook.com/tr?v=worker')), /^(204|200) blocked$/);
    assert.equal(await s.page.evaluate(() => window.ask('/fp.txt')), '200 null', 'a first-party request from a worker passes untouched');
    await s.settle(500);
    const early = s.since(mark, (r) => TRACKERS.includes(r.host));
    assert.deepEqual(list(early), '', `tracker requests before consent:\n  ${list(early)}`);
    if (script === '/site-sw.js') {
      assert.equal(await s.page.evaluate(() => fetch('/site-sw-hello').then((r) => r.text())), 'hello from the site worker');
    }

    await s.call('acceptAll');
    // The very next request after the choice is judged with it.
    assert.equal(await s.page.evaluate(() => window.ask('https://www.facebook.com/tr?v=after')), '200 null');
    await s.waitForHit((r) => r.path.includes('v=after'));
    void trackerHits;
  });
}

test('service worker: a refusal applies to the very next request, and the state survives a restart', T, async (t) => {
  const s = await launch(t);
  routes(s);
  await controlled(s, '/consentry-sw.js', PAGE);
  await s.ready();
  await s.call('acceptAll');
  assert.equal(await s.page.evaluate(() => window.ask('https://www.google-analytics.com/collect?v=granted')), '200 null');
  await s.call('rejectAll');
  assert.match(await s.page.evaluate(() => window.ask('https://www.google-analytics.com/collect?v=refused')), /blocked$/);
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.path.includes('v=refused')), []);
});

test('service worker: a refusal made in another page applies to this page\'s next request', T, async (t) => {
  const s = await launch(t);
  routes(s);
  s.site.page('/other.html', dropIn({}));
  await controlled(s, '/consentry-sw.js', PAGE);
  await s.ready();
  await s.call('acceptAll');
  // Twice: the second is judged on the worker's fast path, with the cookie it holds.
  for (const v of ['granted-1', 'granted-2']) {
    assert.equal(await s.page.evaluate((u) => window.ask(u), `https://www.google-analytics.com/collect?v=${v}`), '200 null');
  }
  const other = 'f' + Date.now();
  await s.page.evaluate((id) => new Promise((ok) => {
    const f = document.createElement('iframe');
    f.id = id; f.src = '/other.html';
    f.onload = () => ok();
    document.body.appendChild(f);
  }), other);
  await s.page.waitForFunction((id) => {
    const w = document.getElementById(id).contentWindow;
    return !!(w.consentry && w.consentry.ready === true);
  }, other, { timeout: 10_000 });
  const answer = await s.page.evaluate((id) => {
    document.getElementById(id).contentWindow.consentry.rejectAll();
    return window.ask('https://www.google-analytics.com/collect?v=refused-elsewhere');
  }, other);
  assert.match(answer, /blocked$/);
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.path.includes('v=refused-elsewhere')), []);
});

test('service worker: first-party code, a non-tracker CDN and the site\'s own script keep working', T, async (t) => {
  const s = await launch(t);
  routes(s);
  s.site.route('/app.js', { type: 'text/javascript', body: 'window.__app = 1;' });
  await controlled(s, '/consentry-sw.js', dropIn({
    head: '<script src="/app.js"></script><script src="https://cdn.allowed.example/lib.js"></script>',
    body: '<script>window.ask = function (u) { return fetch(u).then(function (r) { return r.status; }); };</script>',
  }));
  await s.ready();
  assert.equal(await s.page.evaluate(() => window.__app), 1);
  assert.equal(await s.page.evaluate(() => window.ask('/fp.txt')), 200);
  await s.waitForHit('cdn.allowed.example/lib.js');
  const cdn = s.hits('cdn.allowed.example');
  assert.ok(cdn.length >= 1, 'the CDN script was fetched over the network');
});
