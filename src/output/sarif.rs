//! `-f sarif`: a SARIF 2.1.0 log, for GitHub code scanning, Azure DevOps,
//! VS Code's SARIF viewer and other static-analysis dashboards.
//!
//! This file renders findings only; which files were linted, exit codes and
//! uploading the log are the CLI's business.
//!
//! # The contract
//!
//! One `sarifLog` with one run, members in this order (condensed):
//!
//! ```json
//! {
//!   "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
//!   "version": "2.1.0",
//!   "runs": [{
//!     "tool": { "driver": {
//!       "name": "apilint", "version": "0.1.0",
//!       "rules": [{ "id": "operation-tags", "helpUri": "https://..." }]
//!     }},
//!     "originalUriBaseIds": { "SRCROOT": { "uri": "file:///home/me/api/" } },
//!     "columnKind": "utf16CodeUnits",
//!     "results": [{
//!       "ruleId": "operation-tags", "ruleIndex": 0, "level": "warning",
//!       "message": { "text": "Operation must have non-empty \"tags\" array." },
//!       "locations": [{
//!         "physicalLocation": {
//!           "artifactLocation": { "uri": "openapi.yaml", "uriBaseId": "SRCROOT" },
//!           "region": { "startLine": 12, "startColumn": 11, "endLine": 12, "endColumn": 14 }
//!         },
//!         "logicalLocations": [{ "fullyQualifiedName": "/paths/~1pets/get" }]
//!       }],
//!       "properties": { "path": ["paths", "/pets", "get"], "severity": "warn" }
//!     }]
//!   }]
//! }
//! ```
//!
//! - `rules`: one `reportingDescriptor` per distinct code, in order of first
//!   appearance; `ruleIndex` points into it. `helpUri` is the first
//!   `documentation_url` seen for the code, omitted when there is none or
//!   when it is not an absolute URI (SARIF requires one there; a rule set
//!   may give a relative `documentationUrl`).
//!   Findings carry no rule description, so there is no
//!   `shortDescription`. `informationUri` is Cargo's `package.repository`,
//!   omitted while that is unset.
//! - `level`: error → `error`, warn → `warning`, info → `note`, hint →
//!   `note`. Hint is not `none`: SARIF's `none` means "severity does not
//!   apply", and viewers hide such results, but a hint is still a finding.
//!   Because info and hint both become `note`, the Spectral severity name
//!   is kept in `properties.severity`.
//! - `artifactLocation`: relative `source` names stay relative and get
//!   `uriBaseId: "SRCROOT"`, which is what GitHub code scanning wants (paths
//!   relative to the checkout); `originalUriBaseIds.SRCROOT` says where that
//!   is (a `file://` URI with a trailing slash) when
//!   [`SarifOptions::base_dir`] is set, and is omitted otherwise. Absolute
//!   paths become `file://` URIs. Either way every byte outside RFC 3986's
//!   unreserved set and `/` is percent-encoded (UTF-8), so spaces, `#`, `%`
//!   and non-ASCII survive, and a `:` cannot be mistaken for a scheme.
//!   Backslashes become `/`, since SARIF URIs never use them. Sources with
//!   a scheme (`https://...`) are printed as they are; pseudo names such as
//!   `<stdin>` are treated as relative names (`%3Cstdin%3E`).
//! - `region`: 1-based lines and columns; columns count UTF-16 code units,
//!   which is what our ranges hold, and `columnKind` says so explicitly
//!   instead of relying on a consumer's default. `endColumn` is exclusive in
//!   SARIF as in our ranges, so both ends are simply shifted by one.
//! - `logicalLocations`: the node's RFC 6901 JSON pointer, for viewers;
//!   omitted for the document root, whose pointer is the empty string.
//!   `properties.path` is the same path as `-f json` prints it (all
//!   strings), for tools.
//!
//! - `suppressions`: only on acknowledged findings (see
//!   [`crate::engine::ack`]), one `suppression`:
//!
//!   ```json
//!   "suppressions": [{
//!     "kind": "external", "status": "accepted",
//!     "justification": "The contact is published on the developer portal.",
//!     "location": { "physicalLocation": {
//!       "artifactLocation": { "uri": ".apilint-ack.yaml", "uriBaseId": "SRCROOT" },
//!       "region": { "startLine": 3, "startColumn": 5 }
//!     }},
//!     "properties": { "author": "jane.doe@example.com", "expires": "2026-12-31" }
//!   }]
//!   ```
//!
//!   `external` because the acknowledgement lives in a file of its own, not
//!   in the document; `location` is the entry in that file. Viewers such as
//!   GitHub code scanning and the VS Code SARIF viewer show suppressed
//!   results as dismissed rather than open. Results that are not
//!   acknowledged have no `suppressions` member (SARIF's "not known"),
//!   rather than an empty list, so the log of a run without an
//!   acknowledgement file is unchanged.
//!
//! Layout: pretty-printed with two spaces, no trailing newline (the CLI adds
//! one). `tests/output_sarif.rs` checks the shape structurally and
//! validates the logs against the official SARIF 2.1.0 JSON Schema.

