//! `-f text`: a listing for people, laid out like Spectral's `stylish`.
//!
//! ```text
//!
//! api/openapi.yaml
//!   api/openapi.yaml:5:6   warning  SHOULD  info-contact           The info object must have a contact.  info
//!   api/openapi.yaml:11:9    error  MUST    operation-operationId  Operations must have an operationId.  paths./pets.get
//!
//! ✖ 2 problems (1 error, 1 warning, 0 infos, 0 hints)
//!
//! Rules:
//!   operation-operationId  https://example.com/rules#operation-operationId
//! ```
//!
//! Findings are grouped by file in the order the files first appear; each
//! group is a table of `file:line:column` (1-based; column in UTF-16 units, as in
//! the JSON output, plus one), severity (`error`, `warning`, `information`,
//! `hint`), its guideline level word (see [`super::level_word`]), code,
//! message and the dotted path (`paths./pets.get`, indices
//! and numeric keys in brackets: `responses[200]`, `tags[0]`). Columns are
//! aligned (severity right-aligned, the rest left-aligned, two spaces apart, no trailing spaces). File names
//! are printed as the user named them, not made absolute, to keep lines
//! short. With no findings the whole report is Spectral's sentence, e.g.
//! `No results with a severity of 'error' found!`.
//!
//! After the summary, `Rules:` lists each reported rule that has a
//! documentation link once, with the link, so the guideline behind a
//! finding is one click away without repeating long URLs on every line.
//!
//! An acknowledged finding (see [`crate::engine::ack`]) has `✓` before its
//! severity (`✓ warning`), and the summary is followed by a line counting
//! them and naming the acknowledgement files:
//!
//! ```text
//!   api/openapi.yaml:5:6   ✓ warning  info-contact  The info object must have a contact.  info
//!
//! ✖ 2 problems (1 error, 1 warning, 0 infos, 0 hints)
//! ✓ 1 acknowledged in .apilint-ack.yaml
//! ```
//!
//! With `color`, severities are red/yellow/blue/white, file names are
//! underlined and the summary is bold in the colour of the worst severity,
//! as in Spectral, and `✓` is green; padding is computed on the uncoloured
//! text.

use crate::document::PathSeg;
use crate::engine::{Finding, Severity};

/// Options of the text renderer.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    /// Emit ANSI colours (the CLI sets this for terminals without `NO_COLOR`).
    pub color: bool,
    /// Named in the "No results" sentence.
    pub fail_severity: Severity,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            fail_severity: Severity::Error,
        }
    }
}

/// Renders `findings`, ending with a newline.
pub fn render(findings: &[Finding], opts: &TextOptions) -> String {
    if findings.is_empty() {
        let or_higher = if opts.fail_severity == Severity::Error {
            ""
        } else {
            "or higher "
        };
        return format!(
            "No results with a severity of '{}' {or_higher}found!\n",
            opts.fail_severity.name()
        );
    }
    let paint = Painter { on: opts.color };
    let mut out = String::from("\n");
    for (source, group) in group_by_source(findings) {
        out.push_str(&paint.wrap(UNDERLINE, source));
        out.push('\n');
        let rows: Vec<[String; 6]> = group
            .iter()
            .map(|f| {
                [
                    // `file:line:col`, so terminals and editors can jump
                    // to the place.
                    format!(
                        "  {}:{}:{}",
                        source,
                        f.range.start.line + 1,
                        f.range.start.character + 1
                    ),
                    match f.acknowledged {
                        Some(_) => format!("{ACK_MARK} {}", severity_label(f.severity)),
                        None => severity_label(f.severity).to_string(),
                    },
                    super::level_word(f.severity).to_string(),
                    f.code.clone(),
                    f.message.clone(),
                    dot_path(&f.path),
                ]
            })
            .collect();
        out.push_str(&table(&rows, |row, col, cell| match col {
            0 => paint.wrap(DIM, cell),
            1 => {
                let f = group[row];
                let label = paint.wrap(severity_color(f.severity), severity_label(f.severity));
                match f.acknowledged {
                    Some(_) => format!("{} {label}", paint.wrap(GREEN, ACK_MARK)),
                    None => label,
                }
            }
            _ => cell.to_string(),
        }));
        out.push_str("\n\n");
    }
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .min()
        .unwrap_or(Severity::Hint);
    let summary = format!("\u{2716} {}", summary(findings));
    out.push_str(&paint.wrap(BOLD, &paint.wrap(severity_color(worst), &summary)));
    out.push('\n');
    if let Some(line) = acknowledged_summary(findings) {
        out.push_str(&paint.wrap(GREEN, &line));
        out.push('\n');
    }
    out.push_str(&rule_links(findings, &paint));
    out
}

