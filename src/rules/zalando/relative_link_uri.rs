//! #217: use full, absolute URI for resource identification.

use serde_json::Value;

use super::common::in_data;
use super::http::{is_array_schema, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-217-absolute-link-uris";

/// Formats that admit relative references.
const RELATIVE: &[&str] = &[
    "uri-reference",
    "iri-reference",
    "relative-uri",
    "relative-reference",
    "relative-url",
];

/// Pagination link names, checked in page objects.
const PAGE_LINKS: &[&str] = &["self", "first", "prev", "next", "last"];

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 217,
    also: &[],
    level: Level::Must,
    title: "Use full, absolute URI for resource identification",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports link properties whose `format` admits relative URIs
(`uri-reference`, `iri-reference`, `relative-uri`, ...): `href` in any
schema, and `self`, `first`, `prev`, `next`, `last` in page objects
(schemas that also have an `items` array). Links without a `format` are
not reported.

## Why is this bad?
A relative link needs a base URI the client may not know (for embedded
sub-resources, behind gateways), which adds client-side complexity for a
few saved bytes that gzip saves anyway.

## Example
```yaml
# Bad
href: {type: string, format: uri-reference}
# Good
href: {type: string, format: uri}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Problem:
      type: object
      properties:
        type: {type: string, format: uri-reference}
        instance: {type: string, format: uri-reference}
    Page:
      type: object
      properties:
        next: {type: string, format: uri}
        items: {type: array, items: {type: object}}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Link:
      type: object
      properties:
        href: {type: string, format: uri-reference}
    Page:
      type: object
      properties:
        next: {type: string, format: uri-reference}
        items: {type: array, items: {type: object}}
"#,
        findings: &[
            (
                "Link \"href\" admits relative URIs (format uri-reference); links must be absolute (format uri)",
                "/components/schemas/Link/properties/href/format",
            ),
            (
                "Link \"next\" admits relative URIs (format uri-reference); links must be absolute (format uri)",
                "/components/schemas/Page/properties/next/format",
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
        let Some(props) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let path = ctx.path();
        if in_data(path)
            || matches!(path.iter().rev().nth(1), Some(PathSeg::Key(k)) if k == "properties")
        {
            return Vec::new();
        }
        let page = props.get("items").is_some_and(is_array_schema);
        props
            .members()
            .filter(|(name, _)| *name == "href" || (page && PAGE_LINKS.contains(name)))
            .filter_map(|(name, p)| {
                let format = p.get("format")?.as_str()?;
                if !RELATIVE.contains(&format) {
                    return None;
                }
                let mut at = path.to_vec();
                at.push(PathSeg::Key(name.to_string()));
                at.push(PathSeg::Key("format".into()));
                Some(FnResult::at(
                    format!(
                        "Link \"{name}\" admits relative URIs (format {format}); links must be absolute (format uri)"
                    ),
                    at,
                ))
            })
            .collect()
    }
}
