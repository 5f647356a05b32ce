//! # jirga-parse
//!
//! Lemmatizer, POS tagger and dependency parser trained on UD English EWT; CoNLL-U
//! reading and writing; the versioned model file format.
#![deny(missing_docs)]

pub mod annotate;
pub mod conllu;
pub mod depparse;
pub mod lemma;
pub mod metrics;
pub mod model;
pub mod tagger;
