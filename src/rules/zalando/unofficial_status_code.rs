//! #243: use official HTTP status codes.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, Operation, Status, is_official};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-243-official-status-codes";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 243,
    also: &[],
    level: Level::Must,
    title: "Use official HTTP status codes",
    given: &[OPERATIONS],
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every response key of every operation: it must be a status code
registered in the IANA HTTP Status Code Registry, `default`, or an OpenAPI
range such as `4XX`. Codes registered only as "(Unused)" (306, 418) and
unregistered codes (e.g. nginx's 499, or 299) are reported, as are keys
that are no status code at all.

## Why is this bad?
Clients, proxies and libraries know the registered codes and their
semantics. A private code means nothing to them and is handled as the
generic code of its class at best.

## Example
```yaml
# Bad
responses:
  '299': {description: Partially done}
# Good
responses:
  '207': {description: Multi-Status}
```

## Options
- `allow` (default `[]`): further codes to accept, e.g. `[499]`.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
        '4XX': {description: client error}
        default: {description: error}
        x-note: {description: not a response}
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
        '299': {description: odd}
        '418': {description: teapot}
        ok: {description: not a code}
"#,
        findings: &[
            (
                "Status code 299 is not an official HTTP status code",
                "/paths/~1orders/get/responses/299",
            ),
            (
                "Status code 418 is not an official HTTP status code",
                "/paths/~1orders/get/responses/418",
            ),
            (
                "Response key \"ok\" is not an HTTP status code",
                "/paths/~1orders/get/responses/ok",
            ),
        ],
    }],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    allow: Vec<u16>,
}

#[derive(Debug)]
struct Check {
    allow: Vec<u16>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { allow: o.allow }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        op.responses()
            .filter_map(|(key, _)| {
                let message = match Status::parse(key) {
                    Status::Code(c) if !is_official(c) && !self.allow.contains(&c) => {
                        format!("Status code {c} is not an official HTTP status code")
                    }
                    Status::Other => format!("Response key \"{key}\" is not an HTTP status code"),
                    _ => return None,
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
    fn a_company_can_allow_a_code() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '499': {description: x}\n        '299': {description: x}\n";
        fails_with(
            &RULE,
            "{allow: [499]}",
            doc,
            &[(
                "Status code 299 is not an official HTTP status code",
                "/paths/~1a/get/responses/299",
            )],
        );
    }
}
