//! Snapshot tests of the renderers: one fixed list of sample findings,
//! rendered by every output format, compared byte for byte with the files
//! in `tests/snapshots/`.
//!
//! After an intended change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test cli_output_snapshots` and review
//! the diff. A missing snapshot is written and the test fails, so a new
//! format cannot pass unreviewed.

use std::path::{Path, PathBuf};

use apilint::document::{PathSeg, Position, Range, Span};
use apilint::engine::{Finding, Severity};
use apilint::output::{json, text};

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

fn finding(
    source: &str,
    code: &str,
    severity: Severity,
    path: Vec<PathSeg>,
    (l1, c1, l2, c2): (u32, u32, u32, u32),
    message: &str,
) -> Finding {
    Finding {
        code: code.to_string(),
        message: message.to_string(),
        severity,
        path,
        source: source.to_string(),
        span: Span::EMPTY,
        range: Range {
            start: Position {
                line: l1,
                character: c1,
            },
            end: Position {
                line: l2,
                character: c2,
            },
        },
        documentation_url: None,
    }
}

/// Every case a renderer must get right: several files (one reached by a
/// `$ref`, one a URL), all four severities, numeric keys (`"200"`) versus
/// indices, an empty path, keys with `/`, `~` and spaces, quotes, a
/// backslash, a control character and non-ASCII text in messages, wide
/// line numbers.
fn sample_findings() -> Vec<Finding> {
    vec![
        finding(
            "api/openapi.yaml",
            "oas3-api-servers",
            Severity::Warn,
            vec![],
            (0, 0, 41, 12),
            "OpenAPI \"servers\" must be present and non-empty array.",
        ),
        finding(
            "api/openapi.yaml",
            "info-contact",
            Severity::Warn,
            vec![key("info")],
            (2, 5, 5, 17),
            "Info object must have \"contact\" object.",
        ),
        finding(
            "api/openapi.yaml",
            "operation-operationId",
            Severity::Error,
            vec![key("paths"), key("/pets/{petId}"), key("get")],
            (9, 4, 20, 0),
            "Operation must have \"operationId\".",
        ),
        finding(
            "api/openapi.yaml",
            "response-description",
            Severity::Info,
            vec![
                key("paths"),
                key("/pets/{petId}"),
                key("get"),
                key("responses"),
                key("200"),
            ],
            (14, 8, 14, 13),
            "Response \"200\" should describe itself (é, 😀, tab\tand \\ backslash).",
        ),
        finding(
            "api/openapi.yaml",
            "tag-description",
            Severity::Hint,
            vec![key("tags"), PathSeg::Index(0), key("name")],
            (1234, 10, 1234, 15),
            "Tag has no description",
        ),
        finding(
            "api/schemas/pet.yaml",
            "property-casing",
            Severity::Warn,
            vec![key("Pet"), key("properties"), key("pet name"), key("a/b~c")],
            (3, 4, 3, 12),
            "\"pet name\" must be camel case\u{1}",
        ),
        finding(
            "https://example.com/common.yaml",
            "invalid-ref",
            Severity::Error,
            vec![key("components"), key("schemas"), key("")],
            (7, 2, 7, 30),
            "remote reference not followed: remote refs are disabled",
        ),
    ]
}

fn check_snapshot(name: &str, actual: &str) {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    match std::fs::read_to_string(&path) {
        Ok(expected) if !update => {
            if expected != actual {
                panic!(
                    "snapshot {name} differs (rerun with UPDATE_SNAPSHOTS=1 to accept)\n\
                     --- expected\n{expected}\n--- actual\n{actual}"
                );
            }
        }
        found => {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
            assert!(
                found.is_ok(),
                "snapshot {name} did not exist; wrote it, review and commit it"
            );
        }
    }
}

#[test]
fn text_snapshot() {
    let out = text::render(&sample_findings(), &text::TextOptions::default());
    check_snapshot("output_text.txt", &out);
}

#[test]
fn text_color_snapshot() {
    let opts = text::TextOptions {
        color: true,
        ..text::TextOptions::default()
    };
    check_snapshot(
        "output_text_color.txt",
        &text::render(&sample_findings(), &opts),
    );
}

#[test]
fn json_snapshot() {
    let opts = json::JsonOptions {
        base_dir: Some(Path::new("/home/user/project")),
    };
    let out = json::render(&sample_findings(), &opts);
    check_snapshot("output_json.json", &out);
}

#[test]
fn json_is_valid_and_keeps_spectral_types() {
    let opts = json::JsonOptions {
        base_dir: Some(Path::new("/home/user/project")),
    };
    let out = json::render(&sample_findings(), &opts);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), sample_findings().len());
    for item in items {
        let keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            ["code", "path", "message", "severity", "range", "source"]
        );
    }
    // Path items are strings, array indices too, as Spectral prints them.
    assert_eq!(items[3]["path"][4], serde_json::json!("200"));
    assert_eq!(items[4]["path"][1], serde_json::json!("0"));
    assert_eq!(items[4]["severity"], serde_json::json!(3));
    assert_eq!(
        items[0]["source"],
        serde_json::json!("/home/user/project/api/openapi.yaml")
    );
    assert_eq!(
        items[6]["source"],
        serde_json::json!("https://example.com/common.yaml")
    );
}
