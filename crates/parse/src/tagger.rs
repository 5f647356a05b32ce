//! Averaged-perceptron part-of-speech tagger predicting UPOS and XPOS together.
//!
//! Each class is one `UPOS|XPOS` pair seen in the training file (about a hundred for
//! English EWT), so the tagger learns which `VB*` words are auxiliaries and which `IN`
//! words subordinate, rather than mapping Penn tags to UPOS by rule. Tagging is greedy,
//! left to right; features are hashed to 64 bits (XXH3) and look up a sparse row of
//! class weights, so tagging costs a few dozen hash lookups per word, all of a word's
//! prefetched together (see `Weights`).
//!
//! Features: word, lower-cased word, prefixes and suffixes of 1–4 characters, word
//! shape, hyphen/digit/capital flags, the two previous predicted classes, the
//! surrounding words ±2 and their suffixes, and the *ambiguity class* (two most frequent
//! classes in the training file) of the word and the words around it, and the word
//! clusters (coarse and fine, see [`crate::clusters`]) of the word and its neighbours,
//! which carry what unlabeled text says about words rare in the training file. Frequent
//! words that always take one class are tagged from a dictionary.
//!
//! Training is the averaged perceptron (Collins 2002) with the averaging trick of Daumé
//! (weights minus accumulated timed updates over the step count), sentences shuffled
//! each epoch with a seeded ChaCha RNG: the same data and seed give the same model,
//! byte for byte. The epoch kept is the best on the development file (UPOS accuracy, or
//! XPOS for a supertagger), or the last without one.

use crate::prefetch;
use jirga_doc::{Lexicon, Upos};
use nohash_hasher::IntMap;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::clusters::{word_key, ClusterData, WordClusters};
use crate::conllu::ConlluSentence;
use crate::lemma::Lemmatizer;
use crate::model::{self, ModelKind, ModelMeta};
use std::sync::Arc;

/// Version of the feature set; stored in model metadata.
pub const FEATURE_SET: u32 = 2;

/// The supertaggers' feature set: set 2 without the templates of [`SUPERTAG_RETIRED`].
/// A tagger model of either set loads; its set decides which templates it reads.
pub const SUPERTAG_FEATURE_SET: u32 = 3;

/// The templates (numbered as in `features`) a tagger of [`SUPERTAG_FEATURE_SET`] leaves
/// out: the word form, the lower-case forms two words on and of the word with the one
/// before it, the previous tag with the word, the ambiguity class two words on, and the
/// 1-, 3- and 4-character prefixes and 2- and 4-character suffixes. Each, left out of the
/// supertagger of the feature set 5 parser at tagging time, raised EWT dev UAS (by
/// 0.04-0.12); they are word-keyed lookups, most of them cache misses, and the
/// supertagger still sees the lower-case form, two affixes of each side and the clusters.
pub const SUPERTAG_RETIRED: [u64; 10] = [101, 103, 105, 106, 108, 110, 123, 127, 132, 136];

/// The templates a tagger of `feature_set` leaves out, as bits `id - 100`; `None` for a
/// feature set this jirga does not read.
fn retired_templates(feature_set: u32) -> Option<u64> {
    match feature_set {
        FEATURE_SET => Some(0),
        SUPERTAG_FEATURE_SET => Some(SUPERTAG_RETIRED.iter().fold(0, |m, &t| m | 1 << (t - 100))),
        _ => None,
    }
}

/// Errors of the tagger.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The model container is bad.
    #[error(transparent)]
    Model(#[from] model::ModelError),
    /// The payload does not decode as a tagger.
    #[error("tagger model {path}: payload does not decode: {what}")]
    Decode {
        /// File name.
        path: String,
        /// What is wrong.
        what: String,
    },
    /// Written with another feature set.
    #[error(
        "tagger model {path} has feature set {found}, this jirga reads feature sets \
         {FEATURE_SET} and {SUPERTAG_FEATURE_SET}; retrain with `jirga train`"
    )]
    Version {
        /// File name.
        path: String,
        /// Feature set in the file.
        found: u32,
    },
    /// Training data is unusable.
    #[error("training file {path}: {what}")]
    Training {
        /// File name.
        path: String,
        /// What is wrong.
        what: String,
    },
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TaggerConfig {
    /// Maximum number of epochs (the best on dev is kept).
    pub epochs: usize,
    /// Seed of the shuffling RNG.
    pub seed: u64,
    /// A word seen at least this often with a single class (≥ 99.5 %) is tagged from the dictionary.
    pub tagdict_min_count: u32,
    /// Words seen at least this often get an ambiguity class (rarer words look unknown).
    pub ambiguity_min_count: u32,
    /// Averaged weights smaller than this in magnitude are dropped from the model.
    pub prune_below: f32,
    /// Word clusters for the cluster features (empty: none).
    pub clusters: Arc<WordClusters>,
    /// Keep the epoch best in XPOS accuracy on dev rather than UPOS (a supertagger's
    /// classes are all UPOS `X`).
    pub select_on_xpos: bool,
    /// The feature set: [`FEATURE_SET`], or [`SUPERTAG_FEATURE_SET`] for supertaggers.
    pub feature_set: u32,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig {
            epochs: 12,
            seed: 1,
            tagdict_min_count: 20,
            ambiguity_min_count: 2,
            prune_below: 1e-3,
            clusters: Arc::default(),
            select_on_xpos: false,
            feature_set: FEATURE_SET,
        }
    }
}

/// One tagger class: a UPOS and a Penn tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagClass {
    /// Universal tag.
    pub upos: Upos,
    /// Language-specific tag.
    pub xpos: String,
}

/// Word frequencies of the training file (lower-cased), serving as a [`Lexicon`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<(String, u32)>", into = "Vec<(String, u32)>")]
pub struct Vocab(rustc_hash::FxHashMap<String, u32>);

impl From<Vec<(String, u32)>> for Vocab {
    fn from(v: Vec<(String, u32)>) -> Self {
        Vocab(v.into_iter().collect())
    }
}

impl From<Vocab> for Vec<(String, u32)> {
    fn from(v: Vocab) -> Self {
        let mut out: Vec<(String, u32)> = v.0.into_iter().collect();
        out.sort();
        out
    }
}

impl Vocab {
    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether it holds no word.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Lexicon for Vocab {
    fn frequency(&self, word_lowercase: &str) -> u32 {
        self.0.get(word_lowercase).copied().unwrap_or(0)
    }
}

/// Sparse averaged weights: feature hash → slice of packed `(class, weight)` entries.
///
/// Each entry is one `u32`: the weight's `f32` bits with the lowest 8 mantissa bits
/// replaced by the class (a relative error below 2⁻¹⁵), so scoring a feature touches
/// one array, not two. Rows are found through an open-addressing table whose 16-byte
/// slots hold the whole feature key and its row: tagging is bound by memory latency, so
/// [`Weights::score`] prefetches every feature's slot, then every row, before adding
/// anything, and the cache misses of one word overlap instead of queueing.
#[derive(Debug, Clone, Default)]
struct Weights {
    /// Open-addressing table (linear probing, power-of-two size); `len == 0` marks a free slot.
    slots: Vec<Slot>,
    /// Number of rows held.
    rows: usize,
    packed: Vec<u32>,
    /// Long rows again as dense arrays of `stride` weights (zero for absent classes),
    /// in steps of `dense_step` as `i16`: half the bytes of `f32`, so a row of 56 or 64
    /// classes is two cache lines instead of four, and integer sums, which add up in
    /// vector registers in any order to the same total (see [`Weights::score`]).
    dense: Vec<i16>,
    /// The real value of one step of `dense` (the largest magnitude of a long row's
    /// weight is 32767 steps).
    dense_step: f32,
    /// Classes per dense row: one more than the largest class, rounded up to 8.
    stride: usize,
}

/// Rows with at least this many entries are also stored dense.
const DENSE_MIN: usize = 12;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u16,
    /// 1 + index of the dense copy of the row; 0 when it has none.
    dense: u16,
}

