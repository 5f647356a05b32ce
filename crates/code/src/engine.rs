//! Reading events off one parsed sentence: triggers, arguments, negation, certainty,
//! attribution, embedding (intent, appeal, threat), time and place.

use crate::dict::{Dictionary, Pattern, Slot};
use crate::time::{self, TimeExpr};
use chrono::NaiveDate;
use jirga_doc::{ActorKind, Certainty, Doc, EventActor, EventPlace, EventTime, Upos};

/// Bound on the tokens of one sentence the coder looks at.
pub const MAX_SENT_TOKENS: usize = 256;
/// Bound on participant pairs made from one act.
const MAX_PAIRS: usize = 12;

const SPEECH: &[&str] = &[
    "say",
    "tell",
    "announce",
    "state",
    "report",
    "add",
    "confirm",
    "note",
    "write",
    "quote",
    "declare",
    "explain",
    "reveal",
    "disclose",
    "indicate",
    "insist",
    "stress",
    "assert",
    "reiterate",
    "believe",
    "think",
    "claim",
    "allege",
    "suggest",
    "acknowledge",
    "know",
];
const PLAN_VERBS: &[&str] = &[
    "expect", "schedule", "set", "go", "want", "hope", "aim", "wish", "seek", "need",
];
/// Predicates of readiness: "is ready / willing / prepared to act" states an intent.
const READY_WORDS: &[&str] = &[
    "ready",
    "willing",
    "prepared",
    "prepare",
    "determined",
    "eager",
    "keen",
    "poised",
];
/// Participles that with "be … to" state the subject's own stance ("is opposed to",
/// "is committed to"), not a passive.
const STATIVE_PARTICIPLES: [&str; 4] = ["oppose", "commit", "dedicate", "devote"];

/// Nouns for what a party wants or thinks: as the subject of a verb they are not the
/// party acting.
const ATTITUDE_NOUNS: [&str; 10] = [
    "interest",
    "objective",
    "goal",
    "aim",
    "priority",
    "concern",
    "position",
    "view",
    "stance",
    "opinion",
];

/// Nouns whose complements are possibilities, not acts that happened ("the prospects of
/// establishing cooperation", "efforts to start talks").
const NONFACTIVE_NOUNS: &[&str] = &[
    "prospect",
    "possibility",
    "chance",
    "plan",
    "proposal",
    "idea",
    "option",
    "hope",
    "effort",
    "attempt",
    "bid",
    "way",
    "need",
    "intention",
    "goal",
    "aim",
    "ability",
    "willingness",
    "readiness",
    "offer",
    "call",
    "prospects",
];
/// CAMEO sector codes: an actor coded only with these has no known country or organisation.
const SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM",
    "CVL", "ELI", "LAB", "LEG", "REF", "AGR", "HLH", "HRI", "DEV", "ENV", "MOD", "RAD", "UAF",
    "SEP", "REL", "NGO", "IMG",
];
/// Whether `code` is only sector codes ("MIL", "GOVMIL"): whose actor is unknown.
pub fn bare_sector(code: &str) -> bool {
    !code.is_empty()
        && code.len().is_multiple_of(3)
        && code.is_ascii()
        && (0..code.len())
            .step_by(3)
            .all(|i| SECTORS.contains(&&code[i..i + 3]))
}
/// Whether a CAMEO code is violence: assault (18), fight (19) or mass violence (20).
pub fn is_violent(code: &str) -> bool {
    matches!(code.get(..2), Some("18" | "19" | "20"))
}
/// Personal pronouns that stand for an actor named elsewhere.
const PRONOUNS: &[&str] = &["it", "they", "he", "she", "we", "i"];
const NEGATING_GOVERNORS: &[&str] = &[
    "fail", "refuse", "decline", "deny", "reject", "avoid", "stop", "cease",
];
const PLACE_PREPS: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "around",
];
/// Nouns that name a part of a country or a settlement ("the town of", "a sector of").
const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "province",
    "region",
    "district",
    "state",
    "capital",
    "port",
    "suburb",
    "suburbs",
    "outskirts",
    "sector",
    "part",
    "area",
    "county",
    "neighbourhood",
    "neighborhood",
    "centre",
    "center",
    "north",
    "south",
    "east",
    "west",
    "heart",
    "border",
    "island",
    "enclave",
    "camp",
    "prefecture",
    "municipality",
];
const LIGHT_VERBS: &[&str] = &[
    "hold",
    "have",
    "conduct",
    "launch",
    "carry",
    "stage",
    "mount",
    "make",
    "give",
    "begin",
    "start",
    "resume",
    "renew",
    "continue",
    "open",
    "attend",
    "host",
    "join",
    "organize",
    "organise",
    "call",
    "wage",
    "pay",
    "initiate",
    "establish",
    "build",
    "seek",
    "reach",
    "engage",
];

/// One candidate event of a sentence, before pairing into [`jirga_doc::Event`]s.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Trigger token.
    pub trigger: usize,
    /// Light-verb noun (or other required token) that is part of the trigger.
    pub extra: Option<usize>,
    /// Pattern index in the dictionary.
    pub pattern: usize,
    /// CAMEO code (after refinement).
    pub code: String,
    /// Source mentions.
    pub sources: Vec<usize>,
    /// Target mentions.
    pub targets: Vec<usize>,
    /// Mutual act.
    pub mutual: bool,
    /// Negated.
    pub negated: bool,
    /// Certainty.
    pub certainty: Certainty,
    /// Attribution mention.
    pub attribution: Option<usize>,
    /// Place mention.
    pub place: Option<usize>,
    /// Dropped (absorbed by an embedding verb, or hypothetical); reason.
    pub dropped: Option<String>,
    /// Notes for the explanation.
    pub notes: Vec<String>,
}

/// A sentence with its tree, mentions and lower-cased words, ready to be read.
pub struct Sent<'a> {
    /// The document.
    pub doc: &'a Doc,
    /// First token (document index).
    pub start: usize,
    /// One past the last token looked at.
    pub end: usize,
    /// Lower-cased lemmas (falling back to the normal form).
    pub lemma: Vec<String>,
    /// Lower-cased normal forms.
    pub word: Vec<String>,
    children: Vec<Vec<usize>>,
    /// Relations as the coder reads them: the parser's, with [`repaired_relations`].
    rels: Vec<&'static str>,
    mention_at: Vec<Option<usize>>,
    /// Mentions of the sentence (document indices).
    pub mentions: Vec<usize>,
    /// Time expressions.
    pub times: Vec<TimeExpr>,
}

/// Relative pronouns and adverbs that open a relative clause.
const RELATIVE_WORDS: &[&str] = &[
    "who", "whom", "whose", "which", "that", "where", "when", "why", "what",
];

/// Forces of nature, disease and accident: as the doer of "hit", "hurt", "killed" or
/// "forced" ("a tremor hit northern Chile", "plague has killed millions"), or where a
/// passive act happened ("killed *in a helicopter crash*"), they make no political act.
/// Weapons and attacks ("blast", "fire", "raid") are not here: those have a party behind
/// them.
const NATURE_CAUSES: &[&str] = &[
    "earthquake",
    "quake",
    "tremor",
    "aftershock",
    "flood",
    "flooding",
    "avalanche",
    "landslide",
    "mudslide",
    "storm",
    "hurricane",
    "cyclone",
    "typhoon",
    "tornado",
    "tsunami",
    "drought",
    "famine",
    "disease",
    "plague",
    "cholera",
    "malaria",
    "measles",
    "ebola",
    "influenza",
    "flu",
    "coronavirus",
    "infection",
    "epidemic",
    "pandemic",
    "virus",
    "outbreak",
    "heatwave",
    "snowstorm",
    "blizzard",
    "lightning",
    "eruption",
    "wildfire",
    "accident",
    "crash",
    "collision",
];

/// Forces of the economy, no political act as the doer of a violent or coercive verb
/// ("the rise of the yen has hit Japan hard", "the industry was injured by imports").
const ECONOMY_CAUSES: &[&str] = &[
    "rise",
    "fall",
    "decline",
    "drop",
    "slump",
    "plunge",
    "appreciation",
    "depreciation",
    "recession",
    "downturn",
    "slowdown",
    "inflation",
    "deflation",
    "price",
    "cost",
    "tax",
    "tariff",
    "import",
    "export",
    "competition",
    "shortage",
    "glut",
    "deficit",
    "yen",
    "takeover",
    "unemployment",
];

/// The parser's relations of one sentence (`start` = its first token), with the
/// misreadings a coder can tell from the tree itself set right:
/// * a day word is a time, not a subject ("*Wednesday* saw the worst fighting");
/// * a "relative clause" of the day of a speech verb, with its own subject and no
///   relative word, is what was said ("said on Tuesday *it had halted aid*");
/// * a "relative clause" whose `that` the parser marks as a complementizer and which has
///   its own subject is a content clause of its noun ("reports *that* Moscow armed them");
/// * a finite "relative clause" with neither a subject nor a relative word cannot be one
///   in English: its noun is the subject of a main verb ("Some 800,000 Kurds *sought*
///   refuge"), read as a clause of the noun (`acl`);
/// * an agent without `by` is an object.
fn repaired_relations(
    doc: &Doc,
    start: usize,
    children: &[Vec<usize>],
    lemma: &[String],
    word: &[String],
) -> Vec<&'static str> {
    let n = children.len();
    let rel_at = |i: usize| {
        doc.tokens
            .deprel
            .get(i)
            .map(|d| d.as_str())
            .unwrap_or("dep")
    };
    let kids = |i: usize| children.get(i - start).map(Vec::as_slice).unwrap_or(&[]);
    let lem = |i: usize| lemma.get(i - start).map(String::as_str).unwrap_or("");
    let xpos = |i: usize| doc.tokens.xpos.get(i).map(String::as_str).unwrap_or("");
    (start..start + n)
        .map(|i| {
            let r = rel_at(i);
            let has_kid = |rels: &[&str]| kids(i).iter().any(|&k| rels.contains(&rel_at(k)));
            match r {
                "nsubj" if time::is_day_word(&word[i - start]) => "obl:unmarked",
                "acl:relcl" => {
                    let that_mark = kids(i)
                        .iter()
                        .any(|&k| k < i && rel_at(k) == "mark" && lem(k) == "that");
                    let subject = has_kid(&["nsubj", "nsubj:pass", "csubj", "expl"]);
                    let relative = kids(i).iter().any(|&k| {
                        k < i && RELATIVE_WORDS.contains(&lem(k))
                            || kids(k)
                                .iter()
                                .any(|&g| g < i && RELATIVE_WORDS.contains(&lem(g)))
                    });
                    let finite = matches!(xpos(i), "VBD" | "VBZ" | "VBP")
                        && !has_kid(&["aux", "aux:pass", "cop"]);
                    // "Japan said on *Tuesday* it had halted aid": a clause with its own
                    // subject and no relative word hung on the day of a speech verb is
                    // what was said
                    let h = doc.tokens.head.get(i).map(|&h| h as usize).unwrap_or(i);
                    let hh = doc.tokens.head.get(h).map(|&x| x as usize).unwrap_or(h);
                    let said_on_day = h >= start
                        && h < start + n
                        && hh >= start
                        && hh < start + n
                        && time::is_day_word(&word[h - start])
                        && SPEECH.contains(&lem(hh));
                    if said_on_day && subject && !relative {
                        "ccomp"
                    } else if (that_mark && subject) || (finite && !subject && !relative) {
                        "acl"
                    } else {
                        r
                    }
                }
                "obl:agent"
                    if !kids(i)
                        .iter()
                        .any(|&k| rel_at(k) == "case" && lem(k) == "by") =>
                {
                    "obj"
                }
                _ => r,
            }
        })
        .collect()
}

