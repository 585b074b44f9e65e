//! The JSON parser (RFC 8259): text in, span-preserving arena [`Tree`] out.
//!
//! It is hand-written because JSON specs are large (the GitHub API
//! description is 5.7 MB on one line) and this is the path every `.json`
//! file takes: one pass over the bytes, nodes pushed straight into the arena,
//! no intermediate value tree, no recursion. Open containers live on an
//! explicit stack, so nesting depth costs heap and is capped by
//! [`Limits::max_depth`] instead of overflowing the thread's stack.
//!
//! Children of open containers are collected on two shared scratch stacks
//! (one of node ids, one of members) and moved into their container's boxed
//! slice when it closes, so a container costs one allocation, not a growing
//! `Vec` each.
//!
//! Duplicate keys follow `JSON.parse`: the last value wins, the earlier
//! member is dropped, and a `Duplicate key: NAME` diagnostic (Spectral's
//! wording) points at the later key. [`MemberStack`], which implements that,
//! is shared with the YAML parser.
//!
//! Not handled here: JSON5, comments and trailing commas are errors (with a
//! message saying so); choosing between JSON and YAML is
//! [`super::Document::parse`]'s job.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::tree::{Member, Node, NodeId, Span, Tree, Value};
use super::{Diagnostic, DiagnosticSeverity, Limits, ParseError, Parsed};

/// Parses a JSON text into a tree. A leading byte order mark is skipped.
pub fn parse_json(text: &str, limits: &Limits) -> Result<Parsed, ParseError> {
    check_size(text)?;
    Parser::new(text, limits).run()
}

