// The engine stage's entry (both builds): once `ready` (the wasm-bindgen glue
// initialised) resolves, the engine takes over from the guard and the UI is
// drawn. A rejection leaves the guard holding (`G.fail`, fail closed).
// eslint-disable-next-line no-unused-vars
function consentryBoot(wb, ready, G) {
  var mark = function (m) { try { performance.mark("consentry:" + m); } catch (e) { /* no User Timing */ } };
  return ready.then(function () {
    mark("engine-start");
    var api = consentryStart(wb, window, document, G);
    mark("engine-ui");
    var ui = consentryUi(api, api.engine, document, G);
    api.showPreferences = ui.showPreferences;
    G.placeholder = ui.placeholder;
    mark("engine-end");
    return api;
  }).catch(function (e) { G.fail(e); return G.api; });
}
