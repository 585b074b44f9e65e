//! Built-in rule sets whose rules live in this crate, one file per rule.
//!
//! - [`oas`]: `spectral:oas`, Spectral's OpenAPI rule set, rule for rule,
//!   with the native functions its rules call.
//!
//! The engine knows these only through the built-in registry
//! (`engine::ruleset::builtin`) and the function table
//! (`functions::builtin`); nothing here runs rules itself.

pub mod oas;

/// The documentation of the built-in rule named `code` (Markdown), if any.
pub fn docs(code: &str) -> Option<&'static str> {
    oas::rule(code).map(|r| r.docs)
}
