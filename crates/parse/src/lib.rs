//! # jirga-parse
//!
//! Lemmatizer, POS tagger and dependency parser trained on UD English EWT; CoNLL-U
//! reading and writing; the versioned model file format.
#![deny(missing_docs)]

pub mod annotate;
pub mod clusters;
pub mod conllu;
pub mod depparse;
pub mod lemma;
pub mod metrics;
pub mod model;
pub mod supertag;
pub mod tagger;

/// Hints the CPU to load the cache line at `p`: weight tables are probed at hashed,
/// unpredictable addresses, so the tagger and the parser fetch the next row early.
#[inline]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A xorshift64 generator of test data (`seed` nonzero): the same numbers every run.
#[cfg(test)]
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}
