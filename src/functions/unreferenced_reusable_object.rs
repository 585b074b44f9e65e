//! `unreferencedReusableObject`: every reusable object must be referenced.
//!
//! Options: `reusableObjectsLocation` (required), a JSON pointer URI
//! fragment naming the map of reusable objects in the root document:
//! `#/components/schemas` (OpenAPI 3), `#/definitions` (OpenAPI 2),
//! `#/$defs`.
//!
//! The target is that map (a rule's `given` selects it); each of its keys
//! is a candidate. A candidate `Name` counts as referenced when some `$ref`
//! points at `{location}/Name`: a local ref in the root document whose
//! pointer is exactly that, or a ref from another file that resolves to
//! it. As observed in Spectral 6.16:
//! - a ref from inside `Name` to `Name` itself does not count (a
//!   self-recursive schema nobody else uses is reported), while refs from
//!   other unreferenced objects do (mutual references keep both);
//! - a ref to something inside `Name` (`.../Name/properties/id`) does not
//!   count.
//!
//! Each unreferenced candidate is reported at `{location}/Name` (the
//! option's location, as Spectral does, so a `given` that is not the
//! location yields paths that do not exist; the engine reports those at the
//! closest existing node), with the message
//! `Potential orphaned reusable object has been detected`.
//!
//! Difference from Spectral: names containing `/` or `~` are compared as
//! pointer tokens; Spectral compares unescaped text, so it never finds
//! refs to such names and reports them at the map.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use serde_json::Value;

use super::options::{Kind, Spec};
use super::{Context, FnResult, Input, RuleFunction};
use crate::document::pointer::{parse_pointer, split_ref};
use crate::document::{DocId, Loc, NodeId, PathSeg, Tree, Value as DocValue, View, Workspace};

const SPEC: Spec = Spec {
    function: "unreferencedReusableObject",
    example: r##"{ "reusableObjectsLocation": "#/components/schemas" }, { "reusableObjectsLocation": "#/$defs" }"##,
    fields: &[("reusableObjectsLocation", Kind::String)],
};

const MESSAGE: &str = "Potential orphaned reusable object has been detected";

/// `functionOptions` of `unreferencedReusableObject`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options {
    reusable_objects_location: String,
}

#[derive(Debug)]
struct UnreferencedReusableObject {
    /// The location's pointer tokens (`["components", "schemas"]`).
    location: Vec<String>,
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| SPEC.invalid())?;
    let location_error = || {
        r##""unreferencedReusableObject" and its "reusableObjectsLocation" option support only valid JSON Pointer fragments, i.e. "#", "#/foo", "#/paths/~1user""##
            .to_string()
    };
    for (key, value) in map {
        if key != "reusableObjectsLocation" {
            return Err(SPEC.unsupported(key));
        }
        if !value.as_str().is_some_and(is_pointer_fragment) {
            return Err(location_error());
        }
    }
    if !map.contains_key("reusableObjectsLocation") {
        return Err(format!(
            "{}. Example valid options: {}",
            SPEC.missing("reusableObjectsLocation"),
            SPEC.example
        ));
    }
    let opts: Options = SPEC.parse(map)?;
    let location =
        parse_pointer(&opts.reusable_objects_location[1..]).map_err(|_| location_error())?;
    Ok(Box::new(UnreferencedReusableObject { location }))
}

/// The `json-pointer-uri-fragment` format: `#`, then `/`-separated tokens
/// of URI fragment characters, percent escapes and `~0`/`~1`.
fn is_pointer_fragment(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('#') else {
        return false;
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let ok = match c {
            b'/' => true,
            b'%' => b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            b'~' => matches!(b.get(i + 1), Some(b'0' | b'1')),
            c if c.is_ascii_alphanumeric() => true,
            c => b"_-.!$&'()*+,;:=@".contains(&c),
        };
        if !ok {
            return false;
        }
        i += match c {
            b'%' => 3,
            b'~' => 2,
            _ => 1,
        };
    }
    true
}

/// Every `$ref` of the workspace: where it is and what it says.
fn refs(ws: &Workspace) -> impl Iterator<Item = (DocId, NodeId, &str)> {
    ws.docs().iter().enumerate().flat_map(|(d, doc)| {
        let tree = &doc.tree;
        tree.nodes
            .iter()
            .enumerate()
            .filter_map(move |(n, node)| match &node.value {
                DocValue::Object(_) => tree
                    .get_str(NodeId(n as u32), "$ref")
                    .map(|r| (DocId(d as u32), NodeId(n as u32), r)),
                _ => None,
            })
    })
}

