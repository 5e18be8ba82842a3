//! The markup convention shared by the browser runtime and the server
//! rewriter: which elements are trackers, what decides them, and how a held
//! element is written so that it makes no request until released.
//!
//! Tagged markup (the convention of the most popular open-source banner, so
//! sites can migrate): `<script type="text/plain" data-category="targeting"
//! [data-service="meta-pixel"] [src]>`, `<iframe data-category data-src>`,
//! `<img data-category data-src>`. Untagged `script[src]`, `iframe[src]`,
//! `img[src|srcset]`, `source`, `embed`, `object`, `video[src|poster]`,
//! `audio[src]`, `track[src]` and `link[href]` (preload, prefetch,
//! modulepreload, preconnect, dns-prefetch, stylesheet) are decided by their
//! URLs, and so are SVG's `<feImage href>`, the SMIL animations `<set>` and
//! `<animate>`, whose `to`/`from`/`by`/`values` an animated `href` loads, and
//! the `ping` of `<a>` and `<area>`, which the browser posts to when the link
//! is followed (a click of the visitor's too). A frame, object or embed
//! whose URL is a `data:` document is also judged by every host that
//! document names ([`data_document`]): no script reaches what it loads.
//! A `<meta http-equiv="refresh">` is judged by the URL in its `content`
//! ([`refresh_url`]): it sends its document's frame there.
//! A `<style>` is judged by the URLs its text loads ([`hold_style`]): the
//! refused ones are made inert in place, the original text kept aside.
//! SVG's presentation attributes (`fill`, `mask`, `cursor`…: CSS values) are
//! judged by the URLs the same reader finds in them, on every SVG element
//! that renders or holds what renders ([`SVG_TAGS`]), and SMIL's values too.
//!
//! A held element carries [`HELD`] (`data-consentry`) = the block reason and,
//! when known, [`SERVICE`]. Scripts become `type="text/plain"` with the original
//! type kept in [`ORIGINAL_TYPE`] (browsers never fetch a script of an unknown
//! type); on other elements each URL attribute moves to `data-consentry-<attr>`.

use crate::decision::{Decider, Decision};
use crate::policy::UrlOwner;
use crate::text;

mod document;
mod style;
pub use document::{data_document, named_hosts, DOCUMENT_TAGS};
pub use style::{
    each_url as style_urls, hold_style, HeldStyle, INERT_FONT_URL, INERT_URL, ORIGINAL_STYLE,
    STYLE_TAG,
};

/// Marks a held element; the value is the block reason (`no-consent`, …).
pub const HELD: &str = "data-consentry";
/// The id of the service a held element belongs to.
pub const SERVICE: &str = "data-consentry-service";
/// A held script's original `type` (empty when it had none).
pub const ORIGINAL_TYPE: &str = "data-consentry-type";
/// Prefix of the attributes holding a held element's URLs (`data-consentry-src`).
pub const MOVED_PREFIX: &str = "data-consentry-";
/// Tagged-markup category attribute.
pub const TAG_CATEGORY: &str = "data-category";
/// Tagged-markup service attribute.
pub const TAG_SERVICE: &str = "data-service";
/// Every attribute [`judge`] may ask for: callers that must collect
/// attributes up front (the wasm engine, the server rewriter) collect these.
pub const ATTRIBUTES: [&str; 29] = [
    HELD,
    TAG_CATEGORY,
    TAG_SERVICE,
    "type",
    "rel",
    "src",
    "href",
    "data",
    "srcset",
    "poster",
    "imagesrcset",
    "background",
    "xlink:href",
    "to",
    "from",
    "by",
    "values",
    "ping",
    "http-equiv",
    "content",
    "fill",
    "stroke",
    "mask",
    "clip-path",
    "filter",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
];

