//! The article-extraction benchmark's metric: texts split into `\w+` tokens,
//! 4-token shingles counted, true/false positives and negatives normalised per
//! page, precision and recall averaged over pages, F1 from the two averages
//! (as the scrapinghub article-extraction-benchmark's `evaluate.py` defines it).

use std::collections::HashMap;

/// Normalised true positives, false positives and false negatives of one page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageScore {
    /// True positives / total.
    pub tp: f64,
    /// False positives / total.
    pub fp: f64,
    /// False negatives / total.
    pub fn_: f64,
}

fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

fn shingles(s: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let t = tokens(s);
    let mut m = HashMap::new();
    let count = t.len().saturating_sub(n) + 1;
    for i in 0..count {
        let sh = t[i.min(t.len())..(i + n).min(t.len())].to_vec();
        if !sh.is_empty() {
            *m.entry(sh).or_insert(0) += 1;
        }
    }
    m
}

/// Scores one page: `truth` against `pred`.
pub fn score_page(truth: &str, pred: &str) -> PageScore {
    let a = shingles(truth, 4);
    let b = shingles(pred, 4);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &tc) in &a {
        let pc = b.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &b {
        fp += pc.saturating_sub(a.get(k).copied().unwrap_or(0)) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        PageScore {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        PageScore::default()
    }
}

/// Precision, recall and F1 averaged over pages.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Metrics {
    /// Mean precision over pages with a prediction.
    pub precision: f64,
    /// Mean recall over pages with a truth.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Aggregates page scores as the benchmark does.
pub fn metrics(pages: &[PageScore]) -> Metrics {
    let p: Vec<f64> = pages
        .iter()
        .filter(|s| s.tp + s.fp > 0.0)
        .map(|s| {
            if s.fp == 0.0 && s.fn_ == 0.0 {
                1.0
            } else {
                s.tp / (s.tp + s.fp)
            }
        })
        .collect();
    let r: Vec<f64> = pages
        .iter()
        .filter(|s| s.tp + s.fn_ > 0.0)
        .map(|s| {
            if s.fp == 0.0 && s.fn_ == 0.0 {
                1.0
            } else {
                s.tp / (s.tp + s.fn_)
            }
        })
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (precision, recall) = (mean(&p), mean(&r));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Metrics {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_partial() {
        let t = "one two three four five six";
        let s = score_page(t, t);
        assert_eq!(s.tp, 1.0);
        // Truth has 3 shingles; prediction keeps the first five words: 2 of them.
        let s = score_page(t, "one two three four five, and more");
        let m = metrics(&[s]);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.precision - 2.0 / 4.0).abs() < 1e-9);
    }

    #[test]
    fn short_texts_make_one_shingle() {
        assert_eq!(score_page("a b", "a b").tp, 1.0);
        assert_eq!(score_page("", "").tp, 0.0);
        let m = metrics(&[score_page("x y z w v", "")]);
        assert_eq!(m.precision, 0.0);
        assert_eq!(m.recall, 0.0);
    }
}

/// One page of the benchmark as stored: id, URL and where its gzipped HTML is.
#[derive(Debug, Clone)]
pub struct BenchEntry {
    /// Page id (hash).
    pub id: String,
    /// Page URL.
    pub url: Option<String>,
    /// True article body.
    pub truth: String,
    /// `html/{id}.html.gz`.
    pub path: std::path::PathBuf,
}

/// One page of the benchmark: its HTML (decoded), URL and true article body.
#[derive(Debug, Clone)]
pub struct BenchPage {
    /// Page id (hash).
    pub id: String,
    /// Page URL.
    pub url: Option<String>,
    /// The page's bytes, as served (charset not yet decoded).
    pub bytes: Vec<u8>,
    /// True article body.
    pub truth: String,
}

impl BenchPage {
    /// The main text the HTML reader extracts from this page with `cfg`: exactly what
    /// `jirga extract` writes for it (charset decoding, extraction, furniture).
    pub fn extract(&self, cfg: &crate::ReaderConfig) -> String {
        crate::Record::html_page(self.bytes.clone(), self.url.clone())
            .extract(cfg)
            .map(|x| x.doc.text)
            .unwrap_or_default()
    }

    /// Scores what the HTML reader extracts from this page with `cfg`.
    pub fn score(&self, cfg: &crate::ReaderConfig) -> PageScore {
        score_page(&self.truth, &self.extract(cfg))
    }
}

impl PageScore {
    /// F1 of this page alone (for listing the worst pages).
    pub fn f1(&self) -> f64 {
        let d = 2.0 * self.tp + self.fp + self.fn_;
        if d > 0.0 {
            2.0 * self.tp / d
        } else {
            0.0
        }
    }
}

/// Errors loading the benchmark.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// `ground-truth.json` is not what the benchmark ships.
    #[error("bad {path}: {what}")]
    Truth {
        /// File.
        path: String,
        /// What is wrong.
        what: String,
    },
}

/// The pages of the article-extraction benchmark in `dir` (`ground-truth.json` and
/// `html/{id}.html.gz`), sorted by id, without reading the pages.
pub fn bench_index(dir: &std::path::Path) -> Result<Vec<BenchEntry>, BenchError> {
    let gt_path = dir.join("ground-truth.json");
    let p = gt_path.display().to_string();
    let raw = std::fs::read(&gt_path).map_err(|source| BenchError::Io {
        path: p.clone(),
        source,
    })?;
    let gt: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| BenchError::Truth {
        path: p.clone(),
        what: e.to_string(),
    })?;
    let obj = gt.as_object().ok_or_else(|| BenchError::Truth {
        path: p.clone(),
        what: "not a JSON object".into(),
    })?;
    let mut pages: Vec<BenchEntry> = obj
        .iter()
        .map(|(id, v)| BenchEntry {
            id: id.clone(),
            url: v.get("url").and_then(|u| u.as_str()).map(str::to_string),
            truth: v
                .get("articleBody")
                .and_then(|t| t.as_str())
                .unwrap_or("")
                .to_string(),
            path: dir.join("html").join(format!("{id}.html.gz")),
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

impl BenchEntry {
    /// The page's bytes (gzip undone).
    pub fn read_html(&self) -> Result<Vec<u8>, BenchError> {
        use std::io::Read;
        let io = |source| BenchError::Io {
            path: self.path.display().to_string(),
            source,
        };
        let file = std::fs::File::open(&self.path).map_err(io)?;
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Ok(bytes)
    }
}

/// Loads the article-extraction benchmark from `dir` (`ground-truth.json` and
/// `html/{id}.html.gz`), pages sorted by id.
pub fn load_benchmark(dir: &std::path::Path) -> Result<Vec<BenchPage>, BenchError> {
    bench_index(dir)?
        .into_iter()
        .map(|e| {
            let bytes = e.read_html()?;
            Ok(BenchPage {
                id: e.id,
                url: e.url,
                bytes,
                truth: e.truth,
            })
        })
        .collect()
}
