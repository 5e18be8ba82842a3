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

const s = await launch(undefined, { runtime: true });
try {
  s.site.route('/app.js', { body: APP_JS, type: 'text/javascript' });
  s.site.route('/vendor.js', { body: VENDOR_JS, type: 'text/javascript' });
  s.site.route('/site.css', { body: 'body{}', type: 'text/css' });
  s.site.page('/p.html', page(true));
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Performance.enable');
  // warm
  await s.goto('/p.html'); await s.ready();
  await cdp.send('Profiler.start');
  await s.goto('/p.html'); await s.ready(); await s.settle(300);
  const { profile } = await cdp.send('Profiler.stop');
  const { metrics } = await cdp.send('Performance.getMetrics');
  console.log(metrics.filter(m=>/Script|Task|Compile/.test(m.name)));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas; 
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]); const cf = n.callFrame;
    const k = `${cf.functionName||'(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
    self.set(k, (self.get(k)||0) + (dt[i]||0));
  }
  const arr = [...self].sort((a,b)=>b[1]-a[1]).slice(0,30);
  for (const [k,v] of arr) console.log((v/1000).toFixed(2).padStart(8), k);
} finally { await s.close(); }
