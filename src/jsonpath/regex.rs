//! [`JsRegex`]: a JavaScript regular expression (`/source/flags`) run by the
//! Rust `regex` crate.
//!
//! Rule sets are written for Spectral, so their patterns (in filters and in
//! the `pattern` function) use JavaScript syntax and semantics. This module
//! rewrites a JS pattern into the `regex` crate's syntax, keeping JS meaning
//! where the two differ (`\d` and `\w` are ASCII-only in JS, `.` stops at
//! every line terminator, a `{` that starts no quantifier is literal, ...).
//!
//! Rule sets are untrusted input, so the linear-time `regex` crate runs
//! every pattern it accepts. Only patterns it rejects (look-around,
//! backreferences) go to `fancy_regex`, always with a backtrack limit; a
//! match that hits the limit counts as no match. This module knows nothing
//! about JSONPath: the `pattern` function uses it directly.

use std::fmt;
use std::sync::Arc;

/// How many backtracking steps a `fancy_regex` match may take before it is
/// abandoned (and counted as no match).
const BACKTRACK_LIMIT: usize = 100_000;

/// Largest compiled program accepted: `a{1000}{1000}` in a rule set must be
/// an error, not a gigabyte of memory.
const SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// A compiled JavaScript regular expression.
#[derive(Clone)]
pub struct JsRegex {
    /// The pattern as written between the slashes.
    pub source: String,
    /// The flags as written after the closing slash.
    pub flags: String,
    compiled: Compiled,
}

#[derive(Clone)]
enum Compiled {
    Linear(regex::Regex),
    Backtracking(Arc<fancy_regex::Regex>),
}

impl PartialEq for JsRegex {
    fn eq(&self, o: &Self) -> bool {
        self.source == o.source && self.flags == o.flags
    }
}

impl fmt::Debug for JsRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/{}", self.source, self.flags)
    }
}

impl fmt::Display for JsRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/{}", self.source, self.flags)
    }
}

impl JsRegex {
    /// Compiles `source` with JS `flags` (`d g i m s u v y`; `g` and `d`
    /// change nothing for a yes/no match). The error says what is wrong.
    pub fn new(source: &str, flags: &str) -> Result<JsRegex, String> {
        let flags_set = Flags::parse(flags)?;
        let translated = translate(source, &flags_set)?;
        let compiled = match regex::RegexBuilder::new(&translated)
            .size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(re) => Compiled::Linear(re),
            // Only features the linear engine lacks go to the backtracking
            // one; any other error (syntax, size) is final.
            Err(linear_err) if needs_backtracking(&linear_err, &translated) => {
                let re = fancy_regex::RegexBuilder::new(&translated)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(SIZE_LIMIT)
                    .build()
                    .map_err(|e| invalid(source, flags, &e.to_string()))?;
                Compiled::Backtracking(Arc::new(re))
            }
            Err(linear_err) => return Err(invalid(source, flags, &linear_err.to_string())),
        };
        Ok(JsRegex {
            source: source.to_string(),
            flags: flags.to_string(),
            compiled,
        })
    }

    /// Whether the pattern matches anywhere in `text` (JS `re.test(text)`).
    pub fn is_match(&self, text: &str) -> bool {
        match &self.compiled {
            Compiled::Linear(re) => re.is_match(text),
            // An error here is the backtrack limit: treat as no match.
            Compiled::Backtracking(re) => re.is_match(text).unwrap_or(false),
        }
    }
}

/// Look-around and backreferences (`\\1`, `\\k<name>`) are what the
/// `regex` crate refuses by design.
fn needs_backtracking(err: &regex::Error, translated: &str) -> bool {
    err.to_string().contains("not supported") || translated.contains("\\k<")
}

/// The `regex` crate's errors are multi-line drawings; the last line says
/// what is wrong.
fn invalid(source: &str, flags: &str, msg: &str) -> String {
    let line = msg
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(msg)
        .trim();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    format!("invalid regular expression /{source}/{flags}: {line}")
}

#[derive(Default)]
struct Flags {
    ignore_case: bool,
    multiline: bool,
    dot_all: bool,
    unicode: bool,
    sticky: bool,
}

impl Flags {
    fn parse(flags: &str) -> Result<Flags, String> {
        let mut f = Flags::default();
        let mut seen = String::new();
        for c in flags.chars() {
            if seen.contains(c) {
                return Err(format!("duplicate regular expression flag '{c}'"));
            }
            seen.push(c);
            match c {
                'i' => f.ignore_case = true,
                'm' => f.multiline = true,
                's' => f.dot_all = true,
                'u' | 'v' => f.unicode = true,
                'y' => f.sticky = true,
                'g' | 'd' => {}
                _ => return Err(format!("invalid regular expression flag '{c}'")),
            }
        }
        Ok(f)
    }
}

