//! #129: path segments must be kebab-case.

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, compile_patterns, parse_options};
use super::paths::{has_param, key_path, segments};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-129-path-segments-kebab-case";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 129,
    also: &[],
    level: Level::Must,
    title: "Use kebab-case for path segments",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every fixed segment of every path against kebab-case: lowercase
letters, digits and single `-` between words, starting with a letter
(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`). Segments holding a path parameter
(`{order-id}`) are not checked: their names are not part of the URL.
Empty segments are left to #136.

## Why is this bad?
URLs are read, typed and compared by people and tools. Lowercase segments
with hyphens are the common web convention; mixed case invites clients
to request `/salesOrders` when the server knows `/salesorders`, and
underscores vanish under link underlining.

## Example
```yaml
# Bad
paths:
  /salesOrders/{order-id}: {}
  /sales_orders: {}
# Good
paths:
  /sales-orders/{order-id}: {}
```

## Options
- `case` (default `kebab`): the style segments must follow: `kebab`,
  `snake`, `camel`, `pascal` or `upper-snake`.
- `allow` (default `["^\\.well-known$"]`): regular expressions of segments
  that pass whatever the style (RFC 8615's `/.well-known` passes by
  default).
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /sales-orders/{orderId}/items2: {}
  /.well-known/openid-configuration: {}
  /: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /salesOrders/{order-id}/line_items: {}
  /sales--orders: {}
"#,
        findings: &[
            (
                "Path segment \"salesOrders\" is not kebab-case",
                "/paths/~1salesOrders~1{order-id}~1line_items",
            ),
            (
                "Path segment \"line_items\" is not kebab-case",
                "/paths/~1salesOrders~1{order-id}~1line_items",
            ),
            (
                "Path segment \"sales--orders\" is not kebab-case",
                "/paths/~1sales--orders",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    case: Case,
    allow: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            case: Case::Kebab,
            allow: vec![r"^\.well-known$".into()],
        }
    }
}

#[derive(Debug)]
struct Check {
    case: Case,
    allow: Vec<regex::Regex>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        case: o.case,
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
                if seg.is_empty()
                    || has_param(seg)
                    || self.case.matches(seg)
                    || self.allow.iter().any(|r| r.is_match(seg))
                {
                    continue;
                }
                out.push(FnResult::at(
                    format!("Path segment \"{seg}\" is not {}", self.case.name()),
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
    fn a_company_can_choose_snake_case() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /sales_orders: {}\n  /sales-orders: {}\n";
        fails_with(
            &RULE,
            "{case: snake}",
            doc,
            &[(
                "Path segment \"sales-orders\" is not snake_case",
                "/paths/~1sales-orders",
            )],
        );
    }
}