impl<'a> Sent<'a> {
    /// Builds the view of sentence `s`.
    pub fn new(doc: &'a Doc, s: usize, dd: Option<NaiveDate>) -> Sent<'a> {
        let sent = doc.sentences[s];
        let start = sent.start as usize;
        let end = (sent.end as usize)
            .min(start + MAX_SENT_TOKENS)
            .min(doc.tokens.len());
        let n = end.saturating_sub(start);
        let t = &doc.tokens;
        let mut lemma = Vec::with_capacity(n);
        let mut word = Vec::with_capacity(n);
        for i in start..end {
            let w = t.norm.get(i).map(|s| s.to_lowercase()).unwrap_or_default();
            let l = t
                .lemma
                .get(i)
                .filter(|l| !l.is_empty())
                .map(|s| s.to_lowercase())
                .unwrap_or_else(|| w.clone());
            lemma.push(l);
            word.push(w);
        }
        let mut children = vec![Vec::new(); n];
        for i in start..end {
            if let Some(&h) = t.head.get(i) {
                let h = h as usize;
                if h != i && h >= start && h < end {
                    children[h - start].push(i);
                }
            }
        }
        let mut mention_at = vec![None; n];
        let mut mentions = Vec::new();
        for (k, m) in doc.mentions.iter().enumerate() {
            let (ms, me) = (m.start as usize, m.end as usize);
            if ms >= start && me <= end && ms < me {
                mentions.push(k);
                for slot in &mut mention_at[ms - start..me - start] {
                    slot.get_or_insert(k);
                }
            }
        }
        let times = time::find(doc, &word, start, dd);
        let rels = repaired_relations(doc, start, &children, &lemma, &word);
        Sent {
            doc,
            start,
            end,
            lemma,
            word,
            children,
            rels,
            mention_at,
            mentions,
            times,
        }
    }

    fn ok(&self, i: usize) -> bool {
        i >= self.start && i < self.end
    }
    /// Lemma of token `i`.
    pub fn lem(&self, i: usize) -> &str {
        if self.ok(i) {
            &self.lemma[i - self.start]
        } else {
            ""
        }
    }
    fn wd(&self, i: usize) -> &str {
        if self.ok(i) {
            &self.word[i - self.start]
        } else {
            ""
        }
    }
    /// Whether token `i` ends a hyphenated word written without spaces ("war-*torn*",
    /// "Iran-*backed*"): a modifier, not a clause of its own.
    fn hyphenated(&self, i: usize) -> bool {
        let t = &self.doc.tokens;
        i >= self.start + 2
            && self.ok(i)
            && self.wd(i - 1) == "-"
            && !t.space_after.get(i - 2).copied().unwrap_or(true)
            && !t.space_after.get(i - 1).copied().unwrap_or(true)
    }
    /// UPOS of token `i`.
    pub fn upos(&self, i: usize) -> Upos {
        self.doc.tokens.upos.get(i).copied().unwrap_or(Upos::X)
    }
    /// Penn Treebank tag of token `i`.
    pub fn xpos(&self, i: usize) -> &str {
        self.doc
            .tokens
            .xpos
            .get(i)
            .map(String::as_str)
            .unwrap_or("")
    }
    /// Dependency relation name of token `i`.
    pub fn rel(&self, i: usize) -> &'static str {
        if self.ok(i) {
            return self.rels[i - self.start];
        }
        self.doc
            .tokens
            .deprel
            .get(i)
            .map(|d| d.as_str())
            .unwrap_or("dep")
    }
    /// Head of token `i` (itself for the root).
    pub fn head(&self, i: usize) -> usize {
        let h = self
            .doc
            .tokens
            .head
            .get(i)
            .map(|&h| h as usize)
            .unwrap_or(i);
        if self.ok(h) {
            h
        } else {
            i
        }
    }
    /// Children of token `i`.
    pub fn kids(&self, i: usize) -> &[usize] {
        if self.ok(i) {
            &self.children[i - self.start]
        } else {
            &[]
        }
    }
    fn kid_rel(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids(i).iter().copied().find(|&c| self.rel(c) == rel)
    }
    fn kids_base(&self, i: usize, base: &str) -> impl Iterator<Item = usize> + '_ {
        let base = base.to_string();
        self.kids(i)
            .iter()
            .copied()
            .filter(move |&c| self.rel(c).split(':').next() == Some(base.as_str()))
    }
    /// The preposition introducing the phrase headed by `i` (its `case` child, or the word just before it).
    pub fn case_of(&self, i: usize) -> Option<&str> {
        if let Some(c) = self
            .kids(i)
            .iter()
            .copied()
            .filter(|&c| c < i)
            .find(|&c| matches!(self.rel(c), "case" | "mark"))
        {
            return Some(self.lem(c));
        }
        None
    }
    /// Mention covering token `i`.
    pub fn mention_cover(&self, i: usize) -> Option<usize> {
        if self.ok(i) {
            self.mention_at[i - self.start]
        } else {
            None
        }
    }
    /// Whether mention `m` stands after a place preposition ("in Moscow"), also through
    /// a place noun ("near *the town of* Samarra", "in a residential sector of eastern
    /// Beirut").
    pub fn is_place(&self, m: usize) -> bool {
        let men = &self.doc.mentions[m];
        let ms = men.start as usize;
        if ms > self.start && PLACE_PREPS.contains(&self.wd(ms - 1)) {
            return true;
        }
        if !matches!(men.kind, ActorKind::Capital | ActorKind::Country) {
            return false;
        }
        let h = men.head as usize;
        if self.case_of(h).is_some_and(|c| PLACE_PREPS.contains(&c)) {
            return true;
        }
        // "the town of Samarra": the place noun carries the preposition
        let p = self.head(h);
        p != h
            && self.ok(p)
            && self.case_of(h) == Some("of")
            && PLACE_NOUNS.contains(&self.lem(p))
            && self.case_of(p).is_some_and(|c| PLACE_PREPS.contains(&c))
    }

    /// Mentions the argument headed by `a` stands for: the mention covering it, else the
    /// nearest one inside its phrase; plus those of its conjuncts.
    pub fn actors_at(&self, a: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_actors(a, &mut out, 0);
        self.extend_lists(&mut out);
        out
    }

    /// The actors at token `a` that are parties, not places.
    pub fn parties_at(&self, a: usize) -> Vec<usize> {
        let mut v = self.actors_at(a);
        v.retain(|&m| !self.is_place(m));
        v
    }

    /// The parties at token `a` other than `besides` (an act's own sources).
    pub fn parties_besides(&self, a: usize, besides: &[usize]) -> Vec<usize> {
        let mut v = self.parties_at(a);
        v.retain(|m| !besides.contains(m));
        v
    }

    /// Whether token `i` is introduced by a `mark` with one of these lemmas ("to",
    /// "that", "unless").
    pub fn has_mark(&self, i: usize, marks: &[&str]) -> bool {
        self.kids(i)
            .iter()
            .any(|&m| self.rel(m) == "mark" && marks.contains(&self.lem(m)))
    }

    /// Adds the mentions written as a plain list with a found one ("Russia, China, and
    /// Pakistan"), which parsers often attach wrongly: only commas and `and`/`or` between.
    fn extend_lists(&self, out: &mut Vec<usize>) {
        let sep = |i: usize| matches!(self.wd(i), "," | "and" | "or" | "&");
        let mut k = 0;
        while k < out.len() && out.len() < 8 {
            let m = &self.doc.mentions[out[k]];
            // leftwards
            let mut i = m.start as usize;
            // "…and *the* Palestinians": an article may open a member
            if i > self.start && self.wd(i - 1) == "the" {
                i -= 1;
            }
            while i > self.start && sep(i - 1) {
                let mut j = i - 1;
                while j > self.start && sep(j - 1) {
                    j -= 1;
                }
                match j.checked_sub(1).and_then(|p| self.mention_cover(p)) {
                    Some(prev)
                        if j > self.start && !out.contains(&prev) && !self.is_place(prev) =>
                    {
                        out.push(prev);
                        i = self.doc.mentions[prev].start as usize;
                    }
                    _ => break,
                }
            }
            // rightwards
            let m = &self.doc.mentions[out[k]];
            let mut i = m.end as usize;
            while i < self.end && sep(i) {
                let mut j = i;
                while j < self.end && sep(j) {
                    j += 1;
                }
                if j + 1 < self.end && self.wd(j) == "the" && self.mention_cover(j).is_none() {
                    j += 1;
                }
                // "…from Palestinian armed groups*, the Israeli army* said": the subject of
                // another clause is no member of the list
                let other_subject = |next: usize| {
                    let nh = self.doc.mentions[next].head as usize;
                    let ch = m.head as usize;
                    self.rel(nh).starts_with("nsubj") && self.head(nh) != self.head(ch)
                };
                match self.mention_cover(j) {
                    Some(next)
                        if !out.contains(&next)
                            && self.doc.mentions[next].start as usize == j
                            && !other_subject(next) =>
                    {
                        out.push(next);
                        i = self.doc.mentions[next].end as usize;
                    }
                    _ => break,
                }
            }
            k += 1;
        }
        out.sort_by_key(|&m| self.doc.mentions[m].start);
    }

    fn collect_actors(&self, a: usize, out: &mut Vec<usize>, depth: usize) {
        if depth > 4 || !self.ok(a) {
            return;
        }
        let found = self.mention_cover(a).or_else(|| self.mention_in_phrase(a));
        if let Some(m) = found {
            if !out.contains(&m) {
                out.push(m);
            }
            // conjuncts of the mention's head too ("Russia, China and Pakistan")
            let h = self.doc.mentions[m].head as usize;
            if h != a {
                for c in self.kids_base(h, "conj").collect::<Vec<_>>() {
                    self.collect_actors(c, out, depth + 1);
                }
            }
        }
        let conjs: Vec<usize> = self.kids_base(a, "conj").collect();
        // a coordination has its `and` or `or`; conjuncts joined by commas alone are an
        // apposition or a place misread ("the Red Crescent in Bam*, Iran*"), and a plain
        // written list is found by `extend_lists`
        let coordinated = conjs
            .iter()
            .any(|&c| self.kids(c).iter().any(|&k| self.rel(k) == "cc"));
        for c in conjs.into_iter().filter(|_| coordinated) {
            // "Pakistan, *a* key U.S. ally": an indefinite description after a comma is an
            // apposition, not a member of a list
            if self
                .kids(c)
                .iter()
                .any(|&k| self.rel(k) == "det" && matches!(self.lem(k), "a" | "an"))
            {
                continue;
            }
            self.collect_actors(c, out, depth + 1);
        }
    }

    /// Breadth-first search of `a`'s phrase for a mention, not entering clauses or places.
    fn mention_in_phrase(&self, a: usize) -> Option<usize> {
        let mut frontier = vec![a];
        for _ in 0..3 {
            let mut next = Vec::new();
            let mut best: Option<usize> = None;
            for &t in &frontier {
                for &c in self.kids(t) {
                    let r = self.rel(c);
                    let base = r.split(':').next().unwrap_or(r);
                    if matches!(
                        base,
                        "acl"
                            | "advcl"
                            | "ccomp"
                            | "parataxis"
                            | "punct"
                            | "conj"
                            | "cc"
                            | "xcomp"
                            | "csubj"
                    ) {
                        continue;
                    }
                    if matches!(base, "nmod" | "obl")
                        && self
                            .case_of(c)
                            .is_some_and(|p| !matches!(p, "of" | "'s" | "from"))
                    {
                        continue;
                    }
                    if let Some(m) = self.mention_cover(c) {
                        if best
                            .is_none_or(|b| self.doc.mentions[m].start < self.doc.mentions[b].start)
                        {
                            best = Some(m);
                        }
                    }
                    next.push(c);
                }
            }
            if best.is_some() {
                return best;
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        None
    }

    /// Whether verb `v` is passive: a passive auxiliary, or a passive subject on a past
    /// participle that has no perfect `have` ("*has declined* to resign" is active).
    fn is_passive(&self, v: usize) -> bool {
        let kids = self.kids(v);
        // "Israel *is opposed to* French mediation", "is committed to opening up": a
        // state of the subject, who acts, unless a `by` agent follows
        if STATIVE_PARTICIPLES.contains(&self.lem(v))
            && !kids
                .iter()
                .any(|&c| self.rel(c) == "obl:agent" || self.case_of(c) == Some("by"))
            && kids.iter().any(|&c| {
                self.case_of(c) == Some("to")
                    || (self.rel(c) == "xcomp" && self.has_mark(c, &["to"]))
            })
        {
            return false;
        }
        if kids.iter().any(|&c| self.rel(c) == "aux:pass") {
            return true;
        }
        let perfect = kids
            .iter()
            .any(|&c| self.rel(c) == "aux" && self.lem(c) == "have");
        !perfect
            && kids
                .iter()
                .any(|&c| matches!(self.rel(c), "nsubj:pass" | "csubj:pass"))
    }

    /// Whether a noun phrase follows verb `v` as its object, which a passive participle
    /// cannot have: "Zambia *extradited* the militant", "*welcomed* Reagan's statement".
    fn takes_object(&self, v: usize) -> bool {
        matches!(
            self.upos(v + 1),
            Upos::Det | Upos::Propn | Upos::Adj | Upos::Num
        ) || self.mention_cover(v + 1).is_some()
            // "deputies *held talks*": a bare noun as its object
            || (self.upos(v + 1) == Upos::Noun && self.rel(v + 1) == "obj" && self.head(v + 1) == v)
            || (self.upos(v + 1) == Upos::Verb
                && matches!(self.upos(v + 2), Upos::Adj | Upos::Propn | Upos::Noun))
    }

    /// Subject token of verb `v`, climbing through xcomp, conj, advcl and participle
    /// clauses that have none; for a relative clause, the noun it modifies.
    pub fn subject(&self, v: usize) -> Option<usize> {
        let mut cur = v;
        for _ in 0..6 {
            // two subjects are a misparse ("Human *rights* watchdog Amnesty *International*
            // accused"): the first that names a party is the subject
            let subjects = self
                .kids(cur)
                .iter()
                .copied()
                .filter(|&c| matches!(self.rel(c), "nsubj" | "nsubj:outer"));
            let party = subjects
                .clone()
                .nth(1)
                .and_then(|_| subjects.clone().find(|&c| !self.actors_at(c).is_empty()));
            if let Some(s) = party.or_else(|| subjects.min()) {
                return Some(s);
            }
            // a passive subject counts when climbing, and on a stative participle
            // ("Israel *is prepared* to talk") it is the doer
            if self.kid_rel(cur, "nsubj:pass").is_some() && (cur != v || !self.is_passive(cur)) {
                return self.kid_rel(cur, "nsubj:pass");
            }
            let h = self.head(cur);
            if h == cur {
                return None;
            }
            let r = self.rel(cur);
            if r == "acl:relcl" {
                return Some(h);
            }
            // "dispersed demonstrators *protesting*", "saw troops *firing*": a participle
            // complement after an object is what the object does
            if r == "xcomp" && self.xpos(cur) == "VBG" {
                if let Some(o) = self
                    .kids(h)
                    .iter()
                    .copied()
                    .find(|&k| self.rel(k) == "obj" && k < cur)
                {
                    return Some(o);
                }
            }
            // a participle or misread clause modifying a noun: the noun acts ("forces
            // firing on…"), except for a passive participle ("the aid sent to…")
            // …but acts listed after "including" spell out the noun ("made contributions,
            // including training…"): their doer is the doer of the noun's clause
            let including = self.kids(cur).iter().any(|&k| self.wd(k) == "including");
            if r == "acl"
                && !including
                && matches!(self.upos(h), Upos::Noun | Upos::Propn | Upos::Pron)
            {
                return (self.xpos(cur) != "VBN" || self.takes_object(cur)).then_some(h);
            }
            if matches!(r, "ccomp" | "parataxis" | "csubj") {
                return None;
            }
            cur = h;
        }
        None
    }

    /// Phrases attached to `t` introduced by preposition `p`.
    fn prep_phrases(&self, t: usize, p: &str) -> Vec<usize> {
        self.kids(t)
            .iter()
            .copied()
            .filter(|&c| {
                let base = self.rel(c).split(':').next().unwrap_or("");
                matches!(
                    base,
                    "obl" | "nmod" | "advcl" | "acl" | "advmod" | "obj" | "xcomp" | "dep"
                ) && self.case_of(c) == Some(p)
            })
            .collect()
    }

    /// Mentions in the first phrase after `from` introduced by preposition `p` (a fallback
    /// when the tree does not attach the phrase where expected).
    fn prep_positional(&self, from: usize, p: &str, window: usize) -> Vec<usize> {
        let stop = (from + window).min(self.end);
        for k in from + 1..stop {
            // not past a verb or into a clause of its own ("its demand *that* Israel
            // ease restrictions on…")
            if (self.upos(k) == Upos::Verb && k > from + 1)
                || (self.wd(k) != p && matches!(self.wd(k), "that" | "which" | "who" | ";"))
            {
                break;
            }
            if self.lem(k) == p || self.wd(k) == p {
                for j in k + 1..(k + 6).min(self.end) {
                    if let Some(m) = self.mention_cover(j) {
                        return self
                            .actors_at(self.doc.mentions[m].head as usize)
                            .into_iter()
                            .chain(std::iter::once(m))
                            .fold(Vec::new(), |mut v, x| {
                                if !v.contains(&x) {
                                    v.push(x)
                                }
                                v
                            });
                    }
                    if (self.upos(j) == Upos::Verb && !self.hyphenated(j))
                        || matches!(self.wd(j), "," | ";" | ".")
                    {
                        break;
                    }
                }
                return Vec::new();
            }
        }
        Vec::new()
    }
}

/// Finds what the pattern needs; `None` when a requirement fails.
fn requirements(s: &Sent, p: &Pattern, t: usize) -> Option<Option<usize>> {
    let mut extra = None;
    if !p.need_obj.is_empty() {
        let cands: Vec<usize> = s
            .kids(t)
            .iter()
            .copied()
            .filter(|&c| s.rel(c) != "nsubj")
            .collect();
        let hit = |i: usize| {
            if !matches!(
                s.upos(i),
                Upos::Noun | Upos::Propn | Upos::Adj | Upos::Num | Upos::X | Upos::Adv
            ) {
                return false;
            }
            let l = s.lem(i);
            p.need_obj.iter().any(|n| match n.split_once('_') {
                Some((pre, head)) => l == head && s.lem(i.saturating_sub(1)) == pre,
                // a plural the lemmatizer left alone ("troops") still names the noun
                None => l == n || s.wd(i) == n || l.strip_suffix('s') == Some(n.as_str()),
            })
        };
        extra = cands.iter().copied().find(|&c| hit(c));
        if extra.is_none() {
            // grandchildren through a light noun ("hold a series of talks"), then the words just after
            extra = cands
                .iter()
                .filter(|&&c| {
                    matches!(s.upos(c), Upos::Noun | Upos::Propn | Upos::Num | Upos::Pron)
                })
                .flat_map(|&c| s.kids(c).iter().copied())
                .find(|&c| hit(c) && s.rel(c) != "nsubj");
        }
        if extra.is_none() {
            let stop = (t + 1..(t + 8).min(s.end))
                .find(|&i| s.upos(i) == Upos::Verb || matches!(s.wd(i), "," | "." | ";"))
                .unwrap_or((t + 8).min(s.end));
            extra = (t + 1..stop).find(|&i| hit(i));
        }
        extra?;
    }
    if !p.clause_modal.is_empty() && clause_with_modal(s, t, &p.clause_modal).is_none() {
        return None;
    }
    if p.need_party && !acted_on_party(s, t, p.noun) {
        return None;
    }
    if p.no_obj
        && !p.noun
        && (s.is_passive(t)
            || s.kids(t).iter().any(|&k| {
                // …or a reduced passive's agent: "as demonstrated *by* his departure"
                matches!(s.rel(k), "obj" | "iobj" | "obl:agent")
                    || (s.rel(k) == "obl" && s.case_of(k) == Some("by") && s.xpos(t) == "VBN")
            }))
    {
        return None;
    }
    for prt in &p.need_prt {
        let near = (t + 1..(t + 4).min(s.end)).any(|i| s.lem(i) == prt || s.wd(i) == prt);
        let kid = s.kids(t).iter().any(|&c| s.lem(c) == prt);
        if !near && !kid {
            return None;
        }
    }
    for (prep, heads) in &p.need_prep {
        let has = if heads.is_empty() {
            !s.prep_phrases(t, prep).is_empty()
                || (t + 1..(t + 8).min(s.end)).any(|i| s.lem(i) == prep)
        } else {
            prep_headed_by(s, t, prep, heads)
        };
        if !has {
            return None;
        }
    }
    Some(extra)
}

/// Whether mentions `a` and `b` stand for the same party: one is the other, or a pronoun
/// or description resolved to it (through up to four links), or both name one person
/// ("*Reagan* vetoed…, but *he*…", where "he" stands for an earlier "Reagan").
fn coreferent(s: &Sent, a: usize, b: usize) -> bool {
    let n = s.doc.mentions.len();
    let root = |mut m: usize| {
        for _ in 0..4 {
            match s.doc.mentions[m].antecedent.map(|x| x as usize) {
                Some(x) if x < n && x != m => m = x,
                _ => break,
            }
        }
        m
    };
    if a >= n || b >= n {
        return a == b;
    }
    let (ra, rb) = (root(a), root(b));
    let (ma, mb) = (&s.doc.mentions[ra], &s.doc.mentions[rb]);
    ra == rb
        || ma.kind == ActorKind::Person
            && mb.kind == ActorKind::Person
            && !ma.entries.is_empty()
            && ma.entries == mb.entries
}

/// Whether what the act is done to names a party (`=@party`): the object, a passive's
/// subject, the noun a participle describes ("the prisoners *freed* on Monday"), or a
/// noun act's `of` phrase or owner ("the release *of* 200 prisoners", "*his* release").
/// "Released *a statement*", "*a survey* released last week", "a press release" do not.
fn acted_on_party(s: &Sent, t: usize, noun: bool) -> bool {
    let party = |i: usize| {
        s.mention_cover(i).is_some()
            || s.upos(i) == Upos::Propn
            || (s.upos(i) == Upos::Pron
                && !matches!(s.lem(i), "it" | "this" | "that" | "which" | "what"))
    };
    if noun {
        let of = s.prep_phrases(t, "of");
        return if of.is_empty() {
            s.kids(t)
                .iter()
                .any(|&k| s.rel(k) == "nmod:poss" && party(k))
        } else {
            of.into_iter().any(party)
        };
    }
    let rels: &[&str] = if s.is_passive(t) {
        &["nsubj:pass"]
    } else {
        &["obj", "iobj"]
    };
    // "the prisoners *that* Israel released": a relative word stands for the noun
    let relative = s.rel(t).starts_with("acl") && s.head(t) != t;
    let objs: Vec<usize> = s
        .kids(t)
        .iter()
        .copied()
        .filter(|&c| rels.contains(&s.rel(c)))
        .map(|c| {
            if relative && RELATIVE_WORDS.contains(&s.lem(c)) {
                s.head(t)
            } else {
                c
            }
        })
        .collect();
    if objs.is_empty() && relative {
        return party(s.head(t));
    }
    objs.into_iter().any(party)
}

/// Whether a `prep` phrase of the trigger, or of its object, is headed by one of `heads`
/// ("defended Iraq *against* Western *criticism*"); failing the tree, the first `prep`
/// after the trigger, before a verb or a clause break, followed closely by such a head.
fn prep_headed_by(s: &Sent, t: usize, prep: &str, heads: &[String]) -> bool {
    let is_head = |i: usize| {
        matches!(s.upos(i), Upos::Noun | Upos::Propn)
            && heads.iter().any(|h| s.lem(i) == h || s.wd(i) == h)
    };
    let mut anchors = vec![t];
    anchors.extend(
        s.kids(t)
            .iter()
            .copied()
            .filter(|&c| matches!(s.rel(c), "obj" | "iobj")),
    );
    if anchors
        .iter()
        .flat_map(|&a| s.prep_phrases(a, prep))
        .any(is_head)
    {
        return true;
    }
    let stop = (t + 10).min(s.end);
    for k in t + 1..stop {
        if s.upos(k) == Upos::Verb || matches!(s.wd(k), ";" | "." | "that" | "which" | "who") {
            return false;
        }
        if s.lem(k) == prep {
            return (k + 1..(k + 5).min(s.end))
                .take_while(|&j| !matches!(s.upos(j), Upos::Verb | Upos::Adp | Upos::Punct))
                .any(is_head);
        }
    }
    false
}

/// The doer of a violent or coercive verb (the subject, or the `by` agent of a passive)
/// when it is a force of nature or of the economy ([`NATURE_CAUSES`], [`ECONOMY_CAUSES`]),
/// or, for a passive without an agent, the accident or disaster it happened in
/// ("two soldiers were killed *in a helicopter crash*").
fn non_agent_cause(s: &Sent, t: usize, code: &str, noun: bool) -> Option<usize> {
    if noun || !(is_violent(code) || code.starts_with("17")) {
        return None;
    }
    let passive = s.is_passive(t);
    let cause = |k: usize, lists: &[&[&str]]| {
        s.upos(k) == Upos::Noun
            && s.mention_cover(k).is_none()
            && lists.iter().any(|l| l.contains(&s.lem(k)))
    };
    let by = |k: usize| s.rel(k).starts_with("obl") && s.case_of(k) == Some("by");
    let doer = s.kids(t).iter().copied().find(|&k| {
        (if passive { by(k) } else { s.rel(k) == "nsubj" })
            && cause(k, &[NATURE_CAUSES, ECONOMY_CAUSES])
    });
    if doer.is_some() || !passive || s.kids(t).iter().any(|&k| by(k)) {
        return doer;
    }
    s.kids(t).iter().copied().find(|&k| {
        s.rel(k).starts_with("obl") && s.case_of(k) == Some("in") && cause(k, &[NATURE_CAUSES])
    })
}

/// CAMEO 086 is allowing *international* involvement ("Egypt allowed Libyan soldiers to
/// stay"); a permission given to parties of the source's own country, or where neither
/// names a country ("the minister allowed the opposition leader to hold a rally"), eases
/// a restriction at home (081).
fn domestic_permission(s: &Sent, c: &Candidate) -> bool {
    if c.code != "086" || c.sources.is_empty() || c.targets.is_empty() {
        return false;
    }
    let country = |m: &usize| s.doc.mentions[*m].country.clone();
    let from: Vec<Option<String>> = c.sources.iter().map(country).collect();
    c.targets.iter().map(country).all(|t| from.contains(&t))
}

/// "Wales beat Hungary 2-0", "Russia beat Croatia on Monday": a beating (CAMEO 182, the
/// physical assault of people) with a score after it, or between two countries named
/// bare, is a match won, not an assault; people beat people ("police beat protesters").
fn contest(s: &Sent, c: &Candidate) -> Option<String> {
    if c.code != "182" {
        return None;
    }
    // "2-0", which the tokenizer splits into "2", "-", "0" as UD does
    let goals = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let score = (c.trigger + 1..s.end.saturating_sub(2))
        .find(|&i| goals(s.wd(i)) && matches!(s.wd(i + 1), "-" | "\u{2013}") && goals(s.wd(i + 2)));
    if let Some(i) = score {
        return Some(format!(
            "a score (`{}-{}`): a match won, not an assault",
            s.wd(i),
            s.wd(i + 2)
        ));
    }
    let bare = |m: &usize| {
        let men = &s.doc.mentions[*m];
        matches!(men.kind, ActorKind::Country | ActorKind::Capital) && men.code.len() == 3
    };
    (!c.sources.is_empty()
        && !c.targets.is_empty()
        && c.sources.iter().all(bare)
        && c.targets.iter().all(bare))
    .then(|| "one country beats another: a contest, not an assault".to_string())
}

/// The clausal complement of `t` ("said *that Y must go*") carrying one of `modals`.
fn clause_with_modal(s: &Sent, t: usize, modals: &[String]) -> Option<usize> {
    s.kids(t)
        .iter()
        .copied()
        .filter(|&c| {
            c > t
                && (matches!(s.rel(c), "ccomp" | "parataxis")
                    // "declared Tuesday *that* China must…", misread as an adverbial
                    || s.rel(c) == "advcl" && s.has_mark(c, &["that"]))
        })
        .find(|&c| {
            s.kids(c)
                .iter()
                .any(|&a| s.rel(a) == "aux" && modals.iter().any(|m| m == s.lem(a)))
        })
}

/// The subject of clause `c` itself (not climbing), active or passive.
fn own_subject(s: &Sent, c: usize) -> Option<usize> {
    s.kids(c)
        .iter()
        .copied()
        .find(|&k| matches!(s.rel(k), "nsubj" | "nsubj:pass" | "nsubj:outer"))
}

/// Tokens whose phrases may carry a pattern's target: the trigger, its light noun, its object.
fn anchors(s: &Sent, t: usize, extra: Option<usize>) -> Vec<usize> {
    let mut a = vec![t];
    if let Some(e) = extra {
        a.push(e);
    }
    for c in s.kids(t) {
        if matches!(s.rel(*c), "obj" | "iobj") && Some(*c) != extra {
            a.push(*c);
        }
    }
    a
}

/// Finds the target of a pattern at trigger `t`.
fn find_targets(
    s: &Sent,
    p: &Pattern,
    t: usize,
    extra: Option<usize>,
    passive: bool,
    notes: &mut Vec<String>,
) -> Vec<usize> {
    for slot in &p.targets {
        match slot {
            Slot::Obj => {
                let obj_rels: &[&str] = if passive {
                    &["nsubj:pass"]
                } else {
                    &["iobj", "obj"]
                };
                // an object before its verb is a question's or a relative clause's
                // ("what they wanted", "the aid which Iran sent"); in a statement it is a
                // misparse of the subject's phrase ("Palestinian *leader* Yasser Arafat
                // rejected")
                let fronted_ok = |c: usize| {
                    c > t
                        || passive
                        || s.rel(t).starts_with("acl")
                        || RELATIVE_WORDS.contains(&s.lem(c))
                };
                for r in obj_rels {
                    for c in s
                        .kids(t)
                        .iter()
                        .copied()
                        .filter(|&c| s.rel(c) == *r && fronted_ok(c))
                    {
                        // "offered *its* troops": the source's own people are not a target
                        let own = s.kids(c).iter().any(|&k| {
                            s.rel(k) == "nmod:poss"
                                && matches!(
                                    s.lem(k),
                                    "its" | "their" | "his" | "her" | "our" | "my"
                                )
                        });
                        if own && r != &"iobj" {
                            continue;
                        }
                        let a = s.parties_at(c);
                        if !a.is_empty() {
                            notes.push(format!("target from {r}"));
                            return a;
                        }
                        // "demanded an immediate admission *by Moscow*": the doer of the
                        // act asked for
                        let by =
                            s.kids(c).iter().copied().find(|&k| {
                                s.rel(k).starts_with("nmod") && s.case_of(k) == Some("by")
                            });
                        if let Some(a) = by.map(|k| s.parties_at(k)).filter(|a| !a.is_empty()) {
                            notes.push(format!("target: the `by` phrase of the {r}"));
                            return a;
                        }
                    }
                }
                if p.noun {
                    if let Some(c) = s.prep_phrases(t, "of").first() {
                        let a = s.actors_at(*c);
                        if !a.is_empty() {
                            notes.push("target from `of` phrase".into());
                            return a;
                        }
                    }
                }
                if !passive && !p.noun {
                    // fallback: the first mention right after the verb, before any clause break
                    for j in t + 1..(t + 5).min(s.end) {
                        // …nor past a preposition: "ban voting *in* East Jerusalem"
                        if matches!(s.wd(j), "," | ";" | "." | "that" | "to")
                            || (s.upos(j) == Upos::Verb && j > t + 1)
                            || (s.upos(j) == Upos::Adp && s.lem(j) != "of")
                        {
                            break;
                        }
                        if let Some(m) = s.mention_cover(j) {
                            if !s.is_place(m) {
                                notes.push(
                                    "target: first mention after the verb (positional)".into(),
                                );
                                return s
                                    .actors_at(s.doc.mentions[m].head as usize)
                                    .into_iter()
                                    .chain([m])
                                    .fold(Vec::new(), |mut v, x| {
                                        if !v.contains(&x) {
                                            v.push(x)
                                        }
                                        v
                                    });
                            }
                        }
                    }
                }
            }
            Slot::ObjActor => {
                let rels: &[&str] = if passive {
                    &["nsubj:pass"]
                } else {
                    &["obj", "iobj"]
                };
                let direct = s
                    .kids(t)
                    .iter()
                    .copied()
                    .filter(|&c| rels.contains(&s.rel(c)))
                    .filter_map(|c| s.mention_cover(c))
                    .find(|&m| !s.is_place(m));
                if let Some(m) = direct {
                    notes.push("target: the object, a party".into());
                    let mut a = s.actors_at(s.doc.mentions[m].head as usize);
                    if !a.contains(&m) {
                        a.push(m);
                    }
                    return a;
                }
            }
            Slot::Clause => {
                if let Some(c) = clause_with_modal(s, t, &p.clause_modal) {
                    if let Some(subj) = own_subject(s, c) {
                        let a = s.parties_at(subj);
                        if !a.is_empty() {
                            notes.push("target: subject of the complement clause".into());
                            return a;
                        }
                    }
                }
            }
            Slot::Prep(prep) => {
                for an in anchors(s, t, extra) {
                    for ph in s.prep_phrases(an, prep) {
                        let a = s.actors_at(ph);
                        if !a.is_empty() {
                            notes.push(format!("target from `{prep}` phrase"));
                            return a;
                        }
                    }
                }
                let a = s.prep_positional(extra.unwrap_or(t).max(t), prep, 10);
                if !a.is_empty() {
                    notes.push(format!("target from `{prep}` phrase (positional)"));
                    return a;
                }
            }
        }
    }
    Vec::new()
}

/// Finds the sources at trigger `t`.
fn find_sources(
    s: &Sent,
    p: &Pattern,
    t: usize,
    passive: bool,
    notes: &mut Vec<String>,
) -> Vec<usize> {
    for prep in &p.source_preps {
        for ph in s.prep_phrases(t, prep) {
            let a = s.actors_at(ph);
            if !a.is_empty() {
                notes.push(format!("source from `{prep}` phrase"));
                return a;
            }
        }
    }
    if p.noun {
        for c in s.kids(t).iter().copied() {
            let r = s.rel(c);
            if r == "nmod:poss" || (r.starts_with("nmod") && s.case_of(c) == Some("by")) {
                let a = s.actors_at(c);
                if !a.is_empty() {
                    notes.push(format!("source from {r}"));
                    return a;
                }
                // "X reiterated *its* demand": the owner is the subject of the verb
                let h = s.head(t);
                if r == "nmod:poss"
                    && s.upos(c) == Upos::Pron
                    && h != t
                    && s.rel(t) == "obj"
                    && s.upos(h) == Upos::Verb
                {
                    if let Some(subj) = s.subject(h) {
                        let a = s.actors_at(subj);
                        if !a.is_empty() {
                            notes.push(format!(
                                "source: subject of `{}` (owner `{}`)",
                                s.lem(h),
                                s.wd(c)
                            ));
                            return a;
                        }
                    }
                }
            }
        }
        let mut mods = Vec::new();
        for c in s
            .kids(t)
            .iter()
            .copied()
            .filter(|&c| matches!(s.rel(c), "amod" | "compound"))
        {
            for m in s.actors_at(c) {
                if !mods.contains(&m) {
                    mods.push(m);
                }
            }
        }
        if !mods.is_empty() {
            notes.push("source from a modifier of the noun".into());
            return mods;
        }
        // "held talks", "launched an attack": the light verb's subject
        let h = s.head(t);
        if h != t
            && matches!(s.rel(t), "obj" | "obl" | "nsubj:pass")
            && LIGHT_VERBS.contains(&s.lem(h))
        {
            if let Some(subj) = s.subject(h) {
                let a = s.actors_at(subj);
                if !a.is_empty() {
                    notes.push(format!("source: subject of `{}`", s.lem(h)));
                    return a;
                }
            }
            // "Fabius and a group of deputies *held* talks", the light verb misread as
            // a modifier of the noun before it
            if s.rel(h) == "acl" && s.takes_object(h) {
                return positional_source(s, h, notes);
            }
        }
        // an example of an act ("providing aid, *including scholarships*…") is done by
        // whoever does the act: the subject of the verb the larger noun belongs to
        if s.kids(t).iter().any(|&k| s.wd(k) == "including") {
            let mut cur = s.head(t);
            for _ in 0..4 {
                if s.upos(cur) == Upos::Verb {
                    let a = s.subject(cur).map(|k| s.actors_at(k)).unwrap_or_default();
                    if !a.is_empty() {
                        notes.push(format!(
                            "source: the doer of `{}`, which it exemplifies",
                            s.lem(cur)
                        ));
                        return a;
                    }
                    break;
                }
                if s.head(cur) == cur {
                    break;
                }
                cur = s.head(cur);
            }
        }
        return Vec::new();
    }
    if passive {
        for c in s.kids(t).iter().copied() {
            if s.rel(c) == "obl:agent"
                || (s.rel(c).starts_with("obl") && s.case_of(c) == Some("by"))
            {
                let a = s.actors_at(c);
                if !a.is_empty() {
                    notes.push("source from passive agent".into());
                    return a;
                }
            }
        }
        let a = s.prep_positional(t, "by", 4);
        if !a.is_empty() {
            notes.push("source from passive agent (positional)".into());
        }
        return a;
    }
    let subj = s.subject(t);
    if let Some(subj) = subj {
        // "Russia's security *interests* aligned with Afghan objectives": a party's
        // interests, aims or views do not act; their owner is no source
        if ATTITUDE_NOUNS.contains(&s.lem(subj)) && s.mention_cover(subj).is_none() {
            notes.push(format!(
                "subject `{}` is an attitude, not a party",
                s.wd(subj)
            ));
            return Vec::new();
        }
        let a = s.actors_at(subj);
        if !a.is_empty() {
            notes.push(if s.head(subj) == t {
                "source from nsubj".into()
            } else {
                "source: subject of governing clause".into()
            });
            return a;
        }
    }
    // "Hungary said it will support…": an unresolved pronoun subject (or none) of a
    // reported clause is the speaker
    // …but in a direct quotation the speaker is "I" or "we": "'It condemns Japan,' one
    // Japanese official said" is about something else
    let quoted = (s.start..t)
        .filter(|&i| matches!(s.wd(i), "\"" | "\u{201c}" | "\u{201d}" | "``" | "''"))
        .count()
        % 2
        == 1;
    let pronoun = subj.is_none_or(|k| {
        s.upos(k) == Upos::Pron
            && PRONOUNS.contains(&s.lem(k))
            && (!quoted || matches!(s.lem(k), "we" | "i"))
    });
    if pronoun {
        for (h, r) in governors(s, t).into_iter().take(4) {
            // "said on *Tuesday* it had halted aid": the clause hangs on the day
            let h = if r == "ccomp" && time::is_day_word(s.wd(h)) {
                s.head(h)
            } else {
                h
            };
            if matches!(r, "ccomp" | "parataxis") && SPEECH.contains(&s.lem(h)) {
                if let Some(sp) = s.subject(h) {
                    let a = s.actors_at(sp);
                    if !a.is_empty() {
                        notes.push(format!("source: the speaker of `{}`", s.lem(h)));
                        return a;
                    }
                }
                break;
            }
            if !matches!(r, "xcomp" | "ccomp" | "conj") {
                break;
            }
        }
    }
    // a clause the parser left without subject ("X on Saturday hosted Y" read as a
    // modifier of X): the nearest actor before the verb, within the clause
    // a participle after a noun is a reduced passive ("weapons *seized* last year") unless a
    // noun phrase follows it as its object, which a passive cannot have: "Zambia
    // *extradited* the militant", "the government today *welcomed* Reagan's statement"
    let reduced_passive = s.rel(t) == "acl" && s.xpos(t) == "VBN" && !s.takes_object(t);
    // (also when the noun a misread clause hangs from names nobody: "Fabius and a group
    // of *deputies* held talks")
    let no_subject = subj.is_none() || s.rel(t) == "acl";
    if no_subject && !reduced_passive && !matches!(s.xpos(t), "VBG" | "VB" | "TO") {
        return positional_source(s, t, notes);
    }
    Vec::new()
}

/// The nearest actor before the verb at `t`, within its clause.
fn positional_source(s: &Sent, t: usize, notes: &mut Vec<String>) -> Vec<usize> {
    {
        for k in (t.saturating_sub(15).max(s.start)..t).rev() {
            if (s.upos(k) == Upos::Verb && k + 1 != t)
                || matches!(
                    s.wd(k),
                    ";" | ":" | "that" | "which" | "who" | "whom" | "whose"
                )
            {
                break;
            }
            if let Some(m) = s.mention_cover(k) {
                if s.is_place(m) {
                    continue;
                }
                notes.push("source: nearest actor before the verb (positional)".into());
                let mut a = s.actors_at(s.doc.mentions[m].head as usize);
                if !a.contains(&m) {
                    a.push(m);
                }
                return a;
            }
        }
    }
    Vec::new()
}

/// Reads negation cues on the trigger and its light noun.
fn negated(s: &Sent, t: usize, extra: Option<usize>) -> Option<String> {
    for &c in s.kids(t) {
        let l = s.lem(c);
        if matches!(l, "not" | "n't" | "never") {
            return Some(format!("negation `{}`", s.wd(c)));
        }
    }
    if let Some(e) = extra {
        if s.kids(e).iter().any(|&c| matches!(s.lem(c), "no")) {
            return Some("object determiner `no`".into());
        }
    }
    // "did not even attend": negation on an auxiliary chain just before the verb
    for k in t.saturating_sub(3).max(s.start)..t {
        if matches!(s.wd(k), "not" | "n't" | "never") && s.head(k) == t {
            return Some("negation before verb".into());
        }
    }
    None
}

/// The chain of governors of `t` through complement relations, nearest first, with the relation.
fn governors(s: &Sent, t: usize) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut cur = t;
    for _ in 0..8 {
        let h = s.head(cur);
        if h == cur {
            break;
        }
        let r = s.rel(cur);
        out.push((h, r));
        cur = h;
    }
    out
}

