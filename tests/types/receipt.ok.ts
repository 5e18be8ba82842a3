// The generated receipt types accept a browser's submission and a stored receipt.
import type { ConsentReceipt, ConsentReceiptSubmission } from '../../pkg/types/receipt.js';

const sent: ConsentReceiptSubmission = {
  version: 1,
  consentId: '0123456789abcdef0123456789abcdef',
  seq: 1,
  clientTime: 1790000000000,
  policyRevision: 2,
  policyHash: 'a'.repeat(64),
  language: 'en',
  textsHash: 'b'.repeat(64),
  surface: 'banner',
  action: 'accept-all',
  categories: { granted: ['mandatory', 'performance'], refused: [] },
  services: { granted: [], refused: [] },
  regime: 'opt-in',
  region: null,
  gpc: false,
  dnt: false,
  page: { origin: 'https://www.example.com', path: '/' },
};
const stored: ConsentReceipt = { ...sent, receivedAt: 1790000000100 };
export { stored };
