/* The demo's live panel: each tracker of the page, held or released, what it
 * requested and what was blocked, plus the events as they happen.
 *
 * First-party and CSP-friendly: built with createElement and textContent, no
 * inline handlers or styles (its looks are in site.css). Loaded right after
 * /consentry.js, so it hears `blocked` from the first parsed tracker on.
 * Sources: consentry.on('blocked' | 'released' | 'change'), the document
 * events consentry:ready and consentry:consent, the DOM (held elements carry
 * data-consentry), and Resource Timing for the requests that really left. */
(function () {
  "use strict";
  var api = window.consentry;
  var rows = [];
  var log = [];
  var ui = null;
  var pending = false;

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }
  var policy = readJson("consentry-config") || {};

  // One row per third-party service of the policy that has hosts…
  (policy.categories || []).forEach(function (c) {
    if (c.id === "mandatory") return;
    (c.services || []).forEach(function (s) {
      if (s && typeof s === "object" && s.hosts && s.hosts.length) addRow("service", s.id, s.name || s.id, c.id, s.hosts);
    });
  });
  // …and one per category with tagged scripts of no particular service (created on sight).
  function addRow(kind, key, label, category, hosts) {
    var row = { kind: kind, key: key, label: label, category: category, hosts: hosts || [],
      everReleased: false, released: 0, requests: 0, beacons: 0, blocked: 0, el: null };
    rows.push(row);
    return row;
  }
  function categoryRow(category) {
    for (var i = 0; i < rows.length; i++) if (rows[i].kind === "category" && rows[i].category === category) return rows[i];
    return addRow("category", "category:" + category, "Tagged inline script", category, []);
  }
  function rowByHost(host) {
    for (var i = 0; i < rows.length; i++) {
      var hs = rows[i].hosts;
      for (var j = 0; j < hs.length; j++) {
        var h = String(hs[j]).split("/")[0];
        if (host === h || host.slice(-h.length - 1) === "." + h) return rows[i];
      }
    }
    return null;
  }
  function hostOf(url) {
    try { return new URL(url, location.href).hostname; } catch (e) { return ""; }
  }
  function rowFor(detail) {
    if (!detail) return null;
    if (detail.service) {
      for (var i = 0; i < rows.length; i++) if (rows[i].kind === "service" && rows[i].key === detail.service) return rows[i];
      return addRow("service", detail.service, detail.service, "", []); // e.g. a catalog tracker
    }
    if (detail.url) return rowByHost(hostOf(detail.url));
    var el = detail.element;
    if (el && el.getAttribute) {
      var cat = el.getAttribute("data-category");
      if (cat && !el.getAttribute("data-service")) return categoryRow(cat);
      var u = urlOf(el);
      if (u) return rowByHost(hostOf(u));
    }
    return null;
  }
  function urlOf(el) {
    var names = ["src", "data-consentry-src", "href", "data-consentry-href", "data-src"];
    for (var i = 0; i < names.length; i++) {
      var v = el.getAttribute(names[i]);
      if (v) return v;
    }
    return "";
  }
  function describe(el) {
    if (!el) return "";
    var u = urlOf(el);
    if (!u) return el.localName + (el.getAttribute("data-category") ? " (inline)" : "");
    try { var x = new URL(u, location.href); return el.localName + " " + x.host + x.pathname; } catch (e) { return el.localName; }
  }

  // ---- state --------------------------------------------------------------------
  function allowed(row) {
    try { return api.allows(row.kind === "service" ? row.key : row.category); } catch (e) { return false; }
  }
  function state(row) {
    if (allowed(row)) return "released";
    return row.everReleased ? "withdrawn" : "held";
  }
  function heldElements(row) {
    var sel = row.kind === "service"
      ? '[data-consentry][data-consentry-service="' + row.key.replace(/["\\]/g, "") + '"]'
      : 'script[data-category="' + row.category.replace(/["\\]/g, "") + '"]:not([data-service])[data-consentry]';
    return document.querySelectorAll(sel).length;
  }
  function onPage(row) {
    if (row.kind === "category" || row.requests || row.blocked || row.released || heldElements(row)) return true;
    var els = document.querySelectorAll("script, iframe, img, link");
    for (var i = 0; i < els.length; i++) {
      var u = urlOf(els[i]);
      if (u && rowByHost(hostOf(u)) === row) return true;
    }
    return false;
  }

  // ---- the log --------------------------------------------------------------------
  function note(kind, who, text) {
    log.unshift({ t: Math.round(performance.now()), kind: kind, who: who, text: text });
    if (log.length > 14) log.length = 14;
    refreshSoon();
  }

  // ---- listeners: the API for blocked/released/change, the DOM events for the rest --
  if (api) {
    api.on("blocked", function (d) {
      var row = rowFor(d);
      if (row && d.url) row.blocked++;
      note("blocked", row ? row.label : d.service || "", d.url ? "request " + shortUrl(d.url) : describe(d.element) + " (" + d.reason + ")");
    });
    api.on("released", function (d) {
      var row = rowFor(d);
      if (row) { row.released++; row.everReleased = true; }
      note("released", row ? row.label : d.service || "", describe(d.element));
    });
    api.on("change", function (st) {
      var on = [];
      for (var c in st.categories) if (st.categories[c] && c !== "mandatory") on.push(c);
      // Services granted on their own, e.g. by a placeholder's "Allow" button.
      rows.forEach(function (r) {
        if (r.kind === "service" && st.services[r.key] && !st.categories[r.category]) on.push(r.label);
      });
      note("change", "choice", on.length ? "allowed: " + on.join(", ") : "everything but mandatory refused");
    });
  }
  document.addEventListener("consentry:ready", function (e) {
    var st = e.detail || {};
    rows.forEach(function (r) { if (allowed(r)) r.everReleased = true; });
    note("ready", "consentry", "regime " + st.regime + ", consent " + (st.stored || "none") + (st.bannerNeeded ? ", banner shown" : ""));
    refreshSoon(); // the engine loads after the guard: the facts are known now
  });
  document.addEventListener("consentry:consent", function () {
    note("consent", "choice", "first choice stored in the consentry cookie");
  });
  function shortUrl(u) {
    try { var x = new URL(u); return x.host + x.pathname; } catch (e) { return String(u); }
  }

  // Requests that really left the browser (beacons included).
  if (window.PerformanceObserver) {
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) {
          var row = rowByHost(hostOf(e.name));
          if (!row) return;
          row.requests++;
          if (e.initiatorType === "beacon") row.beacons++;
          note("request", row.label, (e.initiatorType || "request") + " " + shortUrl(e.name));
        });
      }).observe({ type: "resource", buffered: true });
    } catch (e) { /* no Resource Timing: counts stay at 0 */ }
  }

  // ---- the DOM ------------------------------------------------------------------------
  function h(tag, attrs, text) {
    var el = document.createElement(tag);
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function build() {
    var aside = h("aside", { "class": "demo-panel", "aria-label": "Consentry live panel", "data-demo-panel": "" });
    var head = h("header");
    head.appendChild(h("h2", {}, "Consentry live"));
    var toggle = h("button", { type: "button", "aria-expanded": "true", "data-demo-toggle": "" }, "Hide");
    head.appendChild(toggle);
    var body = h("div", { "class": "demo-panel-body", id: "demo-panel-body" });
    toggle.setAttribute("aria-controls", body.id);
    var facts = h("p", { "class": "demo-facts", "data-demo-facts": "" });
    var list = h("ul", { "class": "demo-trackers" });
    var cookies = h("p", { "class": "demo-cookies", "data-demo-cookies": "" });
    var events = h("ol", { "class": "demo-log", "data-demo-log": "" });
    var actions = h("div", { "class": "demo-actions" });
    actions.appendChild(h("button", { type: "button", "data-consentry": "open-preferences" }, "Privacy settings"));
    var withdraw = h("button", { type: "button", "data-demo-withdraw": "" }, "Withdraw consent");
    var reload = h("button", { type: "button", "data-demo-reload": "" }, "Reload page");
    actions.appendChild(withdraw);
    actions.appendChild(reload);
    var hint = h("p", { "class": "demo-hint", "data-demo-hint": "" });
    body.appendChild(facts);
    body.appendChild(list);
    body.appendChild(h("h3", {}, "Cookies this page can see"));
    body.appendChild(cookies);
    body.appendChild(h("h3", {}, "Events"));
    body.appendChild(events);
    body.appendChild(actions);
    body.appendChild(hint);
    aside.appendChild(head);
    aside.appendChild(body);

    toggle.addEventListener("click", function () {
      var open = !aside.hasAttribute("data-collapsed");
      if (open) aside.setAttribute("data-collapsed", ""); else aside.removeAttribute("data-collapsed");
      toggle.setAttribute("aria-expanded", String(!open));
      toggle.textContent = open ? "Show" : "Hide";
    });
    withdraw.addEventListener("click", function () { if (api) api.withdraw(); });
    reload.addEventListener("click", function () { location.reload(); });
    // Small screens: start folded, the page comes first.
    if (window.matchMedia && window.matchMedia("(max-width: 700px)").matches) toggle.click();
    document.body.appendChild(aside);
    return { facts: facts, list: list, cookies: cookies, events: events, hint: hint };
  }

  function refreshSoon() {
    if (pending || !ui) return;
    pending = true;
    setTimeout(function () { pending = false; refresh(); }, 0);
  }
  function refresh() {
    if (!ui) return;
    if (!api) {
      ui.facts.textContent = "Consentry did not load: build pkg/dist/consentry.js (cargo xtask dist).";
      return;
    }
    var st = api.getConsent(), server = readJson("consentry-server");
    ui.facts.textContent = "Regime " + st.regime + (server ? " · region " + (server.region || "not set") : "") +
      " · consent " + (st.stored === "valid" ? "stored" : st.stored) + (st.bannerNeeded ? " · banner shown" : "");
    var withdrawn = false;
    rows.forEach(function (row) {
      if (!row.el) {
        row.el = {
          li: h("li", { "class": "demo-tracker", "data-tracker": row.key }),
          name: h("strong"), state: h("span", { "class": "demo-state" }), meta: h("span", { "class": "demo-meta" })
        };
        row.el.li.appendChild(row.el.name);
        row.el.li.appendChild(row.el.state);
        row.el.li.appendChild(row.el.meta);
        ui.list.appendChild(row.el.li);
      }
      var s = state(row), held = heldElements(row);
      if (s === "withdrawn") withdrawn = true;
      row.el.li.hidden = !onPage(row);
      row.el.li.setAttribute("data-state", s);
      row.el.li.setAttribute("data-requests", String(row.requests));
      row.el.li.setAttribute("data-beacons", String(row.beacons));
      row.el.li.setAttribute("data-blocked", String(row.blocked));
      row.el.name.textContent = row.label;
      row.el.state.textContent = s;
      var where = row.hosts.length ? row.hosts.join(", ") : "first party";
      var parts = [row.category || "?", where];
      if (held) parts.push(held + " held");
      parts.push(row.requests + (row.requests === 1 ? " request" : " requests") + (row.beacons ? " (" + row.beacons + " beacon" + (row.beacons === 1 ? ")" : "s)") : ""));
      if (row.blocked) parts.push(row.blocked + " blocked " + (row.blocked === 1 ? "request" : "requests"));
      row.el.meta.textContent = parts.join(" · ");
    });
    var names = document.cookie.split(";").map(function (c) { return c.split("=")[0].trim(); }).filter(Boolean);
    ui.cookies.textContent = names.length ? names.join(", ") : "none";
    while (ui.events.firstChild) ui.events.removeChild(ui.events.firstChild);
    log.forEach(function (e) {
      var li = h("li", { "data-kind": e.kind });
      li.appendChild(h("time", {}, "+" + e.t + " ms"));
      var span = h("span");
      span.appendChild(h("b", {}, e.kind));
      span.appendChild(document.createTextNode(" " + (e.who ? e.who + " · " : "") + e.text));
      li.appendChild(span);
      ui.events.appendChild(li);
    });
    ui.hint.textContent = withdrawn
      ? "Withdrawn: refused trackers can no longer load, write cookies or send requests, but scripts that already ran stay in memory until the next page load."
      : "Every tracker here is fake, served by the demo server on *.localhost; its terminal logs each request they receive.";
  }

  function start() {
    document.querySelectorAll("script[data-category]:not([data-service])").forEach(function (s) {
      categoryRow(s.getAttribute("data-category"));
    });
    ui = build();
    refresh();
    setInterval(refresh, 1000); // cookies and held elements change without events too
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
