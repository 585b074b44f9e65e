//! Expanding `#Alias` references in `given` paths into plain JSONPath text.
//!
//! `#Name` stands for each path of alias `Name`; `#Name.rest` (or
//! `#Name[...]`) appends `rest` to each. Alias paths may themselves start
//! with `#`, so expansion recurses, with cycles reported by name (once per
//! cycle). A scoped
//! alias (`targets: [{formats, given}]`) expands to every target's paths,
//! each remembering its formats: which target applies is only known once
//! the document's format is, at lint time.
//!
//! An expanded path remembers which source string each part of its text
//! came from, so a JSONPath error in the expansion points into the rule set
//! where the offending characters were written.

use std::collections::{HashMap, HashSet};

use crate::document::format::Formats;

use super::source::Issue;
use super::syntax::{RawAlias, Text};

/// Most paths one `given` entry may expand to. Aliases can multiply
/// (`A: [#B, #B]`, `B: [#C, #C]`, ...); a rule set is untrusted input.
const MAX_EXPANSION: usize = 1000;

/// The aliases visible to a rule: the file's own, and for a rule defined
/// in an override, the override's too (shadowing the file's).
pub(super) struct AliasTable<'a> {
    /// Each alias with its definition order.
    map: HashMap<&'a str, (usize, &'a RawAlias)>,
    /// Aliases whose definitions were invalid: already reported, so a
    /// reference to one fails without a second error.
    invalid: HashSet<&'a str>,
}

/// The aliases of one scope: the valid ones and the names of invalid ones.
pub(super) type Scope<'a> = (&'a [RawAlias], &'a [String]);

impl<'a> AliasTable<'a> {
    pub fn new(scopes: &[Scope<'a>]) -> AliasTable<'a> {
        let mut map = HashMap::new();
        let mut invalid = HashSet::new();
        for (valid, broken) in scopes {
            for alias in valid.iter() {
                invalid.remove(alias.name.as_str());
                map.insert(alias.name.as_str(), (map.len(), alias));
            }
            for name in broken.iter() {
                map.remove(name.as_str());
                invalid.insert(name.as_str());
            }
        }
        AliasTable { map, invalid }
    }

    /// The issue for a cycle through `names` (each once, in reference
    /// order). It is the same whichever alias the cycle was entered from:
    /// the chain starts at, and the issue points at, the alias defined
    /// first. So the cycle is reported once, not once per alias in it and
    /// once per rule using it.
    fn cycle(&self, names: &[&'a str]) -> Issue {
        let first = (0..names.len())
            .min_by_key(|&i| self.map.get(names[i]).map(|(order, _)| *order))
            .unwrap_or(0);
        let mut chain: Vec<&str> = names[first..]
            .iter()
            .chain(&names[..first])
            .copied()
            .collect();
        chain.push(chain[0]);
        let span = self.map[chain[0]].1.key_span;
        Issue::at(span, format!("alias cycle: {}", chain.join(" → ")))
    }
}

/// One path after alias expansion.
#[derive(Debug)]
pub(super) struct Expanded<'a> {
    pub text: String,
    /// The formats this path is limited to (from scoped aliases); `None`
    /// means no limit.
    pub formats: Option<Formats>,
    pieces: Vec<Piece<'a>>,
}

/// A run of `Expanded::text` from `start` on, copied from `origin` from
/// byte `origin_index` on.
#[derive(Debug)]
struct Piece<'a> {
    start: usize,
    origin: &'a Text,
    origin_index: usize,
}

impl Expanded<'_> {
    /// The rule set offset of byte `i` of the expanded text.
    pub fn source_offset(&self, i: usize) -> u32 {
        let piece = self
            .pieces
            .iter()
            .rev()
            .find(|p| p.start <= i)
            .unwrap_or(&self.pieces[0]);
        piece
            .origin
            .offset_of(piece.origin_index + (i - piece.start))
    }
}

