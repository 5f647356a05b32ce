//! Incident counts kept up to date report by report during ingest equal a full recount,
//! and a store of schema version 1 is migrated on open.

use jirga_store::synth::{document, Rng};
use jirga_store::*;
use rusqlite::Connection;

/// Every incident's stored counts against a recount from its reports.
fn assert_counts_match(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT i.incident, i.n_reports, i.n_docs, i.n_outlets, i.n_sources, i.day_first, i.day_last, i.cameo,
               (SELECT count(*) FROM events e WHERE e.incident = i.incident),
               (SELECT count(DISTINCT doc_key) FROM events e WHERE e.incident = i.incident),
               (SELECT count(DISTINCT outlet) FROM events e WHERE e.incident = i.incident),
               (SELECT count(DISTINCT coalesce(outlet, '') || '|' || coalesce(attribution, ''))
                  FROM events e WHERE e.incident = i.incident),
               (SELECT min(day) FROM events e WHERE e.incident = i.incident),
               (SELECT max(day) FROM events e WHERE e.incident = i.incident),
               (SELECT cameo FROM events e WHERE e.incident = i.incident ORDER BY length(cameo) DESC, cameo LIMIT 1)
             FROM incidents i",
        )
        .unwrap();
    type Row = (
        i64,
        [i64; 4],
        [Option<i64>; 2],
        String,
        [i64; 4],
        [Option<i64>; 2],
        String,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
                [r.get(5)?, r.get(6)?],
                r.get(7)?,
                [r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
                [r.get(12)?, r.get(13)?],
                r.get(14)?,
            ))
        })
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty());
    let merged = rows.iter().filter(|r| r.1[0] > 1).count();
    assert!(merged > 5, "only {merged} incidents with several reports");
    for (inc, kept, days, cameo, counted, cdays, ccameo) in rows {
        assert_eq!(kept, counted, "counts of incident {inc}");
        assert_eq!(days, cdays, "days of incident {inc}");
        assert_eq!(cameo, ccameo, "code of incident {inc}");
    }
}

#[test]
fn incident_counts_kept_during_ingest_equal_a_recount() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut rng = Rng::new(7);
    let docs: Vec<_> = (0..600).map(|n| document(&mut rng, n, 12)).collect();
    {
        let mut s = Store::open(&path).unwrap();
        for chunk in docs.chunks(50) {
            for o in s.ingest_batch(chunk).unwrap() {
                assert!(matches!(o.unwrap(), Outcome::Added { .. }));
            }
        }
        // Revised texts replace their documents and recount the incidents they left.
        let mut rng = Rng::new(8);
        for n in (0..600).step_by(7) {
            let mut d = document(&mut rng, n, 12);
            d.text.push_str(" (updated)");
            assert!(matches!(s.ingest(&d).unwrap(), Outcome::Replaced { .. }));
        }
    }
    assert_counts_match(&path);
}

#[test]
fn a_version_1_store_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;",
            schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::SCHEMA_VERSION);
    let mut rng = Rng::new(3);
    let d = document(&mut rng, 1, 4);
    assert_eq!(s.ingest(&d).unwrap(), Outcome::Added { events: 4 });
    let page = s.events(&EventFilter::default(), Page::default()).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.events[0].record.doc_id, "synth-1");
}
