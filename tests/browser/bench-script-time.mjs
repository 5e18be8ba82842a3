// Main-thread script time a consent manager adds to a page load: Consentry's
// drop-in against vanilla-cookieconsent 3 (not a test).
//
//   node tests/browser/bench-script-time.mjs [runs]     (default 15)
//   CONSENTRY_DIST=/path/to/dist node tests/browser/bench-script-time.mjs
//
// One realistic page on the harness's site (www.shop.test): ~30 elements, two
// first-party scripts, a tagged analytics script and a YouTube iframe, loaded
// three ways:
//
//   bare       no consent manager (the tagged scripts stay inert text/plain)
//   vanilla    vanilla-cookieconsent (npm, pinned in package.json) set up as
//              its "Getting started" shows: its CSS in <head>, a module config
//              script at the end of <body> that imports the UMD build and calls
//              CookieConsent.run(); the same four categories, category ids =
//              Consentry's so the tagged markup is byte-identical
//   consentry  the drop-in first in <head> (dropIn(), no config: the default
//              policy)
//
// Each load is a first visit in a fresh browser context (no cookie: both
// managers show their banner; nothing is cached). The variants are
// interleaved, their order rotating each round so drift on a busy machine
// hits all alike, `runs` rounds after one discarded warm-up load of each.
// Chromium's CDP `Performance.getMetrics` gives ScriptDuration and
// TaskDuration (the page's renderer main thread, cumulative since the page was
// created), read once the page has loaded, the manager's banner is laid out
// and a short settle has passed; a trace of the load gives the page
// renderer's main-thread script time and busy time (see `mainThread`: the
// figure compared, since ScriptDuration misses promise reactions, where the
// engine starts). Reported: the medians, each manager's median
// minus the bare page's, the ratio Consentry / vanilla of those, and the
// guard's own synchronous time (performance.measure between the marks
// `consentry:guard-start` and `consentry:guard-end`; "n/a" for a build
// without them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, dropIn, RUNTIME } from './harness.mjs';

const RUNS = Math.max(1, Number.parseInt(process.argv[2] || '15', 10) || 15);
const SETTLE_MS = 500;

const CC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/vanilla-cookieconsent');
const CC_VERSION = JSON.parse(readFileSync(path.join(CC_DIR, 'package.json'), 'utf8')).version;
const ccFile = (f) => readFileSync(path.join(CC_DIR, 'dist', f));

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

// vanilla-cookieconsent's config, with Consentry's built-in English texts
// (crates/consentry-core/src/ui/lang/en.txt) so both banners and dialogs carry
// the same amount of text. hideFromBots: false because its bot check treats
// the automated browser (navigator.webdriver) as a crawler and shows nothing;
// a real first visit gets the banner.
const CC_CONFIG_JS = `import '/cookieconsent.umd.js';
CookieConsent.run({
  hideFromBots: false,
  categories: {
    mandatory: { enabled: true, readOnly: true },
    performance: {},
    functionality: {},
    targeting: {},
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We value your privacy',
          description: 'We use cookies and similar technologies to run this site and, with your consent, to measure its use, remember your preferences and show relevant ads. You can accept all, reject all or choose by category, and change your mind at any time.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Preferences',
          closeIconLabel: 'Close',
          footer: '<a href="/privacy">Privacy policy</a>',
        },
        preferencesModal: {
          title: 'Privacy preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save choices',
          closeIconLabel: 'Close',
          sections: [
            { description: 'Choose which kinds of cookies and similar technologies we may use. Strictly necessary ones are always on because the site cannot work without them.' },
            { title: 'Strictly necessary', linkedCategory: 'mandatory',
              description: 'Needed for the site to work, such as security, load balancing and remembering your privacy choices. Always on.' },
            { title: 'Performance and analytics', linkedCategory: 'performance',
              description: 'Help us understand how the site is used so we can improve it.' },
            { title: 'Functionality', linkedCategory: 'functionality',
              description: 'Remember your preferences and enable features such as chat and embedded videos.' },
            { title: 'Targeting and advertising', linkedCategory: 'targeting',
              description: 'Used by us and our partners to show relevant ads and measure them, which may count as selling or sharing your personal information.' },
          ],
        },
      },
    },
  },
});`;

const BODY = `
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
<script src="/app.js"></script>`;
const HEAD = `
<link rel="stylesheet" href="/site.css">
<script src="/vendor.js"></script>`;

