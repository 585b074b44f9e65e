//! Rule sets and the lint run.
//!
//! - [`rule`]: a loaded rule (given paths, then clauses, severity, formats);
//! - [`ruleset`]: reading Spectral-format rule sets (`extends`, `rules`,
//!   `aliases`, `overrides`) into a [`rule::RuleSet`], with positioned errors;
//! - [`finding`]: what a lint reports;
//! - [`walker`]: evaluates every `given` path of a rule set in one walk;
//! - [`lint`]: the run: formats, walk, functions, findings, dedup, sort;
//! - [`ack`]: acknowledgement files that accept SHOULD/MAY findings;
//! - [`suppress`]: `x-zally-ignore` / `x-lint-ignore` in the document;
//! - [`timing`]: where a lint's time goes (`APILINT_TIMING=1`).

pub mod ack;
pub mod finding;
pub mod lint;
pub mod rule;
pub mod ruleset;
pub mod suppress;
pub mod timing;
pub mod walker;

pub use finding::{Finding, Severity};
pub use lint::{LintOptions, LintReport, lint};
pub use rule::{Rule, RuleSet};
