//! `jirga bench parse`: raw text → tokenize, tag, lemmatize, parse; throughput on one
//! thread and on all cores, model load time and peak memory.

use crate::common::Status;
use anyhow::Context;
use jirga_doc::measure::{peak_rss_mib, thread_cpu_s};
use jirga_doc::{Doc, DocMeta};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Plain text (documents separated by blank lines) or JSON Lines with a `text` field.
    pub file: PathBuf,
    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Use only the first N documents.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Models directory (as for `jirga parse`).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

fn load_texts(args: &Args) -> anyhow::Result<(Vec<String>, usize)> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let (text, lossy) = jirga_text::decode_lossy(&bytes);
    if lossy {
        eprintln!(
            "jirga: warning: {}: invalid UTF-8 replaced with U+FFFD",
            args.file.display()
        );
    }
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut skipped = 0;
    let docs: Vec<String> = if text.trim_start().starts_with('{') {
        let mut docs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if docs.len() >= limit {
                break;
            }
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                    Some(t) => docs.push(t.to_string()),
                    None => skipped += 1,
                },
                Err(e) => {
                    eprintln!("jirga: {}:{}: {e} (skipped)", args.file.display(), n + 1);
                    skipped += 1;
                }
            }
        }
        docs
    } else {
        text.split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .take(limit)
            .map(str::to_string)
            .collect()
    };
    Ok((docs, skipped))
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (texts, skipped) = load_texts(&args)?;
    let t0 = Instant::now();
    let ann = super::parse::load_annotator(args.models.as_deref())?;
    let load_s = t0.elapsed().as_secs_f64();
    let tok = super::parse::tokenizer(&ann);

    let run_one = |i: usize, text: &String| -> anyhow::Result<(usize, usize)> {
        let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
        tok.tokenize(&mut doc);
        ann.annotate(&mut doc)?;
        Ok((doc.tokens.len(), doc.sentences.len()))
    };

    // Tokenizer alone, for the share of the time it takes.
    let t = Instant::now();
    for (i, text) in texts.iter().enumerate() {
        let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
        tok.tokenize(&mut doc);
    }
    let tokenize_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let cpu0 = thread_cpu_s();
    let (mut tokens, mut sents) = (0usize, 0usize);
    for (i, text) in texts.iter().enumerate() {
        let (a, b) = run_one(i, text)?;
        tokens += a;
        sents += b;
    }
    let one_s = t.elapsed().as_secs_f64().max(1e-9);
    let one_cpu_s = match (cpu0, thread_cpu_s()) {
        (Some(a), Some(b)) if b > a => Some(b - a),
        _ => None,
    };
    let cpu_rate = one_cpu_s.map(|c| tokens as f64 / c);

    let threads = args
        .threads
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let t = Instant::now();
    let results: Vec<anyhow::Result<(usize, usize)>> = pool.install(|| {
        texts
            .par_iter()
            .enumerate()
            .map(|(i, text)| run_one(i, text))
            .collect()
    });
    let all_s = t.elapsed().as_secs_f64().max(1e-9);
    for r in results {
        r?;
    }
    let peak = peak_rss_mib();

    if args.json {
        let v = serde_json::json!({
            "file": args.file.display().to_string(),
            "docs": texts.len(),
            "skipped": skipped,
            "tokens": tokens,
            "sentences": sents,
            "model_load_s": load_s,
            "tokenize_tokens_per_s": tokens as f64 / tokenize_s.max(1e-9),
            "tokens_per_s": tokens as f64 / one_s,
            "sentences_per_s": sents as f64 / one_s,
            "tokens_per_cpu_s": cpu_rate,
            "cpu_share_1_thread": one_cpu_s.map(|c| c / one_s),
            "threads": threads,
            "tokens_per_s_all_threads": tokens as f64 / all_s,
            "sentences_per_s_all_threads": sents as f64 / all_s,
            "peak_rss_mib": peak,
            "models": ann.version(),
        });
        println!("{v}");
    } else {
        println!(
            "{}: {} documents, {tokens} tokens, {sents} sentences",
            args.file.display(),
            texts.len()
        );
        println!("  model load        {load_s:.3} s");
        println!(
            "  tokenizer only    {:.0} tokens/s",
            tokens as f64 / tokenize_s.max(1e-9)
        );
        println!(
            "  1 thread          {:.0} tokens/s, {:.0} sentences/s ({one_s:.2} s)",
            tokens as f64 / one_s,
            sents as f64 / one_s
        );
        println!(
            "  {threads} threads         {:.0} tokens/s, {:.0} sentences/s ({all_s:.2} s)",
            tokens as f64 / all_s,
            sents as f64 / all_s
        );
        if let (Some(r), Some(c)) = (cpu_rate, one_cpu_s) {
            println!(
                "  1 thread, CPU    {r:.0} tokens/s of CPU time (the thread ran {:.0}% of the wall time)",
                100.0 * c / one_s
            );
        }
        match peak {
            Some(p) => println!("  peak memory       {p:.0} MiB"),
            None => println!("  peak memory       unknown (no /proc/self/status)"),
        }
    }
    Ok(if skipped > 0 {
        Status::Skipped
    } else {
        Status::Clean
    })
}
