//! Acknowledgement files: SHOULD and MAY findings a team has looked at and
//! accepts, kept in the API's repository as `.apilint-ack.yaml` so that an
//! acknowledgement is reviewed in the same pull request as the change.
//!
//! This module reads such a file (typed, with `file:line:col` errors),
//! finds it next to a linted document, marks the findings its entries match
//! ([`Finding::acknowledged`]), and says afterwards which entries matched
//! nothing (stale), which have expired, and which tried to acknowledge a
//! MUST finding. It does not decide exit codes or print anything: that is
//! the CLI's job, and rendering acknowledged findings is each renderer's.
//!
//! # The file
//!
//! ```yaml
//! acknowledgements:
//!   - rule: info-contact                  # the finding's code
//!     path: /info                         # JSON pointer, or the dotted path `-f text` prints
//!     reason: The contact is published on the developer portal.
//!     author: jane.doe@example.com
//!     expires: 2026-12-31                 # optional: the last day it holds
//!   - rule: operation-description
//!     path: /paths/~1pets/**              # `*` one segment (or part of one), `**` any depth
//!     file: api/*.yaml                    # optional: glob of the documents it applies to
//!     reason: Legacy endpoints, described in the wiki until v2.
//!     author: team-pets
//! ```
//!
//! - `acknowledgements` is the only top-level key; every entry needs
//!   `rule`, `path`, `reason` and `author`; `file` and `expires` are
//!   optional. Any other key is an error, so a misspelt `expiers` cannot
//!   silently make an entry permanent.
//! - `path` is matched against the path of the node the finding is
//!   reported at, as a whole (a finding below the node needs `/**`):
//!   - a **JSON pointer** (starts with `/`, optionally `#/`; `""` is the
//!     document root): segments are compared after RFC 6901 unescaping
//!     (`~1` is `/`, `~0` is `~`); a segment `**` matches any number of
//!     segments (zero included), and `*` inside a segment matches any run
//!     of characters within it (`x-*`). This is the form to prefer: it is
//!     unambiguous, and SARIF (`logicalLocations`) and JUnit print it.
//!   - a **dotted path** (anything else), as `-f text` prints it
//!     (`paths./pets.get.responses[200]`): compared as text with that
//!     printed path, `*` matching any run of characters except `.`, `**`
//!     any run at all. Convenient to copy from a report; keys that contain
//!     dots make it ambiguous, which is why pointers are preferred.
//! - `file` is a glob (`*` within a directory, `**` across, `{a,b}`)
//!   matched against the document's path relative to the directory of the
//!   acknowledgement file, with `/` separators (`../` for documents outside
//!   it); a URL is matched as written. Without `file` the entry applies to
//!   every document the acknowledgement file applies to.
//! - `expires` is a date, `YYYY-MM-DD` (UTC). The entry holds through that
//!   day; from the next day it acknowledges nothing and is reported as
//!   expired.
//!
//! # What is acknowledged
//!
//! A finding with severity warn (SHOULD), info (MAY) or hint is
//! acknowledged by the first unexpired entry that matches its code, path
//! and file. Error (MUST) findings are never acknowledged: an entry that
//! matches only error findings becomes an error finding itself
//! ([`ACK_MUST_CODE`], in the acknowledgement file at the entry), so the
//! mistake is reported in every format next to the findings it was meant
//! to hide. An entry that matches no finding at all is stale
//! ([`NoticeKind::Stale`]).
//!
//! # Where the file is
//!
//! [`discover`] looks for `.apilint-ack.yaml` in the linted document's
//! directory, then in each parent, and stops after the repository root (a
//! directory holding `.git`) or the current directory, whichever comes
//! first, or at the file-system root when neither is an ancestor. The CLI's
//! `--ack-file` names one file for all documents instead.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use serde::de::{self, Visitor};

use crate::document::workspace::normalize;
use crate::document::{Limits, LineIndex, NodeId, PathSeg, Range, Span, Tree, Value, yaml};
use crate::engine::finding::{Acknowledgement, Finding, Severity};

/// The acknowledgement file's name.
pub const FILE_NAME: &str = ".apilint-ack.yaml";

/// The code of the finding reported for an entry that tries to acknowledge
/// MUST (error) findings only.
pub const ACK_MUST_CODE: &str = "ack-must-finding";

/// Whether `--require-ack` wants `finding` acknowledged: SHOULD (warn) and
/// MAY (info) findings that are not. Hints may be acknowledged but need
/// not be; MUST findings cannot be.
pub fn awaits_acknowledgement(finding: &Finding) -> bool {
    finding.acknowledged.is_none() && matches!(finding.severity, Severity::Warn | Severity::Info)
}

/// Acknowledgement files are short lists; anything near this is not one.
const MAX_BYTES: usize = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------
// Dates

