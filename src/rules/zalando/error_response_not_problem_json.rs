//! #176: support problem JSON.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{
    OPERATIONS, Operation, Status, essence, has_type, is_unresolved, join, properties, types,
};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-176-problem-json";

const PROBLEM: &str = "application/problem+json";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 176,
    also: &[],
    level: Level::Must,
    title: "Support problem JSON",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the error responses (4xx, 5xx, their ranges, and `default`) that
declare a body:
- the body must be offered as `application/problem+json` (OpenAPI 3:
  a `content` entry; OpenAPI 2: in the operation's or the document's
  `produces`, reported once at that list);
- its schema must look like a Problem (RFC 9457): it declares at least one
  of `type`, `title`, `status`, `detail`, `instance` (directly or through
  `allOf`), and those it declares have the Problem's types (`status` an
  integer, the others strings).

A schema that cannot be followed (a remote `$ref`, such as the
guidelines' own `problem-1.0.1.yaml#/Problem` without
`--resolve-remote`) passes.

## Why is this bad?
One error format across all APIs lets clients handle failures with one
piece of code and gives them the failure kind (`type`, `title`) and cause
(`detail`, `instance`) beyond the bare status code.

## Example
```yaml
# Bad
'400':
  description: Bad request
  content:
    application/json:
      schema: {type: object, properties: {error: {type: string}}}
# Good
'400':
  description: Bad request
  content:
    application/problem+json:
      schema:
        $ref: 'https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml#/Problem'
```

## Options
- `require_content` (default `false`): also report error responses that
  declare no body at all.
"#,
    pass: &[
        r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
        '404': {description: no body declared}
        default:
          description: error
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/OrderProblem'}
components:
  schemas:
    Problem:
      type: object
      properties:
        type: {type: string, format: uri-reference}
        title: {type: string}
        status: {type: integer, format: int32}
        detail: {type: string}
        instance: {type: string}
    OrderProblem:
      allOf:
        - $ref: '#/components/schemas/Problem'
        - type: object
          properties:
            order_id: {type: string}
"#,
        r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/json, application/problem+json]
paths:
  /orders:
    get:
      responses:
        '500':
          description: error
          schema:
            $ref: 'https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml#/Problem'
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '400':
          description: bad
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
        5XX:
          description: error
          content:
            application/problem+json:
              schema:
                type: object
                properties:
                  title: {type: string}
                  status: {type: string}
        default:
          description: error
          content:
            application/problem+json:
              schema:
                type: object
                properties:
                  message: {type: string}
"#,
            findings: &[
                (
                    "Error response does not offer application/problem+json",
                    "/paths/~1orders/get/responses/400/content",
                ),
                (
                    "Problem property \"status\" must be an integer",
                    "/paths/~1orders/get/responses/5XX/content/application~1problem+json/schema/properties/status",
                ),
                (
                    "Problem schema declares none of the Problem properties type, title, status, detail and instance",
                    "/paths/~1orders/get/responses/default/content/application~1problem+json/schema",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/json]
paths:
  /orders:
    get:
      responses:
        '404':
          description: not found
          schema: {type: object, properties: {title: {type: string}}}
"#,
            findings: &[(
                "Error responses are not produced as application/problem+json; add it to produces",
                "/produces",
            )],
        },
    ],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    require_content: bool,
}

#[derive(Debug)]
struct Check {
    require_content: bool,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        require_content: o.require_content,
    }))
}

/// The Problem's fields and whether each must be a string (else integer).
const FIELDS: &[(&str, &str)] = &[
    ("type", "string"),
    ("title", "string"),
    ("status", "integer"),
    ("detail", "string"),
    ("instance", "string"),
];

/// What is wrong with a Problem schema.
fn check_schema(schema: View<'_>, at: &[PathSeg], out: &mut Vec<FnResult>) {
    if is_unresolved(schema) {
        return;
    }
    let props = properties(schema);
    let mut any = false;
    for (name, want) in FIELDS {
        let Some((_, p, rel)) = props.iter().find(|(n, _, _)| n == name) else {
            continue;
        };
        any = true;
        let declared = types(*p);
        let ok = declared.is_empty()
            || is_unresolved(*p)
            || has_type(*p, want)
            || (*want == "integer" && has_type(*p, "number"));
        if !ok {
            let word = if *want == "integer" {
                "an integer"
            } else {
                "a string"
            };
            out.push(FnResult::at(
                format!("Problem property \"{name}\" must be {word}"),
                join(at, rel),
            ));
        }
    }
    // A schema without properties of its own (free-form, or only
    // composition we do not follow) is left alone.
    if !any && !props.is_empty() {
        out.push(FnResult::at(
            "Problem schema declares none of the Problem properties type, title, status, detail and instance",
            at.to_vec(),
        ));
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut oas2_missing = false;
        for (key, resp) in op.responses() {
            if !Status::parse(key).is_error() {
                continue;
            }
            let media = op.response_media(key, resp);
            let has_body = if op.oas2 {
                resp.get("schema").is_some()
            } else {
                !media.is_empty()
            };
            if !has_body {
                if self.require_content {
                    out.push(FnResult::at(
                        "Error response declares no application/problem+json body",
                        op.at(&["responses", key]),
                    ));
                }
                continue;
            }
            let problem = media.iter().find(|m| essence(m.name) == PROBLEM);
            match problem {
                // In OpenAPI 2 the fix is one `produces` list for all
                // responses: report it once, there.
                None if op.oas2 => oas2_missing = true,
                None => out.push(FnResult::at(
                    "Error response does not offer application/problem+json",
                    op.at(&["responses", key, "content"]),
                )),
                Some(m) => {
                    if let Some(schema) = m.schema {
                        check_schema(schema, &m.schema_at, &mut out);
                    }
                }
            }
        }
        if oas2_missing {
            let at = op
                .oas2_list("produces")
                .map_or_else(|| op.at(&["responses"]), |(_, at)| at);
            out.push(FnResult::at(
                "Error responses are not produced as application/problem+json; add it to produces",
                at,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn bodies_can_be_required() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '404': {description: x}\n";
        fails_with(
            &RULE,
            "{require_content: true}",
            doc,
            &[(
                "Error response declares no application/problem+json body",
                "/paths/~1a/get/responses/404",
            )],
        );
    }
}
