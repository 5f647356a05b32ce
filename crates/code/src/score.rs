//! The event scorer: the rules of `gold/score.py`, in Rust.
//!
//! An event is placed at a gold event when its sentence text contains the gold evidence or
//! the evidence contains the sentence text (whitespace folded, lower-cased). Negated events
//! are left out. A gold event matches when the action (CAMEO prefix, or PLOVER type) and
//! the actor code prefixes agree; a mutual (`symmetric`) gold event also matches reversed,
//! and its reversed copy is not false. Optional gold events are neither required nor false.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// One hand-coded gold event.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoldEvent {
    /// Evidence substring of the sentence.
    #[serde(default)]
    pub evidence: String,
    /// Accepted source code prefixes (`None` accepts anything).
    #[serde(default)]
    pub source: Option<Vec<String>>,
    /// Accepted target code prefixes.
    #[serde(default)]
    pub target: Option<Vec<String>>,
    /// Accepted CAMEO prefixes.
    #[serde(default)]
    pub cameo: Option<Vec<String>>,
    /// Accepted PLOVER types (used when `cameo` is absent).
    #[serde(default)]
    pub plover: Option<Vec<String>>,
    /// Mutual act.
    #[serde(default)]
    pub symmetric: bool,
    /// Neither required nor false.
    #[serde(default)]
    pub optional: bool,
}

/// A place where an asserted event would be wrong.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoldNegative {
    /// Evidence substring.
    #[serde(default)]
    pub evidence: String,
}

/// One gold document.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoldRecord {
    /// Document id (string or number in the file).
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    /// Text (also the coder's input).
    #[serde(default)]
    pub text: String,
    /// Document date.
    #[serde(default)]
    pub date: Option<String>,
    /// Gold events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    /// Negative places.
    #[serde(default)]
    pub negatives: Vec<GoldNegative>,
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::String(s) => s,
        other => other.to_string(),
    })
}

/// Scores and the lists of misses and false events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoreReport {
    /// Gold records.
    pub records: usize,
    /// Matched required gold events.
    pub tp: usize,
    /// Missed required gold events.
    pub fn_: usize,
    /// Produced events matching nothing.
    pub fp: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// False events in sentences holding a negative.
    pub false_on_negatives: usize,
    /// Recall per root (CAMEO root or PLOVER type).
    pub recall_by_root: BTreeMap<String, f64>,
    /// Missed gold events: (doc id, event).
    #[serde(skip)]
    pub misses: Vec<(String, GoldEvent)>,
    /// False events: (doc id, event JSON).
    #[serde(skip)]
    pub falses: Vec<(String, Value)>,
}

/// Rounds like Python's `round` (ties to even), so that figures agree with `score.py`.
fn round(x: f64, d: i32) -> f64 {
    let f = 10f64.powi(d);
    let y = x * f;
    let r = if (y - y.trunc()).abs() == 0.5 {
        2.0 * (y / 2.0).round()
    } else {
        y.round()
    };
    r / f
}

impl ScoreReport {
    /// The JSON `score.py --json` prints.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "records": self.records, "tp": self.tp, "fn": self.fn_, "fp": self.fp,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "false_on_negatives": self.false_on_negatives,
            "recall_by_root": self.recall_by_root.iter().map(|(k, v)| (k.clone(), round(*v, 3))).collect::<BTreeMap<_, _>>(),
        })
    }
}

/// Whitespace-folded, trimmed, lower-cased.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn code_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Object(o)) => o
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn actor_ok(gold: &Option<Vec<String>>, produced: &str) -> bool {
    match gold {
        None => true,
        Some(ps) => ps.iter().any(|p| produced.starts_with(p.as_str())),
    }
}

fn action_ok(g: &GoldEvent, e: &Value) -> bool {
    if let Some(c) = &g.cameo {
        let code = match e.get("cameo") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        };
        return c.iter().any(|p| code.starts_with(p.as_str()));
    }
    if let Some(pl) = &g.plover {
        let ev = match e.get("plover") {
            Some(Value::Object(o)) => o.get("event").and_then(Value::as_str).map(str::to_string),
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        return ev.is_some_and(|ev| pl.contains(&ev));
    }
    true
}

struct Produced<'a> {
    value: &'a Value,
    sentence: String,
}

fn placed(gev: &str, e: &Produced) -> bool {
    !e.sentence.is_empty() && (e.sentence.contains(gev) || gev.contains(e.sentence.as_str()))
}

fn matches(g: &GoldEvent, gev: &str, e: &Produced) -> bool {
    if !placed(gev, e) || !action_ok(g, e.value) {
        return false;
    }
    let s = code_of(e.value.get("source"));
    let t = code_of(e.value.get("target"));
    if actor_ok(&g.source, &s) && actor_ok(&g.target, &t) {
        return true;
    }
    g.symmetric && actor_ok(&g.source, &t) && actor_ok(&g.target, &s)
}

fn root(g: &GoldEvent) -> String {
    if let Some(c) = &g.cameo {
        return c
            .first()
            .map(|c| c.chars().take(2).collect())
            .unwrap_or_default();
    }
    g.plover
        .as_ref()
        .and_then(|p| p.first().cloned())
        .unwrap_or_else(|| "?".into())
}

