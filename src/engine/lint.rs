//! The lint run: one document workspace, one rule set, a list of findings.
//!
//! Steps, in order:
//! 1. problems found while loading (`parser`, `invalid-ref`) become findings;
//! 2. the document's formats are detected and rules for other formats drop
//!    out (a document of no known format gets `unrecognized-format`);
//! 3. the distinct `given` paths of all remaining rules are compiled into
//!    programs (resolved and `resolved: false` rules apart) and each
//!    program is run in one walk ([`super::walker`]); a path several rules
//!    share is matched once and each match goes to all of them;
//! 4. each match goes through the rule's `then` clauses: `field` selects
//!    targets, the function runs, results become findings at their
//!    physical place (the file and path where the value is written);
//! 5. identical findings reached through different refs collapse into one,
//!    and the rest are sorted by file, then position.

use std::time::{Duration, Instant};

use super::rule::{Field, Rule, RuleSet, Then};
use super::timing::{LintTiming, RuleTime};
use super::walker::{self, Match, Program, WalkLimits, WalkStop};
use super::{Finding, Severity};
use crate::document::format::{self, Formats};
use crate::document::{
    DiagnosticSeverity, DocId, Loc, NodeId, PathSeg, Span, Value, View, Workspace,
};
use crate::functions::{Context, FnResult, Input};
use crate::jsonpath::{self, JsonPath, QueryMatch, SegRef};
use crate::sandbox::FilterFailure;

#[derive(Clone, Debug)]
pub struct LintOptions {
    /// Most (node, query state) visits one walk may make before it stops
    /// with a finding; a guard against pathological ref fan-out.
    pub max_visits: usize,
    /// Deepest logical path the walk follows.
    pub max_depth: usize,
    /// Do not report `unrecognized-format` (Spectral's
    /// `--ignore-unknown-format`).
    pub ignore_unknown_format: bool,
    /// How many threads share the walk of resolved rules (rules are split
    /// between them; each thread walks the document once). The service
    /// sets 1 and runs requests in parallel instead.
    pub threads: usize,
    /// Measure where the time goes ([`super::timing`]): per rule, and the
    /// walk apart from the rules. Off by default; when off, no clock is
    /// read during the walk.
    pub timing: bool,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            max_visits: 50_000_000,
            max_depth: 20_000,
            ignore_unknown_format: false,
            threads: default_threads(),
            timing: false,
        }
    }
}

#[derive(Debug, Default)]
pub struct LintReport {
    /// Sorted by source, then position, then code.
    pub findings: Vec<Finding>,
    /// The formats detected on the root document.
    pub formats: Formats,
    /// Findings the document itself exempts (`x-zally-ignore`,
    /// `x-lint-ignore`), kept for the tally; not in `findings`.
    pub ignored: Vec<Finding>,
    /// What the run measured, when [`LintOptions::timing`] asked for it.
    pub timing: Option<LintTiming>,
}