/// What JS `.` excludes without the `s` flag: every line terminator, where
/// the `regex` crate's `.` only excludes `\n`.
const JS_DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// Rewrites a JS pattern into `regex`/`fancy_regex` syntax.
fn translate(src: &str, flags: &Flags) -> Result<String, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() + 16);
    let mut inline = String::new();
    if flags.ignore_case {
        inline.push('i');
    }
    if flags.multiline {
        inline.push('m');
    }
    if flags.dot_all {
        inline.push('s');
    }
    if !inline.is_empty() {
        out.push_str("(?");
        out.push_str(&inline);
        out.push(')');
    }
    // A sticky regex tested once starts at `lastIndex` 0: it must match at
    // the start.
    if flags.sticky {
        out.push_str(r"\A(?:");
    }
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                i = escape_outside(&chars, i, flags, &mut out)?;
                continue;
            }
            '[' => {
                i = class(&chars, i, flags, &mut out)?;
                continue;
            }
            '.' if !flags.dot_all => out.push_str(JS_DOT),
            '{' => {
                // In JS (without `u`) a brace that starts no valid
                // quantifier is a literal; `regex` would reject it.
                if let Some(end) = quantifier_end(&chars, i) {
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                out.push_str(r"\{");
            }
            '}' => out.push_str(r"\}"),
            ']' => out.push_str(r"\]"),
            // Literal outside classes in JS, but these have meaning in
            // Rust's verbose mode or classes; escaping is always safe.
            '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if flags.sticky {
        out.push(')');
    }
    Ok(out)
}

/// `{n}`, `{n,}` or `{n,m}` starting at `i`: the index of its `}`.
fn quantifier_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let digits_start = j;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j == digits_start {
        return None;
    }
    if j < chars.len() && chars[j] == ',' {
        j += 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
    }
    (j < chars.len() && chars[j] == '}').then_some(j)
}

fn push_code_point(out: &mut String, cp: u32) {
    out.push_str(&format!(r"\x{{{cp:X}}}"));
}

/// A literal character, escaped when `regex` syntax gives it a meaning.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c.is_whitespace() {
        // `regex` accepts an escape for any ASCII punctuation except a few
        // it reserves; a hex escape is unambiguous in both engines.
        push_code_point(out, c as u32);
    } else {
        out.push(c);
    }
}

fn hex_value(chars: &[char], from: usize, len: usize) -> Option<u32> {
    if from + len > chars.len() {
        return None;
    }
    let s: String = chars[from..from + len].iter().collect();
    if s.chars().all(|c| c.is_ascii_hexdigit()) {
        u32::from_str_radix(&s, 16).ok()
    } else {
        None
    }
}

/// Escapes that mean the same inside and outside a class: returns the code
/// point and the index after the escape, or `None` when the escape is not
/// a character escape.
fn char_escape(chars: &[char], i: usize, flags: &Flags) -> Result<Option<(u32, usize)>, String> {
    // `chars[i]` is the backslash.
    let c = chars[i + 1];
    let simple = match c {
        'n' => Some(0x0A),
        'r' => Some(0x0D),
        't' => Some(0x09),
        'f' => Some(0x0C),
        'v' => Some(0x0B),
        '0' if !chars.get(i + 2).is_some_and(|d| d.is_ascii_digit()) => Some(0),
        _ => None,
    };
    if let Some(cp) = simple {
        return Ok(Some((cp, i + 2)));
    }
    match c {
        'x' => Ok(hex_value(chars, i + 2, 2).map(|cp| (cp, i + 4))),
        'c' => Ok(chars
            .get(i + 2)
            .filter(|l| l.is_ascii_alphabetic())
            .map(|l| ((*l as u32) % 32, i + 3))),
        'u' => {
            if chars.get(i + 2) == Some(&'{') && flags.unicode {
                let close = chars[i + 3..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or("unterminated \\u{...} escape in regular expression")?;
                let hex: String = chars[i + 3..i + 3 + close].iter().collect();
                let cp = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|&cp| char::from_u32(cp).is_some())
                    .ok_or_else(|| format!("invalid escape \\u{{{hex}}} in regular expression"))?;
                return Ok(Some((cp, i + 4 + close)));
            }
            let Some(unit) = hex_value(chars, i + 2, 4) else {
                return Ok(None);
            };
            if (0xD800..0xDC00).contains(&unit)
                && chars.get(i + 6) == Some(&'\\')
                && chars.get(i + 7) == Some(&'u')
                && let Some(low) = hex_value(chars, i + 8, 4)
                && (0xDC00..0xE000).contains(&low)
            {
                let cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Ok(Some((cp, i + 12)));
            }
            if (0xD800..0xE000).contains(&unit) {
                return Err(format!(
                    "lone surrogate \\u{unit:04X} in regular expression is not supported"
                ));
            }
            Ok(Some((unit, i + 6)))
        }
        _ => Ok(None),
    }
}

