//! # jirga-serve
//!
//! HTTP API and web UI over the jirga event store.
//!
//! [`router`] builds the axum application: a read-only JSON API under `/api/` over every
//! query of [`jirga_store::Store`] (described by the OpenAPI document at
//! `/api/openapi.json`, see [`openapi`]) and an embedded single-page UI under `/` (plain
//! HTML/JS/CSS with Chart.js and Cytoscape.js bundled into the binary). Store reads run on
//! tokio's blocking pool over a small pool of read-only SQLite connections, opened once at
//! start after one integrity check of the file ([`jirga_store::Store::open_readers`]).
//! `/api/timeline` counts events per period over any event filter; the UI draws it above
//! the event list, and a click on a bar opens the events of that period.
//!
//! Every parameter is parsed and checked here and again by the store; a bad one gives a
//! `400` with a JSON body `{"error": "..."}` naming it. Values reach SQLite only as bound
//! parameters (the store binds everything). Request bodies are limited to
//! [`MAX_BODY_BYTES`], requests to [`REQUEST_TIMEOUT`]. The one admin endpoint
//! (`/api/admin/status`) needs the token given at start (`Authorization: Bearer T`).
//! Answers of the data endpoints are kept in a bounded in-memory cache (by exact path and
//! query), emptied whenever the store file or its write-ahead log changes.
#![deny(missing_docs)]

mod api;
pub mod bench;
mod cache;
mod openapi_doc;
mod ui;

pub use api::{router, AppState, Highlight};
pub use openapi_doc::{openapi, ROUTES};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted (bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest time a request may take before the server answers `408`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// An error of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened (missing, foreign, corrupt, too new).
    #[error("cannot serve {path}: {source}")]
    Store {
        /// Database path.
        path: String,
        /// The store's error.
        #[source]
        source: Box<jirga_store::StoreError>,
    },
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Address asked for.
        addr: SocketAddr,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The runtime or the server failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store file (opened read-only).
    pub db: PathBuf,
    /// Address to listen on (127.0.0.1:8787 by default).
    pub addr: SocketAddr,
    /// Token for admin endpoints; without one the server has none.
    pub token: Option<String>,
    /// Read-only SQLite connections in the pool.
    pub readers: usize,
    /// Bytes of API answers kept in memory (0: no cache); emptied when the store changes.
    pub cache_bytes: usize,
}

/// Default size of the answer cache (64 MiB).
pub const DEFAULT_CACHE_BYTES: usize = 64 * 1024 * 1024;

impl ServeConfig {
    /// Defaults for a store file: 127.0.0.1:8787, no token, 4 readers, a 64 MiB cache.
    pub fn new(db: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            token: None,
            readers: 4,
            cache_bytes: DEFAULT_CACHE_BYTES,
        }
    }
}

/// Runs the server until Ctrl-C, calling `on_ready` with the bound address once listening.
/// Blocks the calling thread (it builds its own multi-thread tokio runtime).
pub fn serve_blocking(
    cfg: &ServeConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let state =
        AppState::open(&cfg.db, cfg.readers, cfg.token.clone())?.with_cache(cfg.cache_bytes);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(cfg.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: cfg.addr,
                source,
            })?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                // If the signal handler cannot be installed, run until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await?;
        Ok(())
    })
}
