//! `apilint:zalando`: the Zalando RESTful API Guidelines as native rules,
//! one file per rule.
//!
//! Each rule file holds one [`ZalandoRule`]: its code, the guideline id it
//! checks (and alias anchors of the same guideline), the guideline's level
//! and title, the JSONPaths it looks at, the constructor of its check (a
//! [`RuleFunction`](crate::functions::RuleFunction) with typed options whose
//! defaults are Zalando's), its documentation and its pass/fail vectors.
//!
//! The rule set is assembled from [`RULES`] into Spectral-format YAML at
//! first use and loaded by the ordinary loader; each rule calls a function
//! registered under the rule's own code. So `extends: apilint:zalando` works
//! like any extends, severities change as usual, and a company changes a
//! rule's options with a `functionOptions`-only entry (see
//! `rulesets/README.md`):
//!
//! ```yaml
//! extends: [apilint:zalando]
//! rules:
//!   zalando-118-property-names-snake-case:
//!     functionOptions: { case: camel }
//! ```
//!
//! **Codes** are `zalando-<guideline id>-<slug>`, the slug naming the bad
//! pattern in a few words. Codes are public: never renamed, never reused.
//! **Levels** are the guideline's: MUST → error, SHOULD → warn, MAY →
//! info; HINT → hint for advice the guidelines do not state as a rule.
//! Every rule links to its guideline anchor.
//!
//! To add a rule: copy a rule file, change it, add it to [`RULES`].

use std::sync::LazyLock;

use crate::functions::Constructor;

pub use super::Fail;

pub(crate) mod common;

mod property_names_not_snake_case;

/// Where the guidelines live; a rule's link is this plus `#<id>`.
pub const GUIDELINES_URL: &str = "https://opensource.zalando.com/restful-api-guidelines/";

/// A guideline's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Must,
    Should,
    May,
    /// Advice apilint adds; not a rule of the guidelines.
    Hint,
}

impl Level {
    /// The Spectral severity name the level maps to.
    pub fn severity(self) -> &'static str {
        match self {
            Level::Must => "error",
            Level::Should => "warn",
            Level::May => "info",
            Level::Hint => "hint",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
            Level::Hint => "HINT",
        }
    }
}

/// One rule of `apilint:zalando`.
#[derive(Debug)]
pub struct ZalandoRule {
    /// `zalando-<id>-<slug>`.
    pub code: &'static str,
    /// The guideline id (its anchor number).
    pub id: u16,
    /// Other anchors of the same guideline this rule also covers (the
    /// guidelines keep old anchors as aliases, e.g. #169 for #126).
    pub also: &'static [u16],
    pub level: Level,
    /// The guideline's title, as the rule's description.
    pub title: &'static str,
    /// JSONPaths (Spectral's dialect) whose matches the check receives.
    pub given: &'static [&'static str],
    /// Whether the check sees `$ref`s followed (the usual) or as written.
    pub resolved: bool,
    /// Spectral format names the rule is limited to; empty = every
    /// OpenAPI version.
    pub formats: &'static [&'static str],
    /// Builds the check from the rule's `functionOptions` (`None`: the
    /// defaults, which are Zalando's).
    pub new: Constructor,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`
    /// (bad and good YAML), and `## Options` when the rule has some.
    pub docs: &'static str,
    /// Documents that raise nothing from this rule.
    pub pass: &'static [&'static str],
    /// Documents with exactly the findings listed.
    pub fail: &'static [Fail],
}

impl ZalandoRule {
    /// The guideline link.
    pub fn url(&self) -> String {
        format!("{GUIDELINES_URL}#{}", self.id)
    }
}

/// Every rule, by guideline id.
pub static RULES: &[&ZalandoRule] = &[&property_names_not_snake_case::RULE];

/// The checks, registered as functions under their rules' codes.
pub(crate) static FUNCTIONS: LazyLock<Vec<(&'static str, Constructor)>> =
    LazyLock::new(|| RULES.iter().map(|r| (r.code, r.new)).collect());

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static ZalandoRule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The whole rule set as Spectral-format YAML.
pub fn ruleset_yaml() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| {
        let q = |s: &str| serde_json::to_string(s).expect("strings serialize");
        let mut text = format!(
            "documentationUrl: {}\nformats: [oas2, oas3, oas3_0, oas3_1, oas3_2]\nrules:\n",
            q(GUIDELINES_URL)
        );
        for r in RULES {
            text.push_str(&format!("  {}:\n", q(r.code)));
            text.push_str(&format!("    description: {}\n", q(r.title)));
            text.push_str("    message: \"{{error}}\"\n");
            text.push_str(&format!("    severity: {}\n", r.level.severity()));
            text.push_str(&format!("    documentationUrl: {}\n", q(&r.url())));
            if !r.resolved {
                text.push_str("    resolved: false\n");
            }
            if !r.formats.is_empty() {
                text.push_str(&format!("    formats: [{}]\n", r.formats.join(", ")));
            }
            text.push_str("    given:\n");
            for g in r.given {
                text.push_str(&format!("      - {}\n", q(g)));
            }
            text.push_str(&format!("    then:\n      function: {}\n", q(r.code)));
        }
        text
    });
    &TEXT
}

