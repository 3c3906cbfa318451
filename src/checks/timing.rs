//! Response times, from the turns' timestamps.

use super::Context;
use crate::finding::Finding;
use crate::rules::{Rule, TimingCheck, TimingKind};
use crate::transcript::Role;

/// Returns `false` when the conversation lacks the timestamps to check.
pub(super) fn check(
    cx: &Context<'_>,
    rule: &Rule,
    t: &TimingCheck,
    out: &mut Vec<Finding>,
) -> bool {
    let turns = &cx.conversation.turns;
    // Only what the two parties said is timed; a platform note may carry no time.
    if turns
        .iter()
        .any(|turn| turn.time.is_none() && matches!(turn.role, Role::Agent | Role::Customer))
    {
        return false;
    }
    let time = |i: usize| turns[i].time.map_or(0, |t| t.0);
    let is = |i: usize, role| turns[i].role == role;
    let late = |delay: i64| delay > t.max_seconds;
    match t.kind {
        TimingKind::FirstResponse => {
            let Some(asked) = (0..turns.len()).find(|&i| is(i, Role::Customer)) else {
                return true;
            };
            if let Some(reply) = (asked + 1..turns.len()).find(|&i| is(i, Role::Agent)) {
                let delay = time(reply) - time(asked);
                if late(delay) {
                    out.push(cx.turn_finding(reply, rule, Some(delay_note(delay, t.max_seconds))));
                }
            }
        }
        TimingKind::Reply => {
            // The first reply is the first-response rule's business.
            let mut waiting_since = None;
            let mut first = true;
            for i in 0..turns.len() {
                if is(i, Role::Customer) {
                    waiting_since.get_or_insert(i);
                } else if is(i, Role::Agent) {
                    if let Some(asked) = waiting_since.take() {
                        let delay = time(i) - time(asked);
                        if late(delay) && !first {
                            out.push(cx.turn_finding(
                                i,
                                rule,
                                Some(delay_note(delay, t.max_seconds)),
                            ));
                        }
                    }
                    first = false;
                }
            }
        }
        TimingKind::Unanswered => {
            let end = turns.len().saturating_sub(1);
            for i in 0..turns.len() {
                if !is(i, Role::Customer) {
                    continue;
                }
                let reply = (i + 1..turns.len()).find(|&j| is(j, Role::Agent));
                let (waited, note) = match reply {
                    Some(j) => (time(j) - time(i), "answered after"),
                    None => (time(end) - time(i), "still unanswered after"),
                };
                // Late first, since that is rare: only then is the turn folded to see
                // whether it asked something.
                if late(waited) && is_question(&cx.folded(i).text) {
                    let detail = format!(
                        "{note} {}; the norm is {}",
                        duration(waited),
                        duration(t.max_seconds)
                    );
                    out.push(cx.turn_finding(i, rule, Some(detail)));
                }
            }
        }
    }
    true
}

/// A customer question: a question mark that is not a web address's, or a sentence-final
/// question particle, also when punctuation, an emoji or the shop-talk address 亲 follows
/// it (`能退吗😅`, `是正品吗亲`).
fn is_question(folded: &str) -> bool {
    let asks = folded
        .match_indices('?')
        .any(|(at, _)| !starts_a_query(folded, at));
    let trimmed = folded
        .trim_end_matches(crate::normalize::is_ignorable)
        .trim_end_matches('亲')
        .trim_end_matches(crate::normalize::is_ignorable);
    asks || trimmed.ends_with('吗') || trimmed.ends_with('呢')
}

/// Whether the `?` at `at` starts the query of a web address (`https://x.cn/a?utm=1`,
/// `m.tb.cn/h.5?sm=2`), which a shared link or a broadcast is full of: the characters
/// before it spell an address, and an address character follows it. A `?` that ends the
/// address (`打开 https://x.cn/a?`, `https://x.cn?谢谢`) still asks.
fn starts_a_query(text: &str, at: usize) -> bool {
    let (before, after) = (&text[..at], &text[at + 1..]);
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_address_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    after.chars().next().is_some_and(is_address_char) && is_address(&before[start..])
}

/// The characters of a web address (RFC 3986's unreserved and reserved ones, and `%`).
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Whether `token` (address characters) starts like a web address: a scheme (`https://`),
/// `www.`, or a domain name followed by a path (`m.tb.cn/h.5`).
fn is_address(token: &str) -> bool {
    if let Some((scheme, _)) = token.split_once("://") {
        // The scheme is the letters right before `://` (a token may start with other text).
        return scheme.ends_with(|c: char| c.is_ascii_alphabetic());
    }
    if token.starts_with("www.") {
        return true;
    }
    let host = token.split('/').next().unwrap_or_default();
    token.len() > host.len()
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn delay_note(delay: i64, limit: i64) -> String {
    format!(
        "replied after {}; the limit is {}",
        duration(delay),
        duration(limit)
    )
}

/// `4 min 30 s`, `26 h`, `45 s`.
pub(crate) fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 3600 {
        let (h, m) = (secs / 3600, secs / 60 % 60);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else if secs >= 60 {
        let (m, s) = (secs / 60, secs % 60);
        if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        }
    } else {
        format!("{secs} s")
    }
}

#[cfg(test)]
mod tests {
    use super::is_question;

    #[test]
    fn a_question_mark_inside_a_web_address_asks_nothing() {
        for text in [
            "https://example.com/covid-19?utm_source=x",
            "最新通知：https://example.com/covid-19?utm_source=x 请查看",
            "活动链接https://example.com/a?b=1&c=2",
            "www.example.com/page?id=3",
            "复制打开 m.tb.cn/h.5xyz?sm=2a 看看",
            "好的。",
            "好的亲😊",
            "谢谢亲",
        ] {
            assert!(!is_question(text), "{text}");
        }
    }

    #[test]
    fn a_question_mark_ending_a_sentence_still_asks() {
        for text in [
            "发票什么时候能开?",
            "这个链接 https://example.com/a?utm=1 打不开是为什么?",
            "是这个吗 https://example.com/a?",
            "https://example.com/a?怎么打不开",
            "能便宜点?谢谢",
            "v1.2?",
            "在吗",
            "到哪了呢。",
            "这个能退吗😅",
            "能退吗。。",
            "是正品吗亲",
            "发了吗 亲亲~",
        ] {
            assert!(is_question(text), "{text}");
        }
    }
}
