//! # jirga-text
//!
//! Sentence splitting and tokenization of raw English news, with byte offsets.
#![deny(missing_docs)]
