//! `POST /api/v1/admin/reload`: load the rule set again now (pull the
//! repository), instead of waiting for the next poll.
//!
//! Two ways in:
//! - `Authorization: Bearer <--admin-token>`, for people and scripts;
//! - a push webhook from GitHub (HMAC signature), GitLab (token header) or
//!   Azure DevOps (basic or bearer credentials), authenticated with
//!   `--webhook-secret` by [`crate::service::webhook`]. Events other than
//!   pushes (GitHub's `ping`) are acknowledged and ignored. A push to any
//!   ref triggers a refresh: the refresh itself asks the remote where the
//!   followed ref is and does nothing when it has not moved.
//!
//! With neither a token nor a secret configured, reloading over HTTP is
//! off (403). The answer says what happened; a rule set that fails to load
//! is `"outcome": "failed"` with the error, and the previous rule set stays
//! active.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Serialize;

use super::auth::bearer_matches;
use crate::service::error::ApiError;
use crate::service::rulesets::ReloadOutcome;
use crate::service::state::AppState;
use crate::service::webhook::{self, Provider};

#[derive(Debug, Serialize)]
pub struct ReloadBody {
    /// `replaced`, `unchanged`, `failed`, or `ignored` (a webhook event
    /// that is not a push).
    outcome: &'static str,
    /// The active rule set's commit after the reload.
    commit: Option<String>,
    error: Option<String>,
    /// The webhook sender, when the request was a webhook.
    webhook: Option<&'static str>,
}

pub async fn reload(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReloadBody>, ApiError> {
    let config = state.config();
    let by_token = config
        .admin_token
        .as_deref()
        .is_some_and(|t| bearer_matches(&headers, t));
    let mut sender = None;
    if !by_token {
        let Some(secret) = config.webhook_secret.as_deref() else {
            return Err(if config.admin_token.is_none() {
                ApiError::Forbidden(
                    "reloading over HTTP is off: start the server with --admin-token or --webhook-secret"
                        .into(),
                )
            } else {
                ApiError::Unauthorized("the admin token is missing or wrong".into())
            });
        };
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let provider = Provider::detect(header, &body).ok_or_else(|| {
            ApiError::Unauthorized(
                "neither the admin token nor a push webhook from GitHub, GitLab or Azure DevOps"
                    .into(),
            )
        })?;
        let unauthorized = |e: webhook::WebhookError| ApiError::Unauthorized(e.to_string());
        let push = match provider {
            Provider::GitHub => {
                webhook::verify_github_signature(
                    secret.as_bytes(),
                    header(webhook::GITHUB_SIGNATURE_HEADER),
                    &body,
                )
                .map_err(unauthorized)?;
                webhook::github_push(header(webhook::GITHUB_EVENT_HEADER), &body)
            }
            Provider::GitLab => {
                webhook::verify_gitlab_token(secret, header(webhook::GITLAB_TOKEN_HEADER))
                    .map_err(unauthorized)?;
                webhook::gitlab_push(header(webhook::GITLAB_EVENT_HEADER), &body)
            }
            Provider::AzureDevOps => {
                webhook::verify_authorization(secret, header(webhook::AUTHORIZATION_HEADER))
                    .map_err(unauthorized)?;
                webhook::azure_devops_push(&body)
            }
        }
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
        if push.is_none() {
            return Ok(Json(ReloadBody {
                outcome: "ignored",
                commit: state.rulesets().active().and_then(|a| a.commit.clone()),
                error: None,
                webhook: Some(provider.name()),
            }));
        }
        sender = Some(provider.name());
    }
    let outcome = state.reload().await;
    let commit = state.rulesets().active().and_then(|a| a.commit.clone());
    Ok(Json(match outcome {
        ReloadOutcome::Replaced { .. } => ReloadBody {
            outcome: "replaced",
            commit,
            error: None,
            webhook: sender,
        },
        ReloadOutcome::Unchanged => ReloadBody {
            outcome: "unchanged",
            commit,
            error: None,
            webhook: sender,
        },
        ReloadOutcome::Failed(message) => ReloadBody {
            outcome: "failed",
            commit,
            error: Some(message),
            webhook: sender,
        },
    }))
}
