// The consent UI: banner on a first visit, the preferences dialog (keyboard
// use in ui-keyboard.test.mjs, which every engine runs), hostile config strings,
// languages (from <html lang>) and right-to-left, under a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, tabTo, T } from './harness.mjs';
import { POLICY, page } from './ui-page.mjs';

const withLang = (html, lang) => html.replace('<html lang="en">', `<html lang="${lang}">`);

const BANNER = '[data-consentry="banner"]';
const DIALOG = '[data-consentry="dialog"]';


test('first visit: the banner is shown with equal Accept / Reject buttons', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  const banner = s.page.locator(BANNER);
  await banner.waitFor({ state: 'visible' });
  assert.equal(await banner.count(), 1);
  const accept = banner.locator('[data-consentry="accept-all"]');
  const reject = banner.locator('[data-consentry="reject-all"]');
  assert.equal(await accept.textContent(), 'Accept all');
  assert.equal(await reject.textContent(), 'Reject all');
  assert.equal(await banner.locator('[data-consentry="preferences"]').count(), 1);
  const look = (l) => l.evaluate((el) => {
    const c = getComputedStyle(el), r = el.getBoundingClientRect();
    return [el.tagName, el.className, c.backgroundColor, c.color, c.fontSize, c.fontWeight, Math.round(r.height)];
  });
  assert.deepEqual(await look(reject), await look(accept), 'reject is exactly as prominent as accept');
  assert.equal(await banner.locator('a[href="/privacy"]').count(), 1, 'privacy policy link');
  // Fixed overlay: the page's layout does not move.
  assert.equal(await banner.evaluate((el) => getComputedStyle(el).position), 'fixed');
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('an element with data-consentry="open-preferences" opens the dialog', T, async (t) => {
  const s = await launch(t);
  await s.open(page({ body: '<footer><button data-consentry="open-preferences">Cookie settings</button></footer>' }));
  await s.page.locator('footer button').click();
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
});

test('withdrawal takes one click, like consent: data-consentry="withdraw" refuses, deletes cookies, holds new tags', T, async (t) => {
  const s = await launch(t);
  await s.open(page({ body: '<footer><button data-consentry="withdraw">Withdraw consent</button></footer>' }));
  await s.page.locator(`${BANNER} [data-consentry="accept-all"]`).click(); // giving: one click
  await s.page.waitForFunction(() => window.consentry.getConsent().categories.performance === true);
  await s.page.evaluate(() => { document.cookie = '_ga=1; path=/'; });
  assert.equal((await s.cookie('_ga')).length, 1, 'setup: granted cookie written');

  await s.page.locator('footer [data-consentry="withdraw"]').click(); // withdrawing: one click
  await s.page.waitForFunction(() => window.consentry.getConsent().categories.performance === false);
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid', 'the withdrawal is a recorded choice');
  assert.equal(c.categories.targeting, false);
  assert.deepEqual(await s.cookie('_ga'), [], 'the withdrawn category\'s cookie is deleted');
  assert.equal(await s.page.locator(BANNER).count(), 0, 'no banner comes back: the choice is made');
  // a tag inserted from now on is held
  const held = await s.page.evaluate(() => {
    const x = document.createElement('script');
    x.src = 'https://www.google-analytics.com/analytics.js';
    document.head.appendChild(x);
    return x.getAttribute('type');
  });
  assert.equal(held, 'text/plain');
  await s.reload();
  await s.ready();
  assert.equal((await s.get('getConsent')).categories.performance, false, 'remembered');
});

test('hostile strings from the policy render as literal text', T, async (t) => {
  const s = await launch(t);
  const evil = '<img src=x onerror="window.__xss=1">';
  const policy = {
    categories: [{ id: 'performance', label: evil, description: '"><script>window.__xss=2</script>' }],
    ui: { texts: { en: { title: evil, acceptAll: '<b>Yes</b>' } } },
  };
  // `<\/` keeps the config element from ending early (valid JSON all the same).
  await s.open(dropIn({ policy: JSON.stringify(policy).replaceAll('</', '<\\/') }));
  assert.deepEqual(s.errors(), [], 'the policy is valid');
  const banner = s.page.locator(BANNER);
  await banner.waitFor();
  assert.equal(await banner.locator('h2').textContent(), evil);
  assert.equal(await banner.locator('[data-consentry="accept-all"]').textContent(), '<b>Yes</b>');
  await s.page.evaluate(() => window.consentry.showPreferences());
  const label = s.page.locator('label[for="consentry-cat-performance"]');
  assert.equal(await label.textContent(), evil);
  assert.equal(await s.page.locator('[data-consentry] img, [data-consentry] b, [data-consentry] script').count(), 0);
  await s.settle(200);
  assert.equal(await s.page.evaluate(() => window.__xss), undefined);
});

test('<html lang="de"> gives German texts; ar gives right-to-left', T, async (t) => {
  const s = await launch(t);
  await s.open(withLang(page(), 'de'));
  const banner = s.page.locator(BANNER);
  await banner.waitFor();
  assert.equal(await banner.locator('[data-consentry="accept-all"]').textContent(), 'Alle akzeptieren');
  assert.equal(await banner.locator('[data-consentry="reject-all"]').textContent(), 'Alle ablehnen');
  assert.equal(await banner.getAttribute('lang'), 'de');

  await s.open(withLang(page(), 'ar'), { path: '/ar.html' });
  await banner.waitFor();
  assert.equal(await banner.getAttribute('dir'), 'rtl');
  assert.equal(await banner.locator('[data-consentry="reject-all"]').textContent(), 'رفض الكل');
  await s.page.evaluate(() => window.consentry.showPreferences());
  const overlay = s.page.locator('[data-consentry="overlay"]');
  assert.equal(await overlay.getAttribute('dir'), 'rtl');
  assert.equal(await s.page.locator(DIALOG).evaluate((el) => getComputedStyle(el).direction), 'rtl');
});

test('works under a CSP without unsafe-inline for styles: the stylesheet applies, no violation', T, async (t) => {
  const s = await launch(t);
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  await s.open(page(), { headers: { 'Content-Security-Policy': csp } });
  const banner = s.page.locator(BANNER);
  await banner.waitFor({ state: 'visible' });
  assert.equal(await banner.evaluate((el) => getComputedStyle(el).position), 'fixed', 'styles applied');
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.deepEqual(await s.page.evaluate(() => window.__csp), []);
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('closeRefuses: Esc on the banner refuses and is remembered; the floating button reopens the dialog', T, async (t) => {
  const s = await launch(t);
  const policy = { ...POLICY, ui: { closeRefuses: true, floatingButton: true } };
  await s.open(dropIn({ policy }));
  const banner = s.page.locator(BANNER);
  await banner.waitFor();
  assert.equal(await banner.locator('[data-consentry="close"]').getAttribute('aria-label'), 'Close');
  await tabTo(s, `${BANNER} [data-consentry="accept-all"]`);
  await s.page.keyboard.press('Escape');
  await banner.waitFor({ state: 'detached' });
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, false);
  const floating = s.page.locator('button[data-consentry="open-preferences"]');
  await floating.waitFor({ state: 'visible' });
  assert.equal(await floating.textContent(), 'Privacy settings');
  await floating.click();
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
});

test('opt-out region: a notice with "Do Not Sell or Share" that refuses only the sale/sharing categories', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY, server: { region: 'US-CA', gpc: false } }));
  const banner = s.page.locator(BANNER);
  await banner.waitFor();
  assert.equal(await banner.locator('[data-consentry="accept-all"]').count(), 0);
  assert.equal(await banner.locator('[data-consentry="gpc"]').count(), 0);
  const dns = banner.locator('[data-consentry="do-not-sell"]');
  assert.equal(await dns.textContent(), 'Do Not Sell or Share My Personal Information');
  await dns.click();
  await banner.waitFor({ state: 'detached' });
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.targeting, false);
  assert.equal(c.categories.performance, true);
});

