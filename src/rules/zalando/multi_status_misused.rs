//! #152: use code 207 for batch or bulk requests.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-152-multi-status-for-batch";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 152,
    also: &[],
    level: Level::Must,
    title: "Use code 207 for batch or bulk requests",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Where an operation declares 207 Multi-Status, checks that it is a batch or
bulk operation as the guidelines define it: a `POST` (or, for deleting
many resources at once, a `DELETE`), whose 207 response has a
multi-status body, and which declares no other 2xx response (a batch
request answers 207 even when every item succeeded or failed). Which
operations are batch operations that should use 207 cannot be told.

## Why is this bad?
Clients of batch and bulk requests must look at every item's result. A
207 without a body leaves them nothing to look at; a 200 next to it
invites them to skip the check when it seems all went well.

## Example
```yaml
# Bad
post:
  responses:
    '200': {description: All items stored}
    '207': {description: Some items stored}
# Good
post:
  responses:
    '207':
      description: Item results
      content:
        application/json:
          schema: {$ref: '#/components/schemas/BatchResponse'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders/batch:
    post:
      responses:
        '207':
          description: results
          content:
            application/json:
              schema: {type: object}
        '400': {description: bad}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    put:
      responses:
        '200': {description: ok}
        '207': {description: results}
"#,
            findings: &[
                (
                    "PUT /orders declares 200 next to 207; a batch or bulk request always answers 207",
                    "/paths/~1orders/put/responses/200",
                ),
                (
                    "207 Multi-Status is for batch or bulk POST requests, not PUT",
                    "/paths/~1orders/put/responses/207",
                ),
                (
                    "207 response declares no multi-status body",
                    "/paths/~1orders/put/responses/207",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      responses:
        '207': {description: results}
"#,
            findings: &[(
                "207 response declares no multi-status body",
                "/paths/~1orders/post/responses/207",
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
        let Some(resp) = op.response("207") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let at = op.at(&["responses", "207"]);
        if op.method != "post" && op.method != "delete" {
            out.push(FnResult::at(
                format!(
                    "207 Multi-Status is for batch or bulk POST requests, not {}",
                    op.method.to_ascii_uppercase()
                ),
                at.clone(),
            ));
        }
        let has_body = if op.oas2 {
            resp.get("schema").is_some()
        } else {
            resp.get("content").is_some_and(|c| !c.is_empty())
        };
        if !has_body {
            out.push(FnResult::at(
                "207 response declares no multi-status body",
                at,
            ));
        }
        for (key, _) in op.responses() {
            if key != "207" && Status::parse(key).class() == Some(2) {
                out.push(FnResult::at(
                    format!(
                        "{} declares {key} next to 207; a batch or bulk request always answers 207",
                        op.name()
                    ),
                    op.at(&["responses", key]),
                ));
            }
        }
        out
    }
}
