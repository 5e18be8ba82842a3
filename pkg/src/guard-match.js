// What the guard holds, as pure functions of the generated tables
// (guard-tables.js), the inline policy and a URL or element: no DOM, so the
// invariant tests run them beside the engine in Node.

/* eslint-disable no-unused-vars */
// FNV-1a of a host (ASCII, checked before) modulo the set's range.
function consentryHash(h, m) {
  for (var x = 0x811c9dc5, i = 0; i < h.length; i++) x = Math.imul(x ^ h.charCodeAt(i), 0x01000193);
  return (x >>> 0) % m;
}

// The catalog's hosts (see consentryHosts) as the keys of an object,
// decoded on the first lookup rather than at start: decoding was most of
// what the guard spent before the page's first script, and a page may never
// ask. A Golomb-coded set (tables.rs): sorted gaps, each a unary quotient
// then 12 bits, read 12 at a time.
function consentrySet(hosts) {
  var set = hosts["#set"], T = hosts["#T"], s, at = 0, v = 0, k, q, i;
  if (set) return set;
  for (set = hosts["#set"] = {}, s = atob(T.hosts), k = 0; k < T.hostCount; k++, at += 12) {
    for (q = 0; s.charCodeAt(at >> 3) >> (7 - (at++ & 7)) & 1; q++);
    i = at >> 3;
    set[v += q * 4096 + ((s.charCodeAt(i) << 16 | s.charCodeAt(i + 1) << 8 | s.charCodeAt(i + 2)) >> (12 - (at & 7)) & 4095)] = 1;
  }
  return set;
}

