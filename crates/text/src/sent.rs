//! Sentence boundaries over lexed tokens.

use crate::lex::{Kind, Tok};
use crate::tables::{is_lower_starter, is_starter, Abbr};

/// How line breaks inside the text are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewlineMode {
    /// Decide per document: hard-wrapped text (many line breaks followed by a
    /// lower-case letter, as in wire copy) is read as [`NewlineMode::Wrapped`], any
    /// other as [`NewlineMode::Paragraph`].
    #[default]
    Auto,
    /// Every line break ends a sentence (extracted web articles, headlines).
    Paragraph,
    /// Only a blank line or a line break followed by indentation ends a sentence.
    Wrapped,
}

/// Whether the text looks hard-wrapped: at least two single line breaks followed by a
/// lower-case letter, and at least a fifth of all single line breaks.
pub(crate) fn looks_wrapped(text: &str) -> bool {
    let b = text.as_bytes();
    let (mut singles, mut lower) = (0usize, 0usize);
    for (i, &x) in b.iter().enumerate() {
        if x != b'\n' {
            continue;
        }
        let prev = if i > 0 { b[i - 1] } else { b'\n' };
        let next = b.get(i + 1).copied().unwrap_or(b'\n');
        if prev == b'\n' || next == b'\n' || next == b'\r' {
            continue;
        }
        singles += 1;
        if next.is_ascii_lowercase() {
            lower += 1;
        }
    }
    lower >= 2 && lower * 5 >= singles
}

/// Whether the gap `text[a..b]` between two tokens breaks a paragraph.
fn gap_breaks(text: &str, a: usize, b: usize, wrapped: bool) -> bool {
    let gap = &text.as_bytes()[a..b];
    if gap.is_empty() {
        return false;
    }
    let mut lines = 0;
    let mut after_last = 0;
    let mut k = 0;
    while k < gap.len() {
        match gap[k] {
            b'\n' => {
                lines += 1;
                after_last = k + 1;
            }
            b'\r' if gap.get(k + 1) != Some(&b'\n') => {
                lines += 1;
                after_last = k + 1;
            }
            // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
            0xE2 if gap.get(k + 1) == Some(&0x80)
                && matches!(gap.get(k + 2), Some(0xA8 | 0xA9)) =>
            {
                lines += 2;
                after_last = k + 3;
            }
            _ => {}
        }
        k += 1;
    }
    if lines == 0 {
        return false;
    }
    if !wrapped || lines >= 2 {
        return true;
    }
    gap[after_last..].iter().any(|&x| x == b' ' || x == b'\t')
}

/// Sentence-splitting pass state.
struct Splitter<'a> {
    text: &'a str,
    toks: &'a [Tok],
    wrapped: bool,
    /// A double quote was opened in the current paragraph and not yet closed.
    dq_open: bool,
}

