//! #118: property names must be snake_case (and never camelCase).

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, compile_patterns, in_data, parse_options};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-118-property-names-snake-case";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 118,
    also: &[],
    level: Level::Must,
    title: "Property names must be snake_case (and never camelCase)",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every property name of every schema (request and response bodies,
parameters, headers, components) against snake_case: lowercase letters,
digits and `_`, starting with a letter or `_` (`^[a-z_][a-z_0-9]*$`).
Names in example values are not checked.

## Why is this bad?
One naming style across all APIs of a company lets clients map payloads to
their types without per-API rules. The guidelines chose snake_case; a
camelCase property among snake_case ones is a bug report waiting to happen.

## Example
```yaml
# Bad
Order:
  type: object
  properties:
    orderId: {type: string}
# Good
Order:
  type: object
  properties:
    order_id: {type: string}
```

## Options
- `case` (default `snake`): the style property names must follow: `snake`,
  `camel`, `pascal`, `kebab` or `upper-snake`. A company that writes
  camelCase sets `case: camel`.
- `allow` (default `["^_links$", "^_embedded$", "^_meta$"]`): regular
  expressions of names that pass whatever the style.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        order_id: {type: string}
        _links: {type: object}
        line2: {type: string}
      example: {orderId: not checked}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      orderId: {type: string}
      items:
        type: array
        items:
          type: object
          properties:
            SKU: {type: string}
"#,
        findings: &[
            (
                "Property name \"orderId\" is not snake_case",
                "/definitions/Order/properties/orderId",
            ),
            (
                "Property name \"SKU\" is not snake_case",
                "/definitions/Order/properties/items/items/properties/SKU",
            ),
        ],
    }],
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
            allow: vec!["^_links$".into(), "^_embedded$".into(), "^_meta$".into()],
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
        let Some(props) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        // `properties` inside an example is data, and a schema property
        // that is itself named `properties` holds a schema, not names.
        let path = ctx.path();
        if in_data(path)
            || matches!(path.iter().rev().nth(1), Some(PathSeg::Key(k)) if k == "properties")
        {
            return Vec::new();
        }
        props
            .members()
            .filter(|(name, _)| {
                !self.case.matches(name) && !self.allow.iter().any(|r| r.is_match(name))
            })
            .map(|(name, _)| {
                let mut at = path.to_vec();
                at.push(PathSeg::Key(name.to_string()));
                FnResult::at(
                    format!("Property name \"{name}\" is not {}", self.case.name()),
                    at,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_choose_camel_case() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        orderId: {type: string}\n        order_id: {type: string}\n";
        fails_with(
            &RULE,
            "{case: camel}",
            doc,
            &[(
                "Property name \"order_id\" is not camelCase",
                "/components/schemas/A/properties/order_id",
            )],
        );
    }
}
