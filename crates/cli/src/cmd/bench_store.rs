//! `jirga bench store`: insert rate and query latency on a synthetic store.

use crate::common::Status;
use jirga_store::synth::{document, Rng};
use jirga_store::{ActorSel, EventFilter, Page, PartnersQuery, Period, SeriesQuery, Store};
use std::path::PathBuf;
use std::time::Instant;

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
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
    /// Times each query is run.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Store file to build (kept); by default a temporary file that is removed.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Reuse an existing store at --db instead of generating one (query timings only).
    #[arg(long, requires = "db")]
    pub reuse: bool,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn time_ms(
    n: usize,
    mut f: impl FnMut(usize) -> anyhow::Result<usize>,
) -> anyhow::Result<(f64, f64, f64, usize)> {
    let mut ms = Vec::with_capacity(n);
    let mut rows = 0;
    for i in 0..n {
        let t = Instant::now();
        rows += f(i)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    Ok((
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(0.0),
        rows / n.max(1),
    ))
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
    let mut store = Store::open(&path)?;
    if !args.reuse {
        let docs = args.events.div_ceil(args.per_doc.max(1) as u64);
        let mut rng = Rng::new(42);
        let mut n = 0u64;
        let mut ingest_secs = 0.0;
        let mut stored = 0u64;
        let started = Instant::now();
        while n < docs {
            let batch: Vec<_> = (n..(n + args.batch as u64).min(docs))
                .map(|k| document(&mut rng, k, args.per_doc))
                .collect();
            n += batch.len() as u64;
            let t = Instant::now();
            for o in store.ingest_batch(&batch)? {
                if let Ok(jirga_store::Outcome::Added { events }) = o {
                    stored += events as u64;
                }
            }
            ingest_secs += t.elapsed().as_secs_f64();
        }
        store.checkpoint()?;
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "insert: {stored} events in {docs} documents, {:.1}s in the store ({:.0} events/s, {:.0} docs/s); {:.1}s with generation; file {:.0} MB",
            ingest_secs,
            stored as f64 / ingest_secs.max(1e-9),
            docs as f64 / ingest_secs.max(1e-9),
            started.elapsed().as_secs_f64(),
            size as f64 / 1e6
        );
    }
    drop(store);
    let store = Store::open_read_only(&path)?;
    let total = store.summary(0)?.events;
    let majors = ["RUS", "TAL", "USA", "AFG", "PAK", "CHN"];
    let dyad = |i: usize| {
        (
            majors[i % majors.len()],
            majors[(i / majors.len() + 1 + i) % majors.len()],
        )
    };
    for (name, by, both) in [
        (
            "series RUS,TAL by month, both directions",
            Period::Month,
            true,
        ),
        ("series by week, one direction", Period::Week, false),
        ("series by day, both directions", Period::Day, true),
    ] {
        let (p50, p99, max, rows) = time_ms(args.queries, |i| {
            let (a, b) = if i % 2 == 0 { ("RUS", "TAL") } else { dyad(i) };
            let q = SeriesQuery {
                source: ActorSel::code(a),
                target: ActorSel::code(b),
                both_directions: both,
                by,
                ..Default::default()
            };
            Ok(store.series(&q)?.len())
        })?;
        println!("{name}: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms ({rows} buckets avg) over {total} events");
    }
    let (p50, p99, _, _) = time_ms(args.queries.min(50), |i| {
        let f = EventFilter {
            actor: Some(ActorSel::code(majors[i % majors.len()])),
            root: Some("07".into()),
            since: Some("2018-01-01".into()),
            ..Default::default()
        };
        Ok(store
            .events(
                &f,
                Page {
                    limit: 20,
                    offset: (i as u64 % 5) * 20,
                },
            )?
            .events
            .len())
    })?;
    println!(
        "events page (actor, root, since, with total count): p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
    let (p50, p99, _, _) = time_ms(args.queries.min(20), |i| {
        let q = PartnersQuery {
            actor: ActorSel::code(majors[i % majors.len()]),
            ..Default::default()
        };
        Ok(store.partners(&q)?.len())
    })?;
    println!("partners: p50 {p50:.2} ms, p99 {p99:.2} ms");
    drop(store);
    if temp {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(Status::Clean)
}
