//! Plain-text transcripts, in any of the line shapes of [`super::shape`].
//!
//! ```text
//! === order-1024
//! [2024-03-01 10:00:00] 顾客: 在吗？
//! [2024-03-01 10:00:30] 客服小王：您好，请问有什么可以帮您？
//! 这一行接着上一条消息。
//! ```
//!
//! - The shape is decided from the file's first lines and applied to every line. In a shape
//!   with times, only lines with a time start turns, so a continuation line such as
//!   `备注：明天发货` stays part of the previous message; a dated line without a speaker is
//!   a platform message (`01/03/2024, 10:00 - Messages are end-to-end encrypted`).
//! - In the header layout (千牛 and similar), a `speaker time` line introduces the message on
//!   the lines below it; read receipts (`已读`, `未读`) are dropped and `… 撤回了一条消息`
//!   becomes a platform message.
//! - Any other line continues the previous turn; blank lines are ignored.
//! - A conversation starts at a `=== id` line, or a conversation header such as
//!   `### 会话 C00000001 | 渠道: 淘宝 | 客服: 客服小孙 | 日期: 2024-07-05` or `会话ID: 123`; a
//!   line holding only a date (`----- 2024-06-01 -----`) dates the time-only lines after it.
//! - Times of day alone that go backwards (`23:58`, then `00:06`) have crossed midnight.

use super::shape::{LineShape, TurnLine};
use super::{Conversation, InputIssue, IssueKind, Role, Timestamp, Transcript, Turn, Unparsed};

/// Read receipts some workbenches paste under a message.
const RECEIPTS: &[&str] = &["已读", "未读", "[已读]", "[未读]"];

/// Parse a plain-text transcript. `default_id` names conversations that have no separator
/// line (the file's path); later unnamed ones get `#2`, `#3`… appended.
pub fn parse_text(text: &str, default_id: &str) -> Transcript {
    let shape = shape_of(text, false);
    Reader::new(text, default_id, shape, Start::default()).run()
}

/// The line shape of a file that starts with `text` (its first lines are enough: see
/// [`candidate_lines`]); `headers`: the header layout of 千牛 and similar workbenches
/// (`--input-format qianniu`), whatever the first lines suggest.
pub(super) fn shape_of(text: &str, headers: bool) -> LineShape {
    match LineShape::detect(candidate_lines(text)) {
        header @ LineShape::Header(_) => header,
        _ if headers => LineShape::Header(super::shape::HeaderShape {
            time_first: false,
            seconds: false,
            dated: false,
        }),
        shape => shape,
    }
}

/// The lines that vote on the shape: not separators, conversation headers or date lines.
/// Only the first [`VOTING_LINES`](super::shape::VOTING_LINES) that are not blank are read.
pub(super) fn candidate_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| boundary(l).is_none() && !RECEIPTS.contains(&l.trim()))
}

/// Where a part of a file starts, as reading the file from its start would have it there.
#[derive(Clone, Copy, Default)]
pub(super) struct Start {
    /// Conversations started before the part, which number the unnamed ones in it.
    pub started: usize,
    /// The day that time-only lines are on (see [`last_date`]).
    pub date: Option<i64>,
}

/// Parse a part of a plain-text file in `shape`, cut at a conversation header; `first`:
/// the part the file starts with, which says how its lines are read.
pub(super) fn parse_part(
    text: &str,
    default_id: &str,
    shape: LineShape,
    start: Start,
    first: bool,
) -> Transcript {
    let mut out = Reader::new(text, default_id, shape, start).run();
    if !first {
        out.layout = None;
    }
    out
}

/// Whether `text`, read in `shape`, starts a conversation before any conversation header:
/// a turn with no header above it is a conversation named after the file.
pub(super) fn opens_conversation(text: &str, shape: LineShape) -> bool {
    let mut reader = Reader::new(text, "", shape, Start::default());
    reader.read_lines();
    reader.started > 0
}

