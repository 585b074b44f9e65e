//! #166: do not use link headers with JSON entities.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, no_options, response_headers};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-166-no-link-headers";

const MESSAGE: &str = "Do not use the Link header; embed links in the JSON payload";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 166,
    also: &[],
    level: Level::Must,
    title: "Not use link headers with JSON entities",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports `Link` headers (RFC 8288), in response headers and in header
parameters, compared without case.

## Why is this bad?
Links in the JSON payload are more flexible and precise than the Link
header's syntax, which few clients parse, and they keep all of a
resource's information in one place. Pagination links belong in the page
object (`next`, `prev`, ...).

## Example
```yaml
# Bad
'200':
  description: A page of orders
  headers:
    Link: {schema: {type: string}}
# Good
'200':
  description: A page of orders
  content:
    application/json:
      schema: {$ref: '#/components/schemas/OrderPage'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          headers:
            Location: {schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: link, in: header, type: string}
      responses:
        '200':
          description: ok
          headers:
            Link: {type: string}
"#,
        findings: &[
            (MESSAGE, "/paths/~1orders/get/parameters/0"),
            (MESSAGE, "/paths/~1orders/get/responses/200/headers/Link"),
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
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out: Vec<FnResult> = op
            .parameters()
            .into_iter()
            .filter(|p| p.is("header", "Link"))
            .map(|p| FnResult::at(MESSAGE, p.at))
            .collect();
        for (key, resp) in op.responses() {
            for (name, _) in response_headers(resp) {
                if name.eq_ignore_ascii_case("Link") {
                    out.push(FnResult::at(
                        MESSAGE,
                        op.at(&["responses", key, "headers", name]),
                    ));
                }
            }
        }
        out
    }
}
