//! Tests on hand-built documents.

use super::*;
use jirga_doc::{ActorKind, ActorMention, DepRel, DocMeta, Sentence, Upos};

/// A small tokenizer for tests: white space, then trailing punctuation and a
/// possessive `'s` split off; a sentence ends at `.`, `!` or `?`.
pub(crate) fn doc(text: &str, date: Option<&str>) -> Doc {
    let mut meta = DocMeta::with_id("t");
    meta.date = date.map(str::to_string);
    let mut d = Doc::new(meta, text.to_string());
    let mut pos = 0usize;
    for word in text.split_whitespace() {
        let start = pos + text[pos..].find(word).unwrap_or(0);
        pos = start + word.len();
        let mut w_end = start + word.len();
        let mut tail = Vec::new();
        while w_end > start {
            let c = text[..w_end].chars().next_back().unwrap();
            if ".,;:!?\"”".contains(c) && !(c == '.' && text[start..w_end].matches('.').count() > 1)
            {
                tail.push((w_end - c.len_utf8(), w_end));
                w_end -= c.len_utf8();
            } else {
                break;
            }
        }
        let core = &text[start..w_end];
        let poss = ["'s", "’s"]
            .iter()
            .find_map(|s| core.strip_suffix(s).map(|c| (c.len(), s.len())));
        match poss {
            Some((n, _)) if n > 0 => {
                d.tokens.push(
                    start as u32,
                    (start + n) as u32,
                    false,
                    &text[start..start + n],
                );
                d.tokens.push(
                    (start + n) as u32,
                    w_end as u32,
                    tail.is_empty(),
                    text[start + n..w_end].replace('’', "'"),
                );
            }
            _ => {
                if w_end > start {
                    d.tokens
                        .push(start as u32, w_end as u32, tail.is_empty(), core);
                }
            }
        }
        for (k, (a, b)) in tail.iter().rev().enumerate() {
            d.tokens
                .push(*a as u32, *b as u32, k + 1 == tail.len(), &text[*a..*b]);
        }
    }
    let mut s0 = 0u32;
    for i in 0..d.tokens.len() {
        if matches!(d.tokens.norm[i].as_str(), "." | "!" | "?") {
            d.sentences.push(Sentence {
                start: s0,
                end: i as u32 + 1,
            });
            s0 = i as u32 + 1;
        }
    }
    if (s0 as usize) < d.tokens.len() {
        d.sentences.push(Sentence {
            start: s0,
            end: d.tokens.len() as u32,
        });
    }
    d.stamp("text", "test", Layers::TOKENS | Layers::SENTS);
    d.check_invariants().unwrap();
    d
}

/// The main files and this crate's own example people: tests do not depend on the
/// people files being written at the same time by others.
fn dict() -> &'static ActorDict {
    static DICT: std::sync::OnceLock<ActorDict> = std::sync::OnceLock::new();
    DICT.get_or_init(|| {
        let mut files: Vec<(&str, &str)> = builtin::MAIN_FILES.to_vec();
        files.extend(
            builtin::PEOPLE_FILES
                .iter()
                .filter(|(n, _)| n.ends_with("_actors-examples.txt")),
        );
        ActorDict::from_sources(&files).unwrap()
    })
}

#[test]
fn test_actors_builtin_loads() {
    if let Err(e) = ActorDict::builtin() {
        panic!("the embedded dictionaries do not load: {e}");
    }
}

fn run(text: &str, date: Option<&str>) -> (Doc, Vec<ActorMention>) {
    let mut d = doc(text, date);
    dict().annotate(&mut d).unwrap();
    let m = d.mentions.clone();
    (d, m)
}

