//! The lexer: text → tokens with a coarse kind, in one left-to-right pass.
//!
//! The text is first cut at separators (white space, control characters, zero-width
//! characters) into chunks; each chunk is then scanned for URLs, word runs (letters and
//! digits with inner connectors such as the `.` of "U.S" and "3.5", the `,` of
//! "1,500", the `-` of "e-mail") and punctuation. Word runs are cut further: a period
//! glued between two words ("says.Currently"), clitics ("Russia's", "don't"), and
//! run-together words ("andthe").

use crate::runon::{split_point, RunOnRules};
use crate::tables::{abbreviation, keeps_hyphen, Abbr};
use jirga_doc::Lexicon;

/// Coarse token kind, used by the sentence splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (possibly with digits and inner connectors).
    Word,
    /// Starts with a digit.
    Number,
    /// URL or e-mail address found by its scheme.
    Url,
    /// Abbreviation with its final period.
    Abbrev(Abbr),
    /// `.`, `!`, `?`, `...`, `…` and runs of them.
    Terminal,
    /// Double quote (`"`, `“`, `”`, `''`, ...).
    DQuote,
    /// Single quote used as a quotation mark.
    SQuote,
    /// Opening bracket.
    Open,
    /// Closing bracket.
    Close,
    /// Dash (`--`, `—`, `–`).
    Dash,
    /// Any other punctuation or symbol.
    Punct,
}

/// A token: byte offsets into the text and a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Characters that separate tokens and never belong to one.
pub(crate) fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// Combining marks and variation selectors that continue the previous character.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
        | 0xE0100..=0xE01EF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

#[inline]
fn char_at(t: &str, i: usize) -> Option<char> {
    t.get(i..)?.chars().next()
}

#[inline]
fn char_before(t: &str, i: usize) -> Option<char> {
    t.get(..i)?.chars().next_back()
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Byte length of a clitic ending the word ("n't", "'s", "’ll"...) that should be its
/// own token, when a letter precedes it.
fn clitic_len(w: &str) -> Option<usize> {
    const SUFFIXES: [&str; 14] = [
        "n't",
        "n\u{2019}t",
        "'s",
        "\u{2019}s",
        "'m",
        "\u{2019}m",
        "'d",
        "\u{2019}d",
        "'re",
        "\u{2019}re",
        "'ve",
        "\u{2019}ve",
        "'ll",
        "\u{2019}ll",
    ];
    for suf in SUFFIXES {
        if ends_with_ci(w, suf) && w.is_char_boundary(w.len() - suf.len()) {
            let stem = &w[..w.len() - suf.len()];
            if char_before(stem, stem.len()).is_some_and(|c| c.is_alphabetic()) {
                return Some(suf.len());
            }
        }
    }
    None
}

/// Words English writes as one that EWT (like the Penn Treebank) splits in two;
/// returns the byte length of the second part.
fn fused_split(w: &str) -> Option<usize> {
    const FUSED: [&str; 4] = ["cannot", "gonna", "wanna", "gotta"];
    // Negations written without the apostrophe in informal text ("dont" → "do" "nt").
    const NEG: [&str; 14] = [
        "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "havent", "hasnt", "hadnt",
        "couldnt", "wouldnt", "shouldnt", "cant",
    ];
    let is = |f: &&str| f.len() == w.len() && f.eq_ignore_ascii_case(w);
    if FUSED.iter().any(is) {
        return Some(w.len() - 3);
    }
    NEG.iter().any(is).then_some(2)
}

/// A number glued to a unit or word ("375mm", "8gb", "650k") is two tokens in EWT;
/// ordinals and decades ("29th", "1990s") stay whole. Returns the number's length.
fn number_unit_split(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let k = b.iter().position(|c| !c.is_ascii_digit())?;
    if k == 0 || !b[k..].iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let unit = &w[k..];
    let keep = ["st", "nd", "rd", "th", "s", "d"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(unit));
    (!keep).then_some(k)
}

/// Length of an emoticon that makes up the whole of `s` (":)", ":-(", ";)"), or 0.
fn emoticon_len(s: &str) -> usize {
    const FACES: [&str; 12] = [
        ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", "=)", ":/",
    ];
    if FACES.contains(&s) {
        s.len()
    } else {
        0
    }
}

