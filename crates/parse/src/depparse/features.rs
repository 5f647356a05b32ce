//! Feature extraction: Zhang & Nivre (2011) rich non-local features adapted to the
//! arc-hybrid system (the buffer front `b0` plays the role of their `N0`).
//!
//! Each token gets eight atom hashes once per sentence (normalised word form, lemma,
//! XPOS, UPOS, the word's coarse and fine cluster, see [`crate::clusters`], its
//! coarse cluster without the last two bits: a 4-bit prefix of a 6-bit hierarchical
//! one, and its supertag, see [`crate::supertag`]); a feature is a template id mixed
//! with up to three atoms into a `u64`, so the hot loop allocates nothing and never
//! touches a string.

use super::system::{State, NONE};
use crate::clusters::{word_key, WordClusters};
use jirga_doc::Upos;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Version of the feature set; stored in the model and checked on load. The supertag
/// templates fire only for a parser with a supertagger.
///
/// Set 5 is set 4 without 40 of its templates over several tokens (marked
/// `retired` in [`emit`]). Each was chosen by leaving it out of set 4's trained parser
/// at parse time, one at a time, on EWT dev: the 40 whose absence cost the least LAS
/// (the largest loss was 0.016 point; most gained a little). Retrained without them, the
/// parser scored the same on dev (the mix of three: UAS 85.95, LAS 82.26, against 85.97
/// and 82.26) and parses with 40 fewer lookups a transition.
///
/// Set 6 is set 5 without 11 word-keyed label templates and 7 one-token move templates
/// (s0's word with its tag, b0's word and coarse cluster, b2's word with its tag, and
/// the word, tag and cluster of s1's rightmost child, whose slot is gone), found the
/// same way on set 5's parser; its supertagger is of the tagger's supertag feature set
/// ([`crate::tagger::SUPERTAG_FEATURE_SET`]). Retrained, the mix of three scored better
/// on EWT dev and test (test UAS/LAS 86.43/83.19 against 86.34/83.07) with 18 fewer
/// lookups an arc and about 10 fewer a token in the supertagger.
///
/// Set 7 is set 6 without 5 more move templates (s0's word with its left valency and
/// with its left children's label set, s1's word with s0's tag, s1's fine cluster with
/// s0's tag, the two fine clusters of s0 and b0) and 6 more label templates (the
/// dependent's and the head's word with tag, the dependent's tag with the next word's
/// tag and with its valencies, its word with its leftmost child's, its fine cluster),
/// each of which raised EWT dev LAS when left out of set 6's parser at parse time.
/// Retrained: EWT test UAS/LAS 86.39/83.07, dev 85.86/82.63 (set 6: 86.43/83.19 and
/// 86.01/82.67), events dev F1 0.630 (set 6: 0.619); 3.5 % fewer instructions and 3.8 %
/// fewer L1 data misses in the annotation (callgrind, 300 Reuters stories). Retrained
/// again once the taggers tag with `i16` rows (the committed models): test 86.30/83.06,
/// dev 85.77/82.49, events dev F1 0.612.
pub(crate) const FEATURE_SET: u32 = 7;

const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// Atom for an absent token.
const A_NONE: u64 = 0x51_7CC1_B727_220A;
/// Atom seeds per kind, and ROOT's atoms.
const SEED_L: u64 = 2;
const SEED_P: u64 = 3;
const SEED_U: u64 = 4;
const SEED_C: u64 = 5;
const SEED_F: u64 = 6;
const SEED_Q: u64 = 7;
const SEED_S: u64 = 8;
/// Cluster atom of a word without a cluster (rare or unseen in the unlabeled text).
const A_NOCLUSTER: u64 = 0x3C6E_F372_FE94_F82B;
const A_ROOT: u64 = 0x2545_F491_4F6C_DD1D;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(K).rotate_left(31)
}

