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
//! 5. very short lines without sentence punctuation next to removed lines go too;
//! 6. picture captions and credits (`(AP Photo/…)`, `Image copyright …`, `Credit: …`,
//!    `Photo by …`) are not article text;
//! 7. a line that is only a timestamp (`Updated 1:39 am EST, Wednesday, November 20,
//!    2019`, `Published 1 day ago`) or a byline (`By A. Writer`, `Jane Doe, Associated
//!    Press`) is metadata, as are the wire-service trailers (`Reporting by …; Editing
//!    by …`, `… contributed reporting.`);
//! 8. calls to action (`Subscribe to …`, `Follow us on …`, `Click here …`) are banners.

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
        | ^\s*(©|ⓒ|\(c\)|copyright)\s*(©|ⓒ|@|\(c\))?\s*\d{4} | ^\s*copyright\s*(©|ⓒ) | ©\s?(19|20)\d\d\b
        | \bfollow\s+us\s+on\s+(facebook|twitter|instagram|x|telegram)\b
        | \bclick\s+here\s+to\s+(subscribe|share|print|read)\b
        | \bleave\s+a\s+(reply|comment)\b
        | \byour\s+email\s+address\s+will\s+not\s+be\s+published\b
        | \bturn\s+off\s+(your\s+)?ad\s*blocker\b
        ",
    )
    .expect("the banner pattern is a valid regex")
});

/// Calls to action: a line starting with an imperative and naming where to go.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}\p{S}]*(
          (sign\s+up|subscribe|follow|join|click|tap|get|download|watch|reach)\b
          .{0,240}(\b(newsletters?|inbox|alerts|app|podcasts?|twitter|facebook|instagram|youtube|forums?|subscription|e-?mails?)\b|https?://)
        | subscribe\s+to\b
        | .{0,240}\b(click|clicking|tap)\s+here\b
        | want\s+more\b[^?]{0,60}\?
        | like\s+this\s+(story|article|post)\b
        | .{0,200}click\s+to\s+tweet\s*$
        | this\s+(post|article|page)\s+(may\s+)?contains?\s+affiliate
        | (you\s+have\s+been\s+)?successfully\s+subscribed
        | there\s+was\s+a\s+problem\s+subscribing
        )",
    )
    .expect("the call-to-action pattern is a valid regex")
});

/// Links to other articles, on one line: `Related: …`, `Read more: …`, `Also on site.com …`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\[\(]*(
          (related(\s+\w+){0,2}|read\s+more|see\s+more|see\s+also|also\s+read|also|more|watch|listen)\s*:\s*\S
        | also\s+on\s+[\w.-]+\.(com|org|net|co\.uk|info)\b
        )",
    )
    .expect("the reference pattern is a valid regex")
});

/// Whole-line headings of link lists (`More Great WIRED Stories`, `Most read`, `Don't miss`).
static LIST_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}\p{S}]*(
          more(\s+great)?(\s+\w+)?\s+stories | more
        | (don'?t|do\s+not)\s+miss | most\s+read(\s+(stories|articles|news))?
        | top\s+stories(\s+in\s+\w+)? | recent\s+(articles|posts|stories|news)
        | popular\s+this\s+(week|month) | related\s+coverage(\s+from\s+.{1,60})?
        )[\s\p{P}\p{S}]*$",
    )
    .expect("the list heading pattern is a valid regex")
});

/// Picture captions and credits.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          \((AP|AFP|EPA|Reuters|REUTERS|Getty|[Ff]ile)?\s*([Pp]hoto|[Ii]mage|[Pp]icture|[Pp]hotograph)s?(\s+[Cc]redit)?\s*(/|:|by\b)
        | \((Image|Photo|Picture)\s+(credit|courtesy)\b
        | (?i:\bimage\s+(copyright|caption)\b) | ^\s*(?i:media\s+caption)
        | \b[Cc]redit(s)?\s*(:|\.\.\.|…)
        | ^\s*(?i:(photo|photograph|image|picture|illustration|photo\s+illustration|video|фото)s?)\s*(:|by\b|courtesy\b)
        | ^\s*(?i:file\s+photo)\s*:
        | ^\s*(?i:courtesy\s+(of\s+)?)\p{Lu}
        | (\b|/)(Getty\s+Images|Getty|Shutterstock|iStock|Alamy)(\s*[-–/]\s*\w+)?\s*\)?\s*$
        | \bREUTERS/\p{Lu}
        | ^\s*©\s*\p{Lu}
        | ^\s*(?i:enlarge\s+(this\s+)?(image|photo))
        | ^\s*\d+\s*of\s*\d+\s*$ | ^\s*\d+of\d+\p{Lu}
        ",
    )
    .expect("the credit pattern is a valid regex")
});

