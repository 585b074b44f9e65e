//! One function per page, each returning the whole HTML document.
//!
//! Every page shares [`layout`]: a skip link, the site header (title,
//! navigation, the page's tools), a `<main>` landmark, the stylesheet, and
//! the editor bundle on pages with an editor. Text from outside (specs,
//! messages, rule docs, names) goes through [`escape`] or [`script_json`].

use serde_json::Value;

use super::assets;
use super::markdown;
use super::{escape, script_json};
use crate::cli::rules::RuleInfo;

/// What the editor page's script needs to know about the server.
pub struct EditorSettings<'a> {
    /// The active rule set, `None` until one has loaded.
    pub ruleset: Option<&'a str>,
    /// Every rule set a request may name, the active one first.
    pub rulesets: Vec<String>,
    /// Whether `spec_url` may be used (`/?url=`).
    pub url_fetch: bool,
    pub max_body: usize,
}

/// The text a first visit starts with: small, with MUST and SHOULD
/// findings, so the editor shows what it does at once.
pub const SAMPLE: &str = "\
openapi: 3.0.3
info:
  title: Pet Shop
  version: 1.0.0
  description: Paste or drop your own spec here; problems appear as you type.
  x-api-id: 7d0b7f6e-3c5a-4b8e-9a43-1f2e7c9d5a10
  x-audience: external-public
  contact: {name: Pet Team, url: 'https://pets.example.com', email: pets@example.com}
paths:
  /pets:
    get:
      summary: List pets
      responses:
        '200':
          description: The pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  petName:
                    type: string
                  tag:
                    type: array
                    items: {type: string}
                  status:
                    type: string
                    enum: [available, sold]
        default:
          description: An error
          content:
            application/problem+json:
              schema: {type: object}
";

fn layout(title: &str, body_attrs: &str, tools: &str, main: &str, tail: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n\
         <body{body_attrs}>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n\
         <header class=\"top\">\n<p class=\"brand\"><a href=\"/\">apilint</a></p>\n\
         <nav aria-label=\"Site\"><a href=\"/\">Editor</a> <a href=\"/rules\">Rules</a> \
         <a href=\"/api/v1/openapi.yaml\">API</a></nav>\n{tools}</header>\n{main}\n{tail}</body>\n</html>\n",
        title = escape(title),
        css = assets::url("editor.css"),
    )
}

fn script_tag() -> String {
    format!(
        "<script src=\"{}\" defer></script>\n",
        assets::url("editor.js")
    )
}

/// The problems panel's frame; the bundle fills it.
const PROBLEMS: &str = "<aside id=\"problems\" aria-labelledby=\"problems-title\">\n\
<div class=\"head\"><h2 id=\"problems-title\">Problems</h2>\
<div class=\"badges\" role=\"group\" aria-label=\"Problems by level\"></div>\
<div class=\"nav\"><button type=\"button\" class=\"prev-problem\" title=\"Previous problem (Shift+F8)\">\
<span aria-hidden=\"true\">\u{2191}</span><span class=\"skip\">Previous problem</span></button>\
<button type=\"button\" class=\"next-problem\" title=\"Next problem (F8)\">\
<span aria-hidden=\"true\">\u{2193}</span><span class=\"skip\">Next problem</span></button></div></div>\n\
<div class=\"problem-groups\" role=\"region\" aria-label=\"Problem list\" tabindex=\"-1\"></div>\n</aside>\n";

/// What a keyboard user needs to know about the editor, read out with it
/// (`aria-describedby`).
const EDITOR_HELP: &str = "<p id=\"editor-help\" class=\"skip\">In the editor, Tab indents; \
press Escape, then Tab, to move on. F8 and Shift+F8 go to the next and previous problem.</p>\n";

const NOSCRIPT: &str = "<noscript><p class=\"page\">The editor needs JavaScript. \
Without it, lint with <code>POST /api/v1/lint</code> or <code>apilint lint</code>.</p></noscript>\n";

