//! #167: use JSON as payload data interchange format.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::http::{OPERATIONS, Operation, essence, is_json};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-167-json-payload";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 167,
    also: &[],
    level: Level::Must,
    title: "Use JSON as payload data interchange format",
    given: &[OPERATIONS],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks request and response bodies that come in a generic structured
data format other than JSON (XML, YAML): they must also be offered as
JSON (`application/json` or a `+json` type) next to it. Binary and
document formats (images, PDF, archives, `multipart/form-data`, plain
text, ...) are not checked: the guidelines allow them for data that has
such a standard format.

## Why is this bad?
JSON is the one structured format every Zalando API speaks; clients
should not need an XML or YAML stack to use an API. Other structured
formats are fine as an additional representation chosen by content
negotiation.

## Example
```yaml
# Bad
content:
  application/xml:
    schema: {$ref: '#/components/schemas/Order'}
# Good
content:
  application/json:
    schema: {$ref: '#/components/schemas/Order'}
  application/xml:
    schema: {$ref: '#/components/schemas/Order'}
```

## Options
- `formats` (default `[application/xml, text/xml, +xml, application/yaml,
  application/x-yaml, text/yaml, text/x-yaml]`): the non-JSON structured
  media types (without parameters, lower case); an entry starting with
  `+` matches a structured syntax suffix. A company that wants JSON
  beside CSV too adds `text/csv`.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
            application/xml:
              schema: {type: object}
    post:
      requestBody:
        content:
          image/png:
            schema: {type: string, format: binary}
      responses:
        '201': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
consumes: [application/xml]
produces: [text/xml, application/atom+xml]
paths:
  /orders:
    post:
      parameters:
        - {name: order, in: body, schema: {type: object}}
      responses:
        '200': {description: ok, schema: {type: object}}
"#,
        findings: &[
            (
                "Payload is offered as application/xml without JSON; offer application/json",
                "/consumes/0",
            ),
            (
                "Payload is offered as text/xml without JSON; offer application/json",
                "/produces/0",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    formats: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: [
                "application/xml",
                "text/xml",
                "+xml",
                "application/yaml",
                "application/x-yaml",
                "text/yaml",
                "text/x-yaml",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    formats: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        formats: o
            .formats
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect(),
    }))
}

impl Check {
    fn is_other_format(&self, media: &str) -> bool {
        let e = essence(media);
        self.formats.iter().any(|f| {
            if f.starts_with('+') {
                e.ends_with(f.as_str())
            } else {
                e == *f
            }
        })
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(op) = Operation::from_match(input, ctx) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for body in op.bodies() {
            if body.iter().any(|m| is_json(m.name)) {
                continue;
            }
            if let Some(m) = body.into_iter().find(|m| self.is_other_format(m.name)) {
                out.push(FnResult::at(
                    format!(
                        "Payload is offered as {} without JSON; offer application/json",
                        m.name
                    ),
                    m.name_at,
                ));
            }
        }
        out
    }
}
