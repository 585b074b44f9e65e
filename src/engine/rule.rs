//! A loaded rule set: rules ready to run, and per-file/pointer overrides.
//!
//! Rule set files are read and validated by [`super::ruleset`]; this module
//! is the result, with every path compiled and every function constructed.

use std::sync::Arc;

use crate::document::PathSeg;
use crate::document::format::Formats;
use crate::functions::RuleFunction;
use crate::jsonpath::JsonPath;

use super::Severity;

/// `then.field`: what part of each `given` match the function receives.
#[derive(Clone, Debug)]
pub enum Field {
    /// `@key`: each property name of the matched object.
    Key,
    /// A dotted or bracketed plain path (`info.contact`, `responses['200']`).
    Path(Vec<PathSeg>),
    /// A JSONPath relative to the match (`$.x..y`).
    JsonPath(JsonPath),
}

/// One `then` clause.
#[derive(Clone, Debug)]
pub struct Then {
    pub field: Option<Field>,
    pub function_name: String,
    /// The `functionOptions` the function was built with, kept so that a
    /// rule set extending this one can change some of them.
    pub options: Option<serde_json::Value>,
    pub function: Arc<dyn RuleFunction>,
    /// The JavaScript file behind `function`, for a rule set's own
    /// functions (so an extending rule set can rebuild it with other
    /// options); `None` for built-in functions.
    pub script: Option<Arc<crate::sandbox::ScriptModule>>,
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub description: Option<String>,
    /// The message template (`{{error}}`, `{{path}}`, ...), if any.
    pub message: Option<String>,
    /// The effective severity; `None` means the rule is off.
    pub severity: Option<Severity>,
    pub recommended: bool,
    pub given: Vec<JsonPath>,
    /// Parallel to `given`: the formats each path is limited to, for paths
    /// that came from a scoped alias (`targets: [{formats, given}]`); `None`
    /// means the path applies to every document the rule applies to.
    pub given_formats: Vec<Option<Formats>>,
    pub then: Vec<Then>,
    /// Whether the rule sees the document with refs followed (default).
    pub resolved: bool,
    /// Formats the rule applies to; `None` = all documents.
    pub formats: Option<Formats>,
    pub documentation_url: Option<String>,
}

/// Severity changes for files (and JSON pointers within them) matched by
/// globs: Spectral's `overrides`.
#[derive(Clone, Debug)]
pub struct Override {
    /// Glob patterns over file paths (relative to the rule set's folder
    /// unless absolute), each with an optional pointer scope.
    pub files: Vec<OverrideTarget>,
    /// `(rule name, severity)`; `None` turns the rule off there.
    pub rules: Vec<(String, Option<Severity>)>,
}

#[derive(Clone, Debug)]
pub struct OverrideTarget {
    pub glob: globset::GlobMatcher,
    /// Only findings at or under this path are affected (`file#/paths`).
    pub pointer: Option<Vec<PathSeg>>,
}

/// A whole rule set.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    /// Where it came from (file path, URL or built-in name).
    pub source: String,
    pub documentation_url: Option<String>,
    /// Every rule, in definition order, off ones included (so overrides
    /// can turn them on and `apilint rules` can list them).
    pub rules: Vec<Rule>,
    pub overrides: Vec<Override>,
    /// Folder override globs are relative to.
    pub base_dir: Option<std::path::PathBuf>,
    /// Problems that did not stop the load (a JavaScript filter that looks
    /// wrong), each at its place in its file. Whoever loaded the rule set
    /// shows them (the CLI on stderr, the service in its log).
    pub warnings: Vec<super::ruleset::RulesetError>,
}

impl RuleSet {
    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// The severity of rule `rule` for a finding in file `file` at `path`
    /// (the last matching override wins, as in Spectral).
    pub fn severity_for(&self, rule: &Rule, file: &str, path: &[PathSeg]) -> Option<Severity> {
        let mut severity = rule.severity;
        if self.overrides.is_empty() {
            return severity;
        }
        let file_path = std::path::Path::new(file);
        let relative = self.base_dir.as_deref().and_then(|b| {
            std::path::absolute(file_path)
                .ok()?
                .strip_prefix(std::path::absolute(b).ok()?)
                .ok()
                .map(|p| p.to_path_buf())
        });
        // Spectral: among the overrides that match the file (and pointer),
        // the one with the longest pointer wins; between equally long ones,
        // the later one.
        let mut best: Option<usize> = None;
        for ov in &self.overrides {
            let Some((_, s)) = ov.rules.iter().rev().find(|(n, _)| *n == rule.name) else {
                continue;
            };
            for t in &ov.files {
                let file_hit = t.glob.is_match(file_path)
                    || relative.as_deref().is_some_and(|r| t.glob.is_match(r));
                let depth = match t.pointer.as_deref() {
                    None => 0,
                    Some(p) if pointer_prefix(p, path) => p.len(),
                    Some(_) => continue,
                };
                if file_hit && best.is_none_or(|b| depth >= b) {
                    best = Some(depth);
                    severity = *s;
                }
            }
        }
        severity
    }

    /// Whether any override could turn `rule` on somewhere.
    ///
    /// (See [`pointer_prefix`] for how override pointers are matched.)
    pub fn maybe_enabled(&self, rule: &Rule) -> bool {
        rule.severity.is_some()
            || self
                .overrides
                .iter()
                .any(|o| o.rules.iter().any(|(n, s)| *n == rule.name && s.is_some()))
    }
}

/// Whether `prefix` (from a `file#/pointer` override, whose tokens are all
/// strings) is a prefix of a finding's `path` (whose array steps are
/// indices). Segments compare as strings, so `/parameters/0` matches.
fn pointer_prefix(prefix: &[PathSeg], path: &[PathSeg]) -> bool {
    prefix.len() <= path.len()
        && prefix
            .iter()
            .zip(path)
            .all(|(a, b)| a.as_key_string() == b.as_key_string())
}
