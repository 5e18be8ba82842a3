use super::CatalogEntry;

pub(crate) static ENTRIES: &[CatalogEntry] = &[];
