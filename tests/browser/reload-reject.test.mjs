// Reject all, then the next page views: nothing a tracker serves may load.
//
// The race behind the bug report: a parser-inserted <iframe src> starts its
// navigation the moment the parser inserts it, before any script (the guard's
// MutationObserver included) can see it, so on some views its request leaves
// whatever the guard does next (like the preload scanner's fetches of static
// scripts and images). Hence:
// - what page code inserts, and tagged markup, must give zero requests on every
//   view, any number of reloads;
// - a static untagged frame is cancelled as soon as the guard holds it (its src
//   taken away): its page never loads (no subresource of the frame is
//   requested), even when its first request left;
// - with the server rewriter the static frame is inert in the HTML: zero requests
//   (server.test.mjs, "Reject all … reloads").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const RELOADS = 6;
const filler = Array.from({ length: 200 }, (_, i) => `<p>Paragraph ${i}: lorem ipsum dolor sit amet.</p>`).join('\n');

test(`Reject all is kept on ${RELOADS} reloads: zero requests from inserted and tagged frames, pixels and scripts`, T, async (t) => {
  const s = await launch(t);
  const page = dropIn({ body: `<h1>Shop</h1>
<iframe data-category="functionality" data-service="youtube" data-src="https://www.youtube.com/embed/tagged" width="560" height="315"></iframe>
${filler}
<div id="late"></div>
<script>
  var f = document.createElement('iframe'); f.src = 'https://www.youtube.com/embed/inserted';
  document.getElementById('late').appendChild(f);
  var like = document.createElement('iframe'); like.src = 'https://www.facebook.com/plugins/like.php?href=x';
  document.getElementById('late').append(like);
  new Image().src = 'https://www.facebook.com/tr?id=1&ev=PageView';
  var g = document.createElement('script'); g.src = 'https://www.googletagmanager.com/gtag/js?id=G-R'; document.head.appendChild(g);
</script>
${filler}` });
  await s.open(page);
  await s.settle(300);
  const trackers = () => ['www.youtube.com', 'www.facebook.com', 'www.googletagmanager.com'].flatMap((h) => s.hits(h));
  assert.deepEqual(trackers(), [], 'first visit');
  await s.call('rejectAll');
  for (let i = 0; i < RELOADS; i++) {
    await s.reload();
    await s.ready();
    await s.settle(250);
    assert.deepEqual(trackers().map((r) => r.host + r.path), [], `reload ${i + 1} after Reject all`);
    assert.equal(await s.page.locator('[data-consentry="placeholder"]').count(), 3, `reload ${i + 1}: three placeholders`);
  }
  assert.equal((await s.get('getConsent')).stored, 'valid');
});

test(`a static untagged frame after Reject all: its page never loads, on ${RELOADS} reloads`, T, async (t) => {
  const s = await launch(t);
  // The fake tracker's page requests a subresource as soon as it is parsed.
  s.thirdParty.route('https://www.youtube.com/embed/static', { type: 'text/html',
    body: '<!doctype html><script src="https://www.youtube.com/s/player-ran.js"></script>' });
  const page = dropIn({ body: `<h1>Shop</h1><iframe src="https://www.youtube.com/embed/static" width="560" height="315"></iframe>${filler}` });
  await s.open(page);
  await s.call('rejectAll');
  let first = 0;
  for (let i = 0; i < RELOADS; i++) {
    const mark = s.mark();
    await s.reload();
    await s.ready();
    await s.settle(300);
    first += s.since(mark, 'www.youtube.com/embed/static').length;
    assert.deepEqual(s.since(mark, 'www.youtube.com/s/player-ran.js'), [], `reload ${i + 1}: the frame's page ran`);
    assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1);
  }
  // Not a pass condition (the documented gap); printed so the figure is seen.
  t.diagnostic(`the static frame's first request left on ${first} of ${RELOADS} reloads (tag it or use the server rewriter)`);
});
