//! Built-in rule sets whose rules live in this crate, one file per rule.
//!
//! - [`oas`]: `spectral:oas`, Spectral's OpenAPI rule set, rule for rule,
//!   with the native functions its rules call.
//! - [`zalando`]: `apilint:zalando`, the Zalando RESTful API Guidelines,
//!   each rule a native check.
//!
//! The engine knows these only through the built-in registry
//! (`engine::ruleset::builtin`) and the function table
//! (`functions::builtin`); nothing here runs rules itself.

pub mod oas;
pub mod zalando;

/// A failing test vector of a built-in rule: a document and exactly the
/// findings the rule raises on it, as (message, JSON pointer of the
/// finding's path), in the engine's order.
#[derive(Debug)]
pub struct Fail {
    pub doc: &'static str,
    pub findings: &'static [(&'static str, &'static str)],
}

/// The documentation of the built-in rule named `code` (Markdown), if any.
pub fn docs(code: &str) -> Option<&'static str> {
    oas::rule(code)
        .map(|r| r.docs)
        .or_else(|| zalando::rule(code).map(|r| r.docs))
}

/// What both built-ins' vector testers share: lint a document with one
/// rule set text and keep one rule's findings.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use crate::document::Workspace;
    use crate::document::workspace::LoadOptions;
    use crate::engine::ruleset::{self, LoadOptions as RulesetOptions};
    use crate::engine::{LintOptions, lint};

    /// The findings of rule `code` on `doc` (YAML or JSON text) under the
    /// rule set `ruleset_text`: `(message, JSON pointer of the path)`, in
    /// the engine's order.
    pub(crate) fn findings(ruleset_text: &str, code: &str, doc: &str) -> Vec<(String, String)> {
        let rs = ruleset::load_str("test.yaml", ruleset_text, None, &RulesetOptions::default())
            .unwrap_or_else(|e| panic!("the rule set does not load: {e}\n{ruleset_text}"));
        let ws = Workspace::from_text("spec.yaml", Arc::from(doc), None, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("test document does not load: {e}"));
        let opts = LintOptions {
            threads: 1,
            ..LintOptions::default()
        };
        lint(&ws, &rs, &opts)
            .findings
            .into_iter()
            .filter(|f| f.code == code)
            .map(|f| (f.message, crate::document::tree::to_pointer(&f.path)))
            .collect()
    }
}