test('opt-out region with GPC: the notice says the signal was honoured', T, async (t) => {
  const s = await launch(t);
  await s.open(dropIn({ policy: POLICY, server: { region: 'US-CA', gpc: true } }));
  const gpc = s.page.locator(`${BANNER} [data-consentry="gpc"]`);
  await gpc.waitFor();
  assert.match(await gpc.textContent(), /Global Privacy Control/);
  assert.equal((await s.get('getConsent')).categories.targeting, false);
});

test('placeholders for blocked embeds use the UI strings in the page language', T, async (t) => {
  const s = await launch(t);
  const html = withLang(dropIn({ body: '<iframe data-category="targeting" data-service="youtube" data-src="https://www.youtube.com/embed/x" width="320" height="180"></iframe>' }), 'fr');
  await s.open(html);
  const box = s.page.locator('[data-consentry="placeholder"][lang="fr"]');
  await box.waitFor();
  assert.equal(await box.locator('[data-consentry="allow"]').textContent(), 'Autoriser YouTube');
  assert.equal(await box.getAttribute('aria-label'), 'YouTube (bloqué)');
});

test('a banner already in the HTML (server-rendered) is adopted, not duplicated', T, async (t) => {
  const s = await launch(t);
  const ssr = '<div class="consentry consentry-banner" data-consentry="banner" role="region" aria-label="Privacy">'
    + '<div class="consentry-actions"><button type="button" class="consentry-btn" data-consentry="reject-all">Reject all</button>'
    + '<button type="button" class="consentry-btn" data-consentry="accept-all">Accept all</button></div></div>';
  await s.open(page({ body: `${ssr}<main><h1>Shop</h1></main>` }));
  await s.settle(200);
  const banner = s.page.locator(BANNER);
  assert.equal(await banner.count(), 1);
  assert.equal(await banner.getAttribute('aria-label'), 'Privacy', 'the server-rendered one');
  await banner.locator('[data-consentry="accept-all"]').click();
  await banner.waitFor({ state: 'detached' });
  assert.equal((await s.get('getConsent')).categories.performance, true);
});

