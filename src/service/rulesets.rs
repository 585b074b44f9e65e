//! The rule set the service lints with, and how it is replaced.
//!
//! [`Rulesets`] holds the active rule set behind an `Arc` that requests
//! clone (a lint in progress keeps the rule set it started with, whatever
//! a reload does meanwhile), the last load error, and where new versions
//! come from: a built-in name, a file on the server, or a git repository
//! ([`super::repo`]). A reload that fails **never** replaces the active rule
//! set: the error is kept for `GET /api/v1/ruleset` (and makes `/ready`
//! say `degraded`) and counted in `/metrics`, and the last good one stays.
//! The error clears when a reload finds the source well again: a new rule
//! set loads, or the repository answers again with the commit being served.
//!
//! A request may also name another *built-in* rule set (`"ruleset":
//! "spectral:oas"`); those are loaded on first use and kept. Files are
//! never named by requests: that would let a client read the server's
//! files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;

use crate::engine::RuleSet;
use crate::engine::ruleset::{self, RulesetError};

use super::config::RulesetSetting;
use super::error::ApiError;
use super::metrics::Metrics;
use super::repo::{RepoConfig, RepoError, RulesetRepo};
use super::timefmt;

/// A loaded rule set and where it came from.
#[derive(Debug)]
pub struct ActiveRuleset {
    pub ruleset: RuleSet,
    /// What requests call it: the built-in name, the file name, or the
    /// rule set path in the repository.
    pub name: String,
    /// Where it was loaded from (built-in name, file path, or
    /// `<repo>@<ref>:<path>`).
    pub source: String,
    /// The git commit, for a rule set from a repository.
    pub commit: Option<String>,
    pub loaded_at_ms: i64,
    /// This load's process-unique number: what the lint cache keys on, so
    /// results of a replaced rule set are never reused.
    pub generation: u64,
}

impl ActiveRuleset {
    pub fn builtin(name: &str) -> Result<ActiveRuleset, RulesetError> {
        Ok(ActiveRuleset {
            ruleset: ruleset::load_builtin(name)?,
            name: name.to_string(),
            source: name.to_string(),
            commit: None,
            loaded_at_ms: timefmt::now_ms(),
            generation: super::lint_cache::generation(),
        })
    }

    fn file(path: &Path) -> Result<ActiveRuleset, RulesetError> {
        Ok(ActiveRuleset {
            ruleset: ruleset::load_file(path, &ruleset::LoadOptions::default())?,
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            source: path.display().to_string(),
            commit: None,
            loaded_at_ms: timefmt::now_ms(),
            generation: super::lint_cache::generation(),
        })
    }
}

/// A failed load, as `GET /api/v1/ruleset` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct LoadFailure {
    pub message: String,
    /// RFC 3339.
    pub at: String,
}

/// What a reload did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// A new rule set is active (its commit, for a repository).
    Replaced { commit: Option<String> },
    /// Nothing new to load (the ref did not move; a built-in never changes).
    Unchanged,
    /// The load failed; the previous rule set (if any) stays active.
    Failed(String),
}

/// The active rule set and its source.
#[derive(Debug)]
pub struct Rulesets {
    setting: RulesetSetting,
    active: RwLock<Option<Arc<ActiveRuleset>>>,
    last_error: RwLock<Option<LoadFailure>>,
    /// Why the repository's current commit did not load, when it did not.
    /// A poll that finds the ref unchanged reports this again, not the
    /// older error of a poll that could not reach the repository.
    commit_error: RwLock<Option<LoadFailure>>,
    repo: Option<Arc<Mutex<RulesetRepo>>>,
    /// Other built-ins requests asked for by name.
    extra: Mutex<HashMap<String, Arc<ActiveRuleset>>>,
}

impl Rulesets {
    /// Nothing is loaded yet; call [`Rulesets::reload`]. A repository is
    /// checked out under `data_dir/ruleset-repo`.
    pub fn new(setting: RulesetSetting, data_dir: &Path) -> Rulesets {
        let repo = match &setting {
            RulesetSetting::Repo {
                url, git_ref, path, ..
            } => Some(Arc::new(Mutex::new(RulesetRepo::new(RepoConfig {
                url: url.clone(),
                git_ref: git_ref.clone(),
                path: path.clone(),
                checkout_dir: data_dir.join("ruleset-repo"),
            })))),
            RulesetSetting::Named(_) => None,
        };
        Rulesets {
            setting,
            active: RwLock::new(None),
            last_error: RwLock::new(None),
            commit_error: RwLock::new(None),
            repo,
            extra: Mutex::new(HashMap::new()),
        }
    }

    pub fn setting(&self) -> &RulesetSetting {
        &self.setting
    }