/// SVG's presentation attributes whose CSS value may load a `url()`
/// (measured 2026-12-07: Chromium loads `fill`, `stroke`, `mask`,
/// `clip-path`, `marker-start` and `cursor` from another host; Firefox and
/// WebKit `mask` and `cursor`). The painting ones are inherited, so they
/// matter on every SVG element that renders or holds what renders
/// ([`SVG_TAGS`]), read as CSS ([`style_urls`]).
pub const PRESENTATION_ATTRIBUTES: [&str; 9] = [
    "fill",
    "stroke",
    "mask",
    "clip-path",
    "filter",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
];

/// The SVG elements governed by their [`PRESENTATION_ATTRIBUTES`] alone:
/// containers, shapes and text. SVG's `<a>` and `<image>` are governed by
/// them too, besides their own URLs (`a`: its `ping`).
pub const SVG_TAGS: [&str; 21] = [
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "switch",
    "marker",
    "pattern",
    "mask",
    "clipPath",
    "foreignObject",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
];

/// The URL attributes whose value is read as CSS too, for the `url()`s and
/// URL strings in it ([`style_urls`]): the [`PRESENTATION_ATTRIBUTES`], and
/// SMIL's values, which may animate one of them
/// (`<set attributeName="fill" to="url(…)">`).
pub fn css_valued(attr: &str) -> bool {
    PRESENTATION_ATTRIBUTES.contains(&attr) || SMIL_ATTRIBUTES.contains(&attr)
}

/// What SMIL's `<set>` and `<animate>` load when they animate a URL.
const SMIL_ATTRIBUTES: [&str; 4] = ["to", "from", "by", "values"];

/// `link rel` values that make a request to their `href` (the icons too:
/// the browser fetches them from the page's context).
pub const FETCHING_RELS: [&str; 12] = [
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
    "stylesheet",
    "icon",
    "apple-touch-icon",
    // Firefox fetches these two as icons too.
    "apple-touch-icon-precomposed",
    "fluid-icon",
    "compression-dictionary",
    "prerender",
];

/// The elements Consentry governs, as the DOM names them (lower case, but
/// SVG's `feImage`; compare without case): `image` is SVG's (the HTML parser
/// turns `<image>` into `<img>`), `body` and the table's parts (`table`,
/// `thead`, `tbody`, `tfoot`, `tr`, `td`, `th`, `colgroup`, `col`: measured,
/// Chromium loads each one's, Firefox those of the rows and sections) fetch
/// their presentational `background`, `input` its `type=image` source.
///
/// `set` and `animate` are SMIL animations: one whose `attributeName` is an
/// `href` loads its values. Any of them is judged by its values, whatever it
/// animates (an attribute can be renamed after its values are set, and no
/// animation of anything else has a tracker's URL for a value): the safe side.
///
/// Then the [`SVG_TAGS`], by their [`PRESENTATION_ATTRIBUTES`].
pub const TAGS: [&str; 50] = [
    "script",
    "iframe",
    "embed",
    "img",
    "source",
    "link",
    "object",
    "video",
    "audio",
    "track",
    "input",
    "frame",
    "image",
    "body",
    "table",
    "td",
    "th",
    "feImage",
    "set",
    "animate",
    "a",
    "area",
    "meta",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "colgroup",
    "col",
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "switch",
    "marker",
    "pattern",
    "mask",
    "clipPath",
    "foreignObject",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
];

/// The [`TAGS`] whose URLs load only when the visitor activates them (a
/// followed link's `ping`). A page guard holds them long before a click can
/// happen; a streaming rewriter may leave them to it (handing over every
/// link cost the server's rewrite ~30 % on a 100 KB page, measured), which
/// leaves a visitor without JavaScript sending such a ping when following
/// the link.
pub const ACTIVATION_TAGS: [&str; 2] = ["a", "area"];

/// URL attributes holding a candidate list (`url 1x, url 2x`), not one URL.
pub const LIST_ATTRIBUTES: [&str; 2] = ["srcset", "imagesrcset"];

/// URL attributes holding a `;`-separated list of values, each one URL once
/// trimmed (SMIL's `values`).
pub const VALUE_LIST_ATTRIBUTES: [&str; 1] = ["values"];

/// URL attributes holding URLs separated by ASCII whitespace (a link's `ping`).
pub const WORD_LIST_ATTRIBUTES: [&str; 1] = ["ping"];

