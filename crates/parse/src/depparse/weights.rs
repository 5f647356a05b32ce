//! Averaged-perceptron weights: a growable sparse table for training and a compact,
//! read-only table for parsing.
//!
//! Each feature owns a short list of `(class, weight)` pairs: a perceptron update only
//! touches the gold and the predicted class, so rows stay sparse even with 133 classes.

use crate::prefetch;
use rustc_hash::FxHashMap;

/// Receives one averaged row: the feature and its `(class, weight)` pairs.
pub(crate) type RowSink<'a> = dyn FnMut(u64, &[(u8, f32)]) + 'a;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u8,
    w: i32,
    total: i64,
    stamp: u32,
}

/// Training weights with lazy averaging.
#[derive(Debug, Default)]
pub(crate) struct TrainWeights {
    rows: FxHashMap<u64, Vec<Entry>>,
    /// Number of training instances seen so far.
    pub now: u32,
}

impl TrainWeights {
    /// Adds the current weights of `feats` to `scores`.
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32]) {
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    if let Some(s) = scores.get_mut(e.class as usize) {
                        *s += e.w;
                    }
                }
            }
        }
    }

    /// Perceptron update: +1 for `good`, -1 for `bad` on every feature.
    pub(crate) fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        let now = self.now;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(good as u8, 1i32), (bad as u8, -1i32)] {
                match row.iter_mut().find(|e| e.class == class) {
                    Some(e) => {
                        e.total += e.w as i64 * (now - e.stamp) as i64;
                        e.stamp = now;
                        e.w += delta;
                    }
                    None => row.push(Entry {
                        class,
                        w: delta,
                        total: 0,
                        stamp: now,
                    }),
                }
            }
        }
    }

    /// Number of (feature, class) weights held.
    pub(crate) fn len(&self) -> usize {
        self.rows.values().map(Vec::len).sum()
    }

    /// Calls `emit` with each feature's averaged row (ascending keys, ascending classes),
    /// dropping weights whose magnitude is below `prune`.
    pub(crate) fn average_rows(&self, prune: f32, emit: &mut RowSink<'_>) {
        let now = self.now.max(1) as f64;
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut es: Vec<(u8, f32)> = Vec::new();
        for k in keys {
            let Some(row) = self.rows.get(&k) else {
                continue;
            };
            es.clear();
            es.extend(
                row.iter()
                    .map(|e| {
                        let tot = e.total + e.w as i64 * (self.now - e.stamp) as i64;
                        (e.class, (tot as f64 / now) as f32)
                    })
                    .filter(|(_, w)| w.abs() >= prune && *w != 0.0),
            );
            es.sort_unstable_by_key(|e| e.0);
            if !es.is_empty() {
                emit(k, &es);
            }
        }
    }

    /// The averaged weights as a sparse table.
    pub(crate) fn average(&self, prune: f32) -> Weights {
        let mut out = WeightsBuilder::default();
        self.average_rows(prune, &mut |k, row| out.push(k, row));
        out.build()
    }

    /// The averaged weights as a dense three-class table.
    pub(crate) fn average_moves(&self, prune: f32) -> MoveWeights {
        let mut keys = Vec::new();
        let mut ws: Vec<f32> = Vec::new();
        self.average_rows(prune, &mut |k, row| {
            keys.push(k);
            let mut r = [0f32; 3];
            for &(c, w) in row {
                if let Some(x) = r.get_mut(c as usize) {
                    *x = w;
                }
            }
            ws.extend_from_slice(&r);
        });
        MoveWeights::quantise(keys, &ws)
    }
}

/// The scale and `i16` steps of real weights (the largest magnitude maps to 32767).
fn quantise(ws: &[f32]) -> (f32, Vec<i16>) {
    let maxabs = ws.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
    let q = ws
        .iter()
        .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    (scale, q)
}

