//! Measures raw text → tokenize, tag, lemmatize, parse on one thread, in tokens per
//! CPU-second of this thread (as `jirga bench parse` does, without building the CLI),
//! and optionally writes every annotated token so that a speed change can be checked to
//! leave the output byte for byte unchanged.
//!
//! ```text
//! cargo run --release -p jirga-parse --example bench_raw -- MODELS_DIR FILE [LIMIT] [REPEAT] [OUT]
//! ```
//!
//! `FILE` is JSON Lines with a `text` field (one document a line) or CoNLL-U, whose
//! `# text` comments are taken as documents. `LIMIT` keeps the first documents (0 = all),
//! `REPEAT` runs the timed loop that many times and reports the best, `OUT` receives one
//! line per token (`norm lemma upos xpos head deprel`, tab-separated; blank line between
//! sentences).

use common::{load_texts, peak_rss_mib, thread_cpu_s};
use jirga_doc::{Doc, DocMeta};
use jirga_parse::annotate::Annotator;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(models), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: bench_raw MODELS_DIR FILE [LIMIT] [REPEAT] [OUT]".into());
    };
    let limit = match args.get(3).map(|s| s.parse::<usize>()).transpose()? {
        None | Some(0) => usize::MAX,
        Some(n) => n,
    };
    let repeat: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let out_path = args.get(5);

    let texts = load_texts(Path::new(file), limit)?;
    let c = thread_cpu_s().unwrap_or(0.0);
    let t = Instant::now();
    let ann = Annotator::load(Path::new(models))?;
    let load_s = t.elapsed().as_secs_f64();
    let load_cpu = thread_cpu_s().unwrap_or(0.0) - c;
    let tok = jirga_text::Tokenizer::new(jirga_text::TokenizerConfig::default())
        .with_lexicon(ann.lexicon());

    let (mut tokens, mut best_all, mut best_tok) = (0usize, f64::INFINITY, f64::INFINITY);
    let mut first_all = 0.0;
    for r in 0..repeat.max(1) {
        // tokenizer alone, for its share
        let c0 = thread_cpu_s().unwrap_or(0.0);
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
            tok.tokenize(&mut doc);
        }
        let c1 = thread_cpu_s().unwrap_or(0.0);
        let mut n = 0usize;
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
            tok.tokenize(&mut doc);
            ann.annotate(&mut doc)?;
            n += doc.tokens.len();
        }
        let c2 = thread_cpu_s().unwrap_or(0.0);
        if r == 0 {
            tokens = n;
            first_all = c2 - c1;
        }
        best_tok = best_tok.min(c1 - c0);
        best_all = best_all.min(c2 - c1);
    }

    if let Some(p) = out_path {
        let mut w = std::io::BufWriter::new(std::fs::File::create(p)?);
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
            tok.tokenize(&mut doc);
            ann.annotate(&mut doc)?;
            let t = &doc.tokens;
            for s in &doc.sentences {
                for k in s.range() {
                    writeln!(
                        w,
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        t.norm[k],
                        t.lemma[k],
                        t.upos[k].as_str(),
                        t.xpos[k],
                        t.head[k],
                        t.deprel[k].as_str()
                    )?;
                }
                writeln!(w)?;
            }
        }
        w.flush()?;
    }

    let all = best_all.max(1e-9);
    let parse_only = (best_all - best_tok).max(1e-9);
    println!(
        "{} docs, {tokens} tokens; load {load_s:.3} s ({load_cpu:.3} CPU s); best of {repeat}: \
         {:.0} tokens per CPU-second raw text -> parse ({all:.3} s), tokenizer alone {:.0}, \
         annotate alone {:.0}; first run {:.0}; peak RSS {:.0} MiB",
        texts.len(),
        tokens as f64 / all,
        tokens as f64 / best_tok.max(1e-9),
        tokens as f64 / parse_only,
        tokens as f64 / first_all.max(1e-9),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}
