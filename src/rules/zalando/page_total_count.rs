//! #254: avoid a total result count.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, join, matched_page, normalize, properties, report_at};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-254-no-total-count";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 254,
    also: &[],
    level: Level::Should,
    title: "Avoid a total result count",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For paginated `GET` operations (those taking a pagination query parameter
such as `cursor`, `offset` or `limit`), reports properties of the 200
JSON response object that hold a total result count: `total`,
`total_count`, `total_elements`, `total_items`, `total_results`,
`total_pages`, ... (compared without case, `_` and `-`).

## Why is this bad?
Counting all results of a query needs a full index scan; it gets more
expensive as data grows, and once clients rely on the number it cannot be
removed. Clients that really need it can ask via `Prefer:
return=total-count`.

## Example
```yaml
# Bad
OrderPage:
  properties:
    total_count: {type: integer}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
# Good
OrderPage:
  properties:
    next: {type: string, format: uri}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
```

## Options
- `names` (default `[total, totalcount, totalelements, totalitems,
  totalresults, totalpages, totalhits, totalrecords, totalentries,
  totalsize]`): the count property names, lower case without `_` and `-`.
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
                  next: {type: string}
                  items: {type: array, items: {type: object}}
  /stats:
    get:
      responses:
        '200':
          description: not paginated
          content:
            application/json:
              schema:
                type: object
                properties:
                  total: {type: integer}
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
              schema:
                type: object
                properties:
                  totalCount: {type: integer}
                  items: {type: array, items: {type: object}}
"#,
        findings: &[(
            "Page object exposes a total result count (\"totalCount\")",
            "/paths/~1orders/get/responses/200/content/application~1json/schema/properties/totalCount",
        )],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    names: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            names: [
                "total",
                "totalcount",
                "totalelements",
                "totalitems",
                "totalresults",
                "totalpages",
                "totalhits",
                "totalrecords",
                "totalentries",
                "totalsize",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    names: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        names: o.names.iter().map(|n| normalize(n)).collect(),
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some((schema, at)) = matched_page(input, ctx) else {
            return Vec::new();
        };
        properties(schema)
            .into_iter()
            .filter(|(n, _, _)| self.names.contains(&normalize(n)))
            .map(|(n, _, rel)| {
                FnResult::at(
                    format!("Page object exposes a total result count (\"{n}\")"),
                    report_at(ctx.root, &join(&at, &rel)),
                )
            })
            .collect()
    }
}
