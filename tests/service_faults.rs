//! Faults, over a real socket against the real `apilint serve` process:
//!
//! - `kill -9` of the server in the middle of a stream of lint requests
//!   (SQLite): every review answered 201 is there, spec intact, after a
//!   restart on the same data directory; several rounds on one directory,
//!   and the database file passes SQLite's integrity check at the end;
//! - a PostgreSQL restart under load: the service answers 503
//!   problem+json with `Retry-After` while the database is away (never a
//!   hang, never a crash, never a 500), and serves again once it is back.
//!   The test runs its own throwaway cluster (`initdb`/`pg_ctl`, as
//!   `.ci/run` does) so it can stop and start it; without PostgreSQL's
//!   binaries it skips with the reason, or fails under `CI=true`;
//! - a rule set repository (a `file://` URL) moved away: the last good
//!   rule set stays in service, `/ready` says `degraded` (still 200),
//!   `/api/v1/ruleset` shows the error, `/metrics` counts the failed polls,
//!   `/health` stays up; moved back, the next poll recovers.
//!
//! Each test prints its figures (a line starting `fault figures:`);
//! `docs/reliability.md` records them and how to rerun them.

#![cfg(unix)]

mod service_support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use service_support::git::{commit, init};
use service_support::server::Server;

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// A response read whole: status, the headers the tests look at, body.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    retry_after: Option<String>,
    text: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Asserts a 503 problem+json with `Retry-After`.
    fn assert_unavailable(&self) {
        assert_eq!(self.status, 503, "{}", self.text);
        assert_eq!(self.content_type, "application/problem+json", "{self:?}");
        assert_eq!(self.json()["status"], 503, "{}", self.text);
        let after = self.retry_after.as_deref().expect("503 has Retry-After");
        assert!(after.parse::<u32>().is_ok_and(|s| s > 0), "{after}");
    }
}

fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Reply, String> {
    let response = response.map_err(|e| e.to_string())?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let status = response.status().as_u16();
    let content_type = header("content-type").unwrap_or_default();
    let retry_after = header("retry-after");
    let mut text = String::new();
    response
        .into_body()
        .into_reader()
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(Reply {
        status,
        content_type,
        retry_after,
        text,
    })
}

fn get(agent: &ureq::Agent, url: &str) -> Result<Reply, String> {
    read(agent.get(url).call())
}

fn post_yaml(agent: &ureq::Agent, url: &str, body: &str) -> Result<Reply, String> {
    read(
        agent
            .post(url)
            .header("content-type", "application/yaml")
            .send(body),
    )
}

/// A small spec whose title makes it unique, with one MUST finding.
fn spec(tag: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Pets {tag}\n  version: 1.0.0\n  x-api-id: 0f4b5d77-0bd8-4b86-8ac4-51a1a6f7a9b1\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  petName:\n                    type: string\n"
    )
}

/// Polls `check` every 50 ms until it is true; returns how long that took,
/// or panics with `what` after `limit`.
fn wait_until(what: &str, limit: Duration, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if check() {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        thread::sleep(Duration::from_millis(50));
    }
}

fn ready_status(server: &Server) -> Option<String> {
    let r = get(&agent(Duration::from_secs(10)), &server.url("/ready")).ok()?;
    (r.status == 200).then(|| r.json()["status"].as_str().unwrap_or("").to_string())
}

/// Every stored review `(id, spec)` is there, spec intact.
fn assert_stored(server: &Server, reviews: &[(String, String)]) {
    let agent = agent(Duration::from_secs(30));
    for (id, spec) in reviews {
        let r = get(&agent, &server.url(&format!("/api/v1/reviews/{id}")))
            .unwrap_or_else(|e| panic!("GET review {id}: {e}"));
        assert_eq!(
            r.status, 200,
            "review {id} answered 201 is gone: {}",
            r.text
        );
        assert_eq!(
            r.json()["spec"].as_str(),
            Some(spec.as_str()),
            "review {id}"
        );
    }
}

