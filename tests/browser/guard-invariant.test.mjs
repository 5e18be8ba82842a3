// The guard's invariant, checked exhaustively beside the engine (in Node, the
// same wasm and the same WHATWG URL parser as the browser): for every URL and
// element, if the engine would block it in some consent state, the guard
// holds it. The guard's own functions (pkg/src/guard-match.js with the
// generated tables) run unchanged in a vm context; the engine is pkg/dist's
// wasm.
//
// "Some consent state" is the union of: a first visit in the EU (opt-in),
// Reject all in the EU and in California with GPC and DNT, and a first visit
// with no region. Reject all refuses every non-mandatory service, so the union
// covers every state; mandatory services are never blocked.
//
// Corpus: every host rule of the catalog and of each policy (the five seed
// sites, every vector policy, the demo's), in variants a browser or an
// attacker would write (subdomains, case, trailing dot, port, scheme,
// credentials, backslashes, percent-encoding, whitespace, IPs), every URL and
// element the shared vectors name, and every governed tag with each URL.
// Tagged markup is excluded: it is inert as written and the engine's alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT, DIST } from './harness.mjs';

const { initSync, Engine } = await import(path.join(DIST, 'consentry.mjs'));
initSync({ module: readFileSync(path.join(DIST, 'consentry_bg.wasm')) });

const guard = vm.createContext({ URL, atob });
vm.runInContext(readFileSync(path.join(ROOT, 'pkg/src/guard-tables.js'), 'utf8')
  + readFileSync(path.join(ROOT, 'pkg/src/guard-match.js'), 'utf8')
  + '\nthis.T = consentryTables; this.might = consentryMight; this.hold = consentryMightHold; this.hostsOf = consentryHosts;', guard);

/** A seeded choice among a list's items (xorshift32): the same cases every run. */
function picker(seed) {
  let s = seed;
  return (list) => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return list[(s >>> 0) % list.length]; };
}

const BASE = 'https://www.shop.test/shop/page.html';
const ORIGIN = 'https://www.shop.test';
const abs = (u) => { try { return new URL(u, BASE).href; } catch { return u; } };

/** Every policy the repository knows, by name (undefined: the default). */
function policies() {
  const out = [['default (no config)', undefined], ['demo', JSON.parse(readFileSync(path.join(ROOT, 'www/policy.json'), 'utf8'))],
    // Path rules on the site's own host and its parents (a self-hosted
    // analytics path, a first-party proxy): the guard holds by path there.
    ['first-party path rules', { categories: [{ id: 'performance', services: [
      { id: 'matomo-self', name: 'Matomo', hosts: ['www.shop.test/matomo', 'shop.test/ga/collect'] },
      { id: 'pixel-proxy', name: 'Pixel proxy', hosts: ['cdn.shop.test/Px/', 'www.shop.test/%70roxy', 'www.shop.test/a/./b'] },
    ] }] }]];
  const seeds = path.join(ROOT, 'examples/seed-sites');
  for (const d of readdirSync(seeds)) {
    const f = path.join(seeds, d, 'policy.json');
    if (existsSync(f)) out.push([`seed ${d}`, JSON.parse(readFileSync(f, 'utf8'))]);
  }
  const vectors = path.join(ROOT, 'tests/vectors');
  for (const f of readdirSync(vectors).filter((n) => n.endsWith('.json'))) {
    const v = JSON.parse(readFileSync(path.join(vectors, f), 'utf8'));
    if (v.policy) out.push([`vectors ${f}`, v.policy]);
    // policy.json's cases are mostly invalid on purpose: the valid ones count.
    for (const c of v.cases || []) if (c.policy && typeof c.policy === 'object') out.push([`vectors ${f}: ${c.name}`, c.policy, true]);
  }
  return out;
}

/** Engines for the states whose union is "some consent state" (invalid policies skipped). */
function engines(policy) {
  const id = new Uint8Array(16).fill(7);
  const now = Date.now();
  const make = (cookieOf, gpc, dnt, region) => {
    const e = new Engine(policy);
    e.observe(cookieOf ? cookieOf(e) : '', gpc, dnt, region, now);
    return e;
  };
  const reject = (region) => (e) => {
    e.observe('', false, false, region, now);
    return e.choose('reject-all', [], undefined, id, now, true).split(';')[0];
  };
  try {
    return [make(null, false, false, 'DE'), make(reject('DE'), false, false, 'DE'),
      make(reject('US-CA'), true, true, 'US-CA'), make(null, false, false, undefined)];
  } catch {
    return null;
  }
}

