//! Plain-text transcripts.
//!
//! ```text
//! === order-1024
//! [2024-03-01 10:00:00] 顾客: 在吗？
//! [2024-03-01 10:00:30] 客服小王：您好，请问有什么可以帮您？
//! 这一行接着上一条消息。
//! ```
//!
//! - A turn starts with an optional `[timestamp]` (or `timestamp - `, as WhatsApp writes it),
//!   then the speaker and `:` or `：`. A timestamped line without a speaker is a system
//!   message (`01/03/2024, 10:00 - Messages are end-to-end encrypted`).
//! - When the first turn of a file carries a timestamp, only timestamped lines start turns,
//!   so a continuation line such as `备注：明天发货` stays part of the previous message.
//! - Any other line continues the previous turn; blank lines are ignored.
//! - A line starting with `===` starts a new conversation; the rest of the line is its id.

use super::{Conversation, Role, Timestamp, Transcript, Turn, Unparsed};

/// Speakers longer than this are not speakers but a sentence with a colon in it.
const MAX_SPEAKER_CHARS: usize = 40;

/// Parse a plain-text transcript. `default_id` names conversations that have no separator
/// line (the file's path); later unnamed ones get `#2`, `#3`… appended.
pub fn parse_text(text: &str, default_id: &str) -> Transcript {
    let mut out = Transcript::default();
    let mut current: Option<Conversation> = None;
    // Whether turns in this file start with a timestamp; fixed by the first turn.
    let mut timed: Option<bool> = None;
    for (start, raw) in super::lines(text) {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if let Some(next) = separator(line, default_id, &mut out, &mut current) {
            current = Some(next);
            continue;
        }
        match parse_header(line, timed) {
            Some(header) => {
                timed.get_or_insert(header.time.is_some());
                let conversation = current.get_or_insert_with(|| {
                    Conversation::new(numbered(default_id, out.conversations.len() + 1))
                });
                let mut turn = Turn::verbatim(
                    header.speaker.unwrap_or(SYSTEM_SPEAKER),
                    header.time,
                    text,
                    start + header.text_at..start + line.len(),
                );
                if header.speaker.is_none() {
                    turn.role = Role::System;
                }
                conversation.turns.push(turn);
            }
            None => match current.as_mut().and_then(|c| c.turns.last_mut()) {
                Some(turn) => {
                    // Keep the text a verbatim slice of the file, newlines included, so that
                    // every character of it maps back to where it was written.
                    turn.location.end = start + line.len();
                    // The text is taken once the turn is complete (see `fill_texts`).
                }
                None => out.unparsed.push(Unparsed {
                    location: start + lead..start + line.len(),
                    reason: "not a turn: expected `[time] speaker: text` or `speaker: text`".into(),
                }),
            },
        }
    }
    out.conversations.extend(current);
    fill_texts(&mut out, text);
    out
}

/// A `=== id` line: closes the conversation being read (moved into `out`) and returns the
/// new one, named by the rest of the line or numbered after `default_id`.
pub(super) fn separator(
    line: &str,
    default_id: &str,
    out: &mut Transcript,
    current: &mut Option<Conversation>,
) -> Option<Conversation> {
    let rest = line.trim().strip_prefix("===")?;
    out.conversations.extend(current.take());
    let id = rest.trim().trim_matches('=').trim();
    Some(Conversation::new(if id.is_empty() {
        numbered(default_id, out.conversations.len() + 1)
    } else {
        id.to_owned()
    }))
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

struct Header<'a> {
    time: Option<Timestamp>,
    /// `None` for a timestamped system message.
    speaker: Option<&'a str>,
    /// Byte offset in the line where the message text starts.
    text_at: usize,
}

/// A leading `[timestamp]` or `timestamp - `: the time and where the rest of the line starts.
fn leading_stamp(line: &str) -> Option<(Timestamp, usize)> {
    if let Some((stamp, _)) = line.strip_prefix('[').and_then(|r| r.split_once(']')) {
        return Timestamp::parse(stamp).map(|t| (t, stamp.len() + 2));
    }
    if line.starts_with(|c: char| c.is_ascii_digit()) {
        let (stamp, _) = line.split_once(" - ")?;
        // WhatsApp's `01/03/2024, 10:00 - `: a date is required, so that a line such as
        // `14:00 - 16:00 之间` stays part of the message it continues.
        if !stamp.contains(['/', '-', '.', '年']) {
            return None;
        }
        return Timestamp::parse(stamp).map(|t| (t, stamp.len() + 3));
    }
    None
}

