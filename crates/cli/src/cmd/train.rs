//! `jirga train`: trains the tagger (with its lemmatizer and vocabulary), the
//! supertagger and the dependency parser on UD CoNLL-U files and writes `tagger.bin`
//! and `parser.bin` (which holds the supertagger).

use crate::common::Status;
use anyhow::Context;
use jirga_parse::annotate::{Annotator, PARSER_FILE, TAGGER_FILE};
use jirga_parse::clusters::{ClusterConfig, WordClusters};
use jirga_parse::conllu::{self, ConlluSentence};
use jirga_parse::depparse::{self, DepParser};
use jirga_parse::metrics::{self, ParseScores};
use jirga_parse::model::{self, ModelKind, ModelMeta};
use jirga_parse::supertag;
use jirga_parse::tagger::{self, Tagger, TaggerConfig};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
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
    /// Averaged parser weights below this magnitude are dropped from each trained parser
    /// (default: the parser's own default).
    #[arg(long)]
    pub parser_prune: Option<f32>,
    /// Folds for jackknifed tags and lemmas in the parser's training data (0: gold tags).
    #[arg(long, default_value_t = 4)]
    pub jackknife: usize,
    /// Train the tagger only.
    #[arg(long)]
    pub no_parser: bool,
    /// Also train a supertagger (each word's relation and head side) and give the
    /// parser supertag features; the supertagger is stored inside `parser.bin`.
    #[arg(long)]
    pub supertags: bool,
    /// Epochs of each jackknife tagger (POS and supertags). One epoch makes the training
    /// tags a little noisier than the final tagger's; the full epochs measured no
    /// better (EWT dev UAS 85.64 against 85.69, one supertagged parser).
    #[arg(long, default_value_t = 1)]
    pub jackknife_epochs: usize,
    /// Averaged supertagger weights below this magnitude are dropped (in the stored
    /// supertagger and in the jackknifed ones that tag the parser's training data).
    #[arg(long, default_value_t = 1.0)]
    pub supertagger_prune: f32,
    /// Unlabeled text (JSON Lines with a `text` field) to induce word clusters from,
    /// together with the training file's words; the clusters feed features of both
    /// models and are stored inside them. Without it the models have no clusters.
    #[arg(long, value_name = "FILE.jsonl")]
    pub clusters_text: Option<PathBuf>,
    /// Classes of the coarse word clustering.
    #[arg(long, default_value_t = 64)]
    pub clusters_coarse: usize,
    /// Classes of the fine word clustering.
    #[arg(long, default_value_t = 512)]
    pub clusters_fine: usize,
    /// Words seen fewer times (lowercased, digits as 0) get no cluster.
    #[arg(long, default_value_t = 3)]
    pub clusters_min_count: u32,
    /// Times the training file's sentences are added to the unlabeled text (a weight
    /// on the treebank's own domain).
    #[arg(long, default_value_t = 1)]
    pub clusters_train_weight: usize,
    /// Passes of the exchange algorithm.
    #[arg(long, default_value_t = 6)]
    pub clusters_iterations: usize,
    /// Make the coarse classes the prefixes of a binary hierarchy over the fine classes
    /// (`--clusters-coarse 64`: the first 6 bits), instead of a clustering of their own.
    #[arg(long)]
    pub clusters_hierarchy: bool,
    /// Parsers to train and mix (each with seed `seed + i` and its own jackknifed tags);
    /// 1 trains a single parser.
    #[arg(long, default_value_t = 1)]
    pub parser_seeds: usize,
    /// Index of the first parser to train: `--parser-first 3 --parser-seeds 2` trains
    /// parsers 3 and 4 of a larger mix, the same as a full run would (with
    /// `--parser-parts`, to mix them with the others later).
    #[arg(long, default_value_t = 0)]
    pub parser_first: usize,
    /// Mixed weights below this magnitude are dropped (with `--parser-seeds` ≥ 2).
    #[arg(long, default_value_t = 0.75)]
    pub parser_mix_prune: f32,
    /// Also write each parser before mixing, as `parser-I.bin` in this directory (to try
    /// other mixes with the `mix_parsers` example of jirga-parse).
    #[arg(long, value_name = "DIR")]
    pub parser_parts: Option<PathBuf>,
}

