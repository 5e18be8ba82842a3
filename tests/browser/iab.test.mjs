// IAB CMP APIs in the browser (issue 16): a policy with `iab` makes the
// engine load the IAB module (consentry-iab.js + consentry_iab_bg.wasm); an
// ad script in a cross-origin iframe finds __tcfapiLocator / __gppLocator in
// its parent and asks through postMessage, before and after consent; a held
// catalog ad script, released by consent, finds __tcfapi in the page. The
// strings are checked against `consentry iab decode` (the CLI's decoder).
// With `iab.tcCookie` the TC string is kept in euconsent-v2, and receipts
// carry the strings of their choice. Runs in Chromium, Firefox and WebKit
// (the frame reports to the page by postMessage, no engine's frame API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, dropIn, T, ROOT, DIST, CAN } from './harness.mjs';

const CLI = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/consentry');
const decode = (s) => JSON.parse(execFileSync(CLI, ['iab', 'decode', s], { encoding: 'utf8' }));

// google-ads (catalog, targeting, GVL id 755) is on the site's vendor list.
const POLICY = {
  iab: { cmpId: 300, cmpVersion: 7, publisherCountryCode: 'DE', gvlUrl: '/iab/vendor-list.json' },
  categories: [
    { id: 'performance', tcfPurposes: [8, 9] },
    { id: 'targeting', tcfPurposes: [1, 2, 3, 4, 7], tcfSpecialFeatures: [1] },
  ],
};
const GVL = { gvlSpecificationVersion: 3, vendorListVersion: 88, tcfPolicyVersion: 5,
  vendors: { 755: { id: 755, name: 'Google Advertising Products' } } };

// A cross-origin frame (cdn.allowed.example: not in the catalog, so not
// held) with the usual CMP-locating ad code: it looks for the locator frames
// up its parents, then calls through postMessage and logs every answer.
const FRAME = `<!doctype html><title>ad</title><script>
window.__log = [];
var calls = {}, n = 0;
function locate(name) {
  for (var w = window; w; w = w === window.top ? null : w.parent) {
    try { if (w.frames[name]) return w; } catch (e) { /* keep looking */ }
  }
  return null;
}
window.addEventListener('message', function (e) {
  var d = e.data, r = d && (d.__tcfapiReturn || d.__gppReturn);
  if (r && calls[r.callId]) calls[r.callId](r.returnValue, r.success);
  // The test asks again through the page once the visitor has chosen.
  if (d && d.__askAgain) { call('__gpp', 'ping', undefined, 'gpp ping 2'); call('__gpp', 'getSection', 'tcfeuv2', 'tcfeuv2 2'); }
});
function call(kind, command, parameter, tag) {
  var id = 'c' + (++n), msg = {};
  calls[id] = function (v, ok) {
    var entry = { tag: tag, ok: ok, v: v };
    window.__log.push(entry);
    window.parent.postMessage({ __adLog: entry }, '*');
  };
  msg[kind + 'Call'] = { command: command, parameter: parameter, version: 2, callId: id };
  (kind === '__tcfapi' ? tcf : gpp).postMessage(msg, '*');
}
var tcf, gpp;
(function wait() {
  tcf = locate('__tcfapiLocator'); gpp = locate('__gppLocator');
  if (!tcf || !gpp) return setTimeout(wait, 20);
  call('__tcfapi', 'ping', undefined, 'tcf ping');
  call('__tcfapi', 'addEventListener', undefined, 'tcf event');
  // getTCData waits for the strings (the stub queues it); the rest after it.
  call('__tcfapi', 'getTCData', undefined, 'getTCData');
  var done = calls['c' + n];
  calls['c' + n] = function (v, ok) {
    done(v, ok);
    call('__gpp', 'ping', undefined, 'gpp ping');
    call('__gpp', 'getSection', 'tcfeuv2', 'tcfeuv2');
    call('__gpp', 'hasSection', 'usnat', 'has usnat');
  };
})();
</script>`;

// A catalog ad script (google-ads: targeting), held until consent.
const AD = `window.__adRan = true; window.__tcfapi('getTCData', 2, function (d, ok) { window.__adTc = { ok: ok, d: d }; });`;

// GPP's tcfeuv2 fields are bit arrays: purpose n is at n - 1.
const on = (bits) => bits.flatMap((b, i) => (b ? [i + 1] : []));
const ids = (o) => Object.keys(o || {}).filter((k) => o[k]).map(Number);
// The page collects what the ad frame reports (the frame is cross-origin).
const COLLECT = '<script>window.__frameLog = []; addEventListener("message", function (e) { if (e.data && e.data.__adLog) window.__frameLog.push(e.data.__adLog); });</script>';

