//! A customer turn that calls for a particular answer: the next agent turns must give it.

use super::{Context, sample};
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
        let start = if r.same_turn { i } else { i + 1 };
        let elapsed = |j: usize| match (turn.time, turns[j].time) {
            (Some(a), Some(b)) => Some(b.0 - a.0),
            _ => None,
        };
        let replies: Vec<usize> = (start..turns.len())
            .filter(|&j| turns[j].role == Role::Agent)
            .take(r.within_turns)
            .filter(|&j| match (r.within_seconds, elapsed(j)) {
                (Some(limit), Some(e)) => e <= limit,
                _ => true,
            })
            .collect();
        let Some(&reply) = replies.first() else {
            continue;
        };
        if let Some(gap) = r.after_seconds {
            // Without timestamps the gap is unknown: do not guess.
            if reply == i || elapsed(reply).is_none_or(|e| e <= gap) {
                continue;
            }
        }
        if let Some(&bad) = replies
            .iter()
            .find(|&&j| cx.contains(j, &r.must_not_contain))
        {
            let mut f = cx.turn_finding(bad, rule, Some("says what must not be said here".into()));
            if bad != i {
                f.related = Some(
                    cx.place(i)
                        .related(turn.location.clone(), "in reply to this"),
                );
            }
            out.push(f);
            continue;
        }
        let answered =
            r.must_contain.is_empty() || replies.iter().any(|&j| cx.contains(j, &r.must_contain));
        if !answered && reported_reply != Some(reply) {
            reported_reply = Some(reply);
            let detail = format!("expected one of: {}", sample(&r.must_contain, " / "));
            let mut f = cx.turn_finding(reply, rule, Some(detail));
            if reply != i {
                f.related = Some(
                    cx.place(i)
                        .related(turn.location.clone(), "calls for the expected phrase"),
                );
            }
            out.push(f);
        }
    }
}

fn triggered(cx: &Context<'_>, r: &ResponseCheck, turn: usize) -> bool {
    (cx.contains(turn, &r.trigger)
        || r.trigger_regex
            .iter()
            .any(|re| re.is_match(&cx.folded(turn).text)))
        && !cx.contains(turn, &r.trigger_except)
}
