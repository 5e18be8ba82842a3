// (e) Pixels and beacons that never touch the DOM: new Image().src,
// navigator.sendBeacon, fetch and XMLHttpRequest to tracker hosts.
// The fake third parties answer with CORS headers, so fetch/XHR only fail when
// the runtime stops them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const HOSTS = ['www.facebook.com', 'www.google-analytics.com', 'static.hotjar.com'];

/** Fires one of each in the page; tag makes every URL distinct. */
const probe = (s, tag) => s.page.evaluate(async (tag) => {
  const r = {};
  const img = new Image();
  img.src = 'https://www.facebook.com/tr?id=' + tag;
  r.beacon = navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=' + tag, 'x');
  try {
    const res = await fetch('https://www.google-analytics.com/collect?v=' + tag);
    r.fetch = 'ok ' + res.status;
  } catch (e) {
    r.fetch = 'rejected';
  }
  r.xhr = await new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.onload = () => resolve('load ' + x.status);
    x.onerror = () => resolve('error');
    x.onabort = () => resolve('abort');
    setTimeout(() => resolve('timeout'), 3000);
    try {
      x.open('GET', 'https://static.hotjar.com/api/v2/' + tag);
      x.send();
    } catch (e) {
      resolve('threw');
    }
  });
  return r;
}, tag);

test('image pixels, beacons, fetch and XHR to blocked hosts make zero requests before consent', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn());
  const before = await probe(s, '1');
  assert.equal(before.beacon, false, 'sendBeacon reports it did not queue');
  assert.equal(before.fetch, 'rejected', 'fetch rejects');
  assert.notEqual(before.xhr, 'load 200', 'XHR did not succeed');
  await s.settle(500);
  for (const host of HOSTS) assert.deepEqual(s.hits(host), [], `${host} requested before consent:\n${s.log()}`);

  // unlisted hosts are untouched
  assert.equal(await s.page.evaluate(async () => (await fetch('https://cdn.allowed.example/x.json')).status), 200);
  assert.equal(await s.page.evaluate(() => navigator.sendBeacon('https://cdn.allowed.example/b', 'x')), true);

  await s.call('acceptAll');
  const after = await probe(s, '2');
  assert.deepEqual(after, { beacon: true, fetch: 'ok 200', xhr: 'load 200' });
  await s.waitForHit('www.facebook.com/tr?id=2');
  await s.waitForHit('www.google-analytics.com/g/collect?v=2');
  const [beacon] = s.hits('www.google-analytics.com/g/collect?v=2');
  assert.equal(beacon.method, 'POST');
  assert.equal(s.hits('www.google-analytics.com/collect?v=2').length, 1);
  assert.equal(s.hits('static.hotjar.com/api/v2/2').length, 1);
  // Not asserted: whether the refused `new Image()` of probe 1 is replayed on
  // release (held images may be); the refused fetch/XHR/beacon must not be.
  for (const p of ['www.google-analytics.com/g/collect?v=1', 'www.google-analytics.com/collect?v=1', 'static.hotjar.com/api/v2/1']) {
    assert.deepEqual(s.hits(p), [], `${p} replayed after consent`);
  }
});

test('a refused category stays refused for pixels after a partial choice', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn());
  await s.call('setConsent', { categories: ['performance'] });
  const r = await probe(s, '3');
  assert.equal(r.fetch, 'ok 200', 'performance (google-analytics) granted');
  assert.equal(r.beacon, true);
  await s.settle(500);
  assert.deepEqual(s.hits('www.facebook.com'), [], 'targeting pixel refused');
  assert.equal(s.hits('www.google-analytics.com').length, 2);
});
