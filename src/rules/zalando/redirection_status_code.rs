//! #251: do not use redirection codes.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-251-no-redirection-codes";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 251,
    also: &[],
    level: Level::Should,
    title: "Not use redirection codes",
    given: &[OPERATIONS],
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports responses with a redirection status code (3xx, or the OpenAPI 3
range `3XX`), except 304 Not Modified, which answers conditional requests
and is no redirection.

## Why is this bad?
Redirects make clients follow extra round trips, and clients handle them
inconsistently (some switch `POST` to `GET`). Move clients to a new
location by changing them, by routing behind the API, or by deprecating
the endpoint. For an idempotent `POST` that finds the resource already
exists, answer 200 with a `Location` header instead of 303.

## Example
```yaml
# Bad
responses:
  '301': {description: Moved to /v2/orders}
# Good
responses:
  '200': {description: The orders}
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
        '304': {description: not modified}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      responses:
        '303': {description: exists}
        '3XX': {description: elsewhere}
"#,
        findings: &[
            (
                "Redirection status code 303 should not be used",
                "/paths/~1orders/post/responses/303",
            ),
            (
                "Redirection status code 3XX should not be used",
                "/paths/~1orders/post/responses/3XX",
            ),
        ],
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
        op.responses()
            .filter(|(key, _)| {
                let s = Status::parse(key);
                s.class() == Some(3) && s != Status::Code(304)
            })
            .map(|(key, _)| {
                FnResult::at(
                    format!("Redirection status code {key} should not be used"),
                    op.at(&["responses", key]),
                )
            })
            .collect()
    }
}
