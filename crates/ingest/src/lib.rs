//! # jirga-ingest
//!
//! Readers (HTML, WARC, RSS/Atom, JSON Lines, text) producing main text and metadata.
#![deny(missing_docs)]
