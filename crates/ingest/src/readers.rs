//! Opening inputs (files, folders, stdin; gzip undone), detecting their format, and
//! the per-format record iterators.

use crate::error::{IngestError, Loc, Result};
use crate::record::{Body, Hints, Record};
use crate::warc::{parse_http_with_limit, WarcReader};
use crate::{Format, JsonlFields, ReaderConfig};
use jirga_doc::Origin;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

type Input = Box<dyn BufRead + Send>;
type RecordIter = Box<dyn Iterator<Item = Result<Record>> + Send>;

const BUF: usize = 256 * 1024;

/// Format named by a file's extension (`.gz` looked through).
pub fn format_from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = base.rsplit_once('.')?.1;
    Some(match ext {
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" => Format::Warc,
        "rss" | "atom" | "xml" => Format::Feed,
        "jsonl" | "ndjson" | "json" => Format::Jsonl,
        "txt" | "text" => Format::Text,
        _ => return None,
    })
}

/// Format guessed from the first bytes of the (decompressed) content.
pub fn format_from_content(head: &[u8]) -> Format {
    let s = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let t = s.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("warc/") {
        return Format::Warc;
    }
    if t.starts_with('{') {
        return Format::Jsonl;
    }
    let html = ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .filter_map(|p| t.find(p))
        .min();
    let feed = ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .filter_map(|p| t.find(p))
        .min();
    match (html, feed) {
        (Some(h), Some(f)) if f < h => Format::Feed,
        (None, Some(_)) => Format::Feed,
        (Some(_), _) => Format::Html,
        _ if t.starts_with('<') && (t.contains("<p") || t.contains("<div")) => Format::Html,
        _ => Format::Text,
    }
}

/// Counts the bytes read from an input as it is consumed (for progress display).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens a file or stdin (`-`), undoing gzip when the content starts with its magic bytes.
fn open(path: &str, count: &Arc<AtomicU64>) -> io::Result<Input> {
    let raw: Box<dyn Read + Send> = if path == "-" {
        Box::new(Counting {
            inner: io::stdin(),
            count: count.clone(),
        })
    } else {
        Box::new(Counting {
            inner: File::open(path)?,
            count: count.clone(),
        })
    };
    let mut buf = BufReader::with_capacity(BUF, raw);
    let gz = buf.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            BUF,
            flate2::bufread::MultiGzDecoder::new(buf),
        ))
    } else {
        Box::new(buf)
    })
}

