//! What every handler shares: configuration, the rule sets, the store, the
//! metrics and the lint slots; and the one path a spec takes from request
//! to stored review ([`AppState::review`]), used by `/api/v1/lint` and by
//! the Zally-compatible `/api-violations` alike.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use super::config::ServiceConfig;
use super::error::ApiError;
use super::metrics::Metrics;
use super::review::{LintInput, LintOutcome, run_lint};
use super::rulesets::{ReloadOutcome, Rulesets};
use super::store::{NewReview, Store, StoreError};
use super::timefmt;
use super::url_fetch::{self, FetchError};

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the rule set does not load:\n{0}")]
    Ruleset(String),
}

/// A stored review, as [`AppState::review`] returns it.
#[derive(Debug)]
pub struct Reviewed {
    pub outcome: LintOutcome,
    /// The spec text as linted.
    pub spec: String,
    /// `outcome.result` as JSON, serialized once for the store and the
    /// response alike.
    pub json: String,
}

/// Cheap to clone; handlers get it through axum's `State`.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ServiceConfig,
    rulesets: Arc<Rulesets>,
    store: Store,
    metrics: Arc<Metrics>,
    /// One permit per lint allowed to run at once: linting is CPU work on
    /// the blocking pool, and more lints than cores only add latency to all.
    lint_slots: Arc<Semaphore>,
    /// Lint requests waiting for a permit now, at most `config.max_queue`.
    waiting: AtomicUsize,
    /// Request body memory, one permit per KiB (`super::body`).
    body_budget: Arc<Semaphore>,
}

/// `Retry-After` of an overload 503, in seconds: about what a big spec
/// takes to lint, so a client that backs off this long finds a slot in a
/// burst that is passing, without hammering one that is not.
pub const RETRY_AFTER_SECS: u64 = 2;

/// A place in the lint queue; leaving it (by a slot, a timeout or a
/// dropped request) frees the place.
struct QueuePlace<'a> {
    waiting: &'a AtomicUsize,
    metrics: &'a Metrics,
}

impl<'a> QueuePlace<'a> {
    /// A place, unless `max` requests wait already.
    fn join(waiting: &'a AtomicUsize, max: usize, metrics: &'a Metrics) -> Option<Self> {
        waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()?;
        metrics.queue_waiting_add(1);
        Some(QueuePlace { waiting, metrics })
    }
}

impl Drop for QueuePlace<'_> {
    fn drop(&mut self) {
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        self.metrics.queue_waiting_add(-1);
    }
}

