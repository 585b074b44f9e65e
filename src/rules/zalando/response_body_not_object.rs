//! #110: response bodies are JSON objects at the top level (not arrays,
//! maps or single values).

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, is_json_media_type, key_back, types, view_at};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-110-top-level-json-object";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 110,
    also: &[],
    level: Level::Must,
    title: "Always return JSON objects as top-level data structures",
    given: &[
        "$.paths[*][get,put,post,delete,patch,head,options,trace].responses[*].content[*].schema",
        "$.paths[*][get,put,post,delete,patch,head,options,trace].responses[*].schema",
    ],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the schema of every JSON response body (media types
`application/json` and `*/*+json`; in Swagger 2.0 when the operation
produces JSON or declares nothing): its top-level type must be an object
with properties. It reports arrays, single values (strings, numbers,
booleans), and maps (objects with only `additionalProperties`).
Schemas whose type is left open or decided by `oneOf`/`anyOf` are not
judged; an `allOf` counts as an array when one of its parts is one.

## Why is this bad?
An object can grow: a collection returned as `{"items": [...]}` can later
carry pagination links or counts without breaking clients. A bare array,
value or map cannot be extended compatibly.

## Example
```yaml
# Bad
responses:
  '200':
    content:
      application/json:
        schema:
          type: array
          items: {$ref: '#/components/schemas/Order'}
# Good
responses:
  '200':
    content:
      application/json:
        schema:
          type: object
          properties:
            items:
              type: array
              items: {$ref: '#/components/schemas/Order'}
```
"#,
    pass: &[
        r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
            text/csv:
              schema: {type: string}
        default:
          description: error
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
            application/x-ndjson:
              schema: {type: array}
components:
  schemas:
    Problem:
      type: [object, 'null']
      properties:
        title: {type: string}
"#,
        r#"
# An allOf cycle (Pet -> Animal -> Pet), legal and once a stack overflow.
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - {type: object, properties: {name: {type: string}}}
    Animal:
      allOf:
        - $ref: '#/components/schemas/Pet'
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Orders'}
    post:
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema: {type: string}
    put:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {type: integer}
components:
  schemas:
    Orders:
      type: array
      items: {type: string}
"#,
            findings: &[
                (
                    "Response body is a string; return a JSON object at the top level",
                    "/paths/~1orders/post/responses/201/content/application~1json/schema",
                ),
                (
                    "Response body is a map; return a JSON object with defined properties at the top level",
                    "/paths/~1orders/put/responses/200/content/application~1json/schema",
                ),
                (
                    "Response body is an array; return a JSON object at the top level",
                    "/components/schemas/Orders",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/json]
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          schema:
            type: array
            items: {type: string}
  /report:
    get:
      produces: [text/csv]
      responses:
        '200':
          description: ok
          schema: {type: string}
"#,
            findings: &[(
                "Response body is an array; return a JSON object at the top level",
                "/paths/~1orders/get/responses/200/schema",
            )],
        },
    ],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

/// What a schema's top level is, as far as it can be told.
enum Shape {
    Object,
    Map,
    Array,
    Value(&'static str),
    Unknown,
}

/// How deep `allOf` parts are looked into. `allOf` may form a cycle
/// through `$ref`s (Pet → Animal → Pet), which the document allows; the
/// walk must end regardless.
const MAX_ALL_OF_DEPTH: usize = 8;

fn shape(schema: View<'_>) -> Shape {
    shape_at(schema, 0)
}

fn shape_at(schema: View<'_>, depth: usize) -> Shape {
    let t: Vec<&str> = types(schema).into_iter().filter(|&t| t != "null").collect();
    let has = |k: &str| schema.get(k).is_some();
    match t.as_slice() {
        ["array"] => return Shape::Array,
        ["string"] => return Shape::Value("a string"),
        ["integer"] => return Shape::Value("an integer"),
        ["number"] => return Shape::Value("a number"),
        ["boolean"] => return Shape::Value("a boolean"),
        ["object"] | [] => {}
        _ => return Shape::Unknown,
    }
    if let Some(all) = schema.get("allOf") {
        if depth >= MAX_ALL_OF_DEPTH {
            return Shape::Unknown;
        }
        let parts: Vec<Shape> = all.items().map(|s| shape_at(s, depth + 1)).collect();
        if parts.iter().any(|s| matches!(s, Shape::Array)) {
            return Shape::Array;
        }
        return Shape::Unknown;
    }
    if has("oneOf") || has("anyOf") {
        return Shape::Unknown;
    }
    let props = schema
        .get("properties")
        .is_some_and(|p| p.is_object() && !p.is_empty());
    let extra = schema
        .get("additionalProperties")
        .is_some_and(|a| a.as_bool() != Some(false));
    if !props && extra && !has("patternProperties") {
        return Shape::Map;
    }
    if t.is_empty() && !props {
        if has("items") {
            return Shape::Array;
        }
        return Shape::Unknown;
    }
    Shape::Object
}

/// Whether a Swagger 2.0 response at `path` is JSON: the operation's (or
/// else the document's) `produces` names a JSON type, or there is none.
fn produces_json(root: View<'_>, path: &[PathSeg]) -> bool {
    let op = view_at(root, &path[..path.len().min(3)]);
    let produces = op
        .and_then(|o| o.get("produces"))
        .or_else(|| root.get("produces"));
    match produces {
        Some(p) if p.is_array() && !p.is_empty() => p
            .items()
            .any(|m| m.as_str().is_some_and(is_json_media_type)),
        _ => true,
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(schema) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let path = ctx.path();
        let json = match key_back(path, 2) {
            Some("content") => key_back(path, 1).is_some_and(is_json_media_type),
            _ => produces_json(ctx.root, path),
        };
        if !json {
            return Vec::new();
        }
        let msg = match shape(schema) {
            Shape::Object | Shape::Unknown => return Vec::new(),
            Shape::Array => "Response body is an array; return a JSON object at the top level".to_string(),
            Shape::Value(what) => {
                format!("Response body is {what}; return a JSON object at the top level")
            }
            Shape::Map => "Response body is a map; return a JSON object with defined properties at the top level".to_string(),
        };
        vec![FnResult::here(msg)]
    }
}
