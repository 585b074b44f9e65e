//! Compares apilint's findings with Stoplight Spectral's on the same
//! documents and rule set, and reports, per rule, how many findings both
//! tools report, how many only Spectral reports and how many only apilint
//! reports. Driven by `scripts/spectral-compare.sh`, which runs both tools
//! and writes a manifest; run by hand as
//! `cargo run --release --example spectral_compare -- --manifest FILE
//! [--ruleset TEXT] [--examples N] [--markdown FILE]`.
//!
//! # Input
//!
//! The manifest has one tab-separated line per document: display name,
//! document path, Spectral's JSON report (or `-`), Spectral's failure (or
//! `-`), apilint's JSON report (or `-`), apilint's failure (or `-`). Both
//! reports are Spectral's `-f json` array. Only the first JSON value of a
//! report is read, so text after the array (Spectral's "No results"
//! sentence on stdout) is ignored.
//!
//! # Matching
//!
//! Findings are compared per document, never across documents, with two
//! keys, each on its own:
//!
//! - by path: (code, source, path);
//! - by range: (code, source, start line, start character).
//!
//! Matching is of multisets: a finding pairs with at most one finding of
//! the other tool, so two identical Spectral findings against one apilint
//! finding give one agreement and one "only Spectral". Within the path
//! match, findings are first paired on (code, source, path, message,
//! severity) and the rest on (code, source, path); pairs of the second kind
//! are counted as "message or severity differs" (they still agree by path).
//!
//! Paths: both tools print every path item as a JSON string, array indices
//! too (`"0"`), because Spectral's paths come from JSONPath results. A
//! number, should either tool print one, is turned into its decimal string,
//! so both tools are always compared as sequences of strings. That loses
//! nothing: the two tools look at the same document, where the node at a
//! given position is either an array (its items are indices) or an object
//! (its members are keys), never both, so `"0"` cannot mean two things at
//! one place. Paths are shown as JSON pointers (`/paths/~1pets/get`), the
//! root as `(root)`.
//!
//! Source: a finding whose `source` is the linted document itself (same
//! string or same canonical file) gets an empty source; a finding in
//! another file (through a `$ref`) keeps its source string, so it only
//! matches a finding in that same file.
//!
//! # Failures
//!
//! A document Spectral failed on has no reference: it is listed with the
//! failure and left out of every count. A document apilint failed on (exit
//! code 2) while Spectral linted it counts as apilint reporting nothing, so
//! all Spectral's findings on it are "only Spectral".
//!
//! # Output
//!
//! A per-rule table (rules in name order) with totals and the two
//! percentages for each match key: "Spectral's findings reproduced" (both /
//! Spectral's total) and "ours confirmed" (both / apilint's total); a
//! per-document table; with `--examples N`, up to N findings per rule and
//! kind of difference (only Spectral, only apilint, message differs), taken
//! from as many different documents as possible, rules with the most
//! differences first. `--markdown FILE` writes the same report as markdown;
//! when FILE already holds the markers `<!-- spectral-compare:begin -->`
//! and `<!-- spectral-compare:end -->`, only the text between them is
//! replaced, so explanations written around the report survive a re-run.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::hash::Hash;
use std::path::Path;

const BEGIN_MARKER: &str = "<!-- spectral-compare:begin -->";
const END_MARKER: &str = "<!-- spectral-compare:end -->";

/// One finding of either tool, as needed for matching and examples.
#[derive(Clone, Debug, PartialEq)]
struct Finding {
    code: String,
    /// Empty when the finding is in the linted document itself.
    source: String,
    path: Vec<String>,
    message: String,
    severity: i64,
    start: (u64, u64),
}

