//! `oasSchema`: the core `schema` function, reading the schema the way the
//! document's OpenAPI version reads Schema Objects.
//!
//! Options: `schema` (required), a JSON Schema object; nothing else (no
//! `dialect`, no `allErrors`: the first error is reported, as by `schema`
//! without `allErrors`). Messages, paths and the error pruning are those
//! of the core `schema` function.
//!
//! What the document's formats change:
//! - OpenAPI 2.0: the schema is read as JSON Schema draft 4, with
//!   `x-nullable: true` meaning `nullable: true`;
//! - OpenAPI 3.0: draft 4;
//! - OpenAPI 3.1 and 3.2: the draft the document's `jsonSchemaDialect`
//!   names (draft 4, 6, 7, 2019-09 or 2020-12), else 2020-12; drafts 6 and
//!   7 are both read as draft 7, as Spectral's validator does;
//! - no known format: the draft the schema's `$schema` names, else draft 7.
//!
//! In every case `nullable: true` next to a `type` also allows `null`, as
//! Ajv (Spectral's validator) always does, and a type error there reads
//! `type must be string,null`. (Spectral prints the `,null` only for 2.0
//! and 3.0 documents; an option schema using `nullable` on a 3.1 document
//! is the one place the wording differs.)
//!
//! Each variant of the schema is compiled once, when first needed; one
//! that does not compile is reported where the rule runs, with the
//! validator's complaint as the message.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::document::format::Formats;
use crate::functions::schema::{Dialect, Schema};
use crate::functions::{Context, FnResult, Input, RuleFunction};

/// The ways a schema can be read, one compiled schema each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    Auto,
    Oas2,
    Draft4,
    Draft7,
    Draft201909,
    Draft202012,
}

const VARIANTS: usize = 6;

impl Variant {
    fn index(self) -> usize {
        self as usize
    }

    fn dialect(self) -> Dialect {
        match self {
            Variant::Auto => Dialect::Auto,
            Variant::Oas2 | Variant::Draft4 => Dialect::Draft4,
            Variant::Draft7 => Dialect::Draft7,
            Variant::Draft201909 => Dialect::Draft201909,
            Variant::Draft202012 => Dialect::Draft202012,
        }
    }

    /// The variant for a document: by its formats, and for 3.1 and later
    /// by its `jsonSchemaDialect`.
    fn of(ctx: &Context<'_, '_>) -> Variant {
        let formats = ctx.formats;
        if formats.is_empty() {
            Variant::Auto
        } else if formats.intersects(Formats::OAS3_2.union(Formats::OAS3_1)) {
            let declared = ctx.root.get("jsonSchemaDialect").and_then(|v| v.as_str());
            match declared.and_then(draft_of) {
                Some("draft4") => Variant::Draft4,
                Some("draft6" | "draft7") => Variant::Draft7,
                Some("draft2019-09") => Variant::Draft201909,
                _ => Variant::Draft202012,
            }
        } else if formats.intersects(Formats::OAS3_0) {
            Variant::Draft4
        } else if formats.intersects(Formats::OAS2) {
            Variant::Oas2
        } else {
            // Another format (AsyncAPI, JSON Schema): Spectral keeps draft 4.
            Variant::Draft4
        }
    }
}

/// The draft a JSON Schema meta-schema URI names (`draft4`, ...,
/// `draft2020-12`): `http(s)://json-schema.org/draft-0N/schema` or
/// `.../draft/2019-09/schema`, optionally `hyper-schema`, optionally `#`.
fn draft_of(uri: &str) -> Option<&'static str> {
    let rest = uri
        .strip_prefix("https://json-schema.org/")
        .or_else(|| uri.strip_prefix("http://json-schema.org/"))?;
    let (draft, tail) = if let Some(t) = rest.strip_prefix("draft-04/") {
        ("draft4", t)
    } else if let Some(t) = rest.strip_prefix("draft-06/") {
        ("draft6", t)
    } else if let Some(t) = rest.strip_prefix("draft-07/") {
        ("draft7", t)
    } else if let Some(t) = rest.strip_prefix("draft/2019-09/") {
        ("draft2019-09", t)
    } else if let Some(t) = rest.strip_prefix("draft/2020-12/") {
        ("draft2020-12", t)
    } else {
        return None;
    };
    let tail = tail.strip_suffix('#').unwrap_or(tail);
    matches!(tail, "schema" | "hyper-schema").then_some(draft)
}

struct OasSchema {
    schema: Value,
    compiled: [OnceLock<Result<Schema, String>>; VARIANTS],
}

impl std::fmt::Debug for OasSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OasSchema")
            .field("schema", &self.schema)
            .finish()
    }
}

/// Option errors in Spectral's words. (Spectral accepts options without
/// `schema` and fails when the rule runs; here that is a rule set error
/// too.)
pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options.and_then(Value::as_object).ok_or_else(|| {
        "\"oasSchema\" function and its \"\" option accepts only the following types: object"
            .to_string()
    })?;
    if let Some(key) = map.keys().find(|k| *k != "schema") {
        return Err(format!(
            "\"oasSchema\" function does not support \"{key}\" option"
        ));
    }
    let schema = match map.get("schema") {
        None => return Err("\"oasSchema\" function is missing \"schema\" option".to_string()),
        Some(Value::Object(s)) => Value::Object(s.clone()),
        Some(_) => {
            return Err(
                "\"oasSchema\" function and its \"schema\" option accepts only the following types: object"
                    .to_string(),
            );
        }
    };
    // Which draft reads the schema depends on the document, so a schema
    // that does not compile shows when the rule runs (as in Spectral):
    // draft 4's `exclusiveMaximum: true` is fine for a 3.0 document only.
    Ok(Box::new(OasSchema {
        schema,
        compiled: Default::default(),
    }))
}

