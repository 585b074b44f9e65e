//! In-document suppressions: `x-zally-ignore` and `x-lint-ignore`.
//!
//! Zally lets an API ignore rules where the API itself says so: an object
//! carrying `x-zally-ignore: [118, 166]` (a list, or one value) exempts
//! itself and everything below it from those rules. apilint reads the same
//! extension, and `x-lint-ignore` as a tool-neutral spelling, on any object
//! of any file of the document.
//!
//! An entry matches a finding when it is the finding's code
//! (`operation-tags`, `zalando-118-property-names-snake-case`) or, for an
//! `apilint:zalando` rule, its guideline id (`118` or `"118"`, also an
//! alias anchor of the same guideline). The path that counts is where the
//! finding is written: an ignore on an operation covers the operation's
//! own text, not a shared schema it references, which other operations use
//! too.
//!
//! Ignored findings are not dropped: [`partition`] moves them to their own
//! list, which reports count and can show. An entry that names no rule of
//! the rule set in use ignores nothing, which is most often a typo or a
//! rule of another tool; [`unknown_entries`] finds them so the user is told
//! where, rather than left wondering why a finding stays.

use rustc_hash::FxHashMap;

use crate::document::{NodeId, PathSeg, Span, Tree, Value};

use super::Finding;

/// The extension names read, in the order they are looked for.
const KEYS: &[&str] = &["x-zally-ignore", "x-lint-ignore"];

/// Splits `findings` into (kept, ignored). Documents are looked up by the
/// name findings carry; `docs` gives each document's name and tree.
pub fn partition<'t>(
    docs: impl Iterator<Item = (&'t str, &'t Tree)>,
    findings: Vec<Finding>,
) -> (Vec<Finding>, Vec<Finding>) {
    // Most documents have no suppressions at all: one scan of the member
    // keys decides, and the per-finding walk below only runs otherwise.
    let trees: FxHashMap<&str, &Tree> = docs.filter(|(_, t)| has_ignores(t)).collect();
    if trees.is_empty() {
        return (findings, Vec::new());
    }
    let mut kept = Vec::with_capacity(findings.len());
    let mut ignored = Vec::new();
    for f in findings {
        let hit = trees
            .get(f.source.as_str())
            .is_some_and(|tree| ignored_along(tree, &f.path, &f.code));
        if hit {
            ignored.push(f);
        } else {
            kept.push(f);
        }
    }
    (kept, ignored)
}

fn has_ignores(tree: &Tree) -> bool {
    tree.nodes.iter().any(|n| match &n.value {
        Value::Object(members) => members.iter().any(|m| KEYS.contains(&&*m.key)),
        _ => false,
    })
}

/// A suppression entry that names no rule of the rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEntry {
    /// The document's name, as findings carry it.
    pub source: String,
    /// The entry's text in the document.
    pub span: Span,
    /// The extension it is under (`x-zally-ignore` or `x-lint-ignore`).
    pub key: &'static str,
    pub entry: String,
}

