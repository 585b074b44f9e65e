//! `pattern`: a string must match a regular expression, or must not.
//!
//! Options (at least one):
//! - `match`: the string must match this expression;
//! - `notMatch`: the string must not match this expression.
//!
//! Each is JavaScript regex source, either plain (`^[a-z]+$`) or in
//! `/source/flags` form (`/^abc/i`; the form is recognised when the text
//! starts with `/` and ends with `/` plus lowercase letters, exactly as
//! Spectral does, so `/api/v1` is a plain pattern). Expressions are
//! compiled once, here, with JavaScript semantics ([`JsRegex`]); an invalid
//! one is a rule set error (Spectral only fails when the rule first runs).
//! Matching is unanchored, like `RegExp.test`.
//!
//! Only strings are checked (a property name for `field: '@key'`); other
//! values and missing targets pass, as Spectral's input schema skips them.
//!
//! Messages, with the option quoted as written (`match` first when both
//! fail):
//! - `#{{print("value")}} must match the pattern "^[a-z]+$"`
//! - `#{{print("value")}} must not match the pattern "/B/i"`
//!
//! rendered `"fooBar" must match the pattern "^[a-z]+$"`. The engine prints
//! the value at the path, so for a property name it is the property's
//! value, as in Spectral: key `a` of `{a: 1}` failing `^zz` reads
//! `1 must match the pattern "^zz"`.

use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::print::{VALUE, print_str};
use super::{Context, FnResult, Input, RuleFunction};
use crate::jsonpath::JsRegex;

const SPEC: Spec = Spec {
    function: "pattern",
    example: r#"{ "match": "^Stoplight" }, { "notMatch": "Swagger" }, { "match": "Stoplight", "notMatch": "Swagger" }"#,
    fields: &[("match", Kind::String), ("notMatch", Kind::String)],
};

/// `functionOptions` of `pattern`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(rename = "match")]
    must_match: Option<String>,
    #[serde(rename = "notMatch")]
    must_not_match: Option<String>,
}

/// An expression and the option text it came from (messages quote the text).
#[derive(Debug)]
struct Compiled {
    text: String,
    regex: JsRegex,
}

#[derive(Debug)]
struct Pattern {
    must_match: Option<Compiled>,
    must_not_match: Option<Compiled>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| SPEC.invalid())?;
    for (key, value) in map {
        if !SPEC.fields.iter().any(|(f, _)| f == key) {
            return Err(SPEC.unsupported(key));
        }
        // A string is the only form a YAML or JSON rule set can give; the
        // RegExp instance Spectral also accepts exists only in JS rule sets.
        if !value.is_string() {
            return Err(format!(
                "\"pattern\" function and its \"{key}\" option must be string or RegExp instance"
            ));
        }
    }
    if map.is_empty() {
        return Err(SPEC.invalid());
    }
    let opts: Options = SPEC.parse(map)?;
    let compile = |option: &str, text: Option<String>| -> Result<Option<Compiled>, String> {
        text.map(|text| {
            let (source, flags) = split_slashes(&text);
            let regex = JsRegex::new(source, flags)
                .map_err(|e| format!("\"pattern\" function and its \"{option}\" option: {e}"))?;
            Ok(Compiled { text, regex })
        })
        .transpose()
    };
    Ok(Box::new(Pattern {
        must_match: compile("match", opts.must_match)?,
        must_not_match: compile("notMatch", opts.must_not_match)?,
    }))
}

/// Splits `/source/flags` the way Spectral's `/^\/(.+)\/([a-z]*)$/` does
/// (greedy, so `/a/b/i` is source `a/b`); anything else is all source.
fn split_slashes(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix('/')
        && let Some(slash) = rest.rfind('/')
        && slash > 0
        && rest[slash + 1..].bytes().all(|b| b.is_ascii_lowercase())
    {
        return (&rest[..slash], &rest[slash + 1..]);
    }
    (text, "")
}