#[inline]
fn pack(class: u8, value: f32) -> u32 {
    (value.to_bits() & !0xFF) | class as u32
}

#[inline]
fn unpack(p: u32) -> (u8, f32) {
    ((p & 0xFF) as u8, f32::from_bits(p & !0xFF))
}

#[derive(Serialize, Deserialize)]
struct WeightsData {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    classes: Vec<u8>,
    values: Vec<f32>,
}

impl Weights {
    /// Builds the table from `(key, start, end)` rows of `packed` (empty rows are dropped;
    /// a repeated key keeps its first row).
    fn assemble(rows: &[(u64, u32, u32)], packed: Vec<u32>) -> Weights {
        let cap = (rows.len() * 2 + 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        let mut n = 0;
        for &(key, start, end) in rows {
            if end <= start {
                continue;
            }
            let mut i = key as usize & mask;
            loop {
                let s = &mut slots[i];
                if s.len == 0 {
                    *s = Slot {
                        key,
                        start,
                        len: (end - start).min(u16::MAX as u32) as u16,
                        dense: 0,
                    };
                    n += 1;
                    break;
                }
                if s.key == key {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        let stride = (packed
            .iter()
            .map(|&p| unpack(p).0 as usize)
            .max()
            .unwrap_or(0)
            + 8)
            & !7;
        let mut w = Weights {
            slots,
            rows: n,
            packed,
            dense: Vec::new(),
            dense_step: 1.0,
            stride,
        };
        w.densify();
        w
    }

    /// Gives the long rows (whose classes are distinct) a dense copy, quantised to `i16`
    /// steps of one scale for the whole table.
    fn densify(&mut self) {
        let mut dense: Vec<f32> = Vec::new();
        let mut count = 0u16;
        let mut row = vec![0f32; self.stride];
        let mut seen = vec![false; self.stride];
        for s in self.slots.iter_mut() {
            if (s.len as usize) < DENSE_MIN || count == u16::MAX {
                continue;
            }
            let (a, b) = (s.start as usize, s.start as usize + s.len as usize);
            let Some(entries) = self.packed.get(a..b) else {
                continue;
            };
            row.fill(0.0);
            seen.fill(false);
            let mut distinct = true;
            for &p in entries {
                let (c, v) = unpack(p);
                match seen.get_mut(c as usize) {
                    Some(x) if !*x => {
                        *x = true;
                        row[c as usize] = v;
                    }
                    _ => distinct = false,
                }
            }
            if distinct {
                dense.extend_from_slice(&row);
                count += 1;
                s.dense = count;
            }
        }
        let maxabs = dense.iter().fold(0f32, |m, x| m.max(x.abs()));
        self.dense_step = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
        let step = self.dense_step;
        self.dense = dense
            .iter()
            .map(|x| (x / step).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
    }

    #[inline]
    fn find(&self, feat: u64) -> Option<Slot> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = feat as usize & mask;
        loop {
            let s = *self.slots.get(i)?;
            if s.len == 0 {
                return None;
            }
            if s.key == feat {
                return Some(s);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the rows of `feats` to `scores` (indexed by class); `rows` is scratch. The
    /// steps of the dense rows are summed first as integers, and the sum times the step
    /// is added to `scores`; then the entries of the other rows are, in the order of
    /// `feats` and of each row. With AVX2 (checked at run time) the dense sums stay in
    /// vector registers, up to 64 classes at a time; integer sums and the same float
    /// operations after them give the portable path's scores bit for bit.
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [f32; 256], rows: &mut Vec<Slot>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { self.score_avx2(feats, scores, rows) };
            return;
        }
        self.score_any(feats, scores, rows);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u64], scores: &mut [f32; 256], rows: &mut Vec<Slot>) {
        self.gather(feats, rows);
        // `stride` is a multiple of 8 and at most 256 (classes are bytes)
        let stride = self.stride.min(scores.len());
        let mut k = 0;
        while k + 8 <= stride {
            let vectors = (stride - k) / 8;
            // SAFETY (each arm): AVX2 is enabled in this function.
            unsafe {
                match vectors {
                    1 => self.dense_block::<1>(rows, k, scores),
                    2 => self.dense_block::<2>(rows, k, scores),
                    3 => self.dense_block::<3>(rows, k, scores),
                    4 => self.dense_block::<4>(rows, k, scores),
                    5 => self.dense_block::<5>(rows, k, scores),
                    6 => self.dense_block::<6>(rows, k, scores),
                    7 => self.dense_block::<7>(rows, k, scores),
                    _ => self.dense_block::<8>(rows, k, scores),
                }
            }
            k += vectors.min(8) * 8;
        }
        self.add_short(rows, scores);
    }

    /// Adds the sum of the dense rows among `rows`, classes `k..k + 8 * L`, to `scores`:
    /// the steps are summed as `i32` (exact), then scaled by `dense_step` and added.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn dense_block<const L: usize>(&self, rows: &[Slot], k: usize, scores: &mut [f32; 256]) {
        use std::arch::x86_64::*;
        let stride = self.stride;
        let mut acc = [_mm256_setzero_si256(); L];
        for s in rows {
            if s.dense == 0 {
                continue;
            }
            let a = (s.dense as usize - 1) * stride + k;
            let Some(d) = self.dense.get(a..a + 8 * L) else {
                continue;
            };
            for (j, x) in acc.iter_mut().enumerate() {
                // SAFETY: `d` holds 8 * L steps, so lanes 8j..8j + 8 (16 bytes) are in it.
                let q = unsafe { _mm_loadu_si128(d.as_ptr().add(8 * j) as *const __m128i) };
                *x = _mm256_add_epi32(*x, _mm256_cvtepi16_epi32(q));
            }
        }
        let step = _mm256_set1_ps(self.dense_step);
        if let Some(out) = scores.get_mut(k..k + 8 * L) {
            for (j, x) in acc.iter().enumerate() {
                // SAFETY: `out` holds 8 * L floats, so lanes 8j..8j + 8 are in it.
                unsafe {
                    let p = out.as_mut_ptr().add(8 * j);
                    let sum = _mm256_mul_ps(_mm256_cvtepi32_ps(*x), step);
                    _mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), sum));
                }
            }
        }
    }

