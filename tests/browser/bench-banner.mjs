// Time to banner, and the consent UI's share of the drop-in (not a test).
//
//   node tests/browser/bench-banner.mjs [runs]     (default 20)
//
// The shop page of shop-page.mjs (header, hero, YouTube embed, product cards,
// tagged trackers, its own CSS) with the drop-in first in <head>, loaded
// `runs` times, each in a fresh browser context (first visit: no cookie, so
// the banner is due), after one discarded warm-up load. Everything is served
// over loopback by the harness with `Cache-Control: no-store`, so each load
// downloads the whole drop-in again.
//
// An init script (before any page script) watches the DOM with a
// MutationObserver and records performance.now() (ms since navigation start)
// when `[data-consentry="banner"]` is in the DOM with a nonzero size, then the
// next animation frame after it. Inline scripts right before and right after
// the drop-in's <script src> mark when the parser reached it and when it had
// run; Resource Timing gives when its download ended. Columns (medians, ms):
//
//   nav→banner      navigation start → banner in the DOM with a size
//   nav→frame       navigation start → first animation frame after that
//   end→inserted    end of the drop-in script's execution → banner element seen
//                   in the DOM (when the observer's callback ran: an upper bound)
//   end→banner      end of the drop-in script's execution → banner with a size
//                   (target ≤ 50). The difference to end→inserted is the page's
//                   first style and layout, forced by the size check: work the
//                   browser does before any first paint, banner or not.
//   drop-in exec    download done (or parser arrival, if later) → end of execution:
//                   parse + wasm compile + runtime start
//   FCP             first contentful paint; a banner laid out before it is in
//                   the first paint the visitor sees
//
// Then the UI's share of the drop-in's size: brotli -q 11 of pkg/src/ui.js and
// pkg/src/consentry.css against the whole pkg/dist/consentry.js.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT, RUNTIME } from './harness.mjs';
import { shopPage } from './shop-page.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '20', 10) || 20);
const TAG = '<script src="/consentry.js"></script>';

const WATCH = `(() => {
  const b = window.__bench = {};
  const check = () => {
    const el = document.querySelector('[data-consentry="banner"]');
    if (!el) return;
    if (b.inserted === undefined) b.inserted = performance.now();
    const r = el.getBoundingClientRect(); // forces style and layout: the first of the page
    if (!(r.width > 0 && r.height > 0)) return;
    b.banner = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => { b.frame = performance.now(); });
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
})();`;

const PAGE = shopPage({ head: '<script>window.__bench.end = performance.now();</script>' })
  .replace(TAG, `<script>window.__bench.start = performance.now();</script>${TAG}`);
if (!/<script src="\/consentry\.js"><\/script>\s*<script>window\.__bench\.end/.test(PAGE)) throw new Error('the end mark must follow the drop-in directly');

async function measure() {
  const s = await launch();
  try {
    await s.page.addInitScript(WATCH);
    s.site.page('/bench.html', PAGE);
    await s.goto('/bench.html');
    await s.page.waitForFunction(() => window.__bench.frame !== undefined && window.__bench.fcp !== undefined, null, { timeout: 10_000 });
    return await s.page.evaluate(() => {
      const b = window.__bench;
      const res = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/consentry.js'));
      return {
        navBanner: b.banner, navFrame: b.frame, endInserted: b.inserted - b.end, endBanner: b.banner - b.end,
        exec: b.end - Math.max(res ? res.responseEnd : 0, b.start), fcp: b.fcp,
      };
    });
  } finally {
    await s.close();
  }
}

const median = (xs) => {
  const a = xs.slice().sort((x, y) => x - y), h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
};

const brotli = (input) => execFileSync('brotli', ['-q', '11', '-c'], { input, maxBuffer: 64 << 20 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const keeper = await launch(); // holds the shared browser open between runs
  const runs = [];
  try {
    await measure(); // warm-up, discarded
    for (let i = 0; i < RUNS; i++) runs.push(await measure());
  } finally {
    await keeper.close();
  }

  const cols = [['nav→banner', 'navBanner'], ['nav→frame', 'navFrame'], ['end→inserted', 'endInserted'], ['end→banner', 'endBanner'],
    ['drop-in exec', 'exec'], ['FCP', 'fcp']];
  console.log(`time to banner, ${RUNS} runs (fresh context each, first visit), ms`);
  console.log(`${''.padEnd(8)}${cols.map(([n]) => n.padStart(14)).join('')}`);
  const row = (name, f) => console.log(`${name.padEnd(8)}${cols.map(([, k]) => f(runs.map((r) => r[k])).toFixed(1).padStart(14)).join('')}`);
  row('median', median);
  row('min', (xs) => Math.min(...xs));
  row('max', (xs) => Math.max(...xs));
  const early = runs.filter((r) => r.navBanner < r.fcp).length;
  console.log(`banner laid out before the first contentful paint (so in it: no flash) in ${early} of ${RUNS} runs`);

  const src = (f) => readFileSync(path.join(ROOT, 'pkg/src', f));
  const [ui, css, runtime] = [src('ui.js'), src('consentry.css'), src('runtime.js')];
  const whole = readFileSync(RUNTIME);
  const sizes = [
    ['pkg/src/ui.js', ui], ['pkg/src/consentry.css', css], ['ui.js + consentry.css (one stream)', Buffer.concat([css, ui])],
    ['pkg/src/runtime.js (for reference)', runtime], [path.relative(ROOT, RUNTIME), whole],
  ].map(([name, buf]) => [name, buf.length, brotli(buf)]);
  console.log('\nsize (brotli -q 11)');
  for (const [name, raw, br] of sizes) console.log(`${name.padEnd(40)}${kb(raw).padStart(11)} raw${kb(br).padStart(10)} br`);
  const uiBr = sizes[2][2], wholeBr = sizes[4][2];
  console.log(`UI share of the drop-in: ${kb(uiBr)} of ${kb(wholeBr)} = ${(100 * uiBr / wholeBr).toFixed(1)} % (brotli)`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
