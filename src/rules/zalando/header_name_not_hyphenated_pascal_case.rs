//! #132: header names are kebab-case with uppercase words
//! (`Hyphenated-Pascal-Case`).

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, parse_options};
use super::header_names::header_names;
use super::paths::HEADERS;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-132-header-names-hyphenated-pascal-case";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 132,
    also: &[],
    level: Level::Should,
    title: "Use kebab-case with uppercase separate words for HTTP headers",
    given: HEADERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the names of header parameters (`in: header`) and of response
headers against Hyphenated-Pascal-Case: words joined by `-`, each
starting with an uppercase letter or a digit (`Content-Type`,
`If-None-Match`). A word may be all capitals, so `X-Flow-ID`, `ETag`,
`WWW-Authenticate` and `Content-MD5` pass.

## Why is this bad?
HTTP header names are case-insensitive, but documentation and code are
read by people: one spelling across APIs, and the one the RFCs use,
avoids `content-type`, `Content-type` and `CONTENT_TYPE` side by side,
and the bugs of code that compares them case-sensitively.

## Example
```yaml
# Bad
parameters:
  - {name: x-flow-id, in: header, schema: {type: string}}
# Good
parameters:
  - {name: X-Flow-ID, in: header, schema: {type: string}}
```

## Options
- `allow` (default `[]`): header names that pass exactly as written, for
  names a standard spells otherwise (W3C's `traceparent`).
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: X-Flow-ID, in: header, schema: {type: string}}
        - {name: If-None-Match, in: header, schema: {type: string}}
        - {name: page_size, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          headers:
            ETag: {schema: {type: string}}
            WWW-Authenticate: {schema: {type: string}}
            Content-MD5: {schema: {type: string}}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: x-flow-id, in: header, type: string}
      responses:
        '200':
          description: ok
          headers:
            Content-type: {type: string}
parameters:
  Tenant: {name: X_Tenant_ID, in: header, type: string}
"#,
            findings: &[
                (
                    "Header \"x-flow-id\" is not Hyphenated-Pascal-Case",
                    "/paths/~1orders/get/parameters/0/name",
                ),
                (
                    "Header \"Content-type\" is not Hyphenated-Pascal-Case",
                    "/paths/~1orders/get/responses/200/headers/Content-type",
                ),
                (
                    "Header \"X_Tenant_ID\" is not Hyphenated-Pascal-Case",
                    "/parameters/Tenant/name",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          headers:
            x-flow-id: {$ref: '#/components/headers/FlowId'}
components:
  headers:
    FlowId: {schema: {type: string}}
  responses:
    Created:
      description: created
      headers:
        location: {schema: {type: string}}
"#,
            // A header whose definition is a `$ref` is reported at the
            // `headers` map: its name is written there, not in the
            // referenced component.
            findings: &[
                (
                    "Header \"x-flow-id\" is not Hyphenated-Pascal-Case",
                    "/paths/~1a/get/responses/200/headers",
                ),
                (
                    "Header \"location\" is not Hyphenated-Pascal-Case",
                    "/components/responses/Created/headers/location",
                ),
            ],
        },
    ],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    allow: Vec<String>,
}

#[derive(Debug)]
struct Check {
    allow: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { allow: o.allow }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        header_names(&input, ctx)
            .into_iter()
            .filter(|(name, _)| {
                !Case::HyphenatedPascal.matches(name) && !self.allow.iter().any(|a| a == name)
            })
            .map(|(name, at)| {
                FnResult::at(
                    format!("Header \"{name}\" is not {}", Case::HyphenatedPascal.name()),
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
    fn a_company_can_allow_names() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: traceparent, in: header}\n        - {name: tracestate, in: header}\n      responses: {'200': {description: ok}}\n";
        fails_with(
            &RULE,
            "{allow: [traceparent]}",
            doc,
            &[(
                "Header \"tracestate\" is not Hyphenated-Pascal-Case",
                "/paths/~1a/get/parameters/1/name",
            )],
        );
    }
}
