// The ES module (`pkg/dist/consentry.mjs` + `consentry_bg.wasm`): the same
// engine and runtime behind `start()`, for bundlers and module pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, dropIn, marker, DIST, T } from './harness.mjs';

const POLICY = { categories: [{ id: 'performance', services: ['google-analytics'] }] };
const GA = 'https://www.google-analytics.com/analytics.js';

test('start() from the ES module holds dynamic trackers and releases them on acceptAll', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY, runtime: false, head: `<script type="module">
    import { start } from '/consentry.mjs';
    const api = await start();
    window.__same = api === window.consentry && api === await start();
    const e = document.createElement('script'); e.src = ${JSON.stringify(GA)}; document.head.appendChild(e);
    window.__started = true;
  </script>` }), { ready: false });
  await s.page.waitForFunction(() => window.__started === true);
  await s.settle(300);
  assert.equal(await s.page.evaluate(() => window.__same), true, 'start() is idempotent and sets window.consentry');
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'held before consent');
  assert.equal(await s.get('allows', 'performance'), false);
  assert.equal(s.hits((r) => r.path === '/consentry_bg.wasm').length, 1, 'the wasm is its own file');
  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(1), [marker(GA)]);
  assert.equal((await s.cookie('consentry')).length, 1);
});

test('start() after parsing: tagged and server-held markup already in the page is held, then released in order', T, async (t) => {
  const s = await launch(t);
  const AN = 'https://www.google-analytics.com/analytics.js?tagged';
  const HOTJAR = 'https://static.hotjar.com/c/hotjar-1.js';
  await s.open(dropIn({
    policy: { categories: [{ id: 'performance', services: ['google-analytics', 'hotjar'] }] },
    runtime: false,
    body: `<script type="text/plain" data-category="performance" src="${AN}"></script>
      <script type="text/plain" data-consentry="no-consent" data-consentry-type="" src="${HOTJAR}"></script>
      <script type="text/plain" data-category="performance">(window.__order = window.__order || []).push('inline');</script>
      <script type="module">
        import { start } from '/consentry.mjs';
        await start();
        window.__started = true;
      </script>`,
  }));
  await s.page.waitForFunction(() => window.__started === true);
  await s.settle(300);
  assert.deepEqual(await s.order(), [], 'nothing ran before consent');
  assert.deepEqual(s.hits('www.google-analytics.com'), []);
  assert.deepEqual(s.hits('static.hotjar.com'), []);
  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(3), [marker(AN), marker(HOTJAR), 'inline']);
  await s.settle(300);
  assert.equal((await s.order()).length, 3, 'each ran exactly once');
});

test('start() with an engine that cannot load fails closed: trackers stay held, no choice recorded', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY, runtime: false, head: `<script type="module">
    import { start } from '/consentry.mjs';
    const api = await start('/missing.wasm');
    const e = document.createElement('script'); e.src = ${JSON.stringify(GA)}; document.head.appendChild(e);
    window.__accept = await api.acceptAll().then(() => 'accepted', () => 'refused');
    window.__started = true;
  </script>` }), { ready: false });
  await s.page.waitForFunction(() => window.__started === true);
  await s.settle(300);
  assert.equal(await s.page.evaluate(() => window.__accept), 'refused');
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'held with the engine down');
  assert.ok(s.errors().some((e) => /engine could not start/.test(e)));
});

// start() is the first call of most of the module's functions: the build marks
// consentry.mjs for eager compilation like the guard and the engine, so
// Chromium compiles them while it streams the module (measured: ~180-210
// compiled lazily on the main thread during start(), 21-31 ms; now 1-36).
test('the module is compiled with its script, not function by function during start()', T, async (t) => {
  const s = await launch(t);
  s.site.page('/page.html', dropIn({ policy: POLICY, runtime: false, head: `<script type="module">
    import { start } from '/consentry.mjs';
    performance.mark('test:start'); await start(); performance.mark('test:started');
    window.__started = true;
  </script>` }));
  const browser = s.context.browser();
  await browser.startTracing(s.page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.compile', 'blink.user_timing'] });
  await s.goto('/page.html', { ready: false });
  await s.page.waitForFunction(() => window.__started === true);
  const ev = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
  const [from, to] = ['test:start', 'test:started'].map((n) => ev.find((e) => e.name === n));
  assert.ok(from && to, 'start() was marked');
  const compiled = ev.filter((e) => e.name === 'V8.CompileCode' && e.pid === from.pid && e.tid === from.tid
    && e.ts >= from.ts && e.ts < to.ts).length;
  // Without the hint ~180-210 (36 once in a full run on a loaded machine).
  assert.ok(compiled < 80, `functions compiled lazily during start(): ${compiled}`);
  assert.match(readFileSync(path.join(DIST, 'consentry.mjs'), 'utf8'), /^\/\/# allFunctionsCalledOnLoad\n/);
});