#[test]
fn kill_9_during_a_stream_of_lints_loses_no_answered_review() {
    const CLIENTS: usize = 6;
    const ROUNDS: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let mut stored: Vec<(String, String)> = Vec::new();
    for round in 0..ROUNDS {
        let started = Instant::now();
        let server = Server::start(&["--data-dir", &data]);
        let to_ready = wait_until("ready after restart", Duration::from_secs(30), || {
            ready_status(&server).as_deref() == Some("ready")
        });
        let restart = started.elapsed();
        // Everything the rounds before were answered 201 for survived.
        assert_stored(&server, &stored);
        let answered = Arc::new(AtomicUsize::new(0));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let url = server.url("/api/v1/lint");
                let answered = answered.clone();
                thread::spawn(move || {
                    let agent = agent(Duration::from_secs(30));
                    let mut mine = Vec::new();
                    for n in 0.. {
                        let body = spec(&format!("round {round} client {c} request {n}"));
                        match post_yaml(&agent, &url, &body) {
                            Ok(r) => {
                                assert_eq!(r.status, 201, "{}", r.text);
                                mine.push((r.json()["id"].as_str().unwrap().to_string(), body));
                                answered.fetch_add(1, Ordering::SeqCst);
                            }
                            // The kill: this request was in flight (or
                            // started just after); its client stops.
                            Err(_) => return (mine, n + 1),
                        }
                    }
                    unreachable!()
                })
            })
            .collect();
        // Kill at a different point each round, well into the stream.
        let kill_after = 40 + 25 * round;
        let mut server = server;
        wait_until("lints answered", Duration::from_secs(120), || {
            answered.load(Ordering::SeqCst) >= kill_after
        });
        server.kill_9();
        let mut sent = 0;
        let mut this_round = 0;
        for c in clients {
            let (mine, n) = c.join().unwrap();
            sent += n;
            this_round += mine.len();
            stored.extend(mine);
        }
        eprintln!(
            "fault figures: kill -9 round {}: {CLIENTS} clients sent {sent}, answered 201 {this_round}, \
             unanswered at the kill {}, restart to ready {} ms (listening {} ms)",
            round + 1,
            sent - this_round,
            restart.as_millis(),
            (restart - to_ready).as_millis()
        );
    }
    let server = Server::start(&["--data-dir", &data]);
    assert_stored(&server, &stored);
    drop(server);
    eprintln!(
        "fault figures: kill -9 total: {ROUNDS} kills, {} reviews answered 201, all {} found intact (lost 0)",
        stored.len(),
        stored.len()
    );
    integrity_check(&dir.path().join("reviews.sqlite"));
}

/// SQLite's own check of the file the kills left behind.
fn integrity_check(file: &Path) {
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let (result,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(result, "ok", "SQLite integrity check of {}", file.display());
        conn.close().await.unwrap();
    });
}

/// A throwaway PostgreSQL cluster the test can stop and start: a temporary
/// directory, trust authentication on 127.0.0.1 only, a free port; run as
/// a non-root user when the test runs as root (PostgreSQL refuses root),
/// like `.ci/run`'s. Stopped and deleted when dropped.
struct Postgres {
    bindir: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// `runuser -u <user> --` when running as root.
    run_as: Vec<String>,
}