/// Lints `ws` with `ruleset`.
pub fn lint(ws: &Workspace, ruleset: &RuleSet, opts: &LintOptions) -> LintReport {
    let started = opts.timing.then(Instant::now);
    let mut sink = Sink::new(ws);

    for p in ws.problems() {
        sink.push_raw(
            p.code,
            p.message.clone(),
            Severity::Error,
            p.doc,
            p.span,
            p.path.clone(),
            None,
        );
    }
    for (i, doc) in ws.docs().iter().enumerate() {
        for d in &doc.diagnostics {
            let severity = match d.severity {
                DiagnosticSeverity::Error => Severity::Error,
                DiagnosticSeverity::Warning => Severity::Warn,
            };
            let path = diagnostic_path(&doc.tree, d.span).unwrap_or_default();
            sink.push_raw(
                "parser",
                d.message.clone(),
                severity,
                DocId(i as u32),
                d.span,
                path,
                None,
            );
        }
    }

    let formats = format::detect(ws.view(false));
    let mut registered = Formats::NONE;
    let mut resolved_rules: Vec<&Rule> = Vec::new();
    let mut unresolved_rules: Vec<&Rule> = Vec::new();
    for rule in &ruleset.rules {
        // Like Spectral, the formats a rule set knows include those of its
        // rules that are off: `[[spectral:oas, off]]` plus one oas3 rule
        // does not call a Swagger 2.0 document unrecognized.
        if let Some(f) = rule.formats {
            registered = registered.union(f);
        }
        if !ruleset.maybe_enabled(rule) {
            continue;
        }
        if let Some(f) = rule.formats
            && !f.intersects(formats)
        {
            continue;
        }
        if rule.resolved {
            resolved_rules.push(rule);
        } else {
            unresolved_rules.push(rule);
        }
    }
    if !opts.ignore_unknown_format && !registered.is_empty() && !registered.intersects(formats) {
        let names = registered.display_names().join(", ");
        let root = ws.root();
        let span = spectral_span(ws.doc(root.doc), root.doc, root.node, None);
        sink.push_raw(
            "unrecognized-format",
            format!("The provided document does not match any of the registered formats [{names}]"),
            Severity::Warn,
            root.doc,
            span,
            Vec::new(),
            None,
        );
    }

    // Walk jobs: the `resolved: false` rules, and the resolved rules split
    // into up to `threads` groups. Each job walks the document once on its
    // own thread (with a large stack: walks recurse with the document's
    // logical depth), or one after the other on the caller's thread when
    // that has such a stack, and collects its own findings.
    let threads = opts.threads.max(1);
    let mut jobs: Vec<(Vec<&Rule>, bool)> = Vec::new();
    if !resolved_rules.is_empty() {
        let groups = threads.min(resolved_rules.len());
        let mut split: Vec<Vec<&Rule>> = vec![Vec::new(); groups];
        // Rules with `..` in a given path cost the most; spread them first.
        let mut order: Vec<&Rule> = resolved_rules.clone();
        order.sort_by_key(|r| {
            std::cmp::Reverse(r.given.iter().filter(|g| g.source.contains("..")).count())
        });
        for (i, r) in order.into_iter().enumerate() {
            split[i % groups].push(r);
        }
        jobs.extend(split.into_iter().map(|g| (g, true)));
    }
    if !unresolved_rules.is_empty() {
        jobs.push((unresolved_rules, false));
    }
    let walks_started = opts.timing.then(Instant::now);
    let walks = jobs.len();
    let outcomes: Vec<JobOutcome> = if threads == 1 && has_walk_stack() {
        // One walk at a time on a thread that already has a walk-sized
        // stack (the service's blocking pool): spawning a thread per walk
        // would cost a thread start, a fresh stack to fault in and two
        // context switches per lint, a large share of a small lint.
        jobs.iter()
            .map(|(rules, resolved)| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run_job(ws, ruleset, rules, *resolved, formats, opts)
                }))
                .unwrap_or_else(|_| JobOutcome::crashed())
            })
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|(rules, resolved)| {
                    std::thread::Builder::new()
                        .name("apilint-walk".into())
                        .stack_size(WALK_STACK)
                        .spawn_scoped(scope, move || {
                            run_job(ws, ruleset, rules, *resolved, formats, opts)
                        })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h.join().unwrap_or_else(|_| JobOutcome::crashed()),
                    Err(_) => JobOutcome::crashed(),
                })
                .collect()
        })
    };
    let walks_ended = opts.timing.then(Instant::now);
    let mut stops: Vec<WalkStop> = Vec::new();
    let mut timing = opts.timing.then(|| LintTiming {
        walks,
        ..LintTiming::default()
    });
    for outcome in outcomes {
        for f in outcome.findings {
            sink.push_finding(f);
        }
        if let Some(stop) = outcome.stop
            && !stops.contains(&stop)
        {
            stops.push(stop);
        }
        if let (Some(total), Some(job)) = (timing.as_mut(), outcome.timing) {
            total.walk += job.walk;
            total.functions += job.functions;
            // Each rule runs in one walk, so rules never repeat across jobs.
            total.rules.extend(job.rules);
        }
    }
    for stop in stops {
        let message = match stop {
            WalkStop::TooManyVisits => format!(
                "linting stopped early: more than {} node visits (the document's $refs fan out too much); findings are incomplete",
                opts.max_visits
            ),
            WalkStop::TooDeep => format!(
                "linting stopped early: the document nests deeper than {} levels through its $refs; findings are incomplete",
                opts.max_depth
            ),
            WalkStop::Crashed => "linting failed: an internal error stopped one of the walks; findings are incomplete".to_string(),
        };
        sink.push_raw(
            "lint-limit",
            message,
            Severity::Error,
            ws.root().doc,
            Span::EMPTY,
            Vec::new(),
            None,
        );
    }

    // `x-zally-ignore` / `x-lint-ignore` move findings aside, not away.
    let (mut findings, mut ignored) = super::suppress::partition(
        ws.docs().iter().map(|d| (d.name.as_str(), &d.tree)),
        sink.findings,
    );
    // Spectral's order: source, start position, code (compared the way
    // JavaScript's `localeCompare` with `numeric: true` does), then path.
    // The sort is stable, so findings equal in all of these keep walk order.
    findings.sort_by(|a, b| {
        a.source
            .cmp(&b.source)
            .then(a.range.start.cmp(&b.range.start))
            .then_with(|| natural_cmp(&a.code, &b.code))
            .then_with(|| join_path(&a.path).cmp(&join_path(&b.path)))
    });
    ignored.sort_by(|a, b| {
        a.source
            .cmp(&b.source)
            .then(a.range.start.cmp(&b.range.start))
    });
    if let (Some(t), Some(started), Some(walks_started), Some(walks_ended)) =
        (timing.as_mut(), started, walks_started, walks_ended)
    {
        t.findings = (walks_started - started) + walks_ended.elapsed();
    }
    LintReport {
        findings,
        formats,
        ignored,
        timing,
    }
}

