//! Hand-written matchers, one per line shape: a file's lines are read by the one its first
//! lines chose, so each is tried once per line and none needs a regex.

use super::stamp::{has_seconds, scan_stamp};
use super::{HeaderShape, MAX_SPEAKER_CHARS, Stamp, Styles, TurnLine};
use crate::transcript::Role;

/// Whether a name is plausible as a speaker: short, no sentence punctuation, and not a
/// timestamp or a number (what a misread time leaves behind).
pub(super) fn plausible_speaker(name: &str) -> bool {
    if name.is_empty() || name.starts_with(['-', '—', '·', '*', '#', '>', '|']) {
        return false;
    }
    // Byte passes rather than a walk over the characters: this runs on every line. A name
    // of at most MAX_SPEAKER_CHARS bytes has at most as many characters.
    let b = name.as_bytes();
    if b.len() > MAX_SPEAKER_CHARS
        && b.iter().filter(|&&x| !is_continuation(x)).count() > MAX_SPEAKER_CHARS
    {
        return false;
    }
    let rejected = b.iter().enumerate().any(|(i, &byte)| match byte {
        b'!' | b'?' | b'"' | b'[' | b']' | b'\t' => true,
        // `，` `！` `？`
        0xEF => matches!(b.get(i + 1..i + 3), Some([0xBC, 0x8C | 0x81 | 0x9F])),
        // `。`
        0xE3 => b.get(i + 1..i + 3) == Some(&[0x80, 0x82][..]),
        // `“` `”`
        0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0x9C | 0x9D])),
        _ => false,
    });
    !rejected && !looks_like_number_or_time(name)
}

/// A byte that continues a UTF-8 character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// `20`, `2024-06-01 20`, `10:00`: digits and the punctuation of dates and times only.
pub fn looks_like_number_or_time(name: &str) -> bool {
    // Most names have no digit: one byte pass says so.
    name.bytes().any(|b| b.is_ascii_digit())
        && name.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ' ' | '-' | '/' | '.' | ':' | ',' | 'T' | '年' | '月' | '日' | '+'
                )
        })
}

/// The first `:` or `：` within `limit` bytes of `s`.
fn colon_within(s: &str, limit: usize) -> Option<usize> {
    let b = &s.as_bytes()[..s.len().min(limit)];
    // `：` is EF BC 9A; searching for its lead byte and the ASCII colon together keeps the
    // search in memchr.
    memchr::memchr2_iter(b':', 0xEF, b)
        .find(|&i| b[i] == b':' || s.as_bytes().get(i + 1..i + 3) == Some(&[0xBC, 0x9A][..]))
}

/// How far into a line a speaker's colon can be: the longest name, four bytes a
/// character, and some padding.
const SPEAKER_COLON_WITHIN: usize = 4 * MAX_SPEAKER_CHARS + 16;

/// A leading timestamp in one of `styles`: the turn, and the style it was written in.
pub(super) fn timed(line: &str, styles: Styles) -> Option<(TurnLine, Styles)> {
    for (open, close, style) in [
        ('[', ']', Styles::BRACKET),
        ('【', '】', Styles::LENTICULAR),
        ('<', '>', Styles::ANGLE),
    ] {
        if let Some(rest) = line.strip_prefix(open) {
            if !styles.has(style) {
                return None;
            }
            let inner_len = if close.is_ascii() {
                memchr::memchr(close as u8, rest.as_bytes())?
            } else {
                rest.find(close)?
            };
            let inner = &rest[..inner_len];
            let lead = inner.len() - inner.trim_start().len();
            let (len, dated) = scan_stamp(inner.trim_start())?;
            if inner.trim_start()[len..].trim().is_empty() {
                let stamp = Stamp {
                    start: open.len_utf8() + lead,
                    end: open.len_utf8() + lead + len,
                    dated,
                };
                let body = open.len_utf8() + inner_len + close.len_utf8();
                return Some((after_stamp(line, stamp, body, true), style));
            }
            return None;
        }
    }
    let (len, dated) = scan_stamp(line)?;
    let stamp = Stamp {
        start: 0,
        end: len,
        dated,
    };
    let rest = &line[len..];
    if dated && styles.has(Styles::DASH) {
        // WhatsApp writes `date, time - ` with a date; a line such as `14:00 - 16:00 之间`
        // has none and stays part of the message it continues.
        if rest.starts_with(" - ") {
            return Some((after_stamp(line, stamp, len + 3, true), Styles::DASH));
        }
    }
    let style = if dated {
        Styles::BARE
    } else {
        Styles::BARE_TIME
    };
    if !styles.has(style) || !rest.starts_with([' ', '\u{3000}']) || rest.starts_with(" - ") {
        return None;
    }
    let turn = after_stamp(line, stamp, len, false);
    // Without brackets, a line is a turn only with a speaker: `20:10 到货` is a message.
    turn.speaker.is_some().then_some((turn, style))
}

