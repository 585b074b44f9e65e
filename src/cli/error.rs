//! Errors that stop a command before or instead of a report.
//!
//! Every variant means exit code 2 ([`super::ExitCode::Error`]); the
//! `Display` text is what the user reads on stderr, so it says what to do,
//! not only what went wrong. Problems inside a linted document are not
//! errors here: they are findings.

use std::path::PathBuf;

use crate::engine::ruleset::RulesetError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The rule set does not load; the source error lists `file:line:col:
    /// message` lines.
    #[error("invalid rule set {name}:\n{source}")]
    Ruleset {
        name: String,
        #[source]
        source: RulesetError,
    },

    #[error("cannot load rule set {0}: fetching rule sets from URLs needs --resolve-remote")]
    RemoteRuleset(String),

    #[error(
        "no rule \"{code}\" in {ruleset}{}",
        suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default()
    )]
    UnknownRule {
        code: String,
        ruleset: String,
        suggestion: Option<String>,
    },

    #[error("cannot read {name}: {message}")]
    Read { name: String, message: String },

    #[error("standard input (`-`) can be linted only once per run")]
    StdinTwice,

    #[error("no files to lint: {0}")]
    NoFiles(String),

    #[error("cannot determine the current directory: {0}")]
    Cwd(std::io::Error),

    #[error("cannot write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },

    /// Arguments that parse but do not fit together.
    #[error("{0}")]
    Usage(String),

    /// `lint --server`: the service could not be used.
    #[error(transparent)]
    Remote(#[from] super::remote::RemoteError),
}
