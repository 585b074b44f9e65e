//! `-f markdown`: a pull-request comment, in GitHub-flavoured markdown
//! (which GitLab and Azure DevOps render the same way), that says whether
//! the change is blocked and lists every finding by guideline level.
//!
//! This file only renders; posting the comment is the CI's business.
//!
//! # The contract
//!
//! ```markdown
//! ### apilint
//!
//! ❌ 1 MUST finding blocks this change
//!
//! | Level | Findings |
//! | :-- | --: |
//! | MUST | 1 |
//! | SHOULD | 1 |
//! | MAY | 0 |
//! | HINT | 0 |
//!
//! Full review: https://apilint.example.com/reviews/42
//!
//! #### MUST (1)
//!
//! - **MUST** [`operation-operationId`](https://rules.example.com/operation-operationId) — Operation must have "operationId". — `api/openapi.yaml:10:5` (`paths./pets.get`)
//!
//! #### SHOULD (1)
//!
//! - [ ] **SHOULD** `info-contact` — Info object must have "contact" object. — `api/openapi.yaml:3:6` (`info`)
//! ```
//!
//! - Levels are the Zalando guideline words, see [`super::level_word`]. The
//!   result line counts MUST findings, the ones that block a change:
//!   `✅ No MUST findings` when there are none.
//! - The table always has the four rows, in that order, zeros included.
//! - `Full review: <url>` follows the table when there is one
//!   [`MarkdownOptions::reviews`] entry. A run of several documents
//!   (`apilint lint --server … a.yaml b.yaml`) has one review each; they
//!   are listed instead, each after its document's name:
//!
//!   ```markdown
//!   Full reviews:
//!
//!   - `a.yaml`: https://apilint.example.com/api/v1/reviews/1
//!   - `b.yaml`: https://apilint.example.com/api/v1/reviews/2
//!   ```
//! - Sections follow, MUST, SHOULD, MAY, HINT, each only when it has
//!   findings, each in report order. MUST findings are a plain list: they
//!   have to be fixed, not acknowledged. The others are a task list:
//!   unchecked (`- [ ]`) while open, checked (`- [x]`) when an entry of the
//!   acknowledgement file accepts them, with a second line
//!   `Acknowledged by <author>: <reason> (until <expires>)`.
//!
//! Acknowledgements (see [`crate::engine::ack`]) add to this:
//!
//! ```markdown
//! ❌ 1 MUST finding blocks this change
//! ❌ 1 SHOULD/MAY finding is not acknowledged
//!
//! | Level | Findings | Acknowledged |
//! | :-- | --: | --: |
//! | MUST | 1 | — |
//! | SHOULD | 2 | 1 |
//! | MAY | 0 | 0 |
//! | HINT | 0 | 0 |
//!
//! #### SHOULD (2)
//!
//! - [x] **SHOULD** `info-contact` — Info object must have "contact" object. — `api/openapi.yaml:3:6` (`info`)
//!   Acknowledged by jane.doe: The contact is on the developer portal. (until 2026-12-31)
//! - [ ] **SHOULD** `operation-description` — ...
//!
//! #### Acknowledgements to review (1)
//!
//! - `.apilint-ack.yaml:9:5` — `info-license` at `/info`: matches no finding (stale); remove it
//! ```
//!
//! - The second result line is there only with
//!   [`MarkdownOptions::require_ack`] (`--require-ack`): it counts the
//!   SHOULD and MAY findings still open (`✅ Every SHOULD/MAY finding is
//!   acknowledged` when none is).
//! - The `Acknowledged` column appears when a finding is acknowledged,
//!   acknowledgements are required, or there are notices; MUST is `—`.
//! - `Acknowledgements to review` lists [`MarkdownOptions::notices`]:
//!   stale entries (they match nothing) and expired ones (they no longer
//!   acknowledge), after the findings, even when there are no findings.
//! - An item is the level, the rule code (a link to
//!   `documentation_url`, else to `{rule_base_url}/{code}`, else plain), the
//!   message, `file:line:col` (1-based; column in UTF-16 units plus one, as
//!   in the text output) and the dotted path when it is not empty. Only
//!   `http` and `https` addresses become links.
//! - A section with more than 50 findings shows the first 50 and folds the
//!   rest into `<details><summary>N more</summary>`, so a large report does
//!   not bury the conversation. Items stop when the comment would exceed
//!   60,000 bytes (GitHub refuses comments over 65,536 characters): each
//!   section then ends with `N more <LEVEL> findings are not listed`, and
//!   points to the full review or report. Headings and counts stay exact.
//! - Messages come from rule sets and quote the document, so they are text,
//!   never markdown: `<`, `>` and `&` become entities (no HTML gets in),
//!   the punctuation markdown reacts to (`\` `` ` `` `*` `_` `[` `]` `|` `~`
//!   `$`) is backslash-escaped, line breaks become spaces (a break could end
//!   the list item), other control characters become `�`, and `@` is
//!   followed by a word joiner so a message cannot mention (and notify)
//!   people. Codes, files and paths go in code spans with a fence longer
//!   than any backtick run inside them.
//! - No findings at all is the heading and `✅ No findings.` (plus the
//!   review line when set). The text always ends with a newline.

