//! The validator behind `oasExample`: JSON Schema validation with Ajv's
//! semantics (the validator Spectral runs), on the document in place.
//!
//! Spectral copies each schema out of the resolved document and has Ajv
//! compile it; here schema and example are both read where they are
//! written, stepping through the refs Spectral's resolver inlines
//! ([`Resolution::step`]). Nothing is copied or compiled, so a schema
//! shared by a thousand examples costs nothing until an example needs a
//! part of it. What Ajv's compile step would reject is found by
//! [`Env::compile`], memoised per schema node. The schema and the value
//! each have a [`Side`] (workspace and ref stepping), so the same
//! validator also checks a user's schema against the built-in draft 4
//! meta-schema ([`super::oas_example_meta`]).
//!
//! Ajv's behaviour reproduced (with `allErrors: false`, as Spectral runs
//! it):
//! - **Order.** The `type` check first (unless the schema has a single
//!   type and keywords for that type, where it is deferred to that type's
//!   group); then the keywords that apply to any type (`const`, `enum`,
//!   `not`, `anyOf`, `oneOf`, `allOf`, `if`); then the number, string,
//!   array and object keywords in Ajv's fixed order. The first failing
//!   keyword ends the schema; in a plain (non-combinator) context it ends
//!   the whole validation with just that error.
//! - **Combinators.** `anyOf`/`oneOf` collect the first error of every
//!   failing branch, then their own; a passing `anyOf`/`oneOf`/`contains`
//!   forgets them. `not` and `if` record nothing of their subschema. A
//!   failing `then`/`else` ends the validation with its own error unless
//!   inside a combinator, where the `if` error follows it. A branch with
//!   no known keyword (`{}`, `{description: x}`) counts as always valid.
//! - **Iteration order**: the example's keys in source order (Spectral's
//!   parser keeps it), the schema's (`properties`, `patternProperties`,
//!   `dependencies`) in JavaScript's order for the plain copy Spectral
//!   validates against: integer-like keys first, ascending, then the
//!   others as written.
//! - **`required`** counts properties JavaScript objects inherit
//!   (`constructor`, `toString`, ...) as present, as Ajv's
//!   `data.x !== undefined` does.
//! - **`nullable: true`** (OpenAPI; `x-nullable: true` in 2.0) adds `null`
//!   to `type` (but not to `enum`); with no `type` Ajv refuses to compile
//!   the schema (`"nullable" cannot be used without "type"`), which
//!   Spectral reports. In 2.0 and 3.0 Spectral appends `,null` to the type
//!   error of a nullable schema (`must be string,null`), except when the
//!   schema sits in a list (`allOf/0`, a tuple's item): its lookup walks
//!   plain objects only.
//! - **Draft 4** (OpenAPI 2.0 and 3.0): boolean `exclusiveMaximum`/
//!   `exclusiveMinimum` modify `maximum`/`minimum`; `items` may be a list
//!   with `additionalItems`. **2020-12** (3.1): numeric exclusive bounds,
//!   `prefixItems`, `dependentRequired`, `dependentSchemas`,
//!   `minContains`/`maxContains` and `unevaluatedProperties` (the last
//!   with the properties the schema and its `allOf`/`anyOf`/`oneOf`/`if`
//!   branches declare, whether or not a branch passed).
//! - **Numbers** are JavaScript numbers: `1.0` is an integer; `multipleOf`
//!   divides and checks for an integer result, as Ajv does (so `0.3` is not
//!   a multiple of `0.1`).
//! - **Formats**: see [`super::oas_example_formats`].
//! - **`uniqueItems`** names the duplicate pair as Ajv does: for items of
//!   declared scalar types the later index first, otherwise the earlier.
//! - **Compile errors** Spectral reports, in Ajv's compile order:
//!   `"nullable" cannot be used without "type"`, `type: null contradicts
//!   nullable: false`, `type must be JSONType or JSONType[]: x`, `enum must
//!   have non-empty array`, 2020-12's refusal of `id`, and an invalid
//!   `pattern` (`Invalid regular expression: /(/: Unterminated group`, the
//!   reason told apart for the common JavaScript errors only). A `$ref`
//!   left in place (circular or broken) is the compile error Spectral
//!   ignores: nothing is reported for the schema.
//!
//! The request/response relaxation of Spectral (`readOnly` properties are
//! not required in requests, `writeOnly` ones not in responses) is applied
//! to each `required` list as it is checked, in the schema positions
//! Spectral's traversal reaches (everything but what sits below `not`,
//! `prefixItems`, `dependentSchemas` and `unevaluated*`).
//!
//! Not reproduced: the meta-schema check for drafts other than 4 (3.1
//! documents); Ajv's own checks of keyword value types beyond what the
//! meta-schema catches (a malformed keyword is ignored here);
//! `unevaluatedItems`, `$dynamicRef` and the `format*` comparison keywords
//! (ignored).

use serde_json::Value as Json;

use super::oas_example_formats as formats;
use super::oas_example_resolve::{Compiled, Resolution, WorkspaceData, lock};
use crate::document::{DocId, Loc, Member, NodeId, PathSeg, Value, Workspace};
use crate::functions::print::js_number;
use crate::functions::schema::AjvError;
use crate::jsonpath::JsRegex;

/// The JSON Schema draft the schema is read as (Ajv instance).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Draft {
    /// `ajv-draft-04`: OpenAPI 2.0 and 3.0.
    Draft4,
    /// Ajv's default instance (draft 7; also draft 6).
    Draft7,
    /// `Ajv2019`.
    Draft201909,
    /// `Ajv2020`: OpenAPI 3.1 and later.
    Draft202012,
}

impl Draft {
    fn bool_exclusive(self) -> bool {
        self == Draft::Draft4
    }

    /// `items` may be a list, completed by `additionalItems`.
    fn tuple_items(self) -> bool {
        self != Draft::Draft202012
    }

    /// Ajv's `next` vocabularies (2019-09 and later).
    fn next(self) -> bool {
        matches!(self, Draft::Draft201909 | Draft::Draft202012)
    }

    fn index(self) -> u8 {
        self as u8
    }
}

/// Which `required` entries Spectral drops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relax {
    None,
    /// A request: `readOnly` properties are not required.
    ReadOnly,
    /// A response: `writeOnly` properties are not required.
    WriteOnly,
}

/// One side of a validation (the schema, or the value validated): where
/// its nodes live and how refs are stepped through.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub(crate) ws: &'a Workspace,
    /// Spectral's resolution of this workspace's refs; `None`: follow
    /// every ref (the built-in meta-schema, whose refs are recursive).
    pub(crate) resolution: Option<&'a Resolution>,
}

impl<'a> Side<'a> {
    pub(crate) fn value(&self, loc: Loc) -> &'a Value {
        self.ws.value(loc)
    }

    pub(crate) fn step(&self, loc: Loc) -> Loc {
        match self.resolution {
            Some(r) => r.step(self.ws, loc),
            None => self.ws.deref(loc),
        }
    }

    pub(crate) fn child(&self, doc: DocId, node: NodeId) -> Loc {
        self.step(Loc { doc, node })
    }
}

/// Everything a validation needs to know.
pub(crate) struct Env<'a> {
    /// Where the schema is read.
    pub(crate) schema: Side<'a>,
    /// Where the validated value is read.
    pub(crate) data: Side<'a>,
    /// The memos of the workspace being linted.
    pub(crate) cache: &'a WorkspaceData,
    /// Whether `format` is asserted (not when checking a schema against
    /// the meta-schema, where Spectral's validator does not).
    pub(crate) formats: bool,
    pub(crate) draft: Draft,
    /// OpenAPI 2.0: `x-nullable: true` means `nullable: true`.
    pub(crate) oas2: bool,
    /// OpenAPI 2.0 and 3.0: a type error of a nullable schema says
    /// `must be string,null` (Spectral's own rewrite of Ajv's message).
    pub(crate) nullable_suffix: bool,
    /// When checking a user's schema against the meta-schema: the
    /// meta-schema's root (whose verdict on a schema node is memoised).
    pub(crate) meta_root: Option<Loc>,
    /// ...and the relaxation Spectral applied to the user's schema (a
    /// `required` list it emptied is gone)...
    pub(crate) meta_relax: Relax,
    /// ...and whether it is a 2.0 document (a boolean `required` at the
    /// root, a parameter's, is gone).
    pub(crate) meta_oas2: bool,
}

