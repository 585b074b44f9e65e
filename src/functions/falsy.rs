//! `falsy`: the target must be falsy in JavaScript's sense.
//!
//! Passes for a missing target, `false`, `0`, `""` and `null`; every object
//! and array (even empty) fails. Takes no options.
//!
//! Message: `#{{print("property")}}must be falsy` (rendered
//! `"name" property must be falsy`, or `The document must be falsy`).

use serde_json::Value;

use super::print::PROPERTY;
use super::{Context, FnResult, Input, RuleFunction, options};

#[derive(Debug)]
struct Falsy;

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    options::none("falsy", options)?;
    Ok(Box::new(Falsy))
}

impl RuleFunction for Falsy {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        if !input.is_truthy() {
            return Vec::new();
        }
        vec![FnResult::here(format!("{PROPERTY}must be falsy"))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run_key};

    const DOC: &str =
        "vals:\n  zero: 0\n  f: false\n  e: ''\n  n: null\n  o: {}\n  a: []\n  s: str\n  one: 1\n";

    const MESSAGE: &str = "#{{print(\"property\")}}must be falsy";

    #[test]
    fn truthy_values_fail() {
        for key in ["o", "a", "s", "one"] {
            assert_eq!(
                messages("falsy", Value::Null, DOC, &format!("/vals/{key}")),
                vec![MESSAGE]
            );
        }
        assert_eq!(messages("falsy", Value::Null, DOC, ""), vec![MESSAGE]);
    }

    #[test]
    fn falsy_and_missing_values_pass() {
        for key in ["zero", "f", "e", "n", "missing"] {
            assert!(messages("falsy", Value::Null, DOC, &format!("/vals/{key}")).is_empty());
        }
    }

    #[test]
    fn a_property_name_is_truthy_unless_empty() {
        assert_eq!(
            run_key("falsy", Value::Null, DOC, "/vals/zero"),
            vec![(MESSAGE.to_string(), "/vals/zero".to_string())]
        );
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("falsy", json!("x")),
            "\"falsy\" function does not accept any options"
        );
    }
}
