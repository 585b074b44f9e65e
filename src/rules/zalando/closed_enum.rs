//! #112: enumerations clients receive should be open-ended (`examples`
//! in OpenAPI 3.1, `x-extensible-enum` before), not a closed `enum`.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{child, has_type, response_schemas, walk_resolved};
use super::{Fail, Level, ZalandoRule};
use crate::document::format::Formats;
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-112-open-ended-enums";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 112,
    also: &[],
    level: Level::Should,
    title: "Use open-ended list of values (via `examples`) for enumeration types",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports properties (and their array items) in response schemas that are
closed enumerations (`enum` with two or more values, not of type
`boolean`), which clients receive and must handle completely. It suggests the open-ended form of the document's OpenAPI
version: in OpenAPI 3.1, `examples` listing the currently known values and
a description starting with `[Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112).`;
before 3.1, `x-extensible-enum`.

In OpenAPI 3.1 documents it also reports `x-extensible-enum` on the
properties of response and component schemas, which the guidelines
replaced by `examples` in October 2025.

Enumerations in requests are not reported: adding accepted input values
does not break clients. Keep `enum` where the list of values is complete
for any thinkable future, and switch this rule off there.

## Why is this bad?
Adding a value to an `enum` is an incompatible change: clients generated
from the specification fail on the new value. An open-ended list tells
clients up front to expect and handle values they do not know yet.

## Example
```yaml
# Bad
delivery_method:
  type: string
  enum: [PARCEL, LETTER, EMAIL]
# Good (OpenAPI 3.1)
delivery_method:
  type: string
  examples: [PARCEL, LETTER, EMAIL]
  description: '[Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112). The chosen delivery method.'
```

## Options
- `check_enum` (default `true`): whether closed `enum`s in responses are
  reported; set `false` to only report `x-extensible-enum` in OpenAPI 3.1.
"#,
    pass: &[
        r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                mode: {type: string, enum: [FAST, SLOW]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  kind: {type: string, enum: [ORDER]}
                  flag: {type: boolean, enum: [true, false]}
                  delivery_method:
                    type: string
                    examples: [PARCEL, LETTER]
                    description: '[Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112).'
"#,
        r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        status: {type: string, x-extensible-enum: [OPEN, CLOSED]}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
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
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        status: {type: string, enum: [OPEN, CLOSED]}
        mode:
          allOf:
            - $ref: '#/components/schemas/Mode'
            - description: How the order ships.
    Mode: {type: string, enum: [FAST, SLOW]}
"#,
            findings: &[
                (
                    "Property \"status\" is a closed enum; if values may be added, use x-extensible-enum",
                    "/components/schemas/Order/properties/status",
                ),
                (
                    "Property \"mode\" is a closed enum; if values may be added, use x-extensible-enum",
                    "/components/schemas/Mode",
                ),
            ],
        },
        Fail {
            doc: r#"
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
              schema:
                type: object
                properties:
                  status: {type: string, enum: [OPEN, CLOSED]}
                  method: {type: string, x-extensible-enum: [PARCEL, LETTER]}
"#,
            findings: &[
                (
                    "Property \"status\" is a closed enum; if values may be added, list the values in examples and start the description with [Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112).",
                    "/paths/~1orders/get/responses/200/content/application~1json/schema/properties/status",
                ),
                (
                    "x-extensible-enum of property \"method\" is deprecated in OpenAPI 3.1: list the values in examples and start the description with [Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112).",
                    "/paths/~1orders/get/responses/200/content/application~1json/schema/properties/method/x-extensible-enum",
                ),
            ],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    check_enum: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { check_enum: true }
    }
}

#[derive(Debug)]
struct Check {
    check_enum: bool,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        check_enum: o.check_enum,
    }))
}

const OPEN_3_1: &str = "list the values in examples and start the description with [Extensible enum](https://opensource.zalando.com/restful-api-guidelines/#112).";

impl Check {
    /// The finding for a closed enum at `path`, if `schema` is one.
    /// The finding for a closed enum in `schema` (or, as in
    /// `allOf: [{$ref: Status}, {description: ...}]`, in one of its
    /// parts), named `subject` in the message.
    fn closed(
        &self,
        schema: View<'_>,
        path: &[PathSeg],
        subject: &str,
        v3_1: bool,
    ) -> Option<FnResult> {
        if has_type(schema, "boolean") {
            return None;
        }
        let Some(values) = schema.get("enum").filter(|e| e.len() >= 2) else {
            return ["allOf", "anyOf", "oneOf"].into_iter().find_map(|k| {
                schema.get(k)?.items().enumerate().find_map(|(i, part)| {
                    let mut p = child(path, k);
                    p.push(PathSeg::Index(i));
                    part.get("enum")?;
                    self.closed(part, &p, subject, v3_1)
                })
            });
        };
        if values.items().all(|i| i.as_bool().is_some() || i.is_null()) {
            return None;
        }
        let advice = if v3_1 {
            format!("if values may be added, {OPEN_3_1}")
        } else {
            "if values may be added, use x-extensible-enum".to_string()
        };
        Some(FnResult::at(
            format!("{subject} is a closed enum; {advice}"),
            path.to_vec(),
        ))
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(root) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let v3_1 = ctx
            .formats
            .intersects(Formats::OAS3_1.union(Formats::OAS3_2));
        let mut out = Vec::new();
        // Each property mapping once: first as reached from responses
        // (closed enums and x-extensible-enum), then the rest of the
        // components (x-extensible-enum only).
        let mut seen = HashSet::new();
        let mut check = |props: View<'_>, path: &[PathSeg], response: bool| {
            for (name, schema) in props.members() {
                let at = child(path, name);
                if v3_1 && schema.get("x-extensible-enum").is_some() {
                    out.push(FnResult::at(
                        format!(
                            "x-extensible-enum of property \"{name}\" is deprecated in OpenAPI 3.1: {OPEN_3_1}"
                        ),
                        child(&at, "x-extensible-enum"),
                    ));
                }
                if !(response && self.check_enum) {
                    continue;
                }
                let subject = format!("Property \"{name}\"");
                out.extend(self.closed(schema, &at, &subject, v3_1));
                if let Some(items) = schema.get("items") {
                    let subject = format!("Items of property \"{name}\"");
                    out.extend(self.closed(items, &child(&at, "items"), &subject, v3_1));
                }
            }
        };
        let mut roots: Vec<(View<'_>, Vec<PathSeg>, bool)> = response_schemas(root)
            .into_iter()
            .map(|(s, p)| (s, p, true))
            .collect();
        if v3_1 {
            for (name, s) in root
                .get("components")
                .and_then(|c| c.get("schemas"))
                .iter()
                .flat_map(|s| s.members())
            {
                let p = vec![
                    PathSeg::Key("components".into()),
                    PathSeg::Key("schemas".into()),
                    PathSeg::Key(name.to_string()),
                ];
                roots.push((s, p, false));
            }
        }
        for (schema, mut path, response) in roots {
            walk_resolved(schema, &mut path, &mut seen, &mut |s, p| {
                if let Some(props) = s.get("properties").filter(|v| v.is_object()) {
                    check(props, &child(p, "properties"), response);
                }
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_keep_closed_enums() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {s: {type: string, enum: [A, B]}}}\n";
        fails_with(&RULE, "{check_enum: false}", doc, &[]);
    }
}
