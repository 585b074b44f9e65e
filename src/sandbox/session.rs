//! QuickJS runtimes, one per thread and rule set, and the calls into them.
//!
//! A QuickJS runtime must stay on the thread that made it, while the
//! engine walks a big document on several threads at once (rules split
//! between them). So each thread keeps its own runtimes in a thread-local
//! list, one per rule set (a few at most; the least recently used goes),
//! created on the first call of one of the rule set's functions. A thread
//! that never calls JavaScript never creates one: pure-Rust rule sets pay
//! nothing.
//!
//! A runtime outlives a lint (the service lints on pooled threads), but
//! what belongs to one lint does not: the converted document is dropped at
//! the end of each walk ([`end_walk`]); the functions stopped for good and
//! the errors already reported, when the runtime is next used on another
//! document.
//!
//! JSONPath filters that run as JavaScript share one more runtime per
//! thread (they have no state of their own); a separate small runtime per
//! thread checks them while rule sets load ([`check_filter`],
//! [`probe_filter`]).
//!
//! Limits: the runtime's memory limit, and an interrupt handler that ends
//! a call past its deadline. Both raise errors JavaScript cannot catch; the
//! function is then stopped for the rest of the lint (calling it again
//! would only cost another full timeout per target) with one finding.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use rquickjs::allocator::Allocator;
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Context, Ctx, Function, Module, Object, Persistent, Runtime, Value};
use rustc_hash::{FxHashMap, FxHashSet};

use super::convert::{self, NodeCache};
use super::function::JsFunction;
use super::shims;
use super::{Imports, Limits, limits};

mod filter;
use crate::document::Workspace;
use crate::document::format::Formats;
use crate::functions::{Context as FnContext, FnResult, Input};
pub use filter::{
    FilterFailure, Probe, check_filter, eval_filter, probe_filter, take_filter_failures,
};

/// Runtimes one thread keeps (one per rule set).
const MAX_SESSIONS_PER_THREAD: usize = 4;

/// Native stack a function may use: deep enough for real recursion,
/// small enough that runaway recursion fails fast with a clear error.
const MAX_STACK_BYTES: usize = 4 << 20;

thread_local! {
    static SESSIONS: RefCell<Vec<Session>> = const { RefCell::new(Vec::new()) };
    /// The workspace of the call in progress on this thread, for the
    /// native callbacks (`context.document.data` and friends). Set only
    /// for the duration of a call, by [`CurrentWorkspace`].
    static CURRENT: Cell<*const Workspace> = const { Cell::new(std::ptr::null()) };
}

/// Makes `ws` the current workspace until dropped.
struct CurrentWorkspace;

impl CurrentWorkspace {
    fn set(ws: &Workspace) -> CurrentWorkspace {
        CURRENT.with(|c| c.set(ws as *const Workspace));
        CurrentWorkspace
    }
}

impl Drop for CurrentWorkspace {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(std::ptr::null()));
    }
}

/// How a call failed.
enum Failure {
    /// The function cannot go on (time, memory, stack, or it did not
    /// load): reported once, and not called again in this lint.
    Stop(String),
    /// This call failed (it threw); later calls may succeed.
    Threw(String),
    /// The function threw a string: a message for a finding of the rule.
    Message(String),
}

/// What belongs to one lint of one document.
#[derive(Default)]
struct LintState {
    workspace: u64,
    nodes: NodeCache,
    /// Module paths of functions stopped for good.
    stopped: FxHashSet<String>,
    /// (module path, reason) of function errors already reported.
    reported: FxHashSet<(String, String)>,
    /// The prelude's `lazy` (makes the proxy of a document node).
    lazy: Option<Persistent<Function<'static>>>,
    /// Set when the document changed: the prelude forgets the previous
    /// document's unfilled proxies before the next call.
    reset: bool,
    /// Whether a call ran since the last [`end_walk`].
    used: bool,
}

struct Session {
    set: u64,
    /// Loaded functions by module path (or why loading failed).
    functions: FxHashMap<String, Result<Persistent<Function<'static>>, String>>,
    /// Compiled JavaScript filters by [`ScriptFilter::id`].
    filters: FxHashMap<u64, Persistent<Function<'static>>>,
    /// Converted `functionOptions`, by the address of their `JsFunction`.
    options: FxHashMap<usize, Persistent<Value<'static>>>,
    /// The prelude's hidden object (`call`, `beginModule`, `endModule`).
    api: Option<Persistent<Object<'static>>>,
    /// Shared with the native `root` callback, which converts the document
    /// on demand.
    state: Rc<RefCell<LintState>>,
    /// Shared with the module resolver and loader, and `require`.
    importable: Rc<RefCell<Importable>>,
    deadline: Rc<Cell<Option<Instant>>>,
    /// Set by the interrupt handler when it ends a call.
    timed_out: Rc<Cell<bool>>,
    context: Context,
    runtime: Runtime,
}

