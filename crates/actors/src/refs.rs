//! Reference within a document: pronouns and definite descriptions resolved to an
//! actor named earlier where number and the parse make it clear; otherwise left
//! uncoded. Every search looks back a few sentences only, so the cost stays linear.

use crate::matcher::{Draft, Pending};
use jirga_doc::{ActorKind, ActorMention, Doc, Layers, MentionIdx, TokenIdx, Upos};

/// Sentences searched back for a pronoun's antecedent.
const PRONOUN_WINDOW: u32 = 2;
/// Sentences searched back for "the group" / "the militants".
const GROUP_WINDOW: u32 = 5;
/// Sentences searched back for "the diplomats" / "the officials".
const ROLE_WINDOW: u32 = 3;

/// Sectors of armed non-state roles ("the militants").
const ARMED: [&str; 5] = ["INS", "REB", "SEP", "UAF", "RAD"];

struct Resolver<'a> {
    doc: &'a Doc,
    deps: bool,
    upos: bool,
    out: Vec<ActorMention>,
    sent: Vec<u32>,
}

/// Turns drafts into mentions, resolving references.
pub(crate) fn resolve(doc: &Doc, drafts: Vec<Draft>) -> Vec<ActorMention> {
    let deps = doc.layers.contains(Layers::DEPS)
        && doc.tokens.head.len() == doc.tokens.len()
        && doc.tokens.deprel.len() == doc.tokens.len();
    let upos = doc.layers.contains(Layers::UPOS)
        && doc.tokens.upos.len() == doc.tokens.len()
        && doc.tokens.xpos.len() == doc.tokens.len();
    let mut r = Resolver {
        doc,
        deps,
        upos,
        out: Vec::with_capacity(drafts.len()),
        sent: Vec::with_capacity(drafts.len()),
    };
    for d in drafts {
        match d.pending {
            Pending::None => r.push(&d, None),
            Pending::Pronoun { plural, object } => {
                let found = if plural {
                    r.plural_pronoun(&d, object)
                } else {
                    r.person_pronoun(&d, object)
                };
                if let Some(a) = found {
                    r.push(&d, Some(a));
                }
            }
            Pending::GroupNoun => {
                if let Some(a) = r.armed_group(&d) {
                    r.push(&d, Some(a));
                }
            }
            Pending::Definite => {
                let ants = r.definite(&d);
                if ants.is_empty() {
                    // Unresolved: a plain role, without its determiner.
                    let mut d = d;
                    let det = doc
                        .tokens
                        .norm
                        .get(d.start as usize)
                        .map(|w| w.to_lowercase());
                    if matches!(det.as_deref(), Some("the" | "these" | "those"))
                        && d.start + 1 < d.end
                    {
                        d.start += 1;
                    }
                    r.push(&d, None);
                } else {
                    for a in ants {
                        r.push(&d, Some(a));
                    }
                }
            }
        }
    }
    let mut out = r.out;
    // Keep text order (drafts are in order already; a stable sort guards it).
    let mut idx: Vec<usize> = (0..out.len()).collect();
    idx.sort_by_key(|&i| (out[i].start, i));
    if idx.iter().enumerate().any(|(k, &i)| k != i) {
        let mut new_pos = vec![0u32; out.len()];
        for (k, &i) in idx.iter().enumerate() {
            new_pos[i] = k as u32;
        }
        let mut sorted: Vec<ActorMention> = idx.iter().map(|&i| out[i].clone()).collect();
        for m in &mut sorted {
            if let Some(a) = m.antecedent {
                m.antecedent = Some(new_pos[a as usize]);
            }
        }
        out = sorted;
    }
    out
}

