//! Which of Ajv's errors Spectral shows, and in what order: the pruning of
//! `@stoplight/better-ajv-errors` 1.0.3, which Spectral 6.16 runs on every
//! schema validation.
//!
//! The errors are filed in a tree by instance path, one step per match of
//! `/[\w$-]+(/\d+)?` in the JSON pointer (a key and a following array
//! index form one step; the validated value itself is the step `""`; an
//! error whose path has no match at all is dropped). Then:
//! - at a place with an `anyOf` error and errors further down, all of the
//!   place's own errors go (the ones below say more);
//! - a place whose errors are all `enum` errors goes when it has a sibling;
//! - a remaining place of only `enum` errors shows one of them, listing the
//!   allowed values of all, and nothing below it.
//!
//! Places are reported in the order they were first reached, each with its
//! errors in Ajv's order, then the places below it. Nothing else is
//! dropped: `required` errors stand next to the others at their place.

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::document::PathSeg;
use crate::document::tree::to_pointer;
use crate::functions::schema::AjvError;

#[derive(Default)]
struct Place {
    /// `None` once removed (an `anyOf` place with errors below).
    errors: Option<Vec<AjvError>>,
    children: Vec<(String, Place)>,
}

impl Place {
    fn errors(&self) -> &[AjvError] {
        self.errors.as_deref().unwrap_or_default()
    }

    fn all_enum(&self) -> bool {
        !self.errors().is_empty() && self.errors().iter().all(|e| e.keyword == "enum")
    }
}

/// Spectral's steps for an instance path (`None`: the error is dropped).
fn steps(path: &[PathSeg]) -> Option<Vec<String>> {
    static STEP: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"/[A-Za-z0-9_$-]+(?:/[0-9]+)?").expect("valid regex"));
    if path.is_empty() {
        return Some(vec![String::new()]);
    }
    let pointer = to_pointer(path);
    let keys: Vec<String> = STEP
        .find_iter(&pointer)
        .map(|m| m.as_str().to_string())
        .collect();
    (!keys.is_empty()).then_some(keys)
}

/// The errors Spectral reports, in its order.
pub(crate) fn prune(errors: Vec<AjvError>) -> Vec<AjvError> {
    let mut root = Place::default();
    for e in errors {
        let Some(keys) = steps(&e.path) else {
            continue;
        };
        let mut node = &mut root;
        for key in keys {
            let at = match node.children.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    node.children.push((key, Place::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at].1;
        }
        node.errors.get_or_insert_with(Vec::new).push(e);
    }
    filter(&mut root);
    let mut out = Vec::new();
    emit(&root, &mut out);
    out
}

/// better-ajv-errors' `filterRedundantErrors`, from `node` down.
fn filter(node: &mut Place) {
    if node.errors().iter().any(|e| e.keyword == "anyOf") && !node.children.is_empty() {
        node.errors = None;
    }
    let keys: Vec<String> = node.children.iter().map(|(k, _)| k.clone()).collect();
    for key in keys {
        let Some(at) = node.children.iter().position(|(k, _)| *k == key) else {
            continue;
        };
        // Siblings are counted as they are now: of two enum-only places,
        // the first goes and the second, then alone, stays.
        if node.children[at].1.all_enum() && node.children.len() > 1 {
            node.children.remove(at);
            continue;
        }
        filter(&mut node.children[at].1);
    }
}

/// better-ajv-errors' `createErrorInstances`.
fn emit(node: &Place, out: &mut Vec<AjvError>) {
    if node.all_enum() {
        let errors = node.errors();
        let mut merged = errors[0].clone();
        let mut allowed: Vec<Json> = Vec::new();
        for v in errors.iter().flat_map(|e| e.allowed.iter().flatten()) {
            if !allowed.contains(v) {
                allowed.push(v.clone());
            }
        }
        merged.allowed = Some(allowed);
        out.push(merged);
        return;
    }
    out.extend(node.errors().iter().cloned());
    for (_, child) in &node.children {
        emit(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(keyword: &'static str, path: &[&str]) -> AjvError {
        AjvError {
            keyword,
            path: path.iter().map(|k| PathSeg::Key(k.to_string())).collect(),
            message: keyword.to_string(),
            allowed: (keyword == "enum").then(|| vec![Json::from(keyword)]),
            property: None,
            evaluation: String::new(),
        }
    }

    fn keywords(errors: Vec<AjvError>) -> Vec<&'static str> {
        prune(errors).into_iter().map(|e| e.keyword).collect()
    }

    #[test]
    fn required_stands_next_to_others() {
        assert_eq!(
            keywords(vec![
                err("minProperties", &["x"]),
                err("required", &["x"]),
                err("type", &["x", "b"])
            ]),
            vec!["minProperties", "required", "type"]
        );
    }

    #[test]
    fn any_of_with_errors_below_goes() {
        assert_eq!(
            keywords(vec![
                err("type", &["a"]),
                err("type", &[]),
                err("anyOf", &[])
            ]),
            vec!["type", "type", "anyOf"]
        );
        assert_eq!(
            keywords(vec![
                err("type", &["x", "a"]),
                err("required", &["x"]),
                err("anyOf", &["x"])
            ]),
            vec!["type"]
        );
    }

    #[test]
    fn enum_places_give_way_and_merge() {
        assert_eq!(
            keywords(vec![err("enum", &["a"]), err("type", &["b"])]),
            vec!["type"]
        );
        assert_eq!(
            keywords(vec![err("enum", &["a"]), err("enum", &["a"])]),
            vec!["enum"]
        );
        // A path with no step Spectral recognises is dropped.
        assert!(keywords(vec![err("type", &[" "])]).is_empty());
    }
}
