//! Re-coding: comparing the events a newer dictionary or model gives for a stored
//! document with the stored ones.

use jirga_doc::EventRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What re-coding changed, counted per CAMEO code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecodeReport {
    /// Documents re-coded.
    pub documents: u64,
    /// Documents whose events changed.
    pub changed_documents: u64,
    /// Events kept as they were.
    pub unchanged: u64,
    /// New events per CAMEO code.
    pub added: BTreeMap<String, u64>,
    /// Events no longer coded, per CAMEO code.
    pub removed: BTreeMap<String, u64>,
    /// Events at the same place (sentence, trigger, actors) whose coding changed, per
    /// `old -> new` CAMEO code (the same code when another field changed: certainty,
    /// negation, PLOVER type, date, place, roster).
    pub changed: BTreeMap<String, u64>,
}

impl RecodeReport {
    /// Total events added.
    pub fn total_added(&self) -> u64 {
        self.added.values().sum()
    }
    /// Total events removed.
    pub fn total_removed(&self) -> u64 {
        self.removed.values().sum()
    }
    /// Total events changed.
    pub fn total_changed(&self) -> u64 {
        self.changed.values().sum()
    }
}

type Key = (u32, u32, u32, String, String);

fn key(r: &EventRecord) -> Key {
    let code =
        |a: &Option<jirga_doc::EventActor>| a.as_ref().map(|a| a.code.clone()).unwrap_or_default();
    (
        r.sentence.index,
        r.trigger.start,
        r.trigger.end,
        code(&r.source),
        code(&r.target),
    )
}

fn coding(r: &EventRecord) -> String {
    let roster: Vec<&str> = r.roster.iter().map(|a| a.code.as_str()).collect();
    format!(
        "{}|{}|{}|{:?}|{:?}|{:?}|{}",
        r.cameo,
        r.negated,
        r.certainty.as_str(),
        r.plover,
        r.when.as_ref().and_then(|w| w.date.clone()),
        r.place.as_ref().map(|p| p.text.clone()),
        roster.join(",")
    )
}

/// Compares the old and new events of one document and adds the differences to `report`.
/// Returns whether anything changed.
pub fn diff_events(old: &[EventRecord], new: &[EventRecord], report: &mut RecodeReport) -> bool {
    report.documents += 1;
    let mut olds: BTreeMap<Key, Vec<&EventRecord>> = BTreeMap::new();
    for r in old {
        olds.entry(key(r)).or_default().push(r);
    }
    let mut changed = false;
    for r in new {
        match olds
            .get_mut(&key(r))
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
        {
            Some(o) if coding(o) == coding(r) => report.unchanged += 1,
            Some(o) => {
                *report
                    .changed
                    .entry(format!("{} -> {}", o.cameo, r.cameo))
                    .or_default() += 1;
                changed = true;
            }
            None => {
                *report.added.entry(r.cameo.clone()).or_default() += 1;
                changed = true;
            }
        }
    }
    for r in olds.into_values().flatten() {
        *report.removed.entry(r.cameo.clone()).or_default() += 1;
        changed = true;
    }
    if changed {
        report.changed_documents += 1;
    }
    changed
}
