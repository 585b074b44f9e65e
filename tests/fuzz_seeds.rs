//! The fuzz targets' bodies (`apilint::fuzzing`) on the seeds that are in
//! the repository, on stable Rust: the committed inputs in `fuzz/inputs/`
//! (among them every input that once broke a target) and the files the
//! seed script (`scripts/fuzz-seeds.sh`) takes from the repository. Fuzzing
//! itself needs nightly and time (`scripts/fuzz.sh`); this keeps the
//! harness compiling and its checks passing on the inputs we know.

use std::path::{Path, PathBuf};

use apilint::fuzzing;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` (recursively) whose name ends with one of `exts`.
fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, exts, out);
        } else {
            let name = path.file_name().unwrap().to_string_lossy();
            if exts.iter().any(|e| name.ends_with(e)) && !name.ends_with(".expect.json") {
                out.push(path);
            }
        }
    }
}

/// Runs `target` on each file, naming the file when it panics.
fn run_all(target: fn(&[u8]), paths: &[PathBuf]) {
    for path in paths {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(outcome.is_ok(), "the target panicked on {}", path.display());
    }
}

fn committed(target: &str) -> Vec<PathBuf> {
    let dir = root().join("fuzz/inputs").join(target);
    let mut out = Vec::new();
    files(&dir, &[""], &mut out);
    assert!(!out.is_empty(), "no committed inputs in {}", dir.display());
    out
}

#[test]
fn document_target_holds_on_the_committed_inputs_and_the_repository_documents() {
    let mut paths = committed("document");
    for dir in ["tests/hostile", "tests/fixtures", "samples"] {
        files(&root().join(dir), &[".yaml", ".yml", ".json"], &mut paths);
    }
    assert!(paths.len() > 50, "only {} documents", paths.len());
    run_all(fuzzing::document, &paths);
}

#[test]
fn jsonpath_target_holds_on_the_committed_inputs() {
    run_all(fuzzing::jsonpath, &committed("jsonpath"));
}

#[test]
fn ruleset_target_holds_on_the_committed_inputs_and_the_repository_rule_sets() {
    let mut paths = committed("ruleset");
    files(&root().join("rulesets"), &[".yaml", ".json"], &mut paths);
    files(
        &root().join("tests/fixtures/rulesets"),
        &[".yaml", ".json"],
        &mut paths,
    );
    assert!(paths.len() > 30, "only {} rule sets", paths.len());
    run_all(fuzzing::ruleset, &paths);
}
