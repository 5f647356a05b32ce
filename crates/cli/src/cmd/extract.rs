//! `jirga extract`: main text and metadata of HTML pages, WARC files, RSS/Atom
//! feeds, JSON Lines and plain text, one JSON object per document.

use crate::common::Status;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jirga_ingest::{
    meta::is_english, read_records, Dedup, Extraction, Format, IngestError, JsonlFields,
    ReaderConfig,
};
use jirga_pipeline::stream::{par_map, StreamOptions};
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Input files or folders (walked recursively); standard input when none or `-`.
    pub inputs: Vec<PathBuf>,
    /// Format of every input: html, warc, rss, atom, jsonl, text (default: by extension and content).
    #[arg(long)]
    pub format: Option<Format>,
    /// Also write the lines removed as page furniture (`removed`).
    #[arg(long)]
    pub show_removed: bool,
    /// Keep page furniture (mastheads, share lines, banners) in the text.
    #[arg(long)]
    pub keep_furniture: bool,
    /// Write documents in input order (otherwise in the order they finish).
    #[arg(long)]
    pub ordered: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Write only documents in this language (ISO 639-1, e.g. `en`); others are skipped and counted.
    #[arg(long)]
    pub lang: Option<String>,
    /// Write documents whose text duplicates an earlier one (skipped by default).
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print every skipped record, not only failures.
    #[arg(short, long)]
    pub verbose: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Largest record read, in MB; larger ones are skipped.
    #[arg(long, default_value_t = 32)]
    pub max_record_mb: u64,
    /// JSON Lines field holding the document id.
    #[arg(long, default_value = "id")]
    pub jsonl_id: String,
    /// JSON Lines field holding the text.
    #[arg(long, default_value = "text")]
    pub jsonl_text: String,
    /// JSON Lines field holding the date.
    #[arg(long, default_value = "date")]
    pub jsonl_date: String,
    /// JSON Lines field holding the title.
    #[arg(long, default_value = "title")]
    pub jsonl_title: String,
    /// JSON Lines field holding the URL.
    #[arg(long, default_value = "url")]
    pub jsonl_url: String,
}

impl Args {
    fn reader_config(&self) -> ReaderConfig {
        ReaderConfig {
            format: self.format,
            jsonl_fields: JsonlFields {
                id: self.jsonl_id.clone(),
                text: self.jsonl_text.clone(),
                date: self.jsonl_date.clone(),
                title: self.jsonl_title.clone(),
                url: self.jsonl_url.clone(),
                ..Default::default()
            },
            strip_furniture: !self.keep_furniture,
            max_record_bytes: self.max_record_mb.saturating_mul(1024 * 1024),
        }
    }
}

/// The JSON object written per document.
#[derive(serde::Serialize)]
struct OutDoc<'a> {
    id: &'a str,
    url: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    language: Option<&'a str>,
    text: &'a str,
    origin: Option<&'a jirga_doc::Origin>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<&'a [String]>,
}

/// Counts for the closing summary.
#[derive(Default)]
struct Tally {
    written: u64,
    skipped: BTreeMap<String, u64>,
    failed: BTreeMap<String, u64>,
    printed: u64,
}

impl Tally {
    fn summary(&self, secs: f64, mb: f64) -> String {
        let list = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n_skip: u64 = self.skipped.values().sum();
        let n_fail: u64 = self.failed.values().sum();
        let mut s = format!(
            "jirga extract: {} documents read, {} written, {n_skip} skipped",
            self.written + n_skip,
            self.written
        );
        if n_skip > 0 {
            s += &format!(" ({})", list(&self.skipped));
        }
        s += &format!(", {n_fail} failed");
        if n_fail > 0 {
            s += &format!(" ({})", list(&self.failed));
        }
        s += &format!(
            "; {secs:.1} s, {mb:.1} MB, {:.1} documents/s",
            (self.written + n_skip) as f64 / secs.max(1e-9)
        );
        s
    }
}

struct Run<'a, W: Write> {
    args: &'a Args,
    out: W,
    dedup: Dedup,
    tally: Tally,
    bar: ProgressBar,
}

