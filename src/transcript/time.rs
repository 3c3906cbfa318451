//! Timestamps as written in exports: `2024-03-01 10:00:00`, `2024/3/1 10:00`, `10:00:00`,
//! WhatsApp's day-first `01/03/2024, 10:00:30`, ISO 8601 and epoch numbers.

use std::fmt;

/// Seconds since 1970-01-01 00:00:00 in the transcript's own (unstated) time zone, or seconds
/// since midnight when the export gives only a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parse `YYYY-MM-DD HH:MM[:SS]` (also `/` or `.` between date parts, `YYYY年M月D日`,
    /// `T` before the time, one-digit months, days and hours, fractions, `AM`/`PM`,
    /// `上午`/`下午`), the day-first `DD/MM/YYYY, HH:MM[:SS]` of WhatsApp exports, a bare
    /// `HH:MM[:SS]`, or a number of seconds since the epoch (milliseconds when it is too
    /// large to be seconds). A zone offset (`Z`, `+08:00`) converts the time to UTC; a time
    /// without one is taken as written.
    pub fn parse(s: &str) -> Option<Timestamp> {
        // The commonest form first, before any trimming: this runs on every line.
        if let Some(t) = Timestamp::parse_iso_seconds(s) {
            return Some(t);
        }
        let mut s = s.trim();
        // A zone named after the time is dropped, the time taken as written (`CST` is China's
        // and America's Central time alike).
        for zone in ["CST", "UTC", "GMT", "北京时间"] {
            if let Some(rest) = s.strip_suffix(zone) {
                s = rest.trim_end();
                break;
            }
        }
        if let Some(t) = Timestamp::parse_iso_seconds(s) {
            return Some(t);
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            let secs: f64 = s.parse().ok()?;
            return Some(Timestamp::from_epoch(secs as i64));
        }
        let normalized;
        let s = if s.contains(['年', '月', '日']) {
            normalized = s
                .replace(['年', '月'], "-")
                .replace("日 ", " ")
                .replace('日', " ");
            normalized.trim()
        } else {
            s
        };
        let (s, offset) = split_zone(s);
        // `10:02 AM` is a time of day alone: its space does not start a clock.
        let date_less = !s.contains(['-', '/', '.', 'T']);
        let (date, clock) = match s.split_once([' ', 'T']) {
            _ if date_less && s.contains(':') => (None, s),
            Some((d, t)) => (Some(d), t.trim()),
            None if s.contains(':') => (None, s),
            None => return None,
        };
        let secs = parse_clock(clock)?;
        let days = match date {
            Some(d) => {
                let d = d.trim_end_matches(',');
                let mut parts = d.split(['-', '/', '.']);
                let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
                let (y, m, d): (i64, u32, u32) = if first.len() == 4 {
                    (
                        first.parse().ok()?,
                        second.parse().ok()?,
                        third.parse().ok()?,
                    )
                } else if third.len() == 4 {
                    (
                        third.parse().ok()?,
                        second.parse().ok()?,
                        first.parse().ok()?,
                    )
                } else {
                    return None;
                };
                if parts.next().is_some()
                    || !(1..=12).contains(&m)
                    || d < 1
                    || d > days_in_month(y, m)
                {
                    return None;
                }
                days_from_civil(y, m, d)
            }
            None => 0,
        };
        Some(Timestamp(days * 86_400 + secs - offset))
    }
}

/// Split a trailing zone offset (`+08:00`, `+0800`, `-05:00`) off an ISO 8601 time; the
/// offset is in seconds east of UTC. `Z` is left to the clock parser (offset 0).
fn split_zone(s: &str) -> (&str, i64) {
    let Some(t) = s.rfind('T').or_else(|| s.rfind(' ')) else {
        return (s, 0);
    };
    let clock = &s[t..];
    let Some(at) = clock.rfind(['+', '-']) else {
        return (s, 0);
    };
    let zone = &clock[at + 1..];
    let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
    let valid = (digits.len() == 4 || digits.len() == 2)
        && zone.chars().all(|c| c.is_ascii_digit() || c == ':');
    if !valid {
        return (s, 0);
    }
    let hours: i64 = digits[..2].parse().unwrap_or(0);
    let minutes: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    let sign = if clock[at..].starts_with('-') { -1 } else { 1 };
    (&s[..t + at], sign * (hours * 3600 + minutes * 60))
}

impl Timestamp {
    /// The shape nearly every export writes, `YYYY-MM-DD HH:MM:SS`, read without the general
    /// parser (it is on every line of a transcript).
    fn parse_iso_seconds(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            b[r].iter().try_fold(0i64, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
            })
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&m)
            || d < 1
            || d > i64::from(days_in_month(y, m as u32))
            || h > 23
            || min > 59
            || sec > 60
        {
            return None;
        }
        let days = days_from_civil(y, m as u32, d as u32);
        Some(Timestamp(days * 86_400 + h * 3600 + min * 60 + sec))
    }

    /// Seconds or milliseconds since the epoch, told apart by size: a count of seconds
    /// above 10^11 would be after the year 5000.
    pub fn from_epoch(n: i64) -> Timestamp {
        Timestamp(if n.abs() > 100_000_000_000 {
            n / 1000
        } else {
            n
        })
    }

    /// Milliseconds since an arbitrary start (the offsets of hotline ASR exports).
    pub fn from_millis(n: i64) -> Timestamp {
        Timestamp(n / 1000)
    }
}

