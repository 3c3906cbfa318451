//! JSON exports: one document (`.json`) or one object per line (`.jsonl`).
//!
//! The shapes found in the wild are all read without configuration:
//! - an array of conversations, each an object with an id and an array of turns
//!   (`messages`, `turns`, `dialogue`, `dialogContent`, …);
//! - an object of conversations, id → `{"messages": [...]}` (CrossWOZ);
//! - one conversation object, as hotline ASR systems write it
//!   (`{"tid": …, "dialogue": [{"role": "客服", "words": …, "begin": 1520}]}`);
//! - an array of turns, grouped by their conversation field;
//! - JSON Lines: one turn per line (or one conversation per line).
//!
//! A turn is an object with a text field, or a `[speaker, text]` pair (ABCD). Its speaker is
//! the speaker field, or a key named after a role whose value is the speaker's handle
//! (`{"client": "@jo", "message": …}` in Twitter customer-care data). Field names are
//! listed in [`super::fields`]; `replylint.toml` can add more.
//!
//! Byte positions are kept: a string value is decoded with a [`TextMap`] back to the file,
//! so a finding in `"\u50ac\u4ec0\u4e48\u50ac"` points at those escapes.

use super::fields::{Field, Fields, fold};
use super::roles::{handle_key, role_value};
use super::text::numbered;
use super::{
    Conversation, Record, Role, TextMap, TextMapBuilder, Timestamp, Transcript, Turn, Unparsed,
};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// Object entries in file order, values kept as raw text.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

/// An object's entries and their keys folded once for field lookups.
struct Obj<'a> {
    entries: Vec<(String, &'a RawValue)>,
    folded: Vec<String>,
}

impl<'a> std::ops::Deref for Obj<'a> {
    type Target = [(String, &'a RawValue)];
    fn deref(&self) -> &Self::Target {
        &self.entries
    }
}

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

enum Node<'a> {
    Object(Obj<'a>),
    Array(Vec<&'a RawValue>),
    /// The raw token, quotes included.
    Str(&'a str),
    Number(&'a str),
    Other,
}

fn node(raw: &RawValue) -> Node<'_> {
    let s = raw.get();
    match s.as_bytes().first() {
        Some(b'{') => serde_json::from_str::<Entries<'_>>(s).map_or(Node::Other, |e| {
            Node::Object(Obj {
                folded: e.0.iter().map(|(k, _)| fold(k)).collect(),
                entries: e.0,
            })
        }),
        Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(s).map_or(Node::Other, Node::Array),
        Some(b'"') => Node::Str(s),
        Some(b'-' | b'0'..=b'9') => Node::Number(s),
        _ => Node::Other,
    }
}

/// Decode a raw JSON string token found at byte `at` of the file, with its map.
fn decode_string(raw: &str, at: usize) -> Option<(String, TextMap)> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = at + 1;
    let mut b = TextMapBuilder::default();
    let mut rest = body;
    let mut pos = 0;
    while let Some(i) = rest.find('\\') {
        b.verbatim(&rest[..i], base + pos);
        let esc = &rest[i..];
        let (c, len) = match esc.as_bytes().get(1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hi = u32::from_str_radix(esc.get(2..6)?, 16).ok()?;
                // A high surrogate needs `\u` and a low surrogate after it; a lone one
                // stands for U+FFFD, as serde_json reads it.
                let lo = esc
                    .get(6..8)
                    .filter(|u| *u == "\\u")
                    .and_then(|_| esc.get(8..12))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .filter(|lo| (0xDC00..0xE000).contains(lo));
                match lo {
                    Some(lo) if (0xD800..0xDC00).contains(&hi) => (
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            .unwrap_or('\u{fffd}'),
                        12,
                    ),
                    _ => (char::from_u32(hi).unwrap_or('\u{fffd}'), 6),
                }
            }
            _ => return None,
        };
        let from = base + pos + i;
        b.escaped(c, from..from + len);
        pos += i + len;
        rest = &body[pos..];
    }
    b.verbatim(rest, base + pos);
    Some(b.finish())
}

/// serde_json's message without its ` at line L column C`, which the report gives itself
/// (with the column in characters).
pub fn json_error_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rsplit_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => message,
    }
}

/// Reads JSON values of one file, whose text is `file`.
pub struct JsonReader<'a> {
    pub file: &'a str,
    pub fields: &'a Fields,
}

