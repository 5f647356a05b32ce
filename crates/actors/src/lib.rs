//! # jirga-actors
//!
//! Actor dictionaries, their compiler and matcher: countries, organisations, groups,
//! roles, people with dated offices; and resolution of pronouns and definite
//! descriptions ("them", "the group", "the diplomats") to actors named earlier.
//!
//! [`ActorDict`] is loaded once (from `dict/actors/*.txt` and `dict/actors/people/*.txt`,
//! or the copies embedded at build time with [`ActorDict::builtin`]) and compiled into a
//! trie over *pieces* (see `trie.rs`): the matcher walks the trie at every piece of a
//! sentence and keeps the longest match, so a sentence costs a few hash look-ups per
//! token whatever the size of the dictionaries. Matches are then composed as event
//! coders compose actors: an owner (country, adjective, city, organisation) before a
//! role ("Russia's Deputy Foreign Minister" → `RUSGOV`), a role before "of/in/from" and
//! an owner ("the Foreign Ministry in Moscow" → `RUSGOV`), a title before a name
//! ("US Special Envoy ... Zalmay Khalilzad" → one mention).
//!
//! What the coder gets in `doc.mentions` (sorted by start):
//! - codes are a country or organisation (`RUS`, `TAL`, `UNO`, `IGOICC`, `IMGALQ`,
//!   `PSEHMS`) followed by three-letter sectors (`RUSGOV`, `AFGMIL`); a role with no
//!   owner keeps only its sector (`INS` for "militants"), with `country: None`;
//! - capitals and cities are [`ActorKind::Capital`](jirga_doc::ActorKind::Capital) with `country` and `name` set, and
//!   `entries` ending in `capital` or `city`, so the coder can tell "Moscow says" (a
//!   government) from "in Kandahar" (a place);
//! - adjectives alone ("Afghan peace process") are [`ActorKind::Country`](jirga_doc::ActorKind::Country) mentions;
//! - a token naming two actors ("Washington-Moscow", "Russian-US") gives two mentions
//!   over the same span, and "the diplomats" resolved to several actors gives one
//!   [`ActorKind::Reference`](jirga_doc::ActorKind::Reference) per actor, again over the same span;
//! - people: `name` is the canonical name and the code the office held on the
//!   document date (the most recent one without a date); a person is left out when a
//!   surname is shared by several people and the date does not tell them apart;
//! - pronouns are output only when resolved (`antecedent` set, code copied).
//!
//! Dictionary file formats are described in `dict.rs`; a malformed line fails loading
//! with its file, line and reason.
//!
//! ```
//! use jirga_actors::ActorDict;
//! use jirga_doc::{Doc, DocMeta, Layers, Sentence};
//! let dict = ActorDict::builtin().unwrap();
//! let mut doc = Doc::new(DocMeta::with_id("d"), "Russian officials met the Taliban".into());
//! for (s, e) in [(0, 7), (8, 17), (18, 21), (22, 25), (26, 33)] {
//!     let norm = doc.text[s..e].to_string();
//!     doc.tokens.push(s as u32, e as u32, true, norm);
//! }
//! doc.sentences.push(Sentence { start: 0, end: 5 });
//! doc.stamp("text", "test", Layers::TOKENS | Layers::SENTS);
//! dict.annotate(&mut doc).unwrap();
//! let codes: Vec<&str> = doc.mentions.iter().map(|m| m.code.as_str()).collect();
//! assert_eq!(codes, ["RUSGOV", "TAL"]);
//! ```
#![deny(missing_docs)]

mod builtin;
mod dict;
mod matcher;
mod refs;
mod trie;

use dict::{Entry, EntryKind, Parsed};
use jirga_doc::{Doc, Layers};
use std::collections::HashSet;
use std::path::Path;
use trie::{Interner, Trie};

