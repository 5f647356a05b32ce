//! Splits the one-thread annotation time into its stages: POS tagging, supertagging, and
//! the rest (parser, lemmas and the annotator's repairs), in CPU time per token over the
//! same sentences, to show where a speed-up can come from.
//!
//! ```text
//! cargo run --release -p jirga-parse --example bench_stages -- MODELS_DIR FILE [LIMIT] [REPEAT]
//! ```
//!
//! `FILE` is read as by `bench_raw` (JSON Lines with a `text` field, or CoNLL-U).

use common::{load_texts, peak_rss_mib, thread_cpu_s};
use jirga_doc::{Doc, DocMeta};
use jirga_parse::annotate::Annotator;
use std::path::Path;

#[path = "common/mod.rs"]
mod common;

fn cpu_s() -> f64 {
    thread_cpu_s().unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(models), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: bench_stages MODELS_DIR FILE [LIMIT] [REPEAT]".into());
    };
    // the first 300 documents unless told; 0 = all
    let limit = match args.get(3).map(|s| s.parse::<usize>()).transpose()? {
        None => 300,
        Some(0) => usize::MAX,
        Some(n) => n,
    };
    let repeat: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(3);
    let texts = load_texts(Path::new(file), limit)?;
    let ann = Annotator::load(Path::new(models))?;
    let tok = jirga_text::Tokenizer::new(jirga_text::TokenizerConfig::default())
        .with_lexicon(ann.lexicon());
    let mut sents: Vec<Vec<String>> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
        tok.tokenize(&mut doc);
        for s in &doc.sentences {
            sents.push(s.range().map(|k| doc.tokens.norm[k].to_string()).collect());
        }
    }
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let n: usize = words.iter().map(Vec::len).sum();
    let sup = ann
        .parser()
        .and_then(|p| p.supertagger())
        .ok_or("the models have no parser with a supertagger")?;
    let mut best = [f64::INFINITY; 3];
    for _ in 0..repeat.max(1) {
        let c0 = cpu_s();
        let mut k = 0usize;
        for w in &words {
            k += ann.tagger().tag(w).len();
        }
        let c1 = cpu_s();
        for w in &words {
            k += sup.tag(w).len();
        }
        let c2 = cpu_s();
        for w in &words {
            k += ann.annotate_words(w).len();
        }
        let c3 = cpu_s();
        std::hint::black_box(k);
        for (b, t) in best.iter_mut().zip([c1 - c0, c2 - c1, c3 - c2]) {
            *b = b.min(t);
        }
    }
    let [tag, st, all] = best;
    let rest = all - tag - st;
    println!(
        "{n} tokens: annotate {:.0} tokens/CPU-s; POS tagger {:.2} us/token ({:.0}%), \
         supertagger {:.2} ({:.0}%), parser + lemmas + repairs {:.2} ({:.0}%); peak RSS {:.0} MiB",
        n as f64 / all,
        tag / n as f64 * 1e6,
        tag / all * 100.0,
        st / n as f64 * 1e6,
        st / all * 100.0,
        rest / n as f64 * 1e6,
        rest / all * 100.0,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}
