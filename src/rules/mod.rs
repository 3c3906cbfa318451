//! Rule packs: what the norms say, as data.
//!
//! A pack is a TOML file (see `docs/rules.md`). Loading validates everything at once and
//! reports every problem with its place in the file; a loaded [`RuleSet`] is ready to be
//! compiled into a [`crate::matcher::Matcher`].

mod builtin;
mod load;
mod pattern;

pub mod meta;

pub use builtin::{BUILTIN_PACKS, OPT_IN_PACKS, loaded_by_default};
pub use load::{PackError, RuleProblem, load_builtin_pack, load_pack};
pub use pattern::Pattern;

use crate::transcript::Role;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is; ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in a message a match counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    #[default]
    Anywhere,
    /// Only whitespace or punctuation may precede the match.
    MessageStart,
    /// Only whitespace or punctuation may surround the match.
    WholeMessage,
}

/// Texts a rule must and must not fire on, said by the rule's first role as one message.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub fire: Vec<String>,
    pub pass: Vec<String>,
}

/// A list of normalised phrases (see [`crate::normalize`]) of a conversation rule. The
/// linter numbers every list and finds all of them in one automaton pass per turn.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    phrases: Vec<String>,
    /// Index of this list in the linter's one-pass index of all lists, set when the linter
    /// is built.
    pub id: Option<usize>,
}

impl PhraseSet {
    pub fn new(phrases: Vec<String>) -> PhraseSet {
        PhraseSet { phrases, id: None }
    }

    /// How many times the phrases occur in `text` (normalised), by plain substring search:
    /// for a list the linter has not numbered.
    pub fn count_in(&self, text: &str) -> usize {
        self.phrases
            .iter()
            .map(|p| text.matches(p.as_str()).count())
            .sum()
    }
}

impl std::ops::Deref for PhraseSet {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.phrases
    }
}

/// Which end of the conversation a position rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    First,
    Last,
}

/// The opening or closing of a conversation: its first or last `turns` agent turns must
/// contain one of `must_contain`, and must not start with any of `must_not_start_with`.
#[derive(Debug, Clone)]
pub struct PositionCheck {
    pub end: End,
    pub turns: usize,
    pub must_contain: PhraseSet,
    /// Patterns on the folded text, for what a literal cannot say (`你好` but not
    /// `你好好看看`); a turn matching one counts as containing the phrase.
    pub must_contain_regex: Vec<Pattern>,
    /// Normalised phrases (see [`crate::normalize`]).
    pub must_not_start_with: Vec<String>,
}

/// When a turn of `trigger_roles` contains a trigger, one of the next `within_turns` agent
/// turns (within `within_seconds`, when set) must contain one of `must_contain` and none may
/// contain `must_not_contain`.
#[derive(Debug, Clone)]
pub struct ResponseCheck {
    pub trigger_roles: Vec<Role>,
    pub trigger: PhraseSet,
    pub trigger_regex: Vec<Pattern>,
    /// A turn holding one of these does not trigger, whatever else it holds: the
    /// customer's words that look like a trigger and are not one (`我得先找领导签字`).
    pub trigger_except: PhraseSet,
    pub within_turns: usize,
    /// Only agent turns at most this many seconds after the trigger count as replies.
    pub within_seconds: Option<i64>,
    /// The rule applies only when the first reply comes more than this many seconds after
    /// the trigger (an apology is due after a long wait, not after a short one).
    pub after_seconds: Option<i64>,
    /// The trigger turn itself counts as the first reply (an agent correcting a mistake
    /// apologises in the same message).
    pub same_turn: bool,
    pub must_contain: PhraseSet,
    pub must_not_contain: PhraseSet,
}

/// What a timing rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimingKind {
    /// The first agent turn after the customer's first turn.
    FirstResponse,
    /// Every agent turn that answers a customer turn.
    Reply,
    /// A customer turn with no agent turn after it, measured to the end of the conversation.
    Unanswered,
}

#[derive(Debug, Clone, Copy)]
pub struct TimingCheck {
    pub kind: TimingKind,
    pub max_seconds: i64,
}

/// Occurrences of `count` phrases per occurrence of `per` phrases over a conversation's
/// agent turns must stay at or below `max_ratio` (checked once `count` reaches `min_count`).
#[derive(Debug, Clone)]
pub struct MetricCheck {
    pub count: PhraseSet,
    pub per: PhraseSet,
    pub max_ratio: f64,
    pub min_count: usize,
}

