//! `apilint lint --server`: a remote run against the real service (started
//! in this process on 127.0.0.1, a free port) renders the same report and
//! exits with the same code as a local run of the same file with the same
//! rule set; the markdown comment links the review; a server that cannot
//! lint is exit 2 with a message naming it and its problem.

mod service_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use apilint::service::ServiceConfig;
use apilint::service::serve::serve_on;
use service_support::{SPEC_WITH_MUST, shared, start};

/// A service running on its own runtime thread until dropped.
struct Server {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _data: tempfile::TempDir,
}

impl Server {
    fn start(configure: impl FnOnce(&mut ServiceConfig)) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut config = ServiceConfig::for_data_dir(data.path());
        configure(&mut config);
        let (url_tx, url_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let state = start(config).await;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                url_tx
                    .send(format!("http://{}", listener.local_addr().unwrap()))
                    .unwrap();
                serve_on(listener, state, async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        Server {
            url: url_rx.recv().expect("the service starts"),
            stop: Some(stop),
            thread: Some(thread),
            _data: data,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `apilint` in `dir`, with no server or token from the environment.
fn apilint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(args)
        .current_dir(dir)
        .env_remove("APILINT_SERVER")
        .env_remove("APILINT_TOKEN")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary directory holding `files` (name, text).
fn workdir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs `args` locally and against `server`; asserts the same stdout and
/// exit code; returns the remote run.
fn same_as_local(dir: &Path, server: &Server, args: &[&str]) -> Output {
    let mut local_args = vec!["lint"];
    local_args.extend_from_slice(args);
    let local = apilint(dir, &local_args);
    let mut remote_args = vec!["lint", "--server", server.url.as_str()];
    remote_args.extend_from_slice(args);
    let remote = apilint(dir, &remote_args);
    assert_eq!(
        remote.status.code(),
        local.status.code(),
        "args {args:?}\nlocal stderr: {}\nremote stderr: {}",
        stderr(&local),
        stderr(&remote)
    );
    assert_eq!(stdout(&remote), stdout(&local), "args {args:?}");
    remote
}

fn corpus(rel: &str) -> Option<PathBuf> {
    let path = shared(rel);
    if path.is_none() {
        eprintln!("skipped: shared corpus file {rel} is not here");
    }
    path
}

#[test]
fn a_remote_run_reports_what_a_local_run_does_on_corpus_specs() {
    let server = Server::start(|_| {});
    for rel in [
        "corpus/zally-fixtures/api_spa.yaml",
        "corpus/zally-fixtures/openapi3_petstore.json",
        "corpus/zally-fixtures/swagger2_petstore_expanded.yaml",
    ] {
        let Some(path) = corpus(rel) else { continue };
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let dir = workdir(&[(&name, &std::fs::read_to_string(&path).unwrap())]);
        for ruleset in ["apilint:zalando", "spectral:oas"] {
            let remote = same_as_local(dir.path(), &server, &["-r", ruleset, &name, "-f", "json"]);
            let findings: serde_json::Value = serde_json::from_slice(&remote.stdout).unwrap();
            assert!(
                !findings.as_array().unwrap().is_empty(),
                "{rel} with {ruleset}: no findings to compare"
            );
            same_as_local(
                dir.path(),
                &server,
                &["-r", ruleset, &name, "-f", "sarif", "--fail-on", "should"],
            );
        }
        // Every other format, on one rule set: text's code frames and
        // JUnit's test cases come from the local file and typed paths.
        for format in ["text", "junit", "gitlab", "github-actions"] {
            same_as_local(
                dir.path(),
                &server,
                &[&name, "-r", "apilint:zalando", "-f", format],
            );
        }
    }
}

#[test]
fn exit_codes_and_the_gate_match_a_local_run() {
    let server = Server::start(|_| {});
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let must = same_as_local(
        dir.path(),
        &server,
        &["api.yaml", "-r", "apilint:zalando", "-f", "json"],
    );
    assert_eq!(must.status.code(), Some(1));
    // The MUST finding the sample is built around came back.
    let json: serde_json::Value = serde_json::from_slice(&must.stdout).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "zalando-118-property-names-snake-case"),
        "{json}"
    );
    let clean = workdir(&[(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )]);
    let strict = same_as_local(
        clean.path(),
        &server,
        &["api.yaml", "-r", "spectral:oas", "-F", "hint", "-f", "json"],
    );
    let never = same_as_local(
        clean.path(),
        &server,
        &["api.yaml", "-r", "spectral:oas", "-f", "json"],
    );
    assert_eq!(never.status.code(), Some(0));
    assert_eq!(
        strict.status.code(),
        Some(1),
        "SHOULD findings fail at -F hint"
    );
}

#[test]
fn acknowledgements_apply_to_remote_findings() {
    let server = Server::start(|_| {});
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    // Find a SHOULD/MAY finding to acknowledge, from the local run.
    let local = apilint(
        dir.path(),
        &["lint", "api.yaml", "-r", "spectral:oas", "-f", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&local.stdout).unwrap();
    let soft = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] != 0)
        .expect("a SHOULD or MAY finding in the sample")
        .clone();
    let code = soft["code"].as_str().unwrap();
    let without = same_as_local(
        dir.path(),
        &server,
        &[
            "api.yaml",
            "-r",
            "spectral:oas",
            "-f",
            "json",
            "--require-ack",
            "-F",
            "hint",
        ],
    );
    assert_eq!(without.status.code(), Some(1));
    std::fs::write(
        dir.path().join(".apilint-ack.yaml"),
        format!(
            "acknowledgements:\n  - rule: {code}\n    path: /**\n    reason: accepted in review\n    author: someone@example.com\n"
        ),
    )
    .unwrap();
    let with = same_as_local(
        dir.path(),
        &server,
        &[
            "api.yaml",
            "-r",
            "spectral:oas",
            "-f",
            "json",
            "--require-ack",
        ],
    );
    assert_eq!(with.status.code(), Some(1), "other SHOULD findings remain");
    let comment = apilint(
        dir.path(),
        &[
            "lint",
            "--server",
            &server.url,
            "api.yaml",
            "-r",
            "spectral:oas",
            "-f",
            "markdown",
        ],
    );
    let comment = stdout(&comment);
    assert!(
        comment.contains("Acknowledged by") && comment.contains("Full review: "),
        "{comment}"
    );
}

#[test]
fn the_markdown_comment_links_the_review_permalink() {
    let server = Server::start(|_| {});
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = apilint(
        dir.path(),
        &[
            "lint",
            "--server",
            &server.url,
            "api.yaml",
            "-f",
            "markdown",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    let prefix = format!("{}/api/v1/reviews/", server.url);
    let start = report.find(&prefix).unwrap_or_else(|| panic!("{report}"));
    let url: String = report[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ')' && *c != '>')
        .collect();
    assert!(stderr(&out).contains(&url), "{}", stderr(&out));
    // The permalink serves the review.
    let review = ureq::get(&url)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(review.contains("zalando-118-property-names-snake-case"));
}

#[test]
fn a_run_of_several_documents_links_each_documents_review() {
    let server = Server::start(|_| {});
    let clean = SPEC_WITH_MUST.replace("petName", "pet_name");
    let dir = workdir(&[("a.yaml", SPEC_WITH_MUST), ("b.yaml", &clean)]);
    let out = apilint(
        dir.path(),
        &[
            "lint",
            "--server",
            &server.url,
            "a.yaml",
            "b.yaml",
            "-f",
            "markdown",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(!report.contains("Full review: "), "{report}");
    let prefix = format!("{}/api/v1/reviews/", server.url);
    let link = |doc: &str| -> String {
        let item = format!("- `{doc}`: {prefix}");
        let at = report
            .find(&item)
            .unwrap_or_else(|| panic!("no review of {doc}: {report}"));
        report[at + item.len() - prefix.len()..]
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    let (a, b) = (link("a.yaml"), link("b.yaml"));
    assert!(report.contains("Full reviews:\n\n"), "{report}");
    assert_ne!(a, b);
    // Each link serves its own document's review.
    let read = |url: &str| -> serde_json::Value {
        serde_json::from_str(
            &ureq::get(url)
                .call()
                .unwrap()
                .into_body()
                .read_to_string()
                .unwrap(),
        )
        .unwrap()
    };
    let (ra, rb) = (read(&a), read(&b));
    assert_eq!(ra["spec"], SPEC_WITH_MUST);
    assert_eq!(rb["spec"], clean.as_str());
    let has_118 = |r: &serde_json::Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "zalando-118-property-names-snake-case")
    };
    assert!(has_118(&ra) && !has_118(&rb));
}

#[test]
fn the_server_and_token_come_from_the_environment() {
    let server = Server::start(|c| c.api_token = Some("s3cret".into()));
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(["lint", "api.yaml", "-f", "json", "-q"])
        .current_dir(dir.path())
        .env("APILINT_SERVER", &server.url)
        .env("APILINT_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("zalando-118-property-names-snake-case"));
}

#[test]
fn a_missing_or_wrong_token_is_exit_2_with_the_servers_problem() {
    let server = Server::start(|c| c.api_token = Some("s3cret".into()));
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    for extra in [&[][..], &["--token", "wrong"][..]] {
        let mut args = vec!["lint", "--server", &server.url, "api.yaml"];
        args.extend_from_slice(extra);
        let out = apilint(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains(&server.url) && err.contains("401"), "{err}");
        assert!(err.contains("--token"), "{err}");
        assert!(stdout(&out).is_empty(), "no report on a failed run");
    }
}

#[test]
fn a_body_over_the_servers_limit_is_exit_2_naming_413() {
    let server = Server::start(|c| c.max_body = 64);
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = apilint(dir.path(), &["lint", "--server", &server.url, "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("413") && err.contains(&server.url), "{err}");
}

#[test]
fn an_unknown_rule_set_is_exit_2_with_the_problem_detail() {
    let server = Server::start(|_| {});
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = apilint(
        dir.path(),
        &[
            "lint",
            "--server",
            &server.url,
            "-r",
            "no-such-rules",
            "api.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no-such-rules") && err.contains("422"),
        "{err}"
    );
}

#[test]
fn a_server_that_is_down_is_exit_2_naming_it() {
    // A port that was free a moment ago and has no listener now.
    let url = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = apilint(dir.path(), &["lint", "--server", &url, "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot reach") && err.contains(&url), "{err}");
}

#[test]
fn a_server_url_without_a_scheme_is_a_usage_error() {
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    let out = apilint(
        dir.path(),
        &["lint", "--server", "localhost:8080", "api.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("localhost:8080"), "{}", stderr(&out));
}

#[test]
fn a_relative_ref_comes_back_as_invalid_ref() {
    let server = Server::start(|_| {});
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: 'paths.yaml#/a'\n";
    let dir = workdir(&[
        ("api.yaml", spec),
        (
            "paths.yaml",
            "a:\n  get:\n    responses:\n      '200': {description: ok}\n",
        ),
    ]);
    let out = apilint(
        dir.path(),
        &[
            "lint",
            "--server",
            &server.url,
            "-r",
            "spectral:oas",
            "api.yaml",
            "-f",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "invalid-ref"),
        "{json}"
    );
}

/// `apilint health`, the container's health check, against the same
/// service: 0 while it answers, 1 when it does not (Docker keeps 2).
#[test]
fn health_is_0_for_a_running_service_and_1_for_a_stopped_one() {
    let server = Server::start(|_| {});
    let addr = server.url.trim_start_matches("http://").to_string();
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["health", "--addr", addr.as_str()],
        vec!["health", "--addr", addr.as_str(), "--ready"],
        vec!["health", "--url", server.url.as_str(), "-q"],
    ] {
        let out = apilint(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    // A wildcard address (what the container listens on) is asked on
    // loopback.
    let port = addr.rsplit(':').next().unwrap();
    let wildcard = format!("0.0.0.0:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(["health"])
        .env("APILINT_ADDR", &wildcard)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    drop(server);
    let out = apilint(dir.path(), &["health", "--addr", addr.as_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unhealthy"), "{}", stderr(&out));
}

/// A loopback server that answers every request with `status`,
/// `content_type` and `body` (standing in for a broken server or proxy).
fn canned(status: &'static str, content_type: &'static str, body: &'static str) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body_in = vec![0; length];
            let _ = reader.read_exact(&mut body_in);
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn a_5xx_a_problem_or_an_answer_that_is_no_review_is_exit_2() {
    let dir = workdir(&[("api.yaml", SPEC_WITH_MUST)]);
    for (status, ct, body, expect) in [
        (
            "503 Service Unavailable",
            "application/problem+json",
            r#"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the request took longer than 30 s"}"#,
            "503 Service Unavailable: the request took longer than 30 s",
        ),
        (
            "502 Bad Gateway",
            "text/html",
            "<h1>502 Bad Gateway</h1>\n<p>nginx</p>",
            "502 <h1>502 Bad Gateway</h1>",
        ),
        (
            "200 OK",
            "application/problem+json",
            r#"{"title":"Odd","detail":"a problem with a 200"}"#,
            "Odd: a problem with a 200",
        ),
        (
            "201 Created",
            "application/json",
            r#"{"hello":"world"}"#,
            "not a review",
        ),
    ] {
        let url = canned(status, ct, body);
        let out = apilint(dir.path(), &["lint", "--server", &url, "api.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{status}");
        let err = stderr(&out);
        assert!(
            err.contains(&url) && err.contains(expect),
            "{status}: {err}"
        );
        assert!(stdout(&out).is_empty(), "{status}: no report");
    }
}
