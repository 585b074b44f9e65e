//! `oasOpSuccessResponse`: an operation's `responses` must name at least
//! one success (2xx) or redirect (3xx) status.
//!
//! The target is a `responses` object (the rule selects it with
//! `field: responses`). It passes when some key, read as a number the way
//! JavaScript's `Number()` reads it, lies in `[200, 400)`: besides `"200"`
//! this accepts `" 204 "`, `"2e2"`, `"0xC8"` and `"399.5"`, as Spectral
//! does. In OpenAPI 3 documents the range keys `2XX` and `3XX` also count
//! (upper case only; `2xx` does not). `default` does not count.
//!
//! Anything that is not an object (a missing `responses`, an array, a
//! string) is not checked: Spectral validates the input as an object first
//! and returns nothing when it is not.
//!
//! Message, at the `responses` object: `Operation must define at least a
//! single 2xx or 3xx response` (the `operation-success-response` rule shows
//! its description instead, as it has no `message`). Takes no options.

use serde_json::Value;

use crate::document::format::Formats;
use crate::functions::print::js_to_number;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasOpSuccessResponse";

const MESSAGE: &str = "Operation must define at least a single 2xx or 3xx response";

#[derive(Debug)]
struct OasOpSuccessResponse;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    super::oas_op_params::no_options(NAME, options)?;
    Ok(Box::new(OasOpSuccessResponse))
}

/// Whether a response key names a success or redirect status.
fn is_success(key: &str, oas3: bool) -> bool {
    if oas3 && (key == "2XX" || key == "3XX") {
        return true;
    }
    // NaN compares false both ways, so non-numeric keys fail here.
    let n = js_to_number(key);
    (200.0..400.0).contains(&n)
}

impl RuleFunction for OasOpSuccessResponse {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(responses) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let oas3 = ctx.formats.intersects(Formats::OAS3);
        if responses.members().any(|(k, _)| is_success(k, oas3)) {
            return Vec::new();
        }
        vec![FnResult::here(MESSAGE)]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::is_success;
    use crate::functions::testing::{build_error, messages};

    #[test]
    fn keys_read_as_javascript_numbers() {
        for key in ["200", "299", "301", "399.5", " 204 ", "2e2", "0xC8", "+250"] {
            assert!(is_success(key, false), "{key}");
        }
        for key in ["199.9", "400", "default", "2XX", "2xx", "", "0x190"] {
            assert!(!is_success(key, false), "{key}");
        }
        assert!(is_success("2XX", true));
        assert!(is_success("3XX", true));
        assert!(!is_success("2xx", true));
        assert!(!is_success("4XX", true));
    }

    #[test]
    fn range_keys_count_only_in_openapi_3() {
        let oas3 = "openapi: 3.0.0\nr:\n  '2XX': {}\n";
        let oas2 = "swagger: '2.0'\nr:\n  '2XX': {}\n";
        assert!(messages("oasOpSuccessResponse", Value::Null, oas3, "/r").is_empty());
        assert_eq!(
            messages("oasOpSuccessResponse", Value::Null, oas2, "/r"),
            vec![super::MESSAGE]
        );
    }

    #[test]
    fn non_objects_are_not_checked() {
        let doc = "openapi: 3.0.0\na: []\nb: text\n";
        for p in ["/a", "/b", "/missing"] {
            assert!(messages("oasOpSuccessResponse", Value::Null, doc, p).is_empty());
        }
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasOpSuccessResponse", json!({"x": 1})),
            "\"oasOpSuccessResponse\" function does not accept any options"
        );
    }
}
