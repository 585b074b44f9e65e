//! The set of documents one lint sees, and the `$ref` graph between them.
//!
//! Loading starts from the root document, finds every `{"$ref": "..."}`
//! object, loads the files (and, when allowed, URLs) they name, and records
//! for each ref object where it finally points: a [`Loc`] plus the target's
//! path inside its own file. Nothing is ever copied or inlined: the resolved
//! view ([`super::View`]) follows these links lazily, so a shared component
//! exists once no matter how many paths reach it, and cycles are just edges.
//!
//! Problems found while loading (a missing file, a pointer to nothing, a
//! remote ref while remote refs are off, a referenced file that does not
//! parse) are kept as [`LoadProblem`]s; the engine reports them as findings
//! (`invalid-ref`, `parser`) and lints the rest.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::pointer::{self, is_remote};
use super::{Document, Limits, NodeId, ParseError, PathSeg, Span, Tree, Value};

/// Index of a document in its [`Workspace`]. The root is always `DocId(0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u32);

/// A node in some document of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub doc: DocId,
    pub node: NodeId,
}

/// Where a `$ref` finally leads (after following chains of refs).
#[derive(Clone, Debug)]
pub struct RefTarget {
    pub loc: Loc,
    /// The target's path from the root of its own document.
    pub path: Arc<[PathSeg]>,
}

/// One `$ref` object and its resolution.
#[derive(Clone, Debug)]
pub struct RefInfo {
    /// The reference as written.
    pub reference: Box<str>,
    /// The string node holding the reference (for spans).
    pub ref_node: NodeId,
    /// Where it leads, or why it leads nowhere.
    pub target: Result<RefTarget, String>,
}

/// Which files `$ref`s may read.
#[derive(Clone, Debug)]
pub enum FileAccess {
    /// No file refs at all (the service: the spec came over the wire).
    Deny,
    /// Any file the process can read (the CLI: the user's own checkout).
    Anywhere,
    /// Only files inside this directory (after resolving `..` and symlinks).
    Within(PathBuf),
}

/// Fetches remote documents for `http(s)` refs. Absent = remote refs off.
pub trait Fetcher: Send + Sync {
    fn fetch(&self, url: &str) -> Result<String, String>;
}

/// How to load a workspace.
#[derive(Clone)]
pub struct LoadOptions {
    pub limits: Limits,
    pub files: FileAccess,
    pub remote: Option<Arc<dyn Fetcher>>,
    /// Most documents one lint may load (refs that would load more fail).
    pub max_documents: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            limits: Limits::default(),
            files: FileAccess::Anywhere,
            remote: None,
            max_documents: 1000,
        }
    }
}

/// A problem found while loading, reported by the engine as a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProblem {
    /// `invalid-ref` or `parser`, Spectral's codes for these.
    pub code: &'static str,
    pub message: String,
    pub doc: DocId,
    pub span: Span,
    /// The path of the offending node inside `doc` (empty for parse errors).
    pub path: Vec<PathSeg>,
}

/// A `$ref` found while loading: the object holding it, the string node,
/// the reference, and the document it names (or why it has none).
type PendingRef = (Loc, NodeId, Box<str>, Result<DocId, String>);

/// Where a document came from; used to resolve relative refs and to avoid
/// loading one file twice.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Origin {
    File(PathBuf),
    Url(String),
    /// Text with no location (stdin, an API request): file refs resolve
    /// against `base` when given.
    Anonymous,
}

/// All documents of one lint and the `$ref` links between them.
pub struct Workspace {
    docs: Vec<Document>,
    origins: Vec<Origin>,
    /// Directory relative refs of an anonymous root resolve against.
    anonymous_base: Option<PathBuf>,
    refs: FxHashMap<Loc, RefInfo>,
    /// Per document, one bit per node: set for `$ref` objects. The walk
    /// asks "is this a ref?" for every node it visits; the bit answers
    /// without a hash lookup.
    ref_bits: Vec<Vec<u64>>,
    problems: Vec<LoadProblem>,
    times: LoadTimes,
    /// Unique per workspace in this process, so state kept per document
    /// (the JavaScript sandbox's converted values) is never mistaken for
    /// another document's when an address is reused.
    id: u64,
    /// Values rules derive from a node and share ([`Workspace::derived`]).
    derived: std::sync::Mutex<DerivedMap>,
}

