//! The service's rule set from a git repository: clone it, follow one ref
//! (a branch, a tag or a commit; by default the remote's `HEAD`), and load
//! the rule set file at the ref's current commit, with its relative
//! `extends` and any other files next to it.
//!
//! [`RulesetRepo::refresh`] is the only entry point, and it blocks: the
//! service calls it from a blocking task on start, every poll interval and
//! on a push webhook. It asks the remote which commit the ref points at
//! (one `git ls-remote`), fetches only when that commit is new, checks it
//! out and loads the rule set. It never decides what is served: it returns
//! a newly loaded rule set, "nothing changed", or an error, and the caller
//! keeps serving its last good rule set on an error.
//!
//! Why the `git` binary and not a library (`git2`, `gix`): `git2` builds
//! libgit2 and, for HTTPS, OpenSSL from C; `gix` is pure Rust but its
//! transports and credential handling differ from git's in the details a
//! company's setup depends on. Running the operator's own `git` behaves
//! exactly like their `git clone` does: the same URL rewrites
//! (`url.<base>.insteadOf`), proxies, SSH config and keys, and credential
//! helpers. The cost is a `git` on `PATH`, which a server that is given a
//! git URL has.
//!
//! Every command runs with a timeout (the whole process group is killed on
//! expiry, so an `ssh` or `git-remote-https` child cannot outlive it),
//! without a terminal prompt (`GIT_TERMINAL_PROMPT=0`: a missing credential
//! is an error, not a hang), without hooks (`core.hooksPath=/dev/null`) and
//! without any `GIT_DIR`-style variables the server itself was started with.
//!
//! On disk, `checkout_dir` holds what this module owns and nothing else:
//! - `repo.git`: a bare repository whose `origin` is the configured URL.
//!   Only the followed ref is fetched, into `refs/apilint/*`.
//! - `work/<commit>`: a worktree per loaded commit. Each attempt checks out
//!   into a fresh directory, so nothing a bad commit leaves behind can
//!   affect a later one. A failed attempt's worktree is removed right
//!   away; a good one is kept until the next good one replaces it.
//!
//! - `last-good`: the URL, ref, path and commit of the last rule set that
//!   loaded. When the service starts while the remote cannot be reached,
//!   that commit (its objects are in `repo.git`) is loaded instead, and
//!   the remote's error is reported beside it ([`RepoRuleset::offline`]):
//!   a replica restarted during a git outage serves the rule set it served
//!   before, rather than none.
//!
//! A commit's rule set is loaded at most once: when the ref has not moved
//! since the last attempt, good or bad, `refresh` returns `Ok(None)`
//! without fetching, so a broken commit is reported once and not reloaded
//! on every poll. A failure before the commit was known (the remote is
//! unreachable, a fetch failed) is retried on the next call.
//!
//! Not handled: several processes sharing one `checkout_dir` (each server
//! replica needs its own), submodules, and Git LFS files (whatever the
//! operator's git does with them is what the rule set loader sees).

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::document::workspace::FileAccess;
use crate::engine::RuleSet;
use crate::engine::ruleset::{LoadOptions, RulesetError, load_file};

/// The rule set file loaded when [`RepoConfig::path`] is empty, as Spectral
/// would find it in a project folder.
pub const DEFAULT_PATH: &str = ".spectral.yaml";

/// How long one git command may run before it is killed. A rule set
/// repository is small; this bounds a hung network or SSH connection.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The repository's directory inside [`RepoConfig::checkout_dir`].
const REPO_DIR: &str = "repo.git";
/// Where worktrees go inside [`RepoConfig::checkout_dir`].
const WORK_DIR: &str = "work";
/// The record of the last good load inside [`RepoConfig::checkout_dir`].
const LAST_GOOD_FILE: &str = "last-good";
/// The local ref the followed remote ref is fetched into. It also keeps the
/// fetched commit's objects from being garbage-collected.
const TARGET_REF: &str = "refs/apilint/target";
/// The prefix under which all branches and tags are fetched when the
/// configured ref can only be a commit id.
const ALL_REFS_PREFIX: &str = "refs/apilint/all";