/// Invisible marks some exports put before a line (WhatsApp on iOS writes U+200E).
fn invisible_prefix(line: &str) -> usize {
    line.len()
        - line
            .trim_start_matches([
                '\u{200e}', '\u{200f}', '\u{feff}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{2066}',
                '\u{2067}', '\u{2068}', '\u{2069}',
            ])
            .len()
}

fn parse_header(line: &str, timed: Option<bool>) -> Option<Header<'_>> {
    let skip = invisible_prefix(line);
    let header = parse_visible_header(&line[skip..], timed)?;
    Some(Header {
        text_at: header.text_at + skip,
        ..header
    })
}

fn parse_visible_header(line: &str, timed: Option<bool>) -> Option<Header<'_>> {
    let (time, body_at) = match leading_stamp(line) {
        Some((t, at)) => (Some(t), at),
        None => (None, 0),
    };
    if time.is_none() && timed == Some(true) {
        return None;
    }
    let body = &line[body_at..];
    let lead = body.len() - body.trim_start().len();
    let body = body.trim_start();
    let speaker = speaker_end(body).and_then(|(speaker_end, sep_len)| {
        let speaker = body[..speaker_end].trim_end();
        let plausible = !speaker.is_empty()
            && speaker.chars().count() <= MAX_SPEAKER_CHARS
            && !speaker.chars().any(|c| {
                matches!(
                    c,
                    '，' | '。' | '！' | '？' | '!' | '?' | '"' | '“' | '”' | '[' | ']'
                )
            });
        plausible.then_some((speaker, speaker_end + sep_len))
    });
    match speaker {
        Some((speaker, text_from)) => {
            let after = &body[text_from..];
            Some(Header {
                time,
                speaker: Some(speaker),
                text_at: body_at + lead + text_from + (after.len() - after.trim_start().len()),
            })
        }
        None if time.is_some() && !body.is_empty() => Some(Header {
            time,
            speaker: None,
            text_at: body_at + lead,
        }),
        None => None,
    }
}

/// Where the speaker ends and how long the separator is. A `店铺:名字` speaker keeps its
/// inner ASCII colon when another colon follows closely without whitespace in between.
fn speaker_end(body: &str) -> Option<(usize, usize)> {
    let first = body.find([':', '：'])?;
    // `https://…` is a link, not a speaker.
    if body[first..].starts_with("://") {
        return None;
    }
    let sep = if body[first..].starts_with('：') {
        3
    } else {
        1
    };
    if sep == 1 {
        let rest = &body[first + 1..];
        if !rest.starts_with(char::is_whitespace) {
            // The second colon must start within the first MAX_SPEAKER_CHARS characters,
            // which lie within four bytes each.
            let mut cut = rest.len().min(4 * MAX_SPEAKER_CHARS);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &rest[..cut];
            if let Some(second) = head.find([':', '：'])
                && head[..second].chars().count() < MAX_SPEAKER_CHARS
                && !head[..second].contains(char::is_whitespace)
                && second > 0
                && super::roles::default_role(&body[..first]) == Role::Unknown
            {
                let end = first + 1 + second;
                let sep2 = if rest[second..].starts_with('：') {
                    3
                } else {
                    1
                };
                return Some((end, sep2));
            }
        }
    }
    Some((first, sep))
}

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
        assert!(parse_header("请注意，时间是：明天", None).is_none());
        assert!(parse_header("[2024-03-01 10:00:00] x: y", Some(true)).is_some());
        assert!(parse_header("备注：明天发货", Some(true)).is_none());
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
        let src = "01/03/2024, 10:00 - Messages and calls are end-to-end encrypted.\n\
                   01/03/2024, 10:00 - Alice: hi, my order is late\n\
                   [01/03/2024, 10:01:30] Support: Sorry for the wait\n";
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
        assert_eq!(c.turns[2].time.unwrap().0 - c.turns[1].time.unwrap().0, 90);
    }
}
