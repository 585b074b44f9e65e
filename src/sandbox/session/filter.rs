//! JSONPath filters that run as JavaScript: their evaluation during a
//! walk (in one runtime per thread shared by all rule sets), the queue of
//! their failures the walk collects, and their load-time checks (compiled,
//! then tried once on test values in a small runtime of their own).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use rquickjs::{Context, Ctx, Function, Object, Persistent, Runtime, Value};
use rustc_hash::FxHashMap;

use super::{
    CurrentWorkspace, Failure, LintState, Session, convert, exception_text, lazy_fn, limits,
    new_runtime, return_session, take_session, thrown,
};
use crate::jsonpath::js_filter::{PARAMS, ScriptFilter};
use crate::jsonpath::{FilterEnv, SegRef};
use crate::sandbox::Limits;

/// Rule-set key of the session that runs JavaScript filters: one per
/// thread for all rule sets, since a filter is an expression over the
/// document with no state of its own.
const FILTER_SESSION: u64 = u64::MAX;

/// Memory of the runtime that checks filters at load time.
const CHECKER_MEMORY: usize = 64 << 20;

/// A runtime for load-time checks of filters, one per thread.
struct Checker {
    /// The prelude-free probe runner ([`PROBE`]); dropped before the runtime.
    probe: Persistent<Function<'static>>,
    context: Context,
    deadline: Rc<Cell<Option<Instant>>>,
    timed_out: Rc<Cell<bool>>,
    _runtime: Runtime,
}

thread_local! {
    static CHECKER: RefCell<Option<Checker>> = const { RefCell::new(None) };
}

/// Runs `with` in this thread's checker runtime, made on first use.
fn with_checker<T>(with: impl FnOnce(&Checker) -> Result<T, String>) -> Result<T, String> {
    CHECKER.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            let deadline: Rc<Cell<Option<Instant>>> = Rc::default();
            let timed_out: Rc<Cell<bool>> = Rc::default();
            let limits = Limits {
                memory_bytes: CHECKER_MEMORY,
                ..limits()
            };
            let (runtime, context) =
                new_runtime(limits, deadline.clone(), timed_out.clone(), Rc::default())
                    .map_err(|e| e.to_string())?;
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
            let probe = context
                .with(|ctx| -> rquickjs::Result<Persistent<Function<'static>>> {
                    let f: Function = ctx.eval(PROBE)?;
                    Ok(Persistent::save(&ctx, f))
                })
                .map_err(|e| e.to_string())?;
            *c = Some(Checker {
                probe,
                context,
                deadline,
                timed_out,
                _runtime: runtime,
            });
        }
        with(c.as_ref().expect("made above"))
    })
}

/// Checks at load time that `f` compiles as JavaScript (nothing runs:
/// only the function is built). The error is QuickJS's message.
pub fn check_filter(f: &ScriptFilter) -> Result<(), String> {
    with_checker(|checker| checker.context.with(|ctx| compile(&ctx, f).map(drop)))
}

/// Calls a compiled filter with test values for every binding: `@`,
/// `@parent`, `@root` and `$` are one "any document value" that has every
/// member (each again such a value), is empty to iteration and key
/// listing, reads as `'0'` or `0`, and can be called only where a method
/// of a built-in type is (`@.name.trim()`), since JSON values are never
/// functions; `@property` is `'x'`, `@parentProperty` `'y'`. A filter that
/// still throws fails whatever the document holds.
const PROBE: &str = r#"
(() => {
  const methods = new Set();
  for (const proto of [Object.prototype, String.prototype, Array.prototype,
      Number.prototype, Boolean.prototype, RegExp.prototype]) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      try { if (typeof proto[k] === "function") methods.add(k); } catch (e) {}
    }
  }
  const primitive = (hint) => (hint === "number" ? 0 : "0");
  const any = (callable) => new Proxy(callable ? function () {} : {}, {
    get(t, k) {
      if (k === Symbol.toPrimitive) return primitive;
      if (k === Symbol.iterator) return function* () {};
      if (typeof k === "symbol") return undefined;
      if (k === "length") return 0;
      return any(methods.has(k));
    },
    apply() { return any(false); },
  });
  return (filter) => {
    const v = any(false);
    filter(v, "x", "y", v, "$['y']['x']", v, v);
  };
})()
"#;

/// What the load-time trial of a JavaScript filter found.
#[derive(Debug, PartialEq, Eq)]
pub enum Probe {
    /// It ran on the test values.
    Fine,
    /// It failed in a way real data might not repeat (a time limit, some
    /// exception): worth a warning.
    Suspicious(String),
    /// It can never work: it names something that does not exist in the
    /// sandbox, or calls a value of the document.
    Broken(String),
}

