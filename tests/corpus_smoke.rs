//! Every real document of the shared corpus lints without a crash, a
//! parse error, a rule error or a walk limit, in YAML as in JSON, with the
//! benchmark rule set and with both built-in rule sets together. Guards the engine against real-world shapes that
//! the small fixtures do not have (5 MB single-line JSON, deep schemas,
//! thousands of shared refs).

use std::path::Path;

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, LintOptions, ruleset};

/// The YAML and JSON documents in `dirs` of the corpus, sorted; at least
/// 60, so a corpus that went missing in part cannot pass unnoticed.
fn documents(corpus: &Path, dirs: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(corpus.join(d))
                .unwrap()
                .map(|e| e.unwrap().path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "corpus has {} documents", files.len());
    files
}

#[test]
fn the_whole_corpus_lints_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    if !corpus.exists() {
        eprintln!("skipped: ../shared/corpus is not beside the repo");
        return;
    }
    let rs = ruleset::load_file(
        &root.join("benches/rulesets/typical.yaml"),
        &ruleset::LoadOptions::default(),
    )
    .unwrap();
    let files = documents(&corpus, &["apis-guru", "yaml", "zally-fixtures"]);
    let mut problems = Vec::new();
    let mut total = 0;
    for path in &files {
        let ws = match Workspace::load_file(path, &LoadOptions::default()) {
            Ok(ws) => ws,
            Err(e) => {
                problems.push(format!("{}: does not load: {e}", path.display()));
                continue;
            }
        };
        let report = engine::lint(&ws, &rs, &LintOptions::default());
        for f in &report.findings {
            // Rule findings are expected; what must not appear is a sign
            // that the engine itself could not do its job.
            // Zally's fixtures are excerpts made to test its rules, and
            // several have refs to definitions they leave out on purpose.
            let fixture = path.components().any(|c| c.as_os_str() == "zally-fixtures");
            let engine_trouble = match f.code.as_str() {
                "parser" | "lint-limit" => true,
                "invalid-ref" => !fixture,
                _ => false,
            };
            if engine_trouble && f.severity == engine::Severity::Error {
                problems.push(format!(
                    "{}: {} at {:?}: {}",
                    path.display(),
                    f.code,
                    f.path,
                    f.message
                ));
            }
            assert!(
                f.message.len() < 2000 && !f.message.contains("{{"),
                "unfilled message: {}",
                f.message
            );
        }
        total += report.findings.len();
    }
    assert!(
        total > 50_000,
        "only {total} findings over the corpus: are the rules running?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The built-in rule sets on real documents: a rule function that panics
/// becomes a `function "…" failed` finding (see `engine::lint`), which is a
/// bug in the rule, never an expected result. Also checks that every
/// finding of `apilint:zalando` links to its guideline and that nothing is
/// left unfilled in a message.
#[test]
fn the_whole_corpus_lints_under_the_builtin_rule_sets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    if !corpus.exists() {
        eprintln!("skipped: ../shared/corpus is not beside the repo");
        return;
    }
    let rs = ruleset::load_str(
        "builtins.yaml",
        "extends: [spectral:oas, apilint:zalando]\n",
        None,
        &ruleset::LoadOptions::default(),
    )
    .unwrap();
    let files = documents(&corpus, &["apis-guru", "zally-fixtures"]);
    let mut problems = Vec::new();
    let mut zalando = 0;
    for path in &files {
        let Ok(ws) = Workspace::load_file(path, &LoadOptions::default()) else {
            continue; // the test above reports documents that do not load
        };
        let report = engine::lint(&ws, &rs, &LintOptions::default());
        for f in &report.findings {
            let name = path.file_name().unwrap().to_string_lossy();
            if f.code == "lint-limit"
                || (f.message.starts_with("function \"") && f.message.contains("\" failed: "))
            {
                problems.push(format!("{name}: {} at {:?}: {}", f.code, f.path, f.message));
            }
            if f.message.is_empty() || f.message.contains("{{") {
                problems.push(format!(
                    "{name}: {}: unfilled message {:?}",
                    f.code, f.message
                ));
            }
            if f.code.starts_with("zalando-") {
                zalando += 1;
                let anchor = f.code.split('-').nth(1).unwrap();
                let want =
                    format!("https://opensource.zalando.com/restful-api-guidelines/#{anchor}");
                if f.documentation_url.as_deref() != Some(want.as_str()) {
                    problems.push(format!(
                        "{name}: {} links to {:?}",
                        f.code, f.documentation_url
                    ));
                }
            }
        }
    }
    assert!(
        zalando > 1_000,
        "only {zalando} apilint:zalando findings over the corpus: are its rules running?"
    );
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