fn parse_clock(t: &str) -> Option<i64> {
    // Drop fractional seconds and a trailing zone marker, which exports sometimes add.
    let t = t.trim().trim_end_matches('Z');
    // 12-hour clocks: `10:01:00 PM`, `下午3:05`.
    let (t, pm) = if let Some(rest) = t.strip_suffix("PM").or_else(|| t.strip_suffix("pm")) {
        (rest.trim_end(), Some(true))
    } else if let Some(rest) = t.strip_suffix("AM").or_else(|| t.strip_suffix("am")) {
        (rest.trim_end(), Some(false))
    } else if let Some(rest) = t.strip_prefix("下午").or_else(|| t.strip_prefix("晚上")) {
        (rest.trim_start(), Some(true))
    } else if let Some(rest) = t.strip_prefix("上午").or_else(|| t.strip_prefix("凌晨")) {
        (rest.trim_start(), Some(false))
    } else {
        (t, None)
    };
    let t = t.split('.').next()?;
    let mut parts = t.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let s: i64 = match parts.next() {
        Some(p) => p.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let h = match pm {
        Some(_) if h > 12 => return None,
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    Some(h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
/// The days of month `m` (1–12) of year `y`: `2024-02-30` is not a date, not March 1st.
fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        write!(
            f,
            "{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// The civil date of a day number since 1970-01-01 (the inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Timestamp {
    /// A date alone (`2024-06-01`, `2024/6/1`, `2024年6月1日`): days since 1970-01-01.
    pub fn parse_date(s: &str) -> Option<i64> {
        let t = Timestamp::parse(&format!("{} 00:00:00", s.trim().trim_end_matches('日')))?;
        (t.0.rem_euclid(86_400) == 0).then(|| t.0.div_euclid(86_400))
    }

    /// `YYYY-MM-DD HH:MM:SS`, or the time of day alone when the export gave no date (a
    /// value within the first days after the epoch is a time of day, possibly past midnight).
    pub fn full(self) -> String {
        const DAYS_OF_TIME_ONLY: i64 = 366;
        let days = self.0.div_euclid(86_400);
        if (0..DAYS_OF_TIME_ONLY).contains(&days) {
            return self.to_string();
        }
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02} {self}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_shapes() {
        let a = Timestamp::parse("2024-03-01 10:00:00").unwrap();
        let b = Timestamp::parse("2024/3/1 10:04:30").unwrap();
        assert_eq!(b.0 - a.0, 270);
        assert_eq!(Timestamp::parse("1970-01-02 00:00").unwrap().0, 86_400);
        assert_eq!(Timestamp::parse("2024-03-01T10:00:00Z"), Some(a));
        assert_eq!(Timestamp::parse("10:00:05").unwrap().0, 36_005);
        assert_eq!(a.to_string(), "10:00:00");
        assert_eq!(a.full(), "2024-03-01 10:00:00");
        for impossible in [
            "2024-02-30 10:00:00",
            "2023-02-29 10:00",
            "2024-04-31 10:00:00",
        ] {
            assert_eq!(Timestamp::parse(impossible), None, "{impossible}");
        }
        assert!(Timestamp::parse("2024-02-29 10:00:00").is_some());
        assert_eq!(Timestamp::parse("10:02 AM").unwrap().0, 36_120);
        assert_eq!(Timestamp::parse("2024-03-01 10:00:00 CST"), Some(a));
        assert_eq!(Timestamp::parse("12:01 PM").unwrap().0, 43_260);
        assert_eq!(
            Timestamp::parse("2000-02-29 23:59:59").unwrap().full(),
            "2000-02-29 23:59:59"
        );
        assert_eq!(Timestamp::parse("10:00:05").unwrap().full(), "10:00:05");
        assert_eq!(Timestamp::parse("01/03/2024, 10:00:00"), Some(a));
        assert_eq!(Timestamp::parse("2024-3-1 10:00:00"), Some(a));
        assert_eq!(Timestamp::parse("1709287200"), Some(a));
        assert_eq!(Timestamp::parse("1709287200000"), Some(a));
        assert_eq!(Timestamp::parse("1709287200.5"), Some(a));
        assert_eq!(Timestamp::parse("2024年3月1日 10:00:00"), Some(a));
        assert_eq!(Timestamp::parse("2024-03-01T18:00:00+08:00"), Some(a));
        assert_eq!(Timestamp::parse("2024-03-01T05:00:00-0500"), Some(a));
        assert_eq!(Timestamp::parse("2024-03-01T10:00:00.000Z"), Some(a));
        assert_eq!(Timestamp::parse("01/03/2024, 10:00:00 AM"), Some(a));
        assert_eq!(
            Timestamp::parse("2024/3/1 下午3:00").map(|t| t.0 - a.0),
            Some(5 * 3600)
        );
        assert_eq!(
            Timestamp::parse("2024-03-01 12:30 AM").map(|t| t.0 - a.0),
            Some(-9 * 3600 - 1800)
        );
    }

    #[test]
    fn rejects_non_times() {
        for s in [
            "",
            "客服",
            "2024-13-01 10:00:00",
            "25:00",
            "2024-03-01",
            "a:b",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
    }
}
