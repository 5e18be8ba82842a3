// Accessibility of the consent UI with axe-core (npm, pinned): the banner, the
// open preferences dialog (every service list expanded) and a blocked-iframe
// placeholder, in the light and dark themes, in English, Arabic (right to
// left) and Japanese, on a realistic page with its own CSS. Zero violations of
// the WCAG 2.0 / 2.1 / 2.2 A and AA rules, and none that axe leaves undecided.
// Along the way, screenshots of the banner and the dialog go to
// target/ui-screenshots/ (git-ignored) as test artifacts. The site's CSS
// (hostile element rules) must not change the UI's computed styles, and the
// UI must not shift the page's layout (CLS 0, counted strictly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launch, ROOT, T } from './harness.mjs';
import { SHOP_POLICY, shopPage } from './shop-page.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const SHOTS = path.join(ROOT, 'target/ui-screenshots');

const BANNER = '[data-consentry="banner"]';
const OVERLAY = '[data-consentry="overlay"]';
const DIALOG = '[data-consentry="dialog"]';
const PLACEHOLDER = '[data-consentry="placeholder"]';
const FLOATING = 'button[data-consentry="open-preferences"].consentry-floating';

/** axe.run on the elements matching `selector` only; violations plus the
 * rules axe could not decide ("incomplete"), each as a readable line. */
async function axe(page, selector) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(async ([sel, tags]) => {
    const res = await window.axe.run({ include: [sel] }, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    const lines = (list) => list.flatMap((v) => v.nodes.map((n) =>
      `${v.id} (${v.impact || '-'}): ${v.help} @ ${n.target.join(' ')}\n    ${(n.failureSummary || '').replace(/\n/g, '\n    ')}`));
    return { violations: lines(res.violations), incomplete: lines(res.incomplete), passes: res.passes.length };
  }, [selector, TAGS]);
  return r;
}

/** Waits for the UI's entrance animations to end (contrast is measured on
 * the final colours, not mid-fade). */
const settled = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));

function clean(where, r) {
  assert.ok(r.passes >= 5, `${where}: axe checked only ${r.passes} rules`);
  assert.deepEqual(r.violations, [], `${where}: axe violations`);
  // "Incomplete" = axe could not decide (e.g. text over an image). None of our
  // elements should need a manual review; if one does, say which.
  assert.deepEqual(r.incomplete, [], `${where}: axe could not decide`);
}

const CASES = [
  { lang: 'en', scheme: 'light' },
  { lang: 'en', scheme: 'dark' },
  { lang: 'ar', scheme: 'light' },
  { lang: 'ar', scheme: 'dark' },
  { lang: 'ja', scheme: 'light' },
  { lang: 'ja', scheme: 'dark' },
];

mkdirSync(SHOTS, { recursive: true });

for (const { lang, scheme } of CASES) {
  test(`axe: banner, dialog and placeholder have no WCAG 2.2 AA violation (${lang}, ${scheme})`, T, async (t) => {
    const s = await launch(t);
    await s.page.setViewportSize({ width: 1280, height: 800 });
    await s.page.emulateMedia({ colorScheme: scheme });
    await s.open(shopPage({ lang }), { path: `/${lang}-${scheme}.html` });
    const banner = s.page.locator(BANNER);
    await banner.waitFor({ state: 'visible' });
    await s.page.locator(`${PLACEHOLDER}[lang="${lang}"]`).waitFor({ state: 'visible' });
    assert.equal(await banner.getAttribute('lang'), lang);
    await settled(s.page);

    const name = `${lang}-${scheme}`;
    await s.page.screenshot({ path: path.join(SHOTS, `banner-${name}.png`) });
    clean(`${name} banner`, await axe(s.page, BANNER));
    clean(`${name} placeholder`, await axe(s.page, PLACEHOLDER));

    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.locator(DIALOG).waitFor({ state: 'visible' });
    await settled(s.page);
    await s.page.screenshot({ path: path.join(SHOTS, `dialog-${name}.png`) });
    // Every service list open, so their texts and links are checked too.
    await s.page.evaluate((sel) => document.querySelectorAll(`${sel} details`).forEach((d) => { d.open = true; }), DIALOG);
    clean(`${name} dialog`, await axe(s.page, OVERLAY));
    await s.page.locator(DIALOG).screenshot({ path: path.join(SHOTS, `dialog-expanded-${name}.png`) });

    assert.deepEqual(s.pageErrors.map(String), []);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe: the banner's close button and the floating "Privacy settings" button (${scheme})`, T, async (t) => {
    const s = await launch(t);
    await s.page.emulateMedia({ colorScheme: scheme });
    const policy = { ...SHOP_POLICY, ui: { closeRefuses: true, floatingButton: true } };
    await s.open(shopPage({ policy }));
    const banner = s.page.locator(BANNER);
    await banner.waitFor({ state: 'visible' });
    await settled(s.page);
    assert.equal(await banner.locator('[data-consentry="close"]').count(), 1);
    clean(`${scheme} banner with ×`, await axe(s.page, BANNER));
    await banner.locator('[data-consentry="reject-all"]').click();
    const floating = s.page.locator(FLOATING);
    await floating.waitFor({ state: 'visible' });
    await settled(s.page);
    await s.page.screenshot({ path: path.join(SHOTS, `floating-en-${scheme}.png`) });
    clean(`${scheme} floating button`, await axe(s.page, FLOATING));
  });
}