/// `\nRules:\n  code  url\n…` for the reported rules with a documentation
/// link, in order of first appearance; empty when none has one.
fn rule_links(findings: &[Finding], paint: &Painter) -> String {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for f in findings {
        if let Some(url) = f.documentation_url.as_deref()
            && !seen.iter().any(|(code, _)| *code == f.code)
        {
            seen.push((&f.code, url));
        }
    }
    if seen.is_empty() {
        return String::new();
    }
    let width = seen
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("\nRules:\n");
    for (code, url) in seen {
        let pad = " ".repeat(width - code.chars().count());
        out.push_str(&format!("  {code}{pad}  {}\n", paint.wrap(DIM, url)));
    }
    out
}

/// Marks acknowledged findings, before their severity.
const ACK_MARK: &str = "\u{2713}";

/// `✓ 2 acknowledged in .apilint-ack.yaml`, or `None` when no finding is
/// acknowledged.
fn acknowledged_summary(findings: &[Finding]) -> Option<String> {
    let mut files: Vec<&str> = Vec::new();
    let mut count = 0;
    for ack in findings.iter().filter_map(|f| f.acknowledged.as_deref()) {
        count += 1;
        if !files.contains(&ack.file.as_str()) {
            files.push(&ack.file);
        }
    }
    (count > 0).then(|| format!("{ACK_MARK} {count} acknowledged in {}", files.join(", ")))
}

/// `N problems (E errors, W warnings, I infos, H hints)`, Spectral's words.
fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} ({}, {}, {}, {})",
        plural(findings.len(), "problem"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warn), "warning"),
        plural(count(Severity::Info), "info"),
        plural(count(Severity::Hint), "hint"),
    )
}

/// Spectral's severity names in this format (not the rule set spelling).
fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info => "information",
        Severity::Hint => "hint",
    }
}

fn group_by_source(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(s, _)| *s == f.source) {
            Some((_, g)) => g.push(f),
            None => groups.push((&f.source, vec![f])),
        }
    }
    groups
}

