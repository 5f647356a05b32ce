//! The compiled form of the dictionaries: phrases split into pieces, pieces interned
//! to ids, and a trie over piece-id sequences.
//!
//! Pieces are the unit of matching rather than tokens, so that a dictionary phrase
//! matches the same text however the tokenizer cut it: `al-Qaeda` is
//! `al`,`-`,`Qaeda` whether it came as one token or three, `Russia's` is
//! `Russia`,`'s`, and dotted abbreviations lose their dots (`U.S.` → `US`).

use rustc_hash::FxHashMap as HashMap;

/// Splits `s` into pieces, appending to `out`.
pub(crate) fn split_pieces(s: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .collect();
    let mut i = 0;
    let mut last_was_abbrev = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            last_was_abbrev = false;
            continue;
        }
        if c.is_alphanumeric() {
            let mut w = String::new();
            let mut dotted = false;
            while i < chars.len() {
                let c = chars[i];
                if c.is_alphanumeric() {
                    w.push(c);
                    i += 1;
                } else if c == '.'
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                    && w.chars().count() <= 2
                {
                    dotted = true;
                    i += 1;
                } else {
                    break;
                }
            }
            // A dotted abbreviation ("U.S.") swallows its final dot.
            if dotted && chars.get(i) == Some(&'.') {
                i += 1;
            }
            last_was_abbrev = dotted;
            out.push(w);
            continue;
        }
        if c == '\'' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
            let mut w = String::from('\'');
            i += 1;
            while i < chars.len() && chars[i].is_alphabetic() {
                w.push(chars[i]);
                i += 1;
            }
            out.push(w);
            last_was_abbrev = false;
            continue;
        }
        if c == '.' && last_was_abbrev {
            i += 1;
            last_was_abbrev = false;
            continue;
        }
        out.push(c.to_string());
        last_was_abbrev = false;
        i += 1;
    }
}

/// A trie over interned piece ids.
#[derive(Debug, Default)]
pub(crate) struct Trie {
    edges: HashMap<(u32, u32), u32>,
    /// Terminal entries of each node: (entry, plural).
    pub(crate) term: Vec<Vec<(u32, bool)>>,
}

impl Trie {
    pub(crate) fn new() -> Trie {
        Trie {
            edges: HashMap::default(),
            term: vec![Vec::new()],
        }
    }
    /// Inserts a piece-id sequence.
    pub(crate) fn insert(&mut self, key: &[u32], entry: u32, plural: bool) {
        let mut node = 0u32;
        for &k in key {
            node = match self.edges.get(&(node, k)) {
                Some(&n) => n,
                None => {
                    let n = self.term.len() as u32;
                    self.term.push(Vec::new());
                    self.edges.insert((node, k), n);
                    n
                }
            };
        }
        let t = &mut self.term[node as usize];
        if !t.contains(&(entry, plural)) {
            t.push((entry, plural));
        }
    }
    /// Follows one edge.
    #[inline]
    pub(crate) fn step(&self, node: u32, piece: u32) -> Option<u32> {
        self.edges.get(&(node, piece)).copied()
    }
    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.term.len()
    }
}

/// Piece interner.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.insert(s.to_string(), i);
        i
    }
    #[inline]
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        split_pieces(s, &mut v);
        v
    }

    #[test]
    fn pieces_are_stable_across_tokenizations() {
        assert_eq!(pieces("U.S."), ["US"]);
        assert_eq!(pieces("U.S"), ["US"]);
        assert_eq!(pieces("the U.S. and"), ["the", "US", "and"]);
        assert_eq!(pieces("Russia’s"), ["Russia", "'s"]);
        assert_eq!(pieces("al-Qaeda"), ["al", "-", "Qaeda"]);
        assert_eq!(pieces("Washington–Moscow"), ["Washington", "-", "Moscow"]);
        assert_eq!(pieces("Afghans'"), ["Afghans", "'"]);
        assert_eq!(pieces("end."), ["end", "."]);
    }

    #[test]
    fn trie_finds_inserted_keys() {
        let mut t = Trie::new();
        t.insert(&[1, 2], 7, false);
        let n = t.step(0, 1).unwrap();
        assert!(t.term[n as usize].is_empty());
        let m = t.step(n, 2).unwrap();
        assert_eq!(t.term[m as usize], vec![(7, false)]);
        assert!(t.step(0, 2).is_none());
    }
}
