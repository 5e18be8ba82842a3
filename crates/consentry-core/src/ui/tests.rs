use super::*;
use crate::{Consent, ConsentId, Decider, Policy, Region, Signals, Stored};

const NOW: u64 = 1_790_000_000;

fn signals(region: &str, gpc: bool) -> Signals {
    Signals {
        gpc,
        dnt: false,
        region: Region::parse(region),
    }
}

fn policy(json: &str) -> Policy {
    Policy::from_json(json).unwrap()
}

fn hooks<'a>(n: &'a Node, hook: &str) -> Vec<&'a Node> {
    n.walk()
        .into_iter()
        .filter(|x| x.get("data-consentry") == Some(hook))
        .collect()
}

#[test]
fn every_language_has_every_key() {
    assert_eq!(texts::languages().count(), 15);
    for lang in texts::languages() {
        for key in Key::ALL {
            let s = texts::builtin(lang, key).unwrap_or_else(|| panic!("{lang}: {key:?} missing"));
            assert!(!s.trim().is_empty(), "{lang}: {key:?} empty");
            if [
                Key::PlaceholderText,
                Key::PlaceholderAllow,
                Key::PlaceholderLabel,
            ]
            .contains(&key)
            {
                assert!(s.contains("{service}"), "{lang}: {key:?} lacks {{service}}");
            }
        }
        let text = include_str!("lang/en.txt").to_owned() + include_str!("lang/dialog/en.txt");
        assert_eq!(text.lines().count(), Key::ALL.len());
        // No stray extra line either.
        assert!(texts::builtin(lang, Key::ALL[32]).is_some());
    }
    for (i, key) in Key::ALL.into_iter().enumerate() {
        assert_eq!(key as usize, i);
        assert_eq!(Key::from_name(key.name()), Some(key));
    }
}

#[test]
fn built_in_files_have_exactly_one_line_per_key() {
    let dialog = Key::ALL.iter().filter(|k| k.dialog_only()).count();
    for (lang, text, dialog_text) in [
        (
            "de",
            include_str!("lang/de.txt"),
            include_str!("lang/dialog/de.txt"),
        ),
        (
            "ja",
            include_str!("lang/ja.txt"),
            include_str!("lang/dialog/ja.txt"),
        ),
        (
            "ar",
            include_str!("lang/ar.txt"),
            include_str!("lang/dialog/ar.txt"),
        ),
        (
            "zh",
            include_str!("lang/zh.txt"),
            include_str!("lang/dialog/zh.txt"),
        ),
    ] {
        assert_eq!(text.lines().count(), Key::ALL.len() - dialog, "{lang}");
        assert_eq!(dialog_text.lines().count(), dialog, "{lang}");
    }
}

#[test]
fn english_category_texts_match_the_core_defaults() {
    for id in crate::category::STANDARD {
        let c = crate::Category::standard(id);
        let (l, d) = Key::for_category(id).unwrap();
        assert_eq!(c.label["en"], texts::builtin("en", l).unwrap());
        assert_eq!(c.description["en"], texts::builtin("en", d).unwrap());
    }
}