impl RuleFunction for Pattern {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(s) = input.as_str() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(m) = &self.must_match
            && !m.regex.is_match(s)
        {
            out.push(FnResult::here(format!(
                "{} must match the pattern {}",
                VALUE,
                print_str(&m.text)
            )));
        }
        if let Some(m) = &self.must_not_match
            && m.regex.is_match(s)
        {
            out.push(FnResult::here(format!(
                "{} must not match the pattern {}",
                VALUE,
                print_str(&m.text)
            )));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::split_slashes;
    use crate::functions::testing::{build_error, messages, run, run_key};

    const DOC: &str = "s:\n  a: abc\n  b: ABC\n  c: x y\n  d: xc\n  q: 'say \"hi\"'\nn:\n  num: 12\n  obj: {a: 1}\n  arr: [1]\n";

    /// The message template, with the value token.
    fn value(rest: &str) -> String {
        format!("#{{{{print(\"value\")}}}} {rest}")
    }

    #[test]
    fn match_reports_the_pattern_as_written() {
        let opts = json!({"match": "^[a-z]+$"});
        assert!(messages("pattern", opts.clone(), DOC, "/s/a").is_empty());
        assert_eq!(
            run("pattern", opts, DOC, "/s/b"),
            vec![(
                value("must match the pattern \"^[a-z]+$\""),
                "/s/b".to_string()
            )]
        );
        // The option is printed as a JSON string.
        assert_eq!(
            messages("pattern", json!({"match": "^\\d\"$"}), DOC, "/s/q"),
            vec![value(r#"must match the pattern "^\\d\"$""#)]
        );
    }

    #[test]
    fn not_match_reports_the_pattern_as_written() {
        assert_eq!(
            messages("pattern", json!({"notMatch": "b"}), DOC, "/s/a"),
            vec![value("must not match the pattern \"b\"")]
        );
        assert_eq!(
            messages("pattern", json!({"notMatch": "/B/i"}), DOC, "/s/a"),
            vec![value("must not match the pattern \"/B/i\"")]
        );
        assert!(messages("pattern", json!({"notMatch": "b"}), DOC, "/s/c").is_empty());
    }

    #[test]
    fn slash_form_carries_flags() {
        assert!(messages("pattern", json!({"match": "/^ABC/i"}), DOC, "/s/a").is_empty());
        assert_eq!(split_slashes("/a/b/i"), ("a/b", "i"));
        assert_eq!(split_slashes("/api/v1"), ("/api/v1", ""));
        assert_eq!(split_slashes("//"), ("//", ""));
    }

    #[test]
    fn both_options_report_both_failures_match_first() {
        assert_eq!(
            messages(
                "pattern",
                json!({"match": "^a", "notMatch": "c$"}),
                DOC,
                "/s/d"
            ),
            vec![
                value("must match the pattern \"^a\""),
                value("must not match the pattern \"c$\"")
            ]
        );
    }

    #[test]
    fn javascript_semantics() {
        // `\d` is ASCII-only in JavaScript.
        assert_eq!(
            messages(
                "pattern",
                json!({"match": "^\\d$"}),
                "v: \"\u{663}\"\n",
                "/v"
            ),
            vec![value("must match the pattern \"^\\\\d$\"")]
        );
    }

    #[test]
    fn look_around_uses_the_backtracking_engine() {
        assert_eq!(
            messages("pattern", json!({"match": "^(?!x)"}), DOC, "/s/c"),
            vec![value("must match the pattern \"^(?!x)\"")]
        );
    }

    #[test]
    fn non_strings_and_missing_values_are_skipped() {
        for p in ["/n/num", "/n/obj", "/n/arr", "/n/missing"] {
            assert!(
                messages("pattern", json!({"match": "^x"}), DOC, p).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn property_names_are_tested() {
        assert_eq!(
            run_key("pattern", json!({"match": "^zz"}), DOC, "/n/num"),
            vec![(
                value("must match the pattern \"^zz\""),
                "/n/num".to_string()
            )]
        );
        assert!(run_key("pattern", json!({"match": "^n"}), DOC, "/n/num").is_empty());
    }

    #[test]
    fn bad_options_are_rejected() {
        let invalid = "\"pattern\" function has invalid options specified. Example valid options: { \"match\": \"^Stoplight\" }, { \"notMatch\": \"Swagger\" }, { \"match\": \"Stoplight\", \"notMatch\": \"Swagger\" }";
        assert_eq!(build_error("pattern", Value::Null), invalid);
        assert_eq!(build_error("pattern", json!({})), invalid);
        assert_eq!(
            build_error("pattern", json!({"match": "a", "x": 1})),
            "\"pattern\" function does not support \"x\" option"
        );
        assert_eq!(
            build_error("pattern", json!({"match": 1})),
            "\"pattern\" function and its \"match\" option must be string or RegExp instance"
        );
        assert_eq!(
            build_error("pattern", json!({"notMatch": []})),
            "\"pattern\" function and its \"notMatch\" option must be string or RegExp instance"
        );
        assert!(build_error("pattern", json!({"match": "("})).starts_with(
            "\"pattern\" function and its \"match\" option: invalid regular expression /(/: "
        ));
        assert_eq!(
            build_error("pattern", json!({"notMatch": "/a/q"})),
            "\"pattern\" function and its \"notMatch\" option: invalid regular expression flag 'q'"
        );
    }
}
