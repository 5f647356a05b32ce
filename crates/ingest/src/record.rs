//! A raw record read from an input, and its extraction into a [`Doc`].
//!
//! Reading (cheap, sequential, streaming) and extraction (decoding, HTML parsing,
//! furniture removal, language detection: the expensive part) are separate steps,
//! so a caller can read serially and extract on many threads.

use crate::decode::{decode_html, decode_text, looks_binary};
use crate::error::{IngestError, Loc, Result};
use crate::furniture::remove_furniture;
use crate::html::{extract_main_text, fragment_text};
use crate::meta;
use crate::ReaderConfig;
use jirga_doc::{Doc, DocMeta, Origin};

/// The content of a record, before extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// An HTML page, as bytes, with the charset declared outside it (HTTP header).
    Html {
        /// Page bytes.
        bytes: Vec<u8>,
        /// Charset from an HTTP `Content-Type`, if any.
        charset: Option<String>,
    },
    /// An HTML fragment (feed description or content).
    Fragment(String),
    /// Text already decoded (JSON Lines).
    Text(String),
    /// Text file bytes, not yet decoded (may turn out binary).
    RawText(Vec<u8>),
}

/// Metadata the container supplies (WARC headers, feed item, JSON fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// The input's own id (JSON Lines).
    pub id: Option<String>,
    /// URL (WARC target URI, feed link, JSON field).
    pub url: Option<String>,
    /// Title (feed, JSON).
    pub title: Option<String>,
    /// Publication date as written (feed, JSON).
    pub date: Option<String>,
    /// Date of the capture (WARC-Date): a last resort for the publication date.
    pub crawl_date: Option<String>,
    /// Outlet (feed title, JSON).
    pub outlet: Option<String>,
    /// Author (feed, JSON).
    pub author: Option<String>,
    /// Declared language (feed, JSON).
    pub language: Option<String>,
}

/// One record of an input: where it came from, its content and container metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// File, record number, byte range, reader name.
    pub origin: Origin,
    /// Content.
    pub body: Body,
    /// Metadata from the container.
    pub hints: Hints,
}

/// A document and the furniture lines removed from its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The document: `text` is the main text, `meta` is filled.
    pub doc: Doc,
    /// Lines removed as page furniture (for `--show-removed`).
    pub removed: Vec<String>,
}

fn first<T>(a: Option<T>, b: Option<T>) -> Option<T> {
    a.or(b)
}

/// A headline-like first line: short, without closing punctuation.
fn title_from_text(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words = line.split_whitespace().count();
    let closed = line.ends_with(['.', '!', '?', ':', ';', '"', '”']);
    ((2..=20).contains(&words) && !closed).then(|| line.to_string())
}

impl Record {
    /// An HTML page held in memory (no file behind it), as the HTML reader would
    /// read it: charset declared inside the page or detected.
    pub fn html_page(bytes: Vec<u8>, url: Option<String>) -> Record {
        let n = bytes.len() as u64;
        Record {
            origin: Origin {
                byte_start: Some(0),
                byte_end: Some(n),
                format: Some("html".into()),
                ..Default::default()
            },
            body: Body::Html {
                bytes,
                charset: None,
            },
            hints: Hints {
                url,
                ..Default::default()
            },
        }
    }

    /// Where the record is, for error messages.
    pub fn loc(&self) -> Loc {
        Loc {
            path: self.origin.path.clone().unwrap_or_else(|| "-".into()),
            record: self.origin.record,
            offset: self.origin.byte_start,
        }
    }

    /// Extracts the main text and metadata into a [`Doc`].
    pub fn extract(self, cfg: &ReaderConfig) -> Result<Extraction> {
        let loc = self.loc();
        let Record {
            origin,
            body,
            hints,
        } = self;
        let mut warnings = Vec::new();
        let mut page = crate::html::Extracted::default();
        let mut removed = Vec::new();
        let text = match body {
            Body::Html { bytes, charset } => {
                let d = decode_html(&bytes, charset.as_deref());
                if d.lossy {
                    warnings.push(format!("invalid {} bytes replaced", d.encoding));
                }
                page = extract_main_text(&d.text, hints.url.as_deref());
                let t = std::mem::take(&mut page.text);
                if cfg.strip_furniture {
                    let (t, r) = remove_furniture(&t);
                    removed = r;
                    t
                } else {
                    t
                }
            }
            Body::Fragment(f) => {
                let t = fragment_text(&f);
                if cfg.strip_furniture {
                    let (t, r) = remove_furniture(&t);
                    removed = r;
                    t
                } else {
                    t
                }
            }
            Body::Text(t) => {
                if cfg.strip_furniture {
                    let (t, r) = remove_furniture(&t);
                    removed = r;
                    t
                } else {
                    t
                }
            }
            Body::RawText(bytes) => {
                if looks_binary(&bytes) {
                    return Err(IngestError::Binary { loc });
                }
                let d = decode_text(&bytes, None);
                if d.lossy {
                    warnings.push(format!("invalid {} bytes replaced", d.encoding));
                }
                if cfg.strip_furniture {
                    let (t, r) = remove_furniture(&d.text);
                    removed = r;
                    t
                } else {
                    d.text
                }
            }
        };
        if text.trim().is_empty() {
            return Err(IngestError::Empty { loc });
        }
        let url = first(hints.url.clone(), page.url.clone());
        let date = hints
            .date
            .as_deref()
            .and_then(meta::normalize_date)
            .or(page.date.clone())
            .or_else(|| url.as_deref().and_then(meta::url_date))
            .or_else(|| meta::dateline_date(&text))
            .or_else(|| hints.crawl_date.as_deref().and_then(meta::normalize_date));
        let outlet = first(hints.outlet.clone(), page.outlet.clone())
            .or_else(|| url.as_deref().and_then(meta::host));
        let title =
            first(hints.title.clone(), page.title.clone()).or_else(|| title_from_text(&text));
        let language = meta::detect_language(&text)
            .or(hints.language.clone())
            .or(page.language.clone());
        let id = hints
            .id
            .clone()
            .unwrap_or_else(|| meta::doc_id(url.as_deref(), &text));
        if page.fallback {
            warnings.push("no article found: whole page text kept, cleaned of furniture".into());
        }
        let meta = DocMeta {
            id,
            url,
            title,
            date,
            outlet,
            author: first(hints.author, page.author),
            language,
            origin: Some(origin),
        };
        let mut doc = Doc::new(meta, text);
        doc.warnings = warnings;
        Ok(Extraction { doc, removed })
    }
}
