// The service worker's added latency per request (a benchmark, not a test):
//   node tests/browser/bench-sw.mjs [requests]
// Times `fetch` of the same small first-party file from a page without a
// worker and from a page that consentry-sw.js controls (a host no policy can
// block: the worker only looks it up and lets it go), and of a catalog
// tracker allowed after Accept all (the worker asks the engine and fetches
// it). Reported: the medians and the median differences, in ms.
process.env.CONSENTRY_E2E_SECURE = '1';
const { launch, dropIn } = await import('./harness.mjs');

const N = Math.max(20, Number.parseInt(process.argv[2] || '300', 10) || 300);
const t = { after() {} }; // launch() wants a test context; the sessions close below
const median = (xs) => { const a = xs.slice().sort((x, y) => x - y); return a[a.length >> 1]; };

async function timings(s, url) {
  return s.page.evaluate(async ([u, n]) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await fetch(`${u}${u.includes('?') ? '&' : '?'}i=${i}`, { cache: 'no-store', mode: u.startsWith('http') ? 'no-cors' : 'same-origin' });
      await r.arrayBuffer();
      out.push(performance.now() - t0);
    }
    return out;
  }, [url, N]);
}

const bare = await launch(t);
bare.site.route('/fp.txt', { type: 'text/plain', body: 'x' });
await bare.open(dropIn({}));
const plain = await timings(bare, '/fp.txt');
const plainTracker = await (async () => { await bare.call('acceptAll'); return timings(bare, 'https://www.google-analytics.com/collect'); })();
await bare.close();

const sw = await launch(t);
sw.site.route('/fp.txt', { type: 'text/plain', body: 'x' });
sw.site.page('/sw.html', dropIn({}));
await sw.goto('/sw.html');
await sw.page.evaluate(async () => { await navigator.serviceWorker.register('/consentry-sw.js'); await navigator.serviceWorker.ready; });
await sw.goto('/sw.html');
await sw.ready();
if (!(await sw.page.evaluate(() => !!navigator.serviceWorker.controller))) throw new Error('not controlled');
await timings(sw, '/fp.txt'); // warm the worker
const controlled = await timings(sw, '/fp.txt');
await sw.call('acceptAll');
await timings(sw, 'https://www.google-analytics.com/collect'); // the engine compiled, the state known
const controlledTracker = await timings(sw, 'https://www.google-analytics.com/collect');
await sw.close();

const row = (name, a, b) => console.log(`${name.padEnd(44)} ${median(a).toFixed(3).padStart(8)} ${median(b).toFixed(3).padStart(10)} ${(median(b) - median(a)).toFixed(3).padStart(9)}`);
console.log(`fetch() round trip, median of ${N} sequential requests, ms`);
console.log(`${'request'.padEnd(44)} ${'no worker'.padStart(8)} ${'consentry-sw'.padStart(10)} ${'added'.padStart(9)}`);
row('first-party (not a tracker host: untouched)', plain, controlled);
row('allowed catalog tracker (judged, fetched)', plainTracker, controlledTracker);
process.exit(0);
