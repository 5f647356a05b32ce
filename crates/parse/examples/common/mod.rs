//! Helpers shared by the benchmark examples (included with `#[path]`; not an example
//! itself).

use std::path::Path;

/// CPU time of this thread in seconds, from `/proc/thread-self/schedstat`.
pub fn thread_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Peak resident memory in MiB (`VmHWM` of /proc/self/status).
pub fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

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
