//! Idempotent, crash-safe writes: documents, sentences, mentions, events, incidents.

use crate::dates::{self, Precision};
use crate::dedup::{self, Report};
use crate::error::{Result, SqlCtx, StoreError};
use crate::Store;
use jirga_doc::{Doc, EventActor, EventRecord};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What happened to one document given to [`Store::ingest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// New document stored with this many events.
    Added {
        /// Events stored.
        events: usize,
    },
    /// Same id and same text as a stored document: nothing written.
    Unchanged,
    /// Same id, different text (the article was revised): the old version, its events and
    /// their incident links were replaced.
    Replaced {
        /// Events stored.
        events: usize,
    },
    /// The same text is stored under another id (a syndicated copy): nothing written.
    Duplicate {
        /// Id of the stored document with this text.
        of: String,
    },
}

/// Totals over many [`Outcome`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestStats {
    /// Documents added.
    pub added: u64,
    /// Documents already stored unchanged.
    pub unchanged: u64,
    /// Documents replaced by a revised text.
    pub replaced: u64,
    /// Documents skipped as copies of a stored text.
    pub duplicate: u64,
    /// Documents rejected (bad offsets, events pointing nowhere).
    pub rejected: u64,
    /// Events stored.
    pub events: u64,
}

impl IngestStats {
    /// Counts one outcome.
    pub fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Added { events } => {
                self.added += 1;
                self.events += *events as u64;
            }
            Outcome::Replaced { events } => {
                self.replaced += 1;
                self.events += *events as u64;
            }
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Duplicate { .. } => self.duplicate += 1,
        }
    }
}

/// Hex SHA-256 of a document's text: the content key of idempotent ingest.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks that a document can be stored: an id, consistent offsets, events pointing at
/// existing sentences and tokens.
pub fn validate(doc: &Doc) -> Result<()> {
    let bad = |what: String| StoreError::Document {
        doc: doc.meta.id.clone(),
        what,
    };
    if doc.meta.id.trim().is_empty() {
        return Err(bad("the document has no id".into()));
    }
    doc.check_invariants().map_err(|e| bad(e.to_string()))?;
    let n = doc.tokens.len() as u32;
    for (k, ev) in doc.events.iter().enumerate() {
        if ev.sentence as usize >= doc.sentences.len() {
            return Err(bad(format!(
                "event {k} points at sentence {} of {}",
                ev.sentence,
                doc.sentences.len()
            )));
        }
        if ev.trigger.1 > ev.trigger.0 && ev.trigger.1 > n {
            return Err(bad(format!(
                "event {k} trigger tokens {}..{} are outside the {n} tokens",
                ev.trigger.0, ev.trigger.1
            )));
        }
        if ev.cameo.len() < 2 || !ev.cameo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("event {k} has CAMEO code `{}`", ev.cameo)));
        }
    }
    Ok(())
}

/// First three characters of an actor code (country or group).
pub fn code_root(code: &str) -> String {
    code.chars().take(3).collect()
}

/// Sector codes of an event participant: the mention's sectors when the participant
/// points at a mention, else the three-letter chunks after the root.
fn sectors_of(doc: &Doc, a: &EventActor) -> Vec<String> {
    if let Some(m) = a.mention.and_then(|m| doc.mentions.get(m as usize)) {
        if m.code == a.code {
            return m.sectors.clone();
        }
    }
    let rest: Vec<char> = a.code.chars().skip(3).collect();
    rest.chunks(3).map(|c| c.iter().collect()).collect()
}

fn joined(items: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = items.into_iter().filter(|s| !s.is_empty()).collect();
    if v.is_empty() {
        String::new()
    } else {
        format!(",{},", v.join(","))
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn json<T: Serialize>(v: &T, what: impl FnOnce() -> String) -> Result<String> {
    serde_json::to_string(v).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })
}

/// Event date of a record: its resolved `when.date` when that parses, else the document date.
pub fn event_date(rec: &EventRecord) -> Option<dates::StoreDate> {
    rec.when
        .as_ref()
        .and_then(|w| w.date.as_deref())
        .and_then(dates::parse)
        .or_else(|| rec.doc_date.as_deref().and_then(dates::parse))
}

impl Store {
    /// Stores one document in one transaction (see [`Store::ingest_batch`]).
    pub fn ingest(&mut self, doc: &Doc) -> Result<Outcome> {
        let mut out = self.ingest_batch(std::slice::from_ref(doc))?;
        out.pop().unwrap_or_else(|| {
            Err(StoreError::Document {
                doc: doc.meta.id.clone(),
                what: "no outcome".into(),
            })
        })
    }

    /// Stores documents in one transaction: either all of the batch is stored or none of
    /// it (a killed process leaves no half document). Each document gets an [`Outcome`] or,
    /// when it cannot be stored ([`validate`]), its own error while the rest of the batch
    /// is stored. The outer error is a database failure, after which nothing of the batch
    /// was stored.
    pub fn ingest_batch(&mut self, docs: &[Doc]) -> Result<Vec<Result<Outcome>>> {
        let path = self.path.clone();
        let cfg = self.dedup;
        let tx = self
            .conn
            .transaction()
            .ctx(&path, || "starting a transaction".into())?;
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            if let Err(e) = validate(doc) {
                out.push(Err(e));
                continue;
            }
            out.push(Ok(ingest_one(&tx, &path, &cfg, doc)?));
        }
        tx.commit().ctx(&path, || "committing documents".into())?;
        Ok(out)
    }

    /// Replaces the events (and mentions, sentences, stamps) of an already stored document
    /// with those of `doc`, which must carry the same id and text; used by re-coding.
    pub fn replace_annotations(&mut self, doc: &Doc) -> Result<usize> {
        validate(doc)?;
        let path = self.path.clone();
        let cfg = self.dedup;
        let tx = self
            .conn
            .transaction()
            .ctx(&path, || "starting a transaction".into())?;
        let id = &doc.meta.id;
        let found: Option<(i64, String)> = tx
            .query_row(
                "SELECT doc_key, content_hash FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx(&path, || format!("looking up document `{id}`"))?;
        let Some((key, hash)) = found else {
            return Err(StoreError::NotFound {
                what: "document",
                id: id.clone(),
            });
        };
        if hash != content_hash(&doc.text) {
            return Err(StoreError::Document {
                doc: id.clone(),
                what: "re-coded text differs from the stored text".into(),
            });
        }
        delete_document(&tx, &path, key, id)?;
        let n = insert_document(&tx, &path, &cfg, doc, &hash)?;
        tx.commit()
            .ctx(&path, || format!("committing document `{id}`"))?;
        Ok(n)
    }
}

fn ingest_one(
    tx: &Transaction<'_>,
    path: &str,
    cfg: &dedup::DedupConfig,
    doc: &Doc,
) -> Result<Outcome> {
    let id = &doc.meta.id;
    let hash = content_hash(&doc.text);
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT doc_key, content_hash FROM documents WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(path, || format!("looking up document `{id}`"))?;
    let replaced = match found {
        Some((_, h)) if h == hash => return Ok(Outcome::Unchanged),
        Some((key, _)) => {
            delete_document(tx, path, key, id)?;
            true
        }
        None => {
            let other: Option<String> = tx
                .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1 LIMIT 1")
                .and_then(|mut s| s.query_row([&hash], |r| r.get(0)).optional())
                .ctx(path, || format!("looking up the text of document `{id}`"))?;
            if let Some(of) = other {
                return Ok(Outcome::Duplicate { of });
            }
            false
        }
    };
    let events = insert_document(tx, path, cfg, doc, &hash)?;
    Ok(if replaced {
        Outcome::Replaced { events }
    } else {
        Outcome::Added { events }
    })
}

/// Deletes a document with its rows and refreshes the incidents its events were in.
fn delete_document(tx: &Transaction<'_>, path: &str, key: i64, id: &str) -> Result<()> {
    let incidents: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT incident FROM events WHERE doc_key = ?1 AND incident IS NOT NULL",
        )
        .and_then(|mut s| s.query_map([key], |r| r.get(0))?.collect())
        .ctx(path, || format!("listing incidents of document `{id}`"))?;
    tx.execute("DELETE FROM documents WHERE doc_key = ?1", [key])
        .ctx(path, || format!("deleting old version of document `{id}`"))?;
    for inc in incidents {
        refresh_incident(tx, path, inc)?;
    }
    Ok(())
}

/// Recomputes an incident's counts from its reports; deletes it when none is left.
pub(crate) fn refresh_incident(tx: &Transaction<'_>, path: &str, inc: i64) -> Result<()> {
    let n: i64 = tx
        .prepare_cached(
            "UPDATE incidents SET
               n_reports = (SELECT count(*) FROM events WHERE incident = ?1),
               n_docs    = (SELECT count(DISTINCT doc_key) FROM events WHERE incident = ?1),
               n_outlets = (SELECT count(DISTINCT outlet) FROM events WHERE incident = ?1),
               n_sources = (SELECT count(DISTINCT coalesce(outlet, '') || '|' || coalesce(attribution, ''))
                            FROM events WHERE incident = ?1),
               day_first = (SELECT min(day) FROM events WHERE incident = ?1),
               day_last  = (SELECT max(day) FROM events WHERE incident = ?1),
               cameo     = coalesce((SELECT cameo FROM events WHERE incident = ?1
                                     ORDER BY length(cameo) DESC, cameo LIMIT 1), cameo),
               place     = coalesce((SELECT place FROM events WHERE incident = ?1 AND place IS NOT NULL
                                     LIMIT 1), place)
             WHERE incident = ?1
             RETURNING n_reports",
        )
        .and_then(|mut s| s.query_row([inc], |r| r.get(0)))
        .optional()
        .ctx(path, || format!("refreshing incident {inc}"))?
        .unwrap_or(0);
    if n == 0 {
        tx.execute("DELETE FROM incidents WHERE incident = ?1", [inc])
            .ctx(path, || format!("deleting empty incident {inc}"))?;
    }
    Ok(())
}

fn insert_document(
    tx: &Transaction<'_>,
    path: &str,
    cfg: &dedup::DedupConfig,
    doc: &Doc,
    hash: &str,
) -> Result<usize> {
    let m = &doc.meta;
    let id = &m.id;
    let origin = m
        .origin
        .as_ref()
        .map(|o| json(o, || format!("origin of document `{id}`")))
        .transpose()?;
    let stamps = json(&doc.stamps, || format!("stamps of document `{id}`"))?;
    let warnings = json(&doc.warnings, || format!("warnings of document `{id}`"))?;
    // Plain INSERTs and `last_insert_rowid` rather than `RETURNING`: SQLite runs a
    // RETURNING insert as a multi-row write, which opens a statement journal and copies
    // every page the insert touches into it.
    tx.prepare_cached(
        "INSERT INTO documents (id, content_hash, url, title, date, outlet, author, language, origin,
                                stamps, warnings, text, n_events, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )
    .and_then(|mut s| {
        s.execute(params![
                    id,
                    hash,
                    m.url,
                    m.title,
                    m.date,
                    m.outlet,
                    m.author,
                    m.language,
                    origin,
                    stamps,
                    warnings,
                    doc.text,
                    doc.events.len() as i64,
                    now_unix()
        ])
    })
    .ctx(path, || format!("storing document `{id}`"))?;
    let doc_key = tx.last_insert_rowid();
    {
        let mut st = tx
            .prepare_cached("INSERT INTO sentences (doc_key, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)")
            .ctx(path, || "preparing sentence insert".into())?;
        for k in 0..doc.sentences.len() as u32 {
            let (s, e) = doc.sentence_bytes(k);
            st.execute(params![doc_key, k, s, e, doc.sentence_text(k)])
                .ctx(path, || format!("storing sentence {k} of document `{id}`"))?;
        }
    }
    {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO mentions (doc_key, idx, start, end, text, code, kind, country, sectors, name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .ctx(path, || "preparing mention insert".into())?;
        for (k, mn) in doc.mentions.iter().enumerate() {
            let (s, e) = doc.token_span_bytes(mn.start, mn.end);
            let kind = serde_json::to_value(mn.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            st.execute(params![
                doc_key,
                k as i64,
                s,
                e,
                doc.span_text(mn.start, mn.end),
                mn.code,
                kind,
                mn.country,
                joined(mn.sectors.iter().cloned()),
                mn.name
            ])
            .ctx(path, || format!("storing mention {k} of document `{id}`"))?;
        }
    }
    let records = EventRecord::all(doc);
    // Incidents this document already reports (its document is counted once).
    let mut joined_here = BTreeSet::new();
    for (n, rec) in records.iter().enumerate() {
        insert_event(tx, path, cfg, doc, doc_key, n, rec, &mut joined_here)?;
    }
    Ok(records.len())
}

#[allow(clippy::too_many_arguments)]
fn insert_event(
    tx: &Transaction<'_>,
    path: &str,
    cfg: &dedup::DedupConfig,
    doc: &Doc,
    doc_key: i64,
    n: usize,
    rec: &EventRecord,
    joined_here: &mut BTreeSet<i64>,
) -> Result<()> {
    let ev = &doc.events[n];
    let eid = &rec.event_id;
    let date = event_date(rec);
    let (prec, day, month, date_txt) = match &date {
        Some(d) => (
            d.precision as i64,
            Some(d.day),
            Some(d.month),
            Some(dates::format(d)),
        ),
        None => (0, None, None, None),
    };
    let code = |a: &Option<EventActor>| a.as_ref().map(|a| a.code.clone()).unwrap_or_default();
    let (source, target) = (code(&ev.source), code(&ev.target));
    let (sroot, troot) = (code_root(&source), code_root(&target));
    let ssect = ev
        .source
        .as_ref()
        .map(|a| joined(sectors_of(doc, a)))
        .unwrap_or_default();
    let tsect = ev
        .target
        .as_ref()
        .map(|a| joined(sectors_of(doc, a)))
        .unwrap_or_default();
    let roster_roots: BTreeSet<String> = ev.roster.iter().map(|a| code_root(&a.code)).collect();
    let roster = joined(roster_roots);
    let root: String = ev.cameo.chars().take(2).collect();
    let (pair_a, pair_b) = dedup::pair_key(&sroot, &troot, &ev.cameo);
    let place_country = ev.place.as_ref().and_then(|p| p.country.clone());
    let place = ev
        .place
        .as_ref()
        .map(|p| {
            p.city
                .clone()
                .unwrap_or_else(|| p.text.clone())
                .to_lowercase()
        })
        .filter(|s| !s.is_empty());
    let me = Report {
        pair: (&pair_a, &pair_b),
        cameo: &ev.cameo,
        negated: ev.negated,
        date,
        place_country: place_country.as_deref(),
        place: place.as_deref(),
        doc: doc_key,
    };
    // Candidates: same participants and root, within the window (or undated, same document).
    type Cand = (
        i64,
        String,
        bool,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        i64,
    );
    let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Cand> {
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
    };
    let cands: Vec<Cand> = match day {
        Some(d) => tx
            .prepare_cached(
                // The participant key is the (source, target) roots, sorted for symmetric
                // codes: the dyad indexes find both orders in the window (`+root` keeps
                // SQLite from scanning all reports of the root in the window instead).
                // A report stored the other way round has the key (?1, ?2) only when its
                // code is symmetric (roots 04, 05, 06) and ?1 < ?2 (sorted): otherwise
                // the second look-up is skipped (constant terms are tested before it).
                "SELECT incident, cameo, negated, date_prec, day, place_country, place, doc_key FROM events
                 WHERE source_root = ?1 AND target_root = ?2 AND day BETWEEN ?4 AND ?5
                   AND +root = ?3 AND pair_a = ?1 AND pair_b = ?2 AND incident IS NOT NULL
                 UNION ALL
                 SELECT incident, cameo, negated, date_prec, day, place_country, place, doc_key FROM events
                 WHERE source_root = ?2 AND target_root = ?1 AND ?1 < ?2 AND ?3 IN ('04', '05', '06')
                   AND day BETWEEN ?4 AND ?5
                   AND +root = ?3 AND pair_a = ?1 AND pair_b = ?2 AND incident IS NOT NULL
                 LIMIT 500",
            )
            .and_then(|mut s| {
                s.query_map(
                    params![pair_a, pair_b, root, d - cfg.window_days, d + cfg.window_days],
                    map,
                )?
                .collect()
            }),
        None => tx
            .prepare_cached(
                "SELECT incident, cameo, negated, date_prec, day, place_country, place, doc_key FROM events
                 WHERE doc_key = ?4 AND day IS NULL AND pair_a = ?1 AND pair_b = ?2 AND root = ?3
                   AND incident IS NOT NULL LIMIT 500",
            )
            .and_then(|mut s| s.query_map(params![pair_a, pair_b, root, doc_key], map)?.collect()),
    }
    .ctx(path, || format!("finding duplicates of event `{eid}`"))?;
    let mut best: Option<(i64, i64)> = None;
    for (inc, cameo, negated, cprec, cday, pc, pl, cdoc) in &cands {
        let cdate = match (cprec, cday) {
            (1, Some(d)) => Some((Precision::Year, *d)),
            (2, Some(d)) => Some((Precision::Month, *d)),
            (3, Some(d)) => Some((Precision::Day, *d)),
            _ => None,
        }
        .map(|(precision, d)| dates::StoreDate {
            day: d,
            month: 0,
            precision,
        });
        let other = Report {
            pair: (&pair_a, &pair_b),
            cameo,
            negated: *negated,
            date: cdate,
            place_country: pc.as_deref(),
            place: pl.as_deref(),
            doc: *cdoc,
        };
        if let Some(dist) = dedup::same_happening(&me, &other, cfg) {
            if best.is_none_or(|b| (dist, *inc) < b) {
                best = Some((dist, *inc));
            }
        }
    }
    let outlet = doc.meta.outlet.as_deref();
    let attribution = ev.attribution.as_ref().map(|a| a.code.as_str());
    let joined = best.is_some();
    let incident = match best {
        Some((_, inc)) => {
            join_incident(
                tx,
                path,
                inc,
                Joining {
                    new_doc: joined_here.insert(inc),
                    outlet,
                    attribution,
                    day,
                    cameo: &ev.cameo,
                    place: place.as_deref(),
                },
            )?;
            inc
        }
        None => {
            // A new incident with this single report: its counts are known.
            tx.prepare_cached(
                "INSERT INTO incidents (pair_a, pair_b, root, cameo, negated, day_first, day_last, place,
                                        n_reports, n_docs, n_outlets, n_sources)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, 1, 1, ?8, 1)",
            )
            .and_then(|mut s| {
                s.execute(
                        params![
                            pair_a,
                            pair_b,
                            root,
                            ev.cameo,
                            ev.negated,
                            day,
                            place,
                            i64::from(doc.meta.outlet.is_some())
                        ])
            })
            .ctx(path, || format!("opening an incident for event `{eid}`"))?;
            let inc = tx.last_insert_rowid();
            joined_here.insert(inc);
            inc
        }
    };
    let record = json(rec, || format!("event `{eid}`"))?;
    tx.prepare_cached(
        "INSERT INTO events (event_id, doc_key, sentence, happening, date, date_prec, day, month,
            source, source_root, source_sectors, target, target_root, target_sectors, roster, n_roster,
            cameo, root, quad, goldstein, certainty, negated, plover, plover_mode, attribution,
            place_country, place, outlet, pair_a, pair_b, incident, dict_version, model_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)",
    )
    .and_then(|mut s| {
        s.execute(params![
            eid,
            doc_key,
            ev.sentence,
            ev.happening,
            date_txt,
            prec,
            day,
            month,
            source,
            sroot,
            ssect,
            target,
            troot,
            tsect,
            roster,
            ev.roster.len() as i64,
            ev.cameo,
            root,
            ev.quad_class,
            f64::from(ev.goldstein),
            ev.certainty.as_str(),
            ev.negated,
            ev.plover.as_ref().map(|p| p.event.clone()),
            ev.plover.as_ref().and_then(|p| p.mode.clone()),
            ev.attribution.as_ref().map(|a| a.code.clone()),
            place_country,
            place,
            doc.meta.outlet,
            pair_a,
            pair_b,
            incident,
            ev.dict_version,
            ev.model_version
        ])
    })
    .ctx(path, || format!("storing event `{eid}`"))?;
    let event_key = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO event_records (event_key, record) VALUES (?1, ?2)")
        .and_then(|mut s| s.execute(params![event_key, record]))
        .ctx(path, || format!("storing the record of event `{eid}`"))?;
    if let (Some(_), Some(month)) = (day, month) {
        let row = DyadMonthRow {
            event_key,
            source_root: &sroot,
            target_root: &troot,
            month,
            negated: ev.negated,
            quad: i64::from(ev.quad_class),
            goldstein: f64::from(ev.goldstein),
            incident,
        };
        add_to_dyad_months(tx, path, &row, joined)?;
    }
    Ok(())
}

/// The columns of a dated event that `dyad_months` counts.
struct DyadMonthRow<'a> {
    event_key: i64,
    source_root: &'a str,
    target_root: &'a str,
    month: i64,
    negated: bool,
    quad: i64,
    goldstein: f64,
    incident: i64,
}

/// Adds a just stored event to `dyad_months` (see the schema's version 3; deletes are
/// counted by a trigger). A report that opened its incident is a new incident in every
/// cell; one that joined an incident is new only where no other report of the incident
/// is (one look-up through `events_incident`).
fn add_to_dyad_months(
    tx: &Transaction<'_>,
    path: &str,
    e: &DyadMonthRow<'_>,
    joined: bool,
) -> Result<()> {
    // Other reports of the incident in this month and polarity: [same direction and
    // class, other direction and class, same direction, other direction].
    let seen: [bool; 4] = if joined {
        tx.prepare_cached(
            "SELECT coalesce(max(+o.source_root = ?3 AND +o.target_root = ?4 AND +o.quad = ?5), 0),
                    coalesce(max(+o.source_root = ?4 AND +o.target_root = ?3 AND +o.quad = ?5), 0),
                    coalesce(max(+o.source_root = ?3 AND +o.target_root = ?4), 0),
                    coalesce(max(+o.source_root = ?4 AND +o.target_root = ?3), 0)
             FROM events o WHERE o.incident = ?1 AND o.event_key != ?2 AND +o.month = ?6
               AND +o.negated = ?7 AND +o.day IS NOT NULL",
        )
        .and_then(|mut s| {
            s.query_row(
                params![
                    e.incident,
                    e.event_key,
                    e.source_root,
                    e.target_root,
                    e.quad,
                    e.month,
                    e.negated
                ],
                |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
            )
        })
        .ctx(path, || "looking up the incident's other reports".into())?
    } else {
        [false; 4]
    };
    let (lo, hi) = if e.source_root <= e.target_root {
        (e.source_root, e.target_root)
    } else {
        (e.target_root, e.source_root)
    };
    let ab = e.source_root <= e.target_root;
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO dyad_months (lo, hi, month, negated, quad, r_ab, r_ba, g_ab, g_ba, i_ab, i_ba, i_both)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (lo, hi, month, negated, quad) DO UPDATE SET
               r_ab = r_ab + excluded.r_ab, r_ba = r_ba + excluded.r_ba,
               g_ab = g_ab + excluded.g_ab, g_ba = g_ba + excluded.g_ba,
               i_ab = i_ab + excluded.i_ab, i_ba = i_ba + excluded.i_ba,
               i_both = i_both + excluded.i_both",
        )
        .ctx(path, || "preparing the dyad_months update".into())?;
    for (quad, g, same, other) in [
        (e.quad, e.goldstein, seen[0], seen[1]),
        (-1, 0.0, seen[2], seen[3]),
    ] {
        let new_inc = i64::from(!same);
        let new_both = i64::from(!same && !other);
        let (r_ab, r_ba) = if ab { (1, 0) } else { (0, 1) };
        let (g_ab, g_ba) = if ab { (g, 0.0) } else { (0.0, g) };
        let (i_ab, i_ba) = if ab { (new_inc, 0) } else { (0, new_inc) };
        stmt.execute(params![
            lo, hi, e.month, e.negated, quad, r_ab, r_ba, g_ab, g_ba, i_ab, i_ba, new_both
        ])
        .ctx(path, || "updating dyad_months".into())?;
    }
    Ok(())
}

/// What a report brings to the incident it joins.
struct Joining<'a> {
    /// First report of this document in the incident.
    new_doc: bool,
    outlet: Option<&'a str>,
    attribution: Option<&'a str>,
    day: Option<i64>,
    cameo: &'a str,
    place: Option<&'a str>,
}

/// Updates an incident's counts for one more report, before the report is stored: the
/// same numbers [`refresh_incident`] would recount, found with index-only look-ups
/// (`events_incident` holds incident, outlet and attribution).
fn join_incident(tx: &Transaction<'_>, path: &str, inc: i64, j: Joining<'_>) -> Result<()> {
    let (outlet_seen, source_seen): (bool, bool) = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM events WHERE incident = ?1 AND outlet IS ?2),
                    EXISTS (SELECT 1 FROM events WHERE incident = ?1 AND coalesce(outlet, '') = coalesce(?2, '')
                                AND coalesce(attribution, '') = coalesce(?3, ''))",
        )
        .and_then(|mut s| s.query_row(params![inc, j.outlet, j.attribution], |r| Ok((r.get(0)?, r.get(1)?))))
        .ctx(path, || format!("looking up the sources of incident {inc}"))?;
    tx.prepare_cached(
        "UPDATE incidents SET
           n_reports = n_reports + 1,
           n_docs    = n_docs + ?2,
           n_outlets = n_outlets + ?3,
           n_sources = n_sources + ?4,
           day_first = CASE WHEN ?5 IS NULL THEN day_first WHEN day_first IS NULL THEN ?5 ELSE min(day_first, ?5) END,
           day_last  = CASE WHEN ?5 IS NULL THEN day_last WHEN day_last IS NULL THEN ?5 ELSE max(day_last, ?5) END,
           cameo     = CASE WHEN length(?6) > length(cameo) OR (length(?6) = length(cameo) AND ?6 < cameo)
                            THEN ?6 ELSE cameo END,
           place     = coalesce(place, ?7)
         WHERE incident = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            inc,
            i64::from(j.new_doc),
            i64::from(j.outlet.is_some() && !outlet_seen),
            i64::from(!source_seen),
            j.day,
            j.cameo,
            j.place
        ])
    })
    .ctx(path, || format!("counting a report into incident {inc}"))?;
    Ok(())
}
