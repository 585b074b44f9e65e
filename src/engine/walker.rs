//! Evaluates every `given` path of a rule set in one walk of the document.
//!
//! Spectral runs each `given` path separately over a fully dereferenced copy
//! of the document, so a component shared by a thousand operations is
//! walked a thousand times per rule. Here all paths are compiled into one
//! set of automaton states, and the walk visits each node once per
//! distinct *query state*: the set of `(path, step)` pairs still alive when
//! the walk reaches it.
//!
//! - A state `(p, i)` at node `N` means: the first `i` segments of path `p`
//!   matched, ending at `N`. When `i` is the path's length, `N` is a match.
//! - Stepping to a child applies segment `i` to it (`.a`, `[*]`, filters);
//!   a `..` segment also stays alive in the child, so it keeps descending.
//! - `$ref`s are followed lazily through the resolved [`View`]. A node
//!   reached through a ref is remembered with its state set; reaching it
//!   again with the same states (through another ref) is skipped, because
//!   it would produce the same findings at the same physical place.
//!   Findings are reported at physical locations, so nothing is lost.
//! - When a remaining path can observe how it got somewhere (`@path`, `^`,
//!   `@parentProperty`, `~`), the memo key includes that context, so such
//!   paths stay exact.
//! - A ref back to an ancestor (a cycle) is matched but not descended into.
//!
//! The walker only finds matches; the lint run decides what to do with them.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::document::{Loc, PathSeg, Value, View};
use crate::jsonpath::ast::{FilterExpr, Var};
use crate::jsonpath::{FilterEnv, JsonPath, SegRef, Segment, Selector, eval_filter};

/// How much of the route to a node a remaining path can observe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sensitivity {
    /// Only the subtree: physical location and states decide everything.
    None,
    /// The key the node was reached by (`~`, `@parentProperty`).
    Key,
    /// The whole logical path (`@path`, `^`).
    Path,
}

/// One compiled `given` path.
struct Query<'r> {
    segments: &'r [Segment],
    /// `sens[i]`: what a state `(p, i)` can observe of its route.
    sens: Vec<Sensitivity>,
    /// `object_only[i][k]`: selector `k` of segment `i` is a filter that
    /// can only hold for a mapping (see [`requires_object`]).
    object_only: Vec<Vec<bool>>,
    /// Whether a filter of this path runs as JavaScript, whose failures
    /// the walk collects after each evaluation.
    scripted: bool,
}

/// All `given` paths of the rules that run in one walk.
pub struct Program<'r> {
    queries: Vec<Query<'r>>,
}

/// A state: query index in the high bits, step in the low 12 bits.
type State = u32;
const STEP_BITS: u32 = 12;
const STEP_MASK: u32 = (1 << STEP_BITS) - 1;

fn state(query: usize, step: usize) -> State {
    ((query as u32) << STEP_BITS) | step as u32
}

fn split(s: State) -> (usize, usize) {
    ((s >> STEP_BITS) as usize, (s & STEP_MASK) as usize)
}

