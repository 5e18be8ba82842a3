// Languages end to end, in the DOM that ui.js materialises (ui.test.mjs checks
// the engine's node trees for empty texts; the core's unit tests check the
// language files): for every built-in language chosen by <html lang>, every
// string of the banner, the opt-out and notice-only notices, the dialog, the
// placeholder and the floating button is that language's line for its key
// (a missing key would show English or nothing). And Arabic laid out right to
// left, measured on the rendered boxes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT } from './harness.mjs';
import { SHOP_POLICY, shopPage } from './shop-page.mjs';

const UI = path.join(ROOT, 'crates/consentry-core/src/ui');
/** The `ui.texts` names in the order of the language files' lines. */
const NAMES = (() => {
  const m = readFileSync(path.join(UI, 'texts.rs'), 'utf8').match(/const NAMES: \[&str; \d+\] = \[([^\]]*)\]/);
  assert.ok(m, 'NAMES in texts.rs');
  return [...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]);
})();
const LANGS = [...readFileSync(path.join(UI, 'builtin.rs'), 'utf8').matchAll(/ lang!\("(\w+)"\),/g)].map((m) => m[1]);
/** The names only the dialog shows (`Key::dialog_only`): their lines are in lang/dialog/. */
const DIALOG_ONLY = (() => {
  const m = readFileSync(path.join(UI, 'texts.rs'), 'utf8').match(/pub fn dialog_only\(self\) -> bool \{([^}]*)\}/);
  assert.ok(m, 'Key::dialog_only in texts.rs');
  return new Set([...m[1].matchAll(/Key::(\w+)/g)].map((x) => x[1][0].toLowerCase() + x[1].slice(1)));
})();
/** A language's two files as { name: line }. */
const texts = (lang) => {
  const banner = readFileSync(path.join(UI, `lang/${lang}.txt`), 'utf8').split('\n');
  const dialog = readFileSync(path.join(UI, `lang/dialog/${lang}.txt`), 'utf8').split('\n');
  const out = {};
  for (const n of NAMES) out[n] = ((DIALOG_ONLY.has(n) ? dialog : banner).shift() || '').trim();
  return out;
};

const BANNER = '[data-consentry="banner"]';
const DIALOG = '[data-consentry="dialog"]';

/** The strings on screen, by the `ui.texts` name each should come from. */
const collect = () => {
  const q = (sel) => document.querySelector(sel);
  const text = (sel) => { const el = q(sel); return el ? el.textContent : null; };
  const all = (sel, f = (x) => x) => [...new Set([...document.querySelectorAll(sel)].map((e) => f(e.textContent)))];
  const out = {};
  const put = (name, v) => { if (v !== null && v !== undefined) out[name] = v; };
  const b = '[data-consentry="banner"]';
  const d = '[data-consentry="dialog"]';
  const h = (k) => `[data-consentry="${k}"]`;
  if (q(b)) {
    put('bannerTitle', text(`${b} h2`));
    put('bannerText', text(`${b} #consentry-banner-text`));
    for (const [k, name] of [['accept-all', 'acceptAll'], ['reject-all', 'rejectAll'], ['preferences', 'preferences'],
      ['do-not-sell', 'doNotSell'], ['ok', 'ok'], ['gpc', 'gpcHonoured']]) put(name, text(`${b} ${h(k)}`));
    put('privacyPolicy', text(`${b} .consentry-link`));
  }
  if (q(d)) {
    put('dialogTitle', text('#consentry-dialog-title'));
    put('dialogText', text('#consentry-dialog-text'));
    put('close', q(`${d} ${h('close')}`).getAttribute('aria-label'));
    put('save', text(`${d} ${h('save')}`));
    put('dialogButtons', [text(`${d} ${h('reject-all')}`), text(`${d} ${h('accept-all')}`)]);
    put('alwaysActive', text(`${d} .consentry-always`));
    for (const c of ['mandatory', 'performance', 'functionality', 'targeting']) {
      put(c, text(`label[for="consentry-cat-${c}"]`));
      put(`${c}Text`, text(`#consentry-desc-${c}`));
    }
    put('summaries', all(`${d} summary`, (x) => x.replace(/ \(\d+\)$/, '')));
    put('dts', all(`${d} dt`).sort());
    put('links', all(`${d} a`));
    put('session', all(`${d} .consentry-lifetime:not([data-consentry-lifetime])`));
    const r = q(`${d} ${h('receipt')}`);
    if (r) {
      put('consentId', r.firstChild.textContent);
      put('downloadReceipt', text(`${d} ${h('download-receipt')}`));
    }
  }
  const ph = q('[data-consentry="placeholder"]');
  if (ph) {
    put('placeholderLabel', ph.getAttribute('aria-label'));
    put('placeholderText', ph.querySelector('p').textContent);
    put('placeholderAllow', ph.querySelector(h('allow')).textContent);
  }
  const fl = q('button[data-consentry="open-preferences"].consentry-floating');
  if (fl) put('privacySettings', fl.textContent);
  return out;
};

