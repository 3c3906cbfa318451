//! Counts over a conversation's agent turns, e.g. "少用'我'字，多使用'您'或者'咱们'".

use super::{Context, sample};
use crate::finding::Finding;
use crate::rules::{MetricCheck, PhraseSet, Rule};

pub(super) fn check(cx: &Context<'_>, rule: &Rule, m: &MetricCheck, out: &mut Vec<Finding>) {
    let agent = cx.agent_turns();
    let occurrences = |turn: usize, phrases: &PhraseSet| cx.count(turn, phrases) as usize;
    let counts: Vec<usize> = agent.iter().map(|&t| occurrences(t, &m.count)).collect();
    let count: usize = counts.iter().sum();
    let per: usize = agent.iter().map(|&t| occurrences(t, &m.per)).sum();
    if count < m.min_count.max(1) || (count as f64) <= m.max_ratio * per as f64 {
        return;
    }
    // Point at the agent turn that contributes most.
    let Some((worst, _)) = agent.iter().zip(&counts).max_by_key(|(_, c)| **c) else {
        return;
    };
    let detail = format!(
        "{} ×{count} against {} ×{per} in the agent's turns; at most {}× allowed",
        sample(&m.count, "/"),
        sample(&m.per, "/"),
        m.max_ratio
    );
    out.push(cx.turn_finding(*worst, rule, Some(detail)));
}