impl<'r> Program<'r> {
    /// Compiles paths; query `i` of the program is `paths[i]`.
    pub fn new<I: IntoIterator<Item = &'r JsonPath>>(paths: I) -> Program<'r> {
        let queries = paths
            .into_iter()
            .map(|p| {
                let segs = &p.segments[..p.segments.len().min(STEP_MASK as usize - 1)];
                let mut sens = vec![Sensitivity::None; segs.len() + 1];
                // Walk backwards: what remains from step i is segs[i..].
                let mut tail = Sensitivity::None;
                for i in (0..segs.len()).rev() {
                    let here = segment_sensitivity(&segs[i]);
                    // Only the next segment sees this node's key; any
                    // whole-path dependence anywhere later sees everything.
                    let later_path = if tail == Sensitivity::Path {
                        Sensitivity::Path
                    } else {
                        Sensitivity::None
                    };
                    sens[i] = here.max(later_path);
                    tail = tail.max(if here == Sensitivity::Path {
                        Sensitivity::Path
                    } else {
                        Sensitivity::None
                    });
                }
                let object_only = segs
                    .iter()
                    .map(|seg| match seg {
                        Segment::Child(sels) | Segment::Descendant(sels) => sels
                            .iter()
                            .map(|sel| matches!(sel, Selector::Filter(e) if requires_object(e)))
                            .collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                Query {
                    segments: segs,
                    sens,
                    object_only,
                    scripted: p.script_filters().next().is_some(),
                }
            })
            .collect();
        Program { queries }
    }

    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }
}

fn segment_sensitivity(seg: &Segment) -> Sensitivity {
    match seg {
        Segment::Parent => Sensitivity::Path,
        Segment::PropertyName => Sensitivity::Key,
        Segment::Child(sels) | Segment::Descendant(sels) => sels
            .iter()
            .map(|s| match s {
                Selector::Filter(e) => expr_sensitivity(e),
                _ => Sensitivity::None,
            })
            .max()
            .unwrap_or(Sensitivity::None),
    }
}

fn expr_sensitivity(e: &FilterExpr) -> Sensitivity {
    match e {
        FilterExpr::Var(Var::Path, _) => Sensitivity::Path,
        FilterExpr::Var(Var::ParentProperty, _) => Sensitivity::Key,
        // `@parent` is the parent of the node being stepped from (as in
        // jsonpath-plus and nimma), which depends on the route.
        FilterExpr::Var(Var::Parent, _) => Sensitivity::Path,
        // What a JavaScript filter can observe of its route: the
        // bindings it names (see `ScriptFilter::uses_path`).
        FilterExpr::Script(f) if f.uses_path || f.uses_parent => Sensitivity::Path,
        FilterExpr::Script(f) if f.uses_parent_property => Sensitivity::Key,
        FilterExpr::Script(_) => Sensitivity::None,
        FilterExpr::Var(..)
        | FilterExpr::Literal(_)
        | FilterExpr::Regex(_)
        | FilterExpr::TypeSelector(_) => Sensitivity::None,
        FilterExpr::Not(a) | FilterExpr::TypeOf(a) | FilterExpr::Length(a) => expr_sensitivity(a),
        FilterExpr::Binary(_, a, b) => expr_sensitivity(a).max(expr_sensitivity(b)),
        FilterExpr::Call(a, _, args) => args
            .iter()
            .map(expr_sensitivity)
            .fold(expr_sensitivity(a), Sensitivity::max),
    }
}

/// A match handed to the caller.
pub struct Match<'a, 'w> {
    /// Which query (index into the program's paths) matched.
    pub query: usize,
    /// The matched node (for `~` matches: the node whose name matched).
    pub view: View<'a>,
    /// For `~` matches: the property name or index.
    pub key: Option<SegRef<'a>>,
    /// The path from the root as the walk got here (through refs).
    pub logical: &'w [SegRef<'a>],
    /// The node the walk stepped from, and whether the step went through
    /// a `$ref` (then `parent` is not the physical parent).
    pub parent: Option<View<'a>>,
    pub jumped: bool,
    walker_phys: PhysRef<'w>,
}

#[derive(Clone, Copy)]
struct PhysRef<'w> {
    base: Option<&'w Arc<[PathSeg]>>,
    /// Logical segments after the last ref jump (index into `logical`).
    from: usize,
}

impl Match<'_, '_> {
    /// The path of the matched node inside its own file.
    pub fn physical_path(&self) -> Vec<PathSeg> {
        let mut out: Vec<PathSeg> = self
            .walker_phys
            .base
            .map(|b| b.to_vec())
            .unwrap_or_default();
        out.extend(
            self.logical[self.walker_phys.from..]
                .iter()
                .map(|s| s.to_owned_seg()),
        );
        out
    }

    /// Where the physical path of the match starts in the logical path,
    /// and the physical prefix that replaces the logical one before it.
    pub fn physical_base(&self) -> (usize, Option<&Arc<[PathSeg]>>) {
        (self.walker_phys.from, self.walker_phys.base)
    }
}

