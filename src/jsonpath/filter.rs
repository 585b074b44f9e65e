//! Evaluates a parsed filter expression (`[?(...)]`) against one candidate
//! node, with JavaScript semantics.
//!
//! Filters in Spectral rule sets are JavaScript run by jsonpath-plus or
//! nimma, so equality, comparison, truthiness and the string methods here
//! follow JS rules (loose `==`, string/number coercion, UTF-16 lengths).
//! Two deliberate departures, both toward not crashing: member access on a
//! missing or non-object value yields `undefined` instead of throwing, and
//! string methods on a number (an array index as `@property`) work on its
//! string form. A method call on `undefined`/`null` still fails, and a
//! failed evaluation makes the filter false for that node, as jsonpath-plus
//! does with `ignoreEvalErrors`.
//!
//! Parsing is in [`super::filter_parser`]; this module never sees text.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::SegRef;
use super::ast::{Access, BinOp, FilterExpr, Literal, Method, TypeSel, Var};
use crate::document::{Value, View};

pub use super::regex::JsRegex;

/// What a filter sees of the node it tests.
///
/// `@` is `current`; `@property` is `property`; `@parentProperty` is
/// `parent_property`. `path` is the route from `root` to `current`,
/// *including* `current`'s own step (so its last element is `property`);
/// `@path` renders it, and `@parent` is found by following it from `root`.
///
/// `@parent` is jsonpath-plus's and nimma's, not the obvious one: the
/// parent of the node whose children are being filtered, i.e. the
/// *grandparent* of `@` (in `$.a.b[?(@parent.x)]`, `@` is a child of `b`
/// and `@parent` is `a`), while `@parentProperty` is the key of `@`'s real
/// parent (`b`). Spectral rule sets are written against that. `parent`
/// below is `@`'s real parent, which filters do not read but callers have
/// at hand.
#[derive(Clone, Copy, Debug)]
pub struct FilterEnv<'a, 'p> {
    pub current: View<'a>,
    pub property: SegRef<'a>,
    pub parent: Option<View<'a>>,
    pub parent_property: Option<SegRef<'a>>,
    pub path: &'p [SegRef<'a>],
    pub root: View<'a>,
}

/// Whether `expr` holds for the node in `env` (JS truthiness of its value;
/// an evaluation error counts as false).
pub fn eval_filter(expr: &FilterExpr, env: &FilterEnv<'_, '_>) -> bool {
    eval(expr, env).is_ok_and(|v| v.truthy())
}

/// A JavaScript value, as far as filters can produce one.
#[derive(Clone, Debug)]
enum Js<'s> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'s, str>),
    /// An object or array of the document (scalars become primitives).
    Node(View<'s>),
    /// An object the filter made and cannot look into: a regex literal
    /// used as a value, or the array `.match()` returns.
    Opaque,
}

/// A JS exception (`TypeError`): the filter is false for this node.
struct Thrown;

type Eval<'s> = Result<Js<'s>, Thrown>;

