//! Times the phases of one lint (rule set load, document load, lint,
//! JSON rendering) in-process, for profiling:
//! `cargo run --release --example phases -- RULESET SPEC`.
//! `scripts/bench.sh` measures whole runs; this shows where a run goes.

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, LintOptions, ruleset};
use std::time::Instant;
// The same allocator as the binary, so timings match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: phases RULESET SPEC");
        std::process::exit(2);
    }
    let t = Instant::now();
    let rs = ruleset::load_file(
        std::path::Path::new(&args[1]),
        &ruleset::LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let t1 = t.elapsed();
    let ws = Workspace::load_file(std::path::Path::new(&args[2]), &LoadOptions::default()).unwrap();
    let t2 = t.elapsed();
    let r = engine::lint(&ws, &rs, &LintOptions::default());
    let t3 = t.elapsed();
    let out = apilint::output::json::render(
        &r.findings,
        &apilint::output::json::JsonOptions { base_dir: None },
    );
    let t4 = t.elapsed();
    eprintln!(
        "ruleset {:?} load {:?} lint {:?} render {:?} findings {} bytes {}",
        t1,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        r.findings.len(),
        out.len()
    );
}
