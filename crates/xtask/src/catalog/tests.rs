use super::*;

#[test]
fn generated_catalog_is_current() {
    check().unwrap();
}

#[test]
fn ocd_retentions_read() {
    assert_eq!(ocd::retention("2 years").as_deref(), Some("2y"));
    assert_eq!(ocd::retention("30 Days").as_deref(), Some("30d"));
    assert_eq!(ocd::retention("3 weeks").as_deref(), Some("21d"));
    assert_eq!(ocd::retention("Session").as_deref(), Some("session"));
    assert_eq!(ocd::retention("Unknown"), None);
    let rows = ocd::load().unwrap();
    assert!(rows.len() > 2000, "{} OCD rows", rows.len());
    assert!(rows
        .iter()
        .any(|r| r.platform == "Google Analytics" && r.name == "_ga"));
}
