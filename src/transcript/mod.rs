//! The one model every input format is read into: conversations made of turns, each turn
//! remembering where its text sits in the original file.

mod canned;
pub(crate) mod csv;
mod cut;
mod detect;
mod fields;
mod json;
mod marker;
mod roles;
mod shape;
mod sheet;
mod stream;
mod text;
mod text_cut;
mod textmap;
mod time;

pub use canned::{parse_canned_lines, parse_canned_toml};
pub use csv::{Columns, CsvRecord, Shape, delimiter, next_record, record_end};
pub use detect::{InputFormat, Resolved, is_canned_csv, is_spreadsheet, looks_like_jsonl, resolve};
pub use fields::{Field, FieldNames, Fields};
pub use json::{JsonReader, json_error_message};
pub use marker::{Marker, Suppression, parse_cell, parse_comment, trailing_comment};
pub use roles::{
    PatternOrigin, RoleMap, RolePattern, RoleReason, SpeakerRole, default_role, handle_key,
    role_value,
};
pub use shape::{LineShape, looks_like_number_or_time};
pub use sheet::{SHEET_EXTENSIONS, Sheet, SheetError, looks_like_workbook, read_sheet};
pub use stream::{BATCH_BYTES, Batch, Item, Part, Piece, invalid_bytes, stream, stream_text};
pub use text::parse_text;
pub use textmap::{TextMap, TextMapBuilder};
pub use time::Timestamp;

use crate::rules::Severity;
use serde::Serialize;
use std::borrow::Cow;
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
    /// The message (continuation lines included), with escapes of the file format decoded.
    pub text: String,
    /// Byte range of the message in the decoded file. Without `map`, `file[location] == text`.
    pub location: Range<usize>,
    /// Where each character of `text` sits in the file, when `text` is not a verbatim slice
    /// of it (JSON escapes, doubled quotes in CSV).
    pub map: Option<TextMap>,
    /// A role field's value that is none of the known role words, left for the `[roles]`
    /// patterns to classify.
    pub stated_role: Option<String>,
}

impl Turn {
    /// A turn whose text is the verbatim slice `file[location]`; its role is decided later.
    pub fn verbatim(
        speaker: &str,
        time: Option<Timestamp>,
        file: &str,
        location: Range<usize>,
    ) -> Turn {
        Turn {
            speaker: speaker.to_owned(),
            role: Role::Unknown,
            time,
            text: file[location.clone()].to_owned(),
            location,
            map: None,
            stated_role: None,
        }
    }

    /// The file range of `local`, a byte range of `text`.
    pub fn file_span(&self, local: Range<usize>) -> Range<usize> {
        match &self.map {
            None => self.location.start + local.start..self.location.start + local.end,
            Some(map) => map.file_range(local),
        }
    }
}

/// A conversation between an agent and a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// From the file (a separator line) or derived from the path.
    pub id: String,
    pub turns: Vec<Turn>,
    /// A canned reply (快捷短语) checked on its own: rules about the course of a conversation
    /// (opening, closing, replies, timing, ratios) do not apply.
    pub canned: bool,
    /// The agent's name when the export states it for the whole conversation (a header
    /// line such as `### 会话 C1 | 客服: 客服小孙`).
    pub declared_agent: Option<String>,
    /// Every speaker with the role given and why; filled by [`RoleMap::assign`].
    pub speakers: Vec<SpeakerRole>,
    /// The inline suppressions of a canned reply (`# replylint: allow(…)`).
    pub markers: Vec<Marker>,
    /// Its first turn is not the conversation's: it goes on from a part cut for length.
    pub went_on: bool,
    /// Its last turn is not the conversation's: it goes on in the next part.
    pub goes_on: bool,
}

impl Conversation {
    pub fn new(id: impl Into<String>) -> Conversation {
        Conversation {
            id: id.into(),
            turns: Vec::new(),
            canned: false,
            declared_agent: None,
            speakers: Vec::new(),
            markers: Vec::new(),
            went_on: false,
            goes_on: false,
        }
    }
}

