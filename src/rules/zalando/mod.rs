//! `apilint:zalando`: the Zalando RESTful API Guidelines as native rules,
//! one file per rule.
//!
//! Each rule file holds one [`ZalandoRule`]: its code, the guideline id it
//! checks (and alias anchors of the same guideline), the guideline's level
//! and title, the JSONPaths it looks at, the constructor of its check (a
//! [`RuleFunction`](crate::functions::RuleFunction) with typed options whose
//! defaults are Zalando's), its documentation and its pass/fail vectors.
//!
//! The rule set is assembled from [`RULES`] into Spectral-format YAML at
//! first use and loaded by the ordinary loader; each rule calls a function
//! registered under the rule's own code. So `extends: apilint:zalando` works
//! like any extends, severities change as usual, and a company changes a
//! rule's options with a `functionOptions`-only entry (see
//! `rulesets/README.md`):
//!
//! ```yaml
//! extends: [apilint:zalando]
//! rules:
//!   zalando-118-property-names-snake-case:
//!     functionOptions: { case: camel }
//! ```
//!
//! **Codes** are `zalando-<guideline id>-<slug>`, the slug naming the bad
//! pattern in a few words. Codes are public: never renamed, never reused.
//! **Levels** are the guideline's: MUST → error, SHOULD → warn, MAY →
//! info; HINT → hint for advice the guidelines do not state as a rule.
//! Every rule links to its guideline anchor.
//!
//! To add a rule: copy a rule file, change it, add it to [`RULES`].

use std::sync::LazyLock;

use crate::functions::Constructor;

pub use super::Fail;

pub(crate) mod common;

mod property_names_not_snake_case;

// URLs, query parameters, headers, names (#115 #120 #125 #129 #130 #132-#136
// #138 #141 #143 #145-#147 #183 #228 #235).
mod action_path_segment;
mod api_base_path;
mod array_name_not_plural;
mod date_time_property_name;
mod enum_value_not_upper_snake_case;
mod header_name_not_hyphenated_pascal_case;
pub(crate) mod header_names;
mod nested_resource_may_be_top_level;
mod non_standard_header;
mod path_not_normalized;
mod path_segment_not_kebab_case;
pub(crate) mod paths;
mod proprietary_header_not_specified;
mod query_parameter_not_snake_case;
mod resource_id_not_url_friendly;
mod resource_name_not_plural;
mod resource_not_identified_by_path_segments;
mod too_many_resource_types;
mod too_many_sub_resource_levels;
mod url_versioning;
mod verb_in_path_segment;

// Meta information, security, data formats, JSON payload schemas:
mod additional_properties_false;
mod address_field_not_common;
mod api_audience_missing;
mod api_id_missing;
mod api_meta_information_missing;
mod api_version_not_semver;
mod binary_not_base64url;
mod closed_enum;
mod common_field_wrong_type;
mod country_language_currency_format_missing;
mod date_time_format_missing;
mod duration_format_missing;
mod endpoint_not_secured;
mod format_not_standard;
mod hostname_not_functional;
mod internal_hostname_not_functional;
mod map_with_properties;
mod money_object_not_standard;
mod nullable_array;
mod nullable_boolean;
mod number_without_format;
mod openapi_version_not_supported;
mod remote_ref_not_durable;
mod response_body_not_object;
pub(crate) mod schemas;
mod scope_name_not_conventional;
mod security_requirement_without_scopes;

// HTTP: status codes, methods, headers, media types, pagination,
// hypermedia, deprecation (#113-#114 #137 #148 #150-#154 #159-#167 #172
// #176-#189 #217 #233 #243 #248 #251 #254).
mod body_on_bodyless_method;
mod cache_headers_incomplete;
mod collection_format_not_defined;
mod collection_without_pagination;
mod conditional_header_without_etag;
mod content_header_misplaced;
mod content_location_header;
mod deprecated_operation_without_headers;
mod deprecated_without_explanation;
mod error_response_not_problem_json;
mod href_not_string;
pub(crate) mod http;
mod link_header;
mod missing_flow_id;
mod missing_success_or_error_response;
mod multi_status_misused;
mod non_json_payload;
mod non_standard_media_type;
mod offset_pagination;
mod page_link_object;
mod page_total_count;
mod page_without_items;
mod page_without_links;
mod rate_limit_without_headers;
mod redirection_status_code;
mod relative_link_uri;
mod stack_trace_property;
mod uncommon_status_code;
mod unconventional_query_parameter;
mod unofficial_status_code;
mod version_in_media_type_name;

/// Where the guidelines live; a rule's link is this plus `#<id>`.
pub const GUIDELINES_URL: &str = "https://opensource.zalando.com/restful-api-guidelines/";

/// A guideline's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Must,
    Should,
    May,
    /// Advice apilint adds; not a rule of the guidelines.
    Hint,
}

impl Level {
    /// The Spectral severity name the level maps to.
    pub fn severity(self) -> &'static str {
        match self {
            Level::Must => "error",
            Level::Should => "warn",
            Level::May => "info",
            Level::Hint => "hint",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
            Level::Hint => "HINT",
        }
    }
}

