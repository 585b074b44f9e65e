//! Fidelity against Spectral, case by case.
//!
//! Every directory under `tests/spectral-observed/` holds a rule set, a
//! document and `expected.json`: what Spectral 6.16.3 printed for them
//! (recorded by `regenerate.sh`). This test lints each case with apilint and
//! compares code, path, message, severity, range and source, finding by
//! finding, in order.
//!
//! Where apilint knowingly differs from Spectral, the case is listed in
//! `DELIBERATE` with the reason; such cases must still lint without error,
//! and their difference must stay exactly the documented one (the test
//! checks the listed findings instead of Spectral's).

use std::path::{Path, PathBuf};

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, LintOptions, ruleset};
use serde_json::{Value, json};

/// Cases that need something this build does not have yet, with the issue
/// that brings it. They are skipped, and listed when the test runs.
const NOT_YET: &[(&str, &str)] = &[
    (
        "fn-typedEnum-via-oas",
        "needs the built-in spectral:oas rule set (issue 3)",
    ),
    (
        "ruleset-extends-recommended",
        "needs the built-in spectral:oas rule set (issue 3)",
    ),
];

/// Cases where apilint deliberately differs from Spectral. Each such case
/// directory has a `DIFFERENCE.md` saying why and an `apilint-expected.json`
/// with apilint's findings (same normalized shape), which this test checks
/// instead. `UPDATE_APILINT_EXPECTED=1` rewrites those files from the
/// current output; review the diff before committing it.
const DELIBERATE: &[&str] = &[
    "fn-unreferencedReusableObject",
    "ref-name-of-ref-value",
    "formats-unrecognized-order",
    "msg-placeholders",
    "parser-json-syntax-error",
    "parser-json-unclosed",
    "parser-yaml-syntax-error",
    "parser-yaml-syntax-error-2",
    "ref-broken",
    "yaml-anchors-merge",
];

/// One expected finding, reduced to what we compare.
fn normalize(f: &Value) -> Value {
    let path: Vec<String> = f["path"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| match p {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "code": f["code"],
        "path": path,
        "message": f["message"],
        "severity": f["severity"],
        "range": [
            f["range"]["start"]["line"], f["range"]["start"]["character"],
            f["range"]["end"]["line"], f["range"]["end"]["character"],
        ],
        "source": f["source"],
    })
}

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spectral-observed");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/spectral-observed exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("ruleset.yaml").exists() && p.join("expected.json").exists())
        .collect();
    dirs.sort();
    dirs
}

/// A case's `args` file: the documents it lints (default `doc.yaml` or
/// `doc.json`), and the CLI flags that change which findings are printed.
struct CaseArgs {
    docs: Vec<String>,
    ignore_unknown_format: bool,
    /// `-D` with the `-F` level (0 = error .. 3 = hint).
    display_only_failures: Option<u64>,
}

fn case_args(dir: &Path) -> CaseArgs {
    let text = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let mut docs = Vec::new();
    let mut fail = 0;
    let mut only_failures = false;
    let mut ignore_unknown_format = false;
    let mut it = text.split_whitespace();
    while let Some(a) = it.next() {
        match a {
            "-F" | "--fail-severity" => {
                fail = match it.next() {
                    Some("warn") => 1,
                    Some("info") => 2,
                    Some("hint") => 3,
                    _ => 0,
                }
            }
            "-f" | "--format" | "-o" | "--output" | "-r" | "--ruleset" => {
                it.next();
            }
            "-D" | "--display-only-failures" => only_failures = true,
            "--ignore-unknown-format" => ignore_unknown_format = true,
            flag if flag.starts_with('-') => {}
            doc => docs.push(doc.to_string()),
        }
    }
    if docs.is_empty() {
        docs.push(if dir.join("doc.json").exists() {
            "doc.json".into()
        } else {
            "doc.yaml".into()
        });
    }
    CaseArgs {
        docs,
        ignore_unknown_format,
        display_only_failures: only_failures.then_some(fail),
    }
}

