//! One rule set text, parsed into a span-preserving tree, and the
//! conversion of byte offsets in it into `file:line:col` errors.
//!
//! Rule sets are parsed with YAML 1.1 booleans (`yes`, `no`, `on`, `off`),
//! as Spectral's YAML parser reads them, so `recommended: yes` is a boolean.
//! The price is that an unquoted `off` arrives as `false`; the readers in
//! [`super::syntax`] accept `false` wherever `off` is meant.

use std::sync::Arc;

use crate::document::yaml::{self, YamlOptions};
use crate::document::{Limits, LineIndex, ParseError, Parsed, Span, Tree, json};

use super::RulesetError;

/// A problem at a byte offset of one [`Source`]; it becomes a
/// [`RulesetError`] once rendered against that source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Issue {
    pub offset: u32,
    pub message: String,
    /// A warning: the rule set still loads, and the warning travels with it
    /// ([`crate::engine::RuleSet::warnings`]).
    pub warning: bool,
}

impl Issue {
    pub fn new(offset: u32, message: impl Into<String>) -> Issue {
        Issue {
            offset,
            message: message.into(),
            warning: false,
        }
    }

    pub fn warning(offset: u32, message: impl Into<String>) -> Issue {
        Issue {
            warning: true,
            ..Issue::new(offset, message)
        }
    }

    pub fn at(span: Span, message: impl Into<String>) -> Issue {
        Issue::new(span.start, message)
    }
}

/// A parsed rule set file.
pub(super) struct Source {
    /// How errors name the file.
    pub name: String,
    pub text: Arc<str>,
    pub tree: Tree,
    index: LineIndex,
}

/// Rule sets are small; anything near this size is not a rule set.
const MAX_RULESET_BYTES: usize = 16 * 1024 * 1024;

impl Source {
    /// Parses `text`. Parser diagnostics (duplicate keys) are returned as
    /// issues: in a rule set a duplicate key silently drops a rule or an
    /// option, which is never what the author meant.
    pub fn parse(name: String, text: Arc<str>) -> Result<(Source, Vec<Issue>), RulesetError> {
        let limits = Limits {
            max_bytes: MAX_RULESET_BYTES,
            ..Limits::default()
        };
        let index = LineIndex::new(&text);
        let parsed = if text.len() > MAX_RULESET_BYTES {
            Err(ParseError {
                message: format!(
                    "the rule set is {} bytes, larger than the limit of {MAX_RULESET_BYTES} bytes",
                    text.len()
                ),
                span: Span::EMPTY,
            })
        } else {
            parse_tree(&name, &text, &limits)
        };
        match parsed {
            Ok(parsed) => {
                let issues = parsed
                    .diagnostics
                    .iter()
                    .map(|d| Issue::at(d.span, d.message.clone()))
                    .collect();
                let source = Source {
                    name,
                    text,
                    tree: parsed.tree,
                    index,
                };
                Ok((source, issues))
            }
            Err(err) => {
                let (line, column) = position(&index, &text, err.span.start);
                Err(RulesetError::single(name, line, column, err.message))
            }
        }
    }

    pub fn error(&self, issue: &Issue) -> RulesetError {
        let (line, column) = position(&self.index, &self.text, issue.offset);
        RulesetError::single(self.name.clone(), line, column, issue.message.clone())
    }

    /// Renders issues in source order, each distinct one once (an alias
    /// used by several rules would otherwise report its own problem once
    /// per use).
    pub fn errors(&self, mut issues: Vec<Issue>) -> Vec<RulesetError> {
        issues.sort();
        issues.dedup();
        issues.iter().map(|i| self.error(i)).collect()
    }

    /// The source text of a span (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

fn position(index: &LineIndex, text: &str, offset: u32) -> (usize, usize) {
    let p = index.position(text, offset as usize);
    (p.line as usize + 1, p.character as usize + 1)
}

/// JSON for `.json` names and for text that is JSON; YAML otherwise (JSON
/// is YAML too, but the JSON parser's errors are clearer for JSON text).
fn parse_tree(name: &str, text: &str, limits: &Limits) -> Result<Parsed, ParseError> {
    if name.to_ascii_lowercase().ends_with(".json") {
        return json::parse_json(text, limits);
    }
    let first = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .as_bytes()
        .first()
        .copied();
    let options = YamlOptions {
        yaml11_booleans: true,
    };
    if matches!(first, Some(b'{') | Some(b'[')) {
        return match json::parse_json(text, limits) {
            Ok(parsed) => Ok(parsed),
            // A YAML flow mapping with unquoted keys is not JSON; when the
            // text is neither, the JSON error is the one to show.
            Err(json_err) => yaml::parse_yaml_with(text, limits, &options).map_err(|_| json_err),
        };
    }
    yaml::parse_yaml_with(text, limits, &options)
}
