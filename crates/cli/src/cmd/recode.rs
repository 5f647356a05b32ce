//! `jirga recode`: re-runs the current pipeline (dictionaries and models) over the stored
//! documents, reports what changed per CAMEO code, and stores the new events.

use crate::common::Status;
use jirga_doc::Doc;
use jirga_store::{diff_events, RecodeReport, Store};
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Store file.
    #[arg(long, default_value = "jirga.db")]
    pub db: PathBuf,
    /// Report the changes without storing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Documents after the coding pipeline, and a note when it could not run.
pub(crate) struct Coded {
    /// The documents (coded when the pipeline ran).
    pub docs: Vec<Doc>,
    /// Why they were not coded, if they were not.
    pub note: Option<String>,
}

/// Runs the coding pipeline (models and dictionaries loaded once) over documents that
/// carry only text and metadata, in parallel, keeping their order. A document the
/// pipeline fails on is reported on stderr and kept with its text only.
pub(crate) fn code_documents(docs: Vec<Doc>) -> anyhow::Result<Coded> {
    static PIPELINE: std::sync::OnceLock<Result<jirga_pipeline::Pipeline, String>> =
        std::sync::OnceLock::new();
    let pipeline = PIPELINE
        .get_or_init(|| {
            jirga_pipeline::Pipeline::load(&jirga_pipeline::PipelineConfig::default())
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("loading the coding pipeline: {e}"))?;
    let mut out = Vec::with_capacity(docs.len());
    let mut failed = 0usize;
    for (doc, result) in pipeline.process_batch(docs) {
        if let Err(e) = result {
            eprintln!("jirga: {e}");
            failed += 1;
        }
        out.push(doc);
    }
    Ok(Coded {
        docs: out,
        note: (failed > 0).then(|| format!("{failed} documents could not be coded")),
    })
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let mut store = Store::open(&args.db)?;
    let ids = store.document_ids()?;
    let mut report = RecodeReport::default();
    let mut docs = Vec::with_capacity(ids.len());
    for id in &ids {
        docs.push(store.document(id)?);
    }
    let coded = code_documents(docs)?;
    if let Some(note) = &coded.note {
        eprintln!("jirga: warning: {note}; their stored events are compared with none");
    }
    for doc in &coded.docs {
        let old = store.document_events(&doc.meta.id)?;
        let new = jirga_doc::EventRecord::all(doc);
        if diff_events(&old, &new, &mut report) && !args.dry_run {
            store.replace_annotations(doc)?;
        }
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "{} documents re-coded, {} changed: {} events added, {} removed, {} changed, {} unchanged{}",
            report.documents,
            report.changed_documents,
            report.total_added(),
            report.total_removed(),
            report.total_changed(),
            report.unchanged,
            if args.dry_run { " (dry run: nothing stored)" } else { "" }
        );
        for (what, map) in [
            ("added", &report.added),
            ("removed", &report.removed),
            ("changed", &report.changed),
        ] {
            for (code, n) in map {
                println!("  {what:<8} {code:<12} {n}");
            }
        }
    }
    Ok(Status::Clean)
}
