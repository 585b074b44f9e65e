//! The Spectral rule set loader, end to end: the rule sets under
//! `tests/fixtures/rulesets/` load into the expected rules, and every broken
//! one fails with the `file:line:col` errors its header names.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use apilint::document::PathSeg;
use apilint::document::format::Formats;
use apilint::document::workspace::{Fetcher, FileAccess};
use apilint::engine::Severity;
use apilint::engine::rule::{Field, Rule, RuleSet};
use apilint::engine::ruleset::{self, LoadOptions, RulesetError};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rulesets")
}

fn load(rel: &str) -> Result<RuleSet, RulesetError> {
    ruleset::load_file(&fixtures().join(rel), &LoadOptions::default())
}

/// Loads rule set text as if it were a file in `full/`.
fn load_beside_full(text: &str) -> RuleSet {
    ruleset::load_str(
        "inline.yaml",
        text,
        Some(&fixtures().join("full")),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn rule<'a>(rs: &'a RuleSet, name: &str) -> &'a Rule {
    rs.rule(name).unwrap_or_else(|| panic!("no rule {name}"))
}

fn sources(rule: &Rule) -> Vec<&str> {
    rule.given.iter().map(|g| g.source.as_str()).collect()
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

// ---------------------------------------------------------------------------
// A rule set using every feature.
// ---------------------------------------------------------------------------

#[test]
fn full_rule_set_keeps_inherited_rules_first_in_definition_order() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = rs.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            // base.yaml (base-replaced keeps its place when redefined)
            "base-warn",
            "base-not-recommended",
            "base-replaced",
            "base-unchanged-info",
            // base-all.yaml
            "all-not-recommended",
            "all-defined-off",
            // base-off.yaml, after what it extends itself
            "nested-rule",
            "off-one",
            "off-two",
            "off-three",
            // main.yaml's own
            "contact-name",
            "param-names",
            "hidden-by-default",
            "info-off",
            // defined in an override
            "tags-named",
        ]
    );
    assert_eq!(
        rs.source,
        fixtures().join("full/main.yaml").display().to_string()
    );
    assert_eq!(
        rs.base_dir.as_deref(),
        Some(fixtures().join("full").as_path())
    );
    assert_eq!(
        rs.documentation_url.as_deref(),
        Some("https://example.com/rules")
    );
}

#[test]
fn full_rule_set_severities_follow_extends_modes_and_changes() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    let severity = |n: &str| rule(&rs, n).severity;
    // recommended mode: kept, unless recommended: false.
    assert_eq!(
        severity("base-warn"),
        Some(Severity::Error),
        "changed by `base-warn: error`"
    );
    assert_eq!(
        severity("base-not-recommended"),
        Some(Severity::Error),
        "recommended: false, turned on by `true` at its own severity"
    );
    assert_eq!(severity("base-unchanged-info"), Some(Severity::Info));
    // all mode: not-recommended rules on too; a rule defined off stays off.
    assert_eq!(severity("all-not-recommended"), Some(Severity::Hint));
    assert_eq!(severity("all-defined-off"), None);
    // off mode: everything off (including what base-off itself extends)
    // until turned on.
    assert_eq!(severity("nested-rule"), None);
    assert_eq!(severity("off-one"), Some(Severity::Error));
    assert_eq!(severity("off-two"), Some(Severity::Hint));
    assert_eq!(severity("off-three"), None);
    // own rules
    assert_eq!(
        severity("base-replaced"),
        Some(Severity::Warn),
        "redefinition: default warn"
    );
    assert_eq!(severity("contact-name"), Some(Severity::Warn));
    assert_eq!(severity("param-names"), Some(Severity::Warn), "severity: 1");
    assert_eq!(severity("hidden-by-default"), None, "recommended: false");
    assert!(!rule(&rs, "hidden-by-default").recommended);
    assert_eq!(severity("info-off"), None);
    assert_eq!(
        severity("tags-named"),
        None,
        "on only where its override applies"
    );
}

#[test]
fn full_rule_set_compiles_given_paths_through_aliases() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    let contact = rule(&rs, "contact-name");
    assert_eq!(sources(contact), ["$.info.contact"]);
    assert_eq!(contact.given_formats, [None]);

    let params = rule(&rs, "param-names");
    assert_eq!(
        sources(params),
        [
            "$.parameters[*].name",
            "$.components.parameters[*].name",
            "$.paths[*][get,put]"
        ]
    );
    assert_eq!(
        params.given_formats,
        [Some(Formats::OAS2), Some(Formats::OAS3), None]
    );

    assert_eq!(
        sources(rule(&rs, "base-replaced")),
        ["$.x"],
        "the redefinition replaces base.yaml's"
    );
    assert_eq!(
        sources(rule(&rs, "tags-named")),
        ["$.tags[*]"],
        "override-local alias"
    );
}

