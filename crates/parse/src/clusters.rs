//! Word clusters induced from unlabeled text, as features for the tagger and the parser
//! (Koo, Carreras & Collins 2008, "Simple semi-supervised dependency parsing").
//!
//! Clusters come from the *exchange algorithm* (Kneser & Ney 1993; Martin, Liermann &
//! Ney 1998; Clark 2003): every word of the vocabulary belongs to one of `C` classes,
//! and words are moved, one at a time, to the class that most raises the likelihood of
//! the text under a class bigram model,
//!
//! `L = Σ_{c,d} F(N(c,d)) − 2 Σ_c F(N(c))`, with `F(x) = x ln x`,
//!
//! where `N(c,d)` counts the word bigrams whose words are in classes `c` and `d`, and
//! `N(c)` the tokens in class `c`. Words that occur in the same contexts end up in the
//! same class: `Monday` with `Tuesday`, `bought` with `sold`, `Iran` with `Iraq`. Two
//! clusterings at different granularities (by default 64 and 512 classes) give the
//! features a coarse and a fine view of each word: either independent, or, with
//! [`ClusterConfig::hierarchy`], the coarse classes are the nodes at depth
//! `log2(coarse)` of a binary hierarchy over the fine ones (Koo et al.'s bit-string
//! prefixes, the fine class standing for the full path), built top down: every node
//! is split in two by the exchange algorithm on the class bigram counts.
//!
//! Words are keyed in their normalised form, lowercased with every ASCII digit as `0`
//! (see [`normalise`]); words seen fewer than [`ClusterConfig::min_count`] times get no
//! cluster. Induction is deterministic: the vocabulary is ordered by frequency then
//! spelling, the initial assignment is round-robin over that order, and the candidate
//! classes of a word are scored in parallel (rayon) but compared in a fixed order.

use nohash_hasher::IntMap;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Settings of cluster induction.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Classes of the coarse clustering.
    pub coarse: usize,
    /// Classes of the fine clustering.
    pub fine: usize,
    /// Words seen fewer times (normalised) get no cluster.
    pub min_count: u32,
    /// Passes of the exchange algorithm over the vocabulary.
    pub iterations: usize,
    /// Make the coarse classes the nodes at depth `log2(coarse)` of a binary hierarchy
    /// over the fine classes (Koo et al.'s bit-string prefixes), built top down by
    /// splitting every class in two with the exchange algorithm on the class bigram
    /// counts; `coarse` is rounded up to a power of two. Otherwise the coarse classes
    /// are a clustering of their own.
    pub hierarchy: bool,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            coarse: 64,
            fine: 512,
            min_count: 3,
            iterations: 6,
            hierarchy: false,
        }
    }
}

/// Errors of cluster maps.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// A stored map is inconsistent.
    #[error("word cluster map is inconsistent: {0}")]
    Inconsistent(String),
}

/// A word → (coarse class, fine class) map; empty when no clusters were induced.
///
/// Immutable once built, cheap to share behind an `Arc`. Lookups go by the 64-bit hash
/// of the normalised word ([`word_key`]), which the parser computes for its word atoms
/// anyway, so a lookup costs one integer-keyed hash probe.
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    /// Classes of the coarse clustering (0 when empty).
    coarse: u16,
    /// Classes of the fine clustering (0 when empty).
    fine: u16,
    /// Normalised words, sorted, with their classes (what is stored).
    words: Vec<(String, u16, u16)>,
    /// `word_key(word)` → classes.
    map: IntMap<u64, (u16, u16)>,
}

impl PartialEq for WordClusters {
    fn eq(&self, other: &Self) -> bool {
        self.coarse == other.coarse && self.fine == other.fine && self.words == other.words
    }
}

/// The stored form of a [`WordClusters`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClusterData {
    coarse: u16,
    fine: u16,
    words: Vec<(String, u16, u16)>,
}

