//! # jirga-pipeline
//!
//! Builds jirga's ordered stages once (tokenizer → tagger, lemmatizer and parser →
//! actor matcher → event coder), checks that each stage finds the layers it needs, and
//! runs documents through them, one at a time or in parallel batches with rayon.
//!
//! Models and dictionaries are loaded once into the [`Pipeline`], which is `Send + Sync`
//! and shared by reference across threads.
//!
//! ```no_run
//! use jirga_pipeline::{Pipeline, PipelineConfig};
//! use jirga_doc::{Doc, DocMeta};
//! let pipeline = Pipeline::load(&PipelineConfig::default()).unwrap();
//! let mut doc = Doc::new(DocMeta::with_id("d1"), "Russia armed the Taliban.".into());
//! pipeline.process(&mut doc).unwrap();
//! for ev in &doc.events { println!("{}", ev.cameo); }
//! ```
#![deny(missing_docs)]

pub mod stream;

use jirga_actors::ActorDict;
use jirga_code::Coder;
use jirga_doc::{Doc, Layers};
use jirga_parse::annotate::Annotator;
use jirga_text::{Tokenizer, TokenizerConfig};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Errors building or running the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// No model directory was found.
    #[error("no model directory found: looked at {looked}; pass --models DIR or set JIRGA_MODELS (train one with `jirga train`)")]
    NoModels {
        /// Where it looked.
        looked: String,
    },
    /// A stage failed to load.
    #[error("loading {stage} from {path}: {source}")]
    Load {
        /// Stage name.
        stage: &'static str,
        /// Path or `builtin`.
        path: String,
        /// Cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A stage failed on a document.
    #[error("document `{doc}`: stage {stage}: {source}")]
    Stage {
        /// Document id.
        doc: String,
        /// Stage name.
        stage: &'static str,
        /// Cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Result with [`PipelineError`].
pub type Result<T> = std::result::Result<T, PipelineError>;

/// How far a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Until {
    /// Tokens and sentences only.
    Tokens,
    /// Through tagging, lemmas and dependency parse.
    Parse,
    /// Through actor mentions.
    Actors,
    /// All the way to events.
    #[default]
    Events,
}

/// What the pipeline is: where models and dictionaries come from, how far it goes.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineConfig {
    /// Folder with `tagger.bin` and `parser.bin`; `None` looks in the default places
    /// (see [`default_models_dir`]).
    pub models_dir: Option<PathBuf>,
    /// Folder with `verbs/` and `cameo/` dictionaries, and optionally `actors/` (without
    /// it the built-in actor dictionaries are used); `None` uses the dictionaries built
    /// into the binary.
    pub dict_dir: Option<PathBuf>,
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Last stage to run.
    pub until: Until,
}

/// The versions of everything that produced a result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Versions {
    /// Tagger and parser models.
    pub model: String,
    /// Actor dictionaries.
    pub actors: String,
    /// Verb patterns and CAMEO tables.
    pub code: String,
}

/// The loaded stages.
pub struct Pipeline {
    tokenizer: Tokenizer,
    annotator: Option<Annotator>,
    actors: Option<ActorDict>,
    coder: Option<Coder>,
}

/// The default model folder: `$JIRGA_MODELS` when set (taken as it is, so that a wrong
/// setting is reported by the loader rather than silently replaced), else the first of
/// `models/` at the root of the source tree the running binary was built in
/// (`target/<profile>/jirga` → `../../models`), this crate's source tree, and `./models`
/// that holds `tagger.bin`.
pub fn default_models_dir() -> std::result::Result<PathBuf, PipelineError> {
    if let Some(p) = std::env::var_os("JIRGA_MODELS").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let mut looked = Vec::new();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        for anc in exe.ancestors().skip(1).take(4) {
            candidates.push(anc.join("models"));
        }
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    candidates.push(PathBuf::from("models"));
    for c in candidates {
        if c.join("tagger.bin").is_file() {
            return Ok(c);
        }
        looked.push(c.display().to_string());
    }
    Err(PipelineError::NoModels {
        looked: looked.join(", "),
    })
}

fn load_err<E: std::error::Error + Send + Sync + 'static>(
    stage: &'static str,
    path: &Path,
) -> impl FnOnce(E) -> PipelineError {
    let path = path.display().to_string();
    move |e| PipelineError::Load {
        stage,
        path,
        source: Box::new(e),
    }
}

