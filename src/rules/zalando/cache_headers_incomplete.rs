//! #227: document cacheable `GET`, `HEAD`, and `POST` endpoints.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options, response_header};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-227-cacheable-endpoints";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 227,
    also: &[],
    level: Level::Must,
    title: "Document cacheable `GET`, `HEAD`, and `POST` endpoints",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the success (2xx) responses of `GET`, `HEAD` and `POST` operations
that document caching, i.e. declare a `Cache-Control` header: they must
also declare `Vary` and `ETag`, and no response may declare `Expires`
(its lifetime would compete with `Cache-Control`'s `max-age`). Responses
without `Cache-Control` are taken as not cacheable (`no-store`, the
guidelines' default), which needs no documentation.

## Why is this bad?
Caching is opt-in. A service that supports it must say so completely:
`Cache-Control` for the lifetime and scope, `Vary` for what the response
depends on, and `ETag` so clients can revalidate. `Expires` next to
`Cache-Control` gives two, possibly contradicting, lifetimes.

## Example
```yaml
# Bad
'200':
  description: The country list
  headers:
    Cache-Control: {schema: {type: string}}
    Expires: {schema: {type: string}}
# Good
'200':
  description: The country list
  headers:
    Cache-Control: {schema: {type: string}}
    Vary: {schema: {type: string}}
    ETag: {schema: {type: string}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /countries:
    get:
      responses:
        '200':
          description: ok
          headers:
            cache-control: {schema: {type: string}}
            Vary: {schema: {type: string}}
            ETag: {schema: {type: string}}
    put:
      responses:
        '200':
          description: not a cacheable method
          headers:
            Cache-Control: {schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /countries:
    get:
      responses:
        '200':
          description: ok
          headers:
            Cache-Control: {type: string}
            Expires: {type: string}
"#,
        findings: &[
            (
                "Cacheable response declares Cache-Control but not Vary and ETag",
                "/paths/~1countries/get/responses/200/headers/Cache-Control",
            ),
            (
                "Response declares Expires; use Cache-Control max-age instead",
                "/paths/~1countries/get/responses/200/headers/Expires",
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
        if !matches!(op.method.as_str(), "get" | "head" | "post") {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (key, resp) in op.responses() {
            if Status::parse(key).class() != Some(2) {
                continue;
            }
            if let Some((name, _)) = response_header(resp, "Cache-Control") {
                let missing: Vec<&str> = ["Vary", "ETag"]
                    .into_iter()
                    .filter(|h| response_header(resp, h).is_none())
                    .collect();
                if !missing.is_empty() {
                    out.push(FnResult::at(
                        format!(
                            "Cacheable response declares Cache-Control but not {}",
                            missing.join(" and ")
                        ),
                        op.at(&["responses", key, "headers", name]),
                    ));
                }
            }
            if let Some((name, _)) = response_header(resp, "Expires") {
                out.push(FnResult::at(
                    "Response declares Expires; use Cache-Control max-age instead",
                    op.at(&["responses", key, "headers", name]),
                ));
            }
        }
        out
    }
}
