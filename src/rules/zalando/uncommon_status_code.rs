//! #150: only use the most common HTTP status codes.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{COMMON_STATUS_CODES, OPERATIONS, Operation, Status, is_official};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-150-common-status-codes";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 150,
    also: &[],
    level: Level::Should,
    title: "Only use most common HTTP status codes",
    given: &[OPERATIONS],
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks each response status code against the guidelines' list of the most
common, best understood codes and the methods each suits:

| Code | Methods |
| --- | --- |
| 200, 400, 401, 403, 404, 405, 406, 410, 428, 429, 431, 500, 501, 502, 503, 504 | all |
| 201 | POST, PUT |
| 202 | POST, PUT, PATCH, DELETE, GET |
| 204 | POST, PUT, PATCH, DELETE |
| 207 | POST, DELETE |
| 304 | GET, HEAD |
| 409, 412, 415 | POST, PUT, PATCH, DELETE |
| 411, 507 | POST, PUT, PATCH |
| 423 | PUT, PATCH, DELETE |

Unofficial codes are left to `zalando-243-official-status-codes` and
redirections to `zalando-251-no-redirection-codes`; `default` and ranges
such as `4XX` pass.

## Why is this bad?
Rarely used codes (422, 418, 205, 408, ...) carry semantics few people
know, and API-specific readings of them creep in. A code on a method it
does not fit (201 for a `GET`) misleads clients.

## Example
```yaml
# Bad
post:
  responses:
    '422': {description: Invalid order}
# Good
post:
  responses:
    '400': {description: Invalid order}
```

## Options
- `codes` (default: the table above): a mapping from status code to the
  methods (lower case) it may be used with; an empty list allows every
  method. Replaces the table.
- `extra` (default `{}`): entries added to the table, e.g.
  `{"422": [post, put, patch]}`.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
        '304': {description: not modified}
        '4XX': {description: client error}
        '499': {description: left to 243}
        '301': {description: left to 251}
        default: {description: error}
    post:
      responses:
        '201': {description: created}
        '409': {description: conflict}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '201': {description: created?}
        '422': {description: invalid}
"#,
        findings: &[
            (
                "Status code 201 is not commonly used with GET",
                "/paths/~1orders/get/responses/201",
            ),
            (
                "Status code 422 is not one of the most common status codes",
                "/paths/~1orders/get/responses/422",
            ),
        ],
    }],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    codes: Option<BTreeMap<u16, Vec<String>>>,
    extra: BTreeMap<u16, Vec<String>>,
}

#[derive(Debug)]
struct Check {
    /// Code → methods (lower case); empty = all.
    codes: BTreeMap<u16, Vec<String>>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let mut codes = o.codes.unwrap_or_else(|| {
        COMMON_STATUS_CODES
            .iter()
            .map(|(c, m)| (*c, m.iter().map(|s| s.to_string()).collect()))
            .collect()
    });
    codes.extend(o.extra);
    for methods in codes.values_mut() {
        for m in methods.iter_mut() {
            *m = m.to_ascii_lowercase();
        }
    }
    Ok(Box::new(Check { codes }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        op.responses()
            .filter_map(|(key, _)| {
                let Status::Code(c) = Status::parse(key) else {
                    return None;
                };
                if !is_official(c) || (c / 100 == 3 && c != 304) {
                    return None;
                }
                let message = match self.codes.get(&c) {
                    None => format!("Status code {c} is not one of the most common status codes"),
                    Some(methods) if !methods.is_empty() && !methods.contains(&op.method) => {
                        format!(
                            "Status code {c} is not commonly used with {}",
                            op.method.to_ascii_uppercase()
                        )
                    }
                    Some(_) => return None,
                };
                Some(FnResult::at(message, op.at(&["responses", key])))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_add_codes() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    post:\n      responses:\n        '422': {description: x}\n    get:\n      responses:\n        '422': {description: x}\n";
        fails_with(
            &RULE,
            "{extra: {'422': [post]}}",
            doc,
            &[(
                "Status code 422 is not commonly used with GET",
                "/paths/~1a/get/responses/422",
            )],
        );
    }
}