/// Read-only averaged weights for the three moves (SHIFT, LEFT, RIGHT), quantised to
/// `i16`, in an open-addressing table of 64-byte buckets: one cache line holds six
/// features' 32-bit fingerprints and their three weights each, so a lookup usually
/// costs one cache miss. A feature lives in its home bucket unless that one is full;
/// then it goes to the next bucket with room (linear probing by buckets), and every
/// bucket it passes is flagged, so that a lookup of an absent feature (most lookups)
/// stops at its home bucket when the bucket has no such flag.
///
/// Within a bucket features fill the lanes in order and a free lane has zero weights,
/// so a lookup adds the weights of the first lane that matches or is free without a
/// branch on which it was. Two features with the same fingerprint in one probe
/// sequence (one chance in some 2^32 per pair) would shadow each other; the sum of
/// the found weights is independent of the layout otherwise.
#[derive(Debug, Clone)]
pub(crate) struct MoveWeights {
    /// Feature keys in ascending order (for serialisation).
    pub keys: Vec<u64>,
    /// Three quantised weights per key.
    pub weights: Vec<i16>,
    /// Real value of one quantisation step.
    pub scale: f32,
    buckets: Vec<MoveBucket>,
}

/// Features per bucket.
const LANES: usize = 6;
/// Buckets are sized for this average fill (features per lane).
const FILL: f64 = 0.6;

#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct MoveBucket {
    /// Fingerprint per lane, 0 for a free lane; lanes fill in order.
    fps: [u32; LANES],
    /// The weights of each lane (zero for a free lane).
    ws: [[i16; 3]; LANES],
    /// Nonzero when a feature whose probe passed this bucket lives further on.
    overflow: u32,
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

