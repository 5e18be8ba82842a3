// The harness itself, without the runtime: third-party HTTPS routing, the
// request log, default tracker bodies and download delays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

const SLOW = 'https://static.hotjar.com/c/slow.js';
const FAST = 'https://www.google-analytics.com/analytics.js';

test('third-party scripts are served over HTTPS, logged and executed', T, async (t) => {
  const s = await launch(t, { runtime: false });
  s.site.page('/plain.html', dropIn({
    runtime: false,
    head: `<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>`,
    body: `<img id="px" src="https://www.facebook.com/tr?id=1">
      <iframe src="https://www.youtube.com/embed/abc"></iframe>`,
  }));
  await s.goto('/plain.html');
  assert.deepEqual(await s.order(), ['www.googletagmanager.com/gtag/js?id=G-1']);
  const [gtag] = s.hits('www.googletagmanager.com/gtag/js');
  assert.equal(gtag.method, 'GET');
  assert.equal(gtag.dest, 'script');
  assert.equal(s.hits('www.facebook.com/tr').length, 1);
  assert.equal(await s.page.evaluate(() => document.getElementById('px').naturalWidth), 1);
  await s.waitForHit('www.youtube.com/embed/abc');
  const frame = s.page.frames().find((f) => f.url().startsWith('https://www.youtube.com/'));
  assert.ok(frame, 'youtube iframe loaded');
  assert.match(await frame.content(), /embedded www\.youtube\.com/);
  assert.equal(s.hits(SLOW).length, 0);
  assert.equal(s.hits('www.shop.test/plain.html').length, 1);
  // fetch/beacon endpoints answer with CORS, so only a blocker can make them fail
  assert.equal(await s.page.evaluate(async () => (await fetch('https://www.google-analytics.com/g/collect')).status), 200);
  assert.equal(await s.page.evaluate(() => navigator.sendBeacon('https://www.google-analytics.com/g/collect', 'x')), true);
  await s.waitForHit((r) => r.method === 'POST' && r.host === 'www.google-analytics.com');
});

test('a later, faster download still executes in document order; delays hold', T, async (t) => {
  const s = await launch(t, { runtime: false });
  s.thirdParty.route(SLOW, { delay: 600 });
  s.site.page('/async.html', dropIn({
    runtime: false,
    body: `<script async src="${SLOW}"></script><script async src="${FAST}"></script>`,
  }));
  await s.goto('/async.html');
  // async scripts run as they arrive: the fast one first
  assert.deepEqual(await s.waitForOrder(2), [marker(FAST), marker(SLOW)]);

  s.site.page('/sync.html', dropIn({
    runtime: false,
    body: `<script src="${SLOW}"></script><script>__order.push('inline')</script><script src="${FAST}"></script>`,
  }));
  const mark = s.mark();
  const started = Date.now();
  await s.goto('/sync.html');
  assert.ok(Date.now() - started >= 550, 'load waited for the delayed script');
  assert.deepEqual(await s.order(), [marker(SLOW), 'inline', marker(FAST)]);
  assert.equal(s.since(mark, 'static.hotjar.com').length, 1, 'no-store: fetched again');
});

test('unrouted pages 404 and are logged', T, async (t) => {
  const s = await launch(t, { runtime: false });
  const res = await s.goto('/nope.html');
  assert.equal(res.status(), 404);
  assert.deepEqual(s.requests.map((r) => r.host + r.path).filter((p) => p.endsWith('.html')), ['www.shop.test/nope.html']);
});
