//! The crate's public Rust surface has one path per item (issue 14): the public namespaces are
//! the crate root, `gate`, `cqr`, `settle`, `settle::gate` and `settle::cqr`; every other module
//! is private and its items are re-exported once, by the namespace's `mod.rs` (or `lib.rs`).
//!
//! rustdoc's JSON output would pin the item list itself, but it is nightly-only; this test pins
//! what makes a second path possible instead: a `pub mod` or a `pub use` anywhere else. Adding
//! a public module or re-export on purpose means updating the tables below and the "Rust API"
//! section of the README.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// `(file, module)` for every `pub mod` the crate may declare.
const PUBLIC_MODULES: &[(&str, &str)] = &[
    ("src/lib.rs", "cqr"),
    ("src/lib.rs", "gate"),
    ("src/lib.rs", "settle"),
    // Declared only under `--cfg fuzzing`: the C ABI's Rust items for the in-process fuzz target.
    ("src/lib.rs", "fuzz_capi"),
    ("src/settle/mod.rs", "cqr"),
    ("src/settle/mod.rs", "gate"),
    // Reached as `gate::account_check_code` (the answer codes of the account check).
    ("src/gate/account_check.rs", "code"),
    // Submodules of `capi`, which is private outside the fuzz build.
    ("src/capi/mod.rs", "cqr"),
    ("src/capi/mod.rs", "document"),
    ("src/capi/mod.rs", "events"),
    ("src/capi/mod.rs", "gate"),
    ("src/capi/mod.rs", "money"),
    ("src/capi/mod.rs", "settle"),
];

/// The files that may re-export (`pub use`): the namespaces' roots.
const REEXPORTING_FILES: &[&str] = &[
    "src/lib.rs",
    "src/gate/mod.rs",
    "src/cqr/mod.rs",
    "src/settle/mod.rs",
    "src/capi/mod.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable src/") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            // The CLI is a binary: its modules are not the library's API.
            if !path.ends_with("bin") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(file, first word after the keyword)` for each line that starts with `keyword`.
fn declarations(keyword: &str) -> BTreeSet<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("UTF-8 source");
        let rel = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix(keyword) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.insert((rel.clone(), name));
            }
        }
    }
    found
}

#[test]
fn only_the_namespaces_are_public_modules() {
    let want: BTreeSet<(String, String)> = PUBLIC_MODULES
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    assert_eq!(declarations("pub mod "), want);
}

#[test]
fn only_the_namespace_roots_re_export() {
    let stray: Vec<(String, String)> = declarations("pub use ")
        .into_iter()
        .filter(|(file, _)| !REEXPORTING_FILES.contains(&file.as_str()))
        .collect();
    assert!(
        stray.is_empty(),
        "pub use outside a namespace root makes a second path: {stray:?}"
    );
}
