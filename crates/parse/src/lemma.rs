//! English lemmatizer: a table learned from a treebank, then exception lists and
//! suffix rules.
//!
//! [`Lemmatizer::lemmatize`] looks, in order, at
//! 1. the trained table `(form, UPOS, XPOS) → lemma` (the most frequent lemma of the form
//!    with those tags in the training file; `her`/PRP is `she`, `her`/PRP$ is `her`), then
//!    `(form, UPOS)`, first with the form as written, then lower-cased;
//! 2. exception lists of irregular verbs, plurals and comparatives;
//! 3. suffix rules chosen by the Penn tag (`-ies`/`-ied`/`-ing`/`-ed`/`-es`/`-s`/`-er`/`-est`),
//!    with consonant undoubling and `e` restoration; when several stems are possible the
//!    one known as a lemma of the training file wins, else a spelling heuristic decides.

use jirga_doc::Upos;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::conllu::ConlluSentence;

/// Irregular verbs: `base past participle [other forms]`; every form after the base
/// lemmatizes to the base.
const IRREGULAR_VERBS: &str = "\
arise arose arisen|awake awoke awoken|be was were been being am is are 's 'm 're|bear bore borne born|\
beat beat beaten|become became become|begin began begun|bend bent bent|bet bet bet|bid bid bid|\
bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken|breed bred bred|\
bring brought brought|broadcast broadcast broadcast|build built built|burn burnt burnt|burst burst burst|\
buy bought bought|cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come|\
cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done does doing|\
draw drew drawn|dream dreamt dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|\
feed fed fed|feel felt felt|fight fought fought|find found found|flee fled fled|fling flung flung|\
fly flew flown flies|forbid forbade forbidden|forecast forecast forecast|foresee foresaw foreseen|\
forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|\
go went gone goes|grind ground ground|grow grew grown|hang hung hung|have had had has having 've|\
hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt|keep kept kept|\
kneel knelt knelt|know knew known|lay laid laid|lead led led|lean leant leant|leap leapt leapt|\
learn learnt learnt|leave left left|lend lent lent|let let let|lie lay lain lying lies|light lit lit|\
lose lost lost|make made made|mean meant meant|meet met met|mislead misled misled|mistake mistook mistaken|\
misunderstand misunderstood misunderstood|overcome overcame overcome|overtake overtook overtaken|\
overthrow overthrew overthrown|pay paid paid|prove proved proven|put put put|quit quit quit|read read read|\
rebuild rebuilt rebuilt|redo redid redone|rid rid rid|ride rode ridden|ring rang rung|rise rose risen|\
run ran run|say said said|see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|\
sew sewed sewn|shake shook shaken|shed shed shed|shine shone shone|shoot shot shot|show showed shown|\
shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat|slay slew slain|\
sleep slept slept|slide slid slid|sling slung slung|slit slit slit|speak spoke spoken|speed sped sped|\
spend spent spent|spill spilt spilt|spin spun spun|spit spat spat|split split split|spread spread spread|\
spring sprang sprung|stand stood stood|steal stole stolen|stick stuck stuck|sting stung stung|\
stink stank stunk|stride strode stridden|strike struck stricken|string strung strung|strive strove striven|\
swear swore sworn|sweep swept swept|swell swelled swollen|swim swam swum|swing swung swung|\
take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown|\
thrust thrust thrust|tread trod trodden|undergo underwent undergone|understand understood understood|\
undertake undertook undertaken|undo undid undone|upset upset upset|uphold upheld upheld|wake woke woken|\
wear wore worn|weave wove woven|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn|\
withhold withheld withheld|withstand withstood withstood|wring wrung wrung|write wrote written|\
die died died dying dies|tie tied tied tying ties|can could|will would 'll wo|shall should|may might|\
outrun outran outrun|overhear overheard overheard|oversee oversaw overseen|override overrode overridden|\
retake retook retaken|rewrite rewrote rewritten|resell resold resold|retell retold retold|sell sold sold|\
behold beheld beheld|befall befell befallen|beget begot begotten|beseech besought besought|\
abide abode abode|dive dove dived|plead pled pled|smell smelt smelt|spell spelt spelt|dwell dwelt dwelt|\
input input input|output output output|upset upset upset|wed wed wed|knit knit knit|\
forsake forsook forsaken|partake partook partaken|misread misread misread|mislay mislaid mislaid";

