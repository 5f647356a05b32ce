//! Averaged-perceptron weights: a growable sparse table for training and a compact,
//! read-only table for parsing.
//!
//! Each feature owns a short list of `(class, weight)` pairs: a perceptron update only
//! touches the gold and the predicted class, so rows stay sparse even with 133 classes.

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
        let maxabs = ws.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
        let q = ws
            .iter()
            .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        MoveWeights::assemble(keys, q, scale)
    }
}

/// Read-only averaged weights for the three moves (SHIFT, LEFT, RIGHT), quantised to
/// `i16`, in an open-addressing table whose 12-byte slots hold a 32-bit fingerprint of the
/// feature and its three weights: one cache line touched per feature.
#[derive(Debug, Clone)]
pub(crate) struct MoveWeights {
    /// Feature keys in ascending order (for serialisation).
    pub keys: Vec<u64>,
    /// Three quantised weights per key.
    pub weights: Vec<i16>,
    /// Real value of one quantisation step.
    pub scale: f32,
    slots: Vec<MoveSlot>,
    mask: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct MoveSlot {
    fp: u32,
    w: [i16; 3],
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

impl MoveWeights {
    fn assemble(keys: Vec<u64>, weights: Vec<i16>, scale: f32) -> MoveWeights {
        let cap = (keys.len() * 4 / 3 + 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![MoveSlot::default(); cap];
        for (&k, w) in keys.iter().zip(weights.chunks_exact(3)) {
            let mut i = k as usize & mask;
            while slots[i].fp != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = MoveSlot {
                fp: fingerprint(k),
                w: [w[0], w[1], w[2]],
            };
        }
        MoveWeights {
            keys,
            weights,
            scale,
            slots,
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

    /// Adds the weights of `feats` to `scores`.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32; 3]) {
        for &f in feats {
            prefetch(self.slots.as_ptr().wrapping_add(f as usize & self.mask));
        }
        let (mut a, mut b, mut c) = (0i32, 0i32, 0i32);
        for &f in feats {
            let fp = fingerprint(f);
            let mut i = f as usize & self.mask;
            while let Some(s) = self.slots.get(i) {
                if s.fp == fp {
                    a += s.w[0] as i32;
                    b += s.w[1] as i32;
                    c += s.w[2] as i32;
                    break;
                }
                if s.fp == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        scores[0] += a;
        scores[1] += b;
        scores[2] += c;
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
        let maxabs = self.weights.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
        let q = self
            .weights
            .iter()
            .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
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

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Weights {
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
