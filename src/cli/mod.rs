//! The command line: argument parsing, the subcommands, and exit codes.
//!
//! [`args`] declares the commands with clap and only validates their
//! syntax; each subcommand module ([`lint`], [`rules`], and
//! [`crate::service::serve`] for `serve`) then resolves the
//! arguments into ready objects (files, a loaded rule set), runs, and
//! returns an exit code. Rendering lives in [`crate::output`], linting in
//! [`crate::engine`]: this module only wires them to the terminal, the file
//! system and the process exit code.
//!
//! Exit codes follow Spectral's CLI so that pipelines written for it keep
//! working: see [`ExitCode`].

pub mod args;
mod error;
mod health;
mod inputs;
pub mod lint;
mod remote;
mod rule_source;
pub mod rules;

use std::ffi::OsString;

use clap::Parser;

pub use args::{Cli, Command};
pub use error::CliError;
pub use rule_source::DEFAULT_BUILTIN;

/// Process exit codes, Spectral's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// No finding at or above the fail severity.
    Clean = 0,
    /// At least one finding at or above the fail severity.
    Findings = 1,
    /// A usage error, an unreadable file, a bad rule set: nothing trustworthy
    /// was linted.
    Error = 2,
}

/// Runs the command line with the process arguments; returns the exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// Runs the command line with explicit arguments (the first is the program
/// name, as in `std::env::args_os`).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(args::rewrite_output_flags(args)) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` arrive here too; clap knows whether
            // this is an error (stderr, exit 2) or requested output (stdout, 0).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Error as i32
            } else {
                ExitCode::Clean as i32
            };
        }
    };
    let code = match cli.command {
        Command::Lint(args) => {
            args.js.apply();
            lint::run(&args)
        }
        Command::Rules(args) => rules::run(&args),
        Command::Serve(args) => {
            args.js.apply();
            crate::service::serve::run(&args)
        }
        Command::Health(args) => health::run(&args),
    };
    code as i32
}
