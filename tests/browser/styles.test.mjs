// A <style> in the server's held form (consentry-server's rewriter writes
// it so: the refused URLs made empty in the live sheet, the original text in
// data-consentry-css): the engine puts back what consent allows, in place,
// each URL loading once, in every engine (the server side is server.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const POLICY = { categories: [
  { id: 'functionality', services: ['google-fonts'] },
  { id: 'targeting', services: ['meta-pixel'] },
] };
const FONTS_CSS = 'https://fonts.googleapis.com/css2?family=Inter';
const AD = 'https://www.facebook.com/tr?id=1&ev=bg';
const ORIGINAL = `@import url(${FONTS_CSS});#own{color:rgb(1, 2, 3)}.ad{background:url(${AD})}`;
const attr = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const PAGE = dropIn({ policy: POLICY, head: `<style data-consentry="no-consent" data-consentry-service="google-fonts" data-consentry-css="${attr(ORIGINAL)}">@import url();#own{color:rgb(1, 2, 3)}.ad{background:url()}</style>`,
  body: `<p id="own">Own rule</p><p id="imported">Imported rule</p><div class="ad" style="width:10px;height:10px"></div>` });
const HOSTS = ['fonts.googleapis.com', 'www.facebook.com'];
const sheet = (s) => s.page.evaluate(() => {
  const el = document.querySelector('head style');
  return { text: el.textContent, held: el.getAttribute('data-consentry'), service: el.getAttribute('data-consentry-service'),
    original: el.getAttribute('data-consentry-css') };
});
const colour = (s, id) => s.page.evaluate((i) => getComputedStyle(document.getElementById(i)).color, id);

test('a server-held <style>: nothing before consent, what a category allows after it, the sheet as written after Accept all', T, async (t) => {
  const s = await launch(t);
  // Cacheable, as Google's is: the sheet is set twice (functionality, then all).
  s.thirdParty.route(FONTS_CSS, { type: 'text/css', body: '#imported{color:rgb(4, 5, 6)}', headers: { 'Cache-Control': 'max-age=3600' } });
  await s.open(PAGE);
  await s.settle(500);
  assert.deepEqual(s.hits((r) => HOSTS.includes(r.host)), [], `requested before consent:\n${s.log()}`);
  assert.equal(await colour(s, 'own'), 'rgb(1, 2, 3)', 'the site rule applies meanwhile');

  // Functionality: the fonts come back, the ad background stays inert and names its service.
  await s.call('setConsent', { categories: ['functionality'] });
  await s.waitForHit('fonts.googleapis.com/css2?family=Inter');
  await s.page.waitForFunction(() => getComputedStyle(document.getElementById('imported')).color === 'rgb(4, 5, 6)');
  assert.deepEqual(await sheet(s), { text: `@import url(${FONTS_CSS});#own{color:rgb(1, 2, 3)}.ad{background:url()}`,
    held: 'refused', service: 'meta-pixel', original: ORIGINAL });
  await s.settle(300);
  assert.deepEqual(s.hits('www.facebook.com'), [], 'the refused background stays out');

  await s.call('acceptAll');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=bg'))[0].url, AD);
  assert.deepEqual(await sheet(s), { text: ORIGINAL, held: null, service: null, original: null });
  assert.equal(await colour(s, 'own'), 'rgb(1, 2, 3)');
  await s.settle(300);
  for (const url of [FONTS_CSS, AD]) assert.equal(s.hits((r) => r.url === url).length, 1, `${url} requested once:\n${s.log()}`);

  // Withdrawn: at once, on this page, the sheet is held again (its imported
  // rules gone), and a new element styled by a refused URL loads nothing.
  await s.call('withdraw');
  assert.deepEqual(await sheet(s), { text: '@import url();#own{color:rgb(1, 2, 3)}.ad{background:url()}',
    held: 'refused', service: 'google-fonts', original: ORIGINAL });
  await s.page.waitForFunction(() => getComputedStyle(document.getElementById('imported')).color !== 'rgb(4, 5, 6)');
  const seen = s.hits(() => true).length;
  await s.page.evaluate(() => { const d = document.createElement('div'); d.className = 'ad'; d.style.cssText = 'width:9px;height:9px'; document.body.append(d); });
  await s.settle(300);
  assert.deepEqual(s.hits(() => true).slice(seen).filter((r) => HOSTS.includes(r.host)), [], 'nothing refused loads after the withdrawal');
});

test('a forged data-consentry-css is judged before it is applied: a refused URL in it stays inert', T, async (t) => {
  const s = await launch(t);
  const forged = `@import url(${FONTS_CSS});#own{color:rgb(7, 8, 9)}`;
  await s.open(dropIn({ policy: POLICY, head: `<style data-consentry-css="${attr(forged)}">#own{color:rgb(1, 2, 3)}</style>`,
    body: '<p id="own">Own rule</p>' }));
  await s.settle(500);
  assert.deepEqual(s.hits('fonts.googleapis.com'), [], `requested before consent:\n${s.log()}`);
  assert.equal((await sheet(s)).text, '@import url();#own{color:rgb(7, 8, 9)}');
});
