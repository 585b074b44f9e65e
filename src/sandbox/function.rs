//! [`JsFunction`]: a rule set's JavaScript function as a
//! [`RuleFunction`], and the load-time check of its source.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::functions::{Context, FnResult, Input, RuleFunction};

/// One function file, read while the rule set loaded.
#[derive(Debug)]
pub struct ScriptModule {
    /// The name rules call it by.
    pub name: String,
    /// Where it was read from; also its module name inside the runtime,
    /// so error messages and stack traces name the file.
    pub path: String,
    pub source: Arc<str>,
    /// Which rule set load it belongs to: the functions of one rule set
    /// share runtimes, those of different rule sets never do.
    pub set: u64,
    /// The files it (and the other functions of its rule set file) may
    /// import, read at load time.
    pub imports: Arc<super::Imports>,
}

impl ScriptModule {
    pub fn new(
        name: String,
        path: String,
        source: Arc<str>,
        set: u64,
        imports: Arc<super::Imports>,
    ) -> ScriptModule {
        ScriptModule {
            name,
            path,
            source,
            set,
            imports,
        }
    }

    /// A fresh rule set identity, one per rule set load.
    pub fn next_set_id() -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }
}

/// A JavaScript function with its `functionOptions`.
#[derive(Debug)]
pub struct JsFunction {
    pub(super) module: Arc<ScriptModule>,
    /// The options as the rule set gave them (`null` when absent, as
    /// Spectral passes them).
    pub(super) options: serde_json::Value,
}

impl JsFunction {
    pub fn new(module: Arc<ScriptModule>, options: Option<&serde_json::Value>) -> JsFunction {
        JsFunction {
            module,
            options: options.cloned().unwrap_or(serde_json::Value::Null),
        }
    }

    pub fn module(&self) -> &Arc<ScriptModule> {
        &self.module
    }
}

impl RuleFunction for JsFunction {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        super::session::call(self, input, ctx)
    }
}

/// Compiles a function's source, and the ES modules it imports (from
/// `imports`), without running them, so a syntax error is a rule set error
/// (with the file's line and column) instead of a finding on every lint.
pub fn check_module(path: &str, source: &str, imports: &super::Imports) -> Result<(), String> {
    super::session::check_syntax(path, source, imports)
}
