//! The functions `spectral:oas` rules call besides Spectral's core
//! functions (`oasOpParams`, `oasDocumentSchema`, ...), one file each.
//!
//! They are looked up by the same name table as the core functions
//! ([`crate::functions::builtin`]), so a company rule set may call them
//! too, e.g. to apply `oasExample` under its own rule name.

use crate::functions::Constructor;

/// Every `spectral:oas` function under the name the rule set uses.
pub(crate) const FUNCTIONS: &[(&str, Constructor)] = &[];
