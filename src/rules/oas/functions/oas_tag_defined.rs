//! `oasTagDefined`: every tag an operation lists must be declared in the
//! document's top-level `tags`.
//!
//! The target is the document root (refs resolved). Declared tags are the
//! string `name`s of the objects in the root's `tags` array (anything
//! else there declares nothing). For every operation (see
//! [`super::oas_op_id_unique::operations`]) whose `tags` is an array,
//! each entry that is not a declared name is reported at that entry,
//! `paths./a.get.tags.1`, with `Operation tags must be defined in global
//! tags.` Entries that are not strings (`1`, `{}`) never match, as in
//! Spectral's strict comparison; an operation `tags` that is not an array
//! is not checked.
//!
//! Declared names live in a hash set, so the check is linear in the
//! number of operation tags. Takes no options.

use rustc_hash::FxHashSet;
use serde_json::Value;

use super::oas_op_id_unique::operations;
use super::oas_op_params::no_options;
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasTagDefined";

const MESSAGE: &str = "Operation tags must be defined in global tags.";

#[derive(Debug)]
struct OasTagDefined;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(OasTagDefined))
}

impl RuleFunction for OasTagDefined {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(root) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let mut declared: FxHashSet<&str> = FxHashSet::default();
        if let Some(tags) = root.get("tags") {
            declared.extend(
                tags.items()
                    .filter(|t| t.is_object())
                    .filter_map(|t| t.get("name").and_then(|n| n.as_str())),
            );
        }
        let Some(paths) = root.get("paths") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, method, op) in operations(paths) {
            let Some(tags) = op.get("tags").filter(|t| t.is_array()) else {
                continue;
            };
            for (i, tag) in tags.items().enumerate() {
                if tag.as_str().is_some_and(|t| declared.contains(t)) {
                    continue;
                }
                out.push(FnResult::at(
                    MESSAGE,
                    vec![
                        PathSeg::Key("paths".to_string()),
                        PathSeg::Key(path.to_string()),
                        PathSeg::Key(method.to_string()),
                        PathSeg::Key("tags".to_string()),
                        PathSeg::Index(i),
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

    use super::MESSAGE;
    use crate::functions::testing::{build_error, run};

    fn undeclared(doc: &str) -> Vec<String> {
        run("oasTagDefined", Value::Null, doc, "")
            .into_iter()
            .map(|(m, p)| {
                assert_eq!(m, MESSAGE);
                p
            })
            .collect()
    }

    #[test]
    fn tags_must_be_declared_by_name() {
        let doc = "tags: [{name: a}, {name: 1}, {description: b}, [c], d]\npaths:\n  /x:\n    get: {tags: [a, b, c, d, 1]}\n    put: {tags: a}\n    x-op: {tags: [z]}\n  /y:\n    post: {tags: [a]}\n";
        assert_eq!(
            undeclared(doc),
            vec![
                "/paths/~1x/get/tags/1",
                "/paths/~1x/get/tags/2",
                "/paths/~1x/get/tags/3",
                "/paths/~1x/get/tags/4",
            ]
        );
    }

    #[test]
    fn without_declared_tags_every_tag_is_reported() {
        let doc = "paths:\n  /x:\n    get: {tags: [a]}\n";
        assert_eq!(undeclared(doc), vec!["/paths/~1x/get/tags/0"]);
        assert!(undeclared("tags: [{name: a}]\n").is_empty());
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasTagDefined", json!({"a": 1})),
            "\"oasTagDefined\" function does not accept any options"
        );
    }
}