/// The date that time-only lines after `text` are on, as far as `text` says: its last
/// date line, dated conversation header or dated turn, or `None` when it has none. `text`
/// starts at a conversation header or where the file does.
pub(super) fn last_date(text: &str, shape: LineShape) -> Option<i64> {
    let header_layout = matches!(shape, LineShape::Header(_));
    let mut end = text.len();
    // Where the conversation of the lines being read ends, and the lines of it read as
    // turns of another shape, once it has been read.
    let mut conversation_end = text.len();
    let mut other_shape: Option<(usize, Vec<usize>)> = None;
    for raw in text.split_inclusive('\n').rev() {
        end -= raw.len();
        let line = raw.trim_end();
        match classify(shape, line) {
            Line::Skip => {}
            Line::Boundary(Boundary::Conversation { date: None, .. }) => conversation_end = end,
            Line::Boundary(
                Boundary::Conversation {
                    date: Some(day), ..
                }
                | Boundary::Date(day),
            ) => return Some(day),
            Line::Turn(turn) => {
                if let Some(day) = stamp_day(line, &turn) {
                    return Some(day);
                }
            }
            // The header layout reads every other line as a message.
            Line::Other if header_layout => {}
            Line::Other => {
                // A dated turn written in another line shape dates the lines after it only
                // if it is read as a turn, by a speaker of its conversation: read that
                // conversation, once.
                if let Some(turn) = turn_in_another_shape(shape, line)
                    && let Some(day) = stamp_day(line, &turn)
                {
                    let read = match &other_shape {
                        Some((until, read)) if *until == conversation_end => read,
                        _ => {
                            let read =
                                turns_of_another_shape(&text[..conversation_end], shape, end);
                            &other_shape.insert((conversation_end, read)).1
                        }
                    };
                    if read.binary_search(&end).is_ok() {
                        return Some(day);
                    }
                }
            }
        }
    }
    None
}

/// The starts of the lines read as turns of another shape in the conversation that `text`
/// ends with, `at` being one of its lines: read from the last header above `at` (or where
/// `text` starts).
fn turns_of_another_shape(text: &str, shape: LineShape, at: usize) -> Vec<usize> {
    let mut start = at;
    let header = text[..at].split_inclusive('\n').rev().find(|raw| {
        start -= raw.len();
        is_conversation_header(shape, raw.trim_end())
    });
    let from = if header.is_some() { start } else { 0 };
    let mut reader = Reader::new(&text[from..], "", shape, Start::default());
    reader.read_lines();
    let mut starts: Vec<usize> = reader
        .out
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::OtherShape)
        .map(|i| {
            // The line the issue is on.
            from + text[from..from + i.location.start]
                .rfind('\n')
                .map_or(0, |n| n + 1)
        })
        .collect();
    starts.sort_unstable();
    starts
}

/// The day of a turn's dated timestamp, which dates the time-only lines after it.
fn stamp_day(line: &str, turn: &TurnLine) -> Option<i64> {
    let stamp = turn.stamp.filter(|s| s.dated)?;
    Timestamp::parse(&line[stamp.start..stamp.end]).map(|t| t.0.div_euclid(86_400))
}

/// What a line (trimmed at the end) of a plain-text file is, read in the file's shape.
enum Line {
    /// A blank line, or a read receipt of the header layout.
    Skip,
    /// The start of a turn; in the header layout, a header line.
    Turn(TurnLine),
    /// A line that structures the file.
    Boundary(Boundary),
    /// Any other line: more of the message above, or a turn written in another shape.
    Other,
}

fn classify(shape: LineShape, line: &str) -> Line {
    let header_layout = matches!(shape, LineShape::Header(_));
    // Trimmed at the end, a line of whitespace is empty.
    if line.is_empty() || (header_layout && RECEIPTS.contains(&line.trim_start())) {
        return Line::Skip;
    }
    // A line of a timed shape that reads as a turn starts with its time, so it is no
    // separator, header or date line: reading it first spares the boundary tests on nearly
    // every line.
    let timed = matches!(shape, LineShape::Timed(_));
    if timed && let Some(turn) = shape.turn(line) {
        return Line::Turn(turn);
    }
    if let Some(b) = boundary(line) {
        return Line::Boundary(b);
    }
    match shape.turn(line).filter(|_| !timed) {
        Some(turn) => Line::Turn(turn),
        None => Line::Other,
    }
}

/// Whether `line` (trimmed at the end) is a conversation header: a part of a file is cut
/// only at one. Most lines are ruled out by their first character.
pub(super) fn is_conversation_header(shape: LineShape, line: &str) -> bool {
    let Some(first) = line.trim_start().chars().next() else {
        return false;
    };
    may_start_conversation(first)
        && matches!(
            classify(shape, line),
            Line::Boundary(Boundary::Conversation { .. })
        )
}

/// `line` read in a line shape other than `shape`, the file's, when it reads as a turn
/// with a speaker there.
fn turn_in_another_shape(shape: LineShape, line: &str) -> Option<TurnLine> {
    let other = LineShape::detect(std::iter::once(line));
    if other == shape || matches!(other, LineShape::Header(_)) {
        return None;
    }
    other.turn(line).filter(|t| t.speaker.is_some())
}

/// A line that is not a turn but structures the file.
enum Boundary {
    /// `=== id`, `### 会话 …`, `会话ID: …`: a new conversation, with what its header states.
    Conversation {
        id: Option<String>,
        agent: Option<String>,
        date: Option<i64>,
    },
    /// A line holding only a date: the day of the time-only lines after it.
    Date(i64),
}