impl Drop for Session {
    fn drop(&mut self) {
        // JavaScript values held from Rust must go before the runtime.
        self.functions.clear();
        self.filters.clear();
        self.options.clear();
        self.api = None;
        let mut st = self.state.borrow_mut();
        st.nodes.clear();
        st.lazy = None;
    }
}

/// The rule set files a runtime's functions may import: the union of the
/// [`Imports`] of the functions it has loaded.
#[derive(Default)]
struct Importable {
    resolved: FxHashMap<(String, String), String>,
    files: FxHashMap<String, (Arc<str>, bool)>,
    /// Which [`Imports`] are in (by address; each is shared by the
    /// functions of one rule set file).
    merged: FxHashSet<usize>,
}

impl Importable {
    fn merge(&mut self, imports: &Arc<Imports>) {
        if self.merged.insert(Arc::as_ptr(imports) as usize) {
            self.add(imports);
        }
    }

    fn add(&mut self, imports: &Imports) {
        for (k, v) in &imports.resolved {
            self.resolved.insert(k.clone(), v.clone());
        }
        for (k, f) in &imports.files {
            self.files.insert(k.clone(), (f.source.clone(), f.esm));
        }
    }

    /// The file `name` means in `base`, if it was read at load time.
    fn resolve(&self, base: &str, name: &str) -> Option<&str> {
        self.resolved
            .get(&(base.to_string(), name.to_string()))
            .map(String::as_str)
    }
}

/// Why an import (`verb` "import of") or a `require` (`verb` "require")
/// cannot be answered.
fn unavailable(name: &str, verb: &str) -> String {
    let what = if verb == "require" {
        format!("require('{name}')")
    } else {
        format!("{verb} '{name}'")
    };
    if name.starts_with("./") || name.starts_with("../") {
        format!(
            "{what} is not available: only files inside the rule set's folder that a function names literally (`import x from './x.js'`, `require('./x')`) can be imported"
        )
    } else {
        format!("{what} {}", shims::UNAVAILABLE)
    }
}

/// Resolves imports: the shim modules, and the rule set's own files read
/// at load time.
struct SandboxResolver(Rc<RefCell<Importable>>);

impl Resolver for SandboxResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        if shims::MODULES.iter().any(|(n, _)| *n == name) {
            return Ok(name.to_string());
        }
        match self.0.borrow().resolve(base, name) {
            Some(file) => Ok(file.to_string()),
            None => Err(rquickjs::Error::new_resolving_message(
                base,
                name,
                unavailable(name, "import of"),
            )),
        }
    }
}

struct SandboxLoader(Rc<RefCell<Importable>>);

impl Loader for SandboxLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if let Some((_, source)) = shims::MODULES.iter().find(|(n, _)| *n == name) {
            return Module::declare(ctx.clone(), name, *source);
        }
        let file = self.0.borrow().files.get(name).cloned();
        match file {
            Some((source, true)) => Module::declare(ctx.clone(), name, source.as_bytes()),
            // A CommonJS file imported from an ES module: its
            // `module.exports` is the default export, as in Node.
            Some((_, false)) => {
                let key = serde_json::to_string(name).unwrap_or_default();
                Module::declare(
                    ctx.clone(),
                    name,
                    format!(
                        "export default globalThis[Symbol.for(\"apilint\")].requireFile({key});\n"
                    ),
                )
            }
            None => Err(rquickjs::Error::new_loading(name)),
        }
    }
}

/// The system allocator, failing allocations once the call in progress is
/// past its deadline. QuickJS asks the interrupt handler only every ten
/// thousand or so instructions; a loop that allocates a megabyte per step
/// would run for seconds between two questions. Failing its allocations
/// ends it on time (as an out-of-memory error JavaScript cannot escape for
/// long: the next interrupt check ends the call for good).
struct DeadlineAllocator {
    deadline: Rc<Cell<Option<Instant>>>,
    timed_out: Rc<Cell<bool>>,
    /// Reading the clock on every allocation would cost more than the
    /// allocation; every 64th (and every big one) is close enough.
    count: u32,
}

impl DeadlineAllocator {
    fn late(&mut self, size: usize) -> bool {
        self.count = self.count.wrapping_add(1);
        if !self.count.is_multiple_of(64) && size < (64 << 10) {
            return false;
        }
        let late = self.deadline.get().is_some_and(|d| Instant::now() >= d);
        if late {
            self.timed_out.set(true);
        }
        late
    }
}

