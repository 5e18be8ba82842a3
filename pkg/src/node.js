// Consentry for Node ≥ 18: the same wasm engine as the browser, deciding per
// request from its headers exactly as consentry-server does (signals.rs,
// decision.rs): the consent cookie, `Sec-GPC`, `DNT` (per the policy) and the
// region from headers the site trusts.
//
// Every call into the wasm `Engine` is in this file.
import { readFileSync } from "node:fs";
import { initSync, Engine } from "./consentry.mjs";

let ready = false;
function init() {
  if (ready) return;
  initSync({ module: readFileSync(new URL("./consentry_bg.wasm", import.meta.url)) });
  ready = true;
}

/** All `Cookie` headers together beyond this many bytes are refused (no consent). */
export const MAX_COOKIE_HEADER = 16 * 1024;
// The core reads a longer cookie value as an oversized, invalid record: the
// stand-in for an oversized header (the server's `Invalid::Oversized`).
const OVERSIZED = "x".repeat(3073);

/** Trusted region header pairs of common edges (lower-case names). */
export const regionHeaders = Object.freeze({
  cloudflare: Object.freeze({ country: "cf-ipcountry", subdivision: "cf-region-code" }),
  cloudfront: Object.freeze({ country: "cloudfront-viewer-country", subdivision: "cloudfront-viewer-country-region" }),
  vercel: Object.freeze({ country: "x-vercel-ip-country", subdivision: "x-vercel-ip-country-region" }),
});

// ---- reading headers ---------------------------------------------------------

// Every value of a header: a WHATWG `Headers` (combined values are split at
// commas by the callers that need it) or a Node headers object (string or
// string[] values, any case of name).
function values(headers, name) {
  if (!headers || typeof headers !== "object") return [];
  if (typeof headers.get === "function" && typeof headers.has === "function") {
    const v = headers.get(name);
    return v === null || v === undefined ? [] : [String(v)];
  }
  let v = headers[name];
  if (v === undefined) {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === name) { v = headers[k]; break; }
  }
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

// Header strings hold one character per byte (latin1). A value is text only
// when its bytes are valid UTF-8 (then decoded); otherwise it counts as absent.
const utf8 = new TextDecoder("utf-8", { fatal: true });
function asUtf8(v) {
  if (!/[^\x00-\x7f]/.test(v)) return v;
  if (/[^\x00-\xff]/.test(v)) return v; // already decoded text (not from the wire)
  try { return utf8.decode(Buffer.from(v, "latin1")); } catch { return null; }
}

const trimAscii = (s) => s.replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, "");

// `Sec-GPC` / `DNT`: only the exact value `1` counts, and any `1` among several
// headers wins. Node joins repeated headers with ", ", so parts are read apart.
function flag(headers, name) {
  return values(headers, name).some((v) => v.split(",").some((p) => trimAscii(p) === "1"));
}

// consentry_core::Region::parse: `CC` or `CC-SUB` (`_` also separates),
// letters upper-cased; `null` when it is not one.
function parseRegion(s) {
  s = String(s).trim();
  const i = s.search(/[-_]/);
  const country = i < 0 ? s : s.slice(0, i);
  if (!/^[A-Za-z]{2}$/.test(country)) return null;
  if (i < 0) return country.toUpperCase();
  const sub = s.slice(i + 1);
  if (!/^[A-Za-z0-9]{1,3}$/.test(sub)) return null;
  return country.toUpperCase() + "-" + sub.toUpperCase();
}

// The first value of a header as text: visible ASCII (and tab) only, else absent.
function first(headers, name) {
  const v = values(headers, name)[0];
  return v !== undefined && /^[\t\x20-\x7e]*$/.test(v) ? v : undefined;
}

function readPair(pair, headers) {
  const raw = first(headers, pair.country);
  if (raw === undefined) return null;
  const country = raw.trim();
  // Cloudflare: `XX` unknown, `T1` Tor; neither is a place.
  if (/^(xx|t1)$/i.test(country)) return null;
  const region = parseRegion(country);
  if (region === null || region.length > 2) return region;
  const sub = pair.subdivision ? first(headers, pair.subdivision) : undefined;
  const s = sub === undefined ? "" : sub.trim();
  if (!s || country.length + 1 + s.length > 16) return region;
  // A subdivision that does not parse leaves the country, never nothing.
  return parseRegion(country + "-" + s) || region;
}