fn boundary(line: &str) -> Option<Boundary> {
    let t = line.trim();
    // Nearly every line is a turn: the first character rules out most boundaries cheaply.
    let first = t.chars().next()?;
    if first == '='
        && let Some(rest) = t.strip_prefix("===")
    {
        let id = rest.trim().trim_matches('=').trim();
        return Some(Boundary::Conversation {
            id: (!id.is_empty()).then(|| id.to_owned()),
            agent: None,
            date: None,
        });
    }
    may_start_conversation(first)
        .then(|| conversation_header(t))
        .flatten()
        .or_else(|| date_line(t).map(Boundary::Date))
}

/// Whether a line that starts with `first` (after spaces) may be a separator or a
/// conversation header: every other line is ruled out by its first character.
fn may_start_conversation(first: char) -> bool {
    matches!(
        first,
        '=' | '#' | '【' | '会' | '會' | '对' | '對' | 'C' | 'c' | 'S' | 's'
    )
}

/// `### 会话 C1 | 渠道: 淘宝 | 客服: 客服小孙 | 日期: 2024-07-05`, `【会话】C1`, `会话ID: C1`,
/// `会话编号：C1`, `Conversation ID: C1`, `Session: C1`.
fn conversation_header(t: &str) -> Option<Boundary> {
    let hashes = t.trim_start_matches('#');
    let marked = hashes.len() < t.len();
    let body = hashes.trim_start();
    let mut rest = None;
    for word in [
        "【会话】",
        "【對話】",
        "【对话】",
        "会话",
        "會話",
        "对话",
        "對話",
        "Conversation",
        "conversation",
        "Session",
        "session",
        "Chat",
        "chat",
    ] {
        if let Some(r) = body.strip_prefix(word) {
            rest = Some((word, r));
            break;
        }
    }
    let (word, rest) = rest?;
    let mut id_part = rest.trim_start();
    let mut labelled = false;
    for label in ["ID", "Id", "id", "编号", "編號", "号", "#"] {
        if let Some(r) = id_part.strip_prefix(label) {
            id_part = r.trim_start();
            labelled = true;
            break;
        }
    }
    let had_colon = id_part.starts_with([':', '：']);
    id_part = id_part.trim_start_matches([':', '：']).trim_start();
    // A bare `会话…` line is a header only when marked (`###`, `【会话】`) or labelled
    // (`会话ID:`); otherwise `会话结束了吗` would be one.
    if !(marked
        || word.starts_with('【')
        || (labelled && had_colon)
        || (had_colon && word.is_ascii()))
    {
        return None;
    }
    // Fields after the id are separated by `|`, or by spaces when there is none
    // (`【会话】K-0001 客服：小李 日期：2024-06-01`).
    let separators: &[char] = if id_part.contains(['|', '｜']) {
        &['|', '｜']
    } else {
        &[' ', '\u{3000}', '\t']
    };
    let mut segments = id_part.split(separators).filter(|s| !s.trim().is_empty());
    let id = segments.next().unwrap_or_default().trim();
    let id = id.split_whitespace().next().unwrap_or_default();
    let mut agent = None;
    let mut date = None;
    for segment in segments {
        let Some((key, value)) = segment.split_once([':', '：']) else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if value.is_empty() {
            continue;
        }
        match key {
            "客服" | "坐席" | "接待客服" | "客服人员" | "Agent" | "agent" => {
                agent = Some(value.to_owned());
            }
            "日期" | "Date" | "date" => date = Timestamp::parse_date(value),
            _ => {}
        }
    }
    Some(Boundary::Conversation {
        id: (!id.is_empty()).then(|| id.to_owned()),
        agent,
        date,
    })
}

/// `----- 2024-06-01 -----`, `2024-06-01`, `———— 2024年6月1日 星期六 ————`.
fn date_line(t: &str) -> Option<i64> {
    // A date line is short and holds no time of day, unlike a turn.
    if t.len() > MAX_DATE_LINE_BYTES || t.as_bytes().contains(&b':') {
        return None;
    }
    let inner = t
        .trim_matches(|c: char| {
            matches!(
                c,
                '-' | '—'
                    | '='
                    | '_'
                    | '~'
                    | '*'
                    | '·'
                    | '【'
                    | '】'
                    | '['
                    | ']'
                    | '('
                    | ')'
                    | '（'
                    | '）'
            ) || c.is_whitespace()
        })
        .trim();
    if inner.is_empty() || !inner.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let date = match inner.split_once(char::is_whitespace) {
        // A weekday after the date (`星期六`, `周四`, `礼拜天`, `Saturday`), and nothing else.
        Some((d, rest))
            if (rest.trim().starts_with(['星', '周', '礼'])
                && rest.trim().chars().count() <= 3)
                || rest.trim().len() <= 9 && rest.trim().chars().all(char::is_alphabetic) =>
        {
            d
        }
        Some(_) => return None,
        None => inner,
    };
    Timestamp::parse_date(date)
}

