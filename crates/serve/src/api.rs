//! The JSON API: parameter parsing, the reader pool, handlers and the router.

use crate::{ServeError, MAX_BODY_BYTES, REQUEST_TIMEOUT};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use jirga_doc::{Certainty, EventRecord};
use jirga_store::{
    ActorSel, EventDetail, EventFilter, MeetingsQuery, Page, PartnersQuery, Period, SeriesQuery,
    Store, StoreError,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Shared state: the reader pool and the admin token.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    path: std::path::PathBuf,
    cache: Option<crate::cache::ResponseCache>,
    stores: Mutex<Vec<Store>>,
    permits: Semaphore,
    token: Option<String>,
    started: std::time::Instant,
}

impl AppState {
    /// Opens `readers` read-only connections to the store at `db` (at least one). Fails
    /// with a clear error when the file is missing or not a jirga store.
    pub fn open(
        db: &std::path::Path,
        readers: usize,
        token: Option<String>,
    ) -> Result<AppState, ServeError> {
        let n = readers.max(1);
        // The file is checked once (quick_check reads all of it), then n connections open.
        let stores = Store::open_readers(db, n).map_err(|source| ServeError::Store {
            path: db.display().to_string(),
            source: Box::new(source),
        })?;
        Ok(AppState {
            inner: Arc::new(Inner {
                path: db.to_path_buf(),
                cache: None,
                stores: Mutex::new(stores),
                permits: Semaphore::new(n),
                token: token.filter(|t| !t.is_empty()),
                started: std::time::Instant::now(),
            }),
        })
    }

    /// Keeps up to `bytes` of API answers in memory (0: none), emptied whenever the store
    /// file changes (see the cache module). Call before the state is shared.
    pub fn with_cache(mut self, bytes: usize) -> AppState {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.cache = (bytes > 0).then(|| crate::cache::ResponseCache::new(&inner.path, bytes));
        }
        self
    }

    /// Runs a store read on the blocking pool with one pooled connection.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("reader pool closed".into()))?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.stores.lock().ok().and_then(|mut v| v.pop());
            let store = match pooled {
                Some(s) => s,
                // A reader lost to a panic is replaced.
                None => Store::open_readers(&inner.path, 1)
                    .map_err(ApiError::from)?
                    .pop()
                    .ok_or_else(|| ApiError::internal("no reader".into()))?,
            };
            let out = f(&store);
            if let Ok(mut v) = inner.stores.lock() {
                v.push(store);
            }
            out.map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }
}

