//! The HTTP surface: [`app`] builds the whole service as one `Router`, so
//! the server, the tests (`tower::ServiceExt::oneshot`) and anything that
//! embeds apilint get the same thing.
//!
//! One file per group of routes:
//! - [`lint`]: `POST /api/v1/lint`, `GET /api/v1/reviews/{id}`;
//! - [`rules`]: `GET /api/v1/rules`, `/api/v1/rules/{code}`, `/api/v1/ruleset`;
//! - [`stats`]: `GET /api/v1/stats`;
//! - [`admin`]: `POST /api/v1/admin/reload` (token or push webhook);
//! - [`zally`]: Zally's `/api-violations`, `/supported-rules`,
//!   `/review-statistics`, in Zally's JSON shapes;
//! - [`ops`]: `/health`, `/ready`, `/metrics`, `/api/v1/openapi.yaml`;
//! - [`ui`]: the browser pages (`/`, `/reviews/{id}`, `/rules`,
//!   `/rules/{code}`) and their assets, outside the API's table.
//!
//! The route table here is the one [`ROUTES`] lists; a test checks it
//! against the service's OpenAPI document (`src/service/openapi.yaml`).

mod admin;
mod auth;
mod lint;
mod ops;
mod rules;
mod stats;
mod ui;
mod zally;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use super::config::Cors;
use super::error::{ApiError, problem_for_plain_errors};
use super::metrics::track_requests;
use super::state::AppState;

/// Every route: method and path template, as the OpenAPI document writes
/// them. [`app`] registers exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/lint"),
    ("get", "/api/v1/reviews/{id}"),
    ("get", "/api/v1/rules"),
    ("get", "/api/v1/rules/{code}"),
    ("get", "/api/v1/ruleset"),
    ("get", "/api/v1/stats"),
    ("post", "/api/v1/admin/reload"),
    ("get", "/api/v1/openapi.yaml"),
    ("post", "/api-violations"),
    ("get", "/api-violations/{id}"),
    ("get", "/supported-rules"),
    ("get", "/review-statistics"),
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
];

/// The whole service.
pub fn app(state: AppState) -> Router {
    let config = state.config().clone();

    // Routes that need the API token when one is configured.
    let protected = Router::new()
        .route("/api/v1/lint", post(lint::lint))
        .route("/api/v1/reviews/{id}", get(lint::review))
        .route("/api/v1/rules", get(rules::list))
        .route("/api/v1/rules/{code}", get(rules::one))
        .route("/api/v1/ruleset", get(rules::ruleset))
        .route("/api/v1/stats", get(stats::stats))
        .route("/api-violations", post(zally::post_violations))
        .route("/api-violations/{id}", get(zally::get_violations))
        .route("/supported-rules", get(zally::supported_rules))
        .route("/review-statistics", get(zally::review_statistics))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_api_token,
        ));
    // Open routes: probes and metrics (for the orchestrator), the API's
    // own description, and the reload endpoint, which checks the admin
    // token or the webhook signature itself (a git host cannot send the
    // API token).
    let open = Router::new()
        .route("/api/v1/admin/reload", post(admin::reload))
        .route("/api/v1/openapi.yaml", get(ops::openapi))
        .route("/health", get(ops::health))
        .route("/ready", get(ops::ready))
        .route("/metrics", get(ops::metrics));

    // Layers, innermost first (each `.layer` wraps everything above it):
    // 1. request metrics, per matched route (route_layer: after routing,
    //    so the route template is known);
    // 2. the body limit, enforced by the body extractors (413);
    // 3. the body read whole before the handler, under --read-timeout
    //    (408), the body limit (413) and gzip-decoded under that same
    //    limit (`super::body`);
    // 4. the request timeout (503), counted from when the request arrives;
    // 5. CORS, so errors carry the headers a browser needs to read them;
    // 6. request tracing (one span per request in the log);
    // 7. outermost, every plain error response becomes problem+json, so
    //    even a 404 from routing or a 413 from the limit has that shape.
    protected
        .merge(open)
        .merge(ui::router(state.clone()))
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(
            state.metrics().clone(),
            track_requests,
        ))
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::body::read_body,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(cors_layer(&config.cors))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::map_response(problem_for_plain_errors))
        .with_state(state)
}

async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    method: Method,
    uri: axum::http::Uri,
) -> ApiError {
    state.metrics().observe_unmatched(method.as_str());
    ApiError::NotFound(format!("no such resource: {}", uri.path()))
}

fn cors_layer(cors: &Cors) -> CorsLayer {
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT])
        .expose_headers([header::LOCATION]);
    match cors {
        // No allowed origin: the layer adds nothing a browser would accept.
        Cors::Off => base.allow_origin(AllowOrigin::list(Vec::<HeaderValue>::new())),
        Cors::Any => base.allow_origin(Any),
        Cors::Origins(list) => base.allow_origin(AllowOrigin::list(
            list.iter().filter_map(|o| HeaderValue::from_str(o).ok()),
        )),
    }
}
