//! The one model every input format is read into: conversations made of turns, each turn
//! remembering where its text sits in the original file.

mod roles;
mod text;
mod time;

pub use roles::RoleMap;
pub use text::parse_text;
pub use time::Timestamp;

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// Who is speaking, as far as the norms care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Agent,
    Customer,
    System,
    Unknown,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Agent, Role::Customer, Role::System, Role::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
            Role::System => "system",
            Role::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: String,
    pub role: Role,
    pub time: Option<Timestamp>,
    /// The message exactly as it appears in the file (continuation lines included).
    pub text: String,
    /// Byte range of `text` in the decoded file: `file[location] == text`.
    pub location: Range<usize>,
}

/// A conversation between an agent and a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// From the file (a separator line) or derived from the path.
    pub id: String,
    pub turns: Vec<Turn>,
}

/// A line that is part of no turn, kept so that nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    pub location: Range<usize>,
    pub reason: &'static str,
}

/// What reading one file produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub conversations: Vec<Conversation>,
    pub unparsed: Vec<Unparsed>,
}
