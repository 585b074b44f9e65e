//! One review: a posted spec linted with the active rule set, in the shape
//! `/api/v1` answers with and the store keeps.
//!
//! # The contract (`POST /api/v1/lint`, `GET /api/v1/reviews/{id}`)
//!
//! ```json
//! {
//!   "id": "3f1c...",
//!   "passed": false,
//!   "fail_on": "must",
//!   "counts": { "must": 1, "should": 2, "may": 0, "hint": 0 },
//!   "findings": [{
//!     "code": "must-use-snake-case-for-property-names",
//!     "level": "MUST", "severity": "error",
//!     "message": "...",
//!     "path": ["components", "schemas", "Pet", "properties", "petName"],
//!     "pointer": "/components/schemas/Pet/properties/petName",
//!     "range": { "start": { "line": 11, "character": 8 }, "end": { ... } },
//!     "rule_url": "https://opensource.zalando.com/restful-api-guidelines/#118"
//!   }],
//!   "ruleset": { "name": "apilint:zalando", "source": "apilint:zalando", "commit": null },
//!   "spec_format": "oas3.0",
//!   "duration_ms": 1.9,
//!   "cached": false
//! }
//! ```
//!
//! - `passed`: no finding at or above `fail_on` (`must` by default).
//! - `range`: 0-based lines, characters in UTF-16 code units (LSP's and
//!   Spectral's convention, what editors take directly). `rule_url` is
//!   absent when the rule set gives no link.
//! - `spec_format`: `oas2`, `oas3.0`, `oas3.1`, `oas3.2`, `asyncapi2`,
//!   `asyncapi3`, or `unknown`.
//! - `cached`: the findings are those of an earlier lint of the same text
//!   with the same rule set load, `ignore_rules` and `fail_on` (see
//!   [`super::lint_cache`]); the review is still a review of its own.
//! - `GET /reviews/{id}` adds `created_at` (RFC 3339) and `spec` (the text
//!   as posted).
//!
//! A spec that does not parse at all is still a review: one `parser`
//! finding at the place of the syntax error, so an editor can mark it.
//!
//! Linting is CPU work: [`run_lint`] is called on the blocking pool, never
//! on the async runtime. It reads nothing but the posted text: `$ref`s to
//! files are refused ([`FileAccess::Deny`]) and remote refs are off.

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::document::format::Formats;
use crate::document::workspace::{FileAccess, LoadError, LoadOptions};
use crate::document::{self, LineIndex, View, Workspace};
use crate::engine::{Finding, LintOptions, Severity, lint};
use crate::output::level_word;

use super::rulesets::ActiveRuleset;

/// `fail_on`: the level at which a review fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Must,
    Should,
    May,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Must => Severity::Error,
            FailOn::Should => Severity::Warn,
            FailOn::May => Severity::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub must: u64,
    pub should: u64,
    pub may: u64,
    pub hint: u64,
}

impl Counts {
    pub fn as_array(&self) -> [u64; 4] {
        [self.must, self.should, self.may, self.hint]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiFinding {
    pub code: String,
    /// MUST, SHOULD, MAY or HINT.
    pub level: String,
    /// error, warn, info or hint.
    pub severity: String,
    pub message: String,
    pub path: Vec<String>,
    pub pointer: String,
    pub range: Range,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesetRef {
    pub name: String,
    pub source: String,
    pub commit: Option<String>,
}

/// The response body of a lint (and, with `created_at` and `spec` added,
/// of a stored review).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewResult {
    pub id: String,
    pub passed: bool,
    pub fail_on: FailOn,
    pub counts: Counts,
    /// Shared: a cached lint's findings are not copied per review.
    pub findings: Arc<Vec<ApiFinding>>,
    pub ruleset: RulesetRef,
    pub spec_format: String,
    pub duration_ms: f64,
    /// Whether the findings were reused from an earlier lint of the same
    /// spec with the same rule set and options (`duration_ms` is then this
    /// request's time, not a lint's).
    #[serde(default)]
    pub cached: bool,
}

/// The members of a review's JSON around `findings`, written from the
/// same struct (so the same names and order) as the whole.
#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    passed: bool,
    fail_on: FailOn,
    counts: &'a Counts,
}

#[derive(Serialize)]
struct Tail<'a> {
    ruleset: &'a RulesetRef,
    spec_format: &'a str,
    duration_ms: f64,
    cached: bool,
}

