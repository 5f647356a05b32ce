//! Event pages of either-side and both-direction filters (merged from disjoint ordered
//! scans) list every matching event once, by day then storage order, undated last; the
//! JSON form carries the same records.

use jirga_store::synth::{document, Rng};
use jirga_store::*;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("p.db")).unwrap();
    let mut rng = Rng::new(11);
    let mut docs: Vec<_> = (0..300).map(|i| document(&mut rng, i, 10)).collect();
    for (i, d) in docs.iter_mut().enumerate() {
        for (k, e) in d.events.iter_mut().enumerate() {
            let roots = ["RUS", "TAL", "USA", "RUSGOV"];
            for (a, j) in [(&mut e.source, i + k), (&mut e.target, i * 3 + k * 5 + 1)] {
                if let Some(a) = a {
                    a.code = roots[j % 4].to_string();
                }
            }
            if (i + k) % 17 == 0 {
                e.when = None; // dated by the document
            }
        }
        if i % 29 == 0 {
            d.meta.date = None; // some events without any date
        }
    }
    for r in store.ingest_batch(&docs).unwrap() {
        r.unwrap();
    }
    (dir, store)
}

#[test]
fn merged_pages_list_each_event_once_in_order() {
    let (_dir, store) = store();
    let filters = [
        EventFilter {
            actor: Some(ActorSel::code("RUS")),
            root: Some("04".into()),
            since: Some("2018".into()),
            until: Some("2021-06".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some(ActorSel::code("TAL")),
            ..Default::default()
        },
        EventFilter {
            source: Some(ActorSel::code("RUS")),
            target: Some(ActorSel::code("TAL")),
            both_directions: true,
            ..Default::default()
        },
        EventFilter {
            actor: Some(ActorSel::code("USA")),
            source: Some(ActorSel::code("RUSGOV")),
            target: Some(ActorSel::code("USA")),
            both_directions: true,
            ..Default::default()
        },
    ];
    for f in &filters {
        let all = store
            .events(
                f,
                Page {
                    limit: MAX_LIMIT,
                    offset: 0,
                },
            )
            .unwrap();
        assert_eq!(all.total as usize, all.events.len(), "{f:?}");
        assert!(all.total > 5, "{f:?}: {}", all.total);
        let mut keys: Vec<i64> = all.events.iter().map(|e| e.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.events.len(), "{f:?}: a key twice");
        // Order: dated by day then key, then undated by key.
        let order: Vec<(bool, Option<String>, i64)> = all
            .events
            .iter()
            .map(|e| (e.date.is_none(), e.date.clone(), e.key))
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order.len(), sorted.len());
        // Same days in the same order (dates of one day share a label prefix).
        let days =
            |v: &[(bool, Option<String>, i64)]| -> Vec<bool> { v.iter().map(|x| x.0).collect() };
        assert_eq!(days(&order), days(&sorted), "{f:?}: undated before dated");
        // Pages of 7 put together are the whole list.
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let p = store.events(f, Page { limit: 7, offset }).unwrap();
            assert_eq!(p.total, all.total);
            if p.events.is_empty() {
                break;
            }
            paged.extend(p.events.iter().map(|e| e.key));
            offset += 7;
        }
        assert_eq!(
            paged,
            all.events.iter().map(|e| e.key).collect::<Vec<_>>(),
            "{f:?}"
        );
        // The JSON form: same events, same records.
        let j = store
            .events_json(
                f,
                Page {
                    limit: 20,
                    offset: 3,
                },
            )
            .unwrap();
        let d = store
            .events(
                f,
                Page {
                    limit: 20,
                    offset: 3,
                },
            )
            .unwrap();
        assert_eq!(
            serde_json::to_string(&j).unwrap(),
            serde_json::to_string(&d).unwrap(),
            "{f:?}"
        );
    }
}