/// Lowercases `s` and writes every ASCII digit as `0`: the form clusters are keyed by.
pub fn normalise(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Hash of a word in its normalised form ([`normalise`]), computed without allocating;
/// the parser's word atom, and the key of the cluster map.
pub(crate) fn word_key(s: &str) -> u64 {
    let mut buf = [0u8; 64];
    let mut h = 1u64;
    let mut len = 0;
    for c in s.chars() {
        for lc in c.to_lowercase() {
            let lc = if lc.is_ascii_digit() { '0' } else { lc };
            let mut tmp = [0u8; 4];
            for &byte in lc.encode_utf8(&mut tmp).as_bytes() {
                if len == buf.len() {
                    h = xxh3_64_with_seed(&buf, h);
                    len = 0;
                }
                buf[len] = byte;
                len += 1;
            }
        }
    }
    xxh3_64_with_seed(&buf[..len], h)
}

impl WordClusters {
    /// Builds a map from `(normalised word, coarse class, fine class)` triples.
    pub fn from_data(d: ClusterData) -> Result<WordClusters, ClusterError> {
        let mut words = d.words;
        if words
            .iter()
            .any(|&(_, c, f)| c >= d.coarse.max(1) || f >= d.fine.max(1))
        {
            return Err(ClusterError::Inconsistent("class out of range".into()));
        }
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        let map = words
            .iter()
            .map(|(w, c, f)| (word_key(w), (*c, *f)))
            .collect();
        Ok(WordClusters {
            coarse: d.coarse,
            fine: d.fine,
            words,
            map,
        })
    }

    /// The stored form.
    pub fn to_data(&self) -> ClusterData {
        ClusterData {
            coarse: self.coarse,
            fine: self.fine,
            words: self.words.clone(),
        }
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The clustered words (normalised, sorted) with their coarse and fine classes.
    pub fn words(&self) -> impl Iterator<Item = (&str, u16, u16)> + '_ {
        self.words.iter().map(|(w, c, f)| (w.as_str(), *c, *f))
    }

    /// Numbers of coarse and fine classes.
    pub fn sizes(&self) -> (usize, usize) {
        (self.coarse as usize, self.fine as usize)
    }

    /// The `(coarse, fine)` classes of a word (any case, digits as written).
    pub fn get(&self, word: &str) -> Option<(u16, u16)> {
        self.by_key(word_key(word))
    }

    /// The classes of the word whose [`word_key`] is `key`.
    #[inline]
    pub(crate) fn by_key(&self, key: u64) -> Option<(u16, u16)> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&key).copied()
    }

    /// Induces clusters from tokenized sentences (words in any case; they are normalised).
    /// `log` receives a line per pass.
    pub fn induce<S: AsRef<str>>(
        sentences: &[Vec<S>],
        cfg: &ClusterConfig,
        log: &(dyn Fn(&str) + Sync),
    ) -> WordClusters {
        // vocabulary: normalised words, by frequency then spelling
        let mut counts: FxHashMap<String, u32> = FxHashMap::default();
        for s in sentences {
            for w in s {
                *counts.entry(normalise(w.as_ref())).or_default() += 1;
            }
        }
        let mut vocab: Vec<(String, u32)> = counts
            .into_iter()
            .filter(|(_, n)| *n >= cfg.min_count.max(1))
            .collect();
        vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let index: FxHashMap<&str, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, (w, _))| (w.as_str(), i as u32))
            .collect();
        // bigrams of clustered words (a rare word breaks the chain)
        let mut bigrams: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut ids: Vec<Option<u32>> = Vec::new();
        for s in sentences {
            ids.clear();
            ids.extend(
                s.iter()
                    .map(|w| index.get(normalise(w.as_ref()).as_str()).copied()),
            );
            for p in ids.windows(2) {
                if let (Some(a), Some(b)) = (p[0], p[1]) {
                    *bigrams.entry((a, b)).or_default() += 1;
                }
            }
        }
        let v = vocab.len();
        let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
        let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
        for (&(a, b), &n) in &bigrams {
            right[a as usize].push((b, n));
            left[b as usize].push((a, n));
        }
        right.iter_mut().for_each(|r| r.sort_unstable());
        left.iter_mut().for_each(|r| r.sort_unstable());
        let unigram: Vec<u32> = vocab.iter().map(|(_, n)| *n).collect();
        let graph = Graph {
            right,
            left,
            unigram,
        };
        log(&format!(
            "clusters: {v} words (seen ≥ {} times), {} bigram types",
            cfg.min_count,
            bigrams.len()
        ));
        drop(bigrams);
        let (mut coarse, fine) = (cfg.coarse.clamp(1, 4096), cfg.fine.clamp(1, 4096));
        let (a, b) = if cfg.hierarchy {
            let depth = coarse.next_power_of_two().trailing_zeros();
            coarse = 1 << depth;
            let b = exchange(&graph, fine, cfg.iterations, None, log);
            let prefix = hierarchy(&graph, &b, fine, depth, cfg.iterations, log);
            let a: Vec<u32> = b.iter().map(|&f| prefix[f as usize]).collect();
            (a, b)
        } else {
            rayon::join(
                || exchange(&graph, coarse, cfg.iterations, None, log),
                || exchange(&graph, fine, cfg.iterations, None, log),
            )
        };
        let words = vocab
            .into_iter()
            .enumerate()
            .map(|(i, (w, _))| (w, a[i] as u16, b[i] as u16))
            .collect();
        WordClusters::from_data(ClusterData {
            coarse: coarse as u16,
            fine: fine as u16,
            words,
        })
        .unwrap_or_default()
    }
}

