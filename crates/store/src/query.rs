//! Queries: typed filters in, serde-serialisable results out. Every value reaches SQLite as
//! a bound parameter; filters are validated first and bad values give
//! [`StoreError::BadFilter`].

use crate::dates::{self, Precision};
use crate::error::{Result, SqlCtx, StoreError};
use crate::Store;
use chrono::Datelike;
use jirga_doc::{Certainty, EventRecord};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Largest page a query returns.
pub const MAX_LIMIT: u32 = 10_000;

/// Selects an actor: a code prefix (`RUS` matches `RUS`, `RUSGOV`, `RUSMIL`; `RUSGOV`
/// matches `RUSGOV` and `RUSGOVxxx`) and optionally a sector (`GOV`) the actor must carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorSel {
    /// Code or code prefix, at least three letters.
    pub code: String,
    /// Sector the actor must have (`GOV`, `MIL`, `REB`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

impl ActorSel {
    /// An actor selector without sector.
    pub fn code(code: impl Into<String>) -> ActorSel {
        ActorSel {
            code: code.into(),
            sector: None,
        }
    }

    /// Parses `RUS`, `RUSGOV` or `RUS:GOV` (code, then a sector after a colon).
    pub fn parse(field: &'static str, s: &str) -> Result<ActorSel> {
        let (code, sector) = match s.split_once(':') {
            Some((c, sec)) => (c, Some(sec.to_string())),
            None => (s, None),
        };
        let sel = ActorSel {
            code: code.to_string(),
            sector,
        };
        sel.validate(field)?;
        Ok(sel)
    }

    fn validate(&self, field: &'static str) -> Result<()> {
        let ok = |s: &str| {
            s.len() >= 3
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        };
        if !ok(&self.code) {
            return Err(StoreError::BadFilter {
                field,
                value: self.code.clone(),
                why: "an actor code is three or more upper-case letters, like RUS, RUSGOV or TAL"
                    .into(),
            });
        }
        if let Some(sec) = &self.sector {
            if sec.len() != 3 || !ok(sec) {
                return Err(StoreError::BadFilter {
                    field,
                    value: sec.clone(),
                    why: "a sector is three upper-case letters, like GOV, MIL or REB".into(),
                });
            }
        }
        Ok(())
    }

    /// SQL condition on the `source` or `target` columns.
    fn sql(&self, role: &str, args: &mut Vec<Value>) -> String {
        let root: String = self.code.chars().take(3).collect();
        args.push(Value::Text(root));
        let mut c = format!("{role}_root = ?{}", args.len());
        if self.code.len() > 3 {
            args.push(Value::Text(self.code.clone()));
            c.push_str(&format!(
                " AND substr({role}, 1, {}) = ?{}",
                self.code.len(),
                args.len()
            ));
        }
        if let Some(sec) = &self.sector {
            args.push(Value::Text(format!("%,{sec},%")));
            c.push_str(&format!(" AND {role}_sectors LIKE ?{}", args.len()));
        }
        format!("({c})")
    }
}

/// A page of results: at most `limit` items after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// Items per page (1..=[`MAX_LIMIT`]).
    pub limit: u32,
    /// Items skipped.
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

impl Page {
    fn validate(&self) -> Result<()> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(StoreError::BadFilter {
                field: "limit",
                value: self.limit.to_string(),
                why: format!("between 1 and {MAX_LIMIT}"),
            });
        }
        if self.offset > i64::MAX as u64 {
            return Err(StoreError::BadFilter {
                field: "offset",
                value: self.offset.to_string(),
                why: "too large".into(),
            });
        }
        Ok(())
    }
}

/// Which events to return. Every field is optional; fields combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// The actor on either side (source or target).
    pub actor: Option<ActorSel>,
    /// Source actor.
    pub source: Option<ActorSel>,
    /// Target actor.
    pub target: Option<ActorSel>,
    /// With `source` and `target`: also match the reverse direction.
    pub both_directions: bool,
    /// CAMEO code or code prefix (`0711`, `071`).
    pub cameo: Option<String>,
    /// CAMEO root, two digits (`07`).
    pub root: Option<String>,
    /// PLOVER event type (`AID`).
    pub plover: Option<String>,
    /// QuadClass 1–4.
    pub quad_class: Option<u8>,
    /// Any of these QuadClasses (1–4; empty: any), such as `[1, 2]` for cooperation.
    /// With `quad_class` as well, both must hold.
    pub quads: Vec<u8>,
    /// Any of these certainties.
    pub certainty: Vec<Certainty>,
    /// Only negated (`true`) or only non-negated (`false`) events.
    pub negated: Option<bool>,
    /// Event date on or after (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Event date on or before (inclusive; a month or year includes all of it).
    pub until: Option<String>,
    /// Place: country code (`AFG`) or place name (`Moscow`), case-insensitive for names.
    pub place: Option<String>,
    /// Outlet, case-insensitive.
    pub outlet: Option<String>,
    /// Words in the evidence sentence (case-insensitive substring).
    pub text: Option<String>,
    /// Events of one incident.
    pub incident: Option<i64>,
    /// Events of one document.
    pub doc_id: Option<String>,
}

fn bad(field: &'static str, value: &str, why: &str) -> StoreError {
    StoreError::BadFilter {
        field,
        value: value.to_string(),
        why: why.to_string(),
    }
}

/// Day range `[first, last]` of a `since`/`until` pair.
fn day_range(since: &Option<String>, until: &Option<String>) -> Result<(Option<i64>, Option<i64>)> {
    let first = match since {
        Some(s) => Some(
            dates::parse(s)
                .ok_or_else(|| bad("since", s, "a date YYYY, YYYY-MM or YYYY-MM-DD"))?
                .day,
        ),
        None => None,
    };
    let last = match until {
        Some(s) => {
            let d = dates::parse(s)
                .ok_or_else(|| bad("until", s, "a date YYYY, YYYY-MM or YYYY-MM-DD"))?;
            let end = match d.precision {
                Precision::Day => d.day,
                Precision::Month | Precision::Year => {
                    let start = dates::date_of(d.day).unwrap_or_default();
                    let next = if d.precision == Precision::Month {
                        start.checked_add_months(chrono::Months::new(1))
                    } else {
                        start.checked_add_months(chrono::Months::new(12))
                    };
                    next.map(|n| dates::days_of(n) - 1).unwrap_or(d.day)
                }
            };
            Some(end)
        }
        None => None,
    };
    if let (Some(a), Some(b)) = (first, last) {
        if a > b {
            return Err(bad(
                "since",
                since.as_deref().unwrap_or_default(),
                "comes after `until`",
            ));
        }
    }
    Ok((first, last))
}

fn push_days(c: &mut Vec<String>, args: &mut Vec<Value>, first: Option<i64>, last: Option<i64>) {
    if let Some(a) = first {
        args.push(Value::Integer(a));
        c.push(format!("day >= ?{}", args.len()));
    }
    if let Some(b) = last {
        args.push(Value::Integer(b));
        c.push(format!("day <= ?{}", args.len()));
    }
}

