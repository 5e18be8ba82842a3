// End-to-end harness: a first-party HTTP site (www.shop.test), one HTTPS
// server posing as every third party (routed by Host), and Debian Chromium
// driven by playwright-core. Every request either server sees is logged.
//
//   const s = await launch(t);            // fresh context + page, empty logs
//   s.site.page('/a.html', dropIn({ policy, body: '<script …>' }));
//   s.thirdParty.route('https://static.hotjar.com/c.js', { delay: 300 });
//   await s.goto('/a.html'); await s.ready();
//   assert.deepEqual(s.hits('www.google-analytics.com'), []);
//
// The browser and servers are shared by the sessions of one test file (one
// node process) and shut down shortly after the last session closes.
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startProxy } from './proxy.mjs';
import { openFirefox, openWebKit } from './engines.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
/** The built runtime; CONSENTRY_DIST points the tests at another build. */
export const DIST = path.resolve(process.env.CONSENTRY_DIST || path.join(ROOT, 'pkg/dist'));
export const RUNTIME = path.join(DIST, 'consentry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The browser engine the suites drive: chromium (default), firefox or webkit. */
export const ENGINE = process.env.CONSENTRY_ENGINE || 'chromium';
/** What the harness can observe in this engine: WebKit's WebDriver has no
 * init scripts (window.__events, window.__csp) and no console log. */
export const CAN = { initScript: ENGINE !== 'webkit', console: ENGINE !== 'webkit' };
/** The site's host. WebKitGTK cannot be told to treat a plain-http host as a
 * secure context (Chromium and Firefox can), but `localhost` is one in every
 * engine: the service-worker suites (`CONSENTRY_E2E_SECURE`) use it there,
 * still through the logging proxy. */
export const SITE_HOST = ENGINE === 'webkit' && process.env.CONSENTRY_E2E_SECURE ? 'localhost' : 'www.shop.test';
export const SITE = `http://${SITE_HOST}`;
/** A cross-site attacker's host, plain HTTP like the site (no mixed-content
 * rules in the way), served from `s.attacker.page()`. */
export const ATTACKER_HOST = 'attacker.test';
export const ATTACKER = `http://${ATTACKER_HOST}`;
/**
 * The `consentry` cookie the drop-in writes on Accept all, made in a session
 * of its own (`opts` as for `launch`, e.g. `{ upstream }`), for tests that
 * start a visitor who has already consented.
 */
export async function acceptAllCookie(opts) {
  const s = await launch(null, opts);
  try {
    await s.goto('/');
    await s.ready();
    await s.call('acceptAll');
    const cookies = await s.cookie('consentry');
    if (cookies.length !== 1) throw new Error(`acceptAll wrote ${cookies.length} consent cookies`);
    return cookies;
  } finally {
    await s.close();
  }
}

/** Per-test options for node:test: a hung browser fails instead of hanging. */
export const T = { timeout: 60_000 };

/**
 * Headless Chromium for a test that serves its own site on localhost (the
 * demo server): every other host is unresolvable, so a tracker request can
 * only reach the test's own logging routes.
 */
export async function launchLocalChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`cargo xtask setup\``);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost'],
  });
}

/** Third parties served (over HTTPS, self-signed) by the fake tracker server.
 * Every other host fails to resolve (no real network; this also keeps
 * Chromium's own background requests, e.g. accounts.google.com, out of the
 * log). Add a host here when a test needs it. */
export const THIRD_PARTY_HOSTS = [
  'www.googletagmanager.com', 'www.google-analytics.com', 'region1.google-analytics.com',
  'connect.facebook.net', 'www.facebook.com', 'www.youtube.com', 'www.youtube-nocookie.com',
  'player.vimeo.com', 'static.hotjar.com', 'widget.intercom.io', 'js.hs-scripts.com',
  'googleads.g.doubleclick.net', 'beacon.salesinteract.example', 'cdn.allowed.example',
  // the seed sites' vendors (examples/seed-sites/)
  'static.getclicky.com', 'cdn.mxpnl.com', 'storage.googleapis.com', 'www.googleadservices.com',
  // web fonts a theme's <style> imports (consentry-server's axum example, /theme)
  'fonts.googleapis.com', 'fonts.gstatic.com',
];

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TYPES = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.map': 'application/json', '.html': 'text/html; charset=utf-8',
  '.css': 'text/css', '.d.ts': 'text/plain',
};

/** What the fake script at `url` pushes to `window.__order`: host + path + query. */
export const marker = (url) => { const u = new URL(url); return u.host + u.pathname + u.search; };
export const trackerJs = (url) => `(window.__order=window.__order||[]).push(${JSON.stringify(marker(url))});`;

