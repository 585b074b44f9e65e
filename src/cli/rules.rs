//! `apilint rules`: lists the rules of a rule set, or explains one.
//!
//! The rule set is chosen exactly as `apilint lint` chooses it (`-r`, else
//! a `.spectral.*` file in the current directory, else the built-in
//! default), so the listing shows what a lint in the same place would run:
//! every rule, with its effective severity after `extends` modes and
//! severity changes, and off rules marked as such.
//!
//! `--explain CODE` prints the rule's own documentation: for built-in rules
//! the text kept in the rule's file (the same text the service's rule pages
//! show), for a company's rules their `description` and `message`.
//!
//! Formats: `text` (a table for people), `json` (an array of objects, or one
//! object with `--explain`; the shape is documented on [`RuleInfo`]) and
//! `markdown` (a table, or the documentation as is).

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::args::{RulesArgs, RulesFormat};
use super::{CliError, ExitCode, rule_source};
use crate::document::fetch::HttpFetcher;
use crate::document::workspace::Fetcher;
use crate::engine::{Rule, RuleSet};
use crate::output::level_word;

/// One rule as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct RuleInfo<'a> {
    pub code: &'a str,
    /// `error`, `warn`, `info`, `hint`, or `off`.
    pub severity: &'a str,
    /// The level word of the severity (`MUST`, `SHOULD`, `MAY`, `HINT`),
    /// absent when the rule is off.
    pub level: Option<&'a str>,
    /// Whether `extends` turns the rule on by default.
    pub recommended: bool,
    /// Format names the rule is limited to; absent means every document.
    pub formats: Option<Vec<&'static str>>,
    pub description: Option<&'a str>,
    pub message: Option<&'a str>,
    pub documentation_url: Option<&'a str>,
    /// Markdown documentation, with `--explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// Runs `apilint rules` and returns its exit code. Errors go to stderr.
pub fn run(args: &RulesArgs) -> ExitCode {
    match try_run(args) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`apilint rules | head`) is not an error.
            let _ = out.write_all(text.as_bytes());
            ExitCode::Clean
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::Error
        }
    }
}

fn try_run(args: &RulesArgs) -> Result<String, CliError> {
    let fetcher: Option<Arc<dyn Fetcher>> = if args.resolve_remote {
        // A rule set URL is the user's own choice: it may be on the
        // company network.
        Some(Arc::new(HttpFetcher {
            allow_private: true,
            ..HttpFetcher::default()
        }))
    } else {
        None
    };
    let cwd = std::env::current_dir().map_err(CliError::Cwd)?;
    let ruleset = rule_source::load(args.ruleset.as_deref(), &cwd, fetcher)?;
    match &args.explain {
        Some(code) => {
            let rule = ruleset
                .rules
                .iter()
                .find(|r| r.name == *code)
                .ok_or_else(|| CliError::UnknownRule {
                    code: code.clone(),
                    ruleset: ruleset.source.clone(),
                    suggestion: closest(code, &ruleset),
                })?;
            Ok(explain(rule, args.format))
        }
        None => Ok(list(&ruleset, args.format)),
    }
}

/// The listing of every rule in `ruleset`.
pub fn list(ruleset: &RuleSet, format: RulesFormat) -> String {
    match format {
        RulesFormat::Json => {
            let infos: Vec<RuleInfo<'_>> = ruleset.rules.iter().map(|r| info(r, false)).collect();
            let mut s = serde_json::to_string_pretty(&infos).expect("plain data serializes");
            s.push('\n');
            s
        }
        RulesFormat::Markdown => {
            let mut s = format!(
                "# Rules of `{}`\n\n| Rule | Severity | Level | Description |\n|---|---|---|---|\n",
                ruleset.source
            );
            for r in &ruleset.rules {
                let (sev, level) = severity_words(r);
                let name = match &r.documentation_url {
                    Some(url) => format!("[`{}`]({url})", r.name),
                    None => format!("`{}`", r.name),
                };
                s.push_str(&format!(
                    "| {name} | {sev} | {} | {} |\n",
                    level.unwrap_or(""),
                    table_cell(summary(r))
                ));
            }
            s
        }
        RulesFormat::Text => {
            let on = ruleset
                .rules
                .iter()
                .filter(|r| r.severity.is_some())
                .count();
            let width = ruleset
                .rules
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(0);
            let mut s = format!(
                "{}: {} rules, {on} on\n\n",
                ruleset.source,
                ruleset.rules.len()
            );
            for r in &ruleset.rules {
                let (sev, level) = severity_words(r);
                s.push_str(&format!(
                    "{:<width$}  {sev:<5}  {:<6}  {}\n",
                    r.name,
                    level.unwrap_or("-"),
                    summary(r)
                ));
            }
            s.push_str("\nMore about one rule: apilint rules --explain RULE\n");
            s
        }
    }
}