/// Where the rule set lives.
#[derive(Clone, Debug)]
pub struct RepoConfig {
    /// A git URL (`https://`, `ssh://`, `git@host:path`, `file://`) or a
    /// local path to a repository.
    pub url: String,
    /// A branch, a tag, a full ref name (`refs/...`) or a commit id.
    /// `None` follows the remote's `HEAD` (its default branch).
    pub git_ref: Option<String>,
    /// The rule set file, relative to the repository root; empty means
    /// [`DEFAULT_PATH`].
    pub path: String,
    /// A directory this module owns (see the module docs for its layout).
    /// It is created when missing.
    pub checkout_dir: PathBuf,
}

/// A rule set loaded from the repository.
#[derive(Clone, Debug)]
pub struct RepoRuleset {
    pub ruleset: RuleSet,
    /// The full commit id it was loaded from.
    pub commit: String,
    /// `<url>@<ref>:<path>`, with any password in the URL hidden. Also set as
    /// the rule set's own `source`.
    pub source: String,
    /// Set when the remote could not be read and this is the last good
    /// commit recorded on disk: why the remote failed.
    pub offline: Option<String>,
}

/// Why a refresh failed. `Display` is the message to show an operator.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The configuration cannot work (a path outside the repository, a ref
    /// git would read as an option). Not retried differently next time.
    #[error("rule set repository configuration: {0}")]
    Config(String),
    /// `git` could not be started at all.
    #[error("cannot run `git` ({source}); the rule set repository needs git installed and on PATH")]
    GitNotFound {
        #[source]
        source: std::io::Error,
    },
    /// A git command exited with an error.
    #[error("`git {command}` failed ({status}): {stderr}")]
    Git {
        command: String,
        status: String,
        stderr: String,
    },
    /// Talking to the remote failed (unreachable, no such repository,
    /// refused credentials); `source` is the git command's failure.
    #[error("cannot read the rule set repository {url}: {source}")]
    Remote {
        url: String,
        #[source]
        source: Box<RepoError>,
    },
    /// A git command ran longer than the timeout and was killed.
    #[error("`git {command}` did not finish within {}s and was stopped", timeout.as_secs())]
    Timeout { command: String, timeout: Duration },
    /// The remote has no branch or tag of that name, and it is not a commit
    /// id the repository has.
    #[error("ref `{git_ref}` was not found in {url} (looked for a branch, a tag and a commit)")]
    RefNotFound { url: String, git_ref: String },
    /// A local file operation in the checkout directory failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The commit was checked out but its rule set did not load. Files in
    /// `error` are named relative to the repository root.
    #[error("the rule set at commit {} did not load:\n{error}", short(commit))]
    Load { commit: String, error: RulesetError },
}

/// Follows one ref of one repository; see the module docs.
#[derive(Debug)]
pub struct RulesetRepo {
    /// The URL as git is given it (local paths made absolute).
    url: String,
    git_ref: Option<String>,
    path: String,
    checkout_dir: PathBuf,
    timeout: Duration,
    /// Whether `repo.git` has been checked (or created) in this process.
    prepared: bool,
    /// The commit of the last load attempt, good or bad.
    last_attempted: Option<String>,
    /// The commit of the last rule set that loaded, and its worktree.
    last_good: Option<(String, PathBuf)>,
    /// The full remote ref name the last refresh followed (`None` for a
    /// commit id, or before the first refresh).
    resolved_ref: Option<String>,
}

impl RulesetRepo {
    pub fn new(cfg: RepoConfig) -> Self {
        let path = if cfg.path.trim().is_empty() {
            DEFAULT_PATH.to_string()
        } else {
            cfg.path
        };
        let git_ref = cfg.git_ref.filter(|r| !r.trim().is_empty());
        RulesetRepo {
            url: absolute_if_local(&cfg.url),
            git_ref,
            path,
            // Absolute, because git records worktree paths and a relative
            // one would depend on the directory each command runs in.
            checkout_dir: std::path::absolute(&cfg.checkout_dir).unwrap_or(cfg.checkout_dir),
            timeout: DEFAULT_TIMEOUT,
            prepared: false,
            last_attempted: None,
            last_good: None,
            resolved_ref: None,
        }
    }

    /// The same, with another per-command timeout than [`DEFAULT_TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The commit of the last load attempt, whether it loaded or not.
    pub fn last_attempted_commit(&self) -> Option<&str> {
        self.last_attempted.as_deref()
    }

