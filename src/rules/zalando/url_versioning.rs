//! #115: no version in URLs.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::paths::{BASE_PATHS, has_param, segments, written_path_findings};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-115-no-url-versioning";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 115,
    also: &[],
    level: Level::Must,
    title: "Not use URL versioning",
    given: BASE_PATHS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports version segments (`v1`, `v2.1`, `v1beta`) in paths, in Swagger
2.0's `basePath` and in the path part of OpenAPI 3.x server URLs (with
server variables replaced by their defaults).

## Why is this bad?
A version in the URL makes every version a different set of resources:
clients must change all their URLs to move on, links and stored ids break,
and the provider ends up running old and new side by side. The guidelines
evolve APIs compatibly and, where a breaking change cannot be avoided,
version the media type (`application/x.order+json;version=2`), so a
resource keeps one URL.

## Example
```yaml
# Bad
servers:
  - url: https://shop.example.com/v1
paths:
  /v2/orders: {}
# Good
servers:
  - url: https://shop.example.com
paths:
  /orders: {}
```

## Options
- `pattern` (default `^[vV][0-9]+([._][0-9]+)*([a-z]+[0-9]*)?$`): the
  regular expression a whole segment matches when it is a version.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: https://v1.example.com
  - url: https://example.com/shop?version=v1
paths:
  /videos/{v1}: {}
  /versions: {}
  /v: {}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
basePath: /shop/v1
paths:
  /orders: {}
"#,
            findings: &[(
                "Base path \"/shop/v1\" has the version segment \"v1\"",
                "/basePath",
            )],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: 'https://example.com/{version}'
    variables:
      version: {default: v2}
paths:
  /v1.1/orders: {}
  /orders/V2beta1/items: {}
"#,
            findings: &[
                (
                    "Server URL \"https://example.com/{version}\" has the version segment \"v2\"",
                    "/servers/0/url",
                ),
                (
                    "Path \"/v1.1/orders\" has the version segment \"v1.1\"",
                    "/paths/~1v1.1~1orders",
                ),
                (
                    "Path \"/orders/V2beta1/items\" has the version segment \"V2beta1\"",
                    "/paths/~1orders~1V2beta1~1items",
                ),
            ],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    pattern: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pattern: "^[vV][0-9]+([._][0-9]+)*([a-z]+[0-9]*)?$".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    pattern: regex::Regex,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let pattern = regex::Regex::new(&o.pattern)
        .map_err(|e| format!("\"{CODE}\" has an invalid pattern \"{}\": {e}", o.pattern))?;
    Ok(Box::new(Check { pattern }))
}

impl Check {
    /// The first version segment of `path`.
    fn version<'p>(&self, path: &'p str) -> Option<&'p str> {
        segments(path).find(|s| !has_param(s) && self.pattern.is_match(s))
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        written_path_findings(input, ctx, |path| {
            Some(format!(
                "has the version segment \"{}\"",
                self.version(path)?
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_change_the_version_pattern() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /version-2/orders: {}\n  /v2/orders: {}\n";
        fails_with(
            &RULE,
            "{pattern: '^version-[0-9]+$'}",
            doc,
            &[(
                "Path \"/version-2/orders\" has the version segment \"version-2\"",
                "/paths/~1version-2~1orders",
            )],
        );
    }
}