/// One rule's documentation.
pub fn explain(rule: &Rule, format: RulesFormat) -> String {
    match format {
        RulesFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&info(rule, true)).expect("plain data serializes");
            s.push('\n');
            s
        }
        RulesFormat::Text | RulesFormat::Markdown => {
            let (sev, level) = severity_words(rule);
            let mut s = format!("# {}\n\n", rule.name);
            s.push_str(&format!("Severity: {sev}"));
            if let Some(level) = level {
                s.push_str(&format!(" ({level})"));
            }
            if let Some(formats) = rule.formats {
                s.push_str(&format!(". Applies to: {}", formats.names().join(", ")));
            }
            s.push_str(".\n\n");
            if let Some(d) = summary_opt(rule) {
                s.push_str(d);
                s.push_str("\n\n");
            }
            s.push_str(&docs(rule));
            if !s.ends_with('\n') {
                s.push('\n');
            }
            if let Some(url) = &rule.documentation_url {
                s.push_str(&format!("\nDocumentation: {url}\n"));
            }
            s
        }
    }
}

/// One rule as `--format json` (and the service's `/api/v1/rules`) describe it;
/// `with_docs` adds its documentation.
pub fn info(rule: &Rule, with_docs: bool) -> RuleInfo<'_> {
    let (severity, level) = severity_words(rule);
    RuleInfo {
        code: &rule.name,
        severity,
        level,
        recommended: rule.recommended,
        formats: rule.formats.map(|f| f.names()),
        description: rule.description.as_deref(),
        message: rule.message.as_deref(),
        documentation_url: rule.documentation_url.as_deref(),
        docs: with_docs.then(|| docs(rule)),
    }
}

/// The rule's documentation: a built-in rule's own text, else what its
/// definition says about it.
fn docs(rule: &Rule) -> String {
    if let Some(text) = crate::rules::docs(&rule.name) {
        return text.to_string();
    }
    match &rule.message {
        Some(m) if summary_opt(rule) != Some(m.as_str()) => {
            format!("This rule has no documentation beyond its definition. Its message: {m}\n")
        }
        _ => "This rule has no documentation beyond its definition.\n".to_string(),
    }
}

fn severity_words(rule: &Rule) -> (&'static str, Option<&'static str>) {
    match rule.severity {
        Some(s) => (s.name(), Some(level_word(s))),
        None => ("off", None),
    }
}

fn summary_opt(rule: &Rule) -> Option<&str> {
    rule.description.as_deref().or(rule.message.as_deref())
}

fn summary(rule: &Rule) -> &str {
    summary_opt(rule).unwrap_or("")
}

/// `|` would end a markdown table cell early.
fn table_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The rule name closest to `code`, for "did you mean".
fn closest(code: &str, ruleset: &RuleSet) -> Option<String> {
    ruleset
        .rules
        .iter()
        .map(|r| (edit_distance(code, &r.name), &r.name))
        .filter(|(d, name)| *d <= name.len().max(code.len()) / 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oas() -> RuleSet {
        crate::engine::ruleset::load_builtin("spectral:oas").unwrap()
    }

    #[test]
    fn text_listing_names_every_rule_with_its_severity_and_level() {
        let text = list(&oas(), RulesFormat::Text);
        assert!(text.starts_with("spectral:oas: "), "{text}");
        let line = text
            .lines()
            .find(|l| l.starts_with("info-contact "))
            .unwrap();
        assert!(line.contains("warn "), "{line}");
        assert!(line.contains("SHOULD"), "{line}");
        let off = text
            .lines()
            .find(|l| l.starts_with("info-license "))
            .unwrap();
        assert!(off.contains("off"), "{off}");
    }

    #[test]
    fn json_listing_is_an_array_of_rules() {
        let v: serde_json::Value = serde_json::from_str(&list(&oas(), RulesFormat::Json)).unwrap();
        let contact = v
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "info-contact")
            .unwrap();
        assert_eq!(contact["severity"], "warn");
        assert_eq!(contact["level"], "SHOULD");
        assert_eq!(contact["recommended"], true);
        assert_eq!(
            contact["documentation_url"],
            "https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md#info-contact"
        );
    }

    #[test]
    fn explain_prints_the_rules_own_docs() {
        let rs = oas();
        let rule = rs.rules.iter().find(|r| r.name == "info-contact").unwrap();
        let text = explain(rule, RulesFormat::Text);
        assert!(text.starts_with("# info-contact\n\nSeverity: warn (SHOULD)"));
        assert!(text.contains("## What it does"), "{text}");
    }

    #[test]
    fn unknown_codes_get_a_suggestion() {
        assert_eq!(
            closest("info-contakt", &oas()).as_deref(),
            Some("info-contact")
        );
        assert_eq!(closest("zzzzzzzzzzzz", &oas()), None);
    }
}