/// An API error: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad(message: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }
    fn internal(message: String) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let status = match &e {
            StoreError::BadFilter { .. } => StatusCode::BAD_REQUEST,
            StoreError::NotFound { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Query parameters, checked: unknown names are refused, values parsed with clear errors.
struct Params {
    map: HashMap<String, String>,
}

impl Params {
    fn new(map: HashMap<String, String>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut unknown: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !allowed.contains(k))
            .collect();
        if !unknown.is_empty() {
            unknown.sort_unstable();
            return Err(ApiError::bad(format!(
                "unknown parameter `{}`; this endpoint takes: {}",
                unknown.join("`, `"),
                allowed.join(", ")
            )));
        }
        Ok(Params { map })
    }

    /// A non-empty string value.
    fn str(&self, name: &str) -> Option<String> {
        self.map
            .get(name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    fn actor(&self, name: &'static str) -> Result<Option<ActorSel>, ApiError> {
        self.str(name)
            .map(|s| ActorSel::parse(name, &s.to_ascii_uppercase()))
            .transpose()
            .map_err(ApiError::from)
    }

    fn required_actor(&self, name: &'static str) -> Result<ActorSel, ApiError> {
        self.actor(name)?.ok_or_else(|| {
            ApiError::bad(format!(
                "missing parameter `{name}` (an actor code like RUS or RUS:GOV)"
            ))
        })
    }

    fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.str(name).as_deref() {
            None => Ok(None),
            Some("true" | "1" | "yes") => Ok(Some(true)),
            Some("false" | "0" | "no") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad(format!(
                "bad value for `{name}`: `{v}` (true or false)"
            ))),
        }
    }

    fn num<T: std::str::FromStr>(&self, name: &str, what: &str) -> Result<Option<T>, ApiError> {
        self.str(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| ApiError::bad(format!("bad value for `{name}`: `{v}` ({what})")))
            })
            .transpose()
    }

    fn page(&self, default_limit: u32) -> Result<Page, ApiError> {
        let limit = self
            .num::<u32>("limit", "a whole number from 1 to 10000")?
            .unwrap_or(default_limit);
        if limit == 0 || limit > jirga_store::MAX_LIMIT {
            return Err(ApiError::bad(format!(
                "bad value for `limit`: `{limit}` (a whole number from 1 to {})",
                jirga_store::MAX_LIMIT
            )));
        }
        let offset = self
            .num::<u64>("offset", "a whole number, 0 or more")?
            .unwrap_or(0);
        Ok(Page { limit, offset })
    }

    fn certainty(&self) -> Result<Vec<Certainty>, ApiError> {
        let Some(v) = self.str("certainty") else {
            return Ok(Vec::new());
        };
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|c| {
                serde_json::from_value::<Certainty>(serde_json::Value::String(c.to_string()))
                    .map_err(|_| {
                        ApiError::bad(format!(
                            "bad value for `certainty`: `{c}` (comma-separated: asserted, reported, alleged, planned, hypothetical...)"
                        ))
                    })
            })
            .collect()
    }
}

const EVENT_PARAMS: &[&str] = &[
    "actor",
    "source",
    "target",
    "both",
    "cameo",
    "root",
    "plover",
    "quad",
    "certainty",
    "negated",
    "since",
    "until",
    "place",
    "outlet",
    "text",
    "incident",
    "doc",
    "limit",
    "offset",
];

fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    // `quad=2` or a set: `quad=1,2` (cooperation), `quad=3,4` (conflict).
    let mut quads: Vec<u8> = Vec::new();
    if let Some(v) = p.str("quad") {
        for part in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match part.parse::<u8>() {
                Ok(q) if (1..=4).contains(&q) => quads.push(q),
                _ => {
                    return Err(ApiError::bad(format!(
                        "bad value for `quad`: `{part}` (a QuadClass from 1 to 4, or several separated by commas)"
                    )))
                }
            }
        }
        quads.sort_unstable();
        quads.dedup();
    }
    let quad_class = match quads.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    if quad_class.is_some() {
        quads.clear();
    }
    Ok(EventFilter {
        actor: p.actor("actor")?,
        source: p.actor("source")?,
        target: p.actor("target")?,
        both_directions: p.bool("both")?.unwrap_or(false),
        cameo: p.str("cameo"),
        root: p.str("root"),
        plover: p.str("plover").map(|s| s.to_ascii_uppercase()),
        quad_class,
        quads,
        certainty: p.certainty()?,
        negated: p.bool("negated")?,
        since: p.str("since"),
        until: p.str("until"),
        place: p.str("place"),
        outlet: p.str("outlet"),
        text: p.str("text"),
        incident: p.num::<i64>("incident", "an incident number")?,
        doc_id: p.str("doc"),
    })
}

async fn events(State(st): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let run = async {
        let p = Params::new(q, EVENT_PARAMS)?;
        let filter = event_filter(&p)?;
        let page = p.page(50)?;
        st.read(move |s| s.events_json(&filter, page)).await
    };
    json_or_error(run.await)
}

/// A span of the evidence sentence to highlight, in UTF-16 code units of the sentence
/// text (what JavaScript string indices count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    /// `source`, `target`, `trigger`, `attribution` or `place`.
    pub role: &'static str,
    /// Start (UTF-16 units from the start of the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The highlighted text.
    pub text: String,
}

