//! apilint: a fast OpenAPI linter with Spectral-compatible rule sets.
//!
//! The crate is one library shared by the CLI, the service and the tests.
//! Data flows one way: [`document`] parses files into span-preserving trees
//! and resolves `$ref`s lazily; [`jsonpath`] compiles Spectral's JSONPath
//! dialect; [`engine`] loads rule sets and runs them over a document in one
//! walk; [`functions`] are Spectral's core rule functions; [`rules`]
//! holds the built-in rule sets written rule by rule; [`output`]
//! renders findings; [`cli`] wires it to the command line and
//! [`service`] to HTTP (`apilint serve`: the JSON API, stored reviews, rule
//! sets from a git repository); [`js`] holds the JavaScript value
//! semantics Spectral behaviour depends on; [`sandbox`] runs rule sets'
//! custom JavaScript functions; [`fuzzing`] holds the bodies of the
//! `cargo fuzz` targets (`fuzz/`), so stable `cargo test` runs them too.

pub mod cli;
pub mod document;
pub mod engine;
pub mod functions;
pub mod fuzzing;
pub mod js;
pub mod jsonpath;
pub mod output;
pub mod rules;
pub mod sandbox;
pub mod service;
