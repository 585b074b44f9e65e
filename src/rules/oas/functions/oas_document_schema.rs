//! `oasDocumentSchema`: the whole document must validate against the
//! OpenAPI schema of its version (`oas2-schema`, `oas3-schema`).
//!
//! No options. The schema is picked by the document's formats as Spectral
//! picks it: `oas2` → 2.0, `oas3_2` → 3.2, `oas3_1` → 3.1, any other (3.0
//! or an unknown 3.x) → 3.0; a document of no format passes. The rules run
//! it on the unresolved document (`resolved: false`), so a `$ref` object is
//! checked as a Reference Object, not as what it points to.
//!
//! The schemas are Spectral's own adaptations of the OpenAPI Initiative's
//! schemas, bundled from `schemas/oas/` (see the README there). They
//! differ from the official ones in ways that decide the findings: most
//! "Reference Object or X" `oneOf`s are `if`/`then`/`else` (so a bad
//! parameter gets its own errors, not a cascade of every alternative's),
//! some places carry custom messages (Ajv's `errorMessage` keyword), and
//! some quirks are kept on purpose (an `http` security scheme is not
//! checked against its own definition). Each schema is compiled once, at
//! first use.
//!
//! Every error is reported, as Ajv reports it with `allErrors`, without
//! the pruning of the core `schema` function: a parameter that fits no
//! alternative of a 2.0 `oneOf` gets each alternative's errors and the
//! `oneOf` error. Findings are worded as Spectral words them (the rule
//! message `{{error}}.` adds the final dot):
//! - at the offending value, `"<name>" property <Ajv message>` with
//!   quotes made double and `NOT` made `not`: `"info" property must have
//!   required property "title"`, `"url" property must be string`; at the
//!   root just the Ajv message. `<name>` is the last segment of the
//!   value's JSON pointer as written there (`"~1pets" property ...` for
//!   path `/pets`);
//! - an unexpected property is reported at that property: `Property "foo"
//!   is not expected to be here`;
//! - `enum` lists the allowed values as JSON and, for a string, suggests
//!   the closest: `... one of the allowed values: "path", "query",
//!   "header", "cookie". Did you mean "query"?`;
//! - a custom message replaces the errors it covers: `Schema and content
//!   are mutually exclusive, at least one is required`, `"{{property}}"
//!   property must be a valid Schema Object` (the engine fills
//!   `{{property}}` with the finding's last path segment, as Spectral does).
//!
//! Findings at one place come in Ajv's order (the keywords of a schema
//! object in Ajv 2020's order, a `oneOf`'s own error after its
//! alternatives', a custom message after the errors of its schema object);
//! the validator finds errors in a different order, so they are sorted.
//!
//! Where the validator (the `jsonschema` crate) and Ajv disagree, Ajv wins:
//! - formats: only `uri`, `uri-reference`, `email` (Ajv's "full" checks)
//!   and `regex` (JavaScript syntax, no flags) are asserted; every other
//!   format in the schemas (`media-range`, `iri`) is not, nor are formats
//!   inside the json-schema.org meta-schemas (`$ref`'s `uri-reference`);
//! - a `$dynamicAnchor` below a schema document's root is a plain anchor
//!   (3.2's `$defs/schema` would otherwise stand in for every nested
//!   Schema Object);
//! - `unevaluatedProperties` treats a property as evaluated when a
//!   `properties`/`patternProperties` names it, even in a failed subschema.
//!
//! The "did you mean" looks the value up as Spectral does, following a
//! `$ref` met on the way: for `{$ref: '#/definitions/B', type: strin}` it
//! compares `B`'s `type`. Where that lookup fails (the `$ref`'d value has
//! no such place) Spectral stops the whole lint with "Could not resolve";
//! here the error is reported without a suggestion.

use std::sync::LazyLock;

use serde_json::Value;

use crate::document::PathSeg;
use crate::document::format::Formats;
use crate::functions::print::json_text;
use crate::functions::schema::{
    AjvError, Bundle, FormatCheck, Schema, enum_message, spectral_wording, unexpected_property,
};
use crate::functions::{Context, FnResult, Input, RuleFunction};

/// The bundled schemas (see `schemas/oas/README.md`).
const V2_0: &str = include_str!("../../../../schemas/oas/v2.0.json");
/// Stoplight's copy of the JSON Schema draft 4 meta-schema, whose
/// definitions the 2.0 schema refers to.
const DRAFT_04: &str = include_str!("../../../../schemas/oas/json-schema/draft-04.json");
const V3_0: &str = include_str!("../../../../schemas/oas/v3.0.json");
const V3_1: &str = include_str!("../../../../schemas/oas/v3.1/index.json");
const V3_1_DIALECT: &str = include_str!("../../../../schemas/oas/v3.1/dialect.schema.json");
const V3_1_META: &str = include_str!("../../../../schemas/oas/v3.1/meta.schema.json");
const V3_2: &str = include_str!("../../../../schemas/oas/v3.2/index.json");
const V3_2_DIALECT: &str = include_str!("../../../../schemas/oas/v3.2/dialect.schema.json");
const V3_2_META: &str = include_str!("../../../../schemas/oas/v3.2/meta.schema.json");
/// Stoplight's variant of the JSON Schema 2020-12 meta-schema, which the
/// 3.1 dialect uses for Schema Objects.
const DRAFT_2020_12: &str =
    include_str!("../../../../schemas/oas/json-schema/draft-2020-12/index.json");
const DRAFT_2020_12_VALIDATION: &str =
    include_str!("../../../../schemas/oas/json-schema/draft-2020-12/validation.json");

/// One OpenAPI version's compiled schema, with the schema documents
/// themselves for finding the custom messages that cover an error.
struct Bundled {
    schema: Schema,
    /// `(id, schema)`: the main schema first, then the ones it refers to.
    documents: Vec<(String, Value)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V2_0,
    V3_0,
    V3_1,
    V3_2,
}

impl Version {
    fn of(formats: Formats) -> Option<Version> {
        if formats.intersects(Formats::OAS2) {
            Some(Version::V2_0)
        } else if formats.intersects(Formats::OAS3_2) {
            Some(Version::V3_2)
        } else if formats.intersects(Formats::OAS3_1) {
            Some(Version::V3_1)
        } else if formats.intersects(Formats::OAS3.union(Formats::OAS3_0)) {
            Some(Version::V3_0)
        } else {
            None
        }
    }