/// Every `x-zally-ignore` / `x-lint-ignore` entry in `docs` that matches
/// none of `codes` (the rule set's rule names), neither by code nor by
/// guideline id. Non-scalar entries are reported too: they can match
/// nothing.
pub fn unknown_entries<'t, 'c>(
    docs: impl Iterator<Item = (&'t str, &'t Tree)>,
    codes: impl Iterator<Item = &'c str> + Clone,
) -> Vec<UnknownEntry> {
    let mut out = Vec::new();
    for (name, tree) in docs.filter(|(_, t)| has_ignores(t)) {
        for node in &tree.nodes {
            let Value::Object(members) = &node.value else {
                continue;
            };
            for m in members.iter() {
                let Some(&key) = KEYS.iter().find(|k| **k == &*m.key) else {
                    continue;
                };
                for &entry in entries(tree, &m.value) {
                    if !codes.clone().any(|code| entry_matches(tree, entry, code)) {
                        out.push(UnknownEntry {
                            source: name.to_string(),
                            span: tree.nodes[entry.index()].span,
                            key,
                            entry: entry_text(tree, entry)
                                .unwrap_or_else(|| "(not a rule name)".to_string()),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Whether an object on the way from the root to `path` ignores `code`.
fn ignored_along(tree: &Tree, path: &[PathSeg], code: &str) -> bool {
    let mut node = tree.root;
    let mut rest = path;
    loop {
        if let Value::Object(members) = &tree.nodes[node.0 as usize].value {
            for m in members.iter() {
                if KEYS.contains(&&*m.key) && entries_match(tree, m.value, code) {
                    return true;
                }
            }
        }
        let Some((seg, tail)) = rest.split_first() else {
            return false;
        };
        let next = match (&tree.nodes[node.0 as usize].value, seg) {
            (Value::Object(members), PathSeg::Key(k)) => {
                members.iter().find(|m| &*m.key == k).map(|m| m.value)
            }
            (Value::Array(items), PathSeg::Index(i)) => items.get(*i).copied(),
            _ => None,
        };
        let Some(next) = next else {
            return false;
        };
        node = next;
        rest = tail;
    }
}

/// Whether the extension's value (one entry or a list) names `code`.
fn entries_match(tree: &Tree, value: NodeId, code: &str) -> bool {
    entries(tree, &value)
        .iter()
        .any(|&e| entry_matches(tree, e, code))
}

/// The entries of an extension's value: a list's items, or the value
/// itself when it is one entry.
fn entries<'t>(tree: &'t Tree, value: &'t NodeId) -> &'t [NodeId] {
    match &tree.nodes[value.index()].value {
        Value::Array(items) => &items[..],
        _ => std::slice::from_ref(value),
    }
}

/// An entry's rule name or guideline id; `None` for entries that are not
/// a string or an integer (they can name nothing).
fn entry_text(tree: &Tree, entry: NodeId) -> Option<String> {
    match &tree.nodes[entry.index()].value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

fn entry_matches(tree: &Tree, entry: NodeId, code: &str) -> bool {
    entry_text(tree, entry)
        .is_some_and(|text| text == code || guideline_ids(code).any(|id| text == id.to_string()))
}

/// The guideline ids an `apilint:zalando` code stands for: its own and the
/// alias anchors its rule also covers.
fn guideline_ids(code: &str) -> impl Iterator<Item = u16> {
    let own = code
        .strip_prefix("zalando-")
        .and_then(|rest| rest.split('-').next())
        .and_then(|id| id.parse::<u16>().ok());
    let also = crate::rules::zalando::rule(code)
        .map(|r| r.also)
        .unwrap_or(&[]);
    own.into_iter().chain(also.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_naming_no_rule_are_found_with_their_place() {
        let t = tree(
            "x-zally-ignore: [TestCheckAlwaysReport3MustViolations, 118]\npaths:\n  /a:\n    x-lint-ignore: operation-tags\n    get: {x-lint-ignore: [{a: 1}]}\n",
        );
        let codes = ["zalando-118-property-names-snake-case", "info-contact"];
        let unknown = unknown_entries([("api.yaml", &t)].into_iter(), codes.iter().copied());
        let names: Vec<(&str, &str)> = unknown.iter().map(|u| (u.key, u.entry.as_str())).collect();
        assert_eq!(
            names,
            [
                ("x-zally-ignore", "TestCheckAlwaysReport3MustViolations"),
                ("x-lint-ignore", "operation-tags"),
                ("x-lint-ignore", "(not a rule name)"),
            ]
        );
        assert_eq!(unknown[0].span.start, 17);
    }
    use crate::document::{Range, Span};
    use crate::engine::Severity;

    fn tree(yaml: &str) -> Tree {
        crate::document::yaml::parse_yaml(yaml, &crate::document::Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"))
            .tree
    }

    fn finding(code: &str, path: &[&str]) -> Finding {
        Finding {
            code: code.to_string(),
            message: String::new(),
            severity: Severity::Warn,
            path: path
                .iter()
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => PathSeg::Index(i),
                    Err(_) => PathSeg::Key(s.to_string()),
                })
                .collect(),
            source: "api.yaml".to_string(),
            span: Span::EMPTY,
            range: Range::default(),
            documentation_url: None,
            acknowledged: None,
        }
    }

    const DOC: &str = "
openapi: 3.0.3
x-zally-ignore: 218
paths:
  /a:
    get:
      x-zally-ignore: [zalando-118-property-names-snake-case, '166']
      responses: {}
    post:
      x-lint-ignore: operation-tags
      responses: {}
";

    #[test]
    fn ignores_are_inherited_downward_by_code_or_guideline_id() {
        let t = tree(DOC);
        let findings = vec![
            finding(
                "zalando-118-property-names-snake-case",
                &["paths", "/a", "get", "responses"],
            ),
            finding("zalando-166-no-link-headers", &["paths", "/a", "get"]),
            finding("zalando-166-no-link-headers", &["paths", "/a", "post"]),
            finding("operation-tags", &["paths", "/a", "post"]),
            finding("operation-tags", &["paths", "/a", "get"]),
            finding("zalando-218-api-meta-information", &["info"]),
        ];
        let (kept, ignored) = partition(std::iter::once(("api.yaml", &t)), findings);
        let codes = |v: &[Finding]| -> Vec<String> {
            v.iter()
                .map(|f| format!("{} {}", f.code, crate::document::tree::to_pointer(&f.path)))
                .collect()
        };
        assert_eq!(
            codes(&kept),
            [
                "zalando-166-no-link-headers /paths/~1a/post",
                "operation-tags /paths/~1a/get"
            ]
        );
        assert_eq!(ignored.len(), 4);
    }

    #[test]
    fn documents_without_ignores_are_not_walked() {
        let t = tree("openapi: 3.0.3\npaths: {}\n");
        let (kept, ignored) = partition(
            std::iter::once(("api.yaml", &t)),
            vec![finding("x", &["paths"])],
        );
        assert_eq!((kept.len(), ignored.len()), (1, 0));
    }
}
