//! #111: schemas stay open for extension (no `additionalProperties: false`).

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, describe_in_cap, last_key, on_schemas};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-111-open-for-extension";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 111,
    also: &[],
    level: Level::Must,
    title: "Treat OpenAPI specification as open for extension by default",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports schemas that close themselves to extension with
`additionalProperties: false` (or, in OpenAPI 3.1,
`unevaluatedProperties: false`). A schema as the value of
`additionalProperties`, as maps use it, is fine.

## Why is this bad?
Objects are open for extension by default: a server may add fields, and
clients must ignore fields they do not know. A closed schema makes every
new field an incompatible change, and generated clients reject responses
of a newer server version.

## Example
```yaml
# Bad
Order:
  type: object
  additionalProperties: false
  properties:
    id: {type: string}
# Good
Order:
  type: object
  properties:
    id: {type: string}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Translations:
      type: object
      additionalProperties: {type: string}
    Open:
      type: object
      additionalProperties: true
      properties:
        additionalProperties: {type: boolean}
      example: {additionalProperties: false}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    additionalProperties: false
    properties:
      lines:
        type: array
        items:
          type: object
          additionalProperties: false
"#,
        findings: &[
            (
                "Schema \"Order\" is closed for extension (additionalProperties: false)",
                "/definitions/Order/additionalProperties",
            ),
            (
                "Items of property \"lines\" are closed for extension (additionalProperties: false)",
                "/definitions/Order/properties/lines/items/additionalProperties",
            ),
        ],
    }],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_schemas(&input, ctx, |schema, path| {
            ["additionalProperties", "unevaluatedProperties"]
                .into_iter()
                .filter(|k| schema.get(k).and_then(|v| v.as_bool()) == Some(false))
                .map(|keyword| {
                    let subject = describe_in_cap(ctx.root, path, Some(schema));
                    let verb = if last_key(path) == Some("items") {
                        "are"
                    } else {
                        "is"
                    };
                    FnResult::at(
                        format!("{subject} {verb} closed for extension ({keyword}: false)"),
                        child(path, keyword),
                    )
                })
                .collect()
        })
    }
}