/// Bylines, wire-service credits and trailers.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          ^\s*(?i:by)(\s+\p{Lu}[\p{L}.'’-]*){1,4}(\s*(,|and|&)\s*(\p{Lu}[\p{L}.'’-]*\s*){1,4})*(\s*[-|–—,].{0,80})?$
        | ^\s*(?i:by)\s*$
        | ^[^.!?]{2,80},\s*(?i:(the\s+)?(associated\s+press|ap|reuters|afp))(\s+[\w\s]{0,30})?$
        | ^\s*(?i:(the\s+)?(associated\s+press|reuters|afp|ap|bloomberg|via\s+\S+)|source\s*:.{0,40}|.{0,40}\bwire\s+services?)\s*$
        | (?i:^\s*(view\s+author\s+archive|email\s+the\s+author|follow\s+on\s+twitter|about\s+the\s+author))\s*$
        ",
    )
    .expect("the byline pattern is a valid regex")
});

/// Wire-service trailers: who reported and edited, who contributed, how to write to them.
static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
          ^\s*\(?(additional\s+)?(reporting|writing|editing|compiled|research)\s+by\b
        | \bcontributed\s+(reporting|to\s+this\s+(report|story|article))
        | ^\s*(write\s+to|e-?mail|reach|contact)\b.{0,120}(@|twitter\.com)
        ",
    )
    .expect("the trailer pattern is a valid regex")
});

/// Words a timestamp line is made of (besides numbers).
const TIME_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "ist",
    "hst",
    "akst",
    "akdt",
    "amt",
    "et",
    "ct",
    "mt",
    "pt",
    "z",
    "at",
    "on",
    "of",
    "updated",
    "update",
    "published",
    "posted",
    "modified",
    "first",
    "last",
    "original",
    "originally",
    "today",
    "yesterday",
    "ago",
    "hour",
    "hours",
    "hr",
    "hrs",
    "minute",
    "minutes",
    "min",
    "mins",
    "day",
    "days",
    "week",
    "weeks",
    "th",
    "st",
    "nd",
    "rd",
    "and",
    "date",
];