impl Pipeline {
    /// Loads models and dictionaries as the config says.
    pub fn load(cfg: &PipelineConfig) -> Result<Pipeline> {
        let mut tokenizer = Tokenizer::new(cfg.tokenizer.clone());
        let annotator = if cfg.until >= Until::Parse {
            let dir = match &cfg.models_dir {
                Some(d) => d.clone(),
                None => default_models_dir()?,
            };
            let a = Annotator::load(&dir).map_err(load_err("models", &dir))?;
            tokenizer = tokenizer.with_lexicon(a.lexicon());
            Some(a)
        } else {
            None
        };
        let actors = if cfg.until >= Until::Actors {
            let own = cfg
                .dict_dir
                .as_ref()
                .map(|d| d.join("actors"))
                .filter(|p| p.is_dir());
            Some(match own {
                Some(p) => ActorDict::load(&p).map_err(load_err("actor dictionaries", &p))?,
                None => ActorDict::builtin()
                    .map_err(load_err("actor dictionaries", Path::new("builtin")))?,
            })
        } else {
            None
        };
        let coder = if cfg.until >= Until::Events {
            Some(match &cfg.dict_dir {
                Some(d) => Coder::load(d).map_err(load_err("verb patterns", d))?,
                None => {
                    Coder::builtin().map_err(load_err("verb patterns", Path::new("builtin")))?
                }
            })
        } else {
            None
        };
        Ok(Pipeline {
            tokenizer,
            annotator,
            actors,
            coder,
        })
    }

    /// Runs every loaded stage on a document.
    pub fn process(&self, doc: &mut Doc) -> Result<()> {
        let stage_err = |doc: &Doc, stage: &'static str| {
            let id = doc.meta.id.clone();
            move |e: Box<dyn std::error::Error + Send + Sync>| PipelineError::Stage {
                doc: id,
                stage,
                source: e,
            }
        };
        self.tokenizer.tokenize(doc);
        if let Some(a) = &self.annotator {
            a.annotate(doc)
                .map_err(|e| stage_err(doc, "parse")(Box::new(e)))?;
        }
        if let (Some(a), Some(actors)) = (&self.annotator, &self.actors) {
            let names = actors.name_words(doc);
            if !names.is_empty() {
                a.retag_proper(doc, &names);
            }
        }
        if let Some(actors) = &self.actors {
            actors
                .annotate(doc)
                .map_err(|e| stage_err(doc, "actors")(Box::new(e)))?;
        }
        if let Some(coder) = &self.coder {
            coder
                .code(doc)
                .map_err(|e| stage_err(doc, "code")(Box::new(e)))?;
        }
        Ok(())
    }

    /// Runs a batch in parallel on rayon's pool, keeping input order.
    pub fn process_batch(&self, docs: Vec<Doc>) -> Vec<(Doc, Result<()>)> {
        docs.into_par_iter()
            .map(|mut d| {
                let r = self.process(&mut d);
                (d, r)
            })
            .collect()
    }

    /// Layers a processed document ends with.
    pub fn assigns(&self) -> Layers {
        let mut l = Layers::TOKENS | Layers::SENTS;
        if self.annotator.is_some() {
            l = l | Layers::LEMMA | Layers::UPOS | Layers::DEPS;
        }
        if self.actors.is_some() {
            l = l | Layers::ACTORS;
        }
        if self.coder.is_some() {
            l = l | Layers::EVENTS;
        }
        l
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }
    /// The tagger/lemmatizer/parser, when loaded.
    pub fn annotator(&self) -> Option<&Annotator> {
        self.annotator.as_ref()
    }
    /// The actor dictionaries, when loaded.
    pub fn actors(&self) -> Option<&ActorDict> {
        self.actors.as_ref()
    }
    /// The coder, when loaded.
    pub fn coder(&self) -> Option<&Coder> {
        self.coder.as_ref()
    }

    /// Versions of models and dictionaries.
    pub fn versions(&self) -> Versions {
        Versions {
            model: self
                .annotator
                .as_ref()
                .map(|a| a.version().to_string())
                .unwrap_or_default(),
            actors: self
                .actors
                .as_ref()
                .map(|a| a.version().to_string())
                .unwrap_or_default(),
            code: self
                .coder
                .as_ref()
                .map(|c| c.version().to_string())
                .unwrap_or_default(),
        }
    }
}
