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

/// `String(number)` in JavaScript: integers without a fraction, the
/// shortest round-tripping digits otherwise, and exponent notation outside
/// `[1e-6, 1e21)`.
pub(crate) fn js_number(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if f == 0.0 {
        return "0".to_string();
    }
    let abs = f.abs();
    if (1e-6..1e21).contains(&abs) {
        // Rust's `Display` is the shortest round-trip form without exponent.
        return format!("{f}");
    }
    // Rust writes `1e21` / `1.5e-7`; JavaScript writes `1e+21` / `1.5e-7`.
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => s,
    }
}

/// JavaScript's `Number(string)`: NaN for anything that is not a number
/// literal once whitespace is trimmed; the empty string is 0.
pub(crate) fn js_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    let radix = |p: &str, r: u32| -> f64 {
        if !p.is_empty() && p.chars().all(|c| c.is_digit(r)) {
            // Precision beyond 2^53 does not matter for comparisons here.
            p.chars().fold(0.0, |acc, c| {
                acc * r as f64 + c.to_digit(r).unwrap_or(0) as f64
            })
        } else {
            f64::NAN
        }
    };
    if let Some(p) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return radix(p, 16);
    }
    if let Some(p) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        return radix(p, 8);
    }
    if let Some(p) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return radix(p, 2);
    }
    let (sign, body) = match t.as_bytes()[0] {
        b'-' => (-1.0, &t[1..]),
        b'+' => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    if !is_decimal_literal(body) {
        return f64::NAN;
    }
    body.parse::<f64>().map(|v| sign * v).unwrap_or(f64::NAN)
}

/// `digits[.digits][e[+-]digits]` or `.digits[...]`, as JavaScript's
/// `StringToNumber` accepts (Rust's parser also takes `inf`/`nan`, which
/// JavaScript does not).
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// JavaScript's `\s` (WhiteSpace and LineTerminator).
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
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
