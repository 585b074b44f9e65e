//! Acknowledgements end to end: the built binary, run in a temporary copy of
//! `tests/fixtures/ack/` that is marked as a repository root, with an
//! acknowledgement file put in place per test (see the fixtures' README).
//!
//! Covers every exit code with and without `--require-ack`, discovery of
//! `.apilint-ack.yaml` (next to the document, up to the repository root or
//! the current directory) and `--ack-file`, MUST findings that cannot be
//! acknowledged, stale and expired entries, a bad file, and how each format
//! shows acknowledged findings.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ack")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A repository holding the fixtures; `ack` (a file of `acks/`) is put in
/// place as `api/.apilint-ack.yaml`, next to the documents.
fn repo(ack: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), dir.path());
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    if let Some(name) = ack {
        std::fs::copy(
            fixtures().join("acks").join(name),
            dir.path().join("api/.apilint-ack.yaml"),
        )
        .unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the apilint binary runs");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

/// `apilint lint DOC -r rules.yaml ARGS...` in `dir`.
fn lint(dir: &Path, doc: &str, args: &[&str]) -> Output {
    let mut all = vec!["lint", doc, "-r", "rules.yaml"];
    all.extend_from_slice(args);
    run_in(dir, &all, None)
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(out: &Output) -> Vec<Value> {
    serde_json::from_str::<Value>(&stdout(out))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)))
        .as_array()
        .unwrap()
        .clone()
}

const DOC: &str = "api/openapi.yaml";
const LEGACY: &str = "api/legacy.yaml";

#[test]
fn without_an_acknowledgement_file_require_ack_fails_on_should_and_may() {
    let dir = repo(None);
    let out = lint(dir.path(), DOC, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(
            "--require-ack: 2 SHOULD/MAY findings are not acknowledged (no .apilint-ack.yaml was found; create one)"
        ),
        "{}",
        stderr(&out)
    );
    // `-D` hides the findings but not from the gate.
    let hidden = lint(dir.path(), DOC, &["--require-ack", "-D"]);
    assert_eq!(code(&hidden), 1);
    // Hints do not need an acknowledgement: with SHOULD and MAY
    // acknowledged, the open hint passes.
    std::fs::write(
        dir.path().join("api/.apilint-ack.yaml"),
        "acknowledgements:\n  - rule: info-*\n    path: /info\n    reason: r\n    author: a\n  - rule: info-contact\n    path: /info\n    reason: Portal.\n    author: jane\n  - rule: info-description\n    path: info\n    reason: Portal.\n    author: jane\n",
    )
    .unwrap();
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // `rule` is a code, not a pattern: the `info-*` entry is stale.
    assert!(stderr(&out).contains("acknowledgement of info-* at /info matches no finding (stale)"));
}

#[test]
fn a_file_next_to_the_document_acknowledges_everything_it_matches() {
    let dir = repo(Some("all.yaml"));
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stderr(&out), "", "no stale entries, nothing to say");
    let text = stdout(&out);
    assert!(
        text.contains("api/openapi.yaml:6:6       ✓ warning  SHOULD  info-contact"),
        "{text}"
    );
    assert!(
        text.contains("✓ information  MAY     info-description"),
        "{text}"
    );
    assert!(text.contains("✓ hint  HINT    operation-summary"), "{text}");
    assert!(text.ends_with(
        "✖ 3 problems (0 errors, 1 warning, 1 info, 1 hint)\n✓ 3 acknowledged in api/.apilint-ack.yaml\n"
    ));
}

