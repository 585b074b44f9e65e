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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint OpenAPI documents (YAML or JSON) against a rule set.
    #[command(after_help = LINT_AFTER_HELP)]
    Lint(LintArgs),
    /// List the rules of a rule set, or explain one rule.
    #[command(after_help = RULES_AFTER_HELP)]
    Rules(RulesArgs),
    /// Run the HTTP service: the JSON API, stored reviews, Zally-compatible
    /// endpoints and metrics.
    #[command(after_help = SERVE_AFTER_HELP)]
    Serve(ServeArgs),
    /// Check that a running service answers (exit 0) or not (exit 1), for
    /// container health checks.
    Health(HealthArgs),
}

/// `apilint health`.
#[derive(Debug, Clone, Args)]
pub struct HealthArgs {
    /// The service's listen address, as given to `apilint serve` (a
    /// wildcard such as 0.0.0.0 is asked on the loopback interface).
    #[arg(
        long,
        env = "APILINT_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "HOST:PORT"
    )]
    pub addr: std::net::SocketAddr,

    /// The service's base URL; when given, --addr is not used.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Ask `/ready` (rule set loaded, database answering) instead of
    /// `/health` (the process serves requests).
    #[arg(long)]
    pub ready: bool,

    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 5, value_name = "SECONDS")]
    pub timeout: u64,

    /// Print nothing when healthy.
    #[arg(short, long)]
    pub quiet: bool,
}

const SERVE_AFTER_HELP: &str = "\
Every flag can also be set with the environment variable shown next to it.
`apilint serve` alone listens on 127.0.0.1:8080, keeps reviews in SQLite
under ./apilint-data and lints with the built-in apilint:zalando rule set.";

/// `apilint serve`. Parsed here, turned into a ready configuration by
/// `crate::service::config`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. The default only accepts local connections;
    /// use 0.0.0.0:8080 in a container.
    #[arg(
        long,
        env = "APILINT_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "HOST:PORT"
    )]
    pub addr: std::net::SocketAddr,

    /// Directory for the SQLite database and the rule set checkout.
    #[arg(
        long,
        env = "APILINT_DATA_DIR",
        default_value = "apilint-data",
        value_name = "DIR"
    )]
    pub data_dir: PathBuf,

    /// Database for reviews and statistics: `postgres://user:pass@host/db`
    /// (shared by replicas) or `sqlite://FILE?mode=rwc`. Default: SQLite in
    /// --data-dir.
    #[arg(
        long,
        env = "APILINT_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Seconds to keep trying at start-up while the database does not
    /// answer (refused, timed out, still starting), before giving up. A
    /// replica started beside its database, or while the database
    /// restarts, comes up once it answers instead of exiting. 0: one try.
    #[arg(
        long,
        env = "APILINT_DATABASE_WAIT",
        default_value_t = 60,
        value_name = "SECS"
    )]
    pub database_wait: u64,

    /// Rule set when no --ruleset-repo is given: a built-in name or a file.
    #[arg(long, env = "APILINT_RULESET", default_value = super::rule_source::DEFAULT_BUILTIN, value_name = "RULESET")]
    pub ruleset: String,

    /// Git repository (URL or local path) holding the company rule set.
    #[arg(long, env = "APILINT_RULESET_REPO", value_name = "URL|PATH")]
    pub ruleset_repo: Option<String>,

    /// Branch, tag or commit of --ruleset-repo (default: its HEAD).
    #[arg(
        long,
        env = "APILINT_RULESET_REF",
        value_name = "REF",
        requires = "ruleset_repo"
    )]
    pub ruleset_ref: Option<String>,

    /// The rule set file inside --ruleset-repo.
    #[arg(
        long,
        env = "APILINT_RULESET_PATH",
        default_value = ".spectral.yaml",
        value_name = "PATH"
    )]
    pub ruleset_path: String,

    /// Seconds between pulls of --ruleset-repo; 0 pulls only on reload.
    #[arg(
        long,
        env = "APILINT_RULESET_POLL",
        default_value_t = 60,
        value_name = "SECONDS"
    )]
    pub ruleset_poll: u64,

    /// Bearer token for POST /api/v1/admin/reload. Without it (and without
    /// --webhook-secret) reloading over HTTP is disabled.
    #[arg(
        long,
        env = "APILINT_ADMIN_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,

    /// Secret of the git host's push webhook (GitHub's HMAC signature).
    #[arg(
        long,
        env = "APILINT_WEBHOOK_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,

    /// Bearer token every API request must carry. Default: none (open).
    #[arg(
        long,
        env = "APILINT_API_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub api_token: Option<String>,

    /// Largest request body in bytes; larger requests get 413.
    #[arg(long, env = "APILINT_MAX_BODY", default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,

    /// Seconds a request may take; slower ones get 503.
    #[arg(
        long,
        env = "APILINT_REQUEST_TIMEOUT",
        default_value_t = 30,
        value_name = "SECONDS"
    )]
    pub request_timeout: u64,

    /// Allow `spec_url` / `api_definition_url`: fetch specs from these
    /// hosts (comma-separated; `*.example.com` matches subdomains).
    #[arg(
        long,
        env = "APILINT_ALLOW_URL_FETCH",
        value_name = "HOSTS",
        value_delimiter = ','
    )]
    pub allow_url_fetch: Vec<String>,

    /// Origins allowed to call the API from a browser (CORS), comma-separated,
    /// or `*` for any.
    #[arg(
        long,
        env = "APILINT_CORS_ORIGINS",
        value_name = "ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// Most lints that run at once (default: the number of CPUs).
    #[arg(long, env = "APILINT_MAX_CONCURRENT_LINTS", value_name = "N")]
    pub max_concurrent_lints: Option<usize>,

    /// Memory for reusing lint results, in MB (0 turns it off). A spec
    /// posted again with the same rule set and options gets the findings
    /// of its earlier lint without being linted again; it is still stored
    /// as a review of its own.
    #[arg(
        long,
        env = "APILINT_LINT_CACHE_MB",
        default_value_t = 64,
        value_name = "MB"
    )]
    pub lint_cache_mb: usize,
    /// Most lint requests that wait for a free lint slot; past it, and
    /// after --queue-timeout of waiting, a lint is refused with 503 and
    /// Retry-After (0: never wait).
    #[arg(
        long,
        env = "APILINT_MAX_QUEUE",
        default_value_t = 64,
        value_name = "N"
    )]
    pub max_queue: usize,

    /// Most bytes of request bodies held in memory at once (being read,
    /// waiting, or being linted); a body that would pass it is refused with
    /// 503 and Retry-After. Default: 16 times --max-body, at least 64 MiB.
    #[arg(long, env = "APILINT_MAX_BODY_MEMORY", value_name = "BYTES")]
    pub max_body_memory: Option<usize>,

    /// Seconds a lint request may wait for a free lint slot before 503.
    #[arg(
        long,
        env = "APILINT_QUEUE_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS"
    )]
    pub queue_timeout: u64,

    /// Seconds a client has to send a request's headers (and an idle
    /// connection to start its next request), and again its body; a slower
    /// client gets 408 or a closed connection.
    #[arg(
        long,
        env = "APILINT_READ_TIMEOUT",
        default_value_t = 15,
        value_name = "SECONDS"
    )]
    pub read_timeout: u64,

    /// Most open client connections; further ones wait in the listen
    /// backlog until one closes.
    #[arg(
        long,
        env = "APILINT_MAX_CONNECTIONS",
        default_value_t = 4096,
        value_name = "N"
    )]
    pub max_connections: usize,

    /// Log format.
    #[arg(long, env = "APILINT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, value_name = "FORMAT")]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub js: JsLimitArgs,
}

