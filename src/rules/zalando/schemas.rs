//! Schema helpers the payload rules of `apilint:zalando` share: which
//! types a schema allows, whether it allows `null`, telling a schema
//! keyword from a property that happens to carry the same name, naming the
//! schema a finding is about, splitting names into words, and the lists of
//! standard formats the guidelines name.

use super::common::{NAMED_MEMBERS, in_data};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input};

/// The options of a rule that has none: `functionOptions` must be empty.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoOptions {}

/// The key a path ends with, if it ends with a key.
pub(crate) fn last_key(path: &[PathSeg]) -> Option<&str> {
    match path.last() {
        Some(PathSeg::Key(k)) => Some(k),
        _ => None,
    }
}

/// The key `n` steps before the end (0 = the last).
pub(crate) fn key_back(path: &[PathSeg], n: usize) -> Option<&str> {
    match path.iter().rev().nth(n) {
        Some(PathSeg::Key(k)) => Some(k),
        _ => None,
    }
}

/// Whether the node at `path` sits in a mapping whose keys the author
/// chose (a property, a schema name, a header name ...), rather than
/// under a keyword.
pub(crate) fn is_named_member(path: &[PathSeg]) -> bool {
    matches!(key_back(path, 1), Some(k) if NAMED_MEMBERS.contains(&k))
}

/// `path` with `key` appended.
pub(crate) fn child(path: &[PathSeg], key: &str) -> Vec<PathSeg> {
    let mut p = path.to_vec();
    p.push(PathSeg::Key(key.to_string()));
    p
}

/// The JSON types a schema names in `type` (a string, or an array in
/// OpenAPI 3.1). Empty when the schema has no `type`.
pub(crate) fn types<'a>(schema: View<'a>) -> Vec<&'a str> {
    match schema.get("type") {
        Some(t) => match t.as_str() {
            Some(s) => vec![s],
            None => t.items().filter_map(|i| i.as_str()).collect(),
        },
        None => Vec::new(),
    }
}

/// Whether the schema's `type` names `name`.
pub(crate) fn has_type(schema: View<'_>, name: &str) -> bool {
    types(schema).contains(&name)
}

/// Whether the schema's only non-null type is `name`.
pub(crate) fn is_type(schema: View<'_>, name: &str) -> bool {
    let t = types(schema);
    t.contains(&name) && t.iter().all(|&x| x == name || x == "null")
}

/// Whether a schema allows `null`: `nullable: true` (OpenAPI 3.0),
/// `x-nullable: true` (Swagger 2.0), or `null` among its types (3.1).
pub(crate) fn is_nullable(schema: View<'_>) -> bool {
    let flag = |k: &str| schema.get(k).and_then(|v| v.as_bool()) == Some(true);
    flag("nullable") || flag("x-nullable") || has_type(schema, "null")
}

/// The schema's `format`, if it is a string.
pub(crate) fn format<'a>(schema: View<'a>) -> Option<&'a str> {
    schema.get("format").and_then(|f| f.as_str())
}

