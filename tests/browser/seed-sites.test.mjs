// (j) The seed sites (examples/seed-sites/<name>/): five real companies'
// policies as configs, on pages that carry their third parties untagged, the
// way the sites would. Served by the seed_sites example (each site behind
// ConsentLayer with its own policy.json, so the static tags arrive inert and
// not even the preload scanner fetches them); the vendors' real hosts are
// mapped to the harness's fake tracker server, which logs every request.
//
// Needs `cargo build -p consentry-server --example seed_sites` (`cargo xtask
// test` does it) and `cargo xtask dist`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { launch, SITE, ROOT, T, THIRD_PARTY_HOSTS } from './harness.mjs';
import { startExample } from './axum-ssr.mjs';

const SEEDS = path.join(ROOT, 'examples/seed-sites');

/**
 * Per site and consent category: URL prefixes (host + path) of the vendors its
 * page loads, and cookies named like the ones those vendors set on the site's
 * domain. `keep`: cookies that must survive withdrawal (strictly necessary or
 * the site's own). Every third-party URL of a page must match exactly one
 * prefix (checked below), so this table cannot drift from the pages.
 */
const SITES = {
  interactly: {
    performance: {
      hits: ['www.googletagmanager.com/gtag/js', 'static.getclicky.com/js', 'cdn.mxpnl.com/libs/',
        'storage.googleapis.com/code.snapengage.com/js/'],
      cookies: ['_ga', '_ga_ABC123', '_gid', '_jsuid', '_first_pageview', 'mp_0123456789abcdef0123456789abcdef_mixpanel',
        'SnapABugVisit', 'SnapABugRef'],
    },
    keep: ['interactly_session', 'theme'],
  },
  interacty: {
    performance: { hits: ['www.googletagmanager.com/gtag/js'], cookies: ['_ga', '_ga_XYZ789'] },
    targeting: {
      hits: ['connect.facebook.net/en_US/fbevents.js', 'www.facebook.com/tr?'],
      cookies: ['_fbp', '_fbc'],
    },
    keep: ['interacty_session', 'theme'],
  },
  interactions: {
    performance: {
      hits: ['www.googletagmanager.com/gtag/js', 'js.hs-scripts.com/'],
      cookies: ['_ga', '_gid', '__hstc', '__hssc', '__hssrc', 'hubspotutk'],
    },
    targeting: { hits: ['googleads.g.doubleclick.net/pagead/viewthroughconversion/'], cookies: ['_gcl_au'] },
    keep: ['theme'],
  },
  salesinteract: {
    performance: {
      hits: ['www.googletagmanager.com/gtag/js', 'static.hotjar.com/c/'],
      cookies: ['_ga', '_ga_SI1234', '_hjSessionUser_3456789'],
    },
    functionality: {
      hits: ['www.youtube.com/embed/', 'storage.googleapis.com/code.snapengage.com/js/'],
      cookies: ['SnapABugHistory', 'SnapABugVisit'],
    },
    targeting: {
      hits: ['connect.facebook.net/en_US/sdk.js', 'www.facebook.com/plugins/like.php', 'connect.facebook.net/en_US/fbevents.js',
        'www.facebook.com/tr?', 'googleads.g.doubleclick.net/pagead/viewthroughconversion/', 'js.hs-scripts.com/',
        'beacon.salesinteract.example/open.gif'],
      cookies: ['_fbp', 'fr', '_gcl_au', 'hubspotutk', '__hstc', '__hssc', 'si_bcn'],
    },
    keep: ['si_session', 'theme'],
  },
  prointerview: {
    functionality: { hits: [], cookies: ['pi_prefs'], storage: ['pi_settings'] },
    performance: {
      hits: ['www.googletagmanager.com/gtag/js', 'www.google-analytics.com/collect?'],
      cookies: ['_ga', '_gid'],
    },
    targeting: {
      hits: ['www.googleadservices.com/pagead/conversion_async.js', 'googleads.g.doubleclick.net/pagead/viewthroughconversion/'],
      cookies: ['_gcl_au'],
    },
    keep: ['pi_session', 'theme'],
  },
};
const CATEGORIES = ['performance', 'functionality', 'targeting'];

