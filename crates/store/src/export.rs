//! Exports: JSON Lines (the stored event records plus incident counts), CSV (flat
//! columns), GDELT 2.0 event TSV (61 columns, no header) and PLOVER JSON Lines.

use crate::error::{Result, SqlCtx, StoreError};
use crate::query::EventFilter;
use crate::Store;
use jirga_doc::{EventActor, EventRecord};
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// Export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One [`ExportRow`] (event record plus incident counts) per line.
    Jsonl,
    /// Flat CSV with a header row.
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header.
    Gdelt,
    /// PLOVER records, one JSON object per line.
    Plover,
}

impl ExportFormat {
    /// Parses `jsonl`, `csv`, `gdelt` or `plover`.
    pub fn parse(s: &str) -> Result<ExportFormat> {
        Ok(match s {
            "jsonl" | "json" => ExportFormat::Jsonl,
            "csv" => ExportFormat::Csv,
            "gdelt" | "tsv" => ExportFormat::Gdelt,
            "plover" => ExportFormat::Plover,
            _ => {
                return Err(StoreError::BadFilter {
                    field: "format",
                    value: s.to_string(),
                    why: "jsonl, csv, gdelt or plover".into(),
                })
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Gdelt => "gdelt",
            ExportFormat::Plover => "plover",
        }
    }
}

/// One exported event: the stored record and what the store adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRow {
    /// The event record as coded.
    #[serde(flatten)]
    pub record: EventRecord,
    /// Event date used by the store (resolved event date, else document date).
    pub event_date: Option<String>,
    /// Incident number.
    pub incident: Option<i64>,
    /// Reports of the incident.
    pub incident_reports: u64,
    /// Distinct outlets reporting the incident.
    pub incident_outlets: u64,
    /// Documents reporting the incident.
    pub incident_documents: u64,
    /// Row number (GDELT's GLOBALEVENTID).
    pub key: i64,
    /// When the document was stored (Unix seconds).
    pub ingested_at: i64,
}

pub(crate) const CSV_HEADER: &[&str] = &[
    "event_id",
    "incident",
    "event_date",
    "doc_id",
    "outlet",
    "url",
    "source",
    "source_text",
    "target",
    "target_text",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover",
    "plover_mode",
    "certainty",
    "negated",
    "attribution",
    "place",
    "place_country",
    "incident_reports",
    "incident_outlets",
    "sentence",
    "trigger",
    "dict_version",
    "model_version",
];

enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Plain(&'a mut dyn Write),
}

impl Store {
    /// Calls `f` with every event matching `filter`, in storage order, as an
    /// [`ExportRow`]; returns the number of rows. An error of `f` stops the export and is
    /// returned as [`StoreError::Io`] with `format` "rows".
    pub fn export_rows(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(&ExportRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        self.rows(filter, "rows", &mut f)
    }

    /// Writes every event matching `filter`, in storage order, to `out`; returns the
    /// number of events written.
    pub fn export(
        &self,
        filter: &EventFilter,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let io = |source: std::io::Error| StoreError::Io {
            format: format.name(),
            source,
        };
        let mut sink = if format == ExportFormat::Csv {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_HEADER).map_err(|e| io(e.into()))?;
            Sink::Csv(Box::new(w))
        } else {
            Sink::Plain(out)
        };
        let n = self.rows(filter, format.name(), &mut |row: &ExportRow| {
            match (&mut sink, format) {
                (Sink::Csv(w), _) => w.write_record(csv_row(row)).map_err(std::io::Error::from)?,
                (Sink::Plain(out), ExportFormat::Gdelt) => {
                    writeln!(out, "{}", gdelt_row(row).join("\t"))?
                }
                (Sink::Plain(out), ExportFormat::Plover) => {
                    let line = serde_json::to_string(&plover_record(row))?;
                    writeln!(out, "{line}")?;
                }
                (Sink::Plain(out), _) => {
                    let line = serde_json::to_string(row)?;
                    writeln!(out, "{line}")?;
                }
            }
            Ok(())
        })?;
        match &mut sink {
            Sink::Csv(w) => w.flush().map_err(io)?,
            Sink::Plain(out) => out.flush().map_err(io)?,
        }
        Ok(n)
    }

