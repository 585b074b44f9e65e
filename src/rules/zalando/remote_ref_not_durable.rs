//! #234: only durable and immutable remote references (the specification
//! is self-contained apart from allow-listed, versioned fragments).

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, in_data, parse_options};
use super::schemas::is_named_member;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-234-durable-remote-refs";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 234,
    also: &[],
    level: Level::Must,
    title: "Only use durable and immutable remote references",
    given: &["$..$ref"],
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every `$ref` of the document: references within the document
(`#/components/...`) pass, and so do references to the durable, immutable
sources the guidelines name: the API repository
(`https://infrastructure-api-repository.zalandoapis.com/`), the
guidelines' models (`https://opensource.zalando.com/restful-api-guidelines/`)
and the deprecated Problem aliases (`https://opensource.zalando.com/problem/`,
`https://zalando.github.io/problem/`). Any other reference, to a URL or to
a local file such as `../fragment.yaml#/Pet`, is reported.

## Why is this bad?
Content behind an arbitrary URL or in a neighbouring file is not durable
and not immutable: it moves, changes or disappears, and the meaning of the
API changes with it without any change to the specification. A single
self-contained document is also what reviewers and tools read best.

## Example
```yaml
# Bad
schema:
  $ref: https://raw.githubusercontent.com/acme/models/main/pet.yaml
# Good
schema:
  $ref: https://opensource.zalando.com/restful-api-guidelines/models/money-1.0.0.yaml#/Money
```

## Options
- `allow` (default the four sources above, as `^https://...` regular
  expressions): regular expressions of references that pass.
"#,
    pass: &[r##"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
        default:
          description: error
          content:
            application/problem+json:
              schema: {$ref: 'https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml#/Problem'}
components:
  schemas:
    Order:
      type: object
      properties:
        total: {$ref: 'https://opensource.zalando.com/restful-api-guidelines/models/money-1.0.0.yaml#/Money'}
      example: {$ref: not-a-reference}
"##],
    fail: &[Fail {
        doc: r##"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: '../models/order.yaml#/Order'}
        default:
          description: error
          schema: {$ref: 'https://raw.githubusercontent.com/acme/models/main/problem.yaml'}
"##,
        findings: &[
            (
                "Reference \"../models/order.yaml#/Order\" points outside the document: keep the specification self-contained",
                "/paths/~1orders/get/responses/200/schema/$ref",
            ),
            (
                "Remote reference \"https://raw.githubusercontent.com/acme/models/main/problem.yaml\" is not to a durable, immutable source",
                "/paths/~1orders/get/responses/default/schema/$ref",
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
                r"^https://infrastructure-api-repository\.zalandoapis\.com/".into(),
                r"^https://opensource\.zalando\.com/restful-api-guidelines/".into(),
                r"^https://opensource\.zalando\.com/problem/".into(),
                r"^https://zalando\.github\.io/problem/".into(),
            ],
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

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(r) = input.as_str() else {
            return Vec::new();
        };
        let path = ctx.path();
        // `$ref` as a property name, or inside example data, is not a
        // reference.
        if r.starts_with('#') || in_data(path) || is_named_member(path) {
            return Vec::new();
        }
        if self.allow.iter().any(|p| p.is_match(r)) {
            return Vec::new();
        }
        let remote = r.starts_with("http://") || r.starts_with("https://");
        let msg = if remote {
            format!("Remote reference \"{r}\" is not to a durable, immutable source")
        } else {
            format!(
                "Reference \"{r}\" points outside the document: keep the specification self-contained"
            )
        };
        vec![FnResult::here(msg)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_its_model_repository() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'https://models.example.com/a-1.0.0.yaml#/A'}\n";
        fails_with(
            &RULE,
            r"{allow: ['^https://models\.example\.com/']}",
            doc,
            &[],
        );
    }
}
