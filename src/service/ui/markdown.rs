//! The small Markdown subset rule documentation is written in, rendered to
//! HTML for the rule pages (`/rules/{code}`): headings, paragraphs, `-` and
//! `1.` lists, fenced code blocks, `code`, **bold**, `[text](url)` links and
//! bare URLs. Everything else is shown as the text it is.
//!
//! Rule docs are the text `apilint rules --explain` prints; a rule set from
//! a repository can bring its own, so the input is untrusted: every piece
//! of text is escaped, and only `http(s)` URLs (and site-relative paths)
//! become links.

use super::escape;

/// `text` as an HTML fragment.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 5 / 4);
    let mut para: Vec<&str> = Vec::new();
    // The open list, if any: `ul` or `ol`; and whether an item is open.
    let mut list: Option<&'static str> = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush_para(&mut out, &mut para);
            close_list(&mut out, &mut list);
            let lang = lang.trim();
            if lang.is_empty() {
                out.push_str("<pre><code>");
            } else {
                out.push_str(&format!("<pre><code class=\"language-{}\">", escape(lang)));
            }
            // A fence left open runs to the end of the text, as in
            // CommonMark.
            for code in lines.by_ref() {
                if code.trim_end() == "```" {
                    break;
                }
                out.push_str(&escape(code));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
            continue;
        }
        if trimmed.is_empty() {
            flush_para(&mut out, &mut para);
            close_list(&mut out, &mut list);
            continue;
        }
        let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
        if (1..=4).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush_para(&mut out, &mut para);
            close_list(&mut out, &mut list);
            let level = hashes;
            out.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                inline(trimmed[hashes..].trim())
            ));
            continue;
        }
        let item = list_item(trimmed);
        if let Some((kind, rest)) = item {
            flush_para(&mut out, &mut para);
            if list != Some(kind) {
                close_list(&mut out, &mut list);
                out.push_str(&format!("<{kind}>\n"));
                list = Some(kind);
            }
            // Continuation lines are indented under the item.
            let mut body = vec![rest];
            while let Some(next) = lines.peek() {
                if next.starts_with("  ") && list_item(next.trim_start()).is_none() {
                    body.push(next.trim());
                    lines.next();
                } else {
                    break;
                }
            }
            out.push_str(&format!("<li>{}</li>\n", inline(&body.join(" "))));
            continue;
        }
        close_list(&mut out, &mut list);
        para.push(trimmed.trim_start());
    }
    flush_para(&mut out, &mut para);
    close_list(&mut out, &mut list);
    out
}

fn list_item(line: &str) -> Option<(&'static str, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(("ul", rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(("ol", &line[digits + 2..]));
    }
    None
}

fn flush_para(out: &mut String, para: &mut Vec<&str>) {
    if para.is_empty() {
        return;
    }
    out.push_str(&format!("<p>{}</p>\n", inline(&para.join(" "))));
    para.clear();
}

fn close_list(out: &mut String, list: &mut Option<&'static str>) {
    if let Some(kind) = list.take() {
        out.push_str(&format!("</{kind}>\n"));
    }
}

/// Inline markup of one block's text.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // Code spans first: nothing inside them is markup.
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(part)));
        } else {
            out.push_str(&links_and_bold(part));
        }
    }
    out
}

fn links_and_bold(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut bold = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = after;
            continue;
        }
        if rest.starts_with('[')
            && let Some((label, url, after)) = md_link(rest)
        {
            out.push_str(&link(url, &escape(label)));
            rest = after;
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == ')')
                .unwrap_or(rest.len());
            // A sentence's full stop or comma is not part of the URL.
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push_str(&link(url, &escape(url)));
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        out.push_str(&escape(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

/// `[label](url)` at the start of `text`: label, url and what follows.
fn md_link(text: &str) -> Option<(&str, &str, &str)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains('[') {
        return None;
    }
    let after = &text[close + 2..];
    let end = after.find(')')?;
    Some((label, &after[..end], &after[end + 1..]))
}

/// A link when `url` is one a page may safely point to (no `javascript:`).
fn link(url: &str, label_html: &str) -> String {
    let safe = url.starts_with("https://")
        || url.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"));
    if safe {
        format!("<a href=\"{}\">{label_html}</a>", escape(url))
    } else {
        label_html.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_lists_and_code_blocks() {
        let html = to_html(
            "# title\n\n## What it does\nChecks `a<b>`\nand more.\n\n- one\n  continued\n- two\n\n```yaml\nx: <y>\n```\n1. first\n",
        );
        assert_eq!(
            html,
            "<h1>title</h1>\n<h2>What it does</h2>\n<p>Checks <code>a&lt;b&gt;</code> and more.</p>\n\
             <ul>\n<li>one continued</li>\n<li>two</li>\n</ul>\n\
             <pre><code class=\"language-yaml\">x: &lt;y&gt;\n</code></pre>\n<ol>\n<li>first</li>\n</ol>\n"
        );
    }

    #[test]
    fn links_are_made_only_of_safe_urls() {
        assert_eq!(
            inline("See https://example.com/#118. And [x](javascript:alert(1))"),
            "See <a href=\"https://example.com/#118\">https://example.com/#118</a>. And x)"
        );
        assert_eq!(
            inline("**Bold** [guide](https://g.example/a?b&c)"),
            "<strong>Bold</strong> <a href=\"https://g.example/a?b&amp;c\">guide</a>"
        );
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        assert_eq!(to_html("```\n<x>"), "<pre><code>&lt;x&gt;\n</code></pre>\n");
    }
}
