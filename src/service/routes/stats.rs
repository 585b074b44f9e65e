//! `GET /api/v1/stats?from=&to=`: totals over stored reviews.
//!
//! `from` (inclusive) and `to` (exclusive) are dates (`2026-11-01`,
//! midnight UTC) or RFC 3339 timestamps; without them, all reviews count.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use crate::service::error::ApiError;
use crate::service::review::Counts;
use crate::service::state::AppState;
use crate::service::store::StatsQuery;
use crate::service::timefmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsParams {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RuleTally {
    code: String,
    /// Findings of the rule in the window.
    findings: i64,
    /// Reviews with at least one.
    reviews: i64,
}

#[derive(Debug, Serialize)]
pub struct StatsBody {
    from: Option<String>,
    to: Option<String>,
    total_reviews: i64,
    passed_reviews: i64,
    failed_reviews: i64,
    /// Distinct APIs reviewed (by `info.x-api-id`, else `info.title`).
    distinct_apis: i64,
    /// Findings by level.
    counts: Counts,
    /// The ten most violated rules, most findings first.
    top_rules: Vec<RuleTally>,
}

/// Parses one bound, naming the parameter in the error.
pub fn bound(name: &str, value: Option<&str>) -> Result<Option<i64>, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| timefmt::parse(v).map_err(|e| ApiError::BadRequest(format!("{name}: {e}"))))
        .transpose()
}

pub async fn stats(
    State(state): State<AppState>,
    Query(p): Query<StatsParams>,
) -> Result<Json<StatsBody>, ApiError> {
    let from_ms = bound("from", p.from.as_deref())?;
    let to_ms = bound("to", p.to.as_deref())?;
    if let (Some(f), Some(t)) = (from_ms, to_ms)
        && f > t
    {
        return Err(ApiError::BadRequest("from is later than to".into()));
    }
    let s = state
        .store()
        .stats(&StatsQuery {
            from_ms,
            to_ms,
            user_agent: None,
        })
        .await?;
    let c = |i: usize| s.counts[i].max(0) as u64;
    Ok(Json(StatsBody {
        from: from_ms.map(timefmt::format_ms),
        to: to_ms.map(timefmt::format_ms),
        total_reviews: s.total,
        passed_reviews: s.passed,
        failed_reviews: s.total - s.passed,
        distinct_apis: s.deduplicated,
        counts: Counts {
            must: c(0),
            should: c(1),
            may: c(2),
            hint: c(3),
        },
        top_rules: s
            .top_rules
            .into_iter()
            .map(|(code, findings, reviews)| RuleTally {
                code,
                findings,
                reviews,
            })
            .collect(),
    }))
}
