//! # jirga-store: the embedded event store
//!
//! One SQLite file (WAL mode, `synchronous=NORMAL`) holding documents (metadata and text),
//! sentences (text and byte offsets), actor mentions and events with every field the coder
//! gives (roster, certainty, attribution, explanation, dictionary and model versions),
//! deduplicated into *incidents*, with typed queries and exports.
//!
//! ## Writing
//!
//! [`Store::ingest`] / [`Store::ingest_batch`] store documents in one transaction per call,
//! so a killed process leaves either the whole document or nothing. Documents are keyed by
//! id **and** by the SHA-256 of their text ([`content_hash`]): the same document again is
//! [`Outcome::Unchanged`], a revised text under the same id is [`Outcome::Replaced`], the
//! same text under another id (a syndicated copy) is [`Outcome::Duplicate`] and not stored.
//!
//! ## Deduplication
//!
//! Every event report joins an incident: the happening it reports. The rule (same
//! participants, compatible CAMEO codes, same polarity, dates within ±2 days, same place)
//! is written out in [`dedup`]. Incidents keep every report with counts of reports,
//! documents, distinct outlets and distinct (outlet, attribution) sources, so queries can
//! count happenings instead of reports and show how independent the reports are.
//!
//! ## Reading
//!
//! All queries take typed, serde-deserialisable requests and return serde-serialisable
//! results; values are bound as SQL parameters and checked first (a bad value gives
//! [`StoreError::BadFilter`] naming the field):
//!
//! | method | request | result |
//! |---|---|---|
//! | [`Store::events`] | [`EventFilter`] + [`Page`] | [`EventPage`] of [`EventHit`] (full [`jirga_doc::EventRecord`]) |
//! | [`Store::series`] | [`SeriesQuery`] (dyad, [`Period`]) | `Vec<`[`SeriesPoint`]`>`: reports and incidents per QuadClass, Goldstein sum and mean |
//! | [`Store::timeline`] | [`EventFilter`] + [`Period`] | `Vec<`[`TimelinePoint`]`>`: events per period over any filter |
//! | [`Store::partners`] | [`PartnersQuery`] | `Vec<`[`Partner`]`>` ranked by reports |
//! | [`Store::meetings`] | [`MeetingsQuery`] | `Vec<`[`Meeting`]`>` with attendees and absentees (a multi-party meeting coded pair by pair is one meeting) |
//! | [`Store::event`] | event id or row number | [`EventDetail`]: record, evidence sentence, explanation, all reports of its incident |
//! | [`Store::incident`] | incident number | [`IncidentDetail`] |
//! | [`Store::summary`] | number of top dyads | [`Summary`] |
//! | [`Store::export`] | [`EventFilter`] + [`ExportFormat`] | JSON Lines, CSV, GDELT 2.0 TSV or PLOVER JSON Lines |
//! | [`Store::export_parquet`] | [`EventFilter`] | Parquet (feature `parquet`; without it, an error saying so) |
//!
//! Orders are stable: events by event date (undated last) then storage order; meetings by
//! first date then incident; partners by reports then code. The event date is the event's
//! resolved `when.date` when present, else the document date.
//!
//! Actors are selected by code prefix ([`ActorSel`]: `RUS` matches `RUS`, `RUSGOV`,
//! `RUSMIL`), optionally with a sector (`RUS:GOV`).
//!
//! ```
//! use jirga_store::{Store, EventFilter, ActorSel, Page, SeriesQuery, Period};
//! let store = Store::open_in_memory().unwrap();
//! let filter = EventFilter { actor: Some(ActorSel::code("RUS")), root: Some("07".into()), ..Default::default() };
//! let page = store.events(&filter, Page { limit: 20, offset: 0 }).unwrap();
//! assert_eq!(page.total, 0);
//! let q = SeriesQuery { source: ActorSel::code("RUS"), target: ActorSel::code("TAL"),
//!                       both_directions: true, by: Period::Month, ..Default::default() };
//! assert!(store.series(&q).unwrap().is_empty());
//! ```
//!
//! ## Files
//!
//! A store carries `PRAGMA application_id` [`schema::APPLICATION_ID`] and a schema version
//! in `user_version` with migrations ([`schema`]). A file that is not SQLite, belongs to
//! another application, fails `PRAGMA quick_check` or comes from a newer jirga is refused
//! with a clear error and never written. Denormalised, indexed columns (event day and
//! month, source/target root and sectors, CAMEO code and root, QuadClass, Goldstein,
//! certainty, negation, place, outlet) serve the queries; the full record is kept as JSON
//! in its own table (`event_records`), so that scans and counts read short rows.
//!
//! ## Speed
//!
//! Ingest keeps incident counts up to date report by report with index-only look-ups
//! (no recount), finds duplicate candidates through the dyad indexes, writes nine indexes
//! per event and, by triggers, the per-dyad monthly sums of `dyad_months`. Filters with an
//! actor on either side (or a dyad in both directions) are counted as two index scans
//! (source side, then target side without the source side) rather than one OR, and their
//! pages merge the two date-ordered scans. Monthly dyad series over whole months read
//! `dyad_months` (a few hundred rows per dyad); other series scan the dyad index. Readers
//! map the file into memory; [`Store::open_readers`] checks a file once and opens a pool
//! of connections; a store of an older schema is refused by readers with a clear error
//! (opening it for writing migrates it). `jirga bench store` measures it all.
#![deny(missing_docs)]

pub mod bench;
pub mod dates;
pub mod dedup;
mod error;
pub mod export;
#[cfg(feature = "parquet")]
pub mod parquet_export;
mod query;
pub mod recode;
pub mod schema;
mod store;
pub mod synth;
mod write;

pub use dedup::DedupConfig;
pub use error::{Result, StoreError};
pub use export::{ExportFormat, ExportRow};
pub use query::*;
pub use recode::{diff_events, RecodeReport};
pub use store::Store;
pub use write::{content_hash, event_date, validate, IngestStats, Outcome};
