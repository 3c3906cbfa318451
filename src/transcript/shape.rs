//! The line shapes of plain-text transcripts, and which one a file is written in.
//!
//! Exports write a turn in many ways: `[time] speaker: text`, the same without brackets,
//! `【time】speaker：text`, `time<TAB>speaker<TAB>text`, `speaker (time): text`, or a header
//! line `speaker time` with the message on the lines below it (千牛, 咚咚, 飞鸽, 企业微信, QQ).
//! A time's own colons make every shape ambiguous with `speaker: text` when read line by
//! line (`2024-06-01 20:10:00 顾客: …` would be speaker `2024-06-01 20`), so the shape is
//! decided once from the first lines of a file, by votes, and every line is then read in that
//! shape: one odd line cannot change how the rest is read.

use super::Role;
use std::fmt::Write as _;

/// Speakers longer than this are not speakers but a sentence with a colon in it.
pub(super) const MAX_SPEAKER_CHARS: usize = 40;
/// How many non-blank lines decide a file's shape.
const VOTING_LINES: usize = 50;

/// How a turn line is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineShape {
    /// A leading timestamp in one of the `styles`, then `speaker: text`.
    Timed(Styles),
    /// `time<TAB>speaker<TAB>text`.
    Tabbed,
    /// `speaker (time): text`, also with full-width parentheses or brackets.
    SpeakerParenTime,
    /// `speaker time: text`.
    SpeakerTime,
    /// A header line `speaker time` (or `time speaker`), the message on the lines below.
    Header(HeaderShape),
    /// `speaker: text` without times.
    Untimed,
    /// `speaker - text` without times.
    SpeakerDash,
}

/// What the header lines of a file look like, so that a message line that happens to end
/// with a time is not taken for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderShape {
    pub time_first: bool,
    /// The headers of the first lines all had seconds: only such lines are headers.
    pub seconds: bool,
}

/// The ways a leading timestamp is set off, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Styles(u8);

impl Styles {
    pub const BRACKET: Styles = Styles(1);
    pub const LENTICULAR: Styles = Styles(2);
    pub const ANGLE: Styles = Styles(4);
    /// A date and a time, then a space.
    pub const BARE: Styles = Styles(8);
    /// A time of day alone, then a space (`20:10 顾客: …`).
    pub const BARE_TIME: Styles = Styles(16);
    /// WhatsApp's `date, time - `.
    pub const DASH: Styles = Styles(32);

    fn has(self, s: Styles) -> bool {
        self.0 & s.0 != 0
    }

    fn with(self, s: Styles) -> Styles {
        Styles(self.0 | s.0)
    }
}

/// A timestamp found in a line: its byte range and whether it holds a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub start: usize,
    pub end: usize,
    pub dated: bool,
}

/// A line that starts a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TurnLine {
    pub stamp: Option<Stamp>,
    /// Byte range of the speaker; `None` for a timestamped platform message.
    pub speaker: Option<(usize, usize)>,
    /// Byte offset where the message text starts.
    pub text_at: usize,
}