#[test]
fn acknowledged_findings_do_not_fail_the_severity_gate() {
    let dir = repo(Some("all.yaml"));
    // Everything at or above hint is acknowledged: nothing fails.
    let out = lint(dir.path(), DOC, &["-F", "hint"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = lint(dir.path(), DOC, &["--fail-on", "should", "--require-ack"]);
    assert_eq!(code(&out), 0);
    // Without the file the same gate fails.
    let bare = repo(None);
    assert_eq!(code(&lint(bare.path(), DOC, &["-F", "hint"])), 1);
}

#[test]
fn a_partly_acknowledged_run_fails_only_with_require_ack() {
    let dir = repo(None);
    std::fs::write(
        dir.path().join("api/.apilint-ack.yaml"),
        "acknowledgements:\n  - rule: info-contact\n    path: /info\n    reason: Portal.\n    author: jane\n",
    )
    .unwrap();
    assert_eq!(code(&lint(dir.path(), DOC, &[])), 0);
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains(
        "--require-ack: 1 SHOULD/MAY finding is not acknowledged (acknowledge them in api/.apilint-ack.yaml or fix them)"
    ));
    // The open MAY finding fails `-F info`; the acknowledged SHOULD one
    // alone would not.
    assert_eq!(code(&lint(dir.path(), DOC, &["-F", "info"])), 1);
    assert_eq!(code(&lint(dir.path(), DOC, &["-F", "warn"])), 0);
}

#[test]
fn must_findings_cannot_be_acknowledged() {
    let dir = repo(Some("must.yaml"));
    let out = lint(dir.path(), LEGACY, &["-f", "json"]);
    assert_eq!(code(&out), 1);
    let items = json(&out);
    let codes: Vec<&str> = items.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["info-contact", "operation-operationId", "ack-must-finding"]
    );
    let must = &items[2];
    assert_eq!(must["severity"], 0);
    assert_eq!(
        must["source"],
        dir.path()
            .join("api/.apilint-ack.yaml")
            .display()
            .to_string()
    );
    // Line 3, column 5 (1-based): the entry.
    assert_eq!(
        must["range"]["start"],
        serde_json::json!({"line": 2, "character": 4})
    );
    assert_eq!(
        must["message"],
        "MUST findings cannot be acknowledged: operation-operationId at /paths/~1pets/get is an error (matched 1 finding); fix the document instead"
    );
    // The text report names it `file:line:col`, and the MUST finding stays.
    let text = stdout(&lint(dir.path(), LEGACY, &[]));
    assert!(
        text.contains("api/.apilint-ack.yaml:3:5  error  MUST  ack-must-finding"),
        "{text}"
    );
    assert!(
        text.contains("api/legacy.yaml:11:9    error  MUST    operation-operationId"),
        "{text}"
    );
    assert!(!text.contains('✓'));
}

#[test]
fn stale_entries_are_warnings_and_change_no_exit_code() {
    let dir = repo(Some("stale-and-expired.yaml"));
    let out = lint(dir.path(), LEGACY, &["-F", "error"]);
    // The MUST finding of legacy.yaml fails the run as always.
    assert_eq!(code(&out), 1);
    let out = lint(dir.path(), DOC, &[]);
    assert_eq!(code(&out), 0, "stale and expired entries do not fail a run");
    assert_eq!(
        stderr(&out),
        "warning: api/.apilint-ack.yaml:3:5: acknowledgement of info-license at /info matches no finding (stale); remove it\n\
         warning: api/.apilint-ack.yaml:7:5: acknowledgement of info-contact at /info expired on 2000-01-01; 1 finding is no longer acknowledged\n"
    );
    // -q keeps stderr quiet; the markdown report still lists them.
    let out = lint(dir.path(), DOC, &["-q", "-f", "markdown"]);
    assert_eq!(stderr(&out), "");
    let md = stdout(&out);
    assert!(md.contains("#### Acknowledgements to review (2)\n\n- `api/.apilint-ack.yaml:3:5` — `info-license` at `/info`: matches no finding (stale); remove it\n"), "{md}");
    assert!(md.contains("expired on 2000-01-01; 1 finding is no longer acknowledged"));
}