fn show(d: &Doc, m: &[ActorMention]) -> Vec<(String, String)> {
    m.iter()
        .map(|m| (d.span_text(m.start, m.end).to_string(), m.code.clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn test_actors_title_with_unknown_person_is_one_mention() {
    let (d, m) = run(
        "Khalilzad met Russia's Deputy Foreign Minister Igor Morgulov in Moscow.",
        Some("2019-01-25"),
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Khalilzad", "USAGOV"),
            ("Russia's Deputy Foreign Minister Igor Morgulov", "RUSGOV"),
            ("Moscow", "RUS"),
        ])
    );
    assert_eq!(m[1].kind, ActorKind::Person);
    assert_eq!(m[1].name.as_deref(), Some("Igor Morgulov"));
    assert_eq!(m[1].country.as_deref(), Some("RUS"));
    assert_eq!(m[1].sectors, vec!["GOV".to_string()]);
    assert_eq!(m[2].kind, ActorKind::Capital);
    assert_eq!(m[2].name.as_deref(), Some("Moscow"));
    assert_eq!(m[2].entries.last().map(String::as_str), Some("capital"));
}

#[test]
fn test_actors_adjective_and_role_compose() {
    let (d, m) = run(
        "Russia trained the Afghan security forces and met Russian officials.",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Russia", "RUS"),
            ("Afghan security forces", "AFGMIL"),
            ("Russian officials", "RUSGOV"),
        ])
    );
    assert!(m[1].plural);
    assert_eq!(m[0].kind, ActorKind::Country);
}

#[test]
fn test_actors_known_groups() {
    let (d, m) = run("Moscow has contacts with the Taliban and Hamas.", None);
    assert_eq!(
        show(&d, &m),
        pairs(&[("Moscow", "RUS"), ("Taliban", "TAL"), ("Hamas", "PSEHMS")])
    );
    assert_eq!(m[1].kind, ActorKind::Group);
    assert!(m[2].code.starts_with("PSE"));
}

#[test]
fn test_actors_group_code_changes_when_governing() {
    let (_, m) = run("The Taliban said so.", Some("2023-05-01"));
    assert_eq!(m[0].code, "AFGGOV");
    let (_, m) = run("The Taliban said so.", Some("2019-05-01"));
    assert_eq!(m[0].code, "TAL");
}

#[test]
fn test_actors_role_word_after_a_given_name_is_the_surname() {
    // no tagger here (has_upos is false), so the capital alone marks the name
    let (d, m) = run(
        "British Defence Secretary Tom King has promised to continue aid.",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[("British Defence Secretary Tom King", "GBRGOVMIL")])
    );
    assert_eq!(m[0].name.as_deref(), Some("Tom King"));
    // a title before the name stays a title
    let (d, m) = run("Jordan's King Abdullah met Blair.", None);
    assert_eq!(show(&d, &m)[0].1, "JORGOV");
}

#[test]
fn test_actors_title_prepositional_phrase_then_person() {
    let (d, m) = run(
        "US Special Envoy for peace in Afghanistan Zalmay Khalilzad has discussed the peace process.",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[(
            "US Special Envoy for peace in Afghanistan Zalmay Khalilzad",
            "USAGOV"
        )])
    );
    assert_eq!(m[0].name.as_deref(), Some("Zalmay Khalilzad"));
    assert_eq!(m[0].head, m[0].end - 1);
}

#[test]
fn test_actors_dated_person() {
    let (_, m) = run("Khalilzad arrived.", Some("2019-02-01"));
    assert_eq!(m[0].code, "USAGOV");
    assert_eq!(m[0].kind, ActorKind::Person);
    assert_eq!(m[0].name.as_deref(), Some("Zalmay Khalilzad"));
    // Between offices the default affiliation applies.
    let (_, m) = run("Khalilzad arrived.", Some("2012-06-01"));
    assert_eq!(m[0].code, "USA");
}

#[test]
fn test_actors_office_switch_after_election() {
    let code = |date: &str| run("Biden spoke.", Some(date)).1[0].code.clone();
    assert_eq!(code("2005-03-01"), "USALEG");
    assert_eq!(code("2012-03-01"), "USAGOV");
    assert_eq!(code("2019-03-01"), "USA");
    assert_eq!(code("2022-03-01"), "USAGOV");
    // No date: the most recent office.
    assert_eq!(run("Biden spoke.", None).1[0].code, "USAGOV");
}

#[test]
fn test_actors_ministry_in_capital() {
    let (d, m) = run(
        "Khalilzad has discussed the peace process, the Foreign Ministry in Moscow says.",
        Some("2019-01-01"),
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Khalilzad", "USAGOV"),
            ("Foreign Ministry in Moscow", "RUSGOV")
        ])
    );
}

#[test]
fn test_actors_seats_of_government() {
    let (d, m) = run(
        "The Kremlin and the White House disagreed, the Pentagon said, and Downing Street too.",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Kremlin", "RUSGOV"),
            ("White House", "USAGOV"),
            ("Pentagon", "USAMIL"),
            ("Downing Street", "GBRGOV"),
        ])
    );
}

