//! `oasUnusedComponent`: every reusable component of an OpenAPI 3
//! document must be referenced somewhere.
//!
//! The target is the document root as written (the rule `oas3-unused-component`
//! is `resolved: false` on `$`); a root without a `components` object
//! passes. For each of `schemas`, `responses`, `parameters`, `examples`,
//! `requestBodies`, `headers`, `links` and `callbacks`, in that order, that
//! is an object, the members are checked by the core
//! `unreferencedReusableObject` with location `#/components/<type>`, so
//! what counts as a reference is exactly what it documents (a ref from a
//! component to itself does not count, one from another unused component
//! does). `securitySchemes` are not checked: security requirements name
//! them without `$ref`.
//!
//! Each unreferenced component is reported at `components/<type>/<name>`
//! with `Potential orphaned reusable object has been detected` (the rule
//! replaces it with its own message). Members are the keys as written: a
//! `components/schemas` that is itself a `$ref` has the one member `$ref`,
//! as in Spectral. Takes no options.

use serde_json::{Value, json};

use crate::functions::{Context, FnResult, Input, RuleFunction, builtin};

const TYPES: [&str; 8] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

#[derive(Debug)]
struct OasUnusedComponent {
    /// `unreferencedReusableObject` for each of [`TYPES`].
    checks: Vec<Box<dyn RuleFunction>>,
}

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    if !matches!(options, None | Some(Value::Null)) {
        return Err("\"oasUnusedComponent\" function does not accept any options".to_string());
    }
    let ctor = builtin("unreferencedReusableObject")
        .ok_or("the core function unreferencedReusableObject is missing")?;
    let checks = TYPES
        .iter()
        .map(|t| {
            ctor(Some(
                &json!({ "reusableObjectsLocation": format!("#/components/{t}") }),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Box::new(OasUnusedComponent { checks }))
}

impl RuleFunction for OasUnusedComponent {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(components) = input
            .view()
            .filter(|root| root.is_object())
            .and_then(|root| root.get("components"))
            .filter(|c| c.is_object())
        else {
            return Vec::new();
        };
        TYPES
            .iter()
            .zip(&self.checks)
            .filter_map(|(t, check)| {
                components
                    .get(t)
                    .filter(|m| m.is_object())
                    .map(|m| check.call(Input::Node(m), ctx))
            })
            .flatten()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, run};

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/used'}]
      responses:
        '200': {$ref: '#/components/responses/ok'}
components:
  schemas:
    S: {type: object}
    Self: {properties: {me: {$ref: '#/components/schemas/Self'}}}
  responses:
    ok: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}}
  parameters:
    used: {name: a, in: query}
    unused: {name: b, in: query}
  headers: [1]
  securitySchemes:
    k: {type: apiKey, in: header, name: k}
";

    #[test]
    fn reports_unreferenced_components_by_type() {
        let found: Vec<String> = run("oasUnusedComponent", Value::Null, DOC, "")
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(
            found,
            vec!["/components/schemas/Self", "/components/parameters/unused"]
        );
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("oasUnusedComponent", json!({})),
            "\"oasUnusedComponent\" function does not accept any options"
        );
    }
}
