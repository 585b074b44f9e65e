//! `oasPathParam`: path templates and path parameters must agree.
//!
//! The target is the `paths` object (refs resolved). A template variable
//! is what Spectral's pattern `{;?\??[a-zA-Z0-9_-]+\*?}` matches, named by
//! its letters: `{id}`, `{;id}`, `{?id}` and `{id*}` all name `id`, while
//! `{}` or `{a.b}` are not variables at all (plain text). For each path
//! item that is an object (or array), in document order:
//!
//! 1. Paths equal once every variable is replaced by one placeholder
//!    (`/a/{x}` and `/a/{y}`) are reported at the later one: `Paths "/a/{x}"
//!    and "/a/{y}" must not be equivalent.`
//! 2. A variable used twice in one path: `Path "/b/{id}/c/{id}" must not
//!    use parameter "{id}" multiple times.` (at the path).
//! 3. Each path parameter (`in: path` with a `name`) of the path item's
//!    `parameters`, and then of each operation's (`get`, `head`, `post`,
//!    `put`, `patch`, `delete`, `options`, `trace`), is checked at the
//!    parameter: `required` must be `true` (`Path parameter "id" must have
//!    "required" property that is set to "true".`), and a name may be
//!    defined once per level (`Path parameter "id" must not be defined
//!    multiple times.`); the first definition counts.
//! 4. Per operation, the definitions in force are the path item's,
//!    overridden by the operation's. Each one the template does not use is
//!    reported at its definition (`Parameter "x" must be used in path
//!    "/a/{id}".`), and each variable without one at the operation
//!    (`Operation must define parameter "{id}" as expected by path
//!    "/a/{id}".`). A path item without operations is not checked for 4.
//!
//! A parameter defined through `$ref` is reported where the engine maps
//! its path: at the referenced component, once however many operations
//! share it (as Spectral reports it).
//!
//! Names are JavaScript's `String()` of `name` (`name: 1` is `"1"`, `name:
//! null` is `"null"`). Spectral keeps definitions in a plain JavaScript
//! object and asks `name in object`, so names of `Object.prototype`
//! members (`constructor`, `toString`, `__proto__`, ...) always count as
//! already defined: such a parameter is reported as defined twice, and a
//! variable `{toString}` never as missing. This is reproduced.
//!
//! Difference from Spectral: a path key that, once its variables are
//! replaced, equals an `Object.prototype` member name (`constructor`,
//! which is not a valid path as it lacks the leading `/`) makes Spectral
//! report it as equivalent to a JavaScript function's source text; it is
//! not reported here.
//!
//! Work is linear in the size of `paths` (each operation merges its path
//! item's definitions, as Spectral does). Takes no options.

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::oas_op_params::{is_js_object, js_string, no_options};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const NAME: &str = "oasPathParam";

/// The operations of a path item whose parameters are checked.
const OPERATION_KEYS: [&str; 8] = [
    "get", "head", "post", "put", "patch", "delete", "options", "trace",
];

/// The own properties of JavaScript's `Object.prototype`, which `name in
/// object` finds in every plain object.
const OBJECT_PROTOTYPE: [&str; 12] = [
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

#[derive(Debug)]
struct OasPathParam;

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    no_options(NAME, options)?;
    Ok(Box::new(OasPathParam))
}

/// A path template: its variables' names in order (repeats included) and
/// its text with each variable replaced by `%`.
struct Template<'p> {
    variables: Vec<&'p str>,
    normalized: String,
}

