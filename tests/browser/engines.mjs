// Firefox and WebKit behind the small part of Playwright's page/context API
// the enforcement suites use, so one test file runs in every engine
// (`CONSENTRY_ENGINE=firefox|webkit node --test …`; Chromium is Playwright's
// own). All three reach the fake hosts through one logging proxy
// (proxy.mjs), so a request count means the same in each.
//
//   const b = await openFirefox(proxyPort) | await openWebKit(proxyPort);
//   const { context, page } = await b.newPage({ javaScriptEnabled });
//   … page.goto / evaluate / waitForFunction / $eval / keyboard.press …
//   await context.close(); await b.close();
import { spawn } from 'node:child_process';
import net from 'node:net';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The locator and text helpers the suites use, on top of `evaluate`. */
function withLocators(page) {
  const on = (sel, i, op, arg) => page.evaluate(([q, n, o, a]) => {
    const all = document.querySelectorAll(q);
    if (o === 'count') return all.length;
    const el = all[n];
    if (!el) throw new Error(`no element for ${q} [${n}]`);
    if (o === 'click') { el.click(); return null; }
    if (o === 'focus') { el.focus(); return null; }
    if (o === 'text') return el.textContent;
    if (o === 'attr') return el.getAttribute(a);
    if (o === 'checked') return el.checked === true || el.getAttribute('aria-checked') === 'true';
    if (o === 'disabled') return el.disabled === true || el.getAttribute('aria-disabled') === 'true';
    return null;
  }, [sel, i, op, arg === undefined ? null : arg]);
  const locator = (sel, i = 0) => ({
    count: () => on(sel, i, 'count'),
    click: () => on(sel, i, 'click'),
    focus: () => on(sel, i, 'focus'),
    textContent: () => on(sel, i, 'text'),
    getAttribute: (n) => on(sel, i, 'attr', n),
    isChecked: () => on(sel, i, 'checked'),
    isDisabled: () => on(sel, i, 'disabled'),
    locator: (inner) => locator(`${sel} ${inner}`),
    /** `state`: visible (default), attached, detached or hidden. */
    waitFor: ({ state = 'visible', timeout = 10_000 } = {}) => page.waitForFunction(([q, n, st]) => {
      const el = document.querySelectorAll(q)[n];
      if (st === 'detached') return !el;
      if (st === 'attached') return !!el;
      const shown = !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      return st === 'hidden' ? !shown : shown;
    }, [sel, i, state], { timeout }),
    first: () => locator(sel, 0),
    nth: (n) => locator(sel, n),
  });
  page.locator = (sel) => locator(sel);
  page.textContent = (sel) => on(sel, 0, 'text');
  page.getAttribute = (sel, n) => on(sel, 0, 'attr', n);
  return page;
}

// ---- Firefox (puppeteer-core over WebDriver BiDi) ----------------------------

