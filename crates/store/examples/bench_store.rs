//! The store benchmark without the rest of jirga (builds fast in release):
//! `cargo run --release -p jirga-store --example bench_store -- EVENTS [DB [QUERIES [BATCH]]]`
//! (QUERIES: runs of each query, 0 to time the insert only; BATCH: documents per
//! transaction).

use jirga_store::bench::{run, BenchConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let events: u64 = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let path = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("jirga-bench-{}.db", std::process::id()))
        });
    let queries: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200);
    let mut cfg = BenchConfig {
        events,
        queries,
        ..Default::default()
    };
    if let Some(b) = args.next() {
        cfg.batch = b.parse()?;
    }
    let report = run(&path, &cfg)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