/// The bigram graph of the vocabulary.
struct Graph {
    /// Per word: `(next word, count)`.
    right: Vec<Vec<(u32, u32)>>,
    /// Per word: `(previous word, count)`.
    left: Vec<Vec<(u32, u32)>>,
    /// Per word: its count.
    unigram: Vec<u32>,
}

/// `x ln x`, from a table for small counts.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(n: usize) -> XLogX {
        XLogX(
            (0..n)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }
    #[inline]
    fn f(&self, x: u32) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// The classes at depth `depth` of a binary hierarchy over the `c` classes `class` of
/// the words of `g`, built top down: at each level every class is split in two by the
/// exchange algorithm on the class bigram counts, a class only moving between the two
/// halves of its parent. Returns each class's node at `depth` (its first `depth` bits).
fn hierarchy(
    g: &Graph,
    class: &[u32],
    c: usize,
    depth: u32,
    iterations: usize,
    log: &(dyn Fn(&str) + Sync),
) -> Vec<u32> {
    // the class bigram graph
    let mut m: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (w, r) in g.right.iter().enumerate() {
        for &(x, k) in r {
            *m.entry((class[w], class[x as usize])).or_default() += k;
        }
    }
    let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); c];
    let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); c];
    for (&(a, b), &n) in &m {
        right[a as usize].push((b, n));
        left[b as usize].push((a, n));
    }
    right.iter_mut().for_each(|r| r.sort_unstable());
    left.iter_mut().for_each(|r| r.sort_unstable());
    let mut unigram = vec![0u32; c];
    for (w, &k) in g.unigram.iter().enumerate() {
        unigram[class[w] as usize] += k;
    }
    let mut order: Vec<usize> = (0..c).collect();
    order.sort_by(|&a, &b| unigram[b].cmp(&unigram[a]).then(a.cmp(&b)));
    let cg = Graph {
        right,
        left,
        unigram,
    };
    let mut node = vec![0u32; c];
    for level in 1..=depth {
        // split each node's classes alternately by frequency, then exchange
        let mut seen = vec![0u32; 1 << (level - 1)];
        for &u in &order {
            let p = node[u] as usize;
            node[u] = 2 * node[u] + (seen[p] % 2);
            seen[p] += 1;
        }
        node = exchange(&cg, 1 << level, iterations, Some(node), log);
    }
    node
}

