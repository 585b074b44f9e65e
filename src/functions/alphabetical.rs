//! `alphabetical`: an array or an object's keys must be sorted.
//!
//! Options (may be omitted or `null`): `keyedBy`, the property to sort an
//! array of objects by.
//!
//! What is sorted: the items of an array (strings and numbers only), the
//! values of `keyedBy` in an array of objects, or the keys of an object in
//! source order. Fewer than two entries always pass; other values are
//! skipped.
//!
//! The comparison reproduces Spectral's, quirks included: two numbers (or a
//! number and a numeric string, in some orders) compare numerically but
//! count as out of order only when the first exceeds the second by at least
//! 1, so `[1.5, 1]` passes; two strings use `localeCompare` (see
//! [`super::collate`]: case-insensitive first, `a` before `A`, punctuation
//! before digits before letters); other pairs never count as out of order.
//! Only the first out-of-order pair is reported.
//!
//! Messages:
//! - `"b" must be placed after "a"` at the first item (its index, or its
//!   key for an object) when not keyed; values printed like `printValue`;
//! - `properties must follow the alphabetical order` at the array, with
//!   `keyedBy`;
//! - `#{{print("property")}}must be one of the allowed types: number, string`
//!   when an item (or keyed value) is neither;
//! - `#{{print("property")}}must be an object` when `keyedBy` is set and
//!   an item is not an object or array (so always, for an object's keys).

use std::cmp::Ordering;

use serde::Deserialize;
use serde_json::Value;

use super::collate::locale_compare;
use super::options::{Kind, Spec};
use super::print::{PROPERTY, js_number, js_to_number, print_str};
use super::{Context, FnResult, Input, RuleFunction};
use crate::document::{PathSeg, Value as DocValue, View};

const SPEC: Spec = Spec {
    function: "alphabetical",
    example: r#"null (no options), { "keyedBy": "my-key" }"#,
    fields: &[("keyedBy", Kind::String)],
};

/// `functionOptions` of `alphabetical`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options {
    keyed_by: Option<String>,
}

#[derive(Debug)]
struct Alphabetical {
    keyed_by: Option<String>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let opts: Options = match options {
        None | Some(Value::Null) => Options::default(),
        Some(_) => SPEC.parse(SPEC.object(options)?)?,
    };
    Ok(Box::new(Alphabetical {
        keyed_by: opts.keyed_by,
    }))
}

/// An entry being sorted.
#[derive(Clone, Debug)]
enum Item<'a> {
    Number(f64),
    String(&'a str),
}

impl Item<'_> {
    fn as_number(&self) -> f64 {
        match self {
            Item::Number(n) => *n,
            Item::String(s) => js_to_number(s),
        }
    }

    fn print(&self) -> String {
        match self {
            Item::Number(n) => js_number(*n),
            Item::String(s) => print_str(s),
        }
    }
}

fn item(view: View<'_>) -> Option<Item<'_>> {
    match view.value() {
        DocValue::Int(i) => Some(Item::Number(*i as f64)),
        DocValue::Float(f) => Some(Item::Number(*f)),
        DocValue::String(s) => Some(Item::String(s)),
        _ => None,
    }
}

/// Whether `a` must come after `b`, by Spectral's comparison.
fn out_of_order(a: &Item<'_>, b: &Item<'_>) -> bool {
    let numeric_a = matches!(a, Item::Number(_)) || a.as_number().is_nan();
    let numeric_b = matches!(b, Item::Number(_)) || !b.as_number().is_nan();
    if numeric_a && numeric_b {
        // Spectral clamps the difference to [-1, 1] and tests `>= 1`; a NaN
        // difference (text against a number) never counts.
        return a.as_number() - b.as_number() >= 1.0;
    }
    match (a, b) {
        (Item::String(x), Item::String(y)) => locale_compare(x, y) == Ordering::Greater,
        _ => false,
    }
}

impl RuleFunction for Alphabetical {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(view) = input.view().filter(|v| v.is_object() || v.is_array()) else {
            return Vec::new();
        };
        if view.len() < 2 {
            return Vec::new();
        }
        let here = |msg: &str| vec![FnResult::here(format!("{PROPERTY}{msg}"))];
        // What gets sorted, and the path segment naming each entry.
        let (items, segments): (Vec<Option<Item<'_>>>, Vec<PathSeg>) = match &self.keyed_by {
            Some(key) => {
                // An object's keys are strings, never objects.
                if view.is_object() || view.items().any(|i| !i.is_object() && !i.is_array()) {
                    return here("must be an object");
                }
                (
                    view.items().map(|i| i.get(key).and_then(item)).collect(),
                    Vec::new(),
                )
            }
            None if view.is_array() => (
                view.items().map(item).collect(),
                (0..view.len()).map(PathSeg::Index).collect(),
            ),
            None => view
                .members()
                .map(|(k, _)| (Some(Item::String(k)), PathSeg::Key(k.to_string())))
                .unzip(),
        };
        let Some(items) = items.into_iter().collect::<Option<Vec<Item<'_>>>>() else {
            return here("must be one of the allowed types: number, string");
        };
        let Some(i) = items.windows(2).position(|w| out_of_order(&w[0], &w[1])) else {
            return Vec::new();
        };
        if self.keyed_by.is_some() {
            return vec![FnResult::here(
                "properties must follow the alphabetical order",
            )];
        }
        let mut path = ctx.path().to_vec();
        path.push(segments[i].clone());
        vec![FnResult::at(
            format!(
                "{} must be placed after {}",
                items[i].print(),
                items[i + 1].print()
            ),
            path,
        )]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, messages, run};

    const DOC: &str = "\
strs: [b, a, c, d, c]
nums: [10, 9, 1]
close: [1.5, 1]
mixed: [a, 1]
objs:
  - name: b
  - name: a
  - name: c
