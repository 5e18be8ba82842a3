//! The CSS reading and holding of [`super`], against the default policy.

use super::{each_url, hold_style};

/// A sheet and the URLs read from it: (range's text, URL, quoted).
type Case<'a> = (&'a str, &'a [(&'a str, &'a str, bool)]);
use crate::{Decider, Policy, Signals};

fn urls(css: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    each_url(css, |s, e, u, q, _| {
        out.push((css[s..e].to_string(), u.to_string(), q))
    });
    out
}

#[test]
fn urls_are_read_as_the_css_tokenizer_reads_them() {
    let cases: &[Case<'_>] = &[
        (
            "@import url(https://fonts.googleapis.com/css?family=A);",
            &[(
                "url(https://fonts.googleapis.com/css?family=A)",
                "https://fonts.googleapis.com/css?family=A",
                false,
            )],
        ),
        (
            "@import 'https://t.example/a.css' screen;",
            &[("'https://t.example/a.css'", "https://t.example/a.css", true)],
        ),
        (
            "@IMPORT/* c */\"//t.example/a\";",
            &[("\"//t.example/a\"", "//t.example/a", true)],
        ),
        (
            "@\\69mport '//t.example/a';",
            &[("'//t.example/a'", "//t.example/a", true)],
        ),
        (
            "a{background:URL(  /x.png  )}",
            &[("URL(  /x.png  )", "/x.png", false)],
        ),
        (
            "a{background:u\\72 l(//www\\2e t\\.example/x)}",
            &[(
                "u\\72 l(//www\\2e t\\.example/x)",
                "//www.t.example/x",
                false,
            )],
        ),
        (
            "a{b:url( \"//t.example/q\" )}",
            &[("\"//t.example/q\"", "//t.example/q", true)],
        ),
        (
            "a{b:-webkit-image-set('//t.example/1x.png' 1x, url(//t.example/2x.png) 2x)}",
            &[
                ("'//t.example/1x.png'", "//t.example/1x.png", true),
                ("url(//t.example/2x.png)", "//t.example/2x.png", false),
            ],
        ),
        (
            "@font-face{src:local('A'),url(//t.example/f.woff2)format('woff2')}",
            &[("url(//t.example/f.woff2)", "//t.example/f.woff2", false)],
        ),
        // Strings that load nothing: a font family, generated content, a
        // string broken by a newline, a bad URL, a comment.
        (
            "a::before{content:'//t.example/x';font-family:\"//t.example\"}",
            &[],
        ),
        ("@import '//t.example/a\n';", &[]),
        ("a{b:url(//t.example/a b)}", &[]),
        ("a{b:url(//t.ex\"ample)}", &[]),
        ("/* url(//t.example/x) */a{}", &[]),
        ("a{b:xurl(//t.example/x)}", &[]),
        // Strings continued over a line, escapes of non-ASCII.
        (
            "@import '//t.exa\\\nmple/a';",
            &[("'//t.exa\\\nmple/a'", "//t.example/a", true)],
        ),
        (
            "a{b:url(//t.example/\u{e9}\\E9 x)}",
            &[(
                "url(//t.example/\u{e9}\\E9 x)",
                "//t.example/\u{e9}\u{e9}x",
                false,
            )],
        ),
        // Unclosed at the end: still a URL.
        (
            "a{b:url(//t.example/x",
            &[("url(//t.example/x", "//t.example/x", false)],
        ),
    ];
    for (css, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(r, u, q)| (r.to_string(), u.to_string(), *q))
            .collect();
        assert_eq!(urls(css), want, "{css:?}");
    }
}

#[test]
fn refused_urls_are_made_inert_and_the_rest_kept() {
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
    let css = "@import url(https://fonts.googleapis.com/css2?family=Inter);\
               @import '/theme.css';\
               body{font-family:Inter;background:url(/bg.png)}\
               @font-face{font-family:X;src:url('https://fonts.gstatic.com/x.woff2')}\
               .ad{background:url(//www.f\\61 cebook.com/tr?id=1)}";
    let held = hold_style(&d, css).expect("held");
    assert_eq!(
        held.text,
        "@import url();@import '/theme.css';\
         body{font-family:Inter;background:url(/bg.png)}\
         @font-face{font-family:X;src:url(\"data:,\")}\
         .ad{background:url()}"
    );
    assert_eq!(held.verdict.service.as_deref(), Some("google-fonts"));
    assert!(!held.verdict.decision.is_allowed());
    assert!(hold_style(&d, "body{background:url(/bg.png)}@import '/a.css';").is_none());
    // A data: sheet importing a tracker is judged by the hosts it names.
    let data = "@import url(\"data:text/css,@import%20url(https://www.facebook.com/tr)\");";
    assert_eq!(hold_style(&d, data).unwrap().text, "@import url(\"\");");
    assert!(hold_style(&d, "a{b:url(data:image/png;base64,AAAA)}").is_none());
}

/// Only what is inside an `@font-face` block gets the font form.
#[test]
fn font_urls_are_known_by_their_block() {
    let mut fonts = Vec::new();
    let css = "@font-face{src:url(/a)}@media x{@font-face{src:url(/b);x:y}a{b:url(/c)}}\
               @font-face;a{b:url(/d)}@font-face{f{g:url(/e)}h:url(/f)}url(/g)";
    each_url(css, |_, _, u, _, font| fonts.push((u.to_string(), font)));
    let want: Vec<(String, bool)> = [
        ("/a", true),
        ("/b", true),
        ("/c", false),
        ("/d", false),
        ("/e", true),
        ("/f", true),
        ("/g", false),
    ]
    .iter()
    .map(|(u, f)| (u.to_string(), *f))
    .collect();
    assert_eq!(fonts, want);
}

#[test]
fn consent_given_leaves_the_sheet_as_written() {
    let p = Policy::default();
    let all = crate::Consent::accept_all(&p, crate::ConsentId([1; 16]), 1, &Signals::default());
    let cookie = crate::record::encode(&all, &p);
    let d = Decider::from_cookie(&p, Some(&cookie), &Signals::default(), 1);
    assert!(hold_style(&d, "@import url(https://fonts.googleapis.com/css);").is_none());
}

#[test]
fn any_text_is_read_without_a_panic() {
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
    for css in [
        "\\",
        "url(",
        "url(\\",
        "'\\",
        "@",
        "-\\",
        "/*",
        "\u{e9}\\\u{e9}",
        "u\\",
        "url(a\\\n)",
        "\0\\0 url(\\0)",
        "\\110000 \\D800",
    ] {
        let _ = hold_style(&d, css);
        for cut in 0..=css.len() {
            if css.is_char_boundary(cut) {
                let _ = hold_style(&d, &css[..cut]);
            }
        }
    }
}