#[inline]
fn fin(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Per-token atoms of one sentence; index 0 is ROOT, words are `1..=n`, and one more
/// entry after them holds the atoms of an absent token, so that a lookup is one load.
#[derive(Debug, Default)]
pub(crate) struct Atoms {
    toks: Vec<Tok>,
    /// Whether each token is tagged a nominal (noun, proper noun, pronoun, number): the
    /// words whose relation tells whether a preposition marks them (see `forbidden_labels`).
    pub(crate) nominal: Vec<bool>,
    /// Whether the sentence came with supertags: the supertag templates fire only then,
    /// so a parser without a supertagger has none of their features.
    supertagged: bool,
}

/// The atoms of an absent token.
const TOK_NONE: Tok = Tok {
    w: A_NONE,
    l: A_NONE,
    p: A_NONE,
    u: A_NONE,
    c: A_NONE,
    f: A_NONE,
    q: A_NONE,
    s: A_NONE,
};

/// ROOT's atoms.
const TOK_ROOT: Tok = Tok {
    w: A_ROOT,
    l: A_ROOT,
    p: A_ROOT,
    u: A_ROOT,
    c: A_ROOT,
    f: A_ROOT,
    q: A_ROOT,
    s: A_ROOT,
};

impl Atoms {
    /// Builds atoms for a sentence (missing lemmas/tags count as empty).
    pub(crate) fn new(
        words: &[&str],
        lemmas: &[&str],
        upos: &[u8],
        xpos: &[&str],
        sup: &[&str],
        clusters: &WordClusters,
    ) -> Atoms {
        let n = words.len();
        let mut a = Atoms {
            toks: Vec::with_capacity(n + 2),
            nominal: Vec::with_capacity(n + 1),
            supertagged: !sup.is_empty(),
        };
        a.nominal.push(false);
        a.toks.push(TOK_ROOT);
        for (i, w) in words.iter().enumerate() {
            let key = word_key(w);
            let (c, f, q) = match clusters.by_key(key) {
                Some((c, f)) => (
                    mix(SEED_C, c as u64 + 1),
                    mix(SEED_F, f as u64 + 1),
                    mix(SEED_Q, (c >> 2) as u64 + 1),
                ),
                None => (A_NOCLUSTER, A_NOCLUSTER, A_NOCLUSTER),
            };
            let lemma = lemmas.get(i).copied().unwrap_or("");
            let x = xpos.get(i).copied().unwrap_or("");
            let u = upos.get(i).copied().unwrap_or(u8::MAX);
            let tag = Upos::from_index(u as usize);
            a.nominal.push(tag.is_nominal() || tag == Upos::Num);
            let st = sup.get(i).copied().unwrap_or("");
            a.toks.push(Tok {
                w: key,
                l: xxh3_64_with_seed(lemma.as_bytes(), SEED_L),
                p: xxh3_64_with_seed(x.as_bytes(), SEED_P),
                u: mix(SEED_U, u as u64 + 1),
                c,
                f,
                q,
                s: xxh3_64_with_seed(st.as_bytes(), SEED_S),
            });
        }
        a.toks.push(TOK_NONE);
        a
    }

    /// Whether the sentence came with supertags.
    pub(crate) fn supertagged(&self) -> bool {
        self.supertagged
    }

    #[inline]
    fn get(&self, t: u32) -> Tok {
        // NONE (and any index past the words) reads the absent token's entry
        let i = (t as usize).min(self.toks.len().wrapping_sub(1));
        self.toks.get(i).copied().unwrap_or(TOK_NONE)
    }
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    w: u64,
    l: u64,
    p: u64,
    u: u64,
    /// Coarse cluster.
    c: u64,
    /// Fine cluster.
    f: u64,
    /// Coarse cluster without its last two bits.
    q: u64,
    /// Supertag.
    s: u64,
}

impl Tok {
    #[inline]
    fn wp(self) -> u64 {
        mix(self.w, self.p)
    }
}

/// Distance bucket between two positions.
#[inline]
fn dist(a: u32, b: u32) -> u64 {
    let d = b.abs_diff(a) as u64;
    match d {
        0..=4 => d,
        5..=9 => 5,
        _ => 6,
    }
}

#[inline]
fn val(v: u16) -> u64 {
    v.min(6) as u64 + 100
}

/// The token a one-token template reads: a stack or buffer position, or a child of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    S0,
    S1,
    S2,
    B0,
    B1,
    B2,
    S0l,
    S0l2,
    S0r,
    S0r2,
    B0l,
    B0l2,
    S1l,
}

