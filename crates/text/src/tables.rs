//! Word lists: abbreviations, hyphen prefixes, sentence starters, function words.
//!
//! Every entry is a general fact of written English (or of news style), not a patch
//! for one sentence.

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbr {
    /// A title before a name ("Gen.", "Dr."): never ends a sentence inside a paragraph.
    Title,
    /// A single capital letter ("W."), usually a name's initial.
    Initial,
    /// Any other abbreviation ("Inc.", "U.S.", "etc."): ends a sentence only when a
    /// typical sentence opener follows.
    Other,
}

/// Titles written before names (case-sensitive, without the period).
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Prof", "Gen", "Sen", "Sens", "Rep", "Reps",
    "Gov", "Lt", "Col", "Sgt", "Capt", "Maj", "Adm", "Cmdr", "Cdr", "Brig", "Cpl", "Pvt", "Gens",
    "Hon", "Rev", "Fr", "Sr", "Jr", "St", "Ste", "Supt", "Insp", "Det", "Atty", "Amb", "Pres",
    "Sec", "Mt", "Ft", "Mme", "Mlle", "Msgr", "Rt", "Gens",
];

/// Other abbreviations written with a final period (case-sensitive).
const OTHER: &[&str] = &[
    // months and weekdays
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
    // companies and organisations
    "Inc", "Corp", "Ltd", "Co", "Cos", "Bros", "Assn", "Dept", "Univ", "Govt", "Intl",
    // places (U.S. state and street abbreviations used in news datelines)
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ill", "Ind", "Kan", "Kans", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "Ave", "Blvd", "Rd", "Hwy",
    // Latin and scholarly, lower case
    "vs", "etc", "cf", "al", "approx", "est", "ca", "viz", "ibid", "pp", "vol", "Vol", "Fig", "fig",
    "Ref", "ref", "Nos", "no", "No", "yrs", "mos", "min", "max", "tel", "Tel", "Ext", "ext",
    "dept", "Attn", "attn", "Op", "Ed", "eds", "Eds", "Gov't",
];

/// `Some(class)` when `word + "."` is an abbreviation. `word` is the text before the
/// period; `next_is_digit` tells whether the next non-space character is a digit
/// ("No. 5", "Nos. 3").
pub(crate) fn abbreviation(word: &str, next_is_digit: bool) -> Option<Abbr> {
    let b = word.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b.len() == 1 {
        return b[0].is_ascii_uppercase().then_some(Abbr::Initial);
    }
    if matches!(word, "No" | "no" | "Nos" | "Op" | "Ext" | "ext") {
        return next_is_digit.then_some(Abbr::Other);
    }
    if TITLES.contains(&word) {
        return Some(Abbr::Title);
    }
    if OTHER.contains(&word) {
        return Some(Abbr::Other);
    }
    // Dotted letters: "U.S", "a.m", "e.g", "Ph.D", "U.S.A".
    if word.contains('.')
        && word.split('.').all(|seg| {
            !seg.is_empty() && seg.len() <= 2 && seg.bytes().all(|c| c.is_ascii_alphabetic())
        })
    {
        return Some(Abbr::Other);
    }
    None
}

/// Lower-case prefixes that English joins to a word with a hyphen kept inside one
/// token (EWT keeps "e-mail", "non-human", "pre-war", "anti-ship", "co-workers", but
/// splits "Al-Zaman", "well-informed", "15-year").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "pre", "anti", "mid", "re", "post", "co", "over", "pro", "multi", "sub", "ex",
    "semi", "cross", "neo", "psycho", "socio", "un", "counter", "intra", "inter", "micro", "macro",
    "ultra", "extra", "pseudo", "quasi", "trans", "bi", "tri", "mis", "de", "uni", "mega", "mini",
    "hyper", "infra", "supra", "arch", "geo", "bio", "eco", "euro", "afro",
];

/// Whether a hyphen after `seg` stays inside the token (`seg` is the letters since
/// the previous hyphen or the word start).
pub(crate) fn keeps_hyphen(seg: &str) -> bool {
    seg.len() <= 7
        && HYPHEN_PREFIXES
            .iter()
            .any(|p| p.len() == seg.len() && p.eq_ignore_ascii_case(seg))
}

