//! Speaker name → role, and why.
//!
//! Exports name speakers, not roles: `客服小王`, `小米官方旗舰店:小林`, `买家`, `Customer`.
//! A speaker's role is decided by, in order:
//!
//! 1. a role the export states (a `role` field or column, a platform message);
//! 2. the `--agent`/`--customer` patterns, then the `[roles]` patterns of `replylint.toml`;
//! 3. the agent a conversation header names (`### 会话 C1 | 客服: 客服小孙`);
//! 4. the conventions of [`words`]: titles (`售前客服小李`, `小王（客服）`), labels (`买家`,
//!    `【顾客】`), bots (`机器人小蜜`), seller accounts (`店铺:子账号`);
//! 5. in a conversation where exactly one speaker is left unknown and every known speaker
//!    has the same role, the other role for it (a 千牛 handover between two sub-accounts
//!    keeps the buyer a customer).
//!
//! Nothing is guessed past that. A speaker that is a number or a time is a misread export,
//! reported and given no role; a conversation without an identified agent is reported and
//! its conversation rules are not run; a speaker left unknown beside an agent is reported.

mod words;

pub use words::{default_role, handle_key, role_value};

use super::{Conversation, InputIssue, IssueKind, Role, Transcript};
use regex::Regex;
use std::fmt;
use words::Convention;

/// Where a role pattern was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternOrigin {
    /// `--agent REGEX`, `--customer REGEX`.
    CommandLine,
    /// `[roles]` in `replylint.toml`.
    Config,
}

/// A speaker (or role value) pattern and the role it gives.
#[derive(Debug, Clone)]
pub struct RolePattern {
    pub regex: Regex,
    pub role: Role,
    pub origin: PatternOrigin,
}

/// Why a speaker has its role, for `inspect` and for the messages of input findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleReason {
    /// The export states it: a role field or column, a role key, a platform message.
    Stated,
    /// A role field's value that is no known role word, classified by `by`.
    StatedValue { value: String, by: Box<RoleReason> },
    /// A role field's value that neither a pattern nor a convention classifies.
    UnknownValue { value: String },
    /// A `--agent`/`--customer` or `[roles]` pattern.
    Pattern {
        role: Role,
        pattern: String,
        origin: PatternOrigin,
    },
    /// The agent named in the conversation's header.
    Declared,
    /// A title, label or bot word in the name.
    Title { word: &'static str },
    /// `店铺:子账号`.
    ShopAccount,
    /// The one other party of the speakers named.
    Partner { of: Vec<String> },
    /// A number or a time where a name should be.
    NotAName,
    /// Nothing says.
    Unknown,
}

impl fmt::Display for RoleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleReason::Stated => f.write_str("stated in the export"),
            RoleReason::StatedValue { value, by } => write!(f, "role value `{value}`: {by}"),
            RoleReason::UnknownValue { value } => write!(
                f,
                "role value `{value}` is no known role: name it with --agent/--customer or [roles]"
            ),
            RoleReason::Pattern {
                role,
                pattern,
                origin: PatternOrigin::CommandLine,
            } => write!(f, "--{role} pattern `{pattern}`"),
            RoleReason::Pattern {
                role,
                pattern,
                origin: PatternOrigin::Config,
            } => write!(f, "[roles] {role} pattern `{pattern}` in replylint.toml"),
            RoleReason::Declared => f.write_str("named as the agent by the conversation header"),
            RoleReason::Title { word } => write!(f, "title `{word}` in the name"),
            RoleReason::ShopAccount => f.write_str("a `shop:account` seller name"),
            RoleReason::Partner { of } => write!(f, "the other party of {}", of.join(", ")),
            RoleReason::NotAName => f.write_str("a number or a time, not a name: no role given"),
            RoleReason::Unknown => {
                f.write_str("unknown: name it with --agent/--customer or [roles]")
            }
        }
    }
}

/// One speaker of a conversation: the role given to its turns and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRole {
    pub name: String,
    pub role: Role,
    pub reason: RoleReason,
    pub turns: usize,
}

/// Classifies speakers; built once from the command line and the configuration.
#[derive(Debug, Clone, Default)]
pub struct RoleMap {
    /// Patterns tried in order (command line first); the first that matches decides.
    pub patterns: Vec<RolePattern>,
}

/// A speaker while its role is decided: one per name, and one more per role the export
/// states for that name.
struct Party<'a> {
    name: &'a str,
    /// The role the export stated for these turns, if it did.
    stated: Option<Role>,
    /// A role field's value given for these turns that says no role.
    value: Option<&'a str>,
    role: Role,
    reason: RoleReason,
    turns: usize,
    first: usize,
}

