//! Where a lint's time goes: `APILINT_TIMING=1 apilint lint ...` prints, on
//! stderr after the report, the slowest rules and the run's phases.
//!
//! The engine measures only when asked ([`super::LintOptions::timing`]):
//! without it no clock is read per match, so an ordinary run pays nothing.
//! When asked, every match handed to a rule is timed, from the call of its
//! function to the findings built from the results; that is the rule's
//! time. The walk's own time (following the document and matching the
//! `given` paths of all rules at once) cannot be split between rules, so
//! it is one phase, as are parsing, `$ref` resolution and rendering, which
//! the caller measures and adds with [`Timing::add_phase`].
//!
//! This module collects and renders the figures; it does not decide what
//! to measure beyond the lint itself, and it never touches the report.

use std::time::Duration;

/// The environment variable that turns the table on (as ESLint's `TIMING`).
pub const ENV_VAR: &str = "APILINT_TIMING";

/// How many rules the table lists when the variable does not say.
const DEFAULT_RULES: usize = 10;

/// How many rules to list, read from [`ENV_VAR`]; `None` when timing is
/// off (unset, empty or `0`). `1` (or any value that is not a number
/// above ten) lists the ten slowest, a larger number lists that many, and
/// `all` lists every rule that ran.
pub fn rules_to_list_from_env() -> Option<usize> {
    let value = std::env::var(ENV_VAR).ok()?;
    rules_to_list(&value)
}

/// [`rules_to_list_from_env`] for a given value of the variable.
pub fn rules_to_list(value: &str) -> Option<usize> {
    let value = value.trim();
    if value.is_empty() || value == "0" {
        return None;
    }
    if value.eq_ignore_ascii_case("all") {
        return Some(usize::MAX);
    }
    Some(match value.parse::<usize>() {
        Ok(n) if n > DEFAULT_RULES => n,
        _ => DEFAULT_RULES,
    })
}

/// One rule's share of a lint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleTime {
    pub rule: String,
    /// Time spent on the rule's matches: target selection (`field`),
    /// function calls, and turning results into findings.
    pub time: Duration,
    /// How many times one of its `given` paths matched.
    pub matches: u64,
    /// How many times its functions were called (one per `then` target).
    pub calls: u64,
}

/// What the engine measured during one [`super::lint()`].
#[derive(Clone, Debug, Default)]
pub struct LintTiming {
    /// Walking the document and matching `given` paths, without the time
    /// spent in rules; summed over the walk threads.
    pub walk: Duration,
    /// Time spent in rules (the sum of [`RuleTime::time`]), summed over the
    /// walk threads.
    pub functions: Duration,
    /// Problems, format detection, and merging, suppressing and sorting the
    /// findings (wall time).
    pub findings: Duration,
    /// How many walks ran at the same time.
    pub walks: usize,
    /// Every rule that was matched at least once.
    pub rules: Vec<RuleTime>,
}

/// Figures of a whole command, possibly over several documents.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    /// `(phase, time)` in the order phases were first added.
    phases: Vec<(&'static str, Duration)>,
    rules: Vec<RuleTime>,
    walks: usize,
}