impl Postgres {
    /// `None` (with the reason printed) when PostgreSQL is not installed
    /// and this is not CI.
    fn start() -> Option<Postgres> {
        let Some(bindir) = postgres_bindir() else {
            let reason = "PostgreSQL's initdb and pg_ctl are not installed (on PATH or in \
                          /usr/lib/postgresql/*/bin); Debian: apt-get install postgresql";
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{reason}");
            eprintln!("skipped: {reason}");
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("apilint-faults-pg.")
            .tempdir()
            .unwrap();
        let mut run_as = Vec::new();
        if is_root() {
            let user = postgres_user();
            let chown = Command::new("chown")
                .args([&user, dir.path().to_str().unwrap()])
                .status()
                .unwrap();
            assert!(chown.success(), "chown {user} {}", dir.path().display());
            run_as = vec!["runuser".into(), "-u".into(), user, "--".into()];
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Postgres {
            bindir,
            dir,
            port,
            run_as,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "apilint",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        pg.start_server();
        Some(pg)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://apilint@127.0.0.1:{}/postgres", self.port)
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bindir.join(tool);
        let mut cmd = match self.run_as.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        let out = cmd.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
        );
    }

    fn start_server(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").display().to_string();
        let data = self.data();
        self.run(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-w", "-t", "60", "-o", &options, "start",
            ],
        );
    }

    /// `pg_ctl stop -m fast`: what a restart does; sessions are ended.
    fn stop_server(&self) {
        let data = self.data();
        self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]);
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data();
        let program = self.bindir.join("pg_ctl");
        let mut cmd = match self.run_as.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        let _ = cmd
            .args(["-D", &data, "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The directory of `initdb` and `pg_ctl`: on PATH, else Debian's newest.
fn postgres_bindir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
    });
    if on_path.is_some() {
        return on_path;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The user PostgreSQL runs as when the test runs as root: Debian's
/// `postgres`, else the `apilint-pg` system user `.ci/run` also uses,
/// created when missing.
fn postgres_user() -> String {
    let exists = |u: &str| {
        Command::new("id")
            .args(["-u", u])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if exists("postgres") {
        return "postgres".into();
    }
    if !exists("apilint-pg") {
        let made = Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                "apilint-pg",
            ])
            .status()
            .unwrap();
        assert!(made.success(), "useradd apilint-pg");
    }
    "apilint-pg".into()
}

/// One lint request's outcome under the PostgreSQL restart.
struct Outcome {
    started: Instant,
    took: Duration,
    reply: Reply,
    spec: String,
}

#[test]
fn a_postgres_restart_is_503_with_retry_after_then_recovers() {
    const CLIENTS: usize = 4;
    let Some(pg) = Postgres::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&[
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--database-url",
        &pg.url(),
    ]);
    wait_until("ready on PostgreSQL", Duration::from_secs(30), || {
        ready_status(&server).as_deref() == Some("ready")
    });
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let url = server.url("/api/v1/lint");
            let stop = stop.clone();
            thread::spawn(move || {
                // A hang would show as this timeout: well above the 3 s
                // the pool waits for a connection.
                let agent = agent(Duration::from_secs(20));
                let mut outcomes = Vec::new();
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let body = spec(&format!("client {c} request {n}"));
                    let started = Instant::now();
                    let reply = post_yaml(&agent, &url, &body)
                        .unwrap_or_else(|e| panic!("lint request: {e} (a hang or a crash)"));
                    outcomes.push(Outcome {
                        started,
                        took: started.elapsed(),
                        reply,
                        spec: body,
                    });
                    thread::sleep(Duration::from_millis(20));
                }
                outcomes
            })
        })
        .collect();
    // /health answers throughout, quickly.
    let health = {
        let url = server.url("/health");
        let stop = stop.clone();
        thread::spawn(move || {
            let agent = agent(Duration::from_secs(5));
            let mut slowest = Duration::ZERO;
            let mut probes = 0;
            while !stop.load(Ordering::SeqCst) {
                let t = Instant::now();
                let r = get(&agent, &url).expect("/health answers");
                assert_eq!(r.status, 200, "{}", r.text);
                slowest = slowest.max(t.elapsed());
                probes += 1;
                thread::sleep(Duration::from_millis(100));
            }
            (probes, slowest)
        })
    };
    thread::sleep(Duration::from_millis(1500));
    let down = Instant::now();
    pg.stop_server();
    let stop_took = down.elapsed();
    // Down long enough that requests outlast the pool's 3 s wait.
    thread::sleep(Duration::from_millis(1000));
    let ready_while_down = get(&agent(Duration::from_secs(20)), &server.url("/ready")).unwrap();
    ready_while_down.assert_unavailable();
    thread::sleep(Duration::from_millis(3000));
    server.assert_alive();
    let up = Instant::now();
    pg.start_server();
    let start_took = up.elapsed();
    let back = wait_until("ready after the restart", Duration::from_secs(30), || {
        ready_status(&server).as_deref() == Some("ready")
    });
    // Let the clients show that lints are stored again.
    thread::sleep(Duration::from_millis(1500));
    stop.store(true, Ordering::SeqCst);
    let outcomes: Vec<Outcome> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let (probes, slowest_health) = health.join().unwrap();
    server.assert_alive();

    let mut stored = Vec::new();
    let mut unavailable = 0;
    let mut unavailable_at_once = 0;
    let mut slowest = Duration::ZERO;
    let mut first_201_after_up = None;
    for o in &outcomes {
        slowest = slowest.max(o.took);
        match o.reply.status {
            201 => {
                stored.push((
                    o.reply.json()["id"].as_str().unwrap().to_string(),
                    o.spec.clone(),
                ));
                if o.started >= up {
                    let at = o.started + o.took - up;
                    first_201_after_up =
                        Some(first_201_after_up.map_or(at, |f: Duration| f.min(at)));
                }
            }
            503 => {
                o.reply.assert_unavailable();
                unavailable += 1;
                if o.took < Duration::from_secs(1) {
                    unavailable_at_once += 1;
                }
            }
            other => panic!(
                "answer {other} during the PostgreSQL restart (expected 201 or 503): {}\n{}",
                o.reply.text,
                server.log_text()
            ),
        }
    }
    assert!(unavailable > 0, "no request noticed the database was away");
    assert!(
        slowest < Duration::from_secs(10),
        "a request took {slowest:?} (the pool should give up after 3 s)"
    );
    let recovered = first_201_after_up.expect("lints are stored again after the restart");
    assert!(
        outcomes
            .iter()
            .any(|o| o.reply.status == 201 && o.started < down),
        "nothing was stored before the stop"
    );
    // Every review answered 201, before and after, is in the database.
    assert_stored(&server, &stored);
    let after = post_yaml(
        &agent(Duration::from_secs(20)),
        &server.url("/api/v1/lint"),
        &spec("after"),
    )
    .unwrap();
    assert_eq!(after.status, 201, "{}", after.text);
    eprintln!(
        "fault figures: PostgreSQL restart: {CLIENTS} clients, {} requests, {} answered 201 (all found \
         again), {unavailable} answered 503 + Retry-After ({unavailable_at_once} at once, the rest after the pool's \
         3 s wait), 0 other; slowest answer {} ms; /health \
         {probes} probes all 200, slowest {} ms; PostgreSQL away for {} ms (stop {} ms, start {} ms); \
         /ready again {} ms and first review stored {} ms after the start began",
        outcomes.len(),
        stored.len(),
        slowest.as_millis(),
        slowest_health.as_millis(),
        (up - down).as_millis() + start_took.as_millis(),
        stop_took.as_millis(),
        start_took.as_millis(),
        (start_took + back).as_millis(),
        recovered.as_millis()
    );
}

