// Time to banner and to the preferences dialog, and the consent UI's share of
// the drop-in (not a test).
//
//   node tests/browser/bench-banner.mjs [runs]     (default 20)
//   CONSENTRY_DIST=/path/to/dist node tests/browser/bench-banner.mjs
//
// The shop page of shop-page.mjs (header, hero, YouTube embed, product cards,
// tagged trackers, its own CSS) with the drop-in first in <head>. Each run,
// after one discarded warm-up run, is a first visit (no cookie, so the banner
// is due) in a fresh browser context:
//
//   cold   the first load: an empty HTTP cache. Once it has loaded and the
//          banner is up, a click on the banner's Preferences button
//          ([data-consentry="preferences"]) opens the dialog.
//   warm   the same page again in the same context (a different query string,
//          so Chromium does not treat it as a reload and revalidate): the
//          build's files come from the HTTP cache. No choice was made, so the
//          banner is due again.
//
// Every file of the build (consentry.js and whatever it loads from the site
// root) is served with `Cache-Control: max-age` rather than the harness's
// `no-store`, so the warm load can use the cache; the page itself stays
// no-store.
//
// An init script (before any page script) watches the DOM with a
// MutationObserver and records performance.now() (ms since navigation start)
// when `[data-consentry="banner"]` is in the DOM with a non-empty layout box
// (checked again every animation frame once it is in the DOM, in case it is
// shown by a stylesheet arriving rather than by a mutation), then the next
// animation frame after it; likewise `[data-consentry="dialog"]` from the
// click (a capturing listener on window, so before the UI's own handler).
// It also records when the `consentry:ready` document event fires. Inline
// scripts right before and right after the drop-in's <script src> mark when
// the parser reached it and when it had run; Resource Timing gives when its
// download ended. Rows (ms; median, min, max):
//
//   nav→banner      navigation start → banner in the DOM with a layout box
//   nav→frame       navigation start → first animation frame after that
//   ready→banner    `consentry:ready` → banner laid out (negative: the banner
//                   was up before the runtime announced itself ready)
//   end→inserted    end of the drop-in script's execution → banner element seen
//                   in the DOM (when the observer's callback ran: an upper bound)
//   end→banner      end of the drop-in script's execution → banner laid out
//                   (target ≤ 50). The difference to end→inserted is the page's
//                   first style and layout, forced by the size check: work the
//                   browser does before any first paint, banner or not.
//   drop-in exec    download done (or parser arrival, if later) → end of execution
//                   of the synchronous <script src>
//   FCP             first contentful paint; a banner laid out before it is in
//                   the first paint the visitor sees
//   click→dialog    click on Preferences → dialog laid out
//   click→frame     click on Preferences → first animation frame after that
//
// Then the UI's share of the engine's size: brotli -q 11 of pkg/src/ui.js and
// pkg/src/consentry.css against the built files of the drop-in's two stages.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { launch, DIST, ROOT, RUNTIME } from './harness.mjs';
import { shopPage } from './shop-page.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '20', 10) || 20);
const TAG = '<script src="/consentry.js"></script>';
const BANNER = '[data-consentry="banner"]';
const PREFS = `${BANNER} [data-consentry="preferences"]`;
const DIALOG = '[data-consentry="dialog"]';
// Between the banner being up and the click: long enough for whatever the
// page still loads after `load` to finish, so the click measures the dialog's
// own cost. A visitor's first click comes seconds later anyway.
const CLICK_AFTER_MS = 300;

const WATCH = `(() => {
  const b = window.__bench = {};
  // Records b[key] when the first element matching sel has a non-empty layout
  // box, b[key + 'Inserted'] when it is first seen, b[key + 'Frame'] at the
  // next animation frame after it is laid out.
  const watch = (sel, key) => {
    let polling = false;
    const check = () => {
      if (b[key] !== undefined) return true;
      const el = document.querySelector(sel);
      if (!el) return false;
      if (b[key + 'Inserted'] === undefined) b[key + 'Inserted'] = performance.now();
      const r = el.getBoundingClientRect(); // forces style and layout (for the banner: the page's first)
      if (!(r.width > 0 && r.height > 0)) {
        if (!polling) { polling = true; poll(); }
        return false;
      }
      b[key] = performance.now();
      mo.disconnect();
      requestAnimationFrame(() => { b[key + 'Frame'] = performance.now(); });
      return true;
    };
    const poll = () => requestAnimationFrame(() => { if (!check()) poll(); });
    const mo = new MutationObserver(check);
    mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open'] });
    check();
  };
  watch(${JSON.stringify(BANNER)}, 'banner');
  document.addEventListener('consentry:ready', () => { if (b.ready === undefined) b.ready = performance.now(); });
  addEventListener('click', (e) => {
    if (b.click !== undefined || !(e.target.closest && e.target.closest(${JSON.stringify(PREFS)}))) return;
    b.click = performance.now();
    watch(${JSON.stringify(DIALOG)}, 'dialog');
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
})();`;

const PAGE = shopPage({ head: '<script>window.__bench.end = performance.now();</script>' })
  .replace(TAG, `<script>window.__bench.start = performance.now();</script>${TAG}`);
if (!/<script src="\/consentry\.js"><\/script>\s*<script>window\.__bench\.end/.test(PAGE)) throw new Error('the end mark must follow the drop-in directly');

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };
/** Every file of the build at the site root, as the harness serves them but cacheable. */
function serveBuild(s) {
  for (const f of readdirSync(DIST, { recursive: true })) {
    const file = path.join(DIST, f);
    if (!statSync(file).isFile()) continue;
    const type = TYPES[path.extname(f)] || 'application/octet-stream';
    s.site.route(`/${f.split(path.sep).join('/')}`, { body: readFileSync(file), type, headers: { 'Cache-Control': 'public, max-age=3600' } });
  }
}