/// Number of [`Slot`]s.
pub(crate) const NSLOTS: usize = 13;

/// The atom of a token a one-token template reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    W,
    P,
    Wp,
    L,
    U,
    C,
    F,
    S,
}

impl Tok {
    #[inline]
    fn attr(self, a: Attr) -> u64 {
        match a {
            Attr::W => self.w,
            Attr::P => self.p,
            Attr::Wp => self.wp(),
            Attr::L => self.l,
            Attr::U => self.u,
            Attr::C => self.c,
            Attr::F => self.f,
            Attr::S => self.s,
        }
    }
}

/// Template seed (the hash before the atoms are mixed in) of move template `t`.
#[inline]
fn move_seed(t: u64) -> u64 {
    mix(0xA5A5_0000 ^ t, 0)
}

/// The one-token move templates of each [`Slot`]: `(seed, attr)`. A token's features in
/// one slot are the same in every configuration, so a parse scores them once per token
/// and slot (see [`unigrams`]) instead of once per transition.
#[derive(Debug, Default)]
pub(crate) struct Unigrams {
    slots: [Vec<(u64, Attr)>; NSLOTS],
}

/// What [`emit`] does with the features; each kind is its own type, so that [`emit`]
/// is compiled once per kind and does no work a kind does not need.
trait Sink {
    /// A template over any atoms, with its seed.
    fn f(&mut self, seed: u64, atoms: &[u64]);
    /// A template over one atom of the token in `slot`, with its seed.
    fn u(&mut self, seed: u64, slot: Slot, attr: Attr, tok: Tok);
}

/// Every feature's hash into the vector.
struct All<'a>(&'a mut Vec<u64>);

/// The hashes of all but the one-token features into the vector.
struct Split<'a>(&'a mut Vec<u64>);

/// The one-token templates into the table.
struct List<'a>(&'a mut Unigrams);

#[inline]
fn hash(seed: u64, atoms: &[u64]) -> u64 {
    let mut h = seed;
    for &x in atoms {
        h = mix(h, x);
    }
    fin(h)
}

impl Sink for All<'_> {
    #[inline]
    fn f(&mut self, seed: u64, atoms: &[u64]) {
        self.0.push(hash(seed, atoms));
    }
    #[inline]
    fn u(&mut self, seed: u64, _: Slot, attr: Attr, tok: Tok) {
        self.0.push(fin(mix(seed, tok.attr(attr))));
    }
}

impl Sink for Split<'_> {
    #[inline]
    fn f(&mut self, seed: u64, atoms: &[u64]) {
        self.0.push(hash(seed, atoms));
    }
    #[inline]
    fn u(&mut self, _: u64, _: Slot, _: Attr, _: Tok) {}
}

impl Sink for List<'_> {
    #[inline]
    fn f(&mut self, _: u64, _: &[u64]) {}
    #[inline]
    fn u(&mut self, seed: u64, slot: Slot, attr: Attr, _: Tok) {
        self.0.slots[slot as usize].push((seed, attr));
    }
}

struct Emitter<S> {
    t: u64,
    sink: S,
}

impl<S: Sink> Emitter<S> {
    /// A template of an older feature set that this one dropped: it keeps its number,
    /// so the templates after it keep theirs (the number seeds a template's hashes).
    #[inline(always)]
    fn retired(&mut self) {
        self.t += 1;
    }

