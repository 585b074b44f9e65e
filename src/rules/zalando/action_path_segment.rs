//! #138: no action segments (`/articles/{id}/lock`); model resources.

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::paths::{is_action, is_word_segment, key_path, segments};
use super::schemas::words;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-138-avoid-actions";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 138,
    also: &[],
    level: Level::Must,
    title: "Avoid actions — think about resources",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports path segments that are a single action verb from a small built-in
list: `/orders/{order-id}/cancel`, `/articles/{article-id}/lock`,
`/login`, `/jobs/{job-id}/start`, `/users/{user-id}/activate`. The list
holds verbs that are rarely nouns in URLs (cancel, lock, unlock, activate,
deactivate, enable, disable, approve, reject, confirm, start, stop, pause,
resume, retry, login, logout, register, reset, refresh, sync, send,
validate, verify, calculate, publish, merge, ...); words that are as
often nouns (`search`, `export`, `import`, `checkout`, `download`,
`archive`, `count`) are not in it.

Verbs starting a longer name (`get-orders`) are reported by #141.

## Why is this bad?
An action endpoint hides state changes behind a verb that only that API
understands. Modelled as a resource, the same change becomes something
clients create, read and list with the standard methods: instead of
`POST /articles/{article-id}/lock`, `PUT /article-locks/{article-id}`
creates a lock, and the locks can be browsed and filtered like any
collection.

## Example
```yaml
# Bad
paths:
  /articles/{article-id}/lock:
    post: {}
# Good
paths:
  /article-locks/{article-id}:
    put: {}
```

## Options
- `allow` (default `[]`): regular expressions of segments that pass.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /article-locks/{article-id}: {}
  /orders/{order-id}/cancellations: {}
  /products/search: {}
  /orders/{cancel}: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /articles/{article-id}/lock: {}
  /orders/{order-id}/cancel: {}
  /login: {}
"#,
        findings: &[
            (
                "Path segment \"lock\" is an action; model it as a resource clients create or change",
                "/paths/~1articles~1{article-id}~1lock",
            ),
            (
                "Path segment \"cancel\" is an action; model it as a resource clients create or change",
                "/paths/~1orders~1{order-id}~1cancel",
            ),
            (
                "Path segment \"login\" is an action; model it as a resource clients create or change",
                "/paths/~1login",
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
                if !is_word_segment(seg)
                    || self.allow.iter().any(|r| r.is_match(seg))
                    || !is_action(&words(seg))
                {
                    continue;
                }
                out.push(FnResult::at(
                    format!(
                        "Path segment \"{seg}\" is an action; model it as a resource clients create or change"
                    ),
                    key_path(ctx.path(), path),
                ));
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
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /login: {}\n  /logout: {}\n";
        fails_with(
            &RULE,
            "{allow: ['^login$']}",
            doc,
            &[(
                "Path segment \"logout\" is an action; model it as a resource clients create or change",
                "/paths/~1logout",
            )],
        );
    }
}
