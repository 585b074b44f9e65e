//! The command-line grammar, declared with clap's derive API.
//!
//! This module only says which arguments exist and checks their syntax
//! (known flags, allowed values). Turning them into files, a rule set and
//! options is the job of each subcommand's module, so that a parsed
//! [`Cli`] is plain data that tests can build by hand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::Severity;

/// A fast OpenAPI linter with Spectral-compatible rule sets.
#[derive(Debug, Parser)]
#[command(
    name = "apilint",
    version,
    about,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. `serve` and `rules` will join `lint` here.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint OpenAPI documents (YAML or JSON) against a rule set.
    #[command(after_help = LINT_AFTER_HELP)]
    Lint(LintArgs),
}

const LINT_AFTER_HELP: &str = "\
Exit codes:
  0  no finding at or above the fail severity
  1  at least one finding at or above the fail severity
  2  usage error, unreadable file or invalid rule set

Without --ruleset, apilint uses .spectral.yaml, .spectral.yml or
.spectral.json from the current directory.";

/// `apilint lint`.
#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Documents to lint: file paths, globs (`'specs/**/*.yaml'`, expanded
    /// by apilint when the shell did not), or `-` for standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,

    /// Rule set: a file path, a URL (with --resolve-remote), or a built-in
    /// name such as `spectral:oas`.
    #[arg(short, long, value_name = "RULESET")]
    pub ruleset: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Findings at or above this severity make the exit code 1.
    #[arg(short = 'F', long, value_enum, default_value_t = FailSeverity::Error, value_name = "SEVERITY")]
    pub fail_severity: FailSeverity,

    /// Show only findings at or above the fail severity.
    #[arg(short = 'D', long)]
    pub display_only_failures: bool,

    /// The file name to report (and to resolve relative `$ref`s against)
    /// for a document read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filepath: Option<String>,

    /// Allow network access: follow `http(s)` `$ref`s and load rule sets
    /// (and their `extends`) from URLs. Off by default.
    #[arg(long)]
    pub resolve_remote: bool,

    /// Print nothing but the report.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped by file, like Spectral's `stylish`.
    #[value(alias = "stylish")]
    Text,
    /// Spectral's JSON array of findings.
    Json,
}

/// `--fail-severity`, spelled as Spectral spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailSeverity {
    Error,
    Warn,
    Info,
    Hint,
}

impl FailSeverity {
    pub fn severity(self) -> Severity {
        match self {
            FailSeverity::Error => Severity::Error,
            FailSeverity::Warn => Severity::Warn,
            FailSeverity::Info => Severity::Info,
            FailSeverity::Hint => Severity::Hint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_every_lint_flag() {
        let cli = Cli::try_parse_from([
            "apilint",
            "lint",
            "a.yaml",
            "b.json",
            "-r",
            "rules.yaml",
            "-f",
            "json",
            "-o",
            "out.json",
            "-F",
            "warn",
            "-D",
            "--stdin-filepath",
            "x.yaml",
            "-q",
        ])
        .unwrap();
        let Command::Lint(args) = cli.command;
        assert_eq!(args.files, ["a.yaml", "b.json"]);
        assert_eq!(args.ruleset.as_deref(), Some("rules.yaml"));
        assert_eq!(args.format, OutputFormat::Json);
        assert_eq!(args.output, Some(PathBuf::from("out.json")));
        assert_eq!(args.fail_severity, FailSeverity::Warn);
        assert!(args.display_only_failures && args.quiet && !args.resolve_remote);
        assert_eq!(args.stdin_filepath.as_deref(), Some("x.yaml"));
    }

    #[test]
    fn stylish_is_an_alias_of_text() {
        let cli = Cli::try_parse_from(["apilint", "lint", "-f", "stylish", "a.yaml"]).unwrap();
        let Command::Lint(args) = cli.command;
        assert_eq!(args.format, OutputFormat::Text);
    }

    #[test]
    fn a_file_is_required() {
        assert!(Cli::try_parse_from(["apilint", "lint"]).is_err());
    }
}