// SAFETY: every pointer handed out comes from the C allocator and goes
// back to it; `usable_size` asks the same allocator.
unsafe impl Allocator for DeadlineAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if self.late(size) {
            return std::ptr::null_mut();
        }
        // SAFETY: plain C allocation.
        unsafe { libc::malloc(size) as *mut u8 }
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        if self.late(count.saturating_mul(size)) {
            return std::ptr::null_mut();
        }
        // SAFETY: plain C allocation.
        unsafe { libc::calloc(count, size) as *mut u8 }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: `ptr` came from this allocator (QuickJS's contract).
        unsafe { libc::free(ptr as *mut libc::c_void) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if self.late(new_size) {
            return std::ptr::null_mut();
        }
        // SAFETY: `ptr` came from this allocator (QuickJS's contract).
        unsafe { libc::realloc(ptr as *mut libc::c_void, new_size) as *mut u8 }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: `ptr` came from this allocator (QuickJS's contract).
        unsafe { libc::malloc_usable_size(ptr as *mut libc::c_void) }
    }
}

/// A bare runtime with the sandbox's limits and module rules. `deadline`
/// and `timed_out` are shared with the allocator (and, for sessions, the
/// interrupt handler).
fn new_runtime(
    limits: Limits,
    deadline: Rc<Cell<Option<Instant>>>,
    timed_out: Rc<Cell<bool>>,
    importable: Rc<RefCell<Importable>>,
) -> rquickjs::Result<(Runtime, Context)> {
    let runtime = Runtime::new_with_alloc(DeadlineAllocator {
        deadline,
        timed_out,
        count: 0,
    })?;
    runtime.set_memory_limit(limits.memory_bytes);
    runtime.set_max_stack_size(MAX_STACK_BYTES);
    runtime.set_loader(
        SandboxResolver(importable.clone()),
        SandboxLoader(importable),
    );
    // `Context::full` has the language's built-ins (JSON, RegExp, Map,
    // Promise, ...) and nothing of a host: QuickJS's `os` and `std`
    // modules (files, processes, timers) are not part of rquickjs.
    let context = Context::full(&runtime)?;
    Ok((runtime, context))
}

/// The message of a pending exception, with where it happened.
fn exception_text(ctx: &Ctx<'_>) -> String {
    let exc = ctx.catch();
    match exc.as_exception() {
        Some(e) => {
            let mut text = e.message().unwrap_or_default();
            if let Some(at) = e.stack().as_deref().and_then(first_location) {
                text.push_str(&format!(" (at {at})"));
            }
            text
        }
        None => convert::text(ctx, exc),
    }
}

/// `file:line:col` from the first line of a QuickJS stack trace.
fn first_location(stack: &str) -> Option<String> {
    // Frames in the prelude (`eval_script`) or in native code say nothing
    // to the function's author; the first frame in a file does.
    let line = stack
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("at ") && l.contains(".js:"))?;
    let inner = line.split_once('(').map(|(_, r)| r.trim_end_matches(')'));
    Some(inner.unwrap_or(&line[3..]).to_string())
}

pub(super) fn check_syntax(path: &str, source: &str, imports: &Imports) -> Result<(), String> {
    let mut importable = Importable::default();
    importable.add(imports);
    let (_runtime, context) = new_runtime(
        Limits {
            memory_bytes: 64 << 20,
            ..limits()
        },
        Rc::default(),
        Rc::default(),
        Rc::new(RefCell::new(importable)),
    )
    .map_err(|e| format!("cannot start the JavaScript runtime: {e}"))?;
    // Declaring a module also declares the modules it imports.
    context.with(|ctx| match Module::declare(ctx.clone(), path, source) {
        Ok(_) => Ok(()),
        Err(rquickjs::Error::Exception) => Err(exception_text(&ctx)),
        Err(e) => Err(e.to_string()),
    })
}

impl Session {
    /// What a failed call or filter evaluation ended as. The interrupt
    /// handler's verdict wins: whatever QuickJS made of the interrupt, the
    /// call ran out of `timeout`.
    /// Starts the time limit of one call or filter evaluation: the
    /// interrupt handler stops the script once the deadline passes (the
    /// caller clears it after). Gives the limit, for [`Session::verdict`].
    fn start_clock(&self) -> std::time::Duration {
        let timeout = limits().timeout;
        self.timed_out.set(false);
        self.deadline.set(Some(Instant::now() + timeout));
        timeout
    }

    fn verdict(&self, failure: Failure, timeout: std::time::Duration) -> Failure {
        if self.timed_out.get() {
            Failure::Stop(format!(
                "did not finish within {} ms (the time limit per call) and was stopped",
                timeout.as_millis()
            ))
        } else {
            failure
        }
    }

