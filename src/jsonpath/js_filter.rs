//! Filter expressions the native evaluator cannot handle, as JavaScript.
//!
//! jsonpath-plus evaluates a filter as a JavaScript expression with the
//! candidate and its context bound to variables; `@`-names are not valid
//! JavaScript, so it rewrites them to identifiers first. [`rewrite`] does
//! the same here (the names are ours), skipping string, template and regex
//! literals so an `@` inside one stays text.

use crate::sandbox::imports::regex_end;

/// The JavaScript identifiers the `@`-names become, in the order the
/// sandbox binds them.
pub const BINDINGS: [(&str, &str); 6] = [
    ("@parentProperty", "_$_parentProperty"),
    ("@property", "_$_property"),
    ("@parent", "_$_parent"),
    ("@path", "_$_path"),
    ("@root", "_$_root"),
    ("@", "_$_v"),
];

/// A filter kept as JavaScript source, evaluated in the sandbox.
#[derive(Debug, PartialEq)]
pub struct ScriptFilter {
    /// The expression as the rule set wrote it.
    pub source: String,
    /// The expression with `@`-names rewritten ([`rewrite`]).
    pub js: String,
    /// Byte offset of `source` in the path text, so problems found later
    /// (the load-time probe) point at the expression.
    pub offset: usize,
    /// Whether the expression reads `@path` / `@parent`: the two bindings
    /// that cost work per evaluation (a string built, a path followed)
    /// are only made for filters that can see them.
    pub uses_path: bool,
    pub uses_parent: bool,
    /// Whether it reads `@parentProperty` (the walk then tells apart the
    /// routes by which it reaches a shared node, by their last key).
    pub uses_parent_property: bool,
    /// Unique per compiled filter: the sandbox caches compiled functions
    /// and remembers stopped filters by it.
    pub id: u64,
}

impl ScriptFilter {
    /// `None` when [`rewrite`] refuses `source`, found at byte `offset`
    /// of the path text.
    pub fn new(source: &str, offset: usize) -> Option<ScriptFilter> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let js = rewrite(source)?;
        // `arguments` (or a direct `eval`) can reach every parameter.
        let all = uses(&js, "arguments") || uses(&js, "eval");
        Some(ScriptFilter {
            source: source.to_string(),
            uses_path: all || uses(&js, "_$_path"),
            uses_parent: all || uses(&js, "_$_parent"),
            uses_parent_property: all || uses(&js, "_$_parentProperty"),
            js,
            offset,
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// The body of the function the sandbox compiles: the parameters are
    /// [`PARAMS`].
    pub fn body(&self) -> String {
        // The newline ends a trailing `//` comment before the parenthesis.
        format!("return ({}\n);", self.js)
    }
}

/// Whether the identifier `name` occurs in `js` as a whole word (a
/// mention inside a string literal counts too: harmless, it only makes a
/// binding that is not needed).
fn uses(js: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    js.match_indices(name).any(|(i, _)| {
        !word(js[..i].chars().next_back()) && !word(js[i + name.len()..].chars().next())
    })
}

/// Parameter names of the compiled filter, in call order: `@`,
/// `@property`, `@parentProperty`, `@parent`, `@path`, `@root`, and `$`
/// (the root, as nimma and the native evaluator read it).
pub const PARAMS: [&str; 7] = [
    "_$_v",
    "_$_property",
    "_$_parentProperty",
    "_$_parent",
    "_$_path",
    "_$_root",
    "$",
];

/// Offset of the `]` that closes the filter starting at byte `pos` of
/// `src` (after `[?`): the first `]` outside literals and nested
/// brackets. `None` when there is none.
pub fn expression_end(src: &str, pos: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = pos;
    let mut depth = 0usize;
    let mut regex_ok = true;
    while i < b.len() {
        if let Some(end) = literal_at(b, i, regex_ok) {
            i = end;
            regex_ok = false;
            continue;
        }
        let c = b[i];
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b']' if depth == 0 => return Some(i),
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if is_word_byte(c) {
            (i, regex_ok) = skip_word(src, i);
            continue;
        }
        if !c.is_ascii_whitespace() {
            regex_ok = !matches!(c, b')' | b']' | b'}');
        }
        i += 1;
    }
    None
}

/// `text` without its outer parentheses, when the first `(` closes at the
/// end (`(@.a) && (@.b)` keeps them). String literals are skipped; a `)`
/// in a regex literal may defeat this, which leaves the text as it is.
pub fn strip_outer_parens(text: &str) -> &str {
    let b = text.as_bytes();
    if b.first() != Some(&b'(') || b.last() != Some(&b')') {
        return text;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i = literal_end(b, i, q);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return if i == b.len() - 1 { &text[1..i] } else { text };
                }
            }
            _ => {}
        }
        i += 1;
    }
    text
}

