//! The YAML parser: `saphyr-parser`'s event stream in, span-preserving arena
//! [`Tree`] out.
//!
//! saphyr-parser does the hard part (the YAML 1.2 grammar) and keeps its own
//! state on the heap; this module turns its events into nodes without
//! recursion, keeping open collections on an explicit stack. Beyond building
//! the tree it is responsible for:
//!
//! - **Spans.** saphyr marks positions in characters; spans here are byte
//!   offsets, converted with a cursor that walks forward with the (almost
//!   monotonic) events, so the conversion is linear overall and free for
//!   ASCII text. Spans cover a value's content: anchors and tags before it
//!   are not part of it, a block scalar starts at its `|` or `>` and ends at
//!   its last non-blank character, and a block collection ends at the end of
//!   its last entry rather than where the next line starts.
//! - **Scalars**, resolved with the YAML 1.2 core schema (`null`, `true`,
//!   `0x1F`, `.inf`, ...); quoted and block scalars are always strings.
//!   YAML 1.1 booleans (`yes`, `no`, `on`, `off`, `y`, `n`) are strings by
//!   default, because YAML 1.2 says so and that is what OpenAPI documents
//!   mean by them (an enum of `[yes, no]` is two strings). Rule set readers,
//!   where `severity: off` or `recommended: yes` expect a bool or a
//!   severity, interpret those words themselves or parse with
//!   [`YamlOptions::yaml11_booleans`].
//! - **Tags**: the core ones (`!!str`, `!!int`, `!!float`, `!!bool`,
//!   `!!null`, `!!map`, `!!seq`) are honoured; any other tag is reported as a
//!   warning and the value kept as if untagged. Nothing is ever constructed
//!   from a tag.
//! - **Aliases** share the anchored node (no copy). Because a walker still
//!   sees every alias expanded, the number of nodes aliases add is counted
//!   and capped by [`Limits::max_alias_expansion`] (billion laughs). An alias
//!   inside the node it refers to would make the tree cyclic and is an error.
//! - **Merge keys** (`<<: *base`, `<<: [*a, *b]`) are expanded: keys written
//!   in the mapping win over merged ones, earlier sources over later ones.
//! - **Keys** are kept as written (`200` is the key `"200"`, `true` is
//!   `"true"`, which is how JSON tools see them); a mapping or sequence as
//!   a key is an error. Duplicate keys behave as in JSON (see [`super::json`]).
//! - **Streams**: only the first document is built. A second one gets a
//!   warning (rather than an error: the first document is still a complete
//!   spec) and is only scanned for syntax errors.
//!
//! Nesting is capped by [`Limits::max_depth`]; saphyr itself stops flow
//! collections at 255 levels.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser as EventParser, ScalarStyle, ScanError, Tag};

use super::json::{MemberStack, OpenMapping, check_size};
use super::tree::{Member, Node, NodeId, Span, Tree, Value};
use super::{Diagnostic, DiagnosticSeverity, Limits, ParseError, Parsed};

/// Choices in how YAML scalars are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YamlOptions {
    /// Read the YAML 1.1 spellings `yes/no/on/off/y/n` (lower, Title and
    /// UPPER case) in plain scalars as booleans. Off by default: YAML 1.2
    /// makes them strings.
    pub yaml11_booleans: bool,
}

/// Parses the first document of a YAML stream with the default options.
pub fn parse_yaml(text: &str, limits: &Limits) -> Result<Parsed, ParseError> {
    parse_yaml_with(text, limits, &YamlOptions::default())
}

/// Parses the first document of a YAML stream. Empty input (or only
/// comments) is a `null` document.
pub fn parse_yaml_with(
    text: &str,
    limits: &Limits,
    opts: &YamlOptions,
) -> Result<Parsed, ParseError> {
    check_size(text)?;
    check_control_characters(text)?;
    Builder::new(text, limits, *opts).run()
}

/// The longest implicit key (`key: value` on one line) YAML allows, in
/// characters.
const IMPLICIT_KEY_LIMIT: usize = 1024;

/// Where the line holding byte `at` starts.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1)
}

/// The first C0 control character other than tab, line feed and carriage
/// return (and DEL), as an error at its place. YAML allows none of them
/// anywhere, not even inside quotes (they must be written as escapes), and
/// saphyr takes a NUL for the end of the stream: its own error would say
/// "unexpected end of stream" in the middle of the file.
fn check_control_characters(text: &str) -> Result<(), ParseError> {
    let bad = text
        .bytes()
        .position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
    match bad {
        None => Ok(()),
        Some(at) => {
            let b = text.as_bytes()[at];
            Err(ParseError {
                message: format!(
                    "control character U+{b:04X} is not allowed in YAML; write it as an escape (\\x{b:02X}) in a double-quoted string"
                ),
                span: Span::new(at, at + 1),
            })
        }
    }
}

/// A key read in a mapping, waiting for its value.
struct PendingKey {
    key: Box<str>,
    span: Span,
    /// A plain, untagged `<<`.
    merge: bool,
}

struct Frame {
    /// The collection's node, reserved when it starts and filled when it ends.
    node: u32,
    start: u32,
    /// Where the latest entry ended: a block collection's end.
    last_end: u32,
    /// saphyr's anchor id, 0 when there is none.
    anchor: usize,
    /// Nodes this collection stands for once aliases are expanded.
    size: u64,
    kind: FrameKind,
}

enum FrameKind {
    /// Items start at `base` in [`Builder::items`].
    Seq { base: usize },
    Map {
        map: OpenMapping,
        key: Option<PendingKey>,
        /// Indices (ascending) of members copied in by merge keys: an
        /// explicit key replaces them silently, unlike a duplicate.
        merged: Vec<u32>,
    },
}

