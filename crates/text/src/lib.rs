//! # jirga-text
//!
//! Sentence splitting and tokenization of raw English news, with byte offsets.
//!
//! [`Tokenizer::tokenize`] fills a [`jirga_doc::Doc`]'s token columns and sentences
//! without ever editing the text: every token is a byte range of `doc.text`, and its
//! normal form (`norm`: straight quotes and apostrophes, `--` for dashes, `...` for
//! `…`) is kept beside it. Tokens follow the Universal Dependencies English Web
//! Treebank: clitics are split ("Russia's" → "Russia" "'s", "don't" → "do" "n't"),
//! abbreviations keep their period ("U.S.", "Gen."), numbers, dates, times, URLs and
//! e-mail addresses stay whole, and hyphens are split except after common prefixes
//! ("Al-Qaeda" → "Al" "-" "Qaeda", "e-mail" whole).
//!
//! ```
//! use jirga_doc::{Doc, DocMeta};
//! use jirga_text::{Tokenizer, TokenizerConfig};
//! let tok = Tokenizer::new(TokenizerConfig::default());
//! let mut doc = Doc::new(DocMeta::with_id("d"), "Russia’s envoy didn't come.The U.S. did.".into());
//! tok.tokenize(&mut doc);
//! let words: Vec<&str> = (0..doc.tokens.len() as u32).map(|i| doc.token_text(i)).collect();
//! assert_eq!(words, ["Russia", "’s", "envoy", "did", "n't", "come", ".", "The", "U.S.", "did", "."]);
//! assert_eq!(doc.tokens.norm[1], "'s");
//! assert_eq!(doc.sentences.len(), 2);
//! doc.check_invariants().unwrap();
//! ```
//!
//! ## Design
//!
//! One hand-written left-to-right scanner (no regular expressions, no backtracking)
//! cuts chunks at white space and classifies characters, so the time is linear in the
//! text, whatever it holds; a second pass over the tokens finds sentence ends from
//! the token kinds, the white space between tokens (line breaks), and quote state.
//! Word lists (abbreviations, hyphen prefixes, sentence openers) are small tables in
//! `tables.rs`. A [`jirga_doc::Lexicon`] (the parse model's vocabulary), when given,
//! lets the tokenizer split words a bad crawl ran together ("reportedlycontacts").
#![deny(missing_docs)]

mod eval;
mod lex;
mod runon;
mod sent;
mod tables;

pub use eval::{align_f1, gold_from_sentences, read_conllu_sentences, GoldDoc, GoldSentence};
pub use sent::NewlineMode;

use jirga_doc::{Doc, Layers, Lexicon};
use lex::{is_sep, Kind, Lexer, Tok};
use runon::RunOnRules;
use serde::Deserialize;
use std::sync::Arc;

/// A byte span `(start, end)` of a text.
pub type Span = (usize, usize);