/// Reads a whole input, failing with [`IngestError::TooLarge`] past `limit` bytes.
fn read_capped(input: &mut Input, path: &str, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            loc: Loc::file(path),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            loc: Loc::file(path),
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn origin(path: &str, record: Option<u64>, range: Option<(u64, u64)>, format: &str) -> Origin {
    Origin {
        path: Some(path.to_string()),
        record,
        byte_start: range.map(|r| r.0),
        byte_end: range.map(|r| r.1),
        format: Some(format.to_string()),
    }
}

/// Records of one opened input in a known format.
fn records_of(mut input: Input, path: String, format: Format, cfg: &ReaderConfig) -> RecordIter {
    let limit = cfg.max_record_bytes;
    match format {
        Format::Html => Box::new(std::iter::once_with(move || {
            let bytes = read_capped(&mut input, &path, limit)?;
            let n = bytes.len() as u64;
            Ok(Record {
                origin: origin(&path, None, Some((0, n)), "html"),
                body: Body::Html {
                    bytes,
                    charset: None,
                },
                hints: Hints::default(),
            })
        })),
        Format::Text => Box::new(std::iter::once_with(move || {
            let bytes = read_capped(&mut input, &path, limit)?;
            let n = bytes.len() as u64;
            Ok(Record {
                origin: origin(&path, None, Some((0, n)), "text"),
                body: Body::RawText(bytes),
                hints: Hints::default(),
            })
        })),
        Format::Warc => {
            let p = path.clone();
            Box::new(
                WarcReader::new(input, path, limit)
                    .filter_map(move |r| warc_to_record(&p, r, limit)),
            )
        }
        Format::Feed => match read_capped(&mut input, &path, limit) {
            Ok(bytes) => Box::new(feed_records(&bytes, &path).into_iter()),
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        Format::Jsonl => Box::new(JsonlReader {
            input,
            path,
            line: 0,
            offset: 0,
            limit,
            fields: cfg.jsonl_fields.clone(),
            done: false,
        }),
    }
}

/// A WARC record to a page record; `None` for records that are not pages
/// (requests, metadata, warcinfo), which are passed over silently.
/// A compressed HTTP body may decode to at most `limit` bytes.
fn warc_to_record(
    path: &str,
    r: Result<crate::warc::WarcRecord>,
    limit: u64,
) -> Option<Result<Record>> {
    let rec = match r {
        Ok(rec) => rec,
        Err(e) => return Some(Err(e)),
    };
    let loc = Loc::record(path, rec.number, Some(rec.offset));
    let url = rec
        .header("WARC-Target-URI")
        .map(|u| u.trim_matches(['<', '>']).to_string());
    let crawl_date = rec.header("WARC-Date").map(str::to_string);
    let (number, range) = (rec.number, (rec.offset, rec.end));
    let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let (status, content_type, body) = match kind.as_str() {
        "response" => {
            let declared = rec.header("Content-Type").unwrap_or("application/http");
            if !declared
                .to_ascii_lowercase()
                .starts_with("application/http")
            {
                (200, Some(declared.to_string()), rec.block)
            } else {
                match parse_http_with_limit(&rec.block, limit) {
                    Ok(h) => (h.status, h.content_type, h.body),
                    Err(what) => return Some(Err(IngestError::Http { loc, what })),
                }
            }
        }
        "resource" => (
            200,
            rec.header("Content-Type").map(str::to_string),
            rec.block,
        ),
        _ => return None,
    };
    if status != 200 {
        return Some(Err(IngestError::HttpStatus { loc, status }));
    }
    let ct = content_type
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_html = ct.contains("html")
        || (ct.is_empty() && format_from_content(&body[..body.len().min(2048)]) == Format::Html);
    if !is_html {
        return Some(Err(IngestError::NotHtml {
            loc,
            content_type: content_type.unwrap_or_else(|| "none".into()),
        }));
    }
    let charset = content_type
        .as_deref()
        .and_then(crate::warc::charset_of)
        .map(str::to_string);
    Some(Ok(Record {
        origin: origin(path, Some(number), Some(range), "warc"),
        body: Body::Html {
            bytes: body,
            charset,
        },
        hints: Hints {
            url,
            crawl_date,
            ..Default::default()
        },
    }))
}

/// Items of an RSS or Atom feed (parsed whole: feeds are small).
pub fn feed_records(bytes: &[u8], path: &str) -> Vec<Result<Record>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(IngestError::Feed {
                loc: Loc::file(path),
                what: e.to_string(),
            })]
        }
    };
    let format = match feed.feed_type {
        feed_rs::model::FeedType::Atom => "atom",
        feed_rs::model::FeedType::JSON => "jsonfeed",
        _ => "rss",
    };
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let language = feed.language.clone();
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let n = i as u64 + 1;
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .filter(|b| !b.trim().is_empty())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let date = e.published.or(e.updated).map(|d| d.to_rfc3339());
            Ok(Record {
                origin: origin(path, Some(n), None, format),
                body: Body::Fragment(body),
                hints: Hints {
                    url: e.links.first().map(|l| l.href.clone()),
                    title: e
                        .title
                        .as_ref()
                        .map(|t| crate::html::fragment_text(&t.content)),
                    date,
                    outlet: outlet.clone(),
                    author: e.authors.first().and_then(|a| a.name.clone()),
                    language: e.language.clone().or_else(|| language.clone()),
                    ..Default::default()
                },
            })
        })
        .collect()
}

/// Streaming JSON Lines reader: one record per non-blank line.
struct JsonlReader {
    input: Input,
    path: String,
    line: u64,
    offset: u64,
    limit: u64,
    fields: JsonlFields,
    done: bool,
}

