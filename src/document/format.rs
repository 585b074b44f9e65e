//! Document format detection with Spectral's format names.
//!
//! A rule set restricts rules with `formats: [oas3]`; the engine asks
//! [`detect`] which formats the document has and skips rules whose formats
//! do not intersect. The names and the tests mirror Spectral's: `oas2`
//! (`swagger: "2.0"`), `oas3` (`openapi: 3.x`), `oas3_0`, `oas3_1`, `oas3_2`, plus the
//! JSON Schema and AsyncAPI names that rule sets may mention.

use super::View;

/// A set of formats, as bit flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Formats(u32);

impl Formats {
    pub const NONE: Formats = Formats(0);
    pub const OAS2: Formats = Formats(1);
    pub const OAS3: Formats = Formats(1 << 1);
    pub const OAS3_0: Formats = Formats(1 << 2);
    pub const OAS3_1: Formats = Formats(1 << 3);
    pub const ASYNCAPI2: Formats = Formats(1 << 4);
    pub const ASYNCAPI3: Formats = Formats(1 << 5);
    pub const JSON_SCHEMA: Formats = Formats(1 << 6);
    pub const JSON_SCHEMA_LOOSE: Formats = Formats(1 << 7);
    pub const JSON_SCHEMA_DRAFT4: Formats = Formats(1 << 8);
    pub const JSON_SCHEMA_DRAFT6: Formats = Formats(1 << 9);
    pub const JSON_SCHEMA_DRAFT7: Formats = Formats(1 << 10);
    pub const JSON_SCHEMA_2019_09: Formats = Formats(1 << 11);
    pub const JSON_SCHEMA_2020_12: Formats = Formats(1 << 12);
    pub const OAS3_2: Formats = Formats(1 << 13);

    const NAMES: &'static [(&'static str, Formats, &'static str)] = &[
        ("oas2", Formats::OAS2, "OpenAPI 2.0 (Swagger)"),
        ("oas3", Formats::OAS3, "OpenAPI 3.x"),
        ("oas3_0", Formats::OAS3_0, "OpenAPI 3.0.x"),
        ("oas3.0", Formats::OAS3_0, "OpenAPI 3.0.x"),
        ("oas3_1", Formats::OAS3_1, "OpenAPI 3.1.x"),
        ("oas3.1", Formats::OAS3_1, "OpenAPI 3.1.x"),
        ("oas3_2", Formats::OAS3_2, "OpenAPI 3.2.x"),
        ("oas3.2", Formats::OAS3_2, "OpenAPI 3.2.x"),
        ("asyncapi2", Formats::ASYNCAPI2, "AsyncAPI 2.x"),
        ("asyncapi3", Formats::ASYNCAPI3, "AsyncAPI 3.x"),
        ("json-schema", Formats::JSON_SCHEMA, "JSON Schema"),
        (
            "json-schema-loose",
            Formats::JSON_SCHEMA_LOOSE,
            "JSON Schema (loose)",
        ),
        (
            "json-schema-draft4",
            Formats::JSON_SCHEMA_DRAFT4,
            "JSON Schema Draft 4",
        ),
        (
            "json-schema-draft6",
            Formats::JSON_SCHEMA_DRAFT6,
            "JSON Schema Draft 6",
        ),
        (
            "json-schema-draft7",
            Formats::JSON_SCHEMA_DRAFT7,
            "JSON Schema Draft 7",
        ),
        (
            "json-schema-2019-09",
            Formats::JSON_SCHEMA_2019_09,
            "JSON Schema Draft 2019-09",
        ),
        (
            "json-schema-2020-12",
            Formats::JSON_SCHEMA_2020_12,
            "JSON Schema Draft 2020-12",
        ),
    ];

    /// The format named `name` in a rule set, if known.
    pub fn from_name(name: &str) -> Option<Formats> {
        Self::NAMES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, f, _)| *f)
    }

    /// All names a rule set may use (for error messages).
    pub fn known_names() -> impl Iterator<Item = &'static str> {
        Self::NAMES.iter().map(|(n, _, _)| *n)
    }

    /// The raw bit set (the JavaScript sandbox passes it to functions).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// A set from [`Formats::bits`] (the sandbox's round trip).
    pub fn from_bits(bits: u32) -> Formats {
        Formats(bits)
    }

    pub fn union(self, other: Formats) -> Formats {
        Formats(self.0 | other.0)
    }

    pub fn intersects(self, other: Formats) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names of the formats in this set (primary spellings).
    pub fn names(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (n, f, _) in Self::NAMES {
            if self.intersects(*f) && !out.iter().any(|o| Formats::from_name(o) == Some(*f)) {
                out.push(n);
            }
        }
        out
    }

    /// Human names, as Spectral's `unrecognized-format` message lists them.
    pub fn display_names(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (_, f, d) in Self::NAMES {
            if self.intersects(*f) && !out.contains(d) {
                out.push(d);
            }
        }
        out
    }
}

