// (f) Released scripts keep document order: externals download in parallel but
// execute in order, inline scripts wait for the externals before them, and
// each runs exactly once — even when a later download finishes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T, CAN } from './harness.mjs';

const POLICY = { categories: [{ id: 'performance', services: ['google-analytics', 'hotjar'] }] };
const A = 'https://static.hotjar.com/c/hotjar-1.js'; // slowest, first in the document
const B = 'https://www.google-analytics.com/analytics.js';
const C = 'https://www.googletagmanager.com/gtag/js?id=G-3'; // fastest, last
const tag = (attrs, code = '') => `<script type="text/plain" data-category="performance" ${attrs}>${code}</script>`;
const push = (m) => `(window.__order=window.__order||[]).push('${m}')`;

/** Loads the page with delays 600/300/0 ms in document order and accepts. */
async function acceptOrderedPage(t) {
  const s = await launch(t);
  s.thirdParty.route(A, { delay: 600 });
  s.thirdParty.route(B, { delay: 300 });
  s.thirdParty.route(C, { delay: 0 });
  await s.open(dropIn({ policy: POLICY, body: [
    tag(`src="${A}"`),
    tag('', push('inline-1')),
    tag(`src="${B}"`),
    '<p>content between tags</p>',
    tag(`src="${C}"`),
    tag('', push('inline-2')),
  ].join('\n') }));
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
  assert.deepEqual(await s.order(), []);
  await s.call('acceptAll');
  return s;
}
const WANT = [marker(A), 'inline-1', marker(B), marker(C), 'inline-2'];

test('released scripts execute in document order, each exactly once, whatever their download times', T, async (t) => {
  const s = await acceptOrderedPage(t);
  assert.deepEqual(await s.waitForOrder(WANT.length, 8000), WANT);
  await s.settle(1000);
  assert.deepEqual(await s.order(), WANT, 'nothing ran twice');
  for (const u of [A, B, C]) assert.equal(s.hits(marker(u)).length, 1, `${u} requested once`);
});

test('released externals download in parallel, even across an inline script', T, async (t) => {
  const s = await acceptOrderedPage(t);
  await s.waitForOrder(WANT.length, 8000);
  // all three requests were made before the slowest (600 ms) one answered
  const times = [A, B, C].map((u) => s.hits(marker(u))[0].time);
  assert.ok(Math.max(...times) - Math.min(...times) < 500,
    `downloads look sequential: requested at ${times.join(', ')} ms (delays 600, 300, 0)`);
});

test('held dynamic async=false scripts keep their insertion order when released', T, async (t) => {
  // async=false dynamic scripts keep insertion order in browsers; the runtime
  // must not turn a held one into an out-of-order one on release.
  const s = await launch(t);
  s.thirdParty.route(A, { delay: 500 });
  await s.open(dropIn({ policy: POLICY, body: `<script>
    [${JSON.stringify(A)}, ${JSON.stringify(B)}].forEach(function (u) {
      var e = document.createElement('script'); e.async = false; e.src = u; document.head.appendChild(e);
    });
  </script>` }));
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(2, 8000), [marker(A), marker(B)]);
  await s.settle(500);
  assert.deepEqual(await s.order(), [marker(A), marker(B)]);
});

test('a released script that throws does not stop the ones after it, which keep their order', T, async (t) => {
  // External A (slowest) and an inline script both throw after recording that
  // they ran; B and the last inline script must still run, in document order.
  const s = await launch(t);
  s.thirdParty.route(A, { delay: 400, body: `${push('A')}; throw new Error('boom A');` });
  s.thirdParty.route(B, { delay: 0 });
  await s.open(dropIn({ policy: POLICY, body: [
    tag(`src="${A}"`),
    tag('', `${push('inline-1')}; throw new Error('boom inline');`),
    tag(`src="${B}"`),
    tag('', push('inline-2')),
  ].join('\n') }));
  await s.settle(300);
  assert.deepEqual(await s.order(), []);
  await s.call('acceptAll');
  const want = ['A', 'inline-1', marker(B), 'inline-2'];
  assert.deepEqual(await s.waitForOrder(want.length, 8000), want);
  await s.settle(500);
  assert.deepEqual(await s.order(), want, 'nothing ran twice');
  // The throws are expected page errors, each reported once.
  const errors = s.pageErrors.map(String);
  if (CAN.console) {
    assert.equal(errors.filter((e) => /boom A/.test(e)).length, 1, `page errors: ${errors.join('; ')}`);
    assert.equal(errors.filter((e) => /boom inline/.test(e)).length, 1, `page errors: ${errors.join('; ')}`);
  }
});
