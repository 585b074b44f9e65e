//! `apilint lint`: load the rule set, lint every input, render, exit.
//!
//! The steps are kept apart: [`run`] resolves the arguments into inputs and
//! a loaded rule set (any failure there is exit 2 before anything is
//! linted), lints each input into findings, filters (`-D`), renders with
//! the chosen [`crate::output`] renderer, writes, and derives the exit code
//! from the findings.
//!
//! Acknowledgements (`.apilint-ack.yaml`, see [`crate::engine::ack`]) are
//! found and loaded with the rule set, before anything is linted (a bad
//! file is exit 2), applied to each input's findings as soon as it is
//! linted, and judged once all are: entries that tried to acknowledge MUST
//! findings become error findings in the acknowledgement file, stale and
//! expired entries are warnings on stderr (and a section of the markdown
//! report). Acknowledged findings never fail the run; with
//! `--require-ack`, SHOULD/MAY findings that are not acknowledged do.
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
use crate::engine::ack::{self, AckFile, AckFileError, Acknowledger, Date};
use crate::engine::{self, Finding, LintOptions, RuleSet, Severity};
use crate::output::{self, ReviewLink};

use super::args::{FailLevel, LintArgs, OutputFormat};
use super::inputs::{self, Input};
use super::remote::{Remote, RemoteError};
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
    // A rule set URL is the user's own choice and may be on the company
    // network; a document's `$ref`s are not: they never reach private
    // addresses (see `document::fetch`).
    let fetcher = |allow_private: bool| -> Option<Arc<dyn Fetcher>> {
        args.resolve_remote.then(|| {
            Arc::new(HttpFetcher {
                allow_private,
                ..HttpFetcher::default()
            }) as Arc<dyn Fetcher>
        })
    };
    let (ruleset_fetcher, ref_fetcher) = (fetcher(true), fetcher(args.allow_private_refs));
    let cwd = std::env::current_dir().map_err(CliError::Cwd)?;
    let expanded = inputs::expand(&args.files)?;
    if !args.quiet {
        for pattern in &expanded.unmatched {
            eprintln!("warning: glob pattern `{pattern}` did not match any files");
        }
    }
    // `APILINT_TIMING=1`: where the time went, on stderr after the report.
    let timing_rules = engine::timing::rules_to_list_from_env();
    let mut timing = timing_rules.map(|_| engine::timing::Timing::default());
    let started = std::time::Instant::now();
    // `--server`: the service lints with its rule set; all else stays here.
    let linter = match Remote::from_args(args)? {
        Some(remote) => Linter::Remote(remote),
        None => Linter::Local(rule_source::load(
            args.ruleset.as_deref(),
            &cwd,
            ruleset_fetcher,
        )?),
    };
    if let Some(t) = timing.as_mut() {
        t.add_phase(engine::timing::PHASE_RULESET, started.elapsed());
    }
    let mut acks = Acknowledger::new(Date::today());
    let ack_for = match load_acks(args, &expanded.inputs, &cwd, &mut acks) {
        Ok(ack_for) => ack_for,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            return Ok(ExitCode::Error);
        }
    };
    let load_opts = LoadOptions {
        files: FileAccess::Anywhere,
        remote: ref_fetcher,
        ..LoadOptions::default()
    };
    let ref_root = args.ref_root.as_ref().map(|r| cwd.join(r));

    let mut findings = Vec::new();
    // Findings the documents exempt themselves from (`x-zally-ignore`).
    let mut ignored = 0;
    let mut unreadable = false;
    let mut linted = 0;
    // Every linted file as the user named it (JUnit lists clean ones too).
    let mut sources: Vec<String> = Vec::new();
    // The service's permalink of each remotely linted document.
    let mut reviews: Vec<ReviewLink> = Vec::new();
    // The text of every file read, for the code frames of `-f text`.
    let mut texts: Vec<(String, Arc<str>)> = Vec::new();
    for (input, ack_file) in expanded.inputs.iter().zip(&ack_for) {
        let result = match &linter {
            Linter::Local(ruleset) => lint_input(
                input,
                args.stdin_filepath.as_deref(),
                &cwd,
                ruleset,
                &LoadOptions {
                    files: FileAccess::Within(ref_root_of(input, ref_root.as_deref(), &cwd)),
                    ..load_opts.clone()
                },
                timing.as_mut(),
                &mut texts,
            ),
            Linter::Remote(remote) => {
                match remote.lint_input(input, args.stdin_filepath.as_deref()) {
                    Ok(done) => {
                        if let Some(url) = done.review_url {
                            reviews.push(ReviewLink {
                                document: done.name.clone(),
                                url,
                            });
                        }
                        texts.push((done.name, done.text));
                        Ok((done.findings, 0, Vec::new()))
                    }
                    // An unreadable file is skipped as in a local run; a
                    // server that cannot lint ends the run.
                    Err(RemoteError::Read { name, message }) => {
                        Err(CliError::Read { name, message })
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        match result {
            Ok((mut found, exempt, warnings)) => {
                ignored += exempt;
                if !args.quiet {
                    for w in warnings {
                        eprintln!("warning: {w}");
                    }
                }
                if let Some(index) = *ack_file {
                    acks.apply(index, &mut found, &cwd);
                }
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

    if !args.quiet {
        for review in &reviews {
            eprintln!("review: {}", review.url);
        }
    }

    let outcome = acks.finish();
    findings.extend(outcome.findings);
    if ignored > 0 && !args.quiet {
        eprintln!(
            "note: {ignored} finding{} not shown: the document exempts {} with x-zally-ignore / x-lint-ignore",
            if ignored == 1 { "" } else { "s" },
            if ignored == 1 { "it" } else { "them" }
        );
    }
    if !args.quiet {
        for notice in &outcome.notices {
            eprintln!("warning: {notice}");
        }
    }

    let fail_severity = args
        .fail_on
        .map(FailLevel::severity)
        .unwrap_or_else(|| args.fail_severity.severity());
    // Both gates are decided on every finding, before `-D` hides some.
    let failing = findings
        .iter()
        .any(|f| f.acknowledged.is_none() && f.severity.at_least(fail_severity));
    let unacknowledged = findings
        .iter()
        .filter(|f| ack::awaits_acknowledgement(f))
        .count();
    if args.require_ack && unacknowledged > 0 && !args.quiet {
        let where_ = if acks.files().is_empty() {
            format!("no {} was found; create one", ack::FILE_NAME)
        } else {
            let names: Vec<&str> = acks.files().iter().map(|f| f.name.as_str()).collect();
            format!("acknowledge them in {} or fix them", names.join(", "))
        };
        eprintln!(
            "--require-ack: {unacknowledged} SHOULD/MAY finding{} not acknowledged ({where_})",
            if unacknowledged == 1 { " is" } else { "s are" }
        );
    }
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
    let context = RenderContext {
        options: output::RenderOptions {
            base_dir: Some(&cwd),
            sources: &sources,
            texts: &texts,
            code_frames: args.code_frames,
            color: false,
            fail_severity,
            notices: &outcome.notices,
            require_ack: args.require_ack,
            // Each document's review, linked from the markdown comment.
            reviews: &reviews,
        },
        quiet: args.quiet,
    };
    let started = std::time::Instant::now();
    for format in formats {
        let destination = own_file(format).or_else(|| args.output.clone());
        let report = render(format, &findings, &context, destination.is_none());
        write_report(&report, destination.as_deref())?;
        std::mem::forget(report);
    }
    if let (Some(t), Some(rules)) = (timing.as_mut(), timing_rules) {
        t.add_phase(engine::timing::PHASE_RENDER, started.elapsed());
        eprint!("{}", t.render(rules));
    }

    let code = if unreadable {
        ExitCode::Error
    } else if failing || (args.require_ack && unacknowledged > 0) {
        ExitCode::Findings
    } else {
        ExitCode::Clean
    };
    // As with the documents: the process is about to exit.
    std::mem::forget(findings);
    Ok(code)
}

/// What every report of a run is rendered with, besides the findings.
struct RenderContext<'a> {
    options: output::RenderOptions<'a>,
    quiet: bool,
}

/// What lints the documents: a rule set here, or the service (`--server`).
enum Linter {
    Local(RuleSet),
    Remote(Remote),
}

/// One report in one format.
fn render(
    format: OutputFormat,
    findings: &[Finding],
    ctx: &RenderContext<'_>,
    to_stdout: bool,
) -> String {
    // Spectral prints its "No results" line unless --quiet.
    if format == OutputFormat::Text && findings.is_empty() && ctx.quiet {
        return String::new();
    }
    let color = format == OutputFormat::Text
        && to_stdout
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    output::render(
        format,
        findings,
        &output::RenderOptions {
            color,
            ..ctx.options
        },
    )
}

/// Finds and loads the acknowledgement file of each input (`--ack-file`,
/// else the `.apilint-ack.yaml` found next to it); returns, per input, the
/// index of its file in `acks`. Each file is loaded once. Every file that
/// cannot be used is an error.
fn load_acks(
    args: &LintArgs,
    inputs: &[Input],
    cwd: &Path,
    acks: &mut Acknowledger,
) -> Result<Vec<Option<usize>>, Vec<AckFileError>> {
    if let Some(path) = &args.ack_file {
        let file = AckFile::load(path, &path.display().to_string(), cwd).map_err(|e| vec![e])?;
        let index = acks.add(file);
        return Ok(vec![Some(index); inputs.len()]);
    }
    let mut seen: Vec<(PathBuf, Option<usize>)> = Vec::new();
    let mut errors = Vec::new();
    let mut ack_for = Vec::with_capacity(inputs.len());
    for input in inputs {
        // Where the document is, or says it is (`--stdin-filepath`).
        let document = match input {
            Input::File(path) => Some(cwd.join(path)),
            Input::Stdin => args.stdin_filepath.as_ref().map(|p| cwd.join(p)),
        };
        let start = match &document {
            Some(doc) => doc.parent().unwrap_or(cwd).to_path_buf(),
            None => cwd.to_path_buf(),
        };
        let Some(path) = ack::discover(&start, cwd) else {
            ack_for.push(None);
            continue;
        };
        if let Some((_, index)) = seen.iter().find(|(p, _)| *p == path) {
            ack_for.push(*index);
            continue;
        }
        // Named relative to the current directory when it is inside it,
        // as documents are.
        let name = path
            .strip_prefix(cwd)
            .map(|rel| rel.display().to_string())
            .unwrap_or_else(|_| path.display().to_string());
        let index = match AckFile::load(&path, &name, cwd) {
            Ok(file) => Some(acks.add(file)),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        seen.push((path, index));
        ack_for.push(index);
    }
    if errors.is_empty() {
        Ok(ack_for)
    } else {
        Err(errors)
    }
}

/// The folder file `$ref`s of `input` may read from: `--ref-root`, else
/// the current directory (the checkout a pipeline runs in), or the input's
/// own folder when the input is outside the current directory.
///
/// A document comes from anyone (a pull request) and its report is often
/// published (a PR comment): a `$ref` to `/etc/passwd`, `~/.netrc` or
/// `../../secrets.yaml` must not pull another file of the machine into it.
fn ref_root_of(input: &Input, ref_root: Option<&Path>, cwd: &Path) -> PathBuf {
    if let Some(root) = ref_root {
        return root.to_path_buf();
    }
    match input {
        Input::File(path) => {
            let absolute = cwd.join(path);
            let inside = |dir: &Path| {
                let real = std::fs::canonicalize(&absolute).unwrap_or_else(|_| absolute.clone());
                let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                real.starts_with(dir)
            };
            if inside(cwd) {
                cwd.to_path_buf()
            } else {
                absolute
                    .parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
            }
        }
        Input::Stdin => cwd.to_path_buf(),
    }
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
    timing: Option<&mut engine::timing::Timing>,
    texts: &mut Vec<(String, Arc<str>)>,
) -> Result<(Vec<Finding>, usize, Vec<String>), CliError> {
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
            let lint_opts = LintOptions {
                timing: timing.is_some(),
                ..LintOptions::default()
            };
            let report = engine::lint(&ws, ruleset, &lint_opts);
            if let Some(t) = timing {
                let load = ws.load_times();
                t.add_phase(engine::timing::PHASE_PARSE, load.parse);
                t.add_phase(engine::timing::PHASE_RESOLVE, load.resolve);
                if let Some(lint) = &report.timing {
                    t.add_lint(lint);
                }
            }
            let warnings = unknown_ignore_warnings(&ws, ruleset);
            // Every file of the document (refs included): a finding may be
            // in any of them. The texts are shared, not copied.
            texts.extend(ws.docs().iter().map(|d| (d.name.clone(), d.text.clone())));
            // The process ends right after the report: freeing a big
            // document node by node would only delay the exit (by tens of
            // milliseconds on a 5 MB spec). The OS reclaims it at once.
            std::mem::forget(ws);
            Ok((report.findings, report.ignored.len(), warnings))
        }
        Err(LoadError::Parse { name, text, error }) => {
            let finding = parse_error_finding(&name, &text, &error);
            texts.push((name, text));
            Ok((vec![finding], 0, Vec::new()))
        }
        Err(LoadError::Read { name, message }) => Err(CliError::Read { name, message }),
    }
}

/// `file:line:col: x-zally-ignore names "X", which is no rule of the rule
/// set; it ignores nothing` for each suppression entry that matches no
/// rule: a typo there would otherwise pass without a word while the
/// finding it was meant to hide stays.
fn unknown_ignore_warnings(ws: &Workspace, ruleset: &RuleSet) -> Vec<String> {
    let docs = ws.docs().iter().map(|d| (d.name.as_str(), &d.tree));
    let codes = ruleset.rules.iter().map(|r| r.name.as_str());
    engine::suppress::unknown_entries(docs, codes)
        .into_iter()
        .map(|u| {
            let at = ws
                .docs()
                .iter()
                .find(|d| d.name == u.source)
                .map(|d| d.position(u.span.start as usize))
                .map(|p| format!("{}:{}:{}", u.source, p.line + 1, p.character + 1))
                .unwrap_or(u.source.clone());
            format!(
                "{at}: {} names \"{}\", which is no rule of {}; it ignores nothing",
                u.key, u.entry, ruleset.source
            )
        })
        .collect()
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
        acknowledged: None,
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