    /// The commit of the last rule set that loaded.
    pub fn last_good_commit(&self) -> Option<&str> {
        self.last_good.as_ref().map(|(c, _)| c.as_str())
    }

    /// The full name of the remote ref being followed, as of the last
    /// refresh (`refs/heads/main`, `refs/tags/v2`): what a push webhook's
    /// ref is compared with. `None` before the first refresh and when the
    /// configured ref is a commit id (which no push moves).
    pub fn resolved_ref(&self) -> Option<&str> {
        self.resolved_ref.as_deref()
    }

    /// `<url>@<ref>:<path>`, the way [`RepoRuleset::source`] names it.
    pub fn source(&self) -> String {
        format!(
            "{}@{}:{}",
            redact_url(&self.url),
            self.git_ref.as_deref().unwrap_or("HEAD"),
            self.path
        )
    }

    /// Blocking. Ok(None) when the ref's commit has not changed since the last attempt (a bad
    /// commit is not retried every poll); Ok(Some) with a newly loaded rule set; Err when git or the
    /// rule set load failed (the caller keeps serving the last good one and shows the error).
    pub fn refresh(&mut self) -> Result<Option<RepoRuleset>, RepoError> {
        if self.url.trim().is_empty() {
            return Err(RepoError::Config("the repository URL is empty".into()));
        }
        let rel_path = checked_rule_set_path(&self.path)?;
        if let Some(r) = &self.git_ref {
            check_ref_syntax(r)?;
        }
        self.prepare()?;
        let mut offline = None;
        let commit = match self.resolve() {
            Ok(commit) => commit,
            // Nothing loaded yet in this process, and the remote is out of
            // reach: the commit that served before the restart, if any.
            Err(e @ RepoError::Remote { .. }) if self.last_attempted.is_none() => {
                match self.recorded_good() {
                    Some(commit) => {
                        offline = Some(e.to_string());
                        commit
                    }
                    None => return Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        if self.last_attempted.as_deref() == Some(commit.as_str()) {
            return Ok(None);
        }
        // The ref can move back to the commit being served (after a bad
        // commit was reverted by a force-push): its worktree is reused, not
        // checked out over while it is in use.
        let served = self
            .last_good
            .as_ref()
            .filter(|(c, _)| *c == commit)
            .map(|(_, dir)| dir.clone());
        let worktree = match served {
            Some(dir) => dir,
            None => self.checkout(&commit)?,
        };
        // From here on the commit counts as attempted: whether it loads is
        // a property of the commit, so the next call with the same commit
        // reports "unchanged" instead of the same error again.
        self.last_attempted = Some(commit.clone());
        match self.load(&worktree, &rel_path) {
            Ok(mut ruleset) => {
                let source = self.source();
                ruleset.source = source.clone();
                let previous = self.last_good.replace((commit.clone(), worktree.clone()));
                if let Some((_, old)) = previous
                    && old != worktree
                {
                    // The caller swaps to the new rule set as soon as we
                    // return; the old one is only path arithmetic on this
                    // directory (override globs), so it can go now.
                    self.remove_worktree(&old);
                }
                self.record_good(&commit);
                Ok(Some(RepoRuleset {
                    ruleset,
                    commit,
                    source,
                    offline,
                }))
            }
            Err(error) => {
                if self.last_good.as_ref().is_none_or(|(_, d)| *d != worktree) {
                    self.remove_worktree(&worktree);
                }
                Err(RepoError::Load { commit, error })
            }
        }
    }

    fn repo_dir(&self) -> PathBuf {
        self.checkout_dir.join(REPO_DIR)
    }

    /// What [`LAST_GOOD_FILE`] holds for `commit` under this configuration:
    /// one value a line, the commit last.
    fn last_good_record(&self, commit: &str) -> String {
        format!(
            "{}\n{}\n{}\n{commit}\n",
            self.url,
            self.git_ref.as_deref().unwrap_or("HEAD"),
            self.path
        )
    }

    /// Best effort: without the record, a start during an outage has no
    /// rule set, as before it existed. Written aside and renamed, so a
    /// crash leaves the old record or the new one, never half of one.
    fn record_good(&self, commit: &str) {
        let file = self.checkout_dir.join(LAST_GOOD_FILE);
        let tmp = self.checkout_dir.join(format!("{LAST_GOOD_FILE}.tmp"));
        let written = std::fs::write(&tmp, self.last_good_record(commit))
            .and_then(|()| std::fs::rename(&tmp, &file));
        if let Err(e) = written {
            tracing::warn!(file = %file.display(), error = %e, "cannot record the last good rule set commit");
        }
    }

    /// The recorded last good commit, when it was recorded under this same
    /// URL, ref and path and its objects are still in the repository.
    fn recorded_good(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.checkout_dir.join(LAST_GOOD_FILE)).ok()?;
        let commit = text.lines().nth(3)?;
        if !is_commit_id(commit) || text != self.last_good_record(commit) {
            return None;
        }
        self.git().commit_of(commit).ok().flatten()
    }

    fn work_dir(&self) -> PathBuf {
        self.checkout_dir.join(WORK_DIR)
    }

    fn git(&self) -> Git {
        Git {
            repo: self.repo_dir(),
            timeout: self.timeout,
            url: self.url.clone(),
        }
    }

    /// Makes sure `repo.git` is a bare repository whose `origin` is the
    /// configured URL, once per process. A leftover from an earlier run
    /// with the same URL is reused (its objects save a full fetch); one
    /// with another URL, or anything that is not a repository, is replaced.
    /// Worktrees from an earlier run are dropped: nothing serves them.
    fn prepare(&mut self) -> Result<(), RepoError> {
        if self.prepared {
            return Ok(());
        }
        let repo = self.repo_dir();
        let git = self.git();
        let reusable = repo.is_dir()
            && git
                .run(&["config", "--get", "remote.origin.url"])
                .is_ok_and(|u| u.trim_end() == self.url);
        if !reusable {
            remove_dir_if_exists(&repo)?;
            create_dir(&self.checkout_dir)?;
            // No template: no sample hooks or other files we did not ask for.
            let repo_arg = repo.to_string_lossy();
            run_git(
                None,
                &["init", "--quiet", "--bare", "--template=", &repo_arg],
                self.timeout,
                &self.url,
            )?;
            git.run(&["remote", "add", "origin", &self.url])?;
        }
        remove_dir_if_exists(&self.work_dir())?;
        git.run(&["worktree", "prune"])?;
        self.prepared = true;
        Ok(())
    }

    /// The commit the configured ref points at now, fetched into the local
    /// repository.
    fn resolve(&mut self) -> Result<String, RepoError> {
        let git = self.git();
        let wanted: Vec<String> = match self.git_ref.as_deref() {
            None | Some("HEAD") => vec!["HEAD".to_string()],
            Some(r) if r.starts_with("refs/") => vec![r.to_string()],
            // `git clone --branch` order: a branch wins over a tag of the
            // same name.
            Some(r) => vec![format!("refs/heads/{r}"), format!("refs/tags/{r}")],
        };
        let mut args = vec!["ls-remote", "--symref", "origin"];
        args.extend(wanted.iter().map(String::as_str));
        let listing = git.run(&args).map_err(|e| self.remote_error(e))?;
        let remote = parse_ls_remote(&listing);
        let found = wanted
            .iter()
            .find_map(|name| remote.refs.iter().find(|(n, _)| n == name));
        if let Some((name, oid)) = found {
            // A ref whose object we already have needs no fetch: the
            // common case of a poll where nothing changed.
            let commit = match git.commit_of(oid)? {
                Some(c) => c,
                None => {
                    git.run(&[
                        "fetch",
                        "--quiet",
                        "--no-tags",
                        "origin",
                        &format!("+{name}:{TARGET_REF}"),
                    ])
                    .map_err(|e| self.remote_error(e))?;
                    git.commit_of(TARGET_REF)?.ok_or_else(|| self.not_found())?
                }
            };
            self.resolved_ref = if name == "HEAD" {
                remote.head_target.or(Some(name.clone()))
            } else {
                Some(name.clone())
            };
            return Ok(commit);
        }
        let Some(id) = self.git_ref.as_deref().filter(|r| is_commit_id(r)) else {
            return Err(self.not_found());
        };
        self.resolved_ref = None;
        if let Some(c) = git.commit_of(id)? {
            return Ok(c);
        }
        // A commit id: it is usually on some branch or tag, so fetch them
        // all (a rule set repository is small)...
        git.run(&[
            "fetch",
            "--quiet",
            "--no-tags",
            "--prune",
            "origin",
            &format!("+refs/heads/*:{ALL_REFS_PREFIX}/heads/*"),
            &format!("+refs/tags/*:{ALL_REFS_PREFIX}/tags/*"),
        ])
        .map_err(|e| self.remote_error(e))?;
        if let Some(c) = git.commit_of(id)? {
            return Ok(c);
        }
        // ...and a full id on no branch can still be fetched directly from
        // servers that allow it (GitHub, GitLab do).
        if id.len() >= 40
            && git
                .run(&[
                    "fetch",
                    "--quiet",
                    "--no-tags",
                    "origin",
                    &format!("+{id}:{TARGET_REF}"),
                ])
                .is_ok()
            && let Some(c) = git.commit_of(id)?
        {
            return Ok(c);
        }
        Err(self.not_found())
    }

    fn remote_error(&self, source: RepoError) -> RepoError {
        RepoError::Remote {
            url: redact_url(&self.url),
            source: Box::new(source),
        }
    }

    fn not_found(&self) -> RepoError {
        RepoError::RefNotFound {
            url: redact_url(&self.url),
            git_ref: self.git_ref.clone().unwrap_or_else(|| "HEAD".to_string()),
        }
    }

    /// Checks `commit` out into a fresh `work/<commit>` and returns its
    /// real path (the loader compares real paths).
    fn checkout(&self, commit: &str) -> Result<PathBuf, RepoError> {
        let work = self.work_dir();
        create_dir(&work)?;
        let dir = work.join(commit);
        remove_dir_if_exists(&dir)?;
        let git = self.git();
        git.run(&["worktree", "prune"])?;
        let dir_arg = dir.to_string_lossy();
        git.run(&[
            "worktree", "add", "--quiet", "--detach", "--force", &dir_arg, commit,
        ])?;
        std::fs::canonicalize(&dir).map_err(|source| RepoError::Io {
            action: "cannot open the checkout",
            path: dir,
            source,
        })
    }

    /// Loads the rule set from a checked-out worktree: files only from
    /// inside it, nothing remote.
    fn load(&self, worktree: &Path, rel_path: &Path) -> Result<RuleSet, RulesetError> {
        let file = worktree.join(rel_path);
        let opts = LoadOptions {
            allow_remote: false,
            fetcher: None,
            files: FileAccess::Within(worktree.to_path_buf()),
        };
        // The loader reads the root file whatever `files` says, so a
        // symlinked rule set file pointing out of the repository is
        // refused here.
        if let Ok(real) = std::fs::canonicalize(&file)
            && !real.starts_with(worktree)
        {
            return Err(relative_to(
                RulesetError {
                    file: file.display().to_string(),
                    line: 0,
                    column: 0,
                    message: "the rule set file is a link to outside the repository".into(),
                    more: Vec::new(),
                },
                worktree,
            ));
        }
        load_file(&file, &opts).map_err(|e| relative_to(e, worktree))
    }

    /// Best effort: a worktree that cannot be removed now is removed with
    /// `work/` on the next start, and never reused meanwhile (a new attempt
    /// at the same commit replaces it).
    fn remove_worktree(&self, dir: &Path) {
        let _ = std::fs::remove_dir_all(dir);
        let _ = self.git().run(&["worktree", "prune"]);
    }
}

/// The git commands of one repository.
struct Git {
    repo: PathBuf,
    timeout: Duration,
    /// For redacting messages.
    url: String,
}

impl Git {
    fn run(&self, args: &[&str]) -> Result<String, RepoError> {
        run_git(Some(&self.repo), args, self.timeout, &self.url)
    }

    /// The commit `rev` names in the local repository (tags peeled), or
    /// `None` when it names nothing there.
    fn commit_of(&self, rev: &str) -> Result<Option<String>, RepoError> {
        let spec = format!("{rev}^{{commit}}");
        match self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ]) {
            Ok(out) => Ok(Some(out.trim().to_string())),
            // `--quiet`: exit 1 with nothing on stderr means "no such
            // object"; anything else is a real failure.
            Err(RepoError::Git { stderr, .. }) if stderr.is_empty() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Runs `git <args>` on the repository `git_dir` (none: in the current
/// directory, for commands that need no repository) with the module's
/// safety settings and a timeout; returns stdout.
fn run_git(
    git_dir: Option<&Path>,
    args: &[&str],
    timeout: Duration,
    url: &str,
) -> Result<String, RepoError> {
    let mut cmd = Command::new("git");
    cmd.args(["-c", "core.hooksPath=/dev/null"]);
    if let Some(d) = git_dir {
        // `--git-dir`, not `-C`: no repository discovery, so a damaged
        // `repo.git` is an error instead of git walking up into whatever
        // repository the data directory happens to sit in.
        let mut arg = std::ffi::OsString::from("--git-dir=");
        arg.push(d);
        cmd.arg(arg);
    }
    cmd.args(args.iter().map(OsStr::new));
    cmd.env("GIT_TERMINAL_PROMPT", "0")
        // Git Credential Manager's own switch for "never open a prompt".
        .env("GCM_INTERACTIVE", "never");
    // Variables that would point git at another repository, set when the
    // server is started from a git hook or a `git rebase --exec`.
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
    ] {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout kills git's children too.
        cmd.process_group(0);
    }
    let command = redact(&args.join(" "), url);
    let mut child = cmd
        .spawn()
        .map_err(|source| RepoError::GitNotFound { source })?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = match wait_with_deadline(&mut child, timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            kill_process_tree(&mut child);
            let _ = child.wait();
            let _ = (stdout.join(), stderr.join());
            return Err(RepoError::Timeout { command, timeout });
        }
        Err(source) => {
            kill_process_tree(&mut child);
            let _ = child.wait();
            return Err(RepoError::Io {
                action: "cannot wait for git on",
                path: git_dir.map(Path::to_path_buf).unwrap_or_default(),
                source,
            });
        }
    };
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    if status.success() {
        return Ok(String::from_utf8_lossy(&out).into_owned());
    }
    Err(RepoError::Git {
        command,
        status: match status.code() {
            Some(code) => format!("exit code {code}"),
            None => "killed by a signal".to_string(),
        },
        stderr: redact(String::from_utf8_lossy(&err).trim(), url),
    })
}

fn read_in_background<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for the child until `timeout`; `Ok(None)` when it is still
/// running then. Polls with a growing interval: git commands on a small
/// repository take milliseconds, and a blocking wait cannot be cancelled.
fn wait_with_deadline(
    child: &mut std::process::Child,
    timeout: Duration,
) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn kill_process_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: `kill` has no memory-safety preconditions; the child
            // is its own group leader (`process_group(0)`) and not yet
            // reaped, so the group id is still ours.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
}

/// The rule set path as a relative path that stays inside the repository.
fn checked_rule_set_path(path: &str) -> Result<PathBuf, RepoError> {
    let p = Path::new(path);
    let inside = p
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || p.components().next().is_none() {
        return Err(RepoError::Config(format!(
            "the rule set path `{path}` must be a relative path inside the repository"
        )));
    }
    Ok(p.to_path_buf())
}

/// Refuses refs git could read as an option or that no ref can be.
fn check_ref_syntax(r: &str) -> Result<(), RepoError> {
    let bad = r.starts_with('-')
        || r.chars().any(|c| c.is_whitespace() || c.is_control())
        || r.contains("..")
        || r.contains(['~', '^', ':', '?', '*', '[', '\\']);
    if bad {
        return Err(RepoError::Config(format!(
            "`{r}` is not a branch, tag or commit name"
        )));
    }
    Ok(())
}

/// A (possibly abbreviated) SHA-1 or SHA-256 commit id.
fn is_commit_id(r: &str) -> bool {
    (4..=64).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What `git ls-remote --symref` printed.
struct RemoteRefs {
    /// `(full name, object id)` in listing order.
    refs: Vec<(String, String)>,
    /// The branch the remote's `HEAD` points at, when it said.
    head_target: Option<String>,
}

fn parse_ls_remote(out: &str) -> RemoteRefs {
    let mut refs = Vec::new();
    let mut head_target = None;
    for line in out.lines() {
        let Some((left, name)) = line.split_once('\t') else {
            continue;
        };
        if let Some(target) = left.strip_prefix("ref: ") {
            if name == "HEAD" {
                head_target = Some(target.to_string());
            }
        } else {
            refs.push((name.to_string(), left.to_string()));
        }
    }
    RemoteRefs { refs, head_target }
}

/// Git resolves a relative local path against its working directory, which
/// for us is the checkout; make it absolute against the server's instead.
/// URLs (`scheme://`) and scp-like `host:path` are left alone.
fn absolute_if_local(url: &str) -> String {
    let scp_like = url
        .find(':')
        .is_some_and(|colon| !url[..colon].contains('/') && colon > 1);
    if url.contains("://") || scp_like || url.is_empty() {
        return url.to_string();
    }
    std::path::absolute(url)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| url.to_string())
}

/// The URL without a password (`https://user:secret@host/...` →
/// `https://user:***@host/...`), for messages and `source`.
fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..at];
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    format!("{}{user}:***{}", &url[..scheme_end + 3], &rest[at..])
}

