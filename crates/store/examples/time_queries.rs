//! Times the API's heavy store queries on an existing store, one connection, read-only:
//! `cargo run --release -p jirga-store --example time_queries -- DB [RUNS]`.

use jirga_store::{ActorSel, EventFilter, Page, Period, SeriesQuery, Store};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: time_queries DB [RUNS]")?;
    let runs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(50);
    let s = Store::open_read_only(&db)?;
    let majors = ["RUS", "TAL", "USA", "AFG", "PAK", "CHN", "IRN", "IND"];
    let time = |name: &str, f: &mut dyn FnMut(usize) -> usize| {
        let mut v = Vec::new();
        let mut rows = 0;
        for i in 0..runs {
            let t = Instant::now();
            rows += f(i);
            v.push(t.elapsed().as_secs_f64() * 1e3);
        }
        v.sort_by(f64::total_cmp);
        println!(
            "{name:<16} p50 {:.2} ms  p99 {:.2} ms  rows {}",
            v[v.len() / 2],
            v[(v.len() * 99 / 100).min(v.len() - 1)],
            rows / runs.max(1)
        );
    };
    let pair = |i: usize| {
        let a = majors[i % majors.len()];
        let b = majors[(i * 7 + 1) % majors.len()];
        (a, if a == b { "QAT" } else { b })
    };
    time("series", &mut |i| {
        let (a, b) = pair(i);
        let q = SeriesQuery {
            source: ActorSel::code(a),
            target: ActorSel::code(b),
            both_directions: true,
            by: Period::Month,
            ..Default::default()
        };
        s.series(&q).map(|v| v.len()).unwrap_or(0)
    });
    // a page of the events between a pair, both directions
    let dyad_page = |i: usize, limit: u32| {
        let (a, b) = pair(i);
        let f = EventFilter {
            source: Some(ActorSel::code(a)),
            target: Some(ActorSel::code(b)),
            both_directions: true,
            ..Default::default()
        };
        let p = Page {
            limit,
            offset: (i % 5) as u64 * 50,
        };
        s.events(&f, p).map(|v| v.events.len()).unwrap_or(0)
    };
    time("events(dyad)", &mut |i| dyad_page(i, 50));
    time("events(filter)", &mut |i| {
        let (a, _) = pair(i);
        let f = EventFilter {
            actor: Some(ActorSel::code(a)),
            root: Some("04".into()),
            since: Some("2019".into()),
            until: Some("2020-06".into()),
            ..Default::default()
        };
        let p = Page {
            limit: 50,
            offset: (i % 3) as u64 * 50,
        };
        s.events(&f, p).map(|v| v.events.len()).unwrap_or(0)
    });
    time("events(dyad,1)", &mut |i| dyad_page(i, 1));
    time("event", &mut |i| {
        let id = 1 + (i as u64 * 104_729) % 1_000_000;
        s.event(&id.to_string()).map(|_| 1).unwrap_or(0)
    });
    Ok(())
}
