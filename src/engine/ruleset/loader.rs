//! The second step of loading: resolving validated rule set files into one
//! [`RuleSet`].
//!
//! For each file: load what it extends (recursively, depth first, with
//! cycle detection and each distinct file loaded once), apply each extends
//! mode to the inherited rules, then apply the file's own `rules`
//! (severity changes to inherited rules, new or replacing definitions),
//! and, for the root file only, its `overrides`.
//!
//! While merging, a rule carries its *defined* severity and, separately,
//! whether it is enabled; the effective severity (`None` = off) is computed
//! only at the end. Keeping them apart is what lets `extends: [[x, off]]`
//! followed by `rule: true` bring a rule back at its own severity.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use globset::GlobBuilder;

use crate::document::PathSeg;
use crate::document::pointer::parse_pointer;
use crate::engine::Severity;
use crate::engine::rule::{Override, OverrideTarget, Rule, RuleSet};

use super::alias::AliasTable;
use super::builtin::{self, BuiltinRuleset};
use super::compile::{self, FileDefaults, check_aliases, compile_rule};
use super::extends::{self, Content, Origin, Target};
use super::functions;
use super::source::{Issue, Source};
use super::syntax::{
    ExtendsMode, RawExtends, RawOverride, RawRuleset, RuleBody, Text, Toggle, read_ruleset,
};
use super::{LoadOptions, RulesetError};

/// How deep `extends` may nest. Real rule sets nest two or three deep.
const MAX_DEPTH: usize = 32;

pub(super) fn load_root_file(path: &Path, opts: &LoadOptions) -> Result<RuleSet, RulesetError> {
    let name = path.display().to_string();
    let text = extends::read_file(path).map_err(|why| {
        RulesetError::single(
            name.clone(),
            0,
            0,
            format!("cannot read the rule set: {why}"),
        )
    })?;
    let target = Target::File(path.to_path_buf());
    let mut loader = Loader::new(opts);
    let loaded = loader.load_text(target.identity(), name.clone(), target.origin(), text, true);
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    loader.finish(name, loaded, Some(base_dir))
}

pub(super) fn load_root_text(
    name: &str,
    text: &str,
    base_dir: Option<&Path>,
    opts: &LoadOptions,
) -> Result<RuleSet, RulesetError> {
    let origin = Origin::Inline {
        base_dir: base_dir.map(Path::to_path_buf),
    };
    let mut loader = Loader::new(opts);
    let loaded = loader.load_text(
        format!("inline:{name}"),
        name.to_string(),
        origin,
        Arc::from(text),
        true,
    );
    loader.finish(name.to_string(), loaded, base_dir.map(Path::to_path_buf))
}

pub(super) fn load_root_builtin(name: &str) -> Result<RuleSet, RulesetError> {
    let (name, ruleset) =
        builtin::lookup(name).map_err(|message| RulesetError::single(name, 0, 0, message))?;
    let opts = LoadOptions::default();
    let mut loader = Loader::new(&opts);
    let target = Target::Builtin(name, ruleset);
    let loaded = match ruleset {
        BuiltinRuleset::Yaml(text) => loader.load_text(
            target.identity(),
            target.display(),
            target.origin(),
            Arc::from(text()),
            true,
        ),
        BuiltinRuleset::Native(f) => Some(native(f())),
    };
    loader.finish(name.to_string(), loaded, None)
}

/// A rule while merging: its defined severity is in `rule.severity`.
#[derive(Clone, Debug)]
struct Entry {
    rule: Rule,
    enabled: bool,
}

/// A resolved rule set file, before effective severities are computed.
#[derive(Debug)]
struct Loaded {
    entries: Vec<Entry>,
    documentation_url: Option<String>,
    overrides: Vec<Override>,
}

fn native(rs: RuleSet) -> Loaded {
    Loaded {
        entries: rs
            .rules
            .into_iter()
            .map(|rule| Entry {
                enabled: rule.recommended,
                rule,
            })
            .collect(),
        documentation_url: rs.documentation_url,
        overrides: Vec::new(),
    }
}

