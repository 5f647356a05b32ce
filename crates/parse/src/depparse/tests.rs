//! Tests of the transition system, the oracle, training, robustness and model bytes.

use super::system::{left, projectivize, right, State, NONE, ROOT_LABEL, SHIFT};
use super::*;
use crate::conllu::Word;

type Row<'a> = (&'a str, &'a str, &'a str, &'a str, u32, &'a str);

fn sent(rows: &[Row]) -> ConlluSentence {
    ConlluSentence {
        words: rows
            .iter()
            .map(|&(form, lemma, upos, xpos, head, deprel)| Word {
                form: form.into(),
                lemma: lemma.into(),
                upos: upos.into(),
                xpos: xpos.into(),
                head,
                deprel: deprel.into(),
                ..Word::default()
            })
            .collect(),
        ..ConlluSentence::default()
    }
}

fn treebank() -> Vec<ConlluSentence> {
    vec![
        sent(&[
            ("The", "the", "DET", "DT", 2, "det"),
            ("rebels", "rebel", "NOUN", "NNS", 3, "nsubj"),
            ("attacked", "attack", "VERB", "VBD", 0, "root"),
            ("the", "the", "DET", "DT", 5, "det"),
            ("town", "town", "NOUN", "NN", 3, "obj"),
            (".", ".", "PUNCT", ".", 3, "punct"),
        ]),
        sent(&[
            ("Police", "police", "NOUN", "NNS", 2, "nsubj"),
            ("arrested", "arrest", "VERB", "VBD", 0, "root"),
            ("two", "two", "NUM", "CD", 4, "nummod"),
            ("men", "man", "NOUN", "NNS", 2, "obj"),
            ("in", "in", "ADP", "IN", 6, "case"),
            ("Cairo", "Cairo", "PROPN", "NNP", 2, "obl"),
            (".", ".", "PUNCT", ".", 2, "punct"),
        ]),
        sent(&[
            ("The", "the", "DET", "DT", 2, "det"),
            ("minister", "minister", "NOUN", "NN", 3, "nsubj"),
            ("said", "say", "VERB", "VBD", 0, "root"),
            ("that", "that", "SCONJ", "IN", 7, "mark"),
            ("talks", "talk", "NOUN", "NNS", 7, "nsubj"),
            ("would", "would", "AUX", "MD", 7, "aux"),
            ("resume", "resume", "VERB", "VB", 3, "ccomp"),
            (".", ".", "PUNCT", ".", 3, "punct"),
        ]),
    ]
}

/// "A hearing is scheduled on the issue today": `issue` hangs from `hearing` across the
/// verb, a classic non-projective tree.
fn non_projective() -> ConlluSentence {
    sent(&[
        ("A", "a", "DET", "DT", 2, "det"),
        ("hearing", "hearing", "NOUN", "NN", 4, "nsubj:pass"),
        ("is", "be", "AUX", "VBZ", 4, "aux:pass"),
        ("scheduled", "schedule", "VERB", "VBN", 0, "root"),
        ("on", "on", "ADP", "IN", 7, "case"),
        ("the", "the", "DET", "DT", 7, "det"),
        ("issue", "issue", "NOUN", "NN", 2, "nmod"),
        ("today", "today", "NOUN", "NN", 4, "obl:tmod"),
        (".", ".", "PUNCT", ".", 4, "punct"),
    ])
}

/// Follows the cheapest transition (ties: SHIFT, LEFT, RIGHT) from `st` to the end.
fn follow_oracle(st: &mut State, g: &Gold) -> u32 {
    let mut total = 0;
    for _ in 0..2 * st.n + 2 {
        if st.is_terminal() {
            break;
        }
        let valid = valid_moves(st);
        let cost = st.costs(&g.heads);
        let mv = (0..3)
            .filter(|&m| valid[m])
            .min_by_key(|&m| cost[m])
            .expect("a valid move exists");
        total += cost[mv];
        let label = if mv == 0 {
            0
        } else {
            let (h, d) = arc_of(st, mv);
            match (h, g.labels[d as usize]) {
                (0, _) => ROOT_LABEL,
                (_, ROOT_LABEL) => DepRel::DEP.0,
                (_, l) => l,
            }
        };
        st.apply(class_of(mv, label));
    }
    total
}

