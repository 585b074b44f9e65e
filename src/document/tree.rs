//! The span-preserving document tree.
//!
//! Every parsed file (YAML or JSON) becomes one [`Tree`]: a flat arena of
//! [`Node`]s addressed by [`NodeId`]. Each node and each mapping key carries
//! the byte range it came from, so findings can point at their source; line
//! and column are computed only when rendering (see [`super::LineIndex`]).
//!
//! Why an arena instead of nested boxes: dropping a 100,000-deep tree of
//! boxes recurses and overflows the stack, while dropping a `Vec` does not;
//! node identity (`NodeId`) is what the `$ref` resolver and the lint walker
//! memoise on; and YAML aliases can share a node instead of copying it.
//!
//! This module knows nothing about `$ref`, OpenAPI or rules.

use std::fmt;

/// A byte range `[start, end)` in a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const EMPTY: Span = Span { start: 0, end: 0 };

    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
}

/// Index of a node inside its [`Tree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One `key: value` entry of a mapping, in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Box<str>,
    pub key_span: Span,
    pub value: NodeId,
}

/// The value of a node. Containers hold child ids, never children.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Integers that fit `i64`; larger ones are stored as `Float`.
    Int(i64),
    Float(f64),
    String(Box<str>),
    Array(Box<[NodeId]>),
    Object(Box<[Member]>),
}

impl Value {
    /// The JSON type name, as JSON Schema and Spectral messages spell it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// The whole value: for a mapping or sequence, from its first to its
    /// last character (block YAML collections end at their last child).
    pub span: Span,
}

/// A parsed file: the node arena and its root.
#[derive(Clone, Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub root: NodeId,
    /// Hash lookup for mappings with many members, built on the first
    /// lookup in one: rules look names up in `paths` or
    /// `components.schemas` (hundreds of members) for every finding, and a
    /// hostile document may have 100,000 keys in one mapping.
    big: std::sync::OnceLock<BigIndex>,
}

/// Mappings with more members than this are indexed.
const BIG: usize = 16;

/// (mapping, hash of key) → member index; the key is compared on lookup,
/// and a hash collision falls back to a scan.
type BigIndex = rustc_hash::FxHashMap<(u32, u64), u32>;

fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

impl Tree {
    pub fn new(nodes: Vec<Node>, root: NodeId) -> Tree {
        Tree {
            nodes,
            root,
            big: std::sync::OnceLock::new(),
        }
    }

    /// A tree holding a single `null` (used for empty documents).
    pub fn null() -> Tree {
        Tree::new(
            vec![Node {
                value: Value::Null,
                span: Span::EMPTY,
            }],
            NodeId(0),
        )
    }

    fn big_index(&self) -> &BigIndex {
        self.big.get_or_init(|| {
            let mut index = BigIndex::default();
            for (i, n) in self.nodes.iter().enumerate() {
                if let Value::Object(members) = &n.value
                    && members.len() > BIG
                {
                    for (j, m) in members.iter().enumerate() {
                        // The first of duplicate keys wins, as in a scan.
                        index
                            .entry((i as u32, key_hash(&m.key)))
                            .or_insert(j as u32);
                    }
                }
            }
            index
        })
    }

    #[inline]
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    #[inline]
    pub fn value(&self, id: NodeId) -> &Value {
        &self.nodes[id.index()].value
    }

    /// The member of mapping `id` named `key`, if `id` is a mapping that has it.
    pub fn member(&self, id: NodeId, key: &str) -> Option<&Member> {
        match self.value(id) {
            Value::Object(members) if members.len() > BIG => {
                match self.big_index().get(&(id.0, key_hash(key))) {
                    Some(&j) if &*members[j as usize].key == key => Some(&members[j as usize]),
                    // Either absent, or another key with the same hash.
                    Some(_) => members.iter().find(|m| &*m.key == key),
                    None => None,
                }
            }
            Value::Object(members) => members.iter().find(|m| &*m.key == key),
            _ => None,
        }
    }

    /// The value of `key` in mapping `id`.
    pub fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.member(id, key).map(|m| m.value)
    }

    /// The string value of `key` in mapping `id`.
    pub fn get_str(&self, id: NodeId, key: &str) -> Option<&str> {
        match self.value(self.get(id, key)?) {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Converts a subtree to `serde_json::Value` (no `$ref` following; see
    /// `View::to_json` for the resolved form). Iterative, so deep trees are safe.
    pub fn to_json(&self, id: NodeId) -> serde_json::Value {
        to_json_iter(self, id)
    }
}

fn scalar_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(_) | Value::Object(_) => unreachable!("containers are handled by the caller"),
    }
}