/// Longer than the longest date line written (`———————— 2024年12月31日 星期二 ————————`).
const MAX_DATE_LINE_BYTES: usize = 160;

/// The header of the header layout's message being read, until its first content line.
struct Pending {
    speaker: String,
    time: Option<Timestamp>,
}

struct Reader<'a> {
    text: &'a str,
    default_id: &'a str,
    shape: LineShape,
    out: Transcript,
    /// Conversations started, in the file (before the text read, and in it).
    started: usize,
    current: Option<Conversation>,
    pending: Option<Pending>,
    /// The day that time-only lines belong to (days since the epoch), from a date line or a
    /// conversation header.
    date: Option<i64>,
    /// Whole days added to time-only lines because the clock went past midnight.
    day_offset: i64,
    /// The last time-only value read in this conversation.
    last_time_of_day: Option<i64>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, default_id: &'a str, shape: LineShape, start: Start) -> Reader<'a> {
        Reader {
            text,
            default_id,
            shape,
            out: Transcript {
                layout: Some(shape.describe()),
                ..Transcript::default()
            },
            started: start.started,
            current: None,
            pending: None,
            date: start.date,
            day_offset: 0,
            last_time_of_day: None,
        }
    }

    fn run(mut self) -> Transcript {
        self.read_lines();
        self.out.conversations.extend(self.current.take());
        let mut out = self.out;
        super::text::fill_texts(&mut out, self.text);
        out.conversations.retain(|c| !c.turns.is_empty());
        out
    }

    fn read_lines(&mut self) {
        let text = self.text;
        let header_layout = matches!(self.shape, LineShape::Header(_));
        for (start, raw) in super::lines(text) {
            let line = raw.trim_end();
            let lead = line.len() - line.trim_start().len();
            let location = start + lead..start + line.len();
            match classify(self.shape, line) {
                Line::Skip => {}
                Line::Boundary(Boundary::Conversation { id, agent, date }) => {
                    self.start_conversation(id, agent, date);
                }
                Line::Boundary(Boundary::Date(days)) => {
                    self.date = Some(days);
                    self.day_offset = 0;
                    self.last_time_of_day = None;
                }
                Line::Turn(turn) if header_layout => {
                    let time = self.time(line, start, &turn);
                    let speaker = turn.speaker.map_or("", |(a, b)| &line[a..b]);
                    self.pending = Some(Pending {
                        speaker: speaker.to_owned(),
                        time,
                    });
                }
                Line::Turn(turn) => self.push_turn(line, start, &turn),
                Line::Other if header_layout => self.header_content(location),
                Line::Other => match self.turn_of_another_shape(line) {
                    Some(turn) => {
                        self.out.issues.push(InputIssue {
                            conversation: Some(self.conversation_id()),
                            kind: IssueKind::OtherShape,
                            location: location.clone(),
                            message: format!(
                                "read as a turn of {}, although the file's lines are {}",
                                &line[turn.speaker.map_or(0..0, |(a, b)| a..b)],
                                self.shape.describe()
                            ),
                        });
                        self.push_turn(line, start, &turn);
                    }
                    None => self.continue_turn(location),
                },
            }
        }
    }

    fn start_conversation(&mut self, id: Option<String>, agent: Option<String>, date: Option<i64>) {
        self.out.conversations.extend(self.current.take());
        self.started += 1;
        let n = self.started;
        let mut c = Conversation::new(id.unwrap_or_else(|| numbered(self.default_id, n)));
        c.declared_agent = agent;
        self.current = Some(c);
        self.pending = None;
        if date.is_some() {
            self.date = date;
        }
        self.day_offset = 0;
        self.last_time_of_day = None;
    }

    /// The id of the conversation a turn read now goes into.
    fn conversation_id(&self) -> String {
        match &self.current {
            Some(c) => c.id.clone(),
            None => numbered(self.default_id, self.started + 1),
        }
    }

    fn conversation(&mut self) -> &mut Conversation {
        let default_id = self.default_id;
        let started = &mut self.started;
        self.current.get_or_insert_with(|| {
            *started += 1;
            Conversation::new(numbered(default_id, *started))
        })
    }

    /// The time of a turn line: dated, or a time of day placed on the current date and past
    /// any midnight crossed. A time that does not parse is reported and the turn kept.
    fn time(&mut self, line: &str, start: usize, turn: &TurnLine) -> Option<Timestamp> {
        let stamp = turn.stamp?;
        let written = &line[stamp.start..stamp.end];
        let Some(t) = Timestamp::parse(written) else {
            self.out.issues.push(InputIssue {
                conversation: Some(self.conversation_id()),
                kind: IssueKind::BadTimestamp,
                location: start + stamp.start..start + stamp.end,
                message: format!(
                    "`{written}` is not a valid date and time; the turn is checked without a time"
                ),
            });
            return None;
        };
        if stamp.dated {
            // Some exports date only the first message of a day: the times of day after it
            // are on that day.
            self.date = Some(t.0.div_euclid(86_400));
            self.day_offset = 0;
            self.last_time_of_day = Some(t.0);
            return Some(t);
        }
        let mut value = self.date.unwrap_or(0) * 86_400 + self.day_offset + t.0;
        if let Some(last) = self.last_time_of_day
            && value < last
        {
            self.day_offset += 86_400;
            value += 86_400;
        }
        self.last_time_of_day = Some(value);
        Some(Timestamp(value))
    }

    fn push_turn(&mut self, line: &str, start: usize, turn: &TurnLine) {
        let time = self.time(line, start, turn);
        let text = self.text;
        let location = start + turn.text_at..start + line.len();
        let new = match turn.speaker {
            Some((a, b)) => Turn::verbatim(&line[a..b], time, text, location),
            None => {
                let mut t = Turn::verbatim(SYSTEM_SPEAKER, time, text, location);
                t.role = Role::System;
                t
            }
        };
        self.conversation().turns.push(new);
    }

    /// A line of the header layout that is not a header: the message of the pending
    /// header, more of the last message, or a platform notice.
    fn header_content(&mut self, location: std::ops::Range<usize>) {
        let text = self.text;
        let trimmed = &text[location.clone()];
        if trimmed.ends_with("撤回了一条消息") {
            let time = self.pending.take().and_then(|p| p.time);
            let mut turn = Turn::verbatim(SYSTEM_SPEAKER, time, text, location);
            turn.role = Role::System;
            self.conversation().turns.push(turn);
            return;
        }
        let pending = self.pending.take();
        let conversation = self.conversation();
        match (pending, conversation.turns.last_mut()) {
            (Some(p), _) => conversation
                .turns
                .push(Turn::verbatim(&p.speaker, p.time, text, location)),
            (None, Some(turn)) if turn.role != Role::System => {
                // The text is taken once the turn is complete (see `fill_texts`).
                turn.location.end = location.end;
            }
            _ => self.out.unparsed.push(Unparsed {
                location,
                reason: "not a message: expected a `speaker time` header line above it".into(),
            }),
        }
    }

    /// A line that starts no turn: more of the last message, or unparsed before any turn.
    /// A line that would continue the message above but reads as a turn in another line
    /// shape, by a speaker already in this conversation (`2024-06-01 10:00:40 客服小美: …`
    /// among `[time] speaker:` lines): a different layout pasted in, not more of the message.
    fn turn_of_another_shape(&self, line: &str) -> Option<TurnLine> {
        let current = self.current.as_ref()?;
        let turn = turn_in_another_shape(self.shape, line)?;
        let (a, b) = turn.speaker?;
        let speaker = &line[a..b];
        current
            .turns
            .iter()
            .any(|t| t.speaker == speaker)
            .then_some(turn)
    }

    fn continue_turn(&mut self, location: std::ops::Range<usize>) {
        match self.current.as_mut().and_then(|c| c.turns.last_mut()) {
            // Keep the text a verbatim slice of the file, newlines included, so that
            // every character of it maps back to where it was written. The text is taken
            // once the turn is complete (see `fill_texts`).
            Some(turn) => turn.location.end = location.end,
            None => {
                let expected = self.shape.describe();
                self.out.unparsed.push(Unparsed {
                    location,
                    reason: format!("not a turn: the file's lines are read as {expected}").into(),
                });
            }
        }
    }
}

