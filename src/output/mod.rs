//! Renderers: findings in, report text out. One file per output format.
//!
//! - [`text`]: findings grouped by file, one aligned line each, and a
//!   summary (Spectral's `stylish` layout), for people;
//! - [`json`]: Spectral's JSON array, for tools that already read it;
//! - [`sarif`]: SARIF 2.1.0 for code scanning; [`junit`]: JUnit XML for CI
//!   test reports; [`gitlab`]: GitLab Code Quality JSON;
//! - [`github`]: GitHub Actions annotations; [`markdown`]: the pull-request
//!   comment, with MUST findings first and SHOULD/MAY as a checklist.
//!
//! A renderer is a pure function of the findings and a few options: it does
//! no I/O and never looks at the documents, so the CLI, the service and the
//! snapshot tests (`tests/cli_output_snapshots.rs`, one shared list of
//! sample findings for every format) all get the same bytes. Findings
//! arrive in the order they are printed; sorting and filtering (`-D`) happen
//! before rendering.

pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::engine::Severity;

/// The guideline level a severity stands for, as the Zalando rule set maps
/// them: error = MUST, warn = SHOULD, info = MAY, hint = HINT. Every
/// renderer that shows a level word takes it from here, so a company that
/// lowers a rule to `warn` sees SHOULD everywhere.
pub fn level_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "MUST",
        Severity::Warn => "SHOULD",
        Severity::Info => "MAY",
        Severity::Hint => "HINT",
    }
}
