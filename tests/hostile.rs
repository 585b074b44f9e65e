//! The hostile-input catalogue: every case in `tests/hostile/` is linted by
//! the `apilint` binary under a time budget and a memory cap, and must end
//! the way its expectation file says, without a panic, an abort or a hang.
//!
//! # A case
//!
//! `tests/hostile/<name>.expect.json` describes one case; the input is a
//! file or folder beside it (`"input"`), or is generated at test time
//! (`"generate"`) when it would be too big to commit (50 MB documents,
//! 100,000-deep nesting, 10,000 rules). Members:
//!
//! - `about`: what the case attacks, one line (it is the catalogue's row in
//!   `docs/reliability.md`);
//! - `input`: a file or folder in `tests/hostile/`, copied into a fresh
//!   temporary folder; `lint` names what to lint there (default: `input`);
//! - `generate`: `{kind, n, debug_n, file}`: see [`generate`];
//! - `args`: more arguments for `apilint lint` (`-f json` is always given,
//!   `{dir}` is the case's folder);
//! - `exit`: the expected exit code (0, 1 or 2);
//! - `findings`: findings that must be in the JSON report, each
//!   `{code, line, column, message}` (1-based line and column as the text
//!   output shows them; `message` a fragment; all optional but `code`);
//! - `absent`: codes that must not be reported;
//! - `stderr`, `stdout`: fragments that must appear there, and
//!   `not_stdout` fragments that must not (a file's content that must not
//!   leak into the report);
//! - `budget_ms` (default 1000) and `max_rss_mb` (default 256).
//!
//! # Budgets
//!
//! Budgets are for a release build. Debug builds run the same cases with 30
//! times the time budget ([`DEBUG_SLACK`]), and the generated size cases
//! at `debug_n` (smaller, with the budget scaled to match) unless
//! `APILINT_HOSTILE_FULL=1`; CI also runs this file against the release
//! build at full size (`.ci/run`, with `APILINT_HOSTILE_BIN`). The memory cap is enforced while the
//! case runs: a watchdog reads the process's resident set from `/proc`
//! every 2 ms and kills it above the cap (a failure); the peak (`VmHWM`,
//! read on the same rounds) is reported and checked after. A case still
//! running at twice its budget (at least 10 s) is killed as a hang.
//!
//! `APILINT_HOSTILE_BIN=target/release/apilint` runs the cases against that
//! binary as a release build (full sizes, no slack).
//! `APILINT_HOSTILE_REPORT=FILE` writes the summary table (case, outcome,
//! time, peak RSS) as markdown, for `docs/reliability.md`;
//! `APILINT_HOSTILE_ONLY=name` runs the cases whose name contains `name`.

use std::fmt::Write as _;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    about: String,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    lint: Option<String>,
    #[serde(default)]
    generate: Option<Generate>,
    #[serde(default)]
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    findings: Vec<ExpectedFinding>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    not_stdout: Vec<String>,
    #[serde(default = "default_budget")]
    budget_ms: u64,
    #[serde(default = "default_rss")]
    max_rss_mb: u64,
}

fn default_budget() -> u64 {
    1000
}

fn default_rss() -> u64 {
    256
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    code: String,
    #[serde(default)]
    line: Option<u64>,
    #[serde(default)]
    column: Option<u64>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    kind: String,
    n: usize,
    /// The size in debug builds; `n` when absent.
    #[serde(default)]
    debug_n: Option<usize>,
    file: String,
}

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// The binary under test: `APILINT_HOSTILE_BIN` (CI points it at the
/// release build it already has, so the catalogue needs no second release
/// compile), else the one cargo built with this test.
fn binary() -> PathBuf {
    std::env::var_os("APILINT_HOSTILE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_apilint")))
}

/// Whether the binary under test is a debug build: this test's own
/// profile, unless `APILINT_HOSTILE_BIN` names a binary (a release build).
fn debug() -> bool {
    cfg!(debug_assertions) && std::env::var_os("APILINT_HOSTILE_BIN").is_none()
}

/// Whether the generated size cases run at their debug size.
fn scaled_down() -> bool {
    debug() && std::env::var("APILINT_HOSTILE_FULL").as_deref() != Ok("1")
}