/// `text` with the URL replaced by its redacted form.
fn redact(text: &str, url: &str) -> String {
    let safe = redact_url(url);
    if safe == url {
        text.to_string()
    } else {
        text.replace(url, &safe)
    }
}

/// The error with file names (and paths in messages) relative to the
/// worktree, so they read `.spectral.yaml:3:5` and not a temporary path.
fn relative_to(mut e: RulesetError, worktree: &Path) -> RulesetError {
    let root = worktree.display().to_string();
    let fix = |e: &mut RulesetError| {
        if let Some(rest) = e.file.strip_prefix(&root) {
            e.file = rest.trim_start_matches(['/', '\\']).to_string();
        }
        e.message = e
            .message
            .replace(&format!("{root}/"), "")
            .replace(&root, "the repository");
    };
    fix(&mut e);
    for m in &mut e.more {
        fix(m);
    }
    e
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

fn create_dir(dir: &Path) -> Result<(), RepoError> {
    std::fs::create_dir_all(dir).map_err(|source| RepoError::Io {
        action: "cannot create",
        path: dir.to_path_buf(),
        source,
    })
}

fn remove_dir_if_exists(dir: &Path) -> Result<(), RepoError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(RepoError::Io {
            action: "cannot remove",
            path: dir.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_the_password_only() {
        assert_eq!(
            redact_url("https://bot:s3cret@example.com/org/rules.git"),
            "https://bot:***@example.com/org/rules.git"
        );
        assert_eq!(
            redact_url("https://token@example.com/r.git"),
            "https://token:***@example.com/r.git"
        );
        assert_eq!(
            redact_url("git@example.com:org/r.git"),
            "git@example.com:org/r.git"
        );
        assert_eq!(redact_url("/srv/rules"), "/srv/rules");
    }

    #[test]
    fn local_paths_become_absolute_and_urls_do_not() {
        assert!(Path::new(&absolute_if_local("rules")).is_absolute());
        assert_eq!(
            absolute_if_local("git@host:org/r.git"),
            "git@host:org/r.git"
        );
        assert_eq!(absolute_if_local("file:///srv/r"), "file:///srv/r");
        assert_eq!(absolute_if_local("/srv/r"), "/srv/r");
    }

    #[test]
    fn rule_set_path_must_stay_inside_the_repository() {
        assert!(checked_rule_set_path("rules/api.yaml").is_ok());
        assert!(checked_rule_set_path("../outside.yaml").is_err());
        assert!(checked_rule_set_path("/etc/rules.yaml").is_err());
        assert!(checked_rule_set_path("a/../../b.yaml").is_err());
    }

    #[test]
    fn refs_that_git_would_read_as_options_are_refused() {
        assert!(check_ref_syntax("--upload-pack=evil").is_err());
        assert!(check_ref_syntax("main~1").is_err());
        assert!(check_ref_syntax("release/2024").is_ok());
        assert!(check_ref_syntax("v1.2.3").is_ok());
    }

    #[test]
    fn ls_remote_output_with_symref() {
        let out = "ref: refs/heads/trunk\tHEAD\n\
                   1111111111111111111111111111111111111111\tHEAD\n\
                   2222222222222222222222222222222222222222\trefs/tags/v1\n";
        let parsed = parse_ls_remote(out);
        assert_eq!(parsed.head_target.as_deref(), Some("refs/heads/trunk"));
        assert_eq!(parsed.refs.len(), 2);
        assert_eq!(parsed.refs[1].0, "refs/tags/v1");
    }
}
