//! `jirga serve`: the JSON API and web UI over an event store.

use crate::common::Status;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Event store to serve (opened read-only; must exist).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Token enabling the admin endpoints (`Authorization: Bearer TOKEN`); without it the
    /// server has no admin access at all.
    #[arg(long)]
    pub token: Option<String>,
    /// Read-only SQLite connections.
    #[arg(long, default_value_t = 8)]
    pub readers: usize,
    /// Megabytes of API answers kept in memory (0: no cache); the cache is emptied whenever
    /// the store file changes.
    #[arg(long, default_value_t = 64)]
    pub cache_mb: usize,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let cfg = jirga_serve::ServeConfig {
        db: args.db,
        addr: args.addr,
        token: args.token,
        readers: args.readers,
        cache_bytes: args.cache_mb.saturating_mul(1024 * 1024),
    };
    if !cfg.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} (not loopback): the store is readable from the network",
            cfg.addr
        );
    }
    jirga_serve::serve_blocking(&cfg, |addr| {
        println!(
            "jirga serve: http://{addr}/  (API: http://{addr}/api/openapi.json; Ctrl-C stops)"
        );
    })?;
    Ok(Status::Clean)
}
