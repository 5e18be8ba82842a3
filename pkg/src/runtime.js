// Consentry engine stage: the wasm engine takes over from the guard
// (pkg/src/guard.js). Every decision comes from the engine (`engine.judge`,
// `engine.decide`, `engine.allows`, `engine.cookieAllowed`); this file judges
// what the guard holds, releases it in document order, clears cookies, records
// choices and fills in the API.
//
// `consentryStart(wb, win, doc, G)` takes the initialised wasm-bindgen exports
// and the guard's private handle, and returns the public API. It never throws
// into the page: a broken config falls back to the engine's closed default.

/**
 * @param {import("./engine").Wasm} wb the wasm boundary (pkg/src/engine.d.ts)
 */
// eslint-disable-next-line no-unused-vars
function consentryStart(wb, win, doc, G) {
  "use strict";
  var HELD = "data-consentry";
  var getAttr = G.getAttr, rawCookie = G.rawCookie, writeCookie = G.writeCookie;
  var emit = G.emit, detached = G.detached;
  var engine, api = G.api;

  // ---- the engine and what the page knows --------------------------------
  // As the HTML gave them before the drop-in, read by the guard before any
  // page script: page code could forge a region or a policy later (the
  // engine had allowed everything). One after the drop-in is not read: the
  // closed default. [text, data-region], or null.
  function given(id) { return G.given[id]; }
  var cfgGiven = given("consentry-config"), cfgText = cfgGiven && cfgGiven[0];
  function json(g) { return g ? G.parse(g[0]) : undefined; }
  var facts = {}, policy;
  try { facts = json(given("consentry-server")) || {}; } catch (e) { facts = {}; }
  try {
    try { performance.mark("consentry:engine-policy"); } catch (e) { /* no User Timing */ }
    engine = new wb.Engine(policy = json(cfgGiven));
  } catch (e) {
    try { console.error("consentry: invalid config; everything but mandatory stays blocked.\n" + (e && e.message ? e.message : e)); } catch (_) { /* nothing */ }
    engine = wb.Engine.fallback();
    policy = null;
  }
  var region = (cfgGiven && cfgGiven[1]) || (typeof facts.region === "string" ? facts.region : undefined);
  var nav = win.navigator || {};
  var gpc = G.given.gpc || facts.gpc === true, dnt = G.given.dnt;
  var startCookies = rawCookie();
  engine.observe(startCookies, gpc, dnt, region, Date.now());
  try { performance.mark("consentry:engine-observed"); } catch (e) { /* no User Timing */ }

  // ---- Google Consent Mode v2: the guard pushed the restrictive default ------
  var gcmWait = engine.gcmWaitForUpdate();
  function gtag() { (win.dataLayer = win.dataLayer || []).push(arguments); }
  function gcm(kind) {
    if (gcmWait === undefined) return;
    var state = JSON.parse(engine.gcm());
    if (kind === "default") state.wait_for_update = gcmWait;
    gtag("consent", kind, state);
  }
  // The guard pushed the most restrictive default; now the real state (a
  // returning visitor's choice, an opt-out regime).
  if (G.gcmDefault) gcm("update"); else gcm("default");

  var holding = consentryHolding(G, engine, doc, function (what) { return allowOne(what); });
  var abs = holding.abs, verdict = holding.verdict, hold = holding.hold, schedule = holding.schedule;
  var releaseHeld = holding.releaseHeld;

  // ---- the IAB CMP APIs, only for a policy with `iab` (pkg/src/iab-load.js) --------
  // Every release waits until __tcfapi, __gpp and their locator frames exist:
  // the ad scripts that ask are held until then (no stub in the guard needed).
  // Whether to load it is read from the policy the engine accepted (the
  // module checks it again): no accessor in the main wasm, which stays as it is.
  var iab = policy && policy.iab && G.iab ? consentryIabLoad(G, win, doc, cfgText, function () {
    return [rawCookie(), gpc, dnt, region];
  }) : null;
  if (iab) holding.wait(iab.installed);

  // ---- the dialog's data, on demand --------------------------------------------
  // What only the preferences dialog shows is not in the wasm: fetched once
  // (`G.dialogData`, the loader's or the module's) and installed by the engine,
  // which checks it. Resolves true when the engine has it, false when it could
  // not be loaded (retried at the next call); decisions never wait for it.
  var details = null;
  // The ES module sets G.dialogData; the drop-in's engine fetches the file
  // from beside consentry.js, checked against the hash the build put in the
  // engine script (itself loaded with its hash).
  var dialogData = G.dialogData || function () {
    return G.fetch0.call(win, G.at("consentry-dialog.json"), { integrity: consentryDialogIntegrity, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("consentry-dialog.json: HTTP " + r.status);
      return r.text();
    });
  };
  // Fetched ahead (`G.prefetch`, at idle after the banner) but installed only
  // when needed: installing is ~15 ms of main-thread work a visitor who never
  // opens the preferences should not pay.
  var text = null;
  G.prefetch = function () {
    if (engine.dialogDataNeeded && !text) {
      var t = text = Promise.resolve().then(dialogData);
      t.catch(function () { if (text === t) text = null; }); // fetched again when needed
    }
    return text;
  };
  G.details = function () {
    if (!engine.dialogDataNeeded) return Promise.resolve(true);
    if (!details) {
      details = G.prefetch()
        .then(function (t) { engine.loadDialogData(t); return true; })
        .catch(function (e) { details = text = null; G.report(e); return false; });
    }
    return details;
  };

  var cleanup = consentryCookies(G, engine, wb, win);
  var records = consentryRecords(engine, win, G.report, G.details, iab, G.prefetch);

  // ---- choices -----------------------------------------------------------------
  // `make(id, nowMs, secure)`: the engine records a choice and returns the
  // cookie assignment that stores it. `action` names it in the receipt; the
  // UI says where it was made (`G.surface`) just before calling the API.
  function record(make, action, surface) {
    surface = surface || G.surface || "api";
    G.surface = null;
    var first = engine.stored !== "valid";
    var id = new Uint8Array(16);
    try { win.crypto.getRandomValues(id); } catch (e) { for (var i = 0; i < 16; i++) id[i] = (Math.random() * 256) | 0; }
    var cookie;
    try {
      cookie = make(id, Date.now(), win.location.protocol === "https:");
    } catch (e) { return Promise.reject(e); }
    writeCookie(cookie);
    if (iab) iab.update();
    postState();
    gcm("update");
    cleanup();
    var state = getConsent();
    if (first) emit("consent", state);
    emit("change", state);
    holding.rehold();
    var released = releaseHeld();
    if (records) records.add(action, surface, cookie, [gpc, dnt, region || null]);
    return released.then(function () { return state; });
  }
  function choose(kind, categories, services, action) {
    return record(function (id, t, secure) { return engine.choose(kind, categories || [], services, id, t, secure); }, action || kind);
  }
  // The policy's ids never change for an engine: read once.
  var ids;
  function getConsent() {
    var c = {}, s = {}, a = engine.allowed(), n = 0;
    ids = ids || [engine.categories(), engine.services()];
    ids[0].forEach(function (id) { c[id] = a[n++] === "1"; });
    ids[1].forEach(function (id) { s[id] = a[n++] === "1"; });
    return { stored: engine.stored, regime: engine.regime, bannerNeeded: engine.bannerNeeded, categories: c, services: s };
  }
  function own(o, f) { var ks = G.keys(o); for (var i = 0; i < ks.length; i++) f(ks[i]); }
  function switches(o) { var r = { __proto__: null }; if (o && typeof o === "object") own(o, function (k) { r[k] = o[k] === true; }); return r; }
  function setConsent(choice) {
    choice = choice || {};
    var cats = choice.categories, list = [];
    if (Array.isArray(cats)) list = cats.map(String);
    else if (cats && typeof cats === "object") own(cats, function (k) { if (cats[k]) list.push(k); });
    // Own keys only, into an object without a prototype: an inherited
    // `targeting` (or `toJSON`) had widened the choice.
    var svcs = { __proto__: null }, sv = choice.services;
    if (sv && typeof sv === "object") own(sv, function (k) { svcs[k] = !!sv[k]; });
    return choose("custom", list, svcs);
  }
  // Grants one category or service on top of the current choice (placeholders).
  function allowOne(what) {
    return record(function (id, t, secure) { return engine.change("grant", what, undefined, id, t, secure); }, "custom", "placeholder");
  }
  // The UI's dialog choices, worked out by the engine (consentry_core::change).
  G.saveSwitches = function (now, initial) {
    return record(function (id, t, secure) { return engine.change("switches", switches(now), switches(initial), id, t, secure); }, "custom");
  };
  function doNotSell(action, surface) {
    return record(function (id, t, secure) { return engine.change("do-not-sell", undefined, undefined, id, t, secure); }, action, surface);
  }
  G.doNotSell = function () { return doNotSell("custom"); };

  // ---- the engine takes over from the guard --------------------------------------
  function blockedUrl(u) {
    var url = abs(u), why = engine.blockReason(url);
    if (why === undefined) return "";
    emit("blocked", { element: null, url: url, reason: why, service: null });
    return why;
  }
  api.engine = engine;
  api.acceptAll = function () { return choose("accept-all"); };
  api.rejectAll = function () { return choose("reject-all"); };
  api.withdraw = function () { return choose("reject-all", undefined, undefined, "withdraw"); };
  api.setConsent = setConsent;
  api.getConsent = getConsent;
  api.allows = function (what) { return engine.allows(String(what), G.base()); };
  G.use({
    // No mark exempts an element: the UI's own placeholders are no governed tag.
    el: verdict,
    hold: hold,
    release: function (el) { schedule([el]); },
    url: blockedUrl,
    cookie: function (name) { return engine.cookieAllowed(name); },
    storage: function (key) { return !engine.storageToClear([key]).length; }
  });
  // What the guard held, what the server held, tagged markup: judged in
  // document order; what is allowed is released in one ordered batch.
  var go = [];
  holding.styles();
  holding.all("[data-category],[" + HELD + "]", function (el) { G.judge(G.parked.get(el) || el, go); });
  detached.forEach(function (el) { if (!G.on(el)) G.judge(el, go); });
  schedule(go);
  cleanup(startCookies, true);
  // Writes no interception can stop (a Set-Cookie header, a realm reached
  // before the guard, `localStorage.key = …`) are undone: at once where the
  // Cookie Store API reports them, and whenever the page is hidden or left.
  var cs = win.cookieStore;
  if (cs && cs.addEventListener) {
    cs.addEventListener("change", function (e) {
      if ((e.changed || []).some(function (c) { return !engine.cookieAllowed(c.name); })) cleanup();
    });
  }
  G.hide = function () { cleanup(); };

  // ---- the optional service worker (consentry-sw.js) judges with the same state --
  function postState() {
    var sw = nav.serviceWorker, to = sw && sw.controller;
    if (!to) return;
    try {
      to.postMessage({ consentry: { config: cfgGiven ? cfgText : null, cookie: rawCookie(),
        region: region || null, gpc: gpc, dnt: dnt } });
    } catch (e) { G.report(e); }
  }
  postState();
  if (nav.serviceWorker) nav.serviceWorker.addEventListener("controllerchange", postState);

  // ---- consent records ---------------------------------------------------------------
  if (records) {
    // In an opt-out regime a GPC signal is the visitor's opt-out: it is
    // stored like a choice, so that it has its receipt (once, not per view).
    if (gpc && engine.regime === "opt-out" && engine.stored !== "valid") doNotSell("gpc", "api").catch(G.report);
    // What earlier page views could not deliver, once this page has loaded.
    if (doc.readyState === "complete") win.setTimeout(records.send, 0);
    else win.addEventListener("load", function () { win.setTimeout(records.send, 0); });
    api.receipt = records.receipt;
  }

  // ---- ready -----------------------------------------------------------------------
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", G.announce, { once: true });
  else queueMicrotask(G.announce);
  return api;
}
