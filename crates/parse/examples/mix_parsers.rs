//! Mixes parser model files (as `jirga train --parser-parts DIR` writes them) into one
//! with [`DepParser::mix`], and reports the mix's dev scores with the tags of a tagger.
//!
//! ```text
//! cargo run --release -p jirga-parse --example mix_parsers -- TAGGER.bin DEV.conllu PRUNE OUT.bin IN.bin…
//! ```

use jirga_parse::conllu;
use jirga_parse::depparse::DepParser;
use jirga_parse::model::{self, ModelKind, ModelMeta};
use jirga_parse::tagger::Tagger;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 6 {
        return Err("usage: mix_parsers TAGGER.bin DEV.conllu PRUNE OUT.bin IN.bin…".into());
    }
    let tagger = Tagger::load(Path::new(&args[1]))?;
    let mut dev = conllu::read_file(Path::new(&args[2]))?;
    tagger.retag(&mut dev);
    let prune: f32 = args[3].parse()?;
    let mut parsers = Vec::new();
    for p in &args[5..] {
        let (_, payload) = model::read_model(Path::new(p), ModelKind::Parser)?;
        let parser = DepParser::from_bytes(&payload)?;
        let (uas, las) = parser.evaluate(&dev, true);
        eprintln!("{p}: dev UAS {:.2} LAS {:.2}", uas * 100.0, las * 100.0);
        parsers.push(parser);
    }
    let mixed = DepParser::mix(&parsers, prune)?;
    let (uas, las) = mixed.evaluate(&dev, true);
    let bytes = mixed.to_bytes();
    println!(
        "mix of {} at prune {prune}: dev UAS {:.2} LAS {:.2}, {:.1} MB",
        parsers.len(),
        uas * 100.0,
        las * 100.0,
        bytes.len() as f64 / 1e6
    );
    let meta = ModelMeta {
        training_file: "en_ewt-ud-train.conllu".into(),
        feature_set: DepParser::FEATURE_SET,
        created_by: format!("jirga-parse {}", env!("CARGO_PKG_VERSION")),
        ..Default::default()
    };
    model::write_model(Path::new(&args[4]), ModelKind::Parser, &meta, &bytes)?;
    Ok(())
}
