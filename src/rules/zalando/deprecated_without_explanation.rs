//! #187: reflect deprecation in API specifications.

use serde::Deserialize;
use serde_json::Value;

use super::common::{in_data, parse_options};
use super::http::{METHODS, view_at};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-187-explain-deprecation";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 187,
    also: &[],
    level: Level::Must,
    title: "Reflect deprecation in API specifications",
    given: &["$..deprecated"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For every element marked `deprecated: true` (operation, parameter,
schema, property), checks that its `description` explains the
deprecation: it must mention it (words such as "deprecated", "sunset",
"instead", "replaced", "migrate", "no longer", "removed"). An
`x-sunset` or `x-deprecated...` extension next to the flag also counts.
What should be deprecated cannot be known.

## Why is this bad?
`deprecated: true` tells clients to stop using something, but not what
to use instead, how to migrate, or when it goes away. That belongs in the
description.

## Example
```yaml
# Bad
- name: customer_id
  in: query
  deprecated: true
  schema: {type: string}
# Good
- name: customer_id
  in: query
  deprecated: true
  description: Deprecated, use customer_number instead; sunset on 2026-06-30.
  schema: {type: string}
```

## Options
- `words` (default `[deprecat, sunset, instead, replace, supersede,
  migrat, no longer, obsolete, removed, discontinue]`): text fragments
  (compared without case) of which the description must contain one.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      deprecated: true
      description: Deprecated - use /sales-orders instead.
      responses:
        '200': {description: ok}
components:
  schemas:
    Order:
      type: object
      properties:
        deprecated: {type: boolean, description: a property named so}
        code:
          type: string
          deprecated: true
          x-sunset: '2026-01-01'
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      deprecated: true
      description: Returns all orders.
      parameters:
        - {name: customer_id, in: query, type: string, x-deprecated-reason: gone}
      responses:
        '200': {description: ok}
definitions:
  Order:
    type: object
    properties:
      code: {type: string, deprecated: true}
"#,
        findings: &[
            (
                "Deprecated operation GET /orders does not explain the deprecation in its description",
                "/paths/~1orders/get/deprecated",
            ),
            (
                "Deprecated property \"code\" does not explain the deprecation in its description",
                "/definitions/Order/properties/code/deprecated",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    words: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            words: [
                "deprecat",
                "sunset",
                "instead",
                "replace",
                "supersede",
                "migrat",
                "no longer",
                "obsolete",
                "removed",
                "discontinue",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    words: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        words: o.words.iter().map(|w| w.to_lowercase()).collect(),
    }))
}

/// What the element at `path` is, for messages.
fn describe(path: &[PathSeg], owner: crate::document::View<'_>) -> String {
    let key = |i: usize| match path.get(i) {
        Some(PathSeg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    let n = path.len();
    let last = n.checked_sub(1).and_then(key);
    let before = n.checked_sub(2).and_then(key);
    if n == 3
        && key(0) == Some("paths")
        && let (Some(p), Some(m)) = (key(1), key(2))
        && METHODS.contains(&m)
    {
        return format!("operation {} {p}", m.to_ascii_uppercase());
    }
    if before == Some("parameters")
        && let Some(name) = owner.get("name").and_then(|v| v.as_str())
    {
        return format!("parameter \"{name}\"");
    }
    match (before, last) {
        (Some("properties"), Some(name)) => format!("property \"{name}\""),
        (Some("schemas" | "definitions"), Some(name)) => format!("schema \"{name}\""),
        (Some("headers"), Some(name)) => format!("header \"{name}\""),
        _ if ["type", "properties", "allOf", "oneOf", "anyOf", "items"]
            .iter()
            .any(|k| owner.get(k).is_some()) =>
        {
            "schema".to_string()
        }
        _ => "element".to_string(),
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        if input.view().and_then(|v| v.as_bool()) != Some(true) {
            return Vec::new();
        }
        let path = ctx.path();
        if in_data(path) || path.is_empty() {
            return Vec::new();
        }
        let owner_path = &path[..path.len() - 1];
        let Some(owner) = view_at(ctx.root, owner_path).filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let explained = owner
            .get("description")
            .and_then(|d| d.as_str())
            .is_some_and(|d| {
                let d = d.to_lowercase();
                self.words.iter().any(|w| d.contains(w.as_str()))
            });
        let extension = owner
            .members()
            .any(|(k, _)| k == "x-sunset" || k.starts_with("x-deprecat"));
        if explained || extension {
            return Vec::new();
        }
        vec![FnResult::here(format!(
            "Deprecated {} does not explain the deprecation in its description",
            describe(owner_path, owner)
        ))]
    }
}
