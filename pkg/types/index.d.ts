// Types of the `consentry` package: the browser ES module (`start()`, the
// `window.consentry` API) and the Node entry (`createDecider()`). Both come
// from the one `consentry` specifier; bundlers pick the browser build, Node
// the `node` condition. The policy types are generated from the Rust config
// (./policy.d.ts).
import type { BuiltinCategory, Policy } from './policy.js';

export type { BuiltinCategory, Policy } from './policy.js';
export { definePolicy } from './policy.js';

/** A DOM class's instance type when the DOM library is loaded, else `unknown`
 * (so Node-only projects compile without `lib: ["dom"]`). */
type DomInstance<K extends string> =
  typeof globalThis extends Record<K, { prototype: infer P }> ? P : unknown;

/** An element of the page (`Element` with the DOM library). */
export type PageElement = DomInstance<'Element'>;

// ---- decisions ---------------------------------------------------------------

/** Why something may run. */
export type AllowReason = 'mandatory' | 'granted' | 'opt-out-default' | 'notice-only' | 'unlisted';
/** Why something is held. */
export type BlockReason =
  | 'no-consent' | 'refused' | 'gpc' | 'dnt' | 'expired' | 'revision-changed'
  | 'invalid-consent' | 'unknown' | 'unreadable-url';
/** A decision as the engine writes it, e.g. `"allow:granted"`, `"block:gpc"`. */
export type Decision = `allow:${AllowReason}` | `block:${BlockReason}`;

/** The regime in force for the visitor's region. */
export type Regime = 'opt-in' | 'opt-out' | 'notice-only';
/** The regime in a state read before the engine is ready: not known yet. */
export type RegimeOrPending = Regime | 'pending';
/** What the consent cookie held; `pending` until the engine is ready (the
 * drop-in's guard answers before its engine has loaded). */
export type StoredStatus = 'none' | 'valid' | 'expired' | 'revision-changed' | 'invalid' | 'pending';

/** Google Consent Mode v2 consent types. */
export type GcmType =
  | 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';
/** Google Consent Mode v2 state. */
export type GcmState = { readonly [T in GcmType]: 'granted' | 'denied' };

/** A category id, service id or URL (absolute, or relative to the page in the browser). */
export type Target<C extends string> = C | (string & {});

/** The visitor's state: every category and service, allowed or not. */
export interface ConsentState<C extends string = string> {
  readonly stored: StoredStatus;
  readonly regime: RegimeOrPending;
  readonly bannerNeeded: boolean;
  /** By category id (a built-in category is present only when the policy has it). */
  readonly categories: { readonly [K in C]?: boolean } & { readonly mandatory: boolean };
  /** By service id (the site's and, with `catalog`, the built-in ones). */
  readonly services: { readonly [service: string]: boolean };
}

// ---- browser -------------------------------------------------------------------

/** A custom choice for `setConsent`: granted categories (a list, or a map) and per-service overrides. */
export interface ConsentChoice<C extends string = string> {
  readonly categories?: ReadonlyArray<C> | { readonly [K in C]?: boolean };
  readonly services?: { readonly [service: string]: boolean };
}

/** What each event's listener receives. */
export interface ConsentryEvents<C extends string = string> {
  /** The DOM is parsed and the runtime in control; fires for late listeners too. */
  ready: ConsentState<C>;
  /** The visitor's first choice on this page view. */
  consent: ConsentState<C>;
  /** Every choice. */
  change: ConsentState<C>;
  /** An element was held (once per element), or a request refused (`element: null`, `url` set). */
  blocked: {
    readonly element: PageElement | null;
    readonly url?: string;
    readonly reason: BlockReason;
    readonly service: string | null;
  };
  /** A held element was released. */
  released: { readonly element: PageElement; readonly service: string | null };
}
/** An event name. */
export type ConsentryEvent = keyof ConsentryEvents;

/** A listener; `this` is the API. An exception is reported, never stops the others. */
export type ConsentryListener<C extends string, E extends ConsentryEvent> =
  (this: Consentry<C>, detail: ConsentryEvents<C>[E]) => void;