export async function openFirefox(proxyPort, { secure } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': proxyPort,
      'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': true,
      'dom.security.https_first': false, 'dom.security.https_only_mode': false,
      'network.stricttransportsecurity.preloadlist': false,
      'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false,
      'privacy.trackingprotection.enabled': false, 'privacy.trackingprotection.pbmode.enabled': false,
      'dom.serviceWorkers.testing.enabled': !!secure,
      ...(secure ? { 'dom.securecontext.allowlist': 'www.shop.test' } : {}),
    },
  });
  return {
    name: 'firefox',
    async newPage({ javaScriptEnabled = true } = {}) {
      const ctx = await browser.createBrowserContext();
      const p = await ctx.newPage();
      if (!javaScriptEnabled) await p.setJavaScriptEnabled(false);
      const page = withLocators({
        goto: (url, o = {}) => p.goto(url, { waitUntil: o.waitUntil === 'load' || !o.waitUntil ? 'load' : o.waitUntil, timeout: o.timeout || 30_000 }),
        reload: () => p.reload({ waitUntil: 'load' }),
        url: () => p.url(),
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        waitForFunction: (fn, arg, o = {}) => p.waitForFunction(fn, { timeout: o.timeout || 30_000, polling: 50 }, arg),
        $eval: (sel, fn, arg) => p.$eval(sel, fn, arg),
        $$eval: (sel, fn, arg) => p.$$eval(sel, fn, arg),
        keyboard: {
          // Playwright's "Shift+Tab" form: modifiers held around the last key.
          async press(k) {
            const keys = k.split('+'), last = keys.pop();
            for (const m of keys) await p.keyboard.down(m);
            await p.keyboard.press(last === 'Space' ? ' ' : last);
            for (const m of keys.reverse()) await p.keyboard.up(m);
          },
        },
        addInitScript: (src) => p.evaluateOnNewDocument(src),
        on: (ev, f) => p.on(ev === 'pageerror' ? 'pageerror' : ev, ev === 'console' ? (m) => f({ type: () => m.type(), text: () => m.text() }) : f),
      });
      const context = {
        cookies: async (urls) => (await p.cookies(...(urls || []))).map((c) => ({ ...c })),
        clearCookies: async () => { const all = await p.cookies(); if (all.length) await p.deleteCookie(...all); },
        // As a page on http would have set them: not secure, not partitioned.
        addCookies: async (list) => { for (const c of list) await p.setCookie({ secure: false, sameSite: 'Lax', ...c }); },
        close: () => ctx.close().catch(() => {}),
      };
      return { context, page };
    },
    close: () => browser.close().catch(() => {}),
  };
}

// ---- WebKit (WebKitGTK's WebKitWebDriver + MiniBrowser, plain W3C WebDriver) ----

const KEYS = { Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Space: ' ', Shift: '\uE008' };
/** WebDriver key actions for a Playwright key name such as "Shift+Tab". */
function keyActions(k) {
  const keys = k.split('+').map((x) => KEYS[x] || x);
  return [...keys.map((v) => ({ type: 'keyDown', value: v })), ...keys.reverse().map((v) => ({ type: 'keyUp', value: v }))];
}

async function freePort() {
  return new Promise((ok) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });
}