/// Every node under `start` (itself included), refs not followed.
fn subtree(tree: &Tree, start: NodeId) -> FxHashSet<NodeId> {
    let mut seen = FxHashSet::default();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match tree.value(id) {
            DocValue::Object(members) => stack.extend(members.iter().map(|m| m.value)),
            DocValue::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    seen
}

/// The candidate name of a ref whose target is `target` (pointer tokens
/// in the root document): the last token, if the others are exactly
/// `location`.
fn candidate<'t>(location: &[String], target: &'t [Cow<'_, str>]) -> Option<&'t str> {
    let (name, init) = target.split_last()?;
    (init.len() == location.len() && init.iter().zip(location).all(|(t, l)| *t == **l))
        .then_some(&**name)
}

/// The raw nodes of each of `names` in the map at `location` of the root
/// document (when the location exists there), to recognise a candidate's
/// refs to itself.
fn own_nodes<'n>(
    tree: &Tree,
    location: &[String],
    names: &[&'n str],
) -> FxHashMap<&'n str, FxHashSet<NodeId>> {
    let location_node = location
        .iter()
        .try_fold(tree.root, |id, token| tree.get(id, token));
    location_node
        .map(|map| {
            names
                .iter()
                .filter_map(|n| tree.get(map, n).map(|id| (*n, subtree(tree, id))))
                .collect()
        })
        .unwrap_or_default()
}

/// For each of `maps` (a location's pointer tokens and the names of its
/// members), the names some `$ref` points to. Every `$ref` of the
/// workspace is visited once, however many maps are checked: the walk
/// over all nodes is what a big document spends its time on.
fn referenced(ws: &Workspace, maps: &[(&[String], Vec<&str>)]) -> Vec<FxHashSet<String>> {
    let root = ws.root().doc;
    let tree = &ws.doc(root).tree;
    let own: Vec<_> = maps
        .iter()
        .map(|(location, names)| own_nodes(tree, location, names))
        .collect();
    let mut out = vec![FxHashSet::default(); maps.len()];
    for (doc, node, reference) in refs(ws) {
        let parts = split_ref(reference);
        let target: Vec<Cow<'_, str>> = if parts.file.is_empty() {
            if doc != root {
                continue;
            }
            let Ok(tokens) = parse_pointer(parts.fragment.unwrap_or("")) else {
                continue;
            };
            tokens.into_iter().map(Cow::Owned).collect()
        } else {
            // A ref from another file (or naming a file): where it
            // resolved to.
            match ws.ref_at(Loc { doc, node }).map(|r| &r.target) {
                Some(Ok(t)) if t.loc.doc == root => {
                    t.path.iter().map(PathSeg::as_key_string).collect()
                }
                _ => continue,
            }
        };
        for ((location, _), (own, out)) in maps.iter().zip(own.iter().zip(&mut out)) {
            let Some(name) = candidate(location, &target) else {
                continue;
            };
            let from_itself = doc == root && own.get(name).is_some_and(|o| o.contains(&node));
            if !from_itself {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// The members of each of `maps` (a location's pointer tokens and the map
/// there) that no `$ref` points to, reported at `{location}/Name` in the
/// order of `maps`, then of the members. Maps that are not objects are
/// skipped. `oasUnusedComponent` checks its eight component types with
/// one call, so the workspace's refs are walked once, not once a type.
pub(crate) fn unreferenced(ws: &Workspace, maps: &[(&[String], View<'_>)]) -> Vec<FnResult> {
    let maps: Vec<(&[String], Vec<&str>)> = maps
        .iter()
        .filter(|(_, map)| map.is_object())
        .map(|(location, map)| {
            let names = map.raw_members().iter().map(|m| &*m.key).collect();
            (*location, names)
        })
        .collect();
    let referenced = referenced(ws, &maps);
    maps.iter()
        .zip(referenced)
        .flat_map(|((location, names), referenced)| {
            names
                .iter()
                .filter(move |n| !referenced.contains(**n))
                .map(|n| {
                    let mut path: Vec<PathSeg> =
                        location.iter().map(|t| PathSeg::Key(t.clone())).collect();
                    path.push(PathSeg::Key(n.to_string()));
                    FnResult::at(MESSAGE, path)
                })
        })
        .collect()
}

impl RuleFunction for UnreferencedReusableObject {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(map) = input.view() else {
            return Vec::new();
        };
        unreferenced(ctx.workspace, &[(&self.location, map)])
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::is_pointer_fragment;
    use crate::functions::testing::{build_error, run};

    /// The case recorded from Spectral in
    /// tests/spectral-observed/fn-unreferencedReusableObject, plus refs
    /// into a member and through a chain.
    const DOC: &str = "\
paths:
  /a:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Used'}
            text/plain:
              schema: {$ref: '#/components/schemas/Inner/properties/id'}
components:
  schemas:
    Used:
      properties:
        x: {$ref: '#/components/schemas/UsedByUsed'}
    UsedByUsed: {type: string}
    Unused: {type: string}
    MutA: {items: {$ref: '#/components/schemas/MutB'}}
    MutB: {items: {$ref: '#/components/schemas/MutA'}}
    Unused2: {items: {$ref: '#/components/schemas/OnlyFromUnused2'}}
    OnlyFromUnused2: {type: string}
    SelfOnly:
      properties:
        me: {$ref: '#/components/schemas/SelfOnly'}
    Inner:
      properties:
        id: {type: string}
    'With/Slash': {type: string}
  parameters:
    p: {name: p, in: query}
    q: {name: q, in: query, schema: {$ref: '#/components/schemas/With~1Slash'}}
";

    fn orphans(location: &str, pointer: &str) -> Vec<String> {
        run(
            "unreferencedReusableObject",
            json!({"reusableObjectsLocation": location}),
            DOC,
            pointer,
        )
        .into_iter()
        .map(|(m, p)| {
            assert_eq!(m, "Potential orphaned reusable object has been detected");
            p
        })
        .collect()
    }

    #[test]
    fn reports_members_no_other_ref_points_to() {
        assert_eq!(
            orphans("#/components/schemas", "/components/schemas"),
            vec![
                "/components/schemas/Unused",
                "/components/schemas/Unused2",
                "/components/schemas/SelfOnly",
                "/components/schemas/Inner",
            ]
        );
        assert_eq!(
            orphans("#/components/parameters", "/components/parameters"),
            vec!["/components/parameters/p", "/components/parameters/q"]
        );
    }

    #[test]
    fn paths_follow_the_location_not_the_target() {
        // Spectral's quirk: the root's keys are looked up under the location.
        assert_eq!(
            orphans("#/components/schemas", ""),
            vec![
                "/components/schemas/paths",
                "/components/schemas/components",
            ]
        );
    }

    #[test]
    fn non_objects_are_skipped() {
        assert!(orphans("#/components/schemas", "/components/schemas/Unused/type").is_empty());
        assert!(orphans("#/nope", "/nope").is_empty());
    }

    /// `oasUnusedComponent` checks several maps in one call: the same
    /// findings, in the same order, as one call per map.
    #[test]
    fn several_maps_at_once_as_one_by_one() {
        use std::sync::Arc;

        use super::unreferenced;
        use crate::document::Workspace;
        use crate::document::tree::to_pointer;
        use crate::document::workspace::LoadOptions;

        let ws = Workspace::from_text("t.yaml", Arc::from(DOC), None, &LoadOptions::default())
            .expect("the document loads");
        let root = ws.view(false);
        let components = root.get("components").expect("components");
        let loc = |t: &str| vec!["components".to_string(), t.to_string()];
        let (schemas, parameters, paths) = (loc("schemas"), loc("parameters"), loc("paths"));
        let maps = [
            (parameters.as_slice(), components.get("parameters").unwrap()),
            (
                paths.as_slice(),
                root.get("paths").unwrap().get("/a").unwrap(),
            ),
            (schemas.as_slice(), components.get("schemas").unwrap()),
            (schemas.as_slice(), root.get("paths").unwrap()),
        ];
        let found = |maps: &[(&[String], crate::document::View<'_>)]| -> Vec<String> {
            unreferenced(&ws, maps)
                .into_iter()
                .map(|r| to_pointer(r.path.as_deref().unwrap_or(&[])))
                .collect()
        };
        let one_by_one: Vec<String> = maps.iter().flat_map(|m| found(&[*m])).collect();
        assert_eq!(found(&maps), one_by_one);
        assert_eq!(
            one_by_one,
            [
                "/components/parameters/p",
                "/components/parameters/q",
                "/components/paths/get",
                "/components/schemas/Unused",
                "/components/schemas/Unused2",
                "/components/schemas/SelfOnly",
                "/components/schemas/Inner",
                "/components/schemas/~1a",
            ]
        );
    }

    #[test]
    fn location_must_be_a_pointer_fragment() {
        assert!(is_pointer_fragment("#"));
        assert!(is_pointer_fragment("#/components/schemas"));
        assert!(is_pointer_fragment("#/paths/~1user%7Bid%7D"));
        assert!(!is_pointer_fragment("/components"));
        assert!(!is_pointer_fragment("#components"));
        assert!(!is_pointer_fragment("#/a b"));
        assert!(!is_pointer_fragment("#/a~2"));
        assert!(!is_pointer_fragment("#/%zz"));
    }

    #[test]
    fn bad_options_are_rejected() {
        let fragment = "\"unreferencedReusableObject\" and its \"reusableObjectsLocation\" option support only valid JSON Pointer fragments, i.e. \"#\", \"#/foo\", \"#/paths/~1user\"";
        let examples = "Example valid options: { \"reusableObjectsLocation\": \"#/components/schemas\" }, { \"reusableObjectsLocation\": \"#/$defs\" }";
        assert_eq!(
            build_error(
                "unreferencedReusableObject",
                json!({"reusableObjectsLocation": "components"})
            ),
            fragment
        );
        assert_eq!(
            build_error(
                "unreferencedReusableObject",
                json!({"reusableObjectsLocation": 1})
            ),
            fragment
        );
        assert_eq!(
            build_error("unreferencedReusableObject", json!({})),
            format!(
                "\"unreferencedReusableObject\" function is missing \"reusableObjectsLocation\" option. {examples}"
            )
        );
        assert_eq!(
            build_error("unreferencedReusableObject", Value::Null),
            format!(
                "\"unreferencedReusableObject\" function has invalid options specified. {examples}"
            )
        );
        assert_eq!(
            build_error(
                "unreferencedReusableObject",
                json!({"reusableObjectsLocation": "#", "x": 1})
            ),
            "\"unreferencedReusableObject\" function does not support \"x\" option"
        );
    }
}
