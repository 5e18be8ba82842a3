// The first visit's wasm warm-up (pkg/src/warm.js, issue 12): in Chromium,
// whose V8 compiles a wasm function on its first call on the calling thread,
// the engine script runs once more as a throwaway worker of the page's origin
// that makes the engine's first calls on the shared module, so the page's
// main thread does not compile them. No worker where it could meet a CSP
// that refuses it (a drop-in with a nonce), nor in engines that compile the
// module as it streams in. Its effect is measured, not tested here
// (bench-script-time.mjs; README, Figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { launch, dropIn, T, ENGINE, CAN, DIST } from './harness.mjs';

const BANNER = '[data-consentry="banner"]';
const marks = (s) => s.page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('consentry:warm')));

test('a first visit warms the wasm in a worker of the engine script (Chromium only), which answers and is gone before the engine starts', T, async (t) => {
  const s = await launch(t);
  const workers = [];
  if (ENGINE === 'chromium') s.page.on('worker', (w) => workers.push(w.url()));
  await s.open(dropIn({ policy: { categories: [{ id: 'performance', services: ['google-analytics'] }] }, body: '<p>shop</p>' }));
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  if (ENGINE === 'chromium') {
    assert.deepEqual(await marks(s), ['consentry:warm-message'], 'the worker made its calls and answered (not an error, not the cap)');
    assert.equal(workers.length, 1);
    assert.match(workers[0], /^http:\/\/www\.shop\.test\/consentry-engine\.js$/);
    assert.deepEqual(s.page.workers().map((w) => w.url()), [], 'terminated');
    const order = await s.page.evaluate(() => ['warm-message', 'engine-start'].map((m) => performance.getEntriesByName('consentry:' + m)[0].startTime));
    assert.ok(order[0] <= order[1], 'the engine starts after the warm-up');
  } else {
    assert.deepEqual(await marks(s), [], `${ENGINE} compiles the module as it streams: no worker`);
  }
  // The engine works as without it: Accept all, the state in the API.
  await s.call('acceptAll');
  assert.equal((await s.get('getConsent')).categories.performance, true);
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('a drop-in with a nonce (a CSP in force) starts no worker, and the CSP reports nothing', T, async (t) => {
  const s = await launch(t);
  const CSP = "script-src 'nonce-abc' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
  await s.open(dropIn({ runtime: false, head: '<script src="/consentry.js" nonce="abc"></script>', body: '<p>shop</p>' }),
    { headers: { 'Content-Security-Policy': CSP } });
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  assert.deepEqual(await marks(s), []);
  if (CAN.initScript) assert.deepEqual(await s.page.evaluate(() => window.__csp), [], 'securitypolicyviolation events');
  assert.deepEqual(s.pageErrors.map(String), []);
});

// The worker's request carries a query (an init script wraps Worker) so the
// broken script goes to it alone: the two requests are alike on this
// plain-http site (no Sec-Fetch-Dest), and they may arrive in either order.
for (const [what, worker, want] of [
  ['never runs (a script that does nothing, as one stuck on the network)', 'self.onmessage = null;', 'consentry:warm-skipped'],
  ['throws', 'throw new Error("broken");', null],
]) {
  test(`a warm-up worker that ${what} is not waited for: the engine starts anyway`, {
    ...T, skip: ENGINE !== 'chromium' && 'no worker outside Chromium',
  }, async (t) => {
    const s = await launch(t);
    await s.page.addInitScript(() => {
      const W = window.Worker;
      window.Worker = function Worker(url, opts) { return new W(url + '?warm', opts); };
      window.Worker.prototype = W.prototype;
    });
    s.site.route('/consentry-engine.js?warm', { type: 'text/javascript', body: worker });
    await s.open(dropIn({ body: '<p>shop</p>' }));
    await s.page.locator(BANNER).waitFor({ state: 'visible' });
    const m = await marks(s);
    if (want) assert.deepEqual(m, [want]);
    else assert.ok(['consentry:warm-skipped', 'consentry:warm-error'].includes(m.join()), m.join());
    // Not waited for longer than the 80 ms grace after its module (never the 250 ms for its calls).
    const wait = await s.page.evaluate(() => performance.getEntriesByName('consentry:engine-start')[0].startTime - performance.getEntriesByName(performance.getEntriesByType('mark').find((x) => x.name.startsWith('consentry:warm-')).name)[0].startTime);
    assert.ok(wait >= 0 && wait < 50, `the engine starts right after it gives up (${wait} ms)`);
    await s.call('acceptAll');
    assert.equal((await s.get('getConsent')).stored, 'valid');
  });
}

test('a page view after the first, its files from the HTTP cache, starts no worker (the compiled code comes with the wasm)', {
  ...T, skip: ENGINE !== 'chromium' && 'no worker outside Chromium',
}, async (t) => {
  const s = await launch(t);
  const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  for (const f of readdirSync(DIST)) {
    const file = path.join(DIST, f);
    if (statSync(file).isFile()) s.site.route(`/${f}`, { body: readFileSync(file), type: TYPES[path.extname(f)] || 'application/octet-stream', headers: { 'Cache-Control': 'public, max-age=3600' } });
  }
  const workers = [];
  s.page.on('worker', (w) => workers.push(w.url()));
  await s.open(dropIn({ body: '<p>shop</p>' }));
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  assert.deepEqual(await marks(s), ['consentry:warm-message'], 'the first view warms up');
  assert.equal(workers.length, 1);
  s.site.page('/second.html', dropIn({ body: '<p>more</p>' }));
  await s.goto('/second.html');
  await s.ready();
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  assert.deepEqual(await marks(s), [], 'no warm-up on the second view');
  assert.equal(workers.length, 1, 'no second worker');
  assert.deepEqual(s.pageErrors.map(String), []);
});