/// Runs `f` once on test values ([`PROBE`]), within the time limit per
/// call (at most 100 ms: loading should not wait long on one filter).
pub fn probe_filter(f: &ScriptFilter) -> Probe {
    let outcome = with_checker(|checker| {
        let budget = limits().timeout.min(std::time::Duration::from_millis(100));
        checker.timed_out.set(false);
        checker.deadline.set(Some(Instant::now() + budget));
        let result = checker.context.with(|ctx| {
            let run = checker
                .probe
                .clone()
                .restore(&ctx)
                .map_err(|e| e.to_string())?;
            let func = compile(&ctx, f)?;
            Ok(match run.call::<_, ()>((func,)) {
                Ok(()) => Probe::Fine,
                Err(rquickjs::Error::Exception) => match thrown(&ctx) {
                    Failure::Threw(why)
                        if why.starts_with("threw ReferenceError")
                            || why.contains("not a function") =>
                    {
                        Probe::Broken(why)
                    }
                    Failure::Stop(why) if why.starts_with("ran out of memory") => {
                        Probe::Suspicious(format!(
                            "ran out of memory (the trial may use {} MB)",
                            CHECKER_MEMORY >> 20
                        ))
                    }
                    Failure::Threw(why) | Failure::Stop(why) => Probe::Suspicious(why),
                    Failure::Message(m) => Probe::Suspicious(format!("threw {m:?}")),
                },
                Err(e) => Probe::Suspicious(e.to_string()),
            })
        });
        checker.deadline.set(None);
        if checker.timed_out.get() {
            return Ok(Probe::Suspicious(format!(
                "did not finish within {} ms",
                budget.as_millis()
            )));
        }
        result
    });
    outcome.unwrap_or_else(Probe::Suspicious)
}

/// `new Function(params, body)`: the body is parsed on its own, so the
/// expression cannot close the function and run code at definition time.
fn compile<'js>(ctx: &Ctx<'js>, f: &ScriptFilter) -> Result<Function<'js>, String> {
    let make: Function = ctx.globals().get("Function").map_err(|e| e.to_string())?;
    let mut args = rquickjs::function::Args::new(ctx.clone(), PARAMS.len() + 1);
    for p in PARAMS.iter().map(|p| p.to_string()).chain([f.body()]) {
        args.push_arg(p).map_err(|e| e.to_string())?;
    }
    match make.call_arg::<Function>(args) {
        Ok(func) => Ok(func),
        Err(rquickjs::Error::Exception) => Err(exception_text(ctx)),
        Err(e) => Err(e.to_string()),
    }
}

/// A JavaScript filter's failure that deserves a finding: the lint run
/// reports it as `rule-function-error`, naming the rule and its `given`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterFailure {
    /// The filter expression as the rule set wrote it.
    pub filter: String,
    /// What went wrong, as a sentence tail ("did not finish within ...").
    pub reason: String,
}

thread_local! {
    /// Failures of filters evaluated on this thread, waiting for the walk
    /// that evaluated them to collect them ([`take_filter_failures`]). A
    /// filter's evaluation is deep inside JSONPath matching, which has no
    /// way to report anything but true or false; this is its side door.
    static FILTER_FAILURES: RefCell<Vec<FilterFailure>> = const { RefCell::new(Vec::new()) };
}

/// The filter failures since the last call, on this thread.
pub fn take_filter_failures() -> Vec<FilterFailure> {
    FILTER_FAILURES.with(|f| std::mem::take(&mut *f.borrow_mut()))
}

/// Evaluates a JavaScript filter for the node in `env`: the truthiness of
/// its value. `Err` makes the filter false for the node. A filter that
/// reads a member of `undefined` or `null` is simply false there (as in
/// jsonpath-plus with `ignoreEvalErrors`, and as native filters are); any
/// other exception, and a filter stopped by a limit (time, memory, stack:
/// then it is false for the rest of the lint), is also queued once per
/// lint and reason for [`take_filter_failures`].
pub fn eval_filter(f: &ScriptFilter, env: &FilterEnv<'_, '_>) -> Result<bool, String> {
    let mut session = take_session(FILTER_SESSION)?;
    let result = session.filter(f, env);
    return_session(session);
    result
}