impl Resolver<'_> {
    /// Head token of `[start, end)`: the token whose head lies outside the span (the last
    /// such), else `hint`.
    fn head(&self, start: TokenIdx, end: TokenIdx, hint: TokenIdx) -> TokenIdx {
        if self.deps {
            let h = &self.doc.tokens.head;
            let mut found = None;
            for t in start..end {
                let ht = h[t as usize];
                if ht < start || ht >= end || ht == t {
                    found = Some(t);
                }
            }
            if let Some(t) = found {
                return t;
            }
        }
        hint
    }

    fn push(&mut self, d: &Draft, antecedent: Option<MentionIdx>) {
        let (code, kind, name, plural) = match antecedent {
            Some(a) => {
                let m = &self.out[a as usize];
                let name = if m.plural == d.plural {
                    m.name.clone()
                } else {
                    None
                };
                (m.code.clone(), ActorKind::Reference, name, d.plural)
            }
            None => (d.code.clone(), d.kind, d.name.clone(), d.plural),
        };
        let (country, sectors) = split_code(&code);
        let mut entries = d.entries.clone();
        if let Some(a) = antecedent {
            entries.push(format!("ref:{a}"));
        }
        self.out.push(ActorMention {
            start: d.start,
            end: d.end,
            head: self.head(d.start, d.end, d.hint),
            code,
            kind,
            country,
            sectors,
            entries,
            name,
            antecedent,
            plural,
        });
        self.sent.push(d.sentence);
    }

    /// Earlier mentions within `window` sentences, most recent first.
    fn candidates(&self, d: &Draft, window: u32) -> impl Iterator<Item = usize> + '_ {
        let first = d.sentence.saturating_sub(window);
        let cur = d.start;
        (0..self.out.len())
            .rev()
            .take_while(move |&i| self.sent[i] >= first)
            .filter(move |&i| self.out[i].end <= cur && !self.out[i].code.is_empty())
    }

    /// Whether candidate `i` is the subject of the clause whose object is the pronoun
    /// ("Moscow has armed them": them ≠ Moscow).
    fn same_clause_subject(&self, i: usize, d: &Draft) -> bool {
        let m = &self.out[i];
        if self.sent[i] != d.sentence {
            return false;
        }
        if self.deps {
            let t = &self.doc.tokens;
            let pron_head = t.head[d.start as usize];
            return t.head[m.head as usize] == pron_head && t.deprel[m.head as usize].is("nsubj");
        }
        // Without a parse: the nearest mention a few words back, with no clause break.
        let gap = d.start.saturating_sub(m.end);
        if gap > 4 {
            return false;
        }
        !(m.end..d.start).any(|k| {
            let w = self.doc.tokens.norm[k as usize].to_lowercase();
            matches!(
                w.as_str(),
                "," | ";" | "and" | "but" | "that" | "which" | "who" | "or"
            )
        })
    }

    /// Whether candidate `i` is, or is the same actor as, the subject of the pronoun's
    /// clause: "he would only welcome *him*" cannot be the man "he" stands for.
    fn binds(&self, i: usize, d: &Draft, object: bool) -> bool {
        if !object {
            return false;
        }
        if self.same_clause_subject(i, d) {
            return true;
        }
        let code = &self.out[i].code;
        (0..self.out.len()).any(|j| {
            j != i
                && self.out[j].kind == ActorKind::Reference
                && &self.out[j].code == code
                && self.same_clause_subject(j, d)
        })
    }

    fn is_groupish(&self, i: usize) -> bool {
        let m = &self.out[i];
        match m.kind {
            ActorKind::Group => true,
            ActorKind::Reference => m.antecedent.is_some_and(|a| self.is_groupish(a as usize)),
            ActorKind::Agent => {
                m.sectors.iter().any(|s| ARMED.contains(&s.as_str())) && m.country.is_some()
            }
            _ => false,
        }
    }

    /// they/them: the most recent plural actor (a group, plural role, people); else a
    /// country or organisation as a collective.
    fn plural_pronoun(&self, d: &Draft, object: bool) -> Option<MentionIdx> {
        // A bare role without an owner ("media") is no antecedent, unless armed.
        let ok = |i: &usize| {
            let m = &self.out[*i];
            (m.country.is_some() || m.sectors.iter().any(|s| ARMED.contains(&s.as_str())))
                && !self.binds(*i, d, object)
        };
        let pluralish = self.candidates(d, PRONOUN_WINDOW).filter(ok).find(|&i| {
            let m = &self.out[i];
            m.kind == ActorKind::Group || (m.plural && m.kind != ActorKind::Capital)
        });
        if let Some(i) = pluralish {
            return Some(i as MentionIdx);
        }
        // A country as a collective: only as a subject ("they said"); an object "them"
        // far more often stands for things ("the meetings").
        // Only with tags: a plural noun between them ("talks", "meetings") is the
        // likelier antecedent, and then none is taken.
        if object || !self.upos {
            return None;
        }
        let i = self.candidates(d, 1).filter(ok).find(|&i| {
            matches!(self.out[i].kind, ActorKind::Country | ActorKind::Igo)
                && self.out[i].country.is_some()
        })?;
        let t = &self.doc.tokens;
        let plural_between = (self.out[i].end..d.start).any(|k| {
            let k = k as usize;
            t.upos[k] == Upos::Noun && t.xpos.get(k).is_some_and(|x| x == "NNS")
        });
        (!plural_between).then_some(i as MentionIdx)
    }

    /// he/she/him/her: a person named in the most recent sentence that names one; when
    /// several with different codes, the parse must single out a subject.
    fn person_pronoun(&self, d: &Draft, object: bool) -> Option<MentionIdx> {
        let persons: Vec<usize> = self
            .candidates(d, PRONOUN_WINDOW)
            .filter(|&i| !self.binds(i, d, object))
            .filter(|&i| {
                let m = &self.out[i];
                !m.plural
                    && (m.kind == ActorKind::Person
                        || (m.kind == ActorKind::Reference
                            && m.antecedent
                                .is_some_and(|a| self.out[a as usize].kind == ActorKind::Person)))
            })
            .collect();
        let first = *persons.first()?;
        let s = self.sent[first];
        let same: Vec<usize> = persons.into_iter().filter(|&i| self.sent[i] == s).collect();
        if same
            .iter()
            .all(|&i| self.out[i].code == self.out[first].code)
        {
            return Some(first as MentionIdx);
        }
        if self.deps {
            let subj: Vec<usize> = same
                .iter()
                .copied()
                .filter(|&i| self.doc.tokens.deprel[self.out[i].head as usize].is("nsubj"))
                .collect();
            if subj.len() == 1 {
                return Some(subj[0] as MentionIdx);
            }
        }
        None
    }

    /// "the group", "the militants": the most recent armed group.
    fn armed_group(&self, d: &Draft) -> Option<MentionIdx> {
        self.candidates(d, GROUP_WINDOW)
            .find(|&i| self.is_groupish(i))
            .map(|i| i as MentionIdx)
    }

    /// "the militants" → the last group; "the diplomats" → every government actor of the
    /// last sentence naming some; other roles → the last actor with the same sectors.
    fn definite(&self, d: &Draft) -> Vec<MentionIdx> {
        let sectors: Vec<&str> = (0..d.code.len() / 3)
            .map(|k| &d.code[k * 3..k * 3 + 3])
            .collect();
        if sectors.iter().any(|s| ARMED.contains(s)) {
            return self.armed_group(d).into_iter().collect();
        }
        if sectors.first() == Some(&"GOV") {
            let gov = |i: &usize| {
                let m = &self.out[*i];
                m.country.is_some() && m.sectors.first().is_some_and(|s| s == "GOV")
            };
            let Some(first) = self.candidates(d, ROLE_WINDOW).find(gov) else {
                return Vec::new();
            };
            if !d.plural {
                // "the minister", "the envoy": a person holding a government office;
                // an institution ("the ministry") is not resolved.
                if !d.title {
                    return Vec::new();
                }
                return self
                    .candidates(d, ROLE_WINDOW)
                    .filter(gov)
                    .find(|&i| self.out[i].kind == ActorKind::Person && !self.out[i].plural)
                    .map(|i| vec![i as MentionIdx])
                    .unwrap_or_default();
            }
            let s = self.sent[first];
            let mut codes: Vec<&str> = Vec::new();
            let mut found = Vec::new();
            // The most recent mention of each code, in text order.
            for i in self
                .candidates(d, ROLE_WINDOW)
                .filter(|&i| self.sent[i] == s)
                .filter(gov)
            {
                let c = self.out[i].code.as_str();
                if !codes.contains(&c) {
                    codes.push(c);
                    found.push(i as MentionIdx);
                }
            }
            found.sort_unstable();
            return found;
        }
        self.candidates(d, ROLE_WINDOW)
            .find(|&i| {
                let m = &self.out[i];
                m.country.is_some() && m.code.len() > 3 && m.code[3..] == d.code
            })
            .map(|i| vec![i as MentionIdx])
            .unwrap_or_default()
    }
}

/// Splits a code into its first three letters and the following three-letter sectors.
pub(crate) fn split_code(code: &str) -> (Option<String>, Vec<String>) {
    if code.len() < 3 || !code.is_ascii() {
        return (None, Vec::new());
    }
    let first = &code[..3];
    let rest: Vec<String> = (1..code.len() / 3)
        .map(|k| code[k * 3..k * 3 + 3].to_string())
        .collect();
    if crate::SECTORS.contains(&first) {
        // A role without an owner ("INS"): no country.
        let mut all = vec![first.to_string()];
        all.extend(rest);
        return (None, all);
    }
    (Some(first.to_string()), rest)
}
