//! The policy config's shape, described once. The validator (`config.rs`, and
//! `ui/settings.rs` for the `ui` section) takes its field lists, enum values
//! and limits from here; with the `schema` feature the same description also
//! carries each field's type, bounds and one-line doc, from which
//! `cargo xtask schema` writes the JSON Schema and the TypeScript types.
//!
//! Without the feature only the name lists and limits are compiled, so the
//! browser build carries no docs.

/// Longest string accepted anywhere in a policy, in bytes.
pub const MAX_TEXT: usize = 4000;
/// Most entries of any array in a policy.
pub const MAX_LIST: usize = 256;
/// Most languages read from `ui.texts`.
pub const MAX_UI_LANGS: usize = 64;
/// Longest `googleConsentMode.waitForUpdate`, in milliseconds.
pub const MAX_WAIT_FOR_UPDATE: u32 = 60_000;
/// Longest id of a category or service, in bytes.
pub const MAX_ID: usize = 64;

/// `defaultRegime` and `regions` values, in [`crate::Regime`] order.
pub const REGIMES: [&str; 3] = ["opt-in", "opt-out", "notice-only"];
/// `gpc` values, in [`crate::GpcScope`] order.
pub const GPC: [&str; 2] = ["everywhere", "opt-out-regimes"];
/// `dnt` values, in [`crate::DntMode`] order.
pub const DNT: [&str; 2] = ["ignore", "opt-out"];
/// `cookie.sameSite` values, in [`crate::SameSite`] order.
pub const SAME_SITE: [&str; 3] = ["lax", "strict", "none"];
/// `categories[].usUses` values, in [`crate::UsUse`] order.
pub const US_USES: [&str; 3] = ["sale", "sharing", "targetedAdvertising"];
/// `iab.gppSections` values.
pub const GPP_SECTIONS: [&str; 5] = ["usnat", "usca", "usva", "usco", "usct"];
/// `ui.buttonOrder` values, in [`crate::ui::Button`] order.
pub const BUTTONS: [&str; 3] = ["reject", "accept", "preferences"];
/// Receipt `surface` values, in [`crate::receipt::Surface`] order.
pub const SURFACES: [&str; 4] = ["banner", "dialog", "placeholder", "api"];
/// Receipt `action` values, in [`crate::receipt::Action`] order.
pub const ACTIONS: [&str; 5] = ["accept-all", "reject-all", "custom", "withdraw", "gpc"];
/// Receipt fields only the server sets: a submission carrying one is refused.
pub const RECEIPT_SERVER_FIELDS: [&str; 3] = ["receivedAt", "ipPrefix", "userAgent"];
/// Receipt fields a browser may leave out (the IAB strings, for policies with
/// `iab`); every other field but the server's is required.
pub const RECEIPT_OPTIONAL_FIELDS: [&str; 2] = ["tcString", "gppString"];
/// Largest time in a receipt (Unix milliseconds): JavaScript's largest safe integer.
pub const MAX_TIME: u64 = (1 << 53) - 1;

