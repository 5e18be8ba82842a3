// Consentry consent UI: the banner, the preferences dialog, the floating
// "Privacy settings" button and localised placeholders. The markup is defined
// once, in consentry-core (`ui`), and arrives from the wasm engine as a node
// tree (`engine.ui(kind, pageLang, browserLangs, extra)`), in the language the
// engine chooses; this file only materialises it with
// createElement/setAttribute/text nodes (never innerHTML: config strings stay
// text), applies the styles as a constructed stylesheet (allowed under a CSP
// without 'unsafe-inline'), and wires the buttons to the runtime's API.
//
// `consentryUi(api, engine, doc, G)` returns `{ showPreferences, placeholder,
// hide }`; G is the guard's handle, with the dialog's choices (`saveSwitches`,
// `doNotSell`) the runtime provides. It never throws into the page: if the UI
// fails, enforcement goes on unchanged.
// `consentryCss` (the stylesheet text) is defined by the build next to it.

// eslint-disable-next-line no-unused-vars
function consentryUi(api, engine, doc, G) {
  "use strict";
  var win = doc.defaultView || window;
  var HOOK = "data-consentry", CAT = "data-consentry-category";
  var TAGS = { div: 1, p: 1, h2: 1, h3: 1, button: 1, a: 1, ul: 1, li: 1, span: 1, input: 1, label: 1, details: 1, summary: 1, dl: 1, dt: 1, dd: 1 };
  var ATTRS = {
    "class": 1, id: 1, role: 1, type: 1, href: 1, target: 1, rel: 1, lang: 1, dir: 1, "for": 1, checked: 1, disabled: 1,
    hidden: 1, tabindex: 1, "aria-modal": 1, "aria-label": 1, "aria-labelledby": 1, "aria-describedby": 1, "aria-hidden": 1
  };
  ATTRS[HOOK] = ATTRS[CAT] = ATTRS["data-consentry-service"] = ATTRS["data-consentry-lifetime"] = 1;
  var FOCUSABLE = "button:not([disabled]),input:not([disabled]),a[href],summary,[tabindex]:not([tabindex='-1'])";
  var banner = null, overlay = null, floating = null, returnFocus = null, initial = {};
  var settings = {};
  // Services met on this page (held or released): the dialog lists them
  // besides the site's own, not the whole built-in catalog.
  var seen = {};
  ["blocked", "released"].forEach(function (ev) {
    api.on(ev, function (d) { if (d && d.service) seen[d.service] = 1; });
  });

  function report(e) {
    try { if (win.reportError) win.reportError(e); else console.error(e); } catch (_) { /* nothing */ }
  }
  // http(s) or relative, as the core checks; anything else is dropped.
  function safeHref(v) {
    return !/[\s\\]/.test(v) && (/^https?:\/\/[^/?#@]+([/?#]|$)/i.test(v) || (!/^[^/?#]*:/.test(v) && v.slice(0, 2) !== "//"));
  }

  // ---- node trees → DOM -----------------------------------------------------------
  function build(n) {
    if (!n || !TAGS[n.tag]) throw new Error("consentry: refused UI element " + (n && n.tag));
    var el = doc.createElement(n.tag);
    var attrs = n.attrs || [];
    for (var i = 0; i < attrs.length; i++) {
      var k = String(attrs[i][0]), v = String(attrs[i][1]);
      if (ATTRS[k] && (k !== "href" || safeHref(v))) el.setAttribute(k, v);
    }
    if (n.text != null) el.appendChild(doc.createTextNode(String(n.text)));
    var kids = n.children || [];
    for (var j = 0; j < kids.length; j++) el.appendChild(build(kids[j]));
    return el;
  }
  // "2 year" → "2 years", "2 Jahre", "2年" in the view's language; the
  // engine's English text stays where Intl cannot say it.
  function localiseLifetimes(root) {
    root.querySelectorAll("[data-consentry-lifetime]").forEach(function (el) {
      try {
        var m = /^(\d+) (second|minute|hour|day|month|year)$/.exec(el.getAttribute("data-consentry-lifetime"));
        var at = el.closest("[lang]");
        if (m) el.textContent = new Intl.NumberFormat(at ? at.getAttribute("lang") : "en", { style: "unit", unit: m[2], unitDisplay: "long" }).format(+m[1]);
      } catch (e) { /* keep the English text */ }
    });
  }
  // The language is the engine's to choose (consentry_core::ui::choose_language,
  // the rule consentry-server's banner follows too): this only reads its
  // inputs, as they are, at each view — the page's <html lang> and the
  // browser's languages.
  function pageLang() { return doc.documentElement.getAttribute("lang"); }
  function browserLangs() {
    var out = [], nav = win.navigator || {};
    var list = nav.languages && nav.languages.length ? nav.languages : [nav.language];
    for (var i = 0; i < list.length; i++) if (list[i]) out.push(String(list[i]));
    return out;
  }
  function view(kind, extra) {
    try {
      var tree = engine.ui(kind, pageLang(), browserLangs(), extra);
      var root = tree ? build(tree) : null;
      if (root) localiseLifetimes(root);
      return root;
    } catch (e) { report(e); return null; }
  }
  function hook(el) { return el.getAttribute(HOOK); }
  function remove(el) { if (el && el.parentNode) el.parentNode.removeChild(el); }

  function styles() {
    if (typeof consentryCss !== "string" || !win.CSSStyleSheet || !("adoptedStyleSheets" in doc)) return;
    try {
      var sheet = new win.CSSStyleSheet();
      sheet.replaceSync(consentryCss);
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]);
    } catch (e) { report(e); }
  }

  // ---- the first layer ------------------------------------------------------------
  function showBanner() {
    if (banner && banner.isConnected) return;
    var existing = doc.querySelector("[" + HOOK + "='banner']"); // server-rendered
    banner = existing || view("banner");
    if (banner && !existing) doc.body.insertBefore(banner, doc.body.firstChild);
    // A visitor shown the banner may open the preferences: their data is
    // fetched when the browser is idle (installed when the dialog opens).
    if (banner && engine.dialogDataNeeded && G.prefetch) {
      if (win.requestIdleCallback) win.requestIdleCallback(function () { G.prefetch(); }, { timeout: 3000 });
      else win.setTimeout(function () { G.prefetch(); }, 1000);
    }
  }
  function showFloating() {
    if (!settings.floatingButton || (floating && floating.isConnected)) return;
    floating = view("floating");
    if (floating) doc.body.appendChild(floating);
  }
  function update() {
    // The engine's own flag: the whole state (~400 services) is not needed here.
    if (engine.bannerNeeded) showBanner();
    else {
      remove(banner);
      banner = null;
      showFloating();
    }
  }

  // ---- the dialog ------------------------------------------------------------------
  function panel() { return overlay && overlay.querySelector("[" + HOOK + "='dialog']"); }
  function switches() { return overlay ? overlay.querySelectorAll("[" + CAT + "]") : []; }
  // The dialog's details come on demand (`G.details`, runtime.js): opening
  // waits for them once; if they cannot be loaded the dialog still opens and
  // says so, its switches and buttons working.
  // Resolves once the dialog is open (or a later call took over).
  function showPreferences() {
    var active = doc.activeElement;
    if (engine.dialogDataNeeded && G.details) {
      var mine = opening = {};
      return G.details().then(function () { if (opening === mine) openPreferences(active); });
    }
    openPreferences(active);
    return Promise.resolve();
  }
  var opening = null;
  function openPreferences(active) {
    opening = null;
    try {
      closePreferences(false);
      // Held elements carry their service, including those held before this
      // UI was attached (the server's, or an ES module started late).
      doc.querySelectorAll("[data-consentry-service]").forEach(function (el) { seen[el.getAttribute("data-consentry-service")] = 1; });
      overlay = view("dialog", Object.keys(seen));
      if (!overlay) return;
      initial = {};
      switches().forEach(function (s) { initial[s.getAttribute(CAT)] = s.checked; });
      returnFocus = active && active !== doc.body ? active : null;
      doc.body.appendChild(overlay);
      setInert(true);
      panel().focus();
    } catch (e) { report(e); }
  }
  // The page behind the modal dialog is inert (no clicks, focus or screen-reader
  // browsing); only the elements made inert here are given back on close.
  var madeInert = [];
  function setInert(on) {
    if (!on) { madeInert.forEach(function (el) { el.inert = false; }); madeInert = []; return; }
    Array.prototype.forEach.call(doc.body.children, function (el) {
      if (el !== overlay && !el.inert) { el.inert = true; madeInert.push(el); }
    });
  }
  // `byUser`: × or Esc (may count as refusal); false when a choice closes it.
  function closePreferences(byUser) {
    if (!overlay) return;
    remove(overlay);
    overlay = null;
    setInert(false);
    var back = returnFocus;
    returnFocus = null;
    if (byUser && settings.closeRefuses && engine.stored !== "valid") return choose(api.rejectAll);
    if (back && back.isConnected) back.focus();
    else if (banner && banner.isConnected) {
      var b = banner.querySelector("[" + HOOK + "='preferences']");
      if (b) b.focus();
    }
  }
  function focusables() {
    var p = panel(), out = [];
    if (!p) return out;
    p.querySelectorAll(FOCUSABLE).forEach(function (el) { if (el.getClientRects().length) out.push(el); });
    return out;
  }

  // ---- choices ----------------------------------------------------------------------
  function choose(fn, arg) {
    var back = returnFocus;
    opening = null; // a dialog still waiting for its data stays closed
    G.surface = overlay ? "dialog" : "banner"; // for the receipt
    if (overlay) { remove(overlay); overlay = null; returnFocus = null; setInert(false); }
    try {
      Promise.resolve(fn(arg)).catch(report);
    } catch (e) { report(e); }
    update();
    if (back && back.isConnected) back.focus();
  }
  function categoriesNow() {
    var c = api.getConsent().categories, out = {};
    for (var k in c) out[k] = c[k];
    return out;
  }
  // The engine works out the choice (single-service choices kept where a
  // switch was not touched); this only reads the switches.
  function save() {
    var cats = {};
    switches().forEach(function (s) { cats[s.getAttribute(CAT)] = s.checked; });
    choose(function () { return G.saveSwitches(cats, initial); });
  }
  // Opt-out regimes: the sale/sharing categories refused, the rest kept.
  function doNotSell() {
    choose(G.doNotSell);
  }

  // ---- events ------------------------------------------------------------------------
  function onClick(ev) {
    var t = ev.target && ev.target.closest ? ev.target.closest("[" + HOOK + "]") : null;
    if (!t) return;
    var h = hook(t);
    if (h === "open-preferences") { ev.preventDefault(); showPreferences(); return; }
    if (h === "download-receipt") { download(); return; }
    // One click, like Accept all on the banner: withdrawal is no harder than consent.
    if (h === "withdraw") { ev.preventDefault(); choose(api.withdraw); return; }
    var root = t.closest("[" + HOOK + "='banner'],[" + HOOK + "='overlay']");
    if (!root || t === root) return;
    var inDialog = hook(root) === "overlay";
    // A server-rendered banner's buttons also submit its JavaScript-off form.
    if (t.type == "submit") ev.preventDefault();
    if (h === "accept-all") choose(api.acceptAll);
    else if (h === "reject-all") choose(api.rejectAll);
    else if (h === "preferences") showPreferences();
    else if (h === "save") save();
    else if (h === "do-not-sell") doNotSell();
    else if (h === "ok") choose(api.setConsent, { categories: categoriesNow() });
    else if (h === "close") { if (inDialog) closePreferences(true); else choose(api.rejectAll); }
  }
  function onKey(ev) {
    if (ev.key === "Escape") {
      if (overlay) { ev.preventDefault(); closePreferences(true); }
      else if (settings.closeRefuses && banner && banner.contains(doc.activeElement)) { ev.preventDefault(); choose(api.rejectAll); }
      return;
    }
    if (ev.key !== "Tab" || !overlay) return;
    var f = focusables(), a = doc.activeElement;
    if (!f.length) return;
    var first = f[0], last = f[f.length - 1];
    if (ev.shiftKey && (a === first || a === panel() || !overlay.contains(a))) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && (a === last || !overlay.contains(a))) { ev.preventDefault(); first.focus(); }
  }
  // Focus that escapes the modal dialog (e.g. a click outside) is brought back.
  function onFocusIn(ev) {
    if (overlay && !overlay.contains(ev.target)) { var p = panel(); if (p) p.focus(); }
  }

  // The visitor's copy of their consent receipts, as a JSON file.
  function download() {
    if (!api.receipt) return;
    api.receipt().then(function (text) {
      if (!text) return;
      var a = doc.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.download = "consent-receipt.json";
      doc.body.appendChild(a);
      a.click();
      remove(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 0);
    }).catch(report);
  }

  // A blocked embed's placeholder (the runtime parks the frame in it).
  function placeholder(what) { return view("placeholder", what); }

  function start() {
    styles();
    doc.addEventListener("click", onClick);
    doc.addEventListener("keydown", onKey);
    doc.addEventListener("focusin", onFocusIn);
    api.on("change", update);
    if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", function () {
        // A server-rendered banner parsed after ours was built: keep that one.
        var all = doc.querySelectorAll("[" + HOOK + "='banner']");
        if (all.length > 1 && banner) { remove(banner); banner = doc.querySelector("[" + HOOK + "='banner']"); }
      });
    }
    update();
  }

  try {
    settings = engine.ui("settings", pageLang(), browserLangs()) || {};
    if (settings.problems && settings.problems.length) {
      try { console.warn("consentry: ignored in the policy's ui section:\n" + settings.problems.join("\n")); } catch (_) { /* nothing */ }
    }
    // Mount as soon as <body> exists: visible at first paint, first in tab order.
    if (doc.body) start();
    else {
      var mo = new MutationObserver(function () {
        if (doc.body) { mo.disconnect(); start(); }
      });
      mo.observe(doc.documentElement, { childList: true });
    }
  } catch (e) { report(e); }

  return {
    showPreferences: showPreferences,
    placeholder: placeholder,
    hide: function () {
      closePreferences(false);
      remove(banner);
      banner = null;
    }
  };
}
