//! #248: use pagination response page object.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, Operation, is_array_schema, paginated_response, properties};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-248-page-object";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 248,
    also: &[],
    level: Level::Should,
    title: "Use pagination response page object",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For paginated `GET` operations (those taking a pagination query parameter
such as `cursor`, `offset` or `limit`), checks that the 200 JSON response
object carries the page content in an `items` array, as the guidelines'
page object does (next to `self`, `first`, `prev`, `next`, `last` and
`query`). Bare array responses are left to the top-level object rule
(#110).

## Why is this bad?
One page shape across APIs lets clients page through any collection with
the same code.

## Example
```yaml
# Bad
OrderPage:
  type: object
  properties:
    orders: {type: array, items: {$ref: '#/components/schemas/Order'}}
# Good
OrderPage:
  type: object
  properties:
    next: {type: string, format: uri}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
```

## Options
- `items` (default `items`): the name of the page content array.
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
                allOf:
                  - $ref: '#/components/schemas/Page'
                  - properties:
                      items: {type: array, items: {type: object}}
components:
  schemas:
    Page:
      type: object
      properties:
        next: {type: string}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OrderPage'}
components:
  schemas:
    OrderPage:
      type: object
      properties:
        orders: {type: array, items: {type: object}}
"#,
        findings: &[(
            "Page object has no \"items\" array",
            "/components/schemas/OrderPage",
        )],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    items: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            items: "items".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    items: String,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { items: o.items }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let Some((schema, at)) = paginated_response(&op) else {
            return Vec::new();
        };
        if is_array_schema(schema) {
            return Vec::new();
        }
        let props = properties(schema);
        if props.is_empty()
            || props
                .iter()
                .any(|(n, p, _)| *n == self.items && is_array_schema(*p))
        {
            return Vec::new();
        }
        vec![FnResult::at(
            format!("Page object has no \"{}\" array", self.items),
            at,
        )]
    }
}
