// A correct policy: must compile under `tsc --strict` (run by `cargo xtask test`).
import { definePolicy, type Policy, type BuiltinCategory } from '../../pkg/types/policy.js';

const policy = definePolicy({
  $schema: '../../pkg/schema/policy.schema.json',
  revision: 3,
  consentLifetimeDays: 182,
  cookie: { name: 'consent', domain: null, path: '/', sameSite: 'strict' },
  defaultRegime: 'opt-in',
  regions: { 'US-CA': 'opt-out', BR: 'notice-only' },
  gpc: 'opt-out-regimes',
  dnt: 'opt-out',
  googleConsentMode: { enabled: true, waitForUpdate: 500 },
  catalog: false,
  privacyPolicyUrl: '/privacy',
  categories: [
    { id: 'mandatory', services: [{ id: 'session', cookies: ['sid'] }] },
    { id: 'performance', services: ['google-analytics'], gcm: ['analytics_storage'] },
    {
      id: 'newsletter',
      label: { en: 'Newsletter', de: 'Newsletter' },
      optOut: true,
      services: [{ id: 'mailer', hosts: ['mail.example.com/track'], storage: ['mailer_*'] }],
    },
  ],
  ui: {
    language: 'de',
    texts: { de: { title: 'Ihre Privatsphäre' } },
    closeRefuses: true,
    floatingButton: true,
    buttonOrder: ['accept', 'reject', 'preferences'],
  },
});

// The site's category ids were inferred: they type the runtime API's arguments.
type SiteCategory = typeof policy extends Policy<infer C> ? C : never;
const own: SiteCategory = 'newsletter';
const builtin: BuiltinCategory = 'targeting';

// An explicit id list works without definePolicy; `googleConsentMode` may be a boolean.
const plain: Policy<'social'> = {
  googleConsentMode: false,
  categories: [{ id: 'social', label: 'Social media' }, { id: 'targeting', optOut: false }],
};

// Cookie lifetimes: `session`, or a number and a unit.
const lifetimes: Policy = {
  categories: [{ id: 'targeting', services: [{ id: 'ads', cookies: ['ad_tmp', { name: 'ad_id', lifetime: '13 months' }, { name: 'ad_s', lifetime: 'session' }, { name: 'ad_1', lifetime: '1 day' }] }] }],
};

export { policy, own, builtin, plain, lifetimes };