/// Reads `path` the way Spectral's global regex `/(\{;?\??[a-zA-Z0-9_-]+\*?\})/g`
/// does: left to right, matches never overlapping.
fn template(path: &str) -> Template<'_> {
    let b = path.as_bytes();
    let mut variables = Vec::new();
    let mut normalized = String::with_capacity(path.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        if b.get(j) == Some(&b'?') {
            j += 1;
        }
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
            j += 1;
        }
        let end = j;
        if b.get(j) == Some(&b'*') {
            j += 1;
        }
        if end == start || b.get(j) != Some(&b'}') {
            i += 1;
            continue;
        }
        // Every byte examined is ASCII, so these are char boundaries.
        variables.push(&path[start..end]);
        normalized.push_str(&path[copied..i]);
        normalized.push('%');
        i = j + 1;
        copied = i;
    }
    normalized.push_str(&path[copied..]);
    Template {
        variables,
        normalized,
    }
}

/// Where a path parameter is defined: in the path item's `parameters` or
/// an operation's, at an index.
#[derive(Clone, Copy)]
struct Definition<'a> {
    method: Option<&'a str>,
    index: usize,
}

impl Definition<'_> {
    fn path(&self, path: &str) -> Vec<PathSeg> {
        let mut p = vec![
            PathSeg::Key("paths".to_string()),
            PathSeg::Key(path.to_string()),
        ];
        if let Some(m) = self.method {
            p.push(PathSeg::Key(m.to_string()));
        }
        p.push(PathSeg::Key("parameters".to_string()));
        p.push(PathSeg::Index(self.index));
        p
    }
}

/// Path parameter definitions of one level, by name, in definition order
/// (Spectral's object keeps insertion order; its results land at different
/// places anyway and are sorted by them).
#[derive(Clone, Default)]
struct Definitions<'a> {
    order: Vec<String>,
    at: FxHashMap<String, Definition<'a>>,
}

impl<'a> Definitions<'a> {
    /// `name in object`: own names and `Object.prototype`'s.
    fn has(&self, name: &str) -> bool {
        self.at.contains_key(name) || OBJECT_PROTOTYPE.contains(&name)
    }

    fn insert(&mut self, name: String, def: Definition<'a>) {
        if self.at.insert(name.clone(), def).is_none() {
            self.order.push(name);
        }
    }

    /// Spectral's `{ ...self, ...other }`.
    fn merged(&self, other: &Definitions<'a>) -> Definitions<'a> {
        let mut out = self.clone();
        for name in &other.order {
            out.insert(name.clone(), other.at[name]);
        }
        out
    }
}

/// Checks the path parameters of one `parameters` array (rule 3) and
/// returns the definitions it makes.
fn level<'a>(
    params: Option<View<'a>>,
    method: Option<&'a str>,
    path: &str,
    out: &mut Vec<FnResult>,
) -> Definitions<'a> {
    let mut defs = Definitions::default();
    let Some(params) = params.filter(|p| p.is_array()) else {
        return defs;
    };
    for (index, p) in params.items().enumerate() {
        if !is_js_object(p) || p.get("in").and_then(|v| v.as_str()) != Some("path") {
            continue;
        }
        let Some(name) = p.get("name") else { continue };
        let name = js_string(Some(name));
        let def = Definition { method, index };
        if p.get("required").and_then(|r| r.as_bool()) != Some(true) {
            out.push(FnResult::at(
                format!("Path parameter \"{name}\" must have \"required\" property that is set to \"true\"."),
                def.path(path),
            ));
        }
        if defs.has(&name) {
            out.push(FnResult::at(
                format!("Path parameter \"{name}\" must not be defined multiple times."),
                def.path(path),
            ));
            continue;
        }
        defs.insert(name, def);
    }
    defs
}

