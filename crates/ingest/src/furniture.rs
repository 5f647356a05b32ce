//! Page furniture in text already flattened from a web page: mastheads repeated at
//! top and bottom, "Related posts" / "Read more" / share lines, cookie and
//! subscription banners, navigation crumbs.
//!
//! The rules are general properties of page templates, not of any one site:
//! 1. a short line that occurs more than once (compared on its letters only) is a
//!    template line: a masthead, a footer, a menu entry;
//! 2. a line matching a banner pattern (cookies, subscriptions, newsletters,
//!    copyright) and not much longer than a banner is one;
//! 3. a line that is only a label (`Related posts`, `Read more`, `Share this`,
//!    `Advertisement`) or a breadcrumb (`Home > World > Asia`) is furniture;
//! 4. after a `Related…`/`More…` label, the headline-like lines (no closing
//!    punctuation) that follow it are the list it introduces;
//! 5. very short lines without sentence punctuation next to removed lines go too.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Banner phrases: a line containing one of them and under [`BANNER_MAX_WORDS`] words is removed.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(this|our)\s+(web)?site\s+uses\s+cookies
        | \buses?\s+cookies\s+to\b
        | \bcookie\s+(policy|settings|preferences|consent|notice)\b
        | \baccept\s+(all\s+)?cookies\b
        | \bwe'?ll\s+assume\s+you'?re\s+ok\b
        | \byou\s+can\s+opt[\s-]out\s+if\s+you\s+wish\b
        | \bsubscribe\s+(now|today|to\s+(our|the)\s+(newsletter|channel))\b
        | \bsign\s+up\s+(for|to)\s+(our|the)\s+\w*\s*newsletter
        | \b(get|receive)\s+(our|the)\s+\w*\s*newsletter
        | \balready\s+a\s+subscriber\b
        | \bsubscribers?\s+only\b
        | \b(log|sign)\s+in\s+to\s+(continue|read|comment)\b
        | \ball\s+rights\s+reserved\b
        | ^\s*(©|\(c\)|copyright\s+©?)\s*\d{4}
        | \bfollow\s+us\s+on\s+(facebook|twitter|instagram|x|telegram)\b
        | \bclick\s+here\s+to\s+(subscribe|share|print|read)\b
        | \bleave\s+a\s+(reply|comment)\b
        | \byour\s+email\s+address\s+will\s+not\s+be\s+published\b
        | \bturn\s+off\s+(your\s+)?ad\s*blocker\b
        ",
    )
    .expect("the banner pattern is a valid regex")
});

/// Whole-line labels.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}\p{S}]*(
          related(\s+(posts?|articles?|stories|news|content|coverage|topics|links))?
        | (read|see|view|load)\s+(more|also|next|full\s+story|the\s+full\s+article|comments)(\s+(news|stories|articles|from\s+.{1,40}))?
        | continue\s+reading
        | also\s+read | must\s+read | recommended(\s+for\s+you)? | you\s+(may|might)\s+also\s+like
        | more\s+(from|in|on|stories|news|articles)(\s+.{1,40})?
        | (most\s+)?(popular|trending|latest|top)(\s+(posts?|news|stories|articles))?(\s+now)?
        | share(\s+(this|on|via|the|article|story|post)(\s+\w+){0,3})?
        | (share|tweet|email|print|whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|copy\s+link|comments?)(\s*[|,/·•]?\s*(share|tweet|email|print|whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|copy\s+link|comments?|\d+))*
        | advertisement | sponsored(\s+content)? | ads?
        | tags?(\s*:.{0,80})?
        | (previous|next)\s+(post|article|story)(\s*:.{0,120})?
        | (accept|reject|decline|ok|close|got\s+it|i\s+agree)(\s+(all|cookies))?
        | skip\s+to\s+(main\s+)?content | (main\s+)?menu | search | home | log\s*in | sign\s+in | subscribe | newsletter
        | posted\s+in(\s+.{1,60})? | filed\s+under(\s*:?.{0,60})?
        | \d+\s+comments? | no\s+comments(\s+yet)?
        )[\s\p{P}\p{S}]*$",
    )
    .expect("the label pattern is a valid regex")
});

/// Labels that introduce a list of links (headlines) below them.
static LIST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}\p{S}]*(related|more\s+(from|in|on|stories|news|articles)|also\s+read|must\s+read|recommended|you\s+(may|might)\s+also\s+like|(most\s+)?(popular|trending|latest|top)(\s+(posts?|news|stories|articles))?)\b",
    )
    .expect("the list label pattern is a valid regex")
});

/// Breadcrumbs: 2–6 short items separated by `>`, `»`, `/`, `›` or `|`, starting at Home or of nav size.
static CRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[^.!?>»›|/]{1,30}(\s*[>»›|/]\s*[^.!?>»›|/]{1,40}){1,6}\s*$")
        .expect("the breadcrumb pattern is a valid regex")
});

/// A banner is a few sentences at most.
const BANNER_MAX_WORDS: usize = 40;
/// Template lines repeated in a page are short.
const REPEAT_MAX_CHARS: usize = 160;

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Letters only, lower-cased: `The Kabul Times.` and `the kabul times 17` compare equal.
fn letters_key(line: &str) -> String {
    line.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | '»')
    });
    t.ends_with(['.', '!', '?', ':', ';', '…'])
}

