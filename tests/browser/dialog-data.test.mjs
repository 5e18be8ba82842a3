// The preferences dialog's data on demand (issue 12 §3): consentry-dialog.json
// (the catalog's providers, purposes, links and lifetimes, every language's
// dialog texts) is not in the wasm. It is fetched, with its SRI hash, only when
// the dialog is about to open (or at idle after the banner shows); if it cannot
// be loaded the dialog says so and its buttons and switches still work, and
// nothing is released that the visitor did not allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const GA = 'https://www.google-analytics.com/analytics.js';
const POLICY = {
  privacyPolicyUrl: '/privacy',
  categories: [
    { id: 'performance', services: ['google-analytics'] },
    { id: 'targeting', services: ['meta-pixel'] },
  ],
};
// Inserted by the page's own script (an untagged tag in the HTML could be
// fetched by the preload scanner before any script runs, see static.test.mjs).
const page = () => dropIn({
  policy: POLICY,
  body: `<main><h1>Shop</h1></main><script>var x = document.createElement('script'); x.src = ${JSON.stringify(GA)}; document.head.appendChild(x);</script>`,
});
const BANNER = '[data-consentry="banner"]';
const DIALOG = '[data-consentry="dialog"]';
const UNAVAILABLE = '[data-consentry="details-unavailable"]';
const isData = (r) => r.path.split('?')[0] === '/consentry-dialog.json';

test('a returning visitor fetches no dialog data until the preferences open; then once, and the details show', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  await s.page.locator(`${BANNER} [data-consentry="reject-all"]`).click();
  await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');

  const mark = s.mark();
  await s.reload();
  await s.ready();
  assert.equal(await s.page.evaluate(() => window.consentry.engine.dialogDataNeeded), true, 'the wasm has no dialog data');
  await s.settle(1500); // past any idle time: no banner, so nothing to prefetch
  assert.deepEqual(s.since(mark, isData), [], 'no dialog data before the preferences are opened');

  await s.page.evaluate(() => window.consentry.showPreferences());
  const dialog = s.page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(s.since(mark, isData).length, 1, 'fetched once, when the dialog opened');
  assert.equal(await dialog.locator(UNAVAILABLE).count(), 0);
  const ga = dialog.locator('[data-consentry-service="google-analytics"]');
  assert.match(await ga.textContent(), /Google LLC/, 'the provider came with the data');
  assert.equal(await ga.locator('a[href="https://policies.google.com/privacy"]').count(), 1);
  assert.ok(await ga.locator('[data-consentry-lifetime]').count() > 0, 'cookie lifetimes');
  assert.equal(await dialog.locator('h2').textContent(), 'Privacy preferences');

  // Opened again: no second request.
  await s.page.keyboard.press('Escape');
  await s.page.evaluate(() => window.consentry.showPreferences());
  await dialog.waitFor({ state: 'visible' });
  assert.equal(s.since(mark, isData).length, 1);
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('first visit: the data is fetched at idle after the banner shows and installed only when the dialog opens', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  await s.waitForHit(isData, 5000);
  await s.settle(500);
  // Installing is main-thread work a visitor who never opens the dialog does not pay.
  assert.equal(await s.page.evaluate(() => window.consentry.engine.dialogDataNeeded), true, 'fetched, not installed');
  await s.page.locator(`${BANNER} [data-consentry="preferences"]`).click();
  const dialog = s.page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await s.page.evaluate(() => window.consentry.engine.dialogDataNeeded), false);
  assert.match(await dialog.locator('[data-consentry-service="google-analytics"]').textContent(), /Google LLC/);
  assert.equal(s.hits(isData).length, 1, 'the prefetched data, not a second request');
});

