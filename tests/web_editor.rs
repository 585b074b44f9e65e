//! The browser editor with Node: the committed bundle (`web/dist/`) is what
//! `web/src/` builds to, and the editor works in a real browser
//! (`tests/e2e/editor.mjs`: playwright-core driving Debian's chromium
//! against a server started here on a free port).
//!
//! Both need node and npm (and the browser test chromium; `CHROMIUM` names
//! another binary). Without them the tests are skipped with the reason,
//! except under `CI=true`, where a missing tool is a failure: `.ci/run`
//! installs them. The npm packages are installed at test time (`npm ci`
//! from the committed lock files), never committed.

mod service_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use apilint::service::{AppState, ServiceConfig, app};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `ok`; when not, fails under CI and otherwise says why the test
/// is skipped.
fn have(ok: bool, what: &str) -> bool {
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} is missing; .ci/run installs it"
        );
        eprintln!("skipped: {what} is missing");
    }
    ok
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `npm ci` in `dir`: the packages its lock file pins.
fn npm_ci(dir: &Path) {
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .output()
        .expect("npm runs");
    assert!(
        out.status.success(),
        "npm ci in {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_committed_bundle_is_what_the_source_builds_to() {
    if !have(runs("node") && runs("npm"), "node/npm") {
        return;
    }
    let web = repo().join("web");
    npm_ci(&web);
    let out = Command::new("node")
        .args(["build.mjs", "--check"])
        .current_dir(&web)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "{text}");
}

#[test]
fn the_editor_works_in_a_real_browser() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !have(runs("node") && runs("npm"), "node/npm")
        || !have(
            Path::new(&chromium).exists(),
            &format!("chromium ({chromium})"),
        )
    {
        return;
    }
    let e2e = repo().join("tests/e2e");
    npm_ci(&e2e);

    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = rt.block_on(async {
        let state = AppState::start(ServiceConfig::for_data_dir(dir.path()))
            .await
            .expect("the service starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app(state)).await });
        format!("http://{addr}")
    });

    // Keystroke-to-markers is timed on two specs of about 100 KB from the
    // shared corpus, YAML and JSON, and one of 170 KB (a debug build here;
    // README reports a release build's figures).
    let corpus: Vec<String> = [
        "corpus/yaml/zalando.com.yaml",
        "corpus/apis-guru/ato.gov.au.json",
        "corpus/yaml/twilio.com_twilio_chat_v2.yaml",
    ]
    .iter()
    .filter_map(|rel| service_support::shared(rel))
    .map(|p| p.display().to_string())
    .collect();
    let mut node = Command::new("node");
    node.arg("editor.mjs")
        .arg(&base)
        .current_dir(&e2e)
        .env("CHROMIUM", &chromium)
        .env("E2E_CORPUS", corpus.join(","));
    // `APILINT_SCREENSHOTS=docs cargo test --test web_editor` refreshes the
    // README's screenshots.
    if let Ok(shots) = std::env::var("APILINT_SCREENSHOTS") {
        node.env("E2E_SCREENSHOTS", repo().join(shots));
    }
    let out = node.output().expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "the browser test failed:\n{text}");
    assert!(text.contains("ok - no script errors"), "{text}");
    drop(rt);
}
