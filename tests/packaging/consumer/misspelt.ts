// Must NOT compile: each line marked `error:` holds a misspelt category.
import { createDecider, start, definePolicy } from 'consentry';

const decider = createDecider(definePolicy({ categories: [{ id: 'performance', services: ['google-analytics'] }] }));
const d = decider.fromHeaders({});
console.log(d.consent.categories.performnce); // error: performnce
createDecider({ categories: [{ id: 'perfomance', services: ['google-analytics'] }] }); // error: perfomance
const c = await start<'performance' | 'mandatory'>();
await c.setConsent({ categories: ['perfomance'] }); // error: perfomance
await c.setConsent({ categories: { performanse: true } }); // error: performanse
