//! `spectral:oas`: Spectral's OpenAPI rule set, one file per rule.
//!
//! Each rule file holds one [`OasRule`]: the rule's name, its definition in
//! Spectral's own rule set format (the YAML that would sit under its name
//! in `rules:`), its documentation, and its pass/fail test vectors. The
//! rule set is assembled from [`RULES`] into one YAML text at first use and
//! loaded by the ordinary rule set loader, so `extends: spectral:oas` (with
//! `off`, `all` or `recommended`), severity changes and overrides behave
//! exactly as for a company's own YAML rule set.
//!
//! Names, default severities, `recommended` flags, formats, `given` paths
//! and messages are Spectral's (spectral-rulesets 1.23, shipped with
//! Spectral 6.16): users compare both tools' output finding by finding.
//! The functions the rules call beyond Spectral's core functions are in
//! [`functions`].
//!
//! To add a rule: copy a rule file, change it, and add it to [`RULES`].

use std::sync::LazyLock;

pub mod functions;

mod array_items;
mod contact_properties;
mod duplicated_entry_in_enum;
mod info_contact;
mod info_description;
mod info_license;
mod license_url;
mod no_eval_in_markdown;
mod no_ref_siblings;
mod no_script_tags_in_markdown;
mod oas2_anyof;
mod oas2_api_host;
mod oas2_api_schemes;
mod oas2_discriminator;
mod oas2_host_not_example;
mod oas2_host_trailing_slash;
mod oas2_oneof;
mod oas2_operation_form_data_consume_check;
mod oas2_operation_security_defined;
mod oas2_parameter_description;
mod oas2_schema;
mod oas2_unused_definition;
mod oas2_valid_media_example;
mod oas2_valid_schema_example;
mod oas3_1_callbacks_in_webhook;
mod oas3_1_servers_in_webhook;
mod oas3_2_no_deprecated_xml_attribute;
mod oas3_api_servers;
mod oas3_callbacks_in_callbacks;
mod oas3_examples_value_or_external_value;
mod oas3_operation_security_defined;
mod oas3_parameter_description;
mod oas3_schema;
mod oas3_server_not_example_com;
mod oas3_server_trailing_slash;
mod oas3_server_variables;
mod oas3_unused_component;
mod oas3_valid_media_example;
mod oas3_valid_schema_example;
mod openapi_tags;
mod openapi_tags_alphabetical;
mod openapi_tags_uniqueness;
mod operation_description;
mod operation_operation_id_unique;
mod operation_operationid;
mod operation_operationid_valid_in_url;
mod operation_parameters;
mod operation_singular_tag;
mod operation_success_response;
mod operation_tag_defined;
mod operation_tags;
mod path_declarations_must_exist;
mod path_keys_no_trailing_slash;
mod path_not_include_query;
mod path_params;
mod tag_description;
mod typed_enum;

/// One `spectral:oas` rule.
#[derive(Debug)]
pub struct OasRule {
    /// The rule's name (its code in findings).
    pub name: &'static str,
    /// The rule's definition as Spectral-format YAML, indented from column
    /// 0 (it is indented under `rules: <name>:` when assembled).
    pub definition: &'static str,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`.
    pub docs: &'static str,
    /// Test vectors: documents that raise nothing from this rule...
    pub pass: &'static [&'static str],
    /// ...and documents with exactly the findings listed, as (message,
    /// JSON pointer of the finding's path), in the engine's order.
    pub fail: &'static [Fail],
}

pub use super::Fail;

/// Where Spectral documents these rules; each rule's link is this plus
/// `#<name>`.
pub const DOCUMENTATION_URL: &str =
    "https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md";

/// Everything above `rules:`: the formats the rule set applies to and the
/// aliases its rules share.
const HEADER: &str = r##"documentationUrl: https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md
formats: [oas2, oas3, oas3_0, oas3_1, oas3_2]
aliases:
  PathItem:
    - "$.paths[*]"
  OperationObject:
    - "#PathItem[get,put,post,delete,options,head,patch,trace]"
  SecurityRequirementObject:
    - "$.security[*]"
    - "#OperationObject.security[*]"
  ResponseObject:
    targets:
      - formats: [oas2]
        given:
          - "#OperationObject.responses[*]"
          - "$.responses[*]"
      - formats: [oas3]
        given:
          - "#OperationObject.responses[*]"
          - "$.components.responses[*]"
  LinkObject:
    targets:
      - formats: [oas3]
        given:
          - "$.components.links[*]"
          - "#ResponseObject.links[*]"
  ArrayProperties:
    targets:
      - formats: [oas2, oas3_0]
        given:
          - '$..[?(@ && @.type=="array")]'
      - formats: [oas3_1, oas3_2]
        given:
          - '$..[?(@ && @.type=="array")]'
          - '$..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("array"))]'
"##;