    /// A template over any atoms.
    #[inline(always)]
    fn f(&mut self, atoms: &[u64]) {
        self.t += 1;
        self.sink.f(move_seed(self.t), atoms);
    }

    /// A template over one atom of the token in `slot`.
    #[inline(always)]
    fn u(&mut self, slot: Slot, attr: Attr, tok: Tok) {
        self.t += 1;
        self.sink.u(move_seed(self.t), slot, attr, tok);
    }
}

/// Writes the feature hashes of a configuration into `out` (cleared first).
pub(crate) fn extract(st: &State, a: &Atoms, out: &mut Vec<u64>) {
    out.clear();
    emit(st, a, All(out));
}

/// Writes the hashes of the configuration's features that read more than one token (or
/// the configuration itself) into `out` (cleared first), and returns the token in each
/// [`Slot`] ([`NONE`] when absent): with the one-token features of those tokens, see
/// [`unigrams`], these are the features of [`extract`].
pub(crate) fn extract_split(st: &State, a: &Atoms, out: &mut Vec<u64>) -> [u32; NSLOTS] {
    out.clear();
    emit(st, a, Split(out))
}

/// The one-token templates of each slot, for parsers with and without supertags.
pub(crate) fn unigrams(supertagged: bool) -> &'static Unigrams {
    static TABLES: [std::sync::OnceLock<Unigrams>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    TABLES[supertagged as usize].get_or_init(|| {
        let sup: &[&str] = if supertagged { &["x"] } else { &[] };
        let a = Atoms::new(&["x"], &["x"], &[0], &["x"], sup, &WordClusters::default());
        let mut u = Unigrams::default();
        emit(&State::new(1), &a, List(&mut u));
        u
    })
}

impl Unigrams {
    /// Appends the one-token features of token `t` in `slot` to `out`.
    #[inline]
    pub(crate) fn push(&self, slot: usize, a: &Atoms, t: u32, out: &mut Vec<u64>) {
        let tok = a.get(t);
        if let Some(list) = self.slots.get(slot) {
            out.extend(
                list.iter()
                    .map(|&(seed, attr)| fin(mix(seed, tok.attr(attr)))),
            );
        }
    }
}

