//! API tests on a small synthetic store, through the router (no network).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use jirga_serve::{openapi, router, AppState, Highlight, ROUTES};
use jirga_store::{synth, Store};
use serde_json::Value;
use tower::ServiceExt;

fn fixture(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("events.db");
    let mut store = Store::open(&path).expect("create store");
    let mut rng = synth::Rng::new(7);
    let docs: Vec<_> = (0..300).map(|i| synth::document(&mut rng, i, 4)).collect();
    for r in store.ingest_batch(&docs).expect("ingest") {
        r.expect("document stored");
    }
    store.checkpoint().expect("checkpoint");
    path
}

fn app(token: Option<&str>) -> (tempfile::TempDir, axum::Router) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fixture(&dir);
    let state = AppState::open(&path, 2, token.map(str::to_string)).expect("open");
    (dir, router(state))
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    get_with(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

async fn get_with(app: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
    let resp = app.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v)
}

fn error_of(v: &Value) -> String {
    v["error"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn every_route_is_documented_and_answers() {
    let (_d, app) = app(None);
    let doc = openapi();
    let (status, served) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, doc);
    for (method, path) in ROUTES {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
        let uri = path.replace("{id}", "1");
        let (status, body) = get(&app, &uri).await;
        assert!(
            !error_of(&body).contains("no such endpoint"),
            "{uri} is not routed ({status})"
        );
    }
    // And the document has no path the router lacks.
    let documented = doc["paths"].as_object().map(|m| m.len()).unwrap_or(0);
    assert_eq!(documented, ROUTES.len());
    let (status, body) = get(&app, "/api/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error_of(&body).contains("openapi"));
}

#[tokio::test]
async fn events_filter_and_paginate() {
    let (_d, app) = app(None);
    let (status, all) = get(&app, "/api/events?limit=10").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["events"].as_array().map(Vec::len), Some(10));
    let total = all["total"].as_u64().unwrap_or(0);
    assert!(total > 100, "total {total}");

    let (status, dyad) = get(
        &app,
        "/api/events?source=rus&target=TAL&both=true&limit=100",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let events = dyad["events"].as_array().cloned().unwrap_or_default();
    assert!(dyad["total"].as_u64().unwrap_or(0) < total);
    for e in &events {
        let s = e["record"]["source"]["code"].as_str().unwrap_or_default();
        let t = e["record"]["target"]["code"].as_str().unwrap_or_default();
        let pair = (&s[..3.min(s.len())], &t[..3.min(t.len())]);
        assert!(pair == ("RUS", "TAL") || pair == ("TAL", "RUS"), "{pair:?}");
    }

    let (_, p1) = get(&app, "/api/events?limit=5&offset=0").await;
    let (_, p2) = get(&app, "/api/events?limit=5&offset=5").await;
    assert_ne!(p1["events"][0]["key"], p2["events"][0]["key"]);
    assert_eq!(p2["offset"], 5);

    let (status, q) = get(
        &app,
        "/api/events?quad=4&certainty=asserted,reported&limit=50",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for e in q["events"].as_array().cloned().unwrap_or_default() {
        assert_eq!(e["record"]["quad_class"], 4);
        let c = e["record"]["certainty"].as_str().unwrap_or_default();
        assert!(c == "asserted" || c == "reported", "{c}");
    }

    // A set of classes: cooperation is 1 or 2, and it is the sum of its two classes.
    let total = |v: &Value| v["total"].as_u64().unwrap_or_default();
    let (status, coop) = get(&app, "/api/events?quad=1,2&limit=100").await;
    assert_eq!(status, StatusCode::OK, "{coop}");
    for e in coop["events"].as_array().cloned().unwrap_or_default() {
        let q = e["record"]["quad_class"].as_u64().unwrap_or_default();
        assert!(q == 1 || q == 2, "{q}");
    }
    let (_, q1) = get(&app, "/api/events?quad=1&limit=1").await;
    let (_, q2) = get(&app, "/api/events?quad=2&limit=1").await;
    assert_eq!(total(&coop), total(&q1) + total(&q2));
    assert!(total(&coop) > 0);
}

#[tokio::test]
async fn bad_parameters_get_400_naming_them() {
    let (_d, app) = app(None);
    for (uri, names) in [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=abc", "limit"),
        ("/api/events?quad=9", "quad"),
        ("/api/events?quad=1,5", "quad"),
        ("/api/events?quad=1;DROP", "quad"),
        ("/api/events?actor=r", "actor"),
        ("/api/events?certainty=sure", "certainty"),
        ("/api/events?negated=maybe", "negated"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?colour=red", "colour"),
        ("/api/series?source=RUS", "target"),
        ("/api/series?source=RUS&target=TAL&by=year", "by"),
        ("/api/partners", "actor"),
        ("/api/summary?top=0", "top"),
        ("/api/incidents/x", "incident"),
        ("/api/events?actor=RUS'%20OR%201=1--", "actor"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(error_of(&body).contains(names), "{uri}: {body}");
    }
}

#[tokio::test]
async fn event_page_has_evidence_highlights_and_incident() {
    let (_d, app) = app(None);
    let (_, page) = get(&app, "/api/events?limit=1").await;
    let id = page["events"][0]["record"]["event_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!id.is_empty());
    let enc = id.replace('#', "%23");
    let (status, ev) = get(&app, &format!("/api/events/{enc}")).await;
    assert_eq!(status, StatusCode::OK, "{ev}");
    assert_eq!(ev["hit"]["record"]["event_id"], id.as_str());
    let sentence = ev["hit"]["record"]["sentence"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let hls = ev["highlights"].as_array().cloned().unwrap_or_default();
    assert!(hls.iter().any(|h| h["role"] == "trigger"), "{ev}");
    let units: Vec<u16> = sentence.encode_utf16().collect();
    for h in &hls {
        let (s, e) = (
            h["start"].as_u64().unwrap_or(0) as usize,
            h["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            String::from_utf16_lossy(&units[s..e]),
            h["text"].as_str().unwrap_or_default()
        );
    }
    assert!(ev["incident"]["reports"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
    let (status, body) = get(&app, "/api/events/no-such%23event").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error_of(&body).contains("no-such#event"));
}

#[tokio::test]
async fn series_partners_meetings_summary() {
    let (_d, app) = app(None);
    let (status, s) = get(&app, "/api/series?source=RUS&target=TAL&by=month").await;
    assert_eq!(status, StatusCode::OK);
    let pts = s.as_array().cloned().unwrap_or_default();
    assert!(!pts.is_empty());
    assert!(pts
        .iter()
        .all(|p| p["period"].as_str().is_some_and(|x| x.len() == 7)));
    let (status, p) = get(&app, "/api/partners?actor=RUS&limit=5").await;
    assert_eq!(status, StatusCode::OK);
    assert!(p.as_array().is_some_and(|v| !v.is_empty() && v.len() <= 5));
    let (status, m) = get(&app, "/api/meetings?limit=5").await;
    assert_eq!(status, StatusCode::OK);
    assert!(m.is_array());
    let (status, sum) = get(&app, "/api/summary?top=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sum["documents"], 300);
    assert!(sum["top_dyads"].as_array().is_some_and(|v| v.len() <= 3));
}

#[tokio::test]
async fn timeline_buckets_open_the_events_behind_them() {
    let (_d, app) = app(None);
    let (status, t) = get(&app, "/api/timeline?actor=RUS&root=04&by=month").await;
    assert_eq!(status, StatusCode::OK);
    let pts = t.as_array().cloned().unwrap_or_default();
    assert!(!pts.is_empty());
    let sum: u64 = pts.iter().map(|p| p["reports"].as_u64().unwrap_or(0)).sum();
    let (_, page) = get(&app, "/api/events?actor=RUS&root=04&limit=1").await;
    assert_eq!(page["total"].as_u64(), Some(sum));
    let first = &pts[0];
    let period = first["period"].as_str().unwrap_or_default();
    let (_, behind) = get(
        &app,
        &format!("/api/events?actor=RUS&root=04&since={period}&until={period}"),
    )
    .await;
    assert_eq!(behind["total"], first["reports"]);
    let (status, body) = get(&app, "/api/timeline?actor=RUS&by=year").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_of(&body).contains("by"));
    let (status, body) = get(&app, "/api/timeline?limit=5").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_of(&body).contains("limit"));
}

#[tokio::test]
async fn admin_needs_the_token() {
    let (_d, open) = app(None);
    let (status, _) = get(&open, "/api/admin/status").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_d2, guarded) = app(Some("s3cret"));
    let (status, _) = get(&guarded, "/api/admin/status").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let req = |t: &str| {
        Request::get("/api/admin/status")
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .expect("request")
    };
    let (status, _) = get_with(&guarded, req("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = get_with(&guarded, req("s3cret")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["db"]
        .as_str()
        .is_some_and(|p| p.ends_with("events.db")));
}

#[tokio::test]
async fn request_size_is_limited_and_api_is_read_only() {
    let (_d, app) = app(None);
    let big = Request::get("/api/events")
        .header("content-length", "100000")
        .body(Body::from(vec![b'x'; 100_000]))
        .expect("request");
    let resp = app.clone().oneshot(big).await.expect("response");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let post = Request::post("/api/events")
        .body(Body::empty())
        .expect("request");
    let resp = app.clone().oneshot(post).await.expect("response");
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn ui_is_embedded() {
    let (_d, app) = app(None);
    for (uri, needle, mime) in [
        ("/", "/ui/app.js", "text/html"),
        ("/ui/app.js", "hashchange", "text/javascript"),
        ("/ui/app.css", ".sentence", "text/css"),
        ("/ui/vendor/chart.umd.min.js", "Chart", "text/javascript"),
        (
            "/ui/vendor/cytoscape.min.js",
            "cytoscape",
            "text/javascript",
        ),
        ("/ui/credits.txt", "MIT", "text/plain"),
    ] {
        let resp = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        assert_eq!(resp.status(), StatusCode::OK, "{uri}");
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(ct.starts_with(mime), "{uri}: {ct}");
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        assert!(String::from_utf8_lossy(&bytes).contains(needle), "{uri}");
    }
}

#[test]
fn highlights_count_utf16_units_of_the_sentence() {
    let mut rec = jirga_doc::EventRecord::default();
    // Document: "Intro. Le président Poutine 🙂 a rencontré les talibans."
    let doc = "Intro. Le président Poutine 🙂 a rencontré les talibans.";
    let s0 = doc.find("Le").unwrap_or(0);
    rec.sentence.text = doc[s0..].to_string();
    rec.sentence.start = s0 as u32;
    rec.sentence.end = doc.len() as u32;
    let span = |w: &str| {
        let b = doc.find(w).unwrap_or(0) as u32;
        (b, b + w.len() as u32)
    };
    let (ts, te) = span("rencontré");
    rec.trigger = jirga_doc::TriggerRef {
        text: "rencontré".into(),
        start: ts,
        end: te,
    };
    let (ss, se) = span("président Poutine");
    let h = Highlight::of(&rec, "source", ss, se).expect("inside");
    assert_eq!((h.start, h.end), (3, 20));
    let t = Highlight::of(&rec, "trigger", ts, te).expect("inside");
    let units: Vec<u16> = rec.sentence.text.encode_utf16().collect();
    assert_eq!(
        String::from_utf16_lossy(&units[t.start..t.end]),
        "rencontré"
    );
    // Outside the sentence, reversed, or not on a character boundary: no highlight.
    assert!(Highlight::of(&rec, "source", 0, 5).is_none());
    assert!(Highlight::of(&rec, "source", te, ts).is_none());
    let e_acute = doc.find('é').unwrap_or(0) as u32;
    assert!(Highlight::of(&rec, "source", e_acute + 1, e_acute + 3).is_none());
}

#[tokio::test]
async fn place_and_outlet_filters_and_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("places.db");
    let mut store = Store::open(&path).expect("create store");
    let mut rng = synth::Rng::new(11);
    let mut docs: Vec<_> = (0..40).map(|i| synth::document(&mut rng, i, 3)).collect();
    // One event placed in Moscow: the span of its sentence's word "report".
    let doc = &mut docs[5];
    let s0 = doc.tokens.start[doc.sentences[1].start as usize] as usize;
    let at = s0 + doc.text[s0..].find("report").expect("word");
    doc.events[1].place = Some(jirga_doc::EventPlace {
        text: "report".into(),
        start: at as u32,
        end: (at + 6) as u32,
        country: Some("RUS".into()),
        city: Some("Moscow".into()),
    });
    let placed_doc = doc.meta.id.clone();
    for r in store.ingest_batch(&docs).expect("ingest") {
        r.expect("document stored");
    }
    drop(store);
    let app = router(AppState::open(&path, 1, None).expect("open"));

    for q in ["place=RUS", "place=moscow", "place=Moscow"] {
        let (status, page) = get(&app, &format!("/api/events?{q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}: {page}");
        assert_eq!(page["total"], 1, "{q}: {page}");
        let rec = &page["events"][0]["record"];
        assert_eq!(rec["doc_id"], placed_doc.as_str());
        assert_eq!(rec["place"]["city"], "Moscow");
    }
    let (_, none) = get(&app, "/api/events?place=Kabul").await;
    assert_eq!(none["total"], 0);

    // The place is highlighted on the event page.
    let (_, page) = get(&app, "/api/events?place=RUS").await;
    let id = page["events"][0]["record"]["event_id"]
        .as_str()
        .unwrap_or_default()
        .replace('#', "%23");
    let (status, ev) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let hls = ev["highlights"].as_array().cloned().unwrap_or_default();
    assert!(
        hls.iter()
            .any(|h| h["role"] == "place" && h["text"] == "report"),
        "{ev}"
    );

    // Outlets match whatever their case.
    let outlet = docs[7].meta.outlet.clone().unwrap_or_default();
    let (status, page) = get(
        &app,
        &format!("/api/events?outlet={}&limit=100", outlet.to_uppercase()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let events = page["events"].as_array().cloned().unwrap_or_default();
    assert!(!events.is_empty(), "{outlet}: {page}");
    assert!(events
        .iter()
        .all(|e| e["record"]["outlet"] == outlet.as_str()));
    let expected = docs
        .iter()
        .filter(|d| d.meta.outlet.as_deref() == Some(outlet.as_str()))
        .map(|d| d.events.len() as u64)
        .sum::<u64>();
    assert_eq!(page["total"].as_u64(), Some(expected));

    // A document with every event coded in it.
    let (status, d) = get(&app, &format!("/api/documents/{placed_doc}")).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["id"], placed_doc.as_str());
    assert!(d["text"].as_str().is_some_and(|t| t.contains("acted on")));
    let evs = d["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(evs.len(), 3);
    assert!(evs.iter().all(|e| e["doc_id"] == placed_doc.as_str()));
    let (status, body) = get(&app, "/api/documents/no-such-doc").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error_of(&body).contains("no-such-doc"));
    let (status, body) = get(&app, "/api/documents/synth-1?x=1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_of(&body).contains("`x`"));
}

#[tokio::test]
async fn pages_list_dated_events_by_day_then_undated_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("undated.db");
    let mut store = Store::open(&path).expect("create store");
    let mut rng = synth::Rng::new(5);
    let mut docs: Vec<_> = (0..30).map(|i| synth::document(&mut rng, i, 3)).collect();
    // Every third document has no date at all: its events are undated.
    for d in docs.iter_mut().step_by(3) {
        d.meta.date = None;
        for e in &mut d.events {
            e.when = None;
        }
    }
    for r in store.ingest_batch(&docs).expect("ingest") {
        r.expect("document stored");
    }
    drop(store);
    let app = router(AppState::open(&path, 1, None).expect("open"));
    let (_, all) = get(&app, "/api/events?limit=1000").await;
    let total = all["total"].as_u64().unwrap_or(0);
    assert_eq!(total, 90);
    let keys = |v: &Value| -> Vec<(Option<String>, i64)> {
        v["events"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|e| {
                (
                    e["date"].as_str().map(str::to_string),
                    e["key"].as_i64().unwrap_or(0),
                )
            })
            .collect()
    };
    let every = keys(&all);
    assert_eq!(every.len(), 90);
    let undated = every.iter().filter(|(d, _)| d.is_none()).count();
    assert_eq!(undated, 30);
    // Dated first, by day then storage order; then undated, by storage order.
    let mut sorted = every.clone();
    sorted.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    assert_eq!(every, sorted);
    // Pages of 7 (one straddles the dated and undated events, some are all undated)
    // put together are the whole list.
    let mut paged = Vec::new();
    for offset in (0..total).step_by(7) {
        let (status, p) = get(&app, &format!("/api/events?limit=7&offset={offset}")).await;
        assert_eq!(status, StatusCode::OK);
        paged.extend(keys(&p));
    }
    assert_eq!(paged, every);
    let (_, past) = get(&app, "/api/events?limit=7&offset=95").await;
    assert_eq!(past["events"].as_array().map(Vec::len), Some(0));
    assert_eq!(past["total"], 90);
}

#[tokio::test]
async fn cached_answers_are_dropped_when_the_store_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fixture(&dir);
    let app = router(
        AppState::open(&path, 2, None)
            .expect("open")
            .with_cache(1 << 20),
    );
    let fetch = |uri: &'static str| {
        let app = app.clone();
        async move {
            let resp = app
                .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
                .await
                .expect("response");
            let cache = resp
                .headers()
                .get("x-jirga-cache")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_string();
            let bytes = resp.into_body().collect().await.expect("body").to_bytes();
            let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            (cache, v)
        }
    };
    let (c1, first) = fetch("/api/events?limit=3").await;
    let (c2, again) = fetch("/api/events?limit=3").await;
    assert_eq!((c1.as_str(), c2.as_str()), ("miss", "hit"));
    assert_eq!(first, again);
    // Errors are not kept, nor are answers of endpoints outside the store.
    let (c, _) = fetch("/api/events?limit=0").await;
    assert_eq!(c, "none");
    let (c, _) = fetch("/api/health").await;
    assert_eq!(c, "none");

    // A writer adds documents: the next answer is computed again and sees them.
    let mut writer = Store::open(&path).expect("writer");
    let mut rng = synth::Rng::new(99);
    let docs: Vec<_> = (1000..1010)
        .map(|i| synth::document(&mut rng, i, 4))
        .collect();
    for r in writer.ingest_batch(&docs).expect("ingest") {
        r.expect("stored");
    }
    let (c3, after) = fetch("/api/events?limit=3").await;
    assert_eq!(c3, "miss");
    assert_eq!(
        after["total"].as_u64(),
        first["total"].as_u64().map(|t| t + 40)
    );
}