/** URL variants of one host rule (`host` or `host/path`). */
function variants(rule) {
  const slash = rule.indexOf('/');
  const host = slash < 0 ? rule : rule.slice(0, slash);
  const p = slash < 0 ? '/' : rule.slice(slash);
  const up = host.toUpperCase();
  const enc = host.replace(/^(.)/, (c) => '%' + c.charCodeAt(0).toString(16));
  return [
    `https://${host}${p}`, `https://${host}${p}/x.js?id=1`, `https://sub.${host}${p}x`, `//${host}${p}`,
    `http://${host}${p}`, `HTTPS://${up}${p}`, `https://${host}.${p}`, `https://${host}:8443${p}`,
    `wss://${host}${p}`, `https://user:pw@${host}${p}`, `https://${host}${p.toUpperCase()}`,
    `https://${host}//${p.slice(1)}`, `https://${enc}${p}`, ` \thttps://${host}${p}\n`,
    `https://${host}\\${p.slice(1)}`, `https://evil.test\\@${host}${p}`, `https://${host}\\@evil.test${p}`,
    `https://${host}${p}#@evil.test`, `https://evil.test#@${host}${p}`, `https://${host}%2F@evil.test/`,
    `ftp://${host}${p}`, `https://${host.replace(/\./g, '。')}${p}`, `https://x${host}${p}`,
  ].concat(slash < 0 ? [] : [
    // A path rule's path as the vendor's server (and the core) may read it.
    `https://${host}/./${p.slice(1)}`, `https://${host}/x/..${p}`, `https://${host}${p.replace(/^\/(.)/, (m, c) => '/%' + c.charCodeAt(0).toString(16))}`,
    `https://${host}${p}%2f..`, `https://${host}${p}2`, `https://${host}/${p.slice(1).replace(/\//g, '//')}`,
  ]);
}

const HOSTILE = [
  'https://127.0.0.1/x.js', 'https://[::1]/x.js', 'https://0x7f.1/x', 'https://%zz/x', 'https://a b.test/',
  'https:///x', 'javascript:alert(1)', 'data:text/javascript,1', 'blob:https://www.shop.test/1', 'about:blank',
  '/own.js', './own.js', '../own.js', '?q', '#f', '', 'https://www.shop.test/own.js', 'https://cdn.allowed.example/lib.js',
  'https://xn--80ak6aa92e.com/', 'https://ｗｗｗ.google-analytics.com/collect', 'https://www.google-analytics.com./collect',
  'https://www.google-analytics.com:443/collect', 'https://www.google-analytics.com%00.evil/', 'http://@www.facebook.com/tr',
];

/** Every URL the vectors name, wherever they name one. */
function vectorUrls() {
  const urls = new Set();
  const walk = (v) => {
    if (typeof v === 'string') { if (/^(https?:|\/\/|wss?:)/i.test(v.trim())) urls.add(v); return; }
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { walk(k); walk(x); }
  };
  const dir = path.join(ROOT, 'tests/vectors');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  return [...urls];
}

const catalogRules = () => {
  const e = new Engine(undefined);
  return e.policy().services.flatMap((s) => s.hosts.map((h) => h.host + h.path));
};

// A CSS-only attribute (markup::PRESENTATION_ATTRIBUTES): read as CSS, never as a URL.
const PRESENTATION = new Set(guard.T.css.trim().split(' ').filter((a) => !guard.T.tags.set.split(' ').includes(a)));
const presentation = (a) => PRESENTATION.has(a);

