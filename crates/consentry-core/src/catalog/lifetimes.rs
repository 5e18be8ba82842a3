//! How long well-known catalog cookies live, as their providers document
//! them, keyed by the catalog's cookie pattern: shown in the preferences
//! dialog. Patterns whose cookies vary in lifetime (e.g. `_hj*`) are left out
//! rather than shown wrongly.

use crate::cookie::{Lifetime, TimeUnit};

use Lifetime::{For, Session};
use TimeUnit::{Day, Hour, Minute, Month, Year};

pub(super) static LIFETIMES: &[(&str, Lifetime)] = &[
    // Google Analytics, Tag Manager, Ads, DoubleClick
    ("_ga", For(2, Year)),
    ("_ga_*", For(2, Year)),
    ("_gid", For(24, Hour)),
    ("_gat*", For(1, Minute)),
    ("_dc_gtm_*", For(1, Minute)),
    ("__utma", For(2, Year)),
    ("__utmb", For(30, Minute)),
    ("__utmc", Session),
    ("__utmt*", For(10, Minute)),
    ("__utmz", For(6, Month)),
    ("__utmv", For(2, Year)),
    ("FPID", For(2, Year)),
    ("FPLC", For(20, Hour)),
    ("_gac_*", For(90, Day)),
    ("_gcl_*", For(90, Day)),
    ("IDE", For(13, Month)),
    ("DSID", For(14, Day)),
    ("__gads", For(13, Month)),
    ("__gpi", For(13, Month)),
    // YouTube
    ("VISITOR_INFO1_LIVE", For(6, Month)),
    ("VISITOR_PRIVACY_METADATA", For(6, Month)),
    ("YSC", Session),
    // Meta
    ("_fbp", For(90, Day)),
    ("_fbc", For(90, Day)),
    ("fr", For(90, Day)),
    // HubSpot
    ("hubspotutk", For(6, Month)),
    ("__hstc", For(6, Month)),
    ("__hssc", For(30, Minute)),
    ("__hssrc", Session),
    ("messagesUtk", For(6, Month)),
    // Microsoft Advertising, Clarity
    ("_uetsid", For(1, Day)),
    ("_uetvid", For(13, Month)),
    ("MUID", For(13, Month)),
    ("_clck", For(1, Year)),
    ("_clsk", For(1, Day)),
    ("CLID", For(1, Year)),
    // LinkedIn
    ("li_fat_id", For(30, Day)),
    ("bcookie", For(1, Year)),
    ("bscookie", For(1, Year)),
    ("lidc", For(1, Day)),
    ("UserMatchHistory", For(30, Day)),
    ("AnalyticsSyncHistory", For(30, Day)),
    ("li_sugr", For(90, Day)),
    ("li_giant", For(7, Day)),
    // TikTok, Pinterest, Snap, Reddit, X
    ("_ttp", For(13, Month)),
    ("_tt_enable_cookie", For(13, Month)),
    ("_pin_unauth", For(1, Year)),
    ("_pinterest_ct_ua", For(1, Year)),
    ("_scid", For(13, Month)),
    ("_rdt_uuid", For(90, Day)),
    ("personalization_id", For(2, Year)),
    ("muc_ads", For(2, Year)),
    ("guest_id", For(2, Year)),
    // Intercom, Mixpanel, Segment, Matomo, Vimeo, Quantcast, Criteo, AddThis
    ("intercom-id-*", For(9, Month)),
    ("intercom-device-id-*", For(9, Month)),
    ("intercom-session-*", For(7, Day)),
    ("mp_*_mixpanel", For(1, Year)),
    ("ajs_anonymous_id", For(1, Year)),
    ("ajs_user_id", For(1, Year)),
    ("_pk_id*", For(13, Month)),
    ("_pk_ses*", For(30, Minute)),
    ("_pk_ref*", For(6, Month)),
    ("vuid", For(2, Year)),
    ("__qca", For(13, Month)),
    ("cto_*", For(13, Month)),
    ("__atuvc", For(13, Month)),
    ("__atuvs", For(30, Minute)),
];

/// The documented lifetime of a catalog cookie pattern.
pub(crate) fn lifetime(pattern: &str) -> Option<Lifetime> {
    LIFETIMES
        .iter()
        .find(|(p, _)| *p == pattern)
        .map(|(_, l)| *l)
}
