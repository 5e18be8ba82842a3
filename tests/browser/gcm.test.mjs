// (i) Google Consent Mode v2: the default command is in dataLayer before any
// other script runs; each choice pushes an update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const TYPES = ['ad_personalization', 'ad_storage', 'ad_user_data', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];
const POLICY = { googleConsentMode: true, categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'functionality', services: ['youtube'] },
  { id: 'targeting', services: ['google-ads'] },
] };
// A dataLayer entry as seen by gtag.js, which only treats `arguments` objects as commands.
const READ = `function (e) { return e ? { kind: Object.prototype.toString.call(e),
  args: JSON.parse(JSON.stringify(Array.prototype.slice.call(e))) } : null; }`;
const PAGE = dropIn({ policy: POLICY, body: `
<script>
  window.__read = ${READ};
  window.__first = window.dataLayer ? window.__read(window.dataLayer[0]) : null;
</script>
<script type="text/plain" data-category="performance" src="${GTAG}"></script>` });
const GTAG_BODY = `window.__gtagSaw = window.dataLayer.map(function (e) {
  return Array.prototype.slice.call(e, 0, 2).join(' '); });`;

const last = (s) => s.page.evaluate(() => window.__read(window.dataLayer[window.dataLayer.length - 1]));
const states = (f) => Object.fromEntries(TYPES.map((k) => [k, f(k)]));

test('the consent default is dataLayer[0], pushed before the first page script', T, async (t) => {
  const s = await launch(t);
  s.thirdParty.route(GTAG, { body: GTAG_BODY });
  await s.open(PAGE);
  const first = await s.page.evaluate(() => window.__first);
  assert.ok(first, 'dataLayer[0] present when the first page script runs');
  assert.equal(first.kind, '[object Arguments]', 'pushed as an arguments object, like gtag()');
  assert.equal(first.args[0], 'consent');
  assert.equal(first.args[1], 'default');
  const { wait_for_update: wait, ...rest } = first.args[2];
  assert.equal(wait, 500);
  assert.deepEqual(rest, states((k) => (k === 'security_storage' ? 'granted' : 'denied')));

  await s.call('acceptAll');
  const update = await last(s);
  assert.equal(update.kind, '[object Arguments]');
  assert.deepEqual(update.args.slice(0, 2), ['consent', 'update']);
  for (const k of TYPES) assert.equal(update.args[2][k], 'granted', k);

  await s.page.waitForFunction(() => window.__gtagSaw);
  const saw = await s.page.evaluate(() => window.__gtagSaw);
  assert.equal(saw[0], 'consent default', 'gtag saw the default first');
});

test('a partial choice grants only the mapped types', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  const len = await s.page.evaluate(() => window.dataLayer.length);
  await s.call('setConsent', { categories: ['performance'] });
  assert.ok(await s.page.evaluate(() => window.dataLayer.length) > len, 'an update was pushed');
  const u = await last(s);
  assert.deepEqual(u.args.slice(0, 2), ['consent', 'update']);
  assert.equal(u.args[2].analytics_storage, 'granted');
  for (const k of ['ad_storage', 'ad_user_data', 'ad_personalization', 'functionality_storage', 'personalization_storage']) {
    assert.equal(u.args[2][k], 'denied', k);
  }

  await s.call('setConsent', { categories: ['performance', 'functionality'] });
  const v = await last(s);
  assert.equal(v.args[2].functionality_storage, 'granted');
  assert.equal(v.args[2].personalization_storage, 'granted');
  assert.equal(v.args[2].ad_storage, 'denied');
});

test('without googleConsentMode the runtime leaves dataLayer alone', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: { categories: [{ id: 'performance', services: ['google-analytics'] }] },
    body: '<script>window.__had = "dataLayer" in window;</script>' }));
  assert.equal(await s.page.evaluate(() => window.__had), false);
  await s.call('acceptAll');
  assert.equal(await s.page.evaluate(() => 'dataLayer' in window), false);
});
