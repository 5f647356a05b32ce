//! Splits the one-thread annotation time into its stages (POS tagging, supertagging,
//! the rest of the parser, the rest of the annotator), in CPU-seconds per stage over the
//! same sentences, to show where a speed-up can come from.
//!
//! ```text
//! cargo run --release -p jirga-parse --example bench_stages -- MODELS_DIR FILE.jsonl [LIMIT] [REPEAT]
//! ```

use jirga_doc::{Doc, DocMeta};
use jirga_parse::annotate::Annotator;
use jirga_parse::depparse::DepParser;
use jirga_parse::model::{self, ModelKind};
use std::path::Path;

fn thread_cpu_s() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(models), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: bench_stages MODELS_DIR FILE.jsonl [LIMIT] [REPEAT]".into());
    };
    let limit: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(300);
    let repeat: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(3);
    let mut texts = Vec::new();
    for line in std::fs::read_to_string(file)?.lines().take(limit) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_string());
        }
    }
    let ann = Annotator::load(Path::new(models))?;
    let bytes = std::fs::read(Path::new(models).join("parser.bin"))?;
    let (_, payload) = model::decode_model(&bytes, "parser.bin", ModelKind::Parser)?;
    let parser = DepParser::from_bytes(payload)?;
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
    let sup = parser.supertagger().ok_or("parser has no supertagger")?;
    let mut best = [f64::INFINITY; 3];
    for _ in 0..repeat.max(1) {
        let c0 = thread_cpu_s();
        let mut k = 0usize;
        for w in &words {
            k += ann.tagger().tag(w).len();
        }
        let c1 = thread_cpu_s();
        for w in &words {
            k += sup.tag(w).len();
        }
        let c2 = thread_cpu_s();
        for w in &words {
            k += ann.annotate_words(w).len();
        }
        let c3 = thread_cpu_s();
        std::hint::black_box(k);
        for (b, t) in best.iter_mut().zip([c1 - c0, c2 - c1, c3 - c2]) {
            *b = b.min(t);
        }
    }
    let [tag, st, all] = best;
    let rest = all - tag - st;
    println!(
        "{n} tokens: annotate {:.0} tokens/CPU-s; POS tagger {:.2} us/token ({:.0}%), \
         supertagger {:.2} ({:.0}%), parser + lemmas + rules {:.2} ({:.0}%)",
        n as f64 / all,
        tag / n as f64 * 1e6,
        tag / all * 100.0,
        st / n as f64 * 1e6,
        st / all * 100.0,
        rest / n as f64 * 1e6,
        rest / all * 100.0
    );
    Ok(())
}
