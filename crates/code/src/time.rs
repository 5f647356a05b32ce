//! Time expressions: explicit dates, years, "since 2005", weekdays, "yesterday", "last month",
//! resolved against the document date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use jirga_doc::{Doc, EventTime};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Whether `w` (lower-cased) names a day: a weekday, "today", "tonight", "yesterday",
/// "tomorrow". Such a word is a time, never a party ("*Wednesday* saw clashes").
pub fn is_day_word(w: &str) -> bool {
    matches!(w, "today" | "tonight" | "yesterday" | "tomorrow")
        || WEEKDAYS.iter().any(|(d, _)| *d == w)
}

/// A time expression found in a sentence: token range and resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Resolved value (without text offsets).
    pub time: EventTime,
}

/// Parses the document date (`YYYY-MM-DD`, possibly followed by a time).
pub fn doc_date(doc: &Doc) -> Option<NaiveDate> {
    let d = doc.meta.date.as_deref()?;
    let head = d.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w)
        .or_else(|| {
            if w.len() == 3 {
                MONTHS_SHORT.iter().position(|m| *m == w)
            } else {
                None
            }
        })
        .map(|i| i as u32 + 1)
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        if (1800..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn day_of(w: &str) -> Option<u32> {
    let w = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn et(date: Option<String>, resolution: &str) -> EventTime {
    EventTime {
        date,
        resolution: resolution.to_string(),
        ..Default::default()
    }
}

/// Finds every time expression in tokens `[start, end)` of `doc` (lower-cased words in `words`).
pub fn find(doc: &Doc, words: &[String], start: usize, dd: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let n = words.len();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let unresolved = "unresolved: no document date";
    let mut i = 0;
    while i < n {
        let word = w(i);
        // Month [day][,] [year] | day Month [year]
        if let Some(m) = month_of(word)
            .filter(|_| word != "may" || year_of(w(i + 1)).is_some() || day_of(w(i + 1)).is_some())
        {
            let mut j = i + 1;
            let mut day = None;
            if let Some(d) = day_of(w(j)) {
                day = Some(d);
                j += 1;
            } else if i > 0 {
                if let Some(d) = day_of(w(i - 1)) {
                    day = Some(d);
                }
            }
            if w(j) == "," {
                j += 1;
            }
            let year = year_of(w(j));
            if year.is_some() {
                j += 1;
            } else if w(j - 1) == "," {
                j -= 1;
            }
            let first = if day.is_some() && i > 0 && day_of(w(i - 1)).is_some() {
                i - 1
            } else {
                i
            };
            let (date, res) = match (year, day, dd) {
                (Some(y), Some(d), _) => (
                    NaiveDate::from_ymd_opt(y, m, d).map(|x| x.to_string()),
                    "explicit",
                ),
                (Some(y), None, _) => (Some(format!("{y:04}-{m:02}")), "explicit"),
                (None, d, Some(doc)) => {
                    let mut y = doc.year();
                    if m > doc.month() {
                        y -= 1;
                    }
                    match d {
                        Some(d) => (
                            NaiveDate::from_ymd_opt(y, m, d).map(|x| x.to_string()),
                            "month-day-before-document-date",
                        ),
                        None => (Some(format!("{y:04}-{m:02}")), "month-before-document-date"),
                    }
                }
                (None, _, None) => (None, unresolved),
            };
            out.push(TimeExpr {
                start: start + first,
                end: start + j,
                time: et(date, res),
            });
            i = j.max(i + 1);
            continue;
        }
        if let Some(y) = year_of(word) {
            let prev = if i > 0 { w(i - 1) } else { "" };
            let res = if prev == "since" { "since" } else { "year" };
            let first = if matches!(prev, "in" | "since" | "during") {
                i - 1
            } else {
                i
            };
            out.push(TimeExpr {
                start: start + first,
                end: start + i + 1,
                time: et(Some(format!("{y:04}")), res),
            });
            i += 1;
            continue;
        }
        if let Some((_, wd)) = WEEKDAYS.iter().find(|(name, _)| *name == word) {
            let first = if i > 0 && w(i - 1) == "on" { i - 1 } else { i };
            let time = match dd {
                Some(d) => {
                    let back = (7 + d.weekday().num_days_from_monday() as i64
                        - wd.num_days_from_monday() as i64)
                        % 7;
                    et(
                        Some((d - Duration::days(back)).to_string()),
                        "weekday-before-document-date",
                    )
                }
                None => et(None, unresolved),
            };
            out.push(TimeExpr {
                start: start + first,
                end: start + i + 1,
                time,
            });
            i += 1;
            continue;
        }
        let rel = match word {
            "yesterday" => Some((1, "day")),
            "today" | "tonight" => Some((0, "day")),
            _ => None,
        };
        if let Some((back, _)) = rel {
            let time = match dd {
                Some(d) => et(
                    Some((d - Duration::days(back)).to_string()),
                    "relative-to-document-date",
                ),
                None => et(None, unresolved),
            };
            out.push(TimeExpr {
                start: start + i,
                end: start + i + 1,
                time,
            });
            i += 1;
            continue;
        }
        if matches!(word, "last" | "this" | "past") && matches!(w(i + 1), "week" | "month" | "year")
        {
            let unit = w(i + 1);
            let last = word != "this";
            let time = match dd {
                Some(d) => {
                    let date = match (unit, last) {
                        ("week", true) => (d - Duration::days(7)).to_string(),
                        ("week", false) => d.to_string(),
                        ("month", true) => {
                            let (y, m) = if d.month() == 1 {
                                (d.year() - 1, 12)
                            } else {
                                (d.year(), d.month() - 1)
                            };
                            format!("{y:04}-{m:02}")
                        }
                        ("month", false) => format!("{:04}-{:02}", d.year(), d.month()),
                        (_, true) => format!("{:04}", d.year() - 1),
                        _ => format!("{:04}", d.year()),
                    };
                    et(Some(date), "relative-to-document-date")
                }
                None => et(None, unresolved),
            };
            out.push(TimeExpr {
                start: start + i,
                end: start + i + 2,
                time,
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    let _ = doc;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jirga_doc::DocMeta;

    fn run(words: &str, date: Option<&str>) -> Vec<TimeExpr> {
        let mut meta = DocMeta::with_id("t");
        meta.date = date.map(str::to_string);
        let doc = Doc::new(meta, String::new());
        let ws: Vec<String> = words.split(' ').map(str::to_lowercase).collect();
        find(&doc, &ws, 0, doc_date(&doc))
    }

    #[test]
    fn weekday_resolves_to_last_such_day() {
        // 2018-11-09 is a Friday; "on Friday" is that day, "on Tuesday" the 6th.
        let t = run("met him on Friday", Some("2018-11-09"));
        assert_eq!(t[0].time.date.as_deref(), Some("2018-11-09"));
        assert_eq!((t[0].start, t[0].end), (2, 4));
        let t = run("on Tuesday", Some("2018-11-09T10:00:00Z"));
        assert_eq!(t[0].time.date.as_deref(), Some("2018-11-06"));
        assert_eq!(t[0].time.resolution, "weekday-before-document-date");
    }

    #[test]
    fn years_since_and_months() {
        let t = run("In 2016 , Russia", None);
        assert_eq!(t[0].time.date.as_deref(), Some("2016"));
        assert_eq!(t[0].time.resolution, "year");
        let t = run("contacts since 2005", None);
        assert_eq!(t[0].time.resolution, "since");
        let t = run("on March 3 , 2019 they", None);
        assert_eq!(t[0].time.date.as_deref(), Some("2019-03-03"));
        let t = run("last month", Some("2020-01-15"));
        assert_eq!(t[0].time.date.as_deref(), Some("2019-12"));
        let t = run("yesterday", None);
        assert_eq!(t[0].time.resolution, "unresolved: no document date");
        assert!(run("they may meet", None).is_empty());
    }
}
