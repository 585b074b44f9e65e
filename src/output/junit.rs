//! `-f junit`: JUnit XML, the test-report format Jenkins, GitLab and Azure
//! Pipelines all read, so lint findings show up as failed tests.
//!
//! This file only renders; choosing the files to lint and writing the report
//! are the CLI's business.
//!
//! # The contract
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="apilint" tests="2" failures="1" errors="0">
//!   <testsuite name="api/openapi.yaml" tests="1" failures="1" errors="0">
//!     <testcase classname="api/openapi.yaml" name="operation-tags #/paths/~1pets/get">
//!       <failure message="Operation must have non-empty &quot;tags&quot; array." type="warn">api/openapi.yaml:12:11 operation-tags Operation must have non-empty "tags" array.</failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="api/clean.yaml" tests="1" failures="0" errors="0">
//!     <testcase classname="api/clean.yaml" name="no problems"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! - One `testsuite` per file: first the files in
//!   [`JunitOptions::sources`], in that order, then any other file that has
//!   findings, in order of first appearance. `source` names are printed as
//!   the user gave them: CI pages show them next to the repository.
//! - One `testcase` per finding, in report order, and every finding is a
//!   `failure`, whatever its severity (as Spectral's JUnit formatter does):
//!   the CLI's `--fail-severity` decides whether the job fails, and a CI
//!   page that hid warnings would hide what the report is for. The severity
//!   name (`error`, `warn`, `info`, `hint`) is the failure's `type`.
//! - An acknowledged finding (see [`crate::engine::ack`]) is `skipped`
//!   instead: `<skipped message="acknowledged by <author>: <reason>">`
//!   with the same text as a failure, and is counted in `skipped="N"` on
//!   its suite and on `testsuites` (written only when N is not 0) rather
//!   than in `failures`. CI pages show it as neither passed nor failed,
//!   which is what an accepted finding is.
//! - The testcase `name` is the code and the node's JSON pointer as a `$ref`
//!   fragment (`#/paths/~1pets/get`); for the document root, whose pointer
//!   says nothing, the code and the 1-based `line:column`. `classname` is
//!   the file, which groups the cases by file in Jenkins and GitLab.
//! - The failure text is `file:line:column code message`, 1-based, the
//!   line a developer can paste into an editor.
//! - A file without findings gets one passing testcase named `no problems`,
//!   so CI shows that it was linted (and Jenkins does not reject a report
//!   with no tests). With no findings and no `sources`, the report is an
//!   empty `<testsuites .../>`.
//! - `errors` is always 0: problems that stop a file from being linted
//!   (parse errors) arrive as findings too (`parser`), so they are failures.
//!
//! Escaping: `&`, `<`, `>`, `"` and `'` become entities everywhere. In
//! attributes, tab, newline and carriage return become character references,
//! because an XML parser would otherwise normalize them to spaces; in text,
//! carriage return does, for the same reason. Characters XML 1.0 forbids
//! (C0 controls other than tab, newline and carriage return; U+FFFE and
//! U+FFFF) cannot be written at all, not even as references, so they are
//! replaced with U+FFFD: the message stays well-formed and shows that
//! something was there.
//!
//! Layout: two-space indentation, no trailing newline (the CLI adds one).

use std::fmt::Write as _;

use crate::document::tree::to_pointer;
use crate::engine::Finding;

/// Options of the JUnit renderer.
#[derive(Clone, Debug, Default)]
pub struct JunitOptions<'a> {
    /// Every file that was linted, as named to the user; files without
    /// findings get a passing testcase. Files with findings need not be
    /// listed.
    pub sources: &'a [String],
}

/// Renders `findings` as a JUnit XML report (no trailing newline).
pub fn render(findings: &[Finding], opts: &JunitOptions<'_>) -> String {
    // Files in suite order, each with its findings in report order.
    // A linear search per finding: reports name a handful of files.
    let mut suites: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for source in opts.sources {
        // A file listed twice must not get two suites.
        if !suites.iter().any(|(s, _)| s == source) {
            suites.push((source, Vec::new()));
        }
    }
    for f in findings {
        match suites.iter_mut().find(|(s, _)| *s == f.source) {
            Some((_, list)) => list.push(f),
            None => suites.push((&f.source, vec![f])),
        }
    }

    let total_tests: usize = suites.iter().map(|(_, l)| l.len().max(1)).sum();
    let skipped = findings.iter().filter(|f| f.acknowledged.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        out,
        "<testsuites name=\"apilint\" tests=\"{total_tests}\" failures=\"{}\" errors=\"0\"{}",
        findings.len() - skipped,
        skipped_attr(skipped)
    );
    if suites.is_empty() {
        out.push_str("/>");
        return out;
    }
    out.push_str(">\n");
    for (source, list) in &suites {
        let source = attr(source);
        let skipped = list.iter().filter(|f| f.acknowledged.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{source}\" tests=\"{}\" failures=\"{}\" errors=\"0\"{}>",
            list.len().max(1),
            list.len() - skipped,
            skipped_attr(skipped)
        );
        if list.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{source}\" name=\"no problems\"/>"
            );
        }
        for f in list {
            let line = f.range.start.line + 1;
            let column = f.range.start.character + 1;
            let name = if f.path.is_empty() {
                format!("{} {line}:{column}", f.code)
            } else {
                format!("{} #{}", f.code, to_pointer(&f.path))
            };
            let _ = writeln!(
                out,
                "    <testcase classname=\"{source}\" name=\"{}\">",
                attr(&name)
            );
            let detail = text(&format!(
                "{}:{line}:{column} {} {}",
                f.source, f.code, f.message
            ));
            match &f.acknowledged {
                Some(ack) => {
                    let _ = writeln!(
                        out,
                        "      <skipped message=\"{}\">{detail}</skipped>",
                        attr(&format!("acknowledged by {}: {}", ack.author, ack.reason)),
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\" type=\"{}\">{detail}</failure>",
                        attr(&f.message),
                        f.severity.name(),
                    );
                }
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>");
    out
}

/// ` skipped="N"`, written only when something was skipped, so reports
/// without acknowledgements keep their shape.
fn skipped_attr(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(" skipped=\"{skipped}\"")
    }
}

/// Escapes an attribute value (to be written between double quotes).
fn attr(s: &str) -> String {
    escape(s, true)
}

/// Escapes element text.
fn text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_whitespace_that_parsers_would_normalize() {
        assert_eq!(
            attr("a&b<c>d\"e'f\tg\nh\ri"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i"
        );
        assert_eq!(text("x]]>\ty\nz\r"), "x]]&gt;\ty\nz&#13;");
    }

    #[test]
    fn replaces_characters_xml_forbids() {
        assert_eq!(
            text("a\u{0}b\u{1}c\u{1b}d\u{ffff}é😀"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}é😀"
        );
    }
}
