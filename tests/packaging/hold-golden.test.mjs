// The Node hand-over holds what consentry-server's Rust rewriter holds, in
// the same form: each golden page (tests/golden/, written by hand for
// crates/consentry-server/tests/golden.rs) streamed through the node-ssr
// example's rewriter (the engine's `judge` and `holdAttributes`, installed
// from the tarball), compared with the expected page start tag by start tag
// (names and attribute values as a browser reads them, in order) and
// each <style>'s text. The
// server's injected facts snippet is not the rewriter's: it is taken out of
// the expected page first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import test from 'node:test';
import { pathToFileURL } from 'node:url';
import { installed, ROOT } from './pack.mjs';

const dir = installed('node-ssr', path.join(ROOT, 'examples/node-ssr'));
const load = (spec) => import(pathToFileURL(createRequire(path.join(dir, 'package.json')).resolve(spec)).href);
const nodeEntry = createRequire(path.join(dir, 'package.json')).resolve('consentry');
const { createDecider, holdAttributes } = await load('consentry');
const { holdTrackers } = await import(pathToFileURL(path.join(dir, 'hold-trackers.js')).href);
const { RewritingStream } = await load('parse5-html-rewriting-stream');

const GOLDEN = path.join(ROOT, 'tests/golden');
/** The vectors' default `now` (consentry_core::vectors), Unix seconds. */
const DEFAULT_NOW = 1788220800;

/** A consent cookie for the golden's `consent` spec, encoded by the engine itself. */
async function consentCookie(policy, spec, now) {
  createDecider(policy); // initialises the wasm the engine module shares
  const { Engine } = await import(pathToFileURL(path.join(path.dirname(nodeEntry), 'consentry.mjs')).href);
  const engine = new Engine(policy);
  const assignment = engine.choose(spec.choice, spec.categories || [], undefined, new Uint8Array(16).fill(7),
    (now - 60) * 1000, false);
  return assignment.split(';')[0];
}

/** The visitor of a golden's JSON as request headers (the Rust test's setup). */
async function visitor(spec, policy, now) {
  const h = {};
  if (spec.mutate || spec.cookieHeader || spec.cookie) return null;
  if (spec.consent) h.cookie = await consentCookie(policy, spec.consent, now);
  if (spec.signals?.gpc) h['sec-gpc'] = '1';
  if (spec.signals?.region) h['cf-ipcountry'] = spec.signals.region;
  return h;
}

/** Every start tag, `name attr="value"…` with values decoded, one string
 * each, and the text of each `<style>` (the sheet left applied); a
 * `<noscript>`'s content (text to this parser, as to a browser with
 * JavaScript) read the same way, as a browser without JavaScript reads it. */
function startTags(html) {
  const tags = [];
  const p = new RewritingStream();
  let style = false, noscript = null;
  p.on('startTag', (t) => {
    style = t.tagName === 'style';
    if (t.tagName === 'noscript') noscript = '';
    tags.push([t.tagName, ...t.attrs.map((a) => `${a.name}=${JSON.stringify(a.value)}`)].join(' '));
  });
  p.on('text', (t) => {
    if (noscript !== null) noscript += t.text;
    else if (style) tags.push(`style text ${JSON.stringify(t.text)}`);
  });
  p.on('endTag', (t) => {
    style = false;
    if (t.tagName === 'noscript' && noscript !== null) {
      tags.push(...startTags(noscript).map((x) => `noscript > ${x}`));
      noscript = null;
    }
  });
  p.end(html);
  return tags;
}

