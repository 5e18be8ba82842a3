// (l) Privacy signals and the region: Global Privacy Control (navigator or the
// server's Sec-GPC fact) and Do Not Track refuse the opt-out categories
// (`optOut`: targeting by default) even where the regime lets trackers run
// without a choice; the region comes from data-region or the server facts.
//
// Every signal test runs in US-CA (opt-out), where without a signal both
// trackers run with no choice (the control), so a runtime that ignored the
// signal would load the targeting tracker. Performance has no `optOut`: it
// keeps running under GPC/DNT, which shows the signal refuses only targeting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, SITE, T } from './harness.mjs';

const FB = 'https://connect.facebook.net/en_US/fbevents.js'; // meta-pixel: targeting
const GA = 'https://www.google-analytics.com/analytics.js'; // google-analytics: performance
const POLICY = { categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'targeting', services: ['meta-pixel'] },
] };
const CA = { region: 'US-CA' };
// Chromium has neither signal on by default: define them before any page script.
const GPC_ON = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
  { get() { return true; }, configurable: true, enumerable: true });`;
const DNT_ON = `Object.defineProperty(Navigator.prototype, 'doNotTrack',
  { get() { return '1'; }, configurable: true, enumerable: true });`;
const BODY = `<script>
  [['fb', ${JSON.stringify(FB)}], ['ga', ${JSON.stringify(GA)}]].forEach(function (p) {
    var e = document.createElement('script'); e.id = p[0]; e.src = p[1]; document.body.appendChild(e);
  });
