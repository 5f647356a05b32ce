//! # jirga-store
//!
//! Embedded SQLite event store: idempotent ingest, deduplication, queries, exports.
#![deny(missing_docs)]
