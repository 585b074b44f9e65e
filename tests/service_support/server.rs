//! The real `apilint serve` binary as a child process, for the tests that
//! go over a socket (attacks, faults, the CLI's environment and SIGTERM).
//!
//! One copy, so that every such test starts the server the same way:
//! nothing from the test's own environment configures it (every
//! `APILINT_*` variable is removed before the test's own are set), its
//! JSON log is read to the end by a thread (a full stderr pipe would
//! block the server), and the start waits for the address it logs rather
//! than guessing a free port, which another process could take first.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The event `apilint serve` logs once it accepts connections; its
/// `fields.addr` is the address it bound.
pub const LISTENING: &str = "apilint serve is listening";

/// How many log lines a [`Server`] keeps for failure messages and checks;
/// the rest is read and dropped.
const LOG_LINES_KEPT: usize = 2000;

/// How long a start may take before the test fails with the log so far:
/// far above a debug build's start on a busy machine, and a failure
/// instead of a hang when the server never listens.
const START_LIMIT: Duration = Duration::from_secs(60);

/// An `apilint serve` command being put together; [`Serve::start`] runs it.
pub struct Serve {
    cmd: Command,
    data: Option<tempfile::TempDir>,
}

impl Serve {
    /// `apilint serve` with no flags, configured by nothing but what the
    /// caller adds. The caller must make it log JSON (`--log-format json`
    /// or `APILINT_LOG_FORMAT=json`): its address is read from the log.
    pub fn new() -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_apilint"));
        cmd.arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("APILINT_") {
                cmd.env_remove(key);
            }
        }
        Serve { cmd, data: None }
    }

    /// [`Serve::new`] on a free loopback port (`--addr 127.0.0.1:0`),
    /// logging JSON.
    pub fn on_free_port() -> Serve {
        Serve::new().args(["--addr", "127.0.0.1:0", "--log-format", "json"])
    }

    pub fn args<I, S>(mut self, args: I) -> Serve
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Serve {
        self.cmd.env(key, value);
        self
    }

    /// `--data-dir` a fresh temporary directory, deleted with the
    /// [`Server`].
    pub fn temp_data_dir(mut self) -> Serve {
        let dir = tempfile::tempdir().unwrap();
        self.cmd.arg("--data-dir").arg(dir.path());
        self.data = Some(dir);
        self
    }

    /// Starts the server; returns once it listens (it logged its address).
    /// Panics with the log when it exits first or does not listen within
    /// [`START_LIMIT`].
    pub fn start(mut self) -> Server {
        let mut child = self.cmd.spawn().expect("apilint serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (addr_tx, addr_rx) = mpsc::channel();
        let lines = log.clone();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let addr = serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .filter(|event| event["fields"]["message"] == LISTENING)
                    .and_then(|event| event["fields"]["addr"].as_str().map(str::to_string));
                // Kept before the address is sent: once `start` returns,
                // the log holds the listening event.
                let mut kept = lines.lock().unwrap();
                if kept.len() < LOG_LINES_KEPT {
                    kept.push(line);
                }
                drop(kept);
                if let Some(addr) = addr {
                    let _ = addr_tx.send(addr);
                }
            }
        });
        let addr = match addr_rx.recv_timeout(START_LIMIT) {
            Ok(a) => a,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{:?} did not start listening ({e}):\n{}",
                    self.cmd,
                    log.lock().unwrap().join("\n")
                );
            }
        };
        Server {
            addr: addr
                .parse()
                .unwrap_or_else(|e| panic!("the logged address {addr:?}: {e}")),
            child,
            log,
            reader: Some(reader),
            _data: self.data,
        }
    }
}

/// A running `apilint serve`, killed when dropped.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    child: Child,
    /// The log lines so far (the first [`LOG_LINES_KEPT`]).
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<JoinHandle<()>>,
    _data: Option<tempfile::TempDir>,
}

impl Server {
    /// `apilint serve` on a free loopback port, logging JSON, with `args`
    /// and nothing else configuring it.
    pub fn start(args: &[&str]) -> Server {
        Serve::on_free_port().args(args).start()
    }

    /// `http://<addr><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `kill -9`: no signal handler, no graceful shutdown, no flush.
    pub fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM (a graceful stop); returns the exit status once the server
    /// has exited and its whole log has been read.
    pub fn terminate(&mut self) -> ExitStatus {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        status
    }

    /// Panics with the log when the server has exited.
    pub fn assert_alive(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("apilint serve exited ({status}):\n{}", self.log_text());
        }
    }

    /// The log lines read so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The server's peak resident memory so far (`VmHWM`), in KB (Linux).
    pub fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