impl Timing {
    /// Adds `time` to `phase` (created on first use).
    pub fn add_phase(&mut self, phase: &'static str, time: Duration) {
        match self.phases.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, t)) => *t += time,
            None => self.phases.push((phase, time)),
        }
    }

    /// Adds the figures of one lint.
    pub fn add_lint(&mut self, lint: &LintTiming) {
        self.add_phase(PHASE_WALK, lint.walk);
        self.add_phase(PHASE_FUNCTIONS, lint.functions);
        self.add_phase(PHASE_FINDINGS, lint.findings);
        self.walks = self.walks.max(lint.walks);
        for r in &lint.rules {
            match self.rules.iter_mut().find(|t| t.rule == r.rule) {
                Some(t) => {
                    t.time += r.time;
                    t.matches += r.matches;
                    t.calls += r.calls;
                }
                None => self.rules.push(r.clone()),
            }
        }
    }

    /// The table: the `max_rules` slowest rules (time, share of all rule
    /// time, matches, function calls), then every phase.
    pub fn render(&self, max_rules: usize) -> String {
        use std::fmt::Write;
        let mut rules: Vec<&RuleTime> = self.rules.iter().collect();
        // Slowest first; equal times by name, so the order is stable.
        rules.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.rule.cmp(&b.rule)));
        let total: Duration = self.rules.iter().map(|r| r.time).sum();
        let shown = &rules[..rules.len().min(max_rules)];
        let width = shown
            .iter()
            .map(|r| r.rule.len())
            .chain(self.phases.iter().map(|(p, _)| p.len()))
            .chain(["Rule".len(), "Phase".len()])
            .max()
            .unwrap_or(4);

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<width$} | {:>10} | {:>8} | {:>8} | {:>8}",
            "Rule", "Time (ms)", "Relative", "Matches", "Calls"
        );
        let _ = writeln!(
            out,
            "{:-<width$}-+-{:->10}-+-{:->8}-+-{:->8}-+-{:->8}",
            "", "", "", "", ""
        );
        for r in shown {
            let share = if total.is_zero() {
                0.0
            } else {
                100.0 * r.time.as_secs_f64() / total.as_secs_f64()
            };
            let _ = writeln!(
                out,
                "{:<width$} | {:>10.3} | {:>7.1}% | {:>8} | {:>8}",
                r.rule,
                ms(r.time),
                share,
                r.matches,
                r.calls
            );
        }
        if rules.len() > shown.len() {
            let _ = writeln!(
                out,
                "({} more rules; {ENV_VAR}=all lists every rule)",
                rules.len() - shown.len()
            );
        }
        out.push('\n');
        let _ = writeln!(out, "{:<width$} | {:>10}", "Phase", "Time (ms)");
        let _ = writeln!(out, "{:-<width$}-+-{:->10}", "", "");
        for (phase, time) in &self.phases {
            let _ = writeln!(out, "{phase:<width$} | {:>10.3}", ms(*time));
        }
        if self.walks > 1 {
            let _ = writeln!(
                out,
                "(`{PHASE_WALK}` and `{PHASE_FUNCTIONS}` are summed over {} walks that ran in parallel; APILINT_THREADS=1 runs one)",
                self.walks
            );
        }
        out
    }
}

/// Phase names, shared by the engine and its callers so that figures of
/// several documents add up.
pub const PHASE_RULESET: &str = "rule set";
pub const PHASE_PARSE: &str = "parse";
pub const PHASE_RESOLVE: &str = "resolve";
pub const PHASE_WALK: &str = "walk/match";
pub const PHASE_FUNCTIONS: &str = "functions";
pub const PHASE_FINDINGS: &str = "findings";
pub const PHASE_RENDER: &str = "render";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_choose_how_many_rules_are_listed() {
        assert_eq!(rules_to_list(""), None);
        assert_eq!(rules_to_list("0"), None);
        assert_eq!(rules_to_list("1"), Some(10));
        assert_eq!(rules_to_list("yes"), Some(10));
        assert_eq!(rules_to_list("25"), Some(25));
        assert_eq!(rules_to_list("ALL"), Some(usize::MAX));
    }

    #[test]
    fn table_lists_slowest_rules_first_and_every_phase() {
        let mut t = Timing::default();
        t.add_phase(PHASE_PARSE, Duration::from_millis(5));
        let lint = LintTiming {
            walk: Duration::from_millis(7),
            functions: Duration::from_millis(4),
            findings: Duration::from_millis(1),
            walks: 1,
            rules: vec![
                RuleTime {
                    rule: "fast".into(),
                    time: Duration::from_millis(1),
                    matches: 3,
                    calls: 3,
                },
                RuleTime {
                    rule: "slow".into(),
                    time: Duration::from_millis(3),
                    matches: 2,
                    calls: 4,
                },
            ],
        };
        t.add_lint(&lint);
        t.add_lint(&lint);
        let table = t.render(1);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("Rule"), "{table}");
        assert!(lines[2].starts_with("slow"), "{table}");
        assert!(lines[2].contains("75.0%"), "{table}");
        // Two lints add up: 4 matches, 8 calls.
        assert!(lines[2].ends_with("|        4 |        8"), "{table}");
        assert!(table.contains("(1 more rules;"), "{table}");
        for phase in [PHASE_PARSE, PHASE_WALK, PHASE_FUNCTIONS, PHASE_FINDINGS] {
            assert!(
                table.lines().any(|l| l.starts_with(phase)),
                "{phase}: {table}"
            );
        }
        assert!(table.contains("14.000"), "walk adds up: {table}");
    }
}
