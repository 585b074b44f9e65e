//! What several `apilint:zalando` rules share: typed options parsing, the
//! case styles the guidelines name, and telling schema structure apart from
//! example values.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::document::PathSeg;

/// Parses a rule's `functionOptions` into its options type, whose
/// `Default` holds Zalando's values. The type should be
/// `#[serde(default, deny_unknown_fields)]`, so a typo is an error (the
/// loader reports it at the options' line and column) and an option left
/// out keeps its default.
pub(crate) fn parse_options<T: DeserializeOwned + Default>(
    code: &str,
    options: Option<&Value>,
) -> Result<T, String> {
    match options {
        None => Ok(T::default()),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| format!("\"{code}\" has invalid options: {e}")),
    }
}

/// A naming style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Case {
    /// `snake_case`: lowercase words joined by `_` (the guidelines allow a
    /// leading `_`, as in `_links`, and digits).
    Snake,
    /// `camelCase`.
    Camel,
    /// `PascalCase`.
    Pascal,
    /// `kebab-case`.
    Kebab,
    /// `UPPER_SNAKE_CASE`.
    UpperSnake,
    /// `Hyphenated-Pascal-Case`, as HTTP headers are written (`X-Flow-ID`
    /// passes: a word may be all capitals).
    HyphenatedPascal,
}

impl Case {
    /// Whether `name` is written in this style.
    pub(crate) fn matches(self, name: &str) -> bool {
        let b = name.as_bytes();
        let Some(&first) = b.first() else {
            return false;
        };
        let lower_digit = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        let alnum = |c: u8| c.is_ascii_alphanumeric();
        match self {
            Case::Snake => {
                (first.is_ascii_lowercase() || first == b'_')
                    && b.iter().all(|&c| lower_digit(c) || c == b'_')
            }
            Case::Camel => first.is_ascii_lowercase() && b.iter().all(|&c| alnum(c)),
            Case::Pascal => first.is_ascii_uppercase() && b.iter().all(|&c| alnum(c)),
            Case::Kebab => {
                first.is_ascii_lowercase()
                    && b.iter().all(|&c| lower_digit(c) || c == b'-')
                    && !name.ends_with('-')
                    && !name.contains("--")
            }
            Case::UpperSnake => {
                first.is_ascii_uppercase()
                    && b.iter()
                        .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
            }
            Case::HyphenatedPascal => name.split('-').all(|word| {
                let w = word.as_bytes();
                !w.is_empty()
                    && (w[0].is_ascii_uppercase() || w[0].is_ascii_digit())
                    && w.iter().all(|&c| alnum(c))
            }),
        }
    }

    /// The style's name as people write it, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Case::Snake => "snake_case",
            Case::Camel => "camelCase",
            Case::Pascal => "PascalCase",
            Case::Kebab => "kebab-case",
            Case::UpperSnake => "UPPER_SNAKE_CASE",
            Case::HyphenatedPascal => "Hyphenated-Pascal-Case",
        }
    }
}

/// Keywords whose members are named by the API author (so a member called
/// `type`, `default` or `enum` there is a name, not a keyword).
pub(crate) const NAMED_MEMBERS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "parameters",
    "responses",
    "headers",
    "securitySchemes",
    "securityDefinitions",
    "requestBodies",
    "links",
    "callbacks",
    "pathItems",
    "mapping",
    "scopes",
    "variables",
    "encoding",
    "dependentSchemas",
    "paths",
    "webhooks",
];

/// Whether a logical path runs through example values (`example`,
/// `examples`, `x-example`, `default`, `enum`, `const`) or a vendor
/// extension, where keys such as `properties` are data, not schema
/// structure. Rules that look for schema keywords with `..` skip such
/// matches rather than report data as if it were a schema.
///
/// Only a key in keyword position counts: a member of an author-named
/// mapping ([`NAMED_MEMBERS`]) may be *called* `default` or `enum` (the
/// `default` response, a property `enum`, a header `x-request-id`). The
/// position is tracked along the whole path, so a property that is itself
/// named `headers` or `schemas` does not make its own `default` a name.
pub(crate) fn in_data(path: &[PathSeg]) -> bool {
    // Whether the previous key was a keyword that names its members.
    let mut names_members = false;
    for s in path {
        let PathSeg::Key(k) = s else {
            // An array item is a value; its keys are keywords again.
            names_members = false;
            continue;
        };
        if names_members {
            names_members = false;
            continue;
        }
        if matches!(
            k.as_str(),
            "example" | "examples" | "x-example" | "x-examples" | "default" | "enum" | "const"
        ) || k.starts_with("x-")
        {
            return true;
        }
        names_members = NAMED_MEMBERS.contains(&k.as_str());
    }
    false
}