/// Scores produced events (JSON records with `doc_id`, `sentence.text`, `source.code`,
/// `target.code`, `cameo`, `plover.event`, `negated`) against gold records.
pub fn score(gold: &[GoldRecord], produced: &[Value]) -> ScoreReport {
    let mut by_doc: HashMap<String, Vec<Produced>> = HashMap::new();
    for e in produced {
        if e.get("negated").and_then(Value::as_bool).unwrap_or(false) {
            continue;
        }
        let id = match e.get("doc_id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => "None".into(),
        };
        let sentence = fold(
            e.get("sentence")
                .and_then(|s| s.get("text"))
                .and_then(Value::as_str)
                .unwrap_or(""),
        );
        by_doc
            .entry(id)
            .or_default()
            .push(Produced { value: e, sentence });
    }
    let mut r = ScoreReport {
        records: gold.len(),
        ..Default::default()
    };
    let mut by_root: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let empty = Vec::new();
    for rec in gold {
        let events = by_doc.get(&rec.id).unwrap_or(&empty);
        let mut used = vec![false; events.len()];
        let mut order: Vec<&GoldEvent> = rec.events.iter().collect();
        order.sort_by_key(|g| g.optional);
        for g in order {
            let gev = fold(&g.evidence);
            let hit = (0..events.len()).find(|&i| !used[i] && matches(g, &gev, &events[i]));
            if let Some(i) = hit {
                used[i] = true;
            }
            if g.optional {
                continue;
            }
            let e = by_root.entry(root(g)).or_default();
            if hit.is_none() {
                r.fn_ += 1;
                e.1 += 1;
                r.misses.push((rec.id.clone(), g.clone()));
            } else {
                r.tp += 1;
                e.0 += 1;
            }
        }
        for g in rec.events.iter().filter(|g| g.symmetric) {
            let gev = fold(&g.evidence);
            for i in 0..events.len() {
                if !used[i] && matches(g, &gev, &events[i]) {
                    used[i] = true;
                }
            }
        }
        for (i, e) in events.iter().enumerate() {
            if used[i] {
                continue;
            }
            r.fp += 1;
            r.falses.push((rec.id.clone(), e.value.clone()));
            if rec
                .negatives
                .iter()
                .any(|n| e.sentence.contains(&fold(&n.evidence)))
            {
                r.false_on_negatives += 1;
            }
        }
    }
    let (tp, fp, fn_) = (r.tp as f64, r.fp as f64, r.fn_ as f64);
    r.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    r.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    r.f1 = if r.precision + r.recall > 0.0 {
        2.0 * r.precision * r.recall / (r.precision + r.recall)
    } else {
        0.0
    };
    r.recall_by_root = by_root
        .into_iter()
        .map(|(k, (tp, fn_))| (k, tp as f64 / (tp + fn_) as f64))
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold() -> Vec<GoldRecord> {
        let g = json!({"id": "d", "text": "x", "events": [
            {"evidence": "Russia  met China", "source": ["RUS"], "target": ["CHN"], "cameo": ["04"], "symmetric": true},
            {"evidence": "Russia armed them", "source": ["RUS"], "target": ["TAL"], "cameo": ["07"]},
            {"evidence": "maybe", "source": null, "target": null, "cameo": ["01"], "optional": true}],
            "negatives": [{"evidence": "did not attend"}]});
        vec![serde_json::from_value(g).unwrap()]
    }

    fn ev(sent: &str, s: &str, t: &str, cameo: &str, neg: bool) -> Value {
        json!({"doc_id": "d", "sentence": {"text": sent}, "source": {"code": s}, "target": {"code": t}, "cameo": cameo, "negated": neg})
    }

    #[test]
    fn scores_like_score_py() {
        let produced = vec![
            ev("Then Russia met China.", "RUSGOV", "CHN", "040", false),
            ev("Then Russia met China.", "CHN", "RUS", "040", false), // reversed mutual: not false
            ev("They did not attend it.", "USA", "RUS", "040", false), // false, on a negative
            ev("They did not attend it.", "USA", "RUS", "040", true), // negated: left out
        ];
        let r = score(&gold(), &produced);
        assert_eq!((r.tp, r.fn_, r.fp, r.false_on_negatives), (1, 1, 1, 1));
        assert!((r.precision - 0.5).abs() < 1e-9 && (r.recall - 0.5).abs() < 1e-9);
        assert_eq!(r.recall_by_root["07"], 0.0);
        assert_eq!(r.to_json()["f1"], 0.5);
        assert_eq!(round(0.3125, 3), 0.312);
        assert_eq!(round(0.6923077, 4), 0.6923);
    }

    #[test]
    fn plover_gold_uses_event_type() {
        let g: Vec<GoldRecord> = vec![serde_json::from_value(json!({"id": 7, "events": [
            {"evidence": "A hit B", "source": ["A"], "target": ["B"], "plover": ["ASSAULT"]}]}))
        .unwrap()];
        let mut e = ev("A hit B", "A", "B", "190", false);
        e["doc_id"] = json!("7");
        e["plover"] = json!({"event": "ASSAULT"});
        let r = score(&g, &[e]);
        assert_eq!((r.tp, r.fp), (1, 0));
    }
}