    /// Finds the rows of `feats` into `rows`, asking for their memory to be loaded.
    #[inline(always)]
    fn gather(&self, feats: &[u64], rows: &mut Vec<Slot>) {
        let mask = self.slots.len().wrapping_sub(1);
        for &f in feats {
            prefetch(self.slots.as_ptr().wrapping_add(f as usize & mask));
        }
        rows.clear();
        let stride = self.stride;
        for &f in feats {
            if let Some(s) = self.find(f) {
                if s.dense > 0 {
                    let d = self
                        .dense
                        .as_ptr()
                        .wrapping_add((s.dense as usize - 1) * stride);
                    let mut k = 0;
                    while k < stride {
                        prefetch(d.wrapping_add(k));
                        k += 32;
                    }
                } else {
                    prefetch(self.packed.as_ptr().wrapping_add(s.start as usize));
                }
                rows.push(s);
            }
        }
    }

    /// Adds the entries of the rows among `rows` that have no dense copy.
    #[inline(always)]
    fn add_short(&self, rows: &[Slot], scores: &mut [f32; 256]) {
        for s in rows {
            if s.dense > 0 {
                continue;
            }
            let (a, b) = (s.start as usize, s.start as usize + s.len as usize);
            let Some(entries) = self.packed.get(a..b) else {
                continue;
            };
            for &p in entries {
                let (c, v) = unpack(p);
                scores[c as usize] += v;
            }
        }
    }

    /// [`Weights::score`] without vector instructions.
    fn score_any(&self, feats: &[u64], scores: &mut [f32; 256], rows: &mut Vec<Slot>) {
        self.gather(feats, rows);
        let stride = self.stride.min(scores.len());
        let mut acc = [0i32; 256];
        for s in rows.iter() {
            if s.dense == 0 {
                continue;
            }
            let a = (s.dense as usize - 1) * self.stride;
            if let Some(d) = self.dense.get(a..a + stride) {
                for (x, &y) in acc.iter_mut().zip(d) {
                    *x += y as i32;
                }
            }
        }
        for (x, &y) in scores.iter_mut().zip(&acc[..stride]) {
            *x += y as f32 * self.dense_step;
        }
        self.add_short(rows, scores);
    }

    fn to_data(&self) -> WeightsData {
        let mut rows: Vec<Slot> = self.slots.iter().filter(|s| s.len > 0).copied().collect();
        rows.sort_unstable_by_key(|s| s.key);
        let mut d = WeightsData {
            keys: Vec::with_capacity(rows.len()),
            offsets: vec![0],
            classes: Vec::new(),
            values: Vec::new(),
        };
        for s in rows {
            let (a, b) = (s.start as usize, s.start as usize + s.len as usize);
            d.keys.push(s.key);
            for &p in self.packed.get(a..b).unwrap_or(&[]) {
                let (c, v) = unpack(p);
                d.classes.push(c);
                d.values.push(v);
            }
            d.offsets.push(d.classes.len() as u32);
        }
        d
    }

    fn from_data(d: WeightsData) -> Option<Weights> {
        if d.offsets.len() != d.keys.len() + 1 || d.classes.len() != d.values.len() {
            return None;
        }
        let mut prev = 0u32;
        for &o in &d.offsets {
            // a row holds each class at most once: never more than 255 entries
            if o < prev || o as usize > d.classes.len() || o - prev > u16::MAX as u32 {
                return None;
            }
            prev = o;
        }
        let rows: Vec<(u64, u32, u32)> = d
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, d.offsets[i], d.offsets[i + 1]))
            .collect();
        let packed = d
            .classes
            .iter()
            .zip(&d.values)
            .map(|(c, v)| pack(*c, *v))
            .collect();
        Some(Weights::assemble(&rows, packed))
    }
}

/// The stored tagger.
#[derive(Serialize, Deserialize)]
struct TaggerData {
    classes: Vec<TagClass>,
    weights: WeightsData,
    tagdict: Vec<(String, u16)>,
    ambiguity: Vec<(String, u32)>,
    lemmatizer: Lemmatizer,
    vocab: Vocab,
    clusters: ClusterData,
}

/// A trained tagger with its lemmatizer and vocabulary.
#[derive(Debug, Clone)]
pub struct Tagger {
    classes: Vec<TagClass>,
    weights: Weights,
    tagdict: HashMap<String, u16>,
    ambiguity: HashMap<String, u32>,
    maps: WordMaps,
    lemmatizer: Lemmatizer,
    vocab: std::sync::Arc<Vocab>,
    clusters: Arc<WordClusters>,
    meta: ModelMeta,
    version: String,
    /// The templates its feature set leaves out (see [`retired_templates`]).
    retired: u64,
}

// ---- feature extraction -------------------------------------------------------------

const NO_CLASS: u32 = 0xFFFF;
const START: u64 = 0x5354_4152_5421;
const END: u64 = 0x454e_4421;

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    // splitmix64 finaliser of a combination
    let mut z = a ^ b
        .wrapping_add(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(a << 6)
        .wrapping_add(a >> 2);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[inline]
fn hs(tpl: u64, s: &str) -> u64 {
    xxh3_64_with_seed(s.as_bytes(), tpl)
}

/// The tag dictionary and ambiguity classes keyed by the hashes [`tok_values`] computes.
#[derive(Debug, Clone, Default)]
struct WordMaps {
    /// `hs(1, form)` → class.
    tagdict: IntMap<u64, u16>,
    /// `hs(2, lower)` → ambiguity class.
    ambiguity: IntMap<u64, u32>,
}

impl WordMaps {
    /// The ambiguity-class value of a word by its `hs(2, lower)` (0: none).
    #[inline]
    fn ambiguity_of(&self, lower: u64) -> u64 {
        self.ambiguity
            .get(&lower)
            .map(|&a| a as u64 + 1)
            .unwrap_or(0)
    }

    fn new(tagdict: &HashMap<String, u16>, ambiguity: &HashMap<String, u32>) -> WordMaps {
        WordMaps {
            tagdict: tagdict.iter().map(|(k, v)| (hs(1, k), *v)).collect(),
            ambiguity: ambiguity.iter().map(|(k, v)| (hs(2, k), *v)).collect(),
        }
    }
}

/// The per-word values of a sentence that tagger features are built from, made by
/// [`Tagger::word_values`].
#[derive(Clone)]
pub struct WordValues {
    toks: Vec<Tok>,
    /// The word clusters the cluster values come from.
    clusters: Arc<WordClusters>,
}

/// Per-token values the features are built from.
#[derive(Clone, Copy, Default)]
struct Tok {
    form: u64,
    lower: u64,
    shape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    flags: u64,
    amb: u64,
    /// Coarse and fine cluster (0: none).
    cc: u64,
    cf: u64,
}

#[cfg(test)]
fn shape_of(w: &str) -> String {
    let mut out = String::with_capacity(8);
    shape_into(w, &mut out);
    out
}

fn shape_into(w: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        out.push(k);
    }
}