/// What separates the URLs of a list attribute: `,` for a candidate list
/// (each URL its first word), `;` for a value list (each entry trimmed), a
/// space for URLs between any ASCII whitespace; `None` for one URL.
pub fn list_separator(attr: &str) -> Option<char> {
    if LIST_ATTRIBUTES.contains(&attr) {
        Some(',')
    } else if VALUE_LIST_ATTRIBUTES.contains(&attr) {
        Some(';')
    } else if WORD_LIST_ATTRIBUTES.contains(&attr) {
        Some(' ')
    } else {
        None
    }
}

/// The URLs one URL attribute's value names, as the browser reads them; where
/// browsers read a value two ways, both (the stricter verdict wins).
pub fn candidates<'v>(attr: &str, value: &'v str) -> impl Iterator<Item = &'v str> {
    let (value, rest) = if attr == REFRESH_ATTRIBUTE {
        // Chromium ends a quoted refresh URL at its last quote, not its first
        // (`url='https://x'@tracker/p'`): the whole rest is judged too.
        refresh_parts(value)
    } else {
        (value, None)
    };
    let sep = list_separator(attr);
    let words = sep == Some(' ');
    // A srcset's URL is its whole run of non-whitespace (a comma inside
    // one, `https://x,@tracker/p 1x`, is the URL's): judged besides the
    // pieces between commas.
    let runs = (sep == Some(','))
        .then_some(value)
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .map(|w| w.trim_matches(','))
        .filter(|w| w.contains(','));
    value
        .split(move |c: char| Some(c) == sep || (words && c.is_ascii_whitespace()))
        .filter_map(move |c| match sep {
            // A candidate's descriptors follow it after whitespace.
            Some(',') => c.split_ascii_whitespace().next(),
            Some(_) => {
                Some(c.trim_matches(|c: char| c.is_ascii_whitespace())).filter(|c| !c.is_empty())
            }
            None => Some(c),
        })
        .chain(runs)
        .chain(rest)
}

/// The attribute of a `<meta http-equiv="refresh">` that names where its
/// document's frame goes: a load page code can start by writing one (into a
/// frame's document, a `srcdoc`), so it is governed like a URL attribute.
pub const REFRESH_ATTRIBUTE: &str = "content";

/// The URL a meta refresh's `content` sends its frame to, read as the HTML
/// standard's declarative refresh steps read it: a time (digits and dots),
/// `;` or `,`, an optional `url=`, an optional quote that ends it
/// (`0; URL='https://…'`). Where the steps would refresh to no URL at all,
/// what is left is still judged: the safe side.
pub fn refresh_url(content: &str) -> &str {
    refresh_parts(content).0
}

/// [`refresh_url`], and the rest of `content` after its opening quote when
/// the URL ended at a quote inside it (where Chromium reads on).
fn refresh_parts(content: &str) -> (&str, Option<&str>) {
    // One pass over the bytes: `trim_start_matches` and `strip_prefix` with
    // char patterns cost the wasm ~1 KB more.
    let b = content.as_bytes();
    let ws = |i: usize| {
        i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count()
    };
    let mut i = ws(0);
    i += b[i..]
        .iter()
        .take_while(|&&c| c.is_ascii_digit() || c == b'.')
        .count();
    i = ws(i);
    if matches!(b.get(i), Some(b';' | b',')) {
        i = ws(i + 1);
    }
    if b.get(i..i + 3)
        .is_some_and(|u| u.eq_ignore_ascii_case(b"url"))
    {
        let j = ws(i + 3);
        if b.get(j) == Some(&b'=') {
            i = ws(j + 1);
        }
    }
    // Every byte skipped is ASCII: `i` is a char boundary.
    let s = text::sub(content, i..);
    match b.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let s = text::sub(s, 1..);
            match s.bytes().position(|c| c == q) {
                Some(e) if e + 1 < s.len() => (text::sub(s, ..e), Some(s)),
                Some(e) => (text::sub(s, ..e), None),
                None => (s, None),
            }
        }
        _ => (s, None),
    }
}

