// Misspelt policies: `tsc --strict` must fail on exactly the lines marked
// `// error:` (checked by `cargo xtask test`).
import { definePolicy, type BuiltinCategory, type Policy } from '../../pkg/types/policy.js';

definePolicy({
  categories: [
    { id: 'performnace', services: ['google-analytics'] }, // error: not built in, and no label
    { id: 'targeting', services: ['google-analytic'] }, // error: not a catalog service
  ],
});

const explicit: Policy<'newsletter'> = {
  categories: [{ id: 'newsleter', label: 'News' }], // error: not a declared category
};

// definePolicy infers the site's ids, so a later misspelling of one fails too.
const inferred = definePolicy({ categories: [{ id: 'newsletter', label: 'News' }] });
type Ids<P> = P extends Policy<infer C> ? BuiltinCategory | C : never;
const granted: Ids<typeof inferred>[] = ['newsletter', 'newsleter']; // error: not declared

const regime: Policy = { gpc: 'everwhere' }; // error: not a gpc value
const field: Policy = { categorys: [] }; // error: unknown field
const ui: Policy = {
  ui: { buttonOrder: ['accept', 'accept', 'reject'] }, // error: not each button once
};

const lifetime: Policy = {
  categories: [{ id: 'targeting', services: [{ id: 'ads', cookies: [{ name: 'ad_id', lifetime: '2 yeers' }] }] }], // error: not a lifetime
};

export { explicit, granted, regime, field, ui, lifetime };