    /// The active rule set, `None` until one has loaded.
    pub fn active(&self) -> Option<Arc<ActiveRuleset>> {
        self.active
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn last_error(&self) -> Option<LoadFailure> {
        self.last_error
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The rule set a request asked for: the active one when `name` is
    /// `None` or its name, else a built-in of that name.
    pub fn pick(&self, name: Option<&str>) -> Result<Arc<ActiveRuleset>, ApiError> {
        let active = self.active();
        match name {
            None => active.ok_or_else(not_loaded),
            Some(n)
                if active
                    .as_ref()
                    .is_some_and(|a| a.name == n || a.source == n) =>
            {
                active.ok_or_else(not_loaded)
            }
            Some(n) if ruleset::is_builtin_name(n) => {
                let mut extra = self.extra.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(rs) = extra.get(n) {
                    return Ok(rs.clone());
                }
                let rs = Arc::new(ActiveRuleset::builtin(n).map_err(|e| {
                    ApiError::Internal(format!("built-in rule set {n} does not load: {e}"))
                })?);
                extra.insert(n.to_string(), rs.clone());
                Ok(rs)
            }
            Some(n) => {
                let mut known: Vec<String> = ruleset::builtin_names().map(str::to_string).collect();
                if let Some(a) = &active {
                    known.insert(0, a.name.clone());
                }
                Err(ApiError::Unprocessable(format!(
                    "unknown rule set \"{n}\"; this server has: {}",
                    known.join(", ")
                )))
            }
        }
    }

    /// Loads the rule set again from its source (pulls the repository).
    /// Blocking work runs on the blocking pool.
    pub async fn reload(self: &Arc<Self>, metrics: &Metrics) -> ReloadOutcome {
        let this = self.clone();
        let loaded = tokio::task::spawn_blocking(move || this.load_blocking()).await;
        let outcome = match loaded {
            Ok(Ok(Some((rs, offline)))) => {
                let commit = rs.commit.clone();
                tracing::info!(source = %rs.source, commit = ?commit, "rule set loaded");
                for w in &rs.ruleset.warnings {
                    tracing::warn!(source = %rs.source, warning = %w, "rule set warning");
                }
                *self.active.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(rs));
                // Loaded from the local copy: the remote's error stands
                // until a poll reaches it.
                let error = offline.map(|message| {
                    tracing::warn!(error = %message, "the rule set repository is out of reach; serving the last good commit recorded on disk");
                    // The remote's read failed: counted like a failed poll.
                    metrics.reload_failed();
                    LoadFailure {
                        message: format!("{message}\n(serving the last good commit recorded before the restart)"),
                        at: timefmt::format_ms(timefmt::now_ms()),
                    }
                });
                *self.last_error.write().unwrap_or_else(|e| e.into_inner()) = error;
                *self.commit_error.write().unwrap_or_else(|e| e.into_inner()) = None;
                metrics.reload_succeeded();
                ReloadOutcome::Replaced { commit }
            }
            Ok(Ok(None)) => {
                // The source answered with what was already tried: the
                // served commit (a repository back after an outage: the
                // error clears) or a commit that failed to load (its error
                // stands).
                let commit_error = self
                    .commit_error
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                let mut last = self.last_error.write().unwrap_or_else(|e| e.into_inner());
                if last.is_some() && commit_error.is_none() {
                    tracing::info!(
                        "the rule set source answers again; the served rule set is current"
                    );
                }
                *last = commit_error;
                ReloadOutcome::Unchanged
            }
            Ok(Err(e)) => {
                let failure = LoadFailure {
                    message: e.message.clone(),
                    at: timefmt::format_ms(timefmt::now_ms()),
                };
                if e.of_commit {
                    *self.commit_error.write().unwrap_or_else(|e| e.into_inner()) =
                        Some(failure.clone());
                }
                *self.last_error.write().unwrap_or_else(|e| e.into_inner()) = Some(failure);
                ReloadOutcome::Failed(e.message)
            }
            Err(join) => {
                let message = format!("the rule set load crashed: {join}");
                *self.last_error.write().unwrap_or_else(|e| e.into_inner()) = Some(LoadFailure {
                    message: message.clone(),
                    at: timefmt::format_ms(timefmt::now_ms()),
                });
                ReloadOutcome::Failed(message)
            }
        };
        if let ReloadOutcome::Failed(message) = &outcome {
            tracing::error!(error = %message, "rule set load failed; the previous rule set stays active");
            metrics.reload_failed();
        }
        outcome
    }

    /// The newly loaded rule set, if any, and (for a repository) the
    /// remote's error when it was loaded from the local copy instead.
    fn load_blocking(&self) -> Result<Option<(ActiveRuleset, Option<String>)>, LoadError> {
        match &self.setting {
            RulesetSetting::Named(name) => {
                let is_builtin = ruleset::is_builtin_name(name) && !Path::new(name).exists();
                if is_builtin {
                    // A built-in cannot change while the server runs.
                    if self.active().is_some() {
                        return Ok(None);
                    }
                    ActiveRuleset::builtin(name)
                        .map(|rs| Some((rs, None)))
                        .map_err(|e| LoadError::other(e.to_string()))
                } else {
                    ActiveRuleset::file(&PathBuf::from(name))
                        .map(|rs| Some((rs, None)))
                        .map_err(|e| LoadError::other(e.to_string()))
                }
            }
            RulesetSetting::Repo { path, .. } => {
                let repo = self.repo.as_ref().expect("a repo setting has a repo");
                let mut repo = repo.lock().unwrap_or_else(|e| e.into_inner());
                match repo.refresh() {
                    Ok(Some(r)) => Ok(Some((
                        ActiveRuleset {
                            ruleset: r.ruleset,
                            name: path.clone(),
                            source: r.source,
                            commit: Some(r.commit),
                            loaded_at_ms: timefmt::now_ms(),
                            generation: super::lint_cache::generation(),
                        },
                        r.offline,
                    ))),
                    Ok(None) => Ok(None),
                    Err(e) => Err(LoadError {
                        of_commit: matches!(e, RepoError::Load { .. }),
                        message: e.to_string(),
                    }),
                }
            }
        }
    }
}

/// A failed load, and whether the failure belongs to the repository's
/// commit (its rule set is bad: retrying the same commit cannot help) or
/// to getting there (git, the network, a file on the server).
#[derive(Debug)]
struct LoadError {
    message: String,
    of_commit: bool,
}

impl LoadError {
    fn other(message: String) -> LoadError {
        LoadError {
            message,
            of_commit: false,
        }
    }
}

fn not_loaded() -> ApiError {
    ApiError::Unavailable(
        "no rule set has loaded yet; see GET /api/v1/ruleset for the error".into(),
    )
}
