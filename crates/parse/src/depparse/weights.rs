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
/// `i16`, in an open-addressing table (linear probing) whose slots hold a 32-bit
/// fingerprint of the feature and its three weights.
///
/// Fingerprints and weights are kept in two arrays, so that the first [`WINDOW`]
/// fingerprints of a probe are compared in one go, and a free slot holds zero weights,
/// so that a lookup adds the weights of the slot it ends on whether it found its feature
/// or not: no branch on a lookup's outcome, a coin toss for the branch predictor. Only
/// the placement in memory differs from a plain array of slots: every lookup sees the
/// same probe sequence and finds the same weights.
#[derive(Debug, Clone)]
pub(crate) struct MoveWeights {
    /// Feature keys in ascending order (for serialisation).
    pub keys: Vec<u64>,
    /// Three quantised weights per key.
    pub weights: Vec<i16>,
    /// Real value of one quantisation step.
    pub scale: f32,
    /// Fingerprint per slot, 0 for a free slot; the first [`WINDOW`] slots are repeated
    /// after the last, so that a probe window never wraps.
    fps: Vec<u32>,
    /// The weights of each slot (the fourth is 0), repeated like `fps`.
    ws: Vec<[i16; 4]>,
    mask: usize,
}

/// Slots of a probe compared at once.
const WINDOW: usize = 8;

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

/// Bits `2j` and `2j + 1` set when `win[j]` is `fp` or free (0), for `j < WINDOW`.
#[inline]
fn window_stops(win: &[u32; WINDOW], fp: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is part of x86_64; the loads read the 8 u32 of `win`.
        unsafe {
            let p = win.as_ptr() as *const __m128i;
            let (lo, hi) = (_mm_loadu_si128(p), _mm_loadu_si128(p.add(1)));
            let key = _mm_set1_epi32(fp as i32);
            let zero = _mm_setzero_si128();
            let lo = _mm_or_si128(_mm_cmpeq_epi32(lo, key), _mm_cmpeq_epi32(lo, zero));
            let hi = _mm_or_si128(_mm_cmpeq_epi32(hi, key), _mm_cmpeq_epi32(hi, zero));
            _mm_movemask_epi8(_mm_packs_epi32(lo, hi)) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut stop = 0u32;
        for (j, &x) in win.iter().enumerate() {
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

    fn assemble(keys: Vec<u64>, weights: Vec<i16>, scale: f32) -> MoveWeights {
        let cap = (keys.len() * 4 / 3 + 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut fps = vec![0u32; cap + WINDOW];
        let mut ws = vec![[0i16; 4]; cap + WINDOW];
        for (&k, w) in keys.iter().zip(weights.chunks_exact(3)) {
            let mut i = k as usize & mask;
            while fps[i] != 0 {
                i = (i + 1) & mask;
            }
            fps[i] = fingerprint(k);
            ws[i] = [w[0], w[1], w[2], 0];
        }
        for i in 0..WINDOW {
            fps[cap + i] = fps[i];
            ws[cap + i] = ws[i];
        }
        MoveWeights {
            keys,
            weights,
            scale,
            fps,
            ws,
            mask,
        }
    }

    /// Rebuilds from stored arrays; `None` when they are inconsistent.
    pub(crate) fn from_parts(keys: Vec<u64>, weights: Vec<i16>, scale: f32) -> Option<MoveWeights> {
        if keys.len().checked_mul(3) != Some(weights.len()) {
            return None;
        }
        Some(MoveWeights::assemble(keys, weights, scale))
    }

    /// The slot a lookup of `f` ends on: the first slot, probing linearly from
    /// `f & mask`, whose fingerprint matches or which is free.
    #[inline]
    fn find(&self, f: u64) -> usize {
        let fp = fingerprint(f);
        let home = f as usize & self.mask;
        if let Some(win) = self.fps.get(home..home + WINDOW) {
            if let Ok(win) = <&[u32; WINDOW]>::try_from(win) {
                let stop = window_stops(win, fp);
                if stop != 0 {
                    return home + (stop.trailing_zeros() / 2) as usize;
                }
            }
        }
        let mut i = (home + WINDOW) & self.mask;
        for _ in 0..=self.mask {
            match self.fps.get(i) {
                Some(&x) if x != fp && x != 0 => i = (i + 1) & self.mask,
                _ => break,
            }
        }
        i
    }

    /// Adds the weights of `feats` to `scores`.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32; 3]) {
        for &f in feats {
            let home = f as usize & self.mask;
            prefetch(self.fps.as_ptr().wrapping_add(home));
            prefetch(self.ws.as_ptr().wrapping_add(home));
        }
        let mut acc = [0i32; 4];
        for &f in feats {
            // a miss ends on a free slot, whose weights are zero
            if let Some(w) = self.ws.get(self.find(f)) {
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
}

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
        let mut start = 0u64;
        for (&k, &len) in keys.iter().zip(&lens) {
            let mut i = k as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (k >> 32) << 32 | (start << 8) | len as u64;
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
                    let start = (packed >> 8) as u32;
                    prefetch(self.weights.as_ptr().wrapping_add(start as usize));
                    prefetch(self.classes.as_ptr().wrapping_add(start as usize));
                    rows.push((start, (packed & 0xff) as u32));
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for &(start, len) in rows.iter() {
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

    /// The plain array of 12-byte slots the move table was first stored as: the lookup
    /// the laid-out table must reproduce exactly, fingerprint collisions included.
    fn reference(keys: &[u64], weights: &[i16], feats: &[u64]) -> [i32; 3] {
        let cap = (keys.len() * 4 / 3 + 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u32, [0i16; 3]); cap];
        for (&k, w) in keys.iter().zip(weights.chunks_exact(3)) {
            let mut i = k as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (fingerprint(k), [w[0], w[1], w[2]]);
        }
        let mut out = [0i32; 3];
        for &f in feats {
            let mut i = f as usize & mask;
            loop {
                let (fp, w) = slots[i];
                if fp == fingerprint(f) {
                    for (o, x) in out.iter_mut().zip(w) {
                        *o += x as i32;
                    }
                    break;
                }
                if fp == 0 {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        out
    }

    #[test]
    fn move_lookups_match_a_plain_slot_array() {
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [1usize, 11, 12, 40, 1000, 5000] {
            // keys crowding a few homes (long probes, wrapping past the last slot) and
            // sharing fingerprints (a lookup may stop on another key's slot)
            let mut keys: Vec<u64> = (0..n)
                .map(|i| match i % 4 {
                    0 => next(),
                    1 => (next() & !0xFFFF_FFFF) | 0xFFFF_FFF0 | (i as u64 & 0xF),
                    2 => (7u64 << 32) | (next() & 0xFFFF_FFFF),
                    _ => next() & 0xFFFF_FFFF,
                })
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let weights: Vec<i16> = (0..keys.len() * 3).map(|_| next() as i16).collect();
            let table = MoveWeights::from_parts(keys.clone(), weights.clone(), 1.0).unwrap();
            let mut feats: Vec<u64> = keys.iter().step_by(3).copied().collect();
            feats.extend((0..300).map(|i| match i % 3 {
                0 => next(),
                1 => (7u64 << 32) | (next() & 0xFFFF_FFFF),
                _ => (next() & !0xFFFF_FFFF) | 0xFFFF_FFF0,
            }));
            for chunk in feats.chunks(7) {
                let mut got = [0i32; 3];
                table.score(chunk, &mut got);
                assert_eq!(got, reference(&keys, &weights, chunk), "{n} keys");
            }
        }
    }
}
