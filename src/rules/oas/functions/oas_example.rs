//! `oasExample`: examples and defaults must validate against their schema.
//!
//! Options (all as Spectral's `oasExample` takes them):
//! - `oasVersion`: `2` or `3`;
//! - `schemaField`: where the schema is: `$` for the target itself (a
//!   Schema or Parameter object), else the target's member of that name
//!   (`schema` for a Media Type or 2.0 Response object);
//! - `type`: `schema` or `media`.
//!
//! What is validated:
//! - `type: schema`: the target's `example`, `default` and, for 2.0,
//!   `x-example` — each one that is present, `null` included;
//! - `type: media`, 3.x: `example` when present; otherwise every entry of
//!   `examples` that is an object without `externalValue`, by its `value`
//!   (an entry with no `value` fails with `"value" property must exist`);
//! - `type: media`, 2.0: every entry of the `examples` map (by MIME type).
//!
//! Each result is reported at the example (`.../example`,
//! `.../examples/<name>/value`) plus the path inside it, worded as the
//! `schema` function words Ajv's errors (`"name" property type must be
//! string`, `Property "x" is not expected to be here`, ...); the rule's
//! message is `{{error}}`.
//!
//! How the schema is read (as Spectral's `oasSchema`):
//! - OpenAPI 2.0: JSON Schema draft 4, `x-nullable: true` meaning
//!   `nullable: true`, a boolean `required` (a parameter's) ignored;
//! - OpenAPI 3.0: draft 4; `nullable: true` allows `null`;
//! - OpenAPI 3.1/3.2: the draft `jsonSchemaDialect` names, else 2020-12;
//! - in 2.0 and 3.0 a type error of a nullable schema reads
//!   `type must be string,null`;
//! - for media examples of a request (`requestBody`,
//!   `components.requestBodies`), `readOnly` properties are not required;
//!   of a response (`responses`, `components.responses`), `writeOnly` ones
//!   are not.
//!
//! `$ref`s: the rules run on the resolved document, so the schema is seen
//! through its refs. Where Spectral's resolver leaves a ref in place — a
//! circular one (a recursive schema, or any schema that reaches one) or
//! one that leads nowhere — Spectral's validator cannot compile the schema
//! and the example is silently not checked; the same happens here (see
//! [`super::oas_example_resolve`]). A schema Ajv refuses for another
//! reason yields one result with Ajv's message at the example, e.g.
//! `"nullable" cannot be used without "type"` (common in specs that put
//! `nullable: true` next to an `allOf`) or, for 2.0 and 3.0, the draft 4
//! meta-schema's verdict `schema is invalid: data/required must NOT have
//! fewer than 1 items` ([`super::oas_example_meta`]).
//!
//! Validation itself is [`super::oas_example_ajv`]: Ajv's semantics and
//! first-error reporting, run on the document in place — no JSON Schema
//! is built, so recursive and heavily shared schemas cost nothing extra.
//! Per workspace, the ref analysis and each schema's meta-schema and
//! compile outcome are computed once; an example is then validated by
//! walking it alongside the parts of the schema it touches.
//!
//! Options are those of Spectral's function; a rule set that leaves one
//! out gets `schemaField: $`, `type: schema` and OpenAPI 3.

use serde::Deserialize;
use serde_json::Value as Json;

use super::oas_example_ajv::{Draft, Env, Relax, Run, Side, to_json};
use super::oas_example_meta as meta;
use super::oas_example_report as report;
use super::oas_example_resolve::{Compiled, for_workspace, lock};
use crate::document::format::Formats;
use crate::document::{Loc, PathSeg, Value};
use crate::functions::print::PROPERTY;
use crate::functions::schema::format_ajv_errors;
use crate::functions::{Context, FnResult, Input, RuleFunction};

/// The typed options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options {
    oas_version: Option<u8>,
    schema_field: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Kind>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Media,
    Schema,
}

#[derive(Debug)]
struct OasExample {
    oas2: bool,
    schema_field: String,
    kind: Kind,
}

const NAME: &str = "oasExample";

