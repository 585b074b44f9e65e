//! #178: use `Content-*` headers correctly.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, no_options, response_headers};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-178-content-headers";

/// Headers that describe a message body.
const BODY_HEADERS: &[&str] = &[
    "Content-Type",
    "Content-Length",
    "Content-Encoding",
    "Content-Language",
    "Content-Disposition",
    "Content-Range",
    "Content-MD5",
];

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 178,
    also: &[],
    level: Level::Must,
    title: "Use `Content-*` headers correctly",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks where `Content-*` headers are declared. They describe a message's
body, so:
- a request header parameter `Content-Type`, `Content-Length`,
  `Content-Encoding`, `Content-Language`, `Content-Disposition`,
  `Content-Range` or `Content-MD5` needs an operation with a request body;
- `Content-Location` is a response header, not a request parameter;
- a 204 No Content response declares none of the body headers above.

Whether the headers are used with the right semantics cannot be seen from
the document.

## Why is this bad?
A content header without content is meaningless at best; clients and
proxies that act on it (length checks, decoding) fail at worst.

## Example
```yaml
# Bad
get:
  parameters:
    - {name: Content-Type, in: header, schema: {type: string}}
# Good
get:
  parameters:
    - {name: Accept, in: header, schema: {type: string}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      parameters:
        - {name: Content-Language, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        '201':
          description: created
          headers:
            Content-Language: {schema: {type: string}}
        '204':
          description: nothing
          headers:
            Location: {schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: content-type, in: header, schema: {type: string}}
        - {name: Content-Location, in: header, schema: {type: string}}
      responses:
        '204':
          description: nothing
          headers:
            Content-Length: {schema: {type: integer}}
"#,
        findings: &[
            (
                "Header parameter \"content-type\" describes a request body, but GET /orders has none",
                "/paths/~1orders/get/parameters",
            ),
            (
                "Content-Location is a response header, not a request parameter",
                "/paths/~1orders/get/parameters",
            ),
            (
                "204 response declares Content-Length, but has no content",
                "/paths/~1orders/get/responses/204/headers/Content-Length",
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

fn is_body_header(name: &str) -> bool {
    BODY_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let has_body = op.request_body_at().is_some();
        for p in op.parameters() {
            if p.location != "header" {
                continue;
            }
            // The list holding the parameter: a shared parameter may suit
            // another operation.
            let list = p.at[..p.at.len() - 1].to_vec();
            if p.name.eq_ignore_ascii_case("Content-Location") {
                out.push(FnResult::at(
                    "Content-Location is a response header, not a request parameter",
                    list,
                ));
            } else if !has_body && is_body_header(p.name) {
                out.push(FnResult::at(
                    format!(
                        "Header parameter \"{}\" describes a request body, but {} has none",
                        p.name,
                        op.name()
                    ),
                    list,
                ));
            }
        }
        if let Some(resp) = op.response("204") {
            for (name, _) in response_headers(resp) {
                if is_body_header(name) {
                    out.push(FnResult::at(
                        format!("204 response declares {name}, but has no content"),
                        op.at(&["responses", "204", "headers", name]),
                    ));
                }
            }
        }
        out
    }
}
