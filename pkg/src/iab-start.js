// The IAB module's start, in consentry-iab.js (see pkg/src/iab-load.js):
// installs __tcfapi and __gpp (pkg/src/iab-api.js) at once, then, once its
// wasm is in, reads the policy and the site's vendor list (`iab.gvlUrl`) and
// answers with the visitor's strings. Every answer comes from the wasm
// (crate consentry-iab-wasm); a module that cannot start makes the APIs say
// cmpStatus "error" instead of leaving the queued calls waiting.
//
// `consentryIabStart(wb, G, win, doc, policyText, read, wasm)`: `wb` the
// module's wasm-bindgen exports, `wasm` the fetch of its wasm. Returns
// `{ update(), strings(value, sig, t), ready }`: `update()` after each
// choice the visitor makes; `strings` the [TC, GPP] strings of one recorded
// choice (its consent cookie value, signals and time), for its receipt, or
// null while the module is not (or could not be) started; `ready` settles
// once it is started or has failed. With `iab.tcCookie` the euconsent-v2
// cookie is kept in line (the wasm says what to write).
// eslint-disable-next-line no-unused-vars
function consentryIabStart(wb, G, win, doc, policyText, read, wasm) {
  "use strict";
  var opts = {}, api = consentryIabApi(win, opts), mod = null;
  function syncCookie() {
    var a = read(), c = mod.cookie(a[0], a[1], a[2], a[3], Date.now(), win.location.protocol === "https:");
    if (c) G.writeCookie(c);
  }
  function state(userAction) {
    var a = read(), s = JSON.parse(mod.state(a[0], a[1], a[2], a[3], Date.now()));
    s.userAction = userAction;
    return s;
  }
  var ready = wasm.then(function (r) {
    if (!r.ok) throw new Error("consentry_iab_bg.wasm: HTTP " + r.status);
    return r.arrayBuffer();
  }).then(function (b) { return WebAssembly.compile(b); }).then(function (m) {
    wb.initSync({ module: m });
    mod = new wb.IabEngine(policyText);
    // The TCF ping reports cmpId and cmpVersion undefined while a stub.
    opts.cmpId = mod.cmpId;
    opts.cmpVersion = mod.cmpVersion;
    var url = mod.gvlUrl;
    if (!url) return;
    // The site's own vendor list; without it the strings are GPP only.
    return G.fetch0.call(win, new URL(url, doc.baseURI).href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.text();
    }).then(function (t) { mod.setGvl(t); }).catch(G.report);
  }).then(function () {
    api.ready(state(false));
    syncCookie();
  }).catch(function (e) {
    mod = null;
    G.report(e);
    api.fail();
  });
  return {
    update: function () {
      if (!mod) return;
      try {
        api.update(state(true));
        syncCookie();
      } catch (e) { G.report(e); }
    },
    strings: function (value, sig, t) {
      if (!mod) return null;
      try { return mod.strings(value, sig[0], sig[1], sig[2], t); } catch (e) { G.report(e); return null; }
    },
    ready: ready
  };
}
