//! Phrase rules: forbidden words and patterns in a single message.

use super::{Context, Linter, rule_finding};
use crate::finding::Finding;
use std::cmp::Reverse;

pub(super) fn check(linter: &Linter, cx: &Context<'_>, out: &mut Vec<Finding>) {
    // A rule's phrase and its regex can both match the same words (`喂，说吧` and a bare
    // `喂` at the start): one finding per place, the longest, is what a reviewer wants.
    let mut hits: Vec<_> = cx.hits.iter().collect();
    hits.sort_by_key(|(i, h)| (*i, h.span.start, Reverse(h.span.end)));
    let mut kept: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
    for (i, hit) in hits {
        let turn = &cx.conversation.turns[*i];
        let rule = &linter.rules[hit.rule];
        // A bonus rule's phrase is a good thing said: no finding outside a grade.
        if !rule.applies_to(turn.role) || (rule.scoring.bonus > 0 && !linter.grading) {
            continue;
        }
        if kept.last().is_some_and(|(t, _, _)| t != i) {
            kept.clear();
        }
        let overlaps = kept
            .iter()
            .any(|(_, r, s)| *r == hit.rule && s.start < hit.span.end && hit.span.start < s.end);
        if overlaps {
            continue;
        }
        kept.push((*i, hit.rule, hit.span.clone()));
        let finding = cx.place(*i).finding(
            turn.file_span(hit.span.clone()),
            turn.text.get(hit.span.clone()),
        );
        out.push(rule_finding(rule, None, finding));
    }
}
