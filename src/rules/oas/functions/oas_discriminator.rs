//! `oasDiscriminator`: a Swagger 2.0 schema's `discriminator` must name a
//! property the schema defines and requires.
//!
//! The target is a schema (the rule `oas2-discriminator` selects
//! `$.definitions[?(@ && @.discriminator)]`). Only objects whose
//! `discriminator` is a string are checked; anything else passes, as
//! Spectral's input schema skips it. Two independent results:
//! - `The discriminator property must be defined in this schema.` at
//!   `.../properties` when `properties` does not have the name as a key;
//! - `The discriminator property must be in the required property list.`
//!   at `.../required` when `required` is not an array containing the name.
//!
//! The reported paths may not exist (no `properties` at all); the engine
//! then reports at the closest existing node, as Spectral does.
//!
//! Like Spectral, which only asks whether `properties` is some object and
//! then lists its keys, a `properties` array counts with its indices as
//! keys (`discriminator: '0'` is "defined" by `properties: [x]`). Takes no
//! options.

use serde_json::Value;

use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

#[derive(Debug)]
struct OasDiscriminator;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    match options {
        None | Some(Value::Null) => Ok(Box::new(OasDiscriminator)),
        Some(_) => Err("\"oasDiscriminator\" function does not accept any options".to_string()),
    }
}

/// Whether `properties` (any object or array) has `name` among its keys.
fn has_key(properties: View<'_>, name: &str) -> bool {
    if properties.is_array() {
        return name
            .parse::<usize>()
            .is_ok_and(|i| i < properties.len() && i.to_string() == name);
    }
    properties.get(name).is_some()
}

impl RuleFunction for OasDiscriminator {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(schema) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let Some(name) = schema.get("discriminator").and_then(|d| d.as_str()) else {
            return Vec::new();
        };
        let at = |key: &str| {
            let mut p = ctx.path().to_vec();
            p.push(PathSeg::Key(key.to_string()));
            p
        };
        let mut out = Vec::new();
        if !schema.get("properties").is_some_and(|p| has_key(p, name)) {
            out.push(FnResult::at(
                "The discriminator property must be defined in this schema.",
                at("properties"),
            ));
        }
        let required = schema
            .get("required")
            .is_some_and(|r| r.items().any(|n| n.as_str() == Some(name)));
        if !required {
            out.push(FnResult::at(
                "The discriminator property must be in the required property list.",
                at("required"),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::functions::testing::run;

    const DOC: &str = "\
swagger: '2.0'
definitions:
  ok: {discriminator: t, properties: {t: {type: string}}, required: [t]}
  none: {discriminator: t}
  wrong: {discriminator: t, properties: {u: {}}, required: [u]}
  arr: {discriminator: '0', properties: [x], required: ['0']}
  num: {discriminator: 1}
";

    fn pointers(p: &str) -> Vec<String> {
        run("oasDiscriminator", Value::Null, DOC, p)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }

    #[test]
    fn checks_properties_and_required() {
        assert!(pointers("/definitions/ok").is_empty());
        assert_eq!(
            pointers("/definitions/none"),
            vec!["/definitions/none/properties", "/definitions/none/required"]
        );
        assert_eq!(
            pointers("/definitions/wrong"),
            vec![
                "/definitions/wrong/properties",
                "/definitions/wrong/required"
            ]
        );
    }

    #[test]
    fn quirks_of_the_input() {
        assert!(pointers("/definitions/arr").is_empty());
        assert!(pointers("/definitions/num").is_empty());
    }
}
