// (c) Untagged tracker markup in the HTML itself.
//
// Documented gap: Chromium's HTML preload scanner fetches <script src> found in
// the markup before any script on the page can hold it
// (tests/browser/preload_scanner_probe.py), so a request to
// connect.facebook.net may well be logged here. Only the server rewriter
// (consentry-server) or tagged markup gives zero requests for static markup;
// the browser runtime can only stop such a script from *executing*, which is
// what this test asserts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T } from './harness.mjs';

const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const LIB = 'https://cdn.allowed.example/app.js';

test('an untagged static tracker script does not execute before consent, and runs once after', T, async (t) => {
  const s = await launch(t);
  s.thirdParty.route(FB, { delay: 200 }); // arrives after the runtime started, like a real CDN
  await s.open(dropIn({
    head: `<script src="${FB}"></script><script src="${LIB}"></script>`,
    body: `<script>window.__afterHead = (window.__order || []).slice();</script>`,
  }));
  await s.settle(600);
  assert.deepEqual(await s.order(), [marker(LIB)], 'only the unlisted script ran');
  assert.deepEqual(await s.page.evaluate(() => window.__afterHead), [marker(LIB)],
    'the unlisted script after the held one still ran before the body, i.e. parsing was not stalled');
  const held = await s.page.$eval(`script[src="${FB}"]`, (e) => [e.type, e.getAttribute('data-consentry')]);
  assert.deepEqual(held, ['text/plain', 'no-consent']);
  assert.equal(await s.get('allows', FB), false);

  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(2), [marker(LIB), marker(FB)]);
  await s.settle(500);
  assert.deepEqual(await s.order(), [marker(LIB), marker(FB)], 'released exactly once');
});
