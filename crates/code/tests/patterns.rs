//! Golden list of pattern ids and counts per CAMEO root: a removed or renumbered pattern
//! shows in the diff. `JIRGA_BLESS=1 cargo test -p jirga-code --test patterns` rewrites it.

use jirga_code::Coder;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn pattern_registry_matches_golden_list() {
    let coder = Coder::builtin().expect("builtin dictionaries load");
    let d = coder.dictionary();
    let mut per_root: BTreeMap<&str, (usize, std::collections::BTreeSet<&str>)> = BTreeMap::new();
    for p in &d.patterns {
        let e = per_root.entry(&p.code[..2]).or_default();
        e.0 += 1;
        e.1.insert(p.lemma.as_str());
    }
    let mut out = String::new();
    out.push_str(&format!(
        "# patterns {} lemmas {}\n",
        d.patterns.len(),
        d.lemma_count()
    ));
    for (root, (n, lemmas)) in &per_root {
        out.push_str(&format!(
            "# root {root}: {n} patterns over {} lemmas\n",
            lemmas.len()
        ));
    }
    for p in &d.patterns {
        let plover = match &p.plover {
            Some((ev, Some(mode))) => format!(" {ev}:{mode}"),
            Some((ev, None)) => format!(" {ev}"),
            None => String::new(),
        };
        out.push_str(&format!(
            "{} {}{} {}{plover}\n",
            p.id,
            p.lemma.replace(' ', "_"),
            if p.noun { ".n" } else { "" },
            p.code
        ));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/patterns.txt");
    if std::env::var_os("JIRGA_BLESS").is_some() {
        std::fs::write(&path, &out).expect("write golden file");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == out,
        "pattern registry changed; review and rerun with JIRGA_BLESS=1 (first lines now:\n{})",
        out.lines().take(25).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(per_root.len(), 20, "every CAMEO root has patterns");
    assert!(d.patterns.len() >= 1500 && d.lemma_count() >= 600);
}
