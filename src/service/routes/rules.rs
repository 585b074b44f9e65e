//! `GET /api/v1/rules`, `GET /api/v1/rules/{code}` and `GET /api/v1/ruleset`.
//!
//! Rules are described exactly as `apilint rules --format json` describes
//! them ([`crate::cli::rules::info`]), with the same documentation text for
//! one rule: one copy of every rule's docs, wherever they are shown.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

use crate::cli::rules::{RuleInfo, info};
use crate::service::error::ApiError;
use crate::service::rulesets::LoadFailure;
use crate::service::state::AppState;
use crate::service::timefmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesQuery {
    /// Another built-in rule set than the active one.
    ruleset: Option<String>,
}

#[derive(Serialize)]
pub struct RulesList<'a> {
    ruleset: String,
    rules: Vec<RuleInfo<'a>>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<RulesQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let rs = state.rulesets().pick(q.ruleset.as_deref())?;
    let body = RulesList {
        ruleset: rs.name.clone(),
        rules: rs.ruleset.rules.iter().map(|r| info(r, false)).collect(),
    };
    Ok(Json(
        serde_json::to_value(body).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))
}

pub async fn one(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<RulesQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let rs = state.rulesets().pick(q.ruleset.as_deref())?;
    let rule = rs.ruleset.rule(&code).ok_or_else(|| {
        ApiError::NotFound(format!("rule set {} has no rule \"{code}\"", rs.name))
    })?;
    Ok(Json(
        serde_json::to_value(info(rule, true)).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))
}

/// `GET /api/v1/ruleset`.
#[derive(Debug, Serialize)]
pub struct RulesetStatus {
    /// `null` until a rule set has loaded.
    name: Option<String>,
    source: Option<String>,
    commit: Option<String>,
    loaded_at: Option<String>,
    rules: usize,
    /// The last load that failed, cleared by the next one that works.
    last_error: Option<LoadFailure>,
}

pub async fn ruleset(State(state): State<AppState>) -> Json<RulesetStatus> {
    let active = state.rulesets().active();
    Json(RulesetStatus {
        name: active.as_ref().map(|a| a.name.clone()),
        source: active.as_ref().map(|a| a.source.clone()),
        commit: active.as_ref().and_then(|a| a.commit.clone()),
        loaded_at: active.as_ref().map(|a| timefmt::format_ms(a.loaded_at_ms)),
        rules: active.as_ref().map_or(0, |a| a.ruleset.rules.len()),
        last_error: state.rulesets().last_error(),
    })
}
