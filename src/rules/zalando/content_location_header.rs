//! #180: use `Location` header instead of `Content-Location` header.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, no_options, response_headers};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-180-location-not-content-location";

const MESSAGE: &str = "Use the Location header instead of Content-Location";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 180,
    also: &[],
    level: Level::Should,
    title: "Use `Location` header instead of `Content-Location` header",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports responses that declare a `Content-Location` header.

## Why is this bad?
`Content-Location` has method-specific meanings and affects caching in
ways that are hard to get right. Telling clients where a created or moved
resource lives is what `Location` is for, without the ambiguities.

## Example
```yaml
# Bad
'201':
  description: Created
  headers:
    Content-Location: {schema: {type: string, format: uri}}
# Good
'201':
  description: Created
  headers:
    Location: {schema: {type: string, format: uri}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      responses:
        '201':
          description: created
          headers:
            Location: {schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      responses:
        '201':
          description: created
          headers:
            content-location: {schema: {type: string}}
"#,
        findings: &[(
            MESSAGE,
            "/paths/~1orders/post/responses/201/headers/content-location",
        )],
    }],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, resp) in op.responses() {
            for (name, _) in response_headers(resp) {
                if name.eq_ignore_ascii_case("Content-Location") {
                    out.push(FnResult::at(
                        MESSAGE,
                        op.at(&["responses", key, "headers", name]),
                    ));
                }
            }
        }
        out
    }
}
