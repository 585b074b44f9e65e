//! `oasUnusedComponent`: every reusable component of an OpenAPI 3
//! document must be referenced somewhere.
//!
//! The target is the document root as written (the rule `oas3-unused-component`
//! is `resolved: false` on `$`); a root without a `components` object
//! passes. For each of `schemas`, `responses`, `parameters`, `examples`,
//! `requestBodies`, `headers`, `links` and `callbacks`, in that order, that
//! is an object, the members are checked as the core
//! `unreferencedReusableObject` checks location `#/components/<type>`
//! (all types in one walk over the document's refs), so what counts as a
//! reference is exactly what it documents (a ref from a component to
//! itself does not count, one from another unused component does).
//! `securitySchemes` are not checked: security requirements name them
//! without `$ref`.
//!
//! Each unreferenced component is reported at `components/<type>/<name>`
//! with `Potential orphaned reusable object has been detected` (the rule
//! replaces it with its own message). Members are the keys as written: a
//! `components/schemas` that is itself a `$ref` has the one member `$ref`,
//! as in Spectral. Takes no options.

use serde_json::Value;

use crate::functions::unreferenced_reusable_object::unreferenced;
use crate::functions::{Context, FnResult, Input, RuleFunction};

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
    /// The location of each of [`TYPES`] as pointer tokens:
    /// `["components", "schemas"]`, ...
    locations: Vec<[String; 2]>,
}

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    if !matches!(options, None | Some(Value::Null)) {
        return Err("\"oasUnusedComponent\" function does not accept any options".to_string());
    }
    let locations = TYPES
        .iter()
        .map(|t| ["components".to_string(), t.to_string()])
        .collect();
    Ok(Box::new(OasUnusedComponent { locations }))
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
        // One call for all types: `unreferenced` walks the workspace's
        // refs once for all of them.
        let maps: Vec<_> = TYPES
            .iter()
            .zip(&self.locations)
            .filter_map(|(t, location)| Some((location.as_slice(), components.get(t)?)))
            .collect();
        unreferenced(ctx.workspace, &maps)
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
