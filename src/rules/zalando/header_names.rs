//! Where the header rules of `apilint:zalando` find header names: header
//! parameters (`in: header`, reported at their `name`) and the keys of
//! responses' `headers` maps, matched by [`super::paths::HEADERS`].

use crate::document::PathSeg;
use crate::functions::{Context, Input};

/// The header names of one match of [`super::paths::HEADERS`], each with
/// the path to report it at.
pub(crate) fn header_names<'a>(
    input: &Input<'a>,
    ctx: &Context<'a, '_>,
) -> Vec<(&'a str, Vec<PathSeg>)> {
    let Some(v) = input.view().filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = ctx.path();
    match path.last() {
        // A parameter (an item of a `parameters` list or map).
        Some(PathSeg::Index(_)) => header_parameter(v, path),
        Some(PathSeg::Key(_)) if matches!(path.iter().rev().nth(1), Some(PathSeg::Key(k)) if k == "parameters") => {
            header_parameter(v, path)
        }
        // A response's `headers` map.
        _ => v
            .members()
            .map(|(name, _)| (name, super::http::member_at(path, v, name)))
            .collect(),
    }
}

fn header_parameter<'a>(
    param: crate::document::View<'a>,
    path: &[PathSeg],
) -> Vec<(&'a str, Vec<PathSeg>)> {
    if param.get("in").and_then(|v| v.as_str()) != Some("header") {
        return Vec::new();
    }
    match param.get("name").and_then(|v| v.as_str()) {
        Some(name) => vec![(name, super::paths::key_path(path, "name"))],
        None => Vec::new(),
    }
}

/// The proprietary headers the guidelines specify (#183), and the
/// gateway headers they name as accepted.
pub(crate) const ZALANDO_PROPRIETARY: &[&str] = &[
    "X-Flow-ID",
    "X-Tenant-ID",
    "X-Sales-Channel",
    "X-Frontend-Type",
    "X-Device-Type",
    "X-Device-OS",
    "X-Mobile-Advertising-ID",
    "X-Zalando-Client-ID",
    "X-Zalando-Request-Host",
    "X-Zalando-Request-URI",
    "X-Consumer",
    "X-Consumer-Signature",
    "X-Consumer-Key-ID",
];

/// Standard HTTP header fields: the IANA registry's permanent entries in
/// use, the drafts the guidelines rely on (`Idempotency-Key`,
/// `Deprecation`, `Sunset`, `RateLimit-*`), CORS, WebDAV, W3C trace
/// context and fetch metadata.
pub(crate) const STANDARD_HEADERS: &[&str] = &[
    "A-IM",
    "Accept",
    "Accept-CH",
    "Accept-Charset",
    "Accept-Datetime",
    "Accept-Encoding",
    "Accept-Language",
    "Accept-Patch",
    "Accept-Post",
    "Accept-Query",
    "Accept-Ranges",
    "Accept-Signature",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Age",
    "Allow",
    "ALPN",
    "Alt-Svc",
    "Alt-Used",
    "Authentication-Info",
    "Authorization",
    "Baggage",
    "Cache-Control",
    "Cache-Status",
    "CDN-Cache-Control",
    "Clear-Site-Data",
    "Connection",
    "Content-Digest",
    "Content-Disposition",
    "Content-Encoding",
    "Content-ID",
    "Content-Language",
    "Content-Length",
    "Content-Location",
    "Content-MD5",
    "Content-Range",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Content-Transfer-Encoding",
    "Content-Type",
    "Cookie",
    "Cross-Origin-Embedder-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "DAV",
    "Date",
    "Depth",
    "Deprecation",
    "Destination",
    "Digest",
    "DNT",
    "DPoP",
    "DPoP-Nonce",
    "Early-Data",
    "ETag",
    "Expect",
    "Expect-CT",
    "Expires",
    "Forwarded",
    "From",
    "Host",
    "Idempotency-Key",
    "If",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Schedule-Tag-Match",
    "If-Unmodified-Since",
    "Keep-Alive",
    "Last-Event-ID",
    "Last-Modified",
    "Link",
    "Location",
    "Lock-Token",
    "Max-Forwards",
    "Memento-Datetime",
    "MIME-Version",
    "NEL",
    "OData-EntityId",
    "OData-MaxVersion",
    "OData-Version",
    "Origin",
    "Origin-Agent-Cluster",
    "Overwrite",
    "Permissions-Policy",
    "Pragma",
    "Prefer",
    "Preference-Applied",
    "Priority",
    "Proxy-Authenticate",
    "Proxy-Authentication-Info",
    "Proxy-Authorization",
    "Proxy-Status",
    "Range",
    "RateLimit",
    "RateLimit-Limit",
    "RateLimit-Policy",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Referer",
    "Referrer-Policy",
    "Refresh",
    "Repr-Digest",
    "Retry-After",
    "Schedule-Reply",
    "Schedule-Tag",
    "Sec-Fetch-Dest",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Site",
    "Sec-Fetch-User",
    "Sec-GPC",
    "Sec-Purpose",
    "Sec-WebSocket-Accept",
    "Sec-WebSocket-Extensions",
    "Sec-WebSocket-Key",
    "Sec-WebSocket-Protocol",
    "Sec-WebSocket-Version",
    "Server",
    "Server-Timing",
    "Service-Worker-Allowed",
    "Set-Cookie",
    "Signature",
    "Signature-Input",
    "Slug",
    "SourceMap",
    "Strict-Transport-Security",
    "Sunset",
    "TE",
    "Timeout",
    "Timing-Allow-Origin",
    "Topic",
    "Traceparent",
    "Tracestate",
    "Trailer",
    "Transfer-Encoding",
    "TTL",
    "Upgrade",
    "Upgrade-Insecure-Requests",
    "Urgency",
    "User-Agent",
    "Vary",
    "Via",
    "Want-Content-Digest",
    "Want-Digest",
    "Want-Repr-Digest",
    "Warning",
    "WWW-Authenticate",
];

/// Whether `name` is one of `list`, ignoring case as HTTP does.
pub(crate) fn listed(list: &[impl AsRef<str>], name: &str) -> bool {
    list.iter().any(|h| h.as_ref().eq_ignore_ascii_case(name))
}
