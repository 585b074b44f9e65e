//! #120: array property names are plural.

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::http::member_at;
use super::paths::{head_noun, is_plural};
use super::schemas::{has_type, properties_match, words};
use super::{Fail, Level, ZalandoRule};
use crate::document::View;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-120-array-names-plural";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 120,
    also: &[],
    level: Level::Should,
    title: "Pluralize array names",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that properties of `type: array` have plural names: the last word
of the name (`line_items` → `items`) must end in `s` (but not `ss`), or be
an irregular plural or uncountable noun from a small built-in list
(`children`, `people`, `data`, `media`, `feedback`, `information`, ...).
Trailing digits are ignored (`items2` → `items`), and so are past
participles after the noun (`repositories_added` → `repositories`; a
name that is only a participle, `added`, is not judged).

Tuples are not checked: an array with `prefixItems`, an `items` list, or
`minItems` equal to `maxItems` holds one value made of parts
(`coordinates`, `bbox`, `point`).

This is an English heuristic: a singular noun ending in `s` (`status`)
passes, so the rule misses some cases rather than report plurals.

## Why is this bad?
A plural name tells readers and code generators that the value holds
many items, and a singular one that it holds one. `"tag": ["a", "b"]`
reads wrong in every client that maps it.

## Example
```yaml
# Bad
properties:
  tag: {type: array, items: {type: string}}
# Good
properties:
  tags: {type: array, items: {type: string}}
```

## Options
- `allow` (default `[]`): regular expressions of names that pass.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        line_items: {type: [array, 'null'], items: {type: string}}
        children: {type: array, items: {type: string}}
        metadata: {type: array, items: {type: string}}
        items2: {type: array, items: {type: string}}
        repositories_added: {type: array, items: {type: string}}
        removed: {type: array, items: {type: string}}
        position: {type: array, items: {type: number}, minItems: 2, maxItems: 2}
        range: {type: array, prefixItems: [{type: number}, {type: number}]}
        customer: {type: object}
      example: {tag: [a]}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      tag: {type: array, items: {type: string}}
      shippingAddress:
        $ref: '#/definitions/AddressList'
  AddressList:
    type: array
    items: {type: string}
"#,
        findings: &[
            (
                "Array property \"shippingAddress\" does not have a plural name",
                "/definitions/Order/properties",
            ),
            (
                "Array property \"tag\" does not have a plural name",
                "/definitions/Order/properties/tag",
            ),
        ],
    }],
};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    allow: Vec<String>,
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

/// Whether an array schema is a tuple: one value made of parts.
fn is_tuple(schema: View<'_>) -> bool {
    let num = |k: &str| schema.get(k).and_then(|v| v.as_f64());
    schema.get("prefixItems").is_some()
        || schema.get("items").is_some_and(|i| i.is_array())
        || matches!((num("minItems"), num("maxItems")), (Some(a), Some(b)) if a == b)
}

/// Whether a property name reads as singular.
fn singular(name: &str) -> bool {
    head_noun(&words(name)).is_some_and(|w| !is_plural(w))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some((props, path)) = properties_match(&input, ctx) else {
            return Vec::new();
        };
        props
            .members()
            .filter(|(name, schema)| {
                has_type(*schema, "array")
                    && !is_tuple(*schema)
                    && singular(name)
                    && !self.allow.iter().any(|r| r.is_match(name))
            })
            .map(|(name, _)| {
                FnResult::at(
                    format!("Array property \"{name}\" does not have a plural name"),
                    member_at(path, props, name),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_names() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        history: {type: array, items: {}}\n        tag: {type: array, items: {}}\n";
        fails_with(
            &RULE,
            "{allow: ['history$']}",
            doc,
            &[(
                "Array property \"tag\" does not have a plural name",
                "/components/schemas/A/properties/tag",
            )],
        );
    }
}
