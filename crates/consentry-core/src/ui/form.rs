//! Server-rendered views that work with JavaScript off: the banner's and the
//! dialog's buttons become submit buttons of one POST form, so a visitor
//! whose browser runs no script can still accept, reject or choose. The
//! browser runtime, when it runs, handles the same buttons itself and
//! prevents the submission; it never materialises a form.

use super::node::{Node, View};

/// The form field naming the button pressed (its `data-consentry` hook).
pub const CHOICE_FIELD: &str = "choice";
/// The form field of each checked category switch.
pub const CATEGORY_FIELD: &str = "category";
/// The form field with the path to return to after the choice.
pub const BACK_FIELD: &str = "back";
/// The form field with the anti-forgery token, where the server uses one.
pub const TOKEN_FIELD: &str = "token";
/// The form field naming the surface the choice was made on (`banner`, `dialog`).
pub const SURFACE_FIELD: &str = "surface";

/// The buttons that submit a choice (every other button stays a button).
pub const CHOICE_HOOKS: &[&str] = &[
    "accept-all",
    "reject-all",
    "preferences",
    "save",
    "do-not-sell",
    "ok",
    "close",
];

/// Where a form posts and what it carries besides the pressed button.
#[derive(Debug, Clone, Copy)]
pub struct FormTarget<'a> {
    /// The URL the form posts to (a path on the site).
    pub action: &'a str,
    /// The path to return to after the choice.
    pub back: &'a str,
    /// The anti-forgery token, when the server checks one.
    pub token: Option<&'a str>,
}

impl View {
    /// This view as one POST form: the root's children inside a `<form>`
    /// with hidden [`BACK_FIELD`], [`SURFACE_FIELD`] (the root's hook) and
    /// [`TOKEN_FIELD`] inputs (the surface is `banner` or `dialog`); buttons of [`CHOICE_HOOKS`] submit
    /// `choice=<hook>`, category switches submit `category=<id>` when checked.
    pub fn into_form(self, target: &FormTarget<'_>) -> View {
        let mut root = self.root;
        let surface = match root.get("data-consentry") {
            Some("overlay") => "dialog".to_string(),
            other => other.unwrap_or("").to_string(),
        };
        let mut form = Node::new("form")
            .attr("method", "post")
            .attr("action", target.action)
            .child(hidden(BACK_FIELD, target.back))
            .child(hidden(SURFACE_FIELD, &surface));
        if let Some(t) = target.token {
            form = form.child(hidden(TOKEN_FIELD, t));
        }
        for mut c in std::mem::take(&mut root.children) {
            submit_fields(&mut c);
            form.children.push(c);
        }
        View {
            root: root.child(form),
        }
    }
}

fn hidden(name: &str, value: &str) -> Node {
    Node::new("input")
        .attr("type", "hidden")
        .attr("name", name)
        .attr("value", value)
}

fn submit_fields(n: &mut Node) {
    let hook = n.get("data-consentry").map(str::to_string);
    let category = n.get("data-consentry-category").map(str::to_string);
    match (n.tag, hook, category) {
        ("button", Some(h), _) if CHOICE_HOOKS.contains(&h.as_str()) => {
            set(n, "type", "submit");
            set(n, "name", CHOICE_FIELD);
            set(n, "value", &h);
        }
        ("input", _, Some(c)) => {
            set(n, "name", CATEGORY_FIELD);
            set(n, "value", &c);
        }
        _ => {}
    }
    for c in &mut n.children {
        submit_fields(c);
    }
}

fn set(n: &mut Node, name: &'static str, value: &str) {
    match n.attrs.iter_mut().find(|(k, _)| *k == name) {
        Some(slot) => slot.1 = value.into(),
        None => n.attrs.push((name, value.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ui::Ui, Decider, Policy, Region, Signals};

    fn decider(policy: &Policy) -> Decider<'_> {
        let signals = Signals {
            gpc: false,
            dnt: false,
            region: Region::parse("DE"),
        };
        Decider::from_cookie(policy, None, &signals, 1_790_000_000)
    }

    #[test]
    fn banner_buttons_submit_their_hook_with_the_hidden_fields() {
        let policy = Policy::default();
        let d = decider(&policy);
        let target = FormTarget {
            action: "/consentry/choice",
            back: "/shop?a=\"<b>",
            token: Some("t0k"),
        };
        let html = Ui::new(&policy, None, ["en"])
            .banner(&d)
            .into_form(&target)
            .to_html();
        assert!(html.contains(r#"<form method="post" action="/consentry/choice">"#));
        assert!(html.contains(r#"name="back" value="/shop?a=&quot;&lt;b&gt;">"#));
        assert!(html.contains(r#"name="surface" value="banner">"#));
        assert!(html.contains(r#"name="token" value="t0k">"#));
        for hook in ["accept-all", "reject-all", "preferences"] {
            let button = format!(
                r#"type="submit" class="consentry-btn" data-consentry="{hook}" name="choice" value="{hook}">"#
            );
            assert!(html.contains(&button), "{hook}: {html}");
        }
        assert!(!html.contains(r#"type="button""#), "{html}");
        assert_eq!(html.matches("<form").count(), 1);
    }

    #[test]
    fn dialog_switches_submit_their_category_and_mandatory_stays_disabled() {
        let policy = Policy::default();
        let d = decider(&policy);
        let target = FormTarget {
            action: "/c",
            back: "/",
            token: None,
        };
        let view = Ui::new(&policy, None, ["en"])
            .dialog(&d, &[])
            .into_form(&target);
        let html = view.to_html();
        assert!(!html.contains(r#"name="token""#));
        assert!(html.contains(r#"name="surface" value="dialog">"#));
        let inputs: Vec<_> = view
            .root
            .walk()
            .into_iter()
            .filter(|n| n.get("data-consentry-category").is_some())
            .collect();
        assert!(inputs.len() >= 4);
        for i in inputs {
            assert_eq!(i.get("name"), Some(CATEGORY_FIELD));
            assert_eq!(i.get("value"), i.get("data-consentry-category"));
        }
        assert!(
            html.contains(r#"checked="" disabled="" name="category" value="mandatory">"#),
            "{html}"
        );
        assert!(html.contains(r#"data-consentry="save" name="choice" value="save""#));
    }
}