    fn new(set: u64) -> Result<Session, String> {
        let deadline: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
        let timed_out = Rc::new(Cell::new(false));
        let importable: Rc<RefCell<Importable>> = Rc::default();
        let (runtime, context) = new_runtime(
            limits(),
            deadline.clone(),
            timed_out.clone(),
            importable.clone(),
        )
        .map_err(|e| format!("cannot start the JavaScript runtime: {e}"))?;
        {
            let (deadline, timed_out) = (deadline.clone(), timed_out.clone());
            runtime.set_interrupt_handler(Some(Box::new(move || {
                let late = deadline.get().is_some_and(|d| Instant::now() >= d);
                if late {
                    timed_out.set(true);
                }
                late
            })));
        }
        let state: Rc<RefCell<LintState>> = Rc::default();
        let api = context
            .with(|ctx| -> rquickjs::Result<Persistent<Object<'static>>> {
                let native = natives(&ctx, state.clone(), importable.clone())?;
                ctx.globals().set("__apilint_native", native)?;
                ctx.eval::<(), _>(shims::prelude())?;
                let api: Object = ctx.eval("globalThis[Symbol.for('apilint')]")?;
                let lazy: Function = api.get("lazy")?;
                state.borrow_mut().lazy = Some(Persistent::save(&ctx, lazy));
                Ok(Persistent::save(&ctx, api))
            })
            .map_err(|e| format!("cannot start the JavaScript runtime: {e}"))?;
        Ok(Session {
            set,
            functions: FxHashMap::default(),
            filters: FxHashMap::default(),
            options: FxHashMap::default(),
            api: Some(api),
            state,
            importable,
            deadline,
            timed_out,
            context,
            runtime,
        })
    }

    /// Forgets the previous lint's state when `ws` is another document.
    fn begin(&self, ws: &Workspace) {
        let mut st = self.state.borrow_mut();
        st.used = true;
        let ws_id = ws.id();
        if st.workspace != ws_id {
            st.nodes.clear();
            st.stopped.clear();
            st.reported.clear();
            st.workspace = ws_id;
            st.reset = true;
        }
    }

    fn call(&mut self, f: &JsFunction, input: Input<'_>, cx: &FnContext<'_, '_>) -> Vec<FnResult> {
        let path = f.module.path.clone();
        self.begin(cx.workspace);
        self.importable.borrow_mut().merge(&f.module.imports);
        if self.state.borrow().stopped.contains(&path) {
            return Vec::new();
        }
        let _current = CurrentWorkspace::set(cx.workspace);
        let timeout = self.start_clock();
        let outcome = {
            let Session {
                context,
                functions,
                options,
                api,
                state,
                ..
            } = self;
            context.with(|ctx| {
                let api = api.clone().expect("the prelude ran").restore(&ctx);
                match api {
                    Ok(api) => call_in(&ctx, &api, functions, options, state, f, input, cx),
                    Err(e) => Err(Failure::Stop(e.to_string())),
                }
            })
        };
        self.deadline.set(None);
        let failure = match outcome {
            Ok(results) => return results,
            Err(Failure::Message(m)) => return vec![FnResult::here(m)],
            Err(failure) => failure,
        };
        let failure = self.verdict(failure, timeout);
        let (reason, stop) = match failure {
            Failure::Stop(r) => (r, true),
            Failure::Threw(r) | Failure::Message(r) => (r, false),
        };
        // Memory used up: free what the function left behind.
        self.runtime.run_gc();
        let mut st = self.state.borrow_mut();
        if stop {
            st.stopped.insert(path.clone());
            // The document's values may be half-built; start over.
            st.nodes.clear();
        }
        if !st.reported.insert((path, reason.clone())) {
            return Vec::new();
        }
        let what = if stop {
            "; it is not called again in this lint"
        } else {
            ""
        };
        vec![FnResult::function_error(format!(
            "function \"{}\" (rule \"{}\") {reason}{what}",
            f.module.name, cx.rule
        ))]
    }
}

