//! `/api/v1` and the operational endpoints through `app()` with
//! `tower::ServiceExt::oneshot`: every endpoint, every error as
//! `application/problem+json`, tokens, limits, and reviews that survive a
//! restart on SQLite.

mod service_support;

use std::time::Duration;

use apilint::service::ServiceConfig;
use apilint::service::config::Cors;
use apilint::service::webhook::sign_github;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use service_support::*;

#[tokio::test]
async fn lint_returns_the_review_and_its_permalink_shows_it_with_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = post_json(&state, "/api/v1/lint", json!({ "spec": SPEC_WITH_MUST })).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let v = a.json();
    let id = v["id"].as_str().unwrap();
    assert_eq!(a.headers["location"], format!("/api/v1/reviews/{id}"));
    assert_eq!(v["passed"], false);
    assert_eq!(v["fail_on"], "must");
    assert_eq!(v["spec_format"], "oas3.0");
    assert_eq!(
        v["ruleset"],
        json!({"name": "apilint:zalando", "source": "apilint:zalando", "commit": null})
    );
    assert!(v["duration_ms"].as_f64().unwrap() >= 0.0);
    let snake = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "zalando-118-property-names-snake-case")
        .unwrap_or_else(|| panic!("no #118 finding in {v}"));
    assert_eq!(snake["level"], "MUST");
    assert_eq!(snake["severity"], "error");
    assert_eq!(
        snake["pointer"],
        "/paths/~1pets/get/responses/200/content/application~1json/schema/properties/petName"
    );
    assert_eq!(snake["path"][1], "/pets");
    // `petName:` is on line 17 (0-based 16).
    assert_eq!(snake["range"]["start"]["line"], 16);
    assert!(snake["rule_url"].as_str().unwrap().contains("#118"));
    assert!(v["counts"]["must"].as_u64().unwrap() >= 1);

    let r = get(&state, &format!("/api/v1/reviews/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let stored = r.json();
    assert_eq!(stored["spec"], SPEC_WITH_MUST);
    assert_eq!(stored["findings"], v["findings"]);
    assert!(stored["created_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn raw_yaml_and_raw_json_bodies_are_linted_with_query_options() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = post(
        &state,
        "/api/v1/lint?ignore_rules=zalando-118-property-names-snake-case&fail_on=should",
        "application/yaml",
        SPEC_WITH_MUST,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let v = a.json();
    assert_eq!(v["fail_on"], "should");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "zalando-118-property-names-snake-case")
    );

    // A JSON spec posted as is keeps its own line numbers.
    let spec = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"},\n  \"paths\": {}\n}\n";
    let a = post(
        &state,
        "/api/v1/lint",
        "application/json; charset=utf-8",
        spec,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let v = a.json();
    assert_eq!(v["spec_format"], "oas3.1");
    let stored = get(&state, a.headers["location"].to_str().unwrap())
        .await
        .json();
    assert_eq!(stored["spec"], spec);
}

#[tokio::test]
async fn spec_object_and_a_named_builtin_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = post_json(
        &state,
        "/api/v1/lint",
        json!({
            "spec_object": {"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}},
            "ruleset": "spectral:oas"
        }),
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let v = a.json();
    assert_eq!(v["ruleset"]["name"], "spectral:oas");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "info-contact"),
        "{v}"
    );

    let bad = post_json(
        &state,
        "/api/v1/lint",
        json!({"spec": "openapi: 3.0.0", "ruleset": "/etc/passwd"}),
    )
    .await;
    let detail = bad.problem(422);
    assert!(detail.contains("unknown rule set"), "{detail}");
}

#[tokio::test]
async fn malformed_and_unsupported_requests_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let d = post(&state, "/api/v1/lint", "application/json", "{\"spec\": ")
        .await
        .problem(400);
    assert!(d.contains("not valid JSON"), "{d}");
    let d = post_json(
        &state,
        "/api/v1/lint",
        json!({"spec": "a", "spec_object": {}}),
    )
    .await
    .problem(400);
    assert!(d.contains("exactly one"), "{d}");
    let d = post_json(&state, "/api/v1/lint", json!({"spek": "a"}))
        .await
        .problem(400);
    assert!(d.contains("spek"), "{d}");
    let d = post_json(
        &state,
        "/api/v1/lint",
        json!({"spec": "a", "fail_on": "never"}),
    )
    .await
    .problem(400);
    assert!(d.contains("never"), "{d}");
    let d = post(&state, "/api/v1/lint", "text/plain", "openapi: 3.0.0")
        .await
        .problem(415);
    assert!(d.contains("text/plain"), "{d}");
    let no_type = send(
        &state,
        Request::post("/api/v1/lint").body(Body::from("x")).unwrap(),
    )
    .await;
    no_type.problem(415);
    let d = post_json(
        &state,
        "/api/v1/lint",
        json!({"spec_url": "https://specs.example.com/a.yaml"}),
    )
    .await
    .problem(403);
    assert!(d.contains("--allow-url-fetch"), "{d}");
    get(&state, "/api/v1/nothing-here").await.problem(404);
    get(
        &state,
        "/api/v1/reviews/00000000-0000-0000-0000-000000000000",
    )
    .await
    .problem(404);
    let wrong = send(
        &state,
        Request::delete("/api/v1/lint").body(Body::empty()).unwrap(),
    )
    .await;
    let d = wrong.problem(405);
    assert_eq!(wrong.headers["allow"], "POST");
    assert!(d.contains("Allow"), "{d}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(ServiceConfig {
        max_body: 1000,
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let big = format!("openapi: 3.0.0\n# {}\n", "x".repeat(2000));
    let d = post(&state, "/api/v1/lint", "application/yaml", big)
        .await
        .problem(413);
    assert!(d.contains("--max-body"), "{d}");
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_503() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(ServiceConfig {
        request_timeout: Duration::from_millis(1),
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let Some(path) =
        shared("corpus/apis-guru/adyen.com_BalancePlatformPaymentNotification-v1.json")
    else {
        return;
    };
    let spec = std::fs::read_to_string(path).unwrap();
    // A lint of this 57 KB spec takes milliseconds; the limit is one.
    let d = post(&state, "/api/v1/lint", "application/json", spec)
        .await
        .problem(503);
    assert!(d.contains("--request-timeout"), "{d}");
}

#[tokio::test]
async fn rules_and_one_rule_with_the_docs_the_cli_shows() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = get(&state, "/api/v1/rules").await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["ruleset"], "apilint:zalando");
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 76);
    assert!(rules.iter().all(|r| r.get("docs").is_none()));
    let code = "zalando-118-property-names-snake-case";
    let one = get(&state, &format!("/api/v1/rules/{code}")).await.json();
    assert_eq!(one["code"], code);
    assert_eq!(one["level"], "MUST");
    assert_eq!(one["docs"], apilint::rules::docs(code).unwrap());
    let d = get(&state, "/api/v1/rules/no-such-rule").await.problem(404);
    assert!(d.contains("no-such-rule"), "{d}");
    let oas = get(&state, "/api/v1/rules?ruleset=spectral:oas")
        .await
        .json();
    assert_eq!(oas["ruleset"], "spectral:oas");
}

