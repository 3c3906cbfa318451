//! A customer turn that calls for a particular answer: the next agent turns must give it.

use super::{Context, contains_any};
use crate::finding::Finding;
use crate::rules::{ResponseCheck, Rule};
use crate::transcript::Role;

pub(super) fn check(cx: &Context<'_>, rule: &Rule, r: &ResponseCheck, out: &mut Vec<Finding>) {
    let turns = &cx.conversation.turns;
    // Several triggers before one reply are answered by that reply: report it once.
    let mut reported_reply = None;
    for (i, turn) in turns.iter().enumerate() {
        if !r.trigger_roles.contains(&turn.role) || !triggered(cx, r, i) {
            continue;
        }
        let replies: Vec<usize> = (i + 1..turns.len())
            .filter(|&j| turns[j].role == Role::Agent)
            .take(r.within_turns)
            .collect();
        let Some(&reply) = replies.first() else {
            continue;
        };
        if let Some(&bad) = replies
            .iter()
            .find(|&&j| contains_any(cx.compact(j), &r.must_not_contain))
        {
            let mut f = cx.turn_finding(bad, rule, Some("says what must not be said here".into()));
            f.related = Some(
                cx.place(i)
                    .related(turn.location.clone(), "in reply to this"),
            );
            out.push(f);
            continue;
        }
        let answered = r.must_contain.is_empty()
            || replies
                .iter()
                .any(|&j| contains_any(cx.compact(j), &r.must_contain));
        if !answered && reported_reply != Some(reply) {
            reported_reply = Some(reply);
            let shown: Vec<&str> = r.must_contain.iter().take(3).map(String::as_str).collect();
            let more = if r.must_contain.len() > 3 { " …" } else { "" };
            let detail = format!("expected one of: {}{more}", shown.join(" / "));
            let mut f = cx.turn_finding(reply, rule, Some(detail));
            f.related = Some(
                cx.place(i)
                    .related(turn.location.clone(), "calls for the expected phrase"),
            );
            out.push(f);
        }
    }
}

fn triggered(cx: &Context<'_>, r: &ResponseCheck, turn: usize) -> bool {
    contains_any(cx.compact(turn), &r.trigger)
        || r.trigger_regex
            .iter()
            .any(|re| re.is_match(&cx.normalized[turn].folded.text))
}
