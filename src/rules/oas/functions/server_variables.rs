//! `serverVariables`: a Server Object's `url` and `variables` must agree,
//! and the variables must be usable.
//!
//! Options (both booleans, default false): `requireDefault` (every variable
//! used in the URL needs a `default`) and `checkSubstitutions` (the URL with
//! the variables' values substituted must be a valid absolute URL).
//!
//! The target is a Server Object. Like Spectral's input schema, anything
//! that is not an object with a string `url` and, if present, a `variables`
//! object of objects with only `enum` (array of strings), `default`,
//! `description`, `examples` (strings) and `x-` keys, yields one result at
//! the target: `Invalid Server Object`.
//!
//! Variables in the URL are the texts between `{` and the next `}` on the
//! same line (at least one character). Results, in this order:
//! 1. each defined but unused variable, at `.../variables/name`:
//!    `Server's "variables" object has unused defined "name" url variable.`
//! 2. (only if the URL uses variables) the undefined ones, at
//!    `.../variables`, repeated as often as the URL uses them:
//!    `Not all server's variables are described with "variables" object. Missed: a, b.`
//! 3. for each defined and used variable, in the `variables` order: a
//!    `default` not in its `enum` (`Server Variable "v" has a default not
//!    listed in the enum.`, at `.../variables/v/default`), then with
//!    `requireDefault` a missing one (`Server Variable "v" has a missing
//!    default.`, at `.../variables/v`);
//! 4. with `checkSubstitutions`: every combination of the used variables'
//!    values (`enum`, else `default`; a variable with neither makes no
//!    combination at all) is substituted, each value `encodeURI`-escaped,
//!    and parsed as a WHATWG URL. Up to five failures are listed at
//!    `.../variables`: `A few substitutions of server variables resulted in
//!    invalid URLs: u1, u2`, or with five `At least 5 substitutions of
//!    server variables resulted in invalid URLs: u1, ..., u5 and more`.
//!
//! Paths that do not exist are reported at the closest existing node by
//! the engine, as Spectral does.
//!
//! Substitution follows JavaScript's `String.prototype.replace` with a
//! global pattern, so `$&`, `$'` and `$$` in a value are replacement
//! patterns there and here. The combinations are tried in Spectral's order
//! (first variable outermost). Differences from Spectral:
//! - Spectral tries every combination, which is exponential in the number
//!   of variables; this stops after [`MAX_SUBSTITUTIONS`] per server. Only
//!   a server with more combinations than that and fewer than five invalid
//!   ones among the first can differ.
//! - URL parsing is this file's own WHATWG parser check ([`url_parses`]).
//!   It is exact for ASCII hosts; for non-ASCII hosts it approximates
//!   IDNA mapping (ignored and fullwidth characters, controls) and skips
//!   the bidi and joiner checks.

use rustc_hash::FxHashSet;
use serde_json::Value;

use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

/// How many substituted URLs one server may cost at most.
pub(crate) const MAX_SUBSTITUTIONS: usize = 10_000;

#[derive(Debug, Default)]
struct ServerVariables {
    check_substitutions: bool,
    require_default: bool,
}

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let mut f = ServerVariables::default();
    match options {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (key, value) in map {
                let slot = match key.as_str() {
                    "checkSubstitutions" => &mut f.check_substitutions,
                    "requireDefault" => &mut f.require_default,
                    _ => {
                        return Err(format!(
                            "\"serverVariables\" function does not support \"{key}\" option"
                        ));
                    }
                };
                *slot = value.as_bool().ok_or_else(|| {
                    format!(
                        "\"serverVariables\" function and its \"{key}\" option accepts only the following types: boolean"
                    )
                })?;
            }
        }
        Some(_) => {
            return Err(
                "\"serverVariables\" function and its options accept only the following types: object, null"
                    .to_string(),
            );
        }
    }
    Ok(Box::new(f))
}