impl LineShape {
    /// The shape of a file, from its first non-blank lines that are not separators.
    pub fn detect<'a>(lines: impl Iterator<Item = &'a str>) -> LineShape {
        let mut votes = [0usize; 7];
        let mut styles = Styles::default();
        let mut headers = [0usize; 2];
        let mut headers_without_seconds = 0;
        for line in lines.filter(|l| !l.trim().is_empty()).take(VOTING_LINES) {
            let line = visible(line);
            if let Some((turn, style)) = timed(line, Styles(u8::MAX)) {
                // A timestamp of the platform's own (no speaker) counts for its style only
                // with a date, so `14:00 - 16:00 之间` does not vote.
                if turn.speaker.is_some() || turn.stamp.is_some_and(|s| s.dated) {
                    votes[0] += 1;
                    styles = styles.with(style);
                }
            }
            if tabbed(line).is_some() {
                votes[1] += 1;
            }
            if speaker_paren_time(line).is_some() {
                votes[2] += 1;
            }
            if speaker_time(line).is_some() {
                votes[3] += 1;
            }
            for time_first in [false, true] {
                if let Some(h) = header(
                    line,
                    HeaderShape {
                        time_first,
                        seconds: false,
                    },
                ) {
                    votes[4] += 1;
                    headers[usize::from(time_first)] += 1;
                    if !has_seconds(
                        &line[h.stamp.map_or(0, |s| s.start)..h.stamp.map_or(0, |s| s.end)],
                    ) {
                        headers_without_seconds += 1;
                    }
                }
            }
            if untimed(line).is_some() {
                votes[5] += 1;
            }
            if speaker_dash(line).is_some() {
                votes[6] += 1;
            }
        }
        // Ties go to the more specific shape, in this order.
        let best = (0..votes.len())
            .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
            .filter(|&i| votes[i] > 0)
            .unwrap_or(5);
        match best {
            0 => LineShape::Timed(styles),
            1 => LineShape::Tabbed,
            2 => LineShape::SpeakerParenTime,
            3 => LineShape::SpeakerTime,
            4 => LineShape::Header(HeaderShape {
                time_first: headers[1] > headers[0],
                // Exports write every header alike; a few without seconds among many with
                // them are message lines that end with a time.
                seconds: votes[4] >= 3 * headers_without_seconds,
            }),
            6 => LineShape::SpeakerDash,
            _ => LineShape::Untimed,
        }
    }

    /// Whether turns of this shape carry a timestamp: then only lines with one start turns.
    pub fn timed(self) -> bool {
        !matches!(self, LineShape::Untimed | LineShape::SpeakerDash)
    }

    /// Read `line` as the start of a turn in this shape (offsets into `line`).
    pub fn turn(self, line: &str) -> Option<TurnLine> {
        let skip = line.len() - visible(line).len();
        let line = &line[skip..];
        let turn = match self {
            LineShape::Timed(styles) => timed(line, styles).map(|(t, _)| t),
            LineShape::Tabbed => tabbed(line),
            LineShape::SpeakerParenTime => speaker_paren_time(line),
            LineShape::SpeakerTime => speaker_time(line),
            LineShape::Header(h) => header(line, h),
            LineShape::Untimed => untimed(line),
            LineShape::SpeakerDash => speaker_dash(line),
        }?;
        let shift = |r: (usize, usize)| (r.0 + skip, r.1 + skip);
        Some(TurnLine {
            stamp: turn.stamp.map(|s| Stamp {
                start: s.start + skip,
                end: s.end + skip,
                ..s
            }),
            speaker: turn.speaker.map(shift),
            text_at: turn.text_at + skip,
        })
    }

    /// How the shape is written, for `-v` and `inspect`.
    pub fn describe(self) -> String {
        match self {
            LineShape::Timed(styles) => {
                let mut out = String::new();
                for (style, text) in [
                    (Styles::BRACKET, "`[time] speaker: text`"),
                    (
                        Styles::BARE,
                        "`date time speaker: text` (time without brackets)",
                    ),
                    (
                        Styles::BARE_TIME,
                        "`time speaker: text` (time of day without brackets)",
                    ),
                    (Styles::LENTICULAR, "`【time】speaker: text`"),
                    (Styles::ANGLE, "`<time> speaker: text`"),
                    (Styles::DASH, "`date, time - speaker: text` (WhatsApp)"),
                ] {
                    if styles.has(style) {
                        if !out.is_empty() {
                            out.push_str(" or ");
                        }
                        out.push_str(text);
                    }
                }
                out
            }
            LineShape::Tabbed => "`time<TAB>speaker<TAB>text`".into(),
            LineShape::SpeakerParenTime => "`speaker (time): text`".into(),
            LineShape::SpeakerTime => "`speaker time: text`".into(),
            LineShape::Header(h) => {
                let mut out = String::from(if h.time_first {
                    "header lines `time speaker`"
                } else {
                    "header lines `speaker time`"
                });
                let _ = write!(
                    out,
                    "{}, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
                    if h.seconds { " with seconds" } else { "" }
                );
                out
            }
            LineShape::Untimed => "`speaker: text` (no times)".into(),
            LineShape::SpeakerDash => "`speaker - text` (no times)".into(),
        }
    }
}

