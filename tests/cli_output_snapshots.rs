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

/// The texts of the sample findings' files, laid out so that each sample
/// range falls on the node it names (`info` on line 3, the operation on
/// line 10, the `200` response on line 15 with non-ASCII text and a tab
/// before it, the property on line 4 of the schema file). The tag finding
/// (line 1235) is past the end: it gets no frame.
fn sample_texts() -> Vec<(String, std::sync::Arc<str>)> {
    let openapi = concat!(
        "openapi: 3.0.3\n",
        "# é 😀 before the info object\n",
        "info:\n",
        "  title: Pets\n",
        "  version: 1.0.0\n",
        "  description: A sample API.\n",
        "paths:\n",
        "  /pets/{petId}:\n",
        "    parameters: []\n",
        "    get:\n",
        "      summary: One pet\n",
        "      responses:\n",
        "        default:\n",
        "          description: error\n",
        "        '200':\tdescription\n",
        "components: {}\n",
    );
    let pet = "Pet:\n  type: object\n  properties:\n    pet name:\n      type: string\n";
    vec![
        ("api/openapi.yaml".to_string(), openapi.into()),
        ("api/schemas/pet.yaml".to_string(), pet.into()),
    ]
}

#[test]
fn text_code_frames_snapshot() {
    let texts = sample_texts();
    let opts = text::TextOptions {
        texts: &texts,
        ..text::TextOptions::default()
    };
    let out = text::render(&sample_findings_with_links(), &opts);
    check_snapshot("output_text_frames.txt", &out);
    let color = text::TextOptions {
        color: true,
        ..opts
    };
    check_snapshot(
        "output_text_frames_color.txt",
        &text::render(&sample_findings_with_links(), &color),
    );
}

#[test]
fn code_frames_are_limited_and_the_rest_is_counted() {
    let texts = sample_texts();
    let opts = text::TextOptions {
        texts: &texts,
        code_frames: 2,
        ..text::TextOptions::default()
    };
    let out = text::render(&sample_findings(), &opts);
    // Two caret lines: only the first two findings are framed.
    let carets = out
        .lines()
        .filter(|l| l.starts_with("        | ") && l.ends_with('^'))
        .count();
    assert_eq!(carets, 2, "{out}");
    // Six of the seven findings are in files with a text.
    assert!(
        out.contains("Code frames for the first 2 of 6 findings (--code-frames N shows more)\n"),
        "{out}"
    );
    let none = text::TextOptions {
        code_frames: 0,
        ..opts
    };
    let plain = text::render(&sample_findings(), &none);
    assert!(!plain.contains(" | "), "{plain}");
    assert_eq!(
        plain,
        text::render(&sample_findings(), &text::TextOptions::default())
    );
}

#[test]
fn a_one_line_document_of_megabytes_is_clipped_around_the_column() {
    use apilint::document::{LineIndex, Span};
    // A minified 5 MB JSON document with a finding deep inside its line.
    let filler = "x".repeat(5 * 1024 * 1024);
    let doc =
        format!("{{\"openapi\":\"3.0.0\",\"x-pad\":\"{filler}\",\"info\":{{\"title\":\"é\"}}}}");
    let at = doc.find("\"info\"").unwrap();
    let index = LineIndex::new(&doc);
    let mut f = common::finding(
        "big.json",
        "info-contact",
        apilint::engine::Severity::Warn,
        vec![common::key("info")],
        (0, 0, 0, 0),
        "Info object must have \"contact\" object.",
    );
    f.range = index.range(&doc, Span::new(at, at + 6));
    let texts = vec![(
        "big.json".to_string(),
        std::sync::Arc::<str>::from(doc.as_str()),
    )];
    let opts = text::TextOptions {
        texts: &texts,
        ..text::TextOptions::default()
    };
    let started = std::time::Instant::now();
    let out = text::render(&[f], &opts);
    assert!(
        // Generous for a loaded machine and a debug build: a scan per
        // finding from the line's start would take many seconds.
        started.elapsed().as_millis() < 3000,
        "{:?}",
        started.elapsed()
    );
    assert!(out.len() < 2000, "{} bytes", out.len());
    let frame: Vec<&str> = out.lines().filter(|l| l.contains(" | ")).collect();
    assert_eq!(frame.len(), 2, "{out}");
    // The window starts 40 characters before the key and is cut on both
    // sides; the carets sit under `"info"`.
    assert_eq!(
        frame[0],
        format!(
            "    > 1 | \u{2026}{}\",\"info\":{{\"title\":\"é\"}}}}",
            "x".repeat(38)
        )
    );
    let caret_col = frame[1].find('^').unwrap();
    assert_eq!(&frame[0][caret_col + 2..caret_col + 8], "\"info\"");
    assert!(frame[1].ends_with("^^^^^^"));
}

#[test]
fn frames_show_control_characters_inertly() {
    let doc = "openapi: 3.0.0\ninfo:\n  title: \"\u{1b}[31mred\"\n";
    let texts = vec![("a.yaml".to_string(), std::sync::Arc::<str>::from(doc))];
    let f = common::finding(
        "a.yaml",
        "x",
        apilint::engine::Severity::Warn,
        vec![],
        (2, 9, 2, 18),
        "m",
    );
    let out = text::render(
        &[f],
        &text::TextOptions {
            texts: &texts,
            ..text::TextOptions::default()
        },
    );
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(
        out.contains("    > 3 |   title: \"\u{FFFD}[31mred\"\n"),
        "{out}"
    );
    assert!(out.contains("        |          ^^^^^^^^^\n"), "{out}");
}
