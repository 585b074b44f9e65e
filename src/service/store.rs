//! Reviews and statistics in a database: SQLite by default (one file in the
//! data directory, nothing to set up), PostgreSQL when `--database-url`
//! names one, so several replicas share reviews and statistics.
//!
//! Both go through sqlx's `any` driver with runtime queries written in the
//! SQL both databases accept (`$1` placeholders, BIGINT integers, `CAST`
//! around sums), so there is one query per operation, not one per database.
//! The schema is versioned: [`MIGRATIONS`] are applied in order at start-up
//! and recorded in sqlx's `_sqlx_migrations` table; a migration is never
//! edited once released, only followed by a new one.
//!
//! This module stores and counts. What a review contains is decided by
//! [`super::review`]; the store keeps its JSON as text.

use std::borrow::Cow;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Row};

/// How long a request waits for a database connection before it is
/// answered 503. sqlx's default (30 s) equals the request timeout: while
/// PostgreSQL restarts, its pool retries the refused connection with
/// backoff until then, and every request would hang for 30 s. Three
/// seconds rides out a quick restart (the request then just succeeds) and
/// otherwise tells the client soon, with `Retry-After`, to come back.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The schema, in order. Versions are the file prefixes.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "reviews", include_str!("migrations/0001_reviews.sql")),
    (
        2,
        "compressed",
        include_str!("migrations/0002_compressed.sql"),
    ),
];

/// A migration's text for `backend`: `{{blob}}` becomes the binary column
/// type (sqlx's SQLite driver reads only declared types it knows, and
/// BLOB is not PostgreSQL's word).
fn migration_sql(sql: &str, backend: Backend) -> String {
    sql.replace(
        "{{blob}}",
        match backend {
            Backend::Sqlite => "BLOB",
            Backend::Postgres => "BYTEA",
        },
    )
}

/// A database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the data directory {dir}: {source}")]
    DataDir { dir: String, source: std::io::Error },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("stored review {id} cannot be read: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("unsupported database URL \"{0}\" (expected postgres://... or sqlite://...)")]
    Scheme(String),
}

impl StoreError {
    /// Whether the failure is the database being out of reach for now (a
    /// restart, a dropped connection, a pool with no connection to give, a
    /// busy SQLite file) rather than a wrong query or wrong data: the
    /// request may succeed when retried, so it is answered 503, not 500.
    pub fn is_unavailable(&self) -> bool {
        let (StoreError::Query(e) | StoreError::Open { source: e, .. }) = self else {
            return false;
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| transient_code(&code)),
            _ => false,
        }
    }
}

/// Error codes that mean "not now" rather than "not this". PostgreSQL's are
/// SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server is
/// shutting down, crashed, or still starting), 53300 (too many
/// connections), 40001/40P01 (serialization failure, deadlock: retry the
/// transaction). SQLite's are numbers, extended codes carrying the primary
/// one in the low byte: 5 BUSY, 6 LOCKED, 13 FULL (the disk).
fn transient_code(code: &str) -> bool {
    // A SQLSTATE is always five characters, often all digits ("08006");
    // SQLite's extended codes have at most four digits.
    if code.len() == 5 {
        return code.starts_with("08")
            || matches!(
                code,
                "57P01" | "57P02" | "57P03" | "53300" | "40001" | "40P01"
            );
    }
    code.parse::<i64>()
        .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 13))
}

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A review to store.
#[derive(Clone, Debug)]
pub struct NewReview {
    pub id: String,
    pub created_at_ms: i64,
    pub passed: bool,
    pub ruleset_name: String,
    pub ruleset_source: String,
    pub ruleset_commit: Option<String>,
    pub spec_format: String,
    pub api_title: Option<String>,
    pub api_id: Option<String>,
    pub user_agent: Option<String>,
    pub endpoints: i64,
    /// MUST, SHOULD, MAY, HINT.
    pub counts: [i64; 4],
    /// The response JSON, without the spec. Handed back after the insert
    /// (it is the answer); what is stored is `result_zstd`.
    pub result: String,
    /// The spec text, handed back likewise.
    pub spec: String,
    /// `result`, compressed ([`compress`]).
    pub result_zstd: Vec<u8>,
    /// [`spec_key`] of `spec`: its row in `specs`.
    pub spec_hash: String,
    /// `spec`, compressed, for its row in `specs`; `None` when the store
    /// already has that row ([`Store::has_spec`]).
    pub spec_zstd: Option<Vec<u8>>,
    /// Per rule: code, level word, number of findings.
    pub rules: Vec<(String, String, i64)>,
}

