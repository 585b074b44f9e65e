//! Custom JavaScript rule functions, run unchanged in a sandbox.
//!
//! A rule set's top-level `functions: [name]` loads `NAME.js` from its
//! `functionsDir` (default `functions/` beside the rule set). The file is
//! an ES module whose default export is `(input, options, context) =>
//! results`, a CommonJS module (`module.exports = fn`), or either of those
//! built with `createRulesetFunction` from `@stoplight/spectral-core`, which
//! the sandbox provides as a small module of its own ([`shims`]).
//!
//! The engine is QuickJS (through `rquickjs`): it has a memory limit and an
//! interrupt hook, so a function that loops or allocates without end is
//! stopped, and it builds from C with the system compiler. README's design
//! section has the measurements behind the choice.
//!
//! - [`function`]: [`JsFunction`], the [`crate::functions::RuleFunction`]
//!   that rule sets get for a JavaScript function;
//! - `session`: one QuickJS runtime per thread and rule set, created
//!   lazily (QuickJS runtimes cannot move between threads, and the engine
//!   walks big documents on several threads), with the document converted
//!   to JavaScript values once per node;
//! - `convert`: document nodes and options into JavaScript values, results
//!   back into [`crate::functions::FnResult`]s;
//! - [`shims`]: the prelude (context objects, `require`) and the modules a
//!   function may import;
//! - [`imports`]: the other files of the rule set a function imports
//!   (`import x from './lib/x.js'`, `require('./x')`), read at load time.
//!
//! What a function cannot do: read or write files, open connections, start
//! processes, set timers (none of those exist in the runtime; `require` and
//! `import` resolve only the shim modules and the rule set's own files read
//! at load time), run longer than the time limit
//! per call, or use more memory than the limit per runtime. Any of those
//! ends the call with a `rule-function-error` finding that names the
//! function and the reason; the rest of the lint goes on.

mod convert;
pub mod function;
pub mod imports;
mod session;
pub mod shims;

use std::sync::RwLock;
use std::time::Duration;

pub use function::{JsFunction, ScriptModule, check_module};
pub use imports::Imports;
pub use session::{
    FilterFailure, Probe, check_filter, end_walk, eval_filter, probe_filter, take_filter_failures,
    thread_memory,
};

/// The code of the finding a failing function produces.
pub const FUNCTION_ERROR_CODE: &str = "rule-function-error";

/// The sandbox's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest one call of a function (module loading included) may run.
    pub timeout: Duration,
    /// Most memory one runtime may hold: the rule set's functions, their
    /// data, and the document as JavaScript values. There is one runtime
    /// per rule set and walk thread.
    pub memory_bytes: usize,
}

impl Limits {
    pub const DEFAULT_TIMEOUT_MS: u64 = 250;
    pub const DEFAULT_MEMORY_MB: usize = 512;

    /// The defaults, changed by `APILINT_JS_TIMEOUT_MS` and
    /// `APILINT_JS_MEMORY_MB` when they hold positive numbers.
    pub fn from_env() -> Limits {
        let env = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|&n| n > 0)
        };
        Limits {
            timeout: Duration::from_millis(
                env("APILINT_JS_TIMEOUT_MS").unwrap_or(Self::DEFAULT_TIMEOUT_MS),
            ),
            memory_bytes: env("APILINT_JS_MEMORY_MB")
                .map(|m| m as usize)
                .unwrap_or(Self::DEFAULT_MEMORY_MB)
                << 20,
        }
    }
}

/// The process-wide limits. One setting for the whole process because the
/// CLI and the service each have one configuration; a runtime reads them
/// when it is created and a call reads the timeout when it starts.
static LIMITS: RwLock<Option<Limits>> = RwLock::new(None);

/// Sets the limits for runtimes created and calls started from now on.
pub fn set_limits(limits: Limits) {
    *LIMITS.write().unwrap_or_else(|e| e.into_inner()) = Some(limits);
}

/// The limits in force ([`Limits::from_env`] until [`set_limits`]).
pub fn limits() -> Limits {
    if let Some(l) = *LIMITS.read().unwrap_or_else(|e| e.into_inner()) {
        return l;
    }
    let l = Limits::from_env();
    set_limits(l);
    l
}