impl RoleMap {
    fn pattern(&self, text: &str) -> Option<(Role, RoleReason)> {
        let p = self.patterns.iter().find(|p| p.regex.is_match(text))?;
        Some((
            p.role,
            RoleReason::Pattern {
                role: p.role,
                pattern: p.regex.as_str().to_owned(),
                origin: p.origin,
            },
        ))
    }

    /// The role of one speaker name, without looking at the rest of the conversation.
    pub fn classify(&self, speaker: &str, declared_agent: Option<&str>) -> (Role, RoleReason) {
        let speaker = speaker.trim();
        if let Some(found) = self.pattern(speaker) {
            return found;
        }
        if declared_agent.is_some_and(|d| d.trim() == speaker && !speaker.is_empty()) {
            return (Role::Agent, RoleReason::Declared);
        }
        if super::looks_like_number_or_time(speaker) {
            return (Role::Unknown, RoleReason::NotAName);
        }
        match words::convention(speaker) {
            Some((role, Convention::Word(word))) => (role, RoleReason::Title { word }),
            Some((role, Convention::ShopAccount)) => (role, RoleReason::ShopAccount),
            None => (Role::Unknown, RoleReason::Unknown),
        }
    }

    /// The role a role field's value that is no known word names: a configured pattern or
    /// a convention.
    fn classify_value(&self, value: &str) -> Option<(Role, RoleReason)> {
        let value = value.trim();
        let (role, by) = self.pattern(value).or_else(|| {
            let (role, c) = words::convention(value)?;
            Some(match c {
                Convention::Word(word) => (role, RoleReason::Title { word }),
                Convention::ShopAccount => (role, RoleReason::ShopAccount),
            })
        })?;
        let reason = RoleReason::StatedValue {
            value: value.to_owned(),
            by: Box::new(by),
        };
        Some((role, reason))
    }

    /// Give every turn a role, record each speaker's role and reason in
    /// `conversation.speakers`, and return the problems found: speakers that are numbers
    /// or times, a conversation without an identified agent, speakers left unknown.
    pub fn assign(&self, conversation: &mut Conversation) -> Vec<InputIssue> {
        let mut parties: Vec<Party<'_>> = Vec::new();
        let mut of_turn: Vec<usize> = Vec::with_capacity(conversation.turns.len());
        for (i, turn) in conversation.turns.iter().enumerate() {
            let stated = if turn.role != Role::Unknown {
                Some((turn.role, RoleReason::Stated))
            } else {
                turn.stated_role
                    .as_deref()
                    .and_then(|v| self.classify_value(v))
            };
            let key = stated.as_ref().map(|(role, _)| *role);
            let at = match parties
                .iter()
                .position(|p| p.name == turn.speaker && p.stated == key)
            {
                Some(at) => at,
                None => {
                    let (role, reason) = stated.unwrap_or((Role::Unknown, RoleReason::Unknown));
                    parties.push(Party {
                        name: &turn.speaker,
                        stated: key,
                        value: None,
                        role,
                        reason,
                        turns: 0,
                        first: i,
                    });
                    parties.len() - 1
                }
            };
            let party = &mut parties[at];
            party.turns += 1;
            if key.is_none() && party.value.is_none() {
                party.value = turn.stated_role.as_deref().map(str::trim);
            }
            of_turn.push(at);
        }
        self.classify_names(&mut parties, conversation.declared_agent.as_deref());
        partner(&mut parties);

        // Every party has a turn, so the parties' roles are the turns' roles.
        let lacks_agent = lacks_agent(conversation.canned, parties.iter().map(|p| p.role));
        let issues = issues(conversation, &parties, lacks_agent);
        let roles: Vec<Role> = parties.iter().map(|p| p.role).collect();
        conversation.speakers = speakers(parties);
        for (turn, &at) in conversation.turns.iter_mut().zip(&of_turn) {
            turn.role = roles[at];
        }
        issues
    }

    /// `assign` every conversation of a transcript, adding the problems to its issues.
    pub fn assign_all(&self, transcript: &mut Transcript) {
        for conversation in &mut transcript.conversations {
            let issues = self.assign(conversation);
            transcript
                .issues
                .extend(issues.into_iter().map(|issue| InputIssue {
                    conversation: Some(conversation.id.clone()),
                    ..issue
                }));
        }
    }

