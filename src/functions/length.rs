//! `length`: a size must lie within bounds.
//!
//! Options (at least one): `min` and `max`, numbers, both inclusive.
//!
//! What is measured: a string's length in UTF-16 code units (JavaScript's
//! `length`, so `"😀"` counts 2), an array's items, an object's properties,
//! and a number's own value. Property names (`field: '@key'`) are strings.
//! `null`, booleans and missing targets pass.
//!
//! Messages (both may be reported, `min` first):
//! - `#{{print("property")}}must be longer than {min}`
//! - `#{{print("property")}}must be shorter than {max}`
//!
//! rendered `"name" property must be longer than 3`. The wording is
//! Spectral's, even though "longer than 3" means "at least 3" here.
//!
//! An empty options object is rejected with the "invalid options"
//! sentence; Spectral reports Ajv's raw `must NOT have fewer than 1
//! properties` there.

use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::print::{PROPERTY, js_length, js_number};
use super::{Context, FnResult, Input, RuleFunction};
use crate::document::Value as DocValue;

const SPEC: Spec = Spec {
    function: "length",
    example: r#"{ "min": 2 }, { "max": 5 }, { "min": 0, "max": 10 }"#,
    fields: &[("min", Kind::Number), ("max", Kind::Number)],
};

/// `functionOptions` of `length`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Debug)]
struct Length {
    min: Option<f64>,
    max: Option<f64>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = SPEC.object(options)?;
    if map.is_empty() {
        return Err(SPEC.invalid());
    }
    let opts: Options = SPEC.parse(map)?;
    Ok(Box::new(Length {
        min: opts.min,
        max: opts.max,
    }))
}

/// The measured size, or `None` for values `length` does not check.
fn measure(input: Input<'_>) -> Option<f64> {
    match input {
        Input::Undefined => None,
        Input::Key(k) => Some(js_length(k) as f64),
        Input::Index(i) => Some(i as f64),
        Input::Node(v) => match v.value() {
            DocValue::String(s) => Some(js_length(s) as f64),
            DocValue::Array(items) => Some(items.len() as f64),
            DocValue::Object(members) => Some(members.len() as f64),
            DocValue::Int(i) => Some(*i as f64),
            DocValue::Float(f) => Some(*f),
            DocValue::Null | DocValue::Bool(_) => None,
        },
    }
}

impl RuleFunction for Length {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(size) = measure(input) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(min) = self.min
            && size < min
        {
            out.push(FnResult::here(format!(
                "{PROPERTY}must be longer than {}",
                js_number(min)
            )));
        }
        if let Some(max) = self.max
            && size > max
        {
            out.push(FnResult::here(format!(
                "{PROPERTY}must be shorter than {}",
                js_number(max)
            )));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run, run_key};

    const P: &str = "#{{print(\"property\")}}";

    const DOC: &str = "v:\n  s1: a\n  s3: abc\n  semoji: \"😀é\"\n  a1: [1]\n  a3: [1, 2, 3]\n  o1: {a: 1}\n  o3: {a: 1, b: 2, c: 3}\n  n1: 1\n  n5: 5\n  n2: 2.0\n  nul: null\n  bool: true\n";

    #[test]
    fn min_reports_too_short_values() {
        for p in ["s1", "a1", "o1", "n1", "n2"] {
            assert_eq!(
                run("length", json!({"min": 3}), DOC, &format!("/v/{p}")),
                vec![(format!("{P}must be longer than 3"), format!("/v/{p}"))]
            );
        }
        for p in ["s3", "a3", "o3", "n5", "semoji"] {
            assert!(
                messages("length", json!({"min": 3}), DOC, &format!("/v/{p}")).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn max_reports_too_long_values() {
        for p in ["s3", "a3", "o3", "n5", "n2"] {
            assert_eq!(
                messages("length", json!({"max": 1}), DOC, &format!("/v/{p}")),
                vec![format!("{P}must be shorter than 1")]
            );
        }
        assert!(messages("length", json!({"max": 1}), DOC, "/v/s1").is_empty());
    }

    #[test]
    fn strings_count_utf16_units() {
        // "😀é" is 3 units: too long for 2, although it has 2 characters.
        assert_eq!(
            messages("length", json!({"min": 2, "max": 2}), DOC, "/v/semoji"),
            vec![format!("{P}must be shorter than 2")]
        );
    }

    #[test]
    fn both_bounds_are_inclusive() {
        let opts = json!({"min": 3, "max": 3});
        for p in ["s3", "a3", "o3"] {
            assert!(messages("length", opts.clone(), DOC, &format!("/v/{p}")).is_empty());
        }
        assert_eq!(
            messages("length", json!({"min": 4, "max": 2}), DOC, "/v/s3"),
            vec![
                format!("{P}must be longer than 4"),
                format!("{P}must be shorter than 2")
            ]
        );
    }

    #[test]
    fn fractional_bounds_print_like_javascript() {
        assert_eq!(
            messages("length", json!({"max": 2.5}), DOC, "/v/a3"),
            vec![format!("{P}must be shorter than 2.5")]
        );
    }

    #[test]
    fn property_names_are_measured() {
        assert_eq!(
            run_key("length", json!({"min": 3}), DOC, "/v/s1")[0].0,
            format!("{P}must be longer than 3")
        );
    }

    #[test]
    fn other_values_are_skipped() {
        for p in ["/v/nul", "/v/bool", "/v/missing"] {
            assert!(
                messages("length", json!({"min": 3}), DOC, p).is_empty(),
                "{p}"
            );
        }
        assert_eq!(
            messages("length", json!({"max": 0}), DOC, ""),
            vec![format!("{P}must be shorter than 0")]
        );
    }

    #[test]
    fn bad_options_are_rejected() {
        let invalid = "\"length\" function has invalid options specified. Example valid options: { \"min\": 2 }, { \"max\": 5 }, { \"min\": 0, \"max\": 10 }";
        assert_eq!(build_error("length", Value::Null), invalid);
        assert_eq!(build_error("length", json!(2)), invalid);
        assert_eq!(build_error("length", json!({})), invalid);
        assert_eq!(
            build_error("length", json!({"min": 2, "foo": true})),
            "\"length\" function does not support \"foo\" option"
        );
        assert_eq!(
            build_error("length", json!({"min": "2"})),
            "\"length\" function and its \"min\" option accepts only the following types: number"
        );
        assert_eq!(
            build_error("length", json!({"max": "2"})),
            "\"length\" function and its \"max\" option accepts only the following types: number"
        );
    }
}
