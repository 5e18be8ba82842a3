// The drop-in carries its wasm as hex: `Uint8Array.fromHex` where the browser
// has it, else a hand-written decoder. Chromium has it, so this removes it
// before the page runs to drive the fallback through the whole engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const PAGE = dropIn({
  policy: { categories: [{ id: 'performance', services: ['google-analytics'] }] },
  body: `<script type="text/plain" data-category="performance" src="${GTAG}"></script>`,
});

for (const native of [true, false]) {
  test(`the wasm decodes ${native ? 'with' : 'without'} Uint8Array.fromHex and the engine enforces`, T, async (t) => {
    const s = await launch(t);
    if (!native) await s.page.addInitScript(() => { delete Uint8Array.fromHex; });
    await s.open(PAGE);
    assert.equal(await s.page.evaluate(() => typeof Uint8Array.fromHex), native ? 'function' : 'undefined');
    await s.settle(300);
    assert.deepEqual(s.hits('www.googletagmanager.com'), [], 'requested before consent');
    await s.call('acceptAll');
    await s.waitForHit('www.googletagmanager.com');
    assert.deepEqual(s.pageErrors, []);
  });
}
