// Writes tcf.json, gpp.json and invalid.json: strings made by the IAB
// reference encoders (@iabtcf/core, @iabgpp/cmpapi) with the JSON their
// decoders read back. consentry-iab must decode each string to that JSON and
// encode that JSON to the same string.  Run: npm ci && node generate.mjs
import { writeFileSync } from 'node:fs';
import { TCString, TCModel, GVL, PurposeRestriction, G, tcDecode, gppDecode } from './ref.mjs';

// A deterministic generator, so that regenerating gives the same files.
let seed = 0x2545f491;
const rand = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 2 ** 32; };
const pick = (n, p) => Array.from({ length: n }, (_, i) => i + 1).filter(() => rand() < p);

function gvl(vendorIds, version = 150) {
  const vendors = {};
  for (const id of vendorIds) {
    vendors[id] = { id, name: `v${id}`, purposes: [1, 2, 3, 4], legIntPurposes: [2, 7], flexiblePurposes: [2],
      specialPurposes: [1], features: [], specialFeatures: [], policyUrl: 'https://example.invalid' };
  }
  const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `p${i + 1}`, description: '' }]));
  return new GVL({ gvlSpecificationVersion: 3, vendorListVersion: version, tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z', purposes: named(11), specialPurposes: named(3), features: named(3),
    specialFeatures: named(2), vendors, stacks: {} });
}

const tcf = [];
function tc(name, { gvlIds, version, set = () => {}, options }) {
  const m = new TCModel(gvl(gvlIds, version));
  m.cmpId = 300; m.cmpVersion = 7; m.consentScreen = 2; m.publisherCountryCode = 'DE';
  m.created = new Date(Date.UTC(2026, 1, 28, 12, 0, 0, 340));
  m.lastUpdated = new Date(Date.UTC(2026, 11, 5, 9, 30, 15, 960));
  set(m);
  const string = TCString.encode(m, options);
  tcf.push({ name, string, json: tcDecode(string) });
}
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

tc('empty consent, few GVL vendors', { gvlIds: [1, 2, 3] });
tc('bitfield: small dense set', { gvlIds: range(1, 40), set: (m) => { m.vendorConsents.set([1, 2, 5, 40]); m.purposeConsents.set([1, 2, 3]); } });
tc('range: sparse high ids', { gvlIds: [1, 755, 1000, 1001, 1002, 3000], set: (m) => { m.vendorConsents.set([755, 1000, 1001, 1002, 3000]); m.vendorLegitimateInterests.set([1, 3000]); } });
tc('boundary: max id 45 is a bitfield', { gvlIds: [45], set: (m) => m.vendorConsents.set(45) });
tc('boundary: max id 46 is a range', { gvlIds: [46], set: (m) => m.vendorConsents.set(46) });
tc('max vendor id 65535', { gvlIds: [1, 65535], set: (m) => { m.vendorConsents.set([1, 65535]); m.vendorLegitimateInterests.set(65535); } });
tc('all purposes and special features, purpose one treatment, LI', { gvlIds: range(1, 10), set: (m) => {
  m.purposeConsents.set(range(1, 24)); m.specialFeatureOptins.set(range(1, 12)); m.purposeLegitimateInterests.set(range(1, 24));
  m.purposeOneTreatment = true; m.useNonStandardStacks = true; m.vendorConsents.set(range(1, 10)); } });
tc('publisher restrictions of each type', { gvlIds: range(1, 60), set: (m) => {
  m.publisherRestrictions.add(3, new PurposeRestriction(2, 0));
  m.publisherRestrictions.add(4, new PurposeRestriction(2, 0));
  m.publisherRestrictions.add(5, new PurposeRestriction(2, 0));
  m.publisherRestrictions.add(9, new PurposeRestriction(2, 0));
  m.publisherRestrictions.add(10, new PurposeRestriction(2, 1)); // only flexible purposes (2 in this GVL) take types 1 and 2
  m.publisherRestrictions.add(60, new PurposeRestriction(2, 2));
} });
tc('publisher TC segment with custom purposes (for vendors)', { gvlIds: range(1, 5), options: { isForVendors: true }, set: (m) => {
  m.publisherConsents.set([1, 3, 24]); m.publisherLegitimateInterests.set([2]); m.numCustomPurposes = 5;
  m.publisherCustomConsents.set([1, 5]); m.publisherCustomLegitimateInterests.set([2]); m.vendorConsents.set([2, 4]); } });