/// The name a moved URL attribute comes back under when its element is
/// released: `xlink:href` as `href` (SVG 2, honoured everywhere), since a
/// plain `setAttribute` cannot give it its namespace back, and without it the
/// old name loads nothing.
pub fn restored_name(attr: &str) -> &str {
    if attr == "xlink:href" {
        "href"
    } else {
        attr
    }
}

/// The URL attributes that move to `data-consentry-<name>` to hold an element
/// of this tag (none for a script, held by its `type`).
pub fn held_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "iframe" | "embed" | "audio" | "track" | "input" | "frame" => &["src"],
        "img" | "source" => &["src", "srcset"],
        "video" => &["src", "poster"],
        "link" => &["href", "imagesrcset"],
        "object" => &["data"],
        // Outside SVG the HTML parser makes `<image>` an `<img>`: a reader
        // of raw markup (the server) sees an `image` that loads its `src`.
        "image" => &[
            "href",
            "xlink:href",
            "src",
            "srcset",
            "fill",
            "stroke",
            "mask",
            "clip-path",
            "filter",
            "marker-start",
            "marker-mid",
            "marker-end",
            "cursor",
        ],
        "body" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" | "colgroup"
        | "col" => &["background"],
        "feImage" => &["href", "xlink:href"],
        "set" | "animate" => &SMIL_ATTRIBUTES,
        "area" => &["ping"],
        "a" => &[
            "ping",
            "fill",
            "stroke",
            "mask",
            "clip-path",
            "filter",
            "marker-start",
            "marker-mid",
            "marker-end",
            "cursor",
        ],
        "meta" => &[REFRESH_ATTRIBUTE],
        t if SVG_TAGS.contains(&t) => &PRESENTATION_ATTRIBUTES,
        _ => &[],
    }
}

/// The URL attributes whose URLs decide an untagged element of this tag.
pub fn url_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        // SVG's <script> loads its `href`.
        "script" => &["src", "href", "xlink:href"],
        t => held_attributes(t),
    }
}

/// Substrings one of which a URL attribute's value holds whenever [`judge`]
/// could read a host from it, as [`crate::Decider::url`] reads URLs: a scheme's
/// `:` (`https:`, `blob:`); `//` however it is prefixed (leading spaces and
/// controls are trimmed); a backslash, which special URLs read as a slash;
/// `&`, a character reference that decodes to any of these; and the tab,
/// newline and carriage return browsers delete anywhere in a URL
/// (`/<tab>/host`). A value without them is relative: judged
/// [`Decision::Unlisted`], whatever the consent.
pub const HOST_MARKS: [&str; 7] = [":", "//", "\\", "&", "\t", "\n", "\r"];

/// The [`HOST_MARKS`] that matter in a value of this URL attribute: all,
/// but for a [`LIST_ATTRIBUTES`] or [`WORD_LIST_ATTRIBUTES`] value the first
/// four, [`judge`] cutting its candidates at ASCII whitespace (a tab or
/// newline never falls inside one).
pub fn host_marks(attr: &str) -> &'static [&'static str] {
    if LIST_ATTRIBUTES.contains(&attr) || WORD_LIST_ATTRIBUTES.contains(&attr) {
        &HOST_MARKS[..4]
    } else {
        &HOST_MARKS
    }
}

/// The governed tags common enough on a page that skipping their plainly
/// relative elements may pay for the mark tests in [`selector`]: every
/// entry of a selector list costs a streaming matcher a test on every
/// element (lol_html), so the rarer tags are selected whole.
const PREFILTERED: [&str; 1] = ["img"];

