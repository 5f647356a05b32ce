//! Dates as the store keeps them: the ISO text as precise as known, plus integer keys
//! (days since 1970-01-01 and `YYYYMM`) that the indexes and the time series group on.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A year only (`2018`).
    Year = 1,
    /// A month (`2018-11`).
    Month = 2,
    /// A day (`2018-11-09`, possibly with a time that is ignored).
    Day = 3,
}

/// A parsed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreDate {
    /// First day covered, as days since 1970-01-01.
    pub day: i64,
    /// Year * 100 + month of the first day covered.
    pub month: i64,
    /// Precision of the original text.
    pub precision: Precision,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Days since 1970-01-01 of a calendar date.
pub fn days_of(d: NaiveDate) -> i64 {
    (d - epoch()).num_days()
}

/// Calendar date of a day number.
pub fn date_of(day: i64) -> Option<NaiveDate> {
    epoch().checked_add_signed(chrono::Duration::try_days(day)?)
}

/// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and `YYYY-MM-DDThh:mm...` (the time is ignored).
/// Returns `None` for anything else.
pub fn parse(s: &str) -> Option<StoreDate> {
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let year_txt = s.get(0..4)?;
    if !digits(year_txt) {
        return None;
    }
    let year: i32 = year_txt.parse().ok()?;
    let (month, day, precision) = match s.len() {
        4 => (1, 1, Precision::Year),
        7 => {
            let m = s.get(5..7)?;
            if s.as_bytes().get(4) != Some(&b'-') || !digits(m) {
                return None;
            }
            (m.parse().ok()?, 1, Precision::Month)
        }
        n if n >= 10 => {
            let (m, d) = (s.get(5..7)?, s.get(8..10)?);
            let b = s.as_bytes();
            if b[4] != b'-' || b[7] != b'-' || !digits(m) || !digits(d) {
                return None;
            }
            if n > 10 && !matches!(b[10], b'T' | b't' | b' ') {
                return None;
            }
            (m.parse().ok()?, d.parse().ok()?, Precision::Day)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(StoreDate {
        day: days_of(date),
        month: i64::from(date.year()) * 100 + i64::from(date.month()),
        precision,
    })
}

/// Canonical text of a parsed date at its precision.
pub fn format(d: &StoreDate) -> String {
    let Some(date) = date_of(d.day) else {
        return String::new();
    };
    match d.precision {
        Precision::Year => format!("{:04}", date.year()),
        Precision::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Precision::Day => date.format("%Y-%m-%d").to_string(),
    }
}

/// Label of a day number as `YYYY-MM-DD`.
pub fn day_label(day: i64) -> String {
    date_of(day)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Day number of the Monday starting the week of `day`.
pub fn week_start(day: i64) -> i64 {
    // 1970-01-01 was a Thursday: Monday-based weekday index is (day + 3) mod 7.
    day - (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        let d = parse("2018-11-09").unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.month, 201811);
        assert_eq!(day_label(d.day), "2018-11-09");
        let m = parse("2018-11").unwrap();
        assert_eq!(m.precision, Precision::Month);
        assert_eq!(day_label(m.day), "2018-11-01");
        assert_eq!(format(&m), "2018-11");
        assert_eq!(parse("2018").unwrap().precision, Precision::Year);
        assert_eq!(parse("2018-11-09T10:00:00Z").unwrap().day, d.day);
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "18-11-09",
            "2018-13-01",
            "2018-02-30",
            "2018/11/09",
            "abcd",
            "2018-11-09x",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2018-11-09 was a Friday; its week starts Monday 2018-11-05.
        let d = parse("2018-11-09").unwrap().day;
        assert_eq!(day_label(week_start(d)), "2018-11-05");
        let mon = parse("2018-11-05").unwrap().day;
        assert_eq!(week_start(mon), mon);
    }
}