/// `src` with every `@`-name outside literals replaced by its identifier;
/// `None` when it has an unknown `@`-name (`@foo`) or an assignment, which
/// the native parser reports better than a JavaScript error would.
pub fn rewrite(src: &str) -> Option<String> {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len() + 16);
    let mut i = 0;
    // Whether a `/` here would start a regex rather than divide: after an
    // operand (identifier, number, `)`, `]`, literal) it divides.
    let mut regex_ok = true;
    while i < b.len() {
        if let Some(end) = literal_at(b, i, regex_ok) {
            out.push_str(&src[i..end]);
            i = end;
            regex_ok = false;
            continue;
        }
        let c = b[i];
        match c {
            b'@' => {
                let rest = &src[i..];
                let (name, ident) = BINDINGS
                    .iter()
                    .find(|(name, _)| {
                        rest.starts_with(name)
                            && !rest[name.len()..].bytes().next().is_some_and(|n| {
                                n.is_ascii_alphanumeric() || n == b'_' || n == b'$'
                            })
                    })
                    .copied()?;
                if name == "@"
                    && rest[1..]
                        .bytes()
                        .next()
                        .is_some_and(|n| n.is_ascii_alphabetic() || n == b'_' || n == b'$')
                {
                    return None;
                }
                out.push_str(ident);
                i += name.len();
                regex_ok = false;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'$'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &src[start..i];
                out.push_str(word);
                regex_ok = regex_may_follow(word);
            }
            b'=' if !(matches!(b.get(i + 1), Some(b'=' | b'>'))
                || i > 0 && matches!(b[i - 1], b'=' | b'!' | b'<' | b'>')) =>
            {
                return None;
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
                if !ch.is_whitespace() {
                    regex_ok = !matches!(ch, ')' | ']' | '}');
                }
            }
        }
    }
    Some(out)
}

/// What in `src` (a filter's text) reads like a mistake even though it is
/// valid JavaScript: a single `&` or `|` (bitwise, where `&&` / `||` is
/// almost always meant), or two parenthesized groups side by side,
/// `(@.a) (@.b)`, which JavaScript reads as calling the first.
pub fn suspicious(src: &str) -> Option<String> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut regex_ok = true;
    while i < b.len() {
        if let Some(end) = literal_at(b, i, regex_ok) {
            i = end;
            regex_ok = false;
            continue;
        }
        let c = b[i];
        match c {
            b'&' | b'|' => {
                if b.get(i + 1) == Some(&c) {
                    i += 2;
                    regex_ok = true;
                    continue;
                }
                let op = c as char;
                return Some(format!(
                    "`{op}` is JavaScript's bitwise operator; `{op}{op}` is probably meant"
                ));
            }
            b')' => {
                let rest = &src[i + 1..];
                let gap = rest.len() - rest.trim_start().len();
                if gap > 0 && rest.trim_start().starts_with('(') {
                    return Some(
                        "`(...) (...)` calls the value in the first parentheses; an operator between them is probably missing".into(),
                    );
                }
            }
            _ => {}
        }
        if is_word_byte(c) {
            (i, regex_ok) = skip_word(src, i);
            continue;
        }
        if !c.is_ascii_whitespace() {
            regex_ok = !matches!(c, b')' | b']' | b'}');
        }
        i += 1;
    }
    None
}

