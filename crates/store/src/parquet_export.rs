//! Parquet export (feature `parquet`): the columns of the CSV export, typed (incident and
//! counts as INT64, QuadClass as INT32, Goldstein as DOUBLE, negation as BOOLEAN, text as
//! UTF-8 strings, empty values as nulls), Snappy-compressed, 64k rows per row group.

use crate::error::{Result, StoreError};
use crate::export::{csv_row, CSV_HEADER};
use crate::query::EventFilter;
use crate::Store;
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::sync::Arc;

/// Rows per row group.
const ROW_GROUP: usize = 65_536;

#[derive(Clone, Copy)]
enum Kind {
    Str,
    I64,
    I32,
    F64,
    Bool,
}

fn kind(column: &str) -> Kind {
    match column {
        "incident" | "incident_reports" | "incident_outlets" => Kind::I64,
        "quad_class" => Kind::I32,
        "goldstein" => Kind::F64,
        "negated" => Kind::Bool,
        _ => Kind::Str,
    }
}

/// The Parquet schema of the export.
pub fn schema() -> String {
    let fields: Vec<String> = CSV_HEADER
        .iter()
        .map(|c| {
            let t = match kind(c) {
                Kind::Str => "binary",
                Kind::I64 => "int64",
                Kind::I32 => "int32",
                Kind::F64 => "double",
                Kind::Bool => "boolean",
            };
            let ann = if matches!(kind(c), Kind::Str) {
                " (UTF8)"
            } else {
                ""
            };
            format!("optional {t} {c}{ann};")
        })
        .collect();
    format!("message jirga_event {{ {} }}", fields.join(" "))
}

fn err(e: parquet::errors::ParquetError) -> StoreError {
    StoreError::Io {
        format: "parquet",
        source: std::io::Error::other(e),
    }
}

/// Writes one row group from the buffered CSV-shaped rows.
fn flush<W: std::io::Write + Send>(
    w: &mut SerializedFileWriter<W>,
    rows: &mut Vec<Vec<String>>,
) -> std::result::Result<(), parquet::errors::ParquetError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut rg = w.next_row_group()?;
    let mut i = 0;
    while let Some(mut col) = rg.next_column()? {
        let values = rows
            .iter()
            .map(|r| r.get(i).map(String::as_str).unwrap_or(""));
        let def: Vec<i16> = values.clone().map(|v| i16::from(!v.is_empty())).collect();
        let present = values.filter(|v| !v.is_empty());
        match kind(CSV_HEADER.get(i).copied().unwrap_or("")) {
            Kind::Str => {
                let v: Vec<ByteArray> = present.map(ByteArray::from).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&def), None)?;
            }
            Kind::I64 => {
                let v: Vec<i64> = present.map(|s| s.parse().unwrap_or(0)).collect();
                col.typed::<Int64Type>().write_batch(&v, Some(&def), None)?;
            }
            Kind::I32 => {
                let v: Vec<i32> = present.map(|s| s.parse().unwrap_or(0)).collect();
                col.typed::<Int32Type>().write_batch(&v, Some(&def), None)?;
            }
            Kind::F64 => {
                let v: Vec<f64> = present.map(|s| s.parse().unwrap_or(0.0)).collect();
                col.typed::<DoubleType>()
                    .write_batch(&v, Some(&def), None)?;
            }
            Kind::Bool => {
                let v: Vec<bool> = present.map(|s| s == "true").collect();
                col.typed::<BoolType>().write_batch(&v, Some(&def), None)?;
            }
        }
        col.close()?;
        i += 1;
    }
    rg.close()?;
    rows.clear();
    Ok(())
}

impl Store {
    /// Writes every event matching `filter`, in storage order, as a Parquet file to `out`;
    /// returns the number of events written.
    pub fn export_parquet<W: std::io::Write + Send>(
        &self,
        filter: &EventFilter,
        out: W,
    ) -> Result<u64> {
        let schema = Arc::new(parse_message_type(&schema()).map_err(err)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("jirga {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let mut w = SerializedFileWriter::new(out, schema, props).map_err(err)?;
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(ROW_GROUP.min(4096));
        let mut failed = None;
        let n = self.export_rows(filter, |row| {
            rows.push(csv_row(row));
            if rows.len() >= ROW_GROUP {
                if let Err(e) = flush(&mut w, &mut rows) {
                    let msg = e.to_string();
                    failed = Some(e);
                    return Err(std::io::Error::other(msg));
                }
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(err(e));
        }
        let n = n?;
        flush(&mut w, &mut rows).map_err(err)?;
        w.close().map_err(err)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{document, Rng};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn parquet_export_round_trips() {
        let mut s = Store::open_in_memory().unwrap();
        let mut rng = Rng::new(5);
        let docs: Vec<_> = (0..30).map(|n| document(&mut rng, n, 5)).collect();
        for o in s.ingest_batch(&docs).unwrap() {
            o.unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.parquet");
        let n = s
            .export_parquet(
                &EventFilter::default(),
                std::fs::File::create(&path).unwrap(),
            )
            .unwrap();
        assert_eq!(n, 150);
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), 150);
        let fields = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns();
        assert_eq!(fields, CSV_HEADER.len());
        let first = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
        let text = first.to_string();
        assert!(text.contains("event_id: \"synth-0#0.0\""), "{text}");
        assert!(text.contains("quad_class: "), "{text}");
        // A filter narrows the export as it does the others.
        let f = EventFilter {
            root: Some("04".into()),
            ..Default::default()
        };
        let mut buf = Vec::new();
        let m = s.export_parquet(&f, &mut buf).unwrap();
        assert!(m > 0 && m < 150);
        assert_eq!(&buf[..4], b"PAR1");
    }
}