/// Limits for rule sets' custom JavaScript functions (`apilint lint` and
/// `apilint serve`).
#[derive(Debug, Clone, Copy, Args)]
pub struct JsLimitArgs {
    /// Longest one call of a rule set's JavaScript function may run, in
    /// milliseconds; a call past it is stopped with a rule-function-error
    /// finding.
    #[arg(long, env = "APILINT_JS_TIMEOUT_MS", default_value_t = crate::sandbox::Limits::DEFAULT_TIMEOUT_MS, value_name = "MS")]
    pub js_timeout_ms: u64,

    /// Most memory the JavaScript functions of one rule set may use, in MB
    /// (per walk thread: each has its own runtime).
    #[arg(long, env = "APILINT_JS_MEMORY_MB", default_value_t = crate::sandbox::Limits::DEFAULT_MEMORY_MB, value_name = "MB")]
    pub js_memory_mb: usize,
}

impl JsLimitArgs {
    /// Makes these the sandbox's limits for this process.
    pub fn apply(&self) {
        crate::sandbox::set_limits(crate::sandbox::Limits {
            timeout: std::time::Duration::from_millis(self.js_timeout_ms.max(1)),
            memory_bytes: self.js_memory_mb.max(1) << 20,
        });
    }
}

/// `apilint serve --log-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per event, for log collectors.
    Json,
}

const RULES_AFTER_HELP: &str = "\
The rule set is chosen as for `apilint lint`: --ruleset, else .spectral.yaml,
.spectral.yml or .spectral.json in the current directory, else apilint:zalando.";

/// `apilint rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// Rule set: a file path, a URL (with --resolve-remote), or a built-in
    /// name such as `apilint:zalando` or `spectral:oas`.
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
    /// name such as `apilint:zalando` or `spectral:oas`.
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

    /// File `$ref`s may only read files inside this folder. Default: the
    /// current directory, or a document's own folder when the document is
    /// outside it. `--ref-root /` reads any file, as Spectral does.
    #[arg(long, value_name = "DIR")]
    pub ref_root: Option<PathBuf>,

    /// How many findings (the first ones) `-f text` shows with a code
    /// frame: their lines with context and carets under the range. 0 turns
    /// frames off.
    #[arg(long, value_name = "N", default_value_t = crate::output::text::DEFAULT_CODE_FRAMES)]
    pub code_frames: usize,

    /// The file name to report (and to resolve relative `$ref`s against)
    /// for a document read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filepath: Option<String>,

    /// Allow network access: follow `http(s)` `$ref`s and load rule sets
    /// (and their `extends`) from URLs. Off by default.
    #[arg(long)]
    pub resolve_remote: bool,

    /// With --resolve-remote, let a document's `$ref`s reach loopback,
    /// private and link-local addresses too (a schema server on your own
    /// network). Never for documents you do not trust: their refs could
    /// read the network the linter runs in into the report.
    #[arg(long, requires = "resolve_remote")]
    pub allow_private_refs: bool,

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

    /// Lint on a running `apilint serve` at this URL, with its rule set
    /// (`-r` picks one it has by name); the report, gate and
    /// acknowledgements stay local. Only each root document's text is
    /// sent: relative `$ref`s to other files become `invalid-ref` findings.
    #[arg(long, env = "APILINT_SERVER", value_name = "URL")]
    pub server: Option<String>,

    /// Bearer token for --server (the service's --api-token); unused
    /// without --server.
    #[arg(
        long,
        env = "APILINT_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    #[command(flatten)]
    pub js: JsLimitArgs,
}

/// `--format`: the renderers' own list, shared with the service's
/// `?format=`.
pub use crate::output::OutputFormat;

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
