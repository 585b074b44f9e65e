//! The one-walk evaluator (`engine::walker`) against the straightforward
//! one-path evaluator (`jsonpath::query`).
//!
//! The walker runs every `given` path of a rule set together and skips
//! nodes it has already seen in the same query state through another
//! `$ref`; `query` evaluates one path the plain way. Both must select the
//! same nodes (physical locations) for every path form, on documents with
//! shared, circular and external refs, resolved and unresolved. A
//! difference here means the optimisation changed what rules see.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::document::{Loc, PathSeg, Value, View};
use apilint::engine::walker::{self, Program, WalkLimits};
use apilint::jsonpath::{self, QueryMatch};

const DOC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1", description: d}
tags: [{name: b}, {name: a, description: tag}]
paths:
  /pets/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      operationId: getPet
      tags: [a]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default:
          $ref: '#/components/responses/Error'
    put:
      parameters:
        - {name: q, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
  /owners:
    get:
      responses:
        '200': {$ref: '#/components/responses/Error'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  responses:
    Error:
      description: error
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Pet:
      type: object
      description: a pet
      properties:
        id: {type: integer, format: int64}
        name: {type: string, enum: [a, b]}
        owner: {$ref: '#/components/schemas/Owner'}
        tags: {type: array, items: {type: string}}
    Owner:
      type: object
      properties:
        pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        self: {$ref: '#/components/schemas/Owner'}
    Problem:
      type: object
      properties:
        title: {type: string}
        status: {type: integer}
"#;

const PATHS: &[&str] = &[
    "$",
    "$.info",
    "$.info.title",
    "$.paths.*",
    "$.paths.*~",
    "$.paths[*][get,put]",
    "$.paths[*][get,put].responses[*]",
    "$.paths[*][get,put].responses[*]~",
    "$.paths['/pets/{id}'].get.operationId",
    "$..description",
    "$..[description,title]",
    "$..properties.*~",
    "$..properties[*]",
    "$..[?(@.type == 'object')]",
    "$..[?(@.type === 'array')].items",
    "$..[?(@.enum)]",
    "$..[?(@.type == 'integer' && !@.enum)]",
    "$..parameters[*]",
    "$..parameters[?(@.in == 'path')]",
    "$..parameters[?(@.in)].name",
    "$.tags[0]",
    "$.tags[-1]",
    "$.tags[0:1]",
    "$.tags[::-1]",
    "$.tags[*].name",
    "$..[?(@property === 'schema')]",
    "$..[?(@property.match(/^app/))]",
    "$..[?(@parentProperty === 'properties')]",
    "$..[?(@path.includes('Owner'))]",
    "$..[?(@.type == 'object')]^",
    "$..responses[?(@property >= 400 || @property == 'default')]",
    "$..[?(@string())]",
    "$..*",
    "$..content[*].schema",
    "$.components.schemas[*]",
    "$.components.schemas.Pet.properties[?(@.type)]~",
    "$..[?(@parent && @parent.type == 'object')]",
    // Filters the native evaluator does not handle, run as JavaScript
    // (the first of `SCRIPTED` paths; checked below that they are).
    "$..[?(Object.keys(@).length > 3)]",
    "$..[?(@.type === 'object' ? !!@.properties : false)]",
    "$..[?(Array.isArray(@.enum) && @.enum.length > 1)]",
    "$..[?(String(@property).split('/').length > 2)]",
    "$..[?(@path.lastIndexOf('Pet') > 0 && typeof @ === 'object')]",
    "$..[?(@parent && Object.keys(@parent).includes('properties'))]",
    "$..[?(@parentProperty === 'responses' ? Number(@property) >= 200 : false)]",
    "$..[?(@root.openapi.slice(0, 1) === '3' && @.in === 'path')]",
    "$..properties[?(@.type && @.type.length * 2 > 10)]~",
    "$..[?((@.type || '').toString() === 'array')].items",
    "$..[?(@.type === 'object')]^[?(Object.keys(@).length > 1)]",
    "$..[?(@parentProperty === 'properties' && Object.keys(@).length > 0)]~",
];

/// Where the JavaScript filters start in `PATHS`.
const SCRIPTED: usize = 37;

#[test]
fn the_javascript_paths_run_as_javascript_and_the_others_do_not() {
    for (i, p) in PATHS.iter().enumerate() {
        let jp = jsonpath::parse(p).unwrap();
        assert_eq!(jp.script_filters().next().is_some(), i >= SCRIPTED, "{p}");
    }
}

/// What `query` selects, as physical locations (and, for `~`, the name).
fn by_query(path: &str, root: View<'_>) -> BTreeSet<(Loc, Option<String>)> {
    let jp = jsonpath::parse(path).unwrap();
    jsonpath::query(&jp, root)
        .into_iter()
        .map(|m| match m {
            QueryMatch::Node { view, .. } => (view.loc(), None),
            QueryMatch::Key { key, path } => {
                // A name is placed where it is written: the parent's member
                // (or item) as written, even when its value is a `$ref`.
                let mut parent = root;
                for seg in &path[..path.len() - 1] {
                    parent = match seg {
                        PathSeg::Key(k) => parent.get(k).unwrap(),
                        PathSeg::Index(i) => parent.index(*i).unwrap(),
                    };
                }
                let node = match (&key, parent.value()) {
                    (PathSeg::Key(k), Value::Object(members)) => {
                        members.iter().find(|m| *m.key == **k).unwrap().value
                    }
                    (PathSeg::Index(i), Value::Array(items)) => items[*i],
                    other => panic!("unexpected name match {other:?}"),
                };
                (
                    Loc {
                        doc: parent.loc().doc,
                        node,
                    },
                    Some(key.to_string()),
                )
            }
        })
        .collect()
}

/// What the walker selects for the same path, run alone and run together
/// with every other path (the way a rule set runs).
fn by_walker(
    paths: &[jsonpath::JsonPath],
    which: usize,
    root: View<'_>,
) -> BTreeSet<(Loc, Option<String>)> {
    let program = Program::new(paths.iter());
    let mut out = BTreeSet::new();
    let limits = WalkLimits {
        max_visits: 10_000_000,
        max_depth: 1000,
    };
    walker::walk(&program, root, limits, &mut |m| {
        if m.query == which {
            out.insert((m.view.loc(), m.key.map(|k| format!("{}", k.to_owned_seg()))));
        }
    });
    out
}

/// Compares the two on `ws` for every path of `PATHS`, or only the native
/// ones unless `with_js`.
fn check(ws: &Workspace, label: &str, with_js: bool) {
    let count = if with_js { PATHS.len() } else { SCRIPTED };
    let all: Vec<jsonpath::JsonPath> = PATHS[..count]
        .iter()
        .map(|p| jsonpath::parse(p).unwrap())
        .collect();
    let mut failures = Vec::new();
    for resolved in [true, false] {
        let root = ws.view(resolved);
        for (i, path) in PATHS[..count].iter().enumerate() {
            let want = by_query(path, root);
            let alone = by_walker(std::slice::from_ref(&all[i]), 0, root);
            let together = by_walker(&all, i, root);
            if want != alone || want != together {
                failures.push(format!(
                    "{label} {path} (resolved: {resolved}): query {} matches, walker alone {}, together {}\n  only in query: {:?}\n  only in walker: {:?}",
                    want.len(),
                    alone.len(),
                    together.len(),
                    want.difference(&together).take(5).collect::<Vec<_>>(),
                    together.difference(&want).take(5).collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn walker_selects_what_query_selects_on_a_spec_with_shared_and_circular_refs() {
    let ws =
        Workspace::from_text("spec.yaml", Arc::from(DOC), None, &LoadOptions::default()).unwrap();
    assert!(ws.problems().is_empty(), "{:?}", ws.problems());
    check(&ws, "inline", true);
}

#[test]
fn walker_selects_what_query_selects_on_real_specs() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    // JavaScript filters cost microseconds per node where native ones cost
    // nanoseconds, and a `..` path through shared refs tests a node once
    // per route: on the larger specs they would make this test take
    // minutes in a debug build, so those run the native paths only.
    for (name, with_js) in [
        ("apis-guru/twilio.com_twilio_chat_v2.json", false),
        ("zally-fixtures/api_tinbox.yaml", false),
        ("zally-fixtures/swagger2_petstore_expanded.yaml", true),
    ] {
        let path = corpus.join(name);
        if !path.exists() {
            eprintln!("skipped {name}: ../shared/corpus is not beside the repo");
            continue;
        }
        let ws = Workspace::load_file(&path, &LoadOptions::default()).unwrap();
        check(&ws, name, with_js);
    }
}
