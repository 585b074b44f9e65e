//! Which rule set a lint uses: `-r` (a file or a built-in name), else a
//! `.spectral.yaml|yml|json` in the current directory, else the built-in
//! default.
//!
//! Loading and validating the rule set itself is [`crate::engine::ruleset`]'s
//! job; this module only decides where it comes from. A rule set at a URL
//! (and any URL it `extends`) is fetched only when network access was
//! allowed with `--resolve-remote`, i.e. when a fetcher is passed in.

use std::path::Path;
use std::sync::Arc;

use crate::document::workspace::Fetcher;
use crate::engine::RuleSet;
use crate::engine::ruleset;

use super::CliError;

/// The built-in rule set used when neither `-r` nor a `.spectral.*` file
/// names one: the Zalando guidelines, the product's reason to exist. A
/// team that wants Spectral's structural checks as well names both
/// (`extends: [spectral:oas, apilint:zalando]`).
pub const DEFAULT_BUILTIN: &str = "apilint:zalando";

/// Loads the rule set named by `arg` (the `-r` value), or the default for
/// `cwd`. `fetcher` is present when network access is allowed. The rule
/// set's warnings go to stderr, one `warning: file:line:col: ...` each.
pub fn load(
    arg: Option<&str>,
    cwd: &Path,
    fetcher: Option<Arc<dyn Fetcher>>,
) -> Result<RuleSet, CliError> {
    let ruleset = load_quietly(arg, cwd, fetcher)?;
    for w in &ruleset.warnings {
        eprintln!("warning: {w}");
    }
    Ok(ruleset)
}

fn load_quietly(
    arg: Option<&str>,
    cwd: &Path,
    fetcher: Option<Arc<dyn Fetcher>>,
) -> Result<RuleSet, CliError> {
    let opts = ruleset::LoadOptions {
        allow_remote: fetcher.is_some(),
        fetcher: fetcher.clone(),
        ..ruleset::LoadOptions::default()
    };
    match arg {
        Some(url) if crate::document::pointer::is_remote(url) => {
            let Some(fetcher) = fetcher else {
                return Err(CliError::RemoteRuleset(url.to_string()));
            };
            let text = fetcher.fetch(url).map_err(|message| CliError::Read {
                name: url.to_string(),
                message,
            })?;
            // No base directory: a remote rule set may extend URLs and
            // built-ins, and its relative `extends` are reported as errors.
            ruleset::load_str(url, &text, None, &opts).map_err(|source| CliError::Ruleset {
                name: url.to_string(),
                source,
            })
        }
        // A file of that name wins over a built-in, so a file that happens
        // to be called `spectral:oas` can still be linted with.
        Some(name)
            if crate::engine::ruleset::is_builtin_name(name) && !Path::new(name).exists() =>
        {
            ruleset::load_builtin(name).map_err(|source| CliError::Ruleset {
                name: name.to_string(),
                source,
            })
        }
        Some(path) => load_file(Path::new(path), &opts),
        None => match ruleset::find_default(cwd) {
            Some(path) => load_file(&path, &opts),
            None => ruleset::load_builtin(DEFAULT_BUILTIN).map_err(|source| CliError::Ruleset {
                name: DEFAULT_BUILTIN.to_string(),
                source,
            }),
        },
    }
}

fn load_file(path: &Path, opts: &ruleset::LoadOptions) -> Result<RuleSet, CliError> {
    ruleset::load_file(path, opts).map_err(|source| CliError::Ruleset {
        name: path.display().to_string(),
        source,
    })
}