/// Lays out rows like the `text-table` package with Spectral's alignment
/// (centre, right, then left): columns two spaces apart, trailing spaces
/// removed. `style` decorates a cell's text after its width is known.
fn table<const N: usize>(
    rows: &[[String; N]],
    style: impl Fn(usize, usize, &str) -> String,
) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut lines = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c] - cell.chars().count();
            let (left, right) = match c {
                1 => (pad, 0),
                _ => (0, pad),
            };
            line.push_str(&" ".repeat(left));
            line.push_str(&style(r, c, cell));
            line.push_str(&" ".repeat(right));
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// A path as Spectral's `printPath(path, PrintStyle.Dot)` prints it:
/// `paths./pets.get.responses[200]`, with indices, numeric keys and empty
/// keys in brackets and keys containing whitespace quoted.
pub fn dot_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        match seg {
            PathSeg::Index(n) => out.push_str(&format!("[{n}]")),
            PathSeg::Key(k) if k.is_empty() => out.push_str("['']"),
            PathSeg::Key(k) if k.chars().any(char::is_whitespace) => {
                out.push_str(&format!("['{k}']"))
            }
            PathSeg::Key(k) if is_js_numeric(k) => out.push_str(&format!("[{k}]")),
            PathSeg::Key(k) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

/// Whether JavaScript's `Number(s)` is not `NaN` for a non-empty string
/// without whitespace: decimal literals (`200`, `1.5`, `.5`, `1e3`, signed),
/// `Infinity`, and unsigned `0x`/`0o`/`0b` integers.
fn is_js_numeric(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']);
    let body = unsigned.unwrap_or(s);
    if body == "Infinity" {
        return true;
    }
    if unsigned.is_none() && body.len() > 2 {
        let (prefix, digits) = body.split_at(2);
        let radix = match prefix {
            "0x" | "0X" => Some(16),
            "0o" | "0O" => Some(8),
            "0b" | "0B" => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            return digits.chars().all(|c| c.is_digit(radix));
        }
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits_ok(int) && digits_ok(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits_ok(e)
        }
    };
    mantissa_ok && exponent_ok
}

const UNDERLINE: &str = "4";
const BOLD: &str = "1";
const DIM: &str = "2";
const GREEN: &str = "32";

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "31",
        Severity::Warn => "33",
        Severity::Info => "34",
        Severity::Hint => "37",
    }
}

/// ANSI SGR wrapping, or nothing when colour is off.
struct Painter {
    on: bool,
}

impl Painter {
    fn wrap(&self, code: &str, text: &str) -> String {
        if !self.on || text.is_empty() {
            return text.to_string();
        }
        // Reset with the attribute's own "off" code (as chalk does), so
        // nested styles survive: 22 ends bold/dim, 24 underline, 39 colour.
        let off = match code {
            "1" | "2" => "22",
            "4" => "24",
            _ => "39",
        };
        format!("\x1b[{code}m{text}\x1b[{off}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_string())
    }

    #[test]
    fn dot_paths_match_spectral() {
        assert_eq!(
            dot_path(&[
                key("paths"),
                key("/pets"),
                key("get"),
                key("responses"),
                key("200")
            ]),
            "paths./pets.get.responses[200]"
        );
        assert_eq!(
            dot_path(&[key("tags"), PathSeg::Index(0), key("name")]),
            "tags[0].name"
        );
        assert_eq!(dot_path(&[key("a b"), key(""), key("c")]), "['a b'][''].c");
        assert_eq!(dot_path(&[]), "");
    }

    #[test]
    fn numeric_keys_follow_javascript_number() {
        for yes in [
            "200",
            "1.5",
            ".5",
            "5.",
            "1e3",
            "-1",
            "+2E-3",
            "0x1F",
            "Infinity",
            "-Infinity",
        ] {
            assert!(is_js_numeric(yes), "{yes}");
        }
        for no in [
            "2XX", "default", ".", "1e", "e3", "-0x1", "0x", "infinity", "NaN", "1.2.3",
        ] {
            assert!(!is_js_numeric(no), "{no}");
        }
    }

    #[test]
    fn no_findings_says_so_like_spectral() {
        assert_eq!(
            render(&[], &TextOptions::default()),
            "No results with a severity of 'error' found!\n"
        );
        let warn = TextOptions {
            fail_severity: Severity::Warn,
            ..TextOptions::default()
        };
        assert_eq!(
            render(&[], &warn),
            "No results with a severity of 'warn' or higher found!\n"
        );
    }

    #[test]
    fn table_right_aligns_severity_left_aligns_the_rest_and_trims() {
        let rows = [
            ["  f:1:1", "warning", "a", "m", ""].map(String::from),
            ["  f:10:12", "error", "bb", "message", "p"].map(String::from),
        ];
        let t = table(&rows, |_, _, c| c.to_string());
        assert_eq!(
            t,
            "  f:1:1    warning  a   m\n  f:10:12    error  bb  message  p"
        );
    }
}