/** A page with the drop-in: optional policy (object, or a raw string for
 * broken-config tests) and server facts, then /consentry.js, then `head`. */
export function dropIn({ policy, server, head = '', body = '', runtime = true } = {}) {
  const json = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shop</title>
${policy === undefined ? '' : `<script type="application/json" id="consentry-config">${json(policy)}</script>`}
${server === undefined ? '' : `<script type="application/json" id="consentry-server">${json(server)}</script>`}
${runtime ? '<script src="/consentry.js"></script>' : ''}
${head}</head><body>
${body}
</body></html>`;
}

/** Presses Tab in `s`'s page until `selector` has focus (at most `max` times). */
export async function tabTo(s, selector, max = 20) {
  for (let i = 0; i < max; i++) {
    await s.page.keyboard.press('Tab');
    if (await s.page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) return;
  }
  throw new Error(`${selector} never got focus by Tab`);
}

/** A copy of examples/seed-sites/salesinteract/policy.json. */
export const salesinteractPolicy = () =>
  JSON.parse(readFileSync(path.join(ROOT, 'examples/seed-sites/salesinteract/policy.json'), 'utf8'));

// ---- servers ---------------------------------------------------------------

let current = newRoutes(); // the session whose pages/routes/log the servers use
function newRoutes() { return { requests: [], pages: new Map(), routes: new Map(), attacker: new Map(), upstream: null }; }
const t0 = Date.now();

function logRequest(server, req) {
  const host = (req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
  const entry = {
    server, host, path: req.url, method: req.method,
    dest: req.headers['sec-fetch-dest'] || '', time: Date.now() - t0,
    url: `${server === 'third' ? 'https' : 'http'}://${host}${req.url}`,
  };
  current.requests.push(entry);
  return entry;
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function firstParty(req, res) {
  logRequest('first', req);
  if (req.headers.host === ATTACKER_HOST) {
    req.resume();
    const html = current.attacker.get(new URL(req.url, ATTACKER).pathname);
    return html ? send(res, 200, 'text/html; charset=utf-8', html) : send(res, 404, 'text/plain', 'not found');
  }
  if (current.upstream) return proxy(current.upstream, req, res);
  req.resume();
  const pathname = new URL(req.url, SITE).pathname;
  const route = current.pages.get(req.url) || current.pages.get(pathname);
  if (route) {
    if (route.delay) await sleep(route.delay);
    const body = typeof route.body === 'function' ? route.body(req) : route.body;
    return send(res, route.status || 200, route.type || 'text/html; charset=utf-8', body, route.headers);
  }
  // Anything built into pkg/dist/ (consentry.js, its wasm, maps) is served at
  // the site root, read on each request so a rebuild is picked up.
  const file = path.join(DIST, path.normalize(pathname).replace(/^[/\\]+/, ''));
  if (file.startsWith(DIST + path.sep) && existsSync(file) && statSync(file).isFile()) {
    const ext = Object.keys(TYPES).find((e) => file.endsWith(e));
    return send(res, 200, TYPES[ext] || 'application/octet-stream', readFileSync(file));
  }
  if (pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', ''); // no console noise
  send(res, 404, 'text/plain', 'not found');
}

/** Forwards a first-party request as it came (Host, cookies) to another
 * server, e.g. the consentry-server example; 502 if it cannot be reached. */
function proxy(upstream, req, res) {
  const u = new URL(upstream);
  return new Promise((resolve) => {
    const out = http.request({
      host: u.hostname, port: u.port, path: req.url, method: req.method, headers: req.headers,
    }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res).on('finish', resolve);
    });
    out.on('error', (e) => { send(res, 502, 'text/plain', `upstream ${upstream}: ${e.message}`); resolve(); });
    req.pipe(out);
  });
}

