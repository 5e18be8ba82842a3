// (k) Events: consentry.on/off and the same events on document as
// CustomEvent('consentry:<name>'); a throwing listener does not stop others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T } from './harness.mjs';

const GA = 'https://www.google-analytics.com/analytics.js';
const POLICY = { categories: [{ id: 'performance', services: ['google-analytics'] }] };

/** Registers listeners in the page; a listener may get the detail or an Event carrying it. */
const listen = (s) => s.page.evaluate(() => {
  const log = (window.__log = []);
  const detail = (x) => (x instanceof Event ? x.detail : x);
  const c = window.consentry;
  for (const n of ['consent', 'change', 'blocked', 'released']) c.on(n, () => { throw new Error(`boom in ${n} listener`); });
  c.on('blocked', (x) => {
    const d = detail(x);
    log.push(['blocked', d.element === window.__inserted, d.reason, d.service]);
  });
  c.on('released', (x) => { const d = detail(x); log.push(['released', d.element instanceof HTMLScriptElement, d.service]); });
  c.on('consent', () => log.push(['consent']));
  window.__onChange = () => log.push(['change']);
  c.on('change', window.__onChange);
});
const count = (list, name) => list.filter((e) => (Array.isArray(e) ? e[0] : e) === name).length;
const pageLog = (s) => s.page.evaluate(() => window.__log);

test('blocked, consent, change and released fire through on() and on document', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY }));
  assert.equal(count(await s.events(), 'ready'), 1, 'consentry:ready fired once on document');
  await listen(s);

  await s.page.evaluate((src) => {
    const e = (window.__inserted = document.createElement('script'));
    e.src = src;
    document.head.appendChild(e);
  }, GA);
  await s.settle(300);
  assert.deepEqual(await pageLog(s), [['blocked', true, 'no-consent', 'google-analytics']],
    'blocked fired despite a throwing listener registered first');
  assert.equal(count(await s.events(), 'blocked'), 1, 'consentry:blocked on document');
  assert.deepEqual(s.hits('www.google-analytics.com'), []);

  await s.call('acceptAll');
  await s.waitForHit('www.google-analytics.com/analytics.js');
  await s.settle(300);
  let log = await pageLog(s);
  assert.equal(count(log, 'consent'), 1, 'consent fired once for the first choice');
  assert.equal(count(log, 'change'), 1, 'change fired once');
  assert.deepEqual(log.filter((e) => e[0] === 'released'), [['released', true, 'google-analytics']]);
  let doc = await s.events();
  for (const n of ['consent', 'change', 'released']) assert.equal(count(doc, n), 1, `consentry:${n} on document`);

  await s.call('setConsent', { categories: [] });
  log = await pageLog(s);
  assert.equal(count(log, 'change'), 2, 'change fired for the second choice');
  assert.equal(count(log, 'released'), 1);

  await s.page.evaluate(() => window.consentry.off('change', window.__onChange));
  await s.call('acceptAll');
  assert.equal(count(await pageLog(s), 'change'), 2, 'off() removed the listener');
  doc = await s.events();
  assert.equal(count(doc, 'change'), 3, 'document still gets every change');
});