/// One rule of `apilint:zalando`.
#[derive(Debug)]
pub struct ZalandoRule {
    /// `zalando-<id>-<slug>`.
    pub code: &'static str,
    /// The guideline id (its anchor number).
    pub id: u16,
    /// Other anchors of the same guideline this rule also covers (the
    /// guidelines keep old anchors as aliases, e.g. #169 for #126).
    pub also: &'static [u16],
    pub level: Level,
    /// The guideline's title, as the rule's description.
    pub title: &'static str,
    /// JSONPaths (Spectral's dialect) whose matches the check receives.
    pub given: &'static [&'static str],
    /// Whether the check sees `$ref`s followed (the usual) or as written.
    pub resolved: bool,
    /// Spectral format names the rule is limited to; empty = every
    /// OpenAPI version.
    pub formats: &'static [&'static str],
    /// Builds the check from the rule's `functionOptions` (`None`: the
    /// defaults, which are Zalando's).
    pub new: Constructor,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`
    /// (bad and good YAML), and `## Options` when the rule has some.
    pub docs: &'static str,
    /// Documents that raise nothing from this rule.
    pub pass: &'static [&'static str],
    /// Documents with exactly the findings listed.
    pub fail: &'static [Fail],
}

impl ZalandoRule {
    /// The guideline link.
    pub fn url(&self) -> String {
        format!("{GUIDELINES_URL}#{}", self.id)
    }
}

/// Every rule, by guideline id.
pub static RULES: &[&ZalandoRule] = &[
    &property_names_not_snake_case::RULE,
    &url_versioning::RULE,
    &array_name_not_plural::RULE,
    &enum_value_not_upper_snake_case::RULE,
    &path_segment_not_kebab_case::RULE,
    &query_parameter_not_snake_case::RULE,
    &header_name_not_hyphenated_pascal_case::RULE,
    &non_standard_header::RULE,
    &resource_name_not_plural::RULE,
    &api_base_path::RULE,
    &path_not_normalized::RULE,
    &action_path_segment::RULE,
    &verb_in_path_segment::RULE,
    &resource_not_identified_by_path_segments::RULE,
    &nested_resource_may_be_top_level::RULE,
    &too_many_resource_types::RULE,
    &too_many_sub_resource_levels::RULE,
    &proprietary_header_not_specified::RULE,
    &resource_id_not_url_friendly::RULE,
    &date_time_property_name::RULE,
    &api_meta_information_missing::RULE,
    &api_version_not_semver::RULE,
    &api_id_missing::RULE,
    &api_audience_missing::RULE,
    &endpoint_not_secured::RULE,
    &security_requirement_without_scopes::RULE,
    &scope_name_not_conventional::RULE,
    &hostname_not_functional::RULE,
    &internal_hostname_not_functional::RULE,
    &openapi_version_not_supported::RULE,
    &remote_ref_not_durable::RULE,
    &additional_properties_false::RULE,
    &response_body_not_object::RULE,
    &closed_enum::RULE,
    &format_not_standard::RULE,
    &number_without_format::RULE,
    &binary_not_base64url::RULE,
    &date_time_format_missing::RULE,
    &duration_format_missing::RULE,
    &country_language_currency_format_missing::RULE,
    &nullable_boolean::RULE,
    &nullable_array::RULE,
    &map_with_properties::RULE,
    &common_field_wrong_type::RULE,
    &money_object_not_standard::RULE,
    &address_field_not_common::RULE,
    &version_in_media_type_name::RULE,
    &unconventional_query_parameter::RULE,
    &body_on_bodyless_method::RULE,
    &uncommon_status_code::RULE,
    &missing_success_or_error_response::RULE,
    &multi_status_misused::RULE,
    &rate_limit_without_headers::RULE,
    &collection_format_not_defined::RULE,
    &collection_without_pagination::RULE,
    &offset_pagination::RULE,
    &page_without_links::RULE,
    &href_not_string::RULE,
    &page_link_object::RULE,
    &link_header::RULE,
    &non_json_payload::RULE,
    &non_standard_media_type::RULE,
    &error_response_not_problem_json::RULE,
    &stack_trace_property::RULE,
    &content_header_misplaced::RULE,
    &content_location_header::RULE,
    &conditional_header_without_etag::RULE,
    &deprecated_without_explanation::RULE,
    &deprecated_operation_without_headers::RULE,
    &relative_link_uri::RULE,
    &missing_flow_id::RULE,
    &unofficial_status_code::RULE,
    &page_without_items::RULE,
    &redirection_status_code::RULE,
    &page_total_count::RULE,
    &cache_headers_incomplete::RULE,
];

