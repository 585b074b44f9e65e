//! #171: `number` and `integer` schemas define their precision with a
//! format.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{SCHEMA_ROOTS, child, describe_in_cap, format, has_type, on_schemas};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-171-number-format";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 171,
    also: &[],
    level: Level::Must,
    title: "Define a format for number and integer types",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every schema and parameter of type `integer` or `number`: it must
have a `format` that defines its precision: `int32`, `int64` or `bigint`
for integers, `float`, `double` or `decimal` for numbers.

## Why is this bad?
Without a format, clients guess the precision, and a guess too small
silently changes values (an `int64` identifier read into a 32-bit
integer, an amount read into a float). With a format, generated code picks
the right type, e.g. `BigDecimal` for `decimal`.

## Example
```yaml
# Bad
page_size: {type: integer}
# Good
page_size: {type: integer, format: int32}
```

## Options
- `integer` (default `[int32, int64, bigint]`) and `number` (default
  `[float, double, decimal]`): the formats accepted for each type.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - name: limit
          in: query
          schema: {type: integer, format: int32}
      responses:
        '200': {description: ok}
components:
  schemas:
    Order:
      type: object
      properties:
        total: {type: number, format: decimal}
        count: {type: [integer, 'null'], format: int64}
        type: {type: string}
      example: {total: {type: integer}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, type: integer}
      responses:
        '200': {description: ok}
definitions:
  Order:
    type: object
    properties:
      total: {type: number, format: currency}
      counts:
        type: array
        items: {type: integer, format: int8}
"#,
        findings: &[
            (
                "Parameter \"limit\": integer without a format; use int32, int64 or bigint",
                "/paths/~1orders/get/parameters/0",
            ),
            (
                "Property \"total\": number format \"currency\" is not float, double or decimal",
                "/definitions/Order/properties/total/format",
            ),
            (
                "Items of property \"counts\": integer format \"int8\" is not int32, int64 or bigint",
                "/definitions/Order/properties/counts/items/format",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    integer: Vec<String>,
    number: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            integer: ["int32", "int64", "bigint"].map(String::from).to_vec(),
            number: ["float", "double", "decimal"].map(String::from).to_vec(),
        }
    }
}

#[derive(Debug)]
struct Check {
    integer: Vec<String>,
    number: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        integer: o.integer,
        number: o.number,
    }))
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_schemas(&input, ctx, |schema, path| {
            // A schema allowing both (`type: [integer, number]`) is judged
            // as a number, the wider type.
            let (kind, allowed) = if has_type(schema, "number") {
                ("number", &self.number)
            } else if has_type(schema, "integer") {
                ("integer", &self.integer)
            } else {
                return Vec::new();
            };
            let subject = describe_in_cap(ctx.root, path, Some(schema));
            match format(schema) {
                Some(f) if allowed.iter().any(|a| a == f) => Vec::new(),
                Some(f) => vec![FnResult::at(
                    format!(
                        "{subject}: {kind} format \"{f}\" is not {}",
                        or_list(allowed)
                    ),
                    child(path, "format"),
                )],
                None => vec![FnResult::at(
                    format!(
                        "{subject}: {kind} without a format; use {}",
                        or_list(allowed)
                    ),
                    path.to_vec(),
                )],
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_accept_more_formats() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: integer, format: int8}\n";
        fails_with(&RULE, "{integer: [int8, int32, int64]}", doc, &[]);
    }
}
