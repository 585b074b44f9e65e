//! Parsed OpenAPI documents with source spans, and everything about them that
//! is not a rule: JSON pointers, `$ref` resolution across files, the resolved
//! and unresolved views the rules see, and format detection.
//!
//! Layout:
//! - [`tree`]: the arena tree every parser produces (byte spans everywhere);
//! - [`json`] / [`yaml`]: the two parsers (JSON has its own fast path);
//! - [`line_index`]: offsets to line/column, for rendering only;
//! - [`pointer`]: RFC 6901 JSON pointers and `$ref` strings;
//! - [`workspace`]: the set of files a lint sees and the `$ref` graph;
//! - [`view`]: a cheap cursor over a workspace that follows `$ref` lazily;
//! - [`fetch`]: the http(s) fetcher used when remote refs are enabled;
//! - [`format`]: `oas2` / `oas3` / `oas3_0` / `oas3_1` detection.

pub mod fetch;
pub mod format;
pub mod json;
pub mod line_index;
pub mod pointer;
pub mod tree;
pub mod view;
pub mod workspace;
pub mod yaml;

use std::sync::{Arc, OnceLock};

pub use line_index::{LineIndex, Position, Range};
pub use tree::{Member, Node, NodeId, Path, PathSeg, Span, Tree, Value};
pub use view::View;
pub use workspace::{DocId, Loc, Workspace};

/// Resource limits applied while parsing untrusted text.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of collections accepted (deeper input is an error,
    /// not a stack overflow).
    pub max_depth: usize,
    /// Most nodes a YAML document may expand to through aliases (billion
    /// laughs protection). Aliases share nodes in the arena, but a walker
    /// would still see the expanded size.
    pub max_alias_expansion: usize,
    /// Largest source accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 1000,
            max_alias_expansion: 1_000_000,
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// The concrete syntax a document was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// How bad a parse diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticSeverity {
    Error,
    Warning,
}

/// A problem found while parsing that did not stop the parse (e.g. a
/// duplicate key). Reported as a `parser` finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub message: String,
    pub span: Span,
    pub severity: DiagnosticSeverity,
}

/// A parse that failed: what went wrong and where (byte span in the source).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

/// What a parser returns.
#[derive(Debug)]
pub struct Parsed {
    pub tree: Tree,
    pub diagnostics: Vec<Diagnostic>,
}

/// One source file, parsed.
#[derive(Debug)]
pub struct Document {
    /// How the file is named in findings: a path as the user gave it, or a URL.
    pub name: String,
    pub text: Arc<str>,
    pub syntax: Syntax,
    pub tree: Tree,
    pub diagnostics: Vec<Diagnostic>,
    line_index: OnceLock<LineIndex>,
}

impl Document {
    /// Parses `text`, choosing JSON or YAML from the name and the content:
    /// `.json` files are JSON; other text starting with `{` or `[` tries the
    /// JSON fast path first and falls back to YAML (a YAML flow mapping
    /// with unquoted keys is not JSON).
    pub fn parse(
        name: impl Into<String>,
        text: Arc<str>,
        limits: &Limits,
    ) -> Result<Document, ParseError> {
        let name = name.into();
        if text.len() > limits.max_bytes {
            return Err(ParseError {
                message: format!(
                    "document is {} bytes, larger than the limit of {} bytes",
                    text.len(),
                    limits.max_bytes
                ),
                span: Span::EMPTY,
            });
        }
        let lower = name.to_ascii_lowercase();
        let first = text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .as_bytes()
            .first()
            .copied();
        let (syntax, parsed) = if lower.ends_with(".json") {
            (Syntax::Json, json::parse_json(&text, limits)?)
        } else if matches!(first, Some(b'{') | Some(b'[')) {
            match json::parse_json(&text, limits) {
                Ok(p) => (Syntax::Json, p),
                Err(json_err) => match yaml::parse_yaml(&text, limits) {
                    Ok(p) => (Syntax::Yaml, p),
                    // Text that looks like JSON and is neither: the JSON
                    // error is the one the author wants to see.
                    Err(_) => return Err(json_err),
                },
            }
        } else {
            (Syntax::Yaml, yaml::parse_yaml(&text, limits)?)
        };
        Ok(Document {
            name,
            text,
            syntax,
            tree: parsed.tree,
            diagnostics: parsed.diagnostics,
            line_index: OnceLock::new(),
        })
    }

    /// The line index, built on first use.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 0-based line and UTF-16 column range of a span.
    pub fn range(&self, span: Span) -> Range {
        self.line_index().range(&self.text, span)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.text, offset)
    }

    pub fn root(&self) -> NodeId {
        self.tree.root
    }
}

/// Renders a parse error as `name:line:col: message` (1-based, for people).
pub fn describe_parse_error(name: &str, text: &str, err: &ParseError) -> String {
    let idx = LineIndex::new(text);
    let p = idx.position(text, err.span.start as usize);
    format!(
        "{}:{}:{}: {}",
        name,
        p.line + 1,
        p.character + 1,
        err.message
    )
}