/// Runs the exchange algorithm with `c` classes; returns each word's class. With
/// `init`, starts from that assignment and lets a word move only between the two
/// classes `2k` and `2k + 1` that share its parent `k` (one level of a hierarchy).
fn exchange(
    g: &Graph,
    c: usize,
    iterations: usize,
    init: Option<Vec<u32>>,
    log: &(dyn Fn(&str) + Sync),
) -> Vec<u32> {
    let v = g.unigram.len();
    let split = init.is_some();
    let mut class: Vec<u32> = match init {
        Some(x) => x,
        None => (0..v).map(|i| (i % c) as u32).collect(),
    };
    // class bigram counts, row-major and transposed, and class counts
    let mut m = vec![0u32; c * c];
    let mut mt = vec![0u32; c * c];
    let mut n = vec![0u32; c];
    for (w, r) in g.right.iter().enumerate() {
        for &(x, k) in r {
            let (a, b) = (class[w] as usize, class[x as usize] as usize);
            m[a * c + b] += k;
            mt[b * c + a] += k;
        }
    }
    for (w, &k) in g.unigram.iter().enumerate() {
        n[class[w] as usize] += k;
    }
    let t = XLogX::new(1 << 20);
    let mut rr = vec![0u32; c];
    let mut ll = vec![0u32; c];
    let (mut rt, mut lt): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for it in 0..iterations {
        let mut moved = 0usize;
        for w in 0..v {
            // the word's contexts by class, without itself
            let mut s = 0u32;
            rt.clear();
            lt.clear();
            for &(x, k) in &g.right[w] {
                if x as usize == w {
                    s += k;
                    continue;
                }
                let d = class[x as usize] as usize;
                if rr[d] == 0 {
                    rt.push(d);
                }
                rr[d] += k;
            }
            for &(x, k) in &g.left[w] {
                if x as usize == w {
                    continue;
                }
                let d = class[x as usize] as usize;
                if ll[d] == 0 {
                    lt.push(d);
                }
                ll[d] += k;
            }
            rt.sort_unstable();
            lt.sort_unstable();
            let nw = g.unigram[w];
            let a = class[w] as usize;
            // take the word out of its class
            apply(
                &mut m, &mut mt, &mut n, c, a, &rr, &ll, &rt, &lt, s, nw, false,
            );
            let gain = |b: usize| -> f64 {
                let mut x = 0.0;
                let row = &m[b * c..(b + 1) * c];
                for &d in &rt {
                    if d != b {
                        x += t.f(row[d] + rr[d]) - t.f(row[d]);
                    }
                }
                let col = &mt[b * c..(b + 1) * c];
                for &d in &lt {
                    if d != b {
                        x += t.f(col[d] + ll[d]) - t.f(col[d]);
                    }
                }
                let bb = row[b];
                x += t.f(bb + rr[b] + ll[b] + s) - t.f(bb);
                x - 2.0 * (t.f(n[b] + nw) - t.f(n[b]))
            };
            let work = (rt.len() + lt.len() + 1) * c;
            let gains: Vec<f64> = if split {
                let base = a & !1;
                (0..c)
                    .map(|b| {
                        if b & !1 == base {
                            gain(b)
                        } else {
                            f64::NEG_INFINITY
                        }
                    })
                    .collect()
            } else if work > 50_000 {
                (0..c).into_par_iter().map(gain).collect()
            } else {
                (0..c).map(gain).collect()
            };
            let mut best = a;
            for (b, &x) in gains.iter().enumerate() {
                if x > gains[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
            }
            class[w] = best as u32;
            apply(
                &mut m, &mut mt, &mut n, c, best, &rr, &ll, &rt, &lt, s, nw, true,
            );
            for &d in &rt {
                rr[d] = 0;
            }
            for &d in &lt {
                ll[d] = 0;
            }
        }
        log(&format!(
            "clusters ({c} classes): pass {}/{iterations}, {moved} words moved",
            it + 1
        ));
        if moved == 0 {
            break;
        }
    }
    class
}

/// Adds (or removes) word counts to class `b`: its contexts by class `rr`/`ll` (touched
/// classes `rt`/`lt`), its self-bigrams `s` and its count `nw`.
#[allow(clippy::too_many_arguments)]
fn apply(
    m: &mut [u32],
    mt: &mut [u32],
    n: &mut [u32],
    c: usize,
    b: usize,
    rr: &[u32],
    ll: &[u32],
    rt: &[usize],
    lt: &[usize],
    s: u32,
    nw: u32,
    add: bool,
) {
    let op = |x: &mut u32, k: u32| {
        if add {
            *x += k
        } else {
            *x -= k
        }
    };
    for &d in rt {
        if d != b {
            op(&mut m[b * c + d], rr[d]);
            op(&mut mt[d * c + b], rr[d]);
        }
    }
    for &d in lt {
        if d != b {
            op(&mut m[d * c + b], ll[d]);
            op(&mut mt[b * c + d], ll[d]);
        }
    }
    let diag = rr[b] + ll[b] + s;
    op(&mut m[b * c + b], diag);
    op(&mut mt[b * c + b], diag);
    op(&mut n[b], nw);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for (i, (a, b)) in [("the", "cat"), ("a", "dog"), ("the", "dog"), ("a", "cat")]
            .iter()
            .cycle()
            .take(40)
            .enumerate()
        {
            let v = if i % 2 == 0 { "sleeps" } else { "runs" };
            out.push(
                [*a, *b, v, "."]
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
            );
        }
        out
    }

    #[test]
    fn induces_deterministic_sensible_clusters() {
        let cfg = ClusterConfig {
            coarse: 3,
            fine: 4,
            min_count: 2,
            iterations: 10,
            hierarchy: false,
        };
        let a = WordClusters::induce(&toy(), &cfg, &|_| {});
        let b = WordClusters::induce(&toy(), &cfg, &|_| {});
        assert_eq!(a, b);
        assert_eq!(a.len(), 7);
        let f = |w: &str| a.get(w).unwrap().1;
        assert_eq!(f("cat"), f("dog"));
        assert_eq!(f("The"), f("a"));
        assert_ne!(f("the"), f("cat"));
        assert_eq!(a.get("zebra"), None);
    }

    #[test]
    fn hierarchical_coarse_classes_are_prefixes_of_the_fine() {
        let cfg = ClusterConfig {
            coarse: 3,
            fine: 4,
            min_count: 2,
            iterations: 10,
            hierarchy: true,
        };
        let a = WordClusters::induce(&toy(), &cfg, &|_| {});
        assert_eq!(a, WordClusters::induce(&toy(), &cfg, &|_| {}));
        assert_eq!(a.sizes(), (4, 4));
        let mut node = std::collections::HashMap::new();
        for (_, c, f) in a.words() {
            assert_eq!(*node.entry(f).or_insert(c), c);
        }
        let f = |w: &str| a.get(w).unwrap().1;
        assert_eq!(f("cat"), f("dog"));
        assert_ne!(f("the"), f("cat"));
    }

    #[test]
    fn normalises_and_round_trips() {
        assert_eq!(normalise("Feb-1987"), "feb-0000");
        assert_eq!(word_key("Feb-1987"), word_key("feb-0000"));
        let cfg = ClusterConfig {
            coarse: 2,
            fine: 3,
            min_count: 1,
            iterations: 2,
            hierarchy: false,
        };
        let a = WordClusters::induce(&toy(), &cfg, &|_| {});
        let back = WordClusters::from_data(a.to_data()).unwrap();
        assert_eq!(a, back);
        assert_eq!(back.get("CAT"), a.get("cat"));
        let bad = ClusterData {
            coarse: 2,
            fine: 2,
            words: vec![("x".into(), 5, 0)],
        };
        assert!(WordClusters::from_data(bad).is_err());
    }
}
