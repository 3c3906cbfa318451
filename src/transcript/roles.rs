//! Speaker name → role.
//!
//! Exports name speakers, not roles: `客服小王`, `小米官方旗舰店:小林`, `买家`, `Customer`.
//! The defaults below cover the common shapes; `--agent` and `--customer` patterns, then the
//! `[roles]` patterns of `replylint.toml`, are tried first. A role written in the export (a
//! `role` field or column) wins over all of them. A conversation of exactly two speakers in which one is known and the other is not
//! gets the other role for the unknown one (an agent talks to a customer), so a customer
//! who appears under a bare nickname is still recognised.

use super::{Conversation, Role};
use regex::Regex;
use std::collections::BTreeMap;

const AGENT_PREFIXES: &[&str] = &["客服", "坐席", "售后", "店小二", "人工客服"];
const AGENT_PREFIXES_ASCII: &[&str] = &["agent", "support", "csr", "operator"];
const CUSTOMER_PREFIXES: &[&str] = &[
    "顾客", "顧客", "客户", "客戶", "买家", "買家", "用户", "用戶", "访客", "訪客",
];
const CUSTOMER_PREFIXES_ASCII: &[&str] = &["customer", "user", "client", "visitor"];
const SYSTEM_PREFIXES: &[&str] = &["系统", "系統", "机器人", "機器人"];
const SYSTEM_PREFIXES_ASCII: &[&str] = &["system", "bot"];

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

/// Classifies speakers; built once from the command line and the configuration.
#[derive(Debug, Clone, Default)]
pub struct RoleMap {
    /// Patterns tried in order; the first that matches a speaker decides its role.
    pub patterns: Vec<(Regex, Role)>,
}

impl RoleMap {
    /// The role of one speaker name, without looking at the rest of the conversation.
    pub fn classify(&self, speaker: &str) -> Role {
        let speaker = speaker.trim();
        if let Some((_, role)) = self.patterns.iter().find(|(re, _)| re.is_match(speaker)) {
            return *role;
        }
        default_role(speaker)
    }

    /// The role a role field's value names: a configured pattern, a known word, or the
    /// speaker conventions.
    pub fn classify_value(&self, value: &str) -> Role {
        match self
            .patterns
            .iter()
            .find(|(re, _)| re.is_match(value.trim()))
        {
            Some((_, role)) => *role,
            None => role_value(value).unwrap_or_else(|| default_role(value.trim())),
        }
    }

    /// Classify every turn whose role the export did not state, then give the unknown side
    /// of a two-speaker conversation the role its partner does not have.
    pub fn assign(&self, conversation: &mut Conversation) {
        for turn in &mut conversation.turns {
            if let (Role::Unknown, Some(stated)) = (turn.role, &turn.stated_role) {
                turn.role = self.classify_value(stated);
            }
        }
        let mut roles: BTreeMap<&str, Role> = BTreeMap::new();
        for turn in &conversation.turns {
            if turn.role != Role::Unknown {
                roles.insert(turn.speaker.as_str(), turn.role);
            }
        }
        for turn in &conversation.turns {
            roles
                .entry(turn.speaker.as_str())
                .or_insert_with(|| self.classify(&turn.speaker));
        }
        // The platform's own messages do not make a third party.
        if roles.values().filter(|r| **r != Role::System).count() == 2 {
            let known: Vec<Role> = roles
                .values()
                .copied()
                .filter(|r| matches!(r, Role::Agent | Role::Customer))
                .collect();
            if let [one] = known[..] {
                let other = if one == Role::Agent {
                    Role::Customer
                } else {
                    Role::Agent
                };
                for role in roles.values_mut() {
                    if *role == Role::Unknown {
                        *role = other;
                    }
                }
            }
        }
        let resolved: Vec<Role> = conversation
            .turns
            .iter()
            .map(|turn| match turn.role {
                Role::Unknown => roles
                    .get(turn.speaker.as_str())
                    .copied()
                    .unwrap_or(Role::Unknown),
                known => known,
            })
            .collect();
        for (turn, role) in conversation.turns.iter_mut().zip(resolved) {
            turn.role = role;
        }
    }
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

fn starts_with_any_ascii(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        s.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })
}

/// The built-in speaker conventions.
pub fn default_role(speaker: &str) -> Role {
    if starts_with_any(speaker, AGENT_PREFIXES)
        || starts_with_any_ascii(speaker, AGENT_PREFIXES_ASCII)
    {
        Role::Agent
    } else if starts_with_any(speaker, CUSTOMER_PREFIXES)
        || starts_with_any_ascii(speaker, CUSTOMER_PREFIXES_ASCII)
    {
        Role::Customer
    } else if starts_with_any(speaker, SYSTEM_PREFIXES)
        || starts_with_any_ascii(speaker, SYSTEM_PREFIXES_ASCII)
    {
        Role::System
    } else if is_shop_account(speaker) {
        Role::Agent
    } else {
        Role::Unknown
    }
}

/// `店铺名:子账号`, the seller-side account of 千牛 and similar platforms.
fn is_shop_account(speaker: &str) -> bool {
    speaker
        .split_once([':', '：'])
        .is_some_and(|(shop, name)| !shop.trim().is_empty() && !name.trim().is_empty())
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
                (Regex::new("^小蜜").unwrap(), Role::Agent),
                (Regex::new("^tb_").unwrap(), Role::Customer),
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
