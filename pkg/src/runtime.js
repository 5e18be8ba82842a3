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
  var HELD = "data-consentry", SVC = "data-consentry-service", MOVED = "data-consentry-";
  var OTYPE = MOVED + "type";
  var TRACK = G.tracked, SEL = G.sel;
  var ATTRS = ["data-category", "data-service", "type", "src", "srcset", "href", "rel", "data", "poster"];
  var URLISH = { src: 1, href: 1, data: 1, poster: 1 };
  var UI = { placeholder: 1, allow: 1 };
  var setAttr = G.setAttr, getAttr = G.getAttr, hasAttr = G.hasAttr, remAttr = G.remAttr;
  var insertBefore = G.insertBefore, appendChild = G.appendChild, replaceChild = G.replaceChild;
  var rawCookie = G.rawCookie, writeCookie = G.writeCookie, report = G.report, emit = G.emit;
  var detached = G.detached, done = G.done;
  var parked = new WeakMap();   // placeholder → the iframe it stands for
  var announced = new WeakSet(); // `blocked` already emitted
  var chain = Promise.resolve();
  var engine, api = G.api;

  // ---- the engine and what the page knows --------------------------------
  function json(id) {
    var el = doc.getElementById(id);
    if (!el) return undefined;
    return JSON.parse(el.textContent);
  }
  var facts = {};
  try { facts = json("consentry-server") || {}; } catch (e) { facts = {}; }
  try {
    try { performance.mark("consentry:engine-policy"); } catch (e) { /* no User Timing */ }
    engine = new wb.Engine(json("consentry-config"));
  } catch (e) {
    try { console.error("consentry: invalid config; everything but mandatory stays blocked.\n" + (e && e.message ? e.message : e)); } catch (_) { /* nothing */ }
    engine = wb.Engine.fallback();
  }
  var cfgEl = doc.getElementById("consentry-config");
  var region = (cfgEl && getAttr.call(cfgEl, "data-region")) || (typeof facts.region === "string" ? facts.region : undefined);
  var nav = win.navigator || {};
  var gpc = nav.globalPrivacyControl === true || facts.gpc === true;
  var dnt = nav.doNotTrack === "1" || win.doNotTrack === "1";
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

  // ---- judging elements -----------------------------------------------------
  function abs(v) {
    try { return new URL(v, doc.baseURI).href; } catch (e) { return v; }
  }
  // The element's attributes as written by the site (a held element's moved
  // URLs and original type restored), with one attribute overridden.
  function attrsOf(el, name, value) {
    var held = hasAttr.call(el, HELD), a = {};
    for (var i = 0; i < ATTRS.length; i++) {
      var n = ATTRS[i], v = getAttr.call(el, n);
      if (held && n.charAt(0) !== "d") {
        var m = getAttr.call(el, MOVED + n);
        if (m !== null) v = n === "type" && m === "" ? null : m;
      }
      if (v !== null) a[n] = v;
    }
    if (name) a[name] = value;
    for (var k in URLISH) if (a[k] !== undefined) a[k] = abs(a[k]);
    return a;
  }
  function verdict(el, name, value) {
    try { return engine.judge(el.localName, attrsOf(el, name, value)); } catch (e) { report(e); return null; }
  }
  function hold(el, v) {
    G.mark(el, v);
    // Once per element, including tags the server or the guard held.
    if (!announced.has(el)) {
      announced.add(el);
      emit("blocked", { element: el, reason: v.reason, service: v.service || null });
    }
    if (el.localName === "iframe") queueMicrotask(function () { park(el, v); });
    else if (!el.isConnected && detached.size < 100) detached.add(el);
  }

  // ---- iframe placeholders ----------------------------------------------------
  // The box is the core's placeholder view, drawn by the UI (`G.placeholder`,
  // set once the UI exists: parking waits a microtask). Without a UI the
  // frame just stays held.
  function park(iframe, v) {
    var parent = iframe.parentNode;
    if (!parent || !hasAttr.call(iframe, HELD)) return;
    var what = v.service || getAttr.call(iframe, "data-category");
    var box = what && G.placeholder ? G.placeholder(what) : null;
    if (!box) return;
    // CSSOM, not a style attribute: allowed under a strict CSP; keeps the layout.
    var w = getAttr.call(iframe, "width"), h = getAttr.call(iframe, "height");
    if (w && /^\d+$/.test(w)) box.style.width = w + "px";
    if (h && /^\d+$/.test(h)) box.style.height = h + "px";
    var b = box.querySelector("[" + HELD + "='allow']");
    if (b) b.addEventListener("click", function () { allowOne(what); });
    parked.set(box, iframe);
    replaceChild.call(parent, box, iframe);
  }

  // ---- release, in document order -------------------------------------------
  function schedule(els) {
    chain = chain.then(function () { return releaseAll(els); }).catch(report);
    return chain;
  }
  // Externals behind an inline script are inserted only when it has run; a
  // preload starts their download now so they still load in parallel.
  function preload(el) {
    var l = doc.createElement("link"), t = getAttr.call(el, OTYPE) || getAttr.call(el, "data-type");
    var module = t === "module";
    setAttr.call(l, "rel", module ? "modulepreload" : "preload");
    if (!module) setAttr.call(l, "as", "script");
    ["crossorigin", "integrity", "referrerpolicy"].forEach(function (a) {
      if (hasAttr.call(el, a)) setAttr.call(l, a, getAttr.call(el, a));
    });
    if (el.nonce) l.nonce = el.nonce;
    setAttr.call(l, "href", getAttr.call(el, "src"));
    appendChild.call(doc.head || doc.documentElement, l);
  }
  function releaseAll(els) {
    var step = Promise.resolve(), pending = [], inlineSeen = false;
    els.forEach(function (el) {
      if (el.localName !== "script" || done.has(el)) return;
      if (!hasAttr.call(el, "src")) inlineSeen = true;
      else if (inlineSeen && !hasAttr.call(el, "async")) {
        var v = verdict(el);
        if (v && v.allowed) preload(el);
      }
    });
    els.forEach(function (el) {
      step = step.then(function () {
        if (done.has(el)) return;
        var v = verdict(el);
        if (!v || !v.allowed) return;
        if (el.localName !== "script") return unhold(el, v);
        var inline = !hasAttr.call(el, "src");
        // An inline script runs at once: it waits for earlier ordered scripts.
        var wait = inline && pending.length ? Promise.all(pending) : null;
        pending = inline ? [] : pending;
        return Promise.resolve(wait).then(function () {
          var loaded = runScript(el, v);
          if (loaded) pending.push(loaded);
        });
      });
    });
    return step.then(function () { return Promise.all(pending); });
  }
  function clean(el) {
    remAttr.call(el, HELD);
    remAttr.call(el, SVC);
    done.add(el);
    detached.delete(el);
  }
  function runScript(el, v) {
    var type = v.tagged ? getAttr.call(el, "data-type") : getAttr.call(el, OTYPE);
    remAttr.call(el, OTYPE);
    if (type) setAttr.call(el, "type", type); else remAttr.call(el, "type");
    var async = hasAttr.call(el, "async"), external = hasAttr.call(el, "src");
    clean(el);
    el.async = async; // not async: ordered with the other released scripts
    // A script that can never start again (one the page itself had marked
    // started) fires neither event: later releases must not wait for it forever.
    var loaded = external && !async ? new Promise(function (ok) {
      el.addEventListener("load", ok, { once: true });
      el.addEventListener("error", ok, { once: true });
      setTimeout(ok, 10000);
    }) : null;
    // Re-inserting makes the browser prepare it again: it was never started.
    var parent = el.parentNode;
    if (parent) insertBefore.call(parent, el, el.nextSibling);
    else appendChild.call(doc.head || doc.documentElement, el);
    emit("released", { element: el, service: v.service || null });
    return loaded;
  }
  function unhold(el, v) {
    var names = ["src", "srcset", "href", "data", "poster"];
    for (var i = 0; i < names.length; i++) {
      var moved = getAttr.call(el, MOVED + names[i]);
      if (moved !== null) {
        remAttr.call(el, MOVED + names[i]);
        setAttr.call(el, names[i], moved);
      } else if (v.tagged && getAttr.call(el, "data-" + names[i]) !== null && !hasAttr.call(el, names[i])) {
        setAttr.call(el, names[i], getAttr.call(el, "data-" + names[i]));
      }
    }
    clean(el);
    // A media element picks a <source> only when it loads: make it look again.
    var media = el.localName === "source" && el.parentNode;
    if (media && typeof media.load === "function") media.load();
    emit("released", { element: el, service: v.service || null });
  }
  function heldInOrder() {
    var out = [];
    doc.querySelectorAll("[" + HELD + "]").forEach(function (el) {
      var mark = getAttr.call(el, HELD);
      if (mark === "placeholder") {
        var f = parked.get(el);
        if (f) out.push({ el: f, box: el });
      } else if (TRACK[el.localName]) out.push({ el: el });
    });
    detached.forEach(function (el) { if (!el.isConnected) out.push({ el: el }); });
    return out;
  }
  function releaseHeld() {
    var items = heldInOrder(), els = [];
    items.forEach(function (it) {
      var v = verdict(it.el);
      if (!v) return;
      if (!v.allowed) {
        if (getAttr.call(it.el, HELD) !== v.reason) setAttr.call(it.el, HELD, v.reason);
        return;
      }
      if (it.box) {
        parked.delete(it.box);
        if (it.box.parentNode) replaceChild.call(it.box.parentNode, it.el, it.box);
      }
      els.push(it.el);
    });
    return schedule(els);
  }

  // ---- cookies and storage ----------------------------------------------------
  var registrable;
  function registrableDomain() {
    if (registrable !== undefined) return registrable;
    registrable = null;
    var host = win.location.hostname;
    if (!host || /^[\d.]+$/.test(host) || host.indexOf(":") >= 0) return registrable;
    var labels = host.split("."), probe = "__consentry_probe";
    // The browser refuses cookies on public suffixes: the first shorter domain
    // it accepts is the registrable one.
    for (var i = labels.length - 2; i >= 0; i--) {
      var d = labels.slice(i).join(".");
      writeCookie(probe + "=1; Path=/; Domain=" + d);
      if (rawCookie().indexOf(probe + "=1") >= 0) {
        writeCookie(probe + "=; Max-Age=0; Path=/; Domain=" + d);
        registrable = d;
        break;
      }
    }
    return registrable;
  }
  function cookieNames(cookies) {
    return cookies.split(";").map(function (c) { return c.split("=")[0].trim(); }).filter(Boolean);
  }
  // `cookies`: the `document.cookie` string when the caller has just read it.
  // `later`: storage waits for an idle moment (the first localStorage access
  // costs milliseconds at start-up; every tracker that could read it is held).
  function cleanup(cookies, later) {
    var names = engine.cookiesToClear(cookieNames(cookies === undefined ? rawCookie() : cookies));
    if (names.length) {
      var domains = wb.domainVariants(win.location.hostname, registrableDomain() || undefined);
      var paths = wb.pathVariants(win.location.pathname);
      names.forEach(function (n) {
        domains.forEach(function (d) {
          paths.forEach(function (p) {
            writeCookie(n + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=" + p + (d ? "; Domain=" + d : ""));
          });
        });
      });
    }
    var storage = function () {
      ["localStorage", "sessionStorage"].forEach(function (s) {
        try {
          var store = win[s];
          engine.storageToClear(Object.keys(store)).forEach(function (k) { store.removeItem(k); });
        } catch (e) { /* storage unavailable */ }
      });
    };
    if (!later) storage();
    else if (win.requestIdleCallback) win.requestIdleCallback(storage, { timeout: 1000 });
    else setTimeout(storage, 50);
  }

  // ---- choices -----------------------------------------------------------------
  function choose(kind, categories, services) {
    var first = engine.stored !== "valid";
    var id = new Uint8Array(16);
    try { win.crypto.getRandomValues(id); } catch (e) { for (var i = 0; i < 16; i++) id[i] = (Math.random() * 256) | 0; }
    var cookie;
    try {
      cookie = engine.choose(kind, categories || [], services, id, Date.now(), win.location.protocol === "https:");
    } catch (e) { return Promise.reject(e); }
    writeCookie(cookie);
    gcm("update");
    cleanup();
    var state = getConsent();
    if (first) emit("consent", state);
    emit("change", state);
    return releaseHeld().then(function () { return state; });
  }
  function getConsent() {
    var c = {}, s = {};
    engine.categories().forEach(function (id) { c[id] = engine.allows(id); });
    engine.services().forEach(function (id) { s[id] = engine.allows(id); });
    return { stored: engine.stored, regime: engine.regime, bannerNeeded: engine.bannerNeeded, categories: c, services: s };
  }
  function setConsent(choice) {
    choice = choice || {};
    var cats = choice.categories, list = [];
    if (Array.isArray(cats)) list = cats.map(String);
    else if (cats && typeof cats === "object") for (var k in cats) if (cats[k]) list.push(k);
    var svcs = {};
    if (choice.services && typeof choice.services === "object") for (var s in choice.services) svcs[s] = !!choice.services[s];
    return choose("custom", list, svcs);
  }
  // Grants one category or service on top of the current choice (placeholders).
  function allowOne(id) {
    var c = engine.grantChoice(id);
    return choose("custom", c.categories, c.services);
  }

  // ---- the engine takes over from the guard --------------------------------------
  function blockedUrl(u) {
    var url = abs(u), why = engine.blockReason(url);
    if (why === undefined) return "";
    emit("blocked", { element: null, url: url, reason: why, service: null });
    return why;
  }
  function elementVerdict(el, name, value) {
    var held = getAttr.call(el, HELD);
    if (!name && held !== null && UI[held]) return null;
    return verdict(el, name, value);
  }
  api.engine = engine;
  api.acceptAll = function () { return choose("accept-all"); };
  api.rejectAll = function () { return choose("reject-all"); };
  api.withdraw = function () { return choose("reject-all"); };
  api.setConsent = setConsent;
  api.getConsent = getConsent;
  api.allows = function (what) {
    var w = String(what);
    if (/^(\/|\.|[a-z][a-z0-9+.-]*:)/i.test(w)) w = abs(w);
    return engine.allows(w);
  };
  G.use({
    el: elementVerdict,
    hold: hold,
    release: function (el) { schedule([el]); },
    url: blockedUrl,
    cookie: function (name) { return engine.cookieAllowed(name); },
    storage: function (key) { return !engine.storageToClear([key]).length; }
  });
  // What the guard held, what the server held, tagged markup: judged in
  // document order; what is allowed is released in one ordered batch.
  var start = [];
  doc.querySelectorAll("[data-category],[" + HELD + "]").forEach(function (el) { if (TRACK[el.localName] !== undefined) start.push(el); });
  detached.forEach(function (el) { if (!el.isConnected) start.push(el); });
  var go = [];
  start.forEach(function (el) {
    if (done.has(el)) return;
    var held = getAttr.call(el, HELD), v = elementVerdict(el);
    if (!v) return;
    if (!v.allowed) hold(el, v);
    else if (held !== null || v.tagged) go.push(el);
  });
  schedule(go);
  cleanup(startCookies, true);

  // ---- ready -----------------------------------------------------------------------
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", G.announce, { once: true });
  else queueMicrotask(G.announce);
  return api;
}
