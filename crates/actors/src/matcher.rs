//! Matching and composition: dictionary hits in a sentence, then actors composed as
//! coders compose them (owner + role, role + "of/in" + owner, title + name).

use crate::dict::{doc_date, EntryKind};
use crate::trie::split_pieces;
use crate::ActorDict;
use jirga_doc::{ActorKind, Doc, Layers, TokenIdx, Upos};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashSet;

/// What a draft still needs from reference resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pending {
    /// A finished mention.
    None,
    /// A personal pronoun: `he`/`she` (person) or `they` (plural); `object` for him/her/them.
    Pronoun { plural: bool, object: bool },
    /// "the militants", "the diplomats": a role noun after a definite determiner.
    Definite,
    /// "the group", "the organisation".
    GroupNoun,
}

/// A mention before reference resolution.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub sentence: u32,
    pub start: TokenIdx,
    pub end: TokenIdx,
    /// Preferred head when there is no dependency tree.
    pub hint: TokenIdx,
    pub code: String,
    pub kind: ActorKind,
    pub name: Option<String>,
    pub plural: bool,
    pub entries: Vec<String>,
    pub pending: Pending,
    /// The last role is a countable title ("minister"), not an institution.
    pub title: bool,
}

/// A piece of a sentence.
struct Piece<'a> {
    tok: TokenIdx,
    text: Cow<'a, str>,
    lower: Cow<'a, str>,
    exact: Option<u32>,
    folded: Option<u32>,
    first: bool,
    last: bool,
}

/// A dictionary hit: pieces `[p0, p1)`, chosen entry.
#[derive(Debug, Clone)]
struct Hit {
    p0: usize,
    p1: usize,
    entry: u32,
    kind: EntryKind,
    plural: bool,
    /// Resolved code (people: the office on the document date).
    code: String,
}

const PRONOUNS: [(&str, bool, bool); 6] = [
    ("he", false, false),
    ("she", false, false),
    ("him", false, true),
    ("her", false, true),
    ("they", true, false),
    ("them", true, true),
];
const GROUP_NOUNS: [&str; 7] = [
    "group",
    "organisation",
    "organization",
    "movement",
    "outfit",
    "faction",
    "militia",
];
const NAME_STOP: [&str; 16] = [
    "The", "A", "An", "In", "On", "At", "For", "And", "But", "Of", "To", "By", "With", "From",
    "On", "As",
];

/// Words that make a capitalised run an organisation's name rather than a person's.
const ORG_WORDS: [&str; 30] = [
    "Front",
    "Army",
    "Party",
    "Movement",
    "Council",
    "Union",
    "United",
    "Revolutionary",
    "National",
    "Democratic",
    "Liberation",
    "Republic",
    "Forces",
    "Force",
    "Group",
    "Alliance",
    "Committee",
    "Congress",
    "Ministry",
    "Government",
    "Agency",
    "Organization",
    "Organisation",
    "Islamic",
    "People's",
    "Popular",
    "Brigade",
    "Brigades",
    "Assembly",
    "Court",
];

/// Finds the mentions of every sentence.
/// Returns the drafts and a warning when the document was cut.
pub(crate) fn find(dict: &ActorDict, doc: &Doc) -> (Vec<Draft>, Option<String>) {
    let date = doc.meta.date.as_deref().and_then(doc_date);
    let has_upos = doc.layers.contains(Layers::UPOS) && doc.tokens.upos.len() == doc.tokens.len();
    let mut ctx = Ctx {
        dict,
        doc,
        date,
        has_upos,
        seen_people: HashSet::new(),
        out: Vec::new(),
        pieces_tok_last: 0,
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut buf: Vec<String> = Vec::new();
    let mut warning = None;
    let n_sent = doc.sentences.len();
    for s in 0..n_sent {
        sentence_pieces(dict, doc, s, &mut pieces, &mut buf);
        ctx.sentence(s as u32, &pieces);
        if ctx.out.len() >= crate::MAX_MENTIONS {
            ctx.out.truncate(crate::MAX_MENTIONS);
            let msg = format!(
                "actors: more than {} mentions; sentences after {} were not searched",
                crate::MAX_MENTIONS,
                s
            );
            warning = Some(msg);
            break;
        }
    }
    (ctx.out, warning)
}

/// The pieces of sentence `s`: one per plain word, several for a token with hyphens,
/// slashes or a possessive inside.
fn sentence_pieces<'d>(
    dict: &ActorDict,
    doc: &'d Doc,
    s: usize,
    pieces: &mut Vec<Piece<'d>>,
    buf: &mut Vec<String>,
) {
    pieces.clear();
    let sent = doc.sentences[s];
    let end = (sent.end as usize).min(doc.tokens.len());
    for t in sent.start as usize..end {
        let norm = doc.tokens.norm[t].as_str();
        // Most tokens are plain words: one piece, borrowed.
        if !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let lower: Cow<'_, str> = if norm.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(norm.to_ascii_lowercase())
            } else {
                Cow::Borrowed(norm)
            };
            pieces.push(Piece {
                tok: t as TokenIdx,
                exact: dict.interner.get(norm),
                folded: dict.interner.get(&lower),
                text: Cow::Borrowed(norm),
                lower,
                first: true,
                last: true,
            });
            continue;
        }
        buf.clear();
        split_pieces(norm, buf);
        let n = buf.len();
        for (k, p) in buf.drain(..).enumerate() {
            let lower = p.to_lowercase();
            pieces.push(Piece {
                tok: t as TokenIdx,
                exact: dict.interner.get(&p),
                folded: dict.interner.get(&lower),
                text: Cow::Owned(p),
                lower: Cow::Owned(lower),
                first: k == 0,
                last: k + 1 == n,
            });
        }
    }
}

