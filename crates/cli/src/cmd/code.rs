//! `jirga code`: text or JSON Lines documents in, one event a line out (JSON records,
//! GDELT 2.0 rows or PLOVER JSON).

use crate::common::Status;
use anyhow::Context;
use jirga_doc::{Doc, DocMeta, EventRecord, Origin};
use rayon::prelude::*;
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

/// Longest document text coded (bytes); longer ones are cut at a character boundary.
pub const MAX_DOC_BYTES: usize = 4 << 20;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One jirga event record (JSON) a line.
    Json,
    /// GDELT 2.0 event rows, tab-separated.
    Gdelt,
    /// PLOVER JSON, one record a line.
    Plover,
}

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Input files: text (one document each) or JSON Lines (`{"id","text","date"}` a line); none or `-` reads stdin.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Dictionary folder (with `verbs/` and `cameo/`); the built-in dictionaries otherwise.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Also write negated events (flagged `negated: true`); they are written by default.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub negated: bool,
    /// Threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// One input document, or a record that could not be read.
pub enum Input {
    /// A document ready to be coded.
    Doc(Box<Doc>),
    /// A skipped record: where and why.
    Skipped(String),
}

/// Cuts `text` to at most `max` bytes at a character boundary.
pub fn bound(mut text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    (text, true)
}

fn doc_from(id: String, text: String, date: Option<String>, origin: Origin) -> Doc {
    let (text, cut) = bound(text, MAX_DOC_BYTES);
    let mut meta = DocMeta::with_id(id);
    meta.date = date;
    meta.origin = Some(origin);
    let mut doc = Doc::new(meta, text);
    if cut {
        doc.warnings
            .push(format!("text cut to {MAX_DOC_BYTES} bytes"));
    }
    doc
}

/// Reads documents from files (or stdin): JSON Lines when the name ends in `.jsonl`/`.json`
/// or the content starts with `{`, plain text otherwise.
pub fn read_inputs(files: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut out = Vec::new();
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    for path in files {
        let name = path.display().to_string();
        let mut bytes = Vec::new();
        if name == "-" {
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading stdin")?;
        } else {
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .with_context(|| format!("reading {name}"))?;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let jsonl = name.ends_with(".jsonl")
            || name.ends_with(".json")
            || text.trim_start().starts_with('{');
        if !jsonl {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "stdin".into());
            let origin = Origin {
                path: Some(name.clone()),
                format: Some("text".into()),
                ..Default::default()
            };
            out.push(Input::Doc(Box::new(doc_from(id, text, None, origin))));
            continue;
        }
        for (i, line) in text.as_bytes().lines().enumerate() {
            let n = i + 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    out.push(Input::Skipped(format!("skipped record {n} of {name}: {e}")));
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => {
                    out.push(Input::Skipped(format!(
                        "skipped record {n} of {name}: invalid JSON: {e}"
                    )));
                    continue;
                }
            };
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                out.push(Input::Skipped(format!(
                    "skipped record {n} of {name}: no string field `text`"
                )));
                continue;
            };
            let id = match v.get("id") {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => format!("{name}#{n}"),
                Some(other) => other.to_string(),
            };
            let date = v.get("date").and_then(|d| d.as_str()).map(str::to_string);
            let origin = Origin {
                path: Some(name.clone()),
                record: Some(n as u64),
                format: Some("jsonl".into()),
                ..Default::default()
            };
            let mut doc = doc_from(id, text.to_string(), date, origin);
            doc.meta.url = v.get("url").and_then(|d| d.as_str()).map(str::to_string);
            doc.meta.title = v.get("title").and_then(|d| d.as_str()).map(str::to_string);
            out.push(Input::Doc(Box::new(doc)));
        }
    }
    Ok(out)
}

/// The stages from raw text to events (tokenizer, tagger and parser, actor matcher,
/// coder), loaded once and shared by the worker threads.
pub struct Runner {
    pipeline: jirga_pipeline::Pipeline,
}