/// Tokenized sentences (normal forms) of the `text` fields of a JSON Lines file.
fn text_sentences(path: &std::path::Path) -> anyhow::Result<Vec<Vec<String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{} line {}: not JSON", path.display(), i + 1))?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            docs.push(t.to_string());
        }
    }
    let tok = jirga_text::Tokenizer::new(jirga_text::TokenizerConfig::default());
    Ok(docs
        .into_par_iter()
        .enumerate()
        .flat_map_iter(|(i, text)| {
            let mut doc = jirga_doc::Doc::new(jirga_doc::DocMeta::with_id(i.to_string()), text);
            tok.tokenize(&mut doc);
            let norm = &doc.tokens.norm;
            doc.sentences
                .iter()
                .filter_map(|s| norm.get(s.range()).map(<[String]>::to_vec))
                .collect::<Vec<_>>()
        })
        .collect())
}

/// Jackknifed tags for the parser's training data: `k` folds, each tagged by a tagger
/// trained on the others. Variant `j` (0 for the first parser) uses tagger seed
/// `seed + j` and, for `j > 0`, a fold split shuffled by that seed; each tagger trains
/// for `epochs` with `clusters`, dropping averaged weights below `prune`.
#[allow(clippy::too_many_arguments)]
fn jackknifed(
    train: &[ConlluSentence],
    train_name: &str,
    k: usize,
    epochs: usize,
    seed: u64,
    j: usize,
    clusters: &Arc<WordClusters>,
    prune: f32,
) -> anyhow::Result<Vec<ConlluSentence>> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut ptrain = train.to_vec();
    let s = seed.wrapping_add(j as u64);
    let mut fold: Vec<usize> = (0..train.len()).map(|i| i % k).collect();
    if j > 0 {
        fold.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(s));
    }
    let jk_cfg = TaggerConfig {
        epochs,
        seed: s,
        clusters: clusters.clone(),
        prune_below: prune,
        ..Default::default()
    };
    for f in 0..k {
        let (rest, held): (Vec<usize>, Vec<usize>) = (0..train.len()).partition(|&i| fold[i] != f);
        let rest: Vec<ConlluSentence> = rest.iter().map(|&i| train[i].clone()).collect();
        let ft = tagger::train(&rest, &[], train_name, &jk_cfg, |_| {})?;
        let mut held_s: Vec<ConlluSentence> = held.iter().map(|&i| train[i].clone()).collect();
        let (u, x) = tagger::accuracy(&ft, &held_s);
        ft.retag(&mut held_s);
        for (i, s) in held.into_iter().zip(held_s) {
            ptrain[i] = s;
        }
        eprintln!(
            "[parser {j}] jackknife fold {}/{k}: held-out UPOS {u:.2}%, XPOS {x:.2}%",
            f + 1
        );
    }
    Ok(ptrain)
}

