//! The rule set from a git repository, through the service: a real local
//! repository made in the test, with a good rule set, then a bad one (the
//! good one keeps serving and the error shows), then a fixed one (its
//! commit becomes active, and reviews record it).

mod service_support;

use std::path::Path;
use std::time::Duration;

use apilint::service::ServiceConfig;
use apilint::service::config::RulesetSetting;
use axum::body::Body;
use axum::http::Request;
use service_support::git::{RULESET_FILE, commit, init};
use service_support::*;

fn rules(message: &str) -> String {
    format!(
        "rules:\n  api-title:\n    description: The API has a title.\n    given: $.info\n    severity: error\n    message: {message}\n    then:\n      field: title\n      function: truthy\n"
    )
}

const BAD: &str =
    "rules:\n  api-title:\n    given: $.info\n    then:\n      function: no-such-function\n";
const UNTITLED: &str = "openapi: 3.0.3\ninfo:\n  version: 1.0.0\npaths: {}\n";

fn config(data: &Path, repo: &Path) -> ServiceConfig {
    ServiceConfig {
        ruleset: RulesetSetting::Repo {
            url: repo.display().to_string(),
            git_ref: None,
            path: RULESET_FILE.into(),
            poll: Duration::ZERO,
        },
        admin_token: Some("adm1n".into()),
        ..ServiceConfig::for_data_dir(data)
    }
}

