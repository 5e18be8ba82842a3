// A Partitioned tracker cookie is another cookie than the unpartitioned one
// of its name: the clean-up deletes both (session 23's second sweep: every
// deletion had missed it, Chromium and Firefox). Served on http://localhost,
// a secure context where Secure, so Partitioned, cookies can be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launchLocalChromium, dropIn, DIST, T } from './harness.mjs';

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
async function site(pages) {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://localhost').pathname;
    if (pages[p]) { res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }); return res.end(pages[p]); }
    const f = path.join(DIST, p);
    if (f.startsWith(DIST + path.sep) && existsSync(f)) {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(f)] || 'application/octet-stream' });
      return res.end(readFileSync(f));
    }
    res.writeHead(404); res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://localhost:${server.address().port}` };
}

async function open(t, body = '') {
  const { server, origin } = await site({ '/page.html': dropIn({ body }) });
  const browser = await launchLocalChromium();
  t.after(async () => { await browser.close(); server.close(); });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/page.html');
  const ready = () => page.waitForFunction(() => window.consentry && window.consentry.ready === true);
  await ready();
  const jar = async () => (await context.cookies()).filter((c) => /^(_ga|_fbp|_gcl_au|_hj.*)$/.test(c.name))
    .map((c) => `${c.name}${c.partitionKey ? ' (partitioned)' : ''}`).sort();
  return { page, context, ready, jar };
}

test('withdraw() deletes a Partitioned _ga the page wrote while granted', T, async (t) => {
  const { page, ready, jar } = await open(t);
  await page.evaluate(() => window.consentry.acceptAll());
  await page.evaluate(() => { document.cookie = '_ga=GA1.1.123.456; path=/; Secure; SameSite=None; Partitioned; max-age=3600'; });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await jar(), ['_ga (partitioned)'], 'setup: written while granted');
  await page.evaluate(() => window.consentry.withdraw());
  assert.equal(await page.evaluate(() => window.consentry.getConsent().categories.performance), false, 'setup: withdrawn');
  await new Promise((r) => setTimeout(r, 2000));
  const at2s = await jar();
  await page.reload(); await ready();
  await new Promise((r) => setTimeout(r, 1500));
  const seen = await page.evaluate(() => document.cookie);
  console.log({ at2s, afterReload: await jar(), seen });
  assert.deepEqual(at2s, [], 'the withdrawn service\'s cookie is deleted');
  assert.deepEqual(await jar(), [], 'and stays deleted after the engine starts again');
});

test('a Partitioned _ga written before the engine starts, with no consent ever given, is deleted by the start-up clean-up', T, async (t) => {
  const { page, ready, jar } = await open(t, `<script>
    document.cookie = '_ga=GA1.1.9.9; path=/; Secure; SameSite=None; Partitioned; max-age=3600';
  </script>`);
  assert.equal(await page.evaluate(() => window.consentry.getConsent().categories.performance), false, 'setup: no consent');
  await new Promise((r) => setTimeout(r, 2000));
  const at2s = await jar();
  await page.reload(); await ready();
  await new Promise((r) => setTimeout(r, 1500));
  console.log({ at2s, afterReload: await jar() });
  assert.deepEqual(at2s, []);
  assert.deepEqual(await jar(), []);
});
