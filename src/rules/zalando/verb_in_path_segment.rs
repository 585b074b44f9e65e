//! #141: URLs are verb-free (no `get-orders`, `createUser`).

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::paths::{is_word_segment, key_path, leading_verb, segments};
use super::schemas::words;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-141-verb-free-urls";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 141,
    also: &[],
    level: Level::Must,
    title: "Keep URLs verb-free",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports path segments that are instructions: a name made of several words
whose first word is a verb from a small built-in list (`get-orders`,
`createUser`, `send_email`, `calculate-prices`; the list holds verbs such
as get, fetch, retrieve, find, create, add, remove, delete, save, edit,
modify, calculate, generate, validate, verify, send, submit, activate,
enable, disable, execute, publish, assign, subscribe, approve, confirm).

Verbs that often begin noun compounds (`update-events`, `refresh-tokens`,
`cancel-reasons`, `search-results`) are not in the list. A segment that is
a single verb (`/orders/{id}/cancel`) is reported by #138 instead.

## Why is this bad?
A URL names a resource; what happens to it is said by the HTTP method.
`GET /get-orders` or `POST /create-order` repeats the method in the URL and
leads to one URL per action instead of one per resource, which breaks
caching, linking and the uniform interface clients rely on.

## Example
```yaml
# Bad
paths:
  /get-orders: {}
  /customers/{id}/sendEmail: {}
# Good
paths:
  /orders: {}
  /customers/{id}/emails: {}
```

## Options
- `allow` (default `[]`): regular expressions of segments that pass.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders/{get-id}: {}
  /add-ons: {}
  /refresh-tokens: {}
  /cancellations: {}
  /target-groups: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /get-orders: {}
  /customers/{id}/sendEmail: {}
  /prices/calculate_total: {}
"#,
        findings: &[
            (
                "Path segment \"get-orders\" contains the verb \"get\"; name the resource instead",
                "/paths/~1get-orders",
            ),
            (
                "Path segment \"sendEmail\" contains the verb \"send\"; name the resource instead",
                "/paths/~1customers~1{id}~1sendEmail",
            ),
            (
                "Path segment \"calculate_total\" contains the verb \"calculate\"; name the resource instead",
                "/paths/~1prices~1calculate_total",
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
    allow: Vec<regex::Regex>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        allow: compile_patterns(CODE, &o.allow)?,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, _) in paths.members() {
            for seg in segments(path) {
                if !is_word_segment(seg) || self.allow.iter().any(|r| r.is_match(seg)) {
                    continue;
                }
                if let Some(verb) = leading_verb(&words(seg)) {
                    out.push(FnResult::at(
                        format!(
                            "Path segment \"{seg}\" contains the verb \"{verb}\"; name the resource instead"
                        ),
                        key_path(ctx.path(), path),
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
    fn a_company_can_allow_segments() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /get-started-guides: {}\n  /get-orders: {}\n";
        fails_with(
            &RULE,
            "{allow: ['^get-started']}",
            doc,
            &[(
                "Path segment \"get-orders\" contains the verb \"get\"; name the resource instead",
                "/paths/~1get-orders",
            )],
        );
    }
}
