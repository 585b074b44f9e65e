//! The pull-request comment renderer: a snapshot of the shared sample
//! findings, level order, escaping that keeps messages from breaking the
//! layout or injecting HTML, links, and folding long sections.

mod common;

use apilint::engine::{Finding, Severity};
use apilint::output::markdown::{MarkdownOptions, level_word, render};
use common::{check_snapshot, finding, key, sample_findings};

fn with_docs() -> Vec<Finding> {
    let mut findings = sample_findings();
    findings[2].documentation_url = Some("https://docs.example.com/rules#operation-id".into());
    findings
}

#[test]
fn markdown_snapshot() {
    let opts = MarkdownOptions {
        review_url: Some("https://apilint.example.com/reviews/42"),
        rule_base_url: Some("https://rules.example.com/"),
    };
    check_snapshot("output_markdown.md", &render(&with_docs(), &opts));
}

#[test]
fn markdown_snapshot_without_options() {
    check_snapshot(
        "output_markdown_plain.md",
        &render(&sample_findings(), &MarkdownOptions::default()),
    );
}

#[test]
fn levels_are_the_zalando_words() {
    assert_eq!(level_word(Severity::Error), "MUST");
    assert_eq!(level_word(Severity::Warn), "SHOULD");
    assert_eq!(level_word(Severity::Info), "MAY");
    assert_eq!(level_word(Severity::Hint), "HINT");
}

#[test]
fn must_section_comes_first_and_is_not_a_checklist() {
    // The sample starts with SHOULD findings; MUST still leads.
    let out = render(&sample_findings(), &MarkdownOptions::default());
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("#### MUST (2)") < pos("#### SHOULD (3)"));
    assert!(pos("#### SHOULD (3)") < pos("#### MAY (1)"));
    assert!(pos("#### MAY (1)") < pos("#### HINT (1)"));
    assert!(out.contains("❌ 2 MUST findings block this change\n"));
    assert!(out.contains("\n- **MUST** `operation-operationId`"));
    assert!(out.contains("\n- [ ] **SHOULD** `info-contact`"));
    assert!(!out.contains("- [ ] **MUST**"));
}

#[test]
fn no_must_findings_does_not_block() {
    let only_warn: Vec<Finding> = sample_findings()
        .into_iter()
        .filter(|f| f.severity == Severity::Warn)
        .collect();
    let out = render(&only_warn, &MarkdownOptions::default());
    assert!(out.contains("✅ No MUST findings\n"));
    assert!(out.contains("| MUST | 0 |\n| SHOULD | 3 |\n| MAY | 0 |\n| HINT | 0 |\n"));
    assert!(!out.contains("#### MUST"));
}

#[test]
fn no_findings_says_so() {
    assert_eq!(
        render(&[], &MarkdownOptions::default()),
        "### apilint\n\n✅ No findings.\n"
    );
}

#[test]
fn messages_cannot_break_the_layout_or_inject_html() {
    let f = finding(
        "a.yaml",
        "c",
        Severity::Error,
        vec![key("x")],
        (0, 0, 0, 1),
        "a | b `code` <script>alert(1)</script> *x* _y_ [l](javascript:z) @team\n# h",
    );
    let out = render(&[f], &MarkdownOptions::default());
    let line = out.lines().find(|l| l.starts_with("- **MUST**")).unwrap();
    assert_eq!(
        line,
        "- **MUST** `c` — a \\| b \\`code\\` &lt;script&gt;alert(1)&lt;/script&gt; \
         \\*x\\* \\_y\\_ \\[l\\](javascript:z) @\u{2060}team # h — `a.yaml:1:1` (`x`)"
    );
    assert!(!out.contains("<script>"));
}

#[test]
fn codes_link_to_their_documentation() {
    let mut f = finding(
        "a.yaml",
        "my rule",
        Severity::Warn,
        vec![],
        (0, 0, 0, 1),
        "m",
    );
    let base = MarkdownOptions {
        rule_base_url: Some("https://rules.example.com/"),
        ..MarkdownOptions::default()
    };
    assert!(
        render(&[f.clone()], &base).contains("[`my rule`](https://rules.example.com/my%20rule)")
    );
    // The rule's own URL wins over the base, and non-web URLs are not linked.
    f.documentation_url = Some("https://own.example.com/x".into());
    assert!(render(&[f.clone()], &base).contains("[`my rule`](https://own.example.com/x)"));
    f.documentation_url = Some("javascript:alert(1)".into());
    let out = render(&[f], &MarkdownOptions::default());
    assert!(out.contains("- [ ] **SHOULD** `my rule` — m"));
    assert!(!out.contains("javascript"));
}

#[test]
fn review_url_is_printed_even_without_findings() {
    let opts = MarkdownOptions {
        review_url: Some("https://x.example.com/r/1"),
        ..MarkdownOptions::default()
    };
    assert_eq!(
        render(&[], &opts),
        "### apilint\n\n✅ No findings.\n\nFull review: https://x.example.com/r/1\n"
    );
}

#[test]
fn long_sections_fold_the_rest_into_details() {
    let findings: Vec<Finding> = (0..53)
        .map(|i| {
            finding(
                "a.yaml",
                &format!("r{i}"),
                Severity::Warn,
                vec![],
                (i, 0, i, 1),
                "m",
            )
        })
        .chain([finding(
            "a.yaml",
            "e",
            Severity::Error,
            vec![],
            (0, 0, 0, 1),
            "m",
        )])
        .collect();
    let out = render(&findings, &MarkdownOptions::default());
    let (before, after) = out
        .split_once("\n<details><summary>3 more</summary>\n\n")
        .expect("a details block");
    assert_eq!(before.matches("- [ ] **SHOULD**").count(), 50);
    assert!(before.contains("`r49`") && !before.contains("`r50`"));
    assert_eq!(after.matches("- [ ] **SHOULD**").count(), 3);
    assert!(after.ends_with("`a.yaml:53:1`\n\n</details>\n"));
    // The single MUST finding is not folded.
    assert_eq!(out.matches("<details>").count(), 1);
}
