//! The [`Store`] handle: opening, creating and refusing files.

use crate::dedup::DedupConfig;
use crate::error::{Result, SqlCtx, StoreError};
use crate::schema::{self, FileState};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// An open event store (one SQLite file in WAL mode).
///
/// Writes go through [`Store::ingest`] / [`Store::ingest_batch`] (one transaction per call);
/// reads through the query methods (see the crate documentation). A `Store` is `Send` but
/// not `Sync`: open one per thread (SQLite in WAL mode lets readers run beside a writer).
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: String,
    pub(crate) dedup: DedupConfig,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating it when the file does not exist (or is empty),
    /// and migrating an older schema. Refuses, without writing anything, a file that is
    /// not SQLite, a SQLite file of another application, a corrupt store or a store of a
    /// newer schema version.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let p = path.display().to_string();
        match schema::check_existing(path)? {
            FileState::Fresh | FileState::EmptySqlite | FileState::Store => {}
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx(&p, || "opening the store".into())?;
        schema::prepare(&mut conn, &p, false)?;
        Ok(Store {
            conn,
            path: p,
            dedup: DedupConfig::default(),
        })
    }

    /// Opens an existing store for reading only (queries and exports). Fails when the file
    /// does not exist or is not a jirga store of a version this build reads. The check
    /// includes `PRAGMA quick_check`, which reads the whole file: to open many readers
    /// use [`Store::open_readers`], which checks once.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let mut v = Store::open_readers(path, 1)?;
        v.pop().ok_or_else(|| StoreError::NotFound {
            what: "store",
            id: String::new(),
        })
    }

    /// Checks the store at `path` once (as [`Store::open_read_only`]) and opens `n`
    /// read-only connections to it (at least one): the reader pool of `jirga serve`.
    pub fn open_readers(path: impl AsRef<Path>, n: usize) -> Result<Vec<Store>> {
        let path = path.as_ref();
        match schema::check_existing(path)? {
            FileState::Store => {}
            FileState::Fresh | FileState::EmptySqlite => {
                return Err(StoreError::NotFound {
                    what: "store",
                    id: path.display().to_string(),
                })
            }
        }
        (0..n.max(1))
            .map(|_| Store::connect_read_only(path))
            .collect()
    }

    /// A read-only connection to a store already checked.
    fn connect_read_only(path: &Path) -> Result<Store> {
        let p = path.display().to_string();
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx(&p, || "opening the store read-only".into())?;
        schema::prepare(&mut conn, &p, true)?;
        // Filters make many shapes of query; keep their plans.
        conn.set_prepared_statement_cache_capacity(128);
        let version: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx(&p, || "reading schema version".into())?;
        if version < schema::SCHEMA_VERSION {
            return Err(StoreError::NeedsMigration {
                path: p,
                found: version,
                current: schema::SCHEMA_VERSION,
            });
        }
        if version != schema::SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: p,
                found: version,
                supported: schema::SCHEMA_VERSION,
            });
        }
        Ok(Store {
            conn,
            path: p,
            dedup: DedupConfig::default(),
        })
    }

    /// A store in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let p = ":memory:".to_string();
        let mut conn = Connection::open_in_memory().ctx(&p, || "opening in memory".into())?;
        schema::prepare(&mut conn, &p, false)?;
        Ok(Store {
            conn,
            path: p,
            dedup: DedupConfig::default(),
        })
    }

    /// Uses another deduplication setting for the reports ingested from now on.
    pub fn with_dedup(mut self, cfg: DedupConfig) -> Store {
        self.dedup = cfg;
        self
    }

    /// Path of the database file.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Copies the write-ahead log into the main file and truncates the log.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .ctx(&self.path, || "checkpointing the write-ahead log".into())
    }

    /// Schema version of the open store.
    pub fn schema_version(&self) -> Result<i32> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx(&self.path, || "reading schema version".into())
    }
}
