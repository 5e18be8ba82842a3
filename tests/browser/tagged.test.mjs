// (a) Tagged markup: <script type="text/plain" data-category=…> waits, makes no
// request and runs only once its category (or data-service) is granted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

const POLICY = { categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'targeting', services: ['meta-pixel'] },
] };
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const push = (m) => `(window.__order=window.__order||[]).push('${m}')`;
const PAGE = dropIn({ policy: POLICY, body: `
<script type="text/plain" data-category="performance" src="${GTAG}"></script>
<script type="text/plain" data-category="performance">${push('inline-performance')}</script>
<script type="text/plain" data-category="targeting" data-service="meta-pixel" src="${FB}"></script>
<script type="text/plain" data-category="targeting">${push('inline-targeting')}</script>
<script type="text/plain" data-category="mandatory">${push('inline-mandatory')}</script>` });

async function assertHeld(s) {
  await s.settle(500);
  assert.deepEqual(s.hits('www.googletagmanager.com'), [], 'gtag requested before consent');
  assert.deepEqual(s.hits('connect.facebook.net'), [], 'fbevents requested before consent');
  const held = await s.page.$$eval('script[data-category="performance"], script[data-category="targeting"]',
    (els) => els.map((e) => [e.type, e.getAttribute('data-consentry')]));
  assert.deepEqual(held, Array(4).fill(['text/plain', 'no-consent']), 'held scripts stay text/plain and are marked');
}

test('tagged scripts make no request before consent and run in document order after acceptAll', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await assertHeld(s);
  // tagged mandatory markup is released at once
  assert.deepEqual(await s.order(), ['inline-mandatory']);

  const c = await s.get('getConsent');
  assert.equal(c.stored, 'none');
  assert.equal(c.regime, 'opt-in');
  assert.equal(c.categories.performance, false);
  assert.equal(c.categories.targeting, false);
  const allows = (x) => s.get('allows', x);
  assert.equal(await allows('mandatory'), true);
  assert.equal(await allows('performance'), false);
  assert.equal(await allows('google-analytics'), false);
  assert.equal(await allows(GTAG), false);
  assert.equal(await allows('https://www.google-analytics.com/g/collect'), false);
  assert.equal(await allows('https://cdn.allowed.example/lib.js'), true, 'unlisted hosts are never blocked');

  await s.call('acceptAll');
  const want = ['inline-mandatory', marker(GTAG), 'inline-performance', marker(FB), 'inline-targeting'];
  assert.deepEqual(await s.waitForOrder(want.length), want);
  await s.settle(500);
  assert.deepEqual(await s.order(), want, 'each released script runs exactly once');
  assert.equal(s.hits('www.googletagmanager.com/gtag/js').length, 1);
  assert.equal(s.hits('connect.facebook.net/en_US/fbevents.js').length, 1);

  const after = await s.get('getConsent');
  assert.equal(after.stored, 'valid');
  assert.equal(after.categories.performance, true);
  assert.equal(after.categories.targeting, true);
  assert.equal(await allows(GTAG), true);
});

test('a category grant releases only that category; a service grant releases data-service markup', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await assertHeld(s);

  await s.call('setConsent', { categories: ['performance'] });
  const perf = ['inline-mandatory', marker(GTAG), 'inline-performance'];
  assert.deepEqual(await s.waitForOrder(perf.length), perf);
  await s.settle(500);
  assert.deepEqual(await s.order(), perf, 'targeting markup still held');
  assert.deepEqual(s.hits('connect.facebook.net'), []);
  assert.equal((await s.get('getConsent')).categories.targeting, false);

  await s.call('setConsent', { categories: ['performance'], services: { 'meta-pixel': true } });
  assert.deepEqual(await s.waitForOrder(perf.length + 1), [...perf, marker(FB)]);
  await s.settle(500);
  assert.deepEqual(await s.order(), [...perf, marker(FB)],
    'category-tagged targeting inline stays held; performance scripts do not run twice');
  assert.equal(s.hits('www.googletagmanager.com').length, 1);
  assert.equal(await s.get('allows', 'meta-pixel'), true);
  assert.equal(await s.get('allows', 'targeting'), false);
  assert.equal((await s.get('getConsent')).services['meta-pixel'], true);
});