impl AppState {
    /// Opens the store and loads the rule set. A named rule set (built-in
    /// or file) that does not load stops the start; a repository that does
    /// not load yet does not (the service starts not ready, shows the
    /// error, and picks up a good commit when one comes).
    pub async fn start(config: ServiceConfig) -> Result<AppState, StartError> {
        let store = Store::open(config.database_url.as_deref(), &config.data_dir).await?;
        let metrics = Arc::new(Metrics::new());
        let rulesets = Arc::new(Rulesets::new(config.ruleset.clone(), &config.data_dir));
        if let ReloadOutcome::Failed(message) = rulesets.reload(&metrics).await
            && matches!(config.ruleset, super::config::RulesetSetting::Named(_))
        {
            return Err(StartError::Ruleset(message));
        }
        let lint_slots = Arc::new(Semaphore::new(config.max_concurrent_lints));
        let body_budget = Arc::new(Semaphore::new(
            config
                .max_body_memory
                .div_ceil(1024)
                .min(Semaphore::MAX_PERMITS),
        ));
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                rulesets,
                store,
                metrics,
                lint_slots,
                waiting: AtomicUsize::new(0),
                body_budget,
            }),
        })
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    pub fn rulesets(&self) -> &Arc<Rulesets> {
        &self.inner.rulesets
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// The request body memory budget, one permit per KiB.
    pub fn body_budget(&self) -> &Arc<Semaphore> {
        &self.inner.body_budget
    }

    /// Reloads the rule set (a poll, the admin endpoint, a webhook).
    pub async fn reload(&self) -> ReloadOutcome {
        self.inner.rulesets.reload(&self.inner.metrics).await
    }

    /// Lints `input` with the rule set named `ruleset` (default: the active
    /// one) without storing anything: the editor's lint-as-you-type. The
    /// lint waits for a free slot ([`AppState::lint_slot`]) and runs on the
    /// blocking pool.
    pub async fn lint(
        &self,
        input: LintInput,
        ruleset: Option<&str>,
    ) -> Result<(LintOutcome, String), ApiError> {
        let ruleset = self.inner.rulesets.pick(ruleset)?;
        let permit = self.lint_slot().await?;
        let id = uuid::Uuid::new_v4().to_string();
        // The permit moves into the task: if the request times out and its
        // future is dropped, the slot stays taken until the lint finishes,
        // so the cap holds for work actually running.
        let (outcome, spec) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let outcome = run_lint(id, &input, &ruleset);
            (outcome, input.spec)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("the lint task failed: {e}")))?;
        self.inner
            .metrics
            .observe_lint(outcome.lint_seconds, outcome.result.counts.as_array());
        Ok((outcome, spec))
    }

    /// A lint slot: at once when one is free; else after a wait in a
    /// bounded queue. A full queue, or a wait longer than
    /// `--queue-timeout`, is 503 with `Retry-After`: under a burst the
    /// server answers "later" at once instead of holding every request
    /// until its timeout, and the memory that waiting bodies hold is capped
    /// at `max_queue` times the body limit.
    async fn lint_slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let inner = &self.inner;
        let closed = || ApiError::Unavailable("the server is shutting down".into());
        match inner.lint_slots.clone().try_acquire_owned() {
            Ok(permit) => return Ok(permit),
            Err(TryAcquireError::Closed) => return Err(closed()),
            Err(TryAcquireError::NoPermits) => {}
        }
        let config = &inner.config;
        let Some(_place) = QueuePlace::join(&inner.waiting, config.max_queue, &inner.metrics)
        else {
            inner.metrics.rejected("queue_full");
            return Err(ApiError::Overloaded {
                detail: format!(
                    "the server is busy: all {} lint slots are taken and {} requests wait already (--max-queue); retry later",
                    config.max_concurrent_lints, config.max_queue
                ),
                retry_after: RETRY_AFTER_SECS,
            });
        };
        match tokio::time::timeout(
            config.queue_timeout,
            inner.lint_slots.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(closed()),
            Err(_) => {
                inner.metrics.rejected("queue_timeout");
                Err(ApiError::Overloaded {
                    detail: format!(
                        "the server is busy: no lint slot came free within {} s (--queue-timeout); retry later",
                        config.queue_timeout.as_secs_f64()
                    ),
                    retry_after: RETRY_AFTER_SECS,
                })
            }
        }
    }

    /// Lints `input` like [`AppState::lint`] and stores the review.
    pub async fn review(
        &self,
        input: LintInput,
        ruleset: Option<&str>,
        user_agent: Option<String>,
    ) -> Result<Reviewed, ApiError> {
        let (mut outcome, spec) = self.lint(input, ruleset).await?;
        let id = outcome.result.id.clone();
        let ruleset = &outcome.result.ruleset;
        let counts = outcome.result.counts.as_array();
        let result = serde_json::to_string(&outcome.result)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        // The review moves into the store's record and back out, so the
        // spec and the JSON (tens of kilobytes each) are never copied.
        let record = NewReview {
            id,
            created_at_ms: timefmt::now_ms(),
            passed: outcome.result.passed,
            ruleset_name: ruleset.name.clone(),
            ruleset_source: ruleset.source.clone(),
            ruleset_commit: ruleset.commit.clone(),
            spec_format: outcome.result.spec_format.clone(),
            api_title: outcome.api_title.clone(),
            api_id: outcome.api_id.clone(),
            user_agent,
            endpoints: outcome.endpoints,
            counts: counts.map(|c| c as i64),
            result,
            spec,
            rules: std::mem::take(&mut outcome.rules),
        };
        let NewReview {
            result,
            spec,
            rules,
            ..
        } = self.inner.store.insert(record).await?;
        outcome.rules = rules;
        Ok(Reviewed {
            outcome,
            spec,
            json: result,
        })
    }

    /// Fetches a spec URL under the server's policy, off the runtime.
    pub async fn fetch_url(&self, url: String) -> Result<String, ApiError> {
        let hosts = self.inner.config.url_fetch_hosts.clone();
        let max = self.inner.config.max_body;
        let timeout = self.inner.config.request_timeout;
        let fetched =
            tokio::task::spawn_blocking(move || url_fetch::fetch(&url, &hosts, max, timeout))
                .await
                .map_err(|e| ApiError::Internal(format!("the fetch task failed: {e}")))?;
        fetched.map_err(|e| match e {
            FetchError::Disabled => ApiError::Forbidden(e.to_string()),
            FetchError::Refused(m) => ApiError::Forbidden(m),
            FetchError::Failed(m) => ApiError::BadGateway(m),
        })
    }
}