/// A calendar date (proleptic Gregorian), as `expires` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting days a month does not have.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            s.get(r.clone())
                .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))?
                .parse()
                .ok()
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------
// Path patterns

/// An entry's `path`, compiled.
#[derive(Clone, Debug, PartialEq)]
enum PathPattern {
    /// JSON pointer segments.
    Pointer(Vec<SegmentPattern>),
    /// A pattern over the dotted path `-f text` prints.
    Dotted(String),
}

#[derive(Clone, Debug, PartialEq)]
enum SegmentPattern {
    /// `**`: any number of segments.
    AnyDepth,
    /// A segment, `*` matching any run of characters within it.
    Glob(String),
}

impl PathPattern {
    fn parse(s: &str) -> Result<PathPattern, String> {
        let pointer = s.strip_prefix('#').unwrap_or(s);
        if pointer.is_empty() {
            return Ok(PathPattern::Pointer(Vec::new()));
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            if s.starts_with('#') {
                return Err(format!(
                    "\"{s}\" is not a JSON pointer: after `#` it must start with `/`"
                ));
            }
            return Ok(PathPattern::Dotted(s.to_string()));
        };
        rest.split('/')
            .map(|token| match token {
                "**" => Ok(SegmentPattern::AnyDepth),
                t => unescape_token(t).map(SegmentPattern::Glob),
            })
            .collect::<Result<_, _>>()
            .map(PathPattern::Pointer)
    }

    fn matches(&self, path: &[PathSeg]) -> bool {
        match self {
            PathPattern::Pointer(segments) => {
                let keys: Vec<std::borrow::Cow<'_, str>> =
                    path.iter().map(PathSeg::as_key_string).collect();
                match_segments(segments, &keys)
            }
            PathPattern::Dotted(pattern) => {
                let printed = crate::output::text::dot_path(path);
                glob_text(pattern.as_bytes(), printed.as_bytes(), Some(b'.'))
            }
        }
    }
}

fn unescape_token(token: &str) -> Result<String, String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => {
                    return Err(format!(
                        "invalid escape in JSON pointer segment \"{token}\": only ~0 (for ~) and ~1 (for /) are allowed"
                    ));
                }
            },
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Whether pointer segment patterns match a path's keys, by dynamic
/// programming over (pattern, key) positions, so that many `**` cannot
/// make it exponential.
fn match_segments(patterns: &[SegmentPattern], keys: &[std::borrow::Cow<'_, str>]) -> bool {
    // reach[j]: keys[..j] is matched by the patterns consumed so far.
    let mut reach = vec![false; keys.len() + 1];
    reach[0] = true;
    for pattern in patterns {
        let mut next = vec![false; keys.len() + 1];
        match pattern {
            SegmentPattern::AnyDepth => {
                let mut any = false;
                for j in 0..=keys.len() {
                    any |= reach[j];
                    next[j] = any;
                }
            }
            SegmentPattern::Glob(p) => {
                for j in 0..keys.len() {
                    next[j + 1] = reach[j] && glob_text(p.as_bytes(), keys[j].as_bytes(), None);
                }
            }
        }
        reach = next;
    }
    reach[keys.len()]
}

/// Wildcard matching of `text` against `pattern`: `*` matches any run of
/// bytes other than `stop`, `**` any run at all; everything else is
/// literal. Dynamic programming over (pattern, text) positions: polynomial
/// whatever the pattern.
fn glob_text(pattern: &[u8], text: &[u8], stop: Option<u8>) -> bool {
    let (p_len, t_len) = (pattern.len(), text.len());
    // reach[j]: text[..j] is matched by the pattern consumed so far.
    let mut reach = vec![false; t_len + 1];
    reach[0] = true;
    let mut i = 0;
    while i < p_len {
        if pattern[i] == b'*' {
            let double = pattern.get(i + 1) == Some(&b'*');
            let mut next = vec![false; t_len + 1];
            let mut carrying = false;
            for j in 0..=t_len {
                if reach[j] {
                    carrying = true;
                }
                next[j] = carrying;
                // A single star cannot run past the stop byte.
                if carrying && !double && j < t_len && Some(text[j]) == stop {
                    carrying = false;
                }
            }
            reach = next;
            i += if double { 2 } else { 1 };
        } else {
            let mut next = vec![false; t_len + 1];
            for j in 0..t_len {
                next[j + 1] = reach[j] && text[j] == pattern[i];
            }
            reach = next;
            i += 1;
        }
    }
    reach[t_len]
}

// ---------------------------------------------------------------------------
// The typed file

/// `.apilint-ack.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping with an `acknowledgements` list"
)]
struct RawFile {
    acknowledgements: Vec<RawEntry>,
}