/// Words inside capitalized names of several words that the dictionaries know as a
/// country, place, organisation, group or person ("European Community", "Ivory Coast",
/// "Tel Aviv", "World Food Program"), for the tagger to read as proper nouns. Role nouns
/// ("Security forces" at the start of a sentence) and adjectives are not names; every
/// word of the name must be capitalized, apart from "of", "the", "and", "for".
pub(crate) fn name_words(dict: &ActorDict, doc: &Doc) -> Vec<TokenIdx> {
    let mut out = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut buf: Vec<String> = Vec::new();
    for s in 0..doc.sentences.len() {
        sentence_pieces(dict, doc, s, &mut pieces, &mut buf);
        let p = &pieces;
        let mut i = 0;
        while i < p.len() {
            let Some((end, cands)) = longest(dict, p, i) else {
                i += 1;
                continue;
            };
            let (t0, t1) = (p[i].tok, p[end - 1].tok);
            let named = cands.iter().any(|&(e, _)| {
                matches!(
                    dict.entries[e as usize].kind,
                    EntryKind::Country
                        | EntryKind::Capital
                        | EntryKind::City
                        | EntryKind::Seat
                        | EntryKind::Igo
                        | EntryKind::Group
                        | EntryKind::Person
                )
            });
            let capitalized = (t0..=t1).all(|t| {
                let w = doc.tokens.norm[t as usize].as_str();
                !w.starts_with(|c: char| c.is_alphabetic())
                    || w.starts_with(|c: char| c.is_uppercase())
                    || matches!(w, "of" | "the" | "and" | "for")
            });
            if named && t1 > t0 && capitalized {
                out.extend((t0..=t1).filter(|&t| {
                    doc.tokens.norm[t as usize].starts_with(|c: char| c.is_uppercase())
                }));
            }
            i = end;
        }
    }
    out
}

struct Ctx<'a> {
    dict: &'a ActorDict,
    doc: &'a Doc,
    date: Option<u32>,
    has_upos: bool,
    seen_people: HashSet<u32>,
    out: Vec<Draft>,
    /// Last token of the hit being chosen.
    pieces_tok_last: TokenIdx,
}

/// Whether a match may start at piece `i` (a token start, or after a hyphen inside one,
/// but not after a prefix of stance: an "anti-Syria journalist" or a "pro-Iranian
/// militia" is not Syrian or Iranian).
fn can_start(p: &[Piece], i: usize) -> bool {
    p[i].first
        || (i > 0
            && p[i - 1].text == "-"
            && !(i > 1 && matches!(&*p[i - 2].lower, "anti" | "pro" | "non")))
}
/// Whether a match may end after piece `i` (a token end, before a hyphen, or before a
/// possessive inside the token: "Russia's").
fn can_end(p: &[Piece], i: usize) -> bool {
    p[i].last
        || p.get(i + 1)
            .is_some_and(|n| n.text == "-" || n.lower == "'s" || n.text == "'")
}

/// Longest dictionary hit starting at piece `i`: (end, [(entry, plural)]).
fn longest(dict: &ActorDict, p: &[Piece], i: usize) -> Option<(usize, Vec<(u32, bool)>)> {
    if !can_start(p, i) {
        return None;
    }
    let mut best: Option<(usize, Vec<(u32, bool)>)> = None;
    for trie in [&dict.exact, &dict.folded] {
        let folded = std::ptr::eq(trie, &dict.folded);
        let mut node = 0u32;
        for (k, piece) in p.iter().enumerate().skip(i) {
            let id = if folded { piece.folded } else { piece.exact };
            let Some(next) = id.and_then(|id| trie.step(node, id)) else {
                break;
            };
            node = next;
            let term = &trie.term[node as usize];
            // Role nouns match whole tokens only ("state-owned" is no "state").
            let ends = if folded {
                p[k].last && p[i].first
            } else {
                can_end(p, k)
            };
            if !term.is_empty() && ends {
                match &mut best {
                    Some((e, v)) if *e == k + 1 => v.extend_from_slice(term),
                    Some((e, _)) if *e > k + 1 => {}
                    _ => best = Some((k + 1, term.clone())),
                }
            }
        }
    }
    best
}

