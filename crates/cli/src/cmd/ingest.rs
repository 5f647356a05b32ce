//! `jirga ingest`: stores documents (and their events) in the event store, idempotently,
//! one transaction per batch of documents.

use crate::common::Status;
use anyhow::Context;
use jirga_doc::{Doc, DocMeta, Layers, Origin};
use jirga_store::{DedupConfig, IngestStats, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Input files or folders: JSON Lines (coded documents as jirga's Doc JSON, or articles
    /// with id/title/date/outlet/url/text fields) and `.txt` articles with a `key: value`
    /// header (id, title, date, outlet, url), a blank line, then the text.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Store file (created when missing).
    #[arg(long, default_value = "jirga.db")]
    pub db: PathBuf,
    /// Documents per transaction (a killed run loses at most the batch in progress;
    /// running it again stores it). Larger batches write less: each commit rewrites the
    /// index pages it touched.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// Deduplication window in days for day-precise dates.
    #[arg(long, default_value_t = 2)]
    pub window_days: i64,
}

/// A `.txt` article: `key: value` header lines, a blank line, then the text. Without a
/// header the whole file is the text and the id is the file name.
pub(crate) fn parse_text_article(name: &str, content: &str) -> Doc {
    let mut meta = DocMeta::with_id(name);
    let mut body = content;
    let mut header = true;
    let mut consumed = 0usize;
    for line in content.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            consumed += line.len();
            break;
        }
        match trimmed.split_once(": ") {
            Some((k, v))
                if ["id", "title", "date", "outlet", "url", "author", "language"].contains(&k) =>
            {
                let v = v.trim().to_string();
                match k {
                    "id" => meta.id = v,
                    "title" => meta.title = Some(v),
                    "date" => meta.date = Some(v),
                    "outlet" => meta.outlet = Some(v),
                    "url" => meta.url = Some(v),
                    "author" => meta.author = Some(v),
                    _ => meta.language = Some(v),
                }
                consumed += line.len();
            }
            _ => {
                header = false;
                break;
            }
        }
    }
    if header && consumed > 0 {
        body = &content[consumed.min(content.len())..];
    } else {
        meta = DocMeta::with_id(name);
    }
    meta.origin = Some(Origin {
        path: Some(name.to_string()),
        format: Some("text".into()),
        ..Default::default()
    });
    Doc::new(meta, body.trim().to_string())
}

/// One JSON Lines record: a full `Doc` (has `meta`), or a flat article.
fn parse_json_record(path: &Path, line_no: u64, line: &str) -> anyhow::Result<Doc> {
    let v: serde_json::Value = serde_json::from_str(line)?;
    let mut doc = if v.get("meta").is_some() {
        serde_json::from_value::<Doc>(v)?
    } else {
        let meta: DocMeta = serde_json::from_value(v.clone()).unwrap_or_default();
        let text = v
            .get("text")
            .and_then(|t| t.as_str())
            .context("the record has no `text` field")?
            .to_string();
        Doc::new(meta, text)
    };
    if doc.meta.id.is_empty() {
        doc.meta.id = format!("sha256:{}", &jirga_store::content_hash(&doc.text)[..16]);
    }
    if doc.meta.origin.is_none() {
        doc.meta.origin = Some(Origin {
            path: Some(path.display().to_string()),
            record: Some(line_no),
            format: Some("jsonl".into()),
            ..Default::default()
        });
    }
    Ok(doc)
}

/// Whether a file is one of the two formats read here rather than by `jirga-ingest`:
/// JSON Lines of coded `Doc`s (first record has `meta`), or a `.txt` with an `id:` header.
fn read_here(f: &Path) -> bool {
    let ext = f
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut head = String::new();
    if let Ok(file) = std::fs::File::open(f) {
        use std::io::Read;
        let _ = file.take(4096).read_to_string(&mut head);
    }
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => head.trim_start().starts_with("{\"meta\""),
        "txt" | "text" => head.starts_with("id: "),
        _ => false,
    }
}

/// Expands folders into their files (sorted), skipping README files.
fn expand(inputs: &[PathBuf], skipped: &mut u64) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(rd) => {
                    let mut v: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.is_file()
                                && !p
                                    .file_name()
                                    .is_some_and(|n| n.to_string_lossy().starts_with("README"))
                        })
                        .collect();
                    v.sort();
                    files.extend(v);
                }
                Err(e) => {
                    eprintln!("jirga: {}: {e}", p.display());
                    *skipped += 1;
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    files
}

