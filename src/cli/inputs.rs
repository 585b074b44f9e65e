//! Turns the `FILE...` arguments into the list of documents to lint.
//!
//! Shells expand globs before apilint sees them, but not every caller is a
//! shell (CI configs, `npm` scripts, Windows): an argument that contains
//! glob characters and is not itself an existing file is expanded here,
//! with `globset` and a plain directory walk, as Spectral does with
//! fast-glob (`*` stays within one directory, `**` crosses directories,
//! `{a,b}` alternates, dot files match). `-` is standard input.
//!
//! Reading the files is not done here: that is the workspace's job, and an
//! unreadable file is reported when it is loaded.

use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use super::CliError;

/// One document to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// The expanded inputs, plus the glob patterns that matched nothing (which
/// the caller warns about, as Spectral does).
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub unmatched: Vec<String>,
}

/// How deep a `**` walk may go; a guard against absurd trees, far beyond
/// any real repository.
const MAX_WALK_DEPTH: usize = 64;

pub fn expand(args: &[String]) -> Result<Expanded, CliError> {
    let mut out = Expanded::default();
    for arg in args {
        if arg == "-" {
            if out.inputs.contains(&Input::Stdin) {
                return Err(CliError::StdinTwice);
            }
            out.inputs.push(Input::Stdin);
        } else if is_glob(arg) && !Path::new(arg).exists() {
            let files = expand_glob(arg)?;
            if files.is_empty() {
                out.unmatched.push(arg.clone());
            }
            out.inputs.extend(files.into_iter().map(Input::File));
        } else {
            out.inputs.push(Input::File(PathBuf::from(arg)));
        }
    }
    // The same file named twice (`a.yaml *.yaml`) is linted once.
    let mut seen = std::collections::HashSet::new();
    out.inputs.retain(|i| match i {
        Input::File(p) => seen.insert(p.clone()),
        Input::Stdin => true,
    });
    if out.inputs.is_empty() {
        return Err(CliError::NoFiles(format!(
            "no file matches {}",
            out.unmatched.join(", ")
        )));
    }
    Ok(out)
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// The files matching `pattern`, sorted. Paths come out in the pattern's
/// own form (relative stays relative), so findings name files as the user
/// wrote them.
fn expand_glob(pattern: &str) -> Result<Vec<PathBuf>, CliError> {
    // Spectral accepts Windows separators in patterns; globset wants `/`.
    let pattern = pattern.replace('\\', "/");
    let glob = GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| CliError::NoFiles(format!("invalid glob pattern {pattern}: {e}")))?
        .compile_matcher();

    // Walk only below the literal prefix (`specs/v1/` in `specs/v1/**/*.yaml`).
    let segments: Vec<&str> = pattern.split('/').collect();
    let literal = segments.iter().take_while(|s| !is_glob(s)).count();
    let prefix = segments[..literal].join("/");
    let rest = &segments[literal..];
    let max_depth = if rest.contains(&"**") {
        MAX_WALK_DEPTH
    } else {
        rest.len()
    };
    let base = match (literal, prefix.as_str()) {
        (0, _) => PathBuf::from("."),
        // `/*.yaml`: the prefix of an absolute pattern is the root.
        (_, "") => PathBuf::from("/"),
        _ => PathBuf::from(&prefix),
    };
    let display_prefix = if literal == 0 {
        String::new()
    } else if prefix.is_empty() {
        "/".to_string()
    } else {
        format!("{prefix}/")
    };

    let mut found = Vec::new();
    walk(&base, &display_prefix, 1, max_depth, &mut |candidate| {
        if glob.is_match(candidate) {
            found.push(PathBuf::from(candidate));
        }
    });
    found.sort();
    Ok(found)
}

/// Visits every file under `dir` up to `max_depth` levels, passing its path
/// spelled as `prefix` + the path below `dir`. Symlinked directories are not
/// entered (they can form loops); symlinked files are visited.
fn walk(dir: &Path, prefix: &str, depth: usize, max_depth: usize, visit: &mut dyn FnMut(&str)) {
    if depth > max_depth {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let spelled = format!("{prefix}{name}");
        if file_type.is_dir() {
            walk(
                &entry.path(),
                &format!("{spelled}/"),
                depth + 1,
                max_depth,
                visit,
            );
        } else if file_type.is_file() || (file_type.is_symlink() && entry.path().is_file()) {
            visit(&spelled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "{}").unwrap();
    }

    fn files(e: &Expanded) -> Vec<String> {
        e.inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.display().to_string(),
                Input::Stdin => "-".to_string(),
            })
            .collect()
    }

    #[test]
    fn expands_star_within_one_directory_and_globstar_across() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "a.yaml",
            "b.json",
            "sub/c.yaml",
            "sub/deep/d.yaml",
            ".hidden.yaml",
        ] {
            touch(root, f);
        }
        let r = root.display().to_string();

        let e = expand(&[format!("{r}/*.yaml")]).unwrap();
        assert_eq!(
            files(&e),
            [format!("{r}/.hidden.yaml"), format!("{r}/a.yaml")]
        );

        let e = expand(&[format!("{r}/**/*.yaml")]).unwrap();
        assert_eq!(
            files(&e),
            [
                format!("{r}/.hidden.yaml"),
                format!("{r}/a.yaml"),
                format!("{r}/sub/c.yaml"),
                format!("{r}/sub/deep/d.yaml"),
            ]
        );

        let e = expand(&[format!("{r}/*.{{json,yaml}}")]).unwrap();
        assert_eq!(files(&e).len(), 3);
    }

    #[test]
    fn keeps_plain_paths_and_stdin_and_dedups() {
        let e = expand(&["x.yaml".into(), "-".into(), "x.yaml".into()]).unwrap();
        assert_eq!(files(&e), ["x.yaml", "-"]);
        assert!(matches!(
            expand(&["-".into(), "-".into()]),
            Err(CliError::StdinTwice)
        ));
    }

    #[test]
    fn an_unmatched_glob_is_reported_and_alone_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path().display().to_string();
        let e = expand(&[format!("{r}/*.yaml"), "x.yaml".into()]).unwrap();
        assert_eq!(e.unmatched, [format!("{r}/*.yaml")]);
        assert!(matches!(
            expand(&[format!("{r}/*.yaml")]),
            Err(CliError::NoFiles(_))
        ));
    }
}
