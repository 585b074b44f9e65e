//! `defined`: the target must exist.
//!
//! Only a missing target fails; `null`, `false` and empty values are
//! defined. Takes no options.
//!
//! Message: `#{{print("property")}}must be defined`, which the engine
//! renders with the missing part of the path (`"info.contact" property
//! must be defined`).

use serde_json::Value;

use super::print::PROPERTY;
use super::{Context, FnResult, Input, RuleFunction, options};

#[derive(Debug)]
struct Defined;

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    options::none("defined", options)?;
    Ok(Box::new(Defined))
}

impl RuleFunction for Defined {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        if !input.is_undefined() {
            return Vec::new();
        }
        vec![FnResult::here(format!("{PROPERTY}must be defined"))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str = "vals:\n  n: null\n  f: false\n";

    const MESSAGE: &str = "#{{print(\"property\")}}must be defined";

    #[test]
    fn a_missing_field_fails_at_its_path() {
        assert_eq!(
            run("defined", Value::Null, DOC, "/vals/missing"),
            vec![(MESSAGE.to_string(), "/vals/missing".to_string())]
        );
        assert_eq!(
            messages("defined", Value::Null, DOC, "/vals/missing/deeper"),
            vec![MESSAGE]
        );
    }

    #[test]
    fn null_and_false_are_defined() {
        assert!(messages("defined", Value::Null, DOC, "/vals/n").is_empty());
        assert!(messages("defined", Value::Null, DOC, "/vals/f").is_empty());
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("defined", json!([])),
            "\"defined\" function does not accept any options"
        );
    }
}