impl<'s> Js<'s> {
    fn from_view(v: View<'s>) -> Js<'s> {
        match v.value() {
            Value::Null => Js::Null,
            Value::Bool(b) => Js::Bool(*b),
            Value::Int(i) => Js::Num(*i as f64),
            Value::Float(f) => Js::Num(*f),
            Value::String(s) => Js::Str(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) => Js::Node(v),
        }
    }

    fn from_seg(s: SegRef<'s>) -> Js<'s> {
        match s {
            SegRef::Key(k) => Js::Str(Cow::Borrowed(k)),
            SegRef::Index(i) => Js::Num(i as f64),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Js::Undefined | Js::Null => false,
            Js::Bool(b) => *b,
            Js::Num(n) => *n != 0.0 && !n.is_nan(),
            Js::Str(s) => !s.is_empty(),
            Js::Node(_) | Js::Opaque => true,
        }
    }

    fn type_of(&self) -> &'static str {
        match self {
            Js::Undefined => "undefined",
            Js::Null | Js::Node(_) | Js::Opaque => "object",
            Js::Bool(_) => "boolean",
            Js::Num(_) => "number",
            Js::Str(_) => "string",
        }
    }
}

fn eval<'s>(e: &'s FilterExpr, env: &FilterEnv<'s, '_>) -> Eval<'s> {
    Ok(match e {
        FilterExpr::Literal(l) => match l {
            Literal::String(s) => Js::Str(Cow::Borrowed(s)),
            Literal::Number(n) => Js::Num(*n),
            Literal::Bool(b) => Js::Bool(*b),
            Literal::Null => Js::Null,
            Literal::Undefined => Js::Undefined,
        },
        FilterExpr::Regex(_) => Js::Opaque,
        FilterExpr::Var(var, accesses) => {
            let mut v = var_value(*var, env);
            let mut rest = accesses.as_slice();
            while let Some((a, tail)) = rest.split_first() {
                // `x.constructor.name` is how rule sets (spectral:oas's
                // `ArrayProperties`) tell arrays from objects; document
                // values only have the built-in constructors, so the pair
                // is evaluated as one step. On null or undefined it throws,
                // as in JavaScript, which makes the filter false.
                if let (Access::Name(c), Some((Access::Name(n), after))) = (a, tail.split_first())
                    && c == "constructor"
                    && n == "name"
                {
                    v = Js::Str(Cow::Borrowed(constructor_name(&v)?));
                    rest = after;
                    continue;
                }
                v = access(v, a);
                rest = tail;
            }
            v
        }
        FilterExpr::Not(a) => Js::Bool(!eval(a, env)?.truthy()),
        FilterExpr::TypeOf(a) => Js::Str(Cow::Borrowed(eval(a, env)?.type_of())),
        FilterExpr::Binary(op, a, b) => match op {
            BinOp::And => {
                let l = eval(a, env)?;
                if l.truthy() { eval(b, env)? } else { l }
            }
            BinOp::Or => {
                let l = eval(a, env)?;
                if l.truthy() { l } else { eval(b, env)? }
            }
            _ => {
                let l = eval(a, env)?;
                let r = eval(b, env)?;
                Js::Bool(match op {
                    BinOp::Eq => loose_eq(&l, &r),
                    BinOp::Ne => !loose_eq(&l, &r),
                    BinOp::StrictEq => strict_eq(&l, &r),
                    BinOp::StrictNe => !strict_eq(&l, &r),
                    BinOp::Lt => compare(&l, &r).is_some_and(Ordering::is_lt),
                    BinOp::Le => compare(&l, &r).is_some_and(Ordering::is_le),
                    BinOp::Gt => compare(&l, &r).is_some_and(Ordering::is_gt),
                    BinOp::Ge => compare(&l, &r).is_some_and(Ordering::is_ge),
                    BinOp::And | BinOp::Or => unreachable!("handled above"),
                })
            }
        },
        FilterExpr::Call(recv, m, args) => call(recv, *m, args, env)?,
        FilterExpr::TypeSelector(t) => Js::Bool(type_test(*t, env.current)),
        FilterExpr::Length(a) => length(&eval(a, env)?),
        FilterExpr::Script(f) => Js::Bool(crate::sandbox::eval_filter(f, env).map_err(|_| Thrown)?),
    })
}

fn var_value<'s>(var: Var, env: &FilterEnv<'s, '_>) -> Js<'s> {
    match var {
        Var::Current => Js::from_view(env.current),
        Var::Property => Js::from_seg(env.property),
        Var::ParentProperty => env.parent_property.map_or(Js::Undefined, Js::from_seg),
        Var::Parent => filter_parent(env).map_or(Js::Undefined, Js::from_view),
        Var::Path => Js::Str(Cow::Owned(path_string(env.path))),
        Var::Root => Js::from_view(env.root),
    }
}