fn is_breadcrumb(line: &str) -> bool {
    let seps = line.matches(['>', '»', '›', '|']).count() + line.matches(" / ").count();
    seps >= 1
        && words(line) <= 14
        && CRUMB.is_match(line)
        && !line.contains("://")
        && !ends_like_sentence(line)
}

/// Removes page furniture from flattened page text. Returns the cleaned text (lines
/// kept in order, runs of blank lines collapsed to one) and the removed lines.
pub fn remove_furniture(text: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut removed = vec![false; lines.len()];

    // Rule 1: repeated short lines.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let keys: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.len() <= REPEAT_MAX_CHARS && words(l) >= 2 {
                letters_key(l)
            } else {
                String::new()
            }
        })
        .collect();
    for k in keys.iter().filter(|k| k.len() >= 6) {
        *counts.entry(k.clone()).or_default() += 1;
    }
    for (i, k) in keys.iter().enumerate() {
        if k.len() >= 6 && counts.get(k).copied().unwrap_or(0) > 1 {
            removed[i] = true;
        }
    }

    // Rules 2–4: banners, labels, breadcrumbs, lists under list labels.
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.is_empty() {
            i += 1;
            continue;
        }
        let w = words(l);
        if (w <= BANNER_MAX_WORDS && BANNER.is_match(l))
            || (w <= 8 && LABEL.is_match(l))
            || is_breadcrumb(l)
        {
            removed[i] = true;
            if w <= 6 && LIST_LABEL.is_match(l) {
                // Rule 4: the headline list below the label.
                let mut j = i + 1;
                while j < lines.len()
                    && !lines[j].is_empty()
                    && words(lines[j]) <= 20
                    && !ends_like_sentence(lines[j])
                {
                    removed[j] = true;
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }

    // Rule 5: very short non-sentence lines next to removed lines, to a fixpoint.
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..lines.len() {
            let l = lines[i];
            if removed[i] || l.is_empty() || words(l) > 4 || ends_like_sentence(l) {
                continue;
            }
            let prev = (0..i).rev().find(|&j| !lines[j].is_empty());
            let next = (i + 1..lines.len()).find(|&j| !lines[j].is_empty());
            let near = |j: Option<usize>| j.is_none_or(|j| removed[j]);
            let any_removed = prev.is_some_and(|j| removed[j]) || next.is_some_and(|j| removed[j]);
            if any_removed && near(prev) && near(next) {
                removed[i] = true;
                changed = true;
            }
        }
    }

    let mut out = String::with_capacity(text.len());
    let mut gone = Vec::new();
    let mut blank = false;
    for (l, r) in lines.iter().zip(&removed) {
        if *r {
            gone.push((*l).to_string());
            continue;
        }
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(l);
    }
    (out, gone)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "The Daily Lantern, News You Can Trust.\n\
\n\
Home > World > Asia\n\
\n\
Ministers agree to resume border talks\n\
\n\
Pakistan and India agreed on Monday to resume talks on their disputed border, officials said.\n\
The talks will be held in Geneva next month. Share the news with your friends, the minister joked.\n\
\n\
Related posts\n\
Floods hit northern provinces\n\
Election commission names new chief\n\
\n\
We use cookies to give you the best experience. By continuing you accept our cookie policy. Accept\n\
\n\
The Daily Lantern, News You Can Trust.24\n";

    #[test]
    fn removes_masthead_crumbs_related_and_banner() {
        let (text, gone) = remove_furniture(PAGE);
        assert_eq!(
            text,
            "Ministers agree to resume border talks\n\n\
Pakistan and India agreed on Monday to resume talks on their disputed border, officials said.\n\
The talks will be held in Geneva next month. Share the news with your friends, the minister joked."
        );
        assert_eq!(gone.len(), 7, "{gone:?}");
        assert!(gone.contains(&"Related posts".to_string()));
        assert!(gone.contains(&"Home > World > Asia".to_string()));
        assert!(gone.contains(&"Floods hit northern provinces".to_string()));
    }

    #[test]
    fn keeps_article_sentences_that_mention_cookies_at_length() {
        let long = "The regulator said on Tuesday that the site uses cookies to track readers across \
dozens of partner sites, and that the practice broke rules adopted in 2018 after a long consultation \
with publishers, advertisers, privacy campaigners, consumer groups and the national data protection \
authorities of all member states, who had asked for stricter consent.";
        let (text, gone) = remove_furniture(long);
        assert!(gone.is_empty());
        assert_eq!(text, long);
    }

    #[test]
    fn share_and_read_more_lines() {
        let t = "Share on Facebook\nTwitter | WhatsApp | Email\nThe army said it had withdrawn.\nRead more\n";
        let (text, gone) = remove_furniture(t);
        assert_eq!(text, "The army said it had withdrawn.");
        assert_eq!(gone.len(), 3);
    }

    #[test]
    fn repeated_body_sentence_of_length_is_kept() {
        let s = "The president has repeatedly said that the negotiations with the neighbouring states must \
continue without preconditions of any kind, and he said so again in a long interview on Sunday evening.";
        let t = format!("{s}\nOther text here is fine.\n{s}\n");
        let (_, gone) = remove_furniture(&t);
        assert!(gone.is_empty());
    }
}
