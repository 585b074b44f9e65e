//! `casing`: a string must be written in a given case.
//!
//! Options:
//! - `type` (required): `flat` (`foobar`), `camel` (`fooBar`), `pascal`
//!   (`FooBar`), `kebab` (`foo-bar`), `cobol` (`FOO-BAR`), `snake`
//!   (`foo_bar`) or `macro` (`FOO_BAR`);
//! - `disallowDigits` (default `false`): digits are not allowed anywhere;
//!   otherwise they may appear after the first character (`foo1`, `v2Api`);
//! - `separator`: `{char, allowLeading}`: the string may be several words
//!   in the case, joined by `char` (one character, e.g. `/` for paths or
//!   `-` for `X-Rate-Limit` headers in pascal case); with `allowLeading`
//!   it may also start with `char` (`/users/{id}` style), and the string
//!   made of just that character passes.
//!
//! The rules, per word: the first character is a letter of the case's
//! initial (lowercase, or uppercase for pascal, cobol and macro); kebab,
//! cobol, snake and macro join parts with `-` or `_` (no empty parts, no
//! trailing joiner); camel and pascal start each further part with an
//! uppercase letter (or digit) that must be followed by lowercase letters
//! unless it ends the string, so `fooBAR` is not camel case but
//! `coordinateX` is.
//!
//! Only non-empty strings are checked (a property name for `field: '@key'`);
//! the empty string, other values and missing targets pass, as in Spectral.
//!
//! Message: `must be camel case` (the type's name), with no value or
//! property: rule messages usually add them.

use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::{Context, FnResult, Input, RuleFunction};

const SPEC: Spec = Spec {
    function: "casing",
    example: r#"{ "type": "camel" }, { "type": "pascal", "disallowDigits": true }"#,
    fields: &[
        ("type", Kind::String),
        ("disallowDigits", Kind::Bool),
        ("separator", Kind::Object),
    ],
};

const TYPE_VALUES: &str = "flat, camel, pascal, kebab, cobol, snake, macro";

/// `functionOptions` of `casing`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options {
    #[serde(rename = "type")]
    case: Case,
    #[serde(default)]
    disallow_digits: bool,
    separator: Option<Separator>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Case {
    Flat,
    Camel,
    Pascal,
    Kebab,
    Cobol,
    Snake,
    Macro,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Separator {
    char: String,
    #[serde(default)]
    allow_leading: bool,
}

impl Case {
    fn name(self) -> &'static str {
        match self {
            Case::Flat => "flat",
            Case::Camel => "camel",
            Case::Pascal => "pascal",
            Case::Kebab => "kebab",
            Case::Cobol => "cobol",
            Case::Snake => "snake",
            Case::Macro => "macro",
        }
    }

    /// One word in this case, as a regex (unanchored; the caller anchors).
    fn word_pattern(self, digits: &str) -> String {
        // (letters allowed first, letters allowed after, how parts join)
        let (first, rest, joiner) = match self {
            Case::Flat => ("a-z", "a-z", None),
            Case::Camel => ("a-z", "a-z", Some("humps")),
            Case::Pascal => ("A-Z", "a-z", Some("humps")),
            Case::Kebab => ("a-z", "a-z", Some("-")),
            Case::Cobol => ("A-Z", "A-Z", Some("-")),
            Case::Snake => ("a-z", "a-z", Some("_")),
            Case::Macro => ("A-Z", "A-Z", Some("_")),
        };
        let head = format!("[{first}][{rest}{digits}]*");
        match joiner {
            None => head,
            // A hump is an uppercase letter (or digit) starting a new part,
            // followed by lowercase letters unless it is the last character.
            Some("humps") => format!("{head}(?:[A-Z{digits}](?:[{rest}{digits}]+|$))*"),
            Some(j) => format!("{head}(?:{j}[{rest}{digits}]+)*"),
        }
    }
}

