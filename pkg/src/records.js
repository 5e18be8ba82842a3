// Consent records: the receipt of every choice (built by the engine,
// consentry_core::receipt) goes into a small outbox in localStorage and is
// posted to the policy's `records.url` with `fetch` keepalive. It leaves the
// outbox only when the server acknowledges its consentId+seq (201, or 200 for
// a replay); otherwise it is sent again on the next page view. Nothing here
// delays enforcement or the UI: sending starts after the choice is applied.
//
// Without localStorage (blocked, full, private modes that throw) the receipt
// is posted once from memory: if that post fails it is lost, and sequence
// numbers restart with the page, so a later change may meet a conflict (409);
// a conflict is resolved by reading the id's stored receipts and numbering
// after them. The consent itself lives in the cookie and is never affected.
//
// `consentryRecords(engine, win, report, details, iab, prefetch)`: `null` when
// the site records nothing. `details()` loads the dialog data (a promise of
// whether the engine has it); `prefetch()` only fetches it. `iab`: the IAB module (pkg/src/iab-load.js) for a policy
// with `iab`, whose TC and GPP strings of each choice go in its receipt;
// receipts wait until it has started (if it cannot, they go without them).
// eslint-disable-next-line no-unused-vars
function consentryRecords(engine, win, report, details, iab, prefetch) {
  "use strict";
  var url = engine.recordsUrl;
  if (!url) return null;
  // Receipts need the dialog data (see `add`): fetched now, off the critical
  // path, and installed when a receipt is made.
  prefetch();
  var KEY = "consentry-records", MAX = 20;
  var fetch_ = win.fetch && win.fetch.bind(win);
  var memory = { id: "", seq: 0, out: [], last: null };
  var sending = false;

  function load() {
    try {
      var s = JSON.parse(win.localStorage.getItem(KEY) || "null");
      if (s && Array.isArray(s.out) && typeof s.seq === "number") return s;
    } catch (e) { /* unreadable: start again */ }
    return { id: "", seq: 0, out: [], last: null };
  }
  function store(s) {
    try { win.localStorage.setItem(KEY, JSON.stringify(s)); return true; } catch (e) { memory = s; return false; }
  }
  function state() {
    try { if (win.localStorage) return load(); } catch (e) { /* no storage */ }
    return memory;
  }

  // A choice was applied (`cookie`: the Set-Cookie text it wrote). The
  // receipt hashes the policy with the catalog's dialog fields, so the engine
  // needs the dialog data (fetched at start, above): until then the choice
  // waits in the outbox as a snapshot of its cookie value, page and moment,
  // and becomes a receipt of exactly that choice, on this page or a later one.
  // `sig`: [gpc, dnt, region] of the page, for the choice's IAB strings.
  function add(action, surface, cookie, sig) {
    var s = state(), html = win.document.documentElement;
    (s.pending = s.pending || []).push({ id: engine.consentId, value: String(cookie).split(";")[0].split("=").slice(1).join("="),
      t: Date.now(), surface: surface, action: action, url: String(win.location.href),
      lang: (html && html.getAttribute("lang")) || null, langs: (win.navigator && win.navigator.languages) || [], sig: sig });
    store(s);
    flush();
  }
  function flush() {
    var s = state();
    if (!s.pending || !s.pending.length) return;
    if (engine.dialogDataNeeded) {
      return details().then(function (ok) {
        if (ok) flush();
        else report(new Error("consentry: receipts wait for the dialog data, which did not load: kept for the next page"));
      });
    }
    if (iab && !iabDone) {
      // Settles, never fails: a module that could not start gives no strings.
      return iab.ready.then(function () {
        iabDone = true;
        flush();
      });
    }
    s.pending.splice(0).forEach(function (c) { make(s, c); });
    store(s);
    send();
  }
  var iabDone = false;
  function make(s, c) {
    if (!c.id) return;
    var seq = s.id === c.id ? s.seq + 1 : 1;
    var text;
    try {
      var ab = iab && c.value && iab.strings(c.value, c.sig || [false, false, null], c.t);
      text = engine.receipt(seq, c.t, c.surface, c.action, c.url, c.lang, c.langs, c.value || null,
        (ab && ab[0]) || null, (ab && ab[1]) || null);
    } catch (e) { report(e); return; }
    if (!text) return;
    s.id = c.id;
    s.seq = seq;
    s.last = text;
    s.out.push(text);
    // Bounded: the oldest unacknowledged receipts give way (reported).
    if (s.out.length > MAX) {
      report(new Error("consentry: records outbox full; " + (s.out.length - MAX) + " unsent receipt(s) dropped"));
      s.out = s.out.slice(s.out.length - MAX);
    }
  }

  function remove(text) {
    var s = state();
    s.out = s.out.filter(function (t) { return t !== text; });
    store(s);
  }
  // The id's receipts as the server keeps them (`GET <url>/<consentId>`).
  function stored(id) {
    return fetch_(url + "/" + id, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : []; });
  }
  // 409: this id+seq was stored with other content (the counter was lost with
  // the storage): the receipt is numbered after what the server holds.
  function renumber(text) {
    var r = JSON.parse(text);
    return stored(r.consentId).then(function (list) {
      var max = 0;
      (Array.isArray(list) ? list : []).forEach(function (x) { if (x && x.seq > max) max = x.seq; });
      var s = state();
      r.seq = Math.max(max, s.id === r.consentId ? s.seq : 0) + 1;
      var again = JSON.stringify(r);
      s.out = s.out.map(function (t) { return t === text ? again : t; });
      if (s.id === r.consentId) s.seq = r.seq;
      if (s.last === text) s.last = again;
      store(s);
    });
  }

  // Posts the outbox in order, one at a time; stops at the first failure.
  function send(tries) {
    if (sending || !fetch_) return;
    var s = state();
    if (!s.out.length) return;
    var text = s.out[0];
    sending = true;
    fetch_(url, {
      method: "POST", body: text, keepalive: true, credentials: "same-origin",
      headers: { "content-type": "application/json" }
    }).then(function (res) {
      sending = false;
      if (res.status === 201 || res.status === 200) { remove(text); return send(); }
      if (res.status === 409 && (tries || 0) < 2) return renumber(text).then(function () { send((tries || 0) + 1); });
      // Refused for good (400, 413, 415): keeping it would block the outbox.
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && res.status !== 403) {
        remove(text);
        report(new Error("consentry: the records endpoint refused a receipt (" + res.status + ")"));
        return send();
      }
      // 403 (origin), 408, 429, 5xx: kept for the next page view.
    }, function () { sending = false; /* offline or down: next page view */ })
      .catch(function (e) { sending = false; report(e); });
  }

  // The visitor's copy: what the server stored for their id (with its
  // arrival times), or the last receipt made here when the server cannot say.
  function receipt() {
    var id = engine.consentId, s = state();
    var local = function () { return s.last && s.id === id ? "[" + s.last + "]" : null; };
    if (!id) return Promise.resolve(null);
    return stored(id).then(function (list) {
      return Array.isArray(list) && list.length ? JSON.stringify(list, null, 2) : local();
    }, local);
  }

  flush(); // choices an earlier page could not record yet
  return { add: add, send: send, receipt: receipt };
}
