//! The banner's JavaScript-off path: the server-rendered banner is a POST
//! form ([`consentry_core::ui::form`]), and [`ConsentLayer`](crate::ConsentLayer)
//! answers its posts at [`PATH`]: it sets the consent cookie (the encoding
//! the browser writes) and redirects back (303), or shows the preferences
//! as a page of their own.
//!
//! **Forgery.** A page on another site must not choose for the visitor. A
//! post is taken when `Sec-Fetch-Site` and `Origin` say it comes from the
//! site itself ([`post_origin`](crate::post_origin)); when a browser sends neither, only with the
//! token the site's own page carried, checked against the `HttpOnly`,
//! `SameSite=Strict` cookie [`TOKEN_COOKIE`] (double submit). That cookie,
//! a strictly necessary security cookie, is set only for browsers that send
//! no Fetch Metadata with the page request: those that do also send
//! `Sec-Fetch-Site` with the post. The preferences page may not be framed
//! (clickjacking).

use crate::decision::Consent;
use bytes::Bytes;
use consentry_core::change::ChoiceSet;
use consentry_core::ui::form::{
    FormTarget, BACK_FIELD, CATEGORY_FIELD, CHOICE_FIELD, SURFACE_FIELD, TOKEN_FIELD,
};
use consentry_core::ui::Ui;
use consentry_core::ConsentId;
use consentry_core::Stored;
use http::header::{
    HeaderMap, HeaderValue, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION, SET_COOKIE,
};
use http::{Response, StatusCode};

mod forgery;
pub use forgery::{allowed, new_token, random16, token_cookie, token_set_cookie, TOKEN_COOKIE};

/// Where the layer takes the banner's posts (see
/// [`ConsentLayer::choice_path`](crate::ConsentLayer::choice_path)).
pub const PATH: &str = "/consentry/choice";
/// Larger form bodies are refused (413): the largest honest form lists
/// every category once.
pub const MAX_BODY: usize = 8 * 1024;

/// A decoded choice form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoiceForm {
    /// The pressed button's hook (`accept-all`, `reject-all`, `save`, …).
    pub choice: String,
    /// Checked category switches.
    pub categories: Vec<String>,
    /// Where to return (checked by [`safe_back`] before use).
    pub back: String,
    /// The anti-forgery token, if the form carried one.
    pub token: Option<String>,
    /// `banner` or `dialog`.
    pub surface: String,
}

/// Reads an `application/x-www-form-urlencoded` body; unknown fields are
/// ignored, a repeated single field is an error.
pub fn parse_form(body: &[u8]) -> Result<ChoiceForm, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the form is not UTF-8".to_string())?;
    let mut f = ChoiceForm::default();
    let mut seen = [false; 4];
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k)?, decode(v)?);
        let once = |i: usize, seen: &mut [bool; 4]| {
            if std::mem::replace(&mut seen[i], true) {
                Err(format!("field `{k}` repeated"))
            } else {
                Ok(())
            }
        };
        match k.as_str() {
            CHOICE_FIELD => once(0, &mut seen).map(|()| f.choice = v)?,
            BACK_FIELD => once(1, &mut seen).map(|()| f.back = v)?,
            TOKEN_FIELD => once(2, &mut seen).map(|()| f.token = Some(v))?,
            SURFACE_FIELD => once(3, &mut seen).map(|()| f.surface = v)?,
            CATEGORY_FIELD => f.categories.push(v),
            _ => {}
        }
    }
    if f.choice.is_empty() {
        return Err("no `choice` field".into());
    }
    Ok(f)
}

fn decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(byte.ok_or("bad percent-escape in the form")?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "the form is not UTF-8".into())
}

/// `back` when it is a path on this site (`/…`, not `//…` or `/\…`, no
/// control characters or spaces, at most 2 KB); else `/`. Never an open
/// redirect.
pub fn safe_back(back: &str) -> &str {
    let b = back.as_bytes();
    let ok = b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && b.len() <= 2048
        && b.iter().all(|&c| c > b' ' && c != 0x7f && c != b'\\');
    if ok {
        back
    } else {
        "/"
    }
}

