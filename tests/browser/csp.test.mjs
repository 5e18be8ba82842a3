// (l) A strict Content-Security-Policy: the runtime needs no 'unsafe-inline' or
// 'unsafe-eval', and releases nonce'd inline scripts with their nonce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

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
  assert.deepEqual(await s.page.evaluate(() => window.__csp), [], 'securitypolicyviolation events');
  assert.deepEqual(cspErrors(s), [], 'CSP errors on the console');
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('the CSP probe itself works: an un-nonced inline script is reported', T, async (t) => {
  const s = await launch(t, { runtime: false });
  await s.open(dropIn({ runtime: false, body: '<script>window.bad = 1</script>' }),
    { headers: { 'Content-Security-Policy': CSP }, ready: false });
  assert.equal(await s.page.evaluate(() => window.bad), undefined);
  assert.equal((await s.page.evaluate(() => window.__csp)).length, 1);
  assert.equal(cspErrors(s).length, 1);
});
