//! Phrase rules: forbidden words and patterns in a single message.

use super::{Context, Linter, rule_finding};
use crate::finding::Finding;

pub(super) fn check(linter: &Linter, cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, hit) in cx.hits {
        let turn = &cx.conversation.turns[*i];
        let rule = &linter.rules[hit.rule];
        if !rule.applies_to(turn.role) {
            continue;
        }
        let finding = cx.place(*i).finding(
            turn.file_span(hit.span.clone()),
            turn.text.get(hit.span.clone()),
        );
        out.push(rule_finding(rule, None, finding));
    }
}