/// Translates the escape at `chars[i]` (a backslash) outside a class;
/// returns the index after it.
fn escape_outside(
    chars: &[char],
    i: usize,
    flags: &Flags,
    out: &mut String,
) -> Result<usize, String> {
    let Some(&c) = chars.get(i + 1) else {
        return Err("regular expression ends with a backslash".to_string());
    };
    if let Some((cp, next)) = char_escape(chars, i, flags)? {
        push_code_point(out, cp);
        return Ok(next);
    }
    match c {
        // JS `\d` and `\w` are ASCII; the `regex` crate's are Unicode.
        'd' => out.push_str("[0-9]"),
        'D' => out.push_str("[^0-9]"),
        'w' => out.push_str("[0-9A-Za-z_]"),
        'W' => out.push_str("[^0-9A-Za-z_]"),
        's' | 'S' | 'b' | 'B' => {
            out.push('\\');
            out.push(c);
        }
        // Backreferences: only the backtracking engine has them.
        '1'..='9' => {
            let mut j = i + 1;
            out.push('\\');
            while j < chars.len() && chars[j].is_ascii_digit() {
                out.push(chars[j]);
                j += 1;
            }
            return Ok(j);
        }
        'k' if chars.get(i + 2) == Some(&'<') => {
            let close = chars[i + 3..]
                .iter()
                .position(|&c| c == '>')
                .ok_or("unterminated \\k<name> in regular expression")?;
            out.extend(&chars[i..i + 4 + close]);
            return Ok(i + 4 + close);
        }
        'p' | 'P' if flags.unicode && chars.get(i + 2) == Some(&'{') => {
            let close = chars[i + 3..]
                .iter()
                .position(|&c| c == '}')
                .ok_or("unterminated \\p{...} in regular expression")?;
            out.extend(&chars[i..i + 4 + close]);
            return Ok(i + 4 + close);
        }
        // Any other escape is an identity escape in JS: the character
        // itself (`\/` is `/`, `\a` is `a`, never Rust's `\A` anchor).
        _ => push_literal(out, c),
    }
    Ok(i + 2)
}

