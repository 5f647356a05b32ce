//! # jirga-actors
//!
//! Actor dictionaries, their compiler and matcher: countries, organisations, groups, roles, people with dated offices.
#![deny(missing_docs)]