impl Session {
    fn filter(&mut self, f: &ScriptFilter, env: &FilterEnv<'_, '_>) -> Result<bool, String> {
        let ws = env.root.workspace();
        self.begin(ws);
        let key = || format!("filter:{}", f.id);
        {
            let st = self.state.borrow();
            if !st.stopped.is_empty() && st.stopped.contains(&key()) {
                return Err("stopped".into());
            }
        }
        let _current = CurrentWorkspace::set(ws);
        let timeout = self.start_clock();
        let outcome = {
            let Session {
                context,
                filters,
                api,
                state,
                ..
            } = self;
            context.with(|ctx| filter_in(&ctx, api, filters, state, f, env))
        };
        self.deadline.set(None);
        let failure = match outcome {
            Ok(v) => return Ok(v),
            Err(failure) => failure,
        };
        let failure = self.verdict(failure, timeout);
        let (reason, stop) = match failure {
            // The everyday case: `@.name.toLowerCase()` on a node without
            // a name. Not worth a finding, or the time to build one.
            Failure::Threw(r) if r.starts_with("threw TypeError: cannot read property") => {
                return Err(r);
            }
            Failure::Threw(r) => (r, false),
            Failure::Message(m) => (format!("threw {m:?}"), false),
            Failure::Stop(r) => (r, true),
        };
        let mut st = self.state.borrow_mut();
        if stop {
            st.stopped.insert(key());
            // The document's values may be half-built; start over.
            st.nodes.clear();
            drop(st);
            self.runtime.run_gc();
            st = self.state.borrow_mut();
        }
        if st.reported.insert((key(), reason.clone())) {
            let tail = if stop {
                "; it is false for the rest of this lint"
            } else {
                " (the filter is false for that node)"
            };
            FILTER_FAILURES.with(|q| {
                q.borrow_mut().push(FilterFailure {
                    filter: f.source.clone(),
                    reason: format!("{reason}{tail}"),
                })
            });
        }
        Err(reason)
    }
}

/// One filter evaluation inside the runtime.
fn filter_in<'js>(
    ctx: &Ctx<'js>,
    api: &Option<Persistent<Object<'static>>>,
    filters: &mut FxHashMap<u64, Persistent<Function<'static>>>,
    state: &Rc<RefCell<LintState>>,
    f: &ScriptFilter,
    env: &FilterEnv<'_, '_>,
) -> Result<bool, Failure> {
    // Errors outside the filter's own code: converting the document.
    let host = |e: rquickjs::Error| -> Failure {
        let why = match e {
            rquickjs::Error::Exception => exception_text(ctx),
            e => e.to_string(),
        };
        Failure::Stop(format!("could not be evaluated: {why}"))
    };
    let api = api
        .clone()
        .expect("the prelude ran")
        .restore(ctx)
        .map_err(host)?;
    if std::mem::take(&mut state.borrow_mut().reset) {
        let reset: Function = api.get("reset").map_err(host)?;
        reset.call::<_, ()>(()).map_err(host)?;
    }
    let func = match filters.get(&f.id) {
        Some(p) => p.clone().restore(ctx).map_err(host)?,
        None => {
            let func =
                compile(ctx, f).map_err(|why| Failure::Stop(format!("does not compile: {why}")))?;
            filters.insert(f.id, Persistent::save(ctx, func.clone()));
            func
        }
    };
    let seg = |s: SegRef<'_>| -> rquickjs::Result<Value<'js>> {
        Ok(match s {
            SegRef::Key(k) => rquickjs::String::from_str(ctx.clone(), k)?.into_value(),
            SegRef::Index(i) => Value::new_float(ctx.clone(), i as f64),
        })
    };
    let args = {
        let mut st = state.borrow_mut();
        let lazy = lazy_fn(ctx, &st).map_err(host)?;
        let current = convert::node(ctx, &lazy, env.current, &mut st.nodes).map_err(host)?;
        let parent = match f
            .uses_parent
            .then(|| crate::jsonpath::filter::filter_parent(env))
            .flatten()
        {
            Some(p) => convert::node(ctx, &lazy, p, &mut st.nodes).map_err(host)?,
            None => Value::new_undefined(ctx.clone()),
        };
        let root = convert::node(ctx, &lazy, env.root, &mut st.nodes).map_err(host)?;
        let path = if f.uses_path {
            let path = crate::jsonpath::filter::path_string(env.path);
            rquickjs::String::from_str(ctx.clone(), &path)
                .map_err(host)?
                .into_value()
        } else {
            Value::new_undefined(ctx.clone())
        };
        (
            current,
            seg(env.property).map_err(host)?,
            match env.parent_property {
                Some(p) => seg(p).map_err(host)?,
                None => Value::new_undefined(ctx.clone()),
            },
            parent,
            path,
            root.clone(),
            root,
        )
    };
    match func.call::<_, Value>(args) {
        Ok(value) => Ok(value.as_bool().unwrap_or_else(|| truthy(&value))),
        Err(rquickjs::Error::Exception) => Err(thrown(ctx)),
        Err(e) => Err(Failure::Threw(e.to_string())),
    }
}

/// JavaScript truthiness of a filter's value.
fn truthy(v: &Value<'_>) -> bool {
    if v.is_undefined() || v.is_null() {
        return false;
    }
    if let Some(b) = v.as_bool() {
        return b;
    }
    if let Some(n) = v.as_number() {
        return n != 0.0 && !n.is_nan();
    }
    if let Some(s) = v.as_string() {
        return s.to_string().is_ok_and(|s| !s.is_empty());
    }
    // Objects, functions, symbols; a BigInt 0n is the one falsy rest.
    true
}