fn digits(field: &'static str, s: &str, min: usize, max: usize) -> Result<()> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(field, s, &format!("{min} to {max} digits")));
    }
    Ok(())
}

/// The SQL of an [`EventFilter`]: the one builder behind event pages, counts and exports.
///
/// Conditions are joined with AND; an actor on either side (or a dyad in both directions)
/// is kept apart as disjoint alternatives (the source side, then the target side without
/// the source side) so that counts add index-only scans and pages merge ordered scans,
/// instead of one scan through an OR, which SQLite answers with a look-up of every
/// matching row. Placeholders are numbered, so every clause built from one `FilterSql`
/// binds the same [`FilterSql::args`].
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterSql {
    /// Disjoint alternatives (their union is the OR of `any`), or none.
    alts: Vec<String>,
    /// The same alternatives written as a plain OR (for the one-clause form).
    any: Option<String>,
    /// The other conditions.
    rest: Vec<String>,
    /// Bound values, in placeholder order.
    pub(crate) args: Vec<Value>,
    /// A date bound is set (so only dated events match).
    has_days: bool,
}

impl FilterSql {
    /// The condition "dated": none when a date bound already says so (a redundant
    /// `day IS NOT NULL` beside a day range made SQLite walk the wrong index).
    fn dated(&self) -> &'static str {
        if self.has_days {
            "1"
        } else {
            "day IS NOT NULL"
        }
    }

    fn join(parts: impl IntoIterator<Item = String>) -> String {
        let v: Vec<String> = parts.into_iter().collect();
        if v.is_empty() {
            "1".to_string()
        } else {
            v.join(" AND ")
        }
    }

    /// The whole `WHERE` clause (on `events` as `e`).
    pub(crate) fn clause(&self) -> String {
        FilterSql::join(self.any.iter().cloned().chain(self.rest.iter().cloned()))
    }

    /// The `WHERE` clauses of disjoint parts whose union is the filter (with `extra`
    /// conditions): one clause, or one per alternative.
    fn parts(&self, extra: &[&str]) -> Vec<String> {
        let rest: Vec<String> = self
            .rest
            .iter()
            .cloned()
            .chain(extra.iter().map(|s| s.to_string()))
            .collect();
        if self.alts.is_empty() {
            return vec![FilterSql::join(rest)];
        }
        self.alts
            .iter()
            .map(|a| FilterSql::join(std::iter::once(a.clone()).chain(rest.iter().cloned())))
            .collect()
    }

    /// A query counting the matching events (and `extra` conditions).
    pub(crate) fn count_sql(&self, extra: &[&str]) -> String {
        let counts: Vec<String> = self
            .parts(extra)
            .into_iter()
            .map(|w| format!("(SELECT count(*) FROM events e WHERE {w})"))
            .collect();
        format!("SELECT {}", counts.join(" + "))
    }

    /// `SELECT cols FROM events e WHERE …` for every matching event (and `extra`
    /// conditions), as a UNION ALL of the disjoint parts.
    pub(crate) fn rows_sql(&self, cols: &str, extra: &[&str]) -> String {
        let parts: Vec<String> = self
            .parts(extra)
            .into_iter()
            .map(|w| format!("SELECT {cols} FROM events e WHERE {w}"))
            .collect();
        parts.join(" UNION ALL ")
    }
}

/// One bucket of [`Store::timeline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// `YYYY-MM-DD` (day, week's Monday) or `YYYY-MM` (month).
    pub period: String,
    /// Event reports in the bucket.
    pub reports: u64,
    /// Distinct incidents (happenings) in the bucket.
    pub incidents: u64,
    /// Reports per QuadClass 1–4.
    pub quad_reports: [u64; 4],
}

impl EventFilter {
    /// Validates the filter and builds its SQL `WHERE` clause (on the `events` table as `e`)
    /// and bound values.
    pub(crate) fn to_sql(&self) -> Result<(String, Vec<Value>)> {
        let f = self.build()?;
        Ok((f.clause(), f.args))
    }

    /// Validates the filter and builds its SQL (see [`FilterSql`]).
    pub(crate) fn build(&self) -> Result<FilterSql> {
        let mut c: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let (mut alts, mut any) = (Vec::new(), None);
        if let Some(a) = &self.actor {
            a.validate("actor")?;
            let s = a.sql("source", &mut args);
            let t = a.sql("target", &mut args);
            any = Some(format!("({s} OR {t})"));
            alts = vec![s.clone(), format!("({t} AND NOT {s})")];
        }
        for (field, sel) in [("source", &self.source), ("target", &self.target)] {
            if let Some(a) = sel {
                a.validate(field)?;
            }
        }
        match (&self.source, &self.target, self.both_directions) {
            (Some(s), Some(t), true) => {
                let fwd = format!(
                    "({} AND {})",
                    s.sql("source", &mut args),
                    t.sql("target", &mut args)
                );
                let rev = format!(
                    "({} AND {})",
                    t.sql("source", &mut args),
                    s.sql("target", &mut args)
                );
                let or = format!("({fwd} OR {rev})");
                if alts.is_empty() {
                    alts = vec![fwd.clone(), format!("({rev} AND NOT {fwd})")];
                    any = Some(or);
                } else {
                    c.push(or);
                }
            }
            (s, t, _) => {
                if let Some(s) = s {
                    c.push(s.sql("source", &mut args));
                }
                if let Some(t) = t {
                    c.push(t.sql("target", &mut args));
                }
            }
        }
        if let Some(code) = &self.cameo {
            digits("cameo", code, 2, 4)?;
            // The root condition lets SQLite use the `(root, day)` index.
            args.push(Value::Text(code[..2].to_string()));
            c.push(format!("root = ?{}", args.len()));
            args.push(Value::Text(code.clone()));
            c.push(format!(
                "substr(cameo, 1, {}) = ?{}",
                code.len(),
                args.len()
            ));
        }
        if let Some(root) = &self.root {
            digits("root", root, 2, 2)?;
            args.push(Value::Text(root.clone()));
            c.push(format!("root = ?{}", args.len()));
        }
        if let Some(p) = &self.plover {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                return Err(bad(
                    "plover",
                    p,
                    "a PLOVER event type such as AID or CONSULT",
                ));
            }
            args.push(Value::Text(p.to_uppercase()));
            c.push(format!("plover = ?{}", args.len()));
        }
        if let Some(q) = self.quad_class {
            if !(1..=4).contains(&q) {
                return Err(bad("quad_class", &q.to_string(), "1, 2, 3 or 4"));
            }
            args.push(Value::Integer(i64::from(q)));
            c.push(format!("quad = ?{}", args.len()));
        }
        if !self.quads.is_empty() {
            let set: BTreeSet<u8> = self.quads.iter().copied().collect();
            let mut marks = Vec::new();
            for q in set {
                if !(1..=4).contains(&q) {
                    return Err(bad("quads", &q.to_string(), "1, 2, 3 or 4"));
                }
                args.push(Value::Integer(i64::from(q)));
                marks.push(format!("?{}", args.len()));
            }
            c.push(format!("quad IN ({})", marks.join(", ")));
        }
        if !self.certainty.is_empty() {
            let mut marks = Vec::new();
            for cert in &self.certainty {
                args.push(Value::Text(cert.as_str().to_string()));
                marks.push(format!("?{}", args.len()));
            }
            c.push(format!("certainty IN ({})", marks.join(", ")));
        }
        if let Some(n) = self.negated {
            args.push(Value::Integer(i64::from(n)));
            c.push(format!("negated = ?{}", args.len()));
        }
        let (first, last) = day_range(&self.since, &self.until)?;
        push_days(&mut c, &mut args, first, last);
        if let Some(p) = &self.place {
            if p.trim().is_empty() {
                return Err(bad("place", p, "a country code or place name"));
            }
            args.push(Value::Text(p.clone()));
            let k = args.len();
            args.push(Value::Text(p.to_lowercase()));
            c.push(format!("(place_country = ?{k} OR place = ?{})", args.len()));
        }
        if let Some(o) = &self.outlet {
            args.push(Value::Text(o.clone()));
            c.push(format!("outlet = ?{} COLLATE NOCASE", args.len()));
        }
        if let Some(t) = &self.text {
            if t.trim().is_empty() {
                return Err(bad("text", t, "words to look for"));
            }
            args.push(Value::Text(t.to_lowercase()));
            c.push(format!(
                "instr(lower((SELECT s.text FROM sentences s WHERE s.doc_key = e.doc_key AND s.idx = e.sentence)), ?{}) > 0",
                args.len()
            ));
        }
        if let Some(i) = self.incident {
            args.push(Value::Integer(i));
            c.push(format!("incident = ?{}", args.len()));
        }
        if let Some(d) = &self.doc_id {
            args.push(Value::Text(d.clone()));
            c.push(format!(
                "doc_key = (SELECT doc_key FROM documents WHERE id = ?{})",
                args.len()
            ));
        }
        Ok(FilterSql {
            alts,
            any,
            rest: c,
            args,
            has_days: first.is_some() || last.is_some(),
        })
    }
}

