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

// The built-ins the engine's JS glue (wasm-bindgen's) reads the engine's
// answers and passes strings with, as the browser had them when the guard
// started: the glue looks them up when it calls, after page code ran (a
// `JSON.parse` or a `TextDecoder.prototype.decode` rewriting
// `"allowed":false` had let a refused pixel load). `charCodeAt` and
// `slice`: a string's, as the glue copies one into the engine.
function consentryPrim(w) {
  var TD = w.TextDecoder, TE = w.TextEncoder, dec = TD.prototype.decode, enc = TE.prototype.encode, into = TE.prototype.encodeInto;
  var cca = CONSENTRY_S.charCodeAt, sl = CONSENTRY_SLICE, apply = CONSENTRY_APPLY;
  function D(l, o) { var d = new TD(l, o); this.decode = function (b) { return apply(dec, d, b === undefined ? [] : [b]); }; }
  function E() {
    var e = new TE();
    this.encode = function (s) { return apply(enc, e, [s]); };
    this.encodeInto = function (s, v) { return apply(into, e, [s, v]); };
  }
  return [{ parse: w.JSON.parse, stringify: w.JSON.stringify }, { get: w.Reflect.get }, D, E,
    function (s, i) { return apply(cca, s, [i]); }, function (s, i) { return apply(sl, s, [i]); }];
}