/// Certainty, attribution and modality of the act at `t`.
struct Modality {
    certainty: Certainty,
    attribution: Option<usize>,
    hypothetical: Option<String>,
    planned: Option<String>,
    negating_governor: Option<String>,
    notes: Vec<String>,
}

fn modality(s: &Sent, t: usize) -> Modality {
    let mut m = Modality {
        certainty: Certainty::Asserted,
        attribution: None,
        hypothetical: None,
        planned: None,
        negating_governor: None,
        notes: Vec::new(),
    };
    let under_speech = governors(s, t)
        .iter()
        .any(|(h, _)| SPEECH.contains(&s.lem(*h)));
    for &c in s.kids(t) {
        let l = s.lem(c);
        let w = s.wd(c);
        match (s.rel(c), l) {
            ("aux", "will" | "shall") | ("aux", "'ll") => {
                m.planned = Some(format!("auxiliary `{w}`"))
            }
            ("aux", "would") if under_speech => {
                m.planned = Some("`would` in reported speech".into())
            }
            ("aux", "would" | "could" | "might" | "may" | "should" | "must" | "can" | "ought") => {
                m.hypothetical = Some(format!("modal `{w}`"))
            }
            ("mark", "if" | "unless" | "whether") => {
                m.hypothetical = Some(format!("condition `{w}`"))
            }
            _ => {}
        }
        if w == "allegedly" || w == "purportedly" || w == "supposedly" {
            m.certainty = Certainty::Alleged;
            m.notes.push(format!("certainty from `{w}`"));
        }
        if w.starts_with("reportedly") {
            m.certainty = Certainty::Reported;
            m.notes.push("certainty from `reportedly`".into());
        }
    }
    // adverbs anywhere near the verb the parser may attach elsewhere
    for k in t.saturating_sub(4).max(s.start)..t {
        let w = s.wd(k);
        if w == "allegedly" && m.certainty == Certainty::Asserted {
            m.certainty = Certainty::Alleged;
        } else if w.starts_with("reportedly") && m.certainty == Certainty::Asserted {
            m.certainty = Certainty::Reported;
        }
    }
    let govs = governors(s, t);
    for (i, &(h, r)) in govs.iter().enumerate() {
        let l = s.lem(h);
        if i < 3 && matches!(r, "xcomp" | "ccomp" | "advcl" | "acl" | "csubj") {
            if NEGATING_GOVERNORS.contains(&l) && i == 0 && m.negating_governor.is_none() {
                m.negating_governor = Some(format!("governed by `{l}`"));
            }
            if PLAN_VERBS.contains(&l) && r == "xcomp" && m.planned.is_none() {
                m.planned = Some(format!("governed by `{l} to`"));
            }
            // "is ready / willing / prepared to": readiness, not the act
            let ready = READY_WORDS.contains(&l)
                && (s.upos(h) == Upos::Adj
                    || s.kids(h)
                        .iter()
                        .any(|&k| matches!(s.rel(k), "cop" | "aux:pass") && s.lem(k) == "be"));
            if ready && r == "xcomp" && i == 0 && m.planned.is_none() {
                m.planned = Some(format!("governed by `{} to`", s.wd(h)));
            }
        }
        if matches!(r, "ccomp" | "parataxis" | "acl" | "advcl" | "xcomp")
            && SPEECH.contains(&l)
            && m.attribution.is_none()
        {
            if let Some(subj) = s.subject(h) {
                if let Some(a) = s.actors_at(subj).first() {
                    m.attribution = Some(*a);
                    m.notes.push(format!("attribution: subject of `{l}`"));
                }
            }
            if m.certainty == Certainty::Asserted {
                m.certainty = if matches!(l, "allege" | "claim") {
                    Certainty::Alleged
                } else {
                    Certainty::Reported
                };
            }
        }
        if matches!(l, "report" | "rumor" | "rumour")
            && s.upos(h) == Upos::Noun
            && m.certainty == Certainty::Asserted
        {
            m.certainty = Certainty::Reported;
            m.notes.push("certainty: inside a report".into());
        }
        if l == "accuse" && m.certainty == Certainty::Asserted {
            m.certainty = Certainty::Alleged;
        }
    }
    // "…, the Foreign Ministry in Moscow says." — a speech verb hanging off the root
    let root = govs.last().map(|&(h, _)| h).unwrap_or(t);
    if m.attribution.is_none() {
        for &c in s.kids(root) {
            if matches!(s.rel(c), "parataxis" | "ccomp" | "advcl")
                && c != t
                && SPEECH.contains(&s.lem(c))
                && !govs.iter().any(|&(h, _)| h == c)
            {
                if let Some(subj) = s.subject(c) {
                    if let Some(a) = s.actors_at(subj).first() {
                        m.attribution = Some(*a);
                        m.notes.push(format!("attribution: `{}` clause", s.lem(c)));
                        if m.certainty == Certainty::Asserted {
                            m.certainty = Certainty::Reported;
                        }
                    }
                }
            }
        }
    }
    // "according to X"
    for k in s.start..s.end.saturating_sub(1) {
        if s.wd(k) == "according" && s.wd(k + 1) == "to" {
            if m.certainty == Certainty::Asserted {
                m.certainty = Certainty::Reported;
            }
            if m.attribution.is_none() {
                m.attribution = (k + 2..(k + 8).min(s.end)).find_map(|j| s.mention_cover(j));
            }
        }
    }
    m
}