#[test]
fn an_unreachable_rule_set_repository_degrades_and_recovers() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("rules");
    let moved = root.path().join("rules-moved-away");
    std::fs::create_dir(&repo).unwrap();
    init(&repo);
    let good = commit(
        &repo,
        "rules:\n  api-title:\n    description: The API has a title.\n    given: $.info\n    severity: error\n    then:\n      field: title\n      function: truthy\n",
        "rules",
    );
    let data = root.path().join("data");
    let url = format!("file://{}", repo.display());
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--ruleset-repo",
        &url,
        "--ruleset-poll",
        "1",
    ];
    let mut server = Server::start(&args);
    wait_until("ready", Duration::from_secs(30), || {
        ready_status(&server).as_deref() == Some("ready")
    });
    let client = agent(Duration::from_secs(30));
    let failures = |server: &Server| -> u64 {
        let text = get(&client, &server.url("/metrics")).unwrap().text;
        text.lines()
            .find_map(|l| l.strip_prefix("apilint_ruleset_reload_failures_total "))
            .expect("the failure counter is exported")
            .trim()
            .parse()
            .unwrap()
    };
    assert_eq!(failures(&server), 0);
    // Degraded, serving the good commit, the remote's error shown.
    let assert_degraded = |server: &Server| {
        let ready = get(&client, &server.url("/ready")).unwrap();
        assert_eq!(ready.status, 200, "{}", ready.text);
        let reason = ready.json()["reasons"][0].as_str().unwrap().to_string();
        assert!(
            reason.contains(&good) && reason.contains("cannot read the rule set repository"),
            "{reason}"
        );
        let status = get(&client, &server.url("/api/v1/ruleset")).unwrap().json();
        assert_eq!(status["commit"], good.as_str(), "{status}");
        assert!(
            status["last_error"]["message"]
                .as_str()
                .unwrap()
                .contains("cannot read the rule set repository"),
            "{status}"
        );
        assert_eq!(get(&client, &server.url("/health")).unwrap().status, 200);
    };
    // Lints keep coming; all must be answered with the good rule set.
    let lint_stream = |server: &Server, stop: Arc<AtomicBool>| {
        let url = server.url("/api/v1/lint");
        let good = good.clone();
        thread::spawn(move || {
            let agent = agent(Duration::from_secs(30));
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let r = post_yaml(&agent, &url, &spec(&format!("repo fault {n}"))).unwrap();
                assert_eq!(r.status, 201, "{}", r.text);
                assert_eq!(r.json()["ruleset"]["commit"], good.as_str(), "{}", r.text);
                thread::sleep(Duration::from_millis(50));
            }
            n
        })
    };

    let stop = Arc::new(AtomicBool::new(false));
    let linter = lint_stream(&server, stop.clone());
    std::fs::rename(&repo, &moved).unwrap();
    let to_degraded = wait_until("degraded", Duration::from_secs(30), || {
        ready_status(&server).as_deref() == Some("degraded")
    });
    assert_degraded(&server);
    // A few polls fail while it is away; each is counted.
    thread::sleep(Duration::from_millis(2500));
    let failed_polls = failures(&server);
    assert!(failed_polls >= 2, "{failed_polls} failures counted");
    stop.store(true, Ordering::SeqCst);
    let mut lints = linter.join().unwrap();

    // Killed and restarted while the repository is still away: the
    // replica comes back serving the last good commit recorded on disk
    // (degraded), not without a rule set (503).
    server.kill_9();
    let restarted = Instant::now();
    let mut server = Server::start(&args);
    wait_until("serving after the restart", Duration::from_secs(10), || {
        ready_status(&server).is_some()
    });
    let restart_to_degraded = restarted.elapsed();
    assert_eq!(ready_status(&server).as_deref(), Some("degraded"));
    assert_degraded(&server);
    let stop = Arc::new(AtomicBool::new(false));
    let linter = lint_stream(&server, stop.clone());
    thread::sleep(Duration::from_millis(1000));

    std::fs::rename(&moved, &repo).unwrap();
    let to_ready = wait_until("ready again", Duration::from_secs(30), || {
        ready_status(&server).as_deref() == Some("ready")
    });
    let status = get(&client, &server.url("/api/v1/ruleset")).unwrap().json();
    assert!(status["last_error"].is_null(), "{status}");
    assert_eq!(status["commit"], good.as_str());
    let settled = failures(&server);
    thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        failures(&server),
        settled,
        "polls still fail after the repository returned"
    );
    stop.store(true, Ordering::SeqCst);
    lints += linter.join().unwrap();
    server.assert_alive();
    eprintln!(
        "fault figures: rule set repository moved away (poll every 1 s): degraded after {} ms, \
         {failed_polls} failed polls counted; kill -9 and restart while away: serving the last \
         good commit (degraded) {} ms after the restart began, {settled} failed reads counted by \
         the new process; ready again {} ms after the repository returned; {lints} lints \
         during the fault, all 201 with the last good commit; /health 200 throughout",
        to_degraded.as_millis(),
        restart_to_degraded.as_millis(),
        to_ready.as_millis()
    );
}

