//! Canned-reply libraries (快捷短语): replies an agent sends with a shortcut.
//!
//! Each reply is checked alone, as one agent message; rules about the course of a
//! conversation do not apply. Libraries come as TOML, CSV (see [`super::csv`]) or plain text.
//!
//! ```toml
//! [[reply]]
//! group = "售后"
//! shortcut = "/wait"
//! text = "请您稍等，我马上为您查询。"
//! ```

use super::{Conversation, Role, TextMap, TextMapBuilder, Transcript, Turn, Unparsed};
use super::{Marker, Suppression, parse_comment, trailing_comment};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

fn canned(id: String, speaker: &str, turn: Turn) -> Conversation {
    let mut c = Conversation::new(id);
    c.canned = true;
    c.turns.push(Turn {
        speaker: speaker.to_owned(),
        role: Role::Agent,
        ..turn
    });
    c
}

/// A plain-text library: one reply per non-blank line. A line that is `#` or starts with
/// `# ` is a comment; `#活动# …` is a reply. A comment `# replylint: allow(…) reason` on
/// the lines above a reply, or at the end of its line, suppresses rules on it.
pub fn parse_canned_lines(text: &str, path: &str) -> Transcript {
    let mut out = Transcript::default();
    let mut offset = 0;
    let mut pending: Vec<Marker> = Vec::new();
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if (line.starts_with('#') || line.starts_with('＃'))
            && let Some(marker) = parse_comment(line, start + lead)
        {
            pending.push(marker);
            continue;
        }
        if line.is_empty() || line == "#" || line.starts_with("# ") {
            continue;
        }
        let mut markers = std::mem::take(&mut pending);
        let reply = match trailing_comment(line) {
            Some(at) => {
                markers.extend(parse_comment(&line[at..], start + lead + at));
                line[..at].trim_end()
            }
            None => line,
        };
        let turn = Turn::verbatim(
            "canned",
            None,
            text,
            start + lead..start + lead + reply.len(),
        );
        let mut reply = canned(format!("{path}:{}", n + 1), "canned", turn);
        reply.markers = markers;
        out.conversations.push(reply);
    }
    // Markers after the last reply are its own: reported if they hide nothing, not lost.
    if let Some(last) = out.conversations.last_mut() {
        last.markers.append(&mut pending);
    }
    out
}

/// The `# replylint:` comments of each `[[reply]]` table, by the table's place in the
/// file: the comments on the lines above its header (blank lines allowed) and those inside
/// it (on lines of their own or after a value), up to the comment block above the next
/// header; comments after the last table are its own.
fn toml_comment_markers(file: &str) -> Vec<Vec<Marker>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in file.split_inclusive('\n') {
        lines.push((offset, raw));
        offset += raw.len();
    }
    let is_header = |raw: &str| raw.trim_start().starts_with("[[reply]]");
    let is_comment_or_blank = |raw: &str| {
        let t = raw.trim();
        t.is_empty() || t.starts_with('#')
    };
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| is_header(lines[i].1))
        .collect();
    // The first line of the comment block just above line `i`.
    let block_above = |i: usize| {
        let mut first = i;
        while first > 0 && is_comment_or_blank(lines[first - 1].1) {
            first -= 1;
        }
        first
    };
    let markers_in = |from: usize, to: usize| -> Vec<Marker> {
        let mut found = Vec::new();
        for &(at, raw) in &lines[from..to] {
            let line = raw.trim_end_matches(['\n', '\r']);
            let lead = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            if trimmed.starts_with('#') || trimmed.starts_with('＃') {
                found.extend(parse_comment(trimmed, at + lead));
            } else if let Some(i) = trailing_comment(line) {
                found.extend(parse_comment(&line[i..], at + i));
            }
        }
        found
    };
    let mut out = Vec::new();
    for (n, &header) in headers.iter().enumerate() {
        // The block above the first header may follow other content: only the block counts.
        let from = block_above(header);
        let to = match headers.get(n + 1) {
            Some(&next) => block_above(next),
            None => lines.len(),
        };
        let mut markers = markers_in(from, header);
        markers.extend(markers_in(header + 1, to.max(header + 1)));
        out.push(markers);
    }
    out
}

/// The suppressions of a reply table's `allow = [...]` and `reason` fields.
fn toml_field_markers(table: &DeTable<'_>) -> Option<Marker> {
    let allow = table.get("allow")?;
    let reason = match table.get("reason").map(|v| v.get_ref()) {
        Some(DeValue::String(r)) => Some(r.to_string()),
        _ => None,
    };
    let DeValue::Array(items) = allow.get_ref() else {
        return Some(Err(allow.span()));
    };
    let rules: Vec<(String, Range<usize>)> = items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::String(id) => {
                let span = item.span();
                // The id inside its quotes.
                let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
                Some((id.to_string(), inner))
            }
            _ => None,
        })
        .collect();
    Some(if rules.len() == items.len() && !rules.is_empty() {
        Ok(Suppression { rules, reason })
    } else {
        Err(allow.span())
    })
}