/// The path a parse diagnostic is about, when its span is a mapping key
/// (duplicate keys are reported at the repeated key's path, as Spectral
/// does). A linear scan, run only for documents with diagnostics.
fn diagnostic_path(tree: &crate::document::Tree, span: Span) -> Option<Vec<PathSeg>> {
    for (i, node) in tree.nodes.iter().enumerate() {
        if let Value::Object(members) = &node.value
            && let Some(m) = members.iter().find(|m| {
                m.key_span == span || (m.key_span.start <= span.start && span.end <= m.key_span.end)
            })
        {
            let mut path = crate::document::workspace::path_to(tree, NodeId(i as u32))?;
            path.push(PathSeg::Key(m.key.to_string()));
            return Some(path);
        }
    }
    None
}

/// Walk threads by default: `APILINT_THREADS` when set, else the number of
/// cores, at most 4 (beyond that, each thread's full walk costs more than
/// the rules it takes over).
///
/// Worked out once per process: `available_parallelism` reads the cgroup
/// files on Linux, which cost more than a whole small lint.
fn default_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("APILINT_THREADS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
    })
}

/// Stack size of walk threads. Walks recurse once per level of the
/// document as seen through its refs (up to `max_depth`); the memory is
/// reserved, not committed, so a large figure costs nothing until used.
pub const WALK_STACK: usize = 256 << 20;

thread_local! {
    /// Whether this thread was started with a stack of [`WALK_STACK`].
    static WALK_STACK_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Declares that the calling thread was started with a stack of at least
/// [`WALK_STACK`] bytes, so a one-thread lint ([`LintOptions::threads`] 1)
/// walks right here instead of on a thread of its own. Call it first thing
/// on such a thread (the service does, from its runtime's thread start
/// hook); on any other thread a deep document would overflow the stack.
pub fn declare_walk_stack() {
    WALK_STACK_HERE.with(|w| w.set(true));
}

fn has_walk_stack() -> bool {
    WALK_STACK_HERE.with(|w| w.get())
}

/// What one walk produced.
struct JobOutcome {
    findings: Vec<Finding>,
    stop: Option<WalkStop>,
    timing: Option<LintTiming>,
}

impl JobOutcome {
    fn crashed() -> JobOutcome {
        JobOutcome {
            findings: Vec::new(),
            stop: Some(WalkStop::Crashed),
            timing: None,
        }
    }
}

/// One walk: `rules` over the resolved or unresolved document.
fn run_job<'a>(
    ws: &'a Workspace,
    ruleset: &RuleSet,
    rules: &[&Rule],
    resolved: bool,
    formats: Formats,
    opts: &LintOptions,
) -> JobOutcome {
    // Both walk callbacks (matches, JavaScript filter failures) add findings.
    let sink = std::cell::RefCell::new(Sink::new(ws));
    // Many rules share a `given` path (a dozen look at every operation):
    // each distinct path is one query of the program, matched once, and
    // its matches go to every rule that asked for it, in rule order.
    // `owners[q]` lists those rules (indices into `rules`; a rule that
    // names a path twice is listed twice, and runs twice, as before).
    let mut paths: Vec<&JsonPath> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut by_source: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (ri, rule) in rules.iter().enumerate() {
        for (g, path) in rule.given.iter().enumerate() {
            // A `given` from a scoped alias only applies to its target's formats.
            if let Some(Some(f)) = rule.given_formats.get(g)
                && !f.intersects(formats)
            {
                continue;
            }
            // The same text always compiles to the same path.
            let q = *by_source.entry(path.source.as_str()).or_insert_with(|| {
                paths.push(path);
                owners.push(Vec::new());
                paths.len() - 1
            });
            owners[q].push(ri);
        }
    }
    let program = Program::new(paths.iter().copied());
    let root = ws.view(resolved);
    let limits = WalkLimits {
        max_visits: opts.max_visits,
        max_depth: opts.max_depth,
    };
    // A JavaScript filter that failed: one finding per rule of its path.
    let mut on_filter_failure = |m: &Match<'a, '_>, seg: SegRef<'a>, f: &FilterFailure| {
        for &ri in &owners[m.query] {
            let at = [seg.to_owned_seg()];
            let mut sink = sink.borrow_mut();
            let given = format!("given \"{}\"", paths[m.query].source);
            sink.push_filter_failure(m, &at, &rules[ri].name, &given, f, root);
        }
    };
    if !opts.timing {
        let stop = walker::walk_reporting(
            &program,
            root,
            limits,
            &mut |m| {
                let mut sink = sink.borrow_mut();
                for &ri in &owners[m.query] {
                    sink.run_rule(ruleset, rules[ri], m, root, formats);
                }
            },
            &mut on_filter_failure,
        );
        crate::sandbox::end_walk();
        return JobOutcome {
            findings: sink.into_inner().findings,
            stop,
            timing: None,
        };
    }

    // The same walk, with a clock around each rule's share of each match.
    let mut per_rule: Vec<RuleTime> = rules
        .iter()
        .map(|r| RuleTime {
            rule: r.name.clone(),
            ..RuleTime::default()
        })
        .collect();
    let started = Instant::now();
    let stop = walker::walk_reporting(
        &program,
        root,
        limits,
        &mut |m| {
            let mut sink = sink.borrow_mut();
            for &ri in &owners[m.query] {
                let t = Instant::now();
                let calls = sink.run_rule(ruleset, rules[ri], m, root, formats);
                let rt = &mut per_rule[ri];
                rt.time += t.elapsed();
                rt.matches += 1;
                rt.calls += calls;
            }
        },
        &mut on_filter_failure,
    );
    crate::sandbox::end_walk();
    let total = started.elapsed();
    per_rule.retain(|r| r.matches > 0);
    let functions: Duration = per_rule.iter().map(|r| r.time).sum();
    JobOutcome {
        findings: sink.into_inner().findings,
        stop,
        timing: Some(LintTiming {
            walk: total.saturating_sub(functions),
            functions,
            findings: Duration::ZERO,
            walks: 1,
            rules: per_rule,
        }),
    }
}

