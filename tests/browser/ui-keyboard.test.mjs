// The consent UI by keyboard alone, in every engine (Chromium, Firefox,
// WebKit): Tab to Accept all or Reject all and Enter; the preferences
// dialog's semantics, focus trap, Space on a switch, Save, and Esc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, tabTo, T } from './harness.mjs';
import { POLICY, page } from './ui-page.mjs';

const BANNER = '[data-consentry="banner"]';
const DIALOG = '[data-consentry="dialog"]';

const cookieSet = async (s) => (await s.cookie('consentry')).length === 1;

test('keyboard only: Tab to Accept all, Enter → consent stored, banner gone', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  await s.page.locator(BANNER).waitFor();
  await tabTo(s, '[data-consentry="accept-all"]');
  await s.page.keyboard.press('Enter');
  await s.page.locator(BANNER).waitFor({ state: 'detached' });
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, true);
  assert.equal(c.categories.targeting, true);
  assert.ok(await cookieSet(s));
  await s.reload();
  await s.ready();
  await s.settle(200);
  assert.equal(await s.page.locator(BANNER).count(), 0, 'no banner on the next page view');
});

test('keyboard only: Tab to Reject all, Enter → refusal stored, banner gone', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  await s.page.locator(BANNER).waitFor();
  await tabTo(s, '[data-consentry="reject-all"]');
  await s.page.keyboard.press('Enter');
  await s.page.locator(BANNER).waitFor({ state: 'detached' });
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, false);
  assert.equal(c.categories.targeting, false);
  assert.equal(c.categories.mandatory, true);
});

test('preferences: a modal dialog with focus inside; toggling a switch and saving is stored', T, async (t) => {
  const s = await launch(t);
  await s.open(page());
  await s.page.locator(BANNER).waitFor();
  await tabTo(s, `${BANNER} [data-consentry="preferences"]`);
  await s.page.keyboard.press('Enter');
  const dialog = s.page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  for (const a of ['aria-labelledby', 'aria-describedby']) {
    const id = await dialog.getAttribute(a);
    assert.ok(id && (await s.page.locator(`#${id}`).textContent()).trim(), `${a} points at text`);
  }
  const focusInside = () => s.page.evaluate((sel) => !!document.activeElement.closest(sel), DIALOG);
  assert.ok(await focusInside(), 'focus moved into the dialog');

  // Nothing pre-ticked; mandatory on and locked.
  const sw = (id) => dialog.locator(`[data-consentry-category="${id}"]`);
  assert.equal(await sw('mandatory').isChecked(), true);
  assert.equal(await sw('mandatory').isDisabled(), true);
  assert.equal(await sw('performance').isChecked(), false);
  assert.equal(await sw('targeting').isChecked(), false);
  assert.equal(await sw('performance').getAttribute('role'), 'switch');

  // Focus is trapped: many Tabs never leave the dialog.
  for (let i = 0; i < 40; i++) {
    await s.page.keyboard.press('Tab');
    assert.ok(await focusInside(), `focus left the dialog after ${i + 1} Tabs`);
  }
  await s.page.keyboard.press('Shift+Tab');
  assert.ok(await focusInside());

  // Keyboard: focus the performance switch, Space toggles it, then Save.
  await sw('performance').focus();
  await s.page.keyboard.press('Space');
  assert.equal(await sw('performance').isChecked(), true);
  await dialog.locator('[data-consentry="save"]').focus();
  await s.page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  const c = await s.get('getConsent');
  assert.equal(c.stored, 'valid');
  assert.equal(c.categories.performance, true);
  assert.equal(c.categories.targeting, false);
  assert.equal(await s.page.locator(BANNER).count(), 0, 'banner gone after saving');

  // Reopened: the dialog reflects the stored choice; Esc closes it and focus returns.
  await s.page.locator('main a').focus();
  await s.page.evaluate(() => window.consentry.showPreferences());
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await sw('performance').isChecked(), true);
  assert.equal(await sw('targeting').isChecked(), false);
  await s.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await s.page.evaluate(() => document.activeElement.textContent), 'first link', 'focus restored');
  assert.equal((await s.get('getConsent')).categories.performance, true, 'Esc changed nothing');
});

