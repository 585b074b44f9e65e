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
//! The answer is the service's review (JSON, see [`crate::service::review`])
//! unless a report format is asked for, by `?format=` (any name `apilint
//! lint -f` takes: `text`, `json`, `sarif`, `junit`, `github-actions`,
//! `gitlab`, `markdown`) or, without it, by `Accept`:
//!
//! | `Accept` | answer |
//! | :-- | :-- |
//! | none, `*/*`, `application/*`, `application/json` | the review |
//! | `text/plain`, `text/*` | `text` |
//! | `text/markdown` | `markdown` |
//! | `application/sarif+json` | `sarif` |
//! | `application/xml`, `text/xml` | `junit` |
//!
//! The first acceptable entry by `q` wins; an `Accept` that allows none is
//! 406 and an unknown `?format=` is 400 (both problem+json, like every
//! error). Spectral's JSON, GitLab's and GitHub's formats share their media
//! types with others, so they are asked for by `?format=` only.
//!
//! Every stored answer is 201 with the review's permalink in `Location`: a
//! report is still a stored review. The report is rendered by [`crate::output`]
//! from the review's findings (turned back into the engine's, see
//! [`crate::service::review::engine_findings`]), the same code as the CLI's
//! `-f`; the file is named `spec.yaml` (`spec.json` for JSON text), and the
//! markdown comment links the review's absolute permalink, built from the
//! request's `Host` (and `X-Forwarded-Proto` behind a proxy).
//!
//! `"store": false` in a request object lints without storing: the answer
//! is 200 with the review's JSON body (whatever format is asked for) and no
//! permalink. The browser editor lints every pause in typing that way, so
//! drafts do not become reviews (nor count in the review statistics).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use std::sync::Arc;

use clap::ValueEnum;

use crate::output::{self, OutputFormat, RenderOptions, ReviewLink};
use crate::service::error::ApiError;
use crate::service::review::{ApiFinding, FailOn, LintInput, engine_findings, spec_name};
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
    /// A report format instead of the review.
    format: Option<String>,
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
    // An answer that cannot be given is refused before any work is done.
    let answer = negotiate(raw.format.as_deref(), &headers)?;
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
        let (_, json) = state.lint(input, ruleset.as_deref()).await?;
        return Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response());
    }
    let user_agent = user_agent(&headers);
    let fail_on = input.fail_on;
    let reviewed = state.review(input, ruleset.as_deref(), user_agent).await?;
    let location = format!("/api/v1/reviews/{}", reviewed.outcome.result.id);
    let (content_type, body) = match answer {
        Answer::Review => ("application/json", reviewed.json),
        Answer::Report(format) => {
            let permalink = permalink(&headers, &location);
            // Parsing the spec again and rendering is CPU work.
            let body = tokio::task::spawn_blocking(move || {
                report(
                    format,
                    &reviewed.spec,
                    Arc::unwrap_or_clone(reviewed.outcome.result.findings),
                    fail_on,
                    permalink,
                )
            })
            .await
            .map_err(|e| ApiError::Internal(format!("the report task failed: {e}")))?;
            (format.media_type(), body)
        }
    };
    let mut response = (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, content_type)],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    // The answer depends on `Accept`: caches must keep them apart.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    Ok(response)
}

/// What `POST /api/v1/lint` answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// The service's review JSON.
    Review,
    /// A report in one of the CLI's formats.
    Report(OutputFormat),
}

/// The answer `?format=` (first) or `Accept` asks for; see the module docs.
fn negotiate(format: Option<&str>, headers: &HeaderMap) -> Result<Answer, ApiError> {
    if let Some(name) = format {
        return OutputFormat::from_name(name.trim())
            .map(Answer::Report)
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "unknown format \"{name}\"; use one of {}",
                    OutputFormat::value_variants()
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            });
    }
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if accept.is_empty() {
        return Ok(Answer::Review);
    }
    // (q, position, answer) of each entry this endpoint can serve.
    let mut offers: Vec<(f32, usize, Answer)> = Vec::new();
    for (i, entry) in accept.iter().enumerate() {
        let mut parts = entry.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let answer = match essence.as_str() {
            "*/*" | "application/*" | "application/json" => Answer::Review,
            "text/plain" | "text/*" => Answer::Report(OutputFormat::Text),
            "text/markdown" => Answer::Report(OutputFormat::Markdown),
            "application/sarif+json" => Answer::Report(OutputFormat::Sarif),
            "application/xml" | "text/xml" => Answer::Report(OutputFormat::Junit),
            _ => continue,
        };
        if q > 0.0 {
            offers.push((q, i, answer));
        }
    }
    // The highest q; among equals, the first listed.
    offers
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|&(_, _, answer)| answer)
        .ok_or_else(|| {
            ApiError::NotAcceptable(format!(
                "Accept \"{}\" allows nothing this endpoint writes: application/json (the review), text/plain, text/markdown, application/sarif+json or application/xml; or name a format with ?format=",
                accept.join(", ")
            ))
        })
}

/// The review's findings as a report in `format`.
fn report(
    format: OutputFormat,
    spec: &str,
    found: Vec<ApiFinding>,
    fail_on: FailOn,
    permalink: String,
) -> String {
    let name = spec_name(spec);
    let findings = engine_findings(name, spec, found);
    let sources = [name.to_string()];
    let texts = [(name.to_string(), Arc::<str>::from(spec))];
    let reviews = [ReviewLink {
        document: name.to_string(),
        url: permalink,
    }];
    output::render(
        format,
        &findings,
        &RenderOptions {
            sources: &sources,
            texts: &texts,
            fail_severity: fail_on.severity(),
            reviews: &reviews,
            ..RenderOptions::default()
        },
    )
}

/// The absolute permalink of the review at `location`, for a report read
/// outside the service (a pull-request comment): the origin is the one the
/// client reached, from `Host` and, behind a TLS-terminating proxy,
/// `X-Forwarded-Proto`. Without a usable `Host`, the path alone.
fn permalink(headers: &HeaderMap, location: &str) -> String {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = value("host").filter(|h| {
        // A host name, an IPv4 or a bracketed IPv6 address, and a port:
        // nothing that could break out of the link in markdown.
        !h.is_empty()
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    });
    let Some(host) = host else {
        return location.to_string();
    };
    let scheme = match value("x-forwarded-proto").map(|p| p.split(',').next().unwrap_or("").trim())
    {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}{location}")
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
