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
        if negated(&rule.not_after, &turn.text[..hit.span.start]) {
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

/// Whether a word of `not_after` occurs in the clause that leads up to a match (`before`
/// is the message up to the match; the clause starts after the last sentence or clause
/// mark).
pub(super) fn negated(not_after: &[String], before: &str) -> bool {
    if not_after.is_empty() {
        return false;
    }
    let clause = before
        .rfind(['，', '。', '！', '？', '；', ',', '.', '!', '?', ';', '\n'])
        .map_or(before, |at| &before[at..]);
    let clause = crate::normalize::compact(clause);
    not_after.iter().any(|w| clause.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_negation_earlier_in_the_clause() {
        let words = vec!["不支持".to_owned(), "请不要".to_owned()];
        assert!(super::negated(&words, "抱歉亲，我们不支持"));
        assert!(super::negated(&words, "请 不 要"));
        assert!(!super::negated(&words, "我们不支持退款，"));
        assert!(!super::negated(&[], "不支持"));
    }
}
