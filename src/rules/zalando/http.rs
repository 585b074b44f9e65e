//! What the HTTP rules of `apilint:zalando` share: an operation and its
//! parts (parameters, request body, responses, headers, media types) read
//! the same way for OpenAPI 2 and 3, the status code tables, and the
//! recognition of paginated collection responses.
//!
//! Paths handed out here are logical (through `$ref`s, as the rule saw
//! them); the engine reports them where the value is written, so a finding
//! about a shared component lands once, at the component. Messages about
//! such places therefore do not name the operation.

use crate::document::format::Formats;
use crate::document::{PathSeg, View};
use crate::functions::{Context, Input};

/// Every operation of every path.
pub(crate) const OPERATIONS: &str = "$.paths[*][get,put,post,delete,patch,head,options,trace]";

/// Every parameter listed by a path item or an operation.
pub(crate) const PARAMETERS: &[&str] = &[
    "$.paths[*].parameters[*]",
    "$.paths[*][get,put,post,delete,patch,head,options,trace].parameters[*]",
];

/// The HTTP methods a path item may hold, lower case.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

// ---------------------------------------------------------------------------
// Status codes

/// Status codes registered in the IANA HTTP Status Code Registry (RFC 9110,
/// RFC 6585, RFC 4918, RFC 8297, RFC 7725, ...). 306 and 418 are registered
/// only as "(Unused)" and are not listed.
pub(crate) const OFFICIAL_STATUS_CODES: &[u16] = &[
    100, 101, 102, 103, 104, //
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226, //
    300, 301, 302, 303, 304, 305, 307, 308, //
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421,
    422, 423, 424, 425, 426, 428, 429, 431, 451, //
    500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];

/// Whether `code` is in the IANA registry.
pub(crate) fn is_official(code: u16) -> bool {
    OFFICIAL_STATUS_CODES.binary_search(&code).is_ok()
}

/// The guidelines' most common status codes (#150) with the methods they
/// suit; an empty list means every method.
pub(crate) const COMMON_STATUS_CODES: &[(u16, &[&str])] = &[
    (200, &[]),
    (201, &["post", "put"]),
    (202, &["post", "put", "patch", "delete", "get"]),
    (204, &["post", "put", "patch", "delete"]),
    (207, &["post", "delete"]),
    (304, &["get", "head"]),
    (400, &[]),
    (401, &[]),
    (403, &[]),
    (404, &[]),
    (405, &[]),
    (406, &[]),
    (409, &["post", "put", "patch", "delete"]),
    (410, &[]),
    (411, &["post", "put", "patch"]),
    (412, &["post", "put", "patch", "delete"]),
    (415, &["post", "put", "patch", "delete"]),
    (423, &["put", "patch", "delete"]),
    (428, &[]),
    (429, &[]),
    (431, &[]),
    (500, &[]),
    (501, &[]),
    (502, &[]),
    (503, &[]),
    (504, &[]),
    (507, &["post", "put", "patch"]),
];

/// A key of a `responses` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// A three-digit code.
    Code(u16),
    /// An OpenAPI 3 range such as `4XX`: the class digit.
    Range(u16),
    Default,
    /// Anything else (not a status code at all).
    Other,
}

impl Status {
    pub(crate) fn parse(key: &str) -> Status {
        let b = key.as_bytes();
        if key == "default" {
            return Status::Default;
        }
        if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) {
            if b[1..].iter().all(u8::is_ascii_digit) {
                return Status::Code(key.parse().unwrap_or(0));
            }
            if b[1..].iter().all(|&c| c == b'X' || c == b'x') {
                return Status::Range(u16::from(b[0] - b'0'));
            }
        }
        Status::Other
    }

    /// The class digit (2 for 2xx), if a code or range.
    pub(crate) fn class(self) -> Option<u16> {
        match self {
            Status::Code(c) => Some(c / 100),
            Status::Range(c) => Some(c),
            Status::Default | Status::Other => None,
        }
    }

    /// 1xx to 3xx: the request did not fail.
    pub(crate) fn is_success(self) -> bool {
        matches!(self.class(), Some(1..=3))
    }

    /// 4xx, 5xx or `default`.
    pub(crate) fn is_error(self) -> bool {
        self == Status::Default || matches!(self.class(), Some(4 | 5))
    }
}