/// A line that is part of no turn, kept so that nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    pub location: Range<usize>,
    pub reason: Cow<'static, str>,
}

/// What kind of problem reading met, short of a line that could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IssueKind {
    /// A line in the file's shape whose time is not a valid date and time.
    BadTimestamp,
    /// A speaker that is a number or a time: a line or a column misread.
    BadSpeaker,
    /// A conversation in which no speaker is identified as the agent.
    NoAgent,
    /// A speaker left neither agent nor customer in a conversation that has an agent.
    UnknownSpeaker,
    /// Bytes that are not valid in the file's encoding, read as U+FFFD.
    InvalidBytes,
    /// A CSV row with more fields than its header, read with the surplus in the message.
    RaggedRow,
    /// A line in another shape than the file's (`2024-06-01 10:00:40 客服小美: …` among
    /// `[time] speaker:` lines), read as a turn because its speaker is in the conversation.
    OtherShape,
    /// A conversation too long to check whole, cut into parts here.
    ConversationCut,
    /// A conversation whose turns come back after another conversation's: checked as two.
    ConversationResumed,
}

impl IssueKind {
    pub const ALL: [IssueKind; 9] = [
        IssueKind::BadTimestamp,
        IssueKind::BadSpeaker,
        IssueKind::NoAgent,
        IssueKind::UnknownSpeaker,
        IssueKind::InvalidBytes,
        IssueKind::RaggedRow,
        IssueKind::OtherShape,
        IssueKind::ConversationCut,
        IssueKind::ConversationResumed,
    ];

    /// What the finding says in general, for rule listings.
    pub fn description(self) -> &'static str {
        match self {
            IssueKind::BadTimestamp => "a message time that is not a valid date and time",
            IssueKind::BadSpeaker => {
                "a speaker that is a number or a time: a line or a column misread"
            }
            IssueKind::NoAgent => "a conversation in which no speaker is identified as the agent",
            IssueKind::UnknownSpeaker => "a speaker left neither agent nor customer",
            IssueKind::InvalidBytes => "bytes that are not valid in the file's encoding",
            IssueKind::RaggedRow => "a CSV row with more fields than its header",
            IssueKind::OtherShape => {
                "a line in another shape than the file's, read as a turn of a speaker of the conversation"
            }
            IssueKind::ConversationCut => "a conversation too long to check whole, cut into parts",
            IssueKind::ConversationResumed => {
                "a conversation whose turns come back after another conversation's"
            }
        }
    }

    /// The finding's rule id, in the `input.` namespace.
    pub fn rule(self) -> &'static str {
        match self {
            IssueKind::BadTimestamp => "input.bad-timestamp",
            IssueKind::BadSpeaker => "input.bad-speaker",
            IssueKind::NoAgent => "input.no-agent",
            IssueKind::UnknownSpeaker => "input.unknown-speaker",
            IssueKind::InvalidBytes => "input.invalid-bytes",
            IssueKind::RaggedRow => "input.ragged-row",
            IssueKind::OtherShape => "input.other-shape",
            IssueKind::ConversationCut => "input.conversation-cut",
            IssueKind::ConversationResumed => "input.conversation-resumed",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            IssueKind::BadTimestamp
            | IssueKind::InvalidBytes
            | IssueKind::RaggedRow
            | IssueKind::BadSpeaker
            | IssueKind::NoAgent
            | IssueKind::UnknownSpeaker
            | IssueKind::ConversationCut
            | IssueKind::ConversationResumed => Severity::Warning,
            IssueKind::OtherShape => Severity::Info,
        }
    }

    /// What the user can do about it.
    pub fn help(self) -> &'static str {
        match self {
            IssueKind::BadTimestamp => {
                "the message was checked, but timing rules cannot use it; check the export's time column or format"
            }
            IssueKind::BadSpeaker => {
                "a number or a time where a name should be usually means the export's lines or columns were misread: check them with `replylint inspect`; if these are account numbers, give their role with --agent REGEX / --customer REGEX"
            }
            IssueKind::NoAgent => {
                "agent rules were not run on this conversation: name the agents with --agent REGEX, or `[roles] agent = [\"REGEX\"]` in replylint.toml"
            }
            IssueKind::UnknownSpeaker => {
                "name this speaker's role with --agent REGEX / --customer REGEX, or `[roles]` in replylint.toml"
            }
            IssueKind::InvalidBytes => {
                "the rest of the file was read as UTF-8; re-export it as UTF-8, or pass --encoding if it is in another encoding"
            }
            IssueKind::RaggedRow => {
                "quote fields that hold the delimiter; check that the message was read as intended"
            }
            IssueKind::OtherShape => {
                "the line was checked as a message of its own; if it belongs to the message above, the export mixed two layouts: check it with `replylint inspect`"
            }
            IssueKind::ConversationCut => {
                "its opening and closing are judged only at its real start and end, and reply times are not measured across the cut; give the export a conversation id column if this is many chats"
            }
            IssueKind::ConversationResumed => {
                "replylint reads each conversation's turns where they are together, as exports write them: sort the export by conversation id (then time), or export it one conversation per line"
            }
        }
    }
}

