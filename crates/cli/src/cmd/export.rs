//! `jirga export`: events from the store as JSON Lines, CSV, GDELT 2.0 TSV, PLOVER JSON Lines
//! or Parquet (when jirga-store is built with its `parquet` feature).

use super::query::FilterArgs;
use crate::common::Status;
use anyhow::Context;
use jirga_store::{ExportFormat, Store};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Store file.
    #[arg(long, default_value = "jirga.db")]
    pub db: PathBuf,
    /// Format: jsonl, csv, gdelt (61-column TSV, no header), plover, or parquet (needs
    /// --out and a build with the `parquet` feature of jirga-store).
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    /// Output file (standard output when absent).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    if args.format == "parquet" {
        let filter = args.filter.to_filter()?;
        let Some(p) = &args.out else {
            anyhow::bail!("--format parquet writes a file: give --out FILE.parquet");
        };
        let store = Store::open_read_only(&args.db)?;
        let file = File::create(p).with_context(|| format!("creating {}", p.display()))?;
        let n = store.export_parquet(&filter, BufWriter::new(file))?;
        eprintln!("exported {n} events as parquet to {}", p.display());
        return Ok(Status::Clean);
    }
    let format = ExportFormat::parse(&args.format)?;
    let filter = args.filter.to_filter()?;
    let store = Store::open_read_only(&args.db)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let n = match format {
        // The coder's writers know the CAMEO code layout; the store adds what only it
        // knows: report, outlet and document counts of the incident, and when it was stored.
        ExportFormat::Gdelt => store.export_rows(&filter, |row| {
            let line = jirga_code::export::gdelt_row(&row.record, row.key.max(0) as u64);
            let mut cols: Vec<String> = line.split('\t').map(str::to_string).collect();
            if cols.len() == jirga_code::export::GDELT_COLUMNS {
                cols[31] = row.incident_reports.to_string();
                cols[32] = row.incident_outlets.to_string();
                cols[33] = row.incident_documents.to_string();
                if let Some(t) = jirga_store_time(row.ingested_at) {
                    cols[59] = t;
                }
            }
            writeln!(out, "{}", cols.join("\t"))
        })?,
        ExportFormat::Plover => store.export_rows(&filter, |row| {
            let mut v = jirga_code::export::plover_json(&row.record);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("incident".into(), serde_json::json!(row.incident));
                obj.insert(
                    "num_sources".into(),
                    serde_json::json!(row.incident_outlets),
                );
                obj.insert(
                    "num_reports".into(),
                    serde_json::json!(row.incident_reports),
                );
            }
            serde_json::to_writer(&mut out, &v)?;
            writeln!(out)
        })?,
        _ => store.export(&filter, format, &mut out)?,
    };
    out.flush()?;
    eprintln!("exported {n} events as {}", args.format);
    Ok(Status::Clean)
}

/// `YYYYMMDDHHMMSS` of a Unix time (GDELT's DATEADDED).
fn jirga_store_time(secs: i64) -> Option<String> {
    let day = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let date = jirga_store::dates::day_label(day).replace('-', "");
    (!date.is_empty())
        .then(|| format!("{date}{:02}{:02}{:02}", rem / 3600, rem / 60 % 60, rem % 60))
}
