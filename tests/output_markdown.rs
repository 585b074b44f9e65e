//! The pull-request comment renderer: a snapshot of the shared sample
//! findings, level order, escaping that keeps messages from breaking the
//! layout or injecting HTML, links, folding long sections, and
//! acknowledgements (ticked items, the required-acknowledgement line, the
//! section of stale and expired entries).

mod common;

use apilint::engine::{Finding, Severity};
use apilint::output::level_word;
use apilint::output::markdown::{MarkdownOptions, ReviewLink, render};
use common::{
    check_snapshot, finding, key, sample_acknowledged_findings, sample_findings, sample_notices,
};

fn review(document: &str, url: &str) -> ReviewLink {
    ReviewLink {
        document: document.into(),
        url: url.into(),
    }
}

fn with_docs() -> Vec<Finding> {
    let mut findings = sample_findings();
    findings[2].documentation_url = Some("https://docs.example.com/rules#operation-id".into());
    findings
}

#[test]
fn markdown_snapshot() {
    let opts = MarkdownOptions {
        reviews: &[review(
            "api/openapi.yaml",
            "https://apilint.example.com/reviews/42",
        )],
        rule_base_url: Some("https://rules.example.com/"),
        ..MarkdownOptions::default()
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
        reviews: &[review("api/openapi.yaml", "https://x.example.com/r/1")],
        ..MarkdownOptions::default()
    };
    assert_eq!(
        render(&[], &opts),
        "### apilint\n\n✅ No findings.\n\nFull review: https://x.example.com/r/1\n"
    );
}

#[test]
fn several_documents_link_a_review_each() {
    let reviews = [
        review("a.yaml", "https://x.example.com/r/1"),
        review("specs/b`.yaml", "https://x.example.com/r/2"),
    ];
    let opts = MarkdownOptions {
        reviews: &reviews,
        ..MarkdownOptions::default()
    };
    let out = render(&sample_findings(), &opts);
    assert!(
        out.contains(
            "| HINT | 1 |\n\nFull reviews:\n\n- `a.yaml`: https://x.example.com/r/1\n- ``specs/b`.yaml``: https://x.example.com/r/2\n\n#### MUST"
        ),
        "{out}"
    );
    assert!(!out.contains("Full review:"));
    assert_eq!(
        render(&[], &opts),
        "### apilint\n\n✅ No findings.\n\nFull reviews:\n\n- `a.yaml`: https://x.example.com/r/1\n- ``specs/b`.yaml``: https://x.example.com/r/2\n"
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

#[test]
fn markdown_acknowledged_snapshot() {
    let notices = sample_notices();
    let opts = MarkdownOptions {
        notices: &notices,
        require_ack: true,
        ..MarkdownOptions::default()
    };
    check_snapshot(
        "output_markdown_acknowledged.md",
        &render(&sample_acknowledged_findings(), &opts),
    );
}

#[test]
fn acknowledged_items_are_ticked_with_reason_and_author() {
    let out = render(&sample_acknowledged_findings(), &MarkdownOptions::default());
    let lines: Vec<&str> = out.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("- [x] **SHOULD** `info-contact`"))
        .expect("ticked SHOULD item");
    assert_eq!(
        lines[i + 1],
        "  Acknowledged by jane.doe@\u{2060}example.com: The contact is published on the developer portal. (until 2026-12-31)"
    );
    let j = lines
        .iter()
        .position(|l| l.starts_with("- [x] **MAY** `response-description`"))
        .expect("ticked MAY item");
    // Reasons are text: no emphasis, no HTML, no mention.
    assert_eq!(
        lines[j + 1],
        "  Acknowledged by team-pets: Legacy \\*200\\* \"ok\" &lt;b&gt;response&lt;/b&gt;, see @\u{2060}team-pets."
    );
    // The other SHOULD finding is still open; MUST findings are never ticked.
    assert!(out.contains("- [ ] **SHOULD** `property-casing`"));
    assert!(!out.contains("[x] **MUST**"));
    assert!(out.contains("| Level | Findings | Acknowledged |\n| :-- | --: | --: |\n| MUST | 2 | — |\n| SHOULD | 3 | 1 |\n| MAY | 1 | 1 |\n| HINT | 1 | 0 |\n"), "{out}");
}

#[test]
fn without_acknowledgements_the_table_has_no_acknowledged_column() {
    let out = render(&sample_findings(), &MarkdownOptions::default());
    assert!(out.contains("| Level | Findings |\n| :-- | --: |\n"));
    assert!(!out.contains("Acknowledged"));
    assert!(!out.contains("[x]"));
}

#[test]
fn require_ack_counts_the_open_should_and_may_findings() {
    let opts = MarkdownOptions {
        require_ack: true,
        ..MarkdownOptions::default()
    };
    // Open: oas3-api-servers and property-casing (SHOULD); the hint does
    // not need an acknowledgement.
    let out = render(&sample_acknowledged_findings(), &opts);
    assert!(
        out.contains(
            "❌ 2 MUST findings block this change\n❌ 2 SHOULD/MAY findings are not acknowledged\n"
        ),
        "{out}"
    );
    let only_acknowledged: Vec<Finding> = sample_acknowledged_findings()
        .into_iter()
        .filter(|f| f.acknowledged.is_some())
        .collect();
    let out = render(&only_acknowledged, &opts);
    assert!(
        out.contains("✅ No MUST findings\n✅ Every SHOULD/MAY finding is acknowledged\n"),
        "{out}"
    );
}

#[test]
fn stale_and_expired_acknowledgements_get_a_section_even_without_findings() {
    let notices = sample_notices();
    let opts = MarkdownOptions {
        notices: &notices,
        ..MarkdownOptions::default()
    };
    assert_eq!(
        render(&[], &opts),
        "### apilint\n\n✅ No findings.\n\n#### Acknowledgements to review (2)\n\n\
         - `.apilint-ack.yaml:9:5` — `info-license` at `/info`: matches no finding (stale); remove it\n\
         - `.apilint-ack.yaml:15:5` — `operation-tags` at `paths./pets.*`: expired on 2026-01-31; 2 findings are no longer acknowledged\n"
    );
}

/// GitHub's API refuses a comment over 65,536 characters: GitHub's own
/// spec gave a 3.7 MB report. The comment stops listing before the limit,
/// keeps exact counts and says how many are not listed and where they are.
#[test]
fn a_huge_report_stays_within_a_comments_size_limit() {
    let one = sample_findings();
    let findings: Vec<_> = (0..6000).map(|i| one[i % one.len()].clone()).collect();
    let out = render(&findings, &MarkdownOptions::default());
    assert!(
        out.chars().count() <= 65_536,
        "{} chars",
        out.chars().count()
    );
    let musts = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert!(out.contains(&format!("| MUST | {musts} |")), "{out}");
    assert!(out.contains(&format!("#### MUST ({musts})")));
    let listed = out.lines().filter(|l| l.starts_with("- **MUST**")).count();
    assert!(listed > 100 && listed < musts, "{listed}");
    assert!(
        out.contains(&format!(
            "{} more MUST findings are not listed: a comment has a size limit. The full report",
            musts - listed
        )),
        "{}",
        &out[out.len() - 2000..]
    );
    let with_review = MarkdownOptions {
        reviews: &[review(
            "api/openapi.yaml",
            "https://apilint.example.com/reviews/1",
        )],
        ..MarkdownOptions::default()
    };
    let out = render(&findings, &with_review);
    assert!(out.contains("not listed: a comment has a size limit. The full review above"));
    // A small report is listed in full.
    let small = render(&one, &MarkdownOptions::default());
    assert!(!small.contains("not listed"));
}