/// Every rule, in Spectral's order (findings at one place sort by it only
/// through their codes, but `apilint rules` lists them in this order).
pub static RULES: &[&OasRule] = &[
    &oas2_valid_schema_example::RULE,
    &oas2_valid_media_example::RULE,
    &oas3_valid_media_example::RULE,
    &oas3_valid_schema_example::RULE,
    &no_ref_siblings::RULE,
    &oas3_unused_component::RULE,
    &typed_enum::RULE,
    &oas3_server_variables::RULE,
    &oas3_operation_security_defined::RULE,
    &oas2_operation_security_defined::RULE,
    &oas2_discriminator::RULE,
    &contact_properties::RULE,
    &info_contact::RULE,
    &info_description::RULE,
    &info_license::RULE,
    &license_url::RULE,
    &no_eval_in_markdown::RULE,
    &no_script_tags_in_markdown::RULE,
    &openapi_tags_alphabetical::RULE,
    &openapi_tags::RULE,
    &operation_description::RULE,
    &operation_operationid::RULE,
    &operation_operationid_valid_in_url::RULE,
    &operation_singular_tag::RULE,
    &operation_tags::RULE,
    &path_declarations_must_exist::RULE,
    &path_keys_no_trailing_slash::RULE,
    &path_not_include_query::RULE,
    &tag_description::RULE,
    &duplicated_entry_in_enum::RULE,
    &oas2_schema::RULE,
    &oas3_schema::RULE,
    &array_items::RULE,
    &operation_success_response::RULE,
    &oas2_operation_form_data_consume_check::RULE,
    &operation_operation_id_unique::RULE,
    &operation_parameters::RULE,
    &operation_tag_defined::RULE,
    &openapi_tags_uniqueness::RULE,
    &path_params::RULE,
    &oas2_api_host::RULE,
    &oas2_api_schemes::RULE,
    &oas2_host_not_example::RULE,
    &oas2_host_trailing_slash::RULE,
    &oas2_parameter_description::RULE,
    &oas2_anyof::RULE,
    &oas2_oneof::RULE,
    &oas2_unused_definition::RULE,
    &oas3_api_servers::RULE,
    &oas3_examples_value_or_external_value::RULE,
    &oas3_parameter_description::RULE,
    &oas3_server_not_example_com::RULE,
    &oas3_server_trailing_slash::RULE,
    &oas3_callbacks_in_callbacks::RULE,
    &oas3_1_servers_in_webhook::RULE,
    &oas3_1_callbacks_in_webhook::RULE,
    &oas3_2_no_deprecated_xml_attribute::RULE,
];

/// The whole rule set as Spectral-format YAML.
pub fn ruleset_yaml() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| {
        let mut text = String::from(HEADER);
        text.push_str("rules:\n");
        for rule in RULES {
            text.push_str("  ");
            text.push_str(&yaml_key(rule.name));
            text.push_str(":\n");
            for line in rule.definition.trim_matches('\n').lines() {
                if !line.is_empty() {
                    text.push_str("    ");
                    text.push_str(line);
                }
                text.push('\n');
            }
        }
        text
    });
    &TEXT
}

/// A rule name as a YAML key: quoted, since names like `no-$ref-siblings`
/// are fine plain but a future one might not be.
fn yaml_key(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static OasRule> {
    RULES.iter().copied().find(|r| r.name == name)
}

/// The test vectors' runner: lints a document with just one rule of
/// `spectral:oas` switched on.
#[cfg(test)]
pub(crate) mod testing {
    use super::OasRule;

    /// The findings of `rule` on `doc` (YAML or JSON text): `(message,
    /// JSON pointer of the path)`, in the engine's order.
    pub(crate) fn findings(rule: &OasRule, doc: &str) -> Vec<(String, String)> {
        let rs_text = format!(
            "extends: [[spectral:oas, off]]\nrules:\n  \"{}\": true\n",
            rule.name
        );
        crate::rules::testing::findings(&rs_text, rule.name, doc)
    }

    /// Asserts `doc` raises nothing from `rule`.
    #[track_caller]
    pub(crate) fn passes(rule: &OasRule, doc: &str) {
        let found = findings(rule, doc);
        assert!(
            found.is_empty(),
            "{}: expected no findings, got {found:#?}\non:\n{doc}",
            rule.name
        );
    }

    /// Asserts `doc` raises exactly `expected` (message, pointer) from
    /// `rule`, in order.
    #[track_caller]
    pub(crate) fn fails(rule: &OasRule, doc: &str, expected: &[(&str, &str)]) {
        let found = findings(rule, doc);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(found, expected, "{}: on:\n{doc}", rule.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    rule.docs.contains(section),
                    "{} lacks a \"{section}\" section",
                    rule.name
                );
            }
        }
    }

    /// One shared tester for every rule's vectors, so a rule without
    /// vectors fails here rather than going untested.
    #[test]
    fn every_rule_passes_its_vectors() {
        for rule in RULES {
            assert!(!rule.pass.is_empty(), "{} has no passing vector", rule.name);
            assert!(!rule.fail.is_empty(), "{} has no failing vector", rule.name);
            for doc in rule.pass {
                testing::passes(rule, doc);
            }
            for fail in rule.fail {
                testing::fails(rule, fail.doc, fail.findings);
            }
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a rule name appears twice");
    }

    #[test]
    fn the_rule_set_loads() {
        let rs = crate::engine::ruleset::load_builtin("spectral:oas")
            .unwrap_or_else(|e| panic!("spectral:oas does not load: {e}\n{}", ruleset_yaml()));
        assert_eq!(rs.rules.len(), RULES.len());
    }
}
