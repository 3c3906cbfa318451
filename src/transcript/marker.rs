//! The inline suppression of a canned reply, as written:
//!
//! ```text
//! # replylint: allow(taboo.make-wait, standard.) 活动话术，已审核
//! ```
//!
//! or, in a TOML library, the fields `allow = ["taboo.make-wait"]` and `reason = "…"`.

use std::ops::Range;

/// A marker as read: the suppression, or the span of one that could not be read.
pub type Marker = Result<Suppression, Range<usize>>;

/// Rules suppressed on one canned reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Each rule id or prefix (`taboo.`), with its span in the decoded file.
    pub rules: Vec<(String, Range<usize>)>,
    /// Why, as written (a reason is recommended, not required).
    pub reason: Option<String>,
}

/// The suppression in `comment`, a comment found at byte `at` of the file that starts with
/// `#` (or a full-width `＃`); `None` when it is an ordinary comment. The marker word is
/// matched without regard to case, and full-width `：`, `（` and `）` are taken as typed
/// on a Chinese keyboard. A marker that cannot be read (no `allow(`, no closing
/// parenthesis, no rule) is an error with its span.
pub fn parse_comment(comment: &str, at: usize) -> Option<Marker> {
    let mut rest = comment
        .strip_prefix('#')
        .or_else(|| comment.strip_prefix('＃'))?;
    let mut offset = at + (comment.len() - rest.len());
    let skip = |rest: &mut &str, offset: &mut usize, n: usize| {
        *rest = &rest[n..];
        *offset += n;
    };
    let spaces = rest.len() - rest.trim_start().len();
    skip(&mut rest, &mut offset, spaces);
    let word = "replylint";
    if !rest.get(..word.len())?.eq_ignore_ascii_case(word) {
        return None;
    }
    skip(&mut rest, &mut offset, word.len());
    let colon = rest.chars().next().filter(|c| matches!(c, ':' | '：'))?;
    skip(&mut rest, &mut offset, colon.len_utf8());
    let whole = at..at + comment.trim_end().len();
    let spaces = rest.len() - rest.trim_start().len();
    skip(&mut rest, &mut offset, spaces);
    if !rest
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("allow"))
    {
        return Some(Err(whole));
    }
    skip(&mut rest, &mut offset, 5);
    let Some(open) = rest.chars().next().filter(|c| matches!(c, '(' | '（')) else {
        return Some(Err(whole));
    };
    skip(&mut rest, &mut offset, open.len_utf8());
    let Some(close) = rest.find([')', '）']) else {
        return Some(Err(whole));
    };
    let mut rules = Vec::new();
    let mut start = 0;
    for part in rest[..close].split([',', '，', '、']) {
        let lead = part.len() - part.trim_start().len();
        let id = part.trim();
        if !id.is_empty() {
            let from = offset + start + lead;
            rules.push((id.to_owned(), from..from + id.len()));
        }
        start += part.len()
            + rest[start + part.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    if rules.is_empty() {
        return Some(Err(whole));
    }
    let after = &rest[close..];
    let reason = after.chars().next().map_or("", |c| &after[c.len_utf8()..]);
    Some(Ok(suppression(rules, reason)))
}

/// The suppression of `rules`, with the reason written after them (a leading `:` or `-`
/// dropped).
fn suppression(rules: Vec<(String, Range<usize>)>, written: &str) -> Suppression {
    let reason = written
        .trim()
        .trim_start_matches([':', '-', '—', '：'])
        .trim();
    Suppression {
        rules,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
    }
}

/// The suppression in a CSV cell (a `replylint` or `豁免规则` column): rule ids or prefixes
/// separated by commas, spaces or `、`, then the reason (`taboo.make-wait 活动话术`); the
/// marker form `allow(…) reason` is read too. `map` places the cell's characters in the
/// file. `None` for an empty cell.
pub fn parse_cell(
    cell: &str,
    map: &crate::transcript::TextMap,
) -> Option<Result<Suppression, Range<usize>>> {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lead = cell.len() - cell.trim_start().len();
    let body = trimmed
        .strip_prefix("allow(")
        .map(|rest| rest.replacen(')', " ", 1))
        .unwrap_or_else(|| trimmed.to_owned());
    let shift = lead + if trimmed.starts_with("allow(") { 6 } else { 0 };
    let id_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let mut rules = Vec::new();
    let mut at = 0;
    loop {
        let rest = &body[at..];
        let skipped = rest.len() - rest.trim_start_matches([' ', ',', '、', '，', ';']).len();
        at += skipped;
        let id_len = body[at..]
            .find(|c: char| !id_char(c))
            .unwrap_or(body.len() - at);
        if id_len == 0 || !body[at..at + id_len].contains(|c: char| c.is_ascii_lowercase()) {
            break;
        }
        let span = map.file_range(shift + at..shift + at + id_len);
        rules.push((body[at..at + id_len].to_owned(), span));
        at += id_len;
    }
    if rules.is_empty() {
        return Some(Err(map.file_range(lead..lead + trimmed.len())));
    }
    Some(Ok(suppression(rules, &body[at..])))
}

/// Where a trailing `# replylint:` comment starts in `line`, if it has one: a `#` (or
/// `＃`) after whitespace, so that `参加#replylint…#话题` stays part of the reply.
pub fn trailing_comment(line: &str) -> Option<usize> {
    line.char_indices()
        .filter(|&(i, c)| {
            matches!(c, '#' | '＃') && i > 0 && line[..i].ends_with(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .find(|&i| parse_comment(&line[i..], 0).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_with_exact_spans() {
        let text = "# replylint: allow(taboo.make-wait, standard.) 活动话术，已审核";
        let s = parse_comment(text, 100).expect("a marker").expect("valid");
        assert_eq!(s.reason.as_deref(), Some("活动话术，已审核"));
        let ids: Vec<&str> = s.rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["taboo.make-wait", "standard."]);
        let (_, span) = &s.rules[1];
        assert_eq!(&text[span.start - 100..span.end - 100], "standard.");
        assert!(parse_comment("# 售后话术", 0).is_none());
        assert_eq!(
            parse_comment("#replylint: allow taboo.x", 5),
            Some(Err(5..30))
        );
        assert!(matches!(
            parse_comment("# replylint: allow()", 0),
            Some(Err(_))
        ));
        assert_eq!(trailing_comment("请您稍等 # replylint: allow(x)"), Some(13));
        assert_eq!(trailing_comment("#活动# 满减"), None);
        assert_eq!(
            trailing_comment("参加#replylint: allow(x)#话题 催什么催"),
            None
        );
        let wide = "＃ REPLYLINT：allow（taboo.make-wait，taboo.）活动";
        let s = parse_comment(wide, 0).expect("a marker").expect("valid");
        let ids: Vec<&str> = s.rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["taboo.make-wait", "taboo."]);
        assert_eq!(&wide[s.rules[1].1.clone()], "taboo.");
        assert_eq!(s.reason.as_deref(), Some("活动"));
    }
}