function pairs(list) {
  return (list || []).map((h) => {
    const p = typeof h === "string" ? regionHeaders[h] : h;
    if (!p || typeof p.country !== "string") throw new TypeError(`consentry: unknown region header ${JSON.stringify(h)}`);
    return { country: p.country.toLowerCase(), subdivision: p.subdivision ? String(p.subdivision).toLowerCase() : undefined };
  });
}

// All `Cookie` headers joined with "; " (HTTP/2 sends one per cookie); those
// that are not UTF-8 are skipped. `null`: more than MAX_COOKIE_HEADER bytes.
function cookieHeader(headers) {
  const parts = values(headers, "cookie").map(asUtf8).filter((v) => v !== null);
  const joined = parts.join("; ");
  return Buffer.byteLength(joined, "utf8") > MAX_COOKIE_HEADER ? null : joined;
}

// ---- deciding -------------------------------------------------------------------

/**
 * A decider for one policy (the parsed policy object; `undefined` → the safe
 * default). Throws an `Error` listing every problem of an invalid
 * policy. `options`: `regionHeaders` (trusted pairs, or the names
 * `cloudflare`, `cloudfront`, `vercel`; none by default), `resolveRegion(headers)`
 * (asked when no trusted header gives a region), `fallbackRegion`.
 */
export function createDecider(policy, options = {}) {
  init();
  const engine = new Engine(policy);
  const trusted = pairs(options.regionHeaders);
  const resolve = typeof options.resolveRegion === "function" ? options.resolveRegion : null;
  const fallback = options.fallbackRegion == null ? null : parseRegion(options.fallbackRegion);
  if (options.fallbackRegion != null && fallback === null) {
    throw new TypeError(`consentry: fallbackRegion ${JSON.stringify(options.fallbackRegion)} is not a region`);
  }
  const categories = engine.categories();
  const services = engine.services();
  // The engine holds one visitor at a time; a request's answers re-observe
  // its own inputs when another request was decided since (cheap).
  let current = null;

  function region(headers) {
    for (const p of trusted) {
      const r = readPair(p, headers);
      if (r) return r;
    }
    if (resolve) {
      const r = resolve(headers);
      const parsed = r == null ? null : parseRegion(r);
      if (parsed) return parsed;
    }
    return fallback;
  }

  function fromHeaders(headers, { now = Date.now() } = {}) {
    const cookies = cookieHeader(headers);
    const signals = { gpc: flag(headers, "sec-gpc"), dnt: flag(headers, "dnt"), region: region(headers) };
    const inputs = { cookies, ...signals, now };
    const use = () => {
      if (current === inputs) return engine;
      const r = signals.region === null ? undefined : signals.region;
      if (cookies === null) engine.observeValue(OVERSIZED, signals.gpc, signals.dnt, r, now);
      else engine.observe(cookies, signals.gpc, signals.dnt, r, now);
      current = inputs;
      return engine;
    };
    const e = use();
    const decision = {
      stored: e.stored,
      regime: e.regime,
      bannerNeeded: e.bannerNeeded,
      gcm: JSON.parse(e.gcm()),
      signals,
      allows: (what) => use().allows(String(what)),
      decide: (what) => use().decide(String(what)),
    };
    let consent;
    Object.defineProperty(decision, "consent", {
      enumerable: true,
      get() {
        if (!consent) {
          const d = use(), c = {}, s = {};
          for (const id of categories) c[id] = d.allows(id);
          for (const id of services) s[id] = d.allows(id);
          consent = { stored: decision.stored, regime: decision.regime, bannerNeeded: decision.bannerNeeded, categories: c, services: s };
        }
        return consent;
      },
    });
    // What the drop-in cannot see for itself, as consentry-server injects it.
    decision.facts = () => ({ region: signals.region, regime: decision.regime, gpc: signals.gpc, banner: decision.bannerNeeded });
    return Object.freeze(decision);
  }

  return Object.freeze({
    fromHeaders,
    categories: Object.freeze(categories.slice()),
    services: Object.freeze(services.slice()),
    cookieName: engine.cookieName,
  });
}

/**
 * `facts` as the JSON text of `<script type="application/json"
 * id="consentry-server">`, safe inside a script element.
 */
export function factsScript(facts) {
  const json = JSON.stringify(facts).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  return `<script type="application/json" id="consentry-server">${json}</script>`;
}

/** Returns the policy unchanged; in TypeScript it types the literal (see types/policy.d.ts). */
export function definePolicy(policy) {
  return policy;
}
