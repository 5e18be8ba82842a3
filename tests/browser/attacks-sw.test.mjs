// The attack pages (attack-pages.mjs) again, with consentry-sw.js controlling
// the page and the site a secure context (so the Cookie Store, Cache Storage,
// worklets and fetchLater exist too), plus the paths only the worker can see:
// workers, CSS, static untagged markup on the second
// view, module imports and import maps, speculation rules.
process.env.CONSENTRY_E2E_SECURE = '1';
const { test } = await import('node:test');
const { default: assert } = await import('node:assert/strict');
const { launch, dropIn, T, ENGINE } = await import('./harness.mjs');
const { TRACKERS, PRELUDE, CLASSES, page } = await import('./attack-pages.mjs');

const list = (hits) => hits.map((r) => r.host + r.path).join('\n  ');

/** Serves `html` at /a.html, registers the worker, and opens the page controlled. */
async function controlled(s, html) {
  s.site.page('/a.html', dropIn({}));
  await s.goto('/a.html');
  await s.page.evaluate(async () => { await navigator.serviceWorker.register('/consentry-sw.js'); await navigator.serviceWorker.ready; });
  await s.goto('/a.html'); // controlled now: the page posts its state
  await s.ready();
  s.site.page('/a.html', html);
  const mark = s.requests.length;
  await s.goto('/a.html');
  assert.ok(await s.page.evaluate(() => !!navigator.serviceWorker.controller), 'the worker controls the page');
  return mark;
}

for (const [cls, variants] of Object.entries(CLASSES)) {
  test(`attack class "${cls}" under the service worker: zero tracker requests before consent`, T, async (t) => {
    const s = await launch(t);
    const mark = await controlled(s, page(variants));
    await s.settle(800);
    const early = s.since(mark, (r) => TRACKERS.includes(r.host));
    assert.deepEqual(list(early), '', `tracker requests before consent:\n  ${list(early)}`);
  });
}

const GAPS = `${PRELUDE}
<img alt="" src="https://www.facebook.com/tr?v=static-img">
<script src="https://connect.facebook.net/en_US/fbevents.js?v=static-script"></script>
<script type="importmap">{ "imports": { "fbq": "https://connect.facebook.net/en_US/fbevents.js?v=importmap" } }</script>
<script type="module">import('fbq').catch(function () {}); import('https://connect.facebook.net/en_US/fbevents.js?v=import').catch(function () {});</script>
<script>
  run('worker', function () { new Worker(URL.createObjectURL(new Blob(['fetch("' + PIXEL('blob-worker') + '")'], { type: 'text/javascript' }))); });
  run('css', function () { var st = document.createElement('style'); st.textContent = '#box { background: url(' + PIXEL('css') + ') }'; document.head.appendChild(st); });
  run('paint worklet', function () { if (window.CSS && CSS.paintWorklet) return CSS.paintWorklet.addModule(SCRIPT('worklet')); });
  run('cache', function () { if (window.caches) return caches.open('x').then(function (c) { return c.add(PIXEL('cache')); }); });
  run('font face', function () { return new FontFace('x', 'url(' + PIXEL('fontface') + ')').load(); });
  // CSS given as SVG presentation attributes (Chromium loads fill, stroke, mask, clip-path, marker and cursor; Firefox and WebKit mask and cursor): held by the guard since session 21 (attacks.test.mjs), the worker a second line.
  run('SVG presentation attributes', function () { box.insertAdjacentHTML('beforeend', '<svg width="9" height="9"><rect width="9" height="9" fill="url(' + PIXEL('svg-fill') + '#p)" stroke="url(' + PIXEL('svg-stroke') + '#p)" mask="url(' + PIXEL('svg-mask') + '#m)" clip-path="url(' + PIXEL('svg-clip') + '#c)" cursor="url(' + PIXEL('svg-cursor') + '), auto"/><path d="M0 0L9 9" marker-start="url(' + PIXEL('svg-marker') + '#k)"/></svg>'); });
  run('SVG feImage', function () { box.insertAdjacentHTML('beforeend', '<svg width="9" height="9"><filter id="fi"><feImage href="' + PIXEL('feimage') + '"/></filter><rect width="9" height="9" filter="url(#fi)"/></svg>'); });
  run('SMIL set of an image href', function () { box.insertAdjacentHTML('beforeend', '<svg width="9" height="9"><image width="9" height="9"><set attributeName="href" to="' + PIXEL('smil-set') + '"/></image></svg>'); });
</script>`;

test('the gaps of the page-side guard, closed by the service worker from the view it controls', T, async (t) => {
  const s = await launch(t);
  const mark = await controlled(s, dropIn({ body: GAPS }));
  await s.settle(1000);
  const early = s.since(mark, (r) => TRACKERS.includes(r.host));
  assert.deepEqual(list(early), '', `tracker requests before consent:\n  ${list(early)}`);
  // First-party and allowed work is untouched.
  assert.equal(await s.page.evaluate(() => fetch('/fp.gif?sw-ctl').then((r) => r.status)), 404);
});

// WebTransport exists in secure contexts only (this file's site is one). A
// connection cannot wait: refused like WebSocket while the engine may block
// it, and before consent; constructed after (QUIC is off here: it connects
// to nothing).
test('WebTransport to a tracker is refused before consent, constructed after (the page guard, no worker)', {
  ...T, skip: ENGINE === 'webkit' && 'WebKit has no WebTransport',
}, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: '<p>x</p>' }));
  const open = (u) => s.page.evaluate((url) => {
    try { const w = new WebTransport(url); w.ready.catch(() => {}); w.closed.catch(() => {}); return w instanceof WebTransport ? 'opened' : 'odd'; } catch (e) { return e.name; }
  }, u);
  assert.equal(await s.page.evaluate(() => typeof WebTransport), 'function');
  assert.equal(await open('https://www.google-analytics.com/wt?v=1'), 'SecurityError');
  assert.equal(await open('https://cdn.allowed.example/wt'), 'opened');
  await s.call('acceptAll');
  assert.equal(await open('https://www.google-analytics.com/wt?v=2'), 'opened');
});