fn tok_values(
    form: &str,
    first: bool,
    maps: &WordMaps,
    clusters: &WordClusters,
    buf: &mut String,
) -> Tok {
    let lower: std::borrow::Cow<str> = if form.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80)
    {
        std::borrow::Cow::Owned(form.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(form)
    };
    let lower: &str = &lower;
    shape_into(form, buf);
    let mut t = Tok {
        form: hs(1, form),
        lower: hs(2, lower),
        shape: hs(3, buf),
        ..Default::default()
    };
    // prefixes: the first k characters (the whole word when shorter)
    let mut ends = lower.char_indices().map(|(i, _)| i).skip(1);
    for k in 0..4usize {
        let end = ends.next().unwrap_or(lower.len());
        t.pre[k] = hs(11 + k as u64, &lower[..end]);
    }
    let mut starts = lower.char_indices().rev().map(|(i, _)| i);
    for k in 0..4usize {
        let start = starts.next().unwrap_or(0);
        t.suf[k] = hs(21 + k as u64, &lower[start..]);
    }
    let has_digit = form.chars().any(|c| c.is_ascii_digit());
    let has_hyphen = form.contains('-');
    let has_upper = form.chars().any(|c| c.is_uppercase());
    let init_cap = form.chars().next().is_some_and(|c| c.is_uppercase());
    let all_upper = has_upper && !form.chars().any(|c| c.is_lowercase());
    t.flags = (has_digit as u64)
        | (has_hyphen as u64) << 1
        | (has_upper as u64) << 2
        | (init_cap as u64) << 3
        | (all_upper as u64) << 4
        | (first as u64) << 5;
    t.amb = maps.ambiguity_of(t.lower);
    if !clusters.is_empty() {
        if let Some((c, f)) = clusters.by_key(word_key(form)) {
            t.cc = c as u64 + 1;
            t.cf = f as u64 + 1;
        }
    }
    t
}

