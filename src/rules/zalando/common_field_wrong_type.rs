//! #174: common fields (`id`, `*_id`, `etag`, `created_at`, ...) have
//! their common types.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{SCHEMA_ROOTS, child, format, on_properties, types};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-174-common-field-names";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 174,
    also: &[],
    level: Level::Must,
    title: "Use common field names and semantics",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks properties with the common field names of the guidelines against
their common type and format:
- `id` and every `*_id` (identifiers, also of referenced objects):
  `string`, never a number;
- `etag`: `string`;
- `created_at`, `modified_at`: `string` with format `date-time`.

Only a declared `type` or `format` that differs is reported; a missing
format on a date is `zalando-126-date-time-formats`' finding.

## Why is this bad?
Common names only help when they mean the same everywhere. An `id` that
is a number in one API and a string in another breaks generic client code,
and numeric identifiers cannot evolve (and may reveal business volumes).

## Example
```yaml
# Bad
id: {type: integer, format: int64}
created_at: {type: string, format: date}
# Good
id: {type: string}
created_at: {type: string, format: date-time}
```

## Options
- `fields` (default the list above): a mapping from field name to
  `{type, format}` (both optional); a name starting with `*` matches that
  suffix, e.g. `'*_id': {type: string}`.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        id: {type: string}
        parent_node_id: {type: [string, 'null']}
        etag: {type: string}
        created_at: {type: string, format: date-time}
        modified_at: {type: string}
        paid: {type: boolean}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Node:
    type: object
    properties:
      id: {type: integer, format: int64}
      partner_id: {type: number, format: double}
      created_at: {type: string, format: date}
"#,
        findings: &[
            (
                "Common field \"id\" must be of type string, not integer",
                "/definitions/Node/properties/id",
            ),
            (
                "Common field \"partner_id\" must be of type string, not number",
                "/definitions/Node/properties/partner_id",
            ),
            (
                "Common field \"created_at\" must have format date-time, not date",
                "/definitions/Node/properties/created_at/format",
            ),
        ],
    }],
};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Field {
    #[serde(rename = "type")]
    kind: Option<String>,
    format: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    fields: BTreeMap<String, Field>,
}

impl Default for Options {
    fn default() -> Self {
        let f = |kind: &str, format: Option<&str>| Field {
            kind: Some(kind.into()),
            format: format.map(String::from),
        };
        Options {
            fields: [
                ("id", f("string", None)),
                ("*_id", f("string", None)),
                ("etag", f("string", None)),
                ("created_at", f("string", Some("date-time"))),
                ("modified_at", f("string", Some("date-time"))),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    exact: BTreeMap<String, Field>,
    suffixes: Vec<(String, Field)>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let mut exact = BTreeMap::new();
    let mut suffixes = Vec::new();
    for (name, field) in o.fields {
        match name.strip_prefix('*') {
            Some(suffix) => suffixes.push((suffix.to_string(), field)),
            None => {
                exact.insert(name, field);
            }
        }
    }
    Ok(Box::new(Check { exact, suffixes }))
}

impl Check {
    /// The field's expectations, and whether the name matched a suffix.
    fn field(&self, name: &str) -> Option<(&Field, bool)> {
        self.exact.get(name).map(|f| (f, false)).or_else(|| {
            self.suffixes
                .iter()
                .find(|(s, _)| name.len() > s.len() && name.ends_with(s.as_str()))
                .map(|(_, f)| (f, true))
        })
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let mut out = Vec::new();
            for (name, s) in props.members() {
                let Some((field, by_suffix)) = self.field(name) else {
                    continue;
                };
                let declared: Vec<&str> = types(s).into_iter().filter(|&t| t != "null").collect();
                // `changes.column_id: {from: ...}` or a structured tax id is
                // not a plain identifier in the wrong type.
                if by_suffix && declared.iter().any(|t| matches!(*t, "object" | "array")) {
                    continue;
                }
                if let Some(kind) = &field.kind
                    && let Some(other) = declared.iter().find(|&&t| t != kind)
                {
                    out.push(FnResult::at(
                        format!("Common field \"{name}\" must be of type {kind}, not {other}"),
                        child(path, name),
                    ));
                    continue;
                }
                if let (Some(want), Some(have)) = (&field.format, format(s))
                    && want != have
                {
                    let mut at = child(path, name);
                    at.push(crate::document::PathSeg::Key("format".into()));
                    out.push(FnResult::at(
                        format!("Common field \"{name}\" must have format {want}, not {have}"),
                        at,
                    ));
                }
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_add_fields() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        type: {type: object}\n        id: {type: integer}\n";
        fails_with(
            &RULE,
            "{fields: {type: {type: string}}}",
            doc,
            &[(
                "Common field \"type\" must be of type string, not object",
                "/components/schemas/A/properties/type",
            )],
        );
    }
}