/// A stored review as read back.
#[derive(Clone, Debug)]
pub struct StoredReview {
    pub id: String,
    pub created_at_ms: i64,
    pub result: String,
    pub spec: String,
}

/// One review in a statistics listing.
#[derive(Clone, Debug)]
pub struct ReviewSummary {
    pub id: String,
    pub created_at_ms: i64,
    pub passed: bool,
    pub api_title: Option<String>,
    pub api_id: Option<String>,
    pub endpoints: i64,
    pub counts: [i64; 4],
}

/// The window and filter of a statistics query; bounds are Unix ms,
/// `from` inclusive, `to` exclusive.
#[derive(Clone, Debug, Default)]
pub struct StatsQuery {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub user_agent: Option<String>,
}

/// Totals over a window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub total: i64,
    /// Distinct APIs (by `x-api-id`, else title).
    pub deduplicated: i64,
    pub passed: i64,
    pub endpoints: i64,
    /// MUST, SHOULD, MAY, HINT findings.
    pub counts: [i64; 4],
    /// The most violated rules: code, findings, reviews with the rule.
    pub top_rules: Vec<(String, i64, i64)>,
}

/// A connection pool and the backend it speaks to.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time; concurrent write transactions
    /// would wait in SQLite's busy handler, which sleeps in steps of up to
    /// 100 ms. Writers queue here instead, and their reviews are committed
    /// in groups ([`GroupCommit`]). PostgreSQL handles concurrent writers
    /// itself (`None`).
    writer: Option<std::sync::Arc<GroupCommit>>,
    /// Hashes of specs this process has stored (or found stored), so a
    /// spec posted again is not compressed again to be thrown away by
    /// the insert. Bounded; forgetting one only costs that compression.
    known_specs: std::sync::Arc<std::sync::Mutex<KnownSpecs>>,
}

/// A bounded set of spec hashes, oldest forgotten first.
#[derive(Debug, Default)]
struct KnownSpecs {
    set: std::collections::HashSet<String>,
    order: std::collections::VecDeque<String>,
}

impl KnownSpecs {
    const CAPACITY: usize = 8192;

    fn insert(&mut self, hash: &str) {
        if self.set.contains(hash) {
            return;
        }
        if self.order.len() == Self::CAPACITY
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        self.set.insert(hash.to_string());
        self.order.push_back(hash.to_string());
    }
}

/// Text as stored: zstd level 1, the fast end (a review's JSON of 80 KB
/// takes about a tenth of a millisecond and shrinks about tenfold).
pub fn compress(text: &str) -> Vec<u8> {
    thread_local! {
        // One compression context per thread, reused: making one allocates
        // and zeroes its tables (hundreds of KB at level 1), which cost
        // more than compressing a small review's head and tail.
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = zstd::bulk::Compressor::new(1).ok();
        }
        // Compressing into memory fails only if allocation does, which
        // aborts anyway; an empty result would be caught when read back.
        match cell.as_mut() {
            Some(c) => c.compress(text.as_bytes()).unwrap_or_default(),
            None => zstd::bulk::compress(text.as_bytes(), 1).unwrap_or_default(),
        }
    })
}

/// Text as stored, back; `what` names it in the error.
fn decompress(bytes: &[u8], id: &str, what: &str) -> Result<String, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        id: id.to_string(),
        reason: format!("its {what}: {reason}"),
    };
    let raw = zstd::stream::decode_all(bytes).map_err(|e| corrupt(e.to_string()))?;
    String::from_utf8(raw).map_err(|e| corrupt(e.to_string()))
}