/// End (exclusive) of the string or template literal opened by `quote` at
/// `start`; the end of the text when unterminated (QuickJS reports it).
fn literal_end(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether `c` can be part of an identifier or keyword (`@` for JSONPath's
/// `@`, `@path`, ...).
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'@'
}

/// The end of the word at `start`, and whether a `/` after it opens a
/// regex literal (after an operator keyword) rather than dividing.
fn skip_word(src: &str, start: usize) -> (usize, bool) {
    let b = src.as_bytes();
    let mut i = start;
    while i < b.len() && is_word_byte(b[i]) {
        i += 1;
    }
    (i, regex_may_follow(&src[start..i]))
}

/// Whether a `/` after `word` opens a regex literal: after a keyword
/// operator (`typeof /x/`, `return /x/`) it does; after a name, which is
/// an operand, it divides.
fn regex_may_follow(word: &str) -> bool {
    matches!(
        word,
        "typeof" | "in" | "instanceof" | "void" | "delete" | "new" | "return"
    )
}

/// The end of the string, template or (where `regex_ok`: no operand just
/// before) regex literal that starts at `i`, if one does. The scanners
/// here step over literals whole: brackets, operators and `@`-names in
/// them are text, not code.
fn literal_at(b: &[u8], i: usize, regex_ok: bool) -> Option<usize> {
    match b[i] {
        q @ (b'\'' | b'"' | b'`') => Some(literal_end(b, i, q)),
        b'/' if regex_ok && b.get(i + 1) != Some(&b'/') && b.get(i + 1) != Some(&b'*') => {
            Some(regex_end(b, i))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    fn rewrite(src: &str) -> String {
        super::rewrite(src).unwrap_or_else(|| panic!("{src} refused"))
    }

    #[test]
    fn names_become_identifiers() {
        assert_eq!(
            rewrite("@.name.toLowerCase() === 'x'"),
            "_$_v.name.toLowerCase() === 'x'"
        );
        assert_eq!(
            rewrite("Object.keys(@).length > 2"),
            "Object.keys(_$_v).length > 2"
        );
        assert_eq!(
            rewrite("@property == @parentProperty && @parent && @path && @root"),
            "_$_property == _$_parentProperty && _$_parent && _$_path && _$_root"
        );
        assert_eq!(rewrite("@['x-y'] ? 1 : 0"), "_$_v['x-y'] ? 1 : 0");
    }

    #[test]
    fn literals_keep_their_at_signs() {
        assert_eq!(rewrite("@.a == '@property'"), "_$_v.a == '@property'");
        assert_eq!(rewrite(r#"@.a == "it's @""#), r#"_$_v.a == "it's @""#);
        assert_eq!(rewrite(r"/@x\/[/@]/i.test(@)"), r"/@x\/[/@]/i.test(_$_v)");
        // Template literals are kept whole (substitutions included).
        assert_eq!(rewrite("`@${1}` == @"), "`@${1}` == _$_v");
    }

    #[test]
    fn costly_bindings_are_made_only_for_filters_that_read_them() {
        let f = |src: &str| {
            let f = super::ScriptFilter::new(src, 0).unwrap();
            (f.uses_path, f.uses_parent)
        };
        assert_eq!(f("Object.keys(@).length > 1"), (false, false));
        assert_eq!(f("@parentProperty === 'x' ? 1 : 0"), (false, false));
        assert_eq!(f("@path.split('/').length > 1"), (true, false));
        assert_eq!(f("@parent && Object.keys(@parent).length"), (false, true));
        assert_eq!(f("arguments.length > 1"), (true, true));
    }

    #[test]
    fn division_is_not_a_regex() {
        assert_eq!(rewrite("@.a / 2 > @.b / 3"), "_$_v.a / 2 > _$_v.b / 3");
        assert_eq!(rewrite("(@.a) / @.b"), "(_$_v.a) / _$_v.b");
    }

    #[test]
    fn typos_that_are_valid_javascript_are_suspicious() {
        for src in ["@.a & @.b", "@.a | @.b", "(@.a) (@.b)", "(@.a)\n(@.b)"] {
            assert!(super::suspicious(src).is_some(), "{src}");
        }
        for src in [
            "@.a && @.b || @.c",
            "'a & b' == @.x",
            "/a|b/.test(@.x)",
            "(x => x)(@.a)",
            "Object.keys(@).length > 2",
        ] {
            assert_eq!(super::suspicious(src), None, "{src}");
        }
    }

    #[test]
    fn unknown_names_and_assignments_are_refused() {
        for src in ["@foo", "@propertyX == 1", "@.x = 1", "@.x += 1", "@foo()"] {
            assert_eq!(super::rewrite(src), None, "{src}");
        }
        for src in [
            "@.x == 1",
            "@.x !== 1",
            "@.x <= 1",
            "@.x >= 1",
            "[1].some(x => x)",
        ] {
            assert!(super::rewrite(src).is_some(), "{src}");
        }
    }
}