/** Every text-bearing element of the UI: [text, contrast ratio] where the ratio
 * is computed from its colour and the first opaque background behind it. */
const CONTRASTS = () => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  document.querySelectorAll('[data-consentry="banner"] *, [data-consentry="dialog"] *').forEach((el) => {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('details:not([open]) > :not(summary)')) return;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg(el))];
    out.push([el.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  });
  return out;
};

for (const scheme of ['light', 'dark']) {
  test(`${scheme} theme: every text of the banner and the dialog has contrast ≥ 4.5:1`, T, async (t) => {
    const s = await launch(t);
    await s.page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await s.open(page());
    await s.page.locator(BANNER).waitFor();
    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.evaluate(() => document.querySelectorAll('[data-consentry="dialog"] details').forEach((d) => { d.open = true; }));
    const all = await s.page.evaluate(CONTRASTS);
    assert.ok(all.length > 30, `measured ${all.length} texts`);
    const low = all.filter(([, r]) => r < 4.5);
    assert.deepEqual(low, [], 'texts under 4.5:1');
    const bgColor = await s.page.locator(DIALOG).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bgColor, scheme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)', 'theme follows prefers-color-scheme');
    assert.equal(await s.page.locator(BANNER).evaluate((el) => getComputedStyle(el).animationName), 'none',
      'no animation under prefers-reduced-motion');
    // Switches are named by their category's label.
    assert.equal(await s.page.getByRole('switch', { name: 'Performance and analytics' }).count(), 1);
  });
}

test('every built-in language renders banner, dialog and placeholder with no empty text', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'fi', 'cs', 'ja', 'zh', 'ar'];
  // The dialog's texts arrive on demand: as when the visitor opens it.
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.waitForFunction(() => !window.consentry.engine.dialogDataNeeded, null, { timeout: 15_000 });
  const result = await s.page.evaluate((langs) => langs.map((lang) => {
    const e = window.consentry.engine, empty = [], texts = {};
    const walk = (n) => {
      if ('text' in n && !String(n.text).trim()) empty.push(n.tag);
      const hook = (n.attrs || []).find(([k]) => k === 'data-consentry');
      if (hook && n.tag === 'button') texts[hook[1]] = n.text;
      (n.children || []).forEach(walk);
    };
    [e.ui('banner', lang, []), e.ui('dialog', lang, []), e.ui('placeholder', lang, [], 'youtube')].forEach(walk);
    return { lang, got: e.ui('settings', lang, []).lang, empty, texts };
  }), LANGS);
  const en = result[0].texts;
  for (const r of result) {
    assert.equal(r.got, r.lang);
    assert.deepEqual(r.empty, [], `${r.lang}: empty texts`);
    for (const hook of ['accept-all', 'reject-all', 'preferences', 'save', 'allow']) {
      assert.ok(r.texts[hook], `${r.lang}: ${hook}`);
      if (r.lang !== 'en') assert.notEqual(r.texts[hook], en[hook], `${r.lang}: ${hook} is translated`);
    }
  }
});

