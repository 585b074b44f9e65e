//! `oasOpIdUnique`: no two operations may share an `operationId`.
//!
//! The target is the `paths` object (refs resolved). Operations are the
//! members `get`, `head`, `post`, `put`, `patch`, `delete`, `options` and
//! `trace` of each path item that are objects, visited in document order.
//! (Spectral's parser keeps keys in source order, so keys such as `"10"`
//! are not moved first as in a plain JavaScript object.)
//!
//! Every operation whose `operationId` equals one seen earlier is
//! reported at its `operationId` (`paths./a.put.operationId`), with
//! `operationId must be unique.` (the `operation-operationId-unique` rule
//! shows its description instead). The first holder of an id is not
//! reported. Operations without `operationId` are ignored, but an explicit
//! `operationId: null` is an id like any other.
//!
//! Ids compare as JavaScript's `includes` does: strings by text, numbers
//! by value (`1` equals `1.0` but not `"1"`), and objects or arrays only
//! when they are the same node (two `$ref`s to one component).
//!
//! An operation reached through a `$ref`'d path item is reported where
//! the engine maps its path (the referenced item), as in Spectral.
//!
//! This file also holds [`operations`], the operation walk that
//! `oasTagDefined` shares. Takes no options.

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::oas_op_params::no_options;
use crate::document::{Loc, PathSeg, Value, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasOpIdUnique";

const MESSAGE: &str = "operationId must be unique.";

/// The members of a path item that are operations, in Spectral's
/// `getAllOperations`.
const OPERATION_KEYS: [&str; 8] = [
    "get", "head", "post", "put", "patch", "delete", "options", "trace",
];

#[derive(Debug)]
struct OasOpIdUnique;

pub(crate) fn new(options: Option<&Json>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(OasOpIdUnique))
}

/// Every operation under `paths`, as (path key, method, operation), in
/// the order Spectral's `getAllOperations` yields them: path items and
/// operations that are not objects are skipped.
pub(super) fn operations<'a>(
    paths: View<'a>,
) -> impl Iterator<Item = (&'a str, &'a str, View<'a>)> + 'a {
    // `members` of a non-object is empty. (The views are collected since
    // `members` borrows the view it is called on.)
    let items: Vec<(&'a str, View<'a>)> = paths.members().collect();
    items
        .into_iter()
        .filter(|(_, item)| item.is_object())
        .flat_map(|(path, item)| {
            let ops: Vec<(&'a str, View<'a>)> = item.members().collect();
            ops.into_iter()
                .filter(|(method, op)| op.is_object() && OPERATION_KEYS.contains(method))
                .map(move |(method, op)| (path, method, op))
        })
}

/// An `operationId` as JavaScript's SameValueZero compares it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Id<'a> {
    Null,
    Bool(bool),
    /// The bits of the number as f64, with -0 read as 0 and one NaN.
    Number(u64),
    Str(&'a str),
    /// Objects and arrays: equal only to themselves.
    Node(Loc),
}

fn id_of(v: View<'_>) -> Id<'_> {
    let number = |f: f64| {
        let f = if f == 0.0 {
            0.0
        } else if f.is_nan() {
            f64::NAN
        } else {
            f
        };
        Id::Number(f.to_bits())
    };
    match v.value() {
        Value::Null => Id::Null,
        Value::Bool(b) => Id::Bool(*b),
        Value::Int(i) => number(*i as f64),
        Value::Float(f) => number(*f),
        Value::String(s) => Id::Str(s),
        Value::Object(_) | Value::Array(_) => Id::Node(v.loc()),
    }
}

impl RuleFunction for OasOpIdUnique {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let mut seen: FxHashSet<Id<'_>> = FxHashSet::default();
        let mut out = Vec::new();
        for (path, method, op) in operations(paths) {
            let Some(id) = op.get("operationId") else {
                continue;
            };
            if !seen.insert(id_of(id)) {
                out.push(FnResult::at(
                    MESSAGE,
                    vec![
                        PathSeg::Key("paths".to_string()),
                        PathSeg::Key(path.to_string()),
                        PathSeg::Key(method.to_string()),
                        PathSeg::Key("operationId".to_string()),
                    ],
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::functions::testing::{build_error, run};

    fn duplicates(doc: &str) -> Vec<String> {
        run("oasOpIdUnique", Value::Null, doc, "/paths")
            .into_iter()
            .map(|(m, p)| {
                assert_eq!(m, MESSAGE);
                p
            })
            .collect()
    }

    #[test]
    fn later_holders_of_an_id_are_reported() {
        let doc = "paths:\n  /a:\n    get: {operationId: x}\n    put: {operationId: x}\n    x-get: {operationId: x}\n    parameters: []\n  /b:\n    post: {operationId: x}\n    delete: {operationId: y}\n    head: {}\n    patch: {}\n";
        assert_eq!(
            duplicates(doc),
            vec!["/paths/~1a/put/operationId", "/paths/~1b/post/operationId"]
        );
    }

    #[test]
    fn ids_compare_like_javascript_includes() {
        let doc = "paths:\n  /a:\n    get: {operationId: 1}\n    put: {operationId: 1.0}\n    post: {operationId: '1'}\n    patch: {operationId: null}\n    trace: {operationId: null}\n    head: {operationId: {a: 1}}\n    options: {operationId: {a: 1}}\n";
        assert_eq!(
            duplicates(doc),
            vec!["/paths/~1a/put/operationId", "/paths/~1a/trace/operationId"]
        );
    }

    #[test]
    fn path_items_are_visited_in_document_order() {
        // Observed in Spectral 6.16: numeric keys are not moved first.
        let doc = "paths:\n  /a:\n    get: {operationId: x}\n  '10':\n    get: {operationId: x}\n  '2':\n    get: {operationId: x}\n";
        assert_eq!(
            duplicates(doc),
            vec!["/paths/10/get/operationId", "/paths/2/get/operationId"]
        );
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasOpIdUnique", json!([])),
            "\"oasOpIdUnique\" function does not accept any options"
        );
    }
}
