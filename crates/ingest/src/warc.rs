//! A streaming WARC reader: one record at a time from any `BufRead` (gzip members
//! are undone by the caller with `flate2::read::MultiGzDecoder`), so memory stays
//! bounded by the largest record kept, never by the file.
//!
//! Robustness: a bad version line or header block is reported and the reader
//! resynchronises on the next `WARC/` line; a Content-Length that does not land on
//! the record's closing blank lines is reported and the reader resynchronises; a
//! record over the size limit is skipped without being held in memory; a stream
//! cut short (truncated gzip) ends the file with one error; a gzip or deflate HTTP
//! body is decoded to at most a limit (a compression bomb is an error, not an allocation).

use crate::error::{IngestError, Loc, Result};
use std::io::{self, BufRead, Read};

/// Longest header line accepted (longer is a broken record).
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines in one WARC record.
const MAX_HEADERS: usize = 256;

/// One WARC record: its headers and its block (payload).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// 1-based number of the record in the file.
    pub number: u64,
    /// Offset of the record's first byte in the (decompressed) stream.
    pub offset: u64,
    /// Offset one past the record's last byte.
    pub end: u64,
    /// Header fields, names as written.
    pub headers: Vec<(String, String)>,
    /// The block.
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// First header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Iterator over the records of a WARC stream.
pub struct WarcReader<R> {
    inner: R,
    path: String,
    number: u64,
    offset: u64,
    max_record: u64,
    /// A `WARC/` line read while resynchronising, to start the next record with.
    pending: Option<Vec<u8>>,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `inner`; `path` names the file in errors; records whose block
    /// exceeds `max_record` bytes are skipped (reported as [`IngestError::TooLarge`]).
    pub fn new(inner: R, path: impl Into<String>, max_record: u64) -> Self {
        WarcReader {
            inner,
            path: path.into(),
            number: 0,
            offset: 0,
            max_record,
            pending: None,
            done: false,
        }
    }

    fn loc(&self, offset: u64) -> Loc {
        Loc::record(self.path.clone(), self.number, Some(offset))
    }

    fn io_err(&mut self, source: io::Error) -> IngestError {
        self.done = true;
        IngestError::Io {
            loc: self.loc(self.offset),
            source,
        }
    }