sortedobjs:
  - name: a
  - name: a
obj:
  zeta: 1
  alpha: 2
numkeys:
  '400': {}
  '200': {}
sorted: [a, b, b]
mixedcase: [B, a, C]
bad: [false, a]
one: [z]
scalar: x
";

    fn run_at(opts: Value, pointer: &str) -> Vec<(String, String)> {
        run("alphabetical", opts, DOC, pointer)
    }

    fn r(m: &str, p: &str) -> Vec<(String, String)> {
        vec![(m.to_string(), p.to_string())]
    }

    #[test]
    fn reports_the_first_unsorted_item() {
        assert_eq!(
            run_at(Value::Null, "/strs"),
            r("\"b\" must be placed after \"a\"", "/strs/0")
        );
        assert_eq!(
            run_at(Value::Null, "/nums"),
            r("10 must be placed after 9", "/nums/0")
        );
        assert_eq!(
            run_at(Value::Null, "/mixedcase"),
            r("\"B\" must be placed after \"a\"", "/mixedcase/0")
        );
    }

    #[test]
    fn reports_object_keys_at_the_key_in_source_order() {
        assert_eq!(
            run_at(Value::Null, "/obj"),
            r("\"zeta\" must be placed after \"alpha\"", "/obj/zeta")
        );
        assert_eq!(
            run_at(json!({}), "/numkeys"),
            r("\"400\" must be placed after \"200\"", "/numkeys/400")
        );
    }

    #[test]
    fn keeps_spectrals_numeric_quirks() {
        assert!(run_at(Value::Null, "/close").is_empty());
        assert!(run_at(Value::Null, "/mixed").is_empty());
    }

    #[test]
    fn sorted_short_and_scalar_values_pass() {
        for p in ["/sorted", "/one", "/scalar", "/missing"] {
            assert!(run_at(Value::Null, p).is_empty(), "{p}");
        }
        assert!(run_at(json!({"keyedBy": "name"}), "/sortedobjs").is_empty());
    }

    #[test]
    fn keyed_by_reports_at_the_array() {
        assert_eq!(
            run_at(json!({"keyedBy": "name"}), "/objs"),
            r("properties must follow the alphabetical order", "/objs")
        );
    }

    const TYPES: &str = "#{{print(\"property\")}}must be one of the allowed types: number, string";
    const OBJECT: &str = "#{{print(\"property\")}}must be an object";

    #[test]
    fn wrong_item_types() {
        assert_eq!(
            messages("alphabetical", Value::Null, DOC, "/objs"),
            vec![TYPES]
        );
        assert_eq!(
            messages("alphabetical", Value::Null, DOC, "/bad"),
            vec![TYPES]
        );
        assert_eq!(
            messages("alphabetical", json!({"keyedBy": "name"}), DOC, "/strs"),
            vec![OBJECT]
        );
        assert_eq!(
            messages("alphabetical", json!({"keyedBy": "name"}), DOC, "/obj"),
            vec![OBJECT]
        );
        // A missing key is not a number or a string.
        assert_eq!(
            messages("alphabetical", json!({"keyedBy": "nope"}), DOC, "/objs"),
            vec![TYPES]
        );
    }

    #[test]
    fn bad_options_are_rejected() {
        assert_eq!(
            build_error("alphabetical", json!({"foo": true})),
            "\"alphabetical\" function does not support \"foo\" option"
        );
        assert_eq!(
            build_error("alphabetical", json!(2)),
            "\"alphabetical\" function has invalid options specified. Example valid options: null (no options), { \"keyedBy\": \"my-key\" }"
        );
        assert_eq!(
            build_error("alphabetical", json!({"keyedBy": 2})),
            "\"alphabetical\" function and its \"keyedBy\" option accepts only the following types: string"
        );
    }
}
