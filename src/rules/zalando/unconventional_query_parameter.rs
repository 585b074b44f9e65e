//! #137: stick to conventional query parameters.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{PARAMETERS, Param, has_type, is_array_schema, normalize, types};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-137-conventional-query-parameters";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 137,
    also: &[],
    level: Level::Must,
    title: "Stick to conventional query parameters",
    given: PARAMETERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks query parameters against the guidelines' conventional names:
- the conventional parameters have their conventional types: `q`,
  `cursor`, `embed` strings; `sort` and `fields` strings or arrays of
  strings; `offset` and `limit` integers;
- common synonyms are reported with the name to use instead:
  `page_size`, `per_page`, `max_results`, ... → `limit`; `order_by`,
  `sort_by` → `sort`; `page_token`, `next_token`, `continuation_token`
  → `cursor`; `expand` → `embed` (compared without case, `_` and `-`).

## Why is this bad?
The same concept under the same name in every API lets clients and
tooling paginate, sort and filter without reading each API's manual.

## Example
```yaml
# Bad
- {name: page_size, in: query, schema: {type: integer}}
- {name: limit, in: query, schema: {type: string}}
# Good
- {name: limit, in: query, schema: {type: integer, format: int32}}
```

## Options
- `synonyms` (default: the list above): a mapping from conventional name
  to the names (lower case without `_` and `-`) that should be replaced
  by it. Replaces the default mapping.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: sort, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: page_size, in: header, schema: {type: integer}}
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, type: string}
        - {name: pageSize, in: query, type: integer}
        - {name: order_by, in: query, type: string}
      responses:
        '200': {description: ok}
"#,
        findings: &[
            (
                "Query parameter \"limit\" must be an integer",
                "/paths/~1orders/get/parameters/0",
            ),
            (
                "Query parameter \"pageSize\" should be named \"limit\"",
                "/paths/~1orders/get/parameters/1",
            ),
            (
                "Query parameter \"order_by\" should be named \"sort\"",
                "/paths/~1orders/get/parameters/2",
            ),
        ],
    }],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    synonyms: Option<BTreeMap<String, Vec<String>>>,
}

fn default_synonyms() -> BTreeMap<String, Vec<String>> {
    let list = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
    BTreeMap::from([
        (
            "limit".to_string(),
            list(&[
                "pagesize",
                "perpage",
                "maxresults",
                "pagelimit",
                "itemsperpage",
                "resultsperpage",
                "maxitems",
            ]),
        ),
        ("sort".to_string(), list(&["orderby", "sortby", "ordering"])),
        (
            "cursor".to_string(),
            list(&[
                "pagetoken",
                "nextpagetoken",
                "nexttoken",
                "continuationtoken",
            ]),
        ),
        ("embed".to_string(), list(&["expand"])),
    ])
}

#[derive(Debug)]
struct Check {
    /// Replaced name (normalized) → conventional name.
    synonyms: Vec<(String, String)>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let synonyms = o
        .synonyms
        .unwrap_or_else(default_synonyms)
        .into_iter()
        .flat_map(|(to, from)| from.into_iter().map(move |f| (normalize(&f), to.clone())))
        .collect();
    Ok(Box::new(Check { synonyms }))
}

/// Whether a schema fits the conventional parameter `name`'s type; `None`
/// when `name` is not conventional. An undeclared type fits.
fn fits(name: &str, schema: crate::document::View<'_>) -> Option<(bool, &'static str)> {
    fn string(s: crate::document::View<'_>) -> bool {
        types(s).is_empty() || has_type(s, "string")
    }
    let strings = |s: crate::document::View<'_>| {
        string(s) || (is_array_schema(s) && s.get("items").is_none_or(|i| string(i)))
    };
    Some(match name {
        "q" | "cursor" | "embed" => (string(schema), "a string"),
        "sort" | "fields" => (strings(schema), "a string or an array of strings"),
        "offset" | "limit" => (
            types(schema).is_empty() || has_type(schema, "integer") || has_type(schema, "number"),
            "an integer",
        ),
        _ => return None,
    })
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(p) = input
            .view()
            .and_then(|v| Param::new(v, ctx.path().to_vec()))
        else {
            return Vec::new();
        };
        if p.location != "query" {
            return Vec::new();
        }
        if let Some(schema) = p.schema()
            && let Some((false, want)) = fits(p.name, schema)
        {
            return vec![FnResult::here(format!(
                "Query parameter \"{}\" must be {want}",
                p.name
            ))];
        }
        let n = normalize(p.name);
        self.synonyms
            .iter()
            .find(|(from, _)| *from == n)
            .map(|(_, to)| {
                FnResult::here(format!(
                    "Query parameter \"{}\" should be named \"{to}\"",
                    p.name
                ))
            })
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_choose_synonyms() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: top, in: query, schema: {type: integer}}\n        - {name: page_size, in: query, schema: {type: integer}}\n      responses:\n        '200': {description: x}\n";
        fails_with(
            &RULE,
            "{synonyms: {limit: [top]}}",
            doc,
            &[(
                "Query parameter \"top\" should be named \"limit\"",
                "/paths/~1a/get/parameters/0",
            )],
        );
    }
}
