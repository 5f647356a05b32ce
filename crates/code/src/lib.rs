//! # jirga-code: the CAMEO/PLOVER event coder
//!
//! [`Coder`] reads a parsed document with actor mentions and adds [`jirga_doc::Event`]s:
//! who did what to whom (CAMEO code, PLOVER type and mode, Goldstein score, QuadClass),
//! whether it was negated, how sure the report is, who says so, when and where.
//!
//! The knowledge is in plain-text dictionaries (`dict/verbs/*.txt`: patterns over lemmas
//! and dependency structure; `dict/cameo/*.txt`: the CAMEO table), compiled on load into a
//! map from trigger lemma to patterns. A pattern names where its target is found (object,
//! a `with`/`to`/`against` phrase), what light-verb noun it needs ("hold *talks*"), and
//! whether the act is mutual ("X and Y met"). The source is the subject (the `by` agent of a
//! passive, the owner of a noun trigger, or the subject of the governing clause for
//! participles and infinitives).
//!
//! Why patterns over the tree rather than over word sequences (TABARI): the same pattern
//! covers "Russia shared intelligence with the Taliban", "the Taliban, with whom Russia
//! shared intelligence" and "intelligence Russia has allegedly shared with them", and the
//! clause structure tells what did not happen: complements of promises, appeals, threats
//! and refusals ("refused to attend") refine or negate instead of being coded as acts.
//!
//! ```
//! use jirga_code::Coder;
//! let coder = Coder::builtin().unwrap();
//! assert_eq!(coder.cameo_name("042"), Some("Make a visit"));
//! assert_eq!(coder.goldstein("190"), Some(-10.0));
//! ```
#![deny(missing_docs)]

pub mod dict;
pub mod engine;
pub mod export;
pub mod score;
pub mod time;

#[cfg(test)]
mod golden;
#[cfg(test)]
mod testutil;

use dict::Dictionary;
use engine::Sent;
use jirga_doc::{Doc, Event, EventActor, Explanation, Layers, Plover, SentIdx};
use std::path::Path;

/// Errors of the coder.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// A dictionary line is malformed.
    #[error("{file}:{line}: {reason}")]
    Dictionary {
        /// File name.
        file: String,
        /// Line number (1-based; 0 for the whole file).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A dictionary file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The document lacks a layer the coder needs.
    #[error(transparent)]
    Doc(#[from] jirga_doc::Error),
}

/// Name of this stage in document stamps.
pub const STAGE: &str = "code";
/// Layers the coder needs.
pub const REQUIRES: Layers = Layers(
    Layers::TOKENS.0
        | Layers::SENTS.0
        | Layers::LEMMA.0
        | Layers::UPOS.0
        | Layers::DEPS.0
        | Layers::ACTORS.0,
);

const BUILTIN_VERBS: &[(&str, &str)] = &[
    (
        "01-statement.txt",
        include_str!("../../../dict/verbs/01-statement.txt"),
    ),
    (
        "02-appeal.txt",
        include_str!("../../../dict/verbs/02-appeal.txt"),
    ),
    (
        "03-intent.txt",
        include_str!("../../../dict/verbs/03-intent.txt"),
    ),
    (
        "04-consult.txt",
        include_str!("../../../dict/verbs/04-consult.txt"),
    ),
    (
        "05-diplomatic.txt",
        include_str!("../../../dict/verbs/05-diplomatic.txt"),
    ),
    (
        "06-material.txt",
        include_str!("../../../dict/verbs/06-material.txt"),
    ),
    ("07-aid.txt", include_str!("../../../dict/verbs/07-aid.txt")),
    (
        "08-yield.txt",
        include_str!("../../../dict/verbs/08-yield.txt"),
    ),
    (
        "09-investigate.txt",
        include_str!("../../../dict/verbs/09-investigate.txt"),
    ),
    (
        "10-demand.txt",
        include_str!("../../../dict/verbs/10-demand.txt"),
    ),
    (
        "11-disapprove.txt",
        include_str!("../../../dict/verbs/11-disapprove.txt"),
    ),
    (
        "12-reject.txt",
        include_str!("../../../dict/verbs/12-reject.txt"),
    ),
    (
        "13-threaten.txt",
        include_str!("../../../dict/verbs/13-threaten.txt"),
    ),
    (
        "14-protest.txt",
        include_str!("../../../dict/verbs/14-protest.txt"),
    ),
    (
        "15-posture.txt",
        include_str!("../../../dict/verbs/15-posture.txt"),
    ),
    (
        "16-reduce.txt",
        include_str!("../../../dict/verbs/16-reduce.txt"),
    ),
    (
        "17-coerce.txt",
        include_str!("../../../dict/verbs/17-coerce.txt"),
    ),
    (
        "18-assault.txt",
        include_str!("../../../dict/verbs/18-assault.txt"),
    ),
    (
        "19-fight.txt",
        include_str!("../../../dict/verbs/19-fight.txt"),
    ),
    (
        "20-mass.txt",
        include_str!("../../../dict/verbs/20-mass.txt"),
    ),
];
const BUILTIN_CAMEO: &[(&str, &str)] =
    &[("codes.txt", include_str!("../../../dict/cameo/codes.txt"))];

/// The event coder: compiled patterns and the CAMEO table. Immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Coder {
    dict: Dictionary,
    version: String,
}

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

