//! Numbers that are personal data: mobile numbers, ID numbers (GB 11643) and bank cards
//! (Luhn), as written in chats: grouped, with a country code, in full-width digits.

use super::{DataKind, Strictness};
use std::ops::Range;

/// Words before a number that name it an order, a parcel or a record, not a card.
const ORDER_CONTEXT: &[&str] = &[
    "订单",
    "单号",
    "运单",
    "快递",
    "物流",
    "编号",
    "工单",
    "流水",
    "交易号",
    "批次",
    "序列号",
    "条码",
    "这笔",
    "单子",
    "这单",
    "售后单",
    "退款单",
    "退货单",
    "发票号",
    "order",
    "tracking",
    "sn",
    "no",
];

/// Bank card issuers' prefixes (UnionPay, Visa, Mastercard, American Express, JCB,
/// Discover) and the lengths their numbers have.
fn card_issuer(digits: &str) -> bool {
    let len = digits.len();
    let prefix = |p: &str| digits.starts_with(p);
    let two: u32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
    let four: u32 = digits.get(..4).and_then(|d| d.parse().ok()).unwrap_or(0);
    (prefix("62") && (16..=19).contains(&len))
        || (prefix("4") && (len == 16 || len == 19))
        || ((51..=55).contains(&two) && len == 16)
        || ((2221..=2720).contains(&four) && len == 16)
        || ((prefix("34") || prefix("37")) && len == 15)
        || (prefix("35") && len == 16)
        || ((prefix("6011") || prefix("65")) && len == 16)
}

/// The Luhn check of a card number.
pub(super) fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// The GB 11643 check character of the first 17 digits of an ID number.
pub(super) fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (d, w) in first17.bytes().zip(WEIGHTS) {
        if !d.is_ascii_digit() {
            return None;
        }
        sum += u32::from(d - b'0') * w;
    }
    Some(char::from(CHECK[(sum % 11) as usize]))
}

/// Whether 18 characters have the shape of an ID number: a region, a date of birth
/// (1900–2099), a sequence and, when `check` is set, the right check character.
fn id_number(id: &str, check: bool) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: Range<usize>| id[r].parse::<u32>().unwrap_or(0);
    let (region, year, month, day) = (num(0..2), num(6..10), num(10..12), num(12..14));
    let shape = (11..=82).contains(&region)
        && (1900..=2099).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day);
    shape && (!check || id_check_char(&id[..17]) == Some(b[17].to_ascii_uppercase() as char))
}

/// Runs of digits, with single spaces or dashes between groups (`138 1234 5678`), a `+`
/// or country code in front and an ID number's final `x` allowed; a run next to a letter
/// is a code (`SF1234567890123`), not a number. Runs written with other separators
/// (`186.0000.1234`, `186*0000*1234`, `6225,8801,…`, `(187)4692-0573`, a line break) are
/// numbers too when they look written as one (`Run::is_one_number`), and eleven or more
/// Chinese numerals in a row (`一八六零零零零一二三四`, `幺八六…`) are read as digits.
pub(super) fn numbers(
    f: &str,
    strictness: Strictness,
    out: &mut Vec<(Range<usize>, DataKind, String)>,
) {
    let bytes = f.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let opened = f[..start].ends_with('(');
        let mut run = Run::scan(f, start, true, opened);
        if !run.is_one_number() {
            run = Run::scan(f, start, false, false);
        }
        let Run {
            mut digits,
            mut end,
            closed,
            ..
        } = run;
        if digits.len() == 17 && matches!(bytes.get(end), Some(b'x')) {
            digits.push('x');
            end += 1;
        }
        i = end.max(start + 1);
        let letter_before = f[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '*');
        let letter_after = f[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '*');
        if letter_before || letter_after {
            continue;
        }
        let opening = usize::from(closed);
        let plus = start > opening && bytes[start - opening - 1] == b'+';
        let span_start = start - opening - usize::from(plus);
        // `+1 415 555 0199` is an American number, not a mainland mobile: after a `+`, only
        // China's country code makes one.
        if plus && !digits.starts_with("86") {
            continue;
        }
        let after: String = f[end..].chars().take(8).collect();
        if let Some((kind, value)) = classify(&digits, &f[..span_start], &after, strictness) {
            out.push((span_start..end, kind, value));
        }
    }
    chinese_numerals(f, strictness, out);
}

/// A run of digit groups and what separated them.
struct Run {
    digits: String,
    /// Byte just after the last digit.
    end: usize,
    /// Digits in each group.
    groups: Vec<usize>,
    /// The separators other than a space or a dash that the run holds.
    marks: Vec<char>,
    /// The first group was closed by `)` after an opening `(` (`(187)4692-0573`).
    closed: bool,
}