/// Errors of loading dictionaries and annotating documents.
#[derive(Debug, thiserror::Error)]
pub enum ActorError {
    /// A dictionary line is malformed.
    #[error("{file}:{line}: {reason}")]
    Syntax {
        /// File name relative to the dictionary directory.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A dictionary file or directory cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The directory holds no dictionary file.
    #[error("no `*.txt` dictionary file in {0}")]
    Empty(String),
    /// The document lacks a layer this stage needs.
    #[error(transparent)]
    Doc(#[from] jirga_doc::Error),
}

/// Sector codes: a code starting with one of these has no owner ("INS" for "militants").
pub const SECTORS: [&str; 28] = [
    "GOV", "MIL", "COP", "REB", "INS", "OPP", "CVL", "MED", "EDU", "BUS", "JUD", "LEG", "SPY",
    "REF", "ELI", "LAB", "HLH", "HRI", "AGR", "CRM", "DEV", "ENV", "SEP", "UAF", "MOD", "RAD",
    "PKO", "SET",
];

/// Most mentions kept for one document; longer documents are cut with a warning.
pub const MAX_MENTIONS: usize = 20_000;

/// The compiled actor dictionaries. Cheap to share between threads (`Send + Sync`).
#[derive(Debug)]
pub struct ActorDict {
    entries: Vec<Entry>,
    interner: Interner,
    /// Proper names: case-sensitive (with an all-capitals variant).
    exact: Trie,
    /// Role nouns: matched on lower-cased pieces.
    folded: Trie,
    mods: HashSet<String>,
    /// Three-letter codes of countries and territories (from country, adjective,
    /// demonym and city entries): the codes that make a document's country clear.
    countries: HashSet<String>,
    /// People by surname with one letter left out (and the surname itself), for
    /// misspelt names after a title ("President Francois Mitterand").
    fuzzy: matcher::FuzzyNames,
    version: String,
    stats: Vec<(String, usize)>,
}

impl ActorDict {
    /// Loads `dir/*.txt` and `dir/people/*.txt`.
    pub fn load(dir: &Path) -> Result<ActorDict, ActorError> {
        let mut files = Vec::new();
        read_txt_files(dir, "", &mut files)?;
        if files.is_empty() {
            return Err(ActorError::Empty(dir.display().to_string()));
        }
        let people = dir.join("people");
        if people.is_dir() {
            read_txt_files(&people, "people/", &mut files)?;
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Self::from_sources(&refs)
    }

    /// The repository's `dict/actors` files, embedded at build time.
    pub fn builtin() -> Result<ActorDict, ActorError> {
        let mut files: Vec<(&str, &str)> = builtin::MAIN_FILES.to_vec();
        files.extend_from_slice(builtin::PEOPLE_FILES);
        Self::from_sources(&files)
    }

    /// Compiles dictionaries from `(file name, contents)` pairs; names under `people/`
    /// are read as people files.
    pub fn from_sources(files: &[(&str, &str)]) -> Result<ActorDict, ActorError> {
        let mut parsed = Parsed::default();
        for (name, text) in files {
            if name.starts_with("people/") {
                parsed.people_file(name, text)?;
            } else {
                parsed.main_file(name, text)?;
            }
        }
        Ok(Self::compile(parsed, files))
    }

    fn compile(parsed: Parsed, files: &[(&str, &str)]) -> ActorDict {
        let mut interner = Interner::default();
        let mut exact = Trie::new();
        let mut folded = Trie::new();
        let mut pieces = Vec::new();
        let mut ids = Vec::new();
        for p in &parsed.phrases {
            pieces.clear();
            trie::split_pieces(&p.text, &mut pieces);
            if pieces.is_empty() {
                continue;
            }
            if p.folded {
                ids.clear();
                ids.extend(pieces.iter().map(|s| interner.intern(&s.to_lowercase())));
                folded.insert(&ids, p.entry, p.plural);
            } else {
                ids.clear();
                ids.extend(pieces.iter().map(|s| interner.intern(s)));
                exact.insert(&ids, p.entry, p.plural);
                let upper: Vec<String> = pieces.iter().map(|s| s.to_uppercase()).collect();
                if upper != pieces {
                    ids.clear();
                    ids.extend(upper.iter().map(|s| interner.intern(s)));
                    exact.insert(&ids, p.entry, p.plural);
                }
            }
        }
        // Version: the files' versions and a hash of their contents.
        let mut names: Vec<usize> = (0..files.len()).collect();
        names.sort_by_key(|&i| files[i].0);
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &i in &names {
            for b in files[i]
                .0
                .bytes()
                .chain([0u8])
                .chain(files[i].1.bytes())
                .chain([0u8])
            {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        let mut versions: Vec<&str> = parsed.files.iter().map(|(_, v, _)| v.as_str()).collect();
        versions.sort_unstable();
        versions.dedup();
        let version = format!("actors-{}+{:08x}", versions.join("."), h as u32);
        let stats = parsed
            .files
            .iter()
            .map(|(f, _, n)| (f.clone(), *n))
            .collect();
        let countries = parsed
            .entries
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntryKind::Country
                        | EntryKind::Adj
                        | EntryKind::People
                        | EntryKind::Capital
                        | EntryKind::City
                )
            })
            .filter_map(|e| e.code.get(..3).map(str::to_string))
            .collect();
        let fuzzy = matcher::FuzzyNames::build(&parsed.entries, &parsed.phrases);
        ActorDict {
            countries,
            fuzzy,
            entries: parsed.entries,
            interner,
            exact,
            folded,
            mods: parsed.mods.into_iter().collect(),
            version,
            stats,
        }
    }

    /// Version of the dictionary set: `actors-<file versions>+<content hash>`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Entries per file, in load order.
    pub fn stats(&self) -> Vec<(String, usize)> {
        self.stats.clone()
    }

    /// Number of trie nodes (exact, folded): a measure of the compiled size.
    pub fn trie_sizes(&self) -> (usize, usize) {
        (self.exact.len(), self.folded.len())
    }

    /// Looks a place name up: a country name or adjective gives `(code, None)`, a
    /// capital or city `(country code, Some(canonical city name))`.
    pub fn lookup_place(&self, name: &str) -> Option<(String, Option<String>)> {
        let mut pieces = Vec::new();
        trie::split_pieces(name, &mut pieces);
        if pieces
            .first()
            .is_some_and(|p| p.eq_ignore_ascii_case("the"))
        {
            pieces.remove(0);
        }
        if pieces.is_empty() {
            return None;
        }
        let mut node = 0u32;
        for p in &pieces {
            let id = self.interner.get(p)?;
            node = self.exact.step(node, id)?;
        }
        let mut best: Option<&Entry> = None;
        for &(e, _) in &self.exact.term[node as usize] {
            let entry = &self.entries[e as usize];
            let place = matches!(
                entry.kind,
                EntryKind::Country | EntryKind::Adj | EntryKind::Capital | EntryKind::City
            );
            if place && best.is_none_or(|b| entry.kind.priority() < b.kind.priority()) {
                best = Some(entry);
            }
        }
        let e = best?;
        let country: String = e.code.chars().take(3).collect();
        match e.kind {
            EntryKind::Capital | EntryKind::City => Some((country, Some(e.name.clone()))),
            _ => Some((e.code.clone(), None)),
        }
    }

    /// Words of `doc` inside capitalized names of several words that the dictionaries
    /// know ("European Community", "Ivory Coast"): the tagger should read them as proper
    /// nouns (see `Annotator::retag_proper` in `jirga-parse`).
    pub fn name_words(&self, doc: &Doc) -> Vec<jirga_doc::TokenIdx> {
        if !doc.layers.contains(Layers::TOKENS | Layers::SENTS) {
            return Vec::new();
        }
        matcher::name_words(self, doc)
    }

    /// Finds actor mentions in `doc`, fills `doc.mentions` (sorted by start) and stamps
    /// the document. Needs tokens and sentences; uses tags and the dependency tree when
    /// present.
    pub fn annotate(&self, doc: &mut Doc) -> Result<(), ActorError> {
        doc.require("actors", Layers::TOKENS | Layers::SENTS)?;
        let (drafts, warning) = matcher::find(self, doc);
        let mut mentions = refs::resolve(doc, drafts);
        self.fill_doc_country(&mut mentions);
        doc.warnings.extend(warning);
        doc.mentions = mentions;
        doc.stamp("actors", &self.version, Layers::ACTORS);
        Ok(())
    }
}

/// Sectors that take the document's country when a role names no owner: state
/// institutions and domestic society. Refugees, peacekeepers and aid are left out,
/// since they are so often foreign to the country where they are.
const DOC_COUNTRY_SECTORS: [&str; 22] = [
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "INS", "SEP", "UAF", "CVL", "EDU",
    "MED", "BUS", "LAB", "ELI", "CRM", "AGR", "HLH", "HRI", "ENV",
];

impl ActorDict {
    /// A role with no owner ("the president", "police", "Judge X") takes the country
    /// of the document when the document names exactly one country (as a country,
    /// adjective, place, or the owner of another actor; armed groups do not count): "President X threatened a
    /// curfew in Algiers" → `DZAGOV`. With two countries or none it stays uncoded.
    fn fill_doc_country(&self, mentions: &mut [jirga_doc::ActorMention]) {
        let mut only: Option<&str> = None;
        for m in mentions.iter() {
            // Armed groups operate across borders: their code names no country here.
            if m.kind == jirga_doc::ActorKind::Group {
                continue;
            }
            let Some(c) = m.country.as_deref() else {
                continue;
            };
            if !self.countries.contains(c) {
                continue;
            }
            match only {
                None => only = Some(c),
                Some(o) if o == c => {}
                Some(_) => return,
            }
        }
        let Some(country) = only.map(str::to_string) else {
            return;
        };
        for m in mentions.iter_mut() {
            let fillable = m.country.is_none()
                && matches!(
                    m.kind,
                    jirga_doc::ActorKind::Agent
                        | jirga_doc::ActorKind::Person
                        | jirga_doc::ActorKind::Reference
                )
                && m.sectors
                    .first()
                    .is_some_and(|s| DOC_COUNTRY_SECTORS.contains(&s.as_str()));
            if fillable {
                m.code = format!("{country}{}", m.code);
                m.country = Some(country.clone());
                m.entries.push("doc-country".to_string());
            }
        }
    }
}

fn read_txt_files(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) -> Result<(), ActorError> {
    let io = |path: &Path, source| ActorError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((format!("{prefix}{name}"), text));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
