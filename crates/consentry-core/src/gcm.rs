//! Google Consent Mode v2: the seven consent types and their state.

use serde::Serialize;

/// A Google Consent Mode v2 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GcmType {
    /// `ad_storage`
    AdStorage,
    /// `ad_user_data`
    AdUserData,
    /// `ad_personalization`
    AdPersonalization,
    /// `analytics_storage`
    AnalyticsStorage,
    /// `functionality_storage`
    FunctionalityStorage,
    /// `personalization_storage`
    PersonalizationStorage,
    /// `security_storage`
    SecurityStorage,
}

impl GcmType {
    /// All seven, in Google's documented order.
    pub const ALL: [GcmType; 7] = [
        GcmType::AdStorage,
        GcmType::AdUserData,
        GcmType::AdPersonalization,
        GcmType::AnalyticsStorage,
        GcmType::FunctionalityStorage,
        GcmType::PersonalizationStorage,
        GcmType::SecurityStorage,
    ];

    /// Google's name, e.g. `ad_storage`.
    pub fn as_str(self) -> &'static str {
        match self {
            GcmType::AdStorage => "ad_storage",
            GcmType::AdUserData => "ad_user_data",
            GcmType::AdPersonalization => "ad_personalization",
            GcmType::AnalyticsStorage => "analytics_storage",
            GcmType::FunctionalityStorage => "functionality_storage",
            GcmType::PersonalizationStorage => "personalization_storage",
            GcmType::SecurityStorage => "security_storage",
        }
    }

    /// Parses Google's name.
    pub fn parse(s: &str) -> Option<GcmType> {
        GcmType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The default mapping from the standard categories.
    pub fn defaults_for(category: &str) -> &'static [GcmType] {
        match category {
            "mandatory" => &[GcmType::SecurityStorage],
            "performance" => &[GcmType::AnalyticsStorage],
            "functionality" => &[
                GcmType::FunctionalityStorage,
                GcmType::PersonalizationStorage,
            ],
            "targeting" => &[
                GcmType::AdStorage,
                GcmType::AdUserData,
                GcmType::AdPersonalization,
            ],
            _ => &[],
        }
    }
}

/// Granted/denied for each of the seven types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GcmState {
    granted: [bool; 7],
}

impl GcmState {
    /// Whether this type is granted.
    pub fn is_granted(&self, t: GcmType) -> bool {
        self.granted[t as usize]
    }

    pub(crate) fn grant(&mut self, t: GcmType) {
        self.granted[t as usize] = true;
    }

    /// `(type, "granted" | "denied")` for all seven types.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        GcmType::ALL.into_iter().map(|t| {
            (
                t.as_str(),
                if self.is_granted(t) {
                    "granted"
                } else {
                    "denied"
                },
            )
        })
    }

    /// The object literal for `gtag('consent', …, {…})`, e.g.
    /// `{"ad_storage":"denied",…}`; plain ASCII, safe inside a `<script>`.
    pub fn to_json(&self) -> String {
        let mut s = String::with_capacity(200);
        s.push('{');
        for (i, (k, v)) in self.entries().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push('"');
            s.push_str(k);
            s.push_str("\":\"");
            s.push_str(v);
            s.push('"');
        }
        s.push('}');
        s
    }
}

impl Serialize for GcmState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(7))?;
        for (k, v) in self.entries() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}
