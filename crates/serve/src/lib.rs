//! # jirga-serve
//!
//! HTTP API and web UI over the jirga event store.
#![deny(missing_docs)]
