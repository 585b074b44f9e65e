//! The `format` checks of Spectral's validator (Ajv with `ajv-formats`
//! 2.1 in its default "full" mode), for `oasExample`.
//!
//! String formats apply to strings only and number formats to numbers
//! only; a format of the other kind, or one not listed here, passes (Ajv
//! ignores unknown formats). The checks reproduce `ajv-formats`'
//! behaviour, quirks included:
//! - `date`: `YYYY-MM-DD` with a real day of that month (leap years too);
//! - `time`: `HH:MM:SS[.frac][Z|±HH[:]MM]`, the zone optional, 23:59:60
//!   allowed; `date-time`: a `date` and a `time` split at the one `T`, `t`
//!   or white space — the zone is effectively optional there as well;
//! - `int32`: an integer in the signed 32-bit range; `int64`: any integer
//!   (JavaScript numbers); `float`, `double`, `password`, `binary`: anything;
//! - `byte`: base64, tested as a multi-line search, so one valid line (or
//!   an empty one) in a multi-line string passes;
//! - `regex`: a pattern that compiles, without a `\Z` anchor;
//! - `uri` (absolute, with `/` or `:` somewhere), `uri-reference`,
//!   `uri-template`, `url`, `email`, `hostname`, `ipv4`, `ipv6`, `uuid`,
//!   `duration`, `json-pointer`, `json-pointer-uri-fragment`,
//!   `relative-json-pointer`: the same regular expressions, run with
//!   JavaScript semantics ([`JsRegex`]).

use std::sync::LazyLock;

use crate::document::Value;
use crate::jsonpath::JsRegex;

/// `Some(valid)` when `format` is a format Ajv knows and applies to this
/// kind of value; `None` when the value is not checked.
pub(crate) fn check(format: &str, value: &Value) -> Option<bool> {
    match value {
        Value::String(s) => check_string(format, s),
        Value::Int(_) | Value::Float(_) => check_number(format, value),
        _ => None,
    }
}

/// Whether `format` is one Ajv applies to numbers.
pub(crate) fn is_number_format(format: &str) -> bool {
    matches!(format, "int32" | "int64" | "float" | "double")
}

fn check_number(format: &str, value: &Value) -> Option<bool> {
    let integer = match *value {
        Value::Int(_) => true,
        Value::Float(f) => f.is_finite() && f.fract() == 0.0,
        _ => false,
    };
    match format {
        "int32" => Some(
            integer
                && match *value {
                    Value::Int(i) => i32::try_from(i).is_ok(),
                    Value::Float(f) => (-2_147_483_648.0..=2_147_483_647.0).contains(&f),
                    _ => false,
                },
        ),
        "int64" => Some(integer),
        "float" | "double" => Some(true),
        _ => None,
    }
}

fn check_string(format: &str, s: &str) -> Option<bool> {
    let re = |r: &LazyLock<JsRegex>| r.is_match(s);
    Some(match format {
        "date" => is_date(s),
        "time" => is_time(s, false),
        "date-time" => is_date_time(s),
        "duration" => re(&DURATION),
        "uri" => s.contains(['/', ':']) && re(&URI),
        "uri-reference" => re(&URI_REFERENCE),
        "uri-template" => re(&URI_TEMPLATE),
        "url" => re(&URL),
        "email" => re(&EMAIL),
        "hostname" => re(&HOSTNAME),
        "ipv4" => re(&IPV4),
        "ipv6" => re(&IPV6),
        "regex" => is_regex(s),
        "uuid" => re(&UUID),
        "json-pointer" => re(&JSON_POINTER),
        "json-pointer-uri-fragment" => re(&JSON_POINTER_URI_FRAGMENT),
        "relative-json-pointer" => re(&RELATIVE_JSON_POINTER),
        "byte" => re(&BYTE),
        "password" | "binary" => true,
        _ => return None,
    })
}

