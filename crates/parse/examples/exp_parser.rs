//! Experiment loop for the parser: trains one parser on jackknifed POS tags and
//! supertags (made once with the clusters of `MODELS_DIR`'s tagger, and cached next to
//! `JK_FILE`), keeps the best dev epoch, and prints dev and test UAS/LAS with the
//! tagger's tags, without parse repairs. `NO_SUPER=1` trains without supertags.
//!
//! ```text
//! cargo run --release -p jirga-parse --example exp_parser -- MODELS_DIR JK_FILE EPOCHS SEED [OUT.bin]
//! ```
//! Reads `../shared/data/ud-english-ewt/` (or `$JIRGA_SHARED/data/...`).

use jirga_parse::conllu::{self, ConlluSentence};
use jirga_parse::depparse::{jackknife, DepParser, TrainConfig};
use jirga_parse::tagger::{self, Tagger, TaggerConfig};
use jirga_parse::{model, supertag};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `train` tagged by k = 4 jackknifed taggers, cached in `cache`.
fn jackknifed(
    train: &[ConlluSentence],
    cfg: &TaggerConfig,
    cache: &Path,
) -> Result<Vec<ConlluSentence>, Box<dyn std::error::Error>> {
    if cache.exists() {
        return Ok(conllu::read_file(cache)?);
    }
    let out = jackknife(
        train,
        4,
        |rest| tagger::train(rest, &[], "fold", cfg, |_| {}),
        |t, words| {
            t.annotate(words)
                .into_iter()
                .map(|(u, x, l)| (u, x.to_string(), l))
                .collect()
        },
    )?;
    conllu::write(std::io::BufWriter::new(std::fs::File::create(cache)?), &out)?;
    Ok(out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("data/ud-english-ewt");
    let args: Vec<String> = std::env::args().collect();
    let models = PathBuf::from(args.get(1).ok_or("MODELS_DIR")?);
    let jk = PathBuf::from(args.get(2).ok_or("JK_FILE")?);
    let epochs: usize = args.get(3).ok_or("EPOCHS")?.parse()?;
    let seed: u64 = args.get(4).ok_or("SEED")?.parse()?;
    let tagger = Tagger::load(&models.join("tagger.bin"))?;
    let clusters = tagger.clusters().clone();
    let train = conllu::read_file(&dir.join("en_ewt-ud-train.conllu"))?;
    let dev = conllu::read_file(&dir.join("en_ewt-ud-dev.conllu"))?;
    let test = conllu::read_file(&dir.join("en_ewt-ud-test.conllu"))?;
    let tcfg = TaggerConfig {
        epochs: tagger.meta().epochs.max(1),
        seed,
        clusters: clusters.clone(),
        ..Default::default()
    };
    let ptrain = jackknifed(&train, &tcfg, &jk)?;
    let (mut pdev, mut ptest) = (dev.clone(), test.clone());
    tagger.retag(&mut pdev);
    tagger.retag(&mut ptest);
    let mut cfg = TrainConfig {
        epochs,
        seed,
        ..Default::default()
    };
    if let Ok(p) = std::env::var("PRUNE") {
        cfg.prune = p.parse()?;
    }
    let mut log = |m: &str| eprintln!("{m}");
    let parser = if std::env::var("NO_SUPER").is_ok() {
        DepParser::train_with_clusters(&ptrain, &pdev, &cfg, clusters, &mut log)
    } else {
        let scfg = TaggerConfig {
            epochs: 12,
            ..tcfg.clone()
        };
        let sup = supertag::train(&train, &dev, "super", &scfg, |r| {
            eprintln!("supertagger epoch {}: dev {:.2}", r.epoch, r.dev_xpos)
        })?;
        eprintln!(
            "supertagger: dev {:.2}, test {:.2}",
            supertag::accuracy(&sup, &dev),
            supertag::accuracy(&sup, &test)
        );
        let jcfg = TaggerConfig {
            epochs: sup.meta().epochs.max(1),
            ..tcfg.clone()
        };
        let cache = PathBuf::from(format!("{}.supertags", jk.display()));
        let jsup = jackknifed(&supertag::treebank(&train), &jcfg, &cache)?;
        let tags: Vec<Vec<String>> = jsup
            .iter()
            .map(|s| s.words.iter().map(|w| w.xpos.clone()).collect())
            .collect();
        DepParser::train_supertagged(
            &ptrain,
            &pdev,
            &cfg,
            clusters,
            Some((Arc::new(sup), &tags)),
            &mut log,
        )
    };
    for (name, set) in [("dev", &pdev), ("test", &ptest)] {
        let (u, l) = parser.evaluate(set, true);
        println!(
            "{name} (predicted tags): UAS {:.2} LAS {:.2}",
            u * 100.0,
            l * 100.0
        );
    }
    if let Some(out) = args.get(5) {
        let meta = model::ModelMeta {
            training_file: "en_ewt-ud-train.conllu".into(),
            sentences: train.len(),
            seed,
            feature_set: DepParser::FEATURE_SET,
            created_by: "exp_parser".into(),
            epochs,
            dev_scores: Default::default(),
        };
        model::write_model(
            Path::new(out),
            model::ModelKind::Parser,
            &meta,
            &parser.to_bytes(),
        )?;
    }
    Ok(())
}
