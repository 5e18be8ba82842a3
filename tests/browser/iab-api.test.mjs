// pkg/src/iab-api.js without a browser: a fake window, the strings' JSON from
// tests/vectors/iab (what the engine's consentry-iab decode_to_json gives).
// Stubs answer ping at once and queue the rest, answered in order once ready;
// listeners hear each change; locator frames exist; postMessage calls from
// frames are answered in the form they came (object or JSON string).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const src = readFileSync(new URL('pkg/src/iab-api.js', root), 'utf8');
const vec = (f) => JSON.parse(readFileSync(new URL(`tests/vectors/iab/${f}`, root), 'utf8')).vectors;
const tc = vec('tcf.json').find((v) => v.name === 'publisher restrictions of each type');
const gpp = vec('gpp.json').find((v) => v.name === 'tcfeuv2 with restrictions and disclosed vendors, usnat, usca');

function fakeWindow() {
  const handlers = [];
  const win = {
    frames: {},
    document: { createElement: () => ({ style: {} }), body: { appendChild: (f) => { win.frames[f.name] = f; } } },
    addEventListener: (type, fn) => { if (type === 'message') handlers.push(fn); },
    post: (data, source) => handlers.forEach((h) => h({ data, source })),
  };
  return win;
}

function install(win, opts = {}) {
  // The file is a plain script (bundles concatenate it); evaluate it in this realm.
  const api = new Function(`${src}\nreturn consentryIabApi;`)();
  return api(win, { cmpId: 300, cmpVersion: 4, supportedAPIs: ['2:tcfeuv2', '7:usnat', '8:usca'], ...opts });
}

const state = (extra = {}) => ({
  gdprApplies: true, tc: tc.json, tcString: tc.string, gpp: gpp.json, gppString: gpp.string,
  applicableSections: [7], displayStatus: 'hidden', ...extra,
});

test('before the engine: ping answers, everything else waits and is answered in order', () => {
  const win = fakeWindow();
  const api = install(win);
  const log = [];
  win.__tcfapi('ping', 2, (r, ok) => log.push(['tcf ping', r.cmpStatus, r.cmpLoaded, ok]));
  win.__gpp('ping', (r) => log.push(['gpp ping', r.cmpStatus, r.signalStatus]));
  win.__tcfapi('getTCData', 2, (r, ok) => log.push(['getTCData', r.tcString, ok]));
  win.__gpp('getField', (v) => log.push(['getField', v]), 'usnat.SaleOptOut');
  win.__gpp('hasSection', (v) => log.push(['hasSection', v]), 'usva');
  assert.deepEqual(log, [['tcf ping', 'stub', false, true], ['gpp ping', 'stub', 'not ready']]);
  api.ready(state());
  assert.deepEqual(log.slice(2), [['getTCData', tc.string, true], ['getField', 1], ['hasSection', false]]);
});

test('TCData carries the decoded fields in the TCF API shape', () => {
  const win = fakeWindow();
  install(win).ready(state({ userAction: true }));
  let d;
  win.__tcfapi('getTCData', 2, (r) => { d = r; });
  assert.equal(d.eventStatus, 'useractioncomplete');
  assert.equal(d.cmpStatus, 'loaded');
  assert.equal(d.cmpId, 300);
  assert.equal(d.tcfPolicyVersion, 5);
  assert.equal(d.publisherCC, 'DE');
  assert.deepEqual(d.publisher.restrictions, { 2: { 3: 0, 4: 0, 5: 0, 9: 0, 10: 1, 60: 2 } });
  assert.deepEqual(Object.keys(d.vendor.disclosedVendors).length, 60);
  win.__tcfapi('ping', 2, (r) => { d = r; });
  assert.equal(d.gvlVersion, 150);
  assert.equal(d.apiVersion, '2.3');
});

test('listeners: tcloaded once ready, useractioncomplete on a choice, removable', () => {
  const win = fakeWindow();
  const api = install(win);
  const seen = [];
  let tcfId, gppId;
  win.__tcfapi('addEventListener', 2, (r) => { tcfId = r.listenerId; seen.push(r.eventStatus); });
  const gppSeen = [];
  win.__gpp('addEventListener', (e) => { gppId = e.listenerId; gppSeen.push(e.eventName); });
  api.ready(state());
  api.update(state({ userAction: true }));
  assert.deepEqual(seen, ['tcloaded', 'useractioncomplete']);
  assert.deepEqual(gppSeen, ['listenerRegistered', 'signalStatus', 'sectionChange', 'sectionChange']);
  let removed;
  win.__tcfapi('removeEventListener', 2, (ok) => { removed = ok; }, tcfId);
  assert.equal(removed, true);
  win.__gpp('removeEventListener', (ok) => { removed = ok; }, gppId);
  assert.equal(removed, true);
  api.update(state({ userAction: true }));
  assert.equal(seen.length, 2);
  assert.equal(gppSeen.length, 4);
});

