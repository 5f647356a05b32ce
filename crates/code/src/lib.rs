//! # jirga-code
//!
//! CAMEO/PLOVER event coding over parsed documents: patterns, negation, certainty, attribution, time, place.
#![deny(missing_docs)]
