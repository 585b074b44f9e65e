//! [`View`]: a cheap, copyable cursor on one node of a [`Workspace`].
//!
//! A resolved view never rests on a `$ref` object that can be followed: the
//! constructor and every step (`get`, `members`, `items`) jump to the
//! target, so rule functions see the document as if refs were inlined,
//! without anything being inlined. An unresolved view (Spectral's
//! `resolved: false`) shows `$ref` objects as they are written.
//!
//! A view knows its physical location ([`View::loc`]) but not the path that
//! led to it; the lint walker tracks paths.

use super::workspace::{Loc, Workspace};
use super::{Document, Member, Node, NodeId, Value};

#[derive(Clone, Copy)]
pub struct View<'a> {
    ws: &'a Workspace,
    loc: Loc,
    resolved: bool,
}

impl std::fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "View({:?}, {:?})", self.loc, self.value().type_name())
    }
}

/// What a resolved `to_json` puts where expanding further would loop: the
/// `$ref` object as written (as Spectral leaves circular refs).
const JSON_NODE_BUDGET: usize = 5_000_000;

impl<'a> View<'a> {
    /// A view of `loc`; a resolved view follows `loc` if it is a `$ref`.
    #[inline]
    pub fn new(ws: &'a Workspace, loc: Loc, resolved: bool) -> View<'a> {
        let loc = if resolved { ws.deref(loc) } else { loc };
        View { ws, loc, resolved }
    }

    pub fn workspace(&self) -> &'a Workspace {
        self.ws
    }

    /// The physical node this view rests on.
    pub fn loc(&self) -> Loc {
        self.loc
    }

    pub fn is_resolved(&self) -> bool {
        self.resolved
    }

    /// The same node seen with the other resolution mode.
    pub fn with_resolved(self, resolved: bool) -> View<'a> {
        View::new(self.ws, self.loc, resolved)
    }

    pub fn doc(&self) -> &'a Document {
        self.ws.doc(self.loc.doc)
    }

    pub fn node(&self) -> &'a Node {
        self.doc().tree.node(self.loc.node)
    }

    #[inline]
    pub fn value(&self) -> &'a Value {
        self.ws.value(self.loc)
    }

    fn child(&self, id: NodeId) -> View<'a> {
        View::new(
            self.ws,
            Loc {
                doc: self.loc.doc,
                node: id,
            },
            self.resolved,
        )
    }

    /// The child `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<View<'a>> {
        self.doc()
            .tree
            .get(self.loc.node, key)
            .map(|id| self.child(id))
    }

    /// The mapping member `key` with its key span.
    pub fn member(&self, key: &str) -> Option<(&'a Member, View<'a>)> {
        self.doc()
            .tree
            .member(self.loc.node, key)
            .map(|m| (m, self.child(m.value)))
    }

    /// Item `i` of a sequence.
    pub fn index(&self, i: usize) -> Option<View<'a>> {
        match self.value() {
            Value::Array(items) => items.get(i).map(|&id| self.child(id)),
            _ => None,
        }
    }

    /// The members of a mapping (empty for anything else), in source order.
    pub fn members(&self) -> impl Iterator<Item = (&'a str, View<'a>)> + 'a {
        let this = *self;
        let members: &'a [Member] = match self.value() {
            Value::Object(m) => m,
            _ => &[],
        };
        members.iter().map(move |m| (&*m.key, this.child(m.value)))
    }

    /// The raw members (with key spans) of a mapping.
    pub fn raw_members(&self) -> &'a [Member] {
        match self.value() {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> impl Iterator<Item = View<'a>> + 'a {
        let this = *self;
        let items: &'a [NodeId] = match self.value() {
            Value::Array(i) => i,
            _ => &[],
        };
        items.iter().map(move |&id| this.child(id))
    }

    /// Members of a mapping or items of a sequence, or 0.
    pub fn len(&self) -> usize {
        match self.value() {
            Value::Object(m) => m.len(),
            Value::Array(i) => i.len(),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value(), Value::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.value(), Value::Array(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value(), Value::Null)
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match self.value() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value() {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        self.value().type_name()
    }

    /// JavaScript truthiness (`if (value)`), which Spectral's `truthy`
    /// function and JSONPath filters use: objects and arrays are truthy
    /// even when empty.
    pub fn is_truthy(&self) -> bool {
        match self.value() {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0 && !f.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// When this (unresolved) view rests on a `$ref` object, its reference.
    pub fn ref_string(&self) -> Option<&'a str> {
        self.ws.ref_at(self.loc).map(|r| &*r.reference)
    }

    /// The subtree as `serde_json::Value`. A resolved view inlines refs,
    /// except where that would loop (a ref to an ancestor): there the
    /// `$ref` object is kept as written. Expansion stops with an error past
    /// a node budget, since shared refs can make the inlined form
    /// exponentially larger than the source.
    pub fn to_json(&self) -> Result<serde_json::Value, String> {
        if !self.resolved {
            return Ok(self.doc().tree.to_json(self.loc.node));
        }
        let mut budget = JSON_NODE_BUDGET;
        let mut ancestors: Vec<Loc> = Vec::new();
        self.json_resolved(&mut ancestors, &mut budget, 0)
    }

    fn json_resolved(
        &self,
        ancestors: &mut Vec<Loc>,
        budget: &mut usize,
        depth: usize,
    ) -> Result<serde_json::Value, String> {
        if *budget == 0 {
            return Err(format!(
                "the resolved value is larger than {JSON_NODE_BUDGET} nodes (shared $refs expand too much)"
            ));
        }
        *budget -= 1;
        if depth > 2000 {
            return Err("the resolved value nests deeper than 2000 levels".to_string());
        }
        let raw = |v: &View<'a>| v.doc().tree.to_json(v.loc.node);
        match self.value() {
            Value::Object(members) => {
                ancestors.push(self.loc);
                let mut out = serde_json::Map::with_capacity(members.len());
                for m in members.iter() {
                    let raw_loc = Loc {
                        doc: self.loc.doc,
                        node: m.value,
                    };
                    let target = self.ws.deref(raw_loc);
                    let value = if target != raw_loc && ancestors.contains(&target) {
                        raw(&View::new(self.ws, raw_loc, false))
                    } else {
                        self.child(m.value)
                            .json_resolved(ancestors, budget, depth + 1)?
                    };
                    out.insert(m.key.to_string(), value);
                }
                ancestors.pop();
                Ok(serde_json::Value::Object(out))
            }
            Value::Array(items) => {
                ancestors.push(self.loc);
                let mut out = Vec::with_capacity(items.len());
                for &id in items.iter() {
                    let raw_loc = Loc {
                        doc: self.loc.doc,
                        node: id,
                    };
                    let target = self.ws.deref(raw_loc);
                    if target != raw_loc && ancestors.contains(&target) {
                        out.push(raw(&View::new(self.ws, raw_loc, false)));
                    } else {
                        out.push(self.child(id).json_resolved(ancestors, budget, depth + 1)?);
                    }
                }
                ancestors.pop();
                Ok(serde_json::Value::Array(out))
            }
            _ => Ok(raw(self)),
        }
    }
}
