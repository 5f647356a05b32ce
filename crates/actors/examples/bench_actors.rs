//! Throughput of the actor stage on real news text.
//!
//! `cargo run --release -p jirga-actors --example bench_actors [-- N_DOCS]` reads
//! `bench/reuters21578/reuters21578.jsonl` from the shared data directory (`JIRGA_SHARED`,
//! else `../shared` beside the repository), tokenizes it crudely (white space, trailing
//! punctuation, possessive `'s`) and times `ActorDict::annotate` alone.
//! `... --example bench_actors -- --dump FILE [DATE]` prints the mentions found in a text file.

use jirga_actors::ActorDict;
use jirga_doc::{Doc, DocMeta, Layers, Sentence};
use std::path::PathBuf;
use std::time::Instant;

fn tokenize(id: &str, text: &str) -> Doc {
    let mut d = Doc::new(DocMeta::with_id(id), text.to_string());
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut s0 = 0u32;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        let mut tail = Vec::new();
        while end > start
            && matches!(
                bytes[end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'"' | b')'
            )
        {
            tail.push(end - 1);
            end -= 1;
        }
        if end > start && text.is_char_boundary(end) {
            let word = &text[start..end];
            match word.strip_suffix("'s") {
                Some(w) if !w.is_empty() => {
                    d.tokens
                        .push(start as u32, (start + w.len()) as u32, false, w);
                    d.tokens
                        .push((start + w.len()) as u32, end as u32, tail.is_empty(), "'s");
                }
                _ => d
                    .tokens
                    .push(start as u32, end as u32, tail.is_empty(), word),
            }
        }
        for &t in tail.iter().rev() {
            d.tokens.push(t as u32, t as u32 + 1, true, &text[t..t + 1]);
            if bytes[t] == b'.' {
                let n = d.tokens.len() as u32;
                d.sentences.push(Sentence { start: s0, end: n });
                s0 = n;
            }
        }
    }
    let n = d.tokens.len() as u32;
    if s0 < n {
        d.sentences.push(Sentence { start: s0, end: n });
    }
    d.stamp("text", "bench", Layers::TOKENS | Layers::SENTS);
    d
}

fn dump(dict: &ActorDict, path: &str, date: Option<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut d = tokenize(path, &text);
    d.meta.date = date;
    if let Err(e) = dict.annotate(&mut d) {
        eprintln!("{e}");
        return;
    }
    for (i, m) in d.mentions.iter().enumerate() {
        println!(
            "{i:4} {:<10} {:<9} {:<50} head={:<12} name={:?} ante={:?}",
            m.code,
            format!("{:?}", m.kind),
            d.span_text(m.start, m.end).replace('\n', " "),
            d.token_text(m.head),
            m.name.as_deref().unwrap_or(""),
            m.antecedent
        );
    }
}

/// `--codes FILE.jsonl`: for each `{id, date, text}` line, one line `id<TAB>code code ...`.
fn codes(dict: &ActorDict, path: &str) {
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return;
    };
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = v["id"].as_str().unwrap_or("").to_string();
        let mut d = tokenize(&id, v["text"].as_str().unwrap_or(""));
        d.meta.date = v["date"].as_str().map(str::to_string);
        if dict.annotate(&mut d).is_ok() {
            let codes: Vec<String> = d
                .mentions
                .iter()
                .map(|m| {
                    format!(
                        "{}={}",
                        m.code,
                        d.span_text(m.start, m.end).replace(' ', "_")
                    )
                })
                .collect();
            println!("{id}\t{}", codes.join(" "));
        }
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--codes") {
        match ActorDict::builtin() {
            Ok(dict) => codes(&dict, &std::env::args().nth(2).unwrap_or_default()),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--dump") {
        match ActorDict::builtin() {
            Ok(dict) => dump(
                &dict,
                &std::env::args().nth(2).unwrap_or_default(),
                std::env::args().nth(3),
            ),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    let shared = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join("bench/reuters21578/reuters21578.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found (set JIRGA_SHARED)", path.display());
        return;
    };
    let limit: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let t = Instant::now();
    let dict = match ActorDict::builtin() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!(
        "load+compile: {:.1} ms, version {}",
        t.elapsed().as_secs_f64() * 1e3,
        dict.version()
    );
    let mut docs: Vec<Doc> = Vec::new();
    for line in data.lines().take(limit) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let id = v["id"].to_string();
        let mut d = tokenize(&id, text);
        d.meta.date = v["date"].as_str().map(str::to_string);
        docs.push(d);
    }
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let t = Instant::now();
    let mut mentions = 0usize;
    for d in &mut docs {
        if dict.annotate(d).is_ok() {
            mentions += d.mentions.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {} sentences, {} tokens, {} mentions in {:.2} s: {:.0} sentences/s, {:.0} tokens/s, {:.0} mentions/s",
        docs.len(),
        sentences,
        tokens,
        mentions,
        secs,
        sentences as f64 / secs,
        tokens as f64 / secs,
        mentions as f64 / secs
    );
}
