//! Findings: what a lint reports, in the shape every renderer reads.

use std::sync::Arc;

use crate::document::{PathSeg, Range, Span};

/// Spectral's severities; the numbers are Spectral's JSON encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error = 0,
    Warn = 1,
    Info = 2,
    Hint = 3,
}

impl Severity {
    /// Parses a rule set severity: a name or Spectral's number. `Ok(None)`
    /// is `off` (`-1`, `off`, `false`).
    pub fn parse_name(s: &str) -> Result<Option<Severity>, String> {
        match s {
            "error" => Ok(Some(Severity::Error)),
            "warn" | "warning" => Ok(Some(Severity::Warn)),
            "info" | "information" => Ok(Some(Severity::Info)),
            "hint" => Ok(Some(Severity::Hint)),
            "off" => Ok(None),
            other => Err(format!(
                "unknown severity \"{other}\" (expected error, warn, info, hint or off)"
            )),
        }
    }

    pub fn from_number(n: i64) -> Result<Option<Severity>, String> {
        match n {
            0 => Ok(Some(Severity::Error)),
            1 => Ok(Some(Severity::Warn)),
            2 => Ok(Some(Severity::Info)),
            3 => Ok(Some(Severity::Hint)),
            -1 => Ok(None),
            other => Err(format!(
                "unknown severity {other} (expected 0..3, or -1 for off)"
            )),
        }
    }

    pub fn as_number(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Whether `self` is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        (self as u8) <= (threshold as u8)
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule name (`operation-tags`), or `parser` / `invalid-ref` /
    /// `unrecognized-format` for problems found before the rules ran.
    pub code: String,
    pub message: String,
    pub severity: Severity,
    /// The path of the offending node from the root of `source`.
    pub path: Vec<PathSeg>,
    /// The file the finding is in, as named to the user.
    pub source: String,
    /// Byte span in `source`.
    pub span: Span,
    /// 0-based lines, UTF-16 characters (Spectral's convention).
    pub range: Range,
    /// Where the rule is documented, when the rule set says.
    pub documentation_url: Option<String>,
    /// The entry of an acknowledgement file (`.apilint-ack.yaml`) that
    /// accepts this SHOULD/MAY finding, set by [`super::ack`] after the
    /// lint; the engine leaves it `None`. An acknowledged finding is still
    /// reported, marked as such, but never fails the run.
    pub acknowledged: Option<Arc<Acknowledgement>>,
}

/// Why a finding is accepted: one entry of an acknowledgement file. Shared
/// (`Arc`) by every finding the entry matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledgement {
    pub reason: String,
    pub author: String,
    /// The last day the entry holds, `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// The acknowledgement file, as named to the user.
    pub file: String,
    /// The entry's 1-based line and column (UTF-16 units) in `file`.
    pub line: u32,
    pub column: u32,
}
