//! Findings about the run rather than about what was said: how an input was read
//! (`input.*`) and what could not be checked (`timing.skipped`). They are no pack's rules,
//! but listings, SARIF's rule table and selection know them like rules.

use super::Severity;
use crate::transcript::IssueKind;

/// A finding kind of replylint's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetaRule {
    pub id: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    pub help: &'static str,
}

/// A line that is part of no turn.
pub const UNPARSED: MetaRule = MetaRule {
    id: "input.unparsed",
    severity: Severity::Info,
    description: "a line that is part of no turn: it was not checked",
    help: "check the export format; this line was not checked",
};

/// Timing rules that could not run for want of timestamps.
pub const TIMING_SKIPPED: MetaRule = MetaRule {
    id: "timing.skipped",
    severity: Severity::Info,
    description: "timing rules skipped: not every turn has a timestamp",
    help: "export the transcript with message times to check response times",
};

/// Every meta rule, `input.*` first.
pub fn all() -> Vec<MetaRule> {
    let mut all = vec![UNPARSED];
    all.extend(IssueKind::ALL.map(|kind| MetaRule {
        id: kind.rule(),
        severity: kind.severity(),
        description: kind.description(),
        help: kind.help(),
    }));
    all.push(TIMING_SKIPPED);
    all
}