/// Where a function result is, as the engine receives it.
#[derive(Clone, Copy)]
enum Place<'p> {
    /// A path relative to the `given` match.
    BelowMatch(&'p [PathSeg]),
    /// A path from the document root that does not run through the match.
    FromRoot(&'p [PathSeg]),
}

/// Whether `path` starts with the walk's `logical` path, compared without
/// building owned segments.
fn starts_with_logical(path: &[PathSeg], logical: &[SegRef<'_>]) -> bool {
    path.len() >= logical.len()
        && path.iter().zip(logical).all(|(p, l)| match (p, l) {
            (PathSeg::Key(a), SegRef::Key(b)) => a == b,
            (PathSeg::Index(a), SegRef::Index(b)) => a == b,
            (PathSeg::Key(a), SegRef::Index(b)) => a.parse::<usize>().ok() == Some(*b),
            (PathSeg::Index(a), SegRef::Key(b)) => b.parse::<usize>().ok() == Some(*a),
        })
}

/// Where a logical path lands physically.
struct Located {
    doc: DocId,
    /// The closest existing node.
    node: NodeId,
    /// The key span when the node is a mapping member's value.
    key_span: Option<Span>,
    /// Path of `node` inside its own file.
    physical: Vec<PathSeg>,
    /// The part of the requested path that does not exist.
    missing: Vec<PathSeg>,
    /// Whether the path went through a `$ref` to get here.
    through_ref: bool,
}

struct Sink<'a> {
    ws: &'a Workspace,
    findings: Vec<Finding>,
    /// Fingerprint hash → indices of findings with that hash.
    seen: rustc_hash::FxHashMap<u64, Vec<usize>>,
}

impl<'a> Sink<'a> {
    fn new(ws: &'a Workspace) -> Sink<'a> {
        Sink {
            ws,
            findings: Vec::new(),
            seen: Default::default(),
        }
    }

    /// Adds a finding built elsewhere (another walk), unless it is a
    /// duplicate.
    fn push_finding(&mut self, f: Finding) {
        if self.is_duplicate(&f.code, &f.path, f.span, &f.source, &f.message) {
            return;
        }
        self.findings.push(f);
    }

    /// Spectral's fingerprint: code, path (or range when the path is
    /// empty), source and message. The same problem reached through two
    /// refs has the same physical path, so it is reported once. Hashes pick
    /// candidates; equality is checked on the fields themselves. Records
    /// the finding about to be pushed when it is new.
    fn is_duplicate(
        &mut self,
        code: &str,
        path: &[PathSeg],
        span: Span,
        source: &str,
        message: &str,
    ) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        code.hash(&mut h);
        path.hash(&mut h);
        if path.is_empty() {
            span.hash(&mut h);
        }
        source.hash(&mut h);
        message.hash(&mut h);
        let findings = &self.findings;
        let candidates = self.seen.entry(h.finish()).or_default();
        let dup = candidates.iter().any(|&i| {
            let f: &Finding = &findings[i];
            f.code == code
                && f.path == path
                && (!path.is_empty() || f.span == span)
                && f.source == source
                && f.message == message
        });
        if !dup {
            candidates.push(findings.len());
        }
        dup
    }

    #[allow(clippy::too_many_arguments)]
    fn push_raw(
        &mut self,
        code: &str,
        message: String,
        severity: Severity,
        doc: DocId,
        span: Span,
        path: Vec<PathSeg>,
        documentation_url: Option<String>,
    ) {
        let d = self.ws.doc(doc);
        if self.is_duplicate(code, &path, span, &d.name, &message) {
            return;
        }
        let range = d.range(span);
        self.findings.push(Finding {
            code: code.to_string(),
            message,
            severity,
            path,
            source: d.name.clone(),
            span,
            range,
            documentation_url,
            acknowledged: None,
        });
    }

    fn run_rule(
        &mut self,
        ruleset: &RuleSet,
        rule: &Rule,
        m: &Match<'a, '_>,
        root: View<'a>,
        formats: Formats,
    ) -> u64 {
        let mut calls = 0;
        let input = match m.key {
            Some(SegRef::Key(k)) => Input::Key(k),
            Some(SegRef::Index(i)) => Input::Index(i),
            None => Input::Node(m.view),
        };
        for then in &rule.then {
            let targets = lint_targets(input, then);
            // A `field` path's JavaScript filters ran just now.
            if let Some(Field::JsonPath(jp)) = &then.field
                && jp.script_filters().next().is_some()
            {
                let field = format!("field \"{}\"", jp.source);
                for f in crate::sandbox::take_filter_failures() {
                    self.push_filter_failure(m, &[], &rule.name, &field, &f, root);
                }
            }
            for (rel, target) in targets {
                let ctx = Context::new(m.logical, &rel, root, self.ws, formats, &rule.name);
                calls += 1;
                let results = call_function(then, target, &ctx);
                for r in results {
                    if r.function_error {
                        self.push_function_error(m, &rel, r.message, root);
                        continue;
                    }
                    // Most results are about the target itself; the others
                    // name an absolute path, usually below the match.
                    let owned;
                    let place = match &r.path {
                        None => Place::BelowMatch(&rel),
                        Some(p) if starts_with_logical(p, m.logical) => {
                            Place::BelowMatch(&p[m.logical.len()..])
                        }
                        Some(p) => {
                            owned = p.clone();
                            Place::FromRoot(&owned)
                        }
                    };
                    self.push_result(ruleset, rule, m, place, &r.message, root);
                }
            }
        }
        calls
    }

    /// A custom function's failure (`rule-function-error`), at the target
    /// it failed on, whatever the rule's severity and message.
    fn push_function_error(
        &mut self,
        m: &Match<'a, '_>,
        rel: &[PathSeg],
        message: String,
        root: View<'a>,
    ) {
        let loc = self.locate(m, Place::BelowMatch(rel), root);
        let span = spectral_span(self.ws.doc(loc.doc), loc.doc, loc.node, loc.key_span);
        self.push_raw(
            crate::sandbox::FUNCTION_ERROR_CODE,
            message,
            Severity::Error,
            loc.doc,
            span,
            loc.physical,
            None,
        );
    }

    /// A JavaScript filter's failure (`rule-function-error`), at the
    /// node it failed on (`rel` below the match), for rule `rule` whose
    /// path holds the filter (`path` names it: `given "$..."`).
    fn push_filter_failure(
        &mut self,
        m: &Match<'a, '_>,
        rel: &[PathSeg],
        rule: &str,
        path: &str,
        failure: &FilterFailure,
        root: View<'a>,
    ) {
        let message = format!(
            "JSONPath filter `{}` (rule \"{rule}\", {path}) {}",
            failure.filter, failure.reason
        );
        self.push_function_error(m, rel, message, root);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_result(
        &mut self,
        ruleset: &RuleSet,
        rule: &Rule,
        m: &Match<'a, '_>,
        place: Place<'_>,
        error: &str,
        root: View<'a>,
    ) {
        let loc = self.locate(m, place, root);
        let doc = self.ws.doc(loc.doc);
        let Some(severity) = ruleset.severity_for(rule, &doc.name, &loc.physical) else {
            return;
        };
        let span = spectral_span(doc, loc.doc, loc.node, loc.key_span);
        let value = View::new(
            self.ws,
            Loc {
                doc: loc.doc,
                node: loc.node,
            },
            false,
        );
        let vars = MessageVars {
            physical: &loc.physical,
            missing: &loc.missing,
            through_ref: loc.through_ref,
            value,
            description: rule.description.as_deref(),
        };
        let error = interpolate(error, &vars, "");
        let message = match (&rule.message, &rule.description) {
            (Some(template), _) => interpolate(template, &vars, &error),
            // Spectral: no message → the description, verbatim; else the
            // function's own message.
            (None, Some(d)) => d.clone(),
            (None, None) => error,
        };
        // Spectral trims the final message.
        let message = message.trim().to_string();
        self.push_raw(
            &rule.name,
            message,
            severity,
            loc.doc,
            span,
            loc.physical,
            rule.documentation_url.clone(),
        );
    }

    /// Maps a path as the rule saw it (through refs) to the file and path
    /// where that value is written, stopping at the closest existing node.
    fn locate(&self, m: &Match<'a, '_>, place: Place<'_>, root: View<'a>) -> Located {
        let (mut cur, mut physical, rest, mut key_span, mut through_ref) = match place {
            Place::BelowMatch(rest) => {
                let (from, base) = m.physical_base();
                let mut phys: Vec<PathSeg> = base.map(|b| b.to_vec()).unwrap_or_default();
                phys.extend(m.logical[from..].iter().map(|s| s.to_owned_seg()));
                // The key span of the match itself: from the parent the walk
                // stepped from, unless that step went through a ref.
                let ks = match (m.parent, m.logical.last(), m.jumped) {
                    (Some(p), Some(SegRef::Key(k)), false) => p
                        .raw_members()
                        .iter()
                        .find(|mm| &*mm.key == *k)
                        .map(|mm| mm.key_span),
                    (_, Some(SegRef::Index(_)), false) => None,
                    _ => key_span_at(self.ws, m.view.loc().doc, &phys),
                };
                (m.view, phys, rest, ks, base.is_some())
            }
            Place::FromRoot(abs) => (root, Vec::new(), abs, None, false),
        };
        let resolved = root.is_resolved();
        let mut missing = Vec::new();
        for (i, seg) in rest.iter().enumerate() {
            let tree = &self.ws.doc(cur.loc().doc).tree;
            let step: Option<(NodeId, Option<Span>, PathSeg)> =
                match (tree.value(cur.loc().node), seg) {
                    (Value::Object(members), s) => {
                        let k = s.as_key_string();
                        members
                            .iter()
                            .find(|mm| *mm.key == *k)
                            .map(|mm| (mm.value, Some(mm.key_span), PathSeg::Key(k.into_owned())))
                    }
                    (Value::Array(items), PathSeg::Index(j)) => {
                        items.get(*j).map(|&n| (n, None, PathSeg::Index(*j)))
                    }
                    (Value::Array(items), PathSeg::Key(k)) => k
                        .parse::<usize>()
                        .ok()
                        .and_then(|j| items.get(j).map(|&n| (n, None, PathSeg::Index(j)))),
                    _ => None,
                };
            let Some((node, ks, pseg)) = step else {
                missing = rest[i..].to_vec();
                break;
            };
            let raw = Loc {
                doc: cur.loc().doc,
                node,
            };
            let next = View::new(self.ws, raw, resolved);
            if next.loc() != raw {
                // Crossed a ref: continue in the target's own file.
                let target = self.ws.ref_at(raw).and_then(|r| r.target.as_ref().ok());
                physical = target.map(|t| t.path.to_vec()).unwrap_or_default();
                key_span = target.and_then(|t| key_span_at(self.ws, t.loc.doc, &t.path));
                through_ref = true;
            } else {
                physical.push(pseg);
                key_span = ks;
            }
            cur = next;
        }
        Located {
            doc: cur.loc().doc,
            node: cur.loc().node,
            key_span,
            physical,
            missing,
            through_ref,
        }
    }
}

/// The key span of the node at `physical` in `doc`, when that node is a
/// mapping member's value (looked up by path: cheap, depth-bounded).
fn key_span_at(ws: &Workspace, doc: DocId, physical: &[PathSeg]) -> Option<Span> {
    let tree = &ws.doc(doc).tree;
    let (last, parent) = physical.split_last()?;
    let PathSeg::Key(k) = last else { return None };
    let mut cur = tree.root;
    for seg in parent {
        cur = match (tree.value(cur), seg) {
            (Value::Object(_), s) => tree.get(cur, &s.as_key_string())?,
            (Value::Array(items), PathSeg::Index(i)) => *items.get(*i)?,
            _ => return None,
        };
    }
    tree.member(cur, k).map(|m| m.key_span)
}

/// Spectral's `getLintTargets`: what the function is called with for one
/// `then`, with each target's path relative to the match.
fn lint_targets<'b>(input: Input<'b>, then: &Then) -> Vec<(Vec<PathSeg>, Input<'b>)> {
    let container = match input {
        Input::Node(v) if v.is_object() || v.is_array() => Some(v),
        _ => None,
    };
    let mut out: Vec<(Vec<PathSeg>, Input<'b>)> = Vec::new();
    match (&then.field, container) {
        (None, _) | (Some(_), None) => out.push((Vec::new(), input)),
        (Some(Field::Key), Some(v)) => {
            if v.is_array() {
                // `Object.keys` of an array yields its indices, as strings.
                for i in 0..v.len() {
                    let input = index_str(i).map(Input::Key).unwrap_or(Input::Undefined);
                    out.push((vec![PathSeg::Index(i)], input));
                }
            } else {
                for (k, _) in v.members() {
                    out.push((vec![PathSeg::Key(k.to_string())], Input::Key(k)));
                }
            }
        }
        (Some(Field::Path(segs)), Some(v)) => {
            let mut cur = Some(v);
            for seg in segs {
                cur = cur.and_then(|c| match seg {
                    PathSeg::Key(k) => c
                        .get(k)
                        .or_else(|| k.parse::<usize>().ok().and_then(|i| c.index(i))),
                    PathSeg::Index(i) => c.index(*i),
                });
            }
            out.push((
                segs.clone(),
                cur.map(Input::Node).unwrap_or(Input::Undefined),
            ));
        }
        (Some(Field::JsonPath(jp)), Some(v)) => {
            for qm in jsonpath::query(jp, v) {
                match qm {
                    QueryMatch::Node { view, path } => out.push((path, Input::Node(view))),
                    QueryMatch::Key { key, path } => {
                        // A `~` field: the function gets the name, borrowed
                        // from the document so it outlives this call.
                        let input = match &key {
                            PathSeg::Key(k) => key_in(v, &path[..path.len().saturating_sub(1)], k)
                                .map(Input::Key)
                                .unwrap_or(Input::Undefined),
                            PathSeg::Index(_) => Input::Undefined,
                        };
                        out.push((path, input));
                    }
                }
            }
        }
    }
    if out.is_empty() {
        out.push((Vec::new(), Input::Undefined));
    }
    out
}

/// The decimal form of small array indices, for `@key` on arrays (whose
/// keys JavaScript gives as strings). Indices past the table are passed as
/// `undefined`; no real rule keys on positions that large.
fn index_str(i: usize) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| (0..4096).map(|i| i.to_string()).collect())
        .get(i)
        .map(String::as_str)
}

