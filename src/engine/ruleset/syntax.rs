//! The first step of loading: a rule set file's tree is checked against
//! Spectral's rule set format and turned into plain data ([`RawRuleset`]).
//!
//! Only shapes are checked here: known keys, value types, severities,
//! format names, alias names. Nothing is looked up (extended files, alias
//! targets, function names) and nothing is compiled; that is
//! [`super::loader`]'s job. Every value keeps the span it came from so the
//! later step can still point at it.

use crate::document::format::Formats;
use crate::document::{Member, NodeId, Span, Value};
use crate::engine::Severity;

use super::source::{Issue, Source};

/// A string from the rule set and where it is. `verbatim` says how much of
/// the string appears character for character in the source from
/// `content_start` (the whole of a plain or simply quoted scalar; less when
/// escapes or folding change the text), so a position inside the string
/// (a JSONPath error) can be mapped back to the source exactly.
#[derive(Clone, Debug)]
pub(super) struct Text {
    pub value: String,
    pub span: Span,
    content_start: u32,
    verbatim: usize,
}

impl Text {
    /// The source offset of byte `i` of the string, or of the string's own
    /// start when the source does not spell the string out verbatim up to
    /// `i`.
    pub fn offset_of(&self, i: usize) -> u32 {
        if i <= self.verbatim {
            self.content_start + i as u32
        } else {
            self.span.start
        }
    }
}

/// `extends: [[name, mode]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ExtendsMode {
    /// Inherited rules keep their state (rules with `recommended: false`
    /// are off).
    Recommended,
    /// Every inherited rule is on at its severity.
    All,
    /// Every inherited rule is off until turned on.
    Off,
}

#[derive(Clone, Debug)]
pub(super) struct RawExtends {
    pub target: Text,
    pub mode: ExtendsMode,
}

/// A severity-only entry: `rule: warn`, `rule: off`, `rule: true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Toggle {
    /// `true`: on, at the rule's own severity.
    On,
    /// `false`: off, keeping the rule's severity for a later `true`.
    Disable,
    /// A severity; `None` (`off`, `-1`) replaces the rule's severity, so a
    /// later `true` or `all` does not bring it back (as in Spectral).
    Severity(Option<Severity>),
}

#[derive(Clone, Debug)]
pub(super) enum RuleBody {
    Toggle(Toggle),
    Definition(Box<RawRuleDef>),
    /// apilint's extension: `functionOptions` (and optionally `severity`)
    /// for a rule an extended rule set defines, without redefining it.
    Configure(Box<RawConfigure>),
}

/// A rule entry that only changes an inherited rule's options: its
/// `functionOptions` are merged over those of each of the rule's `then`s
/// (top-level keys replace), and the function is built anew with them.
#[derive(Clone, Debug)]
pub(super) struct RawConfigure {
    pub options: (serde_json::Value, Span),
    /// `Some` when a severity was given (`Some(None)` is `off`).
    pub severity: Option<Option<Severity>>,
}

/// One entry of `rules`.
#[derive(Clone, Debug)]
pub(super) struct RawRule {
    pub name: String,
    pub key_span: Span,
    pub body: RuleBody,
}

/// A full rule definition, validated but not compiled.
#[derive(Clone, Debug)]
pub(super) struct RawRuleDef {
    pub description: Option<String>,
    pub message: Option<Text>,
    /// The defined severity (`warn` when absent); `None` is `off`.
    pub severity: Option<Severity>,
    pub recommended: bool,
    pub resolved: bool,
    pub formats: Option<Formats>,
    pub documentation_url: Option<String>,
    pub given: Vec<Text>,
    pub then: Vec<RawThen>,
}

#[derive(Clone, Debug)]
pub(super) struct RawThen {
    pub field: Option<Text>,
    pub function: Text,
    /// `functionOptions` as JSON, and the span of its node.
    pub options: Option<(serde_json::Value, Span)>,
}

/// One entry of `aliases`. A plain alias (`Name: [paths]`) is one target
/// without formats.
#[derive(Clone, Debug)]
pub(super) struct RawAlias {
    pub name: String,
    pub key_span: Span,
    pub targets: Vec<AliasTarget>,
}

#[derive(Clone, Debug)]
pub(super) struct AliasTarget {
    pub formats: Option<Formats>,
    pub given: Vec<Text>,
}