/// The checks, registered as functions under their rules' codes.
pub(crate) static FUNCTIONS: LazyLock<Vec<(&'static str, Constructor)>> =
    LazyLock::new(|| RULES.iter().map(|r| (r.code, r.new)).collect());

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static ZalandoRule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The whole rule set as Spectral-format YAML.
pub fn ruleset_yaml() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| {
        let q = |s: &str| serde_json::to_string(s).expect("strings serialize");
        let mut text = format!(
            "documentationUrl: {}\nformats: [oas2, oas3, oas3_0, oas3_1, oas3_2]\nrules:\n",
            q(GUIDELINES_URL)
        );
        for r in RULES {
            text.push_str(&format!("  {}:\n", q(r.code)));
            text.push_str(&format!("    description: {}\n", q(r.title)));
            text.push_str("    message: \"{{error}}\"\n");
            text.push_str(&format!("    severity: {}\n", r.level.severity()));
            text.push_str(&format!("    documentationUrl: {}\n", q(&r.url())));
            if !r.resolved {
                text.push_str("    resolved: false\n");
            }
            if !r.formats.is_empty() {
                text.push_str(&format!("    formats: [{}]\n", r.formats.join(", ")));
            }
            text.push_str("    given:\n");
            for g in r.given {
                text.push_str(&format!("      - {}\n", q(g)));
            }
            text.push_str(&format!("    then:\n      function: {}\n", q(r.code)));
        }
        text
    });
    &TEXT
}

/// The test vectors' runner: lints a document with just one rule of
/// `apilint:zalando` switched on.
#[cfg(test)]
pub(crate) mod testing {
    use super::ZalandoRule;

    /// The findings of `rule` on `doc`: `(message, JSON pointer)`, in the
    /// engine's order. `options` (YAML, may be empty) changes the rule's
    /// options as a company rule set would.
    pub(crate) fn findings_with(
        rule: &ZalandoRule,
        options: &str,
        doc: &str,
    ) -> Vec<(String, String)> {
        let mut rs_text = format!(
            "extends: [[apilint:zalando, off]]\nrules:\n  \"{}\": true\n",
            rule.code
        );
        if !options.is_empty() {
            rs_text = format!(
                "extends: [[apilint:zalando, off]]\nrules:\n  \"{}\":\n    severity: {}\n    functionOptions: {options}\n",
                rule.code,
                rule.level.severity()
            );
        }
        crate::rules::testing::findings(&rs_text, rule.code, doc)
    }

    /// Asserts `doc` raises exactly `expected` from `rule` with its
    /// options changed by `options` (a YAML mapping).
    #[track_caller]
    pub(crate) fn fails_with(
        rule: &ZalandoRule,
        options: &str,
        doc: &str,
        expected: &[(&str, &str)],
    ) {
        let found = findings_with(rule, options, doc);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(found, expected, "{}: on:\n{doc}", rule.code);
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
                    rule.code
                );
            }
        }
    }

    /// One shared tester for every rule's vectors, so a rule without
    /// vectors fails here rather than going untested.
    #[test]
    fn every_rule_passes_its_vectors() {
        for rule in RULES {
            assert!(!rule.pass.is_empty(), "{} has no passing vector", rule.code);
            assert!(!rule.fail.is_empty(), "{} has no failing vector", rule.code);
            for doc in rule.pass {
                let found = testing::findings_with(rule, "", doc);
                assert!(
                    found.is_empty(),
                    "{}: expected no findings, got {found:#?}\non:\n{doc}",
                    rule.code
                );
            }
            for fail in rule.fail {
                testing::fails_with(rule, "", fail.doc, fail.findings);
            }
        }
    }

    #[test]
    fn codes_follow_the_scheme_and_are_unique() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        for r in RULES {
            let prefix = format!("zalando-{}-", r.id);
            let slug = r
                .code
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{} does not start with {prefix}", r.code));
            assert!(
                !slug.is_empty()
                    && slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: the slug must be kebab-case",
                r.code
            );
        }
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code appears twice");
    }

    /// Levels and titles follow the guidelines' own list, kept in the
    /// shared data beside the repository.
    #[test]
    fn levels_follow_the_guidelines() {
        let tsv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/zalando/guidelines_rules.tsv");
        let text =
            std::fs::read_to_string(&tsv).unwrap_or_else(|e| panic!("{}: {e}", tsv.display()));
        for rule in RULES {
            let row = text
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|cols| cols[0] == rule.id.to_string())
                .unwrap_or_else(|| panic!("{}: no guideline #{}", rule.code, rule.id));
            let level = row[1];
            // #223 has parts at every level; the rule says which it checks.
            if rule.level != Level::Hint && !level.contains('/') {
                assert_eq!(rule.level.word(), level, "{}: level", rule.code);
            }
            for alias in rule.also {
                assert!(
                    text.lines().any(|l| l.starts_with(&format!("{alias}\t"))),
                    "{}: no guideline #{alias}",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn the_rule_set_loads() {
        let rs = crate::engine::ruleset::load_builtin("apilint:zalando")
            .unwrap_or_else(|e| panic!("apilint:zalando does not load: {e}\n{}", ruleset_yaml()));
        assert_eq!(rs.rules.len(), RULES.len());
    }
}
