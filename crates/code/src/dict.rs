//! The pattern dictionary (`dict/verbs/*.txt`) and the CAMEO table (`dict/cameo/*.txt`).
//!
//! Both are plain text, one entry a line, `|`-separated, with a `# version: N` header line.
//! A pattern line reads `lemma[.n] | frame | CAMEO code | note`; the frame language is
//! described at the top of every verbs file and in [`Pattern`].

use crate::CodeError;
use std::collections::HashMap;

/// Where the target (or, for `prep:S`, the source) of a pattern is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The object of the trigger (indirect object first; the subject of a passive).
    Obj,
    /// The object itself names a party (`O!`): "welcomed *the delegation*", not
    /// "welcomed the delegation's *statement*".
    ObjActor,
    /// An oblique or nominal modifier introduced by this preposition (`with`, `to`...).
    Prep(String),
    /// The subject of a clausal complement carrying one of the pattern's modals
    /// (`must:C`: "X said *Y* must leave").
    Clause,
}

/// One compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Stable id: `file:line` (`04-consult.txt:31`).
    pub id: String,
    /// Trigger lemma.
    pub lemma: String,
    /// Whether the trigger is a noun (`attack.n`).
    pub noun: bool,
    /// CAMEO code.
    pub code: String,
    /// The PLOVER event type and mode the pattern's act has when the CAMEO crosswalk
    /// files its code elsewhere (`080 RETREAT:resign`: a resignation is CAMEO's
    /// "yield", but PLOVER's codebook lists it under RETREAT, mode `resign`).
    pub plover: Option<(String, Option<String>)>,
    /// Where the target is looked for, in order.
    pub targets: Vec<Slot>,
    /// Prepositions whose phrase gives the source (`from:S`: "an appeal from X").
    pub source_preps: Vec<String>,
    /// The object (or a dependent noun) must have one of these lemmas (`=talk|negotiation`).
    pub need_obj: Vec<String>,
    /// What the act is done to must be a party (`=@party`): "released *the prisoners*",
    /// not "released *a statement*"; an act with nothing acted on does not qualify.
    pub need_party: bool,
    /// The trigger takes no object and is not passive (`!O`): "demonstrated *in* Cairo",
    /// the protest, not "demonstrated *its resolve*" or "as demonstrated by".
    pub no_obj: bool,
    /// Particles or adverbs that must follow the trigger (`+out`), all of them.
    pub need_prt: Vec<String>,
    /// Prepositional phrases that must be present without giving an actor (`as:X`), each
    /// with the lemmas one of which must head the phrase (`against:X=criticism,charge`;
    /// empty: any).
    pub need_prep: Vec<(String, Vec<String>)>,
    /// A clausal complement (`that`-clause) must carry one of these modals (`must:C`).
    pub clause_modal: Vec<String>,
    /// A mutual act: coordinated participants pair up and either direction is right.
    pub mutual: bool,
    /// Free-text note.
    pub note: String,
}

impl Pattern {
    /// How many constraints the pattern has (more is more specific).
    pub fn specificity(&self) -> usize {
        (self.need_obj.len().min(1) + usize::from(self.need_party)) * 3
            + self.need_prt.len() * 2
            + self
                .need_prep
                .iter()
                .map(|(_, heads)| if heads.is_empty() { 1 } else { 3 })
                .sum::<usize>()
            + self.clause_modal.len().min(1) * 3
    }
}

/// One CAMEO code with its facts.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoEntry {
    /// Code (`0234`).
    pub code: String,
    /// Goldstein score.
    pub goldstein: f32,
    /// QuadClass of the root.
    pub quad_class: u8,
    /// PLOVER event type, when one applies.
    pub plover: Option<String>,
    /// PLOVER mode, when one applies.
    pub mode: Option<String>,
    /// Name of the code.
    pub name: String,
}

/// Patterns indexed by trigger lemma, and the CAMEO table.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// All patterns in file order.
    pub patterns: Vec<Pattern>,
    /// `(lemma, is_noun)` → indices into `patterns`.
    pub by_lemma: HashMap<(String, bool), Vec<usize>>,
    /// CAMEO code → entry.
    pub cameo: HashMap<String, CameoEntry>,
    /// Version lines seen (`verbs/04-consult.txt=1`), sorted.
    pub versions: Vec<String>,
}

