// Consentry browser runtime: holds and releases elements. Every decision comes
// from the wasm engine (`engine.judge`, `engine.allows`, `engine.cookieAllowed`);
// this file only intercepts, holds, forwards and releases.
//
// `consentryStart(wb, win, doc)` takes the initialised wasm-bindgen exports and
// returns the public API. It never throws into the page: a broken config falls
// back to the engine's closed default.

// eslint-disable-next-line no-unused-vars
function consentryStart(wb, win, doc) {
  "use strict";
  var HELD = "data-consentry", SVC = "data-consentry-service", MOVED = "data-consentry-";
  var OTYPE = MOVED + "type";
  // Elements the engine may govern; everything else never reaches the wasm.
  var TRACK = { script: 1, iframe: 1, img: 1, source: 1, link: 1, embed: 1, object: 1, video: 1, audio: 1, track: 1 };
  var SEL = "script,iframe,img,source,link,embed,object,video,audio,track";
  var ATTRS = ["data-category", "data-service", "type", "src", "srcset", "href", "rel", "data", "poster"];
  var URLISH = { src: 1, href: 1, data: 1, poster: 1 };
  var UI = { placeholder: 1, allow: 1 };
  var E = Element.prototype, N = Node.prototype;
  var setAttr = E.setAttribute, getAttr = E.getAttribute, hasAttr = E.hasAttribute, remAttr = E.removeAttribute;
  var insertBefore = N.insertBefore, appendChild = N.appendChild, replaceChild = N.replaceChild;
  var cookieDesc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  var rawCookie = function () { try { return cookieDesc.get.call(doc); } catch (e) { return ""; } };
  var writeCookie = function (v) { try { cookieDesc.set.call(doc, v); } catch (e) { /* cookies off: memory only */ } };
  var listeners = {};
  var detached = new Set();     // held elements outside the DOM (e.g. `new Image()`)
  var parked = new WeakMap();   // placeholder → the iframe it stands for
  var done = new WeakSet();     // released once: never judged again
  var announced = new WeakSet(); // `blocked` already emitted
  var chain = Promise.resolve();
  var engine, api;

  function report(e) {
    try { if (win.reportError) win.reportError(e); else setTimeout(function () { throw e; }); } catch (_) { /* nothing */ }
  }

  function emit(name, detail) {
    var cbs = (listeners[name] || []).slice();
    for (var i = 0; i < cbs.length; i++) {
      try { cbs[i].call(api, detail); } catch (e) { report(e); }
    }
    try { doc.dispatchEvent(new CustomEvent("consentry:" + name, { detail: detail })); } catch (e) { report(e); }
  }

  // ---- when the engine cannot start -----------------------------------------
  // E.g. a Content-Security-Policy without 'wasm-unsafe-eval', or the ES
  // module's wasm missing. Nothing can be decided, so nothing leaves the page:
  // every element and request that would reach another origin is held (tagged
  // ones too, `mandatory` excepted) and no choice can be recorded. Fail closed.
  var FETCHING_REL = /(^|\s)(preload|prefetch|modulepreload|preconnect|dns-prefetch|stylesheet)(\s|$)/i;
  var URL_ATTRS = { script: ["src"], iframe: ["src"], embed: ["src"], audio: ["src"], track: ["src"],
    img: ["src", "srcset"], source: ["src", "srcset"], video: ["src", "poster"], link: ["href"], object: ["data"] };
  function foreign(u) {
    try {
      var x = new URL(u, doc.baseURI);
      return /^(https?|wss?|ftp):$/.test(x.protocol) && x.origin !== win.location.origin;
    } catch (e) { return true; }
  }
  function closedEngine() {
    var block = "block:engine-unavailable";
    var no = function () { return []; };
    return {
      closed: true, stored: "none", regime: "opt-in", bannerNeeded: false, cookieName: "consentry",
      observe: function () {}, gcmWaitForUpdate: function () { return undefined; },
      gcm: function () { return "{}"; }, policy: function () { return null; }, ui: function () { return null; },
      categories: function () { return ["mandatory"]; }, services: no, serviceInfo: function () { return undefined; },
      cookiesToClear: no, storageToClear: no, cookieAllowed: function () { return true; },
      allows: function (w) { return /^(\/|\.|[a-z][a-z0-9+.-]*:)/i.test(w) ? !foreign(w) : w === "mandatory"; },
      decide: function (w) { return this.allows(w) ? "allow:unlisted" : block; },
      choose: function () { throw new Error("consentry: the engine is unavailable; no choice can be recorded"); },
      judge: function (tag, a) {
        var attrs = URL_ATTRS[tag];
        if (!attrs || a[HELD] !== undefined) return null;
        if (a["data-category"] !== undefined || a["data-service"] !== undefined) {
          if (tag === "script" && String(a.type || "").trim().toLowerCase() !== "text/plain") return null;
          var ok = a["data-category"] === "mandatory" && a["data-service"] === undefined;
          return { allowed: ok, decision: ok ? "allow:mandatory" : block, service: a["data-service"] || null, tagged: true, urlAttributes: [] };
        }
        if (tag === "link" && !FETCHING_REL.test(a.rel || "")) return null;
        var urls = [];
        attrs.forEach(function (n) {
          if (a[n] === undefined) return;
          if (n === "srcset") String(a[n]).split(",").forEach(function (c) { var u = c.trim().split(/\s+/)[0]; if (u) urls.push(u); });
          else urls.push(a[n]);
        });
        if (!urls.length) return null;
        var off = urls.some(foreign);
        return { allowed: !off, decision: off ? block : "allow:unlisted", service: null, tagged: false, urlAttributes: tag === "script" ? [] : attrs };
      }
    };
  }

  // ---- the engine and what the page knows --------------------------------
  function json(id) {
    var el = doc.getElementById(id);
    if (!el) return undefined;
    return JSON.parse(el.textContent);
  }
  var facts = {};
  try { facts = json("consentry-server") || {}; } catch (e) { facts = {}; }
  if (!wb) {
    try {
      console.error("consentry: the engine could not start, so everything that would reach another origin stays blocked " +
        "and no choice can be recorded. Under a Content-Security-Policy, script-src must allow 'wasm-unsafe-eval'.");
    } catch (_) { /* nothing */ }
    engine = closedEngine();
  } else {
    try {
      engine = new wb.Engine(json("consentry-config"));
    } catch (e) {
      try { console.error("consentry: invalid config; everything but mandatory stays blocked.\n" + (e && e.message ? e.message : e)); } catch (_) { /* nothing */ }
      engine = wb.Engine.fallback();
    }
  }
  var cfgEl = doc.getElementById("consentry-config");
  var region = (cfgEl && getAttr.call(cfgEl, "data-region")) || (typeof facts.region === "string" ? facts.region : undefined);
  var nav = win.navigator || {};
  var gpc = nav.globalPrivacyControl === true || facts.gpc === true;
  var dnt = nav.doNotTrack === "1" || win.doNotTrack === "1";
  var startCookies = rawCookie();
  engine.observe(startCookies, gpc, dnt, region, Date.now());

  // ---- Google Consent Mode v2: the default before any tag can run ----------
  var gcmWait = engine.gcmWaitForUpdate();
  function gtag() { (win.dataLayer = win.dataLayer || []).push(arguments); }
  function gcm(kind) {
    if (gcmWait === undefined) return;
    var state = JSON.parse(engine.gcm());
    if (kind === "default") state.wait_for_update = gcmWait;
    gtag("consent", kind, state);
  }
  gcm("default");
  if (engine.stored === "valid") gcm("update");

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
  function reasonOf(v) { return v.decision.slice(v.decision.indexOf(":") + 1); }

  // Puts an element in the held form (the server's form too); returns the reason.
  function mark(el, v) {
    var reason = reasonOf(v), first = !hasAttr.call(el, HELD);
    if (el.localName === "script") {
      if (!v.tagged && first) {
        var t = getAttr.call(el, "type");
        setAttr.call(el, OTYPE, t === null ? "" : t);
        setAttr.call(el, "type", "text/plain");
      }
    } else {
      for (var i = 0; i < v.urlAttributes.length; i++) {
        var n = v.urlAttributes[i];
        if (hasAttr.call(el, n)) {
          setAttr.call(el, MOVED + n, getAttr.call(el, n));
          remAttr.call(el, n);
        }
      }
    }
    setAttr.call(el, HELD, reason);
    if (v.service) setAttr.call(el, SVC, v.service);
    return reason;
  }
  function hold(el, v) {
    var reason = mark(el, v);
    // Once per element, including tags the server already held.
    if (!announced.has(el)) {
      announced.add(el);
      emit("blocked", { element: el, reason: reason, service: v.service || null });
    }
    if (el.localName === "iframe") queueMicrotask(function () { park(el, v); });
    else if (!el.isConnected && detached.size < 100) detached.add(el);
  }

  // Decides one element; holds it or queues its release.
  function process(el) {
    if (!TRACK[el.localName] || done.has(el)) return;
    var mark = getAttr.call(el, HELD);
    if (mark !== null && UI[mark]) return;
    var v = verdict(el);
    if (!v) return;
    if (!v.allowed) hold(el, v);
    else if (mark !== null || v.tagged) schedule([el]);
  }
  function scan(node) {
    if (!node) return;
    if (node.nodeType === 1) {
      process(node);
      if (node.firstElementChild) node.querySelectorAll(SEL).forEach(process);
    } else if (node.nodeType === 11) {
      node.querySelectorAll(SEL).forEach(process);
    }
  }

  // ---- iframe placeholders ----------------------------------------------------
  function park(iframe, v) {
    var parent = iframe.parentNode;
    if (!parent || !hasAttr.call(iframe, HELD)) return;
    var svc = v.service, info = svc ? engine.serviceInfo(svc) : undefined;
    var name = info ? info[0] : svc || getAttr.call(iframe, "data-category") || "This content";
    var what = svc || getAttr.call(iframe, "data-category");
    var box = doc.createElement("div");
    setAttr.call(box, HELD, "placeholder");
    if (svc) setAttr.call(box, SVC, svc);
    setAttr.call(box, "role", "region");
    setAttr.call(box, "aria-label", name + " (blocked)");
    // CSSOM, not a style attribute: allowed under a strict CSP; keeps the layout.
    var w = getAttr.call(iframe, "width"), h = getAttr.call(iframe, "height");
    if (w && /^\d+$/.test(w)) box.style.width = w + "px";
    if (h && /^\d+$/.test(h)) box.style.height = h + "px";
    var p = doc.createElement("p");
    p.textContent = name + " is blocked until you allow it. Allowing it lets " + name + " set cookies and see your visit.";
    var b = doc.createElement("button");
    b.type = "button";
    setAttr.call(b, HELD, "allow");
    b.textContent = "Allow " + name;
    b.addEventListener("click", function () { if (what) allowOne(what); });
    appendChild.call(box, p);
    appendChild.call(box, b);
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
    var loaded = external && !async ? new Promise(function (ok) {
      el.addEventListener("load", ok, { once: true });
      el.addEventListener("error", ok, { once: true });
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
        if (getAttr.call(it.el, HELD) !== reasonOf(v)) setAttr.call(it.el, HELD, reasonOf(v));
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
  function cleanup(cookies) {
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
    ["localStorage", "sessionStorage"].forEach(function (s) {
      try {
        var store = win[s];
        engine.storageToClear(Object.keys(store)).forEach(function (k) { store.removeItem(k); });
      } catch (e) { /* storage unavailable */ }
    });
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
    var now = getConsent(), cats = [], svcs = {};
    engine.categories().forEach(function (c) { if (now.categories[c]) cats.push(c); });
    engine.services().forEach(function (s) {
      var info = engine.serviceInfo(s), inCat = info && now.categories[info[1]];
      if (now.services[s] !== !!inCat) svcs[s] = now.services[s];
    });
    if (engine.categories().indexOf(id) >= 0) cats.push(id); else svcs[id] = true;
    return choose("custom", cats, svcs);
  }

  // ---- interception ---------------------------------------------------------------
  function wrap(obj, name, make) {
    var orig = obj && obj[name];
    if (typeof orig !== "function") return;
    try { obj[name] = make(orig); } catch (e) { report(e); }
  }
  function guardArgs(orig) {
    return function () {
      for (var i = 0; i < arguments.length; i++) {
        if (arguments[i] && typeof arguments[i] === "object") scan(arguments[i]);
      }
      return orig.apply(this, arguments);
    };
  }
  function guardFirst(orig) {
    return function (node) {
      scan(node);
      return orig.apply(this, arguments);
    };
  }
  function guardSecond(orig) {
    return function (pos, node) {
      scan(node);
      return orig.apply(this, arguments);
    };
  }
  wrap(N, "appendChild", guardFirst);
  wrap(N, "insertBefore", guardFirst);
  wrap(N, "replaceChild", guardFirst);
  ["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (m) {
    wrap(E, m, guardArgs);
    wrap(DocumentFragment.prototype, m, guardArgs);
    wrap(Document.prototype, m, guardArgs);
  });
  wrap(E, "insertAdjacentElement", guardSecond);

  // URL setters: a detached `new Image()` fetches as soon as its src is set.
  function gate(el, name, value) {
    if (!TRACK[el.localName] || done.has(el)) return true;
    var v = verdict(el, name, String(value));
    if (!v || v.allowed) return true;
    if (el.localName === "script" || name === "type" || name === "data-category" || name === "data-service") {
      hold(el, v);
      return true;
    }
    if (!hasAttr.call(el, HELD)) hold(el, v);
    setAttr.call(el, MOVED + name, String(value));
    return false;
  }
  wrap(E, "setAttribute", function (orig) {
    return function (name, value) {
      var n = String(name).toLowerCase();
      if ((URLISH[n] || n === "srcset") && !gate(this, n, value)) return;
      return orig.apply(this, arguments);
    };
  });
  [
    [win.HTMLScriptElement, "src"], [win.HTMLImageElement, "src"], [win.HTMLImageElement, "srcset"],
    [win.HTMLIFrameElement, "src"], [win.HTMLSourceElement, "src"], [win.HTMLSourceElement, "srcset"],
    [win.HTMLEmbedElement, "src"], [win.HTMLLinkElement, "href"], [win.HTMLObjectElement, "data"],
    [win.HTMLMediaElement, "src"], [win.HTMLVideoElement, "poster"], [win.HTMLTrackElement, "src"]
  ].forEach(function (pair) {
    if (!pair[0]) return;
    var proto = pair[0].prototype, prop = pair[1], d = Object.getOwnPropertyDescriptor(proto, prop);
    if (!d || !d.set) return;
    Object.defineProperty(proto, prop, {
      configurable: true, enumerable: d.enumerable, get: d.get,
      set: function (v) { if (gate(this, prop, v)) d.set.call(this, v); }
    });
  });

  // `new Audio(url)` sets the attribute from inside the browser: route it
  // through the guarded `src` setter instead.
  if (typeof win.Audio === "function") {
    var OrigAudio = win.Audio;
    var GuardedAudio = function Audio(src) {
      var a = new OrigAudio();
      if (src !== undefined) a.src = src;
      return a;
    };
    GuardedAudio.prototype = OrigAudio.prototype;
    try { win.Audio = GuardedAudio; } catch (e) { report(e); }
  }

  // HTML strings: parsed inert in a <template>, held there, then inserted.
  var innerDesc = Object.getOwnPropertyDescriptor(E, "innerHTML");
  var outerDesc = Object.getOwnPropertyDescriptor(E, "outerHTML");
  var TRACK_RE = /<(script|iframe|img|source|link|embed|object|video|audio|track)/i;
  function inert(html) {
    var t = doc.createElement("template");
    innerDesc.set.call(t, html);
    t.content.querySelectorAll(SEL).forEach(process);
    return t.content;
  }
  if (innerDesc && innerDesc.set) {
    Object.defineProperty(E, "innerHTML", {
      configurable: true, enumerable: innerDesc.enumerable, get: innerDesc.get,
      set: function (html) {
        if (this.localName === "template" || !TRACK_RE.test(html)) return innerDesc.set.call(this, html);
        var frag = inert(html);
        innerDesc.set.call(this, "");
        appendChild.call(this, frag);
      }
    });
  }
  if (outerDesc && outerDesc.set) {
    Object.defineProperty(E, "outerHTML", {
      configurable: true, enumerable: outerDesc.enumerable, get: outerDesc.get,
      set: function (html) {
        if (!this.parentNode || !TRACK_RE.test(html)) return outerDesc.set.call(this, html);
        replaceChild.call(this.parentNode, inert(html), this);
      }
    });
  }
  wrap(E, "insertAdjacentHTML", function (orig) {
    return function (pos, html) {
      if (!TRACK_RE.test(html)) return orig.apply(this, arguments);
      var frag = inert(html), p = String(pos).toLowerCase();
      if (p === "beforebegin") { if (this.parentNode) insertBefore.call(this.parentNode, frag, this); }
      else if (p === "afterbegin") insertBefore.call(this, frag, this.firstChild);
      else if (p === "beforeend") appendChild.call(this, frag);
      else if (p === "afterend") { if (this.parentNode) insertBefore.call(this.parentNode, frag, this.nextSibling); }
      else return orig.apply(this, arguments); // let the browser throw its own SyntaxError
    };
  });

  // document.write of tracker markup: the string is parsed inert, blocked
  // elements are written back in the held form, so the parser inserts them
  // inert (and the observer then holds them). A string with nothing blocked is
  // written exactly as given.
  ["write", "writeln"].forEach(function (m) {
    wrap(win.Document && win.Document.prototype, m, function (orig) {
      return function () {
        var html = Array.prototype.join.call(arguments, "");
        if (!TRACK_RE.test(html)) return orig.apply(this, arguments);
        var t = doc.createElement("template"), changed = false;
        innerDesc.set.call(t, html);
        t.content.querySelectorAll(SEL).forEach(function (el) {
          var v = TRACK[el.localName] && verdict(el);
          if (v && !v.allowed && !hasAttr.call(el, HELD)) { mark(el, v); changed = true; }
        });
        return changed ? orig.call(this, innerDesc.get.call(t)) : orig.apply(this, arguments);
      };
    });
  });

  // Requests from page code.
  function blockedUrl(u) {
    var url;
    try { url = abs(u instanceof Request ? u.url : String(u)); } catch (e) { return false; }
    var d = engine.decide(url);
    if (d.indexOf("block:") !== 0) return false;
    emit("blocked", { element: null, url: url, reason: d.slice(6), service: null });
    return true;
  }
  wrap(win, "fetch", function (orig) {
    return function (input) {
      if (blockedUrl(input)) return Promise.reject(new TypeError("consentry: blocked until consent"));
      return orig.apply(this, arguments);
    };
  });
  if (nav.sendBeacon) {
    wrap(nav, "sendBeacon", function (orig) {
      return function (url) { return blockedUrl(url) ? false : orig.apply(this, arguments); };
    });
  }
  // Connections: refused like a connection the browser's own policy forbids.
  ["WebSocket", "EventSource"].forEach(function (name) {
    var Orig = win[name];
    if (typeof Orig !== "function") return;
    var Guarded = function (url) {
      if (!new.target) return Orig.apply(this, arguments); // let the browser throw its own TypeError
      if (blockedUrl(url)) throw new DOMException("consentry: blocked until consent", "SecurityError");
      return Reflect.construct(Orig, arguments, new.target === Guarded ? Orig : new.target);
    };
    Guarded.prototype = Orig.prototype;
    Object.setPrototypeOf(Guarded, Orig); // static constants (WebSocket.OPEN…)
    Object.defineProperty(Guarded, "name", { value: name });
    try { win[name] = Guarded; } catch (e) { report(e); }
  });
  var XHR = win.XMLHttpRequest && win.XMLHttpRequest.prototype, xhrBlocked = new WeakSet();
  wrap(XHR, "open", function (orig) {
    return function (method, url) {
      if (blockedUrl(url)) xhrBlocked.add(this); else xhrBlocked.delete(this);
      return orig.apply(this, arguments);
    };
  });
  wrap(XHR, "send", function (orig) {
    return function () {
      if (!xhrBlocked.has(this)) return orig.apply(this, arguments);
      var x = this;
      setTimeout(function () {
        x.dispatchEvent(new ProgressEvent("error"));
        x.dispatchEvent(new ProgressEvent("loadend"));
      });
    };
  });

  // Trackers already running cannot write refused cookies or storage keys.
  try {
    Object.defineProperty(doc, "cookie", {
      configurable: true,
      get: function () { return rawCookie(); },
      set: function (v) {
        var name = String(v).split(";")[0].split("=")[0].trim();
        if (engine.cookieAllowed(name)) writeCookie(v);
      }
    });
  } catch (e) { report(e); }
  if (win.Storage) {
    wrap(win.Storage.prototype, "setItem", function (orig) {
      return function (key) {
        if (engine.storageToClear([String(key)]).length) return;
        return orig.apply(this, arguments);
      };
    });
  }

  // Parser-inserted elements: the observer runs before the parser prepares
  // the next script, so a held script never executes.
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) scan(added[j]);
    }
  }).observe(doc, { childList: true, subtree: true });
  // What is already in the page (the ES module starts after parsing): tagged
  // and server-held elements, judged like inserted ones. Untagged ones have
  // already run; holding them now would run them twice on release.
  doc.querySelectorAll("[data-category],[" + HELD + "]").forEach(process);
  cleanup(startCookies);

  // ---- API ------------------------------------------------------------------------
  var ready = false;
  api = {
    acceptAll: function () { return choose("accept-all"); },
    rejectAll: function () { return choose("reject-all"); },
    withdraw: function () { return choose("reject-all"); },
    setConsent: setConsent,
    getConsent: getConsent,
    allows: function (what) {
      var w = String(what);
      if (/^(\/|\.|[a-z][a-z0-9+.-]*:)/i.test(w)) w = abs(w);
      return engine.allows(w);
    },
    on: function (name, cb) {
      if (typeof cb !== "function") return api;
      (listeners[name] = listeners[name] || []).push(cb);
      if (name === "ready" && ready) queueMicrotask(function () { try { cb.call(api, getConsent()); } catch (e) { report(e); } });
      return api;
    },
    off: function (name, cb) {
      var l = listeners[name];
      if (l) listeners[name] = l.filter(function (f) { return f !== cb; });
      return api;
    },
    get ready() { return ready; },
    engine: engine
  };
  function announce() {
    if (ready) return;
    ready = true;
    emit("ready", getConsent());
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", announce, { once: true });
  else queueMicrotask(announce);
  return api;
}
