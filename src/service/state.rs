//! What every handler shares: configuration, the rule sets, the store, the
//! metrics and the lint slots; and the one path a spec takes from request
//! to stored review ([`AppState::review`]), used by `/api/v1/lint` and by
//! the Zally-compatible `/api-violations` alike.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use super::config::ServiceConfig;
use super::error::ApiError;
use super::lint_cache::{self, Cached, LintCache};
use super::metrics::Metrics;
use super::review::{LintInput, LintOutcome, run_lint};
use super::rulesets::{ReloadOutcome, Rulesets};
use super::store::{self, NewReview, Store, StoreError};
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

/// A lint's result, and (for the store) its JSON and compressed columns.
struct Linted {
    outcome: LintOutcome,
    /// `outcome.result` as JSON.
    json: String,
    spec: String,
    /// The spec's name in the store ([`store::spec_key`]).
    spec_key: String,
    prepared: Option<Prepared>,
}

/// What [`Store::insert`] needs beyond the outcome, made on the blocking
/// pool.
struct Prepared {
    result_zstd: Vec<u8>,
    /// `None` when the store has the spec already.
    spec_zstd: Option<Vec<u8>>,
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
    /// Results of lints already done, by their inputs.
    lint_cache: Arc<LintCache>,
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
        let store = open_store(&config).await?;
        let metrics = Arc::new(Metrics::new());
        let rulesets = Arc::new(Rulesets::new(config.ruleset.clone(), &config.data_dir));
        if let ReloadOutcome::Failed(message) = rulesets.reload(&metrics).await
            && matches!(config.ruleset, super::config::RulesetSetting::Named(_))
        {
            return Err(StartError::Ruleset(message));
        }
        let lint_slots = Arc::new(Semaphore::new(config.max_concurrent_lints));
        let lint_cache = Arc::new(LintCache::new(config.lint_cache_bytes));
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
                lint_cache,
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
    /// one) without storing anything: the editor's lint-as-you-type. Gives
    /// the outcome and its JSON.
    pub async fn lint(
        &self,
        input: LintInput,
        ruleset: Option<&str>,
    ) -> Result<(LintOutcome, String), ApiError> {
        let linted = self.run(input, ruleset, false).await?;
        Ok((linted.outcome, linted.json))
    }

