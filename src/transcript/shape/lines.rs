//! Hand-written matchers, one per line shape: a file's lines are read by the one its first
//! lines chose, so each is tried once per line and none needs a regex.

use super::stamp::{has_seconds, scan_stamp};
use super::{HeaderShape, MAX_SPEAKER_CHARS, Stamp, Styles, TurnLine};
use crate::transcript::Role;

/// Whether a name is plausible as a speaker: short, no sentence punctuation, and not a
/// timestamp or a number (what a misread time leaves behind).
pub(super) fn plausible_speaker(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_SPEAKER_CHARS
        && !name.starts_with(['-', '—', '·', '*', '#', '>', '|'])
        && !name.chars().any(|c| {
            matches!(
                c,
                '，' | '。' | '！' | '？' | '!' | '?' | '"' | '“' | '”' | '[' | ']' | '\t'
            )
        })
        && !looks_like_number_or_time(name)
}

/// `20`, `2024-06-01 20`, `10:00`: digits and the punctuation of dates and times only.
pub fn looks_like_number_or_time(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_digit())
        && name.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ' ' | '-' | '/' | '.' | ':' | ',' | 'T' | '年' | '月' | '日' | '+'
                )
        })
}

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
            let inner_len = rest.find(close)?;
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
    match speaker_colon(&line[at..]) {
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
    let first = body.find([':', '：'])?;
    // `https://…` is a link, not a speaker.
    if body[first..].starts_with("://") {
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
            if let Some(second) = head.find([':', '：'])
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

/// `speaker (time): text`, `speaker（time）：text`, `speaker [time]: text`.
pub(super) fn speaker_paren_time(line: &str) -> Option<TurnLine> {
    let open_at = line.find(['(', '（', '['])?;
    let open_len = line[open_at..].chars().next()?.len_utf8();
    let inner_from = open_at + open_len;
    let close_rel = line[inner_from..].find([')', '）', ']'])?;
    let inner = &line[inner_from..inner_from + close_rel];
    let lead = inner.len() - inner.trim_start().len();
    let (len, dated) = scan_stamp(inner.trim_start())?;
    if !inner.trim_start()[len..].trim().is_empty() {
        return None;
    }
    let close_len = line[inner_from + close_rel..].chars().next()?.len_utf8();
    let after = &line[inner_from + close_rel + close_len..];
    let colon = after.trim_start();
    let sep = colon
        .strip_prefix(':')
        .map(|_| 1)
        .or(colon.strip_prefix('：').map(|_| 3))?;
    let speaker = line[..open_at].trim();
    if !plausible_speaker(speaker) {
        return None;
    }
    let text_from = line.len() - colon.len() + sep;
    let text_lead = line[text_from..].len() - line[text_from..].trim_start().len();
    let speaker_start = line.len() - line.trim_start().len();
    Some(TurnLine {
        stamp: Some(Stamp {
            start: inner_from + lead,
            end: inner_from + lead + len,
            dated,
        }),
        speaker: Some((speaker_start, speaker_start + speaker.len())),
        text_at: text_from + text_lead,
    })
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
    if shape.seconds && !has_seconds(&line_t[stamp.start..stamp.end]) {
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