/// The formats `root` (a document's root, resolved or not) belongs to.
pub fn detect(root: View<'_>) -> Formats {
    if !root.is_object() {
        return Formats::NONE;
    }
    let mut f = Formats::NONE;
    if let Some(v) = root.get("swagger")
        && version_major(&v) == Some(2)
    {
        f = f.union(Formats::OAS2);
    }
    if let Some(v) = root.get("openapi")
        && version_major(&v) == Some(3)
    {
        f = f.union(Formats::OAS3);
        let s = version_text(&v);
        if minor_matches(&s, "3.0") {
            f = f.union(Formats::OAS3_0);
        } else if minor_matches(&s, "3.1") {
            f = f.union(Formats::OAS3_1);
        } else if minor_matches(&s, "3.2") {
            f = f.union(Formats::OAS3_2);
        }
    }
    if let Some(v) = root.get("asyncapi") {
        let s = version_text(&v);
        if s.starts_with("2.") {
            f = f.union(Formats::ASYNCAPI2);
        } else if s.starts_with("3.") {
            f = f.union(Formats::ASYNCAPI3);
        }
    }
    if let Some(schema) = root.get("$schema").and_then(|v| v.as_str()) {
        let s = schema.trim_end_matches('#');
        let draft = if s.contains("draft-04") {
            Formats::JSON_SCHEMA_DRAFT4
        } else if s.contains("draft-06") {
            Formats::JSON_SCHEMA_DRAFT6
        } else if s.contains("draft-07") {
            Formats::JSON_SCHEMA_DRAFT7
        } else if s.contains("2019-09") {
            Formats::JSON_SCHEMA_2019_09
        } else if s.contains("2020-12") {
            Formats::JSON_SCHEMA_2020_12
        } else {
            Formats::NONE
        };
        if !draft.is_empty() {
            f = f.union(Formats::JSON_SCHEMA).union(draft);
        }
    }
    f
}

/// The version field as text, the way JavaScript's `String(x)` would print
/// it (people write `openapi: 3.0` unquoted; that is the number 3).
fn version_text(v: &View<'_>) -> String {
    match v.value() {
        super::Value::String(s) => s.to_string(),
        super::Value::Int(i) => i.to_string(),
        super::Value::Float(x) => x.to_string(),
        _ => String::new(),
    }
}

/// `parseInt(String(x))`: the leading integer of the version.
fn version_major(v: &View<'_>) -> Option<u64> {
    let s = version_text(v);
    let digits: String = s
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// `^3\.0(\.\d*)?$`-style: exactly `minor`, or `minor.` followed by digits.
fn minor_matches(s: &str, minor: &str) -> bool {
    match s.strip_prefix(minor) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('.')
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_versions() {
        assert!(minor_matches("3.0", "3.0"));
        assert!(minor_matches("3.0.3", "3.0"));
        assert!(minor_matches("3.0.", "3.0"));
        assert!(!minor_matches("3.01", "3.0"));
        assert!(!minor_matches("3.0.3-rc", "3.0"));
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(Formats::from_name("oas3_1"), Some(Formats::OAS3_1));
        assert_eq!(
            Formats::OAS2.union(Formats::OAS3_0).names(),
            vec!["oas2", "oas3_0"]
        );
        assert!(Formats::from_name("oas4").is_none());
    }
}
