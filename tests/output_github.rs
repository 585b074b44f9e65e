//! The GitHub Actions renderer: a snapshot of the shared sample findings,
//! GitHub's escaping rules, positions, and what happens to sources that are
//! not files.

mod common;

use apilint::engine::Severity;
use apilint::output::github::{GithubOptions, render};
use common::{check_snapshot, finding, key, sample_acknowledged_findings, sample_findings};

#[test]
fn github_snapshot() {
    check_snapshot(
        "output_github.txt",
        &render(&sample_findings(), &GithubOptions::default()),
    );
}

#[test]
fn one_line_per_finding_with_the_severity_as_command() {
    let out = render(&sample_findings(), &GithubOptions::default());
    let commands: Vec<&str> = out.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(
        commands,
        [
            "::warning",
            "::warning",
            "::error",
            "::notice",
            "::notice",
            "::warning",
            "::error"
        ]
    );
    assert!(out.ends_with('\n'));
}

#[test]
fn no_findings_is_empty() {
    assert_eq!(render(&[], &GithubOptions::default()), "");
}

#[test]
fn message_and_properties_are_escaped() {
    // A message with every character GitHub decodes, and a file name and
    // code with the property separators in them.
    let f = finding(
        "C:dir/a,b.yaml",
        "x:y,z",
        Severity::Error,
        vec![key("info")],
        (0, 0, 0, 4),
        "100% sure:\r\nnot, really\nok",
    );
    assert_eq!(
        render(&[f], &GithubOptions::default()),
        "::error file=C%3Adir/a%2Cb.yaml,line=1,endLine=1,col=1,endColumn=5,\
         title=x%3Ay%2Cz::100%25 sure:%0D%0Anot, really%0Aok\n"
    );
}

#[test]
fn columns_only_on_single_line_ranges() {
    let multi = finding("a.yaml", "c", Severity::Warn, vec![], (2, 3, 5, 7), "m");
    // Ends at column 0 of line 5 (0-based): covers lines 3..=5 (1-based).
    let to_col0 = finding("a.yaml", "c", Severity::Info, vec![], (2, 3, 5, 0), "m");
    let out = render(&[multi, to_col0], &GithubOptions::default());
    assert_eq!(
        out,
        "::warning file=a.yaml,line=3,endLine=6,title=c::m\n\
         ::notice file=a.yaml,line=3,endLine=5,title=c::m\n"
    );
}

#[test]
fn urls_and_stdin_are_annotated_without_a_file() {
    let url = finding(
        "https://example.com/common.yaml",
        "invalid-ref",
        Severity::Error,
        vec![],
        (7, 2, 7, 30),
        "not followed",
    );
    let stdin = finding("<stdin>", "c", Severity::Hint, vec![], (0, 0, 0, 1), "m");
    assert_eq!(
        render(&[url, stdin], &GithubOptions::default()),
        "::error title=invalid-ref::not followed (https://example.com/common.yaml:8:3)\n\
         ::notice title=c::m (<stdin>:1:1)\n"
    );
}

#[test]
fn github_acknowledged_snapshot() {
    check_snapshot(
        "output_github_acknowledged.txt",
        &render(&sample_acknowledged_findings(), &GithubOptions::default()),
    );
}

#[test]
fn acknowledged_findings_are_notices_naming_the_acknowledgement() {
    let out = render(&sample_acknowledged_findings(), &GithubOptions::default());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1],
        "::notice file=api/openapi.yaml,line=3,endLine=6,title=info-contact (acknowledged)::Info object must have \"contact\" object. (acknowledged by jane.doe@example.com: The contact is published on the developer portal.)"
    );
    assert!(lines[3].starts_with("::notice "));
    assert!(lines[3].contains("title=response-description (acknowledged)"));
    // Unacknowledged findings keep their command.
    assert!(lines[0].starts_with("::warning "));
    assert!(lines[2].starts_with("::error "));
}
