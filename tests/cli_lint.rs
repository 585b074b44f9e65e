//! End-to-end tests of `apilint lint`, run as a user would: the built binary,
//! started in `tests/fixtures/cli/`, on small fixtures whose header comments
//! name the findings they must produce.
//!
//! Expected positions and paths were checked against Spectral 6.16.3 on the
//! same files and rule sets (`spectral lint -r ... -f json`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn apilint_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
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

fn apilint(args: &[&str]) -> Output {
    apilint_in(&fixtures(), args, None)
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
    let text = stdout(out);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items,
        other => panic!(
            "not a JSON array ({other:?}):\n{text}\nstderr:\n{}",
            stderr(out)
        ),
    }
}

/// `(code, source, path, 0-based start line, start character)` of each
/// finding, for compact comparisons.
fn summary(items: &[Value]) -> Vec<(String, String, Value, u64, u64)> {
    items
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap().to_string(),
                f["path"].clone(),
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn abs(rel: &str) -> String {
    fixtures().join(rel).display().to_string()
}

// --- exit codes ---------------------------------------------------------

#[test]
fn clean_document_exits_0_and_says_so() {
    let out = apilint(&["lint", "clean.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "No results with a severity of 'error' found!\n"
    );
}

#[test]
fn an_error_finding_exits_1_with_a_grouped_listing() {
    let out = apilint(&["lint", "errors.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Each finding is followed by its code frame.
    assert_eq!(
        stdout(&out),
        "\nerrors.yaml\n\
         \x20 errors.yaml:5:6   warning  SHOULD  info-contact           The info object must have a contact.  info\n\
         \x20     3 | #   operation-operationId (error) at 11:9 path paths./pets.get\n\
         \x20     4 | openapi: 3.0.3\n\
         \x20   > 5 | info:\n\
         \x20       |      ^\n\
         \x20     6 |   title: Errors\n\
         \x20     7 |   version: 1.0.0\n\
         \n\
         \x20 errors.yaml:11:9    error  MUST    operation-operationId  Operations must have an operationId.  paths./pets.get\n\
         \x20      9 | paths:\n\
         \x20     10 |   /pets:\n\
         \x20   > 11 |     get:\n\
         \x20        |         ^\n\
         \x20     12 |       summary: List pets\n\
         \x20     13 |       responses:\n\
         \n\
         ✖ 2 problems (1 error, 1 warning, 0 infos, 0 hints)\n"
    );
    // Without frames, Spectral 6.16.3 prints the same table, with
    // `line:col` where we print `file:line:col` (so terminals can jump
    // there).
    let out = apilint(&[
        "lint",
        "errors.yaml",
        "-r",
        "rules.yaml",
        "--code-frames",
        "0",
    ]);
    assert_eq!(
        stdout(&out),
        "\nerrors.yaml\n\
         \x20 errors.yaml:5:6   warning  SHOULD  info-contact           The info object must have a contact.  info\n\
         \x20 errors.yaml:11:9    error  MUST    operation-operationId  Operations must have an operationId.  paths./pets.get\n\
         \n\
         ✖ 2 problems (1 error, 1 warning, 0 infos, 0 hints)\n"
    );
}

#[test]
fn warnings_exit_0_by_default_and_1_with_fail_severity_warn() {
    let out = apilint(&["lint", "warn-only.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("✖ 3 problems (0 errors, 1 warning, 1 info, 1 hint)"));

    let out = apilint(&["lint", "warn-only.yaml", "-r", "rules.yaml", "-F", "warn"]);
    assert_eq!(code(&out), 1);
    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "--fail-severity=hint",
    ]);
    assert_eq!(code(&out), 1);
}

#[test]
fn exit_codes_with_and_without_require_ack() {
    // No acknowledgement file here (the search stops at the current
    // directory), so every SHOULD/MAY finding is unacknowledged;
    // tests/ack.rs covers runs with one.
    for (file, extra, expected) in [
        ("clean.yaml", &[][..], 0),
        ("clean.yaml", &["--require-ack"][..], 0),
        // SHOULD, MAY and HINT findings only.
        ("warn-only.yaml", &[][..], 0),
        ("warn-only.yaml", &["--require-ack"][..], 1),
        ("warn-only.yaml", &["--require-ack", "-q"][..], 1),
        ("warn-only.yaml", &["--fail-on", "should"][..], 1),
        // A MUST finding fails either way.
        ("errors.yaml", &[][..], 1),
        ("errors.yaml", &["--require-ack"][..], 1),
        // Usage errors stay exit 2.
        (
            "warn-only.yaml",
            &["--require-ack", "--ack-file", "nope.yaml"][..],
            2,
        ),
    ] {
        let mut args = vec!["lint", file, "-r", "rules.yaml"];
        args.extend_from_slice(extra);
        let out = apilint(&args);
        assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
    }
    // -q silences the explanation, not the exit code.
    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "--require-ack",
    ]);
    assert!(stderr(&out).contains("--require-ack: 2 SHOULD/MAY findings are not acknowledged"));
    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "--require-ack",
        "-q",
    ]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn display_only_failures_hides_findings_below_the_fail_severity() {
    // Nothing at error: the listing is Spectral's "No results" sentence.
    let out = apilint(&["lint", "warn-only.yaml", "-r", "rules.yaml", "-D"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "No results with a severity of 'error' found!\n"
    );

    // At warn, the warning stays and the info and hint go.
    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "-D",
        "-F",
        "warn",
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let codes: Vec<_> = json(&out).iter().map(|f| f["code"].clone()).collect();
    assert_eq!(codes, ["info-contact"]);

    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "-D",
        "-F",
        "info",
        "--code-frames",
        "0",
    ]);
    assert_eq!(
        stdout(&out),
        "\nwarn-only.yaml\n\
         \x20 warn-only.yaml:4:6      warning  SHOULD  info-contact      The info object must have a contact.        info\n\
         \x20 warn-only.yaml:4:6  information  MAY     info-description  The info object should have a description.  info\n\
         \n\
         ✖ 2 problems (0 errors, 1 warning, 1 info, 0 hints)\n"
    );
}

#[test]
fn quiet_suppresses_the_no_results_sentence() {
    let out = apilint(&["lint", "clean.yaml", "-r", "rules.yaml", "-q"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
}

// --- JSON output --------------------------------------------------------

#[test]
fn json_output_has_spectrals_shape() {
    let out = apilint(&["lint", "errors.yaml", "-r", "rules.yaml", "-f", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    // JSON.stringify(results, null, "\t") plus a final newline.
    assert!(text.starts_with("[\n\t{\n\t\t\"code\": "), "{text}");
    assert!(text.ends_with("\n]\n"));
    let items = json(&out);
    let expected = serde_json::json!([
        {
            "code": "info-contact",
            "path": ["info"],
            "message": "The info object must have a contact.",
            "severity": 1,
            "range": {"start": {"line": 4, "character": 5}, "end": {"line": 7, "character": 49}},
            "source": abs("errors.yaml"),
            "level": "SHOULD",
        },
        {
            "code": "operation-operationId",
            "path": ["paths", "/pets", "get"],
            "message": "Operations must have an operationId.",
            "severity": 0,
            "range": {"start": {"line": 10, "character": 8}, "end": {"line": 14, "character": 25}},
            "source": abs("errors.yaml"),
            "level": "MUST",
        }
    ]);
    assert_eq!(Value::Array(items), expected);
}

#[test]
fn json_output_of_no_findings_is_an_empty_array() {
    let out = apilint(&["lint", "clean.yaml", "-r", "rules.yaml", "-f", "json"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    let out = apilint(&[
        "lint",
        "errors.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 2);
}

// --- inputs -------------------------------------------------------------

#[test]
fn stdin_is_named_by_stdin_filepath() {
    let text = std::fs::read_to_string(fixtures().join("errors.yaml")).unwrap();
    let out = apilint_in(
        &fixtures(),
        &[
            "lint",
            "-",
            "--stdin-filepath",
            "api/openapi.yaml",
            "-r",
            "rules.yaml",
            "-f",
            "json",
        ],
        Some(&text),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let items = json(&out);
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|f| f["source"] == abs("api/openapi.yaml")));

    let out = apilint_in(&fixtures(), &["lint", "-", "-r", "rules.yaml"], Some(&text));
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("\n<stdin>\n"), "{}", stdout(&out));
}

#[test]
fn stdin_resolves_relative_refs_next_to_stdin_filepath() {
    let text = std::fs::read_to_string(fixtures().join("cycle-yaml/openapi.yaml")).unwrap();
    let out = apilint_in(
        &fixtures(),
        &[
            "lint",
            "-",
            "--stdin-filepath",
            "cycle-yaml/openapi.yaml",
            "-r",
            "cycle.spectral.yaml",
            "-f",
            "json",
        ],
        Some(&text),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let sources: Vec<String> = json(&out)
        .iter()
        .map(|f| f["source"].as_str().unwrap().to_string())
        .collect();
    assert!(
        sources.contains(&abs("cycle-yaml/schemas/pet.yaml")),
        "{sources:?}"
    );
    assert!(
        sources.contains(&abs("cycle-yaml/schemas/owner.yaml")),
        "{sources:?}"
    );
}

#[test]
fn several_files_and_globs_are_all_linted() {
    let out = apilint(&[
        "lint",
        "clean.yaml",
        "errors.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(json(&out).iter().all(|f| f["source"] == abs("errors.yaml")));

    // A quoted glob, expanded by apilint itself.
    let out = apilint(&["lint", "globdir/*.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\nglobdir/b.yaml\n"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("globdir/a.yaml"));

    let out = apilint(&[
        "lint",
        "globdir/*.{yaml,json}",
        "**/clean.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[test]
fn a_glob_matching_nothing_is_a_warning_or_alone_an_error() {
    let out = apilint(&["lint", "nothing/*.yaml", "clean.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("`nothing/*.yaml` did not match any files"));

    let out = apilint(&["lint", "nothing/*.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no files to lint"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_file_exits_2_with_its_name() {
    let out = apilint(&["lint", "does-not-exist.yaml", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("cannot read does-not-exist.yaml"), "{err}");
    assert_eq!(stdout(&out), "", "nothing was linted, so no report");

    // Next to a readable file: that one is reported, and the run still fails.
    let out = apilint(&[
        "lint",
        "errors.yaml",
        "does-not-exist.yaml",
        "-r",
        "rules.yaml",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("operation-operationId"));
}

#[test]
fn a_document_that_does_not_parse_is_a_parser_finding() {
    let out = apilint(&["lint", "broken.yaml", "-r", "rules.yaml", "-f", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let items = json(&out);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["code"], "parser");
    assert_eq!(items[0]["severity"], 0);
    assert_eq!(items[0]["source"], abs("broken.yaml"));
    // The unclosed `[` opens on line 5 (0-based 4); the parser may only
    // notice at the next line or at the end of the stream.
    let line = items[0]["range"]["start"]["line"].as_u64().unwrap();
    assert!((4..=6).contains(&line), "parser error at line {line}");
}

// --- rule sets ----------------------------------------------------------

#[test]
fn a_bad_rule_set_exits_2_naming_file_line_and_column() {
    let out = apilint(&["lint", "clean.yaml", "-r", "bad-ruleset.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    // Spectral says `bad-ruleset.yaml:7:17 — Function is not defined`.
    assert!(err.contains("bad-ruleset.yaml:7:"), "{err}");
    assert!(err.contains("notAFunction"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_missing_rule_set_file_exits_2() {
    let out = apilint(&["lint", "clean.yaml", "-r", "no-such-rules.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-rules.yaml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_ruleset_the_spectral_file_in_the_current_directory_is_used() {
    let out = apilint_in(
        &fixtures().join("with-default"),
        &["lint", "api.yaml"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("operation-operationId"));
}

#[test]
fn without_any_rule_set_it_uses_apilint_zalando() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /salesOrders:\n    get:\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let out = apilint_in(tmp.path(), &["lint", "api.yaml"], None);
    let text = stdout(&out);
    // MUST findings (errors): the guidelines' x-api-id and kebab-case paths.
    assert_eq!(code(&out), 1, "{text}{}", stderr(&out));
    assert!(text.contains("zalando-215-api-identifier"), "{text}");
    assert!(
        text.contains("zalando-129-path-segments-kebab-case"),
        "{text}"
    );
    // Spectral's rules are not part of the default.
    assert!(!text.contains("info-contact"), "{text}");
}

// --- usage --------------------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&apilint(&["lint"])), 2);
    assert_eq!(code(&apilint(&["lint", "clean.yaml", "-f", "xml"])), 2);
    assert_eq!(code(&apilint(&["lint", "clean.yaml", "-F", "fatal"])), 2);
    assert_eq!(code(&apilint(&["frobnicate"])), 2);
    let out = apilint(&["lint", "-", "-", "-r", "rules.yaml"]);
    assert_eq!(code(&out), 2);
}

/// Serves `files` (URL path → body) over HTTP on a loopback port, for up
/// to `max_requests` connections, from a background thread; returns the
/// base URL. Only 127.0.0.1 is ever contacted.
fn serve(files: Vec<(&'static str, String)>, max_requests: usize) -> String {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let Ok(mut stream) = stream else { continue };
            let mut request_line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("");
            let response = match files.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    base
}

fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap()
}

#[test]
fn remote_refs_are_followed_only_with_resolve_remote() {
    // The cycle fixture, with its two schema files served over HTTP: the
    // root refs pet.yaml by URL, pet.yaml refs owner.yaml relative to it.
    let base = serve(
        vec![
            (
                "/schemas/pet.yaml",
                fixture_text("cycle-yaml/schemas/pet.yaml"),
            ),
            (
                "/schemas/owner.yaml",
                fixture_text("cycle-yaml/schemas/owner.yaml"),
            ),
        ],
        8,
    );
    let tmp = tempfile::tempdir().unwrap();
    let root = fixture_text("cycle-yaml/openapi.yaml").replace(
        "./schemas/pet.yaml#/Pet",
        &format!("{base}/schemas/pet.yaml#/Pet"),
    );
    std::fs::write(tmp.path().join("api.yaml"), root).unwrap();
    let rules = fixtures().join("cycle.spectral.yaml");
    let rules = rules.to_str().unwrap();

    // Off by default: the ref is an invalid-ref finding, nothing is fetched.
    let out = apilint_in(
        tmp.path(),
        &["lint", "api.yaml", "-r", rules, "-f", "json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let items = json(&out);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["code"], "invalid-ref");

    // On, a document's ref still never reaches a loopback address...
    let out = apilint_in(
        tmp.path(),
        &[
            "lint",
            "api.yaml",
            "-r",
            rules,
            "-f",
            "json",
            "--resolve-remote",
        ],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let items = json(&out);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["code"], "invalid-ref");
    assert!(
        items[0]["message"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1 is not a public address"),
        "{items:?}"
    );

    // ...unless private addresses are allowed as well.
    let out = apilint_in(
        tmp.path(),
        &[
            "lint",
            "api.yaml",
            "-r",
            rules,
            "-f",
            "json",
            "--resolve-remote",
            "--allow-private-refs",
        ],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let got: Vec<(String, String, u64)> = json(&out)
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let pet = format!("{base}/schemas/pet.yaml");
    let owner = format!("{base}/schemas/owner.yaml");
    for expected in [
        ("schema-description".to_string(), pet.clone(), 0),
        ("property-description".to_string(), pet, 3),
        ("property-description".to_string(), owner.clone(), 4),
        ("property-description".to_string(), owner, 8),
    ] {
        assert!(got.contains(&expected), "{expected:?} missing from {got:?}");
    }
    assert_eq!(got.len(), 4, "{got:?}");
}

#[test]
fn a_rule_set_url_needs_resolve_remote() {
    let base = serve(vec![("/rules.yaml", fixture_text("rules.yaml"))], 4);
    let url = format!("{base}/rules.yaml");

    let out = apilint(&["lint", "errors.yaml", "-r", &url]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("needs --resolve-remote"),
        "{}",
        stderr(&out)
    );

    let out = apilint(&["lint", "errors.yaml", "-r", &url, "--resolve-remote"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("operation-operationId"));

    let out = apilint(&[
        "lint",
        "errors.yaml",
        "-r",
        &format!("{base}/missing.yaml"),
        "--resolve-remote",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("404"), "{}", stderr(&out));
}

#[test]
fn version_and_help() {
    let out = apilint(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("apilint {}\n", env!("CARGO_PKG_VERSION"))
    );

    let out = apilint(&["help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("lint"));

    let out = apilint(&["help", "lint"]);
    assert_eq!(code(&out), 0);
    for flag in [
        "--ruleset",
        "--format",
        "--fail-severity",
        "--display-only-failures",
        "--stdin-filepath",
        "--ack-file",
        "--require-ack",
    ] {
        assert!(stdout(&out).contains(flag), "{flag} missing from help");
    }
}

// --- $ref cycle over three files ----------------------------------------

/// What Spectral 6.16.3 reports for `cycle-yaml/` (sorted by file, then
/// position, as apilint sorts).
fn cycle_expectation(
    dir: &str,
    ext: &str,
    yaml_positions: bool,
) -> Vec<(String, String, Value, u64, u64)> {
    let owner = format!("{dir}/schemas/owner.{ext}");
    let pet = format!("{dir}/schemas/pet.{ext}");
    // (line, character) of each finding's start in YAML and in JSON.
    let pick = |y: (u64, u64), j: (u64, u64)| if yaml_positions { y } else { j };
    let row = |code: &str, file: &str, path: Value, (line, ch): (u64, u64)| {
        (code.to_string(), abs(file), path, line, ch)
    };
    vec![
        row(
            "property-description",
            &owner,
            serde_json::json!(["Owner", "properties", "pets"]),
            pick((4, 9), (5, 14)),
        ),
        row(
            "property-description",
            &owner,
            serde_json::json!(["Owner", "properties", "nickname"]),
            pick((8, 13), (9, 18)),
        ),
        row(
            "schema-description",
            &pet,
            serde_json::json!(["Pet"]),
            pick((0, 4), (1, 9)),
        ),
        row(
            "property-description",
            &pet,
            serde_json::json!(["Pet", "properties", "name"]),
            pick((3, 9), (4, 14)),
        ),
    ]
}

fn sorted(mut v: Vec<(String, String, Value, u64, u64)>) -> Vec<(String, String, Value, u64, u64)> {
    v.sort_by(|a, b| (&a.1, a.3, a.4, &a.0).cmp(&(&b.1, b.3, b.4, &b.0)));
    v
}

#[test]
fn ref_cycle_over_three_yaml_files_points_into_the_right_files_and_lines() {
    let out = apilint(&[
        "lint",
        "cycle-yaml/openapi.yaml",
        "-r",
        "cycle.spectral.yaml",
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        sorted(summary(&json(&out))),
        sorted(cycle_expectation("cycle-yaml", "yaml", true))
    );
}

#[test]
fn ref_cycle_over_three_json_files_points_into_the_right_files_and_lines() {
    let out = apilint(&[
        "lint",
        "cycle-json/openapi.json",
        "-r",
        "cycle.spectral.yaml",
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        sorted(summary(&json(&out))),
        sorted(cycle_expectation("cycle-json", "json", false))
    );
}

#[test]
fn ref_cycle_text_output_names_each_file_and_line() {
    let out = apilint(&[
        "lint",
        "cycle-yaml/openapi.yaml",
        "-r",
        "cycle.spectral.yaml",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    // Referenced files are named relative to the root as the user typed it.
    let owner = text.find("\ncycle-yaml/schemas/owner.yaml\n").expect(&text);
    let pet = text.find("\ncycle-yaml/schemas/pet.yaml\n").expect(&text);
    let owner_block = &text[owner..if pet > owner { pet } else { text.len() }];
    assert!(
        owner_block.contains("owner.yaml:5:10  warning  SHOULD  property-description"),
        "{text}"
    );
    assert!(
        owner_block.contains("owner.yaml:9:14  warning  SHOULD  property-description"),
        "{text}"
    );
    let pet_block = &text[pet..if owner > pet { owner } else { text.len() }];
    assert!(pet_block.contains("pet.yaml:1:5"), "{text}");
    assert!(pet_block.contains("schema-description"), "{text}");
    assert!(pet_block.contains("pet.yaml:4:10"), "{text}");
    assert!(
        text.contains("✖ 4 problems (1 error, 3 warnings, 0 infos, 0 hints)"),
        "{text}"
    );
}

/// README's first command works as printed, from the repository root, and
/// finds the sample's deliberate problems in both of its files.
#[test]
fn readme_run_command_lints_the_sample() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let command =
        "cargo run --release -- lint samples/petstore.yaml -r rulesets/example.spectral.yaml";
    assert!(
        readme.contains(command),
        "README no longer starts with the command this test runs"
    );
    let out = apilint_in(
        root,
        &[
            "lint",
            "samples/petstore.yaml",
            "-r",
            "rulesets/example.spectral.yaml",
        ],
        None,
    );
    assert_eq!(code(&out), 0, "warnings and infos only: {}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "samples/pet.yaml:14:14  warning  SHOULD  property-names-snake-case",
        "samples/petstore.yaml:4:6 ",
        "info-contact",
        "path-segments-kebab-case",
        "operationId get_pet_owner should be camelCase",
        "integer-format",
        "✖ 6 problems (0 errors, 4 warnings, 2 infos, 0 hints)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// Several formats in one run: `-o.<format>` sends one to a file, the rest
/// go to stdout; `--fail-on should` gates on warnings.
#[test]
fn several_formats_per_format_outputs_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("r.sarif");
    let out = apilint(&[
        "lint",
        "errors.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "github-actions",
        "-f",
        "sarif",
        "-o.sarif",
        sarif.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("::error file=errors.yaml,line=11"),
        "{}",
        stdout(&out)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(report["runs"][0]["results"].as_array().unwrap().len(), 2);

    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "--fail-on",
        "should",
        "-q",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let out = apilint(&[
        "lint",
        "warn-only.yaml",
        "-r",
        "rules.yaml",
        "--fail-on",
        "must",
        "-q",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = apilint(&[
        "lint",
        "errors.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
        "-f",
        "text",
        "-o",
        "x",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("-o.<format>"), "{}", stderr(&out));
}

#[test]
fn findings_the_document_exempts_are_counted_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("api.yaml"),
        "openapi: 3.0.3\nx-lint-ignore: [info-contact]\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let out = apilint_in(
        tmp.path(),
        &["lint", "api.yaml", "-r", "spectral:oas", "-f", "json"],
        None,
    );
    let text = stdout(&out);
    assert!(!text.contains("info-contact"), "{text}");
    assert!(text.contains("info-description"), "{text}");
    let err = stderr(&out);
    assert!(
        err.contains(
            "1 finding not shown: the document exempts it with x-zally-ignore / x-lint-ignore"
        ),
        "{err}"
    );
}

/// Zally's suppression fixture, `openapi3_petstore_ignored.json`, as a user
/// of apilint:zalando meets it: its root `x-zally-ignore` names one of
/// Zally's test rules, which apilint reports as ignoring nothing (with the
/// place) while every finding stays. Then the same document with entries
/// that name real rules, by guideline id at the root and by code on one
/// path: those findings move to the exempt tally, and only those.
#[test]
fn zallys_ignored_petstore_shows_suppression_working() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("../shared/corpus/zally-fixtures/openapi3_petstore_ignored.json");
    let Ok(text) = std::fs::read_to_string(&fixture) else {
        eprintln!("skipped: ../shared/corpus is not beside the repo");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("as-is.json"), &text).unwrap();
    let out = apilint_in(tmp.path(), &["lint", "as-is.json", "-f", "json"], None);
    let before: Vec<String> = json(&out)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        stderr(&out).contains(
            "as-is.json:3:5: x-zally-ignore names \"TestCheckAlwaysReport3MustViolations\", which is no rule of apilint:zalando; it ignores nothing"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("not shown"), "{}", stderr(&out));
    let count = |codes: &[String], code: &str| codes.iter().filter(|c| *c == code).count();
    assert_eq!(count(&before, "zalando-104-secure-endpoints"), 4);
    assert_eq!(count(&before, "zalando-176-problem-json"), 3);
    assert_eq!(
        count(&before, "zalando-132-header-names-hyphenated-pascal-case"),
        1
    );

    let adapted = text
        .replacen(
            "\"TestCheckAlwaysReport3MustViolations\"",
            "\"104\", \"zalando-176-problem-json\"",
            1,
        )
        .replacen("\"/pets\": {", "\"/pets\": {\"x-lint-ignore\": 132, ", 1);
    std::fs::write(tmp.path().join("adapted.json"), adapted).unwrap();
    let out = apilint_in(tmp.path(), &["lint", "adapted.json", "-f", "json"], None);
    let after: Vec<String> = json(&out)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(count(&after, "zalando-104-secure-endpoints"), 0);
    assert_eq!(count(&after, "zalando-176-problem-json"), 0);
    assert_eq!(
        count(&after, "zalando-132-header-names-hyphenated-pascal-case"),
        0
    );
    assert_eq!(after.len(), before.len() - 8, "{after:?}");
    assert!(
        stderr(&out).contains("note: 8 findings not shown: the document exempts them"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("ignores nothing"),
        "{}",
        stderr(&out)
    );
}

/// rulesets/company.spectral.yaml, the example rulesets/README.md builds
/// on, loads and does what its comments say: camelCase properties pass and
/// snake_case ones fail, a lowered rule is a SHOULD, an off rule is silent
/// and the company's own rule fires.
#[test]
fn the_example_company_rule_set_adapts_the_guidelines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ruleset = root.join("rulesets/company.spectral.yaml");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("api.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0.0, x-audience: internal}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  orderId: {type: string}\n                  created_at: {type: string, format: date-time}\n",
    )
    .unwrap();
    let out = apilint_in(
        tmp.path(),
        &[
            "lint",
            "api.yaml",
            "-r",
            ruleset.to_str().unwrap(),
            "-f",
            "json",
        ],
        None,
    );
    assert!(code(&out) != 2, "{}", stderr(&out));
    let findings = json(&out);
    let of =
        |code: &str| -> Vec<&Value> { findings.iter().filter(|f| f["code"] == code).collect() };
    let snake = of("zalando-118-property-names-snake-case");
    assert_eq!(snake.len(), 1, "{findings:?}");
    assert_eq!(
        snake[0]["message"],
        "Property name \"created_at\" is not camelCase"
    );
    assert!(of("zalando-215-api-identifier").is_empty());
    assert!(of("zalando-219-api-audience").is_empty(), "{findings:?}");
    let owner = of("company-owner-team");
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0]["level"], "MUST");
    let secure = of("zalando-104-secure-endpoints");
    assert!(!secure.is_empty());
    assert!(secure.iter().all(|f| f["level"] == "SHOULD"), "{secure:?}");
}
