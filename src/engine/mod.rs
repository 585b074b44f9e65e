//! Rule sets and the lint run.
//!
//! - [`rule`]: a loaded rule (given paths, then clauses, severity, formats);
//! - [`ruleset`]: reading Spectral-format rule sets (`extends`, `rules`,
//!   `aliases`, `overrides`) into a [`rule::RuleSet`], with positioned errors;
//! - [`finding`]: what a lint reports;
//! - [`walker`]: evaluates every `given` path of a rule set in one walk;
//! - [`lint`]: the run: formats, walk, functions, findings, dedup, sort.

pub mod finding;
pub mod lint;
pub mod rule;
pub mod ruleset;
pub mod walker;

pub use finding::{Finding, Severity};
pub use lint::{LintOptions, LintReport, lint};
pub use rule::{Rule, RuleSet};
