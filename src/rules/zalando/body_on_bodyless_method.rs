//! #148: use HTTP methods correctly.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options, report_at};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-148-no-body-on-get-head-delete";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 148,
    also: &[],
    level: Level::Must,
    title: "Use HTTP methods correctly",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the parts of HTTP method semantics a document shows:
- `GET`, `HEAD` and `DELETE` requests declare no body (OpenAPI 3
  `requestBody`, OpenAPI 2 `body` or `formData` parameters); a body whose
  schemas all admit only the empty object (`properties: {}` with
  `additionalProperties: false`, as some generators write) passes;
- `HEAD` responses declare no body.

## Why is this bad?
A server must ignore a `GET` body, and many clients, proxies and
frameworks drop it; `DELETE` bodies have no defined meaning. Queries that
do not fit into query parameters go into a `POST` documented as
"GET with body" (or "DELETE with body"). A `HEAD` response never has a
body, so declaring one misleads.

## Example
```yaml
# Bad
/orders:
  get:
    requestBody:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/OrderQuery'}
# Good
/orders/search:
  post:
    description: GET with body - returns the orders matching the query.
    requestBody:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/OrderQuery'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
    head:
      responses:
        '200':
          description: ok
          headers:
            ETag: {schema: {type: string}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        '201': {description: created}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        '200': {description: ok}
    head:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
"#,
            findings: &[
                (
                    "GET request declares a body; pass query parameters, or use POST (GET with body)",
                    "/paths/~1orders/get/requestBody",
                ),
                (
                    "HEAD response 200 declares a body, but HEAD responses have none",
                    "/paths/~1orders/head/responses",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders/{id}:
    delete:
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: reason, in: body, schema: {type: object}}
      responses:
        '204': {description: deleted}
"#,
            findings: &[(
                "DELETE request declares a body; use POST (DELETE with body)",
                "/paths/~1orders~1{id}/delete/parameters/1",
            )],
        },
    ],
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
        let advice = match op.method.as_str() {
            "get" => "pass query parameters, or use POST (GET with body)",
            "delete" => "use POST (DELETE with body)",
            "head" => "HEAD requests carry none",
            _ => return out,
        };
        let empty = |m: &super::http::Media<'_>| {
            m.schema.is_some_and(|s| {
                s.get("properties").is_some_and(|p| p.is_empty())
                    && s.get("additionalProperties").and_then(|a| a.as_bool()) == Some(false)
            })
        };
        let media = op.request_media();
        let declared = op
            .request_body_at()
            .filter(|_| media.is_empty() || !media.iter().all(empty));
        if let Some(at) = declared {
            out.push(FnResult::at(
                format!(
                    "{} request declares a body; {advice}",
                    op.method.to_ascii_uppercase()
                ),
                report_at(ctx.root, &at),
            ));
        }
        if op.method == "head" {
            for (key, resp) in op.responses() {
                let body = if op.oas2 {
                    resp.get("schema").is_some()
                } else {
                    resp.get("content").is_some_and(|c| !c.is_empty())
                };
                if body && Status::parse(key).class() == Some(2) {
                    out.push(FnResult::at(
                        format!(
                            "HEAD response {key} declares a body, but HEAD responses have none"
                        ),
                        op.at(&["responses"]),
                    ));
                }
            }
        }
        out
    }
}
