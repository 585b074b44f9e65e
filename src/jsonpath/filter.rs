//! Placeholder: the filter evaluator lands with the JSONPath work.
use super::{FilterExpr, SegRef};
use crate::document::View;
#[derive(Clone, Debug)]
pub struct JsRegex { pub source: String, pub flags: String }
impl PartialEq for JsRegex { fn eq(&self, o: &Self) -> bool { self.source == o.source && self.flags == o.flags } }
pub struct FilterEnv<'a, 'p> {
    pub current: View<'a>,
    pub property: SegRef<'a>,
    pub parent: Option<View<'a>>,
    pub parent_property: Option<SegRef<'a>>,
    pub path: &'p [SegRef<'a>],
    pub root: View<'a>,
}
pub fn eval_filter(_e: &FilterExpr, _env: &FilterEnv<'_, '_>) -> bool { unimplemented!() }
