//! Spectral's core rule functions, one file each.
//!
//! A rule's `then` names a function and its `functionOptions`. The rule set
//! loader calls the function's constructor once with the options (typed
//! and validated there: a bad option is a rule set error), and the engine
//! then calls the constructed [`RuleFunction`] for every target the rule's
//! `given`/`field` select.
//!
//! Functions return results with messages in Spectral's wording; the engine
//! turns them into findings (rule message templates, severities, ranges).
//!
//! **Message convention (as in Spectral).** A function's message is itself
//! a template that the engine fills, because only the engine knows where
//! the reported path lands (e.g. a missing field is reported at its closest
//! existing parent, and Spectral then prints the property as
//! `"info.contact"`). Functions write these tokens literally:
//! - `#{{print("property")}}` → `"name" property ` (note the trailing
//!   space), or `The document ` at the root;
//! - `#{{print("value")}}` → the value at the result path: strings quoted
//!   (`"abc"`), numbers and booleans as is, `null`, `Object{}`, `Array[]`;
//! - `{{property}}`, `{{value}}`, `{{path}}`, `{{error}}` as in rule messages.
//!
//! So `truthy` returns `#{{print("property")}}must be truthy`.
//!
//! Layout: one file per function (the rule set name, snake-cased);
//! `print.rs` holds the tokens above and Spectral's `printValue` for text a
//! function prints itself, `options.rs` the option checks every constructor
//! shares, `collate.rs` the string order `alphabetical` sorts by.

use std::fmt::Debug;

mod alphabetical;
mod casing;
mod collate;
mod defined;
mod enumeration;
mod falsy;
mod length;
mod options;
mod or;
mod pattern;
pub(crate) mod print;
pub(crate) mod schema;
mod truthy;
mod typed_enum;
mod undefined;
pub(crate) mod unreferenced_reusable_object;
mod xor;

use crate::document::format::Formats;
use crate::document::{PathSeg, View, Workspace};
use crate::jsonpath::SegRef;

/// What a function is called with: the value at the target, a property
/// name (for `field: '@key'`), or nothing (the field does not exist).
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Undefined,
    /// A property name (`@key` targets and `~` matches).
    Key(&'a str),
    /// An array index from a `~` match, which JSONPath yields as a number
    /// (`@key` on an array yields strings, as `Object.keys` does).
    Index(usize),
    Node(View<'a>),
}

impl<'a> Input<'a> {
    pub fn view(&self) -> Option<View<'a>> {
        match self {
            Input::Node(v) => Some(*v),
            _ => None,
        }
    }

    /// The value as a string, if it is one (a key always is).
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Input::Key(k) => Some(k),
            Input::Node(v) => v.as_str(),
            Input::Index(_) | Input::Undefined => None,
        }
    }

    /// JavaScript truthiness of the value.
    pub fn is_truthy(&self) -> bool {
        match self {
            Input::Undefined => false,
            Input::Key(k) => !k.is_empty(),
            Input::Index(i) => *i != 0,
            Input::Node(v) => v.is_truthy(),
        }
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Input::Undefined)
    }
}

/// What a function knows besides its input.
pub struct Context<'a, 'c> {
    /// How the walk reached the target's match (borrowed, cheap).
    logical: &'c [SegRef<'a>],
    /// The target's path relative to the match (`then.field`).
    rel: &'c [PathSeg],
    /// `logical` + `rel` as owned segments, built on first use: most calls
    /// report nothing and never need it.
    path: std::cell::OnceCell<Vec<PathSeg>>,
    /// The whole document, resolved or not as the rule asked.
    pub root: View<'a>,
    pub workspace: &'a Workspace,
    pub formats: Formats,
    /// The rule's name, for messages that mention it.
    pub rule: &'c str,
}

impl<'a, 'c> Context<'a, 'c> {
    pub fn new(
        logical: &'c [SegRef<'a>],
        rel: &'c [PathSeg],
        root: View<'a>,
        workspace: &'a Workspace,
        formats: Formats,
        rule: &'c str,
    ) -> Context<'a, 'c> {
        Context {
            logical,
            rel,
            path: std::cell::OnceCell::new(),
            root,
            workspace,
            formats,
            rule,
        }
    }

    /// The target's path from the document root, as the rule saw it
    /// (through refs, in the resolved view).
    pub fn path(&self) -> &[PathSeg] {
        self.path.get_or_init(|| {
            let mut p: Vec<PathSeg> = self.logical.iter().map(|s| s.to_owned_seg()).collect();
            p.extend(self.rel.iter().cloned());
            p
        })
    }
}

/// One problem a function reports. `path` is absolute (from the document
/// root); `None` means the target's own path.
#[derive(Clone, Debug, PartialEq)]
pub struct FnResult {
    pub message: String,
    pub path: Option<Vec<PathSeg>>,
    /// Not a finding of the rule but a failure of its function (a custom
    /// JavaScript function that threw, ran out of time or memory): the
    /// engine reports it as `rule-function-error`, with `message` as is.
    pub function_error: bool,
}

impl FnResult {
    pub fn here(message: impl Into<String>) -> FnResult {
        FnResult {
            message: message.into(),
            path: None,
            function_error: false,
        }
    }

    pub fn at(message: impl Into<String>, path: Vec<PathSeg>) -> FnResult {
        FnResult {
            message: message.into(),
            path: Some(path),
            function_error: false,
        }
    }

    /// A failure of the function itself, reported at the target.
    pub fn function_error(message: impl Into<String>) -> FnResult {
        FnResult {
            message: message.into(),
            path: None,
            function_error: true,
        }
    }
}