// ---------------------------------------------------------------------------
// Operations

/// An operation matched by [`OPERATIONS`].
pub(crate) struct Operation<'a> {
    pub view: View<'a>,
    /// The path item holding it.
    pub item: Option<View<'a>>,
    pub root: View<'a>,
    /// Lower case, as the key is written.
    pub method: String,
    /// The path template, e.g. `/orders/{id}`.
    pub path: String,
    /// The operation's logical path.
    pub at: Vec<PathSeg>,
    pub oas2: bool,
}

impl<'a> Operation<'a> {
    /// The operation a rule with the [`OPERATIONS`] given was called with.
    pub(crate) fn from_match(input: Input<'a>, ctx: &Context<'a, '_>) -> Option<Operation<'a>> {
        let view = input.view().filter(|v| v.is_object())?;
        let at = ctx.path().to_vec();
        let [.., PathSeg::Key(path), PathSeg::Key(method)] = at.as_slice() else {
            return None;
        };
        let (path, method) = (path.clone(), method.to_ascii_lowercase());
        let item = ctx.root.get("paths").and_then(|p| p.get(&path));
        Some(Operation {
            view,
            item,
            root: ctx.root,
            method,
            path,
            at,
            oas2: ctx.formats.intersects(Formats::OAS2),
        })
    }

    /// The operations of a path item, for rules that look at a whole
    /// path item (`$.paths[*]`) or all paths (`$.paths`).
    pub(crate) fn of_item(
        root: View<'a>,
        item: View<'a>,
        path: &str,
        item_at: &[PathSeg],
        oas2: bool,
    ) -> Vec<Operation<'a>> {
        item.members()
            .filter(|(m, v)| METHODS.contains(&m.to_ascii_lowercase().as_str()) && v.is_object())
            .map(|(m, v)| {
                let mut at = item_at.to_vec();
                at.push(PathSeg::Key(m.to_string()));
                Operation {
                    view: v,
                    item: Some(item),
                    root,
                    method: m.to_ascii_lowercase(),
                    path: path.to_string(),
                    at,
                    oas2,
                }
            })
            .collect()
    }

