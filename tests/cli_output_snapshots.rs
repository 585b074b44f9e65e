//! Snapshot tests of the renderers: one fixed list of sample findings,
//! rendered by every output format, compared byte for byte with the files
//! in `tests/snapshots/`.
//!
//! After an intended change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test cli_output_snapshots` and review
//! the diff. A missing snapshot is written and the test fails, so a new
//! format cannot pass unreviewed.

mod common;

use apilint::output::{json, text};
use common::{
    check_snapshot, sample_acknowledged_findings, sample_findings, sample_findings_with_links,
};
use std::path::Path;

#[test]
fn text_snapshot() {
    let out = text::render(&sample_findings_with_links(), &text::TextOptions::default());
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
        &text::render(&sample_findings_with_links(), &opts),
    );
}

#[test]
fn json_snapshot() {
    let opts = json::JsonOptions {
        base_dir: Some(Path::new("/home/user/project")),
    };
    let out = json::render(&sample_findings_with_links(), &opts);
    check_snapshot("output_json.json", &out);
}

#[test]
fn json_is_valid_and_keeps_spectral_types() {
    let opts = json::JsonOptions {
        base_dir: Some(Path::new("/home/user/project")),
    };
    let out = json::render(&sample_findings_with_links(), &opts);
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
        // Spectral's members in Spectral's order, then apilint's.
        assert_eq!(
            keys[..6],
            ["code", "path", "message", "severity", "range", "source"]
        );
        assert_eq!(keys[6], "level");
        assert_eq!(
            keys.get(7).is_some(),
            item.get("documentationUrl").is_some()
        );
    }
    assert_eq!(items[2]["level"], serde_json::json!("MUST"));
    assert_eq!(
        items[2]["documentationUrl"],
        serde_json::json!("https://example.com/rules#operation-operationId")
    );
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

#[test]
fn text_acknowledged_snapshot() {
    let out = text::render(
        &sample_acknowledged_findings(),
        &text::TextOptions::default(),
    );
    check_snapshot("output_text_acknowledged.txt", &out);
    let color = text::TextOptions {
        color: true,
        ..text::TextOptions::default()
    };
    check_snapshot(
        "output_text_acknowledged_color.txt",
        &text::render(&sample_acknowledged_findings(), &color),
    );
}

#[test]
fn text_marks_acknowledged_findings_and_counts_them() {
    let out = text::render(
        &sample_acknowledged_findings(),
        &text::TextOptions::default(),
    );
    let marked: Vec<&str> = out.lines().filter(|l| l.contains('\u{2713}')).collect();
    assert_eq!(marked.len(), 3, "{out}");
    assert!(marked[0].contains("\u{2713} warning  SHOULD  info-contact"));
    assert!(marked[1].contains("\u{2713} information  MAY     response-description"));
    assert_eq!(
        marked[2],
        "\u{2713} 2 acknowledged in .apilint-ack.yaml, api/.apilint-ack.yaml"
    );
    // The Spectral summary line is unchanged.
    assert!(out.contains("\u{2716} 7 problems (2 errors, 3 warnings, 1 info, 1 hint)\n"));
}

#[test]
fn json_output_is_unchanged_by_acknowledgements() {
    // `-f json` keeps Spectral's shape: acknowledgements are in SARIF.
    let opts = json::JsonOptions {
        base_dir: Some(Path::new("/home/user/project")),
    };
    assert_eq!(
        json::render(&sample_acknowledged_findings(), &opts),
        json::render(&sample_findings(), &opts)
    );
}
