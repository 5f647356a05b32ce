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

/// Runs the coding pipeline over documents that carry only text and metadata.
pub(crate) fn code_documents(docs: Vec<Doc>) -> anyhow::Result<Coded> {
    // The pipeline crate (jirga-pipeline) has no public API yet; until it does, documents
    // are stored with their text only.
    Ok(Coded {
        docs,
        note: Some("the coding pipeline (jirga-pipeline) is not available in this build: documents are stored without events".into()),
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
    if let Some(note) = coded.note {
        anyhow::bail!("cannot re-code: {note}");
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