// Whether the engine might block a URL: its host (or a parent) is in `hosts`,
// or the engine may not be able to read it. Pure, so tests can run it beside
// the engine over every URL they know.
// The URL parser and its getters as the browser made them, read when this
// file runs (before page code): page code may replace the shared ones (a
// URL.prototype.href or hostname answering the page's own host let fetch
// and window.open reach a tracker, Chromium).
var CONSENTRY_URL = URL, CONSENTRY_APPLY = Reflect.apply, CONSENTRY_S = String.prototype, CONSENTRY_LOWER = CONSENTRY_S.toLowerCase, CONSENTRY_INDEX = CONSENTRY_S.indexOf, CONSENTRY_SLICE = CONSENTRY_S.slice, CONSENTRY_SPLIT = CONSENTRY_S.split, CONSENTRY_UG = {};
["href", "hostname", "origin", "pathname"].forEach(function (k) { CONSENTRY_UG[k] = Object.getOwnPropertyDescriptor(CONSENTRY_URL.prototype, k).get; });
function consentryURL(u, base, k) { return CONSENTRY_APPLY(CONSENTRY_UG[k], new CONSENTRY_URL(u, base), []); }
function consentryLower(s) { return CONSENTRY_APPLY(CONSENTRY_LOWER, s, []); }
function consentryHas(s, part) { return CONSENTRY_APPLY(CONSENTRY_INDEX, s, [part]) >= 0; }
// A regular expression whose methods are the browser's own: page code may
// replace RegExp.prototype's (an `exec` answering null made the guard's
// test for governed tags in an HTML string fail, WebKit).
var CONSENTRY_RE = RegExp.prototype, CONSENTRY_RE_KEYS = ["exec", "test", Symbol.replace, Symbol.split, Symbol.match];
function consentryRe(re) {
  for (var i = 0; i < CONSENTRY_RE_KEYS.length; i++) Object.defineProperty(re, CONSENTRY_RE_KEYS[i], { value: CONSENTRY_RE[CONSENTRY_RE_KEYS[i]] });
  return re;
}
var CONSENTRY_BREAK = consentryRe(/[\r\n\0]/), CONSENTRY_SCOPED = consentryRe(/;\s*(path|domain)\s*=/i), CONSENTRY_CTRL = consentryRe(/[\t\n\r]/g), CONSENTRY_LEAD = consentryRe(/^[\0- ]+/), CONSENTRY_DATA = consentryRe(/^data:([^,;]*)/i), CONSENTRY_JS = consentryRe(/^javascript:/i), CONSENTRY_MEDIA = consentryRe(/^\s*(image|audio|video|font)\//i), CONSENTRY_SVG = consentryRe(/svg/i), CONSENTRY_REPLACE = CONSENTRY_S.replace;

function consentryMight(hosts, u, base, origin) {
  var x, h;
  try { x = new CONSENTRY_URL(u, base); } catch (e) { return true; }
  var get = function (k) { return CONSENTRY_APPLY(CONSENTRY_UG[k], x, []); };
  h = consentryLower(get("hostname")).replace(/\.$/, "");
  if (!h) return false;
  // A host or authority the engine may refuse to read: hold it until it says.
  if (/[^a-z0-9.-]/.test(h) || (get("origin") !== origin && /[\\@%\s]/.test(String(u).split(/[?#]/)[0]))) return true;
  for (;;) {
    if (hosts[h] === 1 || consentrySet(hosts)[consentryHash(h, hosts["#"])] === 1) return true;
    if (Array.isArray(hosts[h]) && consentryPathMight(hosts[h], get("pathname"))) return true;
    var i = CONSENTRY_APPLY(CONSENTRY_INDEX, h, ["."]);
    if (i < 0) return false;
    h = CONSENTRY_APPLY(CONSENTRY_SLICE, h, [i + 1]);
  }
}

// A path the core normalises before comparing (`%`, `\`, `//`, dot segments).
var CONSENTRY_ODD_PATH = /[%\\]|\/\/|\/\./;

// Whether a URL's path may fall under one of a host's path prefixes as the
// core compares them (lowercased, `/pagead` covering `/pagead2` too); a path
// the core would normalise first is held.
function consentryPathMight(prefixes, path) {
  path = path.toLowerCase();
  return CONSENTRY_ODD_PATH.test(path) || prefixes.some(function (p) { return path.slice(0, p.length) === p; });
}

// The hosts the engine might block: the catalog's (generated) and those the
// inline policy's services name. A policy rule with a path keeps it (its
// prefixes, lowercased, as the core reads them): a rule on the site's own
// host (a self-hosted analytics path, a first-party proxy) must not hold
// every script of the site. A path the core would normalise otherwise
// (`%`, `\`, dot segments, `//`) covers the whole host.
function consentryHosts(T, cfg) {
  var hosts = {};
  function add(list) {
    list.forEach(function (r) {
      r = String(r);
      var i = r.indexOf("/"), h = (i < 0 ? r : r.slice(0, i)).toLowerCase().replace(/\.$/, "");
      var p = i < 0 ? "" : r.slice(i).toLowerCase().replace(/\/+$/, "");
      if (!h) return;
      if (!p || CONSENTRY_ODD_PATH.test(p) || hosts[h] === 1) hosts[h] = 1;
      else (Array.isArray(hosts[h]) ? hosts[h] : hosts[h] = []).push(p);
    });
  }
  // The catalog's hosts (consentrySet): a stranger matches one lookup with
  // odds 1/4096, which only holds it until the engine answers.
  hosts["#"] = T.hostCount * 4096;
  hosts["#T"] = T;
  try {
    ((cfg && cfg.categories) || []).forEach(function (c) {
      ((c && c.services) || []).forEach(function (s) { if (s && Array.isArray(s.hosts)) add(s.hosts); });
    });
  } catch (e) { /* a config the engine will refuse */ }
  return hosts;
}

// A data: URL's document may name any host (`markup::data_document`): held
// until the engine has read it, unless its media type cannot be a document;
// a javascript: URL's too (its string result is a document).
function consentryDocMight(u) {
  u = CONSENTRY_APPLY(CONSENTRY_REPLACE, CONSENTRY_APPLY(CONSENTRY_REPLACE, u, [CONSENTRY_CTRL, ""]), [CONSENTRY_LEAD, ""]);
  var m = CONSENTRY_DATA.exec(u);
  return CONSENTRY_JS.test(u) || !!m && (!CONSENTRY_MEDIA.test(m[1]) || CONSENTRY_SVG.test(m[1]));
}

// The URL a meta refresh's `content` names (`markup::refresh_url`): a time,
// `;` or `,`, an optional `url=`, an optional quote that ends it; `whole`:
// the rest after that quote too (Chromium reads to the last one).
function consentryRefresh(c, whole) {
  var m = /^[\t\n\f\r ]*[\d.]*[\t\n\f\r ]*[;,]?[\t\n\f\r ]*(?:url[\t\n\f\r ]*=[\t\n\f\r ]*)?(["']?)([\s\S]*)$/i.exec(c), i;
  return m[1] && !whole && (i = m[2].indexOf(m[1])) >= 0 ? m[2].slice(0, i) : m[2];
}

// HTML's ASCII whitespace, which splits its lists (not JS's `\s`).
function consentryWs(c) { return c === " " || c === "\t" || c === "\n" || c === "\f" || c === "\r"; }

// A list attribute's URLs as the core reads them (`markup::candidates`): a
// srcset's first word each, a SMIL `values` entry trimmed, a ping's URLs
// between whitespace. Plain loops: page code may replace `trim`, `split`
// and the symbols they consult (an emptied `trim` let a srcset through).
function consentryCandidates(v, sep) {
  var out = [], i = 0, n = v.length, s, e, t;
  while (i <= n) {
    for (e = i; e < n && !(sep === " " ? consentryWs(v[e]) : v[e] === sep); e++);
    for (s = i, t = e; s < t && consentryWs(v[s]); s++);
    while (t > s && consentryWs(v[t - 1])) t--;
    if (sep === ",") for (t = s; t < e && !consentryWs(v[t]); t++);
    if (t > s) out[out.length] = CONSENTRY_APPLY(CONSENTRY_SLICE, v, [s, t]);
    i = e + 1;
  }
  // A srcset URL is its whole run of non-whitespace, commas inside it too.
  for (i = 0; sep === "," && i < n;) {
    while (i < n && (consentryWs(v[i]) || v[i] === ",")) i++;
    for (s = i; i < n && !consentryWs(v[i]); i++);
    for (t = i; t > s && v[t - 1] === ","; t--);
    for (e = s; e < t && v[e] !== ","; e++);
    if (e < t) out[out.length] = CONSENTRY_APPLY(CONSENTRY_SLICE, v, [s, t]);
  }
  return out;
}

// Whether a CSS value (an SVG presentation attribute, a SMIL value) may
// load a URL `might` holds: each run between CSS's separators is tried as
// a URL (a url()'s, a string's: `markup::style_urls` finds no other), and
// an escape, which can spell anything, waits for the engine's reading.
// Without `:`, `/` or `\` no host is named (`markup::HOST_MARKS`): a fill of
// `currentColor` or `url(#grad)` costs no URL parse.
var CONSENTRY_MARKED = consentryRe(/[:/\\]/), CONSENTRY_CSS_SEP = consentryRe(/[\f ()"',]+/);
function consentryCssMight(v, might) {
  if (!CONSENTRY_MARKED.test(v)) return false;
  if (consentryHas(v, "\\")) return true;
  for (var ps = CONSENTRY_APPLY(CONSENTRY_SPLIT, v, [CONSENTRY_CSS_SEP]), i = 0; i < ps.length; i++) if (ps[i] && might(ps[i])) return true;
  return false;
}

// Whether a script's `type` keeps it inert as written (tagged markup, the
// held form): the core's rule (`markup::judge`).
function consentryPlain(t) { return /^\s*text\/plain\s*$/i.test(t || ""); }

// The guard's verdict for an element (`attr(name)`: its value or null), or
// null when the engine could not block it: governed elements whose URLs
// `might` block, as they would load. A script written inert
// (`type="text/plain"`: tagged, or held by the server) is the engine's to
// judge; a tag or a mark on anything that would load exempts nothing.
var CONSENTRY_REFRESH = consentryRe(/^[\t\n\f\r ]*refresh[\t\n\f\r ]*$/i);
// Whether a `rel` (lower case) names a fetching rel: its tokens between
// HTML's whitespace, by a plain loop.
function consentryRels(T, rel) {
  var rels = " " + T.rels + " ", i = 0, n = rel.length, s;
  while (i < n) {
    while (i < n && consentryWs(rel[i])) i++;
    for (s = i; i < n && !consentryWs(rel[i]); i++);
    if (i > s && CONSENTRY_APPLY(CONSENTRY_INDEX, rels, [" " + CONSENTRY_APPLY(CONSENTRY_SLICE, rel, [s, i]) + " "]) >= 0) return true;
  }
  return false;
}
function consentryMightHold(T, might, tag, attr) {
  var attrs = Object.prototype.hasOwnProperty.call(T.tags, tag) ? T.tags[tag] : undefined;
  if (attrs === undefined || (tag === "script" && consentryPlain(attr("type")))) return null;
  // Saved and pinned built-ins: a page's `some`, `split`, `toLowerCase` or
  // RegExp `test` answering for these had let a stylesheet or a refresh through.
  if (tag === "link" && !consentryRels(T, consentryLower(String(attr("rel") || "")))) return null;
  // A meta refreshes only with http-equiv="refresh" (the core's rule).
  if (tag === "meta" && !CONSENTRY_REFRESH.test(attr("http-equiv") || "")) return null;
  // Plain loops over a saved split: an Array.prototype.forEach page code
  // emptied let every src through (Chromium).
  var off = false, names = CONSENTRY_APPLY(CONSENTRY_SPLIT, attrs, [" "]), i, j, cs;
  for (i = 0; i < names.length && !off; i++) {
    var n = names[i], v = attr(n);
    if (v == null) continue;
    // A list's candidates as the core reads them (`markup::candidates`):
    // a srcset's first word each, a SMIL `values` entry trimmed, a ping's
    // URLs between whitespace.
    var sep = T.lists[n], css = consentryHas(T.css, " " + n + " ");
    if (css && consentryCssMight(String(v), might)) off = true;
    // A presentation attribute's value is CSS only (`markup::judge`).
    else if (css && !consentryHas(" " + T.tags.set + " ", " " + n + " ")) continue;
    else if (sep) { for (cs = consentryCandidates(String(v), sep), j = 0; j < cs.length; j++) if (might(cs[j])) off = true; }
    else off = might(v = n === T.refresh ? consentryRefresh(String(v)) : String(v)) || (consentryHas(T.docs, " " + tag + " ") && consentryDocMight(v)) ||
      (n === T.refresh && might(consentryRefresh(String(attr(n)), true)));
  }
  return off ? { allowed: false, reason: "pending", service: null, tagged: false, urlAttributes: tag === "script" ? [] : attrs.split(" ") } : null;
}
