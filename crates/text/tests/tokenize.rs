//! Behaviour of the tokenizer and sentence splitter on hand-written news text.

use jirga_doc::{Doc, DocMeta, Layers, Lexicon, Upos};
use jirga_text::{
    align_f1, decode_lossy, gold_from_sentences, read_conllu_sentences, NewlineMode, Tokenizer,
    TokenizerConfig,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Checks everything that must hold for any tokenized document.
fn check(doc: &Doc) {
    doc.check_invariants().expect("offset invariants");
    assert!(doc.layers.contains(Layers::TOKENS | Layers::SENTS));
    let n = doc.tokens.len();
    assert_eq!(doc.tokens.norm.len(), n);
    for i in 0..n {
        let (s, e) = (doc.tokens.start[i] as usize, doc.tokens.end[i] as usize);
        let t = &doc.text[s..e];
        assert_eq!(doc.token_text(i as u32), t);
        assert!(!t.is_empty(), "empty token {i}");
        assert!(
            !t.chars().any(char::is_whitespace),
            "white space inside token {t:?}"
        );
        let space = doc.text[e..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        assert!(!space || doc.tokens.space_after[i], "space_after of {t:?}");
    }
    let mut next = 0;
    for s in &doc.sentences {
        assert_eq!(s.start, next, "sentences must cover the tokens in order");
        assert!(s.end > s.start, "empty sentence");
        next = s.end;
    }
    assert_eq!(next as usize, n, "sentences must cover every token");
}

fn run_with(tok: &Tokenizer, text: &str) -> Doc {
    let mut doc = Doc::new(DocMeta::with_id("t"), text.to_string());
    tok.tokenize(&mut doc);
    check(&doc);
    doc
}

fn run(text: &str) -> Doc {
    run_with(&Tokenizer::new(TokenizerConfig::default()), text)
}

fn words(doc: &Doc) -> Vec<&str> {
    (0..doc.tokens.len() as u32)
        .map(|i| doc.token_text(i))
        .collect()
}

fn sentences(doc: &Doc) -> Vec<&str> {
    (0..doc.sentences.len() as u32)
        .map(|s| doc.sentence_text(s))
        .collect()
}

fn toks(text: &str) -> Vec<String> {
    words(&run(text)).into_iter().map(String::from).collect()
}

#[test]
fn empty_and_blank_text_give_nothing() {
    for text in ["", " ", "\n\n\t ", "\u{00A0}\u{200B}\u{FEFF}"] {
        let doc = run(text);
        assert!(
            doc.tokens.is_empty() && doc.sentences.is_empty(),
            "{text:?}"
        );
    }
}

#[test]
fn contractions_and_possessives_split_like_ewt() {
    assert_eq!(toks("Russia's envoy"), ["Russia", "'s", "envoy"]);
    assert_eq!(toks("Russia’s envoy"), ["Russia", "’s", "envoy"]);
    assert_eq!(toks("don't"), ["do", "n't"]);
    assert_eq!(toks("can't"), ["ca", "n't"]);
    assert_eq!(toks("won't"), ["wo", "n't"]);
    assert_eq!(toks("didn’t"), ["did", "n’t"]);
    assert_eq!(toks("I'm"), ["I", "'m"]);
    assert_eq!(toks("they're"), ["they", "'re"]);
    assert_eq!(toks("we've"), ["we", "'ve"]);
    assert_eq!(toks("he'd"), ["he", "'d"]);
    assert_eq!(toks("you'll"), ["you", "'ll"]);
    assert_eq!(toks("DON'T"), ["DO", "N'T"]);
    assert_eq!(toks("cannot"), ["can", "not"]);
    assert_eq!(toks("O'Brien's"), ["O'Brien", "'s"]);
    assert_eq!(toks("the 1990's"), ["the", "1990's"]);
    assert_eq!(
        toks("the ministers' talks"),
        ["the", "ministers", "'", "talks"]
    );
}

#[test]
fn normal_forms_straighten_quotes_and_dashes() {
    let doc = run("Moscow’s “peace” plan — agreed 1990–95… isn’t");
    let norms: Vec<&str> = doc.tokens.norm.iter().map(String::as_str).collect();
    assert_eq!(
        norms,
        [
            "Moscow", "'s", "\"", "peace", "\"", "plan", "--", "agreed", "1990", "-", "95", "...",
            "is", "n't"
        ]
    );
    assert_eq!(words(&doc)[1], "’s", "offsets keep the original text");
}

#[test]
fn abbreviations_keep_their_period() {
    assert_eq!(
        toks("Gen. Smith and Dr. Jones met Sen. Lee at 10 a.m. in the U.S. embassy, e.g. here."),
        [
            "Gen.", "Smith", "and", "Dr.", "Jones", "met", "Sen.", "Lee", "at", "10", "a.m.", "in",
            "the", "U.S.", "embassy", ",", "e.g.", "here", "."
        ]
    );
    assert_eq!(
        toks("Acme Inc. and Beta Corp. vs. Gamma Ltd. etc."),
        ["Acme", "Inc.", "and", "Beta", "Corp.", "vs.", "Gamma", "Ltd.", "etc", "."]
    );
    assert_eq!(
        toks("George W. Bush and J. K. Rowling"),
        ["George", "W.", "Bush", "and", "J.", "K.", "Rowling"]
    );
    assert_eq!(toks("No. 5 said no."), ["No.", "5", "said", "no", "."]);
}

#[test]
fn numbers_dates_times_urls_stay_whole() {
    assert_eq!(
        toks("1,500 troops, 3.5 percent, $2.5 billion, 12%"),
        ["1,500", "troops", ",", "3.5", "percent", ",", "$", "2.5", "billion", ",", "12", "%"]
    );
    assert_eq!(
        toks("on 2018-11-09 or 11/09/2018 at 10:30"),
        ["on", "2018-11-09", "or", "11/09/2018", "at", "10:30"]
    );
    assert_eq!(
        toks("see https://example.org/a/b?x=1. Or www.example.com, or mail info@example.org."),
        [
            "see",
            "https://example.org/a/b?x=1",
            ".",
            "Or",
            "www.example.com",
            ",",
            "or",
            "mail",
            "info@example.org",
            "."
        ]
    );
    assert_eq!(
        toks("(http://example.org/x)"),
        ["(", "http://example.org/x", ")"]
    );
    assert_eq!(
        toks("a 15-year term, ages 13-17, call 713-853-3989"),
        [
            "a",
            "15",
            "-",
            "year",
            "term",
            ",",
            "ages",
            "13",
            "-",
            "17",
            ",",
            "call",
            "713-853-3989"
        ]
    );
    assert_eq!(
        toks("the 29th in the 1990s, 375mm"),
        ["the", "29th", "in", "the", "1990s", ",", "375", "mm"]
    );
}

#[test]
fn hyphens_split_except_after_prefixes() {
    assert_eq!(toks("Al-Qaeda"), ["Al", "-", "Qaeda"]);
    assert_eq!(toks("well-informed"), ["well", "-", "informed"]);
    assert_eq!(toks("Russian-US"), ["Russian", "-", "US"]);
    assert_eq!(toks("e-mail"), ["e-mail"]);
    assert_eq!(
        toks("non-state re-elected anti-government co-operation"),
        ["non-state", "re-elected", "anti-government", "co-operation"]
    );
    assert_eq!(toks("peace -- or not"), ["peace", "--", "or", "not"]);
}

#[test]
fn punctuation_splits_off() {
    assert_eq!(
        toks("(Reuters) said: \"yes\"; [no]!"),
        ["(", "Reuters", ")", "said", ":", "\"", "yes", "\"", ";", "[", "no", "]", "!"]
    );
    assert_eq!(toks("Wait... what?!"), ["Wait", "...", "what", "?!"]);
    assert_eq!(toks("so :) ok"), ["so", ":)", "ok"]);
}

#[test]
fn sentences_end_at_terminal_punctuation() {
    let doc = run("The envoy met officials. They discussed peace! Did it work? Nobody knows.");
    assert_eq!(
        sentences(&doc),
        [
            "The envoy met officials.",
            "They discussed peace!",
            "Did it work?",
            "Nobody knows."
        ]
    );
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    let doc = run("Gen. John W. Nicholson met the U.S. envoy in Kabul. He left on Friday.");
    assert_eq!(
        sentences(&doc),
        [
            "Gen. John W. Nicholson met the U.S. envoy in Kabul.",
            "He left on Friday."
        ]
    );
    let doc = run("Troops came from the U.S. The talks ended.");
    assert_eq!(
        sentences(&doc),
        ["Troops came from the U.S.", "The talks ended."]
    );
    // At a sentence end the abbreviation gives its period up, as in EWT.
    assert_eq!(words(&doc)[4..7], ["U.S", ".", "The"]);
    let doc = run("He backed Plan B. The others did not.");
    assert_eq!(sentences(&doc).len(), 2);
    assert_eq!(words(&doc)[3..6], ["B", ".", "The"]);
}

#[test]
fn missing_space_after_period_still_ends_the_sentence() {
    let doc = run("The ministry in Kabul confirms.Later, on a visit, the envoy met them.");
    assert_eq!(
        sentences(&doc),
        [
            "The ministry in Kabul confirms.",
            "Later, on a visit, the envoy met them."
        ]
    );
    // Not inside names, numbers, or domains.
    assert_eq!(
        sentences(&run("It costs 3.5 dollars at example.com today.")).len(),
        1
    );
    let doc = run("It rose in 1987.The end.");
    assert_eq!(sentences(&doc), ["It rose in 1987.", "The end."]);
}

#[test]
fn quotes_belong_to_the_right_sentence() {
    // A closing quote after the period stays with its sentence.
    let doc = run("He said: “We agree.” Then he left.");
    assert_eq!(sentences(&doc), ["He said: “We agree.”", "Then he left."]);
    // An opening quote glued to the previous sentence (written with the wrong
    // mark, as crawled pages do) starts the next one.
    let doc = run("The sides met in the capital.”The meeting was useful,” an aide said.");
    assert_eq!(
        sentences(&doc),
        [
            "The sides met in the capital.",
            "”The meeting was useful,” an aide said."
        ]
    );
    let doc = run("\"Why?\" he asked. \"Because.\"");
    assert_eq!(sentences(&doc), ["\"Why?\" he asked.", "\"Because.\""]);
    let doc = run("The envoy (who arrived late.) spoke. Then talks began.");
    assert_eq!(sentences(&doc).len(), 2);
}

#[test]
fn line_breaks_end_sentences_and_headlines() {
    let doc = run("Russia’s peace efforts must meet Afghan needs\n\nIn 2016, Russia hosted talks.\nRelated posts\nAccept Read More");
    assert_eq!(
        sentences(&doc),
        [
            "Russia’s peace efforts must meet Afghan needs",
            "In 2016, Russia hosted talks.",
            "Related posts",
            "Accept Read More"
        ]
    );
    let doc = run("Dr.\nSmith");
    assert_eq!(doc.sentences.len(), 2);
}

#[test]
fn hard_wrapped_wire_copy_joins_lines() {
    let text = "Officials said the talks in\nthe capital would resume early\nnext week, a ministry spokesman said in\na statement.\n    The talks began in January.";
    let doc = run(text);
    assert_eq!(doc.sentences.len(), 2, "{:?}", sentences(&doc));
    let cfg = TokenizerConfig {
        newlines: NewlineMode::Paragraph,
        ..TokenizerConfig::default()
    };
    let doc = run_with(&Tokenizer::new(cfg), text);
    assert_eq!(doc.sentences.len(), 5);
}

#[test]
fn run_together_words_split_with_builtin_list() {
    let doc = run("the peace process andthe war");
    assert_eq!(
        words(&doc),
        ["the", "peace", "process", "and", "the", "war"]
    );
    let i = 3;
    assert_eq!((doc.tokens.start[i], doc.tokens.end[i]), (18, 21));
    assert!(
        !doc.tokens.space_after[i],
        "no space inside the run-together word"
    );
    assert!(doc.tokens.space_after[i + 1]);
    // Real words made of two function words stay whole; so do unknown words.
    assert_eq!(
        toks("into however reportedlycontacts"),
        ["into", "however", "reportedlycontacts"]
    );
    let off = Tokenizer::new(TokenizerConfig {
        split_run_together: false,
        ..TokenizerConfig::default()
    });
    assert_eq!(words(&run_with(&off, "andthe")), ["andthe"]);
}

#[test]
fn run_together_words_split_with_a_lexicon() {
    let lex: HashMap<String, u32> = [
        ("there", 900),
        ("have", 800),
        ("been", 700),
        ("reportedly", 10),
        ("contacts", 8),
        ("report", 30),
        ("carpet", 2),
        ("car", 99),
        ("pet", 33),
    ]
    .iter()
    .map(|(w, f)| (w.to_string(), *f))
    .collect();
    let lex: Arc<dyn Lexicon> = Arc::new(lex);
    let tok = Tokenizer::new(TokenizerConfig::default()).with_lexicon(lex);
    let text = "there have been reportedlycontacts since 2005 on a carpet";
    let doc = run_with(&tok, text);
    assert_eq!(
        words(&doc),
        [
            "there",
            "have",
            "been",
            "reportedly",
            "contacts",
            "since",
            "2005",
            "on",
            "a",
            "carpet"
        ]
    );
    assert_eq!(
        &text[doc.tokens.start[3] as usize..doc.tokens.end[4] as usize],
        "reportedlycontacts"
    );
    assert!(!doc.tokens.space_after[3]);
}

#[test]
fn long_sentences_are_cut_with_a_warning() {
    let text = "word ".repeat(1000);
    let tok = Tokenizer::new(TokenizerConfig {
        max_sentence_tokens: 250,
        ..TokenizerConfig::default()
    });
    let doc = run_with(&tok, &text);
    assert_eq!(doc.tokens.len(), 1000);
    assert_eq!(doc.sentences.len(), 4);
    assert!(doc.sentences.iter().all(|s| s.len() <= 250));
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
}

#[test]
fn long_text_is_cut_at_a_char_boundary() {
    let text = "Kabul’s envoy ".repeat(10);
    let tok = Tokenizer::new(TokenizerConfig {
        max_text_bytes: 7, // inside the three-byte apostrophe
        ..TokenizerConfig::default()
    });
    let doc = run_with(&tok, &text);
    assert_eq!(words(&doc), ["Kabul"]);
    assert!(
        doc.warnings[0].contains("max_text_bytes"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn a_megabyte_without_punctuation_is_handled() {
    let text = "peace talks resume ".repeat(55_000);
    let doc = run(&text);
    assert_eq!(doc.tokens.len(), 165_000);
    let one_word = "a".repeat(1 << 20);
    let doc = run(&one_word);
    assert_eq!(doc.tokens.len(), 1);
    let dots = ".".repeat(1 << 20);
    assert_eq!(run(&dots).tokens.len(), 1);
}

#[test]
fn odd_characters_never_break_offsets() {
    for text in [
        "a\u{0}b\u{1}c\u{7f}d",
        "\u{301}\u{301}x\u{301}",
        "peace 🕊️ talks 👨‍👩‍👧 now.",
        "مذاکرات صلح در مسکو. Then English.",
        "naïve café résumé co\u{301}te",
        "x\u{2028}y\u{2029}z\r\nw\rv",
        "’’’“”„‹›«»",
        "..?!..",
        "'''''",
        "U.S..",
        "Inc..",
        "-\u{2013}-—-",
    ] {
        run(text);
    }
    assert_eq!(toks("a\u{0}b"), ["a", "b"]);
    assert_eq!(toks("x\u{00A0}y"), ["x", "y"]);
}

#[test]
fn tokenizing_resets_later_layers() {
    let mut doc = Doc::new(DocMeta::with_id("t"), "Old text here.".into());
    let tok = Tokenizer::new(TokenizerConfig::default());
    tok.tokenize(&mut doc);
    doc.tokens.reset_parse_columns();
    doc.tokens.upos[0] = Upos::Noun;
    doc.stamp("parse", "x", Layers::UPOS | Layers::DEPS);
    tok.tokenize(&mut doc);
    check(&doc);
    assert!(
        doc.tokens.upos.is_empty() && doc.tokens.head.is_empty() && doc.tokens.lemma.is_empty()
    );
    assert!(!doc.layers.contains(Layers::UPOS));
}

#[test]
fn decode_lossy_handles_boms_and_bad_bytes() {
    assert_eq!(decode_lossy(b"plain"), ("plain".to_string(), false));
    assert_eq!(
        decode_lossy(b"\xEF\xBB\xBFwith bom"),
        ("with bom".to_string(), false)
    );
    assert_eq!(
        decode_lossy(b"bad \xFF byte"),
        ("bad \u{FFFD} byte".to_string(), true)
    );
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Kabul’s".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(decode_lossy(&le), ("Kabul’s".to_string(), false));
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("Kabul".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(decode_lossy(&be), ("Kabul".to_string(), false));
    let (s, lossy) = decode_lossy(&[0xFF, 0xFE, 0x00, 0xD8, 0x41]);
    assert!(lossy && s.contains('\u{FFFD}'));
    assert_eq!(decode_lossy(b""), (String::new(), false));
}

#[test]
fn config_rejects_unknown_fields() {
    let cfg: TokenizerConfig =
        serde_json::from_str(r#"{"max_sentence_tokens": 99, "newlines": "wrapped"}"#).unwrap();
    assert_eq!(cfg.max_sentence_tokens, 99);
    assert_eq!(cfg.newlines, NewlineMode::Wrapped);
    assert_eq!(cfg.max_text_bytes, 10 * 1024 * 1024);
    assert!(serde_json::from_str::<TokenizerConfig>(r#"{"max_tokens": 1}"#).is_err());
    assert!(TokenizerConfig {
        max_sentence_tokens: 0,
        ..Default::default()
    }
    .validate()
    .is_err());
    assert!(TokenizerConfig::default().validate().is_ok());
}

/// A small xorshift generator, so the property test needs no dependency and is
/// reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_bytes_keep_the_invariants() {
    const PIECES: &[&[u8]] = &[
        b"a",
        b"Z",
        b"7",
        b".",
        b",",
        b"'",
        b"-",
        b"\"",
        b" ",
        b"\n",
        b"U.S.",
        b"n't",
        b"'s",
        b"Dr.",
        b"http://",
        b"@",
        b"\xE2\x80\x99",
        b"\xE2\x80\x9D",
        b"\xE2\x80\x94",
        b"\xCC\x81",
        b"\xF0\x9F\x95\x8A",
        b"\xFF",
        b"\xC3",
        b"\x00",
        b"\t",
        b"?",
        b"!",
        b"(",
        b")",
        b"...",
        b"andthe",
        b"1,5",
        b":",
        b"/",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let lex: HashMap<String, u32> = [("an", 5), ("dthe", 5)]
        .iter()
        .map(|(w, f)| (w.to_string(), *f))
        .collect();
    let small = Tokenizer::new(TokenizerConfig {
        max_sentence_tokens: 4,
        max_text_bytes: 61,
        ..TokenizerConfig::default()
    })
    .with_lexicon(Arc::new(lex));
    let full = Tokenizer::new(TokenizerConfig::default());
    for _ in 0..3000 {
        let len = (rng.next() % 40) as usize;
        let mut bytes = Vec::new();
        for _ in 0..len {
            if rng.next() & 3 == 0 {
                bytes.push((rng.next() & 0xFF) as u8);
            } else {
                bytes.extend_from_slice(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
            }
        }
        let (text, _) = decode_lossy(&bytes);
        run_with(&full, &text);
        run_with(&small, &text);
    }
}

/// Sentence F1 on a short hand-written news text with its gold sentences.
#[test]
fn sentence_f1_on_news_text() {
    let gold = [
        "Talks resume in Moscow",
        "MOSCOW (Reuters) - Russian and U.S. envoys met on Friday.",
        "The U.S. delegation, led by Amb. Richard N. Haass, arrived on Thursday.",
        "“We are hopeful,” said Dr. Anna Petrova of the Foreign Ministry.",
        "She added that Gen. Ivanov would attend.",
        "Officials said the U.N. would observe the talks in Geneva, Switzerland.",
        "Is peace possible?",
        "Many doubt it...",
        "But talks go on.",
        "The next round starts at 10 a.m. Monday.",
    ];
    let text = format!("{}\n{}", gold[0], gold[1..].join(" "));
    let doc = run(&text);
    let mut gold_spans = Vec::new();
    let mut at = 0;
    for g in gold {
        let s = text[at..].find(g).expect("gold sentence in text") + at;
        gold_spans.push((s, s + g.len()));
        at = s + g.len();
    }
    let pred: Vec<(usize, usize)> = (0..doc.sentences.len() as u32)
        .map(|s| {
            let (a, b) = doc.sentence_bytes(s);
            (a as usize, b as usize)
        })
        .collect();
    let (_, _, f1) = align_f1(&gold_spans, &pred);
    assert!(f1 >= 0.9, "sentence F1 {f1}: {:?}", sentences(&doc));
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

/// Token F1 against the EWT dev set (skips without `../shared`).
#[test]
fn ewt_dev_token_f1() {
    let Some(dir) = shared_dir() else {
        eprintln!("skipped: ../shared (or $JIRGA_SHARED) is absent");
        return;
    };
    let path = dir.join("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: cannot read {}", path.display());
        return;
    };
    let gold = gold_from_sentences(&read_conllu_sentences(&src));
    assert!(gold.tokens.len() > 20_000);
    let tok = Tokenizer::new(TokenizerConfig::default());
    let (pred, sents) = tok.spans(&gold.text);
    let (_, _, f1) = align_f1(&gold.tokens, &pred);
    let (_, _, sf1) = align_f1(&gold.sentences, &sents);
    eprintln!("EWT dev: token F1 {f1:.4}, sentence F1 {sf1:.4}");
    assert!(f1 >= 0.98, "token F1 {f1}");
    assert!(sf1 >= 0.75, "sentence F1 {sf1}");
}