    /// `GET /orders/{id}`, for messages.
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }

    /// The operation's path extended by `keys`.
    pub(crate) fn at(&self, keys: &[&str]) -> Vec<PathSeg> {
        let mut p = self.at.clone();
        p.extend(keys.iter().map(|k| PathSeg::Key((*k).to_string())));
        p
    }

    /// The `responses` members that are not extensions.
    pub(crate) fn responses(&self) -> std::vec::IntoIter<(&'a str, View<'a>)> {
        match self.view.get("responses") {
            Some(r) => r
                .members()
                .filter(|(k, _)| !k.starts_with("x-"))
                .collect::<Vec<_>>()
                .into_iter(),
            None => Vec::new().into_iter(),
        }
    }

    /// The response for `key`, if declared.
    pub(crate) fn response(&self, key: &str) -> Option<View<'a>> {
        self.view.get("responses").and_then(|r| r.get(key))
    }

    /// Whether the operation is marked `deprecated: true`.
    pub(crate) fn is_deprecated(&self) -> bool {
        self.view.get("deprecated").and_then(|d| d.as_bool()) == Some(true)
    }

    /// The parameters in effect: the operation's, plus those of the path
    /// item it does not override (same name and location).
    pub(crate) fn parameters(&self) -> Vec<Param<'a>> {
        let mut out = Vec::new();
        if let Some(list) = self.view.get("parameters") {
            let mut at = self.at.clone();
            at.push(PathSeg::Key("parameters".into()));
            out.extend(params_of(list, &at));
        }
        if let Some(list) = self.item.and_then(|i| i.get("parameters")) {
            let mut at = self.at[..self.at.len() - 1].to_vec();
            at.push(PathSeg::Key("parameters".into()));
            for p in params_of(list, &at) {
                if !out
                    .iter()
                    .any(|o| o.name == p.name && o.location == p.location)
                {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Where the request body is declared, if there is one: OpenAPI 3's
    /// `requestBody`, or an OpenAPI 2 `body`/`formData` parameter.
    pub(crate) fn request_body_at(&self) -> Option<Vec<PathSeg>> {
        if self.view.get("requestBody").is_some() {
            return Some(self.at(&["requestBody"]));
        }
        if self.oas2 {
            return self
                .parameters()
                .into_iter()
                .find(|p| p.location == "body" || p.location == "formData")
                .map(|p| p.at);
        }
        None
    }

    /// The media types the request body is sent as.
    pub(crate) fn request_media(&self) -> Vec<Media<'a>> {
        if self.oas2 {
            let Some(body) = self.parameters().into_iter().find(|p| p.location == "body") else {
                return Vec::new();
            };
            let mut schema_at = body.at.clone();
            schema_at.push(PathSeg::Key("schema".into()));
            return self.oas2_media("consumes", body.view.get("schema"), schema_at);
        }
        match self.view.get("requestBody") {
            Some(rb) => content_media(rb, &self.at(&["requestBody"])),
            None => Vec::new(),
        }
    }

    /// The media types response `key` is sent as. In OpenAPI 2, those
    /// `produces` lists when the response has a schema.
    pub(crate) fn response_media(&self, key: &str, resp: View<'a>) -> Vec<Media<'a>> {
        let at = self.at(&["responses", key]);
        if self.oas2 {
            let Some(schema) = resp.get("schema") else {
                return Vec::new();
            };
            let mut schema_at = at;
            schema_at.push(PathSeg::Key("schema".into()));
            return self.oas2_media("produces", Some(schema), schema_at);
        }
        content_media(resp, &at)
    }

    /// The bodies the operation sends or receives, each as the media
    /// types it comes in: the request body, then each response.
    pub(crate) fn bodies(&self) -> Vec<Vec<Media<'a>>> {
        let mut out = vec![self.request_media()];
        for (key, resp) in self.responses() {
            out.push(self.response_media(key, resp));
        }
        out.retain(|b| !b.is_empty());
        out
    }

    /// OpenAPI 2: the operation's `produces`/`consumes` list, else the
    /// document's, with its path.
    pub(crate) fn oas2_list(&self, field: &str) -> Option<(View<'a>, Vec<PathSeg>)> {
        if let Some(l) = self.view.get(field) {
            return Some((l, self.at(&[field])));
        }
        self.root
            .get(field)
            .map(|l| (l, vec![PathSeg::Key(field.to_string())]))
    }

    fn oas2_media(
        &self,
        field: &str,
        schema: Option<View<'a>>,
        schema_at: Vec<PathSeg>,
    ) -> Vec<Media<'a>> {
        let Some((list, list_at)) = self.oas2_list(field) else {
            return Vec::new();
        };
        list.items()
            .enumerate()
            .filter_map(|(i, m)| {
                let mut name_at = list_at.clone();
                name_at.push(PathSeg::Index(i));
                Some(Media {
                    name: m.as_str()?,
                    schema,
                    name_at,
                    schema_at: schema_at.clone(),
                })
            })
            .collect()
    }
}

/// A parameter in effect for an operation.
pub(crate) struct Param<'a> {
    pub view: View<'a>,
    pub name: &'a str,
    /// `in`: `query`, `header`, `path`, `cookie`, `body`, `formData`.
    pub location: &'a str,
    pub at: Vec<PathSeg>,
}

impl<'a> Param<'a> {
    /// The parameter as a [`Param`], if it has a name and a location.
    pub(crate) fn new(view: View<'a>, at: Vec<PathSeg>) -> Option<Param<'a>> {
        Some(Param {
            view,
            name: view.get("name")?.as_str()?,
            location: view.get("in")?.as_str()?,
            at,
        })
    }

    /// The schema of the value: OpenAPI 3's `schema` (or that of its
    /// single `content` entry); in OpenAPI 2 the parameter itself (a body
    /// parameter's `schema`).
    pub(crate) fn schema(&self) -> Option<View<'a>> {
        if let Some(s) = self.view.get("schema") {
            return Some(s);
        }
        if let Some(c) = self.view.get("content") {
            return c.members().next().and_then(|(_, m)| m.get("schema"));
        }
        // OpenAPI 2 non-body parameters carry `type` themselves.
        self.view.get("type").map(|_| self.view)
    }