#[test]
fn language_choice() {
    let p = Policy::default();
    let pick = |c: &[&str]| {
        Ui::new(&p, None, c.iter().copied())
            .strings
            .lang()
            .to_string()
    };
    assert_eq!(pick(&[]), "en");
    assert_eq!(pick(&["de"]), "de");
    assert_eq!(pick(&["pt-BR"]), "pt-br");
    assert_eq!(pick(&["hu", "xx-YY", "fr-CA", "de"]), "fr-ca");
    assert_eq!(pick(&["<script>", "sv"]), "sv");
    let ui = Ui::new(&p, None, ["pt-BR"]);
    assert_eq!(ui.strings.get(Key::AcceptAll), "Aceitar tudo");
    let ar = Ui::new(&p, None, ["ar-EG"]);
    assert_eq!(ar.strings.dir(), "rtl");
    assert_eq!(ui.strings.dir(), "ltr");

    // The policy's language beats the page; a site language with its own texts counts.
    let p = policy(r#"{"ui":{"language":"it"}}"#);
    assert_eq!(Ui::new(&p, Some("de"), ["fr"]).strings.lang(), "it");
    let p = policy(r#"{"ui":{"texts":{"hu":{"acceptAll":"Összes elfogadása"}}}}"#);
    let hu = Ui::new(&p, None, ["hu-HU"]);
    assert_eq!(hu.strings.lang(), "hu-hu");
    assert_eq!(hu.strings.get(Key::AcceptAll), "Összes elfogadása");
    assert_eq!(
        hu.strings.get(Key::RejectAll),
        "Reject all",
        "missing → English"
    );
}

#[test]
fn overrides_and_bad_values() {
    let p = policy(
        r#"{"ui":{
            "texts":{"en":{"title":"Cookies?","acceptAll":"  "},"de":{"rejectAll":"Nein danke"},
                     "xx yy":{"title":"bad"},"fr":{"nope":"x","title":5}},
            "closeRefuses":"yes","floatingButton":true,"buttonOrder":["accept","accept","reject"],
            "language":"<b>","extra":1}}"#,
    );
    let s = Settings::from_policy(&p);
    assert!(s.floating_button);
    assert!(!s.close_refuses, "bad value → default");
    assert_eq!(
        s.button_order,
        [Button::Reject, Button::Accept, Button::Preferences]
    );
    assert_eq!(s.language, None);
    let paths: Vec<&str> = s.problems.iter().map(|p| p.path.as_str()).collect();
    for want in [
        "ui.closeRefuses",
        "ui.buttonOrder",
        "ui.language",
        "ui.extra",
        "ui.texts.en.acceptAll",
        "ui.texts.xx yy",
        "ui.texts.fr.nope",
        "ui.texts.fr.title",
    ] {
        assert!(paths.contains(&want), "{want} not in {paths:?}");
    }
    let en = Ui::new(&p, None, ["en"]);
    assert_eq!(en.strings.get(Key::Title), "Cookies?");
    assert_eq!(en.strings.get(Key::AcceptAll), "Accept all", "never empty");
    let de = Ui::new(&p, None, ["de"]);
    assert_eq!(de.strings.get(Key::RejectAll), "Nein danke");
    assert_eq!(
        de.strings.get(Key::Title),
        "Wir respektieren Ihre Privatsphäre",
        "the built-in German beats the site's English"
    );
    let order = policy(r#"{"ui":{"buttonOrder":["preferences","accept","reject"]}}"#);
    let d = Decider::from_cookie(&order, None, &signals("DE", false), NOW);
    let v = Ui::new(&order, None, []).banner(&d);
    let actions = hooks(&v.root, "preferences")[0];
    assert_eq!(actions.text.as_deref(), Some("Preferences"));
    let buttons: Vec<&str> = v
        .root
        .walk()
        .into_iter()
        .filter(|n| n.tag == "button")
        .filter_map(|n| n.get("data-consentry"))
        .collect();
    assert_eq!(buttons, ["preferences", "accept-all", "reject-all"]);
}

#[test]
fn reject_is_as_prominent_as_accept() {
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &signals("FR", false), NOW);
    let ui = Ui::new(&p, None, ["fr"]);
    for view in [ui.banner(&d), ui.dialog(&d, &[])] {
        let a = hooks(&view.root, "accept-all")[0];
        let r = hooks(&view.root, "reject-all")[0];
        assert_eq!(a.tag, r.tag);
        assert_eq!(a.get("class"), r.get("class"));
        assert_eq!(a.get("type"), r.get("type"));
        assert_eq!(a.attrs.len(), r.attrs.len());
    }
    let banner = ui.banner(&d);
    assert_eq!(banner.root.get("data-consentry"), Some("banner"));
    assert_eq!(hooks(&banner.root, "preferences").len(), 1);
    assert!(banner.to_html().contains(">Tout refuser</button>"));
}

#[test]
fn hostile_strings_are_escaped() {
    let p = policy(
        r#"{"privacyPolicyUrl":"/privacy?a=1&b=\"x\"",
            "categories":[{"id":"performance","label":"<img src=x onerror=alert(1)>",
              "description":"\"><script>alert(1)</script>",
              "services":[{"id":"evil","name":"<b>Evil</b>","provider":"\"><script>","hosts":["evil.example"],
                "privacyPolicyUrl":"https://evil.example/p?q=<x>"}]}],
            "ui":{"texts":{"en":{"title":"<script>alert('t')</script>"}}}}"#,
    );
    let d = Decider::from_cookie(&p, None, &signals("DE", false), NOW);
    let ui = Ui::new(&p, None, []);
    let html = ui.banner(&d).to_html() + &ui.dialog(&d, &[]).to_html();
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;") || html.contains("\"&gt;&lt;script&gt;"));
    assert!(
        html.contains(r#"href="/privacy?a=1&amp;b=&quot;x&quot;""#),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(&#39;t&#39;)")
            || html.contains("&lt;script&gt;alert('t')")
    );
    // The tree itself keeps the text verbatim (the browser sets it as text).
    let dialog = ui.dialog(&d, &[]);
    let label = dialog
        .root
        .walk()
        .into_iter()
        .find(|n| n.tag == "label" && n.get("for") == Some("consentry-cat-performance"))
        .unwrap();
    assert_eq!(label.text.as_deref(), Some("<img src=x onerror=alert(1)>"));
}