/// The embedding classes of CAMEO roots: acts whose complement did not (yet) happen.
fn embed_class(code: &str) -> Option<&'static str> {
    match &code[..2.min(code.len())] {
        "02" => Some("appeal"),
        "03" => Some("intent"),
        "10" => Some("demand"),
        "12" => Some("reject"),
        "13" => Some("threat"),
        "11" => Some("accuse"),
        _ if code == "016" => Some("deny"),
        _ => None,
    }
}

/// Code for "intends / promises / plans to do `code`" (cooperation → 03x, conflict → 13x).
pub fn intent_code(code: &str) -> Option<&'static str> {
    let root = code.get(..2)?;
    Some(match root {
        "04" => "036",
        "05" => "032",
        "06" => match code {
            "061" => "0311",
            "062" => "0312",
            "063" => "0313",
            "064" => "0314",
            _ => "031",
        },
        "07" => match code {
            "071" => "0331",
            "072" => "0332",
            "073" => "0333",
            "074" => "0334",
            _ => "033",
        },
        "08" => match code {
            "081" | "0811" | "0812" | "0813" | "0814" => "0351",
            "0841" | "0842" | "084" => "0353",
            "085" => "0354",
            "086" | "0861" | "0862" | "0863" => "0355",
            c if c.starts_with("087") => "0356",
            _ => "035",
        },
        "14" => "133",
        "15" => "138",
        "16" => match code {
            "161" => "1313",
            "162" | "1621" | "1622" | "1623" => "1311",
            "163" => "1312",
            "164" => "134",
            "165" => "135",
            c if c.starts_with("166") => "136",
            _ => "131",
        },
        "17" => match code {
            "1723" => "1323",
            "1724" => "1324",
            "175" => "137",
            "171" | "1711" | "1712" => "1384",
            _ => "132",
        },
        "18" => "1383",
        "19" => match code {
            "191" => "1381",
            "192" => "1382",
            _ => "1384",
        },
        "20" => match code {
            "204" | "2041" | "2042" => "1385",
            _ => "1383",
        },
        _ => return None,
    })
}

