//! Which field or column holds what: the names exports use for the conversation, the time,
//! the speaker, the role and the message, plus the ones a `replylint.toml` adds.
//!
//! Names are compared without case, `_`, `-` or spaces, so `conversation_id`,
//! `conversationId` and `Conversation ID` are one name. Names from the configuration are
//! tried before the built-in ones.

use serde::Deserialize;

/// What a field or column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Conversation,
    /// A JSON array of turns inside a conversation object.
    Turns,
    /// A CSV cell holding a whole chat as text (`客户ID,聊天记录`).
    Chat,
    Time,
    /// Time as milliseconds from the start of a call (hotline ASR exports).
    Offset,
    Speaker,
    Role,
    Text,
    /// Canned replies: the group (分组) and the shortcut code (快捷编码).
    Group,
    Shortcut,
    /// Canned replies: the rules suppressed on the reply (`taboo.make-wait 活动话术`).
    Allow,
    /// The agent's name on each row, beside a speaker column that holds only a role
    /// (`会话ID,客服,顾客,时间,发送方,内容` with 发送方 = 客服 / 顾客).
    AgentName,
    /// The customer's name on each row, likewise.
    CustomerName,
}

const CONVERSATION: &[&str] = &[
    "conversation_id",
    "conversation",
    "session_id",
    "session",
    "tid",
    "dialogue_id",
    "dialog_id",
    "chat_id",
    "convo_id",
    "thread_id",
    "ticket_id",
    "会话ID",
    "会话编号",
    "会话",
    "对话ID",
    "对话编号",
    "工单号",
    "客户ID",
    "客户编号",
];
const TURNS: &[&str] = &[
    "messages",
    "turns",
    "dialogue",
    "dialog",
    "dialogContent",
    "utterances",
    "conversation",
    "chat",
    "logs",
    "original",
    "transcript",
    "消息",
    "对话",
];
const CHAT: &[&str] = &[
    "聊天记录",
    "对话记录",
    "会话内容",
    "transcript",
    "chat_log",
    "chat",
];
const TIME: &[&str] = &[
    "time",
    "timestamp",
    "beginTime",
    "begin_time",
    "datetime",
    "date",
    "created_at",
    "sent_at",
    "send_time",
    "msg_time",
    "时间",
    "发送时间",
    "消息时间",
    "日期时间",
];
const OFFSET: &[&str] = &["begin", "begin_ms", "start_ms", "offset_ms", "start"];
const SPEAKER: &[&str] = &[
    "speaker",
    "sender",
    "sender_name",
    "sender_nick",
    "from",
    "identity",
    "nick",
    "nickname",
    "name",
    "author",
    "发送方",
    "发送人",
    "发送者",
    "昵称",
    "说话人",
    "客服",
];
const ROLE: &[&str] = &[
    "role",
    "speaker_role",
    "sender_type",
    "sender_role",
    "角色",
    "身份",
];
const TEXT: &[&str] = &[
    "text",
    "content",
    "words",
    "message",
    "body",
    "msg",
    "utterance",
    "内容",
    "消息内容",
    "聊天内容",
    "文本",
    "消息",
    "快捷短语",
    "快捷短语内容",
    "话术内容",
    "话术",
    "reply",
];
const AGENT_NAME: &[&str] = &[
    "客服昵称",
    "客服名称",
    "客服姓名",
    "客服账号",
    "客服",
    "坐席",
    "坐席名称",
    "接待客服",
    "agent",
    "agent_name",
    "agent_nick",
    "staff",
];
const CUSTOMER_NAME: &[&str] = &[
    "买家昵称",
    "顾客昵称",
    "客户昵称",
    "买家",
    "顾客",
    "客户",
    "customer",
    "customer_name",
    "buyer",
    "buyer_nick",
];
const GROUP: &[&str] = &["分组", "group", "category", "分类", "类别"];
const SHORTCUT: &[&str] = &["快捷编码", "shortcut", "code", "编码", "快捷键"];
const ALLOW: &[&str] = &["replylint", "豁免规则", "allow"];

