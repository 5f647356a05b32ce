//! A WARC of news pages for throughput benchmarks, written like a Common Crawl
//! file: one `warcinfo` record, then one `response` record per page (an HTTP/1.1
//! 200 response holding the page), each record its own gzip member.
//!
//! The pages are those of the article-extraction benchmark (see
//! [`crate::eval::bench_index`]), read one at a time, optionally repeated to reach a
//! size; repeats get their own target URI and record id. Nothing is held in memory
//! beyond one page.

use crate::eval::{BenchEntry, BenchError};
use std::io::{self, Write};

/// How much was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// Page (`response`) records.
    pub pages: u64,
    /// Bytes of the records before compression.
    pub raw_bytes: u64,
    /// Bytes written (compressed).
    pub bytes: u64,
    /// Full passes over the pages.
    pub repeats: u64,
}

/// Counts the bytes going through a writer.
struct Counting<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A UUID-shaped record id, stable for a page and repeat.
fn record_id(page: &str, repeat: u64) -> String {
    let a = xxhash_rust::xxh3::xxh3_64(format!("{repeat}/{page}").as_bytes());
    let b = xxhash_rust::xxh3::xxh3_64(format!("{page}/{repeat}").as_bytes());
    format!(
        "<urn:uuid:{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}>",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn gz_record(out: &mut impl Write, headers: &[(&str, &str)], block: &[u8]) -> io::Result<u64> {
    let mut raw = Vec::with_capacity(block.len() + 512);
    crate::warc::write_record(&mut raw, headers, block)?;
    let mut z = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
    z.write_all(&raw)?;
    z.finish()?;
    Ok(raw.len() as u64)
}

/// Writes a gzipped WARC of `pages` to `out`: `repeat` passes over the pages, or as
/// many as it takes for the output to reach `min_bytes` when that is given.
pub fn write_bench_warc(
    pages: &[BenchEntry],
    repeat: u64,
    min_bytes: Option<u64>,
    out: impl Write,
) -> Result<WarcStats, BenchError> {
    let mut out = Counting { inner: out, n: 0 };
    let io_err = |path: &str| {
        let path = path.to_string();
        move |source| BenchError::Io { path, source }
    };
    let mut stats = WarcStats::default();
    stats.raw_bytes += gz_record(
        &mut out,
        &[
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", "2019-10-01T00:00:00Z"),
            ("WARC-Record-ID", &record_id("warcinfo", 0)),
            ("Content-Type", "application/warc-fields"),
        ],
        b"software: jirga bench ingest\r\nformat: WARC File Format 1.0\r\n",
    )
    .map_err(io_err("the benchmark WARC"))?;
    if pages.is_empty() {
        stats.bytes = out.n;
        return Ok(stats);
    }
    let mut r = 0u64;
    loop {
        let done = match min_bytes {
            Some(min) => out.n >= min,
            None => r >= repeat,
        };
        if done {
            break;
        }
        for p in pages {
            let html = p.read_html()?;
            let mut block = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                html.len()
            )
            .into_bytes();
            block.extend_from_slice(&html);
            drop(html);
            let base = p
                .url
                .clone()
                .unwrap_or_else(|| format!("https://bench.invalid/{}", p.id));
            let uri = if r == 0 {
                base
            } else {
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}jirga-repeat={r}")
            };
            stats.raw_bytes += gz_record(
                &mut out,
                &[
                    ("WARC-Type", "response"),
                    ("WARC-Date", "2019-10-01T00:00:00Z"),
                    ("WARC-Record-ID", &record_id(&p.id, r)),
                    ("WARC-Target-URI", &uri),
                    ("Content-Type", "application/http; msgtype=response"),
                ],
                &block,
            )
            .map_err(io_err("the benchmark WARC"))?;
            stats.pages += 1;
        }
        r += 1;
    }
    out.flush().map_err(io_err("the benchmark WARC"))?;
    stats.repeats = r;
    stats.bytes = out.n;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_records, ReaderConfig};

    fn fake_bench(dir: &std::path::Path) -> Vec<BenchEntry> {
        std::fs::create_dir_all(dir.join("html")).unwrap();
        let mut out = Vec::new();
        for (i, body) in ["First story.", "Second story."].iter().enumerate() {
            let path = dir.join("html").join(format!("p{i}.html.gz"));
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(format!("<html><body><p>{body}</p></body></html>").as_bytes())
                .unwrap();
            std::fs::write(&path, z.finish().unwrap()).unwrap();
            out.push(BenchEntry {
                id: format!("p{i}"),
                url: Some(format!("https://news.example/{i}")),
                truth: body.to_string(),
                path,
            });
        }
        out
    }

    #[test]
    fn written_warc_reads_back_page_by_page() {
        let dir = std::env::temp_dir().join(format!("jirga-bench-warc-{}", std::process::id()));
        let pages = fake_bench(&dir);
        let path = dir.join("b.warc.gz");
        let f = std::fs::File::create(&path).unwrap();
        let stats = write_bench_warc(&pages, 3, None, f).unwrap();
        assert_eq!((stats.pages, stats.repeats), (6, 3));
        assert_eq!(stats.bytes, std::fs::metadata(&path).unwrap().len());
        let recs: Vec<_> = read_records(std::slice::from_ref(&path), &ReaderConfig::default())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(recs.len(), 6);
        let urls: Vec<_> = recs.iter().map(|r| r.hints.url.clone().unwrap()).collect();
        assert_eq!(urls[0], "https://news.example/0");
        assert_eq!(urls[5], "https://news.example/1?jirga-repeat=2");
        let x = recs[1].clone().extract(&ReaderConfig::default()).unwrap();
        assert_eq!(x.doc.text, "Second story.");
        // Reaching a size instead of a count.
        let stats = write_bench_warc(&pages, 1, Some(2000), io::sink()).unwrap();
        assert!(stats.bytes >= 2000 && stats.repeats > 1, "{stats:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn record_ids_differ_by_repeat() {
        assert_ne!(record_id("a", 0), record_id("a", 1));
        assert_eq!(record_id("a", 0).len(), "<urn:uuid:>".len() + 36);
    }
}
