//! A standalone evaluator: one path over one document, segment by segment.
//!
//! The lint run evaluates all `given` paths together in one walk
//! (`engine::walker`); this evaluator is the simple reference for the same
//! semantics, used for `then.field` paths and tests. It keeps every match
//! with its full route (the views from the root and the path), which makes
//! `^` trivial and `@parent` exact, at a cost the one-walk evaluator avoids.
//!
//! Results are in document order (by position, not by the order of union
//! members) and unique by path: jsonpath-plus can return one node twice
//! (`$..[a,b]..x`), Spectral would then report it twice, we do not.

use rustc_hash::FxHashSet;

use super::SegRef;
use super::ast::{JsonPath, Segment, Selector};
use super::filter::{FilterEnv, eval_filter};
use crate::document::{PathSeg, View};

/// One result of [`query`].
#[derive(Clone, Debug)]
pub enum QueryMatch<'a> {
    /// A node and its path from the root given to [`query`].
    Node { view: View<'a>, path: Vec<PathSeg> },
    /// A `~` result: the property name or index `key` of the node at
    /// `path` (so `path.last() == Some(&key)`).
    Key { key: PathSeg, path: Vec<PathSeg> },
}

impl QueryMatch<'_> {
    pub fn path(&self) -> &[PathSeg] {
        match self {
            QueryMatch::Node { path, .. } | QueryMatch::Key { path, .. } => path,
        }
    }
}

/// A match in progress: the views from the root to the node (one more than
/// path steps), the path, and each step's position among its siblings
/// (for sorting into document order).
#[derive(Clone)]
struct Route<'a> {
    views: Vec<View<'a>>,
    path: Vec<SegRef<'a>>,
    order: Vec<usize>,
}

impl<'a> Route<'a> {
    fn node(&self) -> View<'a> {
        *self.views.last().expect("a route always holds the root")
    }
}

/// Evaluates `path` with `root` as `$`.
pub fn query<'a>(path: &JsonPath, root: View<'a>) -> Vec<QueryMatch<'a>> {
    let mut current = vec![Route {
        views: vec![root],
        path: Vec::new(),
        order: Vec::new(),
    }];
    let mut keys = false;
    for seg in &path.segments {
        let next = match seg {
            Segment::Child(sels) => {
                let mut out = Vec::new();
                for r in &current {
                    child_step(sels, r, root, &mut out);
                }
                out
            }
            Segment::Descendant(sels) => {
                let mut out = Vec::new();
                for r in &current {
                    descend(sels, r, root, &mut out);
                }
                out
            }
            Segment::Parent => current
                .into_iter()
                .filter(|r| !r.path.is_empty())
                .map(|mut r| {
                    r.views.pop();
                    r.path.pop();
                    r.order.pop();
                    r
                })
                .collect(),
            Segment::PropertyName => {
                keys = true;
                current.into_iter().filter(|r| !r.path.is_empty()).collect()
            }
        };
        current = dedupe(next);
        if current.is_empty() {
            break;
        }
    }
    current.sort_by(|a, b| a.order.cmp(&b.order));
    current
        .into_iter()
        .map(|r| {
            let path: Vec<PathSeg> = r.path.iter().map(|s| s.to_owned_seg()).collect();
            if keys {
                QueryMatch::Key {
                    key: path.last().cloned().expect("root was filtered out"),
                    path,
                }
            } else {
                QueryMatch::Node {
                    view: r.node(),
                    path,
                }
            }
        })
        .collect()
}

/// Keeps the first route to each path. Later segments depend only on the
/// route, so dropping duplicates early loses nothing.
fn dedupe(routes: Vec<Route<'_>>) -> Vec<Route<'_>> {
    let mut seen = FxHashSet::default();
    routes
        .into_iter()
        .filter(|r| seen.insert(r.path.clone()))
        .collect()
}

/// The children of a node, with their steps.
fn children<'a>(v: View<'a>) -> Vec<(SegRef<'a>, View<'a>)> {
    if v.is_array() {
        v.items()
            .enumerate()
            .map(|(i, c)| (SegRef::Index(i), c))
            .collect()
    } else {
        v.members().map(|(k, c)| (SegRef::Key(k), c)).collect()
    }
}

/// Applies `sels` to the children of `r`'s node.
fn child_step<'a>(sels: &[Selector], r: &Route<'a>, root: View<'a>, out: &mut Vec<Route<'a>>) {
    let parent = r.node();
    let kids = children(parent);
    let n = kids.len();
    let mut route = r.clone();
    for (pos, (seg, child)) in kids.into_iter().enumerate() {
        route.path.push(seg);
        if selects(sels, &route, parent, child, seg, n, root) {
            let mut hit = route.clone();
            hit.views.push(child);
            hit.order.push(pos);
            out.push(hit);
        }
        route.path.pop();
    }
}

