//! `POST /api/v1/lint` and `GET /api/v1/reviews/{id}`.
//!
//! The lint endpoint reads its body by media type:
//! - `application/json` (or any `+json`): either a request object,
//!   `{"spec": "<text>"}`, `{"spec_object": {...}}` or `{"spec_url": "..."}`
//!   with the optional `ruleset`, `ignore_rules` and `fail_on`; or, when the
//!   object has a top-level `openapi`, `swagger` or `asyncapi` member, the
//!   spec itself (its text is linted as sent, so lines match the file);
//! - `application/yaml` (also `application/x-yaml`, `text/yaml`,
//!   `text/x-yaml`): the spec itself.
//!
//! A raw spec takes its options from the query string: `?ruleset=`,
//! `?fail_on=`, `?ignore_rules=a,b`. Anything else is 415.
//!
//! `"store": false` in a request object lints without storing: the answer
//! is 200 with the same body and no permalink. The browser editor lints
//! every pause in typing that way, so drafts do not become reviews (nor
//! count in the review statistics).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::service::error::ApiError;
use crate::service::review::{FailOn, LintInput};
use crate::service::state::AppState;
use crate::service::timefmt;

/// The JSON request object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintRequest {
    spec: Option<String>,
    spec_object: Option<serde_json::Value>,
    spec_url: Option<String>,
    ruleset: Option<String>,
    #[serde(default)]
    ignore_rules: Vec<String>,
    fail_on: Option<FailOn>,
    /// `false`: lint only, store no review.
    store: Option<bool>,
}

/// Options of a raw spec body, from the query string.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOptions {
    ruleset: Option<String>,
    /// Comma-separated.
    ignore_rules: Option<String>,
    fail_on: Option<FailOn>,
}

/// How the body is to be read.
pub enum BodyKind {
    Json,
    Yaml,
}

/// The body kind from `Content-Type`, or 415.
pub fn body_kind(headers: &HeaderMap) -> Result<BodyKind, ApiError> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Err(ApiError::UnsupportedMediaType(
            "a Content-Type is required: application/json or application/yaml".into(),
        ));
    };
    let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    match essence {
        "application/json" => Ok(BodyKind::Json),
        e if e.ends_with("+json") => Ok(BodyKind::Json),
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
            Ok(BodyKind::Yaml)
        }
        other => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type \"{other}\" is not read here; send application/json or application/yaml"
        ))),
    }
}

/// Body text as UTF-8, or 400. Takes the buffer over without a copy when
/// it can.
pub fn utf8(body: Bytes) -> Result<String, ApiError> {
    String::from_utf8(Vec::from(body))
        .map_err(|e| ApiError::BadRequest(format!("the body is not UTF-8: {e}")))
}

/// Whether a JSON body is a spec rather than a request object, judged by
/// its top-level keys only: the values are skipped, not built, so a large
/// spec is not parsed twice. Malformed JSON is a 400.
fn is_spec_document(text: &str) -> Result<bool, ApiError> {
    let keys: std::collections::HashMap<String, serde::de::IgnoredAny> = serde_json::from_str(text)
        .map_err(|e| {
            ApiError::BadRequest(format!(
                "the body is not valid JSON (or not an object): {e}"
            ))
        })?;
    Ok(["openapi", "swagger", "asyncapi"]
        .iter()
        .any(|k| keys.contains_key(*k)))
}

pub async fn lint(
    State(state): State<AppState>,
    Query(raw): Query<RawOptions>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = body_kind(&headers)?;
    let text = utf8(body)?;
    let mut store = true;
    let (input, ruleset) = match kind {
        BodyKind::Yaml => (raw_input(text, &raw), raw.ruleset.clone()),
        BodyKind::Json => {
            if is_spec_document(&text)? {
                (raw_input(text, &raw), raw.ruleset.clone())
            } else {
                let req: LintRequest = serde_json::from_str(&text).map_err(|e| {
                    ApiError::BadRequest(format!(
                        "not a lint request ({e}); send {{\"spec\": \"...\"}}, {{\"spec_object\": {{...}}}} or {{\"spec_url\": \"...\"}}"
                    ))
                })?;
                store = req.store.unwrap_or(true);
                let spec = match (req.spec, req.spec_object, req.spec_url) {
                    (Some(s), None, None) => s,
                    (None, Some(o), None) => {
                        if !o.is_object() {
                            return Err(ApiError::Unprocessable(
                                "spec_object must be a JSON object".into(),
                            ));
                        }
                        serde_json::to_string_pretty(&o).expect("a JSON value serializes")
                    }
                    (None, None, Some(url)) => state.fetch_url(url).await?,
                    _ => {
                        return Err(ApiError::BadRequest(
                            "give exactly one of spec, spec_object and spec_url".into(),
                        ));
                    }
                };
                (
                    LintInput {
                        spec,
                        ignore_rules: req.ignore_rules,
                        fail_on: req.fail_on.unwrap_or_default(),
                    },
                    req.ruleset,
                )
            }
        }
    };
    if !store {
        let (outcome, _) = state.lint(input, ruleset.as_deref()).await?;
        let json = serde_json::to_string(&outcome.result)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        return Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response());
    }
    let user_agent = user_agent(&headers);
    let reviewed = state.review(input, ruleset.as_deref(), user_agent).await?;
    let location = format!("/api/v1/reviews/{}", reviewed.outcome.result.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        reviewed.json,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

fn raw_input(spec: String, raw: &RawOptions) -> LintInput {
    LintInput {
        spec,
        ignore_rules: raw
            .ignore_rules
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        fail_on: raw.fail_on.unwrap_or_default(),
    }
}

pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect())
}

pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(stored_review(&state, &id).await?))
}

/// A stored review as `GET /api/v1/reviews/{id}` shows it (the browser's
/// permalink page shows the same), or 404.
pub async fn stored_review(state: &AppState, id: &str) -> Result<serde_json::Value, ApiError> {
    let stored = state
        .store()
        .get(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no review with id \"{id}\"")))?;
    let mut value: serde_json::Value = serde_json::from_str(&stored.result)
        .map_err(|e| ApiError::Internal(format!("stored review {id} is not JSON: {e}")))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "created_at".into(),
            timefmt::format_ms(stored.created_at_ms).into(),
        );
        obj.insert("spec".into(), stored.spec.into());
    }
    Ok(value)
}
