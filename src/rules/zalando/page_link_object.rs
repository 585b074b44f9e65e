//! #165: use simple hypertext controls for pagination and self-references.

use serde_json::Value;

use super::common::in_data;
use super::http::{has_type, is_array_schema, no_options, report_at};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-165-simple-pagination-links";

/// Pagination and self link names.
const PAGE_LINKS: &[&str] = &["self", "first", "prev", "next", "last"];

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 165,
    also: &[],
    level: Level::Should,
    title: "Use simple hypertext controls for pagination and self-references",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
In page objects (schemas with an `items` array), reports the pagination
and self links `self`, `first`, `prev`, `next`, `last` declared as
objects (link objects with an `href`) rather than as plain URI strings.

## Why is this bad?
Pagination links need nothing beyond the URI; the guidelines use plain
strings for them to keep specifications and clients simple, and keep the
full hypertext control object for links that carry more information.

## Example
```yaml
# Bad
OrderPage:
  properties:
    next:
      type: object
      properties: {href: {type: string, format: uri}}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
# Good
OrderPage:
  properties:
    next: {type: string, format: uri}
    items: {type: array, items: {$ref: '#/components/schemas/Order'}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Page:
      type: object
      properties:
        self: {type: string, format: uri}
        next: {type: string, format: uri}
        items: {type: array, items: {type: object}}
    Order:
      type: object
      properties:
        next:
          type: object
          description: not a page object
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Page:
    type: object
    properties:
      next:
        $ref: '#/definitions/Link'
      items: {type: array, items: {type: object}}
  Link:
    type: object
    properties:
      href: {type: string, format: uri}
"#,
        findings: &[(
            "Pagination link \"next\" should be a plain URI string, not an object",
            "/definitions/Page/properties",
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
        let Some(props) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let path = ctx.path();
        if in_data(path)
            || matches!(path.iter().rev().nth(1), Some(PathSeg::Key(k)) if k == "properties")
        {
            return Vec::new();
        }
        if !props.get("items").is_some_and(is_array_schema) {
            return Vec::new();
        }
        props
            .members()
            .filter(|(name, p)| {
                PAGE_LINKS.contains(name)
                    && (has_type(*p, "object") || p.get("properties").is_some())
            })
            .map(|(name, _)| {
                let mut at = path.to_vec();
                at.push(PathSeg::Key(name.to_string()));
                FnResult::at(
                    format!(
                        "Pagination link \"{name}\" should be a plain URI string, not an object"
                    ),
                    report_at(ctx.root, &at),
                )
            })
            .collect()
    }
}