impl Highlight {
    /// Converts document byte offsets `[start, end)` to a highlight of the record's
    /// sentence; `None` when the span is not inside the sentence or not on character
    /// boundaries.
    pub fn of(rec: &EventRecord, role: &'static str, start: u32, end: u32) -> Option<Highlight> {
        let text = &rec.sentence.text;
        let rs = start.checked_sub(rec.sentence.start)? as usize;
        let re = end.checked_sub(rec.sentence.start)? as usize;
        if rs >= re {
            return None;
        }
        let before = text.get(..rs)?;
        let span = text.get(rs..re)?;
        let u16_start = before.encode_utf16().count();
        Some(Highlight {
            role,
            start: u16_start,
            end: u16_start + span.encode_utf16().count(),
            text: span.to_string(),
        })
    }

    /// All highlights of a record: source, target, trigger, attribution, place.
    pub fn all(rec: &EventRecord) -> Vec<Highlight> {
        let mut out = Vec::new();
        for (role, a) in [
            ("source", &rec.source),
            ("target", &rec.target),
            ("attribution", &rec.attribution),
        ] {
            if let Some(a) = a {
                out.extend(Highlight::of(rec, role, a.start, a.end));
            }
        }
        if let Some(p) = &rec.place {
            out.extend(Highlight::of(rec, "place", p.start, p.end));
        }
        out.extend(Highlight::of(
            rec,
            "trigger",
            rec.trigger.start,
            rec.trigger.end,
        ));
        out.sort_by_key(|h| (h.start, h.end));
        out
    }
}

#[derive(Serialize)]
struct EventView {
    #[serde(flatten)]
    detail: EventDetail,
    highlights: Vec<Highlight>,
}

/// A path id the store can look up: not empty, at most 1,000 bytes.
fn check_id(id: &str, what: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 1000 {
        return Err(ApiError::bad(format!("bad {what} id")));
    }
    Ok(())
}

async fn event(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        Params::new(q, &[])?;
        check_id(&id, "event")?;
        let detail = st.read(move |s| s.event(&id)).await?;
        let highlights = Highlight::all(&detail.hit.record);
        Ok(EventView { detail, highlights })
    };
    json_or_error(run.await)
}

/// A stored document: its metadata, text and coded events.
#[derive(Serialize)]
struct DocumentView {
    #[serde(flatten)]
    meta: jirga_doc::DocMeta,
    text: String,
    events: Vec<EventRecord>,
}

async fn document(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        Params::new(q, &[])?;
        check_id(&id, "document")?;
        st.read(move |s| {
            let doc = s.document(&id)?;
            let events = s.document_events(&id)?;
            Ok(DocumentView {
                meta: doc.meta,
                text: doc.text,
                events,
            })
        })
        .await
    };
    json_or_error(run.await)
}

async fn incident(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        Params::new(q, &[])?;
        let n: i64 = id
            .parse()
            .map_err(|_| ApiError::bad(format!("bad incident number `{id}`")))?;
        st.read(move |s| s.incident(n)).await
    };
    json_or_error(run.await)
}

async fn timeline(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        let allowed: Vec<&str> = EVENT_PARAMS
            .iter()
            .copied()
            .filter(|k| *k != "limit" && *k != "offset")
            .chain(["by"])
            .collect();
        let p = Params::new(q, &allowed)?;
        let filter = event_filter(&p)?;
        let by = match p.str("by") {
            Some(b) => Period::parse(&b)?,
            None => Period::Month,
        };
        st.read(move |s| s.timeline(&filter, by)).await
    };
    json_or_error(run.await)
}

async fn series(State(st): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let run = async {
        let p = Params::new(
            q,
            &[
                "source", "target", "both", "by", "since", "until", "negated",
            ],
        )?;
        let by = match p.str("by") {
            Some(b) => Period::parse(&b)?,
            None => Period::Month,
        };
        let query = SeriesQuery {
            source: p.required_actor("source")?,
            target: p.required_actor("target")?,
            both_directions: p.bool("both")?.unwrap_or(true),
            by,
            since: p.str("since"),
            until: p.str("until"),
            include_negated: p.bool("negated")?.unwrap_or(false),
        };
        st.read(move |s| s.series(&query)).await
    };
    json_or_error(run.await)
}