/// The key string `k` as stored in the document under `path` from `v`.
fn key_in<'b>(v: View<'b>, path: &[PathSeg], k: &str) -> Option<&'b str> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            PathSeg::Key(key) => cur.get(key)?,
            PathSeg::Index(i) => cur.index(*i)?,
        };
    }
    cur.members()
        .find(|(name, _)| *name == k)
        .map(|(name, _)| name)
}

/// Calls a rule function, turning a panic into a finding instead of a crash.
fn call_function(then: &Then, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        then.function.call(input, ctx)
    })) {
        Ok(r) => r,
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown error");
            vec![FnResult::here(format!(
                "function \"{}\" failed: {why}",
                then.function_name
            ))]
        }
    }
}

/// What message placeholders are filled from.
struct MessageVars<'v> {
    physical: &'v [PathSeg],
    missing: &'v [PathSeg],
    through_ref: bool,
    /// The closest existing node at the reported path.
    value: View<'v>,
    description: Option<&'v str>,
}

impl MessageVars<'_> {
    /// `{{property}}`: the last path segment; when the reported path had to
    /// be trimmed to an existing parent, Spectral prints that parent's name
    /// and the missing rest, joined by dots (`info.contact`).
    fn property(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(last) = self.physical.last() {
            parts.push(last.as_key_string().into_owned());
        }
        // Spectral loses the missing part when the path went through a
        // `$ref`; matching that keeps messages identical to its output.
        if !self.through_ref {
            parts.extend(self.missing.iter().map(|p| p.as_key_string().into_owned()));
        }
        parts.join(".")
    }
}