/** The runtime's API, also `window.consentry`. `C`: the site's category ids. */
export interface Consentry<C extends string = string> {
  /** Grants everything; resolves with the new state once released scripts are in. */
  acceptAll(): Promise<ConsentState<C>>;
  /** Refuses everything but `mandatory`. */
  rejectAll(): Promise<ConsentState<C>>;
  /** Like `rejectAll`: refused services' cookies and storage keys are deleted. */
  withdraw(): Promise<ConsentState<C>>;
  /** A custom choice: the categories granted (every other one refused) and service overrides. */
  setConsent(choice: ConsentChoice<C>): Promise<ConsentState<C>>;
  /**
   * Only when the policy has `records.url` (and from `ready`): the visitor's
   * receipts as JSON text, an array of `ConsentReceipt` (`./receipt.js`): what
   * the records endpoint stored for their consent id, or the last receipt made
   * in this browser when the endpoint cannot be reached; `null` without a choice.
   */
  receipt?(): Promise<string | null>;
  /** The current state (`stored: 'pending'`, nothing allowed, until `ready`). */
  getConsent(): ConsentState<C>;
  /** Whether a category id, service id or URL may run now (`false` until `ready`). */
  allows(what: Target<C>): boolean;
  on<E extends ConsentryEvent>(event: E, listener: ConsentryListener<C, E>): this;
  off<E extends ConsentryEvent>(event: E, listener: ConsentryListener<C, E>): this;
  /** `true` once the engine has taken over and the DOM is parsed. */
  readonly ready: boolean;
  /** Opens the preferences dialog; resolves once it is open (its details are
   * fetched on demand the first time). */
  showPreferences(): Promise<void>;
}

/** Where `start()` loads the engine from. */
export type WasmSource =
  | string
  | DomInstance<'URL'>
  | DomInstance<'Response'>
  | PromiseLike<DomInstance<'Response'>>
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule;

/** `WebAssembly.Module` where the environment's types declare it. */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : never;

/**
 * Browser only: starts the runtime once per page (config from
 * `<script type="application/json" id="consentry-config">`) and resolves with
 * the API. `wasm` defaults to `consentry_bg.wasm` next to the module
 * (`consentry/wasm`). A module runs after the parser: only elements the
 * drop-in or the server already held, tagged ones and later insertions are held.
 */
export declare function start<C extends string = string>(wasm?: WasmSource): Promise<Consentry<C>>;

declare global {
  interface Window {
    /** Set by the drop-in script or `start()`. */
    consentry?: Consentry;
  }
}

// ---- Node ------------------------------------------------------------------------

/** A Node `IncomingMessage.headers` (or `headersDistinct`) object. */
export type HeaderRecord = { readonly [name: string]: string | ReadonlyArray<string> | undefined };
/** A WHATWG `Headers` (fetch `Request.headers`). */
export interface HeadersLike {
  get(name: string): string | null;
  has(name: string): boolean;
}
/** Request headers, either form. */
export type RequestHeaders = HeaderRecord | HeadersLike;

/** A trusted header holding the country (`DE`, or a whole `US-CA`), and
 * optionally one holding the subdivision (`CA`). */
export interface RegionHeader {
  readonly country: string;
  readonly subdivision?: string;
}
/** Edges whose region headers are known: Cloudflare, CloudFront, Vercel. */
export type RegionHeaderPreset = 'cloudflare' | 'cloudfront' | 'vercel';

export interface DeciderOptions {
  /**
   * Headers trusted for the region, in order. List one only when your edge
   * overwrites it on every request, or any visitor can pick their regime.
   * Nothing is trusted by default.
   */
  readonly regionHeaders?: ReadonlyArray<RegionHeaderPreset | RegionHeader>;
  /** Asked when no trusted header gives a region (e.g. a GeoIP lookup). */
  resolveRegion?(headers: RequestHeaders): string | null | undefined;
  /** The region when nothing else gives one (`US-CA`, `DE`). */
  readonly fallbackRegion?: string;
}

/** What the drop-in cannot see itself (consentry-server injects the same). */
export interface ServerFacts {
  readonly region: string | null;
  readonly regime: Regime;
  readonly gpc: boolean;
  readonly banner: boolean;
}

/** What the engine says about one element of a page (`RequestDecision.judge`). */
export interface ElementVerdict {
  readonly allowed: boolean;
  /** The reason alone, e.g. `no-consent`. */
  readonly reason: AllowReason | BlockReason;
  readonly decision: Decision;
  readonly service: string | null;
  /** Tagged markup (`data-category` / `data-service`): inert as written. */
  readonly tagged: boolean;
  /** The URL attributes that move to `data-consentry-<name>` to hold it. */
  readonly urlAttributes: readonly string[];
}

