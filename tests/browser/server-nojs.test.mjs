// The server-rendered banner with JavaScript off (issue 15): its buttons are
// a form the axum example's layer answers (consent cookie, 303 back), the
// preferences are a page of their own, and a page on another site cannot
// choose for the visitor. Every request is logged; tracker hosts are counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, T } from './harness.mjs';
import { startAxumSsr } from './axum-ssr.mjs';

const TRACKER_HOSTS = ['www.googletagmanager.com', 'connect.facebook.net', 'www.youtube.com',
  'www.facebook.com', 'widget.intercom.io'];
const BANNER = '[data-consentry="banner"]';

let ssr;
before(async () => { ssr = await startAxumSsr(); });
after(() => ssr?.stop());

const trackerHits = (s) => s.hits((r) => TRACKER_HOSTS.includes(r.host));
const posts = (s) => s.hits((r) => r.server === 'first' && r.method === 'POST' && r.path === '/consentry/choice');
async function noJs(t) {
  const s = await launch(t, { upstream: ssr.upstream, javaScriptEnabled: false });
  await s.goto('/');
  assert.equal(await s.page.locator(BANNER).isVisible(), true, 'the server rendered the banner');
  return s;
}
async function consentCookie(s) {
  const c = await s.cookie('consentry');
  return c.length === 1 ? c[0].value : null;
}

test('JavaScript off: Reject all posts the form, the choice is stored and remembered, zero tracker requests', T, async (t) => {
  const s = await noJs(t);
  await Promise.all([s.page.waitForNavigation(), s.page.locator(`${BANNER} [data-consentry="reject-all"]`).click()]);
  assert.equal(posts(s).length, 1, 'one POST');
  assert.equal(new URL(s.page.url()).pathname, '/', 'back on the page it was made on');
  assert.ok(await consentCookie(s), 'the consent cookie is set');
  assert.equal(await s.page.locator(BANNER).count(), 0, 'no banner once chosen');
  await s.reload();
  assert.equal(await s.page.locator(BANNER).count(), 0, 'remembered on the next request');
  assert.match(await s.page.content(), /data-consentry="refused"/, 'the server still holds the trackers');
  await s.settle(500);
  assert.deepEqual(trackerHits(s).map((r) => r.host + r.path), [], 'no tracker requested at any point');
});

test('JavaScript off: Accept all releases the static tags on the next view', T, async (t) => {
  const s = await noJs(t);
  await Promise.all([s.page.waitForNavigation(), s.page.locator(`${BANNER} [data-consentry="accept-all"]`).click()]);
  assert.equal(await s.page.locator(BANNER).count(), 0);
  assert.doesNotMatch(await s.page.content(), /data-consentry="(no-consent|refused)"/, 'nothing held');
  assert.equal((await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ'))[0].dest, 'iframe');
  assert.equal((await s.waitForHit('www.facebook.com/tr?id=1&ev=PageView'))[0].dest, 'image');
});

test('JavaScript off: Preferences is a page of switches; saving targeting alone loads only its tags', T, async (t) => {
  const s = await noJs(t);
  await Promise.all([s.page.waitForNavigation(), s.page.locator(`${BANNER} [data-consentry="preferences"]`).click()]);
  assert.equal(await s.page.locator('[data-consentry="dialog"]').isVisible(), true, 'the preferences page');
  assert.equal(await s.page.locator('input[data-consentry-category="mandatory"]').isDisabled(), true);
  await s.page.locator('input[data-consentry-category="targeting"]').check();
  await Promise.all([s.page.waitForNavigation(), s.page.locator('[data-consentry="save"]').click()]);
  assert.equal(new URL(s.page.url()).pathname, '/', 'back on the page');
  assert.equal(await s.page.locator(BANNER).count(), 0);
  await s.waitForHit('www.youtube.com/embed/dQw4w9WgXcQ');
  const html = await s.page.content();
  assert.match(html, /googletagmanager[^>]*data-consentry="refused"/, 'performance stays held');
  assert.deepEqual(s.hits('widget.intercom.io'), [], 'functionality stays held');
});

test('a page on another site cannot post a choice for the visitor', T, async (t) => {
  const s = await launch(t, { upstream: ssr.upstream });
  // The attacker's page submits the banner's form to the site (a top-level
  // POST, the one kind of cross-site request that carries Lax cookies).
  s.attacker.page('/evil.html', `<!doctype html><form method="post" action="${s.site.url('/consentry/choice')}">
      <input name="choice" value="accept-all"><input name="back" value="/"></form>
      <script>document.forms[0].submit()</script>`);
  await s.page.goto(`${s.attacker.origin}/evil.html`);
  await s.page.waitForFunction(() => location.host === 'www.shop.test');
  await s.page.waitForLoadState();
  assert.match(await s.page.content(), /did not come from this site/, 'refused');
  assert.equal(posts(s).length, 1, 'the forged post reached the server');
  assert.equal(await consentCookie(s), null, 'no consent cookie was set');
  await s.goto('/');
  await s.ready();
  assert.equal((await s.get('getConsent')).stored, 'none', 'the visitor has not consented');
  assert.equal(await s.page.locator(BANNER).count(), 1, 'the banner is still asking');
});