/// The keywords Ajv knows, in the groups it checks them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum K {
    Ref,
    Id,
    Type,
    Nullable,
    Const,
    Enum,
    Not,
    AnyOf,
    OneOf,
    AllOf,
    If,
    Then,
    Else,
    // number
    Maximum,
    Minimum,
    ExclusiveMaximum,
    ExclusiveMinimum,
    MultipleOf,
    Format,
    // string
    MaxLength,
    MinLength,
    Pattern,
    FormatLimit,
    // array
    MaxItems,
    MinItems,
    AdditionalItems,
    PrefixItems,
    Items,
    Contains,
    UniqueItems,
    MaxContains,
    MinContains,
    UnevaluatedItems,
    // object
    MaxProperties,
    MinProperties,
    Required,
    PropertyNames,
    AdditionalProperties,
    Dependencies,
    Properties,
    PatternProperties,
    DependentRequired,
    DependentSchemas,
    UnevaluatedProperties,
    /// Known to Ajv but without effect here (`$comment`, `$dynamicRef`).
    Other,
}

const KW_COUNT: usize = K::Other as usize + 1;

fn keyword(name: &str, draft: Draft) -> Option<K> {
    let next = draft.next();
    Some(match name {
        "$ref" => K::Ref,
        "id" if draft == Draft::Draft202012 => K::Id,
        "type" => K::Type,
        "nullable" => K::Nullable,
        "const" => K::Const,
        "enum" => K::Enum,
        "not" => K::Not,
        "anyOf" => K::AnyOf,
        "oneOf" => K::OneOf,
        "allOf" => K::AllOf,
        "if" => K::If,
        "then" => K::Then,
        "else" => K::Else,
        "maximum" => K::Maximum,
        "minimum" => K::Minimum,
        "exclusiveMaximum" => K::ExclusiveMaximum,
        "exclusiveMinimum" => K::ExclusiveMinimum,
        "multipleOf" => K::MultipleOf,
        "format" => K::Format,
        "maxLength" => K::MaxLength,
        "minLength" => K::MinLength,
        "pattern" => K::Pattern,
        "formatMaximum" | "formatMinimum" | "formatExclusiveMaximum" | "formatExclusiveMinimum" => {
            K::FormatLimit
        }
        "maxItems" => K::MaxItems,
        "minItems" => K::MinItems,
        "additionalItems" if draft.tuple_items() => K::AdditionalItems,
        "prefixItems" if !draft.tuple_items() => K::PrefixItems,
        "items" => K::Items,
        "contains" => K::Contains,
        "uniqueItems" => K::UniqueItems,
        "maxContains" if next => K::MaxContains,
        "minContains" if next => K::MinContains,
        "unevaluatedItems" if next => K::UnevaluatedItems,
        "maxProperties" => K::MaxProperties,
        "minProperties" => K::MinProperties,
        "required" => K::Required,
        "propertyNames" => K::PropertyNames,
        "additionalProperties" => K::AdditionalProperties,
        "dependencies" => K::Dependencies,
        "properties" => K::Properties,
        "patternProperties" => K::PatternProperties,
        "dependentRequired" if next => K::DependentRequired,
        "dependentSchemas" if next => K::DependentSchemas,
        "unevaluatedProperties" if next => K::UnevaluatedProperties,
        "$comment" => K::Other,
        "$dynamicAnchor" | "$dynamicRef" | "$recursiveAnchor" | "$recursiveRef" if next => K::Other,
        _ => return None,
    })
}

/// Ajv's type groups, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Number,
    String,
    Array,
    Object,
}

const GROUPS: [Group; 4] = [Group::Number, Group::String, Group::Array, Group::Object];

impl Group {
    fn name(self) -> &'static str {
        match self {
            Group::Number => "number",
            Group::String => "string",
            Group::Array => "array",
            Group::Object => "object",
        }
    }

    fn has(self, k: K) -> bool {
        use K::*;
        match self {
            Group::Number => matches!(
                k,
                Maximum | Minimum | ExclusiveMaximum | ExclusiveMinimum | MultipleOf | Format
            ),
            Group::String => matches!(k, MaxLength | MinLength | Pattern | Format | FormatLimit),
            Group::Array => matches!(
                k,
                MaxItems
                    | MinItems
                    | AdditionalItems
                    | PrefixItems
                    | Items
                    | Contains
                    | UniqueItems
                    | MaxContains
                    | MinContains
                    | UnevaluatedItems
            ),
            Group::Object => matches!(
                k,
                MaxProperties
                    | MinProperties
                    | Required
                    | PropertyNames
                    | AdditionalProperties
                    | Dependencies
                    | Properties
                    | PatternProperties
                    | DependentRequired
                    | DependentSchemas
                    | UnevaluatedProperties
            ),
        }
    }
}

/// A schema object's keywords (raw member locations).
struct Keys {
    slot: [Option<Loc>; KW_COUNT],
    /// Any keyword Ajv knows: a schema without one always passes.
    rules: bool,
    /// `nullable` as Ajv sees it (after 2.0's `x-nullable` rewrite).
    nullable: Option<NullableFlag>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NullableFlag {
    True,
    /// Present but not `true`.
    Other,
    False,
}

impl Keys {
    fn get(&self, k: K) -> Option<Loc> {
        self.slot[k as usize]
    }

    fn has_group(&self, g: Group) -> bool {
        self.slot
            .iter()
            .enumerate()
            .any(|(i, s)| s.is_some() && g.has(K::from_index(i)))
    }
}

impl K {
    fn from_index(i: usize) -> K {
        // Safe mapping without transmute: the enum is dense from 0.
        const ALL: [K; KW_COUNT] = [
            K::Ref,
            K::Id,
            K::Type,
            K::Nullable,
            K::Const,
            K::Enum,
            K::Not,
            K::AnyOf,
            K::OneOf,
            K::AllOf,
            K::If,
            K::Then,
            K::Else,
            K::Maximum,
            K::Minimum,
            K::ExclusiveMaximum,
            K::ExclusiveMinimum,
            K::MultipleOf,
            K::Format,
            K::MaxLength,
            K::MinLength,
            K::Pattern,
            K::FormatLimit,
            K::MaxItems,
            K::MinItems,
            K::AdditionalItems,
            K::PrefixItems,
            K::Items,
            K::Contains,
            K::UniqueItems,
            K::MaxContains,
            K::MinContains,
            K::UnevaluatedItems,
            K::MaxProperties,
            K::MinProperties,
            K::Required,
            K::PropertyNames,
            K::AdditionalProperties,
            K::Dependencies,
            K::Properties,
            K::PatternProperties,
            K::DependentRequired,
            K::DependentSchemas,
            K::UnevaluatedProperties,
            K::Other,
        ];
        ALL[i]
    }
}

/// A value being validated: a document node, or a property name (for
/// `propertyNames`).
#[derive(Clone, Copy)]
enum Data<'a> {
    Node(Loc),
    Key(&'a str),
}

/// A value's JavaScript shape.
enum Shape<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(DocId, &'a [NodeId]),
    Obj(DocId, &'a [Member]),
}

/// Validation ended early with a final error list (Ajv's `return false`
/// outside combinators).
struct Abort;

type Step = Result<bool, Abort>;

const MAX_DEPTH: usize = 512;

/// Properties every JavaScript object inherits: `data.x !== undefined`
/// holds for them even when the object does not have them.
const INHERITED: &[&str] = &[
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "hasOwnProperty",
    "__lookupGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toString",
    "valueOf",
    "__proto__",
    "toLocaleString",
];

impl<'a> Env<'a> {
    // Schema-side access; the value side goes through `self.data`.
    fn value(&self, loc: Loc) -> &'a Value {
        self.schema.value(loc)
    }

    fn step(&self, loc: Loc) -> Loc {
        self.schema.step(loc)
    }

    fn child(&self, doc: DocId, node: NodeId) -> Loc {
        self.schema.child(doc, node)
    }

    /// Member `key` of object `loc`, stepped.
    fn get(&self, loc: Loc, key: &str) -> Option<Loc> {
        match self.value(loc) {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|m| &*m.key == key)
                .map(|m| self.child(loc.doc, m.value)),
            _ => None,
        }
    }

    fn members(&self, loc: Loc) -> &'a [Member] {
        match self.value(loc) {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    fn items(&self, loc: Loc) -> &'a [NodeId] {
        match self.value(loc) {
            Value::Array(i) => i,
            _ => &[],
        }
    }