/// What a rule checks.
#[derive(Debug, Clone)]
pub enum Check {
    /// Forbidden phrases and patterns in single messages (the rule's `phrases`, `regex`).
    Phrase,
    Position(PositionCheck),
    Response(ResponseCheck),
    Timing(TimingCheck),
    Metric(MetricCheck),
    /// Personal data of one kind in a single message (`kind = "personal-data"`).
    PersonalData(crate::personal::DataKind),
}

/// The language a pack is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Chinese,
}

impl Language {
    /// The language the agent writes in `texts`: English when its English words outnumber
    /// its Chinese characters (a Chinese word is one or two characters), Chinese otherwise;
    /// `None` with neither. Links, e-mail addresses and handles are not words: a Chinese
    /// reply with a long link is still Chinese.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Language> {
        let (mut words, mut han) = (0usize, 0usize);
        for token in texts.into_iter().flat_map(str::split_whitespace) {
            let link = token.contains("://") || token.contains('@') || token.contains("www.");
            let mut in_word = false;
            for c in token.chars() {
                let letter = c.is_ascii_alphabetic() || matches!(c, '\'' | '’');
                if matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
                {
                    han += 1;
                } else if letter && !in_word && !link {
                    words += 1;
                }
                in_word = letter;
            }
        }
        match (words, han) {
            (0, 0) => None,
            (w, h) if w > h => Some(Language::English),
            _ => Some(Language::Chinese),
        }
    }
}

impl Check {
    /// The kind of data a `personal-data` rule looks for.
    pub fn personal_data(&self) -> Option<crate::personal::DataKind> {
        match self {
            Check::PersonalData(kind) => Some(*kind),
            _ => None,
        }
    }
}

/// How a rule's findings count in a grade (`replylint grade`): every conversation starts
/// at 100 and loses `weight` points per finding, at most `cap` for the rule; a `fatal`
/// finding sets the score to 0 (致命项); a `bonus` rule marks a recommended phrase and adds
/// its points instead (never above 100), reporting nothing in `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scoring {
    pub weight: u32,
    pub cap: Option<u32>,
    pub fatal: bool,
    pub bonus: u32,
    /// The scorecard section its points count in (服务态度, 服务规范, 响应时效…).
    pub section: Option<String>,
}

/// One rule, validated.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub check: Check,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub roles: Vec<Role>,
    pub phrases: Vec<String>,
    pub regex: Vec<Pattern>,
    /// The folded syntax each of `regex` was compiled from, for the matcher's gates.
    pub regex_syntax: Vec<regex_syntax::hir::Hir>,
    pub except: Vec<String>,
    /// Words that, earlier in the same clause, make a match a warning or a refusal rather
    /// than the offence (`不支持私下转账`, `请不要加微信`), in compact form.
    pub not_after: Vec<String>,
    pub anchor: Anchor,
    pub replacement: Option<String>,
    pub scoring: Scoring,
    pub examples: Examples,
    /// Name of the pack the rule comes from.
    pub pack: String,
    /// The language of its pack (`[pack] language`): its conversation checks judge only
    /// conversations whose agent writes that language.
    pub language: Option<Language>,
    /// The line of its `id` in the pack's file.
    pub line: usize,
}

impl Rule {
    pub fn applies_to(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A loaded pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
    /// Where it was loaded from: a path, or `builtin:NAME`.
    pub origin: String,
    pub rules: Vec<Rule>,
}

/// All rules in force for a run.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub packs: Vec<Pack>,
}

impl RuleSet {
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs.iter().flat_map(|p| &p.rules)
    }

    /// Add a pack, refusing rule ids or a pack name that is already loaded.
    pub fn add(&mut self, pack: Pack) -> Result<(), String> {
        if let Some(other) = self.packs.iter().find(|p| p.name == pack.name) {
            return Err(format!(
                "pack `{}` from {} is already loaded from {}",
                pack.name, pack.origin, other.origin
            ));
        }
        for rule in &pack.rules {
            let first = self
                .packs
                .iter()
                .find_map(|p| Some((p, p.rules.iter().find(|r| r.id == rule.id)?)));
            if let Some((other_pack, other)) = first {
                return Err(format!(
                    "rule id `{}` is defined twice: in pack `{}` at {}:{} and in pack `{}` at {}:{}; \
                     rule ids must be unique across packs (rename one, or load only one of the packs)",
                    rule.id,
                    other.pack,
                    other_pack.origin,
                    other.line,
                    pack.name,
                    pack.origin,
                    rule.line
                ));
            }
        }
        self.packs.push(pack);
        Ok(())
    }
}