/// The name a spec is stored under: lowercase hex SHA-256 of its text.
pub fn spec_key(hash: &[u8; 32]) -> String {
    use std::fmt::Write;
    hash.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Bound parameters per statement, at most: well under SQLite's limit
/// (32,766) and PostgreSQL's (65,535), so a group of any size is split into
/// statements both accept.
const MAX_PARAMS: usize = 8_000;

/// How many rows of `columns` parameters one statement takes.
fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns).max(1)
}

/// `($1, $2), ($3, $4)` for `rows` rows of `columns` parameters, each row
/// followed by `literals` (constant columns, written as SQL) before its `)`.
fn placeholders(rows: usize, columns: usize, literals: &str) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(rows * (columns * 6 + literals.len() + 4));
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..columns {
            if col > 0 {
                sql.push_str(", ");
            }
            let _ = write!(sql, "${}", row * columns + col + 1);
        }
        sql.push_str(literals);
        sql.push(')');
    }
    sql
}

/// Group commit for SQLite: a review to store joins a queue; whoever holds
/// `committing` takes everything queued and writes it in one transaction,
/// then hands each review back to its request. While one group is being
/// committed, the next one gathers. Every review is still committed (and,
/// with WAL, on disk) before its request is answered; a group just shares
/// one transaction's fixed costs (the WAL commit frame, the index pages
/// that every review touches, the round trips to SQLite's thread) among
/// the requests that arrived together.
#[derive(Debug, Default)]
struct GroupCommit {
    queue: std::sync::Mutex<Vec<Queued>>,
    committing: tokio::sync::Mutex<()>,
}

/// A review waiting in [`GroupCommit::queue`], and where its request waits.
type Queued = (
    NewReview,
    tokio::sync::oneshot::Sender<(NewReview, Result<(), StoreError>)>,
);

/// The migrations embedded in the binary, as sqlx's migrator reads them.
#[derive(Debug)]
struct Embedded(Backend);

impl<'s> MigrationSource<'s> for Embedded {
    #[allow(clippy::type_complexity)]
    fn resolve(
        self,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<Vec<Migration>, Box<dyn std::error::Error + Send + Sync>>>
                + Send
                + 's,
        >,
    > {
        let backend = self.0;
        Box::pin(async move {
            Ok(MIGRATIONS
                .iter()
                .map(|(version, name, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*name),
                        MigrationType::Simple,
                        Cow::Owned(migration_sql(sql, backend)),
                        false,
                    )
                })
                .collect())
        })
    }
}