/// Spectral's input schema for a Server Object.
fn is_valid_server(server: View<'_>) -> bool {
    if !server.is_object() || server.get("url").is_none_or(|u| u.as_str().is_none()) {
        return false;
    }
    let Some(variables) = server.get("variables") else {
        return true;
    };
    variables.is_object()
        && variables.members().all(|(_, var)| {
            var.is_object()
                && var.members().all(|(key, v)| match key {
                    "enum" => v.is_array() && v.items().all(|i| i.as_str().is_some()),
                    "default" | "description" | "examples" => v.as_str().is_some(),
                    k => k.starts_with("x-"),
                })
        })
}

/// The variable names in `url`: each `{`, at least one character that is
/// not a line terminator, up to the first `}` (JavaScript's `/{(.+?)}/g`).
fn url_variables(url: &str) -> Vec<&str> {
    let is_terminator = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    let mut out = Vec::new();
    let mut rest = url;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let body = &rest[open + 1..];
        let mut chars = body.char_indices();
        // The first character belongs to the name whatever it is (even `}`).
        let found = match chars.next() {
            Some((_, c)) if !is_terminator(c) => chars
                .take_while(|(_, c)| !is_terminator(*c))
                .find(|(_, c)| *c == '}')
                .map(|(end, _)| end),
            _ => None,
        };
        match found {
            Some(end) => {
                out.push(&body[..end]);
                let consumed = open + 1 + end + 1;
                offset += consumed;
                rest = &url[offset..];
            }
            None => {
                offset += open + 1;
                rest = &url[offset..];
            }
        }
    }
    out
}

