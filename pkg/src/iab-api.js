// The IAB CMP APIs, for ad scripts that read consent through them: __tcfapi
// (TCF v2.3) and __gpp (GPP 1.1), each with its locator frame and postMessage
// protocol so that scripts in iframes can ask. Calls made before the engine
// is ready are queued and answered in order by `ready`. The strings and their
// fields come from the engine (crate consentry-iab, decode_to_json); nothing
// here decides anything. Bundled in consentry-iab.js with the IAB module's
// glue (crate consentry-iab-wasm), which the engine loads when the policy has
// an `iab` section (pkg/src/iab-load.js calls `ready` and `update`).
//
// consentryIabApi(win, { cmpId, cmpVersion, tcf, gpp, supportedAPIs })
//   → { ready(state), update(state), fail() }, where state is
//   { gdprApplies, supportedAPIs?, tc: <decode_to_json of the TC string> | null, tcString,
//     gppString, gpp: <decode_to_json of the GPP string> | null,
//     applicableSections: [7], displayStatus: "visible" | "hidden" | "disabled",
//     userAction: true when the visitor just chose }
// `opts` is read at each answer: cmpId and cmpVersion may be set just before
// `ready` (the TCF ping reports them undefined while a stub). `fail()`: the
// module could not load; ping says cmpStatus "error" and every waiting or
// later call is answered unsuccessfully rather than never.
function consentryIabApi(win, opts) {
  var st = null, queue = [], tcfL = [], gppL = [], nextId = 1, failed = false;
  var status = function () { return failed ? "error" : st ? "loaded" : "stub"; };
  var ids = function (list) { var o = {}; (list || []).forEach(function (i) { o[i] = true; }); return o; };

  function tcData(listenerId) {
    var t = st.tc || {}, pub = {};
    (t.publisherRestrictions || []).forEach(function (r) {
      var p = pub[r.purposeId] = pub[r.purposeId] || {};
      r.vendors.forEach(function (v) { p[v] = r.restrictionType; });
    });
    return {
      tcString: st.tcString || "", tcfPolicyVersion: t.policyVersion, cmpId: opts.cmpId, cmpVersion: opts.cmpVersion,
      gdprApplies: st.gdprApplies, eventStatus: st.userAction ? "useractioncomplete" : "tcloaded", cmpStatus: "loaded",
      listenerId: listenerId, isServiceSpecific: !!t.isServiceSpecific, useNonStandardTexts: !!t.useNonStandardStacks,
      publisherCC: t.publisherCountryCode, purposeOneTreatment: !!t.purposeOneTreatment,
      purpose: { consents: ids(t.purposeConsents), legitimateInterests: ids(t.purposeLegitimateInterests) },
      vendor: { consents: ids(t.vendorConsents), legitimateInterests: ids(t.vendorLegitimateInterests), disclosedVendors: ids(t.vendorsDisclosed) },
      specialFeatureOptins: ids(t.specialFeatureOptins),
      publisher: { consents: ids(t.publisherConsents), legitimateInterests: ids(t.publisherLegitimateInterests),
        customPurpose: { consents: ids(t.publisherCustomConsents), legitimateInterests: ids(t.publisherCustomLegitimateInterests) },
        restrictions: pub }
    };
  }

  function tcfPing() {
    return { gdprApplies: st ? st.gdprApplies : undefined, cmpLoaded: !!st, cmpStatus: status(),
      displayStatus: st ? st.displayStatus : "hidden", apiVersion: "2.3", cmpVersion: opts.cmpVersion, cmpId: opts.cmpId,
      gvlVersion: st && st.tc ? st.tc.vendorListVersion : undefined, tcfPolicyVersion: st && st.tc ? st.tc.policyVersion : undefined };
  }

  function gppPing() {
    var g = st && st.gpp;
    var parsed = {};
    if (g) Object.keys(g).forEach(function (k) { if (k !== "sectionIds") parsed[k] = g[k]; });
    return { gppVersion: "1.1", cmpStatus: status(), cmpDisplayStatus: st ? st.displayStatus : "hidden",
      signalStatus: st ? "ready" : "not ready", supportedAPIs: (st && st.supportedAPIs) || opts.supportedAPIs || [], cmpId: opts.cmpId,
      sectionList: g ? g.sectionIds : [], applicableSections: st ? st.applicableSections || [-1] : [-1],
      gppString: st ? st.gppString || "" : "", parsedSections: parsed };
  }

  function tcfRun(cmd, cb, param) {
    if (cmd === "ping") return cb(tcfPing(), true);
    if (failed) return cb(null, false);
    if (!st) return queue.push(function () { tcfRun(cmd, cb, param); });
    if (cmd === "getTCData") return cb(tcData(undefined), true);
    if (cmd === "addEventListener") { var id = nextId++; tcfL.push({ id: id, cb: cb }); return cb(tcData(id), true); }
    if (cmd === "removeEventListener") {
      var n = tcfL.length;
      tcfL = tcfL.filter(function (l) { return l.id !== param; });
      return cb(tcfL.length < n, true);
    }
    cb(null, false);
  }

  function gppEvent(name, id, data) {
    return { eventName: name, listenerId: id, data: data, pingData: gppPing() };
  }

  function gppRun(cmd, cb, param) {
    if (cmd === "ping") return cb(gppPing(), true);
    if (cmd === "addEventListener") {
      var id = nextId++;
      gppL.push({ id: id, cb: cb });
      return cb(gppEvent("listenerRegistered", id, true), true);
    }
    if (cmd === "removeEventListener") {
      var n = gppL.length;
      gppL = gppL.filter(function (l) { return l.id !== param; });
      return cb(gppL.length < n, true);
    }
    if (failed) return cb(null, false);
    if (!st) return queue.push(function () { gppRun(cmd, cb, param); });
    var g = st.gpp || {}, name = String(param || ""), dot = name.indexOf(".");
    if (cmd === "hasSection") return cb(Object.prototype.hasOwnProperty.call(g, name) && name !== "sectionIds", true);
    if (cmd === "getSection") return cb(name !== "sectionIds" && g[name] || null, true);
    if (cmd === "getField") {
      var sec = dot > 0 && g[name.slice(0, dot)];
      var key = name.slice(dot + 1);
      return cb(sec && Object.prototype.hasOwnProperty.call(sec, key) ? sec[key] : null, true);
    }
    cb(null, false);
  }

  // Locator frames: how scripts in iframes find the CMP's window.
  function locator(name) {
    if (win.frames[name]) return;
    var doc = win.document, f = doc.createElement("iframe");
    f.style.display = "none";
    f.name = name;
    f.title = name;
    (doc.body || doc.documentElement).appendChild(f);
  }

  // postMessage: { __tcfapiCall: { command, parameter, version, callId } } is
  // answered { __tcfapiReturn: { returnValue, success, callId } }, likewise
  // __gppCall/__gppReturn; a string message gets a string answer.
  function onMessage(e) {
    var d = e.data, str = typeof d === "string";
    if (str) { try { d = JSON.parse(d); } catch (err) { return; } }
    if (!d || typeof d !== "object") return;
    var kind = d.__tcfapiCall ? "__tcfapi" : d.__gppCall ? "__gpp" : null;
    if (!kind || !e.source || typeof e.source.postMessage !== "function") return;
    var c = d[kind + "Call"], src = e.source;
    var reply = function (returnValue, success) {
      var out = {};
      out[kind + "Return"] = { returnValue: returnValue, success: success, callId: c.callId };
      src.postMessage(str ? JSON.stringify(out) : out, "*");
    };
    if (kind === "__tcfapi") tcfRun(c.command, reply, c.parameter);
    else gppRun(c.command, reply, c.parameter);
  }

  // Calls queued by a stub that ran before this one (__tcfapi() / __gpp('queue')).
  var earlierTcf = typeof win.__tcfapi === "function" && win.__tcfapi("getQueue");
  var earlierGpp = typeof win.__gpp === "function" && win.__gpp("queue");
  if (opts.tcf !== false) {
    win.__tcfapi = function (cmd, version, cb, param) {
      if (typeof cb !== "function") return;
      if (version !== undefined && version !== null && version !== 2) return cb(null, false);
      tcfRun(cmd, cb, param);
    };
    locator("__tcfapiLocator");
  }
  if (opts.gpp !== false) {
    win.__gpp = function (cmd, cb, param) { if (typeof cb === "function") gppRun(cmd, cb, param); };
    locator("__gppLocator");
  }
  win.addEventListener("message", onMessage, false);
  (Array.isArray(earlierTcf) ? earlierTcf : []).forEach(function (a) { win.__tcfapi.apply(win, a); });
  (Array.isArray(earlierGpp) ? earlierGpp : []).forEach(function (a) { win.__gpp.apply(win, a); });

  function update(next) {
    if (failed) return;
    var first = !st;
    st = next;
    // On the first state the queued calls answer (TCF listeners among them, once).
    if (first) { var q = queue; queue = []; q.forEach(function (f) { f(); }); }
    else tcfL.forEach(function (l) { l.cb(tcData(l.id), true); });
    gppL.forEach(function (l) {
      if (first) l.cb(gppEvent("signalStatus", l.id, "ready"), true);
      l.cb(gppEvent("sectionChange", l.id, (next.gpp && next.gpp.sectionIds) || []), true);
    });
  }
  function fail() {
    if (st) return;
    failed = true;
    var q = queue;
    queue = [];
    q.forEach(function (f) { f(); });
  }
  return { ready: update, update: update, fail: fail };
}
