//! `jirga eval extract`: main-text extraction scored on the article-extraction
//! benchmark (F1 over 4-token shingles, averaged per page, as the benchmark defines it).

use crate::common::Status;
use anyhow::Context;
use jirga_ingest::eval::{load_benchmark, metrics};
use jirga_ingest::ReaderConfig;
use jirga_pipeline::stream::{par_map, StreamOptions};
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
    // Scored exactly as `jirga extract` reads an HTML page.
    let cfg = ReaderConfig {
        strip_furniture: !args.keep_furniture,
        ..Default::default()
    };
    let opts = StreamOptions {
        threads: args.threads.unwrap_or(0),
        ordered: true,
        ..Default::default()
    };
    let threads = opts.worker_threads();
    let started = Instant::now();
    let mut scores = Vec::with_capacity(pages.len());
    par_map(
        pages.iter(),
        &opts,
        |p| p.score(&cfg),
        |s| {
            scores.push(s);
            Ok::<(), std::convert::Infallible>(())
        },
    )?;
    let secs = started.elapsed().as_secs_f64();
    let m = metrics(&scores);
    let rate = pages.len() as f64 / secs.max(1e-9);
    if args.worst > 0 {
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        idx.sort_by(|&a, &b| scores[a].f1().total_cmp(&scores[b].f1()));
        for &i in idx.iter().take(args.worst) {
            eprintln!(
                "{:.3} {} {}",
                scores[i].f1(),
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
