//! Tests against the shared UD English EWT files and the trained models. They skip,
//! saying so, when `../shared` (or `$JIRGA_SHARED`) or `models/tagger.bin` is absent.

use jirga_doc::Upos;
use jirga_parse::annotate::Annotator;
use jirga_parse::conllu;
use jirga_parse::metrics::{self, ParseScores};
use std::path::PathBuf;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    if p.join("data/ud-english-ewt").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: no shared data at {} (set JIRGA_SHARED)",
            p.display()
        );
        None
    }
}

fn annotator() -> Option<Annotator> {
    let dir = repo_root().join("models");
    if !dir.join("tagger.bin").is_file() {
        eprintln!("skipped: no trained model at {}", dir.display());
        return None;
    }
    Some(Annotator::load(&dir).expect("the committed models load"))
}

#[test]
fn malformed_conllu_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("jirga-parse-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.conllu");
    std::fs::write(
        &path,
        "# text = a b\n1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n2\tb\tb\n",
    )
    .unwrap();
    let err = conllu::read_file(&path).unwrap_err().to_string();
    assert!(err.contains("bad.conllu:3:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn committed_model_tags_and_lemmatizes_news() {
    let Some(ann) = annotator() else { return };
    let words = [
        "Russia", "armed", "the", "rebels", "and", "met", "their", "leaders", "in", "Kabul", ".",
    ];
    let out = ann.annotate_words(&words);
    let lemmas: Vec<&str> = out.iter().map(|a| a.lemma.as_str()).collect();
    assert_eq!(lemmas[1], "arm");
    assert_eq!(lemmas[3], "rebel");
    assert_eq!(lemmas[5], "meet");
    assert_eq!(out[0].upos, Upos::Propn);
    assert_eq!(out[1].upos, Upos::Verb);
    assert_eq!(out[10].upos, Upos::Punct);
    assert!(ann.lexicon().frequency("the") > 1000);
}

#[test]
fn committed_model_meets_the_dev_targets() {
    let (Some(shared), Some(ann)) = (shared(), annotator()) else {
        return;
    };
    let dev = conllu::read_file(&shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu")).unwrap();
    let pred: Vec<conllu::ConlluSentence> = dev
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            conllu::ConlluSentence {
                words: ann.annotate_conllu(&words),
                ..s.clone()
            }
        })
        .collect();
    let pct = ParseScores::of(&dev, &pred).unwrap().percentages();
    assert!(
        pct[metrics::UPOS] >= 94.5,
        "dev UPOS {}",
        pct[metrics::UPOS]
    );
    assert!(
        pct[metrics::LEMMA] >= 96.0,
        "dev lemma {}",
        pct[metrics::LEMMA]
    );
}

#[test]
fn the_supertagger_tags_from_the_taggers_word_values() {
    let Some(ann) = annotator() else { return };
    let Some(parser) = ann.parser() else {
        eprintln!("skipped: no parser.bin");
        return;
    };
    let Some(st) = parser.supertagger() else {
        eprintln!("skipped: the parser has no supertagger");
        return;
    };
    // the two committed taggers were trained with the same word clusters: one copy
    assert!(std::sync::Arc::ptr_eq(
        st.clusters(),
        ann.tagger().clusters()
    ));
    let texts = [
        "Russia's envoy met U.S. officials in Moscow on Friday , the ministry said .",
        "They allegedly shared intelligence with the Taliban and trained Afghan forces",
        "1,200 troops",
    ];
    for text in texts {
        let words: Vec<&str> = text.split(' ').collect();
        let values = ann.tagger().word_values(&words);
        assert_eq!(
            ann.tagger().tag_values(&words, &values),
            ann.tagger().tag(&words)
        );
        assert_eq!(
            parser.supertags_from(&words, &values),
            parser.supertags(&words)
        );
        // values of other words are not used: the supertagger computes its own
        assert_eq!(
            parser.supertags_from(&words[1..], &values),
            parser.supertags(&words[1..])
        );
    }
}
