//! The JSONPath parser, the reference evaluator and the lint walker:
//! see `apilint::fuzzing::jsonpath` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| apilint::fuzzing::jsonpath(data));