#[test]
fn full_rule_set_keeps_rule_properties() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    let contact = rule(&rs, "contact-name");
    assert_eq!(
        contact.description.as_deref(),
        Some("Contact must have a name.")
    );
    assert_eq!(
        contact.message.as_deref(),
        Some("{{property}} is missing: {{error}}")
    );
    assert!(contact.recommended, "recommended: yes is YAML 1.1 true");
    assert!(contact.resolved);
    assert_eq!(
        contact.formats,
        Some(Formats::OAS3),
        "the file's default formats"
    );
    assert_eq!(
        contact.documentation_url.as_deref(),
        Some("https://example.com/rules#contact-name")
    );

    let params = rule(&rs, "param-names");
    assert!(!params.resolved);
    assert_eq!(params.formats, Some(Formats::OAS2.union(Formats::OAS3)));
    assert_eq!(
        params.documentation_url.as_deref(),
        Some("https://example.com/param-names")
    );

    // Inherited rules keep their own file's defaults.
    let nested = rule(&rs, "nested-rule");
    assert_eq!(nested.formats, Some(Formats::OAS2));
    assert_eq!(
        nested.documentation_url.as_deref(),
        Some("https://example.com/nested#nested-rule")
    );
    assert_eq!(rule(&rs, "base-warn").formats, None);
    assert_eq!(rule(&rs, "base-warn").documentation_url, None);
}

#[test]
fn full_rule_set_parses_then_fields_and_functions() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    let then = &rule(&rs, "param-names").then;
    let names: Vec<&str> = then.iter().map(|t| t.function_name.as_str()).collect();
    assert_eq!(names, ["pattern", "defined", "truthy", "truthy"]);
    assert!(matches!(then[0].field, Some(Field::Key)));
    assert!(matches!(&then[1].field, Some(Field::JsonPath(p)) if p.source == "$.schema"));
    assert!(
        matches!(&then[2].field, Some(Field::Path(p)) if *p == [key("responses"), key("200"), key("content")])
    );
    assert!(
        matches!(&then[3].field, Some(Field::Path(p)) if *p == [key("tags"), PathSeg::Index(0)])
    );
    let contact = &rule(&rs, "contact-name").then;
    assert!(matches!(&contact[0].field, Some(Field::Path(p)) if *p == [key("name")]));
    assert!(rule(&rs, "base-warn").then[0].field.is_none());
}

#[test]
fn full_rule_set_overrides_carry_globs_pointers_and_severities() {
    let rs = load("full/main.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rs.overrides.len(), 3);

    let legacy = &rs.overrides[0];
    assert_eq!(
        legacy.rules,
        [
            ("contact-name".to_string(), None),
            ("base-warn".to_string(), Some(Severity::Info))
        ]
    );
    assert!(legacy.files[0].glob.is_match("legacy/a/b.yaml"));
    assert!(!legacy.files[0].glob.is_match("other/a.yaml"));
    assert_eq!(legacy.files[0].pointer, None);

    let v2 = &rs.overrides[1];
    assert_eq!(
        v2.rules,
        [("param-names".to_string(), Some(Severity::Error))]
    );
    assert!(v2.files[0].glob.is_match("v2/pets.json"));
    assert!(
        !v2.files[0].glob.is_match("v2/sub/pets.json"),
        "* does not cross /"
    );
    assert_eq!(v2.files[0].pointer, Some(vec![key("paths"), key("/pets")]));

    let special = &rs.overrides[2];
    assert_eq!(
        special.rules,
        [("tags-named".to_string(), Some(Severity::Error))]
    );

    // And the engine's view of them:
    let base = fixtures().join("full");
    let legacy_file = base.join("legacy/x/api.yaml");
    let legacy_file = legacy_file.to_str().unwrap();
    assert_eq!(
        rs.severity_for(rule(&rs, "base-warn"), legacy_file, &[]),
        Some(Severity::Info)
    );
    assert_eq!(
        rs.severity_for(rule(&rs, "contact-name"), legacy_file, &[]),
        None
    );
    let special_file = base.join("special/api.yaml");
    let tags = rule(&rs, "tags-named");
    assert_eq!(
        rs.severity_for(tags, special_file.to_str().unwrap(), &[]),
        Some(Severity::Error)
    );
    assert_eq!(rs.severity_for(tags, legacy_file, &[]), None);
}

#[test]
fn rule_set_text_with_base_dir_resolves_relative_extends() {
    let text = "extends: [[./base.yaml, all]]\nrules:\n  base-warn: hint\n";
    let rs = load_beside_full(text);
    assert_eq!(rule(&rs, "base-warn").severity, Some(Severity::Hint));
    assert_eq!(
        rule(&rs, "base-not-recommended").severity,
        Some(Severity::Error),
        "mode all"
    );
}

#[test]
fn json_rule_sets_load_like_yaml_ones() {
    let rs = load("full/nested/rules.json").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rule(&rs, "nested-rule").severity, Some(Severity::Error));
}

