//! Placeholder: the parser lands with the JSONPath work.
use super::JsonPath;
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PathError { pub message: String, pub offset: usize }
pub fn parse(_src: &str) -> Result<JsonPath, PathError> { unimplemented!() }
