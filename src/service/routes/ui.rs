//! The browser pages: `/` (the editor), `/reviews/{id}` (a permalink,
//! `?embed=1` for the compact report), `/rules`, `/rules/{code}`, and the
//! editor bundle under `/assets/{name}`. The HTML comes from
//! [`crate::service::ui`]; the pages' scripts call `/api/v1` like any
//! client.
//!
//! These routes are not in [`super::ROUTES`] (the API's table, checked
//! against the OpenAPI document): they are pages for people, not API.
//!
//! With `--api-token`, the pages answer 403: a browser cannot send the
//! bearer token when it opens a link, and the review and rule pages would
//! otherwise show without it what the API guards. The assets stay open.

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::cli::args::RulesFormat;
use crate::cli::rules::{explain, info};
use crate::engine::ruleset::builtin_names;
use crate::service::error::ApiError;
use crate::service::state::AppState;
use crate::service::ui::{assets, pages};

use super::lint::stored_review;

/// The pages and the assets; [`super::app`] merges them in.
pub fn router(state: AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(editor))
        .route("/reviews/{id}", get(review))
        .route("/rules", get(rules))
        .route("/rules/{code}", get(rule))
        .route_layer(middleware::from_fn_with_state(state, pages_gate));
    pages.route("/assets/{name}", get(asset))
}

/// Pages are off on a server with an API token (see the module docs).
async fn pages_gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.config().api_token.is_some() {
        return html(
            StatusCode::FORBIDDEN,
            pages::message(
                "The editor is off on this server",
                "This server requires an API token (--api-token), which a browser cannot send \
                 when it opens a page. Use the API with the token, or run a server without one \
                 for the editor.",
            ),
        );
    }
    next.run(request).await
}

/// An HTML page. Pages are rendered per request (the rule set may be
/// reloaded), so browsers revalidate them; the policy lets them load
/// scripts only from this server, and inline styles (CodeMirror sets
/// style attributes).
fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; base-uri 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// An API error as a page, with the same status. Internal causes are
/// logged, not shown.
fn error_page(e: ApiError) -> Response {
    let status = e.status();
    let detail = match &e {
        ApiError::Internal(cause) => {
            tracing::error!(%cause, "page failed");
            "The server failed to render this page; see its log.".to_string()
        }
        other => other.to_string(),
    };
    let title = if status == StatusCode::NOT_FOUND {
        "Not found"
    } else {
        status.canonical_reason().unwrap_or("Error")
    };
    html(status, pages::message(title, &detail))
}

/// Every rule set a request may name: the active one first, then the
/// built-ins.
fn ruleset_names(state: &AppState) -> (Option<String>, Vec<String>) {
    let active = state.rulesets().active().map(|a| a.name.clone());
    let mut names: Vec<String> = active.iter().cloned().collect();
    for b in builtin_names() {
        if !names.iter().any(|n| n == b) {
            names.push(b.to_string());
        }
    }
    (active, names)
}

async fn editor(State(state): State<AppState>) -> Response {
    let (active, rulesets) = ruleset_names(&state);
    let config = state.config();
    html(
        StatusCode::OK,
        pages::editor(&pages::EditorSettings {
            ruleset: active.as_deref(),
            rulesets,
            url_fetch: !config.url_fetch_hosts.is_empty(),
            max_body: config.max_body,
        }),
    )
}

#[derive(Debug, Deserialize)]
struct ReviewQuery {
    embed: Option<String>,
}

async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReviewQuery>,
) -> Response {
    let value = match stored_review(&state, &id).await {
        Ok(v) => v,
        Err(e) => return error_page(e),
    };
    let embed = q
        .embed
        .as_deref()
        .is_some_and(|v| !matches!(v, "0" | "false"));
    let body = if embed {
        pages::review_embed(&id, &value)
    } else {
        pages::review(&id, &value)
    };
    html(StatusCode::OK, body)
}

#[derive(Debug, Deserialize)]
struct RulesQuery {
    ruleset: Option<String>,
}

async fn rules(State(state): State<AppState>, Query(q): Query<RulesQuery>) -> Response {
    let rs = match state.rulesets().pick(q.ruleset.as_deref()) {
        Ok(rs) => rs,
        Err(e) => return error_page(e),
    };
    let (_, names) = ruleset_names(&state);
    let list: Vec<_> = rs.ruleset.rules.iter().map(|r| info(r, false)).collect();
    html(StatusCode::OK, pages::rules(&rs.name, &names, &list))
}

async fn rule(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<RulesQuery>,
) -> Response {
    let rs = match state.rulesets().pick(q.ruleset.as_deref()) {
        Ok(rs) => rs,
        Err(e) => return error_page(e),
    };
    let Some(rule) = rs.ruleset.rule(&code) else {
        return error_page(ApiError::NotFound(format!(
            "The rule set {} has no rule \"{code}\".",
            rs.name
        )));
    };
    let text = explain(rule, RulesFormat::Text);
    html(
        StatusCode::OK,
        pages::rule(&rs.name, &info(rule, false), &text),
    )
}

#[derive(Debug, Deserialize)]
struct AssetQuery {
    v: Option<String>,
}

async fn asset(
    Path(name): Path<String>,
    Query(q): Query<AssetQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let asset =
        assets::find(&name).ok_or_else(|| ApiError::NotFound(format!("no asset \"{name}\"")))?;
    let hash = assets::hash(asset);
    let etag = format!("\"{hash}\"");
    // A URL with the current hash names these bytes forever; any other is
    // revalidated, so an old bookmark never pins an old bundle.
    let cache = if q.v.as_deref() == Some(hash) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let gzip = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(accepts_gzip);
        let mut r = if gzip {
            asset.gzip.into_response()
        } else {
            asset.bytes.into_response()
        };
        if gzip {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        r
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex is a header value"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// Whether `Accept-Encoding` allows gzip (`gzip;q=0` refuses it).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|part| {
        let mut it = part.split(';').map(str::trim);
        let coding = it.next().unwrap_or("");
        let refused = it.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("identity"));
    }
}
