//! Synthetic coded documents for benchmarks and tests: deterministic, with a skewed actor
//! distribution so some dyads (`RUS`–`TAL`, `USA`–`TAL`) are large, as in real news.

use jirga_doc::{Certainty, Doc, DocMeta, Event, EventActor, EventTime, Layers, Plover, Sentence};

/// (CAMEO code, QuadClass, Goldstein, PLOVER type) of the synthetic events.
const CODES: &[(&str, u8, f32, &str)] = &[
    ("010", 1, 0.0, "AGREE"),
    ("036", 1, 4.0, "AGREE"),
    ("040", 1, 1.0, "CONSULT"),
    ("042", 1, 1.9, "CONSULT"),
    ("043", 1, 2.8, "CONSULT"),
    ("046", 1, 7.0, "CONSULT"),
    ("057", 2, 8.0, "AGREE"),
    ("061", 2, 6.4, "COOPERATE"),
    ("0711", 2, 7.4, "AID"),
    ("112", 3, -2.0, "ACCUSE"),
    ("130", 3, -4.4, "THREATEN"),
    ("163", 4, -8.0, "SANCTION"),
    ("190", 4, -10.0, "ASSAULT"),
];

const MAJOR: &[&str] = &[
    "RUS", "TAL", "USA", "AFG", "PAK", "CHN", "IRN", "IND", "QAT", "UZB",
];
const SECTORS: &[&str] = &["", "GOV", "MIL", "", "GOV"];
const CERTAINTY: &[Certainty] = &[
    Certainty::Asserted,
    Certainty::Asserted,
    Certainty::Reported,
    Certainty::Alleged,
    Certainty::Planned,
];

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A value in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

fn actor(rng: &mut Rng) -> String {
    // Half the actors are the ten majors, the rest spread over 190 minor codes.
    let root = if rng.below(2) == 0 {
        MAJOR[rng.below(MAJOR.len())].to_string()
    } else {
        let k = rng.below(190);
        format!(
            "X{}{}",
            (b'A' + (k / 26) as u8) as char,
            (b'A' + (k % 26) as u8) as char
        )
    };
    format!("{root}{}", SECTORS[rng.below(SECTORS.len())])
}

/// Synthetic document number `n` with `events` events, dated between 2016-01-01 and
/// 2024-12-31, one sentence per event.
pub fn document(rng: &mut Rng, n: u64, events: usize) -> Doc {
    let day = rng.below(9 * 365) as i64
        + crate::dates::parse("2016-01-01")
            .map(|d| d.day)
            .unwrap_or(0);
    let date = crate::dates::day_label(day);
    let meta = DocMeta {
        id: format!("synth-{n}"),
        date: Some(date.clone()),
        outlet: Some(format!("outlet{}.example", rng.below(25))),
        url: Some(format!("https://outlet.example/{n}")),
        title: Some(format!("Synthetic report {n}")),
        ..Default::default()
    };
    let mut doc = Doc::new(meta, String::new());
    let mut text = String::new();
    let mut evs = Vec::with_capacity(events);
    for k in 0..events {
        let (src, tgt) = (actor(rng), actor(rng));
        let (cameo, quad, gold, plover) = CODES[rng.below(CODES.len())];
        let first = doc.tokens.len() as u32;
        let words = [
            src.as_str(),
            "acted",
            "on",
            tgt.as_str(),
            &format!("in report {n}.{k}"),
            ".",
        ];
        let mut starts = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 && i < words.len() - 1 {
                text.push(' ');
            }
            let s = text.len() as u32;
            text.push_str(w);
            starts.push(s);
            doc.tokens
                .push(s, text.len() as u32, i + 2 < words.len(), *w);
        }
        text.push(' ');
        doc.sentences.push(Sentence {
            start: first,
            end: first + words.len() as u32,
        });
        let ev_day = day - rng.below(3) as i64;
        let mk = |code: &str, tok: usize, len: usize| EventActor {
            code: code.to_string(),
            text: code.to_string(),
            start: starts[tok],
            end: starts[tok] + len as u32,
            ..Default::default()
        };
        evs.push(Event {
            sentence: k as u32,
            source: Some(mk(&src, 0, src.len())),
            target: Some(mk(&tgt, 3, tgt.len())),
            trigger: (first + 1, first + 2),
            cameo: cameo.to_string(),
            plover: Some(Plover {
                event: plover.to_string(),
                mode: None,
            }),
            goldstein: gold,
            quad_class: quad,
            negated: rng.below(20) == 0,
            certainty: CERTAINTY[rng.below(CERTAINTY.len())],
            when: Some(EventTime {
                date: Some(crate::dates::day_label(ev_day)),
                resolution: "relative-to-document-date".into(),
                ..Default::default()
            }),
            happening: k as u32,
            dict_version: "synth-1".into(),
            model_version: "synth-1".into(),
            ..Default::default()
        });
    }
    doc.text = text;
    doc.events = evs;
    doc.stamp(
        "synth",
        "1",
        Layers::TOKENS | Layers::SENTS | Layers::EVENTS,
    );
    doc
}
