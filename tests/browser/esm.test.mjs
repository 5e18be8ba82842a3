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
  </script>` }));
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