tc('service specific: core and publisher TC only', { gvlIds: range(1, 5), set: (m) => { m.isServiceSpecific = true; m.vendorConsents.set([1]); m.publisherConsents.set([1]); } });
tc('core only', { gvlIds: range(1, 5), options: { segments: ['core'] }, set: (m) => m.vendorConsents.set([1, 2]) });
tc('vendor list version 4095, cmp 4095', { gvlIds: [7], version: 4095, set: (m) => { m.cmpId = 4095; m.cmpVersion = 4095; m.consentScreen = 63; m.vendorConsents.set(7); } });
for (let i = 0; i < 24; i++) {
  const max = [30, 100, 800, 2000][i % 4];
  const gvlIds = pick(max, 0.6);
  if (gvlIds.length === 0) gvlIds.push(1);
  tc(`random ${i}`, { gvlIds, options: i % 3 === 0 ? { isForVendors: true } : undefined, set: (m) => {
    m.purposeConsents.set(pick(11, 0.5)); m.purposeLegitimateInterests.set(pick(11, 0.5)); m.specialFeatureOptins.set(pick(2, 0.5));
    m.vendorConsents.set(gvlIds.filter(() => rand() < [0.1, 0.5, 0.97][i % 3]));
    m.vendorLegitimateInterests.set(gvlIds.filter(() => rand() < 0.3));
    m.publisherConsents.set(pick(11, 0.5));
    if (i % 5 === 0) for (const id of gvlIds.filter(() => rand() < 0.2)) m.publisherRestrictions.add(id, new PurposeRestriction(1 + Math.floor(rand() * 10), Math.floor(rand() * 3)));
  } });
}

// GPP: each US section with and without its GPC subsection, usnat v1 and v2,
// tcfeuv2 inside GPP, several sections together.
const gpp = [];
function gp(name, set) {
  const m = new G.GppModel();
  set(m);
  const string = m.encode();
  gpp.push({ name, string, json: gppDecode(string) });
}
const US = { usnat: 7, usca: 8, usva: 9, usco: 10, usct: 12 };
for (const section of Object.keys(US)) {
  gp(`${section} defaults`, (m) => m.setFieldValue(section, 'SaleOptOut', 0));
  gp(`${section} opted out of sale`, (m) => { m.setFieldValue(section, 'SaleOptOutNotice', 1); m.setFieldValue(section, 'SaleOptOut', 1); m.setFieldValue(section, 'MspaCoveredTransaction', 2); });
  if (section !== 'usva') {
    gp(`${section} GPC set`, (m) => { m.setFieldValue(section, 'SaleOptOut', 1); m.setFieldValue(section, 'Gpc', true); });
    gp(`${section} without GPC subsection`, (m) => { m.setFieldValue(section, 'SaleOptOut', 2); m.setFieldValue(section, 'GpcSegmentIncluded', false); });
  }
}
gp('usnat every field 2, lists mixed', (m) => {
  for (const f of ['SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice', 'SensitiveDataProcessingOptOutNotice', 'SensitiveDataLimitUseNotice', 'SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut', 'PersonalDataConsents', 'MspaCoveredTransaction', 'MspaOptOutOptionMode', 'MspaServiceProviderMode']) m.setFieldValue('usnat', f, 2);
  m.setFieldValue('usnat', 'SensitiveDataProcessing', [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 2]);
  m.setFieldValue('usnat', 'KnownChildSensitiveDataConsents', [1, 2, 0]);
});
gp('usnat version 1', (m) => { m.setFieldValue('usnat', 'Version', 1); m.setFieldValue('usnat', 'SaleOptOut', 1);
  m.setFieldValue('usnat', 'SensitiveDataProcessing', [1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 1]); m.setFieldValue('usnat', 'KnownChildSensitiveDataConsents', [2, 1]); });
gp('tcfeuv2 in GPP', (m) => { m.setFieldValue('tcfeuv2', 'CmpId', 300); m.setFieldValue('tcfeuv2', 'VendorConsents', [1, 5, 700]);
  m.setFieldValue('tcfeuv2', 'PurposeConsents', [true, true, false, true, ...Array(20).fill(false)]);
  m.setFieldValue('tcfeuv2', 'Created', new Date(Date.UTC(2026, 2, 1))); m.setFieldValue('tcfeuv2', 'LastUpdated', new Date(Date.UTC(2026, 2, 1))); });