struct Builder<'t> {
    text: &'t str,
    bytes: &'t [u8],
    offsets: Offsets<'t>,
    max_depth: usize,
    max_alias_expansion: u64,
    opts: YamlOptions,
    nodes: Vec<Node>,
    /// Expanded size of each node, parallel to `nodes` (saturating).
    sizes: Vec<u32>,
    /// Node of each saphyr anchor id; `None` while the anchored collection is open.
    anchors: Vec<Option<NodeId>>,
    frames: Vec<Frame>,
    items: Vec<NodeId>,
    members: MemberStack,
    diagnostics: Vec<Diagnostic>,
    /// Nodes added by aliases and merge keys so far.
    alias_expansion: u64,
    /// Byte offset where the previous event ended (to find a block
    /// scalar's indicator, which saphyr's span leaves out).
    prev_end: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, limits: &Limits, opts: YamlOptions) -> Builder<'t> {
        Builder {
            text,
            bytes: text.as_bytes(),
            offsets: Offsets::new(text),
            max_depth: limits.max_depth,
            max_alias_expansion: limits.max_alias_expansion as u64,
            opts,
            nodes: Vec::new(),
            sizes: Vec::new(),
            anchors: Vec::new(),
            frames: Vec::new(),
            items: Vec::new(),
            members: MemberStack::default(),
            diagnostics: Vec::new(),
            alias_expansion: 0,
            prev_end: 0,
        }
    }

    fn run(mut self) -> Result<Parsed, ParseError> {
        let mut events = EventParser::new_from_str(self.text);
        let mut root = None;
        let mut documents = 0;
        while let Some(next) = events.next_event() {
            let (event, marks) = next.map_err(|e| self.scan_error(&e))?;
            let start = self.offsets.byte(marks.start.index());
            let end = self.offsets.byte(marks.end.index()).max(start);
            let done = match event {
                Event::StreamEnd => break,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => None,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        self.diagnostics.push(Diagnostic {
                            message: "only the first YAML document of a stream is linted".into(),
                            span: Span::new(start, end),
                            severity: DiagnosticSeverity::Warning,
                        });
                        // The rest is not built, but a syntax error in it
                        // still makes the file invalid.
                        for next in events.by_ref() {
                            next.map_err(|e| self.scan_error(&e))?;
                        }
                        break;
                    }
                    None
                }
                Event::Scalar(value, style, anchor, tag) => {
                    self.scalar(value, style, anchor, tag.as_deref(), start, end)?
                }
                Event::Alias(anchor) => self.alias(anchor, start, end)?,
                Event::SequenceStart(anchor, tag) => {
                    self.start_collection(false, anchor, tag.as_deref(), start, end)?;
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    self.start_collection(true, anchor, tag.as_deref(), start, end)?;
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => self.end_collection(start, end)?,
            };
            if done.is_some() {
                root = done;
            }
            self.prev_end = end;
        }
        let tree = match root {
            Some(root) => Tree::new(self.nodes, root),
            None => Tree::null(),
        };
        Ok(Parsed {
            tree,
            diagnostics: self.diagnostics,
        })
    }

    /// Whether the next node is a key of the innermost mapping.
    fn expecting_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        )
    }

    fn scalar(
        &mut self,
        raw: Cow<'t, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> Result<Option<NodeId>, ParseError> {
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let content = if anchor != 0 || tag.is_some() {
            skip_properties(self.bytes, start, end)
        } else if block {
            block_indicator(self.bytes, self.prev_end, start)
        } else {
            start
        };
        let mut content_end = end;
        if block {
            // saphyr ends a block scalar after its trailing line breaks.
            while content_end > content
                && matches!(self.bytes[content_end - 1], b' ' | b'\t' | b'\r' | b'\n')
            {
                content_end -= 1;
            }
        }
        let span = Span::new(content, content_end.max(content));
        let properties = Span::new(start, trim_end(self.bytes, start, content));

        if self.expecting_key() {
            // Keys stay as written; a tag can only be wrong, not change them.
            let merge = style == ScalarStyle::Plain && tag.is_none() && raw == "<<";
            if let Some(TagKind::Unknown(name)) = tag.map(classify) {
                self.warn(format!("unknown tag {name} ignored"), properties);
            }
            if anchor != 0 {
                // An anchored key can be aliased later (as a key or a value).
                let value = Value::String(Box::from(&*raw));
                let id = self.push_node(value, span, 1);
                self.set_anchor(anchor, id);
            }
            if let Some(Frame {
                kind: FrameKind::Map { key, .. },
                ..
            }) = self.frames.last_mut()
            {
                *key = Some(PendingKey {
                    key: into_box(raw),
                    span,
                    merge,
                });
            }
            return Ok(None);
        }

        let value = self.resolve(raw, style, tag, properties);
        let id = self.push_node(value, span, 1);
        if anchor != 0 {
            self.set_anchor(anchor, id);
        }
        self.complete(id, span, 1)
    }

    /// The value of a scalar: the core schema for plain scalars, strings
    /// otherwise, unless a core tag says differently.
    fn resolve(
        &mut self,
        raw: Cow<'t, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        properties: Span,
    ) -> Value {
        let plain = style == ScalarStyle::Plain;
        let untagged = |raw: Cow<'t, str>, opts: YamlOptions| {
            if plain {
                resolve_plain(raw, opts.yaml11_booleans)
            } else {
                Value::String(into_box(raw))
            }
        };
        let Some(tag) = tag else {
            return untagged(raw, self.opts);
        };
        let core = match classify(tag) {
            TagKind::NonSpecific => return Value::String(into_box(raw)),
            TagKind::Core(core) => core,
            TagKind::Unknown(name) => {
                self.warn(format!("unknown tag {name} ignored"), properties);
                return untagged(raw, self.opts);
            }
        };
        let resolved = match core {
            "str" => return Value::String(into_box(raw)),
            "null" => is_null(&raw).then_some(Value::Null),
            "bool" => parse_bool(&raw)
                .or_else(|| {
                    self.opts
                        .yaml11_booleans
                        .then(|| parse_yaml11_bool(&raw))
                        .flatten()
                })
                .map(Value::Bool),
            "int" => parse_int(&raw, true),
            "float" => match parse_float(&raw, true) {
                Some(Value::Int(i)) => Some(Value::Float(i as f64)),
                other => other,
            },
            // `!!map` / `!!seq` on a scalar.
            _ => {
                self.warn(
                    format!("tag !!{core} does not apply to a scalar; ignored"),
                    properties,
                );
                return untagged(raw, self.opts);
            }
        };
        resolved.unwrap_or_else(|| {
            self.warn(
                format!("'{raw}' is not a valid !!{core}; kept as a string"),
                properties,
            );
            Value::String(into_box(raw))
        })
    }

    fn alias(
        &mut self,
        anchor: usize,
        start: usize,
        end: usize,
    ) -> Result<Option<NodeId>, ParseError> {
        let span = Span::new(start, end);
        let name = self.text.get(start + 1..end).unwrap_or("");
        let target = match self.anchors.get(anchor) {
            Some(Some(target)) => *target,
            Some(None) => {
                return Err(ParseError {
                    message: format!(
                        "alias *{name} refers to a node that contains it (recursive aliases are not supported)"
                    ),
                    span,
                });
            }
            None => {
                return Err(ParseError {
                    message: format!(
                        "unknown alias *{name} (no anchor &{name} is defined before it)"
                    ),
                    span,
                });
            }
        };
        if self.expecting_key() {
            let key: Box<str> = match &self.nodes[target.index()].value {
                Value::String(s) => s.clone(),
                Value::Int(i) => i.to_string().into(),
                Value::Float(f) => f.to_string().into(),
                Value::Bool(b) => b.to_string().into(),
                Value::Null => "null".into(),
                Value::Array(_) | Value::Object(_) => return Err(complex_key(span)),
            };
            if let Some(Frame {
                kind: FrameKind::Map { key: k, .. },
                ..
            }) = self.frames.last_mut()
            {
                *k = Some(PendingKey {
                    key,
                    span,
                    merge: false,
                });
            }
            return Ok(None);
        }
        let size = u64::from(self.sizes[target.index()]);
        self.expand(size, span)?;
        self.complete(target, span, size)
    }

    /// Counts `size` nodes added through an alias or a merge at `span`.
    fn expand(&mut self, size: u64, span: Span) -> Result<(), ParseError> {
        self.alias_expansion = self.alias_expansion.saturating_add(size);
        if self.alias_expansion > self.max_alias_expansion {
            return Err(ParseError {
                message: format!(
                    "document expands to more than {} nodes through aliases (alias bomb?)",
                    self.max_alias_expansion
                ),
                span,
            });
        }
        Ok(())
    }

    fn start_collection(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> Result<(), ParseError> {
        let bytes = self.bytes;
        // Where the content starts: a flow collection's bracket ends the
        // event; a block mapping's event ends at its first key; a block
        // sequence's event ends at its first `-`, or just after it when
        // the sequence is not indented under its key.
        let content = if end > start && matches!(bytes[end - 1], b'[' | b'{') {
            end - 1
        } else if !mapping && bytes.get(end) != Some(&b'-') {
            let mut j = end;
            while j > 0 && matches!(bytes[j - 1], b' ' | b'\t') {
                j -= 1;
            }
            if j > 0 && bytes[j - 1] == b'-' {
                j - 1
            } else {
                end
            }
        } else {
            end
        };
        if self.expecting_key() {
            return Err(complex_key(Span::new(content, content + 1)));
        }
        if self.frames.len() >= self.max_depth {
            return Err(ParseError {
                message: format!("nesting deeper than {} levels", self.max_depth),
                span: Span::new(content, content + 1),
            });
        }
        if let Some(tag) = tag {
            let properties = Span::new(start, trim_end(bytes, start, content));
            match classify(tag) {
                TagKind::NonSpecific => {}
                TagKind::Core("map") if mapping => {}
                TagKind::Core("seq") if !mapping => {}
                TagKind::Core(core) => {
                    let what = if mapping { "a mapping" } else { "a sequence" };
                    self.warn(
                        format!("tag !!{core} does not apply to {what}; ignored"),
                        properties,
                    );
                }
                TagKind::Unknown(name) => {
                    self.warn(format!("unknown tag {name} ignored"), properties)
                }
            }
        }
        let node = self.nodes.len() as u32;
        self.nodes.push(Node {
            value: Value::Null,
            span: Span::EMPTY,
        });
        self.sizes.push(1);
        if anchor != 0 {
            // Registered now so that an alias to it from inside is caught.
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = None;
        }
        let kind = if mapping {
            FrameKind::Map {
                map: self.members.open(),
                key: None,
                merged: Vec::new(),
            }
        } else {
            FrameKind::Seq {
                base: self.items.len(),
            }
        };
        self.frames.push(Frame {
            node,
            start: content as u32,
            last_end: content as u32,
            anchor,
            size: 1,
            kind,
        });
        Ok(())
    }

    fn end_collection(&mut self, start: usize, end: usize) -> Result<Option<NodeId>, ParseError> {
        let frame = self
            .frames
            .pop()
            .expect("saphyr balances collection events");
        // A flow collection's end event covers its bracket; a block
        // collection's is empty and sits where the next token starts.
        let end = if end > start {
            end as u32
        } else {
            frame.last_end
        };
        let value = match frame.kind {
            FrameKind::Seq { base } => Value::Array(self.items.drain(base..).collect()),
            FrameKind::Map { map, .. } => Value::Object(self.members.close(map).into_boxed_slice()),
        };
        let span = Span {
            start: frame.start,
            end,
        };
        let id = NodeId(frame.node);
        self.nodes[id.index()] = Node { value, span };
        self.sizes[id.index()] = u32::try_from(frame.size).unwrap_or(u32::MAX);
        if frame.anchor != 0 {
            self.set_anchor(frame.anchor, id);
        }
        self.complete(id, span, frame.size)
    }

    /// Hands a finished value (`span` is where it occurs: an alias's own
    /// span for an alias) to the innermost collection; returns it when it
    /// is the document's root.
    fn complete(
        &mut self,
        id: NodeId,
        span: Span,
        size: u64,
    ) -> Result<Option<NodeId>, ParseError> {
        let Builder {
            frames,
            items,
            members,
            diagnostics,
            nodes,
            sizes,
            ..
        } = self;
        let Some(frame) = frames.last_mut() else {
            return Ok(Some(id));
        };
        frame.last_end = frame.last_end.max(span.end);
        let FrameKind::Map { map, key, merged } = &mut frame.kind else {
            items.push(id);
            frame.size += size;
            return Ok(None);
        };
        let key = key
            .take()
            .expect("saphyr emits a key before every mapping value");
        frame.last_end = frame.last_end.max(key.span.end);
        if key.merge {
            let sources: Option<Vec<NodeId>> = match &nodes[id.index()].value {
                Value::Object(_) => Some(vec![id]),
                Value::Array(items)
                    if items
                        .iter()
                        .all(|&i| matches!(nodes[i.index()].value, Value::Object(_))) =>
                {
                    Some(items.to_vec())
                }
                _ => None,
            };
            if let Some(sources) = sources {
                let mut added = 0u64;
                for source in sources {
                    let Value::Object(source_members) = &nodes[source.index()].value else {
                        continue;
                    };
                    for m in source_members.iter() {
                        let lookup = members.find(map, &m.key);
                        // Keys already here (written, or merged from an
                        // earlier source) win.
                        if lookup.previous.is_none() {
                            let at = members.push(map, m.clone(), lookup);
                            merged.push(at as u32);
                            added += u64::from(sizes[m.value.index()]);
                        }
                    }
                }
                frame.size += added;
                self.expand(added, key.span)?;
                return Ok(None);
            }
            diagnostics.push(Diagnostic {
                message: "the merge key '<<' needs a mapping or a list of mappings; kept as an ordinary key".into(),
                span: key.span,
                severity: DiagnosticSeverity::Error,
            });
        }
        frame.size += size;
        let lookup = members.find(map, &key.key);
        if let Some(previous) = lookup.previous {
            members.remove(previous);
            // Replacing a merged-in member is what merge keys are for.
            if merged.binary_search(&(previous as u32)).is_err() {
                diagnostics.push(Diagnostic {
                    message: format!("Duplicate key: {}", key.key),
                    span: key.span,
                    severity: DiagnosticSeverity::Error,
                });
            }
        }
        let member = Member {
            key: key.key,
            key_span: key.span,
            value: id,
        };
        members.push(map, member, lookup);
        Ok(None)
    }

    fn push_node(&mut self, value: Value, span: Span, size: u32) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { value, span });
        self.sizes.push(size);
        id
    }

    fn set_anchor(&mut self, anchor: usize, id: NodeId) {
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(id);
    }

    fn warn(&mut self, message: String, span: Span) {
        self.diagnostics.push(Diagnostic {
            message,
            span,
            severity: DiagnosticSeverity::Warning,
        });
    }

    /// A saphyr error as a [`ParseError`] at the offending character, with
    /// the messages people hit most often made specific.
    fn scan_error(&mut self, e: &ScanError) -> ParseError {
        let at = self.offsets.byte(e.marker().index());
        let text = self.text;
        let info = e.info();
        let char_span =
            |at: usize| Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8));
        if info.contains("tab")
            && let Some(tab) = indentation_tab(self.bytes, at)
        {
            return ParseError {
                message: "tab character used for indentation (YAML indentation must use spaces)"
                    .into(),
                span: Span::new(tab, tab + 1),
            };
        }
        let message = match info {
            "recursion limit exceeded" => {
                "flow collections ([...] and {...}) nested deeper than 255 levels".to_string()
            }
            "while parsing node, found unknown anchor" => {
                let name: String = text[at..]
                    .chars()
                    .skip(1)
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
                    .collect();
                let span = Span::new(at, at + 1 + name.len());
                return ParseError {
                    message: format!(
                        "unknown alias *{name} (no anchor &{name} is defined before it)"
                    ),
                    span,
                };
            }
            "mapping values are not allowed in this context" | "simple key expect ':'"
                if at - line_start(self.bytes, at) >= IMPLICIT_KEY_LIMIT =>
            {
                // saphyr stops looking for a key's `:` after 1024
                // characters, as YAML says, and then finds a stray one.
                format!(
                    "a key longer than {IMPLICIT_KEY_LIMIT} characters: YAML limits keys written on one line (`key: value`) to {IMPLICIT_KEY_LIMIT}; write a longer one as an explicit key (`? key` then `: value`) or use JSON"
                )
            }
            _ => info.to_string(),
        };
        let mut at = at;
        if info == "while parsing a block mapping, did not find expected key" {
            // saphyr marks the node after a misplaced `- `; the dash is
            // what the author has to fix.
            let mut j = at;
            while j > 0 && self.bytes[j - 1] == b' ' {
                j -= 1;
            }
            if j > 0 && j < at && self.bytes[j - 1] == b'-' {
                at = j - 1;
            }
        }
        ParseError {
            message,
            span: char_span(at),
        }
    }
}