/// Version of the tokenizer's rules, stamped on every document it tokenizes.
pub const VERSION: &str = concat!("jirga-text-", env!("CARGO_PKG_VERSION"), "+rules.1");

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration value is out of range.
    #[error("tokenizer configuration: `{field}` {problem}")]
    Config {
        /// Field name.
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Settings of the [`Tokenizer`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokenizerConfig {
    /// A sentence longer than this many tokens is cut into pieces (with a warning).
    pub max_sentence_tokens: usize,
    /// Only this many bytes of a text are tokenized (cut at a char boundary, with a warning).
    pub max_text_bytes: usize,
    /// How line breaks are read.
    pub newlines: NewlineMode,
    /// Split run-together words ("andthe" → "and" "the").
    pub split_run_together: bool,
    /// With a lexicon: each part of a split must be seen at least this often.
    pub run_together_min_part_freq: u32,
    /// With a lexicon: a word seen more often than this is never split.
    pub run_together_max_whole_freq: u32,
}

impl Default for TokenizerConfig {
    fn default() -> Self {
        TokenizerConfig {
            max_sentence_tokens: 250,
            max_text_bytes: 10 * 1024 * 1024,
            newlines: NewlineMode::Auto,
            split_run_together: true,
            run_together_min_part_freq: 3,
            run_together_max_whole_freq: 0,
        }
    }
}

impl TokenizerConfig {
    /// Checks the values.
    pub fn validate(&self) -> Result<()> {
        if self.max_sentence_tokens == 0 {
            return Err(Error::Config {
                field: "max_sentence_tokens",
                problem: "must be at least 1".into(),
            });
        }
        if self.max_text_bytes > u32::MAX as usize {
            return Err(Error::Config {
                field: "max_text_bytes",
                problem: format!("must be at most {} (offsets are 32-bit)", u32::MAX),
            });
        }
        Ok(())
    }
}

/// Sentence splitter and tokenizer. Immutable once built; share it between threads.
#[derive(Clone)]
pub struct Tokenizer {
    cfg: TokenizerConfig,
    lexicon: Option<Arc<dyn Lexicon>>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("cfg", &self.cfg)
            .field("lexicon", &self.lexicon.is_some())
            .finish()
    }
}

impl Tokenizer {
    /// A tokenizer with these settings (out-of-range values are clamped: at least one
    /// token per sentence, offsets within 32 bits).
    pub fn new(mut cfg: TokenizerConfig) -> Tokenizer {
        cfg.max_sentence_tokens = cfg.max_sentence_tokens.max(1);
        cfg.max_text_bytes = cfg.max_text_bytes.min(u32::MAX as usize);
        Tokenizer { cfg, lexicon: None }
    }

    /// Uses `lex` (word frequencies) to split run-together words.
    pub fn with_lexicon(mut self, lex: Arc<dyn Lexicon>) -> Tokenizer {
        self.lexicon = Some(lex);
        self
    }

    /// The settings.
    pub fn config(&self) -> &TokenizerConfig {
        &self.cfg
    }

    /// Tokenizes `doc.text`: replaces `doc.tokens` and `doc.sentences`, empties the
    /// parse columns, and stamps the document with [`Layers::TOKENS`] and
    /// [`Layers::SENTS`]. Never panics; problems (text cut, sentences cut) are pushed
    /// to `doc.warnings`.
    pub fn tokenize(&self, doc: &mut Doc) {
        let mut limit = doc.text.len();
        if limit > self.cfg.max_text_bytes {
            limit = self.cfg.max_text_bytes;
            while !doc.text.is_char_boundary(limit) {
                limit -= 1;
            }
            doc.warnings.push(format!(
                "text: only the first {limit} of {} bytes were tokenized (max_text_bytes)",
                doc.text.len()
            ));
        }
        let text = &doc.text[..limit];
        let (toks, sents) = self.split(text);

        let mut tokens = jirga_doc::Tokens::default();
        let n = toks.len();
        tokens.start.reserve(n);
        tokens.end.reserve(n);
        tokens.space_after.reserve(n);
        tokens.norm.reserve(n);
        for (k, t) in toks.iter().enumerate() {
            let space_after = doc.text[t.end..].chars().next().is_some_and(is_sep);
            let glued_both = k > 0
                && toks[k - 1].end == t.start
                && toks.get(k + 1).is_some_and(|u| u.start == t.end);
            tokens.push(
                t.start as u32,
                t.end as u32,
                space_after,
                normalize(&text[t.start..t.end], t.kind, glued_both),
            );
        }
        let mut sentences = Vec::with_capacity(sents.len());
        let max = self.cfg.max_sentence_tokens;
        let mut cut = 0usize;
        for (a, b) in sents {
            let mut s = a;
            while b - s > max {
                sentences.push(jirga_doc::Sentence {
                    start: s as u32,
                    end: (s + max) as u32,
                });
                s += max;
                cut += 1;
            }
            sentences.push(jirga_doc::Sentence {
                start: s as u32,
                end: b as u32,
            });
        }
        if cut > 0 {
            doc.warnings.push(format!(
                "text: {cut} cut(s) made in sentences longer than {max} tokens (max_sentence_tokens)"
            ));
        }
        doc.tokens = tokens;
        doc.tokens.lemma.clear();
        doc.tokens.upos.clear();
        doc.tokens.xpos.clear();
        doc.tokens.head.clear();
        doc.tokens.deprel.clear();
        doc.sentences = sentences;
        doc.mentions.clear();
        doc.events.clear();
        doc.layers = Layers::NONE;
        doc.stamp("text", VERSION, Layers::TOKENS | Layers::SENTS);
    }

    /// Tokens and sentences (token index ranges) of `text`.
    fn split(&self, text: &str) -> (Vec<Tok>, Vec<(usize, usize)>) {
        let runon = self.cfg.split_run_together.then_some(RunOnRules {
            min_part_freq: self.cfg.run_together_min_part_freq,
            max_whole_freq: self.cfg.run_together_max_whole_freq,
        });
        let toks = Lexer::new(text, self.lexicon.as_deref(), runon).run();
        let wrapped = match self.cfg.newlines {
            NewlineMode::Paragraph => false,
            NewlineMode::Wrapped => true,
            NewlineMode::Auto => sent::looks_wrapped(text),
        };
        sent::split_sentences(text, toks, wrapped)
    }

    /// Token byte spans and sentence byte spans of `text` (for evaluation).
    pub fn spans(&self, text: &str) -> (Vec<Span>, Vec<Span>) {
        let (toks, sents) = self.split(text);
        let tspans = toks.iter().map(|t| (t.start, t.end)).collect();
        let sspans = sents
            .iter()
            .filter(|(a, b)| b > a)
            .map(|&(a, b)| (toks[a].start, toks[b - 1].end))
            .collect();
        (tspans, sspans)
    }
}

/// Normal form of a token: straight quotes and apostrophes, `--` for a dash (`-` for
/// an en dash between two words or numbers), `...` for `…`.
fn normalize(s: &str, kind: Kind, glued_both: bool) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    if kind == Kind::Dash {
        return if s.starts_with('\u{2013}') && glued_both {
            "-".into()
        } else {
            "--".into()
        };
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => out.push('"'),
            '\u{2026}' => out.push_str("..."),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            _ => out.push(c),
        }
    }
    out
}

/// Decodes bytes to text: strips a UTF-8 byte-order mark, decodes UTF-16 (LE or BE)
/// when its byte-order mark starts the input, and replaces invalid sequences with
/// U+FFFD. The flag tells whether anything was replaced.
pub fn decode_lossy(bytes: &[u8]) -> (String, bool) {
    let utf16 = |be: bool| {
        let body = &bytes[2..];
        let units = body.chunks_exact(2).map(|p| {
            if be {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        let odd = body.len() & 1 == 1;
        let mut lossy = odd;
        let mut s = String::with_capacity(body.len());
        for r in char::decode_utf16(units) {
            match r {
                Ok(c) => s.push(c),
                Err(_) => {
                    lossy = true;
                    s.push(char::REPLACEMENT_CHARACTER);
                }
            }
        }
        if odd {
            s.push(char::REPLACEMENT_CHARACTER);
        }
        (s, lossy)
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            match String::from_utf8_lossy(body) {
                std::borrow::Cow::Borrowed(s) => (s.to_string(), false),
                std::borrow::Cow::Owned(s) => (s, true),
            }
        }
    }
}