// eslint-disable-next-line no-unused-vars
function consentryGuard(win, doc, T) {
  "use strict";
  var perf = win.performance, t0;
  try { t0 = perf.now(); } catch (e) { /* no timer */ }
  var HELD = "data-consentry", MOVED = HELD + "-", OTYPE = MOVED + "type";
  var E = Element.prototype, N = Node.prototype, Doc = Document.prototype;
  var setAttr = E.setAttribute, getAttr = E.getAttribute, hasAttr = E.hasAttribute, remAttr = E.removeAttribute;
  var insertBefore = N.insertBefore, appendChild = N.appendChild, replaceChild = N.replaceChild, mkEl = Doc.createElementNS;
  var gd = function (o, n) { return Object.getOwnPropertyDescriptor(o, n); };
  // The browser's own getters where a page's could steer the guard (each
  // forged one let a tracker through: session 22's audit).
  var baseOf = gd(N, "baseURI").get, textOf = gd(N, "textContent").get, tplContent = gd(HTMLTemplateElement.prototype, "content").get;
  var CD = gd(CharacterData.prototype, "data"), piTarget = gd(ProcessingInstruction.prototype, "target").get, cloneOf = N.cloneNode;
  var recAdded = gd(MutationRecord.prototype, "addedNodes").get;
  function contentOf(t) { try { return tplContent.call(t); } catch (e) { return null; } }
  // Scans by the browser's own querySelectorAll and a plain loop: page code
  // may replace either, or NodeList's forEach and length (each let an
  // inserted image through in WebKit, which loads one on insertion).
  var QSA = { 1: E.querySelectorAll, 9: Doc.querySelectorAll, 11: DocumentFragment.prototype.querySelectorAll };
  var nodeType = gd(N, "nodeType").get, nlLen = gd(NodeList.prototype, "length").get;
  function each(root, sel, f) {
    var q, l, n, i;
    try { q = QSA[CONSENTRY_APPLY(nodeType, root, [])]; } catch (e) { return; }
    if (!q) return;
    l = CONSENTRY_APPLY(q, root, [sel]);
    for (n = CONSENTRY_APPLY(nlLen, l, []), i = 0; i < n; i++) f(l[i]);
  }
  var sl = function (a) { return [].slice.call(a); };
  var getProto = Object.getPrototypeOf, hasOwn = Object.prototype.hasOwnProperty;
  var cookieDesc = gd(Doc, "cookie"), innerDesc = gd(E, "innerHTML");
  var rawCookie = function () { try { return cookieDesc.get.call(doc); } catch (e) { return ""; } };
  var writeCookie = function (v) { try { cookieDesc.set.call(doc, v); } catch (e) { /* cookies off */ } };
  // Lookups by element name without a prototype: `<constructor>` must not
  // find Object's (a thrown observer lets the rest of its batch through).
  var own = function (o) { var r = Object.create(null); for (var k in o) if (hasOwn.call(o, k)) r[k] = o[k]; return r; };
  var TAGS = own(T.tags), SEL = Object.keys(TAGS).join(","), TRACK_RE = consentryRe(new RegExp("<(" + Object.keys(TAGS).join("|") + ")", "i"));
  // What the engine judges an element by: a change to any of these is judged.
  var URLS_OF = own({});
  Object.keys(TAGS).forEach(function (t) { URLS_OF[t] = TAGS[t].split(" "); });
  var JUDGED = own({});
  T.attrs.split(" ").forEach(function (n) { JUDGED[n] = 1; });
  // A URL attribute of a tag, looked up without a method page code could replace.
  var ISURL = own({});
  Object.keys(TAGS).forEach(function (t) { URLS_OF[t].forEach(function (n) { ISURL[t + " " + n] = 1; }); });
  var plain = consentryPlain;
  // The guard's own sets and maps keep the browser's methods as their own
  // properties, as String's toLowerCase is kept (consentryLower): page code
  // may replace the shared ones (WeakSet.prototype.has answering true, or
  // toLowerCase and indexOf answering what it chose, let every src through
  // the gate, Chromium).
  function pin(o) {
    var p = getProto(o);
    Object.getOwnPropertyNames(p).forEach(function (k) { var d = gd(p, k); if (k !== "constructor" && typeof d.value === "function") Object.defineProperty(o, k, { value: d.value }); });
    return o;
  }
  // A new set of released elements (a withdrawal's), made with what is
  // saved here: by then page code may have replaced WeakSet's methods, or
  // those pin() copies with.
  var WS = WeakSet, WSP = WeakSet.prototype, def = Object.defineProperty;
  var wsAdd = WSP.add, wsHas = WSP.has, wsDel = WSP["delete"];
  function newDone() {
    var s = new WS();
    def(s, "add", { value: wsAdd }); def(s, "has", { value: wsHas }); def(s, "delete", { value: wsDel });
    return s;
  }
  var listeners = {}, queue = [];
  var G = {
    setAttr: setAttr, getAttr: getAttr, hasAttr: hasAttr, remAttr: remAttr,
    insertBefore: insertBefore, appendChild: appendChild, replaceChild: replaceChild,
    rawCookie: rawCookie, writeCookie: writeCookie, unstore: win.Storage && Storage.prototype.removeItem,
    early: [],                     // cookie writes before the engine: [name, as written]
    done: pin(new WeakSet()),      // released: not held again on insertion (a new URL is still judged)
    inert: pin(new WeakSet()),     // scripts from HTML strings: never run, never held
    detached: pin(new Set()),      // held elements outside the DOM (`new Image()`)
    loose: pin(new Set()),         // released outside the DOM, for a withdrawal to find
    tracked: TAGS, tables: T, plain: plain,
    roots: []                 // documents and shadow roots watched, this one first (see eachRoot)
  };
  // Other realms' documents and shadow roots are held weakly where the
  // browser can: a frame that navigates or is removed takes its realm with
  // it, instead of the page keeping one realm per ad refresh. Each realm's
  // patcher is kept by its document (`byDoc`).
  // Collected ones are dropped into a new list before the visit, never
  // during it: `f` may reach a nested visit (an insertion that patches a
  // realm), which must not shift this one's places.
  var Weak = win.WeakRef, byDoc = pin(new WeakMap());
  var live = function (r) { return Weak ? r.deref() : r; };
  G.eachRoot = function (f) {
    var r = G.roots = G.roots.filter(live), i, x;
    for (i = 0; i < r.length; i++) if ((x = live(r[i])) !== undefined) f(x);
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
  // The config and the server's facts as the HTML gave them, read before
  // any page script, for the engine too: page code could forge them later
  // (a region, a policy: the engine had allowed everything).
  function given(id) { var e = doc.getElementById(id); return e ? [textOf.call(e), getAttr.call(e, "data-region")] : null; }
  var cfg;
  // The browser's signals too (a page defining navigator.globalPrivacyControl
  // as false had turned a US visitor's GPC off), and its JSON reader.
  var sig = win.navigator || {};
  G.given = { "consentry-config": given("consentry-config"), "consentry-server": given("consentry-server"),
    gpc: sig.globalPrivacyControl === true, dnt: sig.doNotTrack === "1" || win.doNotTrack === "1" };
  // The clean-up's own triggers, taken before page code: a replaced
  // requestIdleCallback, or a page's earlier pagehide listener stopping the
  // event, had kept refused storage for good. Capture listeners the guard
  // adds first run first (`ears`); the engine sets G.hide.
  G.idle = win.requestIdleCallback && win.requestIdleCallback.bind(win);
  G.parse = JSON.parse; G.keys = Object.keys; G.prim = consentryPrim(win); G.each = each; G.newDone = newDone;
  try {
    cfg = G.given["consentry-config"] ? G.parse(G.given["consentry-config"][0]) : undefined;
  } catch (e) { cfg = undefined; /* the engine reports a broken config */ }
  var hosts = consentryHosts(T, cfg);
  function might(u) { return consentryMight(hosts, u, baseOf.call(doc), win.location.origin); }

  // Before the engine: hold what it might block; allow nothing held.
  var pre = {
    el: function (el, name, value) {
      return consentryMightHold(T, might, ln(el), function (n) { return n === name ? value : getAttr.call(el, n); });
    },
    // A frame the parser inserted began navigating at insertion, before any
    // script could see it; taking its src away (the held form) cancels that
    // navigation if it is still under way. Static untagged markup is the
    // server rewriter's or tagging's to stop.
    hold: function (el, v) { G.mark(el, v); if (!el.isConnected && G.detached.size < 100) G.detached.add(el); },
    url: function (u) { return might(u) ? "wait" : ""; },
    // The engine's start-up cleanup removes what it refuses: the writes are
    // kept for it, as one on another path is not visible from this page.
    // Only a write on a path or domain of its own needs keeping (the rest
    // the start-up clean-up sees); past 100 such, refused: page code could
    // otherwise fill the list to exempt one.
    cookie: function (n, v) {
      if (!CONSENTRY_SCOPED.test(v || "")) return true;
      if (G.early.length >= 100) return false;
      G.early.push([n, v]);
      return true;
    },
    storage: function () { return true; }
  };
  var H = pre;

  // Puts an element in the held form (the server's form too). What decides
  // is what would fetch: a forged mark exempts nothing.
  G.mark = function (el, v) {
    if (ln(el) === "script") {
      var t = getAttr.call(el, "type");
      if (!v.tagged && !plain(t)) {
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
    var urls = URLS_OF[ln(el)];
    if (urls === undefined || G.done.has(el) || G.inert.has(el)) return;
    var held = getAttr.call(el, HELD), v;
    // Nothing the core could judge it by (no URL attribute, no tag, not
    // held): most elements of a governed tag, links and inline scripts, are
    // such, and need no verdict.
    if (held === null && !hasAttr.call(el, "data-category") && !hasAttr.call(el, "data-service") &&
      !urls.some(function (n) { return hasAttr.call(el, n); })) return;
    v = H.el(el);
    if (!v) return;
    if (!v.allowed) H.hold(el, v);
    else if (held !== null || v.tagged) { if (batch) batch.push(el); else H.release(el); }
  };
  // ---- element interfaces, patched on first sight ----------------------------
  // Reaching an interface's prototype makes Chromium build the interface
  // (~20-400 µs each), so those that only some elements have are patched, in
  // every realm, when the first element that has one could reach page code:
  // its global name (`HTMLImageElement`, `Image`, `Audio`) is taken until then,
  // and every path that makes elements tells `ensure` their tag first:
  // createElement(NS), the parser (the observer runs before the next script,
  // and is flushed before the events the parser fires), HTML strings (their
  // tags), template contents and shadow roots, and, all at once, what makes
  // elements from names it does not show (XML, XSLT, editing, internals).
  // Once page code holds an unpatched setter it can use it on any later
  // element: no path may hand it one.
  var LAZY = {
    HTMLImageElement: "img image", Image: "img image", HTMLIFrameElement: "iframe", HTMLFrameElement: "frame",
    HTMLSourceElement: "source", HTMLEmbedElement: "embed", HTMLObjectElement: "object",
    HTMLMediaElement: "video audio", HTMLVideoElement: "video", HTMLAudioElement: "audio", Audio: "audio",
    HTMLTrackElement: "track", HTMLInputElement: "input", SVGImageElement: "image", SVGScriptElement: "script",
    SVGFEImageElement: "feImage", HTMLAnchorElement: "a", HTMLAreaElement: "area", HTMLMetaElement: "meta",
    HTMLBaseElement: "base", HTMLTableElement: "table", HTMLSelectElement: "select"
  };
  var NAMED = { Image: "HTMLImageElement", Audio: "HTMLAudioElement" }, SVG = "http://www.w3.org/2000/svg";
  var TYPE = own({}), seen = own({}), unseen = 0, TAG_RE = /<([a-z][^\s\/>]*)/gi;
  Object.keys(LAZY).forEach(function (c) {
    LAZY[c].split(" ").forEach(function (t) { if (!TYPE[t]) { TYPE[t] = []; unseen++; } TYPE[t].push(c); });
  });
  var LAZY_SEL = Object.keys(TYPE).join(",") + ",template", LOWER = own({});
  // Names read from strings, in any case, to the DOM's (SVG's feImage).
  Object.keys(TYPE).forEach(function (t) { LOWER[t.toLowerCase()] = t; });
  function ensure(tag) {
    if (!TYPE[tag] || seen[tag]) return;
    seen[tag] = 1;
    unseen--;
    G.eachRoot(function (d) { var f = byDoc.get(d); if (f) f(tag); });
  }
  function ensureAll() { if (unseen) Object.keys(TYPE).forEach(ensure); }
  function local(n) { n = consentryLower(n.slice(n.lastIndexOf(":") + 1)); ensure(LOWER[n] || n); }
  // An HTML string's elements can only be of the tags it names.
  function tagsIn(h) {
    var m;
    TAG_RE.lastIndex = 0;
    while (unseen && (m = TAG_RE.exec(h))) local(m[1]);
    return h;
  }
  // What a template holds is parsed but not observed.
  function typesIn(root) {
    if (unseen) each(root, LAZY_SEL, function (e) { if (ln(e) === "template") typesIn(contentOf(e)); else ensure(ln(e)); });
  }
  // Frames page code inserted, or whose realm was reached: never parked
  // (`park`); `observing`: the observer's own scan.
  var parkedOnce = pin(new WeakSet()), observing = 0;
  function process(el) {
    var tag = ln(el), t;
    ensure(tag);
    if (tag === "template") { typesIn(contentOf(el)); return; }
    if ((t = E.getAttributeNodeNS.call(el, XLINK, "href")) && attrName.call(t) !== "xlink:href") {
      E.removeAttributeNode.call(el, t);
      E.setAttributeNS.call(el, XLINK, "xlink:href", attrValue.get.call(t));
    }
    if (FRAME[tag]) {
      fresh.push(el);
      if (!observing) parkedOnce.add(el);
      ["src", "data"].forEach(function (n) { var v = getAttr.call(el, n), b = v && !sealed(el, n, v) && reblob(v); if (b !== v && b !== false) setAttr.call(el, n, b); });
    }
    if (tag === "meta" && (t = getAttr.call(el, "content")) && sent(tag, "content", t) !== t) setAttr.call(el, "content", sent(tag, "content", t));
    if (tag === "iframe" && hasAttr.call(el, "srcdoc") && !srcdocs.has(el)) {
      t = getAttr.call(el, "srcdoc");
      if (!sealed(el, "srcdoc", t)) setAttr.call(el, "srcdoc", srcdoc(t, el));
    }
    // Speculation rules and web bundles naming a possible tracker stay
    // inert: a prefetch is a hint the page never needs, no worker sees a
    // cross-site prefetch, and a bundle's resources load from it unseen.
    // An empty one too: the browser reads the text page code gives it
    // later, unseen here.
    t = tag === "script" && getAttr.call(el, "type") || "";
    if (/^\s*(speculationrules|webbundle)\s*$/i.test(t) && ruled(el.textContent)) {
      setAttr.call(el, OTYPE, t);
      setAttr.call(el, "type", "text/plain");
      setAttr.call(el, HELD, "pending");
    }
    if (/^\s*importmap\s*$/i.test(t)) importmap(el);
    G.judge(el);
  }
  // Rules are read as the browser reads them: JSON (escapes decoded), each
  // string a URL relative to the page (a path under a first-party rule, or
  // `https:host` without slashes, had been prefetched); unreadable, empty,
  // or with document rules (any `source` but a list, or `where`: any link
  // of the page), inert.
  function ruled(text) {
    var j, bad = !text;
    try { j = G.parse(text); } catch (e) { return true; }
    (function walk(v) {
      if (bad) return;
      if (typeof v === "string") { if (might(v)) bad = true; return; }
      if (!v || typeof v !== "object") return;
      var ks = G.keys(v);
      for (var i = 0; i < ks.length; i++) { if (ks[i] === "where" || (ks[i] === "source" && v[ks[i]] !== "list")) bad = true; walk(v[ks[i]]); }
    })(j);
    return bad;
  }
  // An import map loses the entries that would load what the engine
  // refuses now (an import of them then fails as unmapped, loading nothing):
  // a map cannot change once read, so they stay out on this page view.
  function importmap(el) {
    var m, changed;
    try { m = JSON.parse(el.textContent); } catch (e) { return; }
    [m && m.imports].concat(m && m.scopes ? Object.values(m.scopes) : []).forEach(function (o) {
      if (o && typeof o === "object") for (var k in o) if (typeof o[k] === "string" && H.url(abs(o[k]))) { delete o[k]; changed = 1; }
    });
    if (changed) el.textContent = JSON.stringify(m);
  }
  // An xml-stylesheet processing instruction among a document's children
  // loads its href, in HTML documents too (every engine): its href is
  // renamed while the engine may refuse it, and stays so on this view.
  var PI_HREF = consentryRe(/(^|\s)href\s*=\s*("[^"]*"|'[^']*')/), XML_STYLE = consentryRe(/^xml-stylesheet$/i);
  function piData(p, d) {
    var m = PI_HREF.exec(d);
    return XML_STYLE.test(piTarget.call(p)) && m && H.url(abs(m[2].slice(1, -1))) ? CONSENTRY_APPLY(CONSENTRY_REPLACE, d, [PI_HREF, "$1data-consentry-href=$2"]) : d;
  }
  function stylePI(p) { var d = CD.get.call(p), h = piData(p, d); if (h !== d) CD.set.call(p, h); return h !== d; }
  // An HTML string as the parser will see it (in `ctx`, an element whose
  // content is SVG or MathML, as foreign content), blocked elements in the
  // held form.
  function heldHTML(h, ctx) {
    if (!TRACK_RE.test(h)) return h;
    var p = parseAs(h, ctx);
    return holdIn(p[1]) ? innerDesc.get.call(p[0]) : h;
  }
  // `h` parsed where nothing loads, as the parser would into `ctx`: the
  // element it was set on, and what holds it (a template's content, or
  // that element where `ctx` is SVG or MathML).
  function parseAs(h, ctx) {
    var fr = ctx && foreign(ctx), t = fr ? like(ctx) : mkEl.call(doc, XHTML, "template");
    innerDesc.set.call(t, h);
    return [t, fr ? t : tplContent.call(t)];
  }
  // Marks held what the engine may block in markup parsed where nothing
  // loads, to be written out again; whether it held any.
  function holdIn(f) {
    var changed = false;
    each(f, SEL, function (el) {
      var v = H.el(el);
      if (v && !v.allowed) { G.mark(el, v); changed = true; }
    });
    // A declarative shadow root is a template's content here, but the
    // parser this markup is written to attaches it: held inside too.
    each(f, "template[shadowrootmode]", function (x) { if (holdIn(contentOf(x))) changed = true; });
    // A frame's srcdoc inside it is a document the browser parses at once
    // (a nested one loaded its image before any observer, in every engine),
    // and an XML document's xml-stylesheet instructions load as it parses.
    each(f, "iframe[srcdoc]", function (x) {
      // One the hand-over cannot join: judged as a data: document now (it
      // cannot wait here), left out if the engine may refuse it.
      if (opaque(x)) {
        if (asFrame(asData(getAttr.call(x, "srcdoc")))) { remAttr.call(x, "srcdoc"); changed = true; }
        return;
      }
      var h = handed(getAttr.call(x, "srcdoc"), 1);
      if (h !== null) { setAttr.call(x, "srcdoc", h); changed = true; }
    });
    for (var c = f.firstChild; c; c = c.nextSibling) if (nodeType.call(c) === 7 && stylePI(c)) changed = true;
    return changed;
  }
  // A srcdoc document is a new realm that parses at once: its markup is
  // written held, and its first script hands the realm to this guard.
  var srcdocs = pin(new WeakSet()), nonce = (doc.currentScript || {}).nonce;
  var handCode = "try{(parent!==window?parent:opener).__consentryRealm(window)}catch(e){}", RUNS = consentryRe(/<script|[\s/]on[a-z]+\s*=|javascript:/i);
  var handover = "<script" + (nonce ? ' nonce="' + nonce + '"' : "") + ">" + handCode + "</script>";
  // The hand-over after a doctype (first, it would put the page in quirks
  // mode). `lazy`: null when nothing is held and nothing can run script.
  function handed(h, lazy) {
    var dt = (/^\s*<!doctype[^>]*>/i.exec(h) || [""])[0], rest = h.slice(dt.length), held = heldHTML(rest);
    return lazy && held === rest && !RUNS.test(h) ? null : dt + handover + held;
  }
  function srcdoc(h, el) {
    srcdocs.add(el);
    return handed(String(h));
  }
  // Whether the hand-over cannot join a frame's realm: sandboxed without
  // allow-same-origin (its tokens split on HTML's whitespace only: one
  // ending in a vertical tab or a no-break space is not that token), or
  // under Chromium's `csp` attribute, which may refuse its nonce; by its own
  // attributes or a frame's it is in (the flags and a csp are inherited: a
  // csp on the outer frame had refused the inner one's hand-over, Chromium).
  function opaque(el) {
    for (var e = el, i = 0, s; e && i < 9; i++) {
      s = getAttr.call(e, "sandbox");
      if (hasAttr.call(e, "csp") || s !== null && !SAME_ORIGIN.test(s)) return true;
      try { e = viewOf.call(ownerDoc.call(e)).frameElement; } catch (x) { e = null; }
    }
    return false;
  }
  var unsealed = pin(new WeakMap()), SAME_ORIGIN = consentryRe(/(^|[\t\n\f\r ])allow-same-origin([\t\n\f\r ]|$)/i), HTML_TYPE = consentryRe(/html/i), BLOB = consentryRe(/^blob:/i), encode = encodeURIComponent;
  // A document's text as a data: URL, which the core judges by the hosts it names.
  function asData(t) { return "data:text/html," + CONSENTRY_APPLY(encode, win, [t]); }
  // Such a frame's srcdoc or blob: document is judged like a data: one and
  // set once the engine allows it (refused: left out on this page view,
  // like a refused request). Whether it took the value `h` of `n` over.
  function sealed(el, n, h) {
    var t;
    if (ln(el) !== "iframe" || unsealed.get(el) === n + h || !opaque(el)) return false;
    h = String(h);
    t = n === "srcdoc" ? h : n === "src" && BLOB.test(abs(h)) ? read(abs(h))[0] : null;
    if (t === null) return false;
    srcdocs.add(el);
    remAttr.call(el, n);
    var d = asData(t);
    function refused() { var v = H.el(el, "src", d); return v && !v.allowed ? "refused" : ""; }
    function go() { unsealed.set(el, n + h); setAttr.call(el, n, h); }
    if (!refused()) go(); else if (H === pre) queue.push({ judge: refused, go: go, no: function () {} });
    return true;
  }
  // A blob: document is same-origin and parses at once too. An HTML blob's
  // URL is made for the same markup, held, with the hand-over first when it
  // can run script; read back synchronously (the bytes are local). A blob
  // the site's CSP forbids reading (connect-src without blob:) is left as is.
  var XHR = XMLHttpRequest, xOpen = XHR.prototype.open, xSend = XHR.prototype.send, xText = gd(XHR.prototype, "responseText").get, xHead = XHR.prototype.getResponseHeader;
  var blobType = gd(Blob.prototype, "type").get, blobSize = gd(Blob.prototype, "size").get, NewBlob = Blob, blobSlice = Blob.prototype.slice, unURL = URL.revokeObjectURL;
  var parseDoc = DOMParser.prototype.parseFromString, serialize = XMLSerializer.prototype.serializeToString;
  function read(u, x) {
    try { x = new XHR(); xOpen.call(x, "GET", u, false); xSend.call(x); return [xText.call(x), xHead.call(x, "content-type")]; } catch (e) { return [null]; }
  }
  // The blob: URLs the guard's realms made, judged when made.
  var mine = pin(new Set()), mkURL = URL.createObjectURL;
  function blobURL(make, obj) {
    var u = made(make(obj)), t, p, h;
    try { t = blobType.call(obj); } catch (e) { return u; } // a MediaSource
    // A large one with no type is read whole only when its first bytes
    // (Firefox's sniffing window) are markup, which Firefox shows as HTML.
    if (!t && blobSize.call(obj) > 4e6) {
      h = read(p = make(blobSlice.call(obj, 0, 1445)))[0];
      try { unURL.call(URL, p); } catch (e) { /* kept: harmless */ }
      if (h === null || !/^\s*</.test(h)) return u;
    }
    return typed(make, u, t);
  }
  function made(u) { mine.add(u); return u; }
  // A blob: document by its type (`h`: its text, if read): XHTML is XML, its
  // entities can hide a tag from an HTML parse; HTML, and markup with no
  // type, which a browser may sniff as HTML (Firefox does), held as HTML.
  function typed(make, u, t, h) {
    if (/xml|xsl/i.test(t)) return xmlBlob(make, u, t);
    if (t && !HTML_TYPE.test(t)) return u;
    if (h === undefined) h = read(u)[0];
    if (h === null || (!t && !/^\s*</.test(h))) return u;
    // Read as UTF-8 where the type names no charset; a `<meta charset>` can
    // make the frame's parser read ISO-2022-JP, whose escapes (ESC) turn
    // ASCII pairs into one character: `ESC$B<!ESC(B--<img>` is a comment
    // here and an image there (Chromium and Firefox loaded it). Such text
    // is always made again, as the UTF-8 read here.
    return (h = handed(tagsIn(h), !/\x1b/.test(h))) === null ? u : made(make(new NewBlob([h], { type: "text/html;charset=utf-8" })));
  }
  // One made where no guard is (a worker) and given to a frame or sent to
  // by a navigation (`leads`): read back once, and made again here as if
  // made here (markup only: other bytes as they are). Read as the URL parser
  // reads it (` blob:`, `bl\tob:`), and each answer kept: a second frame
  // given the same URL gets the same held one (both leaked, Chromium).
  var rebl = pin(new Map());
  function reblob(u) {
    var x = abs(u), r;
    if (!/^blob:/i.test(x) || mine.has(x)) return u;
    if (!rebl.has(x)) rebl.set(x, (r = read(x))[0] === null ? x : typed(function (o) { return mkURL.call(URL, o); }, x, r[1] || "", r[0]));
    return rebl.get(x);
  }
  // A frame's URL, or a refresh's (`<meta content>`): a blob: URL in it read back.
  function sent(tag, n, v) {
    return FRAME[tag] ? reblob(v) : tag === "meta" && n === "content" ? v.replace(/[\t\n\r]/g, "").replace(/blob:[^\s'"]+/gi, function (m) { return reblob(m); }) : v;
  }
  // An SVG or other XML document in a frame loads its markup as it parses,
  // as an HTML one does: its elements are held in an XML parse of it (where
  // nothing loads) and the URL made for that, in the same type. It keeps the
  // frame's realm, which is already the guard's.
  function xmlBlob(make, u, t) {
    var h = read(u)[0], d;
    // Parsed whatever its text shows: an entity can hide a tag, and an
    // xml-stylesheet instruction loads as it parses.
    if (h === null) return u;
    try { d = parseDoc.call(new DOMParser(), h, /svg/i.test(t) ? "image/svg+xml" : "application/xml"); } catch (e) { return u; }
    var held = holdIn(d), r = d.documentElement, s;
    // An XHTML document's scripts may run in a new realm: the hand-over first, as in HTML.
    if (r && elNS.call(r) === XHTML && RUNS.test(h)) {
      s = mkNS.call(d, XHTML, "script");
      if (nonce) setAttr.call(s, "nonce", nonce);
      s.textContent = handCode;
      insertBefore.call(r, s, r.firstChild);
      held = true;
    }
    return held ? made(make(new NewBlob([serialize.call(new XMLSerializer(), d)], { type: t }))) : u;
  }

  function scan(node) {
    if (!node) return;
    var k = kind(node);
    if (k === 1) {
      process(node);
      if (firstEl.call(node)) each(node, SCAN, process);
    } else if (k === 11 || k === 9) {
      each(node, SCAN, process);
      for (var c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 7) stylePI(c);
    } else if (k === 7) stylePI(node);
  }
  var SCAN = SEL + ",template", firstEl = gd(E, "firstElementChild").get;

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
  // A real Request (of any realm) keeps its URL; anything else is converted
  // once, and that string is what is judged and what is passed on.
  var reqUrl = gd(Request.prototype, "url").get;
  function reqOf(u) { try { return reqUrl.call(u); } catch (e) { return null; } }
  function urlOf(u) { var r = reqOf(u); return r === null ? String(u) : r; }
  var blocked = function () { return new TypeError("consentry: blocked until consent"); };
  var nav = win.navigator || {};
  // A navigation the visitor started (a click) is not a subresource load.
  // Read with the browser's own getters: page code may replace the shared ones.
  var act = win.UserActivation && [gd(Navigator.prototype, "userActivation").get, gd(UserActivation.prototype, "isActive").get];
  // Only while a trusted event the visitor made is dispatched (and the
  // browser counts it as an activation): the activation itself lasts seconds,
  // in which page code on a timer or a listener of any key could send hidden
  // frames anywhere. Cleared by a timer set first, before any the page sets.
  var acting = 0;
  // A page-started activation being dispatched: re-judges where it leads
  // after each write page code makes meanwhile (`unlinked`, `submitted`).
  var flight = null;
  function late(orig) { return function () { var r = orig.apply(this, arguments); if (flight) flight(); return r; }; }
  var U = "href protocol username password host hostname port pathname search hash";
  var LATE = { HTMLAnchorElement: U, HTMLAreaElement: U, HTMLButtonElement: "formAction type", HTMLInputElement: "formAction type" };
  // The browser's own setTimeout: a page's swallowing the reset had left
  // one click the visitor's for every later page-started navigation.
  var timer = setTimeout;
  function gesture(e) { if (e.isTrusted && !acting) { acting = 1; CONSENTRY_APPLY(timer, win, [function () { acting = 0; }]); } }
  function visitor() { try { return acting === 1 && act[1].call(act[0].call(nav)) === true; } catch (e) { return false; } }

  // Any attribute the engine judges by, set on a governed element by any
  // API: judged with its new value first. A held element keeps new URLs
  // (and a script its new type) in the held form, for the engine to judge.
  function gate(el, n, value) {
    var tag = el && ln(el), urls = TAGS[tag];
    // A frame's srcdoc is a document: its markup held, however it is set
    // (setAttribute, the property, setAttributeNS, an Attr node or its value).
    // Markup with nothing to hold and no script is set as the page wrote it
    // (an Attr node stays the page's).
    if ((n === "src" || n === "srcdoc") && sealed(el, n, value)) return false;
    if (n === "srcdoc" && tag === "iframe") {
      srcdocs.add(el);
      var h = handed(String(value), 1);
      if (h === null) return true;
      setAttr.call(el, n, h);
      return false;
    }
    if (urls === undefined || !JUDGED[n] || G.inert.has(el)) return true;
    var b = sent(tag, n, value = String(value));
    if (b !== value) { setAttr.call(el, n, b); return false; }
    var url = tag !== "script" && ISURL[tag + " " + n] === 1;
    var moves = url || (n === "type" && tag === "script");
    if (hasAttr.call(el, HELD) && !G.done.has(el)) {
      if (!moves) return true;
      setAttr.call(el, MOVED + n, value);
      return false;
    }
    var v = H.el(el, n, value);
    if (!v || v.allowed) return true;
    H.hold(el, v);
    if (!moves) return true;
    setAttr.call(el, MOVED + n, value);
    return false;
  }
  var attrOwner = gd(Attr.prototype, "ownerElement").get, attrName = gd(Attr.prototype, "name").get, attrNS = gd(Attr.prototype, "namespaceURI").get;
  // The xlink namespace's href loads under any prefix: judged (and moved,
  // and read by the engine) under its one name.
  var XLINK = "http://www.w3.org/1999/xlink";
  function qname(ns, n) { return consentryLower(ns === XLINK ? "xlink:" + n.slice(n.indexOf(":") + 1) : n); }
  function aname(a) { return qname(attrNS.call(a), String(attrName.call(a))); }
  var localName = gd(E, "localName").get, shadowOf = gd(E, "shadowRoot").get, curScript = gd(Doc, "currentScript").get;
  function kind(n) { try { return nodeType.call(n); } catch (e) { return 0; } } // 0: not a node
  // An element's name by the browser's own getter (a page's answering "div"
  // let a src through the gate, Chromium); undefined for what is not one.
  function ln(e) { try { return CONSENTRY_APPLY(localName, e, []); } catch (x) { return undefined; } }
  function isAttr(a) { return kind(a) === 2; }
  var attrValue = gd(Attr.prototype, "value"), owners = pin(new WeakMap()), scratch = doc.createElement("link"), scratchRel = scratch.relList;

  // The namespace of an element whose children parse as foreign content
  // (SVG, MathML); null for HTML and for what is not an element.
  var elNS = gd(E, "namespaceURI").get, XHTML = "http://www.w3.org/1999/xhtml";
  function foreign(ctx) { try { var ns = elNS.call(ctx); return ns !== XHTML && ns; } catch (e) { return null; } }
  // An element that parses an HTML string as `ctx` would, in a document
  // without a window (nothing loads there): in an SVG context `<image>`
  // stays SVG's and `<circle>` a circle, which a <template> or a body would
  // turn into HTML elements.
  // Made with the browser's own calls: a page's replacement could hand back
  // the live document, where everything loads.
  var implOf = gd(Doc, "implementation").get, mkDoc = DOMImplementation.prototype.createHTMLDocument;
  var readyOf = gd(Doc, "readyState").get, bodyOf = gd(Doc, "body").get, ownerDoc = gd(N, "ownerDocument").get, viewOf = gd(Doc, "defaultView").get, mkNS = Doc.createElementNS;
  var mkFrag = Doc.createDocumentFragment, mkRange = Doc.createRange;
  function like(ctx) {
    var d = mkDoc.call(implOf.call(doc), ""), ns = foreign(ctx);
    return ns ? appendChild.call(bodyOf.call(d), mkNS.call(d, ns, localName.call(ctx))) : bodyOf.call(d);
  }
  // HTML strings: parsed inert (in a <template>, or as foreign content
  // where `ctx` is SVG or MathML), held there, then inserted. Scripts are
  // left alone: the fragment parser marks them already started, so they
  // never fetch or run, held or not (and could never be released).
  function inert(html, ctx) {
    var p = parseAs(html, ctx), t = p[0], root = p[1];
    each(root, SEL, function (el) { if (ln(el) === "script") G.inert.add(el); else process(el); });
    if (root !== t) return root;
    var f = mkFrag.call(ownerDoc.call(t));
    f.append.apply(f, sl(t.childNodes));
    return f;
  }
  var realms = pin(new WeakSet()), docs = pin(new WeakSet()), pendingWrite = "";
  function observed(records) {
    observing++;
    try {
      for (var i = 0; i < records.length; i++) {
        var added = recAdded.call(records[i]);
        for (var j = 0, n = CONSENTRY_APPLY(nlLen, added, []); j < n; j++) {
          scan(added[j]);
          // A host whose declarative shadow root the parser attached (markup
          // written held by `document.write`, a srcdoc or blob: document):
          // its root is watched, so what it holds is released.
          if (nodeType.call(added[j]) === 1) hostRoot(added[j]);
        }
      }
    } finally { observing--; }
    frames();
  }
  var observer = new MutationObserver(observed);
  // Events the parser or an edit fires synchronously run page code before
  // the observer's turn: it gets its turn first.
  function flush() { var r = observer.takeRecords(); if (r.length) observed(r); }
  // Parser-inserted elements: the observer runs before the parser prepares
  // the next script, so a held script never executes.
  function watch(d) {
    if (d && !docs.has(d)) {
      docs.add(d); G.roots.push(Weak ? new Weak(d) : d); observer.observe(d, { childList: true, subtree: true });
      // A shadow root: submit and a frame's load are not composed, they never
      // reach the document.
      if (nodeType.call(d) === 11) { listen.call(d, "submit", submitted, true); listen.call(d, "formdata", formdata, true); listen.call(d, "load", loaded, true); listen.call(d, "click", clicked, true); }
    }
  }
  // Same-origin frames and popups are other realms with pristine APIs: each
  // gets the same interception, sharing this guard's state, before page code
  // can reach it (the frame getters, window.open, insertion, the parser).
  // Inserted frames were judged on their way in (`fresh`): their realms
  // exist once the insertion is done, without a second walk of the tree.
  var fresh = [];
  function frames() {
    var f = fresh;
    fresh = [];
    f.forEach(function (el) {
      try { if (park(el)) return; } catch (e) { /* left in place: patched below */ }
      parkedOnce.add(el);
      realm(el);
    });
  }
  // A frame's box (the engine's placeholder too) takes its size attributes,
  // by the CSSOM, not a style attribute: allowed under a strict CSP.
  G.size = function (box, el) {
    ["width", "height"].forEach(function (a) { var n = getAttr.call(el, a); if (/^\d+$/.test(n)) box.style[a] = n + "px"; });
  };
  G.parked = pin(new WeakMap());   // box → the frame it stands for (the engine's placeholders too)
  G.boxes = pin(new WeakMap());    // frame → its box
  // A held iframe first seen by the observer (the parser's, before any page
  // script runs) leaves the document at once, parked in an empty box sized
  // as the engine's placeholder will be (which takes the box's place, or the
  // frame goes back): its realm is never created, nor patched (~1.5 + ~1.1
  // ms a frame). One that page code inserts stays, patched: that code may
  // use it at once (it was seen on its way in, before any observer).
  // Not for a visitor with a stored choice, who may get the frame back at
  // once: swapping the box back could shift a layout made for the frame
  // (a responsive wrapper's absolutely placed iframe); it stays, patched.
  // `chose`: the consent cookie is there, read once, at the first such frame.
  var chose;
  function park(el) {
    var p = parentOf.call(el), held = getAttr.call(el, HELD), box;
    if (ln(el) !== "iframe" || !p || !connected.call(el) || parkedOnce.has(el) || held === null || held === "placeholder") return;
    if (chose === undefined) chose = (";" + rawCookie()).replace(/\s/g, "").indexOf(";" + (cfg && cfg.cookie && cfg.cookie.name || T.cookie) + "=") >= 0;
    if (chose) return;
    parkedOnce.add(el);
    box = mkEl.call(ownerDoc.call(el), XHTML, "span"); // an HTML span in any document
    box.style.cssText = "display:block;box-sizing:border-box;max-width:100%;min-height:150px";
    G.size(box, el);
    setAttr.call(box, HELD, "placeholder");
    G.parked.set(box, el);
    G.boxes.set(el, box);
    return replaceChild.call(p, box, el);
  }
  function framesIn(root) { each(root, "iframe,frame,object,embed", realm); }
  // An <embed> has no contentWindow: its document's realm is among its
  // window's frames, each patched (cross-origin ones are left alone).
  function realm(el) {
    try {
      var c = cwin(el);
      if (c !== undefined) return patch(c);
      for (var f = viewOf.call(ownerDoc.call(el)).frames, i = 0; i < f.length; i++) patch(f[i]);
    } catch (e) { /* cross-origin */ }
  }
  // A frame's realm by the browser's own getters: a page's own property
  // answering null had left a frame's realm unpatched.
  var cwGets = [];
  function cwin(el) { for (var i = 0; i < cwGets.length; i++) try { return cwGets[i].call(el); } catch (e) { /* another frame type */ } }
  function loaded(e) {
    var t = evTarget.call(e), s = staged.has(t);
    flush();
    if (FRAME[ln(t)]) realm(t);
    if (s) { unstage(t); stopNow.call(e); } // a load the page never asked for
  }
  G.realm = realm;
  G.ln = ln;
  G.on = function (el) { try { return connected.call(el); } catch (e) { return false; } };
  G.abs = abs; // the engine reads URLs with the browser's own parser too

  // ---- interception, once per realm -------------------------------------------
  function patch(w) {
    var P;
    try { P = w && w.Node && w.Node.prototype; } catch (e) { return w; } // cross-origin
    if (!P) return w;
    if (realms.has(P)) { try { adopt(w.document, w); } catch (e) { /* cross-origin */ } return w; }
    realms.add(P);
    var wE = w.Element.prototype, wDoc = w.Document.prototype, wd;
    try { wd = w.document; } catch (e) { return w; }
    // `obj`: an object, or the name of one of this realm's interfaces.
    function pt(obj) { return typeof obj === "string" ? w[obj] && w[obj].prototype : obj; }
    function wrap(obj, name, make) {
      obj = pt(obj);
      var orig = obj && obj[name];
      if (typeof orig !== "function") return;
      try { obj[name] = make(orig); } catch (e) { report(e); }
    }
    function setter(obj, prop, make) {
      obj = pt(obj);
      var d = obj && gd(obj, prop);
      if (!d || !d.set) return;
      try {
        Object.defineProperty(obj, prop, { configurable: true, enumerable: d.enumerable, get: d.get, set: make(d.set, d.get) });
      } catch (e) { report(e); }
    }
    function getter(obj, prop, after) {
      obj = pt(obj);
      var d = obj && gd(obj, prop);
      if (!d || !d.get) return;
      Object.defineProperty(obj, prop, { configurable: true, enumerable: d.enumerable, set: d.set,
        get: function () { var r = d.get.call(this); after(r, this); return r; } });
    }
    function after(orig) {
      return function () { depth++; try { return orig.apply(this, arguments); } finally { depth--; settled(); } };
    }
    function guardArgs(orig) {
      orig = after(orig);
      return function () {
        for (var i = 0; i < arguments.length; i++) if (arguments[i] && typeof arguments[i] === "object") arriving(arguments[i]);
        return orig.apply(this, arguments);
      };
    }
    function guardFirst(orig) { orig = after(orig); return function (node) { arriving(node); return orig.apply(this, arguments); }; }
    // Argument `i` read once, as a string, and shown to `f` first.
    function first(i, f) {
      return function (orig) {
        return function () {
          if (!unseen) return orig.apply(this, arguments);
          var a = sl(arguments);
          if (a.length > i) f(a[i] = String(a[i]), a);
          return orig.apply(this, a);
        };
      };
    }
    // Element interfaces of this realm (see ensure): `one` patches one.
    var create = wDoc.createElement, createNS = wDoc.createElementNS, did = {}, trapped = {};
    function one(c) { if (!did[c]) { did[c] = 1; restore(c); iface(c); } }
    // The interface (or a named constructor) back under its name, recovered
    // from an element: the name was taken so page code could not reach it.
    function restore(c) {
      var name = NAMED[c] || c, tag = LAZY[c].split(" ")[0], p, d;
      if (!trapped[c]) {
        if (NAMED[c] && typeof w[c] === "function") try { w[c] = named(c, tag, w[c].prototype); } catch (e) { report(e); }
        return;
      }
      for (p = getProto(c[0] === "S" ? createNS.call(wd, SVG, tag) : create.call(wd, tag)); p; p = getProto(p)) {
        d = gd(p, "constructor");
        if (d && typeof d.value === "function" && d.value.name === name) break;
      }
      Object.defineProperty(w, c, { configurable: true, writable: true, value: NAMED[c] ? named(c, tag, p) : p && d.value });
    }
    // `new Image(w, h)` and `new Audio(src)` as the browser makes them; a src
    // is judged as it is set.
    function named(c, tag, p) {
      var F = function () {
        if (!new.target) throw new TypeError("Illegal constructor");
        var el = create.call(wd, tag), a = arguments, v;
        if (tag === "img") {
          if (a[0] !== undefined) el.width = a[0];
          if (a[1] !== undefined) el.height = a[1];
        } else {
          setAttr.call(el, "preload", "auto");
          if (a[0] !== undefined && gate(el, "src", v = String(a[0]))) setAttr.call(el, "src", v);
        }
        return el;
      };
      Object.defineProperty(F, "name", { value: c });
      Object.defineProperty(F, "prototype", { value: p, writable: false });
      return F;
    }
    Object.keys(LAZY).forEach(function (c) {
      var tag = LAZY[c].split(" ")[0];
      if (seen[tag] || !hasOwn.call(w, c)) return;
      try {
        delete w[c]; // unlike reading it, deleting does not build it
        Object.defineProperty(w, c, { configurable: true, enumerable: false,
          get: function () { ensure(tag); one(c); var d = gd(w, c); return d && d.value; },
          set: function (v) { Object.defineProperty(w, c, { configurable: true, writable: true, value: v }); } });
        trapped[c] = 1;
      } catch (e) { ensure(tag); }
    });
    // A frame that navigated is another realm: this one is left alone.
    byDoc.set(wd, function (tag) { try { if (w.document === wd) TYPE[tag].forEach(one); } catch (e) { /* cross-origin now */ } });
    Object.keys(seen).forEach(function (tag) { TYPE[tag].forEach(one); });
    wrap(wDoc, "createElement", first(0, local));
    wrap(wDoc, "createElementNS", first(1, local));

    wrap(P, "appendChild", guardFirst);
    wrap(P, "insertBefore", guardFirst);
    wrap(P, "replaceChild", guardFirst);
    ["Element", "DocumentFragment", "Document", "CharacterData", "DocumentType"].forEach(function (c) {
      ["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (m) {
        wrap(c, m, guardArgs);
      });
    });
    wrap(wE, "insertAdjacentElement", function (orig) { orig = after(orig); return function (pos, node) { arriving(node); return orig.apply(this, arguments); }; });
    wrap("Range", "insertNode", guardFirst);
    wrap("Range", "surroundContents", guardFirst);

    // Attributes, by every API that sets one.
    wrap(wE, "setAttribute", function (orig) {
      return function (name, value) {
        if (arguments.length < 2) return orig.apply(this, arguments); // the browser's own TypeError
        name = String(name); value = String(value); // read once: what is judged is what is set
        var n = consentryLower(name);
        if (gate(this, n, value)) return orig.call(this, name, value);
      };
    });
    wrap(wE, "setAttributeNS", function (orig) {
      return function (ns, name, value) {
        if (arguments.length < 3) return orig.apply(this, arguments);
        value = String(value);
        // Each argument converted once: the browser would convert an object again.
        if (ns != null) ns = String(ns);
        var n = qname(ns, name = String(name));
        if (ns === XLINK) name = n;
        if (gate(this, n, value)) return orig.call(this, ns, name, value);
      };
    });
    function attrNode(orig, el) {
      return function (a) {
        var e = el ? el(this) : this;
        if (isAttr(a) && !gate(e, aname(a), attrValue.get.call(a))) return null;
        return orig.apply(this, arguments);
      };
    }
    wrap(wE, "setAttributeNode", attrNode);
    wrap(wE, "setAttributeNodeNS", attrNode);
    var ownerOfMap = function (m) { return owners.get(m); };
    wrap("NamedNodeMap", "setNamedItem", function (o) { return attrNode(o, ownerOfMap); });
    wrap("NamedNodeMap", "setNamedItemNS", function (o) { return attrNode(o, ownerOfMap); });
    getter(wE, "attributes", function (m, el) { owners.set(m, el); });
    // Every write and removal of an attribute, then re-judged by a
    // page-started activation in flight (`flight`).
    ["setAttribute", "setAttributeNS", "setAttributeNode", "setAttributeNodeNS", "removeAttribute", "removeAttributeNS", "removeAttributeNode", "toggleAttribute"].forEach(function (m) { wrap(wE, m, late); });
    ["setNamedItem", "setNamedItemNS", "removeNamedItem", "removeNamedItemNS"].forEach(function (m) { wrap("NamedNodeMap", m, late); });
    // An attribute node's value and a processing instruction's data
    // (Firefox and WebKit load a changed xml-stylesheet), however they are
    // written, are read before they are set: one node-type read per call,
    // these setters being the ones frameworks update text through.
    function dataSet(set) {
      return function (v) {
        var t = kind(this), el;
        if (t === 2 && (el = attrOwner.call(this))) { v = String(v); if (!gate(el, aname(this), v)) return; }
        else if (t === 7) v = piData(this, String(v));
        set.call(this, v);
      };
    }
    [["Attr", "value"], [P, "nodeValue"], [P, "textContent"]].forEach(function (x) { setter(x[0], x[1], dataSet); setter(x[0], x[1], late); });
    setter("HTMLFormElement", "action", late);
    lates("HTMLButtonElement");
    setter("CharacterData", "data", dataSet);
    ["appendData", "insertData", "replaceData"].forEach(function (n) {
      wrap("CharacterData", n, function (orig) {
        return function () { if (kind(this) !== 7) return orig.apply(this, arguments); var c = cloneOf.call(this); orig.apply(c, arguments); CD.set.call(this, piData(this, CD.get.call(c))); };
      });
    });
    // URL and judged properties (a detached `new Image()` fetches as soon as
    // its src is set), and what leads to another realm, of one interface.
    function iface(c) {
      PROPS.forEach(function (pair) {
        if (pair[0] === c) setter(c, pair[1], function (set) {
          return function (v) {
            v = String(v);
            if (gate(this, pair[2] || pair[1], v)) set.call(this, v);
          };
        });
      });
      if (FRAMES[c]) {
        var g = gd(pt(c), "contentWindow");
        if (g && w === win) cwGets.push(g.get);
        getter(c, "contentWindow", patch);
        getter(c, "contentDocument", function (d) { if (d) patch(d.defaultView); });
        wrap(c, "getSVGDocument", function (orig) { return function () { var d = orig.apply(this, arguments); if (d) patch(d.defaultView); return d; }; });
      }
      if (/^SVG/.test(c)) getter(c, "href", function (s, el) { owners.set(s, el); });
      lates(c);
      // Setters and methods that insert the node they are given.
      if (c === "HTMLTableElement") ["caption", "tHead", "tFoot"].forEach(function (p) { setter(c, p, entering); });
      if (c === "HTMLSelectElement") [c, "HTMLOptionsCollection"].forEach(function (o) { wrap(o, "add", guardFirst); });
    }
    function lates(c) { if (LATE[c]) LATE[c].split(" ").forEach(function (n) { setter(c, n, late); }); }
    function entering(set) { set = after(set); return function (v) { arriving(v); set.call(this, v); }; }
    setter(wDoc, "body", entering);
    ["HTMLScriptElement", "HTMLLinkElement", "HTMLBodyElement"].forEach(iface);
    // relList and an SVG href's baseVal: worked out on a detached copy first.
    getter("HTMLLinkElement", "relList", function (l, el) { owners.set(l, el); });
    ["add", "remove", "toggle", "replace"].forEach(function (m) {
      wrap("DOMTokenList", m, function (orig) {
        return function () {
          var el = owners.get(this);
          if (!el) return orig.apply(this, arguments);
          setAttr.call(scratch, "rel", getAttr.call(el, "rel") || "");
          var r = orig.apply(scratchRel, arguments), now = getAttr.call(scratch, "rel");
          if (gate(el, "rel", now)) setAttr.call(el, "rel", now);
          return r;
        };
      });
    });
    setter("DOMTokenList", "value", function (set) {
      return function (v) { var el = owners.get(this); v = String(v); if (!el || gate(el, "rel", v)) set.call(this, v); };
    });
    setter("SVGAnimatedString", "baseVal", function (set) {
      return function (v) { var el = owners.get(this); v = String(v); if (!el || gate(el, "href", v)) set.call(this, v); };
    });
    setter("SVGAnimatedString", "baseVal", late);

    // HTML strings.
    function html(obj, prop, inertTemplate) {
      setter(obj, prop, function (set) {
        return function (h) {
          h = tagsIn(String(h));
          var out = prop === "outerHTML", p = parentOf.call(this);
          if ((inertTemplate && ln(this) === "template") || !TRACK_RE.test(h) || (out && !p)) return set.call(this, h);
          var frag = stage(inert(h, out ? p : this));
          if (out) after(replaceChild).call(p, frag, this);
          else { set.call(this, ""); after(appendChild).call(this, frag); }
        };
      });
    }
    html(wE, "innerHTML", 1);
    html("ShadowRoot", "innerHTML");
    html(wE, "outerHTML");
    // Declarative shadow roots and a sanitizer's output need the real call:
    // made where nothing loads (a document without a window), held, then the
    // nodes moved in; on an element, with the element's own method (a shadow
    // root's throws on one).
    ["setHTML", "setHTMLUnsafe"].forEach(function (n) {
      var el = wE[n];
      [wE, "ShadowRoot"].forEach(function (o) {
        wrap(o, n, function (orig) {
          return function (h) {
            var a = sl(arguments);
            h = a[0] = tagsIn(String(h));
            if (!TRACK_RE.test(h)) return orig.apply(this, a);
            var b = like(this);
            el.apply(b, a);
            held(b);
            this.replaceChildren.apply(this, sl(b.childNodes));
          };
        });
      });
    });
    wrap(wE, "insertAdjacentHTML", function (orig) {
      return function (pos, h) {
        pos = String(pos);
        h = tagsIn(String(h));
        if (!TRACK_RE.test(h)) return orig.call(this, pos, h);
        var p = consentryLower(pos), up = parentOf.call(this);
        var frag = stage(inert(h, p === "beforebegin" || p === "afterend" ? up : this)), ins = after(insertBefore);
        if (p === "beforebegin") { if (up) ins.call(up, frag, this); }
        else if (p === "afterbegin") ins.call(this, frag, this.firstChild);
        else if (p === "beforeend") ins.call(this, frag, null);
        else if (p === "afterend") { if (up) ins.call(up, frag, this.nextSibling); }
        else return orig.call(this, pos, h); // the browser's own SyntaxError
      };
    });
    // Parsed in a document without a window (nothing loads there), held,
    // then brought in: scripts stay runnable, as the page expects.
    wrap("Range", "createContextualFragment", function (orig) {
      return function (h) {
        h = tagsIn(String(h));
        if (!TRACK_RE.test(h)) return orig.call(this, h);
        var c = this.startContainer, b, r;
        b = like(c && nodeType.call(c) === 1 ? c : c && c.parentNode);
        r = mkRange.call(ownerDoc.call(b));
        r.selectNodeContents(b);
        var f = orig.call(r, h);
        held(f);
        return wd.adoptNode(f);
      };
    });
    // Nodes from windowless documents (DOMParser, templates, XHR documents)
    // start loading when they arrive: they are judged where they are first.
    wrap(wDoc, "importNode", function (orig) {
      return function (node, deep) {
        var from = kind(node) ? ownerDoc.call(node) : null;
        if (!from || from === this || viewOf.call(from)) return orig.apply(this, arguments);
        var c = node.cloneNode(!!deep);
        held(c);
        return this.adoptNode(c);
      };
    });
    wrap(wDoc, "adoptNode", function (orig) { return function (node) { held(node); return orig.apply(this, arguments); }; });
    wrap(wE, "attachShadow", function (orig) { return function () { var r = orig.apply(this, arguments); rootOf.set(this, r); watch(r); return r; }; });
    // A shadow root the parser attached is watched once page code reaches it.
    getter(wE, "shadowRoot", rootIn);
    wrap("Event", "composedPath", function (orig) {
      return function () {
        var p = orig.apply(this, arguments);
        if (unseen) p.forEach(function (n) { try { if (nodeType.call(n) === 1) ensure(localName.call(n)); } catch (e) { /* not a node */ } });
        return p;
      };
    });
    // Documents from strings and markup whose names the guard cannot read
    // before it is parsed (XML entities, XSLT, editing, a closed shadow root
    // that internals reach): every element interface, once.
    // A windowless parse is held where it is made (nothing loads there):
    // an insertion no wrapper sees (a select's indexed setter, whose option
    // WebKit loads as it arrives) then brings in held nodes. XML's entities
    // can hide a tag from the string.
    function parsing(t) {
      return function (orig) {
        return function () {
          var a = sl(arguments), html = t < 0 || a.length > 1 && (a[1] = String(a[1])) === "text/html";
          if (a.length) a[0] = String(a[0]);
          if (unseen) { if (html) tagsIn(a[0]); else ensureAll(); }
          var d = orig.apply(this, a);
          if (!html || TRACK_RE.test(a[0])) held(d);
          return d;
        };
      };
    }
    wrap("DOMParser", "parseFromString", parsing(1));
    wrap(w.Document, "parseHTMLUnsafe", parsing(-1));
    wrap(w.Document, "parseHTML", parsing(-1));
    function all(orig) { return function () { ensureAll(); return orig.apply(this, arguments); }; }
    // A fragment for the live document loads its images as it is made
    // (WebKit) or detached: made for a document without a window, held,
    // then adopted by the one asked for.
    wrap("XSLTProcessor", "transformToFragment", function (orig) {
      return function (src, out) {
        ensureAll();
        var a = sl(arguments), f;
        if (out && out.defaultView) a[1] = mkDoc.call(implOf.call(doc), "");
        f = orig.apply(this, a);
        if (f) held(f);
        return f && a[1] !== out ? out.adoptNode(f) : f;
      };
    });
    wrap("XSLTProcessor", "transformToDocument", all);
    // Firefox fetches a stylesheet's xsl:import and xsl:include as it is
    // imported: refused while the engine may block one (it cannot wait).
    var XSL_IMPORT = consentryRe(/^(import|include)$/);
    wrap("XSLTProcessor", "importStylesheet", function (orig) {
      return function (st) {
        each(st, "*", function (e) {
          if (elNS.call(e) === "http://www.w3.org/1999/XSL/Transform" && XSL_IMPORT.test(ln(e)) && H.url(abs(getAttr.call(e, "href") || ""))) throw blocked();
        });
        return orig.apply(this, arguments);
      };
    });

    wrap("DOMImplementation", "createDocument", all);
    wrap("HTMLElement", "attachInternals", all);
    wrap(wDoc, "execCommand", function (orig) {
      return function () {
        var a = sl(arguments), c = a[0] = String(a[0]);
        if (a.length > 2) {
          a[2] = String(a[2]);
          // The browser makes the elements of insertHTML and insertImage
          // itself (WebKit's load before any observer): markup, held if need be.
          if (/^insertimage$/i.test(c)) a = ["insertHTML", a[1], '<img src="' + a[2].replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '">'];
          if (/^inserthtml$/i.test(a[0])) a[2] = heldHTML(tagsIn(a[2]));
          tagsIn(a[2]);
        }
        if (/^(insertimage|paste)$/i.test(a[0])) ensureAll();
        return orig.apply(this, a);
      };
    });
    ["response", "responseXML"].forEach(function (n) {
      getter("XMLHttpRequest", n, function (r) { try { if (r && nodeType.call(r) === 9) ensureAll(); } catch (e) { /* not a document */ } });
    });
    // document.write: blocked elements are written back in the held form; a
    // tag split across calls waits for its end. Parsed where the parser
    // stands: the writing script's parent, then wherever the script's earlier
    // calls left it (inside an <svg> one opened: found by parsing them with
    // a mark after them; the live DOM may not show them yet).
    var wrote = [];
    function writingIn(d, h) {
      var s = curScript.call(d), ctx, t, m;
      if (wrote[0] !== d || wrote[1] !== s) {
        wrote = [d, s, "", s && parentOf.call(s)];
        soon.call(win, function () { wrote = []; });
      }
      ctx = wrote[3];
      if (wrote[2] && TRACK_RE.test(h)) {
        t = parseAs(wrote[2] + "<consentry-here></consentry-here>", ctx);
        m = null;
        each(t[1], "consentry-here", function (x) { m = m || x; });
        if (m && (m = parentOf.call(m)) !== t[0] && kind(m) === 1) ctx = m;
      }
      wrote[2] += h;
      return ctx;
    }
    ["write", "writeln"].forEach(function (m) {
      wrap(wDoc, m, function (orig) {
        return function () {
          var h = tagsIn(pendingWrite + Array.prototype.join.call(arguments, "") + (m === "writeln" ? "\n" : "")), cut = h.lastIndexOf("<");
          pendingWrite = "";
          if (cut >= 0 && h.indexOf(">", cut) < 0 && h.length - cut < 4096) { pendingWrite = h.slice(cut); h = h.slice(0, cut); }
          // Written up to each frame's end, the parser's own frames patched
          // after each part: a script after one could reach its realm.
          var self = this, opens = readyOf.call(this) !== "loading";
          (heldHTML(h, writingIn(this, h)).match(/[\s\S]*?(<\/iframe\s*>|<frame\b[^>]*>)|[\s\S]+$/gi) || [""]).forEach(function (x) { orig.call(self, x); framesIn(self); });
          if (opens) ears(this);
        };
      });
    });

    // Requests from page code.
    wrap(w, "fetch", function (orig) {
      return function (input, init) {
        var self = this, r = reqOf(input), u = r === null ? String(input) : r, arg = r === null ? u : input;
        return request(u, function () { return orig.call(self, arg, init); }, function () { return Promise.reject(blocked()); });
      };
    });
    // On the interface: an own property of `navigator` left
    // Navigator.prototype.sendBeacon (and `delete`) to page code.
    wrap("Navigator", "sendBeacon", function (orig) {
      return function (url, data) {
        var self = this, u = urlOf(url);
        return request(u, function () { return orig.call(self, u, data); }, function () { return false; }, function () {
          queue.push({ url: u, go: function () { orig.call(self, u, data); }, no: function () {} });
          return true; // queued, as the browser's own answer means
        });
      };
    });
    // Deferred requests, cache fills and worklet modules: refused while the
    // engine may block them (they cannot be handed back later).
    function refuse(obj, name, many, sync) {
      wrap(obj, name, function (orig) {
        return function (first) {
          var a = sl(arguments), list = many ? sl(first || []) : [first];
          for (var i = 0; i < list.length; i++) {
            var u = urlOf(list[i]);
            if (reqOf(list[i]) === null) list[i] = u;
            if (H.url(u)) { if (sync) throw blocked(); return Promise.reject(blocked()); }
          }
          a[0] = many ? list : list[0];
          return orig.apply(this, a);
        };
      });
    }
    refuse(w, "fetchLater", 0, 1);
    refuse("Cache", "add");
    refuse("Cache", "addAll", 1);
    refuse("Worklet", "addModule");
    // Connections: refused like a connection the browser's own policy forbids;
    // they cannot wait, so before the engine answers a possible tracker is refused.
    function refused() { throw new DOMException("consentry: blocked until consent", "SecurityError"); }
    // A constructor that connects or fetches, judged first (`judge(args,
    // make)`), with no way back to the original: its statics (WebSocket.OPEN…)
    // copied, not inherited (Object.getPrototypeOf(WebSocket) was the
    // original), and the prototype's `constructor` this one.
    function guardCtor(name, judge) {
      var Orig = w[name];
      if (typeof Orig !== "function") return;
      var Guarded = function () {
        var nt = new.target, args = sl(arguments);
        if (!nt) return Orig.apply(this, arguments); // the browser's own TypeError
        return judge(args, function () { return Reflect.construct(Orig, args, nt === Guarded ? Orig : nt); });
      };
      Object.getOwnPropertyNames(Orig).forEach(function (k) { if (k !== "prototype") Object.defineProperty(Guarded, k, gd(Orig, k)); });
      Object.setPrototypeOf(Guarded, getProto(Orig));
      Guarded.prototype = Orig.prototype;
      try { Object.defineProperty(Orig.prototype, "constructor", { value: Guarded, writable: true, configurable: true }); w[name] = Guarded; } catch (e) { report(e); }
      // A legacy alias holding the same constructor had kept the way back
      // (webkitRTCPeerConnection, Chromium).
      if (w["webkit" + name] === Orig) w["webkit" + name] = Guarded;
    }
    ["WebSocket", "EventSource", "WebTransport", "WebSocketStream"].forEach(function (name) {
      guardCtor(name, function (args, make) { var u = args[0] = urlOf(args[0]); return request(u, make, refused, refused); });
    });
    // Other APIs that reach a URL they are given: payment method manifests,
    // TURN and STUN servers (a tunnel to the host), identity providers. Each
    // value read once, judged, and passed on.
    function none(urls) { urls.forEach(function (u) { if (H.url(u)) refused(); }); }
    function copy(o) { return Object.assign({}, o); }
    guardCtor("PaymentRequest", function (args, make) {
      var m = args[0] = sl(args[0] || []).map(function (x) { x = copy(x); x.supportedMethods = String(x.supportedMethods); return x; });
      none(m.map(function (x) { return x.supportedMethods; }).filter(function (u) { return /^\s*https?:/i.test(u); }));
      return make();
    });
    // `turn:host:port?transport=tcp`: judged by its host (one it cannot read, held).
    function ice(c) {
      if (!dict(c)) return c;
      c = copy(c);
      c.iceServers = sl(c.iceServers || []).map(function (x) { x = copy(x); x.urls = [].concat(x.urls === undefined ? [] : x.urls).map(String); return x; });
      [].concat.apply([], c.iceServers.map(function (x) { return x.urls; })).forEach(function (u) {
        var m = /^\s*(?:turns?|stuns?):(\[[^\]]*\]|[^:?\/]+)/i.exec(u);
        if (!m || onHost(m[1])) refused();
      });
      return c;
    }
    // Images a notification shows (icon, image, badge, an action's icon):
    // one the engine may refuse is left out, the notification still shown.
    // WebIDL reads a dictionary from a function too.
    function dict(o) { return !!o && (typeof o === "object" || typeof o === "function"); }
    function pics(o, keys) {
      if (!dict(o)) return o;
      o = copy(o);
      keys.forEach(function (k) { if (o[k] !== undefined) { var u = abs(String(o[k])); if (H.url(u)) delete o[k]; else o[k] = u; } });
      if (keys.length > 1 && o.actions !== undefined) o.actions = sl(o.actions).map(function (a) { return pics(a, ["icon"]); });
      return o;
    }
    var PICS = ["icon", "image", "badge"];
    guardCtor("Notification", function (args, make) { if (args.length > 1) args[1] = pics(args[1], PICS); return make(); });
    wrap("ServiceWorkerRegistration", "showNotification", function (orig) { return function (t, o) { var a = sl(arguments); if (a.length > 1) a[1] = pics(o, PICS); return orig.apply(this, a); }; });
    guardCtor("RTCPeerConnection", function (args, make) { if (args.length) args[0] = ice(args[0]); return make(); });
    wrap("RTCPeerConnection", "setConfiguration", function (orig) { return function (c) { return orig.call(this, ice(c)); }; });
    wrap("CredentialsContainer", "get", function (orig) {
      return function (o) {
        var a = sl(arguments), id = o && o.identity;
        if (id && id.providers) {
          a[0] = o = copy(o);
          o.identity = id = copy(id);
          id.providers = sl(id.providers).map(function (p) { p = copy(p); if (p.configURL !== undefined) p.configURL = String(p.configURL); return p; });
          try { none(id.providers.map(function (p) { return abs(p.configURL || ""); })); } catch (e) { return Promise.reject(e); }
        }
        return orig.apply(this, a);
      };
    });
    wrap("XMLHttpRequest", "open", function (orig) {
      return function (method, url) {
        var a = sl(arguments);
        if (a.length > 1) a[1] = urlOf(url);
        xhrUrl.set(this, a[1]);
        return orig.apply(this, a);
      };
    });
    wrap("XMLHttpRequest", "send", function (orig) {
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
    if (w.URL) wrap(w.URL, "createObjectURL", function (orig) {
      return function (obj) { var self = this; return blobURL(function (o) { return orig.call(self, o); }, obj); };
    });
    // Page code that navigates a window or frame to a tracker is a
    // subresource in disguise; what the visitor starts is a navigation.
    function opens(orig) {
      return function (url) {
        var a = sl(arguments);
        if (a.length) a[0] = url === undefined ? url : urlOf(url);
        if (a[0] && !visitor() && leads(a[0])) return null;
        return patch(orig.apply(this, a));
      };
    }
    wrap(w, "open", opens);
    // document.open(url, name, features) is window.open by another name.
    wrap(wDoc, "open", function (orig) {
      var o = opens(orig);
      return function () {
        if (arguments.length > 2) return o.apply(this, arguments);
        var r = orig.apply(this, arguments);
        ears(this);
        return r;
      };
    });
    // Location's own methods cannot be wrapped; the Navigation API's can.
    wrap("Navigation", "navigate", function (orig) {
      return function (url) {
        var a = sl(arguments);
        if (a.length) a[0] = urlOf(url);
        if (a.length && !visitor() && leads(a[0])) refused();
        return orig.apply(this, a);
      };
    });
    // Location's members (`location.href = …`, assign, replace) of a frame
    // end in its navigate event where there is one (not WebKit; not from a
    // frame's initial about:blank document). The page's own navigation is
    // left: it is seen, and an outbound link sent after analytics is one.
    if (navTo && w !== win && w.navigation) listen.call(w.navigation, "navigate", function (e) {
      try { if (cancelable.call(e) && !navUser.call(e) && !visitor() && leads(destUrl.call(navTo.call(e)))) cancel.call(e); } catch (x) { report(x); }
    });
    wrap("HTMLFormElement", "submit", function (orig) {
      return function () {
        if (!visitor()) { if (sends(this)) return; pend.set(this, this); }
        return orig.apply(this, arguments);
      };
    });
    // A link page code activates (click(), a synthetic click; detached, or
    // in a closed shadow root) is activated without its URL; a submission
    // (a submit button's click, requestSubmit) is cancelled by its event,
    // here first.
    wrap("HTMLElement", "click", function (orig) { return function () { return unlinked(this, orig, arguments); }; });
    wrap("EventTarget", "dispatchEvent", function (orig) {
      return function (e) { try { if (evType.call(e) === "click") return unlinked(this, orig, arguments); } catch (x) { /* not an event */ } return orig.apply(this, arguments); };
    });

    // Cookies and storage: the engine refuses what belongs to blocked services.
    // On the prototype: `delete document.cookie` and the prototype's own
    // setter reach this too.
    try {
      Object.defineProperty(wDoc, "cookie", {
        configurable: true,
        get: function () { return rawCookie(); },
        set: function (v) {
          v = String(v);
          // WebKit writes each line of a string as a cookie of its own.
          if (CONSENTRY_BREAK.test(v)) return;
          var nv = v.split(";")[0], n = nv.split("=")[0].trim(), at = nv.indexOf("=");
          // A nameless cookie reads back as its value: `=_ga=1` as `_ga` (WebKit keeps it).
          if (!n && at >= 0) n = nv.slice(at + 1).split("=")[0].trim();
          if (H.cookie(n, v)) writeCookie(v);
        }
      });
    } catch (e) { report(e); }
    wrap("CookieStore", "set", function (orig) {
      return function (a) {
        var name = a && typeof a === "object" ? String(a.name) : String(a);
        if (!H.cookie(name, name + "=" + (a && typeof a === "object" ? (a.path ? "; path=" + a.path : "") + (a.domain ? "; domain=" + a.domain : "") : ""))) return Promise.resolve();
        var args = sl(arguments);
        if (a && typeof a === "object") args[0] = Object.assign({}, a, { name: name }); else args[0] = name;
        return orig.apply(this, args);
      };
    });
    wrap("Storage", "setItem", function (orig) {
      return function (key, value) {
        key = String(key);
        if (H.storage(key)) return orig.call(this, key, value);
      };
    });
    try { Object.defineProperty(w, "__consentryRealm", { value: patch }); } catch (e) { /* defined */ }
    adopt(wd, w);
    return w;
  }
  // A realm's document: watched, its frames patched as they load (a
  // same-origin frame that navigates gets a new realm). A frame's first
  // navigation from its initial about:blank to a same-origin document
  // (srcdoc, blob:) keeps the realm but brings a new document.
  function adopt(d, w) {
    if (!d || docs.has(d)) return;
    watch(d);
    ears(d);
    if (w !== win) framesIn(d);
  }
  // A document's and its window's listeners; again after `document.open()`
  // (called, or a write to a loaded document), which erases them all: a
  // frame's submissions and its own frames' realms had gone unseen.
  var EARS = ["submit", submitted, "formdata", formdata, "click", clicked, "readystatechange", flush, "input", flush,
    "click", gesture, "auxclick", gesture, "submit", gesture];
  function pageOff() { if (G.hide) G.hide(); }
  function visOff() { if (G.hide && doc.visibilityState === "hidden") G.hide(); }
  function ears(d) {
    var w = viewOf.call(d);
    if (w) {
      // A plain loop: this runs again after page code, which may have
      // replaced Array.prototype.forEach. `gesture`: a click (a key's on a
      // link or button is one) or a submission, not any key press or touch,
      // which page code may answer with navigations.
      for (var i = 0; i < EARS.length; i += 2) listen.call(w, EARS[i], EARS[i + 1], true);
      if (w === win) { listen.call(w, "pagehide", pageOff, true); listen.call(d, "visibilitychange", visOff, true); }
    }
    listen.call(d, "load", loaded, true);
  }
  // A node inserted from a windowless document (`Document.parseHTMLUnsafe`,
  // a template's content) may carry shadow roots its declarative markup
  // attached there, which no observer watched: they are held too.
  function arriving(node) {
    var d = null;
    try { d = nodeType.call(node) ? ownerDoc.call(node) : null; } catch (e) { /* not a node */ }
    if (d && !viewOf.call(d)) held(node); else scan(node);
    stage(node);
  }
  // A frame gets its realm as it is inserted, and page code can run before
  // the insertion returns (a script or a custom element inserted with it):
  // it enters without its URL, so the browser fires its about:blank load
  // at once, where it is patched (`loaded`), and gets the URL back there
  // (at the latest when the insertion returns).
  // A frame still waiting for its realm (a script earlier in the same
  // insertion ran an insertion of its own) keeps waiting, until the
  // outermost insertion returns.
  var staged = pin(new Map()), stopNow = Event.prototype.stopImmediatePropagation, depth = 0;
  function stage(node) {
    var k = kind(node), fs = [];
    if (k === 1 || k === 11) each(node, "iframe", function (x) { fs[fs.length] = x; });
    if (k === 1 && ln(node) === "iframe") fs[fs.length] = node;
    for (var i = 0; i < fs.length; i++) {
      // Its Attr nodes themselves: page code may hold one.
      var f = fs[i], a = [], x = attrNode.call(f, "src"), y = attrNode.call(f, "srcdoc");
      if (x) { remNode.call(f, x); a[a.length] = x; }
      if (y) { remNode.call(f, y); a[a.length] = y; }
      if (a.length) staged.set(f, a);
    }
    return node;
  }
  function unstage(f) {
    var a = staged.get(f);
    staged.delete(f);
    if (a) a.forEach(function (x) { if (!sealed(f, attrName.call(x), attrValue.get.call(x))) setNode.call(f, x); });
  }
  function settled() { frames(); staged.forEach(function (a, f) { if (!depth || !connected.call(f) || patch(cwin(f))) unstage(f); }); }
  // Also inside the open shadow roots that declarative markup attached.
  function held(node) {
    if (!node) return;
    scan(node);
    if (nodeType.call(node) === 1) hostRoot(node); // a host itself
    each(node, "*", hostRoot);
  }
  // An element's open shadow root, not yet watched, watched and held (by
  // the browser's own getter: the page's would hold it a second time).
  function hostRoot(e) { rootIn(shadowOf.call(e)); }
  function rootIn(r) { if (r && !docs.has(r)) { watch(r); held(r); } }
  // The browser's own getters and methods: page code may replace the shared ones.
  var EV = Event.prototype, evType = gd(EV, "type").get, evTarget = gd(EV, "target").get, cancel = EV.preventDefault, phase = gd(EV, "eventPhase").get;
  var NE = win.NavigateEvent && NavigateEvent.prototype, cancelable = gd(EV, "cancelable").get;
  var navTo = NE && gd(NE, "destination").get, navUser = NE && gd(NE, "userInitiated").get, destUrl = NE && gd(NavigationDestination.prototype, "url").get;
  var connected = gd(N, "isConnected").get, parentOf = gd(N, "parentNode").get, hostOf = gd(ShadowRoot.prototype, "host").get, listen = EventTarget.prototype.addEventListener;
  var submitter = win.SubmitEvent && gd(SubmitEvent.prototype, "submitter").get;
  // The link an activation follows: an `a` or `area` by its href, an SVG
  // `a` by its xlink:href too, a MathML element by its href.
  var MATHML = "http://www.w3.org/1998/Math/MathML", attrNode = E.getAttributeNode, attrNodeNS = E.getAttributeNodeNS;
  var remNode = E.removeAttributeNode, setNode = E.setAttributeNode;
  function linkOf(n) {
    if (nodeType.call(n) !== 1) return null;
    var ln = localName.call(n);
    if (!/^(a|area)$/.test(ln) && elNS.call(n) !== MATHML) return null;
    return attrNode.call(n, "href") || (ln === "a" && attrNodeNS.call(n, XLINK, "href")) || null;
  }
  // The next node of an event's path: a slotted node's slot (in a closed
  // root too, when the guard attached it), else its parent, a root's host.
  var slotsOf = DocumentFragment.prototype.querySelectorAll, assigned = win.HTMLSlotElement && HTMLSlotElement.prototype.assignedNodes;
  var rootOf = pin(new WeakMap()), soon = win.queueMicrotask;
  function up(n) {
    var p = parentOf.call(n), r = p && kind(p) === 1 && (shadowOf.call(p) || rootOf.get(p)), s;
    if (r && assigned) s = sl(slotsOf.call(r, "slot")).filter(function (x) { return assigned.call(x).indexOf(n) >= 0; })[0];
    return s || p || hostOf.call(n);
  }
  // The link an activation at `n` follows, taken away (into `out`, to be
  // put back) when it leads where the engine may refuse.
  function take(n, out) {
    var at;
    try { while (!(at = linkOf(n))) n = up(n); } catch (e) { return; /* no link: the walk left the nodes */ }
    if (leads(attrValue.get.call(at))) { remNode.call(n, at); out.push([n, at]); }
  }
  // The page's own write after it wins.
  function back(out) { for (var i = out.length - 1; i >= 0; i--) if (!linkOf(out[i][0])) setNode.call(out[i][0], out[i][1]); }
  // The browser reads a link's href, and a form's action, only after the
  // event's last listener: a page-started activation is judged again after
  // every write page code makes while it is dispatched (`late`).
  function unlinked(el, orig, a) {
    if (visitor()) return orig.apply(el, a);
    var out = [], was = flight;
    (flight = function () { take(el, out); })();
    try { return orig.apply(el, a); } finally { flight = was; back(out); }
  }
  // A click the browser dispatches during one page code started (a
  // label's, at its control) is met on the window and on each root.
  function clicked(e) {
    if (e.isTrusted || visitor()) return;
    var out = [], t = evTarget.call(e), was = flight;
    (flight = function () { if (was) was(); take(t, out); })();
    soon.call(win, function () { back(out); });
  }
  function submitted(e) { var f = evTarget.call(e), s = submitter && submitter.call(e); if (!visitor() && !sends(f, s, e)) pend.set(f, s || f); }
  // Its entry list's `formdata` event, which Firefox fires once the script
  // that submitted has ended.
  var pend = pin(new WeakMap());
  function formdata(e) { var f = evTarget.call(e), s = pend.get(f); if (s) { pend.delete(f); sends(f, s === f ? null : s); } }
  // A page-started submission of form `f` (by `s`), judged now and after
  // every write until it is sent: the submitter's formaction or, if page
  // code makes it no submit button, the form's action. Cancelled while its
  // event is dispatched; after it (a `formdata` listener's write, which
  // Firefox sends to) sent to about:blank, the page's values put back.
  function sends(f, s, e) {
    var check = flight = function (first) {
      var fa = s && hasAttr.call(s, "formaction") && getAttr.call(s, "formaction"), a = getAttr.call(f, "action");
      if (!leads(a || "") && !(fa && leads(fa))) return false;
      if (e && phase.call(e)) { cancel.call(e); return true; }
      if (first) return true; // refused by the caller
      setAttr.call(f, "action", "about:blank");
      if (fa) setAttr.call(s, "formaction", "about:blank");
      soon.call(win, function () { if (a === null) remAttr.call(f, "action"); else setAttr.call(f, "action", a); if (fa) setAttr.call(s, "formaction", fa); });
      return true;
    };
    soon.call(win, function () { if (flight === check) flight = null; });
    return check(1);
  }
  // Where page code sends a window or frame: a possible tracker, or a
  // data: or javascript: document that may load one, judged as a frame's
  // src would be (the core reads the document, or the code's string result).
  var navFrame = null;
  function asFrame(src) { var v = H.el(navFrame = navFrame || mkEl.call(doc, XHTML, "iframe"), "src", src); return !!v && !v.allowed; }
  function leads(u) {
    var x = abs(u);
    // A blob: URL the guard did not see made (a worker's) with markup to
    // hold or a script: refused (window.open, a link, a form, navigate();
    // Chromium and Firefox loaded its image).
    return /^\s*(data|javascript):/i.test(x) ? asFrame(x) : /^blob:/i.test(x) ? reblob(x) !== x : !!H.url(x);
  }
  // A connection to a host (a TURN server's tunnel) is judged by the host
  // under any path, as the core judges the hosts a document names.
  // (Before the engine, the guard's host set: any path.)
  function onHost(h) { return H === pre ? !!H.url("https://" + h + "/") : asFrame(asData("//" + h + "/")); }
  G.base = function () { return baseOf.call(doc); };
  function abs(u) { try { return consentryURL(u, baseOf.call(doc), "href"); } catch (e) { return String(u); } }
  var xhrUrl = pin(new WeakMap()), FRAME = own({ iframe: 1, frame: 1, object: 1, embed: 1 });
  var FRAMES = { HTMLIFrameElement: 1, HTMLFrameElement: 1, HTMLObjectElement: 1, HTMLEmbedElement: 1 };
  var PROPS = [
    ["HTMLScriptElement", "src"], ["HTMLScriptElement", "type"], ["HTMLImageElement", "src"], ["HTMLImageElement", "srcset"],
    ["HTMLIFrameElement", "src"], ["HTMLFrameElement", "src"], ["HTMLSourceElement", "src"], ["HTMLSourceElement", "srcset"],
    ["HTMLEmbedElement", "src"], ["HTMLLinkElement", "href"], ["HTMLLinkElement", "rel"], ["HTMLLinkElement", "imageSrcset", "imagesrcset"],
    ["HTMLObjectElement", "data"], ["HTMLIFrameElement", "srcdoc"], ["HTMLMediaElement", "src"], ["HTMLVideoElement", "poster"], ["HTMLTrackElement", "src"],
    ["HTMLInputElement", "src"], ["HTMLBodyElement", "background"], ["HTMLAnchorElement", "ping"], ["HTMLAreaElement", "ping"],
    ["HTMLMetaElement", "content"], ["HTMLMetaElement", "httpEquiv", "http-equiv"], ["HTMLBaseElement", "href"]
  ];
  patch(win);

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
      var why = r.judge ? r.judge() : H.url(r.url);
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

  // The marks are made later, at their times: the first mark of a page costs
  // about as much as this whole function, and it is not the guard's work.
  try {
    var t1 = perf.now();
    setTimeout(function () {
      try { perf.mark("consentry:guard-start", { startTime: t0 }); perf.mark("consentry:guard-end", { startTime: t1 }); } catch (e) { /* no User Timing */ }
    });
  } catch (e) { /* no timer */ }
  return G;
}