/// Limits of one walk.
#[derive(Clone, Copy, Debug)]
pub struct WalkLimits {
    /// Most node visits (a guard against pathological ref fan-out).
    pub max_visits: usize,
    /// Deepest logical path followed.
    pub max_depth: usize,
}

/// Why a walk stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkStop {
    TooManyVisits,
    TooDeep,
    Crashed,
}

struct Frame<'a> {
    view: View<'a>,
    /// The node as written (a `$ref` object when `jump` is set).
    raw: Loc,
    seg: Option<SegRef<'a>>,
    /// Set when this node was reached through a `$ref`: its path in its file.
    jump: Option<Arc<[PathSeg]>>,
}

/// Runs `program` over the document `root` (a resolved or unresolved view)
/// and calls `on_match` for every match. Returns why it stopped early, if it did.
pub fn walk<'a>(
    program: &Program<'_>,
    root: View<'a>,
    limits: WalkLimits,
    on_match: &mut dyn FnMut(&Match<'a, '_>),
) -> Option<WalkStop> {
    walk_reporting(program, root, limits, on_match, &mut |_, _, _| {})
}

/// A JavaScript filter that failed while the walk tested a child: the
/// query, the node whose children were filtered (as a [`Match`]), the
/// child's step from it, and what went wrong.
pub type OnFilterFailure<'a, 'f> =
    dyn FnMut(&Match<'a, '_>, SegRef<'a>, &crate::sandbox::FilterFailure) + 'f;

/// [`walk`], also calling `on_filter_failure` for each failure of a
/// JavaScript filter ([`crate::sandbox::take_filter_failures`]) where it
/// happened.
pub fn walk_reporting<'a>(
    program: &Program<'_>,
    root: View<'a>,
    limits: WalkLimits,
    on_match: &mut dyn FnMut(&Match<'a, '_>),
    on_filter_failure: &mut OnFilterFailure<'a, '_>,
) -> Option<WalkStop> {
    if program.is_empty() {
        return None;
    }
    if program.queries.iter().any(|q| q.scripted) {
        // Left over from a filter evaluated outside a walk: not ours.
        drop(crate::sandbox::take_filter_failures());
    }
    let mut w = Walker {
        program,
        root,
        frames: Vec::new(),
        logical: Vec::new(),
        memo: FxHashSet::default(),
        state_sets: FxHashMap::default(),
        visits: 0,
        limits,
        stop: None,
        on_match,
        on_filter_failure,
        scratch: Vec::new(),
        jumps_on_stack: 0,
    };
    let initial: Vec<State> = (0..program.queries.len()).map(|q| state(q, 0)).collect();
    w.visit(root, root.loc(), None, None, &initial);
    w.stop
}

struct Walker<'p, 'r, 'a, 'f> {
    program: &'p Program<'r>,
    root: View<'a>,
    frames: Vec<Frame<'a>>,
    logical: Vec<SegRef<'a>>,
    /// Shared nodes already visited: (node, state set id, route context).
    memo: FxHashSet<(Loc, u32, u64)>,
    /// Each distinct state set seen at a shared node, numbered. A big
    /// document meets a few thousand distinct sets but visits hundreds of
    /// thousands of shared nodes; storing each set once keeps memo entries
    /// small and spares an allocation per visit.
    state_sets: FxHashMap<Box<[State]>, u32>,
    visits: usize,
    limits: WalkLimits,
    stop: Option<WalkStop>,
    on_match: &'f mut dyn FnMut(&Match<'a, '_>),
    on_filter_failure: &'f mut OnFilterFailure<'a, 'f>,
    /// Reusable buffers for child state sets.
    scratch: Vec<Vec<State>>,
    /// How many frames on the stack were reached through a `$ref`: below
    /// such a frame, nodes can be reached by several routes and are memoised.
    jumps_on_stack: usize,
}

