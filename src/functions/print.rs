//! Message pieces: the tokens the engine fills in, and Spectral's
//! `printValue` for values a function prints itself.
//!
//! Following Spectral (see the module docs of [`super`]), a function that
//! talks about "the property" or "the value" at its target writes
//! [`PROPERTY`] or [`VALUE`] and lets the engine fill them from the
//! reported path. Values that are not at the target (an option, an enum
//! entry, an array item) are printed here, the way Spectral's `printValue`
//! does: `JSON.stringify` for scalars, `Array[]` for arrays, `Object{}` for
//! objects.

use crate::document::View;

/// `print("property")`: `"name" property ` (trailing space included) or
/// `The document `.
pub(crate) const PROPERTY: &str = "#{{print(\"property\")}}";

/// `print("value")`: the value at the reported path, printed like
/// [`print_view`].
pub(crate) const VALUE: &str = "#{{print(\"value\")}}";

/// `printValue` of a document node.
pub(crate) fn print_view(view: View<'_>) -> String {
    use crate::document::Value;
    match view.value() {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => js_number(*f),
        Value::String(s) => print_str(s),
        Value::Array(_) => "Array[]".to_string(),
        Value::Object(_) => "Object{}".to_string(),
    }
}

/// `printValue` of a JSON value (rule options, schema values).
pub(crate) fn print_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => json_number(n),
        serde_json::Value::String(s) => print_str(s),
        serde_json::Value::Array(_) => "Array[]".to_string(),
        serde_json::Value::Object(_) => "Object{}".to_string(),
    }
}

/// `JSON.stringify` of a string: quoted, with `"`, `\` and control
/// characters escaped (serde_json escapes exactly the same set).
pub(crate) fn print_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// `JSON.stringify` of a value as enum messages list it: numbers as
/// JavaScript prints them (`1.0` is `1`), the rest as JSON.
pub(crate) fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Number(n) => json_number(n),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A JSON number the way JavaScript prints it.
pub(crate) fn json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        js_number(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// `String(number)` in JavaScript (see [`crate::js::number_to_string`]).
pub(crate) fn js_number(f: f64) -> String {
    crate::js::number_to_string(f)
}

/// JavaScript's `Number(string)` (see [`crate::js::string_to_number`]).
pub(crate) fn js_to_number(s: &str) -> f64 {
    crate::js::string_to_number(s)
}

/// The length of a string as JavaScript counts it (UTF-16 code units).
pub(crate) fn js_length(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(js_number(12.5), "12.5");
        assert_eq!(js_number(2.0), "2");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(0.000001), "0.000001");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(123456789012.0), "123456789012");
    }

    #[test]
    fn strings_convert_to_numbers_like_javascript() {
        assert_eq!(js_to_number("10"), 10.0);
        assert_eq!(js_to_number(" 1e3 "), 1000.0);
        assert_eq!(js_to_number(""), 0.0);
        assert_eq!(js_to_number("0x1F"), 31.0);
        assert_eq!(js_to_number(".5"), 0.5);
        assert_eq!(js_to_number("-Infinity"), f64::NEG_INFINITY);
        assert!(js_to_number("a").is_nan());
        assert!(js_to_number("inf").is_nan());
        assert!(js_to_number("1e").is_nan());
        assert!(js_to_number("-0x1").is_nan());
    }

    #[test]
    fn values_print_like_spectral_print_value() {
        assert_eq!(print_json(&serde_json::json!("a \"q\"")), r#""a \"q\"""#);
        assert_eq!(print_json(&serde_json::json!([1])), "Array[]");
        assert_eq!(print_json(&serde_json::json!({"a": 1})), "Object{}");
        assert_eq!(print_json(&serde_json::json!(null)), "null");
        assert_eq!(print_json(&serde_json::json!(1.0)), "1");
    }

    #[test]
    fn javascript_length_counts_utf16_units() {
        assert_eq!(js_length("😀é"), 3);
    }
}
