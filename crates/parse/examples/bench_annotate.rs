//! Measures the annotator alone (tagger, lemmatizer, parser) on gold-tokenized CoNLL-U,
//! in tokens per CPU-second of this thread, and prints a checksum of every output column
//! so that a speed change can be checked to leave the output bit for bit unchanged.
//!
//! ```text
//! cargo run --release -p jirga-parse --example bench_annotate -- MODELS_DIR FILE.conllu [REPEAT]
//! ```

use jirga_doc::measure::thread_cpu_s;
use jirga_parse::annotate::Annotator;
use jirga_parse::conllu;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(models), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: bench_annotate MODELS_DIR FILE.conllu [REPEAT]".into());
    };
    let repeat: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let t = Instant::now();
    let ann = Annotator::load(Path::new(models))?;
    let load_s = t.elapsed().as_secs_f64();
    let sents = conllu::read_file(Path::new(file))?;
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let (mut tokens, mut best) = (0usize, f64::INFINITY);
    for r in 0..repeat.max(1) {
        let c0 = thread_cpu_s().unwrap_or(0.0);
        let t0 = Instant::now();
        for w in &words {
            let out = ann.annotate_words(w);
            if r == 0 {
                tokens += out.len();
                for a in &out {
                    (
                        &a.lemma,
                        a.upos.as_str(),
                        &a.xpos,
                        a.head,
                        a.deprel.as_str(),
                    )
                        .hash(&mut hasher);
                }
            }
        }
        let cpu = thread_cpu_s()
            .map(|c| c - c0)
            .unwrap_or(t0.elapsed().as_secs_f64());
        best = best.min(cpu);
    }
    println!(
        "{tokens} tokens, load {load_s:.3} s, best of {repeat}: {:.0} tokens per CPU-second, output checksum {:016x}",
        tokens as f64 / best.max(1e-9),
        hasher.finish()
    );
    Ok(())
}
