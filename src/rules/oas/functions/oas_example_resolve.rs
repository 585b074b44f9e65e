//! Which `$ref`s Spectral's resolver inlines, and the per-workspace data
//! the `oasExample` function keeps between calls.
//!
//! Spectral validates examples against a copy of the *resolved* document:
//! its resolver (`@stoplight/json-ref-resolver`) replaces each `$ref`
//! object by its target, except where that would loop. A circular `$ref`
//! stays in place as `{"$ref": "#/..."}`, and so does a `$ref` that leads
//! nowhere. When such a leftover sits in a schema, Ajv cannot resolve it
//! (the copied schema has no `#/components/...`), fails to compile with a
//! "missing ref" error, and Spectral drops that error for resolved rules:
//! the example is then not validated at all. Reproducing which refs stay is
//! therefore what decides which examples get checked.
//!
//! The resolver's rule, restated: a ref at location `L` with target `T` is
//! left in place when `T` contains `L`, or when `T` reaches, through the
//! refs written inside it (transitively), some target `U` that contains
//! `L`. With the graph whose nodes are ref targets and whose edges go from
//! each target to the targets of the refs written anywhere inside it, that
//! is: some target enclosing `L` is in the same strongly connected
//! component as `T` (a target enclosing its own ref being a self-loop).
//! [`Resolution::build`] computes this once per workspace with Tarjan's
//! algorithm; every other ref is followed (its chain to the final target,
//! as the workspace resolved it). Refs written inside a `$ref` object (its
//! siblings) are never followed, as the resolver never looks there.
//!
//! Instead of copying schemas (Spectral's `JSON.parse(JSON.stringify())`),
//! the validator walks the document in place and steps through inlined
//! refs with [`Resolution::step`]; a leftover ref is seen as the `$ref`
//! object it is. Because only non-circular refs are followed, such walks
//! always end.
//!
//! Cross-file refs are treated like local ones (Spectral's resolver
//! handles cycles through other files by URI instead; the difference only
//! shows on cycles that span files).
//!
//! [`WorkspaceData`] holds the resolution plus the memo of compile checks
//! and compiled `pattern` regexes. It is cached per workspace: the cache
//! key is the root document's text allocation (kept alive as a `Weak`, so
//! its address cannot be reused while the entry exists) and the
//! workspace's address; entries whose text is gone are dropped on the next
//! lookup, so at most the documents being linted stay cached.

use std::sync::{Arc, LazyLock, Mutex, Weak};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::{DocId, Loc, NodeId, Value, Workspace};
use crate::jsonpath::JsRegex;

/// Which ref objects Spectral's resolver replaces, and by what.
#[derive(Debug, Default)]
pub(crate) struct Resolution {
    /// Inlined ref object → its final target.
    inlined: FxHashMap<Loc, Loc>,
}

impl Resolution {
    /// Where a walk that reaches `loc` lands: the target when `loc` is an
    /// inlined ref, else `loc` itself (a leftover ref stays a `$ref`
    /// object).
    #[inline]
    pub(crate) fn step(&self, ws: &Workspace, loc: Loc) -> Loc {
        if ws.ref_at(loc).is_some() {
            self.inlined.get(&loc).copied().unwrap_or(loc)
        } else {
            loc
        }
    }

    /// Whether `loc` is a ref object left in place.
    #[inline]
    #[cfg(test)]
    pub(crate) fn is_leftover(&self, ws: &Workspace, loc: Loc) -> bool {
        ws.ref_at(loc).is_some() && !self.inlined.contains_key(&loc)
    }

    pub(crate) fn build(ws: &Workspace) -> Resolution {
        // Every ref object reachable without entering another ref object,
        // with its final target and the ref targets enclosing it.
        struct Found {
            loc: Loc,
            target: Option<Loc>,
            enclosing: Vec<u32>,
        }
        let mut targets: FxHashMap<Loc, u32> = FxHashMap::default();
        let mut target_locs: Vec<Loc> = Vec::new();
        // First pass: the set of targets.
        for_each_ref(ws, |loc| {
            if let Some(t) = final_target(ws, loc)
                && !targets.contains_key(&t)
            {
                targets.insert(t, target_locs.len() as u32);
                target_locs.push(t);
            }
        });
        // Second pass: refs with the targets enclosing them.
        let mut found: Vec<Found> = Vec::new();
        walk_with_enclosing(ws, &targets, |loc, enclosing| {
            found.push(Found {
                loc,
                target: final_target(ws, loc),
                enclosing: enclosing.to_vec(),
            });
        });
        let n = target_locs.len();
        let mut edges: Vec<Vec<u32>> = vec![Vec::new(); n];
        for f in &found {
            if let Some(t) = f.target.and_then(|t| targets.get(&t)) {
                for &u in &f.enclosing {
                    edges[u as usize].push(*t);
                }
            }
        }
        for e in &mut edges {
            e.sort_unstable();
            e.dedup();
        }
        let scc = tarjan(&edges);
        let mut inlined = FxHashMap::default();
        for f in found {
            let Some(t) = f.target else { continue };
            let Some(&ti) = targets.get(&t) else { continue };
            let circular = f
                .enclosing
                .iter()
                .any(|&u| scc[u as usize] == scc[ti as usize]);
            if !circular {
                inlined.insert(f.loc, t);
            }
        }
        Resolution { inlined }
    }
}