/// Declares each policy object once: its field names (always compiled, for
/// the validator) and, with the `schema` feature, its full [`Object`].
macro_rules! objects {
    ($(
        $(#[doc = $doc:literal])*
        $names:ident, $shape:ident = $title:literal, $odoc:literal {
            $( $field:literal $([$req:ident])? : $ty:expr => $fdoc:literal; )*
        }
    )*) => {$(
        $(#[doc = $doc])*
        pub const $names: &[&str] = &[$($field),*];

        $(#[doc = $doc])*
        #[cfg(feature = "schema")]
        pub const $shape: Object = Object {
            title: $title,
            doc: $odoc,
            fields: &[$(Field {
                name: $field,
                ty: $ty,
                required: objects!(@req $($req)?),
                doc: $fdoc,
            }),*],
        };
    )*};
    (@req) => { Req::Optional };
    (@req required) => { Req::Always };
    (@req site) => { Req::SiteCategory };
    (@req server) => { Req::Server };
}

objects! {
    /// The policy's top-level fields.
    TOP, POLICY = "Policy", "A Consentry policy: categories, services, regimes and the consent cookie. Every field is optional; `{}` is opt-in everywhere with the full catalog." {
        "$schema": Ty::Str(Format::Text) => "Where editors find this schema; ignored by Consentry.";
        "revision": Ty::Int(0, u32::MAX) => "Policy revision: consent given under another revision no longer counts, so raising it asks every visitor again. Default 1.";
        "consentLifetimeDays": Ty::Int(1, crate::config::MAX_LIFETIME_DAYS) => "Days a choice lasts before the visitor is asked again (at most 395, about 13 months). Default 182.";
        "cookie": Ty::Object(&COOKIE_SHAPE) => "The first-party cookie that stores the visitor's choice.";
        "defaultRegime": Ty::Enum(&REGIMES) => "Regime where neither `regions` nor the built-in table decides, or the region is unknown. Default `opt-in`.";
        "regions": Ty::Map { key: Format::Region, value: &Ty::Enum(&REGIMES), max: None } => "Regime per region code (`DE`, `US-CA`), checked before the built-in table (EU/EEA, UK, CH: opt-in; US states with privacy laws: opt-out).";
        "gpc": Ty::Enum(&GPC) => "Where Global Privacy Control refuses `optOut` categories: `everywhere` (default) or only in `opt-out-regimes`.";
        "gpcLastUpdate": Ty::Str(Format::Date) => "When the site last changed how it honours Global Privacy Control (`YYYY-MM-DD`): the `lastUpdate` of `/.well-known/gpc.json`.";
        "dnt": Ty::Enum(&DNT) => "What `DNT: 1` means: `ignore` (default) or `opt-out` (treated like Global Privacy Control).";
        "googleConsentMode": Ty::Either(&Ty::Bool, &Ty::Object(&GCM_SHAPE)) => "Google Consent Mode v2: `true`, `false` (default) or its settings.";
        "catalog": Ty::Bool => "Add every built-in catalog service the site does not list, under its default category. Default true.";
        "privacyPolicyUrl": Ty::Str(Format::Url) => "The site's privacy policy (http(s) or relative URL), linked from the banner.";
        "records": Ty::Object(&RECORDS_SHAPE) => "Consent records: every choice is posted as a receipt (the proof GDPR Art. 7(1) asks for). Absent: nothing is recorded.";
        "categories": Ty::List(&Ty::Object(&CATEGORY_SHAPE), crate::config::MAX_CATEGORIES) => "Consent categories in display order; `mandatory` always exists and comes first.";
        "ui": Ty::Object(&UI_SHAPE) => "Banner and preferences dialog settings.";
        "iab": Ty::Object(&IAB_SHAPE) => "IAB TCF v2.3 and GPP strings (crate `consentry-iab`): the CMP's identity and the GPP sections to write.";
    }

    /// `iab` fields.
    IAB, IAB_SHAPE = "IabConfig", "The CMP's identity for IAB strings, and the GPP US sections to write." {
        "cmpId" [required]: Ty::Int(2, 4095) => "The CMP id registered with the IAB.";
        "cmpVersion": Ty::Int(0, 4095) => "The CMP version written in TC strings. Default 0.";
        "consentScreen": Ty::Int(0, 63) => "The consent screen number written in TC strings. Default 0.";
        "publisherCountryCode": Ty::Str(Format::Letters2) => "The publisher's country, two letters (`DE`). Default `AA` (unknown).";
        "consentLanguage": Ty::Str(Format::Letters2) => "The banner's language, two letters (`EN`). Default `EN`.";
        "gppSections": Ty::Set(&Ty::Enum(&GPP_SECTIONS), 5) => "GPP US sections to write besides `tcfeuv2`: `usnat`, `usca`, `usva`, `usco`, `usct`.";
        "mspaCoveredTransaction": Ty::Bool => "Whether ad transactions are covered by the IAB MSPA (GPP `MspaCoveredTransaction`). Default false.";
        "gvlUrl": Ty::Str(Format::Url) => "Where the browser fetches the site's Global Vendor List JSON (http(s) or relative URL; same-origin unless it sends CORS headers), e.g. `/vendor-list.json`. Absent: the browser's `__tcfapi` has no TC string (GPP sections only).";
        "tcCookie": Ty::Bool => "Also keep the TC string in the `euconsent-v2` cookie (the consent cookie's domain, path, SameSite and lifetime) for ad tech that reads it there; deleted when no consent is stored. Default false.";
    }

    /// `records` fields.
    RECORDS, RECORDS_SHAPE = "RecordsConfig", "Where the browser posts consent receipts (a `consentry serve` sidecar or consentry-server's records endpoint)." {
        "url" [required]: Ty::Str(Format::Url) => "The records endpoint (http(s) or relative URL), e.g. `/consentry/records`.";
    }

    /// `cookie` fields.
    COOKIE, COOKIE_SHAPE = "CookieConfig", "The consent cookie's attributes." {
        "name": Ty::Str(Format::CookieName) => "Cookie name. Default `consentry`.";
        "domain": Ty::Nullable(&Ty::Str(Format::Domain)) => "Domain attribute, to share consent across subdomains (`example.com`); null or absent: host-only.";
        "path": Ty::Str(Format::Path) => "Path attribute: starts with `/`, no `;` or spaces. Default `/`.";
        "sameSite": Ty::EnumAnyCase(&SAME_SITE) => "SameSite attribute (any case). Default `lax`.";
    }

    /// `googleConsentMode` fields.
    GOOGLE_CONSENT_MODE, GCM_SHAPE = "GoogleConsentModeConfig", "Google Consent Mode v2 settings." {
        "enabled": Ty::Bool => "Push `gtag('consent', …)` default and update commands.";
        "waitForUpdate": Ty::Int(0, MAX_WAIT_FOR_UPDATE) => "`wait_for_update` of the default command, in milliseconds. Default 500.";
    }

    /// Fields of a `categories` entry.
    CATEGORY, CATEGORY_SHAPE = "CategoryConfig", "A consent category: a built-in one (`mandatory`, `performance`, `functionality`, `targeting`) or the site's own." {
        "id" [required]: Ty::CategoryId => "A built-in category or the site's own id: lowercase letters, digits, `-`, `_` (at most 64).";
        "label" [site]: Ty::Texts => "Name shown to visitors: a string (English) or language tag → text. Built-in categories have translated defaults; the site's own show their id without one.";
        "description": Ty::Texts => "Explanation shown to visitors: a string (English) or language tag → text.";
        "optOut": Ty::Bool => "Whether opt-out signals (GPC, and DNT when `dnt` is `opt-out`) refuse it, as a sale or sharing of data. Default true for `targeting` only; never for `mandatory`.";
        "gcm": Ty::List(&Ty::Gcm, MAX_LIST) => "Google Consent Mode types this category grants, replacing the default mapping.";
        "tcfPurposes": Ty::Set(&Ty::Int(1, 11), 11) => "TCF purposes (1–11) that consent to this category grants, for IAB TC strings.";
        "tcfSpecialFeatures": Ty::Set(&Ty::Int(1, 2), 2) => "TCF special features (1–2) that consent to this category opts in to.";
        "usUses": Ty::Set(&Ty::Enum(&US_USES), 3) => "What refusing it opts out of under US state laws, for GPP strings: `sale`, `sharing`, `targetedAdvertising`.";
        "services": Ty::List(&Ty::Either(&Ty::CatalogId, &Ty::Object(&SERVICE_SHAPE)), MAX_LIST) => "Its services: a catalog id (moved here from its default category) or an object defining a service, or overriding the catalog entry of that id.";
    }

    /// Fields of a service object.
    SERVICE, SERVICE_SHAPE = "ServiceConfig", "A third party the site uses, or overrides of the catalog entry with the same id." {
        "id" [required]: Ty::Str(Format::Id) => "Service id: lowercase letters, digits, `-`, `_` (at most 64); a catalog id overrides that entry.";
        "name": Ty::Str(Format::Text) => "Name shown to visitors. Default: the catalog's name, else the id.";
        "provider": Ty::Str(Format::Text) => "The company providing the service.";
        "hosts": Ty::List(&Ty::Str(Format::Host), MAX_LIST) => "Hosts it loads from (`cdn.example.com`, subdomains included), or `host/path-prefix`.";
        "cookies": Ty::List(&Ty::Either(&Ty::Str(Format::CookiePattern), &Ty::Object(&SERVICE_COOKIE_SHAPE)), MAX_LIST) => "Cookies it sets: a name (`*` matches any run of characters) or `{ name, lifetime }`; deleted when refused or withdrawn.";
        "storage": Ty::List(&Ty::Str(Format::CookiePattern), MAX_LIST) => "localStorage and sessionStorage keys it sets (`*` matches any run of characters).";
        "gcm": Ty::List(&Ty::Gcm, MAX_LIST) => "Google Consent Mode types the service relies on (informational: its category's `gcm` decides).";
        "privacyPolicyUrl": Ty::Str(Format::Url) => "The provider's privacy policy (http(s) or relative URL).";
        "description": Ty::Texts => "Purpose shown to visitors: a string (English) or language tag → text.";
        "gvlId": Ty::Int(1, 65535) => "Its vendor id in the IAB Global Vendor List, for TC strings.";
    }

    /// Fields of a service's `cookies` entry given as an object.
    SERVICE_COOKIE, SERVICE_COOKIE_SHAPE = "CookieInfo", "A cookie a service sets, with how long it lives (shown in the preferences dialog)." {
        "name" [required]: Ty::Str(Format::CookiePattern) => "Cookie name (`*` matches any run of characters).";
        "lifetime": Ty::Str(Format::Lifetime) => "How long it lives: `session`, or a number and a unit, e.g. `30 minutes`, `1 day`, `13 months`, `2 years`.";
    }

    /// `ui` fields (read leniently: a bad value is reported and ignored).
    UI, UI_SHAPE = "UiConfig", "Banner and preferences dialog settings; a bad value is reported and its default used." {
        "language": Ty::Str(Format::UiLang) => "The UI's language whatever the page or browser says (`de`, `pt-BR`).";
        "texts": Ty::Map { key: Format::UiLang, value: &Ty::UiTexts, max: Some(MAX_UI_LANGS) } => "The site's strings per language tag, each overriding a built-in one.";
        "closeRefuses": Ty::Bool => "Closing the banner or dialog (× or Esc) without a stored choice counts as \"Reject all\" and is remembered. Default false.";
        "floatingButton": Ty::Bool => "Show a floating \"Privacy settings\" button once a choice is stored. Default false.";
        "buttonOrder": Ty::Permutation(&BUTTONS) => "The banner's buttons in order: `reject`, `accept` and `preferences`, each once. Default as listed.";
    }

    /// Consent receipt fields (format version 1; see [`crate::receipt`]).
    RECEIPT, RECEIPT_SHAPE = "ConsentReceipt", "Proof of one consent choice (format version 1): who chose (a random id), what, when, under which policy and texts, where. Never the raw IP or the query string." {
        "version" [required]: Ty::Int(1, 1) => "Receipt format version: 1.";
        "consentId" [required]: Ty::Str(Format::ConsentId) => "The consent id stored in the visitor's cookie: 32 lowercase hex digits.";
        "seq" [required]: Ty::Int(1, u32::MAX) => "Sequence number of this choice for this consent id, from 1; (consentId, seq) is stored once.";
        "clientTime" [required]: Ty::Time => "When the visitor chose, by the browser's clock (Unix milliseconds).";
        "receivedAt" [server]: Ty::Time => "When the server received it (Unix milliseconds); set by the server.";
        "policyRevision" [required]: Ty::Int(0, u32::MAX) => "The policy's `revision` the choice was made under.";
        "policyHash" [required]: Ty::Str(Format::Sha256) => "SHA-256 of the canonical compiled policy (catalog merged in), lowercase hex.";
        "language" [required]: Ty::Str(Format::Lang) => "Language of the texts shown (`en`, `pt-br`).";
        "textsHash" [required]: Ty::Str(Format::Sha256) => "SHA-256 of every text the banner and dialog can show in that language, lowercase hex.";
        "surface" [required]: Ty::Enum(&SURFACES) => "Where the choice was made: `banner`, `dialog`, `placeholder` or `api`.";
        "action" [required]: Ty::Enum(&ACTIONS) => "What the visitor did: `accept-all`, `reject-all`, `custom`, `withdraw`, or `gpc` (the opt-out a GPC signal made).";
        "categories" [required]: Ty::Object(&CHOICES_SHAPE) => "Categories granted and refused.";
        "services" [required]: Ty::Object(&CHOICES_SHAPE) => "Services granted and refused on their own (overriding their category).";
        "regime" [required]: Ty::Enum(&REGIMES) => "The regime that applied.";
        "region" [required]: Ty::Nullable(&Ty::Str(Format::Region)) => "The visitor's region (`DE`, `US-CA`), or null when unknown.";
        "gpc" [required]: Ty::Bool => "Global Privacy Control was on.";
        "dnt" [required]: Ty::Bool => "Do Not Track was on.";
        "page" [required]: Ty::Object(&PAGE_SHAPE) => "The page the choice was made on, without its query or fragment.";
        "tcString": Ty::Str(Format::IabString) => "The IAB TCF TC string the choice gave ad tech (`__tcfapi`, `euconsent-v2`), when the policy has `iab` and the site's vendor list was loaded.";
        "gppString": Ty::Str(Format::IabString) => "The IAB GPP string the choice gave ad tech (`__gpp`), when the policy has `iab`.";
        "ipPrefix" [server]: Ty::Str(Format::IpPrefix) => "The visitor's network (`203.0.113.0/24`, `2001:db8:1::/48`), never the address; set by the server when configured (off by default).";
        "userAgent" [server]: Ty::Str(Format::UserAgent) => "The browser's User-Agent; set by the server when configured (off by default).";
    }

    /// Fields of a receipt's `categories` and `services`.
    RECEIPT_CHOICES, CHOICES_SHAPE = "ReceiptChoices", "Ids granted and ids refused; none in both." {
        "granted" [required]: Ty::List(&Ty::Str(Format::Id), MAX_LIST) => "Ids granted.";
        "refused" [required]: Ty::List(&Ty::Str(Format::Id), MAX_LIST) => "Ids refused.";
    }

    /// Fields of a receipt's `page`.
    RECEIPT_PAGE, PAGE_SHAPE = "ReceiptPage", "Where the choice was made; never the query string or fragment." {
        "origin" [required]: Ty::Str(Format::Origin) => "Scheme, host and port (`https://www.example.com`).";
        "path" [required]: Ty::Str(Format::PagePath) => "The path, starting with `/`, without `?` or `#`.";
    }
}

/// Whether a field must be present.
#[cfg(feature = "schema")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Req {
    /// May be left out.
    Optional,
    /// Must be present.
    Always,
    /// Optional in the validator and the JSON Schema; the TypeScript types
    /// require it of a category the site defines (its `id` is not built in),
    /// which turns a misspelt built-in id into a compile error.
    SiteCategory,
    /// Set by the server only: optional in the schema, refused in what a
    /// browser submits.
    Server,
}

/// A policy object: its fields in the validator's order.
#[cfg(feature = "schema")]
#[derive(Debug, Clone, Copy)]
pub struct Object {
    /// Type name in the generated schema and types.
    pub title: &'static str,
    /// One-line doc.
    pub doc: &'static str,
    /// Its fields; no other is accepted.
    pub fields: &'static [Field],
}

/// One field of a policy object.
#[cfg(feature = "schema")]
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// JSON key.
    pub name: &'static str,
    /// Accepted values.
    pub ty: Ty,
    /// Whether it must be present.
    pub required: Req,
    /// One-line doc.
    pub doc: &'static str,
}

/// The values a field accepts.
#[cfg(feature = "schema")]
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// `true` or `false`.
    Bool,
    /// A whole number from the first to the second bound.
    Int(u32, u32),
    /// A time in Unix milliseconds, from 0 to [`MAX_TIME`].
    Time,
    /// A string of this form.
    Str(Format),
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// One of these strings in any case (the TypeScript types ask for lower case).
    EnumAnyCase(&'static [&'static str]),
    /// A Google Consent Mode type ([`crate::GcmType`]).
    Gcm,
    /// A category id: a built-in one ([`crate::category::STANDARD`]) or the site's own.
    CategoryId,
    /// The id of a built-in catalog service ([`crate::catalog_ids`]).
    CatalogId,
    /// Text shown to visitors: a string (English) or an object of language
    /// tag ([`Format::Lang`]) → string.
    Texts,
    /// An array of at most this many items.
    List(&'static Ty, usize),
    /// An array of distinct items, at most this many.
    Set(&'static Ty, usize),
    /// Each of these strings exactly once, in any order.
    Permutation(&'static [&'static str]),
    /// An object of key → value, with at most `max` keys.
    Map {
        /// Form of the keys.
        key: Format,
        /// Type of the values.
        value: &'static Ty,
        /// Most keys, if limited.
        max: Option<usize>,
    },
    /// A nested object.
    Object(&'static Object),
    /// Either type.
    Either(&'static Ty, &'static Ty),
    /// The type, or `null`.
    Nullable(&'static Ty),
    /// One language's `ui.texts`: text name ([`crate::ui::Key::name`]) →
    /// non-blank string.
    UiTexts,
}

/// Forms of strings, each checked by the validator's own code; the pattern is
/// the JSON Schema's approximation of it (ECMA-262, no look-around).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Any text.
    Text,
    /// A category or service id.
    Id,
    /// An http(s) or relative URL (never `javascript:` or `data:`).
    Url,
    /// A host rule (`cdn.example.com` or `example.com/path`).
    Host,
    /// A cookie name.
    CookieName,
    /// A cookie or storage key pattern, `*` as wildcard.
    CookiePattern,
    /// A cookie domain.
    Domain,
    /// A cookie path.
    Path,
    /// A language tag of a label or description (`en`, `pt-BR`).
    Lang,
    /// A language tag of the `ui` section (`_` and any case accepted).
    UiLang,
    /// An ISO 3166 region code (`DE`, `US-CA`).
    Region,
    /// A `ui.texts` string: not blank.
    UiText,
    /// A cookie lifetime (`session`, `2 years`).
    Lifetime,
    /// A consent id: 32 lowercase hex digits.
    ConsentId,
    /// A SHA-256 digest: 64 lowercase hex digits.
    Sha256,
    /// A web origin: `http(s)://host[:port]`, lowercase.
    Origin,
    /// A URL path: starts with `/`, no `?`, `#`, spaces or control characters.
    PagePath,
    /// A network prefix: IPv4 `/24` or IPv6 `/48`, host bits zero.
    IpPrefix,
    /// A User-Agent string: printable ASCII.
    UserAgent,
    /// An IAB TC or GPP string: base64url and the `.` and `~` separators.
    IabString,
    /// Two ASCII letters, any case (`DE`, `en`).
    Letters2,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
}

impl Format {
    /// The JSON Schema `pattern`, if any.
    #[cfg(feature = "schema")]
    pub fn pattern(self) -> Option<&'static str> {
        Some(match self {
            Format::Text => return None,
            Format::Id => "^[a-z0-9_-]+$",
            Format::Url => {
                r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\s\\@/?#]+(?:[/?#][^\s\\]*)?|/(?:[^/\s\\][^\s\\]*)?|[?#][^\s\\]*|[^:/?#\s\\]+(?:[/?#][^\s\\]*)?)$"
            }
            Format::Host => r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+\.?(?:/[^?#\s\\]*)?$",
            Format::CookieName => r"^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$",
            Format::CookiePattern => {
                r"^[!#-+\--:<>-\[\]-~]*[!#-)+\--:<>-\[\]-~][!#-+\--:<>-\[\]-~]*$"
            }
            Format::Domain => r"^\.?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+\.?$",
            Format::Path => r"^/[!-:<-~]*$",
            Format::Lang => "^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$",
            Format::UiLang => "^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$",
            Format::Region => "^[A-Za-z]{2}(?:[-_][A-Za-z0-9]{1,3})?$",
            Format::UiText => r"\S",
            Format::Lifetime => {
                r"^\s*(?:session|[1-9][0-9]{0,3} +(?:second|minute|hour|day|month|year)s?)\s*$"
            }
            Format::ConsentId => "^[0-9a-f]{32}$",
            Format::Sha256 => "^[0-9a-f]{64}$",
            Format::Origin => {
                r"^https?://(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$"
            }
            Format::PagePath => r#"^/[!"$->@-~]*$"#,
            Format::IpPrefix => r"^(?:[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.0/24|[0-9a-f:]+/48)$",
            Format::UserAgent => "^[ -~]*$",
            Format::IabString => "^[A-Za-z0-9_.~-]+$",
            Format::Letters2 => "^[A-Za-z]{2}$",
            Format::Date => "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        })
    }

    /// Longest accepted value, in bytes.
    pub fn max_len(self) -> usize {
        match self {
            Format::Id => MAX_ID,
            Format::CookieName => 128,
            Format::CookiePattern => 256,
            Format::ConsentId => 32,
            Format::Sha256 => 64,
            Format::Origin => 262,
            Format::PagePath => 2048,
            Format::IpPrefix => 43,
            Format::UserAgent => 512,
            Format::IabString => 4096,
            Format::Letters2 => 2,
            Format::Date => 10,
            _ => MAX_TEXT,
        }
    }
}

/// One-line docs of the `ui.texts` names, in [`crate::ui::Key::ALL`] order.
#[cfg(feature = "schema")]
pub const UI_TEXT_DOCS: [&str; crate::ui::Key::ALL.len()] = [
    "Banner title (opt-in).",
    "Banner text (opt-in).",
    "\"Accept all\".",
    "\"Reject all\".",
    "\"Preferences\": opens the dialog.",
    "\"Save choices\" in the dialog.",
    "\"Close\": the accessible name of the × buttons.",
    "\"OK\": dismisses a notice (opt-out and notice-only regimes).",
    "Notice title (opt-out regimes).",
    "Notice text (opt-out regimes).",
    "\"Do Not Sell or Share My Personal Information\".",
    "Said when a Global Privacy Control signal was honoured.",
    "Notice text (notice-only regimes).",
    "Preferences dialog title.",
    "Preferences dialog introduction.",
    "\"Always active\", for the mandatory category.",
    "\"Services\": a category's service list.",
    "\"Cookies\".",
    "\"Provider\".",
    "\"Purpose\".",
    "\"Privacy policy\" (links).",
    "Placeholder text of a blocked embed; `{service}` stands for the service's name.",
    "Placeholder button; `{service}` stands for the service's name.",
    "Placeholder region's accessible name; `{service}` stands for the service's name.",
    "The floating \"Privacy settings\" button.",
    "Label of the `mandatory` category.",
    "Description of the `mandatory` category.",
    "Label of the `performance` category.",
    "Description of the `performance` category.",
    "Label of the `functionality` category.",
    "Description of the `functionality` category.",
    "Label of the `targeting` category.",
    "Description of the `targeting` category.",
    "A cookie's lifetime when it ends with the browser session (\"Session\").",
    "\"Your consent ID\", shown in the dialog when choices are recorded (`records`).",
    "\"Download receipt\": the visitor's copy of their consent receipts.",
];
