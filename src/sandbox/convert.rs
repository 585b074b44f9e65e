//! Values across the sandbox boundary: document nodes and options into
//! JavaScript, function results back into [`FnResult`]s.
//!
//! Converting the document is the main cost of a JavaScript call, so an
//! object or array becomes a lazy proxy whose members are converted when a
//! function first touches it, and each node has one proxy per runtime: a
//! later call on the same node, or on a node inside it, gets the same
//! JavaScript object back. That also makes circular `$ref`s what they are
//! in Spectral: objects that contain themselves, not an endless conversion.

use rquickjs::convert::Coerced;
use rquickjs::{Array, Ctx, FromJs, Function, Object, Persistent, Value};
use rustc_hash::FxHashMap;

use crate::document::{DocId, Loc, NodeId, PathSeg, Value as Node, View, Workspace};
use crate::functions::FnResult;

/// Lazy proxies of containers by [`key`].
pub(super) type NodeCache = FxHashMap<u64, Persistent<Value<'static>>>;

/// A node's identity: its place, and whether refs inside it are followed.
/// Below 2^53, so it survives the trip through a JavaScript number.
fn key(v: &View<'_>) -> u64 {
    let loc = v.loc();
    ((loc.doc.0 as u64) << 33) | ((loc.node.index() as u64) << 1) | v.is_resolved() as u64
}

/// The node a [`key`] names in `ws`, if it exists there.
pub(super) fn view_of(ws: &Workspace, key: f64) -> Option<View<'_>> {
    if !(0.0..9.0e15).contains(&key) || key.fract() != 0.0 {
        return None;
    }
    let key = key as u64;
    let doc = (key >> 33) as u32;
    let node = ((key >> 1) & 0xFFFF_FFFF) as u32;
    let d = ws.docs().get(doc as usize)?;
    if node as usize >= d.tree.nodes.len() {
        return None;
    }
    let loc = Loc {
        doc: DocId(doc),
        node: NodeId(node),
    };
    Some(View::new(ws, loc, key & 1 == 1))
}

/// A scalar's JavaScript value; `None` for objects and arrays.
fn scalar<'js>(ctx: &Ctx<'js>, node: &Node) -> rquickjs::Result<Option<Value<'js>>> {
    Ok(Some(match node {
        Node::Null => Value::new_null(ctx.clone()),
        Node::Bool(b) => Value::new_bool(ctx.clone(), *b),
        Node::Int(i) => match i32::try_from(*i) {
            Ok(small) => Value::new_int(ctx.clone(), small),
            Err(_) => Value::new_float(ctx.clone(), *i as f64),
        },
        Node::Float(f) => Value::new_float(ctx.clone(), *f),
        Node::String(s) => rquickjs::String::from_str(ctx.clone(), s)?.into_value(),
        Node::Array(_) | Node::Object(_) => return Ok(None),
    }))
}

/// The JavaScript value of a document node: a scalar, or the lazy proxy
/// of an object or array (made by the prelude's `lazy`, one per node and
/// runtime, so identity and cycles are as in Spectral's resolved data).
pub(super) fn node<'js>(
    ctx: &Ctx<'js>,
    lazy: &Function<'js>,
    v: View<'_>,
    cache: &mut NodeCache,
) -> rquickjs::Result<Value<'js>> {
    if let Some(s) = scalar(ctx, v.value())? {
        return Ok(s);
    }
    let k = key(&v);
    if let Some(p) = cache.get(&k) {
        return p.clone().restore(ctx);
    }
    let proxy: Value = lazy.call((v.is_array(), k as f64))?;
    cache.insert(k, Persistent::save(ctx, proxy.clone()));
    Ok(proxy)
}

/// Fills a lazy proxy's target with the members of its node.
pub(super) fn fill<'js>(
    ctx: &Ctx<'js>,
    lazy: &Function<'js>,
    target: &Object<'js>,
    v: View<'_>,
    cache: &mut NodeCache,
) -> rquickjs::Result<()> {
    if v.is_array() {
        for (i, c) in v.items().enumerate() {
            target.set(i as u32, node(ctx, lazy, c, cache)?)?;
        }
    } else {
        for (k, c) in v.members() {
            target.set(k, node(ctx, lazy, c, cache)?)?;
        }
    }
    Ok(())
}

/// A path as a JavaScript array of keys and indices.
pub(super) fn path<'js>(ctx: &Ctx<'js>, path: &[PathSeg]) -> rquickjs::Result<Value<'js>> {
    let arr = Array::new(ctx.clone())?;
    for (i, seg) in path.iter().enumerate() {
        match seg {
            PathSeg::Key(k) => arr.set(i, k.as_str())?,
            PathSeg::Index(n) => arr.set(i, *n as f64)?,
        }
    }
    Ok(arr.into_value())
}

/// What a function returned, as results; `Err` says what is wrong with it.
pub(super) fn results<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<Vec<FnResult>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(arr) = value.as_array() else {
        return Err(format!(
            "returned {}, not an array of results",
            describe(ctx, &value)
        ));
    };
    let mut out = Vec::with_capacity(arr.len());
    for item in arr.iter::<Value>() {
        let item = item.map_err(|e| e.to_string())?;
        let Some(obj) = item.as_object() else {
            return Err(format!(
                "returned {} in its results, not an object with a message",
                describe(ctx, &item)
            ));
        };
        let message: Value = obj.get("message").map_err(|e| e.to_string())?;
        let message = if message.is_undefined() {
            String::new()
        } else {
            text(ctx, message)
        };
        let path: Value = obj.get("path").map_err(|e| e.to_string())?;
        let path = match path.as_array() {
            None => None,
            Some(segs) => {
                let mut p = Vec::with_capacity(segs.len());
                for seg in segs.iter::<Value>() {
                    let seg = seg.map_err(|e| e.to_string())?;
                    p.push(match seg.as_number() {
                        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 4e9 => {
                            PathSeg::Index(n as usize)
                        }
                        _ => PathSeg::Key(text(ctx, seg)),
                    });
                }
                Some(p)
            }
        };
        out.push(FnResult {
            message,
            path,
            function_error: false,
        });
    }
    Ok(out)
}

/// `String(value)`, or a description when even that throws.
pub(super) fn text<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> String {
    if let Some(s) = value.as_string() {
        return s.to_string().unwrap_or_default();
    }
    match Coerced::<String>::from_js(ctx, value) {
        Ok(s) => s.0,
        Err(_) => {
            // A throwing toString leaves an exception behind; clear it.
            let _ = ctx.catch();
            "(a value that cannot be printed)".to_string()
        }
    }
}

/// A short description of a value for messages: its type, and its text
/// when that is short.
pub(super) fn describe<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> String {
    let kind = value.type_name();
    let shown = ctx
        .json_stringify(value.clone())
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok());
    match shown {
        Some(s) if s.chars().count() <= 80 => format!("{kind} {s}"),
        _ => kind.to_string(),
    }
}