/// A problem with how part of an input could be read: reported as a finding, so that a
/// machine-readable report carries it and nothing is lost without a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputIssue {
    pub kind: IssueKind,
    /// Byte range in the decoded file the issue is about.
    pub location: Range<usize>,
    pub message: String,
    /// The conversation it is in, when it is in one: findings carry it, so that results
    /// join back to the conversations they are about.
    pub conversation: Option<String>,
}

/// At most this many findings of a reading problem that repeats through a file (invalid
/// bytes, conversations that come back) are listed per file; the writer notes how many more
/// there were at the file's end ([`crate::in_order`]).
pub const MAX_LISTED: usize = 20;

/// What reading one file produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub conversations: Vec<Conversation>,
    pub unparsed: Vec<Unparsed>,
    /// Problems short of an unreadable line (a stray byte, a timestamp that is not one).
    pub issues: Vec<InputIssue>,
    /// Invalid byte sequences not listed in `issues` (at most [`MAX_LISTED`] are).
    pub unlisted_invalid: usize,
    /// The line shape of a plain-text transcript as detected from its first lines, for
    /// `-v` and `inspect`.
    pub layout: Option<String>,
}

/// What one record of a line-based export (a JSON Lines line, a CSV row) holds.
#[derive(Debug, Default)]
pub struct Record {
    /// The conversation the turns belong to, when the record names it.
    pub key: Option<String>,
    pub turns: Vec<Turn>,
    /// The record is a whole conversation, not one turn of one.
    pub whole: bool,
    /// The record is a canned reply.
    pub canned: bool,
    /// Its inline suppressions, for a canned reply.
    pub markers: Vec<Marker>,
    /// Parts of the record that are not turns.
    pub unparsed: Vec<Unparsed>,
    /// Problems with how the record could be read.
    pub issues: Vec<InputIssue>,
}

/// The lines of `text`, each with its byte offset and its newline: `split_inclusive('\n')`
/// with a SIMD newline search, which matters on files of millions of short lines.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain((!text.ends_with('\n') && !text.is_empty()).then_some(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = (start, &text[start..end]);
        start = end;
        line
    })
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn lines_split_like_split_inclusive(text in "[a\n说\r]{0,12}") {
            let mut offset = 0;
            let expected: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|l| {
                    offset += l.len();
                    (offset - l.len(), l)
                })
                .collect();
            proptest::prop_assert_eq!(super::lines(&text).collect::<Vec<_>>(), expected);
        }
    }
}
