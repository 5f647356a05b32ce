//! Trains the supertagger on EWT train at several weight-pruning thresholds and prints
//! each one's dev accuracy and model size, to pick the threshold `jirga train` uses.
//!
//! ```text
//! cargo run --release -p jirga-parse --example supertagger_prune -- MODELS_DIR PRUNE...
//! ```
//! `MODELS_DIR` gives the word clusters (its `tagger.bin`'s); reads
//! `../shared/data/ud-english-ewt/` (or `$JIRGA_SHARED/data/...`).

use jirga_parse::tagger::{Tagger, TaggerConfig};
use jirga_parse::{conllu, supertag};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("data/ud-english-ewt");
    let args: Vec<String> = std::env::args().collect();
    let models = PathBuf::from(args.get(1).ok_or("MODELS_DIR")?);
    let tagger = Tagger::load(&models.join("tagger.bin"))?;
    let train = conllu::read_file(&dir.join("en_ewt-ud-train.conllu"))?;
    let dev = conllu::read_file(&dir.join("en_ewt-ud-dev.conllu"))?;
    for p in &args[2..] {
        let cfg = TaggerConfig {
            prune_below: p.parse()?,
            clusters: tagger.clusters().clone(),
            ..Default::default()
        };
        let st = supertag::train(&train, &dev, "train", &cfg, |_| {})?;
        println!(
            "prune {p}: epoch {}, dev {:.2}%, {} bytes",
            st.meta().epochs,
            supertag::accuracy(&st, &dev),
            st.to_bytes()?.len()
        );
    }
    Ok(())
}
