//! `jirga bench store`: insert rate and query latency on a synthetic store.

use crate::common::Status;
use jirga_store::bench::{run as bench, BenchConfig};
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Events to generate and ingest.
    #[arg(long, default_value_t = 1_000_000)]
    pub events: u64,
    /// Events per synthetic document.
    #[arg(long, default_value_t = 10)]
    pub per_doc: usize,
    /// Documents per transaction.
    #[arg(long, default_value_t = 2000)]
    pub batch: usize,
    /// Times each query is run.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Store file to build (kept); by default a temporary file that is removed.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Reuse the existing store at --db: time the queries only.
    #[arg(long, requires = "db")]
    pub reuse: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (path, temp) = match &args.db {
        Some(p) => (p.clone(), false),
        None => (
            std::env::temp_dir().join(format!("jirga-bench-store-{}.db", std::process::id())),
            true,
        ),
    };
    if !args.reuse && path.exists() {
        anyhow::bail!(
            "{} exists; give a new --db path (or --reuse to time queries on it)",
            path.display()
        );
    }
    let cfg = BenchConfig {
        events: if args.reuse { 0 } else { args.events },
        per_doc: args.per_doc,
        batch: args.batch,
        queries: args.queries,
    };
    let report = bench(&path, &cfg);
    if temp {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let report = report?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(Status::Clean);
    }
    if report.inserted_events > 0 {
        println!(
            "insert: {} events in {} documents, {:.1}s in the store: {:.0} events/s ({:.1} CPU s: {:.0} events per CPU second); file {:.0} MB",
            report.inserted_events,
            report.inserted_docs,
            report.insert_secs,
            report.events_per_sec,
            report.insert_cpu_secs,
            report.inserted_events as f64 / report.insert_cpu_secs.max(1e-9),
            report.file_bytes as f64 / 1e6
        );
    }
    for q in &report.queries {
        println!(
            "{}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms over {} runs ({} rows) on {} events",
            q.query, q.p50_ms, q.p99_ms, q.max_ms, q.runs, q.rows, report.store_events
        );
    }
    Ok(Status::Clean)
}
