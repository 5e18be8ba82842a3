// Consentry's cookie and storage clean-up, in the engine stage: what the
// engine refuses is deleted on every path and parent domain it could live on.
//
// `consentryCookies(G, engine, wb, win)` returns `cleanup(cookies?, later?)`.

// eslint-disable-next-line no-unused-vars
function consentryCookies(G, engine, wb, win) {
  "use strict";
  var rawCookie = G.rawCookie, writeCookie = G.writeCookie, secure = win.isSecureContext === true;
  // A deletion, made partitioned too where the page may hold one: a
  // partitioned cookie is another cookie than the unpartitioned one.
  function remove(del) {
    writeCookie(del);
    if (secure) writeCookie(del + "; Secure; SameSite=None; Partitioned");
  }
  var registrable;
  function registrableDomain() {
    if (registrable !== undefined) return registrable;
    registrable = null;
    var host = win.location.hostname;
    if (!host || /^[\d.]+$/.test(host) || host.indexOf(":") >= 0) return registrable;
    var labels = host.split("."), probe = "__consentry_probe";
    // The browser refuses cookies on public suffixes: the first shorter domain
    // it accepts is the registrable one.
    for (var i = labels.length - 2; i >= 0; i--) {
      var d = labels.slice(i).join(".");
      writeCookie(probe + "=1; Path=/; Domain=" + d);
      if (rawCookie().indexOf(probe + "=1") >= 0) {
        writeCookie(probe + "=; Max-Age=0; Path=/; Domain=" + d);
        registrable = d;
        break;
      }
    }
    return registrable;
  }
  function cookieNames(cookies) {
    return cookies.split(";").map(function (c) { return c.split("=")[0].trim(); }).filter(Boolean);
  }
  // `cookies`: the `document.cookie` string when the caller has just read it.
  // `later`: storage waits for an idle moment (the first localStorage access
  // costs milliseconds at start-up; every tracker that could read it is held).
  function cleanup(cookies, later) {
    var names = engine.cookiesToClear(cookieNames(cookies === undefined ? rawCookie() : cookies));
    if (names.length) {
      var domains = wb.domainVariants(win.location.hostname, registrableDomain() || undefined);
      var paths = wb.pathVariants(win.location.pathname);
      names.forEach(function (n) {
        domains.forEach(function (d) {
          paths.forEach(function (p) {
            remove(n + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=" + p + (d ? "; Domain=" + d : ""));
          });
        });
      });
    }
    // Written before the engine on a path or domain of their own, which
    // this page cannot see: deleted where they were written.
    // Each on its own: one it cannot read must not stop the engine's start.
    G.early.splice(0).forEach(function (w) { try { early(w); } catch (e) { G.report(e); } });
    function early(w) {
      var path = "", dom = "";
      String(w[1] || "").split(";").slice(1).forEach(function (a) {
        var i = a.indexOf("="), k = a.slice(0, i < 0 ? a.length : i).trim().toLowerCase(), v = i < 0 ? "" : a.slice(i + 1).trim();
        if (k === "path") path = v; else if (k === "domain") dom = v;
      });
      if ((path || dom) && engine.cookiesToClear([w[0]]).length) {
        remove(w[0] + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + (path ? "; Path=" + path : "") + (dom ? "; Domain=" + dom : ""));
      }
    }
    var storage = function () {
      ["localStorage", "sessionStorage"].forEach(function (s) {
        try {
          var store = win[s];
          // The browser's own removeItem: page code may have replaced the shared one.
          engine.storageToClear(Object.keys(store)).forEach(function (k) { G.unstore.call(store, k); });
        } catch (e) { /* storage unavailable */ }
      });
    };
    if (!later) storage();
    else if (G.idle) G.idle(storage, { timeout: 1000 });
    else setTimeout(storage, 50);
  }

  return cleanup;
}