/// A CSS selector (for a matcher whose attribute tests are cheap: the
/// server rewriter measured lol_html's at more than they save, and applies
/// [`host_marks`] to the raw tag instead) that matches every
/// element [`judge`] may hold, under any consent, and skips most of those it
/// can only allow: for the common tags, those with a [`HOST_MARKS`] mark in a
/// URL attribute or with tagged markup; the rarer governed tags whole.
/// Marks are matched in the value as written, entities undecoded (hence `&`).
pub fn selector() -> String {
    let mut parts: Vec<String> = Vec::new();
    for tag in TAGS {
        if !PREFILTERED.contains(&tag) {
            parts.push(tag.to_string());
            continue;
        }
        for attr in url_attributes(tag) {
            for mark in host_marks(attr) {
                parts.push(format!("{tag}[{attr}*=\"{}\"]", css_string(mark)));
            }
        }
        for attr in [TAG_CATEGORY, TAG_SERVICE] {
            parts.push(format!("{tag}[{attr}]"));
        }
    }
    parts.join(", ")
}

/// The body of a double-quoted CSS string holding `s`.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // Escaped by code point, the space ending the escape.
            c if c.is_ascii_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The URL attribute of `<base>`, which decides where the page's relative
/// URLs load from.
pub const BASE_ATTRIBUTES: [&str; 1] = ["href"];

/// Decides a `<base href>`. [`judge`] reads relative URLs as the page's own;
/// a base on a host where some service not allowed has a rule (under any
/// path: `https://www.facebook.com/` would send `/tr` to Meta's pixel) would
/// send them there, so it is held (its `href` moved: the page's relative
/// URLs then load from the page's own origin). `None`: no `href`, or
/// already held.
pub fn judge_base<'v>(d: &Decider<'_>, attr: impl Fn(&str) -> Option<&'v str>) -> Option<Verdict> {
    if attr(HELD).is_some() {
        return None;
    }
    let href = attr(BASE_ATTRIBUTES[0])?;
    let (decision, service) = match refused_on_host(d, href) {
        None => (Decision::UnreadableUrl, None),
        Some(refused) => refused.map_or((Decision::Unlisted, None), |(decision, id)| {
            (decision, Some(id))
        }),
    };
    Some(Verdict {
        decision,
        service,
        tagged: false,
        url_attributes: &BASE_ATTRIBUTES,
    })
}

/// What to do with one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The decision (allowed or the block reason).
    pub decision: Decision,
    /// The service it belongs to, if known.
    pub service: Option<String>,
    /// Tagged markup (`data-category` / `data-service`): it waits as written
    /// and runs only once released, even when allowed on arrival.
    pub tagged: bool,
    /// URL attributes that must move to `data-consentry-<name>` to hold it.
    pub url_attributes: &'static [&'static str],
}