/// `n` ASCII digits at the start of `s`, as a number.
fn digits(s: &[u8], n: usize) -> Option<u32> {
    if s.len() < n || !s[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        s[..n]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
    )
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(b, 4), digits(&b[5..], 2), digits(&b[8..], 2))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM:SS`, optional `.digits`, optional zone (`z`, `Z`, `±HH`,
/// `±HHMM`, `±HH:MM`). The zone is never required: `ajv-formats` asks for
/// it in `date-time` but compares an absent one with `""`, which an absent
/// regex group never equals.
fn is_time(s: &str, _with_zone: bool) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(b, 2), digits(&b[3..], 2), digits(&b[6..], 2))
    else {
        return false;
    };
    let mut rest = &b[8..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    let zone_ok = match rest {
        [] | [b'z' | b'Z'] => true,
        [b'+' | b'-', zone @ ..] => match zone.len() {
            2 => digits(zone, 2).is_some(),
            4 => digits(zone, 4).is_some(),
            5 => zone[2] == b':' && digits(zone, 2).is_some() && digits(&zone[3..], 2).is_some(),
            _ => false,
        },
        _ => false,
    };
    zone_ok && ((h <= 23 && m <= 59 && sec <= 59) || (h == 23 && m == 59 && sec == 60))
}

fn is_date_time(s: &str) -> bool {
    // JavaScript's `split(/t|\s/i)`: exactly two parts.
    let mut parts = s.split(|c: char| c == 't' || c == 'T' || is_js_space(c));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(date), Some(time), None) => is_date(date) && is_time(time, true),
        _ => false,
    }
}

/// JavaScript's `\s`.
fn is_js_space(c: char) -> bool {
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

fn is_regex(s: &str) -> bool {
    // A `\Z` anchor (not itself escaped) is rejected up front.
    let b = s.as_bytes();
    if b.windows(3)
        .any(|w| w[0] != b'\\' && w[1] == b'\\' && w[2] == b'Z')
    {
        return false;
    }
    JsRegex::new(s, "").is_ok()
}

fn js(source: &str, flags: &str) -> JsRegex {
    JsRegex::new(source, flags).unwrap_or_else(|e| panic!("format regex does not compile: {e}"))
}

// The regular expressions, written out from their sources (RFC 3986 for
// URIs, RFC 6570 for URI templates, Diego Perini's URL pattern, RFC 4122
// UUIDs, RFC 6901 pointers) as `ajv-formats` uses them.

/// An IPv6 address as it may appear in a URI host (`[...]`).
const IPV6_IN_URI: &str = concat!(
    r"(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:",
    r"|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)",
    r"(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))",
    r"|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)",
);

const DEC_OCTET: &str = r"(?:25[0-5]|2[0-4]\d|[01]?\d\d?)";

/// The URI pattern; `quote` is what the reference variant additionally
/// allows in host and path characters (a double quote).
fn uri_pattern(scheme_required: bool, quote: &str) -> String {
    let unreserved_sub = format!(r"a-z0-9\-._~!$&'{quote}()*+,;=");
    let pchar = format!(r"(?:[{unreserved_sub}:@]|%[0-9a-f]{{2}})");
    let scheme = if scheme_required {
        r"(?:[a-z][a-z0-9+\-.]*:)"
    } else {
        r"(?:[a-z][a-z0-9+\-.]*:)?"
    };
    let userinfo = r"(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?";
    let host = format!(
        r"(?:\[(?:{IPV6_IN_URI}|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:{DEC_OCTET}\.){{3}}{DEC_OCTET}|(?:[{unreserved_sub}]|%[0-9a-f]{{2}})*)"
    );
    let hier = format!(
        r"(?:\/?\/{userinfo}{host}(?::\d*)?(?:\/{pchar}*)*|\/(?:{pchar}+(?:\/{pchar}*)*)?|{pchar}+(?:\/{pchar}*)*)"
    );
    let tail = if scheme_required { "" } else { "?" };
    format!(
        r"^{scheme}{hier}{tail}(?:\?(?:[a-z0-9\-._~!$&'{quote}()*+,;=:@/?]|%[0-9a-f]{{2}})*)?(?:#(?:[a-z0-9\-._~!$&'{quote}()*+,;=:@/?]|%[0-9a-f]{{2}})*)?$"
    )
}

static URI: LazyLock<JsRegex> = LazyLock::new(|| js(&uri_pattern(true, ""), "i"));
static URI_REFERENCE: LazyLock<JsRegex> = LazyLock::new(|| js(&uri_pattern(false, "\""), "i"));

static URI_TEMPLATE: LazyLock<JsRegex> = LazyLock::new(|| {
    let var = r"(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?";
    js(
        &format!(
            r#"^(?:(?:[^\x00-\x20"'<>%\\^`{{|}}]|%[0-9a-f]{{2}})|\{{[+#./;?&=,!@|]?{var}(?:,{var})*\}})*$"#
        ),
        "i",
    )
});

static URL: LazyLock<JsRegex> = LazyLock::new(|| {
    let label = r"(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+";
    let public_ip = concat!(
        r"(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})",
        r"(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})",
        r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}",
        r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))",
    );
    js(
        &format!(
            r"^(?:https?|ftp):\/\/(?:\S+(?::\S*)?@)?(?:{public_ip}|(?:{label})(?:\.{label})*(?:\.(?:[a-z\u{{00a1}}-\u{{ffff}}]{{2,}})))(?::\d{{2,5}})?(?:\/[^\s]*)?$"
        ),
        "iu",
    )
});

static EMAIL: LazyLock<JsRegex> = LazyLock::new(|| {
    let atom = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    let label = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
    js(
        &format!(r"^{atom}(?:\.{atom})*@(?:{label}\.)+{label}$"),
        "i",
    )
});

static HOSTNAME: LazyLock<JsRegex> = LazyLock::new(|| {
    js(
        r"^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$",
        "i",
    )
});

static IPV4: LazyLock<JsRegex> =
    LazyLock::new(|| js(&format!(r"^(?:{DEC_OCTET}\.){{3}}{DEC_OCTET}$"), ""));