/// One event found by [`Store::events`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventHit {
    /// Internal row number (stable while the document is stored).
    pub key: i64,
    /// Incident the event belongs to.
    pub incident: Option<i64>,
    /// Event date used for queries (resolved event date, else document date).
    pub date: Option<String>,
    /// The full event record (evidence sentence, actors, codes, explanation, versions).
    pub record: EventRecord,
}

/// A page of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    /// Events matching the filter in all pages.
    pub total: u64,
    /// Offset of this page.
    pub offset: u64,
    /// Limit asked for.
    pub limit: u32,
    /// The events, ordered by event date (undated last), then storage order.
    pub events: Vec<EventHit>,
}

/// One event of [`Store::events_json`]: as [`EventHit`], with the record as stored JSON.
#[derive(Debug, Clone, Serialize)]
pub struct EventHitJson {
    /// Internal row number.
    pub key: i64,
    /// Incident the event belongs to.
    pub incident: Option<i64>,
    /// Event date used for queries.
    pub date: Option<String>,
    /// The full event record, as stored (JSON of an [`EventRecord`]).
    pub record: Box<serde_json::value::RawValue>,
}

/// A page of events from [`Store::events_json`] (the fields of [`EventPage`]).
#[derive(Debug, Clone, Serialize)]
pub struct EventPageJson {
    /// Events matching the filter in all pages.
    pub total: u64,
    /// Offset of this page.
    pub offset: u64,
    /// Limit asked for.
    pub limit: u32,
    /// The events, ordered by event date (undated last), then storage order.
    pub events: Vec<EventHitJson>,
}

/// Time-series bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar day.
    Day,
    /// Week starting on Monday (labelled by the Monday).
    Week,
    /// Calendar month (`YYYY-MM`).
    #[default]
    Month,
}

impl Period {
    /// Parses `day`, `week` or `month`.
    pub fn parse(s: &str) -> Result<Period> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(bad("by", s, "day, week or month")),
        }
    }
}

/// A dyad time series request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeriesQuery {
    /// First actor of the dyad (the source).
    pub source: ActorSel,
    /// Second actor (the target).
    pub target: ActorSel,
    /// Count events in both directions (A→B and B→A).
    pub both_directions: bool,
    /// Bucket size.
    pub by: Period,
    /// Event date on or after.
    pub since: Option<String>,
    /// Event date on or before.
    pub until: Option<String>,
    /// Count negated events too (by default they are left out: they did not happen).
    pub include_negated: bool,
}

/// One bucket of a dyad time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// `YYYY-MM-DD` (day, week's Monday) or `YYYY-MM` (month).
    pub period: String,
    /// Event reports in the bucket.
    pub reports: u64,
    /// Distinct incidents (happenings) in the bucket.
    pub incidents: u64,
    /// Reports per QuadClass 1–4.
    pub quad_reports: [u64; 4],
    /// Incidents per QuadClass 1–4.
    pub quad_incidents: [u64; 4],
    /// Sum of Goldstein scores of the reports.
    pub goldstein_sum: f64,
    /// Mean Goldstein score of the reports.
    pub goldstein_mean: f64,
}

/// A partner of an actor, from [`Store::partners`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    /// Partner's root code (country or group).
    pub partner: String,
    /// Event reports between them.
    pub reports: u64,
    /// Distinct incidents.
    pub incidents: u64,
    /// Reports where the actor is the source.
    pub as_source: u64,
    /// Reports where the actor is the target.
    pub as_target: u64,
    /// Reports per QuadClass 1–4.
    pub quad_reports: [u64; 4],
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
}

/// Partners request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnersQuery {
    /// The actor.
    pub actor: ActorSel,
    /// Event date on or after.
    pub since: Option<String>,
    /// Event date on or before.
    pub until: Option<String>,
    /// Count negated events too.
    pub include_negated: bool,
    /// Page of partners (ranked by reports, then code).
    pub page: Page,
}

/// A participant of a meeting and how many reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// Root code (country or group).
    pub code: String,
    /// How the first report wrote it.
    pub text: String,
    /// Reports naming it.
    pub reports: u64,
}

/// A meeting (a consultation incident), with who came and who stayed away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// Incident number (the first of [`Meeting::incidents`]).
    pub incident: i64,
    /// Every incident of the meeting: one per pair of participants when the reports code
    /// a multi-party meeting pair by pair.
    pub incidents: Vec<i64>,
    /// Most specific CAMEO code among the reports.
    pub cameo: String,
    /// First and last event date among the reports.
    pub date_first: Option<String>,
    /// Last event date among the reports.
    pub date_last: Option<String>,
    /// Place, when a report gives one.
    pub place: Option<String>,
    /// Participants named by the (non-negated) reports: source, target and roster.
    pub attendees: Vec<Attendee>,
    /// Actors that the same documents say did not attend (negated consultations).
    pub absent: Vec<Attendee>,
    /// Reports.
    pub reports: u64,
    /// Documents.
    pub documents: u64,
    /// Distinct outlets.
    pub outlets: u64,
}