#[test]
fn test_actors_hyphenated_pair_gives_two_mentions() {
    let (d, m) = run("They discussed Washington-Moscow cooperation.", None);
    let codes: Vec<&str> = m.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["USA", "RUS"]);
    assert_eq!(d.span_text(m[0].start, m[0].end), "Washington-Moscow");
    assert_eq!(m[0].name.as_deref(), Some("Washington"));
    assert_eq!(m[1].name.as_deref(), Some("Moscow"));
}

#[test]
fn test_actors_stance_prefix_is_not_nationality() {
    let (_, m) = run("An anti-Syria journalist met pro-Iranian militias.", None);
    assert!(
        m.iter()
            .all(|m| !m.code.starts_with("SYR") && !m.code.starts_with("IRN")),
        "{m:?}"
    );
    let (_, m) = run("The US-led coalition met.", None);
    assert!(m.iter().any(|m| m.code.starts_with("USA")), "{m:?}");
}

#[test]
fn test_actors_leader_name_owns_the_government() {
    let d = ActorDict::builtin().unwrap();
    let mut doc = doc(
        "The Bush administration declared that China must act.",
        None,
    );
    d.annotate(&mut doc).unwrap();
    let show: Vec<(String, String)> = doc
        .mentions
        .iter()
        .map(|m| (doc.span_text(m.start, m.end).to_string(), m.code.clone()))
        .collect();
    assert!(
        show.iter()
            .any(|(t, c)| t == "Bush administration" && c == "USAGOV"),
        "{show:?}"
    );
}

#[test]
fn test_actors_case_matters() {
    let (d, m) = run(
        "Tell us what the US and the UN want; is it IS or Chad or a chad?",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("US", "USA"),
            ("UN", "UNO"),
            ("IS", "IMGISI"),
            ("Chad", "TCD")
        ])
    );
    let (_, m) = run("The U.S. and the United States of America.", None);
    let codes: Vec<&str> = m.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["USA", "USA"]);
}

#[test]
fn test_actors_longest_match_wins() {
    let (d, m) = run(
        "Latin America and the Democratic Republic of the Congo and al-Qaeda.",
        None,
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Latin America", "LAM"),
            ("Democratic Republic of the Congo", "COD"),
            ("al-Qaeda", "IMGALQ"),
        ])
    );
}

#[test]
fn test_actors_a_group_leader_has_the_group_code() {
    // The people dictionaries and the group dictionary must agree on a group's code:
    // a leader is coded as the group he leads.
    let Ok(all) = ActorDict::builtin() else {
        panic!("the embedded dictionaries do not load");
    };
    let mut d = doc(
        "Osama bin Laden's al-Qaeda and Abu Bakr al-Baghdadi's Islamic State.",
        Some("2015-01-01"),
    );
    all.annotate(&mut d).unwrap();
    let m = d.mentions.clone();
    let codes: std::collections::HashMap<String, String> = show(&d, &m).into_iter().collect();
    assert_eq!(
        codes.get("Osama bin Laden"),
        codes.get("al-Qaeda"),
        "{codes:?}"
    );
    assert_eq!(codes.get("al-Qaeda").map(String::as_str), Some("IMGALQ"));
    assert_eq!(
        codes.get("Abu Bakr al-Baghdadi"),
        codes.get("Islamic State"),
        "{codes:?}"
    );
}

#[test]
fn test_actors_igos() {
    let (_, m) = run("NATO, the EU and the African Union met the IMF.", None);
    let codes: Vec<&str> = m.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["NAT", "EUR", "AFR", "IMF"]);
    assert!(m.iter().all(|m| m.kind == ActorKind::Igo));
}

#[test]
fn test_actors_them_resolves_to_taliban() {
    let (d, m) = run(
        "Russia has allegedly shared intelligence with the Taliban, and there has been much media reports that Moscow has even armed them.",
        None,
    );
    let them = m
        .iter()
        .position(|x| d.span_text(x.start, x.end) == "them")
        .unwrap();
    assert_eq!(m[them].kind, ActorKind::Reference);
    assert_eq!(m[them].code, "TAL");
    let a = m[them].antecedent.unwrap() as usize;
    assert_eq!(d.span_text(m[a].start, m[a].end), "Taliban");
}