const sub = (s) => s.replaceAll('{service}', 'YouTube');

test('every built-in language: each string of each view, materialised in the DOM, is that language\'s line', { timeout: 300_000 }, async (t) => {
  assert.equal(NAMES.length, 36);
  assert.equal(LANGS.length, 15);
  const s = await launch(t);
  for (const lang of LANGS) {
    const w = texts(lang);
    for (const n of NAMES) assert.ok(w[n], `${lang}.txt: ${n} is empty`);

    // Opt-in: the banner, the placeholder, then the dialog.
    await s.open(shopPage({ lang }), { path: `/${lang}.html` });
    await s.page.locator(BANNER).waitFor();
    await s.page.locator(`[data-consentry="placeholder"][lang="${lang}"]`).waitFor();
    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.locator(DIALOG).waitFor();
    const a = await s.page.evaluate(collect);
    assert.deepEqual(a, {
      bannerTitle: w.title, bannerText: w.text, acceptAll: w.acceptAll, rejectAll: w.rejectAll,
      preferences: w.preferences, privacyPolicy: w.privacyPolicy,
      dialogTitle: w.dialogTitle, dialogText: w.dialogText, close: w.close, save: w.save,
      dialogButtons: [w.rejectAll, w.acceptAll], alwaysActive: w.alwaysActive,
      mandatory: w.mandatory, mandatoryText: w.mandatoryText, performance: w.performance,
      performanceText: w.performanceText, functionality: w.functionality, functionalityText: w.functionalityText,
      targeting: w.targeting, targetingText: w.targetingText,
      summaries: [w.services], dts: [w.cookies, w.provider, w.purpose].sort(), links: [w.privacyPolicy],
      session: [w.session],
      placeholderLabel: sub(w.placeholderLabel), placeholderText: sub(w.placeholderText),
      placeholderAllow: sub(w.placeholderAllow),
    }, `${lang}: opt-in views`);

    // Opt-out with GPC honoured: the notice, then (after OK) the floating button.
    const optOut = { ...SHOP_POLICY, defaultRegime: 'opt-out', ui: { floatingButton: true } };
    await s.open(shopPage({ lang, policy: optOut, server: { region: 'US-CA', gpc: true } }), { path: `/${lang}-optout.html` });
    await s.page.locator(BANNER).waitFor();
    const b = await s.page.evaluate(collect);
    await s.page.locator(`${BANNER} [data-consentry="ok"]`).click();
    await s.page.locator('.consentry-floating').waitFor();
    const f = await s.page.evaluate(collect);
    assert.deepEqual({ ...b, privacySettings: f.privacySettings }, {
      bannerTitle: w.optOutTitle, bannerText: w.optOutText, gpcHonoured: w.gpcHonoured, doNotSell: w.doNotSell,
      ok: w.ok, preferences: w.preferences, privacyPolicy: w.privacyPolicy, privacySettings: w.privacySettings,
    }, `${lang}: opt-out views`); // (no placeholder: opt-out leaves YouTube allowed)

    // Notice only (a first visit again: forget the choice made with OK).
    await s.context.clearCookies();
    await s.open(shopPage({ lang, policy: { ...SHOP_POLICY, defaultRegime: 'notice-only' } }), { path: `/${lang}-notice.html` });
    await s.page.locator(BANNER).waitFor();
    const c = await s.page.evaluate(collect);
    assert.deepEqual([c.bannerTitle, c.bannerText, c.ok, c.preferences], [w.title, w.noticeText, w.ok, w.preferences],
      `${lang}: notice-only banner`);

    // Choices recorded: after a choice the dialog shows the consent id and the receipt download.
    await s.context.clearCookies();
    s.site.route('/records', { status: 201, type: 'application/json', body: '{}' });
    await s.open(shopPage({ lang, policy: { ...SHOP_POLICY, records: { url: '/records' } } }), { path: `/${lang}-records.html` });
    await s.call('acceptAll');
    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.locator(DIALOG).waitFor();
    const r = await s.page.evaluate(collect);
    assert.deepEqual([r.consentId, r.downloadReceipt], [w.consentId, w.downloadReceipt], `${lang}: receipt row`);
    await s.context.clearCookies(); // the next language starts as a first visit
  }
  assert.deepEqual(s.pageErrors.map(String), []);
});

