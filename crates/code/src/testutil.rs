//! Hand-built documents for tests: tokens, lemmas, tags, a dependency tree and mentions
//! set by hand, so that a parser change does not move the coder's tests.

use jirga_doc::{ActorMention, DepRel, Doc, DocMeta, Layers, Sentence, Upos};

/// Builds a one-sentence document from space-separated columns. `heads` are 1-based
/// (0 is the root, which points to itself); mentions are `(first, end, code)` token ranges
/// headed by their last token.
pub fn build(
    words: &str,
    lemmas: &str,
    upos: &str,
    heads: &str,
    deprels: &str,
    mentions: &[(u32, u32, &str)],
) -> Doc {
    let words: Vec<&str> = words.split(' ').collect();
    let mut text = String::new();
    let mut offsets = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        offsets.push((text.len() as u32, (text.len() + w.len()) as u32));
        text.push_str(w);
    }
    let mut doc = Doc::new(DocMeta::with_id("test"), text);
    for (i, (s, e)) in offsets.iter().enumerate() {
        doc.tokens.push(*s, *e, i + 1 < words.len(), words[i]);
    }
    let n = words.len();
    doc.sentences.push(Sentence {
        start: 0,
        end: n as u32,
    });
    doc.tokens.reset_parse_columns();
    let cols = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
    let (l, u, h, d) = (cols(lemmas), cols(upos), cols(heads), cols(deprels));
    assert!(
        l.len() == n && u.len() == n && h.len() == n && d.len() == n,
        "column lengths differ"
    );
    for i in 0..n {
        doc.tokens.lemma[i] = l[i].clone();
        doc.tokens.upos[i] = Upos::parse(&u[i]).expect("known UPOS in test");
        let head: u32 = h[i].parse().expect("numeric head in test");
        doc.tokens.head[i] = if head == 0 { i as u32 } else { head - 1 };
        doc.tokens.deprel[i] = DepRel::parse(&d[i]).expect("known deprel in test");
    }
    for &(s, e, code) in mentions {
        doc.mentions.push(ActorMention {
            start: s,
            end: e,
            head: e - 1,
            code: code.to_string(),
            country: Some(code.chars().take(3).collect()),
            entries: vec![format!("test:{code}")],
            ..Default::default()
        });
    }
    doc.stamp(
        "test",
        "hand-built",
        Layers::TOKENS
            | Layers::SENTS
            | Layers::LEMMA
            | Layers::UPOS
            | Layers::DEPS
            | Layers::ACTORS,
    );
    doc.check_invariants()
        .expect("hand-built doc is consistent");
    doc
}

/// The CAMEO codes of the events `coder` finds in a hand-built sentence, in order, left
/// out the negated ones; `cols` are the columns of [`build`]: words, lemmas, UPOS, heads
/// and relations.
pub fn cameos_of(
    coder: &crate::Coder,
    cols: [&str; 5],
    mentions: &[(u32, u32, &str)],
) -> Vec<String> {
    let [words, lemmas, upos, heads, deprels] = cols;
    let mut doc = build(words, lemmas, upos, heads, deprels, mentions);
    coder.code(&mut doc).expect("a hand-built doc codes");
    doc.events
        .iter()
        .filter(|e| !e.negated)
        .map(|e| e.cameo.clone())
        .collect()
}