impl Splitter<'_> {
    fn glued(&self, i: usize, j: usize) -> bool {
        self.toks[i].end == self.toks[j].start
    }

    fn para(&self, i: usize) -> bool {
        i + 1 < self.toks.len()
            && gap_breaks(
                self.text,
                self.toks[i].end,
                self.toks[i + 1].start,
                self.wrapped,
            )
    }

    fn first_char(&self, i: usize) -> char {
        let t = &self.toks[i];
        self.text[t.start..t.end].chars().next().unwrap_or(' ')
    }

    /// Whether the double quote at `i` opens a quotation.
    fn dquote_opens(&self, i: usize) -> bool {
        let n = self.toks.len();
        let glued_prev = i > 0 && self.glued(i - 1, i);
        let glued_next = i + 1 < n && self.glued(i, i + 1) && !self.para(i);
        match self.first_char(i) {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => true,
            '\u{00BB}' => false,
            '\u{201D}' => !self.dq_open && glued_next,
            _ => match (glued_prev, glued_next) {
                (false, true) => true,
                (true, false) => false,
                _ => !self.dq_open,
            },
        }
    }

    /// Whether token `j` can start a sentence after the sentence-final token `i`
    /// (`closed`: closing quotes or brackets stand between them).
    fn starts_after_terminal(&self, i: usize, j: usize, closed: bool) -> bool {
        let c = self.first_char(j);
        if matches!(c, ',' | ';' | ':' | ')' | ']' | '}') {
            return false;
        }
        let term = &self.text[self.toks[i].start..self.toks[i].end];
        let ellipsis = term.starts_with('\u{2026}') || term.starts_with("..");
        if ellipsis {
            return c.is_uppercase();
        }
        if c.is_lowercase() {
            // Informal text starts sentences in lower case ("where did you go? i
            // asked."); a lower-case opener right after the mark still ends it, but
            // not after a closing quote (`“Why?” he asked`).
            let t = &self.toks[j];
            let word = &self.text[t.start..t.end];
            return !closed && t.kind == Kind::Word && is_lower_starter(word);
        }
        true
    }

    /// Whether token `j` starts a sentence after the abbreviation or initial at `i`.
    fn starts_after_abbrev(&self, j: usize) -> bool {
        let t = &self.toks[j];
        let word = &self.text[t.start..t.end];
        if is_starter(word) {
            return true;
        }
        // An opening quote before a starter: `U.S. "The ...`.
        matches!(t.kind, Kind::DQuote | Kind::Open)
            && self.dquote_opens_or_open(j)
            && j + 1 < self.toks.len()
            && {
                let u = &self.toks[j + 1];
                is_starter(&self.text[u.start..u.end])
            }
    }

    fn dquote_opens_or_open(&self, j: usize) -> bool {
        self.toks[j].kind == Kind::Open || self.dquote_opens(j)
    }

    /// Marks sentence ends: `ends[i]` when a sentence ends after token `i`;
    /// `split[i]` when the initial at `i` should give up its period as a token.
    fn run(&mut self) -> (Vec<bool>, Vec<bool>) {
        let n = self.toks.len();
        let mut ends = vec![false; n];
        let mut split = vec![false; n];
        let mut i = 0;
        while i < n {
            let kind = self.toks[i].kind;
            if kind == Kind::DQuote {
                self.dq_open = self.dquote_opens(i);
            }
            if self.para(i) {
                ends[i] = true;
                split[i] = matches!(kind, Kind::Abbrev(_));
                self.dq_open = false;
                i += 1;
                continue;
            }
            let candidate = matches!(
                kind,
                Kind::Terminal | Kind::Abbrev(Abbr::Other) | Kind::Abbrev(Abbr::Initial)
            );
            if !candidate || i + 1 >= n {
                if i + 1 >= n {
                    split[i] = matches!(kind, Kind::Abbrev(_));
                }
                i += 1;
                continue;
            }
            // Closing quotes and brackets glued to the end belong to this sentence.
            let mut last = i;
            let mut j = i + 1;
            while j < n && self.glued(j - 1, j) && !self.para(j - 1) {
                match self.toks[j].kind {
                    Kind::Close => {}
                    Kind::DQuote => {
                        if self.dquote_opens(j) {
                            break;
                        }
                        self.dq_open = false;
                    }
                    Kind::SQuote => {
                        let opens = j + 1 < n && self.glued(j, j + 1) && !self.para(j);
                        if opens {
                            break;
                        }
                    }
                    _ => break,
                }
                last = j;
                j += 1;
            }
            if j >= n {
                i = j;
                continue;
            }
            if self.para(last) {
                ends[last] = true;
                split[i] = matches!(kind, Kind::Abbrev(_)) && last == i;
                self.dq_open = false;
                i = last + 1;
                continue;
            }
            let is_end = match kind {
                Kind::Terminal => self.starts_after_terminal(i, j, last > i),
                _ if self.text[self.toks[i].start..self.toks[i].end] == *"etc." => {
                    self.first_char(j).is_uppercase()
                }
                _ => self.starts_after_abbrev(j),
            };
            if is_end {
                ends[last] = true;
                split[i] = matches!(kind, Kind::Abbrev(_)) && last == i;
            }
            i = last + 1;
        }
        (ends, split)
    }
}

/// Finds sentences over `toks`; returns the final tokens (an initial ending a
/// sentence gives up its period: "Plan B." → "B" ".") and sentences as half-open
/// token ranges covering all tokens.
pub(crate) fn split_sentences(
    text: &str,
    toks: Vec<Tok>,
    wrapped: bool,
) -> (Vec<Tok>, Vec<(usize, usize)>) {
    let (ends, split) = Splitter {
        text,
        toks: &toks,
        wrapped,
        dq_open: false,
    }
    .run();
    let mut out = Vec::with_capacity(toks.len() + 8);
    let mut sents = Vec::new();
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        if split[k] && t.end - t.start >= 2 {
            out.push(Tok {
                start: t.start,
                end: t.end - 1,
                kind: Kind::Word,
            });
            out.push(Tok {
                start: t.end - 1,
                end: t.end,
                kind: Kind::Terminal,
            });
        } else {
            out.push(*t);
        }
        if ends[k] {
            sents.push((start, out.len()));
            start = out.len();
        }
    }
    if start < out.len() {
        sents.push((start, out.len()));
    }
    (out, sents)
}