async function thirdParty(req, res) {
  const entry = logRequest('third', req);
  req.resume();
  const cors = { 'Access-Control-Allow-Origin': '*', 'Timing-Allow-Origin': '*' };
  if (req.method === 'OPTIONS') {
    return send(res, 204, 'text/plain', '', {
      ...cors, 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*',
    });
  }
  const pathname = req.url.split('?')[0];
  const route = current.routes.get(entry.host + req.url) || current.routes.get(entry.host + pathname) || {};
  if (route.delay) await sleep(route.delay);
  let { body, type } = route;
  if (typeof body === 'function') body = body(entry);
  if (body === undefined) {
    // Default by what the browser asked for (Chromium sends Sec-Fetch-Dest over HTTPS).
    if (entry.dest === 'script') [body, type] = [trackerJs(entry.url), 'text/javascript'];
    else if (entry.dest === 'image') [body, type] = [GIF, 'image/gif'];
    else if (entry.dest === 'iframe' || entry.dest === 'document') {
      body = `<!doctype html><title>${entry.host}</title><p>embedded ${entry.host}${req.url}</p>`;
      type = 'text/html; charset=utf-8';
    } else [body, type] = ['ok', 'text/plain'];
  }
  send(res, route.status || 200, type || 'text/javascript', body, { ...cors, ...route.headers });
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function selfSignedCert(dir) {
  const san = ['DNS:localhost', 'IP:127.0.0.1', ...THIRD_PARTY_HOSTS.map((h) => `DNS:${h}`)].join(',');
  const [key, cert] = [path.join(dir, 'k'), path.join(dir, 'c')];
  execFileSync('/usr/bin/openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=test', '-days', '2',
    '-addext', `subjectAltName=${san}`, '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// ---- shared browser --------------------------------------------------------

let shared = null; // Promise of { browser, servers, dir }
let openSessions = 0;
let idleTimer = null;

async function start() {
  if (ENGINE === 'chromium' && !existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`cargo xtask setup\` (apt chromium)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'consentry-e2e-'));
  const wrap = (fn) => (req, res) => fn(req, res).catch((e) => { res.destroy(); console.error(e); });
  const plain = http.createServer(wrap(firstParty));
  const tls = https.createServer(selfSignedCert(dir), wrap(thirdParty));
  const [, httpsPort] = [await listen(plain), await listen(tls)];
  // Every engine reaches the site and the fake third parties through one
  // logging proxy; any other host is refused, as an unknown name would be.
  const proxyServer = await startProxy({
    site: (h) => h === SITE_HOST || h === ATTACKER_HOST, third: (h) => THIRD_PARTY_HOSTS.includes(h),
    firstParty: wrap(firstParty), tlsPort: httpsPort,
  });
  const proxyPort = proxyServer.address().port;
  const secure = !!process.env.CONSENTRY_E2E_SECURE;
  let browser;
  if (ENGINE === 'firefox') browser = await openFirefox(proxyPort, { secure });
  else if (ENGINE === 'webkit') browser = await openWebKit(proxyPort, { secure });
  else {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--ignore-certificate-errors', `--proxy-server=http://127.0.0.1:${proxyPort}`, '--proxy-bypass-list=<-loopback>',
        // Service workers need a secure context: a test file sets this for the site.
        ...(secure ? [`--unsafely-treat-insecure-origin-as-secure=${SITE}`] : [])],
    });
  }
  return { browser, servers: [plain, tls, proxyServer], dir };
}

async function stop() {
  const env = await shared;
  shared = null;
  await env.browser.close().catch(() => {});
  for (const s of env.servers) { s.closeTunnels?.(); s.closeAllConnections(); s.close(); }
  rmSync(env.dir, { recursive: true, force: true });
}

/** Records consentry's document events and CSP violations from the very start. */
const INIT = `(() => {
  window.__events = [];
  for (const n of ['ready', 'consent', 'change', 'blocked', 'released'])
    document.addEventListener('consentry:' + n, () => window.__events.push(n));
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
})();`;

/**
 * A fresh browser context and page. Pass the node:test context `t` to close it
 * when the test ends. `runtime: false` skips the pkg/dist/consentry.js check;
 * `javaScriptEnabled: false` turns JavaScript off in the context; `upstream`
 * (e.g. `http://127.0.0.1:3000`) proxies every www.shop.test request there
 * instead of serving `s.site` pages (requests are still logged).
 */
