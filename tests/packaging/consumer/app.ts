// Uses the whole typed API; must compile under `tsc --strict`.
import {
  createDecider, definePolicy, factsScript, start, regionHeaders, MAX_COOKIE_HEADER,
  type ConsentState, type Consentry, type Decision, type GcmState, type RequestDecision, type RequestHeaders,
} from 'consentry';

const policy = definePolicy({
  revision: 2,
  googleConsentMode: true,
  categories: [
    { id: 'performance', services: ['google-analytics'] },
    { id: 'chat', label: { en: 'Chat', de: 'Chat' }, services: [{ id: 'support-chat', hosts: ['chat.example.net'] }] },
  ],
});

// ---- Node ----
declare function geoLookup(headers: RequestHeaders): string | undefined;
const decider = createDecider(policy, {
  regionHeaders: ['cloudflare', { country: 'x-geo-country', subdivision: 'x-geo-region' }],
  resolveRegion: (headers) => geoLookup(headers),
  fallbackRegion: 'DE',
});
const fromNode: RequestDecision<'performance' | 'chat' | 'mandatory' | 'functionality' | 'targeting'> =
  decider.fromHeaders({ cookie: 'consentry=abc', 'sec-gpc': ['1'], dnt: undefined });
const fromFetch = decider.fromHeaders(new Headers({ 'Sec-GPC': '1' }), { now: Date.now() });
const chatAllowed: boolean | undefined = fromFetch.consent.categories.chat;
const mandatory: boolean = fromFetch.consent.categories.mandatory;
const decision: Decision = fromNode.decide('https://www.google-analytics.com/g/collect');
const gcm: GcmState = fromNode.gcm;
const analytics: 'granted' | 'denied' = gcm.analytics_storage;
const region: string | null = fromNode.signals.region;
const html: string = factsScript(fromNode.facts());
const names: readonly string[] = decider.services;
console.log(chatAllowed, mandatory, decision, analytics, region, html, names, decider.cookieName,
  fromNode.allows('chat'), fromNode.allows('support-chat'), fromNode.bannerNeeded, fromNode.stored,
  regionHeaders.vercel.subdivision, MAX_COOKIE_HEADER, createDecider(undefined).fromHeaders({}).regime);

// ---- browser ----
type Category = 'performance' | 'chat' | 'mandatory';
async function browser(): Promise<void> {
  const consentry: Consentry<Category> = await start<Category>(new URL('consentry_bg.wasm', import.meta.url));
  await start('/assets/consentry_bg.wasm');
  const state: ConsentState<Category> = await consentry.acceptAll();
  await consentry.rejectAll();
  await consentry.withdraw();
  await consentry.setConsent({ categories: ['performance'], services: { 'support-chat': true } });
  await consentry.setConsent({ categories: { chat: true, performance: false } });
  const now = consentry.getConsent();
  if (now.regime === 'opt-out' && now.stored === 'valid' && state.bannerNeeded) console.log(now.services['google-analytics']);
  consentry.allows('performance');
  consentry.allows('https://www.google-analytics.com/analytics.js');
  const onBlocked = function (this: Consentry<Category>, d: { element: Element | null; reason: string; service: string | null; url?: string }) {
    console.log(d.element?.tagName, d.reason, d.service, d.url, this.ready);
  };
  consentry.on('blocked', onBlocked).on('released', (d) => console.log(d.element.localName, d.service));
  consentry.on('change', (s) => console.log(s.categories.performance));
  consentry.on('ready', (s) => console.log(s.regime)).on('consent', (s) => console.log(s.stored));
  consentry.off('blocked', onBlocked);
  consentry.showPreferences();
  const ready: boolean = consentry.ready;
  const global: Consentry | undefined = window.consentry;
  console.log(ready, global?.getConsent().categories.mandatory);
}
void browser;