    /// The version's compiled schema (compiled on first use).
    fn bundled(self) -> Result<&'static Bundled, &'static str> {
        static V2: LazyLock<Result<Bundled, String>> = LazyLock::new(|| bundle(V2_0, &[DRAFT_04]));
        static V30: LazyLock<Result<Bundled, String>> = LazyLock::new(|| bundle(V3_0, &[]));
        static V31: LazyLock<Result<Bundled, String>> = LazyLock::new(|| {
            bundle(
                V3_1,
                &[
                    V3_1_DIALECT,
                    V3_1_META,
                    DRAFT_2020_12,
                    DRAFT_2020_12_VALIDATION,
                ],
            )
        });
        static V32: LazyLock<Result<Bundled, String>> =
            LazyLock::new(|| bundle(V3_2, &[V3_2_DIALECT, V3_2_META]));
        let cell = match self {
            Version::V2_0 => &V2,
            Version::V3_0 => &V30,
            Version::V3_1 => &V31,
            Version::V3_2 => &V32,
        };
        cell.as_ref().map_err(String::as_str)
    }
}

/// Parses and compiles a main schema with the schemas it refers to (each
/// known by its `$id`).
fn bundle(main: &str, others: &[&str]) -> Result<Bundled, String> {
    let parse = |text: &str| -> Result<(String, Value), String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let id = value
            .get("$id")
            .and_then(Value::as_str)
            .ok_or("a bundled schema has no $id")?
            .trim_end_matches('#')
            .to_string();
        Ok((id, value))
    };
    let mut documents = vec![parse(main)?];
    for text in others {
        documents.push(parse(text)?);
    }
    for (_, document) in &mut documents {
        if let Value::Object(root) = document {
            for value in root.values_mut() {
                static_anchors(value);
            }
        }
    }
    let resources: Vec<(&str, &Value)> = documents[1..]
        .iter()
        .map(|(id, v)| (id.as_str(), v))
        .collect();
    let schema = Schema::compile_bundle(
        &documents[0].1,
        &Bundle {
            resources: &resources,
            formats: FORMATS,
        },
    )?;
    Ok(Bundled { schema, documents })
}

/// Ajv honours `$dynamicAnchor` only at a schema document's root and
/// reads one elsewhere as a plain `$anchor`; the 3.2 schema has one at
/// `$defs/schema` that would otherwise capture every nested Schema Object
/// (and check it only for being an object or a boolean).
fn static_anchors(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(anchor) = map.remove("$dynamicAnchor") {
                map.entry("$anchor").or_insert(anchor);
            }
            map.values_mut().for_each(static_anchors);
        }
        Value::Array(items) => items.iter_mut().for_each(static_anchors),
        _ => {}
    }
}

/// The formats Spectral's validators assert, and the ones the validator
/// would otherwise assert that Spectral's do not.
const FORMATS: &[(&str, FormatCheck)] = &[
    ("uri", formats::uri),
    ("uri-reference", formats::uri_reference),
    ("email", formats::email),
    ("regex", formats::regex),
    ("iri", formats::anything),
    ("iri-reference", formats::anything),
];

#[derive(Debug)]
struct OasDocumentSchema;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    if options.is_some_and(|o| !o.is_null()) {
        return Err("\"oasDocumentSchema\" function does not accept any options".to_string());
    }
    Ok(Box::new(OasDocumentSchema))
}

impl RuleFunction for OasDocumentSchema {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(version) = Version::of(ctx.formats) else {
            return Vec::new();
        };
        let Some(view) = input.view() else {
            return Vec::new();
        };
        let bundled = match version.bundled() {
            Ok(b) => b,
            Err(e) => return vec![FnResult::here(e.to_string())],
        };
        let instance = match view.to_json() {
            Ok(v) => v,
            Err(e) => return vec![FnResult::here(e)],
        };
        // Most documents are valid, and a yes/no check is much faster
        // than collecting errors.
        if bundled.schema.is_valid(&instance) {
            return Vec::new();
        }
        let errors = bundled.schema.raw_errors(&instance);
        let errors = apply_error_messages(errors, &bundled.documents);
        let base = ctx.path();
        errors
            .into_iter()
            .map(|e| {
                let (message, path) = report(&e, &instance);
                let mut full = base.to_vec();
                full.extend(path);
                FnResult::at(message, full)
            })
            .collect()
    }
}

/// An error after the custom messages are applied.
struct Reported {
    error: AjvError,
    /// A custom message, which replaces the error's own wording.
    custom: Option<String>,
}

/// Spectral's wording and path for one error.
fn report(e: &Reported, instance: &Value) -> (String, Vec<PathSeg>) {
    let mut path = e.error.path.clone();
    if let Some(custom) = &e.custom {
        return (custom.clone(), path);
    }
    // The name is the pointer's last segment as Ajv writes it (escaped).
    let name = path.last().map(|seg| match seg {
        PathSeg::Key(k) => k.replace('~', "~0").replace('/', "~1"),
        PathSeg::Index(i) => i.to_string(),
    });
    let named = |message: &str| {
        let clean = spectral_wording(message);
        match &name {
            Some(n) => format!("\"{n}\" property {clean}"),
            None => clean,
        }
    };
    match e.error.keyword {
        "additionalProperties" => {
            let extra = e.error.property.clone().unwrap_or_default();
            let message = unexpected_property(&extra);
            path.push(PathSeg::Key(extra));
            (message, path)
        }
        "enum" => {
            let message = enum_message(
                &named(&e.error.message),
                e.error.allowed.as_deref().unwrap_or_default(),
                json_text,
                value_through_refs(instance, &path),
            );
            (message, path)
        }
        _ => (named(ajv_message(&e.error.message)), path),
    }
}

/// Ajv's own message: the `schema` function's converter adds a hint to
/// `oneOf`/`anyOf` errors that Spectral's document schema does not show.
fn ajv_message(message: &str) -> &str {
    message
        .split_once(". None of the schemas matched")
        .map_or(message, |(m, _)| m)
}

/// The value at `path` as Spectral looks it up for a "did you mean": an
/// object with a `$ref` met on the way (or at the end) is replaced by
/// what the `$ref` points to in the document, and the rest of the path
/// continues from there. Where that lookup fails Spectral stops with
/// "Could not resolve"; here there is just no suggestion.
fn value_through_refs<'v>(root: &'v Value, path: &[PathSeg]) -> Option<&'v Value> {
    let mut rest: Vec<String> = path
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(k) => k.clone(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect();
    let mut current = root;
    let mut i = 0;
    let mut hops = 0;
    while i < rest.len() {
        current = match current {
            Value::Object(map) => map.get(&rest[i])?,
            Value::Array(items) => items.get(rest[i].parse::<usize>().ok()?)?,
            _ => return None,
        };
        i += 1;
        if let Some(reference) = current.get("$ref") {
            hops += 1;
            let pointer = reference.as_str()?.strip_prefix('#')?;
            if hops > 64 {
                return None;
            }
            let mut next = pointer_segments(pointer);
            next.extend(rest.drain(i..));
            rest = next;
            current = root;
            i = 0;
        }
    }
    Some(current)
}

