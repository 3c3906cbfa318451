//! Personal-data rules: a message exposing a customer's mobile number, ID number, bank
//! card, e-mail or home address.

use super::{Context, Linter, rule_finding};
use crate::finding::Finding;
use crate::personal::{self, DataKind, Strictness};
use crate::transcript::Role;
use std::collections::HashSet;

pub(super) fn check(linter: &Linter, cx: &Context<'_>, out: &mut Vec<Finding>) {
    if linter.personal.is_empty() {
        return;
    }
    // What the customer gave in this conversation: an agent reading it back to confirm it
    // exposes nothing the customer did not already say. Another customer's number, or one
    // the customer never gave, is a finding.
    let mut given: HashSet<(DataKind, String)> = HashSet::new();
    for (i, turn) in cx.conversation.turns.iter().enumerate() {
        let applies = linter
            .personal
            .iter()
            .any(|&r| linter.rules[r].applies_to(turn.role));
        if !(applies || turn.role == Role::Customer) || !personal::may_hold(&turn.text) {
            continue;
        }
        let data = personal::find_in(&cx.folded(i), Strictness::Finding);
        for &r in &linter.personal {
            let rule = &linter.rules[r];
            if !rule.applies_to(turn.role) {
                continue;
            }
            let kind = rule.check.personal_data();
            for datum in &data {
                if Some(datum.kind) != kind || given.contains(&(datum.kind, datum.value.clone())) {
                    continue;
                }
                let finding = cx.place(i).finding(
                    turn.file_span(datum.span.clone()),
                    turn.text.get(datum.span.clone()),
                );
                out.push(rule_finding(rule, None, finding));
            }
        }
        if turn.role == Role::Customer {
            given.extend(data.into_iter().map(|d| (d.kind, d.value)));
        }
    }
}
