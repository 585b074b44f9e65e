//! `apilint serve`: the HTTP service and what it needs besides HTTP.
//!
//! Requests come in through [`routes`] (`app(state) -> Router`, every
//! route, every layer); handlers share an [`state::AppState`]. A posted
//! spec is linted by [`review`] on the blocking pool, with no access to
//! the server's files, and stored by [`store`] (SQLite or PostgreSQL).
//! The active rule set lives in [`rulesets`], loaded from a built-in, a
//! file, or a git repository ([`repo`], refreshed by polls and by push
//! webhooks authenticated in [`webhook`]); a load that fails never
//! replaces a working rule set.
//!
//! - [`body`]: request bodies read under a deadline and a size cap, gzip
//!   decoded under the same cap;
//! - [`config`]: flags and environment resolved into a typed configuration;
//! - [`error`]: the one error type, rendered as `application/problem+json`;
//! - [`metrics`]: the Prometheus counters and histograms behind `/metrics`;
//! - [`url_fetch`]: the guarded fetch behind `spec_url`;
//! - [`timefmt`]: RFC 3339 and date parameters at the edge;
//! - [`serve`]: logging, the accept loop (header timeout, connection cap),
//!   the poller, graceful shutdown;
//! - [`ui`]: the browser editor's pages and embedded bundle.
//!
//! Not here: linting itself ([`crate::engine`]) and rendering for the
//! terminal ([`crate::output`]).

pub mod body;
pub mod config;
pub mod error;
pub mod lint_cache;
pub mod metrics;
pub mod repo;
pub mod review;
pub mod routes;
pub mod rulesets;
pub mod serve;
pub mod state;
pub mod store;
pub mod timefmt;
pub mod ui;
pub mod url_fetch;
pub mod webhook;

pub use config::ServiceConfig;
pub use routes::app;
pub use state::AppState;
