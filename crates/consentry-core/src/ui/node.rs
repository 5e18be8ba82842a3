//! The markup as data: [`Node`] trees whose tags and attribute names come
//! from fixed allow-lists, and their HTML serialisation with every text and
//! attribute value escaped.

use serde::Serialize;

/// Every tag a view may contain.
pub const TAGS: &[&str] = &[
    "div", "p", "h2", "h3", "button", "a", "ul", "li", "span", "input", "label", "details",
    "summary", "dl", "dt", "dd", "form",
];

/// Every attribute a view may carry (no `style`, no event handlers).
pub const ATTRS: &[&str] = &[
    "class",
    "id",
    "role",
    "type",
    "href",
    "target",
    "rel",
    "lang",
    "dir",
    "for",
    "checked",
    "disabled",
    "hidden",
    "tabindex",
    "aria-modal",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "data-consentry",
    "data-consentry-category",
    "data-consentry-service",
    "data-consentry-lifetime",
    "method",
    "action",
    "name",
    "value",
];

/// One element: a tag from [`TAGS`], attributes from [`ATTRS`], optional
/// text (before the children), and children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The element name.
    pub tag: &'static str,
    /// `(name, value)` pairs; an empty value is a boolean attribute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(&'static str, String)>,
    /// Text content, placed before the children.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Child elements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// An empty element. Panics (debug builds) on a tag not in [`TAGS`].
    pub fn new(tag: &'static str) -> Node {
        debug_assert!(TAGS.contains(&tag), "tag {tag} not allowed");
        Node {
            tag,
            attrs: Vec::new(),
            text: None,
            children: Vec::new(),
        }
    }

    /// Adds an attribute. Panics (debug builds) on a name not in [`ATTRS`].
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Node {
        debug_assert!(ATTRS.contains(&name), "attribute {name} not allowed");
        self.attrs.push((name, value.into()));
        self
    }

    /// Adds an attribute when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> Node {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// Sets the text.
    pub fn text(mut self, text: impl Into<String>) -> Node {
        self.text = Some(text.into());
        self
    }

    /// Appends a child.
    pub fn child(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    /// Appends children.
    pub fn children(mut self, children: impl IntoIterator<Item = Node>) -> Node {
        self.children.extend(children);
        self
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// This node and every descendant, depth first.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }

    /// The first node (self included) whose `data-consentry` is `hook`.
    pub fn find(&self, hook: &str) -> Option<&Node> {
        self.walk()
            .into_iter()
            .find(|n| n.get("data-consentry") == Some(hook))
    }

    fn write_html(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.tag);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape(out, value, true);
            out.push('"');
        }
        out.push('>');
        if self.tag == "input" {
            return;
        }
        if let Some(t) = &self.text {
            escape(out, t, false);
        }
        for c in &self.children {
            c.write_html(out);
        }
        out.push_str("</");
        out.push_str(self.tag);
        out.push('>');
    }
}

fn escape(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A rendered part of the UI: the banner, the preferences dialog, a
/// placeholder or the floating button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct View {
    /// The root element (carries `data-consentry`, `lang` and `dir`).
    pub root: Node,
}

impl View {
    /// HTML with every text and attribute value escaped, for server rendering.
    pub fn to_html(&self) -> String {
        let mut s = String::with_capacity(2048);
        self.root.write_html(&mut s);
        s
    }
}
