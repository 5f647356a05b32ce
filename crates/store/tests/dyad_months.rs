//! The `dyad_months` table kept by triggers answers monthly dyad series exactly as a scan of
//! the reports does, after inserts, replaced documents and re-coded annotations, and equals
//! a rebuild from scratch (what the schema-3 migration computes).

use jirga_store::synth::{document, Rng};
use jirga_store::*;
use rusqlite::Connection;

const ROOTS: &[&str] = &["RUS", "TAL", "USA", "AFG"];

fn assert_series_match(store: &Store) {
    let mut checked = 0;
    for a in ROOTS {
        for b in ROOTS {
            for both in [true, false] {
                for neg in [false, true] {
                    for (since, until) in [
                        (None, None),
                        (Some("2017"), Some("2017-02")),
                        (Some("2017-02"), None),
                    ] {
                        let q = SeriesQuery {
                            source: ActorSel::code(*a),
                            target: ActorSel::code(*b),
                            both_directions: both,
                            by: Period::Month,
                            since: since.map(str::to_string),
                            until: until.map(str::to_string),
                            include_negated: neg,
                        };
                        let fast = store.series(&q).unwrap();
                        let slow = store.series_from_reports(&q).unwrap();
                        assert_eq!(fast.len(), slow.len(), "{q:?}");
                        for (f, s) in fast.iter().zip(&slow) {
                            assert_eq!(
                                (
                                    &f.period,
                                    f.reports,
                                    f.incidents,
                                    f.quad_reports,
                                    f.quad_incidents
                                ),
                                (
                                    &s.period,
                                    s.reports,
                                    s.incidents,
                                    s.quad_reports,
                                    s.quad_incidents
                                ),
                                "{q:?}"
                            );
                            assert!((f.goldstein_sum - s.goldstein_sum).abs() < 1e-6, "{q:?}");
                            assert!((f.goldstein_mean - s.goldstein_mean).abs() < 1e-6, "{q:?}");
                        }
                        checked += fast.len();
                    }
                }
            }
        }
    }
    assert!(checked > 50, "too few buckets compared: {checked}");
}

/// The table against a rebuild with the migration's own statements.
fn assert_table_is_rebuild(path: &std::path::Path) {
    let v3 = schema::MIGRATIONS[2];
    let rebuild = v3[..v3.find("CREATE TRIGGER").unwrap()]
        .replace("CREATE TABLE dyad_months", "CREATE TEMP TABLE fresh")
        .replace("INSERT INTO dyad_months", "INSERT INTO fresh");
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&rebuild).unwrap();
    let cols = "lo, hi, month, negated, quad, r_ab, r_ba, round(g_ab, 6), round(g_ba, 6), i_ab, i_ba, i_both";
    for (x, y) in [("dyad_months", "fresh"), ("fresh", "dyad_months")] {
        let n: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT {cols} FROM {x} EXCEPT SELECT {cols} FROM {y})"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "rows of {x} not in {y}");
    }
}

#[test]
fn monthly_series_from_the_table_equal_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let mut rng = Rng::new(7);
    // Few documents over a short span so that dyads repeat and incidents merge.
    let mut docs: Vec<_> = (0..400).map(|i| document(&mut rng, i, 10)).collect();
    for (i, d) in docs.iter_mut().enumerate() {
        // Three actors over three months: dyads repeat in both directions and reports of
        // the same happening merge into incidents.
        for (k, e) in d.events.iter_mut().enumerate() {
            let roots = ["RUS", "TAL", "USA"];
            for (a, j) in [(&mut e.source, i + k), (&mut e.target, i * 3 + k * 7 + 1)] {
                if let Some(a) = a {
                    a.code = roots[j % 3].to_string();
                }
            }
            if let Some(w) = &mut e.when {
                w.date = Some(format!(
                    "2017-{:02}-{:02}",
                    1 + (i % 3),
                    1 + (i / 3 + k) % 28
                ));
            }
        }
    }
    for r in store.ingest_batch(&docs).unwrap() {
        r.unwrap();
    }
    assert_series_match(&store);
    assert_table_is_rebuild(&path);
    let merged: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM incidents WHERE n_reports > 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(merged > 100, "few merged incidents: {merged}");

    // Re-code some documents with fewer, changed events, and replace others' text.
    for (i, d) in docs.iter().enumerate().take(120) {
        let mut d = d.clone();
        if i % 2 == 0 {
            d.events.truncate(4);
            for e in &mut d.events {
                e.negated = !e.negated;
            }
            store.replace_annotations(&d).unwrap();
        } else {
            d.text.push_str(" More.");
            d.events.retain(|e| e.sentence % 3 != 0);
            store.ingest(&d).unwrap();
        }
    }
    assert_series_match(&store);
    assert_table_is_rebuild(&path);
}

#[test]
fn events_are_not_updated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let mut rng = Rng::new(3);
    store.ingest(&document(&mut rng, 0, 3)).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let e = conn.execute("UPDATE events SET quad = 4", []).unwrap_err();
    assert!(e.to_string().contains("not updated in place"), "{e}");
}
