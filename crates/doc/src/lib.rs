//! # jirga-doc: the document model every stage annotates
//!
//! A [`Doc`] owns the article text (never edited after ingest), its metadata, and
//! annotation layers added by the pipeline stages in order:
//!
//! | layer | written by | what |
//! |---|---|---|
//! | [`Layers::TOKENS`], [`Layers::SENTS`] | `jirga-text` | token byte offsets, normal forms, sentence ranges |
//! | [`Layers::LEMMA`], [`Layers::UPOS`], [`Layers::DEPS`] | `jirga-parse` | lemmas, tags, dependency tree |
//! | [`Layers::ACTORS`] | `jirga-actors` | [`ActorMention`]s |
//! | [`Layers::EVENTS`] | `jirga-code` | [`Event`]s |
//!
//! Tokens are stored as columns ([`Tokens`], struct-of-arrays) indexed by [`TokenIdx`];
//! every offset is a UTF-8 byte offset into [`Doc::text`], so `&doc.text[t.start..t.end]`
//! is always the token's exact evidence. Sentences are half-open token ranges.
//!
//! Stage crates never depend on each other: they meet only through this crate, as
//! spaCy components meet only through its `Doc`.
//!
//! ```
//! use jirga_doc::{Doc, DocMeta};
//! let mut doc = Doc::new(DocMeta::with_id("d1"), "Russia armed them.".to_string());
//! doc.tokens.push(0, 6, true, "Russia");
//! doc.tokens.push(7, 12, true, "armed");
//! doc.tokens.push(13, 17, false, "them");
//! doc.tokens.push(17, 18, false, ".");
//! doc.sentences.push(jirga_doc::Sentence { start: 0, end: 4 });
//! assert_eq!(doc.token_text(1), "armed");
//! assert_eq!(doc.sentence_text(0), "Russia armed them.");
//! doc.check_invariants().unwrap();
//! ```
#![deny(missing_docs)]

mod event;
pub mod measure;
mod record;
mod tags;

pub use event::*;
pub use record::*;
pub use tags::*;

use serde::{Deserialize, Serialize};

/// Index of a token in a [`Doc`] (position in the token columns).
pub type TokenIdx = u32;
/// Index of a sentence in [`Doc::sentences`].
pub type SentIdx = u32;
/// Index of an actor mention in [`Doc::mentions`].
pub type MentionIdx = u32;

