//! Speakers whose role could not be decided. Guessing would be worse than saying so: a
//! customer checked as an agent fills the report with the customer's words, an agent checked
//! as a customer hides every slip. So a conversation without an identified agent is reported
//! once and agent rules do not run on it, and a speaker left unknown beside an agent is
//! reported once per conversation.

use super::Context;
use crate::finding::{Finding, Place};
use crate::rules::Severity;
use crate::transcript::Role;

/// Speakers named in a message at most.
const NAMED: usize = 5;

const HELP: &str = "name the agents with --agent REGEX (or --customer), or with [roles] agent = [\"…\"] in replylint.toml; `replylint inspect FILE` shows every speaker's role and why";

/// Report unresolved speakers; `false` when the conversation has no agent, so that the
/// rules about what an agent says and does are not run on it.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) -> bool {
    let turns = &cx.conversation.turns;
    let Some(first) = turns.iter().position(|t| t.role != Role::System) else {
        return false;
    };
    let mut speakers: Vec<(&str, Role, usize)> = Vec::new();
    for (i, turn) in turns.iter().enumerate() {
        if turn.role != Role::System && !speakers.iter().any(|(s, _, _)| *s == turn.speaker) {
            speakers.push((&turn.speaker, turn.role, i));
        }
    }
    let shown = |s: &str| {
        if s.trim().is_empty() {
            "(no speaker)".to_owned()
        } else {
            format!("`{s}`")
        }
    };
    if !speakers.iter().any(|(_, r, _)| *r == Role::Agent) {
        let mut names: Vec<String> = speakers
            .iter()
            .take(NAMED)
            .map(|(s, r, _)| format!("{} ({r})", shown(s)))
            .collect();
        if speakers.len() > NAMED {
            names.push(format!("and {} more", speakers.len() - NAMED));
        }
        let place = Place {
            speaker: None,
            role: None,
            ..cx.place(first)
        };
        out.push(Finding {
            rule: "input.no-agent".into(),
            severity: Severity::Warning,
            message: format!(
                "no agent identified among the speakers {}: agent rules were not run on this conversation",
                names.join(", ")
            ),
            help: Some(HELP.into()),
            ..place.finding(turns[first].location.clone(), None)
        });
        return false;
    }
    for (speaker, _, at) in speakers.iter().filter(|(_, r, _)| *r == Role::Unknown) {
        out.push(Finding {
            rule: "input.unknown-speaker".into(),
            severity: Severity::Warning,
            message: format!(
                "the role of {} could not be decided: its turns are checked as neither agent nor customer",
                shown(speaker)
            ),
            help: Some(HELP.into()),
            ..cx.place(*at).finding(turns[*at].location.clone(), None)
        });
    }
    true
}
