//! Prunes a parser model's move and label weights apart and reports dev scores.
//!
//! ```text
//! cargo run --release -p jirga-parse --example prune_parser -- TAGGER.bin DEV.conllu PARSER.bin OUT_DIR MOVES_MIN LABELS_MIN
//! ```
//! Writes `OUT_DIR/parser.bin`.

use jirga_parse::conllu;
use jirga_parse::depparse::DepParser;
use jirga_parse::model::{self, ModelKind};
use jirga_parse::tagger::Tagger;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 7 {
        return Err(
            "usage: prune_parser TAGGER.bin DEV.conllu PARSER.bin OUT_DIR MOVES_MIN LABELS_MIN"
                .into(),
        );
    }
    let tagger = Tagger::load(Path::new(&args[1]))?;
    let mut dev = conllu::read_file(Path::new(&args[2]))?;
    tagger.retag(&mut dev);
    let (meta, payload) = model::read_model(Path::new(&args[3]), ModelKind::Parser)?;
    let parser = DepParser::from_bytes(&payload)?;
    let (mm, lm): (f32, f32) = (args[5].parse()?, args[6].parse()?);
    let p = parser.pruned_apart(mm, lm);
    let (uas, las) = p.evaluate(&dev, true);
    let bytes = p.to_bytes();
    let (nm, nl) = p.n_features();
    println!(
        "moves >= {mm}, labels >= {lm}: {nm} move / {nl} label features, dev UAS {:.2} LAS {:.2}, {:.1} MB",
        uas * 100.0,
        las * 100.0,
        bytes.len() as f64 / 1e6
    );
    let out = Path::new(&args[4]);
    std::fs::create_dir_all(out)?;
    model::write_model(&out.join("parser.bin"), ModelKind::Parser, &meta, &bytes)?;
    Ok(())
}