#[test]
fn test_actors_the_militants_and_the_group() {
    let (d, m) = run(
        "Russia's contact with the Taliban has given the militants legitimacy. The group welcomed it.",
        None,
    );
    let got = show(&d, &m);
    assert!(
        got.contains(&("the militants".to_string(), "TAL".to_string())),
        "{got:?}"
    );
    assert!(
        got.contains(&("The group".to_string(), "TAL".to_string())),
        "{got:?}"
    );
    assert!(m
        .iter()
        .filter(|x| x.kind == ActorKind::Reference)
        .all(|x| x.antecedent.is_some()));
}

#[test]
fn test_actors_the_diplomats_resolve_to_several() {
    let (d, m) = run(
        "Khalilzad met Russia's Deputy Foreign Minister Igor Morgulov in Moscow. The diplomats reviewed the situation.",
        Some("2019-01-25"),
    );
    let refs: Vec<&str> = m
        .iter()
        .filter(|x| d.span_text(x.start, x.end) == "The diplomats")
        .map(|x| x.code.as_str())
        .collect();
    assert_eq!(refs, ["USAGOV", "RUSGOV"]);
}

#[test]
fn test_actors_unresolved_pronoun_is_left_out() {
    let (_, m) = run("He said they would come.", None);
    assert!(m.is_empty(), "{m:?}");
}

#[test]
fn test_actors_person_pronoun() {
    let (d, m) = run(
        "Khalilzad arrived on Friday. He met officials.",
        Some("2019-01-25"),
    );
    let he = m
        .iter()
        .find(|x| d.span_text(x.start, x.end) == "He")
        .unwrap();
    assert_eq!(he.code, "USAGOV");
    assert_eq!(he.kind, ActorKind::Reference);
}

#[test]
fn test_actors_head_from_dependency_tree() {
    // "Russian officials met Khalilzad": officials heads the mention.
    let mut d = doc("Russian officials met Khalilzad", Some("2019-01-01"));
    d.tokens.reset_parse_columns();
    d.tokens.head = vec![1, 2, 2, 2];
    d.tokens.deprel = ["amod", "nsubj", "root", "obj"]
        .iter()
        .map(|r| DepRel::parse(r).unwrap())
        .collect();
    d.tokens.upos = vec![Upos::Adj, Upos::Noun, Upos::Verb, Upos::Propn];
    d.stamp("parse", "test", Layers::LEMMA | Layers::UPOS | Layers::DEPS);
    dict().annotate(&mut d).unwrap();
    assert_eq!(d.mentions.len(), 2);
    assert_eq!(d.mentions[0].head, 1);
    assert_eq!(d.mentions[0].code, "RUSGOV");
    assert!(d.layers.contains(Layers::ACTORS));
    assert_eq!(d.stamps.last().unwrap().version, dict().version());
}

#[test]
fn test_actors_needs_tokens() {
    let mut d = Doc::new(DocMeta::with_id("x"), "Russia".into());
    assert!(dict().annotate(&mut d).is_err());
}

#[test]
fn test_actors_lookup_place() {
    let dict = dict();
    assert_eq!(
        dict.lookup_place("Moscow"),
        Some(("RUS".into(), Some("Moscow".into())))
    );
    assert_eq!(dict.lookup_place("Afghanistan"), Some(("AFG".into(), None)));
    assert_eq!(
        dict.lookup_place("Kandahar"),
        Some(("AFG".into(), Some("Kandahar".into())))
    );
    assert_eq!(
        dict.lookup_place("the Netherlands"),
        Some(("NLD".into(), None))
    );
    assert_eq!(dict.lookup_place("Atlantis"), None);
}

#[test]
fn test_actors_version_and_stats() {
    let dict = dict();
    assert!(dict.version().starts_with("actors-"), "{}", dict.version());
    assert!(dict.version().contains('+'));
    let stats = dict.stats();
    let agents = stats.iter().find(|(f, _)| f == "agents.txt").unwrap().1;
    assert!(agents > 250, "{agents}");
    // Same sources, same version; a changed file changes it.
    let a =
        ActorDict::from_sources(&[("x.txt", "# version: 2\ncountry AFG : Afghanistan\n")]).unwrap();
    let b = ActorDict::from_sources(&[(
        "x.txt",
        "# version: 2\ncountry AFG : Afghanistan ; Afghanland\n",
    )])
    .unwrap();
    assert!(a.version().starts_with("actors-2+"));
    assert_ne!(a.version(), b.version());
}

