//! The `apilint` binary: parses arguments and maps the outcome to an exit
//! code. Everything else lives in the library.

fn main() {
    std::process::exit(apilint::cli::main());
}
