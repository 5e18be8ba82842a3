// Consentry guard: the synchronous first stage. It intercepts every way page
// code inserts elements or makes requests, and holds whatever the engine
// *might* block (untagged elements and requests whose host is in the generated
// tables or named by the inline policy, and URLs it cannot read), in the held
// form the engine and the server share. It decides nothing: once the engine
// has started it hands each case to the engine (`G.use(handler)`). If the
// engine never arrives, what the guard holds stays held: that is the
// fail-closed state.
//
// `consentryGuard(win, doc, T)` (T: `consentryTables`) returns the private
// handle `G` that only the engine stage receives, and publishes the API stub
// `window.consentry`, whose methods wait for the engine.

// eslint-disable-next-line no-unused-vars
function consentryGuard(win, doc, T) {
  "use strict";
  var perf = win.performance;
  try { perf.mark("consentry:guard-start"); } catch (e) { /* no User Timing */ }
  var HELD = "data-consentry", MOVED = HELD + "-", OTYPE = MOVED + "type";
  var E = Element.prototype, N = Node.prototype, Doc = Document.prototype;
  var setAttr = E.setAttribute, getAttr = E.getAttribute, hasAttr = E.hasAttribute, remAttr = E.removeAttribute;
  var insertBefore = N.insertBefore, appendChild = N.appendChild, replaceChild = N.replaceChild;
  var gd = function (o, n) { return Object.getOwnPropertyDescriptor(o, n); };
  var cookieDesc = gd(Doc, "cookie"), innerDesc = gd(E, "innerHTML"), outerDesc = gd(E, "outerHTML");
  var rawCookie = function () { try { return cookieDesc.get.call(doc); } catch (e) { return ""; } };
  var writeCookie = function (v) { try { cookieDesc.set.call(doc, v); } catch (e) { /* cookies off */ } };
  var URLISH = { src: 1, href: 1, data: 1, poster: 1, srcset: 1 };
  var TAGS = T.tags, SEL = Object.keys(TAGS).join(","), TRACK_RE = new RegExp("<(" + Object.keys(TAGS).join("|") + ")", "i");
  var listeners = {}, queue = [];
  var G = {
    setAttr: setAttr, getAttr: getAttr, hasAttr: hasAttr, remAttr: remAttr,
    insertBefore: insertBefore, appendChild: appendChild, replaceChild: replaceChild,
    rawCookie: rawCookie, writeCookie: writeCookie,
    done: new WeakSet(),      // released once: never judged again
    inert: new WeakSet(),     // scripts from HTML strings: never run, never held
    detached: new Set(),      // held elements outside the DOM (`new Image()`)
    tracked: TAGS, tables: T
  };

  function report(e) {
    try { if (win.reportError) win.reportError(e); else setTimeout(function () { throw e; }); } catch (_) { /* nothing */ }
  }
  G.report = report;
  G.emit = function (name, detail) {
    var cbs = (listeners[name] || []).slice();
    for (var i = 0; i < cbs.length; i++) {
      try { cbs[i].call(api, detail); } catch (e) { report(e); }
    }
    try { doc.dispatchEvent(new CustomEvent("consentry:" + name, { detail: detail })); } catch (e) { report(e); }
  };

  // ---- what the engine might block ------------------------------------------
  var cfg;
  try {
    var cfgEl = doc.getElementById("consentry-config");
    cfg = cfgEl ? JSON.parse(cfgEl.textContent) : undefined;
  } catch (e) { cfg = undefined; /* the engine reports a broken config */ }
  var hosts = consentryHosts(T, cfg);
  function might(u) { return consentryMight(hosts, u, doc.baseURI, win.location.origin); }

  // Before the engine: hold what it might block; allow nothing held.
  var pre = {
    el: function (el, name, value) {
      // Held (inert) elements wait for the engine, unless a URL is being set.
      if (!name && hasAttr.call(el, HELD)) return null;
      return consentryMightHold(T, might, el.localName, function (n) { return n === name ? value : getAttr.call(el, n); });
    },
    // A frame the parser inserted began navigating at insertion, before any
    // script could see it; taking its src away (the held form) cancels that
    // navigation if it is still under way. Static untagged markup is the
    // server rewriter's or tagging's to stop.
    hold: function (el, v) { G.mark(el, v); if (!el.isConnected && G.detached.size < 100) G.detached.add(el); },
    url: function (u) { return might(u) ? "wait" : ""; },
    cookie: function () { return true; },  // the engine's start-up cleanup removes what it refuses
    storage: function () { return true; }
  };
  var H = pre;

  // Puts an element in the held form (the server's form too).
  G.mark = function (el, v) {
    if (el.localName === "script") {
      if (!v.tagged && !hasAttr.call(el, HELD)) {
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
    setAttr.call(el, HELD, v.reason);
    if (v.service) setAttr.call(el, MOVED + "service", v.service);
  };

  // Judges one element now; what is to be released goes to `batch` when
  // given (the engine's start releases in one ordered batch), else at once.
  G.judge = function (el, batch) {
    if (TAGS[el.localName] === undefined || G.done.has(el) || G.inert.has(el)) return;
    var held = getAttr.call(el, HELD), v = H.el(el);
    if (!v) return;
    if (!v.allowed) H.hold(el, v);
    else if (held !== null || v.tagged) { if (batch) batch.push(el); else H.release(el); }
  };
  function process(el) { G.judge(el); }
  function scan(node) {
    if (!node) return;
    if (node.nodeType === 1) {
      process(node);
      if (node.firstElementChild) node.querySelectorAll(SEL).forEach(process);
    } else if (node.nodeType === 11) {
      node.querySelectorAll(SEL).forEach(process);
    }
  }

  // Requests: allowed now, held until the engine answers, or refused.
  function request(u, go, no, wait) {
    var r = H.url(u);
    if (!r) return go();
    if (r !== "wait") return no(r);
    if (wait) return wait();
    return new Promise(function (ok, ko) {
      queue.push({ url: u, go: function () { ok(go()); }, no: function (why) { try { ok(no(why)); } catch (e) { ko(e); } } });
    });
  }
  function urlOf(u) { return u instanceof Request ? u.url : String(u); }

  // ---- interception ---------------------------------------------------------
  function wrap(obj, name, make) {
    var orig = obj && obj[name];
    if (typeof orig !== "function") return;
    try { obj[name] = make(orig); } catch (e) { report(e); }
  }
  function guardArgs(orig) {
    return function () {
      for (var i = 0; i < arguments.length; i++) if (arguments[i] && typeof arguments[i] === "object") scan(arguments[i]);
      return orig.apply(this, arguments);
    };
  }
  function guardFirst(orig) { return function (node) { scan(node); return orig.apply(this, arguments); }; }
  wrap(N, "appendChild", guardFirst);
  wrap(N, "insertBefore", guardFirst);
  wrap(N, "replaceChild", guardFirst);
  ["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (m) {
    wrap(E, m, guardArgs);
    wrap(DocumentFragment.prototype, m, guardArgs);
    wrap(Doc, m, guardArgs);
  });
  wrap(E, "insertAdjacentElement", function (orig) { return function (pos, node) { scan(node); return orig.apply(this, arguments); }; });

  // URL setters: a detached `new Image()` fetches as soon as its src is set.
  function gate(el, name, value) {
    if (TAGS[el.localName] === undefined || G.done.has(el) || G.inert.has(el)) return true;
    var v = H.el(el, name, value);
    if (!v || v.allowed) return true;
    if (el.localName === "script") { H.hold(el, v); return true; }
    if (!hasAttr.call(el, HELD)) H.hold(el, v);
    setAttr.call(el, MOVED + name, value);
    return false;
  }
  wrap(E, "setAttribute", function (orig) {
    return function (name, value) {
      var n = String(name).toLowerCase();
      if (URLISH[n]) {
        value = String(value); // read once: what is judged is what is set
        if (!gate(this, n, value)) return;
        return orig.call(this, name, value);
      }
      return orig.apply(this, arguments);
    };
  });
  [
    ["HTMLScriptElement", "src"], ["HTMLImageElement", "src"], ["HTMLImageElement", "srcset"],
    ["HTMLIFrameElement", "src"], ["HTMLSourceElement", "src"], ["HTMLSourceElement", "srcset"],
    ["HTMLEmbedElement", "src"], ["HTMLLinkElement", "href"], ["HTMLObjectElement", "data"],
    ["HTMLMediaElement", "src"], ["HTMLVideoElement", "poster"], ["HTMLTrackElement", "src"]
  ].forEach(function (pair) {
    var C = win[pair[0]], prop = pair[1], d = C && gd(C.prototype, prop);
    if (!d || !d.set) return;
    Object.defineProperty(C.prototype, prop, {
      configurable: true, enumerable: d.enumerable, get: d.get,
      set: function (v) { v = String(v); if (gate(this, prop, v)) d.set.call(this, v); }
    });
  });
  // `new Audio(url)` sets the attribute from inside the browser.
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
  // Scripts are left alone: the fragment parser marks them already started,
  // so they never fetch or run, held or not (and could never be released).
  function inert(html) {
    var t = doc.createElement("template");
    innerDesc.set.call(t, html);
    t.content.querySelectorAll(SEL).forEach(function (el) { if (el.localName === "script") G.inert.add(el); else process(el); });
    return t.content;
  }
  if (innerDesc && innerDesc.set) {
    Object.defineProperty(E, "innerHTML", {
      configurable: true, enumerable: innerDesc.enumerable, get: innerDesc.get,
      set: function (html) {
        html = String(html);
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
        html = String(html);
        if (!this.parentNode || !TRACK_RE.test(html)) return outerDesc.set.call(this, html);
        replaceChild.call(this.parentNode, inert(html), this);
      }
    });
  }
  wrap(E, "insertAdjacentHTML", function (orig) {
    return function (pos, html) {
      html = String(html);
      if (!TRACK_RE.test(html)) return orig.call(this, pos, html);
      var frag = inert(html), p = String(pos).toLowerCase();
      if (p === "beforebegin") { if (this.parentNode) insertBefore.call(this.parentNode, frag, this); }
      else if (p === "afterbegin") insertBefore.call(this, frag, this.firstChild);
      else if (p === "beforeend") appendChild.call(this, frag);
      else if (p === "afterend") { if (this.parentNode) insertBefore.call(this.parentNode, frag, this.nextSibling); }
      else return orig.call(this, pos, html); // the browser's own SyntaxError
    };
  });
  // document.write: blocked elements are written back in the held form.
  ["write", "writeln"].forEach(function (m) {
    wrap(Doc, m, function (orig) {
      return function () {
        var html = Array.prototype.join.call(arguments, "");
        if (!TRACK_RE.test(html)) return orig.call(this, html);
        var t = doc.createElement("template"), changed = false;
        innerDesc.set.call(t, html);
        t.content.querySelectorAll(SEL).forEach(function (el) {
          var v = H.el(el);
          if (v && !v.allowed && !hasAttr.call(el, HELD)) { G.mark(el, v); changed = true; }
        });
        return orig.call(this, changed ? innerDesc.get.call(t) : html);
      };
    });
  });

  // Requests from page code.
  var blocked = function () { return new TypeError("consentry: blocked until consent"); };
  wrap(win, "fetch", function (orig) {
    return function (input, init) {
      var self = this, u = urlOf(input), arg = input instanceof Request ? input : u;
      return request(u, function () { return orig.call(self, arg, init); }, function () { return Promise.reject(blocked()); });
    };
  });
  var nav = win.navigator || {};
  if (nav.sendBeacon) {
    wrap(nav, "sendBeacon", function (orig) {
      return function (url, data) {
        var self = this, u = urlOf(url);
        return request(u, function () { return orig.call(self, u, data); }, function () { return false; }, function () {
          queue.push({ url: u, go: function () { orig.call(self, u, data); }, no: function () {} });
          return true; // queued, as the browser's own answer means
        });
      };
    });
  }
  // Connections: refused like a connection the browser's own policy forbids;
  // they cannot wait, so before the engine answers a possible tracker is refused.
  ["WebSocket", "EventSource"].forEach(function (name) {
    var Orig = win[name];
    if (typeof Orig !== "function") return;
    var Guarded = function (url) {
      var nt = new.target;
      if (!nt) return Orig.apply(this, arguments); // the browser's own TypeError
      var args = Array.prototype.slice.call(arguments), u = args[0] = urlOf(url);
      return request(u, function () { return Reflect.construct(Orig, args, nt === Guarded ? Orig : nt); },
        function () { throw new DOMException("consentry: blocked until consent", "SecurityError"); },
        function () { throw new DOMException("consentry: blocked until consent", "SecurityError"); });
    };
    Guarded.prototype = Orig.prototype;
    Object.setPrototypeOf(Guarded, Orig); // static constants (WebSocket.OPEN…)
    Object.defineProperty(Guarded, "name", { value: name });
    try { win[name] = Guarded; } catch (e) { report(e); }
  });
  var XHR = win.XMLHttpRequest && win.XMLHttpRequest.prototype, xhrUrl = new WeakMap();
  wrap(XHR, "open", function (orig) {
    return function (method, url) {
      var a = Array.prototype.slice.call(arguments);
      if (a.length > 1) a[1] = urlOf(url);
      xhrUrl.set(this, a[1]);
      return orig.apply(this, a);
    };
  });
  wrap(XHR, "send", function (orig) {
    return function () {
      var x = this, a = arguments, u = xhrUrl.get(x);
      var fail = function () {
        setTimeout(function () {
          x.dispatchEvent(new ProgressEvent("error"));
          x.dispatchEvent(new ProgressEvent("loadend"));
        });
      };
      if (u === undefined) return orig.apply(x, a);
      request(u, function () { return orig.apply(x, a); }, fail, function () {
        queue.push({ url: u, go: function () { orig.apply(x, a); }, no: fail });
      });
    };
  });

  // Cookies and storage: the engine refuses what belongs to blocked services.
  try {
    Object.defineProperty(doc, "cookie", {
      configurable: true,
      get: function () { return rawCookie(); },
      set: function (v) {
        v = String(v);
        if (H.cookie(v.split(";")[0].split("=")[0].trim())) writeCookie(v);
      }
    });
  } catch (e) { report(e); }
  if (win.Storage) {
    wrap(win.Storage.prototype, "setItem", function (orig) {
      return function (key, value) {
        key = String(key);
        if (H.storage(key)) return orig.call(this, key, value);
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

  // ---- Google Consent Mode: the most restrictive default, before any tag ----
  var gcm = cfg && cfg.googleConsentMode, gcmOn = gcm === true || (gcm && typeof gcm === "object" && gcm.enabled === true);
  if (gcmOn) {
    var st = {}, types = T.gcm.split(" ");
    types.forEach(function (t, i) { st[t] = i ? "denied" : "granted"; });
    st.wait_for_update = typeof gcm.waitForUpdate === "number" ? gcm.waitForUpdate : T.gcmWait;
    (function () { (win.dataLayer = win.dataLayer || []).push(arguments); })("consent", "default", st);
  }
  G.gcmDefault = !!gcmOn;

  // ---- the API: methods wait for the engine -----------------------------------
  var started, failed, isReady = false;
  var boot = new Promise(function (ok, ko) { started = ok; failed = ko; });
  boot.catch(function () { /* each caller gets its own rejection */ });
  function later(name) {
    return function () {
      var a = arguments;
      return boot.then(function () { return api[name].apply(api, a); });
    };
  }
  var api = {
    acceptAll: later("acceptAll"), rejectAll: later("rejectAll"), withdraw: later("withdraw"),
    setConsent: later("setConsent"), showPreferences: later("showPreferences"),
    // Until the engine answers nothing is known, and nothing is allowed.
    getConsent: function () { return { stored: "pending", regime: "pending", bannerNeeded: false, categories: {}, services: {} }; },
    allows: function () { return false; },
    on: function (name, cb) {
      if (typeof cb !== "function") return api;
      (listeners[name] = listeners[name] || []).push(cb);
      if (name === "ready" && isReady) queueMicrotask(function () { try { cb.call(api, api.getConsent()); } catch (e) { report(e); } });
      return api;
    },
    off: function (name, cb) {
      var l = listeners[name];
      if (l) listeners[name] = l.filter(function (f) { return f !== cb; });
      return api;
    },
    get ready() { return isReady; },
    engine: null
  };
  G.api = api;

  // The engine takes over: every later case goes to `handler`; what waits is
  // answered in order. Returns nothing; the engine re-judges what is held.
  G.use = function (handler) {
    H = handler;
    var q = queue;
    queue = [];
    q.forEach(function (r) {
      var why = H.url(r.url);
      if (why) r.no(why); else r.go();
    });
    started();
  };
  G.announce = function () {
    if (isReady) return;
    isReady = true;
    G.emit("ready", api.getConsent());
  };
  // The engine could not start (missing, blocked by CSP or SRI): what is held
  // stays held, what waits is refused, no choice can be recorded.
  G.fail = function (e) {
    if (H !== pre) return;
    try {
      console.error("consentry: the engine could not start, so every known tracker stays blocked and no choice can be recorded. " +
        "Serve consentry-engine.js and consentry_bg.wasm beside consentry.js; under a Content-Security-Policy, script-src must allow " +
        "'wasm-unsafe-eval' and connect-src the wasm's origin.", e);
    } catch (_) { /* nothing */ }
    H = { el: pre.el, hold: pre.hold, cookie: pre.cookie, storage: pre.storage,
      url: function (u) { return might(u) ? "engine-unavailable" : ""; } };
    var q = queue;
    queue = [];
    q.forEach(function (r) { r.no("engine-unavailable"); });
    failed(new Error("consentry: the engine is unavailable; no choice can be recorded"));
  };

  try { perf.mark("consentry:guard-end"); } catch (e) { /* no User Timing */ }
  return G;
}