/// Rules by name, in first-definition order; a later definition of the
/// same name replaces the earlier one in place (as a JavaScript object
/// spread does in Spectral).
#[derive(Default)]
struct RuleList {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl RuleList {
    fn define(&mut self, entry: Entry) {
        match self.index.get(&entry.rule.name) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.index
                    .insert(entry.rule.name.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    fn inherit(&mut self, from: &Loaded, mode: ExtendsMode) {
        for e in &from.entries {
            let mut e = e.clone();
            match mode {
                ExtendsMode::Recommended => {}
                ExtendsMode::All => e.enabled = true,
                ExtendsMode::Off => e.enabled = false,
            }
            self.define(e);
        }
    }

    fn get(&self, name: &str) -> Option<&Entry> {
        self.index.get(name).map(|&i| &self.entries[i])
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Entry> {
        self.index.get(name).map(|&i| &mut self.entries[i])
    }
}

/// Applies a severity-only entry the way Spectral merges one: `true` and
/// `false` switch the rule on and off without touching its severity (a
/// rule defined `severity: off` stays off when switched on), a severity
/// replaces it.
fn apply_toggle(e: &mut Entry, toggle: Toggle) {
    match toggle {
        Toggle::On => e.enabled = true,
        Toggle::Disable => e.enabled = false,
        Toggle::Severity(s) => {
            e.rule.severity = s;
            e.enabled = s.is_some();
        }
    }
}

/// The severity a severity-only entry in an override gives a rule.
fn toggled_severity(e: &Entry, toggle: Toggle) -> Option<Severity> {
    match toggle {
        Toggle::On => e.rule.severity,
        Toggle::Disable => None,
        Toggle::Severity(s) => s,
    }
}

struct Loader<'o> {
    opts: &'o LoadOptions,
    /// Errors per file, tagged with the order the file was started in, so
    /// an extending file's errors come before those of what it extends.
    errors: Vec<(usize, Vec<RulesetError>)>,
    /// Warnings, likewise (they do not stop the load).
    warnings: Vec<(usize, Vec<RulesetError>)>,
    next_seq: usize,
    /// Finished rule sets by identity (`None`: it had errors, already
    /// reported). A diamond's shared base is loaded and reported once.
    done: HashMap<String, Option<Rc<Loaded>>>,
    /// The rule sets being loaded, outermost first: (identity, name).
    stack: Vec<(String, String)>,
    /// This load's identity for its JavaScript functions.
    script_set: u64,
}

impl<'o> Loader<'o> {
    fn new(opts: &'o LoadOptions) -> Loader<'o> {
        Loader {
            opts,
            errors: Vec::new(),
            warnings: Vec::new(),
            next_seq: 0,
            done: HashMap::new(),
            stack: Vec::new(),
            script_set: crate::sandbox::ScriptModule::next_set_id(),
        }
    }

    fn finish(
        self,
        source: String,
        loaded: Option<Loaded>,
        base_dir: Option<PathBuf>,
    ) -> Result<RuleSet, RulesetError> {
        let mut files = self.errors;
        files.sort_by_key(|(seq, _)| *seq);
        let errors: Vec<RulesetError> = files.into_iter().flat_map(|(_, e)| e).collect();
        if let Some(error) = RulesetError::from_list(errors) {
            return Err(error);
        }
        // Every path that yields no rule set reports why; this is a safety
        // net, not an expected outcome.
        let loaded = loaded.ok_or_else(|| {
            RulesetError::single(source.clone(), 0, 0, "the rule set could not be loaded")
        })?;
        let rules = loaded
            .entries
            .into_iter()
            .map(|e| {
                let mut rule = e.rule;
                if !e.enabled {
                    rule.severity = None;
                }
                rule
            })
            .collect();
        let mut warnings = self.warnings;
        warnings.sort_by_key(|(seq, _)| *seq);
        Ok(RuleSet {
            source,
            documentation_url: loaded.documentation_url,
            rules,
            overrides: loaded.overrides,
            base_dir,
            warnings: warnings.into_iter().flat_map(|(_, w)| w).collect(),
        })
    }

    /// Loads one rule set file's text and everything it extends. `None`
    /// when it, or anything it extends, has errors (all reported).
    fn load_text(
        &mut self,
        identity: String,
        name: String,
        origin: Origin,
        text: Arc<str>,
        is_root: bool,
    ) -> Option<Loaded> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let (src, mut issues) = match Source::parse(name, text) {
            Ok(parsed) => parsed,
            Err(e) => {
                self.errors.push((seq, vec![e]));
                return None;
            }
        };
        let (raw, syntax_issues) = read_ruleset(&src);
        issues.extend(syntax_issues);

        // Whether every extended rule set loaded: if one did not, a
        // severity change naming an unknown rule may well name one of its
        // rules, and saying "not defined" would be noise.
        let mut complete = !raw.extends_invalid;
        let mut rules = RuleList::default();
        self.stack.push((identity, src.name.clone()));
        for ext in &raw.extends {
            match self.load_extended(ext, &origin) {
                Ok(Some(loaded)) => rules.inherit(&loaded, ext.mode),
                Ok(None) => complete = false,
                Err(issue) => {
                    issues.push(issue);
                    complete = false;
                }
            }
        }
        self.stack.pop();

        // Rules whose own definition failed: later references to them are
        // not reported again.
        let mut failed: HashSet<String> = HashSet::new();
        let table = AliasTable::new(&[(&raw.aliases, &raw.invalid_aliases)]);
        check_aliases(&raw.aliases, &table, &mut issues);
        let custom = functions::load(&raw, &origin, self.opts, self.script_set, &mut issues);
        let defaults = FileDefaults {
            formats: raw.formats,
            documentation_url: raw.documentation_url.as_deref(),
            functions: &custom,
        };
        for r in &raw.rules {
            match &r.body {
                RuleBody::Toggle(t) => match rules.get_mut(&r.name) {
                    Some(e) => apply_toggle(e, *t),
                    None if complete => issues.push(Issue::at(
                        r.key_span,
                        if raw.extends.is_empty() {
                            format!(
                                "rule \"{}\" is not defined in any extended rule set (this rule set extends none; a rule of its own needs \"given\" and \"then\")",
                                r.name
                            )
                        } else {
                            format!("rule \"{}\" is not defined in any extended rule set", r.name)
                        },
                    )),
                    None => {}
                },
                RuleBody::Configure(c) => match rules.get_mut(&r.name) {
                    Some(e) => {
                        compile::configure_rule(&mut e.rule, &c.options.0, c.options.1, &mut issues);
                        if let Some(s) = c.severity {
                            apply_toggle(e, Toggle::Severity(s));
                        }
                    }
                    None if complete => issues.push(Issue::at(
                        r.key_span,
                        format!(
                            "rule \"{}\" is not defined in any extended rule set, so its options cannot be changed (a rule of its own needs \"given\" and \"then\")",
                            r.name
                        ),
                    )),
                    None => {}
                },
                RuleBody::Definition(def) => match compile_rule(&r.name, def, &defaults, &table, &mut issues) {
                    Some(rule) => rules.define(Entry {
                        enabled: rule.recommended,
                        rule,
                    }),
                    None => {
                        failed.insert(r.name.clone());
                    }
                },
            }
        }

        // Spectral applies only the root's overrides: those of an extended
        // rule set are checked (above, for their shape) but ignored.
        let overrides = if is_root {
            raw.overrides
                .iter()
                .map(|ov| {
                    override_entry(
                        ov,
                        &raw,
                        &defaults,
                        &mut rules,
                        &mut failed,
                        complete,
                        &mut issues,
                    )
                })
                .collect()
        } else {
            Vec::new()
        };

        let (warnings, issues): (Vec<Issue>, Vec<Issue>) =
            issues.into_iter().partition(|i| i.warning);
        let errors = src.errors(issues);
        let ok = errors.is_empty() && complete;
        self.errors.push((seq, errors));
        self.warnings.push((seq, src.errors(warnings)));
        ok.then(|| Loaded {
            entries: rules.entries,
            documentation_url: raw.documentation_url,
            overrides,
        })
    }

    /// Loads what one `extends` entry names. `Err` is a problem with the
    /// entry itself (reported in the extending file); `Ok(None)` means the
    /// extended rule set has errors of its own (reported in it).
    fn load_extended(
        &mut self,
        ext: &RawExtends,
        parent: &Origin,
    ) -> Result<Option<Rc<Loaded>>, Issue> {
        let written = ext.target.value.as_str();
        let at = ext.target.span;
        let target = extends::resolve(written, parent).map_err(|m| Issue::at(at, m))?;
        let identity = target.identity();
        if let Some(first) = self.stack.iter().position(|(id, _)| *id == identity) {
            let mut chain: Vec<&str> = self.stack[first..]
                .iter()
                .map(|(_, n)| n.as_str())
                .collect();
            let closing = target.display();
            chain.push(&closing);
            return Err(Issue::at(
                at,
                format!("extends cycle: {}", chain.join(" → ")),
            ));
        }
        if let Some(done) = self.done.get(&identity) {
            return Ok(done.clone());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Issue::at(
                at,
                format!("extends are nested more than {MAX_DEPTH} deep"),
            ));
        }
        let content =
            extends::read(target.located(), written, self.opts).map_err(|m| Issue::at(at, m))?;
        let loaded = match content {
            Content::Text(text) => self
                .load_text(
                    identity.clone(),
                    target.display(),
                    target.origin(),
                    text,
                    false,
                )
                .map(Rc::new),
            Content::Native(f) => Some(Rc::new(native(f()))),
        };
        self.done.insert(identity, loaded.clone());
        Ok(loaded)
    }
}

/// Resolves one `overrides` entry of the root file. A full rule definition
/// in an override adds the rule to the rule set switched off, with the
/// override switching it on for its files.
fn override_entry(
    ov: &RawOverride,
    raw: &RawRuleset,
    defaults: &FileDefaults<'_>,
    rules: &mut RuleList,
    failed: &mut HashSet<String>,
    complete: bool,
    issues: &mut Vec<Issue>,
) -> Override {
    let files = ov
        .files
        .iter()
        .filter_map(|f| override_target(f).map_err(|i| issues.push(i)).ok())
        .collect();
    let table = AliasTable::new(&[
        (&raw.aliases, &raw.invalid_aliases),
        (&ov.aliases, &ov.invalid_aliases),
    ]);
    check_aliases(&ov.aliases, &table, issues);
    let mut changes = Vec::with_capacity(ov.rules.len());
    for r in &ov.rules {
        match &r.body {
            RuleBody::Toggle(t) => match rules.get(&r.name) {
                Some(e) => changes.push((r.name.clone(), toggled_severity(e, *t))),
                None if complete && !failed.contains(&r.name) => issues.push(Issue::at(
                    r.key_span,
                    format!(
                        "rule \"{}\" is not defined in this rule set or any extended rule set",
                        r.name
                    ),
                )),
                None => {}
            },
            RuleBody::Configure(_) => issues.push(Issue::at(
                r.key_span,
                format!(
                    "rule \"{}\": changing functionOptions inside an override is not supported (an override can change severities)",
                    r.name
                ),
            )),
            RuleBody::Definition(def) => {
                // One rule has one definition in a RuleSet; a per-file
                // variant of an existing rule cannot be expressed.
                if rules.get(&r.name).is_some() {
                    issues.push(Issue::at(
                        r.key_span,
                        format!(
                            "rule \"{}\" is already defined; redefining a rule inside an override is not supported yet (an override can change its severity)",
                            r.name
                        ),
                    ));
                    continue;
                }
                match compile_rule(&r.name, def, defaults, &table, issues) {
                    Some(rule) => {
                        let severity = if rule.recommended {
                            rule.severity
                        } else {
                            None
                        };
                        changes.push((r.name.clone(), severity));
                        rules.define(Entry {
                            rule,
                            enabled: false,
                        });
                    }
                    None => {
                        failed.insert(r.name.clone());
                    }
                }
            }
        }
    }
    Override {
        files,
        rules: changes,
    }
}

/// `glob` or `glob#/json/pointer`. The glob is matched against paths
/// relative to the rule set's folder, with `*` not crossing `/`.
fn override_target(f: &Text) -> Result<OverrideTarget, Issue> {
    let (glob, pointer) = match f.value.split_once('#') {
        Some((g, p)) => (g, Some(p)),
        None => (f.value.as_str(), None),
    };
    let matcher = GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map_err(|e| {
            Issue::new(
                f.offset_of(0),
                format!("invalid glob \"{glob}\": {}", e.kind()),
            )
        })?
        .compile_matcher();
    let pointer = match pointer {
        None => None,
        Some(p) => {
            let tokens =
                parse_pointer(p).map_err(|e| Issue::new(f.offset_of(glob.len() + 1), e))?;
            Some(tokens.into_iter().map(PathSeg::Key).collect())
        }
    };
    Ok(OverrideTarget {
        glob: matcher,
        pointer,
    })
}
