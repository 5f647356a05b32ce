//! Parses the gold tokens of a CoNLL-U file with the models and writes one line per
//! word, `gold_head gold_deprel pred_head pred_deprel upos gold_upos xpos gold_xpos form`,
//! for error analysis.
//!
//! ```text
//! cargo run --release -p jirga-parse --example dump_gold -- MODELS_DIR FILE.conllu
//! ```

use jirga_parse::annotate::Annotator;
use jirga_parse::conllu;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(models), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: dump_gold MODELS_DIR FILE.conllu".into());
    };
    let ann = Annotator::load(Path::new(models))?;
    for s in conllu::read_file(Path::new(file))? {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (g, p) in s.words.iter().zip(ann.annotate_conllu(&words)) {
            let gd = jirga_doc::DepRel::parse(&g.deprel)
                .map(|r| r.as_str().to_string())
                .unwrap_or_else(|| g.deprel.clone());
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                g.head, gd, p.head, p.deprel, p.upos, g.upos, p.xpos, g.xpos, g.form
            );
        }
        println!();
    }
    Ok(())
}