fn field(v: &serde_json::Value, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    match v.get(name)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Record>;
    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            let start = self.offset;
            let n = match (&mut self.input)
                .take(self.limit + 1)
                .read_until(b'\n', &mut buf)
            {
                Ok(n) => n,
                Err(source) => {
                    self.done = true;
                    return Some(Err(IngestError::Io {
                        loc: Loc::record(self.path.clone(), self.line + 1, Some(start)),
                        source,
                    }));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            self.offset += n as u64;
            let loc = Loc::record(self.path.clone(), self.line, Some(start));
            if n as u64 > self.limit && !buf.ends_with(b"\n") {
                // Skip the rest of the over-long line.
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    match (&mut self.input)
                        .take(BUF as u64)
                        .read_until(b'\n', &mut rest)
                    {
                        Ok(0) => break,
                        Ok(k) => {
                            self.offset += k as u64;
                            if rest.ends_with(b"\n") {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
                return Some(Err(IngestError::TooLarge {
                    loc,
                    bytes: self.offset - start,
                    limit: self.limit,
                }));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let v: serde_json::Value = match serde_json::from_slice(&buf) {
                Ok(v) => v,
                Err(e) => {
                    return Some(Err(IngestError::Json {
                        loc,
                        what: e.to_string(),
                    }))
                }
            };
            let f = &self.fields;
            let Some(text) = field(&v, &f.text) else {
                return Some(Err(IngestError::Json {
                    loc,
                    what: format!("no string field `{}`", f.text),
                }));
            };
            return Some(Ok(Record {
                origin: origin(
                    &self.path,
                    Some(self.line),
                    Some((start, self.offset)),
                    "jsonl",
                ),
                body: Body::Text(text),
                hints: Hints {
                    id: field(&v, &f.id),
                    url: field(&v, &f.url),
                    title: field(&v, &f.title),
                    date: field(&v, &f.date),
                    outlet: field(&v, &f.outlet),
                    author: field(&v, &f.author),
                    language: field(&v, &f.language),
                    crawl_date: None,
                },
            }));
        }
    }
}

/// Iterator over the records of many inputs (files, folders walked recursively, stdin).
pub struct Records {
    queue: VecDeque<String>,
    errors: VecDeque<IngestError>,
    current: Option<RecordIter>,
    cfg: ReaderConfig,
    bytes_read: Arc<AtomicU64>,
    total_bytes: u64,
}

/// Files under a folder with a known extension, sorted, recursively.
fn walk(dir: &Path, out: &mut Vec<String>, errors: &mut VecDeque<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push_back(IngestError::Io {
                loc: Loc::file(dir.display().to_string()),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, errors);
        } else if p.to_str().and_then(format_from_name).is_some() {
            out.push(p.display().to_string());
        }
    }
}

impl Records {
    /// Records of `paths` (stdin when empty or `-`).
    pub fn new(paths: &[PathBuf], cfg: &ReaderConfig) -> Records {
        let mut queue = VecDeque::new();
        let mut errors = VecDeque::new();
        if paths.is_empty() {
            queue.push_back("-".to_string());
        }
        for p in paths {
            if p.as_os_str() == "-" {
                queue.push_back("-".into());
            } else if p.is_dir() {
                let mut files = Vec::new();
                walk(p, &mut files, &mut errors);
                queue.extend(files);
            } else {
                queue.push_back(p.display().to_string());
            }
        }
        let total_bytes = queue
            .iter()
            .filter(|p| *p != "-")
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        Records {
            queue,
            errors,
            current: None,
            cfg: cfg.clone(),
            bytes_read: Arc::new(AtomicU64::new(0)),
            total_bytes,
        }
    }

    /// Bytes read so far from the input files as stored (compressed), updated as
    /// records are read: share it with a progress display.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.bytes_read.clone()
    }

    /// Total size of the input files as stored (0 for stdin).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Number of input files still to open (for progress display).
    pub fn files_left(&self) -> usize {
        self.queue.len()
    }

    fn open_next(&mut self, path: String) -> RecordIter {
        let mut input = match open(&path, &self.bytes_read) {
            Ok(i) => i,
            Err(source) => {
                return Box::new(std::iter::once(Err(IngestError::Io {
                    loc: Loc::file(path),
                    source,
                })))
            }
        };
        let format = match self.cfg.format {
            Some(f) => f,
            None => {
                let by_name = (path != "-").then(|| format_from_name(&path)).flatten();
                match by_name {
                    Some(f) => f,
                    None => match input.fill_buf() {
                        Ok(head) => format_from_content(head),
                        Err(source) => {
                            return Box::new(std::iter::once(Err(IngestError::Io {
                                loc: Loc::file(path),
                                source,
                            })))
                        }
                    },
                }
            }
        };
        records_of(input, path, format, &self.cfg)
    }
}

impl Iterator for Records {
    type Item = Result<Record>;
    fn next(&mut self) -> Option<Result<Record>> {
        if let Some(e) = self.errors.pop_front() {
            return Some(Err(e));
        }
        loop {
            if let Some(cur) = self.current.as_mut() {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.queue.pop_front()?;
            self.current = Some(self.open_next(path));
        }
    }
}
