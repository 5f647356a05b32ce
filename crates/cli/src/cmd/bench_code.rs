//! `jirga bench code`: raw text → events on one thread: sentences/s, events, peak memory.

use super::code::{read_inputs, Input, Runner};
use crate::common::Status;
use jirga_doc::measure::peak_rss_mib;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Input file (text or JSON Lines `{"id","text","date"}`).
    pub file: PathBuf,
    /// Stop after this many documents (0: all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Dictionary folder (with `verbs/` and `cameo/`); the built-in dictionaries otherwise.
    #[arg(long)]
    pub dict: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let runner = Runner::load(args.dict.as_deref())?;
    let mut docs: Vec<_> = read_inputs(std::slice::from_ref(&args.file))?
        .into_iter()
        .filter_map(|i| match i {
            Input::Doc(d) => Some(d),
            Input::Skipped(m) => {
                eprintln!("jirga: {m}");
                None
            }
        })
        .collect();
    if args.limit > 0 {
        docs.truncate(args.limit);
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let (mut sentences, mut events, mut tokens) = (0usize, 0usize, 0usize);
    let mut code_secs = 0.0f64;
    let mut secs = 0.0f64;
    for mut doc in docs {
        let t = Instant::now();
        runner.process(&mut doc)?;
        secs += t.elapsed().as_secs_f64();
        sentences += doc.sentences.len();
        tokens += doc.tokens.len();
        events += doc.events.len();
        // the coder alone, again, on the annotated document (not counted in `seconds`)
        doc.events.clear();
        let t = Instant::now();
        runner.coder().code(&mut doc)?;
        code_secs += t.elapsed().as_secs_f64();
    }
    let secs = secs.max(1e-9);
    let v = serde_json::json!({
        "documents_bytes": bytes,
        "sentences": sentences,
        "tokens": tokens,
        "events": events,
        "seconds": secs,
        "sentences_per_s": sentences as f64 / secs,
        "coder_seconds": code_secs,
        "coder_sentences_per_s": sentences as f64 / code_secs.max(1e-9),
        "peak_rss_mb": peak_rss_mib(),
    });
    if args.json {
        println!("{v}");
    } else {
        for (k, x) in v.as_object().into_iter().flatten() {
            println!("{k}: {x}");
        }
    }
    Ok(Status::Clean)
}