test('the guard holds every URL and element the engine may block, for every policy', { timeout: 300_000 }, () => {
  const base = [...HOSTILE, ...vectorUrls(), ...catalogRules().flatMap(variants)];
  let checked = 0, blocked = 0, elements = 0;
  const misses = [], invalid = [];
  for (const [name, policy, mayBeInvalid] of policies()) {
    const es = engines(policy);
    if (!es) { if (!mayBeInvalid) invalid.push(name); continue; }
    const hosts = guard.hostsOf(guard.T, policy);
    // Pure for a policy: remembered, since every element of a URL asks
    // again (the hashing had been most of this test's time).
    const seen = new Map();
    const might = (u) => { let m = seen.get(u); if (m === undefined) seen.set(u, m = guard.might(hosts, u, BASE, ORIGIN)); return m; };
    const own = es[0].policy().services.flatMap((s) => s.hosts.map((h) => h.host + h.path));
    const mine = new Set(own.flatMap(variants));
    const urls = [...new Set([...base, ...mine])];
    // Elements: for the default policy every URL; for the others their own
    // hosts' URLs (the element plumbing is the same, the corpus is not).
    const withElements = policy === undefined ? () => true : (u) => mine.has(u) || HOSTILE.includes(u);
    for (const u of urls) {
      const url = abs(u);
      const block = es.some((e) => e.decide(url).startsWith('block:'));
      checked++;
      if (!block) continue;
      blocked++;
      if (!might(u)) misses.push(`${name}: request ${JSON.stringify(u)} → ${es.map((e) => e.decide(url)).join(' / ')}`);
      if (!withElements(u)) continue;
      // Each governed element, untagged, with this URL in each URL attribute.
      for (const [tag, attrs] of Object.entries(guard.T.tags)) {
        for (const a of attrs.split(' ')) {
          // SVG's presentation attributes (CSS, read alike by the guard
          // whatever the tag): each on <svg>, one on the other tags.
          const css = presentation(a);
          if (css && tag !== 'svg' && a !== 'fill') continue;
          // A list (generated: srcset, SMIL values, ping) names the URL beside a relative one.
          const sep = guard.T.lists[a], refresh = a === guard.T.refresh;
          const set = { [a]: css ? `url(${u}) red` : refresh ? `0; url=${u}` : !sep ? u : sep === ',' ? `/a.png 1x, ${u} 2x` : `/a.png${sep === ' ' ? ' ' : '; '}${u}` };
          if (tag === 'link') set.rel = 'preload';
          if (refresh) set['http-equiv'] = 'refresh';
          // What the runtime hands the engine: URL attributes made absolute,
          // lists and a meta refresh's content as written.
          const engineAttrs = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, k === a && !sep && !refresh && !css ? abs(v) : v]));
          elements++;
          // The engine is asked only where the guard lets the element
          // through (a miss needs both), which is seldom: a wasm call per
          // element had made this test most of the suite's time.
          if (guard.hold(guard.T, might, tag, (n) => (n in set ? set[n] : null))) continue;
          // Reject all refuses every non-mandatory service: the widest state.
          const v = [es[1].judge(tag, engineAttrs)].filter(Boolean);
          if (v.some((x) => !x.allowed)) misses.push(`${name}: <${tag} ${a}=${JSON.stringify(set[a])}>`);
        }
      }
      // A frame's data: document naming the URL (markup::data_document),
      // percent-encoded and in base64.
      const doc = `<img src="${u}">`;
      for (const src of [`data:text/html,${encodeURIComponent(doc)}`, `data:text/html;base64,${Buffer.from(doc).toString('base64')}`]) {
        elements++;
        const v = es[1].judge('iframe', { src });
        if (v && !v.allowed && !guard.hold(guard.T, might, 'iframe', (n) => (n === 'src' ? src : null))) misses.push(`${name}: <iframe src=${JSON.stringify(src)}>`);
      }
    }
  }
  assert.deepEqual(invalid, [], 'policies the engine refused');
  assert.ok(checked > 20_000 && blocked > 5_000 && elements > 50_000,
    `a real corpus (${checked} URLs checked, ${blocked} blocked, ${elements} elements)`);
  assert.deepEqual(misses.slice(0, 40), [], `${misses.length} cases the engine may block but the guard lets through`);
});

test('the guard holds every element of the markup vectors the engine blocks', () => {
  const v = JSON.parse(readFileSync(path.join(ROOT, 'tests/vectors/markup.json'), 'utf8'));
  const es = engines(v.policy);
  const hosts = guard.hostsOf(guard.T, v.policy);
  const might = (u) => guard.might(hosts, u, BASE, ORIGIN);
  let n = 0;
  for (const c of v.cases) {
    for (const el of (c.expect && c.expect.elements) || []) {
      const tagged = 'data-category' in el.attrs || 'data-service' in el.attrs;
      if (tagged) continue;
      const attrs = { ...el.attrs };
      for (const k of ['src', 'href', 'data', 'poster']) if (k in attrs) attrs[k] = abs(attrs[k]);
      // The tag as the DOM names it, as the guard reads it (SVG's feImage keeps its case).
      const tag = Object.keys(guard.T.tags).find((k) => k.toLowerCase() === el.tag.toLowerCase()) || el.tag.toLowerCase();
      const block = es.some((e) => { const x = e.judge(tag, attrs); return x && !x.allowed; });
      if (!block) continue;
      n++;
      assert.ok(guard.hold(guard.T, might, tag, (k) => (k in el.attrs ? el.attrs[k] : null)),
        `${c.name}: <${el.tag} ${JSON.stringify(el.attrs)}>`);
    }
  }
  assert.ok(n > 5, `${n} blocked untagged elements checked`);
});