/// A sort key that puts errors in the order Ajv finds them: depth first
/// through the schema, the keywords of one schema object in Ajv's order
/// (`oneOf` before `required`, say), the alternatives of a `oneOf` by
/// index, and a combinator's own error after its alternatives'. (The
/// validator's order differs where it checks some keywords early.)
/// Property names keep the order the validator met them in.
type OrderKey = Vec<(u8, usize)>;

/// Numbers property names (and other words that are not keywords) in the
/// order first seen, for [`OrderKey`]s.
type Names = std::collections::HashMap<String, usize>;

/// The keys of the groups a type-specific keyword belongs to in Ajv: the
/// keywords of a group run only for a value of that type.
const TYPE_GROUPS: &[(&str, &[&str])] = &[
    (
        "number",
        &[
            "maximum",
            "minimum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "multipleOf",
            "format",
        ],
    ),
    ("string", &["maxLength", "minLength", "pattern", "format"]),
    (
        "array",
        &[
            "maxItems",
            "minItems",
            "uniqueItems",
            "additionalItems",
            "items",
            "prefixItems",
            "contains",
            "maxContains",
            "minContains",
        ],
    ),
    (
        "object",
        &[
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "propertyNames",
            "additionalProperties",
            "dependencies",
            "dependentSchemas",
            "properties",
            "patternProperties",
        ],
    ),
];

/// The order Ajv 2020 (Spectral's validator for these schemas) runs the
/// keywords of one schema object in: the untyped ones, then those for
/// numbers, strings, arrays and objects (each group in the order its
/// vocabulary was added: `dependentSchemas` after `properties`), then the
/// `unevaluated*` ones. Not the `schema` function's list, which differs
/// on `type`, the `items` keywords and the `dependent*` keywords and
/// decides that function's findings (see `AJV_ORDER` there).
const AJV_ORDER: &[&str] = &[
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "const",
    "enum",
    "not",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "prefixItems",
    "items",
    "additionalItems",
    "contains",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "propertyNames",
    "additionalProperties",
    "dependencies",
    "properties",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
];

fn rank(keyword: &str) -> Option<usize> {
    AJV_ORDER
        .iter()
        .position(|k| *k == keyword)
        .map(|i| 2 * (i + 1))
}

fn segment_key(seg: &str, names: &mut Names) -> (u8, usize) {
    if let Ok(index) = seg.parse::<usize>() {
        (0, index)
    } else if let Some(r) = rank(seg) {
        (1, r)
    } else {
        let next = names.len();
        (2, *names.entry(seg.to_string()).or_insert(next))
    }
}

/// The key of an error at the end of evaluation path `segments`; `holder`
/// is the schema object holding the failing keyword, when known.
fn order_key(segments: &[String], holder: Option<&Value>, names: &mut Names) -> OrderKey {
    let mut key: OrderKey = segments.iter().map(|s| segment_key(s, names)).collect();
    // Ajv checks a `type` up front, unless it is one type whose keywords
    // the schema uses: then the type error comes where those keywords
    // would run, after the untyped ones (`allOf`, `oneOf`, ...).
    if segments.last().is_some_and(|s| s == "type")
        && let Some(last) = key.last_mut()
    {
        let grouped = holder.and_then(|h| {
            let t = h.get("type")?.as_str()?;
            let (_, members) = TYPE_GROUPS.iter().find(|(name, _)| *name == t)?;
            let used = members.iter().any(|m| h.get(*m).is_some());
            used.then(|| rank(members[0]).map(|r| r - 1))?
        });
        *last = (1, grouped.unwrap_or(0));
    }
    // The end of a path sorts after anything that continues it.
    key.push((3, 0));
    key
}

/// Where a schema object with a custom message (`errorMessage`) was
/// applied on the way to an error.
struct Cover<'s> {
    /// How many segments of the error's evaluation path lead to it.
    depth: usize,
    /// How many segments of the error's instance path lead to the value
    /// it was applied to.
    instance_depth: usize,
    message: &'s Value,
}

/// What an error is grouped under when custom messages replace errors:
/// errors with the same key become one.
#[derive(PartialEq, Eq)]
struct GroupKey {
    evaluation: String,
    instance: Vec<PathSeg>,
    /// `required`, `type`, ... for per-keyword messages; a property name
    /// for per-property ones; `_` for the rest.
    part: String,
}

