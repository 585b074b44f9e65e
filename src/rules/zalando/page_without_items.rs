//! #248: use pagination response page object.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, is_array_schema, matched_page_object};
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
        let Some((props, at)) = matched_page_object(input, ctx) else {
            return Vec::new();
        };
        if props
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

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    /// Regression (amazonaws.com_macie2 `ListAllowListsResponse`): the
    /// page's array is written as `allOf: [{$ref: list}, {description}]`;
    /// it still makes the body a page, which then lacks `items`.
    #[test]
    fn an_array_behind_all_of_makes_a_page() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /allow-lists:\n    get:\n      parameters:\n        - {name: next_token, in: query, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer, format: int32}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  allow_lists:\n                    allOf:\n                      - $ref: '#/components/schemas/AllowLists'\n                      - description: One entry per allow list.\ncomponents:\n  schemas:\n    AllowLists: {type: array, items: {type: object}}\n";
        fails_with(
            &RULE,
            "",
            doc,
            &[(
                "Page object has no \"items\" array",
                "/paths/~1allow-lists/get/responses/200/content/application~1json/schema",
            )],
        );
    }
}
