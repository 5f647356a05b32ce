//! `jirga explain`: the parse, the actors and why each event was or was not coded.

use super::code::{read_inputs, Input, Runner};
use crate::common::Status;
use jirga_doc::{Doc, DocMeta};
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// The sentence (or short text) to explain; every sentence of it is shown.
    pub text: Option<String>,
    /// Explain the documents of a file instead (text or JSON Lines).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Document date (`YYYY-MM-DD`) to resolve "on Friday", "last month".
    #[arg(long)]
    pub date: Option<String>,
    /// Dictionary folder (with `verbs/` and `cameo/`); the built-in dictionaries otherwise.
    #[arg(long)]
    pub dict: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let runner = Runner::load(args.dict.as_deref())?;
    let mut docs = Vec::new();
    let mut status = Status::Clean;
    if let Some(t) = &args.text {
        let mut meta = DocMeta::with_id("explain");
        meta.date = args.date.clone();
        docs.push(Doc::new(meta, t.clone()));
    }
    if let Some(f) = &args.file {
        for inp in read_inputs(std::slice::from_ref(f))? {
            match inp {
                Input::Doc(d) => docs.push(*d),
                Input::Skipped(m) => {
                    eprintln!("jirga: {m}");
                    status = Status::Skipped;
                }
            }
        }
    }
    if docs.is_empty() {
        anyhow::bail!("nothing to explain: give a sentence or --file");
    }
    for mut doc in docs {
        runner.process(&mut doc)?;
        println!(
            "== document {} (date {})",
            doc.meta.id,
            doc.meta.date.as_deref().unwrap_or("unknown")
        );
        for s in 0..doc.sentences.len() {
            println!("{}", runner.coder().explain(&doc, s as u32));
        }
    }
    Ok(status)
}
