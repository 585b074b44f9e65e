//! #189: add `Deprecation` and `Sunset` header to responses.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options, response_header};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-189-deprecation-headers";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 189,
    also: &[],
    level: Level::Should,
    title: "Add `Deprecation` and `Sunset` header to responses",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For every operation marked `deprecated: true`, checks that its success
responses (2xx; all responses if it declares none) declare a
`Deprecation` header, and a `Sunset` header when a sunset is planned
(the operation has an `x-sunset` extension).

## Why is this bad?
Clients rarely read the specification again once they work. A
`Deprecation` header on every response (and `Sunset` once the shut-down
date is known) lets their monitoring notice that they must migrate.

## Example
```yaml
# Bad
get:
  deprecated: true
  description: Deprecated, use /sales-orders instead.
  responses:
    '200': {description: The orders}
# Good
get:
  deprecated: true
  description: Deprecated, use /sales-orders instead.
  responses:
    '200':
      description: The orders
      headers:
        Deprecation: {schema: {type: string}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      deprecated: true
      x-sunset: '2026-06-30'
      responses:
        '200':
          description: ok
          headers:
            Deprecation: {schema: {type: string}}
            Sunset: {schema: {type: string}}
        '404': {description: not found}
    post:
      responses:
        '201': {description: not deprecated}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      deprecated: true
      x-sunset: '2026-06-30'
      responses:
        '200': {description: ok}
"#,
        findings: &[
            (
                "Deprecated operation GET /orders declares no Deprecation header in its responses",
                "/paths/~1orders/get/deprecated",
            ),
            (
                "Deprecated operation GET /orders declares no Sunset header in its responses",
                "/paths/~1orders/get/deprecated",
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
        if !op.is_deprecated() {
            return Vec::new();
        }
        let success: Vec<_> = op
            .responses()
            .filter(|(k, _)| Status::parse(k).class() == Some(2))
            .collect();
        let responses: Vec<_> = if success.is_empty() {
            op.responses().collect()
        } else {
            success
        };
        let declares = |h: &str| {
            responses
                .iter()
                .any(|(_, r)| response_header(*r, h).is_some())
        };
        let mut wanted = vec!["Deprecation"];
        if op.view.get("x-sunset").is_some() {
            wanted.push("Sunset");
        }
        wanted
            .into_iter()
            .filter(|h| !declares(h))
            .map(|h| {
                FnResult::at(
                    format!(
                        "Deprecated operation {} declares no {h} header in its responses",
                        op.name()
                    ),
                    op.at(&["deprecated"]),
                )
            })
            .collect()
    }
}
