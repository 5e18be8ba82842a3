//! The UI's parts as [`View`]s built from the policy, the visitor's state and
//! the chosen strings. The browser materialises them with DOM calls (never
//! `innerHTML`); the server serialises them with [`View::to_html`]. Config
//! strings only ever become text or attribute values.

use super::node::{Node, View};
use super::settings::{Button, Settings};
use super::texts::{Key, Strings};
use crate::category::{self, Category};
use crate::config::is_safe_link;
use crate::cookie::Lifetime;
use crate::decision::{Decider, Decision};
use crate::policy::Policy;
use crate::region::Regime;
use crate::text::{concat, num};

/// The consent UI for one page view: settings and strings in the chosen language.
#[derive(Debug, Clone)]
pub struct Ui {
    /// The policy's `ui` settings.
    pub settings: Settings,
    /// The strings in the chosen language.
    pub strings: Strings,
}

fn button(hook: &str, label: &str) -> Node {
    Node::new("button")
        .attr("type", "button")
        .attr("class", "consentry-btn")
        .attr("data-consentry", hook)
        .text(label)
}

/// The × button: named by `label` ("Close"); the stylesheet draws the ×, so
/// no visible text differs from the accessible name (WCAG 2.5.3).
fn close(label: &str) -> Node {
    Node::new("button")
        .attr("type", "button")
        .attr("class", "consentry-close")
        .attr("data-consentry", "close")
        .attr("aria-label", label)
}

fn link(url: Option<&str>, label: &str) -> Option<Node> {
    let url = url.filter(|u| is_safe_link(u))?;
    Some(
        Node::new("a")
            .attr("class", "consentry-link")
            .attr("href", url)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .text(label),
    )
}

