//! Dictionary file formats: parsing of the main files (`countries.txt`, `agents.txt`...)
//! and of the people files (`people/*.txt`) into [`Entry`] values.
//!
//! Main files: one entry a line, `KIND CODE : phrase ; phrase ... [| START..END CODE]`,
//! `#` starts a comment; the first lines must hold `# version: N`. Kinds:
//!
//! | kind | meaning | code |
//! |---|---|---|
//! | `country` | name of a country or territory | `AFG` |
//! | `adj` | adjective or singular demonym ("Afghan"); plural demonyms are derived for `-an`, `-i` | `AFG` |
//! | `people` | plural demonym ("Filipinos") | `PHL` |
//! | `capital` | capital city (first phrase is the canonical city name) | `RUS` |
//! | `city` | other major city | `AFG` |
//! | `seat` | seat of government standing for it ("the Kremlin") | `RUSGOV` |
//! | `igo` | international organisation | `UNO` |
//! | `group` | non-state armed or political group | `TAL` |
//! | `agent` | role noun or title, code = sectors (`-` for none) | `GOV` |
//! | `mod` | modifier skipped before a role ("deputy"), no code | |
//!
//! Phrase suffixes: `!` plural, no plural form derived; `*` singular, no plural form
//! derived. Agent phrases without a suffix are singular and get an English plural.

use crate::ActorError;

/// What kind of dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum EntryKind {
    Country,
    Adj,
    People,
    Capital,
    City,
    Seat,
    Igo,
    Group,
    Agent,
    Person,
}

impl EntryKind {
    /// Priority when several entries share a key (lower wins).
    pub(crate) fn priority(self) -> u8 {
        match self {
            EntryKind::Seat => 0,
            EntryKind::Igo => 1,
            EntryKind::Group => 2,
            EntryKind::Country => 3,
            EntryKind::Adj => 4,
            EntryKind::People => 5,
            EntryKind::Capital => 6,
            EntryKind::City => 7,
            EntryKind::Person => 8,
            EntryKind::Agent => 9,
        }
    }
    /// Whether the entry can stand before a role as its owner ("Russia's", "Afghan", "UN").
    pub(crate) fn is_owner(self) -> bool {
        matches!(
            self,
            EntryKind::Country
                | EntryKind::Adj
                | EntryKind::Capital
                | EntryKind::City
                | EntryKind::Seat
                | EntryKind::Igo
                | EntryKind::Group
        )
    }
}

/// A dated code: an office of a person, or a period a group's code changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Office {
    /// First day, `yyyymmdd` (0 = open).
    pub start: u32,
    /// Last day, `yyyymmdd` (99999999 = open).
    pub end: u32,
    /// Actor code.
    pub code: String,
    /// Free text.
    pub desc: String,
}

/// One dictionary entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    /// Code (for agents: sector codes, possibly empty).
    pub code: String,
    /// Canonical name: the first phrase, or the person's full name.
    pub name: String,
    /// Dated codes (person offices, group periods).
    pub offices: Vec<Office>,
    /// Undated default (people's `*` line).
    pub default: Option<String>,
    /// Provenance, `file:line`.
    pub source: String,
    /// A role with a countable title ("minister"), not only institutions ("ministry*").
    pub title: bool,
}

impl Entry {
    /// The code valid on `date` (`yyyymmdd`), or the most recent one when no date.
    pub(crate) fn code_on(&self, date: Option<u32>) -> Option<String> {
        if self.offices.is_empty() {
            if self.kind == EntryKind::Person {
                return self.default.clone();
            }
            return Some(self.code.clone());
        }
        let undated = || {
            if self.kind == EntryKind::Person {
                self.default.clone()
            } else {
                Some(self.code.clone())
            }
        };
        match date {
            Some(d) => {
                let best = self
                    .offices
                    .iter()
                    .filter(|o| o.start <= d && d <= o.end)
                    .max_by_key(|o| o.start);
                if let Some(o) = best {
                    return Some(o.code.clone());
                }
                if let Some(c) = undated() {
                    return Some(c);
                }
                // No office then and no default: the country of the nearest earlier office.
                let near = self
                    .offices
                    .iter()
                    .filter(|o| o.end < d)
                    .max_by_key(|o| o.end)
                    .or_else(|| self.offices.iter().min_by_key(|o| o.start));
                near.map(|o| o.code.chars().take(3).collect())
            }
            None => {
                if self.kind != EntryKind::Person {
                    return undated();
                }
                self.offices
                    .iter()
                    .max_by_key(|o| (o.start, o.end))
                    .map(|o| o.code.clone())
                    .or_else(|| self.default.clone())
            }
        }
    }
    /// Whether an office (or, for non-people, any period) holds on `date`.
    pub(crate) fn in_office(&self, date: u32) -> bool {
        self.offices
            .iter()
            .any(|o| o.start <= date && date <= o.end)
    }
}