/// Spans are `u32` byte offsets; refuse anything they cannot address.
pub(super) fn check_size(text: &str) -> Result<(), ParseError> {
    if text.len() > u32::MAX as usize {
        return Err(ParseError {
            message: format!(
                "document is {} bytes, more than spans can address",
                text.len()
            ),
            span: Span::EMPTY,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Members of open mappings, with duplicate-key detection (shared with YAML).
// ---------------------------------------------------------------------------

/// Up to this many members, finding a duplicate key is a backwards linear
/// scan; a larger mapping gets a hash index. Most mappings in API
/// descriptions are small, and for them hashing costs more than comparing.
const LINEAR_SCAN_MAX: usize = 8;

/// The scratch state of one open mapping inside a [`MemberStack`].
#[derive(Debug)]
pub(super) struct OpenMapping {
    /// Where this mapping's members start in [`MemberStack::members`].
    base: usize,
    /// Where this mapping's superseded members start in [`MemberStack::dead`].
    dead_base: usize,
    /// Key hash -> index of the latest member with that hash; built once
    /// the mapping outgrows [`LINEAR_SCAN_MAX`].
    index: Option<FxHashMap<u64, u32>>,
}

/// The result of [`MemberStack::find`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Lookup {
    /// Index (for [`MemberStack::remove`]) of the live member with the same key.
    pub(super) previous: Option<usize>,
    hash: u64,
}

/// Members of all open mappings of one parse, as one stack.
///
/// Mappings nest strictly, so the innermost open mapping always owns the
/// top of the stack. A superseded member (an earlier duplicate) is not
/// removed at once, which would shift the indices the hash index holds;
/// it is recorded as dead and filtered out when its mapping closes.
#[derive(Debug, Default)]
pub(super) struct MemberStack {
    members: Vec<Member>,
    dead: Vec<u32>,
    spare_indexes: Vec<FxHashMap<u64, u32>>,
}

impl MemberStack {
    pub(super) fn open(&self) -> OpenMapping {
        OpenMapping {
            base: self.members.len(),
            dead_base: self.dead.len(),
            index: None,
        }
    }

    /// The member of `map` keyed `key`, if there is one.
    ///
    /// Only the latest member with a given key can be live (earlier ones
    /// were removed when it was pushed), which is why the scans go backwards.
    pub(super) fn find(&mut self, map: &mut OpenMapping, key: &str) -> Lookup {
        let count = self.members.len() - map.base;
        if map.index.is_none() {
            if count < LINEAR_SCAN_MAX {
                let previous = self.members[map.base..]
                    .iter()
                    .rposition(|m| &*m.key == key)
                    .map(|i| map.base + i);
                return Lookup { previous, hash: 0 };
            }
            let mut index = self.spare_indexes.pop().unwrap_or_default();
            for (i, m) in self.members.iter().enumerate().skip(map.base) {
                index.insert(FxBuildHasher.hash_one(&*m.key), i as u32);
            }
            map.index = Some(index);
        }
        let hash = FxBuildHasher.hash_one(key);
        let index = map.index.as_ref().expect("index was built above");
        let previous = match index.get(&hash) {
            None => None,
            Some(&i) if &*self.members[i as usize].key == key => Some(i as usize),
            // A hash collision between different keys: rare enough that a
            // scan is the simplest correct answer.
            Some(_) => self.members[map.base..]
                .iter()
                .rposition(|m| &*m.key == key)
                .map(|i| map.base + i),
        };
        Lookup { previous, hash }
    }

    /// Appends a member and returns its index; `lookup` must come from
    /// [`Self::find`] for the same key.
    pub(super) fn push(&mut self, map: &mut OpenMapping, member: Member, lookup: Lookup) -> usize {
        let at = self.members.len();
        if let Some(index) = &mut map.index {
            index.insert(lookup.hash, at as u32);
        }
        self.members.push(member);
        at
    }

    /// Drops member `index` (from [`Lookup::previous`]) when `map` closes.
    pub(super) fn remove(&mut self, index: usize) {
        self.dead.push(index as u32);
    }

    /// Adds a member the way `JSON.parse` does: a repeated key replaces the
    /// earlier member, and the repetition is reported at the later key.
    pub(super) fn insert_last_wins(
        &mut self,
        map: &mut OpenMapping,
        member: Member,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let lookup = self.find(map, &member.key);
        if let Some(previous) = lookup.previous {
            self.remove(previous);
            diagnostics.push(Diagnostic {
                message: format!("Duplicate key: {}", member.key),
                span: member.key_span,
                severity: DiagnosticSeverity::Error,
            });
        }
        self.push(map, member, lookup);
    }

    /// Closes `map`, returning its live members in source order.
    pub(super) fn close(&mut self, map: OpenMapping) -> Vec<Member> {
        let dead = &mut self.dead[map.dead_base..];
        let members: Vec<Member> = if dead.is_empty() {
            // Collecting a `Drain` allocates exactly once, with no spare capacity.
            self.members.drain(map.base..).collect()
        } else {
            dead.sort_unstable();
            let mut dead = dead.iter().map(|&i| i as usize).peekable();
            let mut out = Vec::with_capacity(self.members.len() - map.base - dead.len());
            for (i, m) in self.members.drain(map.base..).enumerate() {
                if dead.peek() == Some(&(map.base + i)) {
                    dead.next();
                } else {
                    out.push(m);
                }
            }
            out
        };
        self.dead.truncate(map.dead_base);
        if let Some(mut index) = map.index {
            index.clear();
            self.spare_indexes.push(index);
        }
        members
    }
}

// ---------------------------------------------------------------------------
// The parser.
// ---------------------------------------------------------------------------

struct Frame {
    /// The container's node, reserved when it opened and filled when it closes.
    node: u32,
    /// Byte offset of the opening bracket.
    start: u32,
    kind: FrameKind,
}

enum FrameKind {
    /// Items start at `base` in [`Parser::items`].
    Array { base: usize },
    /// The key read most recently waits here for its value.
    Object {
        map: OpenMapping,
        key: Box<str>,
        key_span: Span,
    },
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    max_depth: usize,
    nodes: Vec<Node>,
    frames: Vec<Frame>,
    items: Vec<NodeId>,
    members: MemberStack,
    diagnostics: Vec<Diagnostic>,
    /// Reused for every string that contains escapes.
    unescaped: String,
}

/// What the byte after a complete value may be, for error messages.
#[derive(Clone, Copy)]
enum After {
    Value,
    Key,
    Colon,
    CommaOrClose,
    End,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, limits: &Limits) -> Parser<'t> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth: limits.max_depth,
            // Minified API descriptions run about 20-40 bytes per node;
            // reserving for the dense end avoids most regrowth copies.
            nodes: Vec::with_capacity(text.len() / 24 + 1),
            frames: Vec::new(),
            items: Vec::new(),
            members: MemberStack::default(),
            diagnostics: Vec::new(),
            unescaped: String::new(),
        }
    }

    fn run(mut self) -> Result<Parsed, ParseError> {
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        let root = self.parse_value_tree()?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.unexpected(After::End));
        }
        // The reservation in `new` overshoots for pretty-printed files; the
        // tree lives as long as its document, so give back a large excess.
        if self.nodes.capacity() - self.nodes.len() > self.nodes.len() / 4 {
            self.nodes.shrink_to_fit();
        }
        Ok(Parsed {
            tree: Tree::new(self.nodes, root),
            diagnostics: self.diagnostics,
        })
    }

    /// The main loop: parse a value; if it opened a container, go on with
    /// its first child; when a value completes, add it to the innermost open
    /// container and continue after the `,` or close that container.
    fn parse_value_tree(&mut self) -> Result<NodeId, ParseError> {
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut done = match self.bytes.get(start) {
                Some(b'{') => {
                    self.open(start, true)?;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                        self.close()
                    } else {
                        self.key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.open(start, false)?;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                        self.close()
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let s = self.string()?;
                    self.push_node(Value::String(s), start)
                }
                Some(b'-' | b'0'..=b'9') => {
                    let v = self.number()?;
                    self.push_node(v, start)
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    let v = self.literal()?;
                    self.push_node(v, start)
                }
                _ => return Err(self.unexpected(After::Value)),
            };
            // `done` is complete: hand it to its parent, closing as many
            // containers as the input closes.
            loop {
                let Parser {
                    frames,
                    items,
                    members,
                    diagnostics,
                    ..
                } = self;
                let Some(frame) = frames.last_mut() else {
                    return Ok(done);
                };
                let is_object = match &mut frame.kind {
                    FrameKind::Array { .. } => {
                        items.push(done);
                        false
                    }
                    FrameKind::Object { map, key, key_span } => {
                        let member = Member {
                            key: std::mem::take(key),
                            key_span: *key_span,
                            value: done,
                        };
                        members.insert_last_wins(map, member, diagnostics);
                        true
                    }
                };
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws();
                        if matches!(self.bytes.get(self.pos), Some(b'}' | b']')) {
                            return Err(ParseError {
                                message: "trailing comma is not allowed in JSON".into(),
                                span: Span::new(comma, comma + 1),
                            });
                        }
                        if is_object {
                            self.key()?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if is_object => {
                        self.pos += 1;
                        done = self.close();
                    }
                    Some(b']') if !is_object => {
                        self.pos += 1;
                        done = self.close();
                    }
                    _ => return Err(self.unexpected(After::CommaOrClose)),
                }
            }
        }
    }

    /// Opens a container at `start` (its bracket), checking the depth limit.
    fn open(&mut self, start: usize, object: bool) -> Result<(), ParseError> {
        if self.frames.len() >= self.max_depth {
            return Err(ParseError {
                message: format!("nesting deeper than {} levels", self.max_depth),
                span: Span::new(start, start + 1),
            });
        }
        let node = self.nodes.len() as u32;
        self.nodes.push(Node {
            value: Value::Null,
            span: Span::EMPTY,
        });
        let kind = if object {
            FrameKind::Object {
                map: self.members.open(),
                key: Box::default(),
                key_span: Span::EMPTY,
            }
        } else {
            FrameKind::Array {
                base: self.items.len(),
            }
        };
        self.frames.push(Frame {
            node,
            start: start as u32,
            kind,
        });
        self.pos = start + 1;
        Ok(())
    }

    /// Closes the innermost container; `self.pos` is just past its bracket.
    fn close(&mut self) -> NodeId {
        let frame = self
            .frames
            .pop()
            .expect("close is only called with an open container");
        let value = match frame.kind {
            FrameKind::Array { base } => Value::Array(self.items.drain(base..).collect()),
            FrameKind::Object { map, .. } => {
                Value::Object(self.members.close(map).into_boxed_slice())
            }
        };
        self.nodes[frame.node as usize] = Node {
            value,
            span: Span {
                start: frame.start,
                end: self.pos as u32,
            },
        };
        NodeId(frame.node)
    }

    fn push_node(&mut self, value: Value, start: usize) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            value,
            span: Span::new(start, self.pos),
        });
        id
    }

    /// Reads `"key" :` into the innermost (object) frame.
    fn key(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        let start = self.pos;
        if self.bytes.get(start) != Some(&b'"') {
            return Err(self.unexpected(After::Key));
        }
        let key = self.string()?;
        let key_span = Span::new(start, self.pos);
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b':') {
            return Err(self.unexpected(After::Colon));
        }
        self.pos += 1;
        if let Some(Frame {
            kind:
                FrameKind::Object {
                    key: k,
                    key_span: ks,
                    ..
                },
            ..
        }) = self.frames.last_mut()
        {
            *k = key;
            *ks = key_span;
        }
        Ok(())
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Reads the string whose opening quote is at `self.pos`.
    fn string(&mut self) -> Result<Box<str>, ParseError> {
        let open = self.pos;
        let bytes = self.bytes;
        let mut i = find_special(bytes, open + 1);
        if bytes.get(i) == Some(&b'"') {
            // No escapes: the source slice is the value.
            self.pos = i + 1;
            return Ok(Box::from(&self.text[open + 1..i]));
        }
        let mut out = std::mem::take(&mut self.unescaped);
        out.clear();
        out.push_str(&self.text[open + 1..i]);
        loop {
            match bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => i = self.escape(i, &mut out)?,
                Some(&b) if b < 0x20 => {
                    let hint = match b {
                        b'\n' => " (a string cannot span lines; write a line break as \\n)",
                        b'\t' => " (write a tab as \\t)",
                        b'\r' => " (write a carriage return as \\r)",
                        _ => "",
                    };
                    return Err(ParseError {
                        message: format!("control character U+{b:04X} in string{hint}"),
                        span: Span::new(i, i + 1),
                    });
                }
                _ => {
                    return Err(ParseError {
                        message: "unterminated string".into(),
                        span: Span::new(open, bytes.len()),
                    });
                }
            }
            let next = find_special(bytes, i);
            out.push_str(&self.text[i..next]);
            i = next;
        }
        self.pos = i + 1;
        let value = Box::from(out.as_str());
        self.unescaped = out;
        Ok(value)
    }

    /// Decodes the escape whose backslash is at `i` into `out`; returns the
    /// offset just past it.
    fn escape(&self, i: usize, out: &mut String) -> Result<usize, ParseError> {
        let bytes = self.bytes;
        let c = match bytes.get(i + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = self.hex4(i)?;
                if (0xD800..0xDC00).contains(&high) {
                    // A high surrogate is only meaningful followed by a low one;
                    // alone it cannot be represented in a Rust string.
                    if bytes.get(i + 6) == Some(&b'\\') && bytes.get(i + 7) == Some(&b'u') {
                        let low = self.hex4(i + 6)?;
                        if (0xDC00..0xE000).contains(&low) {
                            let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                            return Ok(i + 12);
                        }
                    }
                    out.push('\u{FFFD}');
                } else {
                    // Lone low surrogates land here as `None` too.
                    out.push(char::from_u32(high).unwrap_or('\u{FFFD}'));
                }
                return Ok(i + 6);
            }
            None => {
                return Err(ParseError {
                    message: "unterminated string".into(),
                    span: Span::new(i, bytes.len()),
                });
            }
            Some(_) => {
                let c = self.text[i + 1..].chars().next().unwrap_or(' ');
                let shown = if c.is_control() {
                    format!("U+{:04X}", c as u32)
                } else {
                    c.to_string()
                };
                return Err(ParseError {
                    message: format!("invalid escape \\{shown}"),
                    span: Span::new(i, i + 1 + c.len_utf8()),
                });
            }
        };
        out.push(c);
        Ok(i + 2)
    }

    /// The four hex digits of the `\u` escape at `i`.
    fn hex4(&self, i: usize) -> Result<u32, ParseError> {
        let mut v = 0u32;
        for k in 0..4 {
            let d = self
                .bytes
                .get(i + 2 + k)
                .and_then(|&b| (b as char).to_digit(16));
            match d {
                Some(d) => v = v * 16 + d,
                None => {
                    let end = (i + 2 + k + 1).min(self.bytes.len());
                    let end = (end..=self.bytes.len())
                        .find(|&e| self.text.is_char_boundary(e))
                        .unwrap_or(end);
                    return Err(ParseError {
                        message: format!(
                            "invalid escape {} (\\u needs four hex digits)",
                            &self.text[i..end]
                        ),
                        span: Span::new(i, end),
                    });
                }
            }
        }
        Ok(v)
    }

    /// Reads the number at `self.pos` (which is `-` or a digit).
    fn number(&mut self) -> Result<Value, ParseError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = bytes[i] == b'-';
        if negative {
            i += 1;
        }
        let digits_start = i;
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(ParseError {
                        message: "leading zeros are not allowed in JSON numbers".into(),
                        span: Span::new(start, i + 1),
                    });
                }
            }
            Some(b'1'..=b'9') => i = skip_digits(bytes, i + 1),
            _ => return Err(self.bad_number(i, "expected a digit after '-'")),
        }
        let digits_end = i;
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(self.bad_number(i, "expected a digit after the decimal point"));
            }
            i = skip_digits(bytes, i);
            integer = false;
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(self.bad_number(i, "expected a digit in the exponent"));
            }
            i = skip_digits(bytes, i);
            integer = false;
        }
        self.pos = i;
        let literal = &self.text[start..i];
        if integer {
            // Up to 18 digits always fit an i64, so accumulate without checks;
            // longer ones go through the checked parser.
            if digits_end - digits_start <= 18 {
                let mut v: i64 = 0;
                for &d in &bytes[digits_start..digits_end] {
                    v = v * 10 + (d - b'0') as i64;
                }
                return Ok(Value::Int(if negative { -v } else { v }));
            }
            if let Ok(v) = literal.parse::<i64>() {
                return Ok(Value::Int(v));
            }
        }
        // A JSON number is always a valid Rust float literal; out-of-range
        // exponents parse to infinity rather than failing.
        Ok(Value::Float(literal.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn bad_number(&self, at: usize, what: &str) -> ParseError {
        let found = match self.text[at..].chars().next() {
            Some(c) => format!(", found {}", show_char(c)),
            None => ", found the end of input".into(),
        };
        let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
        ParseError {
            message: format!("invalid number: {what}{found}"),
            span: Span::new(at, at + len),
        }
    }

    /// Reads `true`, `false` or `null`; any other word is an error naming it.
    fn literal(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let end = start
            + self.bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$'))
                .count();
        let value = match &self.bytes[start..end] {
            b"true" => Value::Bool(true),
            b"false" => Value::Bool(false),
            b"null" => Value::Null,
            word => {
                let word = String::from_utf8_lossy(word);
                return Err(ParseError {
                    message: format!(
                        "unexpected word '{word}' (expected a value; JSON's literals are true, false and null, and strings need double quotes)"
                    ),
                    span: Span::new(start, end),
                });
            }
        };
        self.pos = end;
        Ok(value)
    }

    /// The error for an unexpected byte (or the end of input) at `self.pos`.
    fn unexpected(&self, after: After) -> ParseError {
        let pos = self.pos;
        let Some(c) = self.text[pos..].chars().next() else {
            let message = match (after, self.frames.last()) {
                (After::CommaOrClose, Some(frame)) => {
                    let (close, what) = match frame.kind {
                        FrameKind::Array { .. } => (']', "array"),
                        FrameKind::Object { .. } => ('}', "object"),
                    };
                    let line = 1 + self.bytes[..frame.start as usize]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    format!(
                        "unexpected end of input (expected '{close}' to close the {what} opened at line {line})"
                    )
                }
                _ => format!(
                    "unexpected end of input (expected {})",
                    expected(after, self.frames.last())
                ),
            };
            return ParseError {
                message,
                span: Span::new(pos, pos),
            };
        };
        if c == '/' && matches!(self.bytes.get(pos + 1), Some(b'/' | b'*')) {
            return ParseError {
                message: "comments are not allowed in JSON".into(),
                span: Span::new(pos, pos + 2),
            };
        }
        let message = if c == '\'' {
            format!(
                "unexpected single quote (expected {}; JSON strings use double quotes)",
                expected(after, self.frames.last())
            )
        } else if let After::End = after {
            format!(
                "unexpected character {} after the end of the JSON value",
                show_char(c)
            )
        } else {
            format!(
                "unexpected character {} (expected {})",
                show_char(c),
                expected(after, self.frames.last())
            )
        };
        ParseError {
            message,
            span: Span::new(pos, pos + c.len_utf8()),
        }
    }
}

fn expected(after: After, frame: Option<&Frame>) -> &'static str {
    match after {
        After::Value => "a value",
        After::Key => "a double-quoted key",
        After::Colon => "':' after the key",
        After::CommaOrClose => match frame.map(|f| &f.kind) {
            Some(FrameKind::Array { .. }) => "',' or ']'",
            _ => "',' or '}'",
        },
        After::End => "the end of input",
    }
}

