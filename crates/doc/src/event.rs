//! Actor mentions and events: the annotation layers of `jirga-actors` and `jirga-code`.

use crate::{MentionIdx, SentIdx, TokenIdx};
use serde::{Deserialize, Serialize};

/// What kind of dictionary entry (or rule) produced an actor mention.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// Country or territory (name, adjective, demonym).
    #[default]
    Country,
    /// Capital or city standing for its government ("Moscow says").
    Capital,
    /// International or regional organisation.
    Igo,
    /// Non-state armed or political group.
    Group,
    /// Named person.
    Person,
    /// Role noun or title, possibly with a country ("Afghan security forces").
    Agent,
    /// Pronoun or definite description resolved to an earlier mention.
    Reference,
    /// Anything else (NGO, company...).
    Other,
}

/// An actor mention: a token range and the CAMEO-style code it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActorMention {
    /// First token.
    pub start: TokenIdx,
    /// One past the last token.
    pub end: TokenIdx,
    /// Token that heads the mention in the dependency tree (used by the coder to
    /// connect mentions to verbs).
    pub head: TokenIdx,
    /// Composed actor code: country or group, then sectors (`RUSGOV`, `AFGMIL`, `TAL`, `USAGOV`).
    pub code: String,
    /// Kind of entry that fired.
    pub kind: ActorKind,
    /// Country (or organisation) part of the code, when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Sector / role codes (`GOV`, `MIL`, `INS`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// Dictionary entries that fired, as `file:line` or entry ids (provenance).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<String>,
    /// Canonical name of the actor (person or organisation), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For [`ActorKind::Reference`]: the mention this one was resolved to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<MentionIdx>,
    /// Whether the mention is grammatically plural ("militants", "they").
    #[serde(default)]
    pub plural: bool,
}

/// How sure the report is that the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated as fact.
    #[default]
    Asserted,
    /// "reportedly", "according to media reports", "X said that...".
    Reported,
    /// "allegedly", "accused of".
    Alleged,
    /// Denied by a party.
    Denied,
    /// Planned or scheduled ("plans to", "will").
    Planned,
    /// Conditional or hypothetical ("would", "if", "could").
    Hypothetical,
}

impl Certainty {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Asserted => "asserted",
            Certainty::Reported => "reported",
            Certainty::Alleged => "alleged",
            Certainty::Denied => "denied",
            Certainty::Planned => "planned",
            Certainty::Hypothetical => "hypothetical",
        }
    }
    /// Parses a snake_case name.
    pub fn parse(s: &str) -> Option<Certainty> {
        Some(match s {
            "asserted" => Certainty::Asserted,
            "reported" => Certainty::Reported,
            "alleged" => Certainty::Alleged,
            "denied" => Certainty::Denied,
            "planned" => Certainty::Planned,
            "hypothetical" => Certainty::Hypothetical,
            _ => return None,
        })
    }
}

/// A participant of an event: the code and exact evidence in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventActor {
    /// Actor code (`RUSGOV`).
    pub code: String,
    /// Text of the mention as it stands in the document.
    pub text: String,
    /// Start byte offset in the document text.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// The mention this participant came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<MentionIdx>,
    /// For a resolved reference ("them"), the code's source mention text ("the Taliban").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_from: Option<String>,
}

/// When an event happened, and how the date was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventTime {
    /// ISO date, as precise as known: `2018`, `2018-11`, `2018-11-09`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The expression in the text ("on Friday", "since 2005"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Byte offsets of the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// End byte offset of the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u32>,
    /// How it was resolved (`explicit`, `year`, `since`, `weekday-before-document-date`,
    /// `relative-to-document-date`, `document-date`, `unresolved: no document date`).
    pub resolution: String,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventPlace {
    /// The place name as written.
    pub text: String,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// Country code (ISO alpha-3 / CAMEO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// City or place name, when the place is below country level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Plover {
    /// Event type (`CONSULT`, `AID`, `ASSAULT`...).
    pub event: String,
    /// Mode where one applies (`visit`, `military`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// Why an event was coded: pattern, dictionary entries, tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Explanation {
    /// Id of the verb pattern that fired (`arm.v#1`).
    pub pattern: String,
    /// Dictionary entries used (verb entry, actor entries).
    #[serde(default)]
    pub entries: Vec<String>,
    /// Tokens that matched the pattern.
    #[serde(default)]
    pub tokens: Vec<TokenIdx>,
    /// Free-text notes: how source and target were found, which cue set certainty or negation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Event {
    /// Sentence carrying the event.
    pub sentence: SentIdx,
    /// Who acts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<EventActor>,
    /// Who is acted upon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<EventActor>,
    /// The verb or noun that triggered the event: token range `[start, end)`.
    pub trigger: (TokenIdx, TokenIdx),
    /// CAMEO event code (`042`, `0234`).
    pub cameo: String,
    /// PLOVER event type and mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<Plover>,
    /// Goldstein score of the CAMEO code.
    #[serde(default)]
    pub goldstein: f32,
    /// QuadClass of the CAMEO root (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).
    #[serde(default)]
    pub quad_class: u8,
    /// The act is negated ("did not attend"): output, flagged, not counted as happened.
    #[serde(default)]
    pub negated: bool,
    /// How sure the report is.
    #[serde(default)]
    pub certainty: Certainty,
    /// Who says so ("the Foreign Ministry in Moscow says" → RUSGOV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<EventActor>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<EventTime>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EventPlace>,
    /// All participants of a multi-party happening (a meeting attended by three
    /// countries); empty for a plain two-party event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster: Vec<EventActor>,
    /// Events from the same act (one per pair of participants) share this number within a document.
    #[serde(default)]
    pub happening: u32,
    /// Why it was coded.
    #[serde(default)]
    pub explanation: Explanation,
    /// Version of the dictionaries and patterns.
    #[serde(default)]
    pub dict_version: String,
    /// Version (checksum) of the tagger and parser models.
    #[serde(default)]
    pub model_version: String,
}
