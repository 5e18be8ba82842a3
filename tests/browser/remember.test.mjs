// (g) The choice is remembered in the first-party consent cookie and applied
// on the next page view without any call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

const POLICY = { categories: [{ id: 'performance', services: ['google-analytics'] }] };
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const GA = 'https://www.google-analytics.com/analytics.js';
const PAGE = dropIn({ policy: POLICY, body: `
<script type="text/plain" data-category="performance" src="${GTAG}"></script>
<script>var g = document.createElement('script'); g.src = ${JSON.stringify(GA)}; document.body.appendChild(g);</script>` });

async function assertConsentCookie(s) {
  const [c, ...more] = await s.cookie('consentry');
  assert.ok(c, 'consent cookie "consentry" written');
  assert.equal(more.length, 0, 'exactly one consent cookie');
  assert.equal(c.path, '/');
  assert.equal(c.sameSite, 'Lax');
  assert.equal(c.domain, 'www.shop.test', 'host-only by default');
  assert.ok(c.expires > Date.now() / 1000 + 30 * 86400, 'persistent, not a session cookie');
  return c;
}

test('rejectAll is remembered: after a reload trackers stay blocked and the record is valid', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.call('rejectAll');
  await assertConsentCookie(s);
  const mark = s.mark();
  await s.reload();
  await s.ready();
  await s.settle(600);
  assert.deepEqual(s.since(mark, (r) => r.server === 'third'), [], 'trackers requested after reload');
  assert.deepEqual(await s.order(), []);
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, false);
});

test('acceptAll is remembered: after a reload trackers run without any call', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
  await s.call('acceptAll');
  await s.waitForOrder(2);
  await assertConsentCookie(s);

  const mark = s.mark();
  await s.reload();
  await s.ready();
  const order = await s.waitForOrder(2);
  assert.deepEqual(order.slice().sort(), [marker(GTAG), marker(GA)].sort());
  await s.settle(500);
  assert.equal((await s.order()).length, 2, 'each ran once');
  assert.equal(s.since(mark, 'www.googletagmanager.com').length, 1);
  assert.equal(s.since(mark, 'www.google-analytics.com').length, 1);
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, true);

  // a second page of the same site sees the same choice
  s.site.page('/other.html', PAGE);
  await s.goto('/other.html');
  await s.ready();
  assert.equal((await s.waitForOrder(2)).length, 2);
});