/// How a message names the schema at `path`: `property "x"`,
/// `schema "Pet"`, `items of property "tags"`, `parameter "limit"`,
/// `header "X-Flow-ID"`, or just `schema`.
pub(crate) fn describe(path: &[PathSeg], schema: Option<View<'_>>) -> String {
    let n = path.len();
    let key = |i: usize| match path.get(i) {
        Some(PathSeg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    if n >= 2 {
        match (key(n - 2), key(n - 1)) {
            (Some("properties"), Some(name)) => return format!("property \"{name}\""),
            (Some("definitions" | "schemas" | "$defs"), Some(name)) => {
                return format!("schema \"{name}\"");
            }
            (Some("headers"), Some(name)) => return format!("header \"{name}\""),
            (Some("parameters"), _) => {
                if let Some(name) = schema.and_then(|s| s.get("name")).and_then(|v| v.as_str()) {
                    return format!("parameter \"{name}\"");
                }
            }
            _ => {}
        }
    }
    if n >= 3 && key(n - 1) == Some("schema") && key(n - 3) == Some("content") {
        return if path
            .iter()
            .any(|s| matches!(s, PathSeg::Key(k) if k == "requestBody"))
        {
            "request body".to_string()
        } else {
            "response body".to_string()
        };
    }
    if n >= 3 && key(n - 1) == Some("schema") && key(n - 3) == Some("responses") {
        return "response body".to_string();
    }
    if n >= 1 && key(n - 1) == Some("items") {
        return format!("items of {}", describe(&path[..n - 1], None));
    }
    if n >= 3
        && key(n - 1) == Some("schema")
        && matches!(key(n - 3), Some("headers"))
        && let Some(name) = key(n - 2)
    {
        return format!("header \"{name}\"");
    }
    "schema".to_string()
}

/// Like [`describe`], also naming the parameter an OpenAPI 3 parameter
/// schema (`.../parameters/0/schema`) belongs to, looked up from `root`.
pub(crate) fn describe_in(root: View<'_>, path: &[PathSeg], schema: Option<View<'_>>) -> String {
    let n = path.len();
    if n >= 3
        && last_key(path) == Some("schema")
        && key_back(path, 2) == Some("parameters")
        && let Some(param) = view_at(root, &path[..n - 1])
    {
        if let Some(name) = param.get("name").and_then(|v| v.as_str()) {
            return format!("parameter \"{name}\"");
        }
        return "request body".to_string();
    }
    describe(path, schema)
}

/// [`describe_in`] with a capital first letter, to start a message.
pub(crate) fn describe_in_cap(
    root: View<'_>,
    path: &[PathSeg],
    schema: Option<View<'_>>,
) -> String {
    capitalize(describe_in(root, path, schema))
}

fn capitalize(d: String) -> String {
    let mut c = d.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => d,
    }
}

/// The lowercase words of a name written in snake_case, kebab-case,
/// camelCase or PascalCase (`createdAt`, `created_at` → `created`, `at`;
/// `HTTPCode` → `http`, `code`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a media type carries JSON (`application/json`, `*/*+json`,
/// with parameters), not counting JSON streams (`x-ndjson`, `json-seq`).
pub(crate) fn is_json_media_type(media_type: &str) -> bool {
    let mt = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let Some((_, sub)) = mt.split_once('/') else {
        return false;
    };
    (sub == "json" || sub.ends_with("+json")) && !sub.contains("stream")
}

/// The view at a logical `path` from the root (following refs), for
/// looking at the surroundings of a match. Cheap for short paths only.
pub(crate) fn view_at<'a>(root: View<'a>, path: &[PathSeg]) -> Option<View<'a>> {
    let mut cur = root;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => cur.get(k)?,
            PathSeg::Index(i) => cur.index(*i)?,
        };
    }
    Some(cur)
}

/// The `properties` mapping a `$..properties` match stands for, with its
/// path, unless the match is example data or a property that is itself
/// named `properties`.
pub(crate) fn properties_match<'a, 'c>(
    input: &crate::functions::Input<'a>,
    ctx: &'c Context<'a, '_>,
) -> Option<(View<'a>, &'c [PathSeg])> {
    let props = input.view().filter(|v| v.is_object())?;
    let path = ctx.path();
    if in_data(path) || is_named_member(path) {
        return None;
    }
    Some((props, path))
}

/// Given paths (for `resolved: false`) that reach every schema of a
/// document where it is written: component schemas and definitions, and
/// the parameters, headers, request bodies and responses that hold
/// schemas inline. [`for_each_schema`] walks from each match into the
/// schemas below it, so every schema is visited once, without following
/// `$ref`s and without descending into examples or extensions.
pub(crate) const SCHEMA_ROOTS: &[&str] = &[
    "$.components.schemas[*]",
    "$.components.parameters[*]",
    "$.components.headers[*]",
    "$.components.requestBodies[*]",
    "$.components.responses[*]",
    "$.definitions[*]",
    "$.parameters[*]",
    "$.responses[*]",
    "$.paths[*].parameters[*]",
    "$.paths[*][get,put,post,delete,patch,head,options,trace].parameters[*]",
    "$.paths[*][get,put,post,delete,patch,head,options,trace].requestBody",
    "$.paths[*][get,put,post,delete,patch,head,options,trace].responses[*]",
    "$.webhooks[*].parameters[*]",
    "$.webhooks[*][get,put,post,delete,patch,head,options,trace].parameters[*]",
    "$.webhooks[*][get,put,post,delete,patch,head,options,trace].requestBody",
    "$.webhooks[*][get,put,post,delete,patch,head,options,trace].responses[*]",
];

/// Deeper than this, schema walks stop (guards against pathological
/// nesting; real schemas stay far below).
const MAX_SCHEMA_DEPTH: usize = 256;

