//! The pipeline examples in `docs/pipelines/` work as written: each file is
//! valid YAML; its marked shell blocks (`# >>> apilint`, `# >>> post-comment`,
//! GitLab's `# >>> gate`) are run as the CI would run them, with the CI's
//! environment variables, against a shared corpus spec; the posting step's
//! curl request goes to a loopback mock of the CI's comment endpoint, which
//! checks the method, path, auth header and that the JSON body carries the
//! markdown report apilint wrote.
//!
//! Needs `curl` and `jq` (as the CI images have them); without them the
//! test is skipped with a message, except under `CI=true`, where it fails.

mod service_support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use apilint::document::Workspace;
use apilint::document::workspace::{FileAccess, LoadOptions};

/// The spec every pipeline lints: a Zally fixture with MUST findings.
const CORPUS_SPEC: &str = "corpus/zally-fixtures/api_spa.yaml";

/// One request as the mock received it.
#[derive(Debug)]
struct Request {
    method: String,
    /// Path and query.
    target: String,
    /// Lower-case names.
    headers: HashMap<String, String>,
    body: String,
}

/// A loopback HTTP server that answers one request with `201 {}` and
/// hands it over.
fn mock_api() -> (String, mpsc::Receiver<Request>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let mut writer = stream;
        // curl waits for this before sending a large body.
        if headers
            .get("expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
        {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").unwrap();
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        writer
            .write_all(
                b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            )
            .unwrap();
        let _ = tx.send(Request {
            method,
            target,
            headers,
            body: String::from_utf8(body).unwrap(),
        });
    });
    (base, rx)
}

