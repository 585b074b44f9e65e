//! The check Spectral's validator makes of a schema before compiling it:
//! the schema must be valid against the draft's meta-schema.
//!
//! Ajv validates every schema it compiles against its meta-schema and
//! throws `schema is invalid: <errors>` when it is not; Spectral reports
//! that text at the example. For OpenAPI 2.0 and 3.0 (JSON Schema draft
//! 4) that catches, among others, `required: []` (`data/required must NOT
//! have fewer than 1 items`), a boolean `exclusiveMinimum` without
//! `minimum` (`data must have property minimum when property
//! exclusiveMinimum is present`), a wrong keyword type (`data/minimum must
//! be number`) and an unknown type name (`data/properties/a/type must be
//! equal to one of the allowed values, data/properties/a/type must be
//! array, data/properties/a/type must match a schema in anyOf`).
//!
//! The errors are Ajv's first error (with the branch errors of an
//! `anyOf`), each as `data<pointer> <message>`, joined with `, `. The
//! meta-schema is draft 4's as Ajv's draft-04 package ships it; its
//! `format`s are not asserted (Spectral's validator does not). Only draft 4
//! is checked: OpenAPI 3.1 schemas (2020-12) are not checked against their
//! meta-schema here.
//!
//! The schema checked is the one Spectral compiles: refs inlined as its
//! resolver inlines them, 2.0's parameter-level boolean `required` removed
//! at the root, and a `required` list dropped where the request/response
//! relaxation empties it. Validity of each schema node is memoised per
//! workspace, so a shared component is checked once.

use std::sync::{Arc, LazyLock};

use super::oas_example_ajv::{Draft, Env, Relax, Run, Side, js_equal, required_dropped};
use super::oas_example_resolve::lock;
use crate::document::workspace::LoadOptions;
use crate::document::{Loc, NodeId, PathSeg, Value, Workspace};

/// JSON Schema draft 4's meta-schema (the variant Ajv's draft-04 package
/// validates schemas with: `exclusiveMinimum`/`exclusiveMaximum` require
/// `minimum`/`maximum`).
const DRAFT4_META: &str = r##"{
  "id": "http://json-schema.org/draft-04/schema#",
  "$schema": "http://json-schema.org/draft-04/schema#",
  "description": "Core schema meta-schema",
  "definitions": {
    "schemaArray": {"type": "array", "minItems": 1, "items": {"$ref": "#"}},
    "positiveInteger": {"type": "integer", "minimum": 0},
    "positiveIntegerDefault0": {"allOf": [{"$ref": "#/definitions/positiveInteger"}, {"default": 0}]},
    "simpleTypes": {"enum": ["array", "boolean", "integer", "null", "number", "object", "string"]},
    "stringArray": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true}
  },
  "type": "object",
  "properties": {
    "id": {"type": "string", "format": "uri"},
    "$schema": {"type": "string", "format": "uri"},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "default": {},
    "multipleOf": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
    "maximum": {"type": "number"},
    "exclusiveMaximum": {"type": "boolean", "default": false},
    "minimum": {"type": "number"},
    "exclusiveMinimum": {"type": "boolean", "default": false},
    "maxLength": {"$ref": "#/definitions/positiveInteger"},
    "minLength": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "pattern": {"type": "string", "format": "regex"},
    "additionalItems": {"anyOf": [{"type": "boolean"}, {"$ref": "#"}], "default": {}},
    "items": {"anyOf": [{"$ref": "#"}, {"$ref": "#/definitions/schemaArray"}], "default": {}},
    "maxItems": {"$ref": "#/definitions/positiveInteger"},
    "minItems": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "uniqueItems": {"type": "boolean", "default": false},
    "maxProperties": {"$ref": "#/definitions/positiveInteger"},
    "minProperties": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "required": {"$ref": "#/definitions/stringArray"},
    "additionalProperties": {"anyOf": [{"type": "boolean"}, {"$ref": "#"}], "default": {}},
    "definitions": {"type": "object", "additionalProperties": {"$ref": "#"}, "default": {}},
    "properties": {"type": "object", "additionalProperties": {"$ref": "#"}, "default": {}},
    "patternProperties": {"type": "object", "additionalProperties": {"$ref": "#"}, "default": {}},
    "dependencies": {"type": "object", "additionalProperties": {"anyOf": [{"$ref": "#"}, {"$ref": "#/definitions/stringArray"}]}},
    "enum": {"type": "array", "minItems": 1, "uniqueItems": true},
    "type": {"anyOf": [
      {"$ref": "#/definitions/simpleTypes"},
      {"type": "array", "items": {"$ref": "#/definitions/simpleTypes"}, "minItems": 1, "uniqueItems": true}
    ]},
    "allOf": {"$ref": "#/definitions/schemaArray"},
    "anyOf": {"$ref": "#/definitions/schemaArray"},
    "oneOf": {"$ref": "#/definitions/schemaArray"},
    "not": {"$ref": "#"}
  },
  "dependencies": {"exclusiveMaximum": ["maximum"], "exclusiveMinimum": ["minimum"]},
  "default": {}
}"##;