</script>`;
/** The page; `server: null` for no server facts. */
const page = ({ policy = POLICY, server = CA, region } = {}) => {
  const html = dropIn({ policy, server: server ?? undefined, body: BODY });
  return region === undefined ? html
    : html.replace('id="consentry-config"', `id="consentry-config" data-region="${region}"`);
};

/** A fresh session with the init scripts, on the signals page. */
async function visit(t, { init = [], ...opts } = {}) {
  const s = await launch(t);
  for (const code of init) await s.page.addInitScript(code);
  await s.open(page(opts));
  return s;
}
const signals = (s) => s.page.evaluate(() => [navigator.globalPrivacyControl, navigator.doNotTrack]);

/** Both trackers ran without a choice: nothing refused targeting. */
async function assertBothRun(s) {
  assert.deepEqual((await s.waitForOrder(2)).slice().sort(), [marker(FB), marker(GA)].sort());
  const c = await s.get('getConsent');
  assert.equal(c.regime, 'opt-out');
  assert.equal(c.stored, 'none');
  assert.equal(c.categories.targeting, true);
  assert.equal(c.categories.performance, true);
}

/** Targeting refused by `reason` (zero requests), performance still runs. */
async function assertTargetingRefused(s, reason) {
  await s.waitForHit('www.google-analytics.com/analytics.js');
  await s.settle(800);
  assert.deepEqual(s.hits('connect.facebook.net'), [], 'targeting tracker requested under the signal');
  assert.deepEqual(await s.order(), [marker(GA)], 'only the performance tracker ran');
  assert.equal(await s.page.$eval('#fb', (e) => e.getAttribute('data-consentry')), reason);
  assert.equal(await s.page.$eval('#fb', (e) => e.getAttribute('data-consentry-service')), 'meta-pixel');
  const c = await s.get('getConsent');
  assert.equal(c.regime, 'opt-out');
  assert.equal(c.stored, 'none');
  assert.equal(c.categories.targeting, false);
  assert.equal(c.services['meta-pixel'], false);
  assert.equal(c.categories.performance, true, 'a category without optOut is not refused by the signal');
  assert.equal(await s.get('allows', FB), false);
  assert.equal(await s.get('allows', GA), true);
}

test('control: in US-CA without signals both trackers run without a choice', T, async (t) => {
  const s = await visit(t);
  assert.deepEqual(await signals(s), [undefined, null], 'Chromium sends no GPC or DNT by itself');
  await assertBothRun(s);
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('navigator.globalPrivacyControl refuses targeting in US-CA: zero requests, performance still runs', T, async (t) => {
  const s = await visit(t, { init: [GPC_ON] });
  assert.deepEqual(await signals(s), [true, null]);
  await assertTargetingRefused(s, 'gpc');
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('the server fact gpc:true (Sec-GPC) refuses targeting without navigator GPC', T, async (t) => {
  const s = await visit(t, { server: { region: 'US-CA', gpc: true } });
  assert.deepEqual(await signals(s), [undefined, null]);
  await assertTargetingRefused(s, 'gpc');
});

test('server fact gpc:false does not switch off navigator GPC', T, async (t) => {
  const s = await visit(t, { init: [GPC_ON], server: { region: 'US-CA', gpc: false } });
  await assertTargetingRefused(s, 'gpc');
});

test('DNT with "dnt": "opt-out" refuses targeting in US-CA like GPC', T, async (t) => {
  const s = await visit(t, { init: [DNT_ON], policy: { ...POLICY, dnt: 'opt-out' } });
  assert.deepEqual(await signals(s), [undefined, '1']);
  await assertTargetingRefused(s, 'dnt');
});

test('DNT with "dnt": "ignore" changes nothing', T, async (t) => {
  const s = await visit(t, { init: [DNT_ON], policy: { ...POLICY, dnt: 'ignore' } });
  assert.deepEqual(await signals(s), [undefined, '1']);
  await assertBothRun(s);
});

test('DNT is ignored by default (no "dnt" in the policy)', T, async (t) => {
  const s = await visit(t, { init: [DNT_ON] });
  await assertBothRun(s);
});

test('GPC and DNT together: the reason is gpc (checked first)', T, async (t) => {
  const s = await visit(t, { init: [GPC_ON, DNT_ON], policy: { ...POLICY, dnt: 'opt-out' } });
  await assertTargetingRefused(s, 'gpc');
});

test('under GPC, acceptAll is an informed grant: targeting runs and stays granted after a reload', T, async (t) => {
  const s = await visit(t, { init: [GPC_ON] });
  await assertTargetingRefused(s, 'gpc');
  await s.call('acceptAll');
  await s.waitForHit('connect.facebook.net/en_US/fbevents.js');
  assert.deepEqual(await s.waitForOrder(2), [marker(GA), marker(FB)]);
  assert.equal((await s.get('getConsent')).categories.targeting, true);

  const mark = s.mark();
  await s.reload();
  await s.ready();
  await s.waitForOrder(2);
  assert.equal(s.since(mark, 'connect.facebook.net').length, 1, 'targeting tracker loaded after reload');
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.targeting, true);
});

test('a grant made without GPC does not survive GPC being switched on', T, async (t) => {
  const s = await visit(t, { policy: POLICY, server: CA });
  await s.call('acceptAll');
  const [cookie] = await s.cookie('consentry');
  assert.ok(cookie, 'consent cookie written');

  const g = await launch(t); // a new context: same cookie, GPC now on
  await g.page.addInitScript(GPC_ON);
  await g.addCookies([{ name: 'consentry', value: cookie.value, url: `${SITE}/`, sameSite: 'Lax' }]);
  await g.open(page());
  await g.waitForHit('www.google-analytics.com/analytics.js');
  await g.settle(800);
  assert.deepEqual(g.hits('connect.facebook.net'), [], 'uninformed grant let targeting run under GPC');
  const c = await g.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.targeting, false);
  assert.equal(c.categories.performance, true, 'the grant still holds for performance');
  assert.equal(await g.page.$eval('#fb', (e) => e.getAttribute('data-consentry')), 'gpc');
});

// ---- the region --------------------------------------------------------------

/** Region from data-region on the config element, no server facts. */
async function regime(t, region, policy = POLICY) {
  const s = await launch(t);
  await s.open(page({ policy, server: null, region }));
  await s.settle(800);
  return s;
}

test('data-region="US-CA" on the config element gives the opt-out regime: trackers run', T, async (t) => {
  const s = await regime(t, 'US-CA');
  await assertBothRun(s);
});

test('no region anywhere gives opt-in: nothing runs', T, async (t) => {
  const s = await regime(t, undefined);
  const c = await s.get('getConsent');
  assert.equal(c.regime, 'opt-in');
  assert.equal(c.bannerNeeded, true);
  assert.equal(c.categories.targeting, false);
  assert.equal(c.categories.performance, false);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
  assert.equal(await s.page.$eval('#fb', (e) => e.getAttribute('data-consentry')), 'no-consent');
});

test('data-region="DE" gives opt-in: nothing runs', T, async (t) => {
  // defaultRegime opt-out: were data-region ignored, trackers would run.
  const s = await regime(t, 'DE', { ...POLICY, defaultRegime: 'opt-out' });
  const c = await s.get('getConsent');
  assert.equal(c.regime, 'opt-in');
  assert.equal(c.categories.targeting, false);
  assert.equal(c.categories.performance, false);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
});