/// JavaScript's `encodeURI`: UTF-8 percent-escapes for everything but
/// letters, digits and `;,/?:@&=+$-_.!~*'()#`.
fn encode_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b";,/?:@&=+$-_.!~*'()#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `text.replace(/literal/g, replacement)`, with the replacement patterns
/// `$$`, `$&`, `` $` `` and `$'` (there are no capture groups, so `$1` and
/// `$<x>` stay as written).
fn replace_all_js(text: &str, literal: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len() + replacement.len());
    let mut last = 0;
    for (at, _) in text.match_indices(literal) {
        out.push_str(&text[last..at]);
        let end = at + literal.len();
        let mut chars = replacement.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            match chars.peek().map(|(_, n)| *n) {
                Some('$') => out.push('$'),
                Some('&') => out.push_str(literal),
                Some('`') => out.push_str(&text[..at]),
                Some('\'') => out.push_str(&text[end..]),
                _ => {
                    out.push('$');
                    continue;
                }
            }
            chars.next();
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// The substitution walk's state: at most five invalid URLs, and a budget.
struct Substitutions {
    invalid: Vec<String>,
    budget: usize,
}

impl Substitutions {
    /// Substitutes variable `i` (and, recursively, the later ones) into
    /// `url`; false once done (five invalid URLs or the budget spent).
    fn walk(&mut self, url: &str, i: usize, vars: &[(String, Vec<String>)]) -> bool {
        let (pattern, values) = &vars[i];
        for value in values {
            let substituted = replace_all_js(url, pattern, value);
            if i + 1 < vars.len() {
                if !self.walk(&substituted, i + 1, vars) {
                    return false;
                }
                continue;
            }
            if !url_parses(&substituted) {
                self.invalid.push(substituted);
                if self.invalid.len() == 5 {
                    return false;
                }
            }
            self.budget -= 1;
            if self.budget == 0 {
                return false;
            }
        }
        true
    }
}

impl ServerVariables {
    fn substitutions(&self, url: &str, pairs: Vec<(&str, Vec<&str>)>) -> Option<String> {
        if pairs.is_empty() || pairs.iter().any(|(_, values)| values.is_empty()) {
            // An empty value list makes no combination at all.
            return None;
        }
        let vars: Vec<(String, Vec<String>)> = pairs
            .into_iter()
            .map(|(name, values)| {
                (
                    format!("{{{name}}}"),
                    values.into_iter().map(encode_uri).collect(),
                )
            })
            .collect();
        let mut walk = Substitutions {
            invalid: Vec::new(),
            budget: MAX_SUBSTITUTIONS,
        };
        walk.walk(url, 0, &vars);
        match walk.invalid.len() {
            0 => None,
            5 => Some(format!(
                "At least 5 substitutions of server variables resulted in invalid URLs: {} and more",
                walk.invalid.join(", ")
            )),
            _ => Some(format!(
                "A few substitutions of server variables resulted in invalid URLs: {}",
                walk.invalid.join(", ")
            )),
        }
    }
}

impl RuleFunction for ServerVariables {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(server) = input.view().filter(|v| is_valid_server(*v)) else {
            return vec![FnResult::here("Invalid Server Object")];
        };
        let url = server.get("url").and_then(|u| u.as_str()).unwrap_or("");
        let variables = server.get("variables");
        let defined: Vec<(&str, View<'_>)> =
            variables.map(|v| v.members().collect()).unwrap_or_default();
        let found = url_variables(url);
        // Sets, so that a server with many variables stays linear.
        let found_set: FxHashSet<&str> = found.iter().copied().collect();
        let defined_set: FxHashSet<&str> = defined.iter().map(|(n, _)| *n).collect();
        let at = |segs: &[&str]| {
            let mut p = ctx.path().to_vec();
            p.extend(segs.iter().map(|s| PathSeg::Key(s.to_string())));
            p
        };
        let mut out = Vec::new();
        for (name, _) in &defined {
            if !found_set.contains(name) {
                out.push(FnResult::at(
                    format!(
                        "Server's \"variables\" object has unused defined \"{name}\" url variable."
                    ),
                    at(&["variables", name]),
                ));
            }
        }
        if found.is_empty() {
            return out;
        }
        let missing: Vec<&str> = found
            .iter()
            .copied()
            .filter(|f| !defined_set.contains(f))
            .collect();
        if !missing.is_empty() {
            out.push(FnResult::at(
                format!(
                    "Not all server's variables are described with \"variables\" object. Missed: {}.",
                    missing.join(", ")
                ),
                at(&["variables"]),
            ));
        }
        if variables.is_none() {
            return out;
        }
        let mut pairs: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, var) in &defined {
            if !found_set.contains(name) {
                continue;
            }
            let default = var.get("default").and_then(|d| d.as_str());
            if let Some(values) = var.get("enum") {
                let values: Vec<&str> = values.items().filter_map(|v| v.as_str()).collect();
                if default.is_some_and(|d| !values.contains(&d)) {
                    out.push(FnResult::at(
                        format!("Server Variable \"{name}\" has a default not listed in the enum."),
                        at(&["variables", name, "default"]),
                    ));
                }
                pairs.push((name, values));
            } else {
                pairs.push((name, default.into_iter().collect()));
            }
            if default.is_none() && self.require_default {
                out.push(FnResult::at(
                    format!("Server Variable \"{name}\" has a missing default."),
                    at(&["variables", name]),
                ));
            }
        }
        if self.check_substitutions
            && let Some(message) = self.substitutions(url, pairs)
        {
            out.push(FnResult::at(message, at(&["variables"])));
        }
        out
    }
}

/// Whether `new URL(input)` (no base) succeeds, per the WHATWG URL
/// Standard's basic URL parser: only its failure points are checked.
pub(crate) fn url_parses(input: &str) -> bool {
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let s: Vec<char> = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // Scheme: an ASCII letter, then letters, digits, `+-.`, then `:`.
    if !s.first().is_some_and(char::is_ascii_alphabetic) {
        return false;
    }
    let end = s
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .unwrap_or(s.len());
    if s.get(end) != Some(&':') {
        return false;
    }
    let scheme: String = s[..end].iter().map(|c| c.to_ascii_lowercase()).collect();
    let rest = &s[end + 1..];
    match scheme.as_str() {
        "file" => file_url(rest),
        "http" | "https" | "ws" | "wss" | "ftp" => {
            // Any run of slashes and backslashes before the authority.
            let start = rest
                .iter()
                .position(|c| !matches!(c, '/' | '\\'))
                .unwrap_or(rest.len());
            authority(&rest[start..], true)
        }
        _ => match rest {
            ['/', '/', after @ ..] => authority(after, false),
            // Paths and opaque paths never fail.
            _ => true,
        },
    }
}