/// Calls `f` with every schema below a match of [`SCHEMA_ROOTS`] (the
/// match itself when it is a schema) and its path. Swagger 2.0 parameters
/// (other than `in: body`) and headers, which carry `type`, `format` and
/// `items` themselves, count as schemas.
pub(crate) fn for_each_schema<'a>(
    node: View<'a>,
    path: &[PathSeg],
    f: &mut dyn FnMut(View<'a>, &[PathSeg]),
) {
    if !node.is_object() || node.get("$ref").is_some() {
        return;
    }
    let mut p = path.to_vec();
    let under = |k: &str| key_back(path, 1) == Some(k);
    if under("schemas") || under("definitions") {
        walk(node, &mut p, f, 0);
    } else if under("parameters") || under("headers") {
        carrier(node, &mut p, f);
    } else if under("responses") {
        // A response: its body and its headers.
        holder(node, &mut p, f);
        if let Some(headers) = node.get("headers") {
            p.push(key("headers"));
            for (name, h) in headers.members() {
                p.push(key(name));
                if h.get("$ref").is_none() {
                    carrier(h, &mut p, f);
                }
                p.pop();
            }
            p.pop();
        }
    } else {
        // A request body.
        holder(node, &mut p, f);
    }
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// A parameter or header: its `schema`, the schemas of its `content`, or
/// (Swagger 2.0, not `in: body`) itself.
fn carrier<'a>(node: View<'a>, p: &mut Vec<PathSeg>, f: &mut dyn FnMut(View<'a>, &[PathSeg])) {
    if node.get("schema").is_some() || node.get("content").is_some() {
        holder(node, p, f);
    } else if node.get("type").is_some() {
        walk(node, p, f, 0);
    }
}

/// Something with a `schema` (Swagger 2.0 bodies) or `content` map.
fn holder<'a>(node: View<'a>, p: &mut Vec<PathSeg>, f: &mut dyn FnMut(View<'a>, &[PathSeg])) {
    if let Some(s) = node.get("schema") {
        p.push(key("schema"));
        walk(s, p, f, 0);
        p.pop();
    }
    if let Some(content) = node.get("content") {
        p.push(key("content"));
        for (mt, media) in content.members() {
            if let Some(s) = media.get("schema") {
                p.push(key(mt));
                p.push(key("schema"));
                walk(s, p, f, 0);
                p.pop();
                p.pop();
            }
        }
        p.pop();
    }
}

/// Subschema keywords holding one schema.
const ONE: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
];
/// Subschema keywords holding a list of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Subschema keywords holding a map of named schemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
];

fn walk<'a>(
    schema: View<'a>,
    p: &mut Vec<PathSeg>,
    f: &mut dyn FnMut(View<'a>, &[PathSeg]),
    depth: usize,
) {
    if depth > MAX_SCHEMA_DEPTH || !schema.is_object() || schema.get("$ref").is_some() {
        return;
    }
    f(schema, p);
    for (k, v) in schema.members() {
        if MAP.contains(&k) {
            p.push(key(k));
            for (name, s) in v.members() {
                p.push(key(name));
                walk(s, p, f, depth + 1);
                p.pop();
            }
            p.pop();
        } else if ONE.contains(&k) && v.is_object() {
            p.push(key(k));
            walk(v, p, f, depth + 1);
            p.pop();
        } else if LIST.contains(&k) && v.is_array() {
            p.push(key(k));
            for (i, s) in v.items().enumerate() {
                p.push(PathSeg::Index(i));
                walk(s, p, f, depth + 1);
                p.pop();
            }
            p.pop();
        }
    }
}

/// The schemas below one match of [`SCHEMA_ROOTS`] and their `properties`
/// mappings, in walk order, as places in the workspace. Thirteen rules of
/// `apilint:zalando` look at the same schemas below the same matches: the
/// first works the list out ([`Workspace::derived`]), the rest read it,
/// instead of each walking the schemas again.
///
/// [`Workspace::derived`]: crate::document::Workspace::derived
#[derive(Default)]
struct SchemasBelow {
    schemas: Vec<(crate::document::Loc, Vec<PathSeg>)>,
    properties: Vec<(crate::document::Loc, Vec<PathSeg>)>,
}

fn schemas_below(node: View<'_>, path: &[PathSeg]) -> std::sync::Arc<SchemasBelow> {
    node.workspace()
        .derived(node.loc(), node.is_resolved(), path, || {
            let mut below = SchemasBelow::default();
            for_each_schema(node, path, &mut |schema, p| {
                below.schemas.push((schema.loc(), p.to_vec()));
                if let Some(props) = schema.get("properties").filter(|v| v.is_object()) {
                    let mut pp = p.to_vec();
                    pp.push(key("properties"));
                    below.properties.push((props.loc(), pp));
                }
            });
            below
        })
}

/// Runs `check` on every `properties` mapping below a match of
/// [`SCHEMA_ROOTS`] (the `properties` of each schema [`for_each_schema`]
/// finds), collecting its findings.
pub(crate) fn on_properties<'a>(
    input: &Input<'a>,
    ctx: &Context<'a, '_>,
    mut check: impl FnMut(View<'a>, &[PathSeg]) -> Vec<FnResult>,
) -> Vec<FnResult> {
    let Some(node) = input.view() else {
        return Vec::new();
    };
    let below = schemas_below(node, ctx.path());
    let mut out = Vec::new();
    for (loc, path) in &below.properties {
        out.extend(check(
            View::new(node.workspace(), *loc, node.is_resolved()),
            path,
        ));
    }
    out
}