/// The latest derived value of each kind, with the node, resolution mode
/// and path it was worked out for.
type DerivedMap = FxHashMap<std::any::TypeId, (Loc, bool, Vec<PathSeg>, DerivedValue)>;
type DerivedValue = Arc<dyn std::any::Any + Send + Sync>;

/// How long loading took (a handful of clock reads per file, always taken:
/// `APILINT_TIMING` shows them).
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadTimes {
    /// Reading and parsing every file.
    pub parse: std::time::Duration,
    /// Finding and following `$ref`s, without the parsing of the files
    /// they name.
    pub resolve: std::time::Duration,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field(
                "docs",
                &self.docs.iter().map(|d| &d.name).collect::<Vec<_>>(),
            )
            .field("refs", &self.refs.len())
            .field("problems", &self.problems)
            .finish()
    }
}

/// Why the root document could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {name}: {message}")]
    Read { name: String, message: String },
    /// The root does not parse; `text` is kept so the error can be rendered
    /// with a line and column.
    #[error("{}", super::describe_parse_error(name, text, error))]
    Parse {
        name: String,
        text: Arc<str>,
        error: ParseError,
    },
}

impl Workspace {
    /// This workspace's process-unique id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Loads the file at `path` as the root, and everything it references.
    pub fn load_file(path: &FsPath, opts: &LoadOptions) -> Result<Workspace, LoadError> {
        let started = std::time::Instant::now();
        let name = path.display().to_string();
        let text = read_file(path).map_err(|message| LoadError::Read {
            name: name.clone(),
            message,
        })?;
        let origin = Origin::File(absolute(path));
        let mut ws = Self::load(name, text.into(), origin, None, opts)?;
        // Reading the root counts as parsing it, as for referenced files.
        ws.times.parse += started
            .elapsed()
            .saturating_sub(ws.times.parse + ws.times.resolve);
        Ok(ws)
    }

    /// Loads a root given as text. `name` labels it in findings (and picks
    /// JSON or YAML by extension); relative file refs resolve against
    /// `base_dir` when given, else they fail.
    pub fn from_text(
        name: &str,
        text: Arc<str>,
        base_dir: Option<&FsPath>,
        opts: &LoadOptions,
    ) -> Result<Workspace, LoadError> {
        Self::load(
            name.to_string(),
            text,
            Origin::Anonymous,
            base_dir.map(absolute),
            opts,
        )
    }

    fn load(
        name: String,
        text: Arc<str>,
        origin: Origin,
        anonymous_base: Option<PathBuf>,
        opts: &LoadOptions,
    ) -> Result<Workspace, LoadError> {
        let started = std::time::Instant::now();
        let doc = Document::parse(name.clone(), text.clone(), &opts.limits)
            .map_err(|error| LoadError::Parse { name, text, error })?;
        let parsed = started.elapsed();
        let mut ws = Workspace {
            docs: vec![doc],
            origins: vec![origin],
            anonymous_base,
            refs: FxHashMap::default(),
            ref_bits: Vec::new(),
            problems: Vec::new(),
            times: LoadTimes {
                parse: parsed,
                resolve: std::time::Duration::ZERO,
            },
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
            derived: Default::default(),
        };
        ws.collect_and_load(opts);
        ws.resolve_targets();
        ws.ref_bits = ws
            .docs
            .iter()
            .map(|d| vec![0u64; d.tree.nodes.len().div_ceil(64)])
            .collect();
        for loc in ws.refs.keys() {
            let i = loc.node.index();
            ws.ref_bits[loc.doc.0 as usize][i / 64] |= 1 << (i % 64);
        }
        // Referenced files were read and parsed during the resolution;
        // that time was added to `parse` as it was spent.
        ws.times.resolve = started.elapsed().saturating_sub(ws.times.parse);
        Ok(ws)
    }

    /// How long reading, parsing and resolving took.
    pub fn load_times(&self) -> LoadTimes {
        self.times
    }

    pub fn root(&self) -> Loc {
        Loc {
            doc: DocId(0),
            node: self.docs[0].tree.root,
        }
    }