impl ReviewResult {
    /// The review's JSON before and after the findings array: `head +
    /// findings + tail` is `serde_json::to_string(self)` when `findings` is
    /// the array's JSON. Findings serialized once (and compressed once)
    /// serve every review that reuses them; only these few hundred bytes
    /// are written per review.
    pub fn json_around_findings(&self) -> (String, String) {
        let head = serde_json::to_string(&Head {
            id: &self.id,
            passed: self.passed,
            fail_on: self.fail_on,
            counts: &self.counts,
        })
        .expect("a review head serializes");
        let tail = serde_json::to_string(&Tail {
            ruleset: &self.ruleset,
            spec_format: &self.spec_format,
            duration_ms: self.duration_ms,
            cached: self.cached,
        })
        .expect("a review tail serializes");
        // `{...}` and `{...}`: open the head for one more member, and join
        // the tail to it.
        let mut head = head;
        head.pop();
        head.push_str(",\"findings\":");
        let mut joined = String::with_capacity(tail.len());
        joined.push(',');
        joined.push_str(&tail[1..]);
        (head, joined)
    }
}

/// What a lint needs beyond the rule set.
#[derive(Clone, Debug, Default)]
pub struct LintInput {
    pub spec: String,
    pub ignore_rules: Vec<String>,
    pub fail_on: FailOn,
}

/// A finished lint: the response, and what the store indexes besides.
#[derive(Clone, Debug)]
pub struct LintOutcome {
    pub result: ReviewResult,
    pub api_title: Option<String>,
    pub api_id: Option<String>,
    /// Operations under `paths`, Zally's "number of endpoints".
    pub endpoints: i64,
    /// Per rule: code, level word, findings.
    pub rules: Vec<(String, String, i64)>,
    /// Seconds spent parsing and linting.
    pub lint_seconds: f64,
}

/// Lints `input.spec` with `ruleset`. Blocking: call from the blocking pool.
pub fn run_lint(id: String, input: &LintInput, ruleset: &ActiveRuleset) -> LintOutcome {
    let start = Instant::now();
    let text: Arc<str> = Arc::from(input.spec.as_str());
    let name = spec_name(&input.spec);
    let load = LoadOptions {
        files: FileAccess::Deny,
        remote: None,
        ..LoadOptions::default()
    };
    let opts = LintOptions {
        // Requests run in parallel; one lint stays on one thread.
        threads: 1,
        ..LintOptions::default()
    };
    let mut findings = Vec::new();
    let mut spec_format = "unknown";
    let mut api_title = None;
    let mut api_id = None;
    let mut endpoints = 0;
    match Workspace::from_text(name, text.clone(), None, &load) {
        Ok(ws) => {
            let report = lint(&ws, &ruleset.ruleset, &opts);
            spec_format = format_name(report.formats);
            let root = ws.view(false);
            let info = root.get("info");
            api_title = info
                .and_then(|i| i.get("title"))
                .and_then(|t| t.as_str().map(str::to_string));
            api_id = info
                .and_then(|i| i.get("x-api-id"))
                .and_then(|t| t.as_str().map(str::to_string));
            endpoints = count_operations(root);
            for f in report.findings {
                if input.ignore_rules.contains(&f.code) {
                    continue;
                }
                findings.push(ApiFinding {
                    level: level_word(f.severity).to_string(),
                    severity: f.severity.name().to_string(),
                    path: f
                        .path
                        .iter()
                        .map(|s| s.as_key_string().into_owned())
                        .collect(),
                    pointer: crate::document::tree::to_pointer(&f.path),
                    range: Range {
                        start: Position {
                            line: f.range.start.line,
                            character: f.range.start.character,
                        },
                        end: Position {
                            line: f.range.end.line,
                            character: f.range.end.character,
                        },
                    },
                    rule_url: f.documentation_url,
                    message: f.message,
                    code: f.code,
                });
            }
        }
        Err(LoadError::Parse { text, error, .. }) => {
            let index = LineIndex::new(&text);
            let r = index.range(&text, error.span);
            findings.push(ApiFinding {
                code: "parser".into(),
                level: level_word(Severity::Error).into(),
                severity: Severity::Error.name().into(),
                message: error.message,
                path: Vec::new(),
                pointer: String::new(),
                range: Range {
                    start: Position {
                        line: r.start.line,
                        character: r.start.character,
                    },
                    end: Position {
                        line: r.end.line,
                        character: r.end.character,
                    },
                },
                rule_url: None,
            });
        }
        // `from_text` reads no file; should that change, the error is
        // still reported as a finding rather than lost.
        Err(e @ LoadError::Read { .. }) => findings.push(ApiFinding {
            code: "parser".into(),
            level: level_word(Severity::Error).into(),
            severity: Severity::Error.name().into(),
            message: e.to_string(),
            path: Vec::new(),
            pointer: String::new(),
            range: Range {
                start: Position {
                    line: 0,
                    character: 0,
                },
                end: Position {
                    line: 0,
                    character: 0,
                },
            },
            rule_url: None,
        }),
    }
    let mut counts = Counts::default();
    let threshold = input.fail_on.severity();
    let mut passed = true;
    let mut rules: Vec<(String, String, i64)> = Vec::new();
    for f in &findings {
        let severity = Severity::parse_name(&f.severity)
            .ok()
            .flatten()
            .unwrap_or(Severity::Error);
        match severity {
            Severity::Error => counts.must += 1,
            Severity::Warn => counts.should += 1,
            Severity::Info => counts.may += 1,
            Severity::Hint => counts.hint += 1,
        }
        if severity.at_least(threshold) {
            passed = false;
        }
        match rules.iter_mut().find(|(c, _, _)| *c == f.code) {
            // One row per rule: the most severe level it was reported at.
            Some(entry) => {
                entry.2 += 1;
                if level_rank(&f.level) < level_rank(&entry.1) {
                    entry.1 = f.level.clone();
                }
            }
            None => rules.push((f.code.clone(), f.level.clone(), 1)),
        }
    }
    let lint_seconds = start.elapsed().as_secs_f64();
    LintOutcome {
        result: ReviewResult {
            id,
            passed,
            fail_on: input.fail_on,
            counts,
            findings: Arc::new(findings),
            ruleset: RulesetRef {
                name: ruleset.name.clone(),
                source: ruleset.source.clone(),
                commit: ruleset.commit.clone(),
            },
            spec_format: spec_format.to_string(),
            duration_ms: (lint_seconds * 1e6).round() / 1e3,
            cached: false,
        },
        api_title,
        api_id,
        endpoints,
        rules,
        lint_seconds,
    }
}

