//! Shared by the renderer tests: one fixed list of sample findings that
//! every output format is snapshot-tested on, and the snapshot check.
//! (Each test binary uses only part of it.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use apilint::document::{PathSeg, Position, Range, Span};
use apilint::engine::ack::{AckNotice, Date, NoticeKind};
use apilint::engine::finding::Acknowledgement;
use apilint::engine::{Finding, Severity};

pub fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

pub fn finding(
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
        acknowledged: None,
    }
}

/// Every case a renderer must get right: several files (one reached by a
/// `$ref`, one a URL), all four severities, numeric keys (`"200"`) versus
/// indices, an empty path, keys with `/`, `~` and spaces, quotes, a
/// backslash, a control character and non-ASCII text in messages, wide
/// line numbers.
pub fn sample_findings() -> Vec<Finding> {
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

/// [`sample_findings`] with documentation links on two rules, as rule sets
/// give them (`documentationUrl`), for the renderers that print links.
pub fn sample_findings_with_links() -> Vec<Finding> {
    let mut findings = sample_findings();
    for i in [2, 4] {
        findings[i].documentation_url =
            Some(format!("https://example.com/rules#{}", findings[i].code));
    }
    findings
}

/// [`sample_findings`] after an acknowledgement file was applied: the
/// SHOULD `info-contact` and the MAY `response-description` are
/// acknowledged (one with an expiry, one with markdown, a mention and a
/// quote in its text), the rest are not.
pub fn sample_acknowledged_findings() -> Vec<Finding> {
    let mut findings = sample_findings();
    findings[1].acknowledged = Some(Arc::new(Acknowledgement {
        reason: "The contact is published on the developer portal.".to_string(),
        author: "jane.doe@example.com".to_string(),
        expires: Some("2026-12-31".to_string()),
        file: ".apilint-ack.yaml".to_string(),
        line: 2,
        column: 5,
    }));
    findings[3].acknowledged = Some(Arc::new(Acknowledgement {
        reason: "Legacy *200* \"ok\" <b>response</b>, see @team-pets.".to_string(),
        author: "team-pets".to_string(),
        expires: None,
        file: "api/.apilint-ack.yaml".to_string(),
        line: 14,
        column: 5,
    }));
    findings
}

/// A stale and an expired acknowledgement, as the markdown report lists them.
pub fn sample_notices() -> Vec<AckNotice> {
    vec![
        AckNotice {
            file: ".apilint-ack.yaml".to_string(),
            line: 9,
            column: 5,
            rule: "info-license".to_string(),
            path: "/info".to_string(),
            kind: NoticeKind::Stale,
        },
        AckNotice {
            file: ".apilint-ack.yaml".to_string(),
            line: 15,
            column: 5,
            rule: "operation-tags".to_string(),
            path: "paths./pets.*".to_string(),
            kind: NoticeKind::Expired {
                on: Date::parse("2026-01-31").unwrap(),
                findings: 2,
            },
        },
    ]
}

pub fn check_snapshot(name: &str, actual: &str) {
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