/// A function with its options already validated.
pub trait RuleFunction: Send + Sync + Debug {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult>;
}

/// Builds a function from its `functionOptions` (`None` when absent).
/// The error says what is wrong with the options, in one sentence.
pub type Constructor = fn(Option<&serde_json::Value>) -> Result<Box<dyn RuleFunction>, String>;

/// The function named `name`: a core function, one of the functions
/// `spectral:oas` brings (`oasOpParams`, ...), or the check of an
/// `apilint:zalando` rule (named by the rule's code).
pub fn builtin(name: &str) -> Option<Constructor> {
    all().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// Names of all built-in functions (for "unknown function" errors).
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    all().map(|(n, _)| *n)
}

fn all() -> impl Iterator<Item = &'static (&'static str, Constructor)> {
    BUILTINS
        .iter()
        .chain(crate::rules::oas::functions::FUNCTIONS.iter())
        .chain(crate::rules::zalando::FUNCTIONS.iter())
}

/// Every core function under the name rule sets use for it.
const BUILTINS: &[(&str, Constructor)] = &[
    ("alphabetical", alphabetical::new),
    ("casing", casing::new),
    ("defined", defined::new),
    ("enumeration", enumeration::new),
    ("falsy", falsy::new),
    ("length", length::new),
    ("or", or::new),
    ("pattern", pattern::new),
    ("schema", schema::new),
    ("truthy", truthy::new),
    ("typedEnum", typed_enum::new),
    ("undefined", undefined::new),
    (
        "unreferencedReusableObject",
        unreferenced_reusable_object::new,
    ),
    ("xor", xor::new),
];

/// Runs functions on small documents, for the functions' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use super::*;
    use crate::document::format;
    use crate::document::pointer::parse_pointer;
    use crate::document::tree::to_pointer;
    use crate::document::workspace::LoadOptions;

    /// One result: its message and its absolute path as a JSON pointer.
    pub(crate) type Outcome = (String, String);

    /// Constructs function `name`; `Value::Null` stands for no options.
    pub(crate) fn build(
        name: &str,
        options: serde_json::Value,
    ) -> Result<Box<dyn RuleFunction>, String> {
        let ctor = builtin(name).unwrap_or_else(|| panic!("no function {name}"));
        ctor(if options.is_null() {
            None
        } else {
            Some(&options)
        })
    }

    /// The constructor's error for these options.
    pub(crate) fn build_error(name: &str, options: serde_json::Value) -> String {
        match build(name, options) {
            Ok(f) => panic!("options were accepted: {f:?}"),
            Err(e) => e,
        }
    }

    /// Runs function `name` with `options` on the node at `pointer` (RFC
    /// 6901) of the YAML document `doc`, resolved. A pointer to nothing
    /// calls the function with `Input::Undefined`, as a missing `field` does.
    pub(crate) fn run(
        name: &str,
        options: serde_json::Value,
        doc: &str,
        pointer: &str,
    ) -> Vec<Outcome> {
        let f = build(name, options).unwrap_or_else(|e| panic!("bad options: {e}"));
        run_fn(f.as_ref(), doc, pointer, false)
    }

    /// Like [`run`], with the last segment of `pointer` passed as a
    /// property name (`field: '@key'`).
    pub(crate) fn run_key(
        name: &str,
        options: serde_json::Value,
        doc: &str,
        pointer: &str,
    ) -> Vec<Outcome> {
        let f = build(name, options).unwrap_or_else(|e| panic!("bad options: {e}"));
        run_fn(f.as_ref(), doc, pointer, true)
    }

    /// Just the messages of [`run`].
    pub(crate) fn messages(
        name: &str,
        options: serde_json::Value,
        doc: &str,
        pointer: &str,
    ) -> Vec<String> {
        run(name, options, doc, pointer)
            .into_iter()
            .map(|(m, _)| m)
            .collect()
    }

    /// Runs an already built function; see [`run`].
    pub(crate) fn run_fn(
        f: &dyn RuleFunction,
        doc: &str,
        pointer: &str,
        as_key: bool,
    ) -> Vec<Outcome> {
        let ws = Workspace::from_text("t.yaml", Arc::from(doc), None, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("test document does not load: {e}"));
        let root = ws.view(true);
        let tokens =
            parse_pointer(pointer).unwrap_or_else(|e| panic!("bad pointer {pointer}: {e}"));
        // Numeric tokens index arrays; everything else is a key.
        let mut path: Vec<PathSeg> = Vec::new();
        let mut cur = Some(root);
        for t in &tokens {
            let seg = match (cur, t.parse::<usize>()) {
                (Some(v), Ok(i)) if v.is_array() => PathSeg::Index(i),
                _ => PathSeg::Key(t.clone()),
            };
            cur = cur.and_then(|v| match &seg {
                PathSeg::Key(k) => v.get(k),
                PathSeg::Index(i) => v.index(*i),
            });
            path.push(seg);
        }
        let input = match (as_key, cur, path.last()) {
            (true, Some(_), Some(PathSeg::Key(k))) => Input::Key(k),
            (true, _, _) => panic!("@key needs an existing property at {pointer}"),
            (false, Some(v), _) => Input::Node(v),
            (false, None, _) => Input::Undefined,
        };
        let ctx = Context::new(&[], &path, root, &ws, format::detect(root), "test-rule");
        f.call(input, &ctx)
            .into_iter()
            .map(|r| (r.message, to_pointer(r.path.as_deref().unwrap_or(&path))))
            .collect()
    }
}
