// The page the UI suites (ui.test.mjs, ui-keyboard.test.mjs) open.
import { dropIn } from './harness.mjs';

export const POLICY = {
  privacyPolicyUrl: '/privacy',
  categories: [
    { id: 'performance', services: ['google-analytics'] },
    { id: 'targeting', services: ['meta-pixel'] },
  ],
};
export const page = (opts = {}) => dropIn({ policy: POLICY, body: '<main><h1>Shop</h1><a href="/x">first link</a></main>', ...opts });
