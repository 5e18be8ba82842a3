// Consentry's optional service worker (consentry-sw.js): the network layer.
// A worker that controls a page sees every subresource request it makes:
// from every realm, worker, worklet and module import, from CSS url() and
// @import, and the preload scanner's fetches of static markup. Requests the
// engine blocks get an empty, network-free response of the right type.
// Requests to hosts no policy could block are never touched (no
// respondWith): streaming, ranges, credentials, redirects and navigation
// preload stay the browser's own, at the cost of one host lookup.
//
// What it judges with is what the page has: the site's policy and the
// visitor's consent. The consent is the consent cookie, read per request
// through the Cookie Store API where the worker has it, else as the pages
// last posted it; the pages post the policy, the cookie and their signals at
// start and on every choice. The state is kept in Cache Storage, so a worker
// the browser restarted has it at once. No state yet: the default policy (the
// whole catalog) and no consent. If the engine cannot start, what the
// catalog or the policy names stays blocked (fail closed for known trackers).
//
// Once the engine runs and the worker knows the cookie is current, a request
// is judged synchronously in the fetch event: an allowed one is left to the
// browser (no respondWith, no extra round trip), a blocked one answered at
// once. "Current" means: read since the last change the worker was told of,
// by a `cookiechange` subscription where the Cookie Store has one, by the
// pages' posts where there is no Cookie Store (their post is the truth then).
// Any change, or a Cookie Store without subscriptions, leaves the
// asynchronous path, which reads the cookie for every request.
//
// `consentrySw(self, wb, T, opts)`: `wb` the wasm-bindgen glue, `T` the
// generated tables (consentryTables), `opts.wasm` the wasm's URL and
// `opts.integrity` its SRI hash.

// eslint-disable-next-line no-unused-vars
function consentrySw(self, wb, T, opts) {
  "use strict";
  var CACHE = "consentry", KEY = new URL("/__consentry/state", self.location.href).href;
  var GIF = Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), function (c) { return c.charCodeAt(0); });
  var TYPES = { script: "text/javascript", style: "text/css", document: "text/html", iframe: "text/html", frame: "text/html", image: "image/gif" };
  var state = null, hosts = consentryHosts(T, undefined), engine = null, built, wasm;
  // `snap`: the cookie header known current, or null; `gen` counts changes,
  // so a read that a change overtook is not kept; `up`: wasm and state ready.
  var snap = null, gen = 0, up = false, cs = self.cookieStore, reg = self.registration;
  var watched = !cs; // no Cookie Store: the posted cookie is what judge() reads

  function adopt(s) {
    state = s;
    var cfg;
    try { cfg = s && s.config ? JSON.parse(s.config) : undefined; } catch (e) { cfg = undefined; }
    hosts = consentryHosts(T, cfg);
  }
  var loaded = caches.open(CACHE).then(function (c) { return c.match(KEY); })
    .then(function (r) { return r ? r.json() : null; })
    .then(function (s) { if (s && !state) adopt(s); }, function () { /* no Cache Storage: posted state only */ });
  // Chromium subscribes only an active registration: at start when it is,
  // else once it activates (subscriptions outlive the worker).
  function watch() {
    if (!cs || !reg || !reg.cookies || !reg.cookies.subscribe) return Promise.resolve();
    return reg.cookies.subscribe([{ url: reg.scope }]).then(function () { watched = true; }, function () {});
  }
  if (reg && reg.active) watch();
  self.addEventListener("activate", function (e) { e.waitUntil(watch()); });
  function changed() { gen++; snap = null; }
  self.addEventListener("cookiechange", changed);

  // The same wasm the page runs, compiled once per worker start.
  function boot() {
    if (!wasm) {
      wasm = fetch(opts.wasm, opts.integrity ? { integrity: opts.integrity } : {}).then(function (r) {
        if (!r.ok) throw new Error("consentry_bg.wasm: HTTP " + r.status);
        return WebAssembly.compileStreaming(r.clone()).catch(function () {
          return r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
        });
      }).then(function (m) { wb.initSync({ module: m }); });
      wasm.catch(function () { wasm = null; }); // try again on the next request
    }
    return wasm;
  }
  function cookies() {
    var posted = state && typeof state.cookie === "string" ? state.cookie : "";
    if (!cs || !cs.getAll) return Promise.resolve(posted);
    return cs.getAll().then(function (list) {
      return list.map(function (c) { return c.name + "=" + c.value; }).join("; ");
    }, function () { return posted; });
  }
  // The engine's block reason for `url` with these cookies, or undefined.
  function decide(url, cookie) {
    var cfg = state && state.config ? state.config : null;
    if (!engine || built !== cfg) {
      try { engine = new wb.Engine(cfg ? JSON.parse(cfg) : undefined); } catch (e) { engine = wb.Engine.fallback(); }
      built = cfg;
    }
    var nav = self.navigator || {};
    var gpc = nav.globalPrivacyControl === true || !!(state && state.gpc === true);
    engine.observe(cookie, gpc, !!(state && state.dnt === true), state && typeof state.region === "string" ? state.region : undefined, Date.now());
    return engine.blockReason(url);
  }
  function judge(url) {
    var g = gen, w = watched;
    return Promise.all([boot(), loaded, cookies()]).then(function (r) {
      up = true;
      if (w && g === gen) snap = r[2];
      return decide(url, r[2]);
    });
  }
  function empty(req) {
    var type = TYPES[req.destination];
    var headers = { "x-consentry": "blocked" };
    if (!type) return new Response(null, { status: 204, headers: headers });
    headers["content-type"] = type;
    return new Response(req.destination === "image" ? GIF : "", { status: 200, headers: headers });
  }

  self.addEventListener("message", function (e) {
    var d = e.data && e.data.consentry;
    if (!d || typeof d !== "object") return;
    changed();
    adopt({ config: typeof d.config === "string" ? d.config : null, cookie: String(d.cookie || ""),
      region: typeof d.region === "string" ? d.region : null, gpc: d.gpc === true, dnt: d.dnt === true });
    var saved = caches.open(CACHE).then(function (c) { return c.put(KEY, new Response(JSON.stringify(state))); }).catch(function () {});
    if (e.waitUntil) e.waitUntil(saved);
    if (e.ports && e.ports[0]) e.ports[0].postMessage("consentry:state");
  });
  self.addEventListener("fetch", function (e) {
    var req = e.request, url = req.url;
    // The visitor's own navigations (and same-origin frames, first-party by
    // definition) are no subresource load.
    if (req.mode === "navigate" || !consentryMight(hosts, url, url, self.location.origin)) return;
    if (up && snap !== null) {
      var why;
      try { why = decide(url, snap); } catch (x) { why = "error"; }
      if (why === undefined) return;
      e.respondWith(empty(req));
      return;
    }
    e.respondWith(judge(url).then(function (why) {
      return why === undefined ? fetch(req) : empty(req);
    }, function () { return empty(req); }));
  });
  return { judge: judge };
}