test('__gpp sections and fields come from the decoded GPP string', () => {
  const win = fakeWindow();
  install(win).ready(state());
  const r = {};
  win.__gpp('ping', (v) => { r.ping = v; });
  win.__gpp('getSection', (v) => { r.usca = v; }, 'usca');
  win.__gpp('getField', (v) => { r.gpc = v; }, 'usnat.Gpc');
  win.__gpp('getField', (v) => { r.none = v; }, 'usnat.Nope');
  assert.deepEqual(r.ping.sectionList, [2, 7, 8]);
  assert.equal(r.ping.gppString, gpp.string);
  assert.equal(r.ping.signalStatus, 'ready');
  assert.equal(r.usca.SharingOptOut, 1);
  assert.equal(r.gpc, true);
  assert.equal(r.none, null);
});

test('locator frames exist and postMessage calls are answered in their own form', () => {
  const win = fakeWindow();
  const api = install(win);
  assert.ok(win.frames.__tcfapiLocator && win.frames.__gppLocator);
  const out = [];
  const source = { postMessage: (m) => out.push(m) };
  win.post({ __tcfapiCall: { command: 'getTCData', version: 2, callId: 'a' } }, source);
  win.post(JSON.stringify({ __gppCall: { command: 'getField', parameter: 'usca.SharingOptOut', callId: 7 } }), source);
  win.post({ __tcfapiCall: { command: 'ping', version: 2, callId: 'p' } }, source);
  assert.equal(out.length, 1, 'ping at once, the rest queued');
  assert.equal(out[0].__tcfapiReturn.callId, 'p');
  api.ready(state());
  assert.equal(out[1].__tcfapiReturn.returnValue.tcString, tc.string);
  assert.equal(out[1].__tcfapiReturn.callId, 'a');
  assert.deepEqual(JSON.parse(out[2]), { __gppReturn: { returnValue: 1, success: true, callId: 7 } });
  win.post('not json', source);
  win.post({ unrelated: 1 }, source);
  assert.equal(out.length, 3);
});

test("an earlier stub's queue is taken over", () => {
  const win = fakeWindow();
  const early = [];
  win.__tcfapi = (cmd, ...rest) => (cmd === 'getQueue' ? early : early.push([cmd, ...rest]));
  let got;
  win.__tcfapi('getTCData', 2, (r) => { got = r.tcString; });
  install(win).ready(state());
  assert.equal(got, tc.string);
});

test('a module that failed: waiting calls are answered unsuccessfully, ping says error', () => {
  const win = fakeWindow();
  const api = install(win);
  const log = [];
  win.__tcfapi('getTCData', 2, (r, ok) => log.push(['getTCData', r, ok]));
  win.__gpp('getSection', (r, ok) => log.push(['getSection', r, ok]), 'usnat');
  assert.deepEqual(log, []);
  api.fail();
  assert.deepEqual(log, [['getTCData', null, false], ['getSection', null, false]]);
  win.__tcfapi('ping', 2, (r) => log.push(['tcf ping', r.cmpStatus, r.cmpLoaded]));
  win.__gpp('ping', (r) => log.push(['gpp ping', r.cmpStatus]));
  win.__tcfapi('addEventListener', 2, (r, ok) => log.push(['listener', r, ok]));
  assert.deepEqual(log.slice(2), [['tcf ping', 'error', false], ['gpp ping', 'error'], ['listener', null, false]]);
  // A state arriving after the failure changes nothing.
  api.ready(state());
  win.__tcfapi('ping', 2, (r) => log.push(['again', r.cmpStatus]));
  assert.deepEqual(log.at(-1), ['again', 'error']);
});

test('cmpId may be set after install (undefined while a stub); the state may carry supportedAPIs', () => {
  const win = fakeWindow();
  const opts = { supportedAPIs: [] };
  const api = new Function(`${src}\nreturn consentryIabApi;`)()(win, opts);
  let p;
  win.__tcfapi('ping', 2, (r) => { p = r; });
  assert.equal(p.cmpId, undefined);
  opts.cmpId = 300;
  api.ready(state({ supportedAPIs: ['2:tcfeuv2'] }));
  win.__tcfapi('ping', 2, (r) => { p = r; });
  assert.equal(p.cmpId, 300);
  win.__gpp('ping', (r) => { p = r; });
  assert.deepEqual(p.supportedAPIs, ['2:tcfeuv2']);
});