export async function openWebKit(proxyPort, { secure } = {}) {
  const port = await freePort();
  // Its own process group, so that its MiniBrowsers and their web processes go
  // with it, even when the file's process is ended by --test-force-exit.
  const driver = spawn(process.env.WEBKIT_WEBDRIVER || 'WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore', detached: true });
  const group = (sig) => { try { process.kill(-driver.pid, sig); } catch { /* gone */ } };
  process.on('exit', () => group('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  // Every command has a deadline: a MiniBrowser that stops answering would
  // otherwise leave the request pending and the test file's process alive
  // after its tests (seen twice in full runs: the runner then waited forever).
  const wd = async (method, p, body, ms = method === 'DELETE' ? 15_000 : 75_000) => {
    const t0 = Date.now();
    const r = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(ms) }).finally(() => {
      // Where a MiniBrowser stalls, for the run's log (stderr).
      if (Date.now() - t0 > 10_000) console.error(`webkit: ${method} ${p.replace(/^\/session\/[^/]+/, '')} took ${Date.now() - t0} ms`);
    });
    const j = await r.json();
    if (j.value && j.value.error) throw new Error(`WebDriver ${p}: ${j.value.error}: ${j.value.message}`);
    return j.value;
  };
  for (let i = 0; ; i++) {
    try { await wd('GET', '/status'); break; } catch (e) { if (i > 100) throw new Error('WebKitWebDriver did not start'); await sleep(100); }
  }
  const binary = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
  return {
    name: 'webkit',
    async newPage({ javaScriptEnabled = true } = {}) {
      const caps = { capabilities: { alwaysMatch: {
        acceptInsecureCerts: true,
        // MiniBrowser's own proxy option covers https too (the WebDriver
        // proxy capability reached only http here).
        'webkitgtk:browserOptions': { binary, args: ['--automation', `--proxy=http://127.0.0.1:${proxyPort}`,
          // `secure`: the site is `localhost` (see SITE_HOST), so it goes through the proxy too.
          `--ignore-host=${secure ? '' : 'localhost,'}127.0.0.1`, '--ignore-tls-errors', ...(javaScriptEnabled ? [] : ['--enable-javascript=false'])] },
      } } };
      // A new MiniBrowser now and then never comes up (its session or its
      // first blank page unanswered for over a minute, seen in full runs):
      // nothing of the test has happened yet, so another one is started.
      let at;
      for (let i = 0; ; i++) {
        let id;
        try {
          id = (await wd('POST', '/session', caps, 20_000)).sessionId;
          at = `/session/${id}`;
          await wd('POST', `${at}/timeouts`, { script: 30_000, pageLoad: 30_000 }, 20_000);
          // A new MiniBrowser's first load can stall before its window is up: settle on a blank page first.
          await wd('POST', `${at}/url`, { url: 'about:blank' }, 20_000);
          break;
        } catch (e) {
          if (id) await wd('DELETE', `/session/${id}`, undefined, 5_000).catch(() => {});
          if (i >= 2) throw e;
          console.error(`webkit: a new session did not come up (${e.message}); another one`);
        }
      }
      const run = (fn, arg) => wd('POST', `${at}/execute/async`, {
        script: `var done = arguments[arguments.length - 1];
          try { Promise.resolve((${fn})(arguments[0])).then(function (v) { done({ ok: v === undefined ? null : v }); }, function (e) { done({ err: String(e && e.stack || e) }); }); }
          catch (e) { done({ err: String(e && e.stack || e) }); }`,
        args: [arg === undefined ? null : arg],
      }).then((r) => { if (r && r.err) throw new Error(r.err); return r ? r.ok : r; });
      const page = withLocators({
        async goto(url, o = {}) {
          if (o.waitUntil !== 'domcontentloaded') return wd('POST', `${at}/url`, { url });
          // WebDriver waits for `load`; a page whose load is held up is opened from script.
          await wd('POST', `${at}/execute/sync`, { script: 'setTimeout(function (u) { location.href = u; }, 0, arguments[0]);', args: [url] });
          await sleep(200);
          await page.waitForFunction((u) => location.href === u && document.readyState !== 'loading', url, { timeout: o.timeout || 30_000 });
        },
        reload: () => wd('POST', `${at}/refresh`, {}),
        url: () => wd('GET', `${at}/url`),
        evaluate: (fn, arg) => run(typeof fn === 'function' ? fn.toString() : `() => (${fn})`, arg),
        async waitForFunction(fn, arg, o = {}) {
          const end = Date.now() + (o.timeout || 30_000);
          for (;;) {
            if (await run(fn.toString(), arg).catch(() => false)) return true;
            if (Date.now() > end) throw new Error(`waitForFunction: Timeout ${o.timeout || 30_000}ms exceeded.`);
            await sleep(50);
          }
        },
        $eval: (sel, fn, arg) => run(`function (a) { var el = document.querySelector(a[0]); if (!el) throw new Error('no ' + a[0]); return (${fn})(el, a[1]); }`, [sel, arg]),
        $$eval: (sel, fn, arg) => run(`function (a) { return (${fn})(Array.prototype.slice.call(document.querySelectorAll(a[0])), a[1]); }`, [sel, arg]),
        keyboard: {
          press: (k) => wd('POST', `${at}/actions`, { actions: [{ type: 'key', id: 'kb', actions: keyActions(k) }] }),
        },
        addInitScript: async () => {}, // no WebDriver equivalent: suites must not depend on it
        on: () => {},
      });
      const context = {
        // Playwright's shape: `expires` in seconds, -1 for a session cookie.
        cookies: async () => (await wd('GET', `${at}/cookie`)).map((c) => ({ ...c, expires: c.expiry === undefined ? -1 : c.expiry })),
        clearCookies: () => wd('DELETE', `${at}/cookie`),
        addCookies: async (list) => { for (const c of list) await wd('POST', `${at}/cookie`, { cookie: c }); },
        close: () => wd('DELETE', at).catch(() => {}),
      };
      return { context, page };
    },
    close: async () => {
      group('SIGTERM');
      // A browser that ignores SIGTERM is killed.
      setTimeout(() => group('SIGKILL'), 5_000).unref();
    },
  };
}
