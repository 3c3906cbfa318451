//! CSV and TSV exports with a header row.
//!
//! Three shapes, told apart by their header:
//! - one turn per row: conversation, time, speaker, role and message columns
//!   (`会话ID,发送时间,发送方,内容` or `conversation_id,time,sender,text`);
//! - one conversation per row, the whole chat in one cell (`客户ID,聊天记录`), read as a
//!   plain-text transcript;
//! - canned replies (`分组,快捷编码,快捷短语`), one reply per row.
//!
//! Fields follow RFC 4180: quoted fields may hold the delimiter, newlines and doubled quotes.
//! Every field keeps a [`TextMap`] back to the file.

use super::fields::{Field, Fields, fold};
use super::roles::role_value;
use super::text::parse_text;
use super::{
    InputIssue, IssueKind, Record, Role, TextMap, TextMapBuilder, Timestamp, Turn, Unparsed,
};
use std::ops::Range;

/// One record: its fields decoded, and the record's byte range (newline excluded).
#[derive(Debug)]
pub struct CsvRecord {
    pub fields: Vec<(String, TextMap)>,
    pub span: Range<usize>,
    /// A quote opened and never closed: the record is only its first line, as read so far.
    pub unclosed: bool,
}

/// The delimiter of a file: tab for `.tsv` or when the first line has more tabs than commas.
pub fn delimiter(first_line: &str, tsv: bool) -> u8 {
    let tabs = first_line.matches('\t').count();
    let commas = first_line.matches(',').count();
    if tsv || tabs > commas { b'\t' } else { b',' }
}

/// Where the record at `at` ends, as [`next_record`] finds it, without reading its fields:
/// what cutting a large file into parts needs of every row.
pub fn record_end(text: &str, at: usize, delim: u8, eof: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    loop {
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match memchr::memchr(b'"', &bytes[i..]) {
                    None if eof => {
                        let line_end =
                            memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
                        return Some((line_end + 1).min(bytes.len()));
                    }
                    None => return None,
                    Some(n) if bytes.get(i + n + 1) == Some(&b'"') => i += n + 2,
                    Some(n) => {
                        i += n + 1;
                        break;
                    }
                }
            }
        }
        match memchr::memchr2(delim, b'\n', &bytes[i..]) {
            Some(n) if bytes[i + n] == delim => i += n + 1,
            Some(n) => return Some(i + n + 1),
            None if eof => return Some(bytes.len()),
            None => return None,
        }
    }
}

/// Read the record starting at byte `at` of `text`. Returns the record and where the next
/// one starts, or `None` when the record is not complete and more text may follow
/// (`eof == false`).
pub fn next_record(text: &str, at: usize, delim: u8, eof: bool) -> Option<(CsvRecord, usize)> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    let mut i = at;
    loop {
        let mut b = TextMapBuilder::default();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            let mut run = i;
            loop {
                match bytes.get(i) {
                    None if eof => {
                        // Never closed: report the first line and go on after it, rather
                        // than swallow the rest of the file into one field.
                        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
                        let span = at..line_end;
                        let next = (line_end + 1).min(text.len());
                        return Some((
                            CsvRecord {
                                fields: Vec::new(),
                                span,
                                unclosed: true,
                            },
                            next,
                        ));
                    }
                    None => return None,
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        b.verbatim(&text[run..i], run);
                        b.escaped('"', i..i + 2);
                        i += 2;
                        run = i;
                    }
                    Some(b'"') => {
                        b.verbatim(&text[run..i], run);
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
            let tail_start = i;
            while i < bytes.len() && bytes[i] != delim && bytes[i] != b'\n' {
                i += 1;
            }
            let tail = text[tail_start..i].trim_end_matches('\r');
            b.verbatim(tail, tail_start);
        } else {
            let start = i;
            while i < bytes.len() && bytes[i] != delim && bytes[i] != b'\n' {
                i += 1;
            }
            b.verbatim(text[start..i].trim_end_matches('\r'), start);
        }
        fields.push(b.finish());
        match bytes.get(i) {
            Some(&c) if c == delim => i += 1,
            Some(b'\n') => {
                let end = if i > at && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                return Some((
                    CsvRecord {
                        fields,
                        span: at..end,
                        unclosed: false,
                    },
                    i + 1,
                ));
            }
            None if eof => {
                return Some((
                    CsvRecord {
                        fields,
                        span: at..i,
                        unclosed: false,
                    },
                    i,
                ));
            }
            _ => return None,
        }
    }
}

