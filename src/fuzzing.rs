//! The bodies of the `cargo fuzz` targets in `fuzz/`, kept in the library
//! so that a plain `cargo test` (`tests/fuzz_seeds.rs`) runs them over the
//! committed seeds and the harness code cannot rot on stable Rust.
//!
//! Each function takes the fuzzer's raw bytes, feeds them to one part of
//! apilint the way untrusted input reaches it, and panics only when an
//! invariant is broken: a span outside its source, a line/column that
//! does not map back to its offset, JSON that `serde_json` accepts but our
//! parser rejects or reads differently, a rule set error without a place, a
//! walker match the reference evaluator does not produce. An `Err` from the
//! code under test is a normal outcome; a panic, an abort, a hang or a
//! memory blow-up is a bug.
//!
//! Not here: what the fuzzer does with the result (libFuzzer's engine) and
//! the seed corpora (`scripts/fuzz-seeds.sh`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::document::workspace::{FileAccess, LoadError, LoadOptions, decode_text};
use crate::document::{Document, Limits, LineIndex, Loc, PathSeg, Span, Value, View, Workspace};
use crate::engine::lint::{LintOptions, lint};
use crate::engine::ruleset;
use crate::engine::walker::{self, Program, WalkLimits};
use crate::jsonpath::{self, QueryMatch};

/// The document the JSONPath target evaluates paths on when the input
/// brings none: small, but with the shapes paths care about (arrays,
/// numeric-looking keys, a shared `$ref`, a circular one, a `$ref` to a
/// missing target).
pub const JSONPATH_DOC: &str = r#"openapi: 3.0.3
info: {title: T, version: "1", x-n: 3}
tags: [{name: b}, {name: a, description: tag}]
paths:
  /pets/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default: {$ref: '#/components/responses/Missing'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  schemas:
    Pet:
      type: object
      properties:
        id: {type: integer, format: int64, minimum: -1.5}
        name: {type: string, enum: [a, b, null, true]}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        self: {$ref: '#/components/schemas/Owner'}
"#;

/// The document a rule set that loaded is run on.
const RULESET_DOC: &str = r#"openapi: 3.1.0
info: {title: Pets, version: "1.0", description: pets, contact: {name: a}}
servers: [{url: 'https://example.com/api'}]
tags: [{name: pets}]
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      summary: A pet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - {name: X-Flow-Id, in: header, schema: {type: string, format: uuid}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404': {description: missing}
components:
  schemas:
    Pet:
      type: object
      required: [pet_id]
      properties:
        pet_id: {type: string, example: abc}
        tags: {type: array, items: {type: string}, maxItems: 10}
        parent: {$ref: '#/components/schemas/Pet'}
"#;

/// Limits for everything the harness parses: the production defaults,
/// except a smaller document cap (libFuzzer inputs are small anyway).
fn limits() -> Limits {
    Limits {
        max_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    }
}

/// Workspace options with no file and no network access: what the service
/// uses for a spec that came over the wire.
fn sealed_options() -> LoadOptions {
    LoadOptions {
        limits: limits(),
        files: FileAccess::Deny,
        remote: None,
        max_documents: 16,
    }
}

// ---------------------------------------------------------------------------
// Target `document`: the YAML/JSON parser and `$ref` resolution.
// ---------------------------------------------------------------------------

/// Parses `data` as a spec would arrive: bytes decoded (UTF-8, UTF-16 with
/// a BOM), then read as JSON or YAML (the first byte's low bit picks the
/// name `.json` or `.yaml`, so both the strict JSON path and the sniffing
/// path are reached), then `$ref`s resolved inside the document. Checks
/// that every span is inside its source and on character boundaries, that
/// positions map back to offsets, that resolved and unresolved views can
/// be walked and serialized, and that JSON `serde_json` accepts is
/// accepted and read the same.
pub fn document(data: &[u8]) {
    let Ok(text) = decode_text(data.to_vec()) else {
        return;
    };
    let name = if data.first().is_some_and(|b| b & 1 == 1) {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let text: Arc<str> = Arc::from(text);
    json_agrees_with_serde(&text);
    match Workspace::from_text(name, text.clone(), None, &sealed_options()) {
        Ok(ws) => check_workspace(&ws),
        Err(LoadError::Parse { text, error, .. }) => {
            check_span(&text, error.span, "parse error");
            let shown = crate::document::describe_parse_error(name, &text, &error);
            assert!(
                !error.message.is_empty() && shown.contains(&error.message),
                "a parse error without a message: {shown:?}"
            );
        }
        Err(other) => panic!("a document given as text failed to load: {other}"),
    }
}

/// Checks a loaded workspace's spans, positions, problems and views.
fn check_workspace(ws: &Workspace) {
    for doc in ws.docs() {
        check_document(doc);
    }
    for p in ws.problems() {
        let doc = ws.doc(p.doc);
        check_span(&doc.text, p.span, p.code);
        assert!(!p.message.is_empty(), "a load problem without a message");
    }
    // The unresolved tree serializes without recursion limits; the
    // resolved one either serializes or says why not (cycles, budget).
    let _ = ws
        .view(false)
        .to_json()
        .expect("the unresolved view serializes");
    let _ = ws.view(true).to_json();
    walk_views(ws.view(true));
}

fn check_document(doc: &Document) {
    let text = &*doc.text;
    for (i, node) in doc.tree.nodes.iter().enumerate() {
        check_span(text, node.span, "node");
        match &node.value {
            Value::Object(members) => {
                for m in members.iter() {
                    check_span(text, m.key_span, "key");
                    assert!(
                        m.value.index() < doc.tree.nodes.len(),
                        "node {i}: member {:?} points outside the arena",
                        m.key
                    );
                }
            }
            Value::Array(items) => {
                for item in items.iter() {
                    assert!(
                        item.index() < doc.tree.nodes.len(),
                        "node {i}: an item points outside the arena"
                    );
                }
            }
            _ => {}
        }
    }
    for d in &doc.diagnostics {
        check_span(text, d.span, "diagnostic");
    }
    check_positions(doc);
}

/// A span must lie inside its text, start before it ends, and cut it at
/// character boundaries (else slicing it for a message would panic).
fn check_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} cuts a character"
    );
}

