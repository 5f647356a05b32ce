//! Hand-built documents for the store tests.
#![allow(dead_code)]

use jirga_doc::{
    Certainty, Doc, DocMeta, Event, EventActor, EventPlace, EventTime, Layers, Sentence,
};

/// One event to put in a test document.
#[derive(Clone, Default)]
pub struct Ev {
    pub sentence: u32,
    pub source: &'static str,
    pub target: &'static str,
    pub cameo: &'static str,
    pub date: Option<&'static str>,
    pub place: Option<&'static str>,
    pub negated: bool,
    pub certainty: Certainty,
    pub roster: Vec<&'static str>,
    pub attribution: Option<&'static str>,
    /// Act number shared by the pair events of one multi-party act (default: own number).
    pub happening: Option<u32>,
}

pub fn ev(sentence: u32, source: &'static str, target: &'static str, cameo: &'static str) -> Ev {
    Ev {
        sentence,
        source,
        target,
        cameo,
        ..Default::default()
    }
}

impl Ev {
    pub fn on(mut self, date: &'static str) -> Ev {
        self.date = Some(date);
        self
    }
    pub fn at(mut self, place: &'static str) -> Ev {
        self.place = Some(place);
        self
    }
    pub fn negated(mut self) -> Ev {
        self.negated = true;
        self
    }
    pub fn certainty(mut self, c: Certainty) -> Ev {
        self.certainty = c;
        self
    }
    pub fn roster(mut self, r: &[&'static str]) -> Ev {
        self.roster = r.to_vec();
        self
    }
    pub fn said_by(mut self, a: &'static str) -> Ev {
        self.attribution = Some(a);
        self
    }
    pub fn act(mut self, n: u32) -> Ev {
        self.happening = Some(n);
        self
    }
}

fn quad(cameo: &str) -> u8 {
    match cameo.get(..2).unwrap_or("") {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" | "14" => 3,
        _ => 4,
    }
}

fn actor(code: &str, doc: &Doc, sent: u32) -> EventActor {
    let (s, e) = doc.sentence_bytes(sent);
    EventActor {
        code: code.to_string(),
        text: code.to_string(),
        start: s,
        end: e.min(s + 3),
        ..Default::default()
    }
}

/// A document: whitespace-tokenised sentences, with events.
pub fn doc(id: &str, date: Option<&str>, outlet: &str, sentences: &[&str], events: &[Ev]) -> Doc {
    let meta = DocMeta {
        id: id.to_string(),
        date: date.map(str::to_string),
        outlet: Some(outlet.to_string()),
        url: Some(format!("https://{outlet}/{id}")),
        title: Some(format!("Title of {id}")),
        ..Default::default()
    };
    let text = sentences.join(" ");
    let mut d = Doc::new(meta, text.clone());
    let mut pos = 0usize;
    for s in sentences {
        let first = d.tokens.len() as u32;
        let mut off = pos;
        for w in s.split(' ') {
            d.tokens.push(off as u32, (off + w.len()) as u32, true, w);
            off += w.len() + 1;
        }
        d.sentences.push(Sentence {
            start: first,
            end: d.tokens.len() as u32,
        });
        pos += s.len() + 1;
    }
    d.stamp("text", "test", Layers::TOKENS | Layers::SENTS);
    for (k, e) in events.iter().enumerate() {
        let sent = d.sentences[e.sentence as usize];
        let ev = Event {
            sentence: e.sentence,
            source: (!e.source.is_empty()).then(|| actor(e.source, &d, e.sentence)),
            target: (!e.target.is_empty()).then(|| actor(e.target, &d, e.sentence)),
            trigger: (sent.start + 1, sent.start + 2),
            cameo: e.cameo.to_string(),
            goldstein: if quad(e.cameo) <= 2 { 3.0 } else { -5.0 },
            quad_class: quad(e.cameo),
            negated: e.negated,
            certainty: e.certainty,
            attribution: e.attribution.map(|a| actor(a, &d, e.sentence)),
            when: e.date.map(|x| EventTime {
                date: Some(x.to_string()),
                resolution: "explicit".into(),
                ..Default::default()
            }),
            place: e.place.map(|p| EventPlace {
                text: p.to_string(),
                city: Some(p.to_string()),
                ..Default::default()
            }),
            roster: e.roster.iter().map(|c| actor(c, &d, e.sentence)).collect(),
            happening: e.happening.unwrap_or(k as u32),
            dict_version: "dict-test".into(),
            model_version: "model-test".into(),
            ..Default::default()
        };
        d.events.push(ev);
    }
    d.stamp("code", "test", Layers::EVENTS);
    d
}