/// One call inside the runtime.
#[allow(clippy::too_many_arguments)]
fn call_in<'js>(
    ctx: &Ctx<'js>,
    api: &Object<'js>,
    functions: &mut FxHashMap<String, Result<Persistent<Function<'static>>, String>>,
    options: &mut FxHashMap<usize, Persistent<Value<'static>>>,
    state: &Rc<RefCell<LintState>>,
    f: &JsFunction,
    input: Input<'_>,
    cx: &FnContext<'_, '_>,
) -> Result<Vec<FnResult>, Failure> {
    let memory = |e: rquickjs::Error| -> Failure {
        let _ = ctx.catch();
        Failure::Stop(format!(
            "ran out of memory while its input was converted ({e})"
        ))
    };
    let function = load(ctx, api, functions, f)?;
    if std::mem::take(&mut state.borrow_mut().reset) {
        let reset: Function = api.get("reset").map_err(memory)?;
        reset.call::<_, ()>(()).map_err(memory)?;
    }
    let input = match input {
        Input::Undefined => Value::new_undefined(ctx.clone()),
        Input::Key(k) => rquickjs::String::from_str(ctx.clone(), k)
            .map_err(memory)?
            .into_value(),
        Input::Index(i) => Value::new_float(ctx.clone(), i as f64),
        Input::Node(v) => {
            let mut st = state.borrow_mut();
            let lazy = lazy_fn(ctx, &st).map_err(memory)?;
            convert::node(ctx, &lazy, v, &mut st.nodes).map_err(memory)?
        }
    };
    let key = f as *const JsFunction as usize;
    let opts = match options.get(&key) {
        Some(p) => p.clone().restore(ctx).map_err(memory)?,
        None => {
            let json = serde_json::to_string(&f.options).unwrap_or_else(|_| "null".into());
            let v: Value = ctx.json_parse(json).map_err(memory)?;
            options.insert(key, Persistent::save(ctx, v.clone()));
            v
        }
    };
    let path = convert::path(ctx, cx.path()).map_err(memory)?;
    let call: Function = api.get("call").map_err(memory)?;
    let source = cx.workspace.doc(cx.root.loc().doc).name.as_str();
    let returned: rquickjs::Result<Value> = (|| {
        // More arguments than a tuple converts.
        let mut args = rquickjs::function::Args::new(ctx.clone(), 8);
        args.push_arg(function)?;
        args.push_arg(input)?;
        args.push_arg(opts)?;
        args.push_arg(path)?;
        args.push_arg(cx.rule)?;
        args.push_arg(source)?;
        args.push_arg(cx.formats.bits())?;
        args.push_arg(f.module.path.as_str())?;
        call.call_arg(args)
    })();
    let value = match returned {
        Ok(v) => v,
        Err(rquickjs::Error::Exception) => return Err(thrown(ctx)),
        Err(e) => return Err(Failure::Threw(e.to_string())),
    };
    let value = settle(ctx, value)?;
    convert::results(ctx, value).map_err(Failure::Threw)
}

/// An async function's result: runs the promise's jobs until it settles.
fn settle<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<Value<'js>, Failure> {
    let Some(promise) = value.as_promise() else {
        return Ok(value);
    };
    loop {
        match promise.result::<Value>() {
            Some(Ok(v)) => return Ok(v),
            Some(Err(rquickjs::Error::Exception)) => return Err(thrown(ctx)),
            Some(Err(e)) => return Err(Failure::Threw(e.to_string())),
            None => {
                if !ctx.execute_pending_job() {
                    return Err(Failure::Stop(
                        "returned a promise that never settles (the sandbox has no timers or I/O to wait for)".into(),
                    ));
                }
            }
        }
    }
}

/// What a thrown value means. A string is the function's way of saying
/// what is wrong (Spectral functions do `throw 'message'`): it becomes a
/// finding of the rule. An `Error` is a failure of the function itself,
/// reported as such (a rule's message template would otherwise hide its
/// text); so is any other value. QuickJS's own errors for the limits are
/// recognised by their messages.
fn thrown(ctx: &Ctx<'_>) -> Failure {
    let exc = ctx.catch();
    if let Some(s) = exc.as_string() {
        let text = s.to_string().unwrap_or_default();
        return Failure::Message(text);
    }
    if let Some(e) = exc.as_exception() {
        let message = e.message().unwrap_or_default();
        let name: String = e
            .get::<_, Option<String>>("name")
            .ok()
            .flatten()
            .unwrap_or_else(|| "Error".into());
        if message.contains("out of memory") {
            return Failure::Stop(format!(
                "ran out of memory (the limit is {} MB per rule set and thread) and was stopped",
                limits().memory_bytes >> 20
            ));
        }
        if message.contains("stack overflow") || message.contains("call stack size") {
            return Failure::Stop(format!(
                "recursed too deep (stack limit {} MB) and was stopped",
                MAX_STACK_BYTES >> 20
            ));
        }
        if message == "interrupted" {
            return Failure::Stop("was interrupted".into());
        }
        let at = e
            .stack()
            .as_deref()
            .and_then(first_location)
            .map(|l| format!(" (at {l})"))
            .unwrap_or_default();
        return Failure::Threw(format!("threw {name}: {message}{at}"));
    }
    if exc.is_null() || exc.is_undefined() {
        // QuickJS throws `null` when it cannot even allocate the error.
        return Failure::Threw(format!(
            "threw {} (not a message or an Error)",
            convert::describe(ctx, &exc)
        ));
    }
    Failure::Threw(format!(
        "threw a non-string value, {} (throw a message string or an Error)",
        convert::describe(ctx, &exc)
    ))
}

/// The function a module exports, loading the module on first use.
fn load<'js>(
    ctx: &Ctx<'js>,
    api: &Object<'js>,
    functions: &mut FxHashMap<String, Result<Persistent<Function<'static>>, String>>,
    f: &JsFunction,
) -> Result<Function<'js>, Failure> {
    let module = &f.module;
    if let Some(loaded) = functions.get(&module.path) {
        return match loaded {
            Ok(p) => p
                .clone()
                .restore(ctx)
                .map_err(|e| Failure::Stop(e.to_string())),
            Err(why) => Err(Failure::Stop(why.clone())),
        };
    }
    let result = evaluate(ctx, api, &module.path, &module.source);
    let stored = match &result {
        Ok(func) => Ok(Persistent::save(ctx, func.clone())),
        Err(Failure::Stop(why) | Failure::Threw(why) | Failure::Message(why)) => Err(why.clone()),
    };
    functions.insert(module.path.clone(), stored);
    result
}