/// How much longer than its budget a case may take in a debug build:
/// unoptimised code runs 10 to 30 times slower (most on the big
/// documents). The budgets themselves are checked by the release run.
const DEBUG_SLACK: f64 = 30.0;

/// Writes the generated input of a case into `dir`. Kinds (`n` is the
/// size parameter):
/// - `deep-block-seq`: `- - - … x`, `n` nested block sequences;
/// - `deep-flow-seq`: `[[[…]]]`, `n` nested flow sequences;
/// - `deep-json`: `{"a":{"a":…}}`, `n` nested JSON objects;
/// - `big-doc`: an OpenAPI document of about `n` MB (paths of small
///   operations);
/// - `big-json-line`: the same in minified JSON: one line of `n` MB;
/// - `big-string`: a description of `n` MB in one string;
/// - `big-key`, `big-key-json`: a property name of `n` KB, in YAML or JSON;
/// - `huge-numbers`: JSON numbers out of range and of `n` digits;
/// - `many-keys`: one mapping with `n` keys;
/// - `many-refs`: `n` `$ref`s to one schema;
/// - `ref-fan-out`: schemas L0…Ln, each with two refs to the next (2^n
///   paths through the graph);
/// - `many-rules`: a rule set of `n` rules (`rules.yaml`) beside a small spec;
/// - `deep-filter`: a rule whose filter nests `n` parentheses;
/// - `long-regex-subject`: a `pattern` rule on a string of `n` `a`s with a
///   final `!`, the classic catastrophic backtracking subject.
fn generate(g: &Generate, dir: &Path) -> std::io::Result<()> {
    let n = match g.debug_n {
        Some(d) if scaled_down() => d,
        _ => g.n,
    };
    let head = "openapi: 3.0.3\ninfo:\n  title: Generated\n  version: 1.0.0\n";
    let path = dir.join(&g.file);
    let text = match g.kind.as_str() {
        "deep-block-seq" => format!("{head}x-deep:\n  {}x\npaths: {{}}\n", "- ".repeat(n)),
        "deep-flow-seq" => format!(
            "{head}x-deep: {}{}\npaths: {{}}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
        "deep-json" => format!(
            "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"G\",\"version\":\"1.0.0\"}},\"paths\":{{}},\"x-deep\":{}1{}}}",
            "{\"a\":".repeat(n),
            "}".repeat(n)
        ),
        "big-doc" => {
            let mut s = format!("{head}paths:\n");
            let mut i = 0;
            while s.len() < n << 20 {
                let _ = write!(
                    s,
                    "  /things{i}:\n    get:\n      operationId: getThing{i}\n      summary: Get thing {i}\n      responses:\n        '200':\n          description: The thing.\n"
                );
                i += 1;
            }
            s
        }
        "big-json-line" => {
            let mut s = String::from(
                "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"G\",\"version\":\"1.0.0\"},\"paths\":{",
            );
            let mut i = 0;
            while s.len() < n << 20 {
                if i > 0 {
                    s.push(',');
                }
                let _ = write!(
                    s,
                    "\"/things{i}\":{{\"get\":{{\"operationId\":\"getThing{i}\",\"responses\":{{\"200\":{{\"description\":\"ok\"}}}}}}}}"
                );
                i += 1;
            }
            s.push_str("}}");
            s
        }
        "big-string" => format!(
            "openapi: 3.0.3\ninfo:\n  title: Generated\n  version: 1.0.0\n  description: \"{}\"\npaths: {{}}\n",
            "lorem ipsum ".repeat((n << 20) / 12)
        ),
        "big-key" => format!(
            "{head}paths: {{}}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      properties:\n        {}:\n          type: string\n",
            "k".repeat(n << 10)
        ),
        "big-key-json" => format!(
            "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"G\",\"version\":\"1.0.0\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{\"Big\":{{\"type\":\"object\",\"properties\":{{\"{}\":{{\"type\":\"string\"}}}}}}}}}}}}",
            "k".repeat(n << 10)
        ),
        "huge-numbers" => format!(
            "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"T\",\"version\":\"1.0.0\"}},\"paths\":{{}},\"x-n\":[1e999999,-1e999999,{},0.{}1]}}",
            "9".repeat(n),
            "0".repeat(n)
        ),
        "many-keys" => {
            let mut s = format!("{head}paths: {{}}\nx-many:\n");
            for i in 0..n {
                let _ = writeln!(s, "  key{i}: {i}");
            }
            s
        }
        "many-refs" => {
            let mut s = format!(
                "{head}paths: {{}}\ncomponents:\n  schemas:\n    Target:\n      type: object\n      description: the one target\n    Many:\n      type: object\n      properties:\n"
            );
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "        p{i}:\n          $ref: '#/components/schemas/Target'"
                );
            }
            s
        }
        "ref-fan-out" => {
            let mut s = format!(
                "{head}paths:\n  /root:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/L0'\ncomponents:\n  schemas:\n"
            );
            for i in 0..n {
                let _ = write!(
                    s,
                    "    L{i}:\n      type: object\n      properties:\n        left:\n          $ref: '#/components/schemas/L{next}'\n        right:\n          $ref: '#/components/schemas/L{next}'\n",
                    next = i + 1
                );
            }
            let _ = write!(
                s,
                "    L{n}:\n      type: object\n      description: the bottom\n"
            );
            s
        }
        "many-rules" => {
            let mut rules = String::from("rules:\n");
            for i in 0..n {
                let _ = write!(
                    rules,
                    "  rule-{i}:\n    given: $.info\n    severity: warn\n    then:\n      field: x-field-{i}\n      function: truthy\n"
                );
            }
            std::fs::write(dir.join("rules.yaml"), rules)?;
            format!("{head}paths: {{}}\n")
        }
        "deep-filter" => {
            let rules = format!(
                "rules:\n  deep-filter:\n    given: \"$..[?({}@.type == 'object'{})]\"\n    then:\n      function: truthy\n",
                "(".repeat(n),
                ")".repeat(n)
            );
            std::fs::write(dir.join("rules.yaml"), rules)?;
            format!("{head}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n")
        }
        "long-regex-subject" => format!("{head}  x-subject: \"{}!\"\npaths: {{}}\n", "a".repeat(n)),
        other => panic!("unknown generator kind \"{other}\""),
    };
    std::fs::write(path, text)
}

