//! `jirga eval parse`: tagging, lemma and attachment accuracy on gold tokens, and
//! sentence and token F1 when tokenizing the gold file's own raw text.

use crate::common::Status;
use anyhow::Context;
use jirga_parse::conllu::{self, ConlluSentence};
use jirga_parse::metrics::{self, ParseScores};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Gold CoNLL-U file.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Print one JSON object (percentages 0–100).
    #[arg(long)]
    pub json: bool,
    /// Models directory (as for `jirga parse`).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let gold = conllu::read_file(&args.gold)?;
    let ann = super::parse::load_annotator(args.models.as_deref())?;

    // Gold tokens: tag, lemmatize, parse.
    let t0 = Instant::now();
    let pred: Vec<ConlluSentence> = gold
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            ConlluSentence {
                words: ann.annotate_conllu(&words),
                ..s.clone()
            }
        })
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let scores = ParseScores::of(&gold, &pred)?;
    let mut out: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    for (k, v) in scores.percentages() {
        out.insert(k, v.into());
    }
    out.insert(
        metrics::TOKENS_PER_S,
        (scores.words as f64 / secs.max(1e-9)).round().into(),
    );

    // Raw text: rebuild the documents from `# text`, tokenize, compare spans.
    let src =
        std::fs::read(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let (src, _) = jirga_text::decode_lossy(&src);
    let gold_doc = jirga_text::gold_from_sentences(&jirga_text::read_conllu_sentences(&src));
    let tok = super::parse::tokenizer(&ann);
    let (tspans, sspans) = tok.spans(&gold_doc.text);
    let (_, _, token_f1) = jirga_text::align_f1(&gold_doc.tokens, &tspans);
    let (_, _, sentence_f1) = jirga_text::align_f1(&gold_doc.sentences, &sspans);
    out.insert(metrics::TOKEN_F1, (100.0 * token_f1).into());
    out.insert(metrics::SENTENCE_F1, (100.0 * sentence_f1).into());
    out.insert("words", scores.words.into());
    out.insert("sentences", gold.len().into());
    out.insert("unaligned_gold_words", gold_doc.unaligned.into());
    out.insert("models", ann.version().into());

    if args.json {
        println!("{}", serde_json::to_string(&out)?);
    } else {
        println!(
            "{} ({} sentences, {} words), models {}",
            args.gold.display(),
            gold.len(),
            scores.words,
            ann.version()
        );
        let pct = scores.percentages();
        for k in [
            metrics::UPOS,
            metrics::XPOS,
            metrics::LEMMA,
            metrics::UAS,
            metrics::LAS,
            metrics::LAS_FULL,
        ] {
            println!("  {k:<12} {:6.2}", pct.get(k).copied().unwrap_or(0.0));
        }
        println!("  {:<12} {:6.2}", metrics::SENTENCE_F1, 100.0 * sentence_f1);
        println!("  {:<12} {:6.2}", metrics::TOKEN_F1, 100.0 * token_f1);
        println!(
            "  {:<12} {:8.0}",
            metrics::TOKENS_PER_S,
            scores.words as f64 / secs.max(1e-9)
        );
    }
    Ok(Status::Clean)
}