test('Arabic is laid out right to left: text at the right, actions at the left, × at the left, switches mirrored', { timeout: 60_000 }, async (t) => {
  const s = await launch(t);
  await s.page.setViewportSize({ width: 1280, height: 800 });
  await s.page.emulateMedia({ reducedMotion: 'reduce' });
  const policy = { ...SHOP_POLICY, ui: { closeRefuses: true } };
  const geometry = async () => s.page.evaluate(() => {
    const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { l: r.left, r: r.right, t: r.top, w: r.width }; };
    const b = '[data-consentry="banner"]', d = '[data-consentry="dialog"]';
    const knob = (id) => {
      const el = document.querySelector(`[data-consentry-category="${id}"]`), r = el.getBoundingClientRect();
      const k = getComputedStyle(el, '::before'), m = new DOMMatrix(k.transform === 'none' ? '' : k.transform);
      // The knob's centre relative to the switch's middle (< 0: left half).
      const x = parseFloat(getComputedStyle(el).borderLeftWidth) + parseFloat(k.left) + m.e + parseFloat(k.width) / 2;
      return Math.round(x - r.width / 2);
    };
    return {
      banner: box(b), body: box(`${b} .consentry-body`), actions: box(`${b} .consentry-actions`),
      title: box(`${b} h2`), bclose: box(`${b} [data-consentry="close"]`),
      first: box(`${b} .consentry-actions > :first-child`), last: box(`${b} .consentry-actions > :last-child`),
      dialog: box(d), dtitle: box('#consentry-dialog-title'), dclose: box(`${d} [data-consentry="close"]`),
      label: box('label[for="consentry-cat-performance"]'), sw: box('[data-consentry-category="performance"]'),
      on: knob('mandatory'), off: knob('performance'),
    };
  });
  const measure = async (lang) => {
    await s.open(shopPage({ lang, policy }), { path: `/${lang}-layout.html` });
    await s.page.locator(BANNER).waitFor();
    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.locator(DIALOG).waitFor();
    return geometry();
  };
  const en = await measure('en');
  const ar = await measure('ar');
  // English: text block left of the actions, first button leftmost, × at the right.
  assert.ok(en.body.l < en.actions.l && en.first.l < en.last.l && en.bclose.l > en.title.r, 'en is left to right');
  // Arabic: the mirror image.
  assert.ok(ar.body.l > ar.actions.l, 'ar: the text block is right of the buttons');
  assert.ok(ar.first.l > ar.last.l, 'ar: the first button is the rightmost');
  assert.ok(ar.bclose.r < ar.title.l && ar.bclose.l < ar.banner.l + ar.banner.w / 2, 'ar: the banner\'s × is at the left');
  assert.ok(Math.abs(ar.title.r - ar.body.r) < 2, 'ar: the title is right-aligned in its block');
  assert.ok(ar.dclose.r < ar.dtitle.l, 'ar: the dialog\'s × is left of its title');
  assert.ok(ar.sw.r < ar.label.l, 'ar: switches are left of their labels');
  assert.ok(en.sw.l > en.label.r, 'en: switches are right of their labels');
  // The knob: off at the start, on at the end — mirrored in Arabic.
  assert.ok(en.off < 0 && en.on > 0, `en knobs ${JSON.stringify([en.off, en.on])}`);
  assert.ok(ar.off > 0 && ar.on < 0, `ar knobs ${JSON.stringify([ar.off, ar.on])}`);
});