#[test]
fn unsafe_links_are_dropped() {
    // The policy parser refuses a javascript: privacy link outright; a view
    // never emits one either (links are re-checked when rendered).
    assert!(Policy::from_json(r#"{"privacyPolicyUrl":"javascript:alert(1)"}"#).is_err());
    let mut p = Policy {
        privacy_policy_url: Some("javascript:alert(1)".into()),
        ..Policy::default()
    };
    p.services[0].privacy_policy_url = Some(" JavaScript:alert(1)".into());
    let d = Decider::from_cookie(&p, None, &signals("DE", false), NOW);
    let ui = Ui::new(&p, None, []);
    for v in [ui.banner(&d), ui.dialog(&d, &[])] {
        let html = v.to_html();
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    }
    let ok = policy(r#"{"privacyPolicyUrl":"https://shop.example/privacy"}"#);
    let d = Decider::from_cookie(&ok, None, &signals("DE", false), NOW);
    let html = Ui::new(&ok, None, []).banner(&d).to_html();
    assert!(html.contains(r#"href="https://shop.example/privacy""#));
}

#[test]
fn opt_out_notice_and_gpc() {
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &signals("US-CA", false), NOW);
    let v = Ui::new(&p, None, []).banner(&d);
    let dns = hooks(&v.root, "do-not-sell");
    assert_eq!(dns.len(), 1);
    assert_eq!(
        dns[0].text.as_deref(),
        Some("Do Not Sell or Share My Personal Information")
    );
    assert!(hooks(&v.root, "gpc").is_empty());
    assert!(hooks(&v.root, "accept-all").is_empty());

    let d = Decider::from_cookie(&p, None, &signals("US-CA", true), NOW);
    let v = Ui::new(&p, None, ["es"]).banner(&d);
    assert_eq!(hooks(&v.root, "do-not-sell").len(), 1);
    let gpc = hooks(&v.root, "gpc");
    assert_eq!(gpc.len(), 1);
    assert!(gpc[0]
        .text
        .as_deref()
        .unwrap()
        .contains("Global Privacy Control"));
}

#[test]
fn dialog_semantics_and_state() {
    let p = policy(r#"{"categories":[{"id":"performance","services":["google-analytics"]}]}"#);
    let s = signals("DE", false);
    let d = Decider::from_cookie(&p, None, &s, NOW);
    let ui = Ui::new(&p, None, ["de"]);
    let v = ui.dialog(&d, &[]);
    let dialog = v.root.find("dialog").unwrap();
    assert_eq!(dialog.get("role"), Some("dialog"));
    assert_eq!(dialog.get("aria-modal"), Some("true"));
    assert_eq!(
        dialog.get("aria-labelledby"),
        Some("consentry-dialog-title")
    );
    assert_eq!(
        dialog.get("aria-describedby"),
        Some("consentry-dialog-text")
    );
    assert_eq!(hooks(&v.root, "save").len(), 1);
    let switches: Vec<&Node> = v
        .root
        .walk()
        .into_iter()
        .filter(|n| n.get("data-consentry-category").is_some())
        .collect();
    assert_eq!(switches.len(), p.categories().len());
    for sw in &switches {
        assert_eq!(
            (sw.tag, sw.get("type"), sw.get("role")),
            ("input", Some("checkbox"), Some("switch"))
        );
        let mandatory = sw.get("data-consentry-category") == Some("mandatory");
        assert_eq!(sw.get("checked").is_some(), mandatory, "nothing pre-ticked");
        assert_eq!(sw.get("disabled").is_some(), mandatory);
    }
    let html = v.to_html();
    assert!(
        html.contains("Leistung und Analyse"),
        "built-in German category label"
    );
    assert!(html.contains("Immer aktiv"));
    assert!(html.contains("<details><summary>Dienste ("));
    assert!(html.contains("_ga"), "cookie names listed");
    assert!(html.contains("Google"), "provider listed");
    assert!(
        html.contains(r#"<dd lang="en" dir="auto">Measures visits"#),
        "an English catalog purpose on a German page says so"
    );
    assert!(
        html.contains(r#"<li><span class="consentry-cookie" dir="ltr">_ga</span><span class="consentry-lifetime" data-consentry-lifetime="2 year">2 years</span></li>"#),
        "cookie names left to right, with their lifetimes: {html}"
    );
    assert!(
        html.contains(r#"<span class="consentry-cookie" dir="ltr">__utmc</span><span class="consentry-lifetime">Sitzung</span>"#),
        "a session cookie says so in the page's language"
    );
    assert!(
        html.contains(r#"<span class="consentry-cookie" dir="ltr">_gali</span></li>"#),
        "no lifetime shown where none is known"
    );

    // Current consent pre-ticks what it grants.
    let c = Consent::custom(&p, ConsentId([1; 16]), NOW, &s, ["performance"], []).unwrap();
    let d = Decider::new(&p, Stored::Valid(c), &s);
    let v = ui.dialog(&d, &[]);
    let perf = v
        .root
        .walk()
        .into_iter()
        .find(|n| n.get("data-consentry-category") == Some("performance"))
        .unwrap();
    assert!(perf.get("checked").is_some());
}

#[test]
fn placeholder_and_floating_button() {
    let p = Policy::default();
    let ui = Ui::new(&p, None, ["ja"]);
    let v = ui.placeholder(&p, "youtube");
    assert_eq!(v.root.get("data-consentry"), Some("placeholder"));
    assert_eq!(v.root.get("role"), Some("region"));
    assert_eq!(v.root.get("data-consentry-service"), Some("youtube"));
    assert_eq!(
        hooks(&v.root, "allow")[0].text.as_deref(),
        Some("YouTubeを許可")
    );
    let f = ui.floating();
    assert_eq!(f.root.get("data-consentry"), Some("open-preferences"));
    assert_eq!(f.root.text.as_deref(), Some("プライバシー設定"));
}

#[test]
fn views_use_only_allowed_tags_and_attributes() {
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &signals("DE", false), NOW);
    let ui = Ui::new(&p, None, []);
    for v in [
        ui.banner(&d),
        ui.dialog(&d, &[]),
        ui.placeholder(&p, "x"),
        ui.floating(),
    ] {
        for n in v.root.walk() {
            assert!(TAGS.contains(&n.tag));
            for (a, _) in &n.attrs {
                assert!(ATTRS.contains(a) && !a.starts_with("on") && *a != "style");
            }
        }
        let root = &v.root;
        assert!(root.get("lang").is_some() && root.get("dir").is_some());
    }
}

/// The language the whole UI is in, read from every view's root `lang`.
fn view_langs(ui: &Ui, p: &Policy, d: &Decider<'_>) -> Vec<String> {
    [
        ui.banner(d),
        ui.dialog(d, &[]),
        ui.placeholder(p, "youtube"),
        ui.floating(),
    ]
    .iter()
    .map(|v| v.root.get("lang").unwrap_or("?").to_string())
    .collect()
}

#[test]
fn one_rule_page_before_browser() {
    let site = Settings::from_policy(&Policy::default());
    let pick = |page: Option<&str>, visitor: &[&str]| {
        choose_language(&site, page, visitor.iter().copied())
    };
    // Page and browser disagree: the page's language, either way round.
    assert_eq!(pick(Some("ja"), &["en-US", "en"]), "ja");
    assert_eq!(pick(Some("en"), &["ja-JP", "ja"]), "en");
    assert_eq!(pick(Some("de"), &["fr"]), "de");
    // Region subtags: kept in the tag, texts from the primary language.
    assert_eq!(pick(Some("ja-JP"), &["en-GB", "en"]), "ja-jp");
    assert_eq!(pick(Some("en-GB"), &["ja-JP"]), "en-gb");
    assert_eq!(pick(Some("ja_JP"), &[]), "ja-jp");
    assert_eq!(pick(None, &["en-GB", "ja"]), "en-gb");
    assert_eq!(pick(Some("zh-Hant-TW"), &["en"]), "zh-hant-tw");
    // Missing languages: no page language, a blank or malformed one, or one
    // without texts → the visitor's first language with texts.
    assert_eq!(pick(None, &["ja-JP", "en"]), "ja-jp");
    assert_eq!(pick(Some(""), &["ja"]), "ja");
    assert_eq!(pick(Some("   "), &["ja"]), "ja");
    assert_eq!(pick(Some("<script>"), &["ja"]), "ja");
    assert_eq!(pick(Some("tlh"), &["hu", "*", "x", "fr-CH", "de"]), "fr-ch");
    // Nothing usable → English.
    assert_eq!(pick(None, &[]), "en");
    assert_eq!(pick(Some("tlh"), &["hu-HU", "*", ""]), "en");
}

#[test]
fn one_rule_the_policys_languages() {
    // A language only the site has texts for counts, for the page and the
    // visitor alike; its primary language covers its regions.
    let p = policy(r#"{"ui":{"texts":{"hu":{"acceptAll":"Összes elfogadása"}}}}"#);
    let site = Settings::from_policy(&p);
    assert_eq!(choose_language(&site, Some("hu-HU"), ["de"]), "hu-hu");
    assert_eq!(choose_language(&site, Some("tlh"), ["hu"]), "hu");
    assert_eq!(choose_language(&site, Some("et"), ["de"]), "de");
    // A regional text does not make its primary language available.
    let p = policy(r#"{"ui":{"texts":{"eo-XX":{"acceptAll":"Akcepti ĉion"}}}}"#);
    let site = Settings::from_policy(&p);
    assert_eq!(choose_language(&site, Some("eo"), ["de"]), "de");
    assert_eq!(choose_language(&site, Some("eo-XX"), ["de"]), "eo-xx");
    // `ui.language` beats page and browser when it has texts; else it is skipped.
    let p = policy(r#"{"ui":{"language":"it"}}"#);
    let site = Settings::from_policy(&p);
    assert_eq!(choose_language(&site, Some("ja"), ["en"]), "it");
    let p = policy(r#"{"ui":{"language":"hu"}}"#);
    let site = Settings::from_policy(&p);
    assert_eq!(choose_language(&site, Some("ja"), ["en"]), "ja");
    // `Ui::new` is this rule.
    for (page, visitor) in [
        (Some("ja"), vec!["en"]),
        (None, vec!["en-GB"]),
        (Some("tlh"), vec!["pt-BR"]),
    ] {
        let ui = Ui::new(&p, page, visitor.iter().copied());
        assert_eq!(
            ui.strings.lang(),
            choose_language(&site, page, visitor.iter().copied())
        );
    }
}

#[test]
fn banner_dialog_placeholder_and_button_speak_one_language() {
    // The Interacty case: a Japanese page (site texts in ja and en), an
    // English browser.
    let p = policy(
        r#"{"categories":[{"id":"performance","label":{"en":"User analytics","ja":"ユーザー分析"},
              "services":["google-analytics","youtube"]}],
            "ui":{"texts":{"ja":{"title":"お客様のプライバシー"},"en":{"title":"Your privacy"}}}}"#,
    );
    let d = Decider::from_cookie(&p, None, &signals("DE", false), NOW);
    let ui = Ui::new(&p, Some("ja"), ["en-US", "en"]);
    assert_eq!(view_langs(&ui, &p, &d), ["ja"; 4]);
    let html = ui.banner(&d).to_html() + &ui.dialog(&d, &[]).to_html();
    assert!(html.contains(">お客様のプライバシー</h2>"), "{html}");
    assert!(html.contains(">ユーザー分析</label>"), "{html}");
    assert!(!html.contains("Your privacy") && !html.contains("User analytics"));
    // The other way round: an English page, a Japanese browser.
    let ui = Ui::new(&p, Some("en-GB"), ["ja-JP", "ja"]);
    assert_eq!(view_langs(&ui, &p, &d), ["en-gb"; 4]);
    let html = ui.banner(&d).to_html() + &ui.dialog(&d, &[]).to_html();
    assert!(html.contains(">Your privacy</h2>") && html.contains(">User analytics</label>"));
    // No page language: the browser's, in every view.
    let ui = Ui::new(&p, None, ["ja-JP", "en"]);
    assert_eq!(view_langs(&ui, &p, &d), ["ja-jp"; 4]);
    assert!(ui
        .banner(&d)
        .to_html()
        .contains(">お客様のプライバシー</h2>"));
}