impl Runner {
    /// Loads the models and dictionaries once (`dict`: a folder overriding the built-in
    /// verb patterns and CAMEO tables, and the actor dictionaries when it has `actors/`).
    pub fn load(dict: Option<&std::path::Path>) -> anyhow::Result<Runner> {
        let cfg = jirga_pipeline::PipelineConfig {
            dict_dir: dict.map(PathBuf::from),
            ..Default::default()
        };
        let pipeline = jirga_pipeline::Pipeline::load(&cfg).context("loading the pipeline")?;
        Ok(Runner { pipeline })
    }

    /// Runs every stage on `doc`.
    pub fn process(&self, doc: &mut Doc) -> anyhow::Result<()> {
        Ok(self.pipeline.process(doc)?)
    }

    /// The coder.
    pub fn coder(&self) -> &jirga_code::Coder {
        self.pipeline
            .coder()
            .expect("a pipeline loaded with the default `until` (events) always holds a coder")
    }
}

/// Codes the inputs in parallel (order kept); returns the coded documents and the skip messages.
pub fn run_docs(runner: &Runner, inputs: Vec<Input>) -> (Vec<Doc>, Vec<String>) {
    let results: Vec<Result<Doc, String>> = inputs
        .into_par_iter()
        .map(|inp| match inp {
            Input::Skipped(msg) => Err(msg),
            Input::Doc(mut doc) => match runner.process(&mut doc) {
                Ok(()) => Ok(*doc),
                Err(e) => Err(format!(
                    "skipped document {}: {}",
                    doc.meta.id,
                    crate::common::message(&e)
                )),
            },
        })
        .collect();
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(m) => skipped.push(m),
        }
    }
    (docs, skipped)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    if args.threads > 0 {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global();
    }
    let runner = Runner::load(args.dict.as_deref())?;
    let inputs = read_inputs(&args.files)?;
    let (docs, skipped) = run_docs(&runner, inputs);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut id = 0u64;
    for doc in &docs {
        for w in &doc.warnings {
            eprintln!("jirga: {}: {w}", doc.meta.id);
        }
        for rec in EventRecord::all(doc) {
            if rec.negated && !args.negated {
                continue;
            }
            id += 1;
            match args.format {
                Format::Json => serde_json::to_writer(&mut out, &rec)?,
                Format::Gdelt => {
                    out.write_all(jirga_code::export::gdelt_row(&rec, id).as_bytes())?
                }
                Format::Plover => {
                    serde_json::to_writer(&mut out, &jirga_code::export::plover_json(&rec))?
                }
            }
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    for m in &skipped {
        eprintln!("jirga: {m}");
    }
    eprintln!(
        "jirga: {} documents, {} events, {} skipped",
        docs.len(),
        id,
        skipped.len()
    );
    Ok(if skipped.is_empty() {
        Status::Clean
    } else {
        Status::Skipped
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_cuts_on_char_boundary() {
        let (t, cut) = bound("aé".repeat(3), 4);
        assert!(cut);
        assert_eq!(t, "aéa");
        let (t, cut) = bound("abc".into(), 10);
        assert!(!cut && t == "abc");
    }

    #[test]
    fn malformed_jsonl_record_is_skipped_with_line_number() {
        let dir = std::env::temp_dir().join(format!("jirga-code-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("in.jsonl");
        std::fs::write(&p, "{\"id\":\"a\",\"text\":\"Hi.\"}\n{broken\n{\"id\":2,\"text\":\"Yo.\",\"date\":\"2020-01-01\"}\n").unwrap();
        let inputs = read_inputs(&[p]).unwrap();
        assert_eq!(inputs.len(), 3);
        match &inputs[1] {
            Input::Skipped(m) => assert!(m.contains("record 2"), "{m}"),
            Input::Doc(_) => panic!("line 2 is broken"),
        }
        match &inputs[2] {
            Input::Doc(d) => assert_eq!(
                (d.meta.id.as_str(), d.meta.date.as_deref()),
                ("2", Some("2020-01-01"))
            ),
            Input::Skipped(m) => panic!("{m}"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