impl<'a> Walker<'_, '_, 'a, '_> {
    fn phys<'w>(frames: &'w [Frame<'a>]) -> PhysRef<'w> {
        // The innermost jump decides the physical prefix.
        for (depth, f) in frames.iter().enumerate().rev() {
            if let Some(j) = &f.jump {
                // frames[depth] is at logical index depth (root is frame 0,
                // and logical[k] is the segment leading to frame k+1).
                return PhysRef {
                    base: Some(j),
                    from: depth,
                };
            }
        }
        PhysRef {
            base: None,
            from: 0,
        }
    }

    fn emit(&mut self, query: usize, key: bool) {
        let frame = self.frames.last().expect("emit inside a frame");
        let view = frame.view;
        let key = if key {
            match frame.seg {
                Some(s) => Some(s),
                // `$~` has no name; jsonpath-plus yields nothing.
                None => return,
            }
        } else {
            None
        };
        let parent = self
            .frames
            .len()
            .checked_sub(2)
            .map(|i| self.frames[i].view);
        // A name (`~`) is written in the parent, even when its value is a
        // `$ref`: such a match is placed at the key, with the value as
        // written there, not at the ref's target (as Spectral does).
        let (view, phys, jumped) = if key.is_some() && frame.jump.is_some() {
            let n = self.frames.len();
            (
                View::new(view.workspace(), frame.raw, false),
                Self::phys(&self.frames[..n - 1]),
                false,
            )
        } else {
            (view, Self::phys(&self.frames), frame.jump.is_some())
        };
        let m = Match {
            query,
            view,
            key,
            logical: &self.logical,
            parent,
            jumped,
            walker_phys: phys,
        };
        (self.on_match)(&m);
    }

    /// Reports JavaScript filter failures met while testing the child
    /// `seg` of the current node.
    fn emit_filter_failures(
        &mut self,
        failures: Vec<(usize, crate::sandbox::FilterFailure)>,
        seg: SegRef<'a>,
    ) {
        let frame = self.frames.last().expect("filtering inside a frame");
        let parent = self
            .frames
            .len()
            .checked_sub(2)
            .map(|i| self.frames[i].view);
        for (query, failure) in failures {
            let m = Match {
                query,
                view: frame.view,
                key: None,
                logical: &self.logical,
                parent,
                jumped: frame.jump.is_some(),
                walker_phys: Self::phys(&self.frames),
            };
            (self.on_filter_failure)(&m, seg, &failure);
        }
    }

    /// Visits `view` (reached by `seg`, through a ref when `jump` is set)
    /// with the live `states`.
    /// `states` must be sorted and free of duplicates.
    fn visit(
        &mut self,
        view: View<'a>,
        raw: Loc,
        seg: Option<SegRef<'a>>,
        jump: Option<Arc<[PathSeg]>>,
        states: &[State],
    ) {
        if self.stop.is_some() {
            return;
        }
        self.visits += 1;
        if self.visits > self.limits.max_visits {
            self.stop = Some(WalkStop::TooManyVisits);
            return;
        }
        if self.frames.len() >= self.limits.max_depth {
            self.stop = Some(WalkStop::TooDeep);
            return;
        }

        let shared = jump.is_some() || self.jumps_on_stack > 0;
        if shared {
            let sens = states
                .iter()
                .map(|&s| {
                    let (q, i) = split(s);
                    self.program.queries[q].sens[i]
                })
                .max()
                .unwrap_or(Sensitivity::None);
            let ctx = match sens {
                Sensitivity::None => 0,
                // A name is reported where it is written, so the written
                // place is part of the key too.
                Sensitivity::Key => hash_of(&(seg, raw)),
                Sensitivity::Path => {
                    let mut h = FxHasher::default();
                    self.logical.hash(&mut h);
                    seg.hash(&mut h);
                    h.finish()
                }
            };
            let next_id = self.state_sets.len() as u32;
            let set = match self.state_sets.get(states) {
                Some(&id) => id,
                None => {
                    self.state_sets.insert(states.into(), next_id);
                    next_id
                }
            };
            if !self.memo.insert((view.loc(), set, ctx)) {
                return;
            }
        }

        // A ref back to an ancestor: match here, but do not descend.
        let cyclic = jump.is_some() && self.frames.iter().any(|f| f.view.loc() == view.loc());

        if let Some(s) = seg {
            self.logical.push(s);
        }
        if jump.is_some() {
            self.jumps_on_stack += 1;
        }
        self.frames.push(Frame {
            view,
            raw,
            seg,
            jump,
        });

        // Matches and moves that do not go to children.
        let mut parent_moves: Vec<State> = Vec::new();
        for &s in states {
            let (q, i) = split(s);
            let segs = self.program.queries[q].segments;
            if i == segs.len() {
                self.emit(q, false);
                continue;
            }
            match &segs[i] {
                Segment::PropertyName if i + 1 == segs.len() => self.emit(q, true),
                Segment::Parent => parent_moves.push(state(q, i + 1)),
                _ => {}
            }
        }

        if !cyclic {
            self.visit_children(view, states);
        }

        let frame = self.frames.pop().expect("pushed above");
        if frame.seg.is_some() {
            self.logical.pop();
        }
        if frame.jump.is_some() {
            self.jumps_on_stack -= 1;
        }

        // `^`: continue those states at the parent, seen with its own route.
        if !parent_moves.is_empty() && !self.frames.is_empty() {
            let parent = self.frames.pop().expect("non-empty");
            if parent.seg.is_some() {
                self.logical.pop();
            }
            if parent.jump.is_some() {
                self.jumps_on_stack -= 1;
            }
            parent_moves.sort_unstable();
            parent_moves.dedup();
            self.visit(
                parent.view,
                parent.raw,
                parent.seg,
                parent.jump.clone(),
                &parent_moves,
            );
            if let Some(s) = parent.seg {
                self.logical.push(s);
            }
            if parent.jump.is_some() {
                self.jumps_on_stack += 1;
            }
            self.frames.push(parent);
        }
    }

    fn visit_children(&mut self, view: View<'a>, states: &[State]) {
        // States that can step to children.
        let mut stepping = self.scratch.pop().unwrap_or_default();
        stepping.clear();
        stepping.extend(states.iter().copied().filter(|&s| {
            let (q, i) = split(s);
            matches!(
                self.program.queries[q].segments.get(i),
                Some(Segment::Child(_) | Segment::Descendant(_))
            )
        }));
        if !stepping.is_empty() {
            self.step_children(view, &stepping);
        }
        self.scratch.push(stepping);
    }

    fn step_children(&mut self, view: View<'a>, stepping: &[State]) {
        let ws = view.workspace();
        let resolved = view.is_resolved();
        let doc = view.loc().doc;

        // Fast path: only named children wanted — look them up directly
        // instead of scanning a large mapping.
        let only_names = stepping.iter().all(|&s| {
            let (q, i) = split(s);
            matches!(&self.program.queries[q].segments[i], Segment::Child(sels) if sels.iter().all(|x| matches!(x, Selector::Name(_))))
        });

        match view.value() {
            Value::Object(members) => {
                if only_names && members.len() > 8 {
                    let mut names: Vec<&str> = Vec::new();
                    for &s in stepping {
                        let (q, i) = split(s);
                        if let Segment::Child(sels) = &self.program.queries[q].segments[i] {
                            for sel in sels {
                                if let Selector::Name(n) = sel
                                    && !names.contains(&n.as_str())
                                {
                                    names.push(n);
                                }
                            }
                        }
                    }
                    for name in names {
                        if let Some(m) = members.iter().find(|m| &*m.key == name) {
                            self.step_child(
                                view,
                                SegRef::Key(&m.key),
                                m.value,
                                doc,
                                ws,
                                resolved,
                                stepping,
                                members.len(),
                            );
                        }
                    }
                } else {
                    for m in members.iter() {
                        self.step_child(
                            view,
                            SegRef::Key(&m.key),
                            m.value,
                            doc,
                            ws,
                            resolved,
                            stepping,
                            members.len(),
                        );
                        if self.stop.is_some() {
                            return;
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (idx, &id) in items.iter().enumerate() {
                    self.step_child(
                        view,
                        SegRef::Index(idx),
                        id,
                        doc,
                        ws,
                        resolved,
                        stepping,
                        items.len(),
                    );
                    if self.stop.is_some() {
                        return;
                    }
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn step_child(
        &mut self,
        parent: View<'a>,
        seg: SegRef<'a>,
        raw: crate::document::NodeId,
        doc: crate::document::DocId,
        ws: &'a crate::document::Workspace,
        resolved: bool,
        stepping: &[State],
        siblings: usize,
    ) {
        let raw_loc = Loc { doc, node: raw };
        let child = View::new(ws, raw_loc, resolved);
        let jump: Option<Arc<[PathSeg]>> = if resolved && child.loc() != raw_loc {
            ws.ref_at(raw_loc)
                .and_then(|r| r.target.as_ref().ok())
                .map(|t| t.path.clone())
        } else {
            None
        };

        let mut next = self.scratch.pop().unwrap_or_default();
        next.clear();
        let mut env_path_pushed = false;
        let mut failures: Vec<(usize, crate::sandbox::FilterFailure)> = Vec::new();
        for &s in stepping {
            let (q, i) = split(s);
            let (sels, descend) = match &self.program.queries[q].segments[i] {
                Segment::Child(sels) => (sels, false),
                Segment::Descendant(sels) => (sels, true),
                _ => continue,
            };
            if descend {
                next.push(s);
            }
            let mut hit = false;
            let object_only = &self.program.queries[q].object_only[i];
            for (k, sel) in sels.iter().enumerate() {
                let ok = match sel {
                    Selector::Wildcard => true,
                    Selector::Name(n) => match seg {
                        SegRef::Key(k) => k == n,
                        // Only a plain decimal name selects an array item
                        // (`0`, not `00` or `+0`), as in the query evaluator.
                        SegRef::Index(j) => plain_index(n) == Some(j),
                    },
                    Selector::Index(n) => match seg {
                        SegRef::Index(j) => {
                            let want = if *n < 0 { siblings as i64 + n } else { *n };
                            want == j as i64
                        }
                        SegRef::Key(_) => false,
                    },
                    Selector::Slice { start, end, step } => match seg {
                        SegRef::Index(j) => in_slice(j, siblings, *start, *end, *step),
                        SegRef::Key(_) => false,
                    },
                    // Most nodes are scalars; a filter that can only hold
                    // for a mapping is not evaluated on anything else.
                    Selector::Filter(_) if object_only[k] && !child.is_object() => false,
                    Selector::Filter(expr) => {
                        if !env_path_pushed {
                            self.logical.push(seg);
                            env_path_pushed = true;
                        }
                        let parent_property = self.frames.last().and_then(|f| f.seg);
                        let env = FilterEnv {
                            current: child,
                            property: seg,
                            parent: Some(parent),
                            parent_property,
                            path: &self.logical,
                            root: self.root,
                        };
                        let ok = eval_filter(expr, &env);
                        if self.program.queries[q].scripted {
                            failures.extend(
                                crate::sandbox::take_filter_failures()
                                    .into_iter()
                                    .map(|f| (q, f)),
                            );
                        }
                        ok
                    }
                };
                if ok {
                    hit = true;
                    break;
                }
            }
            if hit {
                next.push(state(q, i + 1));
            }
        }
        if env_path_pushed {
            self.logical.pop();
        }
        if !failures.is_empty() {
            self.emit_filter_failures(failures, seg);
        }
        if !next.is_empty() {
            // States were pushed in order per source state; a `..` state
            // and its successor can interleave, so normalise.
            next.sort_unstable();
            next.dedup();
            self.visit(child, raw_loc, Some(seg), jump, &next);
        }
        self.scratch.push(next);
    }
}

/// Whether `e` is certainly false unless `@` is a mapping: it reads a
/// named member of `@` (not `length`, which strings and arrays have) in a
/// way that `undefined` cannot satisfy. Conservative: `false` means "may
/// hold for anything".
pub(crate) fn requires_object(e: &FilterExpr) -> bool {
    use crate::jsonpath::ast::{Access, BinOp, Literal};
    fn member_of_current(e: &FilterExpr) -> bool {
        // Digit names index arrays (`@['0']`), so they do not count.
        matches!(e, FilterExpr::Var(Var::Current, acc)
            if matches!(acc.first(), Some(Access::Name(n)) if n != "length" && !n.bytes().all(|b| b.is_ascii_digit())))
    }
    // A literal that `undefined` is never equal to, even loosely.
    fn defined_literal(e: &FilterExpr) -> bool {
        matches!(e, FilterExpr::Literal(l) if !matches!(l, Literal::Undefined | Literal::Null))
            || matches!(e, FilterExpr::Regex(_))
    }
    match e {
        // Truthiness of `@.x`.
        e if member_of_current(e) => true,
        FilterExpr::Binary(BinOp::And, a, b) => requires_object(a) || requires_object(b),
        FilterExpr::Binary(BinOp::Or, a, b) => requires_object(a) && requires_object(b),
        FilterExpr::Binary(BinOp::Eq | BinOp::StrictEq, a, b) => {
            (member_of_current(a) && defined_literal(b))
                || (member_of_current(b) && defined_literal(a))
        }
        // Ordering against `undefined` is always false.
        FilterExpr::Binary(BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, a, b) => {
            member_of_current(a) || member_of_current(b)
        }
        // A method called on `undefined` fails, and a failed filter is false.
        FilterExpr::Call(recv, _, _) => member_of_current(recv),
        _ => false,
    }
}

fn in_slice(j: usize, len: usize, start: Option<i64>, end: Option<i64>, step: Option<i64>) -> bool {
    let len = len as i64;
    let norm = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
    let step = step.unwrap_or(1);
    let j = j as i64;
    if step > 0 {
        let s = norm(start.unwrap_or(0));
        let e = norm(end.unwrap_or(len));
        j >= s && j < e && (j - s) % step == 0
    } else if step < 0 {
        let s = start.map(norm).unwrap_or(len - 1).min(len - 1);
        let e = end.map(norm).unwrap_or(-1);
        j <= s && j > e && (s - j) % (-step) == 0
    } else {
        false
    }
}

fn plain_index(name: &str) -> Option<usize> {
    let plain = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_digit())
        && (name == "0" || !name.starts_with('0'));
    if plain { name.parse().ok() } else { None }
}

fn hash_of<T: Hash>(v: &T) -> u64 {
    let mut h = FxHasher::default();
    v.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_that_need_a_mapping_are_recognised() {
        let needs = |src: &str| {
            let p = crate::jsonpath::parse(&format!("$[?({src})]")).unwrap();
            match &p.segments[0] {
                Segment::Child(sels) => match &sels[0] {
                    Selector::Filter(e) => requires_object(e),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            }
        };
        assert!(needs("@.type == 'array'"));
        assert!(needs("@.enum"));
        assert!(needs("@.type === 'integer' && !@.enum"));
        assert!(needs("@.in && @.name"));
        assert!(needs("@.name.match(/x/)"));
        assert!(needs("@.minimum > 3"));
        // These can hold for scalars or arrays, or for undefined members.
        assert!(!needs("@.length > 2"));
        assert!(!needs("@['0'] == 'a'"));
        assert!(!needs("!@.enum"));
        assert!(!needs("@.x == null"));
        assert!(!needs("@.x === undefined"));
        assert!(!needs("@.enum || @ == 'a'"));
        assert!(!needs("@property == 'x'"));
        assert!(!needs("@string()"));
        assert!(!needs("/x/.test(@.name)"));
    }

    #[test]
    fn slices_follow_python_rules() {
        assert!(in_slice(1, 5, Some(1), Some(3), None));
        assert!(!in_slice(3, 5, Some(1), Some(3), None));
        assert!(in_slice(4, 5, Some(-1), None, None));
        assert!(in_slice(0, 5, None, None, Some(2)));
        assert!(!in_slice(1, 5, None, None, Some(2)));
        assert!(in_slice(4, 5, None, None, Some(-1)));
    }
}