fn level_rank(level: &str) -> u8 {
    match level {
        "MUST" => 0,
        "SHOULD" => 1,
        "MAY" => 2,
        _ => 3,
    }
}

/// The name a posted spec has in findings. It only picks the parser:
/// JSON when the text looks like JSON.
pub fn spec_name(text: &str) -> &'static str {
    if looks_like_json(text) {
        "spec.json"
    } else {
        "spec.yaml"
    }
}

fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') || t.starts_with('[')
}

/// The most specific format name of a document.
fn format_name(f: Formats) -> &'static str {
    [
        (Formats::OAS3_2, "oas3.2"),
        (Formats::OAS3_1, "oas3.1"),
        (Formats::OAS3_0, "oas3.0"),
        (Formats::OAS2, "oas2"),
        (Formats::ASYNCAPI3, "asyncapi3"),
        (Formats::ASYNCAPI2, "asyncapi2"),
    ]
    .into_iter()
    .find(|(bit, _)| f.intersects(*bit))
    .map_or("unknown", |(_, name)| name)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operations (path × method) the document declares.
fn count_operations(root: View<'_>) -> i64 {
    let Some(paths) = root.get("paths") else {
        return 0;
    };
    paths
        .members()
        .map(|(_, item)| item.members().filter(|(m, _)| METHODS.contains(m)).count() as i64)
        .sum()
}

/// The service's findings as the engine's, in `text` named `name`: what
/// the remote CLI renders locally and what the service renders its report
/// formats from (`?format=`), so both go through [`crate::output`].
///
/// The answer has paths as strings and positions as line/character; the
/// text is parsed once more to turn the paths back into typed ones (an
/// array index and the key `"200"` both arrive as strings), and the
/// positions become byte spans.
pub fn engine_findings(name: &str, text: &str, found: Vec<ApiFinding>) -> Vec<Finding> {
    // Parsed only to recover typed paths: no file is read, no ref followed.
    let load = LoadOptions {
        files: FileAccess::Deny,
        remote: None,
        ..LoadOptions::default()
    };
    let ws = Workspace::from_text(name, Arc::from(text), None, &load).ok();
    let index = LineIndex::new(text);
    found
        .into_iter()
        .map(|f| {
            let at = |p: &Position| document::Position {
                line: p.line,
                character: p.character,
            };
            let range = document::Range {
                start: at(&f.range.start),
                end: at(&f.range.end),
            };
            let start = index.offset(text, range.start);
            let end = index.offset(text, range.end).max(start);
            Finding {
                severity: Severity::parse_name(&f.severity)
                    .ok()
                    .flatten()
                    .unwrap_or(Severity::Error),
                path: typed_path(ws.as_ref(), f.path),
                source: name.to_string(),
                span: document::Span::new(start, end),
                range,
                documentation_url: f.rule_url,
                acknowledged: None,
                code: f.code,
                message: f.message,
            }
        })
        .collect()
}

