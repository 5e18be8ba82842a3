// Consentry's holding and release, in the engine stage: judging an element
// with the engine, holding it (the guard's held form, an iframe parked in its
// placeholder), and releasing what is allowed in document order, each once.
//
// `consentryHolding(G, engine, doc, allowOne)` returns `{ abs, verdict, hold,
// schedule, releaseHeld, all, styles, wait }`; `allowOne(id)` records a placeholder's
// grant; `wait(promise)` makes every later release wait for it.

// eslint-disable-next-line no-unused-vars
function consentryHolding(G, engine, doc, allowOne) {
  "use strict";
  var HELD = "data-consentry", SVC = "data-consentry-service", MOVED = "data-consentry-";
  var OTYPE = MOVED + "type";
  var plain = G.plain;
  var TRACK = G.tracked;
  // From the generated tables: what judge reads, and every URL attribute
  // (made absolute for the engine, except the lists, a meta refresh's time
  // and URL, and CSS: a presentation attribute's value, or a SMIL value
  // with a `url(` or an escape, which the core reads as written; made
  // absolute, `url( "//t" )` would come back percent-encoded as one path).
  var ATTRS = G.tables.attrs.split(" "), URLS = [], URLISH = {}, RENAMED = G.tables.renamed, CSS = G.tables.css;
  for (var t in TRACK) TRACK[t].split(" ").forEach(function (n) { if (URLS.indexOf(n) < 0) URLS.push(n); });
  URLS.forEach(function (n) { if (!G.tables.lists[n] && n !== G.tables.refresh) URLISH[n] = CSS.indexOf(" " + n + " ") < 0 ? 1 : (" " + TRACK.set + " ").indexOf(" " + n + " ") >= 0 ? 2 : 0; });
  var setAttr = G.setAttr, getAttr = G.getAttr, hasAttr = G.hasAttr, remAttr = G.remAttr;
  var insertBefore = G.insertBefore, appendChild = G.appendChild, replaceChild = G.replaceChild;
  var report = G.report, emit = G.emit, detached = G.detached, done = G.done;
  // An element's name and connection by the browser's own getters: page
  // code may define its own on an element (a `new Image()` answering `link`
  // had gone unjudged after the engine started).
  var ln = G.ln, on = G.on;
  var parked = G.parked;       // placeholder (or the guard's box) → the iframe it stands for
  var boxes = G.boxes;         // iframe → its placeholder or box
  var parks = new WeakMap();    // iframe → times parked (page code that fights back)
  var announced = new WeakSet(); // `blocked` already emitted
  var chain = Promise.resolve();

  // ---- judging elements -----------------------------------------------------
  // The guard's: the browser's own URL parser, which page code may not replace.
  var abs = G.abs;
  // The element's attributes as written by the site (a held element's moved
  // URLs and original type restored), with one attribute overridden. What
  // would load as it stands wins over a moved value: marks can be forged.
  function attrsOf(el, name, value) {
    // No prototype: an inherited `data-consentry` had read as held (not governed).
    var held = hasAttr.call(el, HELD), a = { __proto__: null };
    for (var i = 0; i < ATTRS.length; i++) {
      var n = ATTRS[i], v = getAttr.call(el, n);
      if (held && n.indexOf("data-") !== 0) {
        var m = getAttr.call(el, MOVED + n);
        if (m !== null && (n === "type" ? plain(v) : v === null)) v = n === "type" && m === "" ? null : m;
      }
      if (v !== null) a[n] = v;
    }
    if (name) a[name] = value;
    for (var k in URLISH) if (a[k] !== undefined && URLISH[k] && (URLISH[k] < 2 || !/[(\\]/.test(a[k]))) a[k] = abs(a[k]);
    return a;
  }
  function verdict(el, name, value) {
    try { return engine.judge(ln(el), attrsOf(el, name, value)); } catch (e) { report(e); return null; }
  }
  function hold(el, v) {
    if (ln(el) !== "style") G.mark(el, v);
    // Once per element, including tags the server or the guard held.
    if (!announced.has(el)) {
      announced.add(el);
      emit("blocked", { element: el, reason: v.reason, service: v.service || null });
    }
    if (ln(el) === "iframe") queueMicrotask(function () { park(el, v); });
    else if (!on(el) && detached.size < 100) detached.add(el);
  }

  // ---- iframe placeholders ----------------------------------------------------
  // The box is the core's placeholder view, drawn by the UI (`G.placeholder`,
  // set once the UI exists: parking waits a microtask). Without a UI the
  // frame just stays held.
  function park(iframe, v) {
    // Parked by the guard: its box (classless, unlike a placeholder) makes
    // way for the placeholder.
    var b = !iframe.parentNode && boxes.get(iframe), at = b && !b.className ? b : iframe, parent = at.parentNode;
    if (!parent || !hasAttr.call(iframe, HELD)) return;
    var what = v.service || getAttr.call(iframe, "data-category");
    var box = what && G.placeholder ? G.placeholder(what) : null, n = (parks.get(iframe) || 0) + 1;
    // Page code that puts the frame back each time (an observer) would
    // ping-pong with us forever: after a few rounds it stays, held, in place.
    if (!box || n > 3) return;
    parks.set(iframe, n);
    G.size(box, iframe);
    var b = box.querySelector("[" + HELD + "='allow']");
    if (b) b.addEventListener("click", function () { allowOne(what); });
    if (at !== iframe) parked.delete(at);
    parked.set(box, iframe);
    boxes.set(iframe, box);
    replaceChild.call(parent, box, at);
  }
  // A parked frame goes back where its box is, its realm patched before
  // any page code can reach it (no observer need run first).
  function unpark(el) {
    var box = boxes.get(el);
    if (!box) return;
    boxes.delete(el);
    parked.delete(box);
    if (box.parentNode) { replaceChild.call(box.parentNode, el, box); G.realm(el); }
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
      if (ln(el) !== "script" || done.has(el)) return;
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
        if (ln(el) !== "script") return unhold(el, v);
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
  // Released outside the document (a `new Audio()`, an image not yet
  // inserted): kept for a withdrawal to find, as no root holds them.
  var loose = G.loose;
  function clean(el) {
    remAttr.call(el, HELD);
    remAttr.call(el, SVC);
    done.add(el);
    if (detached.has(el) && loose.size < 100) loose.add(el);
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
    var names = URLS;
    for (var i = 0; i < names.length; i++) {
      var moved = getAttr.call(el, MOVED + names[i]);
      if (moved !== null) {
        remAttr.call(el, MOVED + names[i]);
        // Only what was judged: a live value was judged instead of a moved one.
        // Some come back under another name (the core's restored_name).
        if (!hasAttr.call(el, names[i])) setAttr.call(el, RENAMED[names[i]] || names[i], moved);
      } else if (v.tagged && getAttr.call(el, "data-" + names[i]) !== null && !hasAttr.call(el, names[i])) {
        setAttr.call(el, names[i], getAttr.call(el, "data-" + names[i]));
      }
    }
    clean(el);
    unpark(el);
    // A media element picks a <source> only when it loads: make it look again.
    var media = ln(el) === "source" && el.parentNode;
    if (media && typeof media.load === "function") media.load();
    // A SMIL animation reads its values when its interval starts, and a meta
    // refresh is read when inserted (Firefox, WebKit): inserted again where
    // it stands, each acts as written.
    var parent = el.parentNode;
    if (parent && (typeof el.beginElement === "function" || ln(el) === "meta")) insertBefore.call(parent, el, el.nextSibling);
    emit("released", { element: el, service: v.service || null });
  }
  // Every document and shadow root the guard watches (frames of this origin too).
  // By the guard's scan (the browser's own querySelectorAll, a plain loop):
  // an emptied NodeList.prototype.forEach had switched off a withdrawal.
  function all(sel, f) { G.eachRoot(function (r) { try { G.each(r, sel, f); } catch (e) { report(e); } }); }
  function heldInOrder() {
    var out = [];
    all("[" + HELD + "]", function (el) {
      var mark = getAttr.call(el, HELD);
      if (mark === "placeholder") {
        var f = parked.get(el);
        if (f) out.push({ el: f, box: el });
      } else if (TRACK[ln(el)]) out.push({ el: el });
    });
    detached.forEach(function (el) { if (!on(el)) out.push({ el: el }); });
    return out;
  }
  // A sheet the server held (markup::hold_style): its text as written goes
  // back once nothing in it is refused; meanwhile, and again after a
  // withdrawal, the URLs refused stay empty. Judged from the original (page
  // code may forge the marks), kept here with the text last written: a
  // sheet the page rewrote since is the page's.
  var CSS = MOVED + "css", sheets = [], known = new WeakSet();
  function styles() {
    all("style[" + CSS + "]", function (el) {
      if (known.has(el)) return;
      known.add(el);
      sheets.push({ el: el, original: getAttr.call(el, CSS), last: el.textContent });
    });
    sheets = sheets.filter(function (s) { return s.el.textContent === s.last; });
    sheets.forEach(function (s) {
      var el = s.el, h;
      try { h = engine.holdStyle(s.original); } catch (e) { report(e); return; }
      var text = h ? h.text : s.original;
      if (el.textContent !== text) el.textContent = text;
      s.last = el.textContent;
      if (!h) {
        if (!hasAttr.call(el, HELD)) return;
        var svc = getAttr.call(el, SVC);
        remAttr.call(el, CSS);
        clean(el);
        emit("released", { element: el, service: svc });
        return;
      }
      if (getAttr.call(el, CSS) !== s.original) setAttr.call(el, CSS, s.original);
      if (getAttr.call(el, HELD) !== h.reason) setAttr.call(el, HELD, h.reason);
      if (h.service && getAttr.call(el, SVC) !== h.service) setAttr.call(el, SVC, h.service);
      hold(el, h);
    });
  }
  // A choice that refuses what was released holds it again: a lazy image
  // or frame, media, a ping, a srcset candidate or a frame moved later
  // would load it. A script that ran cannot be unrun: left as it stands.
  var AGAIN = [];
  for (var g in TRACK) if (g !== "script") AGAIN.push(g);
  AGAIN = AGAIN.join(",");
  // What was released before is judged again wherever it is: a new set of
  // released elements (one put back later is judged on insertion), and a
  // held mark counts only where the runtime did not release the element (page
  // code may write one). A media element held, or one that picked a held
  // source, loads again, and so drops the resource it had chosen.
  function rehold() {
    var was = done, media = [];
    done = G.done = G.newDone();
    function again(el) {
      if (G.inert.has(el) || (hasAttr.call(el, HELD) && !was.has(el))) return;
      var v = verdict(el);
      if (v && !v.allowed) {
        hold(el, v);
        var m = ln(el) === "source" ? el.parentNode : el;
        if (m && (ln(el) === "source" || ln(el) === "audio" || ln(el) === "video") && typeof m.load === "function") media[media.length] = m;
      } else if (was.has(el)) done.add(el);
    }
    all(AGAIN, again);
    loose.forEach(function (el) { if (!on(el)) again(el); if (hasAttr.call(el, HELD)) loose.delete(el); });
    for (var i = 0; i < media.length; i++) media[i].load();
  }
  function releaseHeld() {
    styles();
    var items = heldInOrder(), els = [], back = [];
    items.forEach(function (it) {
      var v = verdict(it.el);
      if (!v) return;
      if (!v.allowed) {
        if (getAttr.call(it.el, HELD) !== v.reason) setAttr.call(it.el, HELD, v.reason);
        return;
      }
      if (it.box) back.push(it);
      els.push(it.el);
    });
    // Ordered first: putting a frame back can run the guard's observer at
    // once (a frame's synchronous about:blank load flushes it), whose
    // release must queue behind this batch, not ahead of it.
    var released = schedule(els);
    back.forEach(function (it) { unpark(it.el); });
    return released;
  }

  return { abs: abs, verdict: verdict, hold: hold, schedule: schedule, releaseHeld: releaseHeld, rehold: rehold, all: all, styles: styles,
    wait: function (p) { chain = chain.then(function () { return p; }); } };
}
