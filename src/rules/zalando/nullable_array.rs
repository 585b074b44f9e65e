//! #124: array properties are not `null` when empty.

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, is_nullable, is_type, on_properties};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-124-no-null-arrays";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 124,
    also: &[],
    level: Level::Should,
    title: "Not use `null` for empty arrays",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports array properties that allow `null`: `nullable: true` (OpenAPI
3.0), `x-nullable: true` (Swagger 2.0), or `type: [array, 'null']`
(OpenAPI 3.1).

## Why is this bad?
An empty list is unambiguously `[]`. Allowing `null` as well gives clients
two ways to say "nothing" and a null check to forget.

## Example
```yaml
# Bad
tags: {type: array, items: {type: string}, nullable: true}
# Good
tags: {type: array, items: {type: string}}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        tags: {type: array, items: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      tags: {type: array, items: {type: string}, x-nullable: true}
"#,
        findings: &[(
            "Array property \"tags\" allows null; use an empty array instead",
            "/definitions/Order/properties/tags",
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
        on_properties(&input, ctx, |props, path| {
            props
                .members()
                .filter(|(_, s)| is_type(*s, "array") && is_nullable(*s))
                .map(|(name, _)| {
                    FnResult::at(
                        format!(
                            "Array property \"{name}\" allows null; use an empty array instead"
                        ),
                        child(path, name),
                    )
                })
                .collect()
        })
    }
}
