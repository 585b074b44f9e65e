//! #134: resource names (path segments) are plural.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::paths::{
    head_noun, is_action, is_plural, is_version, is_word_segment, key_path, normalized,
};
use super::schemas::words;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-134-resource-names-plural";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 134,
    also: &[],
    level: Level::Must,
    title: "Pluralize resource names",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that the fixed segments of every path name resources in the
plural: the last word of the segment (`sales-orders` → `orders`) must end
in `s` (but not `ss`), or be an irregular plural or uncountable noun from
a small built-in list (`children`, `people`, `data`, `media`, `feedback`,
`information`, `stock`, ...).

Not checked: segments holding a parameter, pseudo-identifiers (a name
where other paths have an identifier: `/releases/latest` beside
`/releases/{release-id}`), version segments (`v1`, see
#115), `api` (see #135), one-word action verbs such as `cancel` (see
#138), and segments that are not plain words (`openapi.json`,
`.well-known`).

This is an English heuristic: a singular noun ending in `s` (`status`)
passes, so the rule misses some cases rather than report plurals.

## Why is this bad?
A path segment names a collection of resources, and its members are
addressed below it (`/orders/{order-id}`). Plural names say so and keep
URLs uniform. Even a singleton is modelled as a collection that holds
one item, so that it can grow without a new URL. The exception is the
pseudo-identifier `self` (`/employees/self`), where the identity comes
from the authorization.

## Example
```yaml
# Bad
paths:
  /order/{order-id}: {}
  /customers/{customer-id}/address: {}
# Good
paths:
  /orders/{order-id}: {}
  /customers/{customer-id}/addresses: {}
```

## Options
- `allow` (default `["^self$", "^me$"]`): regular expressions of segments
  that pass although they are not plural.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/cats/{cat-id}/tails/{tail-id}/strands: {}
  /api/v1/children/{child-id}/media: {}
  /employees/self/personal-details: {}
  /orders/{order-id}/cancel: {}
  /openapi.json: {}
  /addresses/{id}/status: {}
  /releases/{release-id}: {}
  /releases/latest: {}
  /items3: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /pet/cats: {}
  /pets/cats/{cat-id}/tail/{tail-id}/strands: {}
  /customers/{id}/shipping-address: {}
"#,
        findings: &[
            ("Resource name \"pet\" is not plural", "/paths/~1pet~1cats"),
            (
                "Resource name \"tail\" is not plural",
                "/paths/~1pets~1cats~1{cat-id}~1tail~1{tail-id}~1strands",
            ),
            (
                "Resource name \"shipping-address\" is not plural",
                "/paths/~1customers~1{id}~1shipping-address",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    allow: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow: vec!["^self$".into(), "^me$".into()],
        }
    }
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

impl Check {
    /// Whether `seg` is a resource name this rule judges, and singular.
    fn singular(&self, seg: &str) -> bool {
        if !is_word_segment(seg)
            || is_version(seg)
            || seg.eq_ignore_ascii_case("api")
            || self.allow.iter().any(|r| r.is_match(seg))
        {
            return false;
        }
        let words = words(seg);
        if is_action(&words) {
            return false;
        }
        head_noun(&words).is_some_and(|w| !is_plural(w))
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        // Collections: prefixes followed by an identifier in some path. A
        // name where another path has the identifier is a pseudo-identifier
        // (`/releases/latest` beside `/releases/{release-id}`), not a
        // resource name.
        let mut collections: HashSet<Vec<&str>> = HashSet::new();
        for (path, _) in paths.members() {
            let n = normalized(path);
            for i in 1..n.len() {
                if n[i] == "{}" {
                    collections.insert(n[..i].to_vec());
                }
            }
        }
        let mut out = Vec::new();
        for (path, _) in paths.members() {
            let n = normalized(path);
            for (i, seg) in n.iter().enumerate() {
                if !self.singular(seg) || collections.contains(&n[..i]) {
                    continue;
                }
                out.push(FnResult::at(
                    format!("Resource name \"{seg}\" is not plural"),
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
    fn a_company_can_allow_more_names() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /health: {}\n  /meta/colors: {}\n  /me: {}\n";
        fails_with(
            &RULE,
            "{allow: ['^meta$']}",
            doc,
            &[("Resource name \"me\" is not plural", "/paths/~1me")],
        );
    }
}