/// Bit `2j` (and `2j + 1`) set when lane `j` holds `fp` or is free.
#[inline]
fn lane_stops(b: &MoveBucket, fp: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is part of x86_64; the loads read the six u32 of `b.fps` (16
        // bytes, then 8 bytes into the low half of a register whose high half is zero).
        unsafe {
            let p = b.fps.as_ptr();
            let lo = _mm_loadu_si128(p as *const __m128i);
            let hi = _mm_loadl_epi64(p.add(4) as *const __m128i);
            let key = _mm_set1_epi32(fp as i32);
            let zero = _mm_setzero_si128();
            let lo = _mm_or_si128(_mm_cmpeq_epi32(lo, key), _mm_cmpeq_epi32(lo, zero));
            let hi = _mm_or_si128(_mm_cmpeq_epi32(hi, key), _mm_cmpeq_epi32(hi, zero));
            // lanes 6 and 7 of `hi` are the zeroed high half: not lanes of the bucket
            (_mm_movemask_epi8(_mm_packs_epi32(lo, hi)) as u32) & ((1 << (2 * LANES)) - 1)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut stop = 0u32;
        for (j, &x) in b.fps.iter().enumerate() {
            stop |= (((x == fp) | (x == 0)) as u32 * 3) << (2 * j);
        }
        stop
    }
}

impl MoveWeights {
    /// Builds the table from ascending keys and three real weights per key.
    fn quantise(keys: Vec<u64>, ws: &[f32]) -> MoveWeights {
        let (scale, q) = quantise(ws);
        MoveWeights::assemble(keys, q, scale)
    }

    /// The average of `tables` (`k` of them; a feature a table lacks counts as zero
    /// weights) over the union of their features, dropping the features whose averaged
    /// weights are all below `prune` in magnitude.
    pub(crate) fn mix<'a>(
        tables: impl Iterator<Item = &'a MoveWeights>,
        k: f32,
        prune: f32,
    ) -> MoveWeights {
        let mut sum: FxHashMap<u64, [f32; 3]> = FxHashMap::default();
        for t in tables {
            for (&key, w) in t.keys.iter().zip(t.weights.chunks_exact(3)) {
                let e = sum.entry(key).or_default();
                for (x, &q) in e.iter_mut().zip(w) {
                    *x += q as f32 * t.scale;
                }
            }
        }
        let mut rows: Vec<(u64, [f32; 3])> = sum
            .into_iter()
            .map(|(key, w)| (key, w.map(|x| x / k.max(1.0))))
            .filter(|(_, w)| w.iter().any(|x| x.abs() >= prune))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        let ws: Vec<f32> = rows.iter().flat_map(|r| r.1).collect();
        MoveWeights::quantise(rows.into_iter().map(|r| r.0).collect(), &ws)
    }

    /// The home bucket of `f` among `n` (its low 32 bits scaled to `0..n`).
    #[inline]
    fn home(f: u64, n: usize) -> usize {
        ((f as u32 as u64 * n as u64) >> 32) as usize
    }

    fn assemble(keys: Vec<u64>, weights: Vec<i16>, scale: f32) -> MoveWeights {
        let n = ((keys.len() as f64 / (LANES as f64 * FILL)).ceil() as usize).max(1);
        let mut buckets = vec![MoveBucket::default(); n];
        let mut fill = vec![0u8; n];
        for (&k, w) in keys.iter().zip(weights.chunks_exact(3)) {
            let mut b = MoveWeights::home(k, n);
            // the table has more lanes than keys, so a bucket with room comes
            while fill[b] as usize == LANES {
                buckets[b].overflow = 1;
                b = if b + 1 == n { 0 } else { b + 1 };
            }
            let j = fill[b] as usize;
            buckets[b].fps[j] = fingerprint(k);
            buckets[b].ws[j] = [w[0], w[1], w[2]];
            fill[b] += 1;
        }
        MoveWeights {
            keys,
            weights,
            scale,
            buckets,
        }
    }

    /// Rebuilds from stored arrays; `None` when they are inconsistent.
    pub(crate) fn from_parts(keys: Vec<u64>, weights: Vec<i16>, scale: f32) -> Option<MoveWeights> {
        if keys.len().checked_mul(3) != Some(weights.len()) {
            return None;
        }
        Some(MoveWeights::assemble(keys, weights, scale))
    }

    /// The weights a lookup of `f` ends on: those of the first lane, in the home
    /// bucket and on, that matches or is free, or none when the probe reaches a full
    /// bucket without a match that no feature passed.
    #[inline]
    fn find(&self, f: u64) -> Option<&[i16; 3]> {
        let n = self.buckets.len();
        let fp = fingerprint(f);
        let mut b = MoveWeights::home(f, n);
        for _ in 0..n {
            let bucket = self.buckets.get(b)?;
            let stop = lane_stops(bucket, fp);
            if stop != 0 {
                return bucket.ws.get((stop.trailing_zeros() / 2) as usize);
            }
            if bucket.overflow == 0 {
                return None;
            }
            b = if b + 1 == n { 0 } else { b + 1 };
        }
        None
    }

    /// Adds the weights of `feats` to `scores`.
    #[cfg(test)]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32; 3]) {
        self.prefetch(feats);
        self.add(feats, scores);
    }

    /// Asks for the buckets of `feats` to be loaded.
    #[inline]
    pub(crate) fn prefetch(&self, feats: &[u64]) {
        let n = self.buckets.len();
        for &f in feats {
            prefetch(self.buckets.as_ptr().wrapping_add(MoveWeights::home(f, n)));
        }
    }

    /// Adds the weights of `feats` to `scores`, without prefetching.
    #[inline]
    pub(crate) fn add(&self, feats: &[u64], scores: &mut [i32; 3]) {
        let mut acc = [0i32; 3];
        for &f in feats {
            // a miss usually ends on a free lane, whose weights are zero
            if let Some(w) = self.find(f) {
                for (a, &x) in acc.iter_mut().zip(w) {
                    *a += x as i32;
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s += a;
        }
    }

    /// Number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// A copy without the features whose largest weight is below `min` in magnitude.
    pub(crate) fn pruned(&self, min: f32) -> MoveWeights {
        let q = (min / self.scale).round() as i32;
        let (mut keys, mut ws) = (Vec::new(), Vec::new());
        for (&k, w) in self.keys.iter().zip(self.weights.chunks_exact(3)) {
            if w.iter().any(|&x| (x as i32).abs() >= q) {
                keys.push(k);
                ws.extend_from_slice(w);
            }
        }
        MoveWeights::assemble(keys, ws, self.scale)
    }
}

/// Accumulates rows in key order.
#[derive(Debug, Default)]
pub(crate) struct WeightsBuilder {
    keys: Vec<u64>,
    lens: Vec<u8>,
    classes: Vec<u8>,
    weights: Vec<f32>,
}

impl WeightsBuilder {
    /// Appends one feature's row (skipped when empty).
    pub(crate) fn push(&mut self, key: u64, row: &[(u8, f32)]) {
        if row.is_empty() || self.classes.len() + row.len() > MAX_ENTRIES {
            return;
        }
        let row = &row[..row.len().min(255)];
        self.keys.push(key);
        self.lens.push(row.len() as u8);
        for &(c, w) in row {
            self.classes.push(c);
            self.weights.push(w);
        }
    }

    /// Quantises the weights to `i16` and builds the lookup table.
    pub(crate) fn build(self) -> Weights {
        let (scale, q) = quantise(&self.weights);
        Weights::assemble(self.keys, self.lens, self.classes, q, scale)
    }
}

/// Rows can start anywhere below 2^24 (the slot packs `start << 8 | len`).
const MAX_ENTRIES: usize = 1 << 24;

/// Read-only averaged weights, quantised to `i16`, in an open-addressing table whose
/// 8-byte slots hold a 32-bit fingerprint of the feature and the position of its row.
/// Scoring prefetches every slot first so the cache misses overlap.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Feature keys in ascending order (for serialisation).
    pub keys: Vec<u64>,
    /// Row length per key.
    pub lens: Vec<u8>,
    /// Class of each weight, rows concatenated.
    pub classes: Vec<u8>,
    /// The quantised weights, rows concatenated.
    pub weights: Vec<i16>,
    /// Real value of one quantisation step.
    pub scale: f32,
    slots: Vec<u64>,
    mask: usize,
    /// The rows of at least [`DENSE_MIN`] weights again, as `width` weights each (zero
    /// for an absent class); their slots hold the row's index and length 0.
    dense: Vec<i16>,
    /// Classes per dense row: the largest class plus one, rounded up to eight.
    width: usize,
}

