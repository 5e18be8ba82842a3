// Consentry for Node ≥ 18: the same wasm engine as the browser, deciding per
// request from its headers exactly as consentry-server does (signals.rs,
// decision.rs): the consent cookie, `Sec-GPC`, `DNT` (per the policy) and the
// region from headers the site trusts.
//
// Every call into the wasm `Engine` is in this file.
import { readFileSync } from "node:fs";
import { initSync, Engine, readRequest, parseRegion as coreRegion } from "./consentry.mjs";

let ready = false;
function init() {
  if (ready) return;
  initSync({ module: readFileSync(new URL("./consentry_bg.wasm", import.meta.url)) });
  ready = true;
}

/** All `Cookie` headers together beyond this many bytes are refused (no consent). */
export const MAX_COOKIE_HEADER = 16 * 1024;

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

// The region rule is the core's (`Region::parse`): `CC` or `CC-SUB`, upper-cased; `null` otherwise.
const parseRegion = (r) => coreRegion(String(r)) ?? null;

function pairs(list) {
  return (list || []).map((h) => {
    const p = typeof h === "string" ? regionHeaders[h] : h;
    if (!p || typeof p.country !== "string") throw new TypeError(`consentry: unknown region header ${JSON.stringify(h)}`);
    return { country: p.country.toLowerCase(), subdivision: p.subdivision ? String(p.subdivision).toLowerCase() : undefined };
  });
}

// The request as the core's one parser reads it (consentry_core::request, as
// consentry-server does): `Sec-GPC`, `DNT`, the trusted region pairs and the
// `Cookie` headers (`cookies` null when oversized). Only the headers it reads
// are handed over, each value as Node gives it (one character per byte), one
// `name:value` line each (HTTP allows no line break in either).
function readHeaders(headers, trusted) {
  const lines = [];
  const wanted = new Set(["cookie", "sec-gpc", "dnt"]);
  for (const p of trusted) { wanted.add(p.country); if (p.subdivision) wanted.add(p.subdivision); }
  for (const n of wanted) {
    for (const v of values(headers, n)) {
      if (/[\r\n]/.test(v)) continue;
      // Node joins repeated `Sec-GPC` / `DNT` headers with ", " (a `Cookie`
      // with "; "): hand the core the headers as sent. (Pass
      // `req.headersDistinct` to keep a single `1, 1` apart, as the server does.)
      const parts = n === "sec-gpc" || n === "dnt" ? v.split(",") : [v];
      for (const p of parts) lines.push(`${n}:${p}`);
    }
  }
  return readRequest(lines.join("\n"), trusted.map((p) => `${p.country} ${p.subdivision || ""}`).join("\n"));
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

  // After the trusted headers (read by the core): the app's resolver, then the fallback.
  function region(read, headers) {
    if (read.region) return read.region;
    if (resolve) {
      const r = resolve(headers);
      const parsed = r == null ? null : parseRegion(r);
      if (parsed) return parsed;
    }
    return fallback;
  }

  function fromHeaders(headers, { now = Date.now() } = {}) {
    const read = readHeaders(headers, trusted);
    const cookies = read.cookies;
    const signals = { gpc: read.gpc, dnt: read.dnt, region: region(read, headers) };
    const inputs = { cookies, ...signals, now };
    const use = () => {
      if (current === inputs) return engine;
      const r = signals.region === null ? undefined : signals.region;
      engine.observeRequest(cookies, signals.gpc, signals.dnt, r, now);
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
      judge: (tag, attrs) => use().judge(String(tag), attributeObject(attrs)),
      holdStyle: (css) => use().holdStyle(String(css)),
    };
    let consent;
    Object.defineProperty(decision, "consent", {
      enumerable: true,
      get() {
        if (!consent) {
          const a = use().allowed(), c = {}, s = {};
          let n = 0;
          for (const id of categories) c[id] = a[n++] === "1";
          for (const id of services) s[id] = a[n++] === "1";
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

// ---- holding markup -------------------------------------------------------------

// An attribute's name as written: parse5 splits SVG's `xlink:href` into
// prefix and name, the engine and the held form want it whole.
const qualified = (a) => (a.prefix ? `${a.prefix}:${a.name}` : String(a.name)).toLowerCase();

// The engine reads `{name: value}`; an HTML parser gives `[{name, value}]`, where
// the first of a repeated attribute counts (as in the browser).
function attributeObject(attrs) {
  if (!Array.isArray(attrs)) return attrs && typeof attrs === "object" ? attrs : {};
  const o = Object.create(null);
  for (const a of attrs) {
    const n = qualified(a);
    if (!(n in o)) o[n] = String(a.value);
  }
  return o;
}

// consentry_core::markup: the held form consentry-server's rewriter writes.
const HELD = "data-consentry", SERVICE = "data-consentry-service", MOVED = "data-consentry-";
const ORIGINAL_STYLE = MOVED + "css";

/**
 * The attributes (`[{name, value}]`, in order, names as written) of an
 * element held in the form consentry-server writes, for `verdict`
 * (`decision.judge(tag, attrs)`), or `null` when it stays as written (not
 * governed, or allowed). Edits only: whether and how to hold come from the verdict.
 */
export function holdAttributes(verdict, tag, attrs) {
  if (!verdict || verdict.allowed) return null;
  // Set as lol_html does: a present attribute changes in place, a new one goes last.
  const out = attrs.map((a) => ({ name: qualified(a), value: String(a.value) }));
  const find = (n) => out.findIndex((a) => a.name === n);
  const set = (name, value) => {
    const i = find(name);
    if (i < 0) out.push({ name, value });
    else out[i].value = value;
  };
  if (!verdict.tagged) {
    if (String(tag).toLowerCase() === "script") {
      const type = find("type");
      set(MOVED + "type", type < 0 ? "" : out[type].value);
      set("type", "text/plain");
    } else {
      for (const name of verdict.urlAttributes) {
        const i = find(name);
        if (i < 0) continue;
        const [moved] = out.splice(i, 1);
        set(MOVED + name, moved.value);
      }
    }
  }
  set(HELD, verdict.reason);
  if (verdict.service) set(SERVICE, verdict.service);
  return out;
}

/**
 * The start tag's attributes of a `<style>` held as consentry-server holds
 * it, for `held` (`decision.holdStyle(text)`; its `text` replaces the
 * element's): the original text kept in `data-consentry-css`, the verdict
 * marked; `null` when `held` is (the sheet stays as written). Marks the
 * page wrote give way, as in consentry-server.
 */
export function holdStyleAttributes(held, attrs, original) {
  if (!held) return null;
  const ours = [HELD, SERVICE, ORIGINAL_STYLE];
  const out = attrs.map((a) => ({ name: qualified(a), value: String(a.value) })).filter((a) => !ours.includes(a.name));
  out.push({ name: HELD, value: held.reason });
  if (held.service) out.push({ name: SERVICE, value: held.service });
  out.push({ name: ORIGINAL_STYLE, value: String(original) });
  return out;
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
