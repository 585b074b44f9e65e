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
    /// List the rules of a rule set, or explain one rule.
    #[command(after_help = RULES_AFTER_HELP)]
    Rules(RulesArgs),
}

const RULES_AFTER_HELP: &str = "\
The rule set is chosen as for `apilint lint`: --ruleset, else .spectral.yaml,
.spectral.yml or .spectral.json in the current directory, else spectral:oas.";

/// `apilint rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// Rule set: a file path, a URL (with --resolve-remote), or a built-in
    /// name such as `spectral:oas`.
    #[arg(short, long, value_name = "RULESET")]
    pub ruleset: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = RulesFormat::Text, value_name = "FORMAT")]
    pub format: RulesFormat,

    /// Print the documentation of one rule.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Allow loading rule sets (and their `extends`) from URLs.
    #[arg(long)]
    pub resolve_remote: bool,
}

/// `apilint rules --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

const LINT_AFTER_HELP: &str = "\
Exit codes:
  0  no finding at or above the fail severity
  1  at least one finding at or above the fail severity that is not
     acknowledged (with --require-ack: or a SHOULD/MAY finding that is not)
  2  usage error, unreadable file, invalid rule set or acknowledgement file

Without --ruleset, apilint uses .spectral.yaml, .spectral.yml or
.spectral.json from the current directory.

SHOULD and MAY findings can be acknowledged in .apilint-ack.yaml next to the
documents (or --ack-file); acknowledged findings are still reported, marked,
but do not fail the run. MUST findings cannot be acknowledged.";

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
    #[arg(short, long, value_enum, default_values_t = [OutputFormat::Text], value_name = "FORMAT")]
    pub format: Vec<OutputFormat>,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Where one format's report goes when several are asked for, written
    /// on the command line as Spectral does: `-o.sarif report.sarif` or
    /// `--output.junit=report.xml` (rewritten to this flag before parsing).
    #[arg(long = "output-for", value_name = "FORMAT=FILE", hide = true, value_parser = parse_output_for)]
    pub output_for: Vec<(OutputFormat, PathBuf)>,

    /// Findings at or above this severity make the exit code 1.
    #[arg(short = 'F', long, value_enum, default_value_t = FailSeverity::Error, value_name = "SEVERITY")]
    pub fail_severity: FailSeverity,

    /// The gate in the guidelines' words: fail on findings at or above
    /// this level (must = error, should = warn, may = info, hint = hint).
    /// The same gate as `-F`; give one or the other.
    #[arg(
        long,
        value_enum,
        value_name = "LEVEL",
        conflicts_with = "fail_severity"
    )]
    pub fail_on: Option<FailLevel>,

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

    /// The acknowledgement file for every document, instead of the
    /// `.apilint-ack.yaml` found next to each (in its directory or a parent,
    /// up to the repository root or the current directory).
    #[arg(long, value_name = "FILE")]
    pub ack_file: Option<PathBuf>,

    /// Also exit 1 while a SHOULD or MAY (warn or info) finding is not
    /// acknowledged in the acknowledgement file.
    #[arg(long)]
    pub require_ack: bool,
}

/// `--format`.
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
}

/// `FORMAT=FILE` of `--output-for`.
fn parse_output_for(s: &str) -> Result<(OutputFormat, PathBuf), String> {
    let (format, file) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=FILE, got \"{s}\""))?;
    let format = OutputFormat::from_str(format, true)
        .map_err(|_| format!("unknown output format \"{format}\" in -o.{format}"))?;
    if file.is_empty() {
        return Err(format!("-o.{} needs a file name", format.name()));
    }
    Ok((format, PathBuf::from(file)))
}