#[test]
fn test_actors_load_reports_file_and_line() {
    let dir = std::env::temp_dir().join(format!("jirga-actors-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("people")).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "# version: 1\ncountry AFG : Afghanistan\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("people/p.txt"),
        "# version: 1\n= Jane Roe ; Roe\n  2001..2002 AFGGOV x\n",
    )
    .unwrap();
    let d = ActorDict::load(&dir).unwrap();
    assert_eq!(
        d.stats(),
        vec![("a.txt".to_string(), 1), ("people/p.txt".to_string(), 1)]
    );
    std::fs::write(dir.join("b.txt"), "# version: 1\ncountry AFG Afghanistan\n").unwrap();
    let err = ActorDict::load(&dir).unwrap_err().to_string();
    assert!(err.starts_with("b.txt:2:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(ActorDict::load(&dir).is_err());
}

#[test]
fn test_actors_survives_odd_input() {
    let dict = dict();
    for text in [
        "",
        "'s 's - - . ,",
        "the the the group",
        "Mr. ---- U.S.A. ’’ ‘",
        "ISIS-K-ISIS-K- Kabul-",
    ] {
        let mut d = doc(text, Some("not a date"));
        dict.annotate(&mut d).unwrap();
        d.check_invariants().unwrap();
    }
}

#[test]
fn test_actors_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<ActorDict>();
}

#[test]
fn test_actors_coordinated_owners_share_the_role() {
    let (d, m) = run("Senior Hungarian and Romanian officials agreed.", None);
    assert_eq!(
        show(&d, &m),
        pairs(&[("Hungarian", "HUNGOV"), ("Romanian officials", "ROUGOV")])
    );
}

#[test]
fn test_actors_other_first_name_is_not_the_known_person() {
    // The examples file knows Zamir Kabulov; "Ivan Kabulov" is someone else.
    let (_, m) = run("Russian envoy Ivan Kabulov spoke.", Some("2019-01-01"));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].name.as_deref(), Some("Ivan Kabulov"));
    assert_eq!(m[0].code, "RUSGOV");
    // One letter off (a typo in the source) still finds him.
    let (_, m) = run(
        "Presidential Envoy Zamlr Kabulov spoke.",
        Some("2019-01-01"),
    );
    assert_eq!(m[0].name.as_deref(), Some("Zamir Kabulov"));
}

#[test]
fn test_actors_roles_match_whole_tokens_only() {
    let (d, m) = run("A state-owned Egyptian newspaper said.", None);
    assert_eq!(show(&d, &m), pairs(&[("Egyptian newspaper", "EGYMED")]));
}

#[test]
fn test_actors_organisation_name_is_not_a_person() {
    let (d, m) = run("He met the rebel Revolutionary United Front.", None);
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("rebel", "REB"),
            ("Revolutionary United Front", "SLEREBRUF")
        ])
    );
}

#[test]
fn test_actors_possessive_her_is_not_a_reference() {
    let (d, m) = run(
        "Khalilzad arrived. Her visit surprised him.",
        Some("2019-01-25"),
    );
    let refs: Vec<&str> = m
        .iter()
        .filter(|x| x.kind == ActorKind::Reference)
        .map(|x| d.span_text(x.start, x.end))
        .collect();
    assert_eq!(refs, ["him"]);
    let (_, m) = run(
        "Khalilzad arrived. They thanked her for it.",
        Some("2019-01-25"),
    );
    assert_eq!(
        m.iter().filter(|x| x.kind == ActorKind::Reference).count(),
        1
    );
}

fn tagged(text: &str, tags: &[(Upos, &str)]) -> Doc {
    let mut d = doc(text, None);
    assert_eq!(d.tokens.len(), tags.len(), "{:?}", d.tokens.norm);
    d.tokens.reset_parse_columns();
    d.tokens.upos = tags.iter().map(|t| t.0).collect();
    d.tokens.xpos = tags.iter().map(|t| t.1.to_string()).collect();
    d.stamp("parse", "test", Layers::UPOS);
    d
}