    /// Classify the parties whose role the export did not state, by their name: a name
    /// stated elsewhere in the conversation keeps that role.
    fn classify_names(&self, parties: &mut [Party<'_>], declared: Option<&str>) {
        for i in 0..parties.len() {
            if parties[i].stated.is_some() {
                continue;
            }
            let name = parties[i].name;
            let stated_elsewhere = parties
                .iter()
                .find(|p| p.name == name && p.stated.is_some())
                .map(|p| (p.role, p.reason.clone()));
            let (role, reason) = stated_elsewhere.unwrap_or_else(|| self.classify(name, declared));
            parties[i].role = role;
            parties[i].reason = match (reason, parties[i].value) {
                (RoleReason::Unknown, Some(value)) => RoleReason::UnknownValue {
                    value: value.to_owned(),
                },
                (reason, _) => reason,
            };
        }
    }
}

/// The one speaker left unknown beside speakers who all have one role takes the other.
fn partner(parties: &mut [Party<'_>]) {
    let mut known_role = None;
    let mut unknown = None;
    for (i, p) in parties.iter().enumerate() {
        match p.role {
            // The platform's own messages do not make a third party.
            Role::System => {}
            Role::Agent | Role::Customer => match known_role {
                None => known_role = Some(p.role),
                Some(r) if r == p.role => {}
                Some(_) => return,
            },
            Role::Unknown if matches!(p.reason, RoleReason::NotAName) => {}
            Role::Unknown => {
                // Turns without a name may be anyone's.
                if unknown.is_some() || p.name.trim().is_empty() {
                    return;
                }
                unknown = Some(i);
            }
        }
    }
    let (Some(role), Some(i)) = (known_role, unknown) else {
        return;
    };
    let of = parties
        .iter()
        .filter(|p| p.role == role)
        .map(|p| {
            if p.name.trim().is_empty() {
                "(no name)".to_owned()
            } else {
                p.name.to_owned()
            }
        })
        .fold(Vec::new(), |mut names: Vec<String>, n| {
            if !names.contains(&n) {
                names.push(n);
            }
            names
        });
    parties[i].role = if role == Role::Agent {
        Role::Customer
    } else {
        Role::Agent
    };
    parties[i].reason = RoleReason::Partner { of };
}

/// The parties as the public list: one entry per name and role, in order of appearance.
fn speakers(parties: Vec<Party<'_>>) -> Vec<SpeakerRole> {
    let mut out: Vec<SpeakerRole> = Vec::with_capacity(parties.len());
    for p in parties {
        match out
            .iter_mut()
            .find(|s| s.name == p.name && s.role == p.role)
        {
            Some(s) => s.turns += p.turns,
            None => out.push(SpeakerRole {
                name: p.name.to_owned(),
                role: p.role,
                reason: p.reason,
                turns: p.turns,
            }),
        }
    }
    out
}

impl Conversation {
    /// No agent identified, and a speaker whose role is unknown: nobody can tell who the
    /// agent is, so the conversation rules are not run on it. A conversation of identified
    /// customers alone (an export of the customer's side only) is not one: nothing is
    /// guessed there. Canned replies are agent messages.
    pub fn lacks_agent(&self) -> bool {
        lacks_agent(self.canned, self.turns.iter().map(|t| t.role))
    }
}

fn lacks_agent(canned: bool, roles: impl IntoIterator<Item = Role>) -> bool {
    let mut unknown = false;
    for role in roles {
        match role {
            Role::Agent => return false,
            Role::Unknown => unknown = true,
            Role::Customer | Role::System => {}
        }
    }
    !canned && unknown
}

/// At most this many speakers are named in an `input.no-agent` message.
const NAMED_SPEAKERS: usize = 6;

fn shown(name: &str) -> String {
    if name.trim().is_empty() {
        "(no name)".to_owned()
    } else {
        format!("`{name}`")
    }
}

fn issues(
    conversation: &Conversation,
    parties: &[Party<'_>],
    lacks_agent: bool,
) -> Vec<InputIssue> {
    let mut out = Vec::new();
    if conversation.canned {
        return out;
    }
    let at = |turn: usize| {
        let t = &conversation.turns[turn];
        // The first line of the turn: the issue is about who said it, not what was said.
        let first_line = t.text.find('\n').unwrap_or(t.text.len());
        let line = t.text[..first_line].trim_end_matches('\r').len();
        t.file_span(0..line)
    };
    let id = &conversation.id;
    let mut seen: Vec<&str> = Vec::new();
    for p in parties {
        if matches!(p.reason, RoleReason::NotAName) && !seen.contains(&p.name) {
            seen.push(p.name);
            out.push(InputIssue {
 conversation: None,
                kind: IssueKind::BadSpeaker,
                location: at(p.first),
                message: format!(
                    "speaker {} in conversation `{id}` is a number or a time, not a name: its turns were given no role (give it one with --customer or --agent)",
                    shown(p.name)
                ),
            });
        }
    }
    if lacks_agent {
        let mut names: Vec<String> = Vec::new();
        for p in parties.iter().filter(|p| p.role != Role::System) {
            let s = format!(
                "{} ({}, {} turn{})",
                shown(p.name),
                p.role,
                p.turns,
                if p.turns == 1 { "" } else { "s" }
            );
            if !names.contains(&s) {
                names.push(s);
            }
        }
        let more = names.len().saturating_sub(NAMED_SPEAKERS);
        names.truncate(NAMED_SPEAKERS);
        let mut message = format!(
            "no agent identified in conversation `{id}`; speakers: {}",
            names.join(", ")
        );
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
        if let Some(declared) = &conversation.declared_agent
            && !parties.iter().any(|p| p.name.trim() == declared.trim())
        {
            message.push_str(&format!(
                "; the header names the agent `{declared}`, who has no turn"
            ));
        }
        out.push(InputIssue {
            conversation: None,
            kind: IssueKind::NoAgent,
            location: at(0),
            message,
        });
        return out;
    }
    for p in parties {
        if p.role == Role::Unknown
            && !matches!(p.reason, RoleReason::NotAName)
            && !seen.contains(&p.name)
        {
            seen.push(p.name);
            let turns = p.turns;
            out.push(InputIssue {
 conversation: None,
                kind: IssueKind::UnknownSpeaker,
                location: at(p.first),
                message: format!(
                    "speaker {} in conversation `{id}` is neither an identified agent nor a customer: {} not checked by agent rules",
                    shown(p.name),
                    if turns == 1 {
                        "its turn was".to_owned()
                    } else {
                        format!("its {turns} turns were")
                    }
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    fn turn(speaker: &str) -> Turn {
        let mut t = Turn::verbatim(speaker, None, "好的", 0..6);
        t.text = format!("{speaker}说");
        t
    }

    fn conversation(speakers: &[&str]) -> Conversation {
        let mut c = Conversation::new("c1");
        c.turns = speakers.iter().map(|s| turn(s)).collect();
        c
    }

    fn roles(c: &Conversation) -> Vec<Role> {
        c.turns.iter().map(|t| t.role).collect()
    }

    fn kinds(issues: &[InputIssue]) -> Vec<IssueKind> {
        issues.iter().map(|i| i.kind).collect()
    }

    fn pattern(re: &str, role: Role, origin: PatternOrigin) -> RolePattern {
        RolePattern {
            regex: Regex::new(re).unwrap(),
            role,
            origin,
        }
    }

    #[test]
    fn partner_of_a_known_speaker_gets_the_other_role() {
        let mut c = conversation(&["tb_8812", "客服小王", "tb_8812"]);
        let issues = RoleMap::default().assign(&mut c);
        assert_eq!(roles(&c), [Role::Customer, Role::Agent, Role::Customer]);
        assert!(issues.is_empty());
        assert_eq!(
            c.speakers[0],
            SpeakerRole {
                name: "tb_8812".into(),
                role: Role::Customer,
                reason: RoleReason::Partner {
                    of: vec!["客服小王".into()]
                },
                turns: 2,
            }
        );
        assert_eq!(c.speakers[1].reason, RoleReason::Title { word: "客服" });

        let mut with_bot = conversation(&["tb_8812", "机器人小蜜", "客服小王"]);
        RoleMap::default().assign(&mut with_bot);
        assert_eq!(
            roles(&with_bot),
            [Role::Customer, Role::System, Role::Agent]
        );

        let mut by_customer = conversation(&["顾客", "小王"]);
        RoleMap::default().assign(&mut by_customer);
        assert_eq!(roles(&by_customer), [Role::Customer, Role::Agent]);
    }

    #[test]
    fn a_handover_between_two_sub_accounts_keeps_the_buyer_a_customer() {
        let mut c = conversation(&["tb_8812", "小米旗舰店:小林", "tb_8812", "小米旗舰店:小王"]);
        let issues = RoleMap::default().assign(&mut c);
        assert_eq!(
            roles(&c),
            [Role::Customer, Role::Agent, Role::Customer, Role::Agent]
        );
        assert!(issues.is_empty());
        assert_eq!(
            c.speakers[0].reason.to_string(),
            "the other party of 小米旗舰店:小林, 小米旗舰店:小王"
        );
        assert_eq!(
            c.speakers[1].reason.to_string(),
            "a `shop:account` seller name"
        );
    }

    #[test]
    fn speakers_left_unknown_beside_an_agent_are_reported_once_each() {
        let mut c = conversation(&["tb_1", "客服小王", "tb_2", "tb_1"]);
        let issues = RoleMap::default().assign(&mut c);
        assert_eq!(
            roles(&c),
            [Role::Unknown, Role::Agent, Role::Unknown, Role::Unknown]
        );
        assert_eq!(
            kinds(&issues),
            [IssueKind::UnknownSpeaker, IssueKind::UnknownSpeaker]
        );
        assert!(
            issues[0].message.contains("`tb_1`"),
            "{}",
            issues[0].message
        );
        assert!(
            issues[0].message.contains("2 turns"),
            "{}",
            issues[0].message
        );
        assert!(issues[1].message.contains("`tb_2`"));
        // At the speaker's first turn, its first line.
        assert_eq!(
            issues[1].location,
            c.turns[2].location.start..c.turns[2].location.start + 7
        );
    }

    #[test]
    fn no_identified_agent_is_one_warning_naming_the_speakers() {
        let mut c = conversation(&["tb_1", "小王", "tb_1", "小王"]);
        let issues = RoleMap::default().assign(&mut c);
        assert!(c.lacks_agent());
        assert_eq!(roles(&c), [Role::Unknown; 4]);
        assert_eq!(kinds(&issues), [IssueKind::NoAgent]);
        assert_eq!(
            issues[0].message,
            "no agent identified in conversation `c1`; speakers: `tb_1` (unknown, 2 turns), `小王` (unknown, 2 turns)"
        );

        let mut with_a_customer = conversation(&["顾客", "系统", "小王", "小李"]);
        let issues = RoleMap::default().assign(&mut with_a_customer);
        assert_eq!(kinds(&issues), [IssueKind::NoAgent]);
        assert!(issues[0].message.ends_with(
            "`顾客` (customer, 1 turn), `小王` (unknown, 1 turn), `小李` (unknown, 1 turn)"
        ));

        // Only the customer's side was exported: every speaker is identified, nothing to
        // report.
        let mut customers_only = conversation(&["顾客", "系统", "顾客"]);
        assert!(RoleMap::default().assign(&mut customers_only).is_empty());
        assert!(!customers_only.lacks_agent());

        let mut bot_only = conversation(&["智能客服", "tb_1"]);
        assert_eq!(
            kinds(&RoleMap::default().assign(&mut bot_only)),
            [IssueKind::NoAgent]
        );

        let mut notices = conversation(&["系统"]);
        assert!(RoleMap::default().assign(&mut notices).is_empty());
        assert!(!notices.lacks_agent());

        let mut canned = conversation(&["小王"]);
        canned.canned = true;
        assert!(RoleMap::default().assign(&mut canned).is_empty());
    }

    #[test]
    fn numbers_and_times_are_reported_and_never_given_a_role() {
        let mut c = conversation(&["2024-06-01 20:10", "客服小王", "20", "tb_1", "20"]);
        let issues = RoleMap::default().assign(&mut c);
        assert_eq!(
            roles(&c),
            [
                Role::Unknown,
                Role::Agent,
                Role::Unknown,
                Role::Customer,
                Role::Unknown
            ]
        );
        assert_eq!(
            kinds(&issues),
            [IssueKind::BadSpeaker, IssueKind::BadSpeaker]
        );
        assert!(issues[0].message.contains("`2024-06-01 20:10`"));
        assert_eq!(c.speakers[0].reason, RoleReason::NotAName);

        // Two of them and an agent: the partner rule does not reach them.
        let mut two = conversation(&["10:00", "客服小王"]);
        RoleMap::default().assign(&mut two);
        assert_eq!(roles(&two), [Role::Unknown, Role::Agent]);

        // A pattern names account numbers explicitly.
        let map = RoleMap {
            patterns: vec![pattern(r"^\d+$", Role::Agent, PatternOrigin::CommandLine)],
        };
        let mut ids = conversation(&["1024", "tb_1"]);
        assert!(map.assign(&mut ids).is_empty());
        assert_eq!(roles(&ids), [Role::Agent, Role::Customer]);
    }

    #[test]
    fn the_agent_a_header_declares() {
        let mut c = conversation(&["tb_1", "小孙"]);
        c.declared_agent = Some("小孙".into());
        assert!(RoleMap::default().assign(&mut c).is_empty());
        assert_eq!(roles(&c), [Role::Customer, Role::Agent]);
        assert_eq!(
            c.speakers[1].reason.to_string(),
            "named as the agent by the conversation header"
        );

        let mut absent = conversation(&["tb_1", "小王"]);
        absent.declared_agent = Some("客服小孙".into());
        let issues = RoleMap::default().assign(&mut absent);
        assert_eq!(kinds(&issues), [IssueKind::NoAgent]);
        assert!(
            issues[0]
                .message
                .ends_with("the header names the agent `客服小孙`, who has no turn")
        );
    }

    #[test]
    fn patterns_come_first_and_say_where_they_came_from() {
        let map = RoleMap {
            patterns: vec![
                pattern("^tb_", Role::Customer, PatternOrigin::CommandLine),
                pattern("^小蜜", Role::Agent, PatternOrigin::Config),
                pattern("^客服小", Role::Customer, PatternOrigin::Config),
            ],
        };
        let (role, reason) = map.classify("tb_8812", None);
        assert_eq!(role, Role::Customer);
        assert_eq!(reason.to_string(), "--customer pattern `^tb_`");
        let (role, reason) = map.classify("小蜜", None);
        assert_eq!(role, Role::Agent);
        assert_eq!(
            reason.to_string(),
            "[roles] agent pattern `^小蜜` in replylint.toml"
        );
        assert_eq!(map.classify("客服小王", None).0, Role::Customer);
        assert_eq!(map.classify("客服王", None).0, Role::Agent);
        assert_eq!(
            RoleMap::default().classify("tb_8812", None),
            (Role::Unknown, RoleReason::Unknown)
        );
    }

    #[test]
    fn stated_roles_and_role_values() {
        let mut c = conversation(&["", "", "tb_1", "A7"]);
        c.turns[0].role = Role::Agent;
        c.turns[1].role = Role::Customer;
        c.turns[2].stated_role = Some("1".into());
        c.turns[3].stated_role = Some("2".into());
        let map = RoleMap {
            patterns: vec![pattern("^2$", Role::Agent, PatternOrigin::Config)],
        };
        let issues = map.assign(&mut c);
        assert_eq!(
            roles(&c),
            [Role::Agent, Role::Customer, Role::Unknown, Role::Agent]
        );
        // One name, two stated roles: two entries.
        assert_eq!(c.speakers.len(), 4);
        assert_eq!(c.speakers[0].reason, RoleReason::Stated);
        assert_eq!(
            c.speakers[3].reason.to_string(),
            "role value `2`: [roles] agent pattern `^2$` in replylint.toml"
        );
        assert_eq!(
            c.speakers[2].reason,
            RoleReason::UnknownValue { value: "1".into() }
        );
        assert_eq!(kinds(&issues), [IssueKind::UnknownSpeaker]);

        // A name whose role is stated on some turns keeps it on the others.
        let mut partly = conversation(&["小王", "小王", "tb_1"]);
        partly.turns[0].role = Role::Agent;
        assert!(RoleMap::default().assign(&mut partly).is_empty());
        assert_eq!(roles(&partly), [Role::Agent, Role::Agent, Role::Customer]);
        assert_eq!(partly.speakers[0].turns, 2);
    }

    #[test]
    fn turns_without_a_name_are_nobody_s_partner() {
        let mut c = conversation(&["客服小王", "", "客服小王"]);
        let issues = RoleMap::default().assign(&mut c);
        assert_eq!(roles(&c), [Role::Agent, Role::Unknown, Role::Agent]);
        assert_eq!(kinds(&issues), [IssueKind::UnknownSpeaker]);
        assert!(issues[0].message.starts_with("speaker (no name)"));
    }

    #[test]
    fn assign_all_collects_the_issues() {
        let mut t = Transcript {
            conversations: vec![
                conversation(&["tb_1", "小王"]),
                conversation(&["客服", "tb_2"]),
            ],
            ..Transcript::default()
        };
        RoleMap::default().assign_all(&mut t);
        assert_eq!(kinds(&t.issues), [IssueKind::NoAgent]);
        assert_eq!(
            t.conversations.iter().filter(|c| c.lacks_agent()).count(),
            1
        );
    }
}
