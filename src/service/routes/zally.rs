//! Zally-compatible endpoints, so the Zally CLI and integrations written
//! against Zally's API keep working when pointed at apilint:
//! `POST /api-violations`, `GET /api-violations/{id}`,
//! `GET /supported-rules` and `GET /review-statistics`.
//!
//! The shapes are those of Zally's published API description (`zally-api.yaml`,
//! `LintingRequest`, `LintingResponse`, `Violation`, `ViolationsCount`,
//! `SupportedRulesResponse`, `ReviewStatisticsResponse`), in snake_case:
//! - a violation has `title` (the rule's description, else its code),
//!   `description` (the finding's message), `violation_type` (`MUST`,
//!   `SHOULD`, `MAY`, `HINT`), `rule_link`, `paths` (one JSON pointer),
//!   `pointer`, and 1-based `start_line` / `end_line`;
//! - `violations_count` has `must`, `should`, `may`, `could` (always 0:
//!   apilint has no COULD level) and `hint`;
//! - a lint answer carries `external_id` (the review id, also in the
//!   `Location` header) and `api_definition` (the spec as linted).
//!
//! Reviews made here are ordinary reviews: the same store, the same ids,
//! visible under `/api/v1/reviews/{id}` too.
//!
//! Differences from Zally: a spec that does not parse is a review with a
//! `parser` violation (200) rather than a 400, so the syntax error's line
//! is reported; `successful_reviews` counts every stored review (each was
//! processed).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::lint::{BodyKind, body_kind, user_agent, utf8};
use crate::service::error::ApiError;
use crate::service::review::{FailOn, LintInput, ReviewResult};
use crate::service::rulesets::ActiveRuleset;
use crate::service::state::AppState;
use crate::service::store::StatsQuery;
use crate::service::timefmt::{self, DAY_MS};

/// Zally's `LintingRequest`. Unknown members are ignored, as Zally does.
#[derive(Debug, Deserialize)]
struct LintingRequest {
    api_definition: Option<serde_json::Value>,
    api_definition_string: Option<String>,
    api_definition_url: Option<String>,
    #[serde(default)]
    ignore_rules: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Violation {
    title: String,
    description: String,
    violation_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_link: Option<String>,
    paths: Vec<String>,
    pointer: String,
    start_line: u32,
    end_line: u32,
}

#[derive(Debug, Serialize)]
pub struct ViolationsCount {
    must: u64,
    should: u64,
    may: u64,
    could: u64,
    hint: u64,
}

#[derive(Debug, Serialize)]
pub struct LintingResponse {
    external_id: String,
    message: String,
    violations: Vec<Violation>,
    violations_count: ViolationsCount,
    api_definition: String,
}

/// Zally's answer for a review.
fn linting_response(
    result: &ReviewResult,
    spec: String,
    rules: Option<&ActiveRuleset>,
) -> LintingResponse {
    let violations = result
        .findings
        .iter()
        .map(|f| Violation {
            title: rules
                .and_then(|r| r.ruleset.rule(&f.code))
                .and_then(|r| r.description.clone())
                .unwrap_or_else(|| f.code.clone()),
            description: f.message.clone(),
            violation_type: f.level.clone(),
            rule_link: f.rule_url.clone(),
            paths: vec![f.pointer.clone()],
            pointer: f.pointer.clone(),
            start_line: f.range.start.line + 1,
            end_line: f.range.end.line + 1,
        })
        .collect();
    let c = result.counts;
    LintingResponse {
        external_id: result.id.clone(),
        message: format!(
            "{} violations (MUST {}, SHOULD {}, MAY {}, HINT {}) under {}",
            result.findings.len(),
            c.must,
            c.should,
            c.may,
            c.hint,
            result.ruleset.name
        ),
        violations,
        violations_count: ViolationsCount {
            must: c.must,
            should: c.should,
            may: c.may,
            could: 0,
            hint: c.hint,
        },
        api_definition: spec,
    }
}

fn with_location(body: LintingResponse) -> Response {
    let location = format!("/api-violations/{}", body.external_id);
    let mut response = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

pub async fn post_violations(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !matches!(body_kind(&headers)?, BodyKind::Json) {
        return Err(ApiError::UnsupportedMediaType(
            "/api-violations reads application/json (Zally's LintingRequest)".into(),
        ));
    }
    let req: LintingRequest = serde_json::from_str(&utf8(body)?)
        .map_err(|e| ApiError::BadRequest(format!("not a LintingRequest: {e}")))?;
    let spec = match (
        req.api_definition_string,
        req.api_definition,
        req.api_definition_url,
    ) {
        (Some(s), _, _) => s,
        (None, Some(serde_json::Value::String(s)), _) => s,
        (None, Some(o), _) if o.is_object() => {
            serde_json::to_string_pretty(&o).expect("a JSON value serializes")
        }
        (None, Some(_), _) => {
            return Err(ApiError::BadRequest(
                "api_definition must be an object (or a string)".into(),
            ));
        }
        (None, None, Some(url)) => state.fetch_url(url).await?,
        (None, None, None) => {
            return Err(ApiError::BadRequest(
                "give one of api_definition, api_definition_string and api_definition_url".into(),
            ));
        }
    };
    let input = LintInput {
        spec,
        ignore_rules: req.ignore_rules,
        fail_on: FailOn::Must,
    };
    let reviewed = state.review(input, None, user_agent(&headers)).await?;
    let result = &reviewed.outcome.result;
    let rules = state.rulesets().pick(Some(&result.ruleset.name)).ok();
    Ok(with_location(linting_response(
        result,
        reviewed.spec,
        rules.as_deref(),
    )))
}

pub async fn get_violations(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let stored = state
        .store()
        .get(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no review with id \"{id}\"")))?;
    let result: ReviewResult = serde_json::from_str(&stored.result)
        .map_err(|e| ApiError::Internal(format!("stored review {id} does not read: {e}")))?;
    let rules = state.rulesets().pick(Some(&result.ruleset.name)).ok();
    Ok(with_location(linting_response(
        &result,
        stored.spec,
        rules.as_deref(),
    )))
}

