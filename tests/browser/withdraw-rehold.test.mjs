// A withdrawal holds again what it refuses, wherever it stands (session 23's
// second sweep: released elements outside the document, a held mark page
// code wrote, a media element's chosen source, an emptied
// NodeList.prototype.forEach each escaped the first version), and
// speculation rules with a document source stay inert. Test titles name
// what had happened on the build before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T, ENGINE } from './harness.mjs';

const FB = (v) => `https://www.facebook.com/tr?id=1&ev=${v}`;
const YT = 'https://www.youtube.com/embed/ck';
const SPACER = '<div style="height:5000px">top</div>';
const fb = (s) => s.hits('www.facebook.com').map((r) => r.path);

// Made before consent (held by the guard, outside the document), released by
// Accept all, refused again by withdraw(): rehold walks only the roots.
test('withdraw(): a detached frame released by acceptAll() is held when inserted', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    var f = window.__f = document.createElement('iframe'); f.src = ${JSON.stringify(YT)};
  </script>` }));
  await s.call('acceptAll');
  await s.settle(300);
  await s.call('withdraw');
  assert.equal((await s.get('getConsent')).categories.targeting, false, 'setup: withdrawn');
  const before = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => { document.body.appendChild(window.__f); });
  await s.settle(1000);
  assert.deepEqual(s.hits('www.youtube.com').slice(before).map((r) => r.path), []);
});

test('withdraw(): a detached lazy image released by acceptAll() is held when inserted', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `${SPACER}<script>
    var i = window.__i = document.createElement('img'); i.loading = 'lazy'; i.width = 10; i.height = 10; i.src = ${JSON.stringify(FB('detached-lazy'))};
  </script>` }));
  await s.call('acceptAll');
  await s.settle(300);
  const setup = fb(s).length;
  await s.call('withdraw');
  await s.page.evaluate(() => { document.body.appendChild(window.__i); window.__i.scrollIntoView(); });
  await s.settle(1000);
  assert.deepEqual(fb(s).slice(setup), [], `(setup: ${setup} fetched while granted)`);
});

test('withdraw(): a detached audio (preload=none) released by acceptAll() fetches nothing on play()', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    var a = window.__a = document.createElement('audio'); a.preload = 'none'; a.muted = true; a.src = 'https://www.youtube.com/ck.mp3';
  </script>` }));
  await s.call('acceptAll');
  await s.settle(300);
  await s.call('withdraw');
  const before = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => { window.__a.play().catch(() => {}); });
  await s.settle(1000);
  assert.deepEqual(s.hits('www.youtube.com').slice(before).map((r) => r.path), []);
});

// A mark page code forges on a released element: rehold skips anything
// carrying data-consentry, and an element once released is never judged on insertion.
test('withdraw(): a released lazy image that page code marked data-consentry is held again', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `${SPACER}<script>
    var i = document.createElement('img'); i.loading = 'lazy'; i.id = 'lz'; i.width = 10; i.height = 10;
    i.src = ${JSON.stringify(FB('forged'))}; document.body.appendChild(i);
  </script>` }));
  await s.call('acceptAll');
  await s.settle(300);
  await s.page.evaluate(() => document.getElementById('lz').setAttribute('data-consentry', 'open-preferences'));
  await s.call('withdraw');
  await s.page.evaluate(() => document.getElementById('lz').scrollIntoView());
  await s.settle(1000);
  assert.deepEqual(fb(s), []);
});

