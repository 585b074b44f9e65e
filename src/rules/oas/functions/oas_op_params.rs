//! `oasOpParams`: an operation's parameters must not repeat.
//!
//! The target is an operation's `parameters` array (refs resolved). With
//! fewer than two items there is nothing to compare. Items that are not
//! objects, and `$ref` objects that could not be resolved, are skipped.
//! Three problems are reported, in this order:
//!
//! - each parameter whose `in` and `name` repeat an earlier one's, at that
//!   parameter (`.../parameters/3`): `A parameter in this operation already
//!   exposes the same combination of "name" and "in" values.`;
//! - `in: body` and `in: formData` parameters together, once, at the array:
//!   `Operation must not have both "in:body" and "in:formData" parameters.`;
//! - every `in: body` parameter after the first, at that parameter:
//!   `Operation must not have more than a single instance of the "in:body"
//!   parameter.`
//!
//! A parameter reached through `$ref` is reported where the engine maps
//! its path: at the referenced component, as Spectral does.
//!
//! Like Spectral, parameters are compared by the text
//! `String(in) + "-" + String(name)` with JavaScript's `String()`: a
//! missing `in` or `name` reads `undefined` (so two parameters lacking both
//! are duplicates), `1` and `1.0` are the same name, and
//! `{in: a-b, name: c}` collides with `{in: a, name: b-c}`.
//!
//! Difference from Spectral: a parameter whose `in` is the name of a
//! JavaScript object built-in (`toString`, `constructor`, ...) makes
//! Spectral's function throw; here it is just not a body parameter.
//!
//! This file also holds small JavaScript-semantics helpers the other
//! `spectral:oas` functions share ([`js_string`], [`no_options`]).

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use crate::document::{PathSeg, Value, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasOpParams";

const DUPLICATE: &str = "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.";
const BODY_AND_FORM_DATA: &str =
    "Operation must not have both \"in:body\" and \"in:formData\" parameters.";
const SEVERAL_BODIES: &str =
    "Operation must not have more than a single instance of the \"in:body\" parameter.";

#[derive(Debug)]
struct OasOpParams;

pub(crate) fn new(options: Option<&Json>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(OasOpParams))
}

/// Spectral's check for functions declared with `options: null`: any
/// `functionOptions` at all is an error.
pub(super) fn no_options(function: &str, options: Option<&Json>) -> Result<(), String> {
    match options {
        None | Some(Json::Null) => Ok(()),
        Some(_) => Err(format!(
            "\"{function}\" function does not accept any options"
        )),
    }
}

/// JavaScript's `String(value)` of a node: `null`, `true`, numbers as JS
/// prints them, strings as they are, `[object Object]`, and arrays joined
/// with commas (null items empty). `None` (a missing property) is
/// `undefined`.
pub(super) fn js_string(view: Option<View<'_>>) -> String {
    match view {
        None => "undefined".to_string(),
        Some(v) => js_string_at(v, 0),
    }
}

