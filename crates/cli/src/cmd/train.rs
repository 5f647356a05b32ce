//! `jirga train`: trains the tagger (with its lemmatizer and vocabulary) and the
//! dependency parser on UD CoNLL-U files and writes `tagger.bin` and `parser.bin`.

use crate::common::Status;
use anyhow::Context;
use jirga_parse::annotate::{Annotator, PARSER_FILE, TAGGER_FILE};
use jirga_parse::conllu::{self, ConlluSentence};
use jirga_parse::depparse::{self, DepParser};
use jirga_parse::metrics::{self, ParseScores};
use jirga_parse::model::{self, ModelKind, ModelMeta};
use jirga_parse::tagger::{self, Tagger, TaggerConfig};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Training file (CoNLL-U).
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development file (CoNLL-U): picks the tagger's epoch and reports scores.
    #[arg(long, value_name = "FILE")]
    pub dev: PathBuf,
    /// Output directory for `tagger.bin` and `parser.bin`.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Random seed (training is deterministic for a seed).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Maximum tagger epochs (the best on dev is kept).
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Parser epochs (default: the parser's own default).
    #[arg(long)]
    pub parser_epochs: Option<usize>,
    /// Folds for jackknifed tags and lemmas in the parser's training data (0: gold tags).
    #[arg(long, default_value_t = 4)]
    pub jackknife: usize,
    /// Train the tagger only.
    #[arg(long)]
    pub no_parser: bool,
}

fn read(path: &std::path::Path) -> anyhow::Result<Vec<ConlluSentence>> {
    Ok(conllu::read_file(path)?)
}

/// Replaces tags and lemmas of `sents` by those `tagger` predicts.
fn retag(tagger: &Tagger, sents: &mut [ConlluSentence]) {
    for s in sents {
        let words: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        for (w, (u, x, l)) in s.words.iter_mut().zip(tagger.annotate(&refs)) {
            w.upos = u.as_str().to_string();
            w.xpos = x.to_string();
            w.lemma = l;
        }
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let train = read(&args.train)?;
    let dev = read(&args.dev)?;
    let train_name = args
        .train
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.train.display().to_string());
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    eprintln!(
        "training the tagger on {} sentences ({train_name}), dev {}",
        train.len(),
        dev.len()
    );
    let cfg = TaggerConfig {
        epochs: args.epochs,
        seed: args.seed,
        ..Default::default()
    };
    let t0 = Instant::now();
    let progress = |r: &tagger::EpochReport| {
        eprintln!(
            "tagger epoch {}: train {:.2}%, dev UPOS {:.2}% XPOS {:.2}% ({:.0}s)",
            r.epoch,
            r.train_acc,
            r.dev_upos,
            r.dev_xpos,
            t0.elapsed().as_secs_f64()
        )
    };
    let tagger = tagger::train(&train, &dev, &train_name, &cfg, progress)?;
    let tagger_path = args.out.join(TAGGER_FILE);
    tagger.save(&tagger_path)?;
    let tagger = Tagger::load(&tagger_path)?;
    let (rows, weights) = tagger.size();
    eprintln!(
        "wrote {} (epoch {}, {rows} features, {weights} weights, version {})",
        tagger_path.display(),
        tagger.meta().epochs,
        tagger.version()
    );

    if !args.no_parser {
        // The parser learns from the tags it will see: predicted ones, jackknifed.
        let mut ptrain = train.clone();
        let k = args.jackknife;
        if k >= 2 {
            let jk_cfg = TaggerConfig {
                epochs: tagger.meta().epochs.max(1),
                seed: args.seed,
                ..Default::default()
            };
            for fold in 0..k {
                let (rest, held): (Vec<usize>, Vec<usize>) =
                    (0..train.len()).partition(|i| i % k != fold);
                let rest: Vec<ConlluSentence> = rest.iter().map(|&i| train[i].clone()).collect();
                let ft = tagger::train(&rest, &[], &train_name, &jk_cfg, |_| {})?;
                let mut held_s: Vec<ConlluSentence> =
                    held.iter().map(|&i| train[i].clone()).collect();
                let (u, _) = tagger::accuracy(&ft, &held_s);
                retag(&ft, &mut held_s);
                for (i, s) in held.into_iter().zip(held_s) {
                    ptrain[i] = s;
                }
                eprintln!(
                    "jackknife fold {}/{k}: held-out UPOS {u:.2}% ({:.0}s)",
                    fold + 1,
                    t0.elapsed().as_secs_f64()
                );
            }
        }
        let mut pdev = dev.clone();
        retag(&tagger, &mut pdev);
        let mut pcfg = depparse::TrainConfig {
            seed: args.seed,
            ..Default::default()
        };
        if let Some(e) = args.parser_epochs {
            pcfg.epochs = e;
        }
        let parser = DepParser::train(&ptrain, &pdev, &pcfg, &mut |line: &str| eprintln!("{line}"));
        let meta = ModelMeta {
            training_file: train_name.clone(),
            sentences: train.len(),
            seed: args.seed,
            feature_set: depparse::PARSER_FORMAT,
            created_by: format!("jirga {}", env!("CARGO_PKG_VERSION")),
            epochs: pcfg.epochs,
            dev_scores: Default::default(),
        };
        let path = args.out.join(PARSER_FILE);
        model::write_model(&path, ModelKind::Parser, &meta, &parser.to_bytes())?;
        eprintln!("wrote {}", path.display());
    }

    // Dev scores of the whole annotator (predicted tags), gold tokens.
    let ann = Annotator::load(&args.out)?;
    let pred: Vec<ConlluSentence> = dev
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            ConlluSentence {
                words: ann.annotate_conllu(&words),
                ..s.clone()
            }
        })
        .collect();
    let scores = ParseScores::of(&dev, &pred)?.percentages();
    let show = |k: &str| scores.get(k).copied().unwrap_or(0.0);
    println!(
        "dev ({} words): UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}",
        dev.iter().map(|s| s.words.len()).sum::<usize>(),
        show(metrics::UPOS),
        show(metrics::XPOS),
        show(metrics::LEMMA),
        show(metrics::UAS),
        show(metrics::LAS)
    );
    println!(
        "models in {} (version {})",
        args.out.display(),
        ann.version()
    );
    Ok(Status::Clean)
}