fn evaluate<'js>(
    ctx: &Ctx<'js>,
    api: &Object<'js>,
    path: &str,
    source: &str,
) -> Result<Function<'js>, Failure> {
    let fail = |ctx: &Ctx<'js>, e: rquickjs::Error| -> Failure {
        let why = match e {
            rquickjs::Error::Exception => exception_text(ctx),
            e => e.to_string(),
        };
        Failure::Stop(format!("could not be loaded: {why}"))
    };
    let begin: Function = api.get("beginModule").map_err(|e| fail(ctx, e))?;
    let end: Function = api.get("endModule").map_err(|e| fail(ctx, e))?;
    let cjs: Value = begin.call((path,)).map_err(|e| fail(ctx, e))?;
    let declared = Module::declare(ctx.clone(), path, source).map_err(|e| fail(ctx, e))?;
    let (evaluated, promise) = declared.eval().map_err(|e| fail(ctx, e))?;
    promise.finish::<()>().map_err(|e| fail(ctx, e))?;
    let namespace = evaluated.namespace().map_err(|e| fail(ctx, e))?;
    let exported: Value = end.call((cjs, namespace)).map_err(|e| fail(ctx, e))?;
    match exported.into_function() {
        Some(func) => Ok(func),
        None => Err(Failure::Stop(
            "could not be loaded: the file exports no function (neither `export default` nor `module.exports`)".into(),
        )),
    }
}

/// The workspace of the call in progress, if it is the one `state` was
/// built for; a JavaScript error otherwise (a function that kept document
/// values in a global and touched them later).
fn current<'js, 'w>(
    ctx: &Ctx<'js>,
    state: &Rc<RefCell<LintState>>,
) -> rquickjs::Result<&'w Workspace> {
    let ws = CURRENT.with(|c| c.get());
    // SAFETY: CURRENT is set only while a call holds `&Workspace` (see
    // `Session::call`) and cleared before that borrow ends; callbacks run
    // inside that call, on this thread, and do not keep the reference.
    let ws = (!ws.is_null()).then(|| unsafe { &*ws });
    match ws {
        Some(ws) if ws.id() == state.borrow().workspace => Ok(ws),
        _ => Err(rquickjs::Exception::throw_message(
            ctx,
            "document values can only be read while the function runs",
        )),
    }
}

fn lazy_fn<'js>(ctx: &Ctx<'js>, st: &LintState) -> rquickjs::Result<Function<'js>> {
    match &st.lazy {
        Some(l) => l.clone().restore(ctx),
        None => Err(rquickjs::Exception::throw_message(
            ctx,
            "the sandbox's prelude did not run",
        )),
    }
}

/// The Rust callbacks the prelude uses: `root(resolved)` gives the current
/// document's root, `fill(target, id)` converts the members of a lazy
/// node, `validate(schema, value)` checks a value against a JSON Schema.
fn natives<'js>(
    ctx: &Ctx<'js>,
    state: Rc<RefCell<LintState>>,
    importable: Rc<RefCell<Importable>>,
) -> rquickjs::Result<Object<'js>> {
    let native = Object::new(ctx.clone())?;
    let imp = importable.clone();
    native.set(
        "resolve",
        Function::new(
            ctx.clone(),
            move |base: String, name: String| -> Option<String> {
                imp.borrow().resolve(&base, &name).map(str::to_string)
            },
        )?,
    )?;
    native.set("coreNames", shims::CORE_FUNCTIONS.to_vec())?;
    native.set(
        "core",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             input: Value<'js>,
             options: Value<'js>,
             bits: u32,
             rule: String|
             -> rquickjs::Result<Value<'js>> {
                core_function(&ctx, &name, input, options, bits, &rule)
            },
        )?,
    )?;
    native.set(
        "unavailable",
        Function::new(ctx.clone(), |name: String| unavailable(&name, "require")),
    )?;
    // `compileCommonJs(file)`: a CommonJS file as a function of `module`,
    // `exports`, `require`, `__filename` and `__dirname` (`null` for an
    // ES module; `undefined` for a file not read at load time). Compiled
    // under the file's name, on its own lines, so errors name it.
    native.set(
        "compileCommonJs",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, file: String| -> rquickjs::Result<Value<'js>> {
                let found = importable.borrow().files.get(&file).cloned();
                match found {
                    None => Ok(Value::new_undefined(ctx)),
                    Some((_, true)) => Ok(Value::new_null(ctx)),
                    Some((source, false)) => {
                        let mut options = rquickjs::context::EvalOptions::default();
                        options.global = true;
                        options.strict = false;
                        options.filename = Some(file);
                        ctx.eval_with_options(
                            format!(
                                "(function (module, exports, require, __filename, __dirname) {{{source}\n}})"
                            ),
                            options,
                        )
                    }
                }
            },
        )?,
    )?;
    let st = state.clone();
    native.set(
        "root",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, resolved: bool| -> rquickjs::Result<Value<'js>> {
                let ws = current(&ctx, &st)?;
                let mut st = st.borrow_mut();
                let lazy = lazy_fn(&ctx, &st)?;
                convert::node(&ctx, &lazy, ws.view(resolved), &mut st.nodes)
            },
        )?,
    )?;
    native.set(
        "fill",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, target: Object<'js>, id: f64| -> rquickjs::Result<()> {
                let ws = current(&ctx, &state)?;
                let Some(view) = convert::view_of(ws, id) else {
                    return Err(rquickjs::Exception::throw_message(
                        &ctx,
                        "a document value from another lint was used",
                    ));
                };
                let mut st = state.borrow_mut();
                let lazy = lazy_fn(&ctx, &st)?;
                convert::fill(&ctx, &lazy, &target, view, &mut st.nodes)
            },
        )?,
    )?;
    native.set(
        "validate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, schema: Value<'js>, value: Value<'js>| -> Option<String> {
                validate(&ctx, schema, value)
            },
        )?,
    )?;
    Ok(native)
}

