//! #151: specify success and error responses.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, Status, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-151-success-and-error-responses";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 151,
    also: &[],
    level: Level::Must,
    title: "Specify success and error responses",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that every operation declares at least one success response (a
1xx, 2xx or 3xx code, or such a range) and at least one error response
(a 4xx or 5xx code or range, or `default`). Whether *all* of them are
declared cannot be seen from the document.

## Why is this bad?
Success and error responses are part of the interface: clients need to
know what they get back and which failures to prepare for. Standard errors
can be covered at once by a `default` response with a Problem schema.

## Example
```yaml
# Bad
get:
  responses:
    '200': {description: The order}
# Good
get:
  responses:
    '200': {description: The order}
    default:
      description: Error - see status code and problem object
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
        default: {description: error}
    delete:
      responses:
        '2XX': {description: ok}
        '404': {description: not found}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
    post:
      responses:
        '400': {description: bad}
    put:
      description: no responses at all
"#,
        findings: &[
            (
                "GET /orders specifies no error response (4xx, 5xx or default)",
                "/paths/~1orders/get/responses",
            ),
            (
                "POST /orders specifies no success response",
                "/paths/~1orders/post/responses",
            ),
            ("PUT /orders specifies no responses", "/paths/~1orders/put"),
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
        if op.view.get("responses").is_none() {
            return vec![FnResult::here(format!(
                "{} specifies no responses",
                op.name()
            ))];
        }
        let statuses: Vec<Status> = op.responses().map(|(k, _)| Status::parse(k)).collect();
        let mut out = Vec::new();
        if !statuses.iter().any(|s| s.is_success()) {
            out.push(FnResult::at(
                format!("{} specifies no success response", op.name()),
                op.at(&["responses"]),
            ));
        }
        if !statuses.iter().any(|s| s.is_error()) {
            out.push(FnResult::at(
                format!(
                    "{} specifies no error response (4xx, 5xx or default)",
                    op.name()
                ),
                op.at(&["responses"]),
            ));
        }
        out
    }
}
