//! What the URL rules of `apilint:zalando` share: splitting paths into
//! segments, telling parameters from names, the English word lists behind
//! the plural and verb heuristics, server URL paths, and the `given` paths
//! that reach every parameter and response header.

use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input};

/// Every parameter object: path-level, operation-level, and the reusable
/// ones (`parameters` in Swagger 2.0, `components.parameters` in 3.x).
pub(crate) const PARAMETERS: &[&str] = &[
    "$.paths[*].parameters[*]",
    "$.paths[*][get,put,post,delete,options,head,patch,trace].parameters[*]",
    "$.parameters[*]",
    "$.components.parameters[*]",
];

/// Every parameter object (as [`PARAMETERS`]) and every `headers` map of a
/// response: where header names are written.
pub(crate) const HEADERS: &[&str] = &[
    "$.paths[*].parameters[*]",
    "$.paths[*][get,put,post,delete,options,head,patch,trace].parameters[*]",
    "$.parameters[*]",
    "$.components.parameters[*]",
    "$.paths[*][get,put,post,delete,options,head,patch,trace].responses[*].headers",
    "$.responses[*].headers",
    "$.components.responses[*].headers",
];

/// Where base paths and paths are written: `paths`, Swagger 2.0's
/// `basePath`, and every server object (document, path and operation
/// level) of OpenAPI 3.x.
pub(crate) const BASE_PATHS: &[&str] = &[
    "$.paths",
    "$.basePath",
    "$.servers[*]",
    "$.paths[*].servers[*]",
    "$.paths[*][get,put,post,delete,options,head,patch,trace].servers[*]",
];

/// One URL path written in a match of [`BASE_PATHS`]: a key of `paths`,
/// Swagger 2.0's `basePath`, or the path part of a server URL.
struct WrittenPath<'a> {
    /// How a message names it: `Path`, `Base path` or `Server URL`.
    kind: &'static str,
    /// The text as written (for a server, the whole URL).
    written: &'a str,
    /// The URL path to judge (for a server, its URL's path part).
    path: String,
    /// Where to report; `None` for the match itself.
    at: Option<Vec<PathSeg>>,
}

impl WrittenPath<'_> {
    /// A finding about this path: `<kind> "<as written>" <what>`.
    fn finding(&self, what: &str) -> FnResult {
        let message = format!("{} \"{}\" {what}", self.kind, self.written);
        match &self.at {
            Some(at) => FnResult::at(message, at.clone()),
            None => FnResult::here(message),
        }
    }
}

/// The URL paths a match of [`BASE_PATHS`] (`v`, at `at`) writes: every
/// key of `paths`, the `basePath` string, or a server's URL path (with
/// its variables' defaults filled in). Rules on URL prefixes judge all
/// three the same way.
fn written_paths<'a>(v: View<'a>, at: &[PathSeg]) -> Vec<WrittenPath<'a>> {
    match at.last() {
        Some(PathSeg::Key(k)) if k == "paths" => v
            .members()
            .map(|(p, _)| WrittenPath {
                kind: "Path",
                written: p,
                path: p.to_string(),
                at: Some(key_path(at, p)),
            })
            .collect(),
        Some(PathSeg::Key(k)) if k == "basePath" => v
            .as_str()
            .map(|base| WrittenPath {
                kind: "Base path",
                written: base,
                path: base.to_string(),
                at: None,
            })
            .into_iter()
            .collect(),
        _ => v
            .get("url")
            .and_then(|u| u.as_str())
            .map(|url| WrittenPath {
                kind: "Server URL",
                written: url,
                path: server_url_path(url, Some(v)),
                at: Some(key_path(at, "url")),
            })
            .into_iter()
            .collect(),
    }
}

/// The findings of a rule on URL prefixes (given [`BASE_PATHS`]): for
/// each path the match writes (see [`written_paths`]), `judge` reads its
/// URL path and says what is wrong with it (`starts with /api`), if
/// anything. `/api` prefixes and version segments are judged on paths,
/// `basePath` and server URLs alike, so the rules differ only in `judge`.
pub(crate) fn written_path_findings(
    input: Input<'_>,
    ctx: &Context<'_, '_>,
    judge: impl Fn(&str) -> Option<String>,
) -> Vec<FnResult> {
    let Some(v) = input.view() else {
        return Vec::new();
    };
    written_paths(v, ctx.path())
        .iter()
        .filter_map(|w| Some(w.finding(&judge(&w.path)?)))
        .collect()
}

