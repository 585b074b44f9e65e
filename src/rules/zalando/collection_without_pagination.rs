//! #159: support pagination.

use serde_json::Value;

use super::http::{
    OPERATIONS, Operation, is_array_schema, no_options, ok_json_schema, property,
    takes_paging_params,
};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-159-pagination";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 159,
    also: &[],
    level: Level::Must,
    title: "Support pagination",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Finds `GET` operations on collection paths (the last path segment is not
a parameter) whose 200 JSON response is a list — a bare array, or an
object with an `items` array — and checks that they take a pagination
query parameter (`cursor`, `offset`, `limit`, or a common equivalent such
as `page`, `page_size`, `page_token`). Whether a list can grow beyond a
few hundred entries cannot be known, so short fixed lists are reported
too.

## Why is this bad?
An unpaginated list grows with the data until responses time out, exhaust
memory, or overload the service; adding pagination later breaks clients
that expect the whole list.

## Example
```yaml
# Bad
/orders:
  get:
    responses:
      '200':
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderList'}
# Good
/orders:
  get:
    parameters:
      - {name: cursor, in: query, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer, format: int32}}
    responses:
      '200':
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderPage'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: object}}
  /orders/{id}:
    get:
      responses:
        '200':
          description: an order with line items
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: object}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/json]
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/OrderList'}
  /customers:
    get:
      responses:
        '200':
          description: ok
          schema: {type: array, items: {type: object}}
definitions:
  OrderList:
    type: object
    properties:
      items: {type: array, items: {type: object}}
"#,
        findings: &[
            (
                "GET /orders returns a collection but takes no pagination parameters (cursor or offset, and limit)",
                "/paths/~1orders/get",
            ),
            (
                "GET /customers returns a collection but takes no pagination parameters (cursor or offset, and limit)",
                "/paths/~1customers/get",
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
        let last = op
            .path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        if op.method != "get" || last.is_empty() || last.contains('{') || takes_paging_params(&op) {
            return Vec::new();
        }
        let Some((schema, _)) = ok_json_schema(&op) else {
            return Vec::new();
        };
        let list = is_array_schema(schema)
            || property(schema, "items").is_some_and(|(items, _)| is_array_schema(items));
        if !list {
            return Vec::new();
        }
        vec![FnResult::here(format!(
            "{} returns a collection but takes no pagination parameters (cursor or offset, and limit)",
            op.name()
        ))]
    }
}
