//! Turning one validated rule definition into a ready [`Rule`]: `given`
//! paths expanded and compiled, `then` fields parsed, functions looked up
//! and constructed with their options, the message template checked.
//!
//! Every problem is reported at the rule set position it comes from: a
//! JSONPath error inside the path string, an options error at the
//! `functionOptions` node.

use std::sync::Arc;

use crate::document::Span;
use crate::document::format::Formats;
use crate::engine::rule::{Field, Rule, Then};
use crate::functions;
use crate::jsonpath;
use crate::sandbox::{self, JsFunction};

use super::alias::{self, AliasTable, Expanded};
use super::field;
use super::source::Issue;
use super::syntax::{RawAlias, RawRuleDef, RawThen, Text};

/// What a rule inherits from the file defining it.
pub(super) struct FileDefaults<'a> {
    /// Top-level `formats`, for rules without their own.
    pub formats: Option<Formats>,
    /// Top-level `documentationUrl`; a rule without its own links to
    /// `URL#rule-name`, as Spectral does.
    pub documentation_url: Option<&'a str>,
    /// The file's JavaScript functions (`functions`), by name.
    pub functions: &'a super::functions::CustomFunctions,
}

/// The placeholders Spectral fills in rule messages.
const PLACEHOLDERS: &[&str] = &["error", "description", "path", "property", "value"];

/// Compiles a rule. `None` when anything is wrong (all of it reported).
pub(super) fn compile_rule(
    name: &str,
    def: &RawRuleDef,
    defaults: &FileDefaults<'_>,
    aliases: &AliasTable<'_>,
    issues: &mut Vec<Issue>,
) -> Option<Rule> {
    let before = issues.len();
    let mut failed = false;
    let mut given = Vec::with_capacity(def.given.len());
    let mut given_formats = Vec::with_capacity(def.given.len());
    for text in &def.given {
        match alias::expand(text, aliases, &[]) {
            Ok(paths) => {
                for e in paths {
                    if let Some(path) = compile_path(&e, issues) {
                        given.push(path);
                        given_formats.push(e.formats);
                    }
                }
            }
            Err(error) => {
                // `None` means an invalid alias already reported; the rule
                // fails either way.
                issues.extend(error);
                failed = true;
            }
        }
    }
    let then: Vec<Then> = def
        .then
        .iter()
        .filter_map(|t| compile_then(t, defaults.functions, issues))
        .collect();
    if let Some(message) = &def.message {
        check_placeholders(message, issues);
    }
    if failed || issues[before..].iter().any(|i| !i.warning) {
        return None;
    }
    let documentation_url = def
        .documentation_url
        .clone()
        .or_else(|| defaults.documentation_url.map(|u| format!("{u}#{name}")));
    Some(Rule {
        name: name.to_string(),
        description: def.description.clone(),
        message: def.message.as_ref().map(|m| m.value.clone()),
        severity: def.severity,
        recommended: def.recommended,
        given,
        given_formats,
        then,
        resolved: def.resolved,
        formats: def.formats.or(defaults.formats),
        documentation_url,
    })
}

/// Checks every alias of a file (or override) on its own, so a broken or
/// cyclic alias is reported even when no rule uses it. Problems found again
/// through a rule that uses the alias are the same issues and are reported
/// once.
pub(super) fn check_aliases(own: &[RawAlias], table: &AliasTable<'_>, issues: &mut Vec<Issue>) {
    for a in own {
        for target in &a.targets {
            for text in &target.given {
                match alias::expand(text, table, &[a.name.as_str()]) {
                    Ok(paths) => {
                        for e in paths {
                            compile_path(&e, issues);
                        }
                    }
                    Err(error) => issues.extend(error),
                }
            }
        }
    }
}

fn compile_path(e: &Expanded<'_>, issues: &mut Vec<Issue>) -> Option<jsonpath::JsonPath> {
    match jsonpath::parse(&e.text) {
        Ok(p) => {
            let before = issues.len();
            check_script_filters(&p, &|offset| e.source_offset(offset), issues);
            issues[before..].iter().all(|i| i.warning).then_some(p)
        }
        Err(err) => {
            issues.push(Issue::new(
                e.source_offset(err.offset),
                format!("invalid JSONPath \"{}\": {}", e.text, err.message),
            ));
            None
        }
    }
}

fn compile_then(
    t: &RawThen,
    custom: &super::functions::CustomFunctions,
    issues: &mut Vec<Issue>,
) -> Option<Then> {
    let field = match &t.field {
        None => None,
        Some(f) => match compile_field(f, issues) {
            Ok(field) => Some(field),
            Err(issue) => {
                issues.push(issue);
                None
            }
        },
    };
    let name = t.function.value.as_str();
    // The file's own JavaScript functions come first: a rule set that
    // declares a function by a core function's name means its own.
    if let Some(module) = custom.get(name) {
        // `None`: the file did not load, which is reported already.
        let module = module.as_ref()?;
        if t.field.is_some() && field.is_none() {
            return None;
        }
        let options = t.options.as_ref().map(|(v, _)| v);
        return Some(Then {
            field,
            function_name: name.to_string(),
            options: options.cloned(),
            function: Arc::new(JsFunction::new(module.clone(), options)),
            script: Some(module.clone()),
        });
    }
    let Some(constructor) = functions::builtin(name) else {
        let mut known: Vec<&str> = functions::builtin_names().collect();
        known.extend(
            custom
                .iter()
                .filter(|(_, m)| m.is_some())
                .map(|(k, _)| k.as_str()),
        );
        issues.push(Issue::at(
            t.function.span,
            format!(
                "unknown function \"{name}\" (known functions: {})",
                known.join(", ")
            ),
        ));
        return None;
    };
    let function = match constructor(t.options.as_ref().map(|(v, _)| v)) {
        Ok(f) => f,
        Err(why) => {
            let span = t
                .options
                .as_ref()
                .map(|(_, s)| *s)
                .unwrap_or(t.function.span);
            // Errors print one per line; a multi-line reason (a regex
            // parser's caret diagram) would break that.
            let why: Vec<&str> = why
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            issues.push(Issue::at(
                span,
                format!("invalid functionOptions for \"{name}\": {}", why.join(" ")),
            ));
            return None;
        }
    };
    if t.field.is_some() && field.is_none() {
        return None;
    }
    Some(Then {
        field,
        function_name: name.to_string(),
        options: t.options.as_ref().map(|(v, _)| v.clone()),
        function: Arc::from(function),
        script: None,
    })
}

