//! The model file container shared by the tagger and the parser.
//!
//! A model file is small, self-describing and checked on load:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `JIRGAMDL` |
//! | 4 | format version, u32 little-endian ([`FORMAT_VERSION`]) |
//! | 4 + n | model kind (`tagger`, `parser`): u32 length, UTF-8 |
//! | 4 + n | metadata ([`ModelMeta`]) as JSON: u32 length, UTF-8 |
//! | 8 + n | payload (the model's own serialisation): u64 length, bytes |
//! | 8 | XXH3-64 checksum of everything before it, little-endian |
//!
//! The loader accepts format versions [`OLDEST_READABLE_VERSION`]`..=`[`FORMAT_VERSION`]
//! and refuses anything else with a message telling to retrain, as tantivy refuses an
//! index written by a version it cannot read. The checksum, printed short by
//! [`version_id`], is the version stamp the parse stage puts on every document.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Magic bytes opening every model file.
pub const MAGIC: &[u8; 8] = b"JIRGAMDL";
/// Format version written by this code.
pub const FORMAT_VERSION: u32 = 1;
/// Oldest format version this code reads.
pub const OLDEST_READABLE_VERSION: u32 = 1;

/// Errors reading or writing model files; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// I/O error.
    #[error("model file {path}: {source}")]
    Io {
        /// File name.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// Not a jirga model file.
    #[error("{path} is not a jirga model file (no `JIRGAMDL` magic)")]
    NotAModel {
        /// File name.
        path: String,
    },
    /// Format version outside the readable range.
    #[error(
        "model file {path} has format version {found}, this jirga reads versions \
         {OLDEST_READABLE_VERSION} to {FORMAT_VERSION}; retrain with `jirga train --train FILE --dev FILE --out DIR`"
    )]
    Version {
        /// File name.
        path: String,
        /// Version in the file.
        found: u32,
    },
    /// Kind differs from the expected one.
    #[error("model file {path} holds a `{found}` model where a `{expected}` model was expected")]
    WrongKind {
        /// File name.
        path: String,
        /// Kind in the file.
        found: String,
        /// Kind asked for.
        expected: String,
    },
    /// Checksum mismatch.
    #[error("model file {path} is corrupt: checksum {found:016x} does not match the stored {stored:016x}")]
    Checksum {
        /// File name.
        path: String,
        /// Stored checksum.
        stored: u64,
        /// Computed checksum.
        found: u64,
    },
    /// Truncated or otherwise malformed container.
    #[error("model file {path} is malformed: {what}")]
    Malformed {
        /// File name.
        path: String,
        /// What is wrong.
        what: String,
    },
    /// The payload could not be encoded or decoded.
    #[error("model file {path}: payload: {what}")]
    Payload {
        /// File name.
        path: String,
        /// What is wrong.
        what: String,
    },
}

/// Result with [`ModelError`].
pub type Result<T> = std::result::Result<T, ModelError>;

/// What a model file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// POS tagger with its lemma table and vocabulary.
    Tagger,
    /// Dependency parser.
    Parser,
}

impl ModelKind {
    /// Name written into the file.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Tagger => "tagger",
            ModelKind::Parser => "parser",
        }
    }
}

impl std::fmt::Display for ModelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Metadata stored as JSON in every model file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// File name of the training data.
    #[serde(default)]
    pub training_file: String,
    /// Number of training sentences.
    #[serde(default)]
    pub sentences: usize,
    /// Random seed of the training run.
    #[serde(default)]
    pub seed: u64,
    /// Version of the feature set (models with another feature set are not comparable).
    #[serde(default)]
    pub feature_set: u32,
    /// Version of jirga that wrote the model.
    #[serde(default)]
    pub created_by: String,
    /// Number of training epochs kept.
    #[serde(default)]
    pub epochs: usize,
    /// Scores on the development file (metric name → percentage).
    #[serde(default)]
    pub dev_scores: BTreeMap<String, f64>,
}

