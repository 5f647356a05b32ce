//! Deduplication: which event reports describe the same happening (an *incident*).
//!
//! # The rule
//!
//! Two event reports belong to the same incident when **all** of these hold:
//!
//! 1. **Same participants.** The three-letter roots of source and target codes are equal
//!    (`RUSGOV` and `RUS` are both `RUS`: outlets name the same side at different levels).
//!    For symmetric acts ([`is_symmetric`]: consult, meet at a third location, negotiate,
//!    sign an agreement, material cooperation) the pair is unordered; for every other code
//!    it is ordered (A accusing B is not B accusing A).
//! 2. **Compatible codes.** Same CAMEO root, and one code is a prefix of the other once the
//!    generic `…0` of a root is dropped (`040` ~ `043` ~ `0431`, `043` ≁ `042`).
//! 3. **Same polarity.** A negated report ("did not attend") never merges with an asserted one.
//! 4. **Close dates.** Event dates (resolved `when.date`, else the document date) that are
//!    both day-precise are at most [`DedupConfig::window_days`] apart (default 2). Coarser
//!    dates merge only with a date of the same precision and the same value (same month),
//!    and year-only dates only within one document. Reports with no date at all merge only
//!    within the same document. So happenings far apart in time never merge.
//! 5. **Same place, when both have one.** Countries must be equal when both are known, and
//!    place names (city, else the text) when both are known.
//!
//! Each new report joins the incident of the closest earlier compatible report (smallest
//! date distance, then lowest incident number), or opens a new incident. Incidents keep
//! every report, with counts of reports, documents, distinct outlets and distinct
//! (outlet, attribution) sources. Because assignment is greedy in ingest order, a chain of
//! reports each two days apart can stretch one incident beyond the window; incidents never
//! merge with each other afterwards.

use crate::dates::{Precision, StoreDate};

/// Settings of the deduplication rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DedupConfig {
    /// Largest distance in days between two day-precise reports of one incident.
    pub window_days: i64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig { window_days: 2 }
    }
}

/// CAMEO codes whose two participants play the same part, so the pair is unordered:
/// consult (`040`), meet at a third location (`044`), negotiate (`046`), sign a formal
/// agreement (`057`), and material cooperation (`06*`).
pub fn is_symmetric(cameo: &str) -> bool {
    matches!(cameo, "04" | "040" | "044" | "046" | "057") || cameo.starts_with("06")
}

/// The dedup participant key of a report: roots of source and target, sorted for
/// symmetric codes.
pub fn pair_key(source_root: &str, target_root: &str, cameo: &str) -> (String, String) {
    if is_symmetric(cameo) && target_root < source_root {
        (target_root.to_string(), source_root.to_string())
    } else {
        (source_root.to_string(), target_root.to_string())
    }
}

/// A code with the generic trailing `0` of a three-digit root code removed (`040` → `04`).
pub fn generic(cameo: &str) -> &str {
    if cameo.len() == 3 && cameo.ends_with('0') {
        &cameo[..2]
    } else {
        cameo
    }
}

/// Whether two CAMEO codes may describe the same act (rule 2).
pub fn codes_compatible(a: &str, b: &str) -> bool {
    if a.get(..2) != b.get(..2) {
        return false;
    }
    let (a, b) = (generic(a), generic(b));
    a.starts_with(b) || b.starts_with(a)
}

/// The fields of a report the rule looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'a> {
    /// Participant key from [`pair_key`].
    pub pair: (&'a str, &'a str),
    /// CAMEO code.
    pub cameo: &'a str,
    /// Negated.
    pub negated: bool,
    /// Event date, if any.
    pub date: Option<StoreDate>,
    /// Place country, if any.
    pub place_country: Option<&'a str>,
    /// Place name (lower case), if any.
    pub place: Option<&'a str>,
    /// Document the report comes from.
    pub doc: i64,
}

/// Date distance in days when two reports' dates are compatible (rule 4), else `None`.
pub fn date_distance(a: &Report<'_>, b: &Report<'_>, cfg: &DedupConfig) -> Option<i64> {
    match (a.date, b.date) {
        (None, None) => (a.doc == b.doc).then_some(0),
        (Some(x), Some(y)) => {
            if x.precision == Precision::Day && y.precision == Precision::Day {
                let d = (x.day - y.day).abs();
                (d <= cfg.window_days).then_some(d)
            } else if x.precision != y.precision
                || x.day != y.day
                || (x.precision == Precision::Year && a.doc != b.doc)
            {
                None
            } else {
                Some(0)
            }
        }
        _ => None,
    }
}

