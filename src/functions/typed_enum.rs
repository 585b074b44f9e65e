//! `typedEnum`: every `enum` value of a schema must have the schema's
//! `type`.
//!
//! The target is a schema object with both `enum` (an array) and `type` (a
//! type name or an array of them); anything else passes. Types follow
//! JSON Schema: `integer` accepts numbers without a fraction (`1.0`
//! included), `number` accepts all numbers. `null` is also allowed when the
//! schema says so in its format's way: `nullable: true` in OpenAPI 3.0,
//! `x-nullable: true` in OpenAPI 2.0 (the document's detected format).
//! Takes no options.
//!
//! One result per offending value, at the value (`.../enum/1`):
//! `Enum value "a" must be "integer".`, the value printed as Spectral's
//! `printValue` does and the types joined with commas (`"integer,null"`
//! when nullable).
//!
//! In Spectral this function belongs to the `spectral:oas` rule set
//! (`typed-enum`) and a YAML rule set cannot name it; here it is a core
//! function so that rule sets, including the built-in OAS one, can use it.

use serde_json::Value;

use super::print::print_view;
use super::{Context, FnResult, Input, RuleFunction, options};
use crate::document::format::Formats;
use crate::document::{PathSeg, Value as DocValue, View};

#[derive(Debug)]
struct TypedEnum;

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    options::none("typedEnum", options)?;
    Ok(Box::new(TypedEnum))
}

/// The schema's `type` as a list, or `None` when it is not a string or an
/// array of strings.
fn declared_types<'a>(schema: View<'a>) -> Option<Vec<&'a str>> {
    let t = schema.get("type")?;
    if let Some(s) = t.as_str() {
        return Some(vec![s]);
    }
    if !t.is_array() {
        return None;
    }
    t.items().map(|i| i.as_str()).collect()
}

/// The JSON Schema type of `value`; numbers without a fraction are
/// `integer` only when the schema mentions `integer`.
fn type_of(value: View<'_>, integers: bool) -> &'static str {
    match value.value() {
        DocValue::Int(_) if integers => "integer",
        DocValue::Float(f) if integers && f.fract() == 0.0 && f.is_finite() => "integer",
        DocValue::Int(_) | DocValue::Float(_) => "number",
        other => other.type_name(),
    }
}

impl RuleFunction for TypedEnum {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(schema) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let (Some(values), Some(mut types)) = (
            schema.get("enum").filter(|e| e.is_array()),
            declared_types(schema),
        ) else {
            return Vec::new();
        };
        let flag = |name: &str| schema.get(name).and_then(|v| v.as_bool()) == Some(true);
        if (flag("nullable") && ctx.formats.intersects(Formats::OAS3_0))
            || (flag("x-nullable") && ctx.formats.intersects(Formats::OAS2))
        {
            types.push("null");
        }
        let integers = types.contains(&"integer");
        let printed_types = types.join(",");
        values
            .items()
            .enumerate()
            .filter(|(_, v)| !types.contains(&type_of(*v, integers)))
            .map(|(i, v)| {
                let mut path = ctx.path().to_vec();
                path.push(PathSeg::Key("enum".to_string()));
                path.push(PathSeg::Index(i));
                FnResult::at(
                    format!("Enum value {} must be \"{printed_types}\".", print_view(v)),
                    path,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const OAS30: &str = "\
openapi: 3.0.3
s:
  s1: {type: string, enum: [a, 1, true, b, null]}
  s3: {type: number, enum: [1, 2.5]}
  s4: {enum: [1, a]}
  s5: {type: integer, nullable: true, enum: [1, null, z, 2.0, 2.5]}
  s6: {type: [string, integer], enum: [a, 1, {}, [1]]}
  s7: {type: integer, enum: 3}
  s8: {type: 7, enum: [a]}
  s9: {type: string, x-nullable: true, enum: [null]}
";

    const OAS2: &str = "swagger: '2.0'\ns:\n  n: {type: string, x-nullable: true, enum: [null]}\n  o: {type: string, nullable: true, enum: [null]}\n";

    #[test]
    fn reports_each_mistyped_value_at_its_index() {
        let r = |m: &str, i: usize| (m.to_string(), format!("/s/s1/enum/{i}"));
        assert_eq!(
            run("typedEnum", Value::Null, OAS30, "/s/s1"),
            vec![
                r("Enum value 1 must be \"string\".", 1),
                r("Enum value true must be \"string\".", 2),
                r("Enum value null must be \"string\".", 4),
            ]
        );
    }

    #[test]
    fn integer_and_number() {
        assert!(messages("typedEnum", Value::Null, OAS30, "/s/s3").is_empty());
        assert_eq!(
            messages("typedEnum", Value::Null, OAS30, "/s/s5"),
            vec![
                "Enum value \"z\" must be \"integer,null\".",
                "Enum value 2.5 must be \"integer,null\"."
            ]
        );
    }

    #[test]
    fn type_arrays_and_containers() {
        assert_eq!(
            messages("typedEnum", Value::Null, OAS30, "/s/s6"),
            vec![
                "Enum value Object{} must be \"string,integer\".",
                "Enum value Array[] must be \"string,integer\"."
            ]
        );
    }

    #[test]
    fn nullable_follows_the_documents_format() {
        // x-nullable means nothing in OpenAPI 3.0, nullable nothing in 2.0.
        assert_eq!(
            messages("typedEnum", Value::Null, OAS30, "/s/s9"),
            vec!["Enum value null must be \"string\"."]
        );
        assert!(messages("typedEnum", Value::Null, OAS2, "/s/n").is_empty());
        assert_eq!(
            messages("typedEnum", Value::Null, OAS2, "/s/o"),
            vec!["Enum value null must be \"string\"."]
        );
    }

    #[test]
    fn schemas_without_enum_array_or_type_are_skipped() {
        for p in ["/s/s4", "/s/s7", "/s/s8", "/openapi", "/missing"] {
            assert!(
                messages("typedEnum", Value::Null, OAS30, p).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("typedEnum", json!({})),
            "\"typedEnum\" function does not accept any options"
        );
    }
}