static DRAFT4: LazyLock<Workspace> = LazyLock::new(|| {
    Workspace::from_text(
        "json-schema-draft-04.json",
        Arc::from(DRAFT4_META),
        None,
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("the draft 4 meta-schema does not load: {e}"))
});

/// `Some("schema is invalid: ...")` when `schema` (read by `env`) is not
/// valid against its draft's meta-schema; `None` when it is, or when its
/// draft is not checked.
pub(crate) fn check(env: &Env<'_>, schema: Loc, relax: Relax) -> Option<String> {
    if env.draft != Draft::Draft4 {
        return None;
    }
    let meta = &*DRAFT4;
    let meta_env = Env {
        schema: Side {
            ws: meta,
            resolution: None,
        },
        data: env.data,
        cache: env.cache,
        formats: false,
        draft: Draft::Draft4,
        oas2: false,
        nullable_suffix: false,
        meta_root: Some(meta.root()),
        meta_relax: relax,
        meta_oas2: env.oas2,
    };
    if quick_valid(env, schema, relax, true) {
        return None;
    }
    let errors = Run::validate(&meta_env, meta.root(), schema, Relax::None);
    if errors.is_empty() {
        return None;
    }
    let parts: Vec<String> = errors
        .iter()
        .map(|e| {
            let message = e
                .message
                .split(". None of the schemas matched")
                .next()
                .unwrap_or(&e.message);
            format!("data{} {message}", pointer(&e.path))
        })
        .collect();
    Some(format!("schema is invalid: {}", parts.join(", ")))
}

/// Whether schema `x` is valid against the draft 4 meta-schema: the same
/// verdict as running the meta-schema, found by looking only at the
/// keywords `x` has (the meta-schema is only run for the rare invalid
/// schema, for its error messages). Verdicts on nodes below the root are
/// memoised.
pub(crate) fn quick_valid(env: &Env<'_>, x: Loc, relax: Relax, root: bool) -> bool {
    Quick { env, relax }.schema(x, root, 0)
}

struct Quick<'e, 'a> {
    env: &'e Env<'a>,
    relax: Relax,
}