fn reload() -> Request<Body> {
    Request::post("/api/v1/admin/reload")
        .header("authorization", "Bearer adm1n")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_then_bad_then_fixed_commits() {
    let repo = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    init(repo.path());
    let good = commit(repo.path(), &rules("Give the API a title"), "good");

    let state = start(config(data.path(), repo.path())).await;
    let status = get(&state, "/api/v1/ruleset").await.json();
    assert_eq!(status["commit"], good, "{status}");
    assert!(status["last_error"].is_null());
    let review = post(&state, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .json();
    let first_id = review["id"].as_str().unwrap().to_string();
    assert_eq!(review["ruleset"]["commit"], good);
    assert_eq!(review["findings"][0]["code"], "api-title", "{review}");
    assert_eq!(review["findings"][0]["message"], "Give the API a title");

    // A bad commit: the reload fails, the good commit keeps serving.
    let bad = commit(repo.path(), BAD, "bad");
    let r = send(&state, reload()).await.json();
    assert_eq!(r["outcome"], "failed", "{r}");
    assert_eq!(r["commit"], good);
    assert!(
        r["error"].as_str().unwrap().contains("no-such-function"),
        "{r}"
    );
    let status = get(&state, "/api/v1/ruleset").await.json();
    assert_eq!(status["commit"], good);
    let error = status["last_error"]["message"].as_str().unwrap();
    assert!(
        error.contains(&bad[..7]) && error.contains("no-such-function"),
        "{error}"
    );
    let review = post(&state, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .json();
    assert_eq!(review["ruleset"]["commit"], good);
    let metrics = get(&state, "/metrics").await.text;
    assert!(
        metrics.contains("apilint_ruleset_reload_failures_total 1"),
        "{metrics}"
    );
    assert_eq!(get(&state, "/ready").await.status, 200);

    // The fix: a new commit becomes active and the error clears.
    let fixed = commit(repo.path(), &rules("Every API needs a title"), "fixed");
    let r = send(&state, reload()).await.json();
    assert_eq!(r["outcome"], "replaced", "{r}");
    assert_eq!(r["commit"], fixed);
    let status = get(&state, "/api/v1/ruleset").await.json();
    assert_eq!(status["commit"], fixed);
    assert!(status["last_error"].is_null());
    let review = post(&state, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .json();
    assert_eq!(review["ruleset"]["commit"], fixed);
    assert_eq!(review["findings"][0]["message"], "Every API needs a title");
    let r = send(&state, reload()).await.json();
    assert_eq!(r["outcome"], "unchanged");
    let metrics = get(&state, "/metrics").await.text;
    assert!(
        metrics.contains("apilint_ruleset_reloads_total 2"),
        "{metrics}"
    );
    // The first review still names the commit it was checked against.
    let first = get(&state, &format!("/api/v1/reviews/{first_id}"))
        .await
        .json();
    assert_eq!(first["ruleset"]["commit"], good);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repository_that_never_loaded_starts_the_service_not_ready() {
    let repo = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    init(repo.path());
    commit(repo.path(), BAD, "bad from the start");
    let state = start(config(data.path(), repo.path())).await;
    get(&state, "/ready").await.problem(503);
    let d = post(&state, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .problem(503);
    assert!(d.contains("/api/v1/ruleset"), "{d}");
    let status = get(&state, "/api/v1/ruleset").await.json();
    assert!(status["name"].is_null());
    assert!(
        status["last_error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-function")
    );
}

/// A repository with one good commit, the place it is moved to (out of
/// reach: an outage), and a data directory for the service.
struct Outage {
    root: tempfile::TempDir,
    repo: std::path::PathBuf,
    moved: std::path::PathBuf,
    data: tempfile::TempDir,
    good: String,
}

impl Outage {
    fn new() -> Outage {
        let root = tempfile::tempdir().unwrap();
        let repo = root.path().join("rules");
        let moved = root.path().join("rules-moved-away");
        std::fs::create_dir(&repo).unwrap();
        init(&repo);
        let good = commit(&repo, &rules("Give the API a title"), "good");
        Outage {
            root,
            repo,
            moved,
            data: tempfile::tempdir().unwrap(),
            good,
        }
    }
}

/// Regression: a repository that went away and came back, still at the
/// commit being served, left the outage's error in place for good (the
/// poll that found it again reported "unchanged" and cleared nothing), so
/// `/ready` would have said degraded forever. And the other way round: a
/// repository back at a commit that does not load must show that commit's
/// error again, not the outage's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_repository_degrades_until_it_returns() {
    let Outage {
        root: _root,
        repo,
        moved,
        data,
        good,
    } = Outage::new();
    let state = start(config(data.path(), &repo)).await;
    assert_eq!(get(&state, "/ready").await.json()["status"], "ready");

    std::fs::rename(&repo, &moved).unwrap();
    let r = send(&state, reload()).await.json();
    assert_eq!(r["outcome"], "failed", "{r}");
    let ready = get(&state, "/ready").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    let ready = ready.json();
    assert_eq!(ready["status"], "degraded", "{ready}");
    let reason = ready["reasons"][0].as_str().unwrap();
    assert!(
        reason.contains(&good) && reason.contains("cannot read the rule set repository"),
        "{reason}"
    );
    let status = get(&state, "/api/v1/ruleset").await.json();
    assert_eq!(status["commit"], good);
    assert!(!status["last_error"].is_null(), "{status}");
    let review = post(&state, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .json();
    assert_eq!(review["ruleset"]["commit"], good, "{review}");
    assert_eq!(get(&state, "/health").await.status, 200);

    std::fs::rename(&moved, &repo).unwrap();
    let r = send(&state, reload()).await.json();
    assert_eq!(r["outcome"], "unchanged", "{r}");
    assert_eq!(get(&state, "/ready").await.json()["status"], "ready");
    assert!(get(&state, "/api/v1/ruleset").await.json()["last_error"].is_null());

    // A bad commit, then an outage, then the repository back at the bad
    // commit: the bad commit's error is what shows.
    commit(&repo, BAD, "bad");
    assert_eq!(send(&state, reload()).await.json()["outcome"], "failed");
    std::fs::rename(&repo, &moved).unwrap();
    assert_eq!(send(&state, reload()).await.json()["outcome"], "failed");
    let error = get(&state, "/api/v1/ruleset").await.json()["last_error"]["message"].clone();
    assert!(error.as_str().unwrap().contains("cannot read"), "{error}");
    std::fs::rename(&moved, &repo).unwrap();
    assert_eq!(send(&state, reload()).await.json()["outcome"], "unchanged");
    let ready = get(&state, "/ready").await.json();
    assert_eq!(ready["status"], "degraded", "{ready}");
    assert!(
        ready["reasons"][0]
            .as_str()
            .unwrap()
            .contains("no-such-function"),
        "{ready}"
    );
    let metrics = get(&state, "/metrics").await.text;
    assert!(
        metrics.contains("apilint_ruleset_reload_failures_total 3"),
        "{metrics}"
    );
}

/// A start while the repository is out of reach serves the last good
/// commit of the run before (degraded), but only when that commit was
/// recorded under the same repository, ref and rule set path: another
/// configuration starts without a rule set (not ready), as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_during_an_outage_serves_the_last_good_commit_of_the_same_configuration() {
    let Outage {
        root: _root,
        repo,
        moved,
        data,
        good,
    } = Outage::new();
    let first = start(config(data.path(), &repo)).await;
    assert_eq!(get(&first, "/api/v1/ruleset").await.json()["commit"], good);
    first.store().close().await;
    drop(first);

    std::fs::rename(&repo, &moved).unwrap();
    let again = start(config(data.path(), &repo)).await;
    let ready = get(&again, "/ready").await.json();
    assert_eq!(ready["status"], "degraded", "{ready}");
    let status = get(&again, "/api/v1/ruleset").await.json();
    assert_eq!(status["commit"], good, "{status}");
    let error = status["last_error"]["message"].as_str().unwrap();
    assert!(
        error.contains("cannot read the rule set repository")
            && error.contains("last good commit recorded"),
        "{error}"
    );
    let review = post(&again, "/api/v1/lint", "application/yaml", UNTITLED)
        .await
        .json();
    assert_eq!(review["ruleset"]["commit"], good, "{review}");
    assert_eq!(review["findings"][0]["message"], "Give the API a title");
    let metrics = get(&again, "/metrics").await.text;
    assert!(
        metrics.contains("apilint_ruleset_reload_failures_total 1"),
        "{metrics}"
    );
    again.store().close().await;
    drop(again);

    // Another rule set path in the same repository: the record is not
    // for it.
    let other = ServiceConfig {
        ruleset: RulesetSetting::Repo {
            url: repo.display().to_string(),
            git_ref: None,
            path: "other/.spectral.yaml".into(),
            poll: Duration::ZERO,
        },
        ..config(data.path(), &repo)
    };
    let state = start(other).await;
    get(&state, "/ready").await.problem(503);
    assert!(get(&state, "/api/v1/ruleset").await.json()["name"].is_null());
}
