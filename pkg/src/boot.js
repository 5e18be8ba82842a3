// The engine stage's entry (both builds): once `ready` (the wasm-bindgen glue
// initialised) resolves, the engine takes over from the guard and the UI is
// drawn. A rejection leaves the guard holding (`G.fail`, fail closed).
// eslint-disable-next-line no-unused-vars
function consentryBoot(wb, ready, G) {
  return ready.then(function () {
    var api = consentryStart(wb, window, document, G);
    api.showPreferences = consentryUi(api, api.engine, document).showPreferences;
    return api;
  }).catch(function (e) { G.fail(e); return G.api; });
}