    pub(crate) fn is(&self, location: &str, name: &str) -> bool {
        self.location == location && self.name.eq_ignore_ascii_case(name)
    }
}

fn params_of<'a>(list: View<'a>, at: &[PathSeg]) -> Vec<Param<'a>> {
    list.items()
        .enumerate()
        .filter_map(|(i, p)| {
            let mut pat = at.to_vec();
            pat.push(PathSeg::Index(i));
            Param::new(p, pat)
        })
        .collect()
}

/// One media type of a body.
pub(crate) struct Media<'a> {
    /// As written, e.g. `application/json; charset=utf-8`.
    pub name: &'a str,
    pub schema: Option<View<'a>>,
    /// Where the media type is named: a `content` key (OpenAPI 3) or a
    /// `produces`/`consumes` entry (OpenAPI 2).
    pub name_at: Vec<PathSeg>,
    /// Where its schema is (or would be).
    pub schema_at: Vec<PathSeg>,
}

/// The entries of `holder.content` (a request body or a response).
pub(crate) fn content_media<'a>(holder: View<'a>, holder_at: &[PathSeg]) -> Vec<Media<'a>> {
    let Some(content) = holder.get("content") else {
        return Vec::new();
    };
    content
        .members()
        .map(|(name, m)| {
            let mut name_at = holder_at.to_vec();
            name_at.push(PathSeg::Key("content".into()));
            name_at.push(PathSeg::Key(name.to_string()));
            let mut schema_at = name_at.clone();
            schema_at.push(PathSeg::Key("schema".into()));
            Media {
                name,
                schema: m.get("schema"),
                name_at,
                schema_at,
            }
        })
        .collect()
}

/// A media type without parameters, lower case: `application/json`.
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or a `+json` type.
pub(crate) fn is_json(media: &str) -> bool {
    let e = essence(media);
    e == "application/json" || e.ends_with("+json")
}

/// The media type parameter `name` (e.g. `version`), if present.
pub(crate) fn media_param<'m>(media: &'m str, name: &str) -> Option<&'m str> {
    media.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

// ---------------------------------------------------------------------------
// Headers

/// The declared response header named `name` (case-insensitive).
pub(crate) fn response_header<'a>(resp: View<'a>, name: &str) -> Option<(&'a str, View<'a>)> {
    resp.get("headers")?
        .members()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
}

/// Every declared header of a response.
pub(crate) fn response_headers<'a>(resp: View<'a>) -> Vec<(&'a str, View<'a>)> {
    match resp.get("headers") {
        Some(h) => h.members().collect(),
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Schemas

/// Whether a schema's `type` is (or, as an OpenAPI 3.1 list, includes) `t`.
pub(crate) fn has_type(schema: View<'_>, t: &str) -> bool {
    match schema.get("type") {
        Some(ty) => match ty.as_str() {
            Some(s) => s == t,
            None => ty.items().any(|i| i.as_str() == Some(t)),
        },
        None => false,
    }
}

/// The declared `type`s of a schema (empty when none is declared), not
/// counting `null`.
pub(crate) fn types<'a>(schema: View<'a>) -> Vec<&'a str> {
    match schema.get("type") {
        Some(ty) => match ty.as_str() {
            Some(s) => vec![s],
            None => ty
                .items()
                .filter_map(|i| i.as_str())
                .filter(|s| *s != "null")
                .collect(),
        },
        None => Vec::new(),
    }
}

/// Whether a schema describes an array.
pub(crate) fn is_array_schema(schema: View<'_>) -> bool {
    has_type(schema, "array") || (schema.get("type").is_none() && schema.get("items").is_some())
}