// consentry-server's snippet (inject.rs): the Consent Mode default, then the facts.
const SNIPPET = /(<script(?: nonce="[^"]*")?>window\.dataLayer=window\.dataLayer\|\|\[\];function gtag\(\)\{dataLayer\.push\(arguments\)\}gtag\('consent','default',\{[^<]*\}\);<\/script>)?<script type="application\/json" id="consentry-server">[^<]*<\/script>/;

test('the node-ssr rewriter holds each golden page as consentry-server does', async (t) => {
  const names = readdirSync(GOLDEN).filter((f) => f.endsWith('.src.html')).map((f) => f.slice(0, -'.src.html'.length)).sort();
  const compared = [];
  for (const name of names) {
    const spec = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'));
    if (spec.banner) { t.diagnostic(`${name}: the server-rendered banner, not the hold rewriter's, skipped`); continue; }
    const charset = (spec.contentType || 'charset=utf-8').match(/charset=([\w-]+)/)[1];
    const decode = (file) => new TextDecoder(charset).decode(readFileSync(path.join(GOLDEN, file)));
    const now = spec.now ?? DEFAULT_NOW;
    const policy = spec.policy;
    const headers = await visitor(spec, policy, now);
    if (!headers) { t.diagnostic(`${name}: a raw or mutated cookie, skipped`); continue; }
    const decision = createDecider(policy, { regionHeaders: ['cloudflare'] }).fromHeaders(headers, { now: now * 1000 });
    const out = await text(Readable.from([decode(`${name}.src.html`)]).pipe(holdTrackers(decision)));
    const expected = decode(`${name}.expected.html`);
    assert.match(expected, SNIPPET, `${name}: the snippet to take out`);
    // consentry-server leaves links to the page guard (a ping is sent on a
    // click only; markup::ACTIVATION_TAGS): this rewriter, which sees every
    // tag anyway, holds their pings as the core says.
    const link = (tag) => /^(a|area)( |$)/.test(tag);
    assert.deepEqual(startTags(out).filter((x) => !link(x)), startTags(expected.replace(SNIPPET, '')).filter((x) => !link(x)), name);
    // (The golden pages' pings all name refused trackers.)
    for (const tag of startTags(out).filter(link)) assert.doesNotMatch(tag, / ping=/, `${name}: a ping left live: ${tag}`);
    compared.push(name);
  }
  t.diagnostic(`compared: ${compared.join(', ')}`);
  assert.ok(compared.length >= 10, `only ${compared.length} golden pages compared`);
});

test('judge and holdAttributes on single elements', () => {
  const policy = { revision: 1, categories: [{ id: 'performance', services: ['google-analytics'] }, { id: 'targeting', services: ['meta-pixel', 'youtube'] }] };
  const d = createDecider(policy).fromHeaders({});
  const attrs = (o) => Object.entries(o).map(([name, value]) => ({ name, value }));
  const hold = (tag, o) => {
    const a = attrs(o);
    const held = holdAttributes(d.judge(tag, a), tag, a);
    return held && Object.fromEntries(held.map((x) => [x.name, x.value]));
  };

  const v = d.judge('SCRIPT', attrs({ src: 'https://connect.facebook.net/en_US/fbevents.js', type: 'module' }));
  assert.deepEqual({ ...v }, { allowed: false, reason: 'no-consent', decision: 'block:no-consent', service: 'meta-pixel', tagged: false, urlAttributes: [] });
  assert.deepEqual(hold('script', { src: 'https://connect.facebook.net/en_US/fbevents.js', type: 'module' }),
    { src: 'https://connect.facebook.net/en_US/fbevents.js', type: 'text/plain', 'data-consentry-type': 'module', 'data-consentry': 'no-consent', 'data-consentry-service': 'meta-pixel' });
  assert.deepEqual(hold('img', { srcset: '/a.png 1x, https://www.facebook.com/tr?id=1 2x', src: '/a.png', alt: '' }),
    { alt: '', 'data-consentry-srcset': '/a.png 1x, https://www.facebook.com/tr?id=1 2x', 'data-consentry-src': '/a.png', 'data-consentry': 'no-consent', 'data-consentry-service': 'meta-pixel' });
  assert.deepEqual(hold('iframe', { 'data-category': 'targeting', 'data-src': 'https://www.youtube.com/embed/x' }),
    { 'data-category': 'targeting', 'data-src': 'https://www.youtube.com/embed/x', 'data-consentry': 'no-consent' }, 'tagged: marked only');
  assert.equal(hold('link', { rel: 'canonical', href: 'https://www.google-analytics.com/' }), null, 'a link that fetches nothing');
  assert.equal(hold('div', { src: 'https://www.facebook.com/tr' }), null);
  assert.equal(d.judge('img', { src: 'https://www.facebook.com/tr', 'data-consentry': 'no-consent' }), null, 'held already');
  assert.equal(d.judge('script', [{ name: 'src', value: '/app.js' }, { name: 'src', value: 'https://www.facebook.com/tr' }]).allowed, true,
    'the first of a repeated attribute counts');
  const accepted = holdAttributes({ ...v, allowed: true }, 'script', []);
  assert.equal(accepted, null, 'an allowed element stays as written');
});

test('judge answers for its own request when requests interleave', async () => {
  const policy = { revision: 1, categories: [{ id: 'targeting', services: ['meta-pixel'] }] };
  const decider = createDecider(policy);
  const now = { now: DEFAULT_NOW * 1000 };
  const yes = decider.fromHeaders({ cookie: await consentCookie(policy, { choice: 'accept-all' }, DEFAULT_NOW) }, now);
  const no = decider.fromHeaders({}, now);
  const pixel = [{ name: 'src', value: 'https://www.facebook.com/tr?id=1' }];
  assert.equal(yes.judge('img', pixel).decision, 'allow:granted');
  assert.equal(no.judge('img', pixel).decision, 'block:no-consent');
  assert.equal(yes.judge('img', pixel).decision, 'allow:granted');
});