/// Rewrites Spectral's per-format output flags (`-o.sarif FILE`,
/// `--output.sarif FILE`, `--output.sarif=FILE`) into `--output-for
/// sarif=FILE`, which clap can parse. Other arguments pass through.
pub fn rewrite_output_flags(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let text = arg.to_string_lossy().into_owned();
        let rest = text
            .strip_prefix("-o.")
            .or_else(|| text.strip_prefix("--output."));
        match rest {
            Some(rest) if !rest.is_empty() => {
                let value = match rest.split_once('=') {
                    Some((format, file)) => format!("{format}={file}"),
                    None => {
                        let file = it
                            .next()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        format!("{rest}={file}")
                    }
                };
                out.push("--output-for".into());
                out.push(value.into());
            }
            _ => out.push(arg),
        }
    }
    out
}

/// `--fail-on`: the gate in the guidelines' level words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Must,
    Should,
    May,
    Hint,
}

impl FailLevel {
    pub fn severity(self) -> Severity {
        match self {
            FailLevel::Must => Severity::Error,
            FailLevel::Should => Severity::Warn,
            FailLevel::May => Severity::Info,
            FailLevel::Hint => Severity::Hint,
        }
    }
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
        let Command::Lint(args) = cli.command else {
            panic!("not lint")
        };
        assert_eq!(args.files, ["a.yaml", "b.json"]);
        assert_eq!(args.ruleset.as_deref(), Some("rules.yaml"));
        assert_eq!(args.format, [OutputFormat::Json]);
        assert_eq!(args.output, Some(PathBuf::from("out.json")));
        assert_eq!(args.fail_severity, FailSeverity::Warn);
        assert!(args.display_only_failures && args.quiet && !args.resolve_remote);
        assert_eq!(args.stdin_filepath.as_deref(), Some("x.yaml"));
        assert!(args.ack_file.is_none() && !args.require_ack);
    }

    #[test]
    fn parses_the_acknowledgement_flags() {
        let cli = Cli::try_parse_from([
            "apilint",
            "lint",
            "a.yaml",
            "--ack-file",
            "ci/acks.yaml",
            "--require-ack",
        ])
        .unwrap();
        let Command::Lint(args) = cli.command else {
            panic!("not lint")
        };
        assert_eq!(args.ack_file, Some(PathBuf::from("ci/acks.yaml")));
        assert!(args.require_ack);
    }

    #[test]
    fn stylish_is_an_alias_of_text() {
        let cli = Cli::try_parse_from(["apilint", "lint", "-f", "stylish", "a.yaml"]).unwrap();
        let Command::Lint(args) = cli.command else {
            panic!("not lint")
        };
        assert_eq!(args.format, [OutputFormat::Text]);
    }

    #[test]
    fn per_format_outputs_and_the_level_gate() {
        let argv: Vec<std::ffi::OsString> = [
            "apilint",
            "lint",
            "a.yaml",
            "-f",
            "json",
            "-f",
            "sarif",
            "-o.sarif",
            "r.sarif",
            "--output.json=r.json",
            "--fail-on",
            "should",
        ]
        .iter()
        .map(Into::into)
        .collect();
        let cli = Cli::try_parse_from(rewrite_output_flags(argv)).unwrap();
        let Command::Lint(args) = cli.command else {
            panic!("not lint")
        };
        assert_eq!(args.format, [OutputFormat::Json, OutputFormat::Sarif]);
        assert_eq!(
            args.output_for,
            [
                (OutputFormat::Sarif, PathBuf::from("r.sarif")),
                (OutputFormat::Json, PathBuf::from("r.json"))
            ]
        );
        assert_eq!(args.fail_on.map(FailLevel::severity), Some(Severity::Warn));
        let bad: Vec<std::ffi::OsString> = ["apilint", "lint", "a.yaml", "-o.nope", "x"]
            .iter()
            .map(Into::into)
            .collect();
        assert!(Cli::try_parse_from(rewrite_output_flags(bad)).is_err());
        let both: Vec<std::ffi::OsString> = [
            "apilint",
            "lint",
            "a.yaml",
            "-F",
            "warn",
            "--fail-on",
            "must",
        ]
        .iter()
        .map(Into::into)
        .collect();
        assert!(Cli::try_parse_from(both).is_err());
    }

    #[test]
    fn a_file_is_required() {
        assert!(Cli::try_parse_from(["apilint", "lint"]).is_err());
    }
}