/// Errors of the document model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A layer a stage needs is missing.
    #[error("stage `{stage}` needs the `{layer}` layer, which no earlier stage assigned")]
    MissingLayer {
        /// Stage that asked.
        stage: String,
        /// Missing layer's name.
        layer: &'static str,
    },
    /// An internal invariant of offsets or ranges does not hold.
    #[error("document `{doc}`: {what}")]
    Invariant {
        /// Document id.
        doc: String,
        /// What is wrong.
        what: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Where a document came from: file, record within it, byte range in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Path of the input file, or `-` for standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Record number within the file (1-based: line of a JSON Lines file, record of a WARC, item of a feed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// Byte offset of the record in the (decompressed) input, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_start: Option<u64>,
    /// End byte offset of the record, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_end: Option<u64>,
    /// Reader that produced the document (`html`, `warc`, `rss`, `atom`, `jsonl`, `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// Document metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Stable document id (from the URL, the input's own id, or a content hash).
    pub id: String,
    /// Canonical URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Title / headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`, optionally with a time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Outlet (publisher) name or host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Author(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Detected or declared language (ISO 639-1 or 639-3 code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the document came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl DocMeta {
    /// Metadata with only an id.
    pub fn with_id(id: impl Into<String>) -> Self {
        DocMeta {
            id: id.into(),
            ..Default::default()
        }
    }
}

/// Annotation layers as bit flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Layers(pub u16);

impl Layers {
    /// No layer.
    pub const NONE: Layers = Layers(0);
    /// Token offsets and normal forms.
    pub const TOKENS: Layers = Layers(1);
    /// Sentence boundaries.
    pub const SENTS: Layers = Layers(1 << 1);
    /// Lemmas.
    pub const LEMMA: Layers = Layers(1 << 2);
    /// Universal POS tags (and XPOS).
    pub const UPOS: Layers = Layers(1 << 3);
    /// Dependency heads and relations.
    pub const DEPS: Layers = Layers(1 << 4);
    /// Actor mentions.
    pub const ACTORS: Layers = Layers(1 << 5);
    /// Events.
    pub const EVENTS: Layers = Layers(1 << 6);

    const NAMES: [(&'static str, Layers); 7] = [
        ("tokens", Layers::TOKENS),
        ("sents", Layers::SENTS),
        ("lemma", Layers::LEMMA),
        ("upos", Layers::UPOS),
        ("deps", Layers::DEPS),
        ("actors", Layers::ACTORS),
        ("events", Layers::EVENTS),
    ];

    /// Whether every flag of `other` is set.
    pub fn contains(self, other: Layers) -> bool {
        self.0 & other.0 == other.0
    }
    /// Union.
    pub fn union(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }
    /// Name of the first flag of `other` missing from `self`, if any.
    pub fn first_missing(self, other: Layers) -> Option<&'static str> {
        Self::NAMES
            .iter()
            .find(|(_, l)| other.contains(*l) && !self.contains(*l))
            .map(|(n, _)| *n)
    }
}

impl std::ops::BitOr for Layers {
    type Output = Layers;
    fn bitor(self, rhs: Layers) -> Layers {
        self.union(rhs)
    }
}

/// A stage's stamp on a document: which stage, which version (model or dictionary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Stage name (`text`, `parse`, `actors`, `code`).
    pub stage: String,
    /// Version string of the stage's code and data (model checksum, dictionary version).
    pub version: String,
}

/// Token columns (struct-of-arrays). All vectors have the same length once the
/// respective layer is assigned; `lemma`, `upos`, `xpos`, `head`, `deprel` may be
/// empty before the parse stage runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tokens {
    /// Start byte offset into [`Doc::text`].
    pub start: Vec<u32>,
    /// End byte offset (exclusive).
    pub end: Vec<u32>,
    /// Whether white space follows the token in the text.
    pub space_after: Vec<bool>,
    /// Normal form: the token text with curly quotes, dashes, odd spaces normalised
    /// (`’s` → `'s`, `U.S` stays `U.S`); used for lookups, never for offsets.
    pub norm: Vec<String>,
    /// Lemma.
    pub lemma: Vec<String>,
    /// Universal POS tag.
    pub upos: Vec<Upos>,
    /// Language-specific tag (Penn Treebank for English).
    pub xpos: Vec<String>,
    /// Head token (document-level index); the root of a sentence points to itself.
    pub head: Vec<TokenIdx>,
    /// Dependency relation to the head.
    pub deprel: Vec<DepRel>,
}

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.start.len()
    }
    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }
    /// Appends a token with offsets and normal form (tokenizer layer only).
    pub fn push(&mut self, start: u32, end: u32, space_after: bool, norm: impl Into<String>) {
        self.start.push(start);
        self.end.push(end);
        self.space_after.push(space_after);
        self.norm.push(norm.into());
    }
    /// Clears the parse columns and sizes them for the current tokens with defaults.
    pub fn reset_parse_columns(&mut self) {
        let n = self.len();
        self.lemma = vec![String::new(); n];
        self.upos = vec![Upos::X; n];
        self.xpos = vec![String::new(); n];
        self.head = (0..n as u32).collect();
        self.deprel = vec![DepRel::DEP; n];
    }
}

/// A sentence: half-open range of token indices `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// First token.
    pub start: TokenIdx,
    /// One past the last token.
    pub end: TokenIdx,
}

