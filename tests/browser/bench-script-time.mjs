// Main-thread script time the drop-in adds to a page load (not a test).
//
//   node tests/browser/bench-script-time.mjs [runs]     (default 15)
//
// One realistic page on the harness's site (www.shop.test): ~30 elements, two
// first-party scripts, a tagged analytics script and a YouTube iframe. Loaded
// WITHOUT the drop-in and WITH it first in <head> (no config: the default
// policy), `runs` times each, alternately, each in a fresh browser context.
// Chromium's CDP `Performance.getMetrics` gives ScriptDuration and
// TaskDuration (main frame's renderer main thread, cumulative since the page
// was created) read after `load` plus a short settle. One discarded warm-up
// load of each variant comes first.
import { launch, dropIn } from './harness.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '15', 10) || 15);
const SETTLE_MS = 500;

const APP_JS = `(function () {
  // a little of what a shop's own script does at load: query, bind, render
  var list = document.getElementById('products');
  var items = [['Kettle', 39], ['Toaster', 29], ['Blender', 59], ['Mixer', 89]];
  items.forEach(function (p) {
    var li = document.createElement('li');
    li.className = 'product';
    li.innerHTML = '<h3>' + p[0] + '</h3><p class="price">€' + p[1] + '</p><button type="button">Add</button>';
    list.appendChild(li);
  });
  document.querySelectorAll('.product button').forEach(function (b) {
    b.addEventListener('click', function () { window.cart = (window.cart || 0) + 1; });
  });
  window.__app = true;
})();`;
const VENDOR_JS = `window.vendor = { version: '1.0', fmt: function (n) { return '€' + n.toFixed(2); } };
for (var i = 0, s = 0; i < 20000; i++) s += i % 7; window.vendor.sum = s;`;

const page = (runtime) => dropIn({ runtime, head: `
<link rel="stylesheet" href="/site.css">
<script src="/vendor.js"></script>`, body: `
<header>
  <a href="/" class="logo">Shop</a>
  <nav><ul><li><a href="/kitchen">Kitchen</a></li><li><a href="/garden">Garden</a></li>
    <li><a href="/sale">Sale</a></li><li><a href="/account">Account</a></li></ul></nav>
  <form action="/search"><input name="q" aria-label="Search"><button>Search</button></form>
</header>
<main>
  <h1>Kitchen appliances</h1>
  <p>Everything for your kitchen, delivered tomorrow.</p>
  <ul id="products"></ul>
  <section><h2>How to use it</h2>
    <iframe src="https://www.youtube.com/embed/abc123" width="560" height="315" title="Video"></iframe>
  </section>
</main>
<footer><p>© Shop</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
<script type="text/plain" data-category="performance" src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script type="text/plain" data-category="performance">
  window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); }
  gtag('js', new Date()); gtag('config', 'G-1');
</script>
<script src="/app.js"></script>` });

/** One load in a fresh context: { script, task } in ms. */
async function measure(runtime) {
  const s = await launch(undefined, { runtime });
  try {
    s.site.route('/app.js', { body: APP_JS, type: 'text/javascript' });
    s.site.route('/vendor.js', { body: VENDOR_JS, type: 'text/javascript' });
    s.site.route('/site.css', { body: 'body{font:16px sans-serif}.product{display:inline-block}', type: 'text/css' });
    s.site.page('/bench.html', page(runtime));
    const cdp = await s.context.newCDPSession(s.page);
    await cdp.send('Performance.enable');
    await s.goto('/bench.html');
    if (runtime) await s.ready();
    await s.page.waitForFunction(() => window.__app === true);
    await s.settle(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const elements = await s.page.evaluate(() => document.body.querySelectorAll('*').length);
    return { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000, elements };
  } finally {
    await s.close();
  }
}

const median = (xs) => {
  const a = xs.slice().sort((x, y) => x - y), h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const f = (x) => x.toFixed(1).padStart(8);

async function main() {
  // A keeper session holds the shared browser open between the measured ones.
  const keeper = await launch(undefined, { runtime: true });
  const res = { without: [], with: [] };
  let elements = {};
  try {
    await measure(false); await measure(true); // warm-up, discarded
    for (let i = 0; i < RUNS; i++) {
      // alternate which variant goes first, so drift hits both alike
      const order = i % 2 ? [true, false] : [false, true];
      for (const rt of order) {
        const r = await measure(rt);
        res[rt ? 'with' : 'without'].push(r);
        elements[rt ? 'with' : 'without'] = r.elements;
      }
    }
  } finally {
    await keeper.close();
  }

  const rows = [['without drop-in', res.without], ['with drop-in', res.with]];
  console.log(`ScriptDuration / TaskDuration (CDP Performance.getMetrics, main frame), ${RUNS} runs each, ms`);
  console.log(`page: ${elements.without} elements in <body> without, ${elements.with} with (iframe -> placeholder)`);
  console.log(`${'variant'.padEnd(18)}${'script med'.padStart(11)}${'min'.padStart(8)}${'max'.padStart(8)}`
    + `${'task med'.padStart(11)}${'min'.padStart(8)}${'max'.padStart(8)}`);
  for (const [name, rs] of rows) {
    const sc = stats(rs.map((r) => r.script)), tk = stats(rs.map((r) => r.task));
    console.log(`${name.padEnd(18)}${f(sc.median).padStart(11)}${f(sc.min)}${f(sc.max)}`
      + `${f(tk.median).padStart(11)}${f(tk.min)}${f(tk.max)}`);
  }
  const d = (k) => median(res.with.map((r) => r[k])) - median(res.without.map((r) => r[k]));
  console.log(`added main-thread script time (median difference): ${d('script').toFixed(1)} ms`);
  console.log(`added main-thread task time   (median difference): ${d('task').toFixed(1)} ms`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
