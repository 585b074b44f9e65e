//! Renderers: findings in, report text out. One file per output format.
//!
//! - [`text`]: findings grouped by file, one aligned line each with a code
//!   frame under it, and a summary (Spectral's `stylish` layout), for
//!   people;
//! - [`json`]: Spectral's JSON array, for tools that already read it;
//! - [`sarif`]: SARIF 2.1.0 for code scanning; [`junit`]: JUnit XML for CI
//!   test reports; [`gitlab`]: GitLab Code Quality JSON;
//! - [`github`]: GitHub Actions annotations; [`markdown`]: the pull-request
//!   comment, with MUST findings first and SHOULD/MAY as a checklist.
//!
//! A renderer is a pure function of the findings and a few options: it does
//! no I/O (`text` is handed the documents' texts for its frames), so the CLI, the service and the
//! snapshot tests (`tests/cli_output_snapshots.rs`, one shared list of
//! sample findings for every format) all get the same bytes. Findings
//! arrive in the order they are printed; sorting and filtering (`-D`) happen
//! before rendering.
//!
//! [`render`] picks the renderer for an [`OutputFormat`] and gives it its
//! options from one [`RenderOptions`]: the CLI (`-f`) and the service
//! (`?format=`, `Accept`) both call it, so a format is rendered by one
//! code path wherever it is asked for.

pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::path::Path;
use std::sync::Arc;

use clap::ValueEnum;

use crate::engine::ack::AckNotice;
use crate::engine::{Finding, Severity};

pub use markdown::ReviewLink;

/// The output formats, as `-f` and `?format=` name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped by file, like Spectral's `stylish`.
    #[value(alias = "stylish")]
    Text,
    /// Spectral's JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions annotations (`::error file=...`).
    #[value(name = "github-actions", alias = "github")]
    GithubActions,
    /// GitLab Code Quality JSON.
    #[value(alias = "code-climate")]
    Gitlab,
    /// A pull-request comment.
    #[value(alias = "md")]
    Markdown,
}

impl OutputFormat {
    /// The name used on the command line (and in `-o.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Junit => "junit",
            OutputFormat::GithubActions => "github-actions",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Markdown => "markdown",
        }
    }

    /// The format a name stands for: its name or an alias, any case.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        <OutputFormat as ValueEnum>::from_str(name, true).ok()
    }

    /// The media type a report in this format is served as. SARIF has its
    /// own registered type; JUnit has none, so it is plain XML; the two
    /// line-oriented formats are plain text.
    pub fn media_type(self) -> &'static str {
        match self {
            OutputFormat::Text | OutputFormat::GithubActions => "text/plain; charset=utf-8",
            OutputFormat::Json | OutputFormat::Gitlab => "application/json",
            OutputFormat::Sarif => "application/sarif+json",
            OutputFormat::Junit => "application/xml",
            OutputFormat::Markdown => "text/markdown; charset=utf-8",
        }
    }
}

/// Everything a report may need besides the findings; each format takes
/// the parts it uses.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    /// Relative file names are relative to this (JSON, SARIF, GitLab).
    pub base_dir: Option<&'a Path>,
    /// Every linted file as named to the user (JUnit lists clean ones).
    pub sources: &'a [String],
    /// The text of each file, by name, for the code frames of `text`.
    pub texts: &'a [(String, Arc<str>)],
    /// How many findings of `text` get a code frame.
    pub code_frames: usize,
    /// ANSI colours in `text`.
    pub color: bool,
    /// The gate, named by `text` when there are no findings.
    pub fail_severity: Severity,
    /// Stale and expired acknowledgements (markdown).
    pub notices: &'a [AckNotice],
    /// `--require-ack` (markdown).
    pub require_ack: bool,
    /// The service's review of each document (markdown).
    pub reviews: &'a [ReviewLink],
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions {
            base_dir: None,
            sources: &[],
            texts: &[],
            code_frames: text::DEFAULT_CODE_FRAMES,
            color: false,
            fail_severity: Severity::Error,
            notices: &[],
            require_ack: false,
            reviews: &[],
        }
    }
}

/// One report of `findings` in `format`, ending with a newline.
pub fn render(format: OutputFormat, findings: &[Finding], opts: &RenderOptions<'_>) -> String {
    let with_newline = |mut s: String| {
        s.push('\n');
        s
    };
    match format {
        OutputFormat::Text => text::render(
            findings,
            &text::TextOptions {
                color: opts.color,
                fail_severity: opts.fail_severity,
                texts: opts.texts,
                code_frames: opts.code_frames,
            },
        ),
        OutputFormat::Json => with_newline(json::render(
            findings,
            &json::JsonOptions {
                base_dir: opts.base_dir,
            },
        )),
        OutputFormat::Sarif => with_newline(sarif::render(
            findings,
            &sarif::SarifOptions {
                base_dir: opts.base_dir,
            },
        )),
        OutputFormat::Junit => with_newline(junit::render(
            findings,
            &junit::JunitOptions {
                sources: opts.sources,
            },
        )),
        OutputFormat::Gitlab => with_newline(gitlab::render(
            findings,
            &gitlab::GitlabOptions {
                base_dir: opts.base_dir,
            },
        )),
        OutputFormat::GithubActions => github::render(findings, &github::GithubOptions::default()),
        OutputFormat::Markdown => markdown::render(
            findings,
            &markdown::MarkdownOptions {
                notices: opts.notices,
                require_ack: opts.require_ack,
                reviews: opts.reviews,
                ..markdown::MarkdownOptions::default()
            },
        ),
    }
}

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