/// The lexer over one text.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    lexicon: Option<&'a dyn Lexicon>,
    runon: Option<RunOnRules>,
    /// Tokens found so far, in text order.
    pub toks: Vec<Tok>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(
        text: &'a str,
        lexicon: Option<&'a dyn Lexicon>,
        runon: Option<RunOnRules>,
    ) -> Self {
        Lexer {
            text,
            lexicon,
            runon,
            toks: Vec::with_capacity(text.len() / 5 + 1),
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        if end > start {
            self.toks.push(Tok { start, end, kind });
        }
    }

    /// Lexes the whole text.
    pub(crate) fn run(mut self) -> Vec<Tok> {
        let t = self.text;
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = match char_at(t, i) {
                Some(c) => c,
                None => break,
            };
            if is_sep(c) {
                i += c.len_utf8();
                continue;
            }
            let mut j = i;
            while j < b.len() {
                // ASCII fast path.
                let x = b[j];
                if x < 0x80 {
                    if x <= b' ' || x == 0x7F {
                        break;
                    }
                    j += 1;
                    continue;
                }
                match char_at(t, j) {
                    Some(d) if !is_sep(d) => j += d.len_utf8(),
                    _ => break,
                }
            }
            self.chunk(i, j);
            i = j;
        }
        self.toks
    }

    /// One chunk of non-separator characters `[s, e)`.
    fn chunk(&mut self, s: usize, e: usize) {
        let t = self.text;
        let mut p = s;
        while p < e {
            match char_at(t, p) {
                Some(c @ ('(' | '[' | '{' | '<' | '"' | '\'' | '\u{201C}' | '\u{2018}')) => {
                    p += c.len_utf8()
                }
                _ => break,
            }
        }
        let rest = &t[p..e];
        let is_url = ["http://", "https://", "ftp://", "www.", "mailto:"]
            .iter()
            .any(|pre| starts_with_ci(rest, pre))
            && rest.len() > 4;
        if is_url {
            self.general(s, p);
            let mut ue = e;
            while ue > p {
                match char_before(t, ue) {
                    Some(')') if t[p..ue].contains('(') => break,
                    Some(
                        c @ ('.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '\u{201D}'
                        | '\u{2019}' | ')' | ']' | '>' | '}'),
                    ) => ue -= c.len_utf8(),
                    _ => break,
                }
            }
            self.push(p, ue, Kind::Url);
            self.general(ue, e);
            return;
        }
        self.general(s, e);
    }

    /// Length in bytes of the run of characters `c` starting at `p`, within `e`.
    fn run_of(&self, p: usize, e: usize, pred: impl Fn(char) -> bool) -> usize {
        let mut q = p;
        while q < e {
            match char_at(self.text, q) {
                Some(c) if pred(c) => q += c.len_utf8(),
                _ => break,
            }
        }
        q
    }

    /// Words and punctuation of `[s, e)`.
    fn general(&mut self, s: usize, e: usize) {
        let t = self.text;
        let mut pos = s;
        while pos < e {
            let c = match char_at(t, pos) {
                Some(c) => c,
                None => return,
            };
            if c.is_alphanumeric() {
                pos = self.word(pos, e);
                continue;
            }
            let len = c.len_utf8();
            let (end, kind) = match c {
                '.' | '!' | '?' | '\u{2026}' => (
                    self.run_of(pos, e, |d| matches!(d, '.' | '!' | '?' | '\u{2026}')),
                    Kind::Terminal,
                ),
                '-' => {
                    let q = self.run_of(pos, e, |d| d == '-');
                    (
                        q,
                        if q - pos >= 2 {
                            Kind::Dash
                        } else {
                            Kind::Punct
                        },
                    )
                }
                '\u{2014}' | '\u{2013}' | '\u{2015}' | '\u{2012}' => {
                    (self.run_of(pos, e, |d| d == c), Kind::Dash)
                }
                '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}'
                | '\u{00BB}' => (pos + len, Kind::DQuote),
                '\'' | '`' => {
                    if char_at(t, pos + 1) == Some(c) && pos + 1 < e {
                        (pos + 2, Kind::DQuote)
                    } else {
                        (pos + 1, Kind::SQuote)
                    }
                }
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => (pos + len, Kind::SQuote),
                '(' | '[' | '{' => (pos + 1, Kind::Open),
                ')' | ']' | '}' => (pos + 1, Kind::Close),
                ':' | ';' | '=' if emoticon_len(&t[pos..e]) > 0 => {
                    (pos + emoticon_len(&t[pos..e]), Kind::Punct)
                }
                '*' | '=' | '_' | '~' | '^' | '<' | '>' | '+' | '#' | '/' | '\\' | '|' | '$' => {
                    (self.run_of(pos, e, |d| d == c), Kind::Punct)
                }
                _ => (
                    // A symbol, emoji or lone mark, with any marks that follow it.
                    self.run_of(pos + len, e, is_mark),
                    Kind::Punct,
                ),
            };
            self.push(pos, end, kind);
            pos = end;
        }
    }

    /// Scans a word run starting at `ws` (a letter or digit) and emits its tokens;
    /// returns where lexing goes on.
    fn word(&mut self, ws: usize, e: usize) -> usize {
        let t = self.text;
        let mut q = ws;
        let mut seg = ws;
        while q < e {
            let c = match char_at(t, q) {
                Some(c) => c,
                None => break,
            };
            let len = c.len_utf8();
            if is_word_char(c) {
                q += len;
                continue;
            }
            let next = if q + len < e {
                char_at(t, q + len)
            } else {
                None
            };
            let n = match next {
                Some(n) if n.is_alphanumeric() => n,
                _ => break,
            };
            let prev = char_before(t, q).unwrap_or(' ');
            let both_digits = prev.is_ascii_digit() && n.is_ascii_digit();
            let take = match c {
                '.' | '@' | '_' => true,
                ',' | ':' => both_digits,
                '/' => {
                    both_digits
                        || (q - seg <= 2
                            && n.is_alphabetic()
                            && t[seg..q].chars().all(char::is_alphabetic))
                }
                '-' if both_digits => self.keeps_digit_hyphen(ws, seg, q, e),
                '-' => n.is_alphabetic() && keeps_hyphen(&t[seg..q]),
                '\'' | '\u{2019}' => prev.is_alphanumeric() && n.is_alphabetic(),
                '&' => prev.is_ascii_uppercase() && n.is_ascii_uppercase(),
                _ => false,
            };
            if !take {
                break;
            }
            q += len;
            if matches!(c, '-' | '/' | '.') {
                seg = q;
            }
        }
        self.emit_run(ws, q, e)
    }

    /// Whether the hyphen at `q` between two digits stays inside the token: dates and
    /// phone numbers ("2018-11-09", "713-853-3989", "853-3242") do, ranges ("13-17",
    /// "1998-2001" after a day) do not.
    fn keeps_digit_hyphen(&self, ws: usize, seg: usize, q: usize, e: usize) -> bool {
        let b = self.text.as_bytes();
        if b[ws..q].contains(&b'-') {
            return true;
        }
        let left = q - seg;
        let mut r = q + 1;
        while r < e && b[r].is_ascii_digit() {
            r += 1;
        }
        let right = r - q - 1;
        let more = r + 1 < e && b[r] == b'-' && b[r + 1].is_ascii_digit();
        more || (left <= 3 && right == 4)
    }

    /// Emits the tokens of the word run `[ws, we)` inside chunk end `e`; returns the
    /// position after what was consumed (past an abbreviation's period).
    fn emit_run(&mut self, ws: usize, we: usize, e: usize) -> usize {
        let t = self.text;
        let run = &t[ws..we];
        let mut ps = ws;
        if run.contains('.') && !run.contains('@') && !starts_with_ci(run, "www.") {
            // A period glued between a word and a capitalised word: "says.Currently".
            let mut lseg = ws;
            let mut k = ws;
            while let Some(off) = t[k..we].find('.') {
                let d = k + off;
                let left = &t[lseg..d];
                let right = &t[d + 1..we];
                let mut rc = right.chars();
                let glued = left.len() >= 2
                    && ((left.chars().all(char::is_alphabetic)
                        && char_before(left, left.len()).is_some_and(char::is_lowercase))
                        || left.bytes().all(|b| b.is_ascii_digit()))
                    && rc.next().is_some_and(char::is_uppercase)
                    && rc.next().is_some_and(char::is_lowercase);
                if glued {
                    match abbreviation(&t[ps..d], false) {
                        Some(a) => self.push(ps, d + 1, Kind::Abbrev(a)),
                        None => {
                            self.piece(ps, d);
                            self.push(d, d + 1, Kind::Terminal);
                        }
                    }
                    ps = d + 1;
                }
                lseg = d + 1;
                k = d + 1;
            }
        }
        // A final period that belongs to an abbreviation: "U.S.", "Gen.", "W.".
        let dot_at = |i: usize| t.as_bytes().get(i) == Some(&b'.') && i < e;
        // "Inc.." is "Inc." and ".", but "Inc..." is "Inc" and "...".
        if dot_at(we) && (!dot_at(we + 1) || !dot_at(we + 2)) {
            let after = &t[we + 1..];
            let next_is_digit = after
                .chars()
                .find(|c| !is_sep(*c))
                .is_some_and(|c| c.is_ascii_digit());
            if let Some(a) = abbreviation(&t[ps..we], next_is_digit) {
                self.push(ps, we + 1, Kind::Abbrev(a));
                return we + 1;
            }
        }
        self.piece(ps, we);
        we
    }

    /// Emits one word piece, splitting clitics and run-together words.
    fn piece(&mut self, a: usize, b: usize) {
        if b <= a {
            return;
        }
        let w = &self.text[a..b];
        if let Some(k) = clitic_len(w).or_else(|| fused_split(w)) {
            self.push(a, b - k, Kind::Word);
            self.push(b - k, b, Kind::Word);
            return;
        }
        if let Some(k) = number_unit_split(w) {
            self.push(a, a + k, Kind::Number);
            self.push(a + k, b, Kind::Word);
            return;
        }
        if let Some(rules) = self.runon {
            if let Some(k) = split_point(w, self.lexicon, rules) {
                self.push(a, a + k, Kind::Word);
                self.push(a + k, b, Kind::Word);
                return;
            }
        }
        let kind = if w.as_bytes()[0].is_ascii_digit() {
            Kind::Number
        } else {
            Kind::Word
        };
        self.push(a, b, kind);
    }
}