/// `@parent`: the grandparent of `@` (see [`FilterEnv`]), found by
/// following the path from the root, which sees the same resolved children
/// the walk did.
pub fn filter_parent<'s>(env: &FilterEnv<'s, '_>) -> Option<View<'s>> {
    if env.path.len() < 2 {
        return None;
    }
    let mut v = env.root;
    for seg in &env.path[..env.path.len() - 2] {
        v = match *seg {
            SegRef::Key(k) => v.get(k),
            SegRef::Index(i) => v.index(i),
        }?;
    }
    Some(v)
}

/// nimma's `@path`: `$['paths']['/pets'][0]`, keys always quoted (even
/// `'200'`), indices bare, nothing escaped.
pub fn path_string(path: &[SegRef<'_>]) -> String {
    let mut s = String::from("$");
    for seg in path {
        match seg {
            SegRef::Key(k) => {
                s.push_str("['");
                s.push_str(k);
                s.push_str("']");
            }
            SegRef::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// An array index written as a property name: `"0"`, `"12"`, not `"01"`.
fn canonical_index(s: &str) -> Option<usize> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

/// `v.name` / `v[i]`, leniently: anything that is not there is `undefined`.
fn access<'s>(v: Js<'s>, a: &Access) -> Js<'s> {
    match a {
        Access::Name(name) => member(&v, name),
        Access::Index(i) => match &v {
            Js::Node(n) if n.is_array() => usize::try_from(*i)
                .ok()
                .and_then(|i| n.index(i))
                .map_or(Js::Undefined, Js::from_view),
            // `obj[0]` is `obj["0"]`.
            Js::Node(n) => n.get(&i.to_string()).map_or(Js::Undefined, Js::from_view),
            Js::Str(s) => usize::try_from(*i).map_or(Js::Undefined, |i| char_at(s, i)),
            _ => Js::Undefined,
        },
    }
}

fn member<'s>(v: &Js<'s>, name: &str) -> Js<'s> {
    match v {
        Js::Node(n) if n.is_array() => {
            if name == "length" {
                Js::Num(n.len() as f64)
            } else {
                canonical_index(name)
                    .and_then(|i| n.index(i))
                    .map_or(Js::Undefined, Js::from_view)
            }
        }
        Js::Node(n) => n.get(name).map_or(Js::Undefined, Js::from_view),
        Js::Str(s) if name == "length" => Js::Num(utf16_len(s) as f64),
        Js::Str(s) => canonical_index(name).map_or(Js::Undefined, |i| char_at(s, i)),
        _ => Js::Undefined,
    }
}

