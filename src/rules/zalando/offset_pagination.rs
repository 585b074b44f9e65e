//! #160: prefer cursor-based pagination, avoid offset-based pagination.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{PARAMETERS, Param, normalize};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-160-prefer-cursor-pagination";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 160,
    also: &[],
    level: Level::Should,
    title: "Prefer cursor-based pagination, avoid offset-based pagination",
    given: PARAMETERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports query parameters that page by position: `offset`, `page`,
`page_number`, `skip` (compared without case, `_` and `-`).

## Why is this bad?
Offset pagination gets slow on big data sets (the database counts
through all skipped rows), works poorly with sharded or NoSQL storage, and
shows duplicates or skips entries when data changes between page
requests. An opaque `cursor` avoids all three. Offsets remain acceptable
where jumping to a given page is a real use case.

## Example
```yaml
# Bad
- {name: offset, in: query, schema: {type: integer}}
# Good
- {name: cursor, in: query, schema: {type: string}}
```

## Options
- `names` (default `[offset, page, pagenumber, skip]`): the offset-style
  parameter names, lower case without `_` and `-`.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: header, schema: {type: integer}}
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    parameters:
      - {name: pageNumber, in: query, type: integer}
    get:
      parameters:
        - {name: offset, in: query, type: integer}
      responses:
        '200': {description: ok}
"#,
        findings: &[
            (
                "Query parameter \"pageNumber\" pages by offset; prefer cursor-based pagination",
                "/paths/~1orders/parameters/0",
            ),
            (
                "Query parameter \"offset\" pages by offset; prefer cursor-based pagination",
                "/paths/~1orders/get/parameters/0",
            ),
        ],
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
            names: ["offset", "page", "pagenumber", "skip"]
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
        let Some(p) = input
            .view()
            .and_then(|v| Param::new(v, ctx.path().to_vec()))
        else {
            return Vec::new();
        };
        if p.location != "query" || !self.names.contains(&normalize(p.name)) {
            return Vec::new();
        }
        vec![FnResult::here(format!(
            "Query parameter \"{}\" pages by offset; prefer cursor-based pagination",
            p.name
        ))]
    }
}