/// Positions map back to their offsets: every character boundary of a
/// small text, and the span ends of a big one (each position costs a scan
/// of up to a few KB). The `\n` of a `\r\n` pair is skipped: it shares the
/// position of the `\r` (one line break).
fn check_positions(doc: &Document) {
    let text = &*doc.text;
    let index = doc.line_index();
    let offsets: Vec<usize> = if text.len() <= 2048 {
        text.char_indices()
            .map(|(o, _)| o)
            .chain(std::iter::once(text.len()))
            .collect()
    } else {
        doc.tree
            .nodes
            .iter()
            .flat_map(|n| [n.span.start as usize, n.span.end as usize])
            .collect()
    };
    let bytes = text.as_bytes();
    for offset in offsets {
        if offset > 0 && bytes.get(offset) == Some(&b'\n') && bytes[offset - 1] == b'\r' {
            continue;
        }
        let pos = index.position(text, offset);
        let back = index.offset(text, pos);
        assert_eq!(back, offset, "offset {offset} -> {pos:?} -> offset {back}");
    }
}

/// Visits every node reachable through the resolved view once (refs
/// followed, each physical node once), reading what rules read.
fn walk_views(root: View<'_>) {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        if !seen.insert(v.loc()) {
            continue;
        }
        let _ = v.len();
        let _ = v.is_null();
        stack.extend(v.members().map(|(_, child)| child));
        stack.extend(v.items());
    }
}

/// If `serde_json` reads `text` as JSON, our JSON parser must accept it
/// and read the same value (numbers compared as numbers: we keep integers
/// beyond `i64` as floats; members compared by key).
fn json_agrees_with_serde(text: &str) {
    let Ok(want) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let parsed = crate::document::json::parse_json(text, &limits()).unwrap_or_else(|e| {
        panic!(
            "serde_json accepts the text, our JSON parser does not: {} at {:?}",
            e.message, e.span
        )
    });
    let got = parsed.tree.to_json(parsed.tree.root);
    assert!(
        same_json(&got, &want),
        "our JSON parser reads {got} where serde_json reads {want}"
    );
}

fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            // serde_json's default float parsing may be off by an ulp.
            x == y || (x - y).abs() <= f64::EPSILON * 4.0 * x.abs().max(y.abs())
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        // Compared as maps: on a duplicate key both keep the last value,
        // but we place the member at the later key (findings point there)
        // where serde_json keeps the first key's place.
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, va)| y.get(k).is_some_and(|vb| same_json(va, vb)))
        }
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------
// Target `jsonpath`: the path parser, the reference evaluator, the walker.
// ---------------------------------------------------------------------------

/// The input's first line is a JSONPath; the rest, when there is any and it
/// parses, is the document (else [`JSONPATH_DOC`]). The path is parsed
/// (errors must point inside it); a path that parses is evaluated by the
/// reference evaluator (`jsonpath::query`) and by the one-walk evaluator
/// the lint uses (`engine::walker`), on the resolved and the unresolved
/// view, and both must select the same nodes.
pub fn jsonpath(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (path_text, doc_text) = match input.split_once('\n') {
        Some((p, d)) if !d.trim().is_empty() => (p, Some(d)),
        Some((p, _)) => (p, None),
        None => (input, None),
    };
    let path = match jsonpath::parse(path_text) {
        Ok(p) => p,
        Err(e) => {
            assert!(
                e.offset <= path_text.len(),
                "path error offset {} past the end of {path_text:?}",
                e.offset
            );
            assert!(!e.message.is_empty(), "a path error without a message");
            return;
        }
    };
    let ws = doc_text
        .and_then(|d| Workspace::from_text("fuzz.yaml", Arc::from(d), None, &sealed_options()).ok())
        .unwrap_or_else(|| {
            Workspace::from_text("doc.yaml", Arc::from(JSONPATH_DOC), None, &sealed_options())
                .expect("the fixed document parses")
        });
    for resolved in [false, true] {
        let root = ws.view(resolved);
        let want = by_query(&path, root);
        let got = by_walker(&path, root);
        if let (Some(want), Some(got)) = (want, got) {
            assert!(
                want == got,
                "{path_text:?} (resolved: {resolved}): query and walker differ\n  only in query: {:?}\n  only in walker: {:?}",
                want.difference(&got).take(5).collect::<Vec<_>>(),
                got.difference(&want).take(5).collect::<Vec<_>>(),
            );
        }
    }
}

