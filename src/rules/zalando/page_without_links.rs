//! #161: use pagination links.

use serde_json::Value;

use super::http::{OPERATIONS, matched_page_object, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-161-pagination-links";

/// Property names that navigate between pages.
const LINKS: &[&str] = &[
    "self", "first", "prev", "previous", "next", "last", "_links", "links",
];

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 161,
    also: &[],
    level: Level::Should,
    title: "Use pagination links",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For paginated `GET` operations (those taking a pagination query parameter
such as `cursor`, `offset` or `limit`), checks that the 200 JSON response
object offers a way to the other pages: a `self`, `first`, `prev`,
`next` or `last` property (a property starting with `next` or `prev`, or
a `_links`/`links` object, counts too). Bare array responses are left to
the top-level object rule (#110).

## Why is this bad?
With pagination links clients follow `next` until it is missing, instead
of building page requests themselves, which couples them to the paging
technique and its parameters.

## Example
```yaml
# Bad
OrderPage:
  type: object
  properties:
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
# Good
OrderPage:
  type: object
  properties:
    self: {type: string, format: uri}
    next: {type: string, format: uri}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
```
"#,
    pass: &[
        r#"
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
                  next_cursor: {type: string}
                  items: {type: array, items: {type: object}}
"#,
        // Regression (kubernetes.io: `GET /api/v1/watch/pods` takes
        // `limit` but answers one `WatchEvent` `{type, object}`): a body
        // holding no array is not a page.
        r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /watch/pods:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/WatchEvent'}
components:
  schemas:
    WatchEvent:
      type: object
      properties:
        type: {type: string}
        object: {type: object}
"#,
    ],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/json]
paths:
  /orders:
    get:
      parameters:
        - {name: offset, in: query, type: integer}
      responses:
        '200':
          description: ok
          schema:
            type: object
            properties:
              items: {type: array, items: {type: object}}
"#,
        findings: &[(
            "Page object has no pagination links (self, first, prev, next, last)",
            "/paths/~1orders/get/responses/200/schema",
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
        let Some((props, at)) = matched_page_object(input, ctx) else {
            return Vec::new();
        };
        let linked = props.iter().any(|(n, _, _)| {
            let n = n.to_ascii_lowercase();
            LINKS.contains(&n.as_str()) || n.starts_with("next") || n.starts_with("prev")
        });
        if linked {
            return Vec::new();
        }
        vec![FnResult::at(
            "Page object has no pagination links (self, first, prev, next, last)",
            at,
        )]
    }
}