/// Irregular noun plurals: `singular plural`.
const IRREGULAR_PLURALS: &str = "\
man men|woman women|child children|person people|foot feet|tooth teeth|mouse mice|goose geese|ox oxen|\
life lives|wife wives|knife knives|half halves|wolf wolves|leaf leaves|thief thieves|shelf shelves|\
calf calves|loaf loaves|self selves|criterion criteria|phenomenon phenomena|analysis analyses|\
crisis crises|thesis theses|hypothesis hypotheses|diagnosis diagnoses|index indices|appendix appendices|\
alumnus alumni|cactus cacti|fungus fungi|nucleus nuclei|stimulus stimuli|syllabus syllabi|louse lice|\
series series|species species|sheep sheep|deer deer|aircraft aircraft|spacecraft spacecraft|\
datum data|medium media|bacterium bacteria|curriculum curricula|memorandum memoranda|\
chairman chairmen|spokesman spokesmen|businessman businessmen|policeman policemen|congressman congressmen|\
gentleman gentlemen|fireman firemen|salesman salesmen|countryman countrymen|gunman gunmen|\
fisherman fishermen|clergyman clergymen|serviceman servicemen|militiaman militiamen|tribesman tribesmen";

/// Irregular comparatives and superlatives: `base forms...`.
const IRREGULAR_DEGREES: &str =
    "good better best|bad worse worst|far further furthest farther farthest";

/// Pronoun case forms mapped to the nominative lemma, as UD English does.
const PRONOUNS: &str = "I me myself|we us ourselves|you yourself yourselves|he him himself|\
she her herself|it itself|they them themselves|my mine|our ours|your yours|their theirs";

/// A trained and rule-based English lemmatizer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "LemmaData", into = "LemmaData")]
pub struct Lemmatizer {
    /// `(form, UPOS, XPOS)` as [`key`] → lemma; XPOS `*` for the entry of any XPOS.
    table: nohash_hasher::IntMap<u64, String>,
    /// The table as stored.
    entries: Vec<(String, u8, String, String)>,
    known: HashSet<String>,
    irregular: HashMap<String, String>,
}

/// Stored form of a [`Lemmatizer`]: sorted, so model files are byte-identical for
/// the same training data.
#[derive(Serialize, Deserialize)]
struct LemmaData {
    table: Vec<(String, u8, String, String)>,
    known: Vec<String>,
}

impl From<LemmaData> for Lemmatizer {
    fn from(d: LemmaData) -> Self {
        let mut l = Lemmatizer::rules_only();
        l.table = d
            .table
            .iter()
            .map(|(f, u, x, lem)| (key(f, *u, x), lem.clone()))
            .collect();
        l.entries = d.table;
        l.known.extend(d.known);
        l
    }
}

impl From<Lemmatizer> for LemmaData {
    fn from(l: Lemmatizer) -> Self {
        let mut table = l.entries;
        table.sort();
        let mut known: Vec<String> = l.known.into_iter().collect();
        known.sort();
        LemmaData { table, known }
    }
}