use std::fmt::Write;

use super::level_word;
use super::text::dot_path;
use crate::engine::ack::{self, AckNotice};
use crate::engine::{Finding, Severity};

/// Options of the markdown renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkdownOptions<'a> {
    /// The full review of each document (the service's permalink for its
    /// lint), linked below the summary. The caller's own setting, so
    /// printed as given.
    pub reviews: &'a [ReviewLink],
    /// Where rules without a `documentation_url` are documented: their code
    /// links to `{rule_base_url}/{code}`. A trailing `/` is ignored.
    pub rule_base_url: Option<&'a str>,
    /// Stale and expired acknowledgements, listed in their own section.
    pub notices: &'a [AckNotice],
    /// The run requires every SHOULD/MAY finding to be acknowledged
    /// (`--require-ack`): the result says how many are not.
    pub require_ack: bool,
}

/// One document's review on the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewLink {
    /// The document, as named to the user.
    pub document: String,
    /// The review's permalink.
    pub url: String,
}

/// Findings per section before the rest is folded away.
const SECTION_LIMIT: usize = 50;

/// The most bytes of finding items a comment carries. GitHub refuses
/// comments over 65,536 characters (Azure DevOps and GitLab allow about as
/// much); this leaves room for the summary, the notices and what a
/// pipeline adds around the report.
const COMMENT_LIMIT: usize = 60_000;

const LEVELS: [Severity; 4] = [
    Severity::Error,
    Severity::Warn,
    Severity::Info,
    Severity::Hint,
];