    pub fn doc(&self, id: DocId) -> &Document {
        &self.docs[id.0 as usize]
    }

    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// A value worked out from the node `at` (seen resolved or not, reached
    /// by `path`) that several rules need: the first to ask computes it,
    /// the next ones get the same value. The type `T` tells kinds of values
    /// apart. For example, the thirteen schema rules of `apilint:zalando`
    /// all look at every schema below the same match; the list is found
    /// once.
    ///
    /// Only the latest value of each kind is kept: the rules that share a
    /// match run one after the other, so they ask for the same value in a
    /// row, and keeping every value for the whole run would hold on to
    /// tens of megabytes on a large document.
    pub fn derived<T: std::any::Any + Send + Sync>(
        &self,
        at: Loc,
        resolved: bool,
        path: &[PathSeg],
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let kind = std::any::TypeId::of::<T>();
        let lock = || self.derived.lock().unwrap_or_else(|e| e.into_inner());
        let found = lock().get(&kind).and_then(|(l, r, p, v)| {
            (*l == at && *r == resolved && p.as_slice() == path).then(|| v.clone())
        });
        if let Some(v) = found.and_then(|v| v.downcast::<T>().ok()) {
            return v;
        }
        // Computed without the lock held: `compute` may read the
        // workspace, and two threads computing the same value at once only
        // waste a little work.
        let value = Arc::new(compute());
        lock().insert(kind, (at, resolved, path.to_vec(), value.clone()));
        value
    }

    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// The `$ref` at `loc`, if `loc` is an object with a string `$ref`.
    #[inline]
    pub fn ref_at(&self, loc: Loc) -> Option<&RefInfo> {
        let i = loc.node.index();
        let word = self.ref_bits.get(loc.doc.0 as usize)?.get(i / 64)?;
        if word & (1 << (i % 64)) == 0 {
            return None;
        }
        self.refs.get(&loc)
    }

    /// Follows `loc` if it is a resolvable `$ref`; otherwise returns it.
    #[inline]
    pub fn deref(&self, loc: Loc) -> Loc {
        match self.ref_at(loc) {
            Some(RefInfo { target: Ok(t), .. }) => t.loc,
            _ => loc,
        }
    }

    #[inline]
    pub fn value(&self, loc: Loc) -> &Value {
        self.doc(loc.doc).tree.value(loc.node)
    }

