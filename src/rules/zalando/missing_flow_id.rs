//! #233: support `X-Flow-ID`.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{Operation, Param, has_type, types};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::document::format::Formats;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-233-flow-id";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 233,
    also: &[],
    level: Level::Must,
    title: "Support `X-Flow-ID`",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks how the API documents the `X-Flow-ID` request header:
- once any operation declares an `X-Flow-ID` header parameter, every
  operation must (an API supports the flow id everywhere or nowhere);
- a declared `X-Flow-ID` must be a string (UUID, base64 or a restricted
  string of at most 128 characters).

Many APIs leave the platform-wide header undocumented, so by default an
API that declares it nowhere passes; set `required: true` to demand it on
every operation.

## Why is this bad?
The flow id ties together the logs and traces of all services a request
passes through. An operation that does not take it breaks the chain, and
clients must not have to guess which operations do.

## Example
```yaml
# Bad
/orders:
  get:
    parameters:
      - {$ref: '#/components/parameters/FlowId'}
  post:
    parameters: []
# Good
/orders:
  get:
    parameters:
      - {$ref: '#/components/parameters/FlowId'}
  post:
    parameters:
      - {$ref: '#/components/parameters/FlowId'}
```

## Options
- `required` (default `false`): every operation must declare the header,
  even when no operation does.
- `header` (default `X-Flow-ID`): the header's name (compared without
  case), for a company using another correlation header.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    parameters:
      - $ref: '#/components/parameters/FlowId'
    get:
      responses:
        '200': {description: ok}
    post:
      responses:
        '201': {description: ok}
  /items:
    get:
      parameters:
        - {name: x-flow-id, in: header, schema: {type: string}}
      responses:
        '200': {description: ok}
components:
  parameters:
    FlowId: {name: X-Flow-ID, in: header, schema: {type: string, format: uuid}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: X-Flow-ID, in: header, type: integer}
      responses:
        '200': {description: ok}
    post:
      responses:
        '201': {description: ok}
"#,
        findings: &[
            (
                "Header X-Flow-ID must be a string",
                "/paths/~1orders/get/parameters/0",
            ),
            (
                "POST /orders does not accept the X-Flow-ID header",
                "/paths/~1orders/post",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    required: bool,
    header: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            required: false,
            header: "X-Flow-ID".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    required: bool,
    header: String,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        required: o.required,
        header: o.header,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let oas2 = ctx.formats.intersects(Formats::OAS2);
        let base = ctx.path().to_vec();
        let mut ops = Vec::new();
        for (path, item) in paths.members() {
            let mut at = base.clone();
            at.push(PathSeg::Key(path.to_string()));
            ops.extend(Operation::of_item(ctx.root, item, path, &at, oas2));
        }
        let mut out = Vec::new();
        let mut flow: Vec<Option<Param<'_>>> = Vec::with_capacity(ops.len());
        for op in &ops {
            flow.push(
                op.parameters()
                    .into_iter()
                    .find(|p| p.is("header", &self.header)),
            );
        }
        for p in flow.iter().flatten() {
            if let Some(schema) = p.schema()
                && !types(schema).is_empty()
                && !has_type(schema, "string")
            {
                out.push(FnResult::at(
                    format!("Header {} must be a string", self.header),
                    p.at.clone(),
                ));
            }
        }
        if self.required || flow.iter().any(Option::is_some) {
            for (op, p) in ops.iter().zip(&flow) {
                if p.is_none() {
                    out.push(FnResult::at(
                        format!("{} does not accept the {} header", op.name(), self.header),
                        op.at.clone(),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_require_it() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: x}\n";
        fails_with(
            &RULE,
            "{required: true}",
            doc,
            &[(
                "GET /a does not accept the X-Flow-ID header",
                "/paths/~1a/get",
            )],
        );
    }
}