/// The properties of a schema, including those its `allOf` members
/// declare (a few levels deep), with logical paths relative to the
/// schema. The first declaration of a name wins.
pub(crate) fn properties<'a>(schema: View<'a>) -> Vec<(&'a str, View<'a>, Vec<PathSeg>)> {
    let mut out = Vec::new();
    collect_properties(schema, &mut Vec::new(), 0, &mut out);
    out
}

fn collect_properties<'a>(
    schema: View<'a>,
    rel: &mut Vec<PathSeg>,
    depth: usize,
    out: &mut Vec<(&'a str, View<'a>, Vec<PathSeg>)>,
) {
    if depth > 4 {
        return;
    }
    if let Some(props) = schema.get("properties") {
        for (name, p) in props.members() {
            if !out.iter().any(|(n, _, _)| *n == name) {
                let mut at = rel.clone();
                at.push(PathSeg::Key("properties".into()));
                at.push(PathSeg::Key(name.to_string()));
                out.push((name, p, at));
            }
        }
    }
    if let Some(all) = schema.get("allOf") {
        for (i, member) in all.items().enumerate() {
            rel.push(PathSeg::Key("allOf".into()));
            rel.push(PathSeg::Index(i));
            collect_properties(member, rel, depth + 1, out);
            rel.truncate(rel.len() - 2);
        }
    }
}

/// The property `name` of a schema (see [`properties`]).
pub(crate) fn property<'a>(schema: View<'a>, name: &str) -> Option<(View<'a>, Vec<PathSeg>)> {
    properties(schema)
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, v, at)| (v, at))
}

/// Whether a schema could not be followed (a `$ref` left unresolved, e.g.
/// a remote one): nothing can be said about it.
pub(crate) fn is_unresolved(schema: View<'_>) -> bool {
    schema.get("$ref").is_some()
}

/// The node at logical `path` from `root` (following refs as `root` does).
pub(crate) fn view_at<'a>(root: View<'a>, path: &[PathSeg]) -> Option<View<'a>> {
    let mut v = root;
    for seg in path {
        v = match seg {
            PathSeg::Key(k) => v.get(k)?,
            PathSeg::Index(i) => v.index(*i)?,
        };
    }
    Some(v)
}

/// Where to report a finding about the value at `path`: there, unless the
/// value is written as a `$ref` (the engine would report at the shared
/// target, which may be fine elsewhere); then at its holder.
pub(crate) fn report_at(root: View<'_>, path: &[PathSeg]) -> Vec<PathSeg> {
    let Some((last, init)) = path.split_last() else {
        return path.to_vec();
    };
    match view_at(root, init) {
        Some(parent) => child_at(init, parent, last),
        None => path.to_vec(),
    }
}

/// Where to report the name `key` of a member of `map` (at `path`), as
/// [`report_at`] does for the member's path, with the map already in
/// hand. For a name this matters all the more: the engine would report it
/// where the referenced component is written, which has no such name.
pub(crate) fn member_at(path: &[PathSeg], map: View<'_>, key: &str) -> Vec<PathSeg> {
    child_at(path, map, &PathSeg::Key(key.to_string()))
}

/// The decision of [`report_at`] and [`member_at`]: the child `seg` of
/// `holder` (at `holder_at`) is reported at its own path, unless it is
/// written as a `$ref`; then at the holder.
fn child_at(holder_at: &[PathSeg], holder: View<'_>, seg: &PathSeg) -> Vec<PathSeg> {
    let raw = holder.with_resolved(false);
    let child = match seg {
        PathSeg::Key(k) => raw.get(k),
        PathSeg::Index(i) => raw.index(*i),
    };
    let is_ref = child.is_some_and(|c| c.ref_string().is_some());
    let mut at = holder_at.to_vec();
    if !is_ref {
        at.push(seg.clone());
    }
    at
}

/// For rules without options: accepts none (an empty mapping is fine).
pub(crate) fn no_options(code: &str, options: Option<&serde_json::Value>) -> Result<(), String> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default, deny_unknown_fields)]
    struct NoOptions {}
    super::common::parse_options::<NoOptions>(code, options).map(|_| ())
}