/// A core function called from JavaScript (`@stoplight/spectral-functions`):
/// `input` becomes a small document of its own (its JSON), the function
/// runs on it, and its results come back as `[{message, path}]` with
/// paths relative to the input. Functions built from options are kept per
/// thread by name and options.
fn core_function<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    input: Value<'js>,
    options: Value<'js>,
    bits: u32,
    rule: &str,
) -> rquickjs::Result<Value<'js>> {
    thread_local! {
        static BUILT: RefCell<FxHashMap<(String, String), Rc<dyn crate::functions::RuleFunction>>> =
            RefCell::new(FxHashMap::default());
    }
    let throw = |message: String| rquickjs::Exception::throw_message(ctx, &message);
    let json = |v: Value<'js>| -> rquickjs::Result<Option<String>> {
        Ok(match ctx.json_stringify(v)? {
            Some(s) => Some(s.to_string()?),
            None => None,
        })
    };
    let options_text = json(options)?.unwrap_or_else(|| "null".into());
    let built = BUILT.with(|b| -> Result<_, String> {
        let mut map = b.borrow_mut();
        if map.len() > 256 {
            map.clear();
        }
        let key = (name.to_string(), options_text.clone());
        if let Some(f) = map.get(&key) {
            return Ok(f.clone());
        }
        let make = crate::functions::builtin(name)
            .filter(|_| shims::CORE_FUNCTIONS.contains(&name))
            .ok_or_else(|| format!("\"{name}\" is not a core function"))?;
        let options: serde_json::Value =
            serde_json::from_str(&options_text).map_err(|e| e.to_string())?;
        let options = (!options.is_null()).then_some(&options);
        let f: Rc<dyn crate::functions::RuleFunction> = Rc::from(
            make(options)
                .map_err(|why| format!("\"{name}\" function has invalid options: {why}"))?,
        );
        map.insert(key, f.clone());
        Ok(f)
    });
    let function = built.map_err(throw)?;
    // `undefined` (and functions, symbols) have no JSON form: no document.
    let input_text = json(input)?;
    let ws = match &input_text {
        Some(text) => Some(
            Workspace::from_text(
                "input.json",
                Arc::from(text.as_str()),
                None,
                &crate::document::workspace::LoadOptions::default(),
            )
            .map_err(|e| throw(format!("the input of \"{name}\" is not a document: {e}")))?,
        ),
        None => None,
    };
    let results = match &ws {
        Some(ws) => {
            let root = ws.view(true);
            let cx = FnContext::new(&[], &[], root, ws, Formats::from_bits(bits), rule);
            function.call(Input::Node(root), &cx)
        }
        None => {
            let ws = Workspace::from_text(
                "input.json",
                Arc::from("null"),
                None,
                &crate::document::workspace::LoadOptions::default(),
            )
            .map_err(|e| throw(e.to_string()))?;
            let root = ws.view(true);
            let cx = FnContext::new(&[], &[], root, &ws, Formats::from_bits(bits), rule);
            function.call(Input::Undefined, &cx)
        }
    };
    let out = rquickjs::Array::new(ctx.clone())?;
    for (i, r) in results.into_iter().enumerate() {
        let item = Object::new(ctx.clone())?;
        item.set("message", r.message)?;
        item.set(
            "path",
            convert::path(ctx, r.path.as_deref().unwrap_or(&[]))?,
        )?;
        out.set(i, item)?;
    }
    Ok(out.into_value())
}