    fn shape(&self, d: Data<'a>) -> Shape<'a> {
        match d {
            Data::Key(k) => Shape::Str(k),
            Data::Node(loc) => match self.data.value(loc) {
                Value::Null => Shape::Null,
                Value::Bool(b) => Shape::Bool(*b),
                Value::Int(i) => Shape::Num(*i as f64),
                Value::Float(f) => Shape::Num(*f),
                Value::String(s) => Shape::Str(s),
                Value::Array(items) => Shape::Arr(loc.doc, items),
                Value::Object(members) => Shape::Obj(loc.doc, members),
            },
        }
    }

    fn number(&self, loc: Loc) -> Option<f64> {
        match self.value(loc) {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// A non-negative integer keyword value (`maxLength: 3`).
    fn limit(&self, loc: Loc) -> Option<f64> {
        self.number(loc)
    }

    fn keys(&self, s: Loc) -> Keys {
        let mut keys = Keys {
            slot: [None; KW_COUNT],
            rules: false,
            nullable: None,
        };
        let mut x_nullable = false;
        for m in self.members(s) {
            if self.oas2 && &*m.key == "x-nullable" {
                if matches!(
                    self.value(Loc {
                        doc: s.doc,
                        node: m.value
                    }),
                    Value::Bool(true)
                ) {
                    x_nullable = true;
                }
                continue;
            }
            if let Some(k) = keyword(&m.key, self.draft) {
                keys.slot[k as usize] = Some(Loc {
                    doc: s.doc,
                    node: m.value,
                });
                keys.rules = true;
            }
        }
        if let Some(n) = keys.get(K::Nullable) {
            keys.nullable = Some(match self.value(self.step(n)) {
                Value::Bool(true) => NullableFlag::True,
                Value::Bool(false) => NullableFlag::False,
                _ => NullableFlag::Other,
            });
        }
        if x_nullable {
            keys.nullable = Some(NullableFlag::True);
            keys.rules = true;
        }
        keys
    }

    /// Ajv's `alwaysValidSchema`: `true`, or an object without any
    /// keyword it knows.
    fn always_valid(&self, s: Loc) -> bool {
        match self.value(s) {
            Value::Bool(b) => *b,
            Value::Object(members) => !members.iter().any(|m| {
                keyword(&m.key, self.draft).is_some() || (self.oas2 && &*m.key == "x-nullable")
            }),
            // Not a schema at all: nothing to check against.
            _ => true,
        }
    }

    /// The `type` list, or `Err` with the name that is no JSON type.
    fn types(&self, keys: &Keys) -> Result<Vec<&'a str>, String> {
        let Some(t) = keys.get(K::Type) else {
            return Ok(Vec::new());
        };
        let t = self.step(t);
        let list: Vec<Option<&'a str>> = match self.value(t) {
            Value::String(s) => vec![Some(s)],
            Value::Array(items) => items
                .iter()
                .map(|&i| match self.value(self.child(t.doc, i)) {
                    Value::String(s) => Some(&**s),
                    _ => None,
                })
                .collect(),
            Value::Null | Value::Bool(false) => Vec::new(),
            _ => vec![None],
        };
        let known = |n: &str| {
            matches!(
                n,
                "number" | "integer" | "string" | "boolean" | "null" | "array" | "object"
            )
        };
        if list.iter().all(|n| n.is_some_and(known)) {
            Ok(list.into_iter().flatten().collect())
        } else {
            let printed: Vec<String> = match self.value(t) {
                Value::Array(items) => items
                    .iter()
                    .map(|&i| js_string_of(self, self.child(t.doc, i)))
                    .collect(),
                _ => vec![js_string_of(self, t)],
            };
            Err(format!(
                "type must be JSONType or JSONType[]: {}",
                printed.join(",")
            ))
        }
    }

    /// Ajv's `getSchemaTypes`: the types with `null` added for
    /// `nullable: true`, or the compile error it throws.
    fn schema_types(&self, keys: &Keys) -> Result<Vec<&'a str>, String> {
        let mut types = self.types(keys)?;
        if types.contains(&"null") {
            if keys.nullable == Some(NullableFlag::False) {
                return Err("type: null contradicts nullable: false".to_string());
            }
        } else {
            if types.is_empty() && keys.nullable.is_some() {
                return Err("\"nullable\" cannot be used without \"type\"".to_string());
            }
            if keys.nullable == Some(NullableFlag::True) {
                types.push("null");
            }
        }
        Ok(types)
    }

    /// What Ajv's compile step makes of schema `s` (memoised).
    pub(crate) fn compile(&self, s: Loc) -> Compiled {
        self.compile_at(s, 0)
    }

    fn compile_at(&self, s: Loc, depth: usize) -> Compiled {
        if depth > MAX_DEPTH {
            return Compiled::Ok;
        }
        let key = (s, self.draft.index() | if self.oas2 { 8 } else { 0 });
        if let Some(c) = lock(&self.cache.compiled).get(&key) {
            return c.clone();
        }
        let outcome = self.compile_uncached(s, depth);
        lock(&self.cache.compiled).insert(key, outcome.clone());
        outcome
    }

    fn compile_uncached(&self, s: Loc, depth: usize) -> Compiled {
        if !matches!(self.value(s), Value::Object(_)) {
            return Compiled::Ok;
        }
        let keys = self.keys(s);
        if !keys.rules {
            return Compiled::Ok;
        }
        if let Err(e) = self.schema_types(&keys) {
            return Compiled::Error(e.into());
        }
        if keys.get(K::Ref).is_some() {
            // Only a ref left in place is ever seen here.
            return Compiled::MissingRef;
        }
        if keys.get(K::Id).is_some() {
            return Compiled::Error(
                "NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID".into(),
            );
        }
        let sub = |loc: Loc| self.compile_at(self.step(loc), depth + 1);
        let sub_valid = |loc: Loc| {
            let l = self.step(loc);
            if self.always_valid(l) {
                Compiled::Ok
            } else {
                self.compile_at(l, depth + 1)
            }
        };
        let list = |loc: Loc| -> Vec<Loc> {
            let l = self.step(loc);
            self.items(l)
                .iter()
                .map(|&i| Loc {
                    doc: l.doc,
                    node: i,
                })
                .collect()
        };
        let map = |loc: Loc| -> Vec<Loc> {
            let l = self.step(loc);
            js_ordered(self.members(l))
                .into_iter()
                .filter(|m| &*m.key != "__proto__")
                .map(|m| Loc {
                    doc: l.doc,
                    node: m.value,
                })
                .collect()
        };
        let mut checks: Vec<Box<dyn Fn() -> Compiled + '_>> = Vec::new();
        if let Some(e) = keys.get(K::Enum)
            && self.items(self.step(e)).is_empty()
            && matches!(self.value(self.step(e)), Value::Array(_))
        {
            return Compiled::Error("enum must have non-empty array".into());
        }
        if let Some(n) = keys.get(K::Not) {
            checks.push(Box::new(move || sub_valid(n)));
        }
        if let Some(a) = keys.get(K::AnyOf) {
            let branches = list(a);
            if !branches.iter().any(|&b| self.always_valid(self.step(b))) {
                checks.push(Box::new(move || first(branches.iter().map(|&b| sub(b)))));
            }
        }
        for k in [K::OneOf, K::AllOf] {
            if let Some(a) = keys.get(k) {
                let branches = list(a);
                checks.push(Box::new(move || {
                    first(branches.iter().map(|&b| sub_valid(b)))
                }));
            }
        }
        if let Some(i) = keys.get(K::If) {
            let then = keys
                .get(K::Then)
                .filter(|&t| !self.always_valid(self.step(t)));
            let els = keys
                .get(K::Else)
                .filter(|&t| !self.always_valid(self.step(t)));
            if then.is_some() || els.is_some() {
                checks.push(Box::new(move || {
                    first([Some(i), then, els].into_iter().flatten().map(sub))
                }));
            }
        }
        if let Some(p) = keys.get(K::Pattern) {
            let p = self.step(p);
            if let Value::String(src) = self.value(p)
                && self.cache.pattern(src).is_none()
            {
                let message = invalid_regex(src);
                checks.push(Box::new(move || Compiled::Error(message.clone().into())));
            }
        }
        if self.draft.tuple_items()
            && let Some(a) = keys.get(K::AdditionalItems)
            && matches!(
                keys.get(K::Items).map(|i| self.value(self.step(i))),
                Some(Value::Array(_))
            )
        {
            checks.push(Box::new(move || {
                let l = self.step(a);
                if matches!(self.value(l), Value::Object(_)) {
                    sub_valid(a)
                } else {
                    Compiled::Ok
                }
            }));
        }
        if let Some(p) = keys.get(K::PrefixItems) {
            let branches = list(p);
            checks.push(Box::new(move || {
                first(branches.iter().map(|&b| sub_valid(b)))
            }));
        }
        if let Some(i) = keys.get(K::Items) {
            let l = self.step(i);
            if matches!(self.value(l), Value::Array(_)) {
                let branches = list(i);
                checks.push(Box::new(move || {
                    first(branches.iter().map(|&b| sub_valid(b)))
                }));
            } else {
                checks.push(Box::new(move || sub_valid(i)));
            }
        }
        for k in [K::Contains, K::PropertyNames, K::AdditionalProperties] {
            if let Some(c) = keys.get(k) {
                checks.push(Box::new(move || sub_valid(c)));
            }
        }
        for k in [K::Dependencies, K::DependentSchemas] {
            if let Some(d) = keys.get(k) {
                let schemas: Vec<Loc> = map(d)
                    .into_iter()
                    .filter(|&l| !matches!(self.value(self.step(l)), Value::Array(_)))
                    .collect();
                checks.push(Box::new(move || {
                    first(schemas.iter().map(|&b| sub_valid(b)))
                }));
            }
        }
        for k in [K::Properties, K::PatternProperties] {
            if let Some(p) = keys.get(k) {
                let schemas = map(p);
                checks.push(Box::new(move || {
                    first(schemas.iter().map(|&b| sub_valid(b)))
                }));
            }
        }
        if let Some(u) = keys.get(K::UnevaluatedProperties) {
            checks.push(Box::new(move || sub_valid(u)));
        }
        for c in checks {
            let outcome = c();
            if outcome != Compiled::Ok {
                return outcome;
            }
        }
        Compiled::Ok
    }
}

