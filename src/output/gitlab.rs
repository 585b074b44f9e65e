//! `-f gitlab`: a GitLab Code Quality report (the Code Climate issue subset
//! GitLab reads), which merge requests show as new and fixed findings.
//!
//! This file only renders; writing the artifact is the CLI's business.
//!
//! # The contract
//!
//! A JSON array with one object per finding, in report order, members in
//! this order:
//!
//! ```json
//! [
//!   {
//!     "description": "operation-tags: Operation must have non-empty \"tags\" array.",
//!     "check_name": "operation-tags",
//!     "fingerprint": "5f1c0e7a9b3d2c41",
//!     "severity": "major",
//!     "location": {
//!       "path": "api/openapi.yaml",
//!       "lines": { "begin": 12, "end": 14 }
//!     }
//!   }
//! ]
//! ```
//!
//! - `severity`: error → `critical`, warn → `major`, info → `minor`,
//!   hint → `info`. `blocker` is left unused: nothing a linter says about a
//!   description stops a service from working the way that word suggests.
//! - An acknowledged finding (see [`crate::engine::ack`]) is kept, with
//!   severity `info` and ` (acknowledged by <author>: <reason>)` after its
//!   description: Code Quality has no notion of a dismissed issue, and
//!   dropping it would make GitLab show it as fixed. Its fingerprint does
//!   not change, so acknowledging a finding does not make it "new".
//! - `location.path`: relative to the repository root, which is what GitLab
//!   links to. Relative `source` names are printed as they are (minus a
//!   leading `./`); absolute ones inside [`GitlabOptions::base_dir`] are
//!   made relative to it, lexically; anything else (other absolute paths,
//!   URLs, `<stdin>`) is printed as it is.
//! - `location.lines`: 1-based. `end` is the last line the range covers: a
//!   range that ends at column 0 of a later line does not cover that line.
//!   `positions` (line and column) is not written: GitLab only reads lines.
//! - `fingerprint`: 16 lowercase hex digits of 64-bit FNV-1a over the code,
//!   the printed path, the node's JSON pointer, the message and the
//!   severity. GitLab compares fingerprints between the merge request and
//!   its target to tell new findings from old ones, so the hash must be the
//!   same across runs, machines and Rust versions (hence a fixed algorithm,
//!   not `std`'s `DefaultHasher`), must not change when lines move (hence
//!   the pointer, not the line), and must not depend on the checkout
//!   directory (hence the printed path). When two findings would share a
//!   fingerprint (the same rule saying the same thing twice about one
//!   node), the later one is hashed again with its occurrence number, so
//!   fingerprints are unique within a report and still stable.
//!
//! Layout: pretty-printed with two spaces, no trailing newline (the CLI adds
//! one); an empty report is `[]`, which GitLab accepts.

use crate::document::workspace::normalize;
use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::document::tree::to_pointer;
use crate::engine::{Finding, Severity};

/// Options of the GitLab renderer.
#[derive(Clone, Debug, Default)]
pub struct GitlabOptions<'a> {
    /// The repository root (the current directory in the CLI); absolute
    /// `source` paths inside it are made relative to it. `None` prints
    /// every path as it is.
    pub base_dir: Option<&'a Path>,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// Renders `findings` as a GitLab Code Quality report (no trailing newline).
pub fn render(findings: &[Finding], opts: &GitlabOptions<'_>) -> String {
    let mut used = HashSet::with_capacity(findings.len());
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let path = report_path(&f.source, opts.base_dir);
            let pointer = to_pointer(&f.path);
            let fields = [
                f.code.as_str(),
                path.as_str(),
                pointer.as_str(),
                f.message.as_str(),
                f.severity.name(),
            ];
            let mut hash = fingerprint(&fields, 0);
            let mut occurrence = 0;
            while !used.insert(hash) {
                occurrence += 1;
                hash = fingerprint(&fields, occurrence);
            }
            let begin = f.range.start.line + 1;
            let end = if f.range.end.character == 0 && f.range.end.line > f.range.start.line {
                f.range.end.line
            } else {
                f.range.end.line + 1
            };
            let (description, severity) = match &f.acknowledged {
                Some(ack) => (
                    format!(
                        "{}: {} (acknowledged by {}: {})",
                        f.code, f.message, ack.author, ack.reason
                    ),
                    "info",
                ),
                None => (format!("{}: {}", f.code, f.message), severity(f.severity)),
            };
            Issue {
                description,
                check_name: &f.code,
                fingerprint: format!("{hash:016x}"),
                severity,
                location: Location {
                    path,
                    lines: Lines {
                        begin,
                        end: end.max(begin),
                    },
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("serializing plain structs to memory cannot fail")
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warn => "major",
        Severity::Info => "minor",
        Severity::Hint => "info",
    }
}

/// 64-bit FNV-1a over `fields`, then `occurrence` when it is not 0.
fn fingerprint(fields: &[&str], occurrence: u32) -> u64 {
    let mut hash = FNV_OFFSET;
    for field in fields {
        hash = fnv1a(hash, field.as_bytes());
        // 0xFF never occurs in UTF-8, so it separates fields unambiguously:
        // ("ab", "c") and ("a", "bc") hash differently.
        hash = fnv1a(hash, &[0xff]);
    }
    if occurrence > 0 {
        hash = fnv1a(hash, &occurrence.to_le_bytes());
    }
    hash
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues a 64-bit FNV-1a hash over `bytes`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

/// `source` as GitLab wants it: relative to the repository root.
fn report_path(source: &str, base: Option<&Path>) -> String {
    if let Some(rel) = source.strip_prefix("./") {
        return rel.to_string();
    }
    let path = Path::new(source);
    match base {
        Some(base) if path.is_absolute() => match normalize(path).strip_prefix(normalize(base)) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => source.to_string(),
        },
        _ => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(FNV_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fields_are_separated() {
        assert_ne!(fingerprint(&["ab", "c"], 0), fingerprint(&["a", "bc"], 0));
        assert_ne!(fingerprint(&["a"], 0), fingerprint(&["a"], 1));
    }

    #[test]
    fn paths_become_relative_to_the_repository() {
        let base = Some(Path::new("/ci/builds/proj"));
        assert_eq!(
            report_path("/ci/builds/proj/api/s.yaml", base),
            "api/s.yaml"
        );
        assert_eq!(
            report_path("/ci/builds/proj/./x/../api/s.yaml", base),
            "api/s.yaml"
        );
        assert_eq!(report_path("/elsewhere/s.yaml", base), "/elsewhere/s.yaml");
        assert_eq!(report_path("./api/s.yaml", base), "api/s.yaml");
        assert_eq!(report_path("api/s.yaml", None), "api/s.yaml");
        assert_eq!(
            report_path("https://x.io/s.yaml", base),
            "https://x.io/s.yaml"
        );
    }
}
