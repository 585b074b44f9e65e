//! Placeholder: the lint run (being written).
use crate::document::Workspace;
use crate::document::format::Formats;
use super::{Finding, RuleSet};

#[derive(Clone, Debug)]
pub struct LintOptions {
    /// Most (node, query state) visits one walk may make before it stops
    /// with a finding; a guard against pathological ref fan-out.
    pub max_visits: usize,
}
impl Default for LintOptions { fn default() -> Self { LintOptions { max_visits: 50_000_000 } } }

#[derive(Debug, Default)]
pub struct LintReport {
    /// Sorted by source, then position, then code.
    pub findings: Vec<Finding>,
    pub formats: Formats,
}

pub fn lint(_ws: &Workspace, _ruleset: &RuleSet, _opts: &LintOptions) -> LintReport { unimplemented!() }