fn assert_tree(out: &[(u32, DepRel)], n: usize) {
    assert_eq!(out.len(), n);
    if n == 0 {
        return;
    }
    assert_eq!(
        out.iter().filter(|o| o.0 == 0).count(),
        1,
        "exactly one root: {out:?}"
    );
    for (i, &(h, _)) in out.iter().enumerate() {
        assert!(
            h as usize <= n && h as usize != i + 1,
            "head in range: {out:?}"
        );
        // walking up from every word reaches the root without a cycle
        let (mut cur, mut steps) = (i + 1, 0);
        while cur != 0 {
            cur = out[cur - 1].0 as usize;
            steps += 1;
            assert!(steps <= n, "cycle through word {}: {out:?}", i + 1);
        }
    }
}

#[test]
fn dynamic_oracle_reproduces_projective_trees_at_zero_cost() {
    for s in treebank() {
        let g = prepare(&s, &[], &WordClusters::default()).expect("valid sentence");
        let mut st = State::new(s.words.len());
        assert_eq!(follow_oracle(&mut st, &g), 0);
        for d in 1..=s.words.len() {
            assert_eq!(st.heads[d], g.heads[d], "head of word {d}");
            assert_eq!(st.labels[d], g.labels[d], "label of word {d}");
        }
    }
}

#[test]
fn dynamic_oracle_counts_the_arcs_a_mistake_loses() {
    // In "Police arrested two men in Cairo .", reducing `Police` onto `arrested` is right;
    // attaching `two` to `arrested` by RIGHT instead of waiting for `men` loses exactly
    // one arc, and the oracle recovers everything else from there.
    let s = &treebank()[1];
    let g = prepare(s, &[], &WordClusters::default()).expect("valid sentence");
    let mut st = State::new(s.words.len());
    st.apply(SHIFT); // Police
    assert_eq!(st.costs(&g.heads)[1], 0, "LEFT Police <- arrested is free");
    st.apply(left(27)); // nsubj
    st.apply(SHIFT); // arrested
    st.apply(SHIFT); // two
    let costs = st.costs(&g.heads);
    assert_eq!(costs[2], 1, "RIGHT arrested -> two loses two's head");
    assert_eq!(costs[1], 0, "LEFT two <- men is correct");
    st.apply(right(0));
    assert_eq!(follow_oracle(&mut st, &g), 0);
    let wrong = (1..=s.words.len())
        .filter(|&d| st.heads[d] != g.heads[d])
        .count();
    assert_eq!(wrong, 1);
}

#[test]
fn non_projective_trees_are_lifted_and_then_reproduced() {
    let s = non_projective();
    let mut heads: Vec<u32> = std::iter::once(NONE)
        .chain(s.words.iter().map(|w| w.head))
        .collect();
    assert_eq!(projectivize(&mut heads), 1);
    // `issue` (7) moves from `hearing` (2) up to `scheduled` (4); nothing else changes
    let expected: Vec<u32> = vec![NONE, 2, 4, 4, 0, 7, 7, 4, 4, 4];
    assert_eq!(heads, expected);
    let g = prepare(&s, &[], &WordClusters::default()).expect("valid sentence");
    assert_eq!(g.heads, expected);
    let mut st = State::new(s.words.len());
    assert_eq!(follow_oracle(&mut st, &g), 0);
    assert_eq!(&st.heads[1..], &expected[1..]);
    let mut projective: Vec<u32> = std::iter::once(NONE)
        .chain(treebank()[2].words.iter().map(|w| w.head))
        .collect();
    assert_eq!(projectivize(&mut projective), 0);
}

fn tiny_config() -> TrainConfig {
    // no pruning: on a few sentences every averaged weight is small
    TrainConfig {
        epochs: 10,
        seed: 7,
        prune: 0.0,
        ..TrainConfig::default()
    }
}

