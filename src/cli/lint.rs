//! `apilint lint`: load the rule set, lint every input, render, exit.
//!
//! The steps are kept apart: [`run`] resolves the arguments into inputs and
//! a loaded rule set (any failure there is exit 2 before anything is
//! linted), lints each input into findings, filters (`-D`), renders with
//! the chosen [`crate::output`] renderer, writes, and derives the exit code
//! from the findings.
//!
//! A root document that does not parse is not an error of the command: like
//! Spectral, apilint reports it as a `parser` finding (severity error) at
//! the position of the syntax error, so it shows up in every output format
//! and fails the run with exit 1. A file that cannot be read at all is exit
//! 2, after the other inputs were linted and reported.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::fetch::HttpFetcher;
use crate::document::workspace::{
    Fetcher, FileAccess, LoadError, LoadOptions, Workspace, decode_text,
};
use crate::document::{LineIndex, ParseError};
use crate::engine::{self, Finding, LintOptions, RuleSet, Severity};
use crate::output;

use super::args::{FailLevel, LintArgs, OutputFormat};
use super::inputs::{self, Input};
use super::{CliError, ExitCode, rule_source};

/// What `-` is called in findings without `--stdin-filepath`.
pub const STDIN_NAME: &str = "<stdin>";

/// Runs `apilint lint` and returns its exit code. Errors go to stderr.
pub fn run(args: &LintArgs) -> ExitCode {
    match try_run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::Error
        }
    }
}

