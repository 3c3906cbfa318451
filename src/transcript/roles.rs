//! Speaker name → role.
//!
//! Exports name speakers, not roles: `客服小王`, `售前客服小李`, `小王（客服）`, `小米官方旗舰店:小林`,
//! `买家`, `Customer`. A role written in the export (a `role` field or column) wins; then the
//! `--agent` and `--customer` patterns, then the `[roles]` patterns of `replylint.toml`; then
//! the conventions below (a title anywhere in the name, a `shop:account` seller name); then the
//! agent a conversation header names. The one unknown party beside known ones gets the other
//! role (an agent talks to a customer), so a customer under a bare nickname is still
//! recognised. Nothing else is guessed: a conversation without an agent is reported
//! (`input.no-agent`) and agent rules do not run on it, and every decision carries its
//! [`RoleReason`] for `inspect`.

use super::shape::looks_like_number_or_time;
use super::{Conversation, Role};
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt;

/// Values of a role field or column, compared case-insensitively: the words exports and
/// dialogue data sets use (`sys`/`usr` in CrossWOZ, `action` lines in ABCD).
const AGENT_VALUES: &[&str] = &[
    "agent",
    "staff",
    "assistant",
    "operator",
    "support",
    "seller",
    "service",
    "sys",
    "客服",
    "坐席",
    "售后",
    "卖家",
    "賣家",
    "商家",
    "人工",
    "人工客服",
    "店小二",
    "商家客服",
];
const CUSTOMER_VALUES: &[&str] = &[
    "customer",
    "client",
    "user",
    "usr",
    "buyer",
    "visitor",
    "guest",
    "caller",
    "客户",
    "客戶",
    "顾客",
    "顧客",
    "买家",
    "買家",
    "用户",
    "用戶",
    "访客",
    "訪客",
    "来电人",
];
const SYSTEM_VALUES: &[&str] = &["system", "action", "bot", "robot", "系统", "系統", "机器人"];

/// The role named by a role field or column value, if it is one of the known words.
pub fn role_value(value: &str) -> Option<Role> {
    let v = value.trim();
    let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(v));
    if is(AGENT_VALUES) {
        Some(Role::Agent)
    } else if is(CUSTOMER_VALUES) {
        Some(Role::Customer)
    } else if is(SYSTEM_VALUES) {
        Some(Role::System)
    } else {
        None
    }
}

/// Where a speaker pattern was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternSource {
    /// `--agent` or `--customer`.
    CommandLine,
    /// `[roles]` in `replylint.toml`.
    Config,
}

/// Why a speaker has the role it has: what `inspect` shows, so that a wrong role can be
/// traced to its cause and fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleReason {
    /// A role field or column of the export.
    Stated,
    Pattern(PatternSource),
    /// The conversation header names this speaker as the agent.
    DeclaredAgent,
    /// A title in the name (`客服`, `买家`), with the word found.
    Title(&'static str),
    /// `店铺:子账号`, the seller-side account of 千牛 and similar platforms.
    ShopAccount,
    /// The one unknown party of a conversation whose other party is known.
    Partner,
    /// A name that is a number or a time: what a misread line leaves behind.
    NotAName,
    Unknown,
}

impl fmt::Display for RoleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleReason::Stated => f.write_str("stated by the export's role field"),
            RoleReason::Pattern(PatternSource::CommandLine) => {
                f.write_str("matches --agent/--customer")
            }
            RoleReason::Pattern(PatternSource::Config) => {
                f.write_str("matches a [roles] pattern of replylint.toml")
            }
            RoleReason::DeclaredAgent => {
                f.write_str("named as the agent by the conversation header")
            }
            RoleReason::Title(word) => write!(f, "title `{word}` in the name"),
            RoleReason::ShopAccount => f.write_str("a `shop:account` seller name"),
            RoleReason::Partner => f.write_str("the other party of a known speaker"),
            RoleReason::NotAName => {
                f.write_str("not a name (a number or a time): check the export's line shape")
            }
            RoleReason::Unknown => {
                f.write_str("unknown: name it with --agent/--customer or [roles]")
            }
        }
    }
}

/// One speaker of a conversation, as decided.
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
    /// Patterns tried in order; the first that matches a speaker decides its role.
    pub patterns: Vec<(Regex, Role, PatternSource)>,
}

impl RoleMap {
    /// The role of one speaker name, without looking at the rest of the conversation.
    pub fn classify(&self, speaker: &str) -> Role {
        self.classify_with_reason(speaker).0
    }

    fn classify_with_reason(&self, speaker: &str) -> (Role, RoleReason) {
        let speaker = speaker.trim();
        if let Some((_, role, source)) =
            self.patterns.iter().find(|(re, _, _)| re.is_match(speaker))
        {
            return (*role, RoleReason::Pattern(*source));
        }
        default_role_with_reason(speaker)
    }

