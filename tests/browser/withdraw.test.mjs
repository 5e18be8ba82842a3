// (h) Withdrawal deletes the withdrawn services' cookies on the host and its
// parent domains and keeps them from being written again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T, CAN } from './harness.mjs';

const POLICY = { categories: [
  { id: 'performance', services: ['google-analytics'] },
  { id: 'targeting', services: ['meta-pixel'] },
] };
const names = async (s) => (await s.cookies()).map((c) => `${c.name}@${c.domain}`).sort();

test('withdraw() deletes tracker cookies on every domain and blocks re-creating them', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  await s.call('acceptAll');
  // Written as the trackers and the site write them (host-only and on the
  // parent domain), from the page: in every engine the page's own cookie jar.
  await s.page.evaluate(() => {
    for (const c of ['_ga=host', '_ga=parent; domain=shop.test', '_ga_ABC123=x; domain=shop.test', '_gid=x',
      '_fbp=x; domain=shop.test', 'theme=dark']) document.cookie = `${c}; path=/`;
  });
  assert.equal((await s.cookie('_ga')).length, 2, 'setup: host-only and parent-domain _ga');

  await s.call('withdraw');
  assert.deepEqual(await names(s), ['consentry@www.shop.test', 'theme@www.shop.test'],
    'only the site cookie and the consent record survive');
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid', 'withdrawal is a recorded choice');
  assert.equal(c.categories.performance, false);
  assert.equal(c.categories.targeting, false);

  // a tracker that still runs tries to write its cookies again
  await s.page.evaluate(() => {
    document.cookie = '_ga=1; path=/';
    document.cookie = '_ga=2; domain=shop.test; path=/';
    document.cookie = '_ga_XYZ=3; path=/; max-age=600';
    document.cookie = '_gid=4; path=/';
    document.cookie = 'ok=1; path=/';
  });
  assert.deepEqual(await names(s), ['consentry@www.shop.test', 'ok@www.shop.test', 'theme@www.shop.test']);
  assert.doesNotMatch(await s.page.evaluate(() => document.cookie), /_ga|_gid/);

  // still blocked on the next page view
  await s.reload();
  await s.ready();
  await s.page.evaluate(() => { document.cookie = '_ga=5; path=/'; });
  assert.deepEqual(await s.cookie('_ga'), []);
});

test('setConsent with fewer categories clears only the withdrawn category', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  await s.call('acceptAll');
  await s.page.evaluate(() => {
    document.cookie = '_ga=1; path=/';
    document.cookie = '_fbp=1; path=/';
    document.cookie = '_fbp=2; domain=shop.test; path=/';
    document.cookie = 'fr=3; domain=shop.test; path=/';
  });
  assert.equal((await s.cookie('_fbp')).length, 2, 'setup: consented cookies can be written');

  await s.call('setConsent', { categories: ['performance'] });
  assert.deepEqual(await s.cookie('_fbp'), []);
  assert.deepEqual(await s.cookie('fr'), []);
  assert.equal((await s.cookie('_ga')).length, 1, 'performance cookies kept');

  await s.page.evaluate(() => { document.cookie = '_fbp=9; path=/'; document.cookie = '_ga=9; path=/'; });
  assert.deepEqual(await s.cookie('_fbp'), [], 'refused cookie re-created');
  assert.equal((await s.cookie('_ga'))[0].value, '9', 'granted cookie writes still work');
});

test('withdrawal deletes storage keys and path-scoped cookies of the current path, and guards setItem', T, async (t) => {
  const s = await launch(t);
  const policy = { categories: [{ id: 'performance', services: ['hotjar', 'google-analytics'] }] };
  await s.open(dropIn({ policy }), { path: '/shop/item.html' });
  await s.call('acceptAll');
  await s.page.evaluate(() => {
    localStorage.setItem('_hjSession_1', 'x'); // hotjar
    sessionStorage.setItem('hjViewportId', 'y'); // hotjar
    localStorage.setItem('cart', '3'); // the site's own
    document.cookie = '_ga=1; path=/shop';
    document.cookie = '_gid=1; path=/shop/item.html';
  });
  assert.equal((await s.context.cookies()).filter((c) => c.path.startsWith('/shop')).length, 2, 'setup');
  await s.call('withdraw');
  const left = await s.page.evaluate(() => [Object.keys(localStorage).sort(), Object.keys(sessionStorage)]);
  assert.deepEqual(left, [['cart'], []], 'hotjar keys deleted, the site key kept');
  assert.deepEqual((await s.context.cookies()).filter((c) => c.path.startsWith('/shop')).map((c) => c.name), [],
    'cookies scoped to the current path are deleted too');
  await s.page.evaluate(() => localStorage.setItem('_hjTLDTest', '1'));
  assert.equal(await s.page.evaluate(() => localStorage.getItem('_hjTLDTest')), null, 'setItem of a refused key is dropped');
  await s.page.evaluate(() => localStorage.setItem('wishlist', '1'));
  assert.equal(await s.page.evaluate(() => localStorage.getItem('wishlist')), '1', 'the site writes its own keys');
});

test('without cookies the runtime still enforces and remembers the choice for the page', {
  ...T, skip: !CAN.initScript && 'needs an init script to turn cookies off (none over WebKit\'s WebDriver)',
}, async (t) => {
  const s = await launch(t);
  await s.page.addInitScript(() => {
    // A browser that refuses cookies: writes vanish, reads are empty.
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => {} });
  });
  const GA = 'https://www.google-analytics.com/analytics.js';
  await s.open(dropIn({ policy: { categories: [{ id: 'performance', services: ['google-analytics'] }] }, body: `<script>
    window.addGa = function () { var e = document.createElement('script'); e.src = ${JSON.stringify(GA)}; document.head.appendChild(e); };
    addGa();
  </script>` }));
  await s.settle(400);
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'held without cookies');
  await s.call('acceptAll');
  await s.waitForHit('www.google-analytics.com/analytics.js');
  assert.equal((await s.get('getConsent')).categories.performance, true, 'the choice holds in memory');
  await s.call('withdraw');
  const before = s.hits('www.google-analytics.com').length;
  await s.page.evaluate(() => window.addGa());
  await s.settle(400);
  assert.equal(s.hits('www.google-analytics.com').length, before, 'blocked again after withdrawal');
});
