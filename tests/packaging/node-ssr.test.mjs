// examples/node-ssr with the packed consentry installed: the server decides
// per request (no cookie, consent cookie, Sec-GPC: 1) and renders trackers
// live or held; the drop-in it serves releases held ones on Accept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import test from 'node:test';
import { installed, ROOT } from './pack.mjs';
import { launch, T } from '../browser/harness.mjs';

const dir = installed('node-ssr', path.join(ROOT, 'examples/node-ssr'));
const GA = 'https://www.google-analytics.com/analytics.js';
const PIXEL = 'https://connect.facebook.net/en_US/fbevents.js';

const server = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (b) => {
    out += b;
    const m = out.match(/listening on (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`server.js exited (${code}): ${out}`)));
});
test.after(() => server.kill());

async function get(headers = {}) {
  const res = await fetch(origin + '/', { headers });
  assert.equal(res.status, 200);
  return { html: await res.text(), res };
}
const held = (src) => new RegExp(`<script type="text/plain" data-category="[a-z]+" data-service="[a-z-]+" src="${src}"></script>`);
const live = (src) => new RegExp(`<script async data-category="[a-z]+" data-service="[a-z-]+" src="${src}"></script>`);
const decisionOf = (html, service) => html.match(new RegExp(`data-service="${service}">[^<]*<code>([^<]+)</code>`))?.[1];

test('first visit: every tracker held, banner needed', async () => {
  const { html, res } = await get();
  assert.match(html, /data-regime="opt-in" data-banner="true"\s+data-stored="none" data-gpc="false"/);
  assert.match(html, held(GA));
  assert.match(html, held(PIXEL));
  assert.doesNotMatch(html, /<script async/);
  assert.equal(decisionOf(html, 'google-analytics'), 'block:no-consent');
  assert.match(html, /<script type="application\/json" id="consentry-server">\{"region":null,"regime":"opt-in","gpc":false,"banner":true\}<\/script>/);
  assert.match(res.headers.get('vary'), /Cookie/);
});

test('Sec-GPC: 1 refuses targeting by GPC', async () => {
  const { html } = await get({ 'Sec-GPC': '1' });
  assert.match(html, /data-gpc="true"/);
  assert.equal(decisionOf(html, 'meta-pixel'), 'block:gpc');
  assert.equal(decisionOf(html, 'google-analytics'), 'block:no-consent');
  const { html: zero } = await get({ 'Sec-GPC': '0' });
  assert.equal(decisionOf(zero, 'meta-pixel'), 'block:no-consent', 'only the value 1 counts');
});

test('Accept in the browser releases held tags; the server then renders them live, GPC still refuses targeting', T, async (t) => {
  const s = await launch(t, { runtime: false, upstream: origin });
  await s.goto('/');
  await s.ready();
  await s.settle(300);
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'held before consent');
  assert.deepEqual(s.hits('connect.facebook.net'), []);
  await s.page.click('[data-consentry="banner"] [data-consentry="accept-all"]');
  await s.waitForHit('www.google-analytics.com');
  await s.waitForHit('connect.facebook.net');
  assert.equal(s.hits((r) => r.path === '/').length, 1, 'released in place, no reload');
  const [cookie] = await s.cookie('consentry');
  assert.ok(cookie, 'the drop-in stored the choice');

  const { html } = await get({ Cookie: `theme=dark; consentry=${cookie.value}` });
  assert.match(html, /data-banner="false"\s+data-stored="valid"/);
  assert.match(html, live(GA));
  assert.match(html, live(PIXEL));
  assert.equal(decisionOf(html, 'meta-pixel'), 'allow:granted');

  const { html: gpc } = await get({ Cookie: `consentry=${cookie.value}`, 'Sec-GPC': '1' });
  assert.match(gpc, live(GA));
  assert.match(gpc, held(PIXEL));
  assert.equal(decisionOf(gpc, 'meta-pixel'), 'block:gpc', 'a grant made without GPC yields to it');

  const { html: tampered } = await get({ Cookie: `consentry=${cookie.value.slice(0, -2)}` });
  assert.match(tampered, /data-stored="invalid"/);
  assert.match(tampered, held(GA));
});