/// `v.constructor.name` for a value of a parsed document.
fn constructor_name(v: &Js<'_>) -> Result<&'static str, Thrown> {
    match v {
        Js::Undefined | Js::Null => Err(Thrown),
        Js::Bool(_) => Ok("Boolean"),
        Js::Num(_) => Ok("Number"),
        Js::Str(_) => Ok("String"),
        Js::Node(n) if n.is_array() => Ok("Array"),
        Js::Node(_) => Ok("Object"),
        Js::Opaque => Ok("Object"),
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s[i]`: the UTF-16 code unit at `i` (a lone surrogate becomes U+FFFD).
fn char_at<'s>(s: &str, i: usize) -> Js<'s> {
    s.encode_utf16().nth(i).map_or(Js::Undefined, |u| {
        Js::Str(Cow::Owned(String::from_utf16_lossy(&[u])))
    })
}

fn length<'s>(v: &Js<'s>) -> Js<'s> {
    member(v, "length")
}

fn type_test(t: TypeSel, v: View<'_>) -> bool {
    let value = v.value();
    match t {
        TypeSel::String => matches!(value, Value::String(_)),
        TypeSel::Number => matches!(value, Value::Int(_) | Value::Float(_)),
        // `Number.isInteger`: JS cannot tell `1.0` from `1`.
        TypeSel::Integer => match value {
            Value::Int(_) => true,
            Value::Float(f) => f.is_finite() && f.fract() == 0.0,
            _ => false,
        },
        TypeSel::Boolean => matches!(value, Value::Bool(_)),
        TypeSel::Null => matches!(value, Value::Null),
        TypeSel::Array => matches!(value, Value::Array(_)),
        // `typeof v === 'object' && v !== null`: arrays too, as in
        // jsonpath-plus and nimma.
        TypeSel::Object => matches!(value, Value::Object(_) | Value::Array(_)),
        TypeSel::Scalar => !matches!(value, Value::Object(_) | Value::Array(_)),
        // jsonpath-plus asks a user callback; JSON has no other types.
        TypeSel::Other => false,
    }
}

/// The receiver of a string method as a string: strings, and numbers and
/// booleans in their JS string form; `undefined`/`null`/objects throw.
fn as_string_receiver<'s>(v: &Js<'s>) -> Result<Cow<'s, str>, Thrown> {
    match v {
        Js::Str(s) => Ok(s.clone()),
        Js::Num(_) | Js::Bool(_) => Ok(Cow::Owned(to_js_string(v))),
        _ => Err(Thrown),
    }
}

fn call<'s>(
    recv: &'s FilterExpr,
    m: Method,
    args: &'s [FilterExpr],
    env: &FilterEnv<'s, '_>,
) -> Eval<'s> {
    if m == Method::Test {
        let FilterExpr::Regex(re) = recv else {
            return Err(Thrown);
        };
        let arg = match args.first() {
            Some(a) => eval(a, env)?,
            None => Js::Undefined,
        };
        return Ok(Js::Bool(re.is_match(&to_js_string(&arg))));
    }
    let r = eval(recv, env)?;
    let arg = match args.first() {
        Some(FilterExpr::Regex(_)) | None => Js::Undefined,
        Some(a) => eval(a, env)?,
    };
    Ok(match m {
        Method::Test => unreachable!("handled above"),
        Method::Match => {
            let s = as_string_receiver(&r)?;
            let matched = match args.first() {
                Some(FilterExpr::Regex(re)) => re.is_match(&s),
                // A pattern computed at run time: compile it now.
                _ => JsRegex::new(&to_js_string(&arg), "")
                    .map_err(|_| Thrown)?
                    .is_match(&s),
            };
            // `.match()` returns an array or null; only its truthiness is
            // ever used.
            if matched { Js::Opaque } else { Js::Null }
        }
        Method::Includes => match &r {
            Js::Node(n) if n.is_array() => Js::Bool(
                n.items()
                    .any(|item| same_value_zero(&Js::from_view(item), &arg)),
            ),
            _ => Js::Bool(as_string_receiver(&r)?.contains(&*to_js_string(&arg))),
        },
        Method::IndexOf => match &r {
            Js::Node(n) if n.is_array() => Js::Num(
                n.items()
                    .position(|item| strict_eq(&Js::from_view(item), &arg))
                    .map_or(-1.0, |i| i as f64),
            ),
            _ => {
                let s = as_string_receiver(&r)?;
                let needle = to_js_string(&arg);
                Js::Num(
                    s.find(&*needle)
                        .map_or(-1.0, |byte| utf16_len(&s[..byte]) as f64),
                )
            }
        },
        Method::StartsWith => Js::Bool(as_string_receiver(&r)?.starts_with(&*to_js_string(&arg))),
        Method::EndsWith => Js::Bool(as_string_receiver(&r)?.ends_with(&*to_js_string(&arg))),
        Method::ToLowerCase => Js::Str(Cow::Owned(as_string_receiver(&r)?.to_lowercase())),
        Method::ToUpperCase => Js::Str(Cow::Owned(as_string_receiver(&r)?.to_uppercase())),
    })
}

fn same_value_zero(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Num(x), Js::Num(y)) if x.is_nan() && y.is_nan() => true,
        _ => strict_eq(a, b),
    }
}

/// `===`: same type and value; objects by identity.
fn strict_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undefined, Js::Undefined) | (Js::Null, Js::Null) => true,
        (Js::Bool(x), Js::Bool(y)) => x == y,
        (Js::Num(x), Js::Num(y)) => x == y,
        (Js::Str(x), Js::Str(y)) => x == y,
        (Js::Node(x), Js::Node(y)) => x.loc() == y.loc(),
        _ => false,
    }
}

/// `==`: the abstract equality algorithm.
fn loose_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undefined | Js::Null, Js::Undefined | Js::Null) => true,
        (Js::Undefined | Js::Null, _) | (_, Js::Undefined | Js::Null) => false,
        (Js::Num(x), Js::Str(s)) | (Js::Str(s), Js::Num(x)) => *x == crate::js::string_to_number(s),
        (Js::Bool(x), other) | (other, Js::Bool(x)) => {
            let n = Js::Num(if *x { 1.0 } else { 0.0 });
            if matches!(other, Js::Bool(_)) {
                strict_eq(a, b)
            } else {
                loose_eq(&n, other)
            }
        }
        (Js::Node(_) | Js::Opaque, Js::Num(_) | Js::Str(_)) => loose_eq(&to_primitive(a), b),
        (Js::Num(_) | Js::Str(_), Js::Node(_) | Js::Opaque) => loose_eq(a, &to_primitive(b)),
        _ => strict_eq(a, b),
    }
}

/// `<` and friends: strings compare by UTF-16 code units, everything else
/// as numbers; `None` when either side is `NaN` (every comparison false).
fn compare(a: &Js<'_>, b: &Js<'_>) -> Option<Ordering> {
    let (pa, pb) = (to_primitive(a), to_primitive(b));
    if let (Js::Str(x), Js::Str(y)) = (&pa, &pb) {
        return Some(x.encode_utf16().cmp(y.encode_utf16()));
    }
    to_number(&pa).partial_cmp(&to_number(&pb))
}

/// `ToPrimitive` for the values filters can hold: objects become their
/// `toString()`.
fn to_primitive<'s>(v: &Js<'s>) -> Js<'s> {
    match v {
        Js::Node(_) | Js::Opaque => Js::Str(Cow::Owned(to_js_string(v))),
        other => other.clone(),
    }
}

fn to_number(v: &Js<'_>) -> f64 {
    match v {
        Js::Undefined => f64::NAN,
        Js::Null => 0.0,
        Js::Bool(b) => f64::from(u8::from(*b)),
        Js::Num(n) => *n,
        Js::Str(s) => crate::js::string_to_number(s),
        Js::Node(_) | Js::Opaque => to_number(&to_primitive(v)),
    }
}

/// JS `String(v)`.
fn to_js_string(v: &Js<'_>) -> String {
    match v {
        Js::Undefined => "undefined".to_string(),
        Js::Null => "null".to_string(),
        Js::Bool(b) => b.to_string(),
        Js::Num(n) => crate::js::number_to_string(*n),
        Js::Str(s) => s.to_string(),
        Js::Node(n) => {
            let mut out = String::new();
            node_to_string(*n, &mut out, 0);
            out
        }
        Js::Opaque => "[object Object]".to_string(),
    }
}

/// `Array.prototype.toString` (elements joined by `,`, `null` and
/// `undefined` as empty) and `"[object Object]"` for objects. Depth-capped:
/// a resolved view can loop through `$ref`s.
fn node_to_string(n: View<'_>, out: &mut String, depth: usize) {
    if !n.is_array() {
        out.push_str("[object Object]");
        return;
    }
    if depth > 16 {
        return;
    }
    for (i, item) in n.items().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match Js::from_view(item) {
            Js::Null | Js::Undefined => {}
            Js::Node(inner) => node_to_string(inner, out, depth + 1),
            other => out.push_str(&to_js_string(&other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_string_quotes_keys_not_indices() {
        let p = [
            SegRef::Key("paths"),
            SegRef::Key("/pets"),
            SegRef::Key("200"),
            SegRef::Index(0),
        ];
        assert_eq!(path_string(&p), "$['paths']['/pets']['200'][0]");
        assert_eq!(path_string(&[]), "$");
    }
}