/// `..sels`: applies `sels` to the children of `r`'s node and of each of
/// its descendants, in document order. A node already on the route (a
/// `$ref` back to an ancestor) is matched but not entered again.
fn descend<'a>(sels: &[Selector], r: &Route<'a>, root: View<'a>, out: &mut Vec<Route<'a>>) {
    struct Frame<'a> {
        kids: std::vec::IntoIter<(SegRef<'a>, View<'a>)>,
        pos: usize,
        len: usize,
    }
    let mut route = r.clone();
    let start = r.node();
    let first = children(start);
    let mut stack = vec![Frame {
        len: first.len(),
        kids: first.into_iter(),
        pos: 0,
    }];
    while let Some(frame) = stack.last_mut() {
        let Some((seg, child)) = frame.kids.next() else {
            stack.pop();
            // Leaving a node that was entered: drop its step.
            if !stack.is_empty() {
                route.views.pop();
                route.path.pop();
                route.order.pop();
            }
            continue;
        };
        let pos = frame.pos;
        let siblings = frame.len;
        frame.pos += 1;
        let parent = route.node();
        route.path.push(seg);
        route.views.push(child);
        route.order.push(pos);
        if selects(sels, &route, parent, child, seg, siblings, root) {
            out.push(route.clone());
        }
        let cyclic = route.views[..route.views.len() - 1]
            .iter()
            .any(|v| v.loc() == child.loc());
        let kids = if cyclic { Vec::new() } else { children(child) };
        if kids.is_empty() {
            route.views.pop();
            route.path.pop();
            route.order.pop();
        } else {
            stack.push(Frame {
                len: kids.len(),
                kids: kids.into_iter(),
                pos: 0,
            });
        }
    }
}

/// Whether any selector picks `child` (reached by `seg` from `parent`,
/// which has `siblings` children). `route.path` already ends with `seg`.
fn selects<'a>(
    sels: &[Selector],
    route: &Route<'a>,
    parent: View<'a>,
    child: View<'a>,
    seg: SegRef<'a>,
    siblings: usize,
    root: View<'a>,
) -> bool {
    sels.iter().any(|sel| match sel {
        Selector::Wildcard => true,
        Selector::Name(n) => match seg {
            SegRef::Key(k) => k == n,
            SegRef::Index(i) => is_canonical_index(n, i),
        },
        Selector::Index(want) => match seg {
            SegRef::Index(i) => {
                let want = if *want < 0 {
                    siblings as i64 + want
                } else {
                    *want
                };
                want == i as i64
            }
            SegRef::Key(_) => false,
        },
        Selector::Slice { start, end, step } => match seg {
            SegRef::Index(i) => in_slice(i, siblings, *start, *end, *step),
            SegRef::Key(_) => false,
        },
        Selector::Filter(expr) => {
            let len = route.path.len();
            let env = FilterEnv {
                current: child,
                property: seg,
                parent: Some(parent),
                parent_property: (len >= 2).then(|| route.path[len - 2]),
                path: &route.path,
                root,
            };
            eval_filter(expr, &env)
        }
    })
}

/// A name selects an array item when it is the index written plainly
/// (`.0`, `['12']`, not `'01'`).
fn is_canonical_index(name: &str, i: usize) -> bool {
    !name.is_empty()
        && (name == "0" || !name.starts_with('0'))
        && name.bytes().all(|b| b.is_ascii_digit())
        && name.parse::<usize>().is_ok_and(|n| n == i)
}

/// Whether index `i` of an array of `len` items is in `[start:end:step]`
/// (RFC 9535 slice semantics; negative bounds count from the end, a
/// negative step walks backwards but results stay in document order).
pub fn in_slice(
    i: usize,
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> bool {
    let len = len as i64;
    let i = i as i64;
    let step = step.unwrap_or(1);
    let norm = |b: i64| if b < 0 { b + len } else { b };
    if step > 0 {
        let lo = start.map_or(0, norm).clamp(0, len);
        let hi = end.map_or(len, norm).clamp(0, len);
        lo <= i && i < hi && (i - lo) % step == 0
    } else if step < 0 {
        let hi = start.map_or(len - 1, norm).clamp(-1, len - 1);
        let lo = end.map_or(-1, norm).clamp(-1, len - 1);
        lo < i && i <= hi && (hi - i) % (-step) == 0
    } else {
        false
    }
}