impl OasSchema {
    fn compiled(&self, variant: Variant) -> Result<&Schema, String> {
        self.compiled[variant.index()]
            .get_or_init(|| {
                let prepared = prepare(&self.schema, variant == Variant::Oas2);
                Schema::compile(&prepared, variant.dialect(), false)
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl RuleFunction for OasSchema {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        match self.compiled(Variant::of(ctx)) {
            Ok(schema) => schema.call(input, ctx),
            Err(e) => vec![FnResult::here(e)],
        }
    }
}

/// The schema with OpenAPI's `nullable` spelled as JSON Schema: `nullable:
/// true` beside a `type` adds `"null"` to it; for 2.0 documents
/// `x-nullable: true` counts as `nullable: true`.
fn prepare(schema: &Value, oas2: bool) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, value) in map {
                let value = match key.as_str() {
                    // Values, not schemas.
                    "enum" | "const" | "default" | "example" | "examples" => value.clone(),
                    _ => prepare(value, oas2),
                };
                out.insert(key.clone(), value);
            }
            if oas2 && out.get("x-nullable") == Some(&Value::Bool(true)) {
                out.remove("x-nullable");
                out.insert("nullable".to_string(), Value::Bool(true));
            }
            if out.get("nullable") == Some(&Value::Bool(true)) {
                let null = Value::String("null".to_string());
                match out.get_mut("type") {
                    Some(Value::String(t)) if t != "null" => {
                        let t = Value::String(std::mem::take(t));
                        out.insert("type".to_string(), Value::Array(vec![t, null]));
                    }
                    Some(Value::Array(types)) if !types.contains(&null) => types.push(null),
                    _ => {}
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| prepare(v, oas2)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions::testing::{build_error, run};

    const UNIQUE: &str = r#"{"schema": {"type": "array", "uniqueItems": true}}"#;

    #[test]
    fn duplicates_are_named_like_ajv() {
        let doc = "openapi: 3.0.3\nx: {enum: [a, b, a, c, b]}\n";
        let opts: Value = serde_json::from_str(UNIQUE).unwrap();
        assert_eq!(
            run("oasSchema", opts, doc, "/x/enum"),
            vec![(
                "\"enum\" property must not have duplicate items (items ## 1 and 4 are identical)"
                    .to_string(),
                "/x/enum".to_string()
            )]
        );
    }

    #[test]
    fn nullable_allows_null_and_is_named() {
        let opts = json!({"schema": {"type": "string", "nullable": true}});
        let doc = "openapi: 3.0.3\na: null\nb: 5\n";
        assert!(run("oasSchema", opts.clone(), doc, "/a").is_empty());
        assert_eq!(
            run("oasSchema", opts, doc, "/b")[0].0,
            "\"b\" property type must be string,null"
        );
        let oas2 = json!({"schema": {"type": "string", "x-nullable": true}});
        assert!(run("oasSchema", oas2.clone(), "swagger: '2.0'\na: null\n", "/a").is_empty());
        // Outside 2.0, `x-nullable` is just an unknown keyword.
        assert_eq!(
            run("oasSchema", oas2, "openapi: 3.0.0\na: null\n", "/a")[0].0,
            "\"a\" property type must be string"
        );
    }

    #[test]
    fn drafts_follow_the_document() {
        // `exclusiveMaximum: true` is draft 4; later drafts want a number.
        let opts = json!({"schema": {"type": "number", "maximum": 2, "exclusiveMaximum": true}});
        assert_eq!(
            run("oasSchema", opts.clone(), "openapi: 3.0.0\nn: 2\n", "/n")[0].0,
            "\"n\" property must be < 2"
        );
        let items = json!({"schema": {"prefixItems": [{"type": "string"}]}});
        assert_eq!(
            run("oasSchema", items.clone(), "openapi: 3.1.0\nv: [1]\n", "/v")[0].0,
            "Item at index 0 must be string"
        );
        // A 3.1 document that declares draft 4 reads `prefixItems` as unknown.
        let draft4 =
            "openapi: 3.1.0\njsonSchemaDialect: http://json-schema.org/draft-04/schema#\nv: [1]\n";
        assert!(run("oasSchema", items, draft4, "/v").is_empty());
        assert_eq!(
            draft_of("https://json-schema.org/draft/2019-09/hyper-schema"),
            Some("draft2019-09")
        );
        assert_eq!(
            draft_of("https://spec.openapis.org/oas/3.1/dialect/base"),
            None
        );
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(
            build_error("oasSchema", json!({"schema": {}, "dialect": "draft4"})),
            "\"oasSchema\" function does not support \"dialect\" option"
        );
        assert_eq!(
            build_error("oasSchema", json!({})),
            "\"oasSchema\" function is missing \"schema\" option"
        );
        assert_eq!(
            build_error("oasSchema", json!({"schema": 1})),
            "\"oasSchema\" function and its \"schema\" option accepts only the following types: object"
        );
        assert_eq!(
            build_error("oasSchema", json!(null)),
            "\"oasSchema\" function and its \"\" option accepts only the following types: object"
        );
    }
}
