//! The built-in rule sets `extends` can name (`spectral:oas`,
//! `apilint:zalando`, ...): one table from name to rule set.
//!
//! A built-in is either YAML text compiled into the binary (loaded exactly
//! like a file, so it may itself extend other built-ins) or a Rust function
//! producing the rules.

use crate::engine::rule::RuleSet;

/// How a built-in rule set is provided.
#[derive(Clone, Copy, Debug)]
pub enum BuiltinRuleset {
    /// Spectral-format YAML, produced on first use (a rule set assembled
    /// from one file per rule) or `include_str!`ed.
    Yaml(fn() -> &'static str),
    /// Rules built in Rust. Each rule's `severity` is its defined severity
    /// and `recommended` says whether `extends` turns it on by default,
    /// exactly as for a rule read from YAML; `overrides` are ignored, as
    /// for any extended rule set.
    Native(fn() -> RuleSet),
}

struct Entry {
    name: &'static str,
    ruleset: BuiltinRuleset,
}

/// Every registered built-in, in the order error messages list them.
const BUILTINS: &[Entry] = &[
    Entry {
        name: "spectral:oas",
        ruleset: BuiltinRuleset::Yaml(crate::rules::oas::ruleset_yaml),
    },
    Entry {
        name: "apilint:zalando",
        ruleset: BuiltinRuleset::Yaml(crate::rules::zalando::ruleset_yaml),
    },
];

/// Spectral's own built-ins that apilint does not provide.
const SPECTRAL_ONLY: &[&str] = &["spectral:asyncapi", "spectral:arazzo"];

/// The registered built-in rule set names.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|e| e.name)
}

/// The built-in named `name`, or why there is none.
pub(super) fn lookup(name: &str) -> Result<(&'static str, BuiltinRuleset), String> {
    if let Some(e) = BUILTINS.iter().find(|e| e.name == name) {
        return Ok((e.name, e.ruleset));
    }
    if SPECTRAL_ONLY.contains(&name) {
        return Err(format!(
            "Spectral's built-in rule set \"{name}\" is not provided by apilint"
        ));
    }
    let available: Vec<&str> = builtin_names().collect();
    let available = if available.is_empty() {
        "none in this version".to_string()
    } else {
        available.join(", ")
    };
    Err(format!(
        "unknown built-in rule set \"{name}\" (available: {available})"
    ))
}

/// Whether `name` has the form of a built-in rule set name rather than a
/// path or URL: `prefix:rest`, with a prefix of at least two lowercase
/// letters, digits or dashes (so `C:\rules.yaml` stays a path) and no `/`
/// or `\` after the colon (so `https://...` and `file:/...` are not names).
/// Whether such a built-in exists is [`super::load_builtin`]'s question.
pub fn is_builtin_name(name: &str) -> bool {
    let Some((prefix, rest)) = name.split_once(':') else {
        return false;
    };
    prefix.len() >= 2
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !rest.is_empty()
        && !rest.contains(['/', '\\'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_builtin_lists_the_available_ones() {
        let err = lookup("spectral:nope").err().unwrap();
        assert!(
            err.starts_with("unknown built-in rule set \"spectral:nope\" (available: "),
            "{err}"
        );
    }

    #[test]
    fn builtin_names_are_told_apart_from_paths_and_urls() {
        assert!(is_builtin_name("spectral:oas"));
        assert!(is_builtin_name("apilint:zalando"));
        assert!(!is_builtin_name("./base.yaml"));
        assert!(!is_builtin_name("C:\\rules\\base.yaml"));
        assert!(!is_builtin_name("https://example.com/r.yaml"));
        assert!(!is_builtin_name("file:///r.yaml"));
        assert!(!is_builtin_name("./a:b/c.yaml"));
        assert!(!is_builtin_name("spectral:"));
    }
}
