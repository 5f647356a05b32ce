//! The store benchmark behind `jirga bench store`: builds a synthetic store, measures the
//! insert rate, then the latency of the dyad time series and other queries.

use crate::synth::{document, Rng};
use crate::{
    ActorSel, EventFilter, Outcome, Page, PartnersQuery, Period, Result, SeriesQuery, Store,
};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// What to measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchConfig {
    /// Events to generate and ingest (0: time queries on the existing store only).
    pub events: u64,
    /// Events per synthetic document.
    pub per_doc: usize,
    /// Documents per transaction.
    pub batch: usize,
    /// Times each query is run.
    pub queries: usize,
}

impl Default for BenchConfig {
    fn default() -> Self {
        BenchConfig {
            events: 1_000_000,
            per_doc: 10,
            // 20,000 events per transaction: each commit rewrites the index pages it
            // touched, so larger batches write far less (and stay atomic and idempotent).
            batch: 2000,
            queries: 200,
        }
    }
}

/// Latency of one query kind, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Query kind.
    pub query: String,
    /// Runs.
    pub runs: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest run.
    pub max_ms: f64,
    /// Mean rows returned.
    pub rows: usize,
}

/// Benchmark results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Events stored by this run.
    pub inserted_events: u64,
    /// Documents stored by this run.
    pub inserted_docs: u64,
    /// Seconds spent in the store (generation excluded).
    pub insert_secs: f64,
    /// Events per second into the store.
    pub events_per_sec: f64,
    /// CPU seconds the inserting thread spent in the store (Linux; 0 elsewhere): on a
    /// shared machine the wall clock also counts time waiting for a core.
    pub insert_cpu_secs: f64,
    /// Events in the store when the queries ran.
    pub store_events: u64,
    /// File size after a checkpoint, bytes.
    pub file_bytes: u64,
    /// Query latencies.
    pub queries: Vec<Latency>,
}

/// CPU time of the calling thread in seconds (0 where `/proc` is absent).
fn thread_cpu_secs() -> f64 {
    jirga_doc::measure::thread_cpu_s().unwrap_or(0.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn time(name: &str, n: usize, mut f: impl FnMut(usize) -> Result<usize>) -> Result<Latency> {
    let mut ms = Vec::with_capacity(n);
    let mut rows = 0;
    for i in 0..n {
        let t = Instant::now();
        rows += f(i)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    Ok(Latency {
        query: name.to_string(),
        runs: n,
        p50_ms: percentile(&ms, 0.5),
        p99_ms: percentile(&ms, 0.99),
        max_ms: ms.last().copied().unwrap_or(0.0),
        rows: rows / n.max(1),
    })
}

/// Builds (when `cfg.events` > 0) a synthetic store at `path` and times the queries.
pub fn run(path: &Path, cfg: &BenchConfig) -> Result<BenchReport> {
    let mut store = Store::open(path)?;
    let (mut inserted_events, mut inserted_docs, mut insert_secs) = (0u64, 0u64, 0.0f64);
    let mut insert_cpu_secs = 0.0f64;
    if cfg.events > 0 {
        let docs = cfg.events.div_ceil(cfg.per_doc.max(1) as u64);
        let mut rng = Rng::new(42);
        let mut n = 0u64;
        while n < docs {
            let batch: Vec<_> = (n..(n + cfg.batch.max(1) as u64).min(docs))
                .map(|k| document(&mut rng, k, cfg.per_doc))
                .collect();
            n += batch.len() as u64;
            let t = Instant::now();
            let cpu = thread_cpu_secs();
            for o in store.ingest_batch(&batch)? {
                if let Ok(Outcome::Added { events }) = o {
                    inserted_events += events as u64;
                    inserted_docs += 1;
                }
            }
            insert_secs += t.elapsed().as_secs_f64();
            insert_cpu_secs += thread_cpu_secs() - cpu;
        }
        store.checkpoint()?;
    }
    drop(store);
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let store = Store::open_read_only(path)?;
    let store_events = store.summary(0)?.events;
    let majors = ["RUS", "TAL", "USA", "AFG", "PAK", "CHN"];
    let other = |i: usize| (majors[i % 6], majors[(i / 6 + 1 + i) % 6]);
    let mut queries = Vec::new();
    for (name, by, both) in [
        ("series by month, both directions", Period::Month, true),
        ("series by week, one direction", Period::Week, false),
        ("series by day, both directions", Period::Day, true),
    ] {
        queries.push(time(name, cfg.queries, |i| {
            let (a, b) = if i % 2 == 0 { ("RUS", "TAL") } else { other(i) };
            let q = SeriesQuery {
                source: ActorSel::code(a),
                target: ActorSel::code(b),
                both_directions: both,
                by,
                ..Default::default()
            };
            Ok(store.series(&q)?.len())
        })?);
    }
    queries.push(time(
        "events page (actor, root, since; with total)",
        cfg.queries.min(50),
        |i| {
            let f = EventFilter {
                actor: Some(ActorSel::code(majors[i % 6])),
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
        },
    )?);
    queries.push(time("partners", cfg.queries.min(20), |i| {
        let q = PartnersQuery {
            actor: ActorSel::code(majors[i % 6]),
            ..Default::default()
        };
        Ok(store.partners(&q)?.len())
    })?);
    Ok(BenchReport {
        inserted_events,
        inserted_docs,
        insert_secs,
        events_per_sec: inserted_events as f64 / insert_secs.max(1e-9),
        insert_cpu_secs,
        store_events,
        file_bytes,
        queries,
    })
}
