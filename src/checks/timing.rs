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

/// A customer question: a question mark, or a sentence-final question particle.
fn is_question(folded: &str) -> bool {
    let trimmed = folded.trim_end_matches(|c: char| c.is_whitespace() || "。.!~".contains(c));
    folded.contains('?') || trimmed.ends_with('吗') || trimmed.ends_with('呢')
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
