//! The SARIF renderer: a snapshot of the shared sample findings, and a
//! structural check of the log against what SARIF 2.1.0 requires of the
//! objects we write (the official JSON schema check is still to come).

mod common;

use std::path::Path;

use apilint::output::sarif::{SarifOptions, render};
use common::{check_snapshot, sample_findings};
use serde_json::{Value, json};

fn opts() -> SarifOptions<'static> {
    SarifOptions {
        base_dir: Some(Path::new("/home/user/project")),
    }
}

fn parse(out: &str) -> Value {
    serde_json::from_str(out).expect("the SARIF log is JSON")
}

#[test]
fn sarif_snapshot() {
    check_snapshot("output_sarif.json", &render(&sample_findings(), &opts()));
}

#[test]
fn log_has_the_properties_sarif_requires() {
    let mut findings = sample_findings();
    findings[2].documentation_url = Some("https://docs.example.com/operation-operationId".into());
    let log = parse(&render(&findings, &opts()));

    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "apilint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(
        run["originalUriBaseIds"]["SRCROOT"]["uri"],
        "file:///home/user/project/"
    );

    // One rule per distinct code, in order of first appearance; helpUri
    // only where the finding has a documentation URL.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut distinct: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    distinct.dedup();
    assert_eq!(ids, distinct);
    assert_eq!(
        rules[2]["helpUri"],
        "https://docs.example.com/operation-operationId"
    );
    assert!(rules.iter().filter(|r| r.get("helpUri").is_some()).count() == 1);

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (r, f) in results.iter().zip(&findings) {
        // `message` is required and needs `text` (we have no message ids).
        assert_eq!(r["message"]["text"], f.message.as_str());
        assert_eq!(r["ruleId"], f.code.as_str());
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], f.code.as_str());
        let level = r["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));

        let locations = r["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.is_empty() && !uri.contains(' ') && !uri.contains('\\'));
        let region = &physical["region"];
        for (key, zero_based) in [
            ("startLine", f.range.start.line),
            ("startColumn", f.range.start.character),
            ("endLine", f.range.end.line),
            ("endColumn", f.range.end.character),
        ] {
            let v = region[key].as_u64().unwrap();
            assert!(v >= 1, "{key} is 1-based");
            assert_eq!(v, u64::from(zero_based) + 1, "{key}");
        }
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());

        let path: Vec<String> = f.path.iter().map(|s| s.to_string()).collect();
        assert_eq!(r["properties"]["path"], json!(path));
        assert_eq!(r["properties"]["severity"], f.severity.name());
    }

    // Levels: warn, warn, error, info, hint, warn, error.
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        [
            "warning", "warning", "error", "note", "note", "warning", "error"
        ]
    );
}

#[test]
fn locations_name_the_file_and_the_node() {
    let log = parse(&render(&sample_findings(), &opts()));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let artifact = |i: usize| &results[i]["locations"][0]["physicalLocation"]["artifactLocation"];

    assert_eq!(artifact(0)["uri"], "api/openapi.yaml");
    assert_eq!(artifact(0)["uriBaseId"], "SRCROOT");
    // A URL stays as it is and needs no base.
    assert_eq!(artifact(6)["uri"], "https://example.com/common.yaml");
    assert!(artifact(6).get("uriBaseId").is_none());

    // The document root has no logical location; other nodes have their
    // JSON pointer, with `/` and `~` escaped.
    assert!(results[0]["locations"][0].get("logicalLocations").is_none());
    let name = |i: usize| &results[i]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"];
    assert_eq!(name(2), "/paths/~1pets~1{petId}/get");
    assert_eq!(name(4), "/tags/0/name");
    assert_eq!(name(5), "/Pet/properties/pet name/a~1b~0c");
    assert_eq!(name(6), "/components/schemas/");
}

#[test]
fn absolute_paths_become_file_uris_without_a_base() {
    let mut findings = sample_findings();
    findings.truncate(1);
    findings[0].source = "/srv/my api/open api.yaml".into();
    let log = parse(&render(&findings, &SarifOptions::default()));
    let run = &log["runs"][0];
    assert!(run.get("originalUriBaseIds").is_none());
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "file:///srv/my%20api/open%20api.yaml");
    assert!(artifact.get("uriBaseId").is_none());
}

#[test]
fn no_findings_is_a_run_with_no_results() {
    let log = parse(&render(&[], &opts()));
    let run = &log["runs"][0];
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["tool"]["driver"]["rules"], json!([]));
    assert_eq!(run["tool"]["driver"]["name"], "apilint");
}
