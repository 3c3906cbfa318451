//! Timestamps as they start or end a line, found without parsing their values.

/// Whether `b` starts with `YYYY-MM-DD HH:MM:SS` (or a `T` between the date and time).
fn is_iso_seconds(b: &[u8]) -> bool {
    const DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b' ' | b'T')
        && b[13] == b':'
        && b[16] == b':'
        && DIGITS.iter().all(|&i| b[i].is_ascii_digit())
}

/// The length of a timestamp at the start of `s`, and whether it has a date:
/// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`, or WhatsApp's `DD/MM/YYYY,`,
/// then a space or `T`; an optional `上午`/`下午`; `H:MM[:SS][.fff]`; an optional zone
/// (`Z`, `+08:00`) and `AM`/`PM`. The values are checked by [`crate::transcript::Timestamp::parse`].
pub(super) fn scan_stamp(s: &str) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    // `2024-06-01 20:10:00` followed by nothing more of a stamp (a fraction, a zone,
    // AM/PM, all of which start with one of these bytes): most stamps, read at a glance.
    if is_iso_seconds(b)
        && !matches!(
            b.get(19),
            Some(b'.' | b',' | b'Z' | b'+' | b'-' | b' ' | b'A' | b'P' | b'a' | b'p')
        )
    {
        return Some((19, true));
    }
    scan_any_stamp(s)
}

/// [`scan_stamp`] without the shortcut for the commonest form.
fn scan_any_stamp(s: &str) -> Option<(usize, bool)> {
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
    // A zone named after the time (`20:10:00 CST`, `UTC`, `北京时间`) belongs to the stamp,
    // not to the speaker; the time is taken as written.
    let mut j = i;
    while b.get(j) == Some(&b' ') {
        j += 1;
    }
    for zone in ["CST", "UTC", "GMT", "北京时间"] {
        if s[j..].starts_with(zone)
            && !b.get(j + zone.len()).is_some_and(u8::is_ascii_alphanumeric)
            && j > i
        {
            i = j + zone.len();
            break;
        }
    }
    Some((i, dated))
}

pub(super) fn has_seconds(stamp: &str) -> bool {
    stamp.matches(':').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(s: &str) -> Option<(&str, bool)> {
        scan_stamp(s).map(|(len, dated)| (&s[..len], dated))
    }

    #[test]
    fn stamps_as_exports_write_them() {
        for (line, want, dated) in [
            (
                "2024-06-01 20:10:00 顾客: 在吗",
                "2024-06-01 20:10:00",
                true,
            ),
            ("2024/6/1 9:05 小王", "2024/6/1 9:05", true),
            (
                "2024.06.01 20:10:00.250 顾客",
                "2024.06.01 20:10:00.250",
                true,
            ),
            ("2024年6月1日 20:10:00 顾客", "2024年6月1日 20:10:00", true),
            ("2024年6月1日20:10 顾客", "2024年6月1日20:10", true),
            ("2024-06-01T20:10:00Z 顾客", "2024-06-01T20:10:00Z", true),
            (
                "2024-06-01T20:10:00+08:00 顾客",
                "2024-06-01T20:10:00+08:00",
                true,
            ),
            ("01/06/2024, 20:10 - Alice: hi", "01/06/2024, 20:10", true),
            ("2024/3/1 下午3:05 顾客", "2024/3/1 下午3:05", true),
            (
                "01/03/2024, 10:00:00 AM Bob",
                "01/03/2024, 10:00:00 AM",
                true,
            ),
            ("20:10 顾客: 在吗", "20:10", false),
            ("23:58:07 顾客", "23:58:07", false),
            // The values are checked later: the shape is still a timestamp's.
            ("2024-13-45 25:61:00 顾客", "2024-13-45 25:61:00", true),
        ] {
            assert_eq!(stamp(line), Some((want, dated)), "{line}");
        }
    }

    #[test]
    fn the_shortcut_reads_as_the_general_scan_does() {
        for end in [
            "",
            "]",
            "] 顾客",
            " 顾客: 在吗",
            "AM x",
            "PM",
            "am",
            " PM 顾客",
            " CST 顾客",
            "CST",
            " 北京时间",
            ".250",
            ",5",
            "Z",
            "+08:00",
            "-05:00",
            "9",
            "x",
            "\t顾客",
        ] {
            for start in [
                "2024-06-01 20:10:00",
                "2024-06-01T20:10:00",
                "2024-13-45 25:61:00",
            ] {
                let line = format!("{start}{end}");
                assert_eq!(scan_stamp(&line), scan_any_stamp(&line), "{line}");
            }
        }
    }

    #[test]
    fn text_that_is_not_a_stamp() {
        for line in [
            "顾客: 20:10 到吗",
            "2024-06-01 顾客",
            "2024-06-01",
            "12345 订单",
            "1:2 比分",
            "20:1 之间",
            "2024-06-0120:10 x",
            "",
        ] {
            assert_eq!(stamp(line), None, "{line}");
        }
        // A time range's first time is a stamp; the shapes decide what follows it.
        assert_eq!(stamp("14:00 - 16:00 之间"), Some(("14:00", false)));
        assert!(has_seconds("20:10:00") && !has_seconds("2024-6-14 9:00"));
    }
}