/// Meetings request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingsQuery {
    /// Only meetings this actor attended (source, target or roster).
    pub actor: Option<ActorSel>,
    /// First date on or after.
    pub since: Option<String>,
    /// First date on or before.
    pub until: Option<String>,
    /// Page (ordered by date, then incident).
    pub page: Page,
}

/// An incident: one happening and the counts of its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentInfo {
    /// Incident number.
    pub incident: i64,
    /// Participant key (roots; sorted for symmetric codes).
    pub pair: (String, String),
    /// Most specific CAMEO code among the reports.
    pub cameo: String,
    /// Negated happening ("did not attend").
    pub negated: bool,
    /// First event date among the reports.
    pub date_first: Option<String>,
    /// Last event date among the reports.
    pub date_last: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// Reports (events).
    pub reports: u64,
    /// Documents.
    pub documents: u64,
    /// Distinct outlets.
    pub outlets: u64,
    /// Distinct (outlet, attribution) pairs: a rough count of independent sources.
    pub sources: u64,
}

/// One report of an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRef {
    /// Event id.
    pub event_id: String,
    /// Document id.
    pub doc_id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Event date.
    pub date: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Certainty.
    pub certainty: Certainty,
    /// Negated.
    pub negated: bool,
    /// Who the report attributes the claim to.
    pub attribution: Option<String>,
    /// Evidence sentence.
    pub sentence: String,
}

/// An incident with all its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentDetail {
    /// The incident.
    pub info: IncidentInfo,
    /// Every report, by date then storage order.
    pub reports: Vec<ReportRef>,
}

/// One event with its evidence and the other reports of the same happening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    /// The event (its `sentence` is the evidence, `explanation` says why it was coded).
    pub hit: EventHit,
    /// Document title.
    pub title: Option<String>,
    /// The incident and all its reports (this one included).
    pub incident: Option<IncidentDetail>,
}

/// Reports between two actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DyadCount {
    /// Source root.
    pub source: String,
    /// Target root.
    pub target: String,
    /// Reports.
    pub reports: u64,
    /// Incidents.
    pub incidents: u64,
}

/// What a store holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents.
    pub documents: u64,
    /// Sentences.
    pub sentences: u64,
    /// Event reports.
    pub events: u64,
    /// Negated event reports.
    pub negated: u64,
    /// Incidents (deduplicated happenings).
    pub incidents: u64,
    /// Incidents reported by more than one document.
    pub multi_report_incidents: u64,
    /// Distinct outlets.
    pub outlets: u64,
    /// Most reported directed dyads (non-negated events with both actors).
    pub top_dyads: Vec<DyadCount>,
    /// Reports per CAMEO root.
    pub roots: Vec<(String, u64)>,
}

/// Sums of one series bucket or one partner.
#[derive(Default)]
struct Bucket {
    reports: u64,
    quad_reports: [u64; 4],
    incidents: HashSet<i64>,
    quad_incidents: [HashSet<i64>; 4],
    goldstein_sum: f64,
    as_source: u64,
}

impl Bucket {
    fn add(&mut self, incident: Option<i64>, quad: i64, goldstein: f64) {
        self.reports += 1;
        self.goldstein_sum += goldstein;
        let q = (1..=4).contains(&quad).then(|| (quad - 1) as usize);
        if let Some(q) = q {
            self.quad_reports[q] += 1;
        }
        if let Some(i) = incident {
            self.incidents.insert(i);
            if let Some(q) = q {
                self.quad_incidents[q].insert(i);
            }
        }
    }
}

/// SQL bucket key of a period over the `day` and `month` columns.
fn period_key(by: Period) -> &'static str {
    match by {
        Period::Day => "day",
        Period::Week => "day - (((day + 3) % 7) + 7) % 7",
        Period::Month => "month",
    }
}

/// Label of a bucket key.
fn period_label(by: Period, k: i64) -> String {
    match by {
        Period::Month => format!("{:04}-{:02}", k / 100, k % 100),
        _ => dates::day_label(k),
    }
}

/// Raw event columns: key, incident, date, record, id or title.
type HitRow = (i64, Option<i64>, Option<String>, String, Option<String>);

fn label(d: Option<i64>) -> Option<String> {
    d.map(dates::day_label)
}

fn u(v: i64) -> u64 {
    v.max(0) as u64
}

fn decode_record(what: impl FnOnce() -> String, s: &str) -> Result<EventRecord> {
    serde_json::from_str(s).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })
}

impl Store {
    /// Events matching a filter, one page, ordered by event date (undated last) then
    /// storage order, with the total count.
    pub fn events(&self, filter: &EventFilter, page: Page) -> Result<EventPage> {
        let (total, rows) = self.page_rows(filter, page)?;
        let mut events = Vec::with_capacity(rows.len());
        for (key, incident, date, rec, id) in rows {
            events.push(EventHit {
                key,
                incident,
                date,
                record: decode_record(|| format!("event `{}`", id.unwrap_or_default()), &rec)?,
            });
        }
        Ok(EventPage {
            total,
            offset: page.offset,
            limit: page.limit,
            events,
        })
    }

    /// [`Store::events`] with each record as its stored JSON, not decoded: what the HTTP
    /// API sends (the same JSON, without decoding and encoding every record again).
    pub fn events_json(&self, filter: &EventFilter, page: Page) -> Result<EventPageJson> {
        let (total, rows) = self.page_rows(filter, page)?;
        let mut events = Vec::with_capacity(rows.len());
        for (key, incident, date, rec, id) in rows {
            let record = serde_json::value::RawValue::from_string(rec).map_err(|source| {
                StoreError::Json {
                    what: format!("event `{}`", id.unwrap_or_default()),
                    source,
                }
            })?;
            events.push(EventHitJson {
                key,
                incident,
                date,
                record,
            });
        }
        Ok(EventPageJson {
            total,
            offset: page.offset,
            limit: page.limit,
            events,
        })
    }

