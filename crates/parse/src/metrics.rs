//! Accuracy metrics for tagging, lemmas and parsing, and span F1 for segmentation.
//!
//! Word-level scores follow the CoNLL 2018 shared task on gold tokens: every word
//! counts, punctuation included; LAS compares the universal part of the relation only
//! (`nsubj:pass` matches `nsubj`), as that task did; [`ParseScores::las_full`] keeps
//! subtypes. Percentages are 0–100.

use crate::conllu::ConlluSentence;
use std::collections::BTreeMap;

/// Metric name: UPOS accuracy.
pub const UPOS: &str = "upos";
/// Metric name: XPOS accuracy.
pub const XPOS: &str = "xpos";
/// Metric name: lemma accuracy.
pub const LEMMA: &str = "lemma";
/// Metric name: unlabeled attachment score.
pub const UAS: &str = "uas";
/// Metric name: labeled attachment score (universal relation).
pub const LAS: &str = "las";
/// Metric name: labeled attachment score with relation subtypes.
pub const LAS_FULL: &str = "las_full";
/// Metric name: sentence-boundary F1 on raw text.
pub const SENTENCE_F1: &str = "sentence_f1";
/// Metric name: token F1 on raw text.
pub const TOKEN_F1: &str = "token_f1";
/// Metric name: throughput.
pub const TOKENS_PER_S: &str = "tokens_per_s";

/// Errors comparing predictions with gold data.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    /// Gold and predicted sentences have different numbers of words.
    #[error("sentence {index} ({id}): gold has {gold} words, prediction {pred}")]
    Length {
        /// 0-based sentence index.
        index: usize,
        /// Sentence id, if any.
        id: String,
        /// Gold word count.
        gold: usize,
        /// Predicted word count.
        pred: usize,
    },
}

/// Counts of correct words per metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseScores {
    /// Words compared.
    pub words: usize,
    /// Correct UPOS.
    pub upos: usize,
    /// Correct XPOS.
    pub xpos: usize,
    /// Correct lemma.
    pub lemma: usize,
    /// Correct head.
    pub uas: usize,
    /// Correct head and universal relation.
    pub las: usize,
    /// Correct head and full relation.
    pub las_full: usize,
}

fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

impl ParseScores {
    /// Adds one sentence pair (same words, gold tokenization).
    pub fn add(
        &mut self,
        index: usize,
        gold: &ConlluSentence,
        pred: &ConlluSentence,
    ) -> Result<(), MetricsError> {
        if gold.words.len() != pred.words.len() {
            return Err(MetricsError::Length {
                index,
                id: gold.sent_id.clone().unwrap_or_default(),
                gold: gold.words.len(),
                pred: pred.words.len(),
            });
        }
        for (g, p) in gold.words.iter().zip(&pred.words) {
            self.words += 1;
            self.upos += (g.upos == p.upos) as usize;
            self.xpos += (g.xpos == p.xpos) as usize;
            self.lemma += (g.lemma == p.lemma) as usize;
            if g.head == p.head {
                self.uas += 1;
                self.las += (base(&g.deprel) == base(&p.deprel)) as usize;
                self.las_full += (g.deprel == p.deprel) as usize;
            }
        }
        Ok(())
    }

    /// Scores of many sentence pairs.
    pub fn of(
        gold: &[ConlluSentence],
        pred: &[ConlluSentence],
    ) -> Result<ParseScores, MetricsError> {
        let mut s = ParseScores::default();
        if gold.len() != pred.len() {
            return Err(MetricsError::Length {
                index: gold.len().min(pred.len()),
                id: "(sentence count)".into(),
                gold: gold.len(),
                pred: pred.len(),
            });
        }
        for (i, (g, p)) in gold.iter().zip(pred).enumerate() {
            s.add(i, g, p)?;
        }
        Ok(s)
    }

    /// Percentages keyed by metric name ([`UPOS`], [`XPOS`], [`LEMMA`], [`UAS`], [`LAS`], [`LAS_FULL`]).
    pub fn percentages(&self) -> BTreeMap<&'static str, f64> {
        let pct = |k: usize| {
            if self.words == 0 {
                0.0
            } else {
                100.0 * k as f64 / self.words as f64
            }
        };
        BTreeMap::from([
            (UPOS, pct(self.upos)),
            (XPOS, pct(self.xpos)),
            (LEMMA, pct(self.lemma)),
            (UAS, pct(self.uas)),
            (LAS, pct(self.las)),
            (LAS_FULL, pct(self.las_full)),
        ])
    }
}

/// Precision, recall and F1 (percent) of predicted spans against gold spans, matched
/// exactly (same start and end). Spans may come in any order; duplicates count once.
pub fn span_f1(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> (f64, f64, f64) {
    let g: std::collections::HashSet<&(usize, usize)> = gold.iter().collect();
    let p: std::collections::HashSet<&(usize, usize)> = pred.iter().collect();
    let hit = p.iter().filter(|s| g.contains(*s)).count() as f64;
    let prec = if p.is_empty() {
        0.0
    } else {
        100.0 * hit / p.len() as f64
    };
    let rec = if g.is_empty() {
        0.0
    } else {
        100.0 * hit / g.len() as f64
    };
    let f = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n3\there\there\tADV\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    const PRED: &str = "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj:pass\t_\t_\n2\tmet\tmet\tVERB\tVBN\t_\t0\troot\t_\t_\n3\there\there\tADV\tRB\t_\t1\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn counts_each_metric_with_punctuation() {
        let g = crate::conllu::read(GOLD.as_bytes(), "g").unwrap();
        let p = crate::conllu::read(PRED.as_bytes(), "p").unwrap();
        let s = ParseScores::of(&g, &p).unwrap();
        assert_eq!(s.words, 4);
        let pc = s.percentages();
        assert_eq!(pc[UPOS], 100.0);
        assert_eq!(pc[XPOS], 75.0);
        assert_eq!(pc[LEMMA], 75.0);
        assert_eq!(pc[UAS], 75.0);
        assert_eq!(pc[LAS], 75.0); // nsubj:pass counts as nsubj
        assert_eq!(pc[LAS_FULL], 50.0);
    }

    #[test]
    fn length_mismatch_is_an_error() {
        let g = crate::conllu::read(GOLD.as_bytes(), "g").unwrap();
        let mut p = g.clone();
        p[0].words.pop();
        let err = ParseScores::of(&g, &p).unwrap_err();
        assert!(
            err.to_string().contains("gold has 4 words, prediction 3"),
            "{err}"
        );
    }

    #[test]
    fn span_f1_matches_exact_spans() {
        let (p, r, f) = span_f1(&[(0, 3), (4, 8), (9, 10)], &[(0, 3), (4, 10)]);
        assert_eq!(p, 50.0);
        assert!((r - 100.0 / 3.0).abs() < 1e-9);
        assert!((f - 40.0).abs() < 1e-9);
        assert_eq!(span_f1(&[], &[]), (0.0, 0.0, 0.0));
    }
}
