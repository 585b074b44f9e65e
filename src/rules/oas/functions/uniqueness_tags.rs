//! `uniquenessTags`: the names in a `tags` array must be unique.
//!
//! The target is a `tags` array (refs resolved). Like Spectral, which
//! validates its input first, the function checks nothing unless every
//! item is an object with a string `name`: one item without a name, or
//! with a numeric one, silences the whole array.
//!
//! Every item whose name appeared at an earlier index is reported at its
//! `name` (`tags.2.name`): `"tags" object contains duplicate tag name
//! "pets".` The first item with a name is never reported. Takes no
//! options.

use rustc_hash::FxHashSet;
use serde_json::Value;

use super::oas_op_params::no_options;
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "uniquenessTags";

#[derive(Debug)]
struct UniquenessTags;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(UniquenessTags))
}

impl RuleFunction for UniquenessTags {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(tags) = input.view().filter(|v| v.is_array()) else {
            return Vec::new();
        };
        let names: Option<Vec<&str>> = tags
            .items()
            .map(|t| {
                t.is_object()
                    .then(|| t.get("name").and_then(|n| n.as_str()))
                    .flatten()
            })
            .collect();
        let Some(names) = names else {
            return Vec::new();
        };
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut out = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            if seen.insert(name) {
                continue;
            }
            let mut path = ctx.path().to_vec();
            path.push(PathSeg::Index(i));
            path.push(PathSeg::Key("name".to_string()));
            out.push(FnResult::at(
                format!("\"tags\" object contains duplicate tag name \"{name}\"."),
                path,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, run};

    fn check(doc: &str) -> Vec<(String, String)> {
        run("uniquenessTags", Value::Null, doc, "/tags")
    }

    #[test]
    fn later_repeats_are_reported_at_their_name() {
        let doc = "tags: [{name: a}, {name: b}, {name: a}, {name: c}, {name: a}, {name: b}]\n";
        let msg = |n: &str| format!("\"tags\" object contains duplicate tag name \"{n}\".");
        assert_eq!(
            check(doc),
            vec![
                (msg("a"), "/tags/2/name".to_string()),
                (msg("a"), "/tags/4/name".to_string()),
                (msg("b"), "/tags/5/name".to_string()),
            ]
        );
    }

    #[test]
    fn one_invalid_item_silences_the_array() {
        for doc in [
            "tags: [{name: a}, {name: a}, {description: x}]\n",
            "tags: [{name: a}, {name: a}, {name: 1}]\n",
            "tags: [{name: a}, {name: a}, [name]]\n",
            "tags: [{name: a}, {name: a}, null]\n",
            "tags: {a: {name: a}}\n",
        ] {
            assert!(check(doc).is_empty(), "{doc}");
        }
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("uniquenessTags", json!(1)),
            "\"uniquenessTags\" function does not accept any options"
        );
    }
}
