//! Store behaviour on hand-built documents: idempotent ingest, refusal of foreign files,
//! deduplication quality, queries, exports, re-code diffs.

mod util;

use jirga_doc::Certainty;
use jirga_store::*;
use util::{doc, ev};

fn moscow_docs() -> Vec<jirga_doc::Doc> {
    vec![
        doc(
            "tass-1",
            Some("2018-11-09"),
            "tass.ru",
            &[
                "Russia hosted talks with the Taliban in Moscow .",
                "Kabul sent a council delegation .",
                "Washington did not attend the conference .",
            ],
            &[
                ev(0, "RUS", "TAL", "046")
                    .on("2018-11-09")
                    .at("Moscow")
                    .roster(&["RUS", "TAL", "AFG", "CHN", "PAK"]),
                ev(1, "AFG", "RUS", "042").on("2018-11-09"),
                ev(2, "USA", "RUS", "043").on("2018-11-09").negated(),
            ],
        ),
        doc(
            "reuters-1",
            Some("2018-11-10"),
            "reuters.com",
            &["Taliban envoys negotiated with Russian officials in Moscow on Friday ."],
            &[ev(0, "TAL", "RUSGOV", "046")
                .on("2018-11-09")
                .at("Moscow")
                .roster(&["TAL", "RUS", "IND"])],
        ),
        doc(
            "bbc-1",
            Some("2017-03-24"),
            "bbc.co.uk",
            &["A US general said Russia may be arming the Taliban ."],
            &[ev(0, "RUS", "TAL", "0711")
                .on("2017-03-23")
                .certainty(Certainty::Alleged)
                .said_by("USAMIL")],
        ),
        doc(
            "ap-1",
            Some("2017-03-24"),
            "apnews.com",
            &["Russia denied it supplies weapons to the Taliban ."],
            &[ev(0, "RUS", "TAL", "071")
                .on("2017-03-24")
                .certainty(Certainty::Reported)],
        ),
    ]
}

#[test]
fn ingest_is_idempotent_and_detects_revisions_and_copies() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = moscow_docs();
    for d in &docs {
        assert!(matches!(store.ingest(d).unwrap(), Outcome::Added { .. }));
    }
    let before = store.summary(5).unwrap();
    for d in &docs {
        assert_eq!(store.ingest(d).unwrap(), Outcome::Unchanged);
    }
    assert_eq!(store.summary(5).unwrap(), before);
    assert_eq!(before.documents, 4);
    assert_eq!(before.events, 6);
    assert_eq!(before.sentences, 6);

    // Same text under another id: a syndicated copy, not stored.
    let mut copy = docs[2].clone();
    copy.meta.id = "bbc-copy".into();
    assert_eq!(
        store.ingest(&copy).unwrap(),
        Outcome::Duplicate { of: "bbc-1".into() }
    );

    // Revised text under the same id replaces the old version and its incident links.
    let revised = doc(
        "ap-1",
        Some("2017-03-24"),
        "apnews.com",
        &["Russia flatly denied it supplies weapons to the Taliban ."],
        &[],
    );
    assert_eq!(
        store.ingest(&revised).unwrap(),
        Outcome::Replaced { events: 0 }
    );
    let after = store.summary(5).unwrap();
    assert_eq!(after.documents, 4);
    assert_eq!(after.events, 5);
    let arm = store
        .events(
            &EventFilter {
                root: Some("07".into()),
                ..Default::default()
            },
            Page::default(),
        )
        .unwrap();
    assert_eq!(arm.total, 1);
    let inc = store.incident(arm.events[0].incident.unwrap()).unwrap();
    assert_eq!(inc.info.reports, 1);
}

#[test]
fn batch_rejects_bad_document_but_stores_the_rest() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bad = moscow_docs()[0].clone();
    bad.meta.id = "bad".into();
    bad.events[0].sentence = 99;
    let good = moscow_docs()[1].clone();
    let out = store.ingest_batch(&[bad, good]).unwrap();
    assert!(matches!(&out[0], Err(StoreError::Document { doc, .. }) if doc == "bad"));
    assert!(matches!(out[1], Ok(Outcome::Added { events: 1 })));
    assert_eq!(store.summary(1).unwrap().documents, 1);
}

#[test]
fn file_store_round_trip_and_schema_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut s = Store::open(&path).unwrap();
        for d in moscow_docs() {
            s.ingest(&d).unwrap();
        }
    }
    let s = Store::open_read_only(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(s.summary(3).unwrap().documents, 4);
    let mut w = Store::open(&path).unwrap();
    assert_eq!(w.ingest(&moscow_docs()[0]).unwrap(), Outcome::Unchanged);
}