#[test]
fn unquoted_off_and_numbers_are_severities() {
    let text = "extends: [./base.yaml]\nrules:\n  base-warn: off\n  base-unchanged-info: 0\n  base-replaced: -1\n";
    let rs = load_beside_full(text);
    assert_eq!(rule(&rs, "base-warn").severity, None);
    assert_eq!(
        rule(&rs, "base-unchanged-info").severity,
        Some(Severity::Error)
    );
    assert_eq!(rule(&rs, "base-replaced").severity, None);
}

#[test]
fn extends_off_then_true_restores_the_rules_own_severity() {
    let text = "extends: [[./base.yaml, off]]\nrules:\n  base-unchanged-info: true\n";
    let rs = load_beside_full(text);
    assert_eq!(
        rule(&rs, "base-unchanged-info").severity,
        Some(Severity::Info)
    );
    assert_eq!(rule(&rs, "base-warn").severity, None);
}

// ---------------------------------------------------------------------------
// Remote rule sets.
// ---------------------------------------------------------------------------

/// Serves a fixed set of URLs.
struct FakeWeb(Vec<(&'static str, &'static str)>);

impl Fetcher for FakeWeb {
    fn fetch(&self, url: &str) -> Result<String, String> {
        self.0
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| "404 Not Found".to_string())
    }
}

fn remote(allow_remote: bool) -> LoadOptions {
    LoadOptions {
        allow_remote,
        fetcher: Some(web()),
        ..LoadOptions::default()
    }
}

fn web() -> Arc<dyn Fetcher> {
    Arc::new(FakeWeb(vec![
        (
            "https://example.com/rules/main.yaml",
            "extends: ./base.yaml\nrules:\n  remote-base: error\n",
        ),
        (
            "https://example.com/rules/base.yaml",
            "rules:\n  remote-base:\n    given: $\n    then: {function: truthy}\n",
        ),
    ]))
}

#[test]
fn remote_rule_sets_load_through_the_fetcher_with_relative_urls() {
    let opts = remote(true);
    let text = "extends: https://example.com/rules/main.yaml\n";
    let rs = ruleset::load_str("r.yaml", text, None, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rule(&rs, "remote-base").severity, Some(Severity::Error));
}

#[test]
fn remote_rule_sets_are_refused_unless_allowed() {
    let opts = remote(false);
    let text = "extends: https://example.com/rules/main.yaml\n";
    let err = ruleset::load_str("r.yaml", text, None, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "r.yaml:1:10: cannot extend \"https://example.com/rules/main.yaml\": remote rule sets are disabled"
    );
}

#[test]
fn remote_fetch_failures_name_the_url() {
    let opts = remote(true);
    let err = ruleset::load_str(
        "r.yaml",
        "extends: https://example.com/nope.yaml\n",
        None,
        &opts,
    )
    .unwrap_err();
    assert!(
        err.message.contains("https://example.com/nope.yaml") && err.message.contains("404"),
        "{err}"
    );
}

#[test]
fn file_access_within_a_folder_refuses_files_outside_it() {
    let opts = LoadOptions {
        files: FileAccess::Within(fixtures().join("errors")),
        ..LoadOptions::default()
    };
    let text = "extends: ./base.yaml\n";
    let err = ruleset::load_str("r.yaml", text, Some(&fixtures().join("full")), &opts).unwrap_err();
    assert!(err.message.contains("only files inside"), "{err}");
}

