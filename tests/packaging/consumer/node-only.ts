// A Node project without the DOM library: the package's types still compile.
import { createDecider, holdAttributes, type ElementVerdict, type RequestDecision } from 'consentry';

const decider = createDecider({ defaultRegime: 'opt-out', categories: [{ id: 'targeting', optOut: true }] });
const headers: { [name: string]: string | string[] | undefined } = { 'sec-gpc': '1', cookie: undefined };
const d: RequestDecision<'targeting' | 'mandatory' | 'performance' | 'functionality'> = decider.fromHeaders(headers);
const held: boolean = !d.allows('targeting');
export const result = [held, d.decide('https://connect.facebook.net/en_US/fbevents.js'), d.consent.categories.targeting];

// Holding markup with an HTML parser's start tags (parse5's attribute shape).
interface ParserAttribute { name: string; value: string; prefix?: string; namespace?: string }
declare const startTag: { tagName: string; attrs: ParserAttribute[] };
const verdict: ElementVerdict | null = d.judge(startTag.tagName, startTag.attrs);
const byName = d.judge('img', { src: 'https://www.facebook.com/tr', alt: undefined });
const edited = holdAttributes(verdict, startTag.tagName, startTag.attrs);
if (edited) startTag.attrs = edited;
export const marks = [verdict?.reason, verdict?.decision, byName?.service, byName?.urlAttributes.length, byName?.tagged];