/// What a form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A choice to store; `action` names it as a receipt does.
    Chosen {
        /// The new consent.
        consent: consentry_core::Consent,
        /// `accept-all`, `reject-all` or `custom`.
        action: &'static str,
    },
    /// Show the preferences page.
    Preferences,
}

/// The choice a form makes for a visitor whose current state is `current`:
/// the same core rules as the browser's buttons. `id` is kept from the
/// stored consent when there is one.
pub fn outcome(
    current: &Consent,
    form: &ChoiceForm,
    fresh_id: ConsentId,
    now: u64,
) -> Result<Outcome, String> {
    use consentry_core::Consent as Core;
    let (policy, d, signals) = (current.policy(), current.decider(), current.signals());
    let id = match current.stored() {
        Stored::Valid(c) | Stored::Stale(c, _) => c.id,
        _ => fresh_id,
    };
    let custom = |set: ChoiceSet| {
        let cats = set.categories.iter().map(String::as_str);
        let svcs = set.services.iter().map(|(s, g)| (s.as_str(), *g));
        Core::custom(policy, id, now, signals, cats, svcs)
            .map(|consent| Outcome::Chosen {
                consent,
                action: "custom",
            })
            .map_err(|e| e.to_string())
    };
    let now_on = |i: usize| d.category_at(i).is_allowed();
    let cats = policy.categories();
    match form.choice.as_str() {
        "accept-all" => Ok(Outcome::Chosen {
            consent: Core::accept_all(policy, id, now, signals),
            action: "accept-all",
        }),
        "reject-all" | "close" => Ok(Outcome::Chosen {
            consent: Core::reject_all(policy, id, now, signals),
            action: "reject-all",
        }),
        "save" => {
            let on = |c: &str| form.categories.iter().any(|f| f == c);
            let switches: Vec<(&str, bool)> = cats.iter().map(|c| (&*c.id, on(&c.id))).collect();
            let initial: Vec<(&str, bool)> =
                (0..cats.len()).map(|i| (&*cats[i].id, now_on(i))).collect();
            custom(d.with_switches(&switches, &initial))
        }
        "do-not-sell" => custom(d.do_not_sell()),
        "ok" => {
            let current: Vec<(&str, bool)> =
                (0..cats.len()).map(|i| (&*cats[i].id, now_on(i))).collect();
            custom(d.with_switches(&current, &current))
        }
        "preferences" => Ok(Outcome::Preferences),
        other => Err(format!("unknown choice `{other}`")),
    }
}