pub(crate) fn new(options: Option<&Json>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options.and_then(Json::as_object).ok_or_else(|| {
        format!("\"{NAME}\" function has invalid options specified. Example valid options: {{ \"oasVersion\": 3, \"schemaField\": \"schema\", \"type\": \"media\" }}")
    })?;
    for (key, value) in map {
        match key.as_str() {
            "oasVersion" if !matches!(value.as_u64(), Some(2 | 3)) => {
                return Err(format!(
                    "\"{NAME}\" function and its \"oasVersion\" option accepts only the following values: 2, 3"
                ));
            }
            "schemaField" if !value.is_string() => {
                return Err(format!(
                    "\"{NAME}\" function and its \"schemaField\" option accepts only the following types: string"
                ));
            }
            "type" if !matches!(value.as_str(), Some("media" | "schema")) => {
                return Err(format!(
                    "\"{NAME}\" function and its \"type\" option accepts only the following values: \"media\", \"schema\""
                ));
            }
            "oasVersion" | "schemaField" | "type" => {}
            other => {
                return Err(format!(
                    "\"{NAME}\" function does not support \"{other}\" option"
                ));
            }
        }
    }
    let opts: Options = serde_json::from_value(Json::Object(map.clone()))
        .map_err(|e| format!("\"{NAME}\" function has invalid options: {e}"))?;
    // Spectral's function reads these without defaults (and misbehaves
    // without them); here a missing one gets the most common choice.
    Ok(Box::new(OasExample {
        oas2: opts.oas_version == Some(2),
        schema_field: opts.schema_field.unwrap_or_else(|| "$".to_string()),
        kind: opts.kind.unwrap_or(Kind::Schema),
    }))
}

/// One value to validate: where it is (`None`: absent) and the path it
/// is reported at, relative to the target.
struct Item {
    value: Option<Loc>,
    rel: Vec<PathSeg>,
}

fn key(s: &str) -> PathSeg {
    PathSeg::Key(s.to_string())
}

/// Whether `path` starts with `prefix`, `*` matching any segment.
fn under(path: &[PathSeg], prefix: &[&str]) -> bool {
    path.len() >= prefix.len()
        && prefix.iter().zip(path).all(|(p, seg)| {
            *p == "*"
                || match seg {
                    PathSeg::Key(k) => k == p,
                    PathSeg::Index(i) => i.to_string() == *p,
                }
        })
}

impl OasExample {
    fn items(&self, env: &Env<'_>, target: Loc) -> Vec<Item> {
        let member = |name: &str| -> Option<Option<Loc>> {
            match env.data.ws.value(target) {
                Value::Object(members) => members.iter().rev().find(|m| &*m.key == name).map(|m| {
                    Some(env.data.step(Loc {
                        doc: target.doc,
                        node: m.value,
                    }))
                }),
                _ => None,
            }
        };
        let mut out = Vec::new();
        match self.kind {
            Kind::Schema => {
                let fields: &[&str] = if self.oas2 {
                    &["example", "x-example", "default"]
                } else {
                    &["example", "default"]
                };
                for f in fields {
                    if let Some(v) = member(f) {
                        out.push(Item {
                            value: v,
                            rel: vec![key(f)],
                        });
                    }
                }
            }
            Kind::Media => {
                if !self.oas2
                    && let Some(v) = member("example")
                {
                    out.push(Item {
                        value: v,
                        rel: vec![key("example")],
                    });
                    return out;
                }
                let Some(Some(examples)) = member("examples") else {
                    return out;
                };
                let entries: Vec<(String, Loc)> = match env.data.ws.value(examples) {
                    Value::Object(members) => members
                        .iter()
                        .map(|m| {
                            (
                                m.key.to_string(),
                                Loc {
                                    doc: examples.doc,
                                    node: m.value,
                                },
                            )
                        })
                        .collect(),
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, &n)| {
                            (
                                i.to_string(),
                                Loc {
                                    doc: examples.doc,
                                    node: n,
                                },
                            )
                        })
                        .collect(),
                    _ => return out,
                };
                for (name, raw) in entries {
                    let entry = env.data.step(raw);
                    if self.oas2 {
                        out.push(Item {
                            value: Some(entry),
                            rel: vec![key("examples"), key(&name)],
                        });
                        continue;
                    }
                    let Value::Object(members) = env.data.ws.value(entry) else {
                        continue;
                    };
                    if members.iter().any(|m| &*m.key == "externalValue") {
                        continue;
                    }
                    let value = members.iter().rev().find(|m| &*m.key == "value").map(|m| {
                        env.data.step(Loc {
                            doc: entry.doc,
                            node: m.value,
                        })
                    });
                    out.push(Item {
                        value,
                        rel: vec![key("examples"), key(&name), key("value")],
                    });
                }
            }
        }
        out
    }

    /// Spectral's request/response relaxation for the target at `path`.
    fn relax(&self, path: &[PathSeg]) -> Relax {
        if self.kind != Kind::Media {
            return Relax::None;
        }
        let request: &[&[&str]] = if self.oas2 {
            &[]
        } else {
            &[
                &["components", "requestBodies"],
                &["paths", "*", "*", "requestBody"],
            ]
        };
        let response: &[&[&str]] = if self.oas2 {
            &[&["responses"], &["paths", "*", "*", "responses"]]
        } else {
            &[
                &["components", "responses"],
                &["paths", "*", "*", "responses"],
            ]
        };
        if request.iter().any(|p| under(path, p)) {
            Relax::ReadOnly
        } else if response.iter().any(|p| under(path, p)) {
            Relax::WriteOnly
        } else {
            Relax::None
        }
    }
}