impl Store {
    /// Opens (creating if needed) the database: `url` when given, else
    /// `reviews.sqlite` in `data_dir`. Applies pending migrations.
    pub async fn open(url: Option<&str>, data_dir: &Path) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let url = match url {
            Some(u) => u.to_string(),
            None => {
                std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
                    dir: data_dir.display().to_string(),
                    source,
                })?;
                format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("reviews.sqlite").display()
                )
            }
        };
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Scheme(redact(&url)));
        };
        let open_err = |source| StoreError::Open {
            url: redact(&url),
            source,
        };
        let options = AnyConnectOptions::from_str(&url).map_err(open_err)?;
        let sqlite = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            // SQLite serialises writers anyway; a few connections let reads
            // run beside a write. PostgreSQL gets a modest pool per replica.
            .max_connections(if sqlite { 4 } else { 8 })
            // Fail fast while the database is away (see ACQUIRE_TIMEOUT).
            // A connection that died meanwhile (PostgreSQL restarted) is
            // found by the ping sqlx sends before handing out an idle one
            // (`test_before_acquire`, on by default) and replaced by a
            // new one: reconnecting needs nothing more.
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if sqlite {
                        // WAL lets readers proceed during a write.
                        // `synchronous = FULL` syncs the WAL at every
                        // commit, so a review answered 201 is on disk: it
                        // survives a power cut or a VM crash, not only a
                        // killed process. NORMAL would survive `kill -9`
                        // too (the commit is in the OS's cache) but could
                        // lose the last answered reviews on a power cut,
                        // breaking the permalink's promise. The sync costs
                        // 1.5-5 ms on a lone commit and is shared by a
                        // whole group under load (docs/reliability.md).
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        // A review's transaction has several statements,
                        // so SQLite keeps a statement journal; in memory
                        // it costs no temporary file per transaction.
                        sqlx::query("PRAGMA temp_store = MEMORY")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(open_err)?;
        Migrator::new(Embedded(backend)).await?.run(&pool).await?;
        let writer = sqlite.then(|| std::sync::Arc::new(GroupCommit::default()));
        Ok(Store {
            pool,
            backend,
            writer,
            known_specs: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Whether the spec stored under `hash` ([`spec_key`]) is known to be
    /// in the database already, so a review of it needs no `spec_zstd`.
    pub fn has_spec(&self, hash: &str) -> bool {
        self.known_specs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .set
            .contains(hash)
    }

    /// Stores a review and hands it back once it is committed.
    pub async fn insert(&self, r: NewReview) -> Result<NewReview, StoreError> {
        let Some(group) = &self.writer else {
            self.write(std::slice::from_ref(&r)).await?;
            return Ok(r);
        };
        let (done, wait) = tokio::sync::oneshot::channel();
        group
            .queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((r, done));
        // The commit runs in a task of its own, not in this request's
        // future: axum drops a request's future when its client hangs up,
        // and a commit dropped halfway rolls back the whole group, failing
        // every other request in it. A task finishes its group whoever
        // goes away.
        let store = self.clone();
        let group = group.clone();
        tokio::spawn(async move {
            let _committing = group.committing.lock().await;
            // The group before may already have taken this review; then
            // this commits whatever queued up meanwhile (maybe nothing).
            let batch = std::mem::take(&mut *group.queue.lock().unwrap_or_else(|e| e.into_inner()));
            if batch.is_empty() {
                return;
            }
            let (reviews, waiting): (Vec<NewReview>, Vec<_>) = batch.into_iter().unzip();
            if store.write(&reviews).await.is_ok() {
                for (r, w) in reviews.into_iter().zip(waiting) {
                    let _ = w.send((r, Ok(())));
                }
            } else {
                // Each review alone, so each request gets its own error
                // and one bad review does not fail its neighbours.
                for (r, w) in reviews.into_iter().zip(waiting) {
                    let result = store.write(std::slice::from_ref(&r)).await;
                    let _ = w.send((r, result));
                }
            }
        });
        match wait.await {
            Ok((r, Ok(()))) => Ok(r),
            Ok((_, Err(e))) => Err(e),
            // The task committing this review's group ended before it
            // finished (the runtime is shutting down, or it panicked): its
            // transaction rolled back, so this review is not stored.
            Err(_) => Err(StoreError::Query(sqlx::Error::WorkerCrashed)),
        }
    }

    /// Writes `reviews` in one transaction, a few statements for the
    /// whole group: each statement is a round trip to SQLite's worker
    /// thread (or to PostgreSQL), and a group of 16 reviews as 48 single
    /// inserts cost more in round trips than in writing.
    async fn write(&self, reviews: &[NewReview]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Specs new to the store, each once even when several reviews of
        // the group carry it.
        let mut seen = std::collections::HashSet::new();
        let specs: Vec<&NewReview> = reviews
            .iter()
            .filter(|r| r.spec_zstd.is_some() && seen.insert(r.spec_hash.as_str()))
            .collect();
        for chunk in specs.chunks(rows_per_statement(3)) {
            let sql = format!(
                "INSERT INTO specs (hash, size, body) VALUES {} ON CONFLICT (hash) DO NOTHING",
                placeholders(chunk.len(), 3, "")
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(&r.spec_hash)
                    .bind(r.spec.len() as i64)
                    .bind(r.spec_zstd.as_deref());
            }
            q.execute(&mut *tx).await?;
        }
        // `result` and `spec` stay empty: they hold the text of reviews
        // stored before migration 2 only.
        for chunk in reviews.chunks(rows_per_statement(17)) {
            let sql = format!(
                "INSERT INTO reviews (id, created_at, passed, ruleset_name, ruleset_source, \
                 ruleset_commit, spec_format, api_title, api_id, user_agent, endpoints, must_count, \
                 should_count, may_count, hint_count, spec_hash, result_zstd, result, spec) \
                 VALUES {}",
                placeholders(chunk.len(), 17, ", '', ''")
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(&r.id)
                    .bind(r.created_at_ms)
                    .bind(i64::from(r.passed))
                    .bind(&r.ruleset_name)
                    .bind(&r.ruleset_source)
                    .bind(&r.ruleset_commit)
                    .bind(&r.spec_format)
                    .bind(&r.api_title)
                    .bind(&r.api_id)
                    .bind(&r.user_agent)
                    .bind(r.endpoints)
                    .bind(r.counts[0])
                    .bind(r.counts[1])
                    .bind(r.counts[2])
                    .bind(r.counts[3])
                    .bind(&r.spec_hash)
                    .bind(&r.result_zstd);
            }
            q.execute(&mut *tx).await?;
        }
        let rules: Vec<(&str, &(String, String, i64))> = reviews
            .iter()
            .flat_map(|r| r.rules.iter().map(move |rule| (r.id.as_str(), rule)))
            .collect();
        for chunk in rules.chunks(rows_per_statement(4)) {
            let sql = format!(
                "INSERT INTO review_rules (review_id, code, level, occurrences) VALUES {}",
                placeholders(chunk.len(), 4, "")
            );
            let mut q = sqlx::query(&sql);
            for (id, (code, level, n)) in chunk {
                q = q.bind(*id).bind(code).bind(level).bind(*n);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        let mut known = self.known_specs.lock().unwrap_or_else(|e| e.into_inner());
        for r in reviews {
            known.insert(&r.spec_hash);
        }
        Ok(())
    }

    pub async fn get(&self, id: &str) -> Result<Option<StoredReview>, StoreError> {
        let row = sqlx::query(
            "SELECT r.id, r.created_at, r.result, r.spec, r.result_zstd, r.spec_hash, s.body \
             FROM reviews r LEFT JOIN specs s ON s.hash = r.spec_hash WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let id: String = row.try_get(0)?;
        // Reviews stored before migration 2 have their text in `result`
        // and `spec`; later ones in the compressed columns.
        let result = match row.try_get::<Option<Vec<u8>>, _>(4)? {
            Some(z) => decompress(&z, &id, "review JSON")?,
            None => row.try_get(2)?,
        };
        let spec = match (
            row.try_get::<Option<String>, _>(5)?,
            row.try_get::<Option<Vec<u8>>, _>(6)?,
        ) {
            (Some(_), Some(z)) => decompress(&z, &id, "spec")?,
            (Some(hash), None) => {
                return Err(StoreError::Corrupt {
                    id,
                    reason: format!("its spec {hash} is missing"),
                });
            }
            (None, _) => row.try_get(3)?,
        };
        Ok(Some(StoredReview {
            created_at_ms: row.try_get(1)?,
            id,
            result,
            spec,
        }))
    }

    /// Totals, and the ten most violated rules, over `q`'s window.
    pub async fn stats(&self, q: &StatsQuery) -> Result<Stats, StoreError> {
        let (filter, binds) = window(q, "r.");
        let sql = format!(
            "SELECT COUNT(*), \
             COUNT(DISTINCT COALESCE(r.api_id, r.api_title, r.id)), \
             CAST(COALESCE(SUM(r.passed), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.endpoints), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.must_count), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.should_count), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.may_count), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.hint_count), 0) AS BIGINT) \
             FROM reviews r WHERE {filter}"
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = b.bind(query);
        }
        let row = query.fetch_one(&self.pool).await?;
        let mut stats = Stats {
            total: row.try_get(0)?,
            deduplicated: row.try_get(1)?,
            passed: row.try_get(2)?,
            endpoints: row.try_get(3)?,
            counts: [
                row.try_get(4)?,
                row.try_get(5)?,
                row.try_get(6)?,
                row.try_get(7)?,
            ],
            top_rules: Vec::new(),
        };
        let sql = format!(
            "SELECT rr.code, CAST(SUM(rr.occurrences) AS BIGINT) AS n, COUNT(*) \
             FROM review_rules rr JOIN reviews r ON r.id = rr.review_id \
             WHERE {filter} GROUP BY rr.code ORDER BY n DESC, rr.code LIMIT 10"
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = b.bind(query);
        }
        for row in query.fetch_all(&self.pool).await? {
            stats
                .top_rules
                .push((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?));
        }
        Ok(stats)
    }

    /// The reviews in `q`'s window, newest first, at most `limit`.
    pub async fn list(&self, q: &StatsQuery, limit: i64) -> Result<Vec<ReviewSummary>, StoreError> {
        let (filter, binds) = window(q, "");
        let sql = format!(
            "SELECT id, created_at, passed, api_title, api_id, endpoints, must_count, \
             should_count, may_count, hint_count FROM reviews WHERE {filter} \
             ORDER BY created_at DESC, id LIMIT {limit}"
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = b.bind(query);
        }
        let mut out = Vec::new();
        for row in query.fetch_all(&self.pool).await? {
            out.push(ReviewSummary {
                id: row.try_get(0)?,
                created_at_ms: row.try_get(1)?,
                passed: row.try_get::<i64, _>(2)? != 0,
                api_title: row.try_get(3)?,
                api_id: row.try_get(4)?,
                endpoints: row.try_get(5)?,
                counts: [
                    row.try_get(6)?,
                    row.try_get(7)?,
                    row.try_get(8)?,
                    row.try_get(9)?,
                ],
            });
        }
        Ok(out)
    }

    /// Closes the pool (waits for connections in use to come back).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A bound value of a statistics filter.
enum Bind {
    Int(i64),
    Text(String),
}

impl Bind {
    fn bind<'q>(
        &'q self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Bind::Int(i) => q.bind(*i),
            Bind::Text(s) => q.bind(s.as_str()),
        }
    }
}

/// The WHERE clause of a window (columns prefixed with `prefix`) and its
/// values, numbered `$1`, `$2`, ... in order.
fn window(q: &StatsQuery, prefix: &str) -> (String, Vec<Bind>) {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut binds = Vec::new();
    if let Some(from) = q.from_ms {
        binds.push(Bind::Int(from));
        clauses.push(format!("{prefix}created_at >= ${}", binds.len()));
    }
    if let Some(to) = q.to_ms {
        binds.push(Bind::Int(to));
        clauses.push(format!("{prefix}created_at < ${}", binds.len()));
    }
    if let Some(ua) = &q.user_agent {
        binds.push(Bind::Text(ua.clone()));
        clauses.push(format!("{prefix}user_agent = ${}", binds.len()));
    }
    (clauses.join(" AND "), binds)
}

/// A database URL with its password replaced, for error messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_the_password_only() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/lint"),
            "postgres://app:***@db:5432/lint"
        );
        assert_eq!(redact("postgres://db/lint"), "postgres://db/lint");
    }

    #[test]
    fn window_numbers_placeholders_in_order() {
        let (sql, binds) = window(
            &StatsQuery {
                from_ms: Some(1),
                to_ms: None,
                user_agent: Some("zally".into()),
            },
            "r.",
        );
        assert_eq!(sql, "1 = 1 AND r.created_at >= $1 AND r.user_agent = $2");
        assert_eq!(binds.len(), 2);
    }

    fn review(i: usize) -> NewReview {
        with_spec(i, format!("openapi: 3.0.3 # {i}"))
    }

    fn with_spec(i: usize, spec: String) -> NewReview {
        let result = format!("{{\"id\":\"review-{i}\"}}");
        NewReview {
            id: format!("review-{i}"),
            created_at_ms: 1_700_000_000_000 + i as i64,
            passed: i.is_multiple_of(2),
            ruleset_name: "apilint:zalando".into(),
            ruleset_source: "apilint:zalando".into(),
            ruleset_commit: None,
            spec_format: "oas3.0".into(),
            api_title: Some(format!("API {i}")),
            api_id: None,
            user_agent: None,
            endpoints: 1,
            counts: [1, 0, 0, 0],
            result_zstd: compress(&result),
            result,
            spec_hash: spec_key(&crate::service::lint_cache::spec_hash(&spec)),
            spec_zstd: Some(compress(&spec)),
            spec,
            rules: vec![("rule-a".into(), "MUST".into(), 1)],
        }
    }

    /// Group commit: many reviews stored at once, each committed in some
    /// group, each handed back intact, none lost or written twice.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_sqlite_inserts_are_all_committed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move { store.insert(review(i)).await })
            })
            .collect();
        for (i, t) in tasks.into_iter().enumerate() {
            let back = t.await.unwrap().unwrap();
            assert_eq!(back.id, format!("review-{i}"));
            assert_eq!(back.spec, format!("openapi: 3.0.3 # {i}"));
        }
        for i in 0..40 {
            let stored = store.get(&format!("review-{i}")).await.unwrap().unwrap();
            assert_eq!(stored.spec, format!("openapi: 3.0.3 # {i}"));
        }
        let stats = store.stats(&StatsQuery::default()).await.unwrap();
        assert_eq!(stats.total, 40);
        assert_eq!(stats.top_rules, vec![("rule-a".to_string(), 40, 40)]);
        // A second review with a taken id fails alone; the store goes on.
        assert!(store.insert(review(3)).await.is_err());
        store.insert(review(40)).await.unwrap();
        store.close().await;
    }

    #[test]
    fn placeholders_number_rows_in_order() {
        assert_eq!(placeholders(2, 2, ""), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(1, 1, ", ''"), "($1, '')");
        assert!(rows_per_statement(17) * 17 <= MAX_PARAMS);
    }

    /// A group too big for one statement of each kind is split, and specs
    /// shared within the group are written once.
    #[tokio::test]
    async fn a_large_group_is_written_in_several_statements() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        let n = rows_per_statement(17) + 7;
        let group: Vec<NewReview> = (0..n)
            .map(|i| {
                let mut r = with_spec(i, format!("openapi: 3.0.3 # {}", i % 3));
                r.rules = (0..5)
                    .map(|k| (format!("rule-{k}"), "SHOULD".to_string(), k as i64 + 1))
                    .collect();
                r
            })
            .collect();
        assert!(n * 5 > rows_per_statement(4));
        store.write(&group).await.unwrap();
        for i in [0, 1, 2, n - 1] {
            let back = store.get(&format!("review-{i}")).await.unwrap().unwrap();
            assert_eq!(back.spec, format!("openapi: 3.0.3 # {}", i % 3));
        }
        let count = |sql: &'static str| {
            let pool = store.pool.clone();
            async move {
                let row = sqlx::query(sql).fetch_one(&pool).await.unwrap();
                row.try_get::<i64, _>(0).unwrap()
            }
        };
        assert_eq!(count("SELECT COUNT(*) FROM reviews").await, n as i64);
        assert_eq!(count("SELECT COUNT(*) FROM specs").await, 3);
        assert_eq!(
            count("SELECT COUNT(*) FROM review_rules").await,
            5 * n as i64
        );
        for spec in ["openapi: 3.0.3 # 0", "openapi: 3.0.3 # 2"] {
            assert!(store.has_spec(&spec_key(&crate::service::lint_cache::spec_hash(spec))));
        }
        store.close().await;
    }

    /// A spec posted again is stored once; every review of it reads it
    /// back whole, and the store learns it has it.
    #[tokio::test]
    async fn a_spec_posted_twice_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n".repeat(200);
        let first = with_spec(1, spec.clone());
        assert!(!store.has_spec(&first.spec_hash));
        store.insert(first).await.unwrap();
        let mut second = with_spec(2, spec.clone());
        assert!(store.has_spec(&second.spec_hash));
        second.spec_zstd = None;
        store.insert(second).await.unwrap();
        // Another process may not know it has the row: inserting it again
        // is harmless.
        store.insert(with_spec(3, spec.clone())).await.unwrap();
        for i in 1..=3 {
            let back = store.get(&format!("review-{i}")).await.unwrap().unwrap();
            assert_eq!(back.spec, spec);
            assert_eq!(back.result, format!("{{\"id\":\"review-{i}\"}}"));
        }
        let row = sqlx::query("SELECT COUNT(*), CAST(SUM(size) AS BIGINT) FROM specs")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(row.try_get::<i64, _>(0).unwrap(), 1);
        assert_eq!(row.try_get::<i64, _>(1).unwrap(), spec.len() as i64);
        store.close().await;
    }

    /// Reviews stored before the compressed columns existed (text in
    /// `result` and `spec`) still read back; a review whose spec row is
    /// gone is an error naming it, not an empty spec.
    #[tokio::test]
    async fn reviews_from_before_migration_2_read_back_and_a_lost_spec_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        sqlx::query(
            "INSERT INTO reviews (id, created_at, passed, ruleset_name, ruleset_source, \
             spec_format, endpoints, must_count, should_count, may_count, hint_count, result, spec) \
             VALUES ('old', 1, 1, 'r', 'r', 'oas3.0', 0, 0, 0, 0, 0, '{\"id\":\"old\"}', 'openapi: 3.0.0')",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        let old = store.get("old").await.unwrap().unwrap();
        assert_eq!(old.result, "{\"id\":\"old\"}");
        assert_eq!(old.spec, "openapi: 3.0.0");
        let mut orphan = review(7);
        orphan.spec_zstd = None;
        orphan.spec_hash = "0".repeat(64);
        store.insert(orphan).await.unwrap();
        let err = store.get("review-7").await.unwrap_err().to_string();
        assert!(err.contains("review-7") && err.contains("missing"), "{err}");
        store.close().await;
    }

    #[test]
    fn outages_are_told_from_errors() {
        let unavailable = |e| StoreError::Query(e).is_unavailable();
        assert!(unavailable(sqlx::Error::PoolTimedOut));
        assert!(unavailable(sqlx::Error::Io(
            std::io::ErrorKind::ConnectionReset.into()
        )));
        assert!(!unavailable(sqlx::Error::RowNotFound));
        // PostgreSQL: shutting down, starting up, connection lost: yes;
        // a duplicate key: no.
        for code in ["57P01", "57P03", "08006", "53300", "40001"] {
            assert!(transient_code(code), "{code}");
        }
        assert!(!transient_code("23505"));
        // SQLite: BUSY, BUSY_SNAPSHOT (517), LOCKED: yes; a UNIQUE
        // constraint (2067): no.
        for code in ["5", "517", "6"] {
            assert!(transient_code(code), "{code}");
        }
        assert!(!transient_code("2067"));
    }

    /// What "answered 201 means stored" rests on: every connection writes
    /// through the WAL and syncs it at each commit.
    #[tokio::test]
    async fn sqlite_commits_are_durable() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        // More than one connection: each gets the settings.
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = store.pool.acquire().await.unwrap();
            let mode: String = sqlx::query("PRAGMA journal_mode")
                .fetch_one(&mut *conn)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            assert_eq!(mode, "wal");
            let sync: i64 = sqlx::query("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            assert_eq!(sync, 2, "synchronous = FULL");
            held.push(conn);
        }
        drop(held);
        store.close().await;
    }

    /// Regression: a request whose group it was committing went away (its
    /// client hung up, so axum dropped its future) in the middle of the
    /// commit; the transaction rolled back and every other request in the
    /// group was answered 500 although nothing was wrong with its review.
    /// Half of each round's requests are dropped at some point of their
    /// work; the other half must all be stored.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_request_does_not_fail_the_group_it_commits() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        for round in 0..40 {
            let tasks: Vec<_> = (0..8)
                .map(|i| {
                    let store = store.clone();
                    let mut r = review(1000 + round * 8 + i);
                    // Big enough that a commit takes a while to drop into.
                    r.spec.push_str(&" ".repeat(256 * 1024));
                    tokio::spawn(async move { store.insert(r).await })
                })
                .collect();
            // Staggered, so the drops land before, during and after commits.
            let pause = 250 * (round as u64 % 10);
            tokio::time::sleep(std::time::Duration::from_micros(pause)).await;
            let mut kept = Vec::new();
            for (i, t) in tasks.into_iter().enumerate() {
                if i % 2 == 0 {
                    t.abort();
                } else {
                    kept.push((1000 + round * 8 + i, t));
                }
            }
            for (i, t) in kept {
                let back = t.await.unwrap();
                assert!(back.is_ok(), "review-{i} was not stored: {back:?}");
                assert!(store.get(&format!("review-{i}")).await.unwrap().is_some());
            }
        }
        store.close().await;
    }
}