/// Features of position `i` given the two previous classes.
fn features(toks: &[Tok], i: usize, p1: u32, p2: u32, retired: u64, out: &mut Vec<u64>) {
    out.clear();
    // template `id` unless the feature set retired it
    let mut push = |id: u64, f: u64| {
        if retired & (1 << (id - 100)) == 0 {
            out.push(f);
        }
    };
    let get = |j: isize| -> Option<&Tok> {
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let ii = i as isize;
    let t = &toks[i];
    let lower_at = |j: isize| {
        get(j)
            .map(|t| t.lower)
            .unwrap_or(if j < 0 { START } else { END })
    };
    let suf3_at = |j: isize| {
        get(j)
            .map(|t| t.suf[2])
            .unwrap_or(if j < 0 { START } else { END })
    };
    let amb_at = |j: isize| {
        get(j)
            .map(|t| t.amb)
            .unwrap_or(if j < 0 { START } else { END })
    };
    let shape_at = |j: isize| {
        get(j)
            .map(|t| t.shape)
            .unwrap_or(if j < 0 { START } else { END })
    };
    let (p1, p2) = (p1 as u64, p2 as u64);
    push(100, mix(100, 0));
    push(101, mix(101, t.form));
    push(102, mix(102, t.lower));
    for k in 0..4 {
        push(103 + k as u64, mix(103 + k as u64, t.pre[k]));
        push(107 + k as u64, mix(107 + k as u64, t.suf[k]));
    }
    push(111, mix(111, t.shape));
    for b in 0..6 {
        if t.flags & (1 << b) != 0 {
            push(112, mix(112, b));
        }
    }
    push(120, mix(120, p1));
    push(121, mix(121, p2));
    push(122, mix(122, mix(p1, p2)));
    push(123, mix(123, mix(p1, t.lower)));
    push(124, mix(124, lower_at(ii - 1)));
    push(125, mix(125, lower_at(ii - 2)));
    push(126, mix(126, lower_at(ii + 1)));
    push(127, mix(127, lower_at(ii + 2)));
    push(128, mix(128, suf3_at(ii - 1)));
    push(129, mix(129, suf3_at(ii + 1)));
    push(130, mix(130, amb_at(ii)));
    push(131, mix(131, amb_at(ii + 1)));
    push(132, mix(132, amb_at(ii + 2)));
    push(133, mix(133, mix(amb_at(ii + 1), amb_at(ii + 2))));
    push(134, mix(134, mix(p1, amb_at(ii + 1))));
    push(135, mix(135, mix(t.lower, lower_at(ii + 1))));
    push(136, mix(136, mix(lower_at(ii - 1), t.lower)));
    push(137, mix(137, shape_at(ii - 1)));
    push(138, mix(138, shape_at(ii + 1)));
    push(139, mix(139, mix(p1, t.suf[2])));
    push(140, mix(140, mix(amb_at(ii), amb_at(ii + 1))));
    push(141, mix(141, mix(p1, amb_at(ii))));
    push(142, mix(142, mix(t.shape, amb_at(ii))));
    let cc_at = |j: isize| {
        get(j)
            .map(|t| t.cc)
            .unwrap_or(if j < 0 { START } else { END })
    };
    let cf_at = |j: isize| {
        get(j)
            .map(|t| t.cf)
            .unwrap_or(if j < 0 { START } else { END })
    };
    push(150, mix(150, t.cc));
    push(151, mix(151, t.cf));
    push(152, mix(152, cf_at(ii - 1)));
    push(153, mix(153, cf_at(ii + 1)));
    push(154, mix(154, cc_at(ii - 1)));
    push(155, mix(155, cc_at(ii + 1)));
    push(156, mix(156, mix(p1, t.cf)));
    push(157, mix(157, mix(t.cf, cc_at(ii + 1))));
    push(158, mix(158, mix(t.suf[2], t.cc)));
}

/// The index of the first highest score (0 when there is none, or when the first is NaN).
fn argmax(scores: &[f32]) -> usize {
    if scores.first().is_none_or(|x| x.is_nan()) {
        return 0;
    }
    // the maximum over eight lanes at a time (NaN never wins a comparison), then its
    // first position
    let mut lanes = [f32::NEG_INFINITY; 8];
    let mut chunks = scores.chunks_exact(8);
    for c in &mut chunks {
        for (m, &x) in lanes.iter_mut().zip(c) {
            if x > *m {
                *m = x;
            }
        }
    }
    for &x in chunks.remainder() {
        if x > lanes[0] {
            lanes[0] = x;
        }
    }
    let max = lanes
        .iter()
        .fold(f32::NEG_INFINITY, |a, &b| if b > a { b } else { a });
    scores.iter().position(|&x| x == max).unwrap_or(0)
}

// ---- tagging --------------------------------------------------------------------------

impl Tagger {
    /// The class table.
    pub fn classes(&self) -> &[TagClass] {
        &self.classes
    }

    /// UPOS of class `c` (`X` when out of range).
    pub fn upos(&self, c: u16) -> Upos {
        self.classes
            .get(c as usize)
            .map(|t| t.upos)
            .unwrap_or(Upos::X)
    }

    /// XPOS of class `c` (empty when out of range).
    pub fn xpos(&self, c: u16) -> &str {
        self.classes
            .get(c as usize)
            .map(|t| t.xpos.as_str())
            .unwrap_or("")
    }

    /// The lemmatizer trained with the tagger.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// The training vocabulary (lower-cased word frequencies).
    pub fn vocab(&self) -> std::sync::Arc<Vocab> {
        self.vocab.clone()
    }

    /// The word clusters behind the cluster features (empty when trained without).
    pub fn clusters(&self) -> &Arc<WordClusters> {
        &self.clusters
    }

    /// Metadata of the model.
    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// Version stamp (short checksum of the model file; `untrained` for an unsaved model).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Number of feature rows and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.rows, self.weights.packed.len())
    }

    /// Tags a sentence's words; returns one class id per word.
    pub fn tag(&self, words: &[&str]) -> Vec<u16> {
        self.tag_toks(&self.word_values(words).toks)
    }

    /// The values this tagger's features start from for each of `words`, to tag them
    /// with [`Tagger::tag_values`] here and in another tagger that shares the word
    /// clusters (see [`Tagger::share_clusters`]).
    pub fn word_values(&self, words: &[&str]) -> WordValues {
        let mut buf = String::new();
        let toks = words
            .iter()
            .enumerate()
            .map(|(i, w)| tok_values(w, i == 0, &self.maps, &self.clusters, &mut buf))
            .collect();
        WordValues {
            toks,
            clusters: self.clusters.clone(),
        }
    }

    /// Tags `words` from `values` that a tagger (this one or another) computed for the
    /// same words: the same classes as [`Tagger::tag`]. Only each word's ambiguity class
    /// is looked up again, in this tagger's own table; values made with other word
    /// clusters, or for another number of words, are computed afresh.
    pub fn tag_values(&self, words: &[&str], values: &WordValues) -> Vec<u16> {
        if values.toks.len() != words.len() || !Arc::ptr_eq(&values.clusters, &self.clusters) {
            return self.tag(words);
        }
        let toks: Vec<Tok> = values
            .toks
            .iter()
            .map(|t| Tok {
                amb: self.maps.ambiguity_of(t.lower),
                ..*t
            })
            .collect();
        self.tag_toks(&toks)
    }

    /// Makes this tagger use `clusters` when they equal its own word clusters (so that
    /// [`Tagger::tag_values`] accepts values of the tagger they come from); returns
    /// whether they did.
    pub fn share_clusters(&mut self, clusters: &Arc<WordClusters>) -> bool {
        if *self.clusters == **clusters {
            self.clusters = clusters.clone();
            true
        } else {
            false
        }
    }

    fn tag_toks(&self, toks: &[Tok]) -> Vec<u16> {
        let mut out = Vec::with_capacity(toks.len());
        let mut feats = Vec::with_capacity(48);
        let mut rows = Vec::with_capacity(48);
        let mut scores = [0f32; 256];
        let n = self.classes.len().min(scores.len());
        let (mut p1, mut p2) = (NO_CLASS, NO_CLASS);
        for i in 0..toks.len() {
            let c = if let Some(&c) = self.maps.tagdict.get(&toks[i].form) {
                c as u32
            } else {
                features(toks, i, p1, p2, self.retired, &mut feats);
                scores.fill(0.0);
                self.weights.score(&feats, &mut scores, &mut rows);
                argmax(&scores[..n]) as u32
            };
            out.push(c as u16);
            p2 = p1;
            p1 = c;
        }
        out
    }

    /// Tags and lemmatizes a sentence: `(upos, xpos, lemma)` per word.
    pub fn annotate(&self, words: &[&str]) -> Vec<(Upos, &str, String)> {
        self.tag(words)
            .into_iter()
            .zip(words)
            .map(|(c, w)| {
                let (u, x) = (self.upos(c), self.xpos(c));
                (u, x, self.lemmatizer.lemmatize(w, u, x).into_owned())
            })
            .collect()
    }

    /// Replaces the tags and lemmas of gold-tokenized `sents` by this tagger's.
    pub fn retag(&self, sents: &mut [ConlluSentence]) {
        for s in sents {
            let words: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            for (w, (u, x, l)) in s.words.iter_mut().zip(self.annotate(&refs)) {
                w.upos = u.as_str().to_string();
                w.xpos = x.to_string();
                w.lemma = l;
            }
        }
    }

    // ---- persistence ----

    /// Serialises the tagger into model-file bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, TaggerError> {
        let data = TaggerData {
            classes: self.classes.clone(),
            weights: self.weights.to_data(),
            tagdict: {
                let mut v: Vec<(String, u16)> =
                    self.tagdict.iter().map(|(k, v)| (k.clone(), *v)).collect();
                v.sort();
                v
            },
            ambiguity: {
                let mut v: Vec<(String, u32)> = self
                    .ambiguity
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect();
                v.sort();
                v
            },
            lemmatizer: self.lemmatizer.clone(),
            vocab: (*self.vocab).clone(),
            clusters: self.clusters.to_data(),
        };
        let payload = bincode::serialize(&data).map_err(|e| TaggerError::Decode {
            path: "(memory)".into(),
            what: e.to_string(),
        })?;
        Ok(model::encode_model(
            ModelKind::Tagger,
            &self.meta,
            &payload,
            "(memory)",
        )?)
    }

    /// Writes the model file.
    pub fn save(&self, path: &std::path::Path) -> Result<(), TaggerError> {
        let bytes = self.to_bytes()?;
        std::fs::write(path, &bytes).map_err(|source| {
            TaggerError::Model(model::ModelError::Io {
                path: path.display().to_string(),
                source,
            })
        })
    }

    /// Loads a tagger from model-file bytes; `name` names the source in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Tagger, TaggerError> {
        let (meta, payload) = model::decode_model(bytes, name, ModelKind::Tagger)?;
        let Some(retired) = retired_templates(meta.feature_set) else {
            return Err(TaggerError::Version {
                path: name.to_string(),
                found: meta.feature_set,
            });
        };
        let decode = |what: String| TaggerError::Decode {
            path: name.to_string(),
            what,
        };
        let data: TaggerData = bincode::deserialize(payload).map_err(|e| decode(e.to_string()))?;
        if data.classes.is_empty() || data.classes.len() > 255 {
            return Err(decode(format!("{} classes", data.classes.len())));
        }
        let weights = Weights::from_data(data.weights)
            .ok_or_else(|| decode("inconsistent weight table".into()))?;
        let n = data.classes.len() as u16;
        if data.tagdict.iter().any(|(_, c)| *c >= n) {
            return Err(decode("tag dictionary names an unknown class".into()));
        }
        let tagdict = data.tagdict.into_iter().collect();
        let ambiguity = data.ambiguity.into_iter().collect();
        let clusters = WordClusters::from_data(data.clusters).map_err(|e| decode(e.to_string()))?;
        Ok(Tagger {
            classes: data.classes,
            weights,
            maps: WordMaps::new(&tagdict, &ambiguity),
            tagdict,
            ambiguity,
            lemmatizer: data.lemmatizer,
            vocab: std::sync::Arc::new(data.vocab),
            clusters: Arc::new(clusters),
            meta,
            version: model::version_id(bytes),
            retired,
        })
    }

    /// Loads a tagger model file.
    pub fn load(path: &std::path::Path) -> Result<Tagger, TaggerError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| {
            TaggerError::Model(model::ModelError::Io {
                path: name.clone(),
                source,
            })
        })?;
        Tagger::from_bytes(&bytes, &name)
    }
}

// ---- training -------------------------------------------------------------------------

/// Dense weights during training, with the Daumé averaging accumulators.
struct Trainer {
    n: usize,
    index: IntMap<u64, u32>,
    w: Vec<f32>,
    u: Vec<f32>,
    step: f32,
}