fn refine(class: &str, parent: &str, child: &str) -> Option<String> {
    let root = child.get(..2)?;
    let generic = parent.len() == 3 && parent.ends_with('0');
    if !generic {
        return None;
    }
    let c = match class {
        "intent" | "threat" => intent_code(child)?,
        "appeal" => match root {
            "04" => "026",
            "05" => "022",
            "06" => "021",
            "07" => "023",
            "08" => match child {
                "0841" | "0842" | "084" => "0253",
                c if c.starts_with("087") => "0256",
                _ => "025",
            },
            _ => return None,
        },
        "demand" => match root {
            "04" => "108",
            "05" => "102",
            "06" => "101",
            "07" => "103",
            "08" => match child {
                "0841" | "0842" | "084" => "1053",
                "0871" => "107",
                "0874" => "106",
                _ => "105",
            },
            _ => return None,
        },
        "reject" => match root {
            "04" => "125",
            "05" => "123",
            "06" => "121",
            "07" => "122",
            "08" => "124",
            _ => return None,
        },
        _ => return None,
    };
    // a promise to use force is a threat; a threat to do something friendly stays a threat
    if class == "intent" && c.starts_with("13") {
        return Some(c.to_string());
    }
    if class == "threat" && !c.starts_with("13") {
        return None;
    }
    Some(c.to_string())
}

/// A verb the tagger read as an adjective or noun ("guerrillas *wounded* two soldiers",
/// "the Palestinians *reject* proposed changes"): a lower-case word right after an actor
/// mention, in past-tense form (or, tagged as a noun, in base or third-person form before
/// the start of a noun phrase), whose verb lemma has patterns. Returns that lemma.
fn misread_verb(dict: &Dictionary, s: &Sent, t: usize) -> Option<String> {
    let up = s.upos(t);
    if !matches!(up, Upos::Adj | Upos::Noun) || t == s.start {
        return None;
    }
    let w = s.wd(t);
    if w.contains('-') || s.doc.tokens.norm.get(t)?.starts_with(char::is_uppercase) {
        return None;
    }
    // the word before is the last word of an actor (an adverb may stand between)
    let mut k = t - 1;
    if s.upos(k) == Upos::Adv && k > s.start {
        k -= 1;
    }
    let m = s.mention_cover(k)?;
    let men = &s.doc.mentions[m];
    if men.end as usize != k + 1 || s.is_place(m) || s.mention_cover(t).is_some() {
        return None;
    }
    // "in *a* television interview", "*a* Taliban attack": an actor after an indefinite
    // article modifies the noun that follows it; no subject takes "a" before its name
    let ms = men.start as usize;
    if ms > s.start && matches!(s.lem(ms - 1), "a" | "an") {
        return None;
    }
    let is_verb = |l: &str| dict.by_lemma.contains_key(&(l.to_string(), false));
    let next = s.upos(t + 1);
    let np_start = matches!(
        next,
        Upos::Det | Upos::Adj | Upos::Num | Upos::Propn | Upos::Pron
    ) || (next == Upos::Verb && s.xpos(t + 1) == "VBN");
    if let Some(stem) = w.strip_suffix("ed") {
        if up != Upos::Adj && !np_start {
            return None;
        }
        // telephoned → telephone, wounded → wound, stopped → stop, carried → carry
        let mut guesses = vec![format!("{stem}e"), stem.to_string()];
        let b = stem.as_bytes();
        if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] {
            guesses.push(stem[..stem.len() - 1].to_string());
        }
        if let Some(st) = stem.strip_suffix('i') {
            guesses.push(format!("{st}y"));
        }
        return guesses.into_iter().find(|g| is_verb(g));
    }
    if up == Upos::Noun && np_start {
        let base = w.strip_suffix('s').filter(|b| is_verb(b)).unwrap_or(w);
        if is_verb(base) && !dict.by_lemma.contains_key(&(base.to_string(), true)) {
            return Some(base.to_string());
        }
    }
    None
}

/// A noun act that only sets the scene of the clause: the modifier of another noun ("war
/// crimes") or a prepositional phrase of time, place or circumstance ("killed *in an
/// attack*", "after 12 days *of battles*", "mobilized *for a possible war*"). Such nouns
/// name an act already reported (or not reported at all), never a new one of the sentence.
fn circumstantial_noun(s: &Sent, t: usize) -> Option<String> {
    let r = s.rel(t);
    if r == "compound" || r.starts_with("nmod:poss") {
        return Some(format!("modifier of `{}`", s.wd(s.head(t))));
    }
    if !(r.starts_with("obl") || r.starts_with("nmod") || r == "advcl") {
        return None;
    }
    let case = s.case_of(t)?;
    // "evidence *about contacts* between…", "talks about a ceasefire", "told reporters
    // about the raid": what a noun, a speech or a verb's object is about is its topic,
    // not an act the sentence reports
    let h = s.head(t);
    if case == "about"
        && (matches!(s.upos(h), Upos::Noun | Upos::Propn)
            || SPEECH.contains(&s.lem(h))
            || s.kids(h).iter().any(|&k| s.rel(k) == "obj"))
    {
        return Some(format!("topic of `{}`", s.wd(h)));
    }
    // "talks *with* X", "support *for* Y" hang off the noun, not the noun off a preposition;
    // the object of a light preposition of a verb that takes it ("agreed *to* talks") is
    // the verb's content, which the verb's own pattern reads
    if matches!(case, "'s" | "to" | "on" | "about" | "over") {
        return None;
    }
    Some(format!("in a `{case}` phrase"))
}

/// "demanded (on Friday) that *the United States* match…" read off the words when the parse
/// missed the clause: `that` within a few words of the trigger, then the first actor mention
/// before the clause's verb.
fn that_clause_subject(s: &Sent, t: usize) -> Option<usize> {
    let that = (t + 1..(t + 5).min(s.end))
        .take_while(|&k| !matches!(s.wd(k), "," | ";" | ":" | "."))
        .find(|&k| s.lem(k) == "that")?;
    for k in that + 1..(that + 8).min(s.end) {
        if matches!(s.wd(k), "," | ";" | ":" | ".") || s.upos(k) == Upos::Aux {
            return None;
        }
        if let Some(m) = s.mention_cover(k) {
            return Some(s.doc.mentions[m].head as usize);
        }
    }
    None
}

/// The best pattern so far: index, light noun, targets, notes, score.
type Best = (usize, Option<usize>, Vec<usize>, Vec<String>, usize);

