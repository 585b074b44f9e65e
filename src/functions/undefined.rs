//! `undefined`: the target must not exist.
//!
//! Anything present fails, `null` included. Takes no options.
//!
//! Message: `#{{print("property")}}must be undefined` (rendered
//! `"name" property must be undefined`).

use serde_json::Value;

use super::print::PROPERTY;
use super::{Context, FnResult, Input, RuleFunction, options};

#[derive(Debug)]
struct Undefined;

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    options::none("undefined", options)?;
    Ok(Box::new(Undefined))
}

impl RuleFunction for Undefined {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        if input.is_undefined() {
            return Vec::new();
        }
        vec![FnResult::here(format!("{PROPERTY}must be undefined"))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run_key};

    const DOC: &str = "vals:\n  zero: 0\n  n: null\n";

    const MESSAGE: &str = "#{{print(\"property\")}}must be undefined";

    #[test]
    fn present_values_fail_even_null() {
        assert_eq!(
            messages("undefined", Value::Null, DOC, "/vals/zero"),
            vec![MESSAGE]
        );
        assert_eq!(
            messages("undefined", Value::Null, DOC, "/vals/n"),
            vec![MESSAGE]
        );
    }

    #[test]
    fn a_missing_field_passes() {
        assert!(messages("undefined", Value::Null, DOC, "/vals/missing").is_empty());
    }

    #[test]
    fn a_property_name_is_defined() {
        assert_eq!(
            run_key("undefined", Value::Null, DOC, "/vals/n"),
            vec![(MESSAGE.to_string(), "/vals/n".to_string())]
        );
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("undefined", json!(1)),
            "\"undefined\" function does not accept any options"
        );
    }
}