/// Lints one case the way `apilint lint -r ruleset.yaml DOC...` would, and
/// returns the normalized findings (sources relative to the case dir).
fn lint_case(dir: &Path) -> Result<Vec<Value>, String> {
    let args = case_args(dir);
    let opts = LintOptions {
        ignore_unknown_format: args.ignore_unknown_format,
        ..LintOptions::default()
    };
    let prefix = format!("{}/", dir.display());
    let rs = ruleset::load_file(&dir.join("ruleset.yaml"), &ruleset::LoadOptions::default())
        .map_err(|e| e.to_string().replace(&prefix, ""))?;
    let mut out = Vec::new();
    for doc in &args.docs {
        let path = dir.join(doc);
        let ws = match Workspace::load_file(&path, &LoadOptions::default()) {
            Ok(ws) => ws,
            Err(apilint::document::workspace::LoadError::Parse { name, text, error }) => {
                // As the CLI reports it: one `parser` finding.
                let f = apilint::cli::lint::parse_error_finding(doc, &text, &error);
                let _ = name;
                out.push(json!({
                    "code": f.code,
                    "path": Vec::<String>::new(),
                    "message": f.message,
                    "severity": f.severity.as_number(),
                    "range": [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character],
                    "source": doc,
                }));
                continue;
            }
            Err(e) => return Err(e.to_string()),
        };
        let report = engine::lint(&ws, &rs, &opts);
        let prefix = format!("{}/", dir.display());
        for f in report.findings {
            if args
                .display_only_failures
                .is_some_and(|level| u64::from(f.severity.as_number()) > level)
            {
                continue;
            }
            let v = json!({
                "code": f.code,
                "path": f.path.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                "message": f.message,
                "severity": f.severity.as_number(),
                "range": [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character],
                "source": f.source.strip_prefix(&prefix).unwrap_or(&f.source),
            });
            out.push(v);
        }
    }
    // Several documents: one list, ordered by source (stable), as the CLI prints it.
    out.sort_by(|a, b| a["source"].as_str().cmp(&b["source"].as_str()));
    Ok(out)
}

#[test]
fn matches_spectral_on_observed_cases() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in case_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if let Some((_, why)) = NOT_YET.iter().find(|(n, _)| *n == name) {
            eprintln!("skipped {name}: {why}");
            continue;
        }
        let deliberate = DELIBERATE.contains(&name.as_str());
        if deliberate {
            assert!(
                dir.join("DIFFERENCE.md").exists(),
                "{name}: a deliberate difference needs DIFFERENCE.md"
            );
            if std::env::var_os("UPDATE_APILINT_EXPECTED").is_some() {
                let actual = lint_case(&dir).unwrap_or_else(|e| vec![json!({"error": e})]);
                std::fs::write(
                    dir.join("apilint-expected.json"),
                    serde_json::to_string_pretty(&actual).unwrap(),
                )
                .unwrap();
            }
        }
        let expected_file = if deliberate {
            "apilint-expected.json"
        } else {
            "expected.json"
        };
        let expected_text = std::fs::read_to_string(dir.join(expected_file)).unwrap();
        let expected: Vec<Value> = match serde_json::from_str::<Value>(&expected_text) {
            Ok(Value::Array(a)) if deliberate => a,
            Ok(Value::Array(a)) => a.iter().map(normalize).collect(),
            // Spectral printed no JSON (it failed before linting): the case
            // is about the CLI, not about findings.
            _ => continue,
        };
        checked += 1;
        // A rule set apilint rejects on purpose is recorded as `{"error"}`.
        let outcome = lint_case(&dir).or_else(|e| {
            if deliberate {
                Ok(vec![json!({"error": e})])
            } else {
                Err(e)
            }
        });
        match outcome {
            Err(e) => failures.push(format!("{name}: apilint failed: {e}")),
            Ok(actual) => {
                if actual != expected {
                    let mut diff = String::new();
                    for f in &expected {
                        if !actual.contains(f) {
                            diff.push_str(&format!("\n    missing: {f}"));
                        }
                    }
                    for f in &actual {
                        if !expected.contains(f) {
                            diff.push_str(&format!("\n    extra:   {f}"));
                        }
                    }
                    if diff.is_empty() {
                        diff = "\n    same findings, different order".to_string();
                    }
                    failures.push(format!("{name}:{diff}"));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from Spectral:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