/// Reads a Spectral-format JSON report. `doc` is the linted document: a
/// finding whose `source` names it gets an empty source.
fn parse_report(text: &str, doc: &Path) -> Result<Vec<Finding>, String> {
    let value = serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .next()
        .ok_or("empty report")?
        .map_err(|e| format!("not JSON: {e}"))?;
    let items = value.as_array().ok_or("the report is not a JSON array")?;
    let doc_canonical = doc.canonicalize().ok();
    // Canonicalizing touches the file system: once per distinct source.
    let mut sources: HashMap<String, String> = HashMap::new();
    let mut findings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let err = |what: &str| format!("finding {i}: {what}");
        let code = item
            .get("code")
            .and_then(|c| match c {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .ok_or_else(|| err("no code"))?;
        let path = item
            .get("path")
            .and_then(Value::as_array)
            .ok_or_else(|| err("no path array"))?
            .iter()
            .map(|seg| match seg {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(err(&format!("path item {other} is not a string or number"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let message = item
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let severity = item.get("severity").and_then(Value::as_i64).unwrap_or(-1);
        let start = item
            .pointer("/range/start")
            .map(|s| {
                (
                    s.get("line").and_then(Value::as_u64).unwrap_or(0),
                    s.get("character").and_then(Value::as_u64).unwrap_or(0),
                )
            })
            .unwrap_or((0, 0));
        let raw_source = item.get("source").and_then(Value::as_str).unwrap_or("");
        let source = sources
            .entry(raw_source.to_string())
            .or_insert_with(|| {
                let same = raw_source.is_empty()
                    || Path::new(raw_source) == doc
                    || (doc_canonical.is_some()
                        && Path::new(raw_source).canonicalize().ok() == doc_canonical);
                if same {
                    String::new()
                } else {
                    raw_source.to_string()
                }
            })
            .clone();
        findings.push(Finding {
            code,
            source,
            path,
            message,
            severity,
            start,
        });
    }
    Ok(findings)
}

/// The result of matching two multisets of findings by a key: pairs of
/// indices (Spectral, apilint) and the unpaired indices of each side, all
/// in input order.
#[derive(Debug, Default, PartialEq)]
struct Matching {
    pairs: Vec<(usize, usize)>,
    only_spectral: Vec<usize>,
    only_apilint: Vec<usize>,
}

/// Pairs findings `s_idx` of `spectral` with findings `a_idx` of `apilint`
/// that have equal keys, each at most once, first come first paired.
fn match_by<'f, K: Hash + Eq>(
    spectral: &'f [Finding],
    s_idx: &[usize],
    apilint: &'f [Finding],
    a_idx: &[usize],
    key: impl Fn(&'f Finding) -> K,
) -> Matching {
    let mut waiting: HashMap<K, VecDeque<usize>> = HashMap::new();
    for &a in a_idx {
        waiting.entry(key(&apilint[a])).or_default().push_back(a);
    }
    let mut m = Matching::default();
    let mut paired = HashSet::new();
    for &s in s_idx {
        match waiting
            .get_mut(&key(&spectral[s]))
            .and_then(VecDeque::pop_front)
        {
            Some(a) => {
                paired.insert(a);
                m.pairs.push((s, a));
            }
            None => m.only_spectral.push(s),
        }
    }
    m.only_apilint = a_idx
        .iter()
        .copied()
        .filter(|a| !paired.contains(a))
        .collect();
    m
}

/// Path matching in two rounds: exact (message and severity equal) pairs,
/// then pairs whose message or severity differ. Returns the exact matching
/// and the second round's, whose pairs differ in message or severity and
/// whose unpaired findings are those of neither round.
fn match_paths(spectral: &[Finding], apilint: &[Finding]) -> (Matching, Matching) {
    let all_s: Vec<usize> = (0..spectral.len()).collect();
    let all_a: Vec<usize> = (0..apilint.len()).collect();
    let exact = match_by(spectral, &all_s, apilint, &all_a, |f| {
        (&f.code, &f.source, &f.path, &f.message, f.severity)
    });
    let loose = match_by(
        spectral,
        &exact.only_spectral,
        apilint,
        &exact.only_apilint,
        |f| (&f.code, &f.source, &f.path),
    );
    (exact, loose)
}

fn match_ranges(spectral: &[Finding], apilint: &[Finding]) -> Matching {
    let all_s: Vec<usize> = (0..spectral.len()).collect();
    let all_a: Vec<usize> = (0..apilint.len()).collect();
    match_by(spectral, &all_s, apilint, &all_a, |f| {
        (&f.code, &f.source, f.start)
    })
}

/// Counts of one rule (or of all rules) for one key.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Counts {
    both: usize,
    only_spectral: usize,
    only_apilint: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.both += o.both;
        self.only_spectral += o.only_spectral;
        self.only_apilint += o.only_apilint;
    }
}

/// One differing finding kept as an example.
#[derive(Clone, Debug)]
struct Example {
    doc: String,
    pointer: String,
    spectral: Option<String>,
    apilint: Option<String>,
}

#[derive(Default, Debug)]
struct RuleStats {
    spectral: usize,
    apilint: usize,
    by_path: Counts,
    /// Pairs agreeing by path whose message or severity differ.
    message_differs: usize,
    by_range: Counts,
    only_spectral: Vec<Example>,
    only_apilint: Vec<Example>,
    differing_messages: Vec<Example>,
}

impl RuleStats {
    fn differences(&self) -> usize {
        self.by_path.only_spectral + self.by_path.only_apilint + self.message_differs
    }
}

/// Per-document line of the report.
#[derive(Debug)]
struct DocRow {
    name: String,
    spectral: Option<usize>,
    apilint: Option<usize>,
    both_by_path: usize,
    note: String,
}

#[derive(Default, Debug)]
struct Report {
    rules: BTreeMap<String, RuleStats>,
    docs: Vec<DocRow>,
}

/// A JSON pointer for display; the root is `(root)`.
fn pointer(f: &Finding) -> String {
    let mut p = String::new();
    if !f.source.is_empty() {
        p.push_str(&f.source);
        p.push('#');
    }
    for seg in &f.path {
        p.push('/');
        p.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    if p.is_empty() { "(root)".into() } else { p }
}

fn severity_note(f: &Finding) -> String {
    let name = match f.severity {
        0 => "error",
        1 => "warn",
        2 => "info",
        3 => "hint",
        _ => "?",
    };
    format!("{} [{name}]", f.message)
}

impl Report {
    /// Adds one document's findings (`apilint` is empty when apilint failed
    /// on the document: it then counts as reporting nothing).
    fn add_document(&mut self, doc: &str, spectral: &[Finding], apilint: &[Finding]) {
        let (exact, loose) = match_paths(spectral, apilint);
        let ranges = match_ranges(spectral, apilint);
        for f in spectral {
            self.rules.entry(f.code.clone()).or_default().spectral += 1;
        }
        for f in apilint {
            self.rules.entry(f.code.clone()).or_default().apilint += 1;
        }
        for &(s, _) in &exact.pairs {
            self.rules.get_mut(&spectral[s].code).unwrap().by_path.both += 1;
        }
        for &(s, a) in &loose.pairs {
            let r = self.rules.get_mut(&spectral[s].code).unwrap();
            r.by_path.both += 1;
            r.message_differs += 1;
            // Only a differing message is worth an example; a severity-only
            // difference shows in the message's [severity] suffix.
            r.differing_messages.push(Example {
                doc: doc.to_string(),
                pointer: pointer(&spectral[s]),
                spectral: Some(severity_note(&spectral[s])),
                apilint: Some(severity_note(&apilint[a])),
            });
        }
        for &s in &loose.only_spectral {
            let r = self.rules.get_mut(&spectral[s].code).unwrap();
            r.by_path.only_spectral += 1;
            r.only_spectral.push(Example {
                doc: doc.to_string(),
                pointer: pointer(&spectral[s]),
                spectral: Some(severity_note(&spectral[s])),
                apilint: None,
            });
        }
        for &a in &loose.only_apilint {
            let r = self.rules.get_mut(&apilint[a].code).unwrap();
            r.by_path.only_apilint += 1;
            r.only_apilint.push(Example {
                doc: doc.to_string(),
                pointer: pointer(&apilint[a]),
                spectral: None,
                apilint: Some(severity_note(&apilint[a])),
            });
        }
        for &(s, _) in &ranges.pairs {
            self.rules.get_mut(&spectral[s].code).unwrap().by_range.both += 1;
        }
        for &s in &ranges.only_spectral {
            self.rules
                .get_mut(&spectral[s].code)
                .unwrap()
                .by_range
                .only_spectral += 1;
        }
        for &a in &ranges.only_apilint {
            self.rules
                .get_mut(&apilint[a].code)
                .unwrap()
                .by_range
                .only_apilint += 1;
        }
        self.docs.push(DocRow {
            name: doc.to_string(),
            spectral: Some(spectral.len()),
            apilint: Some(apilint.len()),
            both_by_path: exact.pairs.len() + loose.pairs.len(),
            note: String::new(),
        });
    }

    fn totals(&self) -> (usize, usize, Counts, usize, Counts) {
        let (mut s, mut a, mut p, mut m, mut r) = (0, 0, Counts::default(), 0, Counts::default());
        for st in self.rules.values() {
            s += st.spectral;
            a += st.apilint;
            p.add(st.by_path);
            m += st.message_differs;
            r.add(st.by_range);
        }
        (s, a, p, m, r)
    }
}

/// Up to `n` examples, from as many different documents as possible: one
/// per document in order first, then the rest in order.
fn pick_examples(all: &[Example], n: usize) -> Vec<&Example> {
    let mut seen = HashSet::new();
    let mut picked: Vec<usize> = Vec::new();
    for (i, e) in all.iter().enumerate() {
        if picked.len() == n {
            break;
        }
        if seen.insert(e.doc.as_str()) {
            picked.push(i);
        }
    }
    for i in 0..all.len() {
        if picked.len() == n {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| &all[i]).collect()
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "n/a".into()
    } else {
        format!("{:.1} %", 100.0 * part as f64 / whole as f64)
    }
}

/// A table rendered either as markdown or as aligned plain text.
struct Table {
    header: Vec<&'static str>,
    /// Right-aligned columns (numbers).
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

impl Table {
    fn render(&self, markdown: bool) -> String {
        let mut out = String::new();
        if markdown {
            let _ = writeln!(out, "| {} |", self.header.join(" | "));
            let seps: Vec<&str> = self
                .numeric
                .iter()
                .map(|&n| if n { "---:" } else { "---" })
                .collect();
            let _ = writeln!(out, "|{}|", seps.join("|"));
            for row in &self.rows {
                let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            return out;
        }
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(&self.numeric)
                .map(|((c, &w), &num)| {
                    if num {
                        format!("{c:>w$}")
                    } else {
                        format!("{c:<w$}")
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let _ = writeln!(out, "{}", line(self.header.clone()));
        let _ = writeln!(
            out,
            "{}",
            line(widths.iter().map(|&w| &"--------------------------------------------------------------------------------"[..w.min(80)]).collect())
        );
        for row in &self.rows {
            let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
        }
        out
    }
}

/// Renders the whole report as markdown or plain text.
fn render(report: &Report, ruleset: &str, examples: usize, markdown: bool) -> String {
    let mut out = String::new();
    let code = |s: &str| {
        if markdown {
            format!("`{s}`")
        } else {
            s.to_string()
        }
    };
    let compared = report.docs.iter().filter(|d| d.spectral.is_some()).count();
    let _ = writeln!(
        out,
        "Spectral 6.16.3 against apilint {}, rule set {}, {} documents ({} compared).",
        env!("CARGO_PKG_VERSION"),
        code(ruleset),
        report.docs.len(),
        compared
    );
    let _ = writeln!(out);
    let (s, a, p, m, r) = report.totals();
    let totals = Table {
        header: vec![
            "match key",
            "Spectral",
            "apilint",
            "both",
            "only Spectral",
            "only apilint",
            "Spectral's findings reproduced",
            "ours confirmed",
        ],
        numeric: vec![false, true, true, true, true, true, true, true],
        rows: [("(code, path)", p), ("(code, range start)", r)]
            .iter()
            .map(|(k, c)| {
                vec![
                    k.to_string(),
                    s.to_string(),
                    a.to_string(),
                    c.both.to_string(),
                    c.only_spectral.to_string(),
                    c.only_apilint.to_string(),
                    percent(c.both, s),
                    percent(c.both, a),
                ]
            })
            .collect(),
    };
    if markdown {
        let _ = writeln!(out, "### Totals\n");
    }
    out.push_str(&totals.render(markdown));
    let _ = writeln!(
        out,
        "\nOf the {} findings matched by (code, path), {} ({}) differ in message or severity.\n",
        p.both,
        m,
        percent(m, p.both)
    );

    if markdown {
        let _ = writeln!(out, "### Per rule\n");
    }
    let per_rule = Table {
        header: vec![
            "rule",
            "Spectral",
            "apilint",
            "both (path)",
            "only Spectral (path)",
            "only apilint (path)",
            "message differs",
            "both (range)",
            "only Spectral (range)",
            "only apilint (range)",
        ],
        numeric: vec![false, true, true, true, true, true, true, true, true, true],
        rows: report
            .rules
            .iter()
            .map(|(name, st)| {
                vec![
                    code(name),
                    st.spectral.to_string(),
                    st.apilint.to_string(),
                    st.by_path.both.to_string(),
                    st.by_path.only_spectral.to_string(),
                    st.by_path.only_apilint.to_string(),
                    st.message_differs.to_string(),
                    st.by_range.both.to_string(),
                    st.by_range.only_spectral.to_string(),
                    st.by_range.only_apilint.to_string(),
                ]
            })
            .collect(),
    };
    out.push_str(&per_rule.render(markdown));
    let _ = writeln!(
        out,
        "\nRules that neither tool reported anything for are not listed.\n"
    );

    if markdown {
        let _ = writeln!(out, "### Per document\n");
    }
    let per_doc = Table {
        header: vec!["document", "Spectral", "apilint", "both (path)", "note"],
        numeric: vec![false, true, true, true, false],
        rows: report
            .docs
            .iter()
            .map(|d| {
                let opt = |n: Option<usize>| n.map_or("-".to_string(), |n| n.to_string());
                vec![
                    d.name.clone(),
                    opt(d.spectral),
                    opt(d.apilint),
                    if d.spectral.is_some() {
                        d.both_by_path.to_string()
                    } else {
                        "-".into()
                    },
                    d.note.clone(),
                ]
            })
            .collect(),
    };
    out.push_str(&per_doc.render(markdown));

    if examples > 0 {
        let _ = writeln!(out);
        if markdown {
            let _ = writeln!(out, "### Examples of differences\n");
        } else {
            let _ = writeln!(out, "Examples of differences (by path):");
        }
        let mut by_diff: Vec<(&String, &RuleStats)> = report
            .rules
            .iter()
            .filter(|(_, st)| st.differences() > 0)
            .collect();
        by_diff.sort_by(|x, y| y.1.differences().cmp(&x.1.differences()).then(x.0.cmp(y.0)));
        for (name, st) in by_diff {
            let _ = writeln!(
                out,
                "{}{} ({} only Spectral, {} only apilint, {} message differs)\n",
                if markdown { "#### " } else { "\n" },
                code(name),
                st.by_path.only_spectral,
                st.by_path.only_apilint,
                st.message_differs
            );
            for (title, list) in [
                ("only Spectral", &st.only_spectral),
                ("only apilint", &st.only_apilint),
                ("message differs", &st.differing_messages),
            ] {
                for e in pick_examples(list, examples) {
                    let mut line = format!("- {title}: {} {}", e.doc, code(&e.pointer));
                    if let Some(m) = &e.spectral {
                        let _ = write!(line, " — Spectral: {}", quote(m, markdown));
                    }
                    if let Some(m) = &e.apilint {
                        let _ = write!(line, " — apilint: {}", quote(m, markdown));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            if markdown {
                let _ = writeln!(out);
            }
        }
    }
    out
}

/// A message in an example line: in markdown, a code span (so `*`, `_` and
/// `<` stay literal), with the fence made longer than any backtick run
/// inside.
fn quote(m: &str, markdown: bool) -> String {
    let m = m.replace(['\n', '\r'], " ");
    if !markdown {
        return m;
    }
    let longest = m.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if m.starts_with('`') || m.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{m}{pad}{fence}")
}

/// Puts `body` between the markers of `existing` (or makes a new file of
/// the markers around `body`).
fn splice(existing: Option<&str>, body: &str) -> String {
    let block = format!("{BEGIN_MARKER}\n{body}{END_MARKER}\n");
    if let Some(text) = existing
        && let (Some(b), Some(e)) = (text.find(BEGIN_MARKER), text.find(END_MARKER))
        && b < e
    {
        let after = &text[e + END_MARKER.len()..];
        let after = after.strip_prefix('\n').unwrap_or(after);
        return format!("{}{block}{after}", &text[..b]);
    }
    format!("# Fidelity to Spectral's `spectral:oas`\n\n{block}")
}

struct Args {
    manifest: String,
    ruleset: String,
    examples: usize,
    markdown: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut manifest = None;
    let mut ruleset = "extends: [[spectral:oas, all]]".to_string();
    let mut examples = 0;
    let mut markdown = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--manifest" => manifest = Some(value()?),
            "--ruleset" => ruleset = value()?,
            "--examples" => {
                let v = value()?;
                examples = v
                    .parse()
                    .map_err(|_| format!("--examples: {v:?} is not a number"))?;
            }
            "--markdown" => markdown = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        manifest: manifest.ok_or("--manifest FILE is required")?,
        ruleset,
        examples,
        markdown,
    })
}

/// A manifest field: `-` means none.
fn opt(field: &str) -> Option<&str> {
    if field == "-" { None } else { Some(field) }
}

fn load(report: Option<&str>, doc: &Path) -> Result<Vec<Finding>, String> {
    let path = report.ok_or("no report")?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse_report(&text, doc).map_err(|e| format!("{path}: {e}"))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let manifest =
        std::fs::read_to_string(&args.manifest).map_err(|e| format!("{}: {e}", args.manifest))?;
    let mut report = Report::default();
    for (n, line) in manifest.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(format!(
                "{}:{}: expected 6 tab-separated fields",
                args.manifest,
                n + 1
            ));
        }
        let (name, doc) = (f[0], Path::new(f[1]));
        let spectral = match (opt(f[3]), load(opt(f[2]), doc)) {
            (Some(failure), _) => Err(failure.to_string()),
            (None, r) => r,
        };
        let spectral = match spectral {
            Ok(s) => s,
            Err(e) => {
                report.docs.push(DocRow {
                    name: name.to_string(),
                    spectral: None,
                    apilint: None,
                    both_by_path: 0,
                    note: format!("not compared: Spectral failed: {e}"),
                });
                continue;
            }
        };
        let (apilint, note) = match (opt(f[5]), load(opt(f[4]), doc)) {
            (Some(failure), _) => (Vec::new(), format!("apilint failed: {failure}")),
            (None, Err(e)) => (Vec::new(), format!("apilint failed: {e}")),
            (None, Ok(a)) => (a, String::new()),
        };
        report.add_document(name, &spectral, &apilint);
        report.docs.last_mut().unwrap().note = note;
    }
    print!("{}", render(&report, &args.ruleset, args.examples, false));
    if let Some(md) = &args.markdown {
        let existing = std::fs::read_to_string(md).ok();
        let body = render(&report, &args.ruleset, args.examples, true);
        std::fs::write(md, splice(existing.as_deref(), &body)).map_err(|e| format!("{md}: {e}"))?;
        eprintln!("wrote {md}");
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("spectral_compare: {e}");
        std::process::exit(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: &str, path: &[&str], message: &str, start: (u64, u64)) -> Finding {
        Finding {
            code: code.into(),
            source: String::new(),
            path: path.iter().map(|s| s.to_string()).collect(),
            message: message.into(),
            severity: 1,
            start,
        }
    }

    #[test]
    fn reads_spectral_json_with_numeric_path_items_and_trailing_text() {
        let text = r#"[{"code":"x","path":["tags",0,"name"],"message":"m","severity":1,
            "range":{"start":{"line":3,"character":4},"end":{"line":3,"character":9}},
            "source":"/d/spec.json"},
            {"code":"y","path":[],"message":"n","severity":0,
            "range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},
            "source":"/d/other.yaml"}]No results with a severity of 'error' found!"#;
        let got = parse_report(text, Path::new("/d/spec.json")).unwrap();
        assert_eq!(got[0].path, vec!["tags", "0", "name"]);
        assert_eq!(got[0].source, "");
        assert_eq!(got[0].start, (3, 4));
        assert_eq!(got[1].source, "/d/other.yaml");
        assert_eq!(got[1].severity, 0);
        assert!(parse_report("{}", Path::new("/d")).is_err());
        assert!(parse_report("", Path::new("/d")).is_err());
    }

    #[test]
    fn string_and_number_indices_compare_equal() {
        let a = parse_report(
            r#"[{"code":"c","path":["p",1],"message":"m"}]"#,
            Path::new("/x"),
        );
        let b = parse_report(
            r#"[{"code":"c","path":["p","1"],"message":"m"}]"#,
            Path::new("/x"),
        );
        let (exact, loose) = match_paths(&a.unwrap(), &b.unwrap());
        assert_eq!(exact.pairs, vec![(0, 0)]);
        assert!(loose.pairs.is_empty());
    }

    #[test]
    fn multiset_matching_pairs_each_finding_once() {
        let s = vec![
            f("r", &["a"], "m", (1, 0)),
            f("r", &["a"], "m", (1, 0)),
            f("r", &["b"], "m", (2, 0)),
        ];
        let a = vec![f("r", &["a"], "m", (1, 0)), f("r", &["c"], "m", (2, 0))];
        let (exact, loose) = match_paths(&s, &a);
        assert_eq!(exact.pairs, vec![(0, 0)]);
        assert_eq!(loose.only_spectral, vec![1, 2]);
        assert_eq!(loose.only_apilint, vec![1]);
        // By range, ["b"] and ["c"] both start at (2, 0): they agree.
        let r = match_ranges(&s, &a);
        assert_eq!(r.pairs, vec![(0, 0), (2, 1)]);
        assert_eq!(r.only_spectral, vec![1]);
        assert!(r.only_apilint.is_empty());
    }

    #[test]
    fn codes_and_sources_must_agree() {
        let s = vec![f("r", &["a"], "m", (0, 0))];
        let mut other_source = f("r", &["a"], "m", (0, 0));
        other_source.source = "/elsewhere.yaml".into();
        let a = vec![f("q", &["a"], "m", (0, 0)), other_source];
        let (exact, loose) = match_paths(&s, &a);
        assert!(exact.pairs.is_empty() && loose.pairs.is_empty());
        assert_eq!(loose.only_apilint, vec![0, 1]);
    }

    #[test]
    fn exact_pairs_are_preferred_over_message_differences() {
        // Spectral: m1, m2 at one path; apilint: m2, m3. Pairing m2 with m2
        // first leaves one message difference (m1 vs m3), not two.
        let s = vec![f("r", &["a"], "m1", (0, 0)), f("r", &["a"], "m2", (0, 0))];
        let a = vec![f("r", &["a"], "m2", (0, 0)), f("r", &["a"], "m3", (0, 0))];
        let (exact, loose) = match_paths(&s, &a);
        assert_eq!(exact.pairs, vec![(1, 0)]);
        assert_eq!(loose.pairs, vec![(0, 1)]);
        let mut report = Report::default();
        report.add_document("d", &s, &a);
        let st = &report.rules["r"];
        assert_eq!(
            st.by_path,
            Counts {
                both: 2,
                only_spectral: 0,
                only_apilint: 0
            }
        );
        assert_eq!(st.message_differs, 1);
    }

    #[test]
    fn report_counts_and_percentages() {
        let mut report = Report::default();
        report.add_document(
            "one",
            &[f("r", &["a"], "m", (0, 0)), f("r", &["b"], "m", (1, 0))],
            &[f("r", &["a"], "m", (0, 0)), f("q", &[], "m", (0, 0))],
        );
        // The same findings in another document never pair across documents.
        report.add_document("two", &[f("q", &[], "m", (0, 0))], &[]);
        let (s, a, p, m, _) = report.totals();
        assert_eq!((s, a, m), (3, 2, 0));
        assert_eq!(
            p,
            Counts {
                both: 1,
                only_spectral: 2,
                only_apilint: 1
            }
        );
        let text = render(&report, "extends: spectral:oas", 2, true);
        assert!(
            text.contains("| (code, path) | 3 | 2 | 1 | 2 | 1 | 33.3 % | 50.0 % |"),
            "{text}"
        );
        assert!(
            text.contains("- only Spectral: one `/b` — Spectral: `m [warn]`"),
            "{text}"
        );
    }

    #[test]
    fn pointers_escape_and_show_root() {
        assert_eq!(pointer(&f("r", &[], "", (0, 0))), "(root)");
        assert_eq!(
            pointer(&f("r", &["paths", "/a~b", "get"], "", (0, 0))),
            "/paths/~1a~0b/get"
        );
    }

    #[test]
    fn examples_prefer_distinct_documents() {
        let ex = |doc: &str| Example {
            doc: doc.into(),
            pointer: String::new(),
            spectral: None,
            apilint: None,
        };
        let all = vec![ex("a"), ex("a"), ex("b"), ex("c")];
        let got: Vec<&str> = pick_examples(&all, 3)
            .iter()
            .map(|e| e.doc.as_str())
            .collect();
        assert_eq!(got, vec!["a", "b", "c"]);
        let got: Vec<&str> = pick_examples(&all, 10)
            .iter()
            .map(|e| e.doc.as_str())
            .collect();
        assert_eq!(got, vec!["a", "a", "b", "c"]);
    }

    #[test]
    fn markdown_splices_between_markers() {
        let fresh = splice(None, "T\n");
        assert!(fresh.contains(&format!("{BEGIN_MARKER}\nT\n{END_MARKER}\n")));
        let edited = format!("# Title\nintro\n{BEGIN_MARKER}\nold\n{END_MARKER}\nnotes\n");
        assert_eq!(
            splice(Some(&edited), "new\n"),
            format!("# Title\nintro\n{BEGIN_MARKER}\nnew\n{END_MARKER}\nnotes\n")
        );
        assert_eq!(quote("a `b` c", true), "``a `b` c``");
        assert_eq!(md_cell("a|b"), "a\\|b");
    }
}
