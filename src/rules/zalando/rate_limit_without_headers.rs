//! #153: use code 429 with headers for rate limits.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, no_options, response_header};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-153-rate-limit-headers";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 153,
    also: &[],
    level: Level::Must,
    title: "Use code 429 with headers for rate limits",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that every 429 Too Many Requests response declares the headers that
tell clients how to back off: either `Retry-After`, or all three of
`X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.

## Why is this bad?
A client that is told to slow down but not by how much can only guess,
and guessing clients retry too early and stay throttled.

## Example
```yaml
# Bad
'429':
  description: Too many requests
# Good
'429':
  description: Too many requests
  headers:
    Retry-After:
      description: Seconds to wait before retrying
      schema: {type: integer, format: int32}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
        '429':
          description: slow down
          headers:
            retry-after: {schema: {type: integer}}
    post:
      responses:
        '429':
          description: slow down
          headers:
            X-RateLimit-Limit: {schema: {type: integer}}
            X-RateLimit-Remaining: {schema: {type: integer}}
            X-RateLimit-Reset: {schema: {type: integer}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '429':
          description: slow down
          headers:
            X-RateLimit-Limit: {type: integer}
"#,
        findings: &[(
            "429 response declares neither a Retry-After header nor the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers",
            "/paths/~1orders/get/responses/429",
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
        let Some(resp) = op.response("429") else {
            return Vec::new();
        };
        let has = |name: &str| response_header(resp, name).is_some();
        let trio = [
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
        ];
        if has("Retry-After") || trio.iter().all(|h| has(h)) {
            return Vec::new();
        }
        vec![FnResult::at(
            "429 response declares neither a Retry-After header nor the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers",
            op.at(&["responses", "429"]),
        )]
    }
}