    /// Reads one line (with its terminator), at most [`MAX_LINE`] bytes.
    fn line(&mut self) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        (&mut self.inner)
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)?;
        self.offset += buf.len() as u64;
        Ok(buf)
    }

    /// Skips lines until one starting with `WARC/` (kept as pending) or the end.
    fn resync(&mut self) -> io::Result<()> {
        loop {
            let l = self.line()?;
            if l.is_empty() {
                self.done = true;
                return Ok(());
            }
            if l.starts_with(b"WARC/") {
                self.offset -= l.len() as u64;
                self.pending = Some(l);
                return Ok(());
            }
        }
    }

    fn next_record(&mut self) -> Option<Result<WarcRecord>> {
        // Version line, skipping blank lines between records.
        let first = loop {
            let l = match self.pending.take() {
                Some(l) => {
                    self.offset += l.len() as u64;
                    l
                }
                None => match self.line() {
                    Ok(l) => l,
                    Err(e) => return Some(Err(self.io_err(e))),
                },
            };
            if l.is_empty() {
                self.done = true;
                return None;
            }
            if !l.iter().all(u8::is_ascii_whitespace) {
                break l;
            }
        };
        self.number += 1;
        let start = self.offset - first.len() as u64;
        if !first.starts_with(b"WARC/") {
            let err = IngestError::Warc {
                loc: self.loc(start),
                what: format!(
                    "expected a `WARC/` version line, found `{}`",
                    String::from_utf8_lossy(&first[..first.len().min(40)]).trim_end()
                ),
            };
            return Some(match self.resync() {
                Ok(()) => Err(err),
                Err(e) => Err(self.io_err(e)),
            });
        }
        // Header block.
        let mut headers = Vec::new();
        loop {
            let l = match self.line() {
                Ok(l) => l,
                Err(e) => return Some(Err(self.io_err(e))),
            };
            if l.is_empty() {
                self.done = true;
                return Some(Err(IngestError::Warc {
                    loc: self.loc(start),
                    what: "file ends inside the header block".into(),
                }));
            }
            let s = String::from_utf8_lossy(&l);
            let s = s.trim_end_matches(['\r', '\n']);
            if s.is_empty() {
                break;
            }
            if s.starts_with(['\t', ' ']) {
                // Folded continuation of the previous header.
                if let Some((_, v)) = headers.last_mut() {
                    let v: &mut String = v;
                    v.push(' ');
                    v.push_str(s.trim());
                }
                continue;
            }
            let Some((name, value)) = s.split_once(':') else {
                let what = format!(
                    "header line without a colon: `{}`",
                    s.chars().take(60).collect::<String>()
                );
                let err = IngestError::Warc {
                    loc: self.loc(start),
                    what,
                };
                return Some(match self.resync() {
                    Ok(()) => Err(err),
                    Err(e) => Err(self.io_err(e)),
                });
            };
            if headers.len() >= MAX_HEADERS {
                let err = IngestError::Warc {
                    loc: self.loc(start),
                    what: format!("more than {MAX_HEADERS} header lines"),
                };
                return Some(match self.resync() {
                    Ok(()) => Err(err),
                    Err(e) => Err(self.io_err(e)),
                });
            }
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let len = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.parse::<u64>());
        let len = match len {
            Some(Ok(n)) => n,
            other => {
                let what = match other {
                    None => "missing Content-Length".to_string(),
                    _ => "Content-Length is not a number".to_string(),
                };
                let err = IngestError::Warc {
                    loc: self.loc(start),
                    what,
                };
                return Some(match self.resync() {
                    Ok(()) => Err(err),
                    Err(e) => Err(self.io_err(e)),
                });
            }
        };
        // Block.
        let mut block = Vec::new();
        let too_large = len > self.max_record;
        let got = if too_large {
            io::copy(&mut (&mut self.inner).take(len), &mut io::sink())
        } else {
            block.reserve(len as usize);
            (&mut self.inner)
                .take(len)
                .read_to_end(&mut block)
                .map(|n| n as u64)
        };
        let got = match got {
            Ok(n) => n,
            Err(e) => return Some(Err(self.io_err(e))),
        };
        self.offset += got;
        if got < len {
            self.done = true;
            return Some(Err(IngestError::Warc {
                loc: self.loc(start),
                what: format!("file ends inside the block ({got} of {len} bytes)"),
            }));
        }
        // Closing CRLF CRLF: anything else means the Content-Length was wrong.
        for _ in 0..2 {
            let l = match self.line() {
                Ok(l) => l,
                Err(e) => return Some(Err(self.io_err(e))),
            };
            if l.is_empty() {
                self.done = true;
                break;
            }
            if !l.iter().all(u8::is_ascii_whitespace) {
                let at = self.offset - l.len() as u64;
                if l.starts_with(b"WARC/") {
                    self.offset = at;
                    self.pending = Some(l);
                } else if let Err(e) = self.resync() {
                    return Some(Err(self.io_err(e)));
                }
                return Some(Err(IngestError::Warc {
                    loc: self.loc(start),
                    what: format!(
                        "Content-Length {len} does not end at the record's end (byte {at})"
                    ),
                }));
            }
        }
        let end = self.offset;
        if too_large {
            return Some(Err(IngestError::TooLarge {
                loc: self.loc(start),
                bytes: len,
                limit: self.max_record,
            }));
        }
        Some(Ok(WarcRecord {
            number: self.number,
            offset: start,
            end,
            headers,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_record()
    }
}

/// An HTTP response split from a WARC `response` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Body, with chunked transfer-encoding and gzip/deflate content-encoding undone.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The `charset` parameter of the content type.
    pub fn charset(&self) -> Option<&str> {
        charset_of(self.content_type.as_deref()?)
    }
}

/// The `charset=` parameter of a `Content-Type` value.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// Largest body [`parse_http`] decodes a compressed body to (the default record limit).
pub const DEFAULT_MAX_BODY: u64 = 32 * 1024 * 1024;

/// Parses an HTTP/1.x response (status line, headers, body), decoding a compressed
/// body to at most [`DEFAULT_MAX_BODY`] bytes (see [`parse_http_with_limit`]).
pub fn parse_http(block: &[u8]) -> std::result::Result<HttpResponse, String> {
    parse_http_with_limit(block, DEFAULT_MAX_BODY)
}

/// Parses an HTTP/1.x response (status line, headers, body). A gzip or deflate body
/// that decodes to more than `max_body` bytes is an error, so that a small block
/// (a compression bomb) cannot make the reader allocate far beyond the record limit.
pub fn parse_http_with_limit(
    block: &[u8],
    max_body: u64,
) -> std::result::Result<HttpResponse, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut resp = httparse::Response::new(&mut headers);
    let body_start = match resp.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("response ends inside its headers".into()),
        Err(e) => return Err(format!("cannot parse the response headers: {e}")),
    };
    let status = resp.code.unwrap_or(0);
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for h in resp.headers.iter() {
        let v = String::from_utf8_lossy(h.value).trim().to_string();
        if h.name.eq_ignore_ascii_case("content-type") {
            content_type = Some(v);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked |= v.to_ascii_lowercase().contains("chunked");
        } else if h.name.eq_ignore_ascii_case("content-encoding") {
            encoding = Some(v.to_ascii_lowercase());
        }
    }
    let raw = &block[body_start..];
    let body = if chunked {
        // Crawlers often store the body already de-chunked while keeping the header.
        dechunk(raw).unwrap_or_else(|| raw.to_vec())
    } else {
        raw.to_vec()
    };
    let decoded = match encoding.as_deref() {
        Some(e @ ("gzip" | "x-gzip")) => Some((
            e,
            inflate(flate2::read::MultiGzDecoder::new(&body[..]), max_body),
        )),
        Some(e @ "deflate") => Some((
            e,
            inflate(flate2::read::ZlibDecoder::new(&body[..]), max_body),
        )),
        _ => None,
    };
    let body = match decoded {
        None => body,
        Some((_, Ok(Some(out)))) => out,
        Some((e, Ok(None))) => {
            return Err(format!(
                "{e} body decodes to more than {max_body} bytes (from {} stored)",
                body.len()
            ))
        }
        // Stored decoded despite the header.
        Some((_, Err(_))) => body,
    };
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