    fn rows(
        &self,
        filter: &EventFilter,
        format: &'static str,
        f: &mut dyn FnMut(&ExportRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let (clause, args) = filter.to_sql()?;
        let sql = format!(
            "SELECT e.event_key, r.record, e.date, e.incident, coalesce(i.n_reports, 1), coalesce(i.n_outlets, 1),
                    coalesce(i.n_docs, 1), d.ingested_at, e.event_id
             FROM (SELECT * FROM events e WHERE {clause}) e JOIN documents d ON d.doc_key = e.doc_key
             JOIN event_records r ON r.event_key = e.event_key
             LEFT JOIN incidents i ON i.incident = e.incident
             ORDER BY e.event_key"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .ctx(&self.path, || "preparing export".into())?;
        let mut rows = stmt
            .query(params_from_iter(args.iter()))
            .ctx(&self.path, || "running export".into())?;
        let mut n = 0u64;
        type Raw = (
            i64,
            String,
            Option<String>,
            Option<i64>,
            i64,
            i64,
            i64,
            i64,
            String,
        );
        while let Some(r) = rows
            .next()
            .ctx(&self.path, || "reading export rows".into())?
        {
            let get = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Raw> {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            };
            let (key, rec, date, incident, nr, no, nd, at, eid) =
                get(r).ctx(&self.path, || "reading an export row".into())?;
            let record: EventRecord =
                serde_json::from_str(&rec).map_err(|source| StoreError::Json {
                    what: format!("event `{eid}`"),
                    source,
                })?;
            let row = ExportRow {
                record,
                event_date: date,
                incident,
                incident_reports: nr.max(0) as u64,
                incident_outlets: no.max(0) as u64,
                incident_documents: nd.max(0) as u64,
                key,
                ingested_at: at,
            };
            f(&row).map_err(|source| StoreError::Io { format, source })?;
            n += 1;
        }
        Ok(n)
    }
}

fn code(a: &Option<EventActor>) -> String {
    a.as_ref().map(|a| a.code.clone()).unwrap_or_default()
}

fn text(a: &Option<EventActor>) -> String {
    a.as_ref().map(|a| a.text.clone()).unwrap_or_default()
}

pub(crate) fn csv_row(row: &ExportRow) -> Vec<String> {
    let r = &row.record;
    vec![
        r.event_id.clone(),
        row.incident.map(|i| i.to_string()).unwrap_or_default(),
        row.event_date.clone().unwrap_or_default(),
        r.doc_id.clone(),
        r.outlet.clone().unwrap_or_default(),
        r.url.clone().unwrap_or_default(),
        code(&r.source),
        text(&r.source),
        code(&r.target),
        text(&r.target),
        r.cameo.clone(),
        r.cameo_root.clone(),
        r.quad_class.to_string(),
        r.goldstein.to_string(),
        r.plover
            .as_ref()
            .map(|p| p.event.clone())
            .unwrap_or_default(),
        r.plover
            .as_ref()
            .and_then(|p| p.mode.clone())
            .unwrap_or_default(),
        r.certainty.as_str().to_string(),
        r.negated.to_string(),
        code(&r.attribution),
        r.place.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        r.place
            .as_ref()
            .and_then(|p| p.country.clone())
            .unwrap_or_default(),
        row.incident_reports.to_string(),
        row.incident_outlets.to_string(),
        r.sentence.text.clone(),
        r.trigger.text.clone(),
        r.dict_version.clone(),
        r.model_version.clone(),
    ]
}

/// GDELT fields cannot hold tabs or newlines.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Splits an actor code into GDELT's fields: the full code, the name, the three-letter
/// root (as the country code; telling a known group from a country needs the actor
/// dictionaries, which `jirga export` uses through the coder's writer) and up to three
/// three-letter type codes.
fn gdelt_actor(a: &Option<EventActor>) -> [String; 10] {
    let mut f: [String; 10] = Default::default();
    let Some(a) = a else { return f };
    let chars: Vec<char> = a.code.chars().collect();
    f[0] = clean(&a.code);
    f[1] = clean(&a.text.to_uppercase());
    f[2] = chars.iter().take(3).collect();
    let types: Vec<String> = chars
        .get(3..)
        .unwrap_or_default()
        .chunks(3)
        .map(|c| c.iter().collect())
        .collect();
    for (i, t) in types.iter().take(3).enumerate() {
        f[7 + i] = t.clone();
    }
    f
}

/// A GDELT 2.0 event row (61 columns) for an exported event.
pub fn gdelt_row(row: &ExportRow) -> Vec<String> {
    let r = &row.record;
    let date = row
        .event_date
        .as_deref()
        .and_then(crate::dates::parse)
        .and_then(|d| crate::dates::date_of(d.day));
    let mut v: Vec<String> = vec![String::new(); 61];
    v[0] = row.key.to_string();
    if let Some(d) = date {
        use chrono::Datelike;
        v[1] = d.format("%Y%m%d").to_string();
        v[2] = d.format("%Y%m").to_string();
        v[3] = d.year().to_string();
        let frac = f64::from(d.year()) + f64::from(d.month() * 30 + d.day()) / 365.0;
        v[4] = format!("{frac:.4}");
    }
    for (base, a) in [(5usize, &r.source), (15usize, &r.target)] {
        let f = gdelt_actor(a);
        v[base] = f[0].clone();
        v[base + 1] = f[1].clone();
        v[base + 2] = f[2].clone();
        for i in 0..3 {
            v[base + 7 + i] = f[7 + i].clone();
        }
    }
    v[25] = u8::from(r.sentence.index == 0).to_string();
    v[26] = r.cameo.clone();
    v[27] = r.cameo.chars().take(3).collect();
    v[28] = r.cameo_root.clone();
    v[29] = r.quad_class.to_string();
    v[30] = format!("{:.1}", r.goldstein);
    v[31] = row.incident_reports.to_string();
    v[32] = row.incident_outlets.to_string();
    v[33] = row.incident_documents.to_string();
    v[34] = "0".into();
    for base in [35usize, 43] {
        v[base] = "0".into();
    }
    if let Some(p) = &r.place {
        v[51] = if p.city.is_some() { "4" } else { "1" }.into();
        v[52] = clean(&p.text);
    } else {
        v[51] = "0".into();
    }
    v[59] = chrono::DateTime::from_timestamp(row.ingested_at, 0)
        .map(|t| t.format("%Y%m%d%H%M%S").to_string())
        .unwrap_or_default();
    v[60] = clean(r.url.as_deref().unwrap_or(&r.doc_id));
    v
}

/// A PLOVER entity (actor or recipient).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PloverEntity {
    /// Country or group code.
    pub country: String,
    /// Sector codes.
    pub sector: Vec<String>,
    /// Text as written.
    pub text: String,
    /// Full CAMEO-style code.
    pub code: String,
}

/// A PLOVER event record (`id`, `date`, `event`, `mode`, `actor`, `recipient`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PloverRecord {
    /// Event id.
    pub id: String,
    /// Event date.
    pub date: Option<String>,
    /// PLOVER event type (empty when the coder gave none).
    pub event: String,
    /// Modes.
    pub mode: Vec<String>,
    /// Contexts (none assigned by jirga yet).
    pub context: Vec<String>,
    /// Actors.
    pub actor: Vec<PloverEntity>,
    /// Recipients.
    pub recipient: Vec<PloverEntity>,
    /// Evidence sentence.
    pub text: String,
    /// Trigger.
    pub event_text: String,
    /// Place.
    pub location: Option<String>,
    /// CAMEO code the PLOVER type came from.
    pub cameo: String,
    /// Certainty.
    pub certainty: String,
    /// Negated (PLOVER's auxiliary negation mode).
    pub negated: bool,
    /// Document id.
    pub doc_id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Incident and how many outlets reported it.
    pub incident: Option<i64>,
    /// Distinct outlets reporting the incident.
    pub num_sources: u64,
}

fn plover_entity(a: &EventActor) -> PloverEntity {
    let chars: Vec<char> = a.code.chars().collect();
    PloverEntity {
        country: chars.iter().take(3).collect(),
        sector: chars
            .get(3..)
            .unwrap_or_default()
            .chunks(3)
            .map(|c| c.iter().collect())
            .collect(),
        text: a.text.clone(),
        code: a.code.clone(),
    }
}

/// The PLOVER record of an exported event.
pub fn plover_record(row: &ExportRow) -> PloverRecord {
    let r = &row.record;
    let mut actors: Vec<PloverEntity> = r.source.iter().map(plover_entity).collect();
    if actors.is_empty() {
        actors = r.roster.iter().map(plover_entity).collect();
    }
    PloverRecord {
        id: r.event_id.clone(),
        date: row.event_date.clone(),
        event: r
            .plover
            .as_ref()
            .map(|p| p.event.clone())
            .unwrap_or_default(),
        mode: r
            .plover
            .as_ref()
            .and_then(|p| p.mode.clone())
            .into_iter()
            .collect(),
        context: Vec::new(),
        actor: actors,
        recipient: r.target.iter().map(plover_entity).collect(),
        text: r.sentence.text.clone(),
        event_text: r.trigger.text.clone(),
        location: r.place.as_ref().map(|p| p.text.clone()),
        cameo: r.cameo.clone(),
        certainty: r.certainty.as_str().to_string(),
        negated: r.negated,
        doc_id: r.doc_id.clone(),
        outlet: r.outlet.clone(),
        url: r.url.clone(),
        incident: row.incident,
        num_sources: row.incident_outlets,
    }
}

#[cfg(not(feature = "parquet"))]
impl Store {
    /// Parquet export. This build has none: it was built without the `parquet` feature
    /// (`cargo build --features jirga-store/parquet`), and says so.
    pub fn export_parquet<W: std::io::Write + Send>(
        &self,
        _filter: &EventFilter,
        _out: W,
    ) -> Result<u64> {
        Err(StoreError::BadFilter {
            field: "format",
            value: "parquet".into(),
            why: "this jirga was built without the `parquet` feature of jirga-store".into(),
        })
    }
}
