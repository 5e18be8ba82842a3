// <video>, <audio>, <source> and <track> from tracker hosts: src and poster
// held until consent, whichever way page code creates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const AD = 'googleads.g.doubleclick.net';
const POLICY = { categories: [{ id: 'targeting', services: ['google-ads', 'meta-pixel'] }] };

test('media from tracker hosts: zero requests before consent, loaded after', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  await s.page.evaluate((ad) => {
    const v = document.createElement('video');
    v.src = `https://${ad}/media/ad.mp4`;
    v.poster = 'https://www.facebook.com/tr/poster.jpg';
    v.preload = 'auto';
    document.body.appendChild(v);
    window.__audio = new Audio(`https://${ad}/media/jingle.mp3`);
    window.__audio.preload = 'auto';
    document.body.insertAdjacentHTML('beforeend',
      `<video id="v2" preload="auto"><source src="https://${ad}/media/ad2.webm" type="video/webm"><track default kind="captions" src="https://${ad}/media/t.vtt"></video>`);
    const w = document.createElement('video');
    w.setAttribute('src', `https://${ad}/media/set.mp4`);
    document.body.appendChild(w);
    // Only the poster is a tracker's: the video itself is the site's.
    document.body.insertAdjacentHTML('beforeend', '<video id="own" src="/own.mp4" poster="https://www.facebook.com/tr/only-poster.jpg"></video>');
  }, AD);
  await s.settle(600);
  assert.deepEqual(s.hits(AD), [], `requested before consent:\n${s.log()}`);
  assert.deepEqual(s.hits('www.facebook.com'), []);
  assert.equal(await s.page.evaluate(() => window.__audio instanceof Audio && window.__audio instanceof HTMLAudioElement), true);
  assert.equal(await s.page.locator('video[data-consentry]').count(), 3, 'the three videos with tracker URLs (not #v2: only its children are)');
  assert.equal(await s.page.getAttribute('#own', 'data-consentry-poster'), 'https://www.facebook.com/tr/only-poster.jpg');
  assert.equal(await s.page.locator('source[data-consentry], track[data-consentry]').count(), 2);

  await s.call('acceptAll');
  await s.waitForHit('www.facebook.com/tr/poster.jpg');
  await s.waitForHit('www.facebook.com/tr/only-poster.jpg');
  await s.waitForHit(`${AD}/media/ad2.webm`); // the <source>, picked up again after release
  await s.waitForHit(`${AD}/media/ad.mp4`);
  assert.equal(await s.page.locator('video[data-consentry], audio[data-consentry], source[data-consentry], track[data-consentry]').count(), 0, 'all released');
});