async fn partners(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        let p = Params::new(
            q,
            &["actor", "since", "until", "negated", "limit", "offset"],
        )?;
        let query = PartnersQuery {
            actor: p.required_actor("actor")?,
            since: p.str("since"),
            until: p.str("until"),
            include_negated: p.bool("negated")?.unwrap_or(false),
            page: p.page(25)?,
        };
        st.read(move |s| s.partners(&query)).await
    };
    json_or_error(run.await)
}

async fn meetings(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = async {
        let p = Params::new(q, &["actor", "since", "until", "limit", "offset"])?;
        let query = MeetingsQuery {
            actor: p.actor("actor")?,
            since: p.str("since"),
            until: p.str("until"),
            page: p.page(50)?,
        };
        st.read(move |s| s.meetings(&query)).await
    };
    json_or_error(run.await)
}

async fn summary(State(st): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let run = async {
        let p = Params::new(q, &["top"])?;
        let top = p
            .num::<usize>("top", "a whole number from 1 to 500")?
            .unwrap_or(20);
        if top == 0 || top > 500 {
            return Err(ApiError::bad(format!(
                "bad value for `top`: `{top}` (a whole number from 1 to 500)"
            )));
        }
        st.read(move |s| s.summary(top)).await
    };
    json_or_error(run.await)
}

async fn health() -> Response {
    Json(serde_json::json!({ "status": "ok", "read_only": true })).into_response()
}

async fn admin_status(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &st.inner.token else {
        return ApiError {
            status: StatusCode::FORBIDDEN,
            message: "admin endpoints are disabled: start `jirga serve` with --token".into(),
        }
        .into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing or wrong token (send `Authorization: Bearer TOKEN`)".into(),
        }
        .into_response();
    }
    let idle = st.inner.stores.lock().map(|v| v.len()).unwrap_or(0);
    let cache = st.inner.cache.as_ref().map(|c| {
        let (hits, misses, entries, bytes) = c.stats();
        serde_json::json!({ "hits": hits, "misses": misses, "entries": entries, "bytes": bytes })
    });
    Json(serde_json::json!({
        "db": st.inner.path.display().to_string(),
        "uptime_seconds": st.inner.started.elapsed().as_secs(),
        "idle_readers": idle,
        "cache": cache,
    }))
    .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn openapi_json() -> Response {
    Json(crate::openapi()).into_response()
}

async fn not_found() -> Response {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: "no such endpoint; see /api/openapi.json".into(),
    }
    .into_response()
}

fn json_or_error<T: Serialize>(r: Result<T, ApiError>) -> Response {
    let r: ApiResult<T> = r.map(Json);
    match r {
        Ok(j) => j.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn timeout_error(_: tower::BoxError) -> Response {
    ApiError {
        status: StatusCode::REQUEST_TIMEOUT,
        message: format!(
            "the request took longer than {} s",
            REQUEST_TIMEOUT.as_secs()
        ),
    }
    .into_response()
}

/// The application: API, OpenAPI document and UI, with body size and time limits,
/// compression and (when [`AppState::with_cache`] asked for one) the answer cache.
pub fn router(state: AppState) -> Router {
    let cache = state.inner.cache.clone();
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/summary", get(summary))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/incidents/{id}", get(incident))
        .route("/api/documents/{id}", get(document))
        .route("/api/series", get(series))
        .route("/api/timeline", get(timeline))
        .route("/api/partners", get(partners))
        .route("/api/meetings", get(meetings))
        .route("/api/admin/status", get(admin_status))
        .route("/api/{*rest}", get(not_found).fallback(not_found))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            cache,
            crate::cache::layer,
        ));
    api.merge(crate::ui::routes())
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(timeout_error))
                .timeout(REQUEST_TIMEOUT),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        )
}
