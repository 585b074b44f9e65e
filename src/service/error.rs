//! The service's one error type and its `application/problem+json` form
//! (RFC 9457).
//!
//! Every handler returns [`ApiError`] on failure; each variant knows its
//! status code. Internal errors (a database that went away, a blocking task
//! that panicked) are logged with their cause and answered with a generic
//! detail, so nothing about the server's insides leaks to a client.
//!
//! Errors that axum or a tower layer produce before a handler runs (an
//! unknown route, a wrong method, a body over the limit, a timeout) come
//! back as plain responses; [`problem_for_plain_errors`] rewrites those
//! into the same problem shape, so a client parses one error format only.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is syntactically wrong: malformed JSON, a missing or
    /// conflicting field, a bad query parameter.
    #[error("{0}")]
    BadRequest(String),
    /// No or a wrong bearer token.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller may not do this at all on this server (a disabled feature).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The body's media type is not one the endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// No media type the `Accept` header allows is one the endpoint writes.
    #[error("{0}")]
    NotAcceptable(String),
    /// The body is valid JSON but not a lintable request (a spec that is not
    /// an object, an unknown rule set name).
    #[error("{0}")]
    Unprocessable(String),
    /// A `spec_url` could not be fetched.
    #[error("{0}")]
    BadGateway(String),
    /// Nothing to lint with yet (the rule set repository has not loaded),
    /// or the database is out of reach for now. Answered with
    /// `Retry-After`.
    #[error("{0}")]
    Unavailable(String),
    /// Every lint slot is busy and the wait queue is full, or the wait
    /// ran past its bound: the client should come back after
    /// `retry_after` seconds (503 with `Retry-After`).
    #[error("{detail}")]
    Overloaded { detail: String, retry_after: u64 },
    /// A server-side failure; the string is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            ApiError::Unavailable(_) | ApiError::Overloaded { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Seconds a client is told to wait before retrying a 503: about what a
/// database restart takes.
pub const RETRY_AFTER_SECONDS: u32 = 2;

impl From<crate::service::store::StoreError> for ApiError {
    fn from(e: crate::service::store::StoreError) -> Self {
        if e.is_unavailable() {
            // The cause goes to the log; the client learns only that it
            // may retry.
            tracing::warn!(error = %e, "the database is not available");
            return ApiError::Unavailable(
                "the database is not available at the moment; retry after the time in Retry-After"
                    .into(),
            );
        }
        ApiError::Internal(e.to_string())
    }
}

/// RFC 9457's members. `type` stays `about:blank` (the status says what
/// kind of problem it is); `detail` says what to fix.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

/// A problem+json response with `status` and `detail`.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let body = Problem {
        kind: "about:blank",
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: detail.into(),
    };
    let json = serde_json::to_vec(&body).expect("plain data serializes");
    let mut response = (status, json).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = match &self {
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                problem(
                    status,
                    "the server failed to handle the request; see its log",
                )
            }
            other => problem(status, other.to_string()),
        };
        if let ApiError::Overloaded { retry_after, .. } = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
        }
        if matches!(self, ApiError::Unauthorized(_)) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if matches!(self, ApiError::Unavailable(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// Middleware body: an error response that is not problem+json yet (from
/// routing, a rejection, the body limit or the timeout layer) is rewritten
/// as one with the same status and headers.
pub async fn problem_for_plain_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // A problem already, or an HTML page the browser UI rendered for a
    // person (its 404 page says what was not found in their terms).
    let keep = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(PROBLEM_JSON.as_bytes())
                || v.as_bytes().starts_with(b"text/html")
        });
    if keep {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The original text (axum's rejection messages are useful: "Failed to
    // parse the request body as JSON: ...") becomes the detail, when short.
    let original = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let original = String::from_utf8_lossy(&original).trim().to_string();
    let detail = match status {
        StatusCode::NOT_FOUND if original.is_empty() => "no such resource".to_string(),
        // axum adds the `Allow` header after the layers have run, so the
        // detail points to it rather than repeating it.
        StatusCode::METHOD_NOT_ALLOWED => {
            "this method is not allowed on this resource; the Allow header lists those that are"
                .to_string()
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            "the request body is larger than the server accepts (--max-body)".to_string()
        }
        StatusCode::REQUEST_TIMEOUT
        | StatusCode::SERVICE_UNAVAILABLE
        | StatusCode::GATEWAY_TIMEOUT
            if original.is_empty() =>
        {
            "the request took longer than the server allows (--request-timeout)".to_string()
        }
        _ if original.is_empty() => status.canonical_reason().unwrap_or("error").to_string(),
        _ => original,
    };
    let fresh = problem(status, detail);
    let (fresh_parts, fresh_body) = fresh.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        fresh_parts.headers[header::CONTENT_TYPE].clone(),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::new(fresh_body))
}
