//! #130: query parameter names must be snake_case (never camelCase).

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, compile_patterns, parse_options};
use super::paths::{PARAMETERS, key_path};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-130-query-parameters-snake-case";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 130,
    also: &[],
    level: Level::Must,
    title: "Use snake_case (never camelCase) for query parameters",
    given: PARAMETERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the name of every query parameter (`in: query`), on paths, on
operations and among the reusable parameters, against snake_case:
lowercase letters, digits and `_`, starting with a letter or `_`.

## Why is this bad?
Query parameters are named like the properties they often filter on. One
style for both lets clients build queries from field names without
translating, and keeps URLs of all APIs of a company alike.

## Example
```yaml
# Bad
parameters:
  - {name: createdAfter, in: query, schema: {type: string}}
# Good
parameters:
  - {name: created_after, in: query, schema: {type: string}}
```

## Options
- `case` (default `snake`): the style query parameter names must follow:
  `snake`, `camel`, `pascal`, `kebab` or `upper-snake`.
- `allow` (default `[]`): regular expressions of names that pass whatever
  the style (e.g. `"^\\$"` for OData's `$filter`).
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    parameters:
      - {name: X-Flow-ID, in: header, schema: {type: string}}
    get:
      parameters:
        - {name: created_after, in: query, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
        - {name: order-id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: createdAfter, in: query, type: string}
        - $ref: '#/parameters/PageSize'
      responses: {'200': {description: ok}}
parameters:
  PageSize: {name: page-size, in: query, type: integer}
"#,
            findings: &[
                (
                    "Query parameter \"createdAfter\" is not snake_case",
                    "/paths/~1orders/get/parameters/0/name",
                ),
                (
                    "Query parameter \"page-size\" is not snake_case",
                    "/parameters/PageSize/name",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  parameters:
    Sort: {name: sortBy, in: query, schema: {type: string}}
"#,
            findings: &[(
                "Query parameter \"sortBy\" is not snake_case",
                "/components/parameters/Sort/name",
            )],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    case: Case,
    allow: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            case: Case::Snake,
            allow: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Check {
    case: Case,
    allow: Vec<regex::Regex>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        case: o.case,
        allow: compile_patterns(CODE, &o.allow)?,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(param) = input.view() else {
            return Vec::new();
        };
        if param.get("in").and_then(|v| v.as_str()) != Some("query") {
            return Vec::new();
        }
        let Some(name) = param.get("name").and_then(|v| v.as_str()) else {
            return Vec::new();
        };
        if self.case.matches(name) || self.allow.iter().any(|r| r.is_match(name)) {
            return Vec::new();
        }
        vec![FnResult::at(
            format!("Query parameter \"{name}\" is not {}", self.case.name()),
            key_path(ctx.path(), "name"),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_choose_camel_case() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: pageSize, in: query}\n        - {name: page_size, in: query}\n        - {name: $filter, in: query}\n      responses: {'200': {description: ok}}\n";
        fails_with(
            &RULE,
            "{case: camel, allow: ['^\\$']}",
            doc,
            &[(
                "Query parameter \"page_size\" is not camelCase",
                "/paths/~1a/get/parameters/1/name",
            )],
        );
    }
}