/// Runs the move templates over a configuration.
#[inline(always)]
fn emit<S: Sink>(st: &State, a: &Atoms, sink: S) -> [u32; NSLOTS] {
    let child = |v: &Vec<u32>, t: u32| if t == NONE { NONE } else { v[t as usize] };
    let lab = |t: u32| -> u64 {
        if t == NONE || t == 0 {
            A_NONE
        } else {
            st.labels[t as usize] as u64 + 1000
        }
    };
    let s0i = st.st(0);
    let s1i = st.st(1);
    let s2i = st.st(2);
    let b0i = st.b0();
    let b1i = st.buf(1);
    let b2i = st.buf(2);
    let s0li = child(&st.lc1, s0i);
    let s0l2i = child(&st.lc2, s0i);
    let s0ri = child(&st.rc1, s0i);
    let s0r2i = child(&st.rc2, s0i);
    let b0li = child(&st.lc1, b0i);
    let b0l2i = child(&st.lc2, b0i);
    let s1ri = child(&st.rc1, s1i);
    let s1li = child(&st.lc1, s1i);
    // in the order of `Slot`
    let slots = [
        s0i, s1i, s2i, b0i, b1i, b2i, s0li, s0l2i, s0ri, s0r2i, b0li, b0l2i, s1li,
    ];

    let (s0, s1, s2) = (a.get(s0i), a.get(s1i), a.get(s2i));
    let (b0, b1, b2) = (a.get(b0i), a.get(b1i), a.get(b2i));
    let (s0l, s0l2, s0r, s0r2) = (a.get(s0li), a.get(s0l2i), a.get(s0ri), a.get(s0r2i));
    let (b0l, b0l2, s1l) = (a.get(b0li), a.get(b0l2i), a.get(s1li));

    let mut e = Emitter { t: 0, sink };

    // bias
    e.f(&[]);
    // unigrams
    e.u(Slot::S0, Attr::W, s0);
    e.u(Slot::S0, Attr::P, s0);
    e.retired(); // S0 Wp
    e.u(Slot::S0, Attr::L, s0);
    e.u(Slot::S0, Attr::U, s0);
    e.retired(); // B0 W
    e.u(Slot::B0, Attr::P, b0);
    e.u(Slot::B0, Attr::Wp, b0);
    e.u(Slot::B0, Attr::L, b0);
    e.u(Slot::B0, Attr::U, b0);
    e.u(Slot::B1, Attr::W, b1);
    e.u(Slot::B1, Attr::P, b1);
    e.u(Slot::B1, Attr::Wp, b1);
    e.u(Slot::B2, Attr::W, b2);
    e.u(Slot::B2, Attr::P, b2);
    e.retired(); // B2 Wp
    e.u(Slot::S1, Attr::W, s1);
    e.u(Slot::S1, Attr::P, s1);
    e.u(Slot::S1, Attr::Wp, s1);
    e.u(Slot::S1, Attr::L, s1);
    e.u(Slot::S2, Attr::W, s2);
    e.u(Slot::S2, Attr::P, s2);
    // pairs s0/b0
    e.f(&[s0.wp(), b0.wp()]);
    e.f(&[s0.wp(), b0.w]);
    e.f(&[s0.w, b0.wp()]);
    e.f(&[s0.wp(), b0.p]);
    e.f(&[s0.p, b0.wp()]);
    e.f(&[s0.w, b0.w]);
    e.f(&[s0.p, b0.p]);
    e.retired(); // [s0.l, b0.l]
    e.f(&[s0.u, b0.u]);
    e.f(&[b0.p, b1.p]);
    e.retired(); // [b0.w, b1.w]

    // pairs s1/s0
    e.f(&[s1.wp(), s0.wp()]);
    e.f(&[s1.w, s0.w]);
    e.retired(); // [s1.p, s0.p]
    e.retired(); // [s1.p, s0.w]
    e.retired(); // [s1.w, s0.p] (set 7)
    e.f(&[s1.l, s0.l]);
    // triples
    e.f(&[b0.p, b1.p, b2.p]);
    e.f(&[s0.p, b0.p, b1.p]);
    e.f(&[s1.p, s0.p, b0.p]);
    e.retired(); // [s2.p, s1.p, s0.p]
    e.f(&[s0.p, s0l.p, b0.p]);
    e.f(&[s0.p, s0r.p, b0.p]);
    e.f(&[s0.p, b0.p, b0l.p]);
    e.retired(); // [s0.p, s0l.p, s0l2.p]
    e.retired(); // [s0.p, s0r.p, s0r2.p]
    e.retired(); // [b0.p, b0l.p, b0l2.p]
    e.retired(); // [s1.p, s1r.p, s0.p]
    e.f(&[s1.p, s1l.p, s0.p]);
    e.f(&[s1.p, s0.p, s0r.p]);
    e.f(&[s1.p, s0.p, s0l.p]);
    e.retired(); // [s0.w, b0.w, b1.p]
    e.retired(); // [s1.w, s0.w, b0.p]

    // distance
    let d0 = if s0i != NONE {
        dist(st.pos(s0i), st.pos(b0i))
    } else {
        99
    };
    let d1 = if s1i != NONE && s0i != NONE {
        dist(s1i, s0i)
    } else {
        99
    };
    e.retired(); // [s0.w, d0]
    e.retired(); // [s0.p, d0]
    e.retired(); // [b0.w, d0]
    e.retired(); // [b0.p, d0]
    e.f(&[s0.w, b0.w, d0]);
    e.f(&[s0.p, b0.p, d0]);
    e.retired(); // [s1.p, s0.p, d1]
    e.f(&[s1.w, s0.w, d1]);
    // valency
    let s0vl = if s0i != NONE { st.nl[s0i as usize] } else { 0 };
    let b0vl = st.nl[b0i as usize];
    let s1vr = if s1i != NONE { st.nr[s1i as usize] } else { 0 };
    e.retired(); // [s0.w, val(s0vr)]
    e.retired(); // [s0.p, val(s0vr)]
    e.retired(); // [s0.w, val(s0vl)] (set 7)
    e.f(&[s0.p, val(s0vl)]);
    e.retired(); // [b0.w, val(b0vl)]
    e.f(&[b0.p, val(b0vl)]);
    e.f(&[s1.p, val(s1vr)]);
    // children
    e.u(Slot::S0l, Attr::W, s0l);
    e.u(Slot::S0l, Attr::P, s0l);
    e.f(&[lab(s0li)]);
    e.u(Slot::S0r, Attr::W, s0r);
    e.u(Slot::S0r, Attr::P, s0r);
    e.retired(); // [lab(s0ri)]
    e.u(Slot::B0l, Attr::W, b0l);
    e.u(Slot::B0l, Attr::P, b0l);
    e.f(&[lab(b0li)]);
    e.u(Slot::S0l2, Attr::W, s0l2);
    e.u(Slot::S0l2, Attr::P, s0l2);
    e.f(&[lab(s0l2i)]);
    e.u(Slot::S0r2, Attr::W, s0r2);
    e.u(Slot::S0r2, Attr::P, s0r2);
    e.retired(); // [lab(s0r2i)]
    e.u(Slot::B0l2, Attr::W, b0l2);
    e.u(Slot::B0l2, Attr::P, b0l2);
    e.f(&[lab(b0l2i)]);
    e.retired(); // S1r W (s1's right child's word; its slot left with set 6)
    e.retired(); // S1r P
    e.f(&[lab(s1ri)]);
    e.u(Slot::S1l, Attr::P, s1l);
    e.f(&[lab(s1li)]);
    e.retired(); // [s0.p, lab(s0li), lab(s0l2i)]
    e.retired(); // [s0.p, lab(s0ri), lab(s0r2i)]
    e.f(&[b0.p, lab(b0li), lab(b0l2i)]);
    // label sets
    let set = |v: &Vec<u128>, t: u32| -> u64 {
        if t == NONE {
            A_NONE
        } else {
            let x = v[t as usize];
            mix(x as u64, (x >> 64) as u64)
        }
    };
    let s0ls = set(&st.lset, s0i);
    e.retired(); // [s0.w, s0rs]
    e.retired(); // [s0.p, s0rs]
    e.retired(); // [s0.w, s0ls] (set 7)
    e.f(&[s0.p, s0ls]);
    e.retired(); // [b0.w, b0ls]
    e.retired(); // [b0.p, b0ls]

    // word clusters (Koo et al. 2008): alone, with each other and with tags
    e.u(Slot::S0, Attr::C, s0);
    e.u(Slot::S0, Attr::F, s0);
    e.retired(); // B0 C
    e.u(Slot::B0, Attr::F, b0);
    e.u(Slot::B1, Attr::C, b1);
    e.u(Slot::B1, Attr::F, b1);
    e.u(Slot::B2, Attr::F, b2);
    e.u(Slot::S1, Attr::C, s1);
    e.u(Slot::S1, Attr::F, s1);
    e.retired(); // [s0.f, b0.f] (set 7)
    e.f(&[s0.c, b0.c]);
    e.f(&[s0.c, b0.p]);
    e.retired(); // [s0.p, b0.c]
    e.f(&[s0.f, b0.p]);
    e.f(&[s0.p, b0.f]);
    e.retired(); // [s1.c, s0.c]
    e.retired(); // [s1.f, s0.p] (set 7)
    e.f(&[s1.p, s0.f]);
    e.f(&[s0.c, b0.c, b1.c]);
    e.retired(); // [s0.p, b0.c, b1.p]
    e.f(&[s1.c, s0.c, b0.c]);
    e.retired(); // [s0.c, b0.c, d0]
    e.f(&[s0.c, s0l.c, s0r.c]);
    e.f(&[b0.c, b0l.c]);
    e.f(&[s0.w, b0.f]);
    e.f(&[s0.f, b0.w]);
    e.f(&[s1.f, s0.f]);
    e.retired(); // [s0.f, d0]
    e.retired(); // [b0.f, d0]
    e.u(Slot::S0l, Attr::C, s0l);
    e.u(Slot::S0r, Attr::C, s0r);
    e.u(Slot::B0l, Attr::C, b0l);
    e.retired(); // S1r C
    e.u(Slot::S2, Attr::C, s2);
    // shorter prefixes of hierarchical clusters, in place of tags
    e.f(&[s0.q, b0.q]);
    e.f(&[s0.q, b0.q, b1.q]);
    e.f(&[s1.q, s0.q, b0.q]);
    e.f(&[s0.q, b0.q, d0]);
    e.f(&[s0.w, b0.q]);
    e.retired(); // [s0.q, b0.w]
    e.retired(); // [s0.w, b0.c]
    e.retired(); // [s0.c, b0.w]
    e.f(&[s0.q, s0l.q, b0.q]);
    e.retired(); // [s0.q, b0.q, b0l.q]

    // supertags (Ouchi et al. 2014): each word's predicted relation and head direction
    if a.supertagged {
        e.u(Slot::S0, Attr::S, s0);
        e.u(Slot::B0, Attr::S, b0);
        e.u(Slot::B1, Attr::S, b1);
        e.u(Slot::B2, Attr::S, b2);
        e.u(Slot::S1, Attr::S, s1);
        e.f(&[s0.s, b0.s]);
        e.f(&[s0.p, b0.s]);
        e.f(&[s0.s, b0.p]);
        e.retired(); // [s1.s, s0.s]
        e.f(&[b0.s, b1.s]);
        e.retired(); // [s0.w, b0.s]
        e.f(&[s0.s, b0.w]);
        e.f(&[s1.s, s0.s, b0.s]);
        e.f(&[s0.s, b0.s, b1.s]);
        e.u(Slot::S0l, Attr::S, s0l);
        e.u(Slot::S0r, Attr::S, s0r);
        e.u(Slot::B0l, Attr::S, b0l);
        e.retired(); // [s0.s, b0.s, d0]
    }
    slots
}

