//! CoNLL-U reading and writing (UD v2).
//!
//! Multiword-token lines (`1-2`) and empty nodes (`8.1`) are skipped on reading: jirga's
//! tokens are the syntactic words. `# text` and `# sent_id` comments are kept.

use std::io::{BufRead, Write};

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS.
    pub feats: String,
    /// HEAD: 0 for the root, else 1-based index of the head word.
    pub head: u32,
    /// DEPREL.
    pub deprel: String,
    /// MISC.
    pub misc: String,
}

impl Word {
    /// Whether MISC says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// One CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`.
    pub sent_id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// Whether a `# newdoc` comment opened this sentence.
    pub newdoc: bool,
    /// Whether a `# newpar` comment opened this sentence.
    pub newpar: bool,
    /// The syntactic words.
    pub words: Vec<Word>,
}

/// Errors reading CoNLL-U.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// I/O error.
    #[error("{path}: {source}")]
    Io {
        /// File name.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// Malformed line.
    #[error("{path}:{line}: {what}")]
    Malformed {
        /// File name.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        what: String,
    },
}

/// Reads all sentences from a CoNLL-U stream; `path` names it in errors.
pub fn read<R: BufRead>(reader: R, path: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let malformed = |line: usize, what: String| ConlluError::Malformed {
        path: path.to_string(),
        line,
        what,
    };
    let mut buf = Vec::new();
    let mut reader = reader;
    let mut lineno = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|source| ConlluError::Io {
                path: path.to_string(),
                source,
            })?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let line = std::str::from_utf8(&buf)
            .map_err(|e| malformed(lineno, format!("invalid UTF-8: {e}")))?;
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                finish(&mut cur, path, lineno)?;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            } else if let Some(v) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(v.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(malformed(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue; // multiword token range or empty node
        }
        let idx: u32 = id
            .parse()
            .map_err(|_| malformed(lineno, format!("bad ID `{id}`")))?;
        if idx as usize != cur.words.len() + 1 {
            return Err(malformed(
                lineno,
                format!(
                    "word ID {idx} out of sequence (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head: u32 = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| malformed(lineno, format!("bad HEAD `{}`", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        finish(&mut cur, path, lineno)?;
        out.push(cur);
    }
    Ok(out)
}

fn finish(s: &mut ConlluSentence, path: &str, line: usize) -> Result<(), ConlluError> {
    let n = s.words.len() as u32;
    if let Some(w) = s.words.iter().find(|w| w.head > n) {
        return Err(ConlluError::Malformed {
            path: path.to_string(),
            line,
            what: format!(
                "HEAD {} beyond the sentence's {n} words (sentence ending here)",
                w.head
            ),
        });
    }
    Ok(())
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<ConlluSentence>, ConlluError> {
    let name = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| ConlluError::Io {
        path: name.clone(),
        source,
    })?;
    read(std::io::BufReader::new(f), &name)
}

/// Writes sentences as CoNLL-U.
pub fn write<W: Write>(mut w: W, sents: &[ConlluSentence]) -> std::io::Result<()> {
    for s in sents {
        if let Some(id) = &s.sent_id {
            writeln!(w, "# sent_id = {id}")?;
        }
        if let Some(t) = &s.text {
            writeln!(w, "# text = {}", t.replace('\n', " "))?;
        }
        for (i, x) in s.words.iter().enumerate() {
            let f = |v: &str| {
                if v.is_empty() {
                    "_".to_string()
                } else {
                    v.replace(['\t', '\n'], " ")
                }
            };
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                i + 1,
                f(&x.form),
                f(&x.lemma),
                f(&x.upos),
                f(&x.xpos),
                f(&x.feats),
                x.head,
                f(&x.deprel),
                f(&x.misc)
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\tSpaceAfter=No\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn reads_and_round_trips() {
        let s = read(SAMPLE.as_bytes(), "x").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
        assert!(s[0].words[1].no_space_after());
        let mut out = Vec::new();
        write(&mut out, &s).unwrap();
        let again = read(&out[..], "y").unwrap();
        assert_eq!(again, s);
    }

    /// A bounded mutation test standing in for the `conllu` fuzz target: seeded random
    /// byte edits of a valid file never panic the reader, and whatever it accepts is
    /// written and read back to the same sentences.
    #[test]
    fn mutated_files_never_panic_and_round_trip() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let base = SAMPLE.as_bytes();
        let alphabet = b"\t\n#=-._0123456789 \r\xc3\xa9\xffxX";
        let mut accepted = 0;
        for _ in 0..5000 {
            let mut b = base.to_vec();
            for _ in 0..rng.gen_range(1..6) {
                let at = rng.gen_range(0..=b.len());
                match rng.gen_range(0..3) {
                    0 if at < b.len() => {
                        b.remove(at);
                    }
                    1 => b.insert(at, alphabet[rng.gen_range(0..alphabet.len())]),
                    _ if at < b.len() => b[at] = alphabet[rng.gen_range(0..alphabet.len())],
                    _ => {}
                }
            }
            if let Ok(sents) = read(&b[..], "m") {
                accepted += 1;
                let mut out = Vec::new();
                write(&mut out, &sents).unwrap();
                let again = read(&out[..], "m2").unwrap();
                assert_eq!(again.len(), sents.len());
                for (x, y) in again.iter().zip(&sents) {
                    assert_eq!(x.words.len(), y.words.len());
                    for (a, b) in x.words.iter().zip(&y.words) {
                        assert_eq!((a.head, &a.deprel), (b.head, &b.deprel));
                    }
                }
            }
        }
        assert!(accepted > 100, "only {accepted} mutants were accepted");
    }

    #[test]
    fn malformed_line_names_its_number() {
        let bad = "# text = x\n1\tx\tx\tX\n";
        let err = read(bad.as_bytes(), "bad.conllu").unwrap_err().to_string();
        assert!(err.starts_with("bad.conllu:2:"), "{err}");
        let bad = "1\tx\tx\tX\t_\t_\tzz\tdep\t_\t_\n";
        assert!(read(bad.as_bytes(), "b")
            .unwrap_err()
            .to_string()
            .contains("bad HEAD"));
        let bad = "1\tx\tx\tX\t_\t_\t7\tdep\t_\t_\n\n";
        assert!(read(bad.as_bytes(), "b").is_err());
    }
}
