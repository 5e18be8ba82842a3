// (d) Embedded players: held iframes make no request and are replaced by an
// accessible placeholder whose button grants the embed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T, ENGINE } from './harness.mjs';

const VIMEO = 'https://player.vimeo.com/video/1'; // vimeo: functionality
const YT = 'https://www.youtube.com/embed/xyz'; // youtube: targeting

const PAGE = dropIn({ body: `
<main>
  <iframe data-category="functionality" data-src="${VIMEO}" title="Vimeo video"></iframe>
  <div id="yt-slot"></div>
</main>
<script>
  var f = document.createElement('iframe');
  f.src = ${JSON.stringify(YT)}; f.title = 'YouTube video';
  document.getElementById('yt-slot').appendChild(f);
</script>` });

const frameSrcs = (s) => s.page.$$eval('iframe', (fs) => fs.map((f) => f.src).filter(Boolean));
// Each placeholder's role, allow buttons and the first button's accessible
// name (aria-labelledby, aria-label or its text), read in the page so every
// engine answers the same way.
const placeholderFacts = (s) => s.page.evaluate(() => [...document.querySelectorAll('[data-consentry="placeholder"]')].map((p) => {
  const buttons = p.querySelectorAll('button[data-consentry="allow"]');
  const b = buttons[0];
  const by = b && b.getAttribute('aria-labelledby');
  const name = !b ? '' : by
    ? by.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ')
    : b.getAttribute('aria-label') || b.textContent;
  return { role: p.getAttribute('role'), buttons: buttons.length, name: (name || '').trim() };
}));

test('held iframes: no request, placeholder with role=region and a named button that loads the embed', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.settle(600);
  assert.deepEqual(s.hits('player.vimeo.com'), [], 'vimeo requested before consent');
  assert.deepEqual(s.hits('www.youtube.com'), [], 'youtube requested before consent');
  assert.deepEqual(await frameSrcs(s), [], 'no iframe points at a tracker');

  const placeholders = await placeholderFacts(s);
  assert.equal(placeholders.length, 2);
  for (const p of placeholders) {
    assert.equal(p.role, 'region');
    assert.equal(p.buttons, 1);
    assert.ok(p.name, 'the allow button has an accessible name');
  }
  const yt = s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]');
  assert.equal(await yt.count(), 1, 'the youtube placeholder names its service');
  const vimeo = s.page.locator('[data-consentry="placeholder"]:not([data-consentry-service="youtube"])');

  // keyboard users: the button is focusable and activates with Enter
  await yt.locator('button[data-consentry="allow"]').focus();
  await s.page.keyboard.press('Enter');
  await s.waitForHit('www.youtube.com/embed/xyz');
  assert.deepEqual(await frameSrcs(s), [YT]);
  if (ENGINE === 'chromium') { // Playwright lists frames: the embed's document arrived
    for (let i = 0; i < 100 && !s.page.frames().some((f) => f.url() === YT); i++) await s.settle(50);
    assert.ok(s.page.frames().some((f) => f.url() === YT), 'youtube frame loaded');
  }
  assert.equal(await yt.count(), 0, 'youtube placeholder removed');
  assert.equal(await s.get('allows', 'youtube'), true, 'the button granted the service');
  assert.equal(await s.get('allows', 'targeting'), false, '…not its whole category');
  assert.equal((await s.get('getConsent')).services.youtube, true);
  await s.settle(300);
  assert.deepEqual(s.hits('player.vimeo.com'), [], 'vimeo still held');
  assert.equal(await vimeo.count(), 1);

  await vimeo.locator('button[data-consentry="allow"]').click();
  await s.waitForHit('player.vimeo.com/video/1');
  assert.deepEqual((await frameSrcs(s)).sort(), [VIMEO, YT].sort());
  assert.equal(await s.page.locator('[data-consentry="placeholder"]').count(), 0);
  assert.equal(s.hits('www.youtube.com').length, 1, 'youtube loaded once');
});

test('acceptAll releases every held iframe in place', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.settle(300);
  assert.deepEqual(s.hits((r) => r.server === 'third'), []);
  await s.call('acceptAll');
  await s.waitForHit('player.vimeo.com/video/1');
  await s.waitForHit('www.youtube.com/embed/xyz');
  assert.equal(await s.page.locator('[data-consentry="placeholder"]').count(), 0);
  assert.equal(await s.page.locator(`#yt-slot > iframe[src="${YT}"]`).count(), 1, 'youtube iframe back in its slot');
  assert.equal(await s.page.locator(`main > iframe[src="${VIMEO}"]`).count(), 1, 'vimeo iframe back in place');
});

// The guard watches every same-origin realm's document and every shadow root
// it meets; it must not keep them alive once their frame navigates or goes
// (an ad slot refreshing its iframe every 30 s would keep a realm each time).
test('documents of removed and navigated frames are not kept alive by the guard', { ...T, skip: ENGINE !== 'chromium' && 'DOM counters through CDP' }, async (t) => {
  const s = await launch(t);
  s.site.route('/same.html', { body: '<p>same-origin frame</p>', type: 'text/html' });
  await s.open(dropIn({ body: `<div id="slot"></div><div id="hosts"></div><script>
    window.churn = function (n) {
      var slot = document.getElementById('slot');
      for (var i = 0; i < n; i++) {
        var f = document.createElement('iframe');
        slot.appendChild(f);
        f.contentWindow.document.body.textContent = 'ad ' + i; // its realm patched and watched
        slot.removeChild(f);
        var h = document.createElement('div');
        h.attachShadow({ mode: 'open' }).innerHTML = '<p>widget</p>';
        document.getElementById('hosts').appendChild(h);
        h.remove();
      }
    };
  </script><iframe id="nav" src="/same.html"></iframe>` }));
  await s.page.waitForFunction(() => document.getElementById('nav').contentDocument?.body?.textContent === 'same-origin frame');
  const cdp = await s.context.newCDPSession(s.page);
  const documents = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Memory.getDOMCounters')).documents;
  };
  const before = await documents();
  await s.page.evaluate(() => window.churn(20));
  // …and a same-origin frame that navigates ten times: a new realm each time.
  for (let i = 0; i < 10; i++) {
    await s.page.evaluate((i) => new Promise((ok) => {
      const f = document.getElementById('nav');
      f.addEventListener('load', ok, { once: true });
      f.src = '/same.html?' + i;
    }), i);
  }
  const after = await documents();
  assert.ok(after - before < 5, `documents kept after 20 removed frames and 10 navigations: ${before} → ${after}`);
  // The engine still finds what it holds in the frames that remain.
  assert.equal(await s.page.evaluate(() => window.consentry.ready), true);
});

