// The IAB CMP APIs on demand (issue 16): when the policy has an `iab`
// section, the engine (drop-in or ES module) loads consentry-iab.js (the IAB
// module's glue, pkg/src/iab-api.js and pkg/src/iab-start.js) and, in
// parallel, consentry_iab_bg.wasm from beside it, each checked against the
// hash the build put in the engine script (`G.iab`). Sites without IAB
// download neither; the work is in the module, so the engine grows by this
// file only.
//
// No stub in the guard: ad scripts reach the page only through release, and
// `installed` (which the runtime makes every release wait for) settles once
// the APIs and locator frames exist (or the script failed to load); calls
// made before the strings are ready are queued and answered in order.
// Frames and scripts the guard does not hold (first-party, allowed) may ask
// earlier and find no locator yet, as on any page whose CMP loads async.
//
// `consentryIabLoad(G, win, doc, policyText, read)`: `read()` gives
// `[cookies, gpc, dnt, region]` as the engine observed them. Returns
// `{ installed, update(), strings(value, sig, t), ready }`: `update()` after
// each choice the visitor makes; `strings` and `ready` for receipts (see
// pkg/src/iab-start.js); `ready` settles once the module has started or failed.
// eslint-disable-next-line no-unused-vars
function consentryIabLoad(G, win, doc, policyText, read) {
  "use strict";
  var csGet = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get;
  var el = doc.createElement("script"), mod = null;
  var wasm = G.fetch0.call(win, G.at("consentry_iab_bg.wasm"), { integrity: G.iab.wasm, credentials: "same-origin" });
  wasm.catch(function () { /* the module reports it, once the APIs can say so */ });
  var installed = new Promise(function (done) {
    // Only the script inserted here can take the hand-over.
    Object.defineProperty(win, "__consentryIab", {
      configurable: true,
      value: function (start) {
        if (csGet.call(doc) !== el) return;
        delete win.__consentryIab;
        try { mod = start(G, win, doc, policyText, read, wasm); } catch (e) { G.report(e); }
        done();
      }
    });
    // Never judged (see the loader's engine script).
    G.done.add(el);
    G.setAttr.call(el, "src", G.at("consentry-iab.js"));
    el.integrity = G.iab.js;
    el.async = true;
    if (G.nonce) el.nonce = G.nonce;
    if (typeof G.crossOrigin === "string") el.crossOrigin = G.crossOrigin;
    el.onerror = function () { G.report(new Error("consentry-iab.js did not load")); done(); };
    G.appendChild.call(doc.head || doc.documentElement, el);
  });
  return {
    installed: installed,
    update: function () { if (mod) mod.update(); },
    strings: function (value, sig, t) { return mod ? mod.strings(value, sig, t) : null; },
    ready: installed.then(function () { return mod && mod.ready; })
  };
}
