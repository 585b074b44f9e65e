//! `truthy`: the target must be truthy in JavaScript's sense.
//!
//! Fails for a missing target, `false`, `0`, `""` and `null`; empty
//! objects and arrays are truthy. Takes no options.
//!
//! Message: `#{{print("property")}}must be truthy`, which the engine
//! renders as `"name" property must be truthy` (`"info.contact" property
//! ...` for a missing field, `The document must be truthy` at the root).

use serde_json::Value;

use super::print::PROPERTY;
use super::{Context, FnResult, Input, RuleFunction, options};

#[derive(Debug)]
struct Truthy;

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    options::none("truthy", options)?;
    Ok(Box::new(Truthy))
}

impl RuleFunction for Truthy {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        if input.is_truthy() {
            return Vec::new();
        }
        vec![FnResult::here(format!("{PROPERTY}must be truthy"))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str =
        "vals:\n  zero: 0\n  f: false\n  e: ''\n  n: null\n  o: {}\n  a: []\n  s: str\n";

    const MESSAGE: &str = "#{{print(\"property\")}}must be truthy";

    #[test]
    fn falsy_values_fail() {
        for key in ["zero", "f", "e", "n"] {
            assert_eq!(
                run("truthy", Value::Null, DOC, &format!("/vals/{key}")),
                vec![(MESSAGE.to_string(), format!("/vals/{key}"))]
            );
        }
    }

    #[test]
    fn empty_containers_and_strings_pass() {
        for key in ["o", "a", "s"] {
            assert!(messages("truthy", Value::Null, DOC, &format!("/vals/{key}")).is_empty());
        }
    }

    #[test]
    fn a_missing_field_fails_at_its_path() {
        assert_eq!(
            run("truthy", Value::Null, DOC, "/vals/missing"),
            vec![(MESSAGE.to_string(), "/vals/missing".to_string())]
        );
        assert_eq!(
            messages("truthy", Value::Null, "false\n", ""),
            vec![MESSAGE]
        );
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("truthy", json!({"x": 1})),
            "\"truthy\" function does not accept any options"
        );
    }
}
