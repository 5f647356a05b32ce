//! `jirga bench ingest`: news pages in a gzipped WARC → events, end to end (read,
//! extract the main text, detect the language, tokenize, tag, parse, match actors,
//! code events) on all cores: pages/s, MB/s, events, peak memory.
//!
//! The WARC is built at run time from the article-extraction benchmark's pages
//! (`--repeat` passes, or enough passes to reach `--size-mb`) in a temporary folder
//! that is removed afterwards, or read from `--warc`. Records stream from the file
//! through a bounded queue to the workers, so memory does not grow with the input.

use crate::common::Status;
use anyhow::Context;
use jirga_doc::measure::peak_rss_mib;
use jirga_ingest::bench::write_bench_warc;
use jirga_ingest::eval::bench_index;
use jirga_ingest::meta::is_english;
use jirga_ingest::{read_records, IngestError, ReaderConfig};
use jirga_pipeline::stream::{par_map, StreamOptions};
use jirga_pipeline::{Pipeline, PipelineConfig};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Benchmark folder with `ground-truth.json` and `html/*.html.gz` (default:
    /// `$JIRGA_SHARED/bench/article-extraction`, else `../shared/bench/article-extraction`).
    #[arg(long)]
    pub bench: Option<PathBuf>,
    /// Passes over the benchmark pages written into the WARC.
    #[arg(long, default_value_t = 1)]
    pub repeat: u64,
    /// Repeat the pages until the gzipped WARC reaches this size (overrides `--repeat`).
    #[arg(long, value_name = "MB")]
    pub size_mb: Option<u64>,
    /// Read this WARC instead of building one (it is not removed).
    #[arg(long)]
    pub warc: Option<PathBuf>,
    /// Folder for the temporary WARC (default: the system's temporary folder).
    #[arg(long)]
    pub tmp: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Pages queued between the reader and the workers (default: 16 per worker).
    #[arg(long, default_value_t = 0)]
    pub queue: usize,
    /// Stop after extraction (no tokens, parse, actors or events).
    #[arg(long)]
    pub extract_only: bool,
    /// Dictionary folder (with `verbs/` and `cameo/`); the built-in dictionaries otherwise.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Models folder (default: as for `jirga parse`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// The benchmark folder: `--bench`, else under `$JIRGA_SHARED`, else `../shared`.
fn bench_dir(args: &Args) -> PathBuf {
    if let Some(b) = &args.bench {
        return b.clone();
    }
    let shared = std::env::var_os("JIRGA_SHARED")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    shared.join("bench/article-extraction")
}

/// A temporary folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(parent: &Path) -> anyhow::Result<TempDir> {
        let d = parent.join(format!("jirga-bench-ingest-{}", std::process::id()));
        std::fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
        Ok(TempDir(d))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// CPU seconds used by this process so far (all threads; `/proc/self/stat`), if known.
fn process_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Resets the peak-memory mark (`VmHWM`) to the current resident size, so that
/// building the WARC does not count; false where the kernel does not allow it.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// What became of one record.
enum Outcome {
    Coded {
        bytes: u64,
        events: usize,
        sentences: usize,
        tokens: usize,
        extract_s: f64,
        pipeline_s: f64,
    },
    Skipped(&'static str),
    Failed(String),
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let started = Instant::now();
    let pipeline = if args.extract_only {
        None
    } else {
        let cfg = PipelineConfig {
            models_dir: args.models.clone(),
            dict_dir: args.dict.clone(),
            ..Default::default()
        };
        Some(Pipeline::load(&cfg).context("loading the pipeline")?)
    };
    let load_s = started.elapsed().as_secs_f64();

    // The input: given, or built from the benchmark pages.
    let mut tmp = None;
    let mut build_s = 0.0;
    let warc = match &args.warc {
        Some(w) => w.clone(),
        None => {
            let dir = bench_dir(&args);
            let pages = bench_index(&dir).with_context(|| {
                format!(
                    "cannot read the article-extraction benchmark in {} (pass --bench DIR or --warc FILE)",
                    dir.display()
                )
            })?;
            let parent = args.tmp.clone().unwrap_or_else(std::env::temp_dir);
            let t = TempDir::new(&parent)?;
            let path = t.0.join("bench.warc.gz");
            tmp = Some(t);
            let f = std::fs::File::create(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let t0 = Instant::now();
            let stats = write_bench_warc(
                &pages,
                args.repeat.max(1),
                args.size_mb.map(|m| m.saturating_mul(1_000_000)),
                std::io::BufWriter::with_capacity(1 << 20, f),
            )
            .with_context(|| format!("cannot write {}", path.display()))?;
            build_s = t0.elapsed().as_secs_f64();
            if !args.json {
                eprintln!(
                    "jirga: built {} ({} pages, {} passes, {:.1} MB gzipped, {:.1} MB raw) in {build_s:.1} s",
                    path.display(),
                    stats.pages,
                    stats.repeats,
                    stats.bytes as f64 / 1e6,
                    stats.raw_bytes as f64 / 1e6
                );
            }
            path
        }
    };
    let warc_bytes = std::fs::metadata(&warc)
        .with_context(|| format!("cannot read {}", warc.display()))?
        .len();
    let peak_reset = reset_peak_rss();

    let cfg = ReaderConfig::default();
    let records = read_records(std::slice::from_ref(&warc), &cfg);
    let read_bytes = records.bytes_read();
    let opts = StreamOptions {
        threads: args.threads.unwrap_or(0),
        ordered: false,
        queue: args.queue,
    };
    let threads = opts.worker_threads();
    let cpu0 = process_cpu_s();
    let t0 = Instant::now();
    let (mut pages, mut coded, mut events, mut sentences, mut tokens) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let (mut html_bytes, mut extract_s, mut pipeline_s) = (0u64, 0.0f64, 0.0f64);
    let mut skipped: BTreeMap<String, u64> = BTreeMap::new();
    let mut failed: BTreeMap<String, u64> = BTreeMap::new();
    let mut printed = 0;
    par_map(
        records,
        &opts,
        |r| {
            let t = Instant::now();
            let x = match r.and_then(|r| r.extract(&cfg)) {
                Ok(x) => x,
                Err(e) if e.is_skip() => return Outcome::Skipped(e.reason()),
                Err(e) => return Outcome::Failed(e.to_string()),
            };
            let bytes = x
                .doc
                .meta
                .origin
                .as_ref()
                .and_then(|o| Some(o.byte_end? - o.byte_start?))
                .unwrap_or(x.doc.text.len() as u64);
            if !x.doc.meta.language.as_deref().is_some_and(is_english) {
                return Outcome::Skipped("other language");
            }
            let extract_s = t.elapsed().as_secs_f64();
            let mut doc = x.doc;
            let t = Instant::now();
            if let Some(p) = &pipeline {
                if let Err(e) = p.process(&mut doc) {
                    return Outcome::Failed(e.to_string());
                }
            }
            Outcome::Coded {
                bytes,
                events: doc.events.len(),
                sentences: doc.sentences.len(),
                tokens: doc.tokens.len(),
                extract_s,
                pipeline_s: t.elapsed().as_secs_f64(),
            }
        },
        |o| {
            pages += 1;
            match o {
                Outcome::Coded {
                    bytes,
                    events: e,
                    sentences: s,
                    tokens: k,
                    extract_s: xs,
                    pipeline_s: ps,
                } => {
                    coded += 1;
                    html_bytes += bytes;
                    events += e as u64;
                    sentences += s as u64;
                    tokens += k as u64;
                    extract_s += xs;
                    pipeline_s += ps;
                }
                Outcome::Skipped(why) => *skipped.entry(why.to_string()).or_default() += 1,
                Outcome::Failed(msg) => {
                    if printed < 20 {
                        printed += 1;
                        eprintln!("jirga: {msg}");
                    }
                    let key = msg.split(':').next().unwrap_or("error").to_string();
                    *failed.entry(key).or_default() += 1;
                }
            }
            Ok::<(), IngestError>(())
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    let cpu = match (cpu0, process_cpu_s()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    let file_mb = read_bytes.load(Ordering::Relaxed) as f64 / 1e6;
    drop(tmp);
    let v = serde_json::json!({
        "threads": threads,
        "warc_mb": warc_bytes as f64 / 1e6,
        "build_seconds": build_s,
        "load_seconds": load_s,
        "records": pages,
        "pages_coded": coded,
        "skipped": skipped,
        "failed": failed,
        "html_mb": html_bytes as f64 / 1e6,
        "sentences": sentences,
        "tokens": tokens,
        "events": events,
        "seconds": secs,
        "cpu_seconds": cpu,
        "pages_per_s": pages as f64 / secs,
        "pages_per_cpu_s": cpu.map(|c| pages as f64 / c.max(1e-9)),
        "warc_mb_per_s": file_mb / secs,
        "html_mb_per_s": html_bytes as f64 / 1e6 / secs,
        "extract_thread_seconds": extract_s,
        "pipeline_thread_seconds": pipeline_s,
        "peak_rss_mb": peak_rss_mib(),
        "peak_rss_reset_after_build": peak_reset,
    });
    if args.json {
        println!("{v}");
    } else {
        for (k, x) in v.as_object().into_iter().flatten() {
            println!("{k}: {x}");
        }
    }
    Ok(if failed.is_empty() {
        Status::Clean
    } else {
        Status::Skipped
    })
}