impl<'a> JsonReader<'a> {
    fn offset(&self, s: &str) -> usize {
        (s.as_ptr() as usize).saturating_sub(self.file.as_ptr() as usize)
    }

    fn span(&self, raw: &RawValue) -> std::ops::Range<usize> {
        let at = self.offset(raw.get());
        at..at + raw.get().len()
    }

    fn string(&self, raw: &RawValue) -> Option<(String, TextMap)> {
        match node(raw) {
            Node::Str(s) => decode_string(s, self.offset(s)),
            _ => None,
        }
    }

    /// A string or number as plain text (ids, names, times).
    fn scalar(&self, raw: &RawValue) -> Option<String> {
        match node(raw) {
            Node::Str(s) => serde_json::from_str::<String>(s).ok(),
            Node::Number(n) => Some(n.to_owned()),
            _ => None,
        }
    }

    fn get<'e>(&self, entries: &'e Obj<'a>, field: Field) -> Option<&'e &'a RawValue> {
        self.fields
            .find(field, &entries.folded, &[])
            .map(|i| &entries[i].1)
    }

    /// The first field of `field` whose value is an array.
    fn turns_of(&self, entries: &Obj<'a>) -> Option<Vec<&'a RawValue>> {
        let mut taken = Vec::new();
        while let Some(i) = self.fields.find(Field::Turns, &entries.folded, &taken) {
            if let Node::Array(items) = node(entries[i].1) {
                return Some(items);
            }
            taken.push(i);
        }
        None
    }

    /// The conversation id of an object: an id field, or one in a nested header object.
    fn id_of(&self, entries: &Obj<'a>) -> Option<String> {
        self.id_within(entries, 0).and_then(trimmed_id)
    }

    /// [`Self::id_of`], looking at most two header objects deep.
    fn id_within(&self, entries: &Obj<'a>, depth: usize) -> Option<String> {
        let mut taken = Vec::new();
        while let Some(i) = self
            .fields
            .find(Field::Conversation, &entries.folded, &taken)
        {
            if let Some(id) = self.scalar(entries[i].1) {
                return Some(id);
            }
            taken.push(i);
        }
        // A conversation object's plain `id` (not taken for turns, where it names a message).
        if let Some(id) = entries
            .folded
            .iter()
            .position(|k| k == "id" || k == "_id")
            .and_then(|i| self.scalar(entries[i].1))
        {
            return Some(id);
        }
        if depth >= 2 {
            return None;
        }
        entries.iter().find_map(|(_, v)| match node(v) {
            Node::Object(inner) if self.turns_of(&inner).is_none() => {
                self.id_within(&inner, depth + 1)
            }
            _ => None,
        })
    }

    fn time_of(&self, entries: &Obj<'a>) -> Option<Timestamp> {
        if let Some(raw) = self.get(entries, Field::Time) {
            return self.scalar(raw).and_then(|s| Timestamp::parse(&s));
        }
        let raw = self.get(entries, Field::Offset)?;
        let n: f64 = self.scalar(raw)?.parse().ok()?;
        Some(Timestamp::from_millis(n as i64))
    }

    /// One turn from an object or a `[speaker, text]` pair; `Err` says why it is not one.
    fn turn(&self, raw: &'a RawValue) -> Result<(Option<String>, Turn), &'static str> {
        let location = self.span(raw);
        match node(raw) {
            Node::Object(entries) => {
                let (text, map) = self
                    .get(&entries, Field::Text)
                    .and_then(|v| self.string(v))
                    .ok_or("not a turn: no text field (text, content, message, words…)")?;
                let stated_role = self.get(&entries, Field::Role).and_then(|v| self.scalar(v));
                let mut role = stated_role
                    .as_deref()
                    .and_then(role_value)
                    .unwrap_or(Role::Unknown);
                let mut speaker = self
                    .get(&entries, Field::Speaker)
                    .and_then(|v| self.scalar(v));
                if speaker.is_none() && stated_role.is_none() {
                    // `{"client": "@jo", "message": …}`: the key is the role, the value the handle.
                    speaker = entries.iter().find_map(|(k, v)| {
                        let r = handle_key(k)?;
                        let handle = self.scalar(v)?;
                        role = r;
                        Some(handle)
                    });
                }
                let mut turn = self.make_turn(
                    speaker.or(stated_role.clone()).unwrap_or_default(),
                    role,
                    self.time_of(&entries),
                    text,
                    map,
                );
                turn.stated_role = stated_role.filter(|s| role_value(s).is_none());
                // `{"session": {"id": "S1", "channel": …}, …}`: the id is inside.
                let key = self
                    .get(&entries, Field::Conversation)
                    .and_then(|v| match node(v) {
                        Node::Object(inner) => self.id_of(&inner),
                        _ => self.scalar(v).and_then(trimmed_id),
                    });
                Ok((key, turn))
            }
            Node::Array(pair) => match pair[..] {
                [who, said] => {
                    let speaker = self
                        .scalar(who)
                        .ok_or("not a turn: expected [speaker, text]")?;
                    let (text, map) = self
                        .string(said)
                        .ok_or("not a turn: expected [speaker, text]")?;
                    let role = role_value(&speaker).unwrap_or(Role::Unknown);
                    Ok((None, self.make_turn(speaker, role, None, text, map)))
                }
                _ => Err("not a turn: expected [speaker, text]"),
            },
            _ => Err("not a turn: expected an object with a text field"),
        }
        .map(|(k, mut t): (Option<String>, Turn)| {
            if t.text.is_empty() {
                t.location = location;
            }
            (k, t)
        })
    }

    fn make_turn(
        &self,
        speaker: String,
        role: Role,
        time: Option<Timestamp>,
        text: String,
        map: TextMap,
    ) -> Turn {
        let location = map.file_range(0..text.len());
        Turn {
            speaker,
            role,
            time,
            text,
            location,
            map: Some(map),
            stated_role: None,
        }
    }

    /// Turns of an array, those that are not turns noted as unparsed.
    fn turns(&self, items: &[&'a RawValue], out: &mut Transcript) -> Vec<(Option<String>, Turn)> {
        let mut turns = Vec::new();
        for raw in items {
            match self.turn(raw) {
                Ok(t) => turns.push(t),
                Err(reason) => out.unparsed.push(Unparsed {
                    location: self.span(raw),
                    reason: reason.into(),
                }),
            }
        }
        turns
    }

    /// A conversation object (id and turns), or `None` when it has no turns array.
    fn conversation(&self, raw: &'a RawValue, default_id: String, out: &mut Transcript) -> bool {
        let Node::Object(entries) = node(raw) else {
            return false;
        };
        let Some(items) = self.turns_of(&entries) else {
            return false;
        };
        let mut c = Conversation::new(self.id_of(&entries).unwrap_or(default_id));
        c.turns = self
            .turns(&items, out)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        if let Some(last) = self.final_agent_turn(&entries, &c.turns) {
            c.turns.push(last);
        }
        out.conversations.push(c);
        true
    }

    /// The agent's last message kept beside the turn list: Twitter customer-care data puts
    /// it in `agentURL.url_utterance` (the help-article answer that ends each thread).
    /// Without it, every conversation would end on a mid-thread message.
    fn final_agent_turn(&self, entries: &Obj<'a>, turns: &[Turn]) -> Option<Turn> {
        let (_, raw) = entries
            .iter()
            .zip(&entries.folded)
            .find(|(_, k)| k.as_str() == "agenturl")?
            .0;
        let Node::Object(inner) = node(raw) else {
            return None;
        };
        let (_, said) = inner
            .iter()
            .zip(&inner.folded)
            .find(|(_, k)| k.as_str() == "urlutterance")?
            .0;
        let (text, map) = self.string(said)?;
        // The agent's handle, as its other turns give it.
        let speaker = turns
            .iter()
            .rev()
            .find(|t| t.role == Role::Agent)
            .map_or_else(|| "agent".to_owned(), |t| t.speaker.clone());
        let time = self.final_turn_time(entries);
        Some(self.make_turn(speaker, Role::Agent, time, text, map))
    }

    /// The final reply's time, from the header's start and duration (Twitter data gives the
    /// reply no time of its own; its header's `duration` runs to that reply).
    fn final_turn_time(&self, entries: &Obj<'a>) -> Option<Timestamp> {
        let field = |obj: &Obj<'a>, name: &str| {
            obj.iter()
                .zip(&obj.folded)
                .find(|(_, k)| k.as_str() == name)
                .and_then(|((_, v), _)| self.scalar(v))
        };
        let (_, header) = entries
            .iter()
            .zip(&entries.folded)
            .find(|(_, k)| k.as_str() == "dialogheader")?
            .0;
        let Node::Object(header) = node(header) else {
            return None;
        };
        let start = Timestamp::parse(&field(&header, "conversationdatetime")?)?;
        let duration = field(&header, "duration")?;
        let mut parts = duration.split(':');
        let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
        let secs = h.trim().parse::<i64>().ok()? * 3600
            + m.trim().parse::<i64>().ok()? * 60
            + s.trim().parse::<f64>().ok()? as i64;
        Some(Timestamp(start.0 + secs))
    }

    fn is_turn(&self, raw: &RawValue) -> bool {
        match node(raw) {
            Node::Object(entries) => {
                self.turns_of(&entries).is_none() && self.get(&entries, Field::Text).is_some()
            }
            Node::Array(pair) => {
                pair.len() == 2 && pair.iter().all(|v| matches!(node(v), Node::Str(_)))
            }
            _ => false,
        }
    }

    /// Turns that each name their conversation, grouped in order of first appearance.
    fn grouped(&self, turns: Vec<(Option<String>, Turn)>, default_id: &str, out: &mut Transcript) {
        for (key, turn) in turns {
            let id = key.unwrap_or_else(|| default_id.to_owned());
            match out.conversations.iter_mut().rev().find(|c| c.id == id) {
                Some(c) => c.turns.push(turn),
                None => {
                    let mut c = Conversation::new(id);
                    c.turns.push(turn);
                    out.conversations.push(c);
                }
            }
        }
    }

    /// Read a whole JSON document.
    pub fn document(&self, root: &'a RawValue, default_id: &str) -> Transcript {
        let mut out = Transcript::default();
        if !self.collect(root, default_id, &mut out, 0) {
            out.unparsed.push(Unparsed {
                location: self.span(root),
                reason: "not a transcript: no conversation or turn found in this JSON".into(),
            });
        }
        out
    }

    /// Find the conversations in `raw`, however deep wrappers nest them (`{"data":
    /// {"conversations": [...]}}`, arrays of arrays). Returns whether any was found;
    /// objects and arrays holding none are reported as unparsed, scalars (counts, versions)
    /// are metadata and skipped.
    fn collect(&self, raw: &'a RawValue, id: &str, out: &mut Transcript, depth: usize) -> bool {
        const MAX_DEPTH: usize = 16;
        match node(raw) {
            _ if depth > MAX_DEPTH => false,
            Node::Array(items) if items.iter().any(|i| self.is_turn(i)) => {
                let turns = self.turns(&items, out);
                self.grouped(turns, id, out);
                true
            }
            Node::Array(items) => {
                let mut found = false;
                for (n, item) in items.iter().enumerate() {
                    if self.collect(item, &numbered(id, n + 1), out, depth + 1) {
                        found = true;
                    } else if matches!(node(item), Node::Object(_) | Node::Array(_)) {
                        out.unparsed.push(Unparsed {
                            location: self.span(item),
                            reason:
                                "not a conversation: no array of turns (messages, turns, dialogue…)"
                                    .into(),
                        });
                    }
                }
                found || items.is_empty()
            }
            Node::Object(entries) => {
                if self.conversation(raw, id.to_owned(), out) {
                    return true;
                }
                if self.is_turn(raw) {
                    let turns = self.turns(&[raw], out);
                    self.grouped(turns, id, out);
                    return true;
                }
                let mut found = false;
                for (key, value) in entries.iter() {
                    if !matches!(node(value), Node::Object(_) | Node::Array(_)) {
                        continue;
                    }
                    // A wrapper's key (`data`, `conversations`) is no conversation id; an
                    // object of conversations' key is (CrossWOZ: `"101": {...}`).
                    let inner_id = if depth == 0 && self.has_turns(value) {
                        key.as_str()
                    } else {
                        id
                    };
                    if self.collect(value, inner_id, out, depth + 1) {
                        found = true;
                    } else {
                        out.unparsed.push(Unparsed {
                            location: self.span(value),
                            reason:
                                "not a conversation: no array of turns (messages, turns, dialogue…)"
                                    .into(),
                        });
                    }
                }
                found
            }
            _ => false,
        }
    }

    /// An object with an array of turns, or an array of turns.
    fn has_turns(&self, raw: &RawValue) -> bool {
        match node(raw) {
            Node::Object(entries) => self.turns_of(&entries).is_some(),
            Node::Array(items) => items.iter().any(|i| self.is_turn(i)),
            _ => false,
        }
    }

    /// Read one JSON Lines line (`line` is a slice of the file).
    pub fn record(&self, line: &'a str) -> Result<Record, String> {
        let root: &RawValue = serde_json::from_str(line)
            .map_err(|e| format!("not JSON: {}", json_error_message(&e)))?;
        if let Node::Object(entries) = node(root)
            && let Some(items) = self.turns_of(&entries)
        {
            let mut scratch = Transcript::default();
            let turns = self
                .turns(&items, &mut scratch)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            return Ok(Record {
                key: self.id_of(&entries),
                turns,
                whole: true,
                unparsed: scratch.unparsed,
                ..Record::default()
            });
        }
        let (key, turn) = self.turn(root).map_err(str::to_owned)?;
        Ok(Record {
            key,
            turns: vec![turn],
            ..Record::default()
        })
    }
}

/// A conversation id as CSV reads one: without the spaces around it (`" 88001"` is
/// `88001`), and none when it is empty (`""`): such a line goes on with the conversation
/// before it.
fn trimmed_id(id: String) -> Option<String> {
    let trimmed = id.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == id.len() {
        Some(id)
    } else {
        Some(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &Transcript) -> Vec<(String, &str, Role, &str)> {
        t.conversations
            .iter()
            .flat_map(|c| {
                c.turns
                    .iter()
                    .map(move |t| (c.id.clone(), t.speaker.as_str(), t.role, t.text.as_str()))
            })
            .collect()
    }

    #[test]
    fn escaped_strings_map_to_the_file() {
        let file = r#"{"text": "\u50ac\u4ec0\u4e48\u50ac!\n"}"#;
        let at = file.find("\"\\u").unwrap();
        let (text, map) = decode_string(&file[at..file.len() - 1], at).unwrap();
        assert_eq!(text, "催什么催!\n");
        let r = map.file_range(0..text.find('!').unwrap());
        assert_eq!(&file[r], r"\u50ac\u4ec0\u4e48\u50ac");
        assert_eq!(decode_string(r#""😀""#, 0).unwrap().0, "😀");
        assert_eq!(decode_string(r#""\ud83d\ude00""#, 0).unwrap().0, "😀");
        assert_eq!(
            decode_string(r#""\ud83dxxdc00""#, 0).unwrap().0,
            "\u{fffd}xxdc00"
        );
        assert_eq!(decode_string(r#""\ud83d""#, 0).unwrap().0, "\u{fffd}");
    }

    #[test]
    fn object_of_conversations_and_asr_shape() {
        let fields = Fields::default();
        let file = r#"{"101": {"type": "单领域", "messages": [{"content": "你好", "role": "usr"}, {"content": "您好", "role": "sys"}]}}"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        assert_eq!(
            texts(&t),
            [
                ("101".to_owned(), "usr", Role::Customer, "你好"),
                ("101".to_owned(), "sys", Role::Agent, "您好"),
            ]
        );
        let file = r#"{"tid": 88, "dialogue": [{"role": "客服", "words": "喂，说吧", "begin": 1520}, {"role": "客户", "words": "我要投诉", "begin": 4100}]}"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        assert_eq!(t.conversations[0].id, "88");
        let turns = &t.conversations[0].turns;
        assert_eq!(turns[0].role, Role::Agent);
        assert_eq!(&file[turns[0].location.clone()], "喂，说吧");
        assert_eq!(turns[1].time.unwrap().0 - turns[0].time.unwrap().0, 3);
    }

    #[test]
    fn wrappers_and_nested_arrays_are_looked_into() {
        let fields = Fields::default();
        let file = r#"{"count": 2, "data": {"conversations": [{"id": "a", "messages": [{"role": "客服", "text": "催什么催"}]}, {"id": "b", "messages": [{"role": "客户", "text": "在吗"}]}]}, "meta": {"page": 1}}"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        let ids: Vec<&str> = t.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(
            t.unparsed.len(),
            1,
            "the `meta` object holds no conversation"
        );
        let file = r#"[[{"messages": [{"role": "客服", "text": "您好"}]}], [{"messages": [{"role": "客服", "text": "再见"}]}]]"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        assert_eq!(t.conversations.len(), 2);
        assert!(t.unparsed.is_empty());
        let duplicate = r#"{"role": "客户", "role": "客服", "text": "您好", "text": "催什么催"}"#;
        let root: &RawValue = serde_json::from_str(duplicate).unwrap();
        let t = JsonReader {
            file: duplicate,
            fields: &fields,
        }
        .document(root, "f.json");
        let turn = &t.conversations[0].turns[0];
        assert_eq!((turn.role, turn.text.as_str()), (Role::Agent, "催什么催"));
    }

    #[test]
    fn the_final_agent_reply_beside_the_turns_ends_the_conversation() {
        let file = r#"[{"dialogHeader": {"sessionID": "s1", "conversationDateTime": "2020-04-01T17:31:32.000Z", "duration": "01:26:55.0"}, "dialogContent": [{"client": "@jo", "message": "my phone is stuck"}, {"agent": "@AcmeHelp", "message": "sorry to hear that"}], "agentURL": {"url_utterance": "Try these steps: https://acme.example/kb/1", "url": "https://acme.example/kb/1"}}]"#;
        let fields = Fields::default();
        let document = |file: &str, id: &str| {
            let root: &RawValue = serde_json::from_str(file).unwrap();
            JsonReader {
                file,
                fields: &fields,
            }
            .document(root, id)
        };
        let t = document(file, "tw.json");
        let turns = &t.conversations[0].turns;
        assert_eq!(turns.len(), 3);
        let last = &turns[2];
        assert_eq!(
            (last.speaker.as_str(), last.role, last.text.as_str()),
            (
                "@AcmeHelp",
                Role::Agent,
                "Try these steps: https://acme.example/kb/1"
            )
        );
        // Its time is the header's start plus the duration.
        assert_eq!(
            last.time.map(|t| t.full()).as_deref(),
            Some("2020-04-01 18:58:27")
        );
        assert_eq!(&file[last.location.clone()], last.text);
        // Without one, nothing is added.
        let t = document(
            r#"[{"dialogContent": [{"client": "@jo", "message": "hi"}]}]"#,
            "x",
        );
        assert_eq!(t.conversations[0].turns.len(), 1);
    }

    #[test]
    fn role_keys_pairs_and_lines() {
        let fields = Fields::default();
        let file = r#"[{"dialogHeader": {"sessionID": "s1"}, "dialogContent": [{"client": "@jo", "message": "hi", "datetime": "2020-02-25T17:40:50.000Z"}, {"agent": "@Acme", "message": "hello"}]}, {"convo_id": 7, "original": [["customer", "hey"], ["agent", "hi there"], ["action", "Searching"]]}]"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        let got = texts(&t);
        assert_eq!(got[0], ("s1".to_owned(), "@jo", Role::Customer, "hi"));
        assert_eq!(got[1].2, Role::Agent);
        assert_eq!(got[2], ("7".to_owned(), "customer", Role::Customer, "hey"));
        assert_eq!(got[4].2, Role::System);
        // A role field wins over a key that happens to name a role.
        let file = r#"[{"role": "客服", "client": "pc", "content": "催什么催"}, {"role": "客户", "service": "退货", "content": "好"}]"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let t = JsonReader {
            file,
            fields: &fields,
        }
        .document(root, "f.json");
        let roles: Vec<Role> = t.conversations[0].turns.iter().map(|t| t.role).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer]);

        let line = r#"{"session_id": "c9", "sender": "客服小王", "content": "催什么催", "time": "2024-03-01 10:00:00"}"#;
        let r = JsonReader {
            file: line,
            fields: &fields,
        }
        .record(line)
        .unwrap();
        assert_eq!(r.key.as_deref(), Some("c9"));
        assert_eq!(&line[r.turns[0].location.clone()], "催什么催");
        // The id inside a session object; the row's own `id` names the message.
        let line = r#"{"id": "m1", "session": {"id": " S-7 ", "channel": "淘宝"}, "sender": "顾客", "content": "在吗"}"#;
        let r = JsonReader {
            file: line,
            fields: &fields,
        }
        .record(line)
        .unwrap();
        assert_eq!(r.key.as_deref(), Some("S-7"));
        assert!(
            JsonReader {
                file: "{",
                fields: &fields
            }
            .record("{")
            .is_err()
        );
    }
}