/// `/`: the editor.
pub fn editor(settings: &EditorSettings<'_>) -> String {
    let config = serde_json::json!({
        "ruleset": settings.ruleset,
        "rulesets": settings.rulesets,
        "url_fetch": settings.url_fetch,
        "max_body": settings.max_body,
        "sample": SAMPLE,
    });
    let tools = "<div class=\"tools\">\n\
        <span id=\"ruleset-field\" hidden><label for=\"ruleset\">Rule set</label> <select id=\"ruleset\"></select></span>\n\
        <label class=\"file button\">Open file\u{2026}<input type=\"file\" id=\"file\" \
        accept=\".yaml,.yml,.json,application/json,application/yaml,text/yaml\"></label>\n\
        <button type=\"button\" id=\"share\" class=\"primary\">Share</button>\n\
        <span id=\"share-link\" hidden></span>\n\
        <span id=\"status\" role=\"status\" aria-live=\"polite\"></span>\n</div>\n";
    let main = format!(
        "<main id=\"main\" class=\"workspace\">\n<h1 class=\"skip\">apilint editor</h1>\n<section id=\"editor\" aria-label=\"Specification\"></section>\n{PROBLEMS}{EDITOR_HELP}</main>\n{NOSCRIPT}"
    );
    let tail = format!(
        "<script type=\"application/json\" id=\"apilint-config\">{}</script>\n{}",
        script_json(&config),
        script_tag()
    );
    layout(
        "apilint editor",
        " data-page=\"editor\"",
        tools,
        &main,
        &tail,
    )
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// One line saying what a review is: verdict, rule set, when.
fn review_summary(review: &Value) -> String {
    let passed = review.get("passed").and_then(Value::as_bool) == Some(true);
    format!(
        "<span class=\"verdict {cls}\">{verdict}</span> with {ruleset} \u{b7} {format} \u{b7} <time>{at}</time>",
        cls = if passed { "passed" } else { "failed" },
        verdict = if passed { "Passed" } else { "Failed" },
        ruleset = escape(str_at(&review["ruleset"], "name")),
        format = escape(str_at(review, "spec_format")),
        at = escape(str_at(review, "created_at")),
    )
}

/// `/reviews/{id}`: the stored spec read-only, with its findings.
pub fn review(id: &str, review: &Value) -> String {
    let tools = format!(
        "<div class=\"tools\">\n<span class=\"meta\">{}</span>\n\
         <button type=\"button\" id=\"edit-copy\" class=\"primary\">Edit a copy</button>\n\
         <a href=\"/reviews/{id}?embed=1\">Report</a> <a href=\"/api/v1/reviews/{id}\">JSON</a>\n\
         <span id=\"status\" role=\"status\" aria-live=\"polite\"></span>\n</div>\n",
        review_summary(review),
        id = escape(id),
    );
    let main = format!(
        "<main id=\"main\" class=\"workspace\">\n<h1 class=\"skip\">Review {id}</h1>\n<section id=\"editor\" aria-label=\"Specification (read-only)\"></section>\n{PROBLEMS}{EDITOR_HELP}</main>\n{NOSCRIPT}",
        id = escape(id),
    );
    let tail = format!(
        "<script type=\"application/json\" id=\"apilint-review\">{}</script>\n{}",
        script_json(review),
        script_tag()
    );
    layout(
        &format!("apilint review {id}"),
        " data-page=\"review\"",
        &tools,
        &main,
        &tail,
    )
}

const LEVELS: [&str; 4] = ["MUST", "SHOULD", "MAY", "HINT"];

fn badge(level: &str, text: &str) -> String {
    format!(
        "<span class=\"badge level-{}\">{}</span>",
        escape(&level.to_ascii_lowercase()),
        escape(text)
    )
}

/// `/reviews/{id}?embed=1`: a compact report without script, for a
/// developer portal's iframe: counts by level and one line per finding.
pub fn review_embed(id: &str, review: &Value) -> String {
    let counts = &review["counts"];
    let badges: String = LEVELS
        .iter()
        .map(|l| {
            let n = counts
                .get(l.to_ascii_lowercase())
                .and_then(Value::as_u64)
                .unwrap_or(0);
            badge(l, &format!("{l} {n}"))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut findings: Vec<&Value> = review["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let rank = |f: &Value| {
        let level = str_at(f, "level");
        LEVELS.iter().position(|l| *l == level).unwrap_or(4)
    };
    let line = |f: &Value| f["range"]["start"]["line"].as_u64().unwrap_or(0);
    findings.sort_by_key(|f| (rank(f), line(f)));
    let mut items = String::new();
    for f in &findings {
        let code = str_at(f, "code");
        let code_html = if code == "parser" {
            "syntax error".to_string()
        } else {
            format!(
                "<a href=\"/rules/{}\" target=\"_top\"><code>{}</code></a>",
                escape(&url_escape(code)),
                escape(code)
            )
        };
        items.push_str(&format!(
            "<li>{} line {} \u{b7} {} \u{b7} {}</li>\n",
            badge(str_at(f, "level"), str_at(f, "level")),
            line(f) + 1,
            escape(str_at(f, "message")),
            code_html
        ));
    }
    if findings.is_empty() {
        items.push_str("<li>No problems found.</li>\n");
    }
    let id = escape(id);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>apilint report {id}</title>\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n\
         <body class=\"embed\">\n<main id=\"main\" class=\"page report\">\n\
         <p>{summary}</p>\n<p class=\"badges\" aria-label=\"Problems by level\">{badges}</p>\n\
         <ul class=\"findings\">\n{items}</ul>\n\
         <p><a href=\"/reviews/{id}\" target=\"_top\">Open in the apilint editor</a></p>\n</main>\n</body>\n</html>\n",
        css = assets::url("editor.css"),
        summary = review_summary(review),
    )
}

/// `/rules`: every rule of a rule set.
pub fn rules(ruleset: &str, rulesets: &[String], rules: &[RuleInfo<'_>]) -> String {
    let query = |name: &str| format!("?ruleset={}", escape(&url_escape(name)));
    let others: Vec<String> = rulesets
        .iter()
        .map(|name| {
            if name == ruleset {
                format!("<strong>{}</strong>", escape(name))
            } else {
                format!("<a href=\"/rules{}\">{}</a>", query(name), escape(name))
            }
        })
        .collect();
    let suffix = if rulesets.first().map(String::as_str) == Some(ruleset) {
        String::new()
    } else {
        query(ruleset)
    };
    let mut rows = String::new();
    for r in rules {
        let level = r.level.unwrap_or(r.severity);
        rows.push_str(&format!(
            "<tr><td><a href=\"/rules/{href}{suffix}\"><code>{code}</code></a></td><td>{badge}</td><td>{desc}</td></tr>\n",
            href = escape(&url_escape(r.code)),
            code = escape(r.code),
            badge = badge(level, level),
            desc = escape(r.description.unwrap_or("")),
        ));
    }
    let main = format!(
        "<main id=\"main\" class=\"page\">\n<h1>Rules of {name}</h1>\n\
         <p class=\"meta\">{count} rules. Rule sets on this server: {others}.</p>\n\
         <table class=\"rules\">\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Level</th>\
         <th scope=\"col\">Description</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</main>\n",
        name = escape(ruleset),
        count = rules.len(),
        others = others.join(", "),
    );
    layout(&format!("Rules of {ruleset}"), "", "", &main, "")
}

/// `/rules/{code}`: one rule's documentation, the text
/// `apilint rules --explain` prints (its `# code` line is the page's
/// `<h1>`), under its level and guideline link.
pub fn rule(ruleset: &str, info: &RuleInfo<'_>, explain: &str) -> String {
    let level = info.level.unwrap_or(info.severity);
    // A rule set from a repository is not ours: only web links become links.
    let web = |url: &&str| url.starts_with("https://") || url.starts_with("http://");
    let guideline = info
        .documentation_url
        .filter(web)
        .map_or(String::new(), |url| {
            format!(
                " \u{b7} <a href=\"{}\" rel=\"noopener\">guideline</a>",
                escape(url)
            )
        });
    let main = format!(
        "<main id=\"main\" class=\"page rule-doc\">\n<p><a href=\"/rules\">Rules</a> \u{203a} {ruleset}</p>\n\
         <p class=\"meta\">{badge} severity {severity}{guideline}</p>\n{docs}</main>\n",
        ruleset = escape(ruleset),
        badge = badge(level, level),
        severity = escape(info.severity),
        docs = markdown::to_html(explain),
    );
    layout(&format!("{} \u{b7} apilint", info.code), "", "", &main, "")
}

/// A page for a 404 (an unknown review or rule) or any other failure.
pub fn message(title: &str, detail: &str) -> String {
    let main = format!(
        "<main id=\"main\" class=\"page\">\n<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">Open the editor</a> \u{b7} <a href=\"/rules\">Rules</a></p>\n</main>\n",
        escape(title),
        escape(detail)
    );
    layout(title, "", "", &main, "")
}

/// Percent-encodes what a query value must not carry raw.
fn url_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info<'a>(url: &'a str) -> RuleInfo<'a> {
        RuleInfo {
            code: "my-rule",
            severity: "error",
            level: Some("MUST"),
            recommended: true,
            formats: None,
            description: Some("<b>desc</b>"),
            message: None,
            documentation_url: Some(url),
            docs: None,
        }
    }

    #[test]
    fn a_rule_sets_guideline_link_is_a_link_only_when_it_is_a_web_url() {
        let page = rule("company", &info("javascript:alert(1)"), "# my-rule\n");
        assert!(!page.contains("javascript:"), "{page}");
        let page = rule("company", &info("https://guide.example/#1"), "# my-rule\n");
        assert!(
            page.contains("<a href=\"https://guide.example/#1\""),
            "{page}"
        );
        assert!(page.contains("<h1>my-rule</h1>"), "{page}");
    }

    #[test]
    fn the_rules_table_escapes_what_a_rule_set_says() {
        let page = rules("company", &["company".into()], &[info("https://x.example")]);
        assert!(page.contains("&lt;b&gt;desc&lt;/b&gt;"), "{page}");
        assert!(page.contains("href=\"/rules/my-rule\""), "{page}");
    }
}
