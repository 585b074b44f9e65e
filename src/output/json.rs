//! `-f json`: Spectral's JSON output, plus two members of apilint's.
//!
//! # The contract
//!
//! The output is a JSON array with one object per finding, in report
//! order, with exactly these members in this order (the layout is condensed
//! here; see below for the real one):
//!
//! ```json
//! [
//!     {
//!         "code": "operation-tags",
//!         "path": ["paths", "/pets", "get", "parameters", "0"],
//!         "message": "Operation must have non-empty \"tags\" array.",
//!         "severity": 1,
//!         "range": {
//!             "start": { "line": 11, "character": 10 },
//!             "end": { "line": 11, "character": 13 }
//!         },
//!         "source": "/home/me/api/openapi.yaml",
//!         "level": "SHOULD",
//!         "documentationUrl": "https://example.com/rules#operation-tags"
//!     }
//! ]
//! ```
//!
//! - `code`: the rule name, or `parser` / `invalid-ref` /
//!   `unrecognized-format`.
//! - `path`: keys from the root of `source` to the offending node, all
//!   strings: array indices too (`"0"`), as Spectral prints them (its paths
//!   come from JSONPath results, whose segments are strings).
//! - `severity`: 0 error, 1 warn, 2 info, 3 hint.
//! - `range`: 0-based lines; characters are 0-based UTF-16 code units, as
//!   in JavaScript, LSP and Spectral.
//! - `source`: the file the finding is in. Spectral prints absolute paths,
//!   so relative names are made absolute against [`JsonOptions::base_dir`]
//!   (the current directory in the CLI), lexically, without following
//!   symlinks (as Node's `path.resolve` does). URLs and pseudo names such as
//!   `<stdin>` are printed as they are.
//!
//! - `level`, `documentationUrl` (apilint's, after Spectral's members, so
//!   a reader of Spectral's shape is not disturbed): the guideline level
//!   word of the severity (`MUST`, `SHOULD`, `MAY`, `HINT`), and the rule's
//!   documentation link when the rule set gives one (every
//!   `apilint:zalando` rule links to its guideline anchor). A finding
//!   without a link has no `documentationUrl` member.
//!
//! Acknowledgements (see [`crate::engine::ack`]) are deliberately not in
//! this format: it is Spectral's, read by tools that know Spectral's
//! members only, and an acknowledged finding is printed exactly as any
//! other. Tools that need to tell acknowledged findings apart read
//! `-f sarif`, where they are results with `suppressions`, SARIF's own way
//! of saying so.
//!
//! Layout: Spectral calls `JSON.stringify(results, null, "\t")`, so the
//! text is indented with one tab per level, with `": "` after keys and
//! `[]` for an empty path; this renderer lays out the same way. It
//! returns no trailing newline (neither does Spectral's formatter); the CLI
//! adds one when writing. Unlike Spectral, an empty report is just `[]`:
//! Spectral appends its "No results" sentence after the array, which makes
//! the output invalid JSON.

use crate::document::workspace::normalize;
use std::path::Path;

use serde::Serialize;

use crate::document::PathSeg;
use crate::engine::Finding;

/// Options of the JSON renderer.
#[derive(Clone, Debug, Default)]
pub struct JsonOptions<'a> {
    /// Directory relative `source` names are resolved against; `None`
    /// prints them as they are.
    pub base_dir: Option<&'a Path>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    path: Vec<std::borrow::Cow<'a, str>>,
    message: &'a str,
    severity: u8,
    range: JsonRange,
    source: String,
    level: &'static str,
    #[serde(rename = "documentationUrl", skip_serializing_if = "Option::is_none")]
    documentation_url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: u32,
    character: u32,
}

/// Renders `findings` as Spectral's JSON array (no trailing newline).
pub fn render(findings: &[Finding], opts: &JsonOptions<'_>) -> String {
    let items: Vec<JsonFinding<'_>> = findings
        .iter()
        .map(|f| JsonFinding {
            code: &f.code,
            path: f
                .path
                .iter()
                .map(|s| match s {
                    PathSeg::Key(k) => std::borrow::Cow::Borrowed(k.as_str()),
                    PathSeg::Index(i) => std::borrow::Cow::Owned(i.to_string()),
                })
                .collect(),
            message: &f.message,
            severity: f.severity.as_number(),
            range: JsonRange {
                start: JsonPosition {
                    line: f.range.start.line,
                    character: f.range.start.character,
                },
                end: JsonPosition {
                    line: f.range.end.line,
                    character: f.range.end.character,
                },
            },
            source: absolute_source(&f.source, opts.base_dir),
            level: super::level_word(f.severity),
            documentation_url: f.documentation_url.as_deref(),
        })
        .collect();
    let mut buf = Vec::with_capacity(256 * items.len() + 2);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(b"\t"),
    );
    items
        .serialize(&mut ser)
        .expect("serializing plain structs to memory cannot fail");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// `source` as Spectral prints it: absolute for file paths.
fn absolute_source(source: &str, base: Option<&Path>) -> String {
    let is_pseudo = source.starts_with('<') || source.contains("://");
    match base {
        Some(base) if !is_pseudo && Path::new(source).is_relative() => {
            normalize(&base.join(source)).display().to_string()
        }
        _ => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_become_absolute_except_urls_and_pseudo_names() {
        let base = Some(Path::new("/work/api"));
        assert_eq!(absolute_source("spec.yaml", base), "/work/api/spec.yaml");
        assert_eq!(
            absolute_source("../shared/s.yaml", base),
            "/work/shared/s.yaml"
        );
        assert_eq!(absolute_source("./a/./b.yaml", base), "/work/api/a/b.yaml");
        assert_eq!(absolute_source("/abs/s.yaml", base), "/abs/s.yaml");
        assert_eq!(absolute_source("<stdin>", base), "<stdin>");
        assert_eq!(
            absolute_source("https://x.io/s.yaml", base),
            "https://x.io/s.yaml"
        );
        assert_eq!(absolute_source("spec.yaml", None), "spec.yaml");
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        assert_eq!(render(&[], &JsonOptions::default()), "[]");
    }
}