/// The final target of the ref object at `loc`, if it resolves.
fn final_target(ws: &Workspace, loc: Loc) -> Option<Loc> {
    let info = ws.ref_at(loc)?;
    info.target.as_ref().ok().map(|t| t.loc)
}

/// Calls `f` for every ref object of every document that is not inside
/// another ref object.
fn for_each_ref(ws: &Workspace, mut f: impl FnMut(Loc)) {
    walk_with_enclosing(ws, &FxHashMap::default(), |loc, _| f(loc));
}

/// Depth-first walk of every document, not entering ref objects, calling
/// `f` at each ref object with the indices of the targets (from `targets`)
/// that enclose it, itself excluded (a ref object is never a final
/// target). Nodes shared through YAML aliases are entered once.
fn walk_with_enclosing(
    ws: &Workspace,
    targets: &FxHashMap<Loc, u32>,
    mut f: impl FnMut(Loc, &[u32]),
) {
    enum Step {
        Enter(NodeId),
        Leave,
    }
    let mut enclosing: Vec<u32> = Vec::new();
    for (d, doc) in ws.docs().iter().enumerate() {
        let doc_id = DocId(d as u32);
        let tree = &doc.tree;
        // One bit per node: entered already (YAML aliases share nodes).
        let mut seen: Vec<u64> = vec![0; tree.nodes.len().div_ceil(64)];
        // One bit per node: a ref target (saves a hash lookup per node).
        let mut is_target: Vec<u64> = vec![0; seen.len()];
        for t in targets.keys().filter(|t| t.doc == doc_id) {
            is_target[t.node.index() / 64] |= 1 << (t.node.index() % 64);
        }
        let target_at = |loc: Loc| -> Option<u32> {
            let i = loc.node.index();
            if is_target[i / 64] & (1 << (i % 64)) == 0 {
                None
            } else {
                targets.get(&loc).copied()
            }
        };
        let mut stack = vec![Step::Enter(tree.root)];
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Leave => {
                    enclosing.pop();
                    continue;
                }
                Step::Enter(id) => id,
            };
            let (word, bit) = (id.index() / 64, 1u64 << (id.index() % 64));
            if seen[word] & bit != 0 {
                continue;
            }
            seen[word] |= bit;
            let loc = Loc {
                doc: doc_id,
                node: id,
            };
            if ws.ref_at(loc).is_some() {
                f(loc, &enclosing);
                continue;
            }
            let children: &[NodeId] = match tree.value(id) {
                Value::Object(members) => {
                    // Members are pushed in reverse so they are entered in
                    // source order (not needed for correctness).
                    if let Some(t) = target_at(loc) {
                        enclosing.push(t);
                        stack.push(Step::Leave);
                    }
                    for m in members.iter().rev() {
                        stack.push(Step::Enter(m.value));
                    }
                    continue;
                }
                Value::Array(items) => items,
                _ => &[],
            };
            if let Some(t) = target_at(loc) {
                enclosing.push(t);
                stack.push(Step::Leave);
            }
            for &c in children.iter().rev() {
                stack.push(Step::Enter(c));
            }
        }
    }
}