#[tokio::test]
async fn ruleset_status_names_the_active_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let v = get(&state, "/api/v1/ruleset").await.json();
    assert_eq!(v["name"], "apilint:zalando");
    assert_eq!(v["rules"], 76);
    assert!(v["last_error"].is_null());
    assert!(v["loaded_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn stats_count_reviews_in_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    for _ in 0..2 {
        post_json(&state, "/api/v1/lint", json!({"spec": SPEC_WITH_MUST})).await;
    }
    post_json(
        &state,
        "/api/v1/lint",
        json!({"spec": SPEC_WITH_MUST, "ignore_rules": ["zalando-118-property-names-snake-case"]}),
    )
    .await;
    let all = get(&state, "/api/v1/stats").await.json();
    assert_eq!(all["total_reviews"], 3);
    assert_eq!(all["distinct_apis"], 1);
    let top = &all["top_rules"][0];
    assert!(top["findings"].as_i64().unwrap() >= 2, "{all}");
    let failed = all["failed_reviews"].as_i64().unwrap();
    assert_eq!(all["passed_reviews"].as_i64().unwrap() + failed, 3);
    let snake = all["top_rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "zalando-118-property-names-snake-case")
        .unwrap();
    assert_eq!(snake["reviews"], 2);
    let none = get(&state, "/api/v1/stats?from=2000-01-01&to=2000-01-02")
        .await
        .json();
    assert_eq!(none["total_reviews"], 0);
    assert_eq!(none["from"], "2000-01-01T00:00:00.000Z");
    let d = get(&state, "/api/v1/stats?from=yesterday")
        .await
        .problem(400);
    assert!(d.contains("from"), "{d}");
}

#[tokio::test]
async fn health_ready_metrics_and_the_openapi_document() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    assert_eq!(get(&state, "/health").await.json()["status"], "ok");
    assert_eq!(get(&state, "/ready").await.json()["status"], "ready");
    post_json(&state, "/api/v1/lint", json!({"spec": SPEC_WITH_MUST})).await;
    get(&state, "/no/such/page").await.problem(404);
    let m = get(&state, "/metrics").await;
    assert!(m.content_type().starts_with("text/plain"));
    for needle in [
        "apilint_http_requests_total{method=\"POST\",route=\"/api/v1/lint\",status=\"201\"} 1",
        "apilint_lint_duration_seconds_count 1",
        "apilint_findings_total{level=\"MUST\"}",
        "apilint_ruleset_reloads_total 1",
        "apilint_ruleset_reload_failures_total 0",
        "apilint_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
    ] {
        assert!(m.text.contains(needle), "missing {needle}:\n{}", m.text);
    }
    let y = get(&state, "/api/v1/openapi.yaml").await;
    assert_eq!(y.content_type(), "application/yaml");
    assert!(y.text.starts_with("openapi: 3.1.0"));
    let j = send(
        &state,
        Request::get("/api/v1/openapi.yaml")
            .header("accept", "application/json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(j.json()["openapi"], "3.1.0");
}

#[tokio::test]
async fn the_api_token_guards_the_api_but_not_the_probes() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(ServiceConfig {
        api_token: Some("t0ken".into()),
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let no = get(&state, "/api/v1/rules").await;
    no.problem(401);
    assert_eq!(no.headers["www-authenticate"], "Bearer");
    post_json(
        &state,
        "/api-violations",
        json!({"api_definition_string": "x"}),
    )
    .await
    .problem(401);
    let yes = send(
        &state,
        Request::get("/api/v1/rules")
            .header("authorization", "Bearer t0ken")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(yes.status, 200);
    assert_eq!(get(&state, "/health").await.status, 200);
    assert_eq!(get(&state, "/metrics").await.status, 200);
}

#[tokio::test]
async fn admin_reload_needs_the_admin_token_or_a_signed_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let off = start_in(dir.path()).await;
    let d = send(
        &off,
        Request::post("/api/v1/admin/reload")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .problem(403);
    assert!(d.contains("--admin-token"), "{d}");

    let dir = tempfile::tempdir().unwrap();
    let state = start(ServiceConfig {
        admin_token: Some("adm1n".into()),
        webhook_secret: Some("hook-secret".into()),
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let reload = |auth: Option<&str>| {
        let mut r = Request::post("/api/v1/admin/reload");
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.body(Body::empty()).unwrap()
    };
    send(&state, reload(Some("Bearer wrong")))
        .await
        .problem(401);
    let ok = send(&state, reload(Some("Bearer adm1n"))).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json()["outcome"], "unchanged");

    let body = json!({"ref": "refs/heads/main"}).to_string();
    let signed = |event: &str, signature: String| {
        Request::post("/api/v1/admin/reload")
            .header("content-type", "application/json")
            .header("x-github-event", event)
            .header("x-hub-signature-256", signature)
            .body(Body::from(body.clone()))
            .unwrap()
    };
    let good = sign_github(b"hook-secret", body.as_bytes());
    let push = send(&state, signed("push", good.clone())).await;
    assert_eq!(push.status, 200, "{}", push.text);
    assert_eq!(push.json()["webhook"], "GitHub");
    assert_eq!(push.json()["outcome"], "unchanged");
    assert_eq!(
        send(&state, signed("ping", good)).await.json()["outcome"],
        "ignored"
    );
    let forged = sign_github(b"other-secret", body.as_bytes());
    let d = send(&state, signed("push", forged)).await.problem(401);
    assert!(d.contains("signature"), "{d}");
}

#[tokio::test]
async fn cors_lets_a_configured_portal_read_answers() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(ServiceConfig {
        cors: Cors::Origins(vec!["https://portal.example.com".into()]),
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let from = |origin: &'static str| {
        Request::get("/api/v1/ruleset")
            .header("origin", origin)
            .body(Body::empty())
            .unwrap()
    };
    let a = send(&state, from("https://portal.example.com")).await;
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://portal.example.com"
    );
    let b = send(&state, from("https://evil.example.com")).await;
    assert!(b.headers.get("access-control-allow-origin").is_none());
    let preflight = send(
        &state,
        Request::options("/api/v1/lint")
            .header("origin", "https://portal.example.com")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    assert!(
        preflight.headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
}

#[tokio::test]
async fn reviews_survive_a_restart_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let state = start_in(dir.path()).await;
        let a = post_json(&state, "/api/v1/lint", json!({"spec": SPEC_WITH_MUST})).await;
        state.store().close().await;
        a.json()["id"].as_str().unwrap().to_string()
    };
    let state = start_in(dir.path()).await;
    let r = get(&state, &format!("/api/v1/reviews/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["spec"], SPEC_WITH_MUST);
    assert!(dir.path().join("reviews.sqlite").exists());
}

#[tokio::test]
async fn a_rule_set_file_that_does_not_load_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("rules.yaml");
    std::fs::write(&bad, "rules:\n  x:\n    given: $\n").unwrap();
    let err = apilint::service::AppState::start(ServiceConfig {
        ruleset: apilint::service::config::RulesetSetting::Named(bad.display().to_string()),
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("rules.yaml"), "{err}");
}

/// The same spec posted again, with the same rule set and options, reuses
/// the first lint's findings (`cached: true`) but is a review of its own,
/// stored with its spec; other options or text are linted afresh; the
/// lookups are counted in /metrics; `--lint-cache-mb 0` turns reuse off.
#[tokio::test]
async fn a_spec_posted_again_reuses_its_findings_and_is_still_its_own_review() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let first = post_json(&state, "/api/v1/lint", json!({ "spec": SPEC_WITH_MUST })).await;
    let again = post_json(&state, "/api/v1/lint", json!({ "spec": SPEC_WITH_MUST })).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(again.status, 201, "{}", again.text);
    let (a, b) = (first.json(), again.json());
    assert_eq!(
        (a["cached"].clone(), b["cached"].clone()),
        (json!(false), json!(true))
    );
    assert_ne!(a["id"], b["id"]);
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(a["counts"], b["counts"]);
    for v in [&a, &b] {
        let stored = get(
            &state,
            &format!("/api/v1/reviews/{}", v["id"].as_str().unwrap()),
        )
        .await;
        assert_eq!(stored.status, 200, "{}", stored.text);
        assert_eq!(stored.json()["spec"], SPEC_WITH_MUST);
        assert_eq!(stored.json()["findings"], a["findings"]);
    }
    // Other options: a lint of its own.
    let ignored = post_json(
        &state,
        "/api/v1/lint",
        json!({ "spec": SPEC_WITH_MUST, "ignore_rules": ["zalando-118-property-names-snake-case"] }),
    )
    .await
    .json();
    assert_eq!(ignored["cached"], false);
    assert!(
        ignored["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "zalando-118-property-names-snake-case")
    );
    let strict = post_json(
        &state,
        "/api/v1/lint",
        json!({ "spec": SPEC_WITH_MUST, "fail_on": "should" }),
    )
    .await
    .json();
    assert_eq!(strict["cached"], false);
    let edited = format!("{SPEC_WITH_MUST}\n# edited\n");
    let other = post_json(&state, "/api/v1/lint", json!({ "spec": edited }))
        .await
        .json();
    assert_eq!(other["cached"], false);
    let metrics = get(&state, "/metrics").await.text;
    assert!(
        metrics.contains("apilint_lint_cache_lookups_total{result=\"hit\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("apilint_lint_cache_lookups_total{result=\"miss\"} 4"),
        "{metrics}"
    );

    let dir = tempfile::tempdir().unwrap();
    let off = start(ServiceConfig {
        lint_cache_bytes: 0,
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    for _ in 0..2 {
        let v = post_json(&off, "/api/v1/lint", json!({ "spec": SPEC_WITH_MUST }))
            .await
            .json();
        assert_eq!(v["cached"], false);
    }
}
