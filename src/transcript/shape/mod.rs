//! The line shapes of plain-text transcripts, and which one a file is written in.
//!
//! Exports write a turn in many ways: `[time] speaker: text`, the same without brackets,
//! `【time】speaker：text`, `time<TAB>speaker<TAB>text`, `speaker (time): text`, or a header
//! line `speaker time` with the message on the lines below it (千牛, 咚咚, 飞鸽, 企业微信, QQ).
//! A time's own colons make every shape ambiguous with `speaker: text` when read line by
//! line (`2024-06-01 20:10:00 顾客: …` would be speaker `2024-06-01 20`), so the shape is
//! decided once from the first lines of a file, by votes, and every line is then read in that
//! shape: one odd line cannot change how the rest is read.

mod lines;
mod stamp;

pub use lines::looks_like_number_or_time;

use lines::{header, speaker_dash, speaker_paren_time, speaker_time, tabbed, timed, untimed};
use stamp::has_seconds;
use std::fmt::Write as _;

/// Speakers longer than this are not speakers but a sentence with a colon in it.
const MAX_SPEAKER_CHARS: usize = 40;
/// How many non-blank lines decide a file's shape.
pub(super) const VOTING_LINES: usize = 50;

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
    /// The headers of the first lines nearly all had seconds: only such lines are headers.
    pub seconds: bool,
    /// The headers of the first lines nearly all had a date: only such lines are headers.
    pub dated: bool,
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

    /// The styles a file uses, from the votes of its first lines (indexed by bit). Styles
    /// come in families: WhatsApp's bracketed and dashed times (its notices may be written
    /// either way), bare dates and bare times of day (exports that date only a day's first
    /// message), and each other bracket alone. A family is used when it has a quarter of
    /// the votes of the most used one, and two votes unless it is the most used, so that
    /// one odd line cannot add its own; in it, every style seen is used but a bare time of
    /// day, which needs a quarter of the family's votes, since that is what a message line
    /// looks like (`20:30 送达：请签收`).
    fn used(votes: &[usize; 6]) -> Styles {
        let [bracket, lenticular, angle, bare, bare_time, dash] = *votes;
        let families = [
            (bracket + dash, Styles::BRACKET.with(Styles::DASH)),
            (lenticular, Styles::LENTICULAR),
            (angle, Styles::ANGLE),
            (bare + bare_time, Styles::BARE.with(Styles::BARE_TIME)),
        ];
        let top = families.iter().map(|f| f.0).max().unwrap_or(0);
        let mut styles = Styles::default();
        for (n, family) in families {
            if n == 0 || 4 * n < top || (n < 2 && n < top) {
                continue;
            }
            for (i, &count) in votes.iter().enumerate() {
                let style = Styles(1 << i);
                let enough = if style == Styles::BARE_TIME {
                    4 * count >= n
                } else {
                    count > 0
                };
                if family.has(style) && enough {
                    styles = styles.with(style);
                }
            }
        }
        styles
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
        let mut style_votes = [0usize; 6];
        let mut headers = [0usize; 2];
        let mut headers_without_seconds = 0;
        let mut headers_without_date = 0;
        for line in lines.filter(|l| !l.trim().is_empty()).take(VOTING_LINES) {
            let line = visible(line);
            if let Some((turn, style)) = timed(line, Styles(u8::MAX)) {
                // A timestamp of the platform's own (no speaker) counts for its style only
                // with a date, so `14:00 - 16:00 之间` does not vote.
                if turn.speaker.is_some() || turn.stamp.is_some_and(|s| s.dated) {
                    votes[0] += 1;
                    style_votes[style.0.trailing_zeros() as usize] += 1;
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
                        dated: false,
                    },
                ) {
                    votes[4] += 1;
                    headers[usize::from(time_first)] += 1;
                    if !has_seconds(
                        &line[h.stamp.map_or(0, |s| s.start)..h.stamp.map_or(0, |s| s.end)],
                    ) {
                        headers_without_seconds += 1;
                    }
                    if !h.stamp.is_some_and(|s| s.dated) {
                        headers_without_date += 1;
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
            0 => LineShape::Timed(Styles::used(&style_votes)),
            1 => LineShape::Tabbed,
            2 => LineShape::SpeakerParenTime,
            3 => LineShape::SpeakerTime,
            4 => LineShape::Header(HeaderShape {
                time_first: headers[1] > headers[0],
                // Exports write every header alike; a few without seconds among many with
                // them are message lines that end with a time.
                seconds: votes[4] >= 3 * headers_without_seconds,
                // Likewise a time of day without a date (`20:30 到货`) among dated headers.
                dated: votes[4] >= 3 * headers_without_date,
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
                    match (h.dated, h.seconds) {
                        (true, true) => " with dates and seconds",
                        (true, false) => " with dates",
                        (false, true) => " with seconds",
                        (false, false) => "",
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> LineShape {
        LineShape::detect(text.lines())
    }

    #[test]
    fn a_file_votes_for_its_shape() {
        assert_eq!(
            shape("2024-06-01 20:10:00 顾客: 在吗\n2024-06-01 20:10:30 客服小王: 您好\n"),
            LineShape::Timed(Styles::BARE)
        );
        assert_eq!(
            shape("[2024-06-01 20:10:00] 顾客: 在吗\n[20:10:30] 客服小王: 您好\n"),
            LineShape::Timed(Styles::BRACKET)
        );
        assert_eq!(
            shape("2024-06-01 20:10:00\t顾客\t在吗\n"),
            LineShape::Tabbed
        );
        assert_eq!(shape("顾客 (20:10): 在吗\n"), LineShape::SpeakerParenTime);
        assert_eq!(shape("顾客 20:10:00: 在吗\n"), LineShape::SpeakerTime);
        assert_eq!(shape("顾客：在吗\n客服：您好\n"), LineShape::Untimed);
        assert_eq!(shape("顾客 - 在吗\n客服 - 您好\n"), LineShape::SpeakerDash);
        assert_eq!(shape(""), LineShape::Untimed);
        assert_eq!(
            shape("tb_6631 2024-6-14 9:00\n在吗\n旗舰店:小林 2024-6-14 9:01\n您好：请问\n"),
            LineShape::Header(HeaderShape {
                time_first: false,
                seconds: false,
                dated: true,
            })
        );
        assert_eq!(
            shape("2024-06-01 20:10:00 客服小王\n您好\n2024-06-01 20:11:00 顾客\n在吗\n"),
            LineShape::Header(HeaderShape {
                time_first: true,
                seconds: true,
                dated: true,
            })
        );
    }

    #[test]
    fn one_odd_line_does_not_add_its_way_of_writing_the_time() {
        let bracketed = "[2024-06-01 20:10:00] 顾客: 在吗\n[2024-06-01 20:10:30] 客服小王: 您好\n";
        let odd = format!("{bracketed}2024-06-01 20:10 订单: 12345\n");
        assert_eq!(shape(&odd), LineShape::Timed(Styles::BRACKET));
        let mut mixed = String::new();
        for _ in 0..5 {
            mixed.push_str(bracketed);
            mixed.push_str("2024-06-01 20:11:00 顾客: 好\n");
        }
        assert_eq!(
            shape(&mixed),
            LineShape::Timed(Styles::BRACKET.with(Styles::BARE))
        );
        // A day's first line dated, the others times of day.
        let day = "2024-06-01 23:58:00 顾客: 在吗\n00:01:00 客服小王: 您好\n00:02:00 顾客: 好\n20:30 到货\n";
        assert_eq!(
            shape(day),
            LineShape::Timed(Styles::BARE.with(Styles::BARE_TIME))
        );
        let dated = "2024-06-01 20:10:00 顾客: 在吗\n2024-06-01 20:11:00 客服小王: 您好\n20:30 送达：请签收\n2024-06-01 20:12:00 顾客: 好\n2024-06-01 20:13:00 客服小王: 好的\n";
        assert_eq!(shape(dated), LineShape::Timed(Styles::BARE));
    }

    #[test]
    fn one_odd_line_does_not_change_the_shape() {
        // Message lines with colons, a time range and a URL are outvoted by the turns.
        let text = "2024-06-01 20:10:00 顾客: 几点送？\n2024-06-01 20:10:30 客服小王: 您好\n备注：明天发货\n14:00 - 16:00 之间\n详见 https://kuaidi100.com/x\n2024-06-01 20:11:00 顾客: 好\n";
        let shape = shape(text);
        assert_eq!(shape, LineShape::Timed(Styles::BARE));
        let starts: Vec<&str> = text
            .lines()
            .filter_map(|l| shape.turn(l).and_then(|t| t.speaker).map(|(a, b)| &l[a..b]))
            .collect();
        assert_eq!(starts, ["顾客", "客服小王", "顾客"]);
    }

    #[test]
    fn offsets_skip_invisible_marks() {
        let line = "\u{200e}[01/06/2024, 20:10:00] Alice: hi";
        let turn = shape(line).turn(line).map(|t| (t.speaker, t.text_at));
        let at = line.find("Alice").unwrap_or_default();
        assert_eq!(turn, Some((Some((at, at + 5)), line.len() - 2)));
    }

    #[test]
    fn descriptions_name_the_shape() {
        assert_eq!(
            LineShape::Timed(Styles::BARE.with(Styles::BARE_TIME)).describe(),
            "`date time speaker: text` (time without brackets) or `time speaker: text` (time of day without brackets)"
        );
        assert_eq!(
            LineShape::Header(HeaderShape {
                time_first: true,
                seconds: false,
                dated: true,
            })
            .describe(),
            "header lines `time speaker` with dates, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)"
        );
    }
}
