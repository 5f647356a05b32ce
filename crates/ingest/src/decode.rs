//! Bytes to text: byte-order marks, the declared charset (HTTP header or `<meta>`),
//! UTF-8 validity, UTF-16 without a BOM, and `chardetng` for undeclared legacy
//! encodings, decoded with `encoding_rs` (the WHATWG rules browsers follow).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// Text decoded from bytes, with the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// WHATWG name of the encoding used.
    pub encoding: &'static str,
    /// Whether some bytes were invalid and replaced by U+FFFD.
    pub lossy: bool,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#)
        .expect("the charset pattern is a valid regex")
});

/// Guesses UTF-16 without a byte-order mark from the pattern of NUL bytes
/// (ASCII markup in UTF-16 has a NUL in every other byte).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 > pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether bytes look binary: NUL bytes (outside UTF-16) or many control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() || Encoding::for_bom(head).is_some() || utf16_without_bom(head).is_some() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

/// Decodes HTML bytes. `declared` is a charset from outside the document (an HTTP
/// `Content-Type` header); a `<meta charset>` in the first 4 KB is looked at next.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let meta = || {
        let head = &bytes[..bytes.len().min(4096)];
        META_CHARSET
            .captures(head)
            .and_then(|c| c.get(1))
            .and_then(|m| Encoding::for_label(m.as_bytes()))
            // A document that could be read as ASCII cannot really be UTF-16 (WHATWG rule).
            .map(|e| {
                if e == UTF_16LE || e == UTF_16BE {
                    UTF_8
                } else {
                    e
                }
            })
    };
    decode_with(bytes, declared, meta)
}

/// Decodes plain text bytes (no markup to look at).
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> Decoded {
    decode_with(bytes, declared, || None)
}

fn decode_with(
    bytes: &[u8],
    declared: Option<&str>,
    meta: impl FnOnce() -> Option<&'static Encoding>,
) -> Decoded {
    let encoding = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, lossy) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            lossy,
        };
    } else if let Some(enc) = utf16_without_bom(bytes) {
        enc
    } else if let Some(enc) = declared.and_then(|d| Encoding::for_label(d.trim().as_bytes())) {
        enc
    } else if let Some(enc) = meta() {
        enc
    } else if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Allow)
    };
    let (text, lossy) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_declared_in_meta() {
        let mut bytes = b"<html><head><meta charset=\"windows-1252\"></head><body>caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b" \x93quoted\x94</body></html>");
        let d = decode_html(&bytes, None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café “quoted”"));
        assert!(!d.lossy);
    }

    #[test]
    fn windows_1252_undeclared_is_detected() {
        let mut bytes = b"<p>The minister said the r".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"gime \x93would not fall\x94 before the d");
        bytes.push(0xE9);
        bytes.extend_from_slice(b"but of the season.</p>");
        let d = decode_html(&bytes, None);
        assert!(d.text.contains("régime “would not fall”"), "{}", d.text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "<html><body>Kabul talks</body></html>";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_html(&le, None).text, s);
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode_html(&be, None);
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "UTF-16BE");
        assert!(!looks_binary(&be));
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let bytes = b"<meta charset=utf-8>caf\xE9";
        assert_eq!(
            decode_html(bytes, Some("iso-8859-1")).text,
            "<meta charset=utf-8>café"
        );
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"));
        assert!(!looks_binary("plain text\nwith lines\n".as_bytes()));
    }
}