#[test]
fn an_expired_entry_acknowledges_nothing() {
    let dir = repo(Some("stale-and-expired.yaml"));
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 1);
    assert!(!stdout(&out).contains('✓'), "{}", stdout(&out));
    // The same entry without its expiry holds.
    let text = std::fs::read_to_string(dir.path().join("api/.apilint-ack.yaml"))
        .unwrap()
        .replace("expires: 2000-01-01", "expires: 2999-12-31");
    std::fs::write(dir.path().join("api/.apilint-ack.yaml"), text).unwrap();
    let out = lint(dir.path(), DOC, &[]);
    assert!(
        stdout(&out).contains("✓ warning  SHOULD  info-contact"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_bad_acknowledgement_file_exits_2_naming_line_and_column() {
    let dir = repo(Some("invalid.yaml"));
    let out = lint(dir.path(), DOC, &["-f", "json"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "", "nothing is linted");
    assert_eq!(
        stderr(&out),
        "error: invalid acknowledgement file api/.apilint-ack.yaml:\n\
         api/.apilint-ack.yaml:6:5: unknown field `expiers`, expected one of `rule`, `path`, `file`, `reason`, `author`, `expires`\n"
    );
    // A syntax error is positioned too.
    std::fs::write(
        dir.path().join("api/.apilint-ack.yaml"),
        "acknowledgements:\n  - rule: [x\n",
    )
    .unwrap();
    let out = lint(dir.path(), DOC, &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with(
            "error: invalid acknowledgement file api/.apilint-ack.yaml:\napi/.apilint-ack.yaml:3:"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ack_file_overrides_discovery() {
    // api/.apilint-ack.yaml (stale and expired entries) is not read.
    let dir = repo(Some("stale-and-expired.yaml"));
    let out = lint(
        dir.path(),
        DOC,
        &["--ack-file", "acks/all.yaml", "--require-ack"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(
        stdout(&out).contains("✓ 3 acknowledged in acks/all.yaml"),
        "{}",
        stdout(&out)
    );
    let out = lint(dir.path(), DOC, &["--ack-file", "missing.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: cannot read acknowledgement file missing.yaml: "));
}

#[test]
fn discovery_walks_up_to_the_repository_root_and_no_further() {
    let dir = repo(None);
    // A file at the repository root applies to documents below it.
    std::fs::copy(
        fixtures().join("acks/all.yaml"),
        dir.path().join(".apilint-ack.yaml"),
    )
    .unwrap();
    let out = lint(dir.path(), DOC, &["--require-ack"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("✓ 3 acknowledged in .apilint-ack.yaml"));

    // A file above the repository root does not.
    let outer = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), &outer.path().join("repo"));
    std::fs::rename(
        outer.path().join("repo/.apilint-ack.yaml"),
        outer.path().join(".apilint-ack.yaml"),
    )
    .unwrap();
    let out = run_in(
        &outer.path().join("repo/api"),
        &[
            "lint",
            "openapi.yaml",
            "-r",
            "../rules.yaml",
            "--require-ack",
        ],
        None,
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("no .apilint-ack.yaml was found"));
}

#[test]
fn file_globs_limit_an_entry_to_some_documents() {
    // all.yaml's info-contact entry has `file: "**/openapi.yaml"`: with
    // the file at the repository root it matches openapi.yaml, not
    // legacy.yaml, although both have the finding.
    let dir = repo(Some("all.yaml"));
    std::fs::rename(
        dir.path().join("api/.apilint-ack.yaml"),
        dir.path().join(".apilint-ack.yaml"),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["lint", DOC, LEGACY, "-r", "rules.yaml", "-f", "sarif"],
        None,
    );
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let contact: Vec<(&str, bool)> = results
        .iter()
        .filter(|r| r["ruleId"] == "info-contact")
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                r.get("suppressions").is_some(),
            )
        })
        .collect();
    assert_eq!(
        contact,
        [("api/openapi.yaml", true), ("api/legacy.yaml", false)]
    );
}

#[test]
fn sarif_output_carries_the_acknowledgement_as_a_suppression() {
    let dir = repo(Some("all.yaml"));
    std::fs::rename(
        dir.path().join("api/.apilint-ack.yaml"),
        dir.path().join(".apilint-ack.yaml"),
    )
    .unwrap();
    let out = lint(dir.path(), DOC, &["-f", "sarif"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "info-contact");
    assert_eq!(
        result["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "The contact is published on the developer portal.",
            "location": { "physicalLocation": {
                "artifactLocation": { "uri": ".apilint-ack.yaml", "uriBaseId": "SRCROOT" },
                "region": { "startLine": 3, "startColumn": 5 }
            }},
            "properties": { "author": "jane.doe@example.com", "expires": "2999-12-31" }
        }])
    );
}

#[test]
fn json_output_keeps_spectrals_shape() {
    let dir = repo(Some("all.yaml"));
    let with = json(&lint(dir.path(), DOC, &["-f", "json"]));
    let bare = repo(None);
    let without = json(&lint(bare.path(), DOC, &["-f", "json"]));
    let strip = |items: Vec<Value>| -> Vec<Value> {
        items
            .into_iter()
            .map(|mut f| {
                f["source"] = Value::Null;
                f
            })
            .collect()
    };
    assert_eq!(strip(with), strip(without));
}

#[test]
fn stdin_finds_the_file_next_to_stdin_filepath() {
    let dir = repo(Some("all.yaml"));
    let text = std::fs::read_to_string(dir.path().join(DOC)).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "lint",
            "-",
            "--stdin-filepath",
            "api/openapi.yaml",
            "-r",
            "rules.yaml",
            "--require-ack",
        ],
        Some(&text),
    );
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn markdown_ticks_acknowledged_items_and_counts_open_ones() {
    let dir = repo(None);
    std::fs::write(
        dir.path().join("api/.apilint-ack.yaml"),
        "acknowledgements:\n  - rule: info-contact\n    path: /info\n    reason: Portal.\n    author: jane\n",
    )
    .unwrap();
    let out = lint(dir.path(), DOC, &["-f", "markdown", "--require-ack"]);
    assert_eq!(code(&out), 1);
    let md = stdout(&out);
    assert!(
        md.contains("✅ No MUST findings\n❌ 1 SHOULD/MAY finding is not acknowledged\n"),
        "{md}"
    );
    assert!(md.contains(
        "- [x] **SHOULD** `info-contact` — The info object must have a contact. — `api/openapi.yaml:6:6` (`info`)\n  Acknowledged by jane: Portal.\n"
    ), "{md}");
    assert!(md.contains("- [ ] **MAY** `info-description`"), "{md}");
}
