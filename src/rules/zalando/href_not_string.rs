//! #164: use common hypertext controls.

use serde_json::Value;

use super::common::in_data;
use super::http::{has_type, no_options, types};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-164-hypertext-controls";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 164,
    also: &[],
    level: Level::Must,
    title: "Use common hypertext controls",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
The guidelines reserve the property name `href` for hypertext controls,
objects whose `href` holds the linked resource's URI. This rule reports
`href` properties declared with a type other than `string`.

## Why is this bad?
Clients recognise links by their `href`; an `href` that is an object, a
number or an array is not a link and breaks that convention for every
client and tool.

## Example
```yaml
# Bad
Link:
  type: object
  properties:
    href:
      type: object
      properties: {url: {type: string}}
# Good
Link:
  type: object
  properties:
    href: {type: string, format: uri}
  required: [href]
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Link:
      type: object
      properties:
        href: {type: [string, 'null'], format: uri}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Person:
    type: object
    properties:
      spouse:
        type: object
        properties:
          href: {type: object}
"#,
        findings: &[(
            "Property \"href\" is reserved for link URIs and must be a string",
            "/definitions/Person/properties/spouse/properties/href",
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
        let Some(href) = props.get("href") else {
            return Vec::new();
        };
        if types(href).is_empty() || has_type(href, "string") {
            return Vec::new();
        }
        let mut at = path.to_vec();
        at.push(PathSeg::Key("href".into()));
        vec![FnResult::at(
            "Property \"href\" is reserved for link URIs and must be a string",
            at,
        )]
    }
}
