//! `jirga parse`: raw text in, CoNLL-U out (sentences, tokens, lemmas, tags, dependencies).

use crate::common::Status;
use anyhow::Context;
use jirga_doc::{Doc, DocMeta};
use jirga_parse::annotate::Annotator;
use jirga_parse::conllu::{self, ConlluSentence, Word};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Text files to parse (standard input when none). Invalid UTF-8 is replaced, with a warning.
    pub files: Vec<PathBuf>,
    /// Directory holding `tagger.bin` and `parser.bin` (default: `$JIRGA_MODELS`, else
    /// `models/` of the repository the executable was built in, else `./models`).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

/// The models directory: the flag, else the pipeline's default
/// ([`jirga_pipeline::default_models_dir`]: `$JIRGA_MODELS`, `models/` beside the `target/`
/// folder the executable lives in, the source tree's `models/`, `./models`), else `./models`
/// (whose absence the loader then reports).
pub fn models_dir(flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => jirga_pipeline::default_models_dir().unwrap_or_else(|_| PathBuf::from("models")),
    }
}

/// Loads the annotator from the resolved models directory, naming it in errors.
pub fn load_annotator(flag: Option<&Path>) -> anyhow::Result<Annotator> {
    let dir = models_dir(flag);
    let ann = Annotator::load(&dir).with_context(|| {
        format!(
            "cannot load the parse models from {} (train them with `jirga train`)",
            dir.display()
        )
    })?;
    if !ann.has_parser() {
        eprintln!(
            "jirga: warning: no {} in {}: dependency heads and relations are not assigned",
            jirga_parse::annotate::PARSER_FILE,
            dir.display()
        );
    }
    Ok(ann)
}

/// A tokenizer using the annotator's vocabulary to split run-together words.
pub fn tokenizer(ann: &Annotator) -> jirga_text::Tokenizer {
    jirga_text::Tokenizer::new(jirga_text::TokenizerConfig::default()).with_lexicon(ann.lexicon())
}

/// The CoNLL-U sentences of an annotated document; sentence ids are `<stem>-<n>`.
pub fn doc_to_conllu(doc: &Doc, stem: &str) -> Vec<ConlluSentence> {
    let t = &doc.tokens;
    let parsed = t.lemma.len() == t.len();
    let mut out = Vec::with_capacity(doc.sentences.len());
    for (k, s) in doc.sentences.iter().enumerate() {
        if s.is_empty() {
            continue;
        }
        let words = s
            .range()
            .map(|i| {
                let head = if !parsed || t.head[i] as usize == i {
                    0
                } else {
                    t.head[i] - s.start + 1
                };
                Word {
                    form: doc.token_text(i as u32).to_string(),
                    lemma: if parsed {
                        t.lemma[i].clone()
                    } else {
                        String::new()
                    },
                    upos: if parsed {
                        t.upos[i].as_str().to_string()
                    } else {
                        String::new()
                    },
                    xpos: if parsed {
                        t.xpos[i].clone()
                    } else {
                        String::new()
                    },
                    feats: String::new(),
                    head,
                    deprel: if parsed {
                        t.deprel[i].as_str().to_string()
                    } else {
                        String::new()
                    },
                    misc: if t.space_after[i] {
                        String::new()
                    } else {
                        "SpaceAfter=No".into()
                    },
                }
            })
            .collect();
        out.push(ConlluSentence {
            sent_id: Some(format!("{stem}-{}", k + 1)),
            text: Some(doc.sentence_text(k as u32).to_string()),
            newdoc: false,
            newpar: false,
            words,
        });
    }
    out
}

/// Tokenizes and annotates one text.
pub fn parse_text(
    tok: &jirga_text::Tokenizer,
    ann: &Annotator,
    id: &str,
    text: String,
) -> anyhow::Result<Doc> {
    let mut doc = Doc::new(DocMeta::with_id(id), text);
    tok.tokenize(&mut doc);
    ann.annotate(&mut doc)
        .with_context(|| format!("annotating {id}"))?;
    Ok(doc)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let ann = load_annotator(args.models.as_deref())?;
    let tok = tokenizer(&ann);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = Status::Clean;
    let inputs: Vec<Option<&PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files.iter().map(Some).collect()
    };
    for input in inputs {
        let (name, stem, bytes) = match input {
            None => {
                let mut b = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut b)
                    .context("reading standard input")?;
                ("-".to_string(), "stdin".to_string(), b)
            }
            Some(p) => {
                let name = p.display().to_string();
                match std::fs::read(p) {
                    Ok(b) => {
                        let stem = p
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_else(|| name.clone());
                        (name, stem, b)
                    }
                    Err(e) => {
                        eprintln!("jirga: {name}: {e} (skipped)");
                        status = Status::Skipped;
                        continue;
                    }
                }
            }
        };
        let (text, lossy) = jirga_text::decode_lossy(&bytes);
        if lossy {
            eprintln!("jirga: warning: {name}: invalid UTF-8 replaced with U+FFFD");
        }
        if text.trim().is_empty() {
            continue;
        }
        let doc = parse_text(&tok, &ann, &stem, text)?;
        for w in &doc.warnings {
            eprintln!("jirga: warning: {name}: {w}");
        }
        conllu::write(&mut out, &doc_to_conllu(&doc, &stem))?;
    }
    out.flush()?;
    Ok(status)
}