#[test]
fn learns_a_tiny_treebank() {
    let mut tb = treebank();
    tb.push(non_projective());
    let p = DepParser::train(&tb, &[], &tiny_config(), &mut |_| {});
    let (uas, las) = p.evaluate(&tb[..3], true);
    assert_eq!((uas, las), (1.0, 1.0));
    let words = ["The", "rebels", "attacked", "the", "town", "."];
    let lemmas = ["the", "rebel", "attack", "the", "town", "."];
    let upos = [
        Upos::Det,
        Upos::Noun,
        Upos::Verb,
        Upos::Det,
        Upos::Noun,
        Upos::Punct,
    ];
    let xpos = ["DT", "NNS", "VBD", "DT", "NN", "."];
    let out = p.parse(&words, &lemmas, &upos, &xpos);
    let heads: Vec<u32> = out.iter().map(|o| o.0).collect();
    assert_eq!(heads, [2, 3, 0, 5, 3, 3]);
    assert_eq!(out[1].1.as_str(), "nsubj");
    assert_eq!(out[2].1, DepRel::ROOT);
    assert_eq!(out[4].1.as_str(), "obj");
}

#[test]
fn training_is_deterministic_for_a_seed() {
    let tb = treebank();
    let a = DepParser::train(&tb, &[], &tiny_config(), &mut |_| {}).to_bytes();
    let b = DepParser::train(&tb, &[], &tiny_config(), &mut |_| {}).to_bytes();
    assert_eq!(a, b);
}

#[test]
fn bytes_round_trip_and_parse_the_same() {
    let tb = treebank();
    let p = DepParser::train(&tb, &[], &tiny_config(), &mut |_| {});
    let bytes = p.to_bytes();
    let q = DepParser::from_bytes(&bytes).expect("round trip");
    assert_eq!(q.to_bytes(), bytes);
    let words = ["Police", "said", "the", "rebels", "attacked", "."];
    let up = [
        Upos::Noun,
        Upos::Verb,
        Upos::Det,
        Upos::Noun,
        Upos::Verb,
        Upos::Punct,
    ];
    assert_eq!(
        p.parse(&words, &[], &up, &[]),
        q.parse(&words, &[], &up, &[])
    );
}

#[test]
fn invalid_bytes_are_an_error() {
    assert!(matches!(
        DepParser::from_bytes(b""),
        Err(DepParseError::Decode(_))
    ));
    assert!(DepParser::from_bytes(b"not a parser at all, just some bytes").is_err());
    let bytes = DepParser::train(&treebank(), &[], &tiny_config(), &mut |_| {}).to_bytes();
    assert!(DepParser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    let mut wrong_version = bytes.clone();
    wrong_version[0] ^= 0x55;
    assert!(matches!(
        DepParser::from_bytes(&wrong_version),
        Err(DepParseError::Version { .. })
    ));
}

#[test]
fn any_input_gives_a_single_rooted_tree() {
    let trained = DepParser::train(&treebank(), &[], &tiny_config(), &mut |_| {});
    let untrained = DepParser::train(&[], &[], &tiny_config(), &mut |_| {});
    for p in [&trained, &untrained] {
        assert!(p.parse(&[], &[], &[], &[]).is_empty());
        assert_eq!(p.parse(&["Hi"], &[], &[], &[]), vec![(0, DepRel::ROOT)]);
        for n in [2usize, 3, 17, 500] {
            let words: Vec<String> = (0..n)
                .map(|i| ["the", "men", "ran", ",", "and", "ü"][i % 6].to_string())
                .collect();
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            // mismatched and unknown annotations are tolerated
            let up = vec![Upos::X; n / 2];
            let out = p.parse(&refs, &refs[..n / 3], &up, &["??"]);
            assert_tree(&out, n);
        }
    }
}

#[test]
fn parses_share_across_threads() {
    fn is_send_sync<T: Send + Sync>() {}
    is_send_sync::<DepParser>();
}

#[test]
fn jackknife_tags_each_fold_with_a_tagger_that_never_saw_it() {
    let tb = treebank();
    // the "tagger" remembers the first word of its training data and tags everything X
    let out = jackknife(
        &tb,
        3,
        |rest| {
            Ok::<_, ()>(
                rest.iter()
                    .map(|s| s.words[0].form.clone())
                    .collect::<Vec<_>>(),
            )
        },
        |seen, words| {
            assert!(
                !seen.iter().any(|f| f == words[0] && words.len() == 7),
                "fold leaked"
            );
            words
                .iter()
                .map(|w| (Upos::X, "XX".to_string(), w.to_lowercase()))
                .collect()
        },
    )
    .expect("jackknife");
    assert_eq!(out.len(), tb.len());
    assert!(out
        .iter()
        .flat_map(|s| &s.words)
        .all(|w| w.upos == "X" && w.xpos == "XX"));
    assert_eq!(out[1].words[0].lemma, "police");
    assert_eq!(out[1].words[0].head, tb[1].words[0].head);
}

fn tiny_clusters() -> Arc<WordClusters> {
    let sents: Vec<Vec<String>> = treebank()
        .iter()
        .chain(treebank().iter())
        .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
        .collect();
    let cfg = crate::clusters::ClusterConfig {
        coarse: 3,
        fine: 5,
        min_count: 1,
        iterations: 3,
        hierarchy: false,
    };
    Arc::new(WordClusters::induce(&sents, &cfg, &|_| {}))
}

fn sample_parses(p: &DepParser) -> Vec<Vec<(u32, DepRel)>> {
    let mut tb = treebank();
    tb.push(non_projective());
    tb.iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let lemmas: Vec<&str> = s.words.iter().map(|w| w.lemma.as_str()).collect();
            let upos: Vec<Upos> = s
                .words
                .iter()
                .map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X))
                .collect();
            let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
            p.parse(&words, &lemmas, &upos, &xpos)
        })
        .collect()
}