/// Invisible marks some exports put before a line (WhatsApp on iOS writes U+200E).
fn visible(line: &str) -> &str {
    line.trim_start_matches([
        '\u{200e}', '\u{200f}', '\u{feff}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{2066}',
        '\u{2067}', '\u{2068}', '\u{2069}',
    ])
}

/// The length of a timestamp at the start of `s`, and whether it has a date:
/// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`, or WhatsApp's `DD/MM/YYYY,`,
/// then a space or `T`; an optional `上午`/`下午`; `H:MM[:SS][.fff]`; an optional zone
/// (`Z`, `+08:00`) and `AM`/`PM`. The values are checked by [`super::Timestamp::parse`].
pub fn scan_stamp(s: &str) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, min: usize, max: usize| -> bool {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start >= min
    };
    let mut dated = false;
    let date_start = i;
    if digits(&mut i, 4, 4) {
        // Year first.
        let sep = |i: &mut usize| -> Option<&'static str> {
            for sep in ["-", "/", ".", "年", "月"] {
                if s[*i..].starts_with(sep) {
                    *i += sep.len();
                    return Some(sep);
                }
            }
            None
        };
        if sep(&mut i).is_some()
            && digits(&mut i, 1, 2)
            && sep(&mut i).is_some()
            && digits(&mut i, 1, 2)
        {
            if s[i..].starts_with('日') {
                i += '日'.len_utf8();
            }
            dated = true;
        } else {
            i = date_start;
        }
    } else {
        i = date_start;
        let mut j = i;
        if digits(&mut j, 1, 2)
            && b.get(j) == Some(&b'/')
            && {
                j += 1;
                digits(&mut j, 1, 2)
            }
            && b.get(j) == Some(&b'/')
            && {
                j += 1;
                digits(&mut j, 4, 4)
            }
        {
            i = j;
            if b.get(i) == Some(&b',') {
                i += 1;
            }
            dated = true;
        }
    }
    if dated {
        let before = i;
        while i < b.len() && (b[i] == b' ' || b[i] == b'T') {
            i += 1;
        }
        if i == before && !s[..i].ends_with('日') {
            return None;
        }
    }
    for half in ["上午", "下午", "凌晨", "晚上"] {
        if s[i..].starts_with(half) {
            i += half.len();
            break;
        }
    }
    if !digits(&mut i, 1, 2) || b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    if !digits(&mut i, 2, 2) {
        return None;
    }
    if b.get(i) == Some(&b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        if !digits(&mut i, 2, 2) {
            return None;
        }
        if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            digits(&mut i, 1, 9);
        }
    }
    if b.get(i) == Some(&b'Z') {
        i += 1;
    } else if matches!(b.get(i), Some(b'+' | b'-')) && dated {
        let mut j = i + 1;
        if digits(&mut j, 2, 2) {
            if b.get(j) == Some(&b':') {
                j += 1;
            }
            if digits(&mut j, 2, 2) {
                i = j;
            }
        }
    }
    let mut j = i;
    while b.get(j) == Some(&b' ') {
        j += 1;
    }
    if let Some(ampm) = s.get(j..j + 2)
        && ["AM", "PM", "am", "pm"].contains(&ampm)
        && !b.get(j + 2).is_some_and(u8::is_ascii_alphanumeric)
    {
        i = j + 2;
    }
    Some((i, dated))
}

fn has_seconds(stamp: &str) -> bool {
    stamp.matches(':').count() >= 2
}

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
fn timed(line: &str, styles: Styles) -> Option<(TurnLine, Styles)> {
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
                && super::roles::default_role(&body[..first]) == Role::Unknown
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

fn tabbed(line: &str) -> Option<TurnLine> {
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
fn speaker_paren_time(line: &str) -> Option<TurnLine> {
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
fn speaker_time(line: &str) -> Option<TurnLine> {
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
fn header(line: &str, shape: HeaderShape) -> Option<TurnLine> {
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

fn untimed(line: &str) -> Option<TurnLine> {
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

fn speaker_dash(line: &str) -> Option<TurnLine> {
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