/// Message columns that only canned-reply libraries have (names folded).
const CANNED_TEXT: &[&str] = &["快捷短语", "快捷短语内容", "话术内容", "话术", "reply"];

/// What the columns of a file hold.
#[derive(Debug, Clone)]
pub struct Columns {
    pub shape: Shape,
    /// Number of columns in the header.
    width: usize,
    conversation: Option<usize>,
    time: Option<usize>,
    speaker: Option<usize>,
    role: Option<usize>,
    /// Names of the agent and the customer on each row, when the speaker column holds
    /// only a role word.
    agent_name: Option<usize>,
    customer_name: Option<usize>,
    text: usize,
    group: Option<usize>,
    shortcut: Option<usize>,
    allow: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Turns,
    Chats,
    Canned,
}

impl Columns {
    /// Decide from the header row; `canned` forces the canned-reply shape.
    pub fn new(header: &[String], fields: &Fields, canned: bool) -> Result<Columns, String> {
        let keys: Vec<String> = header.iter().map(|h| fold(h)).collect();
        let mut taken = Vec::new();
        let pick = |field: Field, taken: &mut Vec<usize>| {
            let i = fields.find(field, &keys, taken);
            taken.extend(i);
            i
        };
        let group = pick(Field::Group, &mut taken);
        let shortcut = pick(Field::Shortcut, &mut taken);
        let allow = pick(Field::Allow, &mut taken);
        let conversation = pick(Field::Conversation, &mut taken);
        let text = pick(Field::Text, &mut taken);
        let chat = if text.is_none() {
            pick(Field::Chat, &mut taken)
        } else {
            None
        };
        let time = pick(Field::Time, &mut taken);
        let role = pick(Field::Role, &mut taken);
        let speaker = pick(Field::Speaker, &mut taken);
        let agent_name = pick(Field::AgentName, &mut taken);
        let customer_name = pick(Field::CustomerName, &mut taken);
        // Group, shortcut or a 快捷短语 column make a library, unless the file also has the
        // columns of a chat export (then `分类` is just a ticket category).
        let chat_export =
            conversation.is_some() || time.is_some() || role.is_some() || speaker.is_some();
        let canned_text = text.is_some_and(|i| CANNED_TEXT.contains(&keys[i].as_str()));
        let shape =
            if canned || (!chat_export && (group.is_some() || shortcut.is_some() || canned_text)) {
                Shape::Canned
            } else if chat.is_some() {
                Shape::Chats
            } else {
                Shape::Turns
            };
        let text = text.or(chat).ok_or_else(|| {
            format!(
                "no message column among {:?}: expected one like 内容, 聊天内容, 聊天记录, content or text",
                header
            )
        })?;
        Ok(Columns {
            shape,
            width: header.len(),
            conversation,
            time,
            speaker,
            role,
            agent_name,
            customer_name,
            text,
            group,
            shortcut,
            allow,
        })
    }

    /// The index of the time column, if there is one.
    pub fn time_column(&self) -> Option<usize> {
        self.time
    }

    /// The turns of one data record; `default_id` names it when there is no id column. A
    /// record with an unclosed quote is returned as unparsed; one with more or fewer fields
    /// than the header is read as far as its message can be found, and reported.
    pub fn record(
        &self,
        file: &str,
        rec: &CsvRecord,
        default_id: &str,
    ) -> Result<Record, Unparsed> {
        let unparsed = |reason: String| Unparsed {
            location: rec.span.clone(),
            reason: reason.into(),
        };
        if rec.unclosed {
            return Err(unparsed(
                "not a row: a quote opens a field and is never closed".into(),
            ));
        }
        let extra = rec
            .fields
            .iter()
            .skip(self.width)
            .any(|f| !f.0.trim().is_empty());
        if extra && rec.fields.len() > self.text {
            return Ok(self.ragged(file, rec, default_id));
        }
        let n = rec.fields.len();
        if n <= self.text {
            // The message is not where the header says, and nothing tells where it is.
            return Ok(Record {
                key: self
                    .conversation
                    .and_then(|i| rec.fields.get(i))
                    .map(|f| f.0.trim().to_owned())
                    .filter(|k| !k.is_empty()),
                issues: vec![self.ragged_issue(
                    file,
                    rec,
                    format!(
                        "{n} fields where the header has {}: this row has no message column and was not checked",
                        self.width
                    ),
                )],
                ..Record::default()
            });
        }
        let mut record = self.fields(file, rec, default_id);
        if n < self.width {
            record.issues.push(self.ragged_issue(
                file,
                rec,
                format!(
                    "{n} fields where the header has {}: the missing ones were read as empty",
                    self.width
                ),
            ));
        }
        Ok(record)
    }

