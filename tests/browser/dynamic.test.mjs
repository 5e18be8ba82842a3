// (b) Untagged elements that page code inserts: every DOM insertion path is
// held until consent, then released; trackers injected by a released script
// are judged on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, salesinteractPolicy, T } from './harness.mjs';

const U = {
  appendChild: 'https://connect.facebook.net/en_US/fbevents.js', // targeting (meta-pixel)
  insertBefore: 'https://static.hotjar.com/c/hotjar-2.js', // performance (hotjar)
  append: 'https://js.hs-scripts.com/123.js', // targeting (hubspot)
  replaceWith: 'https://widget.intercom.io/widget/abc', // functionality (intercom, from the catalog)
  innerHTML: 'https://www.facebook.com/tr?id=2', // img, targeting (meta-pixel)
  insertAdjacentHTML: 'https://beacon.salesinteract.example/b.gif?u=1', // img, site service
  allowed: 'https://cdn.allowed.example/lib.js', // unlisted: never blocked
};
const SCRIPTS = ['appendChild', 'insertBefore', 'append', 'replaceWith'];
const BLOCKED_HOSTS = ['connect.facebook.net', 'static.hotjar.com', 'js.hs-scripts.com',
  'widget.intercom.io', 'www.facebook.com', 'beacon.salesinteract.example'];

const PAGE = dropIn({ policy: salesinteractPolicy(), body: `
<div id="slot"></div><span id="ph"></span>
<script>
  var U = ${JSON.stringify(U)};
  var a = document.createElement('script'); a.src = U.appendChild; document.head.appendChild(a);
  var b = document.createElement('script'); b.setAttribute('src', U.insertBefore);
  document.head.insertBefore(b, document.head.firstChild);
  var c = document.createElement('script'); c.src = U.append; document.body.append(c);
  var d = document.createElement('script'); d.src = U.replaceWith; document.getElementById('ph').replaceWith(d);
  document.getElementById('slot').innerHTML = '<img id="i1" alt="" src="' + U.innerHTML + '">';
  document.body.insertAdjacentHTML('beforeend', '<img id="i2" alt="" src="' + U.insertAdjacentHTML + '">');
  var e = document.createElement('script'); e.src = U.allowed; document.head.appendChild(e);
</script>` });

test('dynamically inserted trackers make zero requests before consent and load after acceptAll', T, async (t) => {
  const s = await launch(t);
  await s.open(PAGE);
  await s.waitForHit('cdn.allowed.example/lib.js');
  await s.settle(800);
  for (const host of BLOCKED_HOSTS) assert.deepEqual(s.hits(host), [], `${host} requested before consent`);
  assert.deepEqual(await s.order(), [marker(U.allowed)], 'only the unlisted script ran');
  assert.equal(await s.page.$eval('#i1', (i) => i.getAttribute('data-consentry-src')), U.innerHTML);
  assert.equal(await s.page.$eval('#i2', (i) => i.hasAttribute('src')), false);

  await s.call('acceptAll');
  for (const k of Object.keys(U)) await s.waitForHit(new URL(U[k]).host + new URL(U[k]).pathname);
  const order = await s.waitForOrder(1 + SCRIPTS.length);
  await s.settle(500);
  assert.deepEqual((await s.order()).slice().sort(), [U.allowed, ...SCRIPTS.map((k) => U[k])].map(marker).sort(),
    `each script ran exactly once (saw ${JSON.stringify(order)})`);
  for (const k of Object.keys(U)) assert.equal(s.hits(new URL(U[k]).host).length, 1, `${k} requested once`);
  assert.equal(await s.page.$eval('#i1', (i) => i.src), U.innerHTML);
});

test('a released tag manager cannot inject trackers of a refused category', T, async (t) => {
  const s = await launch(t);
  const GTM = 'https://www.googletagmanager.com/gtm.js?id=GTM-1'; // google-tag-manager: performance
  const GA = 'https://www.google-analytics.com/analytics.js'; // performance
  const FB = 'https://connect.facebook.net/en_US/fbevents.js'; // targeting
  const PX = 'https://www.facebook.com/tr?id=3'; // targeting
  s.thirdParty.route(GTM, { body: `(window.__order=window.__order||[]).push('gtm');
    [${JSON.stringify(GA)}, ${JSON.stringify(FB)}].forEach(function (u) {
      var s = document.createElement('script'); s.async = true; s.src = u;
      var f = document.getElementsByTagName('script')[0]; f.parentNode.insertBefore(s, f);
    });
    new Image().src = ${JSON.stringify(PX)};` });
  await s.open(dropIn({ policy: salesinteractPolicy(),
    body: `<script type="text/plain" data-category="performance" src="${GTM}"></script>` }));
  await s.settle(300);
  assert.deepEqual(s.hits('www.googletagmanager.com'), []);

  await s.call('setConsent', { categories: ['performance'] });
  await s.waitForHit('www.google-analytics.com/analytics.js');
  await s.settle(800);
  assert.deepEqual(await s.order(), ['gtm', marker(GA)]);
  assert.deepEqual(s.hits('connect.facebook.net'), [], 'targeting script injected by GTM was requested');
  assert.deepEqual(s.hits('www.facebook.com'), [], 'targeting pixel injected by GTM was requested');

  await s.call('acceptAll');
  await s.waitForHit('connect.facebook.net/en_US/fbevents.js');
  assert.deepEqual(await s.waitForOrder(3), ['gtm', marker(GA), marker(FB)], 'held injection released later');
  await s.settle(300);
  assert.equal(s.hits('www.googletagmanager.com').length, 1, 'GTM not re-run');
});