/// Capitalised words that typically open a sentence; after an abbreviation such as
/// "U.S." or an initial, one of these means the period also ended the sentence.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "Your",
    "As",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Meanwhile",
    "However",
    "Although",
    "Though",
    "Since",
    "Because",
    "Yet",
    "Still",
    "Then",
    "Now",
    "Also",
    "Some",
    "Many",
    "Most",
    "All",
    "What",
    "Who",
    "How",
    "Why",
    "Where",
    "Which",
    "Last",
    "Earlier",
    "Later",
    "Today",
    "Yesterday",
    "According",
    "During",
    "Under",
    "With",
    "Without",
    "Despite",
    "Both",
    "Each",
    "Such",
    "Other",
    "Officials",
    "Nonetheless",
    "Nevertheless",
    "Moreover",
    "Furthermore",
    "Thus",
    "Instead",
    "Asked",
    "From",
    "By",
    "To",
];

/// Whether `word` is a typical capitalised sentence opener.
pub(crate) fn is_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

/// Whether the lower-case `word` commonly opens a sentence in informal writing
/// ("i", "the", "we", "what").
pub(crate) fn is_lower_starter(word: &str) -> bool {
    word == "i"
        || (word.len() > 1
            && word.as_bytes()[0].is_ascii_lowercase()
            && STARTERS[..20]
                .iter()
                .chain(
                    [
                        "What", "Why", "How", "Where", "Who", "Is", "Are", "Do", "Did", "Does",
                        "Can",
                    ]
                    .iter(),
                )
                .any(|s| s.eq_ignore_ascii_case(word)))
}

/// Very frequent English function words (and a few news verbs): the built-in
/// vocabulary for splitting run-together words such as "andthe" when no lexicon is
/// given. Lower case.
pub(crate) fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "about"
            | "after"
            | "against"
            | "all"
            | "also"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "before"
            | "being"
            | "between"
            | "both"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "during"
            | "each"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "her"
            | "his"
            | "how"
            | "if"
            | "in"
            | "is"
            | "it"
            | "its"
            | "may"
            | "might"
            | "more"
            | "most"
            | "must"
            | "no"
            | "not"
            | "of"
            | "on"
            | "or"
            | "our"
            | "said"
            | "says"
            | "shall"
            | "she"
            | "should"
            | "since"
            | "some"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "through"
            | "to"
            | "under"
            | "until"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "while"
            | "who"
            | "whom"
            | "why"
            | "will"
            | "with"
            | "would"
            | "you"
            | "your"
    )
}

/// Real English words made of two function words: never split ("into", "however").
pub(crate) const COMPOUND_WORDS: &[&str] = &[
    "into",
    "onto",
    "upon",
    "within",
    "without",
    "itself",
    "himself",
    "herself",
    "themselves",
    "however",
    "whatever",
    "whenever",
    "wherever",
    "whoever",
    "whomever",
    "therefore",
    "thereby",
    "therein",
    "thereof",
    "thereafter",
    "hereby",
    "herein",
    "hereafter",
    "whereas",
    "whereby",
    "wherein",
    "whereupon",
    "cannot",
    "notwithstanding",
    "inasmuch",
    "insofar",
    "nonetheless",
    "nevertheless",
    "moreover",
    "furthermore",
    "another",
    "someone",
    "somewhat",
    "anyone",
    "anyhow",
    "anyway",
    "nobody",
    "nothing",
    "whichever",
    "throughout",
    "heretofore",
    "forthwith",
    "tome",
    "atone",
    "beside",
    "besides",
    "become",
    "because",
    "before",
    "behind",
    "below",
    "beneath",
    "beyond",
    "towards",
    "toward",
    "thereto",
    "hereto",
    "whereof",
    "mayhem",
    "maybe",
    "inform",
    "ahead",
    "alone",
    "along",
    "among",
    "amongst",
    "ashore",
    "aside",
    "inside",
    "outside",
    "butter",
    "button",
    "often",
    "soon",
    "wean",
    "heat",
    "hereon",
    "thereon",
    "whereon",
    "anymore",
    "anywhere",
    "area",
    "areas",
    "awhile",
    "bean",
    "beat",
    "canon",
    "door",
    "mayor",
    "noon",
    "nowhere",
    "somehow",
    "somewhere",
    "washer",
    "whatnot",
    "asher",
    "indo",
    "assays",
    "behave",
    "candid",
    "henceforth",
    "anon",
    "abut",
    "afore",
    "atop",
    "adore",
    "heron",
    "hewn",
    "mayhap",
];