/// What Spectral's validator makes of `schema` before validating: the
/// meta-schema check, then the compile step (memoised per workspace).
fn prepare(env: &Env<'_>, schema: Loc, relax: Relax) -> Compiled {
    let key = (
        schema,
        (relax as u8) << 4 | (env.draft as u8) << 1 | u8::from(env.oas2),
    );
    if let Some(c) = lock(&env.cache.prepared).get(&key) {
        return c.clone();
    }
    let outcome = match meta::check(env, schema, relax) {
        Some(message) => Compiled::Error(message.into()),
        None => env.compile(schema),
    };
    lock(&env.cache.prepared).insert(key, outcome.clone());
    outcome
}

/// The draft Spectral's `oasSchema` picks for the document.
fn draft_for(ctx: &Context<'_, '_>) -> (Draft, bool) {
    let f = ctx.formats;
    if f.intersects(Formats::OAS3_1) || f.intersects(Formats::OAS3_2) {
        let declared = ctx
            .workspace
            .view(false)
            .get("jsonSchemaDialect")
            .and_then(|v| v.as_str());
        let draft = declared
            .and_then(draft_of_uri)
            .unwrap_or(Draft::Draft202012);
        return (draft, false);
    }
    let suffix = f.intersects(Formats::OAS3_0) || f.intersects(Formats::OAS2);
    (Draft::Draft4, suffix)
}

/// `http(s)://json-schema.org/draft-0N/schema` or
/// `.../draft/2019-09|2020-12/schema` (optionally `hyper-schema`, `#`).
fn draft_of_uri(uri: &str) -> Option<Draft> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?
        .strip_prefix("json-schema.org/")?;
    let rest = rest.strip_suffix('#').unwrap_or(rest);
    let (version, tail) = rest.rsplit_once('/')?;
    if tail != "schema" && tail != "hyper-schema" {
        return None;
    }
    match version {
        "draft-04" => Some(Draft::Draft4),
        "draft-06" | "draft-07" => Some(Draft::Draft7),
        "draft/2019-09" => Some(Draft::Draft201909),
        "draft/2020-12" => Some(Draft::Draft202012),
        _ => None,
    }
}