/// Strongly connected components (Tarjan, iterative): component id per
/// node.
fn tarjan(edges: &[Vec<u32>]) -> Vec<u32> {
    const UNSEEN: u32 = u32::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut next_index = 0u32;
    let mut next_comp = 0u32;
    // (node, next edge to look at)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for start in 0..n as u32 {
        if index[start as usize] != UNSEEN {
            continue;
        }
        call.push((start, 0));
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            let vi = v as usize;
            if *ei == 0 && index[vi] == UNSEEN {
                index[vi] = next_index;
                low[vi] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[vi] = true;
            }
            if let Some(&w) = edges[vi].get(*ei) {
                *ei += 1;
                let wi = w as usize;
                if index[wi] == UNSEEN {
                    call.push((w, 0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            // All edges done: close the component if v is its root.
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                let pi = parent as usize;
                low[pi] = low[pi].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// What the compile step of Spectral's validator does with a schema.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Compiled {
    /// It compiles: examples are validated.
    Ok,
    /// It holds a leftover `$ref`: Ajv throws a missing-ref error, which
    /// Spectral ignores, so nothing is reported.
    MissingRef,
    /// Ajv throws this error; Spectral reports its message at the example.
    Error(Arc<str>),
}

/// Everything `oasExample` keeps about one workspace.
#[derive(Debug, Default)]
pub(crate) struct WorkspaceData {
    pub(crate) resolution: Resolution,
    /// Compile outcome per schema node, per dialect variant.
    pub(crate) compiled: Mutex<FxHashMap<(Loc, u8), Compiled>>,
    /// `pattern` regexes by source (`None`: not a valid regex).
    pub(crate) patterns: Mutex<FxHashMap<Box<str>, Option<Arc<JsRegex>>>>,
    /// Schema nodes found valid against the meta-schema, per relaxation.
    pub(crate) meta_valid: Mutex<FxHashSet<(Loc, u8)>>,
    /// What Spectral's validator makes of a schema (meta-schema check,
    /// then compile), per schema node, relaxation and dialect.
    pub(crate) prepared: Mutex<FxHashMap<(Loc, u8), Compiled>>,
}

impl WorkspaceData {
    /// The compiled JS regex for `source`, or `None` when it is invalid.
    pub(crate) fn pattern(&self, source: &str) -> Option<Arc<JsRegex>> {
        if let Some(r) = lock(&self.patterns).get(source) {
            return r.clone();
        }
        let compiled = JsRegex::new(source, "").ok().map(Arc::new);
        lock(&self.patterns).insert(source.into(), compiled.clone());
        compiled
    }
}

struct Entry {
    text: Weak<str>,
    workspace: usize,
    data: Arc<WorkspaceData>,
}

static CACHE: LazyLock<Mutex<Vec<Entry>>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// A poisoned lock only means another lint panicked mid-update of a memo;
/// the memo's entries are still each correct.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The data for `ws`, built on first use.
pub(crate) fn for_workspace(ws: &Workspace) -> Arc<WorkspaceData> {
    let Some(root) = ws.docs().first() else {
        return Arc::new(WorkspaceData::default());
    };
    let text_ptr = Arc::as_ptr(&root.text) as *const u8;
    let ws_addr = ws as *const Workspace as usize;
    let mut cache = lock(&CACHE);
    cache.retain(|e| e.text.strong_count() > 0);
    if let Some(e) = cache
        .iter()
        .find(|e| e.workspace == ws_addr && e.text.as_ptr() as *const u8 == text_ptr)
    {
        return e.data.clone();
    }
    let data = Arc::new(WorkspaceData {
        resolution: Resolution::build(ws),
        ..WorkspaceData::default()
    });
    cache.push(Entry {
        text: Arc::downgrade(&root.text),
        workspace: ws_addr,
        data: data.clone(),
    });
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::workspace::LoadOptions;

    fn load(doc: &str) -> Workspace {
        Workspace::from_text("t.yaml", Arc::from(doc), None, &LoadOptions::default()).unwrap()
    }

    fn leftovers(ws: &Workspace) -> Vec<String> {
        let res = Resolution::build(ws);
        let mut out = Vec::new();
        let root = ws.view(false);
        fn walk(
            v: crate::document::View<'_>,
            path: String,
            res: &Resolution,
            ws: &Workspace,
            out: &mut Vec<String>,
        ) {
            if res.is_leftover(ws, v.loc()) {
                out.push(path);
                return;
            }
            for (k, c) in v.members() {
                walk(c, format!("{path}/{k}"), res, ws, out);
            }
            for (i, c) in v.items().enumerate() {
                walk(c, format!("{path}/{i}"), res, ws, out);
            }
        }
        walk(root, String::new(), &res, ws, &mut out);
        out
    }

    #[test]
    fn self_and_mutual_recursion_stay_in_place() {
        let ws = load(
            "a: {p: {$ref: '#/b'}}\nb: {q: {$ref: '#/a'}}\nn: {items: {$ref: '#/n'}}\nc: {x: {$ref: '#/a'}}\nd: {$ref: '#/missing'}\n",
        );
        assert_eq!(leftovers(&ws), vec!["/a/p", "/b/q", "/n/items", "/d"]);
    }

    #[test]
    fn shared_refs_are_inlined() {
        let ws = load("a: {p: {$ref: '#/s'}, q: {$ref: '#/s'}}\ns: {t: {$ref: '#/u'}}\nu: {}\n");
        assert!(leftovers(&ws).is_empty());
        // A ref into a sibling part of the same object is no cycle.
        let ws = load("a: {p: {$ref: '#/a/q'}, q: {type: string}}\n");
        assert!(leftovers(&ws).is_empty());
    }

    #[test]
    fn tarjan_groups_cycles() {
        let scc = tarjan(&[vec![1], vec![0], vec![2], vec![]]);
        assert_eq!(scc[0], scc[1]);
        assert_ne!(scc[2], scc[3]);
        assert_ne!(scc[0], scc[2]);
    }
}