/// Copies `from` (a file or a folder) into `to`.
fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
}

/// What one run of the binary did.
struct Run {
    /// `None` when killed or ended by a signal.
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_rss_kb: u64,
    /// Why the watchdog killed it.
    killed: Option<String>,
}

/// Runs `apilint lint ARGS` in `dir` with a watchdog for time and memory.
fn run(dir: &Path, args: &[String], hard_limit: Duration, rss_cap_kb: u64) -> Run {
    let started = Instant::now();
    let mut child = Command::new(binary())
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .env_remove("APILINT_SERVER")
        .env_remove("APILINT_TOKEN")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("apilint runs");
    let pid = child.id();
    // Readers on their own threads, so a large report cannot block the
    // child on a full pipe while we wait.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let mut killed = None;
    let mut peak_rss_kb = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for apilint") {
            break status;
        }
        let (rss, hwm) = memory_kb(pid);
        peak_rss_kb = peak_rss_kb.max(hwm);
        if killed.is_none() {
            if rss > rss_cap_kb {
                killed = Some(format!(
                    "resident set {} MB over the cap of {} MB",
                    rss >> 10,
                    rss_cap_kb >> 10
                ));
            } else if started.elapsed() > hard_limit {
                killed = Some(format!("still running after {hard_limit:?}: a hang"));
            }
            if killed.is_some() {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
    let (code, signal) = (status.code(), status.signal());
    Run {
        code,
        signal,
        stdout,
        stderr,
        elapsed,
        peak_rss_kb,
        killed,
    }
}

/// `VmRSS` (now) and `VmHWM` (the peak so far) of a running process in
/// KB; 0 when they cannot be read (it may just have exited).
///
/// The peak is read here rather than from `wait4`'s `ru_maxrss`: that
/// one also counts the memory of this test process, which the child shares
/// between the spawn and its exec. The last rounds before the exit may be
/// missed, by at most the 2 ms between two reads.
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Checks one case; returns its summary row or what went wrong.
fn check_case(name: &str, expect: &Expect) -> Result<Row, String> {
    let work = tempfile::tempdir().unwrap();
    // The case's own folder, one level down, so that `../` from it stays
    // inside the temporary folder (where "outside" files are planted).
    let dir = work.path().join("case");
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(input) = &expect.input {
        copy(&catalogue().join(input), &dir.join(input));
    }
    let mut scale = 1.0;
    if let Some(g) = &expect.generate {
        generate(g, &dir).unwrap();
        if let Some(d) = g.debug_n
            && scaled_down()
        {
            scale = d as f64 / g.n as f64;
        }
    }
    // Planted beside the case folder for the `../` cases: a "secret" no
    // report may show.
    std::fs::write(
        work.path().join("outside.yaml"),
        "secret: outside-the-folder-secret\n",
    )
    .unwrap();
    let target = expect
        .lint
        .clone()
        .or_else(|| expect.input.clone())
        .or_else(|| expect.generate.as_ref().map(|g| g.file.clone()))
        .ok_or("the case names no input")?;
    let mut args = vec![target, "-f".to_string(), "json".to_string()];
    let dir_str = dir.display().to_string();
    args.extend(expect.args.iter().map(|a| a.replace("{dir}", &dir_str)));
    let slack = if debug() { DEBUG_SLACK } else { 1.0 };
    let budget = Duration::from_secs_f64(expect.budget_ms as f64 / 1000.0 * scale * slack);
    // Past this it is a hang, not slowness: killed.
    let hard = (budget * 2).max(Duration::from_secs(10));
    let cap_kb = expect.max_rss_mb << 10;
    let run = run(&dir, &args, hard, cap_kb);

    let mut problems: Vec<String> = Vec::new();
    if let Some(why) = &run.killed {
        problems.push(format!("killed: {why}"));
    }
    if let Some(sig) = run.signal {
        problems.push(format!("ended by signal {sig} (a crash or an abort)"));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push("panicked".into());
    }
    if run.code != Some(expect.exit) && run.killed.is_none() {
        problems.push(format!("exit {:?}, expected {}", run.code, expect.exit));
    }
    if run.elapsed > budget {
        problems.push(format!(
            "took {:?}, over the budget of {budget:?}",
            run.elapsed
        ));
    }
    if run.peak_rss_kb > cap_kb {
        problems.push(format!(
            "peak resident set {} MB over the cap of {} MB",
            run.peak_rss_kb >> 10,
            expect.max_rss_mb
        ));
    }
    let findings: Vec<serde_json::Value> = if expect.exit == 2 || run.stdout.trim().is_empty() {
        Vec::new()
    } else {
        match serde_json::from_str(&run.stdout) {
            Ok(serde_json::Value::Array(items)) => items,
            _ => {
                problems.push(format!("stdout is not a JSON array: {}", clip(&run.stdout)));
                Vec::new()
            }
        }
    };
    for want in &expect.findings {
        if !findings.iter().any(|f| is_like(f, want)) {
            problems.push(format!("no finding like {want:?}"));
        }
    }
    for code in &expect.absent {
        if findings.iter().any(|f| f["code"] == code.as_str()) {
            problems.push(format!("a finding with code {code} was reported"));
        }
    }
    for fragment in &expect.stderr {
        if !run.stderr.contains(fragment.as_str()) {
            problems.push(format!("stderr lacks {fragment:?}"));
        }
    }
    for fragment in &expect.stdout {
        if !run.stdout.contains(fragment.as_str()) {
            problems.push(format!("stdout lacks {fragment:?}"));
        }
    }
    for fragment in &expect.not_stdout {
        if run.stdout.contains(fragment.as_str()) || run.stderr.contains(fragment.as_str()) {
            problems.push(format!("the output shows {fragment:?}"));
        }
    }
    if !problems.is_empty() {
        let reported: Vec<String> = findings
            .iter()
            .take(12)
            .map(|f| {
                format!(
                    "{}@{}:{} {}",
                    f["code"].as_str().unwrap_or(""),
                    f["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
                    f["range"]["start"]["character"].as_u64().unwrap_or(0) + 1,
                    f["message"].as_str().unwrap_or("")
                )
            })
            .collect();
        return Err(format!(
            "{name}: {}\n  ({})\n  exit {:?}, {:?}, peak {} MB\n  stderr: {}\n  findings: {}",
            problems.join("; "),
            expect.about,
            run.code,
            run.elapsed,
            run.peak_rss_kb >> 10,
            clip(&run.stderr),
            if findings.is_empty() {
                clip(&run.stdout)
            } else {
                reported.join("\n    ")
            }
        ));
    }
    let outcome = match (run.code, findings.first()) {
        // The details (`file:line:col: message`) when the error has them.
        (Some(2), _) => {
            let mut lines = run.stderr.lines().map(str::trim);
            let first = lines.next().unwrap_or("");
            format!("exit 2: {}", one_line(lines.next().unwrap_or(first)))
        }
        (Some(c), _) if !expect.findings.is_empty() => {
            let want = &expect.findings[0];
            let f = findings.iter().find(|f| is_like(f, want)).unwrap();
            format!(
                "exit {c}: `{}` at {}:{}: {}",
                want.code,
                f["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
                f["range"]["start"]["character"].as_u64().unwrap_or(0) + 1,
                one_line(f["message"].as_str().unwrap_or(""))
            )
        }
        (Some(c), _) => format!("exit {c}: {} findings", findings.len()),
        (None, _) => unreachable!("checked above"),
    };
    Ok(Row {
        name: name.to_string(),
        about: expect.about.clone(),
        outcome,
        millis: run.elapsed.as_secs_f64() * 1000.0,
        budget_ms: budget.as_secs_f64() * 1000.0,
        peak_mb: run.peak_rss_kb as f64 / 1024.0,
    })
}

/// Whether a reported finding (JSON) is the one `want` describes.
fn is_like(f: &serde_json::Value, want: &ExpectedFinding) -> bool {
    f["code"] == want.code.as_str()
        && want
            .line
            .is_none_or(|l| f["range"]["start"]["line"].as_u64() == Some(l - 1))
        && want
            .column
            .is_none_or(|c| f["range"]["start"]["character"].as_u64() == Some(c - 1))
        && want
            .message
            .as_deref()
            .is_none_or(|m| f["message"].as_str().is_some_and(|msg| msg.contains(m)))
}

/// A message for the summary table: at most 120 characters, and the
/// case's temporary folder left out.
fn one_line(s: &str) -> String {
    let s = match (s.find("/tmp/"), s.find("/case")) {
        (Some(a), Some(b)) if a < b => format!("{}.{}", &s[..a], &s[b + "/case".len()..]),
        _ => s.to_string(),
    };
    let mut out: String = s.chars().take(120).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(600).collect();
    if out.len() < s.len() {
        out.push_str(" …");
    }
    out
}

struct Row {
    name: String,
    about: String,
    outcome: String,
    millis: f64,
    budget_ms: f64,
    peak_mb: f64,
}

#[test]
fn every_hostile_case_ends_as_expected_within_its_budget() {
    let only = std::env::var("APILINT_HOSTILE_ONLY").ok();
    let mut names: Vec<String> = std::fs::read_dir(catalogue())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".expect.json").map(str::to_string)
        })
        .filter(|n| only.as_deref().is_none_or(|o| n.contains(o)))
        .collect();
    names.sort();
    if only.is_none() {
        assert!(names.len() >= 40, "the catalogue has {} cases", names.len());
    }
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for name in &names {
        let path = catalogue().join(format!("{name}.expect.json"));
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match check_case(name, &expect) {
            Ok(row) => rows.push(row),
            Err(e) => failures.push(e),
        }
    }
    let mut table = String::from(
        "| case | attack | outcome | time (ms) | budget (ms) | peak RSS (MB) |\n| :-- | :-- | :-- | --: | --: | --: |\n",
    );
    for r in &rows {
        let _ = writeln!(
            table,
            "| `{}` | {} | {} | {:.0} | {:.0} | {:.1} |",
            r.name,
            r.about,
            r.outcome.replace('|', "\\|"),
            r.millis,
            r.budget_ms,
            r.peak_mb
        );
    }
    println!("{table}");
    if let Ok(file) = std::env::var("APILINT_HOSTILE_REPORT") {
        std::fs::write(file, &table).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}