    /// The role a role field's value names: a configured pattern, a known word, or the
    /// speaker conventions.
    pub fn classify_value(&self, value: &str) -> Role {
        match self
            .patterns
            .iter()
            .find(|(re, _, _)| re.is_match(value.trim()))
        {
            Some((_, role, _)) => *role,
            None => role_value(value).unwrap_or_else(|| default_role(value.trim())),
        }
    }

    /// Give every turn its role.
    pub fn assign(&self, conversation: &mut Conversation) {
        self.resolve(conversation, |_| {});
    }

    /// Give every turn its role, and say for each speaker why.
    pub fn explain(&self, conversation: &mut Conversation) -> Vec<SpeakerRole> {
        let mut speakers: Vec<SpeakerRole> = Vec::new();
        self.resolve(conversation, |roles| {
            speakers = roles
                .iter()
                .map(|(name, (role, reason))| SpeakerRole {
                    name: (*name).to_owned(),
                    role: *role,
                    reason: *reason,
                    turns: 0,
                })
                .collect();
        });
        for turn in &conversation.turns {
            if let Some(s) = speakers.iter_mut().find(|s| s.name == turn.speaker) {
                s.turns += 1;
            }
        }
        // In order of first appearance.
        speakers.sort_by_key(|s| {
            conversation
                .turns
                .iter()
                .position(|t| t.speaker == s.name)
                .unwrap_or(usize::MAX)
        });
        speakers
    }

    /// Classify every speaker, let the partner rule fill in an unknown party, write the
    /// roles into the turns; `seen` gets the decisions before they are written.
    fn resolve(
        &self,
        conversation: &mut Conversation,
        seen: impl FnOnce(&BTreeMap<&str, (Role, RoleReason)>),
    ) {
        for turn in &mut conversation.turns {
            if let (Role::Unknown, Some(stated)) = (turn.role, &turn.stated_role) {
                turn.role = self.classify_value(stated);
            }
        }
        let mut roles: BTreeMap<&str, (Role, RoleReason)> = BTreeMap::new();
        for turn in &conversation.turns {
            if turn.role != Role::Unknown {
                roles.insert(turn.speaker.as_str(), (turn.role, RoleReason::Stated));
            }
        }
        let declared = conversation.declared_agent.as_deref().map(str::trim);
        for turn in &conversation.turns {
            roles.entry(turn.speaker.as_str()).or_insert_with(|| {
                let (role, reason) = self.classify_with_reason(&turn.speaker);
                if role == Role::Unknown && declared == Some(turn.speaker.trim()) {
                    (Role::Agent, RoleReason::DeclaredAgent)
                } else {
                    (role, reason)
                }
            });
        }
        fill_in_partner(&mut roles);
        seen(&roles);
        let resolved: Vec<Role> = conversation
            .turns
            .iter()
            .map(|turn| match turn.role {
                Role::Unknown => roles
                    .get(turn.speaker.as_str())
                    .map_or(Role::Unknown, |r| r.0),
                known => known,
            })
            .collect();
        for (turn, role) in conversation.turns.iter_mut().zip(resolved) {
            turn.role = role;
        }
    }
}

/// An agent talks to a customer: the one unknown party of a conversation whose other
/// parties are all agents is the customer (a 千牛 handover between two sub-accounts keeps
/// its buyer), and the one unknown party beside a customer is the agent. The platform's
/// own messages do not make a party; names that are not names never get a role.
fn fill_in_partner(roles: &mut BTreeMap<&str, (Role, RoleReason)>) {
    let parties = || roles.values().filter(|r| r.0 != Role::System);
    let unknown = parties()
        .filter(|r| r.0 == Role::Unknown && r.1 == RoleReason::Unknown)
        .count();
    if unknown != 1 {
        return;
    }
    let agents = parties().filter(|r| r.0 == Role::Agent).count();
    let customers = parties().filter(|r| r.0 == Role::Customer).count();
    let other = match (agents, customers) {
        (1.., 0) => Role::Customer,
        (0, 1) => Role::Agent,
        _ => return,
    };
    for role in roles.values_mut() {
        if role.0 == Role::Unknown && role.1 == RoleReason::Unknown {
            *role = (other, RoleReason::Partner);
        }
    }
}

/// Words that make a speaker a platform voice, looked for first: a bot's replies are not an
/// agent's (`智能客服` would otherwise be one).
const SYSTEM_TITLES: &[&str] = &[
    "系统",
    "系統",
    "机器人",
    "機器人",
    "智能客服",
    "自动回复",
    "自動回覆",
];
/// Agent titles, anywhere in the name (`售前客服小李`, `小王（客服）`, `【客服】小王`); looked for
/// before the customer words, so that `客户经理` is an agent.
const AGENT_TITLES: &[&str] = &[
    "客服",
    "坐席",
    "售后",
    "售後",
    "售前",
    "店小二",
    "导购",
    "導購",
    "客户经理",
    "客戶經理",
    "客户服务",
    "客戶服務",
    "服务专员",
    "服務專員",
    "接线员",
    "接線員",
    "话务员",
    "話務員",
];
const CUSTOMER_TITLES: &[&str] = &[
    "顾客",
    "顧客",
    "客户",
    "客戶",
    "买家",
    "買家",
    "用户",
    "用戶",
    "访客",
    "訪客",
    "来电人",
    "來電人",
];
const SYSTEM_WORDS_ASCII: &[&str] = &["system", "bot"];
const AGENT_WORDS_ASCII: &[&str] = &["agent", "support", "csr", "operator", "staff"];
const CUSTOMER_WORDS_ASCII: &[&str] = &["customer", "user", "client", "visitor", "buyer"];

