//! Opening and closing: what the first or last agent turns must (not) say.

use super::{Context, rule_finding, sample};
use crate::finding::Finding;
use crate::rules::{End, PositionCheck, Rule};

pub(super) fn check(cx: &Context<'_>, rule: &Rule, p: &PositionCheck, out: &mut Vec<Finding>) {
    // A conversation cut for its length has its opening in the first part and its closing
    // in the last: a cut is neither (`input.conversation-cut` says where it is).
    let cut = match p.end {
        End::First => cx.conversation.went_on,
        End::Last => cx.conversation.goes_on,
    };
    if cut {
        return;
    }
    let agent = cx.agent_turns();
    let Some((&first, &last)) = agent.first().zip(agent.last()) else {
        return;
    };
    // The window never reaches the other end of a conversation with more than one agent
    // turn: a greeting's "thanks for contacting us" is no closing of a two-turn chat, and a
    // closing's 您好 no opening.
    let reach = p.turns.min(agent.len().saturating_sub(1).max(1));
    let (anchor, window): (usize, Vec<usize>) = match p.end {
        End::First => (first, agent.iter().copied().take(reach).collect()),
        End::Last => (last, agent.iter().rev().copied().take(reach).collect()),
    };
    if let Some(prefix) = p
        .must_not_start_with
        .iter()
        .find(|pre| cx.compact(anchor).text.starts_with(pre.as_str()))
    {
        let turn = &cx.conversation.turns[anchor];
        let span = cx.compact(anchor).original(0..prefix.len());
        let matched = turn.text.get(span.clone());
        let finding = cx.place(anchor).finding(turn.file_span(span), matched);
        out.push(rule_finding(rule, None, finding));
        return;
    }
    let says = |t: usize| {
        cx.contains(t, &p.must_contain)
            || p.must_contain_regex
                .iter()
                .any(|re| re.is_match(&cx.folded(t).text))
    };
    let checks_any = !p.must_contain.is_empty() || !p.must_contain_regex.is_empty();
    if checks_any && !window.iter().any(|&t| says(t)) {
        let which = match p.end {
            End::First => "the opening",
            End::Last => "the closing",
        };
        let detail = format!("{which} has none of: {}", sample(&p.must_contain, " / "));
        out.push(cx.turn_finding(anchor, rule, Some(detail)));
    }
}