/// The segments of a path (`/a/{b}/c` → `a`, `{b}`, `c`); one leading `/`
/// is dropped, so `/` gives one empty segment and `//a` gives `""`, `a`.
pub(crate) fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

/// Whether a segment is one parameter and nothing else (`{order-id}`).
pub(crate) fn is_param(seg: &str) -> bool {
    seg.len() >= 2
        && seg.starts_with('{')
        && seg.ends_with('}')
        && seg[1..].find(['{', '}']) == Some(seg.len() - 2)
}

/// Whether a segment holds a parameter anywhere (`{id}`, `{id}.json`).
pub(crate) fn has_param(seg: &str) -> bool {
    seg.contains('{')
}

/// A segment made only of letters, digits, `-` and `_`: a name the word
/// heuristics can judge (not `openapi.json`, not `{id}`, not `~1`).
pub(crate) fn is_word_segment(seg: &str) -> bool {
    seg.bytes().any(|b| b.is_ascii_alphabetic())
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A version segment: `v1`, `V2`, `v1.2`, `v2beta1`.
pub(crate) fn is_version(seg: &str) -> bool {
    let b = seg.as_bytes();
    b.len() >= 2 && (b[0] == b'v' || b[0] == b'V') && b[1].is_ascii_digit()
}

/// The path part of a server URL (`https://h/a/b` → `/a/b`, `/a` → `/a`,
/// `https://h` → ``), with `{variables}` replaced by their defaults when
/// the server object gives them.
pub(crate) fn server_url_path(url: &str, server: Option<View<'_>>) -> String {
    let mut text = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        text.push_str(&rest[..open]);
        let name = &rest[open + 1..open + close];
        let default = server
            .and_then(|s| s.get("variables"))
            .and_then(|v| v.get(name))
            .and_then(|v| v.get("default"))
            .and_then(|d| d.as_str());
        match default {
            Some(d) => text.push_str(d),
            None => text.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let after_scheme = match text.find("://") {
        Some(i) => &text[i + 3..],
        None if text.starts_with("//") => &text[2..],
        None => return text,
    };
    let path = match after_scheme.find(['/', '?', '#']) {
        Some(i) if after_scheme[i..].starts_with('/') => &after_scheme[i..],
        _ => "",
    };
    path.split(['?', '#']).next().unwrap_or("").to_string()
}

/// Words that are plural (or have no plural) although they do not end in
/// `s`: irregular and Latin plurals, and uncountable nouns.
const PLURAL_WORDS: &[&str] = &[
    // irregular and Latin plurals
    "people",
    "children",
    "men",
    "women",
    "feet",
    "teeth",
    "geese",
    "mice",
    "oxen",
    "data",
    "metadata",
    "media",
    "criteria",
    "phenomena",
    "errata",
    "alumni",
    "cacti",
    "fungi",
    "nuclei",
    "radii",
    "stimuli",
    "formulae",
    // uncountable nouns
    "information",
    "info",
    "feedback",
    "equipment",
    "software",
    "hardware",
    "firmware",
    "content",
    "stock",
    "inventory",
    "health",
    "money",
    "traffic",
    "weather",
    "knowledge",
    "evidence",
    "advice",
    "research",
    "luggage",
    "baggage",
    "furniture",
    "merchandise",
    "clothing",
    "apparel",
    "footwear",
    "jewelry",
    "jewellery",
    "sheep",
    "fish",
    "deer",
    "aircraft",
    "staff",
    "personnel",
    "music",
    "pricing",
    "shipping",
    "billing",
    "tracking",
    "marketing",
    "invoicing",
    "packaging",
];

/// Whether an English word (lowercase) reads as plural: it ends in `s`
/// but not `ss` (`orders`, `addresses`, `menus`), or it is an irregular
/// plural or an uncountable noun (`children`, `data`, `feedback`). Words
/// such as `status` pass as plural: the heuristic misses some singulars
/// rather than flag a plural.
pub(crate) fn is_plural(word: &str) -> bool {
    (word.ends_with('s') && !word.ends_with("ss")) || PLURAL_WORDS.contains(&word)
}

/// The word of a name whose number counts: the last one, without
/// trailing digits (`items2` → `items`), passing over past participles
/// that qualify the noun before them (`repositories_added` →
/// `repositories`). `None` when no word is left to judge (`added`, `10`).
pub(crate) fn head_noun(words: &[String]) -> Option<&str> {
    let is_participle = |w: &str| w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed");
    let mut rest = words
        .iter()
        .rev()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .skip_while(|w| is_participle(w));
    rest.next()
}

/// Verbs that, as the first word of a compound name, make it an
/// instruction (`get-orders`, `createUser`, `send_email`). Words that
/// often start noun compounds (`update-events`, `refresh-tokens`,
/// `cancel-reasons`, `search-results`) are left out.
const LEADING_VERBS: &[&str] = &[
    "get",
    "fetch",
    "retrieve",
    "find",
    "create",
    "add",
    "remove",
    "delete",
    "insert",
    "upsert",
    "save",
    "edit",
    "modify",
    "calculate",
    "recalculate",
    "compute",
    "generate",
    "regenerate",
    "validate",
    "invalidate",
    "verify",
    "send",
    "submit",
    "activate",
    "deactivate",
    "enable",
    "disable",
    "execute",
    "perform",
    "publish",
    "unpublish",
    "assign",
    "unassign",
    "subscribe",
    "unsubscribe",
    "approve",
    "confirm",
];

/// Verbs that, as a whole path segment, name an action
/// (`/orders/{id}/cancel`, `/login`), besides [`LEADING_VERBS`]. Words
/// that are as often nouns (`search`, `export`, `import`, `checkout`,
/// `download`, `transfer`, `archive`, `count`) are left out.
const ACTION_VERBS: &[&str] = &[
    "cancel",
    "update",
    "reset",
    "refresh",
    "reject",
    "sync",
    "synchronize",
    "lock",
    "unlock",
    "login",
    "logout",
    "signin",
    "signout",
    "start",
    "stop",
    "restart",
    "pause",
    "resume",
    "run",
    "rerun",
    "retry",
    "trigger",
    "complete",
    "close",
    "reopen",
    "restore",
    "renew",
    "revoke",
    "invite",
    "accept",
    "decline",
    "suspend",
    "reactivate",
    "notify",
    "apply",
    "authorize",
    "authenticate",
    "convert",
    "clear",
    "purge",
    "register",
    "deregister",
    "unregister",
    "upgrade",
    "downgrade",
    "rollback",
    "merge",
    "clone",
    "unarchive",
    "unblock",
    "mute",
    "unmute",
    "unfollow",
    "pay",
    "reserve",
    "resend",
];

/// The verb a compound segment starts with (`getOrders` → `get`), when it
/// has more words after it. `add-ons` is a noun.
pub(crate) fn leading_verb(words: &[String]) -> Option<&str> {
    let (first, rest) = words.split_first()?;
    if rest.is_empty() || (first == "add" && matches!(rest[0].as_str(), "on" | "ons")) {
        return None;
    }
    LEADING_VERBS.contains(&first.as_str()).then_some(first)
}

/// Whether a one-word segment is an action verb (`cancel`, `activate`).
pub(crate) fn is_action(words: &[String]) -> bool {
    matches!(words, [w] if ACTION_VERBS.contains(&w.as_str()) || LEADING_VERBS.contains(&w.as_str()))
}

/// `path` with one more key.
pub(crate) fn key_path(path: &[PathSeg], key: &str) -> Vec<PathSeg> {
    let mut p = path.to_vec();
    p.push(PathSeg::Key(key.to_string()));
    p
}

/// A path's segments with every parameter (or segment holding one) as
/// `{}` and empty segments dropped: `/a/{x}/b/` → `a`, `{}`, `b`.
pub(crate) fn normalized(path: &str) -> Vec<&str> {
    segments(path)
        .filter(|s| !s.is_empty())
        .map(|s| if has_param(s) { "{}" } else { s })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn segments_and_parameters() {
        assert_eq!(segments("/a/{b}/c").collect::<Vec<_>>(), ["a", "{b}", "c"]);
        assert_eq!(segments("/").collect::<Vec<_>>(), [""]);
        assert_eq!(segments("a/b").collect::<Vec<_>>(), ["a", "b"]);
        assert!(is_param("{id}"));
        assert!(!is_param("{a}.{b}"));
        assert!(!is_param("{a}x"));
        assert!(has_param("{a}.json"));
        assert_eq!(normalized("/a/{x}//b/{y}.json/"), ["a", "{}", "b", "{}"]);
    }

    #[test]
    fn versions() {
        assert!(is_version("v1"));
        assert!(is_version("V2.1"));
        assert!(is_version("v1beta"));
        assert!(!is_version("videos"));
        assert!(!is_version("v"));
    }

    #[test]
    fn server_paths() {
        assert_eq!(server_url_path("https://h.com/api/v1", None), "/api/v1");
        assert_eq!(server_url_path("https://h.com", None), "");
        assert_eq!(server_url_path("https://h.com?x=/v1", None), "");
        assert_eq!(server_url_path("/v2", None), "/v2");
        assert_eq!(server_url_path("//h.com/v2#x", None), "/v2");
        assert_eq!(
            server_url_path("https://{host}/{base}", None),
            "/{base}",
            "unknown variables stay"
        );
    }

    /// [`written_path_findings`] with a judge that echoes the URL path it
    /// is given, so a test sees what was judged and where it is reported.
    #[derive(Debug)]
    struct EchoPath;

    impl crate::functions::RuleFunction for EchoPath {
        fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
            written_path_findings(input, ctx, |path| {
                (!path.contains("ok")).then(|| format!("judged \"{path}\""))
            })
        }
    }

    fn echo(doc: &str, pointer: &str) -> Vec<(String, String)> {
        crate::functions::testing::run_fn(&EchoPath, doc, pointer, false)
    }

    #[test]
    fn base_path_of_swagger_2() {
        let doc = "swagger: '2.0'\nbasePath: /shop/v1\npaths: {}\n";
        assert_eq!(
            echo(doc, "/basePath"),
            [(
                "Base path \"/shop/v1\" judged \"/shop/v1\"".to_string(),
                "/basePath".to_string()
            )]
        );
        assert!(echo("swagger: '2.0'\nbasePath: 1\n", "/basePath").is_empty());
    }

    #[test]
    fn server_urls_of_openapi_3() {
        let doc = "\
openapi: 3.0.3
servers:
  - url: 'https://h.com/{base}/v1?x=1'
    variables:
      base: {default: api}
  - description: no url
  - url: https://h.com/ok
paths:
  /a:
    get:
      servers: [{url: /op}]
";
        assert_eq!(
            echo(doc, "/servers/0"),
            [(
                "Server URL \"https://h.com/{base}/v1?x=1\" judged \"/api/v1\"".to_string(),
                "/servers/0/url".to_string()
            )],
            "variables take their defaults; the message quotes the URL as written"
        );
        assert!(echo(doc, "/servers/1").is_empty(), "a server without url");
        assert!(
            echo(doc, "/servers/2").is_empty(),
            "the judge found nothing"
        );
        assert_eq!(
            echo(doc, "/paths/~1a/get/servers/0"),
            [(
                "Server URL \"/op\" judged \"/op\"".to_string(),
                "/paths/~1a/get/servers/0/url".to_string()
            )]
        );
    }

    #[test]
    fn keys_of_paths() {
        let doc = "openapi: 3.0.3\npaths:\n  /v1/a: {}\n  /ok: {}\n  b/c: {}\n";
        assert_eq!(
            echo(doc, "/paths"),
            [
                (
                    "Path \"/v1/a\" judged \"/v1/a\"".to_string(),
                    "/paths/~1v1~1a".to_string()
                ),
                (
                    "Path \"b/c\" judged \"b/c\"".to_string(),
                    "/paths/b~1c".to_string()
                ),
            ]
        );
        assert!(echo("openapi: 3.0.3\n", "/paths").is_empty(), "no paths");
    }

    #[test]
    fn plurals() {
        for p in ["orders", "addresses", "menus", "children", "data", "status"] {
            assert!(is_plural(p), "{p}");
        }
        for s in ["order", "address", "tail", "history"] {
            assert!(!is_plural(s), "{s}");
        }
    }

    #[test]
    fn head_nouns() {
        assert_eq!(head_noun(&w(&["line", "items2"])), Some("items"));
        assert_eq!(
            head_noun(&w(&["repositories", "added"])),
            Some("repositories")
        );
        assert_eq!(head_noun(&w(&["added"])), None);
        assert_eq!(head_noun(&w(&["top", "10"])), Some("top"));
        assert_eq!(head_noun(&w(&["feed"])), Some("feed"));
    }

    #[test]
    fn verbs() {
        assert_eq!(leading_verb(&w(&["get", "orders"])), Some("get"));
        assert_eq!(leading_verb(&w(&["get"])), None);
        assert_eq!(leading_verb(&w(&["add", "ons"])), None);
        assert_eq!(leading_verb(&w(&["refresh", "tokens"])), None);
        assert!(is_action(&w(&["cancel"])));
        assert!(is_action(&w(&["activate"])));
        assert!(!is_action(&w(&["search"])));
        assert!(!is_action(&w(&["cancel", "reasons"])));
    }
}