/// Tries the filters of `path` that fell back to JavaScript (the native
/// parser did not take them) once on test values ([`sandbox::probe_filter`]),
/// and reads their text for likely typos. One that can never work is an
/// error; one that failed on the test values or reads like a typo is a
/// warning. `at` maps an offset in the path text to one in the file.
fn check_script_filters(
    path: &jsonpath::JsonPath,
    at: &dyn Fn(usize) -> u32,
    issues: &mut Vec<Issue>,
) {
    for f in path.script_filters() {
        let what = format!(
            "JSONPath filter `{}` in \"{}\" is not one the native evaluator handles, so it runs as JavaScript",
            f.source, path.source
        );
        let hint = jsonpath::js_filter::suspicious(&f.source);
        match sandbox::probe_filter(f) {
            sandbox::Probe::Broken(why) => {
                let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
                issues.push(Issue::new(
                    at(f.offset),
                    format!(
                        "{what}, and there it fails whatever the document holds: it {why}{hint}"
                    ),
                ));
            }
            sandbox::Probe::Suspicious(why) => issues.push(Issue::warning(
                at(f.offset),
                format!("{what}, and on test values it {why}; check that it says what you mean"),
            )),
            sandbox::Probe::Fine => {
                if let Some(hint) = hint {
                    issues.push(Issue::warning(at(f.offset), format!("{what}: {hint}")));
                }
            }
        }
    }
}

fn compile_field(f: &Text, issues: &mut Vec<Issue>) -> Result<Field, Issue> {
    let text = f.value.as_str();
    if text == "@key" {
        return Ok(Field::Key);
    }
    if text.starts_with('$') {
        let path = jsonpath::parse(text).map_err(|err| {
            Issue::new(
                f.offset_of(err.offset),
                format!("invalid JSONPath \"{text}\" in \"field\": {}", err.message),
            )
        })?;
        let before = issues.len();
        check_script_filters(&path, &|offset| f.offset_of(offset), issues);
        if let Some(i) = (before..issues.len()).find(|&i| !issues[i].warning) {
            return Err(issues.remove(i));
        }
        return Ok(Field::JsonPath(path));
    }
    field::parse_plain(text).map(Field::Path).map_err(|err| {
        Issue::new(
            f.offset_of(err.offset),
            format!("invalid field \"{text}\": {}", err.message),
        )
    })
}

/// Every `{{name}}` in a message must be one the engine fills.
fn check_placeholders(message: &Text, issues: &mut Vec<Issue>) {
    let text = message.value.as_str();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i) else {
            break;
        };
        let name = &text[open + 2..close];
        if !PLACEHOLDERS.contains(&name) {
            let known: Vec<String> = PLACEHOLDERS
                .iter()
                .map(|p| format!("{{{{{p}}}}}"))
                .collect();
            issues.push(Issue::new(
                message.offset_of(open),
                format!(
                    "unknown placeholder \"{{{{{name}}}}}\" in the message (known: {})",
                    known.join(", ")
                ),
            ));
        }
        from = close + 2;
    }
}

/// Applies a configuration entry to an inherited rule: merges its options
/// over each `then`'s (top-level keys replace) and builds the functions
/// anew. Nothing changes when any function refuses the merged options.
pub(super) fn configure_rule(
    rule: &mut crate::engine::rule::Rule,
    options: &serde_json::Value,
    span: Span,
    issues: &mut Vec<Issue>,
) {
    let mut rebuilt = Vec::with_capacity(rule.then.len());
    for then in &rule.then {
        let merged = match (&then.options, options) {
            (Some(serde_json::Value::Object(old)), serde_json::Value::Object(new)) => {
                let mut m = old.clone();
                for (k, v) in new {
                    m.insert(k.clone(), v.clone());
                }
                serde_json::Value::Object(m)
            }
            _ => options.clone(),
        };
        let name = then.function_name.as_str();
        if let Some(module) = &then.script {
            let f: Arc<dyn functions::RuleFunction> =
                Arc::new(JsFunction::new(module.clone(), Some(&merged)));
            rebuilt.push((f, merged));
            continue;
        }
        let Some(constructor) = functions::builtin(name) else {
            issues.push(Issue::at(
                span,
                format!(
                    "rule \"{}\" calls \"{name}\", whose options cannot be changed",
                    rule.name
                ),
            ));
            return;
        };
        match constructor(Some(&merged)) {
            Ok(f) => rebuilt.push((Arc::from(f), merged)),
            Err(why) => {
                let why: Vec<&str> = why
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                issues.push(Issue::at(
                    span,
                    format!("invalid functionOptions for \"{name}\": {}", why.join(" ")),
                ));
                return;
            }
        }
    }
    for (then, (function, merged)) in rule.then.iter_mut().zip(rebuilt) {
        then.function = function;
        then.options = Some(merged);
    }
}