fn complex_key(span: Span) -> ParseError {
    ParseError {
        message: "complex mapping keys are not supported".into(),
        span,
    }
}

fn into_box(s: Cow<'_, str>) -> Box<str> {
    match s {
        Cow::Borrowed(s) => Box::from(s),
        Cow::Owned(s) => s.into_boxed_str(),
    }
}

/// What a tag means to us.
enum TagKind<'a> {
    /// `!`: "not resolved by content", i.e. a string for a scalar.
    NonSpecific,
    /// `!!name` (`tag:yaml.org,2002:name`), by its name.
    Core(&'a str),
    /// Anything else, as written for a message.
    Unknown(String),
}

const CORE_PREFIX: &str = "tag:yaml.org,2002:";

fn classify(tag: &Tag) -> TagKind<'_> {
    let core = if tag.handle == CORE_PREFIX {
        Some(tag.suffix.as_str())
    } else if tag.handle.is_empty() {
        // The verbatim form `!<tag:yaml.org,2002:str>`.
        tag.suffix.strip_prefix(CORE_PREFIX)
    } else {
        None
    };
    match core {
        Some(name @ ("str" | "int" | "float" | "bool" | "null" | "map" | "seq")) => {
            TagKind::Core(name)
        }
        Some(name) => TagKind::Unknown(format!("!!{name}")),
        None if tag.handle.is_empty() && tag.suffix == "!" => TagKind::NonSpecific,
        None if tag.handle == "!" => TagKind::Unknown(format!("!{}", tag.suffix)),
        None => TagKind::Unknown(format!("!<{}{}>", tag.handle, tag.suffix)),
    }
}