impl Coder {
    /// Builds a coder from `(name, text)` pairs of verbs and CAMEO files.
    pub fn from_texts(verbs: &[(&str, &str)], cameo: &[(&str, &str)]) -> Result<Coder, CodeError> {
        let mut dict = Dictionary::default();
        let mut h = 0xcbf29ce484222325u64;
        for (name, text) in cameo {
            dict.add_cameo(name, text)?;
            h = fnv(fnv(h, name.as_bytes()), text.as_bytes());
        }
        for (name, text) in verbs {
            dict.add_patterns(name, text)?;
            h = fnv(fnv(h, name.as_bytes()), text.as_bytes());
        }
        dict.check()?;
        let mut v = dict.versions.clone();
        v.sort();
        let nums: Vec<&str> = v
            .iter()
            .filter_map(|x| x.rsplit_once('=').map(|p| p.1))
            .collect();
        let top = nums
            .iter()
            .filter_map(|n| n.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let version = format!("dict-v{top}+{:08x}", h as u32);
        Ok(Coder { dict, version })
    }

    /// Loads `dir/verbs/*.txt` and `dir/cameo/*.txt`.
    pub fn load(dir: &Path) -> Result<Coder, CodeError> {
        let read_dir = |sub: &str| -> Result<Vec<(String, String)>, CodeError> {
            let d = dir.join(sub);
            let io = |e| CodeError::Io {
                path: d.display().to_string(),
                source: e,
            };
            let mut files: Vec<_> = std::fs::read_dir(&d)
                .map_err(io)?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            files
                .into_iter()
                .map(|p| {
                    let text = std::fs::read_to_string(&p).map_err(|e| CodeError::Io {
                        path: p.display().to_string(),
                        source: e,
                    })?;
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    Ok((name, text))
                })
                .collect()
        };
        let verbs = read_dir("verbs")?;
        let cameo = read_dir("cameo")?;
        let v: Vec<(&str, &str)> = verbs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let c: Vec<(&str, &str)> = cameo
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Coder::from_texts(&v, &c)
    }

    /// The dictionaries compiled into the binary.
    pub fn builtin() -> Result<Coder, CodeError> {
        Coder::from_texts(BUILTIN_VERBS, BUILTIN_CAMEO)
    }

    /// Version of the dictionaries (`dict-v1+hash`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The compiled dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Name of a CAMEO code.
    pub fn cameo_name(&self, code: &str) -> Option<&str> {
        self.dict.cameo.get(code).map(|e| e.name.as_str())
    }

    /// Goldstein score of a CAMEO code (falling back to its parent code).
    pub fn goldstein(&self, code: &str) -> Option<f32> {
        self.dict.entry(code).map(|e| e.goldstein)
    }

    /// Codes every sentence of `doc`, appending to `doc.events`, and stamps the document.
    pub fn code(&self, doc: &mut Doc) -> Result<(), CodeError> {
        doc.require(STAGE, REQUIRES)?;
        let mut events = Vec::new();
        let mut happening = doc
            .events
            .iter()
            .map(|e| e.happening + 1)
            .max()
            .unwrap_or(0);
        for s in 0..doc.sentences.len() {
            self.code_sentence(doc, s, &mut events, &mut happening, &mut None);
        }
        doc.events.extend(events);
        doc.stamp(STAGE, &self.version, Layers::EVENTS);
        Ok(())
    }

    fn model_version(doc: &Doc) -> String {
        doc.stamps
            .iter()
            .find(|s| s.stage == "parse")
            .map(|s| s.version.clone())
            .unwrap_or_default()
    }

    fn code_sentence(
        &self,
        doc: &Doc,
        s: usize,
        events: &mut Vec<Event>,
        happening: &mut u32,
        trace: &mut Option<Vec<String>>,
    ) {
        let sent = doc.sentences[s];
        if sent.is_empty() || sent.end as usize > doc.tokens.len() || is_furniture(doc, s) {
            if let Some(tr) = trace.as_mut() {
                tr.push("sentence skipped: empty or page furniture".into());
            }
            return;
        }
        let view = Sent::new(doc, s, time::doc_date(doc));
        let cands = engine::candidates(&self.dict, &view, trace);
        let model_version = Self::model_version(doc);
        let first_of_sentence = events.len();
        for mut c in cands {
            let p = &self.dict.patterns[c.pattern];
            if let Some(tr) = trace.as_mut() {
                let codes = |ms: &[usize]| {
                    ms.iter()
                        .map(|&m| doc.mentions[m].code.clone())
                        .collect::<Vec<_>>()
                        .join("+")
                };
                tr.push(format!(
                    "trigger `{}` → pattern {} ({} {}): code {} source [{}] target [{}]{}{} — {}",
                    doc.token_text(c.trigger as u32),
                    p.id,
                    p.lemma,
                    p.note,
                    c.code,
                    codes(&c.sources),
                    codes(&c.targets),
                    if c.negated { " NEGATED" } else { "" },
                    c.dropped
                        .as_ref()
                        .map(|d| format!(" NOT CODED: {d}"))
                        .unwrap_or_default(),
                    c.notes.join("; ")
                ));
            }
            if c.dropped.is_some() {
                continue;
            }
            // "refused to meet Jordan's King Abdullah *in Tel Aviv*": where a party is
            // named, a place is where the act happened, not a second party
            if c.targets.iter().any(|&m| !view.is_place(m)) {
                c.targets.retain(|&m| !view.is_place(m));
            }
            c.place = engine::place_of(&view, &c);
            if c.targets.is_empty() && !c.mutual {
                if let Some(pm) = c.place {
                    if !c.sources.contains(&pm) {
                        c.targets.push(pm);
                        c.notes.push("target: the country of the place".into());
                    }
                }
            }
            let when = engine::time_of(&view, &c);
            let place = c.place.map(|m| engine::place(doc, m));
            let Some(entry) = self.dict.entry(&c.code) else {
                continue;
            };
            // the pattern's own PLOVER type, unless a complement refined its code
            let own = self
                .dict
                .patterns
                .get(c.pattern)
                .filter(|p| p.code == c.code)
                .and_then(|p| p.plover.as_ref());
            let (event, mode) = match own {
                Some((ev, mode)) => (Some(ev), mode),
                None => (entry.plover.as_ref(), &entry.mode),
            };
            let plover = event.map(|ev| Plover {
                event: ev.clone(),
                mode: mode.clone(),
            });
            let participants: Vec<usize> =
                c.sources
                    .iter()
                    .chain(c.targets.iter())
                    .copied()
                    .fold(Vec::new(), |mut v, x| {
                        if !v.contains(&x) {
                            v.push(x)
                        }
                        v
                    });
            let roster = if participants.len() > 2 {
                participants
                    .iter()
                    .map(|&m| engine::actor(doc, m))
                    .collect()
            } else {
                Vec::new()
            };
            let (t0, t1) = match c.extra {
                Some(e) if e > c.trigger => (c.trigger, e + 1),
                Some(e) => (e, c.trigger + 1),
                None => (c.trigger, c.trigger + 1),
            };
            let mut tokens = vec![c.trigger as u32];
            if let Some(e) = c.extra {
                tokens.push(e as u32);
            }
            let mut entries = vec![p.id.clone()];
            for &m in &participants {
                entries.extend(doc.mentions[m].entries.iter().cloned());
                tokens.push(doc.mentions[m].head);
            }
            let mut made = false;
            for (src, tgt) in engine::pairs(&c) {
                let scode = src.map(|m| doc.mentions[m].code.as_str()).unwrap_or("");
                let tcode = tgt.map(|m| doc.mentions[m].code.as_str()).unwrap_or("");
                // one event per act per sentence: the same act named twice is one event;
                // two different acts of one kind ("*supplying* military equipment …
                // and *providing* development aid") are two
                let dup = events[first_of_sentence..].iter().any(|e: &Event| {
                    let es = e.source.as_ref().map(|a| a.code.as_str()).unwrap_or("");
                    let et = e.target.as_ref().map(|a| a.code.as_str()).unwrap_or("");
                    e.cameo == c.code
                        && e.negated == c.negated
                        && ((es == scode && et == tcode)
                            || (c.mutual && es == tcode && et == scode))
                });
                // an act needs its actor; a target is needed where the pattern names one,
                // except for violence by unnamed perpetrators ("a suicide bomber killed...")
                // (not in background clauses: "raids in which 20 people were killed")
                let violent = engine::is_violent(&c.code) && !engine::background(&view, c.trigger);
                let complete = match (src, tgt) {
                    (Some(_), Some(_)) => true,
                    // a protest needs no party named ("demonstrators rioted"): it is
                    // addressed within its own country
                    (Some(_), None) => {
                        (p.targets.is_empty() && !c.mutual) || c.negated || c.code.starts_with("14")
                    }
                    (None, Some(_)) => violent,
                    (None, None) => false,
                };
                if dup || !complete {
                    continue;
                }
                made = true;
                // a domestic act with no other party named ("students staged a hunger
                // strike", "the court opened an investigation") is coded within the
                // source's own country
                let mut notes = c.notes.clone();
                let place_cc = place.as_ref().and_then(|p| p.country.as_deref());
                // "killed 23 *people* in Tel Aviv", "the military government … declared a
                // state of siege *in Haiti*": a party named only by its role is of the
                // country where the act took place
                let in_place = |m: usize, cc: Option<&str>, role: &str, notes: &mut Vec<String>| {
                    let mut a = engine::actor(doc, m);
                    if let Some(own) = engine::own_phrase_country(&view, m) {
                        notes.push(format!(
                            "{role}: {} in {own}, named in its own phrase",
                            a.code
                        ));
                        a.code = format!("{own}{}", a.code);
                    } else if let Some(cc) =
                        cc.filter(|_| engine::bare_sector(&doc.mentions[m].code))
                    {
                        notes.push(format!("{role}: {} in {cc}, the place of the act", a.code));
                        a.code = format!("{cc}{}", a.code);
                    }
                    a
                };
                // …but violence does not turn on its own source: where the source's own
                // country is the source itself ("Iran launched the new offensive", "the
                // Taliban launched an offensive"), a violent act with no target named has none
                let mut target = match (src, tgt) {
                    (_, Some(m)) => Some(in_place(m, place_cc, "target", &mut notes)),
                    (Some(m), None) if !c.negated => doc.mentions[m]
                        .country
                        .clone()
                        .filter(|cc| cc.len() == 3 && !engine::bare_sector(cc))
                        .filter(|cc| !(engine::is_violent(&c.code) && *cc == doc.mentions[m].code))
                        .map(|cc| {
                            notes.push(format!(
                                "target: {cc}, the source's own country (no other party named)"
                            ));
                            let mut a = engine::actor(doc, m);
                            a.code = cc;
                            a.mention = None;
                            a
                        }),
                    _ => None,
                };
                // violence by unnamed perpetrators ("a roadside bomb near Samarra killed
                // a soldier") is coded, as CAMEO does, to unidentified armed forces of the
                // country where it happened
                let mut source = match src {
                    Some(m) => Some(in_place(
                        m,
                        place_cc.filter(|cc| cc.len() == 3),
                        "source",
                        &mut notes,
                    )),
                    None => place.as_ref().and_then(|pl| {
                        let cc = pl.country.as_deref().filter(|cc| cc.len() == 3)?;
                        notes.push(format!(
                            "source: unidentified perpetrators in {cc}, the place of the act"
                        ));
                        Some(EventActor {
                            code: format!("{cc}UAF"),
                            text: pl.text.clone(),
                            start: pl.start,
                            end: pl.end,
                            mention: None,
                            resolved_from: None,
                        })
                    }),
                };
                // "ethnic Albanians in Serbia": a minority is coded by where it lives
                for (slot, m) in [(&mut source, src), (&mut target, tgt)] {
                    let (Some(a), Some(m)) = (slot.as_mut(), m) else {
                        continue;
                    };
                    let own = doc.mentions[m].country.as_deref().unwrap_or("");
                    if let Some(cc) = engine::residence(&view, m, place_cc) {
                        if a.code.starts_with(own) && !own.is_empty() {
                            notes.push(format!("{}: {own} people living in {cc}", a.code));
                            a.code = format!("{cc}{}", &a.code[own.len()..]);
                        }
                    }
                }
                // the source's own country, given as the target of a domestic act, moves
                // with it
                if let (Some(sa), Some(ta), Some(m), None) = (&source, &mut target, src, tgt) {
                    let own = doc.mentions[m].country.as_deref().unwrap_or("");
                    if ta.mention.is_none() && ta.code == own && !sa.code.starts_with(own) {
                        ta.code = sa.code.chars().take(3).collect();
                    }
                }
                events.push(Event {
                    sentence: s as SentIdx,
                    source,
                    target,
                    trigger: (t0 as u32, t1 as u32),
                    cameo: c.code.clone(),
                    plover: plover.clone(),
                    goldstein: entry.goldstein,
                    quad_class: entry.quad_class,
                    negated: c.negated,
                    certainty: c.certainty,
                    attribution: c.attribution.map(|m| engine::actor(doc, m)),
                    when: when.clone(),
                    place: place.clone(),
                    roster: roster.clone(),
                    happening: *happening,
                    explanation: Explanation {
                        pattern: p.id.clone(),
                        entries: entries.clone(),
                        tokens: tokens.clone(),
                        notes,
                    },
                    dict_version: self.version.clone(),
                    model_version: model_version.clone(),
                });
            }
            if made {
                *happening += 1;
            }
        }
    }

    /// A human-readable account of one sentence: the parse, the actors, each trigger
    /// considered and why it was or was not coded, and the events.
    pub fn explain(&self, doc: &Doc, sentence: SentIdx) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let s = sentence as usize;
        let Some(sent) = doc.sentences.get(s) else {
            return format!(
                "no sentence {sentence} (the document has {})\n",
                doc.sentences.len()
            );
        };
        let _ = writeln!(out, "sentence {s}: {}", doc.sentence_text(sentence));
        let _ = writeln!(
            out,
            "\nparse:\n  {:>3}  {:<18} {:<14} {:<6} {:>4}  deprel",
            "#", "token", "lemma", "upos", "head"
        );
        let t = &doc.tokens;
        for i in sent.range().take(engine::MAX_SENT_TOKENS) {
            let _ = writeln!(
                out,
                "  {:>3}  {:<18} {:<14} {:<6} {:>4}  {}",
                i,
                doc.token_text(i as u32),
                t.lemma.get(i).map(String::as_str).unwrap_or(""),
                t.upos.get(i).map(|u| u.as_str()).unwrap_or(""),
                t.head.get(i).copied().unwrap_or(0),
                t.deprel.get(i).map(|d| d.as_str()).unwrap_or("")
            );
        }
        let _ = writeln!(out, "\nactors:");
        let mut any = false;
        for (k, m) in doc.mentions.iter().enumerate() {
            if m.start >= sent.start && m.end <= sent.end {
                any = true;
                let _ = writeln!(
                    out,
                    "  [{k}] {:<30} {:<10} {:?} head {} {}",
                    doc.span_text(m.start, m.end),
                    m.code,
                    m.kind,
                    m.head,
                    m.entries.join(",")
                );
            }
        }
        if !any {
            let _ = writeln!(out, "  (none)");
        }
        let _ = writeln!(out, "\ntriggers:");
        let mut trace = Some(Vec::new());
        let mut events = Vec::new();
        let mut h = 0;
        if doc.layers.contains(REQUIRES) {
            self.code_sentence(doc, s, &mut events, &mut h, &mut trace);
        } else {
            let _ = writeln!(
                out,
                "  document lacks layer `{}`",
                doc.layers.first_missing(REQUIRES).unwrap_or("?")
            );
        }
        let tr = trace.unwrap_or_default();
        if tr.is_empty() {
            let _ = writeln!(
                out,
                "  (no word of this sentence is a trigger in the dictionary)"
            );
        }
        for l in tr {
            let _ = writeln!(out, "  {l}");
        }
        let _ = writeln!(out, "\nevents:");
        if events.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for e in &events {
            let _ = writeln!(
                out,
                "  {} → {}  {} ({})  {}{}  certainty {}{}{}",
                e.source.as_ref().map(|a| a.code.as_str()).unwrap_or("-"),
                e.target.as_ref().map(|a| a.code.as_str()).unwrap_or("-"),
                e.cameo,
                self.cameo_name(&e.cameo).unwrap_or("?"),
                e.plover.as_ref().map(|p| p.event.as_str()).unwrap_or("-"),
                if e.negated { "  NEGATED" } else { "" },
                e.certainty.as_str(),
                e.when
                    .as_ref()
                    .and_then(|w| w.date.as_ref())
                    .map(|d| format!("  when {d}"))
                    .unwrap_or_default(),
                e.place
                    .as_ref()
                    .map(|p| format!("  in {}", p.text))
                    .unwrap_or_default(),
            );
        }
        out
    }
}