fn read(path: &std::path::Path) -> anyhow::Result<Vec<ConlluSentence>> {
    Ok(conllu::read_file(path)?)
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
    let t0 = Instant::now();
    let clusters = match &args.clusters_text {
        None => Arc::new(WordClusters::default()),
        Some(path) => {
            let mut sents = text_sentences(path)?;
            eprintln!(
                "clusters: {} sentences from {} ({:.0}s)",
                sents.len(),
                path.display(),
                t0.elapsed().as_secs_f64()
            );
            for _ in 0..args.clusters_train_weight.max(1) {
                sents.extend(
                    train
                        .iter()
                        .map(|s| s.words.iter().map(|w| w.form.clone()).collect()),
                );
            }
            let ccfg = ClusterConfig {
                coarse: args.clusters_coarse,
                fine: args.clusters_fine,
                min_count: args.clusters_min_count,
                iterations: args.clusters_iterations,
                hierarchy: args.clusters_hierarchy,
            };
            let c = WordClusters::induce(&sents, &ccfg, &|m| eprintln!("{m}"));
            eprintln!(
                "clusters: {} words clustered ({:.0}s)",
                c.len(),
                t0.elapsed().as_secs_f64()
            );
            Arc::new(c)
        }
    };
    let cfg = TaggerConfig {
        epochs: args.epochs,
        seed: args.seed,
        clusters: clusters.clone(),
        ..Default::default()
    };
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
        // The supertagger: each word's relation and head side, for the parser's features;
        // it is stored inside the parser model. With it, the treebank with supertags as
        // its tags, for the jackknife supertaggers.
        let supertagging = if !args.supertags {
            None
        } else {
            let scfg = TaggerConfig {
                epochs: args.epochs,
                seed: args.seed,
                clusters: clusters.clone(),
                prune_below: args.supertagger_prune,
                ..Default::default()
            };
            let st = supertag::train(&train, &dev, &train_name, &scfg, |r| {
                eprintln!(
                    "supertagger epoch {}: train {:.2}%, dev {:.2}% ({:.0}s)",
                    r.epoch,
                    r.train_acc,
                    r.dev_xpos,
                    t0.elapsed().as_secs_f64()
                )
            })?;
            eprintln!(
                "supertagger: epoch {}, dev {:.2}%",
                st.meta().epochs,
                supertag::accuracy(&st, &dev)
            );
            Some((Arc::new(st), supertag::treebank(&train)))
        };
        // The parser learns from the tags it will see: predicted ones, jackknifed; with
        // several parsers each gets its own seed and jackknifed tags, and they are mixed.
        let mut pdev = dev.clone();
        tagger.retag(&mut pdev);
        let k = args.jackknife;
        let n = args.parser_seeds.max(1);
        let first = args.parser_first;
        let parsers: Vec<DepParser> = (first..first + n)
            .into_par_iter()
            .map(|j| -> anyhow::Result<DepParser> {
                let ptrain = if k >= 2 {
                    jackknifed(
                        &train,
                        &train_name,
                        k,
                        args.jackknife_epochs.max(1),
                        args.seed,
                        j,
                        &clusters,
                        TaggerConfig::default().prune_below,
                    )?
                } else {
                    train.clone()
                };
                // jackknifed supertags too
                let sup: Vec<Vec<String>> = match &supertagging {
                    Some((_, super_train)) if k >= 2 => jackknifed(
                        super_train,
                        &train_name,
                        k,
                        args.jackknife_epochs.max(1),
                        args.seed,
                        j,
                        &clusters,
                        args.supertagger_prune,
                    )?
                    .iter()
                    .map(|s| s.words.iter().map(|w| w.xpos.clone()).collect())
                    .collect(),
                    Some((st, _)) => train
                        .iter()
                        .map(|s| {
                            let words: Vec<&str> =
                                s.words.iter().map(|w| w.form.as_str()).collect();
                            supertag::predict(st, &words)
                                .into_iter()
                                .map(str::to_string)
                                .collect()
                        })
                        .collect(),
                    None => Vec::new(),
                };
                let mut pcfg = depparse::TrainConfig {
                    seed: args.seed.wrapping_add(j as u64),
                    ..Default::default()
                };
                if let Some(e) = args.parser_epochs {
                    pcfg.epochs = e;
                }
                if let Some(p) = args.parser_prune {
                    pcfg.prune = p;
                }
                Ok(DepParser::train_supertagged(
                    &ptrain,
                    &pdev,
                    &pcfg,
                    clusters.clone(),
                    supertagging
                        .as_ref()
                        .map(|(st, _)| (st.clone(), sup.as_slice())),
                    &mut |line: &str| eprintln!("[parser {j}] {line}"),
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        if let Some(dir) = &args.parser_parts {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for (j, p) in (first..).zip(&parsers) {
                let meta = ModelMeta {
                    training_file: train_name.clone(),
                    sentences: train.len(),
                    seed: args.seed.wrapping_add(j as u64),
                    feature_set: DepParser::FEATURE_SET,
                    created_by: format!("jirga {}", env!("CARGO_PKG_VERSION")),
                    ..Default::default()
                };
                let path = dir.join(format!("parser-{j}.bin"));
                model::write_model(&path, ModelKind::Parser, &meta, &p.to_bytes())?;
            }
        }
        let parser = if parsers.len() == 1 {
            parsers.into_iter().next().context("no parser trained")?
        } else {
            let p = DepParser::mix(&parsers, args.parser_mix_prune)?;
            let (uas, las) = p.evaluate(&pdev, true);
            eprintln!(
                "mixed {} parsers (prune {}): dev UAS {:.2} LAS {:.2} ({:.0}s)",
                parsers.len(),
                args.parser_mix_prune,
                uas * 100.0,
                las * 100.0,
                t0.elapsed().as_secs_f64()
            );
            p
        };
        let pcfg_epochs = args
            .parser_epochs
            .unwrap_or(depparse::TrainConfig::default().epochs);
        let meta = ModelMeta {
            training_file: train_name.clone(),
            sentences: train.len(),
            seed: args.seed,
            feature_set: depparse::PARSER_FORMAT,
            created_by: format!("jirga {}", env!("CARGO_PKG_VERSION")),
            epochs: pcfg_epochs,
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