static IPV6: LazyLock<JsRegex> = LazyLock::new(|| {
    // Eight groups, with `::` standing for one or more zero groups and an
    // optional dotted IPv4 tail, as in the usual RFC 4291 pattern.
    let h = "[0-9a-f]{1,4}";
    let v4 = r"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})";
    let src = format!(
        concat!(
            "^((({h}:){{7}}({h}|:))",
            "|(({h}:){{6}}(:{h}|{v4}|:))",
            "|(({h}:){{5}}(((:{h}){{1,2}})|:{v4}|:))",
            "|(({h}:){{4}}(((:{h}){{1,3}})|((:{h})?:{v4})|:))",
            "|(({h}:){{3}}(((:{h}){{1,4}})|((:{h}){{0,2}}:{v4})|:))",
            "|(({h}:){{2}}(((:{h}){{1,5}})|((:{h}){{0,3}}:{v4})|:))",
            "|(({h}:){{1}}(((:{h}){{1,6}})|((:{h}){{0,4}}:{v4})|:))",
            "|(:(((:{h}){{1,7}})|((:{h}){{0,5}}:{v4})|:)))$"
        ),
        h = h,
        v4 = v4
    );
    js(&src, "i")
});

static UUID: LazyLock<JsRegex> = LazyLock::new(|| {
    js(
        r"^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$",
        "i",
    )
});

static DURATION: LazyLock<JsRegex> = LazyLock::new(|| {
    js(
        r"^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$",
        "",
    )
});

static JSON_POINTER: LazyLock<JsRegex> = LazyLock::new(|| js(r"^(?:\/(?:[^~/]|~0|~1)*)*$", ""));

static JSON_POINTER_URI_FRAGMENT: LazyLock<JsRegex> = LazyLock::new(|| {
    js(
        r"^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$",
        "i",
    )
});

static RELATIVE_JSON_POINTER: LazyLock<JsRegex> =
    LazyLock::new(|| js(r"^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$", ""));

static BYTE: LazyLock<JsRegex> = LazyLock::new(|| {
    js(
        r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
        "m",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    fn s(format: &str, v: &str) -> Option<bool> {
        check(format, &Value::String(v.into()))
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(s("date", "2020-02-29"), Some(true));
        assert_eq!(s("date", "2021-02-29"), Some(false));
        assert_eq!(s("date", "2021-13-01"), Some(false));
        assert_eq!(s("date-time", "2020-01-01T00:00:00"), Some(true));
        assert_eq!(s("date-time", "2020-01-01T00:00:00.123+01:00"), Some(true));
        assert_eq!(s("date-time", "2020-01-01 23:59:60Z"), Some(true));
        assert_eq!(s("date-time", "2020-01-01T24:00:00Z"), Some(false));
        assert_eq!(s("date-time", "2020-01-01"), Some(false));
        assert_eq!(s("time", "10:00:00+0100"), Some(true));
        assert_eq!(s("time", "10:00"), Some(false));
    }

    #[test]
    fn numbers() {
        assert_eq!(check("int32", &Value::Int(3_000_000_000)), Some(false));
        assert_eq!(check("int32", &Value::Float(2.0)), Some(true));
        assert_eq!(check("int32", &Value::Float(2.5)), Some(false));
        assert_eq!(check("int64", &Value::Float(1e20)), Some(true));
        assert_eq!(check("double", &Value::Float(0.5)), Some(true));
        assert_eq!(check("int32", &Value::String("x".into())), None);
        assert_eq!(s("int32", "x"), None);
        assert_eq!(check("date", &Value::Int(1)), None);
    }

    #[test]
    fn strings() {
        assert_eq!(s("uri", "https://example.com/a?b#c"), Some(true));
        assert_eq!(s("uri", "example.com"), Some(false));
        assert_eq!(s("uri-reference", "/a/b"), Some(true));
        assert_eq!(s("email", "a.b@example.com"), Some(true));
        assert_eq!(s("email", "a@b"), Some(false));
        assert_eq!(s("hostname", "example.com"), Some(true));
        assert_eq!(s("ipv4", "256.1.1.1"), Some(false));
        assert_eq!(s("ipv6", "::1"), Some(true));
        assert_eq!(
            s("uuid", "123e4567-e89b-12d3-a456-426614174000"),
            Some(true)
        );
        assert_eq!(s("byte", "QUJD"), Some(true));
        assert_eq!(s("byte", "QUJ"), Some(false));
        assert_eq!(s("byte", "!!\nQUJD"), Some(true));
        assert_eq!(s("url", "https://example.com/x"), Some(true));
        assert_eq!(s("url", "http://10.0.0.1"), Some(false));
        assert_eq!(s("regex", "^a+$"), Some(true));
        assert_eq!(s("regex", "("), Some(false));
        assert_eq!(s("duration", "P1D"), Some(true));
        assert_eq!(s("duration", "P"), Some(false));
        assert_eq!(s("uri-template", "/a/{b}"), Some(true));
        assert_eq!(s("no-such-format", "x"), None);
    }
}