/// Replaces the errors covered by `errorMessage` keywords with those
/// messages, as Ajv's `ajv-errors` plugin does, and puts everything in
/// Ajv's order: the innermost message that covers an error takes it; all
/// errors one message takes at one place become a single error there,
/// which comes after every error raised inside the schema object holding
/// the message (per-keyword messages, then per-property ones, then the
/// rest). Also drops what Ajv does not report (see the comments).
fn apply_error_messages(errors: Vec<AjvError>, documents: &[(String, Value)]) -> Vec<Reported> {
    let mut names = Names::new();
    let mut walked = Vec::with_capacity(errors.len());
    for error in errors {
        let segments = pointer_segments(&error.evaluation);
        let walk = covers(&segments, &error.path, documents);
        // Ajv does not assert formats in the JSON Schema meta-schemas it
        // ships (`$ref`'s `uri-reference`, `$schema`'s `uri`), and their
        // `propertyNames` check nothing but formats (`patternProperties`
        // keys are `regex`es, `$vocabulary` keys `uri`s).
        if walk.last.is_none() && matches!(error.keyword, "format" | "propertyNames") {
            continue;
        }
        // Ajv counts a property as evaluated when a `properties` or
        // `patternProperties` of the schema, or of a schema it applies
        // through `$ref` or `allOf`, names it, even where that schema
        // failed; the validator drops what failed schemas evaluated.
        if error.keyword == "unevaluatedProperties"
            && let (Some((schema, base)), Some(name)) = (walk.last, error.property.as_deref())
            && declares(schema, base, name, documents, 0)
        {
            continue;
        }
        let key = order_key(&segments, walk.last.map(|(h, _)| h), &mut names);
        walked.push((key, segments, walk.covers, error));
    }
    walked.sort_by(|a, b| a.0.cmp(&b.0));

    let mut out: Vec<(OrderKey, Reported)> = Vec::with_capacity(walked.len());
    let mut groups: Vec<GroupKey> = Vec::new();
    for (key, segments, covers, error) in walked {
        let taken = covers
            .iter()
            .rev()
            .find_map(|c| take(c, &segments, &error).map(|t| (c.depth, t)));
        let Some((depth, (group, message, at, sub))) = taken else {
            out.push((
                key,
                Reported {
                    error,
                    custom: None,
                },
            ));
            continue;
        };
        if groups.contains(&group) {
            continue;
        }
        groups.push(group);
        let mut key: OrderKey = segments[..depth]
            .iter()
            .map(|s| segment_key(s, &mut names))
            .collect();
        key.push((3, sub));
        let mut replaced = error;
        replaced.path = at;
        replaced.keyword = "errorMessage";
        out.push((
            key,
            Reported {
                error: replaced,
                custom: Some(message),
            },
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, r)| r).collect()
}

/// Whether custom message `cover` takes `error`: the group it joins, its
/// message, where it is reported, and its rank among the errors the same
/// `errorMessage` raises.
fn take(
    cover: &Cover<'_>,
    segments: &[String],
    error: &AjvError,
) -> Option<(GroupKey, String, Vec<PathSeg>, usize)> {
    let place = error.path[..cover.instance_depth].to_vec();
    let evaluation = segments[..cover.depth].join("/");
    let group = |part: String, instance: Vec<PathSeg>| GroupKey {
        evaluation: evaluation.clone(),
        instance,
        part,
    };
    match cover.message {
        Value::String(text) => Some((
            group("_".to_string(), place.clone()),
            text.clone(),
            place,
            0,
        )),
        Value::Object(by) => {
            // A keyword of this very schema object, at this very value.
            if segments.len() == cover.depth + 1
                && error.path.len() == cover.instance_depth
                && !matches!(error.keyword, "properties" | "_")
                && let Some(index) = by.keys().position(|k| k == error.keyword)
                && let Some(Value::String(text)) = by.get(error.keyword)
            {
                return Some((
                    group(error.keyword.to_string(), place.clone()),
                    text.clone(),
                    place,
                    1 + index,
                ));
            }
            // Anything at or below one of the named properties.
            if let Some(PathSeg::Key(name)) = error.path.get(cover.instance_depth)
                && let Some(Value::Object(properties)) = by.get("properties")
                && let Some(index) = properties.keys().position(|k| k == name)
                && let Some(Value::String(text)) = properties.get(name.as_str())
            {
                let mut at = place.clone();
                at.push(PathSeg::Key(name.clone()));
                return Some((
                    group(format!("/{name}"), place),
                    text.clone(),
                    at,
                    1000 + index,
                ));
            }
            if let Some(Value::String(text)) = by.get("_") {
                return Some((
                    group("_".to_string(), place.clone()),
                    text.clone(),
                    place,
                    usize::MAX,
                ));
            }
            None
        }
        _ => None,
    }
}

/// The segments of a JSON pointer, unescaped.
fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The schema objects with an `errorMessage` that an error's evaluation
/// path passes through, outermost first. Walks the path through the
/// bundled schemas, following `$ref` and `$dynamicRef`. A ref to a schema
/// outside the bundle (a JSON Schema meta-schema) carries no custom
/// messages: the walk goes on without a schema, counting only how deep
/// into the instance it goes, until a `$dynamicRef` leads back into the
/// bundle.
fn covers<'s>(
    segments: &[String],
    instance: &[PathSeg],
    documents: &'s [(String, Value)],
) -> Walk<'s> {
    let mut found = Vec::new();
    let Some((main_id, main)) = documents.first() else {
        return Walk {
            covers: found,
            last: None,
        };
    };
    // `None` while outside the bundle.
    let mut node: Option<&'s Value> = Some(main);
    let mut base: &str = main_id;
    // The bundled schema documents entered, outermost first: a
    // `$dynamicRef` resolves to the outermost one with its anchor.
    let mut scope: Vec<&'s Value> = vec![main];
    let mut instance_depth = 0usize;
    let mut i = 0usize;
    let last = segments.len();
    let index = |s: Option<&str>| s.and_then(|o| o.parse::<usize>().ok());
    let note = |node: Option<&'s Value>,
                depth: usize,
                instance_depth: usize,
                found: &mut Vec<Cover<'s>>| {
        if let Some(message) = node.and_then(|n| n.get("errorMessage")) {
            found.push(Cover {
                depth,
                instance_depth: instance_depth.min(instance.len()),
                message,
            });
        }
    };
    note(node, 0, 0, &mut found);
    while i < last {
        let keyword = segments[i].as_str();
        let operand = segments.get(i + 1).map(String::as_str);
        let inner = i + 1 < last;
        let child = |n: Option<&'s Value>| n.and_then(|n| n.get(keyword));
        node = match keyword {
            "$ref" => {
                let reference = node.and_then(|n| n.get("$ref")).and_then(Value::as_str);
                match reference.and_then(|r| resolve(base, r, documents)) {
                    Some((id, doc, target)) => {
                        base = id;
                        if !scope.iter().any(|s| std::ptr::eq(*s, doc)) {
                            scope.push(doc);
                        }
                        Some(target)
                    }
                    None => None,
                }
            }
            // Our schemas only use `#meta`-style anchors at documents' roots.
            "$dynamicRef" => {
                let anchor = node
                    .and_then(|n| n.get("$dynamicRef"))
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit_once('#'))
                    .map_or("meta", |(_, a)| a);
                let root = scope
                    .iter()
                    .copied()
                    .find(|s| s.get("$dynamicAnchor").and_then(Value::as_str) == Some(anchor));
                if let Some((id, _)) =
                    root.and_then(|r| documents.iter().find(|(_, d)| std::ptr::eq(d, r)))
                {
                    base = id;
                }
                root
            }
            "properties" | "patternProperties" | "dependentSchemas" | "dependencies" => {
                let Some(name) = operand else { break };
                i += 1;
                if matches!(keyword, "properties" | "patternProperties") {
                    instance_depth += 1;
                }
                child(node).and_then(|m| m.get(name))
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let Some(at) = index(operand) else { break };
                i += 1;
                if keyword == "prefixItems" {
                    instance_depth += 1;
                }
                child(node).and_then(|l| l.get(at))
            }
            // `items` is a list of schemas (an index follows) or one schema.
            "items" if inner => {
                instance_depth += 1;
                match (child(node), index(operand)) {
                    (Some(Value::Array(list)), Some(at)) => {
                        i += 1;
                        list.get(at)
                    }
                    (None, Some(_)) if node.is_none() => {
                        i += 1;
                        None
                    }
                    (other, _) => other,
                }
            }
            "additionalProperties"
            | "unevaluatedProperties"
            | "additionalItems"
            | "unevaluatedItems"
            | "contains"
                if inner =>
            {
                instance_depth += 1;
                child(node)
            }
            "not" | "if" | "then" | "else" | "propertyNames" | "contentSchema" if inner => {
                child(node)
            }
            // The keyword that failed.
            _ => break,
        };
        i += 1;
        note(node, i, instance_depth, &mut found);
    }
    Walk {
        covers: found,
        last: node.map(|n| (n, base)),
    }
}