// ---------------------------------------------------------------------------
// Built-ins and default files.
// ---------------------------------------------------------------------------

#[test]
fn unknown_builtins_list_the_available_ones() {
    let err = ruleset::load_builtin("apilint:nope").unwrap_err();
    assert!(
        err.message
            .starts_with("unknown built-in rule set \"apilint:nope\" (available: "),
        "{err}"
    );
}

#[test]
fn find_default_prefers_yaml_then_yml_then_json() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(ruleset::find_default(dir.path()), None);
    std::fs::write(dir.path().join(".spectral.json"), "{}").unwrap();
    assert_eq!(
        ruleset::find_default(dir.path()),
        Some(dir.path().join(".spectral.json"))
    );
    std::fs::write(dir.path().join(".spectral.yml"), "").unwrap();
    assert_eq!(
        ruleset::find_default(dir.path()),
        Some(dir.path().join(".spectral.yml"))
    );
    std::fs::write(dir.path().join(".spectral.yaml"), "").unwrap();
    assert_eq!(
        ruleset::find_default(dir.path()),
        Some(dir.path().join(".spectral.yaml"))
    );
}

// ---------------------------------------------------------------------------
// Broken rule sets: each fixture under errors/ names the errors it must
// produce in header lines `# expect: [file:]line:col message`, where `file`
// (relative to errors/) defaults to the fixture itself and the message is
// matched as a prefix.
// ---------------------------------------------------------------------------

struct Expected {
    file: PathBuf,
    line: usize,
    column: usize,
    message: String,
}

fn expectations(fixture: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(fixture).unwrap();
    let dir = fixture.parent().unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|spec| {
            let (pos, message) = spec
                .split_once(' ')
                .expect("`# expect: [file:]line:col message`");
            let parts: Vec<&str> = pos.split(':').collect();
            let (file, line, column) = match parts[..] {
                [line, col] => (fixture.to_path_buf(), line, col),
                [file, line, col] => (dir.join(file), line, col),
                _ => panic!("bad position {pos} in {}", fixture.display()),
            };
            Expected {
                file,
                line: line.parse().unwrap(),
                column: column.parse().unwrap(),
                message: message.to_string(),
            }
        })
        .collect()
}

