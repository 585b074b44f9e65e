//! Relative imports between a rule set's function files:
//! `import helper from './lib/helper.js'` in an ES module, and
//! `require('./helper')` in CommonJS.
//!
//! The sandbox reads no files, so every file a function may import is
//! found and read while the rule set loads ([`scan`] finds the module names
//! a file asks for; the rule set loader resolves and reads them, refusing
//! any outside the rule set's folder) and travels with the function as
//! [`Imports`]. At run time the runtime's module resolver only looks names
//! up there. What this module does not do: module names computed at run
//! time (`require(name)`), which cannot be known at load time, and
//! `require` of an ES module (use `import`).

use std::collections::HashMap;
use std::sync::Arc;

/// The files one rule set file's functions may import.
#[derive(Debug, Default)]
pub struct Imports {
    /// (importing file, module name as written) → the file it names.
    pub resolved: HashMap<(String, String), String>,
    /// Every importable file by name: its source, and whether it is an ES
    /// module (else CommonJS).
    pub files: HashMap<String, ImportedFile>,
}

#[derive(Debug)]
pub struct ImportedFile {
    pub source: Arc<str>,
    pub esm: bool,
}

/// What [`scan`] found in a source text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Relative module names (`./x`, `../x`) in `import ... from`,
    /// `import '...'`, `export ... from`, `import('...')` and
    /// `require('...')`, in source order, each once.
    pub relative: Vec<String>,
    /// Whether the text has `import` or `export` statements.
    pub esm: bool,
}

/// Finds the module names `source` imports. A lexer, not a parser: it
/// skips comments, string, template and regex literals, and reads a name
/// only where a string literal directly follows `from`, `import`,
/// `import(` or `require(`.
pub fn scan(source: &str) -> Scan {
    let b = source.as_bytes();
    let mut out = Scan::default();
    let mut i = 0;
    // Whether a `/` here starts a regex (no operand before it).
    let mut regex_ok = true;
    // The last word, and whether it may take a module name next.
    let mut last_word = "";
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = source[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = source[i + 2..]
                .find("*/")
                .map_or(b.len(), |n| i + 2 + n + 2);
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if matches!(c, b'\'' | b'"') {
            let end = string_end(b, i);
            let takes_name = matches!(last_word, "from" | "import" | "import(" | "require(");
            if takes_name && end > i + 1 {
                let name = &source[i + 1..end - 1];
                if (name.starts_with("./") || name.starts_with("../"))
                    && !out.relative.iter().any(|n| n == name)
                {
                    out.relative.push(name.to_string());
                }
            }
            i = end;
            regex_ok = false;
            last_word = "";
            continue;
        }
        if c == b'`' {
            i = string_end(b, i);
            regex_ok = false;
            last_word = "";
            continue;
        }
        if c == b'/' && regex_ok {
            i = regex_end(b, i);
            regex_ok = false;
            last_word = "";
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                i += 1;
            }
            let word = &source[start..i];
            // `x.import`, `x.from` are members, not keywords.
            let member = start > 0 && source[..start].trim_end().ends_with('.');
            let next = source[i..].trim_start().as_bytes().first().copied();
            last_word = match word {
                _ if member => "",
                "import" if next == Some(b'(') => "import(",
                // `import.meta`
                "import" if next == Some(b'.') => "",
                "import" | "export" => {
                    out.esm = true;
                    if word == "import" { "import" } else { "" }
                }
                "from" if out.esm => "from",
                "require" if next == Some(b'(') => "require(",
                _ => "",
            };
            regex_ok = matches!(
                word,
                "return"
                    | "typeof"
                    | "in"
                    | "of"
                    | "instanceof"
                    | "new"
                    | "delete"
                    | "void"
                    | "throw"
                    | "case"
                    | "do"
                    | "else"
                    | "yield"
                    | "await"
            );
            continue;
        }
        if c == b'(' && matches!(last_word, "import(" | "require(") {
            i += 1;
            regex_ok = true;
            continue;
        }
        last_word = "";
        regex_ok = !matches!(c, b')' | b']' | b'}') && !c.is_ascii_digit();
        i += 1;
    }
    out
}

/// End (exclusive) of the string or template literal at `start`.
fn string_end(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            b'\n' if quote != b'`' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// End (exclusive) of the regex literal at `start`, flags included. Also
/// the JSONPath filter scanner's ([`crate::jsonpath::js_filter`]).
pub(crate) fn regex_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            b'\n' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn finds_relative_module_names_in_every_form() {
        let s = scan(
            "import helper from './lib/helper.js';\n\
             import { a, b } from \"../shared/x\";\n\
             import './side-effect.js';\n\
             export { c } from './c.mjs';\n\
             import core from '@stoplight/spectral-core';\n\
             const d = require('./d');\n\
             const e = await import('./e.js');\n\
             export default () => helper;\n",
        );
        assert!(s.esm);
        assert_eq!(
            s.relative,
            [
                "./lib/helper.js",
                "../shared/x",
                "./side-effect.js",
                "./c.mjs",
                "./d",
                "./e.js"
            ]
        );
    }

    #[test]
    fn comments_strings_and_regexes_are_not_imports() {
        let s = scan(
            "// import x from './no1';\n\
             /* require('./no2') */\n\
             const t = \"require('./no3')\";\n\
             const r = /from '.\\/no4'/;\n\
             const u = `import('./no5')`;\n\
             obj.require('./no6');\n\
             module.exports = (x) => x / 2 / 1;\n",
        );
        assert_eq!(s, super::Scan::default());
    }

    #[test]
    fn commonjs_is_not_an_es_module() {
        let s =
            scan("const h = require('./h');\nmodule.exports = function (x) { return h(x); };\n");
        assert!(!s.esm);
        assert_eq!(s.relative, ["./h"]);
    }
}