/// JavaScript's `SyntaxError` text for a pattern it cannot compile, as
/// far as the reason can be told (`Unterminated group`, ...).
fn invalid_regex(src: &str) -> String {
    let reason = match JsRegex::new(src, "") {
        Ok(_) => "Invalid regular expression",
        Err(e) => {
            let e = e.to_ascii_lowercase();
            if e.contains("unclosed group") {
                "Unterminated group"
            } else if e.contains("unclosed character class") {
                "Unterminated character class"
            } else if e.contains("unopened group") {
                "Unmatched ')'"
            } else if e.contains("repetition operator missing expression")
                || e.contains("repetition quantifier expects a valid decimal")
            {
                "Nothing to repeat"
            } else if e.contains("invalid escape") || e.contains("unrecognized escape") {
                "Invalid escape"
            } else {
                "Invalid regular expression"
            }
        }
    };
    format!("Invalid regular expression: /{src}/: {reason}")
}

/// The first outcome that is not `Ok`.
fn first(outcomes: impl Iterator<Item = Compiled>) -> Compiled {
    for o in outcomes {
        if o != Compiled::Ok {
            return o;
        }
    }
    Compiled::Ok
}

/// `String(value)` for a scalar (for the `type` compile error).
fn js_string_of(env: &Env<'_>, loc: Loc) -> String {
    match env.value(loc) {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => js_number(*f),
        Value::String(s) => s.to_string(),
        Value::Array(_) => String::new(),
        Value::Object(_) => "[object Object]".into(),
    }
}

/// Whether `key` is a canonical array index (`0`, `17`, not `01`).
fn is_index_key(key: &str) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    let n: u64 = key.parse().ok()?;
    (n < u64::from(u32::MAX)).then_some(n as u32)
}

/// Members in JavaScript's enumeration order: integer-like keys first,
/// ascending, then the rest in source order. Later duplicates of a key
/// win, as in `JSON.parse`.
fn js_ordered(members: &[Member]) -> Vec<&Member> {
    let mut out: Vec<&Member> = Vec::with_capacity(members.len());
    for m in members {
        if let Some(pos) = out.iter().position(|o| o.key == m.key) {
            // The value changes, the position stays.
            out[pos] = m;
        } else {
            out.push(m);
        }
    }
    if out.iter().any(|m| is_index_key(&m.key).is_some()) {
        out.sort_by_key(|m| match is_index_key(&m.key) {
            Some(n) => (0, n),
            None => (1, 0),
        });
    }
    out
}

/// Members in source order, a repeated key keeping its first place and
/// its last value.
fn source_ordered(members: &[Member]) -> Vec<&Member> {
    KeyIndex::new(members.iter().collect()).members
}

/// An object's members with lookup by key: a scan for small objects, a
/// hash map for larger ones (examples and schemas with a hundred
/// properties are common, and each side is looked up from the other).
struct KeyIndex<'m> {
    members: Vec<&'m Member>,
    map: Option<rustc_hash::FxHashMap<&'m str, usize>>,
}

impl<'m> KeyIndex<'m> {
    const SMALL: usize = 8;