/// The blocks between `# >>> name` and `# <<< name`, in file order,
/// dedented to their marker's column.
fn marked_blocks(yaml: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut open {
            None => {
                if let Some(name) = trimmed.strip_prefix("# >>> ") {
                    open = Some((name.trim().to_string(), indent, String::new()));
                }
            }
            Some((name, col, text)) => {
                if trimmed.strip_prefix("# <<< ").map(str::trim) == Some(name.as_str()) {
                    let (name, _, text) = open.take().unwrap();
                    blocks.push((name, text));
                } else {
                    text.push_str(line.get(*col..).unwrap_or(trimmed));
                    text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "a `# >>>` block is not closed");
    blocks
}

/// What one pipeline file is run with and must send.
struct Pipeline {
    file: &'static str,
    /// The CI's variables; `{api}` is replaced by the mock's base URL.
    env: &'static [(&'static str, &'static str)],
    path: &'static str,
    auth: (&'static str, &'static str),
    /// Where the JSON body carries the comment (a JSON pointer).
    comment_at: &'static str,
    /// Reports besides the markdown one: file and a text it must contain.
    reports: &'static [(&'static str, &'static str)],
}

const PIPELINES: &[Pipeline] = &[
    Pipeline {
        file: "github-actions.yml",
        env: &[
            ("GITHUB_API_URL", "{api}"),
            ("GITHUB_REPOSITORY", "acme/pets"),
            ("PR_NUMBER", "42"),
            ("GITHUB_TOKEN", "ghs_test"),
        ],
        path: "/repos/acme/pets/issues/42/comments",
        auth: ("authorization", "Bearer ghs_test"),
        comment_at: "/body",
        reports: &[("apilint.sarif", "\"version\": \"2.1.0\"")],
    },
    Pipeline {
        file: "gitlab-ci.yml",
        env: &[
            ("CI_API_V4_URL", "{api}/api/v4"),
            ("CI_PROJECT_ID", "7"),
            ("CI_MERGE_REQUEST_IID", "3"),
            ("APILINT_GITLAB_TOKEN", "glpat-test"),
        ],
        path: "/api/v4/projects/7/merge_requests/3/notes",
        auth: ("private-token", "glpat-test"),
        comment_at: "/body",
        reports: &[("gl-code-quality-report.json", "\"fingerprint\"")],
    },
    Pipeline {
        file: "azure-pipelines.yml",
        env: &[
            ("SYSTEM_COLLECTIONURI", "{api}/acme/"),
            ("SYSTEM_TEAMPROJECTID", "pets-project"),
            ("BUILD_REPOSITORY_ID", "pets-repo"),
            ("SYSTEM_PULLREQUEST_PULLREQUESTID", "5"),
            ("SYSTEM_ACCESSTOKEN", "azure-test"),
        ],
        path: "/acme/pets-project/_apis/git/repositories/pets-repo/pullRequests/5/threads?api-version=7.1",
        auth: ("authorization", "Bearer azure-test"),
        comment_at: "/comments/0/content",
        reports: &[("apilint-junit.xml", "<testsuite")],
    },
];

fn tool_missing(tool: &str, probe: &str) -> bool {
    Command::new(tool)
        .arg(probe)
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/pipelines")
}

#[test]
fn every_pipeline_example_lints_the_corpus_and_posts_the_markdown_comment() {
    // dash (Debian's sh) has no `--version`; `sh --` runs the empty stdin.
    let missing: Vec<&str> = [("curl", "--version"), ("jq", "--version"), ("sh", "--")]
        .into_iter()
        .filter(|(t, probe)| tool_missing(t, probe))
        .map(|(t, _)| t)
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {missing:?} missing: the pipeline examples cannot be checked"
        );
        eprintln!("skipped: {missing:?} not installed; the pipeline examples were not run");
        return;
    }
    let Some(spec) = service_support::shared(CORPUS_SPEC) else {
        eprintln!("skipped: {CORPUS_SPEC} is not here");
        return;
    };
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_apilint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path_var = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    for p in PIPELINES {
        let yaml = std::fs::read_to_string(docs_dir().join(p.file)).unwrap();
        // The file is YAML the CI can read (apilint's own YAML parser).
        Workspace::from_text(
            p.file.replace(".yml", ".yaml").as_str(),
            yaml.as_str().into(),
            None,
            &LoadOptions {
                files: FileAccess::Deny,
                ..LoadOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", p.file));
        let blocks = marked_blocks(&yaml);
        let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.starts_with(&["apilint", "post-comment"]),
            "{}: {names:?}",
            p.file
        );
        let lint = &blocks[0].1;
        assert!(
            lint.contains("apilint lint") && lint.contains("-o.markdown apilint-report.md"),
            "{}: {lint}",
            p.file
        );
        let script: String = blocks.iter().map(|(_, s)| s.as_str()).collect();

        // The repository: the spec where the examples expect it.
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join("api")).unwrap();
        std::fs::copy(&spec, repo.path().join("api/openapi.yaml")).unwrap();
        let github_output = repo.path().join("github-output");
        // Runs `script` as the CI would, against a fresh mock.
        let run = |script: &str| {
            let (api, requests) = mock_api();
            let mut cmd = Command::new("sh");
            cmd.arg("-e")
                .arg("-c")
                .arg(script)
                .current_dir(repo.path())
                .env("PATH", &path_var)
                .env("API_SPEC", "api/openapi.yaml")
                .env("GITHUB_OUTPUT", &github_output)
                .env("NO_COLOR", "1")
                .env_remove("APILINT_SERVER")
                .env_remove("APILINT_TOKEN");
            for (k, v) in p.env {
                cmd.env(k, v.replace("{api}", &api));
            }
            (cmd.output().unwrap(), requests)
        };
        let (out, requests) = run(&script);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let context = format!("{}\n--- stdout\n{stdout}\n--- stderr\n{stderr}", p.file);

        // The gate: the corpus spec has MUST findings, so the run is to fail,
        // each CI in its own way.
        match p.file {
            "github-actions.yml" => {
                assert!(out.status.success(), "{context}");
                let recorded = std::fs::read_to_string(&github_output).unwrap_or_default();
                assert_eq!(recorded.trim(), "status=1", "{context}");
            }
            "azure-pipelines.yml" => {
                assert!(out.status.success(), "{context}");
                assert!(
                    stdout.contains("##vso[task.setvariable variable=APILINT_STATUS]1"),
                    "{context}"
                );
            }
            _ => assert_eq!(out.status.code(), Some(1), "{context}"),
        }

        let request = requests
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no request reached the mock\n{context}"));
        assert_eq!(request.method, "POST", "{context}");
        assert_eq!(request.target, p.path, "{context}");
        assert_eq!(
            request.headers.get(p.auth.0).map(String::as_str),
            Some(p.auth.1),
            "{context}"
        );
        assert!(
            request.headers["content-type"].starts_with("application/json"),
            "{request:?}"
        );
        let body: serde_json::Value = serde_json::from_str(&request.body)
            .unwrap_or_else(|e| panic!("{}: the body is not JSON ({e})", p.file));
        let report = std::fs::read_to_string(repo.path().join("apilint-report.md")).unwrap();
        assert!(report.starts_with("### apilint"), "{report}");
        assert!(report.contains("MUST"), "{report}");
        assert_eq!(
            body.pointer(p.comment_at).and_then(|c| c.as_str()),
            Some(report.as_str()),
            "{}: the comment is not the markdown report",
            p.file
        );
        for (file, needle) in p.reports {
            let text = std::fs::read_to_string(repo.path().join(file))
                .unwrap_or_else(|e| panic!("{}: no {file}: {e}", p.file));
            assert!(text.contains(needle), "{}: {file} lacks {needle}", p.file);
        }

        // A report longer than a comment may be (GitHub takes 65536
        // characters) is cut, with a note saying where the rest is.
        let long = "- [ ] **SHOULD** `rule` — a finding — `api.yaml:1:1` ✓\n".repeat(2000);
        std::fs::write(repo.path().join("apilint-report.md"), &long).unwrap();
        let post = &blocks[1].1;
        let (out, requests) = run(post);
        assert!(
            out.status.success(),
            "{}: {}",
            p.file,
            String::from_utf8_lossy(&out.stderr)
        );
        let request = requests.recv_timeout(Duration::from_secs(60)).unwrap();
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        let comment = body.pointer(p.comment_at).and_then(|c| c.as_str()).unwrap();
        assert!(long.chars().count() > 65536);
        assert!(comment.chars().count() <= 65536, "{}", p.file);
        let kept: String = long.chars().take(65000).collect();
        assert!(comment.starts_with(&kept), "{}", p.file);
        assert!(
            comment.ends_with("artifact of this run.*")
                || comment.ends_with("artifact of this job.*"),
            "{}: {}",
            p.file,
            &comment[comment.len() - 200..]
        );
    }
}

#[test]
fn marked_blocks_are_dedented_and_kept_in_order() {
    let yaml = "a:\n  run: |\n    # >>> one\n    x=1\n      y\n    # <<< one\n  other: |\n    # >>> two\n    z\n    # <<< two\n";
    assert_eq!(
        marked_blocks(yaml),
        [
            ("one".to_string(), "x=1\n  y\n".to_string()),
            ("two".to_string(), "z\n".to_string())
        ]
    );
}