/// Runs `check` on every schema below a match of [`SCHEMA_ROOTS`] (as
/// [`for_each_schema`] finds them), collecting its findings.
pub(crate) fn on_schemas<'a>(
    input: &Input<'a>,
    ctx: &Context<'a, '_>,
    mut check: impl FnMut(View<'a>, &[PathSeg]) -> Vec<FnResult>,
) -> Vec<FnResult> {
    let Some(node) = input.view() else {
        return Vec::new();
    };
    let below = schemas_below(node, ctx.path());
    let mut out = Vec::new();
    for (loc, path) in &below.schemas {
        out.extend(check(
            View::new(node.workspace(), *loc, node.is_resolved()),
            path,
        ));
    }
    out
}

/// Walks the schemas below `schema` as the resolved document shows them
/// (following `$ref`s), calling `f` with each schema and its logical path;
/// a schema already in `seen` (by where it is written) is not walked
/// again, so shared and recursive schemas cost one visit.
pub(crate) fn walk_resolved<'a>(
    schema: View<'a>,
    p: &mut Vec<PathSeg>,
    seen: &mut std::collections::HashSet<crate::document::Loc>,
    f: &mut dyn FnMut(View<'a>, &[PathSeg]),
) {
    if p.len() > MAX_SCHEMA_DEPTH || !schema.is_object() || !seen.insert(schema.loc()) {
        return;
    }
    f(schema, p);
    for (k, v) in schema.members() {
        if MAP.contains(&k) {
            p.push(key(k));
            for (name, s) in v.members() {
                p.push(key(name));
                walk_resolved(s, p, seen, f);
                p.pop();
            }
            p.pop();
        } else if ONE.contains(&k) && v.is_object() {
            p.push(key(k));
            walk_resolved(v, p, seen, f);
            p.pop();
        } else if LIST.contains(&k) && v.is_array() {
            p.push(key(k));
            for (i, s) in v.items().enumerate() {
                p.push(PathSeg::Index(i));
                walk_resolved(s, p, seen, f);
                p.pop();
            }
            p.pop();
        }
    }
}

/// The response body schemas of every operation (resolved), with their
/// logical paths: `content[*].schema` in OpenAPI 3, `schema` in Swagger
/// 2.0.
pub(crate) fn response_schemas<'a>(root: View<'a>) -> Vec<(View<'a>, Vec<PathSeg>)> {
    let mut out = Vec::new();
    for (template, item) in root.get("paths").iter().flat_map(|p| p.members()) {
        for (method, op) in item.members() {
            if !METHODS.contains(&method) {
                continue;
            }
            for (code, resp) in op.get("responses").iter().flat_map(|r| r.members()) {
                let base = [
                    key("paths"),
                    key(template),
                    key(method),
                    key("responses"),
                    key(code),
                ];
                if let Some(s) = resp.get("schema") {
                    let mut p = base.to_vec();
                    p.push(key("schema"));
                    out.push((s, p));
                }
                for (mt, media) in resp.get("content").iter().flat_map(|c| c.members()) {
                    if let Some(s) = media.get("schema") {
                        let mut p = base.to_vec();
                        p.extend([key("content"), key(mt), key("schema")]);
                        out.push((s, p));
                    }
                }
            }
        }
    }
    out
}

/// The HTTP methods of a path item.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// The `format`s the guidelines list as standard (#238): OpenAPI's,
/// JSON Schema's, and the ones Zalando adds.
pub(crate) const STANDARD_FORMATS: &[&str] = &[
    // numbers
    "int32",
    "int64",
    "bigint",
    "float",
    "double",
    "decimal",
    // binary
    "byte",
    "binary",
    // date and time
    "date",
    "date-time",
    "time",
    "duration",
    "period",
    "time-local",
    "date-time-local",
    "tz-id",
    // strings
    "password",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "uri-template",
    "iri",
    "iri-reference",
    "uuid",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    // e-commerce
    "iso-639-1",
    "bcp47",
    "iso-3166-alpha-2",
    "iso-4217",
    "gtin-13",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_names() {
        assert_eq!(words("created_at"), ["created", "at"]);
        assert_eq!(words("createdAt"), ["created", "at"]);
        assert_eq!(words("HTTPCode"), ["http", "code"]);
        assert_eq!(words("country-code"), ["country", "code"]);
        assert_eq!(words("line2"), ["line2"]);
        assert_eq!(words("_links"), ["links"]);
    }

    #[test]
    fn json_media_types() {
        assert!(is_json_media_type("application/json"));
        assert!(is_json_media_type("application/problem+json"));
        assert!(is_json_media_type("application/json; charset=utf-8"));
        assert!(!is_json_media_type("application/x-ndjson"));
        assert!(!is_json_media_type("application/stream+json"));
        assert!(!is_json_media_type("text/plain"));
    }
}