/// Translates the class starting at `chars[i]` (`[`); returns the index
/// after its `]`.
fn class(chars: &[char], i: usize, flags: &Flags, out: &mut String) -> Result<usize, String> {
    let mut j = i + 1;
    let negated = chars.get(j) == Some(&'^');
    if negated {
        j += 1;
    }
    // JS `[]` matches nothing and `[^]` matches anything; in `regex` a `]`
    // right after `[` would be a literal.
    if chars.get(j) == Some(&']') {
        out.push_str(if negated { r"[\s\S]" } else { r"[a&&b]" });
        return Ok(j + 1);
    }
    out.push('[');
    if negated {
        out.push('^');
    }
    while j < chars.len() {
        let c = chars[j];
        match c {
            ']' => {
                out.push(']');
                return Ok(j + 1);
            }
            '\\' => {
                let Some(&e) = chars.get(j + 1) else {
                    return Err("regular expression ends with a backslash".to_string());
                };
                if let Some((cp, next)) = char_escape(chars, j, flags)? {
                    push_code_point(out, cp);
                    j = next;
                    continue;
                }
                match e {
                    'd' => out.push_str("0-9"),
                    'D' => out.push_str("[:^digit:]"),
                    'w' => out.push_str("0-9A-Za-z_"),
                    'W' => out.push_str("[:^word:]"),
                    's' | 'S' => {
                        out.push('\\');
                        out.push(e);
                    }
                    // In a class `\b` is a backspace.
                    'b' => push_code_point(out, 0x08),
                    'p' | 'P' if flags.unicode && chars.get(j + 2) == Some(&'{') => {
                        let close = chars[j + 3..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or("unterminated \\p{...} in regular expression")?;
                        out.extend(&chars[j..j + 4 + close]);
                        j += 4 + close;
                        continue;
                    }
                    _ => push_literal(out, e),
                }
                j += 2;
                continue;
            }
            // Literal in a JS class; nested classes and set operations in
            // `regex`.
            '[' | '&' | '~' => push_literal(out, c),
            '-' if j > 0 && chars[j - 1] == '-' => push_literal(out, c),
            _ => out.push(c),
        }
        j += 1;
    }
    Err("unterminated character class in regular expression".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(src: &str, flags: &str, text: &str) -> bool {
        JsRegex::new(src, flags)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .is_match(text)
    }

    #[test]
    fn basic_and_flags() {
        assert!(m("^a+b$", "", "aaab"));
        assert!(!m("^a+b$", "", "aaab\n"));
        assert!(m("^AB", "i", "abc"));
        assert!(m("^b", "m", "a\nb"));
        assert!(!m("^b", "", "a\nb"));
        assert!(m("a.b", "s", "a\nb"));
        assert!(!m("a.b", "", "a\nb"));
        assert!(!m("a.b", "", "a\rb"), "JS `.` stops at \\r too");
        assert!(m("x", "g", "axb"));
        assert!(!m("x", "y", "axb"), "sticky tests from index 0");
        assert!(m("a", "y", "ab"));
        assert!(JsRegex::new("a", "q").is_err());
        assert!(JsRegex::new("a", "gg").is_err());
    }

    #[test]
    fn js_escapes() {
        assert!(m(r"^\/pets\/\{id\}$", "", "/pets/{id}"));
        assert!(m(r"^\d+$", "", "123"));
        assert!(!m(r"^\d+$", "", "١٢٣"), "JS \\d is ASCII only");
        assert!(!m(r"^\w+$", "", "é"), "JS \\w is ASCII only");
        assert!(m(r"^[\w-]+$", "", "x-foo_1"));
        assert!(m(r"^[^\d]+$", "", "abc"));
        assert!(m(r"^[\D]+$", "", "abc"));
        assert!(!m(r"^[\W]+$", "", "abc"));
        assert!(m(r"\u0041\x42", "", "AB"));
        assert!(m(r"\uD83D\uDE00", "", "😀"));
        assert!(m(r"\u{1F600}", "u", "😀"));
        assert!(m(r"^\p{Lu}", "u", "Éa"));
        assert!(m(r"^\p", "", "p"), "without u, \\p is a literal p");
        assert!(m(r"\a\e", "", "ae"), "identity escapes");
        assert!(m(r"^\A$", "", "A"), "never Rust's \\A anchor");
        assert!(m(r"a\.b", "", "a.b"));
        assert!(!m(r"a\.b", "", "axb"));
        assert!(m(r"\cJ", "", "\n"));
        assert!(m(r"[\b]", "", "\u{8}"));
        assert!(JsRegex::new("a\\", "").is_err());
    }

    #[test]
    fn js_literal_braces_and_brackets() {
        assert!(m("a{2}", "", "aa"));
        assert!(m("a{2,}", "", "aaa"));
        assert!(m("a{1,2}", "", "a"));
        assert!(m("{foo}", "", "x{foo}"));
        assert!(m("a{", "", "a{"));
        assert!(m("a}", "", "a}"));
        assert!(m("a]", "", "a]"));
        assert!(m("[[]", "", "["));
        assert!(m("[a&&b]", "", "&"), "no set operations in JS classes");
        assert!(m("[~]", "", "~"));
        assert!(!m("[]", "", "a"), "[] matches nothing");
        assert!(m("^[^]$", "", "\n"), "[^] matches anything");
        assert!(m("#x", "", "#x"));
        assert!(JsRegex::new("[a", "").is_err());
    }

    #[test]
    fn fallback_engine() {
        assert!(m("^(?!x-).*$", "", "foo"));
        assert!(!m("^(?!x-).*$", "", "x-foo"));
        assert!(m("(?<=a)b", "", "ab"));
        assert!(m(r"^(a)\1$", "", "aa"));
        assert!(!m(r"^(a)\1$", "", "ab"));
        assert!(m(r"^(?<q>['])x\k<q>$", "", "'x'"));
        assert!(m(r"(?<year>\d{4})", "", "in 2024"));
    }

    #[test]
    fn backtracking_limit_counts_as_no_match() {
        let re = JsRegex::new(r"^(a+)+\1b$", "").unwrap();
        let text = "a".repeat(40);
        assert!(!re.is_match(&text));
    }

    #[test]
    fn errors_name_the_pattern() {
        let e = JsRegex::new("(a", "").unwrap_err();
        assert!(e.contains("/(a/"), "{e}");
        assert!(JsRegex::new("a{99999}{99999}", "").is_err());
    }

    #[test]
    fn equality_is_by_source_and_flags() {
        assert_eq!(
            JsRegex::new("a", "i").unwrap(),
            JsRegex::new("a", "i").unwrap()
        );
        assert_ne!(
            JsRegex::new("a", "i").unwrap(),
            JsRegex::new("a", "").unwrap()
        );
        assert_eq!(format!("{:?}", JsRegex::new("a/b", "i").unwrap()), "/a/b/i");
    }
}
