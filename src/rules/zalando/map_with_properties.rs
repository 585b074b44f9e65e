//! #216: maps are defined with `additionalProperties` and no other
//! properties.

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, describe_in_cap, on_schemas};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-216-maps-additional-properties";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 216,
    also: &[],
    level: Level::Should,
    title: "Define maps using `additionalProperties`",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports object schemas that define a map (`additionalProperties` with a
value schema) and, next to it, named `properties`. A map should be an
object of its own with only `additionalProperties`, held by a property of
the enclosing object. `additionalProperties: true` or `{}`, which only
keep an object open, are not maps.

## Why is this bad?
Map keys are data (language tags, SKUs, ...), property names are the
schema. Mixing them in one object means a future property can collide
with a key, and clients cannot tell which members are entries of the map.

## Example
```yaml
# Bad
Message:
  type: object
  properties:
    message_key: {type: string}
  additionalProperties: {type: string}
# Good
Message:
  type: object
  properties:
    message_key: {type: string}
    translations:
      type: object
      additionalProperties: {type: string}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Message:
      type: object
      additionalProperties: true
      properties:
        message_key: {type: string}
        translations:
          type: object
          additionalProperties: {type: string}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Message:
    type: object
    properties:
      message_key: {type: string}
    additionalProperties: {type: string}
"#,
        findings: &[(
            "Schema \"Message\" mixes a map (additionalProperties) with named properties; make the map a property of its own",
            "/definitions/Message/additionalProperties",
        )],
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
            let map = schema
                .get("additionalProperties")
                .is_some_and(|a| a.is_object() && !a.is_empty());
            let named = schema
                .get("properties")
                .is_some_and(|p| p.is_object() && !p.is_empty());
            if !(map && named) {
                return Vec::new();
            }
            vec![FnResult::at(
                format!(
                    "{} mixes a map (additionalProperties) with named properties; make the map a property of its own",
                    describe_in_cap(ctx.root, path, Some(schema))
                ),
                child(path, "additionalProperties"),
            )]
        })
    }
}