/// Hash key of a `(form, UPOS)` pair.
fn key(form: &str, upos: u8, xpos: &str) -> u64 {
    // Not a per-tag seed: XXH3 folds the seed into short inputs linearly, so two short
    // forms with two seeds can collide.
    let h = xxhash_rust::xxh3::xxh3_64(form.as_bytes());
    let t = xxhash_rust::xxh3::xxh3_64(xpos.as_bytes()).rotate_left(17)
        ^ (upos as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ t.wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

fn build_irregular() -> HashMap<String, String> {
    let mut m = HashMap::new();
    for group in IRREGULAR_VERBS.split('|') {
        let mut it = group.split_whitespace();
        if let Some(base) = it.next() {
            for f in it {
                m.entry(format!("v:{f}"))
                    .or_insert_with(|| base.to_string());
            }
        }
    }
    for group in IRREGULAR_PLURALS.split('|') {
        let mut it = group.split_whitespace();
        if let (Some(sing), Some(pl)) = (it.next(), it.next()) {
            m.insert(format!("n:{pl}"), sing.to_string());
        }
    }
    for group in IRREGULAR_DEGREES.split('|') {
        let mut it = group.split_whitespace();
        if let Some(base) = it.next() {
            for f in it {
                m.insert(format!("a:{f}"), base.to_string());
            }
        }
    }
    for group in PRONOUNS.split('|') {
        let mut it = group.split_whitespace();
        if let Some(base) = it.next() {
            for f in it {
                m.insert(format!("p:{}", f.to_lowercase()), base.to_string());
            }
        }
    }
    m
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Count of vowel groups (a rough syllable count).
fn syllables(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    let mut prev = false;
    for &c in b {
        let v = is_vowel(c) || c == b'y';
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// Whether `s` ends consonant–single vowel–consonant (`hop`, `plan`), where English
/// doubles the last consonant before `-ed`/`-ing`.
fn ends_cvc(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    if n < 3 {
        return false;
    }
    let (c1, v, c2) = (b[n - 3], b[n - 2], b[n - 1]);
    !is_vowel(c1) && is_vowel(v) && !is_vowel(c2) && !matches!(c2, b'w' | b'x' | b'y')
}

/// The stem with a doubled final consonant undoubled (`stopp` → `stop`), if it has one.
fn undouble(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && b[n - 1].is_ascii_alphabetic() {
        Some(&s[..n - 1])
    } else {
        None
    }
}

impl Lemmatizer {
    /// A lemmatizer with the exception lists and rules only (no trained table).
    pub fn rules_only() -> Lemmatizer {
        let irregular = build_irregular();
        let mut known: HashSet<String> = HashSet::new();
        for v in irregular.values() {
            known.insert(v.clone());
        }
        Lemmatizer {
            table: Default::default(),
            entries: Vec::new(),
            known,
            irregular,
        }
    }

    /// Learns the `(form, UPOS) → lemma` table and the set of known lemmas from
    /// treebank sentences (the most frequent lemma wins; ties go to the smaller string).
    pub fn train(sents: &[ConlluSentence]) -> Lemmatizer {
        let mut counts: HashMap<(String, u8, String), HashMap<String, u32>> = HashMap::new();
        let mut l = Lemmatizer::rules_only();
        for s in sents {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" {
                    continue;
                }
                let upos = Upos::parse(&w.upos).unwrap_or(Upos::X);
                for xpos in [w.xpos.as_str(), "*"] {
                    *counts
                        .entry((w.form.clone(), upos as u8, xpos.to_string()))
                        .or_default()
                        .entry(w.lemma.clone())
                        .or_default() += 1;
                }
                if w.lemma.chars().all(|c| c.is_alphabetic() || c == '-') {
                    l.known.insert(w.lemma.to_lowercase());
                }
            }
        }
        for (key, lemmas) in counts {
            let mut best: Vec<(String, u32)> = lemmas.into_iter().collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if let Some((lemma, _)) = best.into_iter().next() {
                l.table
                    .insert(self::key(&key.0, key.1, &key.2), lemma.clone());
                l.entries.push((key.0, key.1, key.2, lemma));
            }
        }
        l
    }

    /// Number of entries of the trained table.
    pub fn table_len(&self) -> usize {
        self.table.len()
    }

    /// The lemma of `form` tagged `upos`/`xpos` (Penn tag; may be empty).
    pub fn lemmatize<'a>(&'a self, form: &'a str, upos: Upos, xpos: &str) -> Cow<'a, str> {
        let u = upos as u8;
        if let Some(l) = self
            .table
            .get(&key(form, u, xpos))
            .or_else(|| self.table.get(&key(form, u, "*")))
        {
            return Cow::Borrowed(l);
        }
        let lower = form.to_lowercase();
        if lower != form {
            if let Some(l) = self
                .table
                .get(&key(&lower, u, xpos))
                .or_else(|| self.table.get(&key(&lower, u, "*")))
            {
                return Cow::Borrowed(l);
            }
        }
        self.rules(form, lower, upos, xpos)
    }

    fn irregular(&self, class: &str, w: &str) -> Option<&str> {
        self.irregular
            .get(&format!("{class}:{w}"))
            .map(String::as_str)
    }

    fn known(&self, s: &str) -> bool {
        self.known.contains(s)
    }

    fn rules<'a>(&'a self, form: &'a str, lower: String, upos: Upos, xpos: &str) -> Cow<'a, str> {
        match upos {
            Upos::Punct | Upos::Sym | Upos::Num | Upos::X => return Cow::Borrowed(form),
            Upos::Propn => {
                let base = if xpos == "NNPS" {
                    self.plural(form).unwrap_or_else(|| form.to_string())
                } else {
                    form.to_string()
                };
                return Cow::Owned(base);
            }
            _ => {}
        }
        if form.chars().any(|c| c.is_ascii_digit()) {
            return Cow::Borrowed(form);
        }
        let w: &str = &lower;
        let out = match upos {
            Upos::Verb | Upos::Aux => self.verb(w, xpos),
            Upos::Noun => {
                if xpos == "NNS" || (xpos.is_empty() && w.ends_with('s')) {
                    self.irregular("n", w)
                        .map(str::to_string)
                        .or_else(|| self.plural(w))
                } else {
                    None
                }
            }
            Upos::Adj | Upos::Adv => self.degree(w, xpos),
            Upos::Pron | Upos::Det => self.irregular("p", w).map(str::to_string),
            _ => None,
        };
        Cow::Owned(out.unwrap_or_else(|| w.to_string()))
    }

    fn verb(&self, w: &str, xpos: &str) -> Option<String> {
        if let Some(b) = self.irregular("v", w) {
            return Some(b.to_string());
        }
        let tag = if xpos.is_empty() {
            if w.ends_with("ing") {
                "VBG"
            } else if w.ends_with("ed") {
                "VBD"
            } else if w.ends_with('s') {
                "VBZ"
            } else {
                "VB"
            }
        } else {
            xpos
        };
        match tag {
            "VBD" | "VBN" => self.strip_ed(w, "ed"),
            "VBG" => self.strip_ed(w, "ing"),
            "VBZ" => self.third_person(w),
            _ => None,
        }
    }

    /// Stem of a word ending in `-ed` or `-ing` (`suffix`).
    fn strip_ed(&self, w: &str, suffix: &str) -> Option<String> {
        let s = w.strip_suffix(suffix)?;
        if s.is_empty() || !s.bytes().any(|c| is_vowel(c) || c == b'y') {
            return None;
        }
        if suffix == "ed" {
            if let Some(st) = s.strip_suffix('i') {
                if s.len() >= 3 {
                    return Some(format!("{st}y")); // tried → try, carried → carry
                }
                return Some(format!("{s}e")); // died → die (also in the irregular list)
            }
            if w.ends_with("eed") {
                return Some(w[..w.len() - 1].to_string()); // agreed → agree
            }
        }
        let with_e = format!("{s}e");
        // A one-syllable CVC stem would have doubled (hop → hopped), so `hoped` is `hope`.
        if ends_cvc(s) && syllables(s) == 1 && self.known(&with_e) {
            return Some(with_e);
        }
        if self.known(s) {
            return Some(s.to_string());
        }
        if self.known(&with_e) {
            return Some(with_e);
        }
        if let Some(u) = undouble(s) {
            if self.known(u) {
                return Some(u.to_string());
            }
        }
        // Unknown stem: spelling heuristics.
        if let Some(u) = undouble(s) {
            if !matches!(s.as_bytes()[s.len() - 1], b'l' | b's' | b'z' | b'f') {
                return Some(u.to_string());
            }
            return Some(s.to_string());
        }
        if needs_e(s) {
            return Some(with_e);
        }
        Some(s.to_string())
    }

    fn third_person(&self, w: &str) -> Option<String> {
        if let Some(st) = w.strip_suffix("ies") {
            if w.len() > 4 {
                return Some(format!("{st}y"));
            }
            return Some(format!("{st}ie"));
        }
        let drop_s = w.strip_suffix('s')?;
        if drop_s.ends_with('s') && !drop_s.ends_with("es") {
            return None; // `pass`, not a plural
        }
        if let Some(drop_es) = w.strip_suffix("es") {
            if self.known(drop_s) {
                return Some(drop_s.to_string());
            }
            if self.known(drop_es) {
                return Some(drop_es.to_string());
            }
            let sibilant = ["x", "ch", "sh", "ss", "zz", "z", "o"]
                .iter()
                .any(|e| drop_es.ends_with(e));
            if sibilant {
                return Some(drop_es.to_string());
            }
        }
        Some(drop_s.to_string())
    }

    fn plural(&self, w: &str) -> Option<String> {
        if w.len() < 3 {
            return None;
        }
        if let Some(st) = w.strip_suffix("ies") {
            if w.len() > 4 {
                return Some(format!("{st}y"));
            }
        }
        if let Some(st) = w.strip_suffix("ves") {
            for cand in [format!("{st}f"), format!("{st}fe"), format!("{st}ve")] {
                if self.known(&cand) {
                    return Some(cand);
                }
            }
        }
        if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
            return None; // `glass`, `status`, `analysis`
        }
        self.third_person(w)
    }

    fn degree(&self, w: &str, xpos: &str) -> Option<String> {
        if let Some(b) = self.irregular("a", w) {
            if matches!(xpos, "JJR" | "JJS" | "RBR" | "RBS") {
                return Some(if w.starts_with("be") && xpos.starts_with("RB") {
                    "well".to_string()
                } else {
                    b.to_string()
                });
            }
        }
        let suffix = match xpos {
            "JJR" | "RBR" => "er",
            "JJS" | "RBS" => "est",
            _ => return None,
        };
        let s = w.strip_suffix(suffix)?;
        if s.len() < 2 {
            return None;
        }
        if let Some(st) = s.strip_suffix('i') {
            return Some(format!("{st}y")); // happier → happy
        }
        let with_e = format!("{s}e");
        if self.known(s) {
            return Some(s.to_string());
        }
        if self.known(&with_e) {
            return Some(with_e);
        }
        if let Some(u) = undouble(s) {
            return Some(u.to_string());
        }
        if needs_e(s) {
            return Some(with_e);
        }
        Some(s.to_string())
    }
}

/// Spelling heuristic for an unknown stem that lost a final `e` (`creat` → `create`).
fn needs_e(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    if n < 2 {
        return false;
    }
    let last = b[n - 1];
    let prev = b[n - 2];
    if matches!(last, b'v' | b'z') || (last == b'c' && prev == b'u') {
        return true;
    }
    if last == b'l' && !is_vowel(prev) && prev != b'l' && prev != b'r' {
        return true; // handl → handle
    }
    if last == b'g' && prev == b'n' && n >= 5 && syllables(s) == 1 {
        return false; // bang
    }
    if s.ends_with("at") && n >= 5 && !(n >= 3 && is_vowel(b[n - 3])) {
        return true; // estimat → estimate
    }
    if s.ends_with("iz")
        || s.ends_with("ys")
        || s.ends_with("yz")
        || s.ends_with("ur") && !is_vowel(b[n - 3])
    {
        return true;
    }
    ends_cvc(s) && syllables(s) == 1 && last != b'r'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lem(l: &Lemmatizer, w: &str, u: Upos, x: &str) -> String {
        l.lemmatize(w, u, x).into_owned()
    }

    #[test]
    fn irregular_verbs() {
        let l = Lemmatizer::rules_only();
        for (f, b) in [
            ("met", "meet"),
            ("held", "hold"),
            ("went", "go"),
            ("was", "be"),
            ("were", "be"),
            ("been", "be"),
            ("had", "have"),
            ("did", "do"),
            ("done", "do"),
            ("said", "say"),
            ("took", "take"),
            ("sought", "seek"),
            ("fought", "fight"),
            ("struck", "strike"),
            ("shot", "shoot"),
            ("fled", "flee"),
            ("sent", "send"),
            ("led", "lead"),
        ] {
            assert_eq!(lem(&l, f, Upos::Verb, "VBD"), b, "{f}");
        }
        assert_eq!(lem(&l, "Met", Upos::Verb, "VBD"), "meet");
    }

    #[test]
    fn regular_verbs_with_known_lemmas() {
        let mut l = Lemmatizer::rules_only();
        for w in [
            "arm", "share", "hope", "hop", "stop", "create", "visit", "add", "try", "make", "pass",
        ] {
            l.known.insert(w.to_string());
        }
        assert_eq!(lem(&l, "armed", Upos::Verb, "VBD"), "arm");
        assert_eq!(lem(&l, "shared", Upos::Verb, "VBN"), "share");
        assert_eq!(lem(&l, "hoped", Upos::Verb, "VBD"), "hope");
        assert_eq!(lem(&l, "hopped", Upos::Verb, "VBD"), "hop");
        assert_eq!(lem(&l, "stopping", Upos::Verb, "VBG"), "stop");
        assert_eq!(lem(&l, "creating", Upos::Verb, "VBG"), "create");
        assert_eq!(lem(&l, "visited", Upos::Verb, "VBD"), "visit");
        assert_eq!(lem(&l, "added", Upos::Verb, "VBD"), "add");
        assert_eq!(lem(&l, "tried", Upos::Verb, "VBD"), "try");
        assert_eq!(lem(&l, "tries", Upos::Verb, "VBZ"), "try");
        assert_eq!(lem(&l, "makes", Upos::Verb, "VBZ"), "make");
        assert_eq!(lem(&l, "passes", Upos::Verb, "VBZ"), "pass");
    }

    #[test]
    fn unknown_stems_use_spelling() {
        let l = Lemmatizer::rules_only();
        assert_eq!(lem(&l, "estimated", Upos::Verb, "VBN"), "estimate");
        assert_eq!(lem(&l, "planned", Upos::Verb, "VBD"), "plan");
        assert_eq!(lem(&l, "killed", Upos::Verb, "VBD"), "kill");
        assert_eq!(lem(&l, "organized", Upos::Verb, "VBD"), "organize");
        assert_eq!(lem(&l, "agreed", Upos::Verb, "VBD"), "agree");
        assert_eq!(lem(&l, "handled", Upos::Verb, "VBD"), "handle");
    }

    #[test]
    fn nouns_adjectives_pronouns() {
        let l = Lemmatizer::rules_only();
        assert_eq!(lem(&l, "countries", Upos::Noun, "NNS"), "country");
        assert_eq!(lem(&l, "boxes", Upos::Noun, "NNS"), "box");
        assert_eq!(lem(&l, "troops", Upos::Noun, "NNS"), "troop");
        assert_eq!(lem(&l, "children", Upos::Noun, "NNS"), "child");
        assert_eq!(lem(&l, "people", Upos::Noun, "NNS"), "person");
        assert_eq!(lem(&l, "crises", Upos::Noun, "NNS"), "crisis");
        assert_eq!(lem(&l, "status", Upos::Noun, "NN"), "status");
        assert_eq!(lem(&l, "Talks", Upos::Noun, "NNS"), "talk");
        assert_eq!(lem(&l, "better", Upos::Adj, "JJR"), "good");
        assert_eq!(lem(&l, "bigger", Upos::Adj, "JJR"), "big");
        assert_eq!(lem(&l, "happiest", Upos::Adj, "JJS"), "happy");
        assert_eq!(lem(&l, "them", Upos::Pron, "PRP"), "they");
        assert_eq!(lem(&l, "Taliban", Upos::Propn, "NNP"), "Taliban");
        assert_eq!(lem(&l, "Americans", Upos::Propn, "NNPS"), "American");
        assert_eq!(lem(&l, "1,000", Upos::Num, "CD"), "1,000");
    }

    #[test]
    fn trained_table_comes_first_and_serialises() {
        let text =
            "1\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_\n2\tsaw\tsaw\tNOUN\tNN\t_\t1\tobj\t_\t_\n\n";
        let sents = crate::conllu::read(text.as_bytes(), "t").unwrap();
        let l = Lemmatizer::train(&sents);
        assert_eq!(lem(&l, "saw", Upos::Verb, "VBD"), "see");
        assert_eq!(lem(&l, "saw", Upos::Noun, "NN"), "saw");
        assert_eq!(lem(&l, "Saw", Upos::Verb, "VBD"), "see");
        assert_eq!(lem(&l, "saw", Upos::Verb, "VBN"), "see", "any-XPOS entry");
        let bytes = bincode::serialize(&l).unwrap();
        let back: Lemmatizer = bincode::deserialize(&bytes).unwrap();
        assert_eq!(lem(&back, "saw", Upos::Verb, "VBD"), "see");
        assert_eq!(bytes, bincode::serialize(&back).unwrap());
    }
}
