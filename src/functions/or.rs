//! `or`: an object must have at least one of some properties.
//!
//! Options: `properties` (required), two or more property names.
//!
//! Only objects are checked; a property counts as present even when its
//! value is `null`. Other values and missing targets pass.
//!
//! Message when none is present, listing up to four names (more are
//! summarised as a count):
//! - `At least one of "a" or "b" must be defined`
//! - `At least one of "a" or "b" or "c" or 2 other properties must be defined`

use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::{Context, FnResult, Input, RuleFunction};

const SPEC: Spec = Spec {
    function: "or",
    example: r#"{ "properties": ["default", "example"] }, { "properties": ["title", "summary", "description"] }, etc."#,
    fields: &[("properties", Kind::Array)],
};

/// `functionOptions` of `or` (and `xor`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Options {
    pub properties: Vec<String>,
}

/// Parses `{properties: [two or more names]}` for `or` and `xor`, whose
/// checks and sentences differ only in the name and the examples.
pub(super) fn parse_properties(
    spec: &Spec,
    options: Option<&Value>,
    examples: &str,
) -> Result<Options, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| spec.invalid())?;
    let names_error = || {
        format!(
            "\"{}\" requires at least two enumerated \"properties\", i.e. {examples}",
            spec.function
        )
    };
    for (key, value) in map {
        if key != "properties" {
            return Err(spec.unsupported(key));
        }
        let ok = value
            .as_array()
            .is_some_and(|names| names.len() >= 2 && names.iter().all(Value::is_string));
        if !ok {
            return Err(names_error());
        }
    }
    spec.require(map, "properties")?;
    spec.parse(map)
}

/// The message for an object with none of `properties`.
pub(super) fn none_defined(properties: &[String]) -> String {
    if properties.len() > 4 {
        format!(
            "At least one of \"{}\" or {} other properties must be defined",
            properties[..3].join("\" or \""),
            properties.len() - 3
        )
    } else {
        format!(
            "At least one of \"{}\" must be defined",
            properties.join("\" or \"")
        )
    }
}

#[derive(Debug)]
struct Or {
    properties: Vec<String>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let opts = parse_properties(
        &SPEC,
        options,
        r#"["default", "example"], ["title", "summary", "description"], etc."#,
    )?;
    Ok(Box::new(Or {
        properties: opts.properties,
    }))
}

impl RuleFunction for Or {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(obj) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        if obj
            .members()
            .any(|(k, _)| self.properties.iter().any(|p| p == k))
        {
            return Vec::new();
        }
        vec![FnResult::here(none_defined(&self.properties))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str = "objs:\n  none: {x: 1}\n  onlyA: {a: 1}\n  both: {a: 1, b: 2}\n  nullA: {a: null}\n  scalar: 5\n  list: [a]\n";

    #[test]
    fn none_present_fails_at_the_object() {
        assert_eq!(
            run("or", json!({"properties": ["a", "b"]}), DOC, "/objs/none"),
            vec![(
                "At least one of \"a\" or \"b\" must be defined".to_string(),
                "/objs/none".to_string()
            )]
        );
        assert_eq!(
            messages(
                "or",
                json!({"properties": ["a", "b", "c", "d"]}),
                DOC,
                "/objs/none"
            ),
            vec!["At least one of \"a\" or \"b\" or \"c\" or \"d\" must be defined"]
        );
        assert_eq!(
            messages(
                "or",
                json!({"properties": ["yada-yada", "foo", "bar", "four", "five"]}),
                DOC,
                "/objs/none"
            ),
            vec![
                "At least one of \"yada-yada\" or \"foo\" or \"bar\" or 2 other properties must be defined"
            ]
        );
    }

    #[test]
    fn one_or_more_present_passes() {
        for p in [
            "/objs/onlyA",
            "/objs/both",
            "/objs/nullA",
            "/objs/scalar",
            "/objs/list",
            "/objs/missing",
        ] {
            assert!(
                messages("or", json!({"properties": ["a", "b"]}), DOC, p).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn bad_options_are_rejected() {
        let invalid = "\"or\" function has invalid options specified. Example valid options: { \"properties\": [\"default\", \"example\"] }, { \"properties\": [\"title\", \"summary\", \"description\"] }, etc.";
        let names = "\"or\" requires at least two enumerated \"properties\", i.e. [\"default\", \"example\"], [\"title\", \"summary\", \"description\"], etc.";
        assert_eq!(build_error("or", Value::Null), invalid);
        assert_eq!(build_error("or", json!(2)), invalid);
        assert_eq!(
            build_error("or", json!({"properties": ["a", "b"], "foo": true})),
            "\"or\" function does not support \"foo\" option"
        );
        assert_eq!(build_error("or", json!({"properties": ["a", {}]})), names);
        assert_eq!(build_error("or", json!({"properties": ["a"]})), names);
        assert_eq!(build_error("or", json!({"properties": []})), names);
        assert_eq!(
            build_error("or", json!({})),
            "\"or\" function is missing \"properties\" option"
        );
    }
}