/// What [`covers`] found on an error's evaluation path.
struct Walk<'s> {
    /// The custom messages on the way, outermost first.
    covers: Vec<Cover<'s>>,
    /// The schema object holding the failing keyword, with the id of its
    /// document; `None` when it is outside the bundle (in a JSON Schema
    /// meta-schema).
    last: Option<(&'s Value, &'s str)>,
}

/// Whether `schema` (or a schema it applies through `$ref` or `allOf`)
/// evaluates property `name` whatever its value: lists it in
/// `properties`, matches it by `patternProperties`, or has
/// `additionalProperties`.
fn declares(
    schema: &Value,
    base: &str,
    name: &str,
    documents: &[(String, Value)],
    depth: usize,
) -> bool {
    if depth > 32 {
        return false;
    }
    if schema.get("properties").and_then(|p| p.get(name)).is_some()
        || schema.get("additionalProperties").is_some()
    {
        return true;
    }
    if let Some(Value::Object(patterns)) = schema.get("patternProperties")
        && patterns
            .keys()
            .any(|p| crate::jsonpath::JsRegex::new(p, "u").is_ok_and(|re| re.is_match(name)))
    {
        return true;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
        && let Some((id, _, target)) = resolve(base, reference, documents)
        && declares(target, id, name, documents, depth + 1)
    {
        return true;
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        return all
            .iter()
            .any(|s| declares(s, base, name, documents, depth + 1));
    }
    false
}

/// Resolves `reference` against `base` within the bundle: the target's
/// document id, the document, and the target.
fn resolve<'s>(
    base: &str,
    reference: &str,
    documents: &'s [(String, Value)],
) -> Option<(&'s str, &'s Value, &'s Value)> {
    let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let id = if uri.is_empty() { base } else { uri };
    let (doc_id, doc) = documents
        .iter()
        .find(|(d, _)| d.trim_end_matches('/') == id.trim_end_matches('/'))?;
    let target = if fragment.is_empty() {
        doc
    } else {
        doc.pointer(fragment)?
    };
    Some((doc_id.as_str(), doc, target))
}

/// The format checks of Spectral's validators (Ajv's formats in "full"
/// mode), written from RFC 3986 and what those checks accept: ASCII only,
/// letters in any case, `%` only before two hex digits.
mod formats {
    /// A format the validator would check but Spectral's do not.
    pub(super) fn anything(_: &str) -> bool {
        true
    }

    /// An absolute URI: a scheme, `:`, a non-empty rest.
    pub(super) fn uri(s: &str) -> bool {
        let Some((scheme, rest)) = s.split_once(':') else {
            return false;
        };
        is_scheme(scheme) && reference_rest(rest, false, true)
    }

    /// A URI or a relative reference. Ajv's check also lets `"` through
    /// in paths, queries and fragments.
    pub(super) fn uri_reference(s: &str) -> bool {
        if let Some((scheme, rest)) = s.split_once(':')
            && is_scheme(scheme)
            && reference_rest(rest, true, false)
        {
            return true;
        }
        reference_rest(s, true, false)
    }

    fn is_scheme(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }

    fn unreserved_or_sub_delim(c: u8) -> bool {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
            )
    }

    /// Whether every byte of `s` is allowed by `allowed`, or is a `%`
    /// escape.
    fn all_chars(s: &str, allowed: impl Fn(u8) -> bool) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                if i + 2 >= b.len()
                    || !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
                {
                    return false;
                }
                i += 3;
            } else if allowed(b[i]) {
                i += 1;
            } else {
                return false;
            }
        }
        true
    }

    /// What follows the scheme (or the whole of a relative reference):
    /// the hierarchical part, then `?query` and `#fragment`.
    fn reference_rest(s: &str, quotes: bool, non_empty: bool) -> bool {
        let (before, fragment) = s.split_once('#').unwrap_or((s, ""));
        let (hier, query) = before.split_once('?').unwrap_or((before, ""));
        let pchar =
            |c: u8| unreserved_or_sub_delim(c) || c == b':' || c == b'@' || (quotes && c == b'"');
        let tail = |c: u8| pchar(c) || c == b'/' || c == b'?';
        if !all_chars(query, tail) || !all_chars(fragment, tail) {
            return false;
        }
        if non_empty && hier.is_empty() {
            return false;
        }
        if !hier.contains(['[', ']']) {
            return all_chars(hier, |c| pchar(c) || c == b'/');
        }
        // Brackets only around an IP literal host, right after `/` or `//`
        // and optional user information.
        let Some(authority) = hier.strip_prefix("//").or_else(|| hier.strip_prefix('/')) else {
            return false;
        };
        let (userinfo, host_and_path) = match authority.split_once('@') {
            Some((u, rest)) if rest.starts_with('[') => (u, rest),
            _ => ("", authority),
        };
        if !all_chars(userinfo, |c| unreserved_or_sub_delim(c) || c == b':') {
            return false;
        }
        let Some(literal_end) = host_and_path.find(']') else {
            return false;
        };
        let Some(literal) = host_and_path[..literal_end].strip_prefix('[') else {
            return false;
        };
        if !ip_literal(literal) {
            return false;
        }
        let after = &host_and_path[literal_end + 1..];
        let (port, path) = match after.find('/') {
            Some(at) => after.split_at(at),
            None => (after, ""),
        };
        let port_ok = port.is_empty()
            || port
                .strip_prefix(':')
                .is_some_and(|p| p.bytes().all(|c| c.is_ascii_digit()));
        port_ok && all_chars(path, |c| pchar(c) || c == b'/')
    }

    /// An IPv6 address or an `IPvFuture` (`v1.x`), the inside of `[...]`.
    fn ip_literal(s: &str) -> bool {
        if let Some(future) = s.strip_prefix(['v', 'V']) {
            let Some((version, rest)) = future.split_once('.') else {
                return false;
            };
            return !version.is_empty()
                && version.bytes().all(|c| c.is_ascii_hexdigit())
                && !rest.is_empty()
                && rest
                    .bytes()
                    .all(|c| unreserved_or_sub_delim(c) || c == b':');
        }
        s.parse::<std::net::Ipv6Addr>().is_ok()
    }

    /// `local@domain`: dot-separated atoms of letters, digits and
    /// ``!#$%&'*+/=?^_`{|}~-``, then two or more dot-separated labels of
    /// letters, digits and inner hyphens.
    pub(super) fn email(s: &str) -> bool {
        let Some((local, domain)) = s.split_once('@') else {
            return false;
        };
        let atom = |a: &str| {
            !a.is_empty()
                && a.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&c))
        };
        let label = |l: &str| {
            !l.is_empty()
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        local.split('.').all(atom) && domain.contains('.') && domain.split('.').all(label)
    }

    /// A JavaScript regular expression (without flags, so with the
    /// lenient syntax browsers accept) and without a `\\Z` anchor (which
    /// JavaScript does not have).
    pub(super) fn regex(s: &str) -> bool {
        let b = s.as_bytes();
        let z_anchor = (1..b.len().saturating_sub(1))
            .any(|i| b[i - 1] != b'\\' && b[i] == b'\\' && b[i + 1] == b'Z');
        !z_anchor && super::js_regex::is_valid(s)
    }
}