fn try_run(args: &LintArgs) -> Result<ExitCode, CliError> {
    // Resolve everything that can fail before linting anything.
    // Network access only on request: without a fetcher, remote `$ref`s
    // become `invalid-ref` findings and URL rule sets are refused.
    let fetcher: Option<Arc<dyn Fetcher>> = if args.resolve_remote {
        Some(Arc::new(HttpFetcher::default()))
    } else {
        None
    };
    let cwd = std::env::current_dir().map_err(CliError::Cwd)?;
    let expanded = inputs::expand(&args.files)?;
    if !args.quiet {
        for pattern in &expanded.unmatched {
            eprintln!("warning: glob pattern `{pattern}` did not match any files");
        }
    }
    let ruleset = rule_source::load(args.ruleset.as_deref(), &cwd, fetcher.clone())?;
    let load_opts = LoadOptions {
        files: FileAccess::Anywhere,
        remote: fetcher,
        ..LoadOptions::default()
    };

    let mut findings = Vec::new();
    let mut unreadable = false;
    let mut linted = 0;
    // Every linted file as the user named it (JUnit lists clean ones too).
    let mut sources: Vec<String> = Vec::new();
    for input in &expanded.inputs {
        match lint_input(
            input,
            args.stdin_filepath.as_deref(),
            &cwd,
            &ruleset,
            &load_opts,
        ) {
            Ok(found) => {
                findings.extend(found);
                linted += 1;
                sources.push(match input {
                    Input::File(p) => p.display().to_string(),
                    Input::Stdin => args
                        .stdin_filepath
                        .clone()
                        .unwrap_or_else(|| STDIN_NAME.to_string()),
                });
            }
            Err(e) => {
                eprintln!("error: {e}");
                unreadable = true;
            }
        }
    }
    if linted == 0 {
        // Nothing was linted: a report ("No results ...") would only mislead.
        return Ok(ExitCode::Error);
    }
    if linted > 1 {
        dedup_across_inputs(&mut findings);
    }

    let fail_severity = args
        .fail_on
        .map(FailLevel::severity)
        .unwrap_or_else(|| args.fail_severity.severity());
    if args.display_only_failures {
        findings.retain(|f| f.severity.at_least(fail_severity));
    }

    // Which report goes where: `-o.<format> FILE` names a file per format;
    // `-o FILE` takes the one format that has none; the rest go to stdout.
    let mut formats: Vec<OutputFormat> = Vec::new();
    for f in args
        .format
        .iter()
        .chain(args.output_for.iter().map(|(f, _)| f))
    {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let own_file = |f: OutputFormat| {
        args.output_for
            .iter()
            .rev()
            .find(|(g, _)| *g == f)
            .map(|(_, p)| p.clone())
    };
    let unassigned: Vec<OutputFormat> = formats
        .iter()
        .copied()
        .filter(|f| own_file(*f).is_none())
        .collect();
    if args.output.is_some() && unassigned.len() > 1 {
        return Err(CliError::Usage(format!(
            "-o names one file but {} formats have no file of their own ({}); use -o.<format> FILE for each",
            unassigned.len(),
            unassigned
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    for format in formats {
        let destination = own_file(format).or_else(|| args.output.clone());
        let report = render(
            format,
            &findings,
            &sources,
            fail_severity,
            &cwd,
            args.quiet,
            destination.is_none(),
        );
        write_report(&report, destination.as_deref())?;
        std::mem::forget(report);
    }

    let code = if unreadable {
        ExitCode::Error
    } else if findings.iter().any(|f| f.severity.at_least(fail_severity)) {
        ExitCode::Findings
    } else {
        ExitCode::Clean
    };
    // As with the documents: the process is about to exit.
    std::mem::forget(findings);
    Ok(code)
}

/// One report in one format.
#[allow(clippy::too_many_arguments)]
fn render(
    format: OutputFormat,
    findings: &[Finding],
    sources: &[String],
    fail_severity: Severity,
    cwd: &Path,
    quiet: bool,
    to_stdout: bool,
) -> String {
    match format {
        OutputFormat::Text => {
            // Spectral prints its "No results" line unless --quiet.
            if findings.is_empty() && quiet {
                String::new()
            } else {
                let color = to_stdout
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none();
                output::text::render(
                    findings,
                    &output::text::TextOptions {
                        color,
                        fail_severity,
                    },
                )
            }
        }
        OutputFormat::Json => {
            let mut s = output::json::render(
                findings,
                &output::json::JsonOptions {
                    base_dir: Some(cwd),
                },
            );
            s.push('\n');
            s
        }
        OutputFormat::Sarif => with_newline(output::sarif::render(
            findings,
            &output::sarif::SarifOptions {
                base_dir: Some(cwd),
            },
        )),
        OutputFormat::Junit => with_newline(output::junit::render(
            findings,
            &output::junit::JunitOptions { sources },
        )),
        OutputFormat::Gitlab => with_newline(output::gitlab::render(
            findings,
            &output::gitlab::GitlabOptions {
                base_dir: Some(cwd),
            },
        )),
        OutputFormat::GithubActions => {
            output::github::render(findings, &output::github::GithubOptions::default())
        }
        OutputFormat::Markdown => {
            output::markdown::render(findings, &output::markdown::MarkdownOptions::default())
        }
    }
}

fn with_newline(mut s: String) -> String {
    s.push('\n');
    s
}

/// Loads one input with everything it references and lints it. A root that
/// does not parse yields its `parser` finding; a root that cannot be read
/// is an error.
fn lint_input(
    input: &Input,
    stdin_filepath: Option<&str>,
    cwd: &Path,
    ruleset: &RuleSet,
    opts: &LoadOptions,
) -> Result<Vec<Finding>, CliError> {
    let loaded = match input {
        Input::File(path) => Workspace::load_file(path, opts),
        Input::Stdin => {
            let name = stdin_filepath.unwrap_or(STDIN_NAME);
            let text = read_stdin().map_err(|message| CliError::Read {
                name: name.to_string(),
                message,
            })?;
            // Relative refs resolve next to the file the editor says this
            // is, else against the current directory (as Spectral does).
            let base = match stdin_filepath {
                Some(p) => cwd.join(Path::new(p).parent().unwrap_or(Path::new(""))),
                None => cwd.to_path_buf(),
            };
            Workspace::from_text(name, Arc::from(text), Some(&base), opts)
        }
    };
    match loaded {
        Ok(ws) => {
            let findings = engine::lint(&ws, ruleset, &LintOptions::default()).findings;
            // The process ends right after the report: freeing a big
            // document node by node would only delay the exit (by tens of
            // milliseconds on a 5 MB spec). The OS reclaims it at once.
            std::mem::forget(ws);
            Ok(findings)
        }
        Err(LoadError::Parse { name, text, error }) => {
            Ok(vec![parse_error_finding(&name, &text, &error)])
        }
        Err(LoadError::Read { name, message }) => Err(CliError::Read { name, message }),
    }
}

fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    decode_text(bytes)
}

/// The finding for a root document that does not parse: Spectral's
/// `parser` code, severity error, at the syntax error's position.
pub fn parse_error_finding(name: &str, text: &str, error: &ParseError) -> Finding {
    let range = LineIndex::new(text).range(text, error.span);
    Finding {
        code: "parser".to_string(),
        message: error.message.clone(),
        severity: Severity::Error,
        path: Vec::new(),
        source: name.to_string(),
        span: error.span,
        range,
        documentation_url: None,
    }
}

/// Two inputs that reference the same file report its findings twice;
/// keep the first of each. Each input's own findings are already unique.
fn dedup_across_inputs(findings: &mut Vec<Finding>) {
    // Borrowed keys: no copies of messages or paths for big reports.
    let mut seen = rustc_hash::FxHashSet::default();
    let keep: Vec<bool> = findings
        .iter()
        .map(|f| seen.insert((&f.code, &f.source, f.range, &f.message, &f.path)))
        .collect();
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

fn write_report(report: &str, output: Option<&Path>) -> Result<(), CliError> {
    match output {
        Some(path) => std::fs::write(path, report).map_err(|e| CliError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(report.as_bytes()).and_then(|()| out.flush()) {
                // `apilint lint ... | head` closing the pipe is not a failure.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write {
                    path: PathBuf::from("<stdout>"),
                    message: e.to_string(),
                }),
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Position, Range, Span};

    #[test]
    fn a_parse_error_becomes_a_parser_finding_at_its_position() {
        let text = "openapi: 3.0.0\ninfo: [\n";
        let err = ParseError {
            message: "unclosed flow sequence".into(),
            span: Span::new(22, 22),
        };
        let f = parse_error_finding("api.yaml", text, &err);
        assert_eq!(f.code, "parser");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.source, "api.yaml");
        assert_eq!(
            f.range,
            Range {
                start: Position {
                    line: 1,
                    character: 7
                },
                end: Position {
                    line: 1,
                    character: 7
                }
            }
        );
    }
}