/// Reads a decompressor to the end: `None` past `max` bytes (the rest is not read).
fn inflate(decoder: impl Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    decoder.take(max.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= max).then_some(out))
}

/// Undoes chunked transfer-encoding; `None` when the data is not validly chunked.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let nl = data.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&data[..nl]).ok()?.trim();
        let size_hex = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        data = &data[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
        if data.is_empty() {
            return Some(out);
        }
    }
}

/// Writes one WARC record (used to build WARC files for tests and benchmarks).
pub fn write_record(
    out: &mut impl io::Write,
    headers: &[(&str, &str)],
    block: &[u8],
) -> io::Result<()> {
    out.write_all(b"WARC/1.0\r\n")?;
    for (n, v) in headers {
        write!(out, "{n}: {v}\r\n")?;
    }
    write!(out, "Content-Length: {}\r\n\r\n", block.len())?;
    out.write_all(block)?;
    out.write_all(b"\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(uri: &str, body: &str) -> Vec<u8> {
        let block =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        let mut out = Vec::new();
        write_record(
            &mut out,
            &[
                ("WARC-Type", "response"),
                ("WARC-Target-URI", uri),
                ("WARC-Date", "2018-11-09T12:00:00Z"),
            ],
            block.as_bytes(),
        )
        .unwrap();
        out
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<WarcRecord>> {
        WarcReader::new(bytes, "t.warc", 1 << 20).collect()
    }

    #[test]
    fn reads_records_in_order_with_offsets() {
        let mut w = response("http://a.example/1", "<p>one</p>");
        let second_at = w.len() as u64;
        w.extend(response("http://a.example/2", "<p>two</p>"));
        let recs = read_all(&w);
        assert_eq!(recs.len(), 2);
        let r2 = recs[1].as_ref().unwrap();
        assert_eq!(r2.number, 2);
        assert_eq!(r2.offset, second_at);
        assert_eq!(r2.end, w.len() as u64);
        assert_eq!(r2.header("warc-target-uri"), Some("http://a.example/2"));
        let http = parse_http(&r2.block).unwrap();
        assert_eq!(http.status, 200);
        assert_eq!(http.charset(), Some("utf-8"));
        assert_eq!(http.body, b"<p>two</p>");
    }

    #[test]
    fn wrong_content_length_is_reported_and_next_record_read() {
        let mut bad = response("http://a.example/1", "<p>one</p>");
        // Claim five bytes fewer than the block holds.
        let s = String::from_utf8(bad.clone()).unwrap();
        let n: usize = s
            .split("Content-Length: ")
            .nth(1)
            .unwrap()
            .split('\r')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        bad = s
            .replace(
                &format!("Content-Length: {n}"),
                &format!("Content-Length: {}", n - 5),
            )
            .into_bytes();
        bad.extend(response("http://a.example/2", "<p>two</p>"));
        let recs = read_all(&bad);
        assert_eq!(recs.len(), 2);
        let e = recs[0].as_ref().unwrap_err();
        assert!(e.to_string().contains("record 1 of t.warc"), "{e}");
        assert!(e.to_string().contains("Content-Length"), "{e}");
        assert_eq!(
            recs[1].as_ref().unwrap().header("WARC-Target-URI"),
            Some("http://a.example/2")
        );
    }

    #[test]
    fn broken_headers_and_garbage_are_skipped() {
        let mut w = b"garbage line\r\nmore garbage\r\n".to_vec();
        w.extend(b"WARC/1.0\r\nno colon here\r\n\r\n");
        w.extend(response("http://a.example/ok", "<p>ok</p>"));
        w.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\n");
        let recs = read_all(&w);
        let oks: Vec<_> = recs.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(oks.len(), 1);
        assert_eq!(
            oks[0].header("WARC-Target-URI"),
            Some("http://a.example/ok")
        );
        assert_eq!(recs.iter().filter(|r| r.is_err()).count(), 3);
    }

    #[test]
    fn truncated_block_ends_the_file() {
        let w = response("http://a.example/1", "<p>one two three</p>");
        let recs = read_all(&w[..w.len() - 12]);
        assert_eq!(recs.len(), 1);
        assert!(recs[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("ends inside the block"));
    }

    #[test]
    fn too_large_is_skipped_and_stream_goes_on() {
        let mut w = response("http://a.example/big", &"x".repeat(5000));
        w.extend(response("http://a.example/2", "<p>two</p>"));
        let recs: Vec<_> = WarcReader::new(&w[..], "t.warc", 1000).collect();
        assert!(matches!(recs[0], Err(IngestError::TooLarge { .. })));
        assert!(recs[1].is_ok());
    }

    #[test]
    fn http_chunked_and_gzip() {
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n4\r\n<p>a\r\n5\r\nbc</p\r\n1\r\n>\r\n0\r\n\r\n";
        assert_eq!(parse_http(block).unwrap().body, b"<p>abc</p>");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        assert_eq!(parse_http(&block).unwrap().body, b"<p>zipped</p>");
        assert!(parse_http(b"not http at all").is_err());
    }

    #[test]
    fn compression_bomb_is_an_error_not_an_allocation() {
        // 1 MiB of zeros gzips to about 1 KiB: with a 64 KiB body limit the block
        // must be refused, not inflated.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        io::Write::write_all(&mut gz, &vec![0u8; 1 << 20]).unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        assert!(block.len() < 4096, "{}", block.len());
        let err = parse_http_with_limit(&block, 1 << 16).unwrap_err();
        assert!(err.contains("more than 65536 bytes"), "{err}");
        // At the limit exactly it is accepted.
        assert_eq!(
            parse_http_with_limit(&block, 1 << 20).unwrap().body.len(),
            1 << 20
        );
        // Deflate too.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        io::Write::write_all(&mut z, &vec![b'a'; 1 << 20]).unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n".to_vec();
        block.extend(z.finish().unwrap());
        assert!(parse_http_with_limit(&block, 1000).is_err());
    }

    #[test]
    fn charset_parameter() {
        assert_eq!(
            charset_of("text/html; charset=\"Windows-1252\""),
            Some("Windows-1252")
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