impl RuleFunction for OasExample {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(view) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let data = for_workspace(ctx.workspace);
        let (draft, nullable_suffix) = draft_for(ctx);
        let side = Side {
            ws: ctx.workspace,
            resolution: Some(&data.resolution),
        };
        let env = Env {
            schema: side,
            data: side,
            cache: &data,
            formats: true,
            meta_root: None,
            meta_relax: Relax::None,
            meta_oas2: false,
            draft,
            oas2: ctx.formats.intersects(Formats::OAS2),
            nullable_suffix,
        };
        let target = view.loc();
        let items = self.items(&env, target);
        if items.is_empty() {
            return Vec::new();
        }
        let schema = if self.schema_field == "$" {
            Some(target)
        } else {
            match env.data.ws.value(target) {
                Value::Object(members) => members
                    .iter()
                    .rev()
                    .find(|m| *m.key == *self.schema_field)
                    .map(|m| {
                        env.data.step(Loc {
                            doc: target.doc,
                            node: m.value,
                        })
                    }),
                _ => None,
            }
        };
        let Some(schema) = schema else {
            return Vec::new();
        };
        let relax = self.relax(ctx.path());
        let mut out = Vec::new();
        let mut compiled: Option<Compiled> = None;
        for item in items {
            let mut path = ctx.path().to_vec();
            path.extend(item.rel);
            let Some(value) = item.value else {
                out.push(FnResult::at(format!("{PROPERTY}must exist"), path));
                continue;
            };
            let outcome = compiled.get_or_insert_with(|| prepare(&env, schema, relax));
            match outcome {
                Compiled::MissingRef => continue,
                Compiled::Error(message) => {
                    out.push(FnResult::at(message.to_string(), path));
                    continue;
                }
                Compiled::Ok => {}
            }
            let errors = Run::validate(&env, schema, value, relax);
            if errors.is_empty() {
                continue;
            }
            let instance = to_json(env.data, value, 0);
            out.extend(format_ajv_errors(report::prune(errors), &instance, &path));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions::testing::{build_error, run};

    fn opts(kind: &str, version: u8, field: &str) -> Json {
        json!({"oasVersion": version, "schemaField": field, "type": kind})
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(
            build_error("oasExample", json!({"oasVersion": 4})),
            "\"oasExample\" function and its \"oasVersion\" option accepts only the following values: 2, 3"
        );
        assert_eq!(
            build_error("oasExample", json!({"foo": 1})),
            "\"oasExample\" function does not support \"foo\" option"
        );
        assert_eq!(
            build_error("oasExample", json!({"type": "x"})),
            "\"oasExample\" function and its \"type\" option accepts only the following values: \"media\", \"schema\""
        );
    }

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    S:
      type: object
      required: [a]
      properties:
        a: {type: integer, minimum: 1}
        b: {type: string, nullable: true, enum: [x, y]}
        c: {type: array, items: {type: string}, uniqueItems: true}
      example: {a: 0}
      default: {b: z}
    T:
      type: string
      format: date
      example: '2021-02-29'
    M:
      schema: {$ref: '#/components/schemas/S'}
      examples:
        one: {value: {a: 2, c: [p, q, p]}}
        two: {summary: no value}
        three: {externalValue: 'http://x'}
        four: {value: {a: 1, b: null}}
"#;

    #[test]
    fn schema_examples() {
        let got = run(
            "oasExample",
            opts("schema", 3, "$"),
            DOC,
            "/components/schemas/S",
        );
        assert_eq!(
            got,
            vec![
                (
                    "\"a\" property must be >= 1".to_string(),
                    "/components/schemas/S/example/a".to_string()
                ),
                (
                    "\"default\" property must have required property \"a\"".to_string(),
                    "/components/schemas/S/default".to_string()
                ),
            ]
        );
        let got = run(
            "oasExample",
            opts("schema", 3, "$"),
            DOC,
            "/components/schemas/T",
        );
        assert_eq!(got[0].0, "\"example\" property must match format \"date\"");
    }

    #[test]
    fn media_examples() {
        let got = run(
            "oasExample",
            opts("media", 3, "schema"),
            DOC,
            "/components/schemas/M",
        );
        assert_eq!(
            got,
            vec![
                (
                    "\"c\" property must not have duplicate items (items ## 2 and 0 are identical)"
                        .to_string(),
                    "/components/schemas/M/examples/one/value/c".to_string()
                ),
                (
                    "#{{print(\"property\")}}must exist".to_string(),
                    "/components/schemas/M/examples/two/value".to_string()
                ),
                // `nullable` lets `null` past `type`, not past `enum`.
                (
                    "\"b\" property must be equal to one of the allowed values: \"x\", \"y\""
                        .to_string(),
                    "/components/schemas/M/examples/four/value/b".to_string()
                ),
            ]
        );
    }

    #[test]
    fn dialect_uris() {
        assert_eq!(
            draft_of_uri("https://json-schema.org/draft/2020-12/schema"),
            Some(Draft::Draft202012)
        );
        assert_eq!(
            draft_of_uri("http://json-schema.org/draft-07/schema#"),
            Some(Draft::Draft7)
        );
        assert_eq!(
            draft_of_uri("https://spec.openapis.org/oas/3.1/dialect/base"),
            None
        );
    }

    #[test]
    fn paths_match_with_wildcards() {
        let p = vec![
            key("paths"),
            key("/a"),
            key("post"),
            key("requestBody"),
            key("content"),
        ];
        assert!(under(&p, &["paths", "*", "*", "requestBody"]));
        assert!(!under(&p, &["paths", "*", "*", "responses"]));
    }

    /// Ajv's finer points, each confirmed against Spectral 6.16: error
    /// order and combinators, deferred type checks, inherited properties
    /// in `required`, the example's key order, `uniqueItems` pairs,
    /// formats, draft 4 bounds, the `,null` suffix (not through `allOf`),
    /// and recursive schemas (not checked).
    #[test]
    fn ajv_semantics_match_spectral() {
        let rule = crate::rules::oas::rule("oas3-valid-schema-example").unwrap();
        crate::rules::oas::testing::fails(
            rule,
            EDGE,
            &[
                (
                    "\"v\" property type must be string",
                    "/components/schemas/One/example/v",
                ),
                (
                    "\"v\" property type must be integer",
                    "/components/schemas/One/example/v",
                ),
                (
                    "\"v\" property must match exactly one schema in oneOf. None of the schemas matched, see the other errors reported for this value",
                    "/components/schemas/One/example/v",
                ),
                (
                    "\"w\" property must not have fewer than 3 characters",
                    "/components/schemas/One2/example/w",
                ),
                (
                    "\"w\" property type must be boolean",
                    "/components/schemas/One2/example/w",
                ),
                (
                    "\"w\" property must match a schema in anyOf. None of the schemas matched, see the other errors reported for this value",
                    "/components/schemas/One2/example/w",
                ),
                (
                    "\"example\" property must match exactly one schema in oneOf",
                    "/components/schemas/One3/example",
                ),
                (
                    "Property \"zz\" is not expected to be here",
                    "/components/schemas/Add/example",
                ),
                (
                    "\"r\" property type must be integer",
                    "/components/schemas/AddS/example/r",
                ),
                (
                    "\"example\" property must have required property \"real\"",
                    "/components/schemas/Ctor/example",
                ),
                (
                    "\"example\" property must be equal to one of the allowed values: \"abc\", \"abd\"",
                    "/components/schemas/Defer/example",
                ),
                (
                    "\"example\" property type must be string",
                    "/components/schemas/Defer2/example",
                ),
                (
                    "\"example\" property must have required property \"ka\"",
                    "/components/schemas/IfT/example",
                ),
                (
                    "\"example\" property must not be valid",
                    "/components/schemas/NotS/example",
                ),
                (
                    "\"example\" property must contain at least 1 valid item(s)",
                    "/components/schemas/Cont/example",
                ),
                (
                    "\"example\" property must not have duplicate items (items ## 4 and 1 are identical)",
                    "/components/schemas/Uniq/example",
                ),
                (
                    "\"example\" property must not have duplicate items (items ## 0 and 2 are identical)",
                    "/components/schemas/Uniq2/example",
                ),
                (
                    "\"uu\" property must match format \"uuid\"",
                    "/components/schemas/Fmt/example/uu",
                ),
                (
                    "\"example\" property must be < 10",
                    "/components/schemas/Num/example",
                ),
                (
                    "\"example\" property must be multiple of 3",
                    "/components/schemas/Mult/example",
                ),
                (
                    "\"example\" property must not have more than 2 items",
                    "/components/schemas/Items4/example",
                ),
                (
                    "\"example\" property must match pattern \"^[a-z]+$\"",
                    "/components/schemas/PropNames/example",
                ),
                (
                    "\"example\" property property name must be valid",
                    "/components/schemas/PropNames/example",
                ),
                (
                    "\"example\" property must have properties b, c when property a is present",
                    "/components/schemas/Deps/example",
                ),
                (
                    "\"example\" property type must be boolean",
                    "/components/schemas/Bool/example",
                ),
                (
                    "\"example\" property must not have fewer than 2 properties",
                    "/components/schemas/MinP/example",
                ),
                (
                    "\"example\" property must not have fewer than 2 characters",
                    "/components/schemas/Len/example",
                ),
                (
                    "\"example\" property must match pattern \"^\\d+$\"",
                    "/components/schemas/Pat/example",
                ),
                (
                    "\"example\" property type must be object",
                    "/components/schemas/InList/example",
                ),
                (
                    "\"p\" property type must be object,null",
                    "/components/schemas/NotInList/example/p",
                ),
                (
                    "\"example\" property must have required property \"expires_at\"",
                    "/components/schemas/AnyReq/example",
                ),
                (
                    "Property \"limit\" is not expected to be here",
                    "/components/schemas/AnyReq/example",
                ),
                (
                    "\"example\" property must match a schema in anyOf. None of the schemas matched, see the other errors reported for this value",
                    "/components/schemas/AnyReq/example",
                ),
                (
                    "\"example\" property type must be array",
                    "/components/schemas/OneReq/example",
                ),
                (
                    "\"example\" property must have required property \"target\"",
                    "/components/schemas/OneReq/example",
                ),
                (
                    "\"example\" property must match exactly one schema in oneOf. None of the schemas matched, see the other errors reported for this value",
                    "/components/schemas/OneReq/example",
                ),
            ],
        );
    }

    const EDGE: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Wrapper:
      nullable: true
      allOf: [{$ref: '#/components/schemas/Owner'}]
    Owner: {type: object, properties: {id: {type: string}}}
    Node:
      type: object
      properties:
        name: {type: string}
        next: {$ref: '#/components/schemas/Node'}
      example: {name: 3}
    UsesNode:
      type: object
      properties:
        n: {type: string}
        node: {$ref: '#/components/schemas/Node'}
      example: {n: 3}
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}, example: {x: 1}, required: [x2]}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}, example: {y: 1}, required: [y2]}
    One:
      type: object
      properties:
        v:
          oneOf: [{type: string}, {type: integer}]
        w:
          anyOf: [{type: string, minLength: 3}, {type: boolean}]
      example: {v: 1.5}
    One2:
      type: object
      properties:
        w:
          anyOf: [{type: string, minLength: 3}, {type: boolean}]
      example: {w: ab}
    One3:
      oneOf: [{type: number}, {type: integer}]
      type: number
      example: 3
    Add:
      type: object
      properties: {a: {type: string}}
      additionalProperties: false
      example: {a: x, zz: 1, '10': 2, '2': 3}
    AddS:
      type: object
      additionalProperties: {type: integer}
      example: {q: 1, r: x}
    Ctor:
      type: object
      required: [constructor, toString, real]
      example: {}
    Defer:
      type: string
      enum: [abc, abd]
      maxLength: 3
      example: 5
    Defer2:
      type: string
      enum: [abc, abd]
      example: 5
    IfT:
      type: object
      if: {properties: {k: {const: a}}}
      then: {required: [ka]}
      else: {required: [kb]}
      example: {k: a}
    NotS:
      type: string
      not: {enum: [bad]}
      example: bad
    Cont:
      type: array
      contains: {type: integer, minimum: 5}
      example: [1, 2, x]
    Uniq:
      type: array
      items: {type: [string, integer]}
      uniqueItems: true
      example: [1, 'a', 2, 1, 'a']
    Uniq2:
      type: array
      items: {type: object}
      uniqueItems: true
      example: [{a: 1}, {b: 2}, {a: 1}]
    Fmt:
      type: object
      properties:
        b: {type: string, format: byte}
        u: {type: string, format: uri}
        e: {type: string, format: email}
        h: {type: string, format: hostname}
        i: {type: string, format: ipv4}
        d: {type: string, format: date-time}
        uu: {type: string, format: uuid}
      example: {b: 'QUJD', u: 'http://x.com', e: 'a@b.co', h: 'ex.com', i: '1.2.3.4', d: '2020-01-01T10:00:00Z', uu: 'x'}
    Num:
      type: number
      maximum: 10
      exclusiveMaximum: true
      example: 10
    Mult:
      type: integer
      multipleOf: 3
      example: 7.0
    Items4:
      type: array
      items: [{type: string}, {type: integer}]
      additionalItems: false
      example: [a, 1, 2]
    PropNames:
      type: object
      propertyNames: {pattern: '^[a-z]+$'}
      example: {ok: 1, Bad: 2}
    Deps:
      type: object
      dependencies: {a: [b, c]}
      example: {a: 1, c: 2}
    EnumObj:
      enum: [{a: 1}, [1, 2]]
      type: object
      example: {a: 1.0}
    Bool:
      type: boolean
      example: 'true'
    MinP:
      type: object
      minProperties: 2
      example: {a: 1}
    Len:
      type: string
      minLength: 2
      example: "\U0001F600"
    Pat:
      type: string
      pattern: '^\d+$'
      example: '１２'
    InList:
      type: object
      allOf:
        - {type: object, nullable: true}
      example: match
    NotInList:
      type: object
      properties:
        p: {type: object, nullable: true}
      example: {p: match}
    AnyReq:
      type: object
      anyOf:
        - {required: [expires_at]}
        - {additionalProperties: false, properties: {origin: {}}}
      example: {limit: x, origin: y}
    OneReq:
      type: [object, array]
      oneOf:
        - {type: array}
        - {type: object, required: [target]}
      example: {}
"#;
}