#[test]
fn clusters_are_stored_with_the_parser() {
    let c = tiny_clusters();
    assert!(!c.is_empty());
    let p =
        DepParser::train_with_clusters(&treebank(), &[], &tiny_config(), c.clone(), &mut |_| {});
    let q = DepParser::from_bytes(&p.to_bytes()).expect("round trip");
    assert_eq!(q.clusters(), &*c);
    assert_eq!(sample_parses(&p), sample_parses(&q));
    let (uas, _) = q.evaluate(&treebank(), true);
    assert_eq!(uas, 1.0);
}

#[test]
fn mixing_a_parser_with_itself_parses_the_same() {
    let p = DepParser::train_with_clusters(
        &treebank(),
        &[],
        &tiny_config(),
        tiny_clusters(),
        &mut |_| {},
    );
    let m = DepParser::mix(&[p.clone(), p.clone(), p.clone()], 0.0).expect("mix");
    assert_eq!(sample_parses(&m), sample_parses(&p));
    let one = DepParser::mix(std::slice::from_ref(&p), 0.0).expect("mix one");
    assert_eq!(one.to_bytes(), p.to_bytes());
}

#[test]
fn mixing_is_deterministic_and_checks_its_input() {
    let c = tiny_clusters();
    let train = |seed: u64| {
        let cfg = TrainConfig {
            seed,
            ..tiny_config()
        };
        DepParser::train_with_clusters(&treebank(), &[], &cfg, c.clone(), &mut |_| {})
    };
    let (a, b) = (train(1), train(2));
    let m1 = DepParser::mix(&[a.clone(), b.clone()], 0.1).expect("mix");
    let m2 = DepParser::mix(&[a.clone(), b.clone()], 0.1).expect("mix");
    assert_eq!(m1.to_bytes(), m2.to_bytes());
    assert_tree(&sample_parses(&m1)[0], 6);
    assert!(matches!(
        DepParser::mix(&[], 0.0),
        Err(DepParseError::Mix(_))
    ));
    let plain = DepParser::train(&treebank(), &[], &tiny_config(), &mut |_| {});
    assert!(matches!(
        DepParser::mix(&[a, plain], 0.0),
        Err(DepParseError::Mix(_))
    ));
}

#[test]
fn an_older_payload_is_refused_with_a_version_error() {
    // format 1 / feature set 2, then arrays this version cannot read
    let mut old = Vec::new();
    old.extend_from_slice(&1u32.to_le_bytes());
    old.extend_from_slice(&2u32.to_le_bytes());
    old.extend_from_slice(&[0u8; 40]);
    let err = DepParser::from_bytes(&old).unwrap_err();
    assert!(matches!(err, DepParseError::Version { .. }), "{err}");
    assert!(err.to_string().contains("retrain"), "{err}");
}