// A document rule without `where` matches every link of the page (Chromium).
test('speculation rules with a document source (no where) are inert before consent', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<a href="${FB('docrule')}">fb</a><script>
    var r = document.createElement('script'); r.type = 'speculationrules';
    r.textContent = JSON.stringify({ prefetch: [{ source: 'document', eagerness: 'immediate' }] });
    document.head.appendChild(r); window.__t = r.type;
  </script>` }));
  await s.settle(1500);
  assert.deepEqual(fb(s), [], 'no prefetch measured (headless Chromium makes no cross-site prefetch here, drop-in or not)');
  // The project's own criterion for document rules (attacks.test.mjs, \`where\`): made inert.
  assert.equal(await s.page.evaluate(() => window.__t), 'text/plain', 'a document rule (every link of the page) is inert before consent');
});

// Attached variants (shadow roots, frames, picture sources), all made while granted: HELD
// (a control without withdraw() loads all five on scroll).
test('withdraw() holds again lazy images in shadow roots, same-origin frames and picture sources', T, async (t) => {
  const s = await launch(t);
  s.site.page('/plain.html', `<!doctype html><div style="height:5000px"></div><img id="fi" loading="lazy" width="10" height="10" src="${FB('plain-frame')}">`);
  await s.open(dropIn({ body: `${SPACER}<div id="box"></div><script>
    window.__go = function () {
      var box = document.getElementById('box');
      var lazy = function (d, v) { var i = d.createElement('img'); i.loading = 'lazy'; i.width = 10; i.height = 10; i.src = 'https://www.facebook.com/tr?id=1&ev=' + v; return i; };
      var h1 = document.createElement('div'); box.appendChild(h1); h1.attachShadow({ mode: 'open' }).appendChild(lazy(document, 'open-shadow'));
      var h2 = document.createElement('div'); box.appendChild(h2); window.__closed = h2.attachShadow({ mode: 'closed' }); window.__closed.appendChild(lazy(document, 'closed-shadow'));
      var f = document.createElement('iframe'); f.style.height = '300px'; box.appendChild(f);
      var d = f.contentDocument; d.body.innerHTML = '<div style="height:5000px"></div>'; d.body.appendChild(lazy(d, 'blank-frame')); window.__bf = f;
      var p = document.createElement('picture'); var so = document.createElement('source'); so.srcset = 'https://www.facebook.com/tr?id=1&ev=picture-source';
      var pi = document.createElement('img'); pi.loading = 'lazy'; pi.width = 10; pi.height = 10; pi.src = '/own.gif'; p.appendChild(so); p.appendChild(pi); box.appendChild(p);
      var pf = window.__pf = document.createElement('iframe'); pf.style.height = '300px'; pf.src = '/plain.html'; box.appendChild(pf);
    };
  </script>` }));
  await s.call('acceptAll');
  await s.page.evaluate(() => window.__go());
  await s.settle(1000);
  const setup = fb(s);
  await s.call('withdraw');
  const yt = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => {
    document.getElementById('box').scrollIntoView();
    window.__bf.contentWindow.scrollTo(0, 1e5);
    window.__pf.contentWindow.scrollTo(0, 1e5);
  });
  await s.settle(1500);
  console.log({ setup, after: fb(s).slice(setup.length), yt: s.hits('www.youtube.com').slice(yt).map((r) => r.path) });
  assert.deepEqual(fb(s).slice(setup.length), []);
  assert.deepEqual(s.hits('www.youtube.com').slice(yt).map((r) => r.path), []);
});

// A media element picks its <source> when it loads (preload=none too) and
// fetches that URL on play(): moving the source's src does not unpick it.
test('withdraw(): a <video preload=none> whose <source> was made while granted fetches nothing on play()', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    window.__go = function () {
      var v = document.createElement('video'); v.id = 'v'; v.preload = 'none'; v.muted = true;
      var so = document.createElement('source'); so.src = 'https://www.youtube.com/ck-source.mp4'; v.appendChild(so); document.body.appendChild(v);
    };
  </script>` }));
  await s.call('acceptAll');
  await s.page.evaluate(() => window.__go()); // made while granted
  await s.settle(400);
  await s.call('withdraw');
  const before = s.hits('www.youtube.com').length;
  const held = await s.page.evaluate(() => document.querySelector('#v source').getAttribute('data-consentry'));
  await s.page.evaluate(() => { document.getElementById('v').play().catch(() => {}); });
  await s.settle(1000);
  assert.deepEqual(s.hits('www.youtube.com').slice(before).map((r) => r.path), [], `(the source is marked held: ${held})`);
});

// A meta refresh schedules its navigation when inserted: moving its content
// on withdrawal does not cancel the timer already running.
// rehold (hold.js `all`) walks each root with the page's own
// `querySelectorAll(...).forEach`, where the guard's scans use saved ones.
test('withdraw() with NodeList.prototype.forEach emptied still holds a released lazy image', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `${SPACER}<script>
    window.__go = function () { var i = document.createElement('img'); i.loading = 'lazy'; i.id = 'lz'; i.width = 10; i.height = 10;
      i.src = ${JSON.stringify(FB('qsa-foreach'))}; document.body.appendChild(i); };
  </script>` }));
  await s.call('acceptAll');
  await s.page.evaluate(() => window.__go());
  await s.settle(300);
  await s.page.evaluate(async () => {
    const fe = NodeList.prototype.forEach;
    NodeList.prototype.forEach = function () {};
    await window.consentry.withdraw();
    NodeList.prototype.forEach = fe;
  });
  await s.page.evaluate(() => document.getElementById('lz').scrollIntoView());
  await s.settle(1000);
  assert.deepEqual(fb(s), []);
});

// The withdrawal's new set of released elements is made with methods the
// guard saved before page code: one made from WeakSet's at the time would
// answer `has` as page code chose, and a frame put back would go unjudged.
test('withdraw() with WeakSet.prototype.has answering true: a released frame put back is held', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    var f = window.__f = document.createElement('iframe'); f.src = ${JSON.stringify(YT)};
  </script>` }));
  await s.call('acceptAll');
  await s.settle(300);
  await s.page.evaluate(() => { WeakSet.prototype.has = function () { return true; }; });
  await s.call('withdraw');
  const before = s.hits('www.youtube.com').length;
  await s.page.evaluate(() => { document.body.appendChild(window.__f); });
  await s.settle(1000);
  assert.deepEqual(s.hits('www.youtube.com').slice(before).map((r) => r.path), []);
});
