//! A bounded cache of lint results, keyed by what decides them.
//!
//! Pipelines post the same spec again and again: every push to a pull
//! request re-runs the check, most of them without touching the API
//! document, and the editor asks again when a change is undone. A lint is a
//! pure function of the spec text, the rule set (one loaded generation of
//! it), `ignore_rules` and `fail_on`, so its result can be reused: the
//! request still gets its own review (id, time, stored row), only the
//! parse and the rules are skipped.
//!
//! - The key is SHA-256 over those inputs, with lengths in front of every
//!   variable part so no two different inputs frame to the same bytes. A
//!   cryptographic hash because the cache is shared between teams: with a
//!   weak one, a crafted spec could collide with another team's and hand
//!   them its findings.
//! - The rule set enters as its load generation ([`generation`]), a
//!   process-wide counter taken whenever a rule set is loaded: a reload
//!   (new commit, or the same file changed) never meets the old entries,
//!   which age out.
//! - Results whose findings depend on more than the inputs are not kept:
//!   a JavaScript function stopped by its time or memory limit
//!   (`rule-function-error`) might finish on a less loaded machine.
//! - The cache is bounded by an estimate of its entries' heap bytes
//!   (`--lint-cache-mb`, 0 turns it off) and evicts the least recently
//!   used entry first.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::review::{ApiFinding, FailOn, LintOutcome};

/// A new, process-unique rule set load generation.
pub fn generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What identifies a lint result.
pub type Key = [u8; 32];

/// SHA-256 of a spec's text: part of the cache key, and the name the store
/// keeps the text under (a spec posted twice is stored once).
pub fn spec_hash(spec: &str) -> Key {
    Sha256::digest(spec.as_bytes()).into()
}

/// The key of linting the spec whose [`spec_hash`] is `spec` with rule set
/// generation `ruleset`, dropping `ignore_rules`, failing at `fail_on`.
pub fn key(ruleset: u64, ignore_rules: &[String], fail_on: FailOn, spec: &Key) -> Key {
    let mut h = Sha256::new();
    h.update(b"apilint lint v1\0");
    h.update(ruleset.to_le_bytes());
    h.update([fail_on as u8]);
    h.update((ignore_rules.len() as u64).to_le_bytes());
    for rule in ignore_rules {
        h.update((rule.len() as u64).to_le_bytes());
        h.update(rule.as_bytes());
    }
    h.update(spec);
    h.finalize().into()
}

/// A lint result as kept and reused: the outcome (its findings shared),
/// and the findings serialized once as JSON, and compressed once (when a
/// review of them is first stored), for every review that has them.
#[derive(Debug)]
pub struct Cached {
    pub outcome: LintOutcome,
    pub findings_json: String,
    findings_zstd: OnceLock<Vec<u8>>,
}

impl Cached {
    pub fn new(outcome: LintOutcome) -> Cached {
        let findings_json =
            serde_json::to_string(&outcome.result.findings).expect("findings serialize to JSON");
        Cached {
            outcome,
            findings_json,
            findings_zstd: OnceLock::new(),
        }
    }

    /// Whether [`Cached::findings_zstd`] is made already (it is made by
    /// the first review stored from this result).
    pub fn has_findings_zstd(&self) -> bool {
        self.findings_zstd.get().is_some()
    }

    /// The findings' JSON as one zstd frame ([`super::store::compress`]).
    pub fn findings_zstd(&self) -> &[u8] {
        self.findings_zstd
            .get_or_init(|| super::store::compress(&self.findings_json))
    }
}

/// Whether an outcome may be reused for the same inputs.
pub fn cacheable(outcome: &LintOutcome) -> bool {
    !outcome
        .result
        .findings
        .iter()
        .any(|f| f.code == "rule-function-error")
}

/// The LRU cache. Cheap to share (`Arc`); one lock, held only for map
/// operations (never while linting or cloning a result).
#[derive(Debug)]
pub struct LintCache {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<Key, Entry>,
    /// Last use → key: the first entry is the least recently used.
    order: BTreeMap<u64, Key>,
    tick: u64,
    bytes: usize,
}

#[derive(Debug)]
struct Entry {
    outcome: Arc<Cached>,
    weight: usize,
    used: u64,
}

