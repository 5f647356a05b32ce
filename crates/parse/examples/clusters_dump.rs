//! Prints the word clusters stored in a tagger model: for each given word, the words
//! sharing its fine cluster (or, without words, every cluster's most frequent members).
//!
//! ```text
//! cargo run --release -p jirga-parse --example clusters_dump -- models/tagger.bin [WORD…]
//! ```

use jirga_parse::tagger::Tagger;
use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        return Err("usage: clusters_dump TAGGER.bin [WORD…]".into());
    };
    let tagger = Tagger::load(std::path::Path::new(path))?;
    let c = tagger.clusters();
    let (coarse, fine) = c.sizes();
    println!("{} words, {coarse} coarse / {fine} fine classes", c.len());
    let mut by_fine: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for (w, _, f) in c.words() {
        by_fine.entry(f).or_default().push(w);
    }
    for w in &args[2..] {
        match c.get(w) {
            Some((cc, f)) => {
                let members = by_fine.get(&f).map(|v| v.as_slice()).unwrap_or(&[]);
                let shown: Vec<&str> = members.iter().take(40).copied().collect();
                println!(
                    "{w}: coarse {cc}, fine {f} ({} words): {}",
                    members.len(),
                    shown.join(" ")
                );
            }
            None => println!("{w}: no cluster"),
        }
    }
    Ok(())
}
