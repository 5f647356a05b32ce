//! Errors of the store. Every variant says which file, document, event or filter it is about.

/// An error of the event store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a SQLite database (or its header is damaged).
    #[error(
        "{path}: not a jirga store: {detail}; refusing to open it (the file was not modified)"
    )]
    NotSqlite {
        /// Database path.
        path: String,
        /// What was found.
        detail: String,
    },
    /// A SQLite database that belongs to another application.
    #[error(
        "{path}: a SQLite database of another application (application_id {found:#x}, jirga uses {expected:#x}); \
         refusing to open it (the file was not modified)"
    )]
    Foreign {
        /// Database path.
        path: String,
        /// application_id found in the header.
        found: i32,
        /// jirga's application_id.
        expected: i32,
    },
    /// `PRAGMA quick_check` failed.
    #[error("{path}: the store is corrupt ({detail}); refusing to write to it")]
    Corrupt {
        /// Database path.
        path: String,
        /// First lines of the integrity check.
        detail: String,
    },
    /// The store was written by a newer jirga.
    #[error("{path}: store schema version {found} is newer than this jirga supports ({supported}); upgrade jirga")]
    TooNew {
        /// Database path.
        path: String,
        /// user_version in the file.
        found: i32,
        /// Newest version this build knows.
        supported: i32,
    },
    /// A read-only open of a store of an older schema version (reads need the current
    /// schema; opening the store for writing migrates it).
    #[error("{path}: store schema version {found} is older than this jirga's ({current}); open it once for writing to migrate it (for example `jirga ingest --db FILE DIR` with an empty directory DIR)")]
    NeedsMigration {
        /// Database path.
        path: String,
        /// user_version in the file.
        found: i32,
        /// Version this build reads.
        current: i32,
    },
    /// A SQLite call failed.
    #[error("{path}: {context}: {source}")]
    Sqlite {
        /// Database path.
        path: String,
        /// What was being done (which document, event or query).
        context: String,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// A document that cannot be stored as it is (offsets out of range, event pointing nowhere).
    #[error("document `{doc}`: {what}")]
    Document {
        /// Document id.
        doc: String,
        /// What is wrong.
        what: String,
    },
    /// A query filter with a bad value.
    #[error("bad value for `{field}`: `{value}` ({why})")]
    BadFilter {
        /// Filter field.
        field: &'static str,
        /// Value given.
        value: String,
        /// What is expected.
        why: String,
    },
    /// No event, incident or document with that id.
    #[error("no {what} `{id}` in the store")]
    NotFound {
        /// `event`, `incident`, `document`.
        what: &'static str,
        /// The id asked for.
        id: String,
    },
    /// A stored JSON column that does not decode (the row is named).
    #[error("{what}: stored JSON does not decode: {source}")]
    Json {
        /// Which row.
        what: String,
        /// serde error.
        #[source]
        source: serde_json::Error,
    },
    /// Writing an export failed.
    #[error("writing {format} export: {source}")]
    Io {
        /// Export format.
        format: &'static str,
        /// I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Result with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// Attaches the database path and a context to rusqlite results.
pub(crate) trait SqlCtx<T> {
    fn ctx(self, path: &str, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> SqlCtx<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, path: &str, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite {
            path: path.to_string(),
            context: context(),
            source,
        })
    }
}