/// String path segments as the engine's: a segment is an index where the
/// document has an array, a key everywhere else. Past a node the local
/// parse does not have (say, inside a `$ref` target), numbers stay keys.
fn typed_path(ws: Option<&Workspace>, path: Vec<String>) -> Vec<document::PathSeg> {
    let mut node = ws.map(|ws| ws.view(false));
    path.into_iter()
        .map(|seg| {
            let here = node.take();
            match (here, seg.parse::<usize>()) {
                (Some(v), Ok(i)) if v.is_array() => {
                    node = v.index(i);
                    document::PathSeg::Index(i)
                }
                (Some(v), _) => {
                    node = v.get(&seg);
                    document::PathSeg::Key(seg)
                }
                (None, _) => document::PathSeg::Key(seg),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_indices_and_numeric_keys_are_told_apart() {
        let text = "tags:\n  - name: a\nresponses:\n  '200': {description: ok}\n";
        let ws = Workspace::from_text(
            "t.yaml",
            Arc::from(text),
            None,
            &LoadOptions {
                files: FileAccess::Deny,
                ..LoadOptions::default()
            },
        )
        .unwrap();
        let strings = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            typed_path(Some(&ws), strings(&["tags", "0", "name"])),
            [
                crate::document::PathSeg::Key("tags".into()),
                crate::document::PathSeg::Index(0),
                crate::document::PathSeg::Key("name".into())
            ]
        );
        assert_eq!(
            typed_path(Some(&ws), strings(&["responses", "200"])),
            [
                crate::document::PathSeg::Key("responses".into()),
                crate::document::PathSeg::Key("200".into())
            ]
        );
    }

    fn zalando() -> ActiveRuleset {
        ActiveRuleset::builtin("apilint:zalando").unwrap()
    }

    fn input(spec: &str) -> LintInput {
        LintInput {
            spec: spec.to_string(),
            ..LintInput::default()
        }
    }

    #[test]
    fn a_spec_that_does_not_parse_is_one_parser_finding_at_the_error() {
        let out = run_lint("x".into(), &input("openapi: 3.0.0\ninfo: [\n"), &zalando());
        assert!(!out.result.passed);
        assert_eq!(out.result.findings.len(), 1);
        let f = &out.result.findings[0];
        assert_eq!((f.code.as_str(), f.level.as_str()), ("parser", "MUST"));
        assert!(f.range.start.line >= 1, "{f:?}");
    }

    #[test]
    fn ignore_rules_drop_findings_and_fail_on_moves_the_gate() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
        let all = run_lint("x".into(), &input(spec), &zalando());
        assert!(!all.result.findings.is_empty());
        assert_eq!(all.endpoints, 1);
        assert_eq!(all.api_title.as_deref(), Some("T"));
        assert_eq!(all.result.spec_format, "oas3.0");
        let first = all.result.findings[0].code.clone();
        let fewer = run_lint(
            "x".into(),
            &LintInput {
                ignore_rules: vec![first.clone()],
                ..input(spec)
            },
            &zalando(),
        );
        assert!(fewer.result.findings.iter().all(|f| f.code != first));
        let counts = all.result.counts;
        if counts.must == 0 && counts.should > 0 {
            let strict = run_lint(
                "x".into(),
                &LintInput {
                    fail_on: FailOn::Should,
                    ..input(spec)
                },
                &zalando(),
            );
            assert!(all.result.passed && !strict.result.passed);
        }
    }

    #[test]
    fn a_file_ref_is_not_read_from_the_server() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: '/etc/passwd'\n";
        let out = run_lint("x".into(), &input(spec), &zalando());
        let refs: Vec<_> = out
            .result
            .findings
            .iter()
            .filter(|f| f.code == "invalid-ref")
            .collect();
        assert_eq!(refs.len(), 1, "{:?}", out.result.findings);
        assert!(!refs[0].message.contains("root:"), "{:?}", refs[0]);
    }

    #[test]
    fn a_review_spliced_around_its_findings_is_its_json() {
        let mut out = run_lint(
            "id-1".into(),
            &input("openapi: 3.0.3\ninfo: {title: \"T \\\" q\", version: '1'}\npaths: {}\n"),
            &zalando(),
        );
        for cached in [false, true] {
            out.result.cached = cached;
            let (head, tail) = out.result.json_around_findings();
            let findings = serde_json::to_string(&out.result.findings).unwrap();
            assert_eq!(
                format!("{head}{findings}{tail}"),
                serde_json::to_string(&out.result).unwrap()
            );
        }
    }
}
