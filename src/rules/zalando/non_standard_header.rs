//! #133: prefer standard headers (custom headers are hinted at).

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::header_names::{STANDARD_HEADERS, ZALANDO_PROPRIETARY, header_names, listed};
use super::paths::HEADERS;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-133-standard-headers";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 133,
    also: &[],
    level: Level::May,
    title: "Use standard headers",
    given: HEADERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Points at header parameters and response headers that are neither
standard HTTP headers (a built-in list of the IANA field registry's
entries in common use, CORS, WebDAV, trace context, and the drafts the
guidelines use: `Idempotency-Key`, `Deprecation`, `Sunset`,
`RateLimit-*`) nor specified proprietary headers. Names starting with
`X-` are left to #183. Names are compared ignoring case.

This is a hint: a custom header may be the right choice, but often a
standard one already says the same.

## Why is this bad?
Standard headers are understood by clients, proxies, caches and
libraries without documentation; a custom header is only understood by
those who read this API's specification. `Request-Id` next to
`X-Flow-ID`, or `Api-Key` instead of `Authorization`, means one more
thing to learn and to propagate.

## Example
```yaml
# Custom
parameters:
  - {name: Api-Key, in: header, schema: {type: string}}
# Standard
parameters:
  - {name: Authorization, in: header, schema: {type: string}}
```

## Options
- `allow` (default `[]`): further header names that pass.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: If-None-Match, in: header, schema: {type: string}}
        - {name: idempotency-key, in: header, schema: {type: string}}
        - {name: X-Anything, in: header, schema: {type: string}}
        - {name: Api-Key, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers:
            ETag: {schema: {type: string}}
            Sunset: {schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: Api-Key, in: header, type: string}
      responses:
        '200':
          description: ok
          headers:
            Total-Count: {type: integer}
"#,
        findings: &[
            (
                "Header \"Api-Key\" is not a standard HTTP header; use a standard one where it fits",
                "/paths/~1orders/get/parameters/0/name",
            ),
            (
                "Header \"Total-Count\" is not a standard HTTP header; use a standard one where it fits",
                "/paths/~1orders/get/responses/200/headers/Total-Count",
            ),
        ],
    }],
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
                !name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("X-"))
                    && !listed(STANDARD_HEADERS, name)
                    && !listed(ZALANDO_PROPRIETARY, name)
                    && !listed(&self.allow, name)
            })
            .map(|(name, at)| {
                FnResult::at(
                    format!(
                        "Header \"{name}\" is not a standard HTTP header; use a standard one where it fits"
                    ),
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
    fn a_company_can_allow_headers() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: Api-Key, in: header}\n        - {name: Total-Count, in: header}\n      responses: {'200': {description: ok}}\n";
        fails_with(
            &RULE,
            "{allow: [api-key]}",
            doc,
            &[(
                "Header \"Total-Count\" is not a standard HTTP header; use a standard one where it fits",
                "/paths/~1a/get/parameters/1/name",
            )],
        );
    }
}