/// The first of `titles` found in `name`.
fn title_in(name: &str, titles: &[&'static str]) -> Option<&'static str> {
    titles.iter().copied().find(|t| name.contains(t))
}

/// The first of `words` that is a word of `name` (`Support Agent`, `agent_007`), or starts
/// it (`Agent007`, `customer123`).
fn ascii_word_in(name: &str, words: &[&'static str]) -> Option<&'static str> {
    words.iter().copied().find(|w| {
        name.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
            || name
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|part| part.eq_ignore_ascii_case(w))
    })
}

/// The built-in speaker conventions.
pub fn default_role(speaker: &str) -> Role {
    default_role_with_reason(speaker).0
}

fn default_role_with_reason(speaker: &str) -> (Role, RoleReason) {
    if looks_like_number_or_time(speaker) {
        return (Role::Unknown, RoleReason::NotAName);
    }
    for (titles, words, role) in [
        (SYSTEM_TITLES, SYSTEM_WORDS_ASCII, Role::System),
        (AGENT_TITLES, AGENT_WORDS_ASCII, Role::Agent),
        (CUSTOMER_TITLES, CUSTOMER_WORDS_ASCII, Role::Customer),
    ] {
        if let Some(word) = title_in(speaker, titles).or_else(|| ascii_word_in(speaker, words)) {
            return (role, RoleReason::Title(word));
        }
    }
    if is_shop_account(speaker) {
        (Role::Agent, RoleReason::ShopAccount)
    } else {
        (Role::Unknown, RoleReason::Unknown)
    }
}

/// `店铺名:子账号`, the seller-side account of 千牛 and similar platforms: two names, neither
/// a number nor a time (`2024-06-01 20:10` is a misread timestamp, not a shop).
fn is_shop_account(speaker: &str) -> bool {
    speaker.split_once([':', '：']).is_some_and(|(shop, name)| {
        let (shop, name) = (shop.trim(), name.trim());
        !shop.is_empty()
            && !name.is_empty()
            && !looks_like_number_or_time(shop)
            && !looks_like_number_or_time(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    #[test]
    fn default_conventions() {
        for (speaker, role) in [
            ("客服小王", Role::Agent),
            ("坐席1024", Role::Agent),
            ("售后-小李", Role::Agent),
            ("店小二", Role::Agent),
            ("小米官方旗舰店:小林", Role::Agent),
            ("Agent Smith", Role::Agent),
            ("support", Role::Agent),
            ("顾客", Role::Customer),
            ("顧客", Role::Customer),
            ("买家tb_123", Role::Customer),
            ("Customer", Role::Customer),
            ("系统消息", Role::System),
            ("tb_8812", Role::Unknown),
        ] {
            assert_eq!(default_role(speaker), role, "{speaker}");
        }
    }

    #[test]
    fn patterns_come_first() {
        let map = RoleMap {
            patterns: vec![
                (
                    Regex::new("^小蜜").unwrap(),
                    Role::Agent,
                    PatternSource::Config,
                ),
                (
                    Regex::new("^tb_").unwrap(),
                    Role::Customer,
                    PatternSource::CommandLine,
                ),
            ],
        };
        assert_eq!(map.classify("小蜜"), Role::Agent);
        assert_eq!(map.classify("tb_8812"), Role::Customer);
        assert_eq!(map.classify("客服小王"), Role::Agent);
    }

    fn turn(speaker: &str) -> Turn {
        Turn {
            speaker: speaker.into(),
            role: Role::Unknown,
            time: None,
            text: String::new(),
            location: 0..0,
            map: None,
            stated_role: None,
        }
    }

    #[test]
    fn partner_of_a_known_speaker_gets_the_other_role() {
        let mut c = Conversation::new("c");
        c.turns = vec![turn("tb_8812"), turn("客服小王"), turn("tb_8812")];
        RoleMap::default().assign(&mut c);
        let roles: Vec<Role> = c.turns.iter().map(|t| t.role).collect();
        assert_eq!(roles, [Role::Customer, Role::Agent, Role::Customer]);

        let mut with_system = Conversation::new("c");
        with_system.turns = vec![turn("tb_8812"), turn("客服小王"), turn("系统")];
        RoleMap::default().assign(&mut with_system);
        assert_eq!(with_system.turns[0].role, Role::Customer);

        let mut three = Conversation::new("c");
        three.turns = vec![turn("tb_1"), turn("客服小王"), turn("tb_2")];
        RoleMap::default().assign(&mut three);
        assert_eq!(three.turns[0].role, Role::Unknown);
    }
}