    /// The one way to a lint result: from the lint cache when these inputs
    /// were linted before ([`super::lint_cache`]), else linted in a slot
    /// ([`AppState::lint_slot`]) on the blocking pool. With `store`, the review JSON is serialized and
    /// compressed there too, ready for [`Store::insert`]: CPU work kept off
    /// the async runtime.
    async fn run(
        &self,
        mut input: LintInput,
        ruleset: Option<&str>,
        store: bool,
    ) -> Result<Linted, ApiError> {
        let start = std::time::Instant::now();
        let ruleset = self.inner.rulesets.pick(ruleset)?;
        // Hashing reads the whole text: fine on the runtime for a usual
        // spec (tens of microseconds), not for a 10 MB one.
        let spec_hash = if input.spec.len() <= 256 * 1024 {
            lint_cache::spec_hash(&input.spec)
        } else {
            let (hash, back) =
                tokio::task::spawn_blocking(move || (lint_cache::spec_hash(&input.spec), input))
                    .await
                    .map_err(|e| ApiError::Internal(format!("the hash task failed: {e}")))?;
            input = back;
            hash
        };
        let key = lint_cache::key(
            ruleset.generation,
            &input.ignore_rules,
            input.fail_on,
            &spec_hash,
        );
        let spec_key = store::spec_key(&spec_hash);
        let has_spec = !store || self.inner.store.has_spec(&spec_key);
        let id = review_id();
        let cache = self.inner.lint_cache.clone();
        let cached = cache.get(&key);
        self.inner.metrics.observe_lint_cache(cached.is_some());
        // Both ways end here: the outcome with this request's id, and its
        // JSON (and, for the store, its compressed columns) spliced around
        // the findings serialized once.
        let finish = move |cached: &Cached, id: String, reused: bool, spec: String| {
            let mut outcome = cached.outcome.clone();
            outcome.result.id = id;
            if reused {
                outcome.result.cached = true;
                outcome.result.duration_ms = (start.elapsed().as_secs_f64() * 1e6).round() / 1e3;
            }
            let (head, tail) = outcome.result.json_around_findings();
            let mut json =
                String::with_capacity(head.len() + cached.findings_json.len() + tail.len());
            json.push_str(&head);
            json.push_str(&cached.findings_json);
            json.push_str(&tail);
            // Concatenated zstd frames decompress to the concatenated
            // texts: the findings' frame is made once per result.
            let prepared = store.then(|| Prepared {
                result_zstd: [
                    store::compress(&head).as_slice(),
                    cached.findings_zstd(),
                    store::compress(&tail).as_slice(),
                ]
                .concat(),
                spec_zstd: (!has_spec).then(|| store::compress(&spec)),
            });
            Linted {
                outcome,
                json,
                spec,
                spec_key,
                prepared,
            }
        };
        let linted = match cached {
            // A hit needs no lint slot: it is a copy, not a lint. A small
            // one is copied right here (tens of microseconds): handing it to
            // the blocking pool and back would cost two thread wake-ups,
            // more than the copy.
            Some(hit) => {
                let linted = if hit.findings_json.len() <= INLINE_COPY_BYTES
                    && (!store || hit.has_findings_zstd())
                    && (has_spec || input.spec.len() <= INLINE_COMPRESS_BYTES)
                {
                    finish(&hit, id, true, input.spec)
                } else {
                    tokio::task::spawn_blocking(move || finish(&hit, id, true, input.spec))
                        .await
                        .map_err(|e| ApiError::Internal(format!("the lint task failed: {e}")))?
                };
                self.inner
                    .metrics
                    .observe_findings(linted.outcome.result.counts.as_array());
                linted
            }
            None => {
                // A slot, or 503 when the queue for one is full
                // ([`AppState::lint_slot`]).
                let permit = self.lint_slot().await?;
                // The permit moves into the task: if the request times out
                // and its future is dropped, the slot stays taken until the
                // lint finishes, so the cap holds for work actually running.
                let linted = tokio::task::spawn_blocking(move || {
                    let outcome = run_lint(String::new(), &input, &ruleset);
                    drop(permit);
                    let fresh = Arc::new(Cached::new(outcome));
                    let linted = finish(&fresh, id, false, input.spec);
                    if cache.enabled() && lint_cache::cacheable(&fresh.outcome) {
                        cache.insert(key, fresh);
                    }
                    linted
                })
                .await
                .map_err(|e| ApiError::Internal(format!("the lint task failed: {e}")))?;
                self.inner.metrics.observe_lint(
                    linted.outcome.lint_seconds,
                    linted.outcome.result.counts.as_array(),
                );
                linted
            }
        };
        Ok(linted)
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
        let Linted {
            mut outcome,
            json,
            spec,
            spec_key,
            prepared,
        } = self.run(input, ruleset, true).await?;
        let prepared = prepared.expect("a lint for the store is prepared");
        let ruleset = &outcome.result.ruleset;
        let counts = outcome.result.counts.as_array();
        // The review moves into the store's record and back out, so the
        // spec and the JSON (tens of kilobytes each) are never copied.
        let record = NewReview {
            id: outcome.result.id.clone(),
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
            result: json,
            result_zstd: prepared.result_zstd,
            spec_hash: spec_key,
            spec_zstd: prepared.spec_zstd,
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

/// The store, tried again while the database does not answer (refused,
/// timed out, still starting up) until `--database-wait` has passed: a
/// service started beside its database, or while it restarts, waits for
/// it instead of exiting (and, under an orchestrator, being restarted
/// with ever longer pauses). Anything else (a bad URL, a refused login, a
/// failed migration) fails at once: waiting would not mend it.
async fn open_store(config: &ServiceConfig) -> Result<Store, StoreError> {
    let started = std::time::Instant::now();
    let deadline = started + config.database_wait;
    let mut pause = std::time::Duration::from_millis(250);
    let mut tries = 1u32;
    loop {
        match Store::open(config.database_url.as_deref(), &config.data_dir).await {
            Ok(store) => {
                if tries > 1 {
                    tracing::info!(tries, "the database answers");
                }
                return Ok(store);
            }
            Err(e) if e.is_unavailable() && std::time::Instant::now() < deadline => {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                tracing::warn!(
                    error = %e,
                    tries,
                    retry_in_ms = pause.as_millis() as u64,
                    gives_up_in_s = left.as_secs(),
                    "the database does not answer yet (--database-wait)"
                );
                tokio::time::sleep(pause.min(left)).await;
                pause = (pause * 2).min(std::time::Duration::from_secs(5));
                tries += 1;
            }
            Err(e) => {
                if e.is_unavailable() && !config.database_wait.is_zero() {
                    tracing::error!(
                        error = %e,
                        tries,
                        "gave up waiting for the database after {} s (--database-wait {} s)",
                        started.elapsed().as_secs(),
                        config.database_wait.as_secs()
                    );
                }
                return Err(e);
            }
        }
    }
}

/// Up to this many bytes of findings JSON, a lint cache hit is copied on
/// the async runtime instead of the blocking pool: a copy of this size is
/// about 25 µs, less than the hash of a spec [`AppState::run`] does there.
/// Only when the findings' compressed frame is made already (or nothing
/// is stored): compressing them is the blocking pool's work.
const INLINE_COPY_BYTES: usize = 256 * 1024;

/// ... and only if the spec needs no compressing (the store has it, as it
/// has almost always for a hit) or is at most this big: zstd takes about
/// 0.1 ms for it.
const INLINE_COMPRESS_BYTES: usize = 32 * 1024;

/// A new review's id: a UUID version 7, whose first 48 bits are the time in
/// milliseconds and whose other 74 bits (all but the version and variant)
/// are random. Ids made later sort after earlier ones, so the stores'
/// indexes on review ids (the reviews' primary key, the per-rule rows')
/// grow at their right edge: a commit then rewrites the few pages there
/// instead of one page per review scattered over the whole index, as
/// random (version 4) ids do once the database is larger than its cache.
/// The 74 random bits keep a permalink as unguessable as it needs to be
/// (guessing one takes about 2^73 tries per millisecond of creation time);
/// the time they reveal is in the review anyway (`created_at`).
fn review_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    // `NoContext`: no counter, so every bit after the time is random.
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, now.as_secs(), now.subsec_nanos());
    uuid::Uuid::new_v7(ts).to_string()
}

#[cfg(test)]
mod tests {
    use super::review_id;

    #[test]
    fn review_ids_are_random_v7_and_sort_by_time() {
        let first = review_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = review_id();
        assert!(first < second, "{first} then {second}");
        let parsed = uuid::Uuid::parse_str(&first).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
        // Within one millisecond the random bits differ (no counter).
        let same_ms: std::collections::HashSet<String> = (0..64).map(|_| review_id()).collect();
        assert_eq!(same_ms.len(), 64);
    }
}