/// Encodes a model file into bytes.
pub fn encode_model(
    kind: ModelKind,
    meta: &ModelMeta,
    payload: &[u8],
    name: &str,
) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(meta).map_err(|e| ModelError::Payload {
        path: name.to_string(),
        what: format!("metadata: {e}"),
    })?;
    let kind = kind.as_str().as_bytes();
    let mut out = Vec::with_capacity(payload.len() + json.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(kind.len() as u32).to_le_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// Writes a model file (via a temporary file renamed into place).
pub fn write_model(path: &Path, kind: ModelKind, meta: &ModelMeta, payload: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let bytes = encode_model(kind, meta, payload, &name)?;
    let io = |source| ModelError::Io {
        path: name.clone(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("bin.tmp");
    std::fs::write(&tmp, &bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// Reads and checks a model file; returns its metadata and payload.
pub fn read_model(path: &Path, expected: ModelKind) -> Result<(ModelMeta, Vec<u8>)> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
        path: name.clone(),
        source,
    })?;
    let (meta, payload) = decode_model(&bytes, &name, expected)?;
    Ok((meta, payload.to_vec()))
}

/// Checks a model file held in memory; `name` names it in errors. Returns the
/// metadata and a slice of the payload.
pub fn decode_model<'b>(
    bytes: &'b [u8],
    name: &str,
    expected: ModelKind,
) -> Result<(ModelMeta, &'b [u8])> {
    let malformed = |what: &str| ModelError::Malformed {
        path: name.to_string(),
        what: what.to_string(),
    };
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::NotAModel {
            path: name.to_string(),
        });
    }
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let version = r.u32().ok_or_else(|| malformed("truncated header"))?;
    if !(OLDEST_READABLE_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(ModelError::Version {
            path: name.to_string(),
            found: version,
        });
    }
    if bytes.len() < MAGIC.len() + 4 + 8 {
        return Err(malformed("truncated file"));
    }
    let body = &bytes[..bytes.len() - 8];
    let mut stored = [0u8; 8];
    stored.copy_from_slice(&bytes[bytes.len() - 8..]);
    let stored = u64::from_le_bytes(stored);
    let found = xxhash_rust::xxh3::xxh3_64(body);
    if stored != found {
        return Err(ModelError::Checksum {
            path: name.to_string(),
            stored,
            found,
        });
    }
    let mut r = Reader {
        bytes: body,
        at: r.at,
    };
    let kind_len = r.u32().ok_or_else(|| malformed("truncated kind"))? as usize;
    let kind = r
        .take(kind_len)
        .ok_or_else(|| malformed("truncated kind"))?;
    let kind = String::from_utf8_lossy(kind).into_owned();
    if kind != expected.as_str() {
        return Err(ModelError::WrongKind {
            path: name.to_string(),
            found: kind,
            expected: expected.as_str().to_string(),
        });
    }
    let json_len = r.u32().ok_or_else(|| malformed("truncated metadata"))? as usize;
    let json = r
        .take(json_len)
        .ok_or_else(|| malformed("truncated metadata"))?;
    let meta: ModelMeta =
        serde_json::from_slice(json).map_err(|e| malformed(&format!("metadata: {e}")))?;
    let payload_len = r.u64().ok_or_else(|| malformed("truncated payload"))?;
    let payload_len = usize::try_from(payload_len).map_err(|_| malformed("payload too large"))?;
    let payload = r
        .take(payload_len)
        .ok_or_else(|| malformed("truncated payload"))?;
    if r.at != body.len() {
        return Err(malformed("trailing bytes after the payload"));
    }
    Ok((meta, payload))
}

/// Short version stamp of a model file: kind and the first 12 hex digits of its
/// checksum (`tagger-3f09a1c2b4d5`). Bytes too short to hold a checksum give `unknown`.
pub fn version_id(bytes: &[u8]) -> String {
    if bytes.len() < 8 {
        return "unknown".to_string();
    }
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&bytes[bytes.len() - 8..]);
    let hex = format!("{:016x}", u64::from_le_bytes(sum));
    hex[..12].to_string()
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Some(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Option<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Some(u64::from_le_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ModelMeta {
        let mut m = ModelMeta {
            training_file: "train.conllu".into(),
            sentences: 3,
            seed: 7,
            feature_set: 1,
            created_by: "jirga test".into(),
            epochs: 2,
            ..Default::default()
        };
        m.dev_scores.insert("upos".into(), 95.5);
        m
    }

    #[test]
    fn round_trip_in_memory_and_on_disk() {
        let bytes = encode_model(ModelKind::Tagger, &meta(), b"payload!", "m").unwrap();
        let (m, p) = decode_model(&bytes, "m", ModelKind::Tagger).unwrap();
        assert_eq!(m, meta());
        assert_eq!(p, b"payload!");
        let dir = std::env::temp_dir().join(format!("jirga-model-test-{}", std::process::id()));
        let path = dir.join("t.bin");
        write_model(&path, ModelKind::Parser, &meta(), b"xyz").unwrap();
        let (m, p) = read_model(&path, ModelKind::Parser).unwrap();
        assert_eq!(m.seed, 7);
        assert_eq!(p, b"xyz");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn corrupt_byte_fails_the_checksum() {
        let mut bytes = encode_model(ModelKind::Tagger, &meta(), b"payload!", "m").unwrap();
        let n = bytes.len();
        bytes[n - 12] ^= 0x40;
        let err = decode_model(&bytes, "m.bin", ModelKind::Tagger).unwrap_err();
        assert!(matches!(err, ModelError::Checksum { .. }), "{err}");
        assert!(err.to_string().contains("m.bin"));
    }

    #[test]
    fn wrong_kind_and_not_a_model() {
        let bytes = encode_model(ModelKind::Tagger, &meta(), b"p", "m").unwrap();
        let err = decode_model(&bytes, "m.bin", ModelKind::Parser).unwrap_err();
        assert!(
            err.to_string().contains("`tagger` model where a `parser`"),
            "{err}"
        );
        let err = decode_model(b"hello world, not a model", "x", ModelKind::Parser).unwrap_err();
        assert!(matches!(err, ModelError::NotAModel { .. }));
        for cut in [0, 5, 10, 14, 20] {
            assert!(decode_model(&bytes[..cut.min(bytes.len())], "x", ModelKind::Tagger).is_err());
        }
    }

    #[test]
    fn future_version_is_refused_with_advice() {
        let mut bytes = encode_model(ModelKind::Tagger, &meta(), b"p", "m").unwrap();
        bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let err = decode_model(&bytes, "future.bin", ModelKind::Tagger).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("future.bin") && msg.contains("retrain with `jirga train"),
            "{msg}"
        );
    }

    #[test]
    fn version_id_is_short_and_stable() {
        let a = encode_model(ModelKind::Tagger, &meta(), b"p", "m").unwrap();
        let b = encode_model(ModelKind::Tagger, &meta(), b"q", "m").unwrap();
        assert_eq!(version_id(&a).len(), 12);
        assert_eq!(version_id(&a), version_id(&a.clone()));
        assert_ne!(version_id(&a), version_id(&b));
    }
}
