//! The [`Annotator`]: tagger, lemmatizer and dependency parser applied to a [`Doc`].
//!
//! Loaded once (from `models/tagger.bin` and `models/parser.bin`) and shared across
//! threads: it is immutable and `Send + Sync`. It reads the token normal forms and
//! sentence ranges the tokenizer assigned and fills the lemma, UPOS, XPOS, head and
//! relation columns, then stamps the document with the models' checksums.
//!
//! ```no_run
//! use jirga_parse::annotate::Annotator;
//! let annotator = Annotator::load(std::path::Path::new("models")).unwrap();
//! let words = annotator.annotate_words(&["Russia", "armed", "them", "."]);
//! assert_eq!(words[1].lemma, "arm");
//! ```

use crate::conllu::Word;
use crate::depparse::{DepParseError, DepParser};
use crate::model::{self, ModelKind};
use crate::tagger::{Tagger, TaggerError};
use jirga_doc::{DepRel, Doc, Layers, Lexicon, TokenIdx, Upos};
use std::path::Path;
use std::sync::Arc;

/// File name of the tagger model inside a models directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// File name of the parser model inside a models directory.
pub const PARSER_FILE: &str = "parser.bin";

/// Errors loading models or annotating.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// The tagger model could not be loaded.
    #[error(transparent)]
    Tagger(#[from] TaggerError),
    /// The parser model container is bad.
    #[error(transparent)]
    Model(#[from] model::ModelError),
    /// The parser payload is bad.
    #[error("parser model {path}: {source}")]
    Parser {
        /// File name.
        path: String,
        /// Cause.
        source: DepParseError,
    },
    /// The document lacks a layer the stage needs.
    #[error(transparent)]
    Doc(#[from] jirga_doc::Error),
}

/// One annotated word.
#[derive(Debug, Clone, PartialEq)]
pub struct WordAnnotation {
    /// Lemma.
    pub lemma: String,
    /// Universal tag.
    pub upos: Upos,
    /// Penn tag.
    pub xpos: String,
    /// Head: 0 for the root, else the 1-based index of the head word in the sentence.
    pub head: u32,
    /// Relation to the head.
    pub deprel: DepRel,
}

/// Tagger, lemmatizer and parser, loaded once and shared.
#[derive(Debug, Clone)]
pub struct Annotator {
    tagger: Tagger,
    parser: Option<DepParser>,
    version: String,
    /// The tag class of a past-tense verb (`VERB`/`VBD`), for [`participle_to_past`].
    past: Option<u16>,
    /// The tag classes of a common noun, singular and plural (`NOUN`/`NN`, `NOUN`/`NNS`),
    /// for [`rare_nominal`].
    noun: Option<(u16, u16)>,
    /// The tag class of a cardinal number (`NUM`/`CD`), for [`NUMBER_WORDS`].
    number: Option<u16>,
}

impl Annotator {
    /// Loads `tagger.bin` and, when present, `parser.bin` from `models_dir`. Without a
    /// parser every word hangs from the sentence's first word and [`Annotator::has_parser`]
    /// is false.
    pub fn load(models_dir: &Path) -> Result<Annotator, AnnotateError> {
        let tagger = Tagger::load(&models_dir.join(TAGGER_FILE))?;
        let ppath = models_dir.join(PARSER_FILE);
        let parser = if ppath.exists() {
            let name = ppath.display().to_string();
            let bytes = std::fs::read(&ppath).map_err(|source| model::ModelError::Io {
                path: name.clone(),
                source,
            })?;
            Some(Self::parser_from(&bytes, &name)?)
        } else {
            None
        };
        Ok(Self::assemble(tagger, parser))
    }

    /// Builds an annotator from the bytes of the two model files.
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Annotator, AnnotateError> {
        let tagger = Tagger::from_bytes(tagger, TAGGER_FILE)?;
        let parser = Self::parser_from(parser, PARSER_FILE)?;
        Ok(Self::assemble(tagger, Some(parser)))
    }

    /// Builds an annotator from loaded parts.
    pub fn from_parts(tagger: Tagger, parser: Option<(DepParser, String)>) -> Annotator {
        let (mut parser, pver) = match parser {
            Some((p, v)) => (Some(p), v),
            None => (None, "none".to_string()),
        };
        // with the same word clusters the supertagger reuses the tagger's word values
        if let Some(p) = parser.as_mut() {
            p.share_clusters(tagger.clusters());
        }
        let version = format!("tagger-{}+parser-{}", tagger.version(), pver);
        let past = tag_class(&tagger, Upos::Verb, "VBD");
        let noun = tag_class(&tagger, Upos::Noun, "NN").zip(tag_class(&tagger, Upos::Noun, "NNS"));
        let number = tag_class(&tagger, Upos::Num, "CD");
        Annotator {
            tagger,
            parser,
            version,
            past,
            noun,
            number,
        }
    }

    fn parser_from(bytes: &[u8], name: &str) -> Result<(DepParser, String), AnnotateError> {
        let (_meta, payload) = model::decode_model(bytes, name, ModelKind::Parser)?;
        let parser = DepParser::from_bytes(payload).map_err(|source| AnnotateError::Parser {
            path: name.to_string(),
            source,
        })?;
        Ok((parser, model::version_id(bytes)))
    }

    fn assemble(tagger: Tagger, parser: Option<(DepParser, String)>) -> Annotator {
        Self::from_parts(tagger, parser)
    }

    /// Version stamp: both models' checksums (`tagger-…+parser-…`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether a dependency parser is loaded.
    pub fn has_parser(&self) -> bool {
        self.parser.is_some()
    }

    /// The tagger (with its lemmatizer).
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The dependency parser (with its supertagger), when one is loaded.
    pub fn parser(&self) -> Option<&DepParser> {
        self.parser.as_ref()
    }

    /// The training vocabulary as a [`Lexicon`] for the tokenizer.
    pub fn lexicon(&self) -> Arc<dyn Lexicon> {
        self.tagger.vocab()
    }

    /// Tags, lemmatizes and parses one sentence of words.
    pub fn annotate_words(&self, words: &[&str]) -> Vec<WordAnnotation> {
        let values = self.tagger.word_values(words);
        let classes = self.tagger.tag_values(words, &values);
        let mut upos: Vec<Upos> = classes.iter().map(|&c| self.tagger.upos(c)).collect();
        let mut xpos: Vec<&str> = classes.iter().map(|&c| self.tagger.xpos(c)).collect();
        if let Some(cd) = self.number {
            for (i, w) in words.iter().enumerate() {
                if upos[i] != Upos::Num && is_number_word(w) {
                    upos[i] = self.tagger.upos(cd);
                    xpos[i] = self.tagger.xpos(cd);
                }
            }
        }
        // "has once again outright *rejected*": have before a participle is the perfect
        for i in 0..words.len() {
            if upos[i] == Upos::Verb
                && matches!(xpos[i], "VBZ" | "VBP" | "VBD")
                && ["has", "have", "had"]
                    .iter()
                    .any(|h| words[i].eq_ignore_ascii_case(h))
            {
                let next = (i + 1..words.len().min(i + 5)).find(|&k| upos[k] != Upos::Adv);
                if next.is_some_and(|k| upos[k] == Upos::Verb && matches!(xpos[k], "VBN" | "VBD")) {
                    if let Some(c) = tag_class(&self.tagger, Upos::Aux, xpos[i]) {
                        upos[i] = self.tagger.upos(c);
                        xpos[i] = self.tagger.xpos(c);
                    }
                }
            }
        }
        if let Some((nn, nns)) = self.noun {
            // "to" never precedes a verb in the third person: "aid to *refugees*"
            for i in 1..words.len() {
                if xpos[i] == "VBZ" && words[i - 1].eq_ignore_ascii_case("to") {
                    upos[i] = self.tagger.upos(nns);
                    xpos[i] = self.tagger.xpos(nns);
                }
            }
            let vocab = self.tagger.vocab();
            for (i, w) in words.iter().enumerate() {
                if upos[i] == Upos::Verb {
                    if let Some(plural) = rare_nominal(w, vocab.as_ref()) {
                        let c = if plural { nns } else { nn };
                        upos[i] = self.tagger.upos(c);
                        xpos[i] = self.tagger.xpos(c);
                    }
                }
            }
        }
        if let (Some(past), Some(v)) = (self.past, participle_to_past(words, &upos, &xpos)) {
            upos[v] = self.tagger.upos(past);
            xpos[v] = self.tagger.xpos(past);
        }
        let lemmatize = |upos: &[Upos], xpos: &[&str]| -> Vec<String> {
            words
                .iter()
                .zip(upos.iter().zip(xpos))
                .map(|(w, (u, x))| self.tagger.lemmatizer().lemmatize(w, *u, x).into_owned())
                .collect()
        };
        let mut lemmas = lemmatize(&upos, &xpos);
        let lemma_refs: Vec<&str> = lemmas.iter().map(String::as_str).collect();
        // supertags read the words only: one pass serves both parses below
        let sup = match &self.parser {
            Some(p) => p.supertags_from(words, &values),
            None => Vec::new(),
        };
        let mut arcs = self.arcs_supertagged(words, &lemma_refs, &upos, &xpos, &sup);
        if let (Some(past), Some(v)) = (self.past, transitive_modifier_of_root(&upos, &xpos, &arcs))
        {
            upos[v] = self.tagger.upos(past);
            xpos[v] = self.tagger.xpos(past);
            lemmas = lemmatize(&upos, &xpos);
            let lemma_refs: Vec<&str> = lemmas.iter().map(String::as_str).collect();
            arcs = self.arcs_supertagged(words, &lemma_refs, &upos, &xpos, &sup);
        }
        if self.parser.is_some() {
            reattach_trailing_clause(words, &lemmas, &upos, &xpos, &mut arcs);
            coordinated_not_relative(&lemmas, &upos, &xpos, &mut arcs);
            complementizer_that(words, &mut arcs);
            verb_of_root_noun(&lemmas, &upos, &xpos, &mut arcs);
            participle_before_its_verb(&xpos, &mut arcs);
            gerund_list(&xpos, &mut arcs);
        }
        let n = words.len() as u32;
        lemmas
            .into_iter()
            .zip(upos)
            .zip(xpos)
            .zip(arcs.into_iter().chain(std::iter::repeat((0, DepRel::DEP))))
            .map(|(((lemma, upos), xpos), (head, deprel))| WordAnnotation {
                lemma,
                upos,
                xpos: xpos.to_string(),
                head: if head > n { 0 } else { head },
                deprel,
            })
            .collect()
    }

    /// [`Annotator::arcs`] with the sentence's supertags given.
    fn arcs_supertagged(
        &self,
        words: &[&str],
        lemmas: &[&str],
        upos: &[Upos],
        xpos: &[&str],
        supertags: &[&str],
    ) -> Vec<(u32, DepRel)> {
        match &self.parser {
            Some(p) => p.parse_supertagged(words, lemmas, upos, xpos, supertags),
            None => flat_tree(words.len()),
        }
    }

    /// The dependency tree of one tagged sentence: (1-based head, relation) per word; a
    /// flat tree when no parser is loaded.
    fn arcs(
        &self,
        words: &[&str],
        lemmas: &[&str],
        upos: &[Upos],
        xpos: &[&str],
    ) -> Vec<(u32, DepRel)> {
        let sup = self
            .parser
            .as_ref()
            .map(|p| p.supertags(words))
            .unwrap_or_default();
        self.arcs_supertagged(words, lemmas, upos, xpos, &sup)
    }

    /// Retags the given tokens as proper nouns and parses their sentences again with the
    /// new tags. For words a gazetteer knows to be part of a name that the tagger read as
    /// common nouns ("the European *Community*", "Ivory *Coast* rebels", "Tel *Aviv*"):
    /// a wrong NOUN inside a name often makes the parser read the whole subject as the
    /// root. Tokens not tagged NOUN are left alone. Returns how many sentences were
    /// parsed again.
    pub fn retag_proper(&self, doc: &mut Doc, tokens: &[TokenIdx]) -> usize {
        let n_tok = doc.tokens.len();
        let mut changed: Vec<usize> = Vec::new();
        for &t in tokens {
            let t = t as usize;
            if t >= n_tok || doc.tokens.upos[t] != Upos::Noun {
                continue;
            }
            let toks = &mut doc.tokens;
            toks.upos[t] = Upos::Propn;
            toks.xpos[t] = if toks.xpos[t] == "NNS" { "NNPS" } else { "NNP" }.to_string();
            toks.lemma[t] = self
                .tagger
                .lemmatizer()
                .lemmatize(&toks.norm[t], Upos::Propn, &toks.xpos[t])
                .into_owned();
            if let Some(s) = doc.sentence_of(t as TokenIdx) {
                changed.push(s as usize);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        if self.parser.is_none() || !doc.layers.contains(Layers::DEPS) {
            return 0;
        }
        for &si in &changed {
            let Some(s) = doc.sentences.get(si).copied() else {
                continue;
            };
            let range = s.range();
            if range.is_empty() || range.end > n_tok {
                continue;
            }
            let t = &doc.tokens;
            let words: Vec<&str> = t.norm[range.clone()].iter().map(String::as_str).collect();
            let lemmas: Vec<&str> = t.lemma[range.clone()].iter().map(String::as_str).collect();
            let xpos: Vec<&str> = t.xpos[range.clone()].iter().map(String::as_str).collect();
            let arcs = self.arcs(&words, &lemmas, &t.upos[range.clone()], &xpos);
            let n = words.len() as u32;
            for (k, (head, deprel)) in arcs.into_iter().enumerate() {
                let i = range.start + k;
                doc.tokens.head[i] = doc_head(i, s.start, if head > n { 0 } else { head });
                doc.tokens.deprel[i] = deprel;
            }
        }
        changed.len()
    }

    /// Annotates gold-tokenized words as CoNLL-U words (form, lemma, tags, tree).
    pub fn annotate_conllu(&self, words: &[&str]) -> Vec<Word> {
        self.annotate_words(words)
            .into_iter()
            .zip(words)
            .map(|(a, w)| Word {
                form: w.to_string(),
                lemma: a.lemma,
                upos: a.upos.as_str().to_string(),
                xpos: a.xpos,
                feats: String::new(),
                head: a.head,
                deprel: a.deprel.as_str().to_string(),
                misc: String::new(),
            })
            .collect()
    }

    /// Fills the lemma, tag and dependency columns of a tokenized document and stamps it.
    /// Needs the `tokens` and `sents` layers.
    pub fn annotate(&self, doc: &mut Doc) -> Result<(), AnnotateError> {
        doc.require("parse", Layers::TOKENS | Layers::SENTS)?;
        doc.tokens.reset_parse_columns();
        let sentences = doc.sentences.clone();
        for s in &sentences {
            let range = s.range();
            if range.is_empty() || range.end > doc.tokens.len() {
                continue;
            }
            let out = {
                let words: Vec<&str> = doc.tokens.norm[range.clone()]
                    .iter()
                    .map(String::as_str)
                    .collect();
                self.annotate_words(&words)
            };
            for (k, a) in out.into_iter().enumerate() {
                let i = range.start + k;
                let t = &mut doc.tokens;
                t.head[i] = doc_head(i, s.start, a.head);
                t.deprel[i] = a.deprel;
                t.lemma[i] = a.lemma;
                t.upos[i] = a.upos;
                t.xpos[i] = a.xpos;
            }
        }
        let layers = if self.parser.is_some() {
            Layers::LEMMA | Layers::UPOS | Layers::DEPS
        } else {
            Layers::LEMMA | Layers::UPOS
        };
        doc.stamp("parse", &self.version, layers);
        Ok(())
    }
}

/// The tree without a parser: the first word the root, the others its `dep`s.
fn flat_tree(n: usize) -> Vec<(u32, DepRel)> {
    (0..n)
        .map(|i| {
            if i == 0 {
                (0, DepRel::ROOT)
            } else {
                (1, DepRel::DEP)
            }
        })
        .collect()
}

/// The document index of the head of token `i` in a sentence starting at `start`, from
/// the parser's 1-based head (0: the root, which heads itself).
fn doc_head(i: usize, start: u32, head: u32) -> u32 {
    if head == 0 {
        i as u32
    } else {
        start + head - 1
    }
}

/// A sentence needs a finite verb. When the tagger found none but read a verb as a past
/// participle after its subject ("European Community foreign ministers *agreed* in
/// principle to provide…", "Swiss doctors *handed* over…"), that verb is the past tense:
/// read as a participle, the parser makes it a modifier of the subject and the whole
/// subject the root. Returns the word to read as a past tense. Short fragments (fewer
/// than eight words: titles, e-mail lines), a participle before any noun ("Attached is
/// the report") and the end of a compound adjective ("so-called") are left alone.
fn participle_to_past(words: &[&str], upos: &[Upos], xpos: &[&str]) -> Option<usize> {
    // a trailing attribution (", witnesses said.") has its own verb: the main clause
    // before it still needs one
    let end = trailing_attribution(words).unwrap_or(words.len());
    if end < 8
        || xpos[..end]
            .iter()
            .any(|x| matches!(*x, "VBD" | "VBZ" | "VBP" | "MD"))
    {
        return None;
    }
    let first_noun = upos[..end]
        .iter()
        .position(|u| matches!(u, Upos::Noun | Upos::Propn | Upos::Pron))?;
    (first_noun + 1..end)
        .find(|&i| upos[i] == Upos::Verb && xpos[i] == "VBN" && words[i - 1] != "-")
}

/// Verb forms of saying that end an attribution after a comma.
const SAID_FORMS: [&str; 12] = [
    "said",
    "says",
    "told",
    "reported",
    "reports",
    "added",
    "confirmed",
    "announced",
    "stated",
    "claimed",
    "noted",
    "quoted",
];

/// Where a short trailing attribution starts (the index of its comma): ", witnesses
/// said.", ", a U.N. spokesman said on Monday." — at most ten words after the last
/// comma, one of them a verb of saying.
fn trailing_attribution(words: &[&str]) -> Option<usize> {
    let comma = words.iter().rposition(|w| *w == ",")?;
    let tail = &words[comma + 1..];
    (tail.len() <= 10 && tail.iter().any(|w| SAID_FORMS.contains(w))).then_some(comma)
}

/// Cardinal number words from two up ("one" is also a pronoun: "no one", "the one who").
const NUMBER_WORDS: [&str; 30] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
];

/// Whether `w` is a cardinal number word, in any case: capitalised at the start of a
/// sentence the tagger reads "Three" as a name ("*Three* Palestinians were killed").
fn is_number_word(w: &str) -> bool {
    w.len() <= 9 && NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// The tag class with universal tag `upos` and Penn tag `xpos`, if the tagger has one.
fn tag_class(tagger: &Tagger, upos: Upos, xpos: &str) -> Option<u16> {
    (0..tagger.classes().len() as u16).find(|&c| tagger.upos(c) == upos && tagger.xpos(c) == xpos)
}

/// Relative pronouns and adverbs: a clause opened by one is a true relative clause.
const RELATIVE_WORDS: [&str; 7] = ["who", "which", "that", "whom", "whose", "where", "when"];

/// Noun suffixes no English verb form ends in (beyond a few frequent words).
const NOMINAL_SUFFIXES: [&str; 4] = ["tion", "ness", "ity", "ism"];

/// A rare word (seen fewer than three times in training) with a noun-only suffix that
/// the tagger read as a verb is a noun: "contributions to *reconstruction* efforts".
/// Frequent words are left to the tagger ("they *question* it"). Returns whether the
/// noun is plural, or `None` to leave the word alone.
fn rare_nominal(word: &str, vocab: &dyn Lexicon) -> Option<bool> {
    let lower = word.to_lowercase();
    if lower.len() <= 5 || vocab.frequency(&lower) >= 3 {
        return None;
    }
    let noun_only = |w: &str| NOMINAL_SUFFIXES.iter().any(|s| w.ends_with(s));
    if noun_only(&lower) {
        Some(false)
    } else if lower.ends_with("ities") || lower.strip_suffix('s').is_some_and(noun_only) {
        Some(true)
    } else {
        None
    }
}

/// A sentence whose root is a noun with no subject or copula, modified by a participle
/// that takes an object, is a misparse of a subject and its past-tense verb: "British
/// aircraft using guided missiles *killed* 4 Iraqis". Returns the participle to read as a
/// past tense (the sentence is then parsed again), when no finite verb is elsewhere.
fn transitive_modifier_of_root(
    upos: &[Upos],
    xpos: &[&str],
    arcs: &[(u32, DepRel)],
) -> Option<usize> {
    if xpos
        .iter()
        .any(|x| matches!(*x, "VBD" | "VBZ" | "VBP" | "MD"))
    {
        return None;
    }
    let root = arcs.iter().position(|&(h, _)| h == 0)?;
    if !matches!(upos[root], Upos::Noun | Upos::Propn) {
        return None;
    }
    let kids_of = |i: usize| {
        arcs.iter()
            .enumerate()
            .filter(move |(_, &(h, _))| h as usize == i + 1)
            .map(|(k, &(_, r))| (k, r.as_str()))
    };
    if kids_of(root).any(|(_, r)| matches!(r, "nsubj" | "nsubj:pass" | "cop" | "expl")) {
        return None;
    }
    // the participle may hang from the root or from a noun inside its modifiers
    // ("aircraft using guided *missiles killed* 4 Iraqis")
    (root + 1..arcs.len())
        .filter(|&k| {
            arcs[k].1.as_str() == "acl"
                && upos[k] == Upos::Verb
                && xpos[k] == "VBN"
                && arcs[k].0 > 0
                && matches!(upos[arcs[k].0 as usize - 1], Upos::Noun | Upos::Propn)
        })
        .find(|&k| kids_of(k).any(|(o, r)| o > k && r == "obj"))
}

/// Verbs of saying that end a sentence after a comma ("…, a Jordanian official
/// *confirmed*").
const TRAILING_SAYING: [&str; 10] = [
    "say", "confirm", "report", "announce", "add", "state", "tell", "claim", "write", "quote",
];

/// A finite verb (or a final verb of saying) that the parser hung from a noun after a
/// comma as the noun's modifier heads a clause of its own, with that noun as its subject:
/// "Troops shelled the town, a Jordanian official *confirmed*." becomes `parataxis` of the
/// root with `nsubj` "official". Only a verb with no subject of its own, after its noun,
/// and not introduced by a relative word, is moved.
fn reattach_trailing_clause(
    words: &[&str],
    lemmas: &[String],
    upos: &[Upos],
    xpos: &[&str],
    arcs: &mut [(u32, DepRel)],
) {
    let (Some(parataxis), Some(nsubj)) = (DepRel::parse("parataxis"), DepRel::parse("nsubj"))
    else {
        return;
    };
    let Some(root) = arcs.iter().position(|&(h, _)| h == 0) else {
        return;
    };
    let n = words.len();
    let last_word = (0..n).rev().find(|&i| upos[i] != Upos::Punct);
    for v in 0..n {
        let (h, r) = arcs[v];
        if h == 0 || !matches!(r.as_str(), "acl" | "acl:relcl") || upos[v] != Upos::Verb {
            continue;
        }
        let noun = h as usize - 1;
        if noun >= v || noun == root || !matches!(upos[noun], Upos::Noun | Upos::Propn) {
            continue;
        }
        let finite = matches!(xpos[v], "VBD" | "VBZ" | "VBP");
        let saying = xpos[v] == "VBN"
            && Some(v) == last_word
            && TRAILING_SAYING.contains(&lemmas[v].as_str());
        if !(finite || saying) {
            continue;
        }
        // the noun phrase opens after a comma: "…, a Jordanian official confirmed"
        let phrase_start = (0..noun)
            .rev()
            .take_while(|&i| arcs[i].0 as usize == noun + 1 && upos[i] != Upos::Punct)
            .last()
            .unwrap_or(noun);
        if phrase_start == 0 || words[phrase_start - 1] != "," {
            continue;
        }
        let own_subject_or_relative = arcs.iter().enumerate().any(|(k, &(kh, kr))| {
            kh as usize == v + 1
                && (kr.as_str().starts_with("nsubj")
                    || kr.as_str() == "expl"
                    || (k < v
                        && matches!(upos[k], Upos::Pron | Upos::Det | Upos::Sconj)
                        && RELATIVE_WORDS.contains(&lemmas[k].as_str())))
        });
        if own_subject_or_relative {
            continue;
        }
        arcs[v] = ((root + 1) as u32, parataxis);
        arcs[noun] = ((v + 1) as u32, nsubj);
    }
}

/// A "relative clause" that opens with `and`/`but`/`or`, has no subject and no relative
/// word, and is finite or has an auxiliary is the second verb of a coordination: "Russia
/// has supported the new system *and has made* contributions" — `made` is a conjunct of
/// `supported`, not a clause of "system". The verb is hung from the verb that governs
/// its noun, as `conj`.
/// "reports *that* Moscow armed them": a clause has one subject, so a "that" read as the
/// subject of a verb that has a subject after it and an object of its own is no
/// argument of the verb but the complementizer of its clause (`mark`), and the clause
/// is the noun's complement (`acl`), not a relative clause ("the weapons that Moscow
/// sent" keeps its relative "that": there the verb has no object).
fn complementizer_that(words: &[&str], arcs: &mut [(u32, DepRel)]) {
    let (Some(mark), Some(acl)) = (DepRel::parse("mark"), DepRel::parse("acl")) else {
        return;
    };
    let n = arcs.len().min(words.len());
    for t in 0..n {
        let (h, r) = arcs[t];
        if h == 0 || !r.as_str().starts_with("nsubj") || !words[t].eq_ignore_ascii_case("that") {
            continue;
        }
        let v = h as usize - 1;
        let kid = |k: usize, what: &dyn Fn(&str) -> bool| {
            arcs[k].0 as usize == v + 1 && what(arcs[k].1.as_str())
        };
        let own_subject = (t + 1..v.min(n)).any(|k| kid(k, &|r| r.starts_with("nsubj")));
        let object = (v + 1..n).any(|k| kid(k, &|r| r == "obj"));
        if v > t && own_subject && object {
            arcs[t].1 = mark;
            if arcs[v].1.as_str() == "acl:relcl" {
                arcs[v].1 = acl;
            }
        }
    }
}

fn coordinated_not_relative(
    lemmas: &[String],
    upos: &[Upos],
    xpos: &[&str],
    arcs: &mut [(u32, DepRel)],
) {
    let Some(conj) = DepRel::parse("conj") else {
        return;
    };
    let n = arcs.len();
    for v in 0..n {
        let (h, r) = arcs[v];
        if h == 0 || !matches!(r.as_str(), "acl:relcl" | "acl") || upos[v] != Upos::Verb {
            continue;
        }
        let noun = h as usize - 1;
        if noun >= v || !matches!(upos[noun], Upos::Noun | Upos::Propn | Upos::Pron) {
            continue;
        }
        let (gh, _) = arcs[noun];
        if gh == 0 {
            continue;
        }
        let governor = gh as usize - 1;
        if governor >= noun || upos[governor] != Upos::Verb {
            continue;
        }
        let kids: Vec<(usize, &str)> = (0..n)
            .filter(|&k| arcs[k].0 as usize == v + 1)
            .map(|k| (k, arcs[k].1.as_str()))
            .collect();
        let first = kids.iter().map(|&(k, _)| k).filter(|&k| k < v).min();
        let opens_with_cc = first.is_some_and(|f| {
            kids.iter().any(|&(k, r)| k == f && r == "cc")
                && matches!(lemmas[f].as_str(), "and" | "but" | "or")
        });
        let subject_or_relative = kids.iter().any(|&(k, r)| {
            r.starts_with("nsubj")
                || r == "expl"
                || (k < v && RELATIVE_WORDS.contains(&lemmas[k].as_str()))
        });
        let verbal = matches!(xpos[v], "VBD" | "VBZ" | "VBP")
            || kids.iter().any(|&(_, r)| matches!(r, "aux" | "aux:pass"));
        if opens_with_cc && !subject_or_relative && verbal {
            arcs[v] = ((governor + 1) as u32, conj);
        }
    }
}

/// A gerund conjunct hung from a verb of another form, after a list of gerunds under
/// that verb, closes the list: "has made contributions, including *training* forces,
/// *supplying* equipment, and *providing* aid" — `providing` is a conjunct of `training`
/// like `supplying`, not of `made`.
fn gerund_list(xpos: &[&str], arcs: &mut [(u32, DepRel)]) {
    let n = arcs.len();
    for v in 0..n {
        let (h, r) = arcs[v];
        if h == 0 || r.as_str() != "conj" || xpos[v] != "VBG" {
            continue;
        }
        let head = h as usize - 1;
        if head >= v || xpos[head] == "VBG" {
            continue;
        }
        // the last gerund before v under the same head that already has gerund conjuncts
        let list = (head + 1..v).rev().find(|&g| {
            arcs[g].0 as usize == head + 1
                && xpos[g] == "VBG"
                && arcs[g].1.as_str() != "conj"
                && (g + 1..v).any(|c| {
                    arcs[c].0 as usize == g + 1 && arcs[c].1.as_str() == "conj" && xpos[c] == "VBG"
                })
        });
        if let Some(g) = list {
            arcs[v].0 = (g + 1) as u32;
        }
    }
}

/// A sentence whose root is a noun with no subject or copula, with a finite verb of its
/// own hanging from it, is that verb's sentence with the noun as its subject: "The
/// Nigerian Union of Teachers (NUT), the umbrella union…, *announced* Thursday that…".
/// The verb becomes the root, the noun its `nsubj`, and the noun's dependents after the
/// verb move to the verb.
fn verb_of_root_noun(lemmas: &[String], upos: &[Upos], xpos: &[&str], arcs: &mut [(u32, DepRel)]) {
    let (Some(nsubj), Some(root_rel)) = (DepRel::parse("nsubj"), DepRel::parse("root")) else {
        return;
    };
    let Some(r) = arcs.iter().position(|&(h, _)| h == 0) else {
        return;
    };
    if !matches!(upos[r], Upos::Noun | Upos::Propn) {
        return;
    }
    let n = arcs.len();
    let kids = |i: usize, arcs: &[(u32, DepRel)]| -> Vec<usize> {
        (0..n).filter(|&k| arcs[k].0 as usize == i + 1).collect()
    };
    let rkids = kids(r, arcs);
    if rkids.iter().any(|&k| {
        matches!(
            arcs[k].1.as_str(),
            "nsubj" | "nsubj:pass" | "cop" | "expl" | "aux"
        )
    }) {
        return;
    }
    let Some(v) = rkids.iter().copied().find(|&k| {
        k > r
            && upos[k] == Upos::Verb
            && matches!(xpos[k], "VBD" | "VBZ" | "VBP")
            && matches!(
                arcs[k].1.as_str(),
                "conj" | "acl" | "acl:relcl" | "parataxis" | "dep" | "appos"
            )
    }) else {
        return;
    };
    let vkids = kids(v, arcs);
    if vkids.iter().any(|&k| {
        arcs[k].1.as_str().starts_with("nsubj")
            || arcs[k].1.as_str() == "cc"
            || (k < v && RELATIVE_WORDS.contains(&lemmas[k].as_str()))
    }) {
        return;
    }
    arcs[v] = (0, root_rel);
    arcs[r] = ((v + 1) as u32, nsubj);
    for k in rkids {
        if k > v {
            arcs[k].0 = (v + 1) as u32;
        }
    }
}

/// A gerund-participle read as a clausal complement of a verb that follows it, with the
/// verb's subject as its own, modifies that subject: "The Red Cross *operating* in Iraq
/// said…" — `Cross` is the subject of `said`, `operating` its `acl`. A complement clause
/// does not come before its verb without punctuation, and a gerund clause takes no
/// subject without an auxiliary.
fn participle_before_its_verb(xpos: &[&str], arcs: &mut [(u32, DepRel)]) {
    let (Some(nsubj), Some(acl)) = (DepRel::parse("nsubj"), DepRel::parse("acl")) else {
        return;
    };
    let n = arcs.len();
    for g in 0..n {
        let (h, r) = arcs[g];
        if h == 0 || xpos[g] != "VBG" || !matches!(r.as_str(), "ccomp" | "csubj") {
            continue;
        }
        let v = h as usize - 1;
        if v <= g || (g + 1..v).any(|k| matches!(xpos[k], "," | ":")) {
            continue;
        }
        let kids_of = |i: usize| -> Vec<(usize, &'static str)> {
            (0..n)
                .filter(|&k| arcs[k].0 as usize == i + 1)
                .map(|k| (k, arcs[k].1.as_str()))
                .collect()
        };
        if kids_of(v).iter().any(|(_, r)| r.starts_with("nsubj")) {
            continue;
        }
        let gkids = kids_of(g);
        if gkids
            .iter()
            .any(|(_, r)| matches!(*r, "aux" | "aux:pass" | "mark"))
        {
            continue;
        }
        let Some(subj) = gkids
            .iter()
            .find(|&&(k, r)| k < g && r == "nsubj")
            .map(|&(k, _)| k)
        else {
            continue;
        };
        arcs[subj] = ((v + 1) as u32, nsubj);
        arcs[g] = ((subj + 1) as u32, acl);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jirga_doc::{DocMeta, Sentence};

    fn toy_tagger() -> Tagger {
        let text = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tarmed\tarm\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tthem\tthey\tPRON\tPRP\t_\t2\tobj\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let sents = crate::conllu::read(text.as_bytes(), "toy").unwrap();
        let cfg = crate::tagger::TaggerConfig {
            epochs: 3,
            ..Default::default()
        };
        crate::tagger::train(&sents, &sents, "toy", &cfg, |_| {}).unwrap()
    }

    #[test]
    fn fills_columns_and_stamps() {
        let ann = Annotator::from_parts(toy_tagger(), None);
        let mut doc = Doc::new(
            DocMeta::with_id("d"),
            "Russia armed them. Russia armed them.".into(),
        );
        for (s, e, sp) in [(0, 6, true), (7, 12, true), (13, 17, false), (17, 18, true)] {
            doc.tokens
                .push(s, e, sp, doc.text[s as usize..e as usize].to_string());
        }
        for (s, e, sp) in [
            (19, 25, true),
            (26, 31, true),
            (32, 36, false),
            (36, 37, false),
        ] {
            doc.tokens
                .push(s, e, sp, doc.text[s as usize..e as usize].to_string());
        }
        doc.sentences.push(Sentence { start: 0, end: 4 });
        doc.sentences.push(Sentence { start: 4, end: 8 });
        assert!(ann.annotate(&mut doc).is_err(), "needs the tokens layer");
        doc.stamp("text", "t", Layers::TOKENS | Layers::SENTS);
        ann.annotate(&mut doc).unwrap();
        assert_eq!(doc.tokens.lemma[1], "arm");
        assert_eq!(doc.tokens.lemma[6], "they");
        assert_eq!(doc.tokens.upos[5], Upos::Verb);
        assert_eq!(doc.tokens.head[4], 4);
        assert_eq!(doc.tokens.head[5], 4);
        assert!(doc.layers.contains(Layers::UPOS | Layers::LEMMA));
        assert!(doc
            .stamps
            .iter()
            .any(|s| s.stage == "parse" && s.version.starts_with("tagger-")));
        doc.check_invariants().unwrap();
    }

    #[test]
    fn lone_participle_after_its_subject_is_a_past_tense() {
        use Upos::*;
        let words = [
            "Swiss", "doctors", "handed", "over", "medicine", "to", "Iran", ".",
        ];
        let upos = [Adj, Noun, Verb, Adp, Noun, Adp, Propn, Punct];
        let mut xpos = ["JJ", "NNS", "VBN", "RP", "NN", "IN", "NNP", "."];
        assert_eq!(participle_to_past(&words, &upos, &xpos), Some(2));
        // a finite verb elsewhere: the participle stays ("the aid handed over was…")
        xpos[3] = "VBD";
        assert_eq!(participle_to_past(&words, &upos, &xpos), None);
        // "so-called": part of a compound adjective
        let words = [
            "Russia",
            "'s",
            "so",
            "-",
            "called",
            "security",
            "interests",
            ".",
        ];
        let upos = [Propn, Part, Adv, Punct, Verb, Noun, Noun, Punct];
        let xpos = ["NNP", "POS", "RB", "HYPH", "VBN", "NN", "NNS", "."];
        assert_eq!(participle_to_past(&words, &upos, &xpos), None);
        // too short to tell
        assert_eq!(
            participle_to_past(
                &["Man", "arrested", "."],
                &[Noun, Verb, Punct],
                &["NN", "VBN", "."]
            ),
            None
        );
    }

    #[test]
    fn number_words_in_any_case() {
        assert!(is_number_word("Three"));
        assert!(is_number_word("HUNDRED"));
        assert!(!is_number_word("One"));
        assert!(!is_number_word("Threes"));
        assert!(!is_number_word("ten-year"));
    }

    #[test]
    fn rare_noun_suffix_is_no_verb() {
        let mut vocab = std::collections::HashMap::new();
        vocab.insert("question".to_string(), 40u32);
        assert_eq!(rare_nominal("reconstruction", &vocab), Some(false));
        assert_eq!(rare_nominal("Normalisations", &vocab), Some(true));
        assert_eq!(rare_nominal("hostilities", &vocab), Some(true));
        assert_eq!(rare_nominal("eagerness", &vocab), Some(false));
        // frequent words are the tagger's to read; other suffixes are no evidence
        assert_eq!(rare_nominal("question", &vocab), None);
        assert_eq!(rare_nominal("reconstructed", &vocab), None);
        assert_eq!(rare_nominal("city", &vocab), None);
    }

    fn arcs(spec: &[(u32, &str)]) -> Vec<(u32, DepRel)> {
        spec.iter()
            .map(|&(h, r)| (h, DepRel::parse(r).unwrap()))
            .collect()
    }

    #[test]
    fn transitive_participle_of_a_root_noun_is_a_past_tense() {
        use Upos::*;
        // British aircraft using missiles killed 4 Iraqis .
        let upos = [Adj, Noun, Verb, Noun, Verb, Num, Propn, Punct];
        let xpos = ["JJ", "NN", "VBG", "NNS", "VBN", "CD", "NNPS", "."];
        let tree = arcs(&[
            (2, "amod"),
            (0, "root"),
            (2, "acl"),
            (3, "obj"),
            (2, "acl"),
            (7, "nummod"),
            (5, "obj"),
            (2, "punct"),
        ]);
        assert_eq!(transitive_modifier_of_root(&upos, &xpos, &tree), Some(4));
        // no object: a reduced relative ("aircraft based in Turkey") stays
        let mut no_obj = tree.clone();
        no_obj[6] = (5, DepRel::parse("obl").unwrap());
        assert_eq!(transitive_modifier_of_root(&upos, &xpos, &no_obj), None);
        // a finite verb elsewhere: the sentence has its verb
        let mut xpos2 = xpos;
        xpos2[2] = "VBD";
        assert_eq!(transitive_modifier_of_root(&upos, &xpos2, &tree), None);
    }

    #[test]
    fn trailing_saying_clause_heads_itself() {
        use Upos::*;
        // Troops shelled the town , an official confirmed .
        let words = [
            "Troops",
            "shelled",
            "the",
            "town",
            ",",
            "an",
            "official",
            "confirmed",
            ".",
        ];
        let lemmas = strings(&[
            "troop", "shell", "the", "town", ",", "a", "official", "confirm", ".",
        ]);
        let upos = [Noun, Verb, Det, Noun, Punct, Det, Noun, Verb, Punct];
        let xpos = ["NNS", "VBD", "DT", "NN", ",", "DT", "NN", "VBD", "."];
        let mut tree = arcs(&[
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (7, "punct"),
            (7, "det"),
            (4, "appos"),
            (7, "acl:relcl"),
            (2, "punct"),
        ]);
        reattach_trailing_clause(&words, &lemmas, &upos, &xpos, &mut tree);
        assert_eq!(tree[7], (2, DepRel::parse("parataxis").unwrap()));
        assert_eq!(tree[6], (8, DepRel::parse("nsubj").unwrap()));
        // a true relative clause ("…, an official who confirmed it") stays
        let words = [
            "Troops",
            "shelled",
            "the",
            "town",
            ",",
            "an",
            "official",
            "who",
            "confirmed",
        ];
        let lemmas = strings(&[
            "troop", "shell", "the", "town", ",", "a", "official", "who", "confirm",
        ]);
        let upos = [Noun, Verb, Det, Noun, Punct, Det, Noun, Pron, Verb];
        let xpos = ["NNS", "VBD", "DT", "NN", ",", "DT", "NN", "WP", "VBD"];
        let mut tree = arcs(&[
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (7, "punct"),
            (7, "det"),
            (4, "appos"),
            (9, "nsubj"),
            (7, "acl:relcl"),
        ]);
        let before = tree.clone();
        reattach_trailing_clause(&words, &lemmas, &upos, &xpos, &mut tree);
        assert_eq!(tree, before);
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn that_before_a_clause_with_its_own_subject_and_object_is_its_complementizer() {
        // reports that Moscow has armed them .  ("that" misread as a relative subject)
        let words = ["reports", "that", "Moscow", "has", "armed", "them", "."];
        let mut a = arcs(&[
            (0, "root"),
            (5, "nsubj:pass"),
            (5, "nsubj"),
            (5, "aux"),
            (1, "acl:relcl"),
            (5, "obj"),
            (1, "punct"),
        ]);
        complementizer_that(&words, &mut a);
        assert_eq!(a[1].1.as_str(), "mark");
        assert_eq!(a[4].1.as_str(), "acl");
        // weapons that Moscow sent .  (a relative "that": the verb has no object)
        let words = ["weapons", "that", "Moscow", "sent", "."];
        let mut a = arcs(&[
            (0, "root"),
            (4, "nsubj"),
            (4, "nsubj"),
            (1, "acl:relcl"),
            (1, "punct"),
        ]);
        complementizer_that(&words, &mut a);
        assert_eq!(a[1].1.as_str(), "nsubj");
        assert_eq!(a[3].1.as_str(), "acl:relcl");
    }

    #[test]
    fn coordinated_verb_is_no_relative_clause() {
        use Upos::*;
        // Russia has supported the system and has made contributions
        let lemmas = strings(&[
            "Russia",
            "have",
            "support",
            "the",
            "system",
            "and",
            "have",
            "make",
            "contribution",
        ]);
        let upos = [Propn, Aux, Verb, Det, Noun, Cconj, Aux, Verb, Noun];
        let xpos = ["NNP", "VBZ", "VBN", "DT", "NN", "CC", "VBZ", "VBN", "NNS"];
        let mut tree = arcs(&[
            (3, "nsubj"),
            (3, "aux"),
            (0, "root"),
            (5, "det"),
            (3, "obj"),
            (8, "cc"),
            (8, "aux"),
            (5, "acl:relcl"),
            (8, "obj"),
        ]);
        coordinated_not_relative(&lemmas, &upos, &xpos, &mut tree);
        assert_eq!(tree[7], (3, DepRel::parse("conj").unwrap()));
    }

    #[test]
    fn root_noun_with_its_own_verb_is_its_subject() {
        use Upos::*;
        // The union , the umbrella body , announced strikes
        let lemmas = strings(&[
            "the", "union", ",", "the", "umbrella", "body", ",", "announce", "strike",
        ]);
        let upos = [Det, Noun, Punct, Det, Noun, Noun, Punct, Verb, Noun];
        let xpos = ["DT", "NN", ",", "DT", "NN", "NN", ",", "VBD", "NNS"];
        let mut tree = arcs(&[
            (2, "det"),
            (0, "root"),
            (6, "punct"),
            (6, "det"),
            (6, "compound"),
            (2, "appos"),
            (8, "punct"),
            (2, "conj"),
            (8, "obj"),
        ]);
        verb_of_root_noun(&lemmas, &upos, &xpos, &mut tree);
        assert_eq!(tree[7], (0, DepRel::ROOT));
        assert_eq!(tree[1], (8, DepRel::parse("nsubj").unwrap()));
    }

    #[test]
    fn gerund_before_its_verb_modifies_the_subject() {
        // The Cross operating in Iraq said
        let xpos = ["DT", "NNP", "VBG", "IN", "NNP", "VBD"];
        let mut tree = arcs(&[
            (2, "det"),
            (3, "nsubj"),
            (6, "ccomp"),
            (5, "case"),
            (3, "obl"),
            (0, "root"),
        ]);
        participle_before_its_verb(&xpos, &mut tree);
        assert_eq!(tree[1], (6, DepRel::parse("nsubj").unwrap()));
        assert_eq!(tree[2], (2, DepRel::parse("acl").unwrap()));
    }

    #[test]
    fn trailing_attribution_found() {
        let w = [
            "Kurds",
            "demonstrated",
            "in",
            "Kirkuk",
            ",",
            "witnesses",
            "said",
            ".",
        ];
        assert_eq!(trailing_attribution(&w), Some(4));
        let w = ["Kurds", "demonstrated", ",", "and", "then", "left", "."];
        assert_eq!(trailing_attribution(&w), None);
    }

    #[test]
    fn annotator_is_shareable() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<Annotator>();
    }
}