type Selected = BTreeSet<(Loc, Option<String>)>;

/// What `query` selects, as physical locations (and, for `~`, the name,
/// placed at the member as written, like the walker does).
fn by_query(path: &jsonpath::JsonPath, root: View<'_>) -> Option<Selected> {
    let mut out = BTreeSet::new();
    for m in jsonpath::query(path, root) {
        match m {
            QueryMatch::Node { view, .. } => {
                out.insert((view.loc(), None));
            }
            QueryMatch::Key { key, path } => {
                let mut parent = root;
                for seg in &path[..path.len().saturating_sub(1)] {
                    parent = match seg {
                        PathSeg::Key(k) => parent.get(k)?,
                        PathSeg::Index(i) => parent.index(*i)?,
                    };
                }
                let node = match (&key, parent.value()) {
                    (PathSeg::Key(k), Value::Object(members)) => {
                        members.iter().find(|m| *m.key == **k)?.value
                    }
                    (PathSeg::Index(i), Value::Array(items)) => *items.get(*i)?,
                    _ => return None,
                };
                let loc = Loc {
                    doc: parent.loc().doc,
                    node,
                };
                out.insert((loc, Some(key.to_string())));
            }
        }
    }
    Some(out)
}

/// What the walker selects; `None` when it stopped early (a limit), since
/// then it is expected to have seen less.
fn by_walker(path: &jsonpath::JsonPath, root: View<'_>) -> Option<Selected> {
    let program = Program::new(std::iter::once(path));
    let limits = WalkLimits {
        max_visits: 1_000_000,
        max_depth: 1000,
    };
    let mut out = BTreeSet::new();
    let stop = walker::walk(&program, root, limits, &mut |m| {
        out.insert((m.view.loc(), m.key.map(|k| k.to_owned_seg().to_string())));
    });
    stop.is_none().then_some(out)
}

// ---------------------------------------------------------------------------
// Target `ruleset`: the Spectral rule set loader.
// ---------------------------------------------------------------------------

/// An empty folder that is the only place a fuzzed rule set may read
/// (`extends: ./x.yaml`, `functionsDir`): made once per process.
fn sandbox_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("apilint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder for the rule set target");
        dir
    })
}

/// Loads `data` as a rule set (`.json` when it starts with `{`, else
/// YAML), with no network and file access only inside an empty temporary
/// folder. An error must name the file and give a 1-based place, or none
/// (line 0) only when there is no source position. A rule set that loads
/// is run over a small spec.
pub fn ruleset(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let name = if text.trim_start().starts_with('{') {
        "fuzz.spectral.json"
    } else {
        "fuzz.spectral.yaml"
    };
    let dir = sandbox_dir();
    let opts = ruleset::LoadOptions {
        allow_remote: false,
        fetcher: None,
        files: FileAccess::Within(dir.to_path_buf()),
    };
    match ruleset::load_str(name, text, Some(dir), &opts) {
        Ok(rs) => {
            let ws =
                Workspace::from_text("spec.yaml", Arc::from(RULESET_DOC), None, &sealed_options())
                    .expect("the fixed spec parses");
            let lint_opts = LintOptions {
                max_visits: 1_000_000,
                threads: 1,
                ..LintOptions::default()
            };
            let report = lint(&ws, &rs, &lint_opts);
            for f in &report.findings {
                assert!(!f.code.is_empty(), "a finding without a code");
            }
        }
        Err(e) => {
            for one in e.all() {
                assert!(
                    !one.message.is_empty(),
                    "a rule set error without a message"
                );
                assert!(!one.file.is_empty(), "a rule set error without a file");
                assert!(
                    (one.line == 0) == (one.column == 0),
                    "a rule set error with half a position: {one}"
                );
                if one.line > 0 && one.file == name {
                    let lines = LineIndex::new(text).line_count();
                    assert!(
                        one.line <= lines + 1,
                        "a rule set error at line {} of a {lines}-line text: {one}",
                        one.line
                    );
                }
            }
            let _ = e.to_string();
        }
    }
}

/// Runs `target` on every file under `dir` (the committed seeds); used by
/// `tests/fuzz_seeds.rs`. Returns how many files it ran.
pub fn run_seed_dir(dir: &Path, target: fn(&[u8])) -> usize {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        target(&data);
    }
    files.len()
}