    /// A view of the root, resolved (refs followed) or not.
    pub fn view(&self, resolved: bool) -> super::View<'_> {
        super::View::new(self, self.root(), resolved)
    }

    /// Finds every `$ref` in every document, loading referenced files as
    /// they are discovered (breadth-first, each file once).
    fn collect_and_load(&mut self, opts: &LoadOptions) {
        // Pending pointer resolutions: (ref object, string node, reference, target doc, fragment).
        let mut pending: Vec<PendingRef> = Vec::new();
        let mut next_doc = 0;
        while next_doc < self.docs.len() {
            let doc_id = DocId(next_doc as u32);
            next_doc += 1;
            let mut found = Vec::new();
            for (i, node) in self.docs[doc_id.0 as usize].tree.nodes.iter().enumerate() {
                if let Value::Object(members) = &node.value
                    && let Some(m) = members.iter().find(|m| &*m.key == "$ref")
                    && let Value::String(r) = self.docs[doc_id.0 as usize].tree.value(m.value)
                {
                    found.push((NodeId(i as u32), m.value, r.clone()));
                }
            }
            for (obj, str_node, reference) in found {
                let parts = pointer::split_ref(&reference);
                let target_doc = if parts.file.is_empty() {
                    Ok(doc_id)
                } else {
                    self.load_referenced(doc_id, parts.file, opts)
                };
                pending.push((
                    Loc {
                        doc: doc_id,
                        node: obj,
                    },
                    str_node,
                    reference,
                    target_doc,
                ));
            }
        }
        for (loc, ref_node, reference, target_doc) in pending {
            let target = target_doc.and_then(|doc| {
                let frag = pointer::split_ref(&reference).fragment.unwrap_or("");
                let tokens = pointer::parse_pointer(frag)?;
                Ok((doc, tokens))
            });
            // Pointers are followed in a second pass (below), once every
            // ref is known, because a pointer may pass through other refs.
            self.refs.insert(
                loc,
                RefInfo {
                    reference,
                    ref_node,
                    target: target.map(|(doc, tokens)| RefTarget {
                        loc: Loc {
                            doc,
                            node: NodeId(u32::MAX),
                        },
                        path: tokens.into_iter().map(PathSeg::Key).collect(),
                    }),
                },
            );
        }
    }

    /// Resolves a file or URL named by a ref in document `from`, loading it
    /// if it is new. Returns the document's id or why it cannot be had.
    fn load_referenced(
        &mut self,
        from: DocId,
        file: &str,
        opts: &LoadOptions,
    ) -> Result<DocId, String> {
        let file = pointer::percent_decode(file)?;
        let origin = match (&self.origins[from.0 as usize], is_remote(&file)) {
            (_, true) => Origin::Url(file.clone()),
            (Origin::Url(base), false) => Origin::Url(join_url(base, &file)),
            (Origin::File(base), false) => Origin::File(normalize(
                &base.parent().unwrap_or(FsPath::new("/")).join(&file),
            )),
            (Origin::Anonymous, false) => match &self.anonymous_base {
                Some(dir) => Origin::File(normalize(&dir.join(&file))),
                None => {
                    return Err(format!(
                        "cannot resolve \"{file}\": the document has no location to resolve relative files against"
                    ));
                }
            },
        };
        if let Some(i) = self.origins.iter().position(|o| *o == origin) {
            return Ok(DocId(i as u32));
        }
        if self.docs.len() >= opts.max_documents {
            return Err(format!(
                "more than {} documents referenced; not loading \"{file}\"",
                opts.max_documents
            ));
        }
        let (name, text) = match &origin {
            Origin::Url(url) => {
                let Some(fetcher) = &opts.remote else {
                    return Err(format!(
                        "remote reference \"{url}\" not followed: remote refs are disabled (enable them explicitly to fetch)"
                    ));
                };
                (url.clone(), fetcher.fetch(url)?)
            }
            Origin::File(path) => {
                match &opts.files {
                    FileAccess::Deny => {
                        return Err(format!(
                            "file reference \"{file}\" not followed: file refs are not allowed here"
                        ));
                    }
                    FileAccess::Anywhere => {}
                    FileAccess::Within(dir) => {
                        let real = std::fs::canonicalize(path)
                            .map_err(|e| format!("cannot read \"{file}\": {}", io_message(&e)))?;
                        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
                        if !real.starts_with(&dir) {
                            return Err(format!(
                                "file reference \"{file}\" points outside {}",
                                dir.display()
                            ));
                        }
                    }
                }
                let read_started = std::time::Instant::now();
                let text = read_file(path).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
                self.times.parse += read_started.elapsed();
                (
                    display_name(
                        &self.docs[from.0 as usize].name,
                        &self.origins[from.0 as usize],
                        &file,
                        path,
                    ),
                    text,
                )
            }
            Origin::Anonymous => unreachable!("refs never name anonymous documents"),
        };
        let text: Arc<str> = text.into();
        let id = DocId(self.docs.len() as u32);
        let parse_started = std::time::Instant::now();
        let parsed = Document::parse(name.clone(), text.clone(), &opts.limits);
        self.times.parse += parse_started.elapsed();
        match parsed {
            Ok(doc) => {
                self.docs.push(doc);
                self.origins.push(origin);
                Ok(id)
            }
            Err(error) => {
                // Keep the text so the parse error renders with a line and
                // column in the file that is broken.
                self.problems.push(LoadProblem {
                    code: "parser",
                    message: error.message.clone(),
                    doc: id,
                    span: error.span,
                    path: Vec::new(),
                });
                self.docs.push(Document {
                    name: name.clone(),
                    text,
                    syntax: super::Syntax::Yaml,
                    tree: Tree::null(),
                    diagnostics: Vec::new(),
                    line_index: Default::default(),
                });
                self.origins.push(origin);
                Err(format!("\"{file}\" could not be parsed"))
            }
        }
    }

    /// Second pass: follow each ref's pointer (through other refs when the
    /// pointer crosses them) and then follow ref-to-ref chains, so every
    /// entry in `refs` names a final, non-ref target or an error.
    fn resolve_targets(&mut self) {
        let keys: Vec<Loc> = self.refs.keys().copied().collect();
        // Step 1: direct targets (pointer applied to the target document).
        let mut direct: FxHashMap<Loc, Result<RefTarget, String>> = FxHashMap::default();
        for &loc in &keys {
            let mut visiting = Vec::new();
            let t = self.direct_target(loc, &mut direct, &mut visiting);
            direct.insert(loc, t);
        }
        // Step 2: chains (a ref whose target is itself a ref object).
        for &loc in &keys {
            let mut seen = vec![loc];
            let mut cur = direct[&loc].clone();
            while let Ok(t) = &cur {
                if !direct.contains_key(&t.loc) {
                    break;
                }
                if seen.contains(&t.loc) {
                    cur = Err(format!(
                        "circular $ref chain through \"{}\"",
                        self.refs[&t.loc].reference
                    ));
                    break;
                }
                seen.push(t.loc);
                cur = direct[&t.loc].clone();
            }
            self.refs.get_mut(&loc).expect("key from refs").target = cur;
        }
        // Report broken refs where they are written.
        let mut problems: Vec<LoadProblem> = Vec::new();
        for &loc in &keys {
            let info = &self.refs[&loc];
            if let Err(message) = &info.target {
                if message.starts_with("circular $ref chain") {
                    // A ref cycle with no content is legal JSON but leads
                    // nowhere; it is left unresolved without a finding,
                    // as Spectral does.
                    continue;
                }
                let doc = self.doc(loc.doc);
                problems.push(LoadProblem {
                    code: "invalid-ref",
                    message: message.clone(),
                    doc: loc.doc,
                    span: doc.tree.node(info.ref_node).span,
                    path: path_to(&doc.tree, loc.node)
                        .map(|mut p| {
                            p.push(PathSeg::Key("$ref".into()));
                            p
                        })
                        .unwrap_or_default(),
                });
            }
        }
        problems.sort_by_key(|p| (p.doc, p.span));
        self.problems.extend(problems);
    }

    /// The node a ref's pointer names, following refs met on the way.
    fn direct_target(
        &self,
        loc: Loc,
        memo: &mut FxHashMap<Loc, Result<RefTarget, String>>,
        visiting: &mut Vec<Loc>,
    ) -> Result<RefTarget, String> {
        if let Some(t) = memo.get(&loc) {
            return t.clone();
        }
        if visiting.contains(&loc) || visiting.len() > 64 {
            return Err(format!(
                "circular $ref chain through \"{}\"",
                self.refs[&loc].reference
            ));
        }
        visiting.push(loc);
        let info = &self.refs[&loc];
        let result = (|| {
            let pending = info.target.as_ref().map_err(Clone::clone)?;
            let doc_id = pending.loc.doc;
            let tree = &self.doc(doc_id).tree;
            let mut cur = Loc {
                doc: doc_id,
                node: tree.root,
            };
            let mut path: Vec<PathSeg> = Vec::with_capacity(pending.path.len());
            for (i, seg) in pending.path.iter().enumerate() {
                let PathSeg::Key(token) = seg else {
                    unreachable!("pointer tokens are keys")
                };
                let mut step = self.child_by_token(cur, token);
                let mut hops = 0;
                while step.is_none() && self.refs.contains_key(&cur) && hops < 64 {
                    // The pointer runs through a ref (or a chain of them):
                    // continue in its target.
                    let t = self.direct_target(cur, memo, visiting)?;
                    cur = t.loc;
                    path = t.path.to_vec();
                    step = self.child_by_token(cur, token);
                    hops += 1;
                }
                match step {
                    Some((node, seg)) => {
                        cur = Loc { doc: cur.doc, node };
                        path.push(seg);
                    }
                    None => {
                        // Spectral's wording, naming the file when the
                        // pointer is into another one.
                        let shown = format!("#{}", super::tree::to_pointer(&pending.path[..=i]));
                        let file = pointer::split_ref(&info.reference).file;
                        return Err(if file.is_empty() {
                            format!("'{shown}' does not exist")
                        } else {
                            format!("'{shown}' does not exist @ '{file}'")
                        });
                    }
                }
            }
            Ok(RefTarget {
                loc: cur,
                path: path.into(),
            })
        })();
        visiting.pop();
        memo.insert(loc, result.clone());
        result
    }

    fn child_by_token(&self, loc: Loc, token: &str) -> Option<(NodeId, PathSeg)> {
        let tree = &self.doc(loc.doc).tree;
        match tree.value(loc.node) {
            Value::Object(_) => tree
                .get(loc.node, token)
                .map(|n| (n, PathSeg::Key(token.to_string()))),
            Value::Array(items) => {
                // RFC 6901: array indices are decimal without leading zeros.
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                let i: usize = token.parse().ok()?;
                items.get(i).map(|&n| (n, PathSeg::Index(i)))
            }
            _ => None,
        }
    }
}