/// Writes the features for labelling the arc `h -> d` (both attached or about to be:
/// `d` is the stack top, whose subtree is complete) into `out` (cleared first).
pub(crate) fn extract_label(st: &State, a: &Atoms, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let dir = if st.pos(d) < st.pos(h) { 1u64 } else { 2u64 };
    let near = |t: u32, delta: i64| -> u32 {
        let p = t as i64 + delta;
        if t == 0 || p < 1 || p > n as i64 {
            NONE
        } else {
            p as u32
        }
    };
    let child = |v: &Vec<u32>, t: u32| if t == NONE { NONE } else { v[t as usize] };
    let lab = |t: u32| -> u64 {
        if t == NONE || t == 0 {
            A_NONE
        } else {
            st.labels[t as usize] as u64 + 1000
        }
    };
    let set = |v: &Vec<u128>, t: u32| -> u64 {
        let x = v[t as usize];
        mix(x as u64, (x >> 64) as u64)
    };
    let (hd, dd) = (a.get(h), a.get(d));
    let (dm1, dp1) = (a.get(near(d, -1)), a.get(near(d, 1)));
    let (hm1, hp1) = (a.get(near(h, -1)), a.get(near(h, 1)));
    let (dli, dri) = (child(&st.lc1, d), child(&st.rc1, d));
    let (dl, dr) = (a.get(dli), a.get(dri));
    let dist_b = dist(st.pos(h), st.pos(d));
    let (dls, drs, hls, hrs) = (
        set(&st.lset, d),
        set(&st.rset, d),
        set(&st.lset, h),
        set(&st.rset, h),
    );

    // a template's number seeds its hashes: a retired one (left out in set 6 or 7) keeps
    // its number, so the templates after it keep theirs
    let t = std::cell::Cell::new(0u64);
    let mut f = |atoms: &[u64]| {
        t.set(t.get() + 1);
        let mut h = mix(0x5A5A_0000 ^ (t.get() << 2) ^ dir, 0);
        for &x in atoms {
            h = mix(h, x);
        }
        out.push(fin(h));
    };
    let retired = || t.set(t.get() + 1);
    f(&[]);
    retired(); // [dd.w]
    f(&[dd.p]);
    f(&[dd.l]);
    f(&[dd.u]);
    retired(); // [dd.wp()] (set 7)
    f(&[hd.w]);
    f(&[hd.p]);
    f(&[hd.l]);
    retired(); // [hd.wp()] (set 7)
    f(&[hd.p, dd.p]);
    f(&[hd.u, dd.u]);
    f(&[hd.w, dd.p]);
    retired(); // [hd.p, dd.w]
    retired(); // [hd.l, dd.l]
    retired(); // [hd.wp(), dd.wp()]
    f(&[hd.p, dd.p, dist_b]);
    retired(); // [dd.w, dist_b]
    f(&[dm1.p, dd.p]);
    retired(); // [dd.p, dp1.p] (set 7)
    retired(); // [dm1.w, dd.w]
    f(&[dd.w, dp1.w]);
    f(&[hm1.p, hd.p, dd.p]);
    f(&[hd.p, hp1.p, dd.p]);
    f(&[dd.p, dl.p, lab(dli)]);
    f(&[dd.p, dr.p, lab(dri)]);
    retired(); // [dd.w, dl.w] (set 7)
    retired(); // [dd.w, dr.w]
    f(&[dd.p, dls]);
    f(&[dd.p, drs]);
    f(&[dd.w, dls, drs]);
    f(&[hd.p, hls]);
    f(&[hd.p, hrs]);
    retired(); // [hd.l, dd.l, dls]
    retired(); // [dd.p, dvl, dvr] (set 7)
    f(&[hd.p, dd.p, dls, drs]);
    // the words around the dependent's completed subtree
    let (after, before) = (
        a.get(st.b0()),
        a.get(if dir == 1 { st.st(1) } else { st.st(2) }),
    );
    f(&[dd.w, hd.w]);
    retired(); // [dd.l, hd.p]
    f(&[dd.p, hd.l]);
    f(&[hd.p, dd.p, after.p]);
    retired(); // [dd.w, after.w]
    f(&[before.p, dd.p, hd.p]);
    retired(); // [before.w, dd.w]
               // word clusters
    f(&[dd.c]);
    retired(); // [dd.f] (set 7)
    f(&[hd.c]);
    f(&[hd.f]);
    f(&[hd.c, dd.c]);
    f(&[hd.f, dd.f]);
    f(&[hd.p, dd.f]);
    f(&[hd.f, dd.p]);
    f(&[hd.c, dd.c, dist_b]);
    f(&[dd.c, dp1.c]);
    f(&[hd.w, dd.f]);
    f(&[hd.f, dd.w]);
    f(&[dd.f, dist_b]);
    f(&[dm1.c, dd.c]);
    if a.supertagged {
        // supertags
        f(&[dd.s]);
        f(&[dd.s, hd.p]);
        f(&[dd.s, hd.s]);
        f(&[dd.s, hd.w]);
    }
}