    /// Indexes `members` (in the order given), a repeated key keeping its
    /// first place and its last value.
    fn new(members: Vec<&'m Member>) -> KeyIndex<'m> {
        if members.len() <= Self::SMALL {
            let mut out: Vec<&Member> = Vec::with_capacity(members.len());
            for m in members {
                match out.iter().position(|o| o.key == m.key) {
                    Some(pos) => out[pos] = m,
                    None => out.push(m),
                }
            }
            return KeyIndex {
                members: out,
                map: None,
            };
        }
        let mut map: rustc_hash::FxHashMap<&'m str, usize> = Default::default();
        map.reserve(members.len());
        let mut out: Vec<&Member> = Vec::with_capacity(members.len());
        for m in members {
            match map.get(&*m.key) {
                Some(&pos) => out[pos] = m,
                None => {
                    map.insert(&m.key, out.len());
                    out.push(m);
                }
            }
        }
        KeyIndex {
            members: out,
            map: Some(map),
        }
    }

    fn get(&self, key: &str) -> Option<&'m Member> {
        match &self.map {
            Some(map) => map.get(key).map(|&i| self.members[i]),
            None => self.members.iter().find(|m| &*m.key == key).copied(),
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Drops the member `key` (rare: before checking a schema against
    /// the meta-schema).
    fn remove(&mut self, key: &str) {
        if self.contains(key) {
            let kept: Vec<&'m Member> = self
                .members
                .iter()
                .copied()
                .filter(|m| &*m.key != key)
                .collect();
            *self = KeyIndex::new(kept);
        }
    }
}

/// One validation run: the errors Ajv would have collected.
pub(crate) struct Run<'e, 'a> {
    env: &'e Env<'a>,
    errors: Vec<AjvError>,
    /// Inside a combinator (`anyOf`, `oneOf`, `not`, `if`, `contains`,
    /// `propertyNames`): errors are collected, not final.
    composite: bool,
    /// Inside `not` or `if`: errors are not even collected.
    quiet: bool,
    /// The schema in hand was reached through a list (`allOf/0`,
    /// `items/1`): Spectral's `,null` rewrite of type errors looks the
    /// schema up by walking plain objects only, so it does not apply.
    through_list: bool,
    path: Vec<PathSeg>,
}

impl<'e, 'a> Run<'e, 'a> {
    /// Validates `instance` against schema `schema`; the errors in Ajv's
    /// order (empty when valid). The schema must have compiled.
    pub(crate) fn validate(
        env: &'e Env<'a>,
        schema: Loc,
        instance: Loc,
        relax: Relax,
    ) -> Vec<AjvError> {
        let mut run = Run {
            env,
            errors: Vec::new(),
            composite: false,
            quiet: false,
            through_list: false,
            path: Vec::new(),
        };
        match run.schema(schema, Data::Node(instance), relax, 0) {
            Ok(true) => Vec::new(),
            Ok(false) | Err(Abort) => run.errors,
        }
    }

    fn error(&mut self, keyword: &'static str, message: String) -> Result<(), Abort> {
        self.error_full(keyword, message, None, None, false)
    }

    fn error_full(
        &mut self,
        keyword: &'static str,
        message: String,
        allowed: Option<Vec<Json>>,
        property: Option<String>,
        append: bool,
    ) -> Result<(), Abort> {
        if self.quiet {
            return Ok(());
        }
        let e = AjvError {
            keyword,
            path: self.path.clone(),
            message,
            allowed,
            property,
            evaluation: String::new(),
        };
        if append || self.composite {
            self.errors.push(e);
            Ok(())
        } else {
            self.errors = vec![e];
            Err(Abort)
        }
    }

    /// Runs `f` as a combinator's subschema (errors collected, not final),
    /// optionally without recording errors.
    fn composite<T>(&mut self, quiet: bool, f: impl FnOnce(&mut Self) -> T) -> T {
        let (c, q) = (self.composite, self.quiet);
        self.composite = true;
        self.quiet = q || quiet;
        let out = f(self);
        self.composite = c;
        self.quiet = q;
        out
    }

    /// Runs `f` on a subschema found in a list of subschemas.
    fn in_list<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.through_list;
        self.through_list = true;
        let out = f(self);
        self.through_list = saved;
        out
    }

    /// A subschema that passes or fails; in a combinator an `Abort` cannot
    /// happen, so `unwrap_or(false)` is only a formality.
    fn sub_in_composite(&mut self, s: Loc, d: Data<'a>, relax: Relax, depth: usize) -> bool {
        self.composite(false, |r| r.schema(s, d, relax, depth).unwrap_or(false))
    }

    fn schema(&mut self, s: Loc, d: Data<'a>, relax: Relax, depth: usize) -> Step {
        let env = self.env;
        if depth > MAX_DEPTH {
            return Ok(true);
        }
        // Checking a schema against the meta-schema: a schema node found
        // valid once is valid wherever it is shared.
        if let (Some(root), Data::Node(x)) = (env.meta_root, d)
            && s == root
            && !self.path.is_empty()
        {
            if super::oas_example_meta::quick_valid(env, x, env.meta_relax, false) {
                return Ok(true);
            }
            let key = (x, env.meta_relax as u8);
            let valid = self.schema_uncached(s, d, relax, depth)?;
            if valid {
                lock(&env.cache.meta_valid).insert(key);
            }
            return Ok(valid);
        }
        self.schema_uncached(s, d, relax, depth)
    }

    fn schema_uncached(&mut self, s: Loc, d: Data<'a>, relax: Relax, depth: usize) -> Step {
        let env = self.env;
        match env.value(s) {
            Value::Bool(true) => return Ok(true),
            Value::Bool(false) => {
                self.error("false schema", "boolean schema is false".into())?;
                return Ok(false);
            }
            Value::Object(_) => {}
            _ => return Ok(true),
        }
        let keys = env.keys(s);
        if !keys.rules {
            return Ok(true);
        }
        let types = env.schema_types(&keys).unwrap_or_default();
        let shape = env.shape(d);
        // The `type` check comes first unless a single type's own group
        // has keywords here: then it is that group's `else`.
        let deferred = types.len() == 1
            && GROUPS
                .iter()
                .any(|g| g.name() == types[0] && keys.has_group(*g));
        if !types.is_empty() && !deferred && !types.iter().any(|t| type_matches(t, &shape)) {
            self.type_error(&keys)?;
            return Ok(false);
        }
        if !self.untyped(&keys, d, &shape, relax, depth)? {
            return Ok(false);
        }
        for g in GROUPS {
            if !keys.has_group(g) {
                continue;
            }
            let applies = matches!(
                (g, &shape),
                (Group::Number, Shape::Num(_))
                    | (Group::String, Shape::Str(_))
                    | (Group::Array, Shape::Arr(..))
                    | (Group::Object, Shape::Obj(..))
            );
            if applies {
                let ok = match g {
                    Group::Number => self.number_keywords(&keys, &shape)?,
                    Group::String => self.string_keywords(&keys, &shape)?,
                    Group::Array => self.array_keywords(&keys, &shape, relax, depth)?,
                    Group::Object => self.object_keywords(s, &keys, d, &shape, relax, depth)?,
                };
                if !ok {
                    return Ok(false);
                }
            } else if deferred && types[0] == g.name() {
                self.type_error(&keys)?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn type_error(&mut self, keys: &Keys) -> Result<(), Abort> {
        let env = self.env;
        let Some(t) = keys.get(K::Type) else {
            return Ok(());
        };
        let t = env.step(t);
        let mut text = match env.value(t) {
            Value::Array(items) => items
                .iter()
                .map(|&i| js_string_of(env, env.child(t.doc, i)))
                .collect::<Vec<_>>()
                .join(","),
            _ => js_string_of(env, t),
        };
        if env.nullable_suffix && !self.through_list && keys.nullable == Some(NullableFlag::True) {
            text.push_str(",null");
        }
        self.error("type", format!("must be {text}"))
    }

    fn untyped(
        &mut self,
        keys: &Keys,
        d: Data<'a>,
        shape: &Shape<'a>,
        relax: Relax,
        depth: usize,
    ) -> Step {
        let env = self.env;
        if let Some(c) = keys.get(K::Const) {
            let c = env.step(c);
            if !self.equal_data(d, shape, c) {
                self.error("const", "must be equal to constant".into())?;
                return Ok(false);
            }
        }
        if let Some(e) = keys.get(K::Enum) {
            let e = env.step(e);
            if let Value::Array(items) = env.value(e) {
                let found = items
                    .iter()
                    .any(|&i| self.equal_data(d, shape, env.child(e.doc, i)));
                if !found {
                    let allowed: Vec<Json> = items
                        .iter()
                        .map(|&i| to_json(env.schema, env.child(e.doc, i), 0))
                        .collect();
                    self.error_full(
                        "enum",
                        "must be equal to one of the allowed values".into(),
                        Some(allowed),
                        None,
                        false,
                    )?;
                    return Ok(false);
                }
            }
        }
        if let Some(n) = keys.get(K::Not) {
            let n = env.step(n);
            let sub_valid = env.always_valid(n) || {
                let before = self.errors.len();
                let v = self.composite(true, |r| {
                    r.schema(n, d, Relax::None, depth + 1).unwrap_or(false)
                });
                self.errors.truncate(before);
                v
            };
            if sub_valid {
                self.error("not", "must NOT be valid".into())?;
                return Ok(false);
            }
        }
        if let Some(a) = keys.get(K::AnyOf) {
            let a = env.step(a);
            let branches: Vec<Loc> = env.items(a).iter().map(|&i| env.child(a.doc, i)).collect();
            if !branches.iter().any(|&b| env.always_valid(b)) && !branches.is_empty() {
                let before = self.errors.len();
                let mut valid = false;
                for b in branches {
                    if self.in_list(|r| r.sub_in_composite(b, d, relax, depth + 1)) {
                        valid = true;
                        break;
                    }
                }
                if valid {
                    self.errors.truncate(before);
                } else {
                    self.error_full(
                        "anyOf",
                        format!("must match a schema in anyOf. {NONE_MATCHED}"),
                        None,
                        None,
                        true,
                    )?;
                    return Ok(false);
                }
            }
        }
        if let Some(o) = keys.get(K::OneOf) {
            let o = env.step(o);
            let before = self.errors.len();
            let mut passing: Vec<usize> = Vec::new();
            for (i, &b) in env.items(o).iter().enumerate() {
                let b = env.child(o.doc, b);
                let ok = env.always_valid(b)
                    || self.in_list(|r| r.sub_in_composite(b, d, relax, depth + 1));
                if ok {
                    passing.push(i);
                }
            }
            if passing.len() == 1 {
                self.errors.truncate(before);
            } else {
                let message = if passing.is_empty() {
                    format!("must match exactly one schema in oneOf. {NONE_MATCHED}")
                } else {
                    "must match exactly one schema in oneOf".to_string()
                };
                self.error_full("oneOf", message, None, None, true)?;
                return Ok(false);
            }
        }
        if let Some(a) = keys.get(K::AllOf) {
            let a = env.step(a);
            for &b in env.items(a) {
                let b = env.child(a.doc, b);
                if env.always_valid(b) {
                    continue;
                }
                if !self.in_list(|r| r.schema(b, d, relax, depth + 1))? {
                    return Ok(false);
                }
            }
        }
        if let Some(i) = keys.get(K::If) {
            let i = env.step(i);
            let then = keys
                .get(K::Then)
                .map(|t| env.step(t))
                .filter(|&t| !env.always_valid(t));
            let els = keys
                .get(K::Else)
                .map(|t| env.step(t))
                .filter(|&t| !env.always_valid(t));
            if then.is_some() || els.is_some() {
                let before = self.errors.len();
                let cond =
                    self.composite(true, |r| r.schema(i, d, relax, depth + 1).unwrap_or(false));
                self.errors.truncate(before);
                let (clause, name) = if cond { (then, "then") } else { (els, "else") };
                if let Some(c) = clause
                    && !self.schema(c, d, relax, depth + 1)?
                {
                    self.error_full(
                        "if",
                        format!("must match \"{name}\" schema"),
                        None,
                        None,
                        true,
                    )?;
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn number_keywords(&mut self, keys: &Keys, shape: &Shape<'a>) -> Step {
        let env = self.env;
        let Shape::Num(x) = *shape else {
            return Ok(true);
        };
        let flag = |k: K| {
            keys.get(k)
                .is_some_and(|l| matches!(env.value(env.step(l)), Value::Bool(true)))
        };
        let bounds: [(K, bool); 4] = [
            (K::Maximum, true),
            (K::Minimum, false),
            (K::ExclusiveMaximum, true),
            (K::ExclusiveMinimum, false),
        ];
        for (k, upper) in bounds {
            let Some(l) = keys.get(k) else { continue };
            let exclusive_kw = matches!(k, K::ExclusiveMaximum | K::ExclusiveMinimum);
            if exclusive_kw && env.draft.bool_exclusive() {
                // Draft 4: a modifier of maximum/minimum, no check of its own.
                continue;
            }
            let Some(limit) = env.number(env.step(l)) else {
                continue;
            };
            let exclusive = if env.draft.bool_exclusive() {
                flag(if upper {
                    K::ExclusiveMaximum
                } else {
                    K::ExclusiveMinimum
                })
            } else {
                exclusive_kw
            };
            let ok = match (upper, exclusive) {
                (true, false) => x <= limit,
                (true, true) => x < limit,
                (false, false) => x >= limit,
                (false, true) => x > limit,
            } && !x.is_nan();
            if !ok {
                let op = match (upper, exclusive) {
                    (true, false) => "<=",
                    (true, true) => "<",
                    (false, false) => ">=",
                    (false, true) => ">",
                };
                let keyword = match k {
                    K::Maximum => "maximum",
                    K::Minimum => "minimum",
                    K::ExclusiveMaximum => "exclusiveMaximum",
                    _ => "exclusiveMinimum",
                };
                self.error(keyword, format!("must be {op} {}", js_number(limit)))?;
                return Ok(false);
            }
        }
        if let Some(m) = keys.get(K::MultipleOf)
            && let Some(m) = env.number(env.step(m))
        {
            let q = x / m;
            let ok = m != 0.0 && q.is_finite() && q.fract() == 0.0 && q.abs() < 1e21;
            if !ok {
                self.error(
                    "multipleOf",
                    format!("must be multiple of {}", js_number(m)),
                )?;
                return Ok(false);
            }
        }
        if let Some(f) = keys.get(K::Format)
            && let Value::String(name) = env.value(env.step(f))
            && env.formats
            && formats::is_number_format(name)
            && formats::check(name, &Value::Float(x)) == Some(false)
        {
            self.error("format", format!("must match format \"{name}\""))?;
            return Ok(false);
        }
        Ok(true)
    }

    fn string_keywords(&mut self, keys: &Keys, shape: &Shape<'a>) -> Step {
        let env = self.env;
        let Shape::Str(s) = *shape else {
            return Ok(true);
        };
        for (k, max) in [(K::MaxLength, true), (K::MinLength, false)] {
            if let Some(l) = keys.get(k)
                && let Some(limit) = env.limit(env.step(l))
            {
                let len = s.chars().count() as f64;
                if (max && len > limit) || (!max && len < limit) {
                    let (kw, word) = if max {
                        ("maxLength", "more")
                    } else {
                        ("minLength", "fewer")
                    };
                    self.error(
                        kw,
                        format!("must NOT have {word} than {} characters", js_number(limit)),
                    )?;
                    return Ok(false);
                }
            }
        }
        if let Some(p) = keys.get(K::Pattern)
            && let Value::String(src) = env.value(env.step(p))
            && let Some(re) = env.cache.pattern(src)
            && !re.is_match(s)
        {
            self.error("pattern", format!("must match pattern \"{src}\""))?;
            return Ok(false);
        }
        if let Some(f) = keys.get(K::Format)
            && let Value::String(name) = env.value(env.step(f))
            && env.formats
            && !formats::is_number_format(name)
            && formats::check(name, &Value::String(s.into())) == Some(false)
        {
            self.error("format", format!("must match format \"{name}\""))?;
            return Ok(false);
        }
        Ok(true)
    }

    fn array_keywords(
        &mut self,
        keys: &Keys,
        shape: &Shape<'a>,
        relax: Relax,
        depth: usize,
    ) -> Step {
        let env = self.env;
        let Shape::Arr(doc, items) = *shape else {
            return Ok(true);
        };
        let len = items.len();
        let item = |i: usize| Data::Node(env.data.child(doc, items[i]));
        for (k, max) in [(K::MaxItems, true), (K::MinItems, false)] {
            if let Some(l) = keys.get(k)
                && let Some(limit) = env.limit(env.step(l))
            {
                let n = len as f64;
                if (max && n > limit) || (!max && n < limit) {
                    let (kw, word) = if max {
                        ("maxItems", "more")
                    } else {
                        ("minItems", "fewer")
                    };
                    self.error(
                        kw,
                        format!("must NOT have {word} than {} items", js_number(limit)),
                    )?;
                    return Ok(false);
                }
            }
        }
        // The tuple (`items: [...]` or `prefixItems`) and what follows it.
        let tuple: Option<Loc> = if env.draft.tuple_items() {
            keys.get(K::Items)
                .map(|i| env.step(i))
                .filter(|&i| matches!(env.value(i), Value::Array(_)))
        } else {
            keys.get(K::PrefixItems).map(|i| env.step(i))
        };
        let tuple_len = tuple.map_or(0, |t| env.items(t).len());
        let rest_keyword = if env.draft.tuple_items() {
            K::AdditionalItems
        } else {
            K::Items
        };
        // Draft 4/7 order: additionalItems, then items; 2020: prefixItems,
        // then items.
        let check_rest = |run: &mut Self| -> Step {
            let Some(t) = tuple else { return Ok(true) };
            let _ = t;
            let Some(rest) = keys.get(rest_keyword).map(|r| env.step(r)) else {
                return Ok(true);
            };
            let name = if env.draft.tuple_items() {
                "additionalItems"
            } else {
                "items"
            };
            match env.value(rest) {
                Value::Bool(false) if len > tuple_len => {
                    run.error(name, format!("must NOT have more than {tuple_len} items"))?;
                    return Ok(false);
                }
                Value::Object(_) if !env.always_valid(rest) => {
                    for i in tuple_len..len {
                        run.path.push(PathSeg::Index(i));
                        let ok = run.schema(rest, item(i), relax, depth + 1);
                        run.path.pop();
                        if !ok? {
                            return Ok(false);
                        }
                    }
                }
                _ => {}
            }
            Ok(true)
        };
        // Spectral's traversal does not enter `prefixItems`.
        let tuple_relax = if env.draft.tuple_items() {
            relax
        } else {
            Relax::None
        };
        let check_tuple = |run: &mut Self| -> Step {
            let Some(t) = tuple else { return Ok(true) };
            for (i, &s) in env.items(t).iter().enumerate() {
                let s = env.child(t.doc, s);
                if env.always_valid(s) || i >= len {
                    continue;
                }
                run.path.push(PathSeg::Index(i));
                let ok = run.in_list(|r| r.schema(s, item(i), tuple_relax, depth + 1));
                run.path.pop();
                if !ok? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        if env.draft.tuple_items() {
            if !check_rest(self)? || !check_tuple(self)? {
                return Ok(false);
            }
        } else if !check_tuple(self)? || !check_rest(self)? {
            return Ok(false);
        }
        // `items` as one schema for every item.
        if tuple.is_none()
            && let Some(s) = keys.get(K::Items).map(|i| env.step(i))
            && !matches!(env.value(s), Value::Array(_))
            && !env.always_valid(s)
        {
            for i in 0..len {
                self.path.push(PathSeg::Index(i));
                let ok = self.schema(s, item(i), relax, depth + 1);
                self.path.pop();
                if !ok? {
                    return Ok(false);
                }
            }
        }
        if let Some(c) = keys.get(K::Contains) {
            let c = env.step(c);
            if !self.contains(keys, c, doc, items, relax, depth)? {
                return Ok(false);
            }
        }
        if let Some(u) = keys.get(K::UniqueItems)
            && matches!(env.value(env.step(u)), Value::Bool(true))
            && len > 1
            && let Some((j, i)) = self.duplicate(keys, doc, items)
        {
            self.error(
                "uniqueItems",
                format!("must NOT have duplicate items (items ## {j} and {i} are identical)"),
            )?;
            return Ok(false);
        }
        Ok(true)
    }

    fn contains(
        &mut self,
        keys: &Keys,
        c: Loc,
        doc: DocId,
        items: &'a [NodeId],
        relax: Relax,
        depth: usize,
    ) -> Step {
        let env = self.env;
        let count_kw = |k: K| keys.get(k).and_then(|l| env.number(env.step(l)));
        let (min, max) = if env.draft.next() {
            (
                count_kw(K::MinContains).unwrap_or(1.0),
                count_kw(K::MaxContains),
            )
        } else {
            (1.0, None)
        };
        let len = items.len() as f64;
        let message = || match max {
            None => format!("must contain at least {} valid item(s)", js_number(min)),
            Some(m) => format!(
                "must contain at least {} and no more than {} valid item(s)",
                js_number(min),
                js_number(m)
            ),
        };
        if max.is_none() && min == 0.0 {
            return Ok(true);
        }
        if let Some(m) = max
            && min > m
        {
            self.error("contains", message())?;
            return Ok(false);
        }
        if env.always_valid(c) {
            let ok = len >= min && max.is_none_or(|m| len <= m);
            if !ok {
                self.error("contains", message())?;
            }
            return Ok(ok);
        }
        let before = self.errors.len();
        let mut valid = min == 0.0;
        let mut count = 0.0;
        for (i, &id) in items.iter().enumerate() {
            self.path.push(PathSeg::Index(i));
            let ok =
                self.sub_in_composite(c, Data::Node(env.data.child(doc, id)), relax, depth + 1);
            self.path.pop();
            if !ok {
                continue;
            }
            count += 1.0;
            match max {
                None => {
                    if count >= min {
                        valid = true;
                        break;
                    }
                }
                Some(m) => {
                    if count > m {
                        valid = false;
                        break;
                    }
                    if count >= min {
                        valid = true;
                    }
                }
            }
        }
        if valid {
            self.errors.truncate(before);
            Ok(true)
        } else {
            self.error("contains", message())?;
            Ok(false)
        }
    }

    /// The pair of duplicate items Ajv reports, in its message's order.
    fn duplicate(&self, keys: &Keys, doc: DocId, items: &'a [NodeId]) -> Option<(usize, usize)> {
        let env = self.env;
        let item_types: Vec<&str> = keys
            .get(K::Items)
            .map(|i| env.step(i))
            .filter(|&i| matches!(env.value(i), Value::Object(_)))
            .and_then(|i| env.schema_types(&env.keys(i)).ok())
            .unwrap_or_default();
        let loc = |i: usize| env.data.child(doc, items[i]);
        let scalar =
            !item_types.is_empty() && !item_types.iter().any(|t| *t == "object" || *t == "array");
        if scalar {
            let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
            for i in (0..items.len()).rev() {
                let shape = env.shape(Data::Node(loc(i)));
                if !item_types.iter().any(|t| type_matches(t, &shape)) {
                    continue;
                }
                let key = match shape {
                    Shape::Str(s) if item_types.len() > 1 => format!("{s}_"),
                    Shape::Str(s) => s.to_string(),
                    Shape::Num(n) => js_number(n),
                    Shape::Bool(b) => b.to_string(),
                    Shape::Null => "null".to_string(),
                    _ => continue,
                };
                if let Some(&j) = seen.get(&key) {
                    return Some((j, i));
                }
                seen.insert(key, i);
            }
            return None;
        }
        for i in (0..items.len()).rev() {
            for j in (0..i).rev() {
                if js_equal(env.data, loc(i), env.data, loc(j), 0) {
                    return Some((j, i));
                }
            }
        }
        None
    }

    fn object_keywords(
        &mut self,
        s: Loc,
        keys: &Keys,
        d: Data<'a>,
        shape: &Shape<'a>,
        relax: Relax,
        depth: usize,
    ) -> Step {
        let env = self.env;
        let Shape::Obj(doc, members) = *shape else {
            return Ok(true);
        };
        // The example keeps its source order: Spectral's parser hands out
        // objects that enumerate keys as written.
        let mut index = KeyIndex::new(members.iter().collect());
        if env.meta_root.is_some()
            && let Data::Node(x) = d
            && self.required_dropped(x)
        {
            index.remove("required");
        }
        let index = index;
        let data_members = &index.members;
        let has = |name: &str| index.contains(name);
        let has_inherited = |name: &str| has(name) || INHERITED.contains(&name);
        let value_of = |m: &Member| Data::Node(env.data.child(doc, m.value));
        for (k, max) in [(K::MaxProperties, true), (K::MinProperties, false)] {
            if let Some(l) = keys.get(k)
                && let Some(limit) = env.limit(env.step(l))
            {
                let n = data_members.len() as f64;
                if (max && n > limit) || (!max && n < limit) {
                    let (kw, word) = if max {
                        ("maxProperties", "more")
                    } else {
                        ("minProperties", "fewer")
                    };
                    self.error(
                        kw,
                        format!("must NOT have {word} than {} properties", js_number(limit)),
                    )?;
                    return Ok(false);
                }
            }
        }
        if let Some(r) = keys.get(K::Required) {
            let r = env.step(r);
            if let Value::Array(names) = env.value(r) {
                let dropped = self.relaxed(keys, relax);
                for &n in names.iter() {
                    if let Value::String(name) = env.value(env.child(r.doc, n))
                        && !dropped.contains(&&**name)
                        && !has_inherited(name)
                    {
                        self.error("required", format!("must have required property '{name}'"))?;
                        return Ok(false);
                    }
                }
            }
        }
        if let Some(p) = keys.get(K::PropertyNames) {
            let p = env.step(p);
            if !env.always_valid(p) {
                for m in data_members {
                    let key: &'a str = &m.key;
                    let ok = self.sub_in_composite(p, Data::Key(key), relax, depth + 1);
                    if !ok {
                        self.error_full(
                            "propertyNames",
                            "property name must be valid".into(),
                            None,
                            None,
                            true,
                        )?;
                        return Ok(false);
                    }
                }
            }
        }
        let props = keys.get(K::Properties).map(|p| env.step(p));
        let pattern_props = keys.get(K::PatternProperties).map(|p| env.step(p));
        if let Some(a) = keys.get(K::AdditionalProperties) {
            let a = env.step(a);
            if !env.always_valid(a) {
                let declared = KeyIndex::new(
                    props
                        .map(|p| env.members(p).iter().collect())
                        .unwrap_or_default(),
                );
                let patterns: Vec<_> = pattern_props
                    .map(|p| {
                        env.members(p)
                            .iter()
                            .filter_map(|m| env.cache.pattern(&m.key))
                            .collect()
                    })
                    .unwrap_or_default();
                for m in data_members {
                    let key: &str = &m.key;
                    if declared.contains(key) || patterns.iter().any(|re| re.is_match(key)) {
                        continue;
                    }
                    match env.value(a) {
                        Value::Bool(false) => {
                            self.error_full(
                                "additionalProperties",
                                format!("Property \"{key}\" is not expected to be here"),
                                None,
                                Some(key.to_string()),
                                false,
                            )?;
                            return Ok(false);
                        }
                        Value::Object(_) => {
                            self.path.push(PathSeg::Key(key.to_string()));
                            let ok = self.schema(a, value_of(m), relax, depth + 1);
                            self.path.pop();
                            if !ok? {
                                return Ok(false);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        for k in [K::Dependencies, K::DependentRequired, K::DependentSchemas] {
            let Some(deps) = keys.get(k) else { continue };
            let deps = env.step(deps);
            let entries = js_ordered(env.members(deps));
            let name = match k {
                K::Dependencies => "dependencies",
                K::DependentRequired => "dependentRequired",
                _ => "dependentSchemas",
            };
            // Property dependencies first, then schema dependencies.
            if k != K::DependentSchemas {
                for e in &entries {
                    let list = env.child(deps.doc, e.value);
                    let Value::Array(needed) = env.value(list) else {
                        continue;
                    };
                    if needed.is_empty() || &*e.key == "__proto__" || !has_inherited(&e.key) {
                        continue;
                    }
                    let names: Vec<String> = needed
                        .iter()
                        .map(|&n| js_string_of(env, env.child(list.doc, n)))
                        .collect();
                    if names.iter().any(|n| !has_inherited(n)) {
                        let noun = if names.len() == 1 {
                            "property"
                        } else {
                            "properties"
                        };
                        self.error(
                            if k == K::Dependencies {
                                "dependencies"
                            } else {
                                name
                            },
                            format!(
                                "must have {noun} {} when property {} is present",
                                names.join(", "),
                                e.key
                            ),
                        )?;
                        return Ok(false);
                    }
                }
            }
            if k != K::DependentRequired {
                for e in &entries {
                    let sub = env.child(deps.doc, e.value);
                    if matches!(env.value(sub), Value::Array(_))
                        || &*e.key == "__proto__"
                        || env.always_valid(sub)
                        || !has_inherited(&e.key)
                    {
                        continue;
                    }
                    if !self.schema(sub, d, relax_for(k, relax), depth + 1)? {
                        return Ok(false);
                    }
                }
            }
        }
        if let Some(p) = props {
            for e in js_ordered(env.members(p)) {
                if &*e.key == "__proto__" {
                    continue;
                }
                let sub = env.child(p.doc, e.value);
                if env.always_valid(sub) {
                    continue;
                }
                let Some(m) = index.get(&e.key) else {
                    continue;
                };
                self.path.push(PathSeg::Key(e.key.to_string()));
                let ok = self.schema(sub, value_of(m), relax, depth + 1);
                self.path.pop();
                if !ok? {
                    return Ok(false);
                }
            }
        }
        if let Some(pp) = pattern_props {
            for e in js_ordered(env.members(pp)) {
                let Some(re) = env.cache.pattern(&e.key) else {
                    continue;
                };
                let sub = env.child(pp.doc, e.value);
                if env.always_valid(sub) {
                    continue;
                }
                for m in data_members {
                    if !re.is_match(&m.key) {
                        continue;
                    }
                    self.path.push(PathSeg::Key(m.key.to_string()));
                    let ok = self.schema(sub, value_of(m), relax, depth + 1);
                    self.path.pop();
                    if !ok? {
                        return Ok(false);
                    }
                }
            }
        }
        if let Some(u) = keys.get(K::UnevaluatedProperties) {
            let u = env.step(u);
            if !env.always_valid(u) {
                let mut names: Vec<String> = Vec::new();
                let mut patterns = Vec::new();
                let mut all = false;
                self.evaluated(s, &mut names, &mut patterns, &mut all, 0);
                if !all {
                    for m in data_members {
                        let key: &str = &m.key;
                        if names.iter().any(|n| n == key)
                            || patterns.iter().any(
                                |re: &std::sync::Arc<crate::jsonpath::JsRegex>| re.is_match(key),
                            )
                        {
                            continue;
                        }
                        match env.value(u) {
                            Value::Bool(false) => {
                                self.error_full(
                                    "unevaluatedProperties",
                                    "must NOT have unevaluated properties".into(),
                                    None,
                                    Some(key.to_string()),
                                    false,
                                )?;
                                return Ok(false);
                            }
                            Value::Object(_) => {
                                self.path.push(PathSeg::Key(key.to_string()));
                                let ok = self.schema(u, value_of(m), Relax::None, depth + 1);
                                self.path.pop();
                                if !ok? {
                                    return Ok(false);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Ok(true)
    }

    /// The property names and patterns a schema and its in-place
    /// applicators declare (for `unevaluatedProperties`).
    fn evaluated(
        &self,
        s: Loc,
        names: &mut Vec<String>,
        patterns: &mut Vec<std::sync::Arc<crate::jsonpath::JsRegex>>,
        all: &mut bool,
        depth: usize,
    ) {
        let env = self.env;
        if depth > 32 || !matches!(env.value(s), Value::Object(_)) {
            return;
        }
        let keys = env.keys(s);
        if let Some(p) = keys.get(K::Properties) {
            names.extend(env.members(env.step(p)).iter().map(|m| m.key.to_string()));
        }
        if let Some(p) = keys.get(K::PatternProperties) {
            patterns.extend(
                env.members(env.step(p))
                    .iter()
                    .filter_map(|m| env.cache.pattern(&m.key)),
            );
        }
        if keys.get(K::AdditionalProperties).is_some()
            || keys.get(K::UnevaluatedProperties).is_some() && depth > 0
        {
            *all = true;
        }
        for k in [K::AllOf, K::AnyOf, K::OneOf] {
            if let Some(l) = keys.get(k) {
                let l = env.step(l);
                for &b in env.items(l) {
                    self.evaluated(env.child(l.doc, b), names, patterns, all, depth + 1);
                }
            }
        }
        for k in [K::If, K::Then, K::Else] {
            if let Some(l) = keys.get(k) {
                self.evaluated(env.step(l), names, patterns, all, depth + 1);
            }
        }
    }

    /// See [`required_dropped`].
    fn required_dropped(&self, x: Loc) -> bool {
        required_dropped(
            self.env.data,
            x,
            self.path.is_empty(),
            self.env.meta_oas2,
            self.env.meta_relax,
        )
    }

    /// The `required` names Spectral removed from schema `s` (whose
    /// `properties` mark them `readOnly`/`writeOnly`).
    fn relaxed(&self, keys: &Keys, relax: Relax) -> Vec<&'a str> {
        let env = self.env;
        let flag = match relax {
            Relax::None => return Vec::new(),
            Relax::ReadOnly => "readOnly",
            Relax::WriteOnly => "writeOnly",
        };
        let Some(p) = keys.get(K::Properties) else {
            return Vec::new();
        };
        let p = env.step(p);
        env.members(p)
            .iter()
            .filter(|m| {
                let sub = env.child(p.doc, m.value);
                env.get(sub, flag)
                    .is_some_and(|f| matches!(env.value(f), Value::Bool(true)))
            })
            .map(|m| &*m.key)
            .collect()
    }

    /// JavaScript's deep equality of the value `d` and the schema value
    /// at `c` (`enum`, `const`).
    fn equal_data(&self, d: Data<'a>, shape: &Shape<'a>, c: Loc) -> bool {
        match d {
            Data::Node(loc) => js_equal(self.env.data, loc, self.env.schema, c, 0),
            Data::Key(k) => {
                let _ = shape;
                matches!(self.env.value(c), Value::String(s) if &**s == k)
            }
        }
    }
}

/// Checking a user's schema against the meta-schema: whether Spectral
/// removed the `required` of the schema object `x` before compiling (at
/// the `root` of a 2.0 parameter, its boolean `required`; anywhere, a list
/// the request/response relaxation emptied).
pub(crate) fn required_dropped(
    data: Side<'_>,
    x: Loc,
    root: bool,
    oas2: bool,
    relax: Relax,
) -> bool {
    let get = |loc: Loc, key: &str| match data.value(loc) {
        Value::Object(members) => members
            .iter()
            .rev()
            .find(|m| &*m.key == key)
            .map(|m| data.child(loc.doc, m.value)),
        _ => None,
    };
    let Some(required) = get(x, "required") else {
        return false;
    };
    if root && oas2 && matches!(data.value(required), Value::Bool(_)) {
        return true;
    }
    let flag = match relax {
        Relax::None => return false,
        Relax::ReadOnly => "readOnly",
        Relax::WriteOnly => "writeOnly",
    };
    let (Value::Array(names), Some(props)) = (data.value(required), get(x, "properties")) else {
        return false;
    };
    let flagged: Vec<&str> = match data.value(props) {
        Value::Object(members) => members
            .iter()
            .filter(|m| {
                get(data.child(props.doc, m.value), flag)
                    .is_some_and(|f| matches!(data.value(f), Value::Bool(true)))
            })
            .map(|m| &*m.key)
            .collect(),
        _ => Vec::new(),
    };
    !flagged.is_empty()
        && names.iter().all(|&n| {
            matches!(data.value(data.child(required.doc, n)), Value::String(s) if flagged.contains(&&**s))
        })
}

/// Spectral's traversal stops below these keywords, so `required` lists
/// there are not relaxed.
fn relax_for(k: K, relax: Relax) -> Relax {
    match k {
        K::Not
        | K::PrefixItems
        | K::DependentSchemas
        | K::UnevaluatedItems
        | K::UnevaluatedProperties => Relax::None,
        _ => relax,
    }
}

const NONE_MATCHED: &str =
    "None of the schemas matched, see the other errors reported for this value";

fn type_matches(t: &str, shape: &Shape<'_>) -> bool {
    match (t, shape) {
        ("null", Shape::Null) => true,
        ("boolean", Shape::Bool(_)) => true,
        ("number", Shape::Num(_)) => true,
        ("integer", Shape::Num(n)) => n.is_finite() && n.fract() == 0.0,
        ("string", Shape::Str(_)) => true,
        ("array", Shape::Arr(..)) => true,
        ("object", Shape::Obj(..)) => true,
        _ => false,
    }
}

/// Deep equality as JavaScript's `fast-deep-equal` sees the two values.
pub(crate) fn js_equal(sa: Side<'_>, a: Loc, sb: Side<'_>, b: Loc, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let number = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (sa.value(a), sb.value(b)) {
        (x @ (Value::Int(_) | Value::Float(_)), y @ (Value::Int(_) | Value::Float(_))) => {
            number(x) == number(y)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|(&p, &q)| {
                    js_equal(sa, sa.child(a.doc, p), sb, sb.child(b.doc, q), depth + 1)
                })
        }
        (Value::Object(x), Value::Object(y)) => {
            let x = source_ordered(x);
            let y = source_ordered(y);
            x.len() == y.len()
                && x.iter().all(|m| {
                    y.iter().find(|n| n.key == m.key).is_some_and(|n| {
                        js_equal(
                            sa,
                            sa.child(a.doc, m.value),
                            sb,
                            sb.child(b.doc, n.value),
                            depth + 1,
                        )
                    })
                })
        }
        (x, y) => x == y,
    }
}

/// The value at `loc` as JSON, stepping through inlined refs (for the
/// messages, which quote allowed values and look at the example).
pub(crate) fn to_json(side: Side<'_>, loc: Loc, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        return Json::Null;
    }
    match side.value(loc) {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.to_string()),
        Value::Array(items) => Json::Array(
            items
                .iter()
                .map(|&i| to_json(side, side.child(loc.doc, i), depth + 1))
                .collect(),
        ),
        Value::Object(members) => Json::Object(
            source_ordered(members)
                .into_iter()
                .map(|m| {
                    (
                        m.key.to_string(),
                        to_json(side, side.child(loc.doc, m.value), depth + 1),
                    )
                })
                .collect(),
        ),
    }
}