test('the page behind the dialog is inert while it is open, and given back as it was', T, async (t) => {
  const s = await launch(t);
  await s.open(page({ body: '<main><a id="link" href="/x">first link</a></main><aside id="own" inert>site-inert</aside>' }));
  await s.page.locator(BANNER).waitFor();
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  const state = () => s.page.evaluate(() => ({
    main: !!document.getElementById('link').closest('[inert]'),
    banner: !!document.querySelector('[data-consentry="banner"]').closest('[inert]'),
    dialog: !!document.querySelector('[data-consentry="dialog"]')?.closest('[inert]'),
    own: document.getElementById('own').inert,
  }));
  assert.deepEqual(await state(), { main: true, banner: true, dialog: false, own: true });
  await s.page.locator('#link').click({ force: true, timeout: 1000 }).catch(() => {});
  assert.equal(new URL(s.page.url()).pathname, '/page.html', 'a click on the inert page does nothing');
  await s.page.keyboard.press('Escape');
  await s.page.locator(DIALOG).waitFor({ state: 'detached' });
  const after = await state();
  assert.deepEqual([after.main, after.banner, after.own], [false, false, true], 'the site\'s own inert stays');
});

test('closeRefuses: × on the dialog and × on the banner each refuse and are remembered', T, async (t) => {
  const s = await launch(t);
  const policy = { ...POLICY, ui: { closeRefuses: true } };
  await s.open(dropIn({ policy }));
  await s.page.locator(BANNER).waitFor();
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(`${DIALOG} [data-consentry="close"]`).click();
  await s.page.locator(DIALOG).waitFor({ state: 'detached' });
  let c = await s.get('getConsent');
  assert.equal(c.stored, 'valid', '× on the dialog without a stored choice refuses');
  assert.equal(c.categories.performance, false);
  await s.page.locator(BANNER).waitFor({ state: 'detached' });

  // A new visitor: × on the banner itself.
  await s.context.clearCookies();
  await s.reload();
  await s.ready();
  const banner = s.page.locator(BANNER);
  await banner.waitFor();
  await banner.locator('[data-consentry="close"]').click();
  await banner.waitFor({ state: 'detached' });
  c = await s.get('getConsent');
  assert.deepEqual([c.stored, c.categories.performance, c.categories.targeting], ['valid', false, false]);
  assert.equal((await s.cookie('consentry')).length, 1, 'remembered in the consent cookie');
  await s.reload();
  await s.ready();
  await s.settle(200);
  assert.equal(await s.page.locator(BANNER).count(), 0, 'not asked again');
});

test('the dialog lists each service\'s cookies with their lifetimes, in the page\'s language', T, async (t) => {
  const s = await launch(t);
  const policy = {
    categories: [
      { id: 'performance', services: ['google-analytics',
        { id: 'own-stats', name: 'Own stats', hosts: ['stats.shop.test'], cookies: [{ name: 'os_id', lifetime: '13 months' }, 'os_tmp'] }] },
    ],
  };
  const cookies = async () => s.page.evaluate(() => {
    const out = {};
    document.querySelectorAll('[data-consentry="dialog"] .consentry-cookies li').forEach((li) => {
      const [name, life] = li.querySelectorAll('span');
      out[name.textContent] = life ? life.textContent : null;
    });
    return out;
  });
  await s.open(withLang(dropIn({ policy }), 'de'));
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  let c = await cookies();
  assert.equal(c._ga, '2 Jahre');
  assert.equal(c._gid, '24 Stunden');
  assert.equal(c.__utmc, 'Sitzung');
  assert.equal(c._gali, null, 'unknown lifetime: none shown');
  assert.equal(c.os_id, '13 Monate', 'a lifetime from the policy');
  assert.equal(c.os_tmp, null);

  await s.open(dropIn({ policy }), { path: '/en.html' });
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  c = await cookies();
  assert.deepEqual([c._ga, c.__utmc, c.os_id], ['2 years', 'Session', '13 months']);
});

test('the dialog lists the site\'s own services and catalog ones met on the page, not the whole catalog', T, async (t) => {
  const s = await launch(t);
  const policy = { categories: [{ id: 'performance', services: ['google-analytics'] }] }; // catalog: true (default)
  await s.open(dropIn({
    policy,
    body: `<script type="text/plain" data-consentry="no-consent" data-consentry-type="" data-consentry-service="vimeo" src="https://player.vimeo.com/api/player.js"></script>
      <script>const h = document.createElement('script'); h.src = 'https://static.hotjar.com/c/hotjar-1.js'; document.head.appendChild(h);</script>`,
  }));
  await s.page.evaluate(() => window.consentry.showPreferences());
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  const listed = await s.page.$$eval(`${DIALOG} .consentry-service`, (els) => els.map((e) => e.getAttribute('data-consentry-service')).sort());
  assert.deepEqual(listed, ['google-analytics', 'hotjar', 'vimeo']);
  assert.equal(await s.get('allows', 'mixpanel'), false, 'unlisted catalog services are still held');
});