impl Trainer {
    fn row(&mut self, f: u64) -> usize {
        let n = self.n;
        let next = self.index.len() as u32;
        let r = *self.index.entry(f).or_insert(next);
        if r == next {
            self.w.resize(self.w.len() + n, 0.0);
            self.u.resize(self.u.len() + n, 0.0);
        }
        r as usize * n
    }
    fn scores(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let base = r as usize * self.n;
                for (s, w) in scores.iter_mut().zip(&self.w[base..base + self.n]) {
                    *s += *w;
                }
            }
        }
    }
    fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        let step = self.step;
        for f in feats {
            let base = self.row(*f);
            self.w[base + truth] += 1.0;
            self.u[base + truth] += step;
            self.w[base + guess] -= 1.0;
            self.u[base + guess] -= step;
        }
    }
    /// Averaged weights, pruned, as a sparse table.
    fn averaged(&self, prune: f32) -> Weights {
        let mut rows: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        let mut packed = Vec::new();
        let mut table = Vec::with_capacity(rows.len());
        let step = self.step.max(1.0);
        for (k, r) in rows {
            let base = r as usize * self.n;
            let start = packed.len();
            for c in 0..self.n {
                let v = self.w[base + c] - self.u[base + c] / step;
                if v.abs() >= prune {
                    packed.push(pack(c as u8, v));
                }
            }
            if packed.len() > start {
                table.push((k, start as u32, packed.len() as u32));
            }
        }
        Weights::assemble(&table, packed)
    }
}

/// Scores of one training epoch.
#[derive(Debug, Clone)]
pub struct EpochReport {
    /// Epoch number (1-based).
    pub epoch: usize,
    /// Training accuracy during the epoch (class), percent.
    pub train_acc: f64,
    /// Dev UPOS accuracy of the averaged model, percent.
    pub dev_upos: f64,
    /// Dev XPOS accuracy, percent.
    pub dev_xpos: f64,
}

fn class_key(upos: &str, xpos: &str) -> String {
    format!("{upos}|{xpos}")
}

/// Trains a tagger and its lemmatizer on `train`, keeping the epoch best on `dev` (UPOS
/// accuracy, or XPOS with `select_on_xpos`; the last epoch when `dev` is empty). `train_name` is recorded in the metadata; `progress` receives
/// one report per epoch.
pub fn train(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    train_name: &str,
    cfg: &TaggerConfig,
    mut progress: impl FnMut(&EpochReport),
) -> Result<Tagger, TaggerError> {
    // Classes, ordered by name for determinism.
    let mut class_counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut word_class: HashMap<String, HashMap<u16, u32>> = HashMap::new();
    let mut lower_class: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let mut vocab: HashMap<String, u32> = HashMap::new();
    for s in train {
        for w in &s.words {
            *class_counts.entry(class_key(&w.upos, &w.xpos)).or_default() += 1;
        }
    }
    if class_counts.is_empty() {
        return Err(TaggerError::Training {
            path: train_name.to_string(),
            what: "no tagged words".into(),
        });
    }
    if class_counts.len() > 255 {
        return Err(TaggerError::Training {
            path: train_name.to_string(),
            what: format!("{} UPOS|XPOS classes, more than 255", class_counts.len()),
        });
    }
    let class_names: Vec<String> = class_counts.keys().cloned().collect();
    let class_id: HashMap<&str, u16> = class_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u16))
        .collect();
    let classes: Vec<TagClass> = class_names
        .iter()
        .map(|n| {
            let (u, x) = n.split_once('|').unwrap_or((n.as_str(), ""));
            TagClass {
                upos: Upos::parse(u).unwrap_or(Upos::X),
                xpos: x.to_string(),
            }
        })
        .collect();
    let gold = |s: &ConlluSentence| -> Vec<u16> {
        s.words
            .iter()
            .map(|w| {
                class_id
                    .get(class_key(&w.upos, &w.xpos).as_str())
                    .copied()
                    .unwrap_or(0)
            })
            .collect()
    };
    let train_gold: Vec<Vec<u16>> = train.iter().map(gold).collect();
    for (s, g) in train.iter().zip(&train_gold) {
        for (w, c) in s.words.iter().zip(g) {
            *word_class
                .entry(w.form.clone())
                .or_default()
                .entry(*c)
                .or_default() += 1;
            let lower = w.form.to_lowercase();
            *vocab.entry(lower.clone()).or_default() += 1;
            *lower_class
                .entry(lower)
                .or_default()
                .entry(class_names[*c as usize].clone())
                .or_default() += 1;
        }
    }
    // Tag dictionary: frequent, (nearly) unambiguous word forms.
    let mut tagdict = HashMap::new();
    for (word, counts) in &word_class {
        let total: u32 = counts.values().sum();
        let (&best, &n) = match counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            Some(x) => x,
            None => continue,
        };
        if total >= cfg.tagdict_min_count && n as f64 / total as f64 >= 0.995 {
            tagdict.insert(word.clone(), best);
        }
    }
    // Ambiguity classes: the two most frequent classes of a lower-cased word.
    let mut ambiguity = HashMap::new();
    for (word, counts) in &lower_class {
        let total: u32 = counts.values().sum();
        if total < cfg.ambiguity_min_count {
            continue;
        }
        let mut v: Vec<(u16, u32)> = counts
            .iter()
            .map(|(k, n)| (class_id[k.as_str()], *n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let first = v[0].0 as u32;
        let second = v
            .get(1)
            .filter(|x| x.1 * 10 >= total)
            .map(|x| x.0 as u32)
            .unwrap_or(NO_CLASS);
        ambiguity.insert(word.clone(), first << 16 | second);
    }
    let lemmatizer = Lemmatizer::train(train);

    let mut tr = Trainer {
        n: classes.len(),
        index: IntMap::default(),
        w: Vec::new(),
        u: Vec::new(),
        step: 1.0,
    };
    let maps = WordMaps::new(&tagdict, &ambiguity);
    let mut buf = String::new();
    let train_toks: Vec<Vec<Tok>> = train
        .iter()
        .map(|s| {
            s.words
                .iter()
                .enumerate()
                .map(|(i, w)| tok_values(&w.form, i == 0, &maps, &cfg.clusters, &mut buf))
                .collect()
        })
        .collect();
    let retired = retired_templates(cfg.feature_set).ok_or_else(|| TaggerError::Training {
        path: train_name.to_string(),
        what: format!("no tagger feature set {}", cfg.feature_set),
    })?;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut tagger = Tagger {
        classes: classes.clone(),
        weights: Weights::default(),
        maps,
        tagdict,
        ambiguity,
        lemmatizer,
        vocab: std::sync::Arc::new(Vocab(vocab.into_iter().collect())),
        clusters: cfg.clusters.clone(),
        meta: ModelMeta::default(),
        version: "untrained".into(),
        retired,
    };
    let mut best: Option<(f64, f64, usize, Weights)> = None;
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; classes.len()];
    for epoch in 1..=cfg.epochs.max(1) {
        order.shuffle(&mut rng);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let (s, toks, g) = (&train[si], &train_toks[si], &train_gold[si]);
            let (mut p1, mut p2) = (NO_CLASS, NO_CLASS);
            for i in 0..s.words.len() {
                let truth = g[i] as usize;
                let guess = if let Some(&c) = tagger.maps.tagdict.get(&toks[i].form) {
                    c as usize
                } else {
                    features(toks, i, p1, p2, retired, &mut feats);
                    tr.scores(&feats, &mut scores);
                    let guess = argmax(&scores);
                    if guess != truth {
                        tr.update(&feats, truth, guess);
                    }
                    guess
                };
                right += (guess == truth) as usize;
                total += 1;
                tr.step += 1.0;
                p2 = p1;
                p1 = guess as u32;
            }
        }
        tagger.weights = tr.averaged(cfg.prune_below);
        let (dev_upos, dev_xpos) = accuracy(&tagger, dev);
        let report = EpochReport {
            epoch,
            train_acc: 100.0 * right as f64 / total.max(1) as f64,
            dev_upos,
            dev_xpos,
        };
        progress(&report);
        // without a dev file every epoch is "best", so the last is kept
        let better = |b: &(f64, f64, usize, Weights)| {
            if cfg.select_on_xpos {
                dev_xpos > b.1
            } else {
                dev_upos > b.0
            }
        };
        if dev.is_empty() || best.as_ref().is_none_or(better) {
            best = Some((
                dev_upos,
                dev_xpos,
                epoch,
                std::mem::take(&mut tagger.weights),
            ));
        }
    }
    if let Some((upos, xpos, epoch, weights)) = best {
        tagger.weights = weights;
        tagger.meta.epochs = epoch;
        tagger.meta.dev_scores.insert("upos".into(), upos);
        tagger.meta.dev_scores.insert("xpos".into(), xpos);
    }
    tagger.meta.training_file = train_name.to_string();
    tagger.meta.sentences = train.len();
    tagger.meta.seed = cfg.seed;
    tagger.meta.feature_set = cfg.feature_set;
    tagger.meta.created_by = format!("jirga-parse {}", env!("CARGO_PKG_VERSION"));
    Ok(tagger)
}

