//! Measuring tokenization against a treebank: span F1, and raw text with gold spans
//! rebuilt from CoNLL-U sentences.

/// One gold sentence: its `# text`, its word forms (syntactic words, so "don't" is
/// "do" "n't"), and whether a new paragraph or document starts with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldSentence {
    /// The sentence text (`# text = ...`).
    pub text: String,
    /// Word forms in order.
    pub forms: Vec<String>,
    /// A new paragraph or document starts here.
    pub new_par: bool,
}

/// Raw text rebuilt from gold sentences, with gold spans.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldDoc {
    /// Sentences joined by a space, paragraphs by a line break.
    pub text: String,
    /// Byte span of each gold word that could be found in the text.
    pub tokens: Vec<(usize, usize)>,
    /// Byte span of each sentence.
    pub sentences: Vec<(usize, usize)>,
    /// Words whose form could not be matched to the text (left out of `tokens`).
    pub unaligned: usize,
}

/// Precision, recall and F1 of predicted spans against gold spans (exact matches;
/// both lists sorted by start, as tokens and sentences are). Two empty lists score 1.
pub fn align_f1(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> (f64, f64, f64) {
    if gold.is_empty() && pred.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let (mut i, mut j, mut hit) = (0, 0, 0usize);
    while i < gold.len() && j < pred.len() {
        match gold[i].cmp(&pred[j]) {
            std::cmp::Ordering::Equal => {
                hit += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let p = if pred.is_empty() {
        0.0
    } else {
        hit as f64 / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        hit as f64 / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Rebuilds raw text from gold sentences (joined by a space within a paragraph, by a
/// line break before a new paragraph or document) and finds each word form in it,
/// skipping white space. A form that does not match where expected is counted in
/// [`GoldDoc::unaligned`] and the rest of that sentence is skipped.
pub fn gold_from_sentences(sents: &[GoldSentence]) -> GoldDoc {
    let mut doc = GoldDoc::default();
    for (k, s) in sents.iter().enumerate() {
        if k > 0 {
            doc.text.push(if s.new_par { '\n' } else { ' ' });
        }
        let base = doc.text.len();
        doc.text.push_str(&s.text);
        doc.sentences.push((base, doc.text.len()));
        let t = &s.text;
        let mut pos = 0;
        for (w, form) in s.forms.iter().enumerate() {
            while let Some(c) = t[pos..].chars().next() {
                if c.is_whitespace() {
                    pos += c.len_utf8();
                } else {
                    break;
                }
            }
            if !form.is_empty() && t[pos..].starts_with(form.as_str()) {
                doc.tokens.push((base + pos, base + pos + form.len()));
                pos += form.len();
            } else {
                doc.unaligned += s.forms.len() - w;
                break;
            }
        }
    }
    doc
}

/// Reads the sentences of a CoNLL-U text: `# text`, `# newpar`/`# newdoc`, and the
/// forms of the syntactic words (multi-word token ranges and empty nodes skipped).
/// A minimal reader for evaluation, not a full CoNLL-U parser.
pub fn read_conllu_sentences(src: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut started = false;
    for line in src.lines() {
        if line.trim().is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        started = true;
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newpar") || c.starts_with("newdoc") {
                cur.new_par = true;
            } else if let Some(t) = c.strip_prefix("text =") {
                cur.text = t.trim().to_string();
            }
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.bytes().all(|b| b.is_ascii_digit()) {
            cur.forms.push(form.to_string());
        }
    }
    if started {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_counts_exact_spans() {
        let gold = [(0, 3), (4, 7), (7, 8)];
        let pred = [(0, 3), (4, 8)];
        let (p, r, f) = align_f1(&gold, &pred);
        assert!((p - 0.5).abs() < 1e-9);
        assert!((r - 1.0 / 3.0).abs() < 1e-9);
        assert!((f - 0.4).abs() < 1e-9);
        assert_eq!(align_f1(&[], &[]), (1.0, 1.0, 1.0));
        assert_eq!(align_f1(&gold, &[]).2, 0.0);
    }

    #[test]
    fn gold_spans_follow_forms() {
        let src = "# newdoc id = d\n# text = I don't know.\n1-2\tdon't\t_\n1\tI\n2\tdo\n3\tn't\n4\tknow\n5\t.\n\n\
                   # text = Fine.\n1\tFine\n2\t.\n\n";
        let sents = read_conllu_sentences(src);
        assert_eq!(sents.len(), 2);
        assert_eq!(sents[0].forms, ["I", "do", "n't", "know", "."]);
        assert!(sents[0].new_par && !sents[1].new_par);
        let g = gold_from_sentences(&sents);
        assert_eq!(g.text, "I don't know. Fine.");
        let words: Vec<&str> = g.tokens.iter().map(|&(a, b)| &g.text[a..b]).collect();
        assert_eq!(words, ["I", "do", "n't", "know", ".", "Fine", "."]);
        assert_eq!(g.sentences, [(0, 13), (14, 19)]);
        assert_eq!(g.unaligned, 0);
    }
}
