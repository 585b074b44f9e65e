//! The `apilint` binary: parses arguments and maps the outcome to an exit
//! code. Everything else lives in the library.

// Allocation-heavy workloads (trees, findings) run measurably faster on
// mimalloc than on glibc malloc; see Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(apilint::cli::main());
}
