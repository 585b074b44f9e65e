//! `-f github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request's diff and the run's summary.
//!
//! This file only renders; printing to stdout (where the runner reads
//! workflow commands) is the CLI's business.
//!
//! # The contract
//!
//! One line per finding, in report order, each ending with `\n`; no
//! findings is the empty string:
//!
//! ```text
//! ::error file=api/openapi.yaml,line=10,endLine=20,title=operation-operationId::Operation must have "operationId".
//! ::warning file=api/openapi.yaml,line=3,endLine=6,title=info-contact::Info object must have "contact" object.
//! ::notice file=api/openapi.yaml,line=15,endLine=15,col=9,endColumn=14,title=response-description::Response "200" should describe itself.
//! ```
//!
//! - The command is the severity: error → `error`, warn → `warning`, info
//!   and hint → `notice`. GitHub has no fourth annotation level, and a hint
//!   is closer to a notice than to nothing.
//! - `title` is the rule code, so the annotation's heading names the rule.
//! - An acknowledged finding (see [`crate::engine::ack`]) is a `notice`
//!   whatever its severity, titled `code (acknowledged)`, its message
//!   followed by ` (acknowledged by <author>: <reason>)`: it stays visible
//!   on the diff without looking like something still to fix.
//! - `line` and `endLine` are 1-based. A range that ends at column 0 of a
//!   later line does not cover that line, so `endLine` is the line before.
//! - `col` and `endColumn` are 1-based UTF-16 columns (the JSON output's
//!   `character` plus one), `endColumn` being one past the last character
//!   as in SARIF. They are written only when the range starts and ends on
//!   the same line: the runner rejects columns on multi-line annotations.
//! - `file` is the source as the user named it. Relative paths are what
//!   GitHub resolves against the repository, so they are not made
//!   absolute. A source that is not a file (a URL, `<stdin>`) cannot be
//!   annotated in the diff: its line carries no `file` or positions, and
//!   the message ends with ` (source:line:col)` so the place is not lost.
//! - Escaping, as GitHub's runner decodes it: in the message `%` → `%25`,
//!   `\r` → `%0D`, `\n` → `%0A`; in property values additionally
//!   `:` → `%3A` and `,` → `%2C`. Nothing else is escaped, so the runner
//!   shows messages and paths exactly as they are.

use std::fmt::Write;

use crate::engine::{Finding, Severity};

/// Options of the GitHub renderer. There are none yet; the struct keeps the
/// same `render(findings, &options)` shape as every other renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct GithubOptions {}

/// Renders `findings` as workflow commands, one line each, each ending
/// with a newline.
pub fn render(findings: &[Finding], _opts: &GithubOptions) -> String {
    let mut out = String::new();
    for f in findings {
        let start = f.range.start;
        let end = f.range.end;
        let mut props = Vec::with_capacity(6);
        let mut message = f.message.clone();
        if is_file(&f.source) {
            let last_line = if end.line > start.line && end.character == 0 {
                end.line - 1
            } else {
                end.line.max(start.line)
            };
            props.push(("file", f.source.clone()));
            props.push(("line", (start.line + 1).to_string()));
            props.push(("endLine", (last_line + 1).to_string()));
            if start.line == end.line {
                props.push(("col", (start.character + 1).to_string()));
                props.push((
                    "endColumn",
                    (end.character.max(start.character) + 1).to_string(),
                ));
            }
        } else {
            let _ = write!(
                message,
                " ({}:{}:{})",
                f.source,
                start.line + 1,
                start.character + 1
            );
        }
        let command = match &f.acknowledged {
            Some(ack) => {
                let _ = write!(message, " (acknowledged by {}: {})", ack.author, ack.reason);
                props.push(("title", format!("{} (acknowledged)", f.code)));
                "notice"
            }
            None => {
                props.push(("title", f.code.clone()));
                command(f.severity)
            }
        };
        out.push_str("::");
        out.push_str(command);
        out.push(' ');
        for (i, (name, value)) in props.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(&escape_property(value));
        }
        out.push_str("::");
        out.push_str(&escape_data(&message));
        out.push('\n');
    }
    out
}

/// The workflow command for a severity.
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Whether `source` names a file in the checkout, which GitHub can point
/// at, rather than a URL or a pseudo name such as `<stdin>`.
fn is_file(source: &str) -> bool {
    !(source.is_empty() || source.starts_with('<') || source.contains("://"))
}

/// A message as the runner expects it: `%` first, so the escapes added
/// for line breaks are not escaped again.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: like a message, plus the two characters that separate
/// properties (`,`) and end the property list (`:`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