/// `createRulesetFunction`'s schema check: `None` when `value` is valid,
/// else the first problem. Compiled schemas are kept per thread by text.
fn validate<'js>(ctx: &Ctx<'js>, schema: Value<'js>, value: Value<'js>) -> Option<String> {
    thread_local! {
        static VALIDATORS: RefCell<FxHashMap<String, Result<Rc<jsonschema::Validator>, String>>> =
            RefCell::new(FxHashMap::default());
    }
    let json = |v: Value<'js>| -> Option<serde_json::Value> {
        let text = ctx.json_stringify(v).ok().flatten()?.to_string().ok()?;
        serde_json::from_str(&text).ok()
    };
    let schema_text = ctx
        .json_stringify(schema)
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok())?;
    // `undefined` has no JSON form; a schema sees it as absent (null).
    let value = json(value).unwrap_or(serde_json::Value::Null);
    let validator = VALIDATORS.with(|v| {
        let mut map = v.borrow_mut();
        if map.len() > 256 {
            map.clear();
        }
        map.entry(schema_text.clone())
            .or_insert_with(|| {
                let schema: serde_json::Value =
                    serde_json::from_str(&schema_text).map_err(|e| e.to_string())?;
                jsonschema::validator_for(&schema)
                    .map(Rc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    });
    match validator {
        Ok(v) => v.iter_errors(&value).next().map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at} {e}")
            }
        }),
        Err(why) => Some(format!("the schema is invalid: {why}")),
    }
}

/// Ends a walk on this thread: its runtimes let go of the document's
/// values (converted nodes, and the prelude's proxies not yet filled), and
/// collect them. Without this a runtime kept the last document it saw
/// until its next call, which on the service's pooled threads may be much
/// later. What belongs to the lint itself (functions stopped, errors
/// reported) stays until another document comes, so a lint's second walk
/// (`resolved: false` rules) does not report them again.
pub fn end_walk() {
    SESSIONS.with(|s| {
        for session in s.borrow().iter() {
            session.release();
        }
    });
}

/// JavaScript memory held by this thread's runtimes, in bytes (QuickJS's
/// own count of what it allocated).
pub fn thread_memory() -> usize {
    SESSIONS.with(|s| {
        s.borrow()
            .iter()
            .map(|session| session.runtime.memory_usage().malloc_size.max(0) as usize)
            .sum()
    })
}

impl Session {
    /// See [`end_walk`].
    fn release(&self) {
        let mut st = self.state.borrow_mut();
        if !std::mem::take(&mut st.used) {
            return;
        }
        st.nodes.clear();
        st.reset = false;
        drop(st);
        let forgot = self.context.with(|ctx| -> rquickjs::Result<()> {
            let Some(api) = &self.api else {
                return Ok(());
            };
            let reset: Function = api.clone().restore(&ctx)?.get("reset")?;
            reset.call::<_, ()>(())
        });
        if forgot.is_err() {
            // Cannot happen short of memory; the next call tries again.
            self.state.borrow_mut().reset = true;
        }
        self.runtime.run_gc();
    }
}

/// This thread's session for rule set `set`, taken out of the list so
/// that nothing the call does finds the list borrowed (a callback that
/// lints, a nested session); made when the thread has none yet. Give it
/// back with [`return_session`].
fn take_session(set: u64) -> Result<Session, String> {
    let taken = SESSIONS.with(|s| {
        let mut list = s.borrow_mut();
        list.iter()
            .position(|sess| sess.set == set)
            .map(|i| list.remove(i))
    });
    match taken {
        Some(s) => Ok(s),
        None => Session::new(set),
    }
}

/// Puts a session taken by [`take_session`] back, as the most recently
/// used; the least recently used goes when the thread holds more than
/// [`MAX_SESSIONS_PER_THREAD`].
fn return_session(session: Session) {
    let evicted = SESSIONS.with(|s| {
        let mut list = s.borrow_mut();
        list.insert(0, session);
        if list.len() > MAX_SESSIONS_PER_THREAD {
            list.pop()
        } else {
            None
        }
    });
    // Dropped outside the borrow: a runtime's teardown runs finalizers.
    drop(evicted);
}

/// Calls `f` in this thread's runtime for its rule set.
pub(super) fn call(f: &JsFunction, input: Input<'_>, cx: &FnContext<'_, '_>) -> Vec<FnResult> {
    let mut session = match take_session(f.module.set) {
        Ok(s) => s,
        Err(why) => {
            return vec![FnResult::function_error(format!(
                "function \"{}\" (rule \"{}\") could not run: {why}",
                f.module.name, cx.rule
            ))];
        }
    };
    let results = session.call(f, input, cx);
    return_session(session);
    results
}
