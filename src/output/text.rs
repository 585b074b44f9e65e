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
//! # Code frames
//!
//! When the renderer has the text of a finding's file
//! ([`TextOptions::texts`]), the finding's line is followed by a frame, as a
//! compiler shows one: the line with two lines of context on each side,
//! 1-based line numbers, `>` at the finding's line and carets under its
//! range (to the end of the line when the range spans lines):
//!
//! ```text
//!   api/openapi.yaml:10:5  error  MUST  operation-operationId  Operations must have an operationId.  paths./pets.get
//!        8 | paths:
//!        9 |   /pets:
//!     > 10 |     get:
//!          |     ^^^^
//!       11 |       responses:
//!       12 |         '200':
//! ```
//!
//! - Only the first [`TextOptions::code_frames`] findings (100 by default,
//!   `--code-frames N` in the CLI) get one, so a report of thousands stays
//!   a listing; a note after the summary says how many were framed.
//! - A line longer than 120 characters is clipped to a window around the
//!   finding's column, with `…` where text was cut: a minified JSON spec is
//!   one line of megabytes. Context lines are cut at the same byte column.
//! - Control characters (tabs included) are shown as `�` or a space, so a
//!   document cannot send escape sequences to the terminal and carets stay
//!   under their characters.
//! - A finding in a file without text (a URL, a sample) has no frame.
//!
//! With `color`, severities are red/yellow/blue/white, file names are
//! underlined and the summary is bold in the colour of the worst severity,
//! as in Spectral, and `✓` is green; padding is computed on the uncoloured
//! text.

use std::sync::Arc;

use crate::document::{LineIndex, PathSeg, Range};
use crate::engine::{Finding, Severity};

/// Findings that get a code frame unless told otherwise.
pub const DEFAULT_CODE_FRAMES: usize = 100;

/// Lines of context before and after a finding's line.
const CONTEXT_LINES: usize = 2;

/// The most characters of one line a frame shows.
const FRAME_WIDTH: usize = 120;

/// Characters kept before the finding's column when a line is clipped.
const FRAME_LEAD: usize = 40;

/// Options of the text renderer.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions<'a> {
    /// Emit ANSI colours (the CLI sets this for terminals without `NO_COLOR`).
    pub color: bool,
    /// Named in the "No results" sentence.
    pub fail_severity: Severity,
    /// The text of each file by the name findings give as `source`; a
    /// finding in a file listed here gets a code frame.
    pub texts: &'a [(String, Arc<str>)],
    /// How many findings (the first ones) get a code frame.
    pub code_frames: usize,
}

impl Default for TextOptions<'_> {
    fn default() -> Self {
        TextOptions {
            color: false,
            fail_severity: Severity::Error,
            texts: &[],
            code_frames: DEFAULT_CODE_FRAMES,
        }
    }
}

