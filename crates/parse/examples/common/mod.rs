//! Helpers shared by the benchmark examples (included with `#[path]`; not an example
//! itself).

use std::path::Path;

pub use jirga_doc::measure::{peak_rss_mib, thread_cpu_s};

pub fn load_texts(path: &Path, limit: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut docs = Vec::new();
    if text.trim_start().starts_with('{') {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                docs.push(t.to_string());
            }
            if docs.len() >= limit {
                break;
            }
        }
    } else {
        for line in text.lines() {
            if let Some(t) = line.strip_prefix("# text = ") {
                docs.push(t.to_string());
                if docs.len() >= limit {
                    break;
                }
            }
        }
    }
    Ok(docs)
}