impl RuleFunction for OasPathParam {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // Normalized template → the first path with it.
        let mut templates: FxHashMap<String, &str> = FxHashMap::default();
        for (path, item) in paths.members() {
            if !is_js_object(item) {
                continue;
            }
            let at_path = || {
                vec![
                    PathSeg::Key("paths".to_string()),
                    PathSeg::Key(path.to_string()),
                ]
            };
            let Template {
                variables,
                normalized,
            } = template(path);
            match templates.get(normalized.as_str()) {
                Some(first) => out.push(FnResult::at(
                    format!("Paths \"{first}\" and \"{path}\" must not be equivalent."),
                    at_path(),
                )),
                None => {
                    templates.insert(normalized, path);
                }
            }
            let mut used: Vec<&str> = Vec::new();
            let mut used_set: FxHashSet<&str> = FxHashSet::default();
            for v in variables {
                if used_set.insert(v) {
                    used.push(v);
                } else {
                    out.push(FnResult::at(
                        format!(
                            "Path \"{path}\" must not use parameter \"{{{v}}}\" multiple times."
                        ),
                        at_path(),
                    ));
                }
            }
            let top = level(item.get("parameters"), None, path, &mut out);
            for (method, op) in item.members() {
                if !is_js_object(op) || !OPERATION_KEYS.contains(&method) {
                    continue;
                }
                let own = level(op.get("parameters"), Some(method), path, &mut out);
                let defined = top.merged(&own);
                for name in &defined.order {
                    if !used_set.contains(name.as_str()) {
                        out.push(FnResult::at(
                            format!("Parameter \"{name}\" must be used in path \"{path}\"."),
                            defined.at[name].path(path),
                        ));
                    }
                }
                for v in &used {
                    if !defined.has(v) {
                        let mut p = at_path();
                        p.push(PathSeg::Key(method.to_string()));
                        out.push(FnResult::at(
                            format!("Operation must define parameter \"{{{v}}}\" as expected by path \"{path}\"."),
                            p,
                        ));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::template;
    use crate::functions::testing::{build_error, run};

    #[test]
    fn templates_read_like_spectral_regex() {
        let t = template("/f/{a}{b}/{c*}/{;d}/{?e}/{;?g*}/{}/{x.y}/{?;h}/{i");
        assert_eq!(t.variables, vec!["a", "b", "c", "d", "e", "g"]);
        assert_eq!(t.normalized, "/f/%%/%/%/%/%/{}/{x.y}/{?;h}/{i");
        let t = template("/é/{{id}}/{ü}");
        assert_eq!(t.variables, vec!["id"]);
        assert_eq!(t.normalized, "/é/{%}/{ü}");
    }

    fn check(doc: &str) -> Vec<(String, String)> {
        run("oasPathParam", Value::Null, doc, "/paths")
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect()
    }

    #[test]
    fn prototype_names_count_as_defined() {
        let doc = "paths:\n  /c/{toString}:\n    get: {}\n  /d:\n    get:\n      parameters:\n        - {name: constructor, in: path, required: true}\n";
        assert_eq!(
            check(doc),
            pairs(&[(
                "Path parameter \"constructor\" must not be defined multiple times.",
                "/paths/~1d/get/parameters/0"
            )])
        );
    }

    #[test]
    fn operation_definitions_override_path_item_ones() {
        let doc = "paths:\n  /a/{x}:\n    parameters:\n      - {name: x, in: path, required: true}\n      - {name: y, in: path, required: true}\n    get:\n      parameters:\n        - {name: y, in: path, required: true}\n    put: {}\n    x-op: {}\n    parameters2: {}\n";
        assert_eq!(
            check(doc),
            pairs(&[
                (
                    "Parameter \"y\" must be used in path \"/a/{x}\".",
                    "/paths/~1a~1{x}/get/parameters/0"
                ),
                (
                    "Parameter \"y\" must be used in path \"/a/{x}\".",
                    "/paths/~1a~1{x}/parameters/1"
                ),
            ])
        );
    }

    #[test]
    fn names_are_javascript_strings() {
        let doc = "paths:\n  /a/{1}/{null}:\n    get:\n      parameters:\n        - {name: 1.0, in: path, required: true}\n        - {name: null, in: path, required: true}\n        - {in: path, required: true}\n        - {name: x, in: query}\n";
        assert!(check(doc).is_empty());
    }

    #[test]
    fn takes_no_options() {
        assert_eq!(
            build_error("oasPathParam", json!({})),
            "\"oasPathParam\" function does not accept any options"
        );
    }
}