/// The path from `tree`'s root to `target`, found by a search. Used only for
/// rare things (problem reports), never in the lint walk.
pub fn path_to(tree: &Tree, target: NodeId) -> Option<Vec<PathSeg>> {
    // Iterative DFS with an explicit stack of (node, path length).
    let mut path: Vec<PathSeg> = Vec::new();
    let mut stack: Vec<(NodeId, usize, Option<PathSeg>)> = vec![(tree.root, 0, None)];
    let mut seen = rustc_hash::FxHashSet::default();
    while let Some((id, depth, seg)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if let Some(seg) = seg {
            path.push(seg);
        }
        if id == target {
            return Some(path);
        }
        if !seen.insert(id) {
            continue;
        }
        match tree.value(id) {
            Value::Object(members) => {
                for m in members.iter().rev() {
                    stack.push((m.value, depth + 1, Some(PathSeg::Key(m.key.to_string()))));
                }
            }
            Value::Array(items) => {
                for (i, &c) in items.iter().enumerate().rev() {
                    stack.push((c, depth + 1, Some(PathSeg::Index(i))));
                }
            }
            _ => {}
        }
    }
    None
}

fn read_file(path: &FsPath) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| io_message(&e))?;
    decode_text(bytes)
}

/// Turns file bytes into text: UTF-8 (BOM allowed), or UTF-16 with a BOM.
/// Anything else is a clear error rather than mojibake.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| "invalid UTF-16 text".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// `path` made absolute against the current directory, lexically.
pub fn absolute(path: &FsPath) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Lexically removes `.` and `..` (symlinks are not consulted: the same
/// text must name the same file on every machine). A relative path stays
/// relative (`../../x` keeps both `..`); `..` at the root is dropped. The
/// one normalisation for file names across loading, rule sets and reports.
pub fn normalize(path: &FsPath) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a referenced file is named in findings: relative to the referring
/// document's displayed name when that is relative, so findings read like
/// the paths the user typed.
fn display_name(from_name: &str, from_origin: &Origin, file: &str, resolved: &FsPath) -> String {
    let from = FsPath::new(from_name);
    if matches!(from_origin, Origin::File(_)) && from.is_relative() {
        let joined = normalize(&from.parent().unwrap_or(FsPath::new("")).join(file));
        if !joined.as_os_str().is_empty() {
            return joined.display().to_string();
        }
    }
    resolved.display().to_string()
}

/// Resolves a relative URL reference against a base URL (enough of RFC
/// 3986 for `$ref`s: absolute, host-relative and path-relative forms).
fn join_url(base: &str, reference: &str) -> String {
    if is_remote(reference) {
        return reference.to_string();
    }
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    if let Some(abs) = reference.strip_prefix('/') {
        return format!("{}/{}", &base[..host_end], abs);
    }
    let dir_end = base
        .rfind('/')
        .filter(|&i| i >= host_end)
        .unwrap_or(host_end);
    let mut segs: Vec<&str> = base[host_end..dir_end]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    for part in reference.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                segs.pop();
            }
            p => segs.push(p),
        }
    }
    format!("{}/{}", &base[..host_end], segs.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_urls() {
        assert_eq!(
            join_url("https://x.io/a/b/spec.yaml", "c.yaml"),
            "https://x.io/a/b/c.yaml"
        );
        assert_eq!(
            join_url("https://x.io/a/b/spec.yaml", "../c.yaml"),
            "https://x.io/a/c.yaml"
        );
        assert_eq!(
            join_url("https://x.io/a/b/spec.yaml", "/c.yaml"),
            "https://x.io/c.yaml"
        );
        assert_eq!(
            join_url("https://x.io/spec.yaml", "http://y.io/z"),
            "http://y.io/z"
        );
    }

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize(FsPath::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(FsPath::new("../a")), PathBuf::from("../a"));
        assert_eq!(normalize(FsPath::new("../../x")), PathBuf::from("../../x"));
        assert_eq!(normalize(FsPath::new("a/../../x")), PathBuf::from("../x"));
        assert_eq!(normalize(FsPath::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn decodes_utf16_with_bom_and_rejects_bad_utf8() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a: 1".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(le).unwrap(), "a: 1");
        assert!(
            decode_text(vec![b'a', 0xC3])
                .unwrap_err()
                .contains("not valid UTF-8")
        );
    }
}

#[cfg(test)]
mod loading_tests {
    use super::*;

    struct Canned;
    impl Fetcher for Canned {
        fn fetch(&self, url: &str) -> Result<String, String> {
            match url {
                "https://example.test/common.yaml" => Ok("Pet:\n  $ref: 'pet.yaml'\n".into()),
                "https://example.test/pet.yaml" => Ok("type: object\n".into()),
                other => Err(format!("unexpected fetch of {other}")),
            }
        }
    }

    fn doc(text: &str) -> Arc<str> {
        Arc::from(text)
    }

    #[test]
    fn remote_refs_are_off_by_default_and_followed_when_enabled() {
        let text = doc("a:\n  $ref: 'https://example.test/common.yaml#/Pet'\n");
        let ws =
            Workspace::from_text("spec.yaml", text.clone(), None, &LoadOptions::default()).unwrap();
        assert_eq!(ws.problems().len(), 1);
        assert!(
            ws.problems()[0]
                .message
                .contains("remote refs are disabled"),
            "{:?}",
            ws.problems()
        );

        let opts = LoadOptions {
            remote: Some(Arc::new(Canned)),
            ..LoadOptions::default()
        };
        let ws = Workspace::from_text("spec.yaml", text, None, &opts).unwrap();
        assert!(ws.problems().is_empty(), "{:?}", ws.problems());
        // The chain spec → common.yaml#/Pet → pet.yaml (relative to the URL).
        let a = ws.view(true).get("a").unwrap();
        assert_eq!(a.get("type").and_then(|t| t.as_str()), Some("object"));
        assert_eq!(a.doc().name, "https://example.test/pet.yaml");
    }

    #[test]
    fn file_access_policies() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("api");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(
            inner.join("spec.yaml"),
            "a: {$ref: 'b.yaml'}\nc: {$ref: '../outside.yaml'}\n",
        )
        .unwrap();
        std::fs::write(inner.join("b.yaml"), "x: 1\n").unwrap();
        std::fs::write(dir.path().join("outside.yaml"), "y: 2\n").unwrap();

        let any = Workspace::load_file(&inner.join("spec.yaml"), &LoadOptions::default()).unwrap();
        assert!(any.problems().is_empty(), "{:?}", any.problems());

        let within = LoadOptions {
            files: FileAccess::Within(inner.clone()),
            ..LoadOptions::default()
        };
        let ws = Workspace::load_file(&inner.join("spec.yaml"), &within).unwrap();
        let msgs: Vec<&str> = ws.problems().iter().map(|p| p.message.as_str()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("points outside"), "{msgs:?}");

        let deny = LoadOptions {
            files: FileAccess::Deny,
            ..LoadOptions::default()
        };
        let ws = Workspace::load_file(&inner.join("spec.yaml"), &deny).unwrap();
        assert_eq!(ws.problems().len(), 2);
        assert!(
            ws.problems()
                .iter()
                .all(|p| p.code == "invalid-ref" && p.message.contains("not allowed"))
        );
    }

    #[test]
    fn pointers_escape_and_pass_through_refs() {
        let text = doc(concat!(
            "paths:\n  /a~b/c:\n    get: {x: 1}\n",
            "r1: {$ref: '#/paths/~1a~0b~1c/get'}\n",
            "alias: {$ref: '#/components/Thing'}\n",
            "components:\n  Thing: {$ref: '#/components/Real'}\n  Real: {inner: {v: 2}}\n",
            "deep: {$ref: '#/alias/inner/v'}\n",
            "bad: {$ref: '#/nope/x'}\n",
            "loop1: {$ref: '#/loop2'}\nloop2: {$ref: '#/loop1'}\n",
        ));
        let ws = Workspace::from_text("s.yaml", text, None, &LoadOptions::default()).unwrap();
        let root = ws.view(true);
        assert_eq!(
            root.get("r1").unwrap().get("x").and_then(|v| v.as_f64()),
            Some(1.0)
        );
        assert_eq!(root.get("deep").unwrap().as_f64(), Some(2.0));
        // Pure ref cycles stay unresolved without a finding; a pointer to
        // nothing is an invalid-ref at the $ref string.
        let msgs: Vec<&str> = ws.problems().iter().map(|p| p.message.as_str()).collect();
        assert_eq!(msgs, vec!["'#/nope' does not exist"]);
        assert!(
            root.get("loop1").unwrap().ref_string().is_some()
                || root.get("loop1").unwrap().is_object()
        );
    }
}