/// One entry as written; each field's own type checks its syntax, so an
/// error points at the value.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an acknowledgement: a mapping with rule, path, reason and author"
)]
struct RawEntry {
    rule: NonBlank,
    path: RawPath,
    #[serde(default)]
    file: Option<RawGlob>,
    reason: NonBlank,
    author: NonBlank,
    #[serde(default)]
    expires: Option<RawDate>,
}

/// Implements `Deserialize` for a string newtype through `parse`, so that
/// its errors are raised while the value is deserialized (and so carry the
/// value's position).
macro_rules! string_value {
    ($ty:ident, $expecting:literal, $parse:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$ty, E> {
                        let parse: fn(&str) -> Result<$ty, String> = $parse;
                        parse(s).map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

#[derive(Debug)]
struct NonBlank(String);
string_value!(NonBlank, "a non-empty string", |s| {
    if s.trim().is_empty() {
        Err("must not be empty".to_string())
    } else {
        Ok(NonBlank(s.to_string()))
    }
});

#[derive(Debug)]
struct RawPath(String, PathPattern);
string_value!(
    RawPath,
    "a JSON pointer (`/paths/~1pets/get`) or a dotted path (`paths./pets.get`)",
    |s| PathPattern::parse(s).map(|p| RawPath(s.to_string(), p))
);

#[derive(Debug)]
struct RawGlob(GlobMatcher);
string_value!(RawGlob, "a file glob such as `api/*.yaml`", |s| {
    GlobBuilder::new(s)
        .literal_separator(true)
        .build()
        .map(|g| RawGlob(g.compile_matcher()))
        .map_err(|e| format!("invalid file glob: {e}"))
});

#[derive(Debug)]
struct RawDate(Date);
string_value!(RawDate, "a date, YYYY-MM-DD", |s| {
    Date::parse(s)
        .map(RawDate)
        .ok_or_else(|| format!("\"{s}\" is not a date: expected YYYY-MM-DD, e.g. 2026-12-31"))
});

// ---------------------------------------------------------------------------
// A serde deserializer over the span-preserving tree

/// A deserialization error and the span it is about: the innermost node
/// that saw it (a mapping key for unknown fields, the mapping for missing
/// ones, the value for wrong types and bad values).
#[derive(Debug)]
struct DeError {
    message: String,
    span: Option<Span>,
}

impl DeError {
    fn at(mut self, span: Span) -> DeError {
        self.span.get_or_insert(span);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            span: None,
        }
    }

    /// serde's sentence, with YAML's word for a missing value: `null`, not
    /// Rust's "unit value".
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let unexpected = match unexpected {
            de::Unexpected::Unit => "null".to_string(),
            other => other.to_string(),
        };
        de::Error::custom(format!("invalid type: {unexpected}, expected {expected}"))
    }
}

/// Deserializes one node of a [`Tree`]. Values are handed to visitors as
/// they are in the tree (YAML 1.2 scalars: `2026-12-31` is a string).
struct NodeDe<'t> {
    tree: &'t Tree,
    id: NodeId,
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.tree.node(self.id);
        let result = match &node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(SeqDe {
                tree: self.tree,
                items: items.iter(),
            }),
            Value::Object(members) => visitor.visit_map(MapDe {
                tree: self.tree,
                members: members.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(node.span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.tree.value(self.id) {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

struct SeqDe<'t> {
    tree: &'t Tree,
    items: std::slice::Iter<'t, NodeId>,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(&id) => seed
                .deserialize(NodeDe {
                    tree: self.tree,
                    id,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

struct MapDe<'t> {
    tree: &'t Tree,
    members: std::slice::Iter<'t, crate::document::Member>,
    value: Option<NodeId>,
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(member) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(member.value);
        // An unknown key is reported at the key.
        seed.deserialize(KeyDe { key: &member.key })
            .map(Some)
            .map_err(|e| e.at(member.key_span))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let id = self
            .value
            .take()
            .expect("serde asks for a value after its key");
        seed.deserialize(NodeDe {
            tree: self.tree,
            id,
        })
    }
}

/// A mapping key: always a string.
struct KeyDe<'k> {
    key: &'k str,
}

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.key)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

// ---------------------------------------------------------------------------
// Loaded files

/// One problem in an acknowledgement file, 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// An acknowledgement file that cannot be used. Its `Display` is one
/// `file:line:col: message` line per problem (or the read error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AckFileError {
    Read {
        name: String,
        message: String,
    },
    Invalid {
        name: String,
        problems: Vec<Problem>,
    },
}

impl fmt::Display for AckFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AckFileError::Read { name, message } => {
                write!(f, "cannot read acknowledgement file {name}: {message}")
            }
            AckFileError::Invalid { name, problems } => {
                write!(f, "invalid acknowledgement file {name}:")?;
                for p in problems {
                    write!(f, "\n{name}:{}:{}: {}", p.line, p.column, p.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for AckFileError {}

/// One entry, ready to match.
#[derive(Debug)]
struct Entry {
    rule: String,
    /// As written, for messages.
    path_text: String,
    path: PathPattern,
    file: Option<GlobMatcher>,
    expires: Option<Date>,
    /// The entry's mapping, for the finding reported against it.
    span: Span,
    range: Range,
    note: Arc<Acknowledgement>,
}

/// A parsed acknowledgement file.
#[derive(Debug)]
pub struct AckFile {
    /// As named to the user.
    pub name: String,
    /// The absolute directory `file` globs are relative to.
    dir: PathBuf,
    entries: Vec<Entry>,
}

impl AckFile {
    /// Reads and parses the file at `path`. `name` is how messages call it;
    /// relative paths are taken against `cwd`.
    pub fn load(path: &Path, name: &str, cwd: &Path) -> Result<AckFile, AckFileError> {
        let bytes = std::fs::read(path).map_err(|e| AckFileError::Read {
            name: name.to_string(),
            message: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| AckFileError::Read {
            name: name.to_string(),
            message: "not UTF-8 text".to_string(),
        })?;
        let absolute = normalize(&cwd.join(path));
        let dir = absolute.parent().unwrap_or(Path::new("/"));
        AckFile::parse(name, dir, &text)
    }

    /// Parses the text of an acknowledgement file whose `file` globs are
    /// relative to `dir` (absolute).
    pub fn parse(name: &str, dir: &Path, text: &str) -> Result<AckFile, AckFileError> {
        let index = LineIndex::new(text);
        let problem = |span: Span, message: String| {
            let p = index.position(text, span.start as usize);
            Problem {
                line: p.line + 1,
                column: p.character + 1,
                message,
            }
        };
        let invalid = |problems| AckFileError::Invalid {
            name: name.to_string(),
            problems,
        };
        let limits = Limits {
            max_bytes: MAX_BYTES,
            ..Limits::default()
        };
        if text.len() > MAX_BYTES {
            return Err(invalid(vec![problem(
                Span::EMPTY,
                format!("larger than {MAX_BYTES} bytes; this is not an acknowledgement file"),
            )]));
        }
        let parsed = yaml::parse_yaml(text, &limits)
            .map_err(|e| invalid(vec![problem(e.span, e.message)]))?;
        // A duplicate key silently drops a value (a second `expires`, a
        // second `reason`): never what the author meant, so every parser
        // diagnostic is an error here.
        if !parsed.diagnostics.is_empty() {
            return Err(invalid(
                parsed
                    .diagnostics
                    .iter()
                    .map(|d| problem(d.span, d.message.clone()))
                    .collect(),
            ));
        }
        let tree = parsed.tree;
        let raw = RawFile::deserialize(NodeDe {
            tree: &tree,
            id: tree.root,
        })
        .map_err(|e| invalid(vec![problem(e.span.unwrap_or(Span::EMPTY), e.message)]))?;
        // serde gives no positions back: the entries' spans come from the
        // tree, in the same order as the list serde read.
        let items: &[NodeId] = match tree
            .get(tree.root, "acknowledgements")
            .map(|id| tree.value(id))
        {
            Some(Value::Array(items)) => items,
            _ => &[],
        };
        let entries = raw
            .acknowledgements
            .into_iter()
            .zip(items)
            .map(|(e, &id)| {
                let span = tree.node(id).span;
                let range = index.range(text, span);
                Entry {
                    note: Arc::new(Acknowledgement {
                        reason: e.reason.0,
                        author: e.author.0,
                        expires: e.expires.as_ref().map(|d| d.0.to_string()),
                        file: name.to_string(),
                        line: range.start.line + 1,
                        column: range.start.character + 1,
                    }),
                    rule: e.rule.0,
                    path_text: e.path.0,
                    path: e.path.1,
                    file: e.file.map(|g| g.0),
                    expires: e.expires.map(|d| d.0),
                    span,
                    range,
                }
            })
            .collect();
        Ok(AckFile {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            entries,
        })
    }

    /// How many entries the file has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether entry `e` is about `finding` (code, path and file), ignoring
    /// severity and expiry.
    fn matches(&self, e: &Entry, finding: &Finding, cwd: &Path) -> bool {
        e.rule == finding.code
            && e.path.matches(&finding.path)
            && e.file
                .as_ref()
                .is_none_or(|glob| glob.is_match(relative_source(&finding.source, cwd, &self.dir)))
    }
}

/// `source` (a finding's file as named to the user) relative to `dir`, with
/// `/` separators; URLs as they are.
fn relative_source(source: &str, cwd: &Path, dir: &Path) -> String {
    if source.contains("://") {
        return source.to_string();
    }
    let absolute = normalize(&cwd.join(source));
    let mut from: Vec<_> = dir.components().collect();
    let mut to: Vec<_> = absolute.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = from.split_off(common).len();
    let rest = to.split_off(common);
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(
        rest.iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Looks for [`FILE_NAME`] in `start` and its parents, stopping after the
/// repository root (a directory with `.git`) or `cwd`, whichever comes
/// first. Both paths should be absolute.
pub fn discover(start: &Path, cwd: &Path) -> Option<PathBuf> {
    let cwd = normalize(cwd);
    let mut dir = normalize(start);
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir == cwd || dir.join(".git").exists() {
            return None;
        }
        if !dir.pop() {
            return None;
        }
    }
}

// ---------------------------------------------------------------------------
// Applying acknowledgements over a run

/// What one entry matched over the run.
#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    /// Non-error findings it acknowledged or, if another entry came first,
    /// could have.
    matched: usize,
    /// Error findings it matched (and could not acknowledge).
    errors: usize,
}

/// The acknowledgement files of one run and what their entries matched.
#[derive(Debug)]
pub struct Acknowledger {
    files: Vec<AckFile>,
    usage: Vec<Vec<Usage>>,
    today: Date,
}

/// Something to tell the user about an entry that did not do its job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AckNotice {
    /// The acknowledgement file, as named to the user.
    pub file: String,
    /// 1-based position of the entry.
    pub line: u32,
    pub column: u32,
    pub rule: String,
    /// The entry's `path`, as written.
    pub path: String,
    pub kind: NoticeKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// The entry matched no finding: the problem was fixed, the rule or the
    /// path changed, or the entry never matched. It should be removed.
    Stale,
    /// The entry's last day has passed; `findings` SHOULD/MAY findings it
    /// matches are reported as unacknowledged again.
    Expired { on: Date, findings: usize },
}

impl AckNotice {
    /// What is wrong with the entry: `matches no finding (stale); remove
    /// it`, `expired on 2026-01-31; 2 findings are no longer acknowledged`.
    pub fn problem(&self) -> String {
        match &self.kind {
            NoticeKind::Stale => "matches no finding (stale); remove it".to_string(),
            NoticeKind::Expired { on, findings: 0 } => {
                format!("expired on {on} and matches no finding; remove it")
            }
            NoticeKind::Expired { on, findings } => format!(
                "expired on {on}; {findings} finding{} no longer acknowledged",
                if *findings == 1 { " is" } else { "s are" }
            ),
        }
    }

    /// The sentence after `file:line:col:`, e.g. for stderr.
    pub fn message(&self) -> String {
        format!(
            "acknowledgement of {} at {} {}",
            self.rule,
            self.path,
            self.problem()
        )
    }
}

impl fmt::Display for AckNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file,
            self.line,
            self.column,
            self.message()
        )
    }
}

/// What the acknowledgement files say about a finished run.
#[derive(Debug, Default)]
pub struct AckOutcome {
    /// One [`ACK_MUST_CODE`] error finding per entry that matched only MUST
    /// findings, located in the acknowledgement file.
    pub findings: Vec<Finding>,
    /// Stale and expired entries, in file and entry order.
    pub notices: Vec<AckNotice>,
}

impl Acknowledger {
    /// `today` decides which entries have expired.
    pub fn new(today: Date) -> Acknowledger {
        Acknowledger {
            files: Vec::new(),
            usage: Vec::new(),
            today,
        }
    }

    /// Adds a file; the returned index is what [`Acknowledger::apply`]
    /// takes for the documents it applies to.
    pub fn add(&mut self, file: AckFile) -> usize {
        self.usage.push(vec![Usage::default(); file.entries.len()]);
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn files(&self) -> &[AckFile] {
        &self.files
    }

    /// Marks every SHOULD/MAY/hint finding that an unexpired entry of file
    /// `index` matches as acknowledged (the first such entry wins), and
    /// counts what each entry matched. `cwd` is what relative finding
    /// sources are relative to.
    pub fn apply(&mut self, index: usize, findings: &mut [Finding], cwd: &Path) {
        let file = &self.files[index];
        let usage = &mut self.usage[index];
        for finding in findings.iter_mut() {
            for (e, used) in file.entries.iter().zip(usage.iter_mut()) {
                if !file.matches(e, finding, cwd) {
                    continue;
                }
                if finding.severity == Severity::Error {
                    used.errors += 1;
                    continue;
                }
                used.matched += 1;
                let expired = e.expires.is_some_and(|last| self.today > last);
                if !expired && finding.acknowledged.is_none() {
                    finding.acknowledged = Some(Arc::clone(&e.note));
                }
            }
        }
    }

    /// The verdict on every entry once all findings were applied.
    pub fn finish(&self) -> AckOutcome {
        let mut out = AckOutcome::default();
        for (file, usage) in self.files.iter().zip(&self.usage) {
            for (i, (e, used)) in file.entries.iter().zip(usage).enumerate() {
                let notice = |kind| AckNotice {
                    file: file.name.clone(),
                    line: e.note.line,
                    column: e.note.column,
                    rule: e.rule.clone(),
                    path: e.path_text.clone(),
                    kind,
                };
                if used.errors > 0 && used.matched == 0 {
                    out.findings.push(Finding {
                        code: ACK_MUST_CODE.to_string(),
                        message: format!(
                            "MUST findings cannot be acknowledged: {} at {} is an error (matched {} finding{}); fix the document instead",
                            e.rule,
                            e.path_text,
                            used.errors,
                            if used.errors == 1 { "" } else { "s" }
                        ),
                        severity: Severity::Error,
                        path: vec![
                            PathSeg::Key("acknowledgements".to_string()),
                            PathSeg::Index(i),
                        ],
                        source: file.name.clone(),
                        span: e.span,
                        range: e.range,
                        documentation_url: None,
                        acknowledged: None,
                    });
                } else if let Some(on) = e.expires.filter(|last| self.today > *last) {
                    out.notices.push(notice(NoticeKind::Expired {
                        on,
                        findings: used.matched,
                    }));
                } else if used.matched == 0 {
                    out.notices.push(notice(NoticeKind::Stale));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Position, Span};

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_string())
    }

    fn finding(code: &str, severity: Severity, path: Vec<PathSeg>) -> Finding {
        Finding {
            code: code.to_string(),
            message: "m".to_string(),
            severity,
            path,
            source: "api/openapi.yaml".to_string(),
            span: Span::EMPTY,
            range: Range {
                start: Position {
                    line: 0,
                    character: 0,
                },
                end: Position {
                    line: 0,
                    character: 0,
                },
            },
            documentation_url: None,
            acknowledged: None,
        }
    }

    fn parse(text: &str) -> Result<AckFile, AckFileError> {
        AckFile::parse(".apilint-ack.yaml", Path::new("/repo"), text)
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Err(AckFileError::Invalid { problems, .. }) => problems
                .iter()
                .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
                .collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    fn entry(rule: &str, path: &str) -> String {
        format!("  - rule: {rule}\n    path: \"{path}\"\n    reason: r\n    author: a\n")
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 15,
    };

    #[test]
    fn dates_are_checked_and_compared() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024-01-32",
            "2024/01/01",
            "2024-01-01T00:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2026-06-16").unwrap() > TODAY);
        assert_eq!(Date::parse("2026-06-15").unwrap().to_string(), "2026-06-15");
    }

    #[test]
    fn days_since_the_epoch_become_civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(19_723).to_string(),
            "2024-01-01"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_513).to_string(),
            "2026-03-01"
        );
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn pointer_patterns_match_whole_paths_with_wildcards() {
        let p = |s: &str| PathPattern::parse(s).unwrap();
        let path = vec![
            key("paths"),
            key("/pets/{id}"),
            key("get"),
            key("responses"),
            key("200"),
        ];
        assert!(p("/paths/~1pets~1{id}/get/responses/200").matches(&path));
        assert!(p("#/paths/~1pets~1{id}/get/responses/200").matches(&path));
        assert!(
            !p("/paths/~1pets~1{id}/get").matches(&path),
            "whole path only"
        );
        assert!(p("/paths/~1pets~1{id}/get/**").matches(&path));
        assert!(p("/paths/*/get/responses/*").matches(&path));
        assert!(p("/paths/~1pets*/**").matches(&path));
        assert!(p("/**/200").matches(&path));
        assert!(p("/**").matches(&path));
        assert!(!p("/paths/*/responses/200").matches(&path));
        assert!(p("/tags/0/name").matches(&[key("tags"), PathSeg::Index(0), key("name")]));
        assert!(p("").matches(&[]));
        assert!(!p("").matches(&[key("info")]));
        assert!(p("/a~0b").matches(&[key("a~b")]));
        // `**` at the end also matches the node itself.
        assert!(p("/info/**").matches(&[key("info")]));
    }

    #[test]
    fn dotted_patterns_match_the_printed_path() {
        let p = |s: &str| PathPattern::parse(s).unwrap();
        let get = vec![key("paths"), key("/pets"), key("get")];
        let response = vec![
            key("paths"),
            key("/pets"),
            key("get"),
            key("responses"),
            key("200"),
        ];
        assert!(p("paths./pets.get").matches(&get));
        assert!(p("paths./pets.*").matches(&get));
        assert!(!p("paths./pets.*").matches(&response), "`*` stops at a dot");
        assert!(p("paths./pets.**").matches(&response));
        assert!(p("paths./pets.get.responses[200]").matches(&response));
        assert!(p("paths.*.get.responses[*]").matches(&response));
        assert!(p("info").matches(&[key("info")]));
    }

    #[test]
    fn many_any_depth_segments_are_not_exponential() {
        let keys: Vec<PathSeg> = (0..60).map(|i| key(&format!("k{i}"))).collect();
        let pattern = PathPattern::parse(&("/**/k".repeat(20) + "/nope")).unwrap();
        assert!(!pattern.matches(&keys));
        assert!(PathPattern::parse("/**/k5/**/k59").unwrap().matches(&keys));
    }

    #[test]
    fn glob_text_has_no_exponential_case() {
        let text = "a".repeat(200);
        let pattern = "*a".repeat(50) + "b";
        assert!(!glob_text(pattern.as_bytes(), text.as_bytes(), None));
        assert!(glob_text(b"**", b"", Some(b'.')));
        assert!(glob_text(b"a*c", b"abbc", Some(b'.')));
        assert!(!glob_text(b"a*c", b"ab.c", Some(b'.')));
        assert!(glob_text(b"a**c", b"ab.c", Some(b'.')));
    }

    #[test]
    fn a_valid_file_parses_into_entries_with_positions() {
        let file = parse(
            "# acks\nacknowledgements:\n  - rule: info-contact\n    path: /info\n    file: 'api/*.yaml'\n    reason: Portal has it.\n    author: jane\n    expires: 2026-12-31\n",
        )
        .unwrap();
        assert_eq!(file.len(), 1);
        let e = &file.entries[0];
        assert_eq!(e.rule, "info-contact");
        assert_eq!(e.expires, Date::parse("2026-12-31"));
        assert_eq!((e.note.line, e.note.column), (3, 5));
        assert_eq!(e.note.reason, "Portal has it.");
        assert_eq!(e.note.expires.as_deref(), Some("2026-12-31"));
        assert!(parse("acknowledgements: []\n").unwrap().is_empty());
    }

    #[test]
    fn bad_files_are_errors_at_the_offending_place() {
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: a\n    path: /x\n    reason: r\n    author: me\n    expiers: 2020-01-01\n"
            ),
            [
                "6:5: unknown field `expiers`, expected one of `rule`, `path`, `file`, `reason`, `author`, `expires`"
            ]
        );
        assert_eq!(
            problems("acknowledgements:\n  - rule: a\n    path: /x\n    reason: r\n"),
            ["2:5: missing field `author`"]
        );
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: a\n    path: /x\n    reason: '  '\n    author: me\n"
            ),
            ["4:13: must not be empty"]
        );
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: a\n    path: /x\n    reason: r\n    author: me\n    expires: 2020-02-30\n"
            ),
            ["6:14: \"2020-02-30\" is not a date: expected YYYY-MM-DD, e.g. 2026-12-31"]
        );
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: 5\n    path: /x\n    reason: r\n    author: me\n"
            ),
            ["2:11: invalid type: integer `5`, expected a non-empty string"]
        );
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: a\n    path: /x~2\n    reason: r\n    author: me\n"
            ),
            [
                "3:11: invalid escape in JSON pointer segment \"x~2\": only ~0 (for ~) and ~1 (for /) are allowed"
            ]
        );
        assert_eq!(
            problems(
                "acknowledgements:\n  - rule: a\n    path: /x\n    file: 'a/{b'\n    reason: r\n    author: me\n"
            ),
            [
                "4:11: invalid file glob: error parsing glob 'a/{b': unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
            ]
        );
        assert_eq!(
            problems("acknowledgement:\n  - rule: a\n"),
            ["1:1: unknown field `acknowledgement`, expected `acknowledgements`"]
        );
        assert_eq!(
            problems(""),
            ["1:1: invalid type: null, expected a mapping with an `acknowledgements` list"]
        );
        assert_eq!(
            problems("acknowledgements:\n  - rule: a\n    rule: b\n    path: /x\n    reason: r\n    author: me\n").len(),
            1
        );
        assert_eq!(problems("acknowledgements: [\n").len(), 1);
        let text = "acknowledgements:\n  - rule: a\n";
        let err = AckFile::parse("acks.yaml", Path::new("/"), text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid acknowledgement file acks.yaml:\nacks.yaml:2:5: missing field `path`"
        );
    }

    #[test]
    fn should_and_may_findings_are_acknowledged_must_findings_never() {
        let text = format!(
            "acknowledgements:\n{}{}{}",
            entry("info-contact", "/info"),
            entry("operation-operationId", "/paths/*/get"),
            entry("gone", "/nowhere"),
        );
        let mut acks = Acknowledger::new(TODAY);
        let index = acks.add(parse(&text).unwrap());
        let mut findings = vec![
            finding("info-contact", Severity::Warn, vec![key("info")]),
            finding(
                "operation-operationId",
                Severity::Error,
                vec![key("paths"), key("/pets"), key("get")],
            ),
            finding("info-contact", Severity::Warn, vec![key("other")]),
        ];
        acks.apply(index, &mut findings, Path::new("/repo"));
        let note = findings[0].acknowledged.as_ref().unwrap();
        assert_eq!((note.line, note.column, note.author.as_str()), (2, 5, "a"));
        assert!(findings[1].acknowledged.is_none());
        assert!(findings[2].acknowledged.is_none());

        let outcome = acks.finish();
        assert_eq!(outcome.findings.len(), 1);
        let must = &outcome.findings[0];
        assert_eq!(must.code, ACK_MUST_CODE);
        assert_eq!(must.severity, Severity::Error);
        assert_eq!(must.source, ".apilint-ack.yaml");
        assert_eq!(must.range.start.line, 5, "0-based line of the second entry");
        assert_eq!(must.path, vec![key("acknowledgements"), PathSeg::Index(1)]);
        assert_eq!(
            outcome.notices,
            [AckNotice {
                file: ".apilint-ack.yaml".into(),
                line: 10,
                column: 5,
                rule: "gone".into(),
                path: "/nowhere".into(),
                kind: NoticeKind::Stale,
            }]
        );
        assert_eq!(
            outcome.notices[0].to_string(),
            ".apilint-ack.yaml:10:5: acknowledgement of gone at /nowhere matches no finding (stale); remove it"
        );
    }

    #[test]
    fn expired_entries_acknowledge_nothing_and_are_reported() {
        let text = "acknowledgements:\n  - rule: info-contact\n    path: /info\n    reason: r\n    author: a\n    expires: 2026-06-14\n  - rule: info-description\n    path: /info\n    reason: r\n    author: a\n    expires: 2026-06-15\n";
        let mut acks = Acknowledger::new(TODAY);
        let index = acks.add(parse(text).unwrap());
        let mut findings = vec![
            finding("info-contact", Severity::Warn, vec![key("info")]),
            finding("info-description", Severity::Info, vec![key("info")]),
        ];
        acks.apply(index, &mut findings, Path::new("/repo"));
        assert!(findings[0].acknowledged.is_none(), "expired yesterday");
        assert!(
            findings[1].acknowledged.is_some(),
            "holds through its last day"
        );
        let outcome = acks.finish();
        assert!(outcome.findings.is_empty());
        assert_eq!(
            outcome.notices[0].message(),
            "acknowledgement of info-contact at /info expired on 2026-06-14; 1 finding is no longer acknowledged"
        );
        assert_eq!(outcome.notices.len(), 1);
    }

    #[test]
    fn file_globs_are_relative_to_the_acknowledgement_file() {
        let text = "acknowledgements:\n  - rule: r\n    path: /x\n    file: 'api/*.yaml'\n    reason: r\n    author: a\n";
        let mut acks = Acknowledger::new(TODAY);
        let index = acks.add(parse(text).unwrap());
        let mut f = |source: &str, cwd: &str| {
            let mut findings = vec![finding("r", Severity::Hint, vec![key("x")])];
            findings[0].source = source.to_string();
            acks.apply(index, &mut findings, Path::new(cwd));
            findings[0].acknowledged.is_some()
        };
        assert!(f("api/openapi.yaml", "/repo"));
        assert!(f("openapi.yaml", "/repo/api"));
        assert!(f("/repo/api/openapi.yaml", "/elsewhere"));
        assert!(
            !f("api/v1/openapi.yaml", "/repo"),
            "`*` stays in its directory"
        );
        assert!(!f("openapi.yaml", "/repo"));
        assert_eq!(
            relative_source(
                "../shared/s.yaml",
                Path::new("/repo/api"),
                Path::new("/repo/api")
            ),
            "../shared/s.yaml"
        );
        assert_eq!(
            relative_source(
                "https://x.io/s.yaml",
                Path::new("/repo"),
                Path::new("/repo")
            ),
            "https://x.io/s.yaml"
        );
    }

    #[test]
    fn discovery_walks_up_to_the_repository_root_or_the_current_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("repo/api/v1")).unwrap();
        std::fs::write(root.join(FILE_NAME), "acknowledgements: []\n").unwrap();
        // Above the repository root: not found from inside the repository.
        assert_eq!(
            discover(&root.join("repo/api/v1"), &root.join("elsewhere")),
            None
        );
        std::fs::write(root.join("repo").join(FILE_NAME), "acknowledgements: []\n").unwrap();
        assert_eq!(
            discover(&root.join("repo/api/v1"), &root.join("elsewhere")),
            Some(root.join("repo").join(FILE_NAME))
        );
        // The current directory stops the walk too.
        assert_eq!(
            discover(&root.join("repo/api/v1"), &root.join("repo/api")),
            None
        );
        std::fs::write(root.join("repo/api/v1").join(FILE_NAME), "").unwrap();
        assert_eq!(
            discover(&root.join("repo/api/v1"), &root.join("repo/api")),
            Some(root.join("repo/api/v1").join(FILE_NAME))
        );
    }
}
