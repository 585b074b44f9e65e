//! #182: consider to support `ETag` together with `If-Match`/`If-None-Match`.

use serde_json::Value;

use super::http::{Operation, Status, no_options, response_header};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::document::format::Formats;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-182-etag-with-conditional-headers";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 182,
    also: &[],
    level: Level::May,
    title: "Consider to support `ETag` together with `If-Match`/`If-None-Match` header",
    given: &["$.paths[*]"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Where an operation accepts the conditional request headers, checks that
the rest of the pattern is declared too:
- `If-Match` needs a 412 Precondition Failed response and an `ETag`
  response header on some operation of the same path (where clients get
  the entity tag from);
- `If-None-Match` on `GET` or `HEAD` needs a 304 Not Modified response and
  an `ETag` header on that operation's responses; on other methods (e.g.
  `If-None-Match: *` to create only once) it needs a 412 response.

A `default` response or a `4XX` range counts as declaring 412. Whether to
support conditional requests at all is the API's choice.

## Why is this bad?
Clients can only send an entity tag they were given, and they need to know
what answer a failed condition produces; half a pattern leaves them
guessing.

## Example
```yaml
# Bad
put:
  parameters:
    - {name: If-Match, in: header, schema: {type: string}}
  responses:
    '200': {description: Updated}
# Good
get:
  responses:
    '200':
      description: The order
      headers:
        ETag: {schema: {type: string}}
put:
  parameters:
    - {name: If-Match, in: header, schema: {type: string}}
  responses:
    '200': {description: Updated}
    '412': {description: The order was changed meanwhile}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: If-None-Match, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers:
            ETag: {schema: {type: string}}
        '304': {description: not modified}
    put:
      parameters:
        - {name: if-match, in: header, schema: {type: string}}
      responses:
        '200': {description: ok}
        default: {description: error}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: If-None-Match, in: header, type: string}
      responses:
        '200': {description: ok}
    patch:
      parameters:
        - {name: If-Match, in: header, type: string}
      responses:
        '200': {description: ok}
"#,
        findings: &[
            (
                "GET /orders/{id} accepts If-None-Match but declares no 304 response",
                "/paths/~1orders~1{id}/get",
            ),
            (
                "GET /orders/{id} accepts If-None-Match but declares no ETag response header",
                "/paths/~1orders~1{id}/get",
            ),
            (
                "PATCH /orders/{id} accepts If-Match but declares no 412 response",
                "/paths/~1orders~1{id}/patch",
            ),
            (
                "PATCH /orders/{id} accepts If-Match but no operation of /orders/{id} declares an ETag response header",
                "/paths/~1orders~1{id}/patch",
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

/// Whether the operation declares an `ETag` response header.
fn gives_etag(op: &Operation<'_>) -> bool {
    op.responses()
        .any(|(_, r)| response_header(r, "ETag").is_some())
}

/// Whether the operation declares a response that covers `code`.
fn answers(op: &Operation<'_>, code: u16) -> bool {
    op.responses().any(|(k, _)| match Status::parse(k) {
        Status::Code(c) => c == code,
        Status::Range(c) => c == code / 100,
        Status::Default => code >= 400,
        Status::Other => false,
    })
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(item) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let at = ctx.path().to_vec();
        let Some(PathSeg::Key(path)) = at.last() else {
            return Vec::new();
        };
        let ops = Operation::of_item(
            ctx.root,
            item,
            path,
            &at,
            ctx.formats.intersects(Formats::OAS2),
        );
        let item_etag = ops.iter().any(gives_etag);
        let mut out = Vec::new();
        for op in &ops {
            let params = op.parameters();
            let if_match = params.iter().any(|p| p.is("header", "If-Match"));
            let if_none = params.iter().any(|p| p.is("header", "If-None-Match"));
            let read = op.method == "get" || op.method == "head";
            let name = op.name();
            if if_none && read {
                if !answers(op, 304) {
                    out.push(FnResult::at(
                        format!("{name} accepts If-None-Match but declares no 304 response"),
                        op.at.clone(),
                    ));
                }
                if !gives_etag(op) {
                    out.push(FnResult::at(
                        format!(
                            "{name} accepts If-None-Match but declares no ETag response header"
                        ),
                        op.at.clone(),
                    ));
                }
            }
            if if_match || (if_none && !read) {
                let header = if if_match {
                    "If-Match"
                } else {
                    "If-None-Match"
                };
                if !answers(op, 412) {
                    out.push(FnResult::at(
                        format!("{name} accepts {header} but declares no 412 response"),
                        op.at.clone(),
                    ));
                }
            }
            if if_match && !item_etag {
                out.push(FnResult::at(
                    format!(
                        "{name} accepts If-Match but no operation of {path} declares an ETag response header"
                    ),
                    op.at.clone(),
                ));
            }
        }
        out
    }
}
