//! Operations: `/health` (the process answers), `/ready` (it can serve:
//! a rule set is loaded and the database answers), `/metrics`
//! (Prometheus), and the service's own OpenAPI document.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::service::error::problem;
use crate::service::state::AppState;

/// The service's OpenAPI 3.1 description, embedded from the repository.
pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> Response {
    if state.rulesets().active().is_none() {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "no rule set has loaded yet; see GET /api/v1/ruleset",
        );
    }
    if let Err(e) = state.store().ping().await {
        tracing::error!(error = %e, "readiness: the database does not answer");
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "the database does not answer",
        );
    }
    Json(json!({ "status": "ready" })).into_response()
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
