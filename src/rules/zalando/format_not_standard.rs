//! #238: use standard data formats.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{SCHEMA_ROOTS, STANDARD_FORMATS, child, format, on_schemas};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-238-standard-formats";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 238,
    also: &[],
    level: Level::Must,
    title: "Use standard data formats",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every `format` of a schema or parameter against the standard
formats the guidelines list: OpenAPI's and JSON Schema's (`int32`,
`int64`, `float`, `double`, `byte`, `binary`, `date`, `date-time`, `time`,
`duration`, `password`, `email`, `idn-email`, `hostname`, `idn-hostname`,
`ipv4`, `ipv6`, `uri`, `uri-reference`, `uri-template`, `iri`,
`iri-reference`, `uuid`, `json-pointer`, `relative-json-pointer`,
`regex`), and the ones the guidelines add (`bigint`, `decimal`, `period`,
`time-local`, `date-time-local`, `tz-id`, `iso-639-1`, `bcp47`,
`iso-3166-alpha-2`, `iso-4217`, `gtin-13`). Where a non-standard format
has a standard equivalent, the message names it (`url` → `uri`).

Base64 formats are left to `zalando-239-base64url-binary`.

## Why is this bad?
Clients and code generators understand standard formats: they pick the
right type, parse and validate values. A home-made format name is just a
string to them, and two APIs meaning the same thing spell it differently.

## Example
```yaml
# Bad
homepage: {type: string, format: url}
# Good
homepage: {type: string, format: uri}
```

## Options
- `allow` (default `[]`): further format names a company accepts.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string, format: uuid}
        created_at: {type: string, format: date-time}
        total: {type: number, format: decimal}
        country: {type: string, format: iso-3166-alpha-2}
        format: {type: string}
      example: {format: whatever}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: since, in: query, type: string, format: timestamp}
      responses:
        '200': {description: ok}
definitions:
  Order:
    type: object
    properties:
      homepage: {type: string, format: url}
      code: {type: string, format: my-code}
"#,
        findings: &[
            (
                "Format \"timestamp\" is not a standard format; use date-time",
                "/paths/~1orders/get/parameters/0/format",
            ),
            (
                "Format \"url\" is not a standard format; use uri",
                "/definitions/Order/properties/homepage/format",
            ),
            (
                "Format \"my-code\" is not a standard format",
                "/definitions/Order/properties/code/format",
            ),
        ],
    }],
};

/// Common non-standard names and the standard format meant.
const INSTEAD: &[(&str, &str)] = &[
    ("url", "uri"),
    ("uri-ref", "uri-reference"),
    ("datetime", "date-time"),
    ("date_time", "date-time"),
    ("timestamp", "date-time"),
    ("iso-8601", "date-time"),
    ("iso8601", "date-time"),
    ("int", "int32"),
    ("integer", "int32"),
    ("long", "int64"),
    ("guid", "uuid"),
    ("ip", "ipv4"),
    ("iso-639", "iso-639-1"),
    ("iso-3166", "iso-3166-alpha-2"),
    ("iso-3166-1-alpha-2", "iso-3166-alpha-2"),
    ("currency", "iso-4217"),
    ("e-mail", "email"),
    ("google-datetime", "date-time"),
    ("google-duration", "duration"),
];

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
        on_schemas(&input, ctx, |schema, path| {
            let Some(f) = format(schema) else {
                return Vec::new();
            };
            if STANDARD_FORMATS.contains(&f)
                || self.allow.iter().any(|a| a == f)
                || matches!(f, "base64" | "base64url")
            {
                return Vec::new();
            }
            let msg = match INSTEAD.iter().find(|(bad, _)| bad.eq_ignore_ascii_case(f)) {
                Some((_, good)) => format!("Format \"{f}\" is not a standard format; use {good}"),
                None => format!("Format \"{f}\" is not a standard format"),
            };
            vec![FnResult::at(msg, child(path, "format"))]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_add_formats() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, format: sku}\n";
        fails_with(&RULE, "{allow: [sku]}", doc, &[]);
    }
}
