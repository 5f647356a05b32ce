//! Token and sentence F1 of the tokenizer on a UD English EWT CoNLL-U file.
//!
//! `cargo run --release -p jirga-text --example ewt_eval -- [FILE] [--errors N] [--paragraph]`
//! (FILE defaults to `../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu`, or
//! `$JIRGA_SHARED/data/...`).

use jirga_text::{
    align_f1, gold_from_sentences, read_conllu_sentences, NewlineMode, Tokenizer, TokenizerConfig,
};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut file: Option<PathBuf> = None;
    let mut errors = 0usize;
    let mut cfg = TokenizerConfig::default();
    while let Some(a) = args.next() {
        if a == "--paragraph" {
            cfg.newlines = NewlineMode::Paragraph;
        } else if a == "--errors" {
            errors = args.next().and_then(|n| n.parse().ok()).unwrap_or(30);
        } else {
            file = Some(a.into());
        }
    }
    let shared = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let file = file.unwrap_or_else(|| shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu"));
    let src = match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ewt_eval: cannot read {}: {e} (skipped)", file.display());
            return;
        }
    };
    let gold = gold_from_sentences(&read_conllu_sentences(&src));
    let tok = Tokenizer::new(cfg);
    let (tspans, sspans) = tok.spans(&gold.text);
    let (tp, tr, tf) = align_f1(&gold.tokens, &tspans);
    let (sp, sr, sf) = align_f1(&gold.sentences, &sspans);
    println!("file: {}", file.display());
    println!(
        "tokens: gold {} pred {} unaligned gold {}; P {:.4} R {:.4} F1 {:.4}",
        gold.tokens.len(),
        tspans.len(),
        gold.unaligned,
        tp,
        tr,
        tf
    );
    println!(
        "sentences: gold {} pred {}; P {:.4} R {:.4} F1 {:.4}",
        gold.sentences.len(),
        sspans.len(),
        sp,
        sr,
        sf
    );
    if errors > 0 {
        let pred: std::collections::HashSet<_> = tspans.iter().copied().collect();
        let mut shown = 0;
        for &(a, b) in &gold.tokens {
            if !pred.contains(&(a, b)) && shown < errors {
                let ctx_a = gold.text[..a]
                    .char_indices()
                    .rev()
                    .nth(20)
                    .map_or(0, |(i, _)| i);
                let ctx_b = gold.text[b..]
                    .char_indices()
                    .nth(20)
                    .map_or(gold.text.len(), |(i, _)| b + i);
                let predicted: Vec<&str> = tspans
                    .iter()
                    .filter(|&&(x, y)| y > a && x < b)
                    .map(|&(x, y)| &gold.text[x..y])
                    .collect();
                println!(
                    "MISS {:?} pred {:?} in {:?}",
                    &gold.text[a..b],
                    predicted,
                    &gold.text[ctx_a..ctx_b]
                );
                shown += 1;
            }
        }
        let pred_ends: std::collections::HashSet<usize> = sspans.iter().map(|s| s.1).collect();
        let mut shown = 0;
        for w in gold.sentences.windows(2) {
            let end = w[0].1;
            if !pred_ends.contains(&end) && shown < errors && gold.text.as_bytes()[end] == b' ' {
                let a = gold.text[..end]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(i, _)| i);
                let b = gold.text[end..]
                    .char_indices()
                    .nth(30)
                    .map_or(gold.text.len(), |(i, _)| end + i);
                println!(
                    "MISSED END {:?} || {:?}",
                    &gold.text[a..end],
                    &gold.text[end..b]
                );
                shown += 1;
            }
        }
        let gs: std::collections::HashSet<_> = gold.sentences.iter().copied().collect();
        let mut shown = 0;
        for &(a, b) in &sspans {
            if !gs.contains(&(a, b)) && shown < errors {
                let s = &gold.text[a..b];
                let s: String = s.chars().take(160).collect();
                println!("SENT {s:?}");
                shown += 1;
            }
        }
    }
}