#[test]
fn test_actors_country_as_collective_needs_tags_and_no_plural_noun_between() {
    use Upos::*;
    let tags = [
        (Propn, "NNP"),
        (Verb, "VBD"),
        (Det, "DT"),
        (Noun, "NN"),
        (Punct, "."),
        (Pron, "PRP"),
        (Verb, "VBD"),
        (Adv, "RB"),
        (Punct, "."),
    ];
    let mut d = tagged("Iran rejected the plan. They said so.", &tags);
    dict().annotate(&mut d).unwrap();
    assert_eq!(d.mentions.len(), 2);
    assert_eq!(d.mentions[1].code, "IRN");
    assert_eq!(d.mentions[1].kind, ActorKind::Reference);
    let mut tags2 = tags;
    tags2[3] = (Noun, "NNS");
    let mut d = tagged("Iran rejected the talks. They said so.", &tags2);
    dict().annotate(&mut d).unwrap();
    assert_eq!(d.mentions.len(), 1, "{:?}", d.mentions);
    // Without tags a country is not taken for "they".
    let (_, m) = run("Iran rejected the plan. They said so.", None);
    assert_eq!(m.len(), 1);
}

#[test]
fn test_actors_person_owns_a_role() {
    let (d, m) = run(
        "Kabulov's ministry and Biden's aides disagreed.",
        Some("2022-01-01"),
    );
    assert_eq!(
        show(&d, &m),
        pairs(&[
            ("Kabulov's ministry", "RUSGOV"),
            ("Biden's aides", "USAGOV")
        ])
    );
}

#[test]
fn test_actors_role_takes_the_only_country_of_the_document() {
    let (d, m) = run(
        "Judge Alejandro Rivera charged 28 Chilean officials.",
        Some("2000-01-01"),
    );
    assert_eq!(m[0].code, "CHLJUD", "{:?}", show(&d, &m));
    assert_eq!(m[0].country.as_deref(), Some("CHL"));
    assert!(m[0].entries.iter().any(|e| e == "doc-country"));
    // Two countries: the document does not say whose judge.
    let (d, m) = run(
        "Judge Alejandro Rivera charged Chilean and Peruvian officials.",
        None,
    );
    assert_eq!(m[0].code, "JUD", "{:?}", show(&d, &m));
    assert_eq!(m[0].country, None);
}

#[test]
fn test_actors_misspelt_surname_after_a_title_finds_the_person() {
    let (_, m) = run("Envoy Zalmay Khalilzaad arrived.", Some("2019-01-01"));
    assert_eq!(m[0].name.as_deref(), Some("Zalmay Khalilzad"));
    assert_eq!(m[0].code, "USAGOV");
    // Other first names: someone else.
    let (_, m) = run("Envoy Ivan Khalilzaad arrived.", Some("2019-01-01"));
    assert_eq!(m[0].name.as_deref(), Some("Ivan Khalilzaad"));
}

#[test]
fn test_actors_title_names_the_office_out_of_date() {
    // Out of office on the date: the title says which office the text means.
    let (_, m) = run("President Biden spoke.", Some("2018-06-01"));
    assert_eq!(m[0].code, "USAGOV");
    // No title: the default.
    let (_, m) = run("Biden spoke.", Some("2018-06-01"));
    assert_eq!(m[0].code, "USA");
}

#[test]
fn test_actors_led_joins_owner_and_role() {
    let (d, m) = run("Vietnamese-led forces took the village.", None);
    assert_eq!(show(&d, &m), pairs(&[("Vietnamese-led forces", "VNMMIL")]));
}

#[test]
fn test_actors_fuzzy_names_are_one_edit_apart() {
    use crate::matcher::one_edit;
    assert!(one_edit("mitterrand", "mitterand"));
    assert!(one_edit("bouteflika", "bouteflicka"));
    assert!(one_edit("gbagbo", "gbago"));
    assert!(one_edit("abcdef", "abdcef"));
    assert!(!one_edit("abcdef", "abcdef"));
    assert!(!one_edit("abcdef", "abcxyf"));
}

#[test]
fn test_actors_name_words_for_the_tagger() {
    let Ok(dict) = ActorDict::builtin() else {
        panic!("the embedded dictionaries do not load");
    };
    let d = doc(
        "European Community ministers met Ivory Coast rebels. Security forces met the Pan Am staff in Tel Aviv.",
        None,
    );
    let words: Vec<&str> = dict
        .name_words(&d)
        .into_iter()
        .map(|t| d.tokens.norm[t as usize].as_str())
        .collect();
    // names of several capitalized words; not a role noun ("Security forces"), not one
    // word alone ("Tel" and "Aviv" together are one)
    assert_eq!(
        words,
        ["European", "Community", "Ivory", "Coast", "Tel", "Aviv"]
    );
}
