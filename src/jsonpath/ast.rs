//! The compiled form of a Spectral JSONPath.
//!
//! A path is a list of segments applied left to right from the root (`$`).
//! Each segment selects children (`.a`, `[0]`, `[a,b]`, `[?(...)]`) or
//! descendants (`..`), or moves to the parent (`^`), or turns the matches
//! into their property names (`~`).

/// A compiled path; `source` is the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPath {
    pub source: String,
    pub segments: Vec<Segment>,
}

impl JsonPath {
    /// The filters of this path that run as JavaScript, in path order.
    pub fn script_filters(
        &self,
    ) -> impl Iterator<Item = &crate::jsonpath::js_filter::ScriptFilter> {
        self.segments
            .iter()
            .flat_map(|seg| match seg {
                Segment::Child(sels) | Segment::Descendant(sels) => sels.as_slice(),
                Segment::Parent | Segment::PropertyName => &[],
            })
            .filter_map(|sel| match sel {
                Selector::Filter(e) => match &**e {
                    FilterExpr::Script(f) => Some(&**f),
                    _ => None,
                },
                _ => None,
            })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    /// Children matching any of the selectors (`.a`, `[a,b]`, `[*]`, `[?()]`).
    Child(Vec<Selector>),
    /// The node itself and all its descendants, then children matching any
    /// of the selectors: `..a` / `..[?()]` / `..*` (jsonpath-plus semantics:
    /// `$..x` matches `x` at any depth, including directly under the root).
    Descendant(Vec<Selector>),
    /// `^`: the parent of each match.
    Parent,
    /// `~`: the property name (or index) of each match instead of its value.
    PropertyName,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    /// A property name (`.a`, `['a/b']`, unquoted union member `get`). On an
    /// array, a name made of digits selects that index.
    Name(String),
    Wildcard,
    /// `[n]`, negative counts from the end.
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    /// `[?(expr)]`: children for which `expr` is truthy.
    Filter(Box<FilterExpr>),
}

/// A filter expression (a small subset of JavaScript).
#[derive(Clone, Debug, PartialEq)]
pub enum FilterExpr {
    /// A literal: string, number, boolean, null, `undefined`.
    Literal(Literal),
    /// A regex literal `/re/flags`, compiled once.
    Regex(crate::jsonpath::filter::JsRegex),
    /// `@`, `@property`, `@parent`, `@parentProperty`, `@path`, `@root`
    /// (and `$` meaning the root), followed by member accesses.
    Var(Var, Vec<Access>),
    Not(Box<FilterExpr>),
    /// `typeof x`
    TypeOf(Box<FilterExpr>),
    Binary(BinOp, Box<FilterExpr>, Box<FilterExpr>),
    /// `x.method(args)` for the supported methods.
    Call(Box<FilterExpr>, Method, Vec<FilterExpr>),
    /// `@string()`, `@number()` ... : the type test of the current node.
    TypeSelector(TypeSel),
    /// `x.length`
    Length(Box<FilterExpr>),
    /// A filter the native parser does not handle, evaluated as
    /// JavaScript in the sandbox (always the whole expression).
    Script(std::sync::Arc<crate::jsonpath::js_filter::ScriptFilter>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    String(String),
    Number(f64),
    Bool(bool),
    Null,
    Undefined,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    Current,
    Property,
    Parent,
    ParentProperty,
    Path,
    Root,
}

/// `.name` or `['name']` or `[0]` after a variable.
#[derive(Clone, Debug, PartialEq)]
pub enum Access {
    Name(String),
    Index(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    StrictEq,
    Ne,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `regex.test(x)`
    Test,
    /// `x.match(regex)` (truthy when it matches)
    Match,
    Includes,
    IndexOf,
    StartsWith,
    EndsWith,
    ToLowerCase,
    ToUpperCase,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeSel {
    String,
    Number,
    Integer,
    Boolean,
    Null,
    Array,
    Object,
    Scalar,
    Other,
}