/// Why an expansion failed: an issue to report, or `None` when the cause
/// (an invalid alias definition) is already reported.
pub(super) type ExpandError = Option<Issue>;

/// Expands `given`. `within` names the aliases being expanded around it
/// (when checking an alias's own paths), for cycle detection.
pub(super) fn expand<'a>(
    given: &'a Text,
    table: &AliasTable<'a>,
    within: &[&'a str],
) -> Result<Vec<Expanded<'a>>, ExpandError> {
    let mut out = Vec::new();
    let mut stack = within.to_vec();
    expand_into(given, table, &mut stack, &mut out)?;
    Ok(out)
}

fn expand_into<'a>(
    given: &'a Text,
    table: &AliasTable<'a>,
    stack: &mut Vec<&'a str>,
    out: &mut Vec<Expanded<'a>>,
) -> Result<(), ExpandError> {
    let Some(reference) = given.value.strip_prefix('#') else {
        out.push(Expanded {
            text: given.value.clone(),
            formats: None,
            pieces: vec![Piece {
                start: 0,
                origin: given,
                origin_index: 0,
            }],
        });
        return Ok(());
    };
    let name_len = reference
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(reference.len());
    let (name, rest) = reference.split_at(name_len);
    let at = given.offset_of(0);
    if name.is_empty() {
        return Err(Some(Issue::new(
            at,
            "\"#\" must be followed by an alias name",
        )));
    }
    let Some(&(_, alias)) = table.map.get(name) else {
        if table.invalid.contains(name) {
            return Err(None);
        }
        return Err(Some(Issue::new(at, format!("unknown alias \"{name}\""))));
    };
    if let Some(first) = stack.iter().position(|n| *n == name) {
        return Err(Some(table.cycle(&stack[first..])));
    }
    stack.push(alias.name.as_str());
    for target in &alias.targets {
        for path in &target.given {
            let mut inner = Vec::new();
            expand_into(path, table, stack, &mut inner)?;
            for mut e in inner {
                if !rest.is_empty() {
                    e.pieces.push(Piece {
                        start: e.text.len(),
                        origin: given,
                        origin_index: 1 + name_len,
                    });
                    e.text.push_str(rest);
                }
                e.formats = intersect(e.formats, target.formats);
                out.push(e);
                if out.len() > MAX_EXPANSION {
                    return Err(Some(Issue::new(
                        at,
                        format!("alias \"{name}\" expands to more than {MAX_EXPANSION} paths"),
                    )));
                }
            }
        }
    }
    stack.pop();
    Ok(())
}

/// The formats under which both limits hold. `oas3` covers its minor
/// versions, so `oas3` and `oas3_1` together mean `oas3_1` rather than
/// nothing.
fn intersect(a: Option<Formats>, b: Option<Formats>) -> Option<Formats> {
    let (a, b) = match (a, b) {
        (None, x) | (x, None) => return x,
        (Some(a), Some(b)) => (widen(a), widen(b)),
    };
    Some(
        Formats::known_names()
            .filter_map(Formats::from_name)
            .filter(|f| a.intersects(*f) && b.intersects(*f))
            .fold(Formats::NONE, Formats::union),
    )
}

fn widen(f: Formats) -> Formats {
    if f.intersects(Formats::OAS3) {
        f.union(Formats::OAS3_0).union(Formats::OAS3_1)
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_scoped_formats_keep_the_more_specific_version() {
        let both = intersect(Some(Formats::OAS3), Some(Formats::OAS3_1)).unwrap();
        assert!(both.intersects(Formats::OAS3_1));
        assert!(!both.intersects(Formats::OAS2));
        assert!(!both.intersects(Formats::OAS3_0));
        assert_eq!(intersect(None, Some(Formats::OAS2)), Some(Formats::OAS2));
        assert!(
            intersect(Some(Formats::OAS2), Some(Formats::OAS3))
                .unwrap()
                .is_empty()
        );
    }
}