/// Reads a file in one of the formats of [`read_here`].
fn read_file_here(f: &Path, docs: &mut Vec<Doc>, skipped: &mut u64) {
    let content = match std::fs::read_to_string(f) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("jirga: {}: {e}", f.display());
            *skipped += 1;
            return;
        }
    };
    let ext = f
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "txt" || ext == "text" {
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
        let mut d = parse_text_article(name, &content);
        if let Some(o) = d.meta.origin.as_mut() {
            o.path = Some(f.display().to_string());
        }
        docs.push(d);
        return;
    }
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_json_record(f, i as u64 + 1, line) {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("jirga: {}:{}: skipped: {e}", f.display(), i + 1);
                *skipped += 1;
            }
        }
    }
}

/// Ingests documents into an open store in batches; returns the totals.
pub(crate) fn ingest_docs(
    store: &mut Store,
    docs: &[Doc],
    batch: usize,
    skipped: &mut u64,
) -> anyhow::Result<IngestStats> {
    let mut stats = IngestStats::default();
    for chunk in docs.chunks(batch.max(1)) {
        for (d, o) in chunk.iter().zip(store.ingest_batch(chunk)?) {
            match o {
                Ok(o) => stats.add(&o),
                Err(e) => {
                    eprintln!("jirga: document `{}` skipped: {e}", d.meta.id);
                    stats.rejected += 1;
                    *skipped += 1;
                }
            }
        }
    }
    Ok(stats)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let mut skipped = 0u64;
    let mut store = Store::open(&args.db)?.with_dedup(DedupConfig {
        window_days: args.window_days,
    });
    let files = expand(&args.inputs, &mut skipped);
    let (here, there): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|f| read_here(f));
    let mut pending: Vec<Doc> = Vec::new();
    for f in &here {
        read_file_here(f, &mut pending, &mut skipped);
    }
    let t = Instant::now();
    let mut stats = IngestStats::default();
    let mut uncoded = 0usize;
    let mut flush = |docs: Vec<Doc>, store: &mut Store, skipped: &mut u64| -> anyhow::Result<()> {
        let (coded, plain): (Vec<Doc>, Vec<Doc>) = docs
            .into_iter()
            .partition(|d| d.layers.contains(Layers::EVENTS));
        let mut all = coded;
        if !plain.is_empty() {
            let c = super::recode::code_documents(plain)?;
            if c.note.is_some() {
                uncoded += c.docs.len();
            }
            all.extend(c.docs);
        }
        let s = ingest_docs(store, &all, args.batch, skipped)?;
        for (a, b) in [
            (&mut stats.added, s.added),
            (&mut stats.unchanged, s.unchanged),
            (&mut stats.replaced, s.replaced),
            (&mut stats.duplicate, s.duplicate),
            (&mut stats.rejected, s.rejected),
            (&mut stats.events, s.events),
        ] {
            *a += b;
        }
        Ok(())
    };
    flush(std::mem::take(&mut pending), &mut store, &mut skipped)?;
    if !there.is_empty() {
        let cfg = jirga_ingest::ReaderConfig::default();
        for item in jirga_ingest::read_inputs(&there, &cfg) {
            match item {
                Ok(d) => pending.push(d),
                Err(e) => {
                    eprintln!("jirga: skipped: {e}");
                    skipped += 1;
                }
            }
            if pending.len() >= args.batch.max(1) {
                flush(std::mem::take(&mut pending), &mut store, &mut skipped)?;
            }
        }
        flush(std::mem::take(&mut pending), &mut store, &mut skipped)?;
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "{}: {} documents added, {} unchanged, {} replaced, {} copies of stored texts, {} rejected; {} events stored in {:.2}s ({:.0} events/s)",
        args.db.display(),
        stats.added,
        stats.unchanged,
        stats.replaced,
        stats.duplicate,
        stats.rejected,
        stats.events,
        secs,
        stats.events as f64 / secs.max(1e-9)
    );
    if uncoded > 0 {
        eprintln!("note: {uncoded} documents could not be coded (no coding pipeline in this build) and were stored with text only");
    }
    Ok(if skipped > 0 {
        Status::Skipped
    } else {
        Status::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_article_header_is_metadata() {
        let d = parse_text_article(
            "f",
            "id: a/1\ntitle: T\ndate: 2018-11-09\noutlet: O\n\nBody text.\nMore.\n",
        );
        assert_eq!(d.meta.id, "a/1");
        assert_eq!(d.meta.date.as_deref(), Some("2018-11-09"));
        assert_eq!(d.text, "Body text.\nMore.");
        let plain = parse_text_article("f", "Russia armed them: reportedly.\n");
        assert_eq!(plain.meta.id, "f");
        assert_eq!(plain.text, "Russia armed them: reportedly.");
    }
}