const read = (name, file) => readFileSync(path.join(SEEDS, name, file), 'utf8');
/** host + path + query of every absolute https `src` in the page. */
const pageUrls = (html) => [...html.matchAll(/src="https:\/\/([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
const thirdParty = (s) => s.hits((r) => r.server === 'third');
const where = (r) => r.host + r.path;
const matches = (prefixes) => (r) => prefixes.some((p) => where(r).startsWith(p));

let server;
let upstream;

before(async () => {
  server = await startExample('seed_sites', { SEED_SITES: SEEDS });
  ({ upstream } = server);
});
after(() => server?.stop());

test('the table covers every seed site and every third party its page loads, each once', () => {
  const dirs = readdirSync(SEEDS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(Object.keys(SITES).sort(), dirs);
  for (const [name, site] of Object.entries(SITES)) {
    const urls = pageUrls(read(name, 'index.html'));
    assert.ok(urls.length > 0, name);
    for (const url of urls) {
      const owners = CATEGORIES.filter((c) => site[c]?.hits.some((p) => url.startsWith(p)));
      assert.equal(owners.length, 1, `${name}: ${url} matched by ${owners.join(', ') || 'no category'}`);
      assert.ok(THIRD_PARTY_HOSTS.includes(new URL(`https://${url}`).host), `${name}: ${url} not mapped by the harness`);
    }
    for (const c of CATEGORIES) {
      for (const p of site[c]?.hits || []) assert.ok(urls.some((u) => u.startsWith(p)), `${name}: ${p} is on no tag`);
    }
  }
});

for (const [name, site] of Object.entries(SITES)) {
  const granted = CATEGORIES.filter((c) => site[c]);
  test(`${name}: nothing before consent, each category releases only its vendors, withdrawal clears their cookies`, T, async (t) => {
    const s = await launch(t, { upstream });
    await s.goto(`/${name}/`);
    await s.ready();
    await s.settle(800);
    assert.deepEqual(thirdParty(s).map(where), [], 'third-party requests before consent');
    assert.equal((await s.get('getConsent')).bannerNeeded, true);
    assert.deepEqual(await s.order(), [], 'no vendor script ran');

    const so_far = [];
    for (const cat of granted) {
      const mark = s.mark();
      so_far.push(cat);
      await s.call('setConsent', { categories: so_far });
      for (const p of site[cat].hits) await s.waitForHit(p);
      await s.settle(500);
      const stray = s.since(mark, (r) => r.server === 'third' && !matches(site[cat].hits)(r));
      assert.deepEqual(stray.map(where), [], `granting ${cat} requested other vendors`);
      const consent = await s.get('getConsent');
      for (const c of granted) assert.equal(consent.categories[c], so_far.includes(c), `${cat} granted: ${c}`);
    }
    assert.deepEqual(s.errors(), [], 'console errors');

    // The vendors' cookies, host-only and on the parent domain, then withdraw.
    const vendor = granted.flatMap((c) => site[c].cookies);
    await s.addCookies([
      ...vendor.flatMap((n) => [
        { name: n, value: 'host', url: `${SITE}/` },
        { name: n, value: 'parent', domain: '.shop.test', path: '/' },
      ]),
      ...site.keep.map((n) => ({ name: n, value: 'kept', url: `${SITE}/` })),
    ]);
    const storage = granted.flatMap((c) => site[c].storage || []);
    await s.page.evaluate((keys) => keys.forEach((k) => localStorage.setItem(k, '1')), storage);
    const names = async () => (await s.cookies()).map((c) => c.name);
    for (const n of vendor) assert.equal((await names()).filter((x) => x === n).length, 2, `setup: ${n} planted twice`);

    await s.call('withdraw');
    // document.cookie writes reach the browser's cookie store asynchronously:
    // under load, give the deletions a moment before reading the store.
    let left = await names();
    for (let end = Date.now() + 3000; vendor.some((n) => left.includes(n)) && Date.now() < end; left = await names()) {
      await s.settle(50);
    }
    for (const n of vendor) assert.ok(!left.includes(n), `${n} survived withdrawal: ${left.join(', ')}`);
    for (const n of site.keep) assert.ok(left.includes(n), `${n} (not a vendor cookie) was deleted`);
    assert.deepEqual(await s.page.evaluate((keys) => keys.filter((k) => localStorage.getItem(k) !== null), storage), [],
      'storage keys survived withdrawal');
    const consent = await s.get('getConsent');
    for (const c of granted) assert.equal(consent.categories[c], false, `${c} still granted`);
  });
}

test('interacty: the banner shows the site\'s Japanese texts (server-rendered and drop-in only)', T, async (t) => {
  const { ja } = JSON.parse(read('interacty', 'policy.json')).ui.texts;
  const builtin = readFileSync(path.join(ROOT, 'crates/consentry-core/src/ui/lang/ja.txt'), 'utf8').split('\n');
  const banner = (s) => s.page.evaluate(() => {
    const b = document.querySelector('[data-consentry="banner"]');
    const q = (sel) => b.querySelector(sel)?.textContent;
    return { title: q('h2'), text: q('#consentry-banner-text'), accept: q('[data-consentry="accept-all"]'),
      reject: q('[data-consentry="reject-all"]'), lang: b.getAttribute('lang'), visible: !!b.offsetParent || b.getClientRects().length > 0 };
  });
  const expected = { title: ja.title, text: ja.text, accept: builtin[2], reject: builtin[3], lang: 'ja', visible: true };

  // A Japanese visitor through the server: its banner, adopted by the drop-in.
  const s = await launch(t, { upstream });
  await s.page.setExtraHTTPHeaders({ 'Accept-Language': 'ja' });
  const res = await s.goto('/interacty/');
  assert.match(await res.text(), /data-consentry="banner"[^>]*lang="ja"/, 'the server rendered the banner in Japanese');
  await s.ready();
  assert.deepEqual(await banner(s), expected);
  assert.equal(await s.page.locator('[data-consentry="banner"]').count(), 1, 'one banner');

  // The page on a static host (no server): the drop-in renders it from <html lang="ja">.
  const d = await launch(t);
  await d.open(read('interacty', 'index.html'), { path: '/interacty.html' });
  await d.page.waitForSelector('[data-consentry="banner"]');
  assert.deepEqual(await banner(d), expected);
});

test('prointerview, a Californian with GPC and DNT: analytics runs (opt-out regime), interest-based ads never load', T, async (t) => {
  const s = await launch(t, { upstream });
  // Cloudflare's region headers, read by the example's layer; Sec-GPC as a browser sends it.
  await s.page.setExtraHTTPHeaders({ 'cf-ipcountry': 'US', 'cf-region-code': 'CA', 'Sec-GPC': '1', DNT: '1' });
  await s.goto('/prointerview/');
  await s.ready();
  for (const p of SITES.prointerview.performance.hits) await s.waitForHit(p);
  await s.settle(800);
  assert.deepEqual(s.hits(matches(SITES.prointerview.targeting.hits)).map(where), [], 'ad requests despite GPC');
  const c = await s.get('getConsent');
  assert.equal(c.regime, 'opt-out');
  assert.deepEqual([c.categories.performance, c.categories.functionality, c.categories.targeting], [true, true, false],
    'GPC refuses only the sale/sharing category; DNT is ignored as the policy says');
});

test('interacty, an English browser on the Japanese page: banner, dialog and placeholder in one language, with and without the server', T, async (t) => {
  // One rule everywhere (consentry_core::ui::choose_language): the page's <html lang>
  // first, then the visitor's languages. Here they disagree.
  const langs = (s) => s.page.evaluate(() => {
    const lang = (sel) => document.querySelector(sel)?.closest('[lang]')?.getAttribute('lang') ?? null;
    return { banner: lang('[data-consentry="banner"]'), dialog: lang('[data-consentry="dialog"]') };
  });
  const english = async (s) => {
    await s.page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
    await s.page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['en-US', 'en'] });
      Object.defineProperty(Navigator.prototype, 'language', { get: () => 'en-US' });
    });
  };
  const openDialog = async (s) => {
    await s.page.locator('[data-consentry="banner"] [data-consentry="preferences"]').click();
    await s.page.waitForSelector('[data-consentry="dialog"]');
  };

  const s = await launch(t, { upstream });
  await english(s);
  const res = await s.goto('/interacty/');
  assert.match(await res.text(), /data-consentry="banner"[^>]*lang="ja"/, 'the server rendered the banner in the page\'s language');
  await s.ready();
  assert.equal(await s.page.evaluate(() => navigator.languages[0]), 'en-US');
  await openDialog(s);
  assert.deepEqual(await langs(s), { banner: 'ja', dialog: 'ja' }, 'server banner and drop-in dialog agree');

  const d = await launch(t);
  await english(d);
  await d.open(read('interacty', 'index.html').replace('</body>',
    '<iframe data-category="performance" data-src="https://www.youtube.com/embed/lang" width="320" height="180"></iframe></body>'), { path: '/interacty.html' });
  await d.page.waitForSelector('[data-consentry="banner"]');
  await d.page.waitForSelector('[data-consentry="placeholder"]');
  await openDialog(d);
  assert.deepEqual({ ...await langs(d), placeholder: await d.page.locator('[data-consentry="placeholder"]').getAttribute('lang') },
    { banner: 'ja', dialog: 'ja', placeholder: 'ja' }, 'drop-in only: banner, dialog and placeholder agree');
});