impl Ctx<'_> {
    /// Chooses the entry of a hit; people are resolved by date and by earlier mentions.
    fn choose(&mut self, p0: usize, p1: usize, cands: &[(u32, bool)]) -> Option<Hit> {
        let entries = &self.dict.entries;
        let best_kind = cands
            .iter()
            .map(|&(e, _)| entries[e as usize].kind)
            .min_by_key(|k| k.priority())?;
        let of_kind: Vec<(u32, bool)> = cands
            .iter()
            .copied()
            .filter(|&(e, _)| entries[e as usize].kind == best_kind)
            .collect();
        let (entry, plural) = if best_kind == EntryKind::Person {
            let mut people: Vec<u32> = of_kind.iter().map(|&(e, _)| e).collect();
            people.sort_unstable();
            people.dedup();
            let pick = if people.len() == 1 {
                Some(people[0])
            } else {
                let seen: Vec<u32> = people
                    .iter()
                    .copied()
                    .filter(|e| self.seen_people.contains(e))
                    .collect();
                if seen.len() == 1 {
                    Some(seen[0])
                } else if let Some(d) = self.date {
                    let on: Vec<u32> = people
                        .iter()
                        .copied()
                        .filter(|&e| entries[e as usize].in_office(d))
                        .collect();
                    (on.len() == 1).then(|| on[0])
                } else {
                    None
                }
            };
            (pick?, false)
        } else {
            of_kind[0]
        };
        let e = &entries[entry as usize];
        if e.kind == EntryKind::Agent && self.has_upos {
            // "military equipment", "they suspect": not a role noun here.
            let last = self.pieces_tok_last;
            if matches!(
                self.doc.tokens.upos.get(last as usize),
                Some(Upos::Adj | Upos::Verb | Upos::Aux | Upos::Adv)
            ) {
                return None;
            }
        }
        let code = e.code_on(self.date)?;
        if e.kind == EntryKind::Person {
            self.seen_people.insert(entry);
        }
        Some(Hit {
            p0,
            p1,
            entry,
            kind: e.kind,
            plural,
            code,
        })
    }

    fn sentence(&mut self, sent: u32, p: &[Piece]) {
        // 1. Hits, left to right, longest first.
        let mut hits: Vec<Hit> = Vec::new();
        let mut i = 0;
        while i < p.len() {
            if let Some((end, cands)) = longest(self.dict, p, i) {
                self.pieces_tok_last = p[end - 1].tok;
                if let Some(h) = self.choose(i, end, &cands) {
                    hits.push(h);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        // 2. Composition.
        let mut h = 0;
        let mut pi = 0; // next piece not yet consumed (for pronouns and group nouns)
        while h < hits.len() || pi < p.len() {
            let next_hit = hits.get(h).map(|x| x.p0).unwrap_or(usize::MAX);
            if pi < next_hit && pi < p.len() {
                self.loose_piece(sent, p, pi);
                pi += 1;
                continue;
            }
            if h >= hits.len() {
                break;
            }
            let (consumed_hits, end_piece) = self.compose(sent, p, &hits, h);
            h += consumed_hits.max(1);
            pi = end_piece.max(pi);
        }
    }

    /// Pronouns and "the group" outside dictionary hits.
    fn loose_piece(&mut self, sent: u32, p: &[Piece], i: usize) {
        let piece = &p[i];
        if !(piece.first && piece.last) {
            return;
        }
        if let Some(&(_, plural, object)) = PRONOUNS.iter().find(|(w, _, _)| *w == piece.lower) {
            // Possessive "her" ("her visit") is no actor.
            if piece.lower == "her" && self.possessive_her(p, i) {
                return;
            }
            self.push(
                sent,
                piece.tok,
                piece.tok + 1,
                piece.tok,
                String::new(),
                ActorKind::Reference,
                None,
                plural,
                vec![],
                Pending::Pronoun { plural, object },
            );
            return;
        }
        if GROUP_NOUNS.contains(&piece.lower.as_ref()) && i > 0 && p[i - 1].lower == "the" {
            let start = p[i - 1].tok;
            self.push(
                sent,
                start,
                piece.tok + 1,
                piece.tok,
                String::new(),
                ActorKind::Reference,
                None,
                false,
                vec![],
                Pending::GroupNoun,
            );
        }
    }

    /// Whether "her" at piece `i` is possessive: from the parse when there is one
    /// (`nmod:poss`, or a determiner tag), else when a word other than a preposition
    /// or conjunction follows.
    fn possessive_her(&self, p: &[Piece], i: usize) -> bool {
        let t = p[i].tok as usize;
        let toks = &self.doc.tokens;
        if self.doc.layers.contains(Layers::DEPS) && toks.deprel.len() == toks.len() {
            return toks.deprel[t].is("nmod") || toks.deprel[t].is("det");
        }
        if self.has_upos {
            return toks.upos[t] == Upos::Det;
        }
        match p.get(i + 1) {
            None => false,
            Some(n) => {
                n.text.chars().next().is_some_and(char::is_alphanumeric)
                    && !matches!(
                        n.lower.as_ref(),
                        "to" | "in"
                            | "at"
                            | "on"
                            | "for"
                            | "with"
                            | "and"
                            | "as"
                            | "that"
                            | "from"
                            | "by"
                            | "after"
                            | "before"
                            | "during"
                            | "over"
                            | "or"
                            | "but"
                            | "about"
                            | "into"
                            | "of"
                            | "if"
                            | "when"
                            | "while"
                            | "because"
                            | "again"
                            | "back"
                    )
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        sentence: u32,
        start: TokenIdx,
        end: TokenIdx,
        hint: TokenIdx,
        code: String,
        kind: ActorKind,
        name: Option<String>,
        plural: bool,
        entries: Vec<String>,
        pending: Pending,
    ) {
        self.out.push(Draft {
            sentence,
            start,
            end,
            hint,
            code,
            kind,
            name,
            plural,
            entries,
            pending,
            title: false,
        });
    }

    fn src(&self, h: &Hit) -> String {
        self.dict.entries[h.entry as usize].source.clone()
    }
    fn name(&self, h: &Hit) -> String {
        self.dict.entries[h.entry as usize].name.clone()
    }

    /// Skips modifier words ("deputy", "acting") from piece `i`, stopping where a
    /// dictionary hit starts (`stop`).
    fn skip_mods(&self, p: &[Piece], mut i: usize, stop: usize) -> usize {
        while i < p.len()
            && i != stop
            && p[i].first
            && p[i].last
            && self.dict.mods.contains(p[i].lower.as_ref())
        {
            i += 1;
        }
        i
    }

    /// Between an owner and a role, "-led" ("Vietnamese-led forces") and up to two
    /// lower-case nouns or adjectives of a compound ("French paper workers",
    /// "Nigerian junior foreign minister"): returns `stop` (where the next hit starts)
    /// when everything from `i` to it is such words, else `i`. Needs tags.
    fn skip_compound(&self, p: &[Piece], i: usize, stop: usize) -> usize {
        if stop > p.len() || i >= stop {
            return i;
        }
        let mut k = i;
        if p[k].text == "-" && p.get(k + 1).is_some_and(|n| n.lower == "led" && n.last) {
            k = self.skip_mods(p, k + 2, stop);
            if k == stop {
                return stop;
            }
        }
        if !self.has_upos || stop - k > 2 {
            return i;
        }
        let words_ok = (k..stop).all(|j| {
            let piece = &p[j];
            piece.first
                && piece.last
                && piece.text.chars().all(|c| c.is_lowercase())
                && matches!(
                    self.doc.tokens.upos.get(piece.tok as usize),
                    Some(Upos::Noun | Upos::Adj)
                )
        });
        if words_ok {
            stop
        } else {
            i
        }
    }

    /// For an owner coordinated with a second owner that has a role ("Hungarian and
    /// Romanian officials"), the role's sectors.
    fn shared_role(&self, p: &[Piece], hits: &[Hit], h: usize) -> Option<String> {
        let c = hits[h].p1;
        if !(c < p.len() && matches!(p[c].lower.as_ref(), "and" | "or" | ",")) {
            return None;
        }
        let o2 = hits
            .get(h + 1)
            .filter(|o| o.p0 == c + 1 && matches!(o.kind, EntryKind::Adj | EntryKind::Country))?;
        let role = hits.get(h + 2).filter(|r| r.kind == EntryKind::Agent)?;
        let mut q = o2.p1;
        if q < p.len() && (p[q].lower == "'s" || p[q].text == "'") {
            q += 1;
        }
        if self.skip_mods(p, q, role.p0) != role.p0 {
            return None;
        }
        let (_, sectors) = self.agent_chain(p, hits, h + 2);
        (!sectors.is_empty()).then_some(sectors)
    }

    /// A chain of role hits starting at hit `h` (allowing modifiers between): returns
    /// the index of the last role hit and the sectors (the last non-empty code).
    fn agent_chain(&self, p: &[Piece], hits: &[Hit], h: usize) -> (usize, String) {
        let mut last = h;
        let mut sectors = hits[h].code.clone();
        while let Some(n) = hits.get(last + 1) {
            if n.kind != EntryKind::Agent || n.p0 != self.skip_mods(p, hits[last].p1, n.p0) {
                break;
            }
            // The head noun comes last in English: its sector wins unless it has none
            // ("Foreign Ministry spokesman").
            if !n.code.is_empty() {
                sectors = n.code.clone();
            }
            last += 1;
        }
        (last, sectors)
    }

    /// Composes the actor starting at hit `h`; returns (hits consumed, piece after the mention).
    fn compose(&mut self, sent: u32, p: &[Piece], hits: &[Hit], h: usize) -> (usize, usize) {
        let hit = &hits[h];
        let tok0 = p[hit.p0].tok;
        match hit.kind {
            k if k.is_owner() => {
                // Owner, optional possessive, modifiers, role.
                let mut q = hit.p1;
                if q < p.len() && (p[q].text == "'s" || p[q].text == "'" || p[q].lower == "'s") {
                    q += 1;
                }
                let stop = hits.get(h + 1).map(|x| x.p0).unwrap_or(usize::MAX);
                let q = self.skip_mods(p, q, stop);
                let q = self.skip_compound(p, q, stop);
                if let Some(role) = hits
                    .get(h + 1)
                    .filter(|r| r.kind == EntryKind::Agent && r.p0 == q)
                {
                    let _ = role;
                    let (last, sectors) = self.agent_chain(p, hits, h + 1);
                    let code = owner_code(hit, &sectors);
                    let role_end = hits[last].p1;
                    let plural = hits[last].plural;
                    let mut entries = vec![self.src(hit)];
                    entries.extend((h + 1..=last).map(|k| self.src(&hits[k])));
                    let hint = p[role_end - 1].tok;
                    let owner_name = matches!(
                        hit.kind,
                        EntryKind::Igo | EntryKind::Group | EntryKind::Seat
                    )
                    .then(|| self.name(hit));
                    let draft = Draft {
                        sentence: sent,
                        start: tok0,
                        end: p[role_end - 1].tok + 1,
                        hint,
                        code,
                        kind: ActorKind::Agent,
                        name: owner_name,
                        plural,
                        entries,
                        pending: Pending::None,
                        title: false,
                    };
                    let (draft, used, end) =
                        self.extend_title(p, hits, last + 1, role_end, draft, true);
                    self.out.push(draft);
                    return (last + 1 - h + used, end);
                }
                // "Hungarian and Romanian officials": the first owner shares the role.
                if matches!(hit.kind, EntryKind::Adj | EntryKind::Country) {
                    if let Some(sectors) = self.shared_role(p, hits, h) {
                        let end_tok = p[hit.p1 - 1].tok + 1;
                        let plural = hits.get(h + 2).is_some_and(|r| r.plural);
                        let entries = vec![self.src(hit)];
                        self.push(
                            sent,
                            tok0,
                            end_tok,
                            end_tok - 1,
                            owner_code(hit, &sectors),
                            ActorKind::Agent,
                            None,
                            plural,
                            entries,
                            Pending::None,
                        );
                        return (1, hit.p1);
                    }
                }
                // A lone owner.
                let kind = match hit.kind {
                    EntryKind::Capital | EntryKind::City => ActorKind::Capital,
                    EntryKind::Igo => ActorKind::Igo,
                    EntryKind::Group => ActorKind::Group,
                    EntryKind::Seat => ActorKind::Agent,
                    _ => ActorKind::Country,
                };
                let name = match hit.kind {
                    EntryKind::Capital
                    | EntryKind::City
                    | EntryKind::Igo
                    | EntryKind::Group
                    | EntryKind::Seat => Some(self.name(hit)),
                    _ => None,
                };
                let end_tok = p[hit.p1 - 1].tok + 1;
                let mut entries = vec![self.src(hit)];
                // Tell the coder which places are seats of government.
                match hit.kind {
                    EntryKind::Capital => entries.push("capital".to_string()),
                    EntryKind::City => entries.push("city".to_string()),
                    _ => {}
                }
                self.push(
                    sent,
                    tok0,
                    end_tok,
                    end_tok - 1,
                    hit.code.clone(),
                    kind,
                    name,
                    hit.plural,
                    entries,
                    Pending::None,
                );
                (1, hit.p1)
            }
            EntryKind::People => {
                let end_tok = p[hit.p1 - 1].tok + 1;
                let entries = vec![self.src(hit)];
                self.push(
                    sent,
                    tok0,
                    end_tok,
                    end_tok - 1,
                    hit.code.clone(),
                    ActorKind::Country,
                    None,
                    true,
                    entries,
                    Pending::None,
                );
                (1, hit.p1)
            }
            EntryKind::Person => {
                // "Ghani's government": the person's country owns the role; so does a
                // leader's name before the government he leads ("the Bush administration",
                // "the Assad regime")
                let mut q = hit.p1;
                let possessive =
                    q < p.len() && (p[q].lower == "'s" || p[q].text == "'") && hit.code.len() >= 3;
                let led = !possessive
                    && hit.code.len() >= 3
                    && hits.get(h + 1).is_some_and(|r| {
                        r.kind == EntryKind::Agent
                            && r.p0 == q
                            && r.p1 == q + 1
                            && matches!(
                                &*p[q].lower,
                                "administration" | "government" | "regime" | "cabinet"
                            )
                    });
                if possessive || led {
                    if possessive {
                        q += 1;
                    }
                    let stop = hits.get(h + 1).map(|x| x.p0).unwrap_or(usize::MAX);
                    let q = self.skip_mods(p, q, stop);
                    if hits
                        .get(h + 1)
                        .is_some_and(|r| r.kind == EntryKind::Agent && r.p0 == q)
                    {
                        let (last, sectors) = self.agent_chain(p, hits, h + 1);
                        let role_end = hits[last].p1;
                        let country: String = hit.code.chars().take(3).collect();
                        let code = if crate::SECTORS.contains(&country.as_str()) {
                            sectors.clone()
                        } else if sectors.is_empty() {
                            format!("{country}GOV")
                        } else {
                            format!("{country}{sectors}")
                        };
                        let mut entries = vec![self.src(hit)];
                        entries.extend((h + 1..=last).map(|k| self.src(&hits[k])));
                        let end = p[role_end - 1].tok + 1;
                        let plural = hits[last].plural;
                        self.push(
                            sent,
                            tok0,
                            end,
                            end - 1,
                            code,
                            ActorKind::Agent,
                            None,
                            plural,
                            entries,
                            Pending::None,
                        );
                        return (last + 1 - h, role_end);
                    }
                }
                let end_tok = p[hit.p1 - 1].tok + 1;
                let entries = vec![self.src(hit)];
                let name = Some(self.name(hit));
                self.push(
                    sent,
                    tok0,
                    end_tok,
                    end_tok - 1,
                    hit.code.clone(),
                    ActorKind::Person,
                    name,
                    false,
                    entries,
                    Pending::None,
                );
                (1, hit.p1)
            }
            _ => {
                // A role without an owner before it; modifiers before it join the span.
                let mut s = hit.p0;
                while s > 0
                    && p[s - 1].first
                    && p[s - 1].last
                    && self.dict.mods.contains(p[s - 1].lower.as_ref())
                {
                    s -= 1;
                }
                let start = p[s].tok;
                let (last, sectors) = self.agent_chain(p, hits, h);
                let role_end = hits[last].p1;
                let plural = hits[last].plural;
                let mut entries: Vec<String> = (h..=last).map(|k| self.src(&hits[k])).collect();
                let hint = p[role_end - 1].tok;
                // Role + of/in/from + [the] owner.
                let mut q = role_end;
                if q < p.len() && matches!(p[q].lower.as_ref(), "of" | "in" | "from") {
                    q += 1;
                    if q < p.len() && p[q].lower == "the" {
                        q += 1;
                    }
                    if let Some(o) = hits.get(last + 1).filter(|o| {
                        o.p0 == q
                            && matches!(
                                o.kind,
                                EntryKind::Country
                                    | EntryKind::Capital
                                    | EntryKind::City
                                    | EntryKind::Igo
                                    | EntryKind::Group
                            )
                    }) {
                        entries.push(self.src(o));
                        let name = matches!(o.kind, EntryKind::Igo | EntryKind::Group)
                            .then(|| self.name(o));
                        let draft = Draft {
                            sentence: sent,
                            start,
                            end: p[o.p1 - 1].tok + 1,
                            hint,
                            code: owner_code(o, &sectors),
                            kind: ActorKind::Agent,
                            name,
                            plural,
                            entries,
                            pending: Pending::None,
                            title: false,
                        };
                        self.out.push(draft);
                        return (last + 2 - h, o.p1);
                    }
                }
                // Coordinated title sharing the owner of the title before it:
                // "Russia's Deputy Foreign Minister X and Presidential Envoy Y".
                let mut code = sectors.clone();
                if s >= 1 && p[s - 1].lower == "and" {
                    if let Some(prev) = self.out.last() {
                        let and_tok = p[s - 1].tok;
                        if prev.sentence == sent
                            && prev.end == and_tok
                            && prev.code.len() >= 6
                            && matches!(prev.kind, ActorKind::Person | ActorKind::Agent)
                            && !sectors.is_empty()
                        {
                            code = format!("{}{}", &prev.code[..3], sectors);
                        }
                    }
                }
                let definite =
                    s >= 1 && matches!(p[s - 1].lower.as_ref(), "the" | "these" | "those");
                let draft = Draft {
                    sentence: sent,
                    start,
                    end: p[role_end - 1].tok + 1,
                    hint,
                    code,
                    kind: ActorKind::Agent,
                    name: None,
                    plural,
                    entries,
                    pending: Pending::None,
                    title: self.dict.entries[hits[last].entry as usize].title,
                };
                let (mut draft, used, end) =
                    self.extend_title(p, hits, last + 1, role_end, draft, false);
                if draft.code.is_empty() {
                    // A role with no sector ("spokesman") and no name: nothing to code.
                    return (last + 1 - h + used, end);
                }
                if used == 0 && draft.name.is_none() && definite {
                    draft.pending = Pending::Definite;
                    draft.start = p[s - 1].tok;
                }
                self.out.push(draft);
                (last + 1 - h + used, end)
            }
        }
    }

    /// After a title ending at piece `q`, takes a following name: a known person, an
    /// apposition (", Sergei Lavrov"), a run of capitalised words, or a name after a
    /// short prepositional phrase ("Envoy for peace in Afghanistan Zalmay Khalilzad").
    /// Returns the draft, the hits consumed and the piece after it.
    fn extend_title(
        &mut self,
        p: &[Piece],
        hits: &[Hit],
        next_hit: usize,
        q: usize,
        mut draft: Draft,
        owned: bool,
    ) -> (Draft, usize, usize) {
        if draft.plural {
            return (draft, 0, q);
        }
        let person_at = |k: usize, at: usize| {
            hits.get(k)
                .filter(|x| x.kind == EntryKind::Person && x.p0 == at)
        };
        let take_person = |this: &Self, d: &mut Draft, x: &Hit| {
            d.end = p[x.p1 - 1].tok + 1;
            d.hint = d.end - 1;
            d.name = Some(this.name(x));
            d.entries.push(this.src(x));
            d.kind = ActorKind::Person;
            // Text names the owner and the role: trust it; otherwise the person's office,
            // or, out of office on the date, the office the title names ("President
            // Mitterrand" in a text dated after his presidency is still France's GOV).
            if !(owned && d.code.len() >= 6) {
                d.code = this
                    .titled_office(x, &d.code)
                    .unwrap_or_else(|| x.code.clone());
            }
        };
        // Direct or after a comma.
        if let Some(x) = person_at(next_hit, q) {
            take_person(self, &mut draft, x);
            return (draft, 1, x.p1);
        }
        if q < p.len() && p[q].text == "," {
            if let Some(x) = person_at(next_hit, q + 1) {
                take_person(self, &mut draft, x);
                return (draft, 1, x.p1);
            }
        }
        // Unknown name right after the title, or first names before a known surname
        // ("Lgor Morgulov" with "Morgulov" known).
        let n = self.name_run(p, q, hits.get(next_hit).map(|x| x.p0));
        if n > 0 {
            if let Some(x) = person_at(next_hit, q + n) {
                if self.first_names_fit(p, q, n, x) {
                    take_person(self, &mut draft, x);
                    return (draft, 1, x.p1);
                }
                // Another person with the same surname ("Oskar Fischer" is not
                // "Joschka Fischer"): keep the title's code and the written name.
                let d = self.take_name(p, q, x.p1 - q, draft);
                return (d, 1, x.p1);
            }
            if let Some(x) = self.fuzzy_person(p, q, n) {
                take_person(self, &mut draft, &x);
                return (draft, 0, q + n);
            }
            // "Defence Secretary Tom *King*": a one-word role right after a given name,
            // capitalised and a proper noun, is the surname (English puts a title before
            // the name, or after a comma)
            let surname = hits.get(next_hit).filter(|x| {
                x.kind == EntryKind::Agent && x.p0 == q + n && x.p1 == x.p0 + 1 && {
                    let piece = &p[x.p0];
                    piece.first
                        && piece.last
                        && piece.text.chars().next().is_some_and(char::is_uppercase)
                        && (!self.has_upos
                            || self.doc.tokens.upos[piece.tok as usize] == Upos::Propn)
                }
            });
            if surname.is_some() {
                return (self.take_name(p, q, n + 1, draft), 1, q + n + 1);
            }
            return (self.take_name(p, q, n, draft), 0, q + n);
        }
        // Short prepositional phrase, then a name.
        if q < p.len() && matches!(p[q].lower.as_ref(), "for" | "on" | "to" | "of" | "in") {
            let mut k = q + 1;
            let mut used = 0;
            let limit = (q + 9).min(p.len());
            while k < limit {
                if let Some(x) = hits.get(next_hit + used).filter(|x| x.p0 == k) {
                    if x.kind == EntryKind::Person {
                        take_person(self, &mut draft, x);
                        return (draft, used + 1, x.p1);
                    }
                    if !x.kind.is_owner() {
                        break;
                    }
                    k = x.p1;
                    used += 1;
                    continue;
                }
                let piece = &p[k];
                let lowercase_word = piece.text.chars().all(|c| c.is_lowercase());
                let verb = self.has_upos
                    && matches!(
                        self.doc.tokens.upos[piece.tok as usize],
                        Upos::Verb | Upos::Aux
                    );
                if lowercase_word && !verb {
                    k += 1;
                    continue;
                }
                let n = self.name_run(p, k, hits.get(next_hit + used).map(|x| x.p0));
                if let Some(x) = person_at(next_hit + used, k + n).filter(|_| n > 0) {
                    take_person(self, &mut draft, x);
                    return (draft, used + 1, x.p1);
                }
                if n >= 2 {
                    return (self.take_name(p, k, n, draft), used, k + n);
                }
                break;
            }
        }
        (draft, 0, q)
    }

    /// The code of the office a title names, for a person out of office on the
    /// document date: the latest office whose sectors are the title's (`GOV` for
    /// "President"). `None` when the person is in office, or no office fits.
    fn titled_office(&self, x: &Hit, title: &str) -> Option<String> {
        let e = &self.dict.entries[x.entry as usize];
        let d = self.date?;
        if title.len() < 3 || !crate::SECTORS.contains(&&title[..3]) || e.in_office(d) {
            return None;
        }
        e.offices
            .iter()
            .filter(|o| o.code.len() == 3 + title.len() && o.code[3..] == *title)
            .max_by_key(|o| (o.start, o.end))
            .map(|o| o.code.clone())
    }

    /// A known person whose surname is one letter off the last word of the name
    /// `[at, at+n)` ("Bouteflicka", "Mitterand"), with the words before it fitting
    /// the person's first names. One person only (the date may choose among several).
    fn fuzzy_person(&mut self, p: &[Piece], at: usize, n: usize) -> Option<Hit> {
        let last = &p[at + n - 1];
        let mut cands = self.dict.fuzzy.lookup(&last.text);
        cands.retain(|&e| self.first_names_fit_entry(p, at, n - 1, e));
        if cands.len() > 1 {
            if let Some(d) = self.date {
                cands.retain(|&e| self.dict.entries[e as usize].in_office(d));
            }
        }
        let [entry] = cands[..] else {
            return None;
        };
        let e = &self.dict.entries[entry as usize];
        let code = e.code_on(self.date)?;
        self.seen_people.insert(entry);
        Some(Hit {
            p0: at,
            p1: at + n,
            entry,
            kind: EntryKind::Person,
            plural: false,
            code,
        })
    }

    /// Whether the name words `[at, at+n)` before a known person's alias belong to
    /// that person (allowing one wrong letter: "Lgor" for "Igor").
    fn first_names_fit(&self, p: &[Piece], at: usize, n: usize, x: &Hit) -> bool {
        self.first_names_fit_entry(p, at, n, x.entry)
    }

    fn first_names_fit_entry(&self, p: &[Piece], at: usize, n: usize, entry: u32) -> bool {
        let canonical = &self.dict.entries[entry as usize].name;
        let words: Vec<&str> = canonical.split_whitespace().collect();
        (at..at + n).all(|k| {
            let w = p[k].text.as_ref();
            words.iter().any(|c| {
                *c == w
                    || (c.chars().count() == w.chars().count()
                        && c.chars().zip(w.chars()).filter(|(a, b)| a != b).count() <= 1)
            })
        })
    }

    fn take_name(&self, p: &[Piece], at: usize, n: usize, mut d: Draft) -> Draft {
        let (a, b) = (p[at].tok, p[at + n - 1].tok + 1);
        d.name = Some(self.doc.span_text(a, b).to_string());
        d.end = b;
        d.hint = b - 1;
        d.kind = ActorKind::Person;
        d
    }

    /// Number of capitalised name words (whole tokens, at most 3) from piece `at`,
    /// stopping at the next dictionary hit.
    fn name_run(&self, p: &[Piece], at: usize, next_hit: Option<usize>) -> usize {
        let mut n = 0;
        while n < 3 {
            let k = at + n;
            if k >= p.len() || Some(k) == next_hit || !(p[k].first && p[k].last) {
                break;
            }
            let w = &p[k].text;
            let mut cs = w.chars();
            let cap = cs.next().is_some_and(|c| c.is_uppercase())
                && w.chars().all(char::is_alphabetic)
                && w.chars().count() > 1;
            if !cap || NAME_STOP.contains(&w.as_ref()) {
                break;
            }
            if ORG_WORDS.contains(&w.as_ref()) {
                // "rebel Revolutionary United Front": an organisation, not a person.
                return 0;
            }
            if self.has_upos && self.doc.tokens.upos[p[k].tok as usize] != Upos::Propn {
                break;
            }
            n += 1;
        }
        n
    }
}

/// Code of an owner with a role: a country takes the role's sectors (GOV when the role
/// has none, "Afghan leader"); organisations, groups and seats keep their own code.
fn owner_code(owner: &Hit, sectors: &str) -> String {
    match owner.kind {
        EntryKind::Igo | EntryKind::Group | EntryKind::Seat => owner.code.clone(),
        _ => {
            let country: String = owner.code.chars().take(3).collect();
            if sectors.is_empty() {
                format!("{country}GOV")
            } else {
                format!("{country}{sectors}")
            }
        }
    }
}

/// Shortest surname looked up with one letter off: shorter names are too alike.
const FUZZY_MIN: usize = 6;

/// People indexed by surname for names misspelt by one letter: every surname (the last
/// word of the canonical name, and one-word aliases) of at least [`FUZZY_MIN`] letters
/// is stored under itself and under each form with one letter left out, so a word one
/// insertion, deletion, substitution or transposition away shares a key with it.
#[derive(Debug, Default)]
pub(crate) struct FuzzyNames {
    keys: FxHashMap<String, Vec<u32>>,
    /// Surnames of each entry (lower case), to check the distance exactly.
    names: FxHashMap<u32, Vec<String>>,
}

impl FuzzyNames {
    pub(crate) fn build(entries: &[crate::dict::Entry], phrases: &[crate::dict::Phrase]) -> Self {
        let mut f = FuzzyNames::default();
        let add = |f: &mut FuzzyNames, entry: u32, word: &str| {
            let w = word.to_lowercase();
            if w.chars().count() < FUZZY_MIN || !w.chars().all(char::is_alphabetic) {
                return;
            }
            let names = f.names.entry(entry).or_default();
            if names.contains(&w) {
                return;
            }
            names.push(w.clone());
            for k in deletions(&w).chain(std::iter::once(w.clone())) {
                let v = f.keys.entry(k).or_default();
                if !v.contains(&entry) {
                    v.push(entry);
                }
            }
        };
        for (i, e) in entries.iter().enumerate() {
            if e.kind == EntryKind::Person {
                if let Some(last) = e.name.split_whitespace().last() {
                    add(&mut f, i as u32, last);
                }
            }
        }
        for ph in phrases {
            let person = entries
                .get(ph.entry as usize)
                .is_some_and(|e| e.kind == EntryKind::Person);
            if person && !ph.text.contains(' ') {
                add(&mut f, ph.entry, &ph.text);
            }
        }
        f
    }

    /// People whose surname is exactly one edit (Damerau) from `word`.
    pub(crate) fn lookup(&self, word: &str) -> Vec<u32> {
        let w = word.to_lowercase();
        if w.chars().count() + 1 < FUZZY_MIN || !w.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let mut out: Vec<u32> = Vec::new();
        for k in deletions(&w).chain(std::iter::once(w.clone())) {
            for &e in self.keys.get(&k).into_iter().flatten() {
                if out.contains(&e) {
                    continue;
                }
                let near = self
                    .names
                    .get(&e)
                    .is_some_and(|ns| ns.iter().any(|n| one_edit(n, &w)));
                if near {
                    out.push(e);
                }
            }
        }
        out
    }
}

/// `w` with each one of its letters left out.
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    w.char_indices()
        .map(move |(i, c)| format!("{}{}", &w[..i], &w[i + c.len_utf8()..]))
}

/// Whether `a` and `b` differ by exactly one insertion, deletion, substitution or
/// transposition of neighbours.
pub(crate) fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - pre - suf, b.len() - pre - suf);
    match (ra, rb) {
        (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[pre] == b[pre + 1] && a[pre + 1] == b[pre],
        _ => false,
    }
}