/// Whether two reports describe the same happening; the date distance when they do.
pub fn same_happening(a: &Report<'_>, b: &Report<'_>, cfg: &DedupConfig) -> Option<i64> {
    if a.pair != b.pair || a.negated != b.negated || !codes_compatible(a.cameo, b.cameo) {
        return None;
    }
    if let (Some(x), Some(y)) = (a.place_country, b.place_country) {
        if x != y {
            return None;
        }
    }
    if let (Some(x), Some(y)) = (a.place, b.place) {
        if x != y {
            return None;
        }
    }
    date_distance(a, b, cfg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse;

    fn rep<'a>(pair: (&'a str, &'a str), cameo: &'a str, date: &str, doc: i64) -> Report<'a> {
        Report {
            pair,
            cameo,
            negated: false,
            date: parse(date),
            place_country: None,
            place: None,
            doc,
        }
    }

    #[test]
    fn compatible_codes() {
        assert!(codes_compatible("040", "043"));
        assert!(codes_compatible("043", "0431"));
        assert!(codes_compatible("07", "071"));
        assert!(!codes_compatible("043", "042"));
        assert!(!codes_compatible("071", "190"));
        assert!(!codes_compatible("", "190"));
    }

    #[test]
    fn symmetric_codes_have_roots_04_05_06() {
        // Ingest looks up reports stored the other way round only in these roots.
        let codes = (0..100)
            .map(|n| format!("{n:02}"))
            .chain((0..1000).map(|n| format!("{n:03}")))
            .chain((0..10000).map(|n| format!("{n:04}")));
        for c in codes {
            if is_symmetric(&c) {
                assert!(["04", "05", "06"].contains(&&c[..2]), "{c}");
            }
        }
    }

    #[test]
    fn symmetric_pairs_are_sorted() {
        assert_eq!(pair_key("TAL", "RUS", "046"), ("RUS".into(), "TAL".into()));
        assert_eq!(pair_key("TAL", "RUS", "112"), ("TAL".into(), "RUS".into()));
    }

    #[test]
    fn window_and_precision() {
        let cfg = DedupConfig::default();
        let a = rep(("RUS", "TAL"), "071", "2018-11-09", 1);
        assert_eq!(
            same_happening(&a, &rep(("RUS", "TAL"), "07", "2018-11-11", 2), &cfg),
            Some(2)
        );
        assert_eq!(
            same_happening(&a, &rep(("RUS", "TAL"), "071", "2018-11-12", 2), &cfg),
            None
        );
        assert_eq!(
            same_happening(&a, &rep(("RUS", "TAL"), "071", "2019-11-09", 2), &cfg),
            None
        );
        assert_eq!(
            same_happening(&a, &rep(("RUS", "TAL"), "071", "2018-11", 2), &cfg),
            None
        );
        let m1 = rep(("RUS", "TAL"), "071", "2018-11", 1);
        assert_eq!(
            same_happening(&m1, &rep(("RUS", "TAL"), "071", "2018-11", 2), &cfg),
            Some(0)
        );
        let y1 = rep(("RUS", "TAL"), "071", "2018", 1);
        assert_eq!(
            same_happening(&y1, &rep(("RUS", "TAL"), "071", "2018", 2), &cfg),
            None
        );
        assert_eq!(
            same_happening(&y1, &rep(("RUS", "TAL"), "071", "2018", 1), &cfg),
            Some(0)
        );
        let n1 = rep(("RUS", "TAL"), "071", "", 1);
        assert_eq!(
            same_happening(&n1, &rep(("RUS", "TAL"), "071", "", 1), &cfg),
            Some(0)
        );
        assert_eq!(
            same_happening(&n1, &rep(("RUS", "TAL"), "071", "", 2), &cfg),
            None
        );
    }

    #[test]
    fn negation_and_place_split() {
        let cfg = DedupConfig::default();
        let a = rep(("RUS", "TAL"), "043", "2018-11-09", 1);
        let mut b = rep(("RUS", "TAL"), "043", "2018-11-09", 2);
        b.negated = true;
        assert_eq!(same_happening(&a, &b, &cfg), None);
        let mut c = a.clone();
        c.place = Some("moscow");
        let mut d = a.clone();
        d.place = Some("doha");
        assert_eq!(same_happening(&c, &d, &cfg), None);
        assert_eq!(same_happening(&c, &a, &cfg), Some(0));
    }
}
