//! `oasOpFormDataConsumeCheck` (OpenAPI 2): an operation with `in:
//! formData` parameters must declare a form media type in `consumes`.
//!
//! The target is an operation object (refs resolved). It is checked only
//! when it has both its own `consumes` array and its own `parameters`
//! array, as in Spectral, whose input schema requires both: an operation
//! that inherits the document's global `consumes`, or whose form
//! parameters come from the path item, is not checked.
//!
//! It fails when some parameter object has `in: formData` and no entry of
//! `consumes` contains `application/x-www-form-urlencoded` or
//! `multipart/form-data` (a substring match, case-sensitive, so
//! `multipart/form-data; boundary=x` counts; entries that are not strings
//! are read with JavaScript's `String()`, as Spectral joins the array).
//!
//! Message, at the operation: `Consumes must include urlencoded, multipart,
//! or form-data media type when using formData parameter.` (the
//! `oas2-operation-formData-consume-check` rule shows its description
//! instead). Takes no options.

use serde_json::Value;

use super::oas_op_params::{is_js_object, js_string, no_options};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasOpFormDataConsumeCheck";

const MESSAGE: &str = "Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.";

/// The media types that can carry form data.
const FORM_TYPES: [&str; 2] = ["application/x-www-form-urlencoded", "multipart/form-data"];

#[derive(Debug)]
struct OasOpFormDataConsumeCheck;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(OasOpFormDataConsumeCheck))
}

impl RuleFunction for OasOpFormDataConsumeCheck {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let (Some(consumes), Some(params)) = (
            op.get("consumes").filter(|v| v.is_array()),
            op.get("parameters").filter(|v| v.is_array()),
        ) else {
            return Vec::new();
        };
        let has_form_data = params
            .items()
            .any(|p| is_js_object(p) && p.get("in").and_then(|l| l.as_str()) == Some("formData"));
        if !has_form_data {
            return Vec::new();
        }
        // Spectral tests the entries joined with commas; as neither media
        // type contains a comma, testing each entry is the same.
        let accepted = consumes.items().any(|c| {
            let text = js_string(Some(c));
            FORM_TYPES.iter().any(|t| text.contains(t))
        });
        if accepted {
            Vec::new()
        } else {
            vec![FnResult::here(MESSAGE)]
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages};

    fn check(op: &str) -> Vec<String> {
        messages(
            "oasOpFormDataConsumeCheck",
            Value::Null,
            &format!("swagger: '2.0'\nop: {op}\n"),
            "/op",
        )
    }

    #[test]
    fn form_parameters_need_a_form_media_type() {
        let form = "parameters: [{name: a, in: formData}]";
        assert_eq!(
            check(&format!(
                "{{consumes: [application/json, null, 3], {form}}}"
            )),
            vec![super::MESSAGE]
        );
        assert_eq!(
            check(&format!("{{consumes: [], {form}}}")),
            vec![super::MESSAGE]
        );
        for ok in [
            "[application/x-www-form-urlencoded]",
            "[text/plain, 'multipart/form-data; boundary=x']",
            "[[a, multipart/form-data]]",
        ] {
            assert!(
                check(&format!("{{consumes: {ok}, {form}}}")).is_empty(),
                "{ok}"
            );
        }
    }

    #[test]
    fn only_operations_with_own_consumes_and_parameters_are_checked() {
        assert!(check("{parameters: [{name: a, in: formData}]}").is_empty());
        assert!(check("{consumes: [application/json]}").is_empty());
        assert!(check("{consumes: application/json, parameters: [{in: formData}]}").is_empty());
        assert!(check("{consumes: [application/json], parameters: [{in: query}]}").is_empty());
        assert!(check("[]").is_empty());
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasOpFormDataConsumeCheck", json!(true)),
            "\"oasOpFormDataConsumeCheck\" function does not accept any options"
        );
    }
}
