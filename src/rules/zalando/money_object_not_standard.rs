//! #173: money is the common Money object (`amount` as decimal number
//! and `currency`, nothing else).

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, format, on_properties, types};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-173-money-object";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 173,
    also: &[],
    level: Level::Must,
    title: "Use the common money object",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Looks at object schemas with both an `amount` and a `currency` property,
which describe money:
- next to other properties, `amount` and `currency` should move into a
  Money object of their own (Money is a closed type, not a base to extend
  with e.g. `discounted_amount`);
- in a Money object, `amount` must be a `number` with format `decimal`,
  and `currency` a `string`.

The common definition can be referenced directly:
`https://opensource.zalando.com/restful-api-guidelines/models/money-1.0.0.yaml#/Money`.

## Why is this bad?
One money structure lets every client use the same library type (Java's
`BigDecimal`-based money types, for instance). Amounts as floats lose
cents; amounts in strings or integers of minor units need per-API
conversion rules; extended Money objects break that library support.

## Example
```yaml
# Bad
Price:
  type: object
  properties:
    amount: {type: number, format: double}
    currency: {type: string}
    discounted_amount: {type: number}
# Good
Price:
  type: object
  properties:
    regular: {$ref: 'https://opensource.zalando.com/restful-api-guidelines/models/money-1.0.0.yaml#/Money'}
    discounted: {$ref: 'https://opensource.zalando.com/restful-api-guidelines/models/money-1.0.0.yaml#/Money'}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Money:
      type: object
      properties:
        amount: {type: number, format: decimal}
        currency: {type: string, format: iso-4217}
      required: [amount, currency]
    Order:
      type: object
      properties:
        total: {$ref: '#/components/schemas/Money'}
        amount_of_items: {type: integer, format: int32}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Price:
      type: object
      properties:
        amount: {type: integer, format: int64}
        currency: {type: string}
    Fee:
      type: object
      properties:
        amount: {type: number, format: double}
        currency: {type: string}
"#,
            findings: &[
                (
                    "Money amount must be a number with format decimal, not integer",
                    "/components/schemas/Price/properties/amount",
                ),
                (
                    "Money amount must have format decimal, not double",
                    "/components/schemas/Fee/properties/amount",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Payment:
    type: object
    properties:
      id: {type: string}
      amount: {type: number, format: decimal}
      currency: {type: string}
"#,
            findings: &[(
                "amount and currency next to other properties (id): use a Money object for them",
                "/definitions/Payment/properties",
            )],
        },
    ],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let (Some(amount), Some(_)) = (props.get("amount"), props.get("currency")) else {
                return Vec::new();
            };
            // An amount that is itself an object is some other structure.
            if amount.get("properties").is_some() || types(amount).contains(&"object") {
                return Vec::new();
            }
            let others: Vec<&str> = props
                .members()
                .map(|(n, _)| n)
                .filter(|n| *n != "amount" && *n != "currency")
                .collect();
            if !others.is_empty() {
                let shown = if others.len() > 3 {
                    format!("{}, ...", others[..3].join(", "))
                } else {
                    others.join(", ")
                };
                return vec![FnResult::at(
                    format!(
                        "amount and currency next to other properties ({shown}): use a Money object for them"
                    ),
                    path.to_vec(),
                )];
            }
            let t: Vec<&str> = types(amount).into_iter().filter(|&t| t != "null").collect();
            let at = child(path, "amount");
            if let Some(other) = t.iter().find(|&&t| t != "number") {
                return vec![FnResult::at(
                    format!("Money amount must be a number with format decimal, not {other}"),
                    at,
                )];
            }
            match format(amount) {
                Some(f) if f != "decimal" => vec![FnResult::at(
                    format!("Money amount must have format decimal, not {f}"),
                    at,
                )],
                _ => Vec::new(),
            }
        })
    }
}
