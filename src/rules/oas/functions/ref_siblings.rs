//! `refSiblings`: an object holding `$ref` must hold nothing else.
//!
//! The rule (`no-$ref-siblings`) targets every `$ref` property of the
//! unresolved root document (`$..[?(@property === '$ref')]`), so the target
//! is the `$ref`'s value and its parent is the object under suspicion. The
//! parent is looked up in the unresolved root by the target's path minus
//! its last segment, as Spectral does; if it has more than one key, every
//! key other than `$ref` is reported at its own path
//! (`.../schema/nullable`) with
//! `$ref must not be placed next to any other properties`.
//!
//! Anything is a target: `$ref` keys inside `properties`, `example` values
//! or extensions count too, whatever the `$ref`'s value. Takes no options.

use serde_json::Value;

use crate::document::{Loc, NodeId, PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const MESSAGE: &str = "$ref must not be placed next to any other properties";

#[derive(Debug)]
struct RefSiblings;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    match options {
        None | Some(Value::Null) => Ok(Box::new(RefSiblings)),
        Some(_) => Err("\"refSiblings\" function does not accept any options".to_string()),
    }
}

/// The node at `path` in the unresolved document `root`, on the way to
/// the node `target` (the `$ref`'s value).
///
/// Looking keys up one by one would cost the width of every object on the
/// path, per `$ref`: quadratic on a `components/schemas` of thousands of
/// `$ref`s. The parsers number a container's children in order, each
/// subtree in one run, so the member on the way to `target` sits where a
/// binary search by node number puts `target`; the guess is checked
/// against the path's key, with the plain lookup as the fallback (so the
/// result never depends on the numbering).
fn walk<'a>(root: View<'a>, path: &[PathSeg], target: Option<NodeId>) -> Option<View<'a>> {
    path.iter().try_fold(root, |node, seg| match seg {
        PathSeg::Index(i) => node.index(*i),
        PathSeg::Key(k) => {
            let members = node.raw_members();
            let guess = target.and_then(|t| {
                let i = members.partition_point(|m| m.value <= t);
                // Parents numbered before their children (JSON) or after
                // them (YAML): the member is just before or at `i`.
                [i.wrapping_sub(1), i]
                    .into_iter()
                    .filter_map(|j| members.get(j))
                    .find(|m| *m.key == **k)
            });
            match guess {
                Some(m) => Some(View::new(
                    node.workspace(),
                    Loc {
                        doc: node.loc().doc,
                        node: m.value,
                    },
                    false,
                )),
                None => node.get(k),
            }
        }
    })
}

impl RuleFunction for RefSiblings {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let path = ctx.path();
        let Some((_, parent_path)) = path.split_last() else {
            return Vec::new();
        };
        // The parent as written (never through a ref), like Spectral's walk
        // of `document.data`.
        let target = input.view().map(|v| v.loc().node);
        let Some(parent) = walk(ctx.root.with_resolved(false), parent_path, target) else {
            return Vec::new();
        };
        let members = parent.raw_members();
        if members.len() <= 1 {
            return Vec::new();
        }
        members
            .iter()
            .filter(|m| &*m.key != "$ref")
            .map(|m| {
                let mut p = parent_path.to_vec();
                p.push(PathSeg::Key(m.key.to_string()));
                FnResult::at(MESSAGE, p)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, run};

    const DOC: &str = "\
a:
  $ref: '#/b'
  description: x
  x-y: 1
b:
  $ref: '#/c'
c: {}
";

    #[test]
    fn reports_every_sibling_of_a_ref() {
        assert_eq!(
            run("refSiblings", Value::Null, DOC, "/a/$ref"),
            vec![
                (
                    "$ref must not be placed next to any other properties".to_string(),
                    "/a/description".to_string()
                ),
                (
                    "$ref must not be placed next to any other properties".to_string(),
                    "/a/x-y".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_lone_ref_passes() {
        assert!(run("refSiblings", Value::Null, DOC, "/b/$ref").is_empty());
        assert!(run("refSiblings", Value::Null, DOC, "").is_empty());
    }

    #[test]
    fn options_are_rejected() {
        assert_eq!(
            build_error("refSiblings", json!({})),
            "\"refSiblings\" function does not accept any options"
        );
    }
}