/// Renders `findings` as a pull-request comment, ending with a newline.
pub fn render(findings: &[Finding], opts: &MarkdownOptions<'_>) -> String {
    let mut out = String::from("### apilint\n\n");
    let review = match opts.reviews {
        [] => String::new(),
        [one] => format!("\nFull review: {}\n", one.url),
        many => {
            let mut s = String::from("\nFull reviews:\n\n");
            for r in many {
                let _ = writeln!(s, "- {}: {}", code_span(&r.document), r.url);
            }
            s
        }
    };
    if findings.is_empty() {
        out.push_str("✅ No findings.\n");
        out.push_str(&review);
        notices(&mut out, opts.notices);
        return out;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let acknowledged = |s: Severity| {
        findings
            .iter()
            .filter(|f| f.severity == s && f.acknowledged.is_some())
            .count()
    };
    match count(Severity::Error) {
        0 => out.push_str("✅ No MUST findings\n"),
        1 => out.push_str("❌ 1 MUST finding blocks this change\n"),
        n => {
            let _ = writeln!(out, "❌ {n} MUST findings block this change");
        }
    }
    if opts.require_ack {
        let open = findings
            .iter()
            .filter(|f| ack::awaits_acknowledgement(f))
            .count();
        match open {
            0 => out.push_str("✅ Every SHOULD/MAY finding is acknowledged\n"),
            1 => out.push_str("❌ 1 SHOULD/MAY finding is not acknowledged\n"),
            n => {
                let _ = writeln!(out, "❌ {n} SHOULD/MAY findings are not acknowledged");
            }
        }
    }
    let ack_column = opts.require_ack
        || !opts.notices.is_empty()
        || findings.iter().any(|f| f.acknowledged.is_some());
    if ack_column {
        out.push_str("\n| Level | Findings | Acknowledged |\n| :-- | --: | --: |\n");
    } else {
        out.push_str("\n| Level | Findings |\n| :-- | --: |\n");
    }
    for level in LEVELS {
        let _ = write!(out, "| {} | {} |", level_word(level), count(level));
        if ack_column {
            // MUST findings cannot be acknowledged.
            match level {
                Severity::Error => out.push_str(" — |"),
                _ => {
                    let _ = write!(out, " {} |", acknowledged(level));
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&review);
    for level in LEVELS {
        let items: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == level)
            .map(|f| item(f, opts))
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = write!(out, "\n#### {} ({})\n\n", level_word(level), items.len());
        // Items that fit the comment's size limit; the rest is counted.
        let fit = items
            .iter()
            .scan(out.len(), |len, line| {
                *len += line.len() + 1;
                (*len <= COMMENT_LIMIT).then_some(())
            })
            .count();
        let (listed, omitted) = items.split_at(fit);
        let (shown, folded) = listed.split_at(listed.len().min(SECTION_LIMIT));
        for line in shown {
            out.push_str(line);
            out.push('\n');
        }
        if !folded.is_empty() {
            // The blank lines around the list make GitHub render it as
            // markdown inside the HTML block.
            let _ = write!(
                out,
                "\n<details><summary>{} more</summary>\n\n",
                folded.len()
            );
            for line in folded {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("\n</details>\n");
        }
        if !omitted.is_empty() {
            let _ = writeln!(
                out,
                "\n{} more {} findings are not listed: a comment has a size limit. {}",
                omitted.len(),
                level_word(level),
                if opts.reviews.len() == 1 {
                    "The full review above lists every finding."
                } else if opts.reviews.len() > 1 {
                    "The full reviews above list every finding."
                } else {
                    "The full report (an artifact of this run) lists every finding."
                }
            );
        }
    }
    notices(&mut out, opts.notices);
    out
}

/// The "Acknowledgements to review" section, when there is anything in it.
fn notices(out: &mut String, notices: &[AckNotice]) {
    if notices.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n#### Acknowledgements to review ({})\n\n",
        notices.len()
    );
    for n in notices {
        let _ = writeln!(
            out,
            "- {} — {} at {}: {}",
            code_span(&format!("{}:{}:{}", n.file, n.line, n.column)),
            code_span(&n.rule),
            code_span(&n.path),
            n.problem()
        );
    }
}

/// One list item: `- **MUST** code — message — `file:line:col` (`path`)`.
fn item(f: &Finding, opts: &MarkdownOptions<'_>) -> String {
    let word = level_word(f.severity);
    let mut out = match (f.severity, &f.acknowledged) {
        (Severity::Error, _) => format!("- **{word}** "),
        (_, Some(_)) => format!("- [x] **{word}** "),
        (_, None) => format!("- [ ] **{word}** "),
    };
    let code = code_span(&f.code);
    let url = match (&f.documentation_url, opts.rule_base_url) {
        (Some(url), _) => link_destination(url),
        (None, Some(base)) => link_destination(&format!(
            "{}/{}",
            base.trim_end_matches('/'),
            encode_segment(&f.code)
        )),
        (None, None) => None,
    };
    match url {
        Some(url) => {
            let _ = write!(out, "[{code}]({url})");
        }
        None => out.push_str(&code),
    }
    let _ = write!(
        out,
        " — {} — {}",
        escape_text(&f.message),
        code_span(&format!(
            "{}:{}:{}",
            f.source,
            f.range.start.line + 1,
            f.range.start.character + 1
        ))
    );
    let path = dot_path(&f.path);
    if !path.is_empty() {
        let _ = write!(out, " ({})", code_span(&path));
    }
    if let Some(ack) = &f.acknowledged {
        // A continuation line of the list item, indented under its text.
        let _ = write!(
            out,
            "\n  Acknowledged by {}: {}",
            escape_text(&ack.author),
            escape_text(&ack.reason)
        );
        if let Some(expires) = &ack.expires {
            let _ = write!(out, " (until {})", escape_text(expires));
        }
    }
    out
}

/// Plain text made inert in markdown: see the module docs for the rules.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // GitHub's mention pattern needs a name character right after
            // the `@`; U+2060 is invisible and is not one.
            '@' => out.push_str("@\u{2060}"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(' ');
                }
            }
            '\n' => out.push(' '),
            '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `s` as an inline code span. The fence is one backtick longer than the
/// longest run inside, and a space pads content that starts or ends with a
/// backtick (CommonMark strips one such space from each side). Line breaks
/// become spaces: a blank line would end the span and the list item.
fn code_span(s: &str) -> String {
    let content: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// A URL fit for `[text](url)`, or `None` when it is not `http(s)` (no
/// `javascript:` links from a third-party rule set). Characters that would
/// end the destination early are percent-encoded.
fn link_destination(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '"' | '`' | '\\' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// A rule code as one URL path segment: everything but the unreserved
/// characters percent-encoded, byte by byte.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outgrow_backticks_inside() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("a\n\nb"), "`a  b`");
    }

    #[test]
    fn only_web_links_survive() {
        assert_eq!(
            link_destination("https://x.io/a b(c)").as_deref(),
            Some("https://x.io/a%20b%28c%29")
        );
        assert_eq!(link_destination("javascript:alert(1)"), None);
        assert_eq!(
            link_destination("HTTP://x.io").as_deref(),
            Some("HTTP://x.io")
        );
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }
}
