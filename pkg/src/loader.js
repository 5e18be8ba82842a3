// The drop-in's loader, after the guard in consentry.js: it starts fetching
// the engine (consentry-engine.js, and its wasm compiled off the main thread)
// from beside this file, each checked against the hash the build put in
// `consentryIntegrity`. Only the engine script this loader inserted can take
// the guard's handle.
var fetch0 = window.fetch, me = document.currentScript;
var G = consentryGuard(window, document, consentryTables);
// Where this file is, read once: `src` resolves against the document's base
// each time it is read, and a `<base>` inserted later (by the page's HTML
// after this script, or by page code) would move the files fetched later
// (the dialog's data, the IAB module) to its host, a tracker's possibly.
var here = (me && me.src) || document.baseURI;
var at = function (f) { return new URL(f, here).href; };
var csGet = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get;
var engineEl = document.createElement("script");
// The two requests start from a microtask (still before the parser resumes),
// where the stack is one small function: a browser with DevTools' network
// agent (Lighthouse, every CDP benchmark) records each request's initiator
// stack, and on this file's top-level frames that meant reparsing the whole
// file for its source positions twice (~2 ms measured, inside the blocking
// script).
var wasm = Promise.resolve().then(function () {
  return fetch0(at("consentry_bg.wasm"), { integrity: consentryIntegrity.wasm, credentials: "same-origin" });
}).then(function (r) {
  if (!r.ok) throw new Error("consentry_bg.wasm: HTTP " + r.status);
  // A server that does not say application/wasm: compile from the bytes.
  return WebAssembly.compileStreaming(r.clone()).catch(function () {
    return r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
  });
});
wasm.catch(G.fail);
// The wasm warm-up worker (pkg/src/warm.js) starts here, as soon as the
// parser lets it, so that it is running when the module is ready (started by
// the engine script it ran ~75 ms after the module). Chromium only, a drop-in
// of the page's origin without a nonce, and not on a page view after the
// first (this file from the HTTP cache: the wasm's compiled code is too).
// Whether a same-origin file came from the HTTP cache (its Resource Timing).
G.fromCache = function (url) {
  try {
    var e = performance.getEntriesByName(url)[0];
    return !!e && e.transferSize === 0 && e.decodedBodySize > 0;
  } catch (x) { return false; }
};
if (window.chrome && me && !me.nonce && typeof Worker === "function") setTimeout(function () {
  try {
    var src = at("consentry-engine.js");
    if (new URL(src).origin !== location.origin || G.fromCache(me.src)) return;
    var s = G.warm = { w: new Worker(src), alive: false, failed: false };
    s.w.onmessage = function (e) { if (e.data === 0) s.alive = true; };
    s.w.onerror = function () { s.failed = true; };
  } catch (e) { /* no warm-up */ }
});
// For the engine's on-demand fetches (the dialog's data, whose hash the
// engine carries): where the drop-in is, and fetch as it was before the guard.
G.at = at;
G.fetch0 = fetch0;
Object.defineProperty(window, "__consentryBoot", {
  configurable: true,
  value: function (start) {
    if (csGet.call(document) !== engineEl) return;
    delete window.__consentryBoot;
    try { start(G, wasm); } catch (e) { G.fail(e); }
  }
});
// Consentry's own script is never judged: a policy rule on the drop-in's
// host (a self-hosted analytics path, a first-party proxy) had it held like
// a tracker, and the engine never started.
G.done.add(engineEl);
G.setAttr.call(engineEl, "src", at("consentry-engine.js"));
engineEl.integrity = consentryIntegrity.engine;
engineEl.async = true;
if (me) {
  if (me.nonce) engineEl.nonce = me.nonce;
  var co = G.getAttr.call(me, "crossorigin");
  if (co !== null) engineEl.crossOrigin = co;
}
engineEl.onerror = function () { G.fail(new Error("consentry-engine.js did not load")); };
queueMicrotask(function () { G.appendChild.call(document.head || document.documentElement, engineEl); });
window.consentry = G.api;
