// document.write of tracker markup, and connections page code opens itself
// (EventSource, WebSocket) to tracker hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, marker, T, CAN } from './harness.mjs';

const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const LIB = 'https://cdn.allowed.example/lib.js';

test('document.write of a tracker script: zero requests before consent, runs once after', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({
    body: `<div id="w"><script>document.write('<script src="${FB}"><\\/script><p id="after">written</p>');
      document.writeln('<script src="${LIB}"><\\/script>');</script></div>
      <script>window.__parsed = (window.__order || []).slice();</script>`,
  }));
  await s.settle(400);
  assert.deepEqual(s.hits('connect.facebook.net'), [], `requested before consent:\n${s.log()}`);
  assert.deepEqual(await s.page.evaluate(() => window.__parsed), [marker(LIB)], 'an allowed written script runs in place');
  assert.equal(await s.page.textContent('#after'), 'written', 'the rest of the written markup is kept');
  const held = await s.page.$eval(`script[data-consentry-src="${FB}"], script[src="${FB}"]`,
    (e) => [e.type, e.getAttribute('data-consentry')]);
  assert.deepEqual(held, ['text/plain', 'no-consent']);
  if (CAN.initScript) assert.ok((await s.events()).includes('blocked'));

  await s.call('acceptAll');
  assert.deepEqual(await s.waitForOrder(2), [marker(LIB), marker(FB)]);
  await s.settle(300);
  assert.equal(s.hits('connect.facebook.net').length, 1, 'fetched once');
  if (CAN.console) assert.deepEqual(s.errors(), []);
});

test('EventSource and WebSocket to blocked hosts are refused before consent, allowed after', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn());
  const open = (url) => s.page.evaluate((u) => {
    const r = {};
    for (const C of [EventSource, WebSocket]) {
      try {
        const c = new C(C === WebSocket ? u.replace('https:', 'wss:') : u);
        r[C.name] = c instanceof C ? 'opened' : 'odd';
        c.close();
      } catch (e) { r[C.name] = e.name; }
    }
    return r;
  }, url);
  assert.deepEqual(await open('https://www.google-analytics.com/stream?v=1'), { EventSource: 'SecurityError', WebSocket: 'SecurityError' });
  assert.deepEqual(await open('https://cdn.allowed.example/stream'), { EventSource: 'opened', WebSocket: 'opened' });
  assert.equal(await s.page.evaluate(() => WebSocket.OPEN), 1, 'static constants kept');
  assert.equal(await s.page.evaluate(() => { try { WebSocket('wss://x.example/'); return 'called'; } catch (e) { return e.name; } }), 'TypeError');
  await s.settle(300);
  assert.deepEqual(s.hits('www.google-analytics.com'), [], `requested before consent:\n${s.log()}`);

  await s.call('acceptAll');
  assert.deepEqual(await open('https://www.google-analytics.com/stream?v=2'), { EventSource: 'opened', WebSocket: 'opened' });
  await s.page.evaluate(() => { window.__es = new EventSource('https://www.google-analytics.com/stream?v=3'); });
  await s.waitForHit('www.google-analytics.com/stream?v=3');
});
