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

use crate::sandbox::imports::ImportedFile;
use crate::sandbox::{self, Imports, ScriptModule, check_module};

use super::LoadOptions;
use super::extends::{self, Origin};
use super::source::Issue;
use super::syntax::RawRuleset;

/// A file's functions by name; `None` for one that did not load (already
/// reported, so rules calling it are not reported again).
pub(super) type CustomFunctions = HashMap<String, Option<Arc<ScriptModule>>>;

/// Where a file's functions live.
enum Folder {
    /// The functions folder, and the rule set's folder (which imports
    /// between function files may not leave).
    Dir(PathBuf, PathBuf),
    Url(String),
}

/// Most files the functions of one rule set file may import, together.
const MAX_IMPORTED_FILES: usize = 256;

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
        Origin::File(file) => {
            let base = extends::normalize(file.parent().unwrap_or(Path::new("")));
            Folder::Dir(base.join(dir), base)
        }
        Origin::Inline {
            base_dir: Some(base),
        } => {
            let base = extends::normalize(base);
            Folder::Dir(base.join(dir), base)
        }
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
    let mut imports = Imports::default();
    let mut read_ok: Vec<(String, String, Arc<str>)> = Vec::new();
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
            Folder::Dir(d, _) => {
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
        let imported = match &folder {
            Folder::Dir(_, root) => read_imports(&path, &source, root, opts, &mut imports),
            Folder::Url(_) if !sandbox::imports::scan(&source).relative.is_empty() => Err(format!(
                "{path} imports other files, which is only supported for rule sets read from files"
            )),
            Folder::Url(_) => Ok(()),
        };
        if let Err(why) = imported {
            issues.push(Issue::at(name.span, format!("function \"{n}\": {why}")));
            out.insert(n.to_string(), None);
            continue;
        }
        if let Err(why) = check_module(&path, &source, &imports) {
            issues.push(Issue::at(
                name.span,
                format!("function \"{n}\" ({path}) does not compile: {why}"),
            ));
            out.insert(n.to_string(), None);
            continue;
        }
        read_ok.push((n.to_string(), path, source));
    }
    let imports = Arc::new(imports);
    for (n, path, source) in read_ok {
        let module = ScriptModule::new(n.clone(), path, source, set, imports.clone());
        out.insert(n, Some(Arc::new(module)));
    }
    out
}

/// Reads every file `source` (the file `path`) imports by a relative name,
/// and what those import in turn, into `imports`: each must be inside
/// `root` (the rule set's folder). Names resolve as in Node: the file
/// itself, or with `.js`, `.mjs` or `.cjs` added, or `index.js` in that
/// folder. (The ES modules among them are compiled with the function that
/// imports them.)
fn read_imports(
    path: &str,
    source: &str,
    root: &Path,
    opts: &LoadOptions,
    imports: &mut Imports,
) -> Result<(), String> {
    let mut queue: Vec<(String, sandbox::imports::Scan)> =
        vec![(path.to_string(), sandbox::imports::scan(source))];
    while let Some((file, scan)) = queue.pop() {
        let dir = Path::new(&file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for name in scan.relative {
            if imports.resolved.contains_key(&(file.clone(), name.clone())) {
                continue;
            }
            let wanted = extends::normalize(&dir.join(&name));
            if !wanted.starts_with(root) {
                return Err(format!(
                    "{file} imports '{name}', which is outside the rule set's folder ({}); only files inside it can be imported",
                    root.display()
                ));
            }
            let with = |ext: &str| {
                let mut p = wanted.clone().into_os_string();
                p.push(ext);
                PathBuf::from(p)
            };
            let found = [
                wanted.clone(),
                with(".js"),
                with(".mjs"),
                with(".cjs"),
                wanted.join("index.js"),
            ]
            .into_iter()
            .find(|p| p.is_file())
            .ok_or_else(|| {
                format!(
                    "{file} imports '{name}', but there is no such file ({} with or without .js, .mjs, .cjs, or index.js in it)",
                    wanted.display()
                )
            })?;
            let key = found.display().to_string();
            imports
                .resolved
                .insert((file.clone(), name.clone()), key.clone());
            if imports.files.contains_key(&key) || key == path {
                continue;
            }
            if imports.files.len() >= MAX_IMPORTED_FILES {
                return Err(format!(
                    "its imports reach more than {MAX_IMPORTED_FILES} files"
                ));
            }
            let text = extends::check_access(&found, &opts.files)
                .and_then(|()| extends::read_file(&found))
                .map_err(|why| {
                    format!("{file} imports '{name}' ({key}), which cannot be read: {why}")
                })?;
            let found_scan = sandbox::imports::scan(&text);
            imports.files.insert(
                key.clone(),
                ImportedFile {
                    source: text,
                    esm: found_scan.esm,
                },
            );
            queue.push((key, found_scan));
        }
    }
    Ok(())
}

/// A relative path that stays inside its folder (no `..`, not absolute).
fn is_relative_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}