/// A character as an error message shows it: quoted when printable,
/// as a code point otherwise (a raw tab or newline in a message is unreadable).
fn show_char(c: char) -> String {
    if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

#[inline]
fn skip_digits(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Bytes that end the plain run of a string: `"`, `\` and control characters.
static STRING_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The offset of the first `"`, `\` or control byte at or after `i`
/// (or the end of input).
///
/// Strings are most of a JSON document's bytes, so this looks at eight bytes
/// per step: the classic "has a zero byte" / "has a byte below n" bit tricks
/// on a `u64`. The lowest flagged byte is always a true match (borrows only
/// propagate upwards from a match), which is all we need.
#[inline]
fn find_special(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("the chunk is eight bytes"));
        let quote = w ^ (ONES * b'"' as u64);
        let backslash = w ^ (ONES * b'\\' as u64);
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        let found = found & HIGHS;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !STRING_SPECIAL[bytes[i] as usize] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_json(text, &Limits::default()).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    fn err(text: &str) -> ParseError {
        match parse_json(text, &Limits::default()) {
            Ok(_) => panic!("{text:?} parsed"),
            Err(e) => e,
        }
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    #[test]
    fn spans_of_values_and_keys_are_byte_ranges_of_their_source() {
        let text = r#" {"a" : [1, -2.5e3, true, null], "bé": {"c": "x\ny"}, "d": {}} "#;
        let p = parse(text);
        let t = &p.tree;
        let root = t.node(t.root);
        assert_eq!(slice(text, root.span), &text[1..text.len() - 1]);
        let Value::Object(members) = &root.value else {
            panic!()
        };
        let keys: Vec<&str> = members.iter().map(|m| slice(text, m.key_span)).collect();
        assert_eq!(keys, [r#""a""#, r#""bé""#, r#""d""#]);
        assert_eq!(
            slice(text, t.node(members[0].value).span),
            "[1, -2.5e3, true, null]"
        );
        let Value::Array(items) = t.value(members[0].value) else {
            panic!()
        };
        let items: Vec<&str> = items.iter().map(|&i| slice(text, t.node(i).span)).collect();
        assert_eq!(items, ["1", "-2.5e3", "true", "null"]);
        let inner = t.get(members[1].value, "c").unwrap();
        assert_eq!(slice(text, t.node(inner).span), r#""x\ny""#);
        assert_eq!(t.value(inner), &Value::String("x\ny".into()));
        assert_eq!(slice(text, t.node(members[2].value).span), "{}");
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn scalar_types() {
        let p = parse(
            r#"[0, -0, 42, -9223372036854775808, 9223372036854775807, 9223372036854775808, 1.5, 1e2, -1E-2, 123456789012345678901234567890, true, false, null, "s", []]"#,
        );
        let t = &p.tree;
        let Value::Array(items) = t.value(t.root) else {
            panic!()
        };
        let values: Vec<&Value> = items.iter().map(|&i| t.value(i)).collect();
        assert_eq!(values[0], &Value::Int(0));
        assert_eq!(values[1], &Value::Int(0));
        assert_eq!(values[2], &Value::Int(42));
        assert_eq!(values[3], &Value::Int(i64::MIN));
        assert_eq!(values[4], &Value::Int(i64::MAX));
        assert_eq!(values[5], &Value::Float(9223372036854775808.0));
        assert_eq!(values[6], &Value::Float(1.5));
        assert_eq!(values[7], &Value::Float(100.0));
        assert_eq!(values[8], &Value::Float(-0.01));
        assert_eq!(values[9], &Value::Float(1.2345678901234568e29));
        assert_eq!(values[10], &Value::Bool(true));
        assert_eq!(values[11], &Value::Bool(false));
        assert_eq!(values[12], &Value::Null);
        assert_eq!(values[13], &Value::String("s".into()));
        assert_eq!(values[14], &Value::Array(Box::new([])));
    }

    #[test]
    fn scalar_roots() {
        assert_eq!(parse("  7 ").tree.nodes[0].value, Value::Int(7));
        assert_eq!(parse("\"x\"").tree.nodes[0].span, Span::new(0, 3));
        assert_eq!(parse("null").tree.nodes[0].value, Value::Null);
    }

    #[test]
    fn escapes_are_decoded() {
        let p = parse(
            r#"["\"\\\/\b\f\n\r\t", "\u00e9\u4e2D", "\ud83d\ude00", "a\ud800b", "\udc00", "\ud800\u0041", "plain é"]"#,
        );
        let t = &p.tree;
        let Value::Array(items) = t.value(t.root) else {
            panic!()
        };
        let strings: Vec<&str> = items
            .iter()
            .map(|&i| match t.value(i) {
                Value::String(s) => &**s,
                v => panic!("{v:?}"),
            })
            .collect();
        assert_eq!(
            strings,
            [
                "\"\\/\u{8}\u{c}\n\r\t",
                "é中",
                "😀",
                "a\u{FFFD}b",
                "\u{FFFD}",
                "\u{FFFD}A",
                "plain é"
            ]
        );
    }

    #[test]
    fn long_strings_with_escapes_after_the_first_chunk() {
        let text = format!(
            r#"["{}\n{}", "{}"]"#,
            "a".repeat(37),
            "b".repeat(21),
            "c".repeat(100)
        );
        let p = parse(&text);
        let t = &p.tree;
        let Value::Array(items) = t.value(t.root) else {
            panic!()
        };
        assert_eq!(
            t.value(items[0]),
            &Value::String(format!("{}\n{}", "a".repeat(37), "b".repeat(21)).into())
        );
        assert_eq!(t.value(items[1]), &Value::String("c".repeat(100).into()));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_report_the_later_key() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let p = parse(text);
        let t = &p.tree;
        let Value::Object(members) = t.value(t.root) else {
            panic!()
        };
        assert_eq!(
            members.iter().map(|m| &*m.key).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(t.value(t.get(t.root, "a").unwrap()), &Value::Int(3));
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].message, "Duplicate key: a");
        assert_eq!(p.diagnostics[0].severity, DiagnosticSeverity::Error);
        assert_eq!(p.diagnostics[0].span, Span::new(17, 20));
    }

    #[test]
    fn duplicate_keys_in_large_objects_use_the_hash_index() {
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str(r#""k3": "x", "k39": "y", "k3": "z", "k0": {"k0": 1, "k0": 2}}"#);
        let p = parse(&text);
        let t = &p.tree;
        let Value::Object(members) = t.value(t.root) else {
            panic!()
        };
        assert_eq!(members.len(), 40);
        assert_eq!(&*members[members.len() - 3].key, "k39");
        assert_eq!(
            t.value(t.get(t.root, "k3").unwrap()),
            &Value::String("z".into())
        );
        let messages: Vec<&str> = p.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Duplicate key: k3",
                "Duplicate key: k39",
                "Duplicate key: k3",
                "Duplicate key: k0",
                "Duplicate key: k0"
            ]
        );
        let inner = t.get(t.root, "k0").unwrap();
        assert_eq!(t.value(t.get(inner, "k0").unwrap()), &Value::Int(2));
        for d in &p.diagnostics {
            assert!(slice(&text, d.span).starts_with("\"k"));
        }
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"a\": 1}";
        let p = parse(text);
        assert_eq!(slice(text, p.tree.node(p.tree.root).span), "{\"a\": 1}");
    }

    #[test]
    fn crlf_whitespace() {
        let text = "{\r\n  \"a\": [\r\n    1\r\n  ]\r\n}\r\n";
        let p = parse(text);
        let a = p.tree.get(p.tree.root, "a").unwrap();
        assert_eq!(slice(text, p.tree.node(a).span), "[\r\n    1\r\n  ]");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // A 2 MB stack, like a default spawned thread, proves no recursion.
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let text = "[".repeat(100_000) + &"]".repeat(100_000);
                parse_json(&text, &Limits::default())
            })
            .unwrap()
            .join()
            .unwrap();
        let e = result.unwrap_err();
        assert_eq!(e.message, "nesting deeper than 1000 levels");
        assert_eq!(e.span, Span::new(1000, 1001));
    }

    #[test]
    fn nesting_at_the_limit_is_accepted() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse_json("[[[1]]]", &limits).is_ok());
        assert!(parse_json("[[{\"a\": []}]]", &limits).is_err());
    }

    #[test]
    fn error_messages_and_positions() {
        let cases: &[(&str, &str, (usize, usize))] = &[
            (
                "[1,,2]",
                "unexpected character ',' (expected a value)",
                (3, 4),
            ),
            ("[1, 2,]", "trailing comma is not allowed in JSON", (5, 6)),
            (
                "{\"a\": 1,\n}",
                "trailing comma is not allowed in JSON",
                (7, 8),
            ),
            (
                "{\"a\": 1 // note\n}",
                "comments are not allowed in JSON",
                (8, 10),
            ),
            ("/* x */ {}", "comments are not allowed in JSON", (0, 2)),
            ("[\"abc", "unterminated string", (1, 5)),
            ("[\"a\\qb\"]", "invalid escape \\q", (3, 5)),
            (
                "[\"a\nb\"]",
                "control character U+000A in string (a string cannot span lines; write a line break as \\n)",
                (3, 4),
            ),
            (
                "[\"\\u12G4\"]",
                "invalid escape \\u12G (\\u needs four hex digits)",
                (2, 7),
            ),
            (
                "{\n\"a\": [1, 2]\n",
                "unexpected end of input (expected '}' to close the object opened at line 1)",
                (14, 14),
            ),
            (
                "[1, 2",
                "unexpected end of input (expected ']' to close the array opened at line 1)",
                (5, 5),
            ),
            (
                "{\"a\" 1}",
                "unexpected character '1' (expected ':' after the key)",
                (5, 6),
            ),
            (
                "{a: 1}",
                "unexpected character 'a' (expected a double-quoted key)",
                (1, 2),
            ),
            (
                "{'a': 1}",
                "unexpected single quote (expected a double-quoted key; JSON strings use double quotes)",
                (1, 2),
            ),
            (
                "[1 2]",
                "unexpected character '2' (expected ',' or ']')",
                (3, 4),
            ),
            (
                "{\"a\": 1 \"b\": 2}",
                "unexpected character '\"' (expected ',' or '}')",
                (8, 9),
            ),
            (
                "[01]",
                "leading zeros are not allowed in JSON numbers",
                (1, 3),
            ),
            (
                "[1.]",
                "invalid number: expected a digit after the decimal point, found ']'",
                (3, 4),
            ),
            (
                "[-x]",
                "invalid number: expected a digit after '-', found 'x'",
                (2, 3),
            ),
            (
                "[1e+]",
                "invalid number: expected a digit in the exponent, found ']'",
                (4, 5),
            ),
            (
                "[True]",
                "unexpected word 'True' (expected a value; JSON's literals are true, false and null, and strings need double quotes)",
                (1, 5),
            ),
            (
                "{} {}",
                "unexpected character '{' after the end of the JSON value",
                (3, 4),
            ),
            ("", "unexpected end of input (expected a value)", (0, 0)),
            ("[é]", "unexpected character 'é' (expected a value)", (1, 3)),
        ];
        for (text, message, (start, end)) in cases {
            let e = err(text);
            assert_eq!(
                (e.message.as_str(), e.span),
                (*message, Span::new(*start, *end)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn find_special_matches_a_byte_scan() {
        let sample: Vec<u8> = (0u8..=255)
            .chain(b"abcdefghij\"klmnop\\q\x01".iter().copied())
            .collect();
        for start in 0..sample.len() {
            for end in start..sample.len().min(start + 40) {
                let b = &sample[..end];
                let expected = (start..b.len())
                    .find(|&i| STRING_SPECIAL[b[i] as usize])
                    .unwrap_or(b.len());
                assert_eq!(find_special(b, start), expected);
            }
        }
    }

    /// Throughput on the corpus: `cargo test --release --lib json::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/apis-guru");
        let dir = std::env::var("APILINT_CORPUS").unwrap_or_else(|_| dir.to_string());
        let mut total_bytes = 0usize;
        let mut total_secs = 0f64;
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let text = std::fs::read_to_string(path).unwrap();
            let rounds = (20_000_000 / text.len().max(1)).clamp(3, 200);
            // Best of several rounds, parse alone and with dropping the tree
            // (freeing every string is a large share of the total).
            let (mut secs, mut with_drop) = (f64::MAX, f64::MAX);
            for _ in 0..rounds {
                let start = std::time::Instant::now();
                let parsed = std::hint::black_box(parse_json(&text, &Limits::default()).unwrap());
                let parsed_at = start.elapsed().as_secs_f64();
                drop(parsed);
                secs = secs.min(parsed_at);
                with_drop = with_drop.min(start.elapsed().as_secs_f64());
            }
            total_bytes += text.len();
            total_secs += secs;
            println!(
                "{:>8.1} MB/s parse {:>8.1} MB/s with drop {:>9} bytes  {}",
                text.len() as f64 / secs / 1e6,
                text.len() as f64 / with_drop / 1e6,
                text.len(),
                path.file_name().unwrap().to_string_lossy()
            );
        }
        println!(
            "{:>8.1} MB/s parse overall",
            total_bytes as f64 / total_secs / 1e6
        );
    }
}
