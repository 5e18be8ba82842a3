// A Node project without the DOM library: the package's types still compile.
import { createDecider, type RequestDecision } from 'consentry';

const decider = createDecider({ defaultRegime: 'opt-out', categories: [{ id: 'targeting', optOut: true }] });
const headers: { [name: string]: string | string[] | undefined } = { 'sec-gpc': '1', cookie: undefined };
const d: RequestDecision<'targeting' | 'mandatory' | 'performance' | 'functionality'> = decider.fromHeaders(headers);
const held: boolean = !d.allows('targeting');
export const result = [held, d.decide('https://connect.facebook.net/en_US/fbevents.js'), d.consent.categories.targeting];
