//! Finding and reading what an `extends` entry names: a built-in rule set,
//! a file (relative to the extending file's folder), or an `http(s)` URL
//! (relative entries inside a remote rule set stay remote).
//!
//! The policy lives here too: which files may be read
//! ([`FileAccess`]), and that URLs need both `allow_remote` and a fetcher.
//! Merging what was read is [`super::loader`]'s job.

use crate::document::workspace::absolute as lexical_absolute;
pub(super) use crate::document::workspace::normalize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::pointer::is_remote;
use crate::document::workspace::{FileAccess, decode_text};

use super::LoadOptions;
use super::builtin::{self, BuiltinRuleset};

/// Where a rule set came from: what its own relative entries resolve
/// against.
#[derive(Clone, Debug)]
pub(super) enum Origin {
    /// A file, by the path it was reached through (relative paths stay
    /// relative, so error messages read like what the user typed).
    File(PathBuf),
    Url(String),
    Builtin(&'static str),
    /// Text given directly ([`super::load_str`]).
    Inline {
        base_dir: Option<PathBuf>,
    },
}

/// What an `extends` entry names.
#[derive(Clone, Copy)]
pub(super) enum Located<'a> {
    Builtin(BuiltinRuleset),
    File(&'a Path),
    Url(&'a str),
}

/// An `extends` target, resolved against the extending rule set.
#[derive(Debug)]
pub(super) enum Target {
    Builtin(&'static str, BuiltinRuleset),
    File(PathBuf),
    Url(String),
}

impl Target {
    pub fn located(&self) -> Located<'_> {
        match self {
            Target::Builtin(_, b) => Located::Builtin(*b),
            Target::File(p) => Located::File(p),
            Target::Url(u) => Located::Url(u),
        }
    }

    /// What the loaded rule set's own relative entries resolve against.
    pub fn origin(&self) -> Origin {
        match self {
            Target::Builtin(n, _) => Origin::Builtin(n),
            Target::File(p) => Origin::File(p.clone()),
            Target::Url(u) => Origin::Url(u.clone()),
        }
    }

    /// How errors name it.
    pub fn display(&self) -> String {
        match self {
            Target::Builtin(n, _) => n.to_string(),
            Target::File(p) => p.display().to_string(),
            Target::Url(u) => u.clone(),
        }
    }

    /// A key that is the same however the target was reached (for cycle
    /// detection and to load a diamond's shared base once).
    pub fn identity(&self) -> String {
        match self {
            Target::Builtin(n, _) => format!("builtin:{n}"),
            Target::File(p) => {
                let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| lexical_absolute(p));
                format!("file:{}", canonical.display())
            }
            Target::Url(u) => format!("url:{u}"),
        }
    }
}

/// Resolves `entry` (as written in a rule set from `parent`).
pub(super) fn resolve(entry: &str, parent: &Origin) -> Result<Target, String> {
    if is_remote(entry) {
        return Ok(Target::Url(entry.to_string()));
    }
    if builtin::is_builtin_name(entry) {
        let (name, b) = builtin::lookup(entry)?;
        return Ok(Target::Builtin(name, b));
    }
    let path = Path::new(entry);
    match parent {
        Origin::File(file) => {
            let dir = file.parent().unwrap_or(Path::new(""));
            Ok(Target::File(normalize(&dir.join(path))))
        }
        // A remote rule set never reaches local files: every path in it is
        // a URL reference (`/x.yaml` is on the same host).
        Origin::Url(base) => Ok(Target::Url(join_url(base, entry))),
        Origin::Builtin(name) => Err(format!(
            "the built-in rule set \"{name}\" cannot extend the file \"{entry}\""
        )),
        Origin::Inline {
            base_dir: Some(dir),
        } => Ok(Target::File(normalize(&dir.join(path)))),
        Origin::Inline { base_dir: None } if path.is_absolute() => {
            Ok(Target::File(normalize(path)))
        }
        Origin::Inline { base_dir: None } => Err(format!(
            "cannot resolve the relative path \"{entry}\": this rule set was not read from a file, so it has no folder"
        )),
    }
}

/// What a target holds.
pub(super) enum Content {
    Text(Arc<str>),
    Native(fn() -> crate::engine::rule::RuleSet),
}

/// Reads a target, enforcing the file and remote policies of `opts`.
/// `written` is the entry as the rule set spelled it, for messages.
pub(super) fn read(
    target: Located<'_>,
    written: &str,
    opts: &LoadOptions,
) -> Result<Content, String> {
    match target {
        Located::Builtin(BuiltinRuleset::Yaml(text)) => Ok(Content::Text(Arc::from(text()))),
        Located::Builtin(BuiltinRuleset::Native(f)) => Ok(Content::Native(f)),
        Located::Url(url) => {
            let fetcher = match (&opts.fetcher, opts.allow_remote) {
                (Some(f), true) => f,
                _ => {
                    return Err(format!(
                        "cannot extend \"{url}\": remote rule sets are disabled"
                    ));
                }
            };
            let text = fetcher
                .fetch(url)
                .map_err(|e| format!("cannot fetch the extended rule set \"{url}\": {e}"))?;
            Ok(Content::Text(Arc::from(text)))
        }
        Located::File(path) => {
            check_access(path, &opts.files)
                .map_err(|why| format!("cannot extend \"{written}\": {why}"))?;
            read_file(path).map(Content::Text).map_err(|why| {
                let mut msg = format!("cannot read the extended rule set \"{written}\" ({}): {why}", path.display());
                if looks_like_package(written) {
                    msg.push_str(" (npm packages are not supported in extends; name a file, a URL or a built-in)");
                }
                msg
            })
        }
    }
}

pub(super) fn read_file(path: &Path) -> Result<Arc<str>, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    })?;
    Ok(Arc::from(decode_text(bytes)?))
}

