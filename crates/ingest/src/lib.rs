//! # jirga-ingest
//!
//! Readers (HTML, WARC, RSS/Atom, JSON Lines, plain text) producing main text and
//! metadata as a [`jirga_doc::Doc`] without tokens.
//!
//! Reading is two steps so that the expensive one can run on many threads:
//! [`read_records`] streams raw [`Record`]s out of files, folders and stdin (gzip
//! undone, format detected by extension and content, WARC files never loaded
//! whole), and [`Record::extract`] turns one into a document: charset decoding,
//! main-text extraction ([`extract_main_text`]), page furniture removal
//! ([`remove_furniture`]), dates, outlet, language and a stable id.
//! [`read_inputs`] chains both for serial use. A bad record is an error item
//! naming file and record, and the stream goes on.
//!
//! ```
//! use jirga_ingest::{read_inputs, ReaderConfig};
//! let dir = std::env::temp_dir().join("jirga-ingest-doctest");
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("a.txt");
//! std::fs::write(&path, "Russia armed them, the ministry said on Friday.\n").unwrap();
//! let docs: Vec<_> = read_inputs(&[path], &ReaderConfig::default()).collect();
//! let doc = docs[0].as_ref().unwrap();
//! assert_eq!(doc.text, "Russia armed them, the ministry said on Friday.");
//! assert_eq!(doc.meta.origin.as_ref().unwrap().format.as_deref(), Some("text"));
//! ```
#![deny(missing_docs)]

pub mod bench;
mod decode;
mod error;
pub mod eval;
mod furniture;
mod html;
pub mod meta;
mod readers;
mod record;
pub mod warc;

pub use decode::{decode_html, decode_text, looks_binary, Decoded};
pub use error::{IngestError, Loc, Result};
pub use furniture::remove_furniture;
pub use html::{extract_main_text, fragment_text, Extracted};
pub use readers::{feed_records, format_from_content, format_from_name, Records};
pub use record::{Body, Extraction, Hints, Record};

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// An HTML page (`.html`, `.htm`, gzipped too).
    Html,
    /// A WARC file (`.warc`, `.warc.gz`): its HTML responses.
    Warc,
    /// An RSS 2.0 or Atom feed.
    Feed,
    /// JSON Lines, one document per line.
    Jsonl,
    /// Plain text, one document per file.
    Text,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => Format::Html,
            "warc" => Format::Warc,
            "feed" | "rss" | "atom" | "xml" => Format::Feed,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "text" | "txt" => Format::Text,
            other => {
                return Err(format!(
                    "unknown format `{other}` (expected html, warc, rss, atom, jsonl or text)"
                ))
            }
        })
    }
}

/// Field names of JSON Lines records. An empty name means "not present".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JsonlFields {
    /// Document id (`id`).
    pub id: String,
    /// Text (`text`), required.
    pub text: String,
    /// Publication date (`date`).
    pub date: String,
    /// Title (`title`).
    pub title: String,
    /// URL (`url`).
    pub url: String,
    /// Outlet (`outlet`).
    pub outlet: String,
    /// Author (`author`).
    pub author: String,
    /// Language (`language`).
    pub language: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            title: "title".into(),
            url: "url".into(),
            outlet: "outlet".into(),
            author: "author".into(),
            language: "language".into(),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReaderConfig {
    /// Format of every input; detected per file by extension and content when `None`.
    pub format: Option<Format>,
    /// Field names of JSON Lines records.
    pub jsonl_fields: JsonlFields,
    /// Remove page furniture (mastheads, share lines, banners) from the text.
    pub strip_furniture: bool,
    /// Largest record (page, WARC block, JSON line, text file) read, in bytes;
    /// larger ones are skipped without being held in memory.
    pub max_record_bytes: u64,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            format: None,
            jsonl_fields: JsonlFields::default(),
            strip_furniture: true,
            max_record_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Raw records of the inputs, in order, streamed (stdin when `paths` is empty or `-`).
pub fn read_records(paths: &[PathBuf], cfg: &ReaderConfig) -> Records {
    Records::new(paths, cfg)
}

/// Documents of the inputs, in order: [`read_records`] with [`Record::extract`] applied.
pub fn read_inputs(
    paths: &[PathBuf],
    cfg: &ReaderConfig,
) -> impl Iterator<Item = Result<jirga_doc::Doc>> {
    let c = cfg.clone();
    read_records(paths, cfg).map(move |r| r.and_then(|r| r.extract(&c)).map(|e| e.doc))
}

/// Main text of a page as the HTML reader gives it with the default configuration:
/// [`extract_main_text`], then [`remove_furniture`]. This is what `jirga eval extract` scores.
pub fn extract_article(html: &str, url: Option<&str>) -> String {
    remove_furniture(&extract_main_text(html, url).text).0
}

/// Recognises exact duplicate texts (equal after collapsing whitespace).
#[derive(Debug, Default)]
pub struct Dedup {
    seen: std::collections::HashMap<u64, String>,
}

impl Dedup {
    /// A fresh set.
    pub fn new() -> Dedup {
        Dedup::default()
    }
    /// Records `text` under `id`; returns the id of an earlier document with the same text.
    pub fn check(&mut self, id: &str, text: &str) -> Option<String> {
        let h = meta::content_hash(text);
        match self.seen.get(&h) {
            Some(first) => Some(first.clone()),
            None => {
                self.seen.insert(h, id.to_string());
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
