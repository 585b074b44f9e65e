//! The Zally-compatible endpoints, their answers validated against the
//! schemas of Zally's own API description (`zally-api.yaml` in the shared
//! corpus: `LintingResponse`, `SupportedRulesResponse`,
//! `ReviewStatisticsResponse`).

mod service_support;

use std::sync::Arc;

use apilint::document::{Document, Limits};
use serde_json::{Value, json};
use service_support::*;

/// Zally's schema `name`, as a JSON Schema that resolves the document's
/// other component schemas.
fn zally_schema(name: &str) -> Option<jsonschema::Validator> {
    let path = shared("corpus/zally-fixtures/zally-api.yaml")?;
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::parse("zally-api.yaml", Arc::from(text), &Limits::default()).unwrap();
    let api = doc.tree.to_json(doc.root());
    let schema = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": api["components"].clone(),
    });
    Some(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&schema)
            .unwrap(),
    )
}

fn assert_matches_zally(name: &str, v: &Value) {
    let Some(schema) = zally_schema(name) else {
        return;
    };
    let errors: Vec<String> = schema
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}\n{v}");
}

#[tokio::test]
async fn api_violations_answers_in_zallys_shape_and_can_be_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = post_json(
        &state,
        "/api-violations",
        json!({"api_definition_string": SPEC_WITH_MUST}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    assert_matches_zally("LintingResponse", &v);
    let id = v["external_id"].as_str().unwrap();
    assert_eq!(a.headers["location"], format!("/api-violations/{id}"));
    let snake = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule_link"].as_str().is_some_and(|l| l.ends_with("#118")))
        .unwrap_or_else(|| panic!("no #118 violation: {v}"));
    assert_eq!(snake["violation_type"], "MUST");
    assert_eq!(snake["start_line"], 17);
    assert_eq!(snake["paths"][0], snake["pointer"]);
    assert!(snake["title"].as_str().unwrap().len() > 5);
    assert_eq!(v["violations_count"]["could"], 0);
    assert!(v["violations_count"]["must"].as_u64().unwrap() >= 1);
    assert_eq!(v["api_definition"], SPEC_WITH_MUST);

    let again = get(&state, &format!("/api-violations/{id}")).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["violations"], v["violations"]);
    // The same review under /api/v1.
    assert_eq!(
        get(&state, &format!("/api/v1/reviews/{id}")).await.status,
        200
    );
    get(
        &state,
        "/api-violations/00000000-0000-0000-0000-000000000000",
    )
    .await
    .problem(404);
}

#[tokio::test]
async fn api_definition_as_an_object_and_ignore_rules() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let spec = json!({"openapi": "3.0.1", "info": {"title": "T", "version": "1.0.0"}, "paths": {}});
    let v = post_json(&state, "/api-violations", json!({"api_definition": spec}))
        .await
        .json();
    assert_matches_zally("LintingResponse", &v);
    let some = v["violations"][0]["pointer"].clone();
    let code_of_first = get(
        &state,
        &format!("/api/v1/reviews/{}", v["external_id"].as_str().unwrap()),
    )
    .await
    .json()["findings"][0]["code"]
        .clone();
    let fewer = post_json(
        &state,
        "/api-violations",
        json!({"api_definition": spec, "ignore_rules": [code_of_first]}),
    )
    .await
    .json();
    assert!(
        fewer["violations"].as_array().unwrap().len() < v["violations"].as_array().unwrap().len(),
        "{some}"
    );
    let d = post_json(&state, "/api-violations", json!({"ignore_rules": []}))
        .await
        .problem(400);
    assert!(d.contains("api_definition"), "{d}");
    let d = post(
        &state,
        "/api-violations",
        "application/yaml",
        "openapi: 3.0.0",
    )
    .await
    .problem(415);
    assert!(d.contains("application/json"), "{d}");
}

#[tokio::test]
async fn supported_rules_lists_and_filters_the_active_rules() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let all = get(&state, "/supported-rules").await.json();
    assert_matches_zally("SupportedRulesResponse", &all);
    let n = all["supported_rules"].as_array().unwrap().len();
    assert_eq!(n, 76);
    let must = get(&state, "/supported-rules?type=must&is_active=true")
        .await
        .json();
    let must = must["supported_rules"].as_array().unwrap();
    assert!(!must.is_empty() && must.len() < n);
    assert!(
        must.iter()
            .all(|r| r["type"] == "MUST" && r["is_active"] == true)
    );
    get(&state, "/supported-rules?type=SOMETIMES")
        .await
        .problem(400);
}

#[tokio::test]
async fn review_statistics_count_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    for _ in 0..2 {
        post_json(
            &state,
            "/api-violations",
            json!({"api_definition_string": SPEC_WITH_MUST}),
        )
        .await;
    }
    let v = get(&state, "/review-statistics").await.json();
    assert_matches_zally("ReviewStatisticsResponse", &v);
    assert_eq!(v["total_reviews"], 2);
    assert_eq!(v["total_reviews_deduplicated"], 1);
    assert_eq!(v["number_of_endpoints"], 2);
    assert!(v["must_violations"].as_i64().unwrap() >= 2);
    assert_eq!(v["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(v["reviews"][0]["api"], "Pets");
    let old = get(&state, "/review-statistics?from=2001-01-01&to=2001-01-31")
        .await
        .json();
    assert_eq!(old["total_reviews"], 0);
    get(&state, "/review-statistics?from=2001-01-31&to=2001-01-01")
        .await
        .problem(400);
    get(&state, "/review-statistics?from=January")
        .await
        .problem(400);
    let ua = get(&state, "/review-statistics?user_agent=zally-cli")
        .await
        .json();
    assert_eq!(ua["total_reviews"], 0);
}
