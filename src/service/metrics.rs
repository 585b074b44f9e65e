//! What `/metrics` reports, in the Prometheus text format.
//!
//! - `apilint_http_requests_total{method, route, status}` and
//!   `apilint_http_request_duration_seconds{method, route}`: every request,
//!   labelled with the route *template* (`/api/v1/reviews/{id}`), never the
//!   raw path, so ids cannot blow up the number of series;
//! - `apilint_lint_duration_seconds`: the lint itself (parse, rules), without
//!   queueing or storage;
//! - `apilint_findings_total{level}`: findings reported, by MUST/SHOULD/...;
//! - `apilint_ruleset_reloads_total` and
//!   `apilint_ruleset_reload_failures_total`: rule set loads that replaced
//!   the active one, and loads that failed (the old one stayed);
//! - `apilint_lint_queue_waiting`: lint requests waiting for a lint slot
//!   now; `apilint_rejected_requests_total{reason}`: requests refused
//!   before any work, by why: `queue_full` and `queue_timeout` (overload,
//!   503), `body_memory` (the request body memory budget spent, 503),
//!   `read_timeout` (a body too slow to arrive, 408).
//!
//! The request metrics are recorded by [`track_requests`], a middleware
//! that sits outside every route.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LevelLabels {
    level: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// The service's metrics and the registry that encodes them.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily<RouteLabels>,
    lint_duration: Histogram,
    findings: Family<LevelLabels, Counter>,
    reloads: Counter,
    reload_failures: Counter,
    lint_cache: Family<CacheLabels, Counter>,
    queue_waiting: Gauge,
    rejected: Family<ReasonLabels, Counter>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    /// `hit` or `miss`.
    result: &'static str,
}

/// From 1 ms up to about 16 s: a small spec lints in a millisecond, the
/// biggest in seconds.
fn duration_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("apilint");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: HistogramFamily<RouteLabels> = Family::new_with_constructor(duration_buckets);
        let lint_duration = duration_buckets();
        let findings = Family::<LevelLabels, Counter>::default();
        let reloads = Counter::default();
        let reload_failures = Counter::default();
        let queue_waiting = Gauge::default();
        let rejected = Family::<ReasonLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "lint_duration_seconds",
            "Time to lint one spec (parse and rules)",
            lint_duration.clone(),
        );
        registry.register("findings", "Findings reported, by level", findings.clone());
        registry.register(
            "ruleset_reloads",
            "Rule set loads that replaced the active rule set",
            reloads.clone(),
        );
        registry.register(
            "ruleset_reload_failures",
            "Rule set loads that failed (the previous rule set stayed active)",
            reload_failures.clone(),
        );
        let lint_cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "lint_cache_lookups",
            "Lint cache lookups by result (a hit reuses an earlier lint's findings)",
            lint_cache.clone(),
        );
        registry.register(
            "lint_queue_waiting",
            "Lint requests waiting for a free lint slot",
            queue_waiting.clone(),
        );
        registry.register(
            "rejected_requests",
            "Requests refused before any work (overload, slow body), by reason",
            rejected.clone(),
        );
        Metrics {
            lint_cache,
            registry,
            requests,
            latency,
            lint_duration,
            findings,
            reloads,
            reload_failures,
            queue_waiting,
            rejected,
        }
    }

    /// The number of lint requests waiting for a slot moved by `delta`.
    pub fn queue_waiting_add(&self, delta: i64) {
        self.queue_waiting.inc_by(delta);
    }

    /// A request refused before any work: `queue_full`, `queue_timeout`,
    /// `body_memory` or `read_timeout`.
    pub fn rejected(&self, reason: &'static str) {
        self.rejected.get_or_create(&ReasonLabels { reason }).inc();
    }

    /// A lint that ran: its time and its findings.
    pub fn observe_lint(&self, seconds: f64, counts: [u64; 4]) {
        self.lint_duration.observe(seconds);
        self.observe_findings(counts);
    }

    /// A lint cache lookup.
    pub fn observe_lint_cache(&self, hit: bool) {
        self.lint_cache
            .get_or_create(&CacheLabels {
                result: if hit { "hit" } else { "miss" },
            })
            .inc();
    }

    /// Findings reported, by level (a cached result's too: they were
    /// reported again).
    pub fn observe_findings(&self, counts: [u64; 4]) {
        for (level, n) in ["MUST", "SHOULD", "MAY", "HINT"].into_iter().zip(counts) {
            if n > 0 {
                self.findings
                    .get_or_create(&LevelLabels { level })
                    .inc_by(n);
            }
        }
    }

    pub fn reload_succeeded(&self) {
        self.reloads.inc();
    }

    pub fn reload_failed(&self) {
        self.reload_failures.inc();
    }

    /// A request no route matched (answered 404 by the fallback).
    pub fn observe_unmatched(&self, method: &str) {
        self.observe_request(method, "unmatched", 404, 0.0);
    }

    fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_string(),
                route: route.to_string(),
            })
            .observe(seconds);
    }

    /// The text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

/// Middleware: counts and times every request under its route template.
/// Requests no route took are counted by the fallback
/// ([`Metrics::observe_unmatched`]), untimed.
pub async fn track_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    metrics.observe_request(
        &method,
        &route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_names_every_family() {
        let m = Metrics::new();
        m.observe_request("GET", "/health", 200, 0.002);
        m.observe_lint(0.01, [1, 2, 0, 0]);
        m.reload_failed();
        m.rejected("queue_full");
        m.queue_waiting_add(2);
        m.queue_waiting_add(-1);
        let text = m.encode();
        for needle in [
            "apilint_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1",
            "apilint_http_request_duration_seconds_bucket",
            "apilint_lint_duration_seconds_count 1",
            "apilint_findings_total{level=\"SHOULD\"} 2",
            "apilint_ruleset_reloads_total 0",
            "apilint_ruleset_reload_failures_total 1",
            "apilint_rejected_requests_total{reason=\"queue_full\"} 1",
            "apilint_lint_queue_waiting 1",
        ] {
            assert!(text.contains(needle), "missing {needle} in\n{text}");
        }
    }
}