#[test]
fn foreign_and_corrupt_files_are_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // Not SQLite at all.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"just some text, not a database\n").unwrap();
    assert!(matches!(
        Store::open(&text),
        Err(StoreError::NotSqlite { .. })
    ));
    assert_eq!(
        std::fs::read(&text).unwrap(),
        b"just some text, not a database\n"
    );

    // SQLite of another application.
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let bytes = std::fs::read(&other).unwrap();
    let err = Store::open(&other).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("another application"));
    assert_eq!(std::fs::read(&other).unwrap(), bytes);

    // A store with damaged pages.
    let damaged = dir.path().join("damaged.db");
    {
        let mut s = Store::open(&damaged).unwrap();
        for i in 0..40 {
            let mut d = moscow_docs()[0].clone();
            d.meta.id = format!("d{i}");
            d.text.push_str(&" ".repeat(i));
            s.ingest(&d).unwrap();
        }
        s.checkpoint().unwrap();
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    for b in bytes[len / 2..len / 2 + 3000].iter_mut() {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let err = Store::open(&damaged).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(std::fs::read(&damaged).unwrap(), bytes);
}

/// A labelled set of duplicated and near-duplicated reports: each event carries the
/// happening it truly reports. Measures pairwise precision and recall of merging.
#[test]
fn dedup_precision_and_recall_on_labelled_reports() {
    // (truth label, document)
    let set: Vec<(&str, jirga_doc::Doc)> = vec![
        // H1: the Moscow conference, 9 Nov 2018, four outlets, both directions, one coarse code.
        (
            "H1",
            doc(
                "a1",
                Some("2018-11-09"),
                "tass.ru",
                &["Russia and the Taliban held talks ."],
                &[ev(0, "RUS", "TAL", "046").on("2018-11-09").at("Moscow")],
            ),
        ),
        (
            "H1",
            doc(
                "b1",
                Some("2018-11-09"),
                "reuters.com",
                &["The Taliban negotiated with Moscow ."],
                &[ev(0, "TAL", "RUS", "046").on("2018-11-09").at("Moscow")],
            ),
        ),
        (
            "H1",
            doc(
                "c1",
                Some("2018-11-10"),
                "aljazeera.com",
                &["Russian diplomats consulted the Taliban ."],
                &[ev(0, "RUSGOV", "TAL", "040")],
            ),
        ),
        (
            "H1",
            doc(
                "d1",
                Some("2018-11-11"),
                "dawn.com",
                &["Talks in Moscow ended ."],
                &[ev(0, "RUS", "TAL", "046").on("2018-11-10").at("Moscow")],
            ),
        ),
        // H2: reports that Russia armed the Taliban, March 2017.
        (
            "H2",
            doc(
                "a2",
                Some("2017-03-24"),
                "bbc.co.uk",
                &["Russia may be arming the Taliban ."],
                &[ev(0, "RUS", "TAL", "0711")
                    .on("2017-03-23")
                    .certainty(Certainty::Alleged)],
            ),
        ),
        (
            "H2",
            doc(
                "b2",
                Some("2017-03-24"),
                "apnews.com",
                &["Russia supplied the Taliban ."],
                &[ev(0, "RUS", "TAL", "071").on("2017-03-24")],
            ),
        ),
        (
            "H2",
            doc(
                "c2",
                Some("2017-03-25"),
                "cnn.com",
                &["Moscow aided the Taliban ."],
                &[ev(0, "RUSGOV", "TAL", "07").on("2017-03-24")],
            ),
        ),
        // H3: another arming report nine months later: a different happening.
        (
            "H3",
            doc(
                "a3",
                Some("2017-12-20"),
                "bbc.co.uk",
                &["Russia armed the Taliban again ."],
                &[ev(0, "RUS", "TAL", "0711").on("2017-12-20")],
            ),
        ),
        // H4: the Doha agreement, 29 Feb 2020.
        (
            "H4",
            doc(
                "a4",
                Some("2020-02-29"),
                "reuters.com",
                &["The US and the Taliban signed a deal ."],
                &[ev(0, "USA", "TAL", "057").on("2020-02-29").at("Doha")],
            ),
        ),
        (
            "H4",
            doc(
                "b4",
                Some("2020-03-01"),
                "aljazeera.com",
                &["The Taliban signed with Washington ."],
                &[ev(0, "TAL", "USA", "057").on("2020-02-29").at("Doha")],
            ),
        ),
        (
            "H4",
            doc(
                "c4",
                Some("2020-03-01"),
                "dawn.com",
                &["A deal was signed ."],
                &[ev(0, "USAGOV", "TAL", "057").on("2020-03-01")],
            ),
        ),
        // H5/H6: two Russia-Afghanistan meetings a day apart in different cities.
        (
            "H5",
            doc(
                "a5",
                Some("2017-04-14"),
                "tass.ru",
                &["Russia met Afghan officials in Moscow ."],
                &[ev(0, "RUS", "AFG", "046").on("2017-04-14").at("Moscow")],
            ),
        ),
        (
            "H6",
            doc(
                "b5",
                Some("2017-04-15"),
                "tolonews.com",
                &["Russia met Afghan officials in Kabul ."],
                &[ev(0, "RUS", "AFG", "046").on("2017-04-15").at("Kabul")],
            ),
        ),
        // H7/H8: directed accusations both ways the same day are two acts.
        (
            "H7",
            doc(
                "a7",
                Some("2018-03-20"),
                "cnn.com",
                &["The US accused Russia ."],
                &[ev(0, "USA", "RUS", "112").on("2018-03-20")],
            ),
        ),
        (
            "H8",
            doc(
                "b7",
                Some("2018-03-20"),
                "tass.ru",
                &["Russia accused the US ."],
                &[ev(0, "RUS", "USA", "112").on("2018-03-20")],
            ),
        ),
        // H9/H10: a meeting and a report that someone did not attend it.
        (
            "H9",
            doc(
                "a9",
                Some("2019-02-05"),
                "dawn.com",
                &["Taliban leaders met Afghan politicians ."],
                &[ev(0, "TAL", "AFG", "043").on("2019-02-05").at("Moscow")],
            ),
        ),
        (
            "H10",
            doc(
                "b9",
                Some("2019-02-05"),
                "tolonews.com",
                &["Taliban leaders did not meet Afghan officials ."],
                &[ev(0, "TAL", "AFG", "043")
                    .on("2019-02-05")
                    .at("Moscow")
                    .negated()],
            ),
        ),
        // H9 again, but a weekly round-up dated a week later with only the document date: the
        // rule cannot tell (a known recall loss).
        (
            "H9",
            doc(
                "c9",
                Some("2019-02-12"),
                "weekly.example",
                &["Last week Taliban leaders met Afghan politicians ."],
                &[ev(0, "TAL", "AFG", "043")],
            ),
        ),
        // H11/H12: same code, same dyad, far apart: never merged.
        (
            "H11",
            doc(
                "a11",
                Some("2016-12-27"),
                "tass.ru",
                &["Russia hosted talks on Afghanistan ."],
                &[ev(0, "RUS", "AFG", "043").on("2016-12-27")],
            ),
        ),
        (
            "H12",
            doc(
                "b11",
                Some("2017-12-27"),
                "tass.ru",
                &["Russia hosted new talks on Afghanistan ."],
                &[ev(0, "RUS", "AFG", "043").on("2017-12-27")],
            ),
        ),
    ];
    let mut store = Store::open_in_memory().unwrap();
    let mut labelled = Vec::new();
    for (label, d) in &set {
        store.ingest(d).unwrap();
        let page = store
            .events(
                &EventFilter {
                    doc_id: Some(d.meta.id.clone()),
                    ..Default::default()
                },
                Page::default(),
            )
            .unwrap();
        assert_eq!(page.events.len(), 1, "{}", d.meta.id);
        labelled.push((*label, page.events[0].incident.unwrap()));
    }
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    for i in 0..labelled.len() {
        for j in i + 1..labelled.len() {
            let truth = labelled[i].0 == labelled[j].0;
            let merged = labelled[i].1 == labelled[j].1;
            match (truth, merged) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
                _ => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    eprintln!(
        "dedup pairs: tp {tp} fp {fp} fn {fneg}; precision {precision:.3} recall {recall:.3}"
    );
    assert_eq!(fp, 0, "no two different happenings merged");
    assert!(recall >= 0.8, "recall {recall}");
    // Incident counts: H1 has four reports from four outlets.
    let h1 = store.incident(labelled[0].1).unwrap();
    assert_eq!(
        (h1.info.reports, h1.info.outlets, h1.info.documents),
        (4, 4, 4)
    );
    let h2 = store.incident(labelled[4].1).unwrap();
    assert_eq!(h2.info.reports, 3);
    assert_eq!(h2.info.cameo, "0711");
}

#[test]
fn queries_filter_page_and_aggregate() {
    let mut store = Store::open_in_memory().unwrap();
    for d in moscow_docs() {
        store.ingest(&d).unwrap();
    }
    // Actor with sector: only reuters' RUSGOV target.
    let f = EventFilter {
        actor: Some(ActorSel::parse("actor", "RUS:GOV").unwrap()),
        ..Default::default()
    };
    let p = store.events(&f, Page::default()).unwrap();
    assert_eq!(p.total, 1);
    assert_eq!(p.events[0].record.doc_id, "reuters-1");

    // Dyad both directions, date range, root, certainty.
    let f = EventFilter {
        source: Some(ActorSel::code("RUS")),
        target: Some(ActorSel::code("TAL")),
        both_directions: true,
        since: Some("2016-01-01".into()),
        ..Default::default()
    };
    let all = store.events(&f, Page::default()).unwrap();
    assert_eq!(all.total, 4);
    let dates: Vec<_> = all.events.iter().map(|e| e.date.clone().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ordered by event date");
    // Pagination: pages concatenate to the full list.
    let mut paged = Vec::new();
    for off in 0..4 {
        let p = store
            .events(
                &f,
                Page {
                    limit: 1,
                    offset: off,
                },
            )
            .unwrap();
        paged.push(p.events[0].record.event_id.clone());
    }
    let ids: Vec<_> = all
        .events
        .iter()
        .map(|e| e.record.event_id.clone())
        .collect();
    assert_eq!(paged, ids);
    let alleged = EventFilter {
        certainty: vec![Certainty::Alleged],
        root: Some("07".into()),
        ..f.clone()
    };
    assert_eq!(store.events(&alleged, Page::default()).unwrap().total, 1);
    let text = EventFilter {
        text: Some("ARMING".into()),
        ..Default::default()
    };
    assert_eq!(
        store.events(&text, Page::default()).unwrap().events[0]
            .record
            .doc_id,
        "bbc-1"
    );
    let place = EventFilter {
        place: Some("moscow".into()),
        ..Default::default()
    };
    assert_eq!(store.events(&place, Page::default()).unwrap().total, 2);
    let negated = EventFilter {
        negated: Some(true),
        ..Default::default()
    };
    assert_eq!(
        store.events(&negated, Page::default()).unwrap().events[0]
            .record
            .source
            .as_ref()
            .unwrap()
            .code,
        "USA"
    );
    let outlet = EventFilter {
        outlet: Some("TASS.RU".into()),
        ..Default::default()
    };
    assert_eq!(store.events(&outlet, Page::default()).unwrap().total, 3);

    // Series by month, both directions: March 2017 has 2 reports of 1 incident.
    let q = SeriesQuery {
        source: ActorSel::code("RUS"),
        target: ActorSel::code("TAL"),
        both_directions: true,
        by: Period::Month,
        ..Default::default()
    };
    let s = store.series(&q).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].period, "2017-03");
    assert_eq!((s[0].reports, s[0].incidents), (2, 1));
    assert_eq!(s[0].quad_reports, [0, 2, 0, 0]);
    assert_eq!(s[1].period, "2018-11");
    assert_eq!((s[1].reports, s[1].incidents), (2, 1));
    assert!((s[1].goldstein_sum - 6.0).abs() < 1e-9);
    let w = store
        .series(&SeriesQuery {
            by: Period::Week,
            ..q.clone()
        })
        .unwrap();
    assert_eq!(w[1].period, "2018-11-05");
    let directed = store
        .series(&SeriesQuery {
            both_directions: false,
            ..q
        })
        .unwrap();
    assert_eq!(directed[1].reports, 1);

    // Partners of RUS, ranked.
    let partners = store
        .partners(&PartnersQuery {
            actor: ActorSel::code("RUS"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(partners[0].partner, "TAL");
    assert_eq!(partners[0].reports, 4);
    assert_eq!(partners[0].incidents, 2);
    assert_eq!(partners[1].partner, "AFG");

    // Meetings: one Moscow conference, rosters from both reports, the US absent.
    let m = store.meetings(&MeetingsQuery::default()).unwrap();
    assert_eq!(m.len(), 1);
    let codes: Vec<_> = m[0].attendees.iter().map(|a| a.code.as_str()).collect();
    for c in ["RUS", "TAL", "AFG", "CHN", "PAK", "IND"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    assert_eq!(m[0].attendees[0].reports, 2);
    assert_eq!(
        m[0].absent
            .iter()
            .map(|a| a.code.as_str())
            .collect::<Vec<_>>(),
        ["USA"]
    );
    assert_eq!((m[0].reports, m[0].outlets), (2, 2));
    let with_ind = MeetingsQuery {
        actor: Some(ActorSel::code("IND")),
        ..Default::default()
    };
    assert_eq!(store.meetings(&with_ind).unwrap().len(), 1);
    let with_usa = MeetingsQuery {
        actor: Some(ActorSel::code("USA")),
        ..Default::default()
    };
    assert!(store.meetings(&with_usa).unwrap().is_empty());

    // One event with evidence and the other reports of its incident.
    let d = store.event("bbc-1#0.0").unwrap();
    assert_eq!(
        d.hit.record.sentence.text,
        "A US general said Russia may be arming the Taliban ."
    );
    let inc = d.incident.unwrap();
    assert_eq!(inc.reports.len(), 2);
    assert_eq!(inc.info.outlets, 2);
    assert_eq!(inc.info.sources, 2);
    assert_eq!(inc.reports[0].attribution.as_deref(), Some("USAMIL"));
    let by_key = store.event(&d.hit.key.to_string()).unwrap();
    assert_eq!(by_key.hit.record.event_id, "bbc-1#0.0");
    assert!(matches!(
        store.event("nope#1.0"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn bad_filter_values_give_clear_errors() {
    let store = Store::open_in_memory().unwrap();
    let cases: Vec<(EventFilter, &str)> = vec![
        (
            EventFilter {
                since: Some("2016-13-01".into()),
                ..Default::default()
            },
            "since",
        ),
        (
            EventFilter {
                root: Some("7".into()),
                ..Default::default()
            },
            "root",
        ),
        (
            EventFilter {
                cameo: Some("07a".into()),
                ..Default::default()
            },
            "cameo",
        ),
        (
            EventFilter {
                quad_class: Some(5),
                ..Default::default()
            },
            "quad_class",
        ),
        (
            EventFilter {
                actor: Some(ActorSel::code("ru")),
                ..Default::default()
            },
            "actor",
        ),
        (
            EventFilter {
                since: Some("2019".into()),
                until: Some("2018".into()),
                ..Default::default()
            },
            "since",
        ),
    ];
    for (f, field) in cases {
        match store.events(&f, Page::default()) {
            Err(StoreError::BadFilter { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(matches!(
        store.events(
            &EventFilter::default(),
            Page {
                limit: 0,
                offset: 0
            }
        ),
        Err(StoreError::BadFilter { field: "limit", .. })
    ));
    assert!(Period::parse("year").is_err());
    assert!(ActorSel::parse("actor", "RUS:government").is_err());
    // Injection attempts are just values.
    let f = EventFilter {
        outlet: Some("x' OR 1=1 --".into()),
        ..Default::default()
    };
    assert_eq!(store.events(&f, Page::default()).unwrap().total, 0);
}

#[test]
fn exports_have_the_right_shape() {
    let mut store = Store::open_in_memory().unwrap();
    for d in moscow_docs() {
        store.ingest(&d).unwrap();
    }
    let all = EventFilter::default();
    let mut gdelt = Vec::new();
    assert_eq!(
        store.export(&all, ExportFormat::Gdelt, &mut gdelt).unwrap(),
        6
    );
    let gdelt = String::from_utf8(gdelt).unwrap();
    for line in gdelt.lines() {
        assert_eq!(line.split('\t').count(), 61, "{line}");
    }
    let bbc = gdelt.lines().find(|l| l.contains("bbc-1")).unwrap();
    let cols: Vec<_> = bbc.split('\t').collect();
    assert_eq!(cols[1], "20170323");
    assert_eq!(cols[5], "RUS");
    assert_eq!(cols[15], "TAL");
    assert_eq!(
        (cols[26], cols[27], cols[28], cols[29]),
        ("0711", "071", "07", "2")
    );
    assert_eq!(cols[31], "2"); // two reports of the incident
    let mut csv = Vec::new();
    store.export(&all, ExportFormat::Csv, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("event_id,incident,event_date"));
    assert_eq!(csv.lines().count(), 7);
    let mut jl = Vec::new();
    store.export(&all, ExportFormat::Jsonl, &mut jl).unwrap();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(jl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["dict_version"], "dict-test");
    assert!(first["incident"].is_i64());
    let mut pl = Vec::new();
    let only_arms = EventFilter {
        cameo: Some("0711".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .export(&only_arms, ExportFormat::Plover, &mut pl)
            .unwrap(),
        1
    );
    let p: serde_json::Value = serde_json::from_slice(&pl).unwrap();
    assert_eq!(p["actor"][0]["country"], "RUS");
    assert_eq!(p["recipient"][0]["country"], "TAL");
    assert_eq!(p["certainty"], "alleged");
}

#[test]
fn recode_diff_counts_per_code() {
    let mut store = Store::open_in_memory().unwrap();
    let d = moscow_docs().remove(0);
    store.ingest(&d).unwrap();
    let old = store.document_events("tass-1").unwrap();
    let mut new_doc = d.clone();
    new_doc.events[1].cameo = "043".into(); // changed code
    new_doc.events.remove(2); // removed
    let new = jirga_doc::EventRecord::all(&new_doc);
    let mut report = RecodeReport::default();
    assert!(diff_events(&old, &new, &mut report));
    assert_eq!(report.changed.get("042 -> 043"), Some(&1));
    assert_eq!(report.removed.get("043"), Some(&1));
    assert_eq!(report.unchanged, 1);
    let n = store.replace_annotations(&new_doc).unwrap();
    assert_eq!(n, 2);
    assert_eq!(store.document_events("tass-1").unwrap().len(), 2);
    // Reloaded document keeps metadata and text.
    let back = store.document("tass-1").unwrap();
    assert_eq!(back.text, d.text);
    assert_eq!(back.meta.outlet.as_deref(), Some("tass.ru"));
}

#[test]
fn a_multi_party_meeting_coded_pair_by_pair_is_listed_once() {
    // The coder writes a meeting of three as one event per pair, sharing the roster and
    // the act number; two outlets report it, and one names a different place spelling.
    let pairs = |id: &str, outlet: &str, first: &str| {
        doc(
            id,
            Some("2021-10-20"),
            outlet,
            &[first, "Russia also met India ."],
            &[
                ev(0, "RUS", "CHN", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(0, "RUS", "PAK", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(0, "RUS", "TAL", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(0, "CHN", "PAK", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(0, "CHN", "TAL", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(0, "PAK", "TAL", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .roster(&["RUS", "CHN", "PAK", "TAL"])
                    .act(0),
                ev(1, "RUS", "IND", "044")
                    .on("2021-10-20")
                    .at("Moscow")
                    .act(1),
            ],
        )
    };
    let mut store = Store::open_in_memory().unwrap();
    for d in [
        pairs(
            "tass-9",
            "tass.ru",
            "Russia , China and Pakistan met the Taliban in Moscow .",
        ),
        pairs(
            "reuters-9",
            "reuters.com",
            "Envoys of Russia , China , Pakistan and the Taliban met .",
        ),
    ] {
        assert!(matches!(
            store.ingest(&d).unwrap(),
            Outcome::Added { events: 7 }
        ));
    }
    let m = store.meetings(&MeetingsQuery::default()).unwrap();
    assert_eq!(m.len(), 2, "{m:#?}");
    let four = m.iter().find(|x| x.attendees.len() == 4).unwrap();
    let codes: Vec<_> = four.attendees.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["CHN", "PAK", "RUS", "TAL"]);
    assert!(four.attendees.iter().all(|a| a.reports == 2), "{four:#?}");
    assert_eq!((four.reports, four.documents, four.outlets), (2, 2, 2));
    assert_eq!(four.incidents.len(), 6);
    assert_eq!(four.date_first.as_deref(), Some("2021-10-20"));
    // The separate RUS-IND meeting stays apart; filters and pages count meetings.
    let other = m.iter().find(|x| x.attendees.len() == 2).unwrap();
    assert_eq!(other.incidents.len(), 1);
    let with_tal = MeetingsQuery {
        actor: Some(ActorSel::code("TAL")),
        ..Default::default()
    };
    assert_eq!(store.meetings(&with_tal).unwrap().len(), 1);
    let second = MeetingsQuery {
        page: Page {
            limit: 1,
            offset: 1,
        },
        ..Default::default()
    };
    let p2 = store.meetings(&second).unwrap();
    assert_eq!(p2.len(), 1);
    assert_eq!(p2[0].incident, m[1].incident);
}
