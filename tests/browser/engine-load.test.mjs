// How the guard loads the engine: consentry-engine.js and consentry_bg.wasm
// from beside consentry.js, each checked against the hash the build put in
// the guard; the wasm compiled while it streams, or from its bytes when the
// server sends another content type; and only the engine script the guard
// inserted can take over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, dropIn, DIST, T } from './harness.mjs';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-1';
const PAGE = dropIn({
  policy: { categories: [{ id: 'performance', services: ['google-analytics'] }] },
  body: `<script type="text/plain" data-category="performance" src="${GTAG}"></script>`,
});
const wasm = () => readFileSync(path.join(DIST, 'consentry_bg.wasm'));

for (const type of ['application/wasm', 'application/octet-stream']) {
  test(`the wasm served as ${type} compiles and the engine enforces`, T, async (t) => {
    const s = await launch(t);
    s.site.route('/consentry_bg.wasm', { body: wasm(), type });
    await s.open(PAGE);
    await s.settle(300);
    assert.deepEqual(s.hits('www.googletagmanager.com'), [], 'requested before consent');
    await s.call('acceptAll');
    await s.waitForHit('www.googletagmanager.com');
    assert.deepEqual(s.pageErrors, []);
  });
}

test('a tampered engine script or wasm is refused by its integrity hash: the guard fails closed', T, async (t) => {
  for (const [file, body, type] of [
    ['/consentry-engine.js', readFileSync(path.join(DIST, 'consentry-engine.js'), 'utf8') + '\n;window.__tampered = 1;', 'text/javascript'],
    ['/consentry_bg.wasm', Buffer.concat([wasm(), Buffer.from([0])]), 'application/wasm'],
  ]) {
    const s = await launch(t);
    s.site.route(file, { body, type });
    await s.open(PAGE, { ready: false });
    await s.settle(800);
    assert.ok(s.errors().some((e) => /integrity/i.test(e)), `${file}: the browser says why: ${s.errors()}`);
    assert.ok(s.errors().some((e) => /engine could not start/.test(e)), `${file}: Consentry says so`);
    assert.equal(await s.page.evaluate(() => window.__tampered), undefined);
    assert.equal(await s.page.evaluate(() => window.consentry.acceptAll().then(() => 'accepted', () => 'refused')), 'refused');
    assert.deepEqual(s.hits('www.googletagmanager.com'), []);
    await s.close();
  }
});

test('page code cannot take the guard\'s handle: only the engine script it inserted can', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ body: `<script>
    window.__stolen = 'no';
    if (window.__consentryBoot) window.__consentryBoot(function (G) { window.__stolen = typeof G; });
  </script>` }));
  assert.equal(await s.page.evaluate(() => window.__stolen), 'no');
  assert.equal(await s.page.evaluate(() => '__consentryBoot' in window), false, 'gone once the engine took it');
  assert.equal(await s.page.evaluate(() => window.consentry.ready), true);
});

// The guard's functions all run while it starts: the build marks consentry.js
// for eager compilation (`//# allFunctionsCalledOnLoad`), so Chromium compiles
// them on the thread that streams the script rather than one by one on the
// main thread, in the parser-blocking part of the page's load (measured: the
// guard's synchronous time 2.4-2.8 → 1.3-1.4 ms, bench-guard.mjs 21).
test('the guard is compiled with its script, not function by function on the main thread, nor reparsed', T, async (t) => {
  const s = await launch(t);
  s.site.page('/page.html', dropIn({ body: '<p>x</p>' }));
  const browser = s.context.browser();
  await browser.startTracing(s.page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.compile'] });
  await s.goto('/page.html');
  await s.ready();
  const ev = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
  const run = ev.find((e) => e.name === 'EvaluateScript' && /\/consentry\.js$/.test(e.args?.data?.url || ''));
  assert.ok(run, 'the guard ran');
  const during = (name) => ev.filter((e) => e.name === name && e.pid === run.pid && e.tid === run.tid
    && e.ts >= run.ts && e.ts < run.ts + run.dur).length;
  // Without the hint: ~100 lazy compilations in this window.
  assert.ok(during('V8.CompileCode') < 10, `functions compiled lazily while the guard ran: ${during('V8.CompileCode')}`);
  assert.match(readFileSync(path.join(DIST, 'consentry.js'), 'utf8'), /^\/\/# allFunctionsCalledOnLoad\n/);
  // The loader's requests start from a microtask: DevTools' initiator stack
  // for them no longer makes V8 reparse the whole file (a ParseProgram) for
  // its source positions inside the blocking evaluation.
  assert.equal(during('V8.ParseProgram'), 0, 'the file was reparsed while it blocked the parser');
});

// The engine's start-up task runs most of its functions for the first time
// (policy, cookies, the held elements, the banner): the build marks
// consentry-engine.js for eager compilation too, so Chromium compiles them
// while it streams the script (off the main thread) instead of ~75 lazily
// inside that task (measured: 14.6 → 1.4 ms of main-thread compilation per
// first view, the task 24 → 14 ms, medians of 9 interleaved cold loads).
test('the engine is compiled with its script, not function by function in its start-up task', T, async (t) => {
  const s = await launch(t);
  s.site.page('/page.html', PAGE);
  const browser = s.context.browser();
  await browser.startTracing(s.page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.compile', 'blink.user_timing'] });
  await s.goto('/page.html');
  await s.ready();
  const ev = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
  const mark = (name) => ev.find((e) => e.name === `consentry:${name}`);
  const [start, end] = [mark('engine-start'), mark('engine-end')];
  assert.ok(start && end, 'the engine marked its start-up');
  const compiled = ev.filter((e) => e.name === 'V8.CompileCode' && e.pid === start.pid && e.tid === start.tid
    && e.ts >= start.ts && e.ts < end.ts).length;
  // Without the hint: ~75 here.
  assert.ok(compiled < 15, `functions compiled lazily while the engine started: ${compiled}`);
  assert.match(readFileSync(path.join(DIST, 'consentry-engine.js'), 'utf8'), /^\/\/# allFunctionsCalledOnLoad\n/);
});
