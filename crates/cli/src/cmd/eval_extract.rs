//! `jirga eval extract`: main-text extraction scored on the article-extraction
//! benchmark (F1 over 4-token shingles, averaged per page, as the benchmark defines it).

use crate::common::Status;
use anyhow::Context;
use jirga_ingest::eval::{load_benchmark, metrics, score_page};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Benchmark folder holding `ground-truth.json` and `html/*.html.gz`.
    #[arg(long)]
    pub bench: PathBuf,
    /// Print `{"precision", "recall", "f1", "pages", "pages_per_s"}` as JSON.
    #[arg(long)]
    pub json: bool,
    /// Score the extractor alone, without the page-furniture pass.
    #[arg(long)]
    pub keep_furniture: bool,
    /// Fail (exit 1) when F1 is below this value.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// List the N worst pages on stderr.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let pages = load_benchmark(&args.bench)
        .with_context(|| format!("cannot load the benchmark in {}", args.bench.display()))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the worker threads")?;
    let started = Instant::now();
    let scores: Vec<_> = pool.install(|| {
        pages
            .par_iter()
            .map(|p| {
                let text = if args.keep_furniture {
                    jirga_ingest::extract_main_text(&p.html, p.url.as_deref()).text
                } else {
                    jirga_ingest::extract_article(&p.html, p.url.as_deref())
                };
                score_page(&p.truth, &text)
            })
            .collect()
    });
    let secs = started.elapsed().as_secs_f64();
    let m = metrics(&scores);
    let rate = pages.len() as f64 / secs.max(1e-9);
    if args.worst > 0 {
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        let f = |s: &jirga_ingest::eval::PageScore| {
            let d = 2.0 * s.tp + s.fp + s.fn_;
            if d > 0.0 {
                2.0 * s.tp / d
            } else {
                0.0
            }
        };
        idx.sort_by(|&a, &b| f(&scores[a]).total_cmp(&f(&scores[b])));
        for &i in idx.iter().take(args.worst) {
            eprintln!(
                "{:.3} {} {}",
                f(&scores[i]),
                pages[i].id,
                pages[i].url.as_deref().unwrap_or("")
            );
        }
    }
    if args.json {
        let v = serde_json::json!({
            "precision": m.precision,
            "recall": m.recall,
            "f1": m.f1,
            "pages": pages.len(),
            "pages_per_s": rate,
        });
        println!("{v}");
    } else {
        println!(
            "precision {:.4}  recall {:.4}  f1 {:.4}  ({} pages, {:.1} pages/s on {threads} threads)",
            m.precision,
            m.recall,
            m.f1,
            pages.len(),
            rate
        );
    }
    if let Some(min) = args.min_f1 {
        if m.f1 < min {
            anyhow::bail!("extraction F1 {:.4} is below {min}", m.f1);
        }
    }
    Ok(Status::Clean)
}