test('__tcfapi and __gpp answer an ad frame through the locators before and after consent', T, async (t) => {
  assert.ok(existsSync(CLI), `${CLI} missing: cargo build -p consentry-cli`);
  const s = await launch(t);
  s.site.route('/iab/vendor-list.json', { body: JSON.stringify(GVL), type: 'application/json' });
  s.thirdParty.route('https://cdn.allowed.example/ad-frame.html', { body: FRAME, type: 'text/html; charset=utf-8' });
  s.thirdParty.route('https://googleads.g.doubleclick.net/pagead/ad.js', { body: AD, type: 'text/javascript' });
  await s.open(dropIn({ policy: POLICY, body: `${COLLECT}
<iframe src="https://cdn.allowed.example/ad-frame.html" title="ad"></iframe>
<script src="https://googleads.g.doubleclick.net/pagead/ad.js"></script>` }));
  // The module and the vendor list load after the engine (a loaded machine
  // may be slower than the page's ready signal).
  for (let i = 0; i < 200 && !s.hits('www.shop.test/iab/vendor-list.json').length; i++) await s.settle(25);
  assert.equal(s.hits('www.shop.test/consentry-iab.js').length, 1, 'the IAB module is loaded for an iab policy');
  assert.equal(s.hits('www.shop.test/consentry_iab_bg.wasm').length, 1);
  assert.equal(s.hits('www.shop.test/iab/vendor-list.json').length, 1, 'the site\'s GVL is fetched');
  // (Chromium's preload scanner may fetch it: held means not run; see static.test.mjs.)
  assert.notEqual(await s.page.evaluate(() => window.__adRan), true, 'the ad script is held before consent');

  const log = () => s.page.evaluate(() => window.__frameLog);
  const until = async (pred, what) => {
    for (let i = 0; i < 200; i++) { const l = await log(); if (pred(l)) return l; await s.settle(25); }
    throw new Error(`${what}: ${JSON.stringify(await log())}`);
  };

  // Before consent: every call answered, the TC string with no consent.
  let l = await until((x) => x.length >= 6, 'the frame\'s calls were not all answered');
  const get = (tag, list = l) => list.filter((e) => e.tag === tag);
  const ping = get('tcf ping')[0].v;
  assert.equal(ping.apiVersion, '2.3');
  assert.ok(['loaded', 'stub'].includes(ping.cmpStatus));
  const before = get('getTCData')[0];
  assert.equal(before.ok, true);
  assert.equal(before.v.cmpId, 300);
  assert.equal(before.v.gdprApplies, true);
  assert.equal(before.v.eventStatus, 'tcloaded');
  assert.deepEqual(ids(before.v.purpose.consents), []);
  assert.deepEqual(ids(before.v.vendor.consents), []);
  const tc0 = decode(before.v.tcString);
  assert.equal(tc0.cmpId, 300);
  assert.equal(tc0.cmpVersion, 7);
  assert.equal(tc0.vendorListVersion, 88);
  assert.equal(tc0.publisherCountryCode, 'DE');
  assert.deepEqual(tc0.purposeConsents, []);
  assert.deepEqual(tc0.vendorsDisclosed, [755]);
  assert.equal(get('tcf event')[0].v.eventStatus, 'tcloaded');
  const gping = get('gpp ping')[0].v;
  assert.deepEqual(gping.applicableSections, [2]);
  assert.deepEqual(gping.supportedAPIs, ['2:tcfeuv2']);
  const g0 = decode(gping.gppString);
  assert.deepEqual(g0.sectionIds, [2]);
  assert.deepEqual(on(g0.tcfeuv2.PurposeConsents), []);
  assert.deepEqual(get('tcfeuv2')[0].v, g0.tcfeuv2);
  assert.equal(get('has usnat')[0].v, false);

  // The choice: the frame's listener hears useractioncomplete with consent;
  // the held ad script runs and finds the API in the page.
  await s.call('acceptAll');
  l = await until((x) => x.some((e) => e.tag === 'tcf event' && e.v.eventStatus === 'useractioncomplete'),
    'no useractioncomplete');
  const after = get('tcf event', l).find((e) => e.v.eventStatus === 'useractioncomplete').v;
  assert.deepEqual(ids(after.purpose.consents), [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(ids(after.vendor.consents), [755]);
  assert.deepEqual(ids(after.specialFeatureOptins), [1]);
  const tc1 = decode(after.tcString);
  assert.deepEqual(tc1.purposeConsents, [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(tc1.vendorConsents, [755]);
  assert.notEqual(after.tcString, before.v.tcString);

  await s.page.waitForFunction(() => window.__adTc, null, { timeout: 5000 });
  const ad = await s.page.evaluate(() => window.__adTc);
  assert.equal(ad.ok, true);
  assert.equal(ad.d.tcString, after.tcString, 'the released ad script reads the same string');

  // The frame asks again after the choice: __gpp carries the new string.
  await s.page.evaluate(() => document.querySelector('iframe[title=ad]').contentWindow.postMessage({ __askAgain: true }, '*'));
  l = await until((x) => x.some((e) => e.tag === 'tcfeuv2 2'), 'no second getSection');
  const g1 = decode(get('gpp ping 2', l)[0].v.gppString);
  assert.deepEqual(on(g1.tcfeuv2.PurposeConsents), [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(get('tcfeuv2 2', l)[0].v, g1.tcfeuv2);
  assert.deepEqual(s.pageErrors, []);
});

test('a returning visitor under a nonce-only CSP: held ad code is released only once the APIs exist', T, async (t) => {
  const s = await launch(t);
  const CSP = "script-src 'nonce-abc' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
  s.site.route('/iab/vendor-list.json', { body: JSON.stringify(GVL), type: 'application/json' });
  // The IAB script arrives well after the engine has started: without the
  // release gate the ad script would run first and find no __tcfapi.
  s.site.route('/consentry-iab.js', { body: readFileSync(path.join(DIST, 'consentry-iab.js')), type: 'text/javascript', delay: 400 });
  s.thirdParty.route('https://googleads.g.doubleclick.net/pagead/ad.js', { body: AD, type: 'text/javascript' });
  const page = dropIn({ policy: POLICY, runtime: false, head: '<script src="/consentry.js" nonce="abc"></script>',
    body: '<script src="https://googleads.g.doubleclick.net/pagead/ad.js" nonce="abc"></script>' });
  await s.open(page, { headers: { 'Content-Security-Policy': CSP } });
  await s.call('acceptAll');
  await s.page.waitForFunction(() => window.__adTc, null, { timeout: 5000 });
  await s.reload();
  await s.ready();
  await s.page.waitForFunction(() => window.__adTc, null, { timeout: 5000 });
  const ad = await s.page.evaluate(() => window.__adTc);
  assert.equal(ad.ok, true);
  assert.equal(ad.d.eventStatus, 'tcloaded');
  assert.deepEqual(ids(ad.d.purpose.consents), [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(ids(ad.d.vendor.consents), [755]);
  assert.deepEqual(s.pageErrors.map(String), []);
  if (CAN.initScript) assert.deepEqual(await s.page.evaluate(() => window.__csp), [], 'securitypolicyviolation events');
});

test('the ES module loads the IAB module beside itself too', T, async (t) => {
  const s = await launch(t);
  s.site.route('/iab/vendor-list.json', { body: JSON.stringify(GVL), type: 'application/json' });
  await s.open(dropIn({ policy: POLICY, runtime: false, head: `<script type="module">
    import { start } from '/consentry.mjs';
    await start();
    window.__started = true;
  </script>` }), { ready: false });
  // start() resolves when the engine has taken over; the APIs follow with
  // consentry-iab.js (held ad code waits for them, page code looks).
  await s.page.waitForFunction(() => window.__started && window.__tcfapi, null, { timeout: 5000 });
  await s.page.evaluate(() => window.__tcfapi('getTCData', 2, (d, ok) => { window.__tc = { ok, d }; }));
  await s.page.waitForFunction(() => window.__tc, null, { timeout: 5000 });
  const { ok, d } = await s.page.evaluate(() => window.__tc);
  assert.equal(ok, true);
  assert.equal(d.cmpId, 300);
  assert.equal(decode(d.tcString).vendorListVersion, 88);
  assert.equal(s.hits('www.shop.test/consentry_iab_bg.wasm').length, 1);
});

test('no iab section: the IAB module is never loaded and no API exists', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: { categories: POLICY.categories.map(({ id }) => ({ id })) } }));
  await s.settle(300);
  assert.deepEqual(s.hits('www.shop.test/consentry-iab.js'), []);
  assert.deepEqual(s.hits('www.shop.test/consentry_iab_bg.wasm'), []);
  assert.equal(await s.page.evaluate(() => typeof window.__tcfapi + typeof window.__gpp), 'undefinedundefined');
});

test('an IAB module whose wasm fails: the APIs answer cmpStatus "error", queued calls fail', T, async (t) => {
  const s = await launch(t);
  s.site.route('/consentry_iab_bg.wasm', { status: 404, body: 'gone' });
  await s.open(dropIn({ policy: POLICY }));
  await s.page.waitForFunction(() => window.__tcfapi, null, { timeout: 5000 });
  const r = await s.page.evaluate(() => new Promise((done) => {
    window.__tcfapi('getTCData', 2, (d, ok) => {
      window.__tcfapi('ping', 2, (p) => done({ d, ok, status: p.cmpStatus }));
    });
  }));
  assert.deepEqual(r, { d: null, ok: false, status: 'error' });
});

const tcCookie = (s) => s.page.evaluate(() => (document.cookie.match(/(?:^|; )euconsent-v2=([^;]*)/) || [])[1] || null);
// (The APIs exist once consentry-iab.js has run, after the engine.)
const tcString = async (s) => (await s.page.waitForFunction(() => window.__tcfapi, null, { timeout: 5000 })) && s.page.evaluate(() => new Promise((done) => window.__tcfapi('getTCData', 2, (d) => done(d.tcString))));
const lastReceipt = (s) => s.page.evaluate(() => {
  const o = JSON.parse(localStorage.getItem('consentry-records') || 'null');
  return o && o.last ? JSON.parse(o.last) : null;
});
async function until(s, f, what) {
  for (let i = 0; i < 200; i++) { const v = await f(); if (v) return v; await s.settle(25); }
  throw new Error(what);
}

test('tcCookie keeps the TC string in euconsent-v2; receipts carry the strings of their choice', T, async (t) => {
  const s = await launch(t);
  s.site.route('/iab/vendor-list.json', { body: JSON.stringify(GVL), type: 'application/json' });
  // The records endpoint is down: receipts stay in the outbox, read there.
  s.site.route('/consentry/records', { status: 503, body: 'down' });
  const policy = { ...POLICY, iab: { ...POLICY.iab, tcCookie: true }, records: { url: '/consentry/records' } };
  await s.open(dropIn({ policy }));
  const none = await tcString(s);
  assert.ok(none, 'a TC string (no consent) before any choice');
  assert.equal(await tcCookie(s), null, 'no euconsent-v2 before the visitor chooses');

  await s.call('acceptAll');
  const accepted = await until(s, async () => { const c = await tcCookie(s); return c && c !== none && c; }, 'no euconsent-v2 after Accept all');
  assert.equal(accepted, await tcString(s), 'the cookie holds what __tcfapi answers');
  assert.deepEqual(decode(accepted).purposeConsents, [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(decode(accepted).vendorConsents, [755]);
  const r1 = await until(s, () => lastReceipt(s), 'no receipt');
  assert.equal(r1.seq, 1);
  assert.equal(r1.action, 'accept-all');
  assert.equal(r1.tcString, accepted, 'the receipt carries the TC string of its choice');
  // The engine hashed the policy the server and the CLI compile (the
  // catalog's GVL ids included, though the browser's wasm has no dialog data).
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'consentry-iab-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  const check = execFileSync(CLI, ['check', file], { encoding: 'utf8' });
  assert.equal(r1.policyHash, /policy hash: ([0-9a-f]{64})/.exec(check)?.[1], check);
  const g1 = decode(r1.gppString);
  assert.deepEqual(g1.sectionIds, [2]);
  assert.deepEqual(on(g1.tcfeuv2.PurposeConsents), [1, 2, 3, 4, 7, 8, 9]);

  await s.call('rejectAll');
  const rejected = await until(s, async () => { const c = await tcCookie(s); return c !== accepted && c; }, 'euconsent-v2 not updated after Reject all');
  assert.deepEqual(decode(rejected).purposeConsents, []);
  assert.deepEqual(decode(rejected).vendorConsents, []);
  const r2 = await until(s, async () => { const r = await lastReceipt(s); return r && r.seq === 2 && r; }, 'no second receipt');
  assert.equal(r2.tcString, rejected);
  assert.deepEqual(on(decode(r2.gppString).tcfeuv2.PurposeConsents), []);

  // A new policy revision: the stored choice no longer counts, nor its string.
  await s.open(dropIn({ policy: { ...policy, revision: 2 } }));
  await tcString(s);
  await until(s, async () => (await tcCookie(s)) === null, 'euconsent-v2 kept without a valid consent');
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('without tcCookie no euconsent-v2 is written', T, async (t) => {
  const s = await launch(t);
  s.site.route('/iab/vendor-list.json', { body: JSON.stringify(GVL), type: 'application/json' });
  await s.open(dropIn({ policy: POLICY }));
  await s.call('acceptAll');
  const tc = await tcString(s);
  assert.deepEqual(decode(tc).vendorConsents, [755]);
  await s.settle(100);
  assert.equal(await tcCookie(s), null);
});