const VARIANTS = {
  bare: { label: 'no manager', page: () => dropIn({ runtime: false, head: HEAD, body: BODY }) },
  vanilla: {
    label: `vanilla-cookieconsent ${CC_VERSION}`,
    page: () => dropIn({
      runtime: false,
      head: `<link rel="stylesheet" href="/cookieconsent.css">${HEAD}`,
      body: `${BODY}\n<script type="module" src="/cookieconsent-config.js"></script>`,
    }),
    banner: '#cc-main .cm',
  },
  consentry: { label: 'Consentry', page: () => dropIn({ head: HEAD, body: BODY }), banner: '[data-consentry="banner"]', runtime: true },
};
const NAMES = Object.keys(VARIANTS);

/** One load of `name` in a fresh context: { script, task, elements, guard } (ms). */
async function measure(name) {
  const v = VARIANTS[name];
  const s = await launch(undefined, { runtime: !!v.runtime });
  try {
    s.site.route('/app.js', { body: APP_JS, type: 'text/javascript' });
    s.site.route('/vendor.js', { body: VENDOR_JS, type: 'text/javascript' });
    s.site.route('/site.css', { body: 'body{font:16px sans-serif}.product{display:inline-block}', type: 'text/css' });
    // Served like the drop-in (harness default: no-store), from the same site.
    s.site.route('/cookieconsent.umd.js', { body: ccFile('cookieconsent.umd.js'), type: 'text/javascript' });
    s.site.route('/cookieconsent.css', { body: ccFile('cookieconsent.css'), type: 'text/css' });
    s.site.route('/cookieconsent-config.js', { body: CC_CONFIG_JS, type: 'text/javascript' });
    s.site.page('/bench.html', v.page());
    const cdp = await s.context.newCDPSession(s.page);
    await cdp.send('Performance.enable');
    const browser = s.context.browser();
    await browser.startTracing(s.page, { categories: TRACE_CATEGORIES });
    await s.goto('/bench.html');
    if (v.runtime) await s.ready();
    await s.page.waitForFunction(() => window.__app === true);
    // The banner drawn is part of what a manager costs on a first visit:
    // neither is measured before its banner has a layout box.
    if (v.banner) {
      await s.page.waitForFunction((sel) => {
        const el = document.querySelector(sel), r = el && el.getBoundingClientRect();
        return !!r && r.width > 0 && r.height > 0;
      }, v.banner, { timeout: 10_000 });
    }
    await s.settle(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const traced = mainThread(JSON.parse((await browser.stopTracing()).toString('utf8')));
    const { elements, guard } = await s.page.evaluate(() => {
      let g = null;
      try { g = performance.measure('bench:guard', 'consentry:guard-start', 'consentry:guard-end').duration; } catch { /* no marks */ }
      return { elements: document.body.querySelectorAll('*').length, guard: g };
    });
    return { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000, ...traced, elements, guard };
  } finally {
    await s.close();
  }
}

// A trace of the page's renderer main thread (the process that parsed
// /bench.html; a cross-origin frame's renderer is left out). ScriptDuration
// misses script run from promise reactions (measured: a 16 ms wasm call after
// an `await` shows as 1-3 ms), and the engine starts in one, so the trace's
// figures are the ones compared: `busy`, the main thread's top-level tasks,
// and `js`, the script events in them (evaluation, calls, microtasks, timers,
// idle callbacks, events, compilation), nested ones counted once.
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];
const SCRIPT = new Set(['EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireIdleCallback',
  'FireAnimationFrame', 'RunMicrotasks', 'EventDispatch', 'v8.compile', 'v8.compileModule', 'V8.Execute',
  'XHRReadyStateChange', 'XHRLoad', 'v8.run']);
