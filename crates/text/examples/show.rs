//! Prints the sentences and tokens of a text file, one sentence a line, tokens
//! separated by `|`: `cargo run -p jirga-text --example show -- FILE`.

use jirga_doc::{Doc, DocMeta};
use jirga_text::{decode_lossy, Tokenizer, TokenizerConfig};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: show FILE");
        return;
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("show: cannot read {path}: {e}");
            return;
        }
    };
    let (text, lossy) = decode_lossy(&bytes);
    if lossy {
        eprintln!("show: {path} was not valid UTF-8; invalid bytes replaced");
    }
    let mut doc = Doc::new(DocMeta::with_id(path.as_str()), text);
    Tokenizer::new(TokenizerConfig::default()).tokenize(&mut doc);
    for s in &doc.sentences {
        let toks: Vec<&str> = s.range().map(|i| doc.token_text(i as u32)).collect();
        println!("{}", toks.join("|"));
    }
    for w in &doc.warnings {
        eprintln!("warning: {w}");
    }
}
