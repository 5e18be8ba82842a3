// The first visit's wasm warm-up, in the drop-in's engine stage (Chromium).
//
// V8 compiles a wasm function only when it is first called, on the thread
// that calls it: the engine's first calls on a page (the policy, the first
// verdicts, the banner's view) spent ~15–20 ms of main-thread time compiling
// (measured: 20–28 ms for those calls cold, 5–7 ms once compiled). Compiled
// code belongs to the module, which a worker shares: a throwaway worker makes
// the same calls on the same module first, off the main thread, and the page
// waits for it (idle time) before it starts: up to 80 ms for the worker to
// run once the module is ready, then up to 250 ms for its calls (what it
// compiled by then is kept). Other engines compile the whole module in the
// background as it streams in: no worker there.
//
// `consentryWarmed(wasm, G)` returns a promise of the module `wasm` resolves
// to, settled once the worker the loader started (`G.warm`, pkg/src/loader.js:
// it runs this engine script, which knows it is a worker) is done, gave up,
// or was never started; it never fails more than `wasm` does. A worker must
// be of the page's origin, so a drop-in on another origin has none. Nor does
// one that carries a nonce: the CSP that asks for nonces would refuse a
// worker by URL (and report it). Elsewhere the CSP's `script-src` that let
// the engine script in lets the worker in too (unless `worker-src` says
// otherwise).

// eslint-disable-next-line no-unused-vars
function consentryWarmed(wasm, G) {
  "use strict";
  var win = window, doc = document, s = G.warm, w = s && s.w;
  if (!w) return wasm;
  G.warm = null;
  var end = function () { try { w.terminate(); } catch (e) { /* gone */ } };
  // The worker says so once its script runs (it fetches the engine script
  // again: from the HTTP cache, or the network if the server forbids
  // caching). One not running 80 ms after the module is ready is waiting on
  // the network, not compiling, and is not waited for.
  var onAlive, answered;
  w.onmessage = function (e) {
    if (e.data !== 0) { if (answered) answered(e); return; }
    s.alive = true;
    if (onAlive) onAlive();
  };
  w.onerror = function (e) { s.alive = false; s.failed = true; end(); if (answered) answered(e); };
  if (s.failed) end();
  wasm.catch(end);
  return wasm.then(function (module) {
    var mark = function (m) { try { performance.mark("consentry:warm-" + m); } catch (x) { /* no User Timing */ } };
    // A wasm from the HTTP cache comes with its compiled code (V8's code
    // cache: measured, a page view after the first starts in ~6 ms with or
    // without a worker): then only the worker's wait would remain.
    if (G.fromCache(G.at("consentry_bg.wasm"))) { end(); mark("cached"); return module; }
    var policy, el = doc.getElementById("consentry-config");
    try { policy = el ? JSON.parse(el.textContent) : undefined; } catch (e) { policy = undefined; }
    var html = doc.documentElement;
    return new Promise(function (resolve) {
      var cap;
      answered = function (e) {
        answered = onAlive = null; clearTimeout(cap); end(); resolve(module);
        mark(e ? e.type : s.alive ? "cap" : "skipped");
      };
      onAlive = function () {
        onAlive = null; clearTimeout(cap);
        // What it compiled by the cap is kept: the page starts anyway.
        cap = setTimeout(answered, 250);
        try {
          w.postMessage({ module: module, policy: policy, lang: (html && html.lang) || null, langs: (win.navigator.languages || []).slice() });
        } catch (e) { answered(); }
      };
      if (s.alive) onAlive(); else if (s.failed) answered(); else cap = setTimeout(answered, 80);
    });
  });
}

// In the worker (this engine script, run as one): the calls the engine stage
// makes on a first visit, each on its own (one that throws does not stop the
// rest), then a message.
// eslint-disable-next-line no-unused-vars
function consentryWarm(scope, wb) {
  "use strict";
  // An engine that never comes (its script refused, say) never writes: gone.
  var idle = setTimeout(function () { scope.close(); }, 10000);
  scope.onmessage = function (e) {
    clearTimeout(idle);
    var d = e.data, en, U = "https://www.google-analytics.com/analytics.js";
    var calls = [
      function () { wb.initSync({ module: d.module }); },
      function () { en = new wb.Engine(d.policy); },
      function () { if (!en) en = wb.Engine.fallback(); },
      function () { en.observe("", false, false, undefined, Date.now()); },
      function () { en.gcmWaitForUpdate(); en.gcm(); },
      function () { en.judge("script", { src: U }); en.judge("iframe", { src: "https://www.youtube.com/embed/x" }); en.judge("img", { src: "/a.png" }); },
      function () { en.allowed(); en.categories(); en.services(); en.allows("performance"); },
      function () { en.ui("settings", d.lang, d.langs); en.ui("banner", d.lang, d.langs); en.ui("placeholder", d.lang, d.langs, "youtube"); },
      function () { en.cookiesToClear(["_ga"]); en.storageToClear(["_ga"]); en.cookieAllowed("_ga"); }
    ];
    for (var i = 0; i < calls.length; i++) {
      try { calls[i](); } catch (x) { /* warm-up only */ }
    }
    scope.postMessage(1);
  };
  scope.postMessage(0);
}
