//! Throwaway git repositories holding a rule set, for the tests of the
//! rule set served from a repository (`service_repo`, `service_faults`).
//!
//! One copy, so that every such repository is made the same way: git is
//! told the user and the default branch on each call (the machine's git
//! configuration may set neither, and `main` must not depend on it), and
//! a `GIT_DIR`/`GIT_WORK_TREE` inherited from the environment (as in a git
//! hook) cannot point the commands at another repository.

use std::path::Path;
use std::process::Command;

/// The file the rule set is committed as.
pub const RULESET_FILE: &str = ".spectral.yaml";

/// Runs `git args` in `dir`; returns its stdout, trimmed. Panics with
/// git's stderr when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Makes `dir` (which must exist) an empty repository on branch `main`.
pub fn init(dir: &Path) {
    git(dir, &["init", "-q"]);
}

/// Writes `rules` as [`RULESET_FILE`] and commits it with `message`;
/// returns the new commit's id.
pub fn commit(repo: &Path, rules: &str, message: &str) -> String {
    std::fs::write(repo.join(RULESET_FILE), rules).unwrap();
    git(repo, &["add", RULESET_FILE]);
    git(repo, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "HEAD"])
}
