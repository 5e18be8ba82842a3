// The guard's own synchronous time, in the engine CONSENTRY_ENGINE names (a
// benchmark, not a test):
//   CONSENTRY_ENGINE=firefox node tests/browser/bench-guard.mjs [runs]
//   CONSENTRY_ENGINE=webkit xvfb-run -a node tests/browser/bench-guard.mjs [runs]
// Loads a page with the drop-in first in <head> (no config) `runs` times, a
// fresh page each time, and reads performance.measure between the guard's
// marks consentry:guard-start and consentry:guard-end. Timer resolution
// differs by engine (Firefox and WebKit coarsen performance.now()).
import { launch, dropIn, ENGINE } from './harness.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '9', 10) || 9);
const t = { after() {} };
const out = [];
for (let i = 0; i < RUNS; i++) {
  const s = await launch(t);
  await s.open(dropIn({ body: '<p>bench</p>' }), { ready: false });
  const ms = await s.page.evaluate(() => {
    try { return performance.measure('bench:guard', 'consentry:guard-start', 'consentry:guard-end').duration; } catch { return null; }
  });
  if (typeof ms === 'number') out.push(ms);
  await s.close();
}
const a = out.slice().sort((x, y) => x - y);
const med = a.length ? a[a.length >> 1] : NaN;
console.log(`${ENGINE}: guard, synchronous: median ${med.toFixed(2)} ms, min ${a[0]?.toFixed(2)}, max ${a[a.length - 1]?.toFixed(2)} (${out.length} of ${RUNS} runs)`);
process.exit(0);