#[derive(Debug, Deserialize)]
pub struct SupportedRulesQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    is_active: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct SupportedRule {
    title: String,
    code: String,
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    is_active: bool,
}

#[derive(Debug, Serialize)]
pub struct SupportedRulesResponse {
    supported_rules: Vec<SupportedRule>,
}

pub async fn supported_rules(
    State(state): State<AppState>,
    Query(q): Query<SupportedRulesQuery>,
) -> Result<Json<SupportedRulesResponse>, ApiError> {
    let kind = match q.kind.as_deref().map(str::to_ascii_uppercase) {
        None => None,
        Some(k) if ["MUST", "SHOULD", "COULD", "MAY", "HINT"].contains(&k.as_str()) => Some(k),
        Some(k) => {
            return Err(ApiError::BadRequest(format!(
                "type \"{k}\" is not one of MUST, SHOULD, COULD, MAY, HINT"
            )));
        }
    };
    let rs = state.rulesets().pick(None)?;
    let supported_rules = rs
        .ruleset
        .rules
        .iter()
        .map(|r| SupportedRule {
            title: r.description.clone().unwrap_or_else(|| r.name.clone()),
            code: r.name.clone(),
            // An off rule has no level of its own; it is listed as HINT.
            kind: r.severity.map_or("HINT", crate::output::level_word),
            url: r.documentation_url.clone().unwrap_or_default(),
            is_active: r.severity.is_some(),
        })
        .filter(|r| kind.as_deref().is_none_or(|k| r.kind == k))
        .filter(|r| q.is_active.is_none_or(|a| r.is_active == a))
        .collect();
    Ok(Json(SupportedRulesResponse { supported_rules }))
}

#[derive(Debug, Deserialize)]
pub struct StatisticsQuery {
    from: Option<String>,
    to: Option<String>,
    user_agent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReviewEntry {
    external_id: String,
    api: Option<String>,
    api_id: Option<String>,
    created: String,
    successful: bool,
    number_of_endpoints: i64,
    must_violations: i64,
    should_violations: i64,
    may_violations: i64,
    hint_violations: i64,
}

#[derive(Debug, Serialize)]
pub struct ReviewStatisticsResponse {
    total_reviews: i64,
    total_reviews_deduplicated: i64,
    successful_reviews: i64,
    number_of_endpoints: i64,
    must_violations: i64,
    should_violations: i64,
    may_violations: i64,
    hint_violations: i64,
    /// The reviews of the window, newest first (at most 1000).
    reviews: Vec<ReviewEntry>,
}

/// A Zally date parameter (`YYYY-MM-DD`) as Unix ms at its midnight.
fn zally_date(name: &str, v: &str) -> Result<i64, ApiError> {
    if v.len() != 10 {
        return Err(ApiError::BadRequest(format!(
            "{name}: \"{v}\" is not a date (YYYY-MM-DD)"
        )));
    }
    timefmt::parse(v).map_err(|e| ApiError::BadRequest(format!("{name}: {e}")))
}

pub async fn review_statistics(
    State(state): State<AppState>,
    Query(q): Query<StatisticsQuery>,
) -> Result<Json<ReviewStatisticsResponse>, ApiError> {
    // As in Zally: without `from`, the last seven days; `to` is the last
    // day included and only counts together with `from`.
    let (from_ms, to_ms) = match q.from.as_deref().filter(|s| !s.is_empty()) {
        None => (Some(timefmt::now_ms() - 7 * DAY_MS), None),
        Some(from) => {
            let from_ms = zally_date("from", from)?;
            let to_ms = match q.to.as_deref().filter(|s| !s.is_empty()) {
                Some(to) => Some(zally_date("to", to)? + DAY_MS),
                None => None,
            };
            if to_ms.is_some_and(|t| t <= from_ms) {
                return Err(ApiError::BadRequest("to is before from".into()));
            }
            (Some(from_ms), to_ms)
        }
    };
    let query = StatsQuery {
        from_ms,
        to_ms,
        user_agent: q.user_agent.filter(|s| !s.is_empty()),
    };
    let stats = state.store().stats(&query).await?;
    let reviews = state
        .store()
        .list(&query, 1000)
        .await?
        .into_iter()
        .map(|r| ReviewEntry {
            external_id: r.id,
            api: r.api_title,
            api_id: r.api_id,
            created: timefmt::format_ms(r.created_at_ms),
            successful: true,
            number_of_endpoints: r.endpoints,
            must_violations: r.counts[0],
            should_violations: r.counts[1],
            may_violations: r.counts[2],
            hint_violations: r.counts[3],
        })
        .collect();
    Ok(Json(ReviewStatisticsResponse {
        total_reviews: stats.total,
        total_reviews_deduplicated: stats.deduplicated,
        successful_reviews: stats.total,
        number_of_endpoints: stats.endpoints,
        must_violations: stats.counts[0],
        should_violations: stats.counts[1],
        may_violations: stats.counts[2],
        hint_violations: stats.counts[3],
        reviews,
    }))
}