/// Compiles the `allow` patterns rules take for names they must let pass.
pub(crate) fn compile_patterns(
    code: &str,
    patterns: &[String],
) -> Result<Vec<regex::Regex>, String> {
    patterns
        .iter()
        .map(|p| {
            regex::Regex::new(p)
                .map_err(|e| format!("\"{code}\" has an invalid pattern \"{p}\": {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_styles() {
        assert!(Case::Snake.matches("created_at"));
        assert!(Case::Snake.matches("_links"));
        assert!(Case::Snake.matches("line2"));
        assert!(!Case::Snake.matches("createdAt"));
        assert!(!Case::Snake.matches("Created"));
        assert!(!Case::Snake.matches(""));
        assert!(Case::Camel.matches("createdAt"));
        assert!(!Case::Camel.matches("created_at"));
        assert!(Case::Pascal.matches("CreatedAt"));
        assert!(Case::Kebab.matches("sales-orders"));
        assert!(!Case::Kebab.matches("sales--orders"));
        assert!(!Case::Kebab.matches("sales_orders"));
        assert!(Case::UpperSnake.matches("NOT_FOUND"));
        assert!(!Case::UpperSnake.matches("not_found"));
        assert!(Case::HyphenatedPascal.matches("X-Flow-ID"));
        assert!(Case::HyphenatedPascal.matches("Content-Type"));
        assert!(!Case::HyphenatedPascal.matches("content-type"));
        assert!(!Case::HyphenatedPascal.matches("X--Flow"));
    }

    #[test]
    fn data_paths() {
        let p = |keys: &[&str]| -> Vec<PathSeg> {
            keys.iter().map(|k| PathSeg::Key(k.to_string())).collect()
        };
        assert!(in_data(&p(&[
            "components",
            "schemas",
            "A",
            "example",
            "properties"
        ])));
        assert!(in_data(&p(&["x-internal", "properties"])));
        assert!(!in_data(&p(&["components", "schemas", "A", "properties"])));
        assert!(!in_data(&p(&[
            "components",
            "schemas",
            "A",
            "properties",
            "default",
            "properties"
        ])));
    }

    fn keys(keys: &[&str]) -> Vec<PathSeg> {
        keys.iter().map(|k| PathSeg::Key(k.to_string())).collect()
    }

    /// Regression: the old copy of this function took every `default` for
    /// an example value unless it followed `properties` or a schema map,
    /// so a response named `default` (`responses.default...`) hid its
    /// inline schemas from the payload rules.
    #[test]
    fn a_default_response_is_not_data() {
        assert!(!in_data(&keys(&[
            "paths",
            "/pets",
            "get",
            "responses",
            "default",
            "content",
            "application/json",
            "schema",
            "properties"
        ])));
        assert!(!in_data(&keys(&["responses", "default", "schema"])));
        assert!(!in_data(&keys(&[
            "components",
            "responses",
            "default",
            "headers",
            "x-request-id",
            "schema"
        ])));
        // The schema's own `default` value is still data.
        assert!(in_data(&keys(&[
            "components",
            "schemas",
            "A",
            "default",
            "properties"
        ])));
    }

    /// A property that happens to be named like a keyword that names
    /// members (`headers`, `schemas`) is a name; the `default` under it is
    /// that property's default value, so data.
    #[test]
    fn a_property_named_like_a_named_map_keeps_its_default_as_data() {
        assert!(in_data(&keys(&[
            "components",
            "schemas",
            "Request",
            "properties",
            "headers",
            "default",
            "properties"
        ])));
        assert!(!in_data(&keys(&[
            "components",
            "schemas",
            "Request",
            "properties",
            "headers",
            "properties",
            "enum"
        ])));
        // Array items start over in keyword position.
        let mut p = keys(&["components", "schemas", "A", "allOf"]);
        p.push(PathSeg::Index(0));
        p.extend(keys(&["properties", "default", "type"]));
        assert!(!in_data(&p));
    }
}
