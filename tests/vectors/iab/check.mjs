// The other direction: ours.json holds strings consentry-iab encoded, with the
// JSON it means by them. Each must decode with the reference library
// (@iabtcf/core for TC strings, @iabgpp/cmpapi for GPP strings) to that JSON.
// Run: npm ci && node check.mjs   (exits non-zero on any difference)
import { readFileSync } from 'node:fs';
import { tcDecode, gppDecode } from './ref.mjs';

// Every key of the reference's JSON must equal ours; our only extra key is `segments`.
function diff(ours, theirs, path = '') {
  if (Array.isArray(theirs) && Array.isArray(ours) && theirs.length === ours.length && theirs.some((x) => x && typeof x === 'object')) {
    for (let i = 0; i < theirs.length; i++) {
      const d = diff(ours[i], theirs[i], `${path}/${i}`);
      if (d) return d;
    }
    return null;
  }
  if (theirs && typeof theirs === 'object' && !Array.isArray(theirs)) {
    for (const k of Object.keys(theirs)) {
      if (!(k in ours)) return `${path}/${k}: missing in ours`;
      const d = diff(ours[k], theirs[k], `${path}/${k}`);
      if (d) return d;
    }
    const extra = Object.keys(ours).find((k) => !(k in theirs) && k !== 'segments');
    return extra ? `${path}/${extra}: not in the reference` : null;
  }
  return JSON.stringify(ours) === JSON.stringify(theirs) ? null : `${path}: ours ${JSON.stringify(ours)} reference ${JSON.stringify(theirs)}`;
}

const { vectors } = JSON.parse(readFileSync(new URL('ours.json', import.meta.url), 'utf8'));
let failed = 0;
for (const v of vectors) {
  let problem;
  try {
    problem = diff(v.json, v.string.startsWith('DB') ? gppDecode(v.string) : tcDecode(v.string));
  } catch (e) {
    problem = `reference rejects it: ${e.message}`;
  }
  if (problem) { failed++; console.log(`FAIL ${v.name}: ${problem}`); }
}
console.log(`${vectors.length - failed}/${vectors.length} of our strings read back by the reference decoders`);
process.exit(failed ? 1 : 0);