impl Quick<'_, '_> {
    fn schema(&self, x: Loc, root: bool, depth: usize) -> bool {
        let data = self.env.data;
        if depth > 512 {
            return true;
        }
        let Value::Object(members) = data.value(x) else {
            return false;
        };
        let key = (x, self.relax as u8);
        if !root && lock(&self.env.cache.meta_valid).contains(&key) {
            return true;
        }
        // The last of repeated keys counts.
        let effective = |i: usize| !members[i + 1..].iter().any(|m| m.key == members[i].key);
        let has = |k: &str| members.iter().any(|m| &*m.key == k);
        if (has("exclusiveMaximum") && !has("maximum"))
            || (has("exclusiveMinimum") && !has("minimum"))
        {
            return false;
        }
        let dropped = required_dropped(data, x, root, self.env.meta_oas2, self.relax);
        for (i, m) in members.iter().enumerate() {
            if !effective(i) {
                continue;
            }
            let v = data.child(x.doc, m.value);
            let ok = match &*m.key {
                "id" | "$schema" | "title" | "description" | "pattern" => {
                    matches!(data.value(v), Value::String(_))
                }
                "multipleOf" => number(data.value(v)).is_some_and(|n| n > 0.0),
                "maximum" | "minimum" => number(data.value(v)).is_some(),
                "exclusiveMaximum" | "exclusiveMinimum" | "uniqueItems" => {
                    matches!(data.value(v), Value::Bool(_))
                }
                "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties"
                | "minProperties" => number(data.value(v))
                    .is_some_and(|n| n.is_finite() && n.fract() == 0.0 && n >= 0.0),
                "additionalItems" | "additionalProperties" => {
                    matches!(data.value(v), Value::Bool(_)) || self.schema(v, false, depth + 1)
                }
                "items" => self.schema(v, false, depth + 1) || self.schema_array(v, depth),
                "required" => dropped || self.string_array(v),
                "definitions" | "properties" | "patternProperties" => match data.value(v) {
                    Value::Object(entries) => entries
                        .iter()
                        .all(|e| self.schema(data.child(v.doc, e.value), false, depth + 1)),
                    _ => false,
                },
                "dependencies" => match data.value(v) {
                    Value::Object(entries) => entries.iter().all(|e| {
                        let c = data.child(v.doc, e.value);
                        self.schema(c, false, depth + 1) || self.string_array(c)
                    }),
                    _ => false,
                },
                "enum" => match data.value(v) {
                    Value::Array(items) => !items.is_empty() && self.unique(v, items),
                    _ => false,
                },
                "type" => match data.value(v) {
                    Value::Array(items) => {
                        !items.is_empty()
                            && items
                                .iter()
                                .all(|&t| simple_type(data.value(data.child(v.doc, t))))
                            && self.unique(v, items)
                    }
                    other => simple_type(other),
                },
                "allOf" | "anyOf" | "oneOf" => self.schema_array(v, depth),
                "not" => self.schema(v, false, depth + 1),
                _ => true,
            };
            if !ok {
                return false;
            }
        }
        if !root {
            lock(&self.env.cache.meta_valid).insert(key);
        }
        true
    }

    fn schema_array(&self, v: Loc, depth: usize) -> bool {
        let data = self.env.data;
        match data.value(v) {
            Value::Array(items) => {
                !items.is_empty()
                    && items
                        .iter()
                        .all(|&i| self.schema(data.child(v.doc, i), false, depth + 1))
            }
            _ => false,
        }
    }

    fn string_array(&self, v: Loc) -> bool {
        let data = self.env.data;
        match data.value(v) {
            Value::Array(items) => {
                !items.is_empty()
                    && items
                        .iter()
                        .all(|&i| matches!(data.value(data.child(v.doc, i)), Value::String(_)))
                    && self.unique(v, items)
            }
            _ => false,
        }
    }

    fn unique(&self, v: Loc, items: &[NodeId]) -> bool {
        let data = self.env.data;
        let locs: Vec<Loc> = items.iter().map(|&i| data.child(v.doc, i)).collect();
        (0..locs.len()).all(|i| (0..i).all(|j| !js_equal(data, locs[i], data, locs[j], 0)))
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn simple_type(v: &Value) -> bool {
    matches!(v, Value::String(s) if matches!(&**s, "array" | "boolean" | "integer" | "null" | "number" | "object" | "string"))
}

/// Ajv's instance path: `/a/0`, keys escaped as in JSON pointers.
fn pointer(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            PathSeg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            PathSeg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_schema_loads() {
        assert!(DRAFT4.problems().is_empty(), "{:?}", DRAFT4.problems());
        assert_eq!(
            pointer(&[PathSeg::Key("a/b".into()), PathSeg::Index(0)]),
            "/a~1b/0"
        );
    }
}
