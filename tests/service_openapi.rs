//! The service's own OpenAPI document (`src/service/openapi.yaml`): it
//! names exactly the routes the router serves, and it follows the
//! guidelines the service checks: no MUST finding under `apilint:zalando`.

mod service_support;

use std::collections::BTreeSet;
use std::sync::Arc;

use apilint::document::Workspace;
use apilint::document::workspace::LoadOptions;
use apilint::engine::{LintOptions, Severity, lint, ruleset};
use apilint::service::routes::ROUTES;
use axum::body::Body;
use axum::http::Request;
use service_support::*;

const DOC: &str = include_str!("../src/service/openapi.yaml");

fn documented() -> BTreeSet<(String, String)> {
    let doc =
        apilint::document::Document::parse("openapi.yaml", Arc::from(DOC), &Default::default())
            .unwrap();
    let v = doc.tree.to_json(doc.root());
    let mut out = BTreeSet::new();
    for (path, item) in v["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                out.insert((method.clone(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn the_document_and_the_route_table_name_the_same_routes() {
    let table: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented(), table);
    // And the router registers exactly the table: one `.route(` per path
    // in routes/mod.rs, each path in the table.
    let source = include_str!("../src/service/routes/mod.rs");
    let registered: BTreeSet<String> = source
        .split(".route(\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    let paths: BTreeSet<String> = ROUTES.iter().map(|(_, p)| p.to_string()).collect();
    assert_eq!(registered, paths);
}

#[tokio::test]
async fn every_documented_route_is_served_with_its_method_only() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    for (method, path) in documented() {
        let concrete = path
            .replace("{id}", "00000000-0000-0000-0000-000000000000")
            .replace("{code}", "zalando-118-property-names-snake-case");
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&concrete)
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let a = send(&state, request).await;
        // Reaching a handler: anything but routing's 404 and 405. A 404
        // from a handler names what was not found.
        assert_ne!(a.status, 405, "{method} {path}: {}", a.text);
        if a.status == 404 {
            assert!(
                a.text.contains("no review"),
                "{method} {path} is not routed: {}",
                a.text
            );
        }
        let other = if method == "get" { "PATCH" } else { "PUT" };
        let wrong = send(
            &state,
            Request::builder()
                .method(other)
                .uri(&concrete)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(wrong.status, 405, "{other} {path}");
    }
}

#[test]
fn the_document_has_no_must_finding_under_apilint_zalando() {
    let rs = ruleset::load_builtin("apilint:zalando").unwrap();
    let ws = Workspace::from_text(
        "openapi.yaml",
        Arc::from(DOC),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let report = lint(
        &ws,
        &rs,
        &LintOptions {
            threads: 1,
            ..LintOptions::default()
        },
    );
    let must: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}: {}", f.range.start.line + 1, f.code, f.message))
        .collect();
    assert!(must.is_empty(), "MUST findings:\n{}", must.join("\n"));
}