/// Decides an element from its tag name and attributes (`attr(name)` returns
/// the value of an attribute, names lower-case). `None`: not an element
/// Consentry governs (including elements it already holds).
pub fn judge<'v>(
    d: &Decider<'_>,
    tag: &str,
    attr: impl Fn(&str) -> Option<&'v str>,
) -> Option<Verdict> {
    let tag = TAGS.into_iter().find(|t| t.eq_ignore_ascii_case(tag))?;
    if attr(HELD).is_some() {
        return None;
    }
    let tag_category = attr(TAG_CATEGORY);
    let tag_service = attr(TAG_SERVICE);
    // Tagged scripts only count when written inert (`type="text/plain"`): a
    // tag on a script that runs as written takes nothing out of judgement.
    let tagged = (tag_category.is_some() || tag_service.is_some())
        && (tag != "script"
            || attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain")));
    let tag_verdict = tagged.then(|| {
        let (decision, service) = match tag_service {
            Some(s) => (d.service(s), Some(s.into())),
            None => (d.category(tag_category.unwrap_or_default()), None),
        };
        Verdict {
            decision,
            service,
            tagged: true,
            url_attributes: held_attributes(tag),
        }
    });
    if tag == "script" && tagged {
        return tag_verdict;
    }
    // A meta refreshes only with `http-equiv="refresh"` (other metas'
    // `content` loads nothing: a social image's URL stays as written).
    if tag == "meta"
        && !attr("http-equiv").is_some_and(|h| h.trim_ascii().eq_ignore_ascii_case("refresh"))
    {
        return tag_verdict;
    }
    if tag == "link" {
        // Compared in place: a lower-cased copy would allocate per `<link>`.
        let fetches = attr("rel")
            .unwrap_or_default()
            .split_ascii_whitespace()
            .any(|r| FETCHING_RELS.iter().any(|f| f.eq_ignore_ascii_case(r)));
        if !fetches {
            return tag_verdict;
        }
    }
    // A list may name several URLs, a video a poster too: the most
    // restrictive one decides; on tagged markup, URLs that would load as
    // written are judged too, and the stricter of the two holds it.
    let document = DOCUMENT_TAGS.contains(&tag);
    // Whether the verdict so far allows it (`None`: no verdict yet). Once
    // it holds, no later URL can be worse: the rest are not looked up, and
    // a service's id is copied only for the verdict kept.
    let mut allows = tag_verdict.as_ref().map(|v| v.decision.is_allowed());
    let mut by_url: Option<(Decision, Owner)> = None;
    let mut consider = |url: &str, document: bool| {
        if allows == Some(false) {
            return;
        }
        let (decision, owner) = loaded_decision(d, url, document);
        if allows.is_none_or(|a| a && !decision.is_allowed()) {
            allows = Some(decision.is_allowed());
            by_url = Some((decision, owner));
        }
    };
    for a in url_attributes(tag) {
        let Some(v) = attr(a) else { continue };
        // A presentation attribute's value is CSS only; SMIL's may be a
        // URL or CSS, whichever the animated attribute reads.
        if !PRESENTATION_ATTRIBUTES.contains(a) {
            for url in candidates(a, v) {
                consider(url, document);
            }
        }
        if css_valued(a) {
            style_urls(v, |_, _, url, _, _| consider(url, false));
        }
    }
    match by_url {
        Some((decision, owner)) => Some(Verdict {
            decision,
            service: owner_id(d, owner),
            tagged,
            url_attributes: held_attributes(tag),
        }),
        None => tag_verdict,
    }
}

/// The service a URL's decision came from.
enum Owner {
    None,
    At(usize),
    Named(String),
}

/// A URL's decision; for one that loads a document (`document`: a frame's
/// URL, a style sheet's import), a `data:` document's too, the worse of
/// the two.
fn loaded_decision(d: &Decider<'_>, url: &str, document: bool) -> (Decision, Owner) {
    let (decision, owner) = url_decision(d, url);
    if document && decision.is_allowed() {
        if let Some((worse, by)) = data_document(url).and_then(|t| document_decision(d, &t)) {
            return (worse, Owner::Named(by));
        }
    }
    (decision, owner)
}

fn owner_id(d: &Decider<'_>, owner: Owner) -> Option<String> {
    match owner {
        Owner::None => None,
        Owner::At(i) => Some(d.policy().services()[i].id.to_string()),
        Owner::Named(id) => Some(id),
    }
}

/// A `data:` document is held by the first host it names where some service
/// that is not allowed has a rule (under any path: the document can build
/// any path on it), as a `<base href>` is.
fn document_decision(d: &Decider<'_>, text: &str) -> Option<(Decision, String)> {
    named_hosts(text).find_map(|h| refused_on_host(d, &crate::text::concat(&["//", h])).flatten())
}

/// The first service with a rule on a URL's host, under any path, that is
/// not allowed, with its decision; `None` when the host cannot be read.
fn refused_on_host(d: &Decider<'_>, url: &str) -> Option<Option<(Decision, String)>> {
    let policy = d.policy();
    Some(
        policy
            .services_on_host(url)?
            .into_iter()
            .map(|i| (d.service_at(i), i))
            .find(|(decision, _)| !decision.is_allowed())
            .map(|(decision, i)| (decision, policy.services()[i].id.to_string())),
    )
}

/// The decision for one URL and the service it loads from.
fn url_decision(d: &Decider<'_>, url: &str) -> (Decision, Owner) {
    match d.policy().service_for_url(url) {
        UrlOwner::Service(i) => (d.service_at(i), Owner::At(i)),
        UrlOwner::Unlisted => (Decision::Unlisted, Owner::None),
        UrlOwner::Unreadable => (Decision::UnreadableUrl, Owner::None),
    }
}

#[cfg(test)]
mod tests {
    use super::{judge, ATTRIBUTES};
    use crate::{Decider, Policy, Signals};

    #[test]
    fn refresh_urls_read_as_the_standard_does() {
        for (content, url) in [
            ("0;url=https://t.example/x", "https://t.example/x"),
            (
                "  5 ; URL = 'https://t.example/x?a=b;c' rest",
                "https://t.example/x?a=b;c",
            ),
            ("0,https://t.example/x", "https://t.example/x"),
            ("0 https://t.example/x", "https://t.example/x"),
            (".5;url=\"//t.example/x\"", "//t.example/x"),
            ("0;urn=https://t.example/x", "urn=https://t.example/x"),
            ("https://t.example/x", "https://t.example/x"),
            ("0", ""),
            ("0;url='", ""),
            ("0;u\u{e9}", "u\u{e9}"),
        ] {
            assert_eq!(super::refresh_url(content), url, "{content:?}");
        }
    }

    /// Of several URLs, the first that is not allowed holds the element and
    /// names the service (later ones are not looked up); when all are
    /// allowed, the first URL's owner is kept.
    #[test]
    fn the_first_url_held_decides_and_names_the_service() {
        let p = Policy::default();
        let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
        let srcset = |v: &'static str| move |n: &str| (n == "srcset").then_some(v);
        let v = judge(
            &d,
            "img",
            srcset("/a.png 1x, https://www.youtube.com/x.png 2x, https://www.facebook.com/tr 3x"),
        )
        .unwrap();
        assert!(!v.decision.is_allowed());
        assert_eq!(v.service.as_deref(), Some("youtube"));
        let v = judge(&d, "img", srcset("/a.png 1x, /b.png 2x")).unwrap();
        assert!(v.decision.is_allowed());
        assert_eq!(v.service, None);
    }

    /// SVG's `<a>` and `<image>` spell the presentation attributes out
    /// after their own URLs: the same list.
    #[test]
    fn svg_links_and_images_carry_every_presentation_attribute() {
        for (tag, own) in [("a", 1), ("image", 4)] {
            assert_eq!(
                &super::held_attributes(tag)[own..],
                &super::PRESENTATION_ATTRIBUTES[..],
                "{tag}"
            );
        }
        for t in super::SVG_TAGS {
            assert!(super::TAGS.contains(&t), "{t}");
        }
    }

    #[test]
    fn judge_asks_only_for_the_listed_attributes() {
        let p = Policy::default();
        let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
        let asked = std::cell::RefCell::new(Vec::new());
        for tag in super::TAGS.into_iter().chain(["div"]) {
            for tagged in [false, true] {
                let _ = judge(&d, tag, |n| {
                    asked.borrow_mut().push(n.to_string());
                    match n {
                        "data-category" if tagged => Some("targeting"),
                        "type" if tagged => Some("text/plain"),
                        "rel" => Some("preload"),
                        "http-equiv" => Some("refresh"),
                        "content" => Some("0;url=https://www.facebook.com/tr"),
                        "srcset" | "imagesrcset" => {
                            Some("/a.png 1x, https://www.facebook.com/tr 2x")
                        }
                        "src" | "href" | "data" | "poster" | "background" | "xlink:href" => {
                            Some("https://www.facebook.com/tr")
                        }
                        n if super::PRESENTATION_ATTRIBUTES.contains(&n) => {
                            Some("url(https://www.facebook.com/tr)")
                        }
                        _ => None,
                    }
                });
            }
        }
        let asked = asked.into_inner();
        for n in &asked {
            assert!(
                ATTRIBUTES.contains(&n.as_str()),
                "judge asked for `{n}`, not in ATTRIBUTES"
            );
        }
        for n in ATTRIBUTES {
            assert!(
                asked.iter().any(|a| a == n),
                "`{n}` is listed but never asked for"
            );
        }
    }
}