/// Give every turn that grew by continuation lines its full text, `file[location]`: done
/// once at the end, since copying the text at each added line costs quadratic time on a
/// message of many lines.
pub(super) fn fill_texts(out: &mut Transcript, file: &str) {
    for turn in out.conversations.iter_mut().flat_map(|c| &mut c.turns) {
        if turn.map.is_none() && turn.text.len() != turn.location.len() {
            turn.text = file
                .get(turn.location.clone())
                .unwrap_or_default()
                .to_owned();
        }
    }
}

/// `id` for the first conversation of a file, `id#n` for the later ones.
pub(super) fn numbered(id: &str, n: usize) -> String {
    if n == 1 {
        id.to_owned()
    } else {
        format!("{id}#{n}")
    }
}

/// The speaker name given to messages the platform itself wrote.
pub(super) const SYSTEM_SPEAKER: &str = "system";

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(t: &Transcript) -> Vec<(&str, &str)> {
        t.conversations
            .iter()
            .flat_map(|c| &c.turns)
            .map(|t| (t.speaker.as_str(), t.text.as_str()))
            .collect()
    }

    #[test]
    fn timed_lines_colons_and_continuations() {
        let src = "[2024-03-01 10:00:00] 顾客: 在吗？\n\n[2024-03-01 10:00:30] 客服小王：您好\n备注：明天发货\r\n[2024-03-01 10:01:00] 小米官方旗舰店:小林: 好的\n";
        let t = parse_text(src, "a.txt");
        assert_eq!(
            turns(&t),
            [
                ("顾客", "在吗？"),
                ("客服小王", "您好\n备注：明天发货"),
                ("小米官方旗舰店:小林", "好的"),
            ]
        );
        for turn in &t.conversations[0].turns {
            assert_eq!(&src[turn.location.clone()], turn.text);
        }
        assert_eq!(t.conversations[0].id, "a.txt");
        assert!(t.unparsed.is_empty());
    }

    #[test]
    fn untimed_and_separators() {
        let src = "=== c-1\n客服：您好\n顾客: 你好\n===\nCustomer: hi\n=== c-3 ===\nAgent: hello";
        let t = parse_text(src, "f");
        let ids: Vec<&str> = t.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c-1", "f#2", "c-3"]);
        assert_eq!(t.conversations[0].turns.len(), 2);
        assert_eq!(t.conversations[2].turns[0].text, "hello");
    }

    #[test]
    fn leading_text_without_turn_is_reported() {
        let src = "导出时间 2024年3月1日\n客服：您好";
        let t = parse_text(src, "f");
        assert_eq!(t.unparsed.len(), 1);
        assert_eq!(
            &src[t.unparsed[0].location.clone()],
            "导出时间 2024年3月1日"
        );
        assert_eq!(t.conversations[0].turns.len(), 1);
    }

    #[test]
    fn sentences_with_colons_are_not_speakers() {
        let t = parse_text("请注意，时间是：明天\n客服：您好\n", "f");
        assert_eq!(t.unparsed.len(), 1);
        let timed = parse_text("[2024-03-01 10:00:00] 顾客: 在吗\n备注：明天发货\n", "f");
        assert_eq!(turns(&timed), [("顾客", "在吗\n备注：明天发货")]);
    }

    #[test]
    fn a_line_of_another_shape_by_a_speaker_of_the_conversation_is_a_turn() {
        let src = "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:00:05] 客服小美: 您好\n[2024-06-01 10:00:30] 顾客: 我要退货\n2024-06-01 10:00:40 客服小美: 你有病吧\n客服小美: 抱歉\n注意: 明天发货\n";
        let t = parse_text(src, "f");
        assert_eq!(
            turns(&t),
            [
                ("顾客", "在吗"),
                ("客服小美", "您好"),
                ("顾客", "我要退货"),
                ("客服小美", "你有病吧"),
                // `注意` never spoke: more of the message above.
                ("客服小美", "抱歉\n注意: 明天发货"),
            ]
        );
        let kinds: Vec<IssueKind> = t.issues.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IssueKind::OtherShape, IssueKind::OtherShape]);
    }

    #[test]
    fn lines_that_only_look_like_turns_continue_the_message() {
        let src = "[2024-05-01 10:00:00] 顾客: 几点来？\n\u{200e}[2024-05-01 10:00:30] 客服小王: 时间是\n14:00 - 16:00 之间\n详见 https://kuaidi100.com/x\n[2024年5月1日 10:01:00] 顾客: 好\n";
        let t = parse_text(src, "f");
        assert_eq!(
            turns(&t),
            [
                ("顾客", "几点来？"),
                (
                    "客服小王",
                    "时间是\n14:00 - 16:00 之间\n详见 https://kuaidi100.com/x"
                ),
                ("顾客", "好"),
            ]
        );
        let untimed = parse_text("顾客: 快递呢\n小王: 看这里\nhttps://kuaidi100.com/x\n", "f");
        assert_eq!(untimed.conversations[0].turns.len(), 2);
    }

    #[test]
    fn whatsapp_exports() {
        // Android writes `date, time - `, iOS brackets the time.
        for src in [
            "01/03/2024, 10:00 - Messages and calls are end-to-end encrypted.\n\
             01/03/2024, 10:00 - Alice: hi, my order is late\n\
             01/03/2024, 10:01 - Support: Sorry for the wait\n",
            "[01/03/2024, 10:00:00] Messages and calls are end-to-end encrypted.\n\
             [01/03/2024, 10:00:00] Alice: hi, my order is late\n\
             [01/03/2024, 10:01:00] Support: Sorry for the wait\n",
        ] {
            let t = parse_text(src, "w");
            assert_eq!(
                turns(&t),
                [
                    ("system", "Messages and calls are end-to-end encrypted."),
                    ("Alice", "hi, my order is late"),
                    ("Support", "Sorry for the wait"),
                ]
            );
            let c = &t.conversations[0];
            assert_eq!(c.turns[0].role, Role::System);
            let time = |i: usize| c.turns[i].time.map_or(0, |t| t.0);
            assert_eq!(time(2) - time(1), 60);
        }
    }

    fn parse_headers(text: &str, default_id: &str) -> Transcript {
        Reader::new(text, default_id, shape_of(text, true), Start::default()).run()
    }

    fn is_header_layout(text: &str) -> bool {
        matches!(
            LineShape::detect(candidate_lines(text)),
            LineShape::Header(_)
        )
    }

    const PASTE: &str = "小米官方旗舰店:小林 2024-3-1 10:00:30\r\n您好，请问有什么可以帮您？\r\n已读\r\ntb_8812 2024-3-1 10:01:00\r\n在吗\r\n第二行\r\ntb_8812 撤回了一条消息\r\n";

    #[test]
    fn headers_contents_and_noise() {
        assert!(is_header_layout(PASTE));
        assert!(!is_header_layout("客服：您好 2024-3-1 10:00:00\n"));
        assert!(is_header_layout(
            "与tb_8812的聊天记录\n\n小王 2024-3-1 10:00:30\n您好\n"
        ));
        // A message that ends with a date and time without seconds is not a header.
        // Where every header has seconds, a message line ending with a time without them
        // is part of the message.
        let t = parse_text(
            "客服小王 2024-5-3 17:00:00\n您好，几点发货？\ntb_1 2024-5-3 17:01:00\n今天\n客服小王 2024-5-3 17:02:00\n预计\n周五 2024-5-3 18:00\n",
            "q",
        );
        assert_eq!(
            t.conversations[0].turns[2].text,
            "预计\n周五 2024-5-3 18:00"
        );
        let t = parse_headers(PASTE, "q");
        let turns: Vec<(&str, &str)> = t.conversations[0]
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                ("小米官方旗舰店:小林", "您好，请问有什么可以帮您？"),
                ("tb_8812", "在吗\r\n第二行"),
                ("system", "tb_8812 撤回了一条消息"),
            ]
        );
        for turn in &t.conversations[0].turns {
            assert_eq!(&PASTE[turn.location.clone()], turn.text);
        }
        let times: Vec<i64> = t.conversations[0].turns[..2]
            .iter()
            .map(|t| t.time.map_or(0, |x| x.0))
            .collect();
        assert_eq!(times[1] - times[0], 30);
        assert!(t.unparsed.is_empty());
        let two = parse_headers(&format!("=== a\n{PASTE}=== b\n{PASTE}"), "q");
        let ids: Vec<&str> = two.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    fn times(t: &Transcript) -> Vec<String> {
        t.conversations
            .iter()
            .flat_map(|c| &c.turns)
            .map(|t| t.time.map_or_else(|| "-".into(), |x| x.full()))
            .collect()
    }

    #[test]
    fn conversation_headers_name_the_id_the_agent_and_the_day() {
        let src = "### 会话 C00000001 | 渠道: 淘宝旗舰店 | 客服: 客服小孙 | 日期: 2024-07-05\n\
                   20:10 tb_1: 在吗\n\
                   会话结束了吗\n\
                   ## 会话 C2 | 坐席：小李\n\
                   20:11 tb_2: 在吗\n\
                   【会话】C3 | Agent: Ann | Date: 2024/7/6\n\
                   20:12 tb_3: 在吗\n\
                   会话编号：C4\n\
                   20:13 tb_4: 在吗\n\
                   Conversation ID: C5\n\
                   20:14 tb_5: 在吗\n";
        let t = parse_text(src, "f");
        let got: Vec<(&str, Option<&str>, usize)> = t
            .conversations
            .iter()
            .map(|c| (c.id.as_str(), c.declared_agent.as_deref(), c.turns.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("C00000001", Some("客服小孙"), 1),
                ("C2", Some("小李"), 1),
                ("C3", Some("Ann"), 1),
                ("C4", None, 1),
                ("C5", None, 1),
            ]
        );
        // A bare line starting with 会话 is message text.
        assert_eq!(t.conversations[0].turns[0].text, "在吗\n会话结束了吗");
        // The header's date dates its times of day, until another date is given.
        assert_eq!(
            times(&t),
            [
                "2024-07-05 20:10:00",
                "2024-07-05 20:11:00",
                "2024-07-06 20:12:00",
                "2024-07-06 20:13:00",
                "2024-07-06 20:14:00"
            ]
        );
    }

    #[test]
    fn times_of_day_cross_midnight_on_the_last_date_given() {
        let src = "———— 2024年6月1日 ————\n23:58 顾客: 在吗\n00:06 客服小王: 您好\n----- 2024-06-03 -----\n09:00 顾客: 好\n";
        let t = parse_text(src, "f");
        assert_eq!(
            times(&t),
            [
                "2024-06-01 23:58:00",
                "2024-06-02 00:06:00",
                "2024-06-03 09:00:00"
            ]
        );
        assert!(t.unparsed.is_empty());
        // Without a date, the clock still moves forward past midnight.
        let t = parse_text("23:58 顾客: 在吗\n00:06 客服小王: 您好\n", "f");
        let secs: Vec<i64> = t.conversations[0]
            .turns
            .iter()
            .map(|t| t.time.map_or(0, |x| x.0))
            .collect();
        assert_eq!(secs[1] - secs[0], 8 * 60);
        // A dated line dates the times of day after it (exports that date a day's first message).
        let t = parse_text(
            "[2024-06-01 23:58:00] 顾客: 在吗\n[00:06:00] 客服小王: 您好\n",
            "f",
        );
        assert_eq!(times(&t), ["2024-06-01 23:58:00", "2024-06-02 00:06:00"]);
        // A new conversation starts its own clock.
        let t = parse_text("=== a\n23:58 顾客: 在吗\n=== b\n00:06 顾客: 在吗\n", "f");
        assert_eq!(times(&t), ["23:58:00", "00:06:00"]);
    }

    #[test]
    fn a_message_after_a_date_and_weekday_is_no_date_line() {
        for line in [
            "[2024-05-09 周四 16:20:01] 访客：在吗",
            "2024-05-09 星期四 访客：在吗",
            "2024-05-09 周四到货吗",
        ] {
            assert!(date_line(line).is_none(), "{line}");
            // Read as a turn or reported, never dropped.
            let t = parse_text(&format!("{line}\n"), "f");
            let turns: usize = t.conversations.iter().map(|c| c.turns.len()).sum();
            assert_eq!(turns + t.unparsed.len(), 1, "{line}");
        }
        for line in [
            "2024-05-09 周四",
            "———— 2024年5月9日 星期四 ————",
            "2024-05-09 Thursday",
        ] {
            assert!(date_line(line).is_some(), "{line}");
        }
    }

    #[test]
    fn a_bad_timestamp_keeps_its_turn_in_every_timed_shape() {
        for src in [
            "2024-06-01 20:10:00 顾客: 在吗\n2024-13-45 25:61:00 客服小王: 催什么催\n",
            "2024-06-01 20:10:00\t顾客\t在吗\n2024-13-45 25:61:00\t客服小王\t催什么催\n",
            "顾客 (2024-06-01 20:10): 在吗\n客服小王 (2024-13-45 25:61): 催什么催\n",
            "顾客 2024-06-01 20:10:00\n在吗\n客服小王 2024-13-45 25:61:00\n催什么催\n",
        ] {
            let t = parse_text(src, "f");
            assert_eq!(
                turns(&t),
                [("顾客", "在吗"), ("客服小王", "催什么催")],
                "{src}"
            );
            assert_eq!(times(&t)[1], "-", "{src}");
            let issues: Vec<(&str, IssueKind)> = t
                .issues
                .iter()
                .map(|i| (&src[i.location.clone()], i.kind))
                .collect();
            assert!(issues[0].0.starts_with("2024-13-45 25:61"), "{src}");
            assert_eq!(issues[0].1, IssueKind::BadTimestamp);
            assert_eq!(issues.len(), 1, "{src}");
            assert_eq!(t.issues[0].conversation.as_deref(), Some("f"), "{src}");
        }
        // The finding names the conversation the turn is read into, the first one too.
        let src = "[2024-13-45 10:00:00] 顾客: 在吗\n=== c2\n[2024-06-01 25:61:00] 客服小王: 好\n===\n[2024-06-01 20:10:00] 顾客: 在吗\n2024-06-01 20:11:00 顾客: 又来\n";
        let t = parse_text(src, "f");
        let named: Vec<(IssueKind, Option<&str>)> = t
            .issues
            .iter()
            .map(|i| (i.kind, i.conversation.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                (IssueKind::BadTimestamp, Some("f")),
                (IssueKind::BadTimestamp, Some("c2")),
                (IssueKind::OtherShape, Some("f#3")),
            ]
        );
    }

    #[test]
    fn header_layout_message_lines_that_end_with_a_time() {
        // Every header has a date: a message line with a time of day only is message text.
        let t = parse_text(
            "客服小王 2024-06-01 20:10:00\n您好\n顾客 2024-06-01 20:11:00\n几点到\n客服小王 2024-06-01 20:12:00\n预计\n截止 18:00:00\n",
            "f",
        );
        assert_eq!(turns(&t)[2], ("客服小王", "预计\n截止 18:00:00"));
        // Time first, with a message line that starts with a time.
        let t = parse_text(
            "2024-06-01 20:10:00 客服小王\n您好\n2024-06-01 20:11:00 顾客\n几点到\n2024-06-01 20:12:00 客服小王\n20:30 到货\n",
            "f",
        );
        assert_eq!(turns(&t)[2], ("客服小王", "20:30 到货"));
        assert_eq!(
            t.layout.as_deref().map(|l| l.contains("`time speaker`")),
            Some(true)
        );
    }
}