#[test]
fn broken_rule_sets_report_every_error_at_its_position() {
    let dir = fixtures().join("errors");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml" || e == "json")
                && !p.file_name().unwrap().to_str().unwrap().starts_with('_')
        })
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let expected = expectations(fixture);
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` lines",
            fixture.display()
        );
        let err = match ruleset::load_file(fixture, &LoadOptions::default()) {
            Ok(_) => {
                failures.push(format!("{}: loaded, but should fail", fixture.display()));
                continue;
            }
            Err(e) => e,
        };
        let got: Vec<&RulesetError> = err.all().collect();
        let matches = got.len() == expected.len()
            && got.iter().zip(&expected).all(|(g, e)| {
                Path::new(&g.file) == e.file
                    && g.line == e.line
                    && g.column == e.column
                    && g.message.starts_with(&e.message)
            });
        if !matches {
            let want: Vec<String> = expected
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}:{}: {}",
                        e.file.display(),
                        e.line,
                        e.column,
                        e.message
                    )
                })
                .collect();
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                fixture.display(),
                want.join("\n    "),
                err.to_string().replace('\n', "\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn errors_display_one_per_line_as_file_line_col() {
    let err = ruleset::load_str(
        "x.yaml",
        "rules:\n  a: loud\n  b: {given: $, then: {function: nope}}\n",
        None,
        &LoadOptions::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("x.yaml:2:6: unknown severity \"loud\""),
        "{text}"
    );
    assert!(
        lines[1].starts_with("x.yaml:3:34: unknown function \"nope\""),
        "{text}"
    );
}

#[test]
fn an_unreadable_root_file_is_an_error_without_position() {
    let err = load("does-not-exist.yaml").unwrap_err();
    assert_eq!(err.line, 0);
    assert!(
        err.to_string()
            .ends_with(": cannot read the rule set: no such file"),
        "{err}"
    );
}

#[test]
fn extends_deeper_than_the_limit_is_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = format!("extends: ./r{}.yaml\n", i + 1);
        std::fs::write(dir.path().join(format!("r{i}.yaml")), text).unwrap();
    }
    std::fs::write(dir.path().join("r40.yaml"), "rules: {}\n").unwrap();
    let err = ruleset::load_file(&dir.path().join("r0.yaml"), &LoadOptions::default()).unwrap_err();
    assert!(err.message.contains("nested more than 32 deep"), "{err}");
    assert_eq!(err.more.len(), 0, "{err}");
}

#[test]
fn overrides_of_extended_rule_sets_are_ignored_as_in_spectral() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.yaml"),
        "rules:\n  r:\n    given: $\n    then: {function: truthy}\noverrides:\n  - files: [\"*.yaml\"]\n    rules:\n      r: off\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("main.yaml"), "extends: ./base.yaml\n").unwrap();
    let rs = ruleset::load_file(&dir.path().join("main.yaml"), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rs.overrides.is_empty());
    assert_eq!(rule(&rs, "r").severity, Some(Severity::Warn));
}

#[test]
fn true_switches_on_without_changing_severity_and_off_is_a_severity() {
    // As Spectral merges them: `true`/`false` only switch, so a rule
    // defined `severity: off` stays off when switched on, and `false` in an
    // extended file is undone by `all`; `off` replaces the severity, so it
    // is not.
    let dir = tempfile::tempdir().unwrap();
    let rule_def =
        |sev: &str| format!("    severity: {sev}\n    given: $\n    then: {{function: truthy}}\n");
    std::fs::write(
        dir.path().join("base.yaml"),
        format!(
            "rules:\n  defined-off:\n{}  switched-off:\n{}  set-off:\n{}",
            rule_def("off"),
            rule_def("error"),
            rule_def("error")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("middle.yaml"),
        "extends: ./base.yaml\nrules:\n  switched-off: false\n  set-off: off\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.yaml"),
        "extends: [[./middle.yaml, all]]\nrules:\n  defined-off: true\n",
    )
    .unwrap();
    let rs = ruleset::load_file(&dir.path().join("main.yaml"), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rule(&rs, "defined-off").severity, None);
    assert_eq!(rule(&rs, "switched-off").severity, Some(Severity::Error));
    assert_eq!(rule(&rs, "set-off").severity, None);
}

// ---------------------------------------------------------------------------
// apilint's extension: changing an inherited rule's functionOptions.
// ---------------------------------------------------------------------------

fn load_text(text: &str) -> Result<RuleSet, RulesetError> {
    ruleset::load_str("company.yaml", text, None, &LoadOptions::default())
}

#[test]
fn function_options_of_an_inherited_rule_can_be_changed() {
    let rs = load_text(
        "extends: [[spectral:oas, all]]\nrules:\n  operation-singular-tag:\n    functionOptions: {max: 2}\n    severity: error\n",
    )
    .unwrap();
    let r = rule(&rs, "operation-singular-tag");
    assert_eq!(r.severity, Some(Severity::Error));
    assert_eq!(r.then[0].options, Some(serde_json::json!({"max": 2})));
    // The given paths and everything else stay the inherited rule's.
    assert!(!r.given.is_empty());
    assert_eq!(
        r.description.as_deref(),
        Some("Operation must not have more than a single tag.")
    );
}

#[test]
fn changed_function_options_are_merged_over_the_inherited_ones() {
    let rs = load_text(
        "extends: [[spectral:oas, all]]\nrules:\n  openapi-tags-alphabetical:\n    functionOptions: {}\n",
    )
    .unwrap();
    // `keyedBy: name` survives an empty change.
    assert_eq!(
        rule(&rs, "openapi-tags-alphabetical").then[0].options,
        Some(serde_json::json!({"keyedBy": "name"}))
    );
}

#[test]
fn bad_function_option_changes_are_errors_with_positions() {
    let err = load_text(
        "extends: [[spectral:oas, all]]\nrules:\n  operation-singular-tag:\n    functionOptions: {maximum: 2}\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("company.yaml:4:22"), "{err}");
    assert!(
        err.contains("invalid functionOptions for \"length\""),
        "{err}"
    );

    let err = load_text("rules:\n  nowhere:\n    functionOptions: {max: 2}\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("company.yaml:2:3"), "{err}");
    assert!(
        err.contains("not defined in any extended rule set"),
        "{err}"
    );

    let err = load_text(
        "extends: spectral:oas\nrules:\n  operation-tags:\n    functionOptions: {}\n    message: other\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("company.yaml:5:5"), "{err}");
    assert!(err.contains("\"message\" cannot be changed here"), "{err}");
}