/// Field names added by the configuration (`[input.fields]`), each tried before the
/// built-in names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldNames {
    #[serde(default)]
    pub conversation: Vec<String>,
    #[serde(default)]
    pub turns: Vec<String>,
    #[serde(default)]
    pub chat: Vec<String>,
    #[serde(default)]
    pub time: Vec<String>,
    #[serde(default)]
    pub offset: Vec<String>,
    #[serde(default)]
    pub speaker: Vec<String>,
    #[serde(default)]
    pub role: Vec<String>,
    #[serde(default)]
    pub text: Vec<String>,
    #[serde(default)]
    pub group: Vec<String>,
    #[serde(default)]
    pub shortcut: Vec<String>,
}

impl FieldNames {
    /// These names, each list falling back to `inherited`'s when empty (an `extend`ed
    /// configuration).
    pub fn or(self, inherited: FieldNames) -> FieldNames {
        let pick =
            |mine: Vec<String>, theirs: Vec<String>| if mine.is_empty() { theirs } else { mine };
        FieldNames {
            conversation: pick(self.conversation, inherited.conversation),
            turns: pick(self.turns, inherited.turns),
            chat: pick(self.chat, inherited.chat),
            time: pick(self.time, inherited.time),
            offset: pick(self.offset, inherited.offset),
            speaker: pick(self.speaker, inherited.speaker),
            role: pick(self.role, inherited.role),
            text: pick(self.text, inherited.text),
            group: pick(self.group, inherited.group),
            shortcut: pick(self.shortcut, inherited.shortcut),
        }
    }
}
/// The names to look for, per field, in priority order (already folded).
#[derive(Debug, Clone)]
pub struct Fields {
    names: Vec<(Field, Vec<String>)>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new(&FieldNames::default())
    }
}

/// `Conversation ID` → `conversationid`: separators dropped, ASCII lowercased.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '\u{3000}'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Fields {
    pub fn new(extra: &FieldNames) -> Fields {
        let list = |user: &[String], builtin: &[&str]| -> Vec<String> {
            user.iter()
                .map(String::as_str)
                .chain(builtin.iter().copied())
                .map(fold)
                .collect()
        };
        Fields {
            names: vec![
                (Field::Conversation, list(&extra.conversation, CONVERSATION)),
                (Field::Turns, list(&extra.turns, TURNS)),
                (Field::Chat, list(&extra.chat, CHAT)),
                (Field::Time, list(&extra.time, TIME)),
                (Field::Offset, list(&extra.offset, OFFSET)),
                (Field::Speaker, list(&extra.speaker, SPEAKER)),
                (Field::Role, list(&extra.role, ROLE)),
                (Field::Text, list(&extra.text, TEXT)),
                (Field::Group, list(&extra.group, GROUP)),
                (Field::Shortcut, list(&extra.shortcut, SHORTCUT)),
                (Field::Allow, list(&[], ALLOW)),
                (Field::AgentName, list(&[], AGENT_NAME)),
                (Field::CustomerName, list(&[], CUSTOMER_NAME)),
            ],
        }
    }

    fn names(&self, field: Field) -> &[String] {
        self.names
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, n)| n.as_slice())
    }

    /// Index of the key naming `field`, by the priority of the names; `folded` are the
    /// keys passed through [`fold`]; `taken` keys are skipped (a column already used for
    /// another field).
    pub fn find(&self, field: Field, folded: &[String], taken: &[usize]) -> Option<usize> {
        self.names(field).iter().find_map(|name| {
            // The last of duplicate keys wins, as in most JSON readers.
            folded
                .iter()
                .enumerate()
                .rev()
                .find(|(i, k)| *k == name && !taken.contains(i))
                .map(|(i, _)| i)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_and_configured_names_come_first() {
        let f = Fields::default();
        let keys = ["Session ID", "sender", "Content"].map(fold);
        assert_eq!(f.find(Field::Conversation, &keys, &[]), Some(0));
        assert_eq!(f.find(Field::Text, &keys, &[]), Some(2));
        assert_eq!(f.find(Field::Role, &keys, &[]), None);
        let custom = Fields::new(&FieldNames {
            text: vec!["delexed_text".into()],
            ..FieldNames::default()
        });
        let keys = ["content", "delexed_text"].map(fold);
        assert_eq!(custom.find(Field::Text, &keys, &[]), Some(1));
        assert_eq!(f.find(Field::Text, &keys, &[]), Some(0));
    }
}
