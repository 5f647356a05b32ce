//! Bytes → `decode_lossy` → `tokenize` (with and without a small lexicon) → the Doc's
//! offset invariants, plus: tokens never hold white space and sentences cover every token.
#![no_main]

use jirga_doc::{Doc, DocMeta, Lexicon};
use jirga_text::{decode_lossy, Tokenizer, TokenizerConfig};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_lossy(data);
    let lex: HashMap<String, u32> = [("report", 9u32), ("contacts", 7), ("ab", 5), ("cd", 5)]
        .iter()
        .map(|(w, f)| (w.to_string(), *f))
        .collect();
    let lex: Arc<dyn Lexicon> = Arc::new(lex);
    let cfgs = [
        TokenizerConfig::default(),
        TokenizerConfig {
            max_sentence_tokens: 3,
            max_text_bytes: 37,
            ..TokenizerConfig::default()
        },
    ];
    for (k, cfg) in cfgs.into_iter().enumerate() {
        let mut tok = Tokenizer::new(cfg);
        if k == 1 {
            tok = tok.with_lexicon(lex.clone());
        }
        let mut doc = Doc::new(DocMeta::with_id("fuzz"), text.clone());
        tok.tokenize(&mut doc);
        if let Err(e) = doc.check_invariants() {
            panic!("invariant broken: {e}");
        }
        for i in 0..doc.tokens.len() as u32 {
            let t = doc.token_text(i);
            assert!(!t.is_empty(), "empty token {i}");
            assert!(!t.chars().any(char::is_whitespace), "white space in token {i}: {t:?}");
        }
        let covered: usize = doc.sentences.iter().map(|s| s.len()).sum();
        assert_eq!(covered, doc.tokens.len(), "sentences do not cover the tokens");
        assert!(doc.sentences.iter().all(|s| !s.is_empty()), "empty sentence");
    }
});