/// The speaker and text after a stamp that ends at `body`; a stamp set off clearly
/// (`system_ok`) may stand without a speaker (a platform message).
fn after_stamp(line: &str, stamp: Stamp, body: usize, system_ok: bool) -> TurnLine {
    let rest = &line[body..];
    let lead = rest.len() - rest.trim_start().len();
    let at = body + lead;
    match speaker_colon(&line[at..]).or_else(|| number_speaker(&line[at..])) {
        Some((end, text_from)) => TurnLine {
            stamp: Some(stamp),
            speaker: Some((at, at + end)),
            text_at: at + text_from,
        },
        None => TurnLine {
            stamp: Some(stamp),
            speaker: None,
            text_at: if system_ok && !line[at..].trim().is_empty() {
                at
            } else {
                line.len()
            },
        },
    }
}

/// `speaker: text` at the start of `body`: where the speaker ends and where the text
/// starts. A `店铺:名字` speaker keeps its inner ASCII colon when another colon follows
/// closely without whitespace in between.
fn speaker_colon(body: &str) -> Option<(usize, usize)> {
    let first = colon_within(body, SPEAKER_COLON_WITHIN)?;
    // `https://…` is a link, not a speaker; `9:00` is a time's colon, so what comes before
    // it (`tb_6631 2024-6-14 9`) is a header line, not a speaker.
    let b = body.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if body[first..].starts_with("://")
        || (first > 0 && digit(first - 1) && digit(first + 1) && digit(first + 2))
    {
        return None;
    }
    let sep = body[first..].chars().next().map_or(1, char::len_utf8);
    let mut end = first;
    let mut sep_len = sep;
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
            if let Some(second) = colon_within(head, head.len())
                && head[..second].chars().count() < MAX_SPEAKER_CHARS
                && !head[..second].contains(char::is_whitespace)
                && second > 0
                && crate::transcript::roles::default_role(&body[..first]) == Role::Unknown
                && !looks_like_number_or_time(&head[..second])
                && !looks_like_number_or_time(&body[..first])
            {
                end = first + 1 + second;
                sep_len = rest[second..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    let speaker = body[..end].trim_end();
    if !plausible_speaker(speaker) {
        return None;
    }
    let after = &body[end + sep_len..];
    Some((
        speaker.len(),
        end + sep_len + (after.len() - after.trim_start().len()),
    ))
}

/// `13800138000: text` after a stamp: a buyer nick of digits only (a phone or QQ number).
/// Before a stamp's end, digits and a colon are what a misread time leaves (`2024-06-01
/// 20:`), so only a whole stamp before it makes the digits a name; the roles stage then
/// says that such a name gives no role.
fn number_speaker(body: &str) -> Option<(usize, usize)> {
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if !(MIN_NUMBER_SPEAKER..=MAX_NUMBER_SPEAKER).contains(&digits) {
        return None;
    }
    let rest = &body[digits..];
    let sep = [":", "："].into_iter().find(|c| rest.starts_with(c))?;
    let after = &rest[sep.len()..];
    Some((
        digits,
        digits + sep.len() + (after.len() - after.trim_start().len()),
    ))
}

/// Digits in a buyer nick of digits only: a QQ number has five at least, a phone eleven.
const MIN_NUMBER_SPEAKER: usize = 5;
const MAX_NUMBER_SPEAKER: usize = 20;

pub(super) fn tabbed(line: &str) -> Option<TurnLine> {
    let (stamp, rest) = line.split_once('\t')?;
    let (len, dated) = scan_stamp(stamp.trim_end())?;
    if len != stamp.trim_end().len() {
        return None;
    }
    let start = stamp.len() + 1;
    let (speaker, _) = rest.split_once('\t')?;
    let speaker_t = speaker.trim();
    if !plausible_speaker(speaker_t) {
        return None;
    }
    let lead = speaker.len() - speaker.trim_start().len();
    Some(TurnLine {
        stamp: Some(Stamp {
            start: 0,
            end: len,
            dated,
        }),
        speaker: Some((start + lead, start + lead + speaker_t.len())),
        text_at: start + speaker.len() + 1,
    })
}

/// `speaker (time): text`, `speaker（time）：text`, `speaker [time]: text`; the speaker may
/// hold parentheses of its own (`小王(客服) (20:10:00): …`).
pub(super) fn speaker_paren_time(line: &str) -> Option<TurnLine> {
    for (open_at, open) in line.match_indices(['(', '（', '[']) {
        let speaker = line[..open_at].trim();
        if speaker.chars().count() > MAX_SPEAKER_CHARS {
            return None;
        }
        let inner_from = open_at + open.len();
        let close_rel = line[inner_from..].find([')', '）', ']'])?;
        let inner = &line[inner_from..inner_from + close_rel];
        let lead = inner.len() - inner.trim_start().len();
        let Some((len, dated)) = scan_stamp(inner.trim_start()) else {
            continue;
        };
        if !inner.trim_start()[len..].trim().is_empty() {
            continue;
        }
        let close_len = line[inner_from + close_rel..].chars().next()?.len_utf8();
        let colon = line[inner_from + close_rel + close_len..].trim_start();
        let sep = if colon.starts_with(':') {
            1
        } else if colon.starts_with('：') {
            3
        } else {
            return None;
        };
        if !plausible_speaker(speaker) {
            return None;
        }
        let text_from = line.len() - colon.len() + sep;
        let text_lead = line[text_from..].len() - line[text_from..].trim_start().len();
        let speaker_start = line.len() - line.trim_start().len();
        return Some(TurnLine {
            stamp: Some(Stamp {
                start: inner_from + lead,
                end: inner_from + lead + len,
                dated,
            }),
            speaker: Some((speaker_start, speaker_start + speaker.len())),
            text_at: text_from + text_lead,
        });
    }
    None
}

/// `speaker time: text`: the first space followed by a timestamp and a colon.
pub(super) fn speaker_time(line: &str) -> Option<TurnLine> {
    for (at, _) in line.match_indices([' ', '\u{3000}']) {
        let name = line[..at].trim();
        if name.chars().count() > MAX_SPEAKER_CHARS {
            return None;
        }
        let from = at + line[at..].chars().next().map_or(1, char::len_utf8);
        let rest = &line[from..];
        let Some((len, dated)) = scan_stamp(rest) else {
            continue;
        };
        let tail = rest[len..].trim_start();
        let sep = if tail.starts_with(':') {
            1
        } else if tail.starts_with('：') {
            3
        } else {
            continue;
        };
        if !plausible_speaker(name) {
            return None;
        }
        let text_from = line.len() - tail.len() + sep;
        let text_lead = line[text_from..].len() - line[text_from..].trim_start().len();
        return Some(TurnLine {
            stamp: Some(Stamp {
                start: from,
                end: from + len,
                dated,
            }),
            speaker: Some((0, name.len())),
            text_at: text_from + text_lead,
        });
    }
    None
}

/// A header line: `speaker time` or `time speaker` and nothing else.
pub(super) fn header(line: &str, shape: HeaderShape) -> Option<TurnLine> {
    let line_t = line.trim_end();
    let (stamp, name, name_at) = if shape.time_first {
        let (len, dated) = scan_stamp(line_t)?;
        let rest = &line_t[len..];
        if !rest.starts_with([' ', '\t', '\u{3000}']) {
            return None;
        }
        let name = rest.trim_start();
        (
            Stamp {
                start: 0,
                end: len,
                dated,
            },
            name,
            line_t.len() - name.len(),
        )
    } else {
        let mut found = None;
        for (at, _) in line_t.match_indices([' ', '\t', '\u{3000}']) {
            let from = at + line_t[at..].chars().next().map_or(1, char::len_utf8);
            let rest = line_t[from..].trim_start();
            let from = line_t.len() - rest.len();
            if let Some((len, dated)) = scan_stamp(rest)
                && len == rest.len()
            {
                found = Some((
                    Stamp {
                        start: from,
                        end: from + len,
                        dated,
                    },
                    line_t[..at].trim_end(),
                    0,
                ));
                break;
            }
        }
        found?
    };
    if (shape.seconds && !has_seconds(&line_t[stamp.start..stamp.end]))
        || (shape.dated && !stamp.dated)
    {
        return None;
    }
    // `客服：您好 2024-3-1 10:00:00` is a message that ends with a date, not a header.
    if name.contains('：') || name.contains(": ") || !plausible_speaker(name) {
        return None;
    }
    Some(TurnLine {
        stamp: Some(stamp),
        speaker: Some((name_at, name_at + name.len())),
        text_at: line.len(),
    })
}

pub(super) fn untimed(line: &str) -> Option<TurnLine> {
    let lead = line.len() - line.trim_start().len();
    let body = &line[lead..];
    if scan_stamp(body).is_some() {
        return None;
    }
    let (end, text_from) = speaker_colon(body)?;
    Some(TurnLine {
        stamp: None,
        speaker: Some((lead, lead + end)),
        text_at: lead + text_from,
    })
}

pub(super) fn speaker_dash(line: &str) -> Option<TurnLine> {
    let at = line.find(" - ")?;
    let name = line[..at].trim();
    if !plausible_speaker(name) || name.contains([':', '：']) || scan_stamp(name).is_some() {
        return None;
    }
    let lead = line.len() - line.trim_start().len();
    let text = &line[at + 3..];
    Some(TurnLine {
        stamp: None,
        speaker: Some((lead, lead + name.len())),
        text_at: at + 3 + (text.len() - text.trim_start().len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The speaker and text of a turn line, as written.
    fn read(line: &str, turn: Option<TurnLine>) -> Option<(&str, &str, &str)> {
        let t = turn?;
        Some((
            t.stamp.map_or("", |s| &line[s.start..s.end]),
            t.speaker.map_or("", |(a, b)| &line[a..b]),
            &line[t.text_at..],
        ))
    }

    #[test]
    fn speakers_are_never_numbers_or_times() {
        for name in [
            "20",
            "2024-06-01 20",
            "10:00",
            "2024年6月1日",
            "12 34",
            "+86 138",
        ] {
            assert!(looks_like_number_or_time(name), "{name}");
            assert!(!plausible_speaker(name), "{name}");
        }
        for name in [
            "客服小王",
            "tb_6631",
            "人工坐席007",
            "【客服】小王",
            "小王（客服）",
            "Agent 7",
        ] {
            assert!(plausible_speaker(name), "{name}");
        }
        assert!(!plausible_speaker("请注意，时间是"));
        assert!(!plausible_speaker(&"长".repeat(MAX_SPEAKER_CHARS + 1)));
    }

    #[test]
    fn a_nick_of_digits_is_a_speaker_only_after_a_whole_stamp() {
        let styles = Styles::BRACKET.with(Styles::BARE);
        let (turn, _) = timed("[2024-07-22 14:29:54] 13800138000: 在吗", styles).expect("a turn");
        let line = "[2024-07-22 14:29:54] 13800138000: 在吗";
        let (a, b) = turn.speaker.expect("a speaker");
        assert_eq!(&line[a..b], "13800138000");
        assert_eq!(&line[turn.text_at..], "在吗");
        let bare = "2024-06-01 20:10:00 13800138000：到了吗";
        let (turn, _) = timed(bare, styles).expect("a turn");
        let (a, b) = turn.speaker.expect("a speaker");
        assert_eq!(&bare[a..b], "13800138000");
        // Four digits are a year or a time, not a nick; without a stamp nothing changes.
        let (turn, _) = timed("[2024-07-22 14:29:54] 2024: 年货节", styles).expect("a turn");
        assert_eq!(turn.speaker, None);
        assert_eq!(speaker_colon("13800138000: 在吗"), None);
    }

    #[test]
    fn speaker_colons() {
        let line = "小米旗舰店:小林: 您好";
        assert_eq!(
            speaker_colon(line),
            Some(("小米旗舰店:小林".len(), line.len() - "您好".len()))
        );
        // A role word before the colon is the speaker, even when a colon follows.
        assert_eq!(
            speaker_colon("客服:您好:请问").map(|(e, _)| e),
            Some("客服".len())
        );
        assert_eq!(speaker_colon("https://kuaidi100.com/x"), None);
        assert_eq!(speaker_colon("tb_6631 2024-6-14 9:00"), None);
        assert_eq!(
            speaker_colon("客服007：00后的客户"),
            Some(("客服007".len(), "客服007：".len()))
        );
        assert_eq!(speaker_colon("没有冒号"), None);
    }

    #[test]
    fn timed_lines_in_every_style() {
        let all = Styles(u8::MAX);
        for (line, want, style) in [
            (
                "[2024-06-01 20:10:00] 顾客: 在吗",
                ("2024-06-01 20:10:00", "顾客", "在吗"),
                Styles::BRACKET,
            ),
            (
                "2024-06-01 20:10:00 顾客: 在吗",
                ("2024-06-01 20:10:00", "顾客", "在吗"),
                Styles::BARE,
            ),
            (
                "【2024-06-01 20:10:00】顾客：在吗",
                ("2024-06-01 20:10:00", "顾客", "在吗"),
                Styles::LENTICULAR,
            ),
            (
                "<20:10:05> 小王: 您好",
                ("20:10:05", "小王", "您好"),
                Styles::ANGLE,
            ),
            (
                "20:10 【客服】小王：您好",
                ("20:10", "【客服】小王", "您好"),
                Styles::BARE_TIME,
            ),
            (
                "01/06/2024, 20:10 - Alice: hi",
                ("01/06/2024, 20:10", "Alice", "hi"),
                Styles::DASH,
            ),
        ] {
            let got = timed(line, all);
            assert_eq!(got.map(|(_, s)| s), Some(style), "{line}");
            assert_eq!(read(line, got.map(|(t, _)| t)), Some(want), "{line}");
        }
        // A bracketed, dated time without a speaker is the platform's own message.
        let notice = "[2024-06-01 20:10:00] 对方已撤回一条消息";
        assert_eq!(
            read(notice, timed(notice, all).map(|(t, _)| t)),
            Some(("2024-06-01 20:10:00", "", "对方已撤回一条消息"))
        );
        // Without brackets, a time needs a speaker after it to start a turn.
        for line in [
            "20:30 到货",
            "14:00 - 16:00 之间",
            "2024-06-01 20:10:00 备注 明天发货",
        ] {
            assert_eq!(timed(line, all), None, "{line}");
        }
        // Only the styles a file was found to use are read.
        assert_eq!(timed("20:10 顾客: 在吗", Styles::BARE), None);
    }

    #[test]
    fn tabbed_and_speaker_first_lines() {
        let line = "2024-06-01 20:10:00\t顾客\t在吗";
        assert_eq!(
            read(line, tabbed(line)),
            Some(("2024-06-01 20:10:00", "顾客", "在吗"))
        );
        assert_eq!(tabbed("订单\t顾客\t在吗"), None);
        for (line, want) in [
            (
                "顾客 (2024-06-01 20:10): 在吗",
                ("2024-06-01 20:10", "顾客", "在吗"),
            ),
            ("顾客（20:10:00）：在吗", ("20:10:00", "顾客", "在吗")),
            (
                "小王(客服) (20:10:00): 您好",
                ("20:10:00", "小王(客服)", "您好"),
            ),
        ] {
            assert_eq!(read(line, speaker_paren_time(line)), Some(want), "{line}");
        }
        assert_eq!(
            speaker_paren_time("发货了(预计 20:10): 请查收，谢谢！"),
            None
        );
        let line = "客服小王 20:10:00: 您好";
        assert_eq!(
            read(line, speaker_time(line)),
            Some(("20:10:00", "客服小王", "您好"))
        );
        assert_eq!(speaker_time("预计 20:10 到货"), None);
        let line = "客服 - 您好";
        assert_eq!(read(line, speaker_dash(line)), Some(("", "客服", "您好")));
        assert_eq!(speaker_dash("14:00 - 16:00 之间"), None);
        let line = "小王（客服）：您好";
        assert_eq!(
            read(line, untimed(line)),
            Some(("", "小王（客服）", "您好"))
        );
        assert_eq!(untimed("20:10 顾客: 在吗"), None);
    }

    #[test]
    fn header_lines() {
        let any = HeaderShape {
            time_first: false,
            seconds: false,
            dated: false,
        };
        for (line, want) in [
            ("tb_6631 2024-6-14 9:00", ("2024-6-14 9:00", "tb_6631")),
            (
                "小米旗舰店:小林 2024-3-1 10:00:30",
                ("2024-3-1 10:00:30", "小米旗舰店:小林"),
            ),
            (
                "【客服】小王 2024-06-01 20:10:00",
                ("2024-06-01 20:10:00", "【客服】小王"),
            ),
            ("小王(客服) 20:10:00", ("20:10:00", "小王(客服)")),
        ] {
            assert_eq!(
                read(line, header(line, any)),
                Some((want.0, want.1, "")),
                "{line}"
            );
        }
        let first = HeaderShape {
            time_first: true,
            ..any
        };
        let line = "2024-06-01 20:10:00 客服小王";
        assert_eq!(
            read(line, header(line, first)),
            Some(("2024-06-01 20:10:00", "客服小王", ""))
        );
        // Message lines that end with a time.
        assert_eq!(header("客服：您好 2024-3-1 10:00:00", any), None);
        assert_eq!(
            header(
                "周五 2024-5-3 18:00",
                HeaderShape {
                    seconds: true,
                    ..any
                }
            ),
            None
        );
        assert_eq!(
            header("截止 18:00:00", HeaderShape { dated: true, ..any }),
            None
        );
        assert_eq!(
            header(
                "20:30 到货",
                HeaderShape {
                    dated: true,
                    ..first
                }
            ),
            None
        );
    }
}
