//! JSONPath in Spectral's dialect, compiled once per rule set.
//!
//! Spectral 6 evaluates `given` paths with nimma and falls back to
//! jsonpath-plus for what nimma cannot parse; this module implements the
//! union of the two as rule sets use it, without a JavaScript engine.
//!
//! - [`ast`]: the compiled form (segments, selectors, filter expressions);
//! - [`parser`]: path text → AST, with byte offsets in errors;
//! - [`filter_parser`]: the JavaScript subset inside `[?( )]` → AST;
//! - [`filter`]: evaluates filter expressions against a [`FilterEnv`];
//! - [`regex`]: JavaScript regular expressions ([`JsRegex`]), also used by
//!   the `pattern` function;
//! - [`query`]: a standalone evaluator (one path, one document), used for
//!   `then.field` paths and tests. The lint run itself evaluates all
//!   `given` paths of a rule set together in one walk (`engine::walker`).
//!
//! # The supported dialect
//!
//! ## Paths
//!
//! | Form | Meaning |
//! |------|---------|
//! | `$` | the root; a path without `$` is read as `$.` + path (`paths` = `$.paths`) |
//! | `.name`, `.x-foo`, `.$ref`, `./pets/{id}` | the member `name` (any characters except `.[]~^'"(),` and whitespace) |
//! | `['a/b.c']`, `["x"]` | the member named by a quoted string (JS escapes: `\'`, `\n`, `\u00e9`, ...) |
//! | `.*`, `[*]` | every member or item |
//! | `[0]`, `[-1]` | an item; negative counts from the end |
//! | `.0`, `['0']` | a member `"0"`, or item 0 of an array |
//! | `[start:end:step]` | a slice (each part optional; negative bounds count from the end) |
//! | `[get,put]`, `['a','b']`, `[0,1]` | a union of names / indices / slices / `*` |
//! | `..name`, `..*`, `..[...]` | the selector applied to the node and every descendant: `$..x` is every `x` at any depth, `$..*` / `$..[?()]` every descendant except the root |
//! | `[?(expr)]` | the children for which the filter expression is truthy (`[?expr]`, RFC 9535's form, is accepted too; Spectral would read it as a name) |
//! | `@string()` etc. as a step (`$.x@string()`) | nimma's shorthand for `[?(@string())]` |
//! | `[(@.length-N)]` | jsonpath-plus's "N-th item from the end" (`[-N]`) |
//! | `^` | the parent of each match |
//! | `~` | the property name (or index) of each match; only as the last step |
//!
//! Matches come back in document order and unique by path.
//!
//! ## Filter expressions
//!
//! A JavaScript subset with JavaScript semantics:
//!
//! - values: `@` (the candidate), `@.x`, `@['x-y']`, `@.x.y[0]`,
//!   `@property` (its key as a string, or its index as a number),
//!   `@parentProperty`, `@parent`, `@path` (`$['paths']['/pets'][0]`),
//!   `@root` and `$`, each with member accesses; missing members and
//!   access on non-objects give `undefined`;
//! - `@parent` is the jsonpath-plus/nimma one: the parent of the node whose
//!   children are filtered, i.e. the grandparent of `@`;
//! - literals: strings (`'...'`, `"..."`), numbers, `true`, `false`,
//!   `null`, `undefined`, `void 0`, `NaN`, `Infinity`, regexes `/re/flags`;
//! - operators: `==`, `===`, `!=`, `!==`, `<`, `<=`, `>`, `>=`, `&&`,
//!   `||`, `!`, `typeof`, parentheses, and nimma's `a in b`
//!   (`b.includes(a)`) and `x ~= 're'`;
//! - methods: `/re/.test(x)`, `x.match(/re/)` or `x.match('re')`,
//!   `.includes(x)` and `.indexOf(x)` on strings and arrays,
//!   `.startsWith(x)`, `.endsWith(x)`, `.toLowerCase()`, `.toUpperCase()`,
//!   and `.length`; string methods on a number use its string form;
//! - type tests of the candidate: `@string()`, `@number()`, `@integer()`,
//!   `@boolean()`, `@null()`, `@array()`, `@object()` (arrays too, as
//!   `typeof` says), `@scalar()`, `@other()` (always false).
//!
//! Regexes use JavaScript syntax and run on the linear-time `regex` crate;
//! look-around and backreferences fall back to a backtracking engine with
//! a step limit.
//!
//! Anything else that is valid JavaScript (arithmetic, the ternary
//! operator, globals such as `Array.isArray` and `Object.keys`, other
//! methods, computed member access `@[@.key]`) falls back to the sandbox's
//! JavaScript engine ([`js_filter`]), with jsonpath-plus's bindings and the
//! sandbox's time limit per call; only those filters pay for it. A filter
//! that is not valid JavaScript either is a parse error (the native
//! parser's, with its offset). Script expressions `[(...)]` other than
//! `(@.length-N)` are not supported.

pub mod ast;
mod cursor;
pub mod filter;
pub mod filter_parser;
pub mod js_filter;
pub mod parser;
pub mod query;
pub mod regex;

pub use ast::{FilterExpr, JsonPath, Segment, Selector};
pub use filter::{FilterEnv, eval_filter};
pub use parser::{PathError, parse};
pub use query::{QueryMatch, query};
pub use regex::JsRegex;

/// A borrowed path step: how the walker and filters see `@property`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegRef<'a> {
    Key(&'a str),
    Index(usize),
}

impl SegRef<'_> {
    pub fn to_owned_seg(self) -> crate::document::PathSeg {
        match self {
            SegRef::Key(k) => crate::document::PathSeg::Key(k.to_string()),
            SegRef::Index(i) => crate::document::PathSeg::Index(i),
        }
    }
}

#[cfg(test)]
mod tests;