/// UPOS and XPOS accuracy (percent) of `tagger` on gold-tokenized sentences.
pub fn accuracy(tagger: &Tagger, sents: &[ConlluSentence]) -> (f64, f64) {
    let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (c, w) in tagger.tag(&words).into_iter().zip(&s.words) {
            u += (tagger.upos(c).as_str() == w.upos) as usize;
            x += (tagger.xpos(c) == w.xpos) as usize;
            n += 1;
        }
    }
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * k as f64 / n as f64
        }
    };
    (pct(u), pct(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsleeps\tsleep\tVERB\tVBZ\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcats\tcat\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

    fn toy() -> Vec<ConlluSentence> {
        crate::conllu::read(TOY.as_bytes(), "toy").unwrap()
    }

    fn small_cfg() -> TaggerConfig {
        TaggerConfig {
            epochs: 5,
            tagdict_min_count: 100,
            ..Default::default()
        }
    }

    #[test]
    fn learns_the_toy_data_and_round_trips() {
        let data = toy();
        let t = train(&data, &data, "toy", &small_cfg(), |_| {}).unwrap();
        assert_eq!(accuracy(&t, &data).0, 100.0);
        let out = t.annotate(&["A", "dog", "sleeps", "."]);
        assert_eq!(out[1].0, Upos::Noun);
        assert_eq!(out[2].0, Upos::Verb);
        assert_eq!(out[2].2, "sleep");
        let bytes = t.to_bytes().unwrap();
        let back = Tagger::from_bytes(&bytes, "mem").unwrap();
        assert_eq!(
            back.tag(&["The", "cat", "barks", "."]),
            t.tag(&["The", "cat", "barks", "."])
        );
        assert_eq!(back.version().len(), 12);
        assert_eq!(back.vocab().frequency("the"), 2);
        assert_eq!(back.meta().training_file, "toy");
    }

    #[test]
    fn without_a_dev_file_the_last_epoch_is_kept() {
        let data = toy();
        let t = train(&data, &[], "toy", &small_cfg(), |_| {}).unwrap();
        assert_eq!(t.meta().epochs, 5);
        // with a dev file on which every epoch scores the same, the first is kept
        let t = train(&data, &data, "toy", &small_cfg(), |_| {}).unwrap();
        assert!(t.meta().epochs < 5, "{}", t.meta().epochs);
    }

    #[test]
    fn training_is_deterministic_for_a_seed() {
        let data = toy();
        let a = train(&data, &data, "toy", &small_cfg(), |_| {})
            .unwrap()
            .to_bytes()
            .unwrap();
        let b = train(&data, &data, "toy", &small_cfg(), |_| {})
            .unwrap()
            .to_bytes()
            .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let data = toy();
        let t = train(&data, &data, "toy", &small_cfg(), |_| {}).unwrap();
        assert!(t.tag(&[]).is_empty());
        assert_eq!(
            t.tag(&["", "\u{0}", "ééééé", "日本語", "-", "1990s"]).len(),
            6
        );
    }

    #[test]
    fn weight_table_scores_like_a_plain_sum_and_round_trips() {
        // rows: key 7 → classes 0 and 2; key 9 → class 1; key 11 → empty (dropped)
        let packed = vec![pack(0, 1.5), pack(2, -0.25), pack(1, 2.0)];
        let w = Weights::assemble(&[(7, 0, 2), (9, 2, 3), (11, 3, 3)], packed);
        assert_eq!(w.rows, 2);
        let mut scores = [0f32; 256];
        let mut rows = Vec::new();
        // a feature listed twice counts twice; unknown features count nothing
        w.score(&[7, 9, 7, 12345], &mut scores, &mut rows);
        assert_eq!(&scores[..3], &[3.0, 2.0, -0.5]);
        let back = Weights::from_data(w.to_data()).unwrap();
        let mut again = [0f32; 256];
        back.score(&[7, 9, 7, 12345], &mut again, &mut rows);
        assert_eq!(scores, again);
        // many keys that share their low bits probe past each other
        let keys: Vec<(u64, u32, u32)> = (0..100u64)
            .map(|k| (k << 20, k as u32, k as u32 + 1))
            .collect();
        let packed = (0..100).map(|k| pack(k as u8, k as f32)).collect();
        let w = Weights::assemble(&keys, packed);
        for k in 0..100u64 {
            let mut s = [0f32; 256];
            w.score(&[k << 20], &mut s, &mut rows);
            assert_eq!(s[k as usize], k as f32);
        }
    }

    #[test]
    fn clusters_are_stored_and_an_older_feature_set_is_refused() {
        let sents: Vec<Vec<String>> = toy()
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
            .collect();
        let ccfg = crate::clusters::ClusterConfig {
            coarse: 2,
            fine: 3,
            min_count: 1,
            iterations: 3,
            hierarchy: false,
        };
        let clusters = Arc::new(WordClusters::induce(&sents, &ccfg, &|_| {}));
        let cfg = TaggerConfig {
            clusters: clusters.clone(),
            ..small_cfg()
        };
        let t = train(&toy(), &toy(), "toy", &cfg, |_| {}).unwrap();
        let back = Tagger::from_bytes(&t.to_bytes().unwrap(), "t.bin").unwrap();
        assert_eq!(back.clusters(), &clusters);
        assert_eq!(
            back.tag(&["A", "dog", "sleeps", "."]),
            t.tag(&["A", "dog", "sleeps", "."])
        );
        let mut old = t.clone();
        old.meta.feature_set = 1;
        let err = Tagger::from_bytes(&old.to_bytes().unwrap(), "old.bin").unwrap_err();
        assert!(
            matches!(err, TaggerError::Version { found: 1, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("retrain"), "{err}");
    }

    #[test]
    fn the_supertag_feature_set_leaves_its_retired_templates_out() {
        let words = ["The", "envoy", "met", "Russian", "officials", "."];
        let (maps, clusters) = (WordMaps::default(), WordClusters::default());
        let mut buf = String::new();
        let toks: Vec<Tok> = words
            .iter()
            .enumerate()
            .map(|(i, w)| tok_values(w, i == 0, &maps, &clusters, &mut buf))
            .collect();
        let retired = retired_templates(SUPERTAG_FEATURE_SET).unwrap();
        assert_eq!(retired_templates(FEATURE_SET), Some(0));
        assert_eq!(retired.count_ones() as usize, SUPERTAG_RETIRED.len());
        let (mut all, mut some) = (Vec::new(), Vec::new());
        for i in 0..toks.len() {
            features(&toks, i, 3, 7, 0, &mut all);
            features(&toks, i, 3, 7, retired, &mut some);
            assert_eq!(all.len() - some.len(), SUPERTAG_RETIRED.len());
            assert!(some.iter().all(|f| all.contains(f)));
            // the word form's own template is among those left out
            assert!(!some.contains(&mix(101, toks[i].form)));
            assert!(all.contains(&mix(101, toks[i].form)));
        }
        // a supertagger-set model keeps its set through a round trip; an unknown set is
        // refused in training and on load
        let cfg = TaggerConfig {
            feature_set: SUPERTAG_FEATURE_SET,
            ..small_cfg()
        };
        let t = train(&toy(), &toy(), "toy", &cfg, |_| {}).unwrap();
        let back = Tagger::from_bytes(&t.to_bytes().unwrap(), "t.bin").unwrap();
        assert_eq!(back.meta().feature_set, SUPERTAG_FEATURE_SET);
        assert_eq!(back.retired, retired);
        let unknown = TaggerConfig {
            feature_set: 9,
            ..small_cfg()
        };
        assert!(matches!(
            train(&toy(), &toy(), "toy", &unknown, |_| {}),
            Err(TaggerError::Training { .. })
        ));
    }

    #[test]
    fn dense_rows_score_bit_for_bit_like_a_plain_sum_of_their_steps() {
        // long rows (stored dense too) mixed with short ones, values of all magnitudes
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15u64);
        let (mut rows, mut packed) = (Vec::new(), Vec::new());
        for key in 0..40u64 {
            let start = packed.len() as u32;
            let len = if key % 3 == 0 {
                3
            } else {
                DENSE_MIN + key as usize
            };
            let mut classes: Vec<u8> = (0..90u8).collect();
            for i in (1..classes.len()).rev() {
                classes.swap(i, (next() % (i as u64 + 1)) as usize);
            }
            for &c in classes.iter().take(len) {
                let v = (next() % 20001) as f32 / 1000.0 - 10.0;
                let v = v * 10f32.powi((next() % 7) as i32 - 3);
                packed.push(pack(c, if v == 0.0 { 0.5 } else { v }));
            }
            rows.push((key << 40 | key, start, packed.len() as u32));
        }
        let w = Weights::assemble(&rows, packed.clone());
        assert!(!w.dense.is_empty());
        let feats: Vec<u64> = (0..200).map(|_| rows[(next() % 40) as usize].0).collect();
        // the long rows' steps summed first, then the short rows in the order of `feats`
        let step = w.dense_step;
        let maxabs = packed
            .iter()
            .zip(1..)
            .filter(|&(_, i)| {
                rows.iter()
                    .any(|r| r.2 - r.1 >= DENSE_MIN as u32 && i > r.1 && i <= r.2)
            })
            .fold(0f32, |m, (&p, _)| m.max(unpack(p).1.abs()));
        assert_eq!(step, maxabs / 32767.0);
        let mut steps = [0i32; 256];
        let mut want = [0f32; 256];
        for f in &feats {
            let &(_, a, b) = rows.iter().find(|r| r.0 == *f).unwrap();
            if (b - a) as usize >= DENSE_MIN {
                for &p in &packed[a as usize..b as usize] {
                    let (c, v) = unpack(p);
                    steps[c as usize] += (v / step).round() as i32;
                }
            }
        }
        for (x, &q) in want.iter_mut().zip(&steps) {
            *x += q as f32 * step;
        }
        for f in &feats {
            let &(_, a, b) = rows.iter().find(|r| r.0 == *f).unwrap();
            if ((b - a) as usize) < DENSE_MIN {
                for &p in &packed[a as usize..b as usize] {
                    let (c, v) = unpack(p);
                    want[c as usize] += v;
                }
            }
        }
        let mut got = [0f32; 256];
        w.score(&feats, &mut got, &mut Vec::new());
        assert_eq!(want.map(f32::to_bits), got.map(f32::to_bits));
        // the portable path (the one a CPU without AVX2 takes) adds up the same
        let mut plain = [0f32; 256];
        w.score_any(&feats, &mut plain, &mut Vec::new());
        assert_eq!(plain.map(f32::to_bits), got.map(f32::to_bits));
    }

    #[test]
    fn argmax_is_the_first_highest_score() {
        let naive = |s: &[f32]| {
            let mut best = 0;
            for (i, x) in s.iter().enumerate() {
                if *x > s[best] {
                    best = i;
                }
            }
            best
        };
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1D);
        for n in 0..40 {
            for _ in 0..50 {
                // few distinct values, so ties are common
                let s: Vec<f32> = (0..n).map(|_| (next() % 7) as f32 - 3.0).collect();
                assert_eq!(argmax(&s), naive(&s), "{s:?}");
            }
        }
        assert_eq!(argmax(&[]), 0);
        assert_eq!(argmax(&[f32::NAN, 1.0, 2.0]), 0);
        assert_eq!(argmax(&[1.0, f32::NAN, 2.0, 2.0]), 2);
        assert_eq!(argmax(&[f32::NEG_INFINITY; 3]), 0);
        assert_eq!(argmax(&[-0.0, 0.0]), 0);
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_of("Washington"), "Xxx");
        assert_eq!(shape_of("1,000"), "d,dd");
        assert_eq!(shape_of("U.S."), "X.X.");
    }

    #[test]
    fn corrupt_payload_is_an_error() {
        let data = toy();
        let t = train(&data, &data, "toy", &small_cfg(), |_| {}).unwrap();
        let meta = ModelMeta::default();
        let bytes = model::encode_model(ModelKind::Tagger, &meta, b"\x05garbage", "x").unwrap();
        assert!(Tagger::from_bytes(&bytes, "x.bin").is_err());
        let bytes = t.to_bytes().unwrap();
        assert!(Tagger::from_bytes(&bytes, "x").is_ok());
        assert!(Tagger::from_bytes(&bytes[..bytes.len() / 2], "x").is_err());
    }
}