/// Reads all candidate events of a sentence.
pub fn candidates(dict: &Dictionary, s: &Sent, trace: &mut Option<Vec<String>>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut consumed: Vec<usize> = Vec::new();
    // verbs first, so that their light nouns are consumed before nouns are tried
    let mut order: Vec<usize> = (s.start..s.end).collect();
    order.sort_by_key(|&i| (s.upos(i) != Upos::Verb, i));
    for t in order {
        if consumed.contains(&t) {
            continue;
        }
        let up = s.upos(t);
        let misread = misread_verb(dict, s, t);
        let noun = match up {
            _ if misread.is_some() => false,
            Upos::Verb => false,
            Upos::Noun => true,
            Upos::Propn | Upos::Adj | Upos::Aux => continue,
            _ => continue,
        };
        let lemma = misread.as_deref().unwrap_or(s.lem(t));
        // "*re*imposed blockades", "*re*opened the border": a verb of repetition codes as
        // the verb it repeats when it has no patterns of its own
        let idx = dict.by_lemma.get(&(lemma.to_string(), noun)).or_else(|| {
            lemma
                .strip_prefix("re")
                .map(|b| b.strip_prefix('-').unwrap_or(b))
                .filter(|b| !noun && b.len() >= 4)
                .and_then(|b| dict.by_lemma.get(&(b.to_string(), false)))
        });
        let Some(idx) = idx else {
            continue;
        };
        if let (Some(l), Some(tr)) = (&misread, trace.as_mut()) {
            tr.push(format!(
                "  `{}`: tagged {:?}, read as the verb `{l}` between two actors",
                s.wd(t),
                up
            ));
        }
        // "the *occupied* West Bank", "the *besieged* town": a participle before its noun
        // describes the noun; the act it names is not told by the sentence
        let prenominal = t == s.start
            || matches!(
                s.upos(t - 1),
                Upos::Det | Upos::Adj | Upos::Adv | Upos::Punct | Upos::Adp | Upos::Cconj
            );
        if !noun && misread.is_none() && s.rel(t) == "amod" && s.head(t) > t && prenominal {
            if let Some(tr) = trace.as_mut() {
                tr.push(format!("  `{}`: participle modifying a noun", s.wd(t)));
            }
            continue;
        }
        if noun {
            if let Some(why) = circumstantial_noun(s, t) {
                if let Some(tr) = trace.as_mut() {
                    tr.push(format!("  `{}`: {why}: not an act of its own", s.wd(t)));
                }
                continue;
            }
        }
        // choose the most specific pattern whose requirements hold; among equals, the one finding a target
        let passive = !noun && s.is_passive(t);
        let mut best: Option<Best> = None;
        let mut tried = Vec::new();
        for &pi in idx {
            let p = &dict.patterns[pi];
            let Some(extra) = requirements(s, p, t) else {
                tried.push(format!(
                    "{} needs {:?}{:?}{:?}{:?}: not met",
                    p.id, p.need_obj, p.need_prt, p.need_prep, p.clause_modal
                ));
                continue;
            };
            let mut notes = Vec::new();
            let targets = find_targets(s, p, t, extra, passive, &mut notes);
            // a pattern that finds its target beats one that needs none, which beats one
            // that needs a target and finds none
            // with no slot of its own the pattern's target is the party named in the
            // required noun's phrase (below)
            let named = if targets.is_empty() && p.targets.is_empty() {
                extra.map(|e| s.parties_at(e)).unwrap_or_default()
            } else {
                Vec::new()
            };
            let known = targets
                .iter()
                .chain(&named)
                .any(|&m| !bare_sector(&s.doc.mentions[m].code));
            // a required noun that is the trigger's own argument beats one found deeper
            // ("agreed to US *mediation* in the final status *talks*")
            let own = extra.is_some_and(|e| s.head(e) == t);
            let score = p.specificity() * 2
                + usize::from(own)
                + if known {
                    5
                } else if !targets.is_empty() {
                    4
                } else if p.targets.is_empty() {
                    3
                } else {
                    0
                };
            if best.as_ref().is_none_or(|b| score > b.4) {
                best = Some((pi, extra, targets, notes, score));
            }
        }
        if let Some(tr) = trace.as_mut() {
            for x in tried {
                tr.push(format!("  `{}`: {x}", s.wd(t)));
            }
        }
        let Some((pi, extra, mut targets, mut notes, _)) = best else {
            continue;
        };
        let p = &dict.patterns[pi];
        // the object a pattern requires, when it names a party, is the one acted upon
        // ("killed 46 Afghan *civilians*"), or names it in its phrase where the pattern's
        // own slot is empty ("rejected *Saddam Hussein's* proposal for a cease-fire")
        if targets.is_empty() {
            if let Some(a) = extra.map(|e| s.parties_at(e)).filter(|a| !a.is_empty()) {
                targets = a;
                notes.push(if p.targets.is_empty() {
                    "target: the required object".into()
                } else {
                    "target: the party named in the object's phrase".into()
                });
            }
        }
        let mut sources = find_sources(s, p, t, passive, &mut notes);
        if misread.is_some() {
            // the actor just before the misread verb is its subject
            let k = if s.upos(t - 1) == Upos::Adv {
                t - 2
            } else {
                t - 1
            };
            if let Some(m) = s.mention_cover(k) {
                let mut a = s.actors_at(s.doc.mentions[m].head as usize);
                if !a.contains(&m) {
                    a.push(m);
                }
                sources = a;
                notes.push("source: the actor before the misread verb".into());
            }
        }
        if p.mutual && noun && targets.len() >= 2 {
            // "talks between X and Y": the participants are the phrase's members
            sources = std::mem::take(&mut targets);
            notes.push("participants: members of the phrase".into());
        }
        // "Reagan … has indicated *he* will sign": a pronoun that stands for the source is
        // the source itself, no party acted upon
        targets.retain(|&m| !sources.iter().any(|&k| coreferent(s, k, m)) || p.mutual);
        if p.mutual {
            drop_fellow_parties(s, &sources, &mut targets);
        }
        if let Some(e) = extra {
            consumed.push(e);
        }
        if !noun && LIGHT_VERBS.contains(&s.lem(t)) {
            consumed.extend(s.kids(t).iter().copied().filter(|&c| s.rel(c) == "obj"));
        }
        let md = modality(s, t);
        notes.extend(md.notes.iter().cloned());
        // …except for examples of what was done ("contributions to reconstruction
        // efforts, *including* training the Afghan security forces")
        let mut below = t;
        let nonfactive = governors(s, t)
            .into_iter()
            .take(4)
            .find(|&(h, r)| {
                let example = s.kids(below).iter().any(|&k| {
                    matches!(s.rel(k), "case" | "mark")
                        && matches!(s.lem(k), "include" | "including")
                });
                below = h;
                matches!(r, "acl" | "nmod" | "xcomp")
                    && s.upos(h) == Upos::Noun
                    && NONFACTIVE_NOUNS.contains(&s.lem(h))
                    && !example
            })
            .map(|(h, _)| h);
        // "sent personnel to Bosnia *to investigate*": a purpose is intended, not done
        // "sent troops *to help*": a purpose clause is intended, not reported as done; so is
        // what it leads to ("offered troops to help him *oust* Aoun": up through `xcomp`)
        let purpose = {
            let mut x = t;
            for _ in 0..2 {
                if s.rel(x) != "xcomp" || s.head(x) == x {
                    break;
                }
                x = s.head(x);
            }
            (s.rel(x) == "advcl" && s.upos(s.head(x)) == Upos::Verb && s.has_mark(x, &["to"]))
                .then(|| s.head(x))
        };
        let mut c = Candidate {
            trigger: t,
            extra,
            pattern: pi,
            code: p.code.clone(),
            sources,
            targets,
            mutual: p.mutual,
            negated: false,
            certainty: md.certainty,
            attribution: md.attribution,
            place: None,
            dropped: None,
            notes,
        };
        let gov_neg = if noun && matches!(s.rel(t), "obj" | "obl" | "nsubj:pass") && s.head(t) != t
        {
            negated(s, s.head(t), None)
        } else {
            None
        };
        if let Some(why) = negated(s, t, extra).or(gov_neg) {
            c.negated = true;
            c.notes.push(why);
        }
        if let Some(why) = md.negating_governor {
            c.negated = true;
            c.certainty = Certainty::Denied;
            c.notes.push(why);
        }
        // "UN peacekeepers, who are deployed to oversee *a ceasefire* between…", "Hamas, which
        // *advocates* Israel's destruction": a relative clause describes someone named, as
        // background; it is no new report
        let in_relative = governors(s, t)
            .into_iter()
            .take(4)
            .any(|(_, r)| r == "acl:relcl");
        // "a spokesman declined to comment", "he declined to name the delegations": keeping
        // one's counsel is no refusal between parties
        let no_comment = matches!(s.lem(t), "decline" | "refuse")
            && s.kids(t).iter().any(|&k| {
                s.rel(k) == "xcomp"
                    && matches!(
                        s.lem(k),
                        "comment"
                            | "elaborate"
                            | "speculate"
                            | "say"
                            | "confirm"
                            | "disclose"
                            | "specify"
                            | "name"
                            | "identify"
                            | "detail"
                    )
            });
        // "is the president *going* to ask him?": "going to" with a verb is the future
        // of that verb, not a journey
        let going_to = s.lem(t) == "go"
            && s.kids(t)
                .iter()
                .any(|&k| s.rel(k) == "xcomp" && s.upos(k) == Upos::Verb && s.has_mark(k, &["to"]));
        // "the government of Sindh province has ordered patrols by police": a command to
        // one's own police or army is no demand between parties
        let own_forces = s.lem(t) == "order"
            && !c.targets.is_empty()
            && c.targets.iter().all(|&m| {
                let code = &s.doc.mentions[m].code;
                let sector = code.get(3..6).unwrap_or("");
                matches!(sector, "COP" | "MIL")
                    && c.sources.iter().any(|&k| {
                        let src = &s.doc.mentions[k].code;
                        src.len() >= 3 && code.get(..3) == src.get(..3)
                    })
            });
        if domestic_permission(s, &c) {
            c.notes.push(
                "a permission within one country: easing restrictions (081), not international involvement (086)".into(),
            );
            c.code = "081".into();
        }
        if let Some(k) = non_agent_cause(s, t, &c.code, noun) {
            c.dropped = Some(format!(
                "done by `{}`, no party: not a political act",
                s.wd(k)
            ));
        } else if let Some(why) = contest(s, &c) {
            c.dropped = Some(why);
        } else if in_relative {
            c.dropped = Some("inside a relative clause: background".into());
        } else if going_to {
            c.dropped = Some("`going to` a verb: its future, not a journey".into());
        } else if no_comment {
            c.dropped = Some("declining to comment: no act between parties".into());
        } else if own_forces {
            c.dropped = Some("an order to the source's own forces: a command, not a demand".into());
        } else if let Some(h) = purpose.filter(|_| nonfactive.is_none()) {
            c.dropped = Some(format!(
                "purpose of `{}`: intended, not reported as done",
                s.wd(h)
            ));
        } else if let Some(h) = nonfactive {
            c.dropped = Some(format!(
                "complement of `{}`: not an act that happened",
                s.wd(h)
            ));
        } else if let Some(why) = md.hypothetical {
            c.certainty = Certainty::Hypothetical;
            c.dropped = Some(format!("hypothetical ({why}): did not happen"));
        } else if let Some(why) = md.planned {
            c.certainty = Certainty::Planned;
            // "will withdraw … unless X": a conditional promise is a threat
            let unless = s
                .kids(t)
                .iter()
                .any(|&k| s.rel(k) == "advcl" && s.kids(k).iter().any(|&m| s.lem(m) == "unless"));
            if unless && embed_class(&c.code).is_none() {
                let tc = intent_code(&c.code)
                    .filter(|ic| ic.starts_with("13"))
                    .unwrap_or("130");
                c.notes.push(format!(
                    "planned ({why}) on a condition `unless`: threat {tc}"
                ));
                c.code = tc.to_string();
            } else if embed_class(&c.code).is_none() {
                match intent_code(&c.code) {
                    Some(ic) => {
                        c.notes.push(format!(
                            "planned ({why}): coded as intent {ic}, not as the act"
                        ));
                        c.code = ic.to_string();
                    }
                    None => c.dropped = Some(format!("planned ({why}): did not happen")),
                }
            }
        }
        out.push(c);
    }
    absorb_embedded(dict, s, &mut out);
    drop_umbrellas(s, &mut out);
    // "Russia's *contact* with the Taliban has given the militants legitimacy": a noun act
    // that is the subject of a verb act between the same parties is that act, told twice
    for i in 0..out.len() {
        let t = out[i].trigger;
        if s.upos(t) != Upos::Noun || s.rel(t) != "nsubj" || out[i].dropped.is_some() {
            continue;
        }
        let h = s.head(t);
        let codes = |ms: &[usize]| {
            let mut v: Vec<&str> = ms
                .iter()
                .map(|&m| s.doc.mentions[m].code.as_str())
                .collect();
            v.sort_unstable();
            v
        };
        // "a roadside *bombing* near Samarra killed a soldier": violence that is the
        // subject of a violent verb is the means of that act, whoever its parties are
        let same = out.iter().any(|c| {
            c.trigger == h
                && c.dropped.is_none()
                && (codes(&c.sources) == codes(&out[i].sources)
                    && codes(&c.targets) == codes(&out[i].targets)
                    || is_violent(&c.code) && is_violent(&out[i].code))
        });
        if same {
            out[i].dropped = Some(format!("the act of `{}`, named by its subject", s.wd(h)));
        }
    }
    // "rejected a United Nations *appeal* for troops", "refused to respond to a *demand*
    // from the US": the proposal a rejection answers is what is rejected, not an event
    // of its own
    for i in 0..out.len() {
        let t = out[i].trigger;
        if s.upos(t) != Upos::Noun || out[i].dropped.is_some() {
            continue;
        }
        let mut x = t;
        for _ in 0..3 {
            if !matches!(s.rel(x), "obj" | "obl" | "nmod" | "xcomp") {
                break;
            }
            let up = s.head(x);
            if up == x {
                break;
            }
            let rejected = out
                .iter()
                .any(|c| c.trigger == up && c.code.starts_with("12") && c.dropped.is_none());
            if rejected {
                out[i].dropped = Some(format!("what `{}` rejects", s.wd(up)));
                break;
            }
            x = up;
        }
    }
    share_recipients(s, &mut out);
    out
}