/// A plain scalar under the YAML 1.2 core schema (plus YAML 1.1 booleans
/// when asked).
fn resolve_plain(raw: Cow<'_, str>, yaml11_booleans: bool) -> Value {
    let Some(&first) = raw.as_bytes().first() else {
        return Value::Null;
    };
    // Dispatch on the first byte: most plain scalars are words that cannot
    // be anything but strings.
    let resolved = match first {
        b'~' | b'n' | b'N' if is_null(&raw) => Some(Value::Null),
        b't' | b'T' | b'f' | b'F' => parse_bool(&raw).map(Value::Bool),
        b'0'..=b'9' | b'-' | b'+' | b'.' => parse_float(&raw, false),
        _ => None,
    };
    let resolved = match resolved {
        None if yaml11_booleans => parse_yaml11_bool(&raw).map(Value::Bool),
        other => other,
    };
    resolved.unwrap_or_else(|| Value::String(into_box(raw)))
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// Core schema integers: decimal with an optional sign, `0o` octal and
/// `0x` hex. Integers that do not fit `i64` become floats, as in JSON.
/// `tagged` is set under an explicit `!!int` / `!!float`.
fn parse_int(s: &str, tagged: bool) -> Option<Value> {
    let (digits, radix) = if let Some(hex) = s.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(octal) = s.strip_prefix("0o") {
        (octal, 8)
    } else {
        let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Deliberately stricter than the core schema: `0955` stays a
        // string. YAML 1.1 emitters (js-yaml, PyYAML) leave such values
        // unquoted because 1.1 does not read them as decimals, and js-yaml,
        // which Spectral uses, reads them back as strings; as integers they
        // would lose their zeros (routing numbers, ZIP codes). An explicit
        // tag says a number is meant.
        if !tagged && unsigned.len() > 1 && unsigned.starts_with('0') {
            return None;
        }
        return Some(match s.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(s.parse::<f64>().ok()?),
        });
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        })),
    })
}