test('site CSS does not restyle the consent UI: the same computed styles with hostile element rules', T, async (t) => {
  const s = await launch(t);
  await s.page.emulateMedia({ reducedMotion: 'reduce' });
  const HOSTILE = `<style>
    h2 { color: #8a2be2; text-decoration: underline wavy; font-size: 2.5rem; text-shadow: 1px 1px red; }
    p, li, dd, dt, label, span { color: #bbb; font-size: 11px; line-height: 3; font-style: italic; text-indent: 2em; }
    a { color: red; text-decoration: none; }
    button { text-transform: uppercase; font-family: Impact, serif; letter-spacing: 0.2em; word-spacing: 1em; }
    summary, h3 { color: green; font-size: 30px; }
  </style>`;
  const styles = async (html, p) => {
    await s.open(html, { path: p });
    await s.page.locator(BANNER).waitFor();
    await s.page.evaluate(() => window.consentry.showPreferences());
    await s.page.evaluate((sel) => document.querySelectorAll(`${sel} details`).forEach((d) => { d.open = true; }), DIALOG);
    return s.page.evaluate(() => [...document.querySelectorAll('[data-consentry="banner"] *, [data-consentry="dialog"] *')].map((el) => {
      const c = getComputedStyle(el);
      return [el.tagName, el.getAttribute('data-consentry') || el.className, c.color, c.fontSize, c.lineHeight, c.fontStyle,
        c.fontFamily, c.textDecorationLine, c.textTransform, c.letterSpacing, c.wordSpacing, c.textIndent, c.textShadow].join(' | ');
    }));
  };
  const bare = await styles(shopPage().replace(/<style>[^]*?<\/style>/, ''), '/bare.html');
  const hostile = await styles(shopPage({ head: HOSTILE }), '/hostile.html');
  assert.ok(bare.length > 50, `${bare.length} elements`);
  assert.deepEqual(hostile, bare);
});

test('no layout shift of the page: banner, dialog, placeholder and choosing add up to CLS 0', T, async (t) => {
  const s = await launch(t);
  // Every layout-shift entry from navigation on, including those right after
  // input (the standard CLS forgives those; this test does not).
  await s.page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__shifts.push({ value: e.value, sources: (e.sources || []).map((x) => x.node ? x.node.nodeName + '.' + (x.node.className || '') : '?') });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await s.open(shopPage());
  await s.page.locator(BANNER).waitFor({ state: 'visible' });
  await s.page.locator(PLACEHOLDER).waitFor({ state: 'visible' });
  await s.page.locator(`${BANNER} [data-consentry="preferences"]`).click();
  await s.page.locator(DIALOG).waitFor({ state: 'visible' });
  await s.page.keyboard.press('Escape');
  await s.page.locator(DIALOG).waitFor({ state: 'detached' });
  await s.page.locator(`${BANNER} [data-consentry="accept-all"]`).click();
  await s.page.locator('iframe[src*="youtube.com/embed"]').waitFor({ state: 'attached' });
  await s.page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  const shifts = await s.page.evaluate(() => window.__shifts);
  assert.ok(await s.page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('layout-shift')), 'layout-shift is observable');
  assert.deepEqual(shifts, [], 'no layout shift at all');
});