/// A phrase to compile: its text, the entry, whether it is plural and whether it
/// matches case-insensitively.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub text: String,
    pub entry: u32,
    pub plural: bool,
    pub folded: bool,
}

/// Everything parsed from the files, before compiling.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub entries: Vec<Entry>,
    pub phrases: Vec<Phrase>,
    pub mods: Vec<String>,
    /// (file, version, entries).
    pub files: Vec<(String, String, usize)>,
    /// People by canonical name, to merge a person listed in two files.
    people: std::collections::HashMap<String, u32>,
    /// (entry, phrase) pairs already added for people.
    person_phrases: std::collections::HashSet<(u32, String)>,
}

fn syntax(file: &str, line: usize, reason: impl Into<String>) -> ActorError {
    ActorError::Syntax {
        file: file.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Strips a `#` comment (a `#` at the start or after white space).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// The `# version: N` header, if the file has one among its leading comment lines.
fn version_header(text: &str) -> Option<String> {
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let rest = t.strip_prefix('#')?;
        if let Some(v) = rest.trim().strip_prefix("version:") {
            let v = v.trim();
            if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                return Some(v.to_string());
            }
            return None;
        }
    }
    None
}

/// Whether `code` is a well-formed actor code: groups of three `A-Z0-9`.
pub(crate) fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len().is_multiple_of(3)
        && code
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Parses a date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into `yyyymmdd`; `end` fills missing
/// parts with the last month/day.
pub(crate) fn parse_date(s: &str, end: bool) -> Option<u32> {
    let mut it = s.split('-');
    let y: u32 = it.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m: Option<u32> = match it.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let d: Option<u32> = match it.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    if it.next().is_some() {
        return None;
    }
    if let Some(m) = m {
        if !(1..=12).contains(&m) {
            return None;
        }
    }
    if let Some(d) = d {
        if !(1..=31).contains(&d) {
            return None;
        }
    }
    let m = m.unwrap_or(if end { 12 } else { 1 });
    let d = d.unwrap_or(if end { 31 } else { 1 });
    Some(y * 10000 + m * 100 + d)
}

/// Parses a document date (`YYYY-MM-DD`, optionally followed by a time; or `YYYY-MM`, `YYYY`).
pub(crate) fn doc_date(s: &str) -> Option<u32> {
    let s = s.trim();
    let head = s
        .get(..10)
        .filter(|h| h.len() == 10 && h.as_bytes()[4] == b'-');
    match head {
        Some(h) => parse_date(h, false),
        None => parse_date(s, false),
    }
}

/// Parses `START..END` into a day range.
fn parse_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once("..")?;
    let start = if a.is_empty() {
        0
    } else {
        parse_date(a, false)?
    };
    let end = if b.is_empty() {
        99_999_999
    } else {
        parse_date(b, true)?
    };
    (start <= end).then_some((start, end))
}