// A held iframe the parser inserts is parked by the guard before any page
// script runs: its realm is never created (Chromium creates a frame's realm
// on first reach, and the guard reached every frame to patch it: ~1.5 ms to
// create and ~1.1 ms to patch, per frame). Counted in a trace of the load:
// the contexts created on the page's main thread, with tracker frames and
// without them.
test('parsed tracker frames are parked before any script: their realms are never created', { ...T, skip: ENGINE !== 'chromium' && 'a Chromium trace' }, async (t) => {
  const s = await launch(t);
  const frames = (n) => Array.from({ length: n }, (_, i) => `<iframe width="300" height="170" src="${YT}?${i}"></iframe>`).join('');
  const contexts = async (n) => {
    s.site.page(`/f${n}.html`, dropIn({ body: `<p>x</p>${frames(n)}<script>window.__seen = document.querySelectorAll('iframe').length;</script>` }));
    const browser = s.context.browser();
    await browser.startTracing(s.page, { categories: ['v8', 'devtools.timeline'] });
    await s.goto(`/f${n}.html`);
    await s.ready();
    await s.settle(200);
    const ev = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
    const main = ev.find((e) => e.name === 'EvaluateScript' && /\/consentry\.js$/.test(e.args?.data?.url || ''));
    assert.ok(main, 'the guard ran');
    assert.equal(await s.page.evaluate(() => window.__seen), 0, 'no tracker frame left for page script to reach');
    return ev.filter((e) => e.name === 'LocalWindowProxy::Initialize' && e.pid === main.pid && e.tid === main.tid).length;
  };
  const none = await contexts(0), five = await contexts(5);
  // Without parking: five more (one per frame), and more under Playwright.
  assert.equal(five, none, `contexts created: ${none} without frames, ${five} with five held frames`);
  // Each frame is in its placeholder, sized as the frame was.
  assert.deepEqual(await s.page.evaluate(() => [...document.querySelectorAll('[data-consentry="placeholder"]')].map((p) => {
    const r = p.getBoundingClientRect();
    return [r.width, r.height];
  })), Array(5).fill([300, 170]));
  // (Their requests, which the parser starts on insertion, are the documented
  // gap of static untagged markup that the server rewriter closes.)
});

// Put back from its box, a parked frame is an about:blank realm of this
// origin until its embed's document arrives. On a first view in an opt-out
// region (no stored choice, so the guard parks it) the engine's start gives
// it back with its src: no synchronous about:blank load patches it then.
// Page code that reaches it at once through `window[0]` (no hook sees that),
// here in the `released` event emitted as it goes back, must find it
// patched: its `fetch` to a tracker GPC refuses does not leave.
test('a parked frame put back is patched before page code can reach it', T, async (t) => {
  const s = await launch(t);
  const HJ = 'https://static.hotjar.com/c/frame'; // hotjar: performance, allowed here
  await s.open(dropIn({ server: { region: 'US-CA', regime: 'opt-out', gpc: true, banner: true },
    body: `<iframe id="hj" width="320" height="180" src="${HJ}"></iframe><script>
    window.__parked = !document.getElementById('hj');
    document.addEventListener('consentry:released', function (e) {
      var f = e.detail.element;
      if (!f || f.localName !== 'iframe' || !window.length) return;
      window.__frameTried = (window.__frameTried || 0) + 1;
      window[0].fetch('https://www.facebook.com/tr?id=1&ev=from-frame').then(function () { window.__frameFetch = 'sent'; }, function () { window.__frameFetch = 'refused'; });
    });
  </script>` }));
  assert.equal(await s.page.evaluate(() => window.__parked), true, 'parked: no stored choice');
  await s.waitForHit('static.hotjar.com/c/frame');
  await s.page.waitForFunction(() => window.__frameTried === 1);
  await s.settle(500);
  assert.notEqual(await s.page.evaluate(() => window.__frameFetch), 'sent');
  assert.deepEqual(s.hits('from-frame'), [], 'the frame\'s pristine fetch reached a tracker GPC refuses');
  assert.equal(await s.page.locator('#hj').getAttribute('src'), HJ);
});

// A visitor with a stored choice may get a frame back at once: it is not
// parked (swapping a box back could shift a layout made for the frame),
// and stays in place, held, until the engine answers.
test('a visitor with a stored choice: parsed tracker frames stay in place', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.call('rejectAll');
  s.site.page('/frames.html', dropIn({ body: `<iframe id="yt2" src="${YT}"></iframe><script>window.__inPlace = !!document.getElementById('yt2');</script>` }));
  await s.goto('/frames.html');
  await s.ready();
  assert.equal(await s.page.evaluate(() => window.__inPlace), true);
  assert.equal(await s.page.locator('[data-consentry="placeholder"][data-consentry-service="youtube"]').count(), 1, 'then in its placeholder');
});
