//! #172: use standard media types.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, Operation, essence, media_param};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-172-standard-media-types";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 172,
    also: &[],
    level: Level::Should,
    title: "Use standard media types",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the media types of request and response bodies for JSON that is
not sent as a standard media type:
- custom JSON types in the unregistered, personal or vendor trees
  (`application/x.zalando.article+json`, `application/x-order+json`,
  `application/prs.order+json`, `application/vnd.acme.order+json`) —
  unless they carry a `version` parameter, as media type versioning
  needs a custom type;
- non-standard names for plain JSON (`text/json`, `application/x-json`,
  `text/x-json`).

Non-JSON types (images, PDF, `multipart/form-data`, ...) are not checked.

## Why is this bad?
A custom JSON media type brings nothing over `application/json` (or
`application/problem+json` for errors) but makes tools, proxies and
client libraries that key on the media type fail.

## Example
```yaml
# Bad
content:
  application/x.zalando.article+json:
    schema: {$ref: '#/components/schemas/Article'}
# Good
content:
  application/json:
    schema: {$ref: '#/components/schemas/Article'}
```

## Options
- `allow` (default `[application/vnd.api+json,
  application/vnd.oai.openapi+json]`): media types (without
  parameters, lower case) that pass, e.g. registered vendor types.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /articles:
    post:
      requestBody:
        content:
          application/merge-patch+json:
            schema: {type: object}
          multipart/form-data:
            schema: {type: object}
      responses:
        '200':
          description: ok
          content:
            application/json; charset=utf-8:
              schema: {type: object}
            application/x.zalando.article+json;version=2:
              schema: {type: object}
            application/vnd.ms-excel:
              schema: {type: string, format: binary}
        default:
          description: error
          content:
            application/problem+json:
              schema: {type: object}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /articles:
    get:
      produces: [application/x.zalando.article+json, text/json]
      responses:
        '200': {description: ok, schema: {type: object}}
"#,
        findings: &[
            (
                "Media type \"application/x.zalando.article+json\" is a custom JSON type; use application/json",
                "/paths/~1articles/get/produces/0",
            ),
            (
                "Media type \"text/json\" is not a standard media type; use application/json",
                "/paths/~1articles/get/produces/1",
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
            allow: vec![
                "application/vnd.api+json".into(),
                "application/vnd.oai.openapi+json".into(),
            ],
        }
    }
}

#[derive(Debug)]
struct Check {
    allow: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        allow: o.allow.iter().map(|a| essence(a)).collect(),
    }))
}

/// What is wrong with a media type, if anything.
fn problem(media: &str) -> Option<&'static str> {
    let e = essence(media);
    if matches!(
        e.as_str(),
        "text/json" | "application/x-json" | "text/x-json"
    ) {
        return Some("is not a standard media type");
    }
    let (_, subtype) = e.split_once('/')?;
    let custom = ["x.", "x-", "prs.", "vnd."]
        .iter()
        .any(|t| subtype.starts_with(t));
    (custom && subtype.ends_with("+json") && media_param(media, "version").is_none())
        .then_some("is a custom JSON type")
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for body in op.bodies() {
            for m in body {
                if self.allow.contains(&essence(m.name)) {
                    continue;
                }
                if let Some(what) = problem(m.name) {
                    out.push(FnResult::at(
                        format!("Media type \"{}\" {what}; use application/json", m.name),
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
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_its_types() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/vnd.acme+json: {}\n            application/x-other+json: {}\n";
        fails_with(
            &RULE,
            "{allow: [application/vnd.acme+json]}",
            doc,
            &[(
                "Media type \"application/x-other+json\" is a custom JSON type; use application/json",
                "/paths/~1a/get/responses/200/content/application~1x-other+json",
            )],
        );
    }
}