    /// `input.ragged-row` on the first line of `rec`.
    fn ragged_issue(&self, file: &str, rec: &CsvRecord, message: String) -> InputIssue {
        let row_end = file
            .get(rec.span.clone())
            .and_then(|r| r.find(['\r', '\n']))
            .map_or(rec.span.end, |i| rec.span.start + i);
        InputIssue {
            conversation: None,
            kind: IssueKind::RaggedRow,
            location: rec.span.start..row_end,
            message,
        }
    }

    /// A row with more fields than the header: a delimiter inside an unquoted message. The
    /// surplus fields are part of the message, which runs as written from its column to as
    /// many columns on as there are surplus fields; the row is checked and reported.
    fn ragged(&self, file: &str, rec: &CsvRecord, default_id: &str) -> Record {
        let surplus = rec.fields.len() - self.width;
        let last = self.text + surplus;
        let (first_text, first_map) = &rec.fields[self.text];
        let (last_text, last_map) = &rec.fields[last];
        let start = first_map.file_range(0..first_text.len()).start;
        let end = last_map.file_range(0..last_text.len()).end;
        let mut fields = rec.fields.clone();
        if let Some(message) = file.get(start..end) {
            fields.splice(
                self.text..=last,
                [(message.to_owned(), TextMap::verbatim(start, end - start))],
            );
        }
        let merged = CsvRecord {
            fields,
            span: rec.span.clone(),
            unclosed: false,
        };
        let mut record = self.fields(file, &merged, default_id);
        record.issues.push(self.ragged_issue(
            file,
            rec,
            format!(
                "{} fields where the header has {}: the message was read as the {} fields from its column on",
                rec.fields.len(),
                self.width,
                surplus + 1
            ),
        ));
        record
    }

