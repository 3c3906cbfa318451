//! Timestamps as they start or end a line, found without parsing their values.

/// The length of a timestamp at the start of `s`, and whether it has a date:
/// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`, or WhatsApp's `DD/MM/YYYY,`,
/// then a space or `T`; an optional `上午`/`下午`; `H:MM[:SS][.fff]`; an optional zone
/// (`Z`, `+08:00`) and `AM`/`PM`. The values are checked by [`crate::transcript::Timestamp::parse`].
pub(super) fn scan_stamp(s: &str) -> Option<(usize, bool)> {
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

pub(super) fn has_seconds(stamp: &str) -> bool {
    stamp.matches(':').count() >= 2
}
