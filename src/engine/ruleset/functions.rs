//! `functions` and `functionsDir`: reading a rule set file's JavaScript
//! functions, each `NAME.js` in the functions folder (default `functions/`
//! beside the rule set; a URL rule set's functions are fetched beside it).
//!
//! Each file is read and compiled (not run) here, so a missing file or a
//! syntax error is a rule set error at the name that asks for it. Running
//! them is [`crate::sandbox`]'s job. A file's functions are visible to the
//! rules that file defines, as in Spectral.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::sandbox::{ScriptModule, check_module};

use super::LoadOptions;
use super::extends::{self, Origin};
use super::source::Issue;
use super::syntax::RawRuleset;

/// A file's functions by name; `None` for one that did not load (already
/// reported, so rules calling it are not reported again).
pub(super) type CustomFunctions = HashMap<String, Option<Arc<ScriptModule>>>;

/// Where a file's functions live.
enum Folder {
    Dir(PathBuf),
    Url(String),
}

/// Reads the functions `raw` declares. `set` is the rule set load they
/// belong to.
pub(super) fn load(
    raw: &RawRuleset,
    origin: &Origin,
    opts: &LoadOptions,
    set: u64,
    issues: &mut Vec<Issue>,
) -> CustomFunctions {
    let mut out = CustomFunctions::new();
    if raw.functions.is_empty() {
        return out;
    }
    let dir = raw
        .functions_dir
        .as_ref()
        .map_or("functions", |t| t.value.as_str());
    let folder = match origin {
        Origin::File(file) => Folder::Dir(file.parent().unwrap_or(Path::new("")).join(dir)),
        Origin::Inline {
            base_dir: Some(base),
        } => Folder::Dir(base.join(dir)),
        Origin::Url(base) => Folder::Url(extends::join_url(base, &format!("{dir}/"))),
        Origin::Inline { base_dir: None } => {
            issues.push(Issue::at(
                raw.functions[0].span,
                "this rule set was not read from a file, so it has no folder to load functions from",
            ));
            return out;
        }
        Origin::Builtin(name) => {
            issues.push(Issue::at(
                raw.functions[0].span,
                format!("the built-in rule set \"{name}\" cannot load functions"),
            ));
            return out;
        }
    };
    for name in &raw.functions {
        let n = name.value.as_str();
        if !is_relative_name(n) {
            issues.push(Issue::at(
                name.span,
                format!("function name \"{n}\" must be a file name inside the functions folder"),
            ));
            continue;
        }
        let file = format!("{n}.js");
        let read = match &folder {
            Folder::Dir(d) => {
                let path = extends::normalize(&d.join(&file));
                let shown = path.display().to_string();
                extends::check_access(&path, &opts.files)
                    .and_then(|()| extends::read_file(&path))
                    .map(|text| (shown.clone(), text))
                    .map_err(|why| format!("cannot read function \"{n}\" ({shown}): {why}"))
            }
            Folder::Url(base) => {
                let url = extends::join_url(base, &file);
                match (&opts.fetcher, opts.allow_remote) {
                    (Some(f), true) => f
                        .fetch(&url)
                        .map(|text| (url.clone(), Arc::from(text)))
                        .map_err(|e| format!("cannot fetch function \"{n}\" ({url}): {e}")),
                    _ => Err(format!(
                        "cannot fetch function \"{n}\" ({url}): remote rule sets are disabled"
                    )),
                }
            }
        };
        let (path, source) = match read {
            Ok(r) => r,
            Err(why) => {
                issues.push(Issue::at(name.span, why));
                out.insert(n.to_string(), None);
                continue;
            }
        };
        if let Err(why) = check_module(&path, &source) {
            issues.push(Issue::at(
                name.span,
                format!("function \"{n}\" ({path}) does not compile: {why}"),
            ));
            out.insert(n.to_string(), None);
            continue;
        }
        out.insert(
            n.to_string(),
            Some(Arc::new(ScriptModule::new(
                n.to_string(),
                path,
                source,
                set,
            ))),
        );
    }
    out
}

/// A relative path that stays inside its folder (no `..`, not absolute).
fn is_relative_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}
