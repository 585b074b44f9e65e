//! Placeholder: the standalone evaluator lands with the JSONPath work.
use super::JsonPath;
use crate::document::{PathSeg, View};
pub enum QueryMatch<'a> { Node { view: View<'a>, path: Vec<PathSeg> }, Key { key: PathSeg, path: Vec<PathSeg> } }
pub fn query<'a>(_p: &JsonPath, _root: View<'a>) -> Vec<QueryMatch<'a>> { unimplemented!() }