/// `base` extended by `rel`.
pub(crate) fn join(base: &[PathSeg], rel: &[PathSeg]) -> Vec<PathSeg> {
    let mut p = base.to_vec();
    p.extend(rel.iter().cloned());
    p
}

// ---------------------------------------------------------------------------
// Pagination

/// Query parameter names that page through a collection (lower case,
/// without `_` and `-`).
const PAGING_PARAMS: &[&str] = &[
    "cursor",
    "limit",
    "offset",
    "page",
    "pagesize",
    "perpage",
    "pagenumber",
    "pagetoken",
    "nextpagetoken",
    "continuationtoken",
    "starttoken",
    "after",
    "before",
    "skip",
    "top",
    "maxresults",
    "pagelimit",
    "startingafter",
    "endingbefore",
];

/// A parameter name without case, `_` and `-`, for comparing with word
/// lists: `page_size`, `pageSize` and `Page-Size` all give `pagesize`.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether the operation takes a query parameter that pages.
pub(crate) fn takes_paging_params(op: &Operation<'_>) -> bool {
    op.parameters()
        .iter()
        .any(|p| p.location == "query" && PAGING_PARAMS.contains(&normalize(p.name).as_str()))
}

/// The schema of a `GET`'s `200` JSON response, with its logical path.
pub(crate) fn ok_json_schema<'a>(op: &Operation<'a>) -> Option<(View<'a>, Vec<PathSeg>)> {
    let resp = op.response("200")?;
    op.response_media("200", resp)
        .into_iter()
        .find(|m| is_json(m.name))
        .and_then(|m| Some((m.schema?, m.schema_at)))
        .filter(|(s, _)| !is_unresolved(*s))
}

/// A paginated collection `GET`: takes paging query parameters and answers
/// 200 with a JSON body that holds a collection. Gives that body's schema.
pub(crate) fn paginated_response<'a>(op: &Operation<'a>) -> Option<(View<'a>, Vec<PathSeg>)> {
    if op.method != "get" || !takes_paging_params(op) {
        return None;
    }
    ok_json_schema(op).filter(|(schema, _)| holds_collection(*schema))
}

/// The paginated response body (see [`paginated_response`]) of the
/// operation a rule with the [`OPERATIONS`] given was called with, with
/// its logical path: what the page rules (#161, #248, #254) judge.
pub(crate) fn matched_page<'a>(
    input: Input<'a>,
    ctx: &Context<'a, '_>,
) -> Option<(View<'a>, Vec<PathSeg>)> {
    paginated_response(&Operation::from_match(input, ctx)?)
}

/// A property as [`properties`] gives it: name, schema, logical path
/// relative to the schema holding it.
pub(crate) type Property<'a> = (&'a str, View<'a>, Vec<PathSeg>);

/// The page object of [`matched_page`]: the properties of the body (see
/// [`properties`]), with the body's logical path. `None` when the body is
/// a bare array or declares no properties: then there is no envelope
/// whose members a rule could miss.
pub(crate) fn matched_page_object<'a>(
    input: Input<'a>,
    ctx: &Context<'a, '_>,
) -> Option<(Vec<Property<'a>>, Vec<PathSeg>)> {
    let (schema, at) = matched_page(input, ctx)?;
    if is_array_schema(schema) {
        return None;
    }
    let props = properties(schema);
    (!props.is_empty()).then_some((props, at))
}