/// `file:` URLs fail only on a host that does not parse.
fn file_url(rest: &[char]) -> bool {
    let slash = |c: Option<&char>| matches!(c, Some('/' | '\\'));
    if !(slash(rest.first()) && slash(rest.get(1))) {
        return true;
    }
    let after = &rest[2..];
    let end = after
        .iter()
        .position(|c| matches!(c, '/' | '\\' | '?' | '#'))
        .unwrap_or(after.len());
    let host = &after[..end];
    let drive_letter =
        host.len() == 2 && host[0].is_ascii_alphabetic() && matches!(host[1], ':' | '|');
    host.is_empty() || drive_letter || parse_host(host, false)
}

/// The authority state onwards: credentials, host and port.
fn authority(rest: &[char], special: bool) -> bool {
    let end = rest
        .iter()
        .position(|c| matches!(c, '/' | '?' | '#') || (special && *c == '\\'))
        .unwrap_or(rest.len());
    let segment = &rest[..end];
    let host_port = match segment.iter().rposition(|c| *c == '@') {
        Some(at) => {
            if at + 1 == segment.len() {
                return false;
            }
            &segment[at + 1..]
        }
        None => segment,
    };
    let mut inside_brackets = false;
    let mut colon = None;
    for (i, c) in host_port.iter().enumerate() {
        match c {
            '[' => inside_brackets = true,
            ']' => inside_brackets = false,
            ':' if !inside_brackets => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let (host, port) = match colon {
        Some(i) => {
            if i == 0 {
                return false;
            }
            (&host_port[..i], Some(&host_port[i + 1..]))
        }
        None => (host_port, None),
    };
    if host.is_empty() {
        // Special URLs need a host; others may have an empty one.
        if special || port.is_some() {
            return false;
        }
    } else if !parse_host(host, !special) {
        return false;
    }
    match port {
        None => true,
        Some(p) => {
            p.iter().all(char::is_ascii_digit)
                && p.iter()
                    .try_fold(0u32, |n, c| {
                        let n = n * 10 + c.to_digit(10).unwrap_or(0);
                        (n <= 65535).then_some(n)
                    })
                    .is_some()
        }
    }
}

fn is_forbidden_host(c: char) -> bool {
    matches!(
        c,
        '\0' | '\t'
            | '\n'
            | '\r'
            | ' '
            | '#'
            | '/'
            | ':'
            | '<'
            | '>'
            | '?'
            | '@'
            | '['
            | '\\'
            | ']'
            | '^'
            | '|'
    )
}

fn is_forbidden_domain(c: char) -> bool {
    is_forbidden_host(c) || c <= '\u{1f}' || c == '%' || c == '\u{7f}'
}

/// The host parser: IPv6 in brackets, an opaque host (non-special
/// schemes), or a domain that may turn out to be IPv4.
fn parse_host(host: &[char], opaque: bool) -> bool {
    if host.first() == Some(&'[') {
        return host.len() >= 2 && host.last() == Some(&']') && ipv6(&host[1..host.len() - 1]);
    }
    if opaque {
        return !host.iter().copied().any(is_forbidden_host);
    }
    let Some(domain) = percent_decode(host) else {
        return false;
    };
    let Some(ascii) = domain_to_ascii(&domain) else {
        return false;
    };
    if ascii.chars().any(is_forbidden_domain) {
        return false;
    }
    !ends_in_number(&ascii) || ipv4(&ascii)
}

/// Percent-decodes and reads the bytes as UTF-8; `None` when they are not
/// UTF-8 (the replacement character would be disallowed by IDNA).
fn percent_decode(host: &[char]) -> Option<String> {
    let text: String = host.iter().collect();
    let b = text.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                bytes.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(bytes).ok()
}

/// UTS #46 ToASCII as the URL Standard calls it, reduced to what decides
/// success: ASCII is lowercased; `xn--` labels must decode; non-ASCII
/// labels get an approximate mapping (see the module docs) and stand for
/// a Punycode form that keeps their ASCII characters, as the real one does.
fn domain_to_ascii(domain: &str) -> Option<String> {
    let mut mapped = String::with_capacity(domain.len());
    for c in domain.chars() {
        match c {
            'A'..='Z' => mapped.push(c.to_ascii_lowercase()),
            '\0'..='\u{7f}' => mapped.push(c),
            // Ignored: soft hyphen, zero-width space, word joiner, BOM,
            // variation selectors, combining grapheme joiner.
            '\u{ad}'
            | '\u{200b}'
            | '\u{2060}'
            | '\u{feff}'
            | '\u{34f}'
            | '\u{180b}'
            | '\u{180c}'
            | '\u{180d}'
            | '\u{180f}'
            | '\u{fe00}'..='\u{fe0f}' => {}
            // Full stops that map to `.`.
            '\u{3002}' | '\u{ff0e}' | '\u{ff61}' => mapped.push('.'),
            // Fullwidth ASCII.
            '\u{ff01}'..='\u{ff5e}' => {
                let ascii = char::from_u32(c as u32 - 0xff01 + 0x21).unwrap_or('?');
                mapped.push(ascii.to_ascii_lowercase());
            }
            '\u{80}'..='\u{9f}' | '\u{fffc}'..='\u{ffff}' => return None,
            _ => mapped.push(c),
        }
    }
    if mapped.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(mapped.len());
    for (i, label) in mapped.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if let Some(code) = label.strip_prefix("xn--") {
            let decoded = punycode_decode(code)?;
            if decoded.is_empty() || decoded.iter().copied().any(not_idna_valid) {
                return None;
            }
            out.push_str(label);
        } else if label.is_ascii() {
            out.push_str(label);
        } else {
            // Punycode keeps the label's ASCII characters, so the
            // forbidden-character check still sees them.
            out.push_str("xn--");
            out.extend(label.chars().filter(char::is_ascii));
            out.push_str("-x");
        }
    }
    Some(out)
}

/// Whether a character decoded from an `xn--` label is one IDNA would
/// not leave as is (so the label is invalid). Without Unicode's IDNA
/// table this is approximate: controls, spaces, capitals (IDNA maps them
/// to lowercase), private use, noncharacters and the compatibility blocks
/// (presentation forms, fullwidth and halfwidth forms) that IDNA maps or
/// disallows.
fn not_idna_valid(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || c.is_uppercase()
        || matches!(
            c as u32,
            0xE000..=0xF8FF
                | 0xF900..=0xFAFF
                | 0xFB00..=0xFDFF
                | 0xFE10..=0xFE1F
                | 0xFE30..=0xFEFF
                | 0xFF00..=0xFFFF
                | 0xF0000..
        )
}

/// RFC 3492 Punycode decoding; `None` on malformed input.
fn punycode_decode(input: &str) -> Option<Vec<char>> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    if !input.is_ascii() {
        return None;
    }
    let (basic, encoded) = match input.rfind('-') {
        Some(d) => (&input[..d], &input[d + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let adapt = |mut delta: u32, points: u32, first: bool| {
        delta /= if first { DAMP } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    };
    let mut digits = encoded.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let d = match digits.next()? {
                c @ b'a'..=b'z' => c - b'a',
                c @ b'A'..=b'Z' => c - b'A',
                c @ b'0'..=b'9' => c - b'0' + 26,
                _ => return None,
            } as u32;
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = output.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

/// The URL Standard's "ends in a number".
fn ends_in_number(domain: &str) -> bool {
    let mut parts: Vec<&str> = domain.split('.').collect();
    if parts.last() == Some(&"") {
        if parts.len() == 1 {
            return false;
        }
        parts.pop();
    }
    let last = parts.last().copied().unwrap_or("");
    (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())) || ipv4_number(last).is_some()
}

/// An IPv4 part: decimal, `0x` hex or `0` octal; saturates past u64.
fn ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(h) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (16, h)
        } else if part.len() > 1 && part.starts_with('0') {
            (8, &part[1..])
        } else {
            (10, part)
        };
    digits.chars().try_fold(0u64, |n, c| {
        c.to_digit(radix)
            .map(|d| n.saturating_mul(radix as u64).saturating_add(d as u64))
    })
}

/// The IPv4 parser: whether `domain` is a valid IPv4 address.
fn ipv4(domain: &str) -> bool {
    let mut parts: Vec<&str> = domain.split('.').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    if parts.len() > 4 {
        return false;
    }
    let Some(numbers) = parts
        .iter()
        .map(|p| ipv4_number(p))
        .collect::<Option<Vec<u64>>>()
    else {
        return false;
    };
    let (last, init) = numbers.split_last().expect("split yields a part");
    init.iter().all(|n| *n <= 255) && *last < 256u64.pow(5 - numbers.len() as u32)
}

/// The IPv6 parser (inside the brackets): whether it succeeds.
fn ipv6(s: &[char]) -> bool {
    let at = |p: usize| s.get(p).copied();
    let mut piece = 0;
    let mut compress = false;
    let mut p = 0;
    if at(0) == Some(':') {
        if at(1) != Some(':') {
            return false;
        }
        p = 2;
        piece = 1;
        compress = true;
    }
    while p < s.len() {
        if piece == 8 {
            return false;
        }
        if at(p) == Some(':') {
            if compress {
                return false;
            }
            p += 1;
            piece += 1;
            compress = true;
            continue;
        }
        let mut length = 0;
        while length < 4 && at(p).is_some_and(|c| c.is_ascii_hexdigit()) {
            p += 1;
            length += 1;
        }
        match at(p) {
            Some('.') => {
                if length == 0 || piece > 6 {
                    return false;
                }
                p -= length;
                let mut seen = 0;
                while p < s.len() {
                    if seen > 0 {
                        if at(p) == Some('.') && seen < 4 {
                            p += 1;
                        } else {
                            return false;
                        }
                    }
                    if !at(p).is_some_and(|c| c.is_ascii_digit()) {
                        return false;
                    }
                    let mut value: Option<u32> = None;
                    while let Some(d) = at(p).and_then(|c| c.to_digit(10)) {
                        value = match value {
                            None => Some(d),
                            Some(0) => return false,
                            Some(v) => Some(v * 10 + d),
                        };
                        if value.is_some_and(|v| v > 255) {
                            return false;
                        }
                        p += 1;
                    }
                    seen += 1;
                    if seen == 2 || seen == 4 {
                        piece += 1;
                    }
                }
                return seen == 4 && (compress || piece == 8);
            }
            Some(':') => {
                p += 1;
                if p == s.len() {
                    return false;
                }
            }
            None => {}
            Some(_) => return false,
        }
        piece += 1;
    }
    compress || piece == 8
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions::testing::{build_error, run};

    #[test]
    fn finds_variables_like_the_javascript_regex() {
        assert_eq!(url_variables("https://{a}.{b}/{c}"), vec!["a", "b", "c"]);
        assert_eq!(url_variables("{}}x{a\n}{b}"), vec!["}", "b"]);
        assert_eq!(url_variables("{{a}"), vec!["{a"]);
        assert_eq!(url_variables("{a}{a}"), vec!["a", "a"]);
        assert!(url_variables("{}").is_empty());
    }

    #[test]
    fn substitutes_like_string_replace() {
        assert_eq!(replace_all_js("x{a}y{a}", "{a}", "1"), "x1y1");
        assert_eq!(replace_all_js("x{a}y", "{a}", "$&$$"), "x{a}$y");
        assert_eq!(replace_all_js("x{a}y", "{a}", "$'$`$1"), "xyx$1y");
        assert_eq!(encode_uri("a b/é{}"), "a%20b/%C3%A9%7B%7D");
    }

    #[test]
    fn parses_urls_like_node() {
        let valid = [
            "https://{x}.com",
            "http:example.com",
            "https://[::1]",
            "http://[::1]:80",
            "mailto:x y",
            "https://a@b@c",
            "https://0x",
            "https://1.2.3.4.",
            "https://..",
            "https://a:",
            "http://a:080",
            "https://4294967295",
            "https://1.16777215",
            "https://ｅｘａｍｐｌｅ.com",
            "https://a．b",
            "https://a\u{200b}b",
            "https://xn--nxasmq6b.com",
            "https://xn--abc-",
            "foo://a%20b",
            "foo://",
            "foo:",
            "file:",
            "file:///x",
            "file://C:/x",
            "http://\\\\a",
            "https:/a",
            "git+ssh://x",
            " https://a ",
            "https://a\tb",
            "https://1.2.3.0x8",
            "https://0xg",
            "https://a.0xg",
            "https://[1:2:3:4:5:6:1.2.3.4]",
        ];
        let invalid = [
            "/v1",
            "http:",
            "foo://:80",
            "foo://a b",
            "https://a%20b",
            "https://a:99999",
            "https://0x100.1",
            "https://1.2.3.256",
            "https://[1:2]",
            "file://a b/x",
            "https://xn--a.com",
            "https://a.b.c.d.e.1",
            "https://a%FF",
            "{p}://x",
            "https://a@",
            "https://09",
            "https://%",
            "http://\u{ad}",
            "https://a:b:c",
            "https://:80",
            "http://[::1]x",
            "http://a]:80",
            "http://a:0x",
            "https://4294967296",
            "https://1.16777216",
            "https://\u{200b}",
            "https://xn--",
            "foo://a^b",
            "file://a%20b",
            "1a://x",
            "https://a b/c",
            "http://a\u{0}b",
            "https://1.2.3.08",
            "https://a.09",
        ];
        for u in valid {
            assert!(url_parses(u), "{u:?} should parse");
        }
        for u in invalid {
            assert!(!url_parses(u), "{u:?} should not parse");
        }
    }

    const DOC: &str = "\
servers:
  - url: 'https://{env}.x.com/{v}/{w}'
    variables:
      env: {enum: [a, 'b c'], default: d}
      v: {default: '1'}
      unused: {default: x}
  - url: 1
";

    #[test]
    fn reports_in_spectrals_order() {
        let found = run(
            "serverVariables",
            json!({"checkSubstitutions": true, "requireDefault": true}),
            DOC,
            "/servers/0",
        );
        let m: Vec<(&str, &str)> = found
            .iter()
            .map(|(m, p)| (m.as_str(), p.as_str()))
            .collect();
        assert_eq!(
            m,
            vec![
                (
                    "Server's \"variables\" object has unused defined \"unused\" url variable.",
                    "/servers/0/variables/unused"
                ),
                (
                    "Not all server's variables are described with \"variables\" object. Missed: w.",
                    "/servers/0/variables"
                ),
                (
                    "Server Variable \"env\" has a default not listed in the enum.",
                    "/servers/0/variables/env/default"
                ),
                (
                    "A few substitutions of server variables resulted in invalid URLs: https://b%20c.x.com/1/{w}",
                    "/servers/0/variables"
                ),
            ]
        );
        assert_eq!(
            run("serverVariables", json!(null), DOC, "/servers/1"),
            vec![(
                "Invalid Server Object".to_string(),
                "/servers/1".to_string()
            )]
        );
    }

    #[test]
    fn combinations_are_capped() {
        // 2^20 combinations, all valid: Spectral would try them all.
        let mut doc = String::from("servers:\n  - url: 'https://a.com/");
        for i in 0..20 {
            doc.push_str(&format!("{{v{i}}}"));
        }
        doc.push_str("'\n    variables:\n");
        for i in 0..20 {
            doc.push_str(&format!("      v{i}: {{enum: [a, b], default: a}}\n"));
        }
        let start = std::time::Instant::now();
        let found = run(
            "serverVariables",
            json!({"checkSubstitutions": true}),
            &doc,
            "/servers/0",
        );
        assert!(found.is_empty(), "{found:?}");
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn bad_options_are_rejected() {
        assert_eq!(
            build_error("serverVariables", json!({"x": true})),
            "\"serverVariables\" function does not support \"x\" option"
        );
        assert_eq!(
            build_error("serverVariables", json!({"requireDefault": 1})),
            "\"serverVariables\" function and its \"requireDefault\" option accepts only the following types: boolean"
        );
    }
}
