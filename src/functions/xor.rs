//! `xor`: an object must have exactly one of some properties.
//!
//! Options: `properties` (required), two or more property names.
//!
//! Only objects are checked; a property counts as present even when its
//! value is `null`. Other values and missing targets pass.
//!
//! Messages:
//! - none present: as `or`: `At least one of "a" or "b" must be defined`
//!   (more than four names: `At least one of "a" or "b" or "c" or 2 other
//!   properties must be defined`);
//! - several present, named in the object's order:
//!   `Just one of "a" and "b" must be defined`.
//!
//! (Spectral 6.16's wording; before 6.12 xor took exactly two names and
//! said `"a" and "b" must not be both defined or both undefined`.)

use serde_json::Value;

use super::options::{Kind, Spec};
use super::or::{none_defined, parse_properties};
use super::{Context, FnResult, Input, RuleFunction};

const SPEC: Spec = Spec {
    function: "xor",
    example: r#"{ "properties": ["country", "street"] }, { "properties": ["one", "two", "three"] }, etc."#,
    fields: &[("properties", Kind::Array)],
};

#[derive(Debug)]
struct Xor {
    properties: Vec<String>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let opts = parse_properties(
        &SPEC,
        options,
        r#"["country", "street"], ["one", "two", "three"], etc."#,
    )?;
    Ok(Box::new(Xor {
        properties: opts.properties,
    }))
}

impl RuleFunction for Xor {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(obj) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let present: Vec<&str> = obj
            .members()
            .map(|(k, _)| k)
            .filter(|k| self.properties.iter().any(|p| p == k))
            .collect();
        match present.len() {
            0 => vec![FnResult::here(none_defined(&self.properties))],
            1 => Vec::new(),
            _ => vec![FnResult::here(format!(
                "Just one of \"{}\" must be defined",
                present.join("\" and \"")
            ))],
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str = "objs:\n  none: {x: 1}\n  onlyA: {a: 1}\n  both: {a: 1, b: 2}\n  ba: {b: 1, a: 2}\n  all: {a: 1, b: 2, c: 3}\n  nullA: {a: null}\n  scalar: 5\n";

    #[test]
    fn none_present_fails() {
        assert_eq!(
            run("xor", json!({"properties": ["a", "b"]}), DOC, "/objs/none"),
            vec![(
                "At least one of \"a\" or \"b\" must be defined".to_string(),
                "/objs/none".to_string()
            )]
        );
        assert_eq!(
            messages(
                "xor",
                json!({"properties": ["a", "b", "c", "d", "e"]}),
                DOC,
                "/objs/none"
            ),
            vec!["At least one of \"a\" or \"b\" or \"c\" or 2 other properties must be defined"]
        );
    }

    #[test]
    fn several_present_fail_naming_them_in_object_order() {
        assert_eq!(
            messages("xor", json!({"properties": ["a", "b"]}), DOC, "/objs/both"),
            vec!["Just one of \"a\" and \"b\" must be defined"]
        );
        assert_eq!(
            messages("xor", json!({"properties": ["a", "b"]}), DOC, "/objs/ba"),
            vec!["Just one of \"b\" and \"a\" must be defined"]
        );
        assert_eq!(
            messages("xor", json!({"properties": ["a", "b"]}), DOC, "/objs/all"),
            vec!["Just one of \"a\" and \"b\" must be defined"]
        );
        assert_eq!(
            messages(
                "xor",
                json!({"properties": ["a", "b", "c"]}),
                DOC,
                "/objs/all"
            ),
            vec!["Just one of \"a\" and \"b\" and \"c\" must be defined"]
        );
    }

    #[test]
    fn exactly_one_present_passes_null_included() {
        for p in [
            "/objs/onlyA",
            "/objs/nullA",
            "/objs/scalar",
            "/objs/missing",
        ] {
            assert!(
                messages("xor", json!({"properties": ["a", "b"]}), DOC, p).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn bad_options_are_rejected() {
        let invalid = "\"xor\" function has invalid options specified. Example valid options: { \"properties\": [\"country\", \"street\"] }, { \"properties\": [\"one\", \"two\", \"three\"] }, etc.";
        let names = "\"xor\" requires at least two enumerated \"properties\", i.e. [\"country\", \"street\"], [\"one\", \"two\", \"three\"], etc.";
        assert_eq!(build_error("xor", Value::Null), invalid);
        assert_eq!(
            build_error("xor", json!({"properties": ["a", "b"], "foo": true})),
            "\"xor\" function does not support \"foo\" option"
        );
        assert_eq!(build_error("xor", json!({"properties": ["a", {}]})), names);
        assert_eq!(build_error("xor", json!({"properties": []})), names);
        assert_eq!(
            build_error("xor", json!({})),
            "\"xor\" function is missing \"properties\" option"
        );
    }
}