    fn fields(&self, file: &str, rec: &CsvRecord, default_id: &str) -> Record {
        let cell = |i: Option<usize>| {
            i.and_then(|i| rec.fields.get(i))
                .map(|(s, _)| s.trim())
                .filter(|s| !s.is_empty())
        };
        let Some((text, map)) = rec.fields.get(self.text) else {
            return Record::default();
        };
        let stated = cell(self.role);
        // Surrounding blanks are not part of the message.
        let lead = text.len() - text.trim_start().len();
        let body = lead..lead + text.trim().len();
        let key = cell(self.conversation).map(str::to_owned);
        match self.shape {
            Shape::Turns => {
                let mut speaker = cell(self.speaker).or(stated).unwrap_or_default();
                let mut stated = stated;
                // A speaker column of role words (发送方 = 客服) beside the names: the row's
                // agent or customer is the speaker, so per-agent figures name people.
                let side = stated
                    .and_then(role_value)
                    .or_else(|| role_value(speaker));
                let (agent, customer) = (cell(self.agent_name), cell(self.customer_name));
                match (side, agent, customer) {
                    (Some(Role::Agent), Some(name), _) => {
                        stated = Some("agent");
                        speaker = name;
                    }
                    (Some(Role::Customer), _, Some(name)) => {
                        stated = Some("customer");
                        speaker = name;
                    }
                    // A speaker named in the agent or customer column on the same row.
                    (None, Some(name), _) if name == speaker => stated = Some("agent"),
                    (None, _, Some(name)) if name == speaker => stated = Some("customer"),
                    _ => {}
                }
                let written = cell(self.time);
                let time = written.and_then(Timestamp::parse);
                let mut issues = Vec::new();
                if let (Some(written), None, Some(i)) = (written, time, self.time)
                    && let Some((cell_text, cell_map)) = rec.fields.get(i)
                {
                    let lead = cell_text.len() - cell_text.trim_start().len();
                    issues.push(InputIssue {
 conversation: None,
                        kind: IssueKind::BadTimestamp,
                        location: cell_map.file_range(lead..lead + written.len()),
                        message: format!(
                            "`{written}` is not a valid date and time; the turn is checked without a time"
                        ),
                    });
                }
                let turn = mapped_turn(speaker, stated, time, text, map, body);
                Record {
                    key,
                    turns: turn.into_iter().collect(),
                    issues,
                    ..Record::default()
                }
            }
            Shape::Canned => {
                let id = match (cell(self.group), cell(self.shortcut)) {
                    (Some(g), Some(s)) => format!("{g}/{s}"),
                    (Some(x), None) | (None, Some(x)) => x.to_owned(),
                    (None, None) => default_id.to_owned(),
                };
                let speaker = cell(self.shortcut).unwrap_or("canned");
                let turn = mapped_turn(speaker, Some("agent"), None, text, map, body);
                let markers = self
                    .allow
                    .and_then(|i| rec.fields.get(i))
                    .and_then(|(cell, map)| super::parse_cell(cell, map))
                    .into_iter()
                    .collect();
                Record {
                    key: Some(id),
                    turns: turn.into_iter().collect(),
                    whole: true,
                    canned: true,
                    markers,
                    ..Record::default()
                }
            }
            Shape::Chats => {
                let id = key.unwrap_or_else(|| default_id.to_owned());
                let parsed = parse_text(text, &id);
                let turns = parsed
                    .conversations
                    .into_iter()
                    .flat_map(|c| c.turns)
                    .map(|mut t| {
                        let local = t.location.clone();
                        t.location = map.file_range(local.clone());
                        t.map = Some(map.slice(local));
                        t
                    })
                    .collect();
                let unparsed = parsed
                    .unparsed
                    .into_iter()
                    .map(|u| Unparsed {
                        location: map.file_range(u.location),
                        ..u
                    })
                    .collect();
                let issues = parsed
                    .issues
                    .into_iter()
                    .map(|i| InputIssue {
 conversation: None,
                        location: map.file_range(i.location),
                        ..i
                    })
                    .collect();
                Record {
                    key: Some(id),
                    turns,
                    whole: true,
                    unparsed,
                    issues,
                    ..Record::default()
                }
            }
        }
        .in_file(file)
    }
}

/// A turn from a cell; `stated` is the role column's value, if any.
fn mapped_turn(
    speaker: &str,
    stated: Option<&str>,
    time: Option<Timestamp>,
    text: &str,
    map: &TextMap,
    body: Range<usize>,
) -> Option<Turn> {
    if body.is_empty() {
        return None;
    }
    Some(Turn {
        speaker: speaker.to_owned(),
        role: stated.and_then(role_value).unwrap_or(Role::Unknown),
        stated_role: stated
            .filter(|s| role_value(s).is_none())
            .map(str::to_owned),
        time,
        text: text[body.clone()].to_owned(),
        location: map.file_range(body.clone()),
        map: Some(map.slice(body)),
    })
}