fn js_string_at(v: View<'_>, depth: usize) -> String {
    match v.value() {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        // Through f64, as JavaScript holds every number.
        Value::Int(i) => crate::js::number_to_string(*i as f64),
        Value::Float(f) => crate::js::number_to_string(*f),
        Value::String(s) => s.to_string(),
        Value::Object(_) => "[object Object]".to_string(),
        // `Array.prototype.join` prints a cyclic array as empty text; a
        // depth bound stands in for its cycle check.
        Value::Array(_) if depth > 64 => String::new(),
        Value::Array(_) => v
            .items()
            .map(|i| {
                if i.is_null() {
                    String::new()
                } else {
                    js_string_at(i, depth + 1)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// JavaScript's `typeof value === 'object' && value !== null`: objects and
/// arrays.
pub(super) fn is_js_object(v: View<'_>) -> bool {
    v.is_object() || v.is_array()
}

impl RuleFunction for OasOpParams {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(params) = input.view().filter(|v| v.is_array()) else {
            return Vec::new();
        };
        if params.len() < 2 {
            return Vec::new();
        }
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut duplicates: Vec<usize> = Vec::new();
        let mut bodies: Vec<usize> = Vec::new();
        let mut form_data = false;
        for (i, param) in params.items().enumerate() {
            if !is_js_object(param) || param.get("$ref").is_some() {
                continue;
            }
            let location = param.get("in");
            let fingerprint = format!("{}-{}", js_string(location), js_string(param.get("name")));
            if !seen.insert(fingerprint) {
                duplicates.push(i);
            }
            match location.and_then(|l| l.as_str()) {
                Some("body") => bodies.push(i),
                Some("formData") => form_data = true,
                _ => {}
            }
        }
        let at = |i: usize| {
            let mut p = ctx.path().to_vec();
            p.push(PathSeg::Index(i));
            p
        };
        let mut out: Vec<FnResult> = duplicates
            .into_iter()
            .map(|i| FnResult::at(DUPLICATE, at(i)))
            .collect();
        if !bodies.is_empty() && form_data {
            out.push(FnResult::here(BODY_AND_FORM_DATA));
        }
        out.extend(
            bodies
                .into_iter()
                .skip(1)
                .map(|i| FnResult::at(SEVERAL_BODIES, at(i))),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::functions::testing::{build_error, run};

    fn outcomes(doc: &str) -> Vec<(String, String)> {
        run("oasOpParams", Value::Null, doc, "/params")
    }

    #[test]
    fn repeated_name_and_in_are_reported_after_the_first() {
        let doc = "params:\n- {name: a, in: query}\n- {name: a, in: header}\n- {name: a, in: query}\n- {name: a, in: query}\n";
        assert_eq!(
            outcomes(doc),
            vec![
                (DUPLICATE.to_string(), "/params/2".to_string()),
                (DUPLICATE.to_string(), "/params/3".to_string()),
            ]
        );
    }

    #[test]
    fn fingerprints_are_javascript_strings() {
        // Missing `in`/`name` read "undefined"; 1 and 1.0 print alike; the
        // dash joining the two can collide; arrays have neither.
        let doc = "params:\n- {}\n- {}\n- {name: 1, in: q}\n- {name: 1.0, in: q}\n- {name: c, in: a-b}\n- {name: b-c, in: a}\n- [x]\n- [x]\n";
        let got: Vec<String> = outcomes(doc).into_iter().map(|(_, p)| p).collect();
        assert_eq!(
            got,
            vec![
                "/params/1",
                "/params/3",
                "/params/5",
                "/params/6",
                "/params/7"
            ]
        );
    }

    #[test]
    fn body_parameters() {
        let doc = "params:\n- {name: a, in: body}\n- {name: b, in: formData}\n- {name: c, in: body}\n- {name: d, in: body}\n";
        assert_eq!(
            outcomes(doc),
            vec![
                (BODY_AND_FORM_DATA.to_string(), "/params".to_string()),
                (SEVERAL_BODIES.to_string(), "/params/2".to_string()),
                (SEVERAL_BODIES.to_string(), "/params/3".to_string()),
            ]
        );
    }

    #[test]
    fn refs_resolve_and_broken_refs_are_skipped() {
        let doc = "params:\n- {$ref: '#/p'}\n- {$ref: '#/p'}\n- {$ref: '#/nope'}\n- {$ref: '#/nope'}\np: {name: x, in: query}\n";
        assert_eq!(
            outcomes(doc),
            vec![(DUPLICATE.to_string(), "/params/1".to_string())]
        );
    }

    #[test]
    fn short_or_non_arrays_pass() {
        for doc in [
            "params: [{name: a, in: body}]\n",
            "params: {a: 1, b: 1}\n",
            "params: []\n",
        ] {
            assert!(outcomes(doc).is_empty(), "{doc}");
        }
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasOpParams", json!({})),
            "\"oasOpParams\" function does not accept any options"
        );
    }
}