#[derive(Debug)]
struct Casing {
    case: Case,
    regex: regex::Regex,
    /// With `allowLeading`, the separator alone is accepted.
    lone_separator: Option<char>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| SPEC.invalid())?;
    let type_error = || {
        format!(
            "\"casing\" function and its \"type\" option accept the following values: {TYPE_VALUES}"
        )
    };
    for (key, value) in map {
        match key.as_str() {
            "type" => {
                let known = value
                    .as_str()
                    .is_some_and(|t| TYPE_VALUES.split(", ").any(|v| v == t));
                if !known {
                    return Err(type_error());
                }
            }
            "disallowDigits" if !value.is_boolean() => return Err(SPEC.wrong_type(key, Kind::Bool)),
            "separator" => check_separator(value)?,
            "disallowDigits" => {}
            _ => return Err(SPEC.unsupported(key)),
        }
    }
    SPEC.require(map, "type")?;
    let opts: Options = SPEC.parse(map)?;

    let digits = if opts.disallow_digits { "" } else { "0-9" };
    let word = opts.case.word_pattern(digits);
    // An empty separator is allowed by Spectral's option schema and joins
    // nothing (a JavaScript `[]` class matches no character).
    let sep = opts
        .separator
        .as_ref()
        .and_then(|s| s.char.chars().next().map(|c| (c, s.allow_leading)));
    let pattern = match sep {
        None => format!("^{word}$"),
        Some((c, leading)) => {
            let c = regex::escape(&c.to_string());
            let lead = if leading {
                format!("{c}?")
            } else {
                String::new()
            };
            format!("^{lead}{word}(?:{c}{word})*$")
        }
    };
    let regex = regex::Regex::new(&pattern)
        .map_err(|e| format!("\"casing\" function: internal pattern error: {e}"))?;
    Ok(Box::new(Casing {
        case: opts.case,
        regex,
        lone_separator: sep.filter(|(_, leading)| *leading).map(|(c, _)| c),
    }))
}