/// Where a TOML string's characters are: exact for literal strings and basic strings
/// without escapes; for a string with escapes, each character maps to the whole string.
fn string_map(file: &str, span: Range<usize>, value: &str) -> (Range<usize>, Option<TextMap>) {
    let raw = file.get(span.clone()).unwrap_or_default();
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let mut body = span.start + quote..span.end.saturating_sub(quote).max(span.start + quote);
    if quote == 3 {
        let inner = file.get(body.clone()).unwrap_or_default();
        body.start += if inner.starts_with("\r\n") {
            2
        } else {
            usize::from(inner.starts_with('\n'))
        };
    }
    if file.get(body.clone()) == Some(value) {
        return (body, None);
    }
    let mut b = TextMapBuilder::default();
    for c in value.chars() {
        b.escaped(c, body.clone());
    }
    (body, Some(b.finish().1))
}

/// A TOML library of `[[reply]]` tables; `None` when the file is not one (a rule pack, a
/// configuration).
pub fn parse_canned_toml(text: &str, path: &str) -> Option<Result<Transcript, String>> {
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(err) => {
            return text
                .contains("[[reply]]")
                .then(|| Err(format!("not valid TOML: {}", err.message())));
        }
    };
    let replies = doc.get_ref().get("reply")?;
    let DeValue::Array(items) = replies.get_ref() else {
        return Some(Err("`reply` must be an array of tables `[[reply]]`".into()));
    };
    let mut out = Transcript::default();
    let comments = toml_comment_markers(text);
    for (n, item) in items.iter().enumerate() {
        let location = item.span();
        let DeValue::Table(t) = item.get_ref() else {
            out.unparsed.push(Unparsed {
                location,
                reason: "not a reply: expected a table".into(),
            });
            continue;
        };
        let field = |k: &str| match t.get(k).map(|v| (v.get_ref(), v.span())) {
            Some((DeValue::String(s), span)) => Some((s.to_string(), span)),
            _ => None,
        };
        let Some((value, span)) = field("text") else {
            out.unparsed.push(Unparsed {
                location,
                reason: "not a reply: no `text` string".into(),
            });
            continue;
        };
        let (body, map) = string_map(text, span, &value);
        let location = match &map {
            None => body.start..body.start + value.len(),
            Some(_) => body,
        };
        let shortcut = field("shortcut").map(|s| s.0);
        let id = match (field("group").map(|s| s.0), &shortcut) {
            (Some(g), Some(s)) => format!("{g}/{s}"),
            (Some(x), None) => x,
            (None, Some(s)) => s.clone(),
            (None, None) => format!("{path}#{}", n + 1),
        };
        let turn = Turn {
            map,
            ..Turn::verbatim("", None, "", 0..0)
        };
        let turn = Turn {
            text: value,
            location,
            ..turn
        };
        let mut reply = canned(id, shortcut.as_deref().unwrap_or("canned"), turn);
        reply.markers = comments.get(n).cloned().unwrap_or_default();
        reply.markers.extend(toml_field_markers(t));
        out.conversations.push(reply);
    }
    Some(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_replies_keep_positions() {
        let src = "[[reply]]\ngroup = \"售后\"\nshortcut = \"/w\"\ntext = \"你等会儿，催什么催\"\n\n[[reply]]\ntext = '''\n喂，说吧'''\n[[reply]]\ntext = \"a\\t催什么催\"\n";
        let t = parse_canned_toml(src, "r.toml").unwrap().unwrap();
        assert_eq!(t.conversations.len(), 3);
        let c = &t.conversations[0];
        assert!(c.canned);
        assert_eq!(c.id, "售后//w");
        assert_eq!(c.turns[0].role, Role::Agent);
        assert_eq!(&src[c.turns[0].location.clone()], "你等会儿，催什么催");
        assert_eq!(
            &src[t.conversations[1].turns[0].location.clone()],
            "喂，说吧"
        );
        let escaped = &t.conversations[2].turns[0];
        assert_eq!(escaped.text, "a\t催什么催");
        assert_eq!(&src[escaped.file_span(2..5)], "a\\t催什么催");
        assert!(parse_canned_toml("[pack]\nname='x'\n", "p.toml").is_none());
        assert!(
            parse_canned_toml("[[reply]]\ntext = \n", "p.toml")
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn text_lines() {
        let t = parse_canned_lines("# 售后\n请您稍等\n\n  催什么催  \n#活动# 满减\n", "r.txt");
        let texts: Vec<&str> = t
            .conversations
            .iter()
            .map(|c| c.turns[0].text.as_str())
            .collect();
        assert_eq!(texts, ["请您稍等", "催什么催", "#活动# 满减"]);
        assert_eq!(t.conversations[1].id, "r.txt:4");
    }
}
