//! A bounded cache of API responses, emptied whenever the store file changes.
//!
//! The server only reads the store, and the same questions come back (a dyad's series,
//! the first pages of a filter): answers of the data endpoints are kept, by exact path
//! and query string, up to a byte budget (oldest entries go first). Before every look-up
//! the store file and its write-ahead log are looked at (size and modification time): an
//! ingest that commits or checkpoints changes one of them, and the cache starts over.
//! Requests for an answer that is being computed wait for it rather than compute it again
//! (many clients opening the same view at once cost one query).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Largest single answer kept (bytes); larger ones are served but not kept.
const MAX_ENTRY: usize = 2 * 1024 * 1024;

/// Paths whose answers depend only on the store and the request.
const CACHED: &[&str] = &[
    "/api/summary",
    "/api/events",
    "/api/incidents/",
    "/api/documents/",
    "/api/series",
    "/api/timeline",
    "/api/partners",
    "/api/meetings",
];

type Stamp = [(u64, Option<SystemTime>); 2];

/// The cache (cheap to clone: shared).
#[derive(Clone)]
pub(crate) struct ResponseCache {
    inner: Arc<Mutex<Entries>>,
    /// One gate per answer being computed.
    inflight: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    db: PathBuf,
    wal: PathBuf,
    budget: usize,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Bytes>,
    order: VecDeque<String>,
    bytes: usize,
    stamp: Option<Stamp>,
    hits: u64,
    misses: u64,
}

fn stamp_of(p: &Path) -> (u64, Option<SystemTime>) {
    match std::fs::metadata(p) {
        Ok(m) => (m.len(), m.modified().ok()),
        Err(_) => (0, None),
    }
}

impl ResponseCache {
    /// A cache of at most `budget` bytes of answers about the store at `db`.
    pub(crate) fn new(db: &Path, budget: usize) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            inner: Arc::new(Mutex::new(Entries::default())),
            inflight: Arc::new(Mutex::new(HashMap::new())),
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            budget,
        }
    }

    /// (hits, misses, entries, bytes) so far.
    pub(crate) fn stats(&self) -> (u64, u64, usize, usize) {
        self.inner
            .lock()
            .map(|e| (e.hits, e.misses, e.map.len(), e.bytes))
            .unwrap_or_default()
    }

    /// The answer for `key` if kept, without counting a hit or a miss.
    fn peek(&self, key: &str) -> Option<Bytes> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    fn gate(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut m = self.inflight.lock().ok()?;
        Some(m.entry(key.to_string()).or_default().clone())
    }

    fn release(&self, key: &str) {
        if let Ok(mut m) = self.inflight.lock() {
            m.remove(key);
        }
    }

    fn get(&self, key: &str) -> Option<Bytes> {
        let stamp = [stamp_of(&self.db), stamp_of(&self.wal)];
        let mut e = self.inner.lock().ok()?;
        if e.stamp != Some(stamp) {
            // The store changed (or this is the first request): start over.
            *e = Entries {
                stamp: Some(stamp),
                hits: e.hits,
                misses: e.misses,
                ..Entries::default()
            };
        }
        match e.map.get(key).cloned() {
            Some(b) => {
                e.hits += 1;
                Some(b)
            }
            None => {
                e.misses += 1;
                None
            }
        }
    }

    fn put(&self, key: String, body: Bytes) {
        if body.len() > MAX_ENTRY || body.len() > self.budget {
            return;
        }
        let Ok(mut e) = self.inner.lock() else {
            return;
        };
        if e.map.contains_key(&key) {
            return;
        }
        while e.bytes + body.len() > self.budget {
            let Some(old) = e.order.pop_front() else {
                break;
            };
            if let Some(b) = e.map.remove(&old) {
                e.bytes -= b.len();
            }
        }
        e.bytes += body.len();
        e.order.push_back(key.clone());
        e.map.insert(key, body);
    }
}

fn json(body: Bytes, hit: bool) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::HeaderName::from_static("x-jirga-cache"),
                HeaderValue::from_static(if hit { "hit" } else { "miss" }),
            ),
        ],
        body,
    )
        .into_response()
}

/// Middleware: answers from the cache, or asks the handler and keeps a `200` answer.
pub(crate) async fn layer(
    State(cache): State<Option<ResponseCache>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(cache) = cache else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    if req.method() != Method::GET || !CACHED.iter().any(|p| path.starts_with(p)) {
        return next.run(req).await;
    }
    let key = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    if let Some(body) = cache.get(&key) {
        return json(body, true);
    }
    // The first request for an answer computes it; the others wait, then find it kept.
    let gate = cache.gate(&key);
    let _turn = match &gate {
        Some(g) => Some(g.lock().await),
        None => None,
    };
    if let Some(body) = cache.peek(&key) {
        return json(body, true);
    }
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        cache.release(&key);
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match body.collect().await {
        Ok(b) => {
            let bytes = b.to_bytes();
            cache.put(key.clone(), bytes.clone());
            cache.release(&key);
            let mut resp = json(bytes, false);
            *resp.status_mut() = parts.status;
            resp
        }
        Err(_) => {
            cache.release(&key);
            (StatusCode::INTERNAL_SERVER_ERROR, Body::empty()).into_response()
        }
    }
}