/// Fills Spectral's placeholders: `{{error}}`, `{{description}}`,
/// `{{path}}`, `{{property}}`, `{{value}}`, and the function-message forms
/// `#{{print("property")}}` / `#{{print("value")}}`. Unknown placeholders
/// become empty, as in Spectral.
fn interpolate(template: &str, vars: &MessageVars<'_>, error: &str) -> String {
    let mut out = String::with_capacity(template.len() + error.len());
    let mut rest = template;
    loop {
        let Some(start) = rest.find("{{") else {
            out.push_str(rest);
            break;
        };
        let Some(len) = rest[start + 2..].find("}}") else {
            out.push_str(rest);
            break;
        };
        let hash = start > 0 && rest.as_bytes()[start - 1] == b'#';
        let name = rest[start + 2..start + 2 + len].trim();
        out.push_str(&rest[..if hash { start - 1 } else { start }]);
        match (hash, name) {
            (true, "print(\"property\")") => {
                let p = vars.property();
                if p.is_empty() {
                    out.push_str("The document ");
                } else {
                    out.push('"');
                    out.push_str(&p);
                    out.push_str("\" property ");
                }
            }
            (true, "print(\"value\")") => {
                out.push_str(&print_value(vars.value, vars.missing.is_empty()))
            }
            (hash, name) => {
                if hash {
                    out.push('#');
                }
                match name {
                    "error" => out.push_str(error),
                    "description" => out.push_str(vars.description.unwrap_or("null")),
                    "path" => out.push_str(&print_path(vars.physical)),
                    "property" => out.push_str(&vars.property()),
                    "value" => out.push_str(&js_string(vars.value)),
                    _ => {}
                }
            }
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out
}

/// `{{path}}`: a URI fragment pointer (`#/paths/~1a/get`) to the reported
/// (closest existing) node, each segment percent-encoded the way
/// JavaScript's `encodeURIComponent` does.
fn print_path(physical: &[PathSeg]) -> String {
    let mut out = String::from("#");
    for seg in physical {
        out.push('/');
        let s = seg.as_key_string().replace('~', "~0").replace('/', "~1");
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `#{{print("value")}}`: Spectral's `printValue` of the value at the
/// reported path (strings JSON-quoted, containers by kind).
fn print_value(v: View<'_>, exists: bool) -> String {
    if exists {
        crate::functions::print::print_view(v)
    } else {
        "undefined".to_string()
    }
}

/// `{{value}}`: JavaScript's `String(value)`.
fn js_string(v: View<'_>) -> String {
    match v.value() {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::js::number_to_string(*f),
        Value::String(s) => s.to_string(),
        Value::Object(_) => "[object Object]".to_string(),
        // Array.prototype.join: null items print as empty strings.
        Value::Array(_) => v
            .items()
            .map(|i| {
                if i.is_null() {
                    String::new()
                } else {
                    js_string(i)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The range Spectral reports for a node, which is not the node's own
/// span (Spectral parses every root document, JSON included, with its YAML
/// parser, and takes positions from that parser's AST):
/// - a collection that is a member's value starts one character after the
///   key (just after the colon in `key: value`);
/// - a non-empty collection ends where its last descendant ends, so closing
///   brackets are not included;
/// - the root starts at the beginning of the file.
///
/// Files reached through `$ref` that are JSON keep exact spans, as Spectral
/// parses those with a JSON parser.
fn spectral_span(
    doc: &crate::document::Document,
    doc_id: DocId,
    node: NodeId,
    key_span: Option<Span>,
) -> Span {
    let tree = &doc.tree;
    let n = tree.node(node);
    let mut span = n.span;
    if doc_id != DocId(0) && doc.syntax == crate::document::Syntax::Json {
        return span;
    }
    if !matches!(n.value, Value::Object(_) | Value::Array(_)) {
        return spectral_scalar_span(doc, span, key_span);
    }
    if node == tree.root {
        span.start = 0;
    } else if let Some(k) = key_span {
        span.start = (k.end + 1).min(span.end);
    }
    // Follow the last child down to the last value written.
    let mut last = node;
    let mut last_key = None;
    loop {
        let next = match tree.value(last) {
            Value::Object(m) => m.last().map(|m| (m.value, Some(m.key_span))),
            Value::Array(i) => i.last().map(|&c| (c, None)),
            _ => None,
        };
        match next {
            Some((c, k)) => {
                last = c;
                last_key = k;
            }
            None => break,
        }
    }
    if last != node {
        let end = spectral_scalar_span(doc, tree.node(last).span, last_key).end;
        span.end = end.max(span.start);
    }
    span
}

/// Spectral's ranges for YAML scalars where they differ from the text: an
/// empty value (`key:`) sits one past the key's end, and a block scalar
/// followed by a blank line ends at the start of that line.
fn spectral_scalar_span(
    doc: &crate::document::Document,
    mut span: Span,
    key_span: Option<Span>,
) -> Span {
    if doc.syntax != crate::document::Syntax::Yaml {
        return span;
    }
    let bytes = doc.text.as_bytes();
    if span.start == span.end {
        if let Some(k) = key_span {
            span.start = k.end + 1;
            span.end = k.end + 1;
        }
        return span;
    }
    if matches!(bytes.get(span.start as usize), Some(b'|') | Some(b'>')) {
        let mut i = span.end as usize;
        while i < bytes.len() && bytes[i] != b'\n' {
            i += 1;
        }
        let next_line = i + 1;
        let mut j = next_line;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if next_line <= bytes.len()
            && (j >= bytes.len() || bytes[j] == b'\n')
            && next_line < bytes.len()
        {
            span.end = next_line as u32;
        }
    }
    span
}

fn join_path(path: &[PathSeg]) -> String {
    path.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// An approximation of ICU collation as `localeCompare(b, undefined,
/// {numeric: true})` applies it to rule codes: punctuation sorts before
/// digits, digits before letters, digit runs compare by value, letters
/// compare case-insensitively first (lower case before upper on a tie).
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn class(c: char) -> u8 {
        if c.is_ascii_digit() {
            1
        } else if c.is_alphabetic() {
            2
        } else {
            0
        }
    }
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    let mut tie = Ordering::Equal;
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return tie,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) => {
                if c.is_ascii_digit() && d.is_ascii_digit() {
                    let mut n1 = String::new();
                    while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                        n1.push(c);
                        x.next();
                    }
                    let mut n2 = String::new();
                    while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                        n2.push(d);
                        y.next();
                    }
                    let (t1, t2) = (n1.trim_start_matches('0'), n2.trim_start_matches('0'));
                    let o = t1.len().cmp(&t2.len()).then_with(|| t1.cmp(t2));
                    if o != Ordering::Equal {
                        return o;
                    }
                    continue;
                }
                let o = class(c)
                    .cmp(&class(d))
                    .then_with(|| c.to_lowercase().cmp(d.to_lowercase()));
                if o != Ordering::Equal {
                    return o;
                }
                if tie == Ordering::Equal && c != d {
                    // Same letter, different case: lower case first.
                    tie = if c.is_lowercase() {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
                x.next();
                y.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_like_locale_compare_numeric() {
        let mut codes = vec!["r10", "R1", "r9", "_under", "b", "A"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(codes, vec!["_under", "A", "b", "R1", "r9", "r10"]);
    }
}
