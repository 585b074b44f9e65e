//! The Spectral rule set loader (and a lint with what it loads): see
//! `apilint::fuzzing::ruleset` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| apilint::fuzzing::ruleset(data));
