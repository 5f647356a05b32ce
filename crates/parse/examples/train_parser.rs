//! Trains the dependency parser on UD English EWT and reports dev/test scores (gold
//! tags), parsing speed and model size.
//!
//! ```text
//! cargo run --release -p jirga-parse --example train_parser -- [EPOCHS] [SEED] [OUT]
//! ```
//! `OUT` ending in `.bin` is written as a `parser` model file (`model::write_model`),
//! anything else as the raw payload; `LOAD=FILE` skips training and measures FILE.
//! ```text
//! ```
//! Reads `../shared/data/ud-english-ewt/` (or `$JIRGA_SHARED/data/...`).

use jirga_doc::Upos;
use jirga_parse::depparse::{DepParser, TrainConfig};
use jirga_parse::{conllu, model};
use std::path::PathBuf;
use std::time::Instant;

/// Words, lemmas, UPOS and XPOS of one sentence.
type Columns<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<Upos>, Vec<&'a str>);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("data/ud-english-ewt");
    let args: Vec<String> = std::env::args().collect();
    let mut cfg = TrainConfig::default();
    if let Some(e) = args.get(1) {
        cfg.epochs = e.parse()?;
    }
    if let Some(s) = args.get(2) {
        cfg.seed = s.parse()?;
    }
    if let Ok(p) = std::env::var("PRUNE") {
        cfg.prune = p.parse()?;
    }
    if let Ok(p) = std::env::var("EXPLORE_P") {
        cfg.explore_p = p.parse()?;
    }
    let out = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "target-depparse/parser.raw".into());
    let train = conllu::read_file(&dir.join("en_ewt-ud-train.conllu"))?;
    let dev = conllu::read_file(&dir.join("en_ewt-ud-dev.conllu"))?;
    let test = conllu::read_file(&dir.join("en_ewt-ud-test.conllu"))?;
    let bytes = if let Ok(load) = std::env::var("LOAD") {
        if load.ends_with(".bin") {
            model::read_model(std::path::Path::new(&load), model::ModelKind::Parser)?.1
        } else {
            std::fs::read(load)?
        }
    } else {
        let t0 = Instant::now();
        let mut ptrain = train.clone();
        let mut pdev = dev.clone();
        if let Ok(k) = std::env::var("JACKKNIFE") {
            // k-fold jackknifing: each fold is tagged by a tagger trained on the others,
            // so the parser trains on tags as wrong as the tagger's at run time
            let k: usize = k.parse()?;
            ptrain = jirga_parse::depparse::jackknife(
                &train,
                k,
                |rest| {
                    let cfg = jirga_parse::tagger::TaggerConfig::default();
                    jirga_parse::tagger::train(rest, &dev, "fold", &cfg, |_| {})
                },
                |t, words| {
                    t.annotate(words)
                        .into_iter()
                        .map(|(u, x, l)| (u, x.to_string(), l))
                        .collect()
                },
            )?;
            eprintln!("jackknifed {k} folds in {:.1}s", t0.elapsed().as_secs_f64());
        }
        if let Ok(tpath) = std::env::var("TAGGER") {
            let tagger = jirga_parse::tagger::Tagger::load(std::path::Path::new(&tpath))?;
            tagger.retag(&mut pdev);
        }
        let parser = DepParser::train(&ptrain, &pdev, &cfg, &mut |m| eprintln!("{m}"));
        eprintln!("training took {:.1}s", t0.elapsed().as_secs_f64());
        let bytes = parser.to_bytes();
        if out.ends_with(".bin") {
            let (uas, las) = parser.evaluate(&dev, true);
            let meta = model::ModelMeta {
                training_file: "en_ewt-ud-train.conllu".into(),
                sentences: train.len(),
                seed: cfg.seed,
                feature_set: DepParser::FEATURE_SET,
                created_by: format!("jirga-parse {}", env!("CARGO_PKG_VERSION")),
                epochs: cfg.epochs,
                dev_scores: [
                    ("uas".to_string(), uas * 100.0),
                    ("las".to_string(), las * 100.0),
                ]
                .into(),
            };
            model::write_model(
                std::path::Path::new(&out),
                model::ModelKind::Parser,
                &meta,
                &bytes,
            )?;
        } else {
            std::fs::write(&out, &bytes)?;
        }
        bytes
    };
    let t1 = Instant::now();
    let mut parser = DepParser::from_bytes(&bytes)?;
    if let Ok(p) = std::env::var("PRUNE_LOADED") {
        parser = parser.pruned(p.parse()?);
        eprintln!("pruned at {p}: {} bytes", parser.to_bytes().len());
    }
    eprintln!(
        "model {} bytes ({:.1} MB), load {:.3}s -> {out}",
        bytes.len(),
        bytes.len() as f64 / 1e6,
        t1.elapsed().as_secs_f64()
    );
    for (name, set) in [("dev", &dev), ("test", &test)] {
        let (u, l) = parser.evaluate(set, true);
        eprintln!(
            "{name} (gold tags): UAS {:.2} LAS {:.2}",
            u * 100.0,
            l * 100.0
        );
    }
    if let (Ok(tpath), Ok(_)) = (std::env::var("TAGGER"), std::env::var("ABLATE")) {
        // which predicted column hurts: tags with gold lemmas, lemmas with gold tags
        let tagger = jirga_parse::tagger::Tagger::load(std::path::Path::new(&tpath))?;
        for mode in ["predicted tags, gold lemmas", "gold tags, predicted lemmas"] {
            let mut sents = dev.clone();
            for s in sents.iter_mut() {
                let gold = s.clone();
                tagger.retag(std::slice::from_mut(s));
                for (w, g) in s.words.iter_mut().zip(&gold.words) {
                    if mode.starts_with("predicted") {
                        w.lemma = g.lemma.clone();
                    } else {
                        w.upos = g.upos.clone();
                        w.xpos = g.xpos.clone();
                    }
                }
            }
            let (u, l) = parser.evaluate(&sents, true);
            eprintln!("dev ({mode}): UAS {:.2} LAS {:.2}", u * 100.0, l * 100.0);
        }
    }
    if let Ok(tpath) = std::env::var("TAGGER") {
        // predicted tags and lemmas: the annotator's tagger, then this parser
        let tagger = jirga_parse::tagger::Tagger::load(std::path::Path::new(&tpath))?;
        let ann = jirga_parse::annotate::Annotator::from_parts(
            tagger,
            Some((parser.clone(), "eval".to_string())),
        );
        for (name, set) in [("dev", &dev), ("test", &test)] {
            let (mut total, mut uas, mut las) = (0usize, 0usize, 0usize);
            let t = Instant::now();
            let c = cpu_seconds();
            for s in set.iter() {
                let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                for (g, p) in s.words.iter().zip(ann.annotate_conllu(&words)) {
                    total += 1;
                    if g.head == p.head {
                        uas += 1;
                        if jirga_doc::DepRel::parse(&g.deprel).map(|r| r.as_str())
                            == Some(p.deprel.as_str())
                        {
                            las += 1;
                        }
                    }
                }
            }
            eprintln!(
                "{name} (predicted tags): UAS {:.2} LAS {:.2}; tag+parse {:.0} tokens/s wall, {:.0} per CPU-second",
                100.0 * uas as f64 / total as f64,
                100.0 * las as f64 / total as f64,
                total as f64 / t.elapsed().as_secs_f64(),
                total as f64 / (cpu_seconds() - c).max(1e-9)
            );
        }
    }
    // speed: parse the test set through the public API, 3 rounds
    let prepared: Vec<Columns> = test
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words.iter().map(|w| w.lemma.as_str()).collect(),
                s.words
                    .iter()
                    .map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X))
                    .collect(),
                s.words.iter().map(|w| w.xpos.as_str()).collect(),
            )
        })
        .collect();
    let ntok: usize = prepared.iter().map(|p| p.0.len()).sum();
    let t2 = Instant::now();
    let c2 = cpu_seconds();
    let mut sink = 0u64;
    for _ in 0..3 {
        for (w, l, u, x) in &prepared {
            sink += parser
                .parse(w, l, u, x)
                .iter()
                .map(|p| p.0 as u64)
                .sum::<u64>();
        }
    }
    let secs = t2.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c2;
    eprintln!(
        "speed: {:.0} tokens/s wall, {:.0} tokens per CPU-second ({sink})",
        3.0 * ntok as f64 / secs,
        3.0 * ntok as f64 / cpu.max(1e-9)
    );
    Ok(())
}

/// User + system CPU time of this process from `/proc/self/stat` (Linux; 0 elsewhere):
/// the machine is shared, so wall time understates single-core speed.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
        return 0.0;
    };
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