impl Record {
    /// Drop maps that say nothing more than `file[location] == text`.
    fn in_file(mut self, file: &str) -> Record {
        for t in &mut self.turns {
            if file.get(t.location.clone()) == Some(t.text.as_str()) {
                t.map = None;
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn record_end_ends_where_next_record_does(
            text in "[a,\"\n\r说]{0,24}",
            at in 0usize..24,
            eof in proptest::bool::ANY,
        ) {
            let at = text.char_indices().map(|(i, _)| i).find(|&i| i >= at).unwrap_or(text.len());
            proptest::prop_assume!(at < text.len());
            let full = super::next_record(&text, at, b',', eof).map(|(_, next)| next);
            proptest::prop_assert_eq!(super::record_end(&text, at, b',', eof), full);
        }
    }

    use super::*;

    fn all(text: &str) -> Vec<Vec<String>> {
        let mut at = 0;
        let mut out = Vec::new();
        while at < text.len() {
            let (rec, next) = next_record(text, at, b',', true).unwrap();
            out.push(rec.fields.into_iter().map(|f| f.0).collect());
            at = next;
        }
        out
    }

    #[test]
    fn quotes_newlines_and_crlf() {
        let text = "a,\"b \"\"x\"\"\",c\r\n1,\"多\n行\",\n";
        assert_eq!(
            all(text),
            [vec!["a", "b \"x\"", "c"], vec!["1", "多\n行", ""]]
        );
        assert!(next_record("1,\"open", 0, b',', false).is_none());
        assert!(next_record("1,2", 0, b',', false).is_none());
    }

    #[test]
    fn shapes_from_headers() {
        let f = Fields::default();
        let h = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            Columns::new(&h("会话ID,发送时间,发送方,内容"), &f, false)
                .unwrap()
                .shape,
            Shape::Turns
        );
        assert_eq!(
            Columns::new(&h("客户ID,聊天记录"), &f, false)
                .unwrap()
                .shape,
            Shape::Chats
        );
        assert_eq!(
            Columns::new(&h("分组,快捷编码,快捷短语"), &f, false)
                .unwrap()
                .shape,
            Shape::Canned
        );
        assert!(Columns::new(&h("a,b"), &f, false).is_err());
        // A category column in a chat export does not make it a library.
        assert_eq!(
            Columns::new(&h("工单号,分类,发送时间,发送方,内容"), &f, false)
                .unwrap()
                .shape,
            Shape::Turns
        );
        assert_eq!(
            Columns::new(&h("序号,快捷短语"), &f, false).unwrap().shape,
            Shape::Canned
        );
    }

    #[test]
    fn rows_that_cannot_be_trusted_are_unparsed_or_reported() {
        let f = Fields::default();
        let text = "conversation_id,sender,text\nc1,客服,好的,催什么催\nc1,客服\nc1,顾客,\"我要退货\nc1,客服,催什么催\n";
        let (header, mut at) = next_record(text, 0, b',', true).unwrap();
        let names: Vec<String> = header.fields.into_iter().map(|f| f.0).collect();
        let cols = Columns::new(&names, &f, false).unwrap();
        let mut results = Vec::new();
        while at < text.len() {
            let (rec, next) = next_record(text, at, b',', true).unwrap();
            results.push(
                cols.record(text, &rec, "x")
                    .map(|r| {
                        let turn = r.turns.first().map(|t| t.text.clone());
                        let issues: Vec<&str> = r.issues.iter().map(|i| i.kind.rule()).collect();
                        (turn, issues.join(","))
                    })
                    .map_err(|u| text[u.location].to_owned()),
            );
            at = next;
        }
        let turn = |t: Option<&str>, issue: &str| Ok((t.map(str::to_owned), issue.to_owned()));
        assert_eq!(
            results,
            [
                // One field too many: the surplus is part of the message, and reported.
                turn(Some("好的,催什么催"), "input.ragged-row"),
                // No message column: reported, nothing to check.
                turn(None, "input.ragged-row"),
                Err("c1,顾客,\"我要退货".to_owned()),
                turn(Some("催什么催"), ""),
            ]
        );
        // Fewer fields, the message among them: read, and reported.
        let short = "conversation_id,text,note\nc1,催什么催\n";
        let (_, at) = next_record(short, 0, b',', true).unwrap();
        let (rec, _) = next_record(short, at, b',', true).unwrap();
        let names: Vec<String> = ["conversation_id", "text", "note"]
            .map(str::to_owned)
            .into();
        let cols = Columns::new(&names, &f, false).unwrap();
        let r = cols.record(short, &rec, "x").unwrap();
        assert_eq!(r.turns[0].text, "催什么催");
        assert_eq!(r.issues[0].kind, IssueKind::RaggedRow);
        assert_eq!(&short[r.issues[0].location.clone()], "c1,催什么催");
    }

    #[test]
    fn doubled_quotes_map_back() {
        let f = Fields::default();
        let text = "id,sender,content\nc1,客服,\"说\"\"催什么催\"\"\"\n";
        let (header, at) = next_record(text, 0, b',', true).unwrap();
        let names: Vec<String> = header.fields.into_iter().map(|f| f.0).collect();
        let cols = Columns::new(&names, &f, false).unwrap();
        let (rec, _) = next_record(text, at, b',', true).unwrap();
        let r = cols.record(text, &rec, "x").unwrap();
        let turn = &r.turns[0];
        assert_eq!(turn.text, "说\"催什么催\"");
        let local = turn.text.find('催').unwrap()..turn.text.rfind('催').unwrap() + 3;
        assert_eq!(&text[turn.file_span(local)], "催什么催");
        assert_eq!((turn.speaker.as_str(), turn.role), ("客服", Role::Unknown));
    }
}
