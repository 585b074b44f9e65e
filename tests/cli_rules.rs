//! `apilint rules`: the listing and `--explain`, through the binary.

use std::process::{Command, Output};

fn apilint_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("apilint runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn lists_the_default_rule_set_without_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    let out = apilint_in(tmp.path(), &["rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(listing.starts_with("apilint:zalando: "), "{listing}");
    assert!(
        listing.contains("zalando-118-property-names-snake-case"),
        "{listing}"
    );
}

#[test]
fn lists_a_company_rule_set_with_effective_severities() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join(".spectral.yaml"),
        "extends: [[spectral:oas, off]]\nrules:\n  info-contact: error\n  own-rule:\n    description: Titles are short.\n    given: $.info.title\n    then: {function: length, functionOptions: {max: 40}}\n",
    )
    .unwrap();
    let out = apilint_in(tmp.path(), &["rules", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code} missing"))
    };
    assert_eq!(find("info-contact")["severity"], "error");
    assert_eq!(find("info-contact")["level"], "MUST");
    assert_eq!(find("info-description")["severity"], "off");
    assert_eq!(find("own-rule")["severity"], "warn");
    assert_eq!(find("own-rule")["description"], "Titles are short.");
}

#[test]
fn explain_prints_docs_and_unknown_rules_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = apilint_in(
        tmp.path(),
        &[
            "rules",
            "-r",
            "spectral:oas",
            "--explain",
            "path-keys-no-trailing-slash",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    assert!(doc.contains("## Why is this bad?"), "{doc}");
    assert!(doc.contains("#path-keys-no-trailing-slash"), "{doc}");

    let out = apilint_in(
        tmp.path(),
        &[
            "rules",
            "-r",
            "spectral:oas",
            "--explain",
            "path-keys-no-trailing-slahs",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("did you mean \"path-keys-no-trailing-slash\""),
        "{err}"
    );

    // The default rule set is apilint:zalando: its rules explain themselves
    // with their guideline link, and a near miss is suggested too.
    let out = apilint_in(
        tmp.path(),
        &[
            "rules",
            "--explain",
            "zalando-118-property-names-snake-case",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    assert!(doc.contains("## What it does"), "{doc}");
    assert!(
        doc.contains("https://opensource.zalando.com/restful-api-guidelines/#118"),
        "{doc}"
    );
    let out = apilint_in(
        tmp.path(),
        &["rules", "--explain", "zalando-118-property-name-snake-case"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean \"zalando-118-property-names-snake-case\""),
        "{}",
        text(&out.stderr)
    );
}
