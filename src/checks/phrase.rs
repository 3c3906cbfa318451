//! Phrase rules: forbidden words and patterns in a single message.

use super::Linter;
use crate::finding::{Finding, Place};
use crate::normalize::{Normalized, normalize_into};
use crate::source::SourceFile;
use crate::transcript::Conversation;

pub(super) fn check(
    linter: &Linter,
    file: &SourceFile,
    path: &str,
    conversation: &Conversation,
    out: &mut Vec<Finding>,
) {
    let mut normalized = Normalized::default();
    for turn in &conversation.turns {
        if !linter.rules.iter().any(|r| r.applies_to(turn.role)) {
            continue;
        }
        normalize_into(&turn.text, &mut normalized);
        let place = Place {
            file,
            path,
            conversation: Some(&conversation.id),
            speaker: Some(&turn.speaker),
            role: Some(turn.role),
        };
        for hit in linter.matcher.find(&turn.text, &normalized) {
            let rule = &linter.rules[hit.rule];
            if !rule.applies_to(turn.role) {
                continue;
            }
            let span = turn.location.start + hit.span.start..turn.location.start + hit.span.end;
            out.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                message: rule.message.clone(),
                help: rule.help.clone(),
                replacement: rule.replacement.clone(),
                weight: rule.weight,
                ..place.finding(span, true)
            });
        }
    }
}
