// A submission cannot carry the server's fields, nor an unknown action.
import type { ConsentReceiptSubmission } from '../../pkg/types/receipt.js';

const base = {
  version: 1,
  consentId: '0123456789abcdef0123456789abcdef',
  seq: 1,
  clientTime: 1790000000000,
  policyRevision: 2,
  policyHash: 'a'.repeat(64),
  language: 'en',
  textsHash: 'b'.repeat(64),
  surface: 'banner',
  categories: { granted: [], refused: [] },
  services: { granted: [], refused: [] },
  regime: 'opt-in',
  region: null,
  gpc: false,
  dnt: false,
  page: { origin: 'https://www.example.com', path: '/' },
} as const;
const a: ConsentReceiptSubmission = { ...base, action: 'accept' }; // error: not an action
const b: ConsentReceiptSubmission = { ...base, action: 'custom', receivedAt: 1 }; // error: server field
export { a, b };