/// Whether a text is a valid JavaScript regular expression without flags:
/// the ECMAScript grammar with the web-compatibility leniencies of its
/// Annex B (a `{` or `]` that starts nothing is literal, unknown escapes
/// stand for themselves, `(?=...)` can be repeated, a class range may have
/// a class escape at one end). Only syntax is checked: this is what
/// `new RegExp(text)` accepts.
mod js_regex {
    type Parse = Result<(), ()>;

    pub(super) fn is_valid(text: &str) -> bool {
        let mut p = Parser {
            c: text.chars().collect(),
            i: 0,
            names: Vec::new(),
            references: Vec::new(),
        };
        if p.disjunction(0).is_err() || p.i != p.c.len() {
            return false;
        }
        let mut sorted = p.names.clone();
        sorted.sort_unstable();
        let unique = sorted.windows(2).all(|w| w[0] != w[1]);
        // `\k` is a plain `k` unless the expression names a group; then
        // it must refer to one by name.
        unique
            && (p.names.is_empty()
                || p.references
                    .iter()
                    .all(|r| r.as_ref().is_some_and(|n| p.names.contains(n))))
    }

    struct Parser {
        c: Vec<char>,
        i: usize,
        names: Vec<String>,
        /// Each `\k`: the name in `<...>` after it, if well formed.
        references: Vec<Option<String>>,
    }

    impl Parser {
        fn peek(&self) -> Option<char> {
            self.c.get(self.i).copied()
        }

        fn at(&self, offset: usize) -> Option<char> {
            self.c.get(self.i + offset).copied()
        }

        fn disjunction(&mut self, depth: usize) -> Parse {
            loop {
                self.alternative(depth)?;
                if self.peek() == Some('|') {
                    self.i += 1;
                } else {
                    return Ok(());
                }
            }
        }

        fn alternative(&mut self, depth: usize) -> Parse {
            while let Some(c) = self.peek() {
                match c {
                    '|' => return Ok(()),
                    ')' if depth > 0 => return Ok(()),
                    ')' | '*' | '+' | '?' => return Err(()),
                    '^' | '$' => {
                        self.i += 1;
                        self.no_quantifier()?;
                    }
                    '\\' if matches!(self.at(1), Some('b' | 'B')) => {
                        self.i += 2;
                        self.no_quantifier()?;
                    }
                    '(' => {
                        if self.group(depth)? {
                            self.quantifier()?;
                        } else {
                            self.no_quantifier()?;
                        }
                    }
                    '{' if self.braced(self.i).is_some() => return Err(()),
                    '[' => {
                        self.class()?;
                        self.quantifier()?;
                    }
                    '\\' => {
                        self.escape()?;
                        self.quantifier()?;
                    }
                    _ => {
                        self.i += 1;
                        self.quantifier()?;
                    }
                }
            }
            Ok(())
        }

        /// A `{n}`, `{n,}` or `{n,m}` quantifier at `at`: where it ends and
        /// its bounds.
        fn braced(&self, at: usize) -> Option<(usize, u64, u64)> {
            let mut i = at + 1;
            let number = |i: &mut usize| -> Option<u64> {
                let start = *i;
                let mut n: u64 = 0;
                while let Some(d) = self.c.get(*i).and_then(|c| c.to_digit(10)) {
                    n = n.saturating_mul(10).saturating_add(u64::from(d));
                    *i += 1;
                }
                (*i > start).then_some(n)
            };
            let low = number(&mut i)?;
            let high = if self.c.get(i) == Some(&',') {
                i += 1;
                number(&mut i).unwrap_or(u64::MAX)
            } else {
                low
            };
            (self.c.get(i) == Some(&'}')).then_some((i + 1, low, high))
        }

        /// An optional quantifier after something repeatable.
        fn quantifier(&mut self) -> Parse {
            match self.peek() {
                Some('*' | '+' | '?') => self.i += 1,
                Some('{') => match self.braced(self.i) {
                    Some((end, low, high)) => {
                        if low > high {
                            return Err(());
                        }
                        self.i = end;
                    }
                    None => return Ok(()),
                },
                _ => return Ok(()),
            }
            if self.peek() == Some('?') {
                self.i += 1;
            }
            self.no_quantifier()
        }

        /// Nothing to repeat here: a quantifier would be an error.
        fn no_quantifier(&self) -> Parse {
            match self.peek() {
                Some('*' | '+' | '?') => Err(()),
                Some('{') if self.braced(self.i).is_some() => Err(()),
                _ => Ok(()),
            }
        }

        /// A group; whether it may be repeated.
        fn group(&mut self, depth: usize) -> Result<bool, ()> {
            self.i += 1;
            let repeatable = if self.peek() == Some('?') {
                match (self.at(1), self.at(2)) {
                    (Some(':' | '=' | '!'), _) => {
                        self.i += 2;
                        true
                    }
                    (Some('<'), Some('=' | '!')) => {
                        self.i += 3;
                        false
                    }
                    (Some('<'), _) => {
                        self.i += 2;
                        let name = self.name().ok_or(())?;
                        self.names.push(name);
                        true
                    }
                    _ => return Err(()),
                }
            } else {
                true
            };
            self.disjunction(depth + 1)?;
            if self.peek() != Some(')') {
                return Err(());
            }
            self.i += 1;
            Ok(repeatable)
        }