/// The test vectors' runner: lints a document with just one rule of
/// `apilint:zalando` switched on.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use super::ZalandoRule;
    use crate::document::Workspace;
    use crate::document::workspace::LoadOptions;
    use crate::engine::ruleset::{self, LoadOptions as RulesetOptions};
    use crate::engine::{LintOptions, lint};

    /// The findings of `rule` on `doc`: `(message, JSON pointer)`, in the
    /// engine's order. `options` (YAML, may be empty) changes the rule's
    /// options as a company rule set would.
    pub(crate) fn findings_with(
        rule: &ZalandoRule,
        options: &str,
        doc: &str,
    ) -> Vec<(String, String)> {
        let mut rs_text = format!(
            "extends: [[apilint:zalando, off]]\nrules:\n  \"{}\": true\n",
            rule.code
        );
        if !options.is_empty() {
            rs_text = format!(
                "extends: [[apilint:zalando, off]]\nrules:\n  \"{}\":\n    severity: {}\n    functionOptions: {options}\n",
                rule.code,
                rule.level.severity()
            );
        }
        let rs = ruleset::load_str("test.yaml", &rs_text, None, &RulesetOptions::default())
            .unwrap_or_else(|e| panic!("apilint:zalando does not load: {e}"));
        let ws = Workspace::from_text("spec.yaml", Arc::from(doc), None, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("test document does not load: {e}"));
        let opts = LintOptions {
            threads: 1,
            ..LintOptions::default()
        };
        lint(&ws, &rs, &opts)
            .findings
            .into_iter()
            .filter(|f| f.code == rule.code)
            .map(|f| (f.message, crate::document::tree::to_pointer(&f.path)))
            .collect()
    }

    /// Asserts `doc` raises exactly `expected` from `rule` with its
    /// options changed by `options` (a YAML mapping).
    #[track_caller]
    pub(crate) fn fails_with(
        rule: &ZalandoRule,
        options: &str,
        doc: &str,
        expected: &[(&str, &str)],
    ) {
        let found = findings_with(rule, options, doc);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(found, expected, "{}: on:\n{doc}", rule.code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    rule.docs.contains(section),
                    "{} lacks a \"{section}\" section",
                    rule.code
                );
            }
        }
    }

    /// One shared tester for every rule's vectors, so a rule without
    /// vectors fails here rather than going untested.
    #[test]
    fn every_rule_passes_its_vectors() {
        for rule in RULES {
            assert!(!rule.pass.is_empty(), "{} has no passing vector", rule.code);
            assert!(!rule.fail.is_empty(), "{} has no failing vector", rule.code);
            for doc in rule.pass {
                let found = testing::findings_with(rule, "", doc);
                assert!(
                    found.is_empty(),
                    "{}: expected no findings, got {found:#?}\non:\n{doc}",
                    rule.code
                );
            }
            for fail in rule.fail {
                testing::fails_with(rule, "", fail.doc, fail.findings);
            }
        }
    }

    #[test]
    fn codes_follow_the_scheme_and_are_unique() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        for r in RULES {
            let prefix = format!("zalando-{}-", r.id);
            let slug = r
                .code
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{} does not start with {prefix}", r.code));
            assert!(
                !slug.is_empty()
                    && slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: the slug must be kebab-case",
                r.code
            );
        }
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code appears twice");
    }

    /// Levels and titles follow the guidelines' own list, kept in the
    /// shared data beside the repository.
    #[test]
    fn levels_follow_the_guidelines() {
        let tsv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/zalando/guidelines_rules.tsv");
        let text =
            std::fs::read_to_string(&tsv).unwrap_or_else(|e| panic!("{}: {e}", tsv.display()));
        for rule in RULES {
            let row = text
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|cols| cols[0] == rule.id.to_string())
                .unwrap_or_else(|| panic!("{}: no guideline #{}", rule.code, rule.id));
            let level = row[1];
            // #223 has parts at every level; the rule says which it checks.
            if rule.level != Level::Hint && !level.contains('/') {
                assert_eq!(rule.level.word(), level, "{}: level", rule.code);
            }
            for alias in rule.also {
                assert!(
                    text.lines().any(|l| l.starts_with(&format!("{alias}\t"))),
                    "{}: no guideline #{alias}",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn the_rule_set_loads() {
        let rs = crate::engine::ruleset::load_builtin("apilint:zalando")
            .unwrap_or_else(|e| panic!("apilint:zalando does not load: {e}\n{}", ruleset_yaml()));
        assert_eq!(rs.rules.len(), RULES.len());
    }
}
