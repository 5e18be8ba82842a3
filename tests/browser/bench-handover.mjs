// What reaches the trackers before any consent, with and without the server's
// rewriting (a benchmark that prints figures, not a test):
//
//   cargo xtask dist && cargo build -p consentry-server --example axum_ssr
//   node tests/browser/bench-handover.mjs [runs]     (default 10)
//
// The page of consentry-server's axum example (untagged trackers in static
// markup: a preconnect, a script preload, four scripts, an iframe, a pixel;
// the drop-in first in <head>), loaded in headless Chromium with JavaScript
// on, a first visit (fresh context, no cookie), served two ways by the same
// binary:
//
//   drop-in alone    CONSENTRY_LAYER=off: the page as written; only the
//                    drop-in in the browser holds the trackers
//   server + drop-in the layer rewrites the trackers inert as the HTML
//                    streams out; the drop-in adopts them
//
// Each load waits for `consentry:ready`, then 1 s, and counts the requests the
// fake tracker server logged (every third-party host is served by it), with
// the tracker scripts that executed (window.__order). Also the time from
// navigation start to the banner laid out (a non-empty layout box), ms.
// Modes alternate run by run; one warm-up load of each is discarded.
import { launch } from './harness.mjs';
import { startAxumSsr } from './axum-ssr.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '10', 10) || 10);
const SETTLE_MS = 1000;
const MODES = [['drop-in alone', { CONSENTRY_LAYER: 'off' }], ['server + drop-in', {}]];

const WATCH = `(() => {
  const b = window.__bench = {};
  const check = () => {
    const el = document.querySelector('[data-consentry="banner"]');
    if (!el || b.banner !== undefined) return;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) b.banner = performance.now();
    else requestAnimationFrame(check);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function load(upstream) {
  const s = await launch(null, { upstream });
  try {
    await s.page.addInitScript(WATCH);
    await s.goto('/');
    await s.ready();
    await s.page.waitForFunction(() => window.__bench.banner !== undefined, null, { timeout: 10_000 });
    await s.settle(SETTLE_MS);
    return {
      requests: s.hits((r) => r.server === 'third').map((r) => `${r.url} (${r.dest || '-'})`),
      executed: await s.order(),
      banner: await s.page.evaluate(() => window.__bench.banner),
    };
  } finally {
    await s.close();
  }
}

const median = (xs) => {
  const a = xs.slice().sort((x, y) => x - y), h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
};
const range = (xs) => `${median(xs)} (${Math.min(...xs)}–${Math.max(...xs)})`;

async function main() {
  const servers = [];
  const keeper = await launch(null, { upstream: null }); // holds the shared browser open between runs
  const runs = MODES.map(() => []);
  try {
    for (const [, env] of MODES) servers.push(await startAxumSsr(env));
    for (const { upstream } of servers) await load(upstream); // warm-up, discarded
    for (let i = 0; i < RUNS; i++) {
      for (let m = 0; m < MODES.length; m++) runs[m].push(await load(servers[m].upstream));
    }
  } finally {
    await keeper.close();
    for (const s of servers) s.stop();
  }

  console.log(`tracker requests before consent, Chromium, JavaScript on, ${RUNS} first visits per row`);
  console.log(`${'page served by'.padEnd(18)}${'requests: median (min–max)'.padEnd(30)}${'scripts run'.padEnd(13)}banner laid out, ms: median (min–max)`);
  MODES.forEach(([name], m) => {
    const r = runs[m];
    const ms = r.map((x) => Math.round(x.banner));
    console.log(`${name.padEnd(18)}${range(r.map((x) => x.requests.length)).padEnd(30)}`
      + `${String(Math.max(...r.map((x) => x.executed.length))).padEnd(13)}${range(ms)}`);
  });
  MODES.forEach(([name], m) => {
    const seen = new Map();
    for (const r of runs[m]) for (const u of r.requests) seen.set(u, (seen.get(u) || 0) + 1);
    console.log(`\n${name}: requests seen (in how many of ${RUNS} runs)`);
    if (!seen.size) console.log('  none');
    for (const [u, n] of seen) console.log(`  ${u}: ${n}`);
  });
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