test('the guard does not hold first-party code or an unlisted third party', () => {
  const hosts = guard.hostsOf(guard.T, undefined);
  for (const u of ['/own.js', 'https://www.shop.test/app.js', 'https://cdn.allowed.example/lib.js',
    'https://cdnjs.cloudflare.com/ajax/libs/x.js', 'https://code.jquery.com/jquery.js', 'data:image/png;base64,AA=='])
    assert.equal(guard.might(hosts, u, BASE, ORIGIN), false, u);
  assert.equal(guard.hold(guard.T, () => true, 'link', (n) => (n === 'rel' ? 'canonical' : n === 'href' ? 'https://www.facebook.com/' : null)), null,
    'a link that fetches nothing is not held');
});

// The guard reads a meta refresh before the engine is there, by its own
// reading of the content (guard-match.js restates markup::refresh_url): the
// two may differ only where the guard holds more. Random contents, written
// every way the standard's reading (and a page's sloppiness) allows.
test('the guard holds every meta refresh the engine blocks, its content written any way', () => {
  const es = engines(undefined);
  const hosts = guard.hostsOf(guard.T, undefined);
  const might = (u) => guard.might(hosts, u, BASE, ORIGIN);
  const pick = picker(0x2545f491);
  const WS = ['', ' ', '\t', '\n', '\f', '\r', '\v', '\u00a0', '  \t'];
  const parts = [
    WS, ['', '0', '5', '.5', '1.5.2', '00', '-1', 'x', '3s'], WS, ['', ';', ',', ';;', ' ; ', ',;'], WS,
    ['', 'url=', 'URL=', 'Url =', 'url= ', 'urn=', 'url', 'url:=', 'uRl\t=\n'], ['', '"', "'", '`'],
    ['https://www.facebook.com/tr', '//connect.facebook.net/en_US/fbevents.js', 'HTTPS://WWW.FACEBOOK.COM/tr?id=1',
      'https://www.google-analytics.com/collect', ' https://static.hotjar.com/c/hotjar-1.js', 'https://www.facebook.com/tr;x'],
    ['', '"', "'", ' rest', '";x', "' y", '\n'],
  ];
  const EQUIV = ['refresh', 'Refresh', ' refresh ', '\trefresh\n', 'refresh\u00a0', 'REFRESH', 'refresh;', 'content-type'];
  let blocked = 0;
  const misses = [];
  for (let i = 0; i < 10000; i++) {
    const attrs = { 'http-equiv': pick(EQUIV), content: parts.map(pick).join('') };
    const v = es[1].judge('meta', attrs);
    if (!v || v.allowed) continue;
    blocked++;
    if (!guard.hold(guard.T, might, 'meta', (n) => (n in attrs ? attrs[n] : null))) misses.push(JSON.stringify(attrs));
  }
  assert.ok(blocked > 400, `${blocked} blocked metas checked`);
  assert.deepEqual(misses.slice(0, 20), [], `${misses.length} meta refreshes the engine blocks but the guard lets through`);
});

