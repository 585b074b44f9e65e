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