/// Whether the request reached the site over https, as far as it can tell
/// (its `Origin`, or `X-Forwarded-Proto` from a proxy in front).
pub fn is_https(headers: &HeaderMap) -> bool {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    h("origin").is_some_and(|o| o.starts_with("https://"))
        || h("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

pub(crate) fn plain(status: StatusCode, text: &str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(format!("{text}\n")));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The visitor's consent once `consent` is stored (the request's cookies
/// and signals otherwise).
fn after(current: &Consent, consent: &consentry_core::Consent) -> Consent {
    Consent::new(
        current.policy().clone(),
        Stored::Valid(consent.clone()),
        current.signals().clone(),
        current.cookie_text().to_string(),
    )
}

/// 303 back to `back`, storing `consent` (and deleting the cookies of what
/// it now blocks; `tc_cookie`: the `euconsent-v2` change, if any).
pub(crate) fn stored(
    after: &Consent,
    consent: &consentry_core::Consent,
    back: &str,
    secure: bool,
    now: u64,
    host: Option<&str>,
    tc_cookie: Option<&str>,
) -> Response<Bytes> {
    let policy = after.policy();
    let value = consentry_core::record::encode(consent, policy);
    let cookie = policy
        .cookie()
        .set_cookie(&value, consent.remaining_secs(policy, now), secure);
    let mut r = plain(StatusCode::SEE_OTHER, "Your choice is saved.");
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(back) {
        h.insert(LOCATION, v);
    }
    for c in std::iter::once(cookie.as_str()).chain(tc_cookie) {
        if let Ok(v) = HeaderValue::from_str(c) {
            h.append(SET_COOKIE, v);
        }
    }
    if let Some(host) = host {
        for v in after.cookie_deletions(host) {
            h.append(SET_COOKIE, v);
        }
    }
    r
}

/// The preferences as a page of their own: the dialog in a form posting to
/// `action`, in the visitor's language.
pub(crate) fn preferences_page(
    current: &Consent,
    accept_language: Option<&str>,
    target: &FormTarget<'_>,
) -> Response<Bytes> {
    let visitor = accept_language
        .map(crate::page::languages)
        .unwrap_or_default();
    let ui = Ui::new(current.policy(), None, visitor.iter().map(String::as_str));
    let title = ui.strings.get(consentry_core::ui::Key::DialogTitle);
    let mut html = String::with_capacity(8192);
    html.push_str("<!doctype html><html lang=\"");
    html.push_str(ui.strings.lang());
    html.push_str("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
    for c in title.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            c => html.push(c),
        }
    }
    html.push_str("</title></head><body>");
    html.push_str(
        &ui.dialog(current.decider(), &[])
            .into_form(target)
            .to_html(),
    );
    html.push_str("</body></html>");
    let mut r = Response::new(Bytes::from(html));
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    r
}

/// What the layer knows that a post needs.
pub(crate) struct Post {
    pub consent: Consent,
    pub headers: HeaderMap,
    pub origins: Vec<String>,
    pub action: String,
    pub now: u64,
    #[cfg(feature = "records")]
    pub records: Option<std::sync::Arc<dyn crate::records::RecordStore>>,
    #[cfg(feature = "iab")]
    pub gvl: Option<std::sync::Arc<consentry_iab::Gvl>>,
}

/// Answers one post to the choice path.
pub(crate) async fn serve<B>(post: Post, body: B) -> Response<Bytes>
where
    B: http_body::Body,
{
    let form_type = post
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected an application/x-www-form-urlencoded form",
        );
    }
    let bytes = match read_body(body, MAX_BODY).await {
        Ok(b) => b,
        Err(status) => return plain(status, "the form could not be read"),
    };
    let form = match parse_form(&bytes) {
        Ok(f) => f,
        Err(e) => return plain(StatusCode::BAD_REQUEST, &e),
    };
    if !allowed(&post.headers, &post.origins, form.token.as_deref()) {
        return plain(
            StatusCode::FORBIDDEN,
            "This choice did not come from this site's own page.",
        );
    }
    let Some(fresh) = random16() else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "no randomness available");
    };
    let back = safe_back(&form.back);
    match outcome(&post.consent, &form, ConsentId(fresh), post.now) {
        Err(e) => plain(StatusCode::BAD_REQUEST, &e),
        Ok(Outcome::Preferences) => {
            let lang = post
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok());
            let target = FormTarget {
                action: &post.action,
                back,
                token: form.token.as_deref(),
            };
            preferences_page(&post.consent, lang, &target)
        }
        Ok(Outcome::Chosen { consent, action }) => {
            let secure = is_https(&post.headers);
            let after = after(&post.consent, &consent);
            let iab = crate::iab_choice::after_choice(
                &after,
                #[cfg(feature = "iab")]
                post.gvl.as_deref(),
                post.now,
                secure,
            );
            #[cfg(feature = "records")]
            if let Some(store) = &post.records {
                // The cookie is set even when the proof cannot be stored:
                // the visitor's choice is never lost to a database outage.
                let _ = crate::records::choice::append(
                    store.as_ref(),
                    &post,
                    &form,
                    &consent,
                    action,
                    &iab,
                )
                .await;
            }
            #[cfg(not(feature = "records"))]
            let _ = action;
            let host = post.headers.get(HOST).and_then(|h| h.to_str().ok());
            stored(
                &after,
                &consent,
                back,
                secure,
                post.now,
                host,
                iab.cookie.as_deref(),
            )
        }
    }
}

/// The body, up to `limit` bytes (413 beyond, 400 when it fails).
async fn read_body<B: http_body::Body>(body: B, limit: usize) -> Result<Vec<u8>, StatusCode> {
    use bytes::Buf;
    let mut body = std::pin::pin!(body);
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| StatusCode::BAD_REQUEST)?;
        if let Ok(mut data) = frame.into_data() {
            if out.len() + data.remaining() > limit {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            while data.has_remaining() {
                let chunk = data.chunk();
                out.extend_from_slice(chunk);
                let n = chunk.len();
                data.advance(n);
            }
        }
    }
    Ok(out)
}
