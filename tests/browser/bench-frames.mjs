// What the guard costs per iframe, in a Chromium with no DevTools protocol
// attached (not a test):
//
//   node tests/browser/bench-frames.mjs [runs] [frames] [held]  (default 9, 5)
//   CONSENTRY_DIST=/path/to/dist node tests/browser/bench-frames.mjs
//
// The guard reaches every frame's realm to patch it before page code can use
// its pristine APIs (`window[i]` reaches a frame's initial about:blank
// synchronously): Chromium creates that realm on first reach, then the guard
// patches it. Every CDP client (Playwright, Lighthouse) adds its own work to
// each realm created, so this bench runs Chromium bare: a local server serves
// the page and the build, and the page posts its own timings back.
//
// The page parses `frames` iframes whose src is cross-origin (the other
// loopback name; answered after 300 ms, as a third party over a network
// would be), between two inline scripts; the second runs after
// the microtask checkpoint in which the guard's observer handles them. Loaded
// without and with the drop-in first in <head>, by turns, `runs` fresh
// profiles each. Reported: the medians of the time between the two scripts
// (parse + the guard's work on the frames), the difference per frame, and the
// guard's own synchronous time (its performance marks). The engine's files
// are answered only once the page has reported, so that its start-up never
// lands between the two scripts.
//
// With `held`, the frames are a tracker's embeds (www.youtube.com, resolved
// to the local server): the guard holds each and parks it out of the
// document before any page script runs, so their realms are never created.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, DIST } from './harness.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '9', 10) || 9);
const FRAMES = Math.max(1, Number.parseInt(process.argv[3] || '5', 10) || 5);
const HELD = process.argv[4] === 'held';

const page = (port, guard) => `<!doctype html><html><head><meta charset="utf-8">
${guard ? '<script src="/consentry.js"></script>' : ''}
</head><body><script>window.__t0 = performance.now();</script>
${Array.from({ length: FRAMES }, (_, i) => `<iframe src="http://${HELD ? 'www.youtube.com' : 'localhost'}:${port}/frame${i}"></iframe>`).join('\n')}
<script>window.__t1 = performance.now();</script>
<script>
  var g = null;
  try { g = performance.measure('g', 'consentry:guard-start', 'consentry:guard-end').duration; } catch (e) { /* no drop-in */ }
  fetch('/result?' + encodeURIComponent(JSON.stringify({ frames: __t1 - __t0, guard: g })));
</script>
</body></html>`;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

async function load(guard) {
  let done;
  const later = [];
  const result = new Promise((resolve) => { done = resolve; });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/result') { res.end(); later.forEach((f) => f()); done(JSON.parse(decodeURIComponent(url.search.slice(1)))); return; }
    if (url.pathname === '/') { res.setHeader('content-type', 'text/html'); res.end(page(server.address().port, guard)); return; }
    // As over a real network, the frames' documents arrive after the parser
    // has handled them (a local answer can commit first, and then the guard
    // meets a cross-origin window it cannot and need not patch).
    if (url.pathname.startsWith('/frame')) { setTimeout(() => { res.setHeader('content-type', 'text/html'); res.end('<p>a frame</p>'); }, 300); return; }
    // The engine (fetched asynchronously by the drop-in) is answered only
    // after the page has reported: its start-up is not a frame's cost, and a
    // prompt answer let it run between the two scripts of a slow parse.
    if (/^\/consentry(-engine\.js|_bg\.wasm|-dialog\.json)$/.test(url.pathname)) { later.push(() => serve(url, res)); return; }
    serve(url, res);
  });
  function serve(url, res) {
    try {
      const body = readFileSync(path.join(DIST, path.basename(url.pathname)));
      res.setHeader('content-type', types[path.extname(url.pathname)] || 'application/octet-stream');
      res.end(body);
    } catch { res.statusCode = 404; res.end(); }
  }
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const profile = mkdtempSync(path.join(tmpdir(), 'consentry-frames-'));
  const browser = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-site-isolation-trials', `--user-data-dir=${profile}`,
    '--host-resolver-rules=MAP www.youtube.com 127.0.0.1', `http://127.0.0.1:${server.address().port}/`], { stdio: 'ignore' });
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no result in 20 s')), 20_000));
  try {
    return await Promise.race([result, timeout]);
  } finally {
    const exited = new Promise((r) => browser.once('exit', r));
    browser.kill('SIGKILL');
    await exited;
    server.close();
    // Its helper processes may still be writing the profile for a moment.
    try { rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); } catch { /* left in tmp */ }
  }
}

const median = (xs) => { const a = xs.slice().sort((x, y) => x - y); return a[a.length >> 1]; };
const res = { bare: [], guard: [] };
await load(false); await load(true); // warm-up, discarded
for (let i = 0; i < RUNS; i++) {
  for (const guard of i % 2 ? [true, false] : [false, true]) res[guard ? 'guard' : 'bare'].push(await load(guard));
}
const bare = median(res.bare.map((r) => r.frames)), withGuard = median(res.guard.map((r) => r.frames));
console.log(`${FRAMES} parser-inserted cross-origin iframes${HELD ? ' of a tracker (held)' : ''}, ${RUNS} loads each, no CDP (timer resolution 0.1 ms):`);
console.log(`  parse, no drop-in:      median ${bare.toFixed(1)} ms`);
console.log(`  parse, with the guard:  median ${withGuard.toFixed(1)} ms`);
console.log(`  the guard per frame:    ${((withGuard - bare) / FRAMES).toFixed(2)} ms (${HELD ? 'held and parked' : 'its realm created and patched'})`);
console.log(`  the guard's own synchronous time: median ${median(res.guard.map((r) => r.guard)).toFixed(2)} ms`);
process.exit(0);
