//! Metadata helpers: date normalisation (meta tags, URL, dateline), language
//! detection, outlet from host, stable ids and content hashes.

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b")
        .expect("the ISO date pattern is a valid regex")
});

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|-|_|$)")
        .expect("the URL date pattern is a valid regex")
});

static URL_COMPACT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
        .expect("the compact URL date pattern is a valid regex")
});

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b"
    ))
    .expect("the month-day-year pattern is a valid regex")
});

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\.?,?\s+((?:19|20)\d{{2}})\b"
    ))
    .expect("the day-month-year pattern is a valid regex")
});

fn month_number(name: &str) -> Option<u32> {
    let m = name.get(..3)?.to_ascii_lowercase();
    let idx = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)?;
    u32::try_from(idx + 1).ok()
}

fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).map(|nd| nd.format("%Y-%m-%d").to_string())
}

/// Normalises a date as found in metadata (RFC 3339, RFC 2822, `2018-11-09…`,
/// `November 9, 2018`, `9 Nov 2018`) to `YYYY-MM-DD`.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Some(c) = ISO_DATE.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        if let Some(d) = ymd(&c[1], m, &c[3]) {
            return Some(d);
        }
    }
    date_in_text(s)
}

/// The first written-out date (`November 9, 2018`, `9 Nov. 2018`) in a text.
pub fn date_in_text(s: &str) -> Option<String> {
    let a = MDY
        .captures(s)
        .and_then(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[1])?, &c[2])?)));
    let b = DMY
        .captures(s)
        .and_then(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[2])?, &c[1])?)));
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    }
}

/// A date in the text's dateline: a written-out date within its first 300 bytes.
pub fn dateline_date(text: &str) -> Option<String> {
    let mut end = text.len().min(300);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    date_in_text(&text[..end])
}

/// A date in a URL path: `/2018/11/09/`, `/2018-11-09-`, `/20181109/`, or `/2018/11/` (month only).
pub fn url_date(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    if let Some(c) = URL_DATE.captures(path) {
        let m: u32 = c[2].parse().ok()?;
        return match c.get(3) {
            Some(d) => ymd(&c[1], m, d.as_str()),
            None => Some(format!("{}-{m:02}", &c[1])),
        };
    }
    let c = URL_COMPACT_DATE.captures(path)?;
    ymd(&c[1], c[2].parse().ok()?, &c[3])
}

/// Host of a URL without `www.`: the outlet when a page does not name itself.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Detects the language of a text (ISO 639-1 where one exists, else 639-3),
/// from its first 4 KB. `None` when the text is too short or mixed to tell.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// ISO 639-1 code of the languages whatlang detects that have one.
fn iso639_1(code3: &str) -> Option<&'static str> {
    const MAP: [(&str, &str); 67] = [
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "no"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
    ];
    MAP.iter().find(|(a, _)| *a == code3).map(|(_, b)| *b)
}

/// Whether a language code stands for English (`en`, `eng`, `en-GB`).
pub fn is_english(code: &str) -> bool {
    let c = code.to_ascii_lowercase();
    c == "en" || c == "eng" || c.starts_with("en-") || c.starts_with("en_")
}

/// Hash of a text with whitespace runs collapsed: equal for exact duplicate texts
/// that differ only in spacing or line breaks.
pub fn content_hash(text: &str) -> u64 {
    let mut norm = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.push_str(w);
    }
    xxh3_64(norm.as_bytes())
}

/// Stable document id: `u` + 16 hex digits of the URL's hash (scheme, `www.`,
/// fragment and trailing slash ignored), or `h` + those of the content hash.
pub fn doc_id(url: Option<&str>, text: &str) -> String {
    match url {
        Some(u) if !u.trim().is_empty() => {
            format!("u{:016x}", xxh3_64(canonical_url(u).as_bytes()))
        }
        _ => format!("h{:016x}", content_hash(text)),
    }
}

/// The URL as compared for identity: no scheme, no `www.`, no fragment, no trailing slash, host lower-cased.
pub fn canonical_url(url: &str) -> String {
    let u = url.trim();
    let u = u.split_once("://").map_or(u, |(_, r)| r);
    let u = u.split('#').next().unwrap_or(u);
    let (host, path) = u.find('/').map_or((u, ""), |i| (&u[..i], &u[i..]));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let path = path.trim_end_matches('/');
    format!("{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_many_shapes() {
        assert_eq!(
            normalize_date("2018-11-09T10:30:00+04:30").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            normalize_date("Fri, 09 Nov 2018 10:30:00 GMT").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(normalize_date("2018-11-09").as_deref(), Some("2018-11-09"));
        assert_eq!(
            normalize_date("November 9, 2018").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            normalize_date("9th Nov. 2018").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(normalize_date("2018-02-30"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            url_date("https://x.com/2018/11/09/russia-talks").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            url_date("https://x.com/news/2018-11-09-russia").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            url_date("https://x.com/2018/11/russia").as_deref(),
            Some("2018-11")
        );
        assert_eq!(
            url_date("https://x.com/a/20181109/b").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(url_date("https://2018.example.com/page/12345"), None);
    }

    #[test]
    fn dateline() {
        let t = "KABUL, November 9, 2018 (Agency) - Talks began.";
        assert_eq!(dateline_date(t).as_deref(), Some("2018-11-09"));
        assert_eq!(dateline_date("No date here at all."), None);
    }

    #[test]
    fn ids_are_stable_and_ignore_url_noise() {
        let a = doc_id(Some("https://www.example.com/a/b/"), "x");
        let b = doc_id(Some("http://example.com/a/b#top"), "y");
        assert_eq!(a, b);
        assert!(a.starts_with('u') && a.len() == 17);
        assert_eq!(doc_id(None, "a  b\nc"), doc_id(None, "a b c"));
        assert_ne!(doc_id(None, "a b c"), doc_id(None, "a b d"));
    }

    #[test]
    fn two_letter_codes_where_they_exist() {
        assert_eq!(iso639_1("ind"), Some("id"));
        assert_eq!(iso639_1("eng"), Some("en"));
        assert_eq!(iso639_1("xyz"), None);
    }

    #[test]
    fn language_and_host() {
        let en = "The foreign ministers of the two countries met in Moscow on Friday to discuss the peace process and the security situation in the region.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        let fr = "Les ministres des affaires étrangères des deux pays se sont réunis vendredi à Moscou pour discuter du processus de paix.";
        assert_eq!(detect_language(fr).as_deref(), Some("fr"));
        assert!(is_english("en-GB"));
        assert_eq!(
            host("https://www.Example.com:8080/x").as_deref(),
            Some("example.com")
        );
    }
}