    /// The total and the raw rows of one page of events.
    fn page_rows(&self, filter: &EventFilter, page: Page) -> Result<(u64, Vec<HitRow>)> {
        page.validate()?;
        let sql = filter.build()?;
        let total: i64 = self
            .conn
            .prepare_cached(&sql.count_sql(&[]))
            .and_then(|mut s| s.query_row(params_from_iter(sql.args.iter()), |r| r.get(0)))
            .ctx(&self.path, || "counting events".into())?;
        // The page is chosen from (key, day) alone, dated events first, then undated ones.
        // Two ordered queries rather than one `ORDER BY day IS NULL, day, event_key`: that
        // expression no index has, so every matching row was sorted (0.2 s on a million
        // events unfiltered); `ORDER BY day, event_key` follows the indexes that lead with
        // the filter's equalities and then `day`, so SQLite walks them and stops after the
        // page. The disjoint parts of an either-side filter are merged in that order.
        let keys = |cond: &str, order: &str, limit: u32, offset: u64| -> Result<Vec<i64>> {
            let mut args = sql.args.clone();
            args.push(Value::Integer(i64::from(limit)));
            args.push(Value::Integer(offset as i64));
            let q = format!(
                "{} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                sql.rows_sql("event_key, day", &[cond]),
                args.len() - 1,
                args.len()
            );
            self.conn
                .prepare_cached(&q)
                .and_then(|mut s| {
                    s.query_map(params_from_iter(args.iter()), |r| r.get(0))?
                        .collect()
                })
                .ctx(&self.path, || "querying events".into())
        };
        let mut page_keys = keys(sql.dated(), "day, event_key", page.limit, page.offset)?;
        if page_keys.len() < page.limit as usize {
            // The page reaches past the dated events: how many there are decides where
            // the undated ones start.
            let dated = if !page_keys.is_empty() || page.offset == 0 {
                page.offset + page_keys.len() as u64
            } else {
                let n: i64 = self
                    .conn
                    .prepare_cached(&sql.count_sql(&[sql.dated()]))
                    .and_then(|mut s| s.query_row(params_from_iter(sql.args.iter()), |r| r.get(0)))
                    .ctx(&self.path, || "counting dated events".into())?;
                u(n)
            };
            let left = page.limit - page_keys.len() as u32;
            if dated < u(total) {
                page_keys.extend(keys(
                    "day IS NULL",
                    "event_key",
                    left,
                    page.offset.saturating_sub(dated),
                )?);
            }
        }
        let mut rows: Vec<HitRow> = Vec::with_capacity(page_keys.len());
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT e.event_key, e.incident, e.date, r.record, e.event_id FROM events e
                     JOIN event_records r ON r.event_key = e.event_key WHERE e.event_key = ?1",
                )
                .ctx(&self.path, || "reading events".into())?;
            for k in page_keys {
                let row = stmt
                    .query_row([k], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .ctx(&self.path, || format!("reading event {k}"))?;
                rows.push(row);
            }
        }
        Ok((u(total), rows))
    }

    /// Events per period over any filter (a timeline): reports, incidents and reports per
    /// QuadClass in each bucket that has events; undated events are left out. The events
    /// behind a bucket are [`Store::events`] with the same filter and the bucket's dates
    /// as `since` and `until`.
    pub fn timeline(&self, filter: &EventFilter, by: Period) -> Result<Vec<TimelinePoint>> {
        let sql = filter.build()?;
        let key = period_key(by);
        let rows = sql.rows_sql(&format!("{key} AS k, incident, quad"), &[sql.dated()]);
        let query = format!(
            "SELECT k, count(*), count(DISTINCT incident), sum(quad = 1), sum(quad = 2), sum(quad = 3),
                    sum(quad = 4)
             FROM ({rows}) GROUP BY k ORDER BY k"
        );
        self.conn
            .prepare_cached(&query)
            .and_then(|mut s| {
                s.query_map(params_from_iter(sql.args.iter()), |r| {
                    Ok(TimelinePoint {
                        period: period_label(by, r.get(0)?),
                        reports: u(r.get(1)?),
                        incidents: u(r.get(2)?),
                        quad_reports: [u(r.get(3)?), u(r.get(4)?), u(r.get(5)?), u(r.get(6)?)],
                    })
                })?
                .collect()
            })
            .ctx(&self.path, || "running the timeline query".into())
    }

    /// Dyad time series: per bucket, reports and incidents per QuadClass, summed and mean
    /// Goldstein. Buckets without events are left out. Monthly series of two plain roots
    /// over whole months come from the `dyad_months` table (kept by triggers on insert and
    /// delete); other series from the `(source_root, target_root, day, …)` covering index.
    pub fn series(&self, q: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        q.source.validate("source")?;
        q.target.validate("target")?;
        if let Some(months) = self.series_months(q)? {
            return Ok(months);
        }
        self.series_scan(q)
    }

    fn series_scan(&self, q: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        q.source.validate("source")?;
        q.target.validate("target")?;
        let mut args = Vec::new();
        let mut c = Vec::new();
        let fwd = format!(
            "({} AND {})",
            q.source.sql("source", &mut args),
            q.target.sql("target", &mut args)
        );
        // Both directions are two index-only scans (the dyad index, then the reverse-dyad
        // index without the rows of the first), not one OR that looks up every row.
        let rev = q.both_directions.then(|| {
            format!(
                "({} AND {} AND NOT {fwd})",
                q.target.sql("source", &mut args),
                q.source.sql("target", &mut args)
            )
        });
        c.push("day IS NOT NULL".into());
        if !q.include_negated {
            c.push("negated = 0".into());
        }
        let (first, last) = day_range(&q.since, &q.until)?;
        push_days(&mut c, &mut args, first, last);
        let key = period_key(q.by);
        let common = c.join(" AND ");
        let side = |dir: &str| {
            format!(
                "SELECT {key} AS k, incident, quad, goldstein FROM events WHERE {dir} AND {common}"
            )
        };
        let rows = match &rev {
            Some(rev) => format!("{} UNION ALL {}", side(&fwd), side(rev)),
            None => side(&fwd),
        };
        // Rows are summed here rather than by SQLite's GROUP BY with five DISTINCT counts
        // (a temporary B-tree each): a few thousand rows per dyad, one pass.
        let mut buckets: BTreeMap<i64, Bucket> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(&rows)
            .ctx(&self.path, || "preparing the series query".into())?;
        let mut it = stmt
            .query(params_from_iter(args.iter()))
            .ctx(&self.path, || "running the series query".into())?;
        while let Some(r) = it.next().ctx(&self.path, || "reading the series".into())? {
            let (k, incident, quad, goldstein): (i64, Option<i64>, i64, f64) =
                (|| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))()
                    .ctx(&self.path, || "reading the series".into())?;
            buckets.entry(k).or_default().add(incident, quad, goldstein);
        }
        Ok(buckets
            .into_iter()
            .map(|(k, b)| {
                let reports = b.reports;
                SeriesPoint {
                    period: period_label(q.by, k),
                    reports,
                    incidents: b.incidents.len() as u64,
                    quad_reports: b.quad_reports,
                    quad_incidents: b.quad_incidents.map(|s| s.len() as u64),
                    goldstein_sum: b.goldstein_sum,
                    goldstein_mean: if reports > 0 {
                        b.goldstein_sum / reports as f64
                    } else {
                        0.0
                    },
                }
            })
            .collect())
    }

    /// The series from the `dyad_months` table when it answers the query exactly: both
    /// actors are plain roots (three letters, no sector), buckets are months and the date
    /// bounds, if any, are whole months. A few hundred rows instead of every report.
    fn series_months(&self, q: &SeriesQuery) -> Result<Option<Vec<SeriesPoint>>> {
        let plain = |a: &ActorSel| a.code.len() == 3 && a.sector.is_none();
        if q.by != Period::Month || !plain(&q.source) || !plain(&q.target) {
            return Ok(None);
        }
        let (first, last) = day_range(&q.since, &q.until)?;
        let month_of = |d: i64| {
            dates::date_of(d).map(|x| (x, i64::from(x.year()) * 100 + i64::from(x.month())))
        };
        let lo_month = match first {
            None => i64::MIN,
            Some(d) => match month_of(d) {
                Some((x, m)) if x.day() == 1 => m,
                _ => return Ok(None),
            },
        };
        let hi_month = match last {
            None => i64::MAX,
            Some(d) => match (month_of(d), month_of(d + 1)) {
                (Some((_, m)), Some((next, _))) if next.day() == 1 => m,
                _ => return Ok(None),
            },
        };
        let (a, b) = (q.source.code.as_str(), q.target.code.as_str());
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        // Columns of the asked direction: `ab` when the source is the smaller root.
        let fwd_ab = a <= b;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT month, quad, r_ab, r_ba, g_ab, g_ba, i_ab, i_ba, i_both FROM dyad_months
                 WHERE lo = ?1 AND hi = ?2 AND negated <= ?3 AND month >= ?4 AND month <= ?5",
            )
            .ctx(&self.path, || "preparing the series query".into())?;
        let mut it = stmt
            .query(rusqlite::params![
                lo,
                hi,
                i64::from(q.include_negated),
                lo_month,
                hi_month
            ])
            .ctx(&self.path, || "running the series query".into())?;
        #[derive(Default)]
        struct Sums {
            reports: u64,
            incidents: u64,
            quad_reports: [u64; 4],
            quad_incidents: [u64; 4],
            goldstein_sum: f64,
        }
        let mut months: BTreeMap<i64, Sums> = BTreeMap::new();
        while let Some(r) = it.next().ctx(&self.path, || "reading the series".into())? {
            let row = (|| -> rusqlite::Result<_> {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    [r.get::<_, i64>(2)?, r.get::<_, i64>(3)?],
                    [r.get::<_, f64>(4)?, r.get::<_, f64>(5)?],
                    [r.get::<_, i64>(6)?, r.get::<_, i64>(7)?],
                    r.get::<_, i64>(8)?,
                ))
            })()
            .ctx(&self.path, || "reading the series".into())?;
            let (month, quad, rep, gold, inc, inc_both) = row;
            let (n, g, i) = if q.both_directions && a != b {
                (rep[0] + rep[1], gold[0] + gold[1], inc_both)
            } else if fwd_ab {
                (rep[0], gold[0], inc[0])
            } else {
                (rep[1], gold[1], inc[1])
            };
            let m = months.entry(month).or_default();
            if quad == -1 {
                m.incidents += u(i);
                continue;
            }
            m.reports += u(n);
            m.goldstein_sum += g;
            if (1..=4).contains(&quad) {
                m.quad_reports[(quad - 1) as usize] += u(n);
                m.quad_incidents[(quad - 1) as usize] += u(i);
            }
        }
        Ok(Some(
            months
                .into_iter()
                .filter(|(_, m)| m.reports > 0)
                .map(|(k, m)| SeriesPoint {
                    period: period_label(Period::Month, k),
                    reports: m.reports,
                    incidents: m.incidents,
                    quad_reports: m.quad_reports,
                    quad_incidents: m.quad_incidents,
                    goldstein_sum: m.goldstein_sum,
                    goldstein_mean: m.goldstein_sum / m.reports as f64,
                })
                .collect(),
        ))
    }

    /// The series from the reports themselves (any actor selector, period and dates).
    #[doc(hidden)]
    pub fn series_from_reports(&self, q: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        self.series_scan(q)
    }

    /// An actor's partners ranked by number of reports (then code).
    pub fn partners(&self, q: &PartnersQuery) -> Result<Vec<Partner>> {
        q.actor.validate("actor")?;
        q.page.validate()?;
        let mut args = Vec::new();
        let (first, last) = day_range(&q.since, &q.until)?;
        let mut common = Vec::new();
        if !q.include_negated {
            common.push("negated = 0".to_string());
        }
        let side = |role: &str, other: &str, out: i64, args: &mut Vec<Value>| {
            let mut c = common.clone();
            c.push(q.actor.sql(role, args));
            c.push(format!("{other}_root != ''"));
            push_days(&mut c, args, first, last);
            format!(
                "SELECT {other}_root AS partner, {out} AS out, quad, goldstein, incident FROM events WHERE {}",
                c.join(" AND ")
            )
        };
        let a = side("source", "target", 1, &mut args);
        let b = side("target", "source", 0, &mut args);
        // Summed here in one pass (see `series`), then ranked.
        let mut by_partner: HashMap<String, Bucket> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{a} UNION ALL {b}"))
            .ctx(&self.path, || "preparing the partners query".into())?;
        let mut it = stmt
            .query(params_from_iter(args.iter()))
            .ctx(&self.path, || "querying partners".into())?;
        while let Some(r) = it.next().ctx(&self.path, || "reading partners".into())? {
            let row = (|| -> rusqlite::Result<_> {
                let partner = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                Ok((
                    partner,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            })()
            .ctx(&self.path, || "reading partners".into())?;
            let (partner, out, quad, goldstein, incident) = row;
            let bucket = match by_partner.get_mut(partner) {
                Some(b) => b,
                None => by_partner.entry(partner.to_string()).or_default(),
            };
            bucket.add(incident, quad, goldstein);
            bucket.as_source += u64::from(out == 1);
        }
        let mut ranked: Vec<Partner> = by_partner
            .into_iter()
            .map(|(partner, b)| Partner {
                partner,
                reports: b.reports,
                incidents: b.incidents.len() as u64,
                as_source: b.as_source,
                as_target: b.reports - b.as_source,
                quad_reports: b.quad_reports,
                goldstein_mean: if b.reports > 0 {
                    b.goldstein_sum / b.reports as f64
                } else {
                    0.0
                },
            })
            .collect();
        ranked.sort_by(|x, y| y.reports.cmp(&x.reports).then(x.partner.cmp(&y.partner)));
        Ok(ranked
            .into_iter()
            .skip(usize::try_from(q.page.offset).unwrap_or(usize::MAX))
            .take(q.page.limit as usize)
            .collect())
    }

    /// Meetings: consultation incidents (CAMEO root 04) whose reports carry a roster or
    /// use 043 (host), 044 (meet at a third location) or 046 (negotiate), with attendees
    /// from every non-negated report and absentees from negated consultations in the same
    /// documents. A multi-party meeting is coded as one event per pair of participants
    /// (sharing the roster and the `happening` number of their sentence), and each pair
    /// is its own incident: the incidents linked by such a report form one meeting, listed
    /// once with all participants. Ordered by first date, then incident.
    pub fn meetings(&self, q: &MeetingsQuery) -> Result<Vec<Meeting>> {
        q.page.validate()?;
        let mut args = Vec::new();
        let mut c = vec![
            "root = '04'".to_string(),
            "negated = 0".to_string(),
            "incident IS NOT NULL".to_string(),
            "(n_roster > 0 OR cameo IN ('043', '044', '046'))".to_string(),
        ];
        if let Some(a) = &q.actor {
            a.validate("actor")?;
            let s = a.sql("source", &mut args);
            let t = a.sql("target", &mut args);
            let root: String = a.code.chars().take(3).collect();
            args.push(Value::Text(format!("%,{root},%")));
            c.push(format!("({s} OR {t} OR roster LIKE ?{})", args.len()));
        }
        let (first, last) = day_range(&q.since, &q.until)?;
        push_days(&mut c, &mut args, first, last);
        let sql = format!(
            "SELECT i.incident FROM incidents i
             WHERE i.incident IN (SELECT incident FROM events WHERE {})
             ORDER BY i.day_first IS NULL, i.day_first, i.incident",
            c.join(" AND "),
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .ctx(&self.path, || "querying meetings".into())?;
        let mut rows = stmt
            .query(params_from_iter(args.iter()))
            .ctx(&self.path, || "querying meetings".into())?;
        let mut seen = BTreeSet::new();
        let (mut skipped, mut out) = (0u64, Vec::new());
        while let Some(r) = rows.next().ctx(&self.path, || "reading meetings".into())? {
            let id: i64 = r.get(0).ctx(&self.path, || "reading meetings".into())?;
            if seen.contains(&id) {
                continue;
            }
            let group = self.meeting_group(id)?;
            seen.extend(group.iter().copied());
            if skipped < q.page.offset {
                skipped += 1;
                continue;
            }
            out.push(self.meeting(&group)?);
            if out.len() >= q.page.limit as usize {
                break;
            }
        }
        Ok(out)
    }

    /// The incidents of one meeting: `id` and every consultation incident that shares a
    /// multi-party report (same document, sentence and happening) with it, transitively.
    fn meeting_group(&self, id: i64) -> Result<Vec<i64>> {
        let mut group = BTreeSet::from([id]);
        let mut todo = vec![id];
        while let Some(inc) = todo.pop() {
            let linked: Vec<i64> = self
                .conn
                .prepare_cached(
                    // CROSS JOIN keeps the incident's own reports (a few, by
                    // `events_incident`) as the outer loop: left to itself the planner
                    // scanned every consultation (`o.root = '04'`) once per incident.
                    "SELECT DISTINCT o.incident FROM events e
                     CROSS JOIN events o ON o.doc_key = e.doc_key AND o.sentence = e.sentence
                                  AND o.happening = e.happening
                     WHERE e.incident = ?1 AND e.n_roster > 0 AND e.negated = 0
                       AND o.incident IS NOT NULL AND o.incident != ?1 AND o.root = '04'
                       AND o.negated = 0 AND o.n_roster > 0",
                )
                .and_then(|mut s| s.query_map([inc], |r| r.get(0))?.collect())
                .ctx(&self.path, || {
                    format!("linking the incidents of meeting {id}")
                })?;
            for l in linked {
                if group.len() < 200 && group.insert(l) {
                    todo.push(l);
                }
            }
        }
        Ok(group.into_iter().collect())
    }

    /// A meeting from its incidents (see [`Store::meeting_group`]). Its reports are the
    /// distinct (document, sentence, happening) acts, however many pair events each has.
    fn meeting(&self, group: &[i64]) -> Result<Meeting> {
        let id = group.first().copied().unwrap_or_default();
        let mut attend: BTreeMap<String, Attendee> = BTreeMap::new();
        let mut named: BTreeSet<(String, u32, u32, String)> = BTreeSet::new();
        let mut reports = BTreeSet::new();
        let mut docs = BTreeSet::new();
        let mut outlets = BTreeSet::new();
        let (mut lo, mut hi): (Option<i64>, Option<i64>) = (None, None);
        let (mut cameo, mut place) = (String::new(), None);
        for &inc in group {
            let info = self.incident(inc)?.info;
            let (a, b) = self.incident_days(inc)?;
            lo = match (lo, a) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            hi = match (hi, b) {
                (Some(x), Some(y)) => Some(x.max(y)),
                (x, y) => x.or(y),
            };
            if info.cameo.len() > cameo.len()
                || (info.cameo.len() == cameo.len() && info.cameo < cameo)
            {
                cameo = info.cameo;
            }
            place = place.or(info.place);
            for (doc_key, rec) in self.incident_records(inc)? {
                docs.insert(doc_key);
                if let Some(o) = &rec.outlet {
                    outlets.insert(o.clone());
                }
                let report = (rec.doc_id.clone(), rec.sentence.index, rec.happening);
                reports.insert(report.clone());
                for a in rec
                    .source
                    .iter()
                    .chain(rec.target.iter())
                    .chain(rec.roster.iter())
                {
                    let root: String = a.code.chars().take(3).collect();
                    let key = (report.0.clone(), report.1, report.2, root.clone());
                    if root.is_empty() || !named.insert(key) {
                        continue;
                    }
                    attend
                        .entry(root.clone())
                        .or_insert_with(|| Attendee {
                            code: root,
                            text: a.text.clone(),
                            reports: 0,
                        })
                        .reports += 1;
                }
            }
        }
        // Negated consultations in the same documents, near the meeting's dates.
        let (lo, hi) = (
            lo.map(|d| d - self.dedup.window_days),
            hi.map(|d| d + self.dedup.window_days),
        );
        let mut absent: BTreeMap<String, Attendee> = BTreeMap::new();
        for doc_key in &docs {
            let rows: Vec<String> = self
                .conn
                .prepare_cached(
                    "SELECT r.record FROM events e JOIN event_records r ON r.event_key = e.event_key
                     WHERE e.doc_key = ?1 AND e.root = '04' AND e.negated = 1
                       AND (e.day IS NULL OR ?2 IS NULL OR e.day BETWEEN ?2 AND ?3) ORDER BY e.event_key",
                )
                .and_then(|mut s| {
                    s.query_map(rusqlite::params![doc_key, lo, hi], |r| r.get(0))?
                        .collect()
                })
                .ctx(&self.path, || {
                    format!("looking for absentees of incident {id}")
                })?;
            for rec in rows {
                let rec = decode_record(|| format!("negated event of incident {id}"), &rec)?;
                if let Some(a) = &rec.source {
                    let root: String = a.code.chars().take(3).collect();
                    if root.is_empty() || attend.contains_key(&root) {
                        continue;
                    }
                    absent
                        .entry(root.clone())
                        .or_insert_with(|| Attendee {
                            code: root,
                            text: a.text.clone(),
                            reports: 0,
                        })
                        .reports += 1;
                }
            }
        }
        let mut attendees: Vec<Attendee> = attend.into_values().collect();
        attendees.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.code.cmp(&b.code)));
        Ok(Meeting {
            incident: id,
            incidents: group.to_vec(),
            cameo,
            date_first: label(lo.map(|d| d + self.dedup.window_days)),
            date_last: label(hi.map(|d| d - self.dedup.window_days)),
            place,
            attendees,
            absent: absent.into_values().collect(),
            reports: reports.len() as u64,
            documents: docs.len() as u64,
            outlets: outlets.len() as u64,
        })
    }

    fn incident_days(&self, id: i64) -> Result<(Option<i64>, Option<i64>)> {
        self.conn
            .query_row(
                "SELECT day_first, day_last FROM incidents WHERE incident = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ctx(&self.path, || format!("reading incident {id}"))
    }

    fn incident_records(&self, id: i64) -> Result<Vec<(i64, EventRecord)>> {
        let rows: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT e.doc_key, r.record, e.event_id FROM events e JOIN event_records r ON r.event_key = e.event_key
                 WHERE e.incident = ?1 ORDER BY e.day, e.event_key",
            )
            .and_then(|mut s| s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .ctx(&self.path, || format!("reading reports of incident {id}"))?;
        rows.into_iter()
            .map(|(k, rec, eid)| Ok((k, decode_record(|| format!("event `{eid}`"), &rec)?)))
            .collect()
    }

    /// One incident with all its reports.
    pub fn incident(&self, id: i64) -> Result<IncidentDetail> {
        let info = self
            .conn
            .query_row(
                "SELECT incident, pair_a, pair_b, cameo, negated, day_first, day_last, place,
                        n_reports, n_docs, n_outlets, n_sources FROM incidents WHERE incident = ?1",
                [id],
                |r| {
                    Ok(IncidentInfo {
                        incident: r.get(0)?,
                        pair: (r.get(1)?, r.get(2)?),
                        cameo: r.get(3)?,
                        negated: r.get(4)?,
                        date_first: label(r.get(5)?),
                        date_last: label(r.get(6)?),
                        place: r.get(7)?,
                        reports: u(r.get(8)?),
                        documents: u(r.get(9)?),
                        outlets: u(r.get(10)?),
                        sources: u(r.get(11)?),
                    })
                },
            )
            .optional()
            .ctx(&self.path, || format!("reading incident {id}"))?
            .ok_or_else(|| StoreError::NotFound {
                what: "incident",
                id: id.to_string(),
            })?;
        let rows: Vec<(String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT r.record, e.date FROM events e JOIN event_records r ON r.event_key = e.event_key
                 WHERE e.incident = ?1 ORDER BY e.day, e.event_key",
            )
            .and_then(|mut s| s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .ctx(&self.path, || format!("reading reports of incident {id}"))?;
        let mut reports = Vec::with_capacity(rows.len());
        for (rec, date) in rows {
            let rec = decode_record(|| format!("report of incident {id}"), &rec)?;
            reports.push(ReportRef {
                event_id: rec.event_id,
                doc_id: rec.doc_id,
                outlet: rec.outlet,
                url: rec.url,
                date,
                cameo: rec.cameo,
                certainty: rec.certainty,
                negated: rec.negated,
                attribution: rec.attribution.map(|a| a.code),
                sentence: rec.sentence.text,
            });
        }
        Ok(IncidentDetail { info, reports })
    }

    /// One event by its id (`doc#sentence.n`) or row number, with its evidence sentence,
    /// explanation, and every report of its incident.
    pub fn event(&self, id: &str) -> Result<EventDetail> {
        let key: Option<i64> = id.parse().ok();
        let row: Option<HitRow> = self
            .conn
            .query_row(
                "SELECT e.event_key, e.incident, e.date, r.record, d.title FROM events e
                 JOIN documents d ON d.doc_key = e.doc_key JOIN event_records r ON r.event_key = e.event_key
                 WHERE e.event_id = ?1 OR e.event_key = ?2",
                rusqlite::params![id, key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .ctx(&self.path, || format!("reading event `{id}`"))?;
        let Some((key, incident, date, rec, title)) = row else {
            return Err(StoreError::NotFound {
                what: "event",
                id: id.to_string(),
            });
        };
        let record = decode_record(|| format!("event `{id}`"), &rec)?;
        let incident_detail = match incident {
            Some(i) => Some(self.incident(i)?),
            None => None,
        };
        Ok(EventDetail {
            hit: EventHit {
                key,
                incident,
                date,
                record,
            },
            title,
            incident: incident_detail,
        })
    }

    /// Counts and the most reported dyads.
    pub fn summary(&self, top: usize) -> Result<Summary> {
        let count = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(u)
                .ctx(&self.path, || format!("counting: {sql}"))
        };
        let top_dyads = self
            .conn
            .prepare(
                "SELECT source_root, target_root, count(*), count(DISTINCT incident) FROM events
                 WHERE negated = 0 AND source_root != '' AND target_root != ''
                 GROUP BY source_root, target_root ORDER BY count(*) DESC, source_root, target_root LIMIT ?1",
            )
            .and_then(|mut s| {
                s.query_map([top as i64], |r| {
                    Ok(DyadCount {
                        source: r.get(0)?,
                        target: r.get(1)?,
                        reports: u(r.get(2)?),
                        incidents: u(r.get(3)?),
                    })
                })?
                .collect()
            })
            .ctx(&self.path, || "ranking dyads".into())?;
        let roots = self
            .conn
            .prepare("SELECT root, count(*) FROM events GROUP BY root ORDER BY root")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, u(r.get(1)?))))?
                    .collect()
            })
            .ctx(&self.path, || "counting roots".into())?;
        Ok(Summary {
            documents: count("SELECT count(*) FROM documents")?,
            sentences: count("SELECT count(*) FROM sentences")?,
            events: count("SELECT count(*) FROM events")?,
            negated: count("SELECT count(*) FROM events WHERE negated = 1")?,
            incidents: count("SELECT count(*) FROM incidents")?,
            multi_report_incidents: count("SELECT count(*) FROM incidents WHERE n_docs > 1")?,
            outlets: count("SELECT count(DISTINCT outlet) FROM documents")?,
            top_dyads,
            roots,
        })
    }

    /// Ids of all stored documents, in storage order.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        self.conn
            .prepare("SELECT id FROM documents ORDER BY doc_key")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .ctx(&self.path, || "listing documents".into())
    }

    /// A stored document as metadata and text only (no annotation), ready to re-code.
    pub fn document(&self, id: &str) -> Result<jirga_doc::Doc> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT url, title, date, outlet, author, language, origin, text FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ))
                },
            )
            .optional()
            .ctx(&self.path, || format!("reading document `{id}`"))?;
        let Some((url, title, date, outlet, author, language, origin, text)) = row else {
            return Err(StoreError::NotFound {
                what: "document",
                id: id.to_string(),
            });
        };
        let origin = match origin {
            Some(o) => Some(serde_json::from_str(&o).map_err(|source| StoreError::Json {
                what: format!("origin of document `{id}`"),
                source,
            })?),
            None => None,
        };
        let meta = jirga_doc::DocMeta {
            id: id.to_string(),
            url,
            title,
            date,
            outlet,
            author,
            language,
            origin,
        };
        Ok(jirga_doc::Doc::new(meta, text))
    }

    /// The stored event records of a document, in storage order.
    pub fn document_events(&self, id: &str) -> Result<Vec<EventRecord>> {
        let rows: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT r.record, e.event_id FROM events e JOIN event_records r ON r.event_key = e.event_key
                 WHERE e.doc_key = (SELECT doc_key FROM documents WHERE id = ?1) ORDER BY e.event_key",
            )
            .and_then(|mut s| s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .ctx(&self.path, || format!("reading events of document `{id}`"))?;
        rows.into_iter()
            .map(|(rec, eid)| decode_record(|| format!("event `{eid}`"), &rec))
            .collect()
    }
}
