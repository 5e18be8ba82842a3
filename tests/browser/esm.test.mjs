// The ES module (`pkg/dist/consentry.mjs` + `consentry_bg.wasm`): the same
// engine and runtime behind `start()`, for bundlers and module pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

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