/// Renders `findings`, ending with a newline.
pub fn render(findings: &[Finding], opts: &TextOptions<'_>) -> String {
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
    // Findings framed so far, across files.
    let mut framed = 0;
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
        let lines = table(&rows, |row, col, cell| match col {
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
        });
        let text = opts
            .texts
            .iter()
            .find(|(name, _)| name == source)
            .map(|(_, text)| &**text);
        // Built once per file, and only when a frame is drawn in it.
        let mut index: Option<LineIndex> = None;
        for (i, (line, f)) in lines.iter().zip(&group).enumerate() {
            out.push_str(line);
            let frame = match text {
                Some(text) if framed < opts.code_frames => {
                    framed += 1;
                    let index = index.get_or_insert_with(|| LineIndex::new(text));
                    code_frame(text, index, f.range, &paint, severity_color(f.severity))
                }
                _ => None,
            };
            if let Some(frame) = &frame {
                out.push('\n');
                out.push_str(frame);
            }
            if i + 1 < lines.len() {
                // A blank line sets a framed finding off from the next.
                out.push_str(if frame.is_some() { "\n\n" } else { "\n" });
            }
        }
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
    let frameable = findings
        .iter()
        .filter(|f| opts.texts.iter().any(|(name, _)| *name == f.source))
        .count();
    if opts.code_frames > 0 && frameable > framed {
        out.push_str(&paint.wrap(
            DIM,
            &format!(
                "Code frames for the first {framed} of {frameable} findings (--code-frames N shows more)"
            ),
        ));
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

/// The frame of a finding at `range` in `text`: numbered lines around
/// its line and carets under the range; `None` when the range is not in
/// the text (a finding from another version of the file).
fn code_frame(
    text: &str,
    index: &LineIndex,
    range: Range,
    paint: &Painter,
    color: &str,
) -> Option<String> {
    let line = range.start.line as usize;
    let bounds = |l: usize| -> Option<(usize, usize)> {
        let start = index.line_start(l)?;
        let next = index.line_start(l + 1).unwrap_or(text.len());
        let body = text[start..next].trim_end_matches(['\n', '\r']);
        Some((start, start + body.len()))
    };
    let (line_start, line_end) = bounds(line)?;
    let start = index.offset(text, range.start).clamp(line_start, line_end);
    let end = if range.end.line == range.start.line {
        index.offset(text, range.end).clamp(start, line_end)
    } else {
        line_end
    };
    // The shown slice of the line: all of it when it fits, else a window
    // that starts a little before the finding.
    let whole = text[line_start..line_end]
        .chars()
        .take(FRAME_WIDTH + 1)
        .count()
        <= FRAME_WIDTH;
    let from = if whole {
        line_start
    } else {
        back_chars(text, start, FRAME_LEAD).max(line_start)
    };
    // Where the window starts, as a byte distance into its line, which
    // context lines share.
    let shift = from - line_start;
    let last = (line + CONTEXT_LINES).min(index.line_count() - 1);
    let number_width = (last + 1).to_string().len();
    let mut out: Vec<String> = Vec::new();
    for l in line.saturating_sub(CONTEXT_LINES)..=last {
        let Some((s, e)) = bounds(l) else { break };
        if l != line && s == text.len() {
            // The empty "line" after a final line break.
            break;
        }
        let mut from = (s + shift).min(e);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let to = forward_chars(text, from, FRAME_WIDTH).min(e);
        let mut shown = String::new();
        if from > s {
            shown.push('\u{2026}');
        }
        shown.push_str(&printable(&text[from..to]));
        if to < e {
            shown.push('\u{2026}');
        }
        let mark = if l == line { ">" } else { " " };
        let gutter = format!("    {mark} {:>number_width$} |", l + 1);
        out.push(
            format!("{} {shown}", paint.wrap(DIM, &gutter))
                .trim_end()
                .to_string(),
        );
        if l == line {
            let to = to.max(from);
            let lead = text[from..start.clamp(from, to)].chars().count() + usize::from(from > s);
            let width = text[start.clamp(from, to)..end.clamp(from, to)]
                .chars()
                .count()
                .max(1);
            let gutter = format!("      {:number_width$} |", "");
            out.push(format!(
                "{} {}{}",
                paint.wrap(DIM, &gutter),
                " ".repeat(lead),
                paint.wrap(color, &"^".repeat(width))
            ));
        }
    }
    Some(out.join("\n"))
}

/// The offset `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The offset `n` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// `s` with every character one column wide and inert: a tab becomes a
/// space, other control characters (escape sequences from the document
/// would reach the terminal) become `�`.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Lays out rows like the `text-table` package with Spectral's alignment
/// (centre, right, then left): columns two spaces apart, trailing spaces
/// removed, one string per row. `style` decorates a cell's text after its width is known.
fn table<const N: usize>(
    rows: &[[String; N]],
    style: impl Fn(usize, usize, &str) -> String,
) -> Vec<String> {
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
    lines
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
        let t = table(&rows, |_, _, c| c.to_string()).join("\n");
        assert_eq!(
            t,
            "  f:1:1    warning  a   m\n  f:10:12    error  bb  message  p"
        );
    }
}
