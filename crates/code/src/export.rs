//! Writers over [`EventRecord`]: GDELT 2.0 event rows (61 tab-separated columns) and
//! PLOVER JSON records.

use jirga_doc::{EventActor, EventRecord};
use serde_json::{json, Value};

/// Number of columns of a GDELT 2.0 event row.
pub const GDELT_COLUMNS: usize = 61;

const NON_STATE: &[&str] = &[
    "IGO", "NGO", "UNO", "EUR", "IMG", "MNC", "ISM", "NAT", "TAL", "PSE",
];

/// Splits an actor code into its country (or organisation) part and its role codes.
pub fn split_code(code: &str) -> (String, Vec<String>) {
    let chunks: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect();
    match chunks.split_first() {
        Some((first, rest)) => (first.clone(), rest.to_vec()),
        None => (String::new(), Vec::new()),
    }
}

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The event's date as `YYYYMMDD` (event date when a full date, else the document date).
fn sqldate(r: &EventRecord) -> Option<(i32, u32, u32)> {
    let full = |s: &str| -> Option<(i32, u32, u32)> {
        let s = s.get(..10)?;
        Some((
            s.get(..4)?.parse().ok()?,
            s.get(5..7)?.parse().ok()?,
            s.get(8..10)?.parse().ok()?,
        ))
    };
    r.when
        .as_ref()
        .and_then(|w| w.date.as_deref())
        .and_then(full)
        .or_else(|| r.doc_date.as_deref().and_then(full))
}

fn actor_cols(a: Option<&EventActor>, cols: &mut Vec<String>) {
    let Some(a) = a else {
        cols.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    let (first, roles) = split_code(&a.code);
    let known = NON_STATE.contains(&first.as_str());
    cols.push(clean(&a.code));
    cols.push(clean(&a.text.to_uppercase()));
    cols.push(if known { String::new() } else { first.clone() });
    cols.push(if known { first } else { String::new() });
    cols.push(String::new()); // ethnic
    cols.push(String::new()); // religion 1
    cols.push(String::new()); // religion 2
    for k in 0..3 {
        cols.push(roles.get(k).cloned().unwrap_or_default());
    }
}

/// One GDELT 2.0 event row (61 tab-separated columns, no newline). `id` fills GLOBALEVENTID.
pub fn gdelt_row(r: &EventRecord, id: u64) -> String {
    let mut c: Vec<String> = Vec::with_capacity(GDELT_COLUMNS);
    c.push(id.to_string());
    match sqldate(r) {
        Some((y, m, d)) => {
            c.push(format!("{y:04}{m:02}{d:02}"));
            c.push(format!("{y:04}{m:02}"));
            c.push(format!("{y:04}"));
            c.push(format!(
                "{:.4}",
                y as f64 + (m as f64 * 30.0 + d as f64) / 365.0
            ));
        }
        None => c.extend(std::iter::repeat_n(String::new(), 4)),
    }
    actor_cols(r.source.as_ref(), &mut c);
    actor_cols(r.target.as_ref(), &mut c);
    c.push(if r.sentence.index < 3 {
        "1".into()
    } else {
        "0".into()
    });
    c.push(r.cameo.clone());
    c.push(r.cameo.chars().take(3).collect());
    c.push(r.cameo_root.clone());
    c.push(r.quad_class.to_string());
    c.push(format!("{:.1}", r.goldstein));
    c.extend(["1", "1", "1", "0"].map(String::from));
    // Actor1Geo, Actor2Geo: 8 columns each, unknown
    c.extend(std::iter::repeat_n(String::new(), 16));
    match &r.place {
        Some(p) => {
            c.push(if p.city.is_some() {
                "4".into()
            } else {
                "1".into()
            });
            c.push(clean(&p.text));
            c.extend(std::iter::repeat_n(String::new(), 6));
        }
        None => c.extend(std::iter::repeat_n(String::new(), 8)),
    }
    c.push(String::new()); // DATEADDED
    c.push(clean(r.url.as_deref().unwrap_or(&r.doc_id)));
    debug_assert_eq!(c.len(), GDELT_COLUMNS);
    c.join("\t")
}

fn entity(a: &EventActor) -> Value {
    let (first, roles) = split_code(&a.code);
    json!({"code": a.code, "country": first, "sector": roles.first(), "text": a.text})
}

/// One PLOVER JSON record.
pub fn plover_json(r: &EventRecord) -> Value {
    let date = sqldate(r).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    let mut mode = Vec::new();
    if let Some(m) = r.plover.as_ref().and_then(|p| p.mode.clone()) {
        mode.push(m);
    }
    let aux = match r.certainty {
        jirga_doc::Certainty::Planned => Some("future"),
        jirga_doc::Certainty::Hypothetical => Some("hypothetical"),
        _ if r.negated => Some("negation"),
        _ => None,
    };
    let actors: Vec<Value> = if r.roster.is_empty() {
        r.source.iter().map(entity).collect()
    } else {
        r.roster.iter().map(entity).collect()
    };
    json!({
        "id": r.event_id,
        "date": date,
        "actor": actors,
        "recipient": if r.roster.is_empty() { r.target.iter().map(entity).collect::<Vec<_>>() } else { Vec::new() },
        "event": r.plover.as_ref().map(|p| vec![p.event.clone()]).unwrap_or_default(),
        "mode": mode,
        "auxiliary_mode": aux,
        "cameo": r.cameo,
        "quad_code": r.quad_class,
        "event_scale": r.goldstein,
        "event_text": [r.trigger.text],
        "event_loc": r.place.as_ref().map(|p| json!({"name": p.text, "country": p.country, "city": p.city})),
        "certainty": r.certainty.as_str(),
        "text": r.sentence.text,
        "doc_id": r.doc_id,
        "url": r.url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jirga_doc::{EventTime, Plover};

    fn rec() -> EventRecord {
        EventRecord {
            event_id: "d#0.0".into(),
            doc_id: "d".into(),
            doc_date: Some("2018-11-09".into()),
            source: Some(EventActor {
                code: "RUSGOV".into(),
                text: "Moscow".into(),
                ..Default::default()
            }),
            target: Some(EventActor {
                code: "TAL".into(),
                text: "the\tTaliban".into(),
                ..Default::default()
            }),
            cameo: "0712".into(),
            cameo_root: "07".into(),
            plover: Some(Plover {
                event: "AID".into(),
                mode: None,
            }),
            goldstein: 7.4,
            quad_class: 2,
            when: Some(EventTime {
                date: Some("2018".into()),
                resolution: "year".into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn gdelt_row_has_61_columns() {
        let row = gdelt_row(&rec(), 5);
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), GDELT_COLUMNS);
        assert_eq!(cols[1], "20181109");
        assert_eq!(cols[5], "RUSGOV");
        assert_eq!(cols[7], "RUS");
        assert_eq!(cols[12], "GOV");
        assert_eq!(cols[18], "TAL");
        assert_eq!(cols[16], "THE TALIBAN");
        assert_eq!(
            (cols[26], cols[27], cols[28], cols[29]),
            ("0712", "071", "07", "2")
        );
        assert_eq!(cols[60], "d");
    }

    #[test]
    fn plover_record_fields() {
        let v = plover_json(&rec());
        assert_eq!(v["event"][0], "AID");
        assert_eq!(v["actor"][0]["country"], "RUS");
        assert_eq!(v["actor"][0]["sector"], "GOV");
        assert_eq!(v["recipient"][0]["code"], "TAL");
        assert_eq!(v["date"], "2018-11-09");
    }
}
