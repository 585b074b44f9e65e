//! `APILINT_TIMING`: `apilint lint` prints a table of the slowest rules and
//! the phases of the run to stderr, after the report, and only when asked.

use std::process::{Command, Output};

const SPEC: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
"#;

fn lint(timing: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("api.yaml");
    std::fs::write(&spec, SPEC).expect("write spec");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apilint"));
    cmd.args(["lint", "-r", "spectral:oas", "-f", "json"])
        .arg(&spec)
        .env_remove("APILINT_TIMING");
    if let Some(v) = timing {
        cmd.env("APILINT_TIMING", v);
    }
    cmd.output().expect("run apilint")
}

#[test]
fn timing_table_lists_rules_and_phases_on_stderr() {
    let out = lint(Some("1"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The report itself is unchanged: still one JSON document on stdout.
    assert!(stdout.trim_start().starts_with('['), "{stdout}");
    let header = stderr
        .lines()
        .find(|l| l.starts_with("Rule"))
        .unwrap_or_else(|| panic!("no rule table: {stderr}"));
    for column in ["Time (ms)", "Relative", "Matches", "Calls"] {
        assert!(header.contains(column), "{header}");
    }
    // A rule that certainly ran on this document has a row.
    assert!(
        stderr.lines().any(|l| l.starts_with("info-contact ")
            || l.starts_with("operation-description ")
            || l.contains('%')),
        "{stderr}"
    );
    for phase in [
        "rule set",
        "parse",
        "resolve",
        "walk/match",
        "functions",
        "findings",
        "render",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(phase) && l.contains('|')),
            "phase {phase} missing: {stderr}"
        );
    }
}

#[test]
fn no_timing_table_without_the_variable() {
    for value in [None, Some("0")] {
        let out = lint(value);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Time (ms)"), "{value:?}: {stderr}");
    }
}