fn tiny_supertagger(seed: u64) -> Arc<crate::tagger::Tagger> {
    let cfg = crate::tagger::TaggerConfig {
        epochs: 4,
        seed,
        tagdict_min_count: 1000,
        ..Default::default()
    };
    let t = crate::supertag::train(&treebank(), &[], "tiny", &cfg, |_| {}).expect("supertagger");
    Arc::new(t)
}

fn gold_supertags() -> Vec<Vec<String>> {
    treebank()
        .iter()
        .map(crate::supertag::of_sentence)
        .collect()
}

#[test]
fn a_supertagged_parser_stores_its_supertagger_and_parses_the_same_after_loading() {
    let st = tiny_supertagger(1);
    let tags = gold_supertags();
    let p = DepParser::train_supertagged(
        &treebank(),
        &[],
        &tiny_config(),
        tiny_clusters(),
        Some((st.clone(), &tags)),
        &mut |_| {},
    );
    let q = DepParser::from_bytes(&p.to_bytes()).expect("round trip");
    let loaded = q.supertagger().expect("supertagger stored");
    let words = ["Police", "arrested", "two", "men", "."];
    assert_eq!(
        crate::supertag::predict(loaded, &words),
        crate::supertag::predict(&st, &words)
    );
    assert_eq!(sample_parses(&p), sample_parses(&q));
    let (uas, _) = q.evaluate(&treebank(), true);
    assert_eq!(uas, 1.0);
    // a parser trained without supertags has no supertagger
    assert!(
        DepParser::train(&treebank(), &[], &tiny_config(), &mut |_| {})
            .supertagger()
            .is_none()
    );
}

#[test]
fn supertags_of_the_wrong_length_train_without_them_and_parsers_with_other_supertaggers_do_not_mix()
{
    let c = tiny_clusters();
    let short: Vec<Vec<String>> = vec![vec!["det/R".into()]];
    let train = |st: Arc<crate::tagger::Tagger>, tags: &[Vec<String>]| {
        DepParser::train_supertagged(
            &treebank(),
            &[],
            &tiny_config(),
            c.clone(),
            Some((st, tags)),
            &mut |_| {},
        )
    };
    let st = tiny_supertagger(1);
    let odd = train(st.clone(), &short);
    assert_tree(&sample_parses(&odd)[0], 6);
    let a = train(st.clone(), &gold_supertags());
    let same = DepParser::mix(&[a.clone(), odd], 0.0);
    assert!(same.is_ok());
    let mut other_tb = treebank();
    other_tb.truncate(1);
    let cfg = crate::tagger::TaggerConfig {
        epochs: 2,
        ..Default::default()
    };
    let other = Arc::new(
        crate::supertag::train(&other_tb, &[], "other", &cfg, |_| {}).expect("supertagger"),
    );
    let b = train(other, &gold_supertags());
    assert!(matches!(
        DepParser::mix(&[a, b], 0.0),
        Err(DepParseError::Mix(_))
    ));
}

#[test]
fn a_format_2_payload_loads_as_a_parser_without_supertagger() {
    let p = DepParser::train(&treebank(), &[], &tiny_config(), &mut |_| {});
    let mut old = p.to_bytes();
    // format 2 is format 3 without the trailing (here empty) supertagger bytes
    old.truncate(old.len() - 8);
    old[..4].copy_from_slice(&2u32.to_le_bytes());
    let q = DepParser::from_bytes(&old).expect("format 2 loads");
    assert!(q.supertagger().is_none());
    assert_eq!(sample_parses(&p), sample_parses(&q));
    assert_eq!(q.to_bytes(), p.to_bytes());
}

