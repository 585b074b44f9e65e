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

use std::fmt::Debug;

use crate::document::format::Formats;
use crate::document::{PathSeg, View, Workspace};

/// What a function is called with: the value at the target, a property
/// name (for `field: '@key'`), or nothing (the field does not exist).
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Undefined,
    /// A property name (`@key` targets and `~` matches).
    Key(&'a str),
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
            Input::Undefined => None,
        }
    }

    /// JavaScript truthiness of the value.
    pub fn is_truthy(&self) -> bool {
        match self {
            Input::Undefined => false,
            Input::Key(k) => !k.is_empty(),
            Input::Node(v) => v.is_truthy(),
        }
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Input::Undefined)
    }
}

/// What a function knows besides its input.
pub struct Context<'a, 'c> {
    /// The target's path from the document root, as the rule saw it
    /// (through refs, in the resolved view).
    pub path: &'c [PathSeg],
    /// The whole document, resolved or not as the rule asked.
    pub root: View<'a>,
    pub workspace: &'a Workspace,
    pub formats: Formats,
    /// The rule's name, for messages that mention it.
    pub rule: &'c str,
}

/// One problem a function reports. `path` is absolute (from the document
/// root); `None` means the target's own path.
#[derive(Clone, Debug, PartialEq)]
pub struct FnResult {
    pub message: String,
    pub path: Option<Vec<PathSeg>>,
}

impl FnResult {
    pub fn here(message: impl Into<String>) -> FnResult {
        FnResult {
            message: message.into(),
            path: None,
        }
    }

    pub fn at(message: impl Into<String>, path: Vec<PathSeg>) -> FnResult {
        FnResult {
            message: message.into(),
            path: Some(path),
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

/// The core function named `name`.
pub fn builtin(name: &str) -> Option<Constructor> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// Names of all core functions (for "unknown function" errors).
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(n, _)| *n)
}

const BUILTINS: &[(&str, Constructor)] = &[];
