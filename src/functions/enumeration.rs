//! `enumeration`: a value must be one of a list.
//!
//! Options: `values` (required), an array of strings, numbers, booleans and
//! `null`. Comparison is JavaScript's `includes`: same type and value, with
//! `1` and `1.0` equal.
//!
//! Strings (including property names for `field: '@key'`), numbers,
//! booleans and `null` are checked; objects, arrays and missing targets
//! pass, as Spectral's input schema skips them.
//!
//! Message: `#{{print("value")}} must be equal to one of the allowed
//! values: "a", "b", 1, true` (each allowed value printed as Spectral's
//! `printValue` does), rendered `"c" must be equal to ...`.

use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::print::{VALUE, print_json};
use super::{Context, FnResult, Input, RuleFunction};
use crate::document::Value as DocValue;

const SPEC: Spec = Spec {
    function: "enumeration",
    example: r#"{ "values": ["Berlin", "London", "Paris"] }, { "values": [2, 3, 5, 8, 13, 21] }"#,
    fields: &[("values", Kind::Array)],
};

const VALUES_ERROR: &str = r#""enumeration" and its "values" option support only arrays of primitive values, i.e. ["Berlin", "London", "Paris"]"#;

/// `functionOptions` of `enumeration`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    values: Vec<Primitive>,
}

/// One allowed value.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Primitive {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

#[derive(Debug)]
struct Enumeration {
    values: Vec<Primitive>,
    /// The list as the message prints it, built once.
    printed: String,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| SPEC.invalid())?;
    for (key, value) in map {
        if key != "values" {
            return Err(SPEC.unsupported(key));
        }
        let primitives = value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| !v.is_array() && !v.is_object()));
        if !primitives {
            return Err(VALUES_ERROR.to_string());
        }
    }
    SPEC.require(map, "values")?;
    let printed = map["values"]
        .as_array()
        .map(|vs| vs.iter().map(print_json).collect::<Vec<_>>().join(", "));
    let opts: Options = SPEC.parse(map)?;
    Ok(Box::new(Enumeration {
        values: opts.values,
        printed: printed.unwrap_or_default(),
    }))
}

impl Enumeration {
    fn allows(&self, value: &Primitive) -> bool {
        // `==` on f64 already treats 1 and 1.0 alike; NaN cannot come from
        // JSON or YAML numbers, so `includes`' NaN rule never matters.
        self.values.contains(value)
    }
}

impl RuleFunction for Enumeration {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let value = match input {
            Input::Undefined => return Vec::new(),
            Input::Key(k) => Primitive::String(k.to_string()),
            Input::Index(i) => Primitive::Number(i as f64),
            Input::Node(v) => match v.value() {
                DocValue::Null => Primitive::Null,
                DocValue::Bool(b) => Primitive::Bool(*b),
                DocValue::Int(i) => Primitive::Number(*i as f64),
                DocValue::Float(f) => Primitive::Number(*f),
                DocValue::String(s) => Primitive::String(s.to_string()),
                DocValue::Array(_) | DocValue::Object(_) => return Vec::new(),
            },
        };
        if self.allows(&value) {
            return Vec::new();
        }
        vec![FnResult::here(format!(
            "{} must be equal to one of the allowed values: {}",
            VALUE, self.printed
        ))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str = "v:\n  ok: a\n  bad: c\n  num: 1\n  float: 1.0\n  num2: 2\n  bool: false\n  t: true\n  obj: {a: 1}\n  arr: [a]\n  nul: null\n  numstr: '1'\n";

    fn opts() -> Value {
        json!({"values": ["a", "b", 1, true]})
    }

    #[test]
    fn listed_values_pass() {
        for p in ["/v/ok", "/v/num", "/v/float", "/v/t"] {
            assert!(messages("enumeration", opts(), DOC, p).is_empty(), "{p}");
        }
    }

    #[test]
    fn other_primitives_fail_with_the_list() {
        let msg = "#{{print(\"value\")}} must be equal to one of the allowed values: \"a\", \"b\", 1, true";
        assert_eq!(
            run("enumeration", opts(), DOC, "/v/bad"),
            vec![(msg.to_string(), "/v/bad".to_string())]
        );
        // A string never equals a number.
        for p in ["/v/num2", "/v/bool", "/v/nul", "/v/numstr"] {
            assert_eq!(messages("enumeration", opts(), DOC, p), vec![msg], "{p}");
        }
    }

    #[test]
    fn null_can_be_allowed() {
        assert!(messages("enumeration", json!({"values": [null]}), DOC, "/v/nul").is_empty());
    }

    #[test]
    fn containers_and_missing_values_are_skipped() {
        for p in ["/v/obj", "/v/arr", "/v/missing"] {
            assert!(messages("enumeration", opts(), DOC, p).is_empty(), "{p}");
        }
    }

    #[test]
    fn bad_options_are_rejected() {
        let values = "\"enumeration\" and its \"values\" option support only arrays of primitive values, i.e. [\"Berlin\", \"London\", \"Paris\"]";
        assert_eq!(build_error("enumeration", json!({"values": "a"})), values);
        assert_eq!(build_error("enumeration", json!({"values": [{}]})), values);
        assert_eq!(
            build_error("enumeration", json!({})),
            "\"enumeration\" function is missing \"values\" option"
        );
        assert_eq!(
            build_error("enumeration", json!({"values": [], "x": 1})),
            "\"enumeration\" function does not support \"x\" option"
        );
        assert_eq!(
            build_error("enumeration", Value::Null),
            "\"enumeration\" function has invalid options specified. Example valid options: { \"values\": [\"Berlin\", \"London\", \"Paris\"] }, { \"values\": [2, 3, 5, 8, 13, 21] }"
        );
    }
}
