//! Placeholder: the command line lands with the CLI work.
pub fn main() -> i32 { 2 }