impl LintCache {
    /// A cache holding at most about `capacity` bytes of results; 0 keeps
    /// nothing.
    pub fn new(capacity: usize) -> LintCache {
        LintCache {
            capacity,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// The result stored under `key`, marked as just used.
    pub fn get(&self, key: &Key) -> Option<Arc<Cached>> {
        if !self.enabled() {
            return None;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let Inner {
            entries,
            order,
            tick,
            ..
        } = &mut *inner;
        let entry = entries.get_mut(key)?;
        *tick += 1;
        order.remove(&entry.used);
        entry.used = *tick;
        order.insert(*tick, *key);
        Some(entry.outcome.clone())
    }

    /// Keeps `outcome` under `key`, evicting the least recently used
    /// entries to stay within the capacity. A result bigger than a quarter
    /// of the whole cache is not kept: it would flush everything else.
    pub fn insert(&self, key: Key, outcome: Arc<Cached>) {
        let weight = weight(&outcome);
        if !self.enabled() || weight > self.capacity / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.tick += 1;
        let used = inner.tick;
        if let Some(old) = inner.entries.insert(
            key,
            Entry {
                outcome,
                weight,
                used,
            },
        ) {
            inner.order.remove(&old.used);
            inner.bytes -= old.weight;
        }
        inner.order.insert(used, key);
        inner.bytes += weight;
        // Evicted entries are dropped after the lock is released: freeing
        // a result's findings takes about as long as a lookup waits.
        let mut evicted = Vec::new();
        while inner.bytes > self.capacity {
            let Some((_, oldest)) = inner.order.pop_first() else {
                break;
            };
            if let Some(gone) = inner.entries.remove(&oldest) {
                inner.bytes -= gone.weight;
                evicted.push(gone);
            }
        }
        drop(inner);
        drop(evicted);
    }

    /// Entries and their estimated bytes.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.entries.len(), inner.bytes)
    }
}

/// An estimate of the heap bytes an entry holds: the outcome's strings plus
/// a fixed overhead per finding and per allocation, the findings' JSON,
/// and its compressed copy (about a tenth of it). Close enough to bound
/// memory.
fn weight(cached: &Cached) -> usize {
    let outcome = &cached.outcome;
    const STRUCT: usize = std::mem::size_of::<ApiFinding>() + 64;
    let findings: usize = outcome
        .result
        .findings
        .iter()
        .map(|f| {
            STRUCT
                + f.code.len()
                + f.level.len()
                + f.severity.len()
                + f.message.len()
                + f.pointer.len()
                + f.rule_url.as_ref().map_or(0, String::len)
                + f.path.iter().map(|s| s.len() + 24).sum::<usize>()
        })
        .sum();
    let rules: usize = outcome
        .rules
        .iter()
        .map(|(code, level, _)| code.len() + level.len() + 64)
        .sum();
    512 + findings + rules + cached.findings_json.len() * 11 / 10
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::review::{Counts, Position, Range, ReviewResult, RulesetRef};

    fn outcome(findings: usize, code: &str) -> Arc<Cached> {
        let finding = ApiFinding {
            code: code.into(),
            level: "MUST".into(),
            severity: "error".into(),
            message: "m".repeat(100),
            path: vec!["info".into()],
            pointer: "/info".into(),
            range: Range {
                start: Position {
                    line: 0,
                    character: 0,
                },
                end: Position {
                    line: 0,
                    character: 1,
                },
            },
            rule_url: None,
        };
        Arc::new(Cached::new(LintOutcome {
            result: ReviewResult {
                id: String::new(),
                passed: false,
                fail_on: FailOn::Must,
                counts: Counts::default(),
                findings: Arc::new(vec![finding; findings]),
                ruleset: RulesetRef {
                    name: "r".into(),
                    source: "r".into(),
                    commit: None,
                },
                spec_format: "oas3.0".into(),
                duration_ms: 1.0,
                cached: false,
            },
            api_title: None,
            api_id: None,
            endpoints: 0,
            rules: Vec::new(),
            lint_seconds: 0.001,
        }))
    }

    #[test]
    fn every_input_that_decides_a_result_is_in_the_key() {
        let spec = spec_hash("openapi: 3.0.0");
        let base = key(1, &[], FailOn::Must, &spec);
        assert_eq!(base, key(1, &[], FailOn::Must, &spec));
        assert_ne!(base, key(2, &[], FailOn::Must, &spec));
        assert_ne!(base, key(1, &[], FailOn::Should, &spec));
        assert_ne!(base, key(1, &["a".into()], FailOn::Must, &spec));
        assert_ne!(
            base,
            key(1, &[], FailOn::Must, &spec_hash("openapi: 3.0.1"))
        );
        // Lengths frame the rule names: moving bytes between them changes
        // the key.
        assert_ne!(
            key(1, &["a".into(), "b".into()], FailOn::Must, &spec),
            key(1, &["ab".into()], FailOn::Must, &spec)
        );
        assert_ne!(
            key(1, &["ab".into(), "".into()], FailOn::Must, &spec),
            key(1, &["a".into(), "b".into()], FailOn::Must, &spec)
        );
        assert_ne!(generation(), generation());
    }

    #[test]
    fn the_least_recently_used_entry_goes_first_and_the_bound_holds() {
        let one = weight(&outcome(10, "x"));
        let cache = LintCache::new(one * 4);
        let k = |i: u8| [i; 32];
        for i in 0..4 {
            cache.insert(k(i), outcome(10, "x"));
        }
        assert_eq!(cache.usage(), (4, one * 4));
        // Using 0 makes 1 the oldest.
        assert!(cache.get(&k(0)).is_some());
        cache.insert(k(4), outcome(10, "x"));
        assert!(cache.get(&k(1)).is_none());
        for i in [0, 2, 3, 4] {
            assert!(cache.get(&k(i)).is_some(), "entry {i}");
        }
        assert_eq!(cache.usage(), (4, one * 4));
        // Replacing an entry does not count it twice.
        cache.insert(k(4), outcome(10, "x"));
        assert_eq!(cache.usage(), (4, one * 4));
    }

    #[test]
    fn a_result_too_big_for_the_cache_and_a_disabled_cache_keep_nothing() {
        let cache = LintCache::new(weight(&outcome(10, "x")) * 2);
        cache.insert([1; 32], outcome(10, "x"));
        assert!(cache.get(&[1; 32]).is_none(), "over a quarter of the cache");
        let off = LintCache::new(0);
        off.insert([1; 32], outcome(1, "x"));
        assert!(off.get(&[1; 32]).is_none());
    }

    #[test]
    fn a_stopped_javascript_function_is_not_reused() {
        assert!(cacheable(&outcome(3, "x").outcome));
        assert!(!cacheable(&outcome(1, "rule-function-error").outcome));
    }
}
