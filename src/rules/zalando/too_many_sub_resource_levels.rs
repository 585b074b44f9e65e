//! #147: at most 3 sub-resource (nesting) levels by default.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::paths::{has_param, key_path, segments};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-147-limit-sub-resource-levels";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 147,
    also: &[],
    level: Level::Should,
    title: "Limit number of sub-resource levels",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Counts the sub-resource levels of every path and reports paths with more
than 3. A sub-resource level is a named segment below a resource's
identifier: `/customers/{id}/orders/{order-id}/items` has 2 (`orders`,
`items`). Segments before the first identifier (`/internal/v2/customers`)
are the main resource and its prefix, and do not count.

## Why is this bad?
Each level ties a resource's life cycle to its parent and adds an
identifier clients must know. Deep nesting makes URLs long (some browsers
stop at 2000 characters), hard to read and hard to evolve; past three
levels the sub-resource usually deserves to be a resource of its own.

## Example
```yaml
# Bad: 4 levels
paths:
  /shops/{shop-id}/customers/{customer-id}/orders/{order-id}/items/{item-id}/notes: {}
# Good
paths:
  /orders/{order-id}/items/{item-id}/notes: {}
```

## Options
- `max` (default `3`): the most sub-resource levels a path may have.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /api/v1/internal/customers/{id}/orders/{order-id}/items/{item-id}/notes: {}
  /pets/cats/{cat-id}/tails/{tail-id}/strands: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /shops/{shop-id}/customers/{customer-id}/orders/{order-id}/items/{item-id}/notes: {}
  /a/{a}/b/c/d/e: {}
"#,
        findings: &[
            (
                "Path \"/shops/{shop-id}/customers/{customer-id}/orders/{order-id}/items/{item-id}/notes\" has 4 sub-resource levels, more than 3",
                "/paths/~1shops~1{shop-id}~1customers~1{customer-id}~1orders~1{order-id}~1items~1{item-id}~1notes",
            ),
            (
                "Path \"/a/{a}/b/c/d/e\" has 4 sub-resource levels, more than 3",
                "/paths/~1a~1{a}~1b~1c~1d~1e",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    max: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max: 3 }
    }
}

#[derive(Debug)]
struct Check {
    max: usize,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { max: o.max }))
}

/// Named segments after the first identifier of a path.
fn levels(path: &str) -> usize {
    segments(path)
        .filter(|s| !s.is_empty())
        .skip_while(|s| !has_param(s))
        .filter(|s| !has_param(s))
        .count()
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        paths
            .members()
            .filter_map(|(path, _)| {
                let n = levels(path);
                (n > self.max).then(|| {
                    FnResult::at(
                        format!(
                            "Path \"{path}\" has {n} sub-resource levels, more than {}",
                            self.max
                        ),
                        key_path(ctx.path(), path),
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_change_the_limit() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a/{a}/b/{b}/c: {}\n  /a/{a}/b: {}\n";
        fails_with(
            &RULE,
            "{max: 1}",
            doc,
            &[(
                "Path \"/a/{a}/b/{b}/c\" has 2 sub-resource levels, more than 1",
                "/paths/~1a~1{a}~1b~1{b}~1c",
            )],
        );
    }
}
