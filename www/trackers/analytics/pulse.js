/* Demo Analytics: a FAKE analytics tag, served by the Consentry demo server on
 * analytics.localhost. It behaves like the real thing: a first-party client-id
 * cookie (_demo_ga), a page-view beacon on load and an event beacon per click. */
(function () {
  "use strict";
  var me = document.currentScript;
  var origin = me && me.src ? new URL(me.src).origin : "http://analytics.localhost";
  var m = /(?:^|;\s*)_demo_ga=([^;]*)/.exec(document.cookie);
  var cid = m ? m[1] : "DA1." + Math.floor(Math.random() * 1e9) + "." + Math.floor(Date.now() / 1000);
  if (!m) document.cookie = "_demo_ga=" + cid + "; Path=/; Max-Age=" + 60 * 60 * 24 * 395 + "; SameSite=Lax";
  function send(type, extra) {
    var q = "v=1&cid=" + encodeURIComponent(cid) + "&t=" + type + "&dp=" + encodeURIComponent(location.pathname) + (extra || "");
    try { return navigator.sendBeacon(origin + "/collect?" + q); } catch (e) { return false; }
  }
  send("pageview", "&dt=" + encodeURIComponent(document.title));
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target.closest("a, button") : null;
    if (t) send("event", "&el=" + encodeURIComponent((t.textContent || "").trim().slice(0, 40)));
  }, true);
  window.demoAnalytics = { cid: cid, send: send };
})();
