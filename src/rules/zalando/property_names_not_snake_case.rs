//! #118: property names must be snake_case (and never camelCase).

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, compile_patterns, in_data, parse_options};
use super::http::member_at;
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
                // The name is written here even when the value is a
                // `$ref`: report at the member, not at the ref's target.
                FnResult::at(
                    format!("Property name \"{name}\" is not {}", self.case.name()),
                    member_at(path, props, name),
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

    /// Regression: an inline schema under the `default` response was
    /// taken for example data (the response's name read as the `default`
    /// keyword), so its properties went unchecked.
    #[test]
    fn the_default_response_schema_is_checked() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses:\n        default:\n          description: error\n          content:\n            application/json:\n              schema:\n                properties:\n                  errorCode: {type: string}\n";
        fails_with(
            &RULE,
            "",
            doc,
            &[(
                "Property name \"errorCode\" is not snake_case",
                "/paths/~1pets/get/responses/default/content/application~1json/schema/properties/errorCode",
            )],
        );
    }

    /// Regression (adyen BalancePlatformPaymentNotification-v1:
    /// `originalAmount: {$ref: '#/components/schemas/Amount'}` was reported
    /// at `components.schemas.Amount`): a property whose value is a `$ref`
    /// is reported where its name is written, not at the ref's target.
    #[test]
    fn a_ref_valued_property_is_reported_where_it_is_named() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    Payment:\n      properties:\n        originalAmount: {$ref: '#/components/schemas/Amount'}\n    Amount:\n      properties:\n        value: {type: integer, format: int64}\n";
        fails_with(
            &RULE,
            "",
            doc,
            &[(
                "Property name \"originalAmount\" is not snake_case",
                "/components/schemas/Payment/properties",
            )],
        );
    }
}
