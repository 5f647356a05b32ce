//! Golden list of entry counts per dictionary file: a change to the dictionaries shows
//! up here. `JIRGA_BLESS=1 cargo test -p jirga-actors --test counts` rewrites the list.

use jirga_actors::ActorDict;
use std::path::PathBuf;

#[test]
fn test_counts_match_golden_list() {
    let dict = match ActorDict::builtin() {
        Ok(d) => d,
        Err(e) => panic!("the embedded dictionaries do not load: {e}"),
    };
    let mut got = String::from("# entries per dictionary file (JIRGA_BLESS=1 rewrites)\n");
    for (file, n) in dict.stats() {
        got.push_str(&format!("{file}\t{n}\n"));
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/counts.txt");
    if std::env::var_os("JIRGA_BLESS").is_some() {
        std::fs::write(&path, &got).expect("write golden counts");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got, want,
        "dictionary entry counts changed; check the change and rerun with JIRGA_BLESS=1"
    );
}

/// Every country and territory of the CAMEO country table has a name in our
/// dictionary (read from the shared data at test time; skipped without it).
#[test]
fn test_counts_cover_cameo_country_table() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let table = shared.join("data/cameo/countrynames.txt");
    let Ok(text) = std::fs::read_to_string(&table) else {
        eprintln!("skipped: {} not found (set JIRGA_SHARED)", table.display());
        return;
    };
    let dict = match ActorDict::builtin() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let mut missing = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(name), Some(code)) = (cols.next(), cols.next()) else {
            continue;
        };
        if code == "---"
            || name.starts_with("the former")
            || name == "Madagaskar"
            || name == "Jersey"
            || name.contains('(')
        {
            continue; // a misspelling, an old name, a name too ambiguous to match, notes
        }
        if dict.lookup_place(name).is_none() {
            missing.push(name.to_string());
        }
    }
    assert!(missing.is_empty(), "no dictionary entry for {missing:?}");
}
