// (l) A strict Content-Security-Policy: the runtime needs no 'unsafe-inline' or
// 'unsafe-eval', and releases nonce'd inline scripts with their nonce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';
import { CAN, ENGINE } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const CSP = "script-src 'self' 'wasm-unsafe-eval' 'nonce-abc' https://www.googletagmanager.com; "
  + "object-src 'none'; base-uri 'none'";
const POLICY = { googleConsentMode: true, categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'functionality', services: ['youtube'] },
] };
const PAGE = dropIn({ policy: POLICY, body: `
<script type="text/plain" data-category="performance" nonce="abc">(window.__order=window.__order||[]).push('inline-nonce')</script>
<script type="text/plain" data-category="performance" nonce="abc" src="${GTAG}"></script>
<div id="slot"></div>
<script nonce="abc">
  var f = document.createElement('iframe'); f.src = 'https://www.youtube.com/embed/csp';
  document.getElementById('slot').appendChild(f);
</script>` });

const cspErrors = (s) => s.errors().filter((e) => /Content.Security.Policy|unsafe-eval|unsafe-inline/i.test(e));

test('under a strict CSP the runtime works and released nonce\'d inline scripts run', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE, { headers: { 'Content-Security-Policy': CSP } });
  await s.settle(300);
  assert.deepEqual(await s.order(), []);
  assert.deepEqual(s.hits('www.googletagmanager.com'), []);
  assert.equal(await s.page.locator('[data-consentry="placeholder"]').count(), 1, 'iframe placeholder rendered');

  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(2), ['inline-nonce', marker(GTAG)]);
  await s.waitForHit('www.youtube.com/embed/csp');
  await s.settle(300);
  if (CAN.initScript) assert.deepEqual(await s.page.evaluate(() => window.__csp), [], 'securitypolicyviolation events');
  if (CAN.console) assert.deepEqual(cspErrors(s), [], 'CSP errors on the console');
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('the CSP probe itself works: an un-nonced inline script is reported', {
  ...T, skip: ENGINE !== 'chromium' && 'a probe of the harness itself (init script and console format), Chromium only',
}, async (t) => {
  const s = await launch(t, { runtime: false });
  await s.open(dropIn({ runtime: false, body: '<script>window.bad = 1</script>' }),
    { headers: { 'Content-Security-Policy': CSP }, ready: false });
  assert.equal(await s.page.evaluate(() => window.bad), undefined);
  assert.equal((await s.page.evaluate(() => window.__csp)).length, 1);
  assert.equal(cspErrors(s).length, 1);
});

test('a CSP without \'wasm-unsafe-eval\' stops the engine: the guard\'s holding is the fail-closed state', T, async (t) => {
  const s = await launch(t);
  const FB = 'https://connect.facebook.net/en_US/fbevents.js';
  const LIB = 'https://cdn.allowed.example/lib.js';
  const page = dropIn({ policy: POLICY, body: `
<script type="text/plain" data-category="performance" nonce="abc" src="${GTAG}"></script>
<script type="text/plain" data-category="mandatory" nonce="abc">(window.__order=window.__order||[]).push('mandatory')</script>
<script nonce="abc">
  var own = document.createElement('script'); own.src = '/own.js'; document.head.appendChild(own);
  var fb = document.createElement('script'); fb.src = '${FB}'; document.head.appendChild(fb);
  var lib = document.createElement('script'); lib.src = '${LIB}'; document.head.appendChild(lib);
  new Image().src = 'https://www.facebook.com/tr?id=1';
  window.__fetch = fetch('https://www.google-analytics.com/collect').then(() => 'ok', () => 'rejected');
</script>` });
  s.site.route('/own.js', { body: "(window.__order=window.__order||[]).push('own')", type: 'text/javascript' });
  s.thirdParty.route(LIB, { body: "(window.__order=window.__order||[]).push('lib')" });
  await s.open(page, { headers: { 'Content-Security-Policy': "script-src 'self' 'nonce-abc' https:; object-src 'none'" }, ready: false });
  await s.page.waitForFunction(() => window.__fetch && window.consentry);
  await s.settle(500);
  if (CAN.console) assert.ok(s.errors().some((e) => /engine could not start.*wasm-unsafe-eval/s.test(e)), `the console says why: ${s.errors()}`);
  for (const host of ['www.googletagmanager.com', 'connect.facebook.net', 'www.facebook.com', 'www.google-analytics.com']) {
    assert.deepEqual(s.hits(host), [], `${host} requested with the engine down:\n${s.log()}`);
  }
  assert.equal(await s.page.evaluate(() => window.__fetch), 'rejected', 'a held request is refused once the engine fails');
  // Only what the engine might block is held: first-party code and a
  // third party that is no known tracker still run. Tagged markup (even
  // mandatory) stays inert as written: only the engine releases it.
  assert.deepEqual((await s.order()).sort(), ['lib', 'own'], 'first-party and unlisted third-party code still runs');
  assert.equal(await s.page.evaluate(() => window.consentry.acceptAll().then(() => 'accepted', () => 'refused')), 'refused',
    'no choice can be recorded');
  assert.equal(await s.get('allows', 'performance'), false);
  assert.equal(await s.page.evaluate(() => window.consentry.ready), false, 'never ready');
  await s.settle(200);
  assert.deepEqual(s.hits('www.googletagmanager.com'), []);
  assert.deepEqual(await s.cookie('consentry'), []);
});