use std::path::{Component, Path};

use serde::Serialize;

use crate::document::tree::to_pointer;
use crate::engine::{Finding, Severity};

/// Options of the SARIF renderer.
#[derive(Clone, Debug, Default)]
pub struct SarifOptions<'a> {
    /// The directory relative `source` names are relative to (the current
    /// directory in the CLI); it becomes `originalUriBaseIds.SRCROOT`.
    /// `None` leaves `SRCROOT` for the consumer to resolve.
    pub base_dir: Option<&'a Path>,
}

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// `package.repository` from Cargo.toml; empty (and the member omitted)
/// until it is set, since SARIF requires an absolute URI there.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");
const SRCROOT: &str = "SRCROOT";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BaseIds>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "SRCROOT")]
    srcroot: ArtifactLocation,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    properties: Properties,
}

/// An acknowledgement, as SARIF's `suppression` object.
#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    location: SuppressionLocation,
    properties: SuppressionProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuppressionLocation {
    physical_location: SuppressionPhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuppressionPhysicalLocation {
    artifact_location: ArtifactLocation,
    region: SuppressionRegion,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuppressionRegion {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
struct SuppressionProperties<'a> {
    author: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
}

#[derive(Serialize)]
struct Properties {
    path: Vec<String>,
    severity: &'static str,
}

/// Renders `findings` as a SARIF 2.1.0 log (no trailing newline).
pub fn render(findings: &[Finding], opts: &SarifOptions<'_>) -> String {
    let mut rules: Vec<Rule<'_>> = Vec::new();
    let mut results = Vec::with_capacity(findings.len());
    for f in findings {
        let rule_index = match rules.iter().position(|r| r.id == f.code) {
            Some(i) => {
                // A rule set could give one code a URL on some findings only
                // (overrides); keep the first one found rather than none.
                if rules[i].help_uri.is_none() {
                    rules[i].help_uri = f.documentation_url.as_deref().and_then(absolute_uri);
                }
                i
            }
            None => {
                rules.push(Rule {
                    id: &f.code,
                    help_uri: f.documentation_url.as_deref().and_then(absolute_uri),
                });
                rules.len() - 1
            }
        };
        let logical_locations = if f.path.is_empty() {
            Vec::new()
        } else {
            vec![LogicalLocation {
                fully_qualified_name: to_pointer(&f.path),
            }]
        };
        results.push(SarifResult {
            rule_id: &f.code,
            rule_index,
            level: level(f.severity),
            message: Message { text: &f.message },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&f.source),
                    region: Region {
                        start_line: f.range.start.line + 1,
                        start_column: f.range.start.character + 1,
                        end_line: f.range.end.line + 1,
                        end_column: f.range.end.character + 1,
                    },
                },
                logical_locations,
            }],
            suppressions: f
                .acknowledged
                .as_deref()
                .map(|ack| Suppression {
                    kind: "external",
                    status: "accepted",
                    justification: &ack.reason,
                    location: SuppressionLocation {
                        physical_location: SuppressionPhysicalLocation {
                            artifact_location: artifact_location(&ack.file),
                            region: SuppressionRegion {
                                start_line: ack.line,
                                start_column: ack.column,
                            },
                        },
                    },
                    properties: SuppressionProperties {
                        author: &ack.author,
                        expires: ack.expires.as_deref(),
                    },
                })
                .into_iter()
                .collect(),
            properties: Properties {
                path: f
                    .path
                    .iter()
                    .map(|s| s.as_key_string().into_owned())
                    .collect(),
                severity: f.severity.name(),
            },
        });
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "apilint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            original_uri_base_ids: opts.base_dir.map(|dir| BaseIds {
                srcroot: ArtifactLocation {
                    uri: directory_uri(dir),
                    uri_base_id: None,
                },
            }),
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    serde_json::to_string_pretty(&log).expect("serializing plain structs to memory cannot fail")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// Where `source` is, as a SARIF `artifactLocation`.
fn artifact_location(source: &str) -> ArtifactLocation {
    if has_scheme(source) {
        return ArtifactLocation {
            uri: source.to_string(),
            uri_base_id: None,
        };
    }
    let slashed = source.replace('\\', "/");
    if let Some(uri) = absolute_file_uri(&slashed) {
        return ArtifactLocation {
            uri,
            uri_base_id: None,
        };
    }
    let relative = slashed.trim_start_matches("./");
    ArtifactLocation {
        uri: percent_encode_path(relative),
        uri_base_id: Some(SRCROOT),
    }
}