fn err(file: &str, line: usize, reason: impl Into<String>) -> CodeError {
    CodeError::Dictionary {
        file: file.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Reads the `# version: N` header of a file; errors when it is missing.
fn version_of(file: &str, text: &str) -> Result<String, CodeError> {
    for line in text.lines() {
        if let Some(v) = line.trim().strip_prefix("# version:") {
            let v = v.trim();
            if v.is_empty() {
                return Err(err(file, 0, "empty `# version:` line"));
            }
            return Ok(v.to_string());
        }
    }
    Err(err(file, 0, "missing `# version: N` line"))
}

impl Dictionary {
    /// Adds the patterns of one verbs file (`name` is used in ids and errors).
    pub fn add_patterns(&mut self, name: &str, text: &str) -> Result<(), CodeError> {
        let v = version_of(name, text)?;
        self.versions.push(format!("verbs/{name}={v}"));
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('|').map(str::trim).collect();
            if cols.len() < 3 {
                return Err(err(
                    name,
                    lineno,
                    "expected `lemma | frame | code [| note]`",
                ));
            }
            let (lemma, noun) = match cols[0].strip_suffix(".n") {
                Some(l) => (l, true),
                None => (cols[0].strip_suffix(".v").unwrap_or(cols[0]), false),
            };
            if lemma.is_empty() || lemma.contains(char::is_whitespace) {
                return Err(err(name, lineno, format!("bad lemma `{}`", cols[0])));
            }
            let mut code_cols = cols[2].split_whitespace();
            let code = code_cols.next().unwrap_or_default();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(name, lineno, format!("bad CAMEO code `{code}`")));
            }
            let plover = match (code_cols.next(), code_cols.next()) {
                (None, _) => None,
                (Some(pl), None) => {
                    let (ev, mode) = match pl.split_once(':') {
                        Some((e, m)) => (e, Some(m)),
                        None => (pl, None),
                    };
                    let word = |w: &str, ok: fn(&u8) -> bool| {
                        !w.is_empty() && w.bytes().all(|b| ok(&b) || b == b'_')
                    };
                    if !word(ev, u8::is_ascii_uppercase) {
                        return Err(err(name, lineno, format!("bad PLOVER event `{ev}`")));
                    }
                    if mode.is_some_and(|m| !word(m, u8::is_ascii_alphabetic)) {
                        return Err(err(name, lineno, format!("bad PLOVER mode in `{pl}`")));
                    }
                    Some((ev.to_string(), mode.map(str::to_string)))
                }
                (Some(_), Some(_)) => {
                    return Err(err(
                        name,
                        lineno,
                        "expected `CODE` or `CODE PLOVER[:mode]` in the code column",
                    ))
                }
            };
            let mut p = Pattern {
                id: format!("{name}:{lineno}"),
                lemma: lemma.replace('_', " ").to_lowercase(),
                noun,
                code: code.to_string(),
                plover,
                targets: Vec::new(),
                source_preps: Vec::new(),
                need_obj: Vec::new(),
                need_party: false,
                no_obj: false,
                need_prt: Vec::new(),
                need_prep: Vec::new(),
                clause_modal: Vec::new(),
                mutual: false,
                note: cols.get(3).map(|s| s.to_string()).unwrap_or_default(),
            };
            for tok in cols[1].split_whitespace() {
                match tok {
                    "S" | "~" => {}
                    "O" => p.targets.push(Slot::Obj),
                    "O!" => p.targets.push(Slot::ObjActor),
                    "@mutual" => p.mutual = true,
                    "=@party" => p.need_party = true,
                    "!O" => p.no_obj = true,
                    t if t.starts_with('=') && t.len() > 1 => {
                        p.need_obj.extend(
                            t[1..]
                                .split(',')
                                .filter(|s| !s.is_empty())
                                .map(|s| s.to_lowercase()),
                        );
                    }
                    t if t.starts_with('+') && t.len() > 1 => {
                        p.need_prt.push(t[1..].to_lowercase())
                    }
                    t => match t.split_once(':') {
                        Some((prep, "T")) if !prep.is_empty() => {
                            p.targets.push(Slot::Prep(prep.to_lowercase()))
                        }
                        Some((prep, "S")) if !prep.is_empty() => {
                            p.source_preps.push(prep.to_lowercase())
                        }
                        Some((prep, x))
                            if !prep.is_empty() && (x == "X" || x.starts_with("X=")) =>
                        {
                            let heads: Vec<String> = x
                                .strip_prefix("X=")
                                .unwrap_or("")
                                .split(',')
                                .filter(|s| !s.is_empty())
                                .map(|s| s.to_lowercase())
                                .collect();
                            if x.starts_with("X=") && heads.is_empty() {
                                return Err(err(
                                    name,
                                    lineno,
                                    format!("`{t}` names no head lemma after `=`"),
                                ));
                            }
                            p.need_prep.push((prep.to_lowercase(), heads))
                        }
                        Some((modal, "C")) if !modal.is_empty() => {
                            p.clause_modal.push(modal.to_lowercase());
                            if !p.targets.contains(&Slot::Clause) {
                                p.targets.push(Slot::Clause);
                            }
                        }
                        _ => return Err(err(name, lineno, format!("unknown frame element `{t}`"))),
                    },
                }
            }
            let idx = self.patterns.len();
            self.by_lemma
                .entry((p.lemma.clone(), noun))
                .or_default()
                .push(idx);
            self.patterns.push(p);
        }
        Ok(())
    }

    /// Adds the entries of one CAMEO table file.
    pub fn add_cameo(&mut self, name: &str, text: &str) -> Result<(), CodeError> {
        let v = version_of(name, text)?;
        self.versions.push(format!("cameo/{name}={v}"));
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('|').map(str::trim).collect();
            if cols.len() != 6 {
                return Err(err(
                    name,
                    lineno,
                    "expected `code | goldstein | quad | plover | mode | name`",
                ));
            }
            let code = cols[0];
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(name, lineno, format!("bad CAMEO code `{code}`")));
            }
            let goldstein: f32 = cols[1]
                .parse()
                .map_err(|_| err(name, lineno, format!("bad Goldstein score `{}`", cols[1])))?;
            let quad_class: u8 = match cols[2].parse() {
                Ok(q @ 1..=4) => q,
                _ => return Err(err(name, lineno, format!("bad QuadClass `{}`", cols[2]))),
            };
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            self.cameo.insert(
                code.to_string(),
                CameoEntry {
                    code: code.to_string(),
                    goldstein,
                    quad_class,
                    plover: opt(cols[3]),
                    mode: opt(cols[4]),
                    name: cols[5].to_string(),
                },
            );
        }
        Ok(())
    }

    /// Checks that every pattern's code is in the CAMEO table.
    pub fn check(&self) -> Result<(), CodeError> {
        if self.cameo.is_empty() {
            return Err(err("cameo", 0, "no CAMEO table loaded"));
        }
        for p in &self.patterns {
            let (file, line) = p.id.rsplit_once(':').unwrap_or((p.id.as_str(), "0"));
            if !self.cameo.contains_key(&p.code) {
                return Err(err(
                    file,
                    line.parse().unwrap_or(0),
                    format!("CAMEO code `{}` is not in the CAMEO table", p.code),
                ));
            }
            if let Some((ev, _)) = &p.plover {
                if !self.cameo.values().any(|e| e.plover.as_ref() == Some(ev)) {
                    return Err(err(
                        file,
                        line.parse().unwrap_or(0),
                        format!("PLOVER event `{ev}` is not one of the CAMEO table's"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The entry for a code, falling back to its parent codes (`0234` → `023` → `02`).
    pub fn entry(&self, code: &str) -> Option<&CameoEntry> {
        let mut c = code;
        loop {
            if let Some(e) = self.cameo.get(c) {
                return Some(e);
            }
            if c.len() <= 2 {
                return None;
            }
            c = &c[..c.len() - 1];
        }
    }

    /// Number of distinct trigger lemmas.
    pub fn lemma_count(&self) -> usize {
        self.by_lemma.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_frames() {
        let mut d = Dictionary::default();
        d.add_patterns(
            "t.txt",
            "# version: 3\nhold | S ~ =talk,meeting with:T @mutual | 040 | hold talks\nattack.n | S ~ on:T | 190\nreach | S ~ +out to:T | 036\n",
        )
        .unwrap();
        assert_eq!(d.patterns.len(), 3);
        let p = &d.patterns[0];
        assert_eq!(p.id, "t.txt:2");
        assert_eq!(p.need_obj, vec!["talk", "meeting"]);
        assert_eq!(p.targets, vec![Slot::Prep("with".into())]);
        assert!(p.mutual);
        assert!(d.patterns[1].noun);
        assert_eq!(d.patterns[2].need_prt, vec!["out"]);
        assert_eq!(d.by_lemma[&("attack".to_string(), true)], vec![1]);
        assert_eq!(d.versions, vec!["verbs/t.txt=3"]);
        d.add_patterns("u.txt", "# version: 1\nsay | S ~ must:C | 100 | demand\n")
            .unwrap();
        assert_eq!(d.patterns[3].clause_modal, vec!["must"]);
        assert_eq!(d.patterns[3].targets, vec![Slot::Clause]);
        d.add_patterns("v.txt", "# version: 1\nwelcome | S ~ O! | 043 | visitor\n")
            .unwrap();
        assert_eq!(d.patterns[4].targets, vec![Slot::ObjActor]);
        assert_eq!(d.patterns[4].plover, None);
        d.add_patterns(
            "w.txt",
            "# version: 1\nresign | S ~ | 080 RETREAT:resign | resign\nquit | S ~ | 080 RETREAT\n",
        )
        .unwrap();
        assert_eq!(d.patterns[5].code, "080");
        assert_eq!(
            d.patterns[5].plover,
            Some(("RETREAT".to_string(), Some("resign".to_string())))
        );
        assert_eq!(d.patterns[6].plover, Some(("RETREAT".to_string(), None)));
        d.add_patterns(
            "x.txt",
            "# version: 1\ndefend | S ~ O against:X | 074\ndefend | S ~ O against:X=Criticism,charge | 052\n",
        )
        .unwrap();
        assert_eq!(
            d.patterns[7].need_prep,
            vec![("against".to_string(), vec![])]
        );
        assert_eq!(
            d.patterns[8].need_prep,
            vec![(
                "against".to_string(),
                vec!["criticism".to_string(), "charge".to_string()]
            )]
        );
        d.add_patterns(
            "z.txt",
            "# version: 1\nrelease | S ~ O =@party | 0841\ndemonstrate | S ~ !O in:T | 141\n",
        )
        .unwrap();
        assert!(d.patterns[10].no_obj && !d.patterns[9].no_obj);
        assert_eq!(d.patterns[10].targets, vec![Slot::Prep("in".into())]);
        assert!(d.patterns[9].need_party && d.patterns[9].need_obj.is_empty());
        assert_eq!(d.patterns[9].targets, vec![Slot::Obj]);
        assert!(!d.patterns[8].need_party);
        // a phrase with named heads is the more specific requirement
        assert!(d.patterns[8].specificity() > d.patterns[7].specificity());
        let e = d
            .add_patterns("y.txt", "# version: 1\ndefend | S ~ O against:X= | 052\n")
            .unwrap_err();
        assert!(
            e.to_string().contains("y.txt") && e.to_string().contains("no head lemma"),
            "{e}"
        );
    }

    #[test]
    fn a_pattern_plover_type_must_be_well_formed_and_known() {
        let mut d = Dictionary::default();
        for (line, want) in [
            ("resign | S ~ | 080 retreat", "bad PLOVER event"),
            ("resign | S ~ | 080 RETREAT:", "bad PLOVER mode"),
            ("resign | S ~ | 080 RETREAT resign", "expected `CODE`"),
        ] {
            let e = d
                .add_patterns("p.txt", &format!("# version: 1\n{line}\n"))
                .unwrap_err();
            assert!(
                e.to_string().contains(want) && e.to_string().contains("p.txt"),
                "{e}"
            );
        }
        let mut d = Dictionary::default();
        d.add_cameo(
            "c.txt",
            "# version: 1\n080 | 5.0 | 2 | CONCEDE | - | Yield\n",
        )
        .unwrap();
        d.add_patterns("q.txt", "# version: 1\nresign | S ~ | 080 RETRAET:resign\n")
            .unwrap();
        let e = d.check().unwrap_err();
        assert!(
            e.to_string().contains("RETRAET") && e.to_string().contains("q.txt"),
            "{e}"
        );
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let mut d = Dictionary::default();
        let e = d
            .add_patterns(
                "bad.txt",
                "# version: 1\nmeet | S ~ O | 040\nmeet | S ~ ?? | 040\n",
            )
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("bad.txt") && msg.contains(":3") && msg.contains("??"),
            "{msg}"
        );
        let e = d
            .add_patterns("b2.txt", "# version: 1\nmeet | S ~ O | 04x\n")
            .unwrap_err();
        assert!(e.to_string().contains("bad CAMEO code"), "{e}");
        let e = d
            .add_patterns("b3.txt", "meet | S ~ O | 040\n")
            .unwrap_err();
        assert!(e.to_string().contains("version"), "{e}");
    }

    #[test]
    fn cameo_table_and_fallback() {
        let mut d = Dictionary::default();
        d.add_cameo("c.txt", "# version: 1\n04 | 1.0 | 1 | CONSULT | - | CONSULT\n042 | 1.9 | 1 | CONSULT | visit | Make a visit\n")
            .unwrap();
        assert_eq!(d.entry("042").unwrap().mode.as_deref(), Some("visit"));
        assert_eq!(d.entry("0421").unwrap().code, "042");
        assert_eq!(d.entry("043").unwrap().code, "04");
        assert!(d.entry("19").is_none());
        let e = d
            .add_cameo("c2.txt", "# version: 1\n04 | x | 1 | - | - | n\n")
            .unwrap_err();
        assert!(e.to_string().contains("c2.txt:2"), "{e}");
    }
}