/// Page furniture that may slip through ingestion: cookie banners, "Related posts".
fn is_furniture(doc: &Doc, s: usize) -> bool {
    let text = doc.sentence_text(s as SentIdx).to_lowercase();
    let t = text.trim();
    t.contains("uses cookies")
        || t.contains("accept cookies")
        || t.starts_with("related posts")
        || t.contains("all rights reserved")
        || t.starts_with("subscribe to")
        || t.starts_with("read more")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn builtin_loads_and_is_big_enough() {
        let c = Coder::builtin().unwrap();
        assert!(
            c.dictionary().patterns.len() >= 1500,
            "{}",
            c.dictionary().patterns.len()
        );
        assert!(
            c.dictionary().lemma_count() >= 600,
            "{}",
            c.dictionary().lemma_count()
        );
        let roots: std::collections::BTreeSet<&str> = c
            .dictionary()
            .patterns
            .iter()
            .map(|p| &p.code[..2])
            .collect();
        assert_eq!(roots.len(), 20);
        assert!(c.version().starts_with("dict-v1+"));
    }

    #[test]
    fn load_from_repo_dict_matches_builtin() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dict");
        let c = Coder::load(&dir).unwrap();
        assert_eq!(c.version(), Coder::builtin().unwrap().version());
    }

    #[test]
    fn missing_layer_is_an_error() {
        let mut doc = jirga_doc::Doc::new(jirga_doc::DocMeta::with_id("x"), "Hi.".into());
        assert!(Coder::builtin().unwrap().code(&mut doc).is_err());
    }

    #[test]
    fn simple_transitive_event() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Russia backed the U.S. intervention .",
            "Russia back the U.S. intervention .",
            "PROPN VERB DET PROPN NOUN PUNCT",
            "2 0 5 5 2 2",
            "nsubj root det compound obj punct",
            &[(0, 1, "RUS"), (3, 4, "USA")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1);
        let e = &doc.events[0];
        assert_eq!(e.source.as_ref().unwrap().code, "RUS");
        assert_eq!(e.target.as_ref().unwrap().code, "USA");
        assert_eq!(e.cameo, "050");
        assert_eq!(e.plover.as_ref().unwrap().event, "SUPPORT");
        assert_eq!(e.quad_class, 1);
        doc.check_invariants().unwrap();
    }

    #[test]
    fn a_resignation_is_plover_retreat() {
        // CAMEO files resigning under "yield" (080), PLOVER's codebook under RETREAT
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Shevardnadze resigned on Sunday .",
            "Shevardnadze resign on Sunday .",
            "PROPN VERB ADP PROPN PUNCT",
            "2 0 4 2 2",
            "nsubj root case obl punct",
            &[(0, 1, "GEOGOV")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.source.as_ref().unwrap().code, "GEOGOV");
        assert_eq!(e.cameo, "080");
        let p = e.plover.as_ref().unwrap();
        assert_eq!(
            (p.event.as_str(), p.mode.as_deref()),
            ("RETREAT", Some("resign"))
        );
    }

    #[test]
    fn defending_a_party_against_criticism_is_verbal() {
        let c = Coder::builtin().unwrap();
        let code_of = |words, lemmas, upos| {
            cameos_of(
                &c,
                [
                    words,
                    lemmas,
                    upos,
                    "2 0 2 6 6 2 2",
                    "nsubj root obj case amod obl punct",
                ],
                &[(0, 1, "PSEGOV"), (2, 3, "IRQ")],
            )
        };
        // against critics: defended in words (052)
        assert_eq!(
            code_of(
                "Arafat defended Iraq against Western criticism .",
                "Arafat defend Iraq against western criticism .",
                "PROPN VERB PROPN ADP ADJ NOUN PUNCT",
            ),
            vec!["052"]
        );
        // against attackers: protected by force (074)
        assert_eq!(
            code_of(
                "Syria defended Iraq against rebel attacks .",
                "Syria defend Iraq against rebel attack .",
                "PROPN VERB PROPN ADP NOUN NOUN PUNCT",
            ),
            vec!["074"]
        );
    }

    #[test]
    fn a_force_of_nature_or_of_the_economy_is_no_attacker() {
        let c = Coder::builtin().unwrap();
        let cameos = |w, l, u, h, r, m: &[(u32, u32, &str)]| cameos_of(&c, [w, l, u, h, r], m);
        let (upos, heads) = ("DET NOUN VERB NUM NOUN PUNCT", "2 3 0 5 3 3");
        let rels = "det nsubj root nummod obj punct";
        let quake = cameos(
            "The quake killed six villagers .",
            "the quake kill six villager .",
            upos,
            heads,
            rels,
            &[(4, 5, "ECUCVL")],
        );
        assert!(quake.is_empty(), "{quake:?}");
        let plague = cameos(
            "The plague killed six villagers .",
            "the plague kill six villager .",
            upos,
            heads,
            rels,
            &[(4, 5, "CHNCVL")],
        );
        assert!(plague.is_empty(), "{plague:?}");
        // a passive without an agent that happened in an accident
        let (pupos, pheads) = ("NUM NOUN AUX VERB ADP DET NOUN PUNCT", "2 4 4 0 7 7 4 4");
        let crash = cameos(
            "Two soldiers were killed in a crash .",
            "two soldier be kill in a crash .",
            pupos,
            pheads,
            "nummod nsubj:pass aux:pass root case det obl punct",
            &[(1, 2, "USAMIL")],
        );
        assert!(crash.is_empty(), "{crash:?}");
        let ambush = cameos(
            "Two soldiers were killed in an ambush .",
            "two soldier be kill in a ambush .",
            pupos,
            pheads,
            "nummod nsubj:pass aux:pass root case det obl punct",
            &[(1, 2, "USAMIL")],
        );
        assert_eq!(ambush.len(), 1, "{ambush:?}");
        // a weapon has a party behind it
        let blast = cameos(
            "The blast killed six villagers .",
            "the blast kill six villager .",
            upos,
            heads,
            rels,
            &[(4, 5, "ECUCVL")],
        );
        assert_eq!(blast.len(), 1, "{blast:?}");
        // the `by` agent of a passive
        let inflation = cameos(
            "Japan was hit by inflation .",
            "Japan be hit by inflation .",
            "PROPN AUX VERB ADP NOUN PUNCT",
            "3 3 0 5 3 3",
            "nsubj:pass aux:pass root case obl:agent punct",
            &[(0, 1, "JPN")],
        );
        assert!(inflation.is_empty(), "{inflation:?}");
    }

    #[test]
    fn releasing_persons_needs_persons_released() {
        let c = Coder::builtin().unwrap();
        let cameos = |w, l, u, h, r, m: &[(u32, u32, &str)]| cameos_of(&c, [w, l, u, h, r], m);
        let (upos, heads, rels) = (
            "PROPN VERB NUM ADJ NOUN PUNCT",
            "2 0 5 5 2 2",
            "nsubj root nummod amod obj punct",
        );
        let prisoners = cameos(
            "Israel released 200 Palestinian prisoners .",
            "Israel release 200 Palestinian prisoner .",
            upos,
            heads,
            rels,
            &[(0, 1, "ISR"), (3, 5, "PSECRM")],
        );
        assert_eq!(prisoners, vec!["0841"]);
        // what was released is no party: a statement, a survey, tonnes of tin
        let statement = cameos(
            "Israel released a brief statement in Jerusalem .",
            "Israel release a brief statement in Jerusalem .",
            "PROPN VERB DET ADJ NOUN ADP PROPN PUNCT",
            "2 0 5 5 2 7 2 2",
            "nsubj root det amod obj case obl punct",
            &[(0, 1, "ISR"), (6, 7, "ISR")],
        );
        assert!(statement.is_empty(), "{statement:?}");
        // a participle's noun is what it acts on
        let survey = cameos(
            "A Bank of Japan survey released today showed growth .",
            "a Bank of Japan survey release today show growth .",
            "DET PROPN ADP PROPN NOUN VERB NOUN VERB NOUN PUNCT",
            "5 5 4 2 8 5 6 0 8 8",
            "det compound case nmod nsubj acl obl:tmod root obj punct",
            &[(1, 4, "JPNBUS")],
        );
        assert!(survey.is_empty(), "{survey:?}");
        // returning seized property is its own act
        let weapons = cameos(
            "Iraq returned the weapons to Kuwait .",
            "Iraq return the weapon to Kuwait .",
            "PROPN VERB DET NOUN ADP PROPN PUNCT",
            "2 0 4 2 6 2 2",
            "nsubj root det obj case obl punct",
            &[(0, 1, "IRQ"), (5, 6, "KWT")],
        );
        assert_eq!(weapons, vec!["0842"]);
    }

    #[test]
    fn a_match_won_is_no_beating() {
        let c = Coder::builtin().unwrap();
        let cameos = |w, u, h, r, m: &[(u32, u32, &str)]| cameos_of(&c, [w, w, u, h, r], m);
        // a score after the verb
        let score = cameos(
            "police beat Hungary 2 - 0 .",
            "NOUN VERB PROPN NUM SYM NUM PUNCT",
            "2 0 2 2 6 4 2",
            "nsubj root obj obl case nmod punct",
            &[(0, 1, "HUNCOP"), (2, 3, "HUN")],
        );
        assert!(score.is_empty(), "{score:?}");
        // two countries named bare
        let countries = cameos(
            "Russia beat Croatia .",
            "PROPN VERB PROPN PUNCT",
            "2 0 2 2",
            "nsubj root obj punct",
            &[(0, 1, "RUS"), (2, 3, "HRV")],
        );
        assert!(countries.is_empty(), "{countries:?}");
        // people beat people
        let police = cameos(
            "police beat protesters .",
            "NOUN VERB NOUN PUNCT",
            "2 0 2 2",
            "nsubj root obj punct",
            &[(0, 1, "EGYCOP"), (2, 3, "EGYOPP")],
        );
        assert_eq!(police, vec!["182"]);
    }

    #[test]
    fn walking_out_is_a_strike_and_walking_is_not() {
        let c = Coder::builtin().unwrap();
        let cameos = |w, l, u, h, r, m: &[(u32, u32, &str)]| cameos_of(&c, [w, l, u, h, r], m);
        let (upos, heads) = ("NOUN VERB ADP PRON NOUN ADP PROPN PUNCT", "2 0 5 5 2 7 2 2");
        let rels = "nsubj root case nmod:poss obl case obl punct";
        let off = cameos(
            "workers walked off their jobs in Watsonville .",
            "worker walk off their job in Watsonville .",
            upos,
            heads,
            rels,
            &[(0, 1, "USALAB"), (6, 7, "USA")],
        );
        assert_eq!(off, vec!["143"]);
        let down = cameos(
            "workers walked down the avenue in Watsonville .",
            "worker walk down the avenue in Watsonville .",
            "NOUN VERB ADP DET NOUN ADP PROPN PUNCT",
            heads,
            "nsubj root case det obl case obl punct",
            &[(0, 1, "USALAB"), (6, 7, "USA")],
        );
        assert!(down.is_empty(), "{down:?}");
    }

    #[test]
    fn a_permission_at_home_eases_a_restriction() {
        let c = Coder::builtin().unwrap();
        let code = |words: &str, lemmas: &str, m| {
            let mut doc = build(
                words,
                lemmas,
                "PROPN VERB ADJ NOUN PART VERB PUNCT",
                "2 0 4 2 6 2 2",
                "nsubj root amod obj mark xcomp punct",
                m,
            );
            c.code(&mut doc).unwrap();
            doc.events
                .iter()
                .map(|e| (e.cameo.clone(), e.plover.as_ref().map(|p| p.event.clone())))
                .collect::<Vec<_>>()
        };
        // CAMEO 086 is international involvement
        assert_eq!(
            code(
                "Egypt allowed Libyan soldiers to stay .",
                "Egypt allow libyan soldier to stay .",
                &[(0, 1, "EGY"), (2, 4, "LBYMIL")],
            ),
            vec![("086".to_string(), Some("RETREAT".to_string()))]
        );
        // a permission within one country eases a restriction (081, PLOVER CONCEDE)
        assert_eq!(
            code(
                "Sherpao allowed opposition leaders to rally .",
                "Sherpao allow opposition leader to rally .",
                &[(0, 1, "PAKGOV"), (2, 4, "PAKOPP")],
            ),
            vec![("081".to_string(), Some("CONCEDE".to_string()))]
        );
    }

    #[test]
    fn a_clause_hung_on_the_day_of_a_speech_verb_is_what_was_said() {
        let c = Coder::builtin().unwrap();
        // the parser read "it halted aid" as a relative clause of "Tuesday"
        let mut doc = build(
            "Japan said on Tuesday it halted aid to Serbia .",
            "Japan say on Tuesday it halt aid to Serbia .",
            "PROPN VERB ADP PROPN PRON VERB NOUN ADP PROPN PUNCT",
            "2 0 4 2 6 4 6 9 7 2",
            "nsubj root case obl nsubj acl:relcl obj case nmod punct",
            &[(0, 1, "JPN"), (8, 9, "SRB")],
        );
        c.code(&mut doc).unwrap();
        let got: Vec<_> = doc
            .events
            .iter()
            .map(|e| {
                let code = |a: &Option<jirga_doc::EventActor>| a.as_ref().map(|a| a.code.clone());
                (code(&e.source), e.cameo.clone(), code(&e.target))
            })
            .collect();
        assert_eq!(
            got,
            vec![(Some("JPN".into()), "162".to_string(), Some("SRB".into()))]
        );
    }

    #[test]
    fn a_demonstration_takes_no_object() {
        let c = Coder::builtin().unwrap();
        let protest = cameos_of(
            &c,
            [
                "students demonstrated against Israel .",
                "student demonstrate against Israel .",
                "NOUN VERB ADP PROPN PUNCT",
                "2 0 4 2 2",
                "nsubj root case obl punct",
            ],
            &[(0, 1, "PSEEDU"), (3, 4, "ISR")],
        );
        assert_eq!(protest, vec!["141"]);
        // "demonstrate" with an object, or passive, is to show
        let shown = cameos_of(
            &c,
            [
                "Iran demonstrated its resolve against Israel .",
                "Iran demonstrate its resolve against Israel .",
                "PROPN VERB PRON NOUN ADP PROPN PUNCT",
                "2 0 4 2 6 2 2",
                "nsubj root nmod:poss obj case obl punct",
            ],
            &[(0, 1, "IRN"), (5, 6, "ISR")],
        );
        assert!(shown.is_empty(), "{shown:?}");
    }

    #[test]
    fn declining_to_comment_is_no_refusal() {
        let c = Coder::builtin().unwrap();
        let cols = |verb: &'static str| {
            [
                "Iran declined to X the US envoy .",
                "Iran decline to X the US envoy .",
                "PROPN VERB PART VERB DET PROPN NOUN PUNCT",
                "2 0 4 2 7 7 4 2",
                "nsubj root mark xcomp det compound obj punct",
            ]
            .map(|col| col.replace('X', verb))
        };
        let codes = |verb| {
            let [w, l, u, h, r] = cols(verb);
            cameos_of(&c, [&w, &l, &u, &h, &r], &[(0, 1, "IRN"), (5, 7, "USAGOV")])
        };
        // "declined to name the envoy": keeping one's counsel
        assert!(codes("name").is_empty(), "{:?}", codes("name"));
        // "declined to meet the envoy": a refusal to meet (125)
        assert_eq!(codes("meet"), vec!["125"]);
    }

    #[test]
    fn in_a_direct_quotation_only_i_and_we_are_the_speaker() {
        let c = Coder::builtin().unwrap();
        let quote = |pronoun: &str| {
            let words = format!("\" {pronoun} condemns Japan , \" the official said .");
            let lemmas = format!("\" {pronoun} condemn Japan , \" the official say .");
            cameos_of(
                &c,
                [
                    &words,
                    &lemmas,
                    "PUNCT PRON VERB PROPN PUNCT PUNCT DET NOUN VERB PUNCT",
                    "3 3 9 3 3 3 8 9 0 9",
                    "punct nsubj ccomp obj punct punct det nsubj root punct",
                ],
                &[(3, 4, "JPN"), (6, 8, "CHNGOV")],
            )
        };
        assert_eq!(quote("we"), vec!["111"]);
        // "it" in the quotation is something else the official speaks of
        assert!(quote("it").is_empty(), "{:?}", quote("it"));
    }

    #[test]
    fn going_to_a_verb_is_its_future_not_a_journey() {
        let c = Coder::builtin().unwrap();
        let future = cameos_of(
            &c,
            [
                "Putin is going to see Erdogan .",
                "Putin be go to see Erdogan .",
                "PROPN AUX VERB PART VERB PROPN PUNCT",
                "3 3 0 5 3 5 3",
                "nsubj aux root mark xcomp obj punct",
            ],
            &[(0, 1, "RUSGOV"), (5, 6, "TURGOV")],
        );
        assert!(!future.iter().any(|c| c == "042"), "{future:?}");
        let journey = cameos_of(
            &c,
            [
                "Putin is going to Ankara .",
                "Putin be go to Ankara .",
                "PROPN AUX VERB ADP PROPN PUNCT",
                "3 3 0 5 3 3",
                "nsubj aux root case obl punct",
            ],
            &[(0, 1, "RUSGOV"), (4, 5, "TUR")],
        );
        assert_eq!(journey, vec!["042"]);
    }

    #[test]
    fn a_pronoun_for_the_source_is_no_target() {
        let c = Coder::builtin().unwrap();
        let code = |antecedent: Option<u32>| {
            let mut doc = build(
                "Mulford criticized him .",
                "Mulford criticize he .",
                "PROPN VERB PRON PUNCT",
                "2 0 2 2",
                "nsubj root obj punct",
                &[(0, 1, "USAGOV"), (2, 3, "USAGOV")],
            );
            doc.mentions[1].kind = jirga_doc::ActorKind::Reference;
            doc.mentions[1].antecedent = antecedent;
            c.code(&mut doc).unwrap();
            doc.events
                .iter()
                .map(|e| e.cameo.clone())
                .collect::<Vec<_>>()
        };
        // "him" stands for Mulford himself: no one is acted upon
        assert!(code(Some(0)).is_empty(), "{:?}", code(Some(0)));
        // another official of the same government is a target
        assert_eq!(code(None), vec!["111"]);
    }

    #[test]
    fn a_state_that_fights_does_not_fight_itself() {
        let c = Coder::builtin().unwrap();
        let target = |subject: &str, code: &str| {
            let words = format!("{subject} launched an offensive .");
            let lemmas = format!("{subject} launch a offensive .");
            let mut doc = build(
                &words,
                &lemmas,
                "PROPN VERB DET NOUN PUNCT",
                "2 0 4 2 2",
                "nsubj root det obj punct",
                &[(0, 1, code)],
            );
            c.code(&mut doc).unwrap();
            assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
            assert!(doc.events[0].cameo.starts_with("19"));
            doc.events[0].target.as_ref().map(|a| a.code.clone())
        };
        // no target named: a state's offensive has none, not the state itself
        assert_eq!(target("Iran", "IRN"), None);
        // a country's police or army acting with no other party named acts at home
        assert_eq!(target("Police", "EGYCOP"), Some("EGY".to_string()));
    }

    #[test]
    fn the_complement_of_a_purpose_clause_did_not_happen() {
        let c = Coder::builtin().unwrap();
        // "to help him oust Aoun" is what the troops were sent for: neither the help nor
        // the ousting is reported as done
        let words = "Syria sent troops to help Hrawi oust Aoun .";
        let lemmas = "Syria send troops to help Hrawi oust Aoun .";
        let upos = "PROPN VERB NOUN PART VERB PROPN VERB PROPN PUNCT";
        let mentions = [(0, 1, "SYR"), (5, 6, "LBNGOV"), (7, 8, "LBNMIL")];
        let mut doc = build(
            words,
            lemmas,
            upos,
            "2 0 2 5 2 5 5 7 2",
            "nsubj root obj mark advcl obj xcomp obj punct",
            &mentions,
        );
        c.code(&mut doc).unwrap();
        let codes: Vec<&str> = doc.events.iter().map(|e| e.cameo.as_str()).collect();
        assert!(
            !codes
                .iter()
                .any(|c| c.starts_with("07") || c.starts_with("16")),
            "{codes:?}"
        );
        // the same act as the complement of a verb that did happen is coded
        let mut doc = build(
            "Syria helped Hrawi oust Aoun .",
            "Syria help Hrawi oust Aoun .",
            "PROPN VERB PROPN VERB PROPN PUNCT",
            "2 0 2 2 4 2",
            "nsubj root obj xcomp obj punct",
            &[(0, 1, "SYR"), (2, 3, "LBNGOV"), (4, 5, "LBNMIL")],
        );
        c.code(&mut doc).unwrap();
        let codes: Vec<&str> = doc.events.iter().map(|e| e.cameo.as_str()).collect();
        assert!(codes.iter().any(|c| c.starts_with("07")), "{codes:?}");
    }

    #[test]
    fn verb_tagged_as_adjective_between_actors_is_coded() {
        let c = Coder::builtin().unwrap();
        // the tagger read "wounded" as an adjective of "soldiers"
        let mut doc = build(
            "Taliban wounded two Afghan soldiers .",
            "Taliban wounded two Afghan soldier .",
            "PROPN ADJ NUM ADJ NOUN PUNCT",
            "5 5 5 5 0 5",
            "compound amod nummod amod root punct",
            &[(0, 1, "TAL"), (3, 5, "AFGMIL")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.source.as_ref().unwrap().code, "TAL");
        assert_eq!(e.target.as_ref().unwrap().code, "AFGMIL");
        assert!(e.cameo.starts_with("18"), "{}", e.cameo);
    }

    #[test]
    fn a_noun_after_an_actor_with_an_indefinite_article_is_a_noun() {
        let c = Coder::builtin().unwrap();
        // "a television interview": no subject takes "a" before its name, so "interview"
        // is not a verb the tagger misread
        let mut doc = build(
            "Byrd said in a television interview Reagan erred .",
            "Byrd say in a television interview Reagan err .",
            "PROPN VERB ADP DET NOUN NOUN PROPN VERB PUNCT",
            "2 0 6 6 6 2 8 2 2",
            "nsubj root case det compound obl nsubj ccomp punct",
            &[(0, 1, "USALEG"), (4, 5, "USAMED"), (6, 7, "USAGOV")],
        );
        c.code(&mut doc).unwrap();
        assert!(doc.events.is_empty(), "{:?}", doc.events);
    }

    #[test]
    fn participle_before_a_noun_is_no_event() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "The occupied West Bank was quiet .",
            "the occupy West Bank be quiet .",
            "DET VERB PROPN PROPN AUX ADJ PUNCT",
            "4 4 4 6 6 0 6",
            "det amod compound nsubj cop root punct",
            &[(2, 4, "PSE")],
        );
        c.code(&mut doc).unwrap();
        assert!(doc.events.is_empty(), "{:?}", doc.events);
    }

    #[test]
    fn act_named_in_a_circumstance_phrase_is_no_event() {
        let c = Coder::builtin().unwrap();
        // "in an attack on Kabul" says where the soldiers died, not a new attack
        let mut doc = build(
            "Five soldiers died in an attack on Kabul .",
            "five soldier die in a attack on Kabul .",
            "NUM NOUN VERB ADP DET NOUN ADP PROPN PUNCT",
            "2 3 0 6 6 3 8 6 3",
            "nummod nsubj root case det obl case nmod punct",
            &[(1, 2, "MIL"), (7, 8, "AFG")],
        );
        c.code(&mut doc).unwrap();
        assert!(
            doc.events.iter().all(|e| e.trigger.0 as usize != 5),
            "{:?}",
            doc.events
        );
    }

    #[test]
    fn listed_acts_share_a_recipient_and_replace_their_umbrella() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Russia made contributions , including training Afghan forces and supplying equipment .",
            "Russia make contribution , include train Afghan force and supply equipment .",
            "PROPN VERB NOUN PUNCT VERB VERB ADJ NOUN CCONJ VERB NOUN PUNCT",
            "2 0 2 6 6 3 8 6 10 6 10 2",
            "nsubj root obj punct case acl amod obj cc conj obj punct",
            &[(0, 1, "RUS"), (6, 8, "AFGMIL")],
        );
        c.code(&mut doc).unwrap();
        let triggers: Vec<u32> = doc.events.iter().map(|e| e.trigger.0).collect();
        assert!(
            !triggers.contains(&1),
            "umbrella `made` coded: {:?}",
            doc.events
        );
        assert!(
            triggers.contains(&5) && triggers.contains(&9),
            "{:?}",
            doc.events
        );
        for e in &doc.events {
            assert_eq!(e.source.as_ref().unwrap().code, "RUS");
            assert_eq!(e.target.as_ref().unwrap().code, "AFGMIL");
        }
    }

    #[test]
    fn light_verb_with_oblique_target() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "US started to hold talks with Russia .",
            "US start to hold talk with Russia .",
            "PROPN VERB PART VERB NOUN ADP PROPN PUNCT",
            "2 0 4 2 4 7 4 2",
            "nsubj root mark xcomp obj case obl punct",
            &[(0, 1, "USA"), (6, 7, "RUS")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(
            (
                e.source.as_ref().unwrap().code.as_str(),
                e.target.as_ref().unwrap().code.as_str()
            ),
            ("USA", "RUS")
        );
        assert!(e.cameo.starts_with("04"));
        assert_eq!(doc.span_text(e.trigger.0, e.trigger.1), "hold talks");
    }

    #[test]
    fn negated_attendance_is_flagged() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "The United States did not attend the meeting with Russia .",
            "the United States do not attend the meeting with Russia .",
            "DET PROPN PROPN AUX PART VERB DET NOUN ADP PROPN PUNCT",
            "3 3 6 6 6 0 8 6 10 6 6",
            "det compound nsubj aux advmod root det obj case obl punct",
            &[(0, 3, "USA"), (9, 10, "RUS")],
        );
        c.code(&mut doc).unwrap();
        assert!(!doc.events.is_empty());
        assert!(doc.events.iter().all(|e| e.negated), "{:?}", doc.events);
    }

    #[test]
    fn compound_subject_of_mutual_act_pairs_up() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Russia , China and Pakistan attended the meeting .",
            "Russia , China and Pakistan attend the meeting .",
            "PROPN PUNCT PROPN CCONJ PROPN VERB DET NOUN PUNCT",
            "6 3 1 5 1 0 8 6 6",
            "nsubj punct conj cc conj root det obj punct",
            &[(0, 1, "RUS"), (2, 3, "CHN"), (4, 5, "PAK")],
        );
        c.code(&mut doc).unwrap();
        let pairs: Vec<(String, String)> = doc
            .events
            .iter()
            .map(|e| {
                (
                    e.source.clone().unwrap().code,
                    e.target.clone().unwrap().code,
                )
            })
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("RUS".into(), "CHN".into()),
                ("RUS".into(), "PAK".into()),
                ("CHN".into(), "PAK".into())
            ]
        );
        assert!(doc
            .events
            .iter()
            .all(|e| e.roster.len() == 3 && e.happening == doc.events[0].happening));
    }

    #[test]
    fn passive_agent_is_source() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Israel was attacked by Hamas .",
            "Israel be attack by Hamas .",
            "PROPN AUX VERB ADP PROPN PUNCT",
            "3 3 0 5 3 3",
            "nsubj:pass aux:pass root case obl:agent punct",
            &[(0, 1, "ISR"), (4, 5, "PSE")],
        );
        c.code(&mut doc).unwrap();
        let e = &doc.events[0];
        assert_eq!(
            (
                e.source.as_ref().unwrap().code.as_str(),
                e.target.as_ref().unwrap().code.as_str()
            ),
            ("PSE", "ISR")
        );
        assert_eq!(e.cameo, "190");
    }

    #[test]
    fn threat_to_attack_is_a_threat_not_an_attack() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Iran threatened to attack Iraq .",
            "Iran threaten to attack Iraq .",
            "PROPN VERB PART VERB PROPN PUNCT",
            "2 0 4 2 4 2",
            "nsubj root mark xcomp obj punct",
            &[(0, 1, "IRN"), (4, 5, "IRQ")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        assert_eq!(doc.events[0].cameo, "1384");
        assert_eq!(doc.events[0].target.as_ref().unwrap().code, "IRQ");
    }

    #[test]
    fn future_meeting_is_intent() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Russia will meet China .",
            "Russia will meet China .",
            "PROPN AUX VERB PROPN PUNCT",
            "3 3 0 3 3",
            "nsubj aux root obj punct",
            &[(0, 1, "RUS"), (3, 4, "CHN")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events[0].cameo, "036");
        assert_eq!(doc.events[0].certainty, jirga_doc::Certainty::Planned);
    }

    #[test]
    fn unnamed_violence_is_coded_to_unidentified_forces_of_the_place() {
        let c = Coder::builtin().unwrap();
        // "A bombing near the town of Samarra killed a U.S. soldier ."
        let mut doc = build(
            "A bombing near the town of Samarra killed a U.S. soldier .",
            "a bombing near the town of Samarra kill a U.S. soldier .",
            "DET NOUN ADP DET NOUN ADP PROPN VERB DET PROPN NOUN PUNCT",
            "2 8 5 5 2 7 5 0 11 11 8 8",
            "det nsubj case det nmod case nmod root det compound obj punct",
            &[(6, 7, "IRQ"), (9, 11, "USAMIL")],
        );
        doc.mentions[0].kind = jirga_doc::ActorKind::Capital;
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.cameo.get(..2), Some("18"));
        assert_eq!(e.source.as_ref().unwrap().code, "IRQUAF");
        assert_eq!(e.source.as_ref().unwrap().text, "Samarra");
        assert_eq!(e.target.as_ref().unwrap().code, "USAMIL");
        assert_eq!(e.place.as_ref().unwrap().country.as_deref(), Some("IRQ"));
    }

    #[test]
    fn ethnic_minorities_are_coded_by_where_they_live() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Ethnic Albanians demonstrated in Serbia .",
            "ethnic Albanian demonstrate in Serbia .",
            "ADJ PROPN VERB ADP PROPN PUNCT",
            "2 3 0 5 3 3",
            "amod nsubj root case obl punct",
            &[(1, 2, "ALB"), (4, 5, "SRB")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.cameo.get(..2), Some("14"));
        assert_eq!(e.source.as_ref().unwrap().code, "SRB");
        // not "ethnic": a people abroad keeps its own country
        let mut doc = build(
            "Albanians demonstrated in Serbia .",
            "Albanian demonstrate in Serbia .",
            "PROPN VERB ADP PROPN PUNCT",
            "2 0 4 2 2",
            "nsubj root case obl punct",
            &[(0, 1, "ALB"), (3, 4, "SRB")],
        );
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events[0].source.as_ref().unwrap().code, "ALB");
    }

    #[test]
    fn attribution_and_place_and_weekday() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Khalilzad met Kabulov in Moscow on Friday , the ministry says .",
            "Khalilzad meet Kabulov in Moscow on Friday , the ministry say .",
            "PROPN VERB PROPN ADP PROPN ADP PROPN PUNCT DET NOUN VERB PUNCT",
            "2 0 2 5 2 7 2 11 10 11 2 2",
            "nsubj root obj case obl case obl punct det nsubj parataxis punct",
            &[
                (0, 1, "USAGOV"),
                (2, 3, "RUSGOV"),
                (4, 5, "RUS"),
                (8, 10, "RUSGOV"),
            ],
        );
        doc.mentions[2].kind = jirga_doc::ActorKind::Capital;
        doc.meta.date = Some("2018-11-12".into());
        c.code(&mut doc).unwrap();
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.target.as_ref().unwrap().code, "RUSGOV");
        assert_eq!(e.attribution.as_ref().unwrap().text, "the ministry");
        assert_eq!(e.certainty, jirga_doc::Certainty::Reported);
        assert_eq!(e.place.as_ref().unwrap().city.as_deref(), Some("Moscow"));
        assert_eq!(e.when.as_ref().unwrap().date.as_deref(), Some("2018-11-09"));
        let text = c.explain(&doc, 0);
        assert!(
            text.contains("04-consult.txt") && text.contains("USAGOV → RUSGOV"),
            "{text}"
        );
    }

    #[test]
    fn denial_negates_the_complement() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "Russia denied arming the Taliban .",
            "Russia deny arm the Taliban .",
            "PROPN VERB VERB DET PROPN PUNCT",
            "2 0 2 5 3 2",
            "nsubj root xcomp det obj punct",
            &[(0, 1, "RUS"), (3, 5, "TAL")],
        );
        c.code(&mut doc).unwrap();
        let arm = doc
            .events
            .iter()
            .find(|e| e.cameo.starts_with("07"))
            .unwrap();
        assert!(arm.negated);
        let deny = doc.events.iter().find(|e| e.cameo == "016").unwrap();
        assert!(!deny.negated);
    }

    #[test]
    fn furniture_is_skipped() {
        let c = Coder::builtin().unwrap();
        let mut doc = build(
            "This website uses cookies to attack Russia .",
            "this website use cookie to attack Russia .",
            "DET NOUN VERB NOUN PART VERB PROPN PUNCT",
            "2 3 0 3 6 3 6 3",
            "det nsubj root obj mark advcl obj punct",
            &[(6, 7, "RUS")],
        );
        c.code(&mut doc).unwrap();
        assert!(doc.events.is_empty());
    }
}