impl Run {
    /// The run of digits from `start`; with `marks`, other separators than a single space
    /// or dash join groups too (`opened`: a `(` comes just before).
    fn scan(f: &str, start: usize, marks: bool, opened: bool) -> Run {
        let bytes = f.as_bytes();
        let mut run = Run {
            digits: String::new(),
            end: start,
            groups: vec![0],
            marks: Vec::new(),
            closed: false,
        };
        let mut j = start;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                run.digits.push(b as char);
                if let Some(last) = run.groups.last_mut() {
                    *last += 1;
                }
                j += 1;
                run.end = j;
                continue;
            }
            let digit_at = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
            let mark = if !marks {
                None
            } else if b == b')' && opened && run.groups.len() == 1 {
                run.closed = true;
                Some((
                    ')',
                    if bytes.get(j + 1) == Some(&b' ') {
                        2
                    } else {
                        1
                    },
                ))
            } else {
                f[j..]
                    .chars()
                    .next()
                    .filter(|c| MARKS.contains(c))
                    .map(|c| (c, c.len_utf8()))
                    .or_else(|| f[j..].starts_with("\r\n").then_some(('\n', 2)))
            };
            if (b == b' ' || b == b'-') && digit_at(j + 1) && j > start {
                j += 1;
                run.groups.push(0);
            } else if let Some((c, len)) = mark.filter(|&(_, len)| digit_at(j + len)) {
                if c != ')' {
                    run.marks.push(c);
                }
                j += len;
                run.groups.push(0);
            } else {
                break;
            }
        }
        run
    }

    /// Whether the other separators join one number, not a list (`199, 299, 39`, an ID
    /// and a mobile after it): one kind of them, and three to eight digits in every group,
    /// as numbers are grouped (3-4-4, 4-4-4-4, 6-8-4).
    fn is_one_number(&self) -> bool {
        let one_kind = self.marks.windows(2).all(|w| w[0] == w[1]);
        let groups = self.groups.iter().all(|&g| (3..=8).contains(&g));
        (self.marks.is_empty() && !self.closed) || (one_kind && groups)
    }
}

/// Separators a number may be written with besides a space or a dash (full-width forms are
/// folded to these).
const MARKS: &[char] = &['.', '*', '/', ',', '、', '\n'];

/// Chinese numerals in a row that make a number (a mobile has eleven digits).
pub(super) const NUMERAL_RUN: usize = 11;

/// Whether `c` is a Chinese numeral, simplified or traditional.
pub(super) fn is_numeral(c: char) -> bool {
    numeral(c).is_some() || matches!(c, '貳' | '兩' | '陸')
}

/// Chinese numerals as digits (the folded text is simplified, so `貳` is `贰`).
fn numeral(c: char) -> Option<char> {
    Some(match c {
        '零' | '〇' | '洞' => '0',
        '一' | '幺' | '壹' => '1',
        '二' | '两' | '贰' => '2',
        '三' | '叁' => '3',
        '四' | '肆' => '4',
        '五' | '伍' => '5',
        '六' | '陆' => '6',
        '七' | '柒' | '拐' => '7',
        '八' | '捌' => '8',
        '九' | '玖' | '勾' => '9',
        _ => return None,
    })
}

/// Eleven or more Chinese numerals in a row (single spaces or dashes between), read as a
/// number: a phone spelt out to slip past a filter. Shorter runs are words (一条, 三五个).
fn chinese_numerals(
    f: &str,
    strictness: Strictness,
    out: &mut Vec<(Range<usize>, DataKind, String)>,
) {
    let mut chars = f.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(first) = numeral(c) else { continue };
        let mut digits = String::from(first);
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if let Some(d) = numeral(next) {
                digits.push(d);
                end = at + next.len_utf8();
                chars.next();
            } else if matches!(next, ' ' | '-')
                && f[at + 1..].chars().next().and_then(numeral).is_some()
            {
                chars.next();
            } else {
                break;
            }
        }
        if digits.len() < NUMERAL_RUN {
            continue;
        }
        let after: String = f[end..].chars().take(8).collect();
        if let Some((kind, value)) = classify(&digits, &f[..start], &after, strictness) {
            out.push((start..end, kind, value));
        }
    }
}

fn classify(
    digits: &str,
    before: &str,
    after: &str,
    strictness: Strictness,
) -> Option<(DataKind, String)> {
    let mobile =
        |d: &str| d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
    for prefix in ["", "86", "0086"] {
        if let Some(rest) = digits.strip_prefix(prefix)
            && mobile(rest)
        {
            return Some((DataKind::Mobile, rest.to_owned()));
        }
    }
    let strict = strictness == Strictness::Finding;
    if id_number(digits, strict) {
        return Some((DataKind::IdNumber, digits.to_ascii_uppercase()));
    }
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    if all_digits && (15..=19).contains(&digits.len()) && luhn(digits) && card_issuer(digits) {
        // What precedes the number on its line, as far back as a few words.
        let context: String = before
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // The order word may follow the number too (`6222…这笔订单`).
        let ordered = ORDER_CONTEXT
            .iter()
            .any(|w| context.contains(w) || after.contains(w));
        if !strict || !ordered {
            return Some((DataKind::BankCard, digits.to_owned()));
        }
    }
    None
}
