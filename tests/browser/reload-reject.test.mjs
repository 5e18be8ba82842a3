// Reject all, then the next page views: nothing a tracker serves may load.
//
// The race behind the bug report: a parser-inserted <iframe src> starts its
// navigation the moment the parser inserts it, before any script (the guard's
// MutationObserver included) can see it, so on some views its request leaves
// whatever the guard does next (like the preload scanner's fetches of static
// scripts and images). Hence:
// - what page code inserts, and tagged markup, must give zero requests on every
//   view, any number of reloads;
// - a static untagged frame is held as soon as the guard's observer sees it and
//   parked once the engine answers; what it did before that (its first request
//   on most views, sometimes its page) is measured and printed;
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

test(`a static untagged frame after Reject all: held and parked on every view, nothing after the engine answers (${RELOADS} reloads)`, T, async (t) => {
  const s = await launch(t);
  // The fake tracker's page requests a subresource as soon as it is parsed.
  s.thirdParty.route('https://www.youtube.com/embed/static', { type: 'text/html',
    body: '<!doctype html><script src="https://www.youtube.com/s/player-ran.js"></script>' });
  const page = dropIn({ body: `<h1>Shop</h1><iframe src="https://www.youtube.com/embed/static" width="560" height="315"></iframe>${filler}` });
  await s.open(page);
  await s.call('rejectAll');
  let first = 0, ran = 0;
  for (let i = 0; i < RELOADS; i++) {
    const mark = s.mark();
    await s.reload();
    await s.ready();
    const ready = s.mark();
    await s.settle(300);
    first += s.since(mark, 'www.youtube.com/embed/static').length;
    ran += s.since(mark, 'www.youtube.com/s/player-ran.js').length;
    assert.deepEqual(s.since(ready, 'www.youtube.com').map((r) => r.path), [], `reload ${i + 1}: a request once the engine answered`);
    assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1);
    assert.equal(await s.page.locator('iframe').count(), 0, `reload ${i + 1}: the frame is parked, not in the page`);
  }
  // The documented gap, measured (not a pass condition: it depends on how the
  // parser batches): how often the parser's own request left, and how often
  // the frame's page got to run before the guard's observer held it.
  t.diagnostic(`static frame: first request left on ${first}, its page ran on ${ran} of ${RELOADS} reloads (tag it or use the server rewriter)`);
});