/** An attribute as an HTML parser gives it (parse5's start tags, …). */
export interface MarkupAttribute {
  name: string;
  value: string;
  /** A foreign attribute's prefix, as parse5 splits it (`xlink` of `xlink:href`). */
  prefix?: string;
}

/** An element's attributes: in document order, or by lower-case name. */
export type MarkupAttributes = ReadonlyArray<MarkupAttribute> | { readonly [name: string]: string | undefined };

/** Every decision for one request. */
export interface RequestDecision<C extends string = string> {
  readonly stored: StoredStatus;
  readonly regime: Regime;
  /** Whether the banner (or notice) must be shown. */
  readonly bannerNeeded: boolean;
  readonly gcm: GcmState;
  /** What the request said: `Sec-GPC`, `DNT` and the region from trusted headers. */
  readonly signals: { readonly gpc: boolean; readonly dnt: boolean; readonly region: string | null };
  /** The whole state (computed on first read). */
  readonly consent: ConsentState<C>;
  /** Whether a category id, service id or absolute URL may run. */
  allows(what: Target<C>): boolean;
  /** The decision with its reason, e.g. `"block:gpc"`. */
  decide(what: Target<C>): Decision;
  /** The facts for `<script type="application/json" id="consentry-server">` (see `factsScript`). */
  facts(): ServerFacts;
  /**
   * The engine's verdict on one element of the page being rendered (tag name
   * and attributes as written), `null` when Consentry does not govern it or
   * it is held already. Hold a blocked one with `holdAttributes`.
   */
  judge(tag: string, attrs: MarkupAttributes): ElementVerdict | null;
  /**
   * A `<style>`'s text judged by the URLs it loads: `null` when it may apply
   * as written, else the sheet to write instead (each refused URL empty) and
   * the verdict. Hold it with `holdStyleAttributes`.
   */
  holdStyle(css: string): HeldStyle | null;
}

/** A style sheet with the URLs the engine refuses made empty (`holdStyle`). */
export interface HeldStyle {
  readonly text: string;
  readonly reason: string;
  readonly service: string | null;
}

export interface Decider<C extends string = string> {
  /** Decides from the consent cookie, `Sec-GPC`, `DNT` and trusted region headers. */
  fromHeaders(headers: RequestHeaders, options?: { readonly now?: number }): RequestDecision<C>;
  /** Every category id, in policy order (`mandatory` first). */
  readonly categories: ReadonlyArray<string>;
  /** Every service id, in policy order. */
  readonly services: ReadonlyArray<string>;
  /** The consent cookie's name. */
  readonly cookieName: string;
}

/**
 * Node only: a decider for a policy (`undefined` → the safe default). Throws
 * an `Error` listing every problem of an invalid policy.
 */
export declare function createDecider<const C extends string = BuiltinCategory>(
  policy?: Policy<C>,
  options?: DeciderOptions,
): Decider<C | BuiltinCategory>;

/** `<script type="application/json" id="consentry-server">…</script>`, safe in HTML. */
export declare function factsScript(facts: ServerFacts): string;

/**
 * Node only: the element's attributes in the held form consentry-server
 * writes (the drop-in releases it in place once allowed), names as written
 * (`xlink:href` whole), or `null` when `verdict` leaves it as written.
 * `attrs` is not modified.
 */
export declare function holdAttributes(
  verdict: ElementVerdict | null,
  tag: string,
  attrs: ReadonlyArray<MarkupAttribute>,
): Array<{ name: string; value: string }> | null;

/**
 * Node only: a `<style>` start tag's attributes in the held form
 * consentry-server writes (`original`, the sheet as written, kept for the
 * drop-in to put back), or `null` when `held` is. `attrs` is not modified.
 */
export declare function holdStyleAttributes(
  held: HeldStyle | null,
  attrs: ReadonlyArray<MarkupAttribute>,
  original: string,
): Array<{ name: string; value: string }> | null;

/** All `Cookie` headers together beyond this many bytes count as no consent. */
export declare const MAX_COOKIE_HEADER: number;

/** The known edges' region headers. */
export declare const regionHeaders: { readonly [K in RegionHeaderPreset]: Required<RegionHeader> };