// Likewise a frame's `data:` document: the guard holds it by its media type
// alone (guard-match.js), the engine reads its text (markup::data_document).
test('the guard holds every data: document the engine blocks, written any way', () => {
  const es = engines(undefined);
  const hosts = guard.hostsOf(guard.T, undefined);
  const might = (u) => guard.might(hosts, u, BASE, ORIGIN);
  const pick = picker(0x1b873593);
  const TRACKER = ['https://www.facebook.com/tr', '//connect.facebook.net/en_US/fbevents.js', 'HTTPS://WWW.GOOGLE-ANALYTICS.COM/collect'];
  const MEDIA = ['text/html', 'TEXT/HTML', ' text/html ', 'image/svg+xml', 'IMAGE/SVG+XML', 'image/png', 'application/xhtml+xml',
    'text/xml', '', 'text/plain', 'video/mp4', 'font/woff', 'audio/x', 'image/png;x=svg', 'image/svg', 'application/octet-stream'];
  const PARAMS = ['', ';charset=utf-8', ';base64', 'base64', ';charset=x;base64', ';BASE64', ';base64 '];
  const encode = (text, b64) => {
    if (b64) return pick([(t) => Buffer.from(t).toString('base64'), (t) => Buffer.from(t).toString('base64').replace(/(.{4})/g, '$1 ')])(text);
    return pick([encodeURIComponent, (t) => t.replace(/"/g, '%22').replace(/ /g, '%20'), (t) => t.replace(/\./g, '%2E')])(text);
  };
  let blocked = 0;
  const misses = [];
  for (let i = 0; i < 6000; i++) {
    const params = pick(PARAMS);
    const b64 = /base64/i.test(params);
    let doc = pick([`<img src="${pick(TRACKER)}">`, `<script src='${pick(TRACKER)}'></script>`, `<svg><image href="${pick(TRACKER)}"/></svg>`]);
    // A data: document inside it, in base64.
    if (pick([0, 0, 1])) doc = `<iframe src="data:text/html;base64,${Buffer.from(doc).toString('base64')}"></iframe>`;
    const src = pick(['', ' ', '\t', '\u0001']) + pick(['data', 'DATA', 'da\tta', 'Data']) + ':' + pick(MEDIA) + params + ',' + encode(doc, b64);
    const v = es[1].judge('iframe', { src });
    if (!v || v.allowed) continue;
    blocked++;
    if (!guard.hold(guard.T, might, pick(['iframe', 'frame', 'object', 'embed']), (n) => (n === 'src' || n === 'data' ? src : null))) misses.push(src);
  }
  assert.ok(blocked > 1000, `${blocked} blocked data: documents checked`);
  assert.deepEqual(misses.slice(0, 20), [], `${misses.length} data: documents the engine blocks but the guard lets through`);
});

// Requests to the catalog's hosts written in random combinations of the
// forms a browser accepts or an attacker tries (the corpus above has each
// form alone): each URL the engine blocks, the guard holds. (Not `blob:`
// URLs of a tracker's origin, which the engine refuses too: such a URL
// resolves only in the origin that made it and never reaches the network.)
test('the guard holds every request the engine blocks, its URL decorated at random', () => {
  const es = engines(undefined);
  const hosts = guard.hostsOf(guard.T, undefined);
  const might = (u) => guard.might(hosts, u, BASE, ORIGIN);
  const pick = picker(0x3c6ef372);
  const rules = catalogRules();
  const host = (h) => pick([
    (x) => x, (x) => x.toUpperCase(), (x) => `${x}.`, (x) => `sub.${x}`, (x) => x.replace(/\./g, '%2E'),
    (x) => x.replace(/^(.)/, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()), (x) => x.replace(/\./g, '。'),
    (x) => x.replace(/^(.)(.)/, '$1\t$2'), (x) => x.replace(/^(.)/, (c) => `&#${c.charCodeAt(0)};`),
  ])(h);
  const scheme = () => pick(['https://', 'http://', 'HTTPS://', '//', 'https:', 'https:\\\\', '\\\\', 'https:/\\', 'wss://', 'ws://', ' \thttps://', 'ht\ttps://']);
  const auth = () => pick(['', '', 'user@', 'u:p@', 'evil.test@', '@', 'a%40b@']);
  const port = () => pick(['', '', ':443', ':80', ':8080', ':']);
  const path = (p) => pick([(x) => x, (x) => x.toUpperCase(), (x) => x.replace(/^\//, '//'), (x) => x.replace(/\//g, '\\'), (x) => x + '?a=1#f', (x) => x.replace(/^\/(.)/, (m, c) => '/%' + c.charCodeAt(0).toString(16)), (x) => '/./' + x.slice(1), (x) => '/x/..' + x])(p);
  let blocked = 0;
  const misses = [];
  for (let i = 0; i < 20000; i++) {
    const rule = pick(rules), slash = rule.indexOf('/');
    const h = slash < 0 ? rule : rule.slice(0, slash), p = slash < 0 ? '/' : rule.slice(slash);
    const u = scheme() + auth() + host(h) + port() + path(p) + pick(['', '', '\n', ' ']);
    const url = abs(u);
    if (!es.some((e) => e.decide(url).startsWith('block:'))) continue;
    blocked++;
    if (!might(u)) misses.push(u);
  }
  assert.ok(blocked > 5000, `${blocked} blocked URLs checked`);
  assert.deepEqual(misses.slice(0, 20), [], `${misses.length} URLs the engine blocks but the guard lets through`);
});
