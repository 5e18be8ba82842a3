//! Changes to the visitor's current choice that the consent UI offers: grant
//! one category or service (a placeholder's "Allow"), save the preferences
//! dialog's switches, and the opt-out regimes' "Do not sell or share". Each
//! gives the complete choice to record, so that no binding works it out.

use crate::decision::Decider;

/// A complete choice, as [`crate::Consent::custom`] takes it: the categories
/// granted (every other one refused) and per-service overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoiceSet {
    /// Granted category ids.
    pub categories: Vec<String>,
    /// Services whose choice differs from their category's: `(id, granted)`.
    pub services: Vec<(String, bool)>,
}

impl ChoiceSet {
    fn grant_category(&mut self, id: &str) {
        if !self.categories.iter().any(|c| c == id) {
            self.categories.push(id.into());
        }
    }

    fn set_service(&mut self, id: &str, granted: bool) {
        for e in &mut self.services {
            if e.0 == id {
                e.1 = granted;
                return;
            }
        }
        self.services.push((id.into(), granted));
    }
}

// Plain loops, not iterator chains: each chain is its own code in the wasm.
impl Decider<'_> {
    /// Granted categories now, by id.
    fn granted_categories(&self, keep: &dyn Fn(usize) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        for (i, c) in self.policy().categories().iter().enumerate() {
            if keep(i) && self.category_at(i).is_allowed() {
                out.push(c.id.clone());
            }
        }
        out
    }

    /// Services whose state now differs from their category's (single
    /// grants and refusals the visitor made), with that state.
    fn service_overrides(&self, keep: &dyn Fn(usize) -> bool) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for (i, s) in self.policy().services().iter().enumerate() {
            let now = self.service_at(i).is_allowed();
            if keep(s.category) && now != self.category_at(s.category).is_allowed() {
                out.push((s.id.to_string(), now));
            }
        }
        out
    }

    /// The current choice plus one category or service granted: what a
    /// placeholder's "Allow" records. An id the policy does not know is
    /// recorded as a service grant, which the record refuses (an unknown
    /// service is an error there, never a silent grant).
    pub fn grant(&self, id: &str) -> ChoiceSet {
        let mut c = ChoiceSet {
            categories: self.granted_categories(&|_| true),
            services: self.service_overrides(&|_| true),
        };
        if self.policy().category(id).is_some() {
            c.grant_category(id);
        } else {
            c.set_service(id, true);
        }
        c
    }

    /// The dialog's switches saved: `switches` (category id → on) as the
    /// visitor left them, `initial` as the dialog showed them. Single-service
    /// choices survive in the categories whose switch was not touched.
    pub fn with_switches(&self, switches: &[(&str, bool)], initial: &[(&str, bool)]) -> ChoiceSet {
        fn state(list: &[(&str, bool)], id: &str) -> Option<bool> {
            for (k, v) in list {
                if *k == id {
                    return Some(*v);
                }
            }
            None
        }
        let mut categories = Vec::new();
        for (id, on) in switches {
            if *on {
                categories.push(id.to_string());
            }
        }
        let cats = self.policy().categories();
        let untouched =
            |cat: usize| state(switches, &cats[cat].id) == state(initial, &cats[cat].id);
        ChoiceSet {
            categories,
            services: self.service_overrides(&untouched),
        }
    }

    /// "Do not sell or share": every opt-out (sale/sharing) category
    /// refused, the others kept as they are now; single-service choices are
    /// dropped, so no service of a refused category stays granted.
    pub fn do_not_sell(&self) -> ChoiceSet {
        let cats = self.policy().categories();
        ChoiceSet {
            categories: self.granted_categories(&|i| !cats[i].opt_out),
            services: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Consent, ConsentId, Decider, Policy, Signals, Stored};

    const POLICY: &str = r#"{ "categories": [
        { "id": "performance", "services": ["google-analytics", "hotjar"] },
        { "id": "functionality", "services": ["youtube", "vimeo"] },
        { "id": "targeting", "optOut": true, "services": ["meta-pixel"] } ] }"#;

    fn decider<'p>(p: &'p Policy, cats: &[&str], svcs: &[(&str, bool)]) -> Decider<'p> {
        let s = Signals {
            region: crate::Region::parse("DE"),
            ..Signals::default()
        };
        let c = Consent::custom(
            p,
            ConsentId([1; 16]),
            0,
            &s,
            cats.iter().copied(),
            svcs.iter().copied(),
        )
        .unwrap();
        Decider::new(p, Stored::Valid(c), &s)
    }

    #[test]
    fn grant_adds_one_service_and_keeps_everything_else() {
        let p = Policy::from_json(POLICY).unwrap();
        let d = decider(&p, &["performance"], &[("hotjar", false)]);
        let c = d.grant("youtube");
        assert!(c.categories.contains(&"performance".to_string()));
        assert!(!c.categories.contains(&"functionality".to_string()));
        assert!(c.services.contains(&("hotjar".into(), false)), "{c:?}");
        assert!(c.services.contains(&("youtube".into(), true)), "{c:?}");
        let g = d.grant("functionality");
        assert!(g.categories.contains(&"functionality".to_string()));
    }

    #[test]
    fn saved_switches_keep_single_choices_only_where_untouched() {
        let p = Policy::from_json(POLICY).unwrap();
        let d = decider(
            &p,
            &["performance"],
            &[("hotjar", false), ("youtube", true)],
        );
        let initial = [
            ("performance", true),
            ("functionality", false),
            ("targeting", false),
        ];
        // functionality switched on: the single YouTube grant is moot; hotjar's refusal stays.
        let c = d.with_switches(
            &[
                ("performance", true),
                ("functionality", true),
                ("targeting", false),
            ],
            &initial,
        );
        assert_eq!(c.categories, ["performance", "functionality"]);
        assert_eq!(c.services, [("hotjar".to_string(), false)]);
        // performance switched off: hotjar's override goes with it.
        let c = d.with_switches(
            &[
                ("performance", false),
                ("functionality", false),
                ("targeting", false),
            ],
            &initial,
        );
        assert!(c.categories.is_empty());
        assert_eq!(c.services, [("youtube".to_string(), true)]);
    }

    #[test]
    fn do_not_sell_refuses_the_opt_out_categories_only() {
        let p = Policy::from_json(POLICY).unwrap();
        let d = decider(&p, &["performance", "targeting"], &[("youtube", true)]);
        let c = d.do_not_sell();
        assert!(c.categories.contains(&"performance".to_string()));
        assert!(!c.categories.contains(&"targeting".to_string()));
        assert!(c.services.is_empty());
    }
}
