//! Operations: `/health` (the process answers), `/ready` (it can serve:
//! a rule set is loaded and the database answers), `/metrics`
//! (Prometheus), and the service's own OpenAPI document.
//!
//! `/ready` has three answers:
//! - 200 `{"status": "ready"}`;
//! - 200 `{"status": "degraded", "reasons": [...]}`: it serves, but not as
//!   configured: the last rule set reload failed (the repository is out of
//!   reach, or its newest commit does not load), so the last good rule set
//!   is still in use. Still 200, so a load balancer keeps the replica:
//!   taking every replica out because the shared rule set repository is
//!   down would turn a stale rule set into an outage. Alert on the reason
//!   (or on `apilint_ruleset_reload_failures_total`) instead;
//! - 503 problem+json with `Retry-After`: it cannot serve (no rule set has
//!   loaded yet, or the database does not answer).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::service::error::ApiError;
use crate::service::state::AppState;
use crate::service::timefmt;

/// The service's OpenAPI 3.1 description, embedded from the repository.
pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> Response {
    let Some(active) = state.rulesets().active() else {
        return ApiError::Unavailable("no rule set has loaded yet; see GET /api/v1/ruleset".into())
            .into_response();
    };
    if let Err(e) = state.store().ping().await {
        tracing::error!(error = %e, "readiness: the database does not answer");
        return ApiError::Unavailable("the database does not answer".into()).into_response();
    }
    let mut reasons = Vec::new();
    if let Some(failure) = state.rulesets().last_error() {
        let serving = match &active.commit {
            Some(commit) => format!("{} at commit {commit}", active.source),
            None => active.source.clone(),
        };
        reasons.push(format!(
            "the rule set reload at {} failed; still serving {serving} (loaded {}); see GET /api/v1/ruleset: {}",
            failure.at,
            timefmt::format_ms(active.loaded_at_ms),
            failure.message
        ));
    }
    if reasons.is_empty() {
        Json(json!({ "status": "ready" })).into_response()
    } else {
        Json(json!({ "status": "degraded", "reasons": reasons })).into_response()
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = state.metrics().encode().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// The document as JSON, converted once from the embedded YAML.
fn openapi_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let doc = crate::document::Document::parse(
            "openapi.yaml",
            OPENAPI_YAML.into(),
            &crate::document::Limits::default(),
        )
        .expect("the embedded OpenAPI document parses (a test checks it)");
        serde_json::to_string_pretty(&doc.tree.to_json(doc.root())).expect("JSON serializes")
    })
}

/// YAML by default; JSON when the client accepts JSON and not YAML.
pub async fn openapi(headers: HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("application/json") && !accept.contains("yaml") {
        let mut response = openapi_json().into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return response;
    }
    let mut response = OPENAPI_YAML.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml"),
    );
    response
}
