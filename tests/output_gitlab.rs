//! The GitLab Code Quality renderer: a snapshot of the shared sample
//! findings, the members GitLab requires, and fingerprints that are unique
//! and survive moved lines.

mod common;

use std::collections::HashSet;
use std::path::Path;

use apilint::output::gitlab::{GitlabOptions, render};
use common::{check_snapshot, sample_acknowledged_findings, sample_findings};
use serde_json::Value;

fn opts() -> GitlabOptions<'static> {
    GitlabOptions {
        base_dir: Some(Path::new("/home/user/project")),
    }
}

fn parse(out: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(out)
        .expect("the report is JSON")
        .as_array()
        .expect("the report is an array")
        .clone()
}

#[test]
fn gitlab_snapshot() {
    check_snapshot("output_gitlab.json", &render(&sample_findings(), &opts()));
}

#[test]
fn issues_have_what_gitlab_requires() {
    let findings = sample_findings();
    let issues = parse(&render(&findings, &opts()));
    assert_eq!(issues.len(), findings.len());
    for (issue, f) in issues.iter().zip(&findings) {
        assert_eq!(
            issue["description"].as_str().unwrap(),
            format!("{}: {}", f.code, f.message)
        );
        assert_eq!(issue["check_name"], f.code.as_str());
        let fp = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 16);
        assert!(
            fp.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
        assert!(!issue["location"]["path"].as_str().unwrap().is_empty());
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert_eq!(begin, u64::from(f.range.start.line) + 1);
        assert!(issue["location"]["lines"]["end"].as_u64().unwrap() >= begin);
    }
    let severities: Vec<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert_eq!(
        severities,
        [
            "major", "major", "critical", "minor", "info", "major", "critical"
        ]
    );
    // A range ending at column 0 does not cover that line.
    assert_eq!(issues[2]["location"]["lines"]["end"], 20);
    assert_eq!(issues[1]["location"]["lines"]["end"], 6);
}

#[test]
fn fingerprints_are_unique_even_for_repeated_findings() {
    let mut findings = sample_findings();
    // The same rule saying the same thing twice about one node.
    findings.push(findings[1].clone());
    findings.push(findings[1].clone());
    let issues = parse(&render(&findings, &opts()));
    let fps: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), findings.len());
}

#[test]
fn fingerprints_survive_moved_lines_and_another_checkout() {
    let before = parse(&render(&sample_findings(), &opts()));
    let mut moved = sample_findings();
    for f in &mut moved {
        f.range.start.line += 3;
        f.range.end.line += 3;
        // The same file, named absolutely from a different checkout.
        if f.source == "api/openapi.yaml" {
            f.source = "/ci/builds/42/api/openapi.yaml".into();
        }
    }
    let after = parse(&render(
        &moved,
        &GitlabOptions {
            base_dir: Some(Path::new("/ci/builds/42")),
        },
    ));
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b["fingerprint"], a["fingerprint"]);
        assert_eq!(b["location"]["path"], a["location"]["path"]);
    }
}

#[test]
fn no_findings_is_an_empty_array() {
    assert_eq!(render(&[], &GitlabOptions::default()), "[]");
}

#[test]
fn gitlab_acknowledged_snapshot() {
    check_snapshot(
        "output_gitlab_acknowledged.json",
        &render(&sample_acknowledged_findings(), &opts()),
    );
}

#[test]
fn acknowledged_findings_stay_as_info_with_the_same_fingerprint() {
    let plain = parse(&render(&sample_findings(), &opts()));
    let acknowledged = parse(&render(&sample_acknowledged_findings(), &opts()));
    assert_eq!(plain.len(), acknowledged.len());
    for (a, b) in plain.iter().zip(&acknowledged) {
        // GitLab must not see an acknowledged finding as new or fixed.
        assert_eq!(a["fingerprint"], b["fingerprint"]);
    }
    assert_eq!(acknowledged[1]["severity"], "info");
    assert_eq!(
        acknowledged[1]["description"],
        "info-contact: Info object must have \"contact\" object. (acknowledged by jane.doe@example.com: The contact is published on the developer portal.)"
    );
    assert_eq!(acknowledged[3]["severity"], "info");
    assert_eq!(acknowledged[0]["severity"], "major");
}