/// Parses an office line body `START..END CODE description`.
fn parse_office(body: &str) -> Result<Office, String> {
    let body = body.trim();
    let (range, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let (start, end) = parse_range(range).ok_or_else(|| {
        format!("bad date range `{range}` (want START..END, dates YYYY[-MM[-DD]])")
    })?;
    let rest = rest.trim_start();
    let (code, desc) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if !valid_code(code) {
        return Err(format!("bad actor code `{code}`"));
    }
    Ok(Office {
        start,
        end,
        code: code.to_string(),
        desc: desc.trim().to_string(),
    })
}

/// English plural of the last word of a phrase.
pub(crate) fn pluralize(phrase: &str) -> String {
    let (head, last) = match phrase.rfind(' ') {
        Some(i) => (&phrase[..=i], &phrase[i + 1..]),
        None => ("", phrase),
    };
    let lower = last.to_lowercase();
    let plural = if lower.ends_with("man") && lower != "german" && lower != "ottoman" {
        format!("{}en", &last[..last.len() - 2])
    } else if lower == "person" {
        "people".to_string()
    } else if lower == "child" {
        "children".to_string()
    } else if lower.ends_with('y')
        && !matches!(
            lower.as_bytes().get(lower.len().wrapping_sub(2)),
            Some(b'a' | b'e' | b'o' | b'u')
        )
    {
        format!("{}ies", &last[..last.len() - 1])
    } else if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{plural}")
}

impl Parsed {
    fn push_entry(&mut self, e: Entry) -> u32 {
        self.entries.push(e);
        (self.entries.len() - 1) as u32
    }

    fn push_phrase(&mut self, text: &str, entry: u32, plural: bool, folded: bool) {
        self.phrases.push(Phrase {
            text: text.to_string(),
            entry,
            plural,
            folded,
        });
    }

    /// Parses one main dictionary file.
    pub(crate) fn main_file(&mut self, file: &str, text: &str) -> Result<(), ActorError> {
        let version =
            version_header(text).ok_or_else(|| syntax(file, 1, "missing `# version: N` header"))?;
        let mut count = 0usize;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let (head, rest) = line
                .split_once(':')
                .ok_or_else(|| syntax(file, lineno, "missing `:` between kind/code and phrases"))?;
            let mut hw = head.split_whitespace();
            let kind_word = hw.next().unwrap_or("");
            let code = hw.next().unwrap_or("");
            if hw.next().is_some() {
                return Err(syntax(
                    file,
                    lineno,
                    "more than a kind and a code before `:`",
                ));
            }
            let mut fields = rest.split('|');
            let phrases: Vec<&str> = fields
                .next()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .collect();
            if phrases
                .iter()
                .any(|p| p.is_empty() || p == &"!" || p == &"*")
            {
                return Err(syntax(file, lineno, "empty phrase"));
            }
            if kind_word == "mod" {
                if !code.is_empty() {
                    return Err(syntax(file, lineno, "`mod` takes no code"));
                }
                self.mods.extend(phrases.iter().map(|p| p.to_lowercase()));
                count += 1;
                continue;
            }
            let kind = match kind_word {
                "country" => EntryKind::Country,
                "adj" => EntryKind::Adj,
                "people" => EntryKind::People,
                "capital" => EntryKind::Capital,
                "city" => EntryKind::City,
                "seat" => EntryKind::Seat,
                "igo" => EntryKind::Igo,
                "group" => EntryKind::Group,
                "agent" => EntryKind::Agent,
                other => {
                    return Err(syntax(file, lineno, format!("unknown kind `{other}`")));
                }
            };
            let code = if kind == EntryKind::Agent && code == "-" {
                ""
            } else {
                code
            };
            if !(valid_code(code) || code.is_empty() && kind == EntryKind::Agent) {
                return Err(syntax(file, lineno, format!("bad actor code `{code}`")));
            }
            let mut offices = Vec::new();
            for f in fields {
                let o = parse_office(f.trim()).map_err(|r| syntax(file, lineno, r))?;
                offices.push(o);
            }
            let name = phrases[0].trim_end_matches(['!', '*']).to_string();
            let id = self.push_entry(Entry {
                kind,
                code: code.to_string(),
                name,
                offices,
                default: None,
                source: format!("{file}:{lineno}"),
                title: kind == EntryKind::Agent
                    && phrases
                        .iter()
                        .any(|p| !p.ends_with('!') && !p.ends_with('*')),
            });
            for p in &phrases {
                let (text, mark) = match p.strip_suffix('!') {
                    Some(t) => (t.trim(), Some(true)),
                    None => match p.strip_suffix('*') {
                        Some(t) => (t.trim(), Some(false)),
                        None => (*p, None),
                    },
                };
                match kind {
                    EntryKind::Agent => {
                        let plural = mark.unwrap_or(false);
                        self.push_phrase(text, id, plural, true);
                        if mark.is_none() {
                            self.push_phrase(&pluralize(text), id, true, true);
                        }
                    }
                    EntryKind::Adj => {
                        self.push_phrase(text, id, mark.unwrap_or(false), false);
                        if mark.is_none() && (text.ends_with("an") || text.ends_with('i')) {
                            self.push_phrase(&format!("{text}s"), id, true, false);
                        }
                    }
                    EntryKind::People => self.push_phrase(text, id, mark.unwrap_or(true), false),
                    _ => self.push_phrase(text, id, mark.unwrap_or(false), false),
                }
            }
            count += 1;
        }
        self.files.push((file.to_string(), version, count));
        Ok(())
    }

    /// Parses one people file; a person already known by the same canonical name gets
    /// the new aliases and offices added.
    pub(crate) fn people_file(&mut self, file: &str, text: &str) -> Result<(), ActorError> {
        let version = version_header(text).unwrap_or_else(|| "0".to_string());
        let mut count = 0usize;
        let mut current: Option<u32> = None;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = strip_comment(raw);
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if let Some(names) = t.strip_prefix('=') {
                if raw.starts_with(char::is_whitespace) {
                    return Err(syntax(
                        file,
                        lineno,
                        "a `=` person line must not be indented",
                    ));
                }
                let names: Vec<&str> = names.split(';').map(str::trim).collect();
                if names.iter().any(|n| n.is_empty()) {
                    return Err(syntax(file, lineno, "empty name or alias"));
                }
                let canonical = names[0].to_string();
                let existing = self.people.get(&canonical).copied();
                let id = match existing {
                    Some(id) => id,
                    None => {
                        count += 1;
                        self.push_entry(Entry {
                            kind: EntryKind::Person,
                            code: String::new(),
                            name: canonical.clone(),
                            offices: Vec::new(),
                            default: None,
                            source: format!("{file}:{lineno}"),
                            title: false,
                        })
                    }
                };
                self.people.insert(canonical, id);
                for n in &names {
                    if self.person_phrases.insert((id, n.to_string())) {
                        self.push_phrase(n, id, false, false);
                    }
                }
                current = Some(id);
                continue;
            }
            if !raw.starts_with(char::is_whitespace) {
                return Err(syntax(
                    file,
                    lineno,
                    "expected `= Name ; alias`, an indented office line or an indented `* CODE`",
                ));
            }
            let id = current
                .ok_or_else(|| syntax(file, lineno, "office line before any `= Name` line"))?
                as usize;
            if let Some(code) = t.strip_prefix('*') {
                let code = code.trim();
                if !valid_code(code) {
                    return Err(syntax(file, lineno, format!("bad actor code `{code}`")));
                }
                self.entries[id].default = Some(code.to_string());
            } else {
                let o = parse_office(t).map_err(|r| syntax(file, lineno, r))?;
                if !self.entries[id].offices.contains(&o) {
                    self.entries[id].offices.push(o);
                }
            }
        }
        for e in &self.entries {
            let here = e.source.rsplit_once(':').is_some_and(|(f, _)| f == file);
            if here && e.kind == EntryKind::Person && e.offices.is_empty() && e.default.is_none() {
                return Err(syntax(
                    file,
                    e.source
                        .rsplit(':')
                        .next()
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0),
                    format!(
                        "person `{}` has neither an office nor a `* CODE` line",
                        e.name
                    ),
                ));
            }
        }
        self.files.push((file.to_string(), version, count));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_with_open_ends() {
        assert_eq!(parse_date("2019", false), Some(20190101));
        assert_eq!(parse_date("2019", true), Some(20191231));
        assert_eq!(parse_date("2019-02", true), Some(20190231));
        assert_eq!(parse_date("2019-02-01", false), Some(20190201));
        assert_eq!(parse_date("2019-13", false), None);
        assert_eq!(parse_date("19", false), None);
        assert_eq!(parse_range("2021-08-15.."), Some((20210815, 99_999_999)));
        assert_eq!(parse_range("..2005"), Some((0, 20051231)));
        assert_eq!(parse_range("2010..2005"), None);
        assert_eq!(doc_date("2018-11-09T10:00:00Z"), Some(20181109));
    }

    #[test]
    fn plurals_follow_english() {
        assert_eq!(pluralize("foreign minister"), "foreign ministers");
        assert_eq!(pluralize("spokesman"), "spokesmen");
        assert_eq!(pluralize("deputy"), "deputies");
        assert_eq!(pluralize("envoy"), "envoys");
        assert_eq!(pluralize("witness"), "witnesses");
        assert_eq!(pluralize("chief"), "chiefs");
    }

    #[test]
    fn malformed_lines_say_where() {
        let mut p = Parsed::default();
        let err = p
            .main_file(
                "x.txt",
                "# version: 1\ncountry AFG : Afghanistan\nnation AFG : Kabul\n",
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "x.txt:3: unknown kind `nation`");
        let err = Parsed::default()
            .main_file("y.txt", "country AFG : Afghanistan\n")
            .unwrap_err();
        assert!(err.to_string().contains("version"), "{err}");
        let err = Parsed::default()
            .main_file("z.txt", "# version: 1\ncountry af : Afghanistan\n")
            .unwrap_err();
        assert!(
            err.to_string().starts_with("z.txt:2: bad actor code"),
            "{err}"
        );
        let err = Parsed::default()
            .people_file("people/a.txt", "# version: 1\n  2001..2002 AFGGOV x\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("people/a.txt:2:"), "{err}");
        let err = Parsed::default()
            .people_file("people/a.txt", "= A B ; B\n  2001..20x2 AFGGOV x\n")
            .unwrap_err();
        assert!(err.to_string().contains("bad date range"), "{err}");
    }

    #[test]
    fn person_code_follows_the_date() {
        let mut p = Parsed::default();
        p.people_file(
            "people/t.txt",
            "= Jane Roe ; Roe\n  2010..2014 XYZLEG senator\n  2015-01-20..2019-01-19 XYZGOV president\n  * XYZ\n",
        )
        .unwrap();
        let e = &p.entries[0];
        assert_eq!(e.code_on(Some(20120101)).as_deref(), Some("XYZLEG"));
        assert_eq!(e.code_on(Some(20160101)).as_deref(), Some("XYZGOV"));
        assert_eq!(e.code_on(Some(20200101)).as_deref(), Some("XYZ"));
        assert_eq!(e.code_on(None).as_deref(), Some("XYZGOV"));
    }
}
