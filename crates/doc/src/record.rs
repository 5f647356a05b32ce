//! The flat JSON record of one event, as `jirga code` writes it, the store keeps it and
//! the scorer (`gold/score.py`) reads it. Field names are defined once here.

use crate::{Certainty, Doc, Event, EventActor, EventPlace, EventTime, Explanation, Plover};
use serde::{Deserialize, Serialize};

/// The sentence an event record points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SentenceRef {
    /// Index of the sentence in the document.
    pub index: u32,
    /// Its text.
    pub text: String,
    /// Start byte offset in the document text.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
}

/// The trigger of an event as text and offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriggerRef {
    /// Trigger text.
    pub text: String,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
}

/// One event as a self-contained JSON record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventRecord {
    /// Stable event id: `{doc_id}#{sentence}.{n}`.
    pub event_id: String,
    /// Document id.
    pub doc_id: String,
    /// Document date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_date: Option<String>,
    /// Outlet, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// URL, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Evidence sentence.
    pub sentence: SentenceRef,
    /// Source actor.
    pub source: Option<EventActor>,
    /// Target actor.
    pub target: Option<EventActor>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root (first two digits).
    pub cameo_root: String,
    /// PLOVER type and mode.
    pub plover: Option<Plover>,
    /// Goldstein score.
    pub goldstein: f32,
    /// QuadClass.
    pub quad_class: u8,
    /// Negated.
    pub negated: bool,
    /// Certainty.
    pub certainty: Certainty,
    /// Attribution.
    pub attribution: Option<EventActor>,
    /// Time.
    pub when: Option<EventTime>,
    /// Place.
    pub place: Option<EventPlace>,
    /// Trigger.
    pub trigger: TriggerRef,
    /// Multi-party roster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster: Vec<EventActor>,
    /// Happening number (shared by the pairwise events of one act).
    pub happening: u32,
    /// Explanation.
    pub explanation: Explanation,
    /// Dictionary version.
    pub dict_version: String,
    /// Model version.
    pub model_version: String,
}

impl EventRecord {
    /// Flattens event `n` of `doc` (index into [`Doc::events`]).
    pub fn from_doc(doc: &Doc, n: usize) -> EventRecord {
        let ev: &Event = &doc.events[n];
        let (s, e) = doc.sentence_bytes(ev.sentence);
        let (ts, te) = doc.token_span_bytes(ev.trigger.0, ev.trigger.1);
        let ordinal = doc.events[..n]
            .iter()
            .filter(|x| x.sentence == ev.sentence)
            .count();
        EventRecord {
            event_id: format!("{}#{}.{}", doc.meta.id, ev.sentence, ordinal),
            doc_id: doc.meta.id.clone(),
            doc_date: doc.meta.date.clone(),
            outlet: doc.meta.outlet.clone(),
            url: doc.meta.url.clone(),
            sentence: SentenceRef {
                index: ev.sentence,
                text: doc.text[s as usize..e as usize].to_string(),
                start: s,
                end: e,
            },
            source: ev.source.clone(),
            target: ev.target.clone(),
            cameo: ev.cameo.clone(),
            cameo_root: ev.cameo.chars().take(2).collect(),
            plover: ev.plover.clone(),
            goldstein: ev.goldstein,
            quad_class: ev.quad_class,
            negated: ev.negated,
            certainty: ev.certainty,
            attribution: ev.attribution.clone(),
            when: ev.when.clone(),
            place: ev.place.clone(),
            trigger: TriggerRef {
                text: doc.text[ts as usize..te as usize].to_string(),
                start: ts,
                end: te,
            },
            roster: ev.roster.clone(),
            happening: ev.happening,
            explanation: ev.explanation.clone(),
            dict_version: ev.dict_version.clone(),
            model_version: ev.model_version.clone(),
        }
    }

    /// All events of a document as records.
    pub fn all(doc: &Doc) -> Vec<EventRecord> {
        (0..doc.events.len())
            .map(|n| Self::from_doc(doc, n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocMeta, Layers, Sentence};

    #[test]
    fn record_has_scorer_fields() {
        let mut doc = Doc::new(DocMeta::with_id("d"), "Moscow armed them.".into());
        doc.tokens.push(0, 6, true, "Moscow");
        doc.tokens.push(7, 12, true, "armed");
        doc.tokens.push(13, 17, false, "them");
        doc.tokens.push(17, 18, false, ".");
        doc.sentences.push(Sentence { start: 0, end: 4 });
        doc.stamp("text", "t", Layers::TOKENS | Layers::SENTS);
        doc.events.push(Event {
            sentence: 0,
            source: Some(EventActor {
                code: "RUS".into(),
                text: "Moscow".into(),
                start: 0,
                end: 6,
                ..Default::default()
            }),
            trigger: (1, 2),
            cameo: "0711".into(),
            plover: Some(Plover {
                event: "AID".into(),
                mode: Some("military".into()),
            }),
            ..Default::default()
        });
        let rec = EventRecord::from_doc(&doc, 0);
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["doc_id"], "d");
        assert_eq!(v["sentence"]["text"], "Moscow armed them.");
        assert_eq!(v["source"]["code"], "RUS");
        assert!(v["target"].is_null());
        assert_eq!(v["cameo"], "0711");
        assert_eq!(v["cameo_root"], "07");
        assert_eq!(v["plover"]["event"], "AID");
        assert_eq!(v["negated"], false);
        assert_eq!(v["certainty"], "asserted");
        assert_eq!(v["trigger"]["text"], "armed");
        assert_eq!(v["event_id"], "d#0.0");
        let back: EventRecord = serde_json::from_value(v).unwrap();
        assert_eq!(back, rec);
    }
}
