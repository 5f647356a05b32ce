//! Splitting words a bad crawl ran together ("andthe", "reportedlycontacts").

use crate::tables::{is_function_word, COMPOUND_WORDS};
use jirga_doc::Lexicon;

/// Frequency given to built-in function words, so they count as well known whatever
/// the scale of the lexicon.
const BUILTIN_FREQ: u64 = 1_000_000;

/// Shortest and longest run-together token the splitter looks at (bytes).
const MIN_LEN: usize = 4;
const MAX_LEN: usize = 40;

/// Settings of the splitter (copied from the tokenizer configuration).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunOnRules {
    /// A part must be seen at least this often in the lexicon (or be a function word).
    pub min_part_freq: u32,
    /// The whole token must be seen at most this often to be split.
    pub max_whole_freq: u32,
}

fn builtin(word: &str) -> bool {
    is_function_word(word)
}

/// Longest built-in function word, in bytes.
const MAX_FUNCTION_WORD: usize = 7;

fn part_freq(lex: Option<&dyn Lexicon>, part: &str) -> u64 {
    if builtin(part) {
        return BUILTIN_FREQ;
    }
    lex.map_or(0, |l| u64::from(l.frequency(part)))
}

/// Function words that glue onto a neighbour in bad crawls ("theconflict",
/// "talksand") but never form English compounds or take affixes.
const JOINERS: &[&str] = &[
    "the", "and", "that", "which", "said", "says", "would", "could", "should", "were", "their",
    "this", "from", "been", "have",
];

/// Elements that form English compounds ("peacekeeping", "underwritten",
/// "marketplace"); a content-word split never produces them, since the compound is
/// more likely than a lost space.
const COMPOUND_ELEMENTS: &[&str] = &[
    "under", "over", "place", "forward", "still", "super", "house", "water", "board", "stand",
    "break", "light", "power", "stock", "holder", "holders", "keeping", "making", "maker",
    "makers", "taking", "counter", "making", "front", "field", "ground", "where", "point", "wards",
    "worthy", "minded", "based", "owned", "backed", "wide", "ships", "writer", "written", "table",
    "inter", "cross", "trans", "multi", "anti", "shore", "craft", "paper", "ability", "fully",
    "mental", "holding", "holdings", "holds", "active", "activity", "worker", "workers", "working",
    "woman", "women", "stone", "piece", "wealth", "weight", "watch", "share", "shares", "radio",
    "short", "photo", "north", "south", "western", "eastern", "northern", "southern", "green",
    "black", "round", "blood", "school", "trade", "sales", "market", "markets", "guard", "force",
    "driver", "phones", "owners", "stream",
];

/// Whether a lost space between `a` and `b` is a likelier story than one word: two
/// function words ("andthe"); a joiner and a word of four letters or more
/// ("theconflict"); or two content words of five letters or more, neither a common
/// compound element ("reportedlycontacts", not "peacemaking").
fn plausible_junction(a: &str, b: &str, a_builtin: bool, b_builtin: bool) -> bool {
    if a_builtin && b_builtin {
        return true;
    }
    if (JOINERS.contains(&a) && b.len() >= 4) || (JOINERS.contains(&b) && a.len() >= 4) {
        return true;
    }
    a.len() >= 5
        && b.len() >= 5
        && !a_builtin
        && !b_builtin
        && !COMPOUND_ELEMENTS.contains(&a)
        && !COMPOUND_ELEMENTS.contains(&b)
}

/// Where to split `word` (ASCII lower-case letters only), if it is two run-together
/// words: the byte index of the second part. Without a lexicon only pairs of
/// built-in function words are split; with one, two parts each seen at least
/// `min_part_freq` times, the whole not more than `max_whole_freq` times, at a
/// plausible junction (see `plausible_junction`), choosing the split with the largest
/// product of frequencies.
pub(crate) fn split_point(
    word: &str,
    lex: Option<&dyn Lexicon>,
    rules: RunOnRules,
) -> Option<usize> {
    let n = word.len();
    if !(MIN_LEN..=MAX_LEN).contains(&n) || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if lex.is_none() && n > 2 * MAX_FUNCTION_WORD {
        return None;
    }
    if builtin(word) {
        return None;
    }
    if let Some(l) = lex {
        if l.frequency(word) > rules.max_whole_freq {
            return None;
        }
    }
    let min = u64::from(rules.min_part_freq.max(1));
    let mut best: Option<(u64, usize)> = None;
    let last = if lex.is_none() {
        MAX_FUNCTION_WORD.min(n - 1)
    } else {
        n - 1
    };
    for k in 1..=last {
        let (a, b) = (&word[..k], &word[k..]);
        let ok_len = |p: &str| p.len() >= 2 || p == "a";
        if !ok_len(a) || !ok_len(b) {
            continue;
        }
        let fa = part_freq(lex, a);
        if fa < min {
            continue;
        }
        let fb = part_freq(lex, b);
        if fb < min {
            continue;
        }
        if !plausible_junction(a, b, fa >= BUILTIN_FREQ, fb >= BUILTIN_FREQ) {
            continue;
        }
        let score = fa.saturating_mul(fb);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, k));
        }
    }
    let k = best?.1;
    (!COMPOUND_WORDS.contains(&word)).then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const RULES: RunOnRules = RunOnRules {
        min_part_freq: 3,
        max_whole_freq: 0,
    };

    fn lex(words: &[(&str, u32)]) -> HashMap<String, u32> {
        words.iter().map(|(w, f)| (w.to_string(), *f)).collect()
    }

    #[test]
    fn function_words_split_without_lexicon() {
        assert_eq!(split_point("andthe", None, RULES), Some(3));
        assert_eq!(split_point("ofthe", None, RULES), Some(2));
        assert_eq!(split_point("into", None, RULES), None);
        assert_eq!(split_point("however", None, RULES), None);
        assert_eq!(split_point("reportedlycontacts", None, RULES), None);
        assert_eq!(split_point("carpet", None, RULES), None);
    }

    #[test]
    fn lexicon_splits_content_words() {
        let l = lex(&[
            ("reportedly", 10),
            ("contacts", 8),
            ("report", 40),
            ("edly", 0),
        ]);
        assert_eq!(split_point("reportedlycontacts", Some(&l), RULES), Some(10));
    }

    #[test]
    fn known_or_rare_parts_stay_whole() {
        let l = lex(&[
            ("carpet", 1),
            ("car", 99),
            ("pet", 33),
            ("zorb", 1),
            ("ing", 1),
        ]);
        assert_eq!(split_point("carpet", Some(&l), RULES), None, "known word");
        assert_eq!(split_point("zorbing", Some(&l), RULES), None, "rare parts");
        assert_eq!(split_point("Andthe", Some(&l), RULES), None, "capitalised");
        let l = lex(&[
            ("peace", 50),
            ("making", 40),
            ("under", 90),
            ("written", 30),
            ("in", 9),
            ("direct", 20),
        ]);
        assert_eq!(
            split_point("peacemaking", Some(&l), RULES),
            None,
            "compound"
        );
        assert_eq!(
            split_point("underwritten", Some(&l), RULES),
            None,
            "compound"
        );
        assert_eq!(split_point("indirect", Some(&l), RULES), None, "prefix");
        let l = lex(&[("conflict", 20), ("talks", 30)]);
        assert_eq!(
            split_point("theconflict", Some(&l), RULES),
            Some(3),
            "joiner"
        );
        assert_eq!(split_point("talksand", Some(&l), RULES), Some(5), "joiner");
    }
}
