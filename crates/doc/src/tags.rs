//! Universal POS tags and Universal Dependencies relations as small copyable values.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Universal POS tag (UD v2).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// All tags in index order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];
    const NAMES: [&'static str; 17] = [
        "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
        "PUNCT", "SCONJ", "SYM", "VERB", "X",
    ];

    /// The UD name (`NOUN`).
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// Index 0..17.
    pub fn index(self) -> usize {
        self as usize
    }
    /// Tag from index; out of range gives `X`.
    pub fn from_index(i: usize) -> Upos {
        Self::ALL.get(i).copied().unwrap_or(Upos::X)
    }
    /// Parses a UD name; `None` when unknown.
    pub fn parse(s: &str) -> Option<Upos> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(Self::from_index)
    }
    /// Whether the tag is a noun, proper noun or pronoun.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Upos {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Upos {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Upos::parse(&s).unwrap_or(Upos::X))
    }
}

/// A Universal Dependencies relation, with the subtypes English EWT uses, as an index
/// into [`DepRel::NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepRel(pub u8);

impl DepRel {
    /// Every relation name known, universal relations first, then subtypes.
    pub const NAMES: [&'static str; 66] = [
        "dep",
        "root",
        "acl",
        "advcl",
        "advmod",
        "amod",
        "appos",
        "aux",
        "case",
        "cc",
        "ccomp",
        "clf",
        "compound",
        "conj",
        "cop",
        "csubj",
        "det",
        "discourse",
        "dislocated",
        "expl",
        "fixed",
        "flat",
        "goeswith",
        "iobj",
        "list",
        "mark",
        "nmod",
        "nsubj",
        "nummod",
        "obj",
        "obl",
        "orphan",
        "parataxis",
        "punct",
        "reparandum",
        "vocative",
        "xcomp",
        // subtypes used by English treebanks
        "acl:relcl",
        "advcl:relcl",
        "aux:pass",
        "cc:preconj",
        "compound:prt",
        "csubj:outer",
        "csubj:pass",
        "det:predet",
        "flat:foreign",
        "nmod:desc",
        "nmod:npmod",
        "nmod:poss",
        "nmod:tmod",
        "nmod:unmarked",
        "nsubj:outer",
        "nsubj:pass",
        "obl:agent",
        "obl:npmod",
        "obl:tmod",
        "obl:unmarked",
        "det:poss",
        "flat:name",
        "compound:lvc",
        "expl:pv",
        "obl:arg",
        "advmod:emph",
        "nummod:gov",
        "obj:lvc",
        "acl:cleft",
    ];
    /// `dep`, the unspecified relation.
    pub const DEP: DepRel = DepRel(0);
    /// `root`.
    pub const ROOT: DepRel = DepRel(1);

    /// The relation's name (`nsubj:pass`).
    pub fn as_str(self) -> &'static str {
        Self::NAMES.get(self.0 as usize).copied().unwrap_or("dep")
    }
    /// The universal part before any `:` (`nsubj` for `nsubj:pass`).
    pub fn base(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }
    /// Parses a name; an unknown subtype falls back to its universal relation, an
    /// unknown relation to `None`.
    pub fn parse(s: &str) -> Option<DepRel> {
        if let Some(i) = Self::NAMES.iter().position(|n| *n == s) {
            return Some(DepRel(i as u8));
        }
        let base = s.split(':').next()?;
        Self::NAMES
            .iter()
            .position(|n| *n == base)
            .map(|i| DepRel(i as u8))
    }
    /// Number of relations.
    pub fn count() -> usize {
        Self::NAMES.len()
    }
    /// Whether this is the relation named `name` or one of its subtypes.
    pub fn is(self, name: &str) -> bool {
        let s = self.as_str();
        s == name
            || (s.len() > name.len() && s.starts_with(name) && s.as_bytes()[name.len()] == b':')
    }
}

impl Default for DepRel {
    fn default() -> Self {
        DepRel::DEP
    }
}

impl fmt::Display for DepRel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DepRel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DepRel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(DepRel::parse(&s).unwrap_or(DepRel::DEP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upos_round_trip() {
        for u in Upos::ALL {
            assert_eq!(Upos::parse(u.as_str()), Some(u));
            assert_eq!(Upos::from_index(u.index()), u);
        }
        assert_eq!(Upos::parse("FOO"), None);
    }

    #[test]
    fn deprel_round_trip_and_subtypes() {
        for (i, n) in DepRel::NAMES.iter().enumerate() {
            assert_eq!(DepRel::parse(n), Some(DepRel(i as u8)), "{n}");
        }
        let pass = DepRel::parse("nsubj:pass").unwrap();
        assert_eq!(pass.base(), "nsubj");
        assert!(pass.is("nsubj"));
        assert!(!DepRel::parse("nsubj").unwrap().is("nsubj:pass"));
        assert!(!DepRel::parse("obl").unwrap().is("ob"));
        assert_eq!(DepRel::parse("obl:about"), DepRel::parse("obl"));
        assert_eq!(DepRel::parse("nonsense"), None);
    }
}