impl Ui {
    /// The UI for a policy, in the language
    /// [`choose_language`](super::choose_language) picks from the policy's
    /// `ui` section, the page's language (`<html lang>`) and the visitor's
    /// languages (`navigator.languages`, or `Accept-Language` on the server),
    /// each passed as it is.
    pub fn new<'a>(
        policy: &Policy,
        page: Option<&str>,
        visitor: impl IntoIterator<Item = &'a str>,
    ) -> Ui {
        let settings = Settings::from_policy(policy);
        let strings = Strings::choose(&settings, page, visitor);
        Ui { settings, strings }
    }

    fn root(&self, hook: &str, class: &str) -> Node {
        Node::new("div")
            .attr("class", class)
            .attr("data-consentry", hook)
            .attr("lang", self.strings.lang())
            .attr("dir", self.strings.dir())
    }

    fn t(&self, key: Key) -> &str {
        self.strings.get(key)
    }

    /// The first layer: in opt-in regimes the consent banner (Accept all,
    /// Reject all, Preferences: the same element and class, in the policy's
    /// order); in opt-out regimes the notice with "Do Not Sell or Share"
    /// (and the GPC sentence when the signal was honoured); in notice-only
    /// regimes a notice with OK.
    pub fn banner(&self, d: &Decider<'_>) -> View {
        let policy = d.policy();
        let (title, text) = match d.regime() {
            Regime::OptIn => (Key::Title, Key::Text),
            Regime::OptOut => (Key::OptOutTitle, Key::OptOutText),
            Regime::NoticeOnly => (Key::Title, Key::NoticeText),
        };
        let mut body = Node::new("div")
            .attr("class", "consentry-body")
            .child(
                Node::new("h2")
                    .attr("id", "consentry-banner-title")
                    .text(self.t(title)),
            )
            .child(
                Node::new("p")
                    .attr("id", "consentry-banner-text")
                    .text(self.t(text)),
            );
        if d.regime() == Regime::OptOut && gpc_honoured(d) {
            body = body.child(
                Node::new("p")
                    .attr("data-consentry", "gpc")
                    .text(self.t(Key::GpcHonoured)),
            );
        }
        body = body.children(link(
            policy.privacy_policy_url(),
            self.t(Key::PrivacyPolicy),
        ));
        let prefs = || button("preferences", self.t(Key::Preferences));
        let buttons: Vec<Node> = match d.regime() {
            Regime::OptIn => {
                let mut v = Vec::new();
                for b in self.settings.button_order {
                    v.push(match b {
                        Button::Reject => button("reject-all", self.t(Key::RejectAll)),
                        Button::Accept => button("accept-all", self.t(Key::AcceptAll)),
                        Button::Preferences => prefs(),
                    });
                }
                v
            }
            Regime::OptOut => vec![
                button("do-not-sell", self.t(Key::DoNotSell)),
                button("ok", self.t(Key::Ok)),
                prefs(),
            ],
            Regime::NoticeOnly => vec![button("ok", self.t(Key::Ok)), prefs()],
        };
        let mut root = self
            .root("banner", "consentry consentry-banner")
            .attr("role", "region")
            .attr("aria-labelledby", "consentry-banner-title")
            .attr("aria-describedby", "consentry-banner-text")
            .child(body)
            .child(
                Node::new("div")
                    .attr("class", "consentry-actions")
                    .children(buttons),
            );
        if self.settings.close_refuses {
            root = root.child(close(self.t(Key::Close)));
        }
        View { root }
    }

    /// The preferences dialog: one switch per category (mandatory checked
    /// and disabled; the others checked only when currently allowed), each
    /// with its services — the site's own, and catalog ones only when `seen`
    /// (ids of services met on this page) — Save choices, Accept all, Reject all.
    pub fn dialog(&self, d: &Decider<'_>, seen: &[&str]) -> View {
        let policy = d.policy();
        let mut cats = Vec::new();
        for (i, c) in policy.categories().iter().enumerate() {
            cats.push(self.category(policy, c, d.category_at(i).is_allowed(), seen));
        }
        let panel = Node::new("div")
            .attr("class", "consentry-panel")
            .attr("data-consentry", "dialog")
            .attr("role", "dialog")
            .attr("aria-modal", "true")
            .attr("aria-labelledby", "consentry-dialog-title")
            .attr("aria-describedby", "consentry-dialog-text")
            .attr("tabindex", "-1")
            .child(
                Node::new("div")
                    .attr("class", "consentry-head")
                    .child(
                        Node::new("h2")
                            .attr("id", "consentry-dialog-title")
                            .text(self.t(Key::DialogTitle)),
                    )
                    .child(close(self.t(Key::Close))),
            )
            .child(
                Node::new("p")
                    .attr("id", "consentry-dialog-text")
                    .text(self.t(Key::DialogText)),
            )
            .children(link(
                policy.privacy_policy_url(),
                self.t(Key::PrivacyPolicy),
            ))
            .children(crate::dialog::needed().then(|| {
                // A browser build whose dialog data did not load: the
                // switches and buttons work, the details are missing.
                Node::new("p")
                    .attr("class", "consentry-note")
                    .attr("data-consentry", "details-unavailable")
                    .attr("role", "status")
                    .text(super::details::unavailable(self.strings.lang()))
            }))
            .child(
                Node::new("ul")
                    .attr("class", "consentry-categories")
                    .children(cats),
            )
            .child(
                Node::new("div")
                    .attr("class", "consentry-actions")
                    .children([
                        button("reject-all", self.t(Key::RejectAll)),
                        button("accept-all", self.t(Key::AcceptAll)),
                        button("save", self.t(Key::Save)),
                    ]),
            )
            .children(self.receipt(d));
        View {
            root: self
                .root("overlay", "consentry consentry-overlay")
                .child(panel),
        }
    }

    /// Where choices are recorded and one is stored: the consent id and the
    /// receipt's download (GDPR Art. 7(1) proof, the visitor's copy).
    fn receipt(&self, d: &Decider<'_>) -> Option<Node> {
        let crate::Stored::Valid(c) = d.stored() else {
            return None;
        };
        d.policy().records_url()?;
        Some(
            Node::new("p")
                .attr("class", "consentry-receipt")
                .attr("data-consentry", "receipt")
                .text(self.t(Key::ConsentId))
                .child(
                    Node::new("span")
                        .attr("class", "consentry-id")
                        .text(c.id.to_string()),
                )
                .child(button("download-receipt", self.t(Key::DownloadReceipt))),
        )
    }

    /// A category's label and description: the site's text in this
    /// language; for a standard category the site left as built, the
    /// built-in translation.
    pub fn category_texts(&self, c: &Category) -> (String, String) {
        let lang = self.strings.lang();
        let standard = Category::standard(&c.id);
        let keys = Key::for_category(&c.id);
        let pick = |site: &crate::Texts, builtin: &crate::Texts, key: Option<Key>| match key {
            Some(k) if site == builtin => self.t(k).into(),
            _ => category::text(site, lang).unwrap_or(&c.id).into(),
        };
        (
            pick(&c.label, &standard.label, keys.map(|k| k.0)),
            pick(&c.description, &standard.description, keys.map(|k| k.1)),
        )
    }

    /// A `dd` with the text for this language; marked with its own `lang`
    /// (and `dir="auto"`) when only another language has it, e.g. the
    /// catalog's English purposes on a German page.
    /// A service's cookies: each name (an identifier, so left to right in any
    /// language) with its lifetime where known. A lifetime in units carries
    /// `data-consentry-lifetime="<n> <unit>"` so the browser can say it in the
    /// page's language (`Intl.NumberFormat`); its text is the English form.
    fn cookies(&self, s: &crate::Service) -> Option<Node> {
        if s.cookies.is_empty() {
            return None;
        }
        let mut items = Vec::new();
        for (i, c) in s.cookies.iter().enumerate() {
            let mut li = Node::new("li").child(
                Node::new("span")
                    .attr("class", "consentry-cookie")
                    .attr("dir", "ltr")
                    .text(c.as_str()),
            );
            match s.lifetimes.get(i).copied().flatten() {
                Some(Lifetime::Session) => {
                    li = li.child(
                        Node::new("span")
                            .attr("class", "consentry-lifetime")
                            .text(self.t(Key::Session)),
                    );
                }
                Some(l @ Lifetime::For(n, unit)) => {
                    let mut attr = num(n.into());
                    attr.push(' ');
                    attr.push_str(unit.as_str());
                    li = li.child(
                        Node::new("span")
                            .attr("class", "consentry-lifetime")
                            .attr("data-consentry-lifetime", attr)
                            .text(l.english()),
                    );
                }
                None => {}
            }
            items.push(li);
        }
        Some(
            Node::new("ul")
                .attr("class", "consentry-cookies")
                .children(items),
        )
    }

    fn localised(&self, texts: &crate::Texts) -> Node {
        let lang = self.strings.lang();
        let base = lang.split('-').next().unwrap_or(lang);
        let dd = Node::new("dd").text(category::text(texts, lang).unwrap_or(""));
        if texts.contains_key(lang) || texts.contains_key(base) {
            return dd;
        }
        match texts
            .iter()
            .find(|(_, t)| Some(t.as_str()) == dd.text.as_deref())
        {
            Some((tag, _)) => dd.attr("lang", tag.as_str()).attr("dir", "auto"),
            None => dd,
        }
    }

    /// Appends `dt` (the `key` text) and `dd` to `dl`, unless `dd` is empty.
    fn fact(&self, dl: &mut Node, key: Key, dd: Node) {
        if dd.text.as_deref().is_some_and(|t| !t.is_empty()) || !dd.children.is_empty() {
            dl.children.push(Node::new("dt").text(self.t(key)));
            dl.children.push(dd);
        }
    }

    fn category(&self, policy: &Policy, c: &Category, allowed: bool, seen: &[&str]) -> Node {
        let (label, description) = self.category_texts(c);
        let input_id = concat(&["consentry-cat-", &c.id]);
        let desc_id = concat(&["consentry-desc-", &c.id]);
        let mut row = Node::new("div").attr("class", "consentry-row").child(
            Node::new("label")
                .attr("for", input_id.as_str())
                .text(label),
        );
        if c.mandatory {
            row = row.child(
                Node::new("span")
                    .attr("class", "consentry-always")
                    .text(self.t(Key::AlwaysActive)),
            );
        }
        row = row.child(
            Node::new("input")
                .attr("type", "checkbox")
                .attr("role", "switch")
                .attr("class", "consentry-switch")
                .attr("id", input_id.as_str())
                .attr("data-consentry-category", c.id.as_str())
                .attr("aria-describedby", desc_id.as_str())
                .flag("checked", c.mandatory || allowed)
                .flag("disabled", c.mandatory),
        );
        let mut li = Node::new("li")
            .attr("class", "consentry-category")
            .child(row)
            .child(Node::new("p").attr("id", desc_id).text(description));
        let mut services = Vec::new();
        for &i in &c.services {
            let Some(s) = policy.services().get(i) else {
                continue;
            };
            if i >= policy.declared() && !seen.contains(&&*s.id) {
                continue;
            }
            let mut dl = Node::new("dl");
            self.fact(&mut dl, Key::Provider, Node::new("dd").text(&*s.provider));
            self.fact(&mut dl, Key::Purpose, self.localised(&s.description));
            self.fact(
                &mut dl,
                Key::Cookies,
                Node::new("dd").children(self.cookies(s)),
            );
            services.push(
                Node::new("li")
                    .attr("class", "consentry-service")
                    .attr("data-consentry-service", &*s.id)
                    .child(Node::new("h3").text(&*s.name))
                    .child(dl)
                    .children(link(
                        s.privacy_policy_url.as_deref(),
                        self.t(Key::PrivacyPolicy),
                    )),
            );
        }
        if !services.is_empty() {
            li = li.child(
                Node::new("details")
                    .child(Node::new("summary").text(concat(&[
                        self.t(Key::Services),
                        " (",
                        &num(services.len() as u64),
                        ")",
                    ])))
                    .child(Node::new("ul").children(services)),
            );
        }
        li
    }

    /// The placeholder for a blocked embed of `service` (an id, or a name
    /// when the policy has no such service): a region named "… (blocked)"
    /// with a text and an "Allow …" button.
    pub fn placeholder(&self, policy: &Policy, service: &str) -> View {
        let known = policy.service(service).map(|(_, s)| s);
        let name = known.map_or(service, |s| &*s.name);
        let mut root = self
            .root("placeholder", "consentry consentry-placeholder")
            .attr("role", "region")
            .attr(
                "aria-label",
                self.strings.with_service(Key::PlaceholderLabel, name),
            );
        if let Some(s) = known {
            root = root.attr("data-consentry-service", &*s.id);
        }
        root = root
            .child(Node::new("p").text(self.strings.with_service(Key::PlaceholderText, name)))
            .child(button(
                "allow",
                &self.strings.with_service(Key::PlaceholderAllow, name),
            ));
        View { root }
    }

    /// The floating "Privacy settings" button (opens the dialog).
    pub fn floating(&self) -> View {
        let label = self.t(Key::PrivacySettings);
        View {
            root: Node::new("button")
                .attr("type", "button")
                .attr("class", "consentry consentry-floating")
                .attr("data-consentry", "open-preferences")
                .attr("lang", self.strings.lang())
                .attr("dir", self.strings.dir())
                .attr("aria-label", label)
                .text(label),
        }
    }
}

/// Whether an opt-out signal (GPC) is what keeps some category refused now.
fn gpc_honoured(d: &Decider<'_>) -> bool {
    (0..d.policy().categories().len()).any(|i| d.category_at(i) == Decision::Gpc)
}
