//! Counts, pages and timelines over any filter agree with each other and with a count
//! done by hand over every stored event.

use jirga_store::synth::{document, Rng};
use jirga_store::*;

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut rng = Rng::new(11);
    let docs: Vec<_> = (0..400).map(|n| document(&mut rng, n, 10)).collect();
    for o in s.ingest_batch(&docs).unwrap() {
        o.unwrap();
    }
    s
}

fn all_events(s: &Store) -> Vec<EventHit> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let page = s
            .events(
                &EventFilter::default(),
                Page {
                    limit: 1000,
                    offset,
                },
            )
            .unwrap();
        if page.events.is_empty() {
            return out;
        }
        offset += page.events.len() as u64;
        out.extend(page.events);
    }
}

#[test]
fn either_side_counts_pages_and_timeline_agree() {
    let s = store();
    let all = all_events(&s);
    assert_eq!(all.len(), 4000);
    let root = |a: &Option<jirga_doc::EventActor>| {
        a.as_ref()
            .map(|a| a.code.chars().take(3).collect::<String>())
            .unwrap_or_default()
    };
    for actor in ["RUS", "TAL", "XAB"] {
        let by_hand: Vec<&EventHit> = all
            .iter()
            .filter(|e| {
                (root(&e.record.source) == actor || root(&e.record.target) == actor)
                    && e.record.cameo.starts_with("04")
            })
            .collect();
        let f = EventFilter {
            actor: Some(ActorSel::code(actor)),
            root: Some("04".into()),
            ..Default::default()
        };
        let page = s
            .events(
                &f,
                Page {
                    limit: 10_000,
                    offset: 0,
                },
            )
            .unwrap();
        assert_eq!(page.total as usize, by_hand.len(), "total for {actor}");
        assert_eq!(page.events.len(), by_hand.len(), "rows for {actor}");
        let line = s.timeline(&f, Period::Month).unwrap();
        let sum: u64 = line.iter().map(|p| p.reports).sum();
        assert_eq!(sum as usize, by_hand.len(), "timeline sum for {actor}");
        for p in &line {
            assert_eq!(p.quad_reports.iter().sum::<u64>(), p.reports);
            assert!(p.incidents >= 1 && p.incidents <= p.reports);
        }
        // The events behind the busiest bucket are the filter with the bucket's dates.
        if let Some(busiest) = line.iter().max_by_key(|p| p.reports) {
            let f2 = EventFilter {
                since: Some(busiest.period.clone()),
                until: Some(busiest.period.clone()),
                ..f.clone()
            };
            let behind = s
                .events(
                    &f2,
                    Page {
                        limit: 1000,
                        offset: 0,
                    },
                )
                .unwrap();
            assert_eq!(behind.total, busiest.reports);
            assert!(behind.events.iter().all(|e| e
                .date
                .as_deref()
                .is_some_and(|d| d.starts_with(&busiest.period))));
        }
    }
    let weeks = s.timeline(&EventFilter::default(), Period::Week).unwrap();
    assert_eq!(weeks.iter().map(|p| p.reports).sum::<u64>(), 4000);
    assert!(weeks.windows(2).all(|w| w[0].period < w[1].period));
}