#[test]
fn a_nominal_takes_obl_or_nmod_only_with_a_case_child() {
    let lab = |n: &str| DepRel::parse(n).map(|r| r.0).unwrap_or(u8::MAX);
    let (obl, obj, case) = (lab("obl"), lab("obj"), lab("case"));
    // "troops in Kabul": `in` becomes Kabul's case child; troops has none
    let words = ["troops", "in", "Kabul"];
    let upos = [Upos::Noun, Upos::Adp, Upos::Propn].map(|u| u.index() as u8);
    let atoms = features::Atoms::new(
        &words,
        &words,
        &upos,
        &["NNS", "IN", "NNP"],
        &[],
        &WordClusters::default(),
    );
    let mut st = State::new(3);
    st.apply(SHIFT);
    st.apply(SHIFT);
    st.apply(left(case));
    let bit = |l: u8| 1u128 << l;
    assert_eq!(forbidden_labels(&st, &atoms, 3), 0);
    assert_ne!(forbidden_labels(&st, &atoms, 1) & bit(obl), 0);
    assert_eq!(forbidden_labels(&st, &atoms, 1) & bit(obj), 0);
    // a preposition itself is no nominal: nothing is forbidden
    assert_eq!(forbidden_labels(&st, &atoms, 2), 0);
    // the best allowed label wins, and with every candidate forbidden the best of all
    let mut scores = vec![0i32; NLABELS];
    scores[obl as usize] = 5;
    scores[obj as usize] = 3;
    assert_eq!(best_label(&[obl, obj], &scores, bit(obl)), obj);
    assert_eq!(best_label(&[obl, obj], &scores, 0), obl);
    assert_eq!(best_label(&[obl], &scores, bit(obl)), obl);
    assert_eq!(best_label(&[], &scores, 0), DepRel::DEP.0);
    // against the plain definition: the first best allowed, else the first best of all
    let mut next = crate::xorshift(0x51_7CC1_B727_220A);
    for _ in 0..2000 {
        let scores: Vec<i32> = (0..NLABELS)
            .map(|_| match next() % 5 {
                0 => i32::MIN,
                k => k as i32 - 2,
            })
            .collect();
        let cands: Vec<u8> = (0..next() % 6)
            .map(|_| (next() % NLABELS as u64) as u8)
            .collect();
        let forbid = if next().is_multiple_of(2) {
            0
        } else {
            next() as u128 * next() as u128
        };
        let first_best = |ok: &dyn Fn(u8) -> bool| {
            let mut best: Option<(u8, i32)> = None;
            for &l in cands.iter().filter(|&&l| ok(l)) {
                if best.is_none_or(|(_, b)| scores[l as usize] > b) {
                    best = Some((l, scores[l as usize]));
                }
            }
            best.map(|b| b.0)
        };
        let want = first_best(&|l| forbid >> l & 1 == 0)
            .or(first_best(&|_| true))
            .unwrap_or(DepRel::DEP.0);
        assert_eq!(
            best_label(&cands, &scores, forbid),
            want,
            "{cands:?} {forbid:x}"
        );
    }
}

#[test]
fn split_features_with_the_one_token_ones_are_the_full_feature_set() {
    // along the oracle's path through every training sentence, with and without
    // supertags: the features of `extract_split` plus each slot's one-token features of
    // its token are those of `extract`, as a multiset
    for sup in [false, true] {
        let mut seen_slots = 0;
        for s in treebank().iter().chain([&non_projective()]) {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let lemmas: Vec<&str> = s.words.iter().map(|w| w.lemma.as_str()).collect();
            let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
            let upos: Vec<u8> = (0..words.len()).map(|i| (i % 17) as u8).collect();
            let tags: Vec<&str> = if sup { xpos.clone() } else { Vec::new() };
            let atoms =
                features::Atoms::new(&words, &lemmas, &upos, &xpos, &tags, &tiny_clusters());
            let heads: Vec<u32> = std::iter::once(0)
                .chain(s.words.iter().map(|w| w.head))
                .collect();
            let mut st = State::new(words.len());
            let uni = features::unigrams(sup);
            for _ in 0..2 * words.len() + 2 {
                if st.is_terminal() {
                    break;
                }
                let (mut full, mut split) = (Vec::new(), Vec::new());
                features::extract(&st, &atoms, &mut full);
                let slots = features::extract_split(&st, &atoms, &mut split);
                for (slot, &t) in slots.iter().enumerate() {
                    uni.push(slot, &atoms, t, &mut split);
                    seen_slots += usize::from(t != NONE);
                }
                full.sort_unstable();
                split.sort_unstable();
                assert_eq!(full, split);
                let valid = valid_moves(&st);
                let cost = st.costs(&heads);
                let mv = (0..3)
                    .filter(|&m| valid[m])
                    .min_by_key(|&m| cost[m])
                    .expect("a valid move exists");
                st.apply(class_of(mv, if mv == 0 { 0 } else { DepRel::DEP.0 }));
            }
        }
        assert!(seen_slots > 100);
    }
}