impl Sentence {
    /// Token indices of the sentence.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// Number of tokens.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A document with its annotation layers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Metadata.
    pub meta: DocMeta,
    /// The main text, never edited after ingest.
    pub text: String,
    /// Token columns.
    pub tokens: Tokens,
    /// Sentences in text order, covering the tokens.
    pub sentences: Vec<Sentence>,
    /// Actor mentions, in text order.
    pub mentions: Vec<ActorMention>,
    /// Coded events.
    pub events: Vec<Event>,
    /// Layers assigned so far.
    pub layers: Layers,
    /// Stamps of the stages that ran.
    pub stamps: Vec<Stamp>,
    /// Warnings a stage raised on this document (input cut, text decoded lossily...).
    pub warnings: Vec<String>,
}

impl Doc {
    /// A document with text and metadata and no annotation.
    pub fn new(meta: DocMeta, text: String) -> Doc {
        Doc {
            meta,
            text,
            ..Default::default()
        }
    }

    /// Text of token `i`.
    pub fn token_text(&self, i: TokenIdx) -> &str {
        let i = i as usize;
        &self.text[self.tokens.start[i] as usize..self.tokens.end[i] as usize]
    }

    /// Byte range `[start, end)` covered by tokens `[first, last)`.
    pub fn token_span_bytes(&self, first: TokenIdx, last: TokenIdx) -> (u32, u32) {
        if last <= first {
            let at = self.tokens.start.get(first as usize).copied().unwrap_or(0);
            return (at, at);
        }
        (
            self.tokens.start[first as usize],
            self.tokens.end[last as usize - 1],
        )
    }

    /// Text covered by tokens `[first, last)`.
    pub fn span_text(&self, first: TokenIdx, last: TokenIdx) -> &str {
        let (s, e) = self.token_span_bytes(first, last);
        &self.text[s as usize..e as usize]
    }

    /// Byte range of sentence `s`.
    pub fn sentence_bytes(&self, s: SentIdx) -> (u32, u32) {
        let sent = self.sentences[s as usize];
        self.token_span_bytes(sent.start, sent.end)
    }

    /// Text of sentence `s`.
    pub fn sentence_text(&self, s: SentIdx) -> &str {
        let (a, b) = self.sentence_bytes(s);
        &self.text[a as usize..b as usize]
    }

    /// Sentence containing token `t` (binary search).
    pub fn sentence_of(&self, t: TokenIdx) -> Option<SentIdx> {
        let i = self.sentences.partition_point(|s| s.end <= t);
        (i < self.sentences.len() && self.sentences[i].start <= t).then_some(i as SentIdx)
    }

    /// Errors unless `layers` are all assigned.
    pub fn require(&self, stage: &str, layers: Layers) -> Result<()> {
        match self.layers.first_missing(layers) {
            None => Ok(()),
            Some(layer) => Err(Error::MissingLayer {
                stage: stage.to_string(),
                layer,
            }),
        }
    }

    /// Records that a stage ran.
    pub fn stamp(&mut self, stage: &str, version: &str, assigns: Layers) {
        self.layers = self.layers.union(assigns);
        self.stamps.push(Stamp {
            stage: stage.to_string(),
            version: version.to_string(),
        });
    }