/// "made contributions to reconstruction, *including* training the forces, supplying
/// equipment…": an act spelled out by the acts its phrase includes is coded as those acts.
fn drop_umbrellas(s: &Sent, cands: &mut [Candidate]) {
    let including =
        |k: usize| s.wd(k) == "including" || s.kids(k).iter().any(|&c| s.wd(c) == "including");
    let mut umbrellas = Vec::new();
    for j in 0..cands.len() {
        if cands[j].dropped.is_some() {
            continue;
        }
        let mut saw = including(cands[j].trigger);
        for (h, _) in governors(s, cands[j].trigger).into_iter().take(6) {
            if let Some(i) = cands
                .iter()
                .position(|c| c.trigger == h && c.dropped.is_none())
            {
                if saw && i != j {
                    umbrellas.push((i, cands[j].trigger));
                }
                break;
            }
            saw |= including(h);
        }
    }
    for (i, part) in umbrellas {
        if cands[i].dropped.is_none() {
            cands[i].dropped = Some(format!(
                "spelled out by the acts it includes (`{}`)",
                s.wd(part)
            ));
        }
    }
}

/// "Russia has supported the new system …, including training the Afghan security forces,
/// supplying military equipment and providing aid": acts of help listed together by one
/// actor, one of them naming its recipient, are done for that recipient.
fn share_recipients(s: &Sent, cands: &mut [Candidate]) {
    let helping = |c: &Candidate| {
        matches!(c.code.get(..2), Some("05" | "06" | "07"))
            && c.dropped.is_none()
            && !c.negated
            && !c.mutual
            && !c.sources.is_empty()
    };
    for i in 0..cands.len() {
        if !cands[i].targets.is_empty() || !helping(&cands[i]) {
            continue;
        }
        let donor = (0..cands.len()).find(|&j| {
            j != i
                && helping(&cands[j])
                && cands[j].sources == cands[i].sources
                && !cands[j].targets.is_empty()
                && cands[j].targets.iter().all(|&m| !s.is_place(m))
        });
        if let Some(j) = donor {
            let (targets, w) = (cands[j].targets.clone(), s.wd(cands[j].trigger).to_string());
            cands[i].targets = targets;
            cands[i]
                .notes
                .push(format!("target: the recipient of `{w}`, listed with it"));
        }
    }
}

/// Complements of appeals, promises, demands, refusals and threats did not happen: they
/// refine the governing act's code and lend it a target, and are dropped (or kept negated
/// under a refusal or denial).
fn absorb_embedded(dict: &Dictionary, s: &Sent, cands: &mut [Candidate]) {
    // "demanded that the US cancel…": the addressee of an appeal or demand is the subject
    // of its complement clause
    for c in cands.iter_mut() {
        if !c.targets.is_empty() || !matches!(embed_class(&c.code), Some("appeal" | "demand")) {
            continue;
        }
        let subj = s
            .kids(c.trigger)
            .iter()
            .copied()
            .filter(|&k| {
                k > c.trigger
                    && (s.rel(k) == "ccomp"
                        || (s.rel(k) == "acl" && s.kids(k).iter().any(|&m| s.lem(m) == "that")))
            })
            .find_map(|k| own_subject(s, k))
            .or_else(|| that_clause_subject(s, c.trigger));
        if let Some(subj) = subj {
            let a = s.parties_besides(subj, &c.sources);
            if !a.is_empty() {
                c.targets = a;
                c.notes
                    .push("target: subject of the complement clause".into());
            }
        }
    }
    // one act told twice: the demand a protest is staged for ("staged demonstrations to
    // demand reforms", "blocked roads demanding…") and the toll of an attack ("shelled
    // the city, killing 20") are part of the governing act
    for i in 0..cands.len() {
        let t = cands[i].trigger;
        let (h, r) = (s.head(t), s.rel(t));
        if h == t || !matches!(r, "advcl" | "xcomp" | "acl") || cands[i].dropped.is_some() {
            continue;
        }
        // the governor may be the light verb of a noun act ("*staged* demonstrations to demand")
        let Some(j) = cands.iter().position(|c| {
            c.dropped.is_none()
                && (c.trigger == h
                    || (s.upos(c.trigger) == Upos::Noun
                        && s.head(c.trigger) == h
                        && LIGHT_VERBS.contains(&s.lem(h))))
        }) else {
            continue;
        };
        let (ci, cj) = (
            cands[i].code.get(..2).unwrap_or(""),
            cands[j].code.get(..2).unwrap_or(""),
        );
        // "killed 23 people *when they blew themselves up*": the same attack, told again
        let when = s.has_mark(t, &["when", "as"]);
        let part = (matches!(ci, "02" | "10") && cj == "14")
            || (is_violent(ci) && is_violent(cj) && (s.xpos(t) == "VBG" || r == "advcl" && when));
        if part {
            let why = format!("part of the act `{}`", s.wd(h));
            cands[i].dropped = Some(why);
        }
    }
    // "shelled Juba on Sunday and Monday*, killing* about 20 people", however the parser
    // attached the participle: the toll of the attack before it
    let violent = |c: &Candidate| is_violent(&c.code);
    for i in 0..cands.len() {
        let t = cands[i].trigger;
        if cands[i].dropped.is_some()
            || !violent(&cands[i])
            || s.xpos(t) != "VBG"
            || t == s.start
            || s.wd(t - 1) != ","
        {
            continue;
        }
        if let Some(j) = cands
            .iter()
            .position(|c| c.trigger < t && c.dropped.is_none() && violent(c))
        {
            let why = format!("the toll of the act `{}`", s.wd(cands[j].trigger));
            cands[i].dropped = Some(why);
        }
    }
    // "closed its borders *because of fighting* between…": a circumstance, not an act of
    // the clause's subject
    for c in cands.iter_mut() {
        let t = c.trigger;
        if c.dropped.is_none()
            && s.xpos(t) == "VBG"
            && s.rel(t) == "advcl"
            && s.kids(t).iter().any(|&m| {
                matches!(s.rel(m), "mark" | "case")
                    && matches!(s.lem(m), "because" | "despite" | "amid" | "due")
            })
        {
            c.dropped = Some(format!("circumstance (`{}` …)", s.wd(t)));
        }
    }
    // "return to Geneva for talk *on limiting* the number of missiles": a gerund after a
    // topic preposition is what is talked about, not an act, unless it is the content of
    // an intent, appeal or refusal that governs it ("agreed on limiting")
    let topics: Vec<usize> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let t = c.trigger;
            c.dropped.is_none()
                && s.xpos(t) == "VBG"
                && s.kids(t).iter().any(|&m| {
                    matches!(s.rel(m), "mark" | "case")
                        && m + 1 == t
                        && matches!(
                            s.lem(m),
                            "on" | "about" | "over" | "regarding" | "concerning"
                        )
                })
                && !cands
                    .iter()
                    .any(|g| g.trigger == s.head(t) && embed_class(&g.code).is_some())
        })
        .map(|(i, _)| i)
        .collect();
    for i in topics {
        let m = cands[i].trigger - 1;
        cands[i].dropped = Some(format!("topic (`{}` …), not an act", s.wd(m)));
    }
    // "threatened to ban Ugandan opposition candidates": a threat, promise, refusal or
    // appeal whose complement is no coded act takes its target from the complement's
    // object or oblique
    for c in cands.iter_mut() {
        if !c.targets.is_empty() || embed_class(&c.code).is_none() {
            continue;
        }
        // the complement: "threatened to impose", also past an adverbial ("threatened
        // today to impose", read as a purpose clause)
        let Some(v) = s.kids(c.trigger).iter().copied().find(|&k| {
            s.upos(k) == Upos::Verb
                && (s.rel(k) == "xcomp" || s.rel(k) == "advcl" && s.has_mark(k, &["to"]))
        }) else {
            continue;
        };
        // the complement's object, indirect object or oblique; then the party an object
        // is aimed at ("deliver devastating blows *to the United States*")
        let args: Vec<usize> = s
            .kids(v)
            .iter()
            .copied()
            .filter(|&k| matches!(s.rel(k), "obj" | "iobj" | "obl"))
            .collect();
        let aimed = args
            .iter()
            .filter(|&&k| s.rel(k) == "obj")
            .flat_map(|&k| {
                ["to", "against", "on"]
                    .into_iter()
                    .flat_map(move |p| s.prep_phrases(k, p))
            })
            .collect::<Vec<_>>();
        let found = args
            .into_iter()
            .chain(aimed)
            .map(|k| {
                let mut a = s.parties_besides(k, &c.sources);
                if c.mutual {
                    drop_fellow_parties(s, &c.sources, &mut a);
                }
                a
            })
            .find(|a| !a.is_empty());
        if let Some(a) = found {
            c.targets = a;
            c.notes
                .push(format!("target from the complement `{}`", s.wd(v)));
        }
    }
    // "riots *against Israeli military policies*", "a hunger strike to protest *against
    // Sweden's decision*", "blocked streets *in defiance of Chinese authorities*": a
    // protest is aimed at the party it is against, not at the place where it is held
    for c in cands.iter_mut() {
        if !c.code.starts_with("14") || c.dropped.is_some() {
            continue;
        }
        if c.targets.iter().any(|&m| !s.is_place(m)) {
            continue;
        }
        const STANCE: &[&str] = &[
            "defiance",
            "protest",
            "disapproval",
            "opposition",
            "anger",
            "outrage",
            "oppose",
            "denounce",
            "condemn",
            "opposite",
        ];
        let mut frontier = vec![c.trigger];
        let mut aims = Vec::new();
        for _ in 0..3 {
            let mut next = Vec::new();
            for &h in &frontier {
                for &k in s.kids(h) {
                    if !matches!(s.rel(k), "advcl" | "xcomp" | "obl" | "nmod" | "obj" | "acl") {
                        continue;
                    }
                    let aimed = match s.case_of(k) {
                        Some("against") => true,
                        // "show their disapproval *for* X", however "for" is attached
                        Some("of" | "for" | "at" | "over") => {
                            STANCE.contains(&s.lem(h))
                                || s.kids(h)
                                    .iter()
                                    .any(|&o| s.rel(o) == "obj" && STANCE.contains(&s.lem(o)))
                        }
                        None => s.rel(k) == "obj" && STANCE.contains(&s.lem(h)),
                        _ => false,
                    };
                    if aimed {
                        aims.push(k);
                    }
                    next.push(k);
                }
            }
            frontier = next;
        }
        let found = aims
            .into_iter()
            .map(|k| s.parties_besides(k, &c.sources))
            .find(|a| !a.is_empty());
        if let Some(a) = found {
            c.targets = a;
            c.notes
                .push("target: the party the protest is against".into());
        }
    }
    // "threatened to hold a strike *unless Israel rescinded*…", "threatened to stop talks
    // *if the United States goes ahead*": a threat is aimed at the party of its condition
    for c in cands.iter_mut() {
        if !c.targets.is_empty() || !c.code.starts_with("13") {
            continue;
        }
        let mut heads = vec![c.trigger];
        heads.extend(
            s.kids(c.trigger)
                .iter()
                .copied()
                .filter(|&k| matches!(s.rel(k), "xcomp" | "advcl")),
        );
        let cond = heads
            .iter()
            .flat_map(|&h| s.kids(h).iter().copied())
            .find(|&k| s.rel(k) == "advcl" && s.has_mark(k, &["unless", "if"]));
        let Some(subj) = cond.and_then(|k| own_subject(s, k)) else {
            continue;
        };
        let a = s.parties_besides(subj, &c.sources);
        if !a.is_empty() {
            c.targets = a;
            c.notes
                .push("target: the party of the threat's condition".into());
        }
    }
    for i in 0..cands.len() {
        let t = cands[i].trigger;
        // a verb between the act and its governor ("agreed to *postpone* the protest")
        // may invert it: the governor's code is then not refined by it
        let mut through_other = false;
        for (k, (h, r)) in governors(s, t).into_iter().take(3).enumerate() {
            if !matches!(
                r,
                "xcomp" | "ccomp" | "advcl" | "acl" | "obj" | "csubj" | "conj"
            ) {
                break;
            }
            // "sparing no effort *in targeting*", "*after meeting*": manner and time, not content
            let cur = if k == 0 { t } else { governors(s, t)[k - 1].0 };
            // …but "accused X *of violating*", "charged X *with supporting*": the content
            // of an accusation
            let accusation = cands
                .iter()
                .any(|c| c.trigger == h && embed_class(&c.code) == Some("accuse"));
            if r == "advcl"
                && s.kids(cur).iter().any(|&m| {
                    s.rel(m) == "mark"
                        && s.lem(m) != "to"
                        && !(accusation && matches!(s.lem(m), "of" | "for" | "with"))
                })
            {
                break;
            }
            let Some(j) = cands.iter().position(|c| c.trigger == h) else {
                if SPEECH.contains(&s.lem(h)) {
                    break;
                }
                if s.upos(h) == Upos::Verb && !LIGHT_VERBS.contains(&s.lem(h)) {
                    through_other = true;
                }
                continue;
            };
            let Some(class) = embed_class(&cands[j].code) else {
                break;
            };
            if r == "conj" {
                break;
            }
            let child_code = cands[i].code.clone();
            let parent_code = cands[j].code.clone();
            let refined = if through_other {
                None
            } else {
                refine(class, &parent_code, &child_code)
            };
            if let Some(nc) = refined {
                cands[j].notes.push(format!(
                    "refined {parent_code} → {nc} by complement `{}`",
                    s.wd(t)
                ));
                cands[j].code = nc;
            }
            // "demanded that the US cancel…", "urged X to": the addressee is the subject
            // of the complement clause
            let addressee = (k == 0 && matches!(class, "appeal" | "demand") && r == "ccomp")
                .then(|| own_subject(s, t))
                .flatten()
                .map(|subj| s.actors_at(subj))
                .filter(|a| !a.is_empty() && a.iter().all(|m| !cands[j].sources.contains(m)));
            if cands[j].targets.is_empty() {
                let from = if let Some(a) = addressee {
                    a
                } else if cands[i].targets.is_empty() {
                    cands[i].sources.clone()
                } else {
                    cands[i].targets.clone()
                };
                let from: Vec<usize> = from
                    .into_iter()
                    .filter(|&m| !cands[j].sources.iter().any(|&k| coreferent(s, k, m)))
                    .collect();
                if !from.is_empty() {
                    cands[j].targets = from;
                    cands[j]
                        .notes
                        .push(format!("target from complement `{}`", s.wd(t)));
                }
            }
            if matches!(class, "reject" | "deny") {
                cands[i].negated = true;
                cands[i].certainty = Certainty::Denied;
                cands[i]
                    .notes
                    .push(format!("negated: complement of `{}`", s.wd(h)));
            } else {
                cands[i].dropped = Some(format!(
                    "complement of {class} `{}`: not an act that happened",
                    s.wd(h)
                ));
            }
            let _ = dict;
            break;
        }
    }
}

