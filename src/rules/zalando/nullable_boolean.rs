//! #122: boolean properties are never `null`.

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, is_nullable, is_type, on_properties};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-122-no-null-booleans";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 122,
    also: &[],
    level: Level::Must,
    title: "Not use `null` for boolean properties",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports boolean properties that allow `null`: `nullable: true` (OpenAPI
3.0), `x-nullable: true` (Swagger 2.0), or `type: [boolean, 'null']`
(OpenAPI 3.1).

## Why is this bad?
A boolean is a closed set of two values. A third state hidden in `null`
is easy to miss: many clients read `null` as `false`. If the third state
means something, name it: replace the boolean by an enumeration such as
`YES`, `NO`, `UNDEFINED`.

## Example
```yaml
# Bad
accepted_terms: {type: boolean, nullable: true}
# Good
accepted_terms: {type: string, enum: [YES, NO, UNDEFINED]}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Terms:
      type: object
      properties:
        accepted: {type: boolean}
        note: {type: [string, 'null']}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Terms:
      type: object
      properties:
        accepted: {type: boolean, nullable: true}
"#,
            findings: &[(
                "Boolean property \"accepted\" allows null; use true or false, or an enum of named states",
                "/components/schemas/Terms/properties/accepted",
            )],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Terms:
      type: object
      properties:
        accepted: {type: [boolean, 'null']}
"#,
            findings: &[(
                "Boolean property \"accepted\" allows null; use true or false, or an enum of named states",
                "/components/schemas/Terms/properties/accepted",
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

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            props
            .members()
            .filter(|(_, s)| is_type(*s, "boolean") && is_nullable(*s))
            .map(|(name, _)| {
                FnResult::at(
                    format!(
                        "Boolean property \"{name}\" allows null; use true or false, or an enum of named states"
                    ),
                    child(path, name),
                )
            })
            .collect()
        })
    }
}
