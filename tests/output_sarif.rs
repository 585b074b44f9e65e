//! The SARIF renderer: a snapshot of the shared sample findings, a
//! structural check of the log against what SARIF 2.1.0 requires of the
//! objects we write, and validation against the official SARIF 2.1.0 JSON
//! Schema.
//!
//! The schema is not in the repository (see `scripts/fetch-sarif-schema.sh`,
//! which .ci/run calls). Without it the schema tests print a notice and
//! pass, except in CI (`CI=true`), where a missing schema fails them.

mod common;

use std::path::Path;

use apilint::output::sarif::{SarifOptions, render};
use common::{check_snapshot, sample_acknowledged_findings, sample_findings};
use serde_json::{Value, json};

fn opts() -> SarifOptions<'static> {
    SarifOptions {
        base_dir: Some(Path::new("/home/user/project")),
    }
}

fn parse(out: &str) -> Value {
    serde_json::from_str(out).expect("the SARIF log is JSON")
}

/// The official schema's validator, or `None` (with a notice) when the
/// schema was not fetched outside CI.
fn official_schema() -> Option<jsonschema::Validator> {
    let path = std::env::var_os("APILINT_SARIF_SCHEMA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/test-deps/sarif/sarif-schema-2.1.0.json")
        });
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            let message = format!(
                "the SARIF 2.1.0 schema is missing ({}: {e}); run scripts/fetch-sarif-schema.sh",
                path.display()
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{message}");
            }
            eprintln!("notice: skipping SARIF schema validation: {message}");
            return None;
        }
    };
    let mut schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    // rtm.5's pattern for `language` (of a run and of a tool component)
    // has a stray `]` that a strict regex check rejects; OASIS errata01
    // rewrote it. We never write `language`; giving it errata01's pattern
    // lets the rest compile with format checks on.
    let fixed = fix_language_patterns(&mut schema);
    assert_eq!(
        fixed, 2,
        "not the schema scripts/fetch-sarif-schema.sh fetches"
    );
    // The schema is draft-04 and says so; formats (`uri`, `uri-reference`,
    // `date-time`) are checked too, which a consumer may do as well.
    Some(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles"),
    )
}

/// Replaces rtm.5's malformed `language` pattern wherever it occurs;
/// returns how many were replaced.
fn fix_language_patterns(schema: &mut Value) -> usize {
    const MALFORMED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    const ERRATA01: &str = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$";
    match schema {
        Value::String(s) if s == MALFORMED => {
            *s = ERRATA01.to_string();
            1
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        Value::Object(members) => members.values_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

/// Asserts that `log` is valid against the official schema, listing every
/// violation with its place in the log.
fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the SARIF log does not validate against the SARIF 2.1.0 schema:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(log).unwrap()
    );
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

#[test]
fn the_sample_log_validates_against_the_official_schema() {
    let Some(validator) = official_schema() else {
        return;
    };
    let mut findings = sample_findings();
    findings[2].documentation_url = Some("https://docs.example.com/operation-operationId".into());
    assert_valid_sarif(&validator, &parse(&render(&findings, &opts())));
    // Without a base directory (no `originalUriBaseIds`), with absolute
    // paths, and with no findings at all.
    let mut absolute = sample_findings();
    absolute[0].source = "/srv/my api/open api.yaml".into();
    absolute[1].source = r"C:\api\s.yaml".into();
    assert_valid_sarif(
        &validator,
        &parse(&render(&absolute, &SarifOptions::default())),
    );
    assert_valid_sarif(&validator, &parse(&render(&[], &opts())));
    // Acknowledged findings carry suppressions.
    assert_valid_sarif(
        &validator,
        &parse(&render(&sample_acknowledged_findings(), &opts())),
    );
    // A relative documentation URL cannot be a `helpUri`.
    let mut relative = sample_findings();
    relative[0].documentation_url = Some("docs/rules.md#servers".into());
    assert_valid_sarif(&validator, &parse(&render(&relative, &opts())));
}

#[test]
fn the_schema_check_catches_an_invalid_log() {
    // Guards the guard: a log missing what SARIF requires must fail, so a
    // validator that accepted anything would not go unnoticed.
    let Some(validator) = official_schema() else {
        return;
    };
    let mut log = parse(&render(&sample_findings(), &opts()));
    log["runs"][0]["results"][0]["level"] = json!("warn");
    assert!(!validator.is_valid(&log));
    let mut log = parse(&render(&sample_findings(), &opts()));
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    assert!(!validator.is_valid(&log));
    // Formats are checked: `helpUri` must be an absolute URI.
    let mut log = parse(&render(&sample_findings(), &opts()));
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = json!("docs/rules.html#x");
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_acknowledged_snapshot() {
    check_snapshot(
        "output_sarif_acknowledged.json",
        &render(&sample_acknowledged_findings(), &opts()),
    );
}

#[test]
fn acknowledged_findings_are_external_suppressions() {
    let log = parse(&render(&sample_acknowledged_findings(), &opts()));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results[1]["suppressions"],
        json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "The contact is published on the developer portal.",
            "location": { "physicalLocation": {
                "artifactLocation": { "uri": ".apilint-ack.yaml", "uriBaseId": "SRCROOT" },
                "region": { "startLine": 2, "startColumn": 5 }
            }},
            "properties": { "author": "jane.doe@example.com", "expires": "2026-12-31" }
        }])
    );
    assert!(
        results[3]["suppressions"][0]["properties"]
            .get("expires")
            .is_none()
    );
    // Results that are not acknowledged have no `suppressions` at all.
    for i in [0, 2, 4, 5, 6] {
        assert!(results[i].get("suppressions").is_none(), "result {i}");
    }
    // The level stays the finding's own.
    assert_eq!(results[1]["level"], "warning");
}

#[test]
fn relative_documentation_urls_are_not_help_uris() {
    let mut findings = sample_findings();
    findings[0].documentation_url = Some("docs/rules.md#servers".into());
    findings[1].documentation_url = Some("https://x.example.com/rules/info contact".into());
    let log = parse(&render(&findings, &opts()));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules[0].get("helpUri").is_none());
    assert_eq!(
        rules[1]["helpUri"],
        "https://x.example.com/rules/info%20contact"
    );
}