/// The place of an act: a country or capital after in/at/near attached to the trigger.
pub fn place_of(s: &Sent, c: &Candidate) -> Option<usize> {
    let used = |m: usize| c.sources.contains(&m) || c.targets.contains(&m);
    let mut best: Option<(usize, usize)> = None;
    for &m in &s.mentions {
        if used(m) || !s.is_place(m) {
            continue;
        }
        let men = &s.doc.mentions[m];
        if !matches!(men.kind, ActorKind::Capital | ActorKind::Country) {
            continue;
        }
        let h = men.head as usize;
        // attached: the place hangs from the trigger within three steps, through
        // nominal modifiers only ("killed in an explosion in a sector of Beirut",
        // "a bombing near the town of Samarra killed")
        let anchors = [c.trigger, c.extra.unwrap_or(c.trigger)];
        let mut attached = false;
        let mut x = h;
        for _ in 0..4 {
            let up = s.head(x);
            if up == x || !s.ok(up) {
                break;
            }
            if anchors.contains(&up) {
                attached = true;
                break;
            }
            if !matches!(
                s.rel(x),
                "obl" | "nmod" | "nsubj" | "nsubj:pass" | "obj" | "compound" | "appos" | "conj"
            ) {
                break;
            }
            x = up;
        }
        let dist = (men.start as usize).abs_diff(c.trigger);
        let score = if attached { dist } else { dist + 100 };
        if (dist <= 12 || attached && dist <= 24) && best.is_none_or(|b| score < b.1) {
            best = Some((m, score));
        }
    }
    best.map(|b| b.0)
}

/// The time expression nearest to the trigger (attached ones first).
pub fn time_of(s: &Sent, c: &Candidate) -> Option<EventTime> {
    let t = c.trigger;
    let best = s.times.iter().min_by_key(|x| {
        let attached = (x.start..x.end).any(|k| s.head(k) == t);
        let dist = if x.end <= t {
            t - x.end
        } else {
            x.start.saturating_sub(t)
        };
        (usize::from(!attached), dist)
    })?;
    let (bs, be) = s.doc.token_span_bytes(best.start as u32, best.end as u32);
    let mut time = best.time.clone();
    time.text = Some(s.doc.text[bs as usize..be as usize].to_string());
    time.start = Some(bs);
    time.end = Some(be);
    Some(time)
}

/// Turns mention `m` into an event participant.
pub fn actor(doc: &Doc, m: usize) -> EventActor {
    let men = &doc.mentions[m];
    let (s, e) = doc.token_span_bytes(men.start, men.end);
    EventActor {
        code: men.code.clone(),
        text: doc.text[s as usize..e as usize].to_string(),
        start: s,
        end: e,
        mention: Some(m as u32),
        resolved_from: men
            .antecedent
            .and_then(|a| doc.mentions.get(a as usize))
            .map(|a| {
                let (s, e) = doc.token_span_bytes(a.start, a.end);
                doc.text[s as usize..e as usize].to_string()
            }),
    }
}

/// "Palestinians and Israelis failed to reach agreement on the fate of *Palestinian*
/// offices": in a mutual act of several parties, a party already among them is not a
/// further target; they pair up among themselves.
fn drop_fellow_parties(s: &Sent, sources: &[usize], targets: &mut Vec<usize>) {
    if sources.len() < 2 {
        return;
    }
    let code = |m: usize| s.doc.mentions[m].code.as_str();
    targets.retain(|&t| !sources.iter().any(|&m| code(m) == code(t)));
}

/// The country named inside the phrase of a party known only by its role: "refugees
/// *fleeing the civil war in Liberia*", "civilians *living in Gaza*" are of that country.
/// Searches the role noun's clausal modifiers, two levels deep.
pub fn own_phrase_country(s: &Sent, m: usize) -> Option<String> {
    let men = &s.doc.mentions[m];
    if men.kind != ActorKind::Agent || !bare_sector(&men.code) {
        return None;
    }
    let h = men.head as usize;
    let mut frontier: Vec<usize> = s
        .kids(h)
        .iter()
        .copied()
        // a participle ("fleeing", "displaced") or a relative clause; a finite verb read
        // as a modifier ("deputies *held* talks with Romania's…") is a misparse
        .filter(|&k| {
            s.rel(k) == "acl:relcl" || (s.rel(k) == "acl" && matches!(s.xpos(k), "VBG" | "VBN"))
        })
        .collect();
    for _ in 0..3 {
        let mut next = Vec::new();
        for &t in &frontier {
            if let Some(k) = s.mention_cover(t).filter(|&k| k != m) {
                let km = &s.doc.mentions[k];
                if matches!(km.kind, ActorKind::Country | ActorKind::Capital) {
                    if let Some(cc) = km.country.clone().filter(|c| c.len() == 3) {
                        return Some(cc);
                    }
                }
            }
            next.extend(
                s.kids(t)
                    .iter()
                    .copied()
                    .filter(|&k| !matches!(s.rel(k), "punct" | "conj" | "cc" | "parataxis")),
            );
        }
        frontier = next;
    }
    None
}

/// The country a people lives in, where it is named by ethnicity: "ethnic Albanians
/// demonstrated in Serbia", "the Albanians *of southern Serbia*" are coded by the
/// country they live in (`place`: the country of the act), as coders code minorities.
pub fn residence(s: &Sent, m: usize, place: Option<&str>) -> Option<String> {
    let men = &s.doc.mentions[m];
    // "they" standing for ethnic Albanians named before
    if men.kind == ActorKind::Reference {
        let a = men.antecedent? as usize;
        if a == m || !s.mentions.contains(&a) {
            return None;
        }
        return residence(s, a, place);
    }
    if !matches!(men.kind, ActorKind::Country | ActorKind::Agent) {
        return None;
    }
    let own = men.country.as_deref()?;
    let (ms, h) = (men.start as usize, men.head as usize);
    let ethnic = ms > s.start && s.lem(ms - 1) == "ethnic"
        || s.kids(h).iter().any(|&k| s.lem(k) == "ethnic");
    // a modifier "of / in <country>" of the people noun
    let modifier = s.kids(h).iter().copied().find_map(|k| {
        let case = s.case_of(k)?;
        if s.rel(k) != "nmod" || !(case == "of" || ethnic && case == "in") {
            return None;
        }
        let km = s.mention_cover(k)?;
        let kmen = &s.doc.mentions[km];
        matches!(kmen.kind, ActorKind::Country | ActorKind::Capital)
            .then(|| kmen.country.clone())
            .flatten()
    });
    // else the place of the act, or any place the sentence names ("demonstrated in Serbia")
    let found = match modifier {
        Some(c) => Some(c),
        None if ethnic => place.map(str::to_string).or_else(|| {
            s.mentions.iter().find_map(|&k| {
                let km = &s.doc.mentions[k];
                (matches!(km.kind, ActorKind::Country | ActorKind::Capital) && s.is_place(k))
                    .then(|| km.country.clone())
                    .flatten()
            })
        }),
        None => None,
    }?;
    (found.len() == 3 && found != own).then_some(found)
}

/// Place record of mention `m`.
pub fn place(doc: &Doc, m: usize) -> EventPlace {
    let men = &doc.mentions[m];
    let (s, e) = doc.token_span_bytes(men.start, men.end);
    let text = doc.text[s as usize..e as usize].to_string();
    let country = men
        .country
        .clone()
        .or_else(|| Some(men.code.chars().take(3).collect()));
    EventPlace {
        city: (men.kind == ActorKind::Capital)
            .then(|| men.name.clone().unwrap_or_else(|| text.clone())),
        text,
        start: s,
        end: e,
        country,
    }
}

/// Participant pairs of a candidate: `(source, target)` mention pairs (either may be absent).
pub fn pairs(c: &Candidate) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = Vec::new();
    if c.mutual && c.targets.is_empty() && c.sources.len() >= 2 {
        for i in 0..c.sources.len() {
            for j in i + 1..c.sources.len() {
                out.push((Some(c.sources[i]), Some(c.sources[j])));
            }
        }
    } else if c.sources.is_empty() && c.targets.is_empty() {
        out.push((None, None));
    } else if c.sources.is_empty() {
        out.extend(c.targets.iter().map(|&t| (None, Some(t))));
    } else if c.targets.is_empty() {
        out.extend(c.sources.iter().map(|&s| (Some(s), None)));
    } else {
        for &a in &c.sources {
            for &b in &c.targets {
                if a != b {
                    out.push((Some(a), Some(b)));
                }
            }
        }
    }
    out.truncate(MAX_PAIRS);
    out
}

/// Whether `t` stands in a background clause: a relative clause, a participle modifying a
/// noun, or a non-finite manner clause ("sparing no effort in targeting…").
pub fn background(s: &Sent, t: usize) -> bool {
    if s.upos(t) == Upos::Verb && s.xpos(t) == "VBG" && s.rel(t) != "root" {
        return true;
    }
    // "in Serbia, *where* 24 people were killed in riots last March": a clause of place or
    // time hung on another word recalls what happened there before
    let relative_adverb = |v: usize| {
        s.kids(v)
            .iter()
            .any(|&k| k < v && matches!(s.lem(k), "where" | "whereby") && s.rel(k) == "advmod")
    };
    if relative_adverb(t) && s.rel(t) != "root" {
        return true;
    }
    governors(s, t)
        .into_iter()
        .take(4)
        .any(|(h, r)| r == "acl:relcl" || (r == "acl" && s.upos(h) != Upos::Verb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::build;

    fn rels_of(doc: &Doc) -> Vec<&'static str> {
        let s = Sent::new(doc, 0, None);
        (0..doc.tokens.len()).map(|i| s.rel(i)).collect()
    }

    #[test]
    fn day_word_is_no_subject() {
        let doc = build(
            "Wednesday saw clashes",
            "Wednesday see clash",
            "PROPN VERB NOUN",
            "2 0 2",
            "nsubj root obj",
            &[],
        );
        assert_eq!(rels_of(&doc), ["obl:unmarked", "root", "obj"]);
    }

    #[test]
    fn relative_clause_readings_set_right() {
        // "reports that Moscow armed them": `that` a complementizer, own subject
        let doc = build(
            "reports that Moscow armed them",
            "report that Moscow arm they",
            "NOUN SCONJ PROPN VERB PRON",
            "0 4 4 1 4",
            "root mark nsubj acl:relcl obj",
            &[],
        );
        assert_eq!(rels_of(&doc)[3], "acl");
        // "Kurds sought refuge": finite, no subject, no relative word
        let mut doc = build(
            "Kurds sought refuge",
            "Kurd seek refuge",
            "PROPN VERB NOUN",
            "0 1 2",
            "root acl:relcl obj",
            &[],
        );
        doc.tokens.xpos[1] = "VBD".into();
        assert_eq!(rels_of(&doc)[1], "acl");
        // a true relative clause keeps its label: "forces who attacked"
        let mut doc = build(
            "forces who attacked",
            "force who attack",
            "NOUN PRON VERB",
            "0 3 1",
            "root nsubj acl:relcl",
            &[],
        );
        doc.tokens.xpos[2] = "VBD".into();
        assert_eq!(rels_of(&doc)[2], "acl:relcl");
        // …and so does one with an object relative: "the town which rebels took"
        let mut doc = build(
            "town which rebels took",
            "town which rebel take",
            "NOUN PRON NOUN VERB",
            "0 4 4 1",
            "root obj nsubj acl:relcl",
            &[],
        );
        doc.tokens.xpos[3] = "VBD".into();
        assert_eq!(rels_of(&doc)[3], "acl:relcl");
    }

    #[test]
    fn agent_without_by_is_an_object() {
        let doc = build(
            "Iraq attacked Kuwait",
            "Iraq attack Kuwait",
            "PROPN VERB PROPN",
            "2 0 2",
            "nsubj root obl:agent",
            &[],
        );
        assert_eq!(rels_of(&doc)[2], "obj");
        let doc = build(
            "attacked by Iraq",
            "attack by Iraq",
            "VERB ADP PROPN",
            "0 3 1",
            "root case obl:agent",
            &[],
        );
        assert_eq!(rels_of(&doc)[2], "obl:agent");
    }
}