/** One load of the page (in the page's current context), timed from its navigation start. */
async function load(s, url) {
  await s.goto(url);
  await s.page.waitForFunction(() => {
    const b = window.__bench;
    return b.bannerFrame !== undefined && b.fcp !== undefined && b.ready !== undefined;
  }, null, { timeout: 10_000 });
  return s.page.evaluate(() => {
    const b = window.__bench;
    const res = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/consentry.js'));
    return {
      navBanner: b.banner, navFrame: b.bannerFrame, readyBanner: b.banner - b.ready,
      endInserted: b.bannerInserted - b.end, endBanner: b.banner - b.end,
      exec: b.end - Math.max(res ? res.responseEnd : 0, b.start), fcp: b.fcp,
      // transferSize 0: served from the HTTP cache
      cached: !!res && res.transferSize === 0,
    };
  });
}

/** A fresh context: cold load, click on Preferences, then a warm load. */
async function measure() {
  const s = await launch();
  try {
    await s.page.addInitScript(WATCH);
    serveBuild(s);
    s.site.page('/bench.html', PAGE);
    const cold = await load(s, '/bench.html');
    await s.settle(CLICK_AFTER_MS);
    await s.page.click(PREFS);
    await s.page.waitForFunction(() => window.__bench.dialogFrame !== undefined, null, { timeout: 10_000 });
    Object.assign(cold, await s.page.evaluate(() => {
      const b = window.__bench;
      return { clickDialog: b.dialog - b.click, clickFrame: b.dialogFrame - b.click };
    }));
    const warm = await load(s, '/bench.html?warm');
    return { cold, warm };
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

  const rows = [
    ['cold', 'nav→banner', 'navBanner'], ['cold', 'nav→frame', 'navFrame'], ['cold', 'ready→banner', 'readyBanner'],
    ['cold', 'end→inserted', 'endInserted'], ['cold', 'end→banner', 'endBanner'], ['cold', 'drop-in exec', 'exec'],
    ['cold', 'FCP', 'fcp'],
    ['warm', 'nav→banner', 'navBanner'], ['warm', 'nav→frame', 'navFrame'], ['warm', 'ready→banner', 'readyBanner'],
    ['warm', 'end→banner', 'endBanner'], ['warm', 'drop-in exec', 'exec'], ['warm', 'FCP', 'fcp'],
    ['cold', 'click→dialog', 'clickDialog'], ['cold', 'click→frame', 'clickFrame'],
  ];
  console.log(`time to banner and dialog, ${RUNS} runs (fresh context each, first visit), ms`);
  console.log(`drop-in: ${RUNTIME}`);
  console.log(`${''.padEnd(20)}${['median', 'min', 'max'].map((h) => h.padStart(9)).join('')}`);
  for (const [which, name, k] of rows) {
    const xs = runs.map((r) => r[which][k]);
    console.log(`${`${which} ${name}`.padEnd(20)}${[median(xs), Math.min(...xs), Math.max(...xs)].map((x) => x.toFixed(1).padStart(9)).join('')}`);
  }
  for (const which of ['cold', 'warm']) {
    const early = runs.filter((r) => r[which].navBanner < r[which].fcp).length;
    console.log(`${which}: banner laid out before the first contentful paint (so in it: no flash) in ${early} of ${RUNS} runs`);
  }
  const cached = runs.filter((r) => r.warm.cached && !r.cold.cached).length;
  console.log(`consentry.js from the HTTP cache on the warm load and not on the cold one: ${cached} of ${RUNS} runs`);

  // The sources are the working tree's, the build may be another (CONSENTRY_DIST):
  // a source the build no longer has is left out rather than fatal.
  const src = (f) => path.join(ROOT, 'pkg/src', f);
  const dist = (f) => path.join(DIST, f);
  const files = [
    ['pkg/src/ui.js', src('ui.js')], ['pkg/src/consentry.css', src('consentry.css')],
    ['guard consentry.js (blocking)', dist('consentry.js')], ['consentry-engine.js (async)', dist('consentry-engine.js')],
    ['consentry_bg.wasm (async)', dist('consentry_bg.wasm')],
  ].filter(([, f]) => existsSync(f));
  const sizes = files.map(([name, f]) => { const buf = readFileSync(f); return [name, buf.length, brotli(buf)]; });
  console.log('\nsize (brotli -q 11)');
  if (existsSync(src('ui.js')) && existsSync(src('consentry.css'))) {
    const both = Buffer.concat([readFileSync(src('consentry.css')), readFileSync(src('ui.js'))]);
    sizes.splice(2, 0, ['ui.js + consentry.css (one stream)', both.length, brotli(both)]);
  }
  for (const [name, raw, br] of sizes) console.log(`${name.padEnd(40)}${kb(raw).padStart(11)} raw${kb(br).padStart(10)} br`);
  const ui = sizes.find(([n]) => n.startsWith('ui.js + '));
  const engine = sizes.filter(([n]) => n.endsWith('(async)')).reduce((a, [, , br]) => a + br, 0);
  if (ui && engine) console.log(`UI share of the engine (script + wasm): ${kb(ui[2])} of ${kb(engine)} = ${(100 * ui[2] / engine).toFixed(1)} % (brotli)`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
