//! #154: define collection format of header and query parameters.

use serde_json::Value;

use super::http::{PARAMETERS, Param, is_array_schema, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::document::format::Formats;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-154-collection-format";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 154,
    also: &[],
    level: Level::Must,
    title: "Define collection format of header and query parameters",
    given: PARAMETERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks array-valued query and header parameters:
- OpenAPI 2: `collectionFormat` must be given, and be `csv` or `multi`
  for query parameters and `csv` for headers;
- OpenAPI 3: a query parameter must say how it is serialized (`style`
  or `explode`), with `style: form`; a header parameter, if it gives a
  `style`, must use `simple`.

## Why is this bad?
A list can travel as `?ids=a,b` or as `?ids=a&ids=b`. OpenAPI cannot
express both, and the defaults differ between versions and tools, so
clients guess wrong unless the format is written down. Headers repeat
only as comma-separated values.

## Example
```yaml
# Bad
- name: ids
  in: query
  schema: {type: array, items: {type: string}}
# Good
- name: ids
  in: query
  style: form
  explode: false
  schema: {type: array, items: {type: string}}
```
"#,
    pass: &[
        r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    parameters:
      - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}
    get:
      parameters:
        - {name: tags, in: query, style: form, schema: {type: array, items: {type: string}}}
        - {name: Accept-Encoding, in: header, schema: {type: array, items: {type: string}}}
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200': {description: ok}
"#,
        r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: ids, in: query, type: array, collectionFormat: multi, items: {type: string}}
        - {name: X-Tags, in: header, type: array, collectionFormat: csv, items: {type: string}}
      responses:
        '200': {description: ok}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: string}}}
        - {name: tags, in: query, style: pipeDelimited, schema: {type: [array, 'null'], items: {type: string}}}
        - {name: X-Tags, in: header, style: form, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok}
"#,
            findings: &[
                (
                    "Array query parameter \"ids\" does not define its collection format (style and explode)",
                    "/paths/~1orders/get/parameters/0",
                ),
                (
                    "Query parameter \"tags\" uses style \"pipeDelimited\"; use form",
                    "/paths/~1orders/get/parameters/1/style",
                ),
                (
                    "Header parameter \"X-Tags\" uses style \"form\"; use simple",
                    "/paths/~1orders/get/parameters/2/style",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: ids, in: query, type: array, items: {type: string}}
        - {name: tags, in: query, type: array, collectionFormat: pipes, items: {type: string}}
        - {name: X-Tags, in: header, type: array, collectionFormat: multi, items: {type: string}}
      responses:
        '200': {description: ok}
"#,
            findings: &[
                (
                    "Array query parameter \"ids\" does not define its collectionFormat (csv or multi)",
                    "/paths/~1orders/get/parameters/0",
                ),
                (
                    "Query parameter \"tags\" uses collectionFormat \"pipes\"; use csv or multi",
                    "/paths/~1orders/get/parameters/1/collectionFormat",
                ),
                (
                    "Header parameter \"X-Tags\" uses collectionFormat \"multi\"; use csv",
                    "/paths/~1orders/get/parameters/2/collectionFormat",
                ),
            ],
        },
    ],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(CODE, options)?;
    Ok(Box::new(Check))
}

fn child(at: &[PathSeg], key: &str) -> Vec<PathSeg> {
    let mut p = at.to_vec();
    p.push(PathSeg::Key(key.into()));
    p
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(view) = input.view() else {
            return Vec::new();
        };
        let Some(p) = Param::new(view, ctx.path().to_vec()) else {
            return Vec::new();
        };
        let (kind, query) = match p.location {
            "query" => ("Query", true),
            "header" => ("Header", false),
            _ => return Vec::new(),
        };
        let Some(schema) = p.schema() else {
            return Vec::new();
        };
        if !is_array_schema(schema) {
            return Vec::new();
        }
        let name = p.name;
        let location = p.location;
        if ctx.formats.intersects(Formats::OAS2) {
            let allowed: &[&str] = if query { &["csv", "multi"] } else { &["csv"] };
            return match view.get("collectionFormat").and_then(|f| f.as_str()) {
                None => vec![FnResult::at(
                    format!(
                        "Array {location} parameter \"{name}\" does not define its collectionFormat ({})",
                        allowed.join(" or ")
                    ),
                    p.at,
                )],
                Some(f) if !allowed.contains(&f) => vec![FnResult::at(
                    format!(
                        "{kind} parameter \"{name}\" uses collectionFormat \"{f}\"; use {}",
                        allowed.join(" or ")
                    ),
                    child(&p.at, "collectionFormat"),
                )],
                Some(_) => Vec::new(),
            };
        }
        let style = view.get("style").and_then(|s| s.as_str());
        let want = if query { "form" } else { "simple" };
        match style {
            Some(s) if s != want => vec![FnResult::at(
                format!("{kind} parameter \"{name}\" uses style \"{s}\"; use {want}"),
                child(&p.at, "style"),
            )],
            None if query && view.get("explode").is_none() => vec![FnResult::at(
                format!(
                    "Array query parameter \"{name}\" does not define its collection format (style and explode)"
                ),
                p.at,
            )],
            _ => Vec::new(),
        }
    }
}