/// One entry of `overrides`.
#[derive(Clone, Debug)]
pub(super) struct RawOverride {
    /// Globs, each optionally followed by `#` and a JSON pointer.
    pub files: Vec<Text>,
    pub rules: Vec<RawRule>,
    pub aliases: Vec<RawAlias>,
    pub invalid_aliases: Vec<String>,
}

/// A whole rule set file.
#[derive(Clone, Debug, Default)]
pub(super) struct RawRuleset {
    pub documentation_url: Option<String>,
    /// Default formats for the rules this file defines.
    pub formats: Option<Formats>,
    pub extends: Vec<RawExtends>,
    /// Whether an `extends` entry was invalid (and left out of `extends`).
    pub extends_invalid: bool,
    pub rules: Vec<RawRule>,
    pub aliases: Vec<RawAlias>,
    /// Names of aliases whose definitions were invalid (already reported;
    /// references to them are not reported again as unknown).
    pub invalid_aliases: Vec<String>,
    pub overrides: Vec<RawOverride>,
    /// `functions`: names of JavaScript functions this file's rules may
    /// call, each read from `NAME.js` in `functions_dir`.
    pub functions: Vec<Text>,
    /// `functionsDir`, relative to the rule set (default `functions`).
    pub functions_dir: Option<Text>,
}

const TOP_KEYS: &[&str] = &[
    "documentationUrl",
    "description",
    "formats",
    "extends",
    "rules",
    "aliases",
    "overrides",
    "functions",
    "functionsDir",
    "parserOptions",
];

const RULE_KEYS: &[&str] = &[
    "given",
    "then",
    "description",
    "message",
    "severity",
    "recommended",
    "resolved",
    "formats",
    "documentationUrl",
    "type",
    "tags",
    "extensions",
];

const THEN_KEYS: &[&str] = &["field", "function", "functionOptions"];

const OVERRIDE_KEYS: &[&str] = &[
    "files",
    "rules",
    "aliases",
    "formats",
    "extends",
    "parserOptions",
];

/// Reads a parsed rule set file. Problems are collected, not fatal: the
/// result holds everything that was valid.
pub(super) fn read_ruleset(src: &Source) -> (RawRuleset, Vec<Issue>) {
    let mut r = Reader {
        src,
        issues: Vec::new(),
    };
    let raw = r.ruleset(src.tree.root);
    (raw, r.issues)
}

struct Reader<'s> {
    src: &'s Source,
    issues: Vec<Issue>,
}