/// Rows with at least this many weights are also stored dense: adding a whole row of
/// `i16` is cheaper than scattering a long sparse one, and integer sums do not depend
/// on the order, so the scores are the same.
const DENSE_MIN: u8 = 12;

impl Weights {
    /// The average of `tables` (`k` of them; a weight a table lacks counts as zero) over
    /// the union of their features, dropping averaged weights below `prune` in magnitude.
    pub(crate) fn mix<'a>(
        tables: impl Iterator<Item = &'a Weights>,
        k: f32,
        prune: f32,
    ) -> Weights {
        let mut sum: FxHashMap<u64, Vec<(u8, f32)>> = FxHashMap::default();
        for t in tables {
            let mut start = 0usize;
            for (&key, &len) in t.keys.iter().zip(&t.lens) {
                let end = start + len as usize;
                let row = sum.entry(key).or_default();
                if let (Some(cs), Some(ws)) = (t.classes.get(start..end), t.weights.get(start..end))
                {
                    for (&c, &q) in cs.iter().zip(ws) {
                        let w = q as f32 * t.scale;
                        match row.iter_mut().find(|e| e.0 == c) {
                            Some(e) => e.1 += w,
                            None => row.push((c, w)),
                        }
                    }
                }
                start = end;
            }
        }
        let mut keys: Vec<u64> = sum.keys().copied().collect();
        keys.sort_unstable();
        let mut out = WeightsBuilder::default();
        let mut row: Vec<(u8, f32)> = Vec::new();
        for key in keys {
            let Some(r) = sum.get(&key) else {
                continue;
            };
            row.clear();
            row.extend(
                r.iter()
                    .map(|&(c, w)| (c, w / k.max(1.0)))
                    .filter(|(_, w)| w.abs() >= prune && *w != 0.0),
            );
            row.sort_unstable_by_key(|e| e.0);
            out.push(key, &row);
        }
        out.build()
    }

    fn assemble(
        keys: Vec<u64>,
        lens: Vec<u8>,
        classes: Vec<u8>,
        weights: Vec<i16>,
        scale: f32,
    ) -> Weights {
        let cap = (keys.len() * 4 / 3 + 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![0u64; cap];
        let width = classes
            .iter()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0)
            .div_ceil(8)
            * 8;
        let mut dense = Vec::new();
        let mut start = 0u64;
        for (&k, &len) in keys.iter().zip(&lens) {
            let mut i = k as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            let end = start as usize + len as usize;
            let row = (
                classes.get(start as usize..end),
                weights.get(start as usize..end),
            );
            slots[i] = match row {
                (Some(cs), Some(ws)) if len >= DENSE_MIN => {
                    let at = dense.len();
                    let index = (at / width.max(1)) as u64;
                    dense.resize(at + width, 0i16);
                    for (&c, &w) in cs.iter().zip(ws) {
                        // one weight per class in a row (rows are built that way)
                        if let Some(x) = dense.get_mut(at + c as usize) {
                            *x = x.saturating_add(w);
                        }
                    }
                    (k >> 32) << 32 | (index << 8)
                }
                _ => (k >> 32) << 32 | (start << 8) | len as u64,
            };
            start += len as u64;
        }
        Weights {
            keys,
            lens,
            classes,
            weights,
            scale,
            slots,
            mask,
            dense,
            width,
        }
    }

    /// Rebuilds from stored arrays; `None` when they are inconsistent.
    pub(crate) fn from_parts(
        keys: Vec<u64>,
        lens: Vec<u8>,
        classes: Vec<u8>,
        weights: Vec<i16>,
        scale: f32,
    ) -> Option<Weights> {
        if keys.len() != lens.len() || classes.len() != weights.len() || classes.len() > MAX_ENTRIES
        {
            return None;
        }
        let total: usize = lens.iter().map(|&l| l as usize).sum();
        if total != classes.len() || lens.contains(&0) {
            return None;
        }
        Some(Weights::assemble(keys, lens, classes, weights, scale))
    }

    /// Adds the weights of `feats` to `scores` (in quantisation steps); `rows` is scratch.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32], rows: &mut Vec<(u32, u32)>) {
        for &f in feats {
            prefetch(self.slots.as_ptr().wrapping_add(f as usize & self.mask));
        }
        rows.clear();
        for &f in feats {
            let fp = f >> 32;
            let mut i = f as usize & self.mask;
            loop {
                let s = self.slots[i];
                if s == 0 {
                    break;
                }
                if s >> 32 == fp {
                    let packed = s & 0xffff_ffff;
                    let (start, len) = ((packed >> 8) as u32, (packed & 0xff) as u32);
                    if len == 0 {
                        let p = self
                            .dense
                            .as_ptr()
                            .wrapping_add(start as usize * self.width);
                        for line in 0..(self.width * 2).div_ceil(64) {
                            prefetch(p.wrapping_add(line * 32));
                        }
                    } else {
                        prefetch(self.weights.as_ptr().wrapping_add(start as usize));
                        prefetch(self.classes.as_ptr().wrapping_add(start as usize));
                    }
                    rows.push((start, len));
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for &(start, len) in rows.iter() {
            if len == 0 {
                let at = start as usize * self.width;
                if let Some(row) = self.dense.get(at..at + self.width) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
                continue;
            }
            let (start, end) = (start as usize, (start + len) as usize);
            if let (Some(cs), Some(ws)) =
                (self.classes.get(start..end), self.weights.get(start..end))
            {
                for (&c, &w) in cs.iter().zip(ws) {
                    if let Some(s) = scores.get_mut(c as usize) {
                        *s += w as i32;
                    }
                }
            }
        }
    }

    /// Number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Number of weights.
    pub(crate) fn n_weights(&self) -> usize {
        self.weights.len()
    }

    /// A copy without the weights below `min` in magnitude.
    pub(crate) fn pruned(&self, min: f32) -> Weights {
        let q = (min / self.scale).round() as i32;
        let mut b = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut start = 0usize;
        for (&k, &len) in self.keys.iter().zip(&self.lens) {
            let end = start + len as usize;
            let before = b.2.len();
            for i in start..end {
                if (self.weights[i] as i32).abs() >= q {
                    b.2.push(self.classes[i]);
                    b.3.push(self.weights[i]);
                }
            }
            if b.2.len() > before {
                b.0.push(k);
                b.1.push((b.2.len() - before) as u8);
            }
            start = end;
        }
        Weights::assemble(b.0, b.1, b.2, b.3, self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_lookups_find_exactly_the_stored_weights() {
        let mut next = crate::xorshift(0x1234_5678_9abc_def0u64);
        for n in [1usize, 5, 6, 7, 40, 1000, 5000] {
            // keys crowding a few homes (full buckets, long probes wrapping past the
            // last bucket) beside spread ones; fingerprints distinct
            let mut keys: Vec<u64> = (0..n)
                .map(|i| match i % 3 {
                    0 => next(),
                    1 => (next() & !0xFFFF_FFFF) | 0xFFFF_FFF0 | (i as u64 & 0xF),
                    _ => (next() & !0xFFFF_FFFF) | (i as u64 & 0x3),
                })
                .collect();
            keys.sort_unstable();
            keys.dedup_by_key(|k| fingerprint(*k));
            keys.sort_unstable();
            let weights: Vec<i16> = (0..keys.len() * 3).map(|_| next() as i16).collect();
            let truth: FxHashMap<u64, [i32; 3]> = keys
                .iter()
                .zip(weights.chunks_exact(3))
                .map(|(&k, w)| (k, [w[0] as i32, w[1] as i32, w[2] as i32]))
                .collect();
            let fps: std::collections::HashSet<u32> =
                keys.iter().map(|&k| fingerprint(k)).collect();
            let table = MoveWeights::from_parts(keys.clone(), weights.clone(), 1.0).unwrap();
            let mut feats: Vec<u64> = keys.iter().step_by(3).copied().collect();
            feats.extend(
                (0..300)
                    .map(|i| match i % 3 {
                        0 => next(),
                        1 => (next() & !0xFFFF_FFFF) | 0xFFFF_FFF0,
                        _ => (next() & !0xFFFF_FFFF) | 0x2,
                    })
                    .filter(|f| !fps.contains(&fingerprint(*f))),
            );
            for chunk in feats.chunks(7) {
                let mut got = [0i32; 3];
                table.score(chunk, &mut got);
                let mut want = [0i32; 3];
                for f in chunk {
                    if let Some(w) = truth.get(f) {
                        for (a, b) in want.iter_mut().zip(w) {
                            *a += b;
                        }
                    }
                }
                assert_eq!(got, want, "{n} keys");
            }
        }
    }

    #[test]
    fn label_rows_dense_or_sparse_score_like_a_plain_sum() {
        let mut next = crate::xorshift(0x0f1e_2d3c_4b5a_6978u64);
        // rows of 1 to 65 weights over 65 classes: short ones sparse, long ones dense
        let mut b = WeightsBuilder::default();
        let mut truth: FxHashMap<u64, Vec<(u8, f32)>> = FxHashMap::default();
        let mut keys: Vec<u64> = (0..400).map(|_| next() | 1 << 40).collect();
        keys.sort_unstable();
        keys.dedup();
        for (i, &k) in keys.iter().enumerate() {
            let len = 1 + i % 65;
            let mut classes: Vec<u8> = (0..65u8).collect();
            classes.rotate_left(i % 65);
            let mut row: Vec<(u8, f32)> = classes[..len]
                .iter()
                .map(|&c| (c, (next() % 2001) as f32 - 1000.0))
                .collect();
            row.sort_unstable_by_key(|e| e.0);
            b.push(k, &row);
            truth.insert(k, row);
        }
        let w = b.build();
        assert!(!w.dense.is_empty() && w.width == 72);
        let mut rows = Vec::new();
        for chunk in keys.chunks(37) {
            let mut feats = chunk.to_vec();
            feats.push(next());
            let mut got = vec![0i32; 65];
            w.score(&feats, &mut got, &mut rows);
            let mut want = vec![0i32; 65];
            for f in chunk {
                for &(c, v) in &truth[f] {
                    want[c as usize] += (v / w.scale).round() as i32;
                }
            }
            assert_eq!(got, want);
        }
    }

    #[test]
    fn shared_fingerprints_do_not_break_lookups() {
        // every key has fingerprint 7: lookups stop on the first, and never loop
        let keys: Vec<u64> = (0..50u64).map(|i| (7 << 32) | i).collect();
        let weights = vec![1i16; 150];
        let table = MoveWeights::from_parts(keys, weights, 1.0).unwrap();
        let mut got = [0i32; 3];
        table.score(&[(7 << 32) | 3, (8 << 32) | 3, 0], &mut got);
        assert_eq!(got, [1, 1, 1]);
    }
}
