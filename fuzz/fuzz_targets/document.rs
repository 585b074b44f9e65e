//! The YAML/JSON parser, `$ref` resolution and positions: see
//! `apilint::fuzzing::document` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| apilint::fuzzing::document(data));
