//! Reading Spectral-format rule sets (YAML or JSON) into a ready
//! [`RuleSet`]: `extends` (built-in names, files, URLs, with the
//! `recommended` / `all` / `off` modes), `rules` (full definitions and
//! severity-only changes), `aliases` (plain and scoped), and `overrides`.
//!
//! Loading happens in two steps, per file:
//! - `syntax` only validates the shape of the file (known keys, types,
//!   severities, formats) and produces plain data that still remembers where
//!   every value came from;
//! - `loader` then resolves that data: it loads extended rule sets
//!   (`extends`, with cycle detection), applies extends modes and severity
//!   changes, expands aliases (`alias`), compiles JSONPaths and constructs
//!   functions (`compile`).
//!
//! Every problem becomes a [`RulesetError`] naming the file it is in (an
//! extended file names itself, not the file that extends it) with a 1-based
//! line and column. All problems are collected, not just the first.
//!
//! Where Spectral's behaviour is not obvious, this follows it: rules with
//! `recommended: false` are off unless extended with `all` or switched on,
//! even in the file defining them; `true` / `false` switch a rule without
//! changing its severity; only the root file's `overrides` apply;
//! `parserOptions` is checked but has no effect. Rule set YAML is read with
//! YAML 1.1 booleans (`recommended: yes`), except where a string is
//! expected (`field: n`) and inside `functionOptions`, where such words stay
//! the strings Spectral sees.
//!
//! One extension to Spectral's format: a rule entry with `functionOptions`
//! (and optionally `severity`) but no `given`/`then` changes the options of
//! a rule an extended rule set defines, merged over its own (top-level keys
//! replace). Companies adapt a built-in rule this way (a case style, a
//! limit) without copying its definition.
//!
//! Custom JavaScript functions (`functions`, `functionsDir`) are read and
//! compiled here (`functions`) and run by [`crate::sandbox`].
//!
//! Not handled: npm packages in `extends`, `formats` / `extends` inside `overrides`, and
//! redefining an existing rule inside an override; each is an error saying
//! so. Running the rules is [`mod@super::lint`]'s job.

mod alias;
mod builtin;
mod compile;
mod extends;
mod field;
mod functions;
mod loader;
mod source;
mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::workspace::{Fetcher, FileAccess};

use super::rule::RuleSet;

pub use builtin::{BuiltinRuleset, builtin_names, is_builtin_name};

/// What a rule set may reach while loading.
#[derive(Clone)]
pub struct LoadOptions {
    /// Whether `extends` may name `http(s)` URLs. Also needs a `fetcher`.
    pub allow_remote: bool,
    pub fetcher: Option<Arc<dyn Fetcher>>,
    /// Which local files `extends` may read. The file given to
    /// [`load_file`] itself is always read.
    pub files: FileAccess,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            allow_remote: false,
            fetcher: None,
            files: FileAccess::Anywhere,
        }
    }
}

impl fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadOptions")
            .field("allow_remote", &self.allow_remote)
            .field("fetcher", &self.fetcher.as_ref().map(|_| "..."))
            .field("files", &self.files)
            .finish()
    }
}

/// Why a rule set did not load: the first problem found, and in `more`
/// every further one, so an author can fix them all in one go. Problems are
/// in file order (the extending file before the files it extends) and, in
/// a file, in source order. `Display` prints one `file:line:col: message`
/// per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesetError {
    /// The file (or URL, or built-in name) the problem is in.
    pub file: String,
    /// 1-based; 0 when the problem has no position (an unreadable file).
    pub line: usize,
    /// 1-based, in UTF-16 code units like the rest of apilint's positions.
    pub column: usize,
    pub message: String,
    /// The other problems (each with an empty `more`).
    pub more: Vec<RulesetError>,
}

impl RulesetError {
    /// This problem and all further ones.
    pub fn all(&self) -> impl Iterator<Item = &RulesetError> {
        std::iter::once(self).chain(self.more.iter())
    }

    pub(crate) fn single(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> RulesetError {
        RulesetError {
            file: file.into(),
            line,
            column,
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// Folds a non-empty list of single problems into one error.
    fn from_list(mut list: Vec<RulesetError>) -> Option<RulesetError> {
        if list.is_empty() {
            return None;
        }
        let more = list.split_off(1);
        let mut first = list.pop()?;
        first.more = more;
        Some(first)
    }

    fn fmt_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl fmt::Display for RulesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_one(f)?;
        for e in &self.more {
            f.write_str("\n")?;
            e.fmt_one(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for RulesetError {}

/// Loads the rule set file at `path` and everything it extends. Override
/// globs are relative to the file's folder.
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<RuleSet, RulesetError> {
    loader::load_root_file(path, opts)
}

/// Loads a rule set from text. `name` is how errors name it (`.json` names
/// are parsed as JSON, anything else as YAML); relative `extends` paths and
/// override globs resolve against `base_dir`, and are an error without it.
pub fn load_str(
    name: &str,
    text: &str,
    base_dir: Option<&Path>,
    opts: &LoadOptions,
) -> Result<RuleSet, RulesetError> {
    loader::load_root_text(name, text, base_dir, opts)
}

/// Loads a built-in rule set (`spectral:oas`, `apilint:zalando`, ...).
pub fn load_builtin(name: &str) -> Result<RuleSet, RulesetError> {
    loader::load_root_builtin(name)
}

/// The rule set file Spectral would pick up by default in `dir`:
/// `.spectral.yaml`, `.spectral.yml` or `.spectral.json`, in that order.
/// (Spectral's JavaScript rule sets, `.spectral.js` and friends, cannot be
/// run by apilint and are not looked for.)
pub fn find_default(dir: &Path) -> Option<PathBuf> {
    [".spectral.yaml", ".spectral.yml", ".spectral.json"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}