/// Whether a response body holds a collection: it is an array, or an
/// array sits in one of its properties or their properties (`{items:
/// [...]}`, `{data: {items: [...]}}`). A paging parameter alone does not
/// make a page: Kubernetes' watch endpoints take `limit` and answer with
/// one `WatchEvent` (`{type, object}`), which has no items to page.
fn holds_collection(schema: View<'_>) -> bool {
    // An array may be written as `allOf: [{$ref: list}, {description}]`
    // (amazonaws.com_macie2's `ListAllowListsResponse.allowLists`).
    let array = |s: View<'_>| {
        is_array_schema(s)
            || s.get("allOf")
                .is_some_and(|all| all.items().any(is_array_schema))
    };
    array(schema)
        || properties(schema)
            .iter()
            .any(|(_, p, _)| array(*p) || properties(*p).iter().any(|(_, inner, _)| array(*inner)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keys() {
        assert_eq!(Status::parse("200"), Status::Code(200));
        assert_eq!(Status::parse("4XX"), Status::Range(4));
        assert_eq!(Status::parse("default"), Status::Default);
        assert_eq!(Status::parse("600"), Status::Other);
        assert_eq!(Status::parse("20"), Status::Other);
        assert!(Status::parse("304").is_success());
        assert!(Status::parse("5XX").is_error());
        assert!(!Status::parse("x-foo").is_error());
    }

    #[test]
    fn official_codes_are_sorted() {
        assert!(OFFICIAL_STATUS_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_official(429));
        assert!(!is_official(418));
        assert!(!is_official(499));
    }

    #[test]
    fn media_types() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("application/xml"));
        assert_eq!(
            media_param("application/x.cart+json; version=2", "version"),
            Some("2")
        );
        assert_eq!(normalize("Page-Size"), "pagesize");
    }

    #[test]
    fn findings_about_a_ref_go_to_its_holder() {
        use std::sync::Arc;

        use crate::document::Workspace;
        use crate::document::workspace::LoadOptions;

        let doc = "\
components:
  schemas:
    Page:
      properties:
        next: {$ref: '#/components/schemas/Link'}
        items: {type: array}
        list: [{$ref: '#/components/schemas/Link'}, {type: string}]
    Link: {type: string}
";
        let ws = Workspace::from_text("t.yaml", Arc::from(doc), None, &LoadOptions::default())
            .expect("the document loads");
        let root = ws.view(true);
        let key = |k: &str| PathSeg::Key(k.to_string());
        let props = vec![
            key("components"),
            key("schemas"),
            key("Page"),
            key("properties"),
        ];
        let map = view_at(root, &props).expect("properties");
        assert_eq!(member_at(&props, map, "next"), props, "a ref: the map");
        assert_eq!(report_at(root, &join(&props, &[key("next")])), props);
        let items = join(&props, &[key("items")]);
        assert_eq!(member_at(&props, map, "items"), items, "inline: itself");
        assert_eq!(report_at(root, &items), items);
        assert_eq!(member_at(&props, map, "gone"), join(&props, &[key("gone")]));
        let list = join(&props, &[key("list")]);
        assert_eq!(report_at(root, &join(&list, &[PathSeg::Index(0)])), list);
        let second = join(&list, &[PathSeg::Index(1)]);
        assert_eq!(report_at(root, &second), second);
        assert_eq!(report_at(root, &[]), Vec::<PathSeg>::new());
    }
}

/// Runs the vectors of this module's rules alone (the shared tester stops
/// at the first failing rule of any group).
#[cfg(test)]
mod vectors {
    #[test]
    fn http_rules_pass_their_vectors() {
        use super::super::testing::findings_with;
        let mut bad = Vec::new();
        for rule in super::super::RULES {
            if !HTTP_RULES.contains(&rule.id) {
                continue;
            }
            for doc in rule.pass {
                let found = findings_with(rule, "", doc);
                if !found.is_empty() {
                    bad.push(format!("{}: pass vector gives {found:#?}", rule.code));
                }
            }
            for fail in rule.fail {
                let found = findings_with(rule, "", fail.doc);
                let want: Vec<(String, String)> = fail
                    .findings
                    .iter()
                    .map(|(m, p)| (m.to_string(), p.to_string()))
                    .collect();
                if found != want {
                    bad.push(format!("{}: fail vector gives {found:#?}", rule.code));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    const HTTP_RULES: &[u16] = &[
        243, 150, 151, 152, 153, 176, 177, 251, 148, 154, 166, 180, 178, 182, 233, 187, 189, 114,
        172, 167, 159, 160, 248, 161, 254, 137, 164, 165, 217, 227,
    ];
}