/// Core schema numbers: an integer, or
/// `[-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE][-+]?[0-9]+ )?`,
/// `[-+]?\.inf` or `\.nan` in three casings.
fn parse_float(s: &str, tagged: bool) -> Option<Value> {
    if let Some(int) = parse_int(s, tagged) {
        return Some(int);
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // Digits that `parse_int` refused (`0955`) are not a float either.
        return None;
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(Value::Float(if s.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == s.len() => {
            return Some(Value::Float(f64::NAN));
        }
        _ => {}
    }
    let b = unsigned.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_end = digits(0);
    let mut i = int_end;
    if b.get(i) == Some(&b'.') {
        let frac_end = digits(i + 1);
        // `.` needs digits on one side at least.
        if int_end == 0 && frac_end == i + 1 {
            return None;
        }
        i = frac_end;
    } else if int_end == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'-' | b'+') = b.get(i) {
            i += 1;
        }
        let exp_end = digits(i);
        if exp_end == i {
            return None;
        }
        i = exp_end;
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().map(Value::Float)
}

/// The first byte of a node's content after its anchor and tag (and any
/// space or comment between them), not beyond `end`.
fn skip_properties(bytes: &[u8], mut pos: usize, end: usize) -> usize {
    while pos < end {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => {
                while pos < end && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            b'!' if bytes.get(pos + 1) == Some(&b'<') => {
                while pos < end && bytes[pos] != b'>' {
                    pos += 1;
                }
                pos += 1;
            }
            b'&' | b'!' => {
                while pos < end
                    && !matches!(
                        bytes[pos],
                        b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                    )
                {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    pos.min(end)
}

/// Where the `|` or `>` of a block scalar whose content starts at
/// `content` is, searching from the end of the previous event (only
/// indicators, spaces and comments can lie between); `content` if it
/// cannot be found.
fn block_indicator(bytes: &[u8], from: usize, content: usize) -> usize {
    let mut pos = from;
    while pos < content {
        match bytes[pos] {
            b'|' | b'>' => return pos,
            b' ' | b'\t' | b'\r' | b'\n' | b'-' | b':' | b'?' => pos += 1,
            b'#' => {
                while pos < content && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    content
}

fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// The first tab used as indentation on the line of `at` or the two
/// lines after it (saphyr reports some indentation tabs at the scalar
/// before them).
fn indentation_tab(bytes: &[u8], at: usize) -> Option<usize> {
    let at = at.min(bytes.len());
    let mut line = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    for _ in 0..3 {
        let mut i = line;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            if bytes[i] == b'\t' {
                return Some(i);
            }
            i += 1;
        }
        line = i + bytes[i..].iter().position(|&b| b == b'\n')? + 1;
    }
    None
}

/// Converts saphyr's character offsets to byte offsets.
///
/// Events arrive in source order, so a cursor that walks from the last
/// position makes the conversion linear over a whole document; pure ASCII
/// text (most API descriptions) needs no walking at all.
struct Offsets<'t> {
    bytes: &'t [u8],
    ascii: bool,
    chars: usize,
    byte: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Offsets<'t> {
        Offsets {
            bytes: text.as_bytes(),
            ascii: text.is_ascii(),
            chars: 0,
            byte: 0,
        }
    }

    #[inline]
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.bytes.len());
        }
        self.seek(char_index)
    }

    fn seek(&mut self, target: usize) -> usize {
        let b = self.bytes;
        while self.chars < target && self.byte < b.len() {
            // Skip eight ASCII bytes at once where possible.
            if target - self.chars >= 8
                && let Some(chunk) = b.get(self.byte..self.byte + 8)
                && u64::from_le_bytes(chunk.try_into().expect("the chunk is eight bytes"))
                    & 0x8080_8080_8080_8080
                    == 0
            {
                self.byte += 8;
                self.chars += 8;
                continue;
            }
            self.byte += match b[self.byte] {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            self.chars += 1;
        }
        while self.chars > target && self.byte > 0 {
            self.byte -= 1;
            while self.byte > 0 && b[self.byte] & 0xC0 == 0x80 {
                self.byte -= 1;
            }
            self.chars -= 1;
        }
        self.byte.min(b.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_is_an_error_at_its_place() {
        let e = parse_yaml("a: 1\nb: \"x\0y\"\n", &Limits::default()).unwrap_err();
        assert_eq!(e.span, Span::new(10, 11));
        assert!(e.message.contains("U+0000"), "{}", e.message);
        let e = parse_yaml("a: \u{1b}[31m\n", &Limits::default()).unwrap_err();
        assert_eq!(e.span, Span::new(3, 4));
        assert!(parse_yaml("a: \"\t1\"\r\nb: 2\n", &Limits::default()).is_ok());
    }

    #[test]
    fn a_key_over_the_implicit_key_limit_says_so() {
        let long = "k".repeat(2000);
        let e = parse_yaml(&format!("a: 1\n{long}: 2\n"), &Limits::default()).unwrap_err();
        assert!(e.message.contains("longer than 1024"), "{}", e.message);
        let explicit = format!("a: 1\n? {long}\n: 2\n");
        assert!(parse_yaml(&explicit, &Limits::default()).is_ok());
    }

    fn parse(text: &str) -> Parsed {
        parse_yaml(text, &Limits::default()).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    fn err(text: &str) -> ParseError {
        match parse_yaml(text, &Limits::default()) {
            Ok(p) => panic!("{text:?} parsed: {:?}", p.tree),
            Err(e) => e,
        }
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    /// The source of the node at `path` (keys, or indices for sequences).
    fn source<'a>(text: &'a str, p: &Parsed, path: &[&str]) -> &'a str {
        let t = &p.tree;
        let mut id = t.root;
        for seg in path {
            id = match t.value(id) {
                Value::Array(items) => items[seg.parse::<usize>().unwrap()],
                _ => t
                    .get(id, seg)
                    .unwrap_or_else(|| panic!("no {seg} in {path:?}")),
            };
        }
        slice(text, t.node(id).span)
    }

    fn value<'p>(p: &'p Parsed, path: &[&str]) -> &'p Value {
        let t = &p.tree;
        let mut id = t.root;
        for seg in path {
            id = match t.value(id) {
                Value::Array(items) => items[seg.parse::<usize>().unwrap()],
                _ => t.get(id, seg).unwrap(),
            };
        }
        t.value(id)
    }

    fn key_sources<'a>(text: &'a str, p: &Parsed, id: NodeId) -> Vec<&'a str> {
        match p.tree.value(id) {
            Value::Object(members) => members.iter().map(|m| slice(text, m.key_span)).collect(),
            v => panic!("{v:?}"),
        }
    }

    fn in_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        // A 2 MB stack, like a default spawned thread, proves no recursion.
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn spans_of_block_values_and_keys() {
        let text = "\
openapi: 3.1.0
info:
  title: \"Pet store\"
  version: '1'
paths:
  /pets:
    get:
      tags: [pets, 'b']
      description: |
        Lists pets.
        All of them.

      summary: >-
        folded
        text
list:
- a
- b: 1
  c: 2
nested:
  - - x
    - y
empty:
last: end  # comment
";
        let p = parse(text);
        let t = &p.tree;
        assert_eq!(
            slice(text, t.node(t.root).span),
            text.trim_end_matches("  # comment\n")
        );
        assert_eq!(
            key_sources(text, &p, t.root),
            [
                "openapi", "info", "paths", "list", "nested", "empty", "last"
            ]
        );
        assert_eq!(source(text, &p, &["openapi"]), "3.1.0");
        assert_eq!(
            source(text, &p, &["info"]),
            "title: \"Pet store\"\n  version: '1'"
        );
        assert_eq!(source(text, &p, &["info", "title"]), "\"Pet store\"");
        assert_eq!(source(text, &p, &["info", "version"]), "'1'");
        assert_eq!(
            source(text, &p, &["paths", "/pets", "get", "tags"]),
            "[pets, 'b']"
        );
        assert_eq!(
            source(text, &p, &["paths", "/pets", "get", "tags", "1"]),
            "'b'"
        );
        assert_eq!(
            source(text, &p, &["paths", "/pets", "get", "description"]),
            "|\n        Lists pets.\n        All of them."
        );
        assert_eq!(
            value(&p, &["paths", "/pets", "get", "description"]),
            &Value::String("Lists pets.\nAll of them.\n".into())
        );
        assert_eq!(
            source(text, &p, &["paths", "/pets", "get", "summary"]),
            ">-\n        folded\n        text"
        );
        assert_eq!(source(text, &p, &["list"]), "- a\n- b: 1\n  c: 2");
        assert_eq!(source(text, &p, &["list", "1"]), "b: 1\n  c: 2");
        assert_eq!(source(text, &p, &["nested"]), "- - x\n    - y");
        assert_eq!(source(text, &p, &["nested", "0"]), "- x\n    - y");
        assert_eq!(value(&p, &["empty"]), &Value::Null);
        assert_eq!(source(text, &p, &["last"]), "end");
        let get = t
            .get(
                t.get(t.get(t.root, "paths").unwrap(), "/pets").unwrap(),
                "get",
            )
            .unwrap();
        assert_eq!(
            key_sources(text, &p, get),
            ["tags", "description", "summary"]
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn spans_of_flow_collections_and_quoted_keys() {
        let text = "{\"a b\": [1, {c: d}], 'e': {}, f: [], g: [x: y]}";
        let p = parse(text);
        assert_eq!(slice(text, p.tree.node(p.tree.root).span), text);
        assert_eq!(
            key_sources(text, &p, p.tree.root),
            ["\"a b\"", "'e'", "f", "g"]
        );
        assert_eq!(source(text, &p, &["a b"]), "[1, {c: d}]");
        assert_eq!(source(text, &p, &["a b", "1"]), "{c: d}");
        assert_eq!(source(text, &p, &["e"]), "{}");
        assert_eq!(source(text, &p, &["f"]), "[]");
        assert_eq!(source(text, &p, &["g", "0"]), "x: y");
    }

    #[test]
    fn spans_leave_out_anchors_and_tags() {
        let text =
            "a: &x !!str 5\nb: &m\n  k: v\nc: !!seq [1]\nd: &s\n- 1\ne: *x\nf: &l |\n  text\n";
        let p = parse(text);
        assert_eq!(source(text, &p, &["a"]), "5");
        assert_eq!(value(&p, &["a"]), &Value::String("5".into()));
        assert_eq!(source(text, &p, &["b"]), "k: v");
        assert_eq!(source(text, &p, &["c"]), "[1]");
        assert_eq!(source(text, &p, &["d"]), "- 1");
        // An alias shares its anchor's node, span included.
        assert_eq!(p.tree.get(p.tree.root, "e"), p.tree.get(p.tree.root, "a"));
        assert_eq!(source(text, &p, &["f"]), "|\n  text");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn spans_are_byte_offsets_in_non_ascii_text() {
        let text =
            "título: café\nñ: [ü, \"ö\"]\nmap:\n  日本: 語\n  ключ: |\n    значение\nend: ✓\n";
        let p = parse(text);
        assert_eq!(
            key_sources(text, &p, p.tree.root),
            ["título", "ñ", "map", "end"]
        );
        assert_eq!(source(text, &p, &["título"]), "café");
        assert_eq!(source(text, &p, &["ñ"]), "[ü, \"ö\"]");
        assert_eq!(source(text, &p, &["ñ", "1"]), "\"ö\"");
        assert_eq!(
            source(text, &p, &["map"]),
            "日本: 語\n  ключ: |\n    значение"
        );
        assert_eq!(source(text, &p, &["map", "ключ"]), "|\n    значение");
        assert_eq!(source(text, &p, &["end"]), "✓");
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let text = "\u{feff}a: 1\r\nb:\r\n  - \"x\"\r\n  - |\r\n    l1\r\n    l2\r\nc: d\r\n";
        let p = parse(text);
        assert_eq!(key_sources(text, &p, p.tree.root), ["a", "b", "c"]);
        assert_eq!(source(text, &p, &["a"]), "1");
        assert_eq!(
            source(text, &p, &["b"]),
            "- \"x\"\r\n  - |\r\n    l1\r\n    l2"
        );
        assert_eq!(value(&p, &["b", "1"]), &Value::String("l1\nl2\n".into()));
        assert_eq!(source(text, &p, &["c"]), "d");
    }

    #[test]
    fn core_schema_scalars() {
        let text = "\
- ~
- null
- Null
- NULL
-
- true
- True
- FALSE
- 42
- -17
- +3
- 0x1F
- 0o17
- 9223372036854775808
- 1.5
- -.5
- 1e3
- 6.02E+23
- .inf
- -.Inf
- +.INF
- 0955
- 1.0.0
- 3.1.0
- yes
- off
- nan
- 0x
- '42'
- \"true\"
- |
  7
- TRUE1
- -x
";
        let p = parse(text);
        let Value::Array(items) = p.tree.value(p.tree.root) else {
            panic!()
        };
        let values: Vec<&Value> = items.iter().map(|&i| p.tree.value(i)).collect();
        let s = |x: &str| Value::String(x.into());
        let expected = [
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Bool(true),
            Value::Bool(true),
            Value::Bool(false),
            Value::Int(42),
            Value::Int(-17),
            Value::Int(3),
            Value::Int(31),
            Value::Int(15),
            Value::Float(9223372036854775808.0),
            Value::Float(1.5),
            Value::Float(-0.5),
            Value::Float(1000.0),
            Value::Float(6.02e23),
            Value::Float(f64::INFINITY),
            Value::Float(f64::NEG_INFINITY),
            Value::Float(f64::INFINITY),
            s("0955"),
            s("1.0.0"),
            s("3.1.0"),
            s("yes"),
            s("off"),
            s("nan"),
            s("0x"),
            s("42"),
            s("true"),
            s("7\n"),
            s("TRUE1"),
            s("-x"),
        ];
        assert_eq!(values.len(), expected.len());
        for (i, (got, want)) in values.iter().zip(&expected).enumerate() {
            assert_eq!(*got, want, "item {i}");
        }
        assert!(matches!(parse(".nan").tree.nodes[0].value, Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn yaml11_booleans_only_with_the_option() {
        let text = "[yes, Yes, YES, y, Y, on, On, ON, no, No, NO, n, N, off, Off, OFF, 'yes', oN]";
        let default = parse(text);
        let Value::Array(items) = default.tree.value(default.tree.root) else {
            panic!()
        };
        assert!(
            items
                .iter()
                .all(|&i| matches!(default.tree.value(i), Value::String(_)))
        );

        let opts = YamlOptions {
            yaml11_booleans: true,
        };
        let p = parse_yaml_with(text, &Limits::default(), &opts).unwrap();
        let Value::Array(items) = p.tree.value(p.tree.root) else {
            panic!()
        };
        let values: Vec<&Value> = items.iter().map(|&i| p.tree.value(i)).collect();
        for v in &values[..8] {
            assert_eq!(**v, Value::Bool(true));
        }
        for v in &values[8..16] {
            assert_eq!(**v, Value::Bool(false));
        }
        assert_eq!(*values[16], Value::String("yes".into()));
        assert_eq!(*values[17], Value::String("oN".into()));
    }

    #[test]
    fn explicit_tags() {
        let text = "\
a: !!str 12
b: !!int \"12\"
c: !!float 1
d: !!bool 'true'
e: !!null ''
f: !!map {x: 1}
g: !!seq [1]
h: ! 12
i: !<tag:yaml.org,2002:int> '7'
j: !!int nope
k: !!int 0955
";
        let p = parse(text);
        assert_eq!(value(&p, &["a"]), &Value::String("12".into()));
        assert_eq!(value(&p, &["b"]), &Value::Int(12));
        assert_eq!(value(&p, &["c"]), &Value::Float(1.0));
        assert_eq!(value(&p, &["d"]), &Value::Bool(true));
        assert_eq!(value(&p, &["e"]), &Value::Null);
        assert!(matches!(value(&p, &["f"]), Value::Object(_)));
        assert!(matches!(value(&p, &["g"]), Value::Array(_)));
        assert_eq!(value(&p, &["h"]), &Value::String("12".into()));
        assert_eq!(value(&p, &["i"]), &Value::Int(7));
        assert_eq!(value(&p, &["j"]), &Value::String("nope".into()));
        assert_eq!(value(&p, &["k"]), &Value::Int(955));
        let messages: Vec<&str> = p.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["'nope' is not a valid !!int; kept as a string"]);
    }

    #[test]
    fn unknown_tags_are_ignored_with_a_warning() {
        let text = "a: !!python/object:os.system 5\nb: !custom [1]\nc: !Ref 'x'\n";
        let p = parse(text);
        assert_eq!(value(&p, &["a"]), &Value::Int(5));
        assert!(matches!(value(&p, &["b"]), Value::Array(_)));
        assert_eq!(value(&p, &["c"]), &Value::String("x".into()));
        let found: Vec<(&str, &str, DiagnosticSeverity)> = p
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), slice(text, d.span), d.severity))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "unknown tag !!python/object:os.system ignored",
                    "!!python/object:os.system",
                    DiagnosticSeverity::Warning
                ),
                (
                    "unknown tag !custom ignored",
                    "!custom",
                    DiagnosticSeverity::Warning
                ),
                (
                    "unknown tag !Ref ignored",
                    "!Ref",
                    DiagnosticSeverity::Warning
                ),
            ]
        );
    }

    #[test]
    fn non_string_keys_are_kept_as_written() {
        let text = "200: ok\ntrue: t\n~: n\n1.5: f\n0x1F: h\n";
        let p = parse(text);
        let Value::Object(members) = p.tree.value(p.tree.root) else {
            panic!()
        };
        let keys: Vec<&str> = members.iter().map(|m| &*m.key).collect();
        assert_eq!(keys, ["200", "true", "~", "1.5", "0x1F"]);
    }

    #[test]
    fn complex_keys_are_an_error() {
        for text in ["? [a]\n: 1\n", "[a]: 1\n", "{a: 1}: 2\n", "? - a\n: 1\n"] {
            assert_eq!(
                err(text).message,
                "complex mapping keys are not supported",
                "{text:?}"
            );
        }
        let e = err("x: 1\n[a, b]: 1\n");
        assert_eq!(e.span, Span::new(5, 6));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let text = "a: 1\nb: 2\na: 3\n";
        let p = parse(text);
        let Value::Object(members) = p.tree.value(p.tree.root) else {
            panic!()
        };
        assert_eq!(
            members.iter().map(|m| &*m.key).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(value(&p, &["a"]), &Value::Int(3));
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].message, "Duplicate key: a");
        assert_eq!(p.diagnostics[0].severity, DiagnosticSeverity::Error);
        assert_eq!(p.diagnostics[0].span, Span::new(10, 11));
    }

    #[test]
    fn merge_keys() {
        let text = "\
base: &base {a: 1, b: 2}
more: &more {b: 20, c: 30, d: 40}
one:
  <<: *base
  x: 0
two:
  a: explicit
  <<: [*base, *more]
  d: override
inline:
  <<: {q: 1}
quoted:
  '<<': *base
";
        let p = parse(text);
        let json = p.tree.to_json(p.tree.root);
        assert_eq!(json["one"], serde_json::json!({"a": 1, "b": 2, "x": 0}));
        assert_eq!(
            json["two"],
            serde_json::json!({"a": "explicit", "b": 2, "c": 30, "d": "override"})
        );
        assert_eq!(json["inline"], serde_json::json!({"q": 1}));
        // A quoted `<<` is an ordinary key.
        assert_eq!(json["quoted"], serde_json::json!({"<<": {"a": 1, "b": 2}}));
        // Overriding a merged key is not a duplicate.
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        // Merged members point at where they were written.
        let one = p.tree.get(p.tree.root, "one").unwrap();
        assert_eq!(slice(text, p.tree.member(one, "a").unwrap().key_span), "a");
        assert_eq!(p.tree.member(one, "a").unwrap().key_span.start, 13);
    }

    #[test]
    fn merge_of_a_scalar_is_reported() {
        let p = parse("a:\n  <<: 5\n");
        assert_eq!(p.diagnostics.len(), 1);
        assert!(
            p.diagnostics[0]
                .message
                .starts_with("the merge key '<<' needs a mapping")
        );
        assert_eq!(
            p.tree.to_json(p.tree.root),
            serde_json::json!({"a": {"<<": 5}})
        );
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let e = err(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(
            e.message,
            "document expands to more than 1000000 nodes through aliases (alias bomb?)"
        );
        assert!(slice(&text, e.span).starts_with('*'));
    }

    #[test]
    fn merge_keys_count_towards_the_alias_limit() {
        let limits = Limits {
            max_alias_expansion: 50,
            ..Limits::default()
        };
        let mut text = String::from("base: &b {");
        text.push_str(
            &(0..10)
                .map(|i| format!("k{i}: {i}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        text.push_str("}\n");
        for i in 0..10 {
            text.push_str(&format!("m{i}: {{<<: *b}}\n"));
        }
        let e = parse_yaml(&text, &limits).unwrap_err();
        assert!(e.message.contains("through aliases"), "{e:?}");
    }

    #[test]
    fn recursive_and_unknown_aliases_are_errors() {
        let e = err("a: &x [1, *x]\n");
        assert_eq!(
            e.message,
            "alias *x refers to a node that contains it (recursive aliases are not supported)"
        );
        assert_eq!(e.span, Span::new(10, 12));
        let e = err("a: 1\nb: *nope\n");
        assert_eq!(
            e.message,
            "unknown alias *nope (no anchor &nope is defined before it)"
        );
        assert_eq!(e.span, Span::new(8, 13));
    }

    #[test]
    fn aliases_as_keys() {
        let p = parse("- &k name\n- {*k : value}\n");
        assert_eq!(
            p.tree.to_json(p.tree.root),
            serde_json::json!(["name", {"name": "value"}])
        );
    }

    #[test]
    fn deep_block_sequences_are_an_error_not_a_stack_overflow() {
        let result = in_small_stack(|| {
            let text = "- ".repeat(100_000) + "x\n";
            parse_yaml(&text, &Limits::default())
        });
        let e = result.unwrap_err();
        assert_eq!(e.message, "nesting deeper than 1000 levels");
        assert_eq!(e.span, Span::new(2000, 2001));
    }

    #[test]
    fn deep_flow_sequences_are_an_error_not_a_stack_overflow() {
        let result = in_small_stack(|| {
            let text = "[".repeat(100_000);
            parse_yaml(&text, &Limits::default())
        });
        let e = result.unwrap_err();
        assert_eq!(
            e.message,
            "flow collections ([...] and {...}) nested deeper than 255 levels"
        );
        // Under saphyr's own flow limit, ours applies.
        let limits = Limits {
            max_depth: 100,
            ..Limits::default()
        };
        let e = parse_yaml(&"[".repeat(200), &limits).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 100 levels");
        assert_eq!(e.span, Span::new(100, 101));
    }

    #[test]
    fn deep_indented_mappings_stop_at_the_limit() {
        let limits = Limits {
            max_depth: 50,
            ..Limits::default()
        };
        let text: String = (0..200)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let e = parse_yaml(&text, &limits).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 50 levels");
        assert_eq!(slice(&text, e.span), "k");
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "a: b: c\n",
                "mapping values are not allowed in this context",
                ":",
            ),
            (
                "a:\n\tb: 1\n",
                "tab character used for indentation (YAML indentation must use spaces)",
                "\t",
            ),
            (
                "a:\n  b: 1\n\tc: 2\n",
                "tab character used for indentation (YAML indentation must use spaces)",
                "\t",
            ),
            (
                "a: \"open\n",
                "while scanning a quoted scalar, found unexpected end of stream",
                "\"",
            ),
            (
                "key: [1, 2\nb: 3\n",
                "illegal placement of ':' indicator",
                ":",
            ),
            (
                "a: 1\n- b\n",
                "while parsing a block mapping, did not find expected key",
                "-",
            ),
        ];
        for (text, message, at) in cases {
            let e = err(text);
            assert_eq!(e.message, *message, "{text:?}");
            assert_eq!(slice(text, e.span), *at, "{text:?}");
        }
        // Positions are byte offsets after non-ASCII text too.
        let text = "é: ü: x\n";
        let e = err(text);
        assert_eq!(e.span.start as usize, text.find(": x").unwrap());
    }

    #[test]
    fn only_the_first_document_is_built() {
        let text = "a: 1\n---\nb: 2\n";
        let p = parse(text);
        assert_eq!(p.tree.to_json(p.tree.root), serde_json::json!({"a": 1}));
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(
            p.diagnostics[0].message,
            "only the first YAML document of a stream is linted"
        );
        assert_eq!(p.diagnostics[0].severity, DiagnosticSeverity::Warning);
        assert_eq!(slice(text, p.diagnostics[0].span), "---");
        // A syntax error in a later document still fails the parse.
        assert!(parse_yaml("a: 1\n---\nb: c: d\n", &Limits::default()).is_err());
    }

    #[test]
    fn empty_documents_are_null() {
        for text in ["", "   \n", "# only a comment\n", "---\n"] {
            let p = parse(text);
            assert_eq!(p.tree.value(p.tree.root), &Value::Null, "{text:?}");
            assert!(p.diagnostics.is_empty());
        }
    }

    #[test]
    fn offsets_cursor_moves_both_ways() {
        let text = "aé日😀b";
        let mut o = Offsets::new(text);
        let expected = [0, 1, 3, 6, 10, 11];
        for (c, &b) in expected.iter().enumerate() {
            assert_eq!(o.byte(c), b);
        }
        for (c, &b) in expected.iter().enumerate().rev() {
            assert_eq!(o.byte(c), b);
        }
        let long = "x".repeat(20) + "é" + &"y".repeat(20);
        let mut o = Offsets::new(&long);
        assert_eq!(o.byte(30), 31);
        assert_eq!(o.byte(5), 5);
    }

    /// Throughput on the corpus: `cargo test --release --lib yaml::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/yaml");
        let dir = std::env::var("APILINT_YAML_CORPUS").unwrap_or_else(|_| dir.to_string());
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        {
            let text = std::fs::read_to_string(path).unwrap();
            let rounds = (20_000_000 / text.len().max(1)).clamp(3, 200);
            // Best of several rounds, parse alone and with dropping the tree
            // (freeing every string is a large share of the total).
            let (mut secs, mut with_drop) = (f64::MAX, f64::MAX);
            for _ in 0..rounds {
                let start = std::time::Instant::now();
                let parsed = std::hint::black_box(parse_yaml(&text, &Limits::default()).unwrap());
                let parsed_at = start.elapsed().as_secs_f64();
                drop(parsed);
                secs = secs.min(parsed_at);
                with_drop = with_drop.min(start.elapsed().as_secs_f64());
            }
            println!(
                "{:>8.1} MB/s parse {:>8.1} MB/s with drop {:>9} bytes  {}",
                text.len() as f64 / secs / 1e6,
                text.len() as f64 / with_drop / 1e6,
                text.len(),
                path.file_name().unwrap().to_string_lossy()
            );
        }
    }
}
