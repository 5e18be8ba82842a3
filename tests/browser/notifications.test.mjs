// Notification images (session 23's sweep), in a secure context, which
// notifications need (with a granted permission): the browser fetches each
// image itself, so the guard judges them where they are given.
process.env.CONSENTRY_E2E_SECURE = '1';
const { test } = await import('node:test');
const { default: assert } = await import('node:assert/strict');
const { launch, dropIn, T, ENGINE } = await import('./harness.mjs');
const { TRACKERS, PRELUDE } = await import('./attack-pages.mjs');
const trackerHits = (s) => s.hits((r) => TRACKERS.includes(r.host));

// Images a notification shows are fetched by the browser itself (session
// 23's sweep: Chromium fetched the icon, image, badge and an action's icon):
// one the engine may refuse is left out, the notification still shown.
test('attack: a notification\'s icons on a tracker host are not fetched before consent', { ...T, skip: ENGINE !== 'chromium' && 'permissions are granted through Chromium\'s driver only' }, async (t) => {
  const s = await launch(t);
  await s.context.grantPermissions(['notifications']);
  s.site.route('/push-sw.js', { body: 'self.addEventListener("push", function () {});', type: 'text/javascript' });
  await s.open(dropIn({ body: `${PRELUDE}<script>
    run('ctor', function () { new Notification('Sale', { icon: PIXEL('notif-icon'), image: PIXEL('notif-image'), badge: PIXEL('notif-badge') }); });
    run('frame', function () { new (blank().contentWindow.Notification)('Sale', { icon: PIXEL('notif-frame') }); });
    navigator.serviceWorker.register('/push-sw.js').then(function () { return navigator.serviceWorker.ready; }).then(function (r) {
      return r.showNotification('Sale', { icon: PIXEL('sw-notif-icon'), image: PIXEL('sw-notif-image'), actions: [{ action: 'a', title: 'a', icon: PIXEL('sw-notif-action') }] });
    }).then(function () { window.__shown = 1; }, function (e) { window.__shown = String(e); });
  </script>` }));
  await s.page.waitForFunction(() => window.__shown, null, { timeout: 8000 });
  await s.settle(1500);
  assert.equal(await s.page.evaluate(() => window.__shown), 1, 'the notification is still shown');
  assert.deepEqual(trackerHits(s), []);
});

// WebIDL reads a dictionary from a function too (session 23's second sweep:
// the wrapper had passed a callable options object on unread, Chromium).
test('attack: notification images given in a callable options object (a dictionary read from a function) are not fetched before consent', { ...T, skip: ENGINE !== 'chromium' && 'permissions are granted through Chromium\'s driver only' }, async (t) => {
  const s = await launch(t);
  await s.context.grantPermissions(['notifications']);
  s.site.route('/push-sw.js', { body: 'self.addEventListener("push", function () {});', type: 'text/javascript' });
  await s.open(dropIn({ body: `${PRELUDE}<script>
    run('ctor-fn', function () { new Notification('Sale', Object.assign(function () {}, { icon: PIXEL('notif-fn-icon'), image: PIXEL('notif-fn-image') })); });
    navigator.serviceWorker.register('/push-sw.js').then(function () { return navigator.serviceWorker.ready; }).then(function (r) {
      return r.showNotification('Sale', { icon: '/own.png', actions: [Object.assign(function () {}, { action: 'a', title: 'a', icon: PIXEL('sw-notif-action-fn') })] })
        .then(function () { return r.showNotification('Sale2', Object.assign(function () {}, { badge: PIXEL('sw-notif-fn-badge') })); });
    }).then(function () { window.__shown = 1; }, function (e) { window.__shown = String(e); });
  </script>` }));
  await s.page.waitForFunction(() => window.__shown, null, { timeout: 8000 });
  await s.settle(1500);
  assert.equal(await s.page.evaluate(() => window.__shown), 1, 'the notifications are still shown');
  assert.deepEqual(trackerHits(s).map((r) => r.path), []);
});