for (const [name, serve] of [
  ['a 404', () => ({ status: 404, body: 'not found', type: 'text/plain' })],
  ['a file whose hash differs (SRI)', () => ({ body: '{"format":"consentry-dialog","v":1}', type: 'application/json' })],
]) {
  test(`when the dialog data fails (${name}) the dialog says so, and Reject all, the switches and Accept all still work`, T, async (t) => {
    const s = await launch(t);
    s.site.route('/consentry-dialog.json', serve());
    await s.open(page());
    await s.page.locator(`${BANNER} [data-consentry="preferences"]`).click();
    const dialog = s.page.locator(DIALOG);
    await dialog.waitFor({ state: 'visible' });
    assert.ok(s.hits(isData).length >= 1, 'the data was requested');
    const note = dialog.locator(UNAVAILABLE);
    assert.equal(await note.count(), 1, 'the dialog says its details could not be loaded');
    assert.match(await note.textContent(), /could not be loaded/);
    assert.equal(await note.getAttribute('role'), 'status');
    assert.doesNotMatch(await dialog.textContent(), /Google LLC/, 'no details without the data');
    // The English dialog texts are in the engine: the switches keep their labels.
    assert.equal(await dialog.locator('label[for="consentry-cat-performance"]').textContent(), 'Performance and analytics');

    await dialog.locator('[data-consentry="reject-all"]').click();
    await s.page.waitForFunction(() => window.consentry.getConsent().stored === 'valid');
    const c = await s.get('getConsent');
    assert.equal(c.categories.performance, false);
    assert.equal(c.categories.targeting, false);
    await s.settle(300);
    assert.equal(s.hits('www.google-analytics.com').length, 0, 'no tracker loads');

    // The switches: performance on, saved.
    await s.page.evaluate(() => window.consentry.showPreferences());
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator(UNAVAILABLE).count(), 1);
    await dialog.locator('#consentry-cat-performance').check();
    await dialog.locator('[data-consentry="save"]').click();
    await s.page.waitForFunction(() => window.consentry.getConsent().categories.performance === true);
    assert.equal((await s.get('getConsent')).categories.targeting, false, 'only what was switched on');
    await s.waitForHit('www.google-analytics.com');

    // Accept all.
    await s.page.evaluate(() => window.consentry.showPreferences());
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('[data-consentry="accept-all"]').click();
    await s.page.waitForFunction(() => window.consentry.getConsent().categories.targeting === true);
  });
}

test('the ES module fetches the dialog data beside itself, checked against its hash', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY, runtime: false, head: `<script type="module">
    import { start } from '/consentry.mjs';
    await start();
    window.__started = true;
  </script>` }), { ready: false });
  await s.page.waitForFunction(() => window.__started === true);
  await s.page.evaluate(() => window.consentry.showPreferences());
  const dialog = s.page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible' });
  assert.ok(s.hits(isData).length >= 1);
  assert.equal(await dialog.locator(UNAVAILABLE).count(), 0);
  assert.match(await dialog.locator('[data-consentry-service="google-analytics"]').textContent(), /Google LLC/);
});

// The files fetched after start-up come from beside consentry.js, wherever a
// `<base>` points later: `src` resolves against the document's current base
// each time it is read, and the build before fetched the dialog's data from
// the base's host (a tracker's, in the page-code case) and failed its hash.
for (const [how, html, code] of [
  ['in the HTML after the drop-in', '<base href="https://www.facebook.com/">', ''],
  ['inserted by page code', '', `<script>var b = document.createElement('base'); b.href = 'https://www.facebook.com/'; document.head.appendChild(b);</script>`],
]) {
  test(`a <base> ${how} does not move the dialog's data to its host`, T, async (t) => {
    const s = await launch(t);
    await s.open(dropIn({ head: html, body: `<p>x</p>${code}` }));
    await s.page.evaluate(() => window.consentry.showPreferences());
    const dialog = s.page.locator(DIALOG);
    await dialog.waitFor({ state: 'visible' });
    await s.page.waitForFunction(() => !window.consentry.engine.dialogDataNeeded);
    assert.equal(await dialog.locator(UNAVAILABLE).count(), 0, 'the data was installed');
    assert.ok(s.hits(isData).length >= 1, 'fetched from the site');
    assert.deepEqual(s.hits('www.facebook.com').map((r) => r.path), [], 'nothing from the base\'s host');
  });
}