    /// Checks the offset invariants: token offsets sorted, non-overlapping, on char
    /// boundaries, inside the text; sentences sorted, non-overlapping, inside the tokens;
    /// parse columns, when present, as long as the token columns and heads inside the
    /// head's sentence.
    pub fn check_invariants(&self) -> Result<()> {
        let bad = |what: String| {
            Err(Error::Invariant {
                doc: self.meta.id.clone(),
                what,
            })
        };
        let t = &self.tokens;
        let n = t.len();
        if t.end.len() != n || t.space_after.len() != n || t.norm.len() != n {
            return bad("token columns differ in length".into());
        }
        let mut prev_end = 0u32;
        for i in 0..n {
            let (s, e) = (t.start[i], t.end[i]);
            if s < prev_end || e < s || e as usize > self.text.len() {
                return bad(format!("token {i} has bad offsets {s}..{e}"));
            }
            if !self.text.is_char_boundary(s as usize) || !self.text.is_char_boundary(e as usize) {
                return bad(format!(
                    "token {i} offsets {s}..{e} are not on char boundaries"
                ));
            }
            prev_end = e;
        }
        let mut prev = 0u32;
        for (k, s) in self.sentences.iter().enumerate() {
            if s.start < prev || s.end < s.start || s.end as usize > n {
                return bad(format!(
                    "sentence {k} has bad token range {}..{}",
                    s.start, s.end
                ));
            }
            prev = s.end;
        }
        if self.layers.contains(Layers::DEPS) {
            if t.head.len() != n || t.deprel.len() != n {
                return bad("parse columns differ in length from tokens".into());
            }
            for (k, s) in self.sentences.iter().enumerate() {
                for i in s.range() {
                    let h = t.head[i];
                    if h < s.start || h >= s.end {
                        return bad(format!("token {i} of sentence {k} has head {h} outside it"));
                    }
                }
            }
        }
        for (k, m) in self.mentions.iter().enumerate() {
            if m.end <= m.start || m.end as usize > n {
                return bad(format!(
                    "mention {k} has bad token range {}..{}",
                    m.start, m.end
                ));
            }
        }
        Ok(())
    }
}

/// A word list with frequencies, shared between stages without making them depend on
/// each other: the parse model's vocabulary serves the tokenizer to split words a bad
/// crawl ran together ("andthe").
pub trait Lexicon: Send + Sync {
    /// How often the lower-cased word was seen (0 when unknown).
    fn frequency(&self, word_lowercase: &str) -> u32;
}

impl Lexicon for std::collections::HashMap<String, u32> {
    fn frequency(&self, word_lowercase: &str) -> u32 {
        self.get(word_lowercase).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Doc {
        let mut doc = Doc::new(
            DocMeta::with_id("t"),
            "Russia’s envoy met them. Then left.".into(),
        );
        for (s, e, sp) in [
            (0, 6, false),
            (6, 10, true),
            (11, 16, true),
            (17, 20, true),
            (21, 25, false),
            (25, 26, true),
        ] {
            let norm = doc.text[s..e].replace('’', "'");
            doc.tokens.push(s as u32, e as u32, sp, norm);
        }
        doc.tokens.push(27, 31, true, "Then");
        doc.tokens.push(32, 36, false, "left");
        doc.tokens.push(36, 37, false, ".");
        doc.sentences.push(Sentence { start: 0, end: 6 });
        doc.sentences.push(Sentence { start: 6, end: 9 });
        doc.stamp("text", "test", Layers::TOKENS | Layers::SENTS);
        doc
    }

    #[test]
    fn offsets_slice_the_text() {
        let doc = tiny();
        doc.check_invariants().unwrap();
        assert_eq!(doc.token_text(1), "’s");
        assert_eq!(doc.tokens.norm[1], "'s");
        assert_eq!(doc.sentence_text(0), "Russia’s envoy met them.");
        assert_eq!(doc.sentence_text(1), "Then left.");
        assert_eq!(doc.sentence_of(7), Some(1));
        assert_eq!(doc.sentence_of(0), Some(0));
        assert_eq!(doc.sentence_of(99), None);
    }

    #[test]
    fn missing_layer_is_an_error() {
        let doc = tiny();
        assert!(doc.require("parse", Layers::TOKENS | Layers::SENTS).is_ok());
        let err = doc.require("code", Layers::DEPS).unwrap_err();
        assert!(err.to_string().contains("deps"), "{err}");
    }

    #[test]
    fn broken_offsets_are_caught() {
        let mut doc = tiny();
        doc.tokens.start[2] = 3;
        assert!(doc.check_invariants().is_err());
        let mut doc = tiny();
        doc.tokens.end[0] = 7; // inside the three-byte apostrophe
        assert!(doc.check_invariants().is_err());
    }
}