fn check_separator(value: &Value) -> Result<(), String> {
    let Some(map) = value.as_object() else {
        return Err(SPEC.wrong_type("separator", Kind::Object));
    };
    for (key, v) in map {
        match key.as_str() {
            "char" => {
                if v.as_str().is_none_or(|s| s.chars().count() > 1) {
                    return Err(r#""casing" function and its "separator.char" option accepts only char, i.e. "I" or "/""#.to_string());
                }
            }
            "allowLeading" if !v.is_boolean() => {
                return Err(SPEC.wrong_type("separator.allowLeading", Kind::Bool));
            }
            "allowLeading" => {}
            _ => return Err(SPEC.unsupported(&format!("separator.{key}"))),
        }
    }
    if !map.contains_key("char") {
        return Err(SPEC.missing("separator.char"));
    }
    Ok(())
}

impl RuleFunction for Casing {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(s) = input.as_str().filter(|s| !s.is_empty()) else {
            return Vec::new();
        };
        let mut chars = s.chars();
        if let (Some(c), None, Some(sep)) = (chars.next(), chars.next(), self.lone_separator)
            && c == sep
        {
            return Vec::new();
        }
        if self.regex.is_match(s) {
            return Vec::new();
        }
        vec![FnResult::here(format!("must be {} case", self.case.name()))]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build, build_error, messages, run_fn, run_key};

    /// Whether `word` passes `casing` with `options`.
    fn ok(options: Value, word: &str) -> bool {
        let f = build("casing", options).unwrap();
        let doc = format!("w: {}\n", serde_json::to_string(word).unwrap());
        run_fn(f.as_ref(), &doc, "/w", false).is_empty()
    }

    fn check(case: &str, valid: &[&str], invalid: &[&str]) {
        for w in valid {
            assert!(ok(json!({"type": case}), w), "{w} should be {case} case");
        }
        for w in invalid {
            assert!(
                !ok(json!({"type": case}), w),
                "{w} should not be {case} case"
            );
        }
    }

    #[test]
    fn flat() {
        check(
            "flat",
            &["foo", "foobar", "foo1"],
            &["foo_test", "Foo", "123", "1d", "foo-bar", "fooBar"],
        );
    }

    #[test]
    fn camel() {
        check(
            "camel",
            &[
                "foo",
                "fooBar",
                "fooBarBaz",
                "coordinateX",
                "foo24Bar",
                "fooBar0Baz323",
            ],
            &["foo_test", "Foo", "1fooBarBaz", "123", "foo-bar", "fooBAR"],
        );
    }

    #[test]
    fn pascal() {
        check(
            "pascal",
            &["Foo", "FooBar", "CoordinateZ", "Foo1", "FooBarBaz1"],
            &[
                "foo_test",
                "123",
                "fooBar",
                "foo1",
                "foo-bar",
                "PascalCase-",
            ],
        );
    }

    #[test]
    fn kebab() {
        check(
            "kebab",
            &["foo", "foo-bar", "foo-bar-baz", "foo-bar1", "foo1-2bar"],
            &[
                "foo_test", "Foo1", "fooBar", "foo--bar", "foo-", "-foo", "1foo-bar",
            ],
        );
    }

    #[test]
    fn cobol() {
        check(
            "cobol",
            &["FOO", "FOO-BAR", "FOO2-3BAR1"],
            &["FOo", "FOO-BAr", "FOO--BAR", "FOO-", "-FOO", "foo"],
        );
    }

    #[test]
    fn snake() {
        check(
            "snake",
            &["foo", "foo_bar", "foo2_4bar1"],
            &["Foo1", "FOO-BAR", "foo__bar", "foo_", "_foo", "fooBar"],
        );
    }

    #[test]
    fn macro_case() {
        check(
            "macro",
            &["FOO", "FOO_BAR", "FOO2_4_2"],
            &["FOo", "FOO-BAR", "FO__BAR", "1FOO_BAR1", "FOO_", "_FOO"],
        );
    }

    #[test]
    fn disallow_digits() {
        for (case, word) in [
            ("flat", "abc1"),
            ("camel", "fooBar1"),
            ("pascal", "Foo1"),
            ("macro", "ABC1"),
        ] {
            assert!(ok(json!({"type": case}), word));
            assert!(
                !ok(json!({"type": case, "disallowDigits": true}), word),
                "{case} {word}"
            );
        }
        assert!(ok(json!({"type": "flat", "disallowDigits": false}), "abc1"));
    }

    #[test]
    fn separator_joins_words() {
        let pascal = json!({"type": "pascal", "separator": {"char": "-"}});
        assert!(ok(pascal.clone(), "X-MyAmazing-Header"));
        assert!(ok(pascal.clone(), "Foo-Bar"));
        assert!(!ok(pascal.clone(), "-Foo-Bar"));
        assert!(!ok(pascal.clone(), "/fooBar/bazQux"));
        assert!(!ok(pascal, "-"));
    }

    #[test]
    fn separator_allow_leading() {
        let camel = json!({"type": "camel", "disallowDigits": true, "separator": {"char": "/", "allowLeading": true}});
        assert!(ok(camel.clone(), "/path/to/myResource"));
        assert!(ok(camel.clone(), "fooBar/baz"));
        assert!(ok(camel.clone(), "/"));
        assert!(!ok(camel.clone(), "//"));
        assert!(!ok(camel.clone(), "foo//bar"));
        assert!(!ok(camel, "-Foo-Bar"));
        // Regex metacharacters are literal separators.
        assert!(ok(
            json!({"type": "flat", "separator": {"char": "*"}}),
            "foo*bar"
        ));
        // An empty separator joins nothing.
        assert!(!ok(
            json!({"type": "flat", "separator": {"char": ""}}),
            "foo-bar"
        ));
    }

    #[test]
    fn message_names_the_case() {
        let doc = "w:\n  a: camelCase\n  e: ''\n  n: 1\n  o: {}\n";
        assert_eq!(
            messages("casing", json!({"type": "snake"}), doc, "/w/a"),
            vec!["must be snake case"]
        );
        for p in ["/w/e", "/w/n", "/w/o", "/w/missing"] {
            assert!(
                messages("casing", json!({"type": "snake"}), doc, p).is_empty(),
                "{p}"
            );
        }
        assert_eq!(
            run_key("casing", json!({"type": "macro"}), doc, "/w/a")[0].0,
            "must be macro case"
        );
    }

    #[test]
    fn bad_options_are_rejected() {
        let values = "\"casing\" function and its \"type\" option accept the following values: flat, camel, pascal, kebab, cobol, snake, macro";
        assert_eq!(build_error("casing", json!({"type": "foo"})), values);
        assert_eq!(build_error("casing", json!({"type": 1})), values);
        assert_eq!(
            build_error("casing", json!({})),
            "\"casing\" function is missing \"type\" option"
        );
        assert_eq!(
            build_error("casing", Value::Null),
            "\"casing\" function has invalid options specified. Example valid options: { \"type\": \"camel\" }, { \"type\": \"pascal\", \"disallowDigits\": true }"
        );
        assert_eq!(
            build_error("casing", json!({"type": "macro", "foo": true})),
            "\"casing\" function does not support \"foo\" option"
        );
        assert_eq!(
            build_error("casing", json!({"type": "macro", "disallowDigits": "yes"})),
            "\"casing\" function and its \"disallowDigits\" option accepts only the following types: boolean"
        );
        assert_eq!(
            build_error("casing", json!({"type": "macro", "separator": "-"})),
            "\"casing\" function and its \"separator\" option accepts only the following types: object"
        );
        assert_eq!(
            build_error(
                "casing",
                json!({"type": "pascal", "separator": {"allowLeading": true}})
            ),
            "\"casing\" function is missing \"separator.char\" option"
        );
        assert_eq!(
            build_error(
                "casing",
                json!({"type": "snake", "separator": {"char": "a", "foo": true}})
            ),
            "\"casing\" function does not support \"separator.foo\" option"
        );
        assert_eq!(
            build_error(
                "casing",
                json!({"type": "pascal", "separator": {"char": "fo"}})
            ),
            "\"casing\" function and its \"separator.char\" option accepts only char, i.e. \"I\" or \"/\""
        );
        assert_eq!(
            build_error(
                "casing",
                json!({"type": "pascal", "separator": {"char": "-", "allowLeading": 1}})
            ),
            "\"casing\" function and its \"separator.allowLeading\" option accepts only the following types: boolean"
        );
    }
}
