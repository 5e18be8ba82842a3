//! Native guard: the browser test embeds the vector files by name, so a new
//! file in tests/vectors must be added there too.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn vector_files_are_all_listed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let listed = include_str!("vectors.rs");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            n += 1;
            let needle = format!("include_str!(\"../../../tests/vectors/{name}\")");
            assert!(
                listed.contains(&needle),
                "{name} is not run in the browser test"
            );
        }
    }
    assert!(n >= 10);
}
