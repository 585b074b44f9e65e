//! JSONPath in Spectral's dialect (jsonpath-plus), compiled once per rule
//! set.
//!
//! - [`ast`]: the compiled form (segments, selectors, filter expressions);
//! - [`parser`]: text → AST, with byte offsets in errors;
//! - [`filter`]: evaluates `[?(...)]` expressions against a [`FilterEnv`];
//! - [`query`]: a standalone evaluator (one path, one document), used for
//!   `then.field` paths and tests. The lint run itself evaluates all
//!   `given` paths of a rule set together in one walk (`engine::walker`).

pub mod ast;
pub mod filter;
pub mod parser;
pub mod query;

pub use ast::{FilterExpr, JsonPath, Segment, Selector};
pub use filter::{FilterEnv, eval_filter};
pub use parser::{PathError, parse};
pub use query::{QueryMatch, query};

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
