//! Errors of the readers: each names the file, and the record within it where there is one.

use std::fmt;

/// Where in the input something happened: file, record (1-based) and byte offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// Input path, or `-` for standard input.
    pub path: String,
    /// Record number within the file (WARC record, feed item, JSON Lines line).
    pub record: Option<u64>,
    /// Byte offset in the (decompressed) input.
    pub offset: Option<u64>,
}

impl Loc {
    /// A whole-file location.
    pub fn file(path: impl Into<String>) -> Loc {
        Loc {
            path: path.into(),
            record: None,
            offset: None,
        }
    }
    /// A record within a file.
    pub fn record(path: impl Into<String>, record: u64, offset: Option<u64>) -> Loc {
        Loc {
            path: path.into(),
            record: Some(record),
            offset,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(r) => write!(f, "record {r} of {}", self.path)?,
            None => write!(f, "{}", self.path)?,
        }
        if let Some(o) = self.offset {
            write!(f, " (byte {o})")?;
        }
        Ok(())
    }
}

/// An input that could not be read or was deliberately skipped.
///
/// Readers yield one of these per bad record and go on with the next one;
/// [`IngestError::is_skip`] tells deliberate skips (not HTML, an HTTP redirect, a
/// binary file) from failures, and [`IngestError::reason`] gives a short key to
/// count them by in a summary.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read (includes truncated gzip streams).
    #[error("cannot read {loc}: {source}")]
    Io {
        /// Where.
        loc: Loc,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A WARC record is malformed (bad version line, headers, Content-Length).
    #[error("bad WARC {loc}: {what}")]
    Warc {
        /// Where.
        loc: Loc,
        /// What is wrong.
        what: String,
    },
    /// The HTTP response inside a WARC record is malformed.
    #[error("bad HTTP response in {loc}: {what}")]
    Http {
        /// Where.
        loc: Loc,
        /// What is wrong.
        what: String,
    },
    /// A feed file is not well-formed RSS or Atom.
    #[error("bad feed {loc}: {what}")]
    Feed {
        /// Where.
        loc: Loc,
        /// What is wrong.
        what: String,
    },
    /// A JSON Lines record is not valid JSON or lacks the text field.
    #[error("bad JSON Lines {loc}: {what}")]
    Json {
        /// Where.
        loc: Loc,
        /// What is wrong.
        what: String,
    },
    /// The input looks binary (NUL bytes, not text in any encoding).
    #[error("skipped {loc}: binary content, not text")]
    Binary {
        /// Where.
        loc: Loc,
    },
    /// A WARC response that is not an HTML page.
    #[error("skipped {loc}: not HTML (content type `{content_type}`)")]
    NotHtml {
        /// Where.
        loc: Loc,
        /// Declared content type.
        content_type: String,
    },
    /// A WARC response with a status other than 200 (redirects, errors).
    #[error("skipped {loc}: HTTP status {status}")]
    HttpStatus {
        /// Where.
        loc: Loc,
        /// HTTP status code.
        status: u16,
    },
    /// A record larger than the configured limit.
    #[error("skipped {loc}: {bytes} bytes exceed the limit of {limit}")]
    TooLarge {
        /// Where.
        loc: Loc,
        /// Size of the record.
        bytes: u64,
        /// Configured limit.
        limit: u64,
    },
    /// No text was left after extraction.
    #[error("skipped {loc}: no text")]
    Empty {
        /// Where.
        loc: Loc,
    },
}

impl IngestError {
    /// Where the error happened.
    pub fn loc(&self) -> &Loc {
        match self {
            IngestError::Io { loc, .. }
            | IngestError::Warc { loc, .. }
            | IngestError::Http { loc, .. }
            | IngestError::Feed { loc, .. }
            | IngestError::Json { loc, .. }
            | IngestError::Binary { loc }
            | IngestError::NotHtml { loc, .. }
            | IngestError::HttpStatus { loc, .. }
            | IngestError::TooLarge { loc, .. }
            | IngestError::Empty { loc } => loc,
        }
    }

    /// Short stable key for counting errors by kind in a summary.
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "read error",
            IngestError::Warc { .. } => "bad warc record",
            IngestError::Http { .. } => "bad http response",
            IngestError::Feed { .. } => "bad feed",
            IngestError::Json { .. } => "bad json line",
            IngestError::Binary { .. } => "binary",
            IngestError::NotHtml { .. } => "not html",
            IngestError::HttpStatus { .. } => "http status not 200",
            IngestError::TooLarge { .. } => "too large",
            IngestError::Empty { .. } => "no text",
        }
    }

    /// Whether the input was skipped on purpose (not a failure of the input).
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            IngestError::Binary { .. }
                | IngestError::NotHtml { .. }
                | IngestError::HttpStatus { .. }
                | IngestError::TooLarge { .. }
                | IngestError::Empty { .. }
        )
    }
}

/// Result with [`IngestError`].
pub type Result<T> = std::result::Result<T, IngestError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_record() {
        let e = IngestError::Warc {
            loc: Loc::record("crawl.warc.gz", 17, Some(2041)),
            what: "missing Content-Length".into(),
        };
        assert_eq!(
            e.to_string(),
            "bad WARC record 17 of crawl.warc.gz (byte 2041): missing Content-Length"
        );
        assert!(!e.is_skip());
        let s = IngestError::Binary {
            loc: Loc::file("x.txt"),
        };
        assert!(s.is_skip());
        assert_eq!(s.reason(), "binary");
    }
}