        /// A group name and its closing `>`.
        fn name(&mut self) -> Option<String> {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == '>' {
                    break;
                }
                let ok = if self.i == start {
                    c == '$' || c == '_' || c.is_alphabetic()
                } else {
                    c == '$'
                        || c == '_'
                        || c.is_alphanumeric()
                        || c == '\u{200c}'
                        || c == '\u{200d}'
                };
                if !ok {
                    return None;
                }
                self.i += 1;
            }
            if self.peek() != Some('>') || self.i == start {
                return None;
            }
            let name: String = self.c[start..self.i].iter().collect();
            self.i += 1;
            Some(name)
        }

        /// An escape outside a class (not `\b`/`\B`).
        fn escape(&mut self) -> Parse {
            self.i += 1;
            let Some(c) = self.peek() else {
                return Err(());
            };
            self.i += 1;
            match c {
                'k' => {
                    let name = if self.peek() == Some('<') {
                        let back = self.i;
                        self.i += 1;
                        let name = self.name();
                        if name.is_none() {
                            self.i = back;
                        }
                        name
                    } else {
                        None
                    };
                    self.references.push(name);
                }
                '0'..='9' => {
                    while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                        self.i += 1;
                    }
                }
                'c' if self.peek().is_some_and(|l| l.is_ascii_alphabetic()) => self.i += 1,
                _ => {}
            }
            Ok(())
        }

        fn class(&mut self) -> Parse {
            self.i += 1;
            if self.peek() == Some('^') {
                self.i += 1;
            }
            loop {
                match self.peek() {
                    None => return Err(()),
                    Some(']') => {
                        self.i += 1;
                        return Ok(());
                    }
                    _ => {}
                }
                let first = self.class_atom()?;
                if self.peek() == Some('-') && self.at(1).is_some_and(|c| c != ']') {
                    self.i += 1;
                    let last = self.class_atom()?;
                    // A range between two characters must be in order; one
                    // with a class escape (`\d`) at an end is literal.
                    if let (Some(a), Some(b)) = (first, last)
                        && a > b
                    {
                        return Err(());
                    }
                }
            }
        }

        /// One class member: its code, or `None` for a class escape.
        fn class_atom(&mut self) -> Result<Option<u32>, ()> {
            let Some(c) = self.peek() else {
                return Err(());
            };
            self.i += 1;
            if c != '\\' {
                return Ok(Some(c as u32));
            }
            let Some(e) = self.peek() else {
                return Err(());
            };
            self.i += 1;
            let hex = |p: &mut Parser, n: usize| -> Option<u32> {
                let digits: String = p.c.get(p.i..p.i + n)?.iter().collect();
                let v = u32::from_str_radix(&digits, 16).ok()?;
                digits.chars().all(|d| d.is_ascii_hexdigit()).then(|| {
                    p.i += n;
                    v
                })
            };
            Ok(match e {
                'd' | 'D' | 'w' | 'W' | 's' | 'S' => None,
                'b' => Some(8),
                't' => Some(9),
                'n' => Some(10),
                'v' => Some(11),
                'f' => Some(12),
                'r' => Some(13),
                'x' => Some(hex(self, 2).unwrap_or('x' as u32)),
                'u' => Some(hex(self, 4).unwrap_or('u' as u32)),
                'c' => match self.peek() {
                    Some(l) if l.is_ascii_alphanumeric() || l == '_' => {
                        self.i += 1;
                        Some(l as u32 % 32)
                    }
                    // `\c` before anything else is a backslash, and the
                    // `c` is read next.
                    _ => {
                        self.i -= 1;
                        Some('\\' as u32)
                    }
                },
                '0'..='7' => {
                    let mut v = e.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match self.peek().and_then(|d| d.to_digit(8)) {
                            Some(d) if v * 8 + d <= 0o377 => {
                                v = v * 8 + d;
                                self.i += 1;
                            }
                            _ => break,
                        }
                    }
                    Some(v)
                }
                other => Some(other as u32),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions::testing::{build_error, run};

    /// `(message, pointer)` of `oasDocumentSchema` on a whole document.
    fn check(doc: &str) -> Vec<(String, String)> {
        run("oasDocumentSchema", Value::Null, doc, "")
    }

    fn pair(m: &str, p: &str) -> (String, String) {
        (m.to_string(), p.to_string())
    }

    #[test]
    fn valid_documents_pass() {
        assert!(check("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").is_empty());
        assert!(check("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n").is_empty());
        assert!(check("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n").is_empty());
        assert!(check("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").is_empty());
        // Not an OpenAPI document: nothing to check against.
        assert!(check("info: 5\n").is_empty());
    }

    #[test]
    fn errors_are_worded_and_placed_like_spectral() {
        let doc = "openapi: 3.0.3\ninfo: {version: '1', foo: 1}\npaths:\n  /a: 5\n";
        assert_eq!(
            check(doc),
            vec![
                pair(
                    "\"info\" property must have required property \"title\"",
                    "/info"
                ),
                pair("Property \"foo\" is not expected to be here", "/info/foo"),
                // The name is the pointer segment as written there.
                pair("\"~1a\" property must be object", "/paths/~1a"),
            ]
        );
        // At the root there is no name.
        assert_eq!(
            check("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"),
            vec![pair("must have required property \"paths\"", "")]
        );
    }

    #[test]
    fn enums_suggest_the_closest_value() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: p, in: quary, schema: {}}]\n      responses: {'200': {description: ok}}\n";
        assert_eq!(
            check(doc),
            vec![pair(
                "\"in\" property must be equal to one of the allowed values: \"path\", \"query\", \"header\", \"cookie\". Did you mean \"query\"?",
                "/paths/~1a/get/parameters/0/in"
            )]
        );
    }

    #[test]
    fn suggestions_follow_refs_like_spectral() {
        // Spectral looks the value up through the `$ref` beside it.
        let doc = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  B: {type: object}\n  A: {allOf: [{$ref: '#/definitions/B', type: strin}]}\n";
        // (Through the rule, which reads the document unresolved.)
        let rule = crate::rules::oas::rule("oas2-schema").unwrap();
        let found = crate::rules::oas::testing::findings(rule, doc);
        assert!(
            found[0].0.ends_with("Did you mean \"object\"?."),
            "{found:?}"
        );
        let root = json!({"a": {"$ref": "#/b", "x": 1}, "b": {"x": "y"}});
        let path = [PathSeg::Key("a".into()), PathSeg::Key("x".into())];
        assert_eq!(value_through_refs(&root, &path), Some(&json!("y")));
        let dangling = json!({"a": {"$ref": "#/nope", "x": 1}});
        assert_eq!(value_through_refs(&dangling, &path), None);
    }

    #[test]
    fn custom_messages_replace_the_errors_they_cover() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {additionalProperties: 5}\n  securitySchemes:\n    s: {in: header}\n";
        assert_eq!(
            check(doc),
            vec![
                pair(
                    "\"additionalProperties\" property must be a valid Schema Object",
                    "/components/schemas/A/additionalProperties"
                ),
                pair(
                    "Security scheme must have a valid type",
                    "/components/securitySchemes/s"
                ),
            ]
        );
        // Per-property and catch-all messages (2.0 security definitions).
        let doc = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nsecurityDefinitions:\n  basic: {type: basic, foo: 1}\n  key: {type: apiKey, name: x}\n";
        assert_eq!(
            check(doc),
            // Ajv's order: per-property messages first (findings are
            // then sorted by place).
            vec![
                pair(
                    "Invalid basic authentication security definition",
                    "/securityDefinitions/basic"
                ),
                pair(
                    "Invalid security securityDefinitions",
                    "/securityDefinitions"
                ),
            ]
        );
        // A template the engine fills with the finding's last path segment.
        let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {Foo: 5}}\n";
        assert_eq!(
            check(doc),
            vec![pair(
                "\"{{property}}\" property must be a valid Schema Object",
                "/components/schemas/Foo"
            )]
        );
    }

    #[test]
    fn alternatives_are_all_reported() {
        // 2.0's parameter is a `oneOf`: each alternative's errors, then the
        // `oneOf`'s own (identical findings collapse in the engine).
        let doc = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: b, in: body}]\n      responses: {'200': {description: ok}}\n";
        let found = check(doc);
        let at = "/paths/~1a/get/parameters/0";
        assert_eq!(
            found[0],
            pair("\"0\" property must have required property \"schema\"", at)
        );
        assert!(found.contains(&pair(
            "\"0\" property must match exactly one schema in oneOf",
            at
        )));
        assert!(found.contains(&pair(
            "\"0\" property must have required property \"type\"",
            at
        )));
    }

    #[test]
    fn meta_schema_quirks_of_ajv() {
        // Formats inside the json-schema.org meta-schemas are not asserted;
        // 3.2's nested Schema Objects are checked by the dialect.
        let doc = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'a b'}\n    C: {properties: {x: {type: 5}}}\n";
        let found = check(doc);
        assert!(
            !found.iter().any(|(m, _)| m.contains("uri-reference")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(_, p)| p == "/components/schemas/C/properties/x/type"),
            "{found:?}"
        );
        // Nor are `patternProperties` keys checked as regular expressions.
        let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {patternProperties: {'(': {}}}\n";
        assert!(check(doc).is_empty(), "{:?}", check(doc));
        // A property that failed inside an `allOf` still counts as evaluated.
        let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  requestBodies:\n    b: {content: {a/b: {examples: {e: {$ref: 5}}}}}\n";
        assert_eq!(
            check(doc),
            vec![pair(
                "\"$ref\" property must be string",
                "/components/requestBodies/b/content/a~1b/examples/e/$ref"
            )]
        );
    }

    #[test]
    fn no_options() {
        assert_eq!(
            build_error("oasDocumentSchema", json!({"x": 1})),
            "\"oasDocumentSchema\" function does not accept any options"
        );
    }

    #[test]
    fn uri_formats_follow_ajv() {
        use formats::{uri, uri_reference};
        for ok in [
            "http://x",
            "urn:isbn:1",
            "http://[::1]:80/a",
            "HTTP://X",
            "a:b",
        ] {
            assert!(uri(ok), "{ok}");
        }
        for bad in [
            "foo bar",
            "/relative",
            "//host/x",
            "http:",
            "1http://x",
            "http://[zz]/",
            "http://ex.com/é",
            "https://{host}/",
            "http://x/a%2",
        ] {
            assert!(!uri(bad), "{bad}");
        }
        for ok in [
            "/relative",
            "rel",
            "",
            "#frag",
            "?q",
            "a\"b",
            "//host:abc/x",
            "/[::1]",
        ] {
            assert!(uri_reference(ok), "{ok}");
        }
        for bad in [
            "foo bar",
            "http://x/#a#b",
            "[::1]",
            "http://x?q=[2]",
            "http://x\\y",
            "a|b",
        ] {
            assert!(!uri_reference(bad), "{bad}");
        }
    }

    #[test]
    fn email_format_follows_ajv() {
        for ok in ["a@b.c", "a.b@c.d", "A+B@EX.COM", "a@1.2"] {
            assert!(formats::email(ok), "{ok}");
        }
        for bad in [
            "a@b", ".a@b.c", "a..b@c.d", "a@-b.c", "a@b_c.d", "a@b.c.", "a b@c.d", "a@b@c.d",
        ] {
            assert!(!formats::email(bad), "{bad}");
        }
    }

    #[test]
    fn regex_format_is_javascripts_lenient_syntax() {
        // Checked against `new RegExp(text)` in Node.
        let valid = [
            "^[a-z]+$",
            "\\-",
            "\\_",
            "a{",
            "}",
            "]",
            "x{,3}",
            "(?=a)*",
            "[a-\\d]",
            "\\k<n>",
            "(?<n>a)\\k<n>",
            "(?<=a)b",
            "\\p{Foo}",
            "\\8",
            "[]",
            "[^]",
            "\\c1",
            "a{2}?",
            "[--a]",
            "(?<$x>a)",
            "a{2,99999999999}",
        ];
        for v in valid {
            assert!(formats::regex(v), "{v}");
        }
        let invalid = [
            "(",
            "a**",
            "(?i)a",
            "a+??",
            "a{2}{3}",
            "(?P<n>a)",
            "^*",
            "$+",
            "\\b+",
            "a{3,2}",
            "(?<a>x)(?<a>y)",
            "(?<1a>x)",
            "(?<n>a)\\k<m>",
            "(?<n>a)\\k",
            "(?<=a)*",
            "[z-a]",
            "\\",
            "a)",
            "[a",
            "{1}",
            "a|*",
            "[\\x41-\\x40]",
            "\\d+\\Z",
            "a++",
        ];
        for v in invalid {
            assert!(!formats::regex(v), "{v}");
        }
    }

    #[test]
    fn every_version_compiles() {
        for v in [Version::V2_0, Version::V3_0, Version::V3_1, Version::V3_2] {
            assert!(v.bundled().is_ok(), "{v:?}: {:?}", v.bundled().err());
        }
        let mut names = Names::new();
        let mut key = |p: &str| order_key(&pointer_segments(p), None, &mut names);
        assert!(key("/oneOf/0/required") < key("/oneOf"));
        assert!(key("/oneOf/1") < key("/required"));
        assert!(key("/properties/b/type") < key("/properties/a/type"));
    }
}