/// A line that is only a date and/or time, perhaps with `Updated`, `Published`, `ago`.
fn is_timestamp(line: &str) -> bool {
    if words(line) > 24 {
        return false;
    }
    let mut digits = false;
    for w in line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.chars().all(|c| c.is_ascii_digit()) {
            digits = true;
            continue;
        }
        // `20th`, `9am`, `1of4` are numbers with a suffix.
        let t = w.trim_start_matches(|c: char| c.is_ascii_digit());
        if t.len() < w.len() {
            digits = true;
        }
        let t = t.to_lowercase();
        if !TIME_WORDS.contains(&t.as_str()) {
            return false;
        }
    }
    digits
}

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
        | continue\s+reading(\s+below)? | loading(\s+content)?(\s*\.\.\.)? | order\s+reprints | print(\s+(article|this\s+page))?
        | text\s+size | post\s+(a\s+)?comments?(\s*\(\+\))? | highlights | advert(isement)?s? | breaking\s+news\s+emails
        | (don'?t|do\s+not)\s+miss | (share|tweet|submit|email|pin)(\s+(share|tweet|submit|email|pin))+
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
        r"(?ix)^[\s\p{P}\p{S}]*(related|more\s+(from|in|on|stories|news|articles|great\s+\w+\s+stories)|more\s*:|see\s+more|also\s+read|must\s+read|recommended|you\s+(may|might)\s+also\s+like|(don'?t|do\s+not)\s+miss|(most\s+)?(popular|trending|latest|top|recent|most\s+read)(\s+(posts?|news|stories|articles|this\s+week|today|in\s+\w+))*)\b",
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
        let n = counts.get(k).copied().unwrap_or(0);
        if k.len() >= 6 && n > 1 {
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
        let list_head = w <= 8 && LIST_HEAD.is_match(l);
        if (w <= BANNER_MAX_WORDS && (BANNER.is_match(l) || CALL_TO_ACTION.is_match(l)))
            || (w <= 8 && LABEL.is_match(l))
            || list_head
            || is_breadcrumb(l)
        {
            removed[i] = true;
            if list_head || (w <= 6 && LIST_LABEL.is_match(l)) {
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

    // Rules 6–7: captions and credits, timestamps, bylines, trailers, links.
    for (i, l) in lines.iter().enumerate() {
        if removed[i] || l.is_empty() {
            continue;
        }
        let w = words(l);
        if (w <= 80 && CREDIT.is_match(l))
            || is_timestamp(l)
            || (w <= 20 && !ends_like_sentence(l) && BYLINE.is_match(l))
            || (w <= 60 && TRAILER.is_match(l))
            || (w <= 30 && REFERENCE.is_match(l))
        {
            removed[i] = true;
        }
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

    #[test]
    fn captions_credits_timestamps_and_bylines_go() {
        let t = "By Jane Roe and John Doe\n\
Updated 1:39 am EST, Wednesday, November 20, 2019\n\
Tom Writer, AP Auto Writer\n\
The minister arrived in Hanoi on Wednesday for two days of talks.\n\
The minister shakes hands with his host in Hanoi. (AP Photo/Jane Roe)\n\
Image copyright Getty Images Image caption The talks began on Wednesday\n\
Credit...Jane Roe/The Daily Lantern\n\
Published 1 day ago\n\
Both sides said the talks had been useful.\n\
(Reporting by Jane Roe; Editing by John Doe)\n\
John Doe contributed reporting from Hanoi.\n";
        let (text, gone) = remove_furniture(t);
        assert_eq!(
            text,
            "The minister arrived in Hanoi on Wednesday for two days of talks.\n\
Both sides said the talks had been useful."
        );
        assert_eq!(gone.len(), 9, "{gone:?}");
    }

    #[test]
    fn sentences_that_look_like_furniture_at_first_sight_stay() {
        let t = "By Monday, the rebels had withdrawn from the town.\n\
Officials said the photo was taken by a soldier on Tuesday.\n\
The agency said it would follow the case closely and report on Twitter when it could.\n\
Most read newspapers in the region carried the story.\n\
The EPA said the rules would change in 2020.";
        let (text, gone) = remove_furniture(t);
        assert!(gone.is_empty(), "{gone:?}");
        assert_eq!(text, t);
    }

    #[test]
    fn calls_to_action_and_link_lists_go() {
        let t = "The council met on Monday and agreed to a ceasefire.\n\
Subscribe to the Lantern for more reporting like this\n\
Follow us on Twitter and Facebook for the latest news.\n\
More Great Lantern Stories\n\
Floods hit northern provinces\n\
Election commission names new chief\n\
\n\
Related: Ceasefire talks stall again\n\
CLICK HERE TO GET THE LANTERN APP\n\
The ceasefire holds, observers said.";
        let (text, gone) = remove_furniture(t);
        assert_eq!(
            text,
            "The council met on Monday and agreed to a ceasefire.\n\nThe ceasefire holds, observers said."
        );
        assert_eq!(gone.len(), 7, "{gone:?}");
    }

    #[test]
    fn timestamps_are_only_dates_and_times() {
        assert!(is_timestamp("Nov. 20, 2019 5:52 AM EST"));
        assert!(is_timestamp(
            "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05"
        ));
        assert!(is_timestamp(
            "Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET"
        ));
        assert!(is_timestamp("19.11.2019, 08:57"));
        assert!(!is_timestamp("November"));
        assert!(!is_timestamp("On Monday 20 soldiers died"));
        assert!(!is_timestamp("Talks on Nov. 20"));
    }
}
