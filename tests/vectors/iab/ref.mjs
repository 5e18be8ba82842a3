// Shared between generate.mjs and check.mjs: the reference libraries' models
// turned into the JSON shape of consentry-iab's decode_to_json.
import { TCString, TCModel, GVL, PurposeRestriction } from '@iabtcf/core';
import * as G from '@iabgpp/cmpapi';

export { TCString, TCModel, GVL, PurposeRestriction, G };

const ids = (vector) => { const out = []; vector.forEach((v, id) => { if (v) out.push(id); }); return out; };
const ds = (date) => Math.round(date.getTime() / 100);

/** @iabtcf/core TCModel → JSON with its field names (sets as sorted ids). */
export function tcJson(m, segments) {
  const restrictions = [];
  const pr = m.publisherRestrictions;
  // Restrictions in the order the decoder met them, vendors sorted.
  for (const [hash, bst] of pr.map) {
    const r = PurposeRestriction.unHash(hash);
    restrictions.push({ purposeId: r.purposeId, restrictionType: r.restrictionType, vendors: bst.get().slice().sort((a, b) => a - b) });
  }
  return {
    version: m.version,
    created: m.created.toISOString(), createdDeciseconds: ds(m.created),
    lastUpdated: m.lastUpdated.toISOString(), lastUpdatedDeciseconds: ds(m.lastUpdated),
    cmpId: m.cmpId, cmpVersion: m.cmpVersion, consentScreen: m.consentScreen,
    consentLanguage: m.consentLanguage, vendorListVersion: m.vendorListVersion,
    policyVersion: m.policyVersion, isServiceSpecific: m.isServiceSpecific,
    useNonStandardStacks: m.useNonStandardStacks,
    specialFeatureOptins: ids(m.specialFeatureOptins), purposeConsents: ids(m.purposeConsents),
    purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    purposeOneTreatment: m.purposeOneTreatment, publisherCountryCode: m.publisherCountryCode,
    vendorConsents: ids(m.vendorConsents), vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    publisherRestrictions: restrictions,
    publisherConsents: ids(m.publisherConsents), publisherLegitimateInterests: ids(m.publisherLegitimateInterests),
    numCustomPurposes: m.numCustomPurposes,
    publisherCustomConsents: ids(m.publisherCustomConsents),
    publisherCustomLegitimateInterests: ids(m.publisherCustomLegitimateInterests),
    vendorsAllowed: ids(m.vendorsAllowed), vendorsDisclosed: ids(m.vendorsDisclosed),
    segments,
  };
}

/** Segment names present in a TC string, from their 3-bit types. */
export function tcSegments(str) {
  const names = { 1: 'vendorsDisclosed', 2: 'vendorsAllowed', 3: 'publisherTC' };
  return str.split('.').map((s, i) => i === 0 ? 'core' : names['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(s[0]) >> 3]);
}

/** Decodes a TC string with @iabtcf/core into JSON. Throws when it rejects. */
export function tcDecode(str) {
  return tcJson(TCString.decode(str), tcSegments(str));
}

const US = ['usnat', 'usca', 'usva', 'usco', 'usct'];

/** Decodes a GPP string with @iabgpp/cmpapi into JSON. Throws when it rejects. */
export function gppDecode(str) {
  const model = new G.GppModel(str);
  const obj = model.toObject();
  const out = { sectionIds: model.getSectionIds() };
  for (const [name, fields] of Object.entries(obj)) {
    const section = { ...fields };
    if (US.includes(name) && 'Gpc' in section) {
      section.GpcSegmentIncluded = model.getFieldValue(name, 'GpcSegmentIncluded');
    }
    if (name === 'tcfeuv2') {
      for (const k of ['Created', 'LastUpdated']) {
        const d = section[k];
        section[k] = d.toISOString();
        section[k + 'Deciseconds'] = ds(d);
      }
    }
    out[name] = section;
  }
  return out;
}