impl<W: Write> Run<'_, W> {
    fn report(&mut self, e: &IngestError) {
        let skip = e.is_skip();
        let map = if skip {
            &mut self.tally.skipped
        } else {
            &mut self.tally.failed
        };
        *map.entry(e.reason().to_string()).or_default() += 1;
        if (!skip || self.args.verbose) && self.tally.printed < 200 {
            self.tally.printed += 1;
            self.bar.suspend(|| eprintln!("jirga: {e}"));
        }
    }

    fn skip(&mut self, reason: &str) {
        *self.tally.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn handle(&mut self, r: Result<Extraction, IngestError>) -> anyhow::Result<()> {
        let x = match r {
            Ok(x) => x,
            Err(e) => {
                self.report(&e);
                return Ok(());
            }
        };
        let m = &x.doc.meta;
        if let Some(want) = &self.args.lang {
            let ok = match m.language.as_deref() {
                Some(l) if want.eq_ignore_ascii_case("en") => is_english(l),
                Some(l) => l.eq_ignore_ascii_case(want),
                None => false,
            };
            if !ok {
                self.skip("other language");
                return Ok(());
            }
        }
        if !self.args.keep_duplicates {
            if let Some(first) = self.dedup.check(&m.id, &x.doc.text) {
                if self.args.verbose {
                    let id = m.id.clone();
                    self.bar
                        .suspend(|| eprintln!("jirga: skipped {id}: same text as {first}"));
                }
                self.skip("duplicate text");
                return Ok(());
            }
        }
        let o = OutDoc {
            id: &m.id,
            url: m.url.as_deref(),
            title: m.title.as_deref(),
            date: m.date.as_deref(),
            outlet: m.outlet.as_deref(),
            author: m.author.as_deref(),
            language: m.language.as_deref(),
            text: &x.doc.text,
            origin: m.origin.as_ref(),
            warnings: &x.doc.warnings,
            removed: self.args.show_removed.then_some(&x.removed[..]),
        };
        serde_json::to_writer(&mut self.out, &o)?;
        self.out.write_all(b"\n")?;
        self.tally.written += 1;
        Ok(())
    }
}

fn progress_bar(args: &Args, total_bytes: u64) -> ProgressBar {
    if args.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes.max(1)), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {msg} ({eta} left)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let cfg = args.reader_config();
    let opts = StreamOptions {
        threads: args.threads.unwrap_or(0),
        ordered: args.ordered,
        ..Default::default()
    };
    let records = read_records(&args.inputs, &cfg);
    let bytes = records.bytes_read();
    let total = records.total_bytes();
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    // Bytes are counted by the reader; the bar follows them, documents go in its message.
    let bar = progress_bar(&args, total);
    let counter_bar = bar.clone();
    let counter_bytes = bytes.clone();
    let ticker_stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = ticker_stop.clone();
    let ticker = std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            counter_bar.set_position(counter_bytes.load(Ordering::Relaxed));
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    });
    let started = Instant::now();
    let mut run = Run {
        args: &args,
        out: BufWriter::with_capacity(1 << 16, out),
        dedup: Dedup::new(),
        tally: Tally::default(),
        bar: bar.clone(),
    };
    let mut n = 0u64;
    let result = par_map(
        records,
        &opts,
        |r| r.and_then(|r| r.extract(&cfg)),
        |d| {
            run.handle(d)?;
            n += 1;
            if n.is_multiple_of(64) {
                update_message(&run);
            }
            Ok(())
        },
    )
    .map_err(|e| e.into_sink(anyhow::Error::msg));
    ticker_stop.store(true, Ordering::Relaxed);
    let _ = ticker.join();
    result?;
    run.out.flush()?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    eprintln!("{}", run.tally.summary(secs, mb));
    let clean = run.tally.skipped.is_empty() && run.tally.failed.is_empty();
    Ok(if clean {
        Status::Clean
    } else {
        Status::Skipped
    })
}

fn update_message<W: Write>(run: &Run<'_, W>) {
    let t = &run.tally;
    let n = t.written + t.skipped.values().sum::<u64>() + t.failed.values().sum::<u64>();
    let secs = run.bar.elapsed().as_secs_f64().max(1e-3);
    run.bar.set_message(format!(
        "{n} docs, {} written, {:.0} docs/s",
        t.written,
        n as f64 / secs
    ));
}