test('page and browser languages disagree: banner, dialog and placeholder speak the one language the engine chooses', { timeout: 120_000 }, async (t) => {
  // consentry_core::ui::choose_language: ui.language, else <html lang>, else
  // navigator.languages, else English — the first with texts; ui.js only
  // passes <html lang> and navigator.languages to the engine as they are.
  const policy = { ...SHOP_POLICY, ui: { texts: { ja: { title: 'サイトのプライバシー' }, en: { title: 'Site privacy' } } } };
  const cases = [
    // The Interacty bug: a Japanese page, an English browser.
    { page: 'ja', browser: ['en-US', 'en'], lang: 'ja', words: 'ja', title: 'サイトのプライバシー' },
    // The other way round, with region subtags.
    { page: 'en-GB', browser: ['ja-JP', 'ja'], lang: 'en-gb', words: 'en', title: 'Site privacy' },
    // A page language without texts: the browser's first language with texts.
    { page: 'tlh', browser: ['hu-HU', 'de-AT', 'de'], lang: 'de-at', words: 'de' },
    // No page language: the browser's.
    { page: null, browser: ['ja-JP', 'en'], lang: 'ja-jp', words: 'ja', title: 'サイトのプライバシー' },
  ];
  for (const c of cases) {
    const s = await launch(t);
    await s.page.setExtraHTTPHeaders({ 'Accept-Language': c.browser.join(',') });
    await s.page.addInitScript((langs) => {
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => langs });
      Object.defineProperty(Navigator.prototype, 'language', { get: () => langs[0] });
    }, c.browser);
    let html = shopPage({ lang: c.page ?? 'en', policy });
    if (c.page === null) html = html.replace('<html lang="en">', '<html>');
    await s.open(html, { path: `/disagree-${c.page}.html` });
    assert.deepEqual(await s.page.evaluate(() => [...navigator.languages]), c.browser);
    await s.page.locator(BANNER).waitFor();
    await s.page.locator('[data-consentry="placeholder"]').waitFor();
    await s.page.locator(`${BANNER} [data-consentry="preferences"]`).click();
    await s.page.locator(DIALOG).waitFor();
    const got = await s.page.evaluate(() => {
      const lang = (sel) => document.querySelector(sel)?.closest('[lang]')?.getAttribute('lang') ?? null;
      const text = (sel) => document.querySelector(sel)?.textContent ?? null;
      return {
        langs: { banner: lang('[data-consentry="banner"]'), dialog: lang('[data-consentry="dialog"]'),
          placeholder: lang('[data-consentry="placeholder"]') },
        title: text('[data-consentry="banner"] h2'),
        acceptAll: text('[data-consentry="banner"] [data-consentry="accept-all"]'),
        dialogTitle: text('#consentry-dialog-title'),
        save: text('[data-consentry="dialog"] [data-consentry="save"]'),
        placeholderAllow: text('[data-consentry="placeholder"] [data-consentry="allow"]'),
      };
    });
    const w = texts(c.words);
    assert.deepEqual(got, {
      langs: { banner: c.lang, dialog: c.lang, placeholder: c.lang },
      title: c.title ?? w.title, acceptAll: w.acceptAll, dialogTitle: w.dialogTitle, save: w.save,
      placeholderAllow: sub(w.placeholderAllow),
    }, `page ${c.page}, browser ${c.browser}: one language`);
    assert.deepEqual(s.pageErrors.map(String), []);
  }
});
