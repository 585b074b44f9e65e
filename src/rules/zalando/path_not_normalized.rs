//! #136: paths have no empty segments and no trailing slash.

use serde_json::Value;

use super::common::parse_options;
use super::paths::key_path;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-136-normalized-paths";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 136,
    also: &[],
    level: Level::Must,
    title: "Use normalized paths without empty path segments and trailing slashes",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports every path (other than `/` itself) that ends with a slash
(`/customers/`) or has an empty segment (`/customers//addresses`).

## Why is this bad?
Unnormalized paths have no clear meaning: proxies, gateways, frameworks
and monitoring treat `/customers/` and `/customers` differently, some
collapse `//` and some do not. Clients then reach different resources, or
none, depending on what sits between them and the service.

## Example
```yaml
# Bad
paths:
  /customers/: {}
  /customers//addresses: {}
# Good
paths:
  /customers: {}
  /customers/{customer-id}/addresses: {}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /: {}
  /customers: {}
  /customers/{id}/addresses: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /customers/: {}
  /customers//addresses: {}
  //: {}
"#,
        findings: &[
            (
                "Path \"/customers/\" ends with a slash",
                "/paths/~1customers~1",
            ),
            (
                "Path \"/customers//addresses\" has an empty segment",
                "/paths/~1customers~1~1addresses",
            ),
            ("Path \"//\" ends with a slash", "/paths/~1~1"),
        ],
    }],
};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, _) in paths.members() {
            if path.len() > 1 && path.ends_with('/') {
                out.push(FnResult::at(
                    format!("Path \"{path}\" ends with a slash"),
                    key_path(ctx.path(), path),
                ));
            } else if path.contains("//") {
                out.push(FnResult::at(
                    format!("Path \"{path}\" has an empty segment"),
                    key_path(ctx.path(), path),
                ));
            }
        }
        out
    }
}
