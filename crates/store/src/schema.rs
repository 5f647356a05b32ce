//! The SQLite schema, its version, and the checks that keep jirga from writing to a file
//! that is not its own.
//!
//! A store is recognised by `PRAGMA application_id` = [`APPLICATION_ID`] (`"JIRG"`); its
//! schema version is `PRAGMA user_version`. [`MIGRATIONS`] lists the SQL that brings a
//! store from version `n` to `n + 1`; opening an older store applies the missing steps in
//! one transaction. A file that is not SQLite, a SQLite file of another application (an
//! application_id other than 0 or ours, or an id of 0 with tables in it), a store that fails
//! `PRAGMA quick_check`, or a store newer than this build is refused before anything is
//! written.

use crate::error::{Result, SqlCtx, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;

/// `PRAGMA application_id` of a jirga store: the bytes `JIRG`.
pub const APPLICATION_ID: i32 = 0x4A49_5247;

/// Current schema version (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = 3;

/// SQL of each migration: `MIGRATIONS[n]` takes a store from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3];

const V1: &str = r#"
CREATE TABLE documents (
    doc_key      INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    date         TEXT,
    outlet       TEXT,
    author       TEXT,
    language     TEXT,
    origin       TEXT,            -- JSON Origin
    stamps       TEXT NOT NULL,   -- JSON [Stamp]: stage versions that produced the annotations
    warnings     TEXT NOT NULL,   -- JSON [String]
    text         TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    ingested_at  INTEGER NOT NULL -- Unix seconds
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE sentences (
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (doc_key, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    code    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    country TEXT,
    sectors TEXT NOT NULL,
    name    TEXT,
    PRIMARY KEY (doc_key, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_code ON mentions(code);

CREATE TABLE incidents (
    incident    INTEGER PRIMARY KEY,
    pair_a      TEXT NOT NULL,
    pair_b      TEXT NOT NULL,
    root        TEXT NOT NULL,
    cameo       TEXT NOT NULL,   -- most specific code among the reports
    negated     INTEGER NOT NULL,
    day_first   INTEGER,
    day_last    INTEGER,
    place       TEXT,
    n_reports   INTEGER NOT NULL,
    n_docs      INTEGER NOT NULL,
    n_outlets   INTEGER NOT NULL,
    n_sources   INTEGER NOT NULL  -- distinct (outlet, attribution) pairs
);
CREATE INDEX incidents_day ON incidents(day_first);

CREATE TABLE events (
    event_key      INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL UNIQUE,
    doc_key        INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    sentence       INTEGER NOT NULL,
    happening      INTEGER NOT NULL,
    date           TEXT,             -- event date: resolved when.date, else the document date
    date_prec      INTEGER NOT NULL, -- 0 none, 1 year, 2 month, 3 day
    day            INTEGER,          -- first day covered, days since 1970-01-01
    month          INTEGER,          -- YYYYMM
    source         TEXT NOT NULL,    -- full actor code, '' when absent
    source_root    TEXT NOT NULL,    -- first three letters (country or group)
    source_sectors TEXT NOT NULL,    -- ',GOV,MIL,'
    target         TEXT NOT NULL,
    target_root    TEXT NOT NULL,
    target_sectors TEXT NOT NULL,
    roster         TEXT NOT NULL,    -- ',RUS,CHN,PAK,' roots of the roster
    n_roster       INTEGER NOT NULL,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    certainty      TEXT NOT NULL,
    negated        INTEGER NOT NULL,
    plover         TEXT,
    plover_mode    TEXT,
    attribution    TEXT,
    place_country  TEXT,
    place          TEXT,             -- city, else the place text, lower case
    outlet         TEXT,
    pair_a         TEXT NOT NULL,    -- dedup key: participants (sorted for symmetric codes)
    pair_b         TEXT NOT NULL,
    incident       INTEGER REFERENCES incidents(incident),
    dict_version   TEXT NOT NULL,
    model_version  TEXT NOT NULL,
    record         TEXT NOT NULL     -- the full EventRecord as JSON
);
CREATE INDEX events_dyad ON events(source_root, target_root, day, month, quad, goldstein, negated, incident);
CREATE INDEX events_target ON events(target_root, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_root ON events(root, day);
CREATE INDEX events_doc ON events(doc_key, sentence);
CREATE INDEX events_incident ON events(incident);
CREATE INDEX events_dedup ON events(pair_a, pair_b, root, day);
"#;

/// Version 2: narrow event rows and indexes that answer the queries by themselves.
///
/// - The full event record (JSON, about 1 kB) moves to `event_records`, so scans and
///   counts over `events` read short rows (filters, totals, partners, exports' filters).
/// - The dyad index and a new reverse-dyad index cover the series, partners and the
///   either-side actor filter (root included), so they never touch the table.
/// - `events_cameo` goes: CAMEO prefix filters use `events_root` (a code implies its root),
///   which now carries both actor roots so that "actor X, code root R, since D" is
///   counted from the index alone.
/// - `events_incident` carries outlet and attribution so that ingest keeps incident
///   counts up to date with index-only look-ups instead of recounting every report.
/// - `events_dedup` goes: duplicate candidates are found through the dyad index (the
///   participant key is the pair of roots), one random-order index less to write.
const V2: &str = r#"
CREATE TABLE event_records (
    event_key INTEGER PRIMARY KEY REFERENCES events(event_key) ON DELETE CASCADE,
    record    TEXT NOT NULL   -- the full EventRecord as JSON
);
INSERT INTO event_records (event_key, record) SELECT event_key, record FROM events;
ALTER TABLE events DROP COLUMN record;
DROP INDEX events_cameo;
DROP INDEX events_target;
DROP INDEX events_dyad;
DROP INDEX events_incident;
DROP INDEX events_dedup;
DROP INDEX events_root;
CREATE INDEX events_root ON events(root, day, source_root, target_root);
CREATE INDEX events_dyad ON events(source_root, target_root, day, month, quad, goldstein, negated, incident, root);
CREATE INDEX events_rdyad ON events(target_root, source_root, day, month, quad, goldstein, negated, incident, root);
CREATE INDEX events_incident ON events(incident, outlet, attribution);
"#;

/// Version 3: answers for the API's dyad series and actor pages that read a few hundred
/// rows instead of thousands.
///
/// - `dyad_months` holds, per unordered pair of actor roots (`lo` ≤ `hi`), month,
///   polarity and QuadClass, the reports, Goldstein sums and distinct incidents of each
///   direction (`ab`: source `lo`, target `hi`; `ba`: the other way) and the distinct
///   incidents of both directions together (`i_both`). Rows with `quad = -1` count
///   incidents over all QuadClasses (an incident's reports may in principle carry more
///   than one). Ingest adds each dated event as it stores it (a report that opens an
///   incident needs no look-up; one that joins an incident one look-up of the incident's
///   other reports); a trigger takes out every deleted event (deletes come from replacing
///   or removing documents). Events are never updated in place, and an update of the
///   counted columns is refused so that the table cannot drift. The look-ups go through
///   `events_incident` (the unary `+` keeps SQLite from walking a whole dyad's range of
///   the covering dyad index).
/// - `events_src_root` and `events_tgt_root` start with one actor root, then the CAMEO
///   root and day: "actor X, root R, between two dates" reads only X's events of that
///   root and period, in date order, from the index.
const V3: &str = r#"
CREATE TABLE dyad_months (
    lo      TEXT NOT NULL,
    hi      TEXT NOT NULL,
    month   INTEGER NOT NULL,
    negated INTEGER NOT NULL,
    quad    INTEGER NOT NULL,  -- QuadClass, or -1: incidents over all classes
    r_ab    INTEGER NOT NULL,
    r_ba    INTEGER NOT NULL,
    g_ab    REAL NOT NULL,
    g_ba    REAL NOT NULL,
    i_ab    INTEGER NOT NULL,
    i_ba    INTEGER NOT NULL,
    i_both  INTEGER NOT NULL,
    PRIMARY KEY (lo, hi, month, negated, quad)
) WITHOUT ROWID;
INSERT INTO dyad_months
SELECT min(source_root, target_root), max(source_root, target_root), month, negated, quad,
       sum(source_root <= target_root), sum(source_root > target_root),
       total(CASE WHEN source_root <= target_root THEN goldstein END),
       total(CASE WHEN source_root > target_root THEN goldstein END),
       count(DISTINCT CASE WHEN source_root <= target_root THEN incident END),
       count(DISTINCT CASE WHEN source_root > target_root THEN incident END),
       count(DISTINCT incident)
FROM events WHERE day IS NOT NULL AND month IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
INSERT INTO dyad_months
SELECT min(source_root, target_root), max(source_root, target_root), month, negated, -1,
       sum(source_root <= target_root), sum(source_root > target_root), 0.0, 0.0,
       count(DISTINCT CASE WHEN source_root <= target_root THEN incident END),
       count(DISTINCT CASE WHEN source_root > target_root THEN incident END),
       count(DISTINCT incident)
FROM events WHERE day IS NOT NULL AND month IS NOT NULL GROUP BY 1, 2, 3, 4;
CREATE TRIGGER dyad_months_delete AFTER DELETE ON events
WHEN OLD.day IS NOT NULL AND OLD.month IS NOT NULL BEGIN
    UPDATE dyad_months SET
        r_ab = r_ab - d.ab, r_ba = r_ba - (1 - d.ab),
        g_ab = CASE WHEN r_ab - d.ab = 0 THEN 0.0 ELSE g_ab - d.ab * d.g END,
        g_ba = CASE WHEN r_ba - (1 - d.ab) = 0 THEN 0.0 ELSE g_ba - (1 - d.ab) * d.g END,
        i_ab = i_ab - d.ab * d.ni, i_ba = i_ba - (1 - d.ab) * d.ni,
        i_both = i_both - (d.ni AND NOT EXISTS (SELECT 1 FROM events o WHERE o.incident = OLD.incident
               AND o.event_key != OLD.event_key AND +o.month = OLD.month AND +o.negated = OLD.negated
               AND +o.day IS NOT NULL AND (d.q = -1 OR +o.quad = d.q)
               AND +o.source_root = OLD.target_root AND +o.target_root = OLD.source_root))
    FROM (SELECT (OLD.source_root <= OLD.target_root) AS ab, qs.q AS q,
                 CASE WHEN qs.q = -1 THEN 0.0 ELSE OLD.goldstein END AS g,
                 (OLD.incident IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events o
                     WHERE o.incident = OLD.incident AND o.event_key != OLD.event_key
                       AND +o.month = OLD.month AND +o.negated = OLD.negated AND +o.day IS NOT NULL
                       AND (qs.q = -1 OR +o.quad = qs.q)
                       AND +o.source_root = OLD.source_root AND +o.target_root = OLD.target_root)) AS ni
          FROM (SELECT OLD.quad AS q UNION ALL SELECT -1) qs) AS d
    WHERE lo = min(OLD.source_root, OLD.target_root) AND hi = max(OLD.source_root, OLD.target_root)
      AND month = OLD.month AND negated = OLD.negated AND quad = d.q;
    DELETE FROM dyad_months
    WHERE lo = min(OLD.source_root, OLD.target_root) AND hi = max(OLD.source_root, OLD.target_root)
      AND month = OLD.month AND negated = OLD.negated AND quad IN (OLD.quad, -1)
      AND r_ab = 0 AND r_ba = 0;
END;
CREATE TRIGGER dyad_months_no_update BEFORE UPDATE OF source_root, target_root, day, month, quad,
    negated, goldstein, incident ON events BEGIN
    SELECT RAISE(ABORT, 'events are replaced, not updated in place (dyad_months would drift)');
END;
CREATE INDEX events_src_root ON events(source_root, root, day, target_root);
CREATE INDEX events_tgt_root ON events(target_root, root, day, source_root);
"#;

/// What [`check_existing`] found in a file.
pub(crate) enum FileState {
    /// No file, or an empty one: create a store.
    Fresh,
    /// A SQLite file without jirga's id but also without tables: initialise it.
    EmptySqlite,
    /// A jirga store of this version or older.
    Store,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks the file at `path` without writing to it.
pub(crate) fn check_existing(path: &Path) -> Result<FileState> {
    let p = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Fresh),
        Err(e) => {
            return Err(StoreError::NotSqlite {
                path: p,
                detail: format!("cannot read it: {e}"),
            })
        }
    };
    if meta.is_dir() {
        return Err(StoreError::NotSqlite {
            path: p,
            detail: "it is a directory".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(FileState::Fresh);
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header != SQLITE_MAGIC {
        return Err(StoreError::NotSqlite {
            path: p,
            detail: "the file does not start with the SQLite header".into(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ctx(&p, || "opening read-only to check it".into())?;
    let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
        path: p.clone(),
        detail: e.to_string(),
    };
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(corrupt)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(corrupt)?;
    if app_id != APPLICATION_ID {
        if app_id == 0 && tables == 0 {
            return Ok(FileState::EmptySqlite);
        }
        return Err(StoreError::Foreign {
            path: p,
            found: app_id,
            expected: APPLICATION_ID,
        });
    }
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: p,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut stmt = conn.prepare("PRAGMA quick_check").map_err(corrupt)?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(corrupt)?
        .collect::<std::result::Result<_, _>>()
        .map_err(corrupt)?;
    if lines.len() != 1 || lines[0] != "ok" {
        return Err(StoreError::Corrupt {
            path: p,
            detail: lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        });
    }
    Ok(FileState::Store)
}

/// Sets the connection pragmas (WAL, synchronous=NORMAL, foreign keys) and brings the
/// schema to [`SCHEMA_VERSION`].
pub(crate) fn prepare(conn: &mut Connection, path: &str, read_only: bool) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .ctx(path, || "setting busy timeout".into())?;
    if read_only {
        // Readers map the file (no copy per page read) and keep 64 MB of pages each.
        return conn
            .execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; \
                 PRAGMA cache_size = -65536; PRAGMA mmap_size = 4294967296;",
            )
            .ctx(path, || "setting pragmas".into());
    }
    // The writer keeps up to 256 MB of pages so that the indexes of a large store stay in
    // memory between batches, and checkpoints the log every 65,536 pages (256 MB with the
    // default 4 kB pages) rather than every 4 MB (fewer rewrites of the same index pages
    // into the main file).
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
         PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 65536;",
    )
    .ctx(path, || "setting pragmas".into())?;
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ctx(path, || "reading schema version".into())?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction()
        .ctx(path, || "starting migration".into())?;
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(sql).ctx(path, || {
            format!("migrating schema from version {v} to {}", v + 1)
        })?;
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
    ))
    .ctx(path, || "stamping schema version".into())?;
    tx.commit().ctx(path, || "committing migration".into())
}
