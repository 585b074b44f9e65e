//! #183: only the specified proprietary (`X-`) headers.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::header_names::{ZALANDO_PROPRIETARY, header_names, listed};
use super::paths::HEADERS;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-183-only-specified-proprietary-headers";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 183,
    also: &[],
    level: Level::Should,
    title: "Use only the specified proprietary Zalando headers",
    given: HEADERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports proprietary headers (names starting with `X-`, in header
parameters and response headers) that are not among the ones the
guidelines specify: `X-Flow-ID`, `X-Tenant-ID`, `X-Sales-Channel`,
`X-Frontend-Type`, `X-Device-Type`, `X-Device-OS`,
`X-Mobile-Advertising-ID`, the gateway headers the guidelines accept
(`X-Zalando-Client-ID`, `X-Zalando-Request-Host`, `X-Zalando-Request-URI`,
`X-Consumer`, `X-Consumer-Signature`, `X-Consumer-Key-ID`) and the
`X-RateLimit-*` headers of #153. Names are compared ignoring case.

Custom headers without the `X-` prefix are the concern of #133.

## Why is this bad?
What an operation does belongs in its path, query, method and body, not
in headers that intermediaries may drop and clients overlook. Headers are
for protocol concerns and for the few context values passed end to end
along a call chain; those are named once for all APIs so that every
service propagates them alike.

## Example
```yaml
# Bad
parameters:
  - {name: X-Customer-Segment, in: header, schema: {type: string}}
# Good
parameters:
  - {name: X-Sales-Channel, in: header, schema: {type: string}}
```

## Options
- `headers` (default: the list above without `X-RateLimit-*`): the
  proprietary header names allowed.
- `allow` (default `["^(?i)X-RateLimit-"]`): regular expressions of further
  names allowed.
- `prefix` (default `"X-"`): the prefix (compared ignoring case) that
  marks a header as proprietary.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: X-Flow-ID, in: header, schema: {type: string}}
        - {name: x-sales-channel, in: header, schema: {type: string}}
        - {name: X-Custom, in: query, schema: {type: string}}
      responses:
        '429':
          description: too many
          headers:
            X-RateLimit-Limit: {schema: {type: integer}}
            Retry-After: {schema: {type: integer}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: X-Customer-Segment, in: header, type: string}
      responses:
        '200':
          description: ok
          headers:
            X-Total-Count: {type: integer}
"#,
        findings: &[
            (
                "Header \"X-Customer-Segment\" is not one of the specified proprietary headers",
                "/paths/~1orders/get/parameters/0/name",
            ),
            (
                "Header \"X-Total-Count\" is not one of the specified proprietary headers",
                "/paths/~1orders/get/responses/200/headers/X-Total-Count",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    headers: Vec<String>,
    allow: Vec<String>,
    prefix: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            headers: ZALANDO_PROPRIETARY.iter().map(|s| s.to_string()).collect(),
            allow: vec!["^(?i)X-RateLimit-".into()],
            prefix: "X-".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    headers: Vec<String>,
    allow: Vec<regex::Regex>,
    prefix: String,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        headers: o.headers,
        allow: super::common::compile_patterns(CODE, &o.allow)?,
        prefix: o.prefix,
    }))
}

impl Check {
    fn proprietary(&self, name: &str) -> bool {
        name.len() > self.prefix.len()
            && name.is_char_boundary(self.prefix.len())
            && name[..self.prefix.len()].eq_ignore_ascii_case(&self.prefix)
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        header_names(&input, ctx)
            .into_iter()
            .filter(|(name, _)| {
                self.proprietary(name)
                    && !listed(&self.headers, name)
                    && !self.allow.iter().any(|r| r.is_match(name))
            })
            .map(|(name, at)| {
                FnResult::at(
                    format!("Header \"{name}\" is not one of the specified proprietary headers"),
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
    fn a_company_can_name_its_headers() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: Acme-Tenant, in: header}\n        - {name: Acme-Other, in: header}\n        - {name: X-Flow-ID, in: header}\n      responses: {'200': {description: ok}}\n";
        fails_with(
            &RULE,
            "{headers: [Acme-Tenant], prefix: Acme-}",
            doc,
            &[(
                "Header \"Acme-Other\" is not one of the specified proprietary headers",
                "/paths/~1a/get/parameters/1/name",
            )],
        );
    }
}