/// A service started while its PostgreSQL is down (started beside it, or
/// during a restart) waits for it (`--database-wait`) and then serves,
/// instead of exiting; a database that never comes is still an error
/// once the wait is over.
#[test]
fn a_service_started_before_its_database_waits_for_it() {
    let Some(pg) = Postgres::start() else { return };
    pg.stop_server();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap().to_string();
    let started = Instant::now();
    let server = thread::scope(|s| {
        s.spawn(|| {
            thread::sleep(Duration::from_secs(3));
            pg.start_server();
        });
        Server::start(&[
            "--data-dir",
            &data_dir,
            "--database-url",
            &pg.url(),
            "--database-wait",
            "50",
        ])
    });
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "listening before the database was up"
    );
    let log = server.log_text();
    assert!(
        log.contains("the database does not answer yet"),
        "no word of the wait:\n{log}"
    );
    let agent = agent(Duration::from_secs(20));
    let reply = post_yaml(&agent, &server.url("/api/v1/lint"), &spec("after the wait")).unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text);
    drop(server);

    // Down for good: the wait ends and the start fails, naming the database.
    pg.stop_server();
    let out = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", &data_dir])
        .args(["--database-url", &pg.url(), "--database-wait", "1"])
        .env_remove("APILINT_DATABASE_WAIT")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot open the database"), "{stderr}");
    assert!(stderr.contains("gave up"), "{stderr}");
}
