// Cookie and storage writes before the engine starts (session 23's second
// sweep), in a secure context (cookieStore): an early cookieStore.set had
// stopped the engine's start, 100 throw-away writes had exempted a cookie on
// its own path, and page code taking requestIdleCallback and the pagehide
// event had kept refused storage. Test titles name what had happened.
process.env.CONSENTRY_E2E_SECURE = '1';
const { test } = await import('node:test');
const { default: assert } = await import('node:assert/strict');
const { launch, dropIn, T, ENGINE } = await import('./harness.mjs');

// The guard records pre-engine cookie writes as [name, as written]; a
// cookieStore.set is recorded without the second (guard.js H.cookie(name)),
// and the engine's start-up clean-up reads w[1].split (cookies.js): it
// throws, and the rest of consentryStart (storage clean-up, the pagehide /
// visibilitychange / cookieStore clean-ups, ready) never runs.
test('a cookieStore.set before the engine starts: the start-up clean-up runs, a refused storage key is removed', T, async (t) => {
  const s = await launch(t);
  const html = dropIn({ body: `<script>
    if (window.cookieStore) cookieStore.set('pref', '1');
    localStorage.setItem('_hjSessionUser_1', 'x');
    document.cookie = '_fbp=fb.1.1; path=/elsewhere; max-age=3600';
  </script>` });
  await s.open(html, { ready: false });
  await s.settle(2500);
  const ready1 = await s.page.evaluate(() => !!(window.consentry && window.consentry.ready));
  const left1 = await s.page.evaluate(() => localStorage.getItem('_hjSessionUser_1'));
  await s.reload();
  await s.settle(2500);
  const left2 = await s.page.evaluate(() => localStorage.getItem('_hjSessionUser_1'));
  await s.open('<!doctype html><p>elsewhere', { path: '/elsewhere', ready: false });
  const elsewhere = await s.page.evaluate(() => document.cookie);
  console.log({ cookieStore: await s.page.evaluate(() => !!window.cookieStore), ready1, left1, left2, elsewhere, errors: s.pageErrors.map(String), console: s.errors() });
  assert.equal(left1, null, 'the refused storage key is deleted at the engine\'s start');
  assert.equal(left2, null, 'and at the next view\'s');
  assert.doesNotMatch(elsewhere, /_fbp/, 'the path-scoped refused cookie is deleted where it was written');
  assert.equal(ready1, true, 'the engine became ready');
});

// G.early keeps 100 writes: the 101st, on a path of its own, is never deleted.
test('a refused cookie written on its own path after 100 other pre-engine writes is deleted', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    for (var i = 0; i < 100; i++) document.cookie = 'x' + i + '=; max-age=0';
    document.cookie = '_fbp=fb.1.1; path=/elsewhere; max-age=3600';
  </script>` }));
  await s.settle(1500);
  await s.reload(); await s.ready(); await s.settle(1000);
  await s.open('<!doctype html><p>elsewhere', { path: '/elsewhere', ready: false });
  const elsewhere = await s.page.evaluate(() => document.cookie);
  assert.doesNotMatch(elsewhere, /_fbp/);
});

// The clean-up's own triggers are the page's to take: the start-up storage
// clean-up waits on window.requestIdleCallback as found when it runs
// (cookies.js), and the pagehide/visibilitychange clean-ups are listeners
// added after the page's own, which stopImmediatePropagation() silences.
test('page code taking requestIdleCallback and the pagehide event: a refused storage key is still removed', T, async (t) => {
  const s = await launch(t);
  const html = dropIn({ body: `<script>
    window.requestIdleCallback = function () { return 0; };
    addEventListener('pagehide', function (e) { e.stopImmediatePropagation(); });
    document.addEventListener('visibilitychange', function (e) { e.stopImmediatePropagation(); });
    if (location.search === '?first') localStorage.setItem('_hjSessionUser_1', 'x');
  </script>` });
  await s.open(html, { path: '/page.html?first' });
  await s.settle(2500);
  const first = await s.page.evaluate(() => localStorage.getItem('_hjSessionUser_1'));
  s.site.page('/page.html', html);
  await s.goto('/page.html'); await s.ready(); await s.settle(2500);
  const second = await s.page.evaluate(() => localStorage.getItem('_hjSessionUser_1'));
  console.log({ first, second, refused: await s.page.evaluate(() => window.consentry.getConsent().categories.performance) });
  assert.equal(first, null, 'deleted at the engine\'s start');
  assert.equal(second, null, 'deleted by the next view at the latest');
});
