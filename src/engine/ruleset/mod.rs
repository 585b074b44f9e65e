//! Placeholder: the Spectral rule set loader lands with the rule set work.
