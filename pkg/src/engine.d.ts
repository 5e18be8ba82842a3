// The wasm boundary: every export of consentry-wasm that the browser code
// (runtime.js, ui.js, boot.js) and node.js call, with the shapes the engine
// really returns. wasm-bindgen's own declarations type each JS object as
// `any`; these say what is in it. `cargo xtask test` checks, with
// `tsc --strict`, that wasm-bindgen's generated class still provides every
// member here with compatible parameters (tests/types/boundary/), so a
// renamed or re-typed export fails the build instead of the page.

/** A decision: `allow:<reason>` or `block:<reason>`. */
export type DecisionString = `allow:${string}` | `block:${string}`;

/** What the engine says about one element (`judge`). */
export interface Verdict {
  readonly allowed: boolean;
  /** The reason alone: `no-consent`, `refused`, `granted`, `unlisted`, … */
  readonly reason: string;
  readonly decision: DecisionString;
  readonly service: string | null;
  /** Tagged markup: waits as written, runs only once released. */
  readonly tagged: boolean;
  /** The URL attributes that move to `data-consentry-<name>` to hold it. */
  readonly urlAttributes: readonly string[];
}

/** A style sheet with the URLs the engine refuses made inert (`holdStyle`). */
export interface HeldStyle {
  readonly text: string;
  readonly reason: string;
  readonly service: string | null;
}

/** One node of a UI view, materialised by ui.js with createElement. */
export interface UiNode {
  readonly tag: string;
  readonly attrs?: ReadonlyArray<readonly [string, string]>;
  readonly text?: string;
  readonly children?: readonly UiNode[];
}

/** `ui("settings", …)`: the UI's settings for the current visitor. */
export interface UiSettings {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly problems: readonly string[];
  readonly [setting: string]: unknown;
}

/** The element attributes `judge` reads (names lower-case). */
export type Attributes = { readonly [name: string]: string };

export interface Engine {
  /** Reads what the page knows: the cookie string, GPC, DNT, region, now (ms). */
  observe(cookies: string, gpc: boolean, dnt: boolean, region: string | undefined, nowMs: number): void;
  /** Like `observe`, from the consent cookie's value alone (Node). */
  observeValue(value: string | undefined, gpc: boolean, dnt: boolean, region: string | undefined, nowMs: number): void;
  decide(what: string): string;
  /** `base`: the document's base URL, against which a relative URL is read. */
  allows(what: string, base?: string | null): boolean;
  /** `1` or `0` per category, then per service, in the order of `categories()` and `services()`. */
  allowed(): string;
  /** Why it is blocked now, or `undefined` when it may run. */
  blockReason(what: string): string | undefined;
  readonly bannerNeeded: boolean;
  readonly regime: string;
  readonly stored: string;
  readonly cookieName: string;
  /** The Consent Mode state as JSON text. */
  gcm(): string;
  gcmWaitForUpdate(): number | undefined;
  /** Records a choice; returns the `document.cookie` assignment. Throws on a bad choice. */
  choose(kind: 'accept-all' | 'reject-all' | 'custom', categories: string[], services: { [id: string]: boolean } | undefined,
    id: Uint8Array, nowMs: number, secure: boolean): string;
  /** Records a change to the current choice (consentry_core::change); the cookie assignment.
   * `grant`: `arg` a category or service id; `switches`: `arg` the dialog's
   * switches as left, `initial` as first shown; `do-not-sell`. Throws on an unknown op. */
  change(op: 'grant', arg: string, initial: undefined, id: Uint8Array, nowMs: number, secure: boolean): string;
  change(op: 'switches', arg: { [category: string]: boolean }, initial: { [category: string]: boolean },
    id: Uint8Array, nowMs: number, secure: boolean): string;
  change(op: 'do-not-sell', arg: undefined, initial: undefined, id: Uint8Array, nowMs: number, secure: boolean): string;
  /** Whether the preferences dialog's data (consentry-dialog.json) is still missing. */
  readonly dialogDataNeeded: boolean;
  /** Checks and installs the dialog data's text; throws on malformed, hostile or foreign data. */
  loadDialogData(text: string): void;
  /** The policy's `records.url`, or `undefined` when choices are not recorded. */
  readonly recordsUrl: string | undefined;
  /** The stored choice's consent id (32 hex digits), `undefined` without one. */
  readonly consentId: string | undefined;
  /** The stored choice's receipt as canonical JSON (consentry_core::receipt), `undefined` when none can be made. */
  receipt(seq: number, nowMs: number, surface: 'banner' | 'dialog' | 'placeholder' | 'api',
    action: 'accept-all' | 'reject-all' | 'custom' | 'withdraw' | 'gpc', url: string,
    pageLang: string | null, visitor: readonly string[], record?: string | null,
    tc?: string | null, gpp?: string | null): string | undefined;
  cookiesToClear(names: string[]): string[];
  storageToClear(keys: string[]): string[];
  cookieAllowed(name: string): boolean;
  judge(tag: string, attrs: Attributes): Verdict | null;
  /** A `<style>`'s text judged by the URLs it loads: `null` when it may apply as written. */
  holdStyle(css: string): HeldStyle | null;
  categories(): string[];
  services(): string[];
  /** `[name, category id]`, or `undefined` for an unknown service. */
  serviceInfo(id: string): string[] | undefined;
  /** The compiled policy as a plain object (categories, services, …). */
  policy(): unknown;
  /** A UI view in the language the engine chooses (consentry_core::ui::choose_language)
   * from `page` (`<html lang>`, as it is) and `visitor` (`navigator.languages`). */
  ui(kind: 'banner' | 'dialog' | 'placeholder' | 'floating', page: string | null | undefined, visitor: string[], extra?: unknown): UiNode | null;
  ui(kind: 'settings', page: string | null | undefined, visitor: string[], extra?: unknown): UiSettings | null;
}

/** The wasm-bindgen exports the runtime receives (`consentryStart(wb, …)`). */
export interface Wasm {
  Engine: { new (policy: unknown): Engine; fallback(): Engine };
  domainVariants(host: string, registrable?: string): string[];
  pathVariants(path: string): string[];
}