function mainThread(trace) {
  const ev = Array.isArray(trace) ? trace : trace.traceEvents;
  const parse = ev.find((e) => e.name === 'ParseHTML' && /\/bench\.html/.test(e.args?.beginData?.url || ''));
  if (!parse) return { busy: NaN, js: NaN, guardJs: NaN };
  const pid = parse.pid, tid = parse.tid;
  const on = ev.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts);
  const sum = (pick) => {
    let total = 0, end = -Infinity;
    for (const e of on) {
      if (!pick(e) || e.ts < end) continue;
      total += e.dur; end = e.ts + e.dur;
    }
    return total / 1000;
  };
  // The guard's blocking cost on the main thread: its script's compilation and
  // evaluation (with what it compiles lazily while it runs), not the calls
  // made into its functions later.
  const url = (e) => e.args?.data?.url || e.args?.beginData?.url || e.args?.fileName || '';
  const guardFile = (e) => (e.name === 'EvaluateScript' || e.name === 'v8.compile') && /\/consentry\.js(\?|$)/.test(url(e));
  return { busy: sum((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'), js: sum((e) => SCRIPT.has(e.name)), guardJs: sum(guardFile) };
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
  const res = Object.fromEntries(NAMES.map((n) => [n, []]));
  try {
    for (const n of NAMES) await measure(n); // warm-up, discarded
    for (let i = 0; i < RUNS; i++) {
      // rotate which variant goes first
      const order = NAMES.map((_, k) => NAMES[(i + k) % NAMES.length]);
      for (const n of order) res[n].push(await measure(n));
    }
  } finally {
    await keeper.close();
  }

  const pad = 30;
  console.log(`ScriptDuration / TaskDuration (CDP Performance.getMetrics, main frame), ${RUNS} runs each, ms`);
  console.log(`drop-in: ${RUNTIME}`);
  console.log(`page: elements in <body>: ${NAMES.map((n) => `${n} ${res[n][0].elements}`).join(', ')}`
    + ' (managers add their UI; Consentry turns the iframe into a placeholder)');
  // Two figures per variant: median, min and max of each.
  const table = (title, a, b) => {
    console.log(`${title.padEnd(pad)}${`${a} med`.padStart(11)}${'min'.padStart(8)}${'max'.padStart(8)}`
      + `${`${b} med`.padStart(11)}${'min'.padStart(8)}${'max'.padStart(8)}`);
    for (const n of NAMES) {
      const x = stats(res[n].map((r) => r[a])), y = stats(res[n].map((r) => r[b]));
      console.log(`${VARIANTS[n].label.padEnd(pad)}${f(x.median).padStart(11)}${f(x.min)}${f(x.max)}`
        + `${f(y.median).padStart(11)}${f(y.min)}${f(y.max)}`);
    }
  };
  table('variant', 'script', 'task');
  table('(trace)', 'js', 'busy');

  // Added = median of the variant minus median of the bare page (the runs are
  // not paired: each load is its own context, so medians of each are compared).
  const added = (n, k) => median(res[n].map((r) => r[k])) - median(res.bare.map((r) => r[k]));
  console.log('\nadded over the bare page (median difference), ms');
  console.log(`${''.padEnd(pad)}${'script'.padStart(11)}${'task'.padStart(11)}${'trace js'.padStart(11)}${'trace busy'.padStart(11)}`);
  for (const n of ['vanilla', 'consentry']) {
    console.log(`${VARIANTS[n].label.padEnd(pad)}${f(added(n, 'script')).padStart(11)}${f(added(n, 'task')).padStart(11)}`
      + `${f(added(n, 'js')).padStart(11)}${f(added(n, 'busy')).padStart(11)}`);
  }
  // A ratio of two noisy small differences: only meaningful when vanilla's
  // added time is clearly above zero.
  const ratio = (k) => {
    const cc = added('vanilla', k);
    return cc > 0 ? `${(added('consentry', k) / cc).toFixed(2)}x` : `n/a (vanilla adds ${cc.toFixed(1)} ms)`;
  };
  console.log(`ratio Consentry / vanilla-cookieconsent: script ${ratio('script')}, task ${ratio('task')}, `
    + `trace js ${ratio('js')} (the figure compared), trace busy ${ratio('busy')}`);

  const guards = res.consentry.map((r) => r.guard).filter((g) => g !== null);
  console.log(guards.length
    ? `guard, synchronous (performance.measure consentry:guard-start → guard-end): median ${median(guards).toFixed(2)} ms, `
      + `min ${Math.min(...guards).toFixed(2)}, max ${Math.max(...guards).toFixed(2)} (${guards.length} of ${RUNS} runs)`
    : 'guard, synchronous (performance.measure consentry:guard-start → guard-end): n/a (no such marks in this build)');
  const whole = stats(res.consentry.map((r) => r.guardJs));
  console.log(`guard, blocking main-thread time (trace: consentry.js compiled and evaluated): median ${whole.median.toFixed(2)} ms, `
    + `min ${whole.min.toFixed(2)}, max ${whole.max.toFixed(2)}`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
