//! Timestamps as written in exports: `2024-03-01 10:00:00`, `2024/3/1 10:00`, `10:00:00`,
//! WhatsApp's day-first `01/03/2024, 10:00:30`, ISO 8601 and epoch numbers.

use std::fmt;

/// Seconds since 1970-01-01 00:00:00 in the transcript's own (unstated) time zone, or seconds
/// since midnight when the export gives only a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parse `YYYY-MM-DD HH:MM[:SS]` (also `/` or `.` between date parts, `T` before the
    /// time, one-digit months, days and hours), the day-first `DD/MM/YYYY, HH:MM[:SS]` of
    /// WhatsApp exports, a bare `HH:MM[:SS]`, or a number of seconds since the epoch
    /// (milliseconds when it is too large to be seconds).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse::<i64>().ok().map(Timestamp::from_epoch);
        }
        let (date, clock) = match s.split_once([' ', 'T']) {
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
                if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return None;
                }
                days_from_civil(y, m, d)
            }
            None => 0,
        };
        Some(Timestamp(days * 86_400 + secs))
    }
}

impl Timestamp {
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
    let t = t.trim_end_matches('Z');
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
    Some(h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
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
        assert_eq!(Timestamp::parse("01/03/2024, 10:00:00"), Some(a));
        assert_eq!(Timestamp::parse("2024-3-1 10:00:00"), Some(a));
        assert_eq!(Timestamp::parse("1709287200"), Some(a));
        assert_eq!(Timestamp::parse("1709287200000"), Some(a));
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