/// `file://` URI of a directory, with the trailing slash SARIF requires of
/// `originalUriBaseIds` entries.
fn directory_uri(dir: &Path) -> String {
    // Lexical clean-up only, as the JSON renderer does: no file system access.
    let mut parts: Vec<String> = Vec::new();
    let mut root = String::new();
    for c in dir.components() {
        match c {
            Component::Prefix(p) => root = p.as_os_str().to_string_lossy().into_owned(),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let mut path = format!("{root}/{}", parts.join("/"));
    if !path.ends_with('/') {
        path.push('/');
    }
    absolute_file_uri(&path).unwrap_or_else(|| percent_encode_path(&path))
}

/// `file://` URI of an absolute path with `/` separators, or `None` when the
/// path is relative. A Windows drive (`C:/x`) keeps its colon unencoded, as
/// `file:///C:/x` is how every consumer spells it.
fn absolute_file_uri(path: &str) -> Option<String> {
    let b = path.as_bytes();
    if b.first() == Some(&b'/') {
        return Some(format!("file://{}", percent_encode_path(path)));
    }
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        return Some(format!(
            "file:///{}{}",
            &path[..2],
            percent_encode_path(&path[2..])
        ));
    }
    None
}

/// `url` as an absolute URI for `helpUri`, which SARIF requires to be one:
/// `None` for a relative reference (a rule set may say
/// `documentationUrl: docs/rules.md`), which no SARIF consumer could
/// resolve. Characters a URI cannot hold (spaces, non-ASCII) are
/// percent-encoded.
fn absolute_uri(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || scheme.len() < 2 || rest.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if allowed {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// Whether `s` starts with a URI scheme (`https:`, `file:`), ignoring
/// single-letter ones, which are Windows drives.
fn has_scheme(s: &str) -> bool {
    match s.split_once("://") {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Percent-encodes every byte except RFC 3986 unreserved characters and `/`.
fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(source: &str) -> (String, Option<&'static str>) {
        let loc = artifact_location(source);
        (loc.uri, loc.uri_base_id)
    }

    #[test]
    fn sources_become_uris() {
        assert_eq!(
            uri("api/my spec#1.yaml"),
            ("api/my%20spec%231.yaml".into(), Some(SRCROOT))
        );
        assert_eq!(uri("./a.yaml"), ("a.yaml".into(), Some(SRCROOT)));
        assert_eq!(uri("a:b.yaml"), ("a%3Ab.yaml".into(), Some(SRCROOT)));
        assert_eq!(uri("é.yaml"), ("%C3%A9.yaml".into(), Some(SRCROOT)));
        assert_eq!(
            uri("/abs/x y.yaml"),
            ("file:///abs/x%20y.yaml".into(), None)
        );
        assert_eq!(
            uri(r"C:\api\s.yaml"),
            ("file:///C:/api/s.yaml".into(), None)
        );
        assert_eq!(
            uri("https://example.com/a%20b.yaml"),
            ("https://example.com/a%20b.yaml".into(), None)
        );
        assert_eq!(uri("<stdin>"), ("%3Cstdin%3E".into(), Some(SRCROOT)));
    }

    #[test]
    fn help_uris_are_absolute_or_left_out() {
        assert_eq!(
            absolute_uri("https://x.io/rules#a b").as_deref(),
            Some("https://x.io/rules#a%20b")
        );
        assert_eq!(
            absolute_uri("https://x.io/é").as_deref(),
            Some("https://x.io/%C3%A9")
        );
        assert_eq!(absolute_uri("docs/rules.md"), None);
        assert_eq!(absolute_uri("/docs/rules.md"), None);
        assert_eq!(absolute_uri("C:/docs/rules.md"), None);
        assert_eq!(absolute_uri("mailto:"), None);
    }

    #[test]
    fn base_dir_becomes_a_directory_uri() {
        assert_eq!(
            directory_uri(Path::new("/home/me/my api/./x/..")),
            "file:///home/me/my%20api/"
        );
        assert_eq!(directory_uri(Path::new("/")), "file:///");
    }
}
