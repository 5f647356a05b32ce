//! # jirga-pipeline
//!
//! Builds jirga's ordered stages, loads models once, runs documents in parallel.
#![deny(missing_docs)]
