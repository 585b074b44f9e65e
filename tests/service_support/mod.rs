//! What the service tests share, so that each helper exists once and every
//! test file that needs it does the same thing: a service on a temporary
//! SQLite store, requests through `app()` without a socket, and small
//! sample specs (here); throwaway git repositories holding a rule set
//! ([`git`]); the real `apilint serve` binary on a free port ([`server`]).
//!
//! Each test file is its own crate and uses only part of this, hence the
//! `dead_code` allowance for the whole module.

#![allow(dead_code)]

pub mod git;
pub mod server;

use std::path::Path;

use apilint::service::{AppState, ServiceConfig, app};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use tower::ServiceExt;

/// A spec with one known MUST finding (a camelCase property, #118) and a
/// well-formed rest.
pub const SPEC_WITH_MUST: &str = "\
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
  x-api-id: 0f4b5d77-0bd8-4b86-8ac4-51a1a6f7a9b1
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  petName:
                    type: string
";

pub async fn start(config: ServiceConfig) -> AppState {
    AppState::start(config).await.expect("the service starts")
}

pub async fn start_in(dir: &Path) -> AppState {
    start(ServiceConfig::for_data_dir(dir)).await
}

/// A response, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts an RFC 9457 problem with `status`; returns its detail.
    pub fn problem(&self, status: u16) -> String {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.text
        );
        let v = self.json();
        assert_eq!(v["status"], status);
        assert_eq!(v["type"], "about:blank");
        assert!(v["title"].is_string());
        v["detail"].as_str().expect("a detail").to_string()
    }
}

/// Sends `request` through a fresh `app(state)`.
pub async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub async fn get(state: &AppState, uri: &str) -> Answer {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post(
    state: &AppState,
    uri: &str,
    content_type: &str,
    body: impl Into<Body>,
) -> Answer {
    send(
        state,
        Request::post(uri)
            .header("content-type", content_type)
            .body(body.into())
            .unwrap(),
    )
    .await
}

pub async fn post_json(state: &AppState, uri: &str, body: serde_json::Value) -> Answer {
    post(state, uri, "application/json", body.to_string()).await
}

/// The shared corpus beside the repository, when present.
pub fn shared(rel: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing; CI has ../shared beside the clone",
        p.display()
    );
    None
}
