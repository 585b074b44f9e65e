//! #114: use media type versioning.

use serde_json::Value;

use super::http::{OPERATIONS, Operation, essence, no_options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-114-media-type-version-parameter";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 114,
    also: &[],
    level: Level::Must,
    title: "Use media type versioning",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the media types of request and response bodies: a version must be
a media type parameter (`application/x.zalando.cart+json;version=2`),
not part of the type's name (`application/vnd.cart.v2+json`,
`application/json-v2`). A last name part (before a `+json`-like suffix)
of `v` and digits counts as a version. Whether an API versions at all is its choice (and should be
avoided); this rule checks the form when it does.

## Why is this bad?
The guidelines version with a `version` parameter so that content
negotiation works on one media type name and `Vary: Content-Type` lets
caches keep versions apart. A version baked into the name makes every
version a different media type.

## Example
```yaml
# Bad
content:
  application/vnd.zalando.cart.v2+json:
    schema: {$ref: '#/components/schemas/Cart'}
# Good
content:
  application/x.zalando.cart+json;version=2:
    schema: {$ref: '#/components/schemas/Cart'}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /carts:
    get:
      responses:
        '200':
          description: ok
          content:
            application/x.zalando.cart+json;version=2:
              schema: {type: object}
            application/vnd.v8-engine+json:
              schema: {type: object}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /carts:
    post:
      requestBody:
        content:
          application/vnd.zalando.cart.v2+json:
            schema: {type: object}
      responses:
        '200':
          description: ok
          content:
            application/json-V3:
              schema: {type: object}
"#,
            findings: &[
                (
                    "Media type \"application/vnd.zalando.cart.v2+json\" names its version; pass it as a parameter (;version=2)",
                    "/paths/~1carts/post/requestBody/content/application~1vnd.zalando.cart.v2+json",
                ),
                (
                    "Media type \"application/json-V3\" names its version; pass it as a parameter (;version=3)",
                    "/paths/~1carts/post/responses/200/content/application~1json-V3",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
produces: [application/vnd.github.v3+json]
paths:
  /carts:
    get:
      responses:
        '200': {description: ok, schema: {type: object}}
"#,
            findings: &[(
                "Media type \"application/vnd.github.v3+json\" names its version; pass it as a parameter (;version=3)",
                "/produces/0",
            )],
        },
    ],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(CODE, options)?;
    Ok(Box::new(Check))
}

/// The version a media type names in its subtype (`v2` → `2`).
fn named_version(media: &str) -> Option<String> {
    let e = essence(media);
    let (_, subtype) = e.split_once('/')?;
    let name = subtype.split('+').next()?;
    let last = name.rsplit(['.', '-', '_']).next()?;
    let digits = last.strip_prefix('v')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_string())
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for body in op.bodies() {
            for m in body {
                if let Some(v) = named_version(m.name) {
                    out.push(FnResult::at(
                        format!(
                            "Media type \"{}\" names its version; pass it as a parameter (;version={v})",
                            m.name
                        ),
                        m.name_at,
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::named_version;

    #[test]
    fn versions_in_names() {
        assert_eq!(
            named_version("application/vnd.a.v2+json").as_deref(),
            Some("2")
        );
        assert_eq!(named_version("application/json-v10").as_deref(), Some("10"));
        assert_eq!(named_version("application/x.cart+json;version=2"), None);
        assert_eq!(named_version("application/vnd.v8-engine+json"), None);
        assert_eq!(named_version("application/vnd.dev+json"), None);
    }
}