impl<'s> Reader<'s> {
    fn value(&self, id: NodeId) -> &'s Value {
        &self.src.tree.node(id).value
    }

    fn span(&self, id: NodeId) -> Span {
        self.src.tree.node(id).span
    }

    fn issue(&mut self, span: Span, message: impl Into<String>) {
        self.issues.push(Issue::at(span, message));
    }

    fn unknown_key(&mut self, m: &Member, known: &[&str]) {
        self.issue(
            m.key_span,
            format!(
                "unknown key \"{}\" (expected one of: {})",
                m.key,
                known.join(", ")
            ),
        );
    }

    fn type_error(&mut self, id: NodeId, what: &str, expected: &str) {
        let found = self.value(id).type_name();
        self.issue(
            self.span(id),
            format!("{what} must be {expected}, not {found}"),
        );
    }

    fn members(&mut self, id: NodeId, what: &str) -> Option<&'s [Member]> {
        match self.value(id) {
            Value::Object(m) => Some(m),
            _ => {
                self.type_error(id, what, "a mapping");
                None
            }
        }
    }

    fn items(&mut self, id: NodeId, what: &str) -> Option<&'s [NodeId]> {
        match self.value(id) {
            Value::Array(items) => Some(items),
            _ => {
                self.type_error(id, what, "a list");
                None
            }
        }
    }

    /// The source spelling of a boolean that only YAML 1.1 reads as one
    /// (`yes`, `n`, `off`, ...), as opposed to `true` / `false`.
    fn yaml11_word(&self, id: NodeId) -> Option<&'s str> {
        if !matches!(self.value(id), Value::Bool(_)) {
            return None;
        }
        let raw = self.src.slice(self.span(id)).trim_end();
        let core = ["true", "True", "TRUE", "false", "False", "FALSE"];
        (!raw.is_empty() && !core.contains(&raw)).then_some(raw)
    }

    fn text(&mut self, id: NodeId, what: &str) -> Option<Text> {
        // YAML 1.1 booleans are wanted for `recommended: yes`, but where a
        // string is expected they are the string that was written:
        // `field: n` names the property `n`, as it does in Spectral.
        if let Some(word) = self.yaml11_word(id) {
            return Some(self.make_text(word, self.span(id)));
        }
        match self.value(id) {
            Value::String(s) => Some(self.make_text(s, self.span(id))),
            _ => {
                self.type_error(id, what, "a string");
                None
            }
        }
    }

    fn string(&mut self, id: NodeId, what: &str) -> Option<String> {
        self.text(id, what).map(|t| t.value)
    }

    fn boolean(&mut self, id: NodeId, what: &str) -> Option<bool> {
        match self.value(id) {
            Value::Bool(b) => Some(*b),
            _ => {
                self.type_error(id, what, "true or false");
                None
            }
        }
    }

    fn make_text(&self, value: &str, span: Span) -> Text {
        let raw = self.src.slice(span);
        let (content_start, body) = match raw.as_bytes().first() {
            Some(b'"') | Some(b'\'') => (span.start + 1, &raw[1..]),
            _ => (span.start, raw),
        };
        let verbatim = value
            .char_indices()
            .zip(body.chars())
            .find(|((_, a), b)| a != b)
            .map(|((i, _), _)| i)
            .unwrap_or_else(|| value.len().min(body.len()));
        Text {
            value: value.to_string(),
            span,
            content_start,
            verbatim,
        }
    }

    /// A string or a non-empty list of strings.
    fn string_or_list(&mut self, id: NodeId, what: &str) -> Option<Vec<Text>> {
        match self.value(id) {
            Value::String(_) => self.text(id, what).map(|t| vec![t]),
            Value::Array(items) => {
                if items.is_empty() {
                    self.issue(self.span(id), format!("{what} must not be an empty list"));
                    return None;
                }
                let texts: Vec<Text> = items.iter().filter_map(|&i| self.text(i, what)).collect();
                (texts.len() == items.len()).then_some(texts)
            }
            _ => {
                self.type_error(id, what, "a string or a list of strings");
                None
            }
        }
    }

    fn formats(&mut self, id: NodeId) -> Option<Formats> {
        let items = self.items(id, "\"formats\"")?;
        let mut formats = Formats::NONE;
        let mut ok = true;
        for &item in items {
            let Some(name) = self.string(item, "a format") else {
                ok = false;
                continue;
            };
            match Formats::from_name(&name) {
                Some(f) => formats = formats.union(f),
                None => {
                    ok = false;
                    let known: Vec<&str> = Formats::known_names().collect();
                    self.issue(
                        self.span(item),
                        format!(
                            "unknown format \"{name}\" (known formats: {})",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        ok.then_some(formats)
    }

    /// A severity: a name, Spectral's number, or `false` (an unquoted `off`
    /// under YAML 1.1). Outer `None` means invalid (already reported);
    /// inner `None` means off.
    fn severity(&mut self, id: NodeId) -> Option<Option<Severity>> {
        let result = match self.value(id) {
            Value::String(s) => Severity::parse_name(s),
            Value::Int(n) => Severity::from_number(*n),
            Value::Bool(false) => Ok(None),
            Value::Bool(true) => Err(
                "a severity cannot be true (expected error, warn, info, hint or off)".to_string(),
            ),
            other => Err(format!(
                "a severity must be error, warn, info, hint or off (or 0..3, -1), not {}",
                other.type_name()
            )),
        };
        match result {
            Ok(s) => Some(s),
            Err(message) => {
                self.issue(self.span(id), message);
                None
            }
        }
    }

    // ----------------------------------------------------------------------
    // The top level.
    // ----------------------------------------------------------------------

    fn ruleset(&mut self, root: NodeId) -> RawRuleset {
        let mut raw = RawRuleset::default();
        let members = match self.value(root) {
            Value::Object(m) => m,
            Value::Null => {
                self.issue(self.span(root), "the rule set is empty");
                return raw;
            }
            _ => {
                self.type_error(root, "a rule set", "a mapping");
                return raw;
            }
        };
        for m in members.iter() {
            let v = m.value;
            match &*m.key {
                "documentationUrl" => {
                    raw.documentation_url = self.string(v, "\"documentationUrl\"")
                }
                "description" => {
                    self.string(v, "\"description\"");
                }
                "formats" => raw.formats = self.formats(v),
                "extends" => (raw.extends, raw.extends_invalid) = self.extends(v),
                "rules" => raw.rules = self.rules(v, false),
                "aliases" => (raw.aliases, raw.invalid_aliases) = self.aliases(v),
                "overrides" => raw.overrides = self.overrides(v),
                "functions" => {
                    if let Some(items) = self.items(v, "\"functions\"") {
                        raw.functions = items
                            .iter()
                            .filter_map(|&i| self.text(i, "a function name"))
                            .collect();
                    }
                }
                "functionsDir" => raw.functions_dir = self.text(v, "\"functionsDir\""),
                "parserOptions" => self.parser_options(v),
                _ => self.unknown_key(m, TOP_KEYS),
            }
        }
        if !members
            .iter()
            .any(|m| matches!(&*m.key, "extends" | "rules" | "overrides"))
        {
            self.issue(
                self.span(root),
                "a rule set needs at least one of \"extends\", \"rules\" or \"overrides\"",
            );
        }
        raw
    }

    /// `parserOptions` is checked but has no effect: apilint always reports
    /// duplicate keys as `parser` findings at their own severity.
    fn parser_options(&mut self, id: NodeId) {
        let Some(members) = self.members(id, "\"parserOptions\"") else {
            return;
        };
        for m in members {
            match &*m.key {
                "duplicateKeys" | "incompatibleValues" => {
                    self.severity(m.value);
                }
                _ => self.unknown_key(m, &["duplicateKeys", "incompatibleValues"]),
            }
        }
    }

    /// The valid entries, and whether any entry was invalid.
    fn extends(&mut self, id: NodeId) -> (Vec<RawExtends>, bool) {
        let entry = |r: &mut Self, item: NodeId| -> Option<RawExtends> {
            match r.value(item) {
                Value::String(_) => r.text(item, "an extends entry").map(|target| RawExtends {
                    target,
                    mode: ExtendsMode::Recommended,
                }),
                Value::Array(pair) if pair.len() == 2 => {
                    let target = r.text(pair[0], "the rule set in an extends entry")?;
                    let mode = match r.value(pair[1]) {
                        Value::String(s) if s.as_ref() == "recommended" => ExtendsMode::Recommended,
                        Value::String(s) if s.as_ref() == "all" => ExtendsMode::All,
                        Value::String(s) if s.as_ref() == "off" => ExtendsMode::Off,
                        Value::Bool(false) => ExtendsMode::Off,
                        _ => {
                            r.issue(
                                r.span(pair[1]),
                                "the extends mode must be \"recommended\", \"all\" or \"off\"",
                            );
                            return None;
                        }
                    };
                    Some(RawExtends { target, mode })
                }
                _ => {
                    r.issue(
                        r.span(item),
                        "an extends entry must be a rule set name or path, or a [rule set, mode] pair",
                    );
                    None
                }
            }
        };
        let (expected, entries): (usize, Vec<RawExtends>) = match self.value(id) {
            Value::String(_) => (1, entry(self, id).into_iter().collect()),
            Value::Array(items) => (
                items.len(),
                items.iter().filter_map(|&i| entry(self, i)).collect(),
            ),
            _ => {
                self.type_error(
                    id,
                    "\"extends\"",
                    "a rule set name or path, or a list of them",
                );
                (1, Vec::new())
            }
        };
        let invalid = entries.len() != expected;
        (entries, invalid)
    }

    // ----------------------------------------------------------------------
    // Rules.
    // ----------------------------------------------------------------------

    fn rules(&mut self, id: NodeId, only_toggles: bool) -> Vec<RawRule> {
        let Some(members) = self.members(id, "\"rules\"") else {
            return Vec::new();
        };
        let mut rules = Vec::with_capacity(members.len());
        for m in members {
            let v = m.value;
            let body = match self.value(v) {
                Value::Object(_) if only_toggles => {
                    self.issue(
                        self.span(v),
                        "an override whose files name a JSON pointer (#) can only change severities, not define rules",
                    );
                    continue;
                }
                Value::Object(_) if self.is_configuration(v) => match self.rule_configuration(m) {
                    Some(c) => RuleBody::Configure(Box::new(c)),
                    None => continue,
                },
                Value::Object(_) => match self.rule_definition(m) {
                    Some(def) => RuleBody::Definition(Box::new(def)),
                    None => continue,
                },
                // An unquoted `off` is a YAML 1.1 boolean but means the
                // severity, not `false`.
                Value::Bool(false)
                    if self
                        .yaml11_word(v)
                        .is_some_and(|w| w.eq_ignore_ascii_case("off")) =>
                {
                    RuleBody::Toggle(Toggle::Severity(None))
                }
                Value::Bool(true) => RuleBody::Toggle(Toggle::On),
                Value::Bool(false) => RuleBody::Toggle(Toggle::Disable),
                Value::String(_) | Value::Int(_) => match self.severity(v) {
                    Some(s) => RuleBody::Toggle(Toggle::Severity(s)),
                    None => continue,
                },
                other => {
                    let found = other.type_name();
                    self.issue(
                        self.span(v),
                        format!(
                            "rule \"{}\" must be a rule definition (a mapping with \"given\" and \"then\"), a severity or true/false, not {found}",
                            m.key
                        ),
                    );
                    continue;
                }
            };
            rules.push(RawRule {
                name: m.key.to_string(),
                key_span: m.key_span,
                body,
            });
        }
        rules
    }

    /// A mapping with `functionOptions` but neither `given` nor `then`
    /// configures an inherited rule rather than defining one.
    fn is_configuration(&self, id: NodeId) -> bool {
        match self.value(id) {
            Value::Object(members) => {
                let has = |k: &str| members.iter().any(|m| &*m.key == k);
                has("functionOptions") && !has("given") && !has("then")
            }
            _ => false,
        }
    }

    fn rule_configuration(&mut self, rule: &Member) -> Option<RawConfigure> {
        let members = self.members(rule.value, "a rule")?;
        let mut options = None;
        let mut severity = None;
        let mut ok = true;
        for m in members {
            let v = m.value;
            match &*m.key {
                "functionOptions" => match self.options_json(v, 0) {
                    Some(json) => options = Some((json, self.span(v))),
                    None => ok = false,
                },
                "severity" => match self.severity(v) {
                    Some(s) => severity = Some(s),
                    None => ok = false,
                },
                k if k.starts_with("x-") => {}
                other => {
                    self.issue(
                        m.key_span,
                        format!(
                            "\"{other}\" cannot be changed here: rule \"{}\" only sets \"functionOptions\" (and \"severity\") of the rule an extended rule set defines; to redefine it, give \"given\" and \"then\"",
                            rule.key
                        ),
                    );
                    ok = false;
                }
            }
        }
        let options = options?;
        ok.then_some(RawConfigure { options, severity })
    }

    fn rule_definition(&mut self, rule: &Member) -> Option<RawRuleDef> {
        let members = self.members(rule.value, "a rule")?;
        let mut def = RawRuleDef {
            description: None,
            message: None,
            severity: Some(Severity::Warn),
            recommended: true,
            resolved: true,
            formats: None,
            documentation_url: None,
            given: Vec::new(),
            then: Vec::new(),
        };
        let mut ok = true;
        let (mut has_given, mut has_then) = (false, false);
        for m in members {
            let v = m.value;
            match &*m.key {
                "given" => {
                    has_given = true;
                    match self.given(v) {
                        Some(g) => def.given = g,
                        None => ok = false,
                    }
                }
                "then" => {
                    has_then = true;
                    match self.then(v) {
                        Some(t) => def.then = t,
                        None => ok = false,
                    }
                }
                "description" => def.description = self.string(v, "\"description\""),
                "message" => def.message = self.text(v, "\"message\""),
                "severity" => match self.severity(v) {
                    Some(s) => def.severity = s,
                    None => ok = false,
                },
                "recommended" => {
                    def.recommended = self.boolean(v, "\"recommended\"").unwrap_or(true)
                }
                "resolved" => def.resolved = self.boolean(v, "\"resolved\"").unwrap_or(true),
                "formats" => match self.formats(v) {
                    Some(f) => def.formats = Some(f),
                    None => ok = false,
                },
                "documentationUrl" => {
                    def.documentation_url = self.string(v, "\"documentationUrl\"")
                }
                // Spectral's rule type is informational only.
                "type" => match self.value(v) {
                    Value::String(s) if matches!(s.as_ref(), "style" | "validation") => {}
                    _ => self.issue(self.span(v), "\"type\" must be \"style\" or \"validation\""),
                },
                "tags" => {
                    if let Some(items) = self.items(v, "\"tags\"") {
                        for &i in items {
                            self.string(i, "a tag");
                        }
                    }
                }
                "extensions" => {
                    self.members(v, "\"extensions\"");
                }
                // Spectral allows vendor extensions on rules.
                k if k.starts_with("x-") => {}
                _ => self.unknown_key(m, RULE_KEYS),
            }
        }
        if !has_given || !has_then {
            let missing = match (has_given, has_then) {
                (false, false) => "\"given\" and \"then\"",
                (false, true) => "\"given\"",
                _ => "\"then\"",
            };
            self.issue(
                rule.key_span,
                format!("rule \"{}\" must have {missing}", rule.key),
            );
            ok = false;
        }
        // Problems are already reported; an incomplete definition is not
        // passed on, so later steps do not report follow-up errors for it.
        ok.then_some(def)
    }

    fn given(&mut self, id: NodeId) -> Option<Vec<Text>> {
        let paths = self.string_or_list(id, "\"given\"")?;
        let mut ok = true;
        for p in &paths {
            if !p.value.starts_with('$') && !p.value.starts_with('#') {
                ok = false;
                self.issue(
                    p.span,
                    format!(
                        "\"{}\" is not a JSONPath (starting with \"$\") or an alias reference (starting with \"#\")",
                        p.value
                    ),
                );
            }
        }
        ok.then_some(paths)
    }

    fn then(&mut self, id: NodeId) -> Option<Vec<RawThen>> {
        match self.value(id) {
            Value::Object(_) => self.then_entry(id).map(|t| vec![t]),
            Value::Array(items) => {
                if items.is_empty() {
                    self.issue(self.span(id), "\"then\" must not be an empty list");
                    return None;
                }
                let thens: Vec<RawThen> =
                    items.iter().filter_map(|&i| self.then_entry(i)).collect();
                (thens.len() == items.len()).then_some(thens)
            }
            _ => {
                self.type_error(id, "\"then\"", "a mapping or a list of mappings");
                None
            }
        }
    }

    fn then_entry(&mut self, id: NodeId) -> Option<RawThen> {
        let members = self.members(id, "a \"then\" entry")?;
        let mut field = None;
        let mut function = None;
        let mut options = None;
        let mut ok = true;
        for m in members {
            let v = m.value;
            match &*m.key {
                "field" => match self.text(v, "\"field\"") {
                    Some(t) => field = Some(t),
                    None => ok = false,
                },
                "function" => match self.text(v, "\"function\"") {
                    Some(t) => function = Some(t),
                    None => ok = false,
                },
                "functionOptions" => match self.options_json(v, 0) {
                    Some(json) => options = Some((json, self.span(v))),
                    None => ok = false,
                },
                _ => {
                    self.unknown_key(m, THEN_KEYS);
                    ok = false;
                }
            }
        }
        let Some(function) = function else {
            if ok {
                self.issue(self.span(id), "a \"then\" entry must name a \"function\"");
            }
            return None;
        };
        ok.then_some(RawThen {
            field,
            function,
            options,
        })
    }

    /// `functionOptions` as JSON, with YAML 1.1 boolean spellings kept as
    /// the strings they are in YAML 1.2 (`values: [yes, no]` are two
    /// strings, as Spectral reads them).
    fn options_json(&mut self, id: NodeId, depth: usize) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        // Options are small; deep nesting is an attack, not a rule set.
        const MAX_OPTIONS_DEPTH: usize = 128;
        if depth > MAX_OPTIONS_DEPTH {
            self.issue(self.span(id), "\"functionOptions\" is nested too deeply");
            return None;
        }
        if let Some(word) = self.yaml11_word(id) {
            return Some(J::String(word.to_string()));
        }
        Some(match self.value(id) {
            Value::Array(items) => J::Array(
                items
                    .iter()
                    .map(|&i| self.options_json(i, depth + 1))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members.iter() {
                    map.insert(m.key.to_string(), self.options_json(m.value, depth + 1)?);
                }
                J::Object(map)
            }
            _ => self.src.tree.to_json(id),
        })
    }

    // ----------------------------------------------------------------------
    // Aliases.
    // ----------------------------------------------------------------------

    /// The valid aliases, and the names of the invalid ones.
    fn aliases(&mut self, id: NodeId) -> (Vec<RawAlias>, Vec<String>) {
        let Some(members) = self.members(id, "\"aliases\"") else {
            return (Vec::new(), Vec::new());
        };
        let mut aliases = Vec::with_capacity(members.len());
        let mut invalid = Vec::new();
        for m in members {
            if !is_alias_name(&m.key) {
                self.issue(
                    m.key_span,
                    format!(
                        "alias name \"{}\" must start with a letter and contain only letters, digits, \"_\" and \"-\"",
                        m.key
                    ),
                );
                invalid.push(m.key.to_string());
                continue;
            }
            let targets = match self.value(m.value) {
                Value::Array(_) => self.given(m.value).map(|given| {
                    vec![AliasTarget {
                        formats: None,
                        given,
                    }]
                }),
                Value::Object(_) => self.scoped_alias(m.value),
                _ => {
                    self.type_error(
                        m.value,
                        "an alias",
                        "a list of paths or a mapping with \"targets\"",
                    );
                    None
                }
            };
            match targets {
                Some(targets) => aliases.push(RawAlias {
                    name: m.key.to_string(),
                    key_span: m.key_span,
                    targets,
                }),
                None => invalid.push(m.key.to_string()),
            }
        }
        (aliases, invalid)
    }

    fn scoped_alias(&mut self, id: NodeId) -> Option<Vec<AliasTarget>> {
        let members = self.members(id, "an alias")?;
        let mut targets = None;
        for m in members {
            match &*m.key {
                "description" => {
                    self.string(m.value, "\"description\"");
                }
                "targets" => targets = self.alias_targets(m.value),
                _ => self.unknown_key(m, &["description", "targets"]),
            }
        }
        if !members.iter().any(|m| &*m.key == "targets") {
            self.issue(self.span(id), "a scoped alias must have \"targets\"");
        }
        targets
    }

    fn alias_targets(&mut self, id: NodeId) -> Option<Vec<AliasTarget>> {
        let items = self.items(id, "\"targets\"")?;
        if items.is_empty() {
            self.issue(self.span(id), "\"targets\" must not be empty");
            return None;
        }
        let mut targets = Vec::with_capacity(items.len());
        for &item in items {
            let members = self.members(item, "an alias target")?;
            let (mut formats, mut given) = (None, None);
            for m in members {
                match &*m.key {
                    "formats" => formats = self.formats(m.value),
                    "given" => given = self.given(m.value),
                    _ => self.unknown_key(m, &["formats", "given"]),
                }
            }
            let has = |k: &str| members.iter().any(|m| &*m.key == k);
            if !has("formats") || !has("given") {
                self.issue(
                    self.span(item),
                    "an alias target must have \"formats\" and \"given\"",
                );
                return None;
            }
            match formats {
                Some(f) if f.is_empty() => {
                    self.issue(
                        self.span(item),
                        "an alias target's \"formats\" must not be empty",
                    );
                    return None;
                }
                Some(_) => {}
                None => return None,
            }
            targets.push(AliasTarget {
                formats,
                given: given?,
            });
        }
        Some(targets)
    }

    // ----------------------------------------------------------------------
    // Overrides.
    // ----------------------------------------------------------------------

    fn overrides(&mut self, id: NodeId) -> Vec<RawOverride> {
        let Some(items) = self.items(id, "\"overrides\"") else {
            return Vec::new();
        };
        if items.is_empty() {
            self.issue(self.span(id), "\"overrides\" must not be empty");
        }
        items
            .iter()
            .filter_map(|&i| self.override_entry(i))
            .collect()
    }

    fn override_entry(&mut self, id: NodeId) -> Option<RawOverride> {
        let members = self.members(id, "an override")?;
        let files = match members.iter().find(|m| &*m.key == "files") {
            Some(m) => self.override_files(m.value)?,
            None => {
                self.issue(self.span(id), "an override must have \"files\"");
                return None;
            }
        };
        // Spectral's rule: with a pointer, an override is a pure severity
        // change, because a rule cannot run on part of a document.
        let pointers = files.iter().any(|f| f.value.contains('#'));
        let mut out = RawOverride {
            files,
            rules: Vec::new(),
            aliases: Vec::new(),
            invalid_aliases: Vec::new(),
        };
        let mut has_rules = false;
        for m in members {
            match &*m.key {
                "files" => {}
                "rules" => {
                    has_rules = true;
                    out.rules = self.rules(m.value, pointers);
                }
                "aliases" | "formats" | "extends" | "parserOptions" if pointers => self.issue(
                    m.key_span,
                    format!(
                        "an override whose files name a JSON pointer (#) can only have \"files\" and \"rules\", not \"{}\"",
                        m.key
                    ),
                ),
                "aliases" => (out.aliases, out.invalid_aliases) = self.aliases(m.value),
                "parserOptions" => self.parser_options(m.value),
                "formats" | "extends" => self.issue(
                    m.key_span,
                    format!("\"{}\" in overrides is not supported yet", m.key),
                ),
                _ => self.unknown_key(m, OVERRIDE_KEYS),
            }
        }
        if !has_rules {
            self.issue(self.span(id), "an override must have \"rules\"");
        }
        Some(out)
    }

    fn override_files(&mut self, id: NodeId) -> Option<Vec<Text>> {
        let items = self.items(id, "\"files\"")?;
        if items.is_empty() {
            self.issue(
                self.span(id),
                "\"files\" must be a non-empty list of glob patterns",
            );
            return None;
        }
        let mut files = Vec::with_capacity(items.len());
        for &i in items {
            let t = self.text(i, "a file pattern")?;
            if t.value.is_empty() || t.value.starts_with('#') {
                self.issue(t.span, "a file pattern must have a glob before any \"#\"");
                return None;
            }
            files.push(t);
        }
        Some(files)
    }
}

/// Spectral's alias names: a letter, then letters, digits, `_` or `-`.
pub(super) fn is_alias_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn read(text: &str) -> (RawRuleset, Vec<Issue>) {
        let (src, parse_issues) = Source::parse("t.yaml".to_string(), Arc::from(text)).unwrap();
        assert!(parse_issues.is_empty(), "{parse_issues:?}");
        read_ruleset(&src)
    }

    fn definition(raw: &RawRuleset, i: usize) -> &RawRuleDef {
        match &raw.rules[i].body {
            RuleBody::Definition(d) => d,
            RuleBody::Toggle(t) => panic!("rule {i} is a toggle: {t:?}"),
            RuleBody::Configure(c) => panic!("rule {i} is a configuration: {c:?}"),
        }
    }

    #[test]
    fn yaml11_words_are_strings_where_strings_are_expected() {
        // Regression: `field: n` read as `false` under YAML 1.1 booleans.
        let (raw, issues) =
            read("rules:\n  r:\n    given: $\n    then: {field: n, function: truthy}\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            definition(&raw, 0).then[0].field.as_ref().unwrap().value,
            "n"
        );
    }

    #[test]
    fn yaml11_words_are_booleans_where_booleans_are_expected() {
        let (raw, issues) = read(
            "extends: [[./x.yaml, off]]\nrules:\n  a: off\n  b: yes\n  c:\n    recommended: no\n    severity: off\n    given: $\n    then: {function: truthy}\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(raw.extends[0].mode, ExtendsMode::Off);
        assert!(matches!(
            raw.rules[0].body,
            RuleBody::Toggle(Toggle::Severity(None))
        ));
        assert!(matches!(raw.rules[1].body, RuleBody::Toggle(Toggle::On)));
        let c = definition(&raw, 2);
        assert!(!c.recommended);
        assert_eq!(c.severity, None);
    }

    #[test]
    fn function_options_keep_yaml11_words_as_strings() {
        let (raw, issues) = read(
            "rules:\n  r:\n    given: $\n    then:\n      function: enumeration\n      functionOptions: {values: [yes, no, on, true, 1]}\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        let (options, _) = definition(&raw, 0).then[0].options.as_ref().unwrap();
        assert_eq!(
            options,
            &serde_json::json!({"values": ["yes", "no", "on", true, 1]})
        );
    }

    #[test]
    fn text_positions_map_into_quoted_and_plain_scalars() {
        let src = "rules:\n  a:\n    given: '$.x'\n    message: \"a\\tb{{x}}\"\n    then: {function: truthy}\n";
        let (raw, _) = read(src);
        let a = definition(&raw, 0);
        let given = &a.given[0];
        assert_eq!(
            &src[given.offset_of(2) as usize..][..1],
            "x",
            "inside single quotes"
        );
        // After an escape the source no longer spells the string out, so
        // positions past it fall back to the string's start.
        let message = a.message.as_ref().unwrap();
        assert_eq!(&src[message.offset_of(0) as usize..][..1], "a");
        assert_eq!(message.offset_of(3), message.span.start);
    }

    #[test]
    fn invalid_aliases_are_remembered_by_name() {
        let (raw, issues) =
            read("aliases:\n  Good: [$.a]\n  Bad: $.b\n  9lives: [$.c]\nrules: {}\n");
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!(raw.aliases.len(), 1);
        assert_eq!(raw.invalid_aliases, ["Bad", "9lives"]);
    }
}
