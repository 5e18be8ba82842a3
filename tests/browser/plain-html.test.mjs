// examples/plain-html/index.html exactly as shipped: the drop-in on a static
// page, tagged trackers, one inserted later by page code, and the SRI hash
// that `cargo xtask dist` prints (pkg/dist/integrity.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT, DIST, T } from './harness.mjs';

const PAGE = readFileSync(path.join(ROOT, 'examples/plain-html/index.html'), 'utf8');
const GA = 'www.googletagmanager.com';
const YT = 'www.youtube-nocookie.com';
const PIXEL = 'www.facebook.com/tr';
const FB_JS = 'connect.facebook.net';
const TRACKERS = [GA, YT, PIXEL, FB_JS];

const loadAds = (s) => s.page.evaluate(() => document.getElementById('load-ads').click());
const none = (s, hosts) => {
  for (const h of hosts) assert.deepEqual(s.hits(h), [], `${h} requested:\n${s.log()}`);
};

test('plain-html: nothing loads before consent, each category releases only its trackers', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE, { path: '/' });
  await loadAds(s);
  await s.settle(400);
  none(s, TRACKERS);
  assert.equal(await s.page.locator('[data-consentry="placeholder"]').count(), 1, 'the video is a placeholder');
  assert.equal(await s.page.locator('[data-consentry="banner"]').isVisible(), true);

  await s.call('setConsent', { categories: ['performance'] });
  await s.waitForHit(GA);
  await s.page.waitForFunction(() => (window.dataLayer || []).some((a) => a[0] === 'config'));
  await s.settle(300);
  none(s, [YT, PIXEL, FB_JS]);

  await s.call('setConsent', { categories: ['performance', 'functionality'] });
  await s.waitForHit(YT);
  await s.settle(300);
  none(s, [PIXEL, FB_JS]);

  await s.call('setConsent', { categories: ['performance', 'functionality', 'targeting'] });
  await s.waitForHit(PIXEL);
  await s.waitForHit(FB_JS); // the script page code inserted before consent
  assert.equal(s.hits(GA).length, 1, 'gtag.js fetched once, not again on later grants');
  assert.deepEqual(s.errors(), []);
});

const withIntegrity = (hash) =>
  PAGE.replace('<script src="/consentry.js">',
    `<script src="/consentry.js" integrity="${hash}" crossorigin="anonymous">`);

test('plain-html: the printed integrity hash is accepted, a wrong one refused', T, async (t) => {
  const { 'consentry.js': hash } = JSON.parse(readFileSync(path.join(DIST, 'integrity.json'), 'utf8'));
  assert.match(hash, /^sha384-[A-Za-z0-9+/]{64}$/);
  const s = await launch(t);
  await s.open(withIntegrity(hash), { path: '/' });
  assert.equal(await s.page.evaluate(() => typeof window.consentry.acceptAll), 'function');

  const wrong = 'sha384-' + 'A'.repeat(64);
  await s.open(withIntegrity(wrong), { path: '/wrong', ready: false });
  await s.settle(300);
  assert.equal(await s.page.evaluate(() => typeof window.consentry), 'undefined', 'a file that does not match never runs');
  assert.ok(s.errors().some((e) => /integrity/i.test(e)), `no integrity error in ${JSON.stringify(s.errors())}`);
});
