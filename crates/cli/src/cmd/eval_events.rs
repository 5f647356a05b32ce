//! `jirga eval events`: codes the gold texts and scores the events by the rules of
//! `gold/score.py` (precision, recall, F1, recall per root, misses and false events).

use super::code::{run_docs, Input, Runner};
use crate::common::Status;
use anyhow::Context;
use jirga_code::score::{fold, score, GoldRecord};
use jirga_doc::{Doc, DocMeta, EventRecord, Origin};
use std::io::BufRead;
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Gold JSON Lines (`{"id","text","date","events":[...],"negatives":[...]}` a line).
    #[arg(long)]
    pub gold: PathBuf,
    /// Score this system output (JSON Lines events) instead of coding the gold texts.
    #[arg(long)]
    pub system: Option<PathBuf>,
    /// Print the scores as JSON (`precision`, `recall`, `f1`, ...).
    #[arg(long)]
    pub json: bool,
    /// How many misses and false events to list.
    #[arg(long, default_value_t = 20)]
    pub show: usize,
    /// Write the produced events (JSON Lines) here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Dictionary folder (with `verbs/` and `cameo/`); the built-in dictionaries otherwise.
    #[arg(long)]
    pub dict: Option<PathBuf>,
}

/// Reads gold records; a malformed line is reported and skipped.
pub fn read_gold(path: &PathBuf) -> anyhow::Result<(Vec<GoldRecord>, Vec<String>)> {
    let f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut gold = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldRecord>(&line) {
            Ok(g) => gold.push(g),
            Err(e) => skipped.push(format!(
                "skipped record {} of {}: {e}",
                i + 1,
                path.display()
            )),
        }
    }
    Ok((gold, skipped))
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (gold, mut skipped) = read_gold(&args.gold)?;
    let produced: Vec<serde_json::Value> = match &args.system {
        Some(p) => {
            let f = std::fs::File::open(p).with_context(|| format!("reading {}", p.display()))?;
            let mut v = Vec::new();
            for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str(&line) {
                    Ok(x) => v.push(x),
                    Err(e) => {
                        skipped.push(format!("skipped event {} of {}: {e}", i + 1, p.display()))
                    }
                }
            }
            v
        }
        None => {
            let runner = Runner::load(args.dict.as_deref())?;
            let inputs: Vec<Input> = gold
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let mut meta = DocMeta::with_id(g.id.clone());
                    meta.date = g.date.clone();
                    meta.origin = Some(Origin {
                        path: Some(args.gold.display().to_string()),
                        record: Some(i as u64 + 1),
                        ..Default::default()
                    });
                    Input::Doc(Box::new(Doc::new(meta, g.text.clone())))
                })
                .collect();
            let (docs, skip) = run_docs(&runner, inputs);
            skipped.extend(skip);
            let mut v = Vec::new();
            for d in &docs {
                for r in EventRecord::all(d) {
                    v.push(serde_json::to_value(&r)?);
                }
            }
            v
        }
    };
    if let Some(out) = &args.out {
        let mut s = String::new();
        for v in &produced {
            s.push_str(&serde_json::to_string(v)?);
            s.push('\n');
        }
        std::fs::write(out, s).with_context(|| format!("writing {}", out.display()))?;
    }
    let r = score(&gold, &produced);
    if args.json {
        println!("{}", r.to_json());
    } else {
        let j = r.to_json();
        for k in [
            "records",
            "tp",
            "fn",
            "fp",
            "precision",
            "recall",
            "f1",
            "false_on_negatives",
            "recall_by_root",
        ] {
            println!("{k}: {}", j[k]);
        }
        for (id, g) in r.misses.iter().take(args.show) {
            println!(
                "MISS {id} {:?} {:?} {:?} {}",
                g.source,
                g.target,
                g.cameo.as_ref().or(g.plover.as_ref()),
                g.evidence.chars().take(160).collect::<String>()
            );
        }
        for (id, e) in r.falses.iter().take(args.show) {
            let code = |k: &str| {
                e.get(k)
                    .and_then(|a| a.get("code"))
                    .and_then(|c| c.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let sent = fold(
                e.get("sentence")
                    .and_then(|s| s.get("text"))
                    .and_then(|t| t.as_str())
                    .unwrap_or(""),
            );
            println!(
                "FALSE {id} {} {} {} {}",
                code("source"),
                code("target"),
                e.get("cameo").and_then(|c| c.as_str()).unwrap_or(""),
                sent.chars().take(160).collect::<String>()
            );
        }
    }
    for m in &skipped {
        eprintln!("jirga: {m}");
    }
    Ok(if skipped.is_empty() {
        Status::Clean
    } else {
        Status::Skipped
    })
}