gp('tcfeuv2 with restrictions and disclosed vendors, usnat, usca', (m) => {
  m.setFieldValue('tcfeuv2', 'PublisherRestrictions', [new G.RangeEntry(2, 1, [3, 4, 5, 9])]);
  m.setFieldValue('tcfeuv2', 'VendorsDisclosed', [1, 2, 3, 4, 5, 9, 2000]);
  m.setFieldValue('tcfeuv2', 'Created', new Date(Date.UTC(2026, 2, 1))); m.setFieldValue('tcfeuv2', 'LastUpdated', new Date(Date.UTC(2026, 2, 1)));
  m.setFieldValue('usnat', 'SaleOptOut', 1); m.setFieldValue('usnat', 'Gpc', true);
  m.setFieldValue('usca', 'SharingOptOut', 1);
});
gp('all five US sections', (m) => { for (const s of Object.keys(US)) m.setFieldValue(s, 'SaleOptOut', 1); m.setFieldValue('usco', 'Gpc', true); });

// Malformed strings: consentry-iab rejects all of them; `referenceRejects`
// records whether the reference decoder does too.
const invalid = [];
const tryRef = (fn) => { try { fn(); return false; } catch { return true; } };
const core = tcf[1].string;
const cmp1 = (() => { const m = new TCModel(gvl([1])); m.cmpId = 2; m.created = m.lastUpdated = new Date(Date.UTC(2026, 0, 1)); const s = TCString.encode(m, { segments: ['core'] });
  // cmpId sits at bits 78..89: rewrite 2 as 1 (character 13 holds bits 78..83, 14 holds 84..89).
  return s.slice(0, 14) + 'B' + s.slice(15); })();
for (const [name, string] of [
  ['empty', ''],
  ['padding character', core + '='],
  ['standard base64 character', core.replace(/.$/, '+')],
  ['version 1', 'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA'],
  ['version 3', 'DAAAAAAAAAAAAAAAAAAAAAAA'],
  ['truncated core', core.slice(0, 20)],
  ['empty segment', core + '.'],
  ['duplicate disclosed segment', tcf[0].string + '.' + tcf[0].string.split('.')[1]],
  ['unknown segment type 5', core.split('.')[0] + '.oAAA'],
  ['cmpId 1', cmp1],
]) {
  invalid.push({ name, kind: 'tcf', string, referenceRejects: tryRef(() => TCString.decode(string)) });
}
const usnat = gpp.find((v) => v.name === 'usnat GPC set').string;
for (const [name, string] of [
  ['gpp empty', 'DBABzYA'],
  ['gpp header type 2', 'CBABzYA~CAAAAAAAAABA.QA'],
  ['gpp header version 2', 'DCABzYA~CAAAAAAAAABA.QA'],
  ['gpp fewer sections than ids', usnat.split('~')[0]],
  ['gpp more sections than ids', usnat + '~CAAAAAAAAABA'],
  ['gpp blank section', usnat.split('~')[0] + '~'],
  ['gpp bad character', usnat.replace('~C', '~C*')],
  ['gpp usnat truncated', usnat.split('~')[0] + '~CAAA'],
  ['gpp usnat field value 3', usnat.split('~')[0] + '~DAAAAAAAAABA'],
  ['gpp usnat MspaCoveredTransaction 0', usnat.split('~')[0] + '~CAAAAAAAAAAA'],
  ['gpp usnat version 9', usnat.split('~')[0] + '~JAAAAAAAAABA'],
  ['gpp GPC subsection type 2', usnat.split('.')[0] + '.gA'],
  ['gpp usva with a GPC subsection', gpp.find((v) => v.name === 'usva defaults').string + '.YA'],
  ['gpp unsupported section id 15', 'DBABjYA~BAAAAAAAAAAA'],
]) {
  invalid.push({ name, kind: 'gpp', string, referenceRejects: tryRef(() => JSON.stringify(gppDecode(string))) });
}

// One vector per line: reviewable diffs without one line per vendor id.
const write = (file, { generatedBy, vectors }) => writeFileSync(new URL(file, import.meta.url),
  `{"generatedBy": ${JSON.stringify(generatedBy)}, "vectors": [\n${vectors.map((v) => JSON.stringify(v)).join(',\n')}\n]}\n`);
write('tcf.json', { generatedBy: 'generate.mjs with @iabtcf/core 1.5.6', vectors: tcf });
write('gpp.json', { generatedBy: 'generate.mjs with @iabgpp/cmpapi 3.2.0', vectors: gpp });
write('invalid.json', { generatedBy: 'generate.mjs', vectors: invalid });
console.log(`tcf ${tcf.length}, gpp ${gpp.length}, invalid ${invalid.length}`);
