//! Tokenizer throughput on the Reuters-21578 texts (one core):
//! `cargo run --release -p jirga-text --example bench_text -- [FILE] [--repeat N] [--ewt-lexicon]`
//! (FILE defaults to `$JIRGA_SHARED` or `../shared` + `/bench/reuters21578/reuters21578.jsonl`).
//! Prints documents, tokens, sentences, seconds and tokens per second.

use jirga_doc::{Doc, DocMeta};
use jirga_text::{read_conllu_sentences, Tokenizer, TokenizerConfig};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Pulls the `"text"` string out of one JSON line (a minimal reader: the bench file is
/// flat JSON objects with string values).
fn text_field(line: &str) -> Option<String> {
    let at = line.find("\"text\":")? + 7;
    let rest = line[at..].trim_start().strip_prefix('"')?;
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{FFFD}'),
                    );
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut file: Option<PathBuf> = None;
    let mut repeat = 3usize;
    let mut lexicon = false;
    while let Some(a) = args.next() {
        if a == "--ewt-lexicon" {
            lexicon = true;
        } else if a == "--repeat" {
            repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(3);
        } else {
            file = Some(a.into());
        }
    }
    let shared = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let file = file.unwrap_or_else(|| shared.join("bench/reuters21578/reuters21578.jsonl"));
    let src = match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bench: cannot read {}: {e} (skipped)", file.display());
            return;
        }
    };
    let texts: Vec<String> = src.lines().filter_map(text_field).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut tok = Tokenizer::new(TokenizerConfig::default());
    if lexicon {
        // Word counts of the EWT training set stand in for the parse model's lexicon.
        let path = shared.join("data/ud-english-ewt/en_ewt-ud-train.conllu");
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        let mut counts: HashMap<String, u32> = HashMap::new();
        for s in read_conllu_sentences(&src) {
            for f in s.forms {
                *counts.entry(f.to_lowercase()).or_default() += 1;
            }
        }
        println!("lexicon: {} words from {}", counts.len(), path.display());
        tok = tok.with_lexicon(Arc::new(counts));
    }
    if std::env::var_os("JIRGA_TEXT_SHOW_SPLITS").is_some() {
        // Lists the run-together splits made (tokens glued to the next one inside a word).
        let mut shown = std::collections::BTreeMap::<String, usize>::new();
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
            tok.tokenize(&mut doc);
            for k in 1..doc.tokens.len() {
                let (a, b) = (doc.token_text(k as u32 - 1), doc.token_text(k as u32));
                let glued = doc.tokens.end[k - 1] == doc.tokens.start[k];
                if glued
                    && a.bytes().all(|c| c.is_ascii_lowercase())
                    && b.bytes().all(|c| c.is_ascii_lowercase())
                    && !b.is_empty()
                {
                    *shown.entry(format!("{a}+{b}")).or_default() += 1;
                }
            }
        }
        let mut v: Vec<_> = shown.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (w, n) in v.iter().take(80) {
            println!("split {n} {w}");
        }
    }
    let mut best = f64::MAX;
    let (mut ntok, mut nsent) = (0usize, 0usize);
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        ntok = 0;
        nsent = 0;
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Doc::new(DocMeta::with_id(i.to_string()), text.clone());
            tok.tokenize(&mut doc);
            ntok += doc.tokens.len();
            nsent += doc.sentences.len();
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "file: {}\ndocs {} bytes {} tokens {} sentences {}\nbest of {}: {:.3} s, {:.0} tokens/s, {:.1} MB/s",
        file.display(),
        texts.len(),
        bytes,
        ntok,
        nsent,
        repeat.max(1),
        best,
        ntok as f64 / best,
        bytes as f64 / best / 1e6
    );
}
