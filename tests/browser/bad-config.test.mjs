// (j) Broken configuration and tampered consent fail closed: the problem is
// reported on the console, the page does not break, trackers stay blocked.
//
// The config tests run with server facts for an opt-out region (US-CA), where
// a *valid* policy lets the trackers run without any choice (the control test).
// So falling back to the default policy would be visible: fail closed means
// nothing non-mandatory runs at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, SITE, T } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const GA = 'https://www.google-analytics.com/analytics.js';
const SERVER = { region: 'US-CA', regime: 'opt-out', gpc: false, banner: true };
const page = (policy, server) => dropIn({ policy, server, body: `
<script type="text/plain" data-category="performance" src="${GTAG}"></script>
<script>
  var g = document.createElement('script'); g.src = ${JSON.stringify(GA)}; document.body.appendChild(g);
  window.__pageScriptRan = true;
</script>` });
const GOOD = { categories: [{ id: 'performance', services: ['google-analytics'] }] };

async function assertFailedClosed(s) {
  await s.settle(800);
  assert.equal(await s.page.evaluate(() => window.__pageScriptRan), true, 'page scripts still run');
  assert.deepEqual(s.pageErrors.map(String), [], 'no uncaught exception in the page');
  assert.deepEqual(s.hits('www.googletagmanager.com'), [], 'tagged tracker requested');
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'dynamic tracker requested');
  assert.deepEqual(await s.order(), []);
}

test('control: with a valid policy, the opt-out region runs trackers without a choice', T, async (t) => {
  const s = await launch(t);
  await s.open(page(GOOD, SERVER));
  const order = await s.waitForOrder(2);
  assert.deepEqual(order.slice().sort(), [marker(GTAG), marker(GA)].sort());
  assert.equal((await s.get('getConsent')).regime, 'opt-out');
  assert.deepEqual(s.errors(), []);
});

test('invalid JSON in the config: console error, no exception, trackers blocked', T, async (t) => {
  const s = await launch(t);
  await s.open(page('{"categories": [{"id": "performance", ', SERVER), { ready: false });
  await assertFailedClosed(s);
  assert.ok(s.errors().some((e) => /consentry/i.test(e)),
    `a console error names consentry; got ${JSON.stringify(s.errors())}`);
});

test('an unknown field in the config: console error with its path, trackers blocked', T, async (t) => {
  const s = await launch(t);
  await s.open(page({ categories: [{ id: 'performance', servics: ['google-analytics'] }] }, SERVER), { ready: false });
  await assertFailedClosed(s);
  assert.ok(s.errors().some((e) => e.includes('categories[0].servics')),
    `a console error gives the problem path categories[0].servics; got ${JSON.stringify(s.errors())}`);
});

test('a tampered consent cookie counts as no consent', T, async (t) => {
  const s = await launch(t);
  await s.open(page(GOOD)); // no server facts: opt-in
  await s.call('acceptAll');
  await s.waitForOrder(2);
  const [cookie] = await s.cookie('consentry');
  const v = cookie.value;
  const mid = Math.floor(v.length / 2);
  const other = (ch) => (ch === 'A' ? 'B' : 'A');
  const tampered = v.slice(0, mid) + other(v[mid]) + other(v[mid + 1]) + v.slice(mid + 2);
  assert.notEqual(tampered, v);
  await s.context.clearCookies({ name: 'consentry' });
  await s.addCookies([{ name: 'consentry', value: tampered, url: `${SITE}/`, sameSite: 'Lax' }]);

  const mark = s.mark();
  await s.reload();
  await s.ready();
  await s.settle(600);
  assert.deepEqual(s.since(mark, (r) => r.server === 'third'), [], 'trackers requested with a tampered cookie');
  assert.deepEqual(await s.order(), []);
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'invalid');
  assert.equal(c.categories.performance, false);
  assert.deepEqual(s.pageErrors.map(String), []);
});