pub(super) fn check_access(path: &Path, access: &FileAccess) -> Result<(), String> {
    match access {
        FileAccess::Anywhere => Ok(()),
        FileAccess::Deny => Err("reading rule set files is disabled here".to_string()),
        FileAccess::Within(dir) => {
            // Compare real paths so neither `..` nor a symlink escapes.
            let real = std::fs::canonicalize(path).map_err(|_| "no such file".to_string())?;
            let root = std::fs::canonicalize(dir).unwrap_or_else(|_| lexical_absolute(dir));
            if real.starts_with(&root) {
                Ok(())
            } else {
                Err(format!("only files inside {} may be read", dir.display()))
            }
        }
    }
}

/// `some-package` or `@scope/package`: what Spectral would look up in
/// `node_modules`.
fn looks_like_package(entry: &str) -> bool {
    let lower = entry.to_ascii_lowercase();
    !entry.starts_with('.')
        && !Path::new(entry).is_absolute()
        && ![".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// Resolves a relative reference against a base URL (RFC 3986, for the
/// forms rule sets use: `x.yaml`, `../x.yaml`, `/x.yaml`, `//host/x`).
pub(super) fn join_url(base: &str, reference: &str) -> String {
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let scheme = &base[..scheme_end.saturating_sub(3)];
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let path_start = base[scheme_end..]
        .find('/')
        .map(|i| scheme_end + i)
        .unwrap_or(base.len());
    let authority = &base[..path_start];
    let base_path = base[path_start..].split(['?', '#']).next().unwrap_or("");
    let joined = if reference.starts_with('/') {
        reference.to_string()
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        format!("{dir}{reference}")
    };
    let (path, suffix) = match joined.find(['?', '#']) {
        Some(i) => (&joined[..i], &joined[i..]),
        None => (joined.as_str(), ""),
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *seg {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            s => segments.push(s),
        }
    }
    format!("{authority}/{}{suffix}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_resolve_against_the_extending_url() {
        let base = "https://example.com/rules/main.yaml";
        assert_eq!(
            join_url(base, "base.yaml"),
            "https://example.com/rules/base.yaml"
        );
        assert_eq!(
            join_url(base, "./sub/base.yaml"),
            "https://example.com/rules/sub/base.yaml"
        );
        assert_eq!(
            join_url(base, "../base.yaml"),
            "https://example.com/base.yaml"
        );
        assert_eq!(
            join_url(base, "/x/base.yaml"),
            "https://example.com/x/base.yaml"
        );
        assert_eq!(
            join_url(base, "//other.org/a.yaml"),
            "https://other.org/a.yaml"
        );
        assert_eq!(
            join_url("https://example.com", "a.yaml"),
            "https://example.com/a.yaml"
        );
    }

    #[test]
    fn relative_files_resolve_against_the_extending_files_folder() {
        let parent = Origin::File(PathBuf::from("rules/.spectral.yaml"));
        let Ok(Target::File(p)) = resolve("./base/common.yaml", &parent) else {
            panic!()
        };
        assert_eq!(p, PathBuf::from("rules/base/common.yaml"));
        let Ok(Target::File(p)) = resolve("../common.yaml", &parent) else {
            panic!()
        };
        assert_eq!(p, PathBuf::from("common.yaml"));
        let Ok(Target::File(p)) = resolve("../../common.yaml", &parent) else {
            panic!()
        };
        assert_eq!(p, PathBuf::from("../common.yaml"));
    }

    #[test]
    fn remote_rule_sets_cannot_reach_local_files() {
        let parent = Origin::Url("https://example.com/r/main.yaml".into());
        assert!(
            matches!(resolve("base.yaml", &parent), Ok(Target::Url(u)) if u == "https://example.com/r/base.yaml")
        );
        assert!(
            matches!(resolve("/etc/passwd", &parent), Ok(Target::Url(u)) if u == "https://example.com/etc/passwd")
        );
    }

    #[test]
    fn inline_rule_sets_without_a_folder_cannot_use_relative_paths() {
        let parent = Origin::Inline { base_dir: None };
        assert!(
            resolve("./base.yaml", &parent)
                .unwrap_err()
                .contains("has no folder")
        );
    }
}
