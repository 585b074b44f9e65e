//! #135: `/api` is not the base path.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::paths::{BASE_PATHS, segments, written_path_findings};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-135-no-api-base-path";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 135,
    also: &[],
    level: Level::Should,
    title: "Not use /api as base path",
    given: BASE_PATHS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports a base path that starts with `/api`: Swagger 2.0's `basePath`,
the path part of OpenAPI 3.x server URLs (with server variables replaced
by their defaults), and paths whose first segment is `api`.

## Why is this bad?
Every resource of a service is part of its API, so a prefix that says
"api" adds nothing and makes every URL longer. Where a service has a
separate internal API, that deserves its own specification and audience,
not a path prefix. The base path is deployment configuration and belongs
in the server object, without `/api`.

## Example
```yaml
# Bad
servers:
  - url: https://shop.example.com/api
paths:
  /api/orders: {}
# Good
servers:
  - url: https://shop.example.com
paths:
  /orders: {}
```

## Options
- `segments` (default `["api"]`): first segments (compared ignoring case)
  that must not start a base path or a path.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: https://api.example.com/
  - url: https://example.com/apis
  - url: /shop/api
paths:
  /orders: {}
  /apis: {}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
basePath: /api
paths:
  /orders: {}
"#,
            findings: &[("Base path \"/api\" starts with /api", "/basePath")],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: https://example.com/API/v1
  - url: 'https://example.com/{base}'
    variables:
      base: {default: api}
paths:
  /api/orders: {}
  api/products: {}
"#,
            findings: &[
                (
                    "Server URL \"https://example.com/API/v1\" starts with /api",
                    "/servers/0/url",
                ),
                (
                    "Server URL \"https://example.com/{base}\" starts with /api",
                    "/servers/1/url",
                ),
                (
                    "Path \"/api/orders\" starts with /api",
                    "/paths/~1api~1orders",
                ),
                (
                    "Path \"api/products\" starts with /api",
                    "/paths/api~1products",
                ),
            ],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    segments: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            segments: vec!["api".into()],
        }
    }
}

#[derive(Debug)]
struct Check {
    segments: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        segments: o.segments,
    }))
}

impl Check {
    /// The forbidden first segment `path` starts with, as configured.
    fn prefix(&self, path: &str) -> Option<&str> {
        let first = segments(path).next()?;
        self.segments
            .iter()
            .find(|s| s.eq_ignore_ascii_case(first))
            .map(|s| s.as_str())
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        written_path_findings(input, ctx, |path| {
            Some(format!("starts with /{}", self.prefix(path)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_name_other_prefixes() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /rest/orders: {}\n  /api/orders: {}\n";
        fails_with(
            &RULE,
            "{segments: [rest]}",
            doc,
            &[(
                "Path \"/rest/orders\" starts with /rest",
                "/paths/~1rest~1orders",
            )],
        );
    }
}
