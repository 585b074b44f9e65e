//! Custom JavaScript functions run sandboxed: hostile functions (an
//! endless loop, a 2 GB allocation, allocation without end, `require('fs')`,
//! `import('http')`, `process.exit()`, a thrown non-string) each yield one
//! clear `rule-function-error` finding while the rest of the lint finishes,
//! with the process's peak memory bounded; well-behaved functions (ES
//! module, CommonJS, `createRulesetFunction`) get Spectral's arguments.
//!
//! Fixtures: tests/fixtures/js-sandbox/ (rule set, functions, document).

use std::path::Path;
use std::time::{Duration, Instant};

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, Finding, LintOptions, ruleset};
use apilint::sandbox::{self, Limits};

const MEMORY_LIMIT_MB: usize = 128;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/js-sandbox")
        .join(name)
}

fn lint(ruleset_path: &Path, doc: &Path) -> Vec<Finding> {
    sandbox::set_limits(Limits {
        timeout: Duration::from_millis(Limits::DEFAULT_TIMEOUT_MS),
        memory_bytes: MEMORY_LIMIT_MB << 20,
    });
    let rs = ruleset::load_file(ruleset_path, &ruleset::LoadOptions::default())
        .unwrap_or_else(|e| panic!("rule set does not load:\n{e}"));
    let ws = Workspace::load_file(doc, &LoadOptions::default()).unwrap();
    let opts = LintOptions {
        threads: 1,
        ..LintOptions::default()
    };
    engine::lint(&ws, &rs, &opts).findings
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_rss_mb() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn hostile_functions_each_yield_one_clear_finding_and_the_lint_finishes() {
    let started = Instant::now();
    let findings = lint(&fixture("ruleset.yaml"), &fixture("api.yaml"));
    let elapsed = started.elapsed();
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == sandbox::FUNCTION_ERROR_CODE)
        .collect();
    // (function, what its one finding must say)
    let expected = [
        ("endless-loop", "did not finish within 250 ms"),
        ("huge-allocation", "ran out of memory"),
        ("growing-allocation", "did not finish within 250 ms"),
        ("read-file", "require('fs') is not available"),
        ("import-http", "import of 'http' is not available"),
        ("exit-process", "process is not defined"),
        (
            "throw-object",
            "threw a non-string value, object {\"code\":42}",
        ),
    ];
    for (function, reason) in expected {
        let hits: Vec<&&Finding> = errors
            .iter()
            .filter(|f| f.message.contains(&format!("function \"{function}\"")))
            .collect();
        assert_eq!(hits.len(), 1, "{function}: {errors:#?}");
        assert!(
            hits[0].message.contains(reason),
            "{function}: {}",
            hits[0].message
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");

    // The well-behaved functions ran, before and after the hostile ones.
    let messages = |code: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.message.as_str())
            .collect()
    };
    assert_eq!(
        messages("needs-summary"),
        ["operation has no summary", "operation has no summary"]
    );
    assert_eq!(
        messages("describes-context"),
        ["info | describes-context | true | true | Sandbox test | hello | title,version"]
    );
    assert_eq!(
        messages("short-ids"),
        ["\"replaceTheWholeA\" is longer than 8"]
    );

    // Three functions are stopped by a limit, each after its first call.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    if let Some(peak) = peak_rss_mb() {
        assert!(
            peak < MEMORY_LIMIT_MB + 250,
            "peak RSS {peak} MB with a {MEMORY_LIMIT_MB} MB limit"
        );
    }
}

/// Writes a rule set with one function `f` (source `js`) and a document,
/// returning the folder.
fn one_function(rule: &str, js: &str, doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("functions")).unwrap();
    std::fs::write(dir.path().join("functions/f.js"), js).unwrap();
    std::fs::write(
        dir.path().join("ruleset.yaml"),
        format!("functions: [f]\nrules:\n{rule}"),
    )
    .unwrap();
    std::fs::write(dir.path().join("doc.yaml"), doc).unwrap();
    dir
}

#[test]
fn circular_refs_are_objects_that_contain_themselves() {
    let dir = one_function(
        "  self-ref:\n    given: $.components.schemas.Node\n    severity: error\n    then: { function: f }\n",
        "export default (node) => [{ message: String(node.properties.next === node) }];\n",
        "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: { $ref: '#/components/schemas/Node' }\n",
    );
    let findings = lint(
        &dir.path().join("ruleset.yaml"),
        &dir.path().join("doc.yaml"),
    );
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages, ["true"]);
}

#[test]
fn a_syntax_error_is_a_rule_set_error_with_its_position() {
    let dir = one_function(
        "  r:\n    given: $\n    then: { function: f }\n",
        "export default (x) => {\n  return [{ message: 'a' ]];\n};\n",
        "{}",
    );
    let err = ruleset::load_file(
        &dir.path().join("ruleset.yaml"),
        &ruleset::LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("ruleset.yaml:1:13"), "{err}");
    assert!(err.contains("function \"f\""), "{err}");
    assert!(err.contains("does not compile"), "{err}");
    assert!(err.contains("f.js:2:"), "{err}");
}

#[test]
fn a_missing_function_file_is_a_rule_set_error() {
    let dir = one_function("  r:\n    given: $\n    then: { function: g }\n", "", "{}");
    std::fs::write(
        dir.path().join("ruleset.yaml"),
        "functions: [f, g]\nrules:\n  r:\n    given: $\n    then: { function: g }\n",
    )
    .unwrap();
    let err = ruleset::load_file(
        &dir.path().join("ruleset.yaml"),
        &ruleset::LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("cannot read function \"g\"") && err.contains("no such file"),
        "{err}"
    );
}
