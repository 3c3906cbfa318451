//! The copy/paste layout of 千牛 and similar seller workbenches: a header line with the
//! nickname and the time, the message on the lines under it.
//!
//! ```text
//! 小米官方旗舰店:小林 2024-3-1 10:00:30
//! 您好，请问有什么可以帮您？
//! tb_8812 2024-3-1 10:01:00
//! 在吗
//! 已读
//! ```
//!
//! Read receipts (`已读`, `未读`) are dropped; `… 撤回了一条消息` becomes a system message;
//! a line starting with `===` starts a new conversation, as in plain text.

use super::text::{SYSTEM_SPEAKER, fill_texts, numbered, separator};
use super::{Conversation, Role, Timestamp, Transcript, Turn, Unparsed};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(\S.{0,60}?)[ \t\u{3000}]+(\d{4}[-/]\d{1,2}[-/]\d{1,2}[ \t]+\d{1,2}:\d{2}:\d{2})[ \t]*$",
    )
    .ok()
});

const RECEIPTS: &[&str] = &["已读", "未读", "[已读]", "[未读]"];

/// A header line: nickname and time.
fn header(line: &str) -> Option<(&str, Timestamp)> {
    let caps = HEADER.as_ref()?.captures(line)?;
    let nick = caps.get(1)?.as_str();
    // `客服：您好 2024-3-1 10:00:00` is a message that ends with a date, not a header.
    if nick.contains('：') || nick.contains(": ") {
        return None;
    }
    Some((nick, Timestamp::parse(caps.get(2)?.as_str())?))
}

/// Whether `text` is in this layout: one of its first five non-blank lines is a header,
/// and no line before it is a `speaker: text` turn (a title line may come first).
pub fn looks_like(text: &str) -> bool {
    for line in text
        .lines()
        .map(|l| l.trim_end().trim_start_matches('\u{feff}'))
        .filter(|l| !l.trim().is_empty())
        .take(5)
    {
        if header(line).is_some() {
            return true;
        }
        if line.starts_with('[') || line.contains([':', '：']) {
            return false;
        }
    }
    false
}

/// Parse the layout; `default_id` names conversations as in [`super::parse_text`].
pub fn parse_qianniu(text: &str, default_id: &str) -> Transcript {
    let mut out = Transcript::default();
    let mut current: Option<Conversation> = None;
    // The header of the message being read, until its first content line.
    let mut pending: Option<(String, Timestamp)> = None;
    for (start, raw) in super::lines(text) {
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || RECEIPTS.contains(&trimmed) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let location = start + lead..start + line.len();
        if let Some(next) = separator(line, default_id, &mut out, &mut current) {
            current = Some(next);
            pending = None;
            continue;
        }
        if let Some((nick, time)) = header(line) {
            pending = Some((nick.to_owned(), time));
            continue;
        }
        let conversation = current.get_or_insert_with(|| {
            Conversation::new(numbered(default_id, out.conversations.len() + 1))
        });
        if trimmed.ends_with("撤回了一条消息") {
            let mut turn = Turn::verbatim(
                SYSTEM_SPEAKER,
                pending.as_ref().map(|p| p.1),
                text,
                location,
            );
            turn.role = Role::System;
            conversation.turns.push(turn);
            pending = None;
            continue;
        }
        match (pending.take(), conversation.turns.last_mut()) {
            (Some((nick, time)), _) => {
                conversation
                    .turns
                    .push(Turn::verbatim(&nick, Some(time), text, location));
            }
            (None, Some(turn)) if turn.role != Role::System => {
                turn.location.end = location.end;
                // The text is taken once the turn is complete (see `fill_texts`).
            }
            _ => out.unparsed.push(Unparsed {
                location,
                reason: "not a message: expected a `nickname YYYY-M-D H:MM:SS` line above it"
                    .into(),
            }),
        }
    }
    out.conversations.extend(current);
    fill_texts(&mut out, text);
    out.conversations.retain(|c| !c.turns.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASTE: &str = "小米官方旗舰店:小林 2024-3-1 10:00:30\r\n您好，请问有什么可以帮您？\r\n已读\r\ntb_8812 2024-3-1 10:01:00\r\n在吗\r\n第二行\r\ntb_8812 撤回了一条消息\r\n";

    #[test]
    fn headers_contents_and_noise() {
        assert!(looks_like(PASTE));
        assert!(!looks_like("客服：您好 2024-3-1 10:00:00\n"));
        assert!(looks_like(
            "与tb_8812的聊天记录\n\n小王 2024-3-1 10:00:30\n您好\n"
        ));
        // A message that ends with a date and time without seconds is not a header.
        assert!(header("周五 2024-5-3 18:00").is_none());
        let t = parse_qianniu(PASTE, "q");
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
        let two = parse_qianniu(&format!("=== a\n{PASTE}=== b\n{PASTE}"), "q");
        let ids: Vec<&str> = two.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