fn to_json_iter(tree: &Tree, id: NodeId) -> serde_json::Value {
    // Explicit stack of partially built containers, so depth costs heap, not stack.
    enum Frame<'t> {
        Arr(Vec<serde_json::Value>, std::slice::Iter<'t, NodeId>),
        Obj(
            serde_json::Map<String, serde_json::Value>,
            std::slice::Iter<'t, Member>,
            Option<&'t str>,
        ),
    }
    let start = |id: NodeId| -> Result<serde_json::Value, Frame<'_>> {
        match tree.value(id) {
            Value::Array(items) => Err(Frame::Arr(Vec::with_capacity(items.len()), items.iter())),
            Value::Object(members) => Err(Frame::Obj(
                serde_json::Map::with_capacity(members.len()),
                members.iter(),
                None,
            )),
            v => Ok(scalar_json(v)),
        }
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut done = match start(id) {
        Ok(v) => return v,
        Err(f) => {
            stack.push(f);
            None
        }
    };
    loop {
        if let Some(v) = done.take() {
            match stack.last_mut() {
                None => return v,
                Some(Frame::Arr(out, _)) => out.push(v),
                Some(Frame::Obj(out, _, key)) => {
                    out.insert(key.take().unwrap_or_default().to_string(), v);
                }
            }
        }
        let next = match stack.last_mut().expect("stack is non-empty here") {
            Frame::Arr(_, it) => it.next().copied(),
            Frame::Obj(_, it, key) => it.next().map(|m| {
                *key = Some(&m.key);
                m.value
            }),
        };
        match next {
            Some(child) => match start(child) {
                Ok(v) => done = Some(v),
                Err(f) => stack.push(f),
            },
            None => {
                done = Some(match stack.pop().expect("stack is non-empty here") {
                    Frame::Arr(out, _) => serde_json::Value::Array(out),
                    Frame::Obj(out, _, _) => serde_json::Value::Object(out),
                });
            }
        }
    }
}

/// One step of a path from a document root: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl PathSeg {
    /// The segment as Spectral's path arrays and JSONPath filters see it
    /// (`@property` of an array item is its index as a number, but keys are
    /// always strings here, even `"200"`).
    pub fn as_key_string(&self) -> std::borrow::Cow<'_, str> {
        match self {
            PathSeg::Key(k) => std::borrow::Cow::Borrowed(k),
            PathSeg::Index(i) => std::borrow::Cow::Owned(i.to_string()),
        }
    }
}

impl fmt::Display for PathSeg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSeg::Key(k) => f.write_str(k),
            PathSeg::Index(i) => write!(f, "{i}"),
        }
    }
}

impl From<&str> for PathSeg {
    fn from(s: &str) -> Self {
        PathSeg::Key(s.to_string())
    }
}

impl From<usize> for PathSeg {
    fn from(i: usize) -> Self {
        PathSeg::Index(i)
    }
}

/// A path from a document root.
pub type Path = Vec<PathSeg>;

/// Renders a path as an RFC 6901 JSON pointer (`/paths/~1pets/get`).
pub fn to_pointer(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            PathSeg::Key(k) => {
                for c in k.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            PathSeg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tree {
        // {"a": [1, {"b": null}]}
        let nodes = vec![
            Node {
                value: Value::Object(
                    vec![Member {
                        key: "a".into(),
                        key_span: Span::EMPTY,
                        value: NodeId(1),
                    }]
                    .into(),
                ),
                span: Span::EMPTY,
            },
            Node {
                value: Value::Array(vec![NodeId(2), NodeId(3)].into()),
                span: Span::EMPTY,
            },
            Node {
                value: Value::Int(1),
                span: Span::EMPTY,
            },
            Node {
                value: Value::Object(
                    vec![Member {
                        key: "b".into(),
                        key_span: Span::EMPTY,
                        value: NodeId(4),
                    }]
                    .into(),
                ),
                span: Span::EMPTY,
            },
            Node {
                value: Value::Null,
                span: Span::EMPTY,
            },
        ];
        Tree::new(nodes, NodeId(0))
    }

    #[test]
    fn big_mappings_are_looked_up_by_hash_and_first_duplicate_wins() {
        let mut nodes = vec![Node {
            value: Value::Null,
            span: Span::EMPTY,
        }];
        let mut members = Vec::new();
        for i in 0..100 {
            nodes.push(Node {
                value: Value::Int(i),
                span: Span::EMPTY,
            });
            members.push(Member {
                key: format!("k{}", i % 90).into(),
                key_span: Span::EMPTY,
                value: NodeId(i as u32 + 1),
            });
        }
        nodes[0].value = Value::Object(members.into());
        let t = Tree::new(nodes, NodeId(0));
        assert_eq!(t.get(NodeId(0), "k5"), Some(NodeId(6)));
        // `k5` appears again at 95: the first one is the value.
        assert_eq!(t.get(NodeId(0), "k89"), Some(NodeId(90)));
        assert_eq!(t.get(NodeId(0), "k90"), None);
        assert_eq!(t.get(NodeId(0), "nope"), None);
    }

    #[test]
    fn to_json_round_trips_nested_containers() {
        assert_eq!(
            sample().to_json(NodeId(0)),
            serde_json::json!({"a": [1, {"b": null}]})
        );
    }

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let p = vec![
            PathSeg::Key("paths".into()),
            PathSeg::Key("/a~b".into()),
            PathSeg::Index(0),
        ];
        assert_eq!(to_pointer(&p), "/paths/~1a~0b/0");
    }
}