export async function launch(t, { runtime = true, javaScriptEnabled = true, upstream = null } = {}) {
  if (runtime && !existsSync(RUNTIME)) {
    throw new Error(`${path.relative(ROOT, RUNTIME)} is missing: run \`cargo xtask dist\` first`);
  }
  clearTimeout(idleTimer);
  openSessions++;
  shared ||= start();
  let env;
  try { env = await shared; } catch (e) { openSessions--; shared = null; throw e; }
  const routes = newRoutes();
  routes.upstream = upstream;
  current = routes;
  let context, page;
  if (ENGINE === 'chromium') {
    context = await env.browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled });
    page = await context.newPage();
  } else {
    ({ context, page } = await env.browser.newPage({ javaScriptEnabled }));
  }
  const consoleMessages = [];
  const pageErrors = [];
  page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.addInitScript(INIT);

  let closed = false;
  const s = {
    browser: env.browser, context, page, requests: routes.requests, consoleMessages, pageErrors,
    site: {
      origin: SITE,
      url: (p) => SITE + p,
      /** Serve `html` at path `p` (optional extra response headers, e.g. CSP). */
      page(p, html, headers = {}) { routes.pages.set(p, { body: html, headers }); },
      route(p, { body, type, status, headers, delay } = {}) {
        routes.pages.set(p, { body, type, status, headers, delay });
      },
    },
    /** Another site over plain HTTP (cross-site to the shop): forgery tests. */
    attacker: {
      origin: ATTACKER,
      page(p, html) { routes.attacker.set(p, html); },
    },
    thirdParty: {
      /** Route `url` (exact with query, else by path): body, type, status, headers, delay (ms). */
      route(url, opts = {}) { const u = new URL(url); routes.routes.set(u.host + u.pathname + u.search, opts); },
    },
    goto: (p, opts) => page.goto(SITE + p, { waitUntil: 'load', ...opts }),
    /** From the next navigation on: `window.__blocked` (each `consentry:blocked`
     * service) and `window.__released` (each released element's src or href). */
    recordHolds: () => page.addInitScript(() => {
      window.__blocked = [];
      window.__released = [];
      document.addEventListener('consentry:blocked', (e) => window.__blocked.push(e.detail.service));
      document.addEventListener('consentry:released', (e) => {
        const el = e.detail.element;
        window.__released.push(el.getAttribute('src') || el.getAttribute('href'));
      });
    }),
    /** Serves `html` at `path`, loads it and (unless `ready: false`) waits for the runtime. */
    async open(html, { path: p = '/page.html', headers, ready = true } = {}) {
      s.site.page(p, html, headers);
      const res = await s.goto(p);
      if (ready) await s.ready();
      return res;
    },
    reload: () => page.reload({ waitUntil: 'load' }),
    settle: (ms = 500) => sleep(ms),
    /** Logged requests whose host equals, or host+path starts with, `m` (or match a predicate). */
    hits: (m) => routes.requests.filter(typeof m === 'function' ? m : (r) => r.host === m || (r.host + r.path).startsWith(m)),
    /** Index into the request log, for `s.since(mark)`. */
    mark: () => routes.requests.length,
    since: (mark, m) => s.hits(m || (() => true)).filter((r) => routes.requests.indexOf(r) >= mark),
    async waitForHit(m, timeout = 5000) {
      const end = Date.now() + timeout;
      while (Date.now() < end) { if (s.hits(m).length) return s.hits(m); await sleep(25); }
      throw new Error(`no request matching ${m} within ${timeout} ms; saw:\n${s.log()}`);
    },
    log: () => routes.requests.map((r) => `  ${r.method} ${r.url} (${r.dest || '-'}, ${r.time} ms)`).join('\n'),
    /** Waits until the runtime exists and has fired consentry:ready. */
    async ready(timeout = 10_000) {
      try {
        await page.waitForFunction(() => !!(window.consentry && window.consentry.ready === true), null, { timeout });
      } catch (e) {
        throw new Error(`consentry never became ready (${e.message.split('\n')[0]}); console:\n`
          + consoleMessages.map((m) => `  ${m.type}: ${m.text}`).join('\n') + `\npage errors: ${pageErrors.join('; ')}`);
      }
    },
    /** Calls window.consentry[name](...args) in the page, awaiting a returned promise. */
    call: (name, ...args) => page.evaluate(async ([n, a]) => { await window.consentry[n](...a); }, [name, args]),
    /** Like call(), returning the (JSON-serialisable) result. */
    get: (name, ...args) => page.evaluate(([n, a]) => window.consentry[n](...a), [name, args]),
    order: () => page.evaluate(() => window.__order || []),
    async waitForOrder(n, timeout = 5000) {
      try {
        await page.waitForFunction((k) => (window.__order || []).length >= k, n, { timeout });
      } catch {
        throw new Error(`window.__order has ${JSON.stringify(await s.order())}, wanted ${n} entries; requests:\n${s.log()}`);
      }
      return s.order();
    },
    events: () => page.evaluate(() => window.__events),
    /** The cookie store once two reads 100 ms apart agree: the page's
     * `document.cookie` writes reach the browser's store asynchronously. */
    async cookies() {
      let prev = JSON.stringify(await context.cookies([SITE]));
      for (let i = 0; i < 30; i++) {
        await sleep(100);
        const now = JSON.stringify(await context.cookies([SITE]));
        if (now === prev) break;
        prev = now;
      }
      return JSON.parse(prev);
    },
    cookie: async (name) => (await s.cookies()).filter((c) => c.name === name),
    addCookies: (cookies) => context.addCookies(cookies),
    errors: () => consoleMessages.filter((m) => m.type === 'error').map((m) => m.text),
    async close() {
      if (closed) return;
      closed = true;
      // A hung browser must not hold the test's end (its after hook) forever.
      await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 15_000).unref())]);
      if (--openSessions === 0) idleTimer = setTimeout(() => { if (!openSessions) stop(); }, 200);
    },
  };
  if (t && typeof t.after === 'function') t.after(() => s.close());
  return s;
}
